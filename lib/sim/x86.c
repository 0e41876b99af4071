/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The simulated x86 KVM on an SVM (AMD) host: models x86-6.1, x86-6.12
 * and x86-7.2. Rules follow arch/x86/kvm/x86.c (kvm_arch_dev_ioctl,
 * kvm_arch_vm_ioctl, kvm_arch_vcpu_ioctl, msr_io, kvm_set_msr_common,
 * kvm_get_msr_common, kvm_set_tsc_khz), arch/x86/kvm/cpuid.c
 * (kvm_set_cpu_caps / kvm_initialize_cpu_caps, __do_cpuid_func,
 * kvm_dev_ioctl_get_cpuid, kvm_set_cpuid, kvm_vcpu_ioctl_get_cpuid2),
 * arch/x86/kvm/svm/svm.c (svm_set_cpu_caps, svm_set_msr) and
 * arch/x86/kvm/hyperv.c (kvm_get_hv_cpuid) of the Debian kernels the
 * kernel lab boots: 6.1.0-57 (6.1.192, sources read: 6.1.176), 6.12.118
 * (read: 6.12.107) and 7.2.13 (read: 7.2.8). "6.1", "6.12" and "7.2"
 * below mean those series.
 *
 * What is the host's and what is the kernel's (tests/kernels/README.md):
 * the host's CPUID leaves as KVM reports them, the feature MSR values
 * (UCODE_REV, ARCH_CAPABILITIES, DE_CFG), the TSC rate, whether SMT is
 * possible and the capabilities marked SIM_CAP_HOST are the host's
 * (hvabi_sim_set_host()); which leaves KVM_GET_SUPPORTED_CPUID lists, the
 * bits it never reports, forces or computes, the Hyper-V leaves, the
 * feature MSR list, every capability and errno are the kernel's.
 *
 * Not modelled (they answer as ioctls the kernel does not know): vCPU
 * registers (KVM_GET/SET_REGS, SREGS, ...), an in-kernel irqchip (a
 * simulated vCPU has no local APIC), KVM_X86_GET_MCE_CAP_SUPPORTED, MSRs
 * beyond the list below, Hyper-V SynIC and TLB-flush capabilities, VM
 * capabilities other than KVM_CAP_EXIT_HYPERCALL, the contents of
 * KVM_GET_MSR_INDEX_LIST (the Milan fingerprint's MSRs), the leaves of
 * Intel features (0x12, 0x14, 0x1d, 0x1e, 0x24: the host's as given).
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sim-internal.h"

/* KVM_X86_GRP_SYSTEM / KVM_X86_XCOMP_GUEST_SUPP (/dev/kvm attributes) */
#define X86_GRP_SYSTEM 0
#define X86_XCOMP_GUEST_SUPP 0
/* KVM_GET_EMULATED_CPUID's leaves name MOVBE (1.ECX) and RDPID (7.0.ECX) */
#define X86_FEATURE_BIT_MOVBE (1u << 22)
#define X86_FEATURE_BIT_RDPID (1u << 22)
#define CPUID_80000001_EDX_RDTSCP (1u << 27)

#define BIT32(n) (1u << (n))
#define EAX 0
#define EBX 1
#define ECX 2
#define EDX 3

/* The feature MSRs (arch/x86/include/asm/msr-index.h). */
#define MSR_IA32_UCODE_REV 0x8b
#define MSR_PLATFORM_INFO 0xce
#define MSR_ARCH_CAPABILITIES 0x10a
#define MSR_PERF_CAPABILITIES 0x345
#define MSR_AMD64_DE_CFG 0xc0011029
/* MSR_PLATFORM_INFO_CPUID_FAULT */
#define PLATFORM_INFO_CPUID_FAULT 0x80000000ull

/* KVM_REG_X86 | KVM_X86_REG_TYPE_MSR << 32 | KVM_REG_SIZE_U64 (7.2 uapi asm/kvm.h) */
#define X86_REG_ARCH_MASK 0xff00000000000000ull
#define X86_REG_X86 0x2000000000000000ull
#define X86_REG_SIZE_MASK 0x00f0000000000000ull
#define X86_REG_SIZE_U64 0x0030000000000000ull
#define X86_REG_TYPE_MSR 2
#define X86_REG_TYPE_KVM 3

/* KVM_EXIT_HYPERCALL_VALID_MASK: BIT(KVM_HC_MAP_GPA_RANGE) */
#define EXIT_HYPERCALL_VALID_MASK 0x1000ull

/* Capabilities the x86 models derive (SIM_CAP_DERIVED) */
#define CAP_X2APIC_API 129
#define CAP_XSAVE2 208
#define CAP_MEMORY_ATTRIBUTES 233
#define CAP_GUEST_MEMFD 234
#define CAP_VM_TYPES 235

static enum sim_x86_series series_of(const struct hvabi_sim *sim)
{
	return (enum sim_x86_series)sim->model->x86->series;
}

/*
 * The guest MSRs a vCPU keeps, with their values at vCPU creation: those
 * the Milan fingerprint saves (a subset of msrs_to_save and
 * emulated_msrs), with IA32_UCODE_REV as __svm_vcpu_reset() sets it
 * (0x01000065, svm/svm.c, 6.1 to 7.2) and PLATFORM_INFO as
 * kvm_arch_vcpu_create() does (CPUID_FAULT, x86.c); ARCH_CAPABILITIES,
 * PERF_CAPABILITIES and DE_CFG follow (hvabi_sim_x86_vcpu_init()).
 */
static const struct sim_msr guest_msrs[] = {
	/* MSR_IA32_TSC (msrs_to_save_base[], unfiltered): a counter in a real kernel, 0 here */
	{ 0x10, 0 },
	{ 0x11, 0 }, { 0x12, 0 }, { 0x34, 0 }, { 0x3b, 0 }, { 0x48, 0 },
	{ 0x8b, 0x01000065 }, { 0x9e, 0x30000 }, { 0xce, PLATFORM_INFO_CPUID_FAULT }, { 0x140, 0 },
	{ 0x174, 0 }, { 0x175, 0 }, { 0x176, 0 }, { 0x1a0, 0x1 }, { 0x1fc, 0 },
	{ 0x277, 0x0007040600070406ull }, { 0x4b564d00, 0 }, { 0x4b564d01, 0 },
	{ 0x4b564d02, 0 }, { 0x4b564d03, 0 }, { 0x4b564d04, 0 }, { 0x4b564d05, 0x1 },
	{ 0x4b564d06, 0 }, { 0x4b564d07, 0 }, { 0xc0000081, 0 }, { 0xc0000082, 0 },
	{ 0xc0000083, 0 }, { 0xc0000084, 0 }, { 0xc0000102, 0 }, { 0xc0000103, 0 },
	{ 0xc0000104, 0x100000000ull }, { 0xc0010015, 0 }, { 0xc0010117, 0 },
	{ 0xc001011f, 0 },
};

/*
 * msr_based_features_all[] (6.1) / msr_based_features_all_except_vmx[]
 * (6.12, 7.2) in x86.c, as kvm_init_msr_lists() keeps them on SVM (no
 * emulated VMX MSRs): 7.2 added MSR_PLATFORM_INFO.
 */
static const uint32_t feature_msrs_61[] = {
	MSR_AMD64_DE_CFG, MSR_IA32_UCODE_REV, MSR_ARCH_CAPABILITIES, MSR_PERF_CAPABILITIES,
};
static const uint32_t feature_msrs_72[] = {
	MSR_AMD64_DE_CFG, MSR_IA32_UCODE_REV, MSR_ARCH_CAPABILITIES, MSR_PERF_CAPABILITIES,
	MSR_PLATFORM_INFO,
};

static const uint32_t *feature_msr_list(const struct hvabi_sim *sim, size_t *n)
{
	if (series_of(sim) >= SIM_X86_72) {
		*n = HVABI_ARRAY_SIZE(feature_msrs_72);
		return feature_msrs_72;
	}
	*n = HVABI_ARRAY_SIZE(feature_msrs_61);
	return feature_msrs_61;
}

static bool is_feature_msr(const struct hvabi_sim *sim, uint32_t index)
{
	size_t n;
	const uint32_t *l = feature_msr_list(sim, &n);

	for (size_t i = 0; i < n; i++)
		if (l[i] == index)
			return true;
	return false;
}

static uint64_t host_msr(const struct hvabi_sim *sim, uint32_t index)
{
	for (size_t i = 0; i < sim->host.nmsrs; i++)
		if (sim->host.msrs[i].index == index)
			return sim->host.msrs[i].value;
	return 0;
}

/*
 * kvm_get_msr_feature() on SVM: PERF_CAPABILITIES is
 * kvm_caps.supported_perf_cap, which svm_set_cpu_caps() zeroes (6.1 to
 * 7.2); PLATFORM_INFO is MSR_PLATFORM_INFO_CPUID_FAULT (7.2); the others
 * are the host's.
 */
static int feature_msr_value(const struct hvabi_sim *sim, uint32_t index, uint64_t *v)
{
	if (!is_feature_msr(sim, index))
		return -ENOENT;
	if (index == MSR_PERF_CAPABILITIES)
		*v = 0;
	else if (index == MSR_PLATFORM_INFO)
		*v = PLATFORM_INFO_CPUID_FAULT;
	else
		*v = host_msr(sim, index);
	return 0;
}

int hvabi_sim_x86_init_host(struct hvabi_sim *sim)
{
	const struct sim_x86_model *x = sim->model->x86;

	if (x->ncpuid > SIM_X86_MAX_CPUID || x->nfeature_msrs > SIM_X86_MAX_FEATURE_MSRS)
		return -EINVAL;
	memcpy(sim->host.cpuid, x->cpuid, x->ncpuid * sizeof(*x->cpuid));
	sim->host.ncpuid = x->ncpuid;
	memcpy(sim->host.msrs, x->feature_msrs,
	       x->nfeature_msrs * sizeof(*x->feature_msrs));
	sim->host.nmsrs = x->nfeature_msrs;
	sim->host.smt = x->smt;
	/* A 2.6 GHz TSC; hvabi_sim_set_host(TSC_KHZ) sets another. */
	sim->host.tsc_khz = 2600000;
	return 0;
}

/* ------------------------------------------------------------ host CPUID */

static const struct sim_cpuid_leaf *host_leaf(const struct hvabi_sim *sim, uint32_t fn,
					      uint32_t index)
{
	for (size_t i = 0; i < sim->host.ncpuid; i++)
		if (sim->host.cpuid[i].function == fn && sim->host.cpuid[i].index == index)
			return &sim->host.cpuid[i];
	return NULL;
}

static uint32_t host_reg(const struct hvabi_sim *sim, uint32_t fn, uint32_t index, int reg)
{
	const struct sim_cpuid_leaf *l = host_leaf(sim, fn, index);

	return l ? l->regs[reg] : 0;
}

/* A host leaf to write: found, or added (zeros) when there is room. */
static struct sim_cpuid_leaf *host_leaf_add(struct hvabi_sim *sim, uint32_t fn, uint32_t index)
{
	struct sim_cpuid_leaf *l = (struct sim_cpuid_leaf *)host_leaf(sim, fn, index);

	if (l)
		return l;
	if (sim->host.ncpuid >= SIM_X86_MAX_CPUID)
		return NULL;
	l = &sim->host.cpuid[sim->host.ncpuid++];
	memset(l, 0, sizeof(*l));
	l->function = fn;
	l->index = index;
	return l;
}

/* Hyper-V leaf 0x40000004 EAX: HV_X64_NO_NONARCH_CORESHARING (hyperv.c) */
#define HV_NO_NONARCH_CORESHARING BIT32(18)

int hvabi_sim_x86_set_host(struct hvabi_sim *sim, const struct hvabi_key *key, uint64_t v)
{
	struct sim_cpuid_leaf *leaf;

	switch (key->ns) {
	case HVABI_NS_CPUID:
		if (key->sel > HVABI_CPUID_EDX)
			return -ENOENT;
		if (v >> 32)
			return -EINVAL;
		if (key->id & HVABI_CPUID_TABLE_HYPERV) {
			/*
			 * kvm_get_hv_cpuid() (hyperv.c, 6.1 to 7.2) builds every
			 * leaf itself; the one host fact in it is
			 * cpu_smt_possible() (NO_NONARCH_CORESHARING in
			 * 0x40000004 EAX). The other bits of the value are the
			 * kernel's and not taken.
			 */
			if ((uint32_t)key->id != 0x40000004 || key->sub || key->sel != HVABI_CPUID_EAX)
				return -ENOENT;
			sim->host.smt = !(v & HV_NO_NONARCH_CORESHARING);
			return 0;
		}
		if (key->id >> 32)
			return -ENOENT;
		/* the host's leaf; a leaf the model's host lacks is added */
		leaf = host_leaf_add(sim, (uint32_t)key->id, key->sub);
		if (!leaf)
			return -ENOSPC;
		leaf->regs[key->sel] = (uint32_t)v;
		return 0;
	case HVABI_NS_VCPU_VALUE:
		if (key->id != HVABI_VCPU_VALUE_TSC_KHZ || key->sel || key->sub)
			return -ENOENT;
		if (!v || v > INT32_MAX)
			return -EINVAL;
		sim->host.tsc_khz = (uint32_t)v;
		return 0;
	case HVABI_NS_MSR:
		if (key->sel || key->sub)
			return -ENOENT;
		/* PERF_CAPABILITIES and PLATFORM_INFO are the kernel's (feature_msr_value) */
		for (size_t i = 0; i < sim->host.nmsrs; i++) {
			if (sim->host.msrs[i].index != key->id)
				continue;
			sim->host.msrs[i].value = v;
			return 0;
		}
		return -ENOENT;
	default:
		return -ENOENT;
	}
}

/* -------------------------------------------- KVM_GET_SUPPORTED_CPUID */

/*
 * What __do_cpuid_func() does to one register of a host leaf:
 * (host & keep) | set, per series. The masks are kvm_cpu_caps: the bits
 * kvm_set_cpu_caps() (6.1, 6.12) / kvm_initialize_cpu_caps() (7.2) in
 * cpuid.c and svm_set_cpu_caps() in svm/svm.c may report (keep) and
 * those they report whatever the host has (set: kvm_cpu_cap_set(),
 * EMULATED_F()). svm_set_cpu_caps() is an SVM host's: VMX, SGX, SGX_LC,
 * INTEL_PT, BUS_LOCK_DETECT and MSR_IMM are never reported.
 */
struct cpuid_mask {
	uint32_t function, index;
	uint8_t reg;
	uint32_t keep[3], set[3]; /* by enum sim_x86_series */
};

#define ALL3(x) { (x), (x), (x) }

static const struct cpuid_mask cpuid_masks[] = {
	/* 1.ECX: X2APIC always (emulated); 7.2 adds TSC_DEADLINE_TIMER and HYPERVISOR (EMULATED_F) */
	{ 0x1, 0, ECX, { 0x76fab207, 0x76fab207, 0xf7fab207 },
	  { BIT32(21), BIT32(21), BIT32(21) | BIT32(24) | BIT32(31) } },
	{ 0x1, 0, EDX, ALL3(0x0fabfbff), ALL3(0) },
	/* 7.0.EBX: TSC_ADJUST always (emulated); SGX and INTEL_PT are VMX's */
	{ 0x7, 0, EBX, ALL3(0xfdbf6ffb), ALL3(BIT32(1)) },
	/* 7.0.ECX: 7.2 adds SHSTK; BUS_LOCK_DETECT (cleared by svm_set_cpu_caps) and SGX_LC are VMX's */
	{ 0x7, 0, ECX, { 0x1a415f6e, 0x1a415f6e, 0x1a415fee }, ALL3(0) },
	/* 7.0.EDX: ARCH_CAPABILITIES always (emulated); 6.12 adds FLUSH_L1D, 7.2 IBT */
	{ 0x7, 0, EDX, { 0xafc1451c, 0xbfc1451c, 0xbfd1451c }, ALL3(BIT32(29)) },
	{ 0x7, 1, EAX, { 0x00000030, 0x04a01cb0, 0x84ac1cb7 }, ALL3(0) },
	{ 0x7, 1, EBX, ALL3(0), ALL3(0) },
	/* 7.1.ECX: MSR_IMM (7.2) is cleared on SVM */
	{ 0x7, 1, ECX, ALL3(0), ALL3(0) },
	{ 0x7, 1, EDX, { 0, 0x00084130, 0x00084530 }, ALL3(0) },
	{ 0x7, 2, EAX, ALL3(0), ALL3(0) },
	{ 0x7, 2, EBX, ALL3(0), ALL3(0) },
	{ 0x7, 2, ECX, ALL3(0), ALL3(0) },
	{ 0x7, 2, EDX, ALL3(0x3f), ALL3(0) },
	{ 0xd, 1, EAX, ALL3(0x1f), ALL3(0) },
	/* 0x80000001: EBX[27:16] cleared; SVM reported with nested=1 (svm_set_cpu_caps) */
	{ 0x80000001, 0, EBX, ALL3(0xf000ffff), ALL3(0) },
	{ 0x80000001, 0, ECX, ALL3(0x00e10bf7), ALL3(BIT32(2)) },
	{ 0x80000001, 0, EDX, ALL3(0xefd3fbff), ALL3(0) },
	/* 0x80000006: EDX[17:16] cleared */
	{ 0x80000006, 0, EDX, ALL3(0xfffcffff), ALL3(0) },
	/* 0x80000007: only EDX.CONSTANT_TSC (invariant TSC) */
	{ 0x80000007, 0, EAX, ALL3(0), ALL3(0) },
	{ 0x80000007, 0, EBX, ALL3(0), ALL3(0) },
	{ 0x80000007, 0, ECX, ALL3(0), ALL3(0) },
	{ 0x80000007, 0, EDX, ALL3(0x100), ALL3(0) },
	/* 0x80000008: ECX[31:16] and [11:8] cleared, EDX 0; 7.2 adds EBX bits 19, 20, 30 */
	{ 0x80000008, 0, EBX, { 0x1702d205, 0x1702d205, 0x571ad205 }, ALL3(0) },
	{ 0x80000008, 0, ECX, ALL3(0x0000f0ff), ALL3(0) },
	{ 0x80000008, 0, EDX, ALL3(0), ALL3(0) },
	/*
	 * 0x8000000A (svm_set_cpu_caps with nested=1): EAX 1, EBX 8 (ASIDs),
	 * ECX 0; VMCBCLEAN and SVME_ADDR_CHK always, FLUSHBYASID always
	 * since 6.12 ("KVM currently flushes TLBs on *every* nested SVM
	 * transition"); NPT, NRIPS, TSCRATEMSR, LBRV, V_VMSAVE_VMLOAD,
	 * PAUSEFILTER, PFTHRESHOLD, VGIF (and VNMI since 6.12, GMET in 7.2)
	 * only when the host has them.
	 */
	{ 0x8000000a, 0, EAX, ALL3(0), ALL3(1) },
	{ 0x8000000a, 0, EBX, ALL3(0), ALL3(8) },
	{ 0x8000000a, 0, ECX, ALL3(0), ALL3(0) },
	{ 0x8000000a, 0, EDX, { 0x1001943b, 0x1201947b, 0x1203947b },
	  { BIT32(5) | BIT32(28), BIT32(5) | BIT32(6) | BIT32(28),
	    BIT32(5) | BIT32(6) | BIT32(28) } },
	{ 0x80000019, 0, ECX, ALL3(0), ALL3(0) },
	{ 0x80000019, 0, EDX, ALL3(0), ALL3(0) },
	{ 0x8000001a, 0, EAX, ALL3(7), ALL3(0) },
	{ 0x8000001a, 0, EBX, ALL3(0), ALL3(0) },
	{ 0x8000001a, 0, ECX, ALL3(0), ALL3(0) },
	{ 0x8000001a, 0, EDX, ALL3(0), ALL3(0) },
	/*
	 * 0x80000021.EAX: NO_SMM_CTL_MSR always (6.1.176+: cpuid.c sets
	 * BIT(9); 6.12 kvm_cpu_cap_set; 7.2 EMULATED_F), 7.2 adds
	 * GP_ON_USER_CPUID (EMULATED_F); EBX 0 (7.2: RAP size with ERAPS,
	 * which no SVM host of the lab has), ECX the TSA bits, EDX 0.
	 */
	{ 0x80000021, 0, EAX, { 0x20000265, 0x78000367, 0x79920367 },
	  { BIT32(9), BIT32(9), BIT32(9) | BIT32(17) } },
	{ 0x80000021, 0, EBX, ALL3(0), ALL3(0) },
	{ 0x80000021, 0, ECX, ALL3(0x6), ALL3(0) },
	{ 0x80000021, 0, EDX, ALL3(0), ALL3(0) },
};

/* The functions __do_cpuid_func() has a case for; any other reads as zeros (default:). */
static bool handled(enum sim_x86_series s, uint32_t fn)
{
	switch (fn) {
	case 0x0: case 0x1: case 0x2: case 0x4: case 0x6: case 0x7: case 0xa: case 0xb:
	case 0xd: case 0x12: case 0x14: case 0x1d: case 0x1e: case 0x1f:
	case 0x40000000: case 0x40000001:
	case 0x80000000: case 0x80000001: case 0x80000006: case 0x80000007:
	case 0x80000008: case 0x8000000a: case 0x80000019: case 0x8000001a:
	case 0x8000001d: case 0x8000001f: case 0x80000021:
		return true;
	/* 6.12 added the cases 0x24, 0x80000005 (host L1 caches) and 0x80000022 */
	case 0x24: case 0x80000005: case 0x80000022:
		return s >= SIM_X86_612;
	default:
		/* 0x8000001e (no topology since 6.1.7) and 0x80000020 zero too */
		return false;
	}
}

/* cpuid_function_is_indexed() (cpuid.c / asm/cpuid.h) */
static bool indexed(uint32_t fn)
{
	switch (fn) {
	case 0x4: case 0x7: case 0xb: case 0xd: case 0xf: case 0x10: case 0x12: case 0x14:
	case 0x17: case 0x18: case 0x1d: case 0x1e: case 0x1f: case 0x24: case 0x8000001d:
		return true;
	default:
		return false;
	}
}

/* KVM_FEATURE_* of KVM_CPUID_FEATURES (__do_cpuid_func, 6.1 to 7.2; STEAL_TIME: sched_info_on()) */
#define KVM_CPUID_FEATURES_EAX 0x01007efbu

/* One register as __do_cpuid_func() leaves it, before the leaf's own rules below. */
static uint32_t masked(enum sim_x86_series s, uint32_t fn, uint32_t index, int reg, uint32_t v)
{
	for (size_t i = 0; i < HVABI_ARRAY_SIZE(cpuid_masks); i++) {
		const struct cpuid_mask *m = &cpuid_masks[i];

		if (m->function == fn && m->index == index && m->reg == reg)
			return (v & m->keep[s]) | m->set[s];
	}
	return v;
}

struct cpuid_out {
	struct sim_cpuid_leaf *t;
	size_t n, max;
	bool full;
};

static void emit(const struct hvabi_sim *sim, struct cpuid_out *o, uint32_t fn, uint32_t index)
{
	enum sim_x86_series s = series_of(sim);
	struct sim_cpuid_leaf *e;

	if (o->n >= o->max) {
		o->full = true;
		return;
	}
	e = &o->t[o->n++];
	memset(e, 0, sizeof(*e));
	e->function = fn;
	e->index = index;
	e->flags = indexed(fn) ? HVABI_KVM_CPUID_FLAG_SIGNIFCANT_INDEX : 0;
	if (!handled(s, fn))
		return;
	for (int r = 0; r < 4; r++)
		e->regs[r] = masked(s, fn, index, r, host_reg(sim, fn, index, r));
	switch (fn) {
	case 0x0:
		/* the basic range: min(host, 0x1f) in 6.1, min(host, 0x24) since 6.12 */
		e->regs[EAX] = e->regs[EAX] < (s >= SIM_X86_612 ? 0x24u : 0x1fu) ?
			e->regs[EAX] : (s >= SIM_X86_612 ? 0x24u : 0x1fu);
		break;
	case 0x6:
		/* Thermal management: ARAT only (the emulated LAPIC timer) */
		e->regs[EAX] = 0x4;
		e->regs[EBX] = e->regs[ECX] = e->regs[EDX] = 0;
		break;
	case 0x7:
		/* KVM supports up to 0x7.2 (6.1.176+) */
		if (index == 0 && e->regs[EAX] > 2)
			e->regs[EAX] = 2;
		break;
	case 0xb:
	case 0x1f:
		/* no topology (6.1.7+): EDX, the x2APIC ID of the CPU, stays */
		e->regs[EAX] = e->regs[EBX] = e->regs[ECX] = 0;
		break;
	case 0x12:
	case 0x14:
		/* SGX and Intel PT are VMX's: one zero leaf */
		memset(e->regs, 0, sizeof(e->regs));
		break;
	case 0x40000000:
		/* KVM_CPUID_SIGNATURE: "KVMKVMKVM\0\0\0", highest leaf KVM_CPUID_FEATURES */
		e->regs[EAX] = 0x40000001;
		e->regs[EBX] = 0x4b4d564b;
		e->regs[ECX] = 0x564b4d56;
		e->regs[EDX] = 0x0000004d;
		break;
	case 0x40000001:
		e->regs[EAX] = KVM_CPUID_FEATURES_EAX;
		e->regs[EBX] = e->regs[ECX] = e->regs[EDX] = 0;
		break;
	case 0x80000000: {
		/* the extended range: min(host, 0x80000021) in 6.1, 0x80000022 since 6.12 */
		uint32_t lim = s >= SIM_X86_612 ? 0x80000022u : 0x80000021u;

		if (e->regs[EAX] > lim)
			e->regs[EAX] = lim;
		break;
	}
	case 0x80000008: {
		/*
		 * EAX: PhysAddrSize as the host's, virtual at least 48; since
		 * 6.12 GuestPhysAddrSize [23:16] is the physical size capped
		 * at 48 (no 5-level NPT) with NPT, 0 without (cpuid.c).
		 */
		uint32_t phys = e->regs[EAX] & 0xff, virt = (e->regs[EAX] >> 8) & 0xff, g = 0;
		bool npt = masked(s, 0x8000000a, 0, EDX, host_reg(sim, 0x8000000a, 0, EDX)) & 1;

		if (virt < 48)
			virt = 48;
		if (s >= SIM_X86_612 && npt)
			g = phys < 48 ? phys : 48;
		e->regs[EAX] = phys | (virt << 8) | (g << 16);
		break;
	}
	default:
		break;
	}
}

/* The leaf's subleaves as __do_cpuid_func() emits them. */
static void emit_function(const struct hvabi_sim *sim, struct cpuid_out *o, uint32_t fn)
{
	uint64_t xcr0, xss;
	uint32_t i, max;

	switch (fn) {
	case 0x4:
	case 0x8000001d:
		/* until the cache type of the previous subleaf is 0 */
		for (i = 0; !o->full; i++) {
			emit(sim, o, fn, i);
			if (!(host_reg(sim, fn, i, EAX) & 0x1f))
				break;
		}
		return;
	case 0x7:
		max = host_reg(sim, 0x7, 0, EAX);
		if (max > 2)
			max = 2;
		for (i = 0; i <= max; i++)
			emit(sim, o, fn, i);
		return;
	case 0xd:
		/* 0, 1 and every permitted XCR0 / XSS component with a size */
		emit(sim, o, fn, 0);
		xcr0 = ((uint64_t)o->t[o->n - 1].regs[EDX] << 32) | o->t[o->n - 1].regs[EAX];
		if (!xcr0)
			return;
		emit(sim, o, fn, 1);
		xss = ((uint64_t)host_reg(sim, 0xd, 1, EDX) << 32) | host_reg(sim, 0xd, 1, ECX);
		for (i = 2; i < 64; i++)
			if (((xcr0 | xss) >> i) & 1 && host_reg(sim, 0xd, i, EAX))
				emit(sim, o, fn, i);
		return;
	case 0x1d:
	case 0x1e:
	case 0x24: {
		/* AMX (7.0.EDX bit 24) and AVX10 (7.1.EDX bit 19) leaves: the host's subleaves */
		bool has = fn == 0x24 ? (masked(series_of(sim), 7, 1, EDX, host_reg(sim, 7, 1, EDX)) &
					 BIT32(19)) :
					(masked(series_of(sim), 7, 0, EDX, host_reg(sim, 7, 0, EDX)) &
					 BIT32(24));

		max = has ? host_reg(sim, fn, 0, EAX) : 0;
		for (i = 0; i <= max && i < 8; i++)
			emit(sim, o, fn, i);
		return;
	}
	default:
		emit(sim, o, fn, 0);
		return;
	}
}

/*
 * kvm_dev_ioctl_get_cpuid(): the basic range, the extended range, then
 * 0x40000000-0x40000001 (funcs[], Centaur's range only on Centaur), each
 * up to the EAX of its base leaf as reported.
 */
static size_t build_supported(const struct hvabi_sim *sim, struct sim_cpuid_leaf *t, size_t max,
			      bool *full)
{
	static const uint32_t bases[] = { 0x0, 0x80000000, 0x40000000 };
	struct cpuid_out o = { t, 0, max, false };

	for (size_t b = 0; b < HVABI_ARRAY_SIZE(bases) && !o.full; b++) {
		uint32_t limit;

		if (bases[b] == 0x80000000 && !host_leaf(sim, 0x80000000, 0))
			continue;
		emit(sim, &o, bases[b], 0);
		if (o.full)
			break;
		limit = o.t[o.n - 1].regs[EAX];
		for (uint32_t fn = bases[b] + 1; fn <= limit && !o.full; fn++)
			emit_function(sim, &o, fn);
	}
	*full = o.full;
	return o.n;
}

/* A register of the supported table (0 when the leaf is absent). */
static uint32_t supported_reg(const struct hvabi_sim *sim, uint32_t fn, uint32_t index, int reg)
{
	if (!handled(series_of(sim), fn))
		return 0;
	return masked(series_of(sim), fn, index, reg, host_reg(sim, fn, index, reg));
}

static void leaf_to_entry(const struct sim_cpuid_leaf *l, struct hvabi_kvm_cpuid_entry2 *e)
{
	memset(e, 0, sizeof(*e));
	e->function = l->function;
	e->index = l->index;
	e->flags = l->flags;
	e->eax = l->regs[0];
	e->ebx = l->regs[1];
	e->ecx = l->regs[2];
	e->edx = l->regs[3];
}

/*
 * kvm_dev_ioctl_get_cpuid(): no room for even one entry is E2BIG, more
 * than KVM_MAX_CPUID_ENTRIES is quietly clamped (api.rst's ENOMEM is
 * only a failed allocation), too few for the table is E2BIG; nent is
 * written back only on success.
 */
static int get_supported_cpuid(const struct hvabi_sim *sim, struct hvabi_kvm_cpuid2 *c)
{
	struct sim_cpuid_leaf *t;
	uint32_t room;
	bool full;
	size_t n;

	if (!c)
		return -EFAULT;
	room = c->nent;
	if (room < 1)
		return -E2BIG;
	if (room > SIM_X86_MAX_CPUID_ENTRIES)
		room = SIM_X86_MAX_CPUID_ENTRIES;
	t = calloc(room, sizeof(*t));
	if (!t)
		return -ENOMEM;
	n = build_supported(sim, t, room, &full);
	if (full) {
		free(t);
		return -E2BIG;
	}
	for (size_t i = 0; i < n; i++)
		leaf_to_entry(&t[i], &c->entries[i]);
	c->nent = (uint32_t)n;
	free(t);
	return 0;
}

/*
 * KVM_GET_EMULATED_CPUID (__do_cpuid_func_emulated, cpuid.c; 7.2
 * cpuid_func_emulated): 0 (EAX 7), 1 (MOVBE), 7 (RDPID when KVM reports
 * RDTSCP). Every function of the ranges first checks for room, so the
 * extended range's base (which adds nothing) needs a fourth slot:
 * nent 3 is E2BIG.
 */
static int get_emulated_cpuid(const struct hvabi_sim *sim, struct hvabi_kvm_cpuid2 *c)
{
	struct sim_cpuid_leaf t[3] = {
		{ 0, 0, 0, { 7, 0, 0, 0 } },
		{ 1, 0, 0, { 0, 0, X86_FEATURE_BIT_MOVBE, 0 } },
		{ 7, 0, HVABI_KVM_CPUID_FLAG_SIGNIFCANT_INDEX, { 0, 0, 0, 0 } },
	};
	uint32_t room;

	if (!c)
		return -EFAULT;
	if (c->nent < 1)
		return -E2BIG;
	/* sanity_check_entries(): the caller's padding words must be zero */
	room = c->nent > SIM_X86_MAX_CPUID_ENTRIES ? SIM_X86_MAX_CPUID_ENTRIES : c->nent;
	for (uint32_t i = 0; i < room; i++)
		if (c->entries[i].padding[0] || c->entries[i].padding[1] ||
		    c->entries[i].padding[2])
			return -EINVAL;
	if (supported_reg(sim, 0x80000001, 0, EDX) & CPUID_80000001_EDX_RDTSCP)
		t[2].regs[2] = X86_FEATURE_BIT_RDPID;
	if (room <= HVABI_ARRAY_SIZE(t))
		return -E2BIG;
	for (size_t i = 0; i < HVABI_ARRAY_SIZE(t); i++)
		leaf_to_entry(&t[i], &c->entries[i]);
	c->nent = HVABI_ARRAY_SIZE(t);
	return 0;
}

/* ------------------------------------------------- KVM_GET_SUPPORTED_HV_CPUID */

/* HYPERV_CPUID_* (hyperv-tlfs.h) */
#define HV_FEATURES_EAX_61 0x00002affu  /* VP_RUNTIME .. REFERENCE_TSC, FREQUENCY_MSRS, REENLIGHTENMENT */
#define HV_ACCESS_TSC_INVARIANT BIT32(15)
#define HV_FEATURES_EBX_61 0x00000830u  /* POST_MESSAGES, SIGNAL_EVENTS, DEBUGGING */
#define HV_ENABLE_EXTENDED_HYPERCALLS BIT32(20)
#define HV_FEATURES_EDX_61 0x00000d12u  /* GUEST_DEBUGGING, XMM_INPUT, FREQUENCY, CRASH, DEBUG_MSRS */
#define HV_FEATURE_EXT_GVA_RANGES_FLUSH BIT32(14)
#define HV_STIMER_DIRECT_MODE_AVAILABLE BIT32(19)
#define HV_ENLIGHTMENT_EAX 0x00000a2cu  /* TLB_FLUSH, APIC, RELAXED, EX_PROCESSOR_MASKS, DEPRECATING_AEOI */
#define HV_X64_CLUSTER_IPI_RECOMMENDED BIT32(10)
#define HV_X64_NESTED_DIRECT_FLUSH BIT32(17)
#define HV_X64_NESTED_MSR_BITMAP BIT32(19)

/*
 * kvm_get_hv_cpuid() (hyperv.c): ten leaves in this order, all the
 * kernel's; 6.12 added HV_ACCESS_TSC_INVARIANT, HV_ENABLE_EXTENDED_HYPERCALLS,
 * HV_FEATURE_EXT_GVA_RANGES_FLUSH and HV_X64_NESTED_DIRECT_FLUSH; the
 * vCPU limit is KVM_MAX_VCPUS (1024 in 6.1, 4096 since 6.12). Direct
 * synthetic timers and cluster IPIs are offered on /dev/kvm and on a vCPU
 * with an in-kernel local APIC only (a simulated vCPU has none).
 */
static size_t hv_cpuid(const struct hvabi_sim *sim, bool on_vcpu, struct sim_cpuid_leaf *t)
{
	bool new612 = series_of(sim) >= SIM_X86_612;
	bool lapic = !on_vcpu;
	size_t n = 0;

#define HVL(fn, a, b, c, d) (t[n++] = (struct sim_cpuid_leaf){ fn, 0, 0, { a, b, c, d } })
	/* "Linux KVM Hv", highest leaf HYPERV_CPUID_SYNDBG_PLATFORM_CAPABILITIES */
	HVL(0x40000000, 0x40000082, 0x756e694c, 0x564b2078, 0x7648204d);
	/* HYPERV_CPUID_SIGNATURE_EAX "Hv#1" */
	HVL(0x40000001, 0x31237648, 0, 0, 0);
	/* Hyper-V 2016: build 0x3839, version 10.0 */
	HVL(0x40000002, 0x00003839, 0x000a0000, 0, 0);
	HVL(0x40000003, HV_FEATURES_EAX_61 | (new612 ? HV_ACCESS_TSC_INVARIANT : 0),
	    HV_FEATURES_EBX_61 | (new612 ? HV_ENABLE_EXTENDED_HYPERCALLS : 0), 0,
	    HV_FEATURES_EDX_61 | (new612 ? HV_FEATURE_EXT_GVA_RANGES_FLUSH : 0) |
		    (lapic ? HV_STIMER_DIRECT_MODE_AVAILABLE : 0));
	/* 0xfff spinlock retries; NO_NONARCH_CORESHARING when SMT is impossible */
	HVL(0x40000004, HV_ENLIGHTMENT_EAX | (lapic ? HV_X64_CLUSTER_IPI_RECOMMENDED : 0) |
				(sim->host.smt ? 0 : HV_NO_NONARCH_CORESHARING),
	    0x00000fff, 0, 0);
	/* KVM_MAX_VCPUS, 64 logical processors */
	HVL(0x40000005, new612 ? 4096 : 1024, 64, 0, 0);
	/* the syndbg leaves: "Linux KVM Hv", "VS#1", ALLOW_KERNEL_DEBUGGING */
	HVL(0x40000080, 0, 0x756e694c, 0x564b2078, 0x7648204d);
	HVL(0x40000081, 0x31235356, 0, 0, 0);
	HVL(0x40000082, 0x00000002, 0, 0, 0);
	/* nested features: the eVMCS version (VMX only), DIRECT_FLUSH, MSR_BITMAP; PERF_GLOBAL_CTRL */
	HVL(0x4000000a, (sim->model->x86->evmcs ? 0x0101 : 0) |
				(new612 ? HV_X64_NESTED_DIRECT_FLUSH : 0) | HV_X64_NESTED_MSR_BITMAP,
	    0x00000001, 0, 0);
#undef HVL
	return n;
}

/* kvm_get_hv_cpuid(): at least all entries, more are clamped */
static int get_hv_cpuid(const struct hvabi_sim *sim, bool on_vcpu, struct hvabi_kvm_cpuid2 *c)
{
	struct sim_cpuid_leaf t[16];
	size_t n = hv_cpuid(sim, on_vcpu, t);

	if (!c)
		return -EFAULT;
	if (c->nent < n)
		return -E2BIG;
	for (size_t i = 0; i < n; i++)
		leaf_to_entry(&t[i], &c->entries[i]);
	c->nent = (uint32_t)n;
	return 0;
}

/* ------------------------------------------------------------- MSR lists */

/* The count first, then E2BIG when it does not fit (KVM_GET_MSR_*INDEX_LIST). */
static int put_msr_list(struct hvabi_kvm_msr_list *l, const uint32_t *idx, size_t n)
{
	uint32_t room;

	if (!l)
		return -EFAULT;
	room = l->nmsrs;
	l->nmsrs = (uint32_t)n;
	if (room < n)
		return -E2BIG;
	memcpy(l->indices, idx, n * sizeof(*idx));
	return 0;
}

static int msr_index_list(struct hvabi_kvm_msr_list *l)
{
	uint32_t idx[HVABI_ARRAY_SIZE(guest_msrs) + 3];
	size_t n = 0;

	for (size_t i = 0; i < HVABI_ARRAY_SIZE(guest_msrs); i++)
		idx[n++] = guest_msrs[i].index;
	idx[n++] = MSR_ARCH_CAPABILITIES;
	idx[n++] = MSR_PERF_CAPABILITIES;
	idx[n++] = MSR_AMD64_DE_CFG;
	return put_msr_list(l, idx, n);
}

/* An MSR KVM_GET_MSR_INDEX_LIST lists (kvm_is_advertised_msr(), x86.c). */
static bool advertised_msr(uint32_t index)
{
	for (size_t i = 0; i < HVABI_ARRAY_SIZE(guest_msrs); i++)
		if (guest_msrs[i].index == index)
			return true;
	return index == MSR_ARCH_CAPABILITIES || index == MSR_PERF_CAPABILITIES ||
	       index == MSR_AMD64_DE_CFG;
}

/*
 * msr_io() with do_get_feature_msr(): MAX_IO_MSRS or more is E2BIG;
 * otherwise the count of MSRs read before the first unknown one (with
 * ignore_msrs off, an unknown index stops the loop). Since 6.12
 * kvm_do_msr_access() reads any MSR KVM advertises as 0 (the index list).
 */
static int get_feature_msrs(const struct hvabi_sim *sim, struct hvabi_kvm_msrs *m)
{
	uint32_t i;

	if (!m)
		return -EFAULT;
	if (m->nmsrs >= SIM_X86_MAX_IO_MSRS)
		return -E2BIG;
	for (i = 0; i < m->nmsrs; i++) {
		struct hvabi_kvm_msr_entry *e = &m->entries[i];

		if (feature_msr_value(sim, e->index, &e->data) == 0)
			continue;
		if (series_of(sim) < SIM_X86_612 || !advertised_msr(e->index))
			break;
		e->data = 0;
	}
	return (int)i;
}

static uint64_t supported_xcr0(const struct hvabi_sim *sim)
{
	return ((uint64_t)supported_reg(sim, 0xd, 0, EDX) << 32) | supported_reg(sim, 0xd, 0, EAX);
}

/* KVM_X86_GRP_SEV: VMSA_FEATURES (6.12), SNP_POLICY_BITS, SEV_SNP_REQ_CERTS (7.2) */
#define X86_GRP_SEV 1

/*
 * kvm_x86_dev_{has,get}_attr() (x86.c): XCOMP_GUEST_SUPP in group 0;
 * since 6.12 another group goes to the vendor (svm/sev.c
 * sev_dev_get_attr(): SEV attributes, 0 on a host without SEV-ES or
 * SNP). Flags unchecked.
 */
static int dev_attr(const struct hvabi_sim *sim, unsigned long req,
		    const struct hvabi_kvm_device_attr *attr)
{
	uint64_t v;

	if (!attr)
		return -EFAULT;
	if (attr->group == X86_GRP_SEV && series_of(sim) >= SIM_X86_612 &&
	    attr->attr <= (series_of(sim) >= SIM_X86_72 ? 2u : 0u)) {
		if (req == HVABI_KVM_HAS_DEVICE_ATTR)
			return 0;
		if (!attr->addr)
			return -EFAULT;
		v = 0;
		memcpy(sim_uptr(attr->addr), &v, sizeof(v));
		return 0;
	}
	if (attr->group != X86_GRP_SYSTEM || attr->attr != X86_XCOMP_GUEST_SUPP)
		return -ENXIO;
	if (req == HVABI_KVM_HAS_DEVICE_ATTR)
		return 0;
	if (!attr->addr)
		return -EFAULT;
	v = supported_xcr0(sim);
	memcpy(sim_uptr(attr->addr), &v, sizeof(v));
	return 0;
}

int hvabi_sim_x86_dev_ioctl(struct hvabi_sim *sim, unsigned long req, void *arg)
{
	size_t n;

	switch (req) {
	case HVABI_KVM_GET_MSR_INDEX_LIST:
		return msr_index_list(arg);
	case HVABI_KVM_GET_MSR_FEATURE_INDEX_LIST: {
		const uint32_t *l = feature_msr_list(sim, &n);

		return put_msr_list(arg, l, n);
	}
	case HVABI_KVM_GET_SUPPORTED_CPUID:
		return get_supported_cpuid(sim, arg);
	case HVABI_KVM_GET_EMULATED_CPUID:
		return get_emulated_cpuid(sim, arg);
	case HVABI_KVM_GET_MSRS:
		return get_feature_msrs(sim, arg);
	case HVABI_KVM_GET_SUPPORTED_HV_CPUID:
		return get_hv_cpuid(sim, false, arg);
	case HVABI_KVM_HAS_DEVICE_ATTR:
	case HVABI_KVM_GET_DEVICE_ATTR:
		return dev_attr(sim, req, arg);
	default:
		/* kvm_arch_dev_ioctl(): default EINVAL */
		return -EINVAL;
	}
}

/* xstate_required_size(): the standard-format XSAVE size of @xcr0 on the host */
static uint32_t xstate_size(const struct hvabi_sim *sim, uint64_t xcr0, bool compacted)
{
	uint32_t size = 512 + 64;

	for (uint32_t i = 2; i < 64; i++) {
		uint32_t off, sz;

		if (!((xcr0 >> i) & 1))
			continue;
		sz = host_reg(sim, 0xd, i, EAX);
		off = compacted ? size : host_reg(sim, 0xd, i, EBX);
		if (off + sz > size)
			size = off + sz;
	}
	return size;
}

int hvabi_sim_x86_cap(const struct hvabi_sim *sim, uint32_t cap, int value, bool on_vm)
{
	enum sim_x86_series s = series_of(sim);

	switch (cap) {
	case CAP_XSAVE2: {
		/* x86.c: xstate_required_size(kvm_get_filtered_xcr0()), at least sizeof(struct kvm_xsave) */
		uint32_t size = supported_reg(sim, 0xd, 0, ECX);

		return size < 4096 ? 4096 : (int)size;
	}
	case CAP_X2APIC_API:
		/*
		 * 7.2 x86.c: KVM_X2APIC_API_VALID_FLAGS gained
		 * {EN,DIS}ABLE_SUPPRESS_EOI_BROADCAST; a VM without a split
		 * irqchip does not offer ENABLE (a simulated VM has none).
		 */
		if (s >= SIM_X86_72)
			return on_vm ? 11 : 15;
		return value;
	case CAP_VM_TYPES:
		/*
		 * x86.c kvm_caps.supported_vm_types: BIT(KVM_X86_DEFAULT_VM)
		 * always, the SEV types with SEV (the host's, seeded).
		 */
		return value | 1;
	case CAP_MEMORY_ATTRIBUTES:
		/* kvm_main.c kvm_supported_mem_attributes(): PRIVATE on /dev/kvm, none for a default VM */
		return on_vm ? 0 : value;
	case CAP_GUEST_MEMFD:
		/* kvm_main.c: 6.12 kvm_arch_has_private_mem(); 7.2 any VM */
		return (on_vm && s < SIM_X86_72) ? 0 : value;
	default:
		return value;
	}
}

/* -------------------------------------------------------------------- VM */

/* The rate a new vCPU gets (kvm->arch.default_tsc_khz: max_tsc_khz ?: tsc_khz). */
static uint32_t vm_default_tsc_khz(const struct sim_vm *vm)
{
	return vm->default_tsc_khz ? vm->default_tsc_khz : vm->sim->host.tsc_khz;
}

static bool has_tsc_control(const struct hvabi_sim *sim)
{
	return hvabi_sim_cap_value(sim, HVABI_KVM_CAP_TSC_CONTROL) > 0;
}

/* kvm_caps.max_guest_tsc_khz: min(0x7fffffff, the host rate at SVM_TSC_RATIO_MAX), SVM */
static uint64_t max_guest_tsc_khz(const struct hvabi_sim *sim)
{
	uint64_t max = (uint64_t)sim->host.tsc_khz * 256;

	return max > INT32_MAX ? INT32_MAX : max;
}

/*
 * KVM_SET_TSC_KHZ on a VM (x86.c kvm_arch_vm_ioctl): 0 means the host's
 * rate; with scaling a rate at or above max_guest_tsc_khz is refused;
 * any other is the rate of vCPUs created later. 7.2 refuses it once a
 * vCPU exists (!kvm->created_vcpus).
 */
static int vm_set_tsc_khz(struct sim_vm *vm, unsigned long arg)
{
	const struct hvabi_sim *sim = vm->sim;
	uint32_t user = (uint32_t)arg;

	if (has_tsc_control(sim) && user >= max_guest_tsc_khz(sim))
		return -EINVAL;
	if (!user)
		user = sim->host.tsc_khz;
	if (series_of(sim) >= SIM_X86_72 && vm->ncreated)
		return -EINVAL;
	vm->default_tsc_khz = user;
	return 0;
}

int hvabi_sim_x86_vm_ioctl(struct sim_vm *vm, unsigned long req, void *arg)
{
	const struct hvabi_kvm_enable_cap *cap = arg;

	switch (req) {
	case HVABI_KVM_ENABLE_CAP:
		if (!cap)
			return -EFAULT;
		/* kvm_vm_ioctl_enable_cap() */
		if (cap->flags)
			return -EINVAL;
		if (cap->cap == HVABI_KVM_CAP_EXIT_HYPERCALL)
			return (cap->args[0] & ~EXIT_HYPERCALL_VALID_MASK) ? -EINVAL : 0;
		return -EINVAL;
	case HVABI_KVM_SET_TSC_KHZ:
		return vm_set_tsc_khz(vm, (unsigned long)(uintptr_t)arg);
	case HVABI_KVM_GET_TSC_KHZ:
		return (int)vm_default_tsc_khz(vm);
	default:
		/* kvm_arch_vm_ioctl(): x86 says ENOTTY for what it does not know */
		return -ENOTTY;
	}
}

/* ------------------------------------------------------------------ vCPU */

static struct hvabi_kvm_cpuid_entry2 *vcpu_leaf(const struct sim_vcpu *vcpu, uint32_t fn,
						uint32_t index)
{
	for (size_t i = 0; i < vcpu->ncpuid; i++) {
		struct hvabi_kvm_cpuid_entry2 *e = &vcpu->cpuid[i];

		if (e->function != fn)
			continue;
		if (!(e->flags & HVABI_KVM_CPUID_FLAG_SIGNIFCANT_INDEX) || e->index == index)
			return e;
	}
	return NULL;
}

static struct hvabi_kvm_cpuid_entry2 *entry_find(struct hvabi_kvm_cpuid_entry2 *t, size_t n,
						 uint32_t fn, uint32_t index)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].function == fn &&
		    (!(t[i].flags & HVABI_KVM_CPUID_FLAG_SIGNIFCANT_INDEX) || t[i].index == index))
			return &t[i];
	return NULL;
}

static void set_bit_to(uint32_t *r, unsigned int bit, bool on)
{
	if (on)
		*r |= BIT32(bit);
	else
		*r &= ~BIT32(bit);
}

/*
 * __kvm_update_cpuid_runtime() (cpuid.c, 6.1 to 7.2) on a table being
 * set, for a vCPU at reset: OSXSAVE (CR4.OSXSAVE, 0) when the host has
 * XSAVE, APIC (APIC_BASE.EN, which kvm_lapic_reset() sets in lapic.c
 * even without an in-kernel local APIC), OSPKE
 * (CR4.PKE, 0) when the host has PKU, the XSAVE sizes of XCR0 = x87
 * (0xd.0 EBX and, with XSAVES or XSAVEC, 0xd.1 EBX).
 */
static void update_cpuid_runtime(const struct hvabi_sim *sim, struct hvabi_kvm_cpuid_entry2 *t,
				 size_t n)
{
	struct hvabi_kvm_cpuid_entry2 *e;

	e = entry_find(t, n, 1, 0);
	if (e) {
		if (supported_reg(sim, 1, 0, ECX) & BIT32(26))
			set_bit_to(&e->ecx, 27, false);
		set_bit_to(&e->edx, 9, true);
	}
	e = entry_find(t, n, 7, 0);
	if (e && (supported_reg(sim, 7, 0, ECX) & BIT32(3)))
		set_bit_to(&e->ecx, 4, false);
	e = entry_find(t, n, 0xd, 0);
	if (e)
		e->ebx = xstate_size(sim, 1, false);
	e = entry_find(t, n, 0xd, 1);
	if (e && (e->eax & (BIT32(1) | BIT32(3))))
		e->ebx = xstate_size(sim, 1, true);
}

/*
 * kvm_check_cpuid() (cpuid.c, 6.1 to 7.2): the linear address width of
 * 0x80000008 EAX[15:8], when the leaf is there, must be 48, 57 or 0.
 */
static int check_cpuid(struct hvabi_kvm_cpuid_entry2 *t, size_t n)
{
	struct hvabi_kvm_cpuid_entry2 *e = entry_find(t, n, 0x80000008, 0);

	if (e) {
		uint32_t vaddr = (e->eax >> 8) & 0xff;

		if (vaddr != 48 && vaddr != 57 && vaddr != 0)
			return -EINVAL;
	}
	return 0;
}

/*
 * kvm_vcpu_ioctl_set_cpuid2() / kvm_set_cpuid(): more than
 * KVM_MAX_CPUID_ENTRIES is E2BIG; the runtime bits are updated first;
 * after the first KVM_RUN only the identical table is accepted
 * (kvm_cpuid_check_equal(), a memcmp of the entries), anything else is
 * EINVAL; then kvm_check_cpuid().
 */
static int set_cpuid2(struct sim_vcpu *vcpu, const struct hvabi_kvm_cpuid2 *c)
{
	const struct hvabi_sim *sim = vcpu->vm->sim;
	struct hvabi_kvm_cpuid_entry2 *e;
	size_t size;
	int r;

	if (!c)
		return -EFAULT;
	if (c->nent > SIM_X86_MAX_CPUID_ENTRIES)
		return -E2BIG;
	size = c->nent * sizeof(*e);
	e = malloc(size ? size : 1);
	if (!e)
		return -ENOMEM;
	memcpy(e, c->entries, size);
	update_cpuid_runtime(sim, e, c->nent);
	if (vcpu->ran) {
		r = (c->nent != vcpu->ncpuid || (size && memcmp(e, vcpu->cpuid, size))) ? -EINVAL : 0;
		free(e);
		return r;
	}
	r = check_cpuid(e, c->nent);
	if (r < 0) {
		free(e);
		return r;
	}
	free(vcpu->cpuid);
	vcpu->cpuid = e;
	vcpu->ncpuid = c->nent;
	vcpu->cpuid_set = true;
	return 0;
}

/*
 * kvm_vcpu_ioctl_get_cpuid2() (cpuid.c) and its caller in x86.c copy
 * nent back to user space only on success, and 6.1 sets it only on its
 * error path: 6.1 answers E2BIG or the table, never the count (the
 * caller's nent stays); 6.12 and 7.2 write the count on success.
 */
static int get_cpuid2(const struct sim_vcpu *vcpu, struct hvabi_kvm_cpuid2 *c)
{
	if (!c)
		return -EFAULT;
	if (c->nent < vcpu->ncpuid)
		return -E2BIG;
	if (vcpu->ncpuid)
		memcpy(c->entries, vcpu->cpuid, vcpu->ncpuid * sizeof(*vcpu->cpuid));
	if (series_of(vcpu->vm->sim) >= SIM_X86_612)
		c->nent = (uint32_t)vcpu->ncpuid;
	return 0;
}

static int vcpu_enable_cap(struct sim_vcpu *vcpu, const struct hvabi_kvm_enable_cap *cap)
{
	if (!cap)
		return -EFAULT;
	/* kvm_vcpu_ioctl_enable_cap() */
	if (cap->flags)
		return -EINVAL;
	switch (cap->cap) {
	case HVABI_KVM_CAP_ENFORCE_PV_FEATURE_CPUID:
		vcpu->enforce_pv_cpuid = cap->args[0] != 0;
		return 0;
	case HVABI_KVM_CAP_HYPERV_ENFORCE_CPUID:
		vcpu->enforce_hv_cpuid = cap->args[0] != 0;
		return 0;
	case HVABI_KVM_CAP_HYPERV_ENLIGHTENED_VMCS:
		/* nested_ops->enable_evmcs is VMX only */
		if (!vcpu->vm->sim->model->x86->evmcs)
			return -ENOTTY;
		/* nested_enable_evmcs(): the version range (max << 8 | min) to args[0] */
		if (cap->args[0]) {
			uint16_t range = 0x0101;

			memcpy(sim_uptr(cap->args[0]), &range, sizeof(range));
		}
		return 0;
	default:
		return -EINVAL;
	}
}

int hvabi_sim_x86_vcpu_init(struct sim_vcpu *vcpu)
{
	const struct hvabi_sim *sim = vcpu->vm->sim;
	size_t n = HVABI_ARRAY_SIZE(guest_msrs), nf;
	const uint32_t *f = feature_msr_list(sim, &nf);

	vcpu->msrs = calloc(n + nf, sizeof(*vcpu->msrs));
	if (!vcpu->msrs)
		return -ENOMEM;
	memcpy(vcpu->msrs, guest_msrs, sizeof(guest_msrs));
	/*
	 * kvm_arch_vcpu_create(): ARCH_CAPABILITIES and PERF_CAPABILITIES
	 * start at what KVM supports (7.2: with the default
	 * KVM_X86_QUIRK_STUFF_FEATURE_MSRS), PLATFORM_INFO at CPUID_FAULT,
	 * SVM's DE_CFG at 0.
	 */
	for (size_t i = 0; i < nf; i++) {
		uint64_t v = 0;

		if (f[i] == MSR_IA32_UCODE_REV || f[i] == MSR_PLATFORM_INFO)
			continue;
		if (f[i] != MSR_AMD64_DE_CFG)
			feature_msr_value(sim, f[i], &v);
		vcpu->msrs[n++] = (struct sim_msr){ f[i], v };
	}
	vcpu->nmsrs = n;
	/* kvm_arch_vcpu_create(): kvm_set_tsc_khz(vcpu, kvm->arch.default_tsc_khz) */
	vcpu->virtual_tsc_khz = vm_default_tsc_khz(vcpu->vm);
	return 0;
}

/* x86.c adjust_tsc_khz(): @khz moved by @ppm, truncated. */
static uint64_t adjust_tsc_khz(uint32_t khz, int32_t ppm)
{
	return (uint64_t)khz * (uint64_t)(1000000 + ppm) / 1000000;
}

/*
 * KVM_SET_TSC_KHZ on a vCPU (x86.c, the same in 6.1, 6.12 and 7.2):
 * 0 means the host's rate; within tsc_tolerance_ppm (250) of it nothing
 * is scaled; beyond, without scaling a higher rate is taken (software
 * catch-up) and a lower one refused; with scaling a rate is refused at
 * or above max_guest_tsc_khz (about 256 times the host's on SVM) or where
 * the ratio comes out 0. virtual_tsc_khz takes the rate before the
 * refusal, so KVM_GET_TSC_KHZ then answers the refused rate.
 */
static int set_tsc_khz(struct sim_vcpu *vcpu, unsigned long arg)
{
	const struct hvabi_sim *sim = vcpu->vm->sim;
	uint32_t host = sim->host.tsc_khz, user = (uint32_t)arg;

	if (has_tsc_control(sim) && user >= max_guest_tsc_khz(sim))
		return -EINVAL;
	if (!user)
		user = host;
	vcpu->virtual_tsc_khz = user;
	if (user >= adjust_tsc_khz(host, -250) && user <= adjust_tsc_khz(host, 250))
		return 0;
	if (!has_tsc_control(sim))
		return user > host ? 0 : -EINVAL;
	/* SVM: ratio = (user << 32) / host, refused at 0 or from SVM_TSC_RATIO_MAX on */
	if (!(((uint64_t)user << 32) / host) || ((uint64_t)user << 32) / host >= 0xffffffffffull)
		return -EINVAL;
	return 0;
}

/* A guest CPUID bit KVM honours (7.2 guest_cpu_cap_has(): the guest's table and KVM's caps). */
static bool guest_cap(const struct sim_vcpu *vcpu, uint32_t fn, uint32_t index, int reg,
		      unsigned int bit)
{
	const struct hvabi_kvm_cpuid_entry2 *e = vcpu_leaf(vcpu, fn, index);
	uint32_t v;

	if (!e)
		return false;
	v = reg == EAX ? e->eax : reg == EBX ? e->ebx : reg == ECX ? e->ecx : e->edx;
	return (v >> bit) & 1 && (supported_reg(vcpu->vm->sim, fn, index, reg) >> bit) & 1;
}

/* The MSR access failed; 7.2's KVM_MSR_RET_UNSUPPORTED is told apart. */
#define MSR_FAIL 1
#define MSR_UNSUPPORTED 2

/*
 * One host-initiated MSR access on a vCPU (kvm_{get,set}_msr_common,
 * svm_{get,set}_msr): 0 or MSR_FAIL / MSR_UNSUPPORTED.
 */
static int msr_access(struct sim_vcpu *vcpu, uint32_t index, uint64_t *data, bool set)
{
	const struct hvabi_sim *sim = vcpu->vm->sim;
	enum sim_x86_series s = series_of(sim);
	struct sim_msr *v = NULL;

	for (size_t k = 0; k < vcpu->nmsrs; k++)
		if (vcpu->msrs[k].index == index)
			v = &vcpu->msrs[k];
	if (!v)
		return MSR_FAIL;
	switch (index) {
	case MSR_ARCH_CAPABILITIES:
		/*
		 * 6.1, 6.12: any value from the VMM (kvm_set_msr_common), so a
		 * VMM can tell a guest of a weakness (RRSBA) its host lacks;
		 * 7.2: only with ARCH_CAPABILITIES in the guest's CPUID.
		 */
		if (s >= SIM_X86_72 && !guest_cap(vcpu, 7, 0, EDX, 29))
			return MSR_UNSUPPORTED;
		break;
	case MSR_PERF_CAPABILITIES:
		/*
		 * Only bits KVM supports: kvm_caps.supported_perf_cap, 0 on
		 * SVM (6.1: the feature value, 6.12, 7.2); 7.2 first wants
		 * PDCM in the guest's CPUID.
		 */
		if (s >= SIM_X86_72 && !guest_cap(vcpu, 1, 0, ECX, 15))
			return MSR_UNSUPPORTED;
		if (set && *data)
			return MSR_FAIL;
		break;
	case MSR_AMD64_DE_CFG:
		/* svm_set_msr(): only bits svm_get_feature_msr() reports */
		if (set && (*data & ~host_msr(sim, MSR_AMD64_DE_CFG)))
			return MSR_FAIL;
		break;
	default:
		break;
	}
	if (set)
		v->value = *data;
	else
		*data = v->value;
	return 0;
}

/* kvm_is_immutable_feature_msr(): 6.12, 7.2 (the feature MSRs but UCODE_REV) */
static bool immutable_feature_msr(const struct hvabi_sim *sim, uint32_t index)
{
	return series_of(sim) >= SIM_X86_612 && is_feature_msr(sim, index) &&
	       index != MSR_IA32_UCODE_REV;
}

/*
 * do_get_msr() / do_set_msr() on a vCPU, host-initiated: 0 or -1.
 * 7.2 kvm_do_msr_access(): an unsupported MSR KVM advertises reads as 0
 * and takes a write of 0. 6.12 and 7.2 do_set_msr(): after the first
 * KVM_RUN an immutable feature MSR takes only its current value.
 */
static int do_msr(struct sim_vcpu *vcpu, uint32_t index, uint64_t *data, bool set)
{
	const struct hvabi_sim *sim = vcpu->vm->sim;
	int r;

	if (set && vcpu->ran && immutable_feature_msr(sim, index)) {
		uint64_t cur = 0;

		if (do_msr(vcpu, index, &cur, false) < 0 || cur != *data)
			return -1;
	}
	r = msr_access(vcpu, index, data, set);
	if (r == MSR_UNSUPPORTED) {
		if (!set)
			*data = 0;
		return *data ? -1 : 0;
	}
	return r ? -1 : 0;
}

/*
 * msr_io() on a vCPU: the count of MSRs done before the first failure;
 * MAX_IO_MSRS or more is E2BIG.
 */
static int vcpu_msrs(struct sim_vcpu *vcpu, struct hvabi_kvm_msrs *m, bool set)
{
	uint32_t i;

	if (!m)
		return -EFAULT;
	if (m->nmsrs >= SIM_X86_MAX_IO_MSRS)
		return -E2BIG;
	for (i = 0; i < m->nmsrs; i++)
		if (do_msr(vcpu, m->entries[i].index, &m->entries[i].data, set) < 0)
			break;
	return (int)i;
}

/*
 * KVM_{GET,SET}_ONE_REG and KVM_GET_REG_LIST (7.2 x86.c
 * kvm_get_set_one_reg(), kvm_get_reg_list()): an MSR by
 * KVM_X86_REG_MSR(index), 64 bits, through do_get_msr()/do_set_msr(),
 * EINVAL when that fails; the KVM registers (GUEST_SSP) need SHSTK, which
 * the guest's CPUID of an SVM host never has here. Before 7.2 x86 knows
 * neither ioctl (EINVAL).
 */
static int one_reg(struct sim_vcpu *vcpu, const struct hvabi_kvm_one_reg *reg, bool set)
{
	uint32_t type, index;
	uint64_t v;

	if (series_of(vcpu->vm->sim) < SIM_X86_72)
		return -EINVAL;
	if (!reg)
		return -EFAULT;
	if ((reg->id & X86_REG_ARCH_MASK) != X86_REG_X86)
		return -EINVAL;
	/* struct kvm_x86_reg_id: index, type, rsvd1, rsvd2:4, size:4, x86 */
	if ((reg->id >> 40) & 0xff || (reg->id >> 48) & 0xf)
		return -EINVAL;
	type = (uint32_t)(reg->id >> 32) & 0xff;
	index = (uint32_t)reg->id;
	if (type == X86_REG_TYPE_KVM)
		return -EINVAL;
	if (type != X86_REG_TYPE_MSR)
		return -EINVAL;
	if ((reg->id & X86_REG_SIZE_MASK) != X86_REG_SIZE_U64)
		return -EINVAL;
	if (set) {
		memcpy(&v, sim_uptr(reg->addr), sizeof(v));
		return do_msr(vcpu, index, &v, true) < 0 ? -EINVAL : 0;
	}
	if (do_msr(vcpu, index, &v, false) < 0)
		return -EINVAL;
	memcpy(sim_uptr(reg->addr), &v, sizeof(v));
	return 0;
}

static int reg_list(struct sim_vcpu *vcpu, struct hvabi_kvm_reg_list *l)
{
	if (series_of(vcpu->vm->sim) < SIM_X86_72)
		return -EINVAL;
	return hvabi_sim_put_reg_list(l, NULL, 0);
}

int hvabi_sim_x86_vcpu_ioctl(struct sim_vcpu *vcpu, unsigned long req, void *arg)
{
	switch (req) {
	case HVABI_KVM_SET_CPUID2:
		return set_cpuid2(vcpu, arg);
	case HVABI_KVM_GET_CPUID2:
		return get_cpuid2(vcpu, arg);
	case HVABI_KVM_ENABLE_CAP:
		return vcpu_enable_cap(vcpu, arg);
	case HVABI_KVM_GET_SUPPORTED_HV_CPUID:
		/* the deprecated vCPU form (KVM_CAP_HYPERV_CPUID): no in-kernel local APIC here */
		return get_hv_cpuid(vcpu->vm->sim, true, arg);
	case HVABI_KVM_GET_MSRS:
		return vcpu_msrs(vcpu, arg, false);
	case HVABI_KVM_SET_MSRS:
		return vcpu_msrs(vcpu, arg, true);
	case HVABI_KVM_SET_TSC_KHZ:
		return set_tsc_khz(vcpu, (unsigned long)(uintptr_t)arg);
	case HVABI_KVM_GET_TSC_KHZ:
		return (int)vcpu->virtual_tsc_khz;
	case HVABI_KVM_GET_ONE_REG:
	case HVABI_KVM_SET_ONE_REG:
		return one_reg(vcpu, arg, req == HVABI_KVM_SET_ONE_REG);
	case HVABI_KVM_GET_REG_LIST:
		return reg_list(vcpu, arg);
	default:
		/* kvm_arch_vcpu_ioctl(): default EINVAL */
		return -EINVAL;
	}
}
