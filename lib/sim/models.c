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
 * - x86: an AMD EPYC Milan: the CPUID leaves of
 *   fingerprint_AMD_MILAN_6.1host.json, which each x86 model passes
 *   through its kernel's rules (x86.c).
 * - riscv: riscv-6.6 a generic RVA22-class host with the H extension and
 *   without Ssaia; riscv-6.12 and riscv-7.2 the kernel lab's QEMU rv64
 *   (h=true) host, calibrated against Debian's riscv64 6.12.117+deb13 and
 *   7.2.13+deb14 (run-riscv.sh: kraw-riscv, the probe and kdiff-riscv),
 *   seeded with the host's ISA extensions, mvendorid/marchid/mimpid,
 *   satp_mode and capabilities 9 and 207.
 *
 * The arm64 models are calibrated against Debian's real 6.1.0-56,
 * 6.12.117 and 7.2.13 kernels in the kernel lab (tests/kernels): seeded
 * with the lab host's values (hvabi_sim_set_host(): ID register limits,
 * MIDR/REVIDR/AIDR, CTR_EL0, CLIDR_EL1 and CCSIDRs before 6.3, workaround
 * levels, the SIM_CAP_HOST capabilities), a model answers kdiff's script
 * of ~3000 ioctls, kraw's register list and values and the library's
 * probe exactly as its kernel does. What is not seeded is the kernel's:
 * the writable masks, the register list, the capabilities' other
 * answers, every errno. arm64-5.10 is not measured (the lab boots 6.1
 * and later). The x86 models are calibrated the same way against Debian's
 * amd64 6.1.0-57, 6.12.118 and 7.2.13 with kvm_amd (tests/kernels,
 * run-x86.sh: kraw-x86, the probe and kdiff-x86).
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
 * Writable masks (sys_reg_desc.val): KVM_ARM_GET_REG_WRITABLE_MASKS as the
 * real 6.12.117 and 7.2.13 kernels answer it (the kernel lab,
 * tests/kernels: kdiff's "mask" steps). They are static tables of
 * arch/arm64/kvm/sys_regs.c, the same on every host: only the AArch32
 * ones depend on it (kvm_vm_ioctl_get_reg_writable_masks() skips them
 * without 32-bit EL0). Field positions: arch/arm64/tools/sysreg.
 */
/* AA32_ID_WRITABLE() and ID_DFR0_EL1: GENMASK(31, 0) (6.8: "let the VMM do its worse") */
#define MASK_AA32 0xffffffffull
/* ID_AA64PFR0_EL1: all but FP, AdvSIMD, RAS, SVE, MPAM, AMU; 7.2 adds RAS */
#define MASK612_PFR0 0xffff00f00f00ffffull
#define MASK72_PFR0 0xffff00f0ff00ffffull
/* ID_AA64PFR1_EL1: BT, SSBS, CSV2_frac; 7.2 adds RAS_frac and DF2 */
#define MASK612_PFR1 0x0000000f000000ffull
#define MASK72_PFR1 0x0f00000f0000f0ffull
/* ID_AA64PFR2_EL1: FPMR; 7.2 adds bits [15:4] */
#define MASK612_PFR2 0x0000000f00000000ull
#define MASK72_PFR2 0x0000000f0000fff0ull
/* ID_AA64ZFR0_EL1: the SVE feature fields; 7.2 adds [15:12] and [51:48] */
#define MASK612_ZFR0 0x0ff0ff0f0fff00ffull
#define MASK72_ZFR0 0x0fffff0f0ffff0ffull
/* ID_AA64FPFR0_EL1: the FP8 fields */
#define MASK612_FPFR0 0x00000000f0000003ull
#define MASK72_FPFR0 0x00000000fc0080ffull
/* ID_AA64DFR0_EL1: DebugVer, PMUVer, WRPs, DoubleLock */
#define MASK_DFR0 0x000000f000f00f0full
/* ID_AA64ISAR0_EL1: all but RES0 [3:0]; 7.2 also keeps TME [27:24] */
#define MASK612_ISAR0 0xfffffffffffffff0ull
#define MASK72_ISAR0 0xfffffffff0fffff0ull
/* ID_AA64ISAR1_EL1: all but GPI, GPA, API, APA */
#define MASK_ISAR1 0xffffffff00fff00full
/* ID_AA64ISAR2_EL1: all but APA3, GPA3 and [47:44]; 7.2 frees [47:44] */
#define MASK612_ISAR2 0xffff0fffffff00ffull
#define MASK72_ISAR2 0xffffffffffff00ffull
/* ID_AA64ISAR3_EL1 (7.2): CPA, FAMINMAX, TLBIW, LSFE... */
#define MASK72_ISAR3 0x00000000ff0f00f0ull
/* ID_AA64MMFR0_EL1: all but ASIDBITS, TGRAN*_2 and RES0; 7.2 frees TGRAN*_2 */
#define MASK612_MMFR0 0xff00f000ffffff0full
#define MASK72_MMFR0 0xff00ffffffffff0full
/* ID_AA64MMFR1_EL1: all but HCX... ; 7.2 frees [43:40] and [39:36] */
#define MASK612_MMFR1 0xfffff0f00ffff00full
#define MASK72_MMFR1 0xffffffff0ffff00full
/* ID_AA64MMFR2_EL1: all but RES0, EVT, FWB, IDS, NV, CCIDX */
#define MASK_MMFR2 0xf0ff000ff00fffffull
/* ID_AA64MMFR3_EL1: TCRX, S1PIE, S1POE; 7.2 adds [7:4] */
#define MASK612_MMFR3 0x00000000000f0f0full
#define MASK72_MMFR3 0x00000000000f0fffull
/* ID_AA64MMFR4_EL1 (7.2): NV_frac */
#define MASK72_MMFR4 0x0000000000f00000ull
/* CTR_EL0: DIC, IDC, DminLine, IminLine; 6.13 adds L1Ip */
#define MASK612_CTR 0x00000000300f000full
#define MASK72_CTR 0x00000000300fc00full
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
	IDR(1, 0, 0x1010131, MASK_AA32, PLAIN), /* ID_PFR0_EL1 */
	IDR(1, 1, 0x30010000, MASK_AA32, PLAIN), /* ID_PFR1_EL1 */
	IDR(1, 2, 0x11099, MASK_AA32, AA32DFR0), /* ID_DFR0_EL1 */
	RAZ(1, 3), /* ID_AFR0_EL1 */
	IDR(1, 4, 0x10201105, MASK_AA32, PLAIN), /* ID_MMFR0_EL1 */
	IDR(1, 5, 0x40000000, MASK_AA32, PLAIN), /* ID_MMFR1_EL1 */
	IDR(1, 6, 0x1260000, MASK_AA32, PLAIN), /* ID_MMFR2_EL1 */
	IDR(1, 7, 0x2122211, MASK_AA32, PLAIN), /* ID_MMFR3_EL1 */
	IDR(2, 0, 0x2101110, MASK_AA32, PLAIN), /* ID_ISAR0_EL1 */
	IDR(2, 1, 0x13112111, MASK_AA32, PLAIN), /* ID_ISAR1_EL1 */
	IDR(2, 2, 0x21232042, MASK_AA32, PLAIN), /* ID_ISAR2_EL1 */
	IDR(2, 3, 0x1112131, MASK_AA32, PLAIN), /* ID_ISAR3_EL1 */
	IDR(2, 4, 0x10142, MASK_AA32, PLAIN), /* ID_ISAR4_EL1 */
	IDR(2, 5, 0x1011121, MASK_AA32, PLAIN), /* ID_ISAR5_EL1 */
	IDR(2, 6, 0x21110, MASK_AA32, PLAIN), /* ID_MMFR4_EL1 */
	IDR(2, 7, 0x1100111, MASK_AA32, PLAIN), /* ID_ISAR6_EL1 */
	IDR(3, 0, 0x10110222, MASK_AA32, PLAIN), /* MVFR0_EL1 */
	IDR(3, 1, 0x13211111, MASK_AA32, PLAIN), /* MVFR1_EL1 */
	IDR(3, 2, 0x43, MASK_AA32, PLAIN), /* MVFR2_EL1 */
	RAZ(3, 3), /* S3_0_0_3_3 */
	IDR(3, 4, 0x11, MASK_AA32, PLAIN), /* ID_PFR2_EL1 */
	RAZ(3, 5), /* ID_DFR1_EL1 */
	IDR(3, 6, 0x0, MASK_AA32, PLAIN), /* ID_MMFR5_EL1 */
	RAZ(3, 7), /* S3_0_0_3_7 */
	IDR(4, 0, 0x1101010021111112, MASK612_PFR0, PFR0), /* ID_AA64PFR0_EL1 */
	IDR(4, 1, 0x20, MASK612_PFR1, PFR1), /* ID_AA64PFR1_EL1 */
	IDR(4, 2, 0x0, MASK612_PFR2, PLAIN), /* ID_AA64PFR2_EL1 */
	RAZ(4, 3), /* S3_0_0_4_3 */
	IDR(4, 4, 0x0, MASK612_ZFR0, PLAIN), /* ID_AA64ZFR0_EL1 */
	RAZ(4, 5), /* ID_AA64SMFR0_EL1 */
	RAZ(4, 6), /* S3_0_0_4_6 */
	IDR(4, 7, 0x0, MASK612_FPFR0, PLAIN), /* ID_AA64FPFR0_EL1 */
	IDR(5, 0, 0xf010305009, MASK_DFR0, DFR0), /* ID_AA64DFR0_EL1 */
	IDR(5, 1, 0x0, 0, PLAIN), /* ID_AA64DFR1_EL1 */
	RAZ(5, 2), /* S3_0_0_5_2 */
	RAZ(5, 3), /* S3_0_0_5_3 */
	RAZ(5, 4), /* ID_AA64AFR0_EL1 */
	RAZ(5, 5), /* ID_AA64AFR1_EL1 */
	RAZ(5, 6), /* S3_0_0_5_6 */
	RAZ(5, 7), /* S3_0_0_5_7 */
	IDR(6, 0, 0x1011111110212120, MASK612_ISAR0, PLAIN), /* ID_AA64ISAR0_EL1 */
	IDR(6, 1, 0x11100000211002, MASK_ISAR1, PLAIN), /* ID_AA64ISAR1_EL1 */
	IDR(6, 2, 0x0, MASK612_ISAR2, PLAIN), /* ID_AA64ISAR2_EL1 */
	RAZ(6, 3), /* ID_AA64ISAR3_EL1 */
	RAZ(6, 4), /* S3_0_0_6_4 */
	RAZ(6, 5), /* S3_0_0_6_5 */
	RAZ(6, 6), /* S3_0_0_6_6 */
	RAZ(6, 7), /* S3_0_0_6_7 */
	IDR(7, 0, 0x101125, MASK612_MMFR0, PLAIN), /* ID_AA64MMFR0_EL1 */
	IDR(7, 1, 0x10212122, MASK612_MMFR1, PLAIN), /* ID_AA64MMFR1_EL1 */
	IDR(7, 2, 0x220011102001011, MASK_MMFR2, MMFR2), /* ID_AA64MMFR2_EL1 */
	IDR(7, 3, 0x0, MASK612_MMFR3, PLAIN), /* ID_AA64MMFR3_EL1 */
	RAZ(7, 4), /* ID_AA64MMFR4_EL1 */
	RAZ(7, 5), /* S3_0_0_7_5 */
	RAZ(7, 6), /* S3_0_0_7_6 */
	RAZ(7, 7), /* S3_0_0_7_7 */
	SYSR(1, 0, 0, 1, 0x1000004, MASK_CLIDR, CLIDR), /* CLIDR_EL1 */
	SYSR(1, 0, 0, 7, 0x0, 0, IMP), /* AIDR_EL1 */
	SYSR(3, 0, 0, 1, 0xb444c004, MASK612_CTR, CTR), /* CTR_EL0 */
};

static const struct sim_idreg idregs_72[] = {
	SYSR(0, 0, 0, 0, 0x411fd401, MASK_MIDR, IMP), /* MIDR_EL1 */
	SYSR(0, 0, 0, 6, 0x1, MASK_ALL, IMP), /* REVIDR_EL1 */
	IDR(1, 0, 0x1010131, MASK_AA32, PLAIN), /* ID_PFR0_EL1 */
	IDR(1, 1, 0x30010000, MASK_AA32, PLAIN), /* ID_PFR1_EL1 */
	IDR(1, 2, 0x11099, MASK_AA32, AA32DFR0), /* ID_DFR0_EL1 */
	RAZ(1, 3), /* ID_AFR0_EL1 */
	IDR(1, 4, 0x10201105, MASK_AA32, PLAIN), /* ID_MMFR0_EL1 */
	IDR(1, 5, 0x40000000, MASK_AA32, PLAIN), /* ID_MMFR1_EL1 */
	IDR(1, 6, 0x1260000, MASK_AA32, PLAIN), /* ID_MMFR2_EL1 */
	IDR(1, 7, 0x2122211, MASK_AA32, PLAIN), /* ID_MMFR3_EL1 */
	IDR(2, 0, 0x2101110, MASK_AA32, PLAIN), /* ID_ISAR0_EL1 */
	IDR(2, 1, 0x13112111, MASK_AA32, PLAIN), /* ID_ISAR1_EL1 */
	IDR(2, 2, 0x21232042, MASK_AA32, PLAIN), /* ID_ISAR2_EL1 */
	IDR(2, 3, 0x1112131, MASK_AA32, PLAIN), /* ID_ISAR3_EL1 */
	IDR(2, 4, 0x10142, MASK_AA32, PLAIN), /* ID_ISAR4_EL1 */
	IDR(2, 5, 0x1011121, MASK_AA32, PLAIN), /* ID_ISAR5_EL1 */
	IDR(2, 6, 0x21110, MASK_AA32, PLAIN), /* ID_MMFR4_EL1 */
	IDR(2, 7, 0x1100111, MASK_AA32, PLAIN), /* ID_ISAR6_EL1 */
	IDR(3, 0, 0x10110222, MASK_AA32, PLAIN), /* MVFR0_EL1 */
	IDR(3, 1, 0x13211111, MASK_AA32, PLAIN), /* MVFR1_EL1 */
	IDR(3, 2, 0x43, MASK_AA32, PLAIN), /* MVFR2_EL1 */
	RAZ(3, 3), /* S3_0_0_3_3 */
	IDR(3, 4, 0x11, MASK_AA32, PLAIN), /* ID_PFR2_EL1 */
	RAZ(3, 5), /* ID_DFR1_EL1 */
	IDR(3, 6, 0x0, MASK_AA32, PLAIN), /* ID_MMFR5_EL1 */
	RAZ(3, 7), /* S3_0_0_3_7 */
	/* ID_AA64PFR0_EL1 */
	IDR_HW(4, 0, 0x1101000021111112, MASK72_PFR0, PFR0, 0x1101010021111112),
	IDR_HW(4, 1, 0x20, MASK72_PFR1, PFR1, 0x20), /* ID_AA64PFR1_EL1 */
	IDR(4, 2, 0x0, MASK72_PFR2, PLAIN), /* ID_AA64PFR2_EL1 */
	RAZ(4, 3), /* S3_0_0_4_3 */
	IDR(4, 4, 0x0, MASK72_ZFR0, PLAIN), /* ID_AA64ZFR0_EL1 */
	RAZ(4, 5), /* ID_AA64SMFR0_EL1 */
	RAZ(4, 6), /* S3_0_0_4_6 */
	IDR(4, 7, 0x0, MASK72_FPFR0, PLAIN), /* ID_AA64FPFR0_EL1 */
	IDR(5, 0, 0xf010305009, MASK_DFR0, DFR0), /* ID_AA64DFR0_EL1 */
	IDR(5, 1, 0x0, 0, PLAIN), /* ID_AA64DFR1_EL1 */
	RAZ(5, 2), /* S3_0_0_5_2 */
	RAZ(5, 3), /* S3_0_0_5_3 */
	RAZ(5, 4), /* ID_AA64AFR0_EL1 */
	RAZ(5, 5), /* ID_AA64AFR1_EL1 */
	RAZ(5, 6), /* S3_0_0_5_6 */
	RAZ(5, 7), /* S3_0_0_5_7 */
	IDR(6, 0, 0x1011111110212120, MASK72_ISAR0, PLAIN), /* ID_AA64ISAR0_EL1 */
	IDR(6, 1, 0x11100000211002, MASK_ISAR1, PLAIN), /* ID_AA64ISAR1_EL1 */
	IDR(6, 2, 0x0, MASK72_ISAR2, PLAIN), /* ID_AA64ISAR2_EL1 */
	IDR(6, 3, 0x0, MASK72_ISAR3, PLAIN), /* ID_AA64ISAR3_EL1 */
	RAZ(6, 4), /* S3_0_0_6_4 */
	RAZ(6, 5), /* S3_0_0_6_5 */
	RAZ(6, 6), /* S3_0_0_6_6 */
	RAZ(6, 7), /* S3_0_0_6_7 */
	IDR(7, 0, 0x101125, MASK72_MMFR0, PLAIN), /* ID_AA64MMFR0_EL1 */
	IDR(7, 1, 0x10212122, MASK72_MMFR1, PLAIN), /* ID_AA64MMFR1_EL1 */
	/* ID_AA64MMFR2_EL1 */
	IDR_HW(7, 2, 0x220011100001011, MASK_MMFR2, MMFR2, 0x220011102001011),
	IDR(7, 3, 0x0, MASK72_MMFR3, PLAIN), /* ID_AA64MMFR3_EL1 */
	IDR(7, 4, 0x0, MASK72_MMFR4, PLAIN), /* ID_AA64MMFR4_EL1 */
	RAZ(7, 5), /* S3_0_0_7_5 */
	RAZ(7, 6), /* S3_0_0_7_6 */
	RAZ(7, 7), /* S3_0_0_7_7 */
	SYSR(1, 0, 0, 1, 0x1000004, MASK_CLIDR, CLIDR), /* CLIDR_EL1 */
	SYSR(1, 0, 0, 7, 0x0, MASK_ALL, IMP), /* AIDR_EL1 */
	SYSR(3, 0, 0, 1, 0xb444c004, MASK72_CTR, CTR), /* CTR_EL0 */
};

/* ---------------------------------------------------------- x86 CPUID */

/*
 * The Milan host's leaves (the fingerprint's): the x86 models build
 * KVM_GET_SUPPORTED_CPUID from them with their kernel's rules
 * (x86.c), so leaves and bits the kernel does not report (the brand
 * string, 0xb.1, 0xe-0x10, HYPERVISOR, ...) do not reach the table.
 */
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

/*
 * Registers outside the ID space that GET_REG_LIST lists for a PSCI 0.2
 * vCPU (sys_reg_descs[] with their reset values, and the arch timer's,
 * guest.c copy_timer_indices()), as the real kernels list and read them
 * (the kernel lab's kraw). MPIDR_EL1 and the DBG{B,W}{V,C}R<n>_EL1
 * registers are made per vCPU (arm64.c).
 */
#define SR(op0, op1, crn, crm, op2, reset, kind) \
	{ HVABI_ARM64_SYS_REG(op0, op1, crn, crm, op2), reset, SIM_SR_##kind }
/* reset_unknown() (sys_regs.h) */
#define UNK 0x1de7ec7edbadc0deull

#define SYSREGS_COMMON \
	SR(2, 0, 0, 2, 0, 0, PLAIN),          /* MDCCINT_EL1 */ \
	SR(2, 0, 0, 2, 2, 0, PLAIN),          /* MDSCR_EL1 */ \
	SR(2, 0, 1, 1, 4, 0x8, PLAIN),        /* OSLSR_EL1: OSLM = 0b10 */ \
	SR(2, 4, 0, 7, 0, 0, PLAIN),          /* DBGVCR32_EL2 */ \
	SR(3, 0, 1, 0, 0, 0x00c50078, PLAIN), /* SCTLR_EL1 */ \
	SR(3, 0, 1, 0, 1, 0, PLAIN),          /* ACTLR_EL1 (the host's: 0 on both hosts) */ \
	SR(3, 0, 1, 0, 2, 0, PLAIN),          /* CPACR_EL1 */ \
	SR(3, 0, 2, 0, 0, UNK, PLAIN),        /* TTBR0_EL1 */ \
	SR(3, 0, 2, 0, 1, UNK, PLAIN),        /* TTBR1_EL1 */ \
	SR(3, 0, 2, 0, 2, 0, PLAIN),          /* TCR_EL1 */ \
	SR(3, 0, 5, 1, 0, UNK, PLAIN),        /* AFSR0_EL1 */ \
	SR(3, 0, 5, 1, 1, UNK, PLAIN),        /* AFSR1_EL1 */ \
	SR(3, 0, 5, 2, 0, UNK, PLAIN),        /* ESR_EL1 */ \
	SR(3, 0, 6, 0, 0, UNK, PLAIN),        /* FAR_EL1 */ \
	SR(3, 0, 7, 4, 0, UNK, PLAIN),        /* PAR_EL1 */ \
	SR(3, 0, 10, 2, 0, UNK, PLAIN),       /* MAIR_EL1 */ \
	SR(3, 0, 10, 3, 0, 0, PLAIN),         /* AMAIR_EL1 (the host's: 0 on both hosts) */ \
	SR(3, 0, 12, 0, 0, 0, PLAIN),         /* VBAR_EL1 */ \
	SR(3, 0, 12, 1, 1, 0, PLAIN),         /* DISR_EL1 */ \
	SR(3, 0, 13, 0, 1, 0, PLAIN),         /* CONTEXTIDR_EL1 */ \
	SR(3, 0, 13, 0, 4, UNK, PLAIN),       /* TPIDR_EL1 */ \
	SR(3, 0, 14, 1, 0, 0, PLAIN),         /* CNTKCTL_EL1 */ \
	SR(3, 2, 0, 0, 0, UNK, PLAIN),        /* CSSELR_EL1 */ \
	SR(3, 3, 13, 0, 2, UNK, PLAIN),       /* TPIDR_EL0 */ \
	SR(3, 3, 13, 0, 3, UNK, PLAIN),       /* TPIDRRO_EL0 */ \
	SR(3, 3, 14, 0, 2, 0, PLAIN),         /* KVM_REG_ARM_TIMER_CVAL */ \
	SR(3, 3, 14, 3, 1, 0, TIMER_CTL),     /* KVM_REG_ARM_TIMER_CTL */ \
	SR(3, 3, 14, 3, 2, 0, COUNTER),       /* KVM_REG_ARM_TIMER_CNT */ \
	SR(3, 4, 3, 0, 0, UNK, PLAIN),        /* DACR32_EL2 */ \
	SR(3, 4, 5, 0, 1, UNK, PLAIN),        /* IFSR32_EL2 */ \
	SR(3, 4, 5, 3, 0, 0x700, PLAIN)       /* FPEXC32_EL2 */

/* The physical timer's registers (listed since 6.4, with the counter offsets). */
#define SYSREGS_PTIMER \
	SR(3, 3, 14, 0, 1, 0, COUNTER),       /* KVM_REG_ARM_PTIMER_CNT */ \
	SR(3, 3, 14, 2, 1, 0, TIMER_CTL),     /* KVM_REG_ARM_PTIMER_CTL */ \
	SR(3, 3, 14, 2, 2, 0, PLAIN)          /* KVM_REG_ARM_PTIMER_CVAL */

static const struct sim_sysreg sysregs_61[] = { SYSREGS_COMMON };

/* 6.12: TCR2_EL1, PIRE0_EL1 and PIR_EL1 listed whatever the CPU has */
static const struct sim_sysreg sysregs_612[] = {
	SYSREGS_COMMON, SYSREGS_PTIMER,
	SR(3, 0, 2, 0, 3, 0, PLAIN),          /* TCR2_EL1 */
	SR(3, 0, 10, 2, 2, UNK, PLAIN),       /* PIRE0_EL1 */
	SR(3, 0, 10, 2, 3, UNK, PLAIN),       /* PIR_EL1 */
};

/* 7.2: ... only when the VM has FEAT_TCR2 / FEAT_S1PIE (tcr2_visibility, s1pie_visibility) */
static const struct sim_sysreg sysregs_72[] = {
	SYSREGS_COMMON, SYSREGS_PTIMER,
	SR(3, 0, 2, 0, 3, 0, VIS_TCRX),       /* TCR2_EL1 */
	SR(3, 0, 10, 2, 2, UNK, VIS_S1PIE),   /* PIRE0_EL1 */
	SR(3, 0, 10, 2, 3, UNK, VIS_S1PIE),   /* PIR_EL1 */
};

/*
 * KVM_CHECK_EXTENSION answers (kvm_vm_ioctl_check_extension_generic(),
 * arm.c kvm_vm_ioctl_check_extension()), as the real 6.1.0-56,
 * 6.12.117 and 7.2.13 kernels answer them (every capability up to 320,
 * the kernel lab's kdiff). HOST marks the answers that are the machine's:
 * online CPUs (NR_VCPUS), the GIC's vCPU limit (MAX_VCPUS), a PMU, SVE,
 * pointer authentication, MTE, nested virtualisation; DERIVED the ones
 * computed from the host's ID registers (EL1_32BIT from
 * ID_AA64PFR0_EL1.EL1, GUEST_DEBUG_HW_BPS/WPS from ID_AA64DFR0_EL1,
 * ARM_VM_IPA_SIZE from ID_AA64MMFR0_EL1.PARange and the kernel's limit).
 * The defaults are the Graviton3 host's (64 CPUs, GICv3, PMU, SVE,
 * pointer authentication, no MTE, no NV).
 */
#define CAPN(n, v) { n, v, 0 }
#define CAPH(n, v) { n, v, SIM_CAP_HOST }
#define CAPD(n) { n, 0, SIM_CAP_DERIVED }

#define CAPS_ARM64_61 \
	CAPN(0, 1),        /* IRQCHIP: a vGIC */ \
	CAPN(3, 1),        /* USER_MEMORY */ \
	CAPH(9, 64),       /* NR_VCPUS: online CPUs */ \
	CAPN(10, 32767),   /* NR_MEMSLOTS */ \
	CAPN(14, 1),       /* MP_STATE */ \
	CAPN(15, 1),       /* COALESCED_MMIO */ \
	CAPN(16, 1),       /* SYNC_MMU */ \
	CAPN(21, 1),       /* DESTROY_MEMORY_REGION_WORKS */ \
	CAPN(23, 1),       /* SET_GUEST_DEBUG */ \
	CAPN(25, 4096),    /* IRQ_ROUTING: KVM_MAX_IRQ_ROUTES */ \
	CAPN(30, 1),       /* JOIN_MEMORY_REGIONS_WORKS */ \
	CAPN(32, 1),       /* IRQFD */ \
	CAPN(36, 1),       /* IOEVENTFD */ \
	CAPN(40, 1),       /* INTERNAL_ERROR_DATA */ \
	CAPN(41, 1),       /* VCPU_EVENTS */ \
	CAPH(66, 512),     /* MAX_VCPUS: the GIC's (GICv3: 512) */ \
	KV_CAP(ONE_REG, 1), \
	CAPN(77, 1),       /* SIGNAL_MSI */ \
	CAPN(81, 1),       /* READONLY_MEM */ \
	CAPN(82, 1),       /* IRQFD_RESAMPLE */ \
	KV_CAP(ARM_PSCI, 1), \
	CAPN(88, 1),       /* ARM_SET_DEVICE_ADDR */ \
	CAPN(89, 1),       /* DEVICE_CTRL */ \
	CAPD(93),          /* ARM_EL1_32BIT */ \
	CAPN(98, 1),       /* ENABLE_CAP_VM */ \
	KV_CAP(ARM_PSCI_0_2, 1), \
	KV_CAP(CHECK_EXTENSION_VM, 1), \
	CAPD(119),         /* GUEST_DEBUG_HW_BPS */ \
	CAPD(120),         /* GUEST_DEBUG_HW_WPS */ \
	CAPN(122, 1),      /* IOEVENTFD_ANY_LENGTH */ \
	CAPH(HVABI_KVM_CAP_ARM_PMU_V3, 1), \
	KV_CAP(VCPU_ATTRIBUTES, 1), \
	CAPN(128, 512),    /* MAX_VCPU_ID: KVM_MAX_VCPU_IDS */ \
	{ 131, 0, SIM_CAP_VM_ONLY }, /* MSI_DEVID: the VM's vGIC ITS */ \
	CAPN(136, 1),      /* IMMEDIATE_EXIT */ \
	CAPN(144, 1),      /* ARM_USER_IRQ */ \
	CAPN(158, 1),      /* ARM_INJECT_SERROR_ESR */ \
	CAPN(162, 1),      /* COALESCED_PIO */ \
	CAPD(165),         /* ARM_VM_IPA_SIZE */ \
	CAPN(168, 3),      /* MANUAL_DIRTY_LOG_PROTECT2: KVM_DIRTY_LOG_MANUAL_CAPS */ \
	CAPH(HVABI_KVM_CAP_ARM_SVE, 1), \
	CAPH(HVABI_KVM_CAP_ARM_PTRAUTH_ADDRESS, 1), \
	CAPH(HVABI_KVM_CAP_ARM_PTRAUTH_GENERIC, 1), \
	CAPN(174, 1),      /* ARM_IRQ_LINE_LAYOUT_2 */ \
	CAPN(177, 1),      /* ARM_NISV_TO_USER */ \
	CAPN(178, 1),      /* ARM_INJECT_EXT_DABT */ \
	CAPN(182, 1),      /* HALT_POLL */ \
	/* kvm_arm_pvtime_supported(): sched_info_on(), which Debian's config has */ \
	KV_CAP(STEAL_TIME, 1), \
	CAPN(195, 0x30003), /* SET_GUEST_DEBUG2: KVM_GUESTDBG_VALID_MASK */ \
	KV_CAP(PTP_KVM, 1), \
	CAPN(203, 1),      /* BINARY_STATS_FD */ \
	CAPH(205, 0),      /* ARM_MTE */ \
	CAPN(215, 1),      /* SYSTEM_EVENT_DATA */ \
	KV_CAP(ARM_SYSTEM_SUSPEND, 1)

#define CAPS_ARM64_612 \
	CAPS_ARM64_61, \
	CAPN(223, 0x100000), /* DIRTY_LOG_RING_ACQ_REL: the ring's largest size */ \
	CAPN(225, 1),      /* DIRTY_LOG_RING_WITH_BITMAP */ \
	KV_CAP(COUNTER_OFFSET, 1), \
	CAPN(229, 0x40201000), /* ARM_SUPPORTED_BLOCK_SIZES: 4K, 2M, 1G (4K pages) */ \
	/* BIT(KVM_ARM_FEATURE_ID_RANGE) */ \
	KV_CAP(ARM_SUPPORTED_REG_MASK_RANGES, 1), \
	CAPN(231, 1)       /* USER_MEMORY2 */

/* KVM_CHECK_EXTENSION of Debian's 5.10 (not measured: the lab boots 6.1 and later) */
static const struct sim_cap caps_arm64_510[] = {
	KV_CAP(ONE_REG, 1), KV_CAP(ARM_PSCI, 1), KV_CAP(ARM_PSCI_0_2, 1),
	KV_CAP(CHECK_EXTENSION_VM, 1), KV_CAP(ARM_PMU_V3, 1), KV_CAP(VCPU_ATTRIBUTES, 1),
	KV_CAP(ARM_SVE, 1), KV_CAP(ARM_PTRAUTH_ADDRESS, 1), KV_CAP(ARM_PTRAUTH_GENERIC, 1),
	KV_CAP(STEAL_TIME, 1),
};
static const struct sim_cap caps_arm64_61[] = { CAPS_ARM64_61 };
static const struct sim_cap caps_arm64_612[] = { CAPS_ARM64_612 };
static const struct sim_cap caps_arm64_72[] = {
	CAPS_ARM64_612,
	CAPN(234, 1),      /* GUEST_MEMFD */
	KV_CAP(ARM_WRITABLE_IMP_ID_REGS, 1),
	CAPH(240, 0),      /* ARM_EL2: nested virtualisation */
	CAPH(241, 0),      /* ARM_EL2_E2H0 */
	/* ARM_CACHEABLE_PFNMAP_SUPPORTED: needs the VM (/dev/kvm says EINVAL) */
	{ 243, 0, SIM_CAP_HOST | SIM_CAP_VM_ONLY },
	CAPN(244, 3),      /* GUEST_MEMFD_FLAGS */
	CAPN(245, 1),      /* ARM_SEA_TO_USER */
};

/* Bits of struct kvm_vcpu_init.features[0] KVM knows (KVM_VCPU_MAX_FEATURES). */
#define FEATURES_0_6 0x7fu   /* POWER_OFF .. PTRAUTH_GENERIC */
#define FEATURES_0_8 0x1ffu  /* + HAS_EL2, HAS_EL2_E2H0 */

static const struct sim_arm64_model arm64_510 = {
	.psci_versions = psci_510, .npsci_versions = HVABI_ARRAY_SIZE(psci_510),
	.psci_latest = HVABI_PSCI_VERSION(1, 0),
	.fw_regs = fw_510, .nfw_regs = HVABI_ARRAY_SIZE(fw_510),
	/* CSV3 became writable with 5.11; 5.10 has CSV2 only (kvmarm-fixes-5.10-3) */
	.pa_bits_max = 48,
	.ndbg = 16,
	.valid_features = FEATURES_0_6,
	.idregs = idregs_510, .nidregs = HVABI_ARRAY_SIZE(idregs_510),
	.sysregs = sysregs_61, .nsysregs = HVABI_ARRAY_SIZE(sysregs_61),
};

static const struct sim_arm64_model arm64_61 = {
	.psci_versions = psci_61, .npsci_versions = HVABI_ARRAY_SIZE(psci_61),
	.psci_latest = HVABI_PSCI_VERSION(1, 1),
	.fw_regs = fw_61, .nfw_regs = HVABI_ARRAY_SIZE(fw_61),
	.bmap_features = { 0x1, 0x1, 0x3, 0 },
	.csv3_writable = true,
	/* CONFIG_ARM64_PA_BITS=48: 52-bit IPAs need 64K pages before LPA2 (6.9) */
	.pa_bits_max = 48,
	.ndbg = 16,
	.valid_features = FEATURES_0_6,
	.idregs = idregs_61, .nidregs = HVABI_ARRAY_SIZE(idregs_61),
	.sysregs = sysregs_61, .nsysregs = HVABI_ARRAY_SIZE(sysregs_61),
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
	.ccsidr_fabricated = true,
	.ctr_trapped_unless_evt = true,
	.gic_hidden_at_run = true,
	.pa_bits_max = 52,
	.ndbg = 16,
	/* KVM_VCPU_MAX_FEATURES is still 7: HAS_EL2 is ENOENT */
	.valid_features = FEATURES_0_6,
	.idregs = idregs_612, .nidregs = HVABI_ARRAY_SIZE(idregs_612),
	.ftr = &hvabi_sim_ftr_612,
	.sysregs = sysregs_612, .nsysregs = HVABI_ARRAY_SIZE(sysregs_612),
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
	.pfr0_el_rule = true,
	.clidr_writable = true,
	.features_vm_wide = true,
	.ccsidr_fabricated = true,
	.ctr_trapped_unless_evt = true,
	.timer_istatus_enabled_only = true,
	.gic_hidden_at_run = true,
	.e2h0_alone = true,
	.pa_bits_max = 52,
	.ndbg = 16,
	.valid_features = FEATURES_0_8,
	.idregs = idregs_72, .nidregs = HVABI_ARRAY_SIZE(idregs_72),
	.ftr = &hvabi_sim_ftr_72,
	.sysregs = sysregs_72, .nsysregs = HVABI_ARRAY_SIZE(sysregs_72),
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

/*
 * enum KVM_RISCV_ISA_EXT_ID (arch/riscv/include/uapi/asm/kvm.h): the ids
 * only grow, so one list serves every model; KVM_RISCV_ISA_EXT_MAX is 23
 * at 6.6, 63 at 6.12 (after ZAWRS) and 79 at 7.2 (after ZALASR).
 */
enum {
	RV_A, RV_C, RV_D, RV_F, RV_H, RV_I, RV_M, RV_SVPBMT, RV_SSTC, RV_SVINVAL,
	RV_ZIHINTPAUSE, RV_ZICBOM, RV_ZICBOZ, RV_ZBB, RV_SSAIA, RV_V, RV_SVNAPOT,
	RV_ZBA, RV_ZBS, RV_ZICNTR, RV_ZICSR, RV_ZIFENCEI, RV_ZIHPM, RV_ISA_MAX_66,
	RV_SMSTATEEN = RV_ISA_MAX_66, RV_ZICOND, RV_ZBC, RV_ZBKB, RV_ZBKC, RV_ZBKX,
	RV_ZKND, RV_ZKNE, RV_ZKNH, RV_ZKR, RV_ZKSED, RV_ZKSH, RV_ZKT, RV_ZVBB, RV_ZVBC,
	RV_ZVKB, RV_ZVKG, RV_ZVKNED, RV_ZVKNHA, RV_ZVKNHB, RV_ZVKSED, RV_ZVKSH, RV_ZVKT,
	RV_ZFH, RV_ZFHMIN, RV_ZIHINTNTL, RV_ZVFH, RV_ZVFHMIN, RV_ZFA, RV_ZTSO, RV_ZACAS,
	RV_SSCOFPMF, RV_ZIMOP, RV_ZCA, RV_ZCB, RV_ZCD, RV_ZCF, RV_ZCMOP, RV_ZAWRS,
	RV_ISA_MAX_612,
	RV_SMNPM = RV_ISA_MAX_612, RV_SSNPM, RV_SVADE, RV_SVADU, RV_SVVPTC, RV_ZABHA,
	RV_ZICCRSE, RV_ZAAMO, RV_ZALRSC, RV_ZICBOP, RV_ZFBFMIN, RV_ZVFBFMIN, RV_ZVFBFWMA,
	RV_ZCLSD, RV_ZILSD, RV_ZALASR, RV_ISA_MAX_72,
};

/* enum KVM_RISCV_SBI_EXT_ID */
enum {
	RV_SBI_V01, RV_SBI_TIME, RV_SBI_IPI, RV_SBI_RFENCE, RV_SBI_SRST, RV_SBI_HSM,
	RV_SBI_PMU, RV_SBI_EXPERIMENTAL, RV_SBI_VENDOR, RV_SBI_DBCN, RV_SBI_STA,
	RV_SBI_MAX_612, RV_SBI_SUSP = RV_SBI_MAX_612, RV_SBI_FWFT, RV_SBI_MPXY,
	RV_SBI_MAX_72,
};
#define SBIB(x) (1ull << RV_SBI_##x)

static const struct sim_cap caps_riscv_66[] = {
	KV_CAP(ONE_REG, 1), KV_CAP(CHECK_EXTENSION_VM, 1),
};

static const struct sim_riscv_model riscv_66 = {
	.isa_max = RV_ISA_MAX_66,
	.isa_host = { ((1ull << RV_ISA_MAX_66) - 1) & ~(1ull << RV_SSAIA), 0 },
	/* kvm_riscv_vcpu_isa_enable_allowed(): H never (vcpu_onereg.c) */
	.isa_enable_denied = { 1ull << RV_H, 0 },
	/* kvm_riscv_vcpu_isa_disable_allowed() */
	.isa_disable_denied = {
		(1ull << RV_A) | (1ull << RV_C) | (1ull << RV_I) | (1ull << RV_M) |
		(1ull << RV_SSAIA) | (1ull << RV_SSTC) | (1ull << RV_SVINVAL) |
		(1ull << RV_SVNAPOT) | (1ull << RV_ZBA) | (1ull << RV_ZBB) | (1ull << RV_ZBS) |
		(1ull << RV_ZICNTR) | (1ull << RV_ZICSR) | (1ull << RV_ZIFENCEI) |
		(1ull << RV_ZIHINTPAUSE) | (1ull << RV_ZIHPM), 0 },
	/* V01, TIME, IPI, RFENCE, SRST, HSM, PMU, EXPERIMENTAL, VENDOR */
	.sbi_max = 9,
	.sbi_rule = SIM_RV_SBI_66,
	.sbi_spec_major = 1,
	.sbi_multi_listed = true,
	.sbi_state_rule = SIM_RV_STATE_NONE,
	.nconfig = 7,
	.ncsr = 10,
	.mvendorid = 0x489, .marchid = 0x8000000000000008ull, .mimpid = 0x0,
	.satp_mode = 9, /* Sv48 */
	.cbom_block_size = 64, .cboz_block_size = 64,
};

static const struct sim_model model_riscv_66 = {
	.name = "riscv-6.6", .release = "6.6.58-riscv64", .arch = HVABI_ARCH_RISCV64,
	.caps = caps_riscv_66, .ncaps = HVABI_ARRAY_SIZE(caps_riscv_66),
	.riscv = &riscv_66,
};

/*
 * riscv-6.12 and riscv-7.2: Debian's 6.12.117+deb13 and 7.2.13+deb14
 * riscv64 kernels, measured in the kernel lab (tests/kernels,
 * run-riscv.sh) on QEMU's rv64 CPU with the H extension, whose
 * extensions are the default host here: a c d f h i m, sstc,
 * zihintpause, zbb, zba, zbs, zicntr, zicsr, zifencei, zihpm, zbc, zca,
 * zcd and (ids
 * beyond 6.12's table) zaamo, zalrsc; no Ssaia, Smstateen, Sscofpmf or V.
 * mvendorid 0, marchid/mimpid 0x70216 (QEMU's) and satp_mode are the
 * host's (seedable, as are caps 9 and 207).
 *
 * KVM_CHECK_EXTENSION (arch/riscv/kvm/vm.c kvm_vm_ioctl_check_extension()
 * and virt/kvm/kvm_main.c kvm_vm_ioctl_check_extension_generic(), 6.12 and
 * 7.2): the same answer on /dev/kvm and on a VM.
 */
#define RISCV_CAPS_COMMON \
	{ 3, 1, 0 }, /* USER_MEMORY */ \
	{ 9, 1, SIM_CAP_HOST }, /* NR_VCPUS: num_online_cpus(), at most KVM_MAX_VCPUS */ \
	{ 10, 32767, 0 }, /* NR_MEMSLOTS: KVM_USER_MEM_SLOTS */ \
	{ 14, 1, 0 }, /* MP_STATE */ \
	{ 15, 1, 0 }, /* COALESCED_MMIO (kvm_main.c) */ \
	{ 16, 1, 0 }, /* SYNC_MMU */ \
	{ 21, 1, 0 }, /* DESTROY_MEMORY_REGION_WORKS */ \
	{ 23, 1, 0 }, /* SET_GUEST_DEBUG */ \
	{ 25, 4096, 0 }, /* IRQ_ROUTING: KVM_MAX_IRQ_ROUTES */ \
	{ 30, 1, 0 }, /* JOIN_MEMORY_REGIONS_WORKS */ \
	{ 32, 1, 0 }, /* IRQFD */ \
	{ 36, 1, 0 }, /* IOEVENTFD */ \
	{ 40, 1, 0 }, /* INTERNAL_ERROR_DATA */ \
	{ 66, 1024, 0 }, /* MAX_VCPUS: KVM_MAX_VCPUS */ \
	{ 70, 1, 0 }, /* ONE_REG */ \
	{ 77, 1, 0 }, /* SIGNAL_MSI */ \
	{ 81, 1, 0 }, /* READONLY_MEM */ \
	{ 89, 1, 0 }, /* DEVICE_CTRL */ \
	{ 98, 1, 0 }, /* ENABLE_CAP_VM */ \
	{ 105, 1, 0 }, /* CHECK_EXTENSION_VM */ \
	{ 122, 1, 0 }, /* IOEVENTFD_ANY_LENGTH */ \
	{ 136, 1, 0 }, /* IMMEDIATE_EXIT */ \
	{ 162, 1, 0 }, /* COALESCED_PIO */ \
	{ 182, 1, 0 }, /* HALT_POLL */ \
	{ 203, 1, 0 }, /* BINARY_STATS_FD */ \
	{ 207, 59, SIM_CAP_HOST }, /* VM_GPA_BITS: the host's G-stage mode (Sv57x4) */ \
	{ 215, 1, 0 }, /* SYSTEM_EVENT_DATA */ \
	{ 231, 1, 0 }, /* USER_MEMORY2 */

static const struct sim_cap caps_riscv_612[] = {
	RISCV_CAPS_COMMON
	{ 168, 1, 0 }, /* MANUAL_DIRTY_LOG_PROTECT2: KVM_DIRTY_LOG_MANUAL_CAPS */
};

static const struct sim_cap caps_riscv_72[] = {
	RISCV_CAPS_COMMON
	{ 168, 3, 0 }, /* MANUAL_DIRTY_LOG_PROTECT2: ... | INITIALLY_SET */
	{ 223, 1048576, 0 }, /* DIRTY_LOG_RING_ACQ_REL: KVM_DIRTY_RING_MAX_ENTRIES entries */
};

_Static_assert(RV_ISA_MAX_612 == 62 && RV_ZCA == 56 && RV_SSCOFPMF == 54 &&
	       RV_SSNPM == 63 && RV_SVADU == 65 && RV_ZAAMO == 69 && RV_ISA_MAX_72 == 78,
	       "KVM_RISCV_ISA_EXT_ID (arch/riscv/include/uapi/asm/kvm.h)");
_Static_assert(RV_SBI_MAX_612 == 11 && RV_SBI_MAX_72 == 14, "KVM_RISCV_SBI_EXT_ID");

/* The lab's host (QEMU rv64,h=true), a bit per KVM id. */
#define RV_QEMU_HOST_LO \
	((1ull << RV_A) | (1ull << RV_C) | (1ull << RV_D) | (1ull << RV_F) | (1ull << RV_H) | \
	 (1ull << RV_I) | (1ull << RV_M) | (1ull << RV_ZBB) | (1ull << RV_ZBA) | (1ull << RV_ZBS) | (1ull << RV_ZICNTR) | \
	 (1ull << RV_ZICSR) | (1ull << RV_ZIFENCEI) | (1ull << RV_ZIHPM) | (1ull << RV_ZBC) | \
	 (1ull << RV_ZCA) | (1ull << RV_ZCD) | (1ull << RV_SSTC) | (1ull << RV_ZIHINTPAUSE))
#define RV_QEMU_HOST_HI ((1ull << (RV_ZAAMO - 64)) | (1ull << (RV_ZALRSC - 64)))

/*
 * kvm_riscv_vcpu_isa_disable_allowed() false, 6.12
 * (arch/riscv/kvm/vcpu_onereg.c); Ssaia is the Smstateen rule (riscv.c).
 */
#define RV_NODISABLE_612 \
	((1ull << RV_A) | (1ull << RV_C) | (1ull << RV_I) | (1ull << RV_M) | \
	 (1ull << RV_SSCOFPMF) | (1ull << RV_SSTC) | (1ull << RV_SVINVAL) | \
	 (1ull << RV_SVNAPOT) | (1ull << RV_ZACAS) | (1ull << RV_ZAWRS) | (1ull << RV_ZBA) | \
	 (1ull << RV_ZBB) | (1ull << RV_ZBC) | (1ull << RV_ZBKB) | (1ull << RV_ZBKC) | \
	 (1ull << RV_ZBKX) | (1ull << RV_ZBS) | (1ull << RV_ZCA) | (1ull << RV_ZCB) | \
	 (1ull << RV_ZCD) | (1ull << RV_ZCF) | (1ull << RV_ZCMOP) | (1ull << RV_ZFA) | \
	 (1ull << RV_ZFH) | (1ull << RV_ZFHMIN) | (1ull << RV_ZICNTR) | (1ull << RV_ZICOND) | \
	 (1ull << RV_ZICSR) | (1ull << RV_ZIFENCEI) | (1ull << RV_ZIHINTNTL) | \
	 (1ull << RV_ZIHINTPAUSE) | (1ull << RV_ZIHPM) | (1ull << RV_ZIMOP) | \
	 (1ull << RV_ZKND) | (1ull << RV_ZKNE) | (1ull << RV_ZKNH) | (1ull << RV_ZKR) | \
	 (1ull << RV_ZKSED) | (1ull << RV_ZKSH) | (1ull << RV_ZKT) | (1ull << RV_ZTSO) | \
	 (1ull << RV_ZVBB) | (1ull << RV_ZVBC) | (1ull << RV_ZVFH) | (1ull << RV_ZVFHMIN) | \
	 (1ull << RV_ZVKB) | (1ull << RV_ZVKG) | (1ull << RV_ZVKNED) | (1ull << RV_ZVKNHA) | \
	 (1ull << RV_ZVKNHB) | (1ull << RV_ZVKSED) | (1ull << RV_ZVKSH) | (1ull << RV_ZVKT))

static const struct sim_riscv_model riscv_612 = {
	.isa_max = RV_ISA_MAX_612,
	.isa_host = { RV_QEMU_HOST_LO, 0 },
	/*
	 * kvm_riscv_vcpu_isa_enable_allowed() (vcpu_onereg.c, 6.12): H never;
	 * Sscofpmf only with the host's Ssaia (riscv.c).
	 */
	.isa_enable_denied = { 1ull << RV_H, 0 },
	.isa_disable_denied = { RV_NODISABLE_612, 0 },
	/* arch/riscv/kvm/vcpu_sbi.c (6.12): sbi_ext[] has every id below 11 */
	.sbi_max = RV_SBI_MAX_612,
	.sbi_rule = SIM_RV_SBI_STATUS,
	.sbi_spec_major = 2,
	.sbi_exists = (1ull << RV_SBI_MAX_612) - 1,
	.sbi_default_off = SBIB(DBCN), /* vcpu_sbi_replace.c: dbcn .default_disabled */
	.sbi_state_rule = SIM_RV_STATE_ANY,
	.nconfig = 7,
	.ncsr = 11,
	/* vcpu.c kvm_arch_vcpu_create() (6.12): sstatus.SPP, scounteren 0x7 */
	.reset_mode = 1,
	.reset_scounteren = 0x7,
	/* vcpu_timer.c kvm_riscv_vcpu_timer_init(): next_cycles = -1 */
	.reset_timer_compare = ~0ull,
	.mvendorid = 0, .marchid = 0x70216, .mimpid = 0x70216,
	.satp_mode = 0xa, /* Sv57 */
	.cbom_block_size = 64, .cboz_block_size = 64,
};

static const struct sim_model model_riscv_612 = {
	.name = "riscv-6.12", .release = "6.12.117+deb13-riscv64", .arch = HVABI_ARCH_RISCV64,
	.caps = caps_riscv_612, .ncaps = HVABI_ARRAY_SIZE(caps_riscv_612),
	.riscv = &riscv_612,
};

static const struct sim_riscv_model riscv_72 = {
	.isa_max = RV_ISA_MAX_72,
	.isa_host = { RV_QEMU_HOST_LO, RV_QEMU_HOST_HI },
	/*
	 * kvm_riscv_isa_enable_allowed() (arch/riscv/kvm/isa.c, 7.2): H never;
	 * Sscofpmf only with the host's Ssaia, Svadu only with the host's
	 * Svadu (riscv.c).
	 */
	.isa_enable_denied = { 1ull << RV_H, 0 },
	/*
	 * kvm_riscv_isa_disable_allowed() (isa.c, 7.2): 6.12's list less
	 * nothing, plus Ssnpm, Svvptc, Zaamo, Zabha, Zalasr, Zalrsc, Zfbfmin,
	 * Zicbop, Ziccrse, Zvfbfmin, Zvfbfwma; Svade only with Svadu (riscv.c).
	 */
	.isa_disable_denied = {
		RV_NODISABLE_612 | (1ull << RV_SSNPM),
		(1ull << (RV_SVVPTC - 64)) |
		(1ull << (RV_ZAAMO - 64)) | (1ull << (RV_ZABHA - 64)) |
		(1ull << (RV_ZALASR - 64)) | (1ull << (RV_ZALRSC - 64)) |
		(1ull << (RV_ZFBFMIN - 64)) | (1ull << (RV_ZICBOP - 64)) |
		(1ull << (RV_ZICCRSE - 64)) | (1ull << (RV_ZVFBFMIN - 64)) |
		(1ull << (RV_ZVFBFWMA - 64)) },
	/* arch/riscv/kvm/vcpu_sbi.c (7.2): sbi_ext[] has every id below 14 */
	.sbi_max = RV_SBI_MAX_72,
	.sbi_rule = SIM_RV_SBI_STATUS,
	.sbi_spec_major = 3,
	.sbi_exists = (1ull << RV_SBI_MAX_72) - 1,
	/*
	 * .default_disabled: DBCN and MPXY (vcpu_sbi_forward.c), SUSP
	 * (vcpu_sbi_system.c)
	 */
	.sbi_default_off = SBIB(DBCN) | SBIB(SUSP) | SBIB(MPXY),
	.sbi_state_rule = SIM_RV_STATE_ENABLED,
	.nconfig = 8,
	.cbo_always = true,
	.ncsr = 11,
	/* vcpu.c (7.2): sstatus.SPP at reset; scounteren no longer preset */
	.reset_mode = 1,
	.reset_scounteren = 0,
	.reset_timer_compare = ~0ull,
	.mvendorid = 0, .marchid = 0x70216, .mimpid = 0x70216,
	.satp_mode = 0x9, /* Sv48 */
	.cbom_block_size = 64, .cboz_block_size = 64, .cbop_block_size = 64,
};

static const struct sim_model model_riscv_72 = {
	.name = "riscv-7.2", .release = "7.2.13+deb14-riscv64", .arch = HVABI_ARCH_RISCV64,
	.caps = caps_riscv_72, .ncaps = HVABI_ARRAY_SIZE(caps_riscv_72),
	.riscv = &riscv_72,
};

/* ----------------------------------------------------------------- x86 */

/*
 * msr_based_features[] values of the Milan host: DE_CFG.LFENCE_SERIALIZE,
 * the fingerprint host's microcode revision (0xa0011de), ARCH_CAPABILITIES
 * (RDCL_NO|SKIP_VMENTRY_L1DFLUSH|MDS_NO|PSCHANGE_MC_NO on a Meltdown- and
 * MDS-free CPU without RTM). PERF_CAPABILITIES (0 on SVM) and
 * PLATFORM_INFO (7.2) are the kernel's (x86.c).
 */
static const struct sim_msr msrs_milan[] = {
	{ 0xc0011029, 0x2 },
	{ 0x0000008b, 0x0a0011de00000000ull },
	{ 0x0000010a, 0x69 },
};

/*
 * KVM_CHECK_EXTENSION on x86 (kvm_vm_ioctl_check_extension(),
 * arch/x86/kvm/x86.c, and kvm_vm_ioctl_check_extension_generic(),
 * virt/kvm/kvm_main.c), as the kernel lab's Debian kernels answer on
 * /dev/kvm and a VM (tests/kernels: 6.1.0-57, 6.12.118+deb12,
 * 7.2.13+deb14 with kvm_amd). SIM_CAP_HOST: the host's answer (its
 * value here is the Milan host's: 128 online CPUs, a PMU, no TSC
 * scaling as in the lab); SIM_CAP_DERIVED: computed (x86.c
 * hvabi_sim_x86_cap(): XSAVE2 from CPUID 0xd, and the caps a default VM
 * answers otherwise than /dev/kvm). Every other value is the kernel's:
 * KVM_MAX_VCPUS (66, and 128 = 4 * it) 1024 in 6.1 and 4096 since 6.12,
 * KVM_CAP_XEN_HVM (38) off in Debian's 6.1 config, ONE_REG (70) for MSRs
 * since 7.x, the quirks (213) each series knows.
 */
#define X86_CAPS_COMMON \
	{ 0, 1, 0 }, /* IRQCHIP */ \
	{ 1, 1, 0 }, /* HLT */ \
	{ 2, 1, 0 }, /* MMU_SHADOW_CACHE_CONTROL */ \
	{ 3, 1, 0 }, /* USER_MEMORY */ \
	{ 4, 1, 0 }, /* SET_TSS_ADDR */ \
	{ 6, 1, 0 }, /* VAPIC */ \
	{ 7, 1, 0 }, /* EXT_CPUID */ \
	{ 8, 1, 0 }, /* CLOCKSOURCE */ \
	{ 10, 32764, 0 }, /* NR_MEMSLOTS */ \
	{ 11, 1, 0 }, /* PIT */ \
	{ 12, 1, 0 }, /* NOP_IO_DELAY */ \
	{ 14, 1, 0 }, /* MP_STATE */ \
	{ 15, 2, 0 }, /* COALESCED_MMIO */ \
	{ 16, 1, 0 }, /* SYNC_MMU */ \
	{ 21, 1, 0 }, /* DESTROY_MEMORY_REGION_WORKS */ \
	{ 22, 1, 0 }, /* USER_NMI */ \
	{ 23, 1, 0 }, /* SET_GUEST_DEBUG */ \
	{ 24, 1, 0 }, /* REINJECT_CONTROL */ \
	{ 25, 4096, 0 }, /* IRQ_ROUTING */ \
	{ 26, 1, 0 }, /* IRQ_INJECT_STATUS */ \
	{ 30, 1, 0 }, /* JOIN_MEMORY_REGIONS_WORKS */ \
	{ 31, 32, 0 }, /* MCE */ \
	{ 32, 1, 0 }, /* IRQFD */ \
	{ 33, 1, 0 }, /* PIT2 */ \
	{ 34, 1, 0 }, /* SET_BOOT_CPU_ID */ \
	{ 35, 1, 0 }, /* PIT_STATE2 */ \
	{ 36, 1, 0 }, /* IOEVENTFD */ \
	{ 37, 1, 0 }, /* SET_IDENTITY_MAP_ADDR */ \
	{ 39, 14, 0 }, /* ADJUST_CLOCK */ \
	{ 40, 1, 0 }, /* INTERNAL_ERROR_DATA */ \
	{ 41, 1, 0 }, /* VCPU_EVENTS */ \
	{ 44, 1, 0 }, /* HYPERV */ \
	{ 45, 1, 0 }, /* HYPERV_VAPIC */ \
	{ 46, 1, 0 }, /* HYPERV_SPIN */ \
	{ 47, 1, 0 }, /* PCI_SEGMENT */ \
	{ 50, 1, 0 }, /* DEBUGREGS */ \
	{ 51, 1, 0 }, /* X86_ROBUST_SINGLESTEP */ \
	{ 54, 1, 0 }, /* ENABLE_CAP */ \
	{ 55, 1, 0 }, /* XSAVE */ \
	{ 56, 1, 0 }, /* XCRS */ \
	{ 59, 1, 0 }, /* ASYNC_PF */ \
	{ 61, 1, 0 }, /* GET_TSC_KHZ */ \
	{ 72, 1, 0 }, /* TSC_DEADLINE_TIMER */ \
	{ 74, 7, 0 }, /* SYNC_REGS */ \
	{ 76, 1, 0 }, /* KVMCLOCK_CTRL */ \
	{ 77, 1, 0 }, /* SIGNAL_MSI */ \
	{ 81, 1, 0 }, /* READONLY_MEM */ \
	{ 82, 1, 0 }, /* IRQFD_RESAMPLE */ \
	{ 95, 1, 0 }, /* EXT_EMUL_CPUID */ \
	{ 96, 1, 0 }, /* HYPERV_TIME */ \
	{ 97, 1, 0 }, /* IOAPIC_POLARITY_IGNORED */ \
	{ 98, 1, 0 }, /* ENABLE_CAP_VM */ \
	{ 100, 1, 0 }, /* IOEVENTFD_NO_LENGTH */ \
	{ 105, 1, 0 }, /* CHECK_EXTENSION_VM */ \
	{ 116, 1, 0 }, /* DISABLE_QUIRKS */ \
	{ 117, 1, 0 }, /* X86_SMM */ \
	{ 118, 2, 0 }, /* MULTI_ADDRESS_SPACE */ \
	{ 121, 1, 0 }, /* SPLIT_IRQCHIP */ \
	{ 122, 1, 0 }, /* IOEVENTFD_ANY_LENGTH */ \
	{ 123, 1, 0 }, /* HYPERV_SYNIC */ \
	{ 127, 1, 0 }, /* VCPU_ATTRIBUTES */ \
	{ 136, 1, 0 }, /* IMMEDIATE_EXIT */ \
	{ 148, 1, 0 }, /* HYPERV_SYNIC2 */ \
	{ 149, 1, 0 }, /* HYPERV_VP_INDEX */ \
	{ 153, 1, 0 }, /* GET_MSR_FEATURES */ \
	{ 154, 1, 0 }, /* HYPERV_EVENTFD */ \
	{ 155, 1, 0 }, /* HYPERV_TLBFLUSH */ \
	{ 157, 4224, 0 }, /* NESTED_STATE */ \
	{ 159, 1, 0 }, /* MSR_PLATFORM_INFO */ \
	{ 161, 1, 0 }, /* HYPERV_SEND_IPI */ \
	{ 162, 1, 0 }, /* COALESCED_PIO */ \
	{ 164, 1, 0 }, /* EXCEPTION_PAYLOAD */ \
	{ 167, 1, 0 }, /* HYPERV_CPUID */ \
	{ 168, 3, 0 }, /* MANUAL_DIRTY_LOG_PROTECT2 */ \
	{ 173, 1, 0 }, /* PMU_EVENT_FILTER */ \
	{ 182, 1, 0 }, /* HALT_POLL */ \
	{ 183, 1, 0 }, /* ASYNC_PF_INT */ \
	{ 184, 1, 0 }, /* LAST_CPU */ \
	{ 187, 1, 0 }, /* STEAL_TIME */ \
	{ 188, 1, 0 }, /* X86_USER_SPACE_MSR */ \
	{ 189, 1, 0 }, /* X86_MSR_FILTER */ \
	{ 190, 1, 0 }, /* ENFORCE_PV_FEATURE_CPUID */ \
	{ 191, 1, 0 }, /* SYS_HYPERV_CPUID */ \
	{ 192, 1048576, 0 }, /* DIRTY_LOG_RING */ \
	{ 195, 2031619, 0 }, /* SET_GUEST_DEBUG2 */ \
	{ 196, 1, 0 }, /* SGX_ATTRIBUTE */ \
	{ 197, 1, 0 }, /* VM_COPY_ENC_CONTEXT_FROM */ \
	{ 199, 1, 0 }, /* HYPERV_ENFORCE_CPUID */ \
	{ 200, 1, 0 }, /* SREGS2 */ \
	{ 201, 4096, 0 }, /* EXIT_HYPERCALL */ \
	{ 203, 1, 0 }, /* BINARY_STATS_FD */ \
	{ 204, 1, 0 }, /* EXIT_ON_EMULATION_FAILURE */ \
	{ 206, 1, 0 }, /* VM_MOVE_ENC_CONTEXT_FROM */ \
	{ 209, 1, 0 }, /* SYS_ATTRIBUTES */ \
	{ 215, 1, 0 }, /* SYSTEM_EVENT_DATA */ \
	{ 218, 1, 0 }, /* X86_TRIPLE_FAULT_EVENT */ \
	{ 220, 1, 0 }, /* VM_DISABLE_NX_HUGE_PAGES */ \
	{ 223, 1048576, 0 }, /* DIRTY_LOG_RING_ACQ_REL */

static const struct sim_cap caps_x86_61[] = {
	X86_CAPS_COMMON
	{ 9, 128, SIM_CAP_HOST }, /* NR_VCPUS: online CPUs, at most KVM_MAX_VCPUS */
	{ 60, 0, SIM_CAP_HOST }, /* TSC_CONTROL: kvm_caps.has_tsc_control (SVM: TSCRATEMSR) */
	{ 66, 1024, 0 }, /* MAX_VCPUS */
	{ 128, 4096, 0 }, /* MAX_VCPU_ID */
	{ 129, 3, SIM_CAP_DERIVED }, /* X2APIC_API */
	{ 143, 15, SIM_CAP_HOST }, /* X86_DISABLE_EXITS: kvm_get_allowed_disable_exits(): MWAIT when the host lets a guest MWAIT */
	{ 208, 4096, SIM_CAP_DERIVED }, /* XSAVE2 */
	{ 212, 1, SIM_CAP_HOST }, /* PMU_CAPABILITY: enable_pmu: a host PMU KVM can use */
	{ 213, 127, 0 }, /* DISABLE_QUIRKS2 */
	{ 214, 0, SIM_CAP_HOST }, /* VM_TSC_CONTROL: kvm_caps.has_tsc_control */
};

static const struct sim_cap caps_x86_612[] = {
	X86_CAPS_COMMON
	{ 9, 128, SIM_CAP_HOST }, /* NR_VCPUS: online CPUs, at most KVM_MAX_VCPUS */
	{ 38, 511, 0 }, /* XEN_HVM */
	{ 60, 0, SIM_CAP_HOST }, /* TSC_CONTROL: kvm_caps.has_tsc_control (SVM: TSCRATEMSR) */
	{ 66, 4096, 0 }, /* MAX_VCPUS */
	{ 89, 1, 0 }, /* DEVICE_CTRL */
	{ 128, 16384, 0 }, /* MAX_VCPU_ID */
	{ 129, 3, SIM_CAP_DERIVED }, /* X2APIC_API */
	{ 143, 15, SIM_CAP_HOST }, /* X86_DISABLE_EXITS: kvm_get_allowed_disable_exits(): MWAIT when the host lets a guest MWAIT */
	{ 208, 4096, SIM_CAP_DERIVED }, /* XSAVE2 */
	{ 212, 1, SIM_CAP_HOST }, /* PMU_CAPABILITY: enable_pmu: a host PMU KVM can use */
	{ 213, 2047, 0 }, /* DISABLE_QUIRKS2 */
	{ 214, 0, SIM_CAP_HOST }, /* VM_TSC_CONTROL: kvm_caps.has_tsc_control */
	{ 226, 1, 0 }, /* PMU_EVENT_MASKED_EVENTS */
	{ 231, 1, 0 }, /* USER_MEMORY2 */
	{ 232, 1, 0 }, /* MEMORY_FAULT_INFO */
	{ 233, 8, SIM_CAP_DERIVED }, /* MEMORY_ATTRIBUTES */
	{ 234, 1, SIM_CAP_DERIVED }, /* GUEST_MEMFD */
	{ 235, 1, SIM_CAP_HOST | SIM_CAP_DERIVED }, /* VM_TYPES: the default VM, SEV types on an SEV host */
	{ 236, 1, 0 }, /* PRE_FAULT_MEMORY */
	{ 237, 1, 0 }, /* X86_APIC_BUS_CYCLES_NS */
	{ 238, 1, 0 }, /* X86_GUEST_MODE */
};

static const struct sim_cap caps_x86_72[] = {
	X86_CAPS_COMMON
	{ 9, 128, SIM_CAP_HOST }, /* NR_VCPUS: online CPUs, at most KVM_MAX_VCPUS */
	{ 38, 511, 0 }, /* XEN_HVM */
	{ 60, 0, SIM_CAP_HOST }, /* TSC_CONTROL: kvm_caps.has_tsc_control (SVM: TSCRATEMSR) */
	{ 66, 4096, 0 }, /* MAX_VCPUS */
	{ 70, 1, 0 }, /* ONE_REG */
	{ 89, 1, 0 }, /* DEVICE_CTRL */
	{ 128, 16384, 0 }, /* MAX_VCPU_ID */
	{ 129, 15, SIM_CAP_DERIVED }, /* X2APIC_API */
	{ 143, 15, SIM_CAP_HOST }, /* X86_DISABLE_EXITS: kvm_get_allowed_disable_exits(): MWAIT when the host lets a guest MWAIT */
	{ 208, 4096, SIM_CAP_DERIVED }, /* XSAVE2 */
	{ 212, 1, SIM_CAP_HOST }, /* PMU_CAPABILITY: enable_pmu: a host PMU KVM can use */
	{ 213, 4095, 0 }, /* DISABLE_QUIRKS2 */
	{ 214, 0, SIM_CAP_HOST }, /* VM_TSC_CONTROL: kvm_caps.has_tsc_control */
	{ 226, 1, 0 }, /* PMU_EVENT_MASKED_EVENTS */
	{ 231, 1, 0 }, /* USER_MEMORY2 */
	{ 232, 1, 0 }, /* MEMORY_FAULT_INFO */
	{ 233, 8, SIM_CAP_DERIVED }, /* MEMORY_ATTRIBUTES */
	{ 234, 1, SIM_CAP_DERIVED }, /* GUEST_MEMFD */
	{ 235, 1, SIM_CAP_HOST | SIM_CAP_DERIVED }, /* VM_TYPES: the default VM, SEV types on an SEV host */
	{ 236, 1, 0 }, /* PRE_FAULT_MEMORY */
	{ 237, 1, 0 }, /* X86_APIC_BUS_CYCLES_NS */
	{ 238, 1, 0 }, /* X86_GUEST_MODE */
	{ 244, 3, 0 }, /* GUEST_MEMFD_FLAGS */
};

static const struct sim_x86_model x86_61 = {
	.series = SIM_X86_61,
	.cpuid = cpuid_milan_61, .ncpuid = HVABI_ARRAY_SIZE(cpuid_milan_61),
	.feature_msrs = msrs_milan, .nfeature_msrs = HVABI_ARRAY_SIZE(msrs_milan),
	.smt = true, .evmcs = false,
};

static const struct sim_x86_model x86_612 = {
	.series = SIM_X86_612,
	.cpuid = cpuid_milan_61, .ncpuid = HVABI_ARRAY_SIZE(cpuid_milan_61),
	.feature_msrs = msrs_milan, .nfeature_msrs = HVABI_ARRAY_SIZE(msrs_milan),
	.smt = true, .evmcs = false,
};

static const struct sim_x86_model x86_72 = {
	.series = SIM_X86_72,
	.cpuid = cpuid_milan_61, .ncpuid = HVABI_ARRAY_SIZE(cpuid_milan_61),
	.feature_msrs = msrs_milan, .nfeature_msrs = HVABI_ARRAY_SIZE(msrs_milan),
	.smt = true, .evmcs = false,
};

static const struct sim_model model_x86_61 = {
	.name = "x86-6.1", .release = "6.1.0-57-amd64", .arch = HVABI_ARCH_X86_64,
	.caps = caps_x86_61, .ncaps = HVABI_ARRAY_SIZE(caps_x86_61),
	.x86 = &x86_61,
};

static const struct sim_model model_x86_612 = {
	.name = "x86-6.12", .release = "6.12.118+deb12-amd64", .arch = HVABI_ARCH_X86_64,
	.caps = caps_x86_612, .ncaps = HVABI_ARRAY_SIZE(caps_x86_612),
	.x86 = &x86_612,
};

static const struct sim_model model_x86_72 = {
	.name = "x86-7.2", .release = "7.2.13+deb14-amd64", .arch = HVABI_ARCH_X86_64,
	.caps = caps_x86_72, .ncaps = HVABI_ARRAY_SIZE(caps_x86_72),
	.x86 = &x86_72,
};

const struct sim_model *const hvabi_sim_models[] = {
	&model_arm64_510, &model_arm64_61, &model_arm64_612, &model_arm64_72,
	&model_riscv_66, &model_riscv_612, &model_riscv_72, &model_x86_61, &model_x86_612, &model_x86_72,
};
const size_t hvabi_sim_nmodels = HVABI_ARRAY_SIZE(hvabi_sim_models);
