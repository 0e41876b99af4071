// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * kraw-x86: what an x86 KVM offers a guest, read with raw ioctls and
 * without libhvabi, to compare the library's probe (kprobe) against; the
 * x86 counterpart of kraw.c, in the same line format (compare.awk).
 *
 * Prints, one fact a line, each list sorted:
 *
 *	release <uname -r>
 *	api <KVM_GET_API_VERSION>
 *	cap <n> sys <value on /dev/kvm> vm <value on a fresh VM fd>
 *		every capability 0..KRAW_MAX_CAP where either is non-zero, and
 *		always the ones named in named_caps[] (negative: -errno)
 *	cpuidlist <n>		KVM_GET_SUPPORTED_CPUID's entries
 *	cpuid <function>.<index> flags <f> eax <a> ebx <b> ecx <c> edx <d>
 *	msrlist <n>		KVM_GET_MSR_FEATURE_INDEX_LIST (cap 153)
 *	msr <index> <value>	KVM_GET_MSRS on /dev/kvm, one MSR at a time
 *	msr <index> error <errno name> | msr <index> unread
 *	hvcpuidlist <n>		KVM_GET_SUPPORTED_HV_CPUID on /dev/kvm (cap 191)
 *	hvcpuid <function>.<index> flags <f> eax <a> ebx <b> ecx <c> edx <d>
 *	tsc-khz <kHz>		KVM_GET_TSC_KHZ on vCPU 0 of a fresh VM
 *
 * A list the kernel cannot give is one line "<list> error <errno name>"
 * (or "unsupported" when its capability is 0). Numbers are hex where the
 * kernel's are bit fields or indices, decimal where they are counts.
 * Exit status: 0, or 1 when /dev/kvm, the VM, the vCPU or
 * KVM_GET_SUPPORTED_CPUID failed.
 *
 * Built with -DKRAW_SIM and linked with libhvabi, the same program asks a
 * simulated kernel instead (kraw-x86-sim MODEL [SEEDFILE], e.g.
 * kraw-x86-sim x86-6.12, or "auto" for x86-X.Y of the running kernel;
 * SEEDFILE holds the host's values, hostseed.h), so the two outputs can
 * be compared line by line (compare.awk); exit status 2 when the library
 * has no such model or the seed does not apply.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/utsname.h>
#include <linux/kvm.h>

#ifdef KRAW_SIM
#include <libhvabi/sim.h>
#include "hostseed.h"
#endif
#define KRAW_PROG "kraw-x86"
#include "kraw-common.h"

/* The capabilities the lab reports whatever their value (by number: some
 * are newer than the build's uapi headers). */
static const int named_caps[] = {
	60,	/* KVM_CAP_TSC_CONTROL */
	61,	/* KVM_CAP_GET_TSC_KHZ */
	70,	/* KVM_CAP_ONE_REG */
	153,	/* KVM_CAP_GET_MSR_FEATURES */
	157,	/* KVM_CAP_NESTED_STATE (the size of the nested state) */
	163,	/* KVM_CAP_HYPERV_ENLIGHTENED_VMCS */
	167,	/* KVM_CAP_HYPERV_CPUID */
	187,	/* KVM_CAP_STEAL_TIME */
	190,	/* KVM_CAP_ENFORCE_PV_FEATURE_CPUID */
	191,	/* KVM_CAP_SYS_HYPERV_CPUID */
	199,	/* KVM_CAP_HYPERV_ENFORCE_CPUID */
	214,	/* KVM_CAP_VM_TSC_CONTROL */
};
#define CAP_GET_MSR_FEATURES	153
#define CAP_SYS_HYPERV_CPUID	191
#define CAP_GET_TSC_KHZ		61

/* KVM_MAX_CPUID_ENTRIES is 256; start there and grow on E2BIG. */
#define CPUID_START	256u
#define CPUID_LIMIT	4096u

static int cmp_cpuid(const void *a, const void *b)
{
	const struct kvm_cpuid_entry2 *x = a, *y = b;

	if (x->function != y->function)
		return x->function < y->function ? -1 : 1;
	if (x->index != y->index)
		return x->index < y->index ? -1 : 1;
	return 0;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * A CPUID table from @fd (KVM_GET_SUPPORTED_CPUID or
 * KVM_GET_SUPPORTED_HV_CPUID), grown on E2BIG; NULL and errno on failure.
 */
static struct kvm_cpuid2 *get_cpuid(int fd, unsigned long req)
{
	uint32_t n;

	for (n = CPUID_START; n <= CPUID_LIMIT; n *= 2) {
		struct kvm_cpuid2 *c = calloc(1, sizeof(*c) + n * sizeof(c->entries[0]));

		if (!c) {
			errno = ENOMEM;
			return NULL;
		}
		c->nent = n;
		if (xioctl(fd, req, c) == 0)
			return c;
		free(c);
		if (errno != E2BIG)
			return NULL;
	}
	errno = E2BIG;
	return NULL;
}

static void print_cpuid(const char *list, const char *tag, struct kvm_cpuid2 *c)
{
	uint32_t i;

	qsort(c->entries, c->nent, sizeof(c->entries[0]), cmp_cpuid);
	printf("%s %u\n", list, c->nent);
	for (i = 0; i < c->nent; i++) {
		const struct kvm_cpuid_entry2 *e = &c->entries[i];

		printf("%s 0x%08x.0x%08x flags 0x%x eax 0x%08x ebx 0x%08x ecx 0x%08x edx 0x%08x\n",
		       tag, e->function, e->index, e->flags, e->eax, e->ebx, e->ecx, e->edx);
	}
}

/* The feature MSRs and their values, both read on /dev/kvm. */
static void print_feature_msrs(int kvm)
{
	struct kvm_msr_list probe = { .nmsrs = 0 }, *list;
	uint32_t i;

	if (xioctl(kvm, KVM_GET_MSR_FEATURE_INDEX_LIST, &probe) < 0 && errno != E2BIG) {
		printf("msrlist error %s\n", errname(errno));
		return;
	}
	list = calloc(1, sizeof(*list) + probe.nmsrs * sizeof(list->indices[0]));
	if (!list) {
		printf("msrlist error ENOMEM\n");
		return;
	}
	list->nmsrs = probe.nmsrs;
	if (xioctl(kvm, KVM_GET_MSR_FEATURE_INDEX_LIST, list) < 0) {
		printf("msrlist error %s\n", errname(errno));
		free(list);
		return;
	}
	qsort(list->indices, list->nmsrs, sizeof(list->indices[0]), cmp_u32);
	printf("msrlist %u\n", list->nmsrs);
	for (i = 0; i < list->nmsrs; i++) {
		struct {
			struct kvm_msrs hdr;
			struct kvm_msr_entry e;
		} m;
		int r;

		memset(&m, 0, sizeof(m));
		m.hdr.nmsrs = 1;
		m.e.index = list->indices[i];
		r = xioctl(kvm, KVM_GET_MSRS, &m);
		if (r < 0)
			printf("msr 0x%08x error %s\n", list->indices[i], errname(errno));
		else if (r == 0)
			printf("msr 0x%08x unread\n", list->indices[i]);
		else
			printf("msr 0x%08x 0x%016llx\n", list->indices[i],
			       (unsigned long long)m.e.data);
	}
	free(list);
}

int main(int argc, char **argv)
{
	struct kvm_cpuid2 *c;
	struct utsname u;
	int kvm, vm, vcpu, cap, api, sys_hv = 0, msr_features = 0, tsc_khz = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	uname(&u);
	printf("release %s\n", u.release);

	kvm = open_kvm(argc, argv);
	if (kvm < 0) {
		printf("error open /dev/kvm: %s\n", strerror(errno));
		return 1;
	}
	api = xioctl(kvm, KVM_GET_API_VERSION, NULL);
	printf("api %d\n", api);
	vm = xioctl(kvm, KVM_CREATE_VM, (void *)0);
	if (vm < 0) {
		printf("error KVM_CREATE_VM: %s\n", strerror(errno));
		return 1;
	}

	for (cap = 0; cap <= KRAW_MAX_CAP; cap++) {
		int s, v;

		kraw_cap(kvm, vm, cap,
			 kraw_listed(cap, named_caps, sizeof(named_caps) / sizeof(named_caps[0])),
			 &s, &v);
		if (cap == CAP_SYS_HYPERV_CPUID)
			sys_hv = s > 0;
		if (cap == CAP_GET_MSR_FEATURES)
			msr_features = s > 0;
		if (cap == CAP_GET_TSC_KHZ)
			tsc_khz = s > 0 || v > 0;
	}

	c = get_cpuid(kvm, KVM_GET_SUPPORTED_CPUID);
	if (!c) {
		printf("cpuidlist error %s\n", errname(errno));
		return 1;
	}
	print_cpuid("cpuidlist", "cpuid", c);
	free(c);

	if (msr_features)
		print_feature_msrs(kvm);
	else
		printf("msrlist unsupported\n");

	if (sys_hv) {
		c = get_cpuid(kvm, KVM_GET_SUPPORTED_HV_CPUID);
		if (c) {
			print_cpuid("hvcpuidlist", "hvcpuid", c);
			free(c);
		} else {
			printf("hvcpuidlist error %s\n", errname(errno));
		}
	} else {
		printf("hvcpuidlist unsupported\n");
	}

	vcpu = xioctl(vm, KVM_CREATE_VCPU, (void *)0);
	if (vcpu < 0) {
		printf("error KVM_CREATE_VCPU: %s\n", strerror(errno));
		return 1;
	}
	if (tsc_khz) {
		int khz = xioctl(vcpu, KVM_GET_TSC_KHZ, NULL);

		if (khz < 0)
			printf("tsc-khz error %s\n", errname(errno));
		else
			printf("tsc-khz %d\n", khz);
	} else {
		printf("tsc-khz unsupported\n");
	}

	xclose(vcpu);
	xclose(vm);
	xclose(kvm);
	kraw_done();
	return 0;
}
