"""Wheels every installer accepts: pip, installer, twine, zipfile; same bytes twice."""
import os
import resource
import subprocess
import sys
import zipfile

import pytest

from conftest import ww, pyenv_pythons, ROOT
from buildutil import copy_example, wheels_in, check_record, install_and_call

VENV_BIN = os.path.join(ROOT, ".cache", "venv", "bin")


def local_pythons():
    found = {v: p for v, p in pyenv_pythons().items()
             if tuple(map(int, v.split("."))) >= (3, 7)}
    for extra in ("/usr/bin/pypy3", "/usr/bin/python3.11d"):
        if os.path.exists(extra):
            found[os.path.basename(extra)] = extra
    return found


@pytest.fixture(scope="module")
def all_wheels(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("wheels")
    hello = copy_example("hello", tmp / "hello")
    args = sum((["-i", p] for p in local_pythons().values()), [])
    out = tmp / "dist"
    ww("build", hello, *args, "-o", out, check=0)
    return {"dir": str(out), "wheels": wheels_in(out), "hello": hello, "tmp": tmp}


@pytest.mark.parametrize("key", sorted(local_pythons()))
def test_installs_with_pip_and_installer(all_wheels, key, tmp):
    python = local_pythons()[key]
    tags = subprocess.run([python, "-c", "import sys; print(sys.version_info[0], sys.version_info[1])"],
                          stdout=subprocess.PIPE, text=True).stdout.split()
    import json
    cfg = json.loads(ww("config", "-i", python, "--json", check=0).stdout)
    whl = [w for w in all_wheels["wheels"]
           # the platform tag is the audit's best policy, not the target's linux_ tag
           if "-%s-%s-" % (cfg["python_tag"], cfg["abi_tag"]) in os.path.basename(w)]
    assert len(whl) == 1, (key, all_wheels["wheels"])
    whl = whl[0]
    has_pip = subprocess.run([python, "-m", "pip", "--version"], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL).returncode == 0
    if has_pip:
        out = install_and_call(python, whl, tmp / "pip", "import hello; print(hello.greet('pip'))")
        assert "hello, pip!" in out
    # python -m installer into a scheme of its own, then import from it.
    dest = tmp / "inst"
    subprocess.run([os.path.join(VENV_BIN, "python"), "-m", "installer", "--destdir", str(dest),
                    "--prefix", "/p", whl], check=True)
    pkgs = [os.path.join(d, "hello") for d, dirs, _ in os.walk(dest) if "hello" in dirs]
    assert pkgs, "installer placed no package"
    env = dict(os.environ, PYTHONPATH=os.path.dirname(pkgs[0]))
    out = subprocess.run([python, "-c", "import hello; print(hello.greet('installer'))"],
                         env=env, stdout=subprocess.PIPE, text=True, check=True).stdout
    assert "hello, installer!" in out


def test_twine_check_and_record(all_wheels):
    for whl in all_wheels["wheels"]:
        names = check_record(whl)
        assert any(n.endswith(".dist-info/METADATA") for n in names)
        assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    subprocess.run([os.path.join(VENV_BIN, "twine"), "check", "--strict"] + all_wheels["wheels"],
                   check=True, stdout=subprocess.PIPE)


def test_wheel_metadata_files(all_wheels):
    whl = all_wheels["wheels"][0]
    with zipfile.ZipFile(whl) as z:
        wheel = z.read("hello_wheelwright-0.1.0.dist-info/WHEEL").decode()
        assert "Root-Is-Purelib: false\n" in wheel
        tag = os.path.basename(whl)[len("hello_wheelwright-0.1.0-"):-4]
        py, abi, plats = tag.split("-")
        for plat in plats.split("."):       # one Tag line per platform tag
            assert "Tag: %s-%s-%s\n" % (py, abi, plat) in wheel
        assert z.namelist()[-1].endswith("/RECORD")
        for info in z.infolist():
            assert info.date_time == (1980, 1, 1, 0, 0, 0)


def test_two_builds_are_byte_identical(tmp):
    a = copy_example("hello", tmp / "a")
    b = copy_example("hello", tmp / "b")
    env = {"SOURCE_DATE_EPOCH": "1700000000"}
    ww("build", a, "-o", tmp / "da", env=env, check=0)
    ww("build", b, "-o", tmp / "db", env=env, check=0)
    (wa,), (wb,) = wheels_in(tmp / "da"), wheels_in(tmp / "db")
    assert open(wa, "rb").read() == open(wb, "rb").read()
    with zipfile.ZipFile(wa) as z:
        assert z.infolist()[0].date_time[:3] == (2023, 11, 14)
    # A rebuild from scratch in the same folder gives the same bytes too.
    os.remove(wa)
    import shutil
    shutil.rmtree(os.path.join(a, "build"))
    ww("build", a, "-o", tmp / "da", env=env, check=0)
    assert open(wheels_in(tmp / "da")[0], "rb").read() == open(wb, "rb").read()


def test_large_package_data_in_bounded_memory(tmp):
    hello = copy_example("hello", tmp / "hello")
    big = os.path.join(hello, "src", "hello", "data.bin")
    with open(big, "wb") as f:
        chunk = os.urandom(1 << 20)
        for i in range(200):
            f.write(chunk[: (1 << 20) - i] + bytes(i))
    out = tmp / "dist"
    # Compile first: the second build only packs, so the peak measured is
    # wheelwright's own and not a compiler's (wait4 reports children's too).
    ww("build", hello, "-o", tmp / "first", check=0)
    # GNU time measures its own child: a child forked from this (large)
    # test process would count the parent's pages until it execs.
    r = subprocess.run(["/usr/bin/time", "-f", "%M",
                        os.environ.get("WHEELWRIGHT") or os.path.join(ROOT, "wheelwright"),
                        "build", hello, "-o", str(out)],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert r.returncode == 0, r.stderr
    peak_mb = int(r.stderr.strip().splitlines()[-1]) / 1024
    limit = 200 if os.environ.get("WW_BUILD_KIND") == "asan" else 64
    assert peak_mb < limit, "peak RSS %.1f MB" % peak_mb
    (whl,) = wheels_in(out)
    check_record(whl)
    assert zipfile.ZipFile(whl).getinfo("hello/data.bin").file_size == os.path.getsize(big)


def test_output_folder_that_is_a_file(tmp):
    hello = copy_example("hello", tmp / "hello")
    blocker = tmp / "blocker"
    blocker.write_text("a file, not a folder")
    r = ww("build", hello, "-o", blocker, check=1)
    assert "'%s' exists and is not a folder" % blocker in r.stderr


def test_full_disk_leaves_no_partial_wheel(tmp):
    hello = copy_example("hello", tmp / "hello")
    with open(os.path.join(hello, "src", "hello", "noise.bin"), "wb") as f:
        f.write(os.urandom(64 * 1024))
    full = tmp / "full"
    full.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=12k", "tmpfs", str(full)],
                      stderr=subprocess.DEVNULL).returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        r = ww("build", hello, "-o", full, check=1)
        assert "wheelwright: error: cannot write" in r.stderr
        assert os.listdir(full) == []
    finally:
        subprocess.run(["umount", str(full)])
