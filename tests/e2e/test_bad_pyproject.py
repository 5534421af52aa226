"""Malformed pyproject.toml files: exit 2 and one exact, located message.

Each tests/fixtures/bad-pyproject/NN-name.toml is copied to a fresh folder
as pyproject.toml (with the files of NN-name.files/, if any, beside it),
and `wheelwright internal metadata .` must exit 2 with NN-name.err as its
whole stderr. `wheelwright build` reads the project the same way before
anything else, which a sample of the cases checks.
"""
import os
import shutil

import pytest

from conftest import FIXTURES, ww

BAD = os.path.join(FIXTURES, "bad-pyproject")
CASES = sorted(f[:-5] for f in os.listdir(BAD) if f.endswith(".toml"))


def project(name, tmp):
    work = tmp / name
    extra = os.path.join(BAD, name + ".files")
    if os.path.isdir(extra):
        shutil.copytree(extra, work)
    else:
        work.mkdir()
    shutil.copy(os.path.join(BAD, name + ".toml"), work / "pyproject.toml")
    return work


def expected(name):
    with open(os.path.join(BAD, name + ".err"), encoding="utf-8") as f:
        return f.read()


def test_enough_cases():
    assert len(CASES) >= 30
    for name in CASES:
        assert os.path.exists(os.path.join(BAD, name + ".err")), name


@pytest.mark.parametrize("name", CASES)
def test_metadata_error(name, tmp):
    work = project(name, tmp)
    proc = ww("internal", "metadata", ".", cwd=work)
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == ""
    assert proc.stderr == expected(name)


@pytest.mark.parametrize("name", [c for c in CASES if int(c[:2]) % 5 == 1])
def test_build_error(name, tmp):
    """build stops at the same message, before compiling anything."""
    work = project(name, tmp)
    proc = ww("build", ".", "-o", tmp / "dist", cwd=work)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr == expected(name)
    assert not (tmp / "dist").exists()


def test_path_in_messages(tmp):
    """From elsewhere the file is named as given on the command line."""
    work = project("10-version-invalid", tmp)
    proc = ww("internal", "metadata", work)
    assert proc.returncode == 2
    assert proc.stderr == expected("10-version-invalid").replace(
        "wheelwright: pyproject.toml:", "wheelwright: %s/pyproject.toml:" % work)
