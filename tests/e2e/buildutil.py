"""Helpers for tests that build projects: copies of the examples, wheels."""
import base64
import csv
import hashlib
import io
import os
import shutil
import subprocess
import zipfile

from conftest import ROOT

EXAMPLES = os.path.join(ROOT, "examples")


def copy_example(name, dest):
    """A fresh copy of examples/NAME at dest (without build outputs)."""
    src = os.path.join(EXAMPLES, name)
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns("build", "dist", "__pycache__"))
    return str(dest)


def wheels_in(folder):
    return sorted(os.path.join(folder, f) for f in os.listdir(folder) if f.endswith(".whl"))


def check_record(whl):
    """Recomputes every RECORD hash and size; returns the member names."""
    with zipfile.ZipFile(whl) as z:
        assert z.testzip() is None
        names = z.namelist()
        record_name = [n for n in names if n.endswith(".dist-info/RECORD")]
        assert len(record_name) == 1
        rows = list(csv.reader(io.StringIO(z.read(record_name[0]).decode())))
        listed = set()
        for row in rows:
            path, digest, size = row
            listed.add(path)
            if path == record_name[0]:
                assert digest == "" and size == ""
                continue
            data = z.read(path)
            algo, _, b64 = digest.partition("=")
            assert algo == "sha256"
            want = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            assert b64 == want, path
            assert int(size) == len(data), path
        assert listed == set(names), set(names) ^ listed
    return names


def install_and_call(python, whl, target_dir, code):
    """pip-installs whl with --target and runs code with it on the path."""
    subprocess.run([python, "-m", "pip", "install", "-q", "--no-index", "--no-deps",
                    "--disable-pip-version-check", "--target", str(target_dir), whl],
                   check=True, env=dict(os.environ, PIP_ROOT_USER_ACTION="ignore"))
    env = dict(os.environ, PYTHONPATH=str(target_dir))
    return subprocess.run([python, "-c", code], env=env, check=True,
                          stdout=subprocess.PIPE, text=True).stdout
