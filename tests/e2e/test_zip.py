"""The zip writer, zip reader and tar.gz writer against Python's zipfile,
tarfile and gzip, unzip(1) and tar(1): `wheelwright internal zip-pack`,
`zip-list` and `tar-pack`."""
import calendar
import gzip
import io
import json
import os
import random
import stat
import struct
import subprocess
import sys
import tarfile
import time
import zipfile
import zlib

import pytest

from conftest import have, wheelwright_path, ww

EPOCH_1980 = 315532800


def make_tree(top, big=False):
    """A folder with the kinds of files a wheel holds; returns {rel: bytes}."""
    rng = random.Random(7)
    files = {
        "pkg/__init__.py": b"from ._core import *\n",
        "pkg/text.py": b"".join(b"x_%d = %d  # a line of source\n" % (i, i * i)
                                for i in range(20000)),
        "pkg/random.bin": rng.randbytes(300000),
        "pkg/tiny-random": rng.randbytes(50),
        "pkg/empty": b"",
        "pkg/_core.cpython-311-x86_64-linux-gnu.so": rng.randbytes(2000) + bytes(100000),
        "pkg/caf\u00e9/\u00fcnicode.txt": "h\u00e9llo\n".encode(),
        "pkg/" + "d" * 80 + "/" + "f" * 90 + ".txt": b"long name\n",
        "pkg-1.0.dist-info/METADATA": b"Metadata-Version: 2.1\nName: pkg\nVersion: 1.0\n",
        "bin/tool": b"#!/bin/sh\necho tool\n",
    }
    for rel, data in files.items():
        path = os.path.join(top, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
    os.chmod(os.path.join(top, "bin/tool"), 0o755)
    return files


def zip_list(path, *opts, status=0):
    proc = ww("internal", "zip-list", *opts, path)
    assert proc.returncode == status, proc.stderr
    return json.loads(proc.stdout) if proc.stdout else None, proc


# ---------------------------------------------------------------- writer


@pytest.mark.parametrize("zip64", [False, True], ids=["plain", "zip64"])
def test_zip_pack_read_by_python_zipfile(tmp, zip64):
    files = make_tree(tmp / "tree")
    out = tmp / "out.zip"
    ww("internal", "zip-pack", *(["--zip64"] if zip64 else []), out, tmp / "tree",
       check=0)
    with zipfile.ZipFile(out) as z:
        assert z.testzip() is None
        infos = z.infolist()
        assert [i.filename for i in infos] == sorted(files, key=lambda s: s.encode())
        for info in infos:
            data = z.read(info)
            assert data == files[info.filename]
            assert info.CRC == zlib.crc32(data)
            assert info.create_system == 3
            assert info.date_time == (1980, 1, 1, 0, 0, 0)
            want_mode = 0o100755 if info.filename == "bin/tool" else 0o100644
            assert info.external_attr >> 16 == want_mode
            assert info.compress_size <= info.file_size or info.file_size == 0
            if zip64:
                assert info.extract_version == 45
        methods = {i.filename: i.compress_type for i in infos}
        assert methods["pkg/text.py"] == zipfile.ZIP_DEFLATED
        assert methods["pkg/random.bin"] == zipfile.ZIP_STORED
        assert methods["pkg/tiny-random"] == zipfile.ZIP_STORED
        assert methods["pkg/empty"] == zipfile.ZIP_STORED
    # Our own reader agrees with zipfile on every field.
    listing, _ = zip_list(out)
    assert listing["valid"] and listing["zip64"] == zip64
    with zipfile.ZipFile(out) as z:
        for entry, info in zip(listing["entries"], z.infolist()):
            assert entry["name"] == info.filename
            assert entry["size"] == info.file_size
            assert entry["compressed_size"] == info.compress_size
            assert entry["method"] == info.compress_type
            assert entry["crc"] == info.CRC
            assert entry["mode"] == info.external_attr >> 16
            assert entry["offset"] == info.header_offset
            assert entry["problem"] is None


@pytest.mark.skipif(not have("unzip"), reason="no unzip")
@pytest.mark.parametrize("zip64", [False, True], ids=["plain", "zip64"])
def test_zip_pack_passes_unzip_t(tmp, zip64):
    make_tree(tmp / "tree")
    out = tmp / "out.zip"
    ww("internal", "zip-pack", *(["--zip64"] if zip64 else []), out, tmp / "tree",
       check=0)
    proc = subprocess.run(["unzip", "-t", str(out)], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, errors="replace")
    assert proc.returncode == 0, proc.stdout
    assert "No errors detected" in proc.stdout


def test_zip_pack_reproducible_and_epoch(tmp):
    make_tree(tmp / "tree")
    env = {"SOURCE_DATE_EPOCH": "1700000001"}
    ww("internal", "zip-pack", tmp / "a.zip", tmp / "tree", env=env, check=0)
    # Different files' mtimes and a different umask change nothing.
    os.utime(tmp / "tree" / "pkg" / "text.py", (1, 1))
    os.chmod(tmp / "tree" / "pkg" / "empty", 0o600)
    ww("internal", "zip-pack", tmp / "b.zip", tmp / "tree", env=env, check=0)
    a, b = (tmp / "a.zip").read_bytes(), (tmp / "b.zip").read_bytes()
    assert a == b
    # Nor does the number of deflate threads.
    for threads in (1, 3):
        ww("internal", "zip-pack", "--threads", threads, tmp / "t.zip", tmp / "tree",
           env=env, check=0)
        assert (tmp / "t.zip").read_bytes() == a
    with zipfile.ZipFile(tmp / "a.zip") as z:
        # DOS time has 2-second steps: odd seconds round down.
        assert {i.date_time for i in z.infolist()} == {time.gmtime(1700000000)[:6]}
    ww("internal", "zip-pack", tmp / "c.zip", tmp / "tree",
       env={"SOURCE_DATE_EPOCH": "1700000002"}, check=0)
    assert (tmp / "c.zip").read_bytes() != a
    # Before 1980, DOS time cannot say it: clamped.
    ww("internal", "zip-pack", tmp / "d.zip", tmp / "tree",
       env={"SOURCE_DATE_EPOCH": "86400"}, check=0)
    with zipfile.ZipFile(tmp / "d.zip") as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    proc = ww("internal", "zip-pack", tmp / "e.zip", tmp / "tree",
              env={"SOURCE_DATE_EPOCH": "yesterday"}, check=2)
    assert "SOURCE_DATE_EPOCH 'yesterday' is not a number of seconds" in proc.stderr
    assert not (tmp / "e.zip").exists()


def test_zip_pack_levels(tmp):
    make_tree(tmp / "tree")
    sizes = {}
    for level in (0, 1, 9):
        out = tmp / ("l%d.zip" % level)
        ww("internal", "zip-pack", "--level", level, out, tmp / "tree", check=0)
        with zipfile.ZipFile(out) as z:
            assert z.testzip() is None
            if level == 0:
                assert {i.compress_type for i in z.infolist()} == {zipfile.ZIP_STORED}
        sizes[level] = out.stat().st_size
    assert sizes[0] > sizes[1] >= sizes[9]
    ww("internal", "zip-pack", "--level", "12", tmp / "x.zip", tmp / "tree", check=2)


def test_zip_pack_leaves_nothing_on_error(tmp):
    (tmp / "tree").mkdir()
    (tmp / "tree" / "a").write_bytes(b"a")
    (tmp / "tree" / "x\\y").write_bytes(b"a legal file name, not a legal entry name")
    proc = ww("internal", "zip-pack", tmp / "x.zip", tmp / "tree", check=2)
    assert "error: backslash in entry name 'x\\y'" in proc.stderr
    assert os.listdir(tmp) == ["tree"]  # no archive, no temporary file
    (tmp / "tree" / "x\\y").unlink()
    os.mkfifo(tmp / "tree" / "p")
    proc = ww("internal", "zip-pack", tmp / "x.zip", tmp / "tree", check=2)
    assert "%s: error: neither a regular file nor a folder" % (tmp / "tree" / "p") in proc.stderr
    assert os.listdir(tmp) == ["tree"]


def run_measured(args):
    """Runs args in a child Python that reports its children's peak RSS (KiB)."""
    code = ("import resource, subprocess, sys\n"
            "r = subprocess.run(sys.argv[1:]).returncode\n"
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
            "sys.exit(r)\n")
    proc = subprocess.run([sys.executable, "-c", code] + [str(a) for a in args],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return proc.returncode, int(proc.stdout.strip().splitlines()[-1]), proc.stderr


def test_big_file_packed_and_read_in_bounded_memory(tmp):
    """200 MB through the writer and the reader: memory must not follow."""
    tree = tmp / "tree"
    tree.mkdir()
    rng = random.Random(3)
    chunk = b"".join(b"%08d %s\n" % (rng.randrange(10**8), b"payload" * rng.randrange(1, 9))
                     for _ in range(40000))[:1 << 20]
    assert len(chunk) == 1 << 20
    crc = 0
    with open(tree / "big.dat", "wb") as f:
        for i in range(200):
            block = b"%06d" % i + chunk[6:]
            crc = zlib.crc32(block, crc)
            f.write(block)
    out = tmp / "big.zip"
    rc, rss_kib, err = run_measured([wheelwright_path(), "internal", "zip-pack",
                                     out, tree])
    assert rc == 0, err
    assert rss_kib < 64 * 1024, "zip-pack peak RSS %d KiB" % rss_kib
    with zipfile.ZipFile(out) as z:
        (info,) = z.infolist()
        assert info.file_size == 200 << 20 and info.CRC == crc
        assert info.compress_type == zipfile.ZIP_DEFLATED
        got = 0
        with z.open(info) as f:  # zipfile checks the CRC at the end
            while True:
                b = f.read(1 << 22)
                if not b:
                    break
                got = zlib.crc32(b, got)
        assert got == crc
    rc, rss_kib, err = run_measured([wheelwright_path(), "internal", "zip-list",
                                     out])
    assert rc == 0, err
    assert rss_kib < 64 * 1024, "zip-list peak RSS %d KiB" % rss_kib


# ---------------------------------------------------------------- reader


def python_zip(path, **kw):
    """Archives as Python's zipfile writes them, in several shapes."""
    compression = kw.get("compression", zipfile.ZIP_DEFLATED)
    with zipfile.ZipFile(path, "w", compression=compression) as z:
        z.comment = kw.get("comment", b"")
        z.writestr("a.txt", b"hello " * 1000)
        z.writestr("dir/", b"")
        info = zipfile.ZipInfo("dir/b.bin", date_time=(2020, 5, 6, 7, 8, 10))
        info.external_attr = 0o100755 << 16
        z.writestr(info, random.Random(1).randbytes(5000),
                   compress_type=zipfile.ZIP_STORED)
        if kw.get("zip64"):
            with z.open("big.txt", "w", force_zip64=True) as f:
                f.write(b"line\n" * 30000)
        z.writestr("z.txt", b"")


@pytest.mark.parametrize("shape", [
    {},
    {"compression": zipfile.ZIP_STORED},
    {"zip64": True},
    {"comment": b"a comment with PK\x05\x06 inside it"},
    {"comment": b"x" * 65535},
], ids=["deflated", "stored", "zip64", "comment", "longest-comment"])
def test_reads_python_zipfile_archives(tmp, shape):
    path = tmp / "py.zip"
    python_zip(path, **shape)
    listing, _ = zip_list(path)
    assert listing["valid"] and listing["error"] is None
    assert listing["comment"] == shape.get("comment", b"").decode("latin-1")
    if b"PK\x05\x06" in shape.get("comment", b""):
        # Python's zipfile takes the fake end record in the comment for the
        # real one and cannot open this archive: compare with the same
        # archive without a comment (the entries are byte for byte the same).
        path = tmp / "no-comment.zip"
        python_zip(path, **dict(shape, comment=b""))
    with zipfile.ZipFile(path) as z:
        infos = z.infolist()
        assert [e["name"] for e in listing["entries"]] == [i.filename for i in infos]
        for entry, info in zip(listing["entries"], infos):
            assert entry["size"] == info.file_size
            assert entry["compressed_size"] == info.compress_size
            assert entry["crc"] == info.CRC
            assert entry["method"] == info.compress_type
            assert entry["mode"] == info.external_attr >> 16
    if shape.get("zip64"):
        assert any(e["name"] == "big.txt" for e in listing["entries"])


class Unseekable(io.RawIOBase):
    """A write-only stream: zipfile then writes data descriptors."""

    def __init__(self, f):
        self.f = f

    def writable(self):
        return True

    def write(self, b):
        return self.f.write(b)


def test_reads_streamed_zip_with_data_descriptors(tmp):
    path = tmp / "streamed.zip"
    with open(path, "wb") as raw:
        with zipfile.ZipFile(Unseekable(raw), "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("a.txt", b"streamed " * 500)
            with z.open("b.txt", "w") as f:
                f.write(b"more " * 800)
    with zipfile.ZipFile(path) as z:
        assert all(i.flag_bits & 0x08 for i in z.infolist())
    listing, _ = zip_list(path)
    assert listing["valid"]


def test_reads_many_entries_zip64_from_python(tmp):
    path = tmp / "many.zip"
    with zipfile.ZipFile(path, "w") as z:
        for i in range(65536 + 10):
            z.writestr("f%05d" % i, b"")
    listing, _ = zip_list(path)
    assert listing["valid"] and listing["zip64"]
    assert len(listing["entries"]) == 65546


# ---------------------------------------------------------------- hostile


def hostile(tmp, build):
    path = tmp / "hostile.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("ok.txt", b"fine")
        build(z)
    return path


def expect_rejected(path, message, *opts):
    listing, proc = zip_list(path, *opts, status=2)
    line = "wheelwright: %s: error: %s" % (path, message)
    assert line in proc.stderr.splitlines(), proc.stderr
    if listing is not None:
        assert listing["valid"] is False and listing["error"] == message
    return listing


@pytest.mark.parametrize("name,message", [
    ("../x", "'..' component in entry name '../x'"),
    ("a/../../x", "'..' component in entry name 'a/../../x'"),
    ("/abs", "absolute path in entry name '/abs'"),
    ("C:\\x", "drive letter in entry name 'C:\\x'"),
    ("a\\b", "backslash in entry name 'a\\b'"),
])
def test_hostile_names(tmp, name, message):
    path = hostile(tmp, lambda z: z.writestr(zipfile.ZipInfo(name), b"x"))
    listing = expect_rejected(path, message)
    bad = [e for e in listing["entries"] if e["problem"]]
    assert [e["name"] for e in bad] == [name]
    # Python's zipfile lists the same name: it is the archive, not our parse.
    with zipfile.ZipFile(path) as z:
        assert name in z.namelist()


def test_hostile_nul_in_name(tmp):
    path = hostile(tmp, lambda z: z.writestr("evil_NUL", b"x"))
    data = path.read_bytes().replace(b"evil_NUL", b"evil\x00NUL")
    path.write_bytes(data)
    expect_rejected(path, "NUL byte in entry name 'evil\\x00NUL'")


def test_hostile_symlink(tmp):
    def build(z):
        info = zipfile.ZipInfo("link")
        info.external_attr = 0o120777 << 16
        z.writestr(info, b"/etc/passwd")
    path = hostile(tmp, build)
    expect_rejected(path, "symbolic link 'link' (mode 120777)")
    listing, _ = zip_list(path, "--allow-symlinks")
    assert listing["valid"]


def test_hostile_duplicates(tmp):
    def build(z):
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            z.writestr("ok.txt", b"again")
    expect_rejected(hostile(tmp, build), "duplicate entry name 'ok.txt'")


def patch_local(path, name, offset_in_header, fmt, value):
    """Overwrites a field of name's local header, leaving the central one."""
    with zipfile.ZipFile(path) as z:
        where = z.getinfo(name).header_offset
    data = bytearray(path.read_bytes())
    struct.pack_into(fmt, data, where + offset_in_header, value)
    path.write_bytes(bytes(data))


def test_hostile_local_header_disagrees(tmp):
    build = lambda z: z.writestr("data.txt", b"data " * 100)
    path = hostile(tmp, build)
    patch_local(path, "data.txt", 30, "<4s", b"DATA")
    expect_rejected(path, "local header disagrees with the central directory on "
                    "the name of 'data.txt' (local name 'DATA.txt')")
    path = hostile(tmp, build)
    patch_local(path, "data.txt", 8, "<H", 0)
    expect_rejected(path, "local header disagrees with the central directory on "
                    "the compression method of 'data.txt' (0, not 8)")
    path = hostile(tmp, build)
    with zipfile.ZipFile(path) as z:
        info = z.getinfo("data.txt")
        csize, size = info.compress_size, info.file_size
    patch_local(path, "data.txt", 22, "<I", 7)
    expect_rejected(path, "local header disagrees with the central directory on "
                    "the sizes of 'data.txt' (7/%d bytes, not %d/%d)"
                    % (csize, size, csize))


def test_hostile_zip_bomb_ratio(tmp):
    path = hostile(tmp, lambda z: z.writestr("bomb", bytes(50 << 20)))
    with zipfile.ZipFile(path) as z:
        csize = z.getinfo("bomb").compress_size
    expect_rejected(path, "compression ratio over 200:1 (zip bomb?) in 'bomb' "
                    "(%d bytes from %d)" % (50 << 20, csize))
    listing, _ = zip_list(path, "--max-ratio", "0")
    assert listing["valid"]


def test_hostile_zip_bomb_lying_size(tmp):
    path = hostile(tmp, lambda z: z.writestr("bomb", bytes(10 << 20)))
    with zipfile.ZipFile(path) as z:
        info = z.getinfo("bomb")
        local = info.header_offset
    # Declare 1000 bytes, in both headers: the ratio looks harmless.
    data = bytearray(path.read_bytes())
    struct.pack_into("<I", data, local + 22, 1000)
    cd = data.index(b"PK\x01\x02")
    while data[cd + 46:cd + 50] != b"bomb":
        cd = data.index(b"PK\x01\x02", cd + 4)
    struct.pack_into("<I", data, cd + 24, 1000)
    path.write_bytes(bytes(data))
    with zipfile.ZipFile(path) as z:
        assert z.getinfo("bomb").file_size == 1000
    listing = expect_rejected(path, "content larger than declared in 'bomb' "
                              "(more than 1000 bytes)")
    assert [e["problem"] for e in listing["entries"] if e["name"] == "bomb"] == \
        ["content larger than declared in 'bomb' (more than 1000 bytes)"]


def test_hostile_crc(tmp):
    path = hostile(tmp, lambda z: z.writestr("c.txt", b"content " * 10,
                                             compress_type=zipfile.ZIP_STORED))
    data = bytearray(path.read_bytes())
    i = data.index(b"content " * 10)
    data[i] ^= 1
    path.write_bytes(bytes(data))
    with zipfile.ZipFile(path) as z:
        assert z.testzip() == "c.txt"
    crc = zlib.crc32(bytes(data[i:i + 80]))
    expect_rejected(path, "CRC-32 mismatch in 'c.txt' (content has %08x, "
                    "declared %08x)" % (crc, zlib.crc32(b"content " * 10)))


def test_hostile_overlap(tmp):
    """ok.txt's data is made to cover b.txt's header and data too."""
    path = hostile(tmp, lambda z: z.writestr("b.txt", b"b" * 1000))
    with zipfile.ZipFile(path) as z:
        ok, b = z.getinfo("ok.txt"), z.getinfo("b.txt")
    data = bytearray(path.read_bytes())
    ok_data = ok.header_offset + 30 + len("ok.txt")
    span = b.header_offset + 30 + len("b.txt") + b.compress_size - ok_data
    cd = data.index(b"PK\x01\x02")  # ok.txt's central entry comes first
    struct.pack_into("<I", data, ok.header_offset + 18, span)
    struct.pack_into("<I", data, cd + 20, span)
    path.write_bytes(bytes(data))
    expect_rejected(path, "overlapping entries: 'b.txt' starts inside the data of "
                    "'ok.txt'")


@pytest.mark.parametrize("cut", ["half", "last-byte", "end-record"])
def test_truncated(tmp, cut):
    path = hostile(tmp, lambda z: z.writestr("a.txt", b"abc" * 1000))
    data = path.read_bytes()
    n = {"half": len(data) // 2, "last-byte": len(data) - 1,
         "end-record": len(data) - 10}[cut]
    path.write_bytes(data[:n])
    message = ("no end of central directory record: truncated archive, or "
               "not a zip archive")
    expect_rejected(path, message)


def test_not_a_zip(tmp):
    p = tmp / "x.whl"
    p.write_bytes(b"")
    expect_rejected(p, "not a zip archive: 0 bytes is too short for an end of "
                    "central directory record")
    p.write_bytes(b"#!/bin/sh\n" * 10)
    expect_rejected(p, "no end of central directory record: truncated archive, "
                    "or not a zip archive")
    proc = ww("internal", "zip-list", tmp / "missing.whl", check=2)
    assert "cannot open: No such file or directory" in proc.stderr


def test_unsupported_method(tmp):
    path = tmp / "bz.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_BZIP2) as z:
        z.writestr("a", b"a" * 100)
    expect_rejected(path, "unsupported compression method in 'a' (12; only 0, "
                    "stored, and 8, deflated, are read)")


# ---------------------------------------------------------------- tar.gz


def test_tar_pack_read_by_tarfile(tmp):
    files = make_tree(tmp / "tree")
    out = tmp / "pkg-1.0.tar.gz"
    ww("internal", "tar-pack", out, "pkg-1.0", tmp / "tree",
       env={"SOURCE_DATE_EPOCH": "1700000000"}, check=0)
    raw = out.read_bytes()
    # Fixed gzip header: deflate, no flags (no name), mtime 0, OS unknown.
    assert raw[:4] == b"\x1f\x8b\x08\x00" and raw[4:8] == b"\0\0\0\0"
    assert raw[9] == 255
    with gzip.open(out) as g:
        assert len(g.read()) % 10240 == 0
    with tarfile.open(out, "r:gz") as t:
        assert t.format == tarfile.PAX_FORMAT or all(
            m.pax_headers is not None for m in t.getmembers())
        members = t.getmembers()
        assert [m.name for m in members] == ["pkg-1.0/" + r for r in
                                             sorted(files, key=lambda s: s.encode())]
        for m in members:
            rel = m.name[len("pkg-1.0/"):]
            assert m.isreg()
            assert m.mtime == 1700000000
            assert (m.uid, m.gid, m.uname, m.gname) == (0, 0, "", "")
            assert m.mode == (0o755 if rel == "bin/tool" else 0o644)
            assert t.extractfile(m).read() == files[rel]
        t.extractall(tmp / "x", filter="data")
    for rel, data in files.items():
        assert (tmp / "x" / "pkg-1.0" / rel).read_bytes() == data
    assert os.stat(tmp / "x" / "pkg-1.0" / "bin" / "tool").st_mode & 0o100


def test_tar_pack_reproducible(tmp):
    make_tree(tmp / "tree")
    env = {"SOURCE_DATE_EPOCH": "1234567890"}
    ww("internal", "tar-pack", tmp / "a.tar.gz", "p-1", tmp / "tree", env=env, check=0)
    os.utime(tmp / "tree" / "pkg" / "text.py", (5, 5))
    ww("internal", "tar-pack", tmp / "b.tar.gz", "p-1", tmp / "tree", env=env, check=0)
    assert (tmp / "a.tar.gz").read_bytes() == (tmp / "b.tar.gz").read_bytes()
    ww("internal", "tar-pack", tmp / "c.tar.gz", "p-1", tmp / "tree", check=0)
    with tarfile.open(tmp / "c.tar.gz") as t:
        assert {m.mtime for m in t.getmembers()} == {EPOCH_1980}


@pytest.mark.skipif(not have("tar"), reason="no tar")
def test_tar_pack_read_by_tar(tmp):
    files = make_tree(tmp / "tree")
    out = tmp / "s.tar.gz"
    ww("internal", "tar-pack", out, "s-2", tmp / "tree", check=0)
    (tmp / "x").mkdir()
    proc = subprocess.run(["tar", "-xzf", str(out), "-C", str(tmp / "x")],
                          stderr=subprocess.PIPE, text=True)
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    for rel, data in files.items():
        assert (tmp / "x" / "s-2" / rel).read_bytes() == data


def test_tar_pack_bad_prefix(tmp):
    make_tree(tmp / "tree")
    proc = ww("internal", "tar-pack", tmp / "a.tar.gz", "../up", tmp / "tree", check=2)
    assert "'..' component in entry name '../up/" in proc.stderr
    assert not (tmp / "a.tar.gz").exists()
