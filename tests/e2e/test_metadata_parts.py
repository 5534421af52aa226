"""Pieces of [project] checked against the Python libraries that define them.

- SPDX expressions: which ones packaging.licenses accepts and how it writes
  them (only identifiers on the SPDX list, spelled as the list spells them,
  since wheelwright has no copy of the list and keeps the case).
- license-files globs: the files Python's glob.glob(recursive=True) finds,
  as setuptools expands license-files, on a tree with hidden files,
  nesting and character sets.
"""
import glob
import os

import pytest

from conftest import ww

EXPRESSIONS = [
    "MIT", "Apache-2.0", "MIT OR Apache-2.0", "mit or Apache-2.0",
    "MIT AND (Apache-2.0 OR BSD-2-Clause)", "(MIT)", "((MIT))",
    "MIT AND(Apache-2.0)", "( MIT OR 0BSD ) AND Unlicense",
    "GPL-2.0-or-later WITH Classpath-exception-2.0",
    "Apache-2.0 with LLVM-exception", "GPL-2.0+", "GPL-2.0-only+",
    "LicenseRef-Proprietary", "licenseref-proprietary", "LicenseRef-a.b-c",
    "MIT AND LicenseRef-Other OR 0BSD",
    "MIT AND", "AND MIT", "MIT OR OR 0BSD", "(MIT", "MIT)", "()", "MIT 0BSD",
    "MIT WITH", "(MIT) WITH Classpath-exception-2.0", "MIT WITH Classpath-exception-2.0 WITH LLVM-exception",
    "LicenseRef-", "LicenseRef-x+", "LicenseRef-a_b", "MIT/0BSD", "",
    "MIT WITH (Classpath-exception-2.0)", "WITH MIT", "MIT OR (0BSD AND)",
]


def metadata_of(tmp, name, body):
    d = tmp / name
    d.mkdir()
    (d / "pyproject.toml").write_text(
        '[project]\nname = "x"\nversion = "1"\n' + body, encoding="utf-8")
    return ww("internal", "metadata", d)


def license_expression(tmp, i, expr):
    proc = metadata_of(tmp, "e%d" % i, 'license = "%s"\nlicense-files = []\n' % expr)
    if proc.returncode:
        assert proc.returncode == 2
        assert "invalid license expression" in proc.stderr
        return None
    for line in proc.stdout.splitlines():
        if line.startswith("License-Expression: "):
            return line[len("License-Expression: "):]
    raise AssertionError(proc.stdout)


def tokens(expr):
    return expr.replace("(", " ( ").replace(")", " ) ").split()


def test_spdx_like_packaging(tmp):
    licenses = pytest.importorskip("packaging.licenses")
    for i, expr in enumerate(EXPRESSIONS):
        try:
            want = licenses.canonicalize_license_expression(expr)
        except licenses.InvalidLicenseExpression:
            want = None
        got = license_expression(tmp, i, expr)
        if want is not None and got is not None:
            # Identical but for identifiers, which keep the input's case.
            written = tokens(expr)
            for g, w in zip(tokens(got), tokens(want)):
                assert g == w or (g.lower() == w.lower() and g in written), (expr, got, want)
            assert len(tokens(got)) == len(tokens(want))
        else:
            assert got == want, (expr, got, want)


TREE = [
    "LICENSE", "LICENCE.txt", "LICENSE~", ".LICENSE.swp", "COPYING",
    "docs/LICENSE.md", "docs/a/b/NOTICE", "docs/.hidden/NOTICE",
    ".git/LICENSE", "a b/c d.txt", "x1.txt", "x2.txt", "xa.txt",
    "deep/1/2/3/4/LICENSE", "caf\u00e9/LICENSE",
]

PATTERNS = [
    "LICENSE", "LICEN[CS]E*", "*", "**", "**/LICENSE", "docs/**", "docs/**/NOTICE",
    "x?.txt", "x[0-9].txt", "x[a-].txt", "a b/*", "*/LICENSE*", "**/*.md",
    "deep/**/LICENSE", "caf\u00e9/*", ".git/LICENSE", "docs/*/*/NOTICE",
]


def test_globs_like_python(tmp):
    root = tmp / "tree"
    for rel in TREE:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("text\n", encoding="utf-8")
    for pattern in PATTERNS:
        (root / "pyproject.toml").write_text(
            '[project]\nname = "x"\nversion = "1"\nlicense-files = ["%s"]\n' % pattern,
            encoding="utf-8")
        proc = ww("internal", "metadata", "--license-files", root, check=0)
        here = os.getcwd()
        os.chdir(root)
        try:
            want = [p for p in sorted(glob.glob(pattern, recursive=True))
                    if os.path.isfile(p) and p != "pyproject.toml"]
        finally:
            os.chdir(here)
        got = [p for p in proc.stdout.splitlines() if p != "pyproject.toml"]
        assert got == want, pattern
