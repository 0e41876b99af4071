/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * arm64's implementation list (impls.c): what negotiate.c and apply need
 * of it beyond the public calls.
 */
#ifndef HVABI_IMPLS_H
#define HVABI_IMPLS_H

#include <stdbool.h>

#include "internal.h"
#include "kvm-uapi.h"

#define HVABI_IMPLS_MIDR_ID HVABI_ARM64_SYS_REG(3, 0, 0, 0, 0)
#define HVABI_IMPLS_REVIDR_ID HVABI_ARM64_SYS_REG(3, 0, 0, 0, 6)
#define HVABI_IMPLS_AIDR_ID HVABI_ARM64_SYS_REG(3, 1, 0, 0, 7)
/* VENDOR_HYP_BMAP_2: DISCOVER_IMPL_VER (bit 0) and _CPUS (bit 1) */
#define HVABI_IMPLS_BMAP_2_BITS 0x3ull
/* VENDOR_HYP_BMAP bit 0: KVM_FEATURES and CALL_UID, without which the guest asks nothing */
#define HVABI_IMPLS_BMAP_FUNC_FEAT 0x1ull
/* KVM_CAP_ARM_WRITABLE_IMP_ID_REGS */
#define HVABI_IMPLS_CAP 239u

/* The set's TARGET_IMPLS entry, or NULL. */
const struct hvabi_entry *hvabi_impls_entry(const struct hvabi_featureset *fs);

/*
 * The set's implementations into @buf (room for HVABI_IMPLS_MAX): its
 * list, else the triple its MIDR/REVIDR/AIDR pin (a profile before
 * 6.15); 0 when it says neither.
 */
size_t hvabi_impls_of(const struct hvabi_featureset *fs, struct hvabi_impl *buf);

/* The triple the set's MIDR/REVIDR/AIDR pin (absent ones 0); false without MIDR_EL1. */
bool hvabi_impls_pinned(const struct hvabi_featureset *fs, struct hvabi_impl *ret);

/* Whether @x is one of the @n members of @list. */
bool hvabi_impls_has(const struct hvabi_impl *list, size_t n, const struct hvabi_impl *x);

/* Whether the set tells its guest its list: a TARGET_IMPLS entry and VENDOR_HYP_BMAP_2 bits 0-1. */
bool hvabi_impls_served(const struct hvabi_featureset *fs);

/* Write the list @impls (any order, repeats folded) as the set's entry. -EINVAL, -ENOMEM. */
int hvabi_impls_put(struct hvabi_featureset *fs, const struct hvabi_impl *impls, size_t n);

/* MIDR_EL1, REVIDR_EL1, AIDR_EL1: the registers of a triple, in its order. */
extern const uint64_t hvabi_impls_reg_ids[3];

/*
 * Write @pin into those of the set's MIDR_EL1, REVIDR_EL1 and AIDR_EL1
 * whose bit (1 << index in hvabi_impls_reg_ids) @which has (an entry that
 * takes no value made anew from the catalogue), and into what the set says
 * its guest reads of them.
 */
int hvabi_impls_write_pin(struct hvabi_featureset *fs, const struct hvabi_impl *pin,
			  unsigned int which);

/*
 * "Neoverse V1 r1p1", "QEMU max r0p0" or "implementer 0x51 part 0x800
 * r0p0": a MIDR in words (arch/arm64/include/asm/cputype.h's names),
 * snprintf-style.
 */
int hvabi_impls_cpu_name(uint64_t midr, char *buf, size_t len);

#endif /* HVABI_IMPLS_H */
