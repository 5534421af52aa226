"""The cross-compilation data readers against real tools: the JSON reader
against Python's json, build-details.json mapping, the triple table against
rustc, clang, the GNU cross compilers and dpkg-architecture, and the sysroot
finder against the target roots (compiling against the headers it finds)."""
import glob
import json
import os
import shutil
import struct
import subprocess

import pytest

from conftest import CACHE, FIXTURES, REF, have, ww


# ---------------------------------------------------------------- JSON

def test_json_files_read_like_python(tmp):
    files = sorted(glob.glob(os.path.join(REF, "toml-test", "tests", "valid", "**", "*.json"),
                             recursive=True))
    if not files:
        pytest.skip("no reference data")
    for path in files:
        proc = ww("internal", "json", path, check=0)
        with open(path, encoding="utf-8") as fp:
            assert json.loads(proc.stdout) == json.load(fp), path


JSON_BOTH_REJECT = [
    ("[1,]", "1:4"), ("{\"a\":1,}", "1:8"), ("01", "1:1"), ("[1 2]", "1:4"),
    ("\"a\tb\"", "1:3"), ("\"\\x\"", "1:2"), ("tru", "1:1"), ("{'a':1}", "1:2"),
    ("[\n1,\n", "3:1"), ("1.", "1:3"), ("-", "1:2"), ("[] []", "1:4"), ("\"abc", "1:1"),
]


@pytest.mark.parametrize("src,where", JSON_BOTH_REJECT)
def test_bad_json_is_rejected_like_python(tmp, src, where):
    with pytest.raises(ValueError):
        json.loads(src)
    path = tmp / "bad.json"
    path.write_text(src)
    proc = ww("internal", "json", path, check=2)
    assert proc.stderr.startswith("wheelwright: %s:%s: error: " % (path, where))


@pytest.mark.parametrize("src", ["NaN", "[Infinity]", "\"\\ud800\"", "\ufeff{}"])
def test_json_stricter_than_python(tmp, src):
    """Python's json takes these (NaN, lone surrogates, a BOM through
    json.load of text); RFC 8259 does not, and neither does wheelwright."""
    path = tmp / "s.json"
    path.write_text(src, encoding="utf-8")
    ww("internal", "json", path, check=2)


# ---------------------------------------------------------------- build-details.json

def test_build_details_spec_example():
    path = os.path.join(FIXTURES, "build-details", "spec-example.json")
    got = json.loads(ww("internal", "build-details", path, check=0).stdout)
    with open(path) as fp:
        doc = json.load(fp)
    assert got["EXT_SUFFIX"] == doc["abi"]["extension_suffix"]
    assert "." + got["SOABI"] + got["SHLIB_SUFFIX"] == got["EXT_SUFFIX"]
    assert got["VERSION"] == doc["language"]["version"]
    assert got["ABIFLAGS"] == "".join(doc["abi"]["flags"])
    assert got["MULTIARCH"] == doc["implementation"]["_multiarch"]
    assert got["INCLUDEPY"] == doc["c_api"]["headers"]
    assert got["LIBDIR"] == os.path.dirname(doc["libpython"]["dynamic"])
    assert got["libpython.link_extensions"] is True
    assert got["implementation.hexversion"] == doc["implementation"]["hexversion"]


def test_build_details_of_local_pythons():
    """Python 3.14+ installs build-details.json: its mapping must agree
    with the interpreter's sysconfig."""
    root = os.environ.get("PYENV_ROOT") or os.path.expanduser("~/.pyenv")
    files = glob.glob(os.path.join(root, "versions", "*", "lib", "python3*", "build-details.json"))
    if not files:
        pytest.skip("no Python with build-details.json")
    for path in files:
        exe = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(path))), "bin", "python3")
        cv = json.loads(subprocess.run(
            [exe, "-c", "import json,sysconfig;print(json.dumps(sysconfig.get_config_vars(), default=str))"],
            stdout=subprocess.PIPE, text=True, check=True).stdout)
        got = json.loads(ww("internal", "build-details", path, check=0).stdout)
        for key in ("EXT_SUFFIX", "SOABI", "VERSION", "ABIFLAGS", "MULTIARCH", "INCLUDEPY"):
            assert os.path.normpath(str(got[key])) == os.path.normpath(str(cv[key])), key


# ---------------------------------------------------------------- triples

TRIPLES = json.loads(ww("internal", "triples", check=0).stdout)


def test_triple_names_and_errors():
    row = json.loads(ww("internal", "triple", "armv7-unknown-linux-gnueabihf", check=0).stdout)
    assert row["name"] == "arm-linux-gnueabihf" and row["cpu"] == "armv7l"
    proc = ww("internal", "triple", "aarch64-linux-gun", check=2)
    assert proc.stderr == ("wheelwright: error: unknown target triple 'aarch64-linux-gun'\n"
                           "hint: did you mean 'aarch64-linux-gnu', 'aarch64-linux-musl'?\n")


@pytest.mark.skipif(not have("rustc"), reason="no rustc")
def test_triples_agree_with_rustc():
    known = set(subprocess.run(["rustc", "--print", "target-list"], stdout=subprocess.PIPE,
                               text=True, check=True).stdout.split())
    for row in TRIPLES:
        assert row["rust"] in known, row["rust"]
        cfg = subprocess.run(["rustc", "--print", "cfg", "--target", row["rust"]],
                             stdout=subprocess.PIPE, text=True, check=True).stdout
        cfg = dict(line.split("=", 1) for line in cfg.splitlines() if "=" in line)
        assert cfg["target_pointer_width"] == '"%d"' % row["pointer_width"], row["name"]
        assert cfg["target_endian"] == '"%s"' % row["byteorder"], row["name"]
        assert cfg["target_os"].strip('"') == row["os"], row["name"]
        env = {"mingw": "gnu", "android": ""}.get(row["env"], row["env"])
        assert cfg["target_env"].strip('"') == env, row["name"]


def elf_header(path):
    with open(path, "rb") as fp:
        head = fp.read(20)
    assert head[:4] == b"\x7fELF"
    order = "<" if head[5] == 1 else ">"
    return {"bits": 32 if head[4] == 1 else 64,
            "byteorder": "little" if head[5] == 1 else "big",
            "machine": struct.unpack(order + "H", head[18:20])[0]}


CLANG = shutil.which("clang-14") or shutil.which("clang")


@pytest.mark.skipif(not CLANG, reason="no clang")
@pytest.mark.parametrize("row", [r for r in TRIPLES if r["elf_machine"] or r["pe_machine"]],
                         ids=lambda r: r["name"])
def test_clang_target_makes_the_machine_in_the_table(tmp, row):
    src = tmp / "t.c"
    src.write_text("int f(int x) { return x + 1; }\n")
    obj = tmp / "t.o"
    proc = subprocess.run([CLANG, "--target=" + row["clang_target"], "-ffreestanding", "-c",
                           str(src), "-o", str(obj)], stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0 and "unknown target" in proc.stderr:
        pytest.skip("clang does not know %s" % row["clang_target"])
    assert proc.returncode == 0, proc.stderr
    if row["elf_machine"]:
        head = elf_header(obj)
        assert head == {"bits": row["pointer_width"], "byteorder": row["byteorder"],
                        "machine": row["elf_machine"]}
    else:
        with open(obj, "rb") as fp:
            machine = struct.unpack("<H", fp.read(2))[0]   # COFF object header
        assert machine == row["pe_machine"]


GNU_ROWS = [r for r in TRIPLES if r["gnu_prefix"] and shutil.which(r["gnu_prefix"] + "gcc")]


@pytest.mark.skipif(not GNU_ROWS, reason="no GNU cross compilers")
@pytest.mark.parametrize("row", GNU_ROWS, ids=lambda r: r["name"])
def test_gnu_cross_compiler_agrees(tmp, row):
    gcc = row["gnu_prefix"] + "gcc"
    if row["multiarch"]:
        got = subprocess.run([gcc, "-print-multiarch"], stdout=subprocess.PIPE, text=True).stdout.strip()
        assert got == row["multiarch"]
    src = tmp / "t.c"
    src.write_text("int f(int x) { return x + 1; }\n")
    obj = tmp / "t.o"
    subprocess.run([gcc, "-c", str(src), "-o", str(obj)], check=True)
    if row["elf_machine"]:
        assert elf_header(obj) == {"bits": row["pointer_width"], "byteorder": row["byteorder"],
                                   "machine": row["elf_machine"]}
    else:
        with open(obj, "rb") as fp:
            assert struct.unpack("<H", fp.read(2))[0] == row["pe_machine"]


@pytest.mark.skipif(not have("dpkg-architecture"), reason="no dpkg-architecture")
def test_debian_architectures_agree_with_dpkg():
    rows = [r for r in TRIPLES if r["debian_arch"]]
    assert len(rows) >= 10
    for row in rows:
        out = subprocess.run(["dpkg-architecture", "-a", row["debian_arch"], "-qDEB_HOST_MULTIARCH"],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout.strip()
        assert out == row["multiarch"], row["name"]
        bits = subprocess.run(["dpkg-architecture", "-a", row["debian_arch"], "-qDEB_HOST_ARCH_BITS"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout.strip()
        assert bits == str(row["pointer_width"]), row["name"]
