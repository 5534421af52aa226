"""sdists: contents, reproducibility, what Python's tarfile and twine say of
them, the tar reader against tarfile, and `build --sdist` (the wheel built
from the unpacked sdist is byte-identical to the one built from the tree)."""
import hashlib
import io
import os
import shutil
import subprocess
import sys
import tarfile
import time
import zipfile

import pytest

from conftest import ROOT, copy_example, pyenv_pythons, ww

BASE = "hello_wheelwright-0.1.0"
HELLO_FILES = ["LICENSE", "PKG-INFO", "README.md", "include/greet.h", "pyproject.toml",
               "src/core.c", "src/greet.c", "src/hello/__init__.py"]


def a_python():
    """An interpreter to build for: a pyenv CPython if there is one."""
    found = pyenv_pythons()
    return found.get("3.11") or next(iter(found.values()), None) or sys.executable


def make_sdist(project, out, env=None):
    proc = ww("sdist", project, "-o", out, env=env, check=0)
    line = proc.stdout.strip().splitlines()[-1]
    assert line.startswith("wrote ")
    return line[len("wrote "):]


def sha(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def test_sdist_layout_modes_and_content(tmp):
    proj = copy_example("hello", tmp / "hello")
    os.chmod(proj / "src" / "core.c", 0o755)
    path = make_sdist(proj, tmp / "out")
    assert os.path.basename(path) == BASE + ".tar.gz"
    with tarfile.open(path) as t:
        assert t.pax_headers == {}
        members = t.getmembers()
        names = [m.name for m in members]
        assert names == sorted(names)
        assert names == [BASE + "/" + n for n in sorted(HELLO_FILES)]
        for m in members:
            assert m.isfile()
            assert (m.uid, m.gid, m.uname, m.gname) == (0, 0, "", "")
            assert m.mtime == 315532800      # 1980-01-01: zip-safe without SOURCE_DATE_EPOCH
            rel = m.name[len(BASE) + 1:]
            assert m.mode == (0o755 if rel == "src/core.c" else 0o644)
            data = t.extractfile(m).read()
            if rel != "PKG-INFO":
                with open(proj / rel, "rb") as f:
                    assert data == f.read(), rel
        pkg_info = t.extractfile(BASE + "/PKG-INFO").read().decode()
    assert "Name: hello-wheelwright\n" in pkg_info and "Version: 0.1.0\n" in pkg_info
    # PKG-INFO is the wheel's METADATA.
    ww("build", proj, "-i", a_python(), "-o", tmp / "whl", check=0)
    whl = next((tmp / "whl").glob("*.whl"))
    with zipfile.ZipFile(str(whl)) as z:
        assert z.read(BASE + ".dist-info/METADATA").decode() == pkg_info


def test_sdist_is_gzip_with_fixed_header(tmp):
    path = make_sdist(copy_example("hello", tmp / "hello"), tmp / "out")
    with open(path, "rb") as f:
        head = f.read(10)
    assert head[:3] == b"\x1f\x8b\x08" and head[4:8] == b"\0\0\0\0"   # no mtime


def test_sdist_reproducible(tmp):
    a = copy_example("hello", tmp / "a")
    b = copy_example("hello", tmp / "some" / "other place")
    now = time.time()
    for root, _, files in os.walk(str(b)):
        for f in files:
            os.utime(os.path.join(root, f), (now - 1000, now - 1000))
    pa = make_sdist(a, tmp / "oa")
    time.sleep(1.1)
    pb = make_sdist(b, tmp / "ob")
    assert sha(pa) == sha(pb)
    pc = make_sdist(a, tmp / "oc", env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert sha(pc) != sha(pa)
    with tarfile.open(pc) as t:
        assert {m.mtime for m in t.getmembers()} == {1700000000}
    # A bad SOURCE_DATE_EPOCH is bad input.
    proc = ww("sdist", a, "-o", tmp / "od", env={"SOURCE_DATE_EPOCH": "soon"}, check=2)
    assert "SOURCE_DATE_EPOCH 'soon' is not a number of seconds" in proc.stderr
    assert not (tmp / "od").exists() or not list((tmp / "od").iterdir())


def test_sdist_leaves_out_junk_and_follows_globs(tmp):
    proj = copy_example("hello", tmp / "hello")
    junk = [".git/HEAD", "build/wheelwright/x.o", "dist/old.tar.gz", "src/hello/__pycache__/x.pyc",
            "src/hello/mod.pyc", "src/hello/.mod.py.swp", "src/hello/notes~", ".DS_Store",
            "env/pyvenv.cfg", "env/lib/site.py", "hello.egg-info/PKG-INFO", ".tox/x",
            "src/hello/_core.cpython-311-x86_64-linux-gnu.so", "docs/private/key.txt",
            "unlisted.txt"]
    wanted = ["docs/index.md", "docs/api/a.md", "tests/test_x.py", "tests/data/blob.bin"]
    for rel in junk + wanted:
        os.makedirs(os.path.dirname(str(proj / rel)) or str(proj), exist_ok=True)
        with open(str(proj / rel), "w") as f:
            f.write(rel)
    text = (proj / "pyproject.toml").read_text()
    (proj / "pyproject.toml").write_text(text.replace(
        'packages = ["src/hello"]\n',
        'packages = ["src/hello"]\n'
        'sdist-include = ["docs", "tests/**/*.py", "tests/data"]\n'
        'sdist-exclude = ["docs/private", "README.md"]\n'))
    with tarfile.open(make_sdist(proj, tmp / "out")) as t:
        names = {m.name[len(BASE) + 1:] for m in t.getmembers()}
    assert names == (set(HELLO_FILES) - {"README.md"}) | set(wanted)


def test_sdist_twine_check(tmp):
    pytest.importorskip("twine")
    path = make_sdist(copy_example("hello", tmp / "hello"), tmp / "out")
    proc = subprocess.run([sys.executable, "-m", "twine", "check", path],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert proc.returncode == 0, proc.stdout
    assert "PASSED" in proc.stdout


def test_sdist_extracts_with_data_filter(tmp):
    if not hasattr(tarfile, "data_filter"):
        pytest.skip("this Python's tarfile has no extraction filters")
    proj = copy_example("hello", tmp / "hello")
    path = make_sdist(proj, tmp / "out")
    with tarfile.open(path) as t:
        t.extractall(str(tmp / "x"), filter="data")
    for rel in HELLO_FILES:
        if rel != "PKG-INFO":
            assert sha(str(tmp / "x" / BASE / rel)) == sha(str(proj / rel))


def tarfile_listing(path):
    out = []
    with tarfile.open(path) as t:
        for m in t.getmembers():
            data = t.extractfile(m).read() if m.isfile() else b""
            out.append({"name": m.name.rstrip("/"), "type": "dir" if m.isdir() else "file",
                        "size": len(data), "executable": bool(m.mode & 0o111),
                        "sha256": hashlib.sha256(data).hexdigest()})
    return out


def ww_listing(path):
    import json
    proc = ww("internal", "tar-list", path, check=0)
    return [json.loads(line) for line in proc.stdout.splitlines()]


@pytest.mark.parametrize("fmt", ["gnu", "pax", "ustar"])
@pytest.mark.parametrize("mode", ["w:gz", "w"])
def test_tar_reader_agrees_with_tarfile(tmp, fmt, mode):
    fmts = {"gnu": tarfile.GNU_FORMAT, "pax": tarfile.PAX_FORMAT, "ustar": tarfile.USTAR_FORMAT}
    path = str(tmp / "t.tar")
    entries = [("p/a.txt", b"hello", 0o644), ("p/" + "d" * 90 + "/" + "f" * 80 + ".py", b"x" * 5000, 0o755),
               ("p/empty", b"", 0o600)]
    if fmt != "ustar":
        entries.append(("p/caf\u00e9/\u00fcber.txt", b"utf-8 name", 0o644))
        entries.append(("p/" + "long-" * 40 + "name.c", b"gnu L or pax path", 0o644))
    with tarfile.open(path, mode, format=fmts[fmt]) as t:
        for name, data, perm in entries:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mode = perm
            t.addfile(info, io.BytesIO(data))
        d = tarfile.TarInfo("p/folder")
        d.type = tarfile.DIRTYPE
        d.mode = 0o755
        t.addfile(d)
    assert ww_listing(path) == tarfile_listing(path)


def test_tar_reader_on_real_sdists(tmp):
    """Our sdists and a setuptools sdist, read by both readers."""
    ours = make_sdist(copy_example("hello", tmp / "hello"), tmp / "out")
    assert ww_listing(ours) == tarfile_listing(ours)
    setup = tmp / "st"
    setup.mkdir()
    (setup / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n'
        '[project]\nname = "st-demo"\nversion = "1.0"\n')
    (setup / "st_demo.py").write_text("x = 1\n")
    proc = subprocess.run([sys.executable, "-m", "build", "--sdist", "--no-isolation",
                           "-o", str(tmp / "st-out"), str(setup)],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if proc.returncode != 0:
        pytest.skip("python -m build with setuptools is not available here:\n" + proc.stdout)
    st = str(next((tmp / "st-out").glob("*.tar.gz")))
    assert ww_listing(st) == tarfile_listing(st)


def test_tar_extract_refuses_what_tarfile_data_filter_refuses(tmp):
    path = str(tmp / "evil.tar")
    with tarfile.open(path, "w") as t:
        info = tarfile.TarInfo("ok.txt")
        info.size = 2
        t.addfile(info, io.BytesIO(b"ok"))
        link = tarfile.TarInfo("link")
        link.type = tarfile.SYMTYPE
        link.linkname = "/etc"
        t.addfile(link)
        info = tarfile.TarInfo("link/passwd")
        info.size = 4
        t.addfile(info, io.BytesIO(b"evil"))
    proc = ww("internal", "tar-extract", path, tmp / "x", check=2)
    assert "symbolic link 'link' is not supported (header at offset 1024)" in proc.stderr
    assert not (tmp / "x" / "link").exists()
    if hasattr(tarfile, "data_filter"):
        with tarfile.open(path) as t, pytest.raises(tarfile.FilterError):
            t.extractall(str(tmp / "y"), filter="data")


def test_sdist_errors(tmp):
    proj = copy_example("hello", tmp / "hello")
    os.remove(str(proj / "src" / "greet.c"))
    proc = ww("sdist", proj, "-o", tmp / "out", check=2)
    assert proc.stderr.startswith("wheelwright: %s:17: error: source 'src/greet.c' of module "
                                  "'hello._core' does not exist" % (proj / "pyproject.toml"))
    assert not (tmp / "out").exists() or not list((tmp / "out").iterdir())
    proj = copy_example("hello", tmp / "hello2")
    os.remove(str(proj / "README.md"))
    proc = ww("sdist", proj, check=2)
    assert "pyproject.toml:9:10: error: readme file 'README.md' does not exist" in proc.stderr
    proc = ww("sdist", proj, "--bogus", check=2)
    assert "--bogus" in proc.stderr


def no_abs_paths(whl, *paths):
    with zipfile.ZipFile(whl) as z:
        for name in z.namelist():
            data = z.read(name)
            for p in paths:
                assert p.encode() not in data, (name, p)


@pytest.mark.parametrize("flags", [[], ["--debug"]])
def test_wheel_from_sdist_is_identical(tmp, flags):
    py = a_python()
    proj = copy_example("hello", tmp / "hello")
    ww("build", proj, "-i", py, "-o", tmp / "tree", *flags, check=0)
    (tmp / "t").mkdir()
    proc = ww("build", proj, "-i", py, "-o", tmp / "via-sdist", "--sdist", *flags,
              env={"TMPDIR": str(tmp / "t")}, check=0)
    assert "wrote %s" % (tmp / "via-sdist" / (BASE + ".tar.gz")) in proc.stdout
    assert list((tmp / "t").iterdir()) == []     # the unpacked sdist is removed
    tree = next((tmp / "tree").glob("*.whl"))
    via = next((tmp / "via-sdist").glob("*.whl"))
    assert tree.name == via.name
    assert tree.read_bytes() == via.read_bytes()
    no_abs_paths(str(tree), str(proj), str(tmp))


def test_wheel_from_sdist_identical_with_debug_info_cflags(tmp):
    py = a_python()
    proj = copy_example("hello", tmp / "hello")
    env = {"CFLAGS": "-g -O1"}
    ww("build", proj, "-i", py, "-o", tmp / "tree", env=env, check=0)
    ww("build", proj, "-i", py, "-o", tmp / "via", "--sdist", env=env, check=0)
    tree = next((tmp / "tree").glob("*.whl"))
    assert tree.read_bytes() == next((tmp / "via").glob("*.whl")).read_bytes()
    no_abs_paths(str(tree), str(proj))


def test_build_sdist_proves_the_sdist_complete(tmp):
    """A header outside what the sdist takes: the tree builds, the sdist does not."""
    proj = copy_example("hello", tmp / "hello")
    os.makedirs(str(proj / "extra"))
    shutil.move(str(proj / "include" / "greet.h"), str(proj / "extra" / "greet.h"))
    text = (proj / "pyproject.toml").read_text()
    (proj / "pyproject.toml").write_text(text.replace(
        'include-dirs = ["include"]', 'extra-compile-args = ["-Iextra"]'))
    py = a_python()
    ww("build", proj, "-i", py, "-o", tmp / "tree", check=0)
    proc = ww("build", proj, "-i", py, "-o", tmp / "via", "--sdist", check=1)
    assert "greet.h" in proc.stderr
    text = (proj / "pyproject.toml").read_text()
    (proj / "pyproject.toml").write_text(text.replace(
        'packages = ["src/hello"]', 'packages = ["src/hello"]\nsdist-include = ["extra"]'))
    ww("build", proj, "-i", py, "-o", tmp / "via2", "--sdist", check=0)


def test_self_sdist(self_dist):
    """wheelwright's own sdist carries what `make` needs, and not the program."""
    sdist = self_dist / "wheelwright-0.1.0.tar.gz"
    with tarfile.open(str(sdist)) as t:
        names = {m.name for m in t.getmembers()}
    top = "wheelwright-0.1.0/"
    assert {top + "Makefile", top + "pyproject.toml", top + "PKG-INFO", top + "src/main.c",
            top + "python/wheelwright/__init__.py", top + "python/wheelwright/_backend.py",
            top + "python/wheelwright_bootstrap.py"} <= names
    assert top + "wheelwright" not in names
    assert not any("/tests/" in n or "/.cache/" in n or "/build/" in n for n in names)
    expected = set()
    for root, dirs, files in os.walk(os.path.join(ROOT, "src")):
        for f in files:
            if f.endswith((".c", ".h")):
                expected.add(top + os.path.relpath(os.path.join(root, f), ROOT))
    assert expected <= names


def test_sdist_carries_the_version_file(tmp):
    """A dynamic version is read again when the sdist is built: its file goes in."""
    proj = copy_example("hello", tmp / "hello")
    text = (proj / "pyproject.toml").read_text()
    text = text.replace('version = "0.1.0"\n', 'dynamic = ["version"]\n')
    text = text.replace('packages = ["src/hello"]\n', 'packages = ["src/hello"]\nversion-file = "VERSION"\n')
    (proj / "pyproject.toml").write_text(text)
    (proj / "VERSION").write_text("1.2.3\n")
    proc = ww("build", proj, "-i", a_python(), "--sdist", "-o", tmp / "out", check=0)
    assert "wrote %s" % (tmp / "out" / "hello_wheelwright-1.2.3.tar.gz") in proc.stdout
    with tarfile.open(str(tmp / "out" / "hello_wheelwright-1.2.3.tar.gz")) as t:
        assert "hello_wheelwright-1.2.3/VERSION" in t.getnames()
    assert list((tmp / "out").glob("hello_wheelwright-1.2.3-*.whl"))
