/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The simulated kernels: one const table per model. What each model
 * answers is the kernel's; the host it runs on is a real machine's:
 *
 * - arm64: an AWS Graviton3 (Neoverse V1, MIDR 0x411fd401). ID register
 *   values are KVM's guest view from the Firecracker fingerprints in
 *   shared/data/firecracker-fingerprints (reg_modifiers of
 *   fingerprint_ARM_NEOVERSE_V1_{5.10,6.1,6.18}host.json, sysreg ids
 *   0x603000000013c000..): 5.10 from the 5.10 dump, 6.1 from the 6.1 dump,
 *   7.2 from the 6.18 dump, 6.12 from the 6.18 dump except ID_AA64PFR0
 *   (MPAM) and ID_AA64MMFR2 (NV), which KVM only hid in 6.14 and which the
 *   6.1 dump shows. Workaround levels are the dumps' (WA1 NOT_REQUIRED,
 *   WA2 NOT_AVAIL since SSBS is exposed, WA3 AVAIL). The values are those
 *   of a vCPU with KVM_ARM_VCPU_PSCI_0_2 only (no SVE, PMU or pointer
 *   authentication), which is how Firecracker creates its vCPUs.
 * - x86: an AMD EPYC Milan: the CPUID of
 *   fingerprint_AMD_MILAN_6.1host.json, with leaf 0x40000001 EAX the
 *   KVM_FEATURE_* bits 6.1's __do_cpuid_func() reports.
 * - riscv: a generic RVA22-class host with the H extension and without
 *   Ssaia.
 *
 * Writable ID register masks: arm64-6.12 follows v6.12's sys_reg_descs[]
 * as reconstructed from the 6.7 table and the patches merged up to 6.12;
 * arm64-7.2 follows the sys_regs.c of about 6.15 (the newest full copy
 * read). Both are written field by field below.
 */

#include "sim-internal.h"

#define KV_CAP(c, v) { HVABI_KVM_CAP_##c, v }
#define F4(shift) (0xfull << (shift))
#define IDREG(op1, crn, crm, op2) HVABI_ARM64_SYS_REG(3, op1, crn, crm, op2)
/* A register of the feature ID space (op1 0, CRn 0, CRm 1-7) */
#define IDR(crm, op2, val, mask, rule) \
	{ IDREG(0, 0, crm, op2), val, mask, SIM_IDR_##rule, 0, 0 }
/* ... whose hardware value differs from what KVM shows (see sim_idreg.hw) */
#define IDR_HW(crm, op2, val, mask, rule, hwval) \
	{ IDREG(0, 0, crm, op2), val, mask, SIM_IDR_##rule, 0, hwval }
/* ID_UNALLOCATED() and ID_HIDDEN(): zero, immutable */
#define RAZ(crm, op2) { IDREG(0, 0, crm, op2), 0, 0, SIM_IDR_PLAIN, 1, 0 }
/* Any other register of the space */
#define SYSR(op1, crn, crm, op2, val, mask, rule) \
	{ IDREG(op1, crn, crm, op2), val, mask, SIM_IDR_##rule, 0, 0 }
#define SIG HVABI_KVM_CPUID_FLAG_SIGNIFCANT_INDEX

/* ------------------------------------------------------------- arm64 */

static const uint64_t psci_510[] = { HVABI_PSCI_VERSION(0, 2), HVABI_PSCI_VERSION(1, 0) };
/* KVM_ARM_PSCI_1_1 arrived in 5.18 (include/kvm/arm_psci.h) */
static const uint64_t psci_61[] = {
	HVABI_PSCI_VERSION(0, 2), HVABI_PSCI_VERSION(1, 0), HVABI_PSCI_VERSION(1, 1),
};
/* KVM_ARM_PSCI_1_2 and 1_3 arrived in 6.13; LATEST is 1.3 */
static const uint64_t psci_72[] = {
	HVABI_PSCI_VERSION(0, 2), HVABI_PSCI_VERSION(1, 0), HVABI_PSCI_VERSION(1, 1),
	HVABI_PSCI_VERSION(1, 2), HVABI_PSCI_VERSION(1, 3),
};

/* kvm_arm_fw_reg_ids[] (hypercalls.c; psci.c before 5.18) */
static const uint64_t fw_510[] = {
	HVABI_KVM_REG_ARM_PSCI_VERSION,
	HVABI_KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1,
	HVABI_KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2,
	/* Debian's 5.10.y carries the stable backport of the Spectre-BHB series (2022) */
	HVABI_KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3,
};
static const uint64_t fw_61[] = {
	HVABI_KVM_REG_ARM_PSCI_VERSION,
	HVABI_KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1,
	HVABI_KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2,
	HVABI_KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3,
	HVABI_KVM_REG_ARM_STD_BMAP,
	HVABI_KVM_REG_ARM_STD_HYP_BMAP,
	HVABI_KVM_REG_ARM_VENDOR_HYP_BMAP,
};
static const uint64_t fw_72[] = {
	HVABI_KVM_REG_ARM_PSCI_VERSION,
	HVABI_KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1,
	HVABI_KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2,
	HVABI_KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3,
	HVABI_KVM_REG_ARM_STD_BMAP,
	HVABI_KVM_REG_ARM_STD_HYP_BMAP,
	HVABI_KVM_REG_ARM_VENDOR_HYP_BMAP,
	HVABI_KVM_REG_ARM_VENDOR_HYP_BMAP_2,
};

/*
 * Writable masks (sys_reg_desc.val). Field positions are the Arm ARM's
 * (arch/arm64/tools/sysreg); each mask lists what KVM leaves writable.
 */
/* ID_DFR0_EL1: PerfMon, CopDbg */
#define MASK_ID_DFR0 (F4(24) | F4(0))
/* ID_AA64PFR0_EL1: all but AMU, MPAM, SVE, RAS, GIC, AdvSIMD, FP (6.12) */
#define MASK612_PFR0 (~(F4(44) | F4(40) | F4(32) | F4(28) | F4(24) | F4(20) | F4(16)))
/* ... GIC became writable by 6.15 */
#define MASK72_PFR0 (~(F4(44) | F4(40) | F4(32) | F4(28) | F4(20) | F4(16)))
/* ID_AA64PFR1_EL1: BT, SSBS, CSV2_frac */
#define MASK_PFR1 (F4(32) | F4(4) | F4(0))
/* ID_AA64PFR2_EL1: FPMR */
#define MASK_PFR2 F4(32)
/* ID_AA64ZFR0_EL1: every defined field */
#define MASK_ZFR0 (F4(56) | F4(52) | F4(44) | F4(40) | F4(32) | F4(24) | F4(20) | \
		   F4(16) | F4(4) | F4(0))
/* ID_AA64FPFR0_EL1: F8CVT, F8FMA, F8DP4, F8DP2, F8E4M3, F8E5M2 */
#define MASK_FPFR0 0xf0000003ull
/* ID_AA64DFR0_EL1: PMUVer, DebugVer; 6.14 adds WRPs and DoubleLock */
#define MASK612_DFR0 (F4(8) | F4(0))
#define MASK72_DFR0 (F4(36) | F4(20) | F4(8) | F4(0))
/* ID_AA64ISAR0_EL1: all but RES0 [3:0] */
#define MASK_ISAR0 (~F4(0))
/* ID_AA64ISAR1_EL1: all but GPI, GPA, API, APA */
#define MASK_ISAR1 (~(F4(28) | F4(24) | F4(8) | F4(4)))
/* ID_AA64ISAR2_EL1: all but RES0, APA3, GPA3 */
#define MASK612_ISAR2 (~(F4(60) | F4(56) | F4(44) | F4(12) | F4(8)))
#define MASK72_ISAR2 (~(F4(44) | F4(12) | F4(8)))
/* ID_AA64ISAR3_EL1: FPRCVT, FAMINMAX */
#define MASK_ISAR3 (F4(28) | F4(4))
/* ID_AA64MMFR0_EL1: all but RES0 and TGRAN*_2 (6.12); all but RES0, ASIDBITS (6.15) */
#define MASK612_MMFR0 (~(F4(52) | F4(48) | F4(40) | F4(36) | F4(32)))
#define MASK72_MMFR0 (~(F4(52) | F4(48) | F4(4)))
/* ID_AA64MMFR1_EL1: all but HCX, TWED, XNX, VH, VMIDBits */
#define MASK_MMFR1 (~(F4(40) | F4(32) | F4(28) | F4(8) | F4(4)))
/* ID_AA64MMFR2_EL1: all but RES0, EVT, FWB, IDS, NV, CCIDX */
#define MASK_MMFR2 (~(F4(56) | F4(44) | F4(40) | F4(36) | F4(24) | F4(20)))
/* ID_AA64MMFR3_EL1: TCRX, S1PIE, S1POE */
#define MASK_MMFR3 (F4(16) | F4(8) | F4(0))
/* ID_AA64MMFR4_EL1: NV_frac */
#define MASK_MMFR4 F4(20)
/* CTR_EL0: DIC, IDC, DminLine, IminLine; 6.13 adds L1Ip */
#define MASK612_CTR ((1ull << 29) | (1ull << 28) | F4(16) | F4(0))
#define MASK72_CTR (MASK612_CTR | (3ull << 14))
/* CLIDR_EL1: ~CLIDR_EL1_RES0 (GENMASK(63, 47)) */
#define MASK_CLIDR 0x00007fffffffffffull
/* IMPLEMENTATION_ID(): MIDR GENMASK(31, 0), REVIDR and AIDR all */
#define MASK_MIDR 0xffffffffull
#define MASK_ALL (~0ull)

static const struct sim_idreg idregs_510[] = {
	SYSR(0, 0, 0, 0, 0x411fd401, 0, IMP), /* MIDR_EL1 */
	SYSR(0, 0, 0, 6, 0x1, 0, IMP), /* REVIDR_EL1 */
	IDR(1, 0, 0x1010131, 0, PLAIN), /* ID_PFR0_EL1 */
	IDR(1, 1, 0x30010000, 0, PLAIN), /* ID_PFR1_EL1 */
	IDR(1, 2, 0x4011099, 0, AA32DFR0), /* ID_DFR0_EL1 */
	RAZ(1, 3), /* ID_AFR0_EL1 */
	IDR(1, 4, 0x10201105, 0, PLAIN), /* ID_MMFR0_EL1 */
	IDR(1, 5, 0x40000000, 0, PLAIN), /* ID_MMFR1_EL1 */
	IDR(1, 6, 0x1260000, 0, PLAIN), /* ID_MMFR2_EL1 */
	IDR(1, 7, 0x2122211, 0, PLAIN), /* ID_MMFR3_EL1 */
	IDR(2, 0, 0x2101110, 0, PLAIN), /* ID_ISAR0_EL1 */
	IDR(2, 1, 0x13112111, 0, PLAIN), /* ID_ISAR1_EL1 */
	IDR(2, 2, 0x21232042, 0, PLAIN), /* ID_ISAR2_EL1 */
	IDR(2, 3, 0x1112131, 0, PLAIN), /* ID_ISAR3_EL1 */
	IDR(2, 4, 0x10142, 0, PLAIN), /* ID_ISAR4_EL1 */
	IDR(2, 5, 0x1011121, 0, PLAIN), /* ID_ISAR5_EL1 */
	IDR(2, 6, 0x1021110, 0, PLAIN), /* ID_MMFR4_EL1 */
	IDR(2, 7, 0x1100111, 0, PLAIN), /* ID_ISAR6_EL1 */
	IDR(3, 0, 0x10110222, 0, PLAIN), /* MVFR0_EL1 */
	IDR(3, 1, 0x13211111, 0, PLAIN), /* MVFR1_EL1 */
	IDR(3, 2, 0x43, 0, PLAIN), /* MVFR2_EL1 */
	RAZ(3, 3), /* S3_0_0_3_3 */
	IDR(3, 4, 0x11, 0, PLAIN), /* ID_PFR2_EL1 */
	RAZ(3, 5), /* ID_DFR1_EL1 */
	IDR(3, 6, 0x0, 0, PLAIN), /* ID_MMFR5_EL1 */
	RAZ(3, 7), /* S3_0_0_3_7 */
	IDR(4, 0, 0x1101010023111112, 0, PFR0), /* ID_AA64PFR0_EL1 */
	IDR(4, 1, 0x20, 0, PFR1), /* ID_AA64PFR1_EL1 */
	RAZ(4, 2), /* ID_AA64PFR2_EL1 */
	RAZ(4, 3), /* S3_0_0_4_3 */
	IDR(4, 4, 0x0, 0, PLAIN), /* ID_AA64ZFR0_EL1 */
	RAZ(4, 5), /* ID_AA64SMFR0_EL1 */
	RAZ(4, 6), /* S3_0_0_4_6 */
	RAZ(4, 7), /* ID_AA64FPFR0_EL1 */
	IDR(5, 0, 0xf210305409, 0, DFR0), /* ID_AA64DFR0_EL1 */
	IDR(5, 1, 0x0, 0, PLAIN), /* ID_AA64DFR1_EL1 */
	RAZ(5, 2), /* S3_0_0_5_2 */
	RAZ(5, 3), /* S3_0_0_5_3 */
	RAZ(5, 4), /* ID_AA64AFR0_EL1 */
	RAZ(5, 5), /* ID_AA64AFR1_EL1 */
	RAZ(5, 6), /* S3_0_0_5_6 */
	RAZ(5, 7), /* S3_0_0_5_7 */
	IDR(6, 0, 0x1011111110212120, 0, PLAIN), /* ID_AA64ISAR0_EL1 */
	IDR(6, 1, 0x11100000211002, 0, PLAIN), /* ID_AA64ISAR1_EL1 */
	IDR(6, 2, 0x0, 0, PLAIN), /* ID_AA64ISAR2_EL1 */
	RAZ(6, 3), /* ID_AA64ISAR3_EL1 */
	RAZ(6, 4), /* S3_0_0_6_4 */
	RAZ(6, 5), /* S3_0_0_6_5 */
	RAZ(6, 6), /* S3_0_0_6_6 */
	RAZ(6, 7), /* S3_0_0_6_7 */
	IDR(7, 0, 0x101125, 0, PLAIN), /* ID_AA64MMFR0_EL1 */
	IDR(7, 1, 0x10212122, 0, PLAIN), /* ID_AA64MMFR1_EL1 */
	IDR(7, 2, 0x220011102101011, 0, MMFR2), /* ID_AA64MMFR2_EL1 */
	RAZ(7, 3), /* ID_AA64MMFR3_EL1 */
	RAZ(7, 4), /* ID_AA64MMFR4_EL1 */
	RAZ(7, 5), /* S3_0_0_7_5 */
	RAZ(7, 6), /* S3_0_0_7_6 */
	RAZ(7, 7), /* S3_0_0_7_7 */
	SYSR(1, 0, 0, 1, 0x82000023, 0, CLIDR), /* CLIDR_EL1 */
	SYSR(1, 0, 0, 7, 0x0, 0, IMP), /* AIDR_EL1 */
	SYSR(3, 0, 0, 1, 0xb444c004, 0, CTR), /* CTR_EL0 */
};

static const struct sim_idreg idregs_61[] = {
	SYSR(0, 0, 0, 0, 0x411fd401, 0, IMP), /* MIDR_EL1 */
	SYSR(0, 0, 0, 6, 0x1, 0, IMP), /* REVIDR_EL1 */
	IDR(1, 0, 0x1010131, 0, PLAIN), /* ID_PFR0_EL1 */
	IDR(1, 1, 0x30010000, 0, PLAIN), /* ID_PFR1_EL1 */
	IDR(1, 2, 0x11099, 0, AA32DFR0), /* ID_DFR0_EL1 */
	RAZ(1, 3), /* ID_AFR0_EL1 */
	IDR(1, 4, 0x10201105, 0, PLAIN), /* ID_MMFR0_EL1 */
	IDR(1, 5, 0x40000000, 0, PLAIN), /* ID_MMFR1_EL1 */
	IDR(1, 6, 0x1260000, 0, PLAIN), /* ID_MMFR2_EL1 */
	IDR(1, 7, 0x2122211, 0, PLAIN), /* ID_MMFR3_EL1 */
	IDR(2, 0, 0x2101110, 0, PLAIN), /* ID_ISAR0_EL1 */
	IDR(2, 1, 0x13112111, 0, PLAIN), /* ID_ISAR1_EL1 */
	IDR(2, 2, 0x21232042, 0, PLAIN), /* ID_ISAR2_EL1 */
	IDR(2, 3, 0x1112131, 0, PLAIN), /* ID_ISAR3_EL1 */
	IDR(2, 4, 0x10142, 0, PLAIN), /* ID_ISAR4_EL1 */
	IDR(2, 5, 0x1011121, 0, PLAIN), /* ID_ISAR5_EL1 */
	IDR(2, 6, 0x21110, 0, PLAIN), /* ID_MMFR4_EL1 */
	IDR(2, 7, 0x1100111, 0, PLAIN), /* ID_ISAR6_EL1 */
	IDR(3, 0, 0x10110222, 0, PLAIN), /* MVFR0_EL1 */
	IDR(3, 1, 0x13211111, 0, PLAIN), /* MVFR1_EL1 */
	IDR(3, 2, 0x43, 0, PLAIN), /* MVFR2_EL1 */
	RAZ(3, 3), /* S3_0_0_3_3 */
	IDR(3, 4, 0x11, 0, PLAIN), /* ID_PFR2_EL1 */
	RAZ(3, 5), /* ID_DFR1_EL1 */
	IDR(3, 6, 0x0, 0, PLAIN), /* ID_MMFR5_EL1 */
	RAZ(3, 7), /* S3_0_0_3_7 */
	IDR(4, 0, 0x1101010021111112, 0, PFR0), /* ID_AA64PFR0_EL1 */
	IDR(4, 1, 0x20, 0, PFR1), /* ID_AA64PFR1_EL1 */
	RAZ(4, 2), /* ID_AA64PFR2_EL1 */
	RAZ(4, 3), /* S3_0_0_4_3 */
	IDR(4, 4, 0x0, 0, PLAIN), /* ID_AA64ZFR0_EL1 */
	RAZ(4, 5), /* ID_AA64SMFR0_EL1 */
	RAZ(4, 6), /* S3_0_0_4_6 */
	RAZ(4, 7), /* ID_AA64FPFR0_EL1 */
	IDR(5, 0, 0xf010305006, 0, DFR0), /* ID_AA64DFR0_EL1 */
	IDR(5, 1, 0x0, 0, PLAIN), /* ID_AA64DFR1_EL1 */
	RAZ(5, 2), /* S3_0_0_5_2 */
	RAZ(5, 3), /* S3_0_0_5_3 */
	RAZ(5, 4), /* ID_AA64AFR0_EL1 */
	RAZ(5, 5), /* ID_AA64AFR1_EL1 */
	RAZ(5, 6), /* S3_0_0_5_6 */
	RAZ(5, 7), /* S3_0_0_5_7 */
	IDR(6, 0, 0x1011111110212120, 0, PLAIN), /* ID_AA64ISAR0_EL1 */
	IDR(6, 1, 0x11100000211002, 0, PLAIN), /* ID_AA64ISAR1_EL1 */
	IDR(6, 2, 0x0, 0, PLAIN), /* ID_AA64ISAR2_EL1 */
	RAZ(6, 3), /* ID_AA64ISAR3_EL1 */
	RAZ(6, 4), /* S3_0_0_6_4 */
	RAZ(6, 5), /* S3_0_0_6_5 */
	RAZ(6, 6), /* S3_0_0_6_6 */
	RAZ(6, 7), /* S3_0_0_6_7 */
	IDR(7, 0, 0x101125, 0, PLAIN), /* ID_AA64MMFR0_EL1 */
	IDR(7, 1, 0x10212122, 0, PLAIN), /* ID_AA64MMFR1_EL1 */
	IDR(7, 2, 0x220011102001011, 0, MMFR2), /* ID_AA64MMFR2_EL1 */
	RAZ(7, 3), /* ID_AA64MMFR3_EL1 */
	RAZ(7, 4), /* ID_AA64MMFR4_EL1 */
	RAZ(7, 5), /* S3_0_0_7_5 */
	RAZ(7, 6), /* S3_0_0_7_6 */
	RAZ(7, 7), /* S3_0_0_7_7 */
	SYSR(1, 0, 0, 1, 0x82000023, 0, CLIDR), /* CLIDR_EL1 */
	SYSR(1, 0, 0, 7, 0x0, 0, IMP), /* AIDR_EL1 */
	SYSR(3, 0, 0, 1, 0xb444c004, 0, CTR), /* CTR_EL0 */
};

static const struct sim_idreg idregs_612[] = {
	SYSR(0, 0, 0, 0, 0x411fd401, 0, IMP), /* MIDR_EL1 */
	SYSR(0, 0, 0, 6, 0x1, 0, IMP), /* REVIDR_EL1 */
	IDR(1, 0, 0x1010131, 0, PLAIN), /* ID_PFR0_EL1 */
	IDR(1, 1, 0x30010000, 0, PLAIN), /* ID_PFR1_EL1 */
	IDR(1, 2, 0x11099, MASK_ID_DFR0, AA32DFR0), /* ID_DFR0_EL1 */
	RAZ(1, 3), /* ID_AFR0_EL1 */
	IDR(1, 4, 0x10201105, 0, PLAIN), /* ID_MMFR0_EL1 */
	IDR(1, 5, 0x40000000, 0, PLAIN), /* ID_MMFR1_EL1 */
	IDR(1, 6, 0x1260000, 0, PLAIN), /* ID_MMFR2_EL1 */
	IDR(1, 7, 0x2122211, 0, PLAIN), /* ID_MMFR3_EL1 */
	IDR(2, 0, 0x2101110, 0, PLAIN), /* ID_ISAR0_EL1 */
	IDR(2, 1, 0x13112111, 0, PLAIN), /* ID_ISAR1_EL1 */
	IDR(2, 2, 0x21232042, 0, PLAIN), /* ID_ISAR2_EL1 */
	IDR(2, 3, 0x1112131, 0, PLAIN), /* ID_ISAR3_EL1 */
	IDR(2, 4, 0x10142, 0, PLAIN), /* ID_ISAR4_EL1 */
	IDR(2, 5, 0x1011121, 0, PLAIN), /* ID_ISAR5_EL1 */
	IDR(2, 6, 0x21110, 0, PLAIN), /* ID_MMFR4_EL1 */
	IDR(2, 7, 0x1100111, 0, PLAIN), /* ID_ISAR6_EL1 */
	IDR(3, 0, 0x10110222, 0, PLAIN), /* MVFR0_EL1 */
	IDR(3, 1, 0x13211111, 0, PLAIN), /* MVFR1_EL1 */
	IDR(3, 2, 0x43, 0, PLAIN), /* MVFR2_EL1 */
	RAZ(3, 3), /* S3_0_0_3_3 */
	IDR(3, 4, 0x11, 0, PLAIN), /* ID_PFR2_EL1 */
	RAZ(3, 5), /* ID_DFR1_EL1 */
	IDR(3, 6, 0x0, 0, PLAIN), /* ID_MMFR5_EL1 */
	RAZ(3, 7), /* S3_0_0_3_7 */
	IDR(4, 0, 0x1101010021111112, MASK612_PFR0, PFR0), /* ID_AA64PFR0_EL1 */
	IDR(4, 1, 0x20, MASK_PFR1, PFR1), /* ID_AA64PFR1_EL1 */
	RAZ(4, 2), /* ID_AA64PFR2_EL1 */
	RAZ(4, 3), /* S3_0_0_4_3 */
	IDR(4, 4, 0x0, MASK_ZFR0, PLAIN), /* ID_AA64ZFR0_EL1 */
	RAZ(4, 5), /* ID_AA64SMFR0_EL1 */
	RAZ(4, 6), /* S3_0_0_4_6 */
	RAZ(4, 7), /* ID_AA64FPFR0_EL1 */
	IDR(5, 0, 0xf010305009, MASK612_DFR0, DFR0), /* ID_AA64DFR0_EL1 */
	IDR(5, 1, 0x0, 0, PLAIN), /* ID_AA64DFR1_EL1 */
	RAZ(5, 2), /* S3_0_0_5_2 */
	RAZ(5, 3), /* S3_0_0_5_3 */
	RAZ(5, 4), /* ID_AA64AFR0_EL1 */
	RAZ(5, 5), /* ID_AA64AFR1_EL1 */
	RAZ(5, 6), /* S3_0_0_5_6 */
	RAZ(5, 7), /* S3_0_0_5_7 */
	IDR(6, 0, 0x1011111110212120, MASK_ISAR0, PLAIN), /* ID_AA64ISAR0_EL1 */
	IDR(6, 1, 0x11100000211002, MASK_ISAR1, PLAIN), /* ID_AA64ISAR1_EL1 */
	IDR(6, 2, 0x0, MASK612_ISAR2, PLAIN), /* ID_AA64ISAR2_EL1 */
	RAZ(6, 3), /* ID_AA64ISAR3_EL1 */
	RAZ(6, 4), /* S3_0_0_6_4 */
	RAZ(6, 5), /* S3_0_0_6_5 */
	RAZ(6, 6), /* S3_0_0_6_6 */
	RAZ(6, 7), /* S3_0_0_6_7 */
	IDR(7, 0, 0x101125, MASK612_MMFR0, PLAIN), /* ID_AA64MMFR0_EL1 */
	IDR(7, 1, 0x10212122, MASK_MMFR1, PLAIN), /* ID_AA64MMFR1_EL1 */
	IDR(7, 2, 0x220011102001011, MASK_MMFR2, MMFR2), /* ID_AA64MMFR2_EL1 */
	IDR(7, 3, 0x0, MASK_MMFR3, PLAIN), /* ID_AA64MMFR3_EL1 */
	RAZ(7, 4), /* ID_AA64MMFR4_EL1 */
	RAZ(7, 5), /* S3_0_0_7_5 */
	RAZ(7, 6), /* S3_0_0_7_6 */
	RAZ(7, 7), /* S3_0_0_7_7 */
	SYSR(1, 0, 0, 1, 0x3000123, MASK_CLIDR, CLIDR), /* CLIDR_EL1 */
	SYSR(1, 0, 0, 7, 0x0, 0, IMP), /* AIDR_EL1 */
	SYSR(3, 0, 0, 1, 0xb444c004, MASK612_CTR, CTR), /* CTR_EL0 */
};

static const struct sim_idreg idregs_72[] = {
	SYSR(0, 0, 0, 0, 0x411fd401, MASK_MIDR, IMP), /* MIDR_EL1 */
	SYSR(0, 0, 0, 6, 0x1, MASK_ALL, IMP), /* REVIDR_EL1 */
	IDR(1, 0, 0x1010131, 0, PLAIN), /* ID_PFR0_EL1 */
	IDR(1, 1, 0x30010000, 0, PLAIN), /* ID_PFR1_EL1 */
	IDR(1, 2, 0x11099, MASK_ID_DFR0, AA32DFR0), /* ID_DFR0_EL1 */
	RAZ(1, 3), /* ID_AFR0_EL1 */
	IDR(1, 4, 0x10201105, 0, PLAIN), /* ID_MMFR0_EL1 */
	IDR(1, 5, 0x40000000, 0, PLAIN), /* ID_MMFR1_EL1 */
	IDR(1, 6, 0x1260000, 0, PLAIN), /* ID_MMFR2_EL1 */
	IDR(1, 7, 0x2122211, 0, PLAIN), /* ID_MMFR3_EL1 */
	IDR(2, 0, 0x2101110, 0, PLAIN), /* ID_ISAR0_EL1 */
	IDR(2, 1, 0x13112111, 0, PLAIN), /* ID_ISAR1_EL1 */
	IDR(2, 2, 0x21232042, 0, PLAIN), /* ID_ISAR2_EL1 */
	IDR(2, 3, 0x1112131, 0, PLAIN), /* ID_ISAR3_EL1 */
	IDR(2, 4, 0x10142, 0, PLAIN), /* ID_ISAR4_EL1 */
	IDR(2, 5, 0x1011121, 0, PLAIN), /* ID_ISAR5_EL1 */
	IDR(2, 6, 0x21110, 0, PLAIN), /* ID_MMFR4_EL1 */
	IDR(2, 7, 0x1100111, 0, PLAIN), /* ID_ISAR6_EL1 */
	IDR(3, 0, 0x10110222, 0, PLAIN), /* MVFR0_EL1 */
	IDR(3, 1, 0x13211111, 0, PLAIN), /* MVFR1_EL1 */
	IDR(3, 2, 0x43, 0, PLAIN), /* MVFR2_EL1 */
	RAZ(3, 3), /* S3_0_0_3_3 */
	IDR(3, 4, 0x11, 0, PLAIN), /* ID_PFR2_EL1 */
	RAZ(3, 5), /* ID_DFR1_EL1 */
	IDR(3, 6, 0x0, 0, PLAIN), /* ID_MMFR5_EL1 */
	RAZ(3, 7), /* S3_0_0_3_7 */
	/* ID_AA64PFR0_EL1 */
	IDR_HW(4, 0, 0x1101000021111112, MASK72_PFR0, PFR0, 0x1101010021111112),
	IDR_HW(4, 1, 0x20, MASK_PFR1, PFR1, 0x20), /* ID_AA64PFR1_EL1 */
	IDR(4, 2, 0x0, MASK_PFR2, PLAIN), /* ID_AA64PFR2_EL1 */
	RAZ(4, 3), /* S3_0_0_4_3 */
	IDR(4, 4, 0x0, MASK_ZFR0, PLAIN), /* ID_AA64ZFR0_EL1 */
	RAZ(4, 5), /* ID_AA64SMFR0_EL1 */
	RAZ(4, 6), /* S3_0_0_4_6 */
	IDR(4, 7, 0x0, MASK_FPFR0, PLAIN), /* ID_AA64FPFR0_EL1 */
	IDR(5, 0, 0xf010305009, MASK72_DFR0, DFR0), /* ID_AA64DFR0_EL1 */
	IDR(5, 1, 0x0, 0, PLAIN), /* ID_AA64DFR1_EL1 */
	RAZ(5, 2), /* S3_0_0_5_2 */
	RAZ(5, 3), /* S3_0_0_5_3 */
	RAZ(5, 4), /* ID_AA64AFR0_EL1 */
	RAZ(5, 5), /* ID_AA64AFR1_EL1 */
	RAZ(5, 6), /* S3_0_0_5_6 */
	RAZ(5, 7), /* S3_0_0_5_7 */
	IDR(6, 0, 0x1011111110212120, MASK_ISAR0, PLAIN), /* ID_AA64ISAR0_EL1 */
	IDR(6, 1, 0x11100000211002, MASK_ISAR1, PLAIN), /* ID_AA64ISAR1_EL1 */
	IDR(6, 2, 0x0, MASK72_ISAR2, PLAIN), /* ID_AA64ISAR2_EL1 */
	IDR(6, 3, 0x0, MASK_ISAR3, PLAIN), /* ID_AA64ISAR3_EL1 */
	RAZ(6, 4), /* S3_0_0_6_4 */
	RAZ(6, 5), /* S3_0_0_6_5 */
	RAZ(6, 6), /* S3_0_0_6_6 */
	RAZ(6, 7), /* S3_0_0_6_7 */
	IDR(7, 0, 0x101125, MASK72_MMFR0, PLAIN), /* ID_AA64MMFR0_EL1 */
	IDR(7, 1, 0x10212122, MASK_MMFR1, PLAIN), /* ID_AA64MMFR1_EL1 */
	/* ID_AA64MMFR2_EL1 */
	IDR_HW(7, 2, 0x220011100001011, MASK_MMFR2, MMFR2, 0x220011102001011),
	IDR(7, 3, 0x0, MASK_MMFR3, PLAIN), /* ID_AA64MMFR3_EL1 */
	IDR(7, 4, 0x0, MASK_MMFR4, PLAIN), /* ID_AA64MMFR4_EL1 */
	RAZ(7, 5), /* S3_0_0_7_5 */
	RAZ(7, 6), /* S3_0_0_7_6 */
	RAZ(7, 7), /* S3_0_0_7_7 */
	SYSR(1, 0, 0, 1, 0x3000123, MASK_CLIDR, CLIDR), /* CLIDR_EL1 */
	SYSR(1, 0, 0, 7, 0x0, MASK_ALL, IMP), /* AIDR_EL1 */
	SYSR(3, 0, 0, 1, 0xb444c004, MASK72_CTR, CTR), /* CTR_EL0 */
};

/* ---------------------------------------------------------- x86 CPUID */

/* KVM_GET_SUPPORTED_CPUID of the Milan host (the fingerprint's leaves). */
static const struct sim_cpuid_leaf cpuid_milan_61[] = {
	{ 0x0, 0, 0, { 0x00000010, 0x68747541, 0x444d4163, 0x69746e65 } },
	{ 0x1, 0, 0, { 0x00a00f11, 0x00010800, 0xf7fa3203, 0x078bfbff } },
	{ 0x2, 0, 0, { 0x00000000, 0x00000000, 0x00000000, 0x00000000 } },
	{ 0x3, 0, 0, { 0x00000000, 0x00000000, 0x00000000, 0x00000000 } },
	{ 0x4, 0, SIG, { 0x00000000, 0x00000000, 0x00000000, 0x00000000 } },
	{ 0x5, 0, 0, { 0x00000000, 0x00000000, 0x00000000, 0x00000000 } },
	{ 0x6, 0, 0, { 0x00000004, 0x00000000, 0x00000000, 0x00000000 } },
	{ 0x7, 0, SIG, { 0x00000000, 0x219c05ab, 0x0040060c, 0x8c000000 } },
	{ 0x8, 0, 0, { 0x00000000, 0x00000000, 0x00000000, 0x00000000 } },
	{ 0x9, 0, 0, { 0x00000000, 0x00000000, 0x00000000, 0x00000000 } },
	{ 0xa, 0, 0, { 0x00000000, 0x00000000, 0x00000000, 0x00000000 } },
	{ 0xb, 0, SIG, { 0x00000000, 0x00000001, 0x00000100, 0x00000000 } },
	{ 0xb, 1, SIG, { 0x00000005, 0x00000001, 0x00000201, 0x00000000 } },
	{ 0xc, 0, 0, { 0x00000000, 0x00000000, 0x00000000, 0x00000000 } },
	{ 0xd, 0, SIG, { 0x00000207, 0x00000240, 0x00000988, 0x00000000 } },
	{ 0xd, 1, SIG, { 0x0000000f, 0x00000240, 0x00000000, 0x00000000 } },
	{ 0xd, 2, SIG, { 0x00000100, 0x00000240, 0x00000000, 0x00000000 } },
	{ 0xd, 9, SIG, { 0x00000008, 0x00000980, 0x00000000, 0x00000000 } },
	{ 0xe, 0, 0, { 0x00000000, 0x00000000, 0x00000000, 0x00000000 } },
	{ 0xf, 0, SIG, { 0x00000000, 0x00000000, 0x00000000, 0x00000000 } },
	{ 0x10, 0, SIG, { 0x00000000, 0x00000000, 0x00000000, 0x00000000 } },
	{ 0x40000000, 0, 0, { 0x40000001, 0x4b4d564b, 0x564b4d56, 0x0000004d } },
	{ 0x40000001, 0, 0, { 0x0100fefb, 0x00000000, 0x00000000, 0x00000000 } },
	{ 0x80000000, 0, 0, { 0x80000021, 0x68747541, 0x444d4163, 0x69746e65 } },
	{ 0x80000001, 0, 0, { 0x00a00f11, 0x40000000, 0x00c003f3, 0x2fd3fbff } },
	{ 0x80000002, 0, 0, { 0x20444d41, 0x43595045, 0x00000000, 0x00000000 } },
	{ 0x80000003, 0, 0, { 0x00000000, 0x00000000, 0x00000000, 0x00000000 } },
	{ 0x80000004, 0, 0, { 0x00000000, 0x00000000, 0x00000000, 0x00000000 } },
	{ 0x80000005, 0, 0, { 0xff40ff40, 0xff40ff40, 0x20080140, 0x20080140 } },
	{ 0x80000006, 0, 0, { 0x48002200, 0x68004200, 0x02006140, 0x06009140 } },
	{ 0x80000007, 0, 0, { 0x00000000, 0x00000000, 0x00000000, 0x00000100 } },
	{ 0x80000008, 0, 0, { 0x00003030, 0x1302d205, 0x00007000, 0x00000000 } },
	{ 0x80000009, 0, 0, { 0x00000000, 0x00000000, 0x00000000, 0x00000000 } },
	{ 0x8000000a, 0, 0, { 0x00000000, 0x00000000, 0x00000000, 0x00000000 } },
	{ 0x8000000b, 0, 0, { 0x00000000, 0x00000000, 0x00000000, 0x00000000 } },
	{ 0x8000000c, 0, 0, { 0x00000000, 0x00000000, 0x00000000, 0x00000000 } },
	{ 0x8000000d, 0, 0, { 0x00000000, 0x00000000, 0x00000000, 0x00000000 } },
	{ 0x8000000e, 0, 0, { 0x00000000, 0x00000000, 0x00000000, 0x00000000 } },
	{ 0x8000000f, 0, 0, { 0x00000000, 0x00000000, 0x00000000, 0x00000000 } },
	{ 0x80000010, 0, 0, { 0x00000000, 0x00000000, 0x00000000, 0x00000000 } },
	{ 0x80000011, 0, 0, { 0x00000000, 0x00000000, 0x00000000, 0x00000000 } },
	{ 0x80000012, 0, 0, { 0x00000000, 0x00000000, 0x00000000, 0x00000000 } },
	{ 0x80000013, 0, 0, { 0x00000000, 0x00000000, 0x00000000, 0x00000000 } },
	{ 0x80000014, 0, 0, { 0x00000000, 0x00000000, 0x00000000, 0x00000000 } },
	{ 0x80000015, 0, 0, { 0x00000000, 0x00000000, 0x00000000, 0x00000000 } },
	{ 0x80000016, 0, 0, { 0x00000000, 0x00000000, 0x00000000, 0x00000000 } },
	{ 0x80000017, 0, 0, { 0x00000000, 0x00000000, 0x00000000, 0x00000000 } },
	{ 0x80000018, 0, 0, { 0x00000000, 0x00000000, 0x00000000, 0x00000000 } },
	{ 0x80000019, 0, 0, { 0xf040f040, 0xf0400000, 0x00000000, 0x00000000 } },
	{ 0x8000001a, 0, 0, { 0x00000006, 0x00000000, 0x00000000, 0x00000000 } },
	{ 0x8000001b, 0, 0, { 0x00000000, 0x00000000, 0x00000000, 0x00000000 } },
	{ 0x8000001c, 0, 0, { 0x00000000, 0x00000000, 0x00000000, 0x00000000 } },
	{ 0x8000001d, 0, SIG, { 0x00000121, 0x01c0003f, 0x0000003f, 0x00000000 } },
	{ 0x8000001d, 1, SIG, { 0x00000122, 0x01c0003f, 0x0000003f, 0x00000000 } },
	{ 0x8000001d, 2, SIG, { 0x00000143, 0x01c0003f, 0x000003ff, 0x00000002 } },
	{ 0x8000001d, 3, SIG, { 0x00000163, 0x03c0003f, 0x00007fff, 0x00000001 } },
	{ 0x8000001d, 4, SIG, { 0x00000000, 0x00000000, 0x00000000, 0x00000000 } },
	{ 0x8000001e, 0, 0, { 0x00000000, 0x00000000, 0x00000000, 0x00000000 } },
	{ 0x8000001f, 0, 0, { 0x00000000, 0x00000000, 0x00000000, 0x00000000 } },
	{ 0x80000020, 0, 0, { 0x00000000, 0x00000000, 0x00000000, 0x00000000 } },
	{ 0x80000021, 0, 0, { 0x00000265, 0x00000000, 0x00000000, 0x00000000 } },
};

/* KVM_CHECK_EXTENSION answers (kvm_vm_ioctl_check_extension and the generic part) */
static const struct sim_cap caps_arm64_510[] = {
	KV_CAP(ONE_REG, 1), KV_CAP(ARM_PSCI, 1), KV_CAP(ARM_PSCI_0_2, 1),
	KV_CAP(CHECK_EXTENSION_VM, 1), KV_CAP(ARM_PMU_V3, 1), KV_CAP(VCPU_ATTRIBUTES, 1),
	KV_CAP(ARM_SVE, 1), KV_CAP(ARM_PTRAUTH_ADDRESS, 1), KV_CAP(ARM_PTRAUTH_GENERIC, 1),
};
static const struct sim_cap caps_arm64_61[] = {
	KV_CAP(ONE_REG, 1), KV_CAP(ARM_PSCI, 1), KV_CAP(ARM_PSCI_0_2, 1),
	KV_CAP(CHECK_EXTENSION_VM, 1), KV_CAP(ARM_PMU_V3, 1), KV_CAP(VCPU_ATTRIBUTES, 1),
	KV_CAP(ARM_SVE, 1), KV_CAP(ARM_PTRAUTH_ADDRESS, 1), KV_CAP(ARM_PTRAUTH_GENERIC, 1),
	KV_CAP(PTP_KVM, 1), KV_CAP(ARM_SYSTEM_SUSPEND, 1),
};
static const struct sim_cap caps_arm64_612[] = {
	KV_CAP(ONE_REG, 1), KV_CAP(ARM_PSCI, 1), KV_CAP(ARM_PSCI_0_2, 1),
	KV_CAP(CHECK_EXTENSION_VM, 1), KV_CAP(ARM_PMU_V3, 1), KV_CAP(VCPU_ATTRIBUTES, 1),
	KV_CAP(ARM_SVE, 1), KV_CAP(ARM_PTRAUTH_ADDRESS, 1), KV_CAP(ARM_PTRAUTH_GENERIC, 1),
	KV_CAP(PTP_KVM, 1), KV_CAP(ARM_SYSTEM_SUSPEND, 1), KV_CAP(VM_ATTRIBUTES, 1),
	KV_CAP(COUNTER_OFFSET, 1),
	/* BIT(KVM_ARM_FEATURE_ID_RANGE) */
	KV_CAP(ARM_SUPPORTED_REG_MASK_RANGES, 1),
};
static const struct sim_cap caps_arm64_72[] = {
	KV_CAP(ONE_REG, 1), KV_CAP(ARM_PSCI, 1), KV_CAP(ARM_PSCI_0_2, 1),
	KV_CAP(CHECK_EXTENSION_VM, 1), KV_CAP(ARM_PMU_V3, 1), KV_CAP(VCPU_ATTRIBUTES, 1),
	KV_CAP(ARM_SVE, 1), KV_CAP(ARM_PTRAUTH_ADDRESS, 1), KV_CAP(ARM_PTRAUTH_GENERIC, 1),
	KV_CAP(PTP_KVM, 1), KV_CAP(ARM_SYSTEM_SUSPEND, 1), KV_CAP(VM_ATTRIBUTES, 1),
	KV_CAP(COUNTER_OFFSET, 1), KV_CAP(ARM_SUPPORTED_REG_MASK_RANGES, 1),
	KV_CAP(ARM_WRITABLE_IMP_ID_REGS, 1),
};

/* Bits of struct kvm_vcpu_init.features[0] KVM knows (KVM_VCPU_MAX_FEATURES). */
#define FEATURES_0_6 0x7fu   /* POWER_OFF .. PTRAUTH_GENERIC */
#define FEATURES_0_7 0xffu   /* + HAS_EL2 */
#define FEATURES_0_8 0x1ffu  /* + HAS_EL2_E2H0 */

static const struct sim_arm64_model arm64_510 = {
	.psci_versions = psci_510, .npsci_versions = HVABI_ARRAY_SIZE(psci_510),
	.psci_latest = HVABI_PSCI_VERSION(1, 0),
	.fw_regs = fw_510, .nfw_regs = HVABI_ARRAY_SIZE(fw_510),
	/* CSV3 became writable with 5.11; 5.10 has CSV2 only (kvmarm-fixes-5.10-3) */
	.valid_features = FEATURES_0_6,
	.idregs = idregs_510, .nidregs = HVABI_ARRAY_SIZE(idregs_510),
};

static const struct sim_arm64_model arm64_61 = {
	.psci_versions = psci_61, .npsci_versions = HVABI_ARRAY_SIZE(psci_61),
	.psci_latest = HVABI_PSCI_VERSION(1, 1),
	.fw_regs = fw_61, .nfw_regs = HVABI_ARRAY_SIZE(fw_61),
	.bmap_features = { 0x1, 0x1, 0x3, 0 },
	.csv3_writable = true,
	.valid_features = FEATURES_0_6,
	.idregs = idregs_61, .nidregs = HVABI_ARRAY_SIZE(idregs_61),
};

static const struct sim_arm64_model arm64_612 = {
	.psci_versions = psci_61, .npsci_versions = HVABI_ARRAY_SIZE(psci_61),
	.psci_latest = HVABI_PSCI_VERSION(1, 1),
	.fw_regs = fw_61, .nfw_regs = HVABI_ARRAY_SIZE(fw_61),
	.bmap_features = { 0x1, 0x1, 0x3, 0 },
	.smccc_filter = true,
	.writable_idregs = true,
	.csv3_writable = true,
	.clidr_writable = true,
	.features_vm_wide = true,
	.valid_features = FEATURES_0_7,
	.idregs = idregs_612, .nidregs = HVABI_ARRAY_SIZE(idregs_612),
};

static const struct sim_arm64_model arm64_72 = {
	.psci_versions = psci_72, .npsci_versions = HVABI_ARRAY_SIZE(psci_72),
	.psci_latest = HVABI_PSCI_VERSION(1, 3),
	.fw_regs = fw_72, .nfw_regs = HVABI_ARRAY_SIZE(fw_72),
	.bmap_features = { 0x1, 0x1, 0x3, 0x3 },
	.smccc_filter = true,
	.writable_idregs = true,
	.csv3_writable = true,
	.imp_id_cap = true,
	.hw_field_quirks = true,
	.ctr_l1ip_rule = true,
	.clidr_writable = true,
	.features_vm_wide = true,
	.valid_features = FEATURES_0_8,
	.idregs = idregs_72, .nidregs = HVABI_ARRAY_SIZE(idregs_72),
};

static const struct sim_model model_arm64_510 = {
	.name = "arm64-5.10", .release = "5.10.0-35-arm64", .arch = HVABI_ARCH_ARM64,
	.caps = caps_arm64_510, .ncaps = HVABI_ARRAY_SIZE(caps_arm64_510),
	.arm64 = &arm64_510,
};
static const struct sim_model model_arm64_61 = {
	.name = "arm64-6.1", .release = "6.1.0-37-arm64", .arch = HVABI_ARCH_ARM64,
	.caps = caps_arm64_61, .ncaps = HVABI_ARRAY_SIZE(caps_arm64_61),
	.arm64 = &arm64_61,
};
static const struct sim_model model_arm64_612 = {
	.name = "arm64-6.12", .release = "6.12.48+deb13-arm64", .arch = HVABI_ARCH_ARM64,
	.caps = caps_arm64_612, .ncaps = HVABI_ARRAY_SIZE(caps_arm64_612),
	.arm64 = &arm64_612,
};
static const struct sim_model model_arm64_72 = {
	.name = "arm64-7.2", .release = "7.2.0-1-arm64", .arch = HVABI_ARCH_ARM64,
	.caps = caps_arm64_72, .ncaps = HVABI_ARRAY_SIZE(caps_arm64_72),
	.arm64 = &arm64_72,
};

/* --------------------------------------------------------------- riscv */

/* enum KVM_RISCV_ISA_EXT_ID at 6.6 */
enum {
	RV_A, RV_C, RV_D, RV_F, RV_H, RV_I, RV_M, RV_SVPBMT, RV_SSTC, RV_SVINVAL,
	RV_ZIHINTPAUSE, RV_ZICBOM, RV_ZICBOZ, RV_ZBB, RV_SSAIA, RV_V, RV_SVNAPOT,
	RV_ZBA, RV_ZBS, RV_ZICNTR, RV_ZICSR, RV_ZIFENCEI, RV_ZIHPM, RV_ISA_MAX_66,
};
#define RVB(x) (1ull << RV_##x)

static const struct sim_cap caps_riscv_66[] = {
	KV_CAP(ONE_REG, 1), KV_CAP(CHECK_EXTENSION_VM, 1),
};

static const struct sim_riscv_model riscv_66 = {
	.isa_max = RV_ISA_MAX_66,
	.isa_host = ((1ull << RV_ISA_MAX_66) - 1) & ~RVB(SSAIA),
	/* kvm_riscv_vcpu_isa_enable_allowed(): H never (vcpu_onereg.c) */
	.isa_enable_denied = RVB(H),
	/* kvm_riscv_vcpu_isa_disable_allowed() */
	.isa_disable_denied = RVB(A) | RVB(C) | RVB(I) | RVB(M) | RVB(SSAIA) | RVB(SSTC) |
			      RVB(SVINVAL) | RVB(SVNAPOT) | RVB(ZBA) | RVB(ZBB) | RVB(ZBS) |
			      RVB(ZICNTR) | RVB(ZICSR) | RVB(ZIFENCEI) | RVB(ZIHINTPAUSE) |
			      RVB(ZIHPM),
	/* V01, TIME, IPI, RFENCE, SRST, HSM, PMU, EXPERIMENTAL, VENDOR */
	.sbi_max = 9,
	.mvendorid = 0x489, .marchid = 0x8000000000000008ull, .mimpid = 0x0,
	.satp_mode = 9, /* Sv48 */
	.cbom_block_size = 64, .cboz_block_size = 64,
};

static const struct sim_model model_riscv_66 = {
	.name = "riscv-6.6", .release = "6.6.58-riscv64", .arch = HVABI_ARCH_RISCV64,
	.caps = caps_riscv_66, .ncaps = HVABI_ARRAY_SIZE(caps_riscv_66),
	.riscv = &riscv_66,
};

/* ----------------------------------------------------------------- x86 */

/*
 * KVM_GET_SUPPORTED_HV_CPUID (kvm_get_hv_cpuid, arch/x86/kvm/hyperv.c,
 * 6.1) on an SVM host: no eVMCS, so 0x4000000A carries no version.
 */
static const struct sim_cpuid_leaf hv_cpuid_61_svm[] = {
	/* "Linux KVM Hv", highest leaf HYPERV_CPUID_NESTED_FEATURES */
	{ 0x40000000, 0, 0, { 0x4000000a, 0x756e694c, 0x564b2078, 0x7648204d } },
	/* HYPERV_CPUID_SIGNATURE_EAX "Hv#1" */
	{ 0x40000001, 0, 0, { 0x31237648, 0, 0, 0 } },
	/* build 0x3839, version 10.0 */
	{ 0x40000002, 0, 0, { 0x00003839, 0x000a0000, 0, 0 } },
	/* HV_MSR_*_AVAILABLE, HV_POST_MESSAGES|HV_SIGNAL_EVENTS, HV_FEATURE_* */
	{ 0x40000003, 0, 0, { 0x0000aaff, 0x00000030, 0, 0x00088510 } },
	/* recommendations; 0xfff spinlock retries */
	{ 0x40000004, 0, 0, { 0x00000c2c, 0x00000fff, 0, 0 } },
	/* KVM_MAX_VCPUS (1024), 64 logical processors */
	{ 0x40000005, 0, 0, { 0x00000400, 0x00000040, 0, 0 } },
	/* "Microsoft VS" syndbg leaves */
	{ 0x40000080, 0, 0, { 0x40000082, 0x7263694d, 0x666f736f, 0x53562074 } },
	{ 0x40000081, 0, 0, { 0x31237648, 0, 0, 0 } },
	{ 0x40000082, 0, 0, { 0x00000002, 0, 0, 0 } },
	/* NESTED_DIRECT_FLUSH | NESTED_MSR_BITMAP; EVMCS1_PERF_GLOBAL_CTRL */
	{ 0x4000000a, 0, 0, { 0x000a0000, 0x00000001, 0, 0 } },
};

/*
 * msr_based_features[] on SVM (x86.c kvm_init_msr_list keeps those
 * kvm_get_msr_feature() answers): DE_CFG.LFENCE_SERIALIZE, the microcode
 * revision of the fingerprint host (0xa0011de), ARCH_CAPABILITIES
 * (RDCL_NO|SKIP_VMENTRY_L1DFLUSH|MDS_NO|PSCHANGE_MC_NO on a Meltdown- and
 * MDS-free CPU without RTM), PERF_CAPABILITIES (0 without VMX).
 */
static const struct sim_msr msrs_61_milan[] = {
	{ 0xc0011029, 0x2 },
	{ 0x0000008b, 0x0a0011de00000000ull },
	{ 0x0000010a, 0x69 },
	{ 0x00000345, 0x0 },
};

static const struct sim_x86_model x86_61 = {
	.cpuid = cpuid_milan_61, .ncpuid = HVABI_ARRAY_SIZE(cpuid_milan_61),
	.hv_cpuid = hv_cpuid_61_svm, .nhv_cpuid = HVABI_ARRAY_SIZE(hv_cpuid_61_svm),
	.feature_msrs = msrs_61_milan, .nfeature_msrs = HVABI_ARRAY_SIZE(msrs_61_milan),
	.evmcs = false,
};

static const struct sim_cap caps_x86_61[] = {
	KV_CAP(CHECK_EXTENSION_VM, 1), KV_CAP(GET_MSR_FEATURES, 1), KV_CAP(HYPERV_CPUID, 1),
	KV_CAP(STEAL_TIME, 1), KV_CAP(ENFORCE_PV_FEATURE_CPUID, 1),
	KV_CAP(SYS_HYPERV_CPUID, 1), KV_CAP(HYPERV_ENFORCE_CPUID, 1),
	/* KVM_EXIT_HYPERCALL_VALID_MASK: BIT(KVM_HC_MAP_GPA_RANGE) */
	KV_CAP(EXIT_HYPERCALL, 0x1000), KV_CAP(SYS_ATTRIBUTES, 1),
	/* nested_ops->enable_evmcs is VMX only: HYPERV_ENLIGHTENED_VMCS answers 0 */
};

static const struct sim_model model_x86_61 = {
	.name = "x86-6.1", .release = "6.1.0-37-amd64", .arch = HVABI_ARCH_X86_64,
	.caps = caps_x86_61, .ncaps = HVABI_ARRAY_SIZE(caps_x86_61),
	.x86 = &x86_61,
};

const struct sim_model *const hvabi_sim_models[] = {
	&model_arm64_510, &model_arm64_61, &model_arm64_612, &model_arm64_72,
	&model_riscv_66, &model_x86_61,
};
const size_t hvabi_sim_nmodels = HVABI_ARRAY_SIZE(hvabi_sim_models);
