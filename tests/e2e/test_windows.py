"""Windows wheels built on Linux with no Windows Python (MISSION.md failure 3).

The binaries are checked with the real tools: llvm-readobj-14 for the PE
headers, imports and exports, llvm-nm-14 for what the objects ask for and
what the import library offers, pip for the wheel tags, and wine64 to load
an x64 module with a stand-in Python DLL (tests/fixtures/windows) and call
its functions.
"""
import glob
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile

import pytest

from conftest import ww, pyenv_pythons, have, FIXTURES
from buildutil import copy_example, check_record

WIN_FIXTURES = os.path.join(FIXTURES, "windows")
ARM64 = "aarch64-pc-windows-msvc"
X64 = "x86_64-pc-windows-msvc"
X86 = "i686-pc-windows-gnu"
MACHINES = {ARM64: "IMAGE_FILE_MACHINE_ARM64", X64: "IMAGE_FILE_MACHINE_AMD64",
            X86: "IMAGE_FILE_MACHINE_I386"}
PY_DLL = re.compile(r"^(python3\d*t?(_d)?|libpypy.*)\.dll$", re.I)

needs_readobj = pytest.mark.skipif(not have("llvm-readobj-14") or not have("llvm-nm-14"),
                                   reason="needs llvm-readobj-14 and llvm-nm-14 (llvm-14)")
needs_mingw = pytest.mark.skipif(not have("x86_64-w64-mingw32-gcc") or not have("i686-w64-mingw32-gcc"),
                                 reason="needs gcc-mingw-w64")


# --- toolchains -------------------------------------------------------------

def has_ziglang():
    return importlib.util.find_spec("ziglang") is not None


def zig_env():
    """PATH with the test venv first: wheelwright finds its ziglang there."""
    return {"PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"]}


def without_zig_env():
    """PATH without any zig: no zig binary, no python3 beside a ziglang package."""
    keep = []
    for d in os.environ["PATH"].split(os.pathsep):
        if os.path.exists(os.path.join(d, "zig")):
            continue
        if glob.glob(os.path.join(d, "..", "lib", "python3.*", "site-packages", "ziglang")):
            continue
        keep.append(d)
    return {"PATH": os.pathsep.join(keep)}


def arm64_toolchains():
    found = []
    if has_ziglang():
        found.append("zig")
    if have("clang-14") and have("lld-link-14") and have("x86_64-w64-mingw32-gcc"):
        found.append("clang")
    return found


def toolchain_env(kind):
    if kind == "zig":
        if not has_ziglang():
            pytest.skip("ziglang is not installed in the test venv (tests/setup)")
        return zig_env()
    if not (have("clang-14") and have("lld-link-14") and have("x86_64-w64-mingw32-gcc")):
        pytest.skip("needs clang-14, lld-14 and gcc-mingw-w64 (for the MinGW-w64 headers)")
    return without_zig_env()


def local_minors():
    return sorted(int(v.split(".")[1]) for v in pyenv_pythons() if v.startswith("3."))


def require_python(version):
    if version not in pyenv_pythons() and not have("python" + version):
        pytest.skip("needs a local CPython %s for its headers" % version)


def require_abi3_headers(floor=9):
    if not [m for m in local_minors() if m >= floor] and not have("python3"):
        pytest.skip("needs a local CPython 3.%d or newer for its headers" % floor)


# --- reading PE files with llvm-readobj-14 -----------------------------------

def readobj(*args):
    return subprocess.run(["llvm-readobj-14"] + list(args), check=True,
                          stdout=subprocess.PIPE, text=True).stdout


def pe_imports(path):
    """{dll: set(symbols)} from llvm-readobj-14 --coff-imports (delay loads too)."""
    imports, dll = {}, None
    for line in readobj("--coff-imports", path).splitlines():
        line = line.strip()
        if line.startswith("Name: "):
            dll = line[6:]
            imports.setdefault(dll, set())
        elif line.startswith("Symbol: ") and dll:
            imports[dll].add(line[8:].rsplit(" (", 1)[0])
        elif line == "}":
            dll = None
    return imports


def pe_exports(path):
    return {m for m in re.findall(r"^\s*Name: (\S+)$", readobj("--coff-exports", path), re.M)}


def pe_header(path):
    text = readobj("--file-headers", path)
    machine = re.search(r"Machine: (\S+)", text).group(1)
    return machine, "IMAGE_FILE_DLL" in text


def implib_exports(lib, i686=False):
    """What an import library defines, by export name (from llvm-nm-14)."""
    out = subprocess.run(["llvm-nm-14", "--just-symbol-name", lib], check=True,
                         stdout=subprocess.PIPE, text=True).stdout
    names = set()
    for sym in out.split():
        if sym.startswith("__imp_"):
            sym = sym[6:]
            names.add(sym[1:] if i686 and sym.startswith("_") else sym)
    return names


def object_imports(objs, i686=False):
    """The __imp_ symbols the compiled objects leave undefined."""
    names = set()
    for o in objs:
        out = subprocess.run(["llvm-nm-14", "--undefined-only", "--just-symbol-name", o],
                             check=True, stdout=subprocess.PIPE, text=True).stdout
        for sym in out.split():
            pre = "__imp__" if i686 else "__imp_"
            if sym.startswith(pre):
                names.add(sym[len(pre):])
    return names


# Macros of the examples' sources and what they turn into.
MACROS = {"PyModule_Create": "PyModule_Create2"}


def source_python_names(sources, ssize_t_clean_311=False):
    names = set()
    for s in sources:
        with open(s) as f:
            names |= set(re.findall(r"\b_?Py[A-Za-z0-9_]*\b", f.read()))
    names |= {MACROS[n] for n in names if n in MACROS}
    if ssize_t_clean_311 and "PyArg_ParseTuple" in names:
        # PY_SSIZE_T_CLEAN before 3.13 renames it (modsupport.h).
        names.add("_PyArg_ParseTuple_SizeT")
        names.discard("PyArg_ParseTuple")
    return names


# --- building -----------------------------------------------------------------

def build(project, *args, env=None, check=0):
    return ww("build", project, *args, "-o", os.path.join(project, "dist"), env=env, check=check)


def target_dir(project):
    dirs = [d for d in glob.glob(os.path.join(project, "build", "wheelwright", "*"))
            if os.path.basename(d) != "compilers"]
    assert len(dirs) == 1, dirs
    return dirs[0]


def extract(whl, member, dest):
    with zipfile.ZipFile(whl) as z:
        path = os.path.join(dest, os.path.basename(member))
        with open(path, "wb") as f:
            f.write(z.read(member))
    return path


def check_module(pyd, triple, dll, expected, export):
    """An ARM64/x64/x86 DLL that imports exactly `expected` from dll alone."""
    machine, is_dll = pe_header(pyd)
    assert machine == MACHINES[triple]
    assert is_dll
    imports = pe_imports(pyd)
    python_dlls = {d for d in imports if PY_DLL.match(d)}
    assert python_dlls == {dll}, imports.keys()
    assert imports[dll] == expected
    assert export in pe_exports(pyd)


@pytest.fixture
def hello_abi3(tmp):
    return copy_example("hello-abi3", tmp / "hello-abi3")


@pytest.fixture
def hello(tmp):
    return copy_example("hello", tmp / "hello")


def check_abi3_build(project, triple, tmp, env=None):
    require_abi3_headers()
    out = build(project, "--target", triple, env=env)
    tag = {ARM64: "win_arm64", X64: "win_amd64", X86: "win32"}[triple]
    whl = os.path.join(project, "dist", "hello_abi3-0.1.0-cp39-abi3-%s.whl" % tag)
    assert os.path.exists(whl), out.stdout
    names = check_record(whl)
    assert "hello_abi3.pyd" in names
    with zipfile.ZipFile(whl) as z:
        wheel = z.read("hello_abi3-0.1.0.dist-info/WHEEL").decode()
    assert "Tag: cp39-abi3-%s\n" % tag in wheel
    pyd = extract(whl, "hello_abi3.pyd", str(tmp))
    tdir = target_dir(project)
    i686 = triple == X86
    offered = implib_exports(os.path.join(tdir, "windows", "python3.lib"), i686)
    expected = source_python_names([os.path.join(project, "src", "hello_abi3.c")]) & offered
    objs = glob.glob(os.path.join(tdir, "obj", "*", "*.o"))
    # The source, the compiler and the linker agree on what is imported.
    assert expected == object_imports(objs, i686)
    assert expected == {"PyArg_ParseTuple", "PyLong_FromLong", "PyUnicode_FromFormat",
                        "PyModule_Create2"}
    check_module(pyd, triple, "python3.dll", expected, "PyInit_hello_abi3")
    return pyd


# --- the seed case -------------------------------------------------------------

@needs_readobj
@pytest.mark.parametrize("toolchain", ["zig", "clang"])
def test_seed_abi3_arm64_without_windows_python(hello_abi3, tmp, toolchain):
    env = toolchain_env(toolchain)
    cfg = json.loads(ww("config", "--target", ARM64, "--abi3", "3.9", "--json", env=env, check=0).stdout)
    assert ("/zig" in cfg["cc"].split()[0]) == (toolchain == "zig"), cfg["cc"]
    assert cfg["executable"] == ""
    check_abi3_build(hello_abi3, ARM64, tmp, env=env)


@needs_readobj
@needs_mingw
@pytest.mark.parametrize("triple", [X64, X86])
def test_abi3_x86_with_mingw(hello_abi3, tmp, triple):
    cfg = json.loads(ww("config", "--target", triple, "--abi3", "3.9", "--json", check=0).stdout)
    assert cfg["cc"].startswith(triple.split("-")[0] + "-w64-mingw32-gcc")
    check_abi3_build(hello_abi3, triple, tmp)


@needs_readobj
@needs_mingw
def test_version_specific_x64_imports_python311(hello, tmp):
    require_python("3.11")
    build(hello, "--target", X64, "-i", "3.11")
    whl = os.path.join(hello, "dist", "hello_wheelwright-0.1.0-cp311-cp311-win_amd64.whl")
    names = check_record(whl)
    assert "hello/_core.cp311-win_amd64.pyd" in names
    pyd = extract(whl, "hello/_core.cp311-win_amd64.pyd", str(tmp))
    tdir = target_dir(hello)
    offered = implib_exports(os.path.join(tdir, "windows", "python311.lib"))
    srcs = [os.path.join(hello, "src", s) for s in ("core.c", "greet.c")]
    expected = source_python_names(srcs, ssize_t_clean_311=True) & offered
    assert expected == object_imports(glob.glob(os.path.join(tdir, "obj", "*", "*.o")))
    check_module(pyd, X64, "python311.dll", expected, "PyInit__core")
    assert "python3.dll" not in {d.lower() for d in pe_imports(pyd)}


@needs_readobj
@needs_mingw
def test_free_threaded_x64_imports_python313t(hello, tmp):
    require_python("3.13")
    build(hello, "--target", X64, "-i", "3.13t")
    whl = os.path.join(hello, "dist", "hello_wheelwright-0.1.0-cp313-cp313t-win_amd64.whl")
    assert "hello/_core.cp313t-win_amd64.pyd" in check_record(whl)
    pyd = extract(whl, "hello/_core.cp313t-win_amd64.pyd", str(tmp))
    imports = pe_imports(pyd)
    assert {d for d in imports if PY_DLL.match(d)} == {"python313t.dll"}
    with open(os.path.join(target_dir(hello), "windows", "include", "pyconfig.h")) as f:
        assert "#define Py_GIL_DISABLED 1\n" in f.read()


def test_config_for_windows_targets():
    require_abi3_headers()
    cfg = json.loads(ww("config", "--target", ARM64, "--abi3", "3.9", "--json", check=0).stdout)
    assert cfg["os"] == "windows" and cfg["arch"] == "aarch64"
    assert cfg["platform_tag"] == "win_arm64" and cfg["pointer_width"] == 64
    assert cfg["python_tag"] == "cp39" and cfg["abi_tag"] == "abi3"
    assert cfg["module_suffix"] == ".pyd"
    assert cfg["link_args"] == "-shared python3.lib"
    # The headers are the oldest local CPython at least as new as the floor.
    newer = [m for m in local_minors() if m >= 9]
    if newer:
        assert cfg["version"] == "3.%d" % newer[0]
    require_python("3.11")
    cfg = json.loads(ww("config", "--target", "i686-w64-mingw32", "--set", "version=3.11",
                        "--json", check=0).stdout)
    assert cfg["platform_tag"] == "win32" and cfg["pointer_width"] == 32
    assert cfg["ext_suffix"] == ".cp311-win32.pyd" and cfg["module_suffix"] == cfg["ext_suffix"]
    assert cfg["abi_tag"] == "cp311" and cfg["link_args"] == "-shared python311.lib"
    explain = ww("config", "--target", X64, "--set", "version=3.11", "--explain", check=0).stdout
    assert "python311.lib" in explain


@needs_mingw
def test_pip_accepts_the_tags(hello_abi3, tmp):
    """pip, asked for a Windows ARM64 CPython 3.12, takes our abi3 wheel; for 3.8 not."""
    require_abi3_headers()
    build(hello_abi3, "--target", ARM64)
    dist = os.path.join(hello_abi3, "dist")

    def pip_download(pyver):
        return subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-index", "--find-links", dist,
             "--only-binary=:all:", "--platform", "win_arm64", "--python-version", pyver,
             "--implementation", "cp", "--abi", "abi3", "--no-deps", "-d", str(tmp / ("d" + pyver)),
             "hello-abi3"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    ok = pip_download("3.12")
    assert ok.returncode == 0, ok.stdout
    assert os.listdir(tmp / "d3.12") == ["hello_abi3-0.1.0-cp39-abi3-win_arm64.whl"]
    assert pip_download("3.8").returncode != 0


# --- the headers a compile sees -----------------------------------------------

@needs_mingw
def test_linux_pyconfig_is_never_seen(hello, tmp):
    """gcc -H lists every header opened: one pyconfig.h, ours."""
    require_python("3.11")
    r = build(hello, "--target", X64, "--set", "version=3.11", env={"CFLAGS": "-H"})
    tdir = os.path.relpath(target_dir(hello), hello)
    opened = [l.lstrip(".").strip() for l in r.stderr.splitlines() if re.match(r"^\.+ ", l)]
    pyconfigs = [p for p in opened if os.path.basename(p) == "pyconfig.h"]
    assert pyconfigs, r.stderr
    assert set(pyconfigs) == {os.path.join(tdir, "windows", "include", "pyconfig.h")}
    assert any(p.endswith("Python.h") for p in opened)
    # The object manifests (from the compiler's depfiles) say the same.
    deps = []
    for m in glob.glob(os.path.join(hello, tdir, "obj", "*", "*.manifest")):
        with open(m) as f:
            deps += [l.split(" ", 5)[5].strip() for l in f if l.startswith("dep ")]
    assert {d for d in deps if d.endswith("pyconfig.h")} == set(pyconfigs)


SIZES_C = r"""
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <time.h>
#include <wchar.h>

#if !defined(MS_WINDOWS) || !defined(_WIN32)
#error "not a Windows compile"
#endif
#if (SIZEOF_VOID_P == 8) != defined(MS_WIN64)
#error "MS_WIN64 disagrees with the pointer size"
#endif
_Static_assert(sizeof(long) == 4, "Windows is LLP64");
_Static_assert(SIZEOF_LONG == sizeof(long), "long");
_Static_assert(SIZEOF_INT == sizeof(int), "int");
_Static_assert(SIZEOF_SHORT == sizeof(short), "short");
_Static_assert(SIZEOF_LONG_LONG == sizeof(long long), "long long");
_Static_assert(SIZEOF_VOID_P == sizeof(void *), "pointer");
_Static_assert(SIZEOF_SIZE_T == sizeof(size_t), "size_t");
_Static_assert(sizeof(Py_ssize_t) == sizeof(size_t), "Py_ssize_t");
_Static_assert(SIZEOF_WCHAR_T == sizeof(wchar_t), "wchar_t");
_Static_assert(SIZEOF_TIME_T == sizeof(time_t), "time_t");
_Static_assert(SIZEOF_DOUBLE == sizeof(double) && SIZEOF_FLOAT == sizeof(float), "floats");

static struct PyModuleDef def = { PyModuleDef_HEAD_INIT, "sizes", NULL, -1, NULL, NULL, NULL, NULL, NULL };

PyMODINIT_FUNC PyInit_sizes(void)
{
	return PyModule_Create(&def);
}
"""

SIZES_TOML = """
[project]
name = "sizes"
version = "1.0"

[[tool.wheelwright.ext-modules]]
name = "sizes"
sources = ["sizes.c"]
"""


@needs_readobj
@needs_mingw
@pytest.mark.parametrize("triple", [X64, X86, ARM64])
def test_pyconfig_agrees_with_the_compiler(tmp, triple):
    """Every local CPython's headers, with our pyconfig.h, compile for the target."""
    env = toolchain_env(arm64_toolchains()[0]) if triple == ARM64 and arm64_toolchains() else None
    if triple == ARM64 and env is None:
        pytest.skip("no ARM64 Windows compiler")
    minors = [m for m in local_minors() if m >= 7]
    if not minors:
        pytest.skip("no local CPython 3.7+")
    for minor in minors:
        proj = tmp / ("sizes%d" % minor)
        proj.mkdir()
        (proj / "pyproject.toml").write_text(SIZES_TOML)
        (proj / "sizes.c").write_text(SIZES_C)
        build(str(proj), "--target", triple, "--set", "version=3.%d" % minor, env=env)
        pyd = glob.glob(str(proj / "build" / "wheelwright" / "*" / "lib" / "sizes*.pyd"))
        assert len(pyd) == 1 and pyd[0].endswith("sizes.cp3%d-%s.pyd" % (
            minor, {X64: "win_amd64", X86: "win32", ARM64: "win_arm64"}[triple]))
        imports = pe_imports(pyd[0])
        assert imports.get("python3%d.dll" % minor) == {"PyModule_Create2"}, imports
        assert "PyInit_sizes" in pe_exports(pyd[0])


# --- loading under wine --------------------------------------------------------

@pytest.fixture(scope="session")
def wine(tmp_path_factory):
    """wine with a private prefix, started once for the whole session."""
    exe = shutil.which("wine64") or shutil.which("wine")
    if not exe or not have("x86_64-w64-mingw32-gcc"):
        pytest.skip("needs wine (apt-get install wine wine64) and gcc-mingw-w64")
    prefix = tmp_path_factory.mktemp("wineprefix")
    env = dict(os.environ, WINEPREFIX=str(prefix), WINEDEBUG="-all", WINEDLLOVERRIDES="mscoree,mshtml=")
    work = tmp_path_factory.mktemp("wine-hello")
    hello = work / "hello.exe"
    (work / "hello.c").write_text('#include <stdio.h>\nint main(void){puts("wine works");return 0;}\n')
    subprocess.run(["x86_64-w64-mingw32-gcc", "-o", str(hello), str(work / "hello.c")], check=True)
    try:
        r = subprocess.run([exe, str(hello)], env=env, cwd=str(work), timeout=300,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    except subprocess.TimeoutExpired:
        pytest.skip("wine did not start within 300 s")
    if "wine works" not in r.stdout:
        pytest.skip("wine cannot run here: %s" % r.stderr[-500:])
    yield exe, env
    server = shutil.which("wineserver")
    if server:
        subprocess.run([server, "-k"], env=env, timeout=60)


def loader_dir(tmp):
    """loader.exe and the stand-in python3.dll / python311.dll, built with MinGW."""
    d = tmp / "wine-run"
    d.mkdir()
    cc = "x86_64-w64-mingw32-gcc"
    flags = ["-Wall", "-Wextra", "-Werror", "-O1"]
    subprocess.run([cc] + flags + ["-shared", "-o", str(d / "python3.dll"),
                                   os.path.join(WIN_FIXTURES, "stubpy.c")], check=True)
    shutil.copy(d / "python3.dll", d / "python311.dll")
    subprocess.run([cc] + flags + ["-o", str(d / "loader.exe"),
                                   os.path.join(WIN_FIXTURES, "loader.c")], check=True)
    return d


def run_loader(wine, d, *args):
    exe, env = wine
    r = subprocess.run([exe, "loader.exe"] + list(args), env=env, cwd=str(d), timeout=120,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert r.returncode == 0, r.stdout + r.stderr[-2000:]
    return r.stdout.replace("\r\n", "\n")


@needs_mingw
def test_x64_modules_load_under_wine(wine, hello_abi3, hello, tmp):
    require_abi3_headers()
    d = loader_dir(tmp)
    build(hello_abi3, "--target", X64)
    whl = os.path.join(hello_abi3, "dist", "hello_abi3-0.1.0-cp39-abi3-win_amd64.whl")
    extract(whl, "hello_abi3.pyd", str(d))
    out = run_loader(wine, d, "python3.dll", "hello_abi3.pyd", "PyInit_hello_abi3",
                     "add:2:40", "long_bits", "pointer_bits", "greet:wine")
    assert out == ("init hello_abi3\nadd = 42\nlong_bits = 32\npointer_bits = 64\n"
                   "greet = hello, wine!\n")
    require_python("3.11")
    build(hello, "--target", X64, "--set", "version=3.11")
    whl = os.path.join(hello, "dist", "hello_wheelwright-0.1.0-cp311-cp311-win_amd64.whl")
    extract(whl, "hello/_core.cp311-win_amd64.pyd", str(d))
    out = run_loader(wine, d, "python311.dll", "_core.cp311-win_amd64.pyd", "PyInit__core",
                     "greet:ww", "built_for")
    lines = out.splitlines()
    assert lines[:2] == ["init _core", "greet = hello, ww!"]
    assert int(lines[2].split(" = ")[1]) >> 16 == 0x030B


# --- reproducible, incremental ---------------------------------------------------

@needs_readobj
@needs_mingw
def test_two_versions_in_one_build(hello):
    """-i 3.X with --target, twice: two Windows targets, each in its own folder."""
    require_python("3.11")
    require_python("3.12")
    build(hello, "--target", X64, "-i", "3.11", "-i", "3.12")
    assert sorted(os.listdir(os.path.join(hello, "dist"))) == [
        "hello_wheelwright-0.1.0-cp311-cp311-win_amd64.whl",
        "hello_wheelwright-0.1.0-cp312-cp312-win_amd64.whl"]
    pyds = sorted(glob.glob(os.path.join(hello, "build", "wheelwright", "*", "lib", "hello", "*.pyd")),
                  key=os.path.basename)
    assert [os.path.basename(p) for p in pyds] == ["_core.cp311-win_amd64.pyd", "_core.cp312-win_amd64.pyd"]
    assert len({os.path.dirname(p) for p in pyds}) == 2
    for pyd, dll in zip(pyds, ["python311.dll", "python312.dll"]):
        assert {d for d in pe_imports(pyd) if PY_DLL.match(d)} == {dll}


@needs_mingw
@pytest.mark.parametrize("triple", [X64, ARM64])
def test_same_input_same_wheel(hello_abi3, tmp, triple):
    require_abi3_headers()
    env = None
    if triple == ARM64:
        if not arm64_toolchains():
            pytest.skip("no ARM64 Windows compiler")
        env = toolchain_env(arm64_toolchains()[0])
    a = ww("build", hello_abi3, "--target", triple, "-o", tmp / "a", env=env, check=0)
    shutil.rmtree(os.path.join(hello_abi3, "build"))
    ww("build", hello_abi3, "--target", triple, "-o", tmp / "b", env=env, check=0)
    name = os.listdir(tmp / "a")
    assert name == os.listdir(tmp / "b") and len(name) == 1
    with open(tmp / "a" / name[0], "rb") as f1, open(tmp / "b" / name[0], "rb") as f2:
        assert f1.read() == f2.read()
    r = ww("build", hello_abi3, "--target", triple, "-o", tmp / "c", env=env, check=0)
    assert "up to date" in r.stdout, a.stdout + r.stdout
    # The link's temporary folder (and a linker's .lib/.pdb in it) is gone.
    assert os.listdir(os.path.join(target_dir(hello_abi3), "tmp")) == []


# --- errors --------------------------------------------------------------------

def test_error_unknown_machine(hello_abi3):
    r = ww("build", hello_abi3, "--target", "mips-pc-windows-msvc", check=2)
    assert "unknown target triple 'mips-pc-windows-msvc'" in r.stderr
    require_abi3_headers()
    r = ww("build", hello_abi3, "--target", X64, "--set", "arch=mips", check=2)
    assert "no Windows machine for arch 'mips'" in r.stderr
    assert "hint: Windows targets are x86_64, i686 and aarch64" in r.stderr


def test_error_missing_headers(hello):
    r = ww("config", "--target", X64, "--set", "version=3.99", check=2)
    assert "error: no C headers of Python 3.99 on this machine for the Windows target" in r.stderr
    assert "--set include_dir=DIR" in r.stderr
    r = ww("build", hello, "--target", X64, check=2)
    assert "a Windows target needs the Python version to build for" in r.stderr
    assert "give -i 3.X (or --set version=3.X)" in r.stderr


def test_error_debug_and_pypy_builds(hello):
    require_python("3.11")
    r = ww("build", hello, "--target", X64, "--set", "version=3.11", "--set", "debug=true", check=2)
    assert "error: no import library for a debug build of CPython 3.11 for Windows" in r.stderr
    r = ww("build", hello, "--target", X64, "--set", "version=3.11", "--set",
           "implementation=pypy", check=2)
    assert "error: Windows builds are for CPython, not 'pypy'" in r.stderr


def test_error_headers_of_another_version(tmp):
    inc = tmp / "include"
    inc.mkdir()
    (inc / "Python.h").write_text("")
    (inc / "patchlevel.h").write_text("#define PY_MAJOR_VERSION 3\n#define PY_MINOR_VERSION 12\n")
    r = ww("config", "--target", X64, "--set", "version=3.11", "--set", "include_dir=%s" % inc, check=2)
    assert "the headers in '%s' are Python 3.12, not 3.11" % inc in r.stderr
    (inc / "patchlevel.h").write_text("#define PY_MAJOR_VERSION 3\n#define PY_MINOR_VERSION 1x\n")
    r = ww("config", "--target", X64, "--set", "version=3.11", "--set", "include_dir=%s" % inc, check=2)
    assert "patchlevel.h:2:26: error: expected a number below 1000 for 'PY_MINOR_VERSION'" in r.stderr


def test_error_no_arm64_compiler(hello_abi3, tmp):
    inc = tmp / "include"
    inc.mkdir()
    (inc / "Python.h").write_text("")
    (inc / "patchlevel.h").write_text("#define PY_MAJOR_VERSION 3\n#define PY_MINOR_VERSION 12\n")
    empty = tmp / "empty-bin"
    empty.mkdir()
    r = ww("build", hello_abi3, "--target", ARM64, "--set", "include_dir=%s" % inc,
           env={"PATH": str(empty)}, check=2)
    assert "error: no C compiler for Windows ARM64 found for 'aarch64-pc-windows-msvc'" in r.stderr
    assert "pip install ziglang" in r.stderr and "or set CC" in r.stderr
    # CC names the compiler: then none is looked for.
    r = ww("config", "--target", ARM64, "--set", "include_dir=%s" % inc,
           env={"PATH": str(empty), "CC": "my-cc"}, check=0)
    assert "cc=my-cc\n" in r.stdout
