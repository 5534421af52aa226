"""`wheelwright develop`: editable installs that pip lists and uninstalls,
Python edits seen at once, C edits rebuilt at the next import in a new
process (docs/backend.md), compile errors raised as ImportError."""
import json
import os
import subprocess

import pytest

from conftest import copy_example, pyenv_pythons, ww


def base_python():
    found = pyenv_pythons()
    for v in ("3.11", "3.12", "3.10", "3.13", "3.9"):
        if v in found:
            return found[v]
    pytest.skip("no pyenv CPython 3.9+ here")


def make_venv(path):
    subprocess.run([base_python(), "-m", "venv", str(path)], check=True)
    return str(path / "bin" / "python")


def run_py(py, code, cwd, env=None, check=True):
    # Never from the folder holding the project: "hello" there is a namespace package.
    cwd = cwd / "elsewhere"
    cwd.mkdir(exist_ok=True)
    full = dict(os.environ)
    full.pop("PYTHONPATH", None)
    full.update(env or {})
    proc = subprocess.run([py, "-c", code], cwd=str(cwd), env=full, text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


def site_files(py, cwd):
    site = run_py(py, "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd).stdout.strip()
    out = set()
    for root, dirs, files in os.walk(site):
        for f in files:
            out.add(os.path.relpath(os.path.join(root, f), site))
    return site, out


def pip_entry(py, cwd, name="hello-wheelwright"):
    proc = subprocess.run([py, "-m", "pip", "list", "--format=json"], cwd=str(cwd),
                          stdout=subprocess.PIPE, text=True, check=True)
    return [p for p in json.loads(proc.stdout) if p["name"] == name]


def edit(path, old, new):
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_develop_edits_and_uninstall(tmp):
    proj = copy_example("hello", tmp / "hello")
    py = make_venv(tmp / "venv")
    site, before = site_files(py, tmp)
    proc = ww("develop", proj, "-i", py, check=0)
    assert "installed hello-wheelwright 0.1.0 in editable mode into %s" % site in proc.stdout
    out = run_py(py, "import hello; print(hello.greet('x')); print(hello.__file__)", tmp).stdout
    assert out.splitlines() == ["hello, x!", str(proj / "src" / "hello" / "__init__.py")]
    entry = pip_entry(py, tmp)
    assert len(entry) == 1 and entry[0]["editable_project_location"] == str(proj)
    dist_info = os.path.join(site, "hello_wheelwright-0.1.0.dist-info")
    with open(os.path.join(dist_info, "direct_url.json")) as f:
        assert json.load(f) == {"url": "file://" + str(proj), "dir_info": {"editable": True}}
    with open(os.path.join(dist_info, "INSTALLER")) as f:
        assert f.read() == "wheelwright\n"
    # A Python edit is seen at once.
    with open(str(proj / "src" / "hello" / "__init__.py"), "a") as f:
        f.write("ANSWER = 42\n")
    assert run_py(py, "import hello; print(hello.ANSWER)", tmp).stdout == "42\n"
    # A C edit is seen by the next process: rebuilt at import.
    edit(proj / "src" / "greet.c", '"%s, %s!"', '"%s, %s?"')
    assert run_py(py, "import hello; print(hello.greet('x'))", tmp).stdout == "hello, x?\n"
    # ... unless rebuilding at import is turned off.
    edit(proj / "src" / "greet.c", '"%s, %s?"', '"%s, %s."')
    off = {"WHEELWRIGHT_EDITABLE_REBUILD": "0"}
    assert run_py(py, "import hello; print(hello.greet('x'))", tmp, off).stdout == "hello, x?\n"
    assert run_py(py, "import hello; print(hello.greet('x'))", tmp).stdout == "hello, x.\n"
    # A compile error is an ImportError with the compiler's message.
    edit(proj / "src" / "greet.c", '#include "greet.h"', '#include "greet.h"\n#error deliberately broken')
    proc = run_py(py, "import hello", tmp, check=False)
    assert proc.returncode != 0
    assert "ImportError: wheelwright could not rebuild" in proc.stderr
    assert "deliberately broken" in proc.stderr and "greet.c" in proc.stderr
    edit(proj / "src" / "greet.c", '\n#error deliberately broken', '')
    assert run_py(py, "import hello; print(hello.greet('y'))", tmp).stdout == "hello, y.\n"
    # pip uninstalls it completely.
    subprocess.run([py, "-m", "pip", "uninstall", "-y", "hello-wheelwright"], check=True,
                   stdout=subprocess.PIPE)
    site, after = site_files(py, tmp)
    assert after == before
    assert run_py(py, "import hello", tmp, check=False).returncode != 0


def test_develop_replaces_a_regular_install(tmp):
    proj = copy_example("hello", tmp / "hello")
    py = make_venv(tmp / "venv")
    site, before = site_files(py, tmp)
    ww("build", proj, "-i", py, "-o", tmp / "whl", check=0)
    whl = str(next((tmp / "whl").glob("*.whl")))
    subprocess.run([py, "-m", "pip", "install", "--no-index", whl], check=True,
                   stdout=subprocess.PIPE)
    run_py(py, "import hello", tmp)     # leaves hello/__pycache__ behind
    assert os.path.isdir(os.path.join(site, "hello"))
    ww("develop", proj, "-i", py, check=0)
    assert not os.path.exists(os.path.join(site, "hello"))
    proc = ww("develop", proj, "-i", py, "--no-rebuild", check=0)
    assert "(replacing the previous install)" in proc.stdout
    assert len(pip_entry(py, tmp)) == 1
    _, files = site_files(py, tmp)
    assert len([f for f in files if f.endswith("dist-info/RECORD") and "hello" in f]) == 1
    # --no-rebuild: a C edit needs `develop` again.
    out = run_py(py, "import hello; print(hello.greet('z'))", tmp).stdout
    edit(proj / "src" / "greet.c", '"%s, %s!"', '"%s... %s!"')
    assert run_py(py, "import hello; print(hello.greet('z'))", tmp).stdout == out
    ww("develop", proj, "-i", py, check=0)
    assert run_py(py, "import hello; print(hello.greet('z'))", tmp).stdout == "hello... z!\n"
    subprocess.run([py, "-m", "pip", "uninstall", "-y", "hello-wheelwright"], check=True,
                   stdout=subprocess.PIPE)
    assert site_files(py, tmp)[1] == before


def test_develop_build_only_prints_modules(tmp):
    proj = copy_example("hello", tmp / "hello")
    py = base_python()
    proc = ww("develop", proj, "-i", py, "--build-only", check=0)
    lines = proc.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith("module hello._core " + str(proj) + "/build/")
    assert os.path.isfile(lines[0].split(" ", 2)[2])


def test_develop_errors(tmp):
    proj = copy_example("hello", tmp / "hello")
    py = base_python()
    proc = ww("develop", proj, "-i", py, "-i", py, check=2)
    assert "develop: installs into one interpreter, not 2" in proc.stderr
    proc = ww("develop", tmp / "nowhere", check=2)
    assert "project folder" in proc.stderr and "does not exist" in proc.stderr
    proc = ww("develop", proj, "--frobnicate", check=2)
    assert "--frobnicate" in proc.stderr
