"""`wheelwright audit -j N`: worker threads inflate and hash a wheel's
members, the report must not depend on how many: the same JSON for any N
on every wheel of the corpus, and the same first error on a damaged wheel.
"""
import base64
import hashlib
import json
import os
import zipfile

import pytest

from conftest import CACHE, ww

WHEELS = os.path.join(CACHE, "wheels")
CORPUS = sorted(os.path.join(WHEELS, f) for f in os.listdir(WHEELS)
                if f.endswith(".whl")) if os.path.isdir(WHEELS) else []


@pytest.mark.skipif(not CORPUS, reason="no wheel corpus in .cache/wheels (tests/corpus/fetch-wheels)")
@pytest.mark.parametrize("whl", CORPUS, ids=os.path.basename)
def test_same_report_for_any_thread_count(whl):
    outs = []
    for jobs in (["-j", "1"], ["-j", "3"], ["--jobs=8"], []):
        proc = ww("audit", "--json", whl, *jobs)
        assert proc.returncode in (0, 1), proc.stderr
        outs.append((proc.returncode, json.loads(proc.stdout), proc.stderr))
    assert all(o == outs[0] for o in outs[1:])


def record_line(name, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
    return "%s,sha256=%s,%d\n" % (name, digest.decode(), len(data))


def make_wheel(path, members):
    """A pure wheel with these (name, bytes) members and a true RECORD."""
    info = "demo-1.0.dist-info"
    wheel = b"Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    meta = b"Metadata-Version: 2.1\nName: demo\nVersion: 1.0\n"
    files = list(members) + [(info + "/WHEEL", wheel), (info + "/METADATA", meta)]
    record = "".join(record_line(n, d) for n, d in files) + info + "/RECORD,,\n"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files:
            z.writestr(name, data)
        z.writestr(info + "/RECORD", record)


def damage(path, name):
    """Flips bytes in the middle of member name's compressed data."""
    with zipfile.ZipFile(path) as z:
        info = z.getinfo(name)
    data = bytearray(open(path, "rb").read())
    # Local header: 30 bytes, then the name and the extra field.
    n = int.from_bytes(data[info.header_offset + 26:info.header_offset + 28], "little")
    x = int.from_bytes(data[info.header_offset + 28:info.header_offset + 30], "little")
    mid = info.header_offset + 30 + n + x + info.compress_size // 2
    data[mid] ^= 0x55
    data[mid + 1] ^= 0xAA
    open(path, "wb").write(bytes(data))


def test_first_damaged_member_is_the_error(tmp):
    members = [("demo/m%03d.txt" % i, (b"member %d says hello\n" % i) * (2000 + 37 * i))
               for i in range(60)]
    path = str(tmp / "demo-1.0-py3-none-any.whl")
    make_wheel(path, members)
    assert ww("audit", path).returncode == 0
    damage(path, "demo/m041.txt")
    damage(path, "demo/m017.txt")
    errors = set()
    for jobs in ("1", "2", "4", "16"):
        proc = ww("audit", "-j", jobs, path)
        assert proc.returncode == 2, proc.stderr
        assert proc.stdout == ""
        errors.add(proc.stderr)
    assert len(errors) == 1, errors
    err = errors.pop()
    assert err.startswith("wheelwright: %s: error: " % path), err
    assert "'demo/m017.txt'" in err and "m041" not in err, err


@pytest.mark.parametrize("value", ["0", "x", "1025", "-3"])
def test_bad_thread_count(value, tmp):
    path = str(tmp / "demo-1.0-py3-none-any.whl")
    make_wheel(path, [("demo/a.txt", b"a")])
    proc = ww("audit", path, "-j", value)
    assert proc.returncode == 2
    assert proc.stderr == ("wheelwright: error: audit: -j needs a number from 1 to 1024, "
                           "not '%s'\n" % value), proc.stderr
