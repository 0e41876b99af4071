/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * arm64 catalogue. Sources: arch/arm64/include/uapi/asm/kvm.h (ids, bits),
 * arch/arm64/kvm/hypercalls.c (firmware register rules),
 * include/kvm/arm_psci.h (PSCI versions), arch/arm64/kernel/cpufeature.c
 * (ftr_id_* tables: field types, signedness, safe values),
 * arch/arm64/kvm/sys_regs.c (KVM's overrides of those types and which ID
 * registers it hides), arch/arm64/tools/sysreg (field names and positions),
 * arch/arm64/kvm/arm.c (which capabilities arm64 reports).
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
/* KVM_ARM_VCPU_INIT feature bits (arch/arm64/include/uapi/asm/kvm.h); POWER_OFF is VMM state */
static const char *const vcpu_feature_bits[] = {
	NULL, "EL1_32BIT", "PSCI_0_2", "PMU_V3", "SVE", "PTRAUTH_ADDRESS", "PTRAUTH_GENERIC",
	"HAS_EL2", "HAS_EL2_E2H0",
};

#define FW_COMMON .scope = HVABI_SCOPE_VM, .width = 8

/*
 * What kernels without the bitmap registers (before 5.19) offered anyway:
 * KVM's TRNG service (arch/arm64/kvm/trng.c), its KVM_FEATURES/UID calls
 * and PTP all arrived in 5.12 and need nothing from the host; PV time
 * (STD_HYP) is older than every kernel tracked here.
 */
static const struct hvabi_implied_era std_implied[] = {
	{ KV(0, 0), 0x0 },
	{ KV(5, 12), 0x1 },
};
static const struct hvabi_implied_era vendor_hyp_implied[] = {
	{ KV(0, 0), 0x0 },
	{ KV(5, 12), 0x3 },
};

/*
 * ---- ID registers ----
 *
 * One table per register, copied field by field from the kernel's
 * ftr_id_* table for it (cpufeature.c), in the kernel's order (highest
 * field first). A field the kernel does not describe is absent here too:
 * the kernel then requires it to be equal to KVM's value, and so do we.
 * F() is a 4-bit field, FW() one of another width.
 */
#define F(sh, ty, sg, sf, nm) { sh, HVABI_FTR_##ty, sg, sf, nm, 0, 0 }
#define FW(sh, w, ty, sg, sf, nm) { sh, HVABI_FTR_##ty, sg, sf, nm, w, 0 }
/* A 4-bit field some of whose values KVM's setter refuses or replaces (@rf, bit per value). */
#define FR(sh, ty, sg, sf, nm, rf) { sh, HVABI_FTR_##ty, sg, sf, nm, 0, rf }

/* ---- AArch32 views (CRm 1-3): KVM makes them writable in full (GENMASK(31, 0)). ---- */

static const struct hvabi_ftr_field id_pfr0_fields[] = {
	F(24, LOWER_SAFE, 0, 0, "DIT"),
	F(16, LOWER_SAFE, 0, 0, "CSV2"),
	F(12, LOWER_SAFE, 0, 0, "State3"),
	F(8, LOWER_SAFE, 0, 0, "State2"),
	F(4, LOWER_SAFE, 0, 0, "State1"),
	F(0, LOWER_SAFE, 0, 0, "State0"),
};

/* GIC: KVM sets it from the vGIC (as ID_AA64PFR0_EL1.GIC). */
static const struct hvabi_ftr_field id_pfr1_fields[] = {
	F(28, KVM, 0, 0, "GIC"),
	F(24, LOWER_SAFE, 0, 0, "Virt_frac"),
	F(20, LOWER_SAFE, 0, 0, "Sec_frac"),
	F(16, LOWER_SAFE, 0, 0, "GenTimer"),
	F(12, LOWER_SAFE, 0, 0, "Virtualization"),
	F(8, LOWER_SAFE, 0, 0, "MProgMod"),
	F(4, LOWER_SAFE, 0, 0, "Security"),
	F(0, LOWER_SAFE, 0, 0, "ProgMod"),
};

/*
 * PerfMon is FTR_EXACT in cpufeature.c; kvm_arm64_ftr_safe_value() makes it
 * LOWER_SAFE. set_id_dfr0_el1() (sys_regs.c, 6.12: 1821-1846, 7.2:
 * 2224-2249) replaces PerfMon IMPDEF (0xf) by 0 and refuses PerfMon 1 or
 * 2 (below PMUv3) and CopDbg below Armv8 (6), the all-zero register of a
 * host without AArch32 included.
 */
static const struct hvabi_ftr_field id_dfr0_fields[] = {
	FR(24, LOWER_SAFE, 0, 0, "PerfMon", 0x8006),
	F(20, LOWER_SAFE, 0, 0, "MProfDbg"),
	F(16, LOWER_SAFE, 0, 0, "MMapTrc"),
	F(12, LOWER_SAFE, 0, 0, "CopTrc"),
	F(8, LOWER_SAFE, 0, 0, "MMapDbg"),
	F(4, LOWER_SAFE, 0, 0, "CopSDbg"),
	FR(0, LOWER_SAFE, 0, 0, "CopDbg", 0x003f),
};

static const struct hvabi_ftr_field id_mmfr0_fields[] = {
	F(28, LOWER_SAFE, 1, 0xf, "InnerShr"),
	F(24, LOWER_SAFE, 0, 0, "FCSE"),
	F(20, LOWER_SAFE, 0, 0, "AuxReg"),
	F(16, LOWER_SAFE, 0, 0, "TCM"),
	F(12, LOWER_SAFE, 0, 0, "ShareLvl"),
	F(8, LOWER_SAFE, 1, 0xf, "OuterShr"),
	F(4, LOWER_SAFE, 0, 0, "PMSA"),
	F(0, LOWER_SAFE, 0, 0, "VMSA"),
};

/* ID_MMFR1..3 and ID_ISAR1..3 use the kernel's ftr_generic_32bits: eight LOWER_SAFE fields. */
#define GENERIC32(n7, n6, n5, n4, n3, n2, n1, n0)                              \
	{ F(28, LOWER_SAFE, 0, 0, n7), F(24, LOWER_SAFE, 0, 0, n6),              \
	  F(20, LOWER_SAFE, 0, 0, n5), F(16, LOWER_SAFE, 0, 0, n4),              \
	  F(12, LOWER_SAFE, 0, 0, n3), F(8, LOWER_SAFE, 0, 0, n2),               \
	  F(4, LOWER_SAFE, 0, 0, n1), F(0, LOWER_SAFE, 0, 0, n0) }

static const struct hvabi_ftr_field id_mmfr1_fields[] = GENERIC32(
	"BPred", "L1TstCln", "L1Uni", "L1Hvd", "L1UniSW", "L1HvdSW", "L1UniVA", "L1HvdVA");
static const struct hvabi_ftr_field id_mmfr2_fields[] = GENERIC32(
	"HWAccFlg", "WFIStall", "MemBarr", "UniTLB", "HvdTLB", "L1HvdRng", "L1HvdBG", "L1HvdFG");
static const struct hvabi_ftr_field id_mmfr3_fields[] = GENERIC32(
	"Supersec", "CMemSz", "CohWalk", "PAN", "MaintBcst", "BPMaint", "CMaintSW", "CMaintVA");
static const struct hvabi_ftr_field id_isar1_fields[] = GENERIC32(
	"Jazelle", "Interwork", "Immediate", "IfThen", "Extend", "Except_AR", "Except", "Endian");
static const struct hvabi_ftr_field id_isar2_fields[] = GENERIC32(
	"Reversal", "PSR_AR", "MultU", "MultS", "Mult", "MultiAccessInt", "MemHint", "LoadStore");
static const struct hvabi_ftr_field id_isar3_fields[] = GENERIC32(
	"T32EE", "TrueNOP", "T32Copy", "TabBranch", "SynchPrim", "SVC", "SIMD", "Saturate");

static const struct hvabi_ftr_field id_isar0_fields[] = {
	F(24, LOWER_SAFE, 0, 0, "Divide"),
	F(20, LOWER_SAFE, 0, 0, "Debug"),
	F(16, LOWER_SAFE, 0, 0, "Coproc"),
	F(12, LOWER_SAFE, 0, 0, "CmpBranch"),
	F(8, LOWER_SAFE, 0, 0, "BitField"),
	F(4, LOWER_SAFE, 0, 0, "BitCount"),
	F(0, LOWER_SAFE, 0, 0, "Swap"),
};

static const struct hvabi_ftr_field id_isar4_fields[] = {
	F(28, LOWER_SAFE, 0, 0, "SWP_frac"),
	F(24, LOWER_SAFE, 0, 0, "PSR_M"),
	F(20, LOWER_SAFE, 0, 0, "SynchPrim_frac"),
	F(16, LOWER_SAFE, 0, 0, "Barrier"),
	F(12, LOWER_SAFE, 0, 0, "SMC"),
	F(8, LOWER_SAFE, 0, 0, "Writeback"),
	F(4, LOWER_SAFE, 0, 0, "WithShifts"),
	F(0, LOWER_SAFE, 0, 0, "Unpriv"),
};

static const struct hvabi_ftr_field id_isar5_fields[] = {
	F(24, LOWER_SAFE, 0, 0, "RDM"),
	F(16, LOWER_SAFE, 0, 0, "CRC32"),
	F(12, LOWER_SAFE, 0, 0, "SHA2"),
	F(8, LOWER_SAFE, 0, 0, "SHA1"),
	F(4, LOWER_SAFE, 0, 0, "AES"),
	F(0, LOWER_SAFE, 0, 0, "SEVL"),
};

/* SpecSEI: an SError is the safer thing to assume, hence HIGHER_SAFE. */
static const struct hvabi_ftr_field id_mmfr4_fields[] = {
	F(28, LOWER_SAFE, 0, 0, "EVT"),
	F(24, LOWER_SAFE, 0, 0, "CCIDX"),
	F(20, LOWER_SAFE, 0, 0, "LSM"),
	F(16, LOWER_SAFE, 0, 0, "HPDS"),
	F(12, LOWER_SAFE, 0, 0, "CnP"),
	F(8, LOWER_SAFE, 0, 0, "XNX"),
	F(4, LOWER_SAFE, 0, 0, "AC2"),
	F(0, HIGHER_SAFE, 0, 0, "SpecSEI"),
};

static const struct hvabi_ftr_field id_isar6_fields[] = {
	F(24, LOWER_SAFE, 0, 0, "I8MM"),
	F(20, LOWER_SAFE, 0, 0, "BF16"),
	F(16, LOWER_SAFE, 0, 0, "SPECRES"),
	F(12, LOWER_SAFE, 0, 0, "SB"),
	F(8, LOWER_SAFE, 0, 0, "FHM"),
	F(4, LOWER_SAFE, 0, 0, "DP"),
	F(0, LOWER_SAFE, 0, 0, "JSCVT"),
};

static const struct hvabi_ftr_field mvfr0_fields[] = {
	F(28, LOWER_SAFE, 0, 0, "FPRound"),
	F(24, LOWER_SAFE, 0, 0, "FPShVec"),
	F(20, LOWER_SAFE, 0, 0, "FPSqrt"),
	F(16, LOWER_SAFE, 0, 0, "FPDivide"),
	F(12, LOWER_SAFE, 0, 0, "FPTrap"),
	F(8, LOWER_SAFE, 0, 0, "FPDP"),
	F(4, LOWER_SAFE, 0, 0, "FPSP"),
	F(0, LOWER_SAFE, 0, 0, "SIMDReg"),
};

static const struct hvabi_ftr_field mvfr1_fields[] = {
	F(28, LOWER_SAFE, 0, 0, "SIMDFMAC"),
	F(24, LOWER_SAFE, 0, 0, "FPHP"),
	F(20, LOWER_SAFE, 0, 0, "SIMDHP"),
	F(16, LOWER_SAFE, 0, 0, "SIMDSP"),
	F(12, LOWER_SAFE, 0, 0, "SIMDInt"),
	F(8, LOWER_SAFE, 0, 0, "SIMDLS"),
	F(4, LOWER_SAFE, 0, 0, "FPDNaN"),
	F(0, LOWER_SAFE, 0, 0, "FPFtZ"),
};

static const struct hvabi_ftr_field mvfr2_fields[] = {
	F(4, LOWER_SAFE, 0, 0, "FPMisc"),
	F(0, LOWER_SAFE, 0, 0, "SIMDMisc"),
};

static const struct hvabi_ftr_field id_pfr2_fields[] = {
	F(4, LOWER_SAFE, 0, 0, "SSBS"),
	F(0, LOWER_SAFE, 0, 0, "CSV3"),
};

static const struct hvabi_ftr_field id_dfr1_fields[] = {
	F(0, LOWER_SAFE, 1, 0, "MTPMU"),
};

static const struct hvabi_ftr_field id_mmfr5_fields[] = {
	F(0, LOWER_SAFE, 0, 0, "ETS"),
};

/* ---- AArch64 (CRm 4-7) ---- */

/*
 * EL0/EL1 have the safe value IMP (1): set_id_aa64pfr0_el1() (7.2,
 * sys_regs.c 2272-2275) refuses either at 0; 6.12 takes it, but no guest
 * loses AArch64 at EL0/EL1, so the library refuses it everywhere. No
 * kernel's ftr_id_aa64pfr0 describes RME (bits 55:52): they must be equal.
 * GIC is KVM's own: the vGIC sets it at creation and first run (7.2:
 * vgic-init.c kvm_vgic_finalize_idregs(), sys_regs.c 5795-5833; 6.12
 * clears it at first run without an in-kernel vGICv3).
 */
static const struct hvabi_ftr_field id_aa64pfr0_fields[] = {
	F(60, LOWER_SAFE, 0, 0, "CSV3"),
	F(56, LOWER_SAFE, 0, 0, "CSV2"),
	F(48, LOWER_SAFE, 0, 0, "DIT"),
	F(44, LOWER_SAFE, 0, 0, "AMU"),
	F(40, LOWER_SAFE, 0, 0, "MPAM"),
	F(36, LOWER_SAFE, 0, 0, "SEL2"),
	F(32, LOWER_SAFE, 0, 0, "SVE"),
	F(28, LOWER_SAFE, 0, 0, "RAS"),
	F(24, KVM, 0, 0, "GIC"),
	F(20, LOWER_SAFE, 1, 0xf, "AdvSIMD"),
	F(16, LOWER_SAFE, 1, 0xf, "FP"),
	F(12, LOWER_SAFE, 0, 0, "EL3"),
	F(8, LOWER_SAFE, 0, 0, "EL2"),
	FR(4, LOWER_SAFE, 0, 1, "EL1", 0x0001),
	FR(0, LOWER_SAFE, 0, 1, "EL0", 0x0001),
};

static const struct hvabi_ftr_field id_aa64pfr1_fields[] = {
	F(56, LOWER_SAFE, 0, 0, "DF2"),
	F(44, LOWER_SAFE, 0, 0, "GCS"),
	F(40, LOWER_SAFE, 1, 0, "MTE_frac"),
	F(24, LOWER_SAFE, 0, 0, "SME"),
	F(16, LOWER_SAFE, 0, 0, "MPAM_frac"),
	F(12, LOWER_SAFE, 0, 0, "RAS_frac"),
	F(8, LOWER_SAFE, 0, 0, "MTE"),
	F(4, LOWER_SAFE, 0, 0, "SSBS"),
	F(0, LOWER_SAFE, 0, 0, "BT"),
};

static const struct hvabi_ftr_field id_aa64pfr2_fields[] = {
	F(32, LOWER_SAFE, 0, 0, "FPMR"),
	F(12, LOWER_SAFE, 0, 0, "GCIE"),
	F(8, LOWER_SAFE, 0, 0, "MTEFAR"),
	F(4, LOWER_SAFE, 0, 0, "MTESTOREONLY"),
};

static const struct hvabi_ftr_field id_aa64zfr0_fields[] = {
	F(56, LOWER_SAFE, 0, 0, "F64MM"),
	F(52, LOWER_SAFE, 0, 0, "F32MM"),
	F(48, LOWER_SAFE, 0, 0, "F16MM"),
	F(44, LOWER_SAFE, 0, 0, "I8MM"),
	F(40, LOWER_SAFE, 0, 0, "SM4"),
	F(32, LOWER_SAFE, 0, 0, "SHA3"),
	F(24, LOWER_SAFE, 0, 0, "B16B16"),
	F(20, LOWER_SAFE, 0, 0, "BF16"),
	F(16, LOWER_SAFE, 0, 0, "BitPerm"),
	F(12, LOWER_SAFE, 0, 0, "EltPerm"),
	F(4, LOWER_SAFE, 0, 0, "AES"),
	F(0, LOWER_SAFE, 0, 0, "SVEver"),
};

/* Every SME field is FTR_EXACT with safe value 0; many are single bits. */
static const struct hvabi_ftr_field id_aa64smfr0_fields[] = {
	FW(63, 1, EXACT, 0, 0, "FA64"),
	FW(61, 1, EXACT, 0, 0, "LUT6"),
	FW(60, 1, EXACT, 0, 0, "LUTv2"),
	F(56, EXACT, 0, 0, "SMEver"),
	F(52, EXACT, 0, 0, "I16I64"),
	FW(48, 1, EXACT, 0, 0, "F64F64"),
	F(44, EXACT, 0, 0, "I16I32"),
	FW(43, 1, EXACT, 0, 0, "B16B16"),
	FW(42, 1, EXACT, 0, 0, "F16F16"),
	FW(41, 1, EXACT, 0, 0, "F8F16"),
	FW(40, 1, EXACT, 0, 0, "F8F32"),
	F(36, EXACT, 0, 0, "I8I32"),
	FW(35, 1, EXACT, 0, 0, "F16F32"),
	FW(34, 1, EXACT, 0, 0, "B16F32"),
	FW(33, 1, EXACT, 0, 0, "BI32I32"),
	FW(32, 1, EXACT, 0, 0, "F32F32"),
	FW(30, 1, EXACT, 0, 0, "SF8FMA"),
	FW(29, 1, EXACT, 0, 0, "SF8DP4"),
	FW(28, 1, EXACT, 0, 0, "SF8DP2"),
	FW(25, 1, EXACT, 0, 0, "SBitPerm"),
	FW(24, 1, EXACT, 0, 0, "AES"),
	FW(23, 1, EXACT, 0, 0, "SFEXPA"),
	FW(16, 1, EXACT, 0, 0, "STMOP"),
	FW(0, 1, EXACT, 0, 0, "SMOP4"),
};

static const struct hvabi_ftr_field id_aa64fpfr0_fields[] = {
	FW(31, 1, EXACT, 0, 0, "F8CVT"),
	FW(30, 1, EXACT, 0, 0, "F8FMA"),
	FW(29, 1, EXACT, 0, 0, "F8DP4"),
	FW(28, 1, EXACT, 0, 0, "F8DP2"),
	FW(27, 1, EXACT, 0, 0, "F8MM8"),
	FW(26, 1, EXACT, 0, 0, "F8MM4"),
	FW(15, 1, EXACT, 0, 0, "F16MM2"),
	FW(1, 1, EXACT, 0, 0, "F8E4M3"),
	FW(0, 1, EXACT, 0, 0, "F8E5M2"),
};

/*
 * PMUVer and DebugVer are FTR_EXACT in cpufeature.c; KVM's
 * kvm_arm64_ftr_safe_value() treats both as LOWER_SAFE.
 * set_id_aa64dfr0_el1() (sys_regs.c, 6.12: 1772-1804, 7.2: 2168-2205)
 * refuses a DebugVer below IMP (6) and replaces PMUVer IMP_DEF (0xf) by 0.
 */
static const struct hvabi_ftr_field id_aa64dfr0_fields[] = {
	F(36, LOWER_SAFE, 1, 0, "DoubleLock"),
	F(32, LOWER_SAFE, 0, 0, "PMSVer"),
	F(28, LOWER_SAFE, 0, 0, "CTX_CMPs"),
	F(20, LOWER_SAFE, 0, 0, "WRPs"),
	F(12, LOWER_SAFE, 0, 0, "BRPs"),
	FR(8, LOWER_SAFE, 0, 0, "PMUVer", 0x8000),
	FR(0, LOWER_SAFE, 0, 6, "DebugVer", 0x003f),
};

static const struct hvabi_ftr_field id_aa64isar0_fields[] = {
	F(60, LOWER_SAFE, 0, 0, "RNDR"),
	F(56, LOWER_SAFE, 0, 0, "TLB"),
	F(52, LOWER_SAFE, 0, 0, "TS"),
	F(48, LOWER_SAFE, 0, 0, "FHM"),
	F(44, LOWER_SAFE, 0, 0, "DP"),
	F(40, LOWER_SAFE, 0, 0, "SM4"),
	F(36, LOWER_SAFE, 0, 0, "SM3"),
	F(32, LOWER_SAFE, 0, 0, "SHA3"),
	F(28, LOWER_SAFE, 0, 0, "RDM"),
	F(20, LOWER_SAFE, 0, 0, "ATOMIC"),
	F(16, LOWER_SAFE, 0, 0, "CRC32"),
	F(12, LOWER_SAFE, 0, 0, "SHA2"),
	F(8, LOWER_SAFE, 0, 0, "SHA1"),
	F(4, LOWER_SAFE, 0, 0, "AES"),
};

/* The address-authentication algorithms (API, APA, APA3) must match exactly. */
static const struct hvabi_ftr_field id_aa64isar1_fields[] = {
	F(60, LOWER_SAFE, 0, 0, "LS64"),
	F(56, LOWER_SAFE, 0, 0, "XS"),
	F(52, LOWER_SAFE, 0, 0, "I8MM"),
	F(48, LOWER_SAFE, 0, 0, "DGH"),
	F(44, LOWER_SAFE, 0, 0, "BF16"),
	F(40, LOWER_SAFE, 0, 0, "SPECRES"),
	F(36, LOWER_SAFE, 0, 0, "SB"),
	F(32, LOWER_SAFE, 0, 0, "FRINTTS"),
	F(28, LOWER_SAFE, 0, 0, "GPI"),
	F(24, LOWER_SAFE, 0, 0, "GPA"),
	F(20, LOWER_SAFE, 0, 0, "LRCPC"),
	F(16, LOWER_SAFE, 0, 0, "FCMA"),
	F(12, LOWER_SAFE, 0, 0, "JSCVT"),
	F(8, EXACT, 0, 0, "API"),
	F(4, EXACT, 0, 0, "APA"),
	F(0, LOWER_SAFE, 0, 0, "DPB"),
};

static const struct hvabi_ftr_field id_aa64isar2_fields[] = {
	F(60, LOWER_SAFE, 0, 0, "ATS1A"),
	F(56, LOWER_SAFE, 0, 0, "LUT"),
	F(52, LOWER_SAFE, 0, 0, "CSSC"),
	F(48, LOWER_SAFE, 0, 0, "RPRFM"),
	F(28, LOWER_SAFE, 0, 0, "CLRBHB"),
	F(20, LOWER_SAFE, 0, 0, "BC"),
	F(16, LOWER_SAFE, 0, 0, "MOPS"),
	F(12, EXACT, 0, 0, "APA3"),
	F(8, LOWER_SAFE, 0, 0, "GPA3"),
	F(4, LOWER_SAFE, 0, 0, "RPRES"),
	F(0, LOWER_SAFE, 0, 0, "WFxT"),
};

static const struct hvabi_ftr_field id_aa64isar3_fields[] = {
	F(28, LOWER_SAFE, 0, 0, "FPRCVT"),
	F(24, LOWER_SAFE, 0, 0, "LSUI"),
	F(16, LOWER_SAFE, 0, 0, "LSFE"),
	F(4, LOWER_SAFE, 0, 0, "FAMINMAX"),
};

/*
 * The stage-2 granule fields (TGRAN*_2) are EXACT with safe value 1 (not
 * supported at stage 2); TGRAN4 and TGRAN64 are signed, 0xf meaning absent.
 */
static const struct hvabi_ftr_field id_aa64mmfr0_fields[] = {
	F(60, LOWER_SAFE, 0, 0, "ECV"),
	F(56, LOWER_SAFE, 0, 0, "FGT"),
	F(44, LOWER_SAFE, 0, 0, "EXS"),
	F(40, EXACT, 0, 1, "TGRAN4_2"),
	F(36, EXACT, 0, 1, "TGRAN64_2"),
	F(32, EXACT, 0, 1, "TGRAN16_2"),
	F(28, LOWER_SAFE, 1, 0xf, "TGRAN4"),
	F(24, LOWER_SAFE, 1, 0xf, "TGRAN64"),
	F(20, LOWER_SAFE, 0, 0, "TGRAN16"),
	F(16, LOWER_SAFE, 0, 0, "BIGENDEL0"),
	F(12, LOWER_SAFE, 0, 0, "SNSMEM"),
	F(8, LOWER_SAFE, 0, 0, "BIGEND"),
	F(4, LOWER_SAFE, 0, 0, "ASIDBITS"),
	F(0, LOWER_SAFE, 0, 0, "PARANGE"),
};

static const struct hvabi_ftr_field id_aa64mmfr1_fields[] = {
	F(60, LOWER_SAFE, 0, 0, "ECBHB"),
	F(52, LOWER_SAFE, 0, 0, "TIDCP1"),
	F(44, LOWER_SAFE, 0, 0, "AFP"),
	F(40, LOWER_SAFE, 0, 0, "HCX"),
	F(36, LOWER_SAFE, 0, 0, "ETS"),
	F(32, LOWER_SAFE, 0, 0, "TWED"),
	F(28, LOWER_SAFE, 0, 0, "XNX"),
	F(24, HIGHER_SAFE, 0, 0, "SpecSEI"),
	F(20, LOWER_SAFE, 0, 0, "PAN"),
	F(16, LOWER_SAFE, 0, 0, "LO"),
	F(12, LOWER_SAFE, 0, 0, "HPDS"),
	F(8, LOWER_SAFE, 0, 0, "VH"),
	F(4, LOWER_SAFE, 0, 0, "VMIDBits"),
	F(0, LOWER_SAFE, 0, 0, "HAFDBS"),
};

static const struct hvabi_ftr_field id_aa64mmfr2_fields[] = {
	F(60, LOWER_SAFE, 0, 0, "E0PD"),
	F(56, LOWER_SAFE, 0, 0, "EVT"),
	F(52, LOWER_SAFE, 0, 0, "BBM"),
	F(48, LOWER_SAFE, 0, 0, "TTL"),
	F(40, LOWER_SAFE, 0, 0, "FWB"),
	F(36, LOWER_SAFE, 0, 0, "IDS"),
	F(32, LOWER_SAFE, 0, 0, "AT"),
	F(28, LOWER_SAFE, 0, 0, "ST"),
	F(24, LOWER_SAFE, 0, 0, "NV"),
	F(20, LOWER_SAFE, 0, 0, "CCIDX"),
	F(16, LOWER_SAFE, 0, 0, "VARange"),
	F(12, LOWER_SAFE, 0, 0, "IESB"),
	F(8, LOWER_SAFE, 0, 0, "LSM"),
	F(4, LOWER_SAFE, 0, 0, "UAO"),
	F(0, LOWER_SAFE, 0, 0, "CnP"),
};

static const struct hvabi_ftr_field id_aa64mmfr3_fields[] = {
	F(16, LOWER_SAFE, 0, 0, "S1POE"),
	F(8, LOWER_SAFE, 0, 0, "S1PIE"),
	F(4, LOWER_SAFE, 0, 0, "SCTLRX"),
	F(0, LOWER_SAFE, 0, 0, "TCRX"),
};

static const struct hvabi_ftr_field id_aa64mmfr4_fields[] = {
	F(24, LOWER_SAFE, 1, 0, "E2H0"),
	F(20, LOWER_SAFE, 0, 0, "NV_frac"),
};

/*
 * CTR_EL0 (ftr_ctr): bit 31 is RES1 (EXACT, safe 1); L1Ip is EXACT with
 * safe value VIPT (2), and set_ctr_el0() accepts only VIPT or PIPT.
 */
static const struct hvabi_ftr_field ctr_el0_fields[] = {
	FW(31, 1, EXACT, 0, 1, "RES1"),
	FW(29, 1, LOWER_SAFE, 0, 1, "DIC"),
	FW(28, 1, LOWER_SAFE, 0, 1, "IDC"),
	F(24, HIGHER_OR_ZERO_SAFE, 0, 0, "CWG"),
	F(20, HIGHER_OR_ZERO_SAFE, 0, 0, "ERG"),
	F(16, LOWER_SAFE, 0, 1, "DminLine"),
	/* set_ctr_el0() (7.2, sys_regs.c 2366-2400) refuses VPIPT (0) and AIVIVT (1). */
	{ 14, HVABI_FTR_EXACT, 0, 2, "L1Ip", 2, 0x0003 },
	F(0, LOWER_SAFE, 0, 0, "IminLine"),
};

/*
 * CLIDR_EL1: the cache hierarchy the guest is told about. Before 6.3 it is
 * the CPU's own and invariant; since 6.3 reset_clidr() makes one up from
 * CTR_EL0 and set_clidr() takes any value with RES0 (63:47) clear, except
 * one that promises IDC (LoC 0, or LoUU and LoUIS both 0) when the host's
 * CTR_EL0.IDC is 0. The guest needs a truthful-enough description, not the
 * CPU's, so every field is the host's choice (HVABI_FTR_HOST) and the IDC
 * promise is checked against the destination's CTR_EL0 (rules.c).
 */
static const struct hvabi_ftr_field clidr_el1_fields[] = {
	FW(45, 2, HOST, 0, 0, "Ttype7"),
	FW(43, 2, HOST, 0, 0, "Ttype6"),
	FW(41, 2, HOST, 0, 0, "Ttype5"),
	FW(39, 2, HOST, 0, 0, "Ttype4"),
	FW(37, 2, HOST, 0, 0, "Ttype3"),
	FW(35, 2, HOST, 0, 0, "Ttype2"),
	FW(33, 2, HOST, 0, 0, "Ttype1"),
	FW(30, 3, HOST, 0, 0, "ICB"),
	FW(27, 3, HOST, 0, 0, "LoUU"),
	FW(24, 3, HOST, 0, 0, "LoC"),
	FW(21, 3, HOST, 0, 0, "LoUIS"),
	FW(18, 3, HOST, 0, 0, "Ctype7"),
	FW(15, 3, HOST, 0, 0, "Ctype6"),
	FW(12, 3, HOST, 0, 0, "Ctype5"),
	FW(9, 3, HOST, 0, 0, "Ctype4"),
	FW(6, 3, HOST, 0, 0, "Ctype3"),
	FW(3, 3, HOST, 0, 0, "Ctype2"),
	FW(0, 3, HOST, 0, 0, "Ctype1"),
};

#define SYSREG_KEY(op1, crn, crm, op2) \
	{ HVABI_NS_ONE_REG, 0, 0, HVABI_ARM64_SYS_REG(3, op1, crn, crm, op2) }

/*
 * The feature ID registers (op1 0, CRn 0, CRm 1-7) are one value per VM
 * although each vCPU lists them; so are CTR_EL0 and, from 6.15, the
 * implementation registers. All have been ONE_REG registers for longer
 * than this catalogue tracks (unallocated ones read as zero), hence no
 * @since.
 */
#define IDREG(crm, op2, nm, flds, sum)                                          \
	{ .key = SYSREG_KEY(0, 0, crm, op2), .name = nm, .summary = sum,          \
	  .kind = HVABI_KIND_IDFIELDS, .scope = HVABI_SCOPE_VM, .width = 8,       \
	  .fields = flds, .nfields = HVABI_ARRAY_SIZE(flds) }

/* Registers cpufeature.c gives no fields (ftr_raz, or not listed): every bit must match. */
#define IDREG_BARE(crm, op2, nm, sum)                                           \
	{ .key = SYSREG_KEY(0, 0, crm, op2), .name = nm, .summary = sum,          \
	  .kind = HVABI_KIND_IDFIELDS, .scope = HVABI_SCOPE_VM, .width = 8 }

/*
 * MIDR_EL1, REVIDR_EL1, AIDR_EL1: a write that changes them needs
 * KVM_CAP_ARM_WRITABLE_IMP_ID_REGS (6.15+, enabled before any vCPU
 * exists); otherwise they are the host's and must match.
 */
#define IMPREG(op1, op2, nm, sum)                                               \
	{ .key = SYSREG_KEY(op1, 0, 0, op2), .name = nm, .summary = sum,         \
	  .kind = HVABI_KIND_EXACT, .scope = HVABI_SCOPE_VM, .width = 8,          \
	  .flags = HVABI_CAT_IMP_ID }

/* Capabilities: a destination must report at least the source's value. */
#define CAP(num, nm, ver, sum)                                                  \
	{ .key = { HVABI_NS_CAP, 0, 0, num }, .name = nm, .summary = sum,        \
	  .kind = HVABI_KIND_VERSION, .scope = HVABI_SCOPE_VM, .width = 8,        \
	  .since = ver, .flags = HVABI_CATALOG_READ_ONLY }

/*
 * CCSIDR_EL1 for each CSSELR (KVM's DEMUX registers, 32-bit): the cache
 * geometry the guest reads. Before 6.3 KVM answers the CPU's and refuses
 * any other value (demux_c15_set(), 6.1); since 6.3 it makes one up from
 * CTR_EL0 (LineSize alone, get_ccsidr()) and set_ccsidr() stores any value
 * with RES0 (63:32) clear and a LineSize not below CTR_EL0's smallest line
 * (sys_regs.c, 6.12.107 288-312, 7.2.8 458-486). Every field describes
 * the host (HOST, as CLIDR_EL1): a host that cannot write it keeps its
 * own; the line-size floor is a rule across entries (rules.c). A kernel
 * lists a CCSIDR for every CSSELR it answers (6.1: the CPU's levels, 6.3+:
 * all 14); the guest reads only those its CLIDR_EL1, which is pinned too,
 * describes, so a kernel without one implies whatever the others have.
 */
static const struct hvabi_ftr_field ccsidr_fields[] = {
	FW(28, 4, HOST, 0, 0, "UNKNOWN"),
	FW(13, 15, HOST, 0, 0, "NumSets"),
	FW(3, 10, HOST, 0, 0, "Associativity"),
	FW(0, 3, HOST, 0, 0, "LineSize"),
};

#define CCSIDR(n, nm)                                                            \
	{ .key = { HVABI_NS_ONE_REG, 0, 0, 0x6020000000110000ull | (n) }, .name = nm, \
	  .summary = "cache geometry of CSSELR " #n " (KVM's DEMUX register)",    \
	  .kind = HVABI_KIND_IDFIELDS, .scope = HVABI_SCOPE_VCPU, .width = 4,     \
	  .fields = ccsidr_fields, .nfields = HVABI_ARRAY_SIZE(ccsidr_fields),     \
	  .flags = HVABI_CATALOG_HAS_IMPLIED | HVABI_CATALOG_IMPLIED_ANY,         \
	  .writable_since = KV(6, 3), .writable = 0xffffffffu }

/*
 * What the probe's guest read (hvabi_kvm_probe(), HVABI_PROBE_GUEST_READS):
 * facts of a host, never written. The one rule for them (rules.c,
 * hvabi_rule_guest_read()): with a register's value v pinned, a guest on
 * host h reads h's own reading where v is h's value, else v, which KVM
 * then traps to show (since 6.3 CLIDR_EL1 and the CCSIDRs always; CTR_EL0
 * whenever the VM's differs from the host's, kvm_calculate_traps() in
 * sys_regs.c 6.12.107 4736-4741, 7.2.8 5717-5722; before 6.3 none of them
 * can differ from the host's). CNTFRQ_EL0 and DCZID_EL0 no KVM reaches.
 */
#define GUEST(id, nm, sum)                                                      \
	{ .key = { HVABI_NS_GUEST_READ, 0, 0, id }, .name = nm, .summary = sum,  \
	  .kind = HVABI_KIND_EXACT, .scope = HVABI_SCOPE_VM, .width = 8,          \
	  .flags = HVABI_CATALOG_READ_ONLY }
#define GUEST_CCSIDR(n, level)                                                  \
	GUEST(0x6020000000110000ull | (n), "guest.CCSIDR_EL1." level,             \
	      "cache geometry the guest reads with CSSELR_EL1 " #n)

static const struct hvabi_cat_entry rows[] = {
	/* DEMUX (coproc 0x11, 32-bit) sorts first. */
	CCSIDR(0, "CCSIDR_EL1.L1D"), CCSIDR(1, "CCSIDR_EL1.L1I"),
	CCSIDR(2, "CCSIDR_EL1.L2D"), CCSIDR(3, "CCSIDR_EL1.L2I"),
	CCSIDR(4, "CCSIDR_EL1.L3D"), CCSIDR(5, "CCSIDR_EL1.L3I"),
	CCSIDR(6, "CCSIDR_EL1.L4D"), CCSIDR(7, "CCSIDR_EL1.L4I"),
	CCSIDR(8, "CCSIDR_EL1.L5D"), CCSIDR(9, "CCSIDR_EL1.L5I"),
	CCSIDR(10, "CCSIDR_EL1.L6D"), CCSIDR(11, "CCSIDR_EL1.L6I"),
	CCSIDR(12, "CCSIDR_EL1.L7D"), CCSIDR(13, "CCSIDR_EL1.L7I"),
	/* ONE_REG sysregs (coproc 0x13) sort before FW (0x14) and FW_FEAT_BMAP (0x16). */
	IMPREG(0, 0, "MIDR_EL1",
	       "main ID (implementer, part, revision); writable only with cap 239 (6.15+)"),
	/* The vCPU's own affinity: the VMM sets it per vCPU; never migrated as ABI. */
	{ .key = { HVABI_NS_ONE_REG, 0, 0, HVABI_ARM64_SYS_REG(3, 0, 0, 0, 5) },
	  .name = "MPIDR_EL1", .summary = "multiprocessor affinity of each vCPU (VMM-owned)",
	  .kind = HVABI_KIND_EXACT, .scope = HVABI_SCOPE_VCPU, .width = 8,
	  .flags = HVABI_CATALOG_READ_ONLY },
	IMPREG(0, 6, "REVIDR_EL1",
	       "revision ID (errata fixed); writable only with cap 239 (6.15+)"),
	IDREG(1, 0, "ID_PFR0_EL1", id_pfr0_fields, "AArch32 processor features 0"),
	IDREG(1, 1, "ID_PFR1_EL1", id_pfr1_fields, "AArch32 processor features 1"),
	IDREG(1, 2, "ID_DFR0_EL1", id_dfr0_fields, "AArch32 debug features 0 (PerfMon)"),
	IDREG_BARE(1, 3, "ID_AFR0_EL1", "AArch32 auxiliary features (hidden by KVM: reads 0)"),
	IDREG(1, 4, "ID_MMFR0_EL1", id_mmfr0_fields, "AArch32 memory model features 0"),
	IDREG(1, 5, "ID_MMFR1_EL1", id_mmfr1_fields, "AArch32 memory model features 1"),
	IDREG(1, 6, "ID_MMFR2_EL1", id_mmfr2_fields, "AArch32 memory model features 2"),
	IDREG(1, 7, "ID_MMFR3_EL1", id_mmfr3_fields, "AArch32 memory model features 3"),
	IDREG(2, 0, "ID_ISAR0_EL1", id_isar0_fields, "AArch32 instruction set attributes 0"),
	IDREG(2, 1, "ID_ISAR1_EL1", id_isar1_fields, "AArch32 instruction set attributes 1"),
	IDREG(2, 2, "ID_ISAR2_EL1", id_isar2_fields, "AArch32 instruction set attributes 2"),
	IDREG(2, 3, "ID_ISAR3_EL1", id_isar3_fields, "AArch32 instruction set attributes 3"),
	IDREG(2, 4, "ID_ISAR4_EL1", id_isar4_fields, "AArch32 instruction set attributes 4"),
	IDREG(2, 5, "ID_ISAR5_EL1", id_isar5_fields,
	      "AArch32 instruction set attributes 5 (crypto, CRC32)"),
	IDREG(2, 6, "ID_MMFR4_EL1", id_mmfr4_fields, "AArch32 memory model features 4"),
	IDREG(2, 7, "ID_ISAR6_EL1", id_isar6_fields, "AArch32 instruction set attributes 6"),
	IDREG(3, 0, "MVFR0_EL1", mvfr0_fields, "AArch32 media and VFP features 0"),
	IDREG(3, 1, "MVFR1_EL1", mvfr1_fields, "AArch32 media and VFP features 1"),
	IDREG(3, 2, "MVFR2_EL1", mvfr2_fields, "AArch32 media and VFP features 2"),
	IDREG(3, 4, "ID_PFR2_EL1", id_pfr2_fields, "AArch32 processor features 2 (SSBS, CSV3)"),
	IDREG(3, 5, "ID_DFR1_EL1", id_dfr1_fields,
	      "AArch32 debug features 1 (hidden by KVM: reads 0)"),
	IDREG(3, 6, "ID_MMFR5_EL1", id_mmfr5_fields, "AArch32 memory model features 5"),
	IDREG(4, 0, "ID_AA64PFR0_EL1", id_aa64pfr0_fields,
	      "AArch64 processor features 0 (exception levels, FP, SIMD, GIC, SVE, CSV2/3)"),
	IDREG(4, 1, "ID_AA64PFR1_EL1", id_aa64pfr1_fields,
	      "AArch64 processor features 1 (BTI, SSBS, MTE, SME)"),
	IDREG(4, 2, "ID_AA64PFR2_EL1", id_aa64pfr2_fields,
	      "AArch64 processor features 2 (FPMR, MTE extensions)"),
	IDREG(4, 4, "ID_AA64ZFR0_EL1", id_aa64zfr0_fields,
	      "SVE features (reads 0 without KVM_ARM_VCPU_SVE)"),
	IDREG(4, 5, "ID_AA64SMFR0_EL1", id_aa64smfr0_fields,
	      "SME features (hidden by KVM: reads 0)"),
	IDREG(4, 7, "ID_AA64FPFR0_EL1", id_aa64fpfr0_fields, "FP8 features"),
	IDREG(5, 0, "ID_AA64DFR0_EL1", id_aa64dfr0_fields,
	      "AArch64 debug features 0 (PMU and debug versions, breakpoints)"),
	IDREG_BARE(5, 1, "ID_AA64DFR1_EL1", "AArch64 debug features 1 (no fields described)"),
	IDREG_BARE(5, 4, "ID_AA64AFR0_EL1", "AArch64 auxiliary features 0 (hidden by KVM: reads 0)"),
	IDREG_BARE(5, 5, "ID_AA64AFR1_EL1", "AArch64 auxiliary features 1 (hidden by KVM: reads 0)"),
	IDREG(6, 0, "ID_AA64ISAR0_EL1", id_aa64isar0_fields,
	      "AArch64 instruction set attributes 0 (atomics, crypto, RNDR)"),
	IDREG(6, 1, "ID_AA64ISAR1_EL1", id_aa64isar1_fields,
	      "AArch64 instruction set attributes 1 (pointer auth, LRCPC, LS64)"),
	IDREG(6, 2, "ID_AA64ISAR2_EL1", id_aa64isar2_fields,
	      "AArch64 instruction set attributes 2 (WFxT, MOPS, CLRBHB)"),
	IDREG(6, 3, "ID_AA64ISAR3_EL1", id_aa64isar3_fields,
	      "AArch64 instruction set attributes 3"),
	IDREG(7, 0, "ID_AA64MMFR0_EL1", id_aa64mmfr0_fields,
	      "AArch64 memory model features 0 (PA range, granules, ECV, FGT)"),
	IDREG(7, 1, "ID_AA64MMFR1_EL1", id_aa64mmfr1_fields,
	      "AArch64 memory model features 1 (VMID bits, PAN, VHE)"),
	IDREG(7, 2, "ID_AA64MMFR2_EL1", id_aa64mmfr2_fields,
	      "AArch64 memory model features 2 (VA range, NV, BBM)"),
	IDREG(7, 3, "ID_AA64MMFR3_EL1", id_aa64mmfr3_fields,
	      "AArch64 memory model features 3 (TCRX, S1PIE, S1POE)"),
	IDREG(7, 4, "ID_AA64MMFR4_EL1", id_aa64mmfr4_fields,
	      "AArch64 memory model features 4 (E2H0, NV_frac)"),
	{
		.key = SYSREG_KEY(1, 0, 0, 1),
		.name = "CLIDR_EL1",
		.summary = "cache levels the guest is told of; the host's own before 6.3, "
			   "writable since",
		/* set_clidr() stores it in each vCPU, unlike the ID registers */
		.kind = HVABI_KIND_IDFIELDS, .scope = HVABI_SCOPE_VCPU, .width = 8,
		.fields = clidr_el1_fields, .nfields = HVABI_ARRAY_SIZE(clidr_el1_fields),
		/* set_clidr(): any value with RES0 (63:47) clear */
		.writable_since = KV(6, 3), .writable = 0x00007fffffffffffull,
	},
	IMPREG(1, 7, "AIDR_EL1",
	       "auxiliary ID (implementation defined); writable only with cap 239 (6.15+)"),
	{
		.key = SYSREG_KEY(3, 0, 0, 1),
		.name = "CTR_EL0",
		.summary = "cache type (line sizes, I-cache policy, DIC/IDC)",
		.kind = HVABI_KIND_IDFIELDS, .scope = HVABI_SCOPE_VM, .width = 8,
		.fields = ctr_el0_fields, .nfields = HVABI_ARRAY_SIZE(ctr_el0_fields),
	},
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
		.flags = HVABI_CATALOG_HAS_IMPLIED,
		.implied = 0x1,
		.implied_by = std_implied, .nimplied = HVABI_ARRAY_SIZE(std_implied),
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
		.flags = HVABI_CATALOG_HAS_IMPLIED,
		.implied = 0x3,
		.implied_by = vendor_hyp_implied, .nimplied = HVABI_ARRAY_SIZE(vendor_hyp_implied),
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
	/*
	 * Capabilities arm64's kvm_vm_ioctl_check_extension() answers. It
	 * answers neither KVM_CAP_VM_ATTRIBUTES nor KVM_CAP_EXIT_HYPERCALL
	 * (both read 0 on arm64): a VMM probes the SMCCC filter with
	 * KVM_HAS_DEVICE_ATTR on the VM fd instead, so they are not listed.
	 */
	CAP(HVABI_KVM_CAP_ARM_PSCI_0_2, "ARM_PSCI_0_2", KV(3, 16),
	    "PSCI 0.2 and later (KVM_ARM_VCPU_PSCI_0_2)"),
	CAP(HVABI_KVM_CAP_ARM_PMU_V3, "ARM_PMU_V3", KV(4, 6), "guest PMUv3 (KVM_ARM_VCPU_PMU_V3)"),
	CAP(HVABI_KVM_CAP_ARM_SVE, "ARM_SVE", KV(5, 2), "guest SVE (KVM_ARM_VCPU_SVE)"),
	CAP(HVABI_KVM_CAP_ARM_PTRAUTH_ADDRESS, "ARM_PTRAUTH_ADDRESS", KV(5, 2),
	    "guest address authentication (KVM_ARM_VCPU_PTRAUTH_ADDRESS)"),
	CAP(HVABI_KVM_CAP_ARM_PTRAUTH_GENERIC, "ARM_PTRAUTH_GENERIC", KV(5, 2),
	    "guest generic authentication (KVM_ARM_VCPU_PTRAUTH_GENERIC)"),
	CAP(HVABI_KVM_CAP_STEAL_TIME, "STEAL_TIME", KV(5, 10),
	    "PV stolen time (STD_HYP_BMAP.PV_TIME works only with it)"),
	CAP(HVABI_KVM_CAP_PTP_KVM, "PTP_KVM", KV(5, 13),
	    "KVM PTP hypercall (VENDOR_HYP_BMAP.PTP)"),
	CAP(HVABI_KVM_CAP_ARM_SYSTEM_SUSPEND, "ARM_SYSTEM_SUSPEND", KV(5, 19),
	    "PSCI SYSTEM_SUSPEND exits to the VMM"),
	CAP(HVABI_KVM_CAP_COUNTER_OFFSET, "COUNTER_OFFSET", KV(6, 4),
	    "VM-wide counter offset (KVM_ARM_SET_COUNTER_OFFSET)"),
	CAP(HVABI_KVM_CAP_ARM_SUPPORTED_REG_MASK_RANGES, "ARM_SUPPORTED_REG_MASK_RANGES",
	    KV(6, 7), "ranges KVM_ARM_GET_REG_WRITABLE_MASKS serves (bit 0: feature IDs)"),
	CAP(HVABI_KVM_CAP_ARM_WRITABLE_IMP_ID_REGS, "ARM_WRITABLE_IMP_ID_REGS", KV(6, 15),
	    "MIDR/REVIDR/AIDR writable once enabled"),
	/*
	 * The vCPU features: a profile's value is its probe's vCPU's (PSCI
	 * 0.2 alone, which every other entry describes), its supported mask
	 * every feature KVM_ARM_VCPU_INIT took on a scratch vCPU; a set
	 * without the entry (an older profile) was made with PSCI 0.2 alone.
	 */
	{
		.key = { HVABI_NS_VCPU_VALUE, 0, 0, HVABI_VCPU_VALUE_ARM64_FEATURES },
		.name = "VCPU_FEATURES",
		.summary = "KVM_ARM_VCPU_INIT features of the VM's vCPUs (the VMM passes them)",
		.kind = HVABI_KIND_BITMAP, .scope = HVABI_SCOPE_VM, .width = 4,
		.since = KV(3, 16),
		.flags = HVABI_CATALOG_HAS_IMPLIED | HVABI_CATALOG_READ_ONLY,
		.implied = 1u << HVABI_KVM_ARM_VCPU_PSCI_0_2,
		.bits = vcpu_feature_bits, .nbits = HVABI_ARRAY_SIZE(vcpu_feature_bits),
	},
	/*
	 * SVE's vector lengths, bit vq - 1 per 128-bit vector quantum (vq 1
	 * to 64; SVE's architectural maximum is vq 16), as KVM_REG_ARM64_SVE_VLS
	 * has them (guest.c set_sve_vls(), the same in 6.1.176, 6.12.107 and
	 * 7.2.8): KVM takes a set only before KVM_ARM_VCPU_FINALIZE, and only
	 * the host's lengths up to a maximum (ZCR_EL2.LEN caps them, no
	 * length below it can be hidden), so rules.c judges and meets them
	 * by that rule. hvabi_vcpu_finalize() writes them; out of the guest's
	 * reach without the SVE feature.
	 */
	{
		.key = { HVABI_NS_VCPU_VALUE, 0, 0, HVABI_VCPU_VALUE_ARM64_SVE_VQS },
		.name = "SVE_VQS",
		.summary = "SVE vector lengths, bit vq - 1 per 128-bit quantum (KVM_REG_ARM64_SVE_VLS)",
		.kind = HVABI_KIND_EXACT, .scope = HVABI_SCOPE_VM, .width = 8,
		.since = KV(5, 2),
		.flags = HVABI_CATALOG_READ_ONLY,
	},
	/* What the probe's guest read (HVABI_NS_GUEST_READ) sorts last. */
	GUEST_CCSIDR(0, "L1D"), GUEST_CCSIDR(1, "L1I"), GUEST_CCSIDR(2, "L2D"),
	GUEST_CCSIDR(3, "L2I"), GUEST_CCSIDR(4, "L3D"), GUEST_CCSIDR(5, "L3I"),
	GUEST_CCSIDR(6, "L4D"), GUEST_CCSIDR(7, "L4I"), GUEST_CCSIDR(8, "L5D"),
	GUEST_CCSIDR(9, "L5I"), GUEST_CCSIDR(10, "L6D"), GUEST_CCSIDR(11, "L6I"),
	GUEST_CCSIDR(12, "L7D"), GUEST_CCSIDR(13, "L7I"),
	GUEST(HVABI_ARM64_SYS_REG(3, 0, 0, 0, 0), "guest.MIDR_EL1",
	      "MIDR_EL1 as the guest reads it (through VPIDR_EL2)"),
	GUEST(HVABI_ARM64_SYS_REG(3, 0, 0, 0, 6), "guest.REVIDR_EL1",
	      "REVIDR_EL1 as the guest reads it (the CPU's unless KVM sets TID1)"),
	GUEST(HVABI_ARM64_SYS_REG(3, 1, 0, 0, 1), "guest.CLIDR_EL1",
	      "CLIDR_EL1 as the guest reads it (the CPU's before 6.3)"),
	GUEST(HVABI_ARM64_SYS_REG(3, 1, 0, 0, 7), "guest.AIDR_EL1",
	      "AIDR_EL1 as the guest reads it (the CPU's unless KVM sets TID1)"),
	GUEST(HVABI_ARM64_SYS_REG(3, 3, 0, 0, 1), "guest.CTR_EL0",
	      "CTR_EL0 as the guest reads it (the CPU's where KVM does not trap it)"),
	GUEST(HVABI_ARM64_SYS_REG(3, 3, 0, 0, 7), "guest.DCZID_EL0",
	      "DC ZVA block size; no KVM traps or sets it"),
	GUEST(HVABI_ARM64_SYS_REG(3, 3, 14, 0, 0), "guest.CNTFRQ_EL0",
	      "counter frequency the firmware set; no KVM traps or sets it"),
	/*
	 * SMCCC calls the VMM answers (HVABI_NS_SMCCC) sort after them. The
	 * list DISCOVER_IMPL_CPUS tells the guest (impls.c): KVM never
	 * answers it and holds no copy (hypercalls.c 7.2.8 289-381), the VMM
	 * does through hvabi_smccc_answer(); width 24 per member.
	 */
	{
		.key = { HVABI_NS_SMCCC, 0, 0, 0xc6000041u },
		.name = "TARGET_IMPLS",
		.summary = "CPU implementations the guest may run on (DISCOVER_IMPL, VMM-served)",
		.kind = HVABI_KIND_IMPLSET, .scope = HVABI_SCOPE_VM, .width = 24,
		.since = KV(6, 15),
		.flags = HVABI_CATALOG_READ_ONLY,
	},
};

/*
 * The registers KVM_GET_REG_LIST lists that are vCPU state, not ABI: the
 * VMM saves them on the source and writes them back on the destination
 * (KVM_GET/SET_ONE_REG), so the guest keeps its own values.
 *  - core registers (coproc 0x10: x0-x30, SP, PC, PSTATE, SP_EL1, ELR_EL1,
 *    the SPSRs, V0-V31, FPSR, FPCR; arch/arm64/kvm/guest.c);
 *  - SVE's Z, P and FFR registers (coproc 0x15), but not KVM_REG_ARM64_SVE_VLS,
 *    the vector lengths, which are ABI;
 *  - the debug registers (op0 2: DBGB*, DBGW*, MDSCR_EL1, OSLSR_EL1, ...);
 *  - every other system register outside the feature-ID space (op0 3,
 *    op1 0/1/3, CRn 0): the EL0/EL1 controls the guest writes (SCTLR_EL1,
 *    TTBRs, TCR, MAIR, VBAR, TPIDRs, ...), the timers (CNTV_*, CNTP_*,
 *    CNTVCT) and the PMU's counters and selectors; PMCR_EL0 aside, whose N
 *    (the counters a guest may use) the host decides and KVM will not
 *    raise (set_pmcr()): it is not state, and the catalogue does not yet
 *    model it, so it stays an unknown entry that must be equal.
 * The feature-ID space, the firmware registers (0x14, 0x16) and the
 * CCSIDRs (DEMUX, 0x11) are ABI.
 */
const char *hvabi_cat_arm64_state_reason(const struct hvabi_key *key)
{
	uint64_t id = key->id, coproc = id & HVABI_KVM_REG_ARM_COPROC_MASK;
	unsigned int op0, op1, crn, crm, op2;

	if (key->ns != HVABI_NS_ONE_REG || (id & HVABI_KVM_REG_ARCH_MASK) != HVABI_KVM_REG_ARM64 ||
	    hvabi_cat_find(HVABI_ARCH_ARM64, key))
		return NULL;
	if (coproc == HVABI_KVM_REG_ARM_CORE)
		return "core registers";
	if (coproc == HVABI_KVM_REG_ARM64_SVE)
		return id == HVABI_KVM_REG_ARM64_SVE_VLS
			       ? "SVE's vector lengths: the set carries them as SVE_VQS, which "
				 "hvabi_vcpu_finalize() writes before KVM_ARM_VCPU_FINALIZE"
			       : "SVE vector registers";
	if (coproc != HVABI_KVM_REG_ARM64_SYSREG)
		return NULL;
	op0 = (unsigned int)(id >> 14) & 3;
	op1 = (unsigned int)(id >> 11) & 7;
	crn = (unsigned int)(id >> 7) & 0xf;
	crm = (unsigned int)(id >> 3) & 0xf;
	op2 = (unsigned int)id & 7;
	if (op0 == 2)
		return "debug registers";
	if (op0 != 3 || (crn == 0 && (op1 == 0 || op1 == 1 || op1 == 3)))
		return NULL;
	if (op1 == 3 && crn == 9 && crm == 12 && op2 == 0)
		return NULL; /* PMCR_EL0 */
	return crn == 14 ? "timer and PMU registers" : "system registers the guest writes";
}

const struct hvabi_cat_table hvabi_cat_arm64 = {
	.arch = HVABI_ARCH_ARM64,
	.rows = rows,
	.n = HVABI_ARRAY_SIZE(rows),
};
