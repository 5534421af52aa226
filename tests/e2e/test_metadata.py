"""[project] -> core metadata 2.4, compared with setuptools and scikit-build-core.

Each folder of tests/fixtures/metadata is a project. wheelwright's METADATA
(`wheelwright internal metadata DIR`) is compared field by field with what
setuptools (>= 77, the first with PEP 639) and scikit-build-core write for
the same [project] table, through their PEP 517 prepare_metadata hook, on a
copy of the fixture whose [build-system] and [tool] tables are theirs.

Intended differences, and why:
- setuptools adds "Dynamic: license-file" to wheels (its own quirk: the
  field is computed, but a wheel's metadata has nothing dynamic); ignored.
- scikit-build-core (pyproject-metadata) writes its fields in another order,
  keeps the version as written ("01.02.0-alpha1"), writes an email without a
  name as "Unknown <email>", spells "Author-Email", and ends the body with
  one more newline. wheelwright follows setuptools on each of these, so
  with setuptools the comparison is exact, order included.
- scikit-build-core also writes Metadata-Version 2.2 when no 2.4 field is
  used, folds License with 9 spaces, lists a legacy license table's file as
  a License-File, lets license-files globs match hidden files (Python's
  glob, and so setuptools and wheelwright, does not), collapses no runs of
  separators in extra names ("test__Extra" -> "test--extra", against PEP
  685), and cannot tell the type of "README.RST" (the spec says extensions
  are case-insensitive). skbuild_normal() evens these out.
- wheelwright keeps the case of SPDX identifiers as written (it has no copy
  of the SPDX list); the fixtures spell them canonically.
"""
import email.parser
import email.policy
import os
import re
import shutil
import subprocess
import sys
import zipfile

import pytest

from conftest import FIXTURES, ww

META = os.path.join(FIXTURES, "metadata")
NAMES = sorted(os.listdir(META))

HOOK = r"""
import importlib, sys
backend = importlib.import_module(sys.argv[1])
print(backend.prepare_metadata_for_build_wheel(sys.argv[2]))
"""


def ours(path, *flags):
    return ww("internal", "metadata", *flags, path, check=0).stdout


def parse(text):
    msg = email.parser.Parser(policy=email.policy.compat32).parsestr(text)
    return [(k.lower(), v) for k, v in msg.items()], msg.get_payload()


def own_tables(text):
    """The fixture's pyproject.toml without [build-system] and [tool.*]."""
    keep, out = True, []
    for line in text.splitlines(keepends=True):
        m = re.match(r"\[\[?([^\]]+)\]", line)
        if m:
            head = m.group(1).strip().strip('"')
            keep = not (head == "build-system" or head.startswith("tool."))
        if keep:
            out.append(line)
    return "".join(out)


def version_file(text):
    m = re.search(r'^version-file = "([^"]+)"', text, re.M)
    return m.group(1) if m else None


def setuptools_tables(vfile):
    text = ('\n[build-system]\nrequires = ["setuptools>=77"]\n'
            'build-backend = "setuptools.build_meta"\n\n'
            "[tool.setuptools]\npackages = []\n")
    if vfile and vfile.endswith(".py"):
        attr = vfile[:-3].replace("/", ".").replace(".__init__", "")
        text += '[tool.setuptools.dynamic]\nversion = {attr = "%s.__version__"}\n' % attr
    elif vfile:
        text += '[tool.setuptools.dynamic]\nversion = {file = "%s"}\n' % vfile
    return text


def skbuild_tables(vfile):
    text = ('\n[build-system]\nrequires = ["scikit-build-core"]\n'
            'build-backend = "scikit_build_core.build"\n\n'
            '[tool.scikit-build]\ncmake.version = ">=3.15"\n')
    if vfile:
        text += ('metadata.version.provider = "scikit_build_core.metadata.regex"\n'
                 'metadata.version.input = "%s"\n' % vfile)
        if not vfile.endswith(".py"):
            text += "metadata.version.regex = '(?P<value>\\S+)'\n"
    return text


def peer_metadata(name, tmp, backend, tables):
    src = os.path.join(META, name)
    work = tmp / ("%s-%s" % (name, backend.split(".")[0]))
    shutil.copytree(src, work)
    text = open(os.path.join(src, "pyproject.toml"), encoding="utf-8").read()
    (work / "pyproject.toml").write_text(
        own_tables(text) + tables(version_file(text)), encoding="utf-8")
    out = tmp / ("out-" + backend.split(".")[0] + "-" + name)
    out.mkdir()
    proc = subprocess.run([sys.executable, "-c", HOOK, backend, str(out)], cwd=work,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.returncode == 0, proc.stderr[-3000:]
    dist_info = out / proc.stdout.strip().splitlines()[-1]
    eps = dist_info / "entry_points.txt"
    return ((dist_info / "METADATA").read_text(encoding="utf-8"),
            eps.read_text(encoding="utf-8") if eps.exists() else "")


def setuptools_version():
    try:
        import setuptools
    except ImportError:
        return None
    return tuple(int(x) for x in setuptools.__version__.split(".")[:2])


needs_setuptools = pytest.mark.skipif(
    (setuptools_version() or (0,)) < (77,),
    reason="setuptools >= 77 (PEP 639) is not installed")


def test_enough_fixtures():
    assert len(NAMES) >= 10


@needs_setuptools
@pytest.mark.parametrize("name", NAMES)
def test_same_as_setuptools(name, tmp):
    mine = ours(os.path.join(META, name))
    theirs, their_eps = peer_metadata(name, tmp, "setuptools.build_meta", setuptools_tables)
    my_fields, my_body = parse(mine)
    their_fields, their_body = parse(theirs)
    their_fields = [f for f in their_fields if f != ("dynamic", "license-file")]
    assert my_fields == their_fields
    assert my_body == their_body
    assert ours(os.path.join(META, name), "--entry-points") == their_eps


def skbuild_normal(fields):
    out = []
    legacy = any(key == "license" for key, _ in fields)
    for key, value in fields:
        if key == "license-file" and legacy:
            continue
        if key in ("provides-extra", "requires-dist"):
            value = re.sub(r"(extra == \"[^\"]*\")",
                           lambda m: re.sub(r"[-_.]+", "-", m.group(1)), value)
            value = re.sub(r"[-_.]+", "-", value) if key == "provides-extra" else value
        if key == "metadata-version":
            continue
        if key == "license":
            value = re.sub(r"\n +", "\n", value)
        if key == "license-file" and re.search(r"(^|/)\.", value):
            continue
        if key == "version":
            from packaging.version import Version
            value = str(Version(value))
        if key.endswith("-email"):
            value = re.sub(r"\bUnknown <([^>]*)>", r"\1", value)
        out.append((key, value))
    return sorted(out)


@pytest.mark.parametrize("name", NAMES)
def test_same_as_scikit_build_core(name, tmp):
    pytest.importorskip("scikit_build_core")
    if not shutil.which("cmake"):
        pytest.skip("scikit-build-core needs cmake on PATH")
    mine = ours(os.path.join(META, name))
    if name == "readme-rst":
        # The spec says ".rst" in any case; pyproject-metadata wants lower case.
        with pytest.raises(AssertionError, match="infer content type.*README.RST"):
            peer_metadata(name, tmp, "scikit_build_core.build", skbuild_tables)
        return
    theirs, _ = peer_metadata(name, tmp, "scikit_build_core.build", skbuild_tables)
    my_fields, my_body = parse(mine)
    their_fields, their_body = parse(theirs)
    assert skbuild_normal(my_fields) == skbuild_normal(their_fields)
    assert my_body.rstrip("\n") == their_body.rstrip("\n")


@pytest.mark.parametrize("name", NAMES)
def test_packaging_validates(name):
    """packaging's own reader of core metadata accepts every field."""
    metadata = pytest.importorskip("packaging.metadata")
    text = ours(os.path.join(META, name))
    m = metadata.Metadata.from_email(text, validate=True)
    assert str(m.metadata_version) == "2.4"
    raw, unparsed = metadata.parse_email(text)
    assert not unparsed


def test_license_files_found(tmp):
    got = ours(os.path.join(META, "license-globs"), "--license-files").split()
    # Pattern by pattern, each one's files sorted, nothing twice; hidden
    # folders are not searched by "**", and "?" is one character.
    assert got == ["LICENCE.md", "LICENSE", "NOTICE", "third_party/COPYING",
                   "third_party/a/COPYING", "third_party/a/deep/COPYING.lib",
                   "third_party/b/COPYING.md", "legal/x.txt"]
    assert ours(os.path.join(META, "license-none"), "--license-files") == ""


def build_wheel(name, tmp):
    work = tmp / name
    shutil.copytree(os.path.join(META, name), work)
    ww("build", work, "-o", tmp / "dist", check=0)
    wheels = list((tmp / "dist").glob("*.whl"))
    assert len(wheels) == 1
    return wheels[0]


def test_wheel_contents(tmp):
    wheel = build_wheel("full", tmp)
    assert wheel.name.startswith("full_project_name-1.2.0a1-")
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        di = "full_project_name-1.2.0a1.dist-info/"
        assert di + "licenses/LICENSE" in names
        assert di + "licenses/licenses/APACHE.txt" in names
        assert di + "licenses/licenses/LLVM-exception.txt" in names
        assert di + "licenses/licenses/README.md" not in names
        assert z.read(di + "METADATA").decode() == ours(os.path.join(META, "full"))
        assert z.read(di + "entry_points.txt").decode() == ours(
            os.path.join(META, "full"), "--entry-points")
    wheel = build_wheel("minimal", tmp / "m")
    with zipfile.ZipFile(wheel) as z:
        assert not [n for n in z.namelist() if n.endswith("entry_points.txt")]


@pytest.mark.parametrize("name", ["full", "readme-rst", "readme-text", "people",
                                  "license-legacy-file"])
def test_twine_and_pkginfo(name, tmp):
    pkginfo = pytest.importorskip("pkginfo")
    twine = shutil.which("twine", path=os.path.dirname(sys.executable)) or shutil.which("twine")
    if not twine:
        pytest.skip("twine is not installed")
    wheel = build_wheel(name, tmp)
    fields, body = parse(ours(os.path.join(META, name)))
    # Without a readme twine warns (no long_description), so --strict only with one.
    strict = ["--strict"] if body else []
    proc = subprocess.run([twine, "check"] + strict + [str(wheel)],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert proc.returncode == 0, proc.stdout
    assert "PASSED" in proc.stdout
    info = pkginfo.Wheel(str(wheel))
    values = dict(fields)
    assert info.metadata_version == "2.4"
    assert info.name == values["name"]
    assert info.version == values["version"]
    assert (info.description or "").rstrip("\n") == body.rstrip("\n")
    assert list(info.requires_dist) == [v for k, v in fields if k == "requires-dist"]
    if "license-expression" in values:
        assert info.license_expression == values["license-expression"]
        assert list(info.license_file) == [v for k, v in fields if k == "license-file"]
    if "author-email" in values:
        assert info.author_email == values["author-email"]
