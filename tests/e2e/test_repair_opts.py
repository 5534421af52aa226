"""`wheelwright repair`'s options beyond the basic repair, against the real
thing: several wheels in one call, --exclude (compared with
`auditwheel repair --exclude`), --strip (compared with binutils
`strip -s`, checked with eu-elflint, imported / dlopened), and search
paths with $LIB, $PLATFORM and ${ORIGIN} (compared with glibc's loader).
The helpers (module builds, the python3-only root, auditwheel) are
test_repair.py's."""
import glob
import os
import re
import shutil
import struct
import subprocess
import uuid
import zipfile

import pytest

from conftest import CACHE, ww
from test_repair import (DEBIAN_PY, DIST_PACKAGES, LIBDIR, MOD, OUTER, PLAIN, YAML, auditwheel,
                         available, build_module, compare_with_auditwheel,
                         debian_wheel, dynamic, import_here, import_in_root, libs_in,
                         module_wheel, outer_library, pytestmark, repair, root, unpack,
                         wheel_tags, zip_with)
from wheelkit import stub_library

__all__ = ["pytestmark", "root"]       # the skip marker and the fixture, shared

STUB = dict(includes="int stub_fn(void);", body="PyLong_FromLong(stub_fn())")


# --- several wheels -----------------------------------------------------------

def wheels_in(folder):
    return sorted(os.path.basename(w) for w in glob.glob(os.path.join(folder, "*")))


def test_several_wheels_each_repaired_worst_status(tmp):
    outer = outer_library(tmp)
    good = module_wheel(tmp, build_module(tmp, YAML, libs=["-lyaml"]), name="good")
    plain = module_wheel(tmp, build_module(tmp, PLAIN), name="plain")
    unfound = module_wheel(tmp, build_module(tmp, OUTER, libs=["-L" + outer, "-louter"]),
                           name="unfound")
    out = os.path.join(str(tmp), "wheelhouse")

    # one that cannot be repaired (1) between two good ones
    proc = ww("repair", good, unfound, plain, "-o", out, check=1)
    assert wheels_in(out) == [
        "good-1.0-cp311-cp311-manylinux2014_x86_64.manylinux_2_17_x86_64.whl",
        "plain-1.0-cp311-cp311-manylinux1_x86_64.manylinux_2_5_x86_64.whl"]
    assert not any(n.startswith("unfound") for n in os.listdir(out))   # no temporary left
    sets = proc.stdout.split("repairing ")[1:]
    assert [s.splitlines()[0] for s in sets] == [good, unfound, plain]
    assert "vendored" in sets[0] and sets[0].rstrip().splitlines()[-1].startswith("wrote ")
    assert sets[1].strip() == unfound                  # its error is on stderr
    assert sets[2].rstrip().splitlines()[-1].startswith("wrote ")
    assert proc.stderr.startswith("wheelwright: %s: error: cannot repair the wheel: " % unfound)
    assert "needs 'libouter.so.1'" in proc.stderr

    # bad input (2) is worse than cannot be repaired (1); the good one is written
    hostile = zip_with(tmp, [("../evil.py", b"x")], so=build_module(tmp, PLAIN))
    out2 = os.path.join(str(tmp), "wheelhouse2")
    proc = ww("repair", hostile, unfound, plain, "-o", out2, check=2)
    assert wheels_in(out2) == [
        "plain-1.0-cp311-cp311-manylinux1_x86_64.manylinux_2_5_x86_64.whl"]
    errors = [l for l in proc.stderr.splitlines() if l.startswith("wheelwright: ")]
    assert len(errors) == 2, proc.stderr
    assert errors[0].startswith("wheelwright: %s: error: " % hostile) and "'../evil.py'" in errors[0]
    assert errors[1].startswith("wheelwright: %s: error: " % unfound)

    # one wheel: the output is unchanged (no "repairing" line)
    proc = ww("repair", plain, "-o", os.path.join(str(tmp), "w3"), check=0)
    assert not proc.stdout.startswith("repairing")
    # all fine: 0
    ww("repair", good, plain, "-o", os.path.join(str(tmp), "w4"), check=0)
    assert len(wheels_in(os.path.join(str(tmp), "w4"))) == 2


# --- --exclude ----------------------------------------------------------------

def test_exclude_keeps_needed_no_copy_same_tag_as_auditwheel(tmp, root):
    so = build_module(tmp, YAML, libs=["-lyaml", "-lpython3.11"])
    whl = module_wheel(tmp, so)
    vendored, _ = repair(tmp, whl)
    assert wheel_tags(vendored) == ["cp311-cp311-manylinux_2_17_x86_64",
                                    "cp311-cp311-manylinux2014_x86_64"]   # libyaml's GLIBC_2.14

    for pattern in ("libyaml*", "libyaml-0.so.2", "*/libyaml-0.so.2.*"):   # name, path
        fixed, proc = repair(tmp, whl, "--exclude", pattern)
        assert "kept DT_NEEDED 'libyaml-0.so.2' (excluded)" in proc.stdout
        assert "removed DT_NEEDED 'libpython3.11.so.1.0'" in proc.stdout
        assert libs_in(fixed) == []
        site = unpack(fixed, os.path.join(str(tmp), "x-" + pattern.replace("/", "_").replace("*", "_")))
        d = dynamic(os.path.join(site, "demo", MOD))
        assert "libyaml-0.so.2" in d["NEEDED"] and d["RPATH"] is None
        assert not any(n.startswith("libpython") for n in d["NEEDED"])
        # the copy's GLIBC_2.14 no longer weighs: the module's own needs decide
        assert wheel_tags(fixed) == ["cp311-cp311-manylinux_2_5_x86_64",
                                     "cp311-cp311-manylinux1_x86_64"]
        theirs, aw = auditwheel(tmp, whl, "--exclude", pattern)
        assert theirs, aw.stderr
        assert os.path.basename(theirs) == os.path.basename(fixed)
        assert wheel_tags(theirs) == wheel_tags(fixed) and libs_in(theirs) == []
    # the system provides it here; the root has no libyaml
    assert import_here(tmp, "import demo; print(demo.probe())", fixed).returncode == 0
    there = import_in_root(root, "import demo", fixed)
    assert "libyaml-0.so.2: cannot open shared object file" in there.stderr


def test_exclude_a_copied_librarys_need_as_auditwheel(tmp):
    """libouter is copied; its need on libyaml is left to the system."""
    outer = outer_library(tmp)
    env = {"LD_LIBRARY_PATH": outer}
    whl = module_wheel(tmp, build_module(tmp, OUTER, libs=["-L" + outer, "-louter"]))
    fixed, proc = repair(tmp, whl, "--exclude", "libyaml-0.so.*", env=env)
    names = [os.path.basename(n) for n in libs_in(fixed)]
    assert len(names) == 1 and names[0].startswith("libouter-")
    assert "%s: kept DT_NEEDED 'libyaml-0.so.2' (excluded)" % names[0] in proc.stdout
    site = unpack(fixed, os.path.join(str(tmp), "fixed"))
    lib = dynamic(os.path.join(site, "demo.libs", names[0]))
    assert lib["NEEDED"] == ["libyaml-0.so.2"] and lib["RPATH"] is None
    theirs, aw = auditwheel(tmp, whl, "--exclude", "libyaml-0.so.*", env=env)
    assert compare_with_auditwheel(tmp, whl, fixed, theirs) == 2, aw.stderr

    # a library found nowhere may be excluded: no search, no failure
    fixed, proc = repair(tmp, whl, "--exclude", "libouter.so.1")
    assert libs_in(fixed) == []
    assert "kept DT_NEEDED 'libouter.so.1' (excluded)" in proc.stdout
    theirs, _ = auditwheel(tmp, whl, "--exclude", "libouter.so.1")
    assert compare_with_auditwheel(tmp, whl, fixed, theirs) == 1


@pytest.mark.skipif(not available(["lxml"]), reason="python3-lxml is not installed")
def test_exclude_icu_from_lxml_as_auditwheel(tmp):
    whl = debian_wheel(tmp, "lxml", ["lxml"])
    fixed, proc = repair(tmp, whl, "--exclude", "libicu*")
    names = [os.path.basename(n) for n in libs_in(fixed)]
    assert names and not any(n.startswith("libicu") for n in names)
    assert re.search(r"(?m)^libxml2-[0-9a-f]{8}\.so[.\d]*: kept DT_NEEDED 'libicuuc\.so\.\d+' \(excluded\)",
                     proc.stdout), proc.stdout
    theirs, aw = auditwheel(tmp, whl, "--exclude", "libicu*")
    assert compare_with_auditwheel(tmp, whl, fixed, theirs) >= 2, aw.stderr
    code = "from lxml import etree; print(etree.fromstring('<a>x</a>').text)"
    assert import_here(tmp, code, fixed).stdout == "x\n"


def test_exclude_errors(tmp):
    whl = module_wheel(tmp, build_module(tmp, YAML, libs=["-lyaml"]))
    for pattern, why in (("", "an empty pattern matches no library"),
                         ("libyaml[0-9", "its '[' has no ']'")):
        proc, out = repair(tmp, whl, "--exclude", pattern, status=2)
        assert proc.stderr.splitlines()[0] == (
            "wheelwright: error: repair: --exclude '%s' is not a usable pattern: %s" % (pattern, why))
        assert proc.stderr.splitlines()[1].startswith("hint: patterns are shell globs")
        assert not os.path.exists(out)
    proc = ww("repair", whl, "--exclude", check=2)
    assert "option '--exclude' needs a value" in proc.stderr
    # '[]...]' and '[!]...]' hold a ']' as a member: fine
    repair(tmp, whl, "--exclude", "lib[]x]*", "--exclude", "lib[!]x]aml*")

    # a library the wheel carries and loads cannot be left to the system
    libdir = os.path.join(str(tmp), "inwheel")
    os.makedirs(libdir)
    stub = stub_library(libdir, "libstub.so.1")
    so = build_module(tmp, STUB, libs=[stub], extra=["-Wl,-rpath,$ORIGIN"])
    carried = module_wheel(tmp, so, name="carries",
                           extra={"carries/libstub.so.1": open(stub, "rb").read()})
    proc, out = repair(tmp, carried, "--exclude", "libstub*", status=2)
    assert proc.stderr.strip() == (
        "wheelwright: %s: error: --exclude 'libstub*' matches 'libstub.so.1', which "
        "'carries/%s' finds in the wheel ('carries/libstub.so.1'): only libraries from "
        "outside the wheel can be left to the system" % (carried, MOD))
    assert not os.path.exists(out)
    repair(tmp, carried)                                     # without it: fine


def test_exclude_does_not_keep_libpython(tmp):
    whl = module_wheel(tmp, build_module(tmp, PLAIN, libs=["-lpython3.11"]))
    fixed, proc = repair(tmp, whl, "--exclude", "libpython*")
    assert "removed DT_NEEDED 'libpython3.11.so.1.0'" in proc.stdout
    site = unpack(fixed, os.path.join(str(tmp), "fixed"))
    assert dynamic(os.path.join(site, "demo", MOD))["NEEDED"] == ["libc.so.6"]


# --- --strip ------------------------------------------------------------------

STRIP = shutil.which("strip")
ELFLINT = shutil.which("eu-elflint")
needs_binutils = pytest.mark.skipif(not STRIP or not ELFLINT,
                                    reason="needs binutils strip and eu-elflint")


def sections(path):
    """Section names, in order, and the file's size."""
    out = subprocess.run(["readelf", "-SW", path], stdout=subprocess.PIPE, text=True,
                         check=True).stdout
    return re.findall(r"^\s*\[\s*\d+\]\s+(\S+)", out, re.M)[1:], os.path.getsize(path)


def elflint(path):
    out = subprocess.run([ELFLINT, "--gnu-ld", path], stdout=subprocess.PIPE, text=True).stdout
    return {re.sub(r"\[\s*\d+\]", "[N]", l.replace(path, "FILE"))
            for l in out.splitlines() if l.strip()}


def elf_members(site):
    for dirpath, _, files in os.walk(site):
        for f in files:
            p = os.path.join(dirpath, f)
            with open(p, "rb") as fh:
                if fh.read(4) == b"\x7fELF":
                    yield os.path.relpath(p, site), p


def debug_library(tmp):
    """libouter built with -g (symbols and DWARF), needing libyaml."""
    d = os.path.join(str(tmp), "outer")
    os.makedirs(d, exist_ok=True)
    src = os.path.join(d, "outer.c")
    with open(src, "w") as f:
        f.write("#include <yaml.h>\nstatic int calls;\nconst char *outer_version(void) "
                "{ calls++; return yaml_get_version_string(); }\n")
    subprocess.run(["gcc", "-g", "-shared", "-fPIC", "-O1", "-o",
                    os.path.join(d, "libouter.so.1"), src, "-Wl,-soname,libouter.so.1",
                    "-lyaml"], check=True)
    os.symlink("libouter.so.1", os.path.join(d, "libouter.so"))
    return d


@needs_binutils
def test_strip_vs_strip_s_and_auditwheel(tmp, root):
    outer = debug_library(tmp)
    env = {"LD_LIBRARY_PATH": outer}
    so = build_module(tmp, OUTER, libs=["-L" + outer, "-louter", "-lpython3.11"], extra=["-g"])
    whl = module_wheel(tmp, so)
    plain, _ = repair(tmp, whl, env=env)
    fixed, proc = repair(tmp, whl, "--strip", env=env)
    assert re.search(r"demo/%s: stripped \(\d+ bytes, was %d\)" % (re.escape(MOD), len(so)),
                     proc.stdout), proc.stdout
    assert re.search(r"(?m)^libouter-\w+\.so\.1: stripped", proc.stdout)
    assert "libyaml-0-" not in proc.stdout.split("stripped")[0].splitlines()[-1]  # Debian's: stripped already
    assert "1 binary edited" in proc.stdout
    ours = dict(elf_members(unpack(fixed, os.path.join(str(tmp), "ours"))))
    unstripped = dict(elf_members(unpack(plain, os.path.join(str(tmp), "plain"))))
    theirs_whl, aw = auditwheel(tmp, whl, "--strip", env=env)
    assert theirs_whl, aw.stderr
    theirs = dict(elf_members(unpack(theirs_whl, os.path.join(str(tmp), "aw"))))
    assert sorted(ours) == sorted(theirs) == sorted(unstripped)
    assert len(ours) == 3
    for rel, path in ours.items():
        # binutils on the same repaired file: the same sections, no smaller
        ref = os.path.join(str(tmp), "ref-" + uuid.uuid4().hex[:6])
        subprocess.run([STRIP, "-s", "-o", ref, unstripped[rel]], check=True)
        names, size = sections(path)
        ref_names, ref_size = sections(ref)
        assert sorted(names) == sorted(ref_names), rel
        assert not any(n.startswith(".debug") or n in (".symtab", ".strtab") for n in names)
        assert size <= ref_size, (rel, size, ref_size)
        # auditwheel --strip: strip -s after patchelf; the same sections
        aw_names, aw_size = sections(theirs[rel])
        assert sorted(names) == sorted(aw_names), rel
        assert size <= aw_size, (rel, size, aw_size)
        assert dynamic(path) == dynamic(unstripped[rel])
        assert elflint(path) <= elflint(unstripped[rel]), (rel, elflint(path))
    code = "import demo; print(demo.probe())"
    after = import_in_root(root, code, fixed)
    assert after.returncode == 0, after.stderr
    assert import_here(tmp, code, fixed).stdout == after.stdout


def segment_padding(path):
    """Bytes of PT_LOAD segments past their last section, rounded up to
    pages (what binutils trims from segments patchelf added)."""
    out = subprocess.run(["readelf", "-lSW", path], stdout=subprocess.PIPE, text=True).stdout
    loads = [(int(o, 16), int(f, 16)) for o, f in
             re.findall(r"LOAD\s+0x(\w+)\s+0x\w+\s+0x\w+\s+0x(\w+)", out)]
    secs = [(int(o, 16), int(z, 16)) for t, o, z in
            re.findall(r"\]\s+\S+\s+(\S+)\s+[0-9a-f]+\s+([0-9a-f]+)\s+([0-9a-f]+)", out) if t != "NOBITS"]
    pad = 0
    for off, filesz in loads:
        ends = [o + z for o, z in secs if off <= o < off + filesz]
        if ends and max(ends) < off + filesz:
            pad += (off + filesz - max(ends) + 4095) // 4096 * 4096
    return pad


def cached_wheel_modules():
    """Extension modules of the cached PyPI wheels that carry .symtab."""
    found = []
    for whl in sorted(glob.glob(os.path.join(CACHE, "wheels", "*-manylinux*x86_64*.whl"))):
        with zipfile.ZipFile(whl) as z:
            for n in z.namelist():
                if n.endswith(".so") and ".libs/" not in n and z.read(n)[:4] == b"\x7fELF":
                    found.append((whl, n))
    return found


@needs_binutils
def test_strip_all_vs_strip_s_on_real_modules(tmp):
    """internal elf-edit --strip-all against binutils on the cached PyPI
    wheels' modules (built by many toolchains, most with .symtab and some
    with DWARF): the same section list, no larger than strip -s plus the
    build-attribute notes binutils merges, no new eu-elflint complaint."""
    mods = cached_wheel_modules()
    if not mods:
        pytest.skip("no cached wheels (tests/corpus/fetch-wheels)")
    stripped = close = 0
    total = [0, 0, 0]
    for whl, member in mods:
        src = os.path.join(str(tmp), "in.so")
        with zipfile.ZipFile(whl) as z, open(src, "wb") as f:
            f.write(z.read(member))
        ours, ref = src + ".ours", src + ".ref"
        ww("internal", "elf-edit", src, "--strip-all", "-o", ours, check=0)
        subprocess.run([STRIP, "-s", "-o", ref, src], check=True)
        names, size = sections(ours)
        ref_names, ref_size = sections(ref)
        assert sorted(names) == sorted(ref_names), member
        notes = 0
        if ".gnu.build.attributes" in names:
            notes = int(subprocess.run(["readelf", "-SW", src], stdout=subprocess.PIPE,
                                       text=True).stdout.split(".gnu.build.attributes")[1]
                        .split()[3], 16)
        # binutils also trims the padding patchelf leaves at the end of the
        # segments it adds (we keep loaded bytes as they are)
        assert size <= ref_size + notes + 16 + segment_padding(src), (whl, member, size, ref_size)
        close += size <= ref_size + notes + 16
        assert elflint(ours) <= elflint(src), (member, elflint(ours) - elflint(src))
        assert dynamic(ours) == dynamic(src)
        stripped += size < os.path.getsize(src)
        for i, v in enumerate((os.path.getsize(src), size, ref_size)):
            total[i] += v
    print("%d modules, %d stripped, %d within 16 bytes (+ notes) of strip -s; "
          "bytes: %d in, %d ours, %d strip -s" % ((len(mods), stripped, close) + tuple(total)))
    assert stripped >= 5 and close >= len(mods) * 3 // 4


def patch_dynsym_shndx(path, symbol, shndx):
    """Points one .dynsym entry (64-bit LE) at section shndx."""
    data = bytearray(open(path, "rb").read())
    out = subprocess.run(["readelf", "-SW", path], stdout=subprocess.PIPE, text=True).stdout
    m = re.search(r"\.dynsym\s+DYNSYM\s+\w+\s+(\w+)\s+(\w+)", out)
    off, size = int(m.group(1), 16), int(m.group(2), 16)
    m = re.search(r"\.dynstr\s+STRTAB\s+\w+\s+(\w+)", out)
    strtab = int(m.group(1), 16)
    for i in range(size // 24):
        name_off = struct.unpack_from("<I", data, off + i * 24)[0]
        end = data.index(b"\0", strtab + name_off)
        if data[strtab + name_off:end] == symbol:
            struct.pack_into("<H", data, off + i * 24 + 6, shndx)
            open(path, "wb").write(bytes(data))
            return
    raise AssertionError("no %r in .dynsym" % symbol)


def test_strip_refusals(tmp):
    so_path = os.path.join(str(tmp), MOD)
    build_module(tmp, PLAIN, extra=["-g"])
    names, _ = sections(so_path)
    debug = names.index(".debug_info") + 1
    patch_dynsym_shndx(so_path, b"PyInit__m", debug)
    whl = module_wheel(tmp, open(so_path, "rb").read())
    proc, out = repair(tmp, whl, "--strip", status=2)
    assert proc.stderr.strip() == (
        "wheelwright: %s:demo/%s: error: cannot strip: dynamic symbol 'PyInit__m' is "
        "defined in section %d, which is not loaded" % (whl, MOD, debug))
    assert not os.path.exists(out)
    repair(tmp, whl)                            # without --strip: repaired
    proc = ww("internal", "elf-edit", so_path, "--strip-all", "-o", so_path + ".s", check=2)
    assert "cannot strip: dynamic symbol 'PyInit__m'" in proc.stderr
    # a non-allocated section asking for a 1 MiB alignment
    build_module(tmp, PLAIN, extra=["-g"])
    data = bytearray(open(so_path, "rb").read())
    shoff, = struct.unpack_from("<Q", data, 40)
    idx = sections(so_path)[0].index(".comment") + 1
    struct.pack_into("<Q", data, shoff + idx * 64 + 48, 1 << 20)
    open(so_path, "wb").write(bytes(data))
    proc = ww("internal", "elf-edit", so_path, "--strip-all", "-o", so_path + ".s", check=2)
    assert proc.stderr.strip() == (
        "wheelwright: %s: error: cannot strip: section %d ('.comment') asks for an "
        "alignment of 1048576 bytes" % (so_path, idx))
    proc, out = repair(tmp, module_wheel(tmp, bytes(data), name="aligned"), "--strip", status=2)
    assert ":aligned/%s: error: cannot strip: section %d ('.comment')" % (MOD, idx) in proc.stderr
    assert not os.path.exists(out)
    # an object file is not a shared library
    obj = os.path.join(str(tmp), "x.o")
    with open(obj + ".c", "w") as f:
        f.write("int x;\n")
    subprocess.run(["gcc", "-c", "-g", "-o", obj, obj + ".c"], check=True)
    proc = ww("internal", "elf-edit", obj, "--strip-all", "-o", obj + ".s", check=2)
    assert "error: cannot strip an ELF file of type REL" in proc.stderr \
        or "cannot edit an ELF file of type REL" in proc.stderr


# --- $LIB and $PLATFORM ---------------------------------------------------------

DST = dict(includes="int dst_one(void); int dst_two(void);",
           body="PyLong_FromLong(dst_one() * 10 + dst_two())")


def loader_found(module, env=None):
    """{soname: file} as glibc's loader maps a module's libraries."""
    proc = subprocess.run([DEBIAN_PY, "-c", "import ctypes; ctypes.CDLL(%r)" % module],
                          stderr=subprocess.PIPE, text=True,
                          env=dict(os.environ, LD_DEBUG="libs", **(env or {})))
    assert proc.returncode == 0, proc.stderr
    return {os.path.basename(p): p
            for p in re.findall(r"calling init: (\S+/libdst\w*\.so\.1)", proc.stderr)}


def test_lib_and_platform_tokens_as_the_loader(tmp, root):
    """libdst1 only in <d1>/$LIB, libdst2 only in <d2>/${PLATFORM}: the
    loader and repair find the same files; nothing else would find them."""
    base = str(tmp)
    lib_dir = subprocess.run(["ldconfig", "-p"], stdout=subprocess.PIPE, text=True).stdout
    libc = re.search(r"libc\.so\.6 \(libc6,x86-64\) => (\S+)", lib_dir).group(1)
    lib = os.path.dirname(libc).lstrip("/")             # glibc's $LIB: lib/x86_64-linux-gnu
    one = os.path.join(base, "d1", lib)
    two = os.path.join(base, "d2", "x86_64")            # AT_PLATFORM on x86-64
    os.makedirs(one)
    os.makedirs(two)
    stub_library(one, "libdst1.so.1", "int dst_one(void) { return 4; }\n")
    stub_library(two, "libdst2.so.1", "int dst_two(void) { return 2; }\n")
    rpath = "%s/d1/$LIB:%s/d2/${PLATFORM}" % (base, base)
    so = build_module(tmp, DST, libs=[os.path.join(one, "libdst1.so.1"),
                                      os.path.join(two, "libdst2.so.1")],
                      extra=["-Wl,--disable-new-dtags,-rpath," + rpath])
    mod = os.path.join(base, MOD)
    assert dynamic(mod)["RPATH"] == rpath
    loader = loader_found(mod)
    assert loader == {"libdst1.so.1": os.path.join(one, "libdst1.so.1"),
                      "libdst2.so.1": os.path.join(two, "libdst2.so.1")}
    found = ww("internal", "ld-find", mod, check=0).stdout
    for name, path in loader.items():
        assert "%s => %s" % (name, path) in found, found

    whl = module_wheel(tmp, so)
    fixed, proc = repair(tmp, whl)
    for name, path in loader.items():
        assert "vendored '%s' as 'demo.libs/%s-" % (path, name.split(".")[0]) in proc.stdout
    after = import_in_root(root, "import demo; print(demo.probe())", fixed)
    assert after.returncode == 0 and after.stdout == "42\n", after.stderr

    # the same with DT_RUNPATH; and with $LIB in a folder that lacks it:
    # not found, as the loader would not
    so = build_module(tmp, DST, libs=[os.path.join(one, "libdst1.so.1"),
                                      os.path.join(two, "libdst2.so.1")],
                      extra=["-Wl,--enable-new-dtags,-rpath," + rpath])
    assert dynamic(mod)["RUNPATH"] == rpath and loader_found(mod) == loader
    fixed, _ = repair(tmp, module_wheel(tmp, so, name="runpath"))
    assert len(libs_in(fixed)) == 2
    so = build_module(tmp, DST, libs=[os.path.join(one, "libdst1.so.1"),
                                      os.path.join(two, "libdst2.so.1")],
                      extra=["-Wl,--disable-new-dtags,-rpath,%s/d2/$LIB:%s/d1/$PLATFORM" % (base, base)])
    proc, out = repair(tmp, module_wheel(tmp, so, name="crossed"), status=1)
    assert "needs 'libdst1.so.1'" in proc.stderr and "needs 'libdst2.so.1'" in proc.stderr


# --- --only-plat ----------------------------------------------------------------

def test_only_plat_as_auditwheel(tmp):
    whl = module_wheel(tmp, build_module(tmp, PLAIN))
    fixed, _ = repair(tmp, whl, "--plat", "manylinux_2_28_x86_64", "--only-plat")
    assert wheel_tags(fixed) == ["cp311-cp311-manylinux_2_28_x86_64"]
    theirs, aw = auditwheel(tmp, whl, "--plat", "manylinux_2_28_x86_64", "--only-plat")
    assert theirs, aw.stderr
    assert os.path.basename(theirs) == os.path.basename(fixed)
    assert wheel_tags(theirs) == wheel_tags(fixed)
    # without it, the best policy comes first
    fixed, _ = repair(tmp, whl, "--plat", "manylinux_2_28_x86_64")
    assert wheel_tags(fixed)[0] == "cp311-cp311-manylinux_2_5_x86_64"
    proc, out = repair(tmp, whl, "--only-plat", status=2)
    assert proc.stderr.splitlines()[0] == "wheelwright: error: repair: --only-plat needs --plat TAG"
    assert not os.path.exists(out)


# --- -z, --lib-sdir, --disable-isa-ext-check -----------------------------------

def test_zip_compression_level(tmp):
    whl = module_wheel(tmp, build_module(tmp, YAML, libs=["-lyaml"]))
    stored, _ = repair(tmp, whl, "-z", "0")
    best, _ = repair(tmp, whl, "--zip-compression-level=9")
    usual, _ = repair(tmp, whl)
    with zipfile.ZipFile(stored) as s, zipfile.ZipFile(best) as b, zipfile.ZipFile(usual) as u:
        assert {i.compress_type for i in s.infolist()} == {zipfile.ZIP_STORED}
        assert b.getinfo("demo/" + MOD).compress_type == zipfile.ZIP_DEFLATED
        assert s.namelist() == b.namelist() == u.namelist()
        for name in u.namelist():
            assert s.read(name) == b.read(name) == u.read(name)
    assert os.path.getsize(stored) > os.path.getsize(usual) >= os.path.getsize(best)
    assert import_here(tmp, "import demo; print(demo.probe())", stored).returncode == 0
    for bad in ("10", "x", "-1", ""):
        proc, out = repair(tmp, whl, "-z", bad, status=2)
        assert proc.stderr == ("wheelwright: error: repair: -z needs a compression level "
                               "from 0 to 9, not '%s'\n" % bad), proc.stderr
        assert not os.path.exists(out)


def test_lib_sdir_as_auditwheel(tmp):
    whl = module_wheel(tmp, build_module(tmp, YAML, libs=["-lyaml"]))
    ours, _ = repair(tmp, whl, "--lib-sdir", "_vendored")
    with zipfile.ZipFile(ours) as z:
        copies = [n for n in z.namelist() if n.startswith("demo_vendored/")]
        assert len(copies) == 1 and os.path.basename(copies[0]).startswith("libyaml-0-")
        assert not [n for n in z.namelist() if ".libs/" in n]
    site = unpack(ours, os.path.join(str(tmp), "ours"))
    mine = dynamic(os.path.join(site, "demo", MOD))
    assert mine["RPATH"] == "$ORIGIN/../demo_vendored"
    assert import_here(tmp, "import demo; print(demo.probe())", ours).returncode == 0
    theirs, aw = auditwheel(tmp, whl, "--lib-sdir", "_vendored")
    assert theirs, aw.stderr
    with zipfile.ZipFile(ours) as a, zipfile.ZipFile(theirs) as b:
        # auditwheel also writes folder entries and its SBOM
        files = sorted(n for n in b.namelist() if not n.endswith("/") and "/sboms/" not in n)
        assert sorted(a.namelist()) == files
    site = unpack(theirs, os.path.join(str(tmp), "theirs"))
    assert dynamic(os.path.join(site, "demo", MOD)) == mine
    for bad in ("a/b", "", ".."):
        proc, out = repair(tmp, whl, "--lib-sdir", bad, status=2)
        assert proc.stderr == ("wheelwright: error: repair: --lib-sdir '%s' is not a folder "
                               "name suffix (such as '.libs')\n" % bad), proc.stderr
        assert not os.path.exists(out)


def test_disable_isa_ext_check_as_auditwheel(tmp):
    """A module whose GNU property note asks for x86-64-v3 meets no
    manylinux policy; --disable-isa-ext-check lets the note pass, as
    auditwheel's option does."""
    whl = module_wheel(tmp, build_module(tmp, PLAIN, extra=["-Wl,-z,x86-64-v3"]))
    proc, out = repair(tmp, whl, status=1)
    assert "needs an x86-64 level above the baseline (GNU property note)" in proc.stderr
    assert not os.path.exists(out)
    _, aw = auditwheel(tmp, whl)
    assert aw.returncode != 0 and "unsupported ISA extensions" in aw.stderr
    ours, _ = repair(tmp, whl, "--disable-isa-ext-check")
    assert wheel_tags(ours) == ["cp311-cp311-manylinux_2_5_x86_64",
                                "cp311-cp311-manylinux1_x86_64"]
    theirs, aw = auditwheel(tmp, whl, "--disable-isa-ext-check")
    assert theirs, aw.stderr
    assert os.path.basename(theirs) == os.path.basename(ours)
