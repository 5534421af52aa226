"""The build backend of wheelwright itself (pyproject.toml at the top).

wheelwright is built by wheelwright, but from an sdist there is no program
yet: each hook first runs ``make`` at the top of the tree (a C compiler,
make and zlib are all it needs), then hands over to the real backend
(``wheelwright._backend``) with the program just built. Not shipped in the
wheel.
"""

import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "python"))

from wheelwright import _backend  # noqa: E402


def _make():
    jobs = str(max(1, min(os.cpu_count() or 1, 8)))
    cmd = ["make", "-C", ROOT, "-j", jobs, "wheelwright"]
    # make's output is progress: keep it off stdout, which frontends may parse.
    proc = subprocess.run(cmd, stdout=sys.stderr)
    if proc.returncode != 0:
        raise _backend.WheelwrightError(
            "wheelwright: error: building the wheelwright program with '%s' failed "
            "(exit status %d); it needs a C compiler, make and zlib's headers"
            % (" ".join(cmd), proc.returncode))
    _backend._set_program(os.path.join(ROOT, "wheelwright"))


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def get_requires_for_build_editable(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    _make()
    return _backend.prepare_metadata_for_build_wheel(metadata_directory, config_settings)


def prepare_metadata_for_build_editable(metadata_directory, config_settings=None):
    _make()
    return _backend.prepare_metadata_for_build_editable(metadata_directory, config_settings)


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    _make()
    return _backend.build_wheel(wheel_directory, config_settings, metadata_directory)


def build_sdist(sdist_directory, config_settings=None):
    _make()
    return _backend.build_sdist(sdist_directory, config_settings)


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    _make()
    return _backend.build_editable(wheel_directory, config_settings, metadata_directory)
