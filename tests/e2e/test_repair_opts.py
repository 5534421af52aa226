"""`wheelwright repair`'s options beyond the basic repair, against the real
thing: several wheels in one call, --exclude (compared with
`auditwheel repair --exclude`), --strip (compared with binutils
`strip -s`, checked with eu-elflint, imported / dlopened), and search
paths with $LIB, $PLATFORM and ${ORIGIN} (compared with glibc's loader).
The helpers (module builds, the python3-only root, auditwheel) are
test_repair.py's."""
import glob
import os
import re
import zipfile

import pytest

from conftest import ww
from test_repair import (DIST_PACKAGES, LIBDIR, MOD, OUTER, PLAIN, YAML, auditwheel,
                         available, build_module, compare_with_auditwheel,
                         debian_wheel, dynamic, import_here, import_in_root, libs_in,
                         module_wheel, outer_library, pytestmark, repair, root, unpack,
                         wheel_tags, zip_with)
from wheelkit import stub_library

__all__ = ["pytestmark", "root"]       # the skip marker and the fixture, shared

STUB = dict(includes="int stub_fn(void);", body="PyLong_FromLong(stub_fn())")


# --- several wheels -----------------------------------------------------------

def wheels_in(folder):
    return sorted(os.path.basename(w) for w in glob.glob(os.path.join(folder, "*")))


def test_several_wheels_each_repaired_worst_status(tmp):
    outer = outer_library(tmp)
    good = module_wheel(tmp, build_module(tmp, YAML, libs=["-lyaml"]), name="good")
    plain = module_wheel(tmp, build_module(tmp, PLAIN), name="plain")
    unfound = module_wheel(tmp, build_module(tmp, OUTER, libs=["-L" + outer, "-louter"]),
                           name="unfound")
    out = os.path.join(str(tmp), "wheelhouse")

    # one that cannot be repaired (1) between two good ones
    proc = ww("repair", good, unfound, plain, "-o", out, check=1)
    assert wheels_in(out) == [
        "good-1.0-cp311-cp311-manylinux2014_x86_64.manylinux_2_17_x86_64.whl",
        "plain-1.0-cp311-cp311-manylinux1_x86_64.manylinux_2_5_x86_64.whl"]
    assert not any(n.startswith("unfound") for n in os.listdir(out))   # no temporary left
    sets = proc.stdout.split("repairing ")[1:]
    assert [s.splitlines()[0] for s in sets] == [good, unfound, plain]
    assert "vendored" in sets[0] and sets[0].rstrip().splitlines()[-1].startswith("wrote ")
    assert sets[1].strip() == unfound                  # its error is on stderr
    assert sets[2].rstrip().splitlines()[-1].startswith("wrote ")
    assert proc.stderr.startswith("wheelwright: %s: error: cannot repair the wheel: " % unfound)
    assert "needs 'libouter.so.1'" in proc.stderr

    # bad input (2) is worse than cannot be repaired (1); the good one is written
    hostile = zip_with(tmp, [("../evil.py", b"x")], so=build_module(tmp, PLAIN))
    out2 = os.path.join(str(tmp), "wheelhouse2")
    proc = ww("repair", hostile, unfound, plain, "-o", out2, check=2)
    assert wheels_in(out2) == [
        "plain-1.0-cp311-cp311-manylinux1_x86_64.manylinux_2_5_x86_64.whl"]
    errors = [l for l in proc.stderr.splitlines() if l.startswith("wheelwright: ")]
    assert len(errors) == 2, proc.stderr
    assert errors[0].startswith("wheelwright: %s: error: " % hostile) and "'../evil.py'" in errors[0]
    assert errors[1].startswith("wheelwright: %s: error: " % unfound)

    # one wheel: the output is unchanged (no "repairing" line)
    proc = ww("repair", plain, "-o", os.path.join(str(tmp), "w3"), check=0)
    assert not proc.stdout.startswith("repairing")
    # all fine: 0
    ww("repair", good, plain, "-o", os.path.join(str(tmp), "w4"), check=0)
    assert len(wheels_in(os.path.join(str(tmp), "w4"))) == 2


# --- --exclude ----------------------------------------------------------------

def test_exclude_keeps_needed_no_copy_same_tag_as_auditwheel(tmp, root):
    so = build_module(tmp, YAML, libs=["-lyaml", "-lpython3.11"])
    whl = module_wheel(tmp, so)
    vendored, _ = repair(tmp, whl)
    assert wheel_tags(vendored) == ["cp311-cp311-manylinux_2_17_x86_64",
                                    "cp311-cp311-manylinux2014_x86_64"]   # libyaml's GLIBC_2.14

    for pattern in ("libyaml*", "libyaml-0.so.2", "*/libyaml-0.so.2.*"):   # name, path
        fixed, proc = repair(tmp, whl, "--exclude", pattern)
        assert "kept DT_NEEDED 'libyaml-0.so.2' (excluded)" in proc.stdout
        assert "removed DT_NEEDED 'libpython3.11.so.1.0'" in proc.stdout
        assert libs_in(fixed) == []
        site = unpack(fixed, os.path.join(str(tmp), "x-" + pattern.replace("/", "_").replace("*", "_")))
        d = dynamic(os.path.join(site, "demo", MOD))
        assert "libyaml-0.so.2" in d["NEEDED"] and d["RPATH"] is None
        assert not any(n.startswith("libpython") for n in d["NEEDED"])
        # the copy's GLIBC_2.14 no longer weighs: the module's own needs decide
        assert wheel_tags(fixed) == ["cp311-cp311-manylinux_2_5_x86_64",
                                     "cp311-cp311-manylinux1_x86_64"]
        theirs, aw = auditwheel(tmp, whl, "--exclude", pattern)
        assert theirs, aw.stderr
        assert os.path.basename(theirs) == os.path.basename(fixed)
        assert wheel_tags(theirs) == wheel_tags(fixed) and libs_in(theirs) == []
    # the system provides it here; the root has no libyaml
    assert import_here(tmp, "import demo; print(demo.probe())", fixed).returncode == 0
    there = import_in_root(root, "import demo", fixed)
    assert "libyaml-0.so.2: cannot open shared object file" in there.stderr


def test_exclude_a_copied_librarys_need_as_auditwheel(tmp):
    """libouter is copied; its need on libyaml is left to the system."""
    outer = outer_library(tmp)
    env = {"LD_LIBRARY_PATH": outer}
    whl = module_wheel(tmp, build_module(tmp, OUTER, libs=["-L" + outer, "-louter"]))
    fixed, proc = repair(tmp, whl, "--exclude", "libyaml-0.so.*", env=env)
    names = [os.path.basename(n) for n in libs_in(fixed)]
    assert len(names) == 1 and names[0].startswith("libouter-")
    assert "%s: kept DT_NEEDED 'libyaml-0.so.2' (excluded)" % names[0] in proc.stdout
    site = unpack(fixed, os.path.join(str(tmp), "fixed"))
    lib = dynamic(os.path.join(site, "demo.libs", names[0]))
    assert lib["NEEDED"] == ["libyaml-0.so.2"] and lib["RPATH"] is None
    theirs, aw = auditwheel(tmp, whl, "--exclude", "libyaml-0.so.*", env=env)
    assert compare_with_auditwheel(tmp, whl, fixed, theirs) == 2, aw.stderr

    # a library found nowhere may be excluded: no search, no failure
    fixed, proc = repair(tmp, whl, "--exclude", "libouter.so.1")
    assert libs_in(fixed) == []
    assert "kept DT_NEEDED 'libouter.so.1' (excluded)" in proc.stdout
    theirs, _ = auditwheel(tmp, whl, "--exclude", "libouter.so.1")
    assert compare_with_auditwheel(tmp, whl, fixed, theirs) == 1


@pytest.mark.skipif(not available(["lxml"]), reason="python3-lxml is not installed")
def test_exclude_icu_from_lxml_as_auditwheel(tmp):
    whl = debian_wheel(tmp, "lxml", ["lxml"])
    fixed, proc = repair(tmp, whl, "--exclude", "libicu*")
    names = [os.path.basename(n) for n in libs_in(fixed)]
    assert names and not any(n.startswith("libicu") for n in names)
    assert re.search(r"(?m)^libxml2-[0-9a-f]{8}\.so[.\d]*: kept DT_NEEDED 'libicuuc\.so\.\d+' \(excluded\)",
                     proc.stdout), proc.stdout
    theirs, aw = auditwheel(tmp, whl, "--exclude", "libicu*")
    assert compare_with_auditwheel(tmp, whl, fixed, theirs) >= 2, aw.stderr
    code = "from lxml import etree; print(etree.fromstring('<a>x</a>').text)"
    assert import_here(tmp, code, fixed).stdout == "x\n"


def test_exclude_errors(tmp):
    whl = module_wheel(tmp, build_module(tmp, YAML, libs=["-lyaml"]))
    for pattern, why in (("", "an empty pattern matches no library"),
                         ("libyaml[0-9", "its '[' has no ']'")):
        proc, out = repair(tmp, whl, "--exclude", pattern, status=2)
        assert proc.stderr.splitlines()[0] == (
            "wheelwright: error: repair: --exclude '%s' is not a usable pattern: %s" % (pattern, why))
        assert proc.stderr.splitlines()[1].startswith("hint: patterns are shell globs")
        assert not os.path.exists(out)
    proc = ww("repair", whl, "--exclude", check=2)
    assert "option '--exclude' needs a value" in proc.stderr
    # '[]...]' and '[!]...]' hold a ']' as a member: fine
    repair(tmp, whl, "--exclude", "lib[]x]*", "--exclude", "lib[!]x]aml*")

    # a library the wheel carries and loads cannot be left to the system
    libdir = os.path.join(str(tmp), "inwheel")
    os.makedirs(libdir)
    stub = stub_library(libdir, "libstub.so.1")
    so = build_module(tmp, STUB, libs=[stub], extra=["-Wl,-rpath,$ORIGIN"])
    carried = module_wheel(tmp, so, name="carries",
                           extra={"carries/libstub.so.1": open(stub, "rb").read()})
    proc, out = repair(tmp, carried, "--exclude", "libstub*", status=2)
    assert proc.stderr.strip() == (
        "wheelwright: %s: error: --exclude 'libstub*' matches 'libstub.so.1', which "
        "'carries/%s' finds in the wheel ('carries/libstub.so.1'): only libraries from "
        "outside the wheel can be left to the system" % (carried, MOD))
    assert not os.path.exists(out)
    repair(tmp, carried)                                     # without it: fine


def test_exclude_does_not_keep_libpython(tmp):
    whl = module_wheel(tmp, build_module(tmp, PLAIN, libs=["-lpython3.11"]))
    fixed, proc = repair(tmp, whl, "--exclude", "libpython*")
    assert "removed DT_NEEDED 'libpython3.11.so.1.0'" in proc.stdout
    site = unpack(fixed, os.path.join(str(tmp), "fixed"))
    assert dynamic(os.path.join(site, "demo", MOD))["NEEDED"] == ["libc.so.6"]
