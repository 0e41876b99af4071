/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Probe, x86's part: the CPUID tables, the feature MSRs, eVMCS and the
 * TSC rate, of the host and of a VMM's VM (kvm-probe.c says what a
 * profile holds).
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kvm-probe.h"

/* How often the MSR list may be re-sized because it grew between two calls. */
#define MSR_LIST_TRIES 8
/* The largest lists we accept: far above any kernel's, below silly allocations. */
#define MSR_LIST_MAX 65536u
#define CPUID_NENT_MAX 4096u
/* Reads of a CPUID table: doubling reaches the cap in seven from 64, nine from 16. */
#define CPUID_READS 16u
/* First guesses for the CPUID tables: enough for most hosts in one call. */
#define CPUID_NENT_FIRST 64u
#define HV_CPUID_NENT_FIRST 16u
/* MSRs per KVM_GET_MSRS: msr_io() refuses nmsrs >= MAX_IO_MSRS (256). */
#define MSRS_BATCH 128u

/* ---- small KVM calls ---- */

/*
 * KVM_GET_MSR_FEATURE_INDEX_LIST, with KVM_GET_REG_LIST's protocol (see
 * hvabi_kvm_reg_list()). *@ret is malloc()ed.
 */
static int msr_list_read(struct hvabi_kvm *kvm, int fd, struct hvabi_kvm_msr_list **ret)
{
	static const struct hvabi_kvm_sized list = {
		.req = HVABI_KVM_GET_MSR_FEATURE_INDEX_LIST,
		.head = sizeof(struct hvabi_kvm_msr_list),
		.elem = sizeof(uint32_t),
		.tells = true,
		.max = MSR_LIST_MAX,
		.reads = MSR_LIST_TRIES,
	};

	return hvabi_kvm_sized_read(kvm, fd, &list, (void **)ret);
}

/*
 * The CPUID tables: KVM fails with E2BIG while nent is too small. Whether
 * the size it needs reaches userspace differs by ioctl and kernel
 * (KVM_GET_SUPPORTED_CPUID never writes it): take it when given, else
 * double. *@ret is malloc()ed.
 */
static int cpuid_read(struct hvabi_kvm *kvm, int fd, unsigned long req, uint32_t first,
		      struct hvabi_kvm_cpuid2 **ret)
{
	/*
	 * 6.1's KVM_GET_CPUID2 leaves nent as it was on success
	 * (kvm_vcpu_ioctl_get_cpuid2()): entries KVM did not write keep
	 * an all-ones pattern no real entry has, and end the table.
	 */
	struct hvabi_kvm_sized table = {
		.req = req,
		.head = sizeof(struct hvabi_kvm_cpuid2),
		.elem = sizeof(struct hvabi_kvm_cpuid_entry2),
		.first = first,
		.max = CPUID_NENT_MAX,
		.reads = CPUID_READS,
		.fill = 0xff,
	};
	struct hvabi_kvm_cpuid2 *c;
	uint32_t i;
	int r;

	r = hvabi_kvm_sized_read(kvm, fd, &table, (void **)&c);
	if (r)
		return r;
	for (i = 0; i < c->nent; i++)
		if (c->entries[i].function == UINT32_MAX && c->entries[i].index == UINT32_MAX &&
		    c->entries[i].flags == UINT32_MAX)
			break;
	c->nent = i;
	*ret = c;
	return 0;
}

/* ---- building entries ---- */

/* A value KVM reports as what it supports: for a host also its maximum. */
static int put_host_value(struct probe *p, const struct hvabi_key *key, uint64_t value,
			  bool host)
{
	return hvabi_probe_put_value(p, key, value, host ? HVABI_ENTRY_HAS_MAX : 0,
				     host ? value : 0);
}

/* ---- the tables ---- */

/* One entry per (function, index, register); @host adds HAS_MAX = value. */
static int put_cpuid(struct probe *p, const struct hvabi_kvm_cpuid2 *c, bool hv, bool host)
{
	uint32_t i;
	unsigned int reg;
	int r;

	for (i = 0; i < c->nent; i++) {
		const struct hvabi_kvm_cpuid_entry2 *ce = &c->entries[i];

		for (reg = HVABI_CPUID_EAX; reg <= HVABI_CPUID_EDX; reg++) {
			enum hvabi_cpuid_reg cr = (enum hvabi_cpuid_reg)reg;
			struct hvabi_key key = hvabi_key_cpuid(ce->function, ce->index, cr);
			uint32_t v = hvabi_cpuid2_reg(ce, reg);

			if (hv)
				key = hvabi_key_hv_cpuid(ce->function, ce->index, cr);
			r = put_host_value(p, &key, v, host);
			if (r)
				return r;
		}
	}
	return 0;
}

static int read_cpuid(struct probe *p, int fd, unsigned long req, uint32_t first, bool hv,
		      bool host)
{
	struct hvabi_kvm_cpuid2 *c;
	int r;

	r = cpuid_read(p->kvm, fd, req, first, &c);
	if (r)
		return r;
	r = put_cpuid(p, c, hv, host);
	free(c);
	return r;
}

/*
 * The feature MSRs, read on @fd (/dev/kvm for the host, vCPU 0 for a VM).
 * KVM_GET_MSRS stops at the first MSR it refuses and returns how many it
 * read: record those, skip the refused one, go on after it.
 */
static int read_msrs(struct probe *p, int fd, bool host)
{
	struct hvabi_kvm_msr_list *l;
	struct hvabi_kvm_msrs *m;
	uint32_t i = 0;
	int r = 0;

	r = msr_list_read(p->kvm, p->kvm->fd, &l);
	if (r)
		return r;
	m = malloc(sizeof(*m) + MSRS_BATCH * sizeof(m->entries[0]));
	if (!m) {
		free(l);
		return -ENOMEM;
	}
	while (i < l->nmsrs) {
		uint32_t k, got, n = l->nmsrs - i < MSRS_BATCH ? l->nmsrs - i : MSRS_BATCH;

		memset(m, 0, sizeof(*m) + n * sizeof(m->entries[0]));
		m->nmsrs = n;
		for (k = 0; k < n; k++)
			m->entries[k].index = l->indices[i + k];
		r = hvabi_kvm_call(p->kvm, fd, HVABI_KVM_GET_MSRS, m);
		if (r < 0)
			break;
		/* More MSRs read than asked for: a broken KVM, and no way to trust it. */
		got = (uint32_t)r;
		if (got > n) {
			r = -EIO;
			break;
		}
		for (k = 0; k < got; k++) {
			struct hvabi_key key = hvabi_key_msr(m->entries[k].index);
			uint64_t v = m->entries[k].data;

			r = put_host_value(p, &key, v, host);
			if (r)
				goto out;
		}
		i += got;
		if (got < n)
			i++;
		r = 0;
	}
out:
	free(m);
	free(l);
	return r < 0 ? r : 0;
}

/*
 * eVMCS: KVM_ENABLE_CAP(163) on a vCPU writes the supported version
 * range to the u16 args[0] points at. It needs a (scratch) vCPU, and only
 * Intel has it: where CHECK_EXTENSION said 0 (AMD) nothing is tried;
 * where enabling fails as unsupported the CHECK_EXTENSION answer stays.
 */
static int x86_evmcs(struct probe *p)
{
	struct hvabi_kvm_enable_cap cap;
	struct hvabi_key key = hvabi_key_cap(HVABI_KVM_CAP_HYPERV_ENLIGHTENED_VMCS);
	uint16_t range = 0;
	int r;

	if (!hvabi_probe_cap_value(p, HVABI_KVM_CAP_HYPERV_ENLIGHTENED_VMCS))
		return 0;
	r = hvabi_probe_create_vm_vcpu(p);
	if (r)
		return r;
	memset(&cap, 0, sizeof(cap));
	cap.cap = HVABI_KVM_CAP_HYPERV_ENLIGHTENED_VMCS;
	cap.args[0] = (uintptr_t)&range;
	r = hvabi_kvm_call(p->kvm, p->vcpu_fd, HVABI_KVM_ENABLE_CAP, &cap);
	if (r == -ENOTTY || r == -EINVAL)
		return 0;
	if (r)
		return r;
	return hvabi_probe_put_value(p, &key, range, 0, 0);
}

static int set_tsc_khz(struct probe *p, uint64_t khz)
{
	return hvabi_kvm_call(p->kvm, p->vcpu_fd, HVABI_KVM_SET_TSC_KHZ, (void *)(uintptr_t)khz);
}

/* Whether KVM_SET_TSC_KHZ takes @khz: 1, 0 (EINVAL), or a negative errno. */
static int tsc_takes(struct probe *p, uint64_t khz)
{
	int r = set_tsc_khz(p, khz);

	return !r ? 1 : r == -EINVAL ? 0 : r;
}

/*
 * The rate next to @bad that KVM_SET_TSC_KHZ still takes, by bisection
 * between @bad (refused) and @good (taken): taking is monotone in the
 * rate on either side of the host's.
 */
static int tsc_edge(struct probe *p, uint64_t bad, uint64_t good, uint64_t *edge)
{
	while ((good > bad ? good - bad : bad - good) > 1) {
		uint64_t mid = bad < good ? bad + (good - bad) / 2 : good + (bad - good) / 2;
		int r = tsc_takes(p, mid);

		if (r < 0)
			return r;
		*(r ? &good : &bad) = mid;
	}
	*edge = good;
	return 0;
}

/* KVM's tsc_tolerance_ppm (x86.c), a module parameter; 250 unless an administrator changed it. */
#define TSC_TOLERANCE_PPM 250u

/*
 * The TSC rate: what a new vCPU runs at, and the rates KVM_SET_TSC_KHZ
 * gives (x86.c: kvm_set_tsc_khz()), measured by writing on the scratch
 * vCPU. KVM takes a rate at or above tsc_khz * (1 - tolerance): within
 * the tolerance as it is, above it by TSC scaling or, without scaling, by
 * catching the TSC up at each entry, which no guest sees as a steady
 * rate. So the lowest rate taken, L, is found by bisection (taking is
 * monotone in the rate); L far below the vCPU's rate means scaling, and
 * the highest rate taken (max_guest_tsc_khz) is found the same way;
 * otherwise the host's rate is L / (1 - tolerance) and the range is
 * symmetric around it, with the default tolerance (250 ppm).
 *
 * KVM_GET_TSC_KHZ answers the rate KVM chose when it loaded (max_tsc_khz);
 * where the host refined its TSC calibration later, that rate can lie
 * outside what KVM_SET_TSC_KHZ takes (seen on 6.1 under QEMU TCG: 2597696
 * against a refined 2599977). The value is then the host's rate, which
 * is what the guest's TSC runs at. A refused write leaves KVM_GET_TSC_KHZ
 * answering the refused rate: the scratch vCPU is thrown away after the
 * probe.
 */
static int x86_tsc(struct probe *p)
{
	struct hvabi_key key = hvabi_key_vcpu_value(HVABI_VCPU_VALUE_TSC_KHZ);
	uint64_t khz, lo, hi, rate;
	struct hvabi_entry e;
	int r;

	r = hvabi_kvm_check_ext(p->kvm, p->cap_fd, HVABI_KVM_CAP_GET_TSC_KHZ);
	if (r <= 0)
		return r;
	if (p->vcpu_fd < 0 && (r = hvabi_probe_create_vm_vcpu(p)))
		return r;
	r = hvabi_kvm_call(p->kvm, p->vcpu_fd, HVABI_KVM_GET_TSC_KHZ, NULL);
	/* 0: the host's TSC could not be calibrated; nothing to pin. */
	if (r <= 0)
		return r;
	khz = (uint64_t)r;
	hvabi_entry_init(&e, p->fs->arch, &key);
	e.value = khz;
	/* Twice the rate is taken by scaling or catch-up; where not, KVM gives only its own. */
	r = tsc_takes(p, 2 * khz);
	if (r <= 0)
		return r < 0 ? r : hvabi_featureset_put(p->fs, &e);
	r = tsc_edge(p, 0, 2 * khz, &lo);
	if (r)
		return r;
	if (lo < khz / 2) {
		r = tsc_edge(p, INT32_MAX, 2 * khz, &hi);
		if (r)
			return r;
	} else {
		rate = (lo * 1000000 + (1000000 - TSC_TOLERANCE_PPM) - 1) /
		       (1000000 - TSC_TOLERANCE_PPM);
		hi = rate * (1000000 + TSC_TOLERANCE_PPM) / 1000000;
		if (khz < lo || khz > hi)
			e.value = rate;
	}
	e.flags = HVABI_ENTRY_HAS_MIN | HVABI_ENTRY_HAS_MAX;
	e.min = lo;
	e.max = hi;
	return hvabi_featureset_put(p->fs, &e);
}

int hvabi_probe_x86(struct probe *p)
{
	int r;

	/* Every x86 table is a /dev/kvm ioctl: no scratch VM for them. */
	r = hvabi_probe_choose_cap_fd(p, -1);
	if (!r)
		r = hvabi_probe_record_caps(p);
	if (!r)
		r = read_cpuid(p, p->kvm->fd, HVABI_KVM_GET_SUPPORTED_CPUID,
			       CPUID_NENT_FIRST, false, true);
	if (!r && hvabi_probe_cap_value(p, HVABI_KVM_CAP_SYS_HYPERV_CPUID))
		r = read_cpuid(p, p->kvm->fd, HVABI_KVM_GET_SUPPORTED_HV_CPUID,
			       HV_CPUID_NENT_FIRST, true, true);
	if (!r && hvabi_probe_cap_value(p, HVABI_KVM_CAP_GET_MSR_FEATURES))
		r = read_msrs(p, p->kvm->fd, true);
	if (!r)
		r = x86_evmcs(p);
	if (!r)
		r = x86_tsc(p);
	return r;
}

/* ---- reading a VMM's VM ---- */

/*
 * x86: the TSC rate the VM's vCPUs run at (KVM_GET_TSC_KHZ), the value
 * invtsc promises; vCPUs at different rates describe no one VM (EIO).
 */
static int read_vm_tsc(struct probe *p, const int *vcpu_fds, size_t nvcpus)
{
	struct hvabi_key key = hvabi_key_vcpu_value(HVABI_VCPU_VALUE_TSC_KHZ);
	struct hvabi_entry e;
	size_t i;
	int r;

	r = hvabi_kvm_check_ext(p->kvm, p->cap_fd, HVABI_KVM_CAP_GET_TSC_KHZ);
	if (r <= 0)
		return r;
	hvabi_entry_init(&e, p->fs->arch, &key);
	for (i = 0; i < nvcpus; i++) {
		r = hvabi_kvm_call(p->kvm, vcpu_fds[i], HVABI_KVM_GET_TSC_KHZ, NULL);
		if (r < 0)
			return r;
		/* 0: the host's TSC could not be calibrated; nothing to pin. */
		if (!r)
			return 0;
		if (i && (uint64_t)r != e.value)
			return -EIO;
		e.value = (uint64_t)r;
	}
	return hvabi_featureset_put(p->fs, &e);
}

/*
 * x86's part of hvabi_kvm_read_vm(): vCPU 0's CPUID table and feature
 * MSRs, and the rate every vCPU's TSC runs at.
 */
int hvabi_probe_x86_read_vm(struct probe *p, const int *vcpu_fds, size_t nvcpus)
{
	int r;

	r = read_cpuid(p, vcpu_fds[0], HVABI_KVM_GET_CPUID2, CPUID_NENT_FIRST, false, false);
	if (!r && hvabi_probe_cap_value(p, HVABI_KVM_CAP_GET_MSR_FEATURES))
		r = read_msrs(p, vcpu_fds[0], false);
	if (!r)
		r = read_vm_tsc(p, vcpu_fds, nvcpus);
	return r;
}
