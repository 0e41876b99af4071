/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * x86-64 catalogue: CPUID output registers, feature MSRs and KVM caps.
 * Sources: arch/x86/include/asm/cpufeatures.h (feature bit names, by the
 * word each CPUID register fills; QEMU's names in target/i386/cpu.c
 * feature_word_info are given where they differ), arch/x86/include/uapi/
 * asm/kvm_para.h (KVM PV leaves), arch/x86/include/asm/fpu/types.h (XSAVE
 * components), arch/x86/kvm/cpuid.c (what KVM_GET_SUPPORTED_CPUID fills
 * from the host, what it computes per vCPU or at run time, and that
 * KVM_SET_CPUID2 takes the VMM's values as given, kvm_check_cpuid()'s few
 * checks aside), arch/x86/kvm/hyperv.c (kvm_get_hv_cpuid()) and
 * include/hyperv/hvgdk_mini.h (Hyper-V bit names), arch/x86/kvm/x86.c
 * (msr_based_features_all_except_vmx[] and the VMX range) and
 * arch/x86/include/asm/msr-index.h (MSR and ARCH_CAPABILITIES bit names).
 *
 * Each CPUID register sorts its bits into classes (catalog-internal.h):
 * features (F), weaknesses and absences (W), the VMM's or KVM's per vCPU
 * (I), a description of the CPU the VMM may write as it likes (D),
 * LOWER_SAFE fields (address widths, PMU counts), and the rest, which must
 * be equal. A bit of a feature word the catalogue does not name is still
 * a feature: a newer kernel passes bits an older catalogue has no name
 * for, and ANDing them is the safe meet (dropping the whole register
 * would take IBPB and SSBD away with the unknown bit).
 *
 * Rows must stay sorted by key: ns, then function (Hyper-V table after
 * KVM's), index, register. A row with index HVABI_CAT_ANY_SUBLEAF stands
 * for every subleaf of its function that has no row of its own.
 */

#include "catalog-internal.h"
#include "kvm-uapi.h"

#define KV HVABI_KERNEL_VERSION
#define ANY HVABI_CAT_ANY_SUBLEAF

#define CPUID_KEY(fn, idx, reg) { HVABI_NS_CPUID, HVABI_CPUID_##reg, idx, fn }
#define HVCPUID_KEY(fn, idx, reg) \
	{ HVABI_NS_CPUID, HVABI_CPUID_##reg, idx, HVABI_CPUID_TABLE_HYPERV | (fn) }

/* An EXACT or VERSION register: no bit classes. */
#define LEAF(k, nm, knd, sum)                                                   \
	{ .key = k, .name = nm, .summary = sum, .kind = HVABI_KIND_##knd,         \
	  .scope = HVABI_SCOPE_VCPU, .width = 4 }
/*
 * A CPUID register with named bits @b and bit classes F, W, I, D. (Each
 * short form spells the row out: a key, being a braced list, cannot be
 * handed on to another macro.)
 */
#define CPU_ROW(b, fm, wm, im, dm)                                              \
	.kind = HVABI_KIND_CPUID, .scope = HVABI_SCOPE_VCPU, .width = 4, .bits = b, \
	.nbits = HVABI_ARRAY_SIZE(b), .aliases = b##_qemu,                        \
	.naliases = HVABI_ARRAY_SIZE(b##_qemu), .feature_mask = fm, .weak_mask = wm, \
	.ignore_mask = im, .desc_mask = dm
#define CPU(k, nm, b, fm, wm, im, dm, sum) \
	{ .key = k, .name = nm, .summary = sum, CPU_ROW(b, fm, wm, im, dm) }
/* A feature word: every bit a feature, but @wm (weaknesses) and @im. */
#define FEAT(k, nm, b, wm, im, sum)                                             \
	{ .key = k, .name = nm, .summary = sum,                                  \
	  CPU_ROW(b, 0xffffffffu & ~(uint32_t)(wm) & ~(uint32_t)(im), wm, im, 0) }
/* A description the VMM writes, but @im (per vCPU). */
#define DESC(k, nm, im, sum)                                                    \
	{ .key = k, .name = nm, .summary = sum,                                  \
	  CPU_ROW(no_bits, 0, 0, im, 0xffffffffu & ~(uint32_t)(im)) }
/* Entirely the VMM's per vCPU (topology). */
#define TOPO(k, nm, sum) \
	{ .key = k, .name = nm, .summary = sum, CPU_ROW(no_bits, 0, 0, 0xffffffffu, 0) }
/* The hardware's layout (HVABI_CAT_HW_LAYOUT): the host's value, or 0. */
#define LAYOUT(k, nm, sum)                                                      \
	{ .key = k, .name = nm, .summary = sum, .flags = HVABI_CAT_HW_LAYOUT,    \
	  CPU_ROW(no_bits, 0, 0, 0, 0) }
/* LOWER_SAFE fields @f; the bits of @dm are a description. */
#define FIELDS(k, nm, b, f, fm, wm, dm, sum)                                    \
	{ .key = k, .name = nm, .summary = sum, CPU_ROW(b, fm, wm, 0, dm),      \
	  .fields = f, .nfields = HVABI_ARRAY_SIZE(f) }
#define BITS(k, nm, b, sum)                                                     \
	{ .key = k, .name = nm, .summary = sum, .kind = HVABI_KIND_BITMAP,        \
	  .scope = HVABI_SCOPE_VCPU, .width = 4, .bits = b,                       \
	  .nbits = HVABI_ARRAY_SIZE(b), .aliases = b##_qemu,                      \
	  .naliases = HVABI_ARRAY_SIZE(b##_qemu) }

#define LOWER(sh, w, nm) { .shift = sh, .type = HVABI_FTR_LOWER_SAFE, .name = nm, .width = w }

static const char *const no_bits[] = { NULL };
/* Registers QEMU has no names for. */
#define no_bits_qemu no_bits
#define xcr0_bits_qemu no_bits
#define pmu_ebx_bits_qemu no_bits
#define ext1a_eax_bits_qemu no_bits
#define sev_eax_bits_qemu no_bits

/* ---- CPUID.1 ---- */

/* Word 0. */
static const char *const cpuid1_edx_bits[] = {
	"FPU", "VME", "DE", "PSE", "TSC", "MSR", "PAE", "MCE", "CX8", "APIC", NULL, "SEP",
	"MTRR", "PGE", "MCA", "CMOV", "PAT", "PSE36", "PN", "CLFLUSH", NULL, "DS", "ACPI",
	"MMX", "FXSR", "XMM", "XMM2", "SELFSNOOP", "HT", "ACC", "IA64", "PBE",
};

static const char *const cpuid1_edx_bits_qemu[] = {
	"fpu", "vme", "de", "pse", "tsc", "msr", "pae", "mce", "cx8", "apic", NULL, "sep",
	"mtrr", "pge", "mca", "cmov", "pat", "pse36", "pn", "clflush", NULL, "ds", "acpi",
	"mmx", "fxsr", "sse", "sse2", "ss", "ht", "tm", "ia64", "pbe",
};
/*
 * EDX.APIC follows the guest's APIC_BASE enable bit (kvm_update_cpuid_runtime());
 * EDX.HT (HTT) says the package has more than one logical processor: the
 * VM's topology, set by the VMM.
 */
#define CPUID1_EDX_RUNTIME ((1u << 9) | (1u << 28))

/* Word 4. */
static const char *const cpuid1_ecx_bits[] = {
	"XMM3", "PCLMULQDQ", "DTES64", "MWAIT", "DSCPL", "VMX", "SMX", "EST", "TM2", "SSSE3",
	"CID", "SDBG", "FMA", "CX16", "XTPR", "PDCM", NULL, "PCID", "DCA", "XMM4_1", "XMM4_2",
	"X2APIC", "MOVBE", "POPCNT", "TSC_DEADLINE_TIMER", "AES", "XSAVE", "OSXSAVE", "AVX",
	"F16C", "RDRAND", "HYPERVISOR",
};

static const char *const cpuid1_ecx_bits_qemu[] = {
	"pni", "pclmulqdq", "dtes64", "monitor", "ds-cpl", "vmx", "smx", "est", "tm2", "ssse3",
	"cid", NULL, "fma", "cx16", "xtpr", "pdcm", NULL, "pcid", "dca", "sse4.1", "sse4.2",
	"x2apic", "movbe", "popcnt", "tsc-deadline", "aes", "xsave", NULL, "avx", "f16c",
	"rdrand", "hypervisor",
};
/*
 * ECX.OSXSAVE mirrors the guest's CR4.OSXSAVE. TSC_DEADLINE_TIMER and
 * HYPERVISOR are the VMM's: KVM_GET_SUPPORTED_CPUID of 6.1 and 6.12
 * reports neither (arch/x86/kvm/cpuid.c; 7.x lists them as emulated), a
 * VMM sets HYPERVISOR always and TSC_DEADLINE_TIMER where
 * KVM_CAP_TSC_DEADLINE_TIMER says so (QEMU's kvm_arch_get_supported_cpuid());
 * the set carries that capability. Restricting a VMM's table to a set
 * must not take them away: a Linux guest without HYPERVISOR looks for no
 * kvmclock.
 */
#define CPUID1_ECX_RUNTIME ((1u << 27) | (1u << 24) | (1u << 31))

/* ---- CPUID.6: thermal and power (KVM offers ARAT alone) ---- */
static const char *const cpuid6_eax_bits[] = {
	"DTHERM", "IDA", "ARAT", NULL, "PLN", "ECMD", "PTS", "HWP", "HWP_NOTIFY",
	"HWP_ACT_WINDOW", "HWP_EPP", "HWP_PKG_REQ", NULL, "HDC_BASE_REGS", "TURBO_BOOST_3_0",
	"HWP_HIGHEST_PERF_CHANGE", "HWP_PECI_OVERRIDE", "HWP_FLEXIBLE", "HWP_FAST", "HFI",
	"HWP_IGNORE_IDLE", NULL, "HWP_CTL", "THREAD_DIRECTOR", "THERM_INTERRUPT_BIT25",
};

static const char *const cpuid6_eax_bits_qemu[] = {
	NULL, NULL, "arat",
};
static const char *const cpuid6_ecx_bits[] = {
	"APERFMPERF", NULL, NULL, "EPB",
};
#define cpuid6_ecx_bits_qemu no_bits

/* ---- CPUID.7 ---- */

/*
 * Word 9. FDP_EXCPTN_ONLY and ZERO_FCS_FDS say the FPU keeps less state:
 * a guest told it may rely on it, so they are weaknesses, not features.
 */
static const char *const cpuid7_ebx_bits[] = {
	"FSGSBASE", "TSC_ADJUST", "SGX", "BMI1", "HLE", "AVX2", "FDP_EXCPTN_ONLY", "SMEP",
	"BMI2", "ERMS", "INVPCID", "RTM", "CQM", "ZERO_FCS_FDS", "MPX", "RDT_A", "AVX512F",
	"AVX512DQ", "RDSEED", "ADX", "SMAP", "AVX512IFMA", NULL, "CLFLUSHOPT", "CLWB",
	"INTEL_PT", "AVX512PF", "AVX512ER", "AVX512CD", "SHA_NI", "AVX512BW", "AVX512VL",
};

static const char *const cpuid7_ebx_bits_qemu[] = {
	"fsgsbase", "tsc-adjust", "sgx", "bmi1", "hle", "avx2", "fdp-excptn-only", "smep",
	"bmi2", "erms", "invpcid", "rtm", NULL, "zero-fcs-fds", "mpx", NULL, "avx512f",
	"avx512dq", "rdseed", "adx", "smap", "avx512ifma", "pcommit", "clflushopt", "clwb",
	"intel-pt", "avx512pf", "avx512er", "avx512cd", "sha-ni", "avx512bw", "avx512vl",
};
#define CPUID7_EBX_WEAK ((1u << 6) | (1u << 13))

/* Word 16; bits 21:17 are MPX's MAWAU, a value. */
static const char *const cpuid7_ecx_bits[] = {
	"PREFETCHWT1", "AVX512VBMI", "UMIP", "PKU", "OSPKE", "WAITPKG", "AVX512_VBMI2",
	"SHSTK", "GFNI", "VAES", "VPCLMULQDQ", "AVX512_VNNI", "AVX512_BITALG", "TME",
	"AVX512_VPOPCNTDQ", NULL, "LA57", NULL, NULL, NULL, NULL, NULL, "RDPID", "KEY_LOCKER",
	"BUS_LOCK_DETECT", "CLDEMOTE", NULL, "MOVDIRI", "MOVDIR64B", "ENQCMD", "SGX_LC", "PKS",
};

static const char *const cpuid7_ecx_bits_qemu[] = {
	NULL, "avx512vbmi", "umip", "pku", NULL, "waitpkg", "avx512vbmi2", NULL, "gfni",
	"vaes", "vpclmulqdq", "avx512vnni", "avx512bitalg", NULL, "avx512-vpopcntdq", NULL,
	"la57", NULL, NULL, NULL, NULL, NULL, "rdpid", NULL, "bus-lock-detect", "cldemote",
	NULL, "movdiri", "movdir64b", NULL, "sgxlc", "pks",
};
/* ECX.OSPKE mirrors the guest's CR4.PKE. */
#define CPUID7_ECX_RUNTIME (1u << 4)
#define CPUID7_ECX_MAWAU 0x003e0000u

/* Word 18. RTM_ALWAYS_ABORT says RTM does not work: a weakness. */
static const char *const cpuid7_edx_bits[] = {
	NULL, "SGX_KEYS", "AVX512_4VNNIW", "AVX512_4FMAPS", "FSRM", "UINTR", NULL, NULL,
	"AVX512_VP2INTERSECT", "SRBDS_CTRL", "MD_CLEAR", "RTM_ALWAYS_ABORT", NULL,
	"TSX_FORCE_ABORT", "SERIALIZE", "HYBRID_CPU", "TSXLDTRK", NULL, "PCONFIG", "ARCH_LBR",
	"IBT", NULL, "AMX_BF16", "AVX512_FP16", "AMX_TILE", "AMX_INT8", "SPEC_CTRL",
	"INTEL_STIBP", "FLUSH_L1D", "ARCH_CAPABILITIES", "CORE_CAPABILITIES", "SPEC_CTRL_SSBD",
};

static const char *const cpuid7_edx_bits_qemu[] = {
	NULL, NULL, "avx512-4vnniw", "avx512-4fmaps", "fsrm", NULL, NULL, NULL,
	"avx512-vp2intersect", NULL, "md-clear", NULL, NULL, NULL, "serialize", NULL,
	"tsx-ldtrk", NULL, NULL, "arch-lbr", NULL, NULL, "amx-bf16", "avx512-fp16", "amx-tile",
	"amx-int8", "spec-ctrl", "stibp", "flush-l1d", "arch-capabilities", "core-capability",
	"ssbd",
};
#define CPUID7_EDX_WEAK (1u << 11)
/* HYBRID_CPU describes the package, it offers nothing. */
#define CPUID7_EDX_DESC (1u << 15)

/* Word 12. */
static const char *const cpuid7_1_eax_bits[] = {
	"SHA512", "SM3", "SM4", NULL, "AVX_VNNI", "AVX512_BF16", "LASS", "CMPCCXADD",
	"ARCH_PERFMON_EXT", NULL, "FZRM", "FSRS", "FSRC", NULL, NULL, NULL, NULL, "FRED",
	"LKGS", "WRMSRNS", "NMI_SRC", "AMX_FP16", "HRESET", "AVX_IFMA", NULL, NULL, "LAM",
	"RD_WR_MSRLIST", NULL, NULL, NULL, "MOVRS",
};

static const char *const cpuid7_1_eax_bits_qemu[] = {
	"sha512", "sm3", "sm4", NULL, "avx-vnni", "avx512-bf16", NULL, "cmpccxadd", NULL, NULL,
	"fzrm", "fsrs", "fsrc", NULL, NULL, NULL, NULL, "fred", "lkgs", "wrmsrns", NULL,
	"amx-fp16", NULL, "avx-ifma", NULL, NULL, "lam",
};
static const char *const cpuid7_1_ebx_bits[] = {
	"INTEL_PPIN",
};
#define cpuid7_1_ebx_bits_qemu no_bits
static const char *const cpuid7_1_ecx_bits[] = {
	NULL, NULL, NULL, NULL, NULL, "MSR_IMM",
};

static const char *const cpuid7_1_ecx_bits_qemu[] = {
	NULL, NULL, NULL, NULL, NULL, "msr-imm",
};

static const char *const cpuid7_1_edx_bits[] = {
	NULL, NULL, NULL, NULL, "AVX_VNNI_INT8", "AVX_NE_CONVERT", NULL, NULL,
	"AMX_COMPLEX", NULL, "AVX_VNNI_INT16", NULL, NULL, NULL, "PREFETCHITI",
	NULL, NULL, NULL, "CET_SSS", "AVX10", NULL, "APX",
};

static const char *const cpuid7_1_edx_bits_qemu[] = {
	NULL, NULL, NULL, NULL, "avx-vnni-int8", "avx-ne-convert", NULL, NULL, "amx-complex",
	NULL, "avx-vnni-int16", NULL, NULL, NULL, "prefetchiti", NULL, NULL, NULL, NULL,
	"avx10",
};

/* Subleaf 2: speculation controls (Linux's names; all features, MCDT_NO a "no weakness"). */
static const char *const cpuid7_2_edx_bits[] = {
	"INTEL_PSFD", "IPRED_CTRL", "RRSBA_CTRL", "DDPD_U", "BHI_CTRL",
	"MCDT_NO", "UCLOCK_DISABLE",
};

static const char *const cpuid7_2_edx_bits_qemu[] = {
	"intel-psfd", "ipred-ctrl", "rrsba-ctrl", "ddpd-u", "bhi-ctrl", "mcdt-no",
};

/* ---- CPUID.0xa: architectural PMU (the guest must not see more than a host has) ---- */
static const struct hvabi_ftr_field pmu_eax_fields[] = {
	LOWER(24, 8, "EVENT_VECTOR_LENGTH"), LOWER(16, 8, "GP_COUNTER_WIDTH"),
	LOWER(8, 8, "GP_COUNTERS"), LOWER(0, 8, "PMU_VERSION"),
};
/* EBX: a set bit says an architectural event is NOT available. */
static const char *const pmu_ebx_bits[] = {
	"NO_CORE_CYCLES", "NO_INSTRUCTIONS", "NO_REF_CYCLES", "NO_LLC_REFERENCES",
	"NO_LLC_MISSES", "NO_BRANCH_INSTRUCTIONS", "NO_BRANCH_MISSES", "NO_TOPDOWN_SLOTS",
};
static const struct hvabi_ftr_field pmu_edx_fields[] = {
	LOWER(5, 8, "FIXED_COUNTER_WIDTH"), LOWER(0, 5, "FIXED_COUNTERS"),
};

/* ---- CPUID.0xd: XSAVE components (enum xfeature) and word 10 ---- */

static const char *const xcr0_bits[] = {
	"FP", "SSE", "YMM", "BNDREGS", "BNDCSR", "OPMASK", "ZMM_Hi256", "Hi16_ZMM",
	"PT", "PKRU", "PASID", "CET_USER", "CET_KERNEL", NULL, NULL, "LBR",
	NULL, "XTILE_CFG", "XTILE_DATA", "APX",
};

static const char *const cpuid_d_1_eax_bits[] = {
	"XSAVEOPT", "XSAVEC", "XGETBV1", "XSAVES", "XFD",
};

static const char *const cpuid_d_1_eax_bits_qemu[] = {
	"xsaveopt", "xsavec", "xgetbv1", "xsaves", "xfd",
};

/* The XSAVE area for every supported component: the guest's must not exceed a host's. */
static const struct hvabi_ftr_field xsave_size_field[] = { LOWER(0, 32, "XSAVE_MAX_SIZE") };

/* ---- CPUID.0x14: Intel PT ---- */
static const char *const pt_ebx_bits[] = {
	"CR3_FILTERING", "PSB_CYC", "IP_FILTERING", "MTC_TIMING", "PTWRITE",
	"POWER_EVENT_TRACE", "PSB_PMI_PRESERVE", "EVENT_TRACE", "TNT_DISABLE",
};
#define pt_ebx_bits_qemu no_bits
static const char *const pt_ecx_bits[] = {
	"TOPA_OUTPUT", "TOPA_MULTIPLE_ENTRIES", "SINGLE_RANGE_OUTPUT",
	"TRACE_TRANSPORT_OUTPUT", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	NULL, NULL, NULL, "IP_PAYLOADS_LIP",
};

static const char *const pt_ecx_bits_qemu[] = {
	NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	NULL, NULL, NULL, "intel-pt-lip",
};

/* ---- CPUID.0x24: AVX10 converged vector ISA ---- */
static const char *const avx10_ebx_bits[] = {
	NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	NULL, NULL, "AVX10_128", "AVX10_256", "AVX10_512",
};

static const char *const avx10_ebx_bits_qemu[] = {
	NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	NULL, NULL, "avx10-128", "avx10-256", "avx10-512",
};
static const struct hvabi_ftr_field avx10_ebx_fields[] = { LOWER(0, 8, "AVX10_VERSION") };

/* SGX's largest enclaves (log2 bytes), outside and in 64-bit mode. */
static const struct hvabi_ftr_field sgx_size_fields[] = {
	LOWER(8, 8, "MAX_ENCLAVE_SIZE_64"), LOWER(0, 8, "MAX_ENCLAVE_SIZE_NOT64"),
};

/* Intel PT's configurable address ranges. */
static const struct hvabi_ftr_field pt_ranges_field[] = { LOWER(0, 3, "NUM_ADDR_RANGES") };

/* ---- extended leaves ---- */

/*
 * Word 1, plus the low bits AMD repeats from CPUID.1.EDX, which KVM
 * reports under the word 0 names.
 */
static const char *const ext1_edx_bits[] = {
	"FPU", "VME", "DE", "PSE", "TSC", "MSR", "PAE", "MCE", "CX8", "APIC", NULL,
	"SYSCALL", "MTRR", "PGE", "MCA", "CMOV", "PAT", "PSE36", NULL, "MP", "NX", NULL,
	"MMXEXT", "MMX", "FXSR", "FXSR_OPT", "GBPAGES", "RDTSCP", NULL, "LM", "3DNOWEXT",
	"3DNOW",
};

static const char *const ext1_edx_bits_qemu[] = {
	NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "syscall", NULL,
	NULL, NULL, NULL, NULL, NULL, NULL, NULL, "nx", NULL, "mmxext", NULL, NULL, "fxsr-opt",
	"pdpe1gb", "rdtscp", NULL, "lm", "3dnowext", "3dnow",
};

/* Word 6. */
static const char *const ext1_ecx_bits[] = {
	"LAHF_LM", "CMP_LEGACY", "SVM", "EXTAPIC", "CR8_LEGACY", "ABM", "SSE4A", "MISALIGNSSE",
	"3DNOWPREFETCH", "OSVW", "IBS", "XOP", "SKINIT", "WDT", NULL, "LWP", "FMA4", "TCE",
	NULL, "NODEID_MSR", NULL, "TBM", "TOPOEXT", "PERFCTR_CORE", "PERFCTR_NB", NULL,
	"BPEXT", "PTSC", "PERFCTR_LLC", "MWAITX", "ADDR_MASK_EXT",
};

static const char *const ext1_ecx_bits_qemu[] = {
	"lahf-lm", "cmp-legacy", "svm", "extapic", "cr8legacy", "abm", "sse4a", "misalignsse",
	"3dnowprefetch", "osvw", "ibs", "xop", "skinit", "wdt", NULL, "lwp", "fma4", "tce",
	NULL, "nodeid-msr", NULL, "tbm", "topoext", "perfctr-core", "perfctr-nb",
};

/* AMD RAS capabilities (word 17's source). */
static const char *const ext7_ebx_bits[] = {
	"OVERFLOW_RECOV", "SUCCOR", "HW_ASSERT", "SMCA",
};

static const char *const ext7_ebx_bits_qemu[] = {
	"overflow-recov", "succor",
};

/* Advanced power management; KVM reports only the invariant TSC. */
static const char *const ext7_edx_bits[] = {
	"DIGITAL_TEMP", "POWERNOW_FREQ_ID", "POWERNOW_VOLT_ID", "THERMAL_TRIP",
	"HW_THERMAL_CONTROL", "SW_THERMAL_CONTROL", "_100MHZ_STEPS", "HW_PSTATE",
	"CONSTANT_TSC", "CPB", "EFF_FREQ_RO", "PROC_FEEDBACK", "PROC_POWER_REPORTING",
	"CONNECTED_STANDBY", "RAPL_INTERFACE", "AMD_FAST_CPPC", "CPPC_PERF_PRIO",
};

static const char *const ext7_edx_bits_qemu[] = {
	NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "invtsc",
};

/*
 * Word 13. EFER_LMSLE_MBZ says EFER.LMSLE is not there: an absence.
 * Bits 16 and 18 (IBRS always on, IBRS preferred) have no Linux name.
 */
static const char *const ext8_ebx_bits[] = {
	"CLZERO", "IRPERF", "XSAVEERPTR", "INVLPGB", "RDPRU", NULL, "MBA", NULL, "MCOMMIT",
	"WBNOINVD", NULL, NULL, "AMD_IBPB", "WBINVD_INT", "AMD_IBRS", "AMD_STIBP",
	"IBRS_ALWAYS_ON", "AMD_STIBP_ALWAYS_ON", "IBRS_FAST", "AMD_IBRS_SAME_MODE",
	"EFER_LMSLE_MBZ", "TLB_FLUSH_NESTED", NULL, "AMD_PPIN", "AMD_SSBD", "VIRT_SSBD",
	"AMD_SSB_NO", "CPPC", "AMD_PSFD", "BTC_NO", "AMD_IBPB_RET", "BRS",
};

static const char *const ext8_ebx_bits_qemu[] = {
	"clzero", NULL, "xsaveerptr", NULL, NULL, NULL, NULL, NULL, NULL, "wbnoinvd", NULL,
	NULL, "ibpb", NULL, "ibrs", "amd-stibp", NULL, "stibp-always-on", NULL, NULL, NULL,
	NULL, NULL, NULL, "amd-ssbd", "virt-ssbd", "amd-no-ssb", NULL, "amd-psfd",
};
#define EXT8_EBX_WEAK (1u << 20)
/* Physical, linear and guest-physical address widths: never above a host's. */
static const struct hvabi_ftr_field addr_fields[] = {
	LOWER(16, 8, "GUEST_PHYS_ADDR_BITS"), LOWER(8, 8, "VIRT_ADDR_BITS"),
	LOWER(0, 8, "PHYS_ADDR_BITS"),
};

/* Word 15: SVM features of the nested guest. */
static const char *const svm_edx_bits[] = {
	"NPT", "LBRV", "SVML", "NRIPS", "TSCRATEMSR", "VMCBCLEAN", "FLUSHBYASID",
	"DECODEASSISTS", NULL, NULL, "PAUSEFILTER", NULL, "PFTHRESHOLD", "AVIC", NULL,
	"V_VMSAVE_VMLOAD", "VGIF", "GMET", "X2AVIC", "SSS_CHECK", "V_SPEC_CTRL", "RO_GPT",
	NULL, "H_MCE_OVERRIDE", "TLBSYNC_INT", "VNMI", "IBS_VIRT", "EXT_LVT_OFF_CHG",
	"SVME_ADDR_CHK", "BUS_LOCK_THRESHOLD", "IDLE_HLT",
};

static const char *const svm_edx_bits_qemu[] = {
	"npt", "lbrv", "svm-lock", "nrip-save", "tsc-scale", "vmcb-clean", "flushbyasid",
	"decodeassists", NULL, NULL, "pause-filter", NULL, "pfthreshold", "avic", NULL,
	"v-vmsave-vmload", "vgif", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "vnmi",
	NULL, NULL, "svme-addr-chk",
};
static const struct hvabi_ftr_field svm_ebx_fields[] = { LOWER(0, 32, "NASID") };

/* AMD performance optimisation hints. */
static const char *const ext1a_eax_bits[] = { "FP128", "MOVU", "FP256" };

/* Memory encryption (word 19). */
static const char *const sev_eax_bits[] = {
	"SME", "SEV", "VM_PAGE_FLUSH", "SEV_ES", "SEV_SNP", "VMPL", "RMPQUERY",
	"VMPL_SSS", "SECURE_TSC", "TSC_SCALE", "HOST_SEV_ES", "NO_HOST_IBS", "VTE",
	"VMSA_REG_PROT", "SMT_PROTECTION", NULL, "SME_COHERENT", "DEBUG_SWAP",
};

/*
 * Word 20. NO_SMM_CTL_MSR says an MSR is missing: an absence. The *_NO
 * bits say a weakness is missing: features a guest may keep only where
 * every host has them.
 */
static const char *const ext21_eax_bits[] = {
	"NO_NESTED_DATA_BP", "WRMSR_XX_BASE_NS", "LFENCE_RDTSC", "SMM_PAGE_CFG_LOCK", NULL,
	"VERW_CLEAR", "NULL_SEL_CLR_BASE", "UPPER_ADDR_IGNORE", "AUTOIBRS", "NO_SMM_CTL_MSR",
	"FSRS", "FSRC", NULL, "PREFETCH_CTL_MSR", NULL, NULL, "OPCODE_RECLAIM",
	"GP_ON_USER_CPUID", "EPSF", "FSRSC", "PREFETCHI", NULL, "AMD_WORKLOAD_CLASS",
	"AVX512_BMM", "ERAPS", NULL, NULL, "SBPB", "IBPB_BRTYPE", "SRSO_NO",
	"SRSO_USER_KERNEL_NO", "SRSO_BP_SPEC_REDUCE",
};

static const char *const ext21_eax_bits_qemu[] = {
	"no-nested-data-bp", "fs-gs-base-ns", "lfence-always-serializing", NULL, NULL,
	"verw-clear", "null-sel-clr-base", NULL, "auto-ibrs", NULL, NULL, NULL, NULL, NULL,
	NULL, NULL, NULL, NULL, NULL, NULL, "prefetchi", NULL, NULL, NULL, "eraps", NULL, NULL,
	"sbpb", "ibpb-brtype", "srso-no", "srso-user-kernel-no",
};
#define EXT21_EAX_WEAK ((1u << 1) | (1u << 9))
static const char *const ext21_ecx_bits[] = {
	NULL, "TSA_SQ_NO", "TSA_L1_NO",
};

static const char *const ext21_ecx_bits_qemu[] = {
	NULL, "tsa-sq-no", "tsa-l1-no",
};

/* AMD performance monitoring v2. */
static const char *const ext22_eax_bits[] = {
	"PERFMON_V2", "AMD_LBR_V2", "AMD_LBR_PMC_FREEZE",
};

static const char *const ext22_eax_bits_qemu[] = {
	"perfmon-v2",
};
static const struct hvabi_ftr_field ext22_ebx_fields[] = {
	LOWER(16, 6, "NUM_UMC_PMC"), LOWER(10, 6, "NUM_DF_PMC"),
	LOWER(4, 6, "LBR_V2_STACK_SIZE"), LOWER(0, 4, "NUM_CORE_PMC"),
};

/* ---- KVM paravirtual leaves (kvm_para.h) ---- */

static const char *const kvm_pv_bits[] = {
	"CLOCKSOURCE", "NOP_IO_DELAY", "MMU_OP", "CLOCKSOURCE2", "ASYNC_PF", "STEAL_TIME",
	"PV_EOI", "PV_UNHALT", NULL, "PV_TLB_FLUSH", "ASYNC_PF_VMEXIT", "PV_SEND_IPI",
	"POLL_CONTROL", "PV_SCHED_YIELD", "ASYNC_PF_INT", "MSI_EXT_DEST_ID",
	"HC_MAP_GPA_RANGE", "MIGRATION_CONTROL", NULL, NULL, NULL, NULL, NULL, NULL,
	"CLOCKSOURCE_STABLE_BIT",
};

static const char *const kvm_hint_bits[] = { "REALTIME" };

/* QEMU's FEAT_KVM and FEAT_KVM_HINTS names. */
static const char *const kvm_pv_bits_qemu[] = {
	"kvmclock", "kvm-nopiodelay", "kvm-mmu", "kvmclock", "kvm-asyncpf", "kvm-steal-time",
	"kvm-pv-eoi", "kvm-pv-unhalt", NULL, "kvm-pv-tlb-flush", "kvm-asyncpf-vmexit",
	"kvm-pv-ipi", "kvm-poll-control", "kvm-pv-sched-yield", "kvm-asyncpf-int",
	"kvm-msi-ext-dest-id", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	"kvmclock-stable-bit",
};
static const char *const kvm_hint_bits_qemu[] = { "kvm-hint-dedicated" };

/* ---- Hyper-V leaves (hvgdk_mini.h) ---- */

/* HYPERV_CPUID_FEATURES.EAX: HV_X64_HYPERVISOR_FEATURES / partition privileges 31:0. */
static const char *const hv_features_eax_bits[] = {
	"HV_MSR_VP_RUNTIME_AVAILABLE", "HV_MSR_TIME_REF_COUNT_AVAILABLE",
	"HV_MSR_SYNIC_AVAILABLE", "HV_MSR_SYNTIMER_AVAILABLE",
	"HV_MSR_APIC_ACCESS_AVAILABLE", "HV_MSR_HYPERCALL_AVAILABLE",
	"HV_MSR_VP_INDEX_AVAILABLE", "HV_MSR_RESET_AVAILABLE",
	"HV_MSR_STAT_PAGES_AVAILABLE", "HV_MSR_REFERENCE_TSC_AVAILABLE",
	"HV_MSR_GUEST_IDLE_AVAILABLE", "HV_ACCESS_FREQUENCY_MSRS",
	NULL, "HV_ACCESS_REENLIGHTENMENT", NULL, "HV_ACCESS_TSC_INVARIANT",
};

/* HYPERV_CPUID_FEATURES.EBX: partition privileges 63:32. */
static const char *const hv_features_ebx_bits[] = {
	"HV_CREATE_PARTITIONS", "HV_ACCESS_PARTITION_ID", "HV_ACCESS_MEMORY_POOL",
	"HV_ADJUST_MESSAGE_BUFFERS", "HV_POST_MESSAGES", "HV_SIGNAL_EVENTS",
	"HV_CREATE_PORT", "HV_CONNECT_PORT", "HV_ACCESS_STATS", NULL, NULL,
	"HV_DEBUGGING", "HV_CPU_MANAGEMENT", NULL, NULL, NULL,
	NULL, NULL, NULL, NULL, "HV_ENABLE_EXTENDED_HYPERCALLS", NULL, "HV_ISOLATION",
};

static const char *const hv_features_ecx_bits[] = {
	NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	"HV_VP_DISPATCH_INTERRUPT_INJECTION_AVAILABLE", "HV_VP_GHCB_ROOT_MAPPING_AVAILABLE",
};

static const char *const hv_features_edx_bits[] = {
	"HV_X64_MWAIT_AVAILABLE", "HV_X64_GUEST_DEBUGGING_AVAILABLE",
	"HV_X64_PERF_MONITOR_AVAILABLE", "HV_X64_CPU_DYNAMIC_PARTITIONING_AVAILABLE",
	"HV_X64_HYPERCALL_XMM_INPUT_AVAILABLE", "HV_X64_GUEST_IDLE_STATE_AVAILABLE",
	NULL, NULL, "HV_FEATURE_FREQUENCY_MSRS_AVAILABLE", NULL,
	"HV_FEATURE_GUEST_CRASH_MSR_AVAILABLE", "HV_FEATURE_DEBUG_MSRS_AVAILABLE",
	NULL, NULL, "HV_FEATURE_EXT_GVA_RANGES_FLUSH", "HV_X64_HYPERCALL_XMM_OUTPUT_AVAILABLE",
	NULL, NULL, NULL, "HV_STIMER_DIRECT_MODE_AVAILABLE",
};

/* HYPERV_CPUID_ENLIGHTMENT_INFO.EAX: recommendations. */
static const char *const hv_enlight_eax_bits[] = {
	"HV_X64_AS_SWITCH_RECOMMENDED", "HV_X64_LOCAL_TLB_FLUSH_RECOMMENDED",
	"HV_X64_REMOTE_TLB_FLUSH_RECOMMENDED", "HV_X64_APIC_ACCESS_RECOMMENDED",
	"HV_X64_SYSTEM_RESET_RECOMMENDED", "HV_X64_RELAXED_TIMING_RECOMMENDED",
	NULL, NULL, NULL, "HV_DEPRECATING_AEOI_RECOMMENDED",
	"HV_X64_CLUSTER_IPI_RECOMMENDED", "HV_X64_EX_PROCESSOR_MASKS_RECOMMENDED",
	"HV_X64_HYPERV_NESTED", NULL, "HV_X64_ENLIGHTENED_VMCS_RECOMMENDED", NULL,
	NULL, NULL, "HV_X64_NO_NONARCH_CORESHARING", NULL, NULL, "HV_X64_USE_MMIO_HYPERCALLS",
};

/*
 * HYPERV_CPUID_NESTED_FEATURES.EAX: bits 7:0 and 15:8 are the lowest and
 * highest eVMCS version (HV_X64_ENLIGHTENED_VMCS_VERSION), compared as a
 * whole; the named bits are features.
 */
static const char *const hv_nested_eax_bits[] = {
	NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	NULL, "HV_X64_NESTED_DIRECT_FLUSH", "HV_X64_NESTED_GUEST_MAPPING_FLUSH",
	"HV_X64_NESTED_MSR_BITMAP", NULL, NULL, "HV_X64_NESTED_ENLIGHTENED_TLB",
};
#define HV_NESTED_EAX_FEATURES 0x004e0000u

static const struct hvabi_ftr_field hv_max_vp[] = { LOWER(0, 32, "MAX_VIRTUAL_PROCESSORS") };
static const struct hvabi_ftr_field hv_max_lp[] = { LOWER(0, 32, "MAX_LOGICAL_PROCESSORS") };

static const char *const hv_nested_ebx_bits[] = { "HV_X64_NESTED_EVMCS1_PERF_GLOBAL_CTRL" };

/* QEMU turns Hyper-V features on by hv-* properties, not by bit names. */
#define hv_features_eax_bits_qemu no_bits
#define hv_features_ebx_bits_qemu no_bits
#define hv_features_ecx_bits_qemu no_bits
#define hv_features_edx_bits_qemu no_bits
#define hv_enlight_eax_bits_qemu no_bits
#define hv_nested_eax_bits_qemu no_bits
#define hv_nested_ebx_bits_qemu no_bits

/* ---- MSRs ---- */

/*
 * MSR_IA32_ARCH_CAPABILITIES (msr-index.h ARCH_CAP_*). RSBA and RRSBA say
 * the CPU HAS a weakness (return stack buffers fall back to alternate
 * predictors): weaknesses. The *_NO bits say it has not one: features.
 */
static const char *const arch_cap_bits[] = {
	"RDCL_NO", "IBRS_ALL", "RSBA", "SKIP_VMENTRY_L1DFLUSH", "SSB_NO", "MDS_NO",
	"PSCHANGE_MC_NO", "TSX_CTRL_MSR", "TAA_NO",
	/* 9-12, 22, 23, 29, 30 and 32: Xen's and the SDM's names (msr-index.h has none) */
	"MCU_CTRL", "MISC_PKG_CTRL", "ENERGY_FILTERING", "DOITM",
	"SBDR_SSDP_NO", "FBSDP_NO", "PSDP_NO", "MCU_ENUM", "FB_CLEAR", "FB_CLEAR_CTRL", "RRSBA",
	"BHI_NO", "XAPIC_DISABLE", "MCU_EXTENDED_SERVICE", "OVRCLK_STATUS", "PBRSB_NO",
	"GDS_CTRL", "GDS_NO", "RFDS_NO", "RFDS_CLEAR", "IGN_UMONITOR_SUPPORT",
	"MON_UMON_MITG_SUPPORT", NULL, "PB_OPT_CTRL", NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "ITS_NO",
};

static const char *const arch_cap_bits_qemu[] = {
	"rdctl-no", "ibrs-all", "rsba", "skip-l1dfl-vmentry", "ssb-no", "mds-no",
	"pschange-mc-no", "tsx-ctrl", "taa-no", NULL, NULL, NULL, NULL, "sbdr-ssdp-no",
	"fbsdp-no", "psdp-no", NULL, "fb-clear", NULL, NULL, "bhi-no", NULL, NULL, NULL,
	"pbrsb-no", NULL, "gds-no", "rfds-no", "rfds-clear", NULL, NULL, NULL, NULL, NULL,
	NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	"its-no",
};
#define ARCH_CAP_WEAK ((1ull << 2) | (1ull << 19))

static const char *const platform_info_bits[] = {
	NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	NULL, NULL, NULL, "CPUID_FAULT",
};

/*
 * Feature MSRs (KVM_GET_MSR_FEATURE_INDEX_LIST, read with KVM_GET_MSRS on
 * /dev/kvm). Which kernel first lists each is not catalogued (no @since).
 */
#define MSR(idx, nm, knd, fl, sum)                                              \
	{ .key = { HVABI_NS_MSR, 0, 0, idx }, .name = nm, .summary = sum,        \
	  .kind = HVABI_KIND_##knd, .scope = HVABI_SCOPE_VCPU, .width = 8,        \
	  .flags = fl }
#define VMX_MSR(idx, nm, sum) MSR(idx, nm, EXACT, 0, sum)

/* Capabilities: a destination must report at least the source's value. */
#define CAP(num, nm, ver, sum)                                                  \
	{ .key = { HVABI_NS_CAP, 0, 0, num }, .name = nm, .summary = sum,        \
	  .kind = HVABI_KIND_VERSION, .scope = HVABI_SCOPE_VM, .width = 8,        \
	  .since = ver, .flags = HVABI_CATALOG_READ_ONLY }

static const struct hvabi_cat_entry rows[] = {
	LEAF(CPUID_KEY(0x0, 0, EAX), "CPUID.0x0.0x0.eax", VERSION, "highest basic CPUID leaf"),
	LEAF(CPUID_KEY(0x0, 0, EBX), "CPUID.0x0.0x0.ebx", EXACT, "vendor string, bytes 0-3"),
	LEAF(CPUID_KEY(0x0, 0, ECX), "CPUID.0x0.0x0.ecx", EXACT, "vendor string, bytes 8-11"),
	LEAF(CPUID_KEY(0x0, 0, EDX), "CPUID.0x0.0x0.edx", EXACT, "vendor string, bytes 4-7"),
	DESC(CPUID_KEY(0x1, 0, EAX), "CPUID.0x1.0x0.eax", 0, "family, model and stepping"),
	/* 23:16 is the VM's logical processor count, 31:24 each vCPU's APIC id. */
	DESC(CPUID_KEY(0x1, 0, EBX), "CPUID.0x1.0x0.ebx", 0xffff0000u,
	     "brand index and CLFLUSH line size; processor count and APIC id per vCPU"),
	FEAT(CPUID_KEY(0x1, 0, ECX), "CPUID.0x1.0x0.ecx", cpuid1_ecx_bits, 0,
	     CPUID1_ECX_RUNTIME, "basic features (word 4)"),
	FEAT(CPUID_KEY(0x1, 0, EDX), "CPUID.0x1.0x0.edx", cpuid1_edx_bits, 0,
	     CPUID1_EDX_RUNTIME, "basic features (word 0)"),
	DESC(CPUID_KEY(0x2, 0, EAX), "CPUID.0x2.0x0.eax", 0, "cache and TLB descriptors"),
	DESC(CPUID_KEY(0x2, 0, EBX), "CPUID.0x2.0x0.ebx", 0, "cache and TLB descriptors"),
	DESC(CPUID_KEY(0x2, 0, ECX), "CPUID.0x2.0x0.ecx", 0, "cache and TLB descriptors"),
	DESC(CPUID_KEY(0x2, 0, EDX), "CPUID.0x2.0x0.edx", 0, "cache and TLB descriptors"),
	DESC(CPUID_KEY(0x3, 0, EAX), "CPUID.0x3.0x0.eax", 0, "processor serial number (unused)"),
	DESC(CPUID_KEY(0x3, 0, EBX), "CPUID.0x3.0x0.ebx", 0, "processor serial number (unused)"),
	DESC(CPUID_KEY(0x3, 0, ECX), "CPUID.0x3.0x0.ecx", 0, "processor serial number (unused)"),
	DESC(CPUID_KEY(0x3, 0, EDX), "CPUID.0x3.0x0.edx", 0, "processor serial number (unused)"),
	/* 31:26 (cores per package) and 25:14 (sharing) follow the VM's topology. */
	DESC(CPUID_KEY(0x4, ANY, EAX), "CPUID.0x4.*.eax", 0xffffc000u,
	     "deterministic cache parameters: type and level; sharing per topology"),
	DESC(CPUID_KEY(0x4, ANY, EBX), "CPUID.0x4.*.ebx", 0,
	     "deterministic cache parameters: ways, partitions, line size"),
	DESC(CPUID_KEY(0x4, ANY, ECX), "CPUID.0x4.*.ecx", 0, "deterministic cache parameters: sets"),
	DESC(CPUID_KEY(0x4, ANY, EDX), "CPUID.0x4.*.edx", 0,
	     "deterministic cache parameters: inclusiveness, indexing"),
	DESC(CPUID_KEY(0x5, 0, EAX), "CPUID.0x5.0x0.eax", 0, "MONITOR/MWAIT: smallest line size"),
	DESC(CPUID_KEY(0x5, 0, EBX), "CPUID.0x5.0x0.ebx", 0, "MONITOR/MWAIT: largest line size"),
	DESC(CPUID_KEY(0x5, 0, ECX), "CPUID.0x5.0x0.ecx", 0, "MONITOR/MWAIT extensions"),
	DESC(CPUID_KEY(0x5, 0, EDX), "CPUID.0x5.0x0.edx", 0, "MONITOR/MWAIT C-state sub-states"),
	FEAT(CPUID_KEY(0x6, 0, EAX), "CPUID.0x6.0x0.eax", cpuid6_eax_bits, 0, 0,
	     "thermal and power management features"),
	DESC(CPUID_KEY(0x6, 0, EBX), "CPUID.0x6.0x0.ebx", 0, "thermal interrupt thresholds"),
	FEAT(CPUID_KEY(0x6, 0, ECX), "CPUID.0x6.0x0.ecx", cpuid6_ecx_bits, 0, 0,
	     "power management features (APERF/MPERF, EPB)"),
	DESC(CPUID_KEY(0x6, 0, EDX), "CPUID.0x6.0x0.edx", 0, "hardware feedback interface"),
	LEAF(CPUID_KEY(0x7, 0, EAX), "CPUID.0x7.0x0.eax", VERSION,
	     "highest structured-extended-features subleaf"),
	FEAT(CPUID_KEY(0x7, 0, EBX), "CPUID.0x7.0x0.ebx", cpuid7_ebx_bits, CPUID7_EBX_WEAK, 0,
	     "structured extended features (word 9)"),
	CPU(CPUID_KEY(0x7, 0, ECX), "CPUID.0x7.0x0.ecx", cpuid7_ecx_bits,
	    0xffffffffu & ~CPUID7_ECX_RUNTIME & ~CPUID7_ECX_MAWAU, 0, CPUID7_ECX_RUNTIME,
	    CPUID7_ECX_MAWAU, "structured extended features (word 16)"),
	CPU(CPUID_KEY(0x7, 0, EDX), "CPUID.0x7.0x0.edx", cpuid7_edx_bits,
	    0xffffffffu & ~CPUID7_EDX_WEAK & ~CPUID7_EDX_DESC, CPUID7_EDX_WEAK, 0,
	    CPUID7_EDX_DESC, "structured extended features (word 18)"),
	FEAT(CPUID_KEY(0x7, 1, EAX), "CPUID.0x7.0x1.eax", cpuid7_1_eax_bits, 0, 0,
	     "structured extended features, subleaf 1 (word 12)"),
	FEAT(CPUID_KEY(0x7, 1, EBX), "CPUID.0x7.0x1.ebx", cpuid7_1_ebx_bits, 0, 0,
	     "structured extended features, subleaf 1 EBX"),
	FEAT(CPUID_KEY(0x7, 1, ECX), "CPUID.0x7.0x1.ecx", cpuid7_1_ecx_bits, 0, 0,
	     "structured extended features, subleaf 1 ECX"),
	FEAT(CPUID_KEY(0x7, 1, EDX), "CPUID.0x7.0x1.edx", cpuid7_1_edx_bits, 0, 0,
	     "structured extended features, subleaf 1 EDX"),
	FEAT(CPUID_KEY(0x7, 2, EAX), "CPUID.0x7.0x2.eax", no_bits, 0, 0,
	     "structured extended features, subleaf 2 EAX"),
	FEAT(CPUID_KEY(0x7, 2, EBX), "CPUID.0x7.0x2.ebx", no_bits, 0, 0,
	     "structured extended features, subleaf 2 EBX"),
	FEAT(CPUID_KEY(0x7, 2, ECX), "CPUID.0x7.0x2.ecx", no_bits, 0, 0,
	     "structured extended features, subleaf 2 ECX"),
	FEAT(CPUID_KEY(0x7, 2, EDX), "CPUID.0x7.0x2.edx", cpuid7_2_edx_bits, 0, 0,
	     "speculation controls (subleaf 2 EDX)"),
	DESC(CPUID_KEY(0x8, 0, EAX), "CPUID.0x8.0x0.eax", 0, "reserved"),
	DESC(CPUID_KEY(0x8, 0, EBX), "CPUID.0x8.0x0.ebx", 0, "reserved"),
	DESC(CPUID_KEY(0x8, 0, ECX), "CPUID.0x8.0x0.ecx", 0, "reserved"),
	DESC(CPUID_KEY(0x8, 0, EDX), "CPUID.0x8.0x0.edx", 0, "reserved"),
	DESC(CPUID_KEY(0x9, 0, EAX), "CPUID.0x9.0x0.eax", 0, "direct cache access"),
	DESC(CPUID_KEY(0x9, 0, EBX), "CPUID.0x9.0x0.ebx", 0, "direct cache access"),
	DESC(CPUID_KEY(0x9, 0, ECX), "CPUID.0x9.0x0.ecx", 0, "direct cache access"),
	DESC(CPUID_KEY(0x9, 0, EDX), "CPUID.0x9.0x0.edx", 0, "direct cache access"),
	FIELDS(CPUID_KEY(0xa, 0, EAX), "CPUID.0xa.0x0.eax", no_bits, pmu_eax_fields, 0, 0, 0,
	       "architectural PMU: version, counters, width"),
	CPU(CPUID_KEY(0xa, 0, EBX), "CPUID.0xa.0x0.ebx", pmu_ebx_bits, 0, 0xffffffffu, 0, 0,
	    "architectural PMU: events NOT available"),
	FEAT(CPUID_KEY(0xa, 0, ECX), "CPUID.0xa.0x0.ecx", no_bits, 0, 0,
	     "architectural PMU: fixed counters available"),
	FIELDS(CPUID_KEY(0xa, 0, EDX), "CPUID.0xa.0x0.edx", no_bits, pmu_edx_fields, 0, 0,
	       0xffffe000u, "architectural PMU: fixed counters and their width"),
	TOPO(CPUID_KEY(0xb, ANY, EAX), "CPUID.0xb.*.eax", "extended topology (the VM's)"),
	TOPO(CPUID_KEY(0xb, ANY, EBX), "CPUID.0xb.*.ebx", "extended topology (the VM's)"),
	TOPO(CPUID_KEY(0xb, ANY, ECX), "CPUID.0xb.*.ecx", "extended topology (the VM's)"),
	TOPO(CPUID_KEY(0xb, ANY, EDX), "CPUID.0xb.*.edx", "x2APIC id (per vCPU)"),
	DESC(CPUID_KEY(0xc, 0, EAX), "CPUID.0xc.0x0.eax", 0, "reserved"),
	DESC(CPUID_KEY(0xc, 0, EBX), "CPUID.0xc.0x0.ebx", 0, "reserved"),
	DESC(CPUID_KEY(0xc, 0, ECX), "CPUID.0xc.0x0.ecx", 0, "reserved"),
	DESC(CPUID_KEY(0xc, 0, EDX), "CPUID.0xc.0x0.edx", 0, "reserved"),
	FEAT(CPUID_KEY(0xd, 0, EAX), "CPUID.0xd.0x0.eax", xcr0_bits, 0, 0,
	     "XCR0 components KVM supports, bits 31:0"),
	/* The XSAVE area size for the guest's current XCR0: set at run time. */
	TOPO(CPUID_KEY(0xd, 0, EBX), "CPUID.0xd.0x0.ebx",
	     "XSAVE area size for the enabled components (run time)"),
	FIELDS(CPUID_KEY(0xd, 0, ECX), "CPUID.0xd.0x0.ecx", no_bits, xsave_size_field, 0, 0, 0,
	       "XSAVE area size for every supported component"),
	FEAT(CPUID_KEY(0xd, 0, EDX), "CPUID.0xd.0x0.edx", no_bits, 0, 0,
	     "XCR0 components KVM supports, bits 63:32"),
	FEAT(CPUID_KEY(0xd, 1, EAX), "CPUID.0xd.0x1.eax", cpuid_d_1_eax_bits, 0, 0,
	     "XSAVE extensions (word 10)"),
	TOPO(CPUID_KEY(0xd, 1, EBX), "CPUID.0xd.0x1.ebx",
	     "XSAVES area size for the enabled components (run time)"),
	FEAT(CPUID_KEY(0xd, 1, ECX), "CPUID.0xd.0x1.ecx", xcr0_bits, 0, 0,
	     "IA32_XSS components KVM supports, bits 31:0"),
	FEAT(CPUID_KEY(0xd, 1, EDX), "CPUID.0xd.0x1.edx", no_bits, 0, 0,
	     "IA32_XSS components KVM supports, bits 63:32"),
	/*
	 * The hardware's XSAVE layout: XSAVE in the standard format puts a
	 * component where the CPU does, whatever CPUID told the guest (PKRU
	 * at 0x980 on AMD's Milan and Genoa, 0xa80 on Intel's Cascade Lake
	 * to Granite Rapids); a guest's signal frames and ptrace read it at
	 * the offset CPUID gave.
	 */
	LAYOUT(CPUID_KEY(0xd, ANY, EAX), "CPUID.0xd.*.eax", "XSAVE component size"),
	LAYOUT(CPUID_KEY(0xd, ANY, EBX), "CPUID.0xd.*.ebx", "XSAVE component offset"),
	LAYOUT(CPUID_KEY(0xd, ANY, ECX), "CPUID.0xd.*.ecx", "XSAVE component alignment and XSS flag"),
	DESC(CPUID_KEY(0xd, ANY, EDX), "CPUID.0xd.*.edx", 0, "reserved"),
	DESC(CPUID_KEY(0xe, 0, EAX), "CPUID.0xe.0x0.eax", 0, "reserved"),
	DESC(CPUID_KEY(0xe, 0, EBX), "CPUID.0xe.0x0.ebx", 0, "reserved"),
	DESC(CPUID_KEY(0xe, 0, ECX), "CPUID.0xe.0x0.ecx", 0, "reserved"),
	DESC(CPUID_KEY(0xe, 0, EDX), "CPUID.0xe.0x0.edx", 0, "reserved"),
	DESC(CPUID_KEY(0xf, ANY, EAX), "CPUID.0xf.*.eax", 0, "RDT monitoring (KVM: none)"),
	DESC(CPUID_KEY(0xf, ANY, EBX), "CPUID.0xf.*.ebx", 0, "RDT monitoring (KVM: none)"),
	DESC(CPUID_KEY(0xf, ANY, ECX), "CPUID.0xf.*.ecx", 0, "RDT monitoring (KVM: none)"),
	DESC(CPUID_KEY(0xf, ANY, EDX), "CPUID.0xf.*.edx", 0, "RDT monitoring (KVM: none)"),
	DESC(CPUID_KEY(0x10, ANY, EAX), "CPUID.0x10.*.eax", 0, "RDT allocation (KVM: none)"),
	DESC(CPUID_KEY(0x10, ANY, EBX), "CPUID.0x10.*.ebx", 0, "RDT allocation (KVM: none)"),
	DESC(CPUID_KEY(0x10, ANY, ECX), "CPUID.0x10.*.ecx", 0, "RDT allocation (KVM: none)"),
	DESC(CPUID_KEY(0x10, ANY, EDX), "CPUID.0x10.*.edx", 0, "RDT allocation (KVM: none)"),
	DESC(CPUID_KEY(0x11, ANY, EAX), "CPUID.0x11.*.eax", 0, "reserved"),
	DESC(CPUID_KEY(0x11, ANY, EBX), "CPUID.0x11.*.ebx", 0, "reserved"),
	DESC(CPUID_KEY(0x11, ANY, ECX), "CPUID.0x11.*.ecx", 0, "reserved"),
	DESC(CPUID_KEY(0x11, ANY, EDX), "CPUID.0x11.*.edx", 0, "reserved"),
	/*
	 * SGX is offered through 7.EBX.SGX; subleaves 0 and 1 say what it
	 * can do (KVM masks them with its own caps: __do_cpuid_func() in
	 * arch/x86/kvm/cpuid.c), the others describe the EPC the VMM gives.
	 */
	FEAT(CPUID_KEY(0x12, 0, EAX), "CPUID.0x12.0x0.eax", no_bits, 0, 0,
	     "SGX1, SGX2, ENCLV, ENCLS-C, EDECCSSA leaf functions"),
	FEAT(CPUID_KEY(0x12, 0, EBX), "CPUID.0x12.0x0.ebx", no_bits, 0, 0,
	     "SGX MISCSELECT bits an enclave may set"),
	DESC(CPUID_KEY(0x12, 0, ECX), "CPUID.0x12.0x0.ecx", 0, "reserved"),
	FIELDS(CPUID_KEY(0x12, 0, EDX), "CPUID.0x12.0x0.edx", no_bits, sgx_size_fields, 0, 0, 0,
	       "SGX largest enclave sizes"),
	FEAT(CPUID_KEY(0x12, 1, EAX), "CPUID.0x12.0x1.eax", no_bits, 0, 0,
	     "SGX SECS.ATTRIBUTES an enclave may set, bits 31:0"),
	FEAT(CPUID_KEY(0x12, 1, EBX), "CPUID.0x12.0x1.ebx", no_bits, 0, 0,
	     "SGX SECS.ATTRIBUTES an enclave may set, bits 63:32"),
	FEAT(CPUID_KEY(0x12, 1, ECX), "CPUID.0x12.0x1.ecx", no_bits, 0, 0,
	     "SGX SECS.ATTRIBUTES.XFRM an enclave may set, bits 31:0"),
	FEAT(CPUID_KEY(0x12, 1, EDX), "CPUID.0x12.0x1.edx", no_bits, 0, 0,
	     "SGX SECS.ATTRIBUTES.XFRM an enclave may set, bits 63:32"),
	DESC(CPUID_KEY(0x12, ANY, EAX), "CPUID.0x12.*.eax", 0, "SGX capabilities and EPC"),
	DESC(CPUID_KEY(0x12, ANY, EBX), "CPUID.0x12.*.ebx", 0, "SGX capabilities and EPC"),
	DESC(CPUID_KEY(0x12, ANY, ECX), "CPUID.0x12.*.ecx", 0, "SGX capabilities and EPC"),
	DESC(CPUID_KEY(0x12, ANY, EDX), "CPUID.0x12.*.edx", 0, "SGX capabilities and EPC"),
	DESC(CPUID_KEY(0x13, ANY, EAX), "CPUID.0x13.*.eax", 0, "reserved"),
	DESC(CPUID_KEY(0x13, ANY, EBX), "CPUID.0x13.*.ebx", 0, "reserved"),
	DESC(CPUID_KEY(0x13, ANY, ECX), "CPUID.0x13.*.ecx", 0, "reserved"),
	DESC(CPUID_KEY(0x13, ANY, EDX), "CPUID.0x13.*.edx", 0, "reserved"),
	LEAF(CPUID_KEY(0x14, 0, EAX), "CPUID.0x14.0x0.eax", VERSION, "highest Intel PT subleaf"),
	FEAT(CPUID_KEY(0x14, 0, EBX), "CPUID.0x14.0x0.ebx", pt_ebx_bits, 0, 0,
	     "Intel PT features"),
	/* LIP (bit 31): IPs in packets carry CS base; a trace decoder needs it as it is. */
	CPU(CPUID_KEY(0x14, 0, ECX), "CPUID.0x14.0x0.ecx", pt_ecx_bits, 0x7fffffffu, 0, 0, 0,
	    "Intel PT output schemes"),
	DESC(CPUID_KEY(0x14, 0, EDX), "CPUID.0x14.0x0.edx", 0, "reserved"),
	/* What the guest's PT may be configured with: QEMU requires the host's to cover it. */
	FIELDS(CPUID_KEY(0x14, 1, EAX), "CPUID.0x14.0x1.eax", no_bits, pt_ranges_field,
	       0xffff0000u, 0, 0, "Intel PT address ranges; MTC periods"),
	FEAT(CPUID_KEY(0x14, 1, EBX), "CPUID.0x14.0x1.ebx", no_bits, 0, 0,
	     "Intel PT cycle thresholds and PSB frequencies"),
	DESC(CPUID_KEY(0x14, ANY, EAX), "CPUID.0x14.*.eax", 0, "Intel PT address ranges, MTC periods"),
	DESC(CPUID_KEY(0x14, ANY, EBX), "CPUID.0x14.*.ebx", 0, "Intel PT cycle and PSB thresholds"),
	DESC(CPUID_KEY(0x14, ANY, ECX), "CPUID.0x14.*.ecx", 0, "reserved"),
	DESC(CPUID_KEY(0x14, ANY, EDX), "CPUID.0x14.*.edx", 0, "reserved"),
	DESC(CPUID_KEY(0x15, 0, EAX), "CPUID.0x15.0x0.eax", 0, "TSC/crystal ratio: denominator"),
	DESC(CPUID_KEY(0x15, 0, EBX), "CPUID.0x15.0x0.ebx", 0, "TSC/crystal ratio: numerator"),
	DESC(CPUID_KEY(0x15, 0, ECX), "CPUID.0x15.0x0.ecx", 0, "crystal clock frequency"),
	DESC(CPUID_KEY(0x15, 0, EDX), "CPUID.0x15.0x0.edx", 0, "reserved"),
	DESC(CPUID_KEY(0x16, 0, EAX), "CPUID.0x16.0x0.eax", 0, "base frequency (MHz)"),
	DESC(CPUID_KEY(0x16, 0, EBX), "CPUID.0x16.0x0.ebx", 0, "maximum frequency (MHz)"),
	DESC(CPUID_KEY(0x16, 0, ECX), "CPUID.0x16.0x0.ecx", 0, "bus frequency (MHz)"),
	DESC(CPUID_KEY(0x16, 0, EDX), "CPUID.0x16.0x0.edx", 0, "reserved"),
	DESC(CPUID_KEY(0x17, ANY, EAX), "CPUID.0x17.*.eax", 0, "SoC vendor attributes"),
	DESC(CPUID_KEY(0x17, ANY, EBX), "CPUID.0x17.*.ebx", 0, "SoC vendor attributes"),
	DESC(CPUID_KEY(0x17, ANY, ECX), "CPUID.0x17.*.ecx", 0, "SoC vendor attributes"),
	DESC(CPUID_KEY(0x17, ANY, EDX), "CPUID.0x17.*.edx", 0, "SoC vendor attributes"),
	DESC(CPUID_KEY(0x18, ANY, EAX), "CPUID.0x18.*.eax", 0, "deterministic address translation"),
	DESC(CPUID_KEY(0x18, ANY, EBX), "CPUID.0x18.*.ebx", 0, "deterministic address translation"),
	DESC(CPUID_KEY(0x18, ANY, ECX), "CPUID.0x18.*.ecx", 0, "deterministic address translation"),
	DESC(CPUID_KEY(0x18, ANY, EDX), "CPUID.0x18.*.edx", 0, "deterministic address translation"),
	DESC(CPUID_KEY(0x19, 0, EAX), "CPUID.0x19.0x0.eax", 0, "Key Locker (KVM: none)"),
	DESC(CPUID_KEY(0x19, 0, EBX), "CPUID.0x19.0x0.ebx", 0, "Key Locker (KVM: none)"),
	DESC(CPUID_KEY(0x19, 0, ECX), "CPUID.0x19.0x0.ecx", 0, "Key Locker (KVM: none)"),
	DESC(CPUID_KEY(0x19, 0, EDX), "CPUID.0x19.0x0.edx", 0, "Key Locker (KVM: none)"),
	DESC(CPUID_KEY(0x1a, 0, EAX), "CPUID.0x1a.0x0.eax", 0, "hybrid core type"),
	DESC(CPUID_KEY(0x1a, 0, EBX), "CPUID.0x1a.0x0.ebx", 0, "reserved"),
	DESC(CPUID_KEY(0x1a, 0, ECX), "CPUID.0x1a.0x0.ecx", 0, "reserved"),
	DESC(CPUID_KEY(0x1a, 0, EDX), "CPUID.0x1a.0x0.edx", 0, "reserved"),
	DESC(CPUID_KEY(0x1b, ANY, EAX), "CPUID.0x1b.*.eax", 0, "PCONFIG information"),
	DESC(CPUID_KEY(0x1b, ANY, EBX), "CPUID.0x1b.*.ebx", 0, "PCONFIG information"),
	DESC(CPUID_KEY(0x1b, ANY, ECX), "CPUID.0x1b.*.ecx", 0, "PCONFIG information"),
	DESC(CPUID_KEY(0x1b, ANY, EDX), "CPUID.0x1b.*.edx", 0, "PCONFIG information"),
	DESC(CPUID_KEY(0x1c, 0, EAX), "CPUID.0x1c.0x0.eax", 0, "architectural LBR"),
	DESC(CPUID_KEY(0x1c, 0, EBX), "CPUID.0x1c.0x0.ebx", 0, "architectural LBR"),
	DESC(CPUID_KEY(0x1c, 0, ECX), "CPUID.0x1c.0x0.ecx", 0, "architectural LBR"),
	DESC(CPUID_KEY(0x1c, 0, EDX), "CPUID.0x1c.0x0.edx", 0, "architectural LBR"),
	DESC(CPUID_KEY(0x1d, ANY, EAX), "CPUID.0x1d.*.eax", 0, "AMX tile palettes"),
	DESC(CPUID_KEY(0x1d, ANY, EBX), "CPUID.0x1d.*.ebx", 0, "AMX tile palettes"),
	DESC(CPUID_KEY(0x1d, ANY, ECX), "CPUID.0x1d.*.ecx", 0, "AMX tile palettes"),
	DESC(CPUID_KEY(0x1d, ANY, EDX), "CPUID.0x1d.*.edx", 0, "AMX tile palettes"),
	DESC(CPUID_KEY(0x1e, ANY, EAX), "CPUID.0x1e.*.eax", 0, "AMX TMUL information"),
	DESC(CPUID_KEY(0x1e, ANY, EBX), "CPUID.0x1e.*.ebx", 0, "AMX TMUL information"),
	DESC(CPUID_KEY(0x1e, ANY, ECX), "CPUID.0x1e.*.ecx", 0, "AMX TMUL information"),
	DESC(CPUID_KEY(0x1e, ANY, EDX), "CPUID.0x1e.*.edx", 0, "AMX TMUL information"),
	TOPO(CPUID_KEY(0x1f, ANY, EAX), "CPUID.0x1f.*.eax", "V2 extended topology (the VM's)"),
	TOPO(CPUID_KEY(0x1f, ANY, EBX), "CPUID.0x1f.*.ebx", "V2 extended topology (the VM's)"),
	TOPO(CPUID_KEY(0x1f, ANY, ECX), "CPUID.0x1f.*.ecx", "V2 extended topology (the VM's)"),
	TOPO(CPUID_KEY(0x1f, ANY, EDX), "CPUID.0x1f.*.edx", "x2APIC id (per vCPU)"),
	DESC(CPUID_KEY(0x20, ANY, EAX), "CPUID.0x20.*.eax", 0, "HRESET"),
	DESC(CPUID_KEY(0x20, ANY, EBX), "CPUID.0x20.*.ebx", 0, "HRESET"),
	DESC(CPUID_KEY(0x20, ANY, ECX), "CPUID.0x20.*.ecx", 0, "HRESET"),
	DESC(CPUID_KEY(0x20, ANY, EDX), "CPUID.0x20.*.edx", 0, "HRESET"),
	DESC(CPUID_KEY(0x21, ANY, EAX), "CPUID.0x21.*.eax", 0, "TDX vendor leaf"),
	DESC(CPUID_KEY(0x21, ANY, EBX), "CPUID.0x21.*.ebx", 0, "TDX vendor leaf"),
	DESC(CPUID_KEY(0x21, ANY, ECX), "CPUID.0x21.*.ecx", 0, "TDX vendor leaf"),
	DESC(CPUID_KEY(0x21, ANY, EDX), "CPUID.0x21.*.edx", 0, "TDX vendor leaf"),
	DESC(CPUID_KEY(0x22, ANY, EAX), "CPUID.0x22.*.eax", 0, "reserved"),
	DESC(CPUID_KEY(0x22, ANY, EBX), "CPUID.0x22.*.ebx", 0, "reserved"),
	DESC(CPUID_KEY(0x22, ANY, ECX), "CPUID.0x22.*.ecx", 0, "reserved"),
	DESC(CPUID_KEY(0x22, ANY, EDX), "CPUID.0x22.*.edx", 0, "reserved"),
	DESC(CPUID_KEY(0x23, ANY, EAX), "CPUID.0x23.*.eax", 0, "architectural PMU extensions"),
	DESC(CPUID_KEY(0x23, ANY, EBX), "CPUID.0x23.*.ebx", 0, "architectural PMU extensions"),
	DESC(CPUID_KEY(0x23, ANY, ECX), "CPUID.0x23.*.ecx", 0, "architectural PMU extensions"),
	DESC(CPUID_KEY(0x23, ANY, EDX), "CPUID.0x23.*.edx", 0, "architectural PMU extensions"),
	LEAF(CPUID_KEY(0x24, 0, EAX), "CPUID.0x24.0x0.eax", VERSION, "highest AVX10 subleaf"),
	FIELDS(CPUID_KEY(0x24, 0, EBX), "CPUID.0x24.0x0.ebx", avx10_ebx_bits, avx10_ebx_fields,
	       0x00070000u, 0, 0, "AVX10 version and vector lengths"),
	DESC(CPUID_KEY(0x24, 0, ECX), "CPUID.0x24.0x0.ecx", 0, "reserved"),
	DESC(CPUID_KEY(0x24, 0, EDX), "CPUID.0x24.0x0.edx", 0, "reserved"),
	LEAF(CPUID_KEY(0x40000000, 0, EAX), "CPUID.0x40000000.0x0.eax", VERSION,
	     "highest KVM paravirtual CPUID leaf"),
	LEAF(CPUID_KEY(0x40000000, 0, EBX), "CPUID.0x40000000.0x0.ebx", EXACT,
	     "hypervisor signature, bytes 0-3 (\"KVMK\")"),
	LEAF(CPUID_KEY(0x40000000, 0, ECX), "CPUID.0x40000000.0x0.ecx", EXACT,
	     "hypervisor signature, bytes 4-7 (\"VMKV\")"),
	LEAF(CPUID_KEY(0x40000000, 0, EDX), "CPUID.0x40000000.0x0.edx", EXACT,
	     "hypervisor signature, bytes 8-11 (\"M\\0\\0\\0\")"),
	BITS(CPUID_KEY(0x40000001, 0, EAX), "CPUID.0x40000001.0x0.eax", kvm_pv_bits,
	     "KVM paravirtual features (KVM_FEATURE_*)"),
	BITS(CPUID_KEY(0x40000001, 0, EDX), "CPUID.0x40000001.0x0.edx", kvm_hint_bits,
	     "KVM paravirtual hints (KVM_HINTS_*)"),
	LEAF(CPUID_KEY(0x80000000, 0, EAX), "CPUID.0x80000000.0x0.eax", VERSION,
	     "highest extended CPUID leaf"),
	LEAF(CPUID_KEY(0x80000000, 0, EBX), "CPUID.0x80000000.0x0.ebx", EXACT,
	     "vendor string, bytes 0-3 (AMD)"),
	LEAF(CPUID_KEY(0x80000000, 0, ECX), "CPUID.0x80000000.0x0.ecx", EXACT,
	     "vendor string, bytes 8-11 (AMD)"),
	LEAF(CPUID_KEY(0x80000000, 0, EDX), "CPUID.0x80000000.0x0.edx", EXACT,
	     "vendor string, bytes 4-7 (AMD)"),
	DESC(CPUID_KEY(0x80000001, 0, EAX), "CPUID.0x80000001.0x0.eax", 0,
	     "extended family, model and stepping"),
	DESC(CPUID_KEY(0x80000001, 0, EBX), "CPUID.0x80000001.0x0.ebx", 0,
	     "brand id and package type"),
	/* CMP_LEGACY says the package has more than one core: the VM's topology. */
	FEAT(CPUID_KEY(0x80000001, 0, ECX), "CPUID.0x80000001.0x0.ecx", ext1_ecx_bits, 0,
	     1u << 1, "extended features (word 6)"),
	FEAT(CPUID_KEY(0x80000001, 0, EDX), "CPUID.0x80000001.0x0.edx", ext1_edx_bits, 0, 0,
	     "extended features (word 1)"),
	DESC(CPUID_KEY(0x80000002, 0, EAX), "CPUID.0x80000002.0x0.eax", 0, "brand string 0-3"),
	DESC(CPUID_KEY(0x80000002, 0, EBX), "CPUID.0x80000002.0x0.ebx", 0, "brand string 4-7"),
	DESC(CPUID_KEY(0x80000002, 0, ECX), "CPUID.0x80000002.0x0.ecx", 0, "brand string 8-11"),
	DESC(CPUID_KEY(0x80000002, 0, EDX), "CPUID.0x80000002.0x0.edx", 0, "brand string 12-15"),
	DESC(CPUID_KEY(0x80000003, 0, EAX), "CPUID.0x80000003.0x0.eax", 0, "brand string 16-19"),
	DESC(CPUID_KEY(0x80000003, 0, EBX), "CPUID.0x80000003.0x0.ebx", 0, "brand string 20-23"),
	DESC(CPUID_KEY(0x80000003, 0, ECX), "CPUID.0x80000003.0x0.ecx", 0, "brand string 24-27"),
	DESC(CPUID_KEY(0x80000003, 0, EDX), "CPUID.0x80000003.0x0.edx", 0, "brand string 28-31"),
	DESC(CPUID_KEY(0x80000004, 0, EAX), "CPUID.0x80000004.0x0.eax", 0, "brand string 32-35"),
	DESC(CPUID_KEY(0x80000004, 0, EBX), "CPUID.0x80000004.0x0.ebx", 0, "brand string 36-39"),
	DESC(CPUID_KEY(0x80000004, 0, ECX), "CPUID.0x80000004.0x0.ecx", 0, "brand string 40-43"),
	DESC(CPUID_KEY(0x80000004, 0, EDX), "CPUID.0x80000004.0x0.edx", 0, "brand string 44-47"),
	DESC(CPUID_KEY(0x80000005, 0, EAX), "CPUID.0x80000005.0x0.eax", 0, "L1 TLB (2M/4M pages)"),
	DESC(CPUID_KEY(0x80000005, 0, EBX), "CPUID.0x80000005.0x0.ebx", 0, "L1 TLB (4K pages)"),
	DESC(CPUID_KEY(0x80000005, 0, ECX), "CPUID.0x80000005.0x0.ecx", 0, "L1 data cache"),
	DESC(CPUID_KEY(0x80000005, 0, EDX), "CPUID.0x80000005.0x0.edx", 0,
	     "L1 instruction cache"),
	DESC(CPUID_KEY(0x80000006, 0, EAX), "CPUID.0x80000006.0x0.eax", 0, "L2 TLB (2M/4M pages)"),
	DESC(CPUID_KEY(0x80000006, 0, EBX), "CPUID.0x80000006.0x0.ebx", 0, "L2 TLB (4K pages)"),
	DESC(CPUID_KEY(0x80000006, 0, ECX), "CPUID.0x80000006.0x0.ecx", 0, "L2 cache"),
	DESC(CPUID_KEY(0x80000006, 0, EDX), "CPUID.0x80000006.0x0.edx", 0, "L3 cache"),
	DESC(CPUID_KEY(0x80000007, 0, EAX), "CPUID.0x80000007.0x0.eax", 0, "reserved"),
	FEAT(CPUID_KEY(0x80000007, 0, EBX), "CPUID.0x80000007.0x0.ebx", ext7_ebx_bits, 0, 0,
	     "RAS capabilities (MCA overflow recovery, SUCCOR, SMCA)"),
	DESC(CPUID_KEY(0x80000007, 0, ECX), "CPUID.0x80000007.0x0.ecx", 0,
	     "power sample time ratio"),
	FEAT(CPUID_KEY(0x80000007, 0, EDX), "CPUID.0x80000007.0x0.edx", ext7_edx_bits, 0, 0,
	     "advanced power management (invariant TSC)"),
	FIELDS(CPUID_KEY(0x80000008, 0, EAX), "CPUID.0x80000008.0x0.eax", no_bits, addr_fields,
	       0, 0, 0, "physical, linear and guest-physical address widths"),
	FEAT(CPUID_KEY(0x80000008, 0, EBX), "CPUID.0x80000008.0x0.ebx", ext8_ebx_bits,
	     EXT8_EBX_WEAK, 0, "extended features (word 13)"),
	/* 7:0 (cores - 1) and 15:12 (APIC id size) follow the VM's topology. */
	DESC(CPUID_KEY(0x80000008, 0, ECX), "CPUID.0x80000008.0x0.ecx", 0x0000f0ffu,
	     "performance TSC size; core count per topology"),
	DESC(CPUID_KEY(0x80000008, 0, EDX), "CPUID.0x80000008.0x0.edx", 0,
	     "INVLPGB and RDPRU limits"),
	DESC(CPUID_KEY(0x80000009, 0, EAX), "CPUID.0x80000009.0x0.eax", 0, "reserved"),
	DESC(CPUID_KEY(0x80000009, 0, EBX), "CPUID.0x80000009.0x0.ebx", 0, "reserved"),
	DESC(CPUID_KEY(0x80000009, 0, ECX), "CPUID.0x80000009.0x0.ecx", 0, "reserved"),
	DESC(CPUID_KEY(0x80000009, 0, EDX), "CPUID.0x80000009.0x0.edx", 0, "reserved"),
	DESC(CPUID_KEY(0x8000000a, 0, EAX), "CPUID.0x8000000a.0x0.eax", 0, "SVM revision"),
	FIELDS(CPUID_KEY(0x8000000a, 0, EBX), "CPUID.0x8000000a.0x0.ebx", no_bits, svm_ebx_fields,
	       0, 0, 0, "SVM: number of ASIDs"),
	DESC(CPUID_KEY(0x8000000a, 0, ECX), "CPUID.0x8000000a.0x0.ecx", 0, "reserved"),
	FEAT(CPUID_KEY(0x8000000a, 0, EDX), "CPUID.0x8000000a.0x0.edx", svm_edx_bits, 0, 0,
	     "SVM features of the nested guest (word 15)"),
	DESC(CPUID_KEY(0x8000000b, 0, EAX), "CPUID.0x8000000b.0x0.eax", 0, "reserved or vendor information (KVM: zero)"),
	DESC(CPUID_KEY(0x8000000b, 0, EBX), "CPUID.0x8000000b.0x0.ebx", 0, "reserved or vendor information (KVM: zero)"),
	DESC(CPUID_KEY(0x8000000b, 0, ECX), "CPUID.0x8000000b.0x0.ecx", 0, "reserved or vendor information (KVM: zero)"),
	DESC(CPUID_KEY(0x8000000b, 0, EDX), "CPUID.0x8000000b.0x0.edx", 0, "reserved or vendor information (KVM: zero)"),
	DESC(CPUID_KEY(0x8000000c, 0, EAX), "CPUID.0x8000000c.0x0.eax", 0, "reserved or vendor information (KVM: zero)"),
	DESC(CPUID_KEY(0x8000000c, 0, EBX), "CPUID.0x8000000c.0x0.ebx", 0, "reserved or vendor information (KVM: zero)"),
	DESC(CPUID_KEY(0x8000000c, 0, ECX), "CPUID.0x8000000c.0x0.ecx", 0, "reserved or vendor information (KVM: zero)"),
	DESC(CPUID_KEY(0x8000000c, 0, EDX), "CPUID.0x8000000c.0x0.edx", 0, "reserved or vendor information (KVM: zero)"),
	DESC(CPUID_KEY(0x8000000d, 0, EAX), "CPUID.0x8000000d.0x0.eax", 0, "reserved or vendor information (KVM: zero)"),
	DESC(CPUID_KEY(0x8000000d, 0, EBX), "CPUID.0x8000000d.0x0.ebx", 0, "reserved or vendor information (KVM: zero)"),
	DESC(CPUID_KEY(0x8000000d, 0, ECX), "CPUID.0x8000000d.0x0.ecx", 0, "reserved or vendor information (KVM: zero)"),
	DESC(CPUID_KEY(0x8000000d, 0, EDX), "CPUID.0x8000000d.0x0.edx", 0, "reserved or vendor information (KVM: zero)"),
	DESC(CPUID_KEY(0x8000000e, 0, EAX), "CPUID.0x8000000e.0x0.eax", 0, "reserved or vendor information (KVM: zero)"),
	DESC(CPUID_KEY(0x8000000e, 0, EBX), "CPUID.0x8000000e.0x0.ebx", 0, "reserved or vendor information (KVM: zero)"),
	DESC(CPUID_KEY(0x8000000e, 0, ECX), "CPUID.0x8000000e.0x0.ecx", 0, "reserved or vendor information (KVM: zero)"),
	DESC(CPUID_KEY(0x8000000e, 0, EDX), "CPUID.0x8000000e.0x0.edx", 0, "reserved or vendor information (KVM: zero)"),
	DESC(CPUID_KEY(0x8000000f, 0, EAX), "CPUID.0x8000000f.0x0.eax", 0, "reserved or vendor information (KVM: zero)"),
	DESC(CPUID_KEY(0x8000000f, 0, EBX), "CPUID.0x8000000f.0x0.ebx", 0, "reserved or vendor information (KVM: zero)"),
	DESC(CPUID_KEY(0x8000000f, 0, ECX), "CPUID.0x8000000f.0x0.ecx", 0, "reserved or vendor information (KVM: zero)"),
	DESC(CPUID_KEY(0x8000000f, 0, EDX), "CPUID.0x8000000f.0x0.edx", 0, "reserved or vendor information (KVM: zero)"),
	DESC(CPUID_KEY(0x80000010, 0, EAX), "CPUID.0x80000010.0x0.eax", 0, "reserved or vendor information (KVM: zero)"),
	DESC(CPUID_KEY(0x80000010, 0, EBX), "CPUID.0x80000010.0x0.ebx", 0, "reserved or vendor information (KVM: zero)"),
	DESC(CPUID_KEY(0x80000010, 0, ECX), "CPUID.0x80000010.0x0.ecx", 0, "reserved or vendor information (KVM: zero)"),
	DESC(CPUID_KEY(0x80000010, 0, EDX), "CPUID.0x80000010.0x0.edx", 0, "reserved or vendor information (KVM: zero)"),
	DESC(CPUID_KEY(0x80000011, 0, EAX), "CPUID.0x80000011.0x0.eax", 0, "reserved or vendor information (KVM: zero)"),
	DESC(CPUID_KEY(0x80000011, 0, EBX), "CPUID.0x80000011.0x0.ebx", 0, "reserved or vendor information (KVM: zero)"),
	DESC(CPUID_KEY(0x80000011, 0, ECX), "CPUID.0x80000011.0x0.ecx", 0, "reserved or vendor information (KVM: zero)"),
	DESC(CPUID_KEY(0x80000011, 0, EDX), "CPUID.0x80000011.0x0.edx", 0, "reserved or vendor information (KVM: zero)"),
	DESC(CPUID_KEY(0x80000012, 0, EAX), "CPUID.0x80000012.0x0.eax", 0, "reserved or vendor information (KVM: zero)"),
	DESC(CPUID_KEY(0x80000012, 0, EBX), "CPUID.0x80000012.0x0.ebx", 0, "reserved or vendor information (KVM: zero)"),
	DESC(CPUID_KEY(0x80000012, 0, ECX), "CPUID.0x80000012.0x0.ecx", 0, "reserved or vendor information (KVM: zero)"),
	DESC(CPUID_KEY(0x80000012, 0, EDX), "CPUID.0x80000012.0x0.edx", 0, "reserved or vendor information (KVM: zero)"),
	DESC(CPUID_KEY(0x80000013, 0, EAX), "CPUID.0x80000013.0x0.eax", 0, "reserved or vendor information (KVM: zero)"),
	DESC(CPUID_KEY(0x80000013, 0, EBX), "CPUID.0x80000013.0x0.ebx", 0, "reserved or vendor information (KVM: zero)"),
	DESC(CPUID_KEY(0x80000013, 0, ECX), "CPUID.0x80000013.0x0.ecx", 0, "reserved or vendor information (KVM: zero)"),
	DESC(CPUID_KEY(0x80000013, 0, EDX), "CPUID.0x80000013.0x0.edx", 0, "reserved or vendor information (KVM: zero)"),
	DESC(CPUID_KEY(0x80000014, 0, EAX), "CPUID.0x80000014.0x0.eax", 0, "reserved or vendor information (KVM: zero)"),
	DESC(CPUID_KEY(0x80000014, 0, EBX), "CPUID.0x80000014.0x0.ebx", 0, "reserved or vendor information (KVM: zero)"),
	DESC(CPUID_KEY(0x80000014, 0, ECX), "CPUID.0x80000014.0x0.ecx", 0, "reserved or vendor information (KVM: zero)"),
	DESC(CPUID_KEY(0x80000014, 0, EDX), "CPUID.0x80000014.0x0.edx", 0, "reserved or vendor information (KVM: zero)"),
	DESC(CPUID_KEY(0x80000015, 0, EAX), "CPUID.0x80000015.0x0.eax", 0, "reserved or vendor information (KVM: zero)"),
	DESC(CPUID_KEY(0x80000015, 0, EBX), "CPUID.0x80000015.0x0.ebx", 0, "reserved or vendor information (KVM: zero)"),
	DESC(CPUID_KEY(0x80000015, 0, ECX), "CPUID.0x80000015.0x0.ecx", 0, "reserved or vendor information (KVM: zero)"),
	DESC(CPUID_KEY(0x80000015, 0, EDX), "CPUID.0x80000015.0x0.edx", 0, "reserved or vendor information (KVM: zero)"),
	DESC(CPUID_KEY(0x80000016, 0, EAX), "CPUID.0x80000016.0x0.eax", 0, "reserved or vendor information (KVM: zero)"),
	DESC(CPUID_KEY(0x80000016, 0, EBX), "CPUID.0x80000016.0x0.ebx", 0, "reserved or vendor information (KVM: zero)"),
	DESC(CPUID_KEY(0x80000016, 0, ECX), "CPUID.0x80000016.0x0.ecx", 0, "reserved or vendor information (KVM: zero)"),
	DESC(CPUID_KEY(0x80000016, 0, EDX), "CPUID.0x80000016.0x0.edx", 0, "reserved or vendor information (KVM: zero)"),
	DESC(CPUID_KEY(0x80000017, 0, EAX), "CPUID.0x80000017.0x0.eax", 0, "reserved or vendor information (KVM: zero)"),
	DESC(CPUID_KEY(0x80000017, 0, EBX), "CPUID.0x80000017.0x0.ebx", 0, "reserved or vendor information (KVM: zero)"),
	DESC(CPUID_KEY(0x80000017, 0, ECX), "CPUID.0x80000017.0x0.ecx", 0, "reserved or vendor information (KVM: zero)"),
	DESC(CPUID_KEY(0x80000017, 0, EDX), "CPUID.0x80000017.0x0.edx", 0, "reserved or vendor information (KVM: zero)"),
	DESC(CPUID_KEY(0x80000018, 0, EAX), "CPUID.0x80000018.0x0.eax", 0, "reserved or vendor information (KVM: zero)"),
	DESC(CPUID_KEY(0x80000018, 0, EBX), "CPUID.0x80000018.0x0.ebx", 0, "reserved or vendor information (KVM: zero)"),
	DESC(CPUID_KEY(0x80000018, 0, ECX), "CPUID.0x80000018.0x0.ecx", 0, "reserved or vendor information (KVM: zero)"),
	DESC(CPUID_KEY(0x80000018, 0, EDX), "CPUID.0x80000018.0x0.edx", 0, "reserved or vendor information (KVM: zero)"),
	DESC(CPUID_KEY(0x80000019, 0, EAX), "CPUID.0x80000019.0x0.eax", 0, "reserved or vendor information (KVM: zero)"),
	DESC(CPUID_KEY(0x80000019, 0, EBX), "CPUID.0x80000019.0x0.ebx", 0, "reserved or vendor information (KVM: zero)"),
	DESC(CPUID_KEY(0x80000019, 0, ECX), "CPUID.0x80000019.0x0.ecx", 0, "reserved or vendor information (KVM: zero)"),
	DESC(CPUID_KEY(0x80000019, 0, EDX), "CPUID.0x80000019.0x0.edx", 0, "reserved or vendor information (KVM: zero)"),
	FEAT(CPUID_KEY(0x8000001a, 0, EAX), "CPUID.0x8000001a.0x0.eax", ext1a_eax_bits, 0, 0,
	     "performance optimisation hints"),
	DESC(CPUID_KEY(0x8000001a, 0, EBX), "CPUID.0x8000001a.0x0.ebx", 0, "reserved"),
	DESC(CPUID_KEY(0x8000001a, 0, ECX), "CPUID.0x8000001a.0x0.ecx", 0, "reserved"),
	DESC(CPUID_KEY(0x8000001a, 0, EDX), "CPUID.0x8000001a.0x0.edx", 0, "reserved"),
	DESC(CPUID_KEY(0x8000001b, 0, EAX), "CPUID.0x8000001b.0x0.eax", 0, "instruction-based sampling (KVM: zero)"),
	DESC(CPUID_KEY(0x8000001b, 0, EBX), "CPUID.0x8000001b.0x0.ebx", 0, "instruction-based sampling (KVM: zero)"),
	DESC(CPUID_KEY(0x8000001b, 0, ECX), "CPUID.0x8000001b.0x0.ecx", 0, "instruction-based sampling (KVM: zero)"),
	DESC(CPUID_KEY(0x8000001b, 0, EDX), "CPUID.0x8000001b.0x0.edx", 0, "instruction-based sampling (KVM: zero)"),
	DESC(CPUID_KEY(0x8000001c, 0, EAX), "CPUID.0x8000001c.0x0.eax", 0, "lightweight profiling (KVM: zero)"),
	DESC(CPUID_KEY(0x8000001c, 0, EBX), "CPUID.0x8000001c.0x0.ebx", 0, "lightweight profiling (KVM: zero)"),
	DESC(CPUID_KEY(0x8000001c, 0, ECX), "CPUID.0x8000001c.0x0.ecx", 0, "lightweight profiling (KVM: zero)"),
	DESC(CPUID_KEY(0x8000001c, 0, EDX), "CPUID.0x8000001c.0x0.edx", 0, "lightweight profiling (KVM: zero)"),
	/* 25:14 (sharing) follows the VM's topology. */
	DESC(CPUID_KEY(0x8000001d, ANY, EAX), "CPUID.0x8000001d.*.eax", 0x03ffc000u,
	     "cache topology: type and level; sharing per topology"),
	DESC(CPUID_KEY(0x8000001d, ANY, EBX), "CPUID.0x8000001d.*.ebx", 0,
	     "cache topology: ways, partitions, line size"),
	DESC(CPUID_KEY(0x8000001d, ANY, ECX), "CPUID.0x8000001d.*.ecx", 0, "cache topology: sets"),
	DESC(CPUID_KEY(0x8000001d, ANY, EDX), "CPUID.0x8000001d.*.edx", 0,
	     "cache topology: inclusiveness"),
	TOPO(CPUID_KEY(0x8000001e, 0, EAX), "CPUID.0x8000001e.0x0.eax", "extended APIC id (per vCPU)"),
	TOPO(CPUID_KEY(0x8000001e, 0, EBX), "CPUID.0x8000001e.0x0.ebx", "core id (the VM's)"),
	TOPO(CPUID_KEY(0x8000001e, 0, ECX), "CPUID.0x8000001e.0x0.ecx", "node id (the VM's)"),
	TOPO(CPUID_KEY(0x8000001e, 0, EDX), "CPUID.0x8000001e.0x0.edx", "reserved"),
	FEAT(CPUID_KEY(0x8000001f, 0, EAX), "CPUID.0x8000001f.0x0.eax", sev_eax_bits, 0, 0,
	     "memory encryption features (word 19)"),
	DESC(CPUID_KEY(0x8000001f, 0, EBX), "CPUID.0x8000001f.0x0.ebx", 0,
	     "memory encryption: C-bit position, address reduction"),
	DESC(CPUID_KEY(0x8000001f, 0, ECX), "CPUID.0x8000001f.0x0.ecx", 0,
	     "memory encryption: encrypted guests"),
	DESC(CPUID_KEY(0x8000001f, 0, EDX), "CPUID.0x8000001f.0x0.edx", 0,
	     "memory encryption: minimum SEV ASID"),
	DESC(CPUID_KEY(0x80000020, ANY, EAX), "CPUID.0x80000020.*.eax", 0, "platform QoS"),
	DESC(CPUID_KEY(0x80000020, ANY, EBX), "CPUID.0x80000020.*.ebx", 0, "platform QoS"),
	DESC(CPUID_KEY(0x80000020, ANY, ECX), "CPUID.0x80000020.*.ecx", 0, "platform QoS"),
	DESC(CPUID_KEY(0x80000020, ANY, EDX), "CPUID.0x80000020.*.edx", 0, "platform QoS"),
	FEAT(CPUID_KEY(0x80000021, 0, EAX), "CPUID.0x80000021.0x0.eax", ext21_eax_bits,
	     EXT21_EAX_WEAK, 0, "extended features 2 (word 20)"),
	DESC(CPUID_KEY(0x80000021, 0, EBX), "CPUID.0x80000021.0x0.ebx", 0,
	     "microcode patch size"),
	FEAT(CPUID_KEY(0x80000021, 0, ECX), "CPUID.0x80000021.0x0.ecx", ext21_ecx_bits, 0, 0,
	     "extended features 2, ECX (transient scheduler attacks)"),
	DESC(CPUID_KEY(0x80000021, 0, EDX), "CPUID.0x80000021.0x0.edx", 0, "reserved"),
	FEAT(CPUID_KEY(0x80000022, 0, EAX), "CPUID.0x80000022.0x0.eax", ext22_eax_bits, 0, 0,
	     "performance monitoring v2 features"),
	FIELDS(CPUID_KEY(0x80000022, 0, EBX), "CPUID.0x80000022.0x0.ebx", no_bits,
	       ext22_ebx_fields, 0, 0, 0xffc00000u, "performance monitoring v2 counters"),
	DESC(CPUID_KEY(0x80000022, 0, ECX), "CPUID.0x80000022.0x0.ecx", 0,
	     "active UMC bitmask"),
	DESC(CPUID_KEY(0x80000022, 0, EDX), "CPUID.0x80000022.0x0.edx", 0, "reserved"),
	TOPO(CPUID_KEY(0x80000026, ANY, EAX), "CPUID.0x80000026.*.eax", "extended CPU topology"),
	TOPO(CPUID_KEY(0x80000026, ANY, EBX), "CPUID.0x80000026.*.ebx", "extended CPU topology"),
	TOPO(CPUID_KEY(0x80000026, ANY, ECX), "CPUID.0x80000026.*.ecx", "extended CPU topology"),
	TOPO(CPUID_KEY(0x80000026, ANY, EDX), "CPUID.0x80000026.*.edx", "x2APIC id (per vCPU)"),
	/* KVM_GET_SUPPORTED_HV_CPUID (cap 167 on a vCPU, cap 191 on /dev/kvm). */
	LEAF(HVCPUID_KEY(0x40000000, 0, EAX), "HVCPUID.0x40000000.0x0.eax", VERSION,
	     "highest Hyper-V leaf"),
	LEAF(HVCPUID_KEY(0x40000000, 0, EBX), "HVCPUID.0x40000000.0x0.ebx", EXACT,
	     "Hyper-V vendor signature, bytes 0-3"),
	LEAF(HVCPUID_KEY(0x40000000, 0, ECX), "HVCPUID.0x40000000.0x0.ecx", EXACT,
	     "Hyper-V vendor signature, bytes 4-7"),
	LEAF(HVCPUID_KEY(0x40000000, 0, EDX), "HVCPUID.0x40000000.0x0.edx", EXACT,
	     "Hyper-V vendor signature, bytes 8-11"),
	LEAF(HVCPUID_KEY(0x40000001, 0, EAX), "HVCPUID.0x40000001.0x0.eax", EXACT,
	     "Hyper-V interface signature (\"Hv#1\")"),
	/* The VMM writes the Hyper-V leaves it exposes; these describe, they offer nothing. */
	DESC(HVCPUID_KEY(0x40000002, 0, EAX), "HVCPUID.0x40000002.0x0.eax", 0,
	     "Hyper-V build number"),
	DESC(HVCPUID_KEY(0x40000002, 0, EBX), "HVCPUID.0x40000002.0x0.ebx", 0,
	     "Hyper-V major and minor version"),
	BITS(HVCPUID_KEY(0x40000003, 0, EAX), "HVCPUID.0x40000003.0x0.eax",
	     hv_features_eax_bits, "Hyper-V features: synthetic MSRs available"),
	BITS(HVCPUID_KEY(0x40000003, 0, EBX), "HVCPUID.0x40000003.0x0.ebx",
	     hv_features_ebx_bits, "Hyper-V features: partition privileges"),
	BITS(HVCPUID_KEY(0x40000003, 0, ECX), "HVCPUID.0x40000003.0x0.ecx",
	     hv_features_ecx_bits, "Hyper-V features: power management and isolation"),
	BITS(HVCPUID_KEY(0x40000003, 0, EDX), "HVCPUID.0x40000003.0x0.edx",
	     hv_features_edx_bits, "Hyper-V features: miscellaneous"),
	BITS(HVCPUID_KEY(0x40000004, 0, EAX), "HVCPUID.0x40000004.0x0.eax",
	     hv_enlight_eax_bits, "Hyper-V enlightenment recommendations"),
	DESC(HVCPUID_KEY(0x40000004, 0, EBX), "HVCPUID.0x40000004.0x0.ebx", 0,
	     "Hyper-V spinlock retry count"),
	/* KVM_MAX_VCPUS: 1024 before 6.12's 4096; a guest may be told no more than any host has. */
	FIELDS(HVCPUID_KEY(0x40000005, 0, EAX), "HVCPUID.0x40000005.0x0.eax", no_bits, hv_max_vp,
	       0, 0, 0, "Hyper-V maximum virtual processors (KVM_MAX_VCPUS)"),
	FIELDS(HVCPUID_KEY(0x40000005, 0, EBX), "HVCPUID.0x40000005.0x0.ebx", no_bits, hv_max_lp,
	       0, 0, 0, "Hyper-V maximum logical processors"),
	CPU(HVCPUID_KEY(0x4000000A, 0, EAX), "HVCPUID.0x4000000a.0x0.eax", hv_nested_eax_bits,
	    HV_NESTED_EAX_FEATURES, 0, 0, 0, "nested features: eVMCS version range and flags"),
	BITS(HVCPUID_KEY(0x4000000A, 0, EBX), "HVCPUID.0x4000000a.0x0.ebx", hv_nested_ebx_bits,
	     "nested features #2 (eVMCS fields gated on guest CPUID)"),
	/* Feature MSRs. */
	MSR(0x8b, "MSR_IA32_UCODE_REV", EXACT, HVABI_CATALOG_READ_ONLY,
	    "microcode revision (a host fact; guests may read it)"),
	/*
	 * KVM emulates PLATFORM_INFO for every guest, CPUID_FAULT set
	 * (kvm_arch_vcpu_create(), 4.12 on); only 7.x lists it as a feature
	 * MSR, so an older kernel implies that value.
	 */
	{
		.key = { HVABI_NS_MSR, 0, 0, 0xce },
		.name = "MSR_PLATFORM_INFO",
		.summary = "platform information (KVM: CPUID faulting)",
		.kind = HVABI_KIND_BITMAP, .scope = HVABI_SCOPE_VCPU, .width = 8,
		.bits = platform_info_bits, .nbits = HVABI_ARRAY_SIZE(platform_info_bits),
		.flags = HVABI_CATALOG_HAS_IMPLIED, .implied = 0x80000000u,
	},
	{
		.key = { HVABI_NS_MSR, 0, 0, 0x10a },
		.name = "MSR_IA32_ARCH_CAPABILITIES",
		.summary = "speculation and mitigation properties (ARCH_CAP_*)",
		.kind = HVABI_KIND_BITMAP, .scope = HVABI_SCOPE_VCPU, .width = 8,
		.bits = arch_cap_bits, .nbits = HVABI_ARRAY_SIZE(arch_cap_bits),
		.aliases = arch_cap_bits_qemu, .naliases = HVABI_ARRAY_SIZE(arch_cap_bits_qemu),
		.weak_mask = ARCH_CAP_WEAK,
	},
	MSR(0x345, "MSR_IA32_PERF_CAPABILITIES", EXACT, 0,
	    "PMU capabilities (LBR format, PEBS, full-width writes)"),
	VMX_MSR(0x480, "MSR_IA32_VMX_BASIC", "nested VMX: VMCS revision and basics"),
	VMX_MSR(0x481, "MSR_IA32_VMX_PINBASED_CTLS", "nested VMX: pin-based controls"),
	VMX_MSR(0x482, "MSR_IA32_VMX_PROCBASED_CTLS", "nested VMX: processor-based controls"),
	VMX_MSR(0x483, "MSR_IA32_VMX_EXIT_CTLS", "nested VMX: exit controls"),
	VMX_MSR(0x484, "MSR_IA32_VMX_ENTRY_CTLS", "nested VMX: entry controls"),
	VMX_MSR(0x485, "MSR_IA32_VMX_MISC", "nested VMX: miscellaneous data"),
	VMX_MSR(0x486, "MSR_IA32_VMX_CR0_FIXED0", "nested VMX: CR0 bits fixed to 1"),
	VMX_MSR(0x487, "MSR_IA32_VMX_CR0_FIXED1", "nested VMX: CR0 bits allowed to be 1"),
	VMX_MSR(0x488, "MSR_IA32_VMX_CR4_FIXED0", "nested VMX: CR4 bits fixed to 1"),
	VMX_MSR(0x489, "MSR_IA32_VMX_CR4_FIXED1", "nested VMX: CR4 bits allowed to be 1"),
	VMX_MSR(0x48a, "MSR_IA32_VMX_VMCS_ENUM", "nested VMX: highest VMCS field index"),
	VMX_MSR(0x48b, "MSR_IA32_VMX_PROCBASED_CTLS2", "nested VMX: secondary controls"),
	VMX_MSR(0x48c, "MSR_IA32_VMX_EPT_VPID_CAP", "nested VMX: EPT and VPID capabilities"),
	VMX_MSR(0x48d, "MSR_IA32_VMX_TRUE_PINBASED_CTLS", "nested VMX: true pin-based controls"),
	VMX_MSR(0x48e, "MSR_IA32_VMX_TRUE_PROCBASED_CTLS",
		"nested VMX: true processor-based controls"),
	VMX_MSR(0x48f, "MSR_IA32_VMX_TRUE_EXIT_CTLS", "nested VMX: true exit controls"),
	VMX_MSR(0x490, "MSR_IA32_VMX_TRUE_ENTRY_CTLS", "nested VMX: true entry controls"),
	VMX_MSR(0x491, "MSR_IA32_VMX_VMFUNC", "nested VMX: VM functions"),
	MSR(0xc0011029, "MSR_AMD64_DE_CFG", EXACT, 0,
	    "AMD decode configuration (LFENCE serialising)"),
	/* Capabilities. */
	CAP(HVABI_KVM_CAP_ONE_REG, "ONE_REG", KV(6, 18),
	    "KVM_{GET,SET}_ONE_REG for MSRs and KVM registers (x86: 6.18)"),
	/* What lets a VMM give CPUID.1.ECX.TSC_DEADLINE_TIMER (the VMM's bit). */
	CAP(HVABI_KVM_CAP_TSC_DEADLINE_TIMER, "TSC_DEADLINE_TIMER", KV(3, 2),
	    "the in-kernel LAPIC's TSC-deadline timer mode (CPUID.1.ECX bit 24)"),
	CAP(HVABI_KVM_CAP_GET_MSR_FEATURES, "GET_MSR_FEATURES", KV(4, 17),
	    "KVM_GET_MSR_FEATURE_INDEX_LIST and feature MSRs on /dev/kvm"),
	CAP(HVABI_KVM_CAP_HYPERV_ENLIGHTENED_VMCS, "HYPERV_ENLIGHTENED_VMCS", KV(4, 20),
	    "per-vCPU eVMCS enablement (returns the eVMCS version range)"),
	CAP(HVABI_KVM_CAP_HYPERV_CPUID, "HYPERV_CPUID", KV(5, 0),
	    "KVM_GET_SUPPORTED_HV_CPUID on a vCPU"),
	CAP(HVABI_KVM_CAP_STEAL_TIME, "STEAL_TIME", KV(5, 10), "PV stolen time accounting"),
	CAP(HVABI_KVM_CAP_ENFORCE_PV_FEATURE_CPUID, "ENFORCE_PV_FEATURE_CPUID", KV(5, 10),
	    "PV MSRs and hypercalls honour CPUID.0x40000001"),
	CAP(HVABI_KVM_CAP_SYS_HYPERV_CPUID, "SYS_HYPERV_CPUID", KV(5, 11),
	    "KVM_GET_SUPPORTED_HV_CPUID on /dev/kvm"),
	CAP(HVABI_KVM_CAP_HYPERV_ENFORCE_CPUID, "HYPERV_ENFORCE_CPUID", KV(5, 14),
	    "Hyper-V MSRs and hypercalls honour the Hyper-V CPUID leaves"),
	/*
	 * The guest's TSC rate (x86.c: kvm_set_tsc_khz()). KVM keeps it per
	 * vCPU; a VM has one, written on each vCPU.
	 */
	{
		.key = { HVABI_NS_VCPU_VALUE, 0, 0, HVABI_VCPU_VALUE_TSC_KHZ },
		.name = "TSC_KHZ",
		.summary = "guest TSC frequency in kHz (KVM_GET_TSC_KHZ / KVM_SET_TSC_KHZ)",
		.kind = HVABI_KIND_FREQUENCY, .scope = HVABI_SCOPE_VM, .width = 4,
	},
};

/*
 * MSRs that are vCPU state, not ABI: KVM's msrs_to_save and emulated_msrs
 * (arch/x86/kvm/x86.c), which a VMM reads with KVM_GET_MSRS on the source
 * and writes back on the destination, so the guest keeps its own values.
 * Whether the guest may use one is ABI, and lives in CPUID (CET, XFD,
 * UMWAIT, MPX, PerfMonV2, LBR...). A Firecracker fingerprint lists them
 * with the feature MSRs; only the feature MSRs describe the host.
 */
static const struct {
	uint32_t first, last;
	const char *what;
} state_msrs[] = {
	{ 0x10, 0x12, "TSC and KVM's old clock MSRs" },
	{ 0x1b, 0x1b, "APIC base" },
	{ 0x34, 0x34, "SMI count" },
	{ 0x3a, 0x3b, "feature control, TSC adjust" },
	{ 0x48, 0x49, "speculation control" },
	{ 0x9e, 0x9e, "SMBASE" },
	{ 0xc1, 0xc8, "PMU counters" },
	{ 0xe1, 0xe1, "UMWAIT control" },
	{ 0x122, 0x122, "TSX control" },
	{ 0x140, 0x140, "misc features enables (CPUID faulting)" },
	{ 0x174, 0x176, "SYSENTER" },
	{ 0x179, 0x17a, "machine check global state" },
	{ 0x186, 0x18d, "PMU event selectors" },
	{ 0x1a0, 0x1a0, "misc enable" },
	{ 0x1c4, 0x1c5, "XFD" },
	{ 0x1d9, 0x1d9, "debug control" },
	{ 0x1db, 0x1de, "last branch records" },
	{ 0x1fc, 0x1fc, "power control" },
	{ 0x277, 0x277, "PAT" },
	{ 0x309, 0x30b, "fixed PMU counters" },
	{ 0x38d, 0x390, "PMU global control and status" },
	{ 0x400, 0x47f, "machine check banks" },
	{ 0x4c1, 0x4c8, "full-width PMU counters" },
	{ 0x560, 0x580, "Intel PT" },
	{ 0x6a0, 0x6a8, "CET" },
	{ 0x6e0, 0x6e0, "TSC deadline" },
	{ 0xd90, 0xd90, "MPX bounds configuration" },
	{ 0xda0, 0xda0, "XSS" },
	{ 0x4b564d00, 0x4b564d07, "KVM paravirtual MSRs" },
	{ 0xc0000080, 0xc0000084, "EFER and syscall MSRs" },
	{ 0xc0000100, 0xc0000104, "segment bases, TSC_AUX, TSC ratio" },
	{ 0xc0000300, 0xc0000303, "AMD PerfMonV2 global control and status" },
	{ 0xc0010000, 0xc0010007, "AMD legacy PMU" },
	{ 0xc0010015, 0xc0010015, "AMD HWCR" },
	{ 0xc0010117, 0xc0010117, "nested SVM host save area" },
	{ 0xc001011f, 0xc001011f, "AMD virtual speculation control" },
	{ 0xc0010200, 0xc001020b, "AMD core PMU" },
};

const char *hvabi_cat_x86_state_reason(const struct hvabi_key *key)
{
	size_t i;

	if (key->ns != HVABI_NS_MSR || hvabi_cat_find(HVABI_ARCH_X86_64, key))
		return NULL;
	for (i = 0; i < HVABI_ARRAY_SIZE(state_msrs); i++)
		if (key->id >= state_msrs[i].first && key->id <= state_msrs[i].last)
			return state_msrs[i].what;
	return NULL;
}

const struct hvabi_cat_table hvabi_cat_x86_64 = {
	.arch = HVABI_ARCH_X86_64,
	.rows = rows,
	.n = HVABI_ARRAY_SIZE(rows),
};
