/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The simulated kernels' own arm64 feature tables: each kernel's
 * arm64_ftr_bits tables and arm64_ftr_regs[] (arch/arm64/kernel/
 * cpufeature.c), as far as KVM looks them up when userspace writes an ID
 * register: set_id_reg() -> arm64_check_features() (arch/arm64/kvm/
 * sys_regs.c, 6.7+) takes get_arm64_ftr_reg() of the register and checks
 * each field the writable mask covers against the host's limit.
 *
 * Copied from the kernel, not from the library's catalogue (which has
 * its own copy, its own policy on top and may be wrong): a test that
 * compares the library's verdict with the simulator's then compares two
 * readings of the kernel, not one with itself. Only the fields KVM's
 * check uses are kept (sign, type, shift, width, safe value; not visible
 * or strict), in the kernel's order, one line per ARM64_FTR_BITS().
 *
 * Sources: Debian's linux source packages 6.12.107-1 and 7.2.8-1
 * (linux_6.12.107.orig.tar.xz, linux_7.2.8.orig.tar.xz; no Debian patch
 * touches cpufeature.c or sys_regs.c), field positions and enum values
 * from their arch/arm64/tools/sysreg. The arm64-6.12 and arm64-7.2 models
 * are calibrated against Debian's 6.12.117/118 and 7.2.13 binaries in the
 * kernel lab; the tables come from the nearest sources the archive still
 * serves. Each table names its lines in both; "the same table" means the
 * two kernels' copies are equal field for field.
 *
 * arm64-5.10 and arm64-6.1 have no table: their KVM checks no field.
 * set_id_reg() of 6.1.176 (sys_regs.c lines 1262-1270) accepts only the
 * current value, and set_id_aa64pfr0_el1() (lines 1213-1246) only
 * CSV2/CSV3 changes (arm64.c: set_invariant(), set_pfr0_old()).
 *
 * lib/sim/gen-arm64-ftr.py wrote the tables below from the two trees:
 *   gen-arm64-ftr.py 6.12.107=linux-6.12.107 7.2.8=linux-7.2.8
 */

#include "sim-internal.h"

/* ARM64_FTR_BITS() and S_ARM64_FTR_BITS() */
#define FTR(type, shift, width, safe) \
	{ false, SIM_FTR_##type, shift, width, safe }
#define S_FTR(type, shift, width, safe) \
	{ true, SIM_FTR_##type, shift, width, safe }
/* An arm64_ftr_regs[] entry, by its encoding (op0 is 3) */
#define REG(op1, crn, crm, op2, table) \
	{ HVABI_ARM64_SYS_REG(3, op1, crn, crm, op2), table, HVABI_ARRAY_SIZE(table) }
/* ... whose table is ftr_raz (no field: every bit must equal the limit) */
#define REG_NONE(op1, crn, crm, op2) \
	{ HVABI_ARM64_SYS_REG(3, op1, crn, crm, op2), NULL, 0 }

/*
 * ftr_id_pfr0[]: cpufeature.c 6.12.107 lines 650-658, 7.2.8 lines 690-698
 * (the same table)
 */
static const struct sim_ftr_bits ftr_id_pfr0[] = {
	FTR(LOWER_SAFE, 24, 4, 0),	/* DIT */
	FTR(LOWER_SAFE, 16, 4, 0),	/* CSV2 */
	FTR(LOWER_SAFE, 12, 4, 0),	/* State3 */
	FTR(LOWER_SAFE, 8, 4, 0),	/* State2 */
	FTR(LOWER_SAFE, 4, 4, 0),	/* State1 */
	FTR(LOWER_SAFE, 0, 4, 0),	/* State0 */
};

/*
 * ftr_id_pfr1[]: cpufeature.c 6.12.107 lines 660-670, 7.2.8 lines 700-710
 * (the same table)
 */
static const struct sim_ftr_bits ftr_id_pfr1[] = {
	FTR(LOWER_SAFE, 28, 4, 0),	/* GIC */
	FTR(LOWER_SAFE, 24, 4, 0),	/* Virt_frac */
	FTR(LOWER_SAFE, 20, 4, 0),	/* Sec_frac */
	FTR(LOWER_SAFE, 16, 4, 0),	/* GenTimer */
	FTR(LOWER_SAFE, 12, 4, 0),	/* Virtualization */
	FTR(LOWER_SAFE, 8, 4, 0),	/* MProgMod */
	FTR(LOWER_SAFE, 4, 4, 0),	/* Security */
	FTR(LOWER_SAFE, 0, 4, 0),	/* ProgMod */
};

/*
 * ftr_id_dfr0[]: cpufeature.c 6.12.107 lines 678-688, 7.2.8 lines 718-728
 * (the same table)
 */
static const struct sim_ftr_bits ftr_id_dfr0[] = {
	FTR(EXACT, 24, 4, 0),	/* PerfMon */
	FTR(LOWER_SAFE, 20, 4, 0),	/* MProfDbg */
	FTR(LOWER_SAFE, 16, 4, 0),	/* MMapTrc */
	FTR(LOWER_SAFE, 12, 4, 0),	/* CopTrc */
	FTR(LOWER_SAFE, 8, 4, 0),	/* MMapDbg */
	FTR(LOWER_SAFE, 4, 4, 0),	/* CopSDbg */
	FTR(LOWER_SAFE, 0, 4, 0),	/* CopDbg */
};

/*
 * ftr_id_mmfr0[]: cpufeature.c 6.12.107 lines 514-524, 7.2.8 lines 554-564
 * (the same table)
 */
static const struct sim_ftr_bits ftr_id_mmfr0[] = {
	S_FTR(LOWER_SAFE, 28, 4, 0xf),	/* InnerShr */
	FTR(LOWER_SAFE, 24, 4, 0),	/* FCSE */
	FTR(LOWER_SAFE, 20, 4, 0),	/* AuxReg */
	FTR(LOWER_SAFE, 16, 4, 0),	/* TCM */
	FTR(LOWER_SAFE, 12, 4, 0),	/* ShareLvl */
	S_FTR(LOWER_SAFE, 8, 4, 0xf),	/* OuterShr */
	FTR(LOWER_SAFE, 4, 4, 0),	/* PMSA */
	FTR(LOWER_SAFE, 0, 4, 0),	/* VMSA */
};

/*
 * ftr_generic_32bits[]: cpufeature.c 6.12.107 lines 701-711, 7.2.8 lines 749-759
 * (the same table)
 */
static const struct sim_ftr_bits ftr_generic_32bits[] = {
	FTR(LOWER_SAFE, 28, 4, 0),	/* [31:28] */
	FTR(LOWER_SAFE, 24, 4, 0),	/* [27:24] */
	FTR(LOWER_SAFE, 20, 4, 0),	/* [23:20] */
	FTR(LOWER_SAFE, 16, 4, 0),	/* [19:16] */
	FTR(LOWER_SAFE, 12, 4, 0),	/* [15:12] */
	FTR(LOWER_SAFE, 8, 4, 0),	/* [11:8] */
	FTR(LOWER_SAFE, 4, 4, 0),	/* [7:4] */
	FTR(LOWER_SAFE, 0, 4, 0),	/* [3:0] */
};

/*
 * ftr_id_isar0[]: cpufeature.c 6.12.107 lines 582-591, 7.2.8 lines 622-631
 * (the same table)
 */
static const struct sim_ftr_bits ftr_id_isar0[] = {
	FTR(LOWER_SAFE, 24, 4, 0),	/* Divide */
	FTR(LOWER_SAFE, 20, 4, 0),	/* Debug */
	FTR(LOWER_SAFE, 16, 4, 0),	/* Coproc */
	FTR(LOWER_SAFE, 12, 4, 0),	/* CmpBranch */
	FTR(LOWER_SAFE, 8, 4, 0),	/* BitField */
	FTR(LOWER_SAFE, 4, 4, 0),	/* BitCount */
	FTR(LOWER_SAFE, 0, 4, 0),	/* Swap */
};

/*
 * ftr_id_isar4[]: cpufeature.c 6.12.107 lines 622-632, 7.2.8 lines 662-672
 * (the same table)
 */
static const struct sim_ftr_bits ftr_id_isar4[] = {
	FTR(LOWER_SAFE, 28, 4, 0),	/* SWP_frac */
	FTR(LOWER_SAFE, 24, 4, 0),	/* PSR_M */
	FTR(LOWER_SAFE, 20, 4, 0),	/* SynchPrim_frac */
	FTR(LOWER_SAFE, 16, 4, 0),	/* Barrier */
	FTR(LOWER_SAFE, 12, 4, 0),	/* SMC */
	FTR(LOWER_SAFE, 8, 4, 0),	/* Writeback */
	FTR(LOWER_SAFE, 4, 4, 0),	/* WithShifts */
	FTR(LOWER_SAFE, 0, 4, 0),	/* Unpriv */
};

/*
 * ftr_id_isar5[]: cpufeature.c 6.12.107 lines 593-601, 7.2.8 lines 633-641
 * (the same table)
 */
static const struct sim_ftr_bits ftr_id_isar5[] = {
	FTR(LOWER_SAFE, 24, 4, 0),	/* RDM */
	FTR(LOWER_SAFE, 16, 4, 0),	/* CRC32 */
	FTR(LOWER_SAFE, 12, 4, 0),	/* SHA2 */
	FTR(LOWER_SAFE, 8, 4, 0),	/* SHA1 */
	FTR(LOWER_SAFE, 4, 4, 0),	/* AES */
	FTR(LOWER_SAFE, 0, 4, 0),	/* SEVL */
};

/*
 * ftr_id_mmfr4[]: cpufeature.c 6.12.107 lines 603-620, 7.2.8 lines 643-660
 * (the same table)
 */
static const struct sim_ftr_bits ftr_id_mmfr4[] = {
	FTR(LOWER_SAFE, 28, 4, 0),	/* EVT */
	FTR(LOWER_SAFE, 24, 4, 0),	/* CCIDX */
	FTR(LOWER_SAFE, 20, 4, 0),	/* LSM */
	FTR(LOWER_SAFE, 16, 4, 0),	/* HPDS */
	FTR(LOWER_SAFE, 12, 4, 0),	/* CnP */
	FTR(LOWER_SAFE, 8, 4, 0),	/* XNX */
	FTR(LOWER_SAFE, 4, 4, 0),	/* AC2 */
	FTR(HIGHER_SAFE, 0, 4, 0),	/* SpecSEI */
};

/*
 * ftr_id_isar6[]: cpufeature.c 6.12.107 lines 639-648, 7.2.8 lines 679-688
 * (the same table)
 */
static const struct sim_ftr_bits ftr_id_isar6[] = {
	FTR(LOWER_SAFE, 24, 4, 0),	/* I8MM */
	FTR(LOWER_SAFE, 20, 4, 0),	/* BF16 */
	FTR(LOWER_SAFE, 16, 4, 0),	/* SPECRES */
	FTR(LOWER_SAFE, 12, 4, 0),	/* SB */
	FTR(LOWER_SAFE, 8, 4, 0),	/* FHM */
	FTR(LOWER_SAFE, 4, 4, 0),	/* DP */
	FTR(LOWER_SAFE, 0, 4, 0),	/* JSCVT */
};

/*
 * ftr_mvfr0[]: cpufeature.c 6.12.107 lines 541-551, 7.2.8 lines 581-591
 * (the same table)
 */
static const struct sim_ftr_bits ftr_mvfr0[] = {
	FTR(LOWER_SAFE, 28, 4, 0),	/* FPRound */
	FTR(LOWER_SAFE, 24, 4, 0),	/* FPShVec */
	FTR(LOWER_SAFE, 20, 4, 0),	/* FPSqrt */
	FTR(LOWER_SAFE, 16, 4, 0),	/* FPDivide */
	FTR(LOWER_SAFE, 12, 4, 0),	/* FPTrap */
	FTR(LOWER_SAFE, 8, 4, 0),	/* FPDP */
	FTR(LOWER_SAFE, 4, 4, 0),	/* FPSP */
	FTR(LOWER_SAFE, 0, 4, 0),	/* SIMDReg */
};

/*
 * ftr_mvfr1[]: cpufeature.c 6.12.107 lines 553-563, 7.2.8 lines 593-603
 * (the same table)
 */
static const struct sim_ftr_bits ftr_mvfr1[] = {
	FTR(LOWER_SAFE, 28, 4, 0),	/* SIMDFMAC */
	FTR(LOWER_SAFE, 24, 4, 0),	/* FPHP */
	FTR(LOWER_SAFE, 20, 4, 0),	/* SIMDHP */
	FTR(LOWER_SAFE, 16, 4, 0),	/* SIMDSP */
	FTR(LOWER_SAFE, 12, 4, 0),	/* SIMDInt */
	FTR(LOWER_SAFE, 8, 4, 0),	/* SIMDLS */
	FTR(LOWER_SAFE, 4, 4, 0),	/* FPDNaN */
	FTR(LOWER_SAFE, 0, 4, 0),	/* FPFtZ */
};

/*
 * ftr_mvfr2[]: cpufeature.c 6.12.107 lines 565-569, 7.2.8 lines 605-609
 * (the same table)
 */
static const struct sim_ftr_bits ftr_mvfr2[] = {
	FTR(LOWER_SAFE, 4, 4, 0),	/* FPMisc */
	FTR(LOWER_SAFE, 0, 4, 0),	/* SIMDMisc */
};

/*
 * ftr_id_pfr2[]: cpufeature.c 6.12.107 lines 672-676, 7.2.8 lines 712-716
 * (the same table)
 */
static const struct sim_ftr_bits ftr_id_pfr2[] = {
	FTR(LOWER_SAFE, 4, 4, 0),	/* SSBS */
	FTR(LOWER_SAFE, 0, 4, 0),	/* CSV3 */
};

/*
 * ftr_id_dfr1[]: cpufeature.c 6.12.107 lines 690-693, 7.2.8 lines 730-733
 * (the same table)
 */
static const struct sim_ftr_bits ftr_id_dfr1[] = {
	S_FTR(LOWER_SAFE, 0, 4, 0),	/* MTPMU */
};

/*
 * ftr_id_mmfr5[]: cpufeature.c 6.12.107 lines 634-637, 7.2.8 lines 674-677
 * (the same table)
 */
static const struct sim_ftr_bits ftr_id_mmfr5[] = {
	FTR(LOWER_SAFE, 0, 4, 0),	/* ETS */
};

/*
 * ftr_id_aa64pfr0[]: cpufeature.c 6.12.107 lines 281-299, 7.2.8 lines 293-311
 * (the same table)
 */
static const struct sim_ftr_bits ftr_id_aa64pfr0[] = {
	FTR(LOWER_SAFE, 60, 4, 0),	/* CSV3 */
	FTR(LOWER_SAFE, 56, 4, 0),	/* CSV2 */
	FTR(LOWER_SAFE, 48, 4, 0),	/* DIT */
	FTR(LOWER_SAFE, 44, 4, 0),	/* AMU */
	FTR(LOWER_SAFE, 40, 4, 0),	/* MPAM */
	FTR(LOWER_SAFE, 36, 4, 0),	/* SEL2 */
	FTR(LOWER_SAFE, 32, 4, 0),	/* SVE */
	FTR(LOWER_SAFE, 28, 4, 0),	/* RAS */
	FTR(LOWER_SAFE, 24, 4, 0),	/* GIC */
	S_FTR(LOWER_SAFE, 20, 4, 0xf),	/* AdvSIMD, safe ID_AA64PFR0_EL1_AdvSIMD_NI */
	S_FTR(LOWER_SAFE, 16, 4, 0xf),	/* FP, safe ID_AA64PFR0_EL1_FP_NI */
	FTR(LOWER_SAFE, 12, 4, 0),	/* EL3 */
	FTR(LOWER_SAFE, 8, 4, 0),	/* EL2 */
	FTR(LOWER_SAFE, 4, 4, 1),	/* EL1, safe ID_AA64PFR0_EL1_EL1_IMP */
	FTR(LOWER_SAFE, 0, 4, 1),	/* EL0, safe ID_AA64PFR0_EL1_EL0_IMP */
};

/* ftr_id_aa64pfr1[]: cpufeature.c 6.12.107 lines 301-312 */
static const struct sim_ftr_bits ftr_id_aa64pfr1_612[] = {
	FTR(LOWER_SAFE, 24, 4, 0),	/* SME */
	FTR(LOWER_SAFE, 16, 4, 0),	/* MPAM_frac */
	FTR(LOWER_SAFE, 12, 4, 0),	/* RAS_frac */
	FTR(LOWER_SAFE, 8, 4, 0),	/* MTE, safe ID_AA64PFR1_EL1_MTE_NI */
	FTR(LOWER_SAFE, 4, 4, 0),	/* SSBS, safe ID_AA64PFR1_EL1_SSBS_NI */
	FTR(LOWER_SAFE, 0, 4, 0),	/* BT */
};

/* ftr_id_aa64pfr2[]: cpufeature.c 6.12.107 lines 314-317 */
static const struct sim_ftr_bits ftr_id_aa64pfr2_612[] = {
	FTR(LOWER_SAFE, 32, 4, 0),	/* FPMR */
};

/* ftr_id_aa64zfr0[]: cpufeature.c 6.12.107 lines 319-341 */
static const struct sim_ftr_bits ftr_id_aa64zfr0_612[] = {
	FTR(LOWER_SAFE, 56, 4, 0),	/* F64MM */
	FTR(LOWER_SAFE, 52, 4, 0),	/* F32MM */
	FTR(LOWER_SAFE, 44, 4, 0),	/* I8MM */
	FTR(LOWER_SAFE, 40, 4, 0),	/* SM4 */
	FTR(LOWER_SAFE, 32, 4, 0),	/* SHA3 */
	FTR(LOWER_SAFE, 24, 4, 0),	/* B16B16 */
	FTR(LOWER_SAFE, 20, 4, 0),	/* BF16 */
	FTR(LOWER_SAFE, 16, 4, 0),	/* BitPerm */
	FTR(LOWER_SAFE, 4, 4, 0),	/* AES */
	FTR(LOWER_SAFE, 0, 4, 0),	/* SVEver */
};

/* ftr_id_aa64smfr0[]: cpufeature.c 6.12.107 lines 343-381 */
static const struct sim_ftr_bits ftr_id_aa64smfr0_612[] = {
	FTR(EXACT, 63, 1, 0),	/* FA64 */
	FTR(EXACT, 60, 1, 0),	/* LUTv2 */
	FTR(EXACT, 56, 4, 0),	/* SMEver */
	FTR(EXACT, 52, 4, 0),	/* I16I64 */
	FTR(EXACT, 48, 1, 0),	/* F64F64 */
	FTR(EXACT, 44, 4, 0),	/* I16I32 */
	FTR(EXACT, 43, 1, 0),	/* B16B16 */
	FTR(EXACT, 42, 1, 0),	/* F16F16 */
	FTR(EXACT, 41, 1, 0),	/* F8F16 */
	FTR(EXACT, 40, 1, 0),	/* F8F32 */
	FTR(EXACT, 36, 4, 0),	/* I8I32 */
	FTR(EXACT, 35, 1, 0),	/* F16F32 */
	FTR(EXACT, 34, 1, 0),	/* B16F32 */
	FTR(EXACT, 33, 1, 0),	/* BI32I32 */
	FTR(EXACT, 32, 1, 0),	/* F32F32 */
	FTR(EXACT, 30, 1, 0),	/* SF8FMA */
	FTR(EXACT, 29, 1, 0),	/* SF8DP4 */
	FTR(EXACT, 28, 1, 0),	/* SF8DP2 */
};

/* ftr_id_aa64fpfr0[]: cpufeature.c 6.12.107 lines 383-391 */
static const struct sim_ftr_bits ftr_id_aa64fpfr0_612[] = {
	FTR(EXACT, 31, 1, 0),	/* F8CVT */
	FTR(EXACT, 30, 1, 0),	/* F8FMA */
	FTR(EXACT, 29, 1, 0),	/* F8DP4 */
	FTR(EXACT, 28, 1, 0),	/* F8DP2 */
	FTR(EXACT, 1, 1, 0),	/* F8E4M3 */
	FTR(EXACT, 0, 1, 0),	/* F8E5M2 */
};

/*
 * ftr_id_aa64dfr0[]: cpufeature.c 6.12.107 lines 526-539, 7.2.8 lines 566-579
 * (the same table)
 */
static const struct sim_ftr_bits ftr_id_aa64dfr0[] = {
	S_FTR(LOWER_SAFE, 36, 4, 0),	/* DoubleLock */
	FTR(LOWER_SAFE, 32, 4, 0),	/* PMSVer */
	FTR(LOWER_SAFE, 28, 4, 0),	/* CTX_CMPs */
	FTR(LOWER_SAFE, 20, 4, 0),	/* WRPs */
	FTR(LOWER_SAFE, 12, 4, 0),	/* BRPs */
	FTR(EXACT, 8, 4, 0),	/* PMUVer */
	FTR(EXACT, 0, 4, 6),	/* DebugVer */
};

/*
 * ftr_id_aa64isar0[]: cpufeature.c 6.12.107 lines 219-235, 7.2.8 lines 226-242
 * (the same table)
 */
static const struct sim_ftr_bits ftr_id_aa64isar0[] = {
	FTR(LOWER_SAFE, 60, 4, 0),	/* RNDR */
	FTR(LOWER_SAFE, 56, 4, 0),	/* TLB */
	FTR(LOWER_SAFE, 52, 4, 0),	/* TS */
	FTR(LOWER_SAFE, 48, 4, 0),	/* FHM */
	FTR(LOWER_SAFE, 44, 4, 0),	/* DP */
	FTR(LOWER_SAFE, 40, 4, 0),	/* SM4 */
	FTR(LOWER_SAFE, 36, 4, 0),	/* SM3 */
	FTR(LOWER_SAFE, 32, 4, 0),	/* SHA3 */
	FTR(LOWER_SAFE, 28, 4, 0),	/* RDM */
	FTR(LOWER_SAFE, 20, 4, 0),	/* ATOMIC */
	FTR(LOWER_SAFE, 16, 4, 0),	/* CRC32 */
	FTR(LOWER_SAFE, 12, 4, 0),	/* SHA2 */
	FTR(LOWER_SAFE, 8, 4, 0),	/* SHA1 */
	FTR(LOWER_SAFE, 4, 4, 0),	/* AES */
};

/* ftr_id_aa64isar1[]: cpufeature.c 6.12.107 lines 237-258 */
static const struct sim_ftr_bits ftr_id_aa64isar1_612[] = {
	FTR(LOWER_SAFE, 56, 4, 0),	/* XS */
	FTR(LOWER_SAFE, 52, 4, 0),	/* I8MM */
	FTR(LOWER_SAFE, 48, 4, 0),	/* DGH */
	FTR(LOWER_SAFE, 44, 4, 0),	/* BF16 */
	FTR(LOWER_SAFE, 40, 4, 0),	/* SPECRES */
	FTR(LOWER_SAFE, 36, 4, 0),	/* SB */
	FTR(LOWER_SAFE, 32, 4, 0),	/* FRINTTS */
	FTR(LOWER_SAFE, 28, 4, 0),	/* GPI */
	FTR(LOWER_SAFE, 24, 4, 0),	/* GPA */
	FTR(LOWER_SAFE, 20, 4, 0),	/* LRCPC */
	FTR(LOWER_SAFE, 16, 4, 0),	/* FCMA */
	FTR(LOWER_SAFE, 12, 4, 0),	/* JSCVT */
	FTR(EXACT, 8, 4, 0),	/* API */
	FTR(EXACT, 4, 4, 0),	/* APA */
	FTR(LOWER_SAFE, 0, 4, 0),	/* DPB */
};

/* ftr_id_aa64isar2[]: cpufeature.c 6.12.107 lines 260-274 */
static const struct sim_ftr_bits ftr_id_aa64isar2_612[] = {
	FTR(LOWER_SAFE, 56, 4, 0),	/* LUT */
	FTR(LOWER_SAFE, 52, 4, 0),	/* CSSC */
	FTR(LOWER_SAFE, 48, 4, 0),	/* RPRFM */
	FTR(LOWER_SAFE, 28, 4, 0),	/* CLRBHB */
	FTR(LOWER_SAFE, 20, 4, 0),	/* BC */
	FTR(LOWER_SAFE, 16, 4, 0),	/* MOPS */
	FTR(EXACT, 12, 4, 0),	/* APA3 */
	FTR(LOWER_SAFE, 8, 4, 0),	/* GPA3 */
	FTR(LOWER_SAFE, 4, 4, 0),	/* RPRES */
	FTR(LOWER_SAFE, 0, 4, 0),	/* WFxT */
};

/* ftr_id_aa64isar3[]: cpufeature.c 6.12.107 lines 276-279 */
static const struct sim_ftr_bits ftr_id_aa64isar3_612[] = {
	FTR(LOWER_SAFE, 4, 4, 0),	/* FAMINMAX */
};

/*
 * ftr_id_aa64mmfr0[]: cpufeature.c 6.12.107 lines 393-437, 7.2.8 lines 431-475
 * (the same table)
 */
static const struct sim_ftr_bits ftr_id_aa64mmfr0[] = {
	FTR(LOWER_SAFE, 60, 4, 0),	/* ECV */
	FTR(LOWER_SAFE, 56, 4, 0),	/* FGT */
	FTR(LOWER_SAFE, 44, 4, 0),	/* EXS */
	FTR(EXACT, 40, 4, 1),	/* TGRAN4_2 */
	FTR(EXACT, 36, 4, 1),	/* TGRAN64_2 */
	FTR(EXACT, 32, 4, 1),	/* TGRAN16_2 */
	S_FTR(LOWER_SAFE, 28, 4, 0xf),	/* TGRAN4, safe ID_AA64MMFR0_EL1_TGRAN4_NI */
	S_FTR(LOWER_SAFE, 24, 4, 0xf),	/* TGRAN64, safe ID_AA64MMFR0_EL1_TGRAN64_NI */
	FTR(LOWER_SAFE, 20, 4, 0),	/* TGRAN16, safe ID_AA64MMFR0_EL1_TGRAN16_NI */
	FTR(LOWER_SAFE, 16, 4, 0),	/* BIGENDEL0 */
	FTR(LOWER_SAFE, 12, 4, 0),	/* SNSMEM */
	FTR(LOWER_SAFE, 8, 4, 0),	/* BIGEND */
	FTR(LOWER_SAFE, 4, 4, 0),	/* ASIDBITS */
	FTR(LOWER_SAFE, 0, 4, 0),	/* PARANGE */
};

/*
 * ftr_id_aa64mmfr1[]: cpufeature.c 6.12.107 lines 439-455, 7.2.8 lines 477-493
 * (the same table)
 */
static const struct sim_ftr_bits ftr_id_aa64mmfr1[] = {
	FTR(LOWER_SAFE, 60, 4, 0),	/* ECBHB */
	FTR(LOWER_SAFE, 52, 4, 0),	/* TIDCP1 */
	FTR(LOWER_SAFE, 44, 4, 0),	/* AFP */
	FTR(LOWER_SAFE, 40, 4, 0),	/* HCX */
	FTR(LOWER_SAFE, 36, 4, 0),	/* ETS */
	FTR(LOWER_SAFE, 32, 4, 0),	/* TWED */
	FTR(LOWER_SAFE, 28, 4, 0),	/* XNX */
	FTR(HIGHER_SAFE, 24, 4, 0),	/* SpecSEI */
	FTR(LOWER_SAFE, 20, 4, 0),	/* PAN */
	FTR(LOWER_SAFE, 16, 4, 0),	/* LO */
	FTR(LOWER_SAFE, 12, 4, 0),	/* HPDS */
	FTR(LOWER_SAFE, 8, 4, 0),	/* VH */
	FTR(LOWER_SAFE, 4, 4, 0),	/* VMIDBits */
	FTR(LOWER_SAFE, 0, 4, 0),	/* HAFDBS */
};

/*
 * ftr_id_aa64mmfr2[]: cpufeature.c 6.12.107 lines 457-474, 7.2.8 lines 495-512
 * (the same table)
 */
static const struct sim_ftr_bits ftr_id_aa64mmfr2[] = {
	FTR(LOWER_SAFE, 60, 4, 0),	/* E0PD */
	FTR(LOWER_SAFE, 56, 4, 0),	/* EVT */
	FTR(LOWER_SAFE, 52, 4, 0),	/* BBM */
	FTR(LOWER_SAFE, 48, 4, 0),	/* TTL */
	FTR(LOWER_SAFE, 40, 4, 0),	/* FWB */
	FTR(LOWER_SAFE, 36, 4, 0),	/* IDS */
	FTR(LOWER_SAFE, 32, 4, 0),	/* AT */
	FTR(LOWER_SAFE, 28, 4, 0),	/* ST */
	FTR(LOWER_SAFE, 24, 4, 0),	/* NV */
	FTR(LOWER_SAFE, 20, 4, 0),	/* CCIDX */
	FTR(LOWER_SAFE, 16, 4, 0),	/* VARange */
	FTR(LOWER_SAFE, 12, 4, 0),	/* IESB */
	FTR(LOWER_SAFE, 8, 4, 0),	/* LSM */
	FTR(LOWER_SAFE, 4, 4, 0),	/* UAO */
	FTR(LOWER_SAFE, 0, 4, 0),	/* CnP */
};

/* ftr_id_aa64mmfr3[]: cpufeature.c 6.12.107 lines 476-482 */
static const struct sim_ftr_bits ftr_id_aa64mmfr3_612[] = {
	FTR(LOWER_SAFE, 16, 4, 0),	/* S1POE */
	FTR(LOWER_SAFE, 8, 4, 0),	/* S1PIE */
	FTR(LOWER_SAFE, 0, 4, 0),	/* TCRX */
};

/* ftr_id_aa64mmfr4[]: cpufeature.c 6.12.107 lines 484-487 */
static const struct sim_ftr_bits ftr_id_aa64mmfr4_612[] = {
	S_FTR(LOWER_SAFE, 24, 4, 0),	/* E2H0 */
};

/*
 * ftr_ctr[]: cpufeature.c 6.12.107 lines 489-504, 7.2.8 lines 529-544
 * (the same table)
 */
static const struct sim_ftr_bits ftr_ctr[] = {
	FTR(EXACT, 31, 1, 1),	/* RES1 */
	FTR(LOWER_SAFE, 29, 1, 1),	/* DIC */
	FTR(LOWER_SAFE, 28, 1, 1),	/* IDC */
	FTR(HIGHER_OR_ZERO_SAFE, 24, 4, 0),	/* CWG */
	FTR(HIGHER_OR_ZERO_SAFE, 20, 4, 0),	/* ERG */
	FTR(LOWER_SAFE, 16, 4, 1),	/* DminLine */
	FTR(EXACT, 14, 2, 2),	/* L1Ip, safe CTR_EL0_L1Ip_VIPT */
	FTR(LOWER_SAFE, 0, 4, 0),	/* IminLine */
};

/* ftr_id_aa64pfr1[]: cpufeature.c 7.2.8 lines 313-328 */
static const struct sim_ftr_bits ftr_id_aa64pfr1_72[] = {
	FTR(LOWER_SAFE, 56, 4, 0),	/* DF2 */
	FTR(LOWER_SAFE, 44, 4, 0),	/* GCS */
	S_FTR(LOWER_SAFE, 40, 4, 0),	/* MTE_frac */
	FTR(LOWER_SAFE, 24, 4, 0),	/* SME */
	FTR(LOWER_SAFE, 16, 4, 0),	/* MPAM_frac */
	FTR(LOWER_SAFE, 12, 4, 0),	/* RAS_frac */
	FTR(LOWER_SAFE, 8, 4, 0),	/* MTE, safe ID_AA64PFR1_EL1_MTE_NI */
	FTR(LOWER_SAFE, 4, 4, 0),	/* SSBS, safe ID_AA64PFR1_EL1_SSBS_NI */
	FTR(LOWER_SAFE, 0, 4, 0),	/* BT */
};

/* ftr_id_aa64pfr2[]: cpufeature.c 7.2.8 lines 330-336 */
static const struct sim_ftr_bits ftr_id_aa64pfr2_72[] = {
	FTR(LOWER_SAFE, 32, 4, 0),	/* FPMR */
	FTR(LOWER_SAFE, 12, 4, 0),	/* GCIE, safe ID_AA64PFR2_EL1_GCIE_NI */
	FTR(LOWER_SAFE, 8, 4, 0),	/* MTEFAR, safe ID_AA64PFR2_EL1_MTEFAR_NI */
	FTR(LOWER_SAFE, 4, 4, 0),	/* MTESTOREONLY, safe ID_AA64PFR2_EL1_MTESTOREONLY_NI */
};

/* ftr_id_aa64zfr0[]: cpufeature.c 7.2.8 lines 338-364 */
static const struct sim_ftr_bits ftr_id_aa64zfr0_72[] = {
	FTR(LOWER_SAFE, 56, 4, 0),	/* F64MM */
	FTR(LOWER_SAFE, 52, 4, 0),	/* F32MM */
	FTR(LOWER_SAFE, 48, 4, 0),	/* F16MM */
	FTR(LOWER_SAFE, 44, 4, 0),	/* I8MM */
	FTR(LOWER_SAFE, 40, 4, 0),	/* SM4 */
	FTR(LOWER_SAFE, 32, 4, 0),	/* SHA3 */
	FTR(LOWER_SAFE, 24, 4, 0),	/* B16B16 */
	FTR(LOWER_SAFE, 20, 4, 0),	/* BF16 */
	FTR(LOWER_SAFE, 16, 4, 0),	/* BitPerm */
	FTR(LOWER_SAFE, 12, 4, 0),	/* EltPerm */
	FTR(LOWER_SAFE, 4, 4, 0),	/* AES */
	FTR(LOWER_SAFE, 0, 4, 0),	/* SVEver */
};

/* ftr_id_aa64smfr0[]: cpufeature.c 7.2.8 lines 366-416 */
static const struct sim_ftr_bits ftr_id_aa64smfr0_72[] = {
	FTR(EXACT, 63, 1, 0),	/* FA64 */
	FTR(EXACT, 61, 1, 0),	/* LUT6 */
	FTR(EXACT, 60, 1, 0),	/* LUTv2 */
	FTR(EXACT, 56, 4, 0),	/* SMEver */
	FTR(EXACT, 52, 4, 0),	/* I16I64 */
	FTR(EXACT, 48, 1, 0),	/* F64F64 */
	FTR(EXACT, 44, 4, 0),	/* I16I32 */
	FTR(EXACT, 43, 1, 0),	/* B16B16 */
	FTR(EXACT, 42, 1, 0),	/* F16F16 */
	FTR(EXACT, 41, 1, 0),	/* F8F16 */
	FTR(EXACT, 40, 1, 0),	/* F8F32 */
	FTR(EXACT, 36, 4, 0),	/* I8I32 */
	FTR(EXACT, 35, 1, 0),	/* F16F32 */
	FTR(EXACT, 34, 1, 0),	/* B16F32 */
	FTR(EXACT, 33, 1, 0),	/* BI32I32 */
	FTR(EXACT, 32, 1, 0),	/* F32F32 */
	FTR(EXACT, 30, 1, 0),	/* SF8FMA */
	FTR(EXACT, 29, 1, 0),	/* SF8DP4 */
	FTR(EXACT, 28, 1, 0),	/* SF8DP2 */
	FTR(EXACT, 25, 1, 0),	/* SBitPerm */
	FTR(EXACT, 24, 1, 0),	/* AES */
	FTR(EXACT, 23, 1, 0),	/* SFEXPA */
	FTR(EXACT, 16, 1, 0),	/* STMOP */
	FTR(EXACT, 0, 1, 0),	/* SMOP4 */
};

/* ftr_id_aa64fpfr0[]: cpufeature.c 7.2.8 lines 418-429 */
static const struct sim_ftr_bits ftr_id_aa64fpfr0_72[] = {
	FTR(EXACT, 31, 1, 0),	/* F8CVT */
	FTR(EXACT, 30, 1, 0),	/* F8FMA */
	FTR(EXACT, 29, 1, 0),	/* F8DP4 */
	FTR(EXACT, 28, 1, 0),	/* F8DP2 */
	FTR(EXACT, 27, 1, 0),	/* F8MM8 */
	FTR(EXACT, 26, 1, 0),	/* F8MM4 */
	FTR(EXACT, 15, 1, 0),	/* F16MM2 */
	FTR(EXACT, 1, 1, 0),	/* F8E4M3 */
	FTR(EXACT, 0, 1, 0),	/* F8E5M2 */
};

/* ftr_id_aa64isar1[]: cpufeature.c 7.2.8 lines 244-266 */
static const struct sim_ftr_bits ftr_id_aa64isar1_72[] = {
	FTR(LOWER_SAFE, 60, 4, 0),	/* LS64 */
	FTR(LOWER_SAFE, 56, 4, 0),	/* XS */
	FTR(LOWER_SAFE, 52, 4, 0),	/* I8MM */
	FTR(LOWER_SAFE, 48, 4, 0),	/* DGH */
	FTR(LOWER_SAFE, 44, 4, 0),	/* BF16 */
	FTR(LOWER_SAFE, 40, 4, 0),	/* SPECRES */
	FTR(LOWER_SAFE, 36, 4, 0),	/* SB */
	FTR(LOWER_SAFE, 32, 4, 0),	/* FRINTTS */
	FTR(LOWER_SAFE, 28, 4, 0),	/* GPI */
	FTR(LOWER_SAFE, 24, 4, 0),	/* GPA */
	FTR(LOWER_SAFE, 20, 4, 0),	/* LRCPC */
	FTR(LOWER_SAFE, 16, 4, 0),	/* FCMA */
	FTR(LOWER_SAFE, 12, 4, 0),	/* JSCVT */
	FTR(EXACT, 8, 4, 0),	/* API */
	FTR(EXACT, 4, 4, 0),	/* APA */
	FTR(LOWER_SAFE, 0, 4, 0),	/* DPB */
};

/* ftr_id_aa64isar2[]: cpufeature.c 7.2.8 lines 268-283 */
static const struct sim_ftr_bits ftr_id_aa64isar2_72[] = {
	FTR(LOWER_SAFE, 60, 4, 0),	/* ATS1A */
	FTR(LOWER_SAFE, 56, 4, 0),	/* LUT */
	FTR(LOWER_SAFE, 52, 4, 0),	/* CSSC */
	FTR(LOWER_SAFE, 48, 4, 0),	/* RPRFM */
	FTR(LOWER_SAFE, 28, 4, 0),	/* CLRBHB */
	FTR(LOWER_SAFE, 20, 4, 0),	/* BC */
	FTR(LOWER_SAFE, 16, 4, 0),	/* MOPS */
	FTR(EXACT, 12, 4, 0),	/* APA3 */
	FTR(LOWER_SAFE, 8, 4, 0),	/* GPA3 */
	FTR(LOWER_SAFE, 4, 4, 0),	/* RPRES */
	FTR(LOWER_SAFE, 0, 4, 0),	/* WFxT */
};

/* ftr_id_aa64isar3[]: cpufeature.c 7.2.8 lines 285-291 */
static const struct sim_ftr_bits ftr_id_aa64isar3_72[] = {
	FTR(LOWER_SAFE, 28, 4, 0),	/* FPRCVT */
	FTR(LOWER_SAFE, 24, 4, 0),	/* LSUI, safe ID_AA64ISAR3_EL1_LSUI_NI */
	FTR(LOWER_SAFE, 16, 4, 0),	/* LSFE */
	FTR(LOWER_SAFE, 4, 4, 0),	/* FAMINMAX */
};

/* ftr_id_aa64mmfr3[]: cpufeature.c 7.2.8 lines 514-521 */
static const struct sim_ftr_bits ftr_id_aa64mmfr3_72[] = {
	FTR(LOWER_SAFE, 16, 4, 0),	/* S1POE */
	FTR(LOWER_SAFE, 8, 4, 0),	/* S1PIE */
	FTR(LOWER_SAFE, 4, 4, 0),	/* SCTLRX */
	FTR(LOWER_SAFE, 0, 4, 0),	/* TCRX */
};

/* ftr_id_aa64mmfr4[]: cpufeature.c 7.2.8 lines 523-527 */
static const struct sim_ftr_bits ftr_id_aa64mmfr4_72[] = {
	S_FTR(LOWER_SAFE, 24, 4, 0),	/* E2H0 */
	FTR(LOWER_SAFE, 20, 4, 0),	/* NV_frac */
};

/* arm64_ftr_regs[]: cpufeature.c 6.12.107 lines 752-824 (the ID space and CTR_EL0) */
static const struct sim_ftr_reg ftr_regs_612[] = {
	REG(0, 0, 1, 0, ftr_id_pfr0),	/* ID_PFR0_EL1 */
	REG(0, 0, 1, 1, ftr_id_pfr1),	/* ID_PFR1_EL1 */
	REG(0, 0, 1, 2, ftr_id_dfr0),	/* ID_DFR0_EL1 */
	REG(0, 0, 1, 4, ftr_id_mmfr0),	/* ID_MMFR0_EL1 */
	REG(0, 0, 1, 5, ftr_generic_32bits),	/* ID_MMFR1_EL1 */
	REG(0, 0, 1, 6, ftr_generic_32bits),	/* ID_MMFR2_EL1 */
	REG(0, 0, 1, 7, ftr_generic_32bits),	/* ID_MMFR3_EL1 */
	REG(0, 0, 2, 0, ftr_id_isar0),	/* ID_ISAR0_EL1 */
	REG(0, 0, 2, 1, ftr_generic_32bits),	/* ID_ISAR1_EL1 */
	REG(0, 0, 2, 2, ftr_generic_32bits),	/* ID_ISAR2_EL1 */
	REG(0, 0, 2, 3, ftr_generic_32bits),	/* ID_ISAR3_EL1 */
	REG(0, 0, 2, 4, ftr_id_isar4),	/* ID_ISAR4_EL1 */
	REG(0, 0, 2, 5, ftr_id_isar5),	/* ID_ISAR5_EL1 */
	REG(0, 0, 2, 6, ftr_id_mmfr4),	/* ID_MMFR4_EL1 */
	REG(0, 0, 2, 7, ftr_id_isar6),	/* ID_ISAR6_EL1 */
	REG(0, 0, 3, 0, ftr_mvfr0),	/* MVFR0_EL1 */
	REG(0, 0, 3, 1, ftr_mvfr1),	/* MVFR1_EL1 */
	REG(0, 0, 3, 2, ftr_mvfr2),	/* MVFR2_EL1 */
	REG(0, 0, 3, 4, ftr_id_pfr2),	/* ID_PFR2_EL1 */
	REG(0, 0, 3, 5, ftr_id_dfr1),	/* ID_DFR1_EL1 */
	REG(0, 0, 3, 6, ftr_id_mmfr5),	/* ID_MMFR5_EL1 */
	REG(0, 0, 4, 0, ftr_id_aa64pfr0),	/* ID_AA64PFR0_EL1 */
	REG(0, 0, 4, 1, ftr_id_aa64pfr1_612),	/* ID_AA64PFR1_EL1 */
	REG(0, 0, 4, 2, ftr_id_aa64pfr2_612),	/* ID_AA64PFR2_EL1 */
	REG(0, 0, 4, 4, ftr_id_aa64zfr0_612),	/* ID_AA64ZFR0_EL1 */
	REG(0, 0, 4, 5, ftr_id_aa64smfr0_612),	/* ID_AA64SMFR0_EL1 */
	REG(0, 0, 4, 7, ftr_id_aa64fpfr0_612),	/* ID_AA64FPFR0_EL1 */
	REG(0, 0, 5, 0, ftr_id_aa64dfr0),	/* ID_AA64DFR0_EL1 */
	REG_NONE(0, 0, 5, 1),	/* ID_AA64DFR1_EL1: ftr_raz, no fields */
	REG(0, 0, 6, 0, ftr_id_aa64isar0),	/* ID_AA64ISAR0_EL1 */
	REG(0, 0, 6, 1, ftr_id_aa64isar1_612),	/* ID_AA64ISAR1_EL1 */
	REG(0, 0, 6, 2, ftr_id_aa64isar2_612),	/* ID_AA64ISAR2_EL1 */
	REG(0, 0, 6, 3, ftr_id_aa64isar3_612),	/* ID_AA64ISAR3_EL1 */
	REG(0, 0, 7, 0, ftr_id_aa64mmfr0),	/* ID_AA64MMFR0_EL1 */
	REG(0, 0, 7, 1, ftr_id_aa64mmfr1),	/* ID_AA64MMFR1_EL1 */
	REG(0, 0, 7, 2, ftr_id_aa64mmfr2),	/* ID_AA64MMFR2_EL1 */
	REG(0, 0, 7, 3, ftr_id_aa64mmfr3_612),	/* ID_AA64MMFR3_EL1 */
	REG(0, 0, 7, 4, ftr_id_aa64mmfr4_612),	/* ID_AA64MMFR4_EL1 */
	REG(3, 0, 0, 1, ftr_ctr),	/* CTR_EL0 */
};

const struct sim_ftr_table hvabi_sim_ftr_612 = {
	.regs = ftr_regs_612, .nregs = HVABI_ARRAY_SIZE(ftr_regs_612),
	.release = "6.12.107",
};

/* arm64_ftr_regs[]: cpufeature.c 7.2.8 lines 800-875 (the ID space and CTR_EL0) */
static const struct sim_ftr_reg ftr_regs_72[] = {
	REG(0, 0, 1, 0, ftr_id_pfr0),	/* ID_PFR0_EL1 */
	REG(0, 0, 1, 1, ftr_id_pfr1),	/* ID_PFR1_EL1 */
	REG(0, 0, 1, 2, ftr_id_dfr0),	/* ID_DFR0_EL1 */
	REG(0, 0, 1, 4, ftr_id_mmfr0),	/* ID_MMFR0_EL1 */
	REG(0, 0, 1, 5, ftr_generic_32bits),	/* ID_MMFR1_EL1 */
	REG(0, 0, 1, 6, ftr_generic_32bits),	/* ID_MMFR2_EL1 */
	REG(0, 0, 1, 7, ftr_generic_32bits),	/* ID_MMFR3_EL1 */
	REG(0, 0, 2, 0, ftr_id_isar0),	/* ID_ISAR0_EL1 */
	REG(0, 0, 2, 1, ftr_generic_32bits),	/* ID_ISAR1_EL1 */
	REG(0, 0, 2, 2, ftr_generic_32bits),	/* ID_ISAR2_EL1 */
	REG(0, 0, 2, 3, ftr_generic_32bits),	/* ID_ISAR3_EL1 */
	REG(0, 0, 2, 4, ftr_id_isar4),	/* ID_ISAR4_EL1 */
	REG(0, 0, 2, 5, ftr_id_isar5),	/* ID_ISAR5_EL1 */
	REG(0, 0, 2, 6, ftr_id_mmfr4),	/* ID_MMFR4_EL1 */
	REG(0, 0, 2, 7, ftr_id_isar6),	/* ID_ISAR6_EL1 */
	REG(0, 0, 3, 0, ftr_mvfr0),	/* MVFR0_EL1 */
	REG(0, 0, 3, 1, ftr_mvfr1),	/* MVFR1_EL1 */
	REG(0, 0, 3, 2, ftr_mvfr2),	/* MVFR2_EL1 */
	REG(0, 0, 3, 4, ftr_id_pfr2),	/* ID_PFR2_EL1 */
	REG(0, 0, 3, 5, ftr_id_dfr1),	/* ID_DFR1_EL1 */
	REG(0, 0, 3, 6, ftr_id_mmfr5),	/* ID_MMFR5_EL1 */
	REG(0, 0, 4, 0, ftr_id_aa64pfr0),	/* ID_AA64PFR0_EL1 */
	REG(0, 0, 4, 1, ftr_id_aa64pfr1_72),	/* ID_AA64PFR1_EL1 */
	REG(0, 0, 4, 2, ftr_id_aa64pfr2_72),	/* ID_AA64PFR2_EL1 */
	REG(0, 0, 4, 4, ftr_id_aa64zfr0_72),	/* ID_AA64ZFR0_EL1 */
	REG(0, 0, 4, 5, ftr_id_aa64smfr0_72),	/* ID_AA64SMFR0_EL1 */
	REG(0, 0, 4, 7, ftr_id_aa64fpfr0_72),	/* ID_AA64FPFR0_EL1 */
	REG(0, 0, 5, 0, ftr_id_aa64dfr0),	/* ID_AA64DFR0_EL1 */
	REG_NONE(0, 0, 5, 1),	/* ID_AA64DFR1_EL1: ftr_raz, no fields */
	REG(0, 0, 6, 0, ftr_id_aa64isar0),	/* ID_AA64ISAR0_EL1 */
	REG(0, 0, 6, 1, ftr_id_aa64isar1_72),	/* ID_AA64ISAR1_EL1 */
	REG(0, 0, 6, 2, ftr_id_aa64isar2_72),	/* ID_AA64ISAR2_EL1 */
	REG(0, 0, 6, 3, ftr_id_aa64isar3_72),	/* ID_AA64ISAR3_EL1 */
	REG(0, 0, 7, 0, ftr_id_aa64mmfr0),	/* ID_AA64MMFR0_EL1 */
	REG(0, 0, 7, 1, ftr_id_aa64mmfr1),	/* ID_AA64MMFR1_EL1 */
	REG(0, 0, 7, 2, ftr_id_aa64mmfr2),	/* ID_AA64MMFR2_EL1 */
	REG(0, 0, 7, 3, ftr_id_aa64mmfr3_72),	/* ID_AA64MMFR3_EL1 */
	REG(0, 0, 7, 4, ftr_id_aa64mmfr4_72),	/* ID_AA64MMFR4_EL1 */
	REG(3, 0, 0, 1, ftr_ctr),	/* CTR_EL0 */
};

const struct sim_ftr_table hvabi_sim_ftr_72 = {
	.regs = ftr_regs_72, .nregs = HVABI_ARRAY_SIZE(ftr_regs_72),
	.release = "7.2.8",
};
