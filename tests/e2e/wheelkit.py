"""Making small wheels and extension modules by hand for the audit tests:
gcc (or a cross gcc) for the binaries, Python's zipfile for the wheel, with
a correct RECORD unless a test wants it wrong."""
import base64
import hashlib
import json
import os
import shutil
import subprocess
import zipfile

from conftest import ww


def record_hash(data):
    digest = hashlib.sha256(data).digest()
    return "sha256=" + base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def make_wheel(path, files, tag, name="demo", version="1.0", purelib=False,
               wheel_tags=None, record=True, record_edit=None):
    """Writes a wheel: files is {arcname: bytes}; tag is 'py-abi-plat'
    (the file name's, possibly compressed). Returns the wheel's path."""
    dist_info = "%s-%s.dist-info" % (name, version)
    py, abi, plat = tag.split("-")
    tags = wheel_tags
    if tags is None:
        tags = ["%s-%s-%s" % (p, a, l) for p in py.split(".") for a in abi.split(".")
                for l in plat.split(".")]
    wheel_txt = "Wheel-Version: 1.0\nGenerator: wheelkit\nRoot-Is-Purelib: %s\n" % (
        "true" if purelib else "false")
    wheel_txt += "".join("Tag: %s\n" % t for t in tags)
    meta = "Metadata-Version: 2.1\nName: %s\nVersion: %s\n" % (name, version)
    all_files = dict(files)
    all_files[dist_info + "/METADATA"] = meta.encode()
    all_files[dist_info + "/WHEEL"] = wheel_txt.encode()
    rows = ["%s,%s,%d" % (n, record_hash(d), len(d)) for n, d in all_files.items()]
    rows.append(dist_info + "/RECORD,,")
    if record_edit:
        rows = record_edit(rows)
    out = os.path.join(str(path), "%s-%s-%s.whl" % (name, version, tag))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for n, d in all_files.items():
            z.writestr(n, d)
        if record:
            z.writestr(dist_info + "/RECORD", "\n".join(rows) + "\n")
    return out


def compile_module(tmp, source, out_name, cc="gcc", extra=(), libs=()):
    """Compiles C source into a shared object; returns its bytes."""
    src = os.path.join(str(tmp), out_name + ".c")
    out = os.path.join(str(tmp), out_name)
    with open(src, "w") as f:
        f.write(source)
    cmd = [cc, "-shared", "-fPIC", "-O1", "-o", out, src] + list(extra) + list(libs)
    subprocess.run(cmd, check=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    with open(out, "rb") as f:
        return f.read()


def stub_library(tmp, soname, source="int stub_fn(void) { return 1; }\n", cc="gcc"):
    """A shared library with that soname, for modules to link against."""
    path = os.path.join(str(tmp), soname)
    src = path + ".c"
    with open(src, "w") as f:
        f.write(source)
    subprocess.run([cc, "-shared", "-fPIC", "-o", path, src, "-Wl,-soname," + soname],
                   check=True)
    return path


def have_cc(cc):
    return shutil.which(cc) is not None


def audit_json(*paths, policy=None, status=None):
    args = ["audit", "--json"] + list(paths)
    if policy:
        args += ["--policy", policy]
    proc = ww(*args, check=status)
    return json.loads(proc.stdout), proc


def codes(report, severity=None):
    return sorted({f["code"] for f in report["findings"]
                   if severity is None or f["severity"] == severity})
