"""`wheelwright repair`'s options beyond the basic repair, against the real
thing: several wheels in one call, --exclude (compared with
`auditwheel repair --exclude`), --strip (compared with binutils
`strip -s`, checked with eu-elflint, imported / dlopened), and search
paths with $LIB, $PLATFORM and ${ORIGIN} (compared with glibc's loader).
The helpers (module builds, the python3-only root, auditwheel) are
test_repair.py's."""
import glob
import os
import zipfile

import pytest

from conftest import ww
from test_repair import (LIBDIR, MOD, OUTER, PLAIN, YAML, build_module, dynamic,
                         import_here, import_in_root, libs_in, module_wheel,
                         outer_library, pytestmark, repair, root, unpack, wheel_tags,
                         zip_with)

__all__ = ["pytestmark", "root"]       # the skip marker and the fixture, shared


# --- several wheels -----------------------------------------------------------

def wheels_in(folder):
    return sorted(os.path.basename(w) for w in glob.glob(os.path.join(folder, "*")))


def test_several_wheels_each_repaired_worst_status(tmp):
    outer = outer_library(tmp)
    good = module_wheel(tmp, build_module(tmp, YAML, libs=["-lyaml"]), name="good")
    plain = module_wheel(tmp, build_module(tmp, PLAIN), name="plain")
    unfound = module_wheel(tmp, build_module(tmp, OUTER, libs=["-L" + outer, "-louter"]),
                           name="unfound")
    out = os.path.join(str(tmp), "wheelhouse")

    # one that cannot be repaired (1) between two good ones
    proc = ww("repair", good, unfound, plain, "-o", out, check=1)
    assert wheels_in(out) == [
        "good-1.0-cp311-cp311-manylinux2014_x86_64.manylinux_2_17_x86_64.whl",
        "plain-1.0-cp311-cp311-manylinux1_x86_64.manylinux_2_5_x86_64.whl"]
    assert not any(n.startswith("unfound") for n in os.listdir(out))   # no temporary left
    sets = proc.stdout.split("repairing ")[1:]
    assert [s.splitlines()[0] for s in sets] == [good, unfound, plain]
    assert "vendored" in sets[0] and sets[0].rstrip().splitlines()[-1].startswith("wrote ")
    assert sets[1].strip() == unfound                  # its error is on stderr
    assert sets[2].rstrip().splitlines()[-1].startswith("wrote ")
    assert proc.stderr.startswith("wheelwright: %s: error: cannot repair the wheel: " % unfound)
    assert "needs 'libouter.so.1'" in proc.stderr

    # bad input (2) is worse than cannot be repaired (1); the good one is written
    hostile = zip_with(tmp, [("../evil.py", b"x")], so=build_module(tmp, PLAIN))
    out2 = os.path.join(str(tmp), "wheelhouse2")
    proc = ww("repair", hostile, unfound, plain, "-o", out2, check=2)
    assert wheels_in(out2) == [
        "plain-1.0-cp311-cp311-manylinux1_x86_64.manylinux_2_5_x86_64.whl"]
    errors = [l for l in proc.stderr.splitlines() if l.startswith("wheelwright: ")]
    assert len(errors) == 2, proc.stderr
    assert errors[0].startswith("wheelwright: %s: error: " % hostile) and "'../evil.py'" in errors[0]
    assert errors[1].startswith("wheelwright: %s: error: " % unfound)

    # one wheel: the output is unchanged (no "repairing" line)
    proc = ww("repair", plain, "-o", os.path.join(str(tmp), "w3"), check=0)
    assert not proc.stdout.startswith("repairing")
    # all fine: 0
    ww("repair", good, plain, "-o", os.path.join(str(tmp), "w4"), check=0)
    assert len(wheels_in(os.path.join(str(tmp), "w4"))) == 2
