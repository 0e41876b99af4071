/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The simulated x86 KVM (6.1 on an SVM host). Rules follow
 * arch/x86/kvm/x86.c (kvm_arch_dev_ioctl, kvm_arch_vm_ioctl,
 * kvm_arch_vcpu_ioctl, msr_io), arch/x86/kvm/cpuid.c
 * (kvm_dev_ioctl_get_cpuid, kvm_set_cpuid, kvm_vcpu_ioctl_get_cpuid2) and
 * arch/x86/kvm/hyperv.c (kvm_get_hv_cpuid).
 *
 * Not modelled (they answer as ioctls the kernel does not know):
 * KVM_X86_GET_MCE_CAP_SUPPORTED, vCPU registers (KVM_GET/SET_REGS,
 * SREGS, ...), MSRs beyond the fingerprint's list, Hyper-V SynIC and
 * TLB-flush capabilities, VM capabilities other than KVM_CAP_EXIT_HYPERCALL. The
 * runtime CPUID bits (OSXSAVE, APIC, XSAVE sizes) are stored as given.
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

/*
 * The guest MSRs a vCPU keeps, with their values at vCPU creation: those
 * the Milan fingerprint saves (a subset of 6.1's msrs_to_save and
 * emulated_msrs), except IA32_UCODE_REV, which kvm_arch_vcpu_create()
 * resets to 0x100000000. The feature MSRs follow from the host.
 */
static const struct sim_msr guest_msrs[] = {
	{ 0x11, 0 }, { 0x12, 0 }, { 0x34, 0 }, { 0x3b, 0 }, { 0x48, 0 },
	{ 0x8b, 0x100000000ull }, { 0x9e, 0x30000 }, { 0xce, 0x80000000 }, { 0x140, 0 },
	{ 0x174, 0 }, { 0x175, 0 }, { 0x176, 0 }, { 0x1a0, 0x1 }, { 0x1fc, 0 },
	{ 0x277, 0x0007040600070406ull }, { 0x4b564d00, 0 }, { 0x4b564d01, 0 },
	{ 0x4b564d02, 0 }, { 0x4b564d03, 0 }, { 0x4b564d04, 0 }, { 0x4b564d05, 0x1 },
	{ 0x4b564d06, 0 }, { 0x4b564d07, 0 }, { 0xc0000081, 0 }, { 0xc0000082, 0 },
	{ 0xc0000083, 0 }, { 0xc0000084, 0 }, { 0xc0000102, 0 }, { 0xc0000103, 0 },
	{ 0xc0000104, 0x100000000ull }, { 0xc0010015, 0 }, { 0xc0010117, 0 },
	{ 0xc001011f, 0 },
};

/* Feature MSRs whose guest value may not exceed what the host supports. */
#define MSR_ARCH_CAPABILITIES 0x10a
#define MSR_PERF_CAPABILITIES 0x345
#define MSR_AMD64_DE_CFG 0xc0011029

/* KVM_EXIT_HYPERCALL_VALID_MASK: BIT(KVM_HC_MAP_GPA_RANGE) */
#define EXIT_HYPERCALL_VALID_MASK 0x1000ull

int hvabi_sim_x86_init_host(struct hvabi_sim *sim)
{
	const struct sim_x86_model *x = sim->model->x86;

	if (x->ncpuid > SIM_X86_MAX_CPUID || x->nhv_cpuid > SIM_X86_MAX_HV_CPUID ||
	    x->nfeature_msrs > SIM_X86_MAX_FEATURE_MSRS)
		return -EINVAL;
	memcpy(sim->host.cpuid, x->cpuid, x->ncpuid * sizeof(*x->cpuid));
	sim->host.ncpuid = x->ncpuid;
	memcpy(sim->host.hv_cpuid, x->hv_cpuid, x->nhv_cpuid * sizeof(*x->hv_cpuid));
	sim->host.nhv_cpuid = x->nhv_cpuid;
	memcpy(sim->host.msrs, x->feature_msrs,
	       x->nfeature_msrs * sizeof(*x->feature_msrs));
	sim->host.nmsrs = x->nfeature_msrs;
	/* A 2.6 GHz TSC; hvabi_sim_set_host(TSC_KHZ) sets another. */
	sim->host.tsc_khz = 2600000;
	return 0;
}

static struct sim_cpuid_leaf *leaf_find(struct sim_cpuid_leaf *t, size_t n, uint32_t fn,
					uint32_t index)
{
	for (size_t i = 0; i < n; i++) {
		if (t[i].function != fn)
			continue;
		/* without SIGNIFICANT_INDEX a leaf answers for index 0 only here */
		bool sig = t[i].flags & HVABI_KVM_CPUID_FLAG_SIGNIFCANT_INDEX;

		if (sig ? t[i].index == index : index == 0)
			return &t[i];
	}
	return NULL;
}

int hvabi_sim_x86_set_host(struct hvabi_sim *sim, const struct hvabi_key *key, uint64_t v)
{
	struct sim_cpuid_leaf *leaf;

	switch (key->ns) {
	case HVABI_NS_CPUID:
		if (key->sel > HVABI_CPUID_EDX)
			return -ENOENT;
		if (key->id & HVABI_CPUID_TABLE_HYPERV)
			leaf = leaf_find(sim->host.hv_cpuid, sim->host.nhv_cpuid,
					 (uint32_t)key->id, key->sub);
		else if (key->id >> 32)
			return -ENOENT;
		else
			leaf = leaf_find(sim->host.cpuid, sim->host.ncpuid,
					 (uint32_t)key->id, key->sub);
		if (!leaf)
			return -ENOENT;
		if (v >> 32)
			return -EINVAL;
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
		for (size_t i = 0; i < sim->host.nmsrs; i++) {
			if (sim->host.msrs[i].index != key->id || key->sel || key->sub)
				continue;
			sim->host.msrs[i].value = v;
			return 0;
		}
		return -ENOENT;
	default:
		return -ENOENT;
	}
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
static int put_cpuid(struct hvabi_kvm_cpuid2 *c, const struct sim_cpuid_leaf *t, size_t n)
{
	uint32_t room;

	if (!c)
		return -EFAULT;
	room = c->nent;
	if (room < 1)
		return -E2BIG;
	if (room > SIM_X86_MAX_CPUID_ENTRIES)
		room = SIM_X86_MAX_CPUID_ENTRIES;
	if (room < n)
		return -E2BIG;
	for (size_t i = 0; i < n; i++)
		leaf_to_entry(&t[i], &c->entries[i]);
	c->nent = (uint32_t)n;
	return 0;
}

static int get_emulated_cpuid(const struct hvabi_sim *sim, struct hvabi_kvm_cpuid2 *c)
{
	const struct sim_cpuid_leaf *ext;
	struct sim_cpuid_leaf t[3] = {
		{ 0, 0, 0, { 7, 0, 0, 0 } },
		{ 1, 0, 0, { 0, 0, X86_FEATURE_BIT_MOVBE, 0 } },
		{ 7, 0, HVABI_KVM_CPUID_FLAG_SIGNIFCANT_INDEX, { 0, 0, 0, 0 } },
	};
	uint32_t room;

	if (!c)
		return -EFAULT;
	/* sanity_check_entries(): the caller's padding words must be zero */
	room = c->nent > SIM_X86_MAX_CPUID_ENTRIES ? SIM_X86_MAX_CPUID_ENTRIES : c->nent;
	for (uint32_t i = 0; i < room; i++)
		if (c->entries[i].padding[0] || c->entries[i].padding[1] ||
		    c->entries[i].padding[2])
			return -EINVAL;
	/* __do_cpuid_func_emulated(): RDPID when the host has RDTSCP */
	ext = leaf_find((struct sim_cpuid_leaf *)sim->host.cpuid, sim->host.ncpuid,
			0x80000001, 0);
	if (ext && (ext->regs[3] & CPUID_80000001_EDX_RDTSCP))
		t[2].regs[2] = X86_FEATURE_BIT_RDPID;
	return put_cpuid(c, t, HVABI_ARRAY_SIZE(t));
}

/* kvm_get_hv_cpuid(): at least all entries, more are clamped */
static int get_hv_cpuid(const struct hvabi_sim *sim, struct hvabi_kvm_cpuid2 *c)
{
	size_t n = sim->host.nhv_cpuid;

	if (!c)
		return -EFAULT;
	if (c->nent < n)
		return -E2BIG;
	for (size_t i = 0; i < n; i++)
		leaf_to_entry(&sim->host.hv_cpuid[i], &c->entries[i]);
	c->nent = (uint32_t)n;
	return 0;
}

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

static int feature_msr_list(const struct hvabi_sim *sim, struct hvabi_kvm_msr_list *l)
{
	uint32_t idx[SIM_X86_MAX_FEATURE_MSRS];

	for (size_t i = 0; i < sim->host.nmsrs; i++)
		idx[i] = sim->host.msrs[i].index;
	return put_msr_list(l, idx, sim->host.nmsrs);
}

/*
 * msr_io() with do_get_msr_feature(): MAX_IO_MSRS or more is E2BIG;
 * otherwise the count of MSRs read before the first unknown one (with
 * ignore_msrs off, an unknown index stops the loop).
 */
static int get_feature_msrs(const struct hvabi_sim *sim, struct hvabi_kvm_msrs *m)
{
	uint32_t i;

	if (!m)
		return -EFAULT;
	if (m->nmsrs >= SIM_X86_MAX_IO_MSRS)
		return -E2BIG;
	for (i = 0; i < m->nmsrs; i++) {
		size_t k;

		for (k = 0; k < sim->host.nmsrs; k++)
			if (sim->host.msrs[k].index == m->entries[i].index)
				break;
		if (k == sim->host.nmsrs)
			break;
		m->entries[i].data = sim->host.msrs[k].value;
	}
	return (int)i;
}

static uint64_t supported_xcr0(const struct hvabi_sim *sim)
{
	const struct sim_cpuid_leaf *d = leaf_find((struct sim_cpuid_leaf *)sim->host.cpuid,
						   sim->host.ncpuid, 0xd, 0);

	return d ? ((uint64_t)d->regs[3] << 32) | d->regs[0] : 0;
}

/* kvm_x86_dev_{has,get}_attr(): one attribute, flags unchecked */
static int dev_attr(const struct hvabi_sim *sim, unsigned long req,
		    const struct hvabi_kvm_device_attr *attr)
{
	uint64_t v;

	if (!attr)
		return -EFAULT;
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
	switch (req) {
	case HVABI_KVM_GET_MSR_INDEX_LIST:
		return msr_index_list(arg);
	case HVABI_KVM_GET_MSR_FEATURE_INDEX_LIST:
		return feature_msr_list(sim, arg);
	case HVABI_KVM_GET_SUPPORTED_CPUID:
		return put_cpuid(arg, sim->host.cpuid, sim->host.ncpuid);
	case HVABI_KVM_GET_EMULATED_CPUID:
		return get_emulated_cpuid(sim, arg);
	case HVABI_KVM_GET_MSRS:
		return get_feature_msrs(sim, arg);
	case HVABI_KVM_GET_SUPPORTED_HV_CPUID:
		return get_hv_cpuid(sim, arg);
	case HVABI_KVM_HAS_DEVICE_ATTR:
	case HVABI_KVM_GET_DEVICE_ATTR:
		return dev_attr(sim, req, arg);
	default:
		/* kvm_arch_dev_ioctl(): default EINVAL */
		return -EINVAL;
	}
}

int hvabi_sim_x86_vm_ioctl(struct sim_vm *vm, unsigned long req, void *arg)
{
	const struct hvabi_kvm_enable_cap *cap = arg;

	(void)vm;
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
	default:
		/* kvm_arch_vm_ioctl(): x86 says ENOTTY for what it does not know */
		return -ENOTTY;
	}
}

/*
 * kvm_set_cpuid(): after the first KVM_RUN only the identical table is
 * accepted (kvm_cpuid_check_equal(), a memcmp of the entries), anything
 * else is EINVAL; more than KVM_MAX_CPUID_ENTRIES is E2BIG.
 */
static int set_cpuid2(struct sim_vcpu *vcpu, const struct hvabi_kvm_cpuid2 *c)
{
	struct hvabi_kvm_cpuid_entry2 *e;
	size_t size;

	if (!c)
		return -EFAULT;
	if (c->nent > SIM_X86_MAX_CPUID_ENTRIES)
		return -E2BIG;
	size = c->nent * sizeof(*e);
	if (vcpu->ran) {
		if (c->nent != vcpu->ncpuid ||
		    (size && memcmp(c->entries, vcpu->cpuid, size)))
			return -EINVAL;
		return 0;
	}
	e = malloc(size ? size : 1);
	if (!e)
		return -ENOMEM;
	memcpy(e, c->entries, size);
	free(vcpu->cpuid);
	vcpu->cpuid = e;
	vcpu->ncpuid = c->nent;
	vcpu->cpuid_set = true;
	return 0;
}

static int get_cpuid2(const struct sim_vcpu *vcpu, struct hvabi_kvm_cpuid2 *c)
{
	if (!c)
		return -EFAULT;
	/* kvm_vcpu_ioctl_get_cpuid2(): E2BIG without writing nent back */
	if (c->nent < vcpu->ncpuid)
		return -E2BIG;
	if (vcpu->ncpuid)
		memcpy(c->entries, vcpu->cpuid, vcpu->ncpuid * sizeof(*vcpu->cpuid));
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

static uint64_t host_msr(const struct hvabi_sim *sim, uint32_t index)
{
	for (size_t i = 0; i < sim->host.nmsrs; i++)
		if (sim->host.msrs[i].index == index)
			return sim->host.msrs[i].value;
	return 0;
}

int hvabi_sim_x86_vcpu_init(struct sim_vcpu *vcpu)
{
	const struct hvabi_sim *sim = vcpu->vm->sim;
	size_t n = HVABI_ARRAY_SIZE(guest_msrs);

	vcpu->msrs = calloc(n + 3, sizeof(*vcpu->msrs));
	if (!vcpu->msrs)
		return -ENOMEM;
	memcpy(vcpu->msrs, guest_msrs, sizeof(guest_msrs));
	/*
	 * kvm_arch_vcpu_create(): ARCH_CAPABILITIES and PERF_CAPABILITIES
	 * start at what KVM supports; SVM's DE_CFG at 0.
	 */
	vcpu->msrs[n++] = (struct sim_msr){ MSR_ARCH_CAPABILITIES,
					    host_msr(sim, MSR_ARCH_CAPABILITIES) };
	vcpu->msrs[n++] = (struct sim_msr){ MSR_PERF_CAPABILITIES,
					    host_msr(sim, MSR_PERF_CAPABILITIES) };
	vcpu->msrs[n++] = (struct sim_msr){ MSR_AMD64_DE_CFG, 0 };
	vcpu->nmsrs = n;
	/* kvm_arch_vcpu_create(): kvm_set_tsc_khz(vcpu, default_tsc_khz), the host's rate */
	vcpu->virtual_tsc_khz = sim->host.tsc_khz;
	return 0;
}

static bool has_tsc_control(const struct hvabi_sim *sim)
{
	return hvabi_sim_cap_value(sim, HVABI_KVM_CAP_TSC_CONTROL) > 0;
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
	uint64_t max_guest = (uint64_t)host * 256;

	if (max_guest > INT32_MAX)
		max_guest = INT32_MAX;
	if (has_tsc_control(sim) && user >= max_guest)
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

/*
 * msr_io() on a vCPU: the count of MSRs done before the first failure.
 * A host-initiated write of PERF_CAPABILITIES or DE_CFG fails with bits
 * the host does not support (kvm_set_msr_common, svm_set_msr); the other
 * MSRs are stored as given, ARCH_CAPABILITIES too: kvm_set_msr_common()
 * takes any value from the VMM (6.1 to 7.2), so a VMM can tell a guest of
 * a weakness (RRSBA) its host does not have.
 */
static int vcpu_msrs(struct sim_vcpu *vcpu, struct hvabi_kvm_msrs *m, bool set)
{
	const struct hvabi_sim *sim = vcpu->vm->sim;
	uint32_t i;

	if (!m)
		return -EFAULT;
	if (m->nmsrs >= SIM_X86_MAX_IO_MSRS)
		return -E2BIG;
	for (i = 0; i < m->nmsrs; i++) {
		struct hvabi_kvm_msr_entry *e = &m->entries[i];
		struct sim_msr *v = NULL;

		for (size_t k = 0; k < vcpu->nmsrs; k++)
			if (vcpu->msrs[k].index == e->index)
				v = &vcpu->msrs[k];
		if (!v)
			break;
		if (!set) {
			e->data = v->value;
			continue;
		}
		if ((e->index == MSR_PERF_CAPABILITIES || e->index == MSR_AMD64_DE_CFG) &&
		    (e->data & ~host_msr(sim, e->index)))
			break;
		v->value = e->data;
	}
	return (int)i;
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
		/* the deprecated vCPU form (KVM_CAP_HYPERV_CPUID) answers the same */
		return get_hv_cpuid(vcpu->vm->sim, arg);
	case HVABI_KVM_GET_MSRS:
		return vcpu_msrs(vcpu, arg, false);
	case HVABI_KVM_SET_MSRS:
		return vcpu_msrs(vcpu, arg, true);
	case HVABI_KVM_SET_TSC_KHZ:
		return set_tsc_khz(vcpu, (unsigned long)(uintptr_t)arg);
	case HVABI_KVM_GET_TSC_KHZ:
		return (int)vcpu->virtual_tsc_khz;
	default:
		/* kvm_arch_vcpu_ioctl(): default EINVAL */
		return -EINVAL;
	}
}
