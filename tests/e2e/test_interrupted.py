"""Interrupted and concurrent builds: no partial wheel, and the next build is right."""
import os
import signal
import subprocess
import time

import pytest

from conftest import ww, wheelwright_path, pyenv_pythons
from buildutil import copy_example, wheels_in, check_record, install_and_call

CALL = "import hello; print(hello.greet('k'))"


def is_complete_wheel(path):
    try:
        check_record(path)
        return True
    except Exception:
        return False


def test_sigkill_at_many_points(tmp):
    hello = copy_example("hello", tmp / "hello")
    # Some package data makes the wheel write long enough to be hit too.
    with open(os.path.join(hello, "src", "hello", "blob.bin"), "wb") as f:
        f.write(os.urandom(8 << 20))
    out = tmp / "dist"
    pys = pyenv_pythons()
    args = sum((["-i", pys[v]] for v in ("3.10", "3.11", "3.12") if v in pys), [])
    env = dict(os.environ, WHEELWRIGHT_CACHE_DIR=str(tmp / "cache"))
    # Learn how long a build from scratch takes (after one that fills the
    # interpreter cache, as every later build finds it), then kill builds at
    # points across it.
    for _ in range(2):
        subprocess.run(["rm", "-rf", os.path.join(hello, "build")], check=True)
        t = time.monotonic()
        subprocess.run([wheelwright_path(), "build", hello, *args, "-o", str(out)], env=env,
                       check=True, stdout=subprocess.DEVNULL)
        full = time.monotonic() - t
        for f in wheels_in(out):
            os.remove(f)
    kills = 0
    for i in range(12):
        delay = full * (i + 0.5) / 12
        # Kill a build from scratch at this point, leaving what it left.
        subprocess.run(["rm", "-rf", os.path.join(hello, "build")], check=True)
        p = subprocess.Popen([wheelwright_path(), "build", hello, *args, "-o", str(out)],
                             env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        if p.poll() is None:
            p.send_signal(signal.SIGKILL)
            kills += 1
        else:
            full *= 0.7     # builds run faster than measured (a quieter machine)
        p.wait()
        if os.path.isdir(out):
            for name in os.listdir(out):
                path = os.path.join(out, name)
                if name.endswith(".whl"):
                    assert is_complete_wheel(path), "partial wheel %s after kill at %.2fs" % (name, delay)
                else:
                    assert ".tmp-" in name, name  # an abandoned temporary, never a .whl
        # Every few kills, the next build starts from what the killed one left:
        # it must succeed and give complete wheels.
        if i % 3 == 2:
            ww("build", hello, *args, "-o", out, env={"WHEELWRIGHT_CACHE_DIR": str(tmp / "cache")}, check=0)
            for w in wheels_in(out):
                assert is_complete_wheel(w)
            for w in wheels_in(out):
                os.remove(w)
    assert kills >= 6
    r = ww("build", hello, *args, "-o", out, check=0)
    for v in ("3.10", "3.11", "3.12"):
        if v in pys:
            whl = [w for w in wheels_in(out) if "cp%s-" % v.replace(".", "") in w][0]
            assert "hello, k!" in install_and_call(pys[v], whl, tmp / ("s" + v), CALL)


def test_two_builds_at_once(tmp):
    hello = copy_example("hello", tmp / "hello")
    out = tmp / "dist"
    procs = [subprocess.Popen([wheelwright_path(), "build", hello, "-o", str(out)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(3)]
    for p in procs:
        o, e = p.communicate(timeout=300)
        assert p.returncode == 0, e
    (whl,) = wheels_in(out)
    check_record(whl)
    assert [n for n in os.listdir(out) if not n.endswith(".whl")] == []
    py = pyenv_pythons().get("3.11")
    if py:
        cfg = ww("config", "--json", check=0).stdout
        if "cp311" in os.path.basename(whl):
            assert "hello, k!" in install_and_call(py, whl, tmp / "s", CALL)
