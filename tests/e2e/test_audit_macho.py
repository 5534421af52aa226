"""`wheelwright audit` on macOS wheels: Mach-O modules built here from C
(clang-14 -target <arch>-apple-macos with ld64.lld-14, no SDK: the Python
API is left to the loader with -undefined dynamic_lookup) and real modules
of the corpus (tests/corpus/fetch-wheels) with their bytes altered. Each
case yields exactly its finding codes; the clean twin yields none.

No macOS is at hand, so dyld itself is not asked: the expectations are
dyld's documented rules (minos, install names, @rpath/@loader_path)."""
import glob
import os
import struct
import subprocess

import pytest

from conftest import CACHE, have, ww
from wheelkit import audit_json, codes, make_wheel

CAN_LINK = have("clang-14") and have("ld64.lld-14") and have("llvm-lipo-14")
needs_ld64 = pytest.mark.skipif(not CAN_LINK, reason="needs clang-14, ld64.lld-14 (lld-14) and llvm-lipo-14")
DARWIN = ".cpython-312-darwin.so"
INIT = "void *PyInit_%s(void) { return 0; }\n"


def link(tmp, arch, source, name, minos="11.0", dylib=None, args=()):
    """A Mach-O image: a bundle, or a dylib with install name `dylib`."""
    base = os.path.join(str(tmp), "%s-%s" % (name, arch))
    with open(base + ".c", "w") as f:
        f.write(source)
    subprocess.run(["clang-14", "-target", "%s-apple-macos%s" % (arch, minos), "-O1", "-c",
                    base + ".c", "-o", base + ".o"], check=True)
    cmd = ["ld64.lld-14", "-arch", arch, "-platform_version", "macos", minos, minos,
           "-undefined", "dynamic_lookup", "-o", base, base + ".o"]
    cmd += ["-dylib", "-install_name", dylib] if dylib else ["-bundle"]
    subprocess.run(cmd + list(args), check=True)
    return base


def read(path):
    with open(path, "rb") as f:
        return f.read()


def module(tmp, arch="arm64", leaf="m", minos="11.0", body="", args=()):
    return read(link(tmp, arch, body + INIT % leaf, leaf, minos, args=args))


def fat(tmp, *images):
    paths = []
    for i, data in enumerate(images):
        paths.append(os.path.join(str(tmp), "slice%d" % i))
        with open(paths[-1], "wb") as f:
            f.write(data)
    out = os.path.join(str(tmp), "fat")
    subprocess.run(["llvm-lipo-14", "-create"] + paths + ["-output", out], check=True)
    return read(out)


def wheel(tmp, files, tag, sub="w"):
    d = tmp / sub
    d.mkdir(exist_ok=True)
    return make_wheel(d, files, tag)


def messages(rep, code):
    return [f["message"] for f in rep["findings"] if f["code"] == code]


# -- byte edits of real modules ----------------------------------------------

def slices(data):
    """(cputype, offset) of each image: fat header entries, or the file."""
    magic = struct.unpack_from(">I", data)[0]
    if magic not in (0xcafebabe, 0xcafebabf):
        return [(struct.unpack_from("<I", data, 4)[0], 0)]
    n = struct.unpack_from(">I", data, 4)[0]
    if magic == 0xcafebabe:
        return [struct.unpack_from(">IxxxxI", data, 8 + 20 * i) for i in range(n)]
    return [struct.unpack_from(">IxxxxQ", data, 8 + 32 * i) for i in range(n)]


def load_commands(data, off):
    """(cmd, offset) of a little-endian 64-bit image's load commands."""
    ncmds = struct.unpack_from("<I", data, off + 16)[0]
    at = off + 32
    for _ in range(ncmds):
        cmd, size = struct.unpack_from("<II", data, at)
        yield cmd, at
        at += size


X86_64, ARM64 = 0x01000007, 0x0100000c


def set_minos(data, cputype, major, minor):
    """The slice's LC_BUILD_VERSION minos (or LC_VERSION_MIN_MACOSX) set."""
    data = bytearray(data)
    done = 0
    for cpu, off in slices(data):
        for cmd, at in load_commands(data, off) if cpu == cputype else ():
            if cmd in (0x32, 0x24):
                struct.pack_into("<I", data, at + (12 if cmd == 0x32 else 8), major << 16 | minor << 8)
                done += 1
    assert done
    return bytes(data)


def replace(data, old, new):
    assert len(old) == len(new) and old in data
    return data.replace(old, new)


def corpus_member(pattern, member):
    import zipfile
    found = glob.glob(os.path.join(CACHE, "wheels", pattern))
    if not found:
        pytest.skip("no %s in the corpus (tests/corpus/fetch-wheels)" % pattern)
    with zipfile.ZipFile(found[0]) as z:
        return z.read(member)


def markupsafe():
    return corpus_member("MarkupSafe-2.1.5-cp312-cp312-macosx_10_9_universal2.whl",
                         "markupsafe/_speedups" + DARWIN)


def pyyaml_x86_64():
    return corpus_member("PyYAML-6.0.1-cp312-cp312-macosx_10_9_x86_64.whl", "yaml/_yaml" + DARWIN)


# -- clean modules and the best tag -------------------------------------------

@needs_ld64
@pytest.mark.parametrize("arch,minos,tag", [
    ("arm64", "11.0", "macosx_11_0_arm64"),
    ("x86_64", "10.9", "macosx_10_9_x86_64"),
    ("x86_64", "10.13", "macosx_10_13_x86_64"),
])
def test_clean_module(tmp, arch, minos, tag):
    whl = wheel(tmp, {"demo/m" + DARWIN: module(tmp, arch, minos=minos)}, "cp312-cp312-" + tag)
    rep, proc = audit_json(whl, status=0)
    assert rep["findings"] == []
    assert rep["policy"] == "" and rep["macos"] == {whl: tag}
    text = ww("audit", whl, check=0).stdout
    assert text.strip() == "%s: best macOS tag %s (1 binary; 0 errors, 0 warnings)" % (whl, tag)


@needs_ld64
def test_universal2_module_is_clean_and_packed(tmp):
    so = fat(tmp, module(tmp, "x86_64", minos="10.9"), module(tmp, "arm64"))
    whl = wheel(tmp, {"demo/m" + DARWIN: so}, "cp312-cp312-macosx_10_9_universal2")
    rep, _ = audit_json(whl, status=0)
    assert rep["findings"] == [] and rep["macos"][whl] == "macosx_10_9_universal2"


@needs_ld64
def test_bare_module(tmp):
    path = tmp / ("m" + DARWIN)
    path.write_bytes(module(tmp, "x86_64", minos="10.12"))
    rep, _ = audit_json(path, status=0)
    assert rep["findings"] == [] and rep["macos"] == {str(path): "macosx_10_12_x86_64"}


# -- arch-mismatch --------------------------------------------------------------

@needs_ld64
def test_thin_module_in_universal2_wheel(tmp):
    whl = wheel(tmp, {"demo/m" + DARWIN: module(tmp, "x86_64", minos="10.9")},
                "cp312-cp312-macosx_10_9_universal2")
    rep, _ = audit_json(whl, status=1)
    assert codes(rep) == ["arch-mismatch"]
    assert messages(rep, "arch-mismatch") == [
        "is a Mach-O file for x86_64, but 'macosx_10_9_universal2' needs arm64 and x86_64 (no arm64 slice): it does not load there"]


@needs_ld64
def test_arm64_module_in_x86_64_wheel(tmp):
    whl = wheel(tmp, {"demo/m" + DARWIN: module(tmp, "arm64")}, "cp312-cp312-macosx_11_0_x86_64")
    rep, _ = audit_json(whl, status=1)
    assert codes(rep) == ["arch-mismatch"]
    assert "no x86_64 slice" in messages(rep, "arch-mismatch")[0]


@needs_ld64
def test_macho_module_in_linux_wheel(tmp):
    so = module(tmp, "x86_64", minos="10.9")
    whl = wheel(tmp, {"demo/m.cpython-312-x86_64-linux-gnu.so": so}, "cp312-cp312-linux_x86_64")
    rep, _ = audit_json(whl, status=1)
    assert codes(rep) == ["arch-mismatch"]
    assert messages(rep, "arch-mismatch") == [
        "is a Mach-O file (x86_64), which a 'linux_x86_64' interpreter cannot load"]


# -- macos-too-new ----------------------------------------------------------------

def test_minos_above_the_tag_real_module(tmp):
    so = set_minos(markupsafe(), X86_64, 10, 15)
    whl = wheel(tmp, {"markupsafe/_speedups" + DARWIN: so}, "cp312-cp312-macosx_10_9_universal2")
    rep, _ = audit_json(whl, status=1)
    assert codes(rep) == ["macos-too-new"]
    assert messages(rep, "macos-too-new") == [
        "needs macOS 10.15 (LC_VERSION_MIN_MACOSX of its x86_64 slice), but "
        "'macosx_10_9_universal2' promises macOS 10.9: dyld refuses to load it there"]
    assert rep["macos"][whl] == "macosx_10_15_universal2"
    # named for what it needs, it is clean
    good = wheel(tmp, {"markupsafe/_speedups" + DARWIN: so}, "cp312-cp312-macosx_10_15_universal2", "good")
    rep, _ = audit_json(good, status=0)
    assert rep["findings"] == []


def test_arm64_slice_is_held_to_11_0_at_least(tmp):
    # a universal2 tag for 10.9 admits arm64 Macs only from 11.0 on: an arm64
    # slice for 11.0 is fine there, one for 12.0 is not
    real = markupsafe()
    whl = wheel(tmp, {"markupsafe/_speedups" + DARWIN: real}, "cp312-cp312-macosx_10_9_universal2")
    assert audit_json(whl, status=0)[0]["findings"] == []
    so = set_minos(real, ARM64, 12, 0)
    whl = wheel(tmp, {"markupsafe/_speedups" + DARWIN: so}, "cp312-cp312-macosx_10_9_universal2", "new")
    rep, _ = audit_json(whl, status=1)
    assert messages(rep, "macos-too-new") == [
        "needs macOS 12.0 (LC_BUILD_VERSION minos of its arm64 slice), but "
        "'macosx_10_9_universal2' promises macOS 11.0: dyld refuses to load it there"]
    # x86_64 still allows 10.9, arm64 needs 12: no universal2 tag says both
    assert rep["macos"][whl] == "macosx_10_9_x86_64.macosx_12_0_arm64"


@needs_ld64
def test_minor_release_after_11_rounds_up(tmp):
    # pip knows only macosx_11_0, macosx_12_0, ...: a module for 11.3 fails
    # on 11.0-11.2, which macosx_11_0 admits; macosx_12_0 is the safe name
    whl = wheel(tmp, {"demo/m" + DARWIN: module(tmp, minos="11.3")}, "cp312-cp312-macosx_11_0_arm64")
    rep, _ = audit_json(whl, status=1)
    assert codes(rep) == ["macos-too-new"]
    assert "needs macOS 11.3 (LC_BUILD_VERSION minos of its arm64 slice)" in messages(rep, "macos-too-new")[0]
    assert rep["macos"][whl] == "macosx_12_0_arm64"


# -- libpython-needed ------------------------------------------------------------

def test_libpython_dylib_real_module(tmp):
    so = replace(pyyaml_x86_64(), b"/usr/lib/libSystem.B.dylib", b"@rpath/libpython3.12.dylib")
    whl = wheel(tmp, {"yaml/_yaml" + DARWIN: so}, "cp312-cp312-macosx_10_9_x86_64")
    rep, _ = audit_json(whl, status=1)
    assert codes(rep) == ["libpython-needed"]
    assert messages(rep, "libpython-needed")[0].startswith(
        "loads '@rpath/libpython3.12.dylib' (LC_LOAD_DYLIB): an extension must take libpython's symbols")


@needs_ld64
def test_python_framework(tmp):
    fw = link(tmp, "arm64", "int Py_Stub(void) { return 0; }\n", "Python",
              dylib="/Library/Frameworks/Python.framework/Versions/3.12/Python")
    so = module(tmp, body="int Py_Stub(void);\nint use(void) { return Py_Stub(); }\n", args=[fw])
    whl = wheel(tmp, {"demo/m" + DARWIN: so}, "cp312-cp312-macosx_11_0_arm64")
    rep, _ = audit_json(whl, status=1)
    assert codes(rep) == ["libpython-needed"]


# -- external-lib and LC_RPATH ---------------------------------------------------

USE_LIB = "int lib_fn(void);\nint use(void) { return lib_fn(); }\n"
LIB_SRC = "int lib_fn(void) { return 1; }\n"


@needs_ld64
def test_homebrew_library(tmp):
    lib = link(tmp, "arm64", LIB_SRC, "libssl", dylib="/opt/homebrew/opt/openssl@3/lib/libssl.3.dylib")
    whl = wheel(tmp, {"demo/m" + DARWIN: module(tmp, body=USE_LIB, args=[lib])},
                "cp312-cp312-macosx_11_0_arm64")
    rep, _ = audit_json(whl, status=1)
    assert codes(rep) == ["external-lib"]
    assert messages(rep, "external-lib") == [
        "needs '/opt/homebrew/opt/openssl@3/lib/libssl.3.dylib', which is not part of macOS "
        "(/usr/lib, /System) and which the wheel does not carry: delocate would copy it in"]
    # weak: the module loads without it, a warning
    so = module(tmp, body=USE_LIB, args=["-weak_library", lib])
    whl = wheel(tmp, {"demo/m" + DARWIN: so}, "cp312-cp312-macosx_11_0_arm64", "weak")
    rep, _ = audit_json(whl, status=0)
    assert [(f["code"], f["severity"]) for f in rep["findings"]] == [("external-lib", "warning")]


@needs_ld64
def test_rpath_library_inside_and_outside_the_wheel(tmp):
    lib = link(tmp, "arm64", LIB_SRC, "libfoo", dylib="@rpath/libfoo.dylib")
    so = module(tmp, body=USE_LIB, args=[lib, "-rpath", "@loader_path/.dylibs"])
    carried = wheel(tmp, {"demo/m" + DARWIN: so, "demo/.dylibs/libfoo.dylib": read(lib)},
                    "cp312-cp312-macosx_11_0_arm64")
    assert audit_json(carried, status=0)[0]["findings"] == []
    # the library where the rpath does not look: external
    elsewhere = wheel(tmp, {"demo/m" + DARWIN: so, "demo/libs/libfoo.dylib": read(lib)},
                      "cp312-cp312-macosx_11_0_arm64", "elsewhere")
    rep, _ = audit_json(elsewhere, status=1)
    assert codes(rep) == ["external-lib"]
    assert messages(rep, "external-lib")[0].startswith(
        "needs '@rpath/libfoo.dylib', which no LC_RPATH entry finds in the wheel")


@needs_ld64
def test_rpath_of_the_loading_module_serves_its_libraries(tmp):
    # libb is found through the module's LC_RPATH although liba, which
    # needs it, has none: dyld searches the rpaths of the whole load chain
    libb = link(tmp, "arm64", "int b_fn(void) { return 2; }\n", "libb", dylib="@rpath/libb.dylib")
    liba = link(tmp, "arm64", "int b_fn(void);\nint lib_fn(void) { return b_fn(); }\n", "liba",
                dylib="@rpath/liba.dylib", args=[libb])
    so = module(tmp, body=USE_LIB, args=[liba, "-rpath", "@loader_path/.dylibs"])
    whl = wheel(tmp, {"demo/m" + DARWIN: so, "demo/.dylibs/liba.dylib": read(liba),
                      "demo/.dylibs/libb.dylib": read(libb)}, "cp312-cp312-macosx_11_0_arm64")
    assert audit_json(whl, status=0)[0]["findings"] == []
    # without libb in the wheel, liba needs something that is not there
    whl = wheel(tmp, {"demo/m" + DARWIN: so, "demo/.dylibs/liba.dylib": read(liba)},
                "cp312-cp312-macosx_11_0_arm64", "nolibb")
    rep, _ = audit_json(whl, status=1)
    assert [(f["code"], f["file"].split(":")[-1]) for f in rep["findings"]] == [
        ("external-lib", "demo/.dylibs/liba.dylib")]


@needs_ld64
def test_build_machine_rpath_is_a_warning(tmp):
    so = module(tmp, args=["-rpath", "/Users/runner/build/lib", "-rpath", "@loader_path/../../.."])
    whl = wheel(tmp, {"demo/m" + DARWIN: so}, "cp312-cp312-macosx_11_0_arm64")
    rep, _ = audit_json(whl, status=0)
    assert messages(rep, "runpath") == [
        "LC_RPATH entry '/Users/runner/build/lib' points outside the wheel: what it finds on the build machine is not on the user's",
        "LC_RPATH entry '@loader_path/../../..' points outside the wheel: what it finds on the build machine is not on the user's"]
    assert codes(rep) == ["runpath"]


# -- missing-pyinit, module names, abi3 ---------------------------------------------

def test_missing_pyinit_real_module(tmp):
    so = replace(pyyaml_x86_64(), b"_PyInit__yaml\0", b"_PyInit__yamX\0")
    whl = wheel(tmp, {"yaml/_yaml" + DARWIN: so}, "cp312-cp312-macosx_10_9_x86_64")
    rep, _ = audit_json(whl, status=1)
    assert codes(rep) == ["missing-pyinit"]
    assert messages(rep, "missing-pyinit") == [
        "exports no 'PyInit__yaml' (it exports 'PyInit__yamX'): 'import _yaml' fails"]


@needs_ld64
def test_missing_pyinit_in_one_slice(tmp):
    so = fat(tmp, module(tmp, "x86_64", minos="10.9"), module(tmp, "arm64", leaf="n"))
    whl = wheel(tmp, {"demo/m" + DARWIN: so}, "cp312-cp312-macosx_10_9_universal2")
    rep, _ = audit_json(whl, status=1)
    assert messages(rep, "missing-pyinit") == [
        "exports no 'PyInit_m' in its arm64 slice: 'import m' fails on that CPU"]


@needs_ld64
@pytest.mark.parametrize("name,tag,ok", [
    ("m.cpython-312-darwin.so", "cp312-cp312-macosx_11_0_arm64", True),
    ("m.cpython-311-darwin.so", "cp312-cp312-macosx_11_0_arm64", False),
    ("m.cpython-312-x86_64-linux-gnu.so", "cp312-cp312-macosx_11_0_arm64", False),
    ("m.abi3.so", "cp39-abi3-macosx_11_0_arm64", True),
    ("m.cpython-312-darwin.so", "cp39-abi3-macosx_11_0_arm64", False),
])
def test_module_names(tmp, name, tag, ok):
    whl = wheel(tmp, {"demo/" + name: module(tmp)}, tag)
    rep, _ = audit_json(whl, status=0 if ok else 1)
    assert codes(rep) == ([] if ok else ["ext-suffix-mismatch"])


@needs_ld64
def test_abi3_symbols(tmp):
    body = ("void *_PyObject_GetDictPtr(void *);\nvoid *PyType_FromMetaclass(void *, void *, void *, void *);\n"
            "void *use(void *o) { return PyType_FromMetaclass(_PyObject_GetDictPtr(o), 0, 0, 0); }\n")
    whl = wheel(tmp, {"demo/m.abi3.so": module(tmp, body=body)}, "cp39-abi3-macosx_11_0_arm64")
    rep, _ = audit_json(whl, status=1)
    assert codes(rep) == ["abi3-violation"]
    assert sorted(messages(rep, "abi3-violation")) == [
        "imports 1 symbol outside the stable ABI: '_PyObject_GetDictPtr'",
        "uses 1 symbol added to the stable ABI after the wheel's floor 3.9: "
        "'PyType_FromMetaclass' (3.12); it needs Python 3.12 or newer"]


CAPI = ("PyList_New PyList_Append PyList_Size PyList_GetItem PyList_SetItem PyList_Insert "
        "PyDict_New PyDict_SetItem PyDict_GetItem PyDict_DelItem PyDict_Size PyDict_Keys "
        "PyDict_Values PyDict_Items PyTuple_New PyTuple_Size PyTuple_GetItem PyTuple_SetItem "
        "PyLong_FromLong PyLong_AsLong PyLong_FromDouble PyLong_AsDouble PyFloat_FromDouble "
        "PyFloat_AsDouble PyUnicode_FromString PyUnicode_AsUTF8String PyBytes_FromString "
        "PyBytes_Size PyBytes_AsString PyObject_GetAttr PyObject_SetAttr PyObject_GetAttrString "
        "PyObject_SetAttrString PyObject_Repr PyObject_Str PyObject_Hash PyObject_IsTrue "
        "PyObject_Call PyObject_CallObject PyErr_SetString PyErr_Occurred PyErr_Clear "
        "PyErr_NoMemory PyErr_Fetch PyErr_Restore PyModule_AddObject PyImport_ImportModule "
        "PyEval_SaveThread PyEval_RestoreThread PySequence_Size").split()


@needs_ld64
def test_static_libpython(tmp):
    # 50 functions of the C API defined in the module (stand-ins for a
    # linked-in libpython.a, which cannot be built here for macOS)
    assert len(CAPI) == 50
    body = "".join("void *%s(void) { return 0; }\n" % f for f in CAPI)
    whl = wheel(tmp, {"demo/m" + DARWIN: module(tmp, body=body)}, "cp312-cp312-macosx_11_0_arm64")
    rep, _ = audit_json(whl, status=1)
    assert codes(rep) == ["static-libpython"]
    assert messages(rep, "static-libpython")[0].startswith("defines 50 functions of the CPython API itself")
    # 49 are a module's own business
    body = "".join("void *%s(void) { return 0; }\n" % f for f in CAPI[1:])
    whl = wheel(tmp, {"demo/m" + DARWIN: module(tmp, body=body)}, "cp312-cp312-macosx_11_0_arm64", "few")
    assert audit_json(whl, status=0)[0]["findings"] == []


# -- malformed files --------------------------------------------------------------

def test_truncated_macho(tmp):
    so = markupsafe()[:5000]
    whl = wheel(tmp, {"markupsafe/_speedups" + DARWIN: so}, "cp312-cp312-macosx_10_9_universal2")
    rep, _ = audit_json(whl, status=1)
    assert codes(rep) == ["malformed-binary"]
    assert messages(rep, "malformed-binary") == [
        "malformed Mach-O file: slice 1 (x86_64) at offset 0x4000 (35208 bytes) runs past the end of the file (5000 bytes)"]
    bare = tmp / ("_speedups" + DARWIN)
    bare.write_bytes(so)
    proc = ww("audit", bare, check=2)
    assert proc.stdout == ""
    assert proc.stderr == ("wheelwright: %s: error: malformed Mach-O file: slice 1 (x86_64) at offset 0x4000 "
                           "(35208 bytes) runs past the end of the file (5000 bytes)\n" % bare)


def test_macho_info_errors(tmp):
    bad = tmp / "x.so"
    bad.write_bytes(b"\xca\xfe\xba\xbe\0\0\0\0")
    proc = ww("internal", "macho-info", bad, check=2)
    assert proc.stderr == "wheelwright: %s: error: malformed Mach-O file: the fat header lists no slices\n" % bad
    bad.write_bytes(b"hello")
    proc = ww("internal", "macho-info", bad, check=2)
    assert proc.stderr == "wheelwright: %s: error: not a Mach-O file: unknown magic 0x68656c6c\n" % bad

