"""Hostile inputs, one per case, made at test time (no binary blobs in the
tree). Each case: a name, a maker writing the input into a folder and
returning the command's arguments, and the exit status and message the
command must give. Read by tests/e2e/test_hostile.py."""
import io
import os
import warnings
import struct
import zipfile
import zlib

HELLO_PYPROJECT = """[project]
name = "h"
version = "1"

[[tool.wheelwright.ext-modules]]
name = "h._c"
sources = ["c.c"]
"""


def project(d, text):
    p = os.path.join(d, "proj")
    os.makedirs(p, exist_ok=True)
    mode = "wb" if isinstance(text, bytes) else "w"
    with open(os.path.join(p, "pyproject.toml"), mode) as f:
        f.write(text)
    open(os.path.join(p, "c.c"), "w").write("int x;\n")
    return ["build", p]


def write(d, name, data):
    path = os.path.join(d, name)
    with open(path, "wb" if isinstance(data, bytes) else "w") as f:
        f.write(data)
    return path


def zip_with(d, entries, name="h-1-py3-none-any.whl"):
    """entries: list of (name, data, external_attr or None)."""
    buf = io.BytesIO()
    warnings.simplefilter("ignore", UserWarning)     # duplicates are the point
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data, attr in entries:
            info = zipfile.ZipInfo(n, (2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            if attr is not None:
                info.external_attr = attr
            z.writestr(info, data)
    return write(d, name, buf.getvalue())


def zip_local_name_differs(d):
    raw = bytearray(open(zip_with(d, [("a.txt", b"hello", None)]), "rb").read())
    assert raw[30:35] == b"a.txt"
    raw[30:35] = b"b.txt"           # the local header now names another file
    return write(d, "lie.whl", bytes(raw))


def zip_size_lie(d):
    raw = bytearray(open(zip_with(d, [("a.txt", b"x" * 1000, None)]), "rb").read())
    cd = raw.rfind(b"PK\x01\x02")
    struct.pack_into("<I", raw, cd + 24, 10)     # central says 10 bytes
    struct.pack_into("<I", raw, 22, 10)          # local too; the data inflates to 1000
    return write(d, "sizelie.whl", bytes(raw))


def zip_bomb(d):
    return zip_with(d, [("bomb.bin", b"\0" * (64 << 20), None)], "bomb.whl")


def elf_header(cls=2, data=1, phoff=64, phnum=0, shoff=0, shnum=0, size=64):
    e = bytearray(size)
    e[0:4] = b"\x7fELF"
    e[4], e[5], e[6] = cls, data, 1
    fmt = "<" if data == 1 else ">"
    struct.pack_into(fmt + "HHIQQQIHHHHHH", e, 16, 3, 62, 1, 0, phoff, shoff, 0, 64, 56, phnum, 64, shnum, 0)
    return bytes(e)


def elf_dynamic_outside(d):
    e = bytearray(elf_header(phnum=1, size=64 + 56))
    struct.pack_into("<IIQQQQQQ", e, 64, 2, 6, 0x100000, 0x100000, 0x100000, 4096, 4096, 8)
    return write(d, "dyn.so", bytes(e))


def pe_with(lfanew=0x40, nsections=1, size=0x200, import_rva=None):
    b = bytearray(size)
    b[0:2] = b"MZ"
    struct.pack_into("<I", b, 0x3C, lfanew)
    if lfanew + 24 <= size:
        b[lfanew:lfanew + 4] = b"PE\0\0"
        struct.pack_into("<HHIIIHH", b, lfanew + 4, 0x8664, nsections, 0, 0, 0, 240, 0x2022)
        opt = lfanew + 24
        if opt + 240 <= size:
            struct.pack_into("<H", b, opt, 0x20B)
            struct.pack_into("<I", b, opt + 108, 16)
            if import_rva is not None:
                struct.pack_into("<II", b, opt + 112 + 8, import_rva, 40)
    return bytes(b)


CASES = [
    # pyproject.toml, through `build` (TOML errors and schema errors)
    ("toml-unterminated-string", lambda d: project(d, '[project]\nname = "h\n'), 2, "pyproject.toml:2:"),
    ("toml-duplicate-key", lambda d: project(d, HELLO_PYPROJECT + 'name = "again"\n'), 2, "pyproject.toml:"),
    ("toml-table-redefined", lambda d: project(d, "[project]\nname='h'\nversion='1'\n[project]\n"), 2, "pyproject.toml:4:"),
    ("toml-invalid-utf8", lambda d: project(d, b'[project]\nname = "h\xff"\n'), 2, "UTF-8"),
    ("toml-nul-byte", lambda d: project(d, b'[project]\nname = "h"\x00\n'), 2, "pyproject.toml:2:"),
    ("toml-deep-nesting", lambda d: project(d, "x = " + "[" * 5000 + "]" * 5000 + "\n"), 2, "deep"),
    ("toml-integer-overflow", lambda d: project(d, "[project]\nname='h'\nversion='1'\nx = 99999999999999999999\n"), 2, "pyproject.toml:4:"),
    ("schema-ext-modules-not-array", lambda d: project(d, "[project]\nname='h'\nversion='1'\n[tool.wheelwright]\next-modules = 3\n"), 2, "pyproject.toml:5:15: error: 'ext-modules' must be an array"),
    ("schema-sources-not-strings", lambda d: project(d, HELLO_PYPROJECT.replace('["c.c"]', '[1, 2]')), 2, "pyproject.toml:7:12: error: each of 'sources' must be a string, not integer"),
    ("schema-bad-module-name", lambda d: project(d, HELLO_PYPROJECT.replace('"h._c"', '"h..c"')), 2, "is not a dotted Python module name"),
    ("schema-unknown-key-hint", lambda d: project(d, HELLO_PYPROJECT.replace('sources', 'sourcs')), 2, "did you mean 'sources'?"),
    ("schema-source-traversal", lambda d: project(d, HELLO_PYPROJECT.replace('"c.c"', '"../../../../etc/shadow.c"')), 2, "does not exist"),
    # target configuration files, through `config --config-file`
    ("config-binary", lambda d: ["config", "--config-file", write(d, "b.conf", b"implementation=cpython\n\x00\x01\x02")], 2, "b.conf:2:1: error: NUL byte"),
    ("config-no-equals", lambda d: ["config", "--config-file", write(d, "n.conf", "implementation cpython\n")], 2, "n.conf:1:1: error: expected 'key=value'"),
    ("config-unknown-key", lambda d: ["config", "--config-file", write(d, "u.conf", "implementation=cpython\nversion=3.11\nrm -rf=/\n")], 2, "u.conf:3:1: error: unknown key 'rm -rf'"),
    ("config-pointer-width", lambda d: ["config", "--config-file", write(d, "p.conf", "pointer_width=128\n")], 2, "p.conf:1:15: error: 'pointer_width' must be 32 or 64"),
    ("config-future-format", lambda d: ["config", "--config-file", write(d, "f.conf", "format=999\n")], 2, "unsupported format '999'"),
    ("config-huge-line", lambda d: ["config", "--config-file", write(d, "h.conf", "x" * (1 << 20) + "=1\n")], 2, "h.conf:1:1: error: unknown key"),
    # _sysconfigdata files: read as data, never run
    ("sysconfigdata-code", lambda d: ["internal", "sysconfigdata", write(d, "_sysconfigdata_x.py", "import os\nos.system('touch %s')\n" % os.path.join(d, "PWNED"))], 2, "1:1: error: unsupported statement"),
    ("sysconfigdata-call", lambda d: ["internal", "sysconfigdata", write(d, "_sysconfigdata_y.py", "build_time_vars = {'A': __import__('os')}\n")], 2, "_sysconfigdata_y.py:1:"),
    ("sysconfigdata-unterminated", lambda d: ["internal", "sysconfigdata", write(d, "_sysconfigdata_z.py", "build_time_vars = {'A': 'b',\n")], 2, "_sysconfigdata_z.py:"),
    ("sysconfigdata-deep", lambda d: ["internal", "sysconfigdata", write(d, "_sysconfigdata_w.py", "build_time_vars = " + "[" * 10000 + "]" * 10000 + "\n")], 2, "_sysconfigdata_w.py:1:"),
    ("sysconfigdata-bad-escape", lambda d: ["internal", "sysconfigdata", write(d, "_sysconfigdata_v.py", "build_time_vars = {'A': '\\x4'}\n")], 2, "_sysconfigdata_v.py:1:"),
    # wheels (zip), through `internal zip-list`
    ("zip-traversal", lambda d: ["internal", "zip-list", zip_with(d, [("../evil.py", b"x", None)])], 2, "'../evil.py'"),
    ("zip-absolute", lambda d: ["internal", "zip-list", zip_with(d, [("/etc/cron.d/x", b"x", None)])], 2, "'/etc/cron.d/x'"),
    ("zip-drive-letter", lambda d: ["internal", "zip-list", zip_with(d, [("C:\\Windows\\x.dll", b"x", None)])], 2, "C:"),
    ("zip-symlink", lambda d: ["internal", "zip-list", zip_with(d, [("link", b"/etc/passwd", (0o120777 << 16))])], 2, "symbolic link"),
    ("zip-duplicate", lambda d: ["internal", "zip-list", zip_with(d, [("a.py", b"1", None), ("a.py", b"2", None)])], 2, "'a.py'"),
    ("zip-local-disagrees", lambda d: ["internal", "zip-list", zip_local_name_differs(d)], 2, "local header"),
    ("zip-size-lie", lambda d: ["internal", "zip-list", zip_size_lie(d)], 2, "a.txt"),
    ("zip-bomb-ratio", lambda d: ["internal", "zip-list", zip_bomb(d)], 2, "ratio"),
    ("zip-truncated", lambda d: ["internal", "zip-list", write(d, "t.whl", open(zip_with(d, [("a.py", b"x" * 100, None)]), "rb").read()[:-30])], 2, "t.whl: error:"),
    ("zip-empty-file", lambda d: ["internal", "zip-list", write(d, "e.whl", b"")], 2, "e.whl: error: not a zip archive"),
    # ELF, through `internal elf-info`
    ("elf-truncated-header", lambda d: ["internal", "elf-info", write(d, "t.so", b"\x7fELF\x02\x01\x01" + b"\0" * 9)], 2, "t.so: error:"),
    ("elf-phoff-outside", lambda d: ["internal", "elf-info", write(d, "p.so", elf_header(phoff=1 << 40, phnum=3))], 2, "p.so: error:"),
    ("elf-huge-section-count", lambda d: ["internal", "elf-info", write(d, "s.so", elf_header(shoff=64, shnum=65535))], 2, "s.so: error:"),
    ("elf-dynamic-outside", lambda d: ["internal", "elf-info", elf_dynamic_outside(d)], 2, "dyn.so: error:"),
    ("elf-bad-class", lambda d: ["internal", "elf-info", write(d, "c.so", elf_header(cls=7))], 2, "c.so: error:"),
    # PE, through `internal pe-info`
    ("pe-mz-only", lambda d: ["internal", "pe-info", write(d, "m.pyd", b"MZ")], 2, "m.pyd: error:"),
    ("pe-lfanew-outside", lambda d: ["internal", "pe-info", write(d, "l.pyd", pe_with(lfanew=0x7FFFFFF0))], 2, "l.pyd: error:"),
    ("pe-many-sections", lambda d: ["internal", "pe-info", write(d, "n.pyd", pe_with(nsections=0xFFFF))], 2, "n.pyd: error:"),
    ("pe-import-outside", lambda d: ["internal", "pe-info", write(d, "i.pyd", pe_with(nsections=0, import_rva=0x7FFFFF00))], 2, "i.pyd: error:"),
    # .def files and import libraries, through `implib`
    ("def-ordinal-zero", lambda d: ["implib", "--def", write(d, "z.def", "LIBRARY x.dll\nEXPORTS\n  f @0\n"), "--machine", "x86_64", "-o", os.path.join(d, "z.lib")], 2, "z.def:3:"),
    ("def-duplicate", lambda d: ["implib", "--def", write(d, "dup.def", "LIBRARY x.dll\nEXPORTS\n  f\n  f\n"), "--machine", "x86_64", "-o", os.path.join(d, "d.lib")], 2, "dup.def:4:"),
    ("def-unknown-machine", lambda d: ["implib", "--stable-abi", "--machine", "vax", "-o", os.path.join(d, "v.lib")], 2, "vax"),
    # JSON (PEP 739 build-details.json)
    ("json-not-json", lambda d: ["internal", "build-details", write(d, "build-details.json", "{'a': 1}\n")], 2, "build-details.json:1:"),
    ("json-deep", lambda d: ["internal", "build-details", write(d, "deep.json", "[" * 100000)], 2, "deep.json:1:"),
]
