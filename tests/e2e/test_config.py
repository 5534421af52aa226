"""`config` and `list-python` against the interpreters of this machine."""
import json
import os
import shutil
import subprocess

import pytest

from conftest import ww, pyenv_pythons

QUERY = r"""
import sys, sysconfig, json
v = sysconfig.get_config_var
print(json.dumps({
    "EXT_SUFFIX": v("EXT_SUFFIX"), "SOABI": v("SOABI"),
    "ABIFLAGS": getattr(sys, "abiflags", ""), "VERSION": v("VERSION") or "%d.%d" % sys.version_info[:2],
    "LIBDIR": v("LIBDIR"), "INCLUDEPY": v("INCLUDEPY"),
    "Py_GIL_DISABLED": bool(v("Py_GIL_DISABLED")),
    "pointer_width": 64 if sys.maxsize > 2**32 else 32,
    "implementation": sys.implementation.name,
}))
"""


def local_interpreters():
    found = [p for v, p in sorted(pyenv_pythons().items())
             if tuple(map(int, v.split("."))) >= (3, 7)]
    for extra in ("/usr/bin/python3.11", "/usr/bin/python3.11d", "/usr/bin/pypy3"):
        if os.path.exists(extra):
            found.append(extra)
    return found


INTERPRETERS = local_interpreters()


@pytest.mark.parametrize("python", INTERPRETERS)
def test_config_agrees_with_sysconfig(python):
    own = json.loads(subprocess.check_output([python, "-c", QUERY], text=True))
    cfg = json.loads(ww("config", "-i", python, "--json", check=0).stdout)
    assert cfg["ext_suffix"] == own["EXT_SUFFIX"]
    assert cfg["soabi"] == own["SOABI"]
    assert cfg["abiflags"] == own["ABIFLAGS"]
    assert cfg["version"] == own["VERSION"]
    assert cfg["lib_dir"] == own["LIBDIR"]
    assert cfg["include_dir"] == own["INCLUDEPY"]
    assert cfg["gil_disabled"] == own["Py_GIL_DISABLED"]
    assert cfg["pointer_width"] == own["pointer_width"]
    assert cfg["implementation"] == own["implementation"]
    assert len(cfg["hash"]) == 64
    # Linux never links libpython, whatever the interpreter (MISSION.md 5).
    assert "python" not in cfg["link_args"] and "pypy" not in cfg["link_args"]


def test_list_python_finds_each_once():
    out = json.loads(ww("list-python", "--json", check=0).stdout)["interpreters"]
    reals = [os.path.realpath(i["path"]) for i in out]
    assert len(reals) == len(set(reals))
    found = {}
    for i in out:
        if i["supported"]:
            found.setdefault(os.path.realpath(i["executable"]), []).append(i)
    for python in INTERPRETERS:
        exe = subprocess.check_output([python, "-c", "import sys;print(sys.executable)"],
                                      text=True).strip()
        real = os.path.realpath(exe)
        assert len(found.get(real, [])) == 1, (python, real, sorted(found))


def test_list_python_marks_old_pythons_unsupported():
    old = [p for v, p in pyenv_pythons().items() if v in ("2.7", "3.6")]
    if not old:
        pytest.skip("no Python 2.7 or 3.6 here")
    out = json.loads(ww("list-python", "--json", check=0).stdout)["interpreters"]
    by_real = {os.path.realpath(i["path"]): i for i in out}
    for p in old:
        entry = by_real[os.path.realpath(p)]
        assert entry["supported"] is False
        assert "not supported" in entry["problem"]


def test_text_round_trip(tmp):
    text = ww("config", check=0).stdout
    f = tmp / "target.conf"
    f.write_text(text)
    again = ww("config", "--config-file", f, check=0).stdout
    assert again == text


def test_hash_follows_every_override(tmp):
    base = json.loads(ww("config", "--json", check=0).stdout)
    seen = {base["hash"]}
    for kv in ["cflags=-O3", "cc=clang", "ldflags=-Wl,-z,now", "lib_dir=/elsewhere",
               "ext_suffix=.x.so", "platform_tag=linux_foo", "debug=true", "shared=false"]:
        h = json.loads(ww("config", "--json", "--set", kv, check=0).stdout)["hash"]
        assert h not in seen, kv
        seen.add(h)


def test_environment_is_part_of_the_configuration():
    a = json.loads(ww("config", "--json", env={"CFLAGS": "-O1"}, check=0).stdout)
    b = json.loads(ww("config", "--json", env={"CFLAGS": "-O2"}, check=0).stdout)
    assert a["cflags"] == "-O1" and b["cflags"] == "-O2"
    assert a["hash"] != b["hash"]


def test_explain_aix_links_libpython(tmp):
    f = tmp / "aix.conf"
    f.write_text("implementation=CPython\nversion=3.9\nshared=true\nlib_name=python3.9\n"
                 "lib_dir=/opt/freeware/lib64\npointer_width=64\nos=aix\narch=ppc64\n")
    out = ww("config", "--config-file", f, "--explain", check=0).stdout
    assert "link_args=-shared -L/opt/freeware/lib64 -lpython3.9 -lintl -ldl -lm\n" in out
    assert "# link policy for os=aix: link libpython" in out
    assert "# reason:" in out


def test_explain_linux_never(tmp):
    out = ww("config", "--explain", "--set", "shared=true", check=0).stdout
    assert "# link policy for os=linux: never link libpython" in out
    assert "link_args=-shared\n" in out


def test_abi3_option():
    cfg = json.loads(ww("config", "--json", "--abi3", "3.9", check=0).stdout)
    assert cfg["abi_tag"] == "abi3" and cfg["python_tag"] == "cp39"
    assert cfg["module_suffix"] == ".abi3.so"


# --- bad input: a clear message and exit 2, never a crash or a hang ---------

def test_unknown_key_in_config_file(tmp):
    f = tmp / "bad.conf"
    f.write_text("implementation=cpython\nversion=3.11\nflavour=vanilla\n")
    r = ww("config", "--config-file", f, check=2)
    assert "bad.conf:3:1: error: unknown key 'flavour'" in r.stderr


def test_malformed_line_in_config_file(tmp):
    f = tmp / "bad.conf"
    f.write_text("implementation=cpython\n\nthis is not a pair\n")
    r = ww("config", "--config-file", f, check=2)
    assert "bad.conf:3:1: error: expected 'key=value'" in r.stderr


def test_bad_version_in_config_file(tmp):
    f = tmp / "bad.conf"
    f.write_text("implementation=cpython\nversion=3.x\n")
    r = ww("config", "--config-file", f, check=2)
    assert "bad.conf:2:9: error: bad version '3.x'" in r.stderr


def test_missing_config_file(tmp):
    r = ww("config", "--config-file", tmp / "nope.conf", check=2)
    assert "nope.conf: error: cannot open" in r.stderr


def test_path_that_is_not_an_interpreter(tmp):
    r = ww("config", "-i", "/etc/hostname", check=2)
    assert "'/etc/hostname' is not a usable interpreter" in r.stderr
    r = ww("config", "-i", tmp / "missing-python", check=2)
    assert "no interpreter" in r.stderr
    r = ww("config", "-i", "python9.99", check=2)
    assert "no interpreter 'python9.99' found" in r.stderr


def test_hanging_interpreter_is_killed(tmp):
    fake = tmp / "python3.99"
    fake.write_text("#!/bin/sh\nsleep 600\n")
    fake.chmod(0o755)
    r = ww("config", "-i", fake, env={"WHEELWRIGHT_QUERY_TIMEOUT": "1"}, timeout=60, check=2)
    assert "did not answer within 1.0 seconds" in r.stderr


def test_garbage_printing_interpreter(tmp):
    fake = tmp / "python3.98"
    fake.write_text("#!/bin/sh\necho 'Hello, I am definitely Python'\n")
    fake.chmod(0o755)
    r = ww("config", "-i", fake, check=2)
    assert "not an answer to wheelwright's query" in r.stderr


def test_list_python_reports_broken_ones(tmp):
    bindir = tmp / "bin"
    bindir.mkdir()
    for name, body in [("python3.97", "sleep 600"), ("python3.96", "echo garbage"),
                       ("python3.95", "exit 3")]:
        p = bindir / name
        p.write_text("#!/bin/sh\n%s\n" % body)
        p.chmod(0o755)
    env = {"PATH": "%s:%s" % (bindir, os.environ["PATH"]), "WHEELWRIGHT_QUERY_TIMEOUT": "1"}
    r = ww("list-python", "--json", env=env, timeout=60, check=0)
    out = {os.path.basename(i["path"]): i for i in json.loads(r.stdout)["interpreters"]}
    assert "did not answer" in out["python3.97"]["problem"]
    assert "not an answer" in out["python3.96"]["problem"]
    assert "failed to answer" in out["python3.95"]["problem"]


def test_usage_errors():
    r = ww("config", "--bogus", check=2)
    assert "config: unknown option '--bogus'" in r.stderr
    r = ww("config", "--config-file", check=2)
    assert "needs a value" in r.stderr
    r = ww("frobnicate", check=2)
    assert "unknown command 'frobnicate'" in r.stderr
    r = ww("config", "--set", "novalue", check=2)
    assert "KEY=VALUE" in r.stderr
    r = ww("config", "--set", "bogus=1", check=2)
    assert "unknown key 'bogus'" in r.stderr
