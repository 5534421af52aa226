"""The toml-test conformance suite (TOML 1.0.0) against
`wheelwright internal toml-json`, the toml-test decoder interface.

Every path listed in ref/toml-test/tests/files-toml-1.0.0 is one test:
valid/*.toml must decode to what the .json beside it says (compared by
meaning: numbers by value, date-times at millisecond precision), and
invalid/*.toml must be rejected with exit status 1 and a located error,
never a crash. test_suite_summary asserts that all of them pass.
"""
import functools
import json
import math
import os
import re

import pytest

from conftest import REF, ww

SUITE = os.path.join(REF, "toml-test", "tests")
LIST = os.path.join(SUITE, "files-toml-1.0.0")


def suite_cases():
    if not os.path.exists(LIST):
        return []
    with open(LIST) as f:
        return [line.strip() for line in f
                if line.strip().endswith(".toml")]


CASES = suite_cases()
needs_suite = pytest.mark.skipif(not CASES, reason="ref/toml-test is absent")

ERROR_LINE = re.compile(r"^wheelwright: <stdin>:\d+:\d+: error: \S", re.M)
DATETIME = re.compile(
    r"^(?:(\d{4})-(\d{2})-(\d{2}))?[T ]?"
    r"(?:(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?)?"
    r"(Z|[+-]\d{2}:\d{2})?$", re.I)


def datetime_key(text):
    """A date-time as comparable parts, the fraction cut to milliseconds."""
    m = DATETIME.match(text)
    assert m, "not a date-time: %r" % text
    parts = list(m.groups())
    frac = parts[6] or ""
    parts[6] = (frac + "000")[:3] if parts[3] else None
    if parts[7]:
        parts[7] = "+00:00" if parts[7].upper() in ("Z", "-00:00") else parts[7]
    return tuple(parts)


def is_scalar(node):
    return (isinstance(node, dict) and set(node) == {"type", "value"}
            and isinstance(node["type"], str) and isinstance(node["value"], str))


def same_scalar(want, got):
    if want["type"] != got["type"]:
        return False
    t, a, b = want["type"], want["value"], got["value"]
    if t == "integer":
        return int(a, 0) == int(b, 0)
    if t == "float":
        fa, fb = float(a), float(b)
        return (math.isnan(fa) and math.isnan(fb)) or fa == fb
    if t in ("datetime", "datetime-local", "date-local", "time-local"):
        return datetime_key(a) == datetime_key(b)
    return a == b


def differences(want, got, path="$"):
    """Where two tagged-JSON trees differ (an empty list if they agree)."""
    if is_scalar(want):
        if is_scalar(got) and same_scalar(want, got):
            return []
        return ["%s: want %r, got %r" % (path, want, got)]
    if isinstance(want, dict):
        if not isinstance(got, dict) or is_scalar(got):
            return ["%s: want a table, got %r" % (path, got)]
        out = []
        for k in sorted(set(want) | set(got)):
            if k not in got:
                out.append("%s.%s: missing" % (path, k))
            elif k not in want:
                out.append("%s.%s: unexpected" % (path, k))
            else:
                out += differences(want[k], got[k], "%s.%s" % (path, k))
        return out
    if isinstance(want, list):
        if not isinstance(got, list):
            return ["%s: want an array, got %r" % (path, got)]
        if len(want) != len(got):
            return ["%s: want %d items, got %d" % (path, len(want), len(got))]
        out = []
        for i, (a, b) in enumerate(zip(want, got)):
            out += differences(a, b, "%s[%d]" % (path, i))
        return out
    return ["%s: unexpected expected-value %r" % (path, want)]


def crashed(proc):
    return (proc.returncode < 0 or proc.returncode > 2
            or "Sanitizer" in proc.stderr or "runtime error:" in proc.stderr)


@functools.lru_cache(maxsize=None)
def check_case(case):
    """Runs one case; returns None if it passes, else why not."""
    with open(os.path.join(SUITE, case), "rb") as f:
        data = f.read()
    proc = ww("internal", "toml-json", input=data, timeout=60)
    proc.stdout = proc.stdout.decode("utf-8", "replace")
    proc.stderr = proc.stderr.decode("utf-8", "replace")
    if crashed(proc):
        return "crashed (exit %d): %s" % (proc.returncode, proc.stderr[-2000:])
    if case.startswith("invalid/"):
        if proc.returncode != 1:
            return "accepted invalid TOML (exit %d): %s" % (proc.returncode, proc.stdout[:500])
        if not ERROR_LINE.search(proc.stderr):
            return "no located error message: %r" % proc.stderr
        return None
    if proc.returncode != 0:
        return "rejected valid TOML: %s" % proc.stderr
    with open(os.path.join(SUITE, case[:-len(".toml")] + ".json"), "rb") as f:
        want = json.loads(f.read().decode("utf-8"))
    try:
        got = json.loads(proc.stdout)
    except ValueError as exc:
        return "output is not JSON (%s): %r" % (exc, proc.stdout[:500])
    diff = differences(want, got)
    return "\n".join(diff[:20]) if diff else None


@needs_suite
@pytest.mark.parametrize("case", CASES or ["(absent)"])
def test_toml_case(case):
    problem = check_case(case)
    assert problem is None, "%s: %s" % (case, problem)


@needs_suite
def test_suite_summary():
    valid = [c for c in CASES if c.startswith("valid/")]
    invalid = [c for c in CASES if c.startswith("invalid/")]
    failed = [c for c in CASES if check_case(c) is not None]
    print("toml-test 1.0.0: %d valid and %d invalid cases, %d passed, %d failed"
          % (len(valid), len(invalid), len(CASES) - len(failed), len(failed)))
    assert len(valid) > 200 and len(invalid) > 450, "the case list looks truncated"
    assert not failed, "failed: " + ", ".join(failed[:30])


def test_comparison_can_fail():
    """The comparison itself must tell different documents apart."""
    i = lambda v: {"type": "integer", "value": v}
    dt = lambda v: {"type": "datetime", "value": v}
    assert not differences({"a": i("255")}, {"a": i("0xff")})
    assert differences({"a": i("1")}, {"a": i("2")})
    assert differences({"a": i("1")}, {"a": {"type": "float", "value": "1"}})
    assert differences({"a": [i("1")]}, {"a": [i("1"), i("1")]})
    assert differences({"a": {}}, {"a": {}, "b": {}})
    assert not differences({"a": dt("1987-07-05T17:45:00.1239Z")},
                           {"a": dt("1987-07-05 17:45:00.123z")})
    assert differences({"a": dt("1987-07-05T17:45:00.124Z")},
                       {"a": dt("1987-07-05T17:45:00.123Z")})
    assert differences({"a": dt("1987-07-05T17:45:00+01:00")},
                       {"a": dt("1987-07-05T17:45:00Z")})
