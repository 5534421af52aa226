"""Shared helpers for the end-to-end tests.

The binary under test is $WHEELWRIGHT (tests/run sets it to the release or
the ASan build); by default ./wheelwright at the top of the tree.
"""
import glob
import os
import shutil
import subprocess

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REF = os.path.join(os.path.dirname(ROOT), "shared", "ref")
# Real path: .cache may be a link to a per-user folder, and wheelwright
# reports the places it finds (sysroots, headers) by their real paths.
CACHE = os.path.realpath(os.path.join(ROOT, ".cache"))
FIXTURES = os.path.join(ROOT, "tests", "fixtures")


def wheelwright_path():
    return os.environ.get("WHEELWRIGHT") or os.path.join(ROOT, "wheelwright")


def ww(*args, input=None, cwd=None, env=None, timeout=600, check=None):
    """Runs wheelwright; returns the CompletedProcess (text mode).
    check=N asserts the exit status is N and shows the output if not."""
    full_env = dict(os.environ)
    if env:
        full_env.update(env)
    proc = subprocess.run([wheelwright_path()] + [str(a) for a in args],
                          input=input, cwd=cwd, env=full_env, timeout=timeout,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=not isinstance(input, bytes))
    if check is not None:
        assert proc.returncode == check, (
            "exit %d (wanted %d)\nstdout:\n%s\nstderr:\n%s"
            % (proc.returncode, check, proc.stdout, proc.stderr))
    return proc


def pyenv_pythons():
    """The pyenv CPythons of this machine: {"3.11": path, ...}."""
    root = os.environ.get("PYENV_ROOT") or os.path.expanduser("~/.pyenv")
    found = {}
    for exe in sorted(glob.glob(os.path.join(root, "versions", "*", "bin", "python3"))):
        ver = subprocess.run([exe, "-c", "import sys;print('%d.%d'%sys.version_info[:2])"],
                             stdout=subprocess.PIPE, text=True).stdout.strip()
        if ver:
            found.setdefault(ver, exe)
    return found


def have(program):
    return shutil.which(program) is not None


@pytest.fixture
def tmp(tmp_path):
    return tmp_path


def copy_example(name, dest):
    """A fresh copy of examples/NAME at dest (without build outputs); returns dest."""
    src = os.path.join(ROOT, "examples", name)
    shutil.copytree(src, str(dest), ignore=shutil.ignore_patterns(
        "build", "dist", "__pycache__", "*.so"))
    return dest


@pytest.fixture(scope="session")
def self_dist(tmp_path_factory):
    """wheelwright's own sdist and wheel (what `make dist` makes), made once
    per session into a temporary folder, for frontends to install the backend
    from (pip --find-links)."""
    if not os.path.exists(os.path.join(ROOT, "wheelwright")):
        pytest.skip("no ./wheelwright at the top of the tree (run make)")
    out = tmp_path_factory.mktemp("dist")
    ww("sdist", ROOT, "-o", out, check=0)
    ww("build", ROOT, "-o", out, check=0)
    return out
