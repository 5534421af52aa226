"""Hostile inputs across every format: each rejected with its message and
exit status, never a crash, never a hang, nothing run and nothing written
outside the output folder."""
import os
import sys

import pytest

from conftest import ww, ROOT

sys.path.insert(0, os.path.join(ROOT, "tests", "hostile"))
from cases import CASES  # noqa: E402


def test_enough_cases():
    assert len(CASES) >= 40
    assert len({c[0] for c in CASES}) == len(CASES)


@pytest.mark.parametrize("name,make,status,message", CASES, ids=[c[0] for c in CASES])
def test_hostile_input(name, make, status, message, tmp):
    args = make(str(tmp))
    before = set(os.listdir(tmp))
    r = ww(*args, timeout=120)
    assert r.returncode == status, (r.returncode, r.stderr)
    assert message in r.stderr, r.stderr
    assert r.stderr.startswith("wheelwright: "), r.stderr
    assert "AddressSanitizer" not in r.stderr and "runtime error" not in r.stderr
    assert not os.path.exists(os.path.join(tmp, "PWNED"))
    # Nothing new beside the inputs, except what a build leaves in its own folder.
    new = set(os.listdir(tmp)) - before
    assert not [n for n in new if n.endswith((".lib", ".whl"))], new
