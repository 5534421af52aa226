"""Cross-check of the TOML parser with Python's tomllib.

Generated documents (tomlgen.py) must decode to the same values through
`wheelwright internal toml-json` as through tomllib; mutated copies of
them (a byte dropped, changed or doubled, lines repeated) must be
accepted or rejected by both alike, and decode alike when accepted.
"""
import datetime
import json
import math
import random

import pytest

from conftest import ww
import tomlgen

tomllib = pytest.importorskip("tomllib")

N_DOCS = 300
N_MUTANTS = 400


def from_tomllib(v):
    """tomllib's value in the shape that from_tagged() gives."""
    if isinstance(v, dict):
        return {k: from_tomllib(x) for k, x in v.items()}
    if isinstance(v, list):
        return [from_tomllib(x) for x in v]
    if isinstance(v, bool):
        return ("bool", v)
    if isinstance(v, int):
        return ("integer", v)
    if isinstance(v, float):
        return ("float", "nan" if math.isnan(v) else v)
    if isinstance(v, str):
        return ("string", v)
    if isinstance(v, datetime.datetime):
        off = v.utcoffset()
        fields = (v.year, v.month, v.day, v.hour, v.minute, v.second, v.microsecond)
        if off is None:
            return ("datetime-local", fields)
        return ("datetime", fields + (int(off.total_seconds()) // 60,))
    if isinstance(v, datetime.date):
        return ("date-local", (v.year, v.month, v.day))
    if isinstance(v, datetime.time):
        return ("time-local", (v.hour, v.minute, v.second, v.microsecond))
    raise TypeError(type(v))


def parse_time(text):
    hms, _, frac = text.partition(".")
    h, m, s = (int(x) for x in hms.split(":"))
    # tomllib keeps microseconds, truncating further digits
    return (h, m, s, int((frac + "000000")[:6]))


def from_tagged(v):
    """Our tagged JSON in comparable form (the fields tomllib has)."""
    if isinstance(v, list):
        return [from_tagged(x) for x in v]
    if set(v) == {"type", "value"} and isinstance(v["type"], str) \
            and isinstance(v["value"], str):
        t, s = v["type"], v["value"]
        if t == "bool":
            return (t, s == "true")
        if t == "integer":
            return (t, int(s))
        if t == "float":
            f = float(s)
            return (t, "nan" if math.isnan(f) else f)
        if t == "string":
            return (t, s)
        if t == "date-local":
            return (t, tuple(int(x) for x in s.split("-")))
        if t == "time-local":
            return (t, parse_time(s))
        date, time = s[:10], s[11:]
        fields = tuple(int(x) for x in date.split("-"))
        if t == "datetime-local":
            return (t, fields + parse_time(time))
        if time.endswith("Z"):
            off, time = 0, time[:-1]
        else:
            sign = -1 if time[-6] == "-" else 1
            off = sign * (int(time[-5:-3]) * 60 + int(time[-2:]))
            time = time[:-6]
        return (t, fields + parse_time(time) + (off,))
    return {k: from_tagged(x) for k, x in v.items()}


def same(a, b):
    """Equality that tells -0.0 from 0.0 (repr differs) and nan == nan."""
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, tuple) and isinstance(b, tuple) and a and a[0] == "float":
        return a[0] == b[0] and repr(a[1]) == repr(b[1])
    return a == b


def decode_both(text):
    """(ours, theirs): a comparable value each, or None when rejected."""
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    proc = ww("internal", "toml-json", input=data, timeout=60)
    assert proc.returncode in (0, 1), proc.stderr
    assert b"Sanitizer" not in proc.stderr and b"runtime error" not in proc.stderr
    ours = from_tagged(json.loads(proc.stdout)) if proc.returncode == 0 else None
    try:
        theirs = from_tomllib(tomllib.loads(data.decode("utf-8")))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, ValueError):
        theirs = None
    return ours, theirs, proc.stderr.decode("utf-8", "replace")


def test_comparison_can_fail():
    a = from_tomllib(tomllib.loads("a = 1\nb = -0.0\nc = 1979-05-27T07:32:00.1234567Z"))
    b = from_tagged({"a": {"type": "integer", "value": "1"},
                     "b": {"type": "float", "value": "-0"},
                     "c": {"type": "datetime", "value": "1979-05-27T07:32:00.123456Z"}})
    assert same(a, b)
    assert not same(a, from_tagged({"a": {"type": "integer", "value": "1"},
                                    "b": {"type": "float", "value": "0"},
                                    "c": {"type": "datetime", "value": "1979-05-27T07:32:00.123456Z"}}))
    assert not same({"x": a["a"], "y": a["a"]}, {"y": a["a"], "x": a["a"]})


def test_generated_documents_agree():
    problems = []
    for seed in range(N_DOCS):
        _, text = tomlgen.document(seed)
        ours, theirs, err = decode_both(text)
        if theirs is None:
            problems.append("seed %d: tomllib rejects the generated text" % seed)
        elif ours is None:
            problems.append("seed %d: rejected: %s" % (seed, err))
        elif not same(ours, theirs):
            problems.append("seed %d: values differ" % seed)
    assert not problems, "\n".join(problems[:20])


def has_big_int(v):
    """tomllib reads integers of any size; TOML 1.0 wants an error beyond
    64 bits ("if an integer cannot be represented losslessly")."""
    if isinstance(v, dict):
        return any(has_big_int(x) for x in v.values())
    if isinstance(v, list):
        return any(has_big_int(x) for x in v)
    return v[0] == "integer" and not -2**63 <= v[1] < 2**63


def mutate(r, text):
    data = bytearray(text.encode("utf-8"))
    if not data:
        return bytes(data)
    i = r.randrange(len(data))
    op = r.randrange(4)
    if op == 0:
        del data[i]
    elif op == 1:
        data[i:i + 1] = r.choice([b"\"", b"'", b"=", b".", b"[", b"]", b"{", b"}",
                                  b",", b"#", b"\n", b" ", b"\\", b"_", b"0", b"e"])
    elif op == 2:
        data.insert(i, data[i])
    else:
        lines = bytes(data).split(b"\n")
        j = r.randrange(len(lines))
        lines.insert(r.randrange(len(lines) + 1), lines[j])
        data = bytearray(b"\n".join(lines))
    return bytes(data)


def test_mutated_documents_agree():
    r = random.Random(1234)
    problems = []
    counts = {"both accept": 0, "both reject": 0, "int64 range": 0}
    for n in range(N_MUTANTS):
        _, text = tomlgen.document(10000 + n % 150)
        data = mutate(r, text)
        ours, theirs, err = decode_both(data)
        if ours is None and theirs is None:
            counts["both reject"] += 1
        elif ours is None and has_big_int(theirs) and "64-bit range" in err:
            counts["int64 range"] += 1
        elif ours is None or theirs is None:
            problems.append("mutant %d: %s, tomllib %s:\n%r\n%s" % (
                n, "we reject" if ours is None else "we accept",
                "rejects" if theirs is None else "accepts", data[:300], err))
        elif not same(ours, theirs):
            problems.append("mutant %d: values differ:\n%r" % (n, data[:300]))
        else:
            counts["both accept"] += 1
    print("mutants: %r" % counts)
    assert counts["both accept"] > 20 and counts["both reject"] > 100
    assert not problems, "\n".join(problems[:10])
