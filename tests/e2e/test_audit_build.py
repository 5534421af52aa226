"""`wheelwright build` audits its own output before writing a wheel: a Linux
wheel gets the most compatible tag its binaries allow (as `audit` reports
it), --compatibility picks one and is refused when the binaries do not meet
it, and a finding that would make the wheel fail to load fails the build."""
import json
import os
import subprocess
import zipfile

import pytest

from buildutil import copy_example, wheels_in
from conftest import pyenv_pythons, ww


def python312():
    pys = pyenv_pythons()
    if "3.12" not in pys:
        pytest.skip("needs a CPython 3.12 (pyenv)")
    return pys["3.12"]


@pytest.fixture
def hello(tmp):
    return copy_example("hello", tmp / "hello")


def edit(project, path, old, new):
    full = os.path.join(project, path)
    text = open(full).read()
    assert old in text
    open(full, "w").write(text.replace(old, new))


def add_c(project, code):
    with open(os.path.join(project, "src", "greet.c"), "a") as f:
        f.write(code)


def build(project, out, *extra, status=0):
    return ww("build", project, "-i", python312(), "-o", out, *extra, check=status)


def wheel_tags(whl):
    with zipfile.ZipFile(whl) as z:
        wheel = [n for n in z.namelist() if n.endswith(".dist-info/WHEEL")][0]
        return [line[5:] for line in z.read(wheel).decode().splitlines() if line.startswith("Tag: ")]


def test_linux_wheel_gets_the_best_policy(hello, tmp):
    out = tmp / "dist"
    build(hello, out)
    [whl] = wheels_in(out)
    rep = json.loads(ww("audit", "--json", whl, check=0).stdout)
    assert rep["findings"] == []
    plat = os.path.basename(whl)[:-4].split("-")[-1]
    assert plat.split(".")[0] == rep["policy"]
    # Every platform tag of the name (the policy and its alias) has a Tag line.
    assert sorted(wheel_tags(whl)) == sorted("cp312-cp312-" + p for p in plat.split("."))


def test_compatibility_linux_and_explicit(hello, tmp):
    build(hello, tmp / "a", "--compatibility", "linux")
    assert os.path.basename(wheels_in(tmp / "a")[0]).endswith("-cp312-cp312-linux_x86_64.whl")
    build(hello, tmp / "b", "--compatibility", "manylinux2014")
    assert os.path.basename(wheels_in(tmp / "b")[0]).endswith(
        "-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl")
    r = build(hello, tmp / "c", "--compatibility", "manylinux_2_17_aarch64", status=2)
    assert "is a tag for aarch64, but the wheel is for x86_64" in r.stderr
    r = build(hello, tmp / "d", "--compatibility", "nosuchlinux", status=2)
    assert "unknown compatibility tag 'nosuchlinux'" in r.stderr


PTHREAD = """
#include <pthread.h>
static void *start(void *p) { return p; }
int hello_thread(void) { pthread_t t; return pthread_create(&t, 0, start, 0); }
"""


def test_compatibility_refused_with_the_reason(hello, tmp):
    # pthread_create@GLIBC_2.34: this build machine's glibc (2.36) has it.
    add_c(hello, PTHREAD)
    build(hello, tmp / "best")
    [whl] = wheels_in(tmp / "best")
    assert "-manylinux_2_34_x86_64.whl" in os.path.basename(whl)
    r = build(hello, tmp / "old", "--compatibility", "manylinux2014", status=1)
    assert "do not meet 'manylinux_2_17_x86_64'" in r.stderr
    assert "glibc-too-new" in r.stderr and "GLIBC_2.34" in r.stderr
    assert not os.path.exists(tmp / "old") or not wheels_in(tmp / "old")


def test_external_library_keeps_the_linux_tag(hello, tmp):
    found = subprocess.run(["gcc", "-print-file-name=libsqlite3.so"], stdout=subprocess.PIPE,
                           text=True).stdout.strip()
    if not os.path.isabs(found):
        pytest.skip("needs libsqlite3-dev")
    add_c(hello, "int sqlite3_libversion_number(void);\n"
                 "int hello_sqlite(void) { return sqlite3_libversion_number(); }\n")
    edit(hello, "pyproject.toml", 'include-dirs = ["include"]',
         'include-dirs = ["include"]\nlibraries = ["sqlite3"]')
    r = build(hello, tmp / "dist")
    assert "external-lib" in r.stderr and "libsqlite3.so.0" in r.stderr
    [whl] = wheels_in(tmp / "dist")
    assert os.path.basename(whl).endswith("-cp312-cp312-linux_x86_64.whl")
    r = build(hello, tmp / "strict", "--compatibility", "manylinux_2_28", status=1)
    assert "external-lib" in r.stderr


def test_libpython_link_fails_the_build(hello, tmp):
    # MISSION.md failure 5 by construction: a module that names libpython
    # is never written into a Linux wheel.
    stub = tmp / "stub"
    stub.mkdir()
    src = stub / "s.c"
    src.write_text("int stub_fn(void) { return 0; }\n")
    subprocess.run(["gcc", "-shared", "-fPIC", "-o", str(stub / "libpython3.12.so"), str(src),
                    "-Wl,-soname,libpython3.12.so.1.0"], check=True)
    add_c(hello, "int stub_fn(void);\nint hello_stub(void) { return stub_fn(); }\n")
    edit(hello, "pyproject.toml", 'include-dirs = ["include"]',
         'include-dirs = ["include"]\nextra-link-args = ["-L%s", "-lpython3.12"]' % stub)
    r = build(hello, tmp / "dist", status=1)
    assert "libpython-needed" in r.stderr and "libpython3.12.so.1.0" in r.stderr
    assert not os.path.exists(tmp / "dist") or not wheels_in(tmp / "dist")
