/* SPDX-License-Identifier: LGPL-2.1-or-later */
/**
 * @file featureset.h
 * @brief The feature set: a host's or a VM's guest-visible ABI as pure data.
 *
 * A feature set holds entries sorted by key, one entry per key. Each entry
 * carries its meaning (its kind), so that two sets can be compared and
 * intersected by the kernel's own rules rather than as opaque value lists.
 * Nothing in this header touches a file descriptor or the kernel.
 *
 * Error contract: functions returning int return 0 (or a count) on success
 * and a negative errno on failure; the codes each function can return are
 * listed with it. Out-parameters are written only on success.
 */
#ifndef LIBHVABI_FEATURESET_H
#define LIBHVABI_FEATURESET_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** @brief Guest architecture of a feature set. */
enum hvabi_arch {
	HVABI_ARCH_NONE = 0,    /**< not set; never valid for a set */
	HVABI_ARCH_ARM64 = 1,   /**< arm64 (AArch64) */
	HVABI_ARCH_X86_64 = 2,  /**< x86-64 */
	HVABI_ARCH_RISCV64 = 3, /**< riscv64 */
};

/** @brief Where a feature set came from. */
enum hvabi_origin {
	HVABI_ORIGIN_NONE = 0,      /**< built by hand */
	HVABI_ORIGIN_PROBED = 1,    /**< read from a live kernel */
	HVABI_ORIGIN_SIMULATED = 2, /**< read from the simulated KVM */
	HVABI_ORIGIN_IMPORTED = 3,  /**< converted from another tool's dump */
	HVABI_ORIGIN_COMPUTED = 4,  /**< computed, e.g. a baseline */
};

/** @brief Namespace of an entry key: which KVM interface reaches it. */
enum hvabi_ns {
	HVABI_NS_ONE_REG = 1, /**< KVM_{GET,SET}_ONE_REG; id = register id */
	HVABI_NS_ATTR = 2,    /**< KVM_*_DEVICE_ATTR; sel = target, sub = group, id = attr */
	HVABI_NS_CPUID = 3,   /**< x86 CPUID; id = table | function, sub = index, sel = register */
	HVABI_NS_MSR = 4,     /**< x86 feature MSR; id = MSR index */
	HVABI_NS_CAP = 5,     /**< KVM_CHECK_EXTENSION; id = capability number */
	HVABI_NS_VCPU_VALUE = 6, /**< a vCPU value with an ioctl pair of its own; id = enum hvabi_vcpu_value */
	/**
	 * What a guest read with an instruction on the probe's scratch VM
	 * (hvabi_kvm_probe() with HVABI_PROBE_GUEST_READS); id = the register
	 * in ONE_REG form (arm64: the system register's id, a CCSIDR_EL1 the
	 * DEMUX id of its CSSELR value), also for registers no ioctl reaches
	 * (CNTFRQ_EL0, DCZID_EL0). Where a ONE_REG entry of the same id
	 * exists, KVM shows the guest that register's value once it differs
	 * from the host's; at the host's value the guest may read the CPU's
	 * own (a kernel that does not trap it).
	 */
	HVABI_NS_GUEST_READ = 7,
	/**
	 * An SMCCC call the VMM answers itself, which no ioctl holds (KVM
	 * forwards it: KVM_SMCCC_FILTER_FWD_TO_USER); id = the function ID
	 * (arm64: 0xc6000041, DISCOVER_IMPL_CPUS, keys the implementation
	 * list, HVABI_KIND_IMPLSET).
	 */
	HVABI_NS_SMCCC = 8,
};

/** @brief Which vCPU value an HVABI_NS_VCPU_VALUE key names (field id). */
enum hvabi_vcpu_value {
	/** x86: the guest's TSC frequency in kHz (KVM_GET_TSC_KHZ / KVM_SET_TSC_KHZ). */
	HVABI_VCPU_VALUE_TSC_KHZ = 1,
	/**
	 * arm64: the KVM_ARM_VCPU_INIT features (features[0], POWER_OFF
	 * aside) the VM's vCPUs are made with; the VMM passes them
	 * (hvabi_vcpu_features()), apply verifies them.
	 */
	HVABI_VCPU_VALUE_ARM64_FEATURES = 2,
	/**
	 * arm64: SVE's vector lengths, bit vq - 1 per 128-bit quantum (the
	 * first word of KVM_REG_ARM64_SVE_VLS), written before
	 * KVM_ARM_VCPU_FINALIZE by hvabi_vcpu_finalize().
	 */
	HVABI_VCPU_VALUE_ARM64_SVE_VQS = 3,
};

/** @brief Which fd a device attribute lives on (HVABI_NS_ATTR, field sel). */
enum hvabi_attr_target {
	HVABI_ATTR_VM = 1,     /**< the VM fd */
	HVABI_ATTR_VCPU = 2,   /**< each vCPU fd */
	HVABI_ATTR_SYSTEM = 3, /**< /dev/kvm */
};

/** @brief CPUID output register (HVABI_NS_CPUID, field sel). */
enum hvabi_cpuid_reg {
	HVABI_CPUID_EAX = 0,
	HVABI_CPUID_EBX = 1,
	HVABI_CPUID_ECX = 2,
	HVABI_CPUID_EDX = 3,
};

/** @brief Whether an entry is one value per VM or one per vCPU. */
enum hvabi_scope {
	HVABI_SCOPE_VCPU = 0, /**< each vCPU holds its own value */
	HVABI_SCOPE_VM = 1,   /**< one value for the VM, however many vCPUs list it */
};

/**
 * @brief The meaning of an entry's value: how it may differ between hosts.
 *
 * - EXACT: must be equal everywhere (every unknown entry is EXACT).
 * - BITMAP: feature bits; a guest value is safe where it is a subset of the
 *   host's supported mask (@c max); baseline is AND; "off" is 0.
 * - VERSION: ordered value; safe where the host accepts it (@c min .. @c max);
 *   baseline is the lowest value.
 * - LEVEL: a mitigation level the kernel computes from the host and never
 *   stores; safe where the guest's level is not above the host's; cannot be
 *   pinned by a write.
 * - IDFIELDS: an Arm ID register made of 4-bit fields, each with the
 *   kernel's FTR_* safety rule; @c mask is the writable mask.
 * - RANGESET: a list of SMCCC function ranges the VMM installs (the SMCCC
 *   filter); KVM never migrates it.
 * - CPUID: an x86 CPUID output register whose bits the catalogue sorts into
 *   features (BITMAP rule), weaknesses (the guest's must include the host's;
 *   baseline ORs them), per-vCPU bits (never compared), a CPU description
 *   the VMM writes (any value; baseline takes one host's), LOWER_SAFE
 *   fields (address widths) and bits that must be equal.
 * - FREQUENCY: a rate the guest runs at (the TSC, in kHz): safe where the
 *   host can give it (@c min .. @c max: its own rate within KVM's
 *   tolerance, or a wide range with TSC scaling); baseline is a rate every
 *   host can give.
 * - IMPLSET: arm64 CPU implementations (struct hvabi_impl) a guest may run
 *   on, told to it through the DISCOVER_IMPL hypercalls: safe where every
 *   implementation of the host is in the VM's list; baseline is the
 *   union. Its bytes live in @c wide (hvabi_featureset_get_impls()).
 */
enum hvabi_kind {
	HVABI_KIND_EXACT = 0,
	HVABI_KIND_BITMAP = 1,
	HVABI_KIND_VERSION = 2,
	HVABI_KIND_LEVEL = 3,
	HVABI_KIND_IDFIELDS = 4,
	HVABI_KIND_RANGESET = 5,
	HVABI_KIND_CPUID = 6,
	HVABI_KIND_FREQUENCY = 7,
	HVABI_KIND_IMPLSET = 8,
};

/**
 * @brief The identity of an entry.
 *
 * Build keys with hvabi_key_reg(), hvabi_key_attr(), hvabi_key_cpuid(),
 * hvabi_key_msr() and hvabi_key_cap(); keys order by (ns, id, sub, sel).
 */
struct hvabi_key {
	uint16_t ns;  /**< enum hvabi_ns */
	uint16_t sel; /**< ATTR: enum hvabi_attr_target; CPUID: enum hvabi_cpuid_reg; else 0 */
	uint32_t sub; /**< ATTR: group; CPUID: index; else 0 */
	uint64_t id;  /**< register id, attribute, CPUID function, MSR index or capability */
};

/** @brief Key of a KVM ONE_REG register. */
static inline struct hvabi_key hvabi_key_reg(uint64_t reg_id)
{
	struct hvabi_key k = { HVABI_NS_ONE_REG, 0, 0, reg_id };
	return k;
}

/** @brief Key of a device attribute on the VM, a vCPU or /dev/kvm. */
static inline struct hvabi_key hvabi_key_attr(enum hvabi_attr_target target,
					      uint32_t group, uint64_t attr)
{
	struct hvabi_key k = { HVABI_NS_ATTR, (uint16_t)target, group, attr };
	return k;
}

/** @brief Key of one output register of an x86 CPUID leaf. */
static inline struct hvabi_key hvabi_key_cpuid(uint32_t function, uint32_t index,
					       enum hvabi_cpuid_reg reg)
{
	struct hvabi_key k = { HVABI_NS_CPUID, (uint16_t)reg, index, function };
	return k;
}

/**
 * @brief CPUID table bit (in @c id of an HVABI_NS_CPUID key): the leaf is
 * one KVM_GET_SUPPORTED_HV_CPUID reports (Hyper-V enlightenments, which a
 * VMM places at 0x40000000 in place of KVM's own leaves), not one of
 * KVM_GET_SUPPORTED_CPUID.
 */
#define HVABI_CPUID_TABLE_HYPERV (1ull << 32)

/** @brief Key of one output register of a Hyper-V CPUID leaf. */
static inline struct hvabi_key hvabi_key_hv_cpuid(uint32_t function, uint32_t index,
						  enum hvabi_cpuid_reg reg)
{
	struct hvabi_key k = { HVABI_NS_CPUID, (uint16_t)reg, index,
			       HVABI_CPUID_TABLE_HYPERV | function };
	return k;
}

/** @brief Key of an x86 feature MSR. */
static inline struct hvabi_key hvabi_key_msr(uint32_t index)
{
	struct hvabi_key k = { HVABI_NS_MSR, 0, 0, index };
	return k;
}

/** @brief Key of a vCPU value with an ioctl pair of its own (e.g. the TSC frequency). */
static inline struct hvabi_key hvabi_key_vcpu_value(enum hvabi_vcpu_value which)
{
	struct hvabi_key k = { HVABI_NS_VCPU_VALUE, 0, 0, (uint64_t)which };
	return k;
}

/** @brief Key of a value the guest reads (HVABI_NS_GUEST_READ), by its ONE_REG-form id. */
static inline struct hvabi_key hvabi_key_guest_read(uint64_t reg_id)
{
	struct hvabi_key k = { HVABI_NS_GUEST_READ, 0, 0, reg_id };
	return k;
}

/** @brief Key of an SMCCC call the VMM answers (HVABI_NS_SMCCC), by its function ID. */
static inline struct hvabi_key hvabi_key_smccc(uint32_t function_id)
{
	struct hvabi_key k = { HVABI_NS_SMCCC, 0, 0, function_id };
	return k;
}

/** @brief Key of a KVM capability (KVM_CHECK_EXTENSION). */
static inline struct hvabi_key hvabi_key_cap(uint32_t cap)
{
	struct hvabi_key k = { HVABI_NS_CAP, 0, 0, cap };
	return k;
}

/**
 * @brief Compare two keys in set order.
 * @return <0, 0 or >0 as @p a sorts before, equal to or after @p b.
 */
int hvabi_key_compare(const struct hvabi_key *a, const struct hvabi_key *b);

/**
 * @brief Write the canonical text of a key: "reg:0x6030000000140000",
 * "attr:vm:0x0:0x0", "cpuid:0x7:0x0:ebx", "hvcpuid:0x40000003:0x0:eax",
 * "msr:0x10a", "cap:230", "vcpu:2", "guest:0x603000000013c000",
 * "smccc:0xc6000041".
 * @param buf the buffer, or NULL (with *len 0) to ask for the size
 * @param len in: size of @p buf; out: the text's length without its NUL,
 *        written or not (the library's one buffer rule)
 * @return 0, -EINVAL (NULL @p key or @p len, unknown namespace or bad
 *         target/register) or -ERANGE (too small or NULL; the buffer holds
 *         an empty string when it has room for one).
 */
int hvabi_key_to_string(const struct hvabi_key *key, char *buf, size_t *len);

/**
 * @brief Parse a key from its canonical text or from its catalogue name
 * for @p arch (e.g. "VENDOR_HYP_BMAP_2", "ID_AA64PFR0_EL1").
 * @return 0, or -EINVAL (NULL argument, or text that is neither).
 */
int hvabi_key_from_string(enum hvabi_arch arch, const char *text, struct hvabi_key *ret);

/** @brief Entry flag: @c max holds the host's maximum or supported mask. */
#define HVABI_ENTRY_HAS_MAX 0x0001u
/** @brief Entry flag: @c mask holds the host's writable mask. */
#define HVABI_ENTRY_HAS_MASK 0x0002u
/** @brief Entry flag: @c min holds the lowest value the host accepts. */
#define HVABI_ENTRY_HAS_MIN 0x0004u
/** @brief Every entry flag this version knows. */
#define HVABI_ENTRY_FLAGS_ALL 0x0007u

/** @brief The widest value an entry holds, in bytes (ONE_REG's U2048). */
#define HVABI_VALUE_MAX_BYTES 256u
/** @brief The most ranges a RANGESET entry holds. */
#define HVABI_RANGES_MAX 1024u

/** @brief SMCCC filter actions (struct hvabi_range, field action). */
enum hvabi_range_action {
	HVABI_RANGE_HANDLE = 0,      /**< KVM handles the call */
	HVABI_RANGE_DENY = 1,        /**< the guest gets NOT_SUPPORTED */
	HVABI_RANGE_FWD_TO_USER = 2, /**< the VMM handles the call */
};

/** @brief One SMCCC filter range: functions [base, base + count). */
struct hvabi_range {
	uint32_t base;  /**< first SMCCC function id */
	uint32_t count; /**< number of function ids, > 0 */
	uint8_t action; /**< enum hvabi_range_action */
	uint8_t reserved[7]; /**< must be zero */
};

/**
 * @brief One entry, copied in and out of a feature set.
 *
 * Values of up to 8 bytes live in @c value (and @c max, @c mask, @c min
 * where the flags say so). Wider values (width 16..256, always EXACT) live
 * in @c wide, little-endian. Pointers handed out by a set stay valid until
 * the set is next modified or freed. A value type, not a record: callers
 * build and copy entries, so its size is fixed for the soname; it grows
 * only into its reserved fields, which a caller zeroes (hvabi_entry_init()
 * does) and the library refuses when they are not.
 */
struct hvabi_entry {
	struct hvabi_key key;
	uint8_t kind;      /**< enum hvabi_kind */
	uint8_t scope;     /**< enum hvabi_scope */
	uint16_t flags;    /**< HVABI_ENTRY_* */
	uint16_t width;    /**< value width in bytes: 1, 2, 4, ..., 256 */
	uint16_t nranges;  /**< RANGESET: number of @c ranges */
	uint32_t reserved; /**< must be zero */
	uint64_t value;    /**< current value: the host default, or the VM's pinned value */
	uint64_t max;      /**< host maximum / supported mask / level (HAS_MAX) */
	uint64_t mask;     /**< writable mask (HAS_MASK) */
	uint64_t min;      /**< lowest accepted value (HAS_MIN) */
	const uint8_t *wide;              /**< width > 8: the value's bytes */
	const struct hvabi_range *ranges; /**< RANGESET: the ranges */
	uint64_t reserved2[2]; /**< must be zero: room for the entry to grow */
};

/** @brief An opaque, single-owner feature set. */
struct hvabi_featureset;

/**
 * @brief Create an empty feature set.
 * @param arch the architecture; not HVABI_ARCH_NONE
 * @param[out] ret the new set, to be freed with hvabi_featureset_free()
 * @return 0, -EINVAL (bad arch or NULL @p ret) or -ENOMEM.
 */
int hvabi_featureset_new(enum hvabi_arch arch, struct hvabi_featureset **ret);

/** @brief Free a feature set. NULL is a no-op. */
void hvabi_featureset_free(struct hvabi_featureset *fs);

/**
 * @brief Deep-copy a feature set.
 * @return 0, -EINVAL (NULL argument) or -ENOMEM.
 */
int hvabi_featureset_copy(const struct hvabi_featureset *fs,
			  struct hvabi_featureset **ret);

/** @brief The set's architecture (HVABI_ARCH_NONE for NULL). */
enum hvabi_arch hvabi_featureset_get_arch(const struct hvabi_featureset *fs);

/** @brief The kernel release the set was taken from ("" when unknown, NULL for NULL). */
const char *hvabi_featureset_get_kernel_release(const struct hvabi_featureset *fs);

/**
 * @brief Record the kernel release (uname -r) the set describes.
 * @param release printable ASCII, at most 64 bytes; NULL or "" clears it
 * @return 0, or -EINVAL (NULL @p fs, too long, or a non-printable byte).
 */
int hvabi_featureset_set_kernel_release(struct hvabi_featureset *fs,
					const char *release);

/** @brief Where the set came from (HVABI_ORIGIN_NONE for NULL). */
enum hvabi_origin hvabi_featureset_get_origin(const struct hvabi_featureset *fs);

/**
 * @brief Record where the set came from.
 * @return 0, or -EINVAL (NULL @p fs or unknown origin).
 */
int hvabi_featureset_set_origin(struct hvabi_featureset *fs,
				enum hvabi_origin origin);

/** @brief Number of entries (0 for NULL). */
size_t hvabi_featureset_count(const struct hvabi_featureset *fs);

/**
 * @brief Read the entry at position @p index (entries are in key order).
 * @return 0, -EINVAL (NULL argument) or -ENOENT (index out of range).
 */
int hvabi_featureset_get_entry(const struct hvabi_featureset *fs, size_t index,
			       struct hvabi_entry *ret);

/**
 * @brief Find the entry with key @p key.
 * @param[out] ret may be NULL to test for presence only
 * @return 0, -EINVAL (NULL @p fs or @p key) or -ENOENT (no such entry).
 */
int hvabi_featureset_find(const struct hvabi_featureset *fs,
			  const struct hvabi_key *key, struct hvabi_entry *ret);

/**
 * @brief Insert or replace an entry (the set copies what @p e points to).
 *
 * The entry must be self-consistent: a known namespace, kind and scope;
 * a power-of-two width from 1 to 256 bytes; values, max, mask and min fit
 * the width; wide values only for width > 8 and only of kind EXACT (or
 * IMPLSET: see hvabi_featureset_set_impls() for its form); ranges
 * only for kind RANGESET, each with count > 0, no overflow past 2^32, an
 * action below 3, zero reserved bytes, sorted and not overlapping;
 * unknown flag bits and reserved fields zero.
 * @return 0, -EINVAL (inconsistent entry or NULL argument) or -ENOMEM.
 */
int hvabi_featureset_put(struct hvabi_featureset *fs, const struct hvabi_entry *e);

/**
 * @brief Set the value of an entry, creating it from the catalogue if absent.
 *
 * A new entry gets the catalogue's kind, scope and width for the set's
 * architecture (EXACT, per-vCPU and the register's own size when unknown).
 * @return 0, -EINVAL (NULL argument, value wider than the entry, or a wide
 *         or RANGESET entry) or -ENOMEM.
 */
int hvabi_featureset_set_value(struct hvabi_featureset *fs,
			       const struct hvabi_key *key, uint64_t value);

/**
 * @brief Remove the entry with key @p key.
 * @return 0, -EINVAL (NULL argument) or -ENOENT (no such entry).
 */
int hvabi_featureset_remove(struct hvabi_featureset *fs, const struct hvabi_key *key);

/**
 * @brief Whether two sets hold the same arch and entries (metadata aside).
 * @return 1 if equal, 0 if not, -EINVAL if either is NULL.
 */
int hvabi_featureset_equal(const struct hvabi_featureset *a,
			   const struct hvabi_featureset *b);

/**
 * @brief One arm64 CPU implementation, as the DISCOVER_IMPL_CPUS hypercall
 * tells it to a guest (Documentation/virt/kvm/arm/hypercalls.rst, Linux
 * 6.15+): the guest applies the errata workarounds of every implementation
 * in its list, whatever CPU it runs on.
 */
struct hvabi_impl {
	uint64_t midr;   /**< MIDR_EL1; bits 63:32 zero (KVM's writable mask) */
	uint64_t revidr; /**< REVIDR_EL1 (errata fixed in this revision); 0 if unknown */
	uint64_t aidr;   /**< AIDR_EL1; 0 if unknown */
};

/**
 * @brief The most implementations a list holds. The kernel sets no bound;
 * the list lives in an entry's wide value (24 bytes each), which holds at
 * most HVABI_VALUE_MAX_BYTES.
 */
#define HVABI_IMPLS_MAX 10u

/** @brief The function ID that keys the implementation list: DISCOVER_IMPL_CPUS. */
#define HVABI_SMCCC_KVM_DISCOVER_IMPL_CPUS 0xc6000041u
/** @brief DISCOVER_IMPL_VER: the list's version (1.0) and length. */
#define HVABI_SMCCC_KVM_DISCOVER_IMPL_VER 0xc6000040u

/**
 * @brief The CPU implementations of an arm64 set: its TARGET_IMPLS entry
 * (key hvabi_key_smccc(HVABI_SMCCC_KVM_DISCOVER_IMPL_CPUS)) or, for a set
 * without one (a profile of a kernel before 6.15, an import), the one
 * triple of its MIDR_EL1, REVIDR_EL1 and AIDR_EL1 entries (a missing
 * REVIDR or AIDR counts as 0, which claims no erratum fixed). The list is
 * in ascending (midr, revidr, aidr) order: index i is what
 * DISCOVER_IMPL_CPUS(i) answers.
 * @param buf the buffer, or NULL (with *n 0) to ask for the count
 * @param n in: room in @p buf (entries); out: the list's length, written
 *        or not (the library's one buffer rule)
 * @return 0, -EINVAL (NULL @p fs or @p n, or a set that is not arm64),
 *         -ENOENT (neither the entry nor MIDR_EL1: the set does not say)
 *         or -ERANGE (@p buf too small or NULL).
 */
int hvabi_featureset_get_impls(const struct hvabi_featureset *fs, struct hvabi_impl *buf,
			       size_t *n);

/**
 * @brief Write the implementation list of an arm64 set (its TARGET_IMPLS
 * entry), sorted and without duplicates; the order of @p impls does not
 * matter. The entry's value is the list as little-endian (midr, revidr,
 * aidr) words, 24 bytes each, in @c wide; its width is 24 times the count.
 * @param n 1 to HVABI_IMPLS_MAX
 * @return 0, -EINVAL (NULL argument, not arm64, @p n 0 or above
 *         HVABI_IMPLS_MAX, or a MIDR wider than 32 bits) or -ENOMEM.
 */
int hvabi_featureset_set_impls(struct hvabi_featureset *fs, const struct hvabi_impl *impls,
			       size_t n);

/**
 * @brief Pin member @p index of the set's implementation list as the
 * MIDR_EL1, REVIDR_EL1 and AIDR_EL1 its guest reads (written whole: a
 * REVIDR means something only with its MIDR), and as what its guest reads
 * where the set says that (guest.MIDR_EL1 ...). hvabi_baseline() pins the
 * lowest; a destination other than that CPU needs
 * KVM_CAP_ARM_WRITABLE_IMP_ID_REGS (hvabi_vm_prepare()).
 * @return 0, -EINVAL (NULL @p fs, not arm64), -ENOENT (no list, or
 *         @p index past its end) or -ENOMEM.
 */
int hvabi_impl_pin(struct hvabi_featureset *fs, size_t index);

/**
 * @brief Fill @p e with the catalogue's description of @p key: kind, scope
 * and width, all values 0 and no flags. Unknown keys get EXACT, the width
 * the key implies (ONE_REG size field, 4 for CPUID, else 8) and per-vCPU
 * scope, except arm64 firmware and feature-ID registers and VM attributes,
 * which are per VM.
 * @return 1 if the catalogue knows the key, 0 if not, -EINVAL on NULL.
 */
int hvabi_entry_init(struct hvabi_entry *e, enum hvabi_arch arch,
		     const struct hvabi_key *key);

/** @brief Canonical lower-case name of an architecture ("arm64", ...), or NULL. */
const char *hvabi_arch_name(enum hvabi_arch arch);
/** @brief Canonical lower-case name of a kind ("bitmap", ...), or NULL. */
const char *hvabi_kind_name(enum hvabi_kind kind);
/** @brief Canonical lower-case name of an origin ("probed", ...), or NULL. */
const char *hvabi_origin_name(enum hvabi_origin origin);

#ifdef __cplusplus
}
#endif

#endif /* LIBHVABI_FEATURESET_H */
