"""The PEP 517 / PEP 660 backend (python/wheelwright) with the real
frontends: pip (isolated, for every local CPython with pip), python -m build
(isolated and not), uv, pip install -e; and wheelwright building itself
from its own sdist."""
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import zipfile

import pytest

from conftest import ROOT, copy_example, pyenv_pythons, wheelwright_path, ww

VERSION = "0.1.0"

# These run the program inside the dist/ wheel (the release build) rather
# than $WHEELWRIGHT: once is enough, not again for the ASan build.
release_only = pytest.mark.skipif(os.environ.get("WW_BUILD_KIND") == "asan",
                                  reason="runs the program from the dist wheel, not $WHEELWRIGHT")


def clean_env(**extra):
    """The environment without this test run's Python paths; pip offline."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "WHEELWRIGHT", "PIP_FIND_LINKS", "VIRTUAL_ENV")}
    env["PIP_NO_INDEX"] = "1"
    env["PIP_NO_CACHE_DIR"] = "1"
    env.update(extra)
    return env


def run(cmd, cwd=None, env=None, check=True):
    proc = subprocess.run([str(c) for c in cmd], cwd=str(cwd) if cwd else None,
                          env=env or clean_env(), text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if check:
        assert proc.returncode == 0, "%s\n%s" % (" ".join(map(str, cmd)), proc.stdout)
    return proc


def pythons_with_pip():
    found = []
    for ver, exe in sorted(pyenv_pythons().items(), key=lambda kv: tuple(map(int, kv[0].split(".")))):
        if tuple(map(int, ver.split("."))) < (3, 7):
            continue
        if subprocess.run([exe, "-m", "pip", "--version"], stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL).returncode == 0:
            found.append((ver, exe))
    return found


def tag_of(py):
    out = subprocess.run([py, "-c", "import sys; print('cp%d%d' % sys.version_info[:2])"],
                         stdout=subprocess.PIPE, text=True, check=True).stdout.strip()
    return out


def only(folder, pattern):
    found = sorted(folder.glob(pattern))
    assert len(found) == 1, found
    return found[0]


def machine_platform_tag():
    return sysconfig.get_platform().replace("-", "_").replace(".", "_")


def self_platform_tag():
    """The tag the audit gives the program: what wheelwright's wheel says."""
    proc = ww("audit", "--json", os.path.join(ROOT, "wheelwright"), check=0)
    return json.loads(proc.stdout)["policy"] or machine_platform_tag()


def test_self_wheel(self_dist):
    """What `make dist` makes: the program as a script, the backend package."""
    plat = self_platform_tag()
    assert plat.endswith(sysconfig.get_platform().split("-")[-1])
    whl = self_dist / ("wheelwright-%s-py3-none-%s.whl" % (VERSION, plat))
    assert whl.exists(), list(self_dist.iterdir())
    with zipfile.ZipFile(str(whl)) as z:
        names = z.namelist()
        assert names == ["wheelwright-%s.data/scripts/wheelwright" % VERSION,
                         "wheelwright/__init__.py", "wheelwright/_backend.py",
                         "wheelwright-%s.dist-info/METADATA" % VERSION,
                         "wheelwright-%s.dist-info/WHEEL" % VERSION,
                         "wheelwright-%s.dist-info/RECORD" % VERSION]
        script = z.getinfo(names[0])
        assert (script.external_attr >> 16) & 0o777 == 0o755
        with open(os.path.join(ROOT, "wheelwright"), "rb") as f:
            assert z.read(names[0]) == f.read()
        wheel = z.read("wheelwright-%s.dist-info/WHEEL" % VERSION).decode()
        assert "Root-Is-Purelib: true\n" in wheel
        assert "Tag: py3-none-%s\n" % plat in wheel
    # One version everywhere.
    with open(os.path.join(ROOT, "src", "version.h")) as f:
        assert '#define WHEELWRIGHT_VERSION "%s"' % VERSION in f.read()
    with open(os.path.join(ROOT, "pyproject.toml")) as f:
        assert 'version = "%s"' % VERSION in f.read()
    with open(os.path.join(ROOT, "python", "wheelwright", "__init__.py")) as f:
        assert '__version__ = "%s"' % VERSION in f.read()


@release_only
@pytest.mark.parametrize("ver,py", pythons_with_pip() or [pytest.param(None, None, marks=pytest.mark.skip)])
def test_pip_wheel_isolated(self_dist, tmp, ver, py):
    """pip installs wheelwright from dist/ into its isolated build environment;
    the wheel is the one `wheelwright build` makes for that Python."""
    proj = copy_example("hello", tmp / "hello")
    run([py, "-m", "pip", "wheel", "--no-index", "--find-links", self_dist,
         "--no-deps", "-w", tmp / "out", proj])
    whl = only(tmp / "out", "*.whl")
    ww("build", proj, "-i", py, "-o", tmp / "ref", check=0)
    ref = only(tmp / "ref", "*.whl")
    assert whl.name == ref.name and whl.name.startswith("hello_wheelwright-0.1.0-%s-" % tag_of(py))
    assert whl.read_bytes() == ref.read_bytes()
    with zipfile.ZipFile(str(whl)) as z:
        z.extractall(str(tmp / "x"))
    out = run([py, "-c", "import sys; sys.path.insert(0, sys.argv[1]); import hello; "
               "print(hello.greet('pip'), hello.built_for() >> 16 == sys.hexversion >> 16)",
               tmp / "x"]).stdout
    assert out == "hello, pip! True\n"


def backend_env():
    """Runs the backend from the tree, the program from $WHEELWRIGHT."""
    return clean_env(PYTHONPATH=os.path.join(ROOT, "python"), WHEELWRIGHT=wheelwright_path())


def test_python_build_no_isolation(tmp):
    pytest.importorskip("build")
    proj = copy_example("hello", tmp / "hello")
    run([sys.executable, "-m", "build", "--wheel", "--sdist", "--no-isolation", "--skip-dependency-check",
         "-o", tmp / "out", proj], env=backend_env())
    sdist = only(tmp / "out", "*.tar.gz")
    whl = only(tmp / "out", "*.whl")
    assert sdist.name == "hello_wheelwright-0.1.0.tar.gz"
    # build makes the wheel from the sdist: the same bytes as from the tree.
    ww("build", proj, "-i", sys.executable, "-o", tmp / "ref", check=0)
    ww("sdist", proj, "-o", tmp / "ref", check=0)
    assert whl.read_bytes() == only(tmp / "ref", "*.whl").read_bytes()
    assert sdist.read_bytes() == only(tmp / "ref", "*.tar.gz").read_bytes()


@release_only
def test_python_build_isolated(self_dist, tmp):
    pytest.importorskip("build")
    proj = copy_example("hello", tmp / "hello")
    run([sys.executable, "-m", "build", "--wheel", "--sdist", "-o", tmp / "out", proj],
        env=clean_env(PIP_FIND_LINKS=str(self_dist)))
    assert only(tmp / "out", "*.tar.gz").name == "hello_wheelwright-0.1.0.tar.gz"
    assert only(tmp / "out", "*.whl").name.startswith("hello_wheelwright-0.1.0-cp")


@release_only
def test_uv_build(self_dist, tmp):
    uv = shutil.which("uv") or os.path.join(os.path.dirname(sys.executable), "uv")
    if not os.path.exists(uv):
        pytest.skip("no uv")
    proj = copy_example("hello", tmp / "hello")
    run([uv, "build", "--find-links", self_dist, "--no-index", "--python", sys.executable,
         "-o", tmp / "out", proj], env=clean_env(UV_CACHE_DIR=str(tmp / "uv-cache")))
    assert only(tmp / "out", "*.tar.gz").name == "hello_wheelwright-0.1.0.tar.gz"
    whl = only(tmp / "out", "*.whl")
    ww("build", proj, "-i", sys.executable, "-o", tmp / "ref", check=0)
    assert whl.name == only(tmp / "ref", "*.whl").name


def make_venv(path):
    found = pyenv_pythons()
    base = found.get("3.11") or found.get("3.12") or sys.executable
    subprocess.run([base, "-m", "venv", str(path)], check=True)
    return path / "bin" / "python"


def greet(py, tmp, env=None):
    cwd = tmp / "elsewhere"
    cwd.mkdir(exist_ok=True)
    return run([py, "-c", "import hello; print(hello.greet('e'))"], cwd=cwd, env=env).stdout


def edit(path, old, new):
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_pip_install_editable(self_dist, tmp):
    proj = copy_example("hello", tmp / "hello")
    py = make_venv(tmp / "venv")
    # With build isolation: the program that built it is gone afterwards.
    run([py, "-m", "pip", "install", "--no-index", "--find-links", self_dist, "-e", proj])
    assert greet(py, tmp) == "hello, e!\n"
    with open(str(proj / "src" / "hello" / "__init__.py"), "a") as f:
        f.write("def greet(name):\n    return 'py edit, ' + name\n")
    assert greet(py, tmp) == "py edit, e\n"           # a Python edit: at once
    edit(proj / "src" / "hello" / "__init__.py", "def greet(name):\n    return 'py edit, ' + name\n", "")
    edit(proj / "src" / "greet.c", '"%s, %s!"', '"%s: %s!"')
    no_program = clean_env(PATH="/usr/bin:/bin")
    assert greet(py, tmp, no_program) == "hello, e!\n"  # no program to rebuild with: as built
    with_program = clean_env(WHEELWRIGHT=wheelwright_path())
    assert greet(py, tmp, with_program) == "hello: e!\n"  # rebuilt at import
    proc = run([py, "-m", "pip", "list", "--format=json"])
    entry = [p for p in json.loads(proc.stdout) if p["name"] == "hello-wheelwright"]
    assert entry[0]["editable_project_location"] == str(proj)
    # Without isolation, from a wheelwright installed in the environment:
    # the finder rebuilds with that program, found without any help.
    run([py, "-m", "pip", "install", "--no-index", "--find-links", self_dist, "wheelwright"])
    run([py, "-m", "pip", "install", "--no-build-isolation", "--no-index", "-e", proj])
    edit(proj / "src" / "greet.c", '"%s: %s!"', '"%s; %s!"')
    assert greet(py, tmp, no_program) == "hello; e!\n"
    run([py, "-m", "pip", "uninstall", "-y", "hello-wheelwright"])


@release_only
def test_compile_error_reaches_pip(self_dist, tmp):
    proj = copy_example("hello", tmp / "hello")
    edit(proj / "src" / "core.c", "static PyObject *greet(", "static PyObject *greet(int oops")
    py = pythons_with_pip()[-1][1] if pythons_with_pip() else sys.executable
    proc = run([py, "-m", "pip", "wheel", "--no-index", "--find-links", self_dist,
                "-w", tmp / "out", proj], check=False)
    assert proc.returncode != 0
    assert re.search(r"wheelwright: error: compile src/core\.c \[cp\d+-cp\d+\] failed", proc.stdout), proc.stdout
    assert "src/core.c:" in proc.stdout and "error:" in proc.stdout


@release_only
def test_config_settings(self_dist, tmp):
    found = pyenv_pythons()
    py = found.get("3.11") or found.get("3.12")
    if not py:
        pytest.skip("no pyenv CPython 3.11 or 3.12")
    proj = copy_example("hello", tmp / "hello")
    base = [py, "-m", "pip", "wheel", "--no-index", "--find-links", self_dist, "--no-deps"]
    run(base + ["-C", "abi3=3.9", "-C", "jobs=2", "-w", tmp / "abi3", proj])
    assert "-cp39-abi3-" in only(tmp / "abi3", "*.whl").name
    run(base + ["-C", "compatibility=linux", "-w", tmp / "linux", proj])
    assert only(tmp / "linux", "*.whl").name.endswith("-%s.whl" % machine_platform_tag())
    run(base + ["-C", "compatibility=manylinux2014", "-w", tmp / "m2014", proj])
    assert "manylinux_2_17_" in only(tmp / "m2014", "*.whl").name
    run(base + ["-C", "debug=true", "-w", tmp / "debug", proj])
    run(base + ["-C", "--debug=false", "-w", tmp / "release", proj])
    so = {}
    for kind in ("debug", "release"):
        with zipfile.ZipFile(str(only(tmp / kind, "*.whl"))) as z:
            so[kind] = [z.read(n) for n in z.namelist() if n.endswith(".so")][0]
    assert b".debug_info" in so["debug"] and b".debug_info" not in so["release"]
    proc = run(base + ["-C", "flavour=mild", "-w", tmp / "bad", proj], check=False)
    assert proc.returncode != 0
    assert "unknown config setting 'flavour'" in proc.stdout


def hook(name, *args, cwd, env=None):
    code = ("import json, sys, wheelwright\n"
            "print(json.dumps(getattr(wheelwright, sys.argv[1])(*sys.argv[2:])))")
    proc = run([sys.executable, "-c", code, name] + list(args), cwd=cwd, env=env or backend_env(),
               check=False)
    return proc


def test_hooks_directly(tmp):
    proj = copy_example("hello", tmp / "hello")
    for name in ("get_requires_for_build_wheel", "get_requires_for_build_sdist",
                 "get_requires_for_build_editable"):
        assert hook(name, cwd=proj).stdout.splitlines()[-1] == "[]"
    for name in ("prepare_metadata_for_build_wheel", "prepare_metadata_for_build_editable"):
        out = tmp / name
        out.mkdir()
        proc = hook(name, str(out), cwd=proj)
        assert proc.returncode == 0, proc.stdout
        assert proc.stdout.splitlines()[-1] == '"hello_wheelwright-0.1.0.dist-info"'
    meta = tmp / "prepare_metadata_for_build_wheel" / "hello_wheelwright-0.1.0.dist-info"
    proc = hook("build_wheel", str(tmp / "w"), cwd=proj)
    name = json.loads(proc.stdout.splitlines()[-1])
    with zipfile.ZipFile(str(tmp / "w" / name)) as z:
        for f in ("METADATA", "licenses/LICENSE"):
            assert z.read("hello_wheelwright-0.1.0.dist-info/" + f) == (meta / f).read_bytes()
    assert sorted(os.listdir(str(meta))) == ["METADATA", "licenses"]
    proc = hook("build_editable", str(tmp / "e"), cwd=proj)
    name = json.loads(proc.stdout.splitlines()[-1])
    with zipfile.ZipFile(str(tmp / "e" / name)) as z:
        assert "_wheelwright_editable_hello_wheelwright.pth" in z.namelist()
    proc = hook("build_sdist", str(tmp / "s"), cwd=proj)
    assert json.loads(proc.stdout.splitlines()[-1]) == "hello_wheelwright-0.1.0.tar.gz"


def test_hooks_without_a_program(tmp):
    proj = copy_example("hello", tmp / "hello")
    env = clean_env(PYTHONPATH=os.path.join(ROOT, "python"), PATH="/usr/bin:/bin")
    proc = hook("build_wheel", str(tmp / "w"), cwd=proj, env=env)
    assert proc.returncode == 1
    assert proc.stdout.strip().endswith("wheelwright: error: cannot find the wheelwright program: "
                                        "it is not installed with the 'wheelwright' package, "
                                        "$WHEELWRIGHT is not set and it is not on PATH")
    env["WHEELWRIGHT"] = str(tmp / "nothing")
    proc = hook("build_wheel", str(tmp / "w"), cwd=proj, env=env)
    assert "$WHEELWRIGHT is '%s', which is not an executable file" % (tmp / "nothing") in proc.stdout
    # The program's own error is the hook's error, once, without a traceback.
    (proj / "pyproject.toml").write_text((proj / "pyproject.toml").read_text().replace(
        "packages =", "pakages ="))
    proc = hook("build_wheel", str(tmp / "w"), cwd=proj)
    assert proc.returncode == 1
    assert "unknown key 'pakages' in [tool.wheelwright]" in proc.stdout
    assert "did you mean 'packages'?" in proc.stdout
    assert "Traceback" not in proc.stdout


@release_only
def test_self_hosting_from_sdist(self_dist, tmp):
    """pip builds wheelwright from its own sdist (the in-tree backend runs
    make), and the result builds and installs a project."""
    if not shutil.which("make") or not shutil.which("cc"):
        pytest.skip("no make or cc")
    py = make_venv(tmp / "venv")
    sdist = self_dist / ("wheelwright-%s.tar.gz" % VERSION)
    run([py, "-m", "pip", "wheel", "--no-index", "--no-deps", "-w", tmp / "built", sdist],
        env=clean_env(MAKEFLAGS="-j2"))
    whl = only(tmp / "built", "*.whl")
    assert re.match(r"wheelwright-%s-py3-none-(many)?linux_.*%s\.whl$"
                    % (VERSION, sysconfig.get_platform().split("-")[-1]), whl.name), whl.name
    run([py, "-m", "pip", "install", "--no-index", whl])
    assert run([tmp / "venv" / "bin" / "wheelwright", "--version"]).stdout == "wheelwright %s\n" % VERSION
    proj = copy_example("hello", tmp / "hello")
    run([py, "-m", "pip", "install", "--no-index", "--no-build-isolation", proj],
        env=clean_env(PATH="/usr/bin:/bin"))
    assert greet(py, tmp) == "hello, e!\n"


def test_program_output_is_passed_on_live(tmp):
    """The program's progress reaches the frontend while it runs, not when it
    ends: a stand-in program prints a line, then waits until the test has
    read that line from the hook's output before it finishes."""
    proj = copy_example("hello", tmp / "hello")
    go = tmp / "go"
    fake = tmp / "fake-wheelwright"
    fake.write_text("#!/bin/sh\n"
                    "echo 'compiling hello/_core.c'\n"
                    "echo 'a note on stderr' >&2\n"
                    "i=0\n"
                    "while [ ! -e '%s' ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done\n"
                    "[ -e '%s' ] || { echo 'never saw the go file' >&2; exit 3; }\n"
                    "out=''; while [ $# -gt 0 ]; do [ \"$1\" = -o ] && out=$2; shift; done\n"
                    ": > \"$out/hello-0.1-py3-none-any.whl\"\n"
                    "echo \"wrote $out/hello-0.1-py3-none-any.whl\"\n" % (go, go))
    fake.chmod(0o755)
    env = clean_env(PYTHONPATH=os.path.join(ROOT, "python"), WHEELWRIGHT=str(fake))
    code = ("import json, sys, wheelwright\n"
            "print(json.dumps(wheelwright.build_wheel(sys.argv[1])))")
    proc = subprocess.Popen([sys.executable, "-c", code, str(tmp / "w")], cwd=str(proj), env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    (tmp / "w").mkdir()
    first = proc.stdout.readline()
    go.write_text("")
    rest, err = proc.communicate(timeout=120)
    assert first == "compiling hello/_core.c\n"
    assert proc.returncode == 0, err
    assert rest.splitlines()[-1] == '"hello-0.1-py3-none-any.whl"'
    assert err == "a note on stderr\n"
