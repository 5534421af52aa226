"""`wheelwright implib` against the real tools.

The import libraries it writes are compared with what llvm-dlltool-14 writes
for the same .def (member list, symbols, import objects byte for byte), then
linked with the real linkers (MinGW ld, lld-link) into DLLs whose import
tables llvm-readobj-14 and `wheelwright internal pe-info` must read alike.
"""
import json
import os
import re
import subprocess

import pytest

from conftest import REF, have, ww

LLVM_MACHINE = {"x86_64": "i386:x86-64", "i686": "i386", "aarch64": "arm64"}
MACHINES = sorted(LLVM_MACHINE)

needs_llvm = pytest.mark.skipif(
    not (have("llvm-dlltool-14") and have("llvm-nm-14") and have("llvm-readobj-14")),
    reason="llvm-14 tools not installed")

LIB_DEF = """\
; a library with every kind of export an import library can hold
LIBRARY "mylib.dll"
EXPORTS
    add_one
    times_two @5
    counter DATA
    by_ordinal @7 NONAME
    renamed=internal_name
    hidden PRIVATE
    "quoted"
    std@8
    _underscored
    @fastcall@4
    ?cpp@@YAXH@Z
"""

USE_C = """\
__declspec(dllimport) int add_one(int);
__declspec(dllimport) int times_two(int);
__declspec(dllimport) int by_ordinal(void);
__declspec(dllimport) extern int counter;
__declspec(dllexport) int use_it(int x)
{
    return add_one(x) + times_two(x) + by_ordinal() + counter;
}
"""

LINK_DEF = """\
LIBRARY mylib.dll
EXPORTS
add_one
times_two
counter DATA
by_ordinal @7 NONAME
"""


def run(*cmd, cwd=None):
    proc = subprocess.run([str(c) for c in cmd], cwd=cwd, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True)
    assert proc.returncode == 0, "%s failed:\n%s%s" % (cmd[0], proc.stdout, proc.stderr)
    return proc.stdout


def ar_members(path):
    """(name, bytes) of each member of an ar archive, symbol tables left out.
    Reads both the GNU layout (llvm-dlltool-14) and Microsoft's (ours)."""
    data = open(path, "rb").read()
    assert data[:8] == b"!<arch>\n"
    off, longnames, out = 8, b"", []
    while off < len(data):
        header = data[off:off + 60]
        assert header[58:60] == b"`\n", "bad member header at %d" % off
        name = header[:16].decode().rstrip()
        size = int(header[48:58])
        body = data[off + 60:off + 60 + size]
        off += 60 + size + (size & 1)
        if name == "/":
            continue
        if name == "//":
            longnames = body
            continue
        if re.fullmatch(r"/\d+", name):
            start = int(name[1:])
            end = min(i for i in (longnames.find(b"\0", start), longnames.find(b"/\n", start),
                                  len(longnames)) if i >= 0)
            name = longnames[start:end].decode()
        else:
            name = name.rstrip("/")
        out.append((name, body))
    return out


def nm(path):
    return run("llvm-nm-14", path).replace(os.path.basename(path), "LIB")


def coff_imports(path):
    return run("llvm-readobj-14", "--coff-imports", path).replace(str(path), "LIB")


def dlltool(tmp, deffile, machine, out):
    run("llvm-dlltool-14", "-m", LLVM_MACHINE[machine], "-d", deffile, "-l", out)


def assert_same_library(ours, theirs):
    ours_members, their_members = ar_members(ours), ar_members(theirs)
    assert [m[0] for m in ours_members] == [m[0] for m in their_members]
    for i, (a, b) in enumerate(zip(ours_members, their_members)):
        assert a[1] == b[1], "member %d (%s) differs" % (i, a[0])
    assert nm(ours) == nm(theirs)
    assert coff_imports(ours) == coff_imports(theirs)
    assert run("llvm-ar-14", "t", ours) == run("llvm-ar-14", "t", theirs)


@needs_llvm
@pytest.mark.parametrize("machine", MACHINES)
def test_def_matches_llvm_dlltool(tmp, machine):
    deffile = tmp / "mylib.def"
    deffile.write_text(LIB_DEF)
    ww("implib", "--def", deffile, "--machine", machine, "-o", tmp / "ours.lib", check=0)
    dlltool(tmp, deffile, machine, tmp / "theirs.lib")
    assert_same_library(tmp / "ours.lib", tmp / "theirs.lib")
    symbols = nm(tmp / "ours.lib")
    prefix = "_" if machine == "i686" else ""
    assert " T %sadd_one\n" % prefix in symbols
    assert " D __imp_%scounter\n" % prefix in symbols
    assert " T %scounter\n" % prefix not in symbols     # DATA: no thunk
    assert "hidden" not in symbols                       # PRIVATE
    assert "internal_name" not in symbols


def symbol_index(path):
    """{symbol: member number} from the archive's symbol table(s); for our
    Microsoft layout also checks that the two linker members agree."""
    data = open(path, "rb").read()
    off, tables, starts = 8, [], []
    while off < len(data):
        name, size = data[off:off + 16].rstrip(), int(data[off + 48:off + 58])
        body = data[off + 60:off + 60 + size]
        if name == b"/":
            tables.append(body)
        elif name != b"//":
            starts.append(off)
        off += 60 + size + (size & 1)
    member_no = {start: i for i, start in enumerate(starts)}
    first = tables[0]
    count = int.from_bytes(first[:4], "big")
    offsets = [int.from_bytes(first[4 + 4 * i:8 + 4 * i], "big") for i in range(count)]
    names = first[4 + 4 * count:].split(b"\0")[:count]
    index = {n.decode("latin-1"): member_no[o] for n, o in zip(names, offsets)}
    if len(tables) == 2:
        second = tables[1]
        nr_members = int.from_bytes(second[:4], "little")
        moffs = [int.from_bytes(second[4 + 4 * i:8 + 4 * i], "little") for i in range(nr_members)]
        assert moffs == starts
        at = 4 + 4 * nr_members
        nr_syms = int.from_bytes(second[at:at + 4], "little")
        idx = [int.from_bytes(second[at + 4 + 2 * i:at + 6 + 2 * i], "little") for i in range(nr_syms)]
        sorted_names = second[at + 4 + 2 * nr_syms:].split(b"\0")[:nr_syms]
        assert sorted_names == sorted(sorted_names)
        assert {n.decode("latin-1"): i - 1 for n, i in zip(sorted_names, idx)} == index
    return index


@needs_llvm
@pytest.mark.parametrize("machine", MACHINES)
def test_symbol_index_matches_llvm_dlltool(tmp, machine):
    deffile = tmp / "mylib.def"
    deffile.write_text(LIB_DEF)
    ww("implib", "--def", deffile, "--machine", machine, "-o", tmp / "ours.lib", check=0)
    dlltool(tmp, deffile, machine, tmp / "theirs.lib")
    ours = symbol_index(tmp / "ours.lib")
    assert ours == symbol_index(tmp / "theirs.lib")
    assert len(ours) == 3 + 2 * 9 + 1       # 10 in the library, 1 of them DATA


def reference_defs():
    folder = os.path.join(REF, "python3-dll-a")
    if not os.path.isdir(folder):
        return []
    return sorted(f for f in os.listdir(folder) if f.endswith(".def"))


@needs_llvm
@pytest.mark.skipif(not reference_defs(), reason="reference data not present")
@pytest.mark.parametrize("machine", MACHINES)
def test_reference_defs_match_llvm_dlltool(tmp, machine):
    for name in reference_defs():
        deffile = os.path.join(REF, "python3-dll-a", name)
        ww("implib", "--def", deffile, "--machine", machine, "-o", tmp / "ours.lib", check=0)
        dlltool(tmp, deffile, machine, tmp / "theirs.lib")
        assert_same_library(tmp / "ours.lib", tmp / "theirs.lib")


@needs_llvm
@pytest.mark.skipif(not reference_defs(), reason="reference data not present")
@pytest.mark.parametrize("dll", ["python37.dll", "python311.dll", "python313t.dll",
                                 "python314.dll", "libpypy3.9-c.dll", "libpypy3.11-c.dll"])
def test_builtin_dll_matches_its_def(tmp, dll):
    deffile = os.path.join(REF, "python3-dll-a", dll[:-4] + ".def")
    ww("implib", "--dll", dll, "--machine", "x86_64", "-o", tmp / "ours.lib", check=0)
    dlltool(tmp, deffile, "x86_64", tmp / "theirs.lib")
    assert_same_library(tmp / "ours.lib", tmp / "theirs.lib")


def stable_abi_def(tmp):
    """python3.def by CPython's rule for PC/python3dll.c, from stable_abi.toml."""
    import tomllib
    with open(os.path.join(REF, "cpython", "stable_abi.toml"), "rb") as f:
        toml = tomllib.load(f)
    on_windows = {name for name, m in toml["feature_macro"].items() if m.get("windows")}

    def exported(kind):
        return sorted((n for n, item in toml[kind].items()
                       if item.get("ifdef") is None or item["ifdef"] in on_windows),
                      key=lambda n: (n.lower(), n))
    funcs, data = exported("function"), exported("data")
    path = tmp / "python3.def"
    path.write_text("LIBRARY python3.dll\nEXPORTS\n" + "".join(f + "\n" for f in funcs)
                    + "".join(d + " DATA\n" for d in data))
    return path, funcs, data


@needs_llvm
@pytest.mark.skipif(not os.path.isdir(os.path.join(REF, "cpython")), reason="reference data not present")
@pytest.mark.parametrize("machine", MACHINES)
def test_stable_abi_library(tmp, machine):
    deffile, funcs, data = stable_abi_def(tmp)
    assert (len(funcs), len(data)) == (792, 143)     # NOTES.md
    ww("implib", "--stable-abi", "--machine", machine, "-o", tmp / "ours.lib", check=0)
    dlltool(tmp, deffile, machine, tmp / "theirs.lib")
    assert_same_library(tmp / "ours.lib", tmp / "theirs.lib")
    # --dll python3.dll is the same library
    ww("implib", "--dll", "python3.dll", "--machine", machine, "-o", tmp / "again.lib", check=0)
    assert (tmp / "again.lib").read_bytes() == (tmp / "ours.lib").read_bytes()
    symbols = nm(tmp / "ours.lib")
    assert "PyOS_AfterFork_Child" not in symbols     # HAVE_FORK: not on Windows
    assert "__imp_%s_Py_NoneStruct" % ("_" if machine == "i686" else "") in symbols


def test_output_is_reproducible(tmp):
    for name in ("a.lib", "b.lib"):
        ww("implib", "--dll", "python312.dll", "--machine", "aarch64", "-o", tmp / name, check=0)
    assert (tmp / "a.lib").read_bytes() == (tmp / "b.lib").read_bytes()


def readobj_imports(dll):
    """{dll name: [(symbol, hint or ordinal), ...]} from llvm-readobj."""
    out, current = {}, None
    for line in run("llvm-readobj-14", "--coff-imports", dll).splitlines():
        m = re.match(r"^  Name: (.*)$", line)
        if m:
            current = out.setdefault(m.group(1), [])
            continue
        m = re.match(r"^\s+Symbol: (.*) \((\d+)\)$", line)
        if m:
            current.append((m.group(1), int(m.group(2))))
    return out


def pe_info(dll):
    return json.loads(ww("internal", "pe-info", dll, check=0).stdout)


def our_imports(info):
    return {d["dll"]: [(s.get("name", ""), s.get("hint", s.get("ordinal"))) for s in d["symbols"]]
            for d in info["imports"]}


def readobj_exports(dll):
    out = []
    for block in re.findall(r"Export \{(.*?)\}", run("llvm-readobj-14", "--coff-exports", dll), re.S):
        ordinal = int(re.search(r"Ordinal: (\d+)", block).group(1))
        name = re.search(r"Name: ?(.*)", block).group(1)
        rva = int(re.search(r"RVA: (0x[0-9A-Fa-f]+)", block).group(1), 16)
        if name or rva:
            out.append((ordinal, name or None, rva))
    return out


def check_linked_dll(dll, machine, *, mylib_symbols):
    info = pe_info(dll)
    assert info["machine"] == machine
    assert info["dll"] is True
    assert our_imports(info) == readobj_imports(dll)
    assert [(x["ordinal"], x["name"], x["rva"]) for x in info["exports"]] == readobj_exports(dll)
    mylib = [d for d in info["imports"] if d["dll"] == "mylib.dll"]
    assert len(mylib) == 1
    got = sorted(((s.get("name"), s.get("ordinal")) for s in mylib[0]["symbols"]), key=repr)
    assert got == sorted(mylib_symbols, key=repr)


MYLIB_SYMBOLS = [("add_one", None), ("times_two", None), ("counter", None), (None, 7)]


@pytest.mark.parametrize("machine", ["x86_64", "i686"])
def test_link_with_mingw(tmp, machine):
    gcc = machine + "-w64-mingw32-gcc"
    if not have(gcc) or not have("llvm-readobj-14"):
        pytest.skip("%s or llvm-readobj-14 not installed" % gcc)
    (tmp / "mylib.def").write_text(LINK_DEF)
    (tmp / "use.c").write_text(USE_C)
    ww("implib", "--def", tmp / "mylib.def", "--machine", machine, "-o", tmp / "mylib.lib", check=0)
    run(gcc, "-shared", "-o", tmp / "use.dll", tmp / "use.c", tmp / "mylib.lib")
    check_linked_dll(tmp / "use.dll", machine, mylib_symbols=MYLIB_SYMBOLS)


@pytest.mark.parametrize("machine", MACHINES)
def test_link_with_lld(tmp, machine):
    if not have("clang-14") or not have("lld-link-14") or not have("llvm-readobj-14"):
        pytest.skip("clang-14, lld-14 or llvm-readobj-14 not installed")
    (tmp / "mylib.def").write_text(LINK_DEF)
    (tmp / "use.c").write_text(USE_C)
    ww("implib", "--def", tmp / "mylib.def", "--machine", machine, "-o", tmp / "mylib.lib", check=0)
    run("clang-14", "--target=%s-pc-windows-msvc" % machine, "-fuse-ld=lld", "-nostdlib",
        "-shared", "-Wl,/noentry", "-o", tmp / "use.dll", tmp / "use.c", tmp / "mylib.lib")
    check_linked_dll(tmp / "use.dll", machine, mylib_symbols=MYLIB_SYMBOLS)


@pytest.mark.parametrize("machine", ["x86_64", "aarch64"])
def test_link_abi3_extension_against_python3_lib(tmp, machine):
    """MISSION.md failure 3: an abi3 module for Windows (here also ARM64)
    linked on this machine against our python3.lib, no Windows Python."""
    if not have("clang-14") or not have("lld-link-14"):
        pytest.skip("clang-14 or lld-14 not installed")
    (tmp / "mod.c").write_text(
        "typedef struct _object PyObject;\n"
        "__declspec(dllimport) PyObject *PyLong_FromLong(long);\n"
        "__declspec(dllimport) extern PyObject _Py_NoneStruct;\n"
        "__declspec(dllexport) PyObject *PyInit_mod(void)\n"
        "{ return PyLong_FromLong(1) ? &_Py_NoneStruct : 0; }\n")
    ww("implib", "--stable-abi", "--machine", machine, "-o", tmp / "python3.lib", check=0)
    run("clang-14", "--target=%s-pc-windows-msvc" % machine, "-fuse-ld=lld", "-nostdlib",
        "-shared", "-Wl,/noentry", "-o", tmp / "mod.pyd", tmp / "mod.c", tmp / "python3.lib")
    info = pe_info(tmp / "mod.pyd")
    assert info["machine"] == machine
    assert our_imports(info) == {"python3.dll": [("PyLong_FromLong", 0), ("_Py_NoneStruct", 0)]}
    assert [x["name"] for x in info["exports"]] == ["PyInit_mod"]


# ---- errors ----

@pytest.mark.parametrize("text, where, message", [
    ("LIBRARY a.dll\nEXPORTS\n  f @0\n", ":3:6:", "ordinal '0' of export 'f' is out of range (1 to 65535)"),
    ("LIBRARY \"a.dll\nEXPORTS\n", ":1:9:", "unterminated quoted name"),
    ("LIBRARY a.dll\nfunc\n", ":2:1:", "expected LIBRARY, NAME or EXPORTS, got 'func'"),
    ("LIBRARY a.dll\nEXPORTS\nf JUNK\n", ":3:3:", "unexpected 'JUNK' after export 'f'"),
    ("LIBRARY a.dll\nEXPORTS\nf\ng\nf\n", ":5:1:", "export 'f' is listed twice (first on line 3)"),
    ("LIBRARY a.dll\nEXPORTS\nf == g\n", ":3:1:", "alias exports ('f == g') are not supported"),
])
def test_bad_def_files(tmp, text, where, message):
    deffile = tmp / "bad.def"
    deffile.write_text(text)
    proc = ww("implib", "--def", deffile, "--machine", "x86_64", "-o", tmp / "out.lib", check=2)
    assert "bad.def" + where + " error: " + message in proc.stderr
    assert not (tmp / "out.lib").exists()


@pytest.mark.parametrize("args, message", [
    (["--stable-abi", "--machine", "mips"], "unknown machine 'mips'"),
    (["--stable-abi"], "'--machine' is required"),
    (["--machine", "x86_64"], "no exports"),
    (["--dll", "python99.dll", "--machine", "x86_64"], "unknown DLL 'python99.dll'"),
    (["--def", "x.def", "--stable-abi", "--machine", "x86_64"], "exclude each other"),
    (["--def", "does-not-exist.def", "--machine", "x86_64"], "does-not-exist.def: error: cannot open"),
    (["--stable-abi", "--machine", "x86_64", "--bogus"], "unknown option '--bogus'"),
])
def test_usage_errors(tmp, args, message):
    proc = ww("implib", *args, "-o", tmp / "out.lib", cwd=tmp, check=2)
    assert message in proc.stderr
    assert not (tmp / "out.lib").exists()


def test_missing_output(tmp):
    proc = ww("implib", "--stable-abi", "--machine", "x86_64", check=2)
    assert "'-o FILE' is required" in proc.stderr


def test_def_without_library_needs_dll(tmp):
    deffile = tmp / "nolib.def"
    deffile.write_text("EXPORTS\nf\n")
    proc = ww("implib", "--def", deffile, "--machine", "x86_64", "-o", tmp / "a.lib", check=2)
    assert "no LIBRARY line names the DLL" in proc.stderr
    ww("implib", "--def", deffile, "--dll", "named.dll", "--machine", "x86_64",
       "-o", tmp / "a.lib", check=0)
    assert b"named.dll" in (tmp / "a.lib").read_bytes()


def test_pe_info_rejects_non_pe(tmp):
    (tmp / "x.dll").write_bytes(b"\x7fELF" + b"\0" * 60)
    proc = ww("internal", "pe-info", tmp / "x.dll", check=2)
    assert "not a PE file: no 'MZ' signature" in proc.stderr
