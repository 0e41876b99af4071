/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * x86-64 catalogue: CPUID output registers, feature MSRs and KVM caps.
 * Sources: arch/x86/include/asm/cpufeatures.h (feature bit names, by the
 * word each CPUID register fills), arch/x86/include/uapi/asm/kvm_para.h
 * (KVM PV leaves), arch/x86/include/asm/fpu/types.h (XSAVE components),
 * arch/x86/kvm/cpuid.c (bits KVM rewrites at run time), arch/x86/kvm/hyperv.c
 * (kvm_get_hv_cpuid(): what KVM_GET_SUPPORTED_HV_CPUID reports) and
 * include/hyperv/hvgdk_mini.h (Hyper-V bit names), arch/x86/kvm/x86.c
 * (msr_based_features_all_except_vmx[] and the VMX range) and
 * arch/x86/include/asm/msr-index.h (MSR and ARCH_CAPABILITIES bit names).
 * Rows must stay sorted by key: ns, then function (Hyper-V table after
 * KVM's), index, register.
 */

#include "catalog-internal.h"
#include "kvm-uapi.h"

#define KV HVABI_KERNEL_VERSION

#define CPUID_KEY(fn, idx, reg) { HVABI_NS_CPUID, HVABI_CPUID_##reg, idx, fn }
#define HVCPUID_KEY(fn, idx, reg) \
	{ HVABI_NS_CPUID, HVABI_CPUID_##reg, idx, HVABI_CPUID_TABLE_HYPERV | (fn) }

/*
 * One CPUID output register. EXACT and VERSION rows carry no bits; CPUID
 * rows follow the BITMAP rule on @fm and ignore @im (values KVM or the VMM
 * set per vCPU or at run time); every other bit must be equal.
 */
#define LEAF(k, nm, knd, sum)                                                   \
	{ .key = k, .name = nm, .summary = sum, .kind = HVABI_KIND_##knd,         \
	  .scope = HVABI_SCOPE_VCPU, .width = 4 }
#define FEAT(k, nm, b, fm, im, sum)                                             \
	{ .key = k, .name = nm, .summary = sum, .kind = HVABI_KIND_CPUID,         \
	  .scope = HVABI_SCOPE_VCPU, .width = 4, .bits = b,                       \
	  .nbits = HVABI_ARRAY_SIZE(b), .feature_mask = fm, .ignore_mask = im }
#define BITS(k, nm, b, sum)                                                     \
	{ .key = k, .name = nm, .summary = sum, .kind = HVABI_KIND_BITMAP,        \
	  .scope = HVABI_SCOPE_VCPU, .width = 4, .bits = b,                       \
	  .nbits = HVABI_ARRAY_SIZE(b) }

/* ---- CPUID.1 ---- */

/* Word 0. */
static const char *const cpuid1_edx_bits[] = {
	"FPU", "VME", "DE", "PSE", "TSC", "MSR", "PAE", "MCE",
	"CX8", "APIC", NULL, "SEP", "MTRR", "PGE", "MCA", "CMOV",
	"PAT", "PSE36", "PN", "CLFLUSH", NULL, "DS", "ACPI", "MMX",
	"FXSR", "XMM", "XMM2", "SELFSNOOP", "HT", "ACC", "IA64", "PBE",
};
/* EDX.APIC follows the guest's APIC_BASE enable bit (kvm_update_cpuid_runtime()). */
#define CPUID1_EDX_RUNTIME (1u << 9)
#define CPUID1_EDX_FEATURES (0xffeffbffu & ~CPUID1_EDX_RUNTIME)

/* Word 4. */
static const char *const cpuid1_ecx_bits[] = {
	"XMM3", "PCLMULQDQ", "DTES64", "MWAIT", "DSCPL", "VMX", "SMX", "EST",
	"TM2", "SSSE3", "CID", "SDBG", "FMA", "CX16", "XTPR", "PDCM",
	NULL, "PCID", "DCA", "XMM4_1", "XMM4_2", "X2APIC", "MOVBE", "POPCNT",
	"TSC_DEADLINE_TIMER", "AES", "XSAVE", "OSXSAVE", "AVX", "F16C", "RDRAND",
	"HYPERVISOR",
};
/* ECX.OSXSAVE mirrors the guest's CR4.OSXSAVE. */
#define CPUID1_ECX_RUNTIME (1u << 27)
#define CPUID1_ECX_FEATURES (0xfffeffffu & ~CPUID1_ECX_RUNTIME)

/* ---- CPUID.7 ---- */

/* Word 9 (bit 22 has no kernel name). */
static const char *const cpuid7_ebx_bits[] = {
	"FSGSBASE", "TSC_ADJUST", "SGX", "BMI1", "HLE", "AVX2", "FDP_EXCPTN_ONLY", "SMEP",
	"BMI2", "ERMS", "INVPCID", "RTM", "CQM", "ZERO_FCS_FDS", "MPX", "RDT_A",
	"AVX512F", "AVX512DQ", "RDSEED", "ADX", "SMAP", "AVX512IFMA", NULL, "CLFLUSHOPT",
	"CLWB", "INTEL_PT", "AVX512PF", "AVX512ER", "AVX512CD", "SHA_NI", "AVX512BW",
	"AVX512VL",
};
#define CPUID7_EBX_FEATURES 0xffbfffffu

/* Word 16. */
static const char *const cpuid7_ecx_bits[] = {
	NULL, "AVX512VBMI", "UMIP", "PKU", "OSPKE", "WAITPKG", "AVX512_VBMI2", "SHSTK",
	"GFNI", "VAES", "VPCLMULQDQ", "AVX512_VNNI", "AVX512_BITALG", "TME",
	"AVX512_VPOPCNTDQ", NULL,
	"LA57", NULL, NULL, NULL, NULL, NULL, "RDPID", NULL,
	"BUS_LOCK_DETECT", "CLDEMOTE", NULL, "MOVDIRI", "MOVDIR64B", "ENQCMD", "SGX_LC",
};
/* ECX.OSPKE mirrors the guest's CR4.PKE. */
#define CPUID7_ECX_RUNTIME (1u << 4)
#define CPUID7_ECX_FEATURES (0x7b417ffeu & ~CPUID7_ECX_RUNTIME)

/* Word 18. */
static const char *const cpuid7_edx_bits[] = {
	NULL, NULL, "AVX512_4VNNIW", "AVX512_4FMAPS", "FSRM", NULL, NULL, NULL,
	"AVX512_VP2INTERSECT", "SRBDS_CTRL", "MD_CLEAR", "RTM_ALWAYS_ABORT", NULL,
	"TSX_FORCE_ABORT", "SERIALIZE", "HYBRID_CPU",
	"TSXLDTRK", NULL, "PCONFIG", "ARCH_LBR", "IBT", NULL, "AMX_BF16", "AVX512_FP16",
	"AMX_TILE", "AMX_INT8", "SPEC_CTRL", "INTEL_STIBP", "FLUSH_L1D", "ARCH_CAPABILITIES",
	"CORE_CAPABILITIES", "SPEC_CTRL_SSBD",
};
#define CPUID7_EDX_FEATURES 0xffddef1cu

/* Word 12. */
static const char *const cpuid7_1_eax_bits[] = {
	"SHA512", "SM3", "SM4", NULL, "AVX_VNNI", "AVX512_BF16", NULL, "CMPCCXADD",
	"ARCH_PERFMON_EXT", NULL, "FZRM", "FSRS", "FSRC", NULL, NULL, NULL,
	NULL, "FRED", "LKGS", "WRMSRNS", NULL, "AMX_FP16", NULL, "AVX_IFMA",
	NULL, NULL, "LAM",
};
#define CPUID7_1_EAX_FEATURES 0x04ae1db7u

/* ---- CPUID.0xd: XSAVE components (enum xfeature) and word 10 ---- */

static const char *const xcr0_bits[] = {
	"FP", "SSE", "YMM", "BNDREGS", "BNDCSR", "OPMASK", "ZMM_Hi256", "Hi16_ZMM",
	"PT", "PKRU", "PASID", "CET_USER", "CET_KERNEL", NULL, NULL, "LBR",
	NULL, "XTILE_CFG", "XTILE_DATA", "APX",
};
#define XFEATURES 0x000e9fffu

static const char *const cpuid_d_1_eax_bits[] = {
	"XSAVEOPT", "XSAVEC", "XGETBV1", "XSAVES", "XFD",
};

static const char *const no_bits[] = { NULL };

/* ---- extended leaves ---- */

/*
 * Word 1, plus the low bits AMD repeats from CPUID.1.EDX, which KVM
 * reports under the word 0 names.
 */
static const char *const ext1_edx_bits[] = {
	"FPU", "VME", "DE", "PSE", "TSC", "MSR", "PAE", "MCE",
	"CX8", "APIC", NULL, "SYSCALL", "MTRR", "PGE", "MCA", "CMOV",
	"PAT", "PSE36", NULL, "MP", "NX", NULL, "MMXEXT", "MMX",
	"FXSR", "FXSR_OPT", "GBPAGES", "RDTSCP", NULL, "LM", "3DNOWEXT", "3DNOW",
};
#define EXT1_EDX_FEATURES 0xefdbfbffu

/* Word 6. */
static const char *const ext1_ecx_bits[] = {
	"LAHF_LM", "CMP_LEGACY", "SVM", "EXTAPIC", "CR8_LEGACY", "ABM", "SSE4A", "MISALIGNSSE",
	"3DNOWPREFETCH", "OSVW", "IBS", "XOP", "SKINIT", "WDT", NULL, "LWP",
	"FMA4", "TCE", NULL, "NODEID_MSR", NULL, "TBM", "TOPOEXT", "PERFCTR_CORE",
	"PERFCTR_NB", NULL, "BPEXT", "PTSC", "PERFCTR_LLC", "MWAITX",
};
#define EXT1_ECX_FEATURES 0x3debbfffu

/* KVM reports only the invariant TSC here (CONSTANT_TSC in KVM's reverse CPUID). */
static const char *const ext7_edx_bits[] = {
	NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "CONSTANT_TSC",
};

/* Word 13. */
static const char *const ext8_ebx_bits[] = {
	"CLZERO", "IRPERF", "XSAVEERPTR", "INVLPGB", "RDPRU", NULL, NULL, NULL,
	NULL, "WBNOINVD", NULL, NULL, "AMD_IBPB", NULL, "AMD_IBRS", "AMD_STIBP",
	NULL, "AMD_STIBP_ALWAYS_ON", NULL, NULL, NULL, NULL, NULL, "AMD_PPIN",
	"AMD_SSBD", "VIRT_SSBD", "AMD_SSB_NO", "CPPC", "AMD_PSFD", "BTC_NO", "AMD_IBPB_RET",
	"BRS",
};
#define EXT8_EBX_FEATURES 0xff82d21fu

/* ---- KVM paravirtual leaves (kvm_para.h) ---- */

static const char *const kvm_pv_bits[] = {
	"CLOCKSOURCE", "NOP_IO_DELAY", "MMU_OP", "CLOCKSOURCE2", "ASYNC_PF", "STEAL_TIME",
	"PV_EOI", "PV_UNHALT", NULL, "PV_TLB_FLUSH", "ASYNC_PF_VMEXIT", "PV_SEND_IPI",
	"POLL_CONTROL", "PV_SCHED_YIELD", "ASYNC_PF_INT", "MSI_EXT_DEST_ID",
	"HC_MAP_GPA_RANGE", "MIGRATION_CONTROL", NULL, NULL, NULL, NULL, NULL, NULL,
	"CLOCKSOURCE_STABLE_BIT",
};

static const char *const kvm_hint_bits[] = { "REALTIME" };

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

static const char *const hv_nested_ebx_bits[] = { "HV_X64_NESTED_EVMCS1_PERF_GLOBAL_CTRL" };

/* ---- MSRs ---- */

/* MSR_IA32_ARCH_CAPABILITIES (msr-index.h ARCH_CAP_*). */
static const char *const arch_cap_bits[] = {
	"RDCL_NO", "IBRS_ALL", "RSBA", "SKIP_VMENTRY_L1DFLUSH", "SSB_NO", "MDS_NO",
	"PSCHANGE_MC_NO", "TSX_CTRL_MSR", "TAA_NO", NULL, NULL, NULL,
	"DOITM", "SBDR_SSDP_NO", "FBSDP_NO", "PSDP_NO", NULL, "FB_CLEAR",
	"FB_CLEAR_CTRL", "RRSBA", "BHI_NO", "XAPIC_DISABLE", NULL, NULL,
	"PBRSB_NO", "GDS_CTRL", "GDS_NO", "RFDS_NO", "RFDS_CLEAR",
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
	LEAF(CPUID_KEY(0x1, 0, EAX), "CPUID.0x1.0x0.eax", EXACT,
	     "family, model and stepping"),
	/* EBX 31:24 is the initial APIC id, different on every vCPU. */
	FEAT(CPUID_KEY(0x1, 0, EBX), "CPUID.0x1.0x0.ebx", no_bits, 0, 0xff000000u,
	     "brand index, CLFLUSH line size, logical processor count"),
	FEAT(CPUID_KEY(0x1, 0, ECX), "CPUID.0x1.0x0.ecx", cpuid1_ecx_bits,
	     CPUID1_ECX_FEATURES, CPUID1_ECX_RUNTIME, "basic features (word 4)"),
	FEAT(CPUID_KEY(0x1, 0, EDX), "CPUID.0x1.0x0.edx", cpuid1_edx_bits,
	     CPUID1_EDX_FEATURES, CPUID1_EDX_RUNTIME, "basic features (word 0)"),
	LEAF(CPUID_KEY(0x7, 0, EAX), "CPUID.0x7.0x0.eax", VERSION,
	     "highest structured-extended-features subleaf"),
	FEAT(CPUID_KEY(0x7, 0, EBX), "CPUID.0x7.0x0.ebx", cpuid7_ebx_bits,
	     CPUID7_EBX_FEATURES, 0, "structured extended features (word 9)"),
	FEAT(CPUID_KEY(0x7, 0, ECX), "CPUID.0x7.0x0.ecx", cpuid7_ecx_bits,
	     CPUID7_ECX_FEATURES, CPUID7_ECX_RUNTIME, "structured extended features (word 16)"),
	FEAT(CPUID_KEY(0x7, 0, EDX), "CPUID.0x7.0x0.edx", cpuid7_edx_bits,
	     CPUID7_EDX_FEATURES, 0, "structured extended features (word 18)"),
	FEAT(CPUID_KEY(0x7, 1, EAX), "CPUID.0x7.0x1.eax", cpuid7_1_eax_bits,
	     CPUID7_1_EAX_FEATURES, 0, "structured extended features, subleaf 1 (word 12)"),
	FEAT(CPUID_KEY(0xd, 0, EAX), "CPUID.0xd.0x0.eax", xcr0_bits, XFEATURES, 0,
	     "XCR0 components KVM supports, bits 31:0"),
	/* The XSAVE area size for the guest's current XCR0: set at run time. */
	FEAT(CPUID_KEY(0xd, 0, EBX), "CPUID.0xd.0x0.ebx", no_bits, 0, 0xffffffffu,
	     "XSAVE area size for the enabled components"),
	FEAT(CPUID_KEY(0xd, 0, EDX), "CPUID.0xd.0x0.edx", no_bits, 0xffffffffu, 0,
	     "XCR0 components KVM supports, bits 63:32"),
	FEAT(CPUID_KEY(0xd, 1, EAX), "CPUID.0xd.0x1.eax", cpuid_d_1_eax_bits, 0x1fu, 0,
	     "XSAVE extensions (word 10)"),
	FEAT(CPUID_KEY(0xd, 1, EBX), "CPUID.0xd.0x1.ebx", no_bits, 0, 0xffffffffu,
	     "XSAVES area size for the enabled components"),
	FEAT(CPUID_KEY(0xd, 1, ECX), "CPUID.0xd.0x1.ecx", xcr0_bits, XFEATURES, 0,
	     "IA32_XSS components KVM supports, bits 31:0"),
	FEAT(CPUID_KEY(0xd, 1, EDX), "CPUID.0xd.0x1.edx", no_bits, 0xffffffffu, 0,
	     "IA32_XSS components KVM supports, bits 63:32"),
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
	FEAT(CPUID_KEY(0x80000001, 0, ECX), "CPUID.0x80000001.0x0.ecx", ext1_ecx_bits,
	     EXT1_ECX_FEATURES, 0, "extended features (word 6)"),
	FEAT(CPUID_KEY(0x80000001, 0, EDX), "CPUID.0x80000001.0x0.edx", ext1_edx_bits,
	     EXT1_EDX_FEATURES, 0, "extended features (word 1)"),
	FEAT(CPUID_KEY(0x80000007, 0, EDX), "CPUID.0x80000007.0x0.edx", ext7_edx_bits,
	     1u << 8, 0, "advanced power management (invariant TSC)"),
	LEAF(CPUID_KEY(0x80000008, 0, EAX), "CPUID.0x80000008.0x0.eax", EXACT,
	     "physical, linear and guest-physical address sizes"),
	FEAT(CPUID_KEY(0x80000008, 0, EBX), "CPUID.0x80000008.0x0.ebx", ext8_ebx_bits,
	     EXT8_EBX_FEATURES, 0, "extended features (word 13)"),
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
	LEAF(HVCPUID_KEY(0x40000002, 0, EAX), "HVCPUID.0x40000002.0x0.eax", EXACT,
	     "Hyper-V build number"),
	LEAF(HVCPUID_KEY(0x40000002, 0, EBX), "HVCPUID.0x40000002.0x0.ebx", EXACT,
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
	LEAF(HVCPUID_KEY(0x40000004, 0, EBX), "HVCPUID.0x40000004.0x0.ebx", EXACT,
	     "Hyper-V spinlock retry count"),
	LEAF(HVCPUID_KEY(0x40000005, 0, EAX), "HVCPUID.0x40000005.0x0.eax", EXACT,
	     "Hyper-V maximum virtual processors (KVM_MAX_VCPUS)"),
	LEAF(HVCPUID_KEY(0x40000005, 0, EBX), "HVCPUID.0x40000005.0x0.ebx", EXACT,
	     "Hyper-V maximum logical processors"),
	FEAT(HVCPUID_KEY(0x4000000A, 0, EAX), "HVCPUID.0x4000000a.0x0.eax", hv_nested_eax_bits,
	     HV_NESTED_EAX_FEATURES, 0, "nested features: eVMCS version range and flags"),
	BITS(HVCPUID_KEY(0x4000000A, 0, EBX), "HVCPUID.0x4000000a.0x0.ebx", hv_nested_ebx_bits,
	     "nested features #2 (eVMCS fields gated on guest CPUID)"),
	/* Feature MSRs. */
	MSR(0x8b, "MSR_IA32_UCODE_REV", EXACT, HVABI_CATALOG_READ_ONLY,
	    "microcode revision (a host fact; guests may read it)"),
	{
		.key = { HVABI_NS_MSR, 0, 0, 0x10a },
		.name = "MSR_IA32_ARCH_CAPABILITIES",
		.summary = "speculation and mitigation properties (ARCH_CAP_*)",
		.kind = HVABI_KIND_BITMAP, .scope = HVABI_SCOPE_VCPU, .width = 8,
		.bits = arch_cap_bits, .nbits = HVABI_ARRAY_SIZE(arch_cap_bits),
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
};

const struct hvabi_cat_table hvabi_cat_x86_64 = {
	.arch = HVABI_ARCH_X86_64,
	.rows = rows,
	.n = HVABI_ARRAY_SIZE(rows),
};
