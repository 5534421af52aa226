"""The PEP 517 and PEP 660 hooks: each runs the wheelwright program.

The program is, in this order:

1. the one installed with this package (the wheel's
   ``wheelwright-<version>.data/scripts/wheelwright``, found through the
   installed RECORD, so it is found in pip's isolated build environments
   too);
2. ``$WHEELWRIGHT``;
3. ``wheelwright`` on ``PATH``.

``config_settings`` (``pip -C key=value``, ``python -m build -C key=value``)
map to options of the program:

=====================  ==========================================
``abi3=3.9``           ``--abi3 3.9``
``jobs=4``             ``-j 4``
``debug=true|false``   ``--debug`` / ``--release``
``editable-rebuild``   ``=false``: ``--no-rebuild`` (editable installs)
``compatibility=TAG``  ``--compatibility TAG`` (``manylinux_2_17_x86_64``,
                       ``manylinux2014``; ``linux``: keep linux_<arch>)
=====================  ==========================================

Keys may be written with a leading ``--``; a key given several times takes
its last value. An unknown key is an error.

The program's standard output (progress) is passed on; its standard error
too, and when it fails, its message is raised as ``WheelwrightError`` (a
``SystemExit``, so an uncaught failure prints just that message and exits
with status 1).
"""

import csv
import glob
import os
import shutil
import subprocess
import sys
import threading

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

# Set by an in-tree backend that has just built the program (see
# wheelwright_bootstrap); None: look it up as the module docstring says.
_program = None


class WheelwrightError(SystemExit):
    """The wheelwright program failed, or could not be found or run."""


def _set_program(path):
    global _program
    _program = path


def _installed_program():
    """The script this package was installed with, found via its RECORD."""
    site = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    for record in sorted(glob.glob(os.path.join(site, "wheelwright-*.dist-info", "RECORD"))):
        try:
            with open(record, newline="") as f:
                rows = list(csv.reader(f))
        except OSError:
            continue
        for row in rows:
            if not row or "/" not in row[0].replace("\\", "/"):
                continue
            parts = row[0].replace("\\", "/").split("/")
            if parts[-1] in ("wheelwright", "wheelwright.exe") and ".." in parts:
                path = os.path.normpath(os.path.join(site, row[0]))
                if os.path.isfile(path) and os.access(path, os.X_OK):
                    return path
    return None


def find_program():
    """The wheelwright program to run, or raises WheelwrightError."""
    if _program:
        return _program
    found = _installed_program()
    if found:
        return found
    env = os.environ.get("WHEELWRIGHT")
    if env:
        if os.path.isfile(env) and os.access(env, os.X_OK):
            return env
        raise WheelwrightError("wheelwright: error: $WHEELWRIGHT is '%s', which is not "
                               "an executable file" % env)
    found = shutil.which("wheelwright")
    if found:
        return found
    raise WheelwrightError("wheelwright: error: cannot find the wheelwright program: it is "
                           "not installed with the 'wheelwright' package, $WHEELWRIGHT "
                           "is not set and it is not on PATH")


def _settings(config_settings):
    """config_settings as {key: last value}, keys without leading dashes."""
    out = {}
    for key, value in (config_settings or {}).items():
        if isinstance(value, (list, tuple)):
            value = value[-1] if value else ""
        out[key.lstrip("-")] = "" if value is None else str(value)
    return out


_TRUE = ("1", "true", "yes", "on", "")
_FALSE = ("0", "false", "no", "off")


def _flag(key, value):
    v = value.strip().lower()
    if v in _TRUE:
        return True
    if v in _FALSE:
        return False
    raise WheelwrightError("wheelwright: error: config setting '%s' must be true or false, "
                           "not '%s'" % (key, value))


def _options(config_settings, editable=False):
    """The program options for config_settings."""
    opts = []
    for key, value in sorted(_settings(config_settings).items()):
        if key == "abi3":
            opts += ["--abi3", value]
        elif key in ("jobs", "j"):
            opts += ["-j", value]
        elif key == "debug":
            opts.append("--debug" if _flag(key, value) else "--release")
        elif key == "editable-rebuild":
            if editable and not _flag(key, value):
                opts.append("--no-rebuild")
        elif key == "compatibility":
            if not editable:    # an editable wheel stays on this machine
                opts += ["--compatibility", value]
        else:
            raise WheelwrightError(
                "wheelwright: error: unknown config setting '%s'\n"
                "hint: the settings are abi3, jobs, debug, editable-rebuild and "
                "compatibility" % key)
    return opts


def _run(args):
    """Runs the program, passing its standard output on line by line as it
    comes (a frontend that shows hook output shows progress live); its
    standard error is gathered on a thread and passed on at the end, or
    raised as the error when it fails. Returns the standard output."""
    cmd = [find_program()] + args
    try:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                universal_newlines=True)
    except OSError as e:
        raise WheelwrightError("wheelwright: error: cannot run '%s': %s" % (cmd[0], e))
    errors = []
    reader = threading.Thread(target=lambda: errors.append(proc.stderr.read()))
    reader.start()
    out = []
    for line in proc.stdout:
        out.append(line)
        sys.stdout.write(line)
        sys.stdout.flush()
    reader.join()
    proc.stdout.close()
    proc.stderr.close()
    proc.wait()
    err = "".join(errors)
    if proc.returncode != 0:
        raise WheelwrightError(err.rstrip("\n") or
                               "wheelwright: error: '%s' failed with exit status %d"
                               % (" ".join(cmd), proc.returncode))
    sys.stderr.write(err)
    sys.stderr.flush()
    return "".join(out)


def _written(stdout, suffix):
    """The file names of the "wrote PATH" lines that end with suffix."""
    names = []
    for line in stdout.splitlines():
        if line.startswith("wrote ") and line.endswith(suffix):
            names.append(os.path.basename(line[len("wrote "):]))
    if not names:
        raise WheelwrightError("wheelwright: error: the program wrote no '%s' file" % suffix)
    return names


def _build(directory, config_settings, editable):
    opts = _options(config_settings, editable)
    args = ["build", ".", "-i", sys.executable, "-o", os.path.abspath(directory)] + opts
    if editable:
        args.append("--editable")
    return _written(_run(args), ".whl")[-1]


def _metadata(directory, config_settings):
    _options(config_settings)  # rejects unknown keys; none changes METADATA
    args = ["build", ".", "--metadata-only", "-i", sys.executable,
            "-o", os.path.abspath(directory)]
    return _written(_run(args), ".dist-info")[-1]


# PEP 517

def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    return _metadata(metadata_directory, config_settings)


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    return _build(wheel_directory, config_settings, editable=False)


def build_sdist(sdist_directory, config_settings=None):
    _options(config_settings)  # rejects unknown keys here too
    out = _run(["sdist", ".", "-o", os.path.abspath(sdist_directory)])
    return _written(out, ".tar.gz")[-1]


# PEP 660

def get_requires_for_build_editable(config_settings=None):
    return []


def prepare_metadata_for_build_editable(metadata_directory, config_settings=None):
    return _metadata(metadata_directory, config_settings)


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    return _build(wheel_directory, config_settings, editable=True)
