"""`wheelwright internal elf-info` on the real ELF files of this machine,
compared with GNU readelf: machine, class, byte order, DT_NEEDED, DT_SONAME,
DT_RPATH/DT_RUNPATH, version needs and definitions, every .dynsym symbol
with its version, and the x86 ISA level note."""
import glob
import json
import os
import re
import subprocess

import pytest

from conftest import have, ww
from elf_readelf import READELF, compare, readelf_facts, strip_section_headers

pytestmark = pytest.mark.skipif(not READELF, reason="needs GNU readelf")

CROSS_TRIPLES = ["aarch64-linux-gnu", "arm-linux-gnueabihf",
                 "powerpc64le-linux-gnu", "s390x-linux-gnu"]


def is_elf(path):
    try:
        with open(path, "rb") as f:
            return f.read(4) == b"\x7fELF"
    except OSError:
        return False


def elf_files(pattern, limit=None):
    found = sorted(p for p in glob.glob(pattern)
                   if os.path.isfile(p) and not os.path.islink(p) and is_elf(p))
    return found[:limit] if limit else found


def dynload_dirs():
    dirs = sorted(glob.glob("/usr/lib/python3*/lib-dynload"))
    root = os.environ.get("PYENV_ROOT") or os.path.expanduser("~/.pyenv")
    dirs += sorted(glob.glob(os.path.join(root, "versions", "*", "lib",
                                          "python3*", "lib-dynload")))
    return dirs


def system_libs():
    libs = []
    for name in ("libz.so.1", "libssl.so.3", "libcrypto.so.3", "libc.so.6",
                 "libstdc++.so.6", "libffi.so.8", "libm.so.6"):
        libs += [os.path.realpath(p) for p in glob.glob("/usr/lib/*-linux-gnu/" + name)]
    return sorted(set(p for p in libs if is_elf(p)))


def elf_info(path, *extra):
    proc = ww("internal", "elf-info", path, *extra, check=0)
    return json.loads(proc.stdout)


def check_files(paths):
    failures = []
    for path in paths:
        diffs = compare(elf_info(path), readelf_facts(path))
        if diffs:
            failures.append("%s:\n  %s" % (path, "\n  ".join(d[:400] for d in diffs)))
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("folder", dynload_dirs() or ["none"])
def test_extension_modules_match_readelf(folder):
    paths = elf_files(os.path.join(folder, "*.so"))
    if not paths:
        pytest.skip("no extension modules in " + folder)
    check_files(paths)


def test_system_libraries_match_readelf():
    paths = system_libs()
    if not paths:
        pytest.skip("no system libraries found")
    check_files(paths)


@pytest.mark.parametrize("triple", CROSS_TRIPLES)
def test_cross_libraries_match_readelf(triple):
    paths = elf_files("/usr/%s/lib/*.so*" % triple, limit=12)
    if not paths:
        pytest.skip("no %s libraries installed" % triple)
    check_files(paths)
    machine = elf_info(paths[0])["machine"]
    assert machine == {"aarch64-linux-gnu": "aarch64", "arm-linux-gnueabihf": "arm",
                       "powerpc64le-linux-gnu": "ppc64le",
                       "s390x-linux-gnu": "s390x"}[triple]


def sample_for_stripping():
    paths = system_libs()[:3]
    for folder in dynload_dirs()[:2]:
        paths += elf_files(os.path.join(folder, "*.so"), limit=5)
    for triple in CROSS_TRIPLES:
        paths += elf_files("/usr/%s/lib/libc.so*" % triple, limit=1)
    return paths


def test_without_section_headers_same_facts(tmp):
    """With the section headers gone the reader finds everything through
    PT_DYNAMIC (DT_SYMTAB sized by DT_GNU_HASH/DT_HASH, DT_VERSYM,
    DT_VERNEED, DT_VERDEF) and must report the same facts."""
    paths = sample_for_stripping()
    if not paths:
        pytest.skip("no ELF files found")
    for i, path in enumerate(paths):
        stripped = tmp / ("stripped%d.so" % i)
        with open(path, "rb") as f:
            stripped.write_bytes(strip_section_headers(f.read()))
        assert "There are no sections" in subprocess.run(
            [READELF, "-SW", str(stripped)], stdout=subprocess.PIPE, text=True).stdout
        full, bare = elf_info(path), elf_info(str(stripped))
        for key in ("file", "symtab_defined_count"):
            full.pop(key)
            bare.pop(key)
        assert bare == full, path


def test_symtab_lists_defined_symbols(tmp):
    """A module that carries libpython's own symbols (a statically linked
    interpreter) shows them in .symtab's defined symbols."""
    if not have("gcc"):
        pytest.skip("needs gcc")
    src = tmp / "m.c"
    src.write_text("int _PyRuntime[4];\n"
                   "void *PyObject_Malloc(unsigned long n) { (void)n; return 0; }\n"
                   "static int helper(void) { return 1; }\n"
                   "int PyInit_m(void) { return helper(); }\n")
    so = tmp / "m.so"
    subprocess.run(["gcc", "-shared", "-fPIC", "-o", str(so), str(src)], check=True)
    info = elf_info(str(so), "--symtab")
    names = {s["name"] for s in info["symtab_defined"]}
    assert {"_PyRuntime", "PyObject_Malloc", "helper", "PyInit_m"} <= names
    out = subprocess.run([READELF, "-sW", str(so)], stdout=subprocess.PIPE, text=True).stdout
    symtab = out.split("Symbol table '.symtab'", 1)[1]
    theirs = set()
    for line in symtab.splitlines()[2:]:
        parts = line.split()
        if len(parts) == 8 and parts[6] != "UND":
            theirs.add(parts[7])
    assert names == theirs
    assert info["symtab_defined_count"] == len(info["symtab_defined"])


def test_isa_level_note(tmp):
    if not have("gcc") or os.uname().machine != "x86_64":
        pytest.skip("needs gcc on x86-64")
    src = tmp / "v.c"
    src.write_text("int f(int x) { return x + 1; }\n")
    so = tmp / "v.so"
    subprocess.run(["gcc", "-shared", "-fPIC", "-Wl,-z,x86-64-v3", "-o", str(so),
                    str(src)], check=True)
    info = elf_info(str(so))
    assert info["x86_isa_level"] == 3
    assert compare(info, readelf_facts(str(so))) == []


def test_bad_files_are_errors(tmp):
    libs = system_libs()
    if not libs:
        pytest.skip("no system library to cut")
    data = open(libs[0], "rb").read()
    cut = tmp / "cut.so"
    cut.write_bytes(data[:200])
    proc = ww("internal", "elf-info", cut, check=2)
    assert proc.stderr.startswith("wheelwright: %s: error: " % cut), proc.stderr
    assert proc.stdout == ""
    text = tmp / "text.so"
    text.write_text("INPUT(-lfoo)\n")
    proc = ww("internal", "elf-info", text, check=2)
    assert "not an ELF file" in proc.stderr
    proc = ww("internal", "elf-info", tmp / "missing.so", check=2)
    assert "cannot open" in proc.stderr


def llvm_readobj():
    for name in ("llvm-readobj-14", "llvm-readobj"):
        if have(name):
            return name
    return None


def test_llvm_readobj_agrees():
    """A second opinion from LLVM on the header numbers, the soname and
    DT_NEEDED, for one library of each architecture installed."""
    tool = llvm_readobj()
    if not tool:
        pytest.skip("needs llvm-readobj")
    paths = system_libs()[:2]
    for triple in CROSS_TRIPLES:
        paths += elf_files("/usr/%s/lib/libc.so*" % triple, limit=1)
        paths += elf_files("/usr/%s/lib/libm.so*" % triple, limit=1)
    for path in paths:
        out = subprocess.run([tool, "--file-headers", "--needed-libs", "--dynamic-table", path],
                             stdout=subprocess.PIPE, text=True, check=True).stdout
        info = elf_info(path)
        machine = int(re.search(r"Machine: \S+ \((0x[0-9A-Fa-f]+)\)", out).group(1), 16)
        assert info["e_machine"] == machine, path
        assert info["class"] == (64 if "Class: 64-bit" in out else 32), path
        assert info["endian"] == ("big" if "BigEndian" in out else "little"), path
        needed = re.search(r"NeededLibraries \[\n(.*?)\]", out, re.S).group(1).split()
        assert sorted(info["needed"]) == sorted(needed), path
        soname = re.search(r"SONAME\s+Library soname: \[(.*)\]", out)
        assert info["soname"] == (soname.group(1) if soname else None), path
