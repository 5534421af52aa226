"""The sysconfigdata reader against the real thing: every _sysconfigdata_*.py
of this machine's interpreters, and of the target roots made by
tests/roots/make-root, read by `wheelwright internal sysconfigdata` and
compared with what Python itself makes of the file (ast.literal_eval) and
with the interpreter's own sysconfig.get_config_vars(), run under qemu for
the foreign roots."""
import ast
import glob
import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import CACHE, ww

# sysconfig.get_config_vars() computes these at run time over the file's
# values: srcdir is made absolute.
RUNTIME_KEYS = {"srcdir"}

ROOT_ARCHES = {  # Debian architecture: qemu CPU
    "armhf": "arm",
    "arm64": "aarch64",
    "ppc64el": "ppc64le",
    "s390x": "s390x",
}


def pyenv_root():
    return os.environ.get("PYENV_ROOT") or os.path.expanduser("~/.pyenv")


def local_files():
    """(file, interpreter that uses it or None) for every local file."""
    found = []
    for prefix in sorted(glob.glob(os.path.join(pyenv_root(), "versions", "*"))):
        exe = next((p for p in (os.path.join(prefix, "bin", n) for n in ("python3", "python"))
                    if os.path.exists(p)), None)
        for f in sorted(glob.glob(os.path.join(prefix, "lib", "python*", "_sysconfigdata*.py"))):
            found.append((f, exe))
    for f in sorted(glob.glob("/usr/lib/python3*/_sysconfigdata_*.py")):
        ver = os.path.basename(os.path.dirname(f))
        exe = "/usr/bin/" + ver
        found.append((f, exe if os.path.exists(exe) else None))
    return found


def literal_vars(path):
    """build_time_vars as Python's own literal evaluator reads the file."""
    with open(path, encoding="utf-8") as fp:
        tree = ast.parse(fp.read(), path)
    value = None
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
                getattr(t, "id", None) == "build_time_vars" for t in node.targets):
            value = ast.literal_eval(node.value)
    return value


def ours(path):
    proc = ww("internal", "sysconfigdata", path, check=0)
    return json.loads(proc.stdout)


CONFIG_VARS_SCRIPT = r"""
import json, sys, sysconfig
name = getattr(sysconfig, '_get_sysconfigdata_name', lambda: '_sysconfigdata')()
mod = __import__(name, globals(), locals(), ['build_time_vars'], 0)
cv = sysconfig.get_config_vars()
out = {'file': mod.__file__, 'vars': dict((k, v) for k, v in cv.items()
       if isinstance(v, (str, int)) and not isinstance(v, bool))}
sys.stdout.write(json.dumps(out))
"""


def interpreter_vars(cmd):
    proc = subprocess.run(cmd + ["-c", CONFIG_VARS_SCRIPT], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def compare_with_config_vars(path, got, config):
    """Every str/int value the interpreter reports for a key of the file
    must be the file's value as we read it."""
    shared = [k for k in got if k in config["vars"] and k not in RUNTIME_KEYS]
    assert len(shared) > 0.9 * len(got)
    bad = [(k, got[k], config["vars"][k]) for k in shared if got[k] != config["vars"][k]]
    assert not bad, bad[:5]


LOCAL = local_files()


@pytest.mark.skipif(not LOCAL, reason="no local _sysconfigdata files")
@pytest.mark.parametrize("path,exe", LOCAL, ids=[f for f, _ in LOCAL])
def test_local_file_matches_python(path, exe):
    got = ours(path)
    want = literal_vars(path)
    assert got == want
    if exe:
        config = interpreter_vars([exe])
        # Debian's python3.11 reads its own copy of the same data under
        # another name; the literal comparison above covers this one.
        if os.path.splitext(config["file"])[0] == os.path.splitext(path)[0]:
            compare_with_config_vars(path, got, config)


def test_every_local_interpreter_was_checked():
    """At least the interpreters the suite is run with are covered."""
    assert len(LOCAL) >= 1
    assert any(exe for _, exe in LOCAL)


def built_roots():
    roots = []
    for arch, cpu in sorted(ROOT_ARCHES.items()):
        root = os.path.join(CACHE, "roots", arch)
        if os.path.exists(os.path.join(root, ".wheelwright-root")):
            roots.append((arch, cpu, root))
    return roots


ROOTS = built_roots()


@pytest.mark.skipif(not ROOTS, reason="no target roots: run tests/roots/make-root ARCH")
@pytest.mark.parametrize("arch,cpu,root", ROOTS, ids=[r[0] for r in ROOTS])
def test_root_files_match_target_python(arch, cpu, root):
    files = sorted(glob.glob(os.path.join(root, "usr", "lib", "python3*", "_sysconfigdata_*.py")))
    assert files
    for path in files:
        assert ours(path) == literal_vars(path), path
    qemu = shutil.which("qemu-%s-static" % cpu)
    if not qemu:
        pytest.skip("qemu-%s-static not installed" % cpu)
    python = sorted(glob.glob(os.path.join(root, "usr", "bin", "python3.*[0-9]")))[-1]
    # qemu -L runs the target's interpreter with its own libraries, as any
    # user: no chroot, no binfmt needed.
    config = interpreter_vars([qemu, "-L", root, python])
    # Under qemu -L the interpreter finds its prefix from its own path,
    # so the file it names is already a path of this machine.
    path = config["file"]
    assert path.startswith(root) and os.path.exists(path), path
    got = ours(path)
    compare_with_config_vars(path, got, config)
    assert got["EXT_SUFFIX"] == config["vars"]["EXT_SUFFIX"]
    assert got["EXT_SUFFIX"].endswith("-linux-gnu%s.so" % ("eabihf" if arch == "armhf" else ""))


def test_pypy_sysconfigdata_is_code_not_data():
    """PyPy's _sysconfigdata.py computes its values: it is refused, with the
    place of the first statement that is not a literal assignment."""
    files = glob.glob("/usr/lib/pypy3*/_sysconfigdata.py")
    if not files:
        pytest.skip("no PyPy installed")
    proc = ww("internal", "sysconfigdata", files[0], check=2)
    assert "%s:1:1: error: unsupported statement starting with 'import'" % files[0] in proc.stderr
    assert "hint: the file is read as data, not run" in proc.stderr


MALFORMED = [
    ("build_time_vars = {'A': 'x',\n 'B': 'unterminated}\n", "2:7: error: unterminated string"),
    ("build_time_vars = {'A': 1\n 'B': 2}\n", "2:2: error: expected ',' or '}', found a string"),
    ("x = 1\n", "error: no 'build_time_vars' assignment"),
    ("build_time_vars = {'A': os.sep}\n", "1:25: error: 'os' is not a literal"),
    ("build_time_vars = {'A': 1}\nimport os\n", "2:1: error: unsupported statement starting with 'import'"),
    ("build_time_vars = {'A': '\\x4'}\n", "1:26: error: truncated '\\xXX' escape"),
    ("build_time_vars = {'A': f'{x}'}\n", "1:25: error: f-strings are not literals"),
    ("build_time_vars = {1: 'a'}\n", "1:20: error: build_time_vars key is a int, not a str"),
    ("build_time_vars = [('A', 1)]\n", "1:19: error: 'build_time_vars' is a list, not a dict"),
    ("build_time_vars = {'A': 012}\n", "1:25: error: leading zeros in decimal integer literals are not permitted"),
    ("build_time_vars = {'A': {1, 2}}\n", "1:25: error: set literals are not supported"),
    ("build_time_vars = {'A': '\xff'}\n", "1:26: error: invalid UTF-8 byte 0xff"),
    ("build_time_vars = {'A': [[[[\n", "2:1: error: expected a value, found end of file"),
]


@pytest.mark.parametrize("src,message", MALFORMED)
def test_malformed_file_is_an_error_with_its_place(tmp, src, message):
    path = tmp / "_sysconfigdata__linux_x86_64-linux-gnu.py"
    path.write_bytes(src.encode("latin-1"))
    proc = ww("internal", "sysconfigdata", path, check=2)
    assert proc.stdout == ""
    assert proc.stderr.startswith("wheelwright: %s:" % path)
    assert message in proc.stderr.splitlines()[0]
    # Python agrees, except where wheelwright is stricter on purpose: it
    # reads only literal assignments, sets are not configuration values,
    # and sysconfig names are strings.
    try:
        ok = isinstance(literal_vars(str(path)), dict)
    except (SyntaxError, ValueError, UnicodeDecodeError):
        ok = False
    stricter = ("unsupported statement", "set literals", "key is a int")
    assert ok == any(s in message for s in stricter)


def test_missing_file(tmp):
    proc = ww("internal", "sysconfigdata", tmp / "nope.py", check=2)
    assert "nope.py" in proc.stderr and "error:" in proc.stderr


def test_values_kinds_are_kept(tmp):
    path = tmp / "s.py"
    path.write_text('"""doc"""\n'
                    "build_time_vars = {'S': 'a' \"b\" '''c''',\n"
                    "  'BIG': 0x1_0000_0000_0000_0000, 'NEG': -5, 'F': 2.5e0,\n"
                    "  'T': True, 'N': None, 'L': ['x', (1,)],\n"
                    "  'U': '\\u20ac', 'R': r'\\n', 'CONT': ('a'\n 'b')}\n")
    got = ours(path)
    want = literal_vars(str(path))
    assert got["S"] == want["S"] == "abc"
    assert got["BIG"] == want["BIG"] == 2 ** 64
    assert got["NEG"] == -5 and got["F"] == 2.5 and got["T"] is True and got["N"] is None
    assert got["L"] == "['x', (1,)]"
    assert got["U"] == want["U"] and got["R"] == want["R"] and got["CONT"] == "ab"


def random_text(rng):
    out = []
    for _ in range(rng.randrange(0, 12)):
        kind = rng.random()
        if kind < 0.5:
            out.append(chr(rng.randrange(0x20, 0x7f)))
        elif kind < 0.7:
            out.append(chr(rng.choice([0, 7, 8, 9, 10, 11, 12, 13, 27, 0x7f])))
        elif kind < 0.9:
            out.append(chr(rng.randrange(0xa0, 0xd800)))
        else:
            out.append(chr(rng.randrange(0x10000, 0x110000)))
    return "".join(out)


def spelled(rng, text):
    """text as a Python literal in one of the many ways to write it."""
    way = rng.randrange(5)
    if way == 0:
        return repr(text)
    if way == 1:   # every character escaped
        parts = []
        for ch in text:
            cp = ord(ch)
            if cp < 0x100 and rng.random() < 0.5:
                parts.append("\\%o" % cp if rng.random() < 0.5 else "\\x%02x" % cp)
            elif cp < 0x10000:
                parts.append("\\u%04x" % cp)
            else:
                parts.append("\\U%08x" % cp)
        return "'" + "".join(parts) + "'"
    if way == 2:   # split into adjacent literals across lines
        cut = rng.randrange(len(text) + 1)
        return "(%s\n   %s)" % (repr(text[:cut]), repr(text[cut:]))
    if way == 3:
        return '"""' + repr(text)[1:-1].replace('"', '\\"') + '"""'
    return "u" + repr(text)


def test_random_literals_match_python(tmp):
    import random
    rng = random.Random(739)
    lines = ["# random literals\n", "build_time_vars = {\n"]
    for i in range(600):
        kind = i % 6
        if kind < 3:
            value = spelled(rng, random_text(rng))
        elif kind == 3:
            n = rng.choice([0, 1, -1, 2 ** 63, -(2 ** 64) - 1, rng.randrange(-10 ** 30, 10 ** 30)])
            value = rng.choice([str(n), hex(n), oct(n), bin(n)]) if n >= 0 else str(n)
        elif kind == 4:
            value = repr(rng.choice([0.0, -1.5, 1e300, 2.5e-300, rng.uniform(-1e6, 1e6)]))
        else:
            value = repr(bytes(rng.randrange(256) for _ in range(rng.randrange(8))))
        lines.append("  'K%d': %s,\n" % (i, value))
    lines.append("}\n")
    path = tmp / "_sysconfigdata_random.py"
    path.write_text("".join(lines), encoding="utf-8")
    want = literal_vars(str(path))
    got = ours(str(path))
    assert len(got) == len(want) == 600
    for key, value in want.items():
        if isinstance(value, bytes):
            assert got[key] == value.decode("latin-1"), key
        else:
            assert got[key] == value and type(got[key]) is type(value), key
