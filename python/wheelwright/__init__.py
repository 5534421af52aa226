"""wheelwright as a PEP 517 / PEP 660 build backend.

A project that says

    [build-system]
    requires = ["wheelwright"]
    build-backend = "wheelwright"

is built by the wheelwright program: each hook runs it in a fresh process
for the interpreter that runs the hook (``-i sys.executable``). See
``_backend`` for how the program is found and how ``config_settings`` map to
its options. Pure Python, no dependencies, Python 3.7 or newer.
"""

from ._backend import (
    WheelwrightError,
    build_editable,
    build_sdist,
    build_wheel,
    get_requires_for_build_editable,
    get_requires_for_build_sdist,
    get_requires_for_build_wheel,
    prepare_metadata_for_build_editable,
    prepare_metadata_for_build_wheel,
)

__version__ = "0.1.0"

__all__ = [
    "WheelwrightError",
    "build_editable",
    "build_sdist",
    "build_wheel",
    "get_requires_for_build_editable",
    "get_requires_for_build_sdist",
    "get_requires_for_build_wheel",
    "prepare_metadata_for_build_editable",
    "prepare_metadata_for_build_wheel",
]
