"""Cross Linux builds end to end: from x86-64, wheels of examples/hello for
armhf, arm64, ppc64el and s390x, built with Debian's cross compilers against
each target root's own data (tests/roots/make-root), installed into the root
and imported by the root's own python3 under qemu-user.

The roots are built once (in parallel) by a session fixture and cached in
.cache/roots (WW_ROOTS_DIR overrides); building them needs root privileges,
debootstrap and qemu-user-static. Using them does not: the target's Python
runs as `qemu-CPU-static -L ROOT ROOT/usr/bin/python3.11`.

The error cases use small synthetic sysroots and need no root."""
import concurrent.futures
import json
import os
import shutil
import subprocess
import uuid
import zipfile

import pytest

from conftest import CACHE, ROOT, have, ww

MAKE_ROOT = os.path.join(ROOT, "tests", "roots", "make-root")
ROOTS_DIR = os.environ.get("WW_ROOTS_DIR") or os.path.join(CACHE, "roots")
HELLO = os.path.join(ROOT, "examples", "hello")


class Arch:
    def __init__(self, deb, gnu, rust, cpu, qemu, machine, readelf_machine, bits, endian):
        self.deb, self.gnu, self.rust, self.cpu = deb, gnu, rust, cpu
        self.qemu, self.machine, self.readelf_machine = qemu, machine, readelf_machine
        self.bits, self.endian = bits, endian


# Debian architecture, GNU and Rust triples, the platform tag's CPU, the
# qemu-user binary, elf-info's and readelf's machine names, class, order.
ARCHES = [
    Arch("armhf", "arm-linux-gnueabihf", "armv7-unknown-linux-gnueabihf", "armv7l",
         "qemu-arm-static", "arm", "ARM", 32, "little"),
    Arch("arm64", "aarch64-linux-gnu", "aarch64-unknown-linux-gnu", "aarch64",
         "qemu-aarch64-static", "aarch64", "AArch64", 64, "little"),
    Arch("ppc64el", "powerpc64le-linux-gnu", "powerpc64le-unknown-linux-gnu", "ppc64le",
         "qemu-ppc64le-static", "ppc64le", "PowerPC64", 64, "little"),
    Arch("s390x", "s390x-linux-gnu", "s390x-unknown-linux-gnu", "s390x",
         "qemu-s390x-static", "s390x", "IBM S/390", 64, "big"),
]
BY_DEB = {a.deb: a for a in ARCHES}
IDS = [a.deb for a in ARCHES]


def root_path(deb):
    return os.path.join(ROOTS_DIR, deb)


def root_ready(deb):
    return os.path.exists(os.path.join(root_path(deb), ".wheelwright-root"))


def build_root(deb):
    proc = subprocess.run([MAKE_ROOT, deb], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, timeout=3600)
    return deb, proc.returncode, proc.stderr


@pytest.fixture(scope="session")
def roots():
    """Every root, built where missing: all at once when the machine has
    the cores for it (debootstrap's second stage runs under emulation)."""
    missing = [a.deb for a in ARCHES if not root_ready(a.deb)]
    if missing and os.getuid() != 0:
        pytest.skip("target roots %s missing and building them needs root "
                    "(tests/roots/make-root)" % ", ".join(missing))
    if missing:
        workers = max(2, min(len(missing), os.cpu_count() or 1))
        with concurrent.futures.ThreadPoolExecutor(workers) as pool:
            failed = [r for r in pool.map(build_root, missing) if r[1] != 0]
        if failed:
            pytest.fail("make-root failed: " + "; ".join(
                "%s (exit %d): %s" % (d, rc, err.strip()[-2000:]) for d, rc, err in failed))
    return {a.deb: root_path(a.deb) for a in ARCHES}


def root_python(root, arch, code, env=None, check=True):
    """Runs code with the root's own python3.11 under qemu-user."""
    full = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C.UTF-8"}
    full.update(env or {})
    proc = subprocess.run([shutil.which(arch.qemu) or arch.qemu, "-L", root,
                           os.path.join(root, "usr", "bin", "python3.11"), "-c", code],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          env=full, timeout=300)
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


def config(*args, check=0, env=None):
    proc = ww("config", "--json", *args, check=check, env=env)
    return json.loads(proc.stdout) if check == 0 else proc


@pytest.fixture
def root_site(roots):
    """Makes a fresh folder inside a root to install into; removed after."""
    made = []

    def make(deb):
        path = os.path.join(roots[deb], "tmp", "wheelwright-test-" + uuid.uuid4().hex[:12])
        os.makedirs(path)
        made.append(path)
        return path

    yield make
    for path in made:
        shutil.rmtree(path, ignore_errors=True)


def copy_hello(tmp):
    dest = os.path.join(str(tmp), "hello")
    shutil.copytree(HELLO, dest, ignore=shutil.ignore_patterns("build", "dist"))
    return dest


def build_wheel(tmp, arch, root, *extra, env=None):
    project = copy_hello(tmp)
    out = os.path.join(str(tmp), "dist")
    ww("build", project, "--target", arch.gnu, "--sysroot", root, "-o", out, *extra,
       check=0, env=env)
    wheels = os.listdir(out)
    assert len(wheels) == 1, wheels
    return project, os.path.join(out, wheels[0])


def module_of(wheel_path):
    with zipfile.ZipFile(wheel_path) as z:
        mods = [n for n in z.namelist() if n.endswith(".so")]
    assert len(mods) == 1, mods
    return mods[0]


needs_emulation = pytest.mark.skipif(
    not all(have(a.qemu) for a in ARCHES), reason="qemu-user-static not installed")
needs_cross_gcc = pytest.mark.skipif(
    not all(have(a.gnu + "-gcc") for a in ARCHES), reason="Debian cross compilers not installed")


@needs_emulation
@pytest.mark.parametrize("deb", IDS)
def test_configuration_is_the_targets_own(roots, deb):
    """What wheelwright reads from the root is what the root's Python says
    about itself when it runs."""
    arch, root = BY_DEB[deb], roots[deb]
    got = config("--target", arch.gnu, "--sysroot", root)
    real = json.loads(root_python(root, arch, (
        "import json, sys, sysconfig, importlib.machinery as m\n"
        "v = sysconfig.get_config_var\n"
        "print(json.dumps({'suffix': m.EXTENSION_SUFFIXES[0], 'soabi': v('SOABI'),\n"
        "  'version': v('VERSION'), 'abiflags': sys.abiflags, 'multiarch': v('MULTIARCH'),\n"
        "  'shared': v('Py_ENABLE_SHARED'), 'ldlibrary': v('LDLIBRARY'),\n"
        "  'include': v('INCLUDEPY'), 'libdir': v('LIBDIR'),\n"
        "  'bits': 64 if sys.maxsize > 2**32 else 32, 'order': sys.byteorder,\n"
        "  'debug': v('Py_DEBUG'), 'gil': v('Py_GIL_DISABLED') or 0}))\n")).stdout)
    assert got["ext_suffix"] == got["module_suffix"] == real["suffix"]
    assert got["soabi"] == real["soabi"]
    assert got["version"] == real["version"]
    assert got["abiflags"] == real["abiflags"]
    assert got["multiarch"] == real["multiarch"] == arch.gnu
    assert got["shared"] == bool(real["shared"])
    assert got["lib_name"] == real["ldlibrary"][3:].split(".so")[0]
    assert got["pointer_width"] == real["bits"] == arch.bits
    assert got["byteorder"] == real["order"] == arch.endian
    assert got["debug"] == bool(real["debug"])
    assert got["gil_disabled"] == bool(real["gil"])
    assert got["include_dir"] == root + real["include"]
    assert got["lib_dir"] == root + real["libdir"]
    assert got["platinclude_dir"] == "%s/usr/include/%s/python3.11" % (root, arch.gnu)
    assert got["platform_tag"] == "linux_" + arch.cpu
    assert (got["os"], got["arch"]) == ("linux", arch.cpu)
    assert got["sysroot"] == root
    assert got["executable"] == ""
    assert got["python_tag"] == got["abi_tag"] == "cp311"
    assert "python" not in got["link_args"]


@pytest.mark.parametrize("deb", IDS)
def test_rust_spelling_is_the_same_target(roots, deb):
    arch, root = BY_DEB[deb], roots[deb]
    gnu = config("--target", arch.gnu, "--sysroot", root)
    rust = config("--target", arch.rust, "--sysroot", root)
    assert gnu == rust
    assert gnu["hash"] == rust["hash"]


@needs_cross_gcc
@pytest.mark.parametrize("deb", IDS)
def test_compiler_is_the_debian_cross_gcc(roots, deb):
    arch, root = BY_DEB[deb], roots[deb]
    got = config("--target", arch.gnu, "--sysroot", root, env={"CC": ""})
    assert got["cc"] == arch.gnu + "-gcc"
    assert got["ldflags"] == ""


@needs_emulation
@needs_cross_gcc
@pytest.mark.parametrize("deb", IDS)
def test_wheel_imports_in_the_target_root(tmp, roots, root_site, deb):
    arch, root = BY_DEB[deb], roots[deb]
    project, wheel = build_wheel(tmp, arch, root, env={"CC": ""})
    # The build audits its wheel and tags it with the best policy its
    # binaries allow: manylinux tags of the target's CPU, each in WHEEL.
    name = os.path.basename(wheel)
    prefix = "hello_wheelwright-0.1.0-cp311-cp311-"
    assert name.startswith(prefix) and name.endswith(".whl")
    plats = name[len(prefix):-4].split(".")
    assert plats and all(p.startswith("manylinux") and p.endswith("_" + arch.cpu)
                         for p in plats), plats
    assert module_of(wheel) == "hello/_core.cpython-311-%s.so" % arch.gnu
    with zipfile.ZipFile(wheel) as z:
        wheel_file = z.read("hello_wheelwright-0.1.0.dist-info/WHEEL").decode()
        for p in plats:
            assert "Tag: cp311-cp311-%s\n" % p in wheel_file
        site = root_site(deb)
        z.extractall(site)
    proc = root_python(root, arch, (
        "import sys, hello, hello._core as c\n"
        "print(hello.greet('qemu'))\n"
        "print(c.built_for() >> 16 == sys.hexversion >> 16)\n"
        "print(c.__file__)\n"), env={"PYTHONPATH": site})
    lines = proc.stdout.splitlines()
    assert lines[0] == "hello, qemu!"
    assert lines[1] == "True"
    assert lines[2].endswith("/hello/_core.cpython-311-%s.so" % arch.gnu)
    # Only the target's headers were on the compile line.
    with open(os.path.join(project, "build", "compile_commands.json")) as f:
        for entry in json.load(f):
            args = entry["arguments"]
            assert args[0] == arch.gnu + "-gcc"
            assert "--sysroot=" + root in args
            incs = [a[2:] for a in args if a.startswith("-I")]
            assert incs == ["include",
                            "%s/usr/include/%s/python3.11" % (root, arch.gnu),
                            "%s/usr/include/python3.11" % root]


@pytest.mark.skipif(not shutil.which("readelf"), reason="no readelf")
@needs_cross_gcc
@pytest.mark.parametrize("deb", IDS)
def test_module_is_an_elf_of_the_target(tmp, roots, deb):
    """The machine of the module is the target's by wheelwright's ELF reader
    and by readelf; and it does not name libpython (MISSION.md failure 5)."""
    arch, root = BY_DEB[deb], roots[deb]
    project, wheel = build_wheel(tmp, arch, root, env={"CC": ""})
    path = os.path.join(str(tmp), "module.so")
    with zipfile.ZipFile(wheel) as z, open(path, "wb") as f:
        f.write(z.read(module_of(wheel)))
    info = json.loads(ww("internal", "elf-info", path, check=0).stdout)
    assert info["machine"] == arch.machine
    assert info["class"] == arch.bits
    assert info["endian"] == arch.endian
    assert info["type"] == "DYN"
    assert not [n for n in info["needed"] if "python" in n]
    header = subprocess.run(["readelf", "-h", path], stdout=subprocess.PIPE, text=True).stdout
    fields = dict(line.strip().split(":", 1) for line in header.splitlines() if ":" in line)
    assert fields["Machine"].strip() == arch.readelf_machine
    assert fields["Class"].strip() == "ELF%d" % arch.bits
    assert ("little" if "little" in fields["Data"] else "big") == arch.endian
    dynamic = subprocess.run(["readelf", "-d", path], stdout=subprocess.PIPE, text=True).stdout
    needed = [line for line in dynamic.splitlines() if "(NEEDED)" in line]
    assert needed and not [line for line in needed if "libpython" in line]
    assert sorted(n.split("[")[1].rstrip("]") for n in needed) == sorted(info["needed"])


@needs_emulation
@needs_cross_gcc
def test_seed_case_armhf_suffix(tmp, roots, root_site):
    """MISSION.md failure 4: the armhf module carries the suffix the target's
    Python looks for; the same file named by the CPU (armv7l) is not found."""
    arch, root = BY_DEB["armhf"], roots["armhf"]
    got = config("--target", arch.gnu, "--sysroot", root)
    assert got["ext_suffix"] == ".cpython-311-arm-linux-gnueabihf.so"
    assert got["platform_tag"] == "linux_armv7l"
    _, wheel = build_wheel(tmp, arch, root, env={"CC": ""})
    assert module_of(wheel) == "hello/_core.cpython-311-arm-linux-gnueabihf.so"
    good, bad = root_site("armhf"), root_site("armhf")
    with zipfile.ZipFile(wheel) as z:
        z.extractall(good)
        z.extractall(bad)
    os.rename(os.path.join(bad, "hello", "_core.cpython-311-arm-linux-gnueabihf.so"),
              os.path.join(bad, "hello", "_core.cpython-311-armv7l-linux-gnueabihf.so"))
    code = "import hello._core as c; print(c.greet('arm'))"
    assert root_python(root, arch, code, env={"PYTHONPATH": good}).stdout == "hello, arm!\n"
    proc = root_python(root, arch, code, env={"PYTHONPATH": bad}, check=False)
    assert proc.returncode == 1
    assert "ModuleNotFoundError: No module named 'hello._core'" in proc.stderr


@needs_emulation
@pytest.mark.skipif(not have("clang-14") or not have("ld.lld-14"), reason="no clang-14 and lld-14")
def test_clang_when_no_cross_gcc(tmp, roots, root_site):
    """Without the GNU cross compiler on PATH, clang builds for the triple
    against the root and links with lld; the module still imports. (clang
    still takes crtbeginS.o and libgcc from a GCC installation for the
    target: the cross gcc's files here, which it finds beside its real
    location, or libgcc-12-dev in the root.)"""
    arch, root = BY_DEB["arm64"], roots["arm64"]
    bin_dir = tmp / "bin"
    bin_dir.mkdir()
    with open(str(bin_dir / "clang-14"), "w") as f:
        f.write('#!/bin/sh\nexec "%s" "$@"\n' % shutil.which("clang-14"))
    os.chmod(str(bin_dir / "clang-14"), 0o755)
    env = {"PATH": str(bin_dir), "CC": ""}
    got = config("--target", arch.gnu, "--sysroot", root, env=env)
    assert got["cc"] == "clang-14 --target=aarch64-linux-gnu"
    assert got["ldflags"] == "-fuse-ld=lld"
    explain = ww("config", "--target", arch.gnu, "--sysroot", root, "--explain",
                 env=env, check=0).stdout
    assert "# cc: no 'aarch64-linux-gnu-gcc' installed: clang for the triple, " \
        "linking with lld\n" in explain
    _, wheel = build_wheel(tmp, arch, root, env=env)
    site = root_site("arm64")
    with zipfile.ZipFile(wheel) as z:
        z.extractall(site)
    proc = root_python(root, arch, "import hello; print(hello.greet('clang'))",
                       env={"PYTHONPATH": site})
    assert proc.stdout == "hello, clang!\n"


def test_root_of_another_architecture(roots):
    """The arm64 root given for an armhf target: its data is set aside and
    the error says why; its file named outright is refused the same way."""
    root = roots["arm64"]
    err = error_of("--target", "arm-linux-gnueabihf", "--sysroot", root)
    assert err.startswith("wheelwright: error: no Python configuration for "
                          "'arm-linux-gnueabihf' in sysroot '%s'; considered:\n" % root)
    data = "%s/usr/lib/python3.11/_sysconfigdata__aarch64-linux-gnu.py" % root
    assert "  %s: for 'aarch64-linux-gnu', not 'arm-linux-gnueabihf'\n" % data in err
    err = error_of("--target", "arm-linux-gnueabihf", "--sysconfigdata", data)
    assert err.startswith("wheelwright: error: '%s' does not suit the target: it is for "
                          "'aarch64-linux-gnu', not 'arm-linux-gnueabihf'\n" % data)


def test_explain_names_the_files(roots):
    arch, root = BY_DEB["armhf"], roots["armhf"]
    out = ww("config", "--target", arch.gnu, "--sysroot", root, "--explain",
             env={"CC": ""}, check=0).stdout
    data = "%s/usr/lib/python3.11/_sysconfigdata__linux_arm-linux-gnueabihf.py" % root
    assert "# data: '%s' (upper-case names below are its variables)\n" % data in out
    assert "# ext_suffix: EXT_SUFFIX\n" in out
    assert "# platform_tag: the CPU 'armv7l' of the triple table's row " \
        "'arm-linux-gnueabihf'\n" in out
    assert "# include_dir: INCLUDEPY '/usr/include/python3.11', found at " \
        "'%s/usr/include/python3.11'\n" % root in out
    assert "# link policy for os=linux: never link libpython" in out


# --- errors, on synthetic sysroots -------------------------------------------

SYSCONFIG = """# system configuration generated and used by the sysconfig module
build_time_vars = {'ABIFLAGS': '%(abiflags)s',
 'EXT_SUFFIX': '.cpython-%(nodot)s%(abiflags)s-%(soabi_platform)s.so',
 'HOST_GNU_TYPE': '%(host)s',
 'INCLUDEPY': '/usr/include/python%(version)s%(abiflags)s',
 'LDLIBRARY': 'libpython%(version)s%(abiflags)s.so',
 'LIBDIR': '/usr/lib/%(multiarch)s',
 'MULTIARCH': '%(multiarch)s',
 'Py_DEBUG': 0,
 'Py_ENABLE_SHARED': 1,
 'SIZEOF_VOID_P': %(pointer)d,
 'SOABI': 'cpython-%(nodot)s%(abiflags)s-%(soabi_platform)s',
 'VERSION': '%(version)s',
 'prefix': '/usr'}
"""


def fake_root(root, version="3.11", multiarch="arm-linux-gnueabihf", pointer=4,
              soabi_platform=None, host="armv8l-unknown-linux-gnueabihf", headers=True):
    """A sysroot in Debian's layout with one Python's data and headers."""
    values = dict(version=version, nodot=version.replace(".", ""), abiflags="",
                  multiarch=multiarch, pointer=pointer, host=host,
                  soabi_platform=soabi_platform or multiarch or "arm-linux-gnueabihf")
    lib = os.path.join(str(root), "usr", "lib", "python" + version)
    os.makedirs(lib, exist_ok=True)
    path = os.path.join(lib, "_sysconfigdata__linux_%s.py" % multiarch)
    with open(path, "w") as f:
        f.write(SYSCONFIG % values)
    if headers:
        inc = os.path.join(str(root), "usr", "include", "python" + version)
        os.makedirs(inc, exist_ok=True)
        open(os.path.join(inc, "Python.h"), "w").close()
        with open(os.path.join(inc, "pyconfig.h"), "w") as f:
            f.write("#define SIZEOF_VOID_P %d\n" % pointer)
    return path


def error_of(*args):
    proc = ww("config", *args, check=2)
    assert proc.stdout == ""
    return proc.stderr


def test_armhf_data_gives_the_arm_suffix_whatever_the_host_type(tmp):
    """HOST_GNU_TYPE says armv8l (a 64-bit kernel building for armhf) and the
    CPU is armv7l: the suffix is still the data's."""
    fake_root(tmp)
    got = config("--target", "arm-linux-gnueabihf", "--sysroot", tmp)
    assert got["ext_suffix"] == ".cpython-311-arm-linux-gnueabihf.so"
    assert got["soabi"] == "cpython-311-arm-linux-gnueabihf"
    assert got["platform_tag"] == "linux_armv7l"
    assert got["include_dir"] == "%s/usr/include/python3.11" % tmp
    assert got["platinclude_dir"] == ""


def test_no_sysroot():
    err = error_of("--target", "arm-linux-gnueabihf")
    assert err == (
        "wheelwright: error: cross-compiling for 'arm-linux-gnueabihf' needs the "
        "target's Python configuration\n"
        "hint: give --sysroot DIR (the target's root file system, holding its python3 "
        "and libpython3.X-dev), --cross-lib-dir DIR or --sysconfigdata FILE\n")


def test_sysroot_that_does_not_exist(tmp):
    missing = os.path.join(str(tmp), "nowhere")
    err = error_of("--target", "aarch64-linux-gnu", "--sysroot", missing)
    assert err == "wheelwright: error: sysroot '%s' does not exist\n" % missing
    afile = os.path.join(str(tmp), "file")
    open(afile, "w").close()
    err = error_of("--target", "aarch64-linux-gnu", "--sysroot", afile)
    assert err == "wheelwright: error: sysroot '%s' is not a folder\n" % afile
    err = error_of("--target", "aarch64-linux-gnu", "--sysconfigdata", str(tmp))
    assert err == "wheelwright: error: sysconfigdata '%s' is a folder, not a file\n" % tmp


def test_sysroot_without_python(tmp):
    (tmp / "usr" / "lib").mkdir(parents=True)
    err = error_of("--target", "armv7-unknown-linux-gnueabihf", "--sysroot", tmp)
    assert err.startswith("wheelwright: error: no Python configuration for "
                          "'arm-linux-gnueabihf' in sysroot '%s'; considered:\n" % tmp)
    assert "  %s/usr/lib: no python3.X folder\n" % tmp in err
    assert err.endswith(
        "hint: install the target's Python into the root: package 'libpython3-dev:armhf' "
        "(Debian multiarch), or make the root with 'debootstrap --arch=armhf "
        "--include=libpython3-dev'; or name the file with --sysconfigdata\n")


def test_sysroot_of_another_machine(tmp):
    """MULTIARCH aarch64 for --target arm-linux-gnueabihf: set aside, said why."""
    path = fake_root(tmp, multiarch="aarch64-linux-gnu", pointer=8)
    err = error_of("--target", "arm-linux-gnueabihf", "--sysroot", tmp)
    assert "  %s: for 'aarch64-linux-gnu', not 'arm-linux-gnueabihf'\n" % path in err
    err = error_of("--target", "arm-linux-gnueabihf", "--sysconfigdata", path)
    assert err == (
        "wheelwright: error: '%s' does not suit the target: it is for "
        "'aarch64-linux-gnu', not 'arm-linux-gnueabihf'\n"
        "hint: name the target this file describes with --target\n" % path)
    assert config("--target", "aarch64-linux-gnu", "--sysroot", tmp)["platform_tag"] == \
        "linux_aarch64"


def test_data_without_multiarch_of_another_machine(tmp):
    """No MULTIARCH to compare, and the width agrees: the SOABI still says
    which machine the data is for (here 32-bit PowerPC, not ARM)."""
    path = fake_root(tmp, multiarch="", pointer=4, soabi_platform="powerpc-linux-gnu")
    err = error_of("--target", "arm-linux-gnueabihf", "--sysroot", tmp)
    assert err == (
        "wheelwright: error: '%s' is for 'powerpc-linux-gnu' (SOABI "
        "'cpython-311-powerpc-linux-gnu'), not for the target 'arm-linux-gnueabihf'\n"
        "hint: name the target this file describes with --target, or point at the "
        "target's own data\n" % path)
    got = config("--target", "powerpc-linux-gnu", "--sysroot", tmp)
    assert got["multiarch"] == "powerpc-linux-gnu"   # the table's: the data has none
    assert got["platform_tag"] == "linux_ppc"


def test_two_pythons_are_ambiguous(tmp):
    a = fake_root(tmp, version="3.11")
    b = fake_root(tmp, version="3.12")
    err = error_of("--target", "arm-linux-gnueabihf", "--sysroot", tmp)
    assert err.startswith("wheelwright: error: several Python configurations for "
                          "'arm-linux-gnueabihf' in sysroot '%s':\n" % tmp)
    assert "  %s: Python 3.11, ABIFLAGS '', EXT_SUFFIX " \
        "'.cpython-311-arm-linux-gnueabihf.so'\n" % a in err
    assert "  %s: Python 3.12, ABIFLAGS '', EXT_SUFFIX " \
        "'.cpython-312-arm-linux-gnueabihf.so'\n" % b in err
    assert err.endswith("hint: pick one with --sysconfigdata FILE, or ask for a Python version "
                        "with -i (such as '-i 3.11', or '-i 3.13t' for a free-threaded build)\n")
    # Either picks one; -i with --target names versions of the target's Python.
    assert config("--target", "arm-linux-gnueabihf", "--sysroot", tmp,
                  "--sysconfigdata", b)["version"] == "3.12"
    assert config("--target", "arm-linux-gnueabihf", "--sysroot", tmp,
                  "-i", "3.11")["ext_suffix"] == ".cpython-311-arm-linux-gnueabihf.so"
    both = config("--target", "arm-linux-gnueabihf", "--sysroot", tmp, "-i", "3.11", "-i", "3.12")
    assert [t["python_tag"] for t in both] == ["cp311", "cp312"]
    assert both[0]["hash"] != both[1]["hash"]


def test_interpreter_path_with_target_is_refused(tmp):
    fake_root(tmp)
    err = error_of("--target", "arm-linux-gnueabihf", "--sysroot", tmp, "-i", "python3")
    assert err == (
        "wheelwright: error: with --target, -i names a version of the target's Python, "
        "not 'python3'\n"
        "hint: such as '-i 3.11', or '-i 3.13t' for a free-threaded build; the target's "
        "interpreter is never run\n")


def test_this_machines_headers_are_refused(tmp):
    """Target data whose INCLUDEPY is this machine's own Python's headers
    (found as they are, without a sysroot): never compiled against."""
    import sysconfig
    inc = sysconfig.get_paths()["include"]
    with open(os.path.join(inc, "pyconfig.h")) as f:
        if "#define SIZEOF_VOID_P" not in f.read():
            pytest.skip("this Python's pyconfig.h is a multiarch wrapper")
    path = fake_root(tmp / "data", multiarch="aarch64-linux-gnu", pointer=8, headers=False)
    with open(path) as f:
        text = f.read().replace("'/usr/include/python3.11'", repr(inc))
    with open(path, "w") as f:
        f.write(text)
    err = error_of("--target", "aarch64-linux-gnu", "--sysconfigdata", path)
    assert err.startswith("wheelwright: error: '%s/pyconfig.h' is not the pyconfig.h of "
                          "the target 'aarch64-linux-gnu': it is for x86 (HAVE_GCC_ASM_FOR_X" % inc)
    assert err.endswith("hint: these are another machine's Python headers (perhaps this "
                        "machine's own); give --sysroot with the target's root file system\n")


def test_missing_headers_say_what_to_install(tmp):
    fake_root(tmp, headers=False)
    err = error_of("--target", "arm-linux-gnueabihf", "--sysroot", tmp)
    assert err == (
        "wheelwright: error: no Python.h in '/usr/include/python3.11' inside sysroot '%s'\n"
        "hint: install package 'libpython3.11-dev:armhf' into the root (or make it with "
        "'debootstrap --arch=armhf --include=libpython3.11-dev')\n" % tmp)


def test_relative_sysroot_is_made_absolute(tmp):
    fake_root(tmp / "root")
    got = json.loads(ww("config", "--json", "--target", "arm-linux-gnueabihf",
                        "--sysroot", "root", cwd=str(tmp), check=0).stdout)
    assert got["sysroot"] == os.path.realpath(str(tmp / "root"))
    assert got["include_dir"] == os.path.realpath(str(tmp / "root")) + "/usr/include/python3.11"
