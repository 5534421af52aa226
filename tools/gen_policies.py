#!/usr/bin/env python3
"""Generates src/tables/policies.{c,h}: the manylinux and musllinux policies.

  tools/gen_policies.py [REF_DIR]

REF_DIR holds the public reference files (by default ../shared/ref next to
the repository): auditwheel/manylinux-policy.json and
auditwheel/musllinux-policy.json, the policy files of pypa/auditwheel. The
output is committed, so building wheelwright never needs the reference data;
run this again when the reference data changes and commit the result.

What the tables hold, per policy: its name, aliases and priority (higher is
older, i.e. more compatible), per CPU the versions each symbol-version prefix
(GLIBC, GLIBCXX, CXXABI, GCC, ZLIB, LIBATOMIC) may require, the libraries a
module may link without vendoring them, and the symbols that must not be
imported from some of those libraries. Lists are sorted (bytewise) so the
matcher can search them. Policies are ordered by family, then by priority
from highest to lowest, the order in which auditwheel tries them.

Python 3.8+, standard library only.
"""
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TABLES = os.path.join(ROOT, "src", "tables")

SOURCES = [
    ("manylinux-policy.json", "POLICY_GLIBC"),
    ("musllinux-policy.json", "POLICY_MUSL"),
]
SOURCE_NOTE = ("auditwheel/manylinux-policy.json and auditwheel/musllinux-policy.json: "
               "src/auditwheel/policy/ of pypa/auditwheel (MIT)")


def fail(msg):
    raise SystemExit("gen_policies: " + msg)


def c_string(s):
    if not re.fullmatch(r"[A-Za-z0-9_.+@-]*", s):
        fail("unexpected character in %r" % s)
    return '"%s"' % s


def ident(s):
    return re.sub(r"[^A-Za-z0-9]", "_", s)


def sorted_bytes(items):
    return sorted(items, key=lambda s: s.encode())


class Emitter:
    """Collects string arrays, sharing identical ones."""

    def __init__(self):
        self.lines = []
        self.arrays = {}

    def string_array(self, hint, items):
        items = tuple(sorted_bytes(items))
        if not items:
            return "NULL", 0
        if items in self.arrays:
            return self.arrays[items], len(items)
        name = "s_%d_%s" % (len(self.arrays), ident(hint))
        self.arrays[items] = name
        self.lines.append("static const char *const %s[] = {" % name)
        for i in range(0, len(items), 4):
            self.lines.append("\t" + " ".join(c_string(s) + "," for s in items[i:i + 4]))
        self.lines.append("};")
        return name, len(items)


def load(ref):
    policies = []
    for fn, libc in SOURCES:
        with open(os.path.join(ref, "auditwheel", fn), encoding="utf-8") as f:
            data = json.load(f)
        if not isinstance(data, list):
            fail("%s: not a list of policies" % fn)
        for p in data:
            for key in ("name", "aliases", "priority", "symbol_versions",
                        "lib_whitelist", "blacklist"):
                if key not in p:
                    fail("%s: policy without %r" % (fn, key))
            if p["name"] == "linux":
                continue    # the fallback: one entry for all families, below
            policies.append((libc, p))
    policies.sort(key=lambda lp: (lp[0], -lp[1]["priority"]))
    return policies


def check_supersets(policies):
    """PEP 600: going from the highest priority down, each policy allows at
    least what the previous one of its family allowed. The matcher relies on
    it (the first policy that fails stays failed for all older ones)."""
    prev = {}
    for libc, p in policies:
        wl = set(p["lib_whitelist"])
        if libc in prev:
            pw, pv = prev[libc]
            if not pw <= wl:
                fail("%s drops whitelisted libraries %s" % (p["name"], sorted(pw - wl)))
            for arch, prefixes in pv.items():
                for prefix, vers in prefixes.items():
                    have = set(p["symbol_versions"].get(arch, {}).get(prefix, []))
                    if arch in p["symbol_versions"] and not vers <= have:
                        fail("%s_%s drops %s versions" % (p["name"], arch, prefix))
        prev[libc] = (wl, {a: {k: set(v) for k, v in d.items()}
                           for a, d in p["symbol_versions"].items()})


def generate(policies):
    em = Emitter()
    body = []
    for libc, p in policies:
        name = p["name"]
        arch_rows = []
        for arch in sorted_bytes(p["symbol_versions"]):
            rows = []
            for prefix in sorted_bytes(p["symbol_versions"][arch]):
                arr, n = em.string_array("%s_%s" % (arch, prefix),
                                         p["symbol_versions"][arch][prefix])
                rows.append("\t{ %s, %s, %d }," % (c_string(prefix), arr, n))
            vname = "v_%s_%s" % (ident(name), ident(arch))
            if rows:
                em.lines.append("static const struct policy_versions %s[] = {" % vname)
                em.lines += rows
                em.lines.append("};")
                arch_rows.append("\t{ %s, %s, %d }," % (c_string(arch), vname, len(rows)))
            else:
                arch_rows.append("\t{ %s, NULL, 0 }," % c_string(arch))
        aname = "a_%s" % ident(name)
        em.lines.append("static const struct policy_arch %s[] = {" % aname)
        em.lines += arch_rows
        em.lines.append("};")
        bl_rows = []
        for lib in sorted_bytes(p["blacklist"]):
            arr, n = em.string_array("bl_" + lib, p["blacklist"][lib])
            bl_rows.append("\t{ %s, %s, %d }," % (c_string(lib), arr, n))
        bname = "NULL"
        if bl_rows:
            bname = "b_%s" % ident(name)
            em.lines.append("static const struct policy_blacklist %s[] = {" % bname)
            em.lines += bl_rows
            em.lines.append("};")
        wl, nwl = em.string_array("wl", p["lib_whitelist"])
        al, nal = em.string_array("alias", p["aliases"])
        body.append("\t{ %s, %s, %s, %d, %d, %s, %d, %s, %d, %s, %d }," % (
            c_string(name), libc, al, nal, p["priority"], aname, len(arch_rows),
            wl, nwl, bname, len(bl_rows)))
    out = ["/*",
           " * Generated by tools/gen_policies.py: do not edit.",
           " * Source: %s." % SOURCE_NOTE,
           " */",
           '#include "policies.h"',
           "",
           "#include <stddef.h>",
           ""]
    out += em.lines
    out += ["",
            "const struct policy policy_table[] = {",
            '\t{ "linux", POLICY_ANY, NULL, 0, 0, NULL, 0, NULL, 0, NULL, 0 },']
    out += body
    out += ["};",
            "const size_t policy_table_nr = %d;" % (len(body) + 1),
            ""]
    return "\n".join(out)


HEADER = """/*
 * The manylinux and musllinux policies (PEP 600, PEP 656), as auditwheel
 * defines them. Generated by tools/gen_policies.py: do not edit.
 * Source: %s.
 *
 * The matcher is audit/policy_match.c; everything here is static and
 * constant. A policy exists for a CPU when it has a row in 'arches'. A
 * library's versioned need "GLIBC_2.17" splits at its first '_' into the
 * prefix "GLIBC" and the version "2.17"; a policy accepts it when it does not
 * list the prefix, or lists the version. For musllinux the whitelist holds
 * "libc.so", which stands for the CPU's musl soname (libc.musl-x86_64.so.1).
 */
#ifndef WW_POLICIES_H
#define WW_POLICIES_H

#include <stddef.h>

enum policy_libc {
	POLICY_ANY,	/* "linux": the fallback, no promise at all */
	POLICY_GLIBC,	/* manylinux_X_Y */
	POLICY_MUSL,	/* musllinux_X_Y */
};

struct policy_versions {
	const char *prefix;		/* "GLIBC" */
	const char *const *versions;	/* "2.17", ...; sorted (strcmp) */
	size_t nr;
};

struct policy_arch {
	const char *arch;		/* "x86_64", as platform tags spell it */
	const struct policy_versions *prefixes;	/* sorted by prefix */
	size_t nr_prefixes;
};

struct policy_blacklist {
	const char *lib;		/* "libz.so.1" */
	const char *const *symbols;	/* sorted (strcmp) */
	size_t nr;
};

struct policy {
	const char *name;		/* "manylinux_2_17", without the CPU */
	enum policy_libc libc;
	const char *const *aliases;	/* "manylinux2014" */
	size_t nr_aliases;
	int priority;			/* higher: older, more compatible */
	const struct policy_arch *arches;	/* sorted by arch */
	size_t nr_arches;
	const char *const *whitelist;	/* sorted (strcmp) */
	size_t nr_whitelist;
	const struct policy_blacklist *blacklist;	/* sorted by lib */
	size_t nr_blacklist;
};

/*
 * "linux" first, then the manylinux policies from the highest priority
 * (manylinux_2_5) down, then the musllinux ones likewise.
 */
extern const struct policy policy_table[];
extern const size_t policy_table_nr;

#endif
"""


def write(path, text):
    with open(path, "w", encoding="ascii", newline="\n") as f:
        f.write(text)
    print("gen_policies: wrote %s" % os.path.relpath(path, ROOT))


def main():
    ref = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(ROOT), "shared", "ref")
    policies = load(ref)
    check_supersets(policies)
    write(os.path.join(TABLES, "policies.h"), HEADER % SOURCE_NOTE)
    write(os.path.join(TABLES, "policies.c"), generate(policies))


if __name__ == "__main__":
    main()
