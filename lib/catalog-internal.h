/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The catalogue's tables: one per architecture, sorted by key (a unit test
 * checks the order), each row a struct hvabi_cat_entry.
 */
#ifndef HVABI_CATALOG_INTERNAL_H
#define HVABI_CATALOG_INTERNAL_H

#include "internal.h"

/* The kernel's arm64_ftr_bits types (arch/arm64/kernel/cpufeature.c). */
enum hvabi_ftr_type {
	HVABI_FTR_EXACT = 0,           /* equal, or the table's safe value */
	HVABI_FTR_LOWER_SAFE = 1,      /* a lower value is safe */
	HVABI_FTR_HIGHER_SAFE = 2,     /* a higher value is safe */
	HVABI_FTR_HIGHER_OR_ZERO_SAFE = 3, /* 0, or a higher value, is safe */
	/*
	 * Not a kernel type: the field describes the host (CLIDR_EL1's cache
	 * levels), any value a host can write is safe, and hosts that cannot
	 * write it keep their own.
	 */
	HVABI_FTR_HOST = 4,
	/*
	 * Not a kernel type either: KVM replaces whatever is written with its
	 * own value (ID_AA64PFR0_EL1.GIC from the VM's vGIC, at vGIC creation
	 * and first run), so the guest sees the host's: it must be equal.
	 */
	HVABI_FTR_KVM = 5,
};

/* One 4-bit field of an Arm ID register. */
struct hvabi_ftr_field {
	uint8_t shift;  /* lowest bit of the field */
	uint8_t type;   /* enum hvabi_ftr_type */
	uint8_t sign;   /* FTR_SIGNED: a signed value; 0xf is -1, feature absent */
	uint8_t safe;   /* the table's safe value (FTR_EXACT fields) */
	const char *name;
	uint8_t width;  /* bits; 0 means 4, the width of almost every field */
	/*
	 * Values KVM's setter for the register refuses (bit v: value v, for
	 * fields up to 4 bits wide) or silently replaces, where the field is
	 * writable: DebugVer below 6, PerfMon 1 and 2, IMP_DEF PMUs (0xf,
	 * read back as 0).
	 */
	uint16_t refused;
};

/* A VERSION entry's accepted values from kernel @since on. */
struct hvabi_version_era {
	uint32_t since; /* HVABI_KERNEL_VERSION */
	uint64_t min;
	uint64_t max;
	uint64_t dflt;  /* the value a new VM reads */
};

/* The value kernels from @since on imply while lacking an entry. */
struct hvabi_implied_era {
	uint32_t since; /* HVABI_KERNEL_VERSION */
	uint64_t value;
};

struct hvabi_cat_entry {
	struct hvabi_key key;
	const char *name;
	const char *summary;
	uint8_t kind;
	uint8_t scope;
	uint16_t width;
	uint32_t since;
	uint32_t flags;     /* HVABI_CATALOG_* */
	uint64_t implied;
	uint64_t off;
	/* BITMAP/CPUID: names of single bits, index = bit, NULL = unnamed */
	const char *const *bits;
	uint8_t nbits;
	/* x86: the same bits as QEMU names them (-cpu ...,+name), NULL = none */
	const char *const *aliases;
	uint8_t naliases;
	/* IDFIELDS: the described fields; undescribed bits must be equal */
	const struct hvabi_ftr_field *fields;
	uint8_t nfields;
	/* VERSION: every value any kernel accepts, in ascending order */
	const uint64_t *versions;
	uint8_t nversions;
	/* VERSION: accepted values by kernel release, ascending @since */
	const struct hvabi_version_era *eras;
	uint8_t neras;
	/*
	 * What a kernel lacking the entry implies, by its version, ascending
	 * @since, the first from 0.0; used where the release is known,
	 * @implied (a modern kernel's answer) where it is not.
	 */
	const struct hvabi_implied_era *implied_by;
	uint8_t nimplied;
	/* LEVEL: rank of each value 0..15 (0xff: refused); higher = safer */
	const uint8_t *level_rank;
	/*
	 * CPUID (and BITMAP for weak_mask) bit classes; every bit of the
	 * register is in at most one, and bits in none must be equal:
	 * feature_mask: 1 offers more; the guest's must be a subset of the
	 *   host's, baseline ANDs them;
	 * weak_mask: 1 says the CPU has a weakness or lacks something (RRSBA,
	 *   NO_SMM_CTL_MSR); the guest's must include the host's, baseline
	 *   ORs them, so no guest is told it is free of a host's weakness;
	 * ignore_mask: the VMM's per vCPU or KVM's at run time (APIC ids,
	 *   topology, OSXSAVE): never compared, apply keeps the VMM's;
	 * desc_mask: a description of the CPU the VMM writes as it likes
	 *   (family/model, brand, cache geometry): any value can be given,
	 *   baseline takes all of them from one host (negotiate.c);
	 * @fields (8-bit or wider LOWER_SAFE fields, e.g. address widths):
	 *   the guest's must not exceed the host's, baseline takes the minimum.
	 */
	uint64_t feature_mask;
	uint64_t ignore_mask;
	uint64_t weak_mask;
	uint64_t desc_mask;
	/*
	 * IDFIELDS whose writability follows from the kernel version alone
	 * (CLIDR_EL1 and the CCSIDRs: set_clidr() and set_ccsidr() since 6.3):
	 * the writable mask a kernel from @writable_since has, for profiles
	 * that carry no facts (imports).
	 */
	uint32_t writable_since;
	uint64_t writable;
};

/*
 * The subleaf index of a CPUID row that stands for every subleaf of its
 * function not catalogued on its own (cache leaves 0x4 and 0x8000001d,
 * XSAVE components 0xd.2..63): hvabi_cat_find() falls back to it.
 */
#define HVABI_CAT_ANY_SUBLEAF UINT32_MAX

/*
 * riscv: the key id (HVABI_NS_GUEST_READ) of an SBI base function's answer
 * no register holds (spec version, implementation id and version): a
 * register id of a type KVM does not have (0xff).
 */
#define HVABI_RISCV_GUEST_SBI_BASE(fid) HVABI_RISCV_REG(0xffull << HVABI_KVM_REG_RISCV_TYPE_SHIFT, \
							0ull, fid)

/*
 * Internal catalogue flag (beyond the public HVABI_CATALOG_*): a CPUID
 * register that states the hardware's layout (XSAVE component sizes and
 * standard-format offsets, 0xd.n): no VMM can give another, so a guest
 * needs the host's value exactly, or 0 where the component is not offered.
 */
#define HVABI_CAT_HW_LAYOUT 0x10000u

/*
 * Internal catalogue flag: arm64's MIDR_EL1, REVIDR_EL1, AIDR_EL1, which a
 * VM may be given other than the host's only with
 * KVM_CAP_ARM_WRITABLE_IMP_ID_REGS (239, 6.15+; set_imp_id_reg(),
 * sys_regs.c 7.2.8 3136-3167); a writable mask KVM reports for them
 * (KVM_ARM_GET_REG_WRITABLE_MASKS, with or without the cap) proves
 * nothing (negotiate.c judges them).
 */
#define HVABI_CAT_IMP_ID 0x20000u

struct hvabi_cat_table {
	enum hvabi_arch arch;
	const struct hvabi_cat_entry *rows;
	size_t n;
};

extern const struct hvabi_cat_table hvabi_cat_arm64;
extern const struct hvabi_cat_table hvabi_cat_x86_64;
extern const struct hvabi_cat_table hvabi_cat_riscv64;

/* The table of @arch, or NULL. */
const struct hvabi_cat_table *hvabi_cat_table_of(enum hvabi_arch arch);

/* The catalogue row of @key, or NULL. */
const struct hvabi_cat_entry *hvabi_cat_find(enum hvabi_arch arch, const struct hvabi_key *key);

/* hvabi_catalog_bit_name() of a row already found (NULL: none). */
const char *hvabi_cat_bit_name(const struct hvabi_cat_entry *c, unsigned int bit);

/*
 * hvabi_cat_find() in @t for keys that come in ascending order (a decoded
 * set): the search starts at *@pos, the previous key's place, and leaves
 * *@pos at @key's, so a whole set costs one walk of the table. A key
 * below the previous one starts again from the beginning.
 */
const struct hvabi_cat_entry *hvabi_cat_find_next(const struct hvabi_cat_table *t,
						  const struct hvabi_key *key, size_t *pos);

/* The catalogue row of entry @i of @fs (NULL: not catalogued), found when it joined. */
static inline const struct hvabi_cat_entry *hvabi_fs_row(const struct hvabi_featureset *fs,
							 size_t i)
{
	/* A set whose e[] a test swapped in by hand has no rows: search. */
	if (!fs->row)
		return hvabi_cat_find(fs->arch, &fs->e[i].key);
	return fs->row[i] == HVABI_ROW_NONE ? NULL : &fs->cat->rows[fs->row[i]];
}

/*
 * The accepted values of the VERSION row @c on kernel @kver
 * (hvabi_kernel_version_parse(); 0, unknown, has none), or NULL.
 */
const struct hvabi_version_era *hvabi_cat_era(const struct hvabi_cat_entry *c, uint32_t kver);

/*
 * Why @key is vCPU state a VMM saves and restores itself rather than ABI
 * a host offers (x86: an MSR of KVM's save list), or NULL when the
 * catalogue does not say it is.
 */
const char *hvabi_cat_state_reason(enum hvabi_arch arch, const struct hvabi_key *key);
const char *hvabi_cat_x86_state_reason(const struct hvabi_key *key);
/*
 * Whether @key lies where every register is guest ABI by its place, named
 * or not (arm64's feature-ID space, firmware registers and CCSIDRs; x86's
 * CPUID; KVM capabilities): an uncatalogued one there is a value to keep
 * equal, not a register nobody has classified.
 */
bool hvabi_cat_abi_space(enum hvabi_arch arch, const struct hvabi_key *key);
const char *hvabi_cat_arm64_state_reason(const struct hvabi_key *key);

/* The scope a key has when the catalogue does not know it. */
uint8_t hvabi_key_default_scope(enum hvabi_arch arch, const struct hvabi_key *key);

/* The width a key implies when the catalogue does not know it. */
uint16_t hvabi_key_default_width(const struct hvabi_key *key);

#endif /* HVABI_CATALOG_INTERNAL_H */
