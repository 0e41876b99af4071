/* SPDX-License-Identifier: LGPL-2.1-or-later */
/**
 * @file catalog.h
 * @brief What each known entry is: name, kind, scope, history, bit names.
 *
 * The catalogue is compiled into the library, one table per architecture,
 * so an x86 build machine can name and judge arm64 and riscv entries.
 * Entries the catalogue does not know are still kept by every operation;
 * they are treated as EXACT.
 */
#ifndef LIBHVABI_CATALOG_H
#define LIBHVABI_CATALOG_H

#include <stddef.h>
#include <stdint.h>

#include <libhvabi/featureset.h>

#ifdef __cplusplus
extern "C" {
#endif

/** @brief Encode a kernel version for comparison: 6.12 -> 0x060c00. */
#define HVABI_KERNEL_VERSION(major, minor) \
	((uint32_t)(((uint32_t)(major) << 16) | ((uint32_t)(minor) << 8)))

/** @brief Catalogue flag: a kernel lacking the entry implies @c implied. */
#define HVABI_CATALOG_HAS_IMPLIED 0x1u
/**
 * @brief Catalogue flag: a host fact or per-vCPU identity (capabilities,
 * MPIDR_EL1, microcode revision), never written by apply.
 */
#define HVABI_CATALOG_READ_ONLY 0x2u
/**
 * @brief Catalogue flag: the value a kernel lacking the entry implies
 * depends on the host (e.g. TRNG needs host firmware); @c implied is the
 * usual value and reports say it was assumed.
 */
#define HVABI_CATALOG_IMPLIED_HOST_DEPENDENT 0x4u
/**
 * @brief Catalogue flag: a kernel lacking the entry behaves as whatever
 * the others have, because the guest cannot reach it there (a CCSIDR of a
 * cache level the pinned CLIDR_EL1 does not describe reads UNKNOWN).
 */
#define HVABI_CATALOG_IMPLIED_ANY 0x8u

/**
 * @brief What the catalogue says about one entry; a record (read it with
 * its size: hvabi_catalog_lookup(arch, key, &info, sizeof(info))).
 */
struct hvabi_catalog_info {
	const char *name;    /**< symbolic name, e.g. "PSCI_VERSION" */
	const char *summary; /**< one line for reports */
	uint8_t kind;        /**< enum hvabi_kind */
	uint8_t scope;       /**< enum hvabi_scope */
	uint16_t width;      /**< value width in bytes */
	uint32_t since;      /**< first mainline kernel with it (HVABI_KERNEL_VERSION), 0 if older than we track */
	uint32_t flags;      /**< HVABI_CATALOG_* */
	uint64_t implied;    /**< value a kernel without the entry behaves as (HAS_IMPLIED) */
	uint64_t off;        /**< the value that offers the guest nothing */
};

/**
 * @brief Look up @p key in the catalogue of @p arch.
 * @param ret_sz sizeof(*ret) as the caller knows it
 * @return 0, -EINVAL (NULL argument, bad arch, @p ret_sz smaller than the
 *         first release's record) or -ENOENT (not catalogued).
 */
int hvabi_catalog_lookup(enum hvabi_arch arch, const struct hvabi_key *key,
			 struct hvabi_catalog_info *ret, size_t ret_sz);

/**
 * @brief Why @p key is vCPU state a VMM migrates itself (core registers,
 * timers, the system registers a guest writes, x86's saved MSRs), not
 * guest ABI: the reason, or NULL for an entry of the ABI or one nobody
 * has classified (hvabi_check() warns about those, naming them).
 * @return a static string, or NULL (also for a NULL @p key).
 */
const char *hvabi_catalog_state_reason(enum hvabi_arch arch, const struct hvabi_key *key);

/** @brief Number of catalogue entries for @p arch (0 for a bad arch). */
size_t hvabi_catalog_count(enum hvabi_arch arch);

/**
 * @brief The catalogue entry at @p index, in key order.
 * @param[out] key may be NULL
 * @param[out] info may be NULL
 * @param info_sz sizeof(*info) as the caller knows it (ignored when @p info is NULL)
 * @return 0, -EINVAL (bad arch, @p info_sz too small) or -ENOENT (index
 *         out of range).
 */
int hvabi_catalog_get(enum hvabi_arch arch, size_t index, struct hvabi_key *key,
		      struct hvabi_catalog_info *info, size_t info_sz);

/**
 * @brief Name of bit @p bit of a catalogued entry (e.g. "PTP" for bit 1 of
 * VENDOR_HYP_BMAP; "FP" for bits 19:16 of ID_AA64PFR0_EL1, which is field
 * 4, given as @p bit 16).
 * @return the name, or NULL when the catalogue does not name that bit.
 */
const char *hvabi_catalog_bit_name(enum hvabi_arch arch, const struct hvabi_key *key,
				   unsigned int bit);

/**
 * @brief QEMU's name of bit @p bit of a catalogued x86 entry, as its
 * `-cpu` option takes it ("ibpb" for bit 12 of CPUID 0x80000008.EBX,
 * "invtsc" for bit 8 of 0x80000007.EDX, "rsba" for bit 2 of
 * MSR_IA32_ARCH_CAPABILITIES; QEMU 10.2's target/i386/cpu.c).
 * @return the name, or NULL when QEMU has none for that bit (or the key,
 *         arch or bit is not catalogued).
 */
const char *hvabi_catalog_bit_alias(enum hvabi_arch arch, const struct hvabi_key *key,
				    unsigned int bit);

/**
 * @brief The values a kernel release accepts for a VERSION entry, from the
 * catalogue's history (used where a profile carries no accepted range, e.g.
 * an imported one).
 * @param release a kernel release string such as "6.1.0-31-arm64"
 * @return 0, -EINVAL (NULL argument, unparsable release) or -ENOENT (not a
 *         VERSION entry with a known history).
 */
int hvabi_catalog_accepted_range(enum hvabi_arch arch, const struct hvabi_key *key,
				 const char *release, uint64_t *min, uint64_t *max);

/**
 * @brief An arm64 MIDR_EL1 in words, as reports and `hvabi show` print
 * it: "Neoverse V1 r1p1", "QEMU max r0p0", or "implementer 0x51 part
 * 0x800 r0p0" for a part the catalogue does not name (names from Linux's
 * arch/arm64/include/asm/cputype.h).
 * @param buf the buffer, or NULL (with *len 0) to ask for the size
 * @param len in: size of @p buf; out: the text's length without its NUL,
 *        written or not (the library's one buffer rule)
 * @return 0, -EINVAL (NULL @p len, or NULL @p buf with *len not 0) or
 *         -ERANGE (too small; the buffer holds an empty string when it
 *         has room for one).
 */
int hvabi_catalog_cpu_name(uint64_t midr, char *buf, size_t *len);

/**
 * @brief Parse the major and minor numbers of a kernel release.
 * @return HVABI_KERNEL_VERSION(major, minor), or 0 if @p release is not
 *         of the form "<major>.<minor>[...]".
 */
uint32_t hvabi_kernel_version_parse(const char *release);

#ifdef __cplusplus
}
#endif

#endif /* LIBHVABI_CATALOG_H */
