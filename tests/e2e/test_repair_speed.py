"""What makes `wheelwright repair` fast must not change what it writes.

A module is built against two libraries made here and found through
LD_LIBRARY_PATH, so that the repair copies them into the wheel:
  - libbig.so.1 carries 1.5 MB of compressible text (deflated in several
    512 KiB blocks);
  - libnoise.so.1 carries 600 KB of random bytes (deflate shrinks only
    its headers and padding).
Checked here: the wheel's bytes are the same for any number of deflate
threads (-j N), and -j's errors (exit 2); the same with an empty and with
a warm cache of compressed copies (WHEELWRIGHT_CACHE_DIR/deflated), with
damaged cache entries (which are written again) and with a cache folder
that cannot be made; a sound entry is used as it is (one written here with
another valid stream shows in the wheel); four repairs at once on one
empty cache all write the same wheel and leave whole entries. The
repaired wheel (warm cache) imports on this machine and in the Debian root
without the libraries (see test_repair.py for the root).
"""
import hashlib
import os
import random
import struct
import subprocess
import zipfile
import zlib

import pytest

from conftest import wheelwright_path, ww
from test_repair import (READELF, build_module, have, import_here, import_in_root,
                         module_wheel, repair, root, root_usable)  # noqa: F401

pytestmark = pytest.mark.skipif(
    not READELF or not have("gcc") or not os.path.exists("/usr/include/python3.11/Python.h"),
    reason="needs x86-64 Linux, gcc, readelf and python3.11-dev")

BIG = dict(includes="unsigned long big_sum(void); unsigned long noise_sum(void);",
           body="PyLong_FromUnsignedLong(big_sum() * 1000003UL + noise_sum())")

# A library whose .rodata is the file NAME.bin: sum of its bytes exported.
LIB_C = """
__asm__(".section .rodata\\n.balign 16\\n.hidden %(n)s_data\\n%(n)s_data:\\n"
        ".incbin \\"%(bin)s\\"\\n.hidden %(n)s_end\\n%(n)s_end:\\n.previous\\n");
extern const unsigned char %(n)s_data[], %(n)s_end[];
unsigned long %(n)s_sum(void)
{
    unsigned long s = 0;
    const unsigned char *p;
    for (p = %(n)s_data; p < %(n)s_end; p++)
        s += *p;
    return s;
}
"""


def text_bytes(n):
    rnd = random.Random(7)
    words = ["wheel", "repair", "deflate", "block", "cache", "thread", "copy", "elf"]
    out = bytearray()
    while len(out) < n:
        out += ("%s %d %s\n" % (rnd.choice(words), rnd.randrange(100000),
                                rnd.choice(words))).encode()
    return bytes(out[:n])


def library(d, name, data):
    bin_path = os.path.join(d, name + ".bin")
    with open(bin_path, "wb") as f:
        f.write(data)
    src = os.path.join(d, name + ".c")
    with open(src, "w") as f:
        f.write(LIB_C % {"n": name, "bin": bin_path})
    so = os.path.join(d, "lib%s.so.1" % name)
    build = ["gcc", "-shared", "-fPIC", "-O1", "-o", so, src, "-Wl,-soname,lib%s.so.1" % name]
    subprocess.run(build, check=True)
    os.symlink("lib%s.so.1" % name, os.path.join(d, "lib%s.so" % name))
    return sum(data)


@pytest.fixture
def big(tmp):
    """(wheel, environment, the value probe() returns)."""
    d = os.path.join(str(tmp), "libs")
    os.makedirs(d)
    big_sum = library(d, "big", text_bytes(1500 * 1000))
    noise_sum = library(d, "noise", random.Random(3).randbytes(600 * 1000))
    so = build_module(tmp, BIG, libs=["-L" + d, "-lbig", "-lnoise"])
    env = {"LD_LIBRARY_PATH": d, "SOURCE_DATE_EPOCH": "1700000000"}
    expected = (big_sum * 1000003 + noise_sum) % 2 ** 64
    return module_wheel(tmp, so), env, expected


def read(path):
    with open(path, "rb") as f:
        return f.read()


def copies(whl):
    """{name in demo.libs: zip method}."""
    with zipfile.ZipFile(whl) as z:
        return {i.filename.split("/")[1].split("-")[0]: i.compress_type
                for i in z.infolist() if i.filename.startswith("demo.libs/")}


def test_same_bytes_for_any_thread_count(tmp, big):
    whl, env, expected = big
    env = dict(env, WHEELWRIGHT_CACHE_DIR="off")
    one, _ = repair(tmp, whl, "-j", "1", env=env)
    assert copies(one) == {"libbig": zipfile.ZIP_DEFLATED, "libnoise": zipfile.ZIP_DEFLATED}
    for args in (["-j", "2"], ["--jobs=5"], []):
        other, _ = repair(tmp, whl, *args, env=env)
        assert read(other) == read(one), args
    assert import_here(tmp, "import demo; print(demo.probe())", one).stdout.strip() == str(expected)


def test_imports_in_root(tmp, root, big):
    whl, env, expected = big
    assert import_in_root(root, "import demo", whl).returncode != 0
    env = dict(env, WHEELWRIGHT_CACHE_DIR=str(tmp / "cache"))
    repair(tmp, whl, env=env)
    fixed, _ = repair(tmp, whl, env=env)    # from the warm cache
    assert len(entries(tmp / "cache")) == 2
    proc = import_in_root(root, "import demo; print(demo.probe())", fixed)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == str(expected)


@pytest.mark.parametrize("value", ["0", "x", "1025"])
def test_bad_jobs(tmp, value):
    proc = ww("repair", "x.whl", "-j", value, check=2)
    assert proc.stderr == ("wheelwright: error: repair: -j needs a number from 1 to 1024, not '%s'\n"
                           % value)


def test_jobs_without_a_value(tmp):
    proc = ww("repair", "x.whl", "-j", check=2)
    assert proc.stderr.startswith("wheelwright: error: repair: option '-j' needs a value\n")


# --- the cache of compressed copies --------------------------------------------

def entries(cache):
    d = os.path.join(str(cache), "deflated")
    return {n: os.path.join(d, n) for n in os.listdir(d)} if os.path.isdir(d) else {}


def cold_and_reference(tmp, big):
    """The wheel repaired without a cache, and with an empty one (tmp/cache)."""
    whl, env, _ = big
    ref, _ = repair(tmp, whl, env=dict(env, WHEELWRIGHT_CACHE_DIR="off"))
    cache_env = dict(env, WHEELWRIGHT_CACHE_DIR=str(tmp / "cache"))
    cold, _ = repair(tmp, whl, env=cache_env)
    assert read(cold) == read(ref)
    return read(ref), cache_env


def test_cold_and_warm_cache_same_bytes(tmp, big):
    ref, env = cold_and_reference(tmp, big)
    made = entries(tmp / "cache")
    assert len(made) == 2    # libbig and libnoise: both over 256 KiB
    inodes = {n: os.stat(p).st_ino for n, p in made.items()}
    for _ in range(2):
        warm, proc = repair(tmp, big[0], env=env)
        assert read(warm) == ref
        assert proc.stderr == ""
    # hits: nothing was written again (a write renames a new file in)
    assert {n: os.stat(p).st_ino for n, p in entries(tmp / "cache").items()} == inodes


def test_damaged_entries_same_bytes_and_rewritten(tmp, big):
    ref, env = cold_and_reference(tmp, big)
    made = entries(tmp / "cache")
    good = {n: read(p) for n, p in made.items()}
    first, second = sorted(made)
    damages = [
        (lambda b: b[:len(b) // 2]),                       # truncated
        (lambda b: b[:200] + bytes([b[200] ^ 1]) + b[201:]),  # a flipped bit
        (lambda b: b + b"\0"),                            # too long
        (lambda b: b""),                                   # empty
    ]
    for damage in damages:
        for n in (first, second):
            with open(made[n], "wb") as f:
                f.write(damage(good[n]))
        fixed, proc = repair(tmp, big[0], env=env)
        assert read(fixed) == ref
        assert proc.stderr == ""
        assert {n: read(p) for n, p in entries(tmp / "cache").items()} == good


def test_unusable_cache_folder(tmp, big):
    whl, env, _ = big
    ref, _ = cold_and_reference(tmp, big)
    blocker = tmp / "a-file"
    blocker.write_bytes(b"x")
    fixed, proc = repair(tmp, whl, env=dict(env, WHEELWRIGHT_CACHE_DIR=str(blocker)))
    assert read(fixed) == ref
    assert proc.stderr == ""
    assert blocker.read_bytes() == b"x"


def sound_entry(name, content, stream):
    """An entry as src/engine/deflate_cache.c lays it out."""
    head = (b"WWDFLT\0\1" + bytes.fromhex(name)
            + struct.pack("<HHIQQ", 8, 0, zlib.crc32(content), len(content), len(stream)))
    return head + hashlib.sha256(head + stream).digest() + stream


def test_sound_entry_is_used(tmp, big):
    whl, _, expected = big
    ref, env = cold_and_reference(tmp, big)
    (tmp / "ref.whl").write_bytes(ref)
    with zipfile.ZipFile(tmp / "ref.whl") as z:
        libs = {i.filename: z.read(i) for i in z.infolist() if i.filename.startswith("demo.libs/")}
    # the entry of each copy, rewritten with a level-9 stream of its content
    for name, path in entries(tmp / "cache").items():
        with open(path, "rb") as f:
            size = struct.unpack("<Q", f.read(56)[48:56])[0]
        content = next(c for c in libs.values() if len(c) == size)
        c = zlib.compressobj(9, zlib.DEFLATED, -15)
        stream = c.compress(content) + c.flush()
        with open(path, "wb") as f:
            f.write(sound_entry(name, content, stream))
    used, _ = repair(tmp, whl, env=env)
    assert read(used) != ref
    with zipfile.ZipFile(used) as z:
        assert z.testzip() is None
        assert {n: z.read(n) for n in libs} == libs
    proc = import_here(tmp, "import demo; print(demo.probe())", used)
    assert proc.stdout.strip() == str(expected), proc.stderr


def test_concurrent_repairs_share_the_cache(tmp, big):
    whl, env, _ = big
    ref, env = cold_and_reference(tmp, big)
    env = dict(os.environ, **dict(env, WHEELWRIGHT_CACHE_DIR=str(tmp / "shared")))
    outs = [str(tmp / ("par-%d" % k)) for k in range(4)]
    procs = [subprocess.Popen([wheelwright_path(), "repair", whl, "-o", o], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for o in outs]
    for p in procs:
        _, err = p.communicate(timeout=600)
        assert p.returncode == 0 and err == b"", err
    for o in outs:
        (fixed,) = [os.path.join(o, n) for n in os.listdir(o)]
        assert read(fixed) == ref
    # whole entries only, no temporary left behind
    assert sorted(entries(tmp / "shared")) == sorted(entries(tmp / "cache"))
    for n, p in entries(tmp / "shared").items():
        assert read(p) == read(entries(tmp / "cache")[n])
