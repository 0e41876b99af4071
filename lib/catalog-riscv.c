/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * riscv64 catalogue: SBI and ISA extension registers (single subtype).
 * Sources: arch/riscv/include/uapi/asm/kvm.h, arch/riscv/kvm/vcpu_onereg.c,
 * arch/riscv/kvm/vcpu_sbi.c. Rows must stay sorted by key.
 */

#include "catalog-internal.h"
#include "kvm-uapi.h"

#define KV HVABI_KERNEL_VERSION

#define EXT(reg, nm, sum, ver)                                               \
	{ .key = { HVABI_NS_ONE_REG, 0, 0, reg }, .name = nm, .summary = sum,   \
	  .kind = HVABI_KIND_BITMAP, .scope = HVABI_SCOPE_VCPU, .width = 8,    \
	  .since = ver }

static const struct hvabi_cat_entry rows[] = {
	EXT(HVABI_RISCV_ISA_EXT_REG(0), "ISA_EXT_A", "atomic instructions", KV(5, 18)),
	EXT(HVABI_RISCV_SBI_EXT_REG(0), "SBI_EXT_V01", "legacy SBI v0.1 calls", KV(6, 4)),
};

const struct hvabi_cat_table hvabi_cat_riscv64 = {
	.arch = HVABI_ARCH_RISCV64,
	.rows = rows,
	.n = HVABI_ARRAY_SIZE(rows),
};
