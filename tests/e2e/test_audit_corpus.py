"""`wheelwright audit` on real wheels from the package index (the corpus of
tests/corpus/fetch-wheels, cached in .cache/wheels), compared with the
tools people use today:

  - auditwheel show (the test venv's): the best manylinux/musllinux tag and
    the external libraries, on every Linux wheel;
  - abi3audit: the abi3 findings, on every abi3 wheel;
  - llvm-readobj-14 --coff-imports: the machine and imports that the PE
    reader sees in every Windows binary;
  - llvm-lipo-14, llvm-objdump-14 --macho --private-headers and llvm-nm-14:
    the slices, libraries, LC_RPATH entries, minimum macOS versions and
    external symbols that the Mach-O reader sees in every macOS binary.

Every disagreement is listed below with its reason. The corpus is fetched
once (set WW_FETCH_CORPUS=1 to let this test fetch it); without it, or
without the peer tools, the tests skip.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile

import pytest

from conftest import CACHE, ROOT, have, ww

WHEELS = os.path.join(CACHE, "wheels")
VENV_BIN = os.path.join(CACHE, "venv", "bin")
MIN_CORPUS = 30


def corpus():
    if os.environ.get("WW_FETCH_CORPUS") and len(_wheels()) < MIN_CORPUS:
        subprocess.run([sys.executable, os.path.join(ROOT, "tests", "corpus", "fetch-wheels")],
                       timeout=1800)
    return _wheels()


def _wheels():
    if not os.path.isdir(WHEELS):
        return []
    return sorted(os.path.join(WHEELS, f) for f in os.listdir(WHEELS) if f.endswith(".whl"))


ALL = corpus()
LINUX = [w for w in ALL if "linux" in os.path.basename(w)]
WINDOWS = [w for w in ALL if re.search(r"-win(32|_amd64|_arm64)\.whl$", w)]
ABI3 = [w for w in ALL if "-abi3-" in os.path.basename(w)]
MACOS = [w for w in ALL if "-macosx_" in os.path.basename(w)]

pytestmark = pytest.mark.skipif(len(ALL) < MIN_CORPUS,
                                reason="no wheel corpus in .cache/wheels (tests/corpus/fetch-wheels)")


def tool(name):
    path = os.path.join(VENV_BIN, name)
    return path if os.path.exists(path) else shutil.which(name)


def audit(whl, *extra, status=None):
    proc = ww("audit", "--json", whl, *extra, check=status)
    return json.loads(proc.stdout)


def short(w):
    return os.path.basename(w)


# Known and explained differences from the peers, by wheel file name prefix.
#
# auditwheel, run on a glibc machine, does not know the musl version it
# should assume and takes the newest musllinux policy it has (musllinux_1_2);
# wheelwright walks every musllinux policy and reports the most compatible
# one the binaries meet (musllinux_1_1: the two policies have the same
# whitelist and no symbol versions).
#
# auditwheel 6.x fails with pyelftools' "Magic number does not match" on
# orjson's musllinux wheels (it opens a non-ELF member as ELF); wheelwright
# audits them.
AUDITWHEEL_CRASHES = ("orjson-3.9.15-cp312-cp312-musllinux",)

# The relative DT_RPATH 'X.libs' (no $ORIGIN) that an old auditwheel left in
# vendored libraries: searched relative to the process's working folder.
# wheelwright warns (runpath); auditwheel does not look at it.
RELATIVE_RPATH = ("numpy-1.26.4-cp312-cp312-musllinux", "pillow-10.2.0-",
                  "psycopg2_binary-2.9.9-")

# numpy's macOS wheels keep the build machine's LC_RPATH entries
# (/usr/local/lib on x86_64; /opt/arm64-builds/lib and the gfortran cross
# compiler's folders on arm64) in three modules and in libopenblas: every
# library they load is named "@loader_path/...", so nothing is looked up
# there today, but any "@rpath/" name would search the user's folders.
# wheelwright warns (runpath); newer delocate removes such entries.
BUILD_MACHINE_RPATH = ("numpy-1.26.4-cp312-cp312-macosx_",)


def test_corpus_is_big_enough():
    assert len(ALL) >= MIN_CORPUS
    assert len(WINDOWS) >= 5 and len(ABI3) >= 5 and len(LINUX) >= 20 and len(MACOS) >= 10
    assert sum(os.path.getsize(w) for w in ALL) < 300 * 1024 * 1024


@pytest.mark.parametrize("whl", ALL, ids=short)
def test_published_wheels_are_clean(whl):
    rep = audit(whl, status=0)
    assert rep["files"] == [whl]
    for f in rep["findings"]:
        assert f["severity"] != "error", f
        if f["code"] == "runpath" and short(whl).startswith(BUILD_MACHINE_RPATH):
            assert re.match(r"LC_RPATH entry '/(usr/local|opt)/[^']+' points outside the wheel",
                            f["message"]), f
        elif f["code"] == "runpath":
            assert short(whl).startswith(RELATIVE_RPATH), f
            assert "relative to the process's working folder" in f["message"]
        else:
            assert f["code"] == "not-examined", f


_VERSIONS = {}


def peer_cached(name, whl, run):
    """run()'s result for whl, kept in .cache/audit-peers per tool version:
    the peers take minutes on the big wheels, and their answer for a pinned
    wheel only changes with their version."""
    if name not in _VERSIONS:
        out = subprocess.run([tool(name), "--version"], stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True).stdout
        _VERSIONS[name] = re.sub(r"[^A-Za-z0-9.]+", "_", " ".join(out.split()[:2]))
    path = os.path.join(CACHE, "audit-peers", "%s-%s-%s.json" % (
        name, _VERSIONS[name], os.path.basename(whl)))
    if os.path.exists(path):
        with open(path) as f:
            return json.load(f)
    result = run()
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path + ".tmp", "w") as f:
        json.dump(result, f)
    os.replace(path + ".tmp", path)
    return result


def auditwheel_show(whl):
    def run():
        proc = subprocess.run([tool("auditwheel"), "show", "--json", whl],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              timeout=900)
        return None if proc.returncode else json.loads(proc.stdout)
    return peer_cached("auditwheel", whl, run)


@pytest.mark.skipif(not tool("auditwheel"), reason="needs auditwheel (tests/setup)")
@pytest.mark.parametrize("whl", LINUX, ids=short)
def test_policy_agrees_with_auditwheel(whl):
    ours = audit(whl)
    theirs = auditwheel_show(whl)
    if short(whl).startswith(AUDITWHEEL_CRASHES):
        assert theirs is None, "auditwheel works on this wheel now: drop the exception"
        return
    assert theirs is not None
    ext_ours = sorted({re.search(r"needs '([^']+)'", f["message"]).group(1)
                       for f in ours["findings"] if f["code"] == "external-lib"})
    assert ext_ours == sorted(theirs["external_libs"])
    if "musllinux" in whl and theirs["overall_tag"].startswith("musllinux_1_2"):
        assert ours["policy"].startswith("musllinux_1_1"), (ours["policy"], theirs)
    else:
        assert ours["policy"] == theirs["overall_tag"]


def stricter(policy):
    """The next more compatible policy of the same family, if any."""
    m = re.match(r"(manylinux|musllinux)_(\d+)_(\d+)_(.+)$", policy)
    if not m:
        return None
    ladder = {"manylinux": [(2, 5), (2, 12), (2, 17), (2, 24), (2, 26), (2, 27), (2, 28),
                           (2, 31), (2, 34), (2, 35)],
              "musllinux": [(1, 1)]}[m.group(1)]
    mine = (int(m.group(2)), int(m.group(3)))
    older = [v for v in ladder if v < mine]
    return "%s_%d_%d_%s" % (m.group(1), older[-1][0], older[-1][1], m.group(4)) if older else None


@pytest.mark.parametrize("whl", LINUX, ids=short)
def test_best_policy_is_a_boundary(whl):
    # Held to its best policy the wheel passes; held to the next older one
    # (where that exists for the CPU) it fails, and says why.
    best = audit(whl)["policy"]
    assert audit(whl, "--policy", best, status=0)
    older = stricter(best)
    if not older or (older.startswith(("manylinux_2_5_", "manylinux_2_12_")) and
                     not older.endswith(("_x86_64", "_i686"))):
        return      # manylinux_2_17 is the oldest policy for the other CPUs
    rep = audit(whl, "--policy", older, status=1)
    assert {f["code"] for f in rep["findings"] if f["severity"] == "error"} <= {
        "glibc-too-new", "external-lib", "blacklisted-symbol", "isa-level", "tag-mismatch"}


def abi3audit_report(whl):
    def run():
        proc = subprocess.run([tool("abi3audit"), "--report", whl], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, timeout=900)
        data = json.loads(proc.stdout)
        out = {}
        for spec in data["specs"].values():
            for so in spec.get("wheel", []):
                out[so["name"]] = so["result"]
        return out
    return peer_cached("abi3audit", whl, run)


# psutil's modules define (not import) PyErr_SetFromOSErrnoWithSyscall, a
# helper of its own: abi3audit reads every non-local symbol of .symtab and
# .dynsym, wheelwright only what a module imports (undefined symbols), since
# a module's own names cannot fail to resolve in another Python.
ABI3AUDIT_OWN_DEFINITIONS = {"PyErr_SetFromOSErrnoWithSyscall"}


@pytest.mark.skipif(not tool("abi3audit"), reason="needs abi3audit (tests/setup)")
@pytest.mark.parametrize("whl", ABI3, ids=short)
def test_abi3_agrees_with_abi3audit(whl):
    ours = audit(whl)
    theirs = abi3audit_report(whl)
    assert theirs, "abi3audit found no module"
    flagged = set()
    for f in ours["findings"]:
        if f["code"] == "abi3-violation":
            flagged |= set(re.findall(r"'([A-Za-z_0-9]+)'", f["message"]))
    expected = set()
    for result in theirs.values():
        expected |= set(result["non_abi3_symbols"]) - ABI3AUDIT_OWN_DEFINITIONS
        expected |= set(result["future_abi3_objects"])
    assert flagged == expected


def readobj(path):
    """llvm-readobj's machine and imports: (machine, {dll: [names]})."""
    out = subprocess.run(["llvm-readobj-14", "--file-headers", "--coff-imports", path],
                         stdout=subprocess.PIPE, text=True, check=True).stdout
    machine = int(re.search(r"Machine: IMAGE_FILE_MACHINE_\w+ \((0x[0-9A-Fa-f]+)\)", out).group(1), 16)
    imports, cur = {}, None
    for line in out.splitlines():
        line = line.strip()
        if line in ("Import {", "DelayImport {"):
            cur = None
        elif line.startswith("Name: ") and cur is None:
            cur = imports.setdefault(line[6:], [])
        elif line.startswith("Symbol: ") and cur is not None:
            name = line[8:].rsplit(" (", 1)[0]
            cur.append(name if name else "#" + line.rsplit("(", 1)[1].rstrip(")"))
    return machine, imports


def pe_info(path):
    info = json.loads(ww("internal", "pe-info", path, check=0).stdout)
    imports = {}
    for d in info["imports"]:
        names = imports.setdefault(d["dll"], [])
        names += [s["name"] if "name" in s else "#%d" % s["ordinal"] for s in d["symbols"]]
    return info["machine_id"], imports


@pytest.mark.skipif(not have("llvm-readobj-14"), reason="needs llvm-readobj-14")
@pytest.mark.parametrize("whl", WINDOWS, ids=short)
def test_pe_imports_agree_with_llvm_readobj(whl, tmp):
    with zipfile.ZipFile(whl) as z:
        members = [n for n in z.namelist() if n.lower().endswith((".pyd", ".dll"))]
        assert members
        for n in members:
            path = os.path.join(str(tmp), os.path.basename(n))
            with open(path, "wb") as f:
                f.write(z.read(n))
            assert pe_info(path) == readobj(path), n


MACHO_MAGICS = (b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe", b"\xca\xfe\xba\xbe",
                b"\xca\xfe\xba\xbf", b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf")
DYLIB_COMMANDS = ("LC_LOAD_DYLIB", "LC_LOAD_WEAK_DYLIB", "LC_REEXPORT_DYLIB",
                  "LC_LAZY_LOAD_DYLIB", "LC_LOAD_UPWARD_DYLIB")


def llvm_run(*args):
    return subprocess.run(args, stdout=subprocess.PIPE, text=True, check=True).stdout


def llvm_load_commands(path, arch):
    """The commands of one slice, as llvm-objdump prints them (llvm-otool-14
    -arch does not select the slice for -l)."""
    out = llvm_run("llvm-objdump-14", "--macho", "--arch=" + arch, "--private-headers", path)
    cmds = []
    for line in out.splitlines():
        line = line.strip()
        m = re.match(r"cmd (LC_\w+)$", line)
        if m:
            cmds.append({"cmd": m.group(1)})
            continue
        m = re.match(r"(?:name|path) (.*) \(offset \d+\)$", line)
        if m and cmds:
            cmds[-1]["str"] = m.group(1)
        m = re.match(r"(minos|version) ([\d.]+)$", line)
        # LC_BUILD_VERSION says "minos"; its tools and LC_VERSION_MIN_* say "version"
        if m and cmds and "minos" not in cmds[-1] and (
                (m.group(1) == "minos") == (cmds[-1]["cmd"] == "LC_BUILD_VERSION")):
            cmds[-1]["minos"] = m.group(2)
    return cmds


def llvm_macho(path):
    """{arch: facts} from llvm-lipo, llvm-objdump and llvm-nm."""
    out = {}
    for arch in llvm_run("llvm-lipo-14", "-archs", path).split():
        cmds = llvm_load_commands(path, arch)
        nm = ["llvm-nm-14", "--arch=" + arch, "-g", "-j"]
        out[arch] = {
            "dylibs": [(c["cmd"], c["str"]) for c in cmds if c["cmd"] in DYLIB_COMMANDS],
            "id": next((c["str"] for c in cmds if c["cmd"] == "LC_ID_DYLIB"), None),
            "rpaths": [c["str"] for c in cmds if c["cmd"] == "LC_RPATH"],
            "minos": [(c["cmd"], c["minos"]) for c in cmds
                      if c["cmd"] in ("LC_BUILD_VERSION", "LC_VERSION_MIN_MACOSX")],
            "undefined": sorted(llvm_run(*nm, "-u", path).split()),
            "defined": sorted(llvm_run(*nm, "-U", path).split()),
        }
    return out


def ww_macho(path):
    info = json.loads(ww("internal", "macho-info", path).stdout)
    return {s["arch"]: {
        "dylibs": [(d["cmd"], d["name"]) for d in s["dylibs"]],
        "id": s["id"],
        "rpaths": s["rpaths"],
        "minos": [(v["cmd"], v["minos"]) for v in s["versions"]
                  if v["cmd"] in ("LC_BUILD_VERSION", "LC_VERSION_MIN_MACOSX")],
        "undefined": sorted(s["undefined"]),
        "defined": sorted(s["defined"]),
    } for s in info["slices"]}


def macho_members(whl, tmp):
    with zipfile.ZipFile(whl) as z:
        for n in z.namelist():
            data = z.read(n)
            if data[:4] in MACHO_MAGICS:
                path = os.path.join(str(tmp), n.replace("/", "_"))
                with open(path, "wb") as f:
                    f.write(data)
                yield n, path


@pytest.mark.skipif(not (have("llvm-objdump-14") and have("llvm-nm-14") and have("llvm-lipo-14")),
                    reason="needs llvm-objdump-14, llvm-nm-14 and llvm-lipo-14")
@pytest.mark.parametrize("whl", MACOS, ids=short)
def test_macho_agrees_with_llvm(whl, tmp):
    members = list(macho_members(whl, tmp))
    assert members
    for n, path in members:
        ours, theirs = ww_macho(path), llvm_macho(path)
        # the same slices in the same order, and the same facts in each
        assert list(ours) == list(theirs), n
        assert ours == theirs, n


@pytest.mark.parametrize("whl", MACOS, ids=short)
def test_best_macos_tag_is_the_wheels_own(whl):
    # Every wheel of the corpus is named for the oldest macOS its binaries
    # allow (delocate's rule), so the best tag is its own platform tag,
    # except orjson's, which also lists the thin tags universal2 covers.
    rep = audit(whl)
    tags = short(whl)[:-4].split("-")[-1].split(".")
    assert rep["policy"] == ""
    assert rep["macos"][whl] in tags
