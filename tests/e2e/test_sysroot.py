"""The sysroot finder: which configuration it picks in the layouts it knows,
what it says when there is none or several, and, with the target roots of
tests/roots/make-root, that the headers it finds compile with the target's
cross compiler and that its EXT_SUFFIX is the one the target's Python uses."""
import glob
import json
import os
import shutil
import subprocess

import pytest

from conftest import CACHE, ww

ROOT_TARGETS = {  # Debian architecture: (triple, qemu CPU)
    "armhf": ("arm-linux-gnueabihf", "arm"),
    "arm64": ("aarch64-linux-gnu", "aarch64"),
    "ppc64el": ("powerpc64le-linux-gnu", "ppc64le"),
    "s390x": ("s390x-linux-gnu", "s390x"),
}


def config_text(version="3.11", multiarch="arm-linux-gnueabihf", abiflags="", pointer=4,
                prefix="/usr", extra=""):
    nodot = version.replace(".", "")
    return ("# generated\nbuild_time_vars = {'ABIFLAGS': %r,\n 'MACHDEP': 'linux',\n"
            " 'MULTIARCH': %r, 'SIZEOF_VOID_P': %d, 'VERSION': %r,\n"
            " 'Py_GIL_DISABLED': %d, 'Py_DEBUG': %d,\n"
            " 'EXT_SUFFIX': '.cpython-%s%s-%s.so',\n 'prefix': %r,\n"
            " 'INCLUDEPY': '%s/include/python%s%s', 'LIBDIR': '%s/lib'%s}\n"
            % (abiflags, multiarch, pointer, version, "t" in abiflags, "d" in abiflags,
               nodot, abiflags, multiarch, prefix, prefix, version, abiflags, prefix, extra))


def put(root, rel, text):
    path = os.path.join(str(root), rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as fp:
        fp.write(text)
    return path


def debian_config(root, version="3.11", multiarch="arm-linux-gnueabihf", abiflags="", pointer=4):
    """Debian's layout: the same data as _sysconfigdata_{flags}_{multiarch}.py
    and _sysconfigdata_{flags}_linux_{multiarch}.py."""
    text = config_text(version, multiarch, abiflags, pointer)
    put(root, "usr/lib/python%s/_sysconfigdata_%s_%s.py" % (version, abiflags, multiarch), text)
    return put(root, "usr/lib/python%s/_sysconfigdata_%s_linux_%s.py" % (version, abiflags, multiarch),
               text)


def find(*args, check=0):
    proc = ww("internal", "sysroot", *args, check=check)
    return json.loads(proc.stdout) if check == 0 else proc


def test_debian_multiarch_root(tmp):
    chosen = debian_config(tmp)
    debian_config(tmp, multiarch="aarch64-linux-gnu", pointer=8)
    put(tmp, "usr/include/python3.11/Python.h", "")
    put(tmp, "usr/include/python3.11/pyconfig.h", "#include <arm-linux-gnueabihf/python3.11/pyconfig.h>\n")
    put(tmp, "usr/include/arm-linux-gnueabihf/python3.11/pyconfig.h", "")
    os.makedirs(os.path.join(str(tmp), "usr/lib"), exist_ok=True)
    got = find("--sysroot", tmp, "--target", "armv7-unknown-linux-gnueabihf")
    assert got["config_file"] == chosen
    assert got["vars"]["EXT_SUFFIX"] == ".cpython-311-arm-linux-gnueabihf.so"
    assert got["include_dir"] == "%s/usr/include/python3.11" % tmp
    assert got["pyconfig_dir"] == "%s/usr/include/arm-linux-gnueabihf/python3.11" % tmp
    assert got["multiarch_include_root"] == "%s/usr/include" % tmp
    assert got["lib_dir"] == "%s/usr/lib" % tmp
    # The arm64 files are there too, but not its pyconfig.h: Debian's
    # INCLUDEPY/pyconfig.h is only a wrapper.
    other = find("--sysroot", tmp, "--target", "aarch64-linux-gnu")
    assert other["vars"]["SIZEOF_VOID_P"] == 8
    assert other["include_dir"] == got["include_dir"] and other["pyconfig_dir"] is None
    proc = find("--sysroot", tmp, "--target", "aarch64-linux-gnu", "--require-headers", check=2)
    assert proc.stderr == (
        "wheelwright: error: no pyconfig.h for 'aarch64-linux-gnu' beside '%s/usr/include/python3.11'\n"
        "hint: install package 'libpython3.11-dev:arm64' into the root (or make it with "
        "'debootstrap --arch=arm64 --include=libpython3.11-dev')\n" % tmp)


def test_merged_usr_link_counts_once(tmp):
    debian_config(tmp)
    os.symlink("usr/lib", os.path.join(str(tmp), "lib"))
    got = find("--sysroot", tmp, "--target", "arm-linux-gnueabihf")
    assert got["config_file"].startswith("%s/usr/lib/" % tmp)


def test_none_lists_what_was_considered(tmp):
    debian_config(tmp, multiarch="aarch64-linux-gnu", pointer=8)
    os.makedirs(os.path.join(str(tmp), "usr/local/lib/python3.11"))
    proc = find("--sysroot", tmp, "--target", "arm-linux-gnueabihf", check=2)
    lines = proc.stderr.splitlines()
    assert lines[0] == ("wheelwright: error: no Python configuration for 'arm-linux-gnueabihf' "
                        "in sysroot '%s'; considered:" % tmp)
    assert ("  %s/usr/lib/python3.11/_sysconfigdata__linux_aarch64-linux-gnu.py: "
            "for 'aarch64-linux-gnu', not 'arm-linux-gnueabihf'" % tmp) in lines
    assert "  %s/usr/local/lib/python3.11: no _sysconfigdata_*.py or build-details.json" % tmp in lines
    assert "  %s/usr/lib64: no such folder" % tmp in lines
    assert lines[-1] == ("hint: install the target's Python into the root: package "
                         "'libpython3-dev:armhf' (Debian multiarch), or make the root with "
                         "'debootstrap --arch=armhf --include=libpython3-dev'; or name the "
                         "file with --sysconfigdata")


def test_several_versions_are_ambiguous(tmp):
    a = debian_config(tmp, version="3.11")
    b = debian_config(tmp, version="3.12")
    proc = find("--sysroot", tmp, "--target", "arm-linux-gnueabihf", check=2)
    assert proc.stderr.startswith("wheelwright: error: several Python configurations for "
                                  "'arm-linux-gnueabihf' in sysroot '%s':\n" % tmp)
    assert "  %s: Python 3.11, ABIFLAGS '', EXT_SUFFIX '.cpython-311-arm-linux-gnueabihf.so'" % a \
        in proc.stderr
    assert "  %s: Python 3.12" % b in proc.stderr
    assert "hint: pick one with --sysconfigdata FILE, or ask for a Python version" in proc.stderr
    assert find("--sysroot", tmp, "--target", "arm-linux-gnueabihf",
                "--python-version", "3.12")["config_file"] == b
    assert find("--sysconfigdata", a, "--target", "arm-linux-gnueabihf")["config_file"] == a


def test_debug_and_free_threaded_builds(tmp):
    default = debian_config(tmp, version="3.13")
    debug = debian_config(tmp, version="3.13", abiflags="d")
    ft = debian_config(tmp, version="3.13", abiflags="t")
    assert find("--sysroot", tmp, "--target", "arm-linux-gnueabihf")["config_file"] == default
    assert find("--sysroot", tmp, "--target", "arm-linux-gnueabihf",
                "--python-version", "3.13")["config_file"] == default
    assert find("--sysroot", tmp, "--target", "arm-linux-gnueabihf",
                "--python-version", "3.13t")["config_file"] == ft
    os.remove(default)
    os.remove(default.replace("_linux_", "_"))
    proc = find("--sysroot", tmp, "--target", "arm-linux-gnueabihf", check=2)
    assert debug in proc.stderr and ft in proc.stderr


def test_pointer_width_without_multiarch(tmp):
    """Files without MULTIARCH (old or non-Debian builds) are told apart by
    SIZEOF_VOID_P."""
    put(tmp, "usr/lib/python3.11/_sysconfigdata__linux_.py", config_text(multiarch="", pointer=8))
    proc = find("--sysroot", tmp, "--target", "arm-linux-gnueabihf", check=2)
    assert "a 64-bit build, the target is 32-bit" in proc.stderr


def test_cross_lib_dir_of_an_installation(tmp):
    """A `make install` prefix copied elsewhere: its paths are relocated from
    the configuration's prefix to where the files are now."""
    prefix = tmp / "opt" / "py"
    path = put(prefix, "lib/python3.12/_sysconfigdata__linux_aarch64-linux-gnu.py",
               config_text("3.12", "aarch64-linux-gnu", pointer=8, prefix="/build/install"))
    put(prefix, "include/python3.12/Python.h", "")
    put(prefix, "include/python3.12/pyconfig.h", "")
    got = find("--cross-lib-dir", prefix / "lib", "--target", "aarch64-unknown-linux-gnu")
    assert got["config_file"] == path
    assert got["include_dir"] == "%s/include/python3.12" % prefix
    assert got["pyconfig_dir"] == got["include_dir"]
    assert got["multiarch_include_root"] is None
    assert got["lib_dir"] == "%s/lib" % prefix
    assert find("--cross-lib-dir", prefix, "--target", "aarch64-linux-gnu")["config_file"] == path


def test_build_details_only(tmp):
    put(tmp, "usr/lib/python3.14/build-details.json", json.dumps({
        "schema_version": "1.0", "base_prefix": "../..", "platform": "linux-aarch64",
        "language": {"version": "3.14"}, "implementation": {"name": "cpython", "_multiarch": "aarch64-linux-gnu"},
        "abi": {"flags": [], "extension_suffix": ".cpython-314-aarch64-linux-gnu.so"},
        "c_api": {"headers": "include/python3.14"}}))
    put(tmp, "usr/include/python3.14/Python.h", "")
    put(tmp, "usr/include/python3.14/pyconfig.h", "#define SIZEOF_VOID_P 8\n")
    got = find("--sysroot", tmp, "--target", "aarch64-linux-gnu", "--require-headers")
    assert got["vars"]["EXT_SUFFIX"] == ".cpython-314-aarch64-linux-gnu.so"
    assert got["vars"]["SOABI"] == "cpython-314-aarch64-linux-gnu"
    assert got["include_dir"] == "%s/usr/include/python3.14" % tmp
    proc = find("--sysroot", tmp, "--target", "arm-linux-gnueabihf", check=2)
    assert "build-details.json: for 'aarch64-linux-gnu', not 'arm-linux-gnueabihf'" in proc.stderr


def test_build_details_beside_sysconfigdata_counts_once(tmp):
    path = debian_config(tmp, version="3.14", multiarch="aarch64-linux-gnu", pointer=8)
    put(tmp, "usr/lib/python3.14/build-details.json", json.dumps({
        "schema_version": "1.0", "base_prefix": "/usr", "platform": "linux-aarch64",
        "language": {"version": "3.14"}, "implementation": {"name": "cpython", "_multiarch": "aarch64-linux-gnu"},
        "abi": {"flags": [], "extension_suffix": ".cpython-314-aarch64-linux-gnu.so"}}))
    assert find("--sysroot", tmp, "--target", "aarch64-linux-gnu")["config_file"] == path


def test_explicit_file_must_suit_the_target(tmp):
    path = debian_config(tmp)
    proc = find("--sysconfigdata", path, "--target", "aarch64-linux-gnu", check=2)
    assert proc.stderr.startswith("wheelwright: error: '%s' does not suit the target: it is "
                                  "for 'arm-linux-gnueabihf', not 'aarch64-linux-gnu'\n" % path)
    bad = put(tmp, "bad/_sysconfigdata_x.py", "build_time_vars = {'A': 'x\n")
    proc = find("--sysconfigdata", bad, check=2)
    assert proc.stderr.startswith("wheelwright: %s:1:25: error: unterminated string" % bad)


def test_unreadable_candidate_is_listed(tmp):
    bad = put(tmp, "usr/lib/python3.11/_sysconfigdata__linux_arm-linux-gnueabihf.py",
              "import os\nbuild_time_vars = {}\n")
    proc = find("--sysroot", tmp, "--target", "arm-linux-gnueabihf", check=2)
    assert ("  %s: not readable: 1:1: unsupported statement starting with 'import'" % bad) \
        in proc.stderr.splitlines()


def test_missing_headers(tmp):
    debian_config(tmp)
    proc = find("--sysroot", tmp, "--target", "arm-linux-gnueabihf", "--require-headers", check=2)
    assert proc.stderr == (
        "wheelwright: error: no Python.h in '/usr/include/python3.11' inside sysroot '%s'\n"
        "hint: install package 'libpython3.11-dev:armhf' into the root (or make it with "
        "'debootstrap --arch=armhf --include=libpython3.11-dev')\n" % tmp)


def test_usage_errors(tmp):
    proc = find(check=2)
    assert "no sysroot, cross lib dir or sysconfigdata" in proc.stderr
    proc = find("--sysroot", tmp, "--target", "armv8-linux-gnu", check=2)
    assert "unknown target triple 'armv8-linux-gnu'" in proc.stderr


def built_roots():
    out = []
    for arch, (triple, cpu) in sorted(ROOT_TARGETS.items()):
        root = os.path.join(CACHE, "roots", arch)
        if os.path.exists(os.path.join(root, ".wheelwright-root")):
            out.append((arch, triple, cpu, root))
    return out


ROOTS = built_roots()


@pytest.mark.skipif(not ROOTS, reason="no target roots: run tests/roots/make-root ARCH")
@pytest.mark.parametrize("arch,triple,cpu,root", ROOTS, ids=[r[0] for r in ROOTS])
def test_real_root(tmp, arch, triple, cpu, root):
    got = find("--sysroot", root, "--target", triple, "--require-headers")
    assert got["vars"]["MULTIARCH"] == triple
    assert os.path.exists(os.path.join(got["include_dir"], "Python.h"))
    assert os.path.exists(os.path.join(got["pyconfig_dir"], "pyconfig.h"))
    # The EXT_SUFFIX is the one the target's own Python uses.
    qemu = shutil.which("qemu-%s-static" % cpu)
    if qemu:
        python = sorted(glob.glob(os.path.join(root, "usr", "bin", "python3.*[0-9]")))[-1]
        out = subprocess.run([qemu, "-L", root, python, "-c",
                              "import importlib.machinery as m; print(m.EXTENSION_SUFFIXES[0])"],
                             stdout=subprocess.PIPE, text=True, check=True).stdout.strip()
        assert got["vars"]["EXT_SUFFIX"] == out
    # The headers found compile for the target with its cross compiler.
    gcc = shutil.which(triple + "-gcc")
    if not gcc:
        pytest.skip("no %s-gcc" % triple)
    src = tmp / "m.c"
    src.write_text("#include <Python.h>\n"
                   "_Static_assert(sizeof(void *) == SIZEOF_VOID_P, \"pyconfig.h of another target\");\n"
                   "PyObject *f(PyObject *o) { Py_INCREF(o); return o; }\n")
    cmd = [gcc, "-fPIC", "-c", str(src), "-o", str(tmp / "m.o"), "-I", got["include_dir"]]
    if got["multiarch_include_root"]:
        cmd += ["-idirafter", got["multiarch_include_root"]]
    proc = subprocess.run(cmd, stderr=subprocess.PIPE, text=True)
    assert proc.returncode == 0, proc.stderr
    # The root's libraries link (make-root made its absolute links, such
    # as usr/lib/MULTIARCH/libm.so -> /lib/..., relative).
    libdir = os.path.join(root, "usr", "lib", triple)
    proc = subprocess.run([gcc, "-shared", "--sysroot=" + root, "-o", str(tmp / "m.so"), str(tmp / "m.o"),
                           "-L", libdir, "-Wl,--no-as-needed", "-lm", "-Wl,-t"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.returncode == 0, proc.stderr
    dynamic = subprocess.run(["readelf", "-d", str(tmp / "m.so")], stdout=subprocess.PIPE,
                             text=True, check=True).stdout
    assert "[libm.so.6]" in dynamic and "libpython" not in dynamic
    assert libdir + "/libm.so" in proc.stdout   # the root's, not the cross compiler's
