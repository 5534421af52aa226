"""What GNU readelf says about an ELF file, parsed into the shape of
`wheelwright internal elf-info`, for the ELF tests to compare with."""
import re
import shutil
import struct
import subprocess

READELF = shutil.which("readelf")

# readelf's "Machine:" line -> elf-info's machine (64-bit / 32-bit, big
# endian where it matters).
MACHINES = {
    "Advanced Micro Devices X86-64": "x86_64",
    "Intel 80386": "i386",
    "AArch64": "aarch64",
    "ARM": "arm",
    "PowerPC64": "ppc64",
    "PowerPC": "ppc",
    "IBM S/390": "s390x",
    "RISC-V": "riscv64",
    "LoongArch": "loongarch64",
}

ISA_BITS = {"x86-64-baseline": 1, "x86-64-v2": 2, "x86-64-v3": 4, "x86-64-v4": 8}


def _sym_name(field):
    """'free@GLIBC_2.2.5 (17)' -> ('free', 'GLIBC_2.2.5', hidden)."""
    field = re.sub(r" \(\d+\)$", "", field)
    if "@@" in field:
        name, ver = field.split("@@", 1)
        return name, ver, False
    if "@" in field:
        name, ver = field.split("@", 1)
        return name, ver, True
    return field, None, None


def readelf_facts(path):
    out = subprocess.run([READELF, "-h", "-d", "-V", "-n", "--dyn-syms", "-W", path],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True, errors="replace", check=True).stdout
    f = {"needed": [], "soname": None, "rpath": None, "runpath": None,
         "version_needs": [], "version_defs": [], "undefined": [],
         "defined": [], "isa_bits": None, "hard_float": False}
    section = None
    for line in out.splitlines():
        s = line.strip()
        if line.startswith("ELF Header:"):
            section = "header"
        elif line.startswith("Dynamic section at offset"):
            section = "dynamic"
        elif line.startswith("Symbol table '.dynsym'"):
            section = "dynsym"
        elif line.startswith("Version symbols section"):
            section = "versym"
        elif line.startswith("Version definition section"):
            section = "verdef"
        elif line.startswith("Version needs section"):
            section = "verneed"
        elif line.startswith("Displaying notes"):
            section = "notes"
        elif section == "header":
            if s.startswith("Class:"):
                f["class"] = 64 if "ELF64" in s else 32
            elif s.startswith("Data:"):
                f["endian"] = "big" if "big endian" in s else "little"
            elif s.startswith("Machine:"):
                f["machine_text"] = s.split(":", 1)[1].strip()
            elif s.startswith("Flags:"):
                f["hard_float"] = "hard-float" in s
        elif section == "dynamic":
            m = re.search(r"\((NEEDED|SONAME|RPATH|RUNPATH)\)\s+[^\[]*\[(.*)\]$", s)
            if m:
                key = m.group(1).lower()
                if key == "needed":
                    f["needed"].append(m.group(2))
                elif f[key] is None:
                    f[key] = m.group(2)
        elif section == "dynsym":
            # ppc64 "[<localentry>: 8]", aarch64 "[VARIANT_PCS]" after Vis
            parts = re.sub(r" \[[^\]]*\]", "", s).split(None, 7)
            if len(parts) < 7 or not parts[0].endswith(":") or parts[0] == "Num:":
                continue
            if parts[0] == "0:" or len(parts) == 7:
                continue  # the null symbol, or no name
            if parts[3] == "SECTION":
                continue  # readelf shows the section's name; there is none
            name, ver, hidden = _sym_name(parts[7])
            entry = {"name": name, "version": ver, "hidden": hidden,
                     "bind": parts[4], "type": parts[3]}
            (f["undefined"] if parts[6] == "UND" else f["defined"]).append(entry)
        elif section == "verdef":
            m = re.search(r"Rev: \d+\s+Flags: .*Index: \d+\s+Cnt: \d+\s+Name: (\S+)$", s)
            if m:
                f["version_defs"].append(m.group(1))
        elif section == "verneed":
            m = re.search(r"Version: \d+\s+File: (\S+)\s+Cnt: \d+$", s)
            if m:
                f["version_needs"].append({"file": m.group(1), "versions": []})
            m = re.search(r"Name: (\S+)\s+Flags: .*Version: \d+$", s)
            if m and f["version_needs"]:
                f["version_needs"][-1]["versions"].append(m.group(1))
        elif section == "notes":
            m = re.search(r"x86 ISA needed: (.*)$", s)
            if m:
                bits = 0
                for level in m.group(1).split(","):
                    bits |= ISA_BITS.get(level.strip(), 0)
                f["isa_bits"] = bits
    return f


def expected_machine(facts):
    name = MACHINES.get(facts.get("machine_text"), "unknown")
    if name == "ppc64" and facts["endian"] == "little":
        return "ppc64le"
    if name == "s390x" and facts["class"] == 32:
        return "s390"
    return name


def compare(info, facts):
    """A list of differences between elf-info's JSON and readelf."""
    diffs = []

    def same(what, ours, theirs):
        if ours == theirs:
            return
        if isinstance(ours, list) and isinstance(theirs, list):
            i = next((i for i, (a, b) in enumerate(zip(ours, theirs)) if a != b),
                     min(len(ours), len(theirs)))
            diffs.append("%s: %d vs %d entries, first difference at %d: wheelwright %r, readelf %r"
                         % (what, len(ours), len(theirs), i, ours[i:i + 2], theirs[i:i + 2]))
        else:
            diffs.append("%s: wheelwright %r, readelf %r" % (what, ours, theirs))

    same("class", info["class"], facts["class"])
    same("endian", info["endian"], facts["endian"])
    same("machine", info["machine"], expected_machine(facts))
    same("arm hard-float", info["arm_hard_float"], facts["hard_float"])
    for key in ("needed", "soname", "rpath", "runpath", "version_needs", "version_defs"):
        same(key, info[key], facts[key])
    same("x86 ISA needed", info["x86_isa_needed"], facts["isa_bits"])
    same("undefined symbols",
         [(s["name"], s["version"]) for s in info["undefined_symbols"]],
         [(s["name"], s["version"]) for s in facts["undefined"]])
    ours = []
    for s in info["defined_symbols"]:
        ver = s["version"]
        # readelf leaves out the version of a version's own symbol
        # (ZLIB_1.2.2@@ZLIB_1.2.2 prints as ZLIB_1.2.2).
        if ver == s["name"]:
            ver = None
        ours.append((s["name"], ver, s.get("hidden") if ver else None, s["bind"]))
    same("defined symbols", ours,
         [(s["name"], s["version"], s["hidden"], s["bind"]) for s in facts["defined"]])
    return diffs


def strip_section_headers(data):
    """The image with e_shoff, e_shnum and e_shstrndx zeroed, as some
    packers and 'sstrip' leave files: only the program headers remain."""
    data = bytearray(data)
    end = "<" if data[5] == 1 else ">"
    if data[4] == 2:
        struct.pack_into(end + "Q", data, 0x28, 0)
        struct.pack_into(end + "HHH", data, 0x3a, 0, 0, 0)
    else:
        struct.pack_into(end + "I", data, 0x20, 0)
        struct.pack_into(end + "HHH", data, 0x2e, 0, 0, 0)
    return bytes(data)
