/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * arm64 catalogue. Sources: arch/arm64/include/uapi/asm/kvm.h (ids, bits),
 * arch/arm64/kvm/hypercalls.c (firmware register rules),
 * include/kvm/arm_psci.h (PSCI versions), arch/arm64/kernel/cpufeature.c
 * and arch/arm64/kvm/sys_regs.c (ID register fields and FTR rules).
 * Rows must stay sorted by key.
 */

#include "catalog-internal.h"
#include "kvm-uapi.h"

#define KV HVABI_KERNEL_VERSION

/* ---- firmware pseudo-registers ---- */

static const uint64_t psci_versions[] = {
	HVABI_PSCI_VERSION(0, 2), HVABI_PSCI_VERSION(1, 0), HVABI_PSCI_VERSION(1, 1),
	HVABI_PSCI_VERSION(1, 2), HVABI_PSCI_VERSION(1, 3),
};

/* What SET_ONE_REG accepts for a vCPU with KVM_ARM_VCPU_PSCI_0_2, by kernel. */
static const struct hvabi_version_era psci_eras[] = {
	{ KV(4, 16), HVABI_PSCI_VERSION(0, 2), HVABI_PSCI_VERSION(1, 0), HVABI_PSCI_VERSION(1, 0) },
	{ KV(5, 18), HVABI_PSCI_VERSION(0, 2), HVABI_PSCI_VERSION(1, 1), HVABI_PSCI_VERSION(1, 1) },
	{ KV(6, 13), HVABI_PSCI_VERSION(0, 2), HVABI_PSCI_VERSION(1, 3), HVABI_PSCI_VERSION(1, 3) },
};

/* WA1/WA3: NOT_AVAIL 0 < AVAIL 1 < NOT_REQUIRED 2. */
static const uint8_t wa13_rank[16] = {
	0, 1, 2, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
};
/* WA2: the kernel folds NOT_AVAIL/UNKNOWN to NOT_AVAIL, AVAIL/NOT_REQUIRED to NOT_REQUIRED. */
static const uint8_t wa2_rank[16] = {
	0, 0, 1, 1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
};

static const char *const std_bits[] = { "TRNG_V1_0" };
static const char *const std_hyp_bits[] = { "PV_TIME" };
static const char *const vendor_hyp_bits[] = { "FUNC_FEAT", "PTP" };
static const char *const vendor_hyp_2_bits[] = { "DISCOVER_IMPL_VER", "DISCOVER_IMPL_CPUS" };

#define FW_COMMON .scope = HVABI_SCOPE_VM, .width = 8

/* ---- ID registers ---- */

#define F(sh, ty, sg, sf, nm) { sh, HVABI_FTR_##ty, sg, sf, nm }

static const struct hvabi_ftr_field id_aa64pfr0_fields[] = {
	F(0, LOWER_SAFE, 0, 0, "EL0"),
	F(4, LOWER_SAFE, 0, 0, "EL1"),
	F(8, LOWER_SAFE, 0, 0, "EL2"),
	F(12, LOWER_SAFE, 0, 0, "EL3"),
	F(16, LOWER_SAFE, 1, 0xf, "FP"),
	F(20, LOWER_SAFE, 1, 0xf, "AdvSIMD"),
	F(24, EXACT, 0, 0, "GIC"),
	F(28, LOWER_SAFE, 0, 0, "RAS"),
	F(32, LOWER_SAFE, 0, 0, "SVE"),
	F(36, LOWER_SAFE, 0, 0, "SEL2"),
	F(40, EXACT, 0, 0, "MPAM"),
	F(44, LOWER_SAFE, 0, 0, "AMU"),
	F(48, LOWER_SAFE, 0, 0, "DIT"),
	F(52, LOWER_SAFE, 0, 0, "RME"),
	F(56, LOWER_SAFE, 0, 0, "CSV2"),
	F(60, LOWER_SAFE, 0, 0, "CSV3"),
};

#define IDREG(op1, crn, crm, op2, nm, flds, sum)                                     \
	{ .key = { HVABI_NS_ONE_REG, 0, 0, HVABI_ARM64_SYS_REG(3, op1, crn, crm, op2) }, \
	  .name = nm, .summary = sum, .kind = HVABI_KIND_IDFIELDS,                       \
	  .scope = HVABI_SCOPE_VM, .width = 8, .fields = flds,                           \
	  .nfields = HVABI_ARRAY_SIZE(flds) }

static const struct hvabi_cat_entry rows[] = {
	/* ONE_REG sysregs (coproc 0x13) sort before FW (0x14) and FW_FEAT_BMAP (0x16). */
	IDREG(0, 0, 4, 0, "ID_AA64PFR0_EL1", id_aa64pfr0_fields,
	      "AArch64 processor features 0 (exception levels, FP, SIMD, GIC, SVE, CSV2/3)"),
	{
		.key = { HVABI_NS_ONE_REG, 0, 0, HVABI_KVM_REG_ARM_PSCI_VERSION },
		.name = "PSCI_VERSION",
		.summary = "PSCI version the guest sees ((major << 16) | minor)",
		.kind = HVABI_KIND_VERSION, FW_COMMON,
		.since = KV(4, 16),
		.versions = psci_versions, .nversions = HVABI_ARRAY_SIZE(psci_versions),
		.eras = psci_eras, .neras = HVABI_ARRAY_SIZE(psci_eras),
		.off = HVABI_PSCI_VERSION(0, 2),
	},
	{
		.key = { HVABI_NS_ONE_REG, 0, 0, HVABI_KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1 },
		.name = "SMCCC_ARCH_WORKAROUND_1",
		.summary = "Spectre-v2 mitigation state (NOT_AVAIL 0, AVAIL 1, NOT_REQUIRED 2)",
		.kind = HVABI_KIND_LEVEL, FW_COMMON,
		.since = KV(5, 3),
		.level_rank = wa13_rank,
	},
	{
		.key = { HVABI_NS_ONE_REG, 0, 0, HVABI_KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2 },
		.name = "SMCCC_ARCH_WORKAROUND_2",
		.summary = "Spectre-v4 (SSB) mitigation state (NOT_AVAIL 0, NOT_REQUIRED 3)",
		.kind = HVABI_KIND_LEVEL, FW_COMMON,
		.since = KV(5, 3),
		.level_rank = wa2_rank,
	},
	{
		.key = { HVABI_NS_ONE_REG, 0, 0, HVABI_KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3 },
		.name = "SMCCC_ARCH_WORKAROUND_3",
		.summary = "Spectre-BHB mitigation state (NOT_AVAIL 0, AVAIL 1, NOT_REQUIRED 2)",
		.kind = HVABI_KIND_LEVEL, FW_COMMON,
		.since = KV(5, 17),
		.flags = HVABI_CATALOG_HAS_IMPLIED,
		.implied = HVABI_WA3_NOT_AVAIL,
		.level_rank = wa13_rank,
	},
	{
		.key = { HVABI_NS_ONE_REG, 0, 0, HVABI_KVM_REG_ARM_STD_BMAP },
		.name = "STD_BMAP",
		.summary = "Arm standard services the guest may call (TRNG)",
		.kind = HVABI_KIND_BITMAP, FW_COMMON,
		.since = KV(5, 19),
		.flags = HVABI_CATALOG_HAS_IMPLIED | HVABI_CATALOG_IMPLIED_HOST_DEPENDENT,
		.implied = 0x1,
		.bits = std_bits, .nbits = HVABI_ARRAY_SIZE(std_bits),
	},
	{
		.key = { HVABI_NS_ONE_REG, 0, 0, HVABI_KVM_REG_ARM_STD_HYP_BMAP },
		.name = "STD_HYP_BMAP",
		.summary = "Arm standard hypervisor services the guest may call (PV time)",
		.kind = HVABI_KIND_BITMAP, FW_COMMON,
		.since = KV(5, 19),
		.flags = HVABI_CATALOG_HAS_IMPLIED,
		.implied = 0x1,
		.bits = std_hyp_bits, .nbits = HVABI_ARRAY_SIZE(std_hyp_bits),
	},
	{
		.key = { HVABI_NS_ONE_REG, 0, 0, HVABI_KVM_REG_ARM_VENDOR_HYP_BMAP },
		.name = "VENDOR_HYP_BMAP",
		.summary = "KVM vendor hypervisor services 0-63 the guest may call",
		.kind = HVABI_KIND_BITMAP, FW_COMMON,
		.since = KV(5, 19),
		.flags = HVABI_CATALOG_HAS_IMPLIED | HVABI_CATALOG_IMPLIED_HOST_DEPENDENT,
		.implied = 0x3,
		.bits = vendor_hyp_bits, .nbits = HVABI_ARRAY_SIZE(vendor_hyp_bits),
	},
	{
		.key = { HVABI_NS_ONE_REG, 0, 0, HVABI_KVM_REG_ARM_VENDOR_HYP_BMAP_2 },
		.name = "VENDOR_HYP_BMAP_2",
		.summary = "KVM vendor hypervisor services 64-127 (DISCOVER_IMPL, VMM-served)",
		.kind = HVABI_KIND_BITMAP, FW_COMMON,
		.since = KV(6, 15),
		.flags = HVABI_CATALOG_HAS_IMPLIED,
		.implied = 0,
		.bits = vendor_hyp_2_bits, .nbits = HVABI_ARRAY_SIZE(vendor_hyp_2_bits),
	},
	/* Device attributes. */
	{
		.key = { HVABI_NS_ATTR, HVABI_ATTR_VM, HVABI_KVM_ARM_VM_SMCCC_CTRL,
			 HVABI_KVM_ARM_VM_SMCCC_FILTER },
		.name = "SMCCC_FILTER",
		.summary = "SMCCC calls the VMM filters (VMM state; KVM never migrates it)",
		.kind = HVABI_KIND_RANGESET, .scope = HVABI_SCOPE_VM, .width = 8,
		.since = KV(6, 4),
		.flags = HVABI_CATALOG_HAS_IMPLIED,
		.implied = 0,
	},
};

const struct hvabi_cat_table hvabi_cat_arm64 = {
	.arch = HVABI_ARCH_ARM64,
	.rows = rows,
	.n = HVABI_ARRAY_SIZE(rows),
};
