"""tests/roots/make-root: its contract without building a root (building
one takes minutes; the roots the other tests use are built beforehand)."""
import os
import subprocess

import pytest

from conftest import CACHE, ROOT

SCRIPT = os.path.join(ROOT, "tests", "roots", "make-root")


def run(*args, env=None):
    full = dict(os.environ)
    full.update(env or {})
    return subprocess.run([SCRIPT] + list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, env=full, timeout=120)


def test_usage():
    proc = run()
    assert proc.returncode == 2
    assert proc.stderr.startswith("make-root: usage: make-root ARCH")


def test_built_root_is_reused():
    roots = os.path.join(CACHE, "roots")
    built = [a for a in ("armhf", "arm64", "ppc64el", "s390x")
             if os.path.exists(os.path.join(roots, a, ".wheelwright-root"))]
    if not built:
        pytest.skip("no root built")
    stamp = os.path.join(roots, built[0], ".wheelwright-root")
    before = os.stat(stamp).st_mtime_ns
    proc = run(built[0])
    assert proc.returncode == 0, proc.stderr
    assert os.path.realpath(proc.stdout.strip()) == os.path.join(roots, built[0])
    # Reused, not rebuilt: the stamp written last is the same file.
    assert os.stat(stamp).st_mtime_ns == before


def test_unfinished_root_is_not_taken(tmp):
    """A root without its stamp (an interrupted build) is removed and built
    again; here the build fails at once (no mirror), and leaves nothing."""
    (tmp / "armhf" / "usr").mkdir(parents=True)
    env = {"WW_ROOTS_DIR": str(tmp), "WW_DEBIAN_MIRROR": "http://127.0.0.1:9/debian"}
    proc = run("armhf", env=env)
    assert proc.returncode == 2
    if os.getuid() != 0:
        assert "needs root" in proc.stderr
        return
    assert "debootstrap failed for 'armhf'" in proc.stderr
    assert not (tmp / "armhf").exists()
    assert [p.name for p in tmp.iterdir() if p.name.startswith(".tmp-")] == []


def test_unknown_architecture(tmp):
    proc = run("vax", env={"WW_ROOTS_DIR": str(tmp)})
    assert proc.returncode == 2
    if os.getuid() == 0:
        assert "unknown Debian architecture 'vax'" in proc.stderr
