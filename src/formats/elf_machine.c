/*
 * ELF reader: names for e_machine and e_type. A machine name can depend
 * on the class and the byte order (ppc64 vs ppc64le, mips vs mips64el),
 * so it is computed from the whole file, not from e_machine alone.
 */
#include "elf.h"

struct machine_name {
	uint16_t machine;
	const char *name32, *name64;		/* big endian or only */
	const char *name32_le, *name64_le;	/* when the order matters */
};

static const struct machine_name machines[] = {
	{ ELF_EM_X86_64, "x86_64", "x86_64", NULL, NULL },
	{ ELF_EM_386, "i386", "i386", NULL, NULL },
	{ ELF_EM_AARCH64, "aarch64", "aarch64", "aarch64", "aarch64" },
	{ ELF_EM_ARM, "armeb", "armeb", "arm", "arm" },
	{ ELF_EM_PPC64, "ppc64", "ppc64", "ppc64le", "ppc64le" },
	{ ELF_EM_PPC, "ppc", "ppc", "ppcle", "ppcle" },
	{ ELF_EM_S390, "s390", "s390x", NULL, NULL },
	{ ELF_EM_RISCV, "riscv32", "riscv64", NULL, NULL },
	{ ELF_EM_LOONGARCH, "loongarch32", "loongarch64", NULL, NULL },
	{ ELF_EM_MIPS, "mips", "mips64", "mipsel", "mips64el" },
	{ ELF_EM_SPARC, "sparc", "sparc", NULL, NULL },
	{ ELF_EM_SPARCV9, "sparc64", "sparc64", NULL, NULL },
	{ ELF_EM_IA_64, "ia64", "ia64", NULL, NULL },
	{ ELF_EM_68K, "m68k", "m68k", NULL, NULL },
	{ ELF_EM_SH, "sh", "sh", "sh", "sh" },
	{ ELF_EM_PARISC, "parisc", "parisc64", NULL, NULL },
	{ ELF_EM_ALPHA, "alpha", "alpha", NULL, NULL },
};

const char *elf_machine_name(const struct elf_file *ef)
{
	size_t i;

	for (i = 0; i < sizeof(machines) / sizeof(machines[0]); i++) {
		const struct machine_name *m = &machines[i];
		const char *le = ef->is64 ? m->name64_le : m->name32_le;

		if (m->machine != ef->machine)
			continue;
		if (!ef->msb && le)
			return le;
		return ef->is64 ? m->name64 : m->name32;
	}
	return "unknown";
}

const char *elf_type_name(uint16_t type)
{
	static const char *const names[] = { "NONE", "REL", "EXEC", "DYN",
					     "CORE" };

	return type < 5 ? names[type] : "UNKNOWN";
}

int elf_arm_hard_float(const struct elf_file *ef)
{
	return ef->machine == ELF_EM_ARM &&
	       (ef->flags & ELF_EF_ARM_ABI_FLOAT_HARD) != 0;
}
