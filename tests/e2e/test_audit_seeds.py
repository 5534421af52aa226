"""`wheelwright audit` on the seed cases of the Audit issue, each a wheel
built here (gcc or a cross gcc, Python's zipfile): every case yields its
finding code and nothing else, and the clean twin of each yields nothing.
Where a finding predicts a load failure, the real loader is asked too."""
import ctypes
import os
import subprocess
import zipfile

import pytest

from conftest import have, pyenv_pythons, ww
from wheelkit import (audit_json, codes, compile_module, make_wheel,
                      stub_library)

INIT = "void *PyInit_%(leaf)s(void);\nvoid *PyInit_%(leaf)s(void) { return 0; }\n"
X86_SUFFIX = ".cpython-312-x86_64-linux-gnu.so"


def module(tmp, leaf="_m", cc="gcc", body="", extra=(), libs=()):
    src = body + INIT % {"leaf": leaf}
    return compile_module(tmp, src, "%s-%s.so" % (leaf, cc), cc=cc, extra=extra, libs=libs)


def test_clean_module_has_no_findings(tmp):
    whl = make_wheel(tmp, {"demo/_m" + X86_SUFFIX: module(tmp)}, "cp312-cp312-linux_x86_64")
    rep, _ = audit_json(whl, status=0)
    assert rep["findings"] == []
    assert rep["files"] == [whl]
    # A module that needs nothing newer than glibc 2.2.5 meets the oldest policy.
    assert rep["policy"] == "manylinux_2_5_x86_64"


# -- ext-suffix-mismatch: MISSION.md failure 4 -----------------------------

@pytest.mark.skipif(not have("arm-linux-gnueabihf-gcc"), reason="needs arm-linux-gnueabihf-gcc")
def test_armv7l_multiarch_in_armhf_wheel(tmp):
    so = module(tmp, leaf="rpds", cc="arm-linux-gnueabihf-gcc")
    bad = make_wheel(tmp, {"rpds/rpds.cpython-312-armv7l-linux-gnueabihf.so": so},
                     "cp312-cp312-linux_armv7l", name="rpds")
    rep, proc = audit_json(bad, status=1)
    assert codes(rep) == ["ext-suffix-mismatch"], rep
    assert "arm-linux-gnueabihf.so" in rep["findings"][0]["message"]
    assert rep["findings"][0]["file"] == bad + ":rpds/rpds.cpython-312-armv7l-linux-gnueabihf.so"
    good_dir = tmp / "good"
    good_dir.mkdir()
    good = make_wheel(good_dir, {"rpds/rpds.cpython-312-arm-linux-gnueabihf.so": so},
                      "cp312-cp312-linux_armv7l", name="rpds")
    rep, _ = audit_json(good, status=0)
    assert rep["findings"] == [] and rep["policy"] == "manylinux_2_17_armv7l"


@pytest.mark.parametrize("name,tag,ok", [
    ("m.cpython-311-x86_64-linux-gnu.so", "cp312-cp312-linux_x86_64", False),
    ("m.abi3.so", "cp312-cp312-linux_x86_64", True),
    ("m.so", "cp312-cp312-linux_x86_64", True),
    ("m.cpython-312-x86_64-linux-gnu.so", "cp39-abi3-linux_x86_64", False),
    ("m.abi3.so", "cp313-cp313t-linux_x86_64", False),
    ("m.cpython-313t-x86_64-linux-gnu.so", "cp313-cp313t-linux_x86_64", True),
    ("m.cpython-37m-x86_64-linux-gnu.so", "cp37-cp37m-linux_x86_64", True),
    ("m.cpython-37-x86_64-linux-gnu.so", "cp37-cp37m-linux_x86_64", False),
    ("m.cpython-312-x86_64-linux-musl.so", "cp312-cp312-musllinux_1_2_x86_64", True),
    ("m.cpython-312-x86_64-linux-gnu.so", "cp312-cp312-musllinux_1_2_x86_64", False),
    ("m.pypy39-pp73-x86_64-linux-gnu.so", "pp39-pypy39_pp73-linux_x86_64", True),
    ("m.abi3.so", "pp39-pypy39_pp73-linux_x86_64", False),
    ("m.pyd", "cp312-cp312-linux_x86_64", False),
])
def test_suffix_rules_by_name(tmp, name, tag, ok):
    # The names only: a renamed x86-64 module is enough for the suffix rules.
    whl = make_wheel(tmp, {"demo/" + name: module(tmp, leaf="m")}, tag)
    rep, _ = audit_json(whl)
    found = codes(rep)
    if ok:
        assert "ext-suffix-mismatch" not in found, rep
    else:
        assert "ext-suffix-mismatch" in found, rep


# -- libpython-needed: MISSION.md failure 5 --------------------------------

def test_libpython_needed(tmp):
    stub = stub_library(tmp, "libpython3.11.so.1.0")
    so = module(tmp, body="int stub_fn(void);\nint use(void) { return stub_fn(); }\n", libs=[stub])
    whl = make_wheel(tmp, {"demo/_m.cpython-311-x86_64-linux-gnu.so": so},
                     "cp311-cp311-linux_x86_64")
    rep, _ = audit_json(whl, status=1)
    assert codes(rep) == ["libpython-needed"], rep
    assert "libpython3.11.so.1.0" in rep["findings"][0]["message"]
    # auditwheel counts libpython as an external library too: no manylinux tag.
    assert rep["policy"] == "linux_x86_64"


# -- runpath ----------------------------------------------------------------

def test_runpath_alone_is_a_warning(tmp):
    so = module(tmp, extra=["-Wl,--enable-new-dtags,-rpath,$ORIGIN/../demo.libs"])
    whl = make_wheel(tmp, {"demo/_m" + X86_SUFFIX: so}, "cp312-cp312-linux_x86_64")
    rep, _ = audit_json(whl, status=0)
    assert codes(rep) == ["runpath"], rep
    assert codes(rep, "warning") == ["runpath"]


def vendored_chain(tmp, dtags):
    """A module that needs liba (vendored), which needs libb (vendored);
    only the module has a search path."""
    libs = tmp / "libs"
    libs.mkdir()
    libb = stub_library(libs, "libb.so", "int b_fn(void) { return 2; }\n")
    liba_src = "int b_fn(void);\nint a_fn(void) { return b_fn(); }\n"
    liba = os.path.join(str(libs), "liba.so")
    with open(liba + ".c", "w") as f:
        f.write(liba_src)
    subprocess.run(["gcc", "-shared", "-fPIC", "-o", liba, liba + ".c", "-Wl,-soname,liba.so",
                    libb], check=True)
    so = module(tmp, body="int a_fn(void);\nint call_a(void) { return a_fn(); }\n",
                extra=["-Wl,%s,-rpath,$ORIGIN/../demo.libs" % dtags], libs=[liba])
    files = {"demo/_m" + X86_SUFFIX: so}
    for name in ("liba.so", "libb.so"):
        with open(os.path.join(str(libs), name), "rb") as f:
            files["demo.libs/" + name] = f.read()
    return files


def loads(tmp, whl, member):
    dest = tmp / ("unpacked-" + os.path.basename(whl))
    with zipfile.ZipFile(whl) as z:
        z.extractall(dest)
    try:
        ctypes.CDLL(str(dest / member))
        return True
    except OSError:
        return False


def test_runpath_that_breaks_a_vendored_chain_is_an_error(tmp):
    whl = make_wheel(tmp, vendored_chain(tmp, "--enable-new-dtags"), "cp312-cp312-linux_x86_64")
    rep, _ = audit_json(whl, status=1)
    assert codes(rep) == ["runpath"], rep
    assert codes(rep, "error") == ["runpath"]
    assert "libb.so" in rep["findings"][0]["message"]
    # The loader agrees: liba.so cannot find libb.so through a RUNPATH.
    assert not loads(tmp, whl, "demo/_m" + X86_SUFFIX)


def test_rpath_on_the_same_chain_is_fine(tmp):
    whl = make_wheel(tmp, vendored_chain(tmp, "--disable-new-dtags"), "cp312-cp312-linux_x86_64")
    rep, _ = audit_json(whl, status=0)
    assert rep["findings"] == [], rep
    assert loads(tmp, whl, "demo/_m" + X86_SUFFIX)


# -- abi3-violation ---------------------------------------------------------

ABI3_BODY = """extern void *PyType_FromMetaclass(void *, void *, void *, void *);
extern void *PyLong_FromLong(long);
void *use(void) { PyLong_FromLong(1); return PyType_FromMetaclass(0, 0, 0, 0); }
"""


def test_abi3_symbol_newer_than_the_floor(tmp):
    so = module(tmp, body=ABI3_BODY)
    whl = make_wheel(tmp, {"demo/_m.abi3.so": so}, "cp39-abi3-linux_x86_64")
    rep, _ = audit_json(whl, status=1)
    assert codes(rep) == ["abi3-violation"], rep
    msg = rep["findings"][0]["message"]
    assert "PyType_FromMetaclass' (3.12)" in msg and "3.9" in msg
    assert "PyLong_FromLong" not in msg
    ok_dir = tmp / "ok"
    ok_dir.mkdir()
    rep, _ = audit_json(make_wheel(ok_dir, {"demo/_m.abi3.so": so}, "cp312-abi3-linux_x86_64"),
                        status=0)
    assert rep["findings"] == []


def test_abi3_symbol_outside_the_stable_abi(tmp):
    so = module(tmp, body="extern void *PyCode_New(void);\nvoid *use(void) { return PyCode_New(); }\n")
    whl = make_wheel(tmp, {"demo/_m.abi3.so": so}, "cp39-abi3-linux_x86_64")
    rep, _ = audit_json(whl, status=1)
    assert codes(rep) == ["abi3-violation"]
    assert "'PyCode_New'" in rep["findings"][0]["message"]
    # Outside an abi3 wheel, anything goes.
    other = tmp / "other"
    other.mkdir()
    rep, _ = audit_json(make_wheel(other, {"demo/_m" + X86_SUFFIX: so}, "cp312-cp312-linux_x86_64"),
                        status=0)
    assert rep["findings"] == []


# -- the other codes --------------------------------------------------------

def test_missing_pyinit(tmp):
    so = module(tmp, leaf="other")
    whl = make_wheel(tmp, {"demo/_m" + X86_SUFFIX: so}, "cp312-cp312-linux_x86_64")
    rep, _ = audit_json(whl, status=1)
    assert codes(rep) == ["missing-pyinit"]
    assert "PyInit__m" in rep["findings"][0]["message"]
    assert "PyInit_other" in rep["findings"][0]["message"]


def test_arch_mismatch(tmp):
    whl = make_wheel(tmp, {"demo/_m.cpython-312-aarch64-linux-gnu.so": module(tmp)},
                     "cp312-cp312-linux_aarch64")
    rep, _ = audit_json(whl, status=1)
    assert codes(rep) == ["arch-mismatch"], rep
    assert "x86_64" in rep["findings"][0]["message"]


def test_glibc_too_new_for_the_claimed_policy(tmp):
    # pthread_create moved into libc.so.6 with version GLIBC_2.34.
    body = "#include <pthread.h>\nvoid *start(void *p) { return p; }\n" \
           "int go(void) { pthread_t t; return pthread_create(&t, 0, start, 0); }\n"
    so = module(tmp, body=body, libs=["-lpthread"])
    whl = make_wheel(tmp, {"demo/_m" + X86_SUFFIX: so}, "cp312-cp312-manylinux_2_17_x86_64")
    rep, _ = audit_json(whl, status=1)
    assert codes(rep) == ["glibc-too-new"], rep
    assert "GLIBC_2.34" in rep["findings"][0]["message"]
    assert rep["policy"] == "manylinux_2_34_x86_64"


def test_external_lib(tmp):
    libfoo = stub_library(tmp, "libfoo.so.1")
    so = module(tmp, body="int stub_fn(void);\nint use(void) { return stub_fn(); }\n", libs=[libfoo])
    name = "demo/_m" + X86_SUFFIX
    whl = make_wheel(tmp, {name: so}, "cp312-cp312-manylinux_2_17_x86_64")
    rep, _ = audit_json(whl, status=1)
    assert codes(rep) == ["external-lib"] and codes(rep, "error") == ["external-lib"]
    assert rep["policy"] == "linux_x86_64"
    # Tagged linux, the wheel promises nothing: a warning.
    lin = tmp / "lin"
    lin.mkdir()
    rep, _ = audit_json(make_wheel(lin, {name: so}, "cp312-cp312-linux_x86_64"), status=0)
    assert codes(rep, "warning") == ["external-lib"]
    # Carried by the wheel, it is not external.
    with open(libfoo, "rb") as f:
        vend = {name: so, "demo.libs/libfoo.so.1": f.read()}
    car = tmp / "car"
    car.mkdir()
    rep, _ = audit_json(make_wheel(car, vend, "cp312-cp312-manylinux_2_17_x86_64"), status=0)
    assert rep["findings"] == [] and rep["policy"] == "manylinux_2_5_x86_64"


def test_tag_mismatch_between_name_and_wheel_file(tmp):
    whl = make_wheel(tmp, {"demo/_m" + X86_SUFFIX: module(tmp)}, "cp312-cp312-linux_x86_64",
                     wheel_tags=["cp311-cp311-linux_x86_64"])
    rep, _ = audit_json(whl, status=1)
    assert codes(rep) == ["tag-mismatch"]
    assert len(rep["findings"]) == 2    # one tag missing each way


def test_binary_in_purelib(tmp):
    whl = make_wheel(tmp, {"demo/_m" + X86_SUFFIX: module(tmp)}, "cp312-cp312-linux_x86_64",
                     purelib=True)
    rep, _ = audit_json(whl, status=1)
    assert codes(rep) == ["tag-mismatch"]
    assert "purelib" in rep["findings"][0]["message"]


def test_module_in_a_wheel_for_any_platform(tmp):
    whl = make_wheel(tmp, {"demo/_m.so": module(tmp)}, "py3-none-any")
    rep, _ = audit_json(whl, status=1)
    assert codes(rep) == ["tag-mismatch"]


def test_record_mismatch(tmp):
    def tamper(rows):
        rows = [r for r in rows if not r.startswith("demo/b.py")]      # unlisted
        rows = [r.replace(",sha256=", ",sha256=AAAA") if r.startswith("demo/a.py") else r
                for r in rows]                                         # wrong hash
        return rows + ["demo/gone.py,sha256=x,1"]                      # absent
    files = {"demo/a.py": b"a = 1\n", "demo/b.py": b"b = 2\n", "demo/_m" + X86_SUFFIX: module(tmp)}
    whl = make_wheel(tmp, files, "cp312-cp312-linux_x86_64", record_edit=tamper)
    rep, _ = audit_json(whl, status=1)
    assert codes(rep) == ["record-mismatch"]
    files_hit = sorted(f["file"].split(":", 1)[1] for f in rep["findings"])
    assert files_hit == ["demo/a.py", "demo/b.py", "demo/gone.py"]


def test_bad_record_is_located(tmp):
    whl = make_wheel(tmp, {"demo/a.py": b"a = 1\n"}, "py3-none-any",
                     record_edit=lambda rows: rows + ['"unterminated,,'])
    rep, _ = audit_json(whl, status=1)
    f = rep["findings"][0]
    assert f["code"] == "record-mismatch"
    assert f["file"].endswith("demo-1.0.dist-info/RECORD")
    assert "unterminated quoted field" in f["message"] and f["message"].startswith("5:1: ")


def static_libpythons():
    """The static libpythons of this machine's CPythons (their LIBPL)."""
    found = []
    for exe in pyenv_pythons().values():
        out = subprocess.run([exe, "-c", "import sysconfig as s; print(s.get_config_var('LIBPL'), "
                              "s.get_config_var('LIBRARY'))"], stdout=subprocess.PIPE, text=True)
        parts = out.stdout.split()
        if len(parts) == 2 and os.path.exists(os.path.join(*parts)):
            found.append(os.path.join(*parts))
    return found


def test_static_libpython(tmp):
    # A module linked with a static libpython: it calls Py_Initialize, so
    # the linker pulls in most of the interpreter. Not every libpythonX.Y.a
    # is position-independent; the first that links is used.
    body = "void Py_Initialize(void);\nvoid boot(void) { Py_Initialize(); }\n"
    for static in static_libpythons():
        try:
            so = module(tmp, body=body, libs=[static, "-lm", "-lz", "-lexpat", "-ldl", "-lutil"])
            break
        except subprocess.CalledProcessError:
            continue
    else:
        pytest.skip("no position-independent static libpython here")
    whl = make_wheel(tmp, {"demo/_m" + X86_SUFFIX: so}, "cp312-cp312-linux_x86_64")
    rep, _ = audit_json(whl, status=1)
    assert codes(rep) == ["static-libpython"], rep
    # The module's own few Python-named helpers are not a libpython.
    few = "".join("int Py_helper%d(void) { return %d; }\n" % (i, i) for i in range(80))
    rep, _ = audit_json(make_wheel(tmp, {"demo/_m" + X86_SUFFIX: module(tmp, body=few)},
                                   "cp312-cp312-linux_x86_64", name="few"), status=0)
    assert rep["findings"] == []


def test_hostile_zip_is_exit_2(tmp):
    whl = make_wheel(tmp, {"demo/a.py": b"a = 1\n"}, "py3-none-any")
    with open(whl, "rb") as f:
        data = f.read()
    with open(whl, "wb") as f:
        f.write(data[:-30])         # the end of central directory record cut
    proc = ww("audit", whl, check=2)
    assert "error" in proc.stderr


def test_bare_module_file(tmp):
    so = module(tmp, extra=["-Wl,--enable-new-dtags,-rpath,/opt/build/lib"])
    path = os.path.join(str(tmp), "_m" + X86_SUFFIX)
    with open(path, "wb") as f:
        f.write(so)
    proc = ww("audit", path, check=0)
    assert proc.stdout.startswith(path + ": runpath: warning: ")
    assert "best policy manylinux_2_5_x86_64.manylinux1_x86_64" in proc.stdout
    aarch = os.path.join(str(tmp), "_m.cpython-312-aarch64-linux-gnu.so")
    with open(aarch, "wb") as f:
        f.write(so)
    proc = ww("audit", aarch, check=1)
    assert ": arch-mismatch: error: " in proc.stdout


def test_policy_option(tmp):
    whl = make_wheel(tmp, {"demo/_m" + X86_SUFFIX: module(tmp)}, "cp312-cp312-linux_x86_64")
    rep, _ = audit_json(whl, policy="manylinux2014_x86_64", status=0)
    assert rep["findings"] == []
    rep, _ = audit_json(whl, policy="manylinux_2_17_aarch64", status=1)
    assert codes(rep) == ["arch-mismatch"]
    proc = ww("audit", whl, "--policy", "manylinux_9_x86_64", check=2)
    assert "unknown policy 'manylinux_9_x86_64'" in proc.stderr


# -- Windows ----------------------------------------------------------------

MINGW = "x86_64-w64-mingw32-gcc"


@pytest.mark.skipif(not have(MINGW), reason="needs " + MINGW)
def test_pyd_abi3_against_python3_dll(tmp):
    implib = os.path.join(str(tmp), "python3.lib")
    ww("implib", "--stable-abi", "--machine", "x86_64", "-o", implib, check=0)
    src = ("__declspec(dllimport) void *PyType_FromMetaclass(void *, void *, void *, void *);\n"
           "__declspec(dllexport) void *PyInit__m(void);\n"
           "void *PyInit__m(void) { return PyType_FromMetaclass(0, 0, 0, 0); }\n")
    pyd = compile_module(tmp, src, "_m.pyd", cc=MINGW, libs=[implib])
    whl = make_wheel(tmp, {"demo/_m.pyd": pyd}, "cp39-abi3-win_amd64")
    rep, _ = audit_json(whl, status=1)
    assert codes(rep) == ["abi3-violation"], rep
    # Named for one version, in an abi3 wheel; and for the wrong CPU.
    other = tmp / "other"
    other.mkdir()
    whl = make_wheel(other, {"demo/_m.cp312-win_amd64.pyd": pyd}, "cp312-abi3-win_arm64")
    rep, _ = audit_json(whl, status=1)
    assert codes(rep) == ["arch-mismatch", "ext-suffix-mismatch"], rep


@pytest.mark.skipif(not have("x86_64-w64-mingw32-gcc"), reason="needs gcc-mingw-w64")
def test_static_libpython_pe(tmp):
    """The same rule on a Windows module: exported C API functions, not
    forwarders, counted by the PE checks (the 50 names of the Mach-O test)."""
    from test_audit_macho import CAPI, messages
    def pyd(name, funcs):
        src = tmp / (name + ".c")
        src.write_text("__declspec(dllexport) void *PyInit_m(void) { return 0; }\n" +
                       "".join("__declspec(dllexport) void *%s(void) { return 0; }\n" % f
                               for f in funcs))
        out = tmp / name / "m.cp312-win_amd64.pyd"
        out.parent.mkdir()
        subprocess.run(["x86_64-w64-mingw32-gcc", "-shared", "-o", str(out), str(src)], check=True)
        return str(out)

    rep, _ = audit_json(pyd("all", CAPI), status=1)
    assert "static-libpython" in codes(rep), rep
    assert messages(rep, "static-libpython")[0].startswith(
        "defines 50 functions of the CPython API itself ('PyBytes_AsString', ")  # PE exports are sorted
    rep, _ = audit_json(pyd("few", CAPI[1:]), status=None)
    assert "static-libpython" not in codes(rep), rep
