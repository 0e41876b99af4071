// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * kdiff-x86: differential truth for the simulated x86 kernels, the x86
 * counterpart of kdiff.c. One scripted sequence of ioctls on /dev/kvm, a
 * VM and vCPUs, built twice from this file:
 *
 *	kdiff-x86 [SEEDFILE]		against the running kernel's /dev/kvm
 *					with ioctl(); first reads the host's
 *					values (hostseed.h) and prints them as
 *					"seed" lines (and writes SEEDFILE)
 *	kdiff-x86-sim MODEL SEEDFILE	(-DKDIFF_SIM) against the simulated
 *					MODEL ("auto": x86-X.Y of the running
 *					kernel) through hvabi_sim_ioctl(),
 *					seeded from SEEDFILE first
 *
 * Every call of the script prints one line,
 *
 *	<step> rc=<0 | errno name> value=<0x... | -> ioctl=<name>
 *
 * where value is what the call returned or what a read after it showed;
 * lines starting with '#' or "seed " are not steps. The two outputs are
 * compared step by step (kdiff-compare.awk); step names are built from
 * the script and from answers both sides must agree on, so both sides
 * print the same names.
 *
 * The host seed (what the kernel takes from the CPU): the capabilities
 * that report the machine (online CPUs, TSC scaling, MWAIT in the guest,
 * a PMU, VM types), every register of KVM_GET_SUPPORTED_CPUID, the CPU's
 * own leaf 0x80000005 (the CPUID instruction: 6.1 does not report it,
 * later kernels pass it through), Hyper-V 0x40000004 EAX (whether SMT is
 * possible), the feature MSR values and the TSC rate.
 *
 * The script: capabilities on /dev/kvm and a VM; KVM_GET_SUPPORTED_CPUID,
 * KVM_GET_EMULATED_CPUID and KVM_GET_SUPPORTED_HV_CPUID with too small,
 * exact and large nent (E2BIG protocol) and every register they return;
 * KVM_GET_MSR_FEATURE_INDEX_LIST and KVM_GET_MSR_INDEX_LIST (the size
 * protocol; the latter's list is not modelled, its count not compared);
 * KVM_GET_MSRS of every feature MSR on /dev/kvm; the XSAVE attribute; VM
 * types; KVM_SET/GET_TSC_KHZ on a VM before and after its vCPU; the
 * feature MSRs of a vCPU read and written before and after its CPUID
 * (ARCH_CAPABILITIES with bits the host lacks, PERF_CAPABILITIES beyond
 * what KVM supports, PLATFORM_INFO, UCODE_REV, DE_CFG), the same through
 * KVM_GET/SET_ONE_REG; KVM_SET_CPUID2 with the supported table, a linear
 * address width other than 48/57, more than 256 entries, none; the
 * KVM_GET_CPUID2 size protocol and the runtime bits; KVM_SET_TSC_KHZ at
 * 0, the host's rate, +-249 and +-251 ppm, half, double and 2^31-1;
 * KVM_ENABLE_CAP of ENFORCE_PV_FEATURE_CPUID, HYPERV_ENFORCE_CPUID and
 * eVMCS; one real run of the vCPU (a HLT at the reset vector; the
 * simulator calls hvabi_sim_run()) and the CPUID, MSR and TSC writes
 * again; vCPU ids up to KVM_CAP_MAX_VCPU_ID.
 *
 * Exit status: 0 when the script ran to its end (refusals are results,
 * not failures), 1 when a VM or vCPU the script needs could not be made,
 * 2 for bad arguments or an unknown model.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cpuid.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <linux/kvm.h>

#ifdef KDIFF_SIM
#include <libhvabi/sim.h>
#include "hostseed.h"
#endif

#define KD_MAX_CAP	320
#define KD_MAX_CPUID	512u

/* Capabilities by number (some are newer than the build's uapi headers). */
#define CAP_TSC_CONTROL			60
#define CAP_GET_TSC_KHZ			61
#define CAP_MAX_VCPU_ID			128
#define CAP_HYPERV_ENLIGHTENED_VMCS	163
#define CAP_HYPERV_CPUID		167
#define CAP_ENFORCE_PV_FEATURE_CPUID	190
#define CAP_SYS_HYPERV_CPUID		191
#define CAP_HYPERV_ENFORCE_CPUID	199
#define CAP_EXIT_HYPERCALL		201


/* Feature MSRs and others the script reads and writes. */
#define MSR_UCODE_REV		0x8b
#define MSR_PLATFORM_INFO	0xce
#define MSR_ARCH_CAPABILITIES	0x10a
#define MSR_PERF_CAPABILITIES	0x345
#define MSR_DE_CFG		0xc0011029
#define MSR_UNKNOWN		0x12345678
#define ARCH_CAP_RRSBA		(1ull << 19)

/* 7.x uapi asm/kvm.h: KVM_X86_REG_MSR(index), KVM_X86_REG_KVM(KVM_REG_GUEST_SSP) */
#define KD_REG_X86		0x2000000000000000ull
#define KD_REG_MSR(i)		(KD_REG_X86 | (2ull << 32) | KVM_REG_SIZE_U64 | (i))
#define KD_REG_SSP		(KD_REG_X86 | (3ull << 32) | KVM_REG_SIZE_U64 | 0)

/* ---------------------------------------------------------------- ioctl */

#include "kdiff-common.h"

/* A step for an ioctl whose non-negative result is its value. */
static void step_r(const char *ioctl_name, int r, const char *what)
{
	step(ioctl_name, r < 0 ? r : 0, r >= 0, (uint64_t)(r < 0 ? 0 : r), "%s", what);
}

/* FNV-1a over bytes: one value for a list both sides must return alike. */
static uint64_t fnv(const void *p, size_t n)
{
	const unsigned char *b = p;
	uint64_t h = 0xcbf29ce484222325ull;

	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

static struct kvm_cpuid2 *cpuid_alloc(uint32_t nent)
{
	struct kvm_cpuid2 *c = calloc(1, sizeof(*c) + (KD_MAX_CPUID + 1) * sizeof(c->entries[0]));

	if (!c) {
		printf("# out of memory\n");
		exit(1);
	}
	c->nent = nent;
	return c;
}

/* A table from @fd by @req, grown on E2BIG; NULL when the kernel refuses. */
static struct kvm_cpuid2 *cpuid_get(int fd, unsigned long req)
{
	for (uint32_t n = 8; n <= KD_MAX_CPUID; n *= 2) {
		struct kvm_cpuid2 *c = cpuid_alloc(n);
		int r = do_ioctl(fd, req, c);

		if (r == 0)
			return c;
		free(c);
		if (r != -E2BIG)
			return NULL;
	}
	return NULL;
}

static int msrs_io(int fd, unsigned long req, uint32_t index, uint64_t *data)
{
	struct {
		struct kvm_msrs h;
		struct kvm_msr_entry e;
	} m;
	int r;

	memset(&m, 0, sizeof(m));
	m.h.nmsrs = 1;
	m.e.index = index;
	m.e.data = *data;
	r = do_ioctl(fd, req, &m);
	*data = m.e.data;
	return r;
}

static int create_vm(int sys, unsigned long type)
{
	return do_ioctl(sys, KVM_CREATE_VM, (void *)(uintptr_t)type);
}

/* ------------------------------------------------------------ host seed */

#ifndef KDIFF_SIM
/* The capabilities that report the machine (the seed). */
static const unsigned int seed_caps[] = {
	9,	/* NR_VCPUS: online CPUs */
	60,	/* TSC_CONTROL: TSC scaling */
	143,	/* X86_DISABLE_EXITS: MWAIT in the guest */
	212,	/* PMU_CAPABILITY: a PMU KVM can use */
	214,	/* VM_TSC_CONTROL: TSC scaling */
	235,	/* VM_TYPES: SEV */
};

static void seed_line(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void seed_line(FILE *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	if (f) {
		va_start(ap, fmt);
		vfprintf(f, fmt, ap);
		va_end(ap);
	}
}

/*
 * The host's values (see the head comment): the capabilities, the
 * supported CPUID table, the CPU's own leaf 0x80000005, Hyper-V
 * 0x40000004 EAX, the feature MSRs, the TSC rate of a fresh vCPU.
 */
static int write_seed(int sys, const char *path)
{
	struct kvm_msr_list probe = { .nmsrs = 0 }, *list;
	struct kvm_cpuid2 *c;
	unsigned int a, b, cx, d;
	FILE *f = NULL;
	int vm, vcpu, r;

	if (path) {
		f = fopen(path, "w");
		if (!f) {
			printf("# seed: %s: %s\n", path, strerror(errno));
			return -1;
		}
	}
	for (size_t i = 0; i < sizeof(seed_caps) / sizeof(seed_caps[0]); i++) {
		r = do_ioctl(sys, KVM_CHECK_EXTENSION, (void *)(uintptr_t)seed_caps[i]);
		if (r >= 0)
			seed_line(f, "seed cap %u %d\n", seed_caps[i], r);
	}
	c = cpuid_get(sys, KVM_GET_SUPPORTED_CPUID);
	if (!c)
		return -1;
	for (uint32_t i = 0; i < c->nent; i++) {
		const struct kvm_cpuid_entry2 *e = &c->entries[i];
		const uint32_t regs[4] = { e->eax, e->ebx, e->ecx, e->edx };

		for (int k = 0; k < 4; k++)
			seed_line(f, "seed cpuid 0x%x 0x%x %d 0x%x\n", e->function, e->index, k,
				  regs[k]);
	}
	free(c);
	/* the CPU's L1 caches and TLBs, which 6.1 does not report and 6.12 passes through */
	if (__get_cpuid(0x80000000, &a, &b, &cx, &d) && a >= 0x80000005) {
		__cpuid(0x80000005, a, b, cx, d);
		seed_line(f, "# the CPU's own leaf 0x80000005 (CPUID instruction)\n");
		seed_line(f, "seed cpuid 0x80000005 0x0 0 0x%x\nseed cpuid 0x80000005 0x0 1 0x%x\n"
			     "seed cpuid 0x80000005 0x0 2 0x%x\nseed cpuid 0x80000005 0x0 3 0x%x\n",
			  a, b, cx, d);
	}
	c = cpuid_get(sys, KVM_GET_SUPPORTED_HV_CPUID);
	for (uint32_t i = 0; c && i < c->nent; i++)
		if (c->entries[i].function == 0x40000004)
			seed_line(f, "seed hvcpuid 0x40000004 0x0 0 0x%x\n", c->entries[i].eax);
	free(c);
	r = do_ioctl(sys, KVM_GET_MSR_FEATURE_INDEX_LIST, &probe);
	list = calloc(1, sizeof(*list) + (probe.nmsrs + 1) * sizeof(list->indices[0]));
	if (!list)
		return -1;
	list->nmsrs = probe.nmsrs;
	r = do_ioctl(sys, KVM_GET_MSR_FEATURE_INDEX_LIST, list);
	for (uint32_t i = 0; r == 0 && i < list->nmsrs; i++) {
		uint64_t v = 0;

		if (msrs_io(sys, KVM_GET_MSRS, list->indices[i], &v) == 1)
			seed_line(f, "seed msr 0x%x 0x%" PRIx64 "\n", list->indices[i], v);
	}
	free(list);
	vm = create_vm(sys, 0);
	if (vm < 0)
		return vm;
	vcpu = do_ioctl(vm, KVM_CREATE_VCPU, (void *)0);
	if (vcpu < 0)
		return vcpu;
	r = do_ioctl(vcpu, KVM_GET_TSC_KHZ, NULL);
	if (r > 0)
		seed_line(f, "seed tsc-khz %d\n", r);
	do_close(vcpu);
	do_close(vm);
	if (f)
		fclose(f);
	return 0;
}
#endif

/* ------------------------------------------------------------- the run */

#ifndef KDIFF_SIM
/* HLT at the reset vector (CS base 0xffff0000, IP 0xfff0): KVM_EXIT_HLT. */
#define GUEST_GPA	0xffff0000ull
#define GUEST_MEM	0x10000

static int run_vcpu(int sys, int vm, int vcpu)
{
	struct kvm_userspace_memory_region mr;
	struct kvm_run *run;
	void *mem;
	int size, r;

	mem = mmap(NULL, GUEST_MEM, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		return -errno;
	memset(mem, 0xf4, GUEST_MEM);
	memset(&mr, 0, sizeof(mr));
	mr.slot = 0;
	mr.guest_phys_addr = GUEST_GPA;
	mr.memory_size = GUEST_MEM;
	mr.userspace_addr = (uintptr_t)mem;
	r = do_ioctl(vm, KVM_SET_USER_MEMORY_REGION, &mr);
	if (r < 0) {
		printf("# run: KVM_SET_USER_MEMORY_REGION: %s\n", errname(-r));
		return r;
	}
	size = do_ioctl(sys, KVM_GET_VCPU_MMAP_SIZE, NULL);
	if (size < 0)
		return size;
	run = mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
	if (run == MAP_FAILED)
		return -errno;
	r = do_ioctl(vcpu, KVM_RUN, NULL);
	if (r == 0)
		printf("# run: exit_reason %u (KVM_EXIT_HLT is %d)\n", run->exit_reason, KVM_EXIT_HLT);
	munmap(run, (size_t)size);
	return r;
}
#else
static int run_vcpu(int sys, int vm, int vcpu)
{
	(void)sys;
	(void)vm;
	return hvabi_sim_run(sim, vcpu);
}
#endif

/* ------------------------------------------------------------ sections */

static void caps(int sys, int vm)
{
	for (unsigned int c = 0; c <= KD_MAX_CAP; c++) {
		int s = do_ioctl(sys, KVM_CHECK_EXTENSION, (void *)(uintptr_t)c);
		int v = do_ioctl(vm, KVM_CHECK_EXTENSION, (void *)(uintptr_t)c);

		if (s)
			step("CHECK_EXTENSION", s < 0 ? s : 0, s > 0, (uint64_t)s, "cap sys %u", c);
		if (v)
			step("CHECK_EXTENSION", v < 0 ? v : 0, v > 0, (uint64_t)v, "cap vm %u", c);
	}
}

static void print_table(const char *what, const char *ioctl_name, const struct kvm_cpuid2 *c)
{
	step(ioctl_name, 0, true, c->nent, "%s nent", what);
	step(ioctl_name, 0, true, fnv(c->entries, c->nent * sizeof(c->entries[0])), "%s hash",
	     what);
	for (uint32_t i = 0; i < c->nent; i++) {
		const struct kvm_cpuid_entry2 *e = &c->entries[i];

		step(ioctl_name, 0, true, ((uint64_t)e->function << 32) | e->index, "%s %u leaf",
		     what, i);
		step(ioctl_name, 0, true, e->flags, "%s 0x%x.%u flags", what, e->function, e->index);
		step(ioctl_name, 0, true, e->eax, "%s 0x%x.%u eax", what, e->function, e->index);
		step(ioctl_name, 0, true, e->ebx, "%s 0x%x.%u ebx", what, e->function, e->index);
		step(ioctl_name, 0, true, e->ecx, "%s 0x%x.%u ecx", what, e->function, e->index);
		step(ioctl_name, 0, true, e->edx, "%s 0x%x.%u edx", what, e->function, e->index);
	}
}

/*
 * The E2BIG protocol of a CPUID table ioctl on @fd: no room, one entry
 * short, exact, more than KVM_MAX_CPUID_ENTRIES; nent as the call left
 * it. Returns the table (exact size) or NULL.
 */
static struct kvm_cpuid2 *cpuid_protocol(int fd, unsigned long req, const char *what,
					 const char *ioctl_name)
{
	struct kvm_cpuid2 *c = cpuid_get(fd, req), *t;
	uint32_t n;
	int r;

	if (!c) {
		t = cpuid_alloc(KD_MAX_CPUID);
		r = do_ioctl(fd, req, t);
		step(ioctl_name, r, false, 0, "%s refused", what);
		free(t);
		return NULL;
	}
	n = c->nent;
	{
		const uint32_t tries[] = { 0, 1, n - 1, n, n + 1, 256, 257, KD_MAX_CPUID };
		const char *names[] = { "0", "1", "n-1", "n", "n+1", "256", "257", "512" };

		for (size_t i = 0; i < sizeof(tries) / sizeof(tries[0]); i++) {
			t = cpuid_alloc(tries[i]);
			r = do_ioctl(fd, req, t);
			step(ioctl_name, r, true, t->nent, "%s nent=%s", what, names[i]);
			free(t);
		}
	}
	print_table(what, ioctl_name, c);
	return c;
}

static void emulated_cpuid(int sys)
{
	struct kvm_cpuid2 *c;
	int r;

	c = cpuid_protocol(sys, KVM_GET_EMULATED_CPUID, "emulated", "GET_EMULATED_CPUID");
	free(c);
	/* sanity_check_entries(): the caller's padding must be zero */
	c = cpuid_alloc(16);
	c->entries[3].padding[1] = 1;
	r = do_ioctl(sys, KVM_GET_EMULATED_CPUID, c);
	step("GET_EMULATED_CPUID", r, false, 0, "emulated padding");
	free(c);
}

static void msr_lists(int sys)
{
	struct kvm_msr_list *l = calloc(1, sizeof(*l) + 2048 * sizeof(l->indices[0]));
	uint32_t n;
	uint64_t v;
	int r;

	if (!l)
		exit(1);
	/* the feature MSRs: count first, then E2BIG; the list itself */
	l->nmsrs = 0;
	r = do_ioctl(sys, KVM_GET_MSR_FEATURE_INDEX_LIST, l);
	step("GET_MSR_FEATURE_INDEX_LIST", r, true, l->nmsrs, "feature msrs nmsrs=0");
	n = l->nmsrs;
	l->nmsrs = n ? n - 1 : 0;
	r = do_ioctl(sys, KVM_GET_MSR_FEATURE_INDEX_LIST, l);
	step("GET_MSR_FEATURE_INDEX_LIST", r, true, l->nmsrs, "feature msrs nmsrs=n-1");
	l->nmsrs = n + 3;
	r = do_ioctl(sys, KVM_GET_MSR_FEATURE_INDEX_LIST, l);
	step("GET_MSR_FEATURE_INDEX_LIST", r, true, l->nmsrs, "feature msrs nmsrs=n+3");
	for (uint32_t i = 0; r == 0 && i < l->nmsrs; i++) {
		uint32_t index = l->indices[i];

		step("GET_MSR_FEATURE_INDEX_LIST", 0, true, index, "feature msr %u", i);
		v = 0;
		r = msrs_io(sys, KVM_GET_MSRS, index, &v);
		step("GET_MSRS", r < 0 ? r : 0, true, (uint64_t)r, "dev msr 0x%x count", index);
		step("GET_MSRS", 0, true, v, "dev msr 0x%x value", index);
		r = 0;
	}
	/* KVM_GET_MSRS on /dev/kvm: a non-feature MSR stops the loop; MAX_IO_MSRS */
	{
		const uint32_t others[] = { 0x10, MSR_PLATFORM_INFO, 0x480, MSR_UNKNOWN };

		for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
			v = 0;
			r = msrs_io(sys, KVM_GET_MSRS, others[i], &v);
			step("GET_MSRS", r < 0 ? r : 0, true, (uint64_t)(r < 0 ? 0 : r),
			     "dev msr 0x%x count", others[i]);
		}
	}
	{
		struct kvm_msrs *m = calloc(1, sizeof(*m) + 257 * sizeof(m->entries[0]));

		if (!m)
			exit(1);
		m->nmsrs = 256;
		r = do_ioctl(sys, KVM_GET_MSRS, m);
		step("GET_MSRS", r < 0 ? r : 0, r >= 0, (uint64_t)r, "dev msrs nmsrs=256");
		m->nmsrs = 0;
		r = do_ioctl(sys, KVM_GET_MSRS, m);
		step("GET_MSRS", r < 0 ? r : 0, r >= 0, (uint64_t)r, "dev msrs nmsrs=0");
		/* two feature MSRs, then an unknown one: the count of those before it */
		m->nmsrs = 3;
		m->entries[0].index = MSR_ARCH_CAPABILITIES;
		m->entries[1].index = MSR_UCODE_REV;
		m->entries[2].index = MSR_UNKNOWN;
		r = do_ioctl(sys, KVM_GET_MSRS, m);
		step("GET_MSRS", r < 0 ? r : 0, r >= 0, (uint64_t)r, "dev msrs two then unknown");
		free(m);
	}
	/*
	 * The save/restore list: the protocol only (its count, a list the
	 * host's MSRs decide, is not modelled: printed as a comment).
	 */
	l->nmsrs = 0;
	r = do_ioctl(sys, KVM_GET_MSR_INDEX_LIST, l);
	step("GET_MSR_INDEX_LIST", r, false, 0, "msr index list nmsrs=0");
	n = l->nmsrs;
	printf("# msr index list: %u MSRs", n);
	l->nmsrs = n;
	if (do_ioctl(sys, KVM_GET_MSR_INDEX_LIST, l) == 0)
		for (uint32_t i = 0; i < l->nmsrs; i++)
			printf(" 0x%x", l->indices[i]);
	printf("\n");
	l->nmsrs = n ? n - 1 : 0;
	r = do_ioctl(sys, KVM_GET_MSR_INDEX_LIST, l);
	step("GET_MSR_INDEX_LIST", r, true, l->nmsrs == (n ? n : 0), "msr index list nmsrs=n-1 (n back)");
	l->nmsrs = n;
	r = do_ioctl(sys, KVM_GET_MSR_INDEX_LIST, l);
	step("GET_MSR_INDEX_LIST", r, true, l->nmsrs == n, "msr index list nmsrs=n");
	free(l);
}

static void dev_attr(int sys)
{
	uint64_t v = 0;
	struct kvm_device_attr a = { .group = 0, .attr = 0, .addr = (uintptr_t)&v };
	int r;

	r = do_ioctl(sys, KVM_HAS_DEVICE_ATTR, &a);
	step("HAS_DEVICE_ATTR", r, false, 0, "dev attr xcomp_guest_supp");
	r = do_ioctl(sys, KVM_GET_DEVICE_ATTR, &a);
	step("GET_DEVICE_ATTR", r, r == 0, v, "dev attr xcomp_guest_supp");
	a.attr = 1;
	r = do_ioctl(sys, KVM_HAS_DEVICE_ATTR, &a);
	step("HAS_DEVICE_ATTR", r, false, 0, "dev attr 0.1");
	a.attr = 0;
	a.group = 1;
	r = do_ioctl(sys, KVM_GET_DEVICE_ATTR, &a);
	step("GET_DEVICE_ATTR", r, false, 0, "dev attr 1.0");
}

static void vm_types(int sys)
{
	for (unsigned long t = 0; t <= 5; t++) {
		int vm = create_vm(sys, t);

		step("CREATE_VM", vm < 0 ? vm : 0, false, 0, "vm type %lu", t);
		if (vm >= 0)
			do_close(vm);
	}
}

/* KVM_SET_TSC_KHZ on a VM before and after its first vCPU. */
static void vm_tsc(int sys, uint32_t host)
{
	int vm = create_vm(sys, 0), vcpu, r;

	if (vm < 0)
		return;
	step_r("GET_TSC_KHZ", do_ioctl(vm, KVM_GET_TSC_KHZ, NULL), "vm tsc get");
	r = do_ioctl(vm, KVM_SET_TSC_KHZ, (void *)(uintptr_t)(host / 2));
	step("SET_TSC_KHZ", r, false, 0, "vm tsc set half");
	step_r("GET_TSC_KHZ", do_ioctl(vm, KVM_GET_TSC_KHZ, NULL), "vm tsc get after half");
	vcpu = do_ioctl(vm, KVM_CREATE_VCPU, (void *)0);
	step("CREATE_VCPU", vcpu < 0 ? vcpu : 0, false, 0, "vm tsc vcpu");
	if (vcpu >= 0)
		step_r("GET_TSC_KHZ", do_ioctl(vcpu, KVM_GET_TSC_KHZ, NULL), "vm tsc vcpu rate");
	r = do_ioctl(vm, KVM_SET_TSC_KHZ, (void *)(uintptr_t)host);
	step("SET_TSC_KHZ", r, false, 0, "vm tsc set host after vcpu");
	r = do_ioctl(vm, KVM_SET_TSC_KHZ, (void *)0);
	step("SET_TSC_KHZ", r, false, 0, "vm tsc set 0 after vcpu");
	step_r("GET_TSC_KHZ", do_ioctl(vm, KVM_GET_TSC_KHZ, NULL), "vm tsc get after vcpu");
	if (vcpu >= 0)
		do_close(vcpu);
	do_close(vm);
}

/* The feature MSRs (and UCODE_REV, PLATFORM_INFO, DE_CFG) of a vCPU. */
static void vcpu_msrs(int vcpu, const char *when, uint64_t arch_cap)
{
	static const uint32_t msrs[] = {
		MSR_UCODE_REV, MSR_PLATFORM_INFO, MSR_ARCH_CAPABILITIES, MSR_PERF_CAPABILITIES,
		MSR_DE_CFG, MSR_UNKNOWN,
	};
	const struct {
		uint32_t index;
		uint64_t value;
		const char *what;
	} writes[] = {
		{ MSR_ARCH_CAPABILITIES, arch_cap | ARCH_CAP_RRSBA, "arch_cap+rrsba" },
		{ MSR_ARCH_CAPABILITIES, arch_cap | (1ull << 62), "arch_cap+its_no" },
		{ MSR_ARCH_CAPABILITIES, 0, "arch_cap=0" },
		{ MSR_ARCH_CAPABILITIES, arch_cap, "arch_cap=host" },
		{ MSR_PERF_CAPABILITIES, 0, "perf_cap=0" },
		{ MSR_PERF_CAPABILITIES, 1, "perf_cap=1" },
		{ MSR_PERF_CAPABILITIES, 1ull << 13, "perf_cap=fw_writes" },
		{ MSR_PLATFORM_INFO, 0, "platform_info=0" },
		{ MSR_PLATFORM_INFO, 0x80000000ull, "platform_info=cpuid_fault" },
		{ MSR_UCODE_REV, 0x1234ull << 32, "ucode=0x1234" },
		{ MSR_DE_CFG, 2, "de_cfg=2" },
		{ MSR_DE_CFG, 1, "de_cfg=1" },
		{ MSR_DE_CFG, 0, "de_cfg=0" },
		{ MSR_UNKNOWN, 0, "unknown=0" },
	};
	uint64_t v;
	int r;

	for (size_t i = 0; i < sizeof(msrs) / sizeof(msrs[0]); i++) {
		v = 0;
		r = msrs_io(vcpu, KVM_GET_MSRS, msrs[i], &v);
		step("GET_MSRS", r < 0 ? r : 0, true, (uint64_t)(r < 0 ? 0 : r), "%s msr 0x%x count",
		     when, msrs[i]);
		step("GET_MSRS", 0, true, v, "%s msr 0x%x value", when, msrs[i]);
	}
	for (size_t i = 0; i < sizeof(writes) / sizeof(writes[0]); i++) {
		v = writes[i].value;
		r = msrs_io(vcpu, KVM_SET_MSRS, writes[i].index, &v);
		step("SET_MSRS", r < 0 ? r : 0, true, (uint64_t)(r < 0 ? 0 : r), "%s set %s count",
		     when, writes[i].what);
		v = 0;
		r = msrs_io(vcpu, KVM_GET_MSRS, writes[i].index, &v);
		step("GET_MSRS", r < 0 ? r : 0, true, v, "%s set %s read", when, writes[i].what);
	}
	/* every bit of the written feature MSRs alone: which the kernel takes */
	{
		static const uint32_t bits_of[] = { MSR_ARCH_CAPABILITIES, MSR_PERF_CAPABILITIES,
						    MSR_PLATFORM_INFO, MSR_DE_CFG };

		for (size_t k = 0; k < sizeof(bits_of) / sizeof(bits_of[0]); k++) {
			for (unsigned int b = 0; b < 64; b++) {
				v = 1ull << b;
				r = msrs_io(vcpu, KVM_SET_MSRS, bits_of[k], &v);
				step("SET_MSRS", r < 0 ? r : 0, true, (uint64_t)(r < 0 ? 0 : r),
				     "%s set msr 0x%x bit %u", when, bits_of[k], b);
			}
			v = 0;
			r = msrs_io(vcpu, KVM_GET_MSRS, bits_of[k], &v);
			step("GET_MSRS", r < 0 ? r : 0, true, v, "%s msr 0x%x after bits", when,
			     bits_of[k]);
		}
	}
	/* restore the host's values where the writes took */
	v = 0;
	msrs_io(vcpu, KVM_SET_MSRS, MSR_DE_CFG, &v);
	msrs_io(vcpu, KVM_SET_MSRS, MSR_PERF_CAPABILITIES, &v);
	v = arch_cap;
	msrs_io(vcpu, KVM_SET_MSRS, MSR_ARCH_CAPABILITIES, &v);
	v = 0x80000000ull;
	msrs_io(vcpu, KVM_SET_MSRS, MSR_PLATFORM_INFO, &v);
	v = 1ull << 32;
	msrs_io(vcpu, KVM_SET_MSRS, MSR_UCODE_REV, &v);
	{
		struct kvm_msrs *m = calloc(1, sizeof(*m) + 257 * sizeof(m->entries[0]));

		if (!m)
			exit(1);
		m->nmsrs = 256;
		r = do_ioctl(vcpu, KVM_SET_MSRS, m);
		step("SET_MSRS", r < 0 ? r : 0, r >= 0, (uint64_t)r, "%s msrs nmsrs=256", when);
		free(m);
	}
}

/* KVM_GET/SET_ONE_REG of MSRs and KVM_GET_REG_LIST (x86 since 7.x). */
static void one_regs(int vcpu, const char *when)
{
	static const uint32_t msrs[] = { MSR_ARCH_CAPABILITIES, MSR_PLATFORM_INFO, MSR_UCODE_REV,
					 MSR_PERF_CAPABILITIES, MSR_UNKNOWN };
	struct kvm_reg_list list = { .n = 0 };
	uint64_t v;
	struct kvm_one_reg reg = { .addr = (uintptr_t)&v };
	int r;

	for (size_t i = 0; i < sizeof(msrs) / sizeof(msrs[0]); i++) {
		v = 0;
		reg.id = KD_REG_MSR(msrs[i]);
		r = do_ioctl(vcpu, KVM_GET_ONE_REG, &reg);
		step("GET_ONE_REG", r, r == 0, v, "%s one_reg msr 0x%x", when, msrs[i]);
		r = do_ioctl(vcpu, KVM_SET_ONE_REG, &reg);
		step("SET_ONE_REG", r, false, 0, "%s one_reg msr 0x%x same", when, msrs[i]);
	}
	v = 0;
	reg.id = KD_REG_SSP;
	r = do_ioctl(vcpu, KVM_GET_ONE_REG, &reg);
	step("GET_ONE_REG", r, false, 0, "%s one_reg guest_ssp", when);
	reg.id = KD_REG_MSR(MSR_ARCH_CAPABILITIES) & ~KVM_REG_SIZE_MASK;
	r = do_ioctl(vcpu, KVM_GET_ONE_REG, &reg);
	step("GET_ONE_REG", r, false, 0, "%s one_reg msr size 0", when);
	reg.id = KD_REG_MSR(MSR_ARCH_CAPABILITIES) | (1ull << 40);
	r = do_ioctl(vcpu, KVM_GET_ONE_REG, &reg);
	step("GET_ONE_REG", r, false, 0, "%s one_reg msr rsvd1", when);
	reg.id = 0x6030000000100000ull; /* an arm64 id */
	r = do_ioctl(vcpu, KVM_GET_ONE_REG, &reg);
	step("GET_ONE_REG", r, false, 0, "%s one_reg arm64 id", when);
	r = do_ioctl(vcpu, KVM_GET_REG_LIST, &list);
	step("GET_REG_LIST", r, r == 0 || r == -E2BIG, list.n, "%s reg list", when);
}

static uint64_t table_hash(const struct kvm_cpuid2 *c)
{
	return fnv(c->entries, c->nent * sizeof(c->entries[0]));
}

static struct kvm_cpuid_entry2 *leaf(struct kvm_cpuid2 *c, uint32_t fn, uint32_t index)
{
	for (uint32_t i = 0; i < c->nent; i++)
		if (c->entries[i].function == fn && c->entries[i].index == index)
			return &c->entries[i];
	return NULL;
}

/* KVM_GET_CPUID2: the size protocol, then the runtime-updated registers. */
static void get_cpuid2(int vcpu, const char *when)
{
	struct kvm_cpuid2 *c = cpuid_alloc(0), *g;
	uint32_t n;
	int r;

	r = do_ioctl(vcpu, KVM_GET_CPUID2, c);
	step("GET_CPUID2", r, true, c->nent, "%s get_cpuid2 nent=0", when);
	free(c);
	g = cpuid_get(vcpu, KVM_GET_CPUID2);
	if (!g) {
		step("GET_CPUID2", -EINVAL, false, 0, "%s get_cpuid2 none", when);
		return;
	}
	n = g->nent;
	step("GET_CPUID2", 0, true, n, "%s get_cpuid2 nent", when);
	if (n) {
		c = cpuid_alloc(n - 1);
		r = do_ioctl(vcpu, KVM_GET_CPUID2, c);
		step("GET_CPUID2", r, true, c->nent, "%s get_cpuid2 nent=n-1", when);
		free(c);
	}
	c = cpuid_alloc(n + 5);
	r = do_ioctl(vcpu, KVM_GET_CPUID2, c);
	step("GET_CPUID2", r, true, c->nent, "%s get_cpuid2 nent=n+5", when);
	free(c);
	step("GET_CPUID2", 0, true, table_hash(g), "%s get_cpuid2 hash", when);
	{
		const struct {
			uint32_t fn, index;
		} runtime[] = { { 1, 0 }, { 7, 0 }, { 0xd, 0 }, { 0xd, 1 }, { 0x40000001, 0 } };

		for (size_t i = 0; i < sizeof(runtime) / sizeof(runtime[0]); i++) {
			struct kvm_cpuid_entry2 *e = leaf(g, runtime[i].fn, runtime[i].index);

			if (!e)
				continue;
			step("GET_CPUID2", 0, true, ((uint64_t)e->eax << 32) | e->ebx,
			     "%s get_cpuid2 0x%x.%u eax:ebx", when, e->function, e->index);
			step("GET_CPUID2", 0, true, ((uint64_t)e->ecx << 32) | e->edx,
			     "%s get_cpuid2 0x%x.%u ecx:edx", when, e->function, e->index);
		}
	}
	free(g);
}

static struct kvm_cpuid2 *copy_table(const struct kvm_cpuid2 *s)
{
	struct kvm_cpuid2 *c = cpuid_alloc(s->nent);

	memcpy(c->entries, s->entries, s->nent * sizeof(s->entries[0]));
	return c;
}

/* KVM_SET_CPUID2 of the supported table and of variations of it. */
static void set_cpuid2(int vcpu, const struct kvm_cpuid2 *sup, const char *when)
{
	static const unsigned int widths[] = { 48, 57, 0, 40, 64, 52 };
	struct kvm_cpuid2 *c;
	struct kvm_cpuid_entry2 *e;
	int r;

	for (size_t i = 0; i < sizeof(widths) / sizeof(widths[0]); i++) {
		c = copy_table(sup);
		e = leaf(c, 0x80000008, 0);
		if (e)
			e->eax = (e->eax & ~0xff00u) | (widths[i] << 8);
		r = do_ioctl(vcpu, KVM_SET_CPUID2, c);
		step("SET_CPUID2", r, false, 0, "%s set_cpuid2 vaddr=%u", when, widths[i]);
		free(c);
	}
	/* without 0x80000008 (no width to check) */
	c = copy_table(sup);
	e = leaf(c, 0x80000008, 0);
	if (e) {
		*e = c->entries[c->nent - 1];
		c->nent--;
	}
	r = do_ioctl(vcpu, KVM_SET_CPUID2, c);
	step("SET_CPUID2", r, false, 0, "%s set_cpuid2 no 0x80000008", when);
	free(c);
	/* every bit of 1.ECX and 7.0.EBX set: bits KVM does not report are taken */
	c = copy_table(sup);
	e = leaf(c, 1, 0);
	if (e)
		e->ecx = 0xffffffff;
	e = leaf(c, 7, 0);
	if (e)
		e->ebx = 0xffffffff;
	r = do_ioctl(vcpu, KVM_SET_CPUID2, c);
	step("SET_CPUID2", r, false, 0, "%s set_cpuid2 all bits", when);
	free(c);
	c = cpuid_alloc(257);
	memcpy(c->entries, sup->entries, sup->nent * sizeof(sup->entries[0]));
	r = do_ioctl(vcpu, KVM_SET_CPUID2, c);
	step("SET_CPUID2", r, false, 0, "%s set_cpuid2 nent=257", when);
	free(c);
	c = cpuid_alloc(0);
	r = do_ioctl(vcpu, KVM_SET_CPUID2, c);
	step("SET_CPUID2", r, false, 0, "%s set_cpuid2 empty", when);
	free(c);
	get_cpuid2(vcpu, "empty");
	c = copy_table(sup);
	r = do_ioctl(vcpu, KVM_SET_CPUID2, c);
	step("SET_CPUID2", r, false, 0, "%s set_cpuid2 supported", when);
	free(c);
}

/* KVM_SET/GET_TSC_KHZ on a vCPU. */
static void vcpu_tsc(int vcpu, uint32_t host, const char *when)
{
	const struct {
		uint64_t khz;
		const char *what;
	} rates[] = {
		{ 0, "0" },
		{ host, "host" },
		{ (uint64_t)host * (1000000 + 249) / 1000000, "+249ppm" },
		{ (uint64_t)host * (1000000 - 249) / 1000000, "-249ppm" },
		{ (uint64_t)host * (1000000 + 250) / 1000000, "+250ppm" },
		{ (uint64_t)host * (1000000 + 251) / 1000000, "+251ppm" },
		{ (uint64_t)host * (1000000 - 251) / 1000000, "-251ppm" },
		{ host / 2, "half" },
		{ (uint64_t)host * 2, "double" },
		{ (uint64_t)host * 300, "300x" },
		{ 0x7fffffff, "2^31-1" },
		{ 1, "1" },
	};

	step_r("GET_TSC_KHZ", do_ioctl(vcpu, KVM_GET_TSC_KHZ, NULL), "tsc get");
	for (size_t i = 0; i < sizeof(rates) / sizeof(rates[0]); i++) {
		int r = do_ioctl(vcpu, KVM_SET_TSC_KHZ, (void *)(uintptr_t)rates[i].khz);
		int g = do_ioctl(vcpu, KVM_GET_TSC_KHZ, NULL);
		char what[64];

		snprintf(what, sizeof(what), "%s tsc get after %s", when, rates[i].what);
		step("SET_TSC_KHZ", r, false, 0, "%s tsc set %s", when, rates[i].what);
		step_r("GET_TSC_KHZ", g, what);
	}
	do_ioctl(vcpu, KVM_SET_TSC_KHZ, (void *)(uintptr_t)host);
}

static int enable_cap(int fd, uint32_t cap, uint32_t flags, uint64_t arg0)
{
	struct kvm_enable_cap c;

	memset(&c, 0, sizeof(c));
	c.cap = cap;
	c.flags = flags;
	c.args[0] = arg0;
	return do_ioctl(fd, KVM_ENABLE_CAP, &c);
}

static void enable_caps(int vm, int vcpu)
{
	uint16_t range = 0;
	int r;

	r = enable_cap(vcpu, CAP_ENFORCE_PV_FEATURE_CPUID, 0, 1);
	step("ENABLE_CAP", r, false, 0, "vcpu enable enforce_pv_feature_cpuid");
	r = enable_cap(vcpu, CAP_ENFORCE_PV_FEATURE_CPUID, 1, 1);
	step("ENABLE_CAP", r, false, 0, "vcpu enable enforce_pv_feature_cpuid flags=1");
	r = enable_cap(vcpu, CAP_HYPERV_ENFORCE_CPUID, 0, 1);
	step("ENABLE_CAP", r, false, 0, "vcpu enable hyperv_enforce_cpuid");
	r = enable_cap(vcpu, CAP_HYPERV_ENLIGHTENED_VMCS, 0, (uintptr_t)&range);
	step("ENABLE_CAP", r, true, range, "vcpu enable evmcs");
	r = enable_cap(vcpu, 4242, 0, 0);
	step("ENABLE_CAP", r, false, 0, "vcpu enable 4242");
	r = enable_cap(vm, CAP_EXIT_HYPERCALL, 0, 0x1000);
	step("ENABLE_CAP", r, false, 0, "vm enable exit_hypercall map_gpa_range");
	r = enable_cap(vm, CAP_EXIT_HYPERCALL, 0, 0x1);
	step("ENABLE_CAP", r, false, 0, "vm enable exit_hypercall bit0");
	r = enable_cap(vm, CAP_EXIT_HYPERCALL, 1, 0x1000);
	step("ENABLE_CAP", r, false, 0, "vm enable exit_hypercall flags=1");
	r = enable_cap(vm, CAP_ENFORCE_PV_FEATURE_CPUID, 0, 1);
	step("ENABLE_CAP", r, false, 0, "vm enable enforce_pv_feature_cpuid");
}

/* vCPU ids: 0, a duplicate, the highest KVM_CAP_MAX_VCPU_ID allows, one past it. */
static void vcpu_ids(int sys)
{
	int vm = create_vm(sys, 0), max, fds[4], r;

	if (vm < 0)
		return;
	max = do_ioctl(vm, KVM_CHECK_EXTENSION, (void *)(uintptr_t)CAP_MAX_VCPU_ID);
	fds[0] = do_ioctl(vm, KVM_CREATE_VCPU, (void *)0);
	step("CREATE_VCPU", fds[0] < 0 ? fds[0] : 0, false, 0, "vcpu id 0");
	fds[1] = do_ioctl(vm, KVM_CREATE_VCPU, (void *)0);
	step("CREATE_VCPU", fds[1] < 0 ? fds[1] : 0, false, 0, "vcpu id 0 again");
	fds[2] = max > 0 ? do_ioctl(vm, KVM_CREATE_VCPU, (void *)(uintptr_t)(max - 1)) : -EINVAL;
	step("CREATE_VCPU", fds[2] < 0 ? fds[2] : 0, false, 0, "vcpu id max_vcpu_id-1");
	fds[3] = max > 0 ? do_ioctl(vm, KVM_CREATE_VCPU, (void *)(uintptr_t)max) : -EINVAL;
	step("CREATE_VCPU", fds[3] < 0 ? fds[3] : 0, false, 0, "vcpu id max_vcpu_id");
	r = do_ioctl(vm, KVM_CREATE_VCPU, (void *)(uintptr_t)65536);
	step("CREATE_VCPU", r < 0 ? r : 0, false, 0, "vcpu id 65536");
	for (int i = 0; i < 4; i++)
		if (fds[i] >= 0)
			do_close(fds[i]);
	if (r >= 0)
		do_close(r);
	do_close(vm);
}

int main(int argc, char **argv)
{
	struct kvm_cpuid2 *sup, *hv;
	struct utsname u;
	int sys, vm, vcpu, r;
	uint32_t host_khz;
	uint64_t arch_cap = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	uname(&u);
	printf("# release %s\n", u.release);
	sys = kdiff_open(argc, argv, "kdiff-x86");
	if (sys < 0) {
		printf("# open /dev/kvm: %s\n", strerror(-sys));
		return 1;
	}
#ifndef KDIFF_SIM
	if (write_seed(sys, argc > 1 ? argv[1] : NULL) < 0) {
		printf("# could not read the host seed\n");
		return 1;
	}
#endif

	step_r("GET_API_VERSION", do_ioctl(sys, KVM_GET_API_VERSION, NULL), "api");
	step_r("GET_API_VERSION", do_ioctl(sys, KVM_GET_API_VERSION, (void *)1), "api arg=1");
	step_r("GET_VCPU_MMAP_SIZE", do_ioctl(sys, KVM_GET_VCPU_MMAP_SIZE, NULL), "vcpu mmap size");
	vm_types(sys);
	vm = create_vm(sys, 0);
	if (vm < 0) {
		printf("# KVM_CREATE_VM: %s\n", errname(-vm));
		return 1;
	}
	caps(sys, vm);

	sup = cpuid_protocol(sys, KVM_GET_SUPPORTED_CPUID, "supported", "GET_SUPPORTED_CPUID");
	if (!sup)
		return 1;
	emulated_cpuid(sys);
	hv = cpuid_protocol(sys, KVM_GET_SUPPORTED_HV_CPUID, "hv", "GET_SUPPORTED_HV_CPUID");
	free(hv);
	msr_lists(sys);
	{
		uint64_t v = 0;

		if (msrs_io(sys, KVM_GET_MSRS, MSR_ARCH_CAPABILITIES, &v) == 1)
			arch_cap = v;
	}
	dev_attr(sys);
	r = do_ioctl(vm, KVM_GET_SUPPORTED_CPUID, sup);
	step("GET_SUPPORTED_CPUID", r, false, 0, "on a vm");

	vcpu = do_ioctl(vm, KVM_CREATE_VCPU, (void *)0);
	if (vcpu < 0) {
		printf("# KVM_CREATE_VCPU: %s\n", errname(-vcpu));
		return 1;
	}
	r = do_ioctl(vcpu, KVM_GET_TSC_KHZ, NULL);
	host_khz = r > 0 ? (uint32_t)r : 0;
	vm_tsc(sys, host_khz);

	/* a fresh vCPU: no CPUID yet */
	hv = cpuid_protocol(vcpu, KVM_GET_SUPPORTED_HV_CPUID, "vcpu hv", "GET_SUPPORTED_HV_CPUID");
	free(hv);
	get_cpuid2(vcpu, "fresh");
	vcpu_msrs(vcpu, "fresh", arch_cap);
	one_regs(vcpu, "fresh");
	enable_caps(vm, vcpu);

	/* the supported table and variations */
	set_cpuid2(vcpu, sup, "pre");
	get_cpuid2(vcpu, "pre");
	vcpu_msrs(vcpu, "pre", arch_cap);
	one_regs(vcpu, "pre");
	vcpu_tsc(vcpu, host_khz, "pre");

	r = run_vcpu(sys, vm, vcpu);
	step("KVM_RUN", r, false, 0, "run");

	/* after the first run */
	{
		struct kvm_cpuid2 *g = cpuid_get(vcpu, KVM_GET_CPUID2), *c;

		if (g) {
			r = do_ioctl(vcpu, KVM_SET_CPUID2, g);
			step("SET_CPUID2", r, false, 0, "ran set_cpuid2 as read");
			c = copy_table(g);
			if (c->nent)
				c->entries[0].eax ^= 1;
			r = do_ioctl(vcpu, KVM_SET_CPUID2, c);
			step("SET_CPUID2", r, false, 0, "ran set_cpuid2 changed");
			c->nent = g->nent ? g->nent - 1 : 0;
			r = do_ioctl(vcpu, KVM_SET_CPUID2, c);
			step("SET_CPUID2", r, false, 0, "ran set_cpuid2 shorter");
			free(c);
			free(g);
		}
		c = copy_table(sup);
		r = do_ioctl(vcpu, KVM_SET_CPUID2, c);
		step("SET_CPUID2", r, false, 0, "ran set_cpuid2 supported");
		free(c);
	}
	get_cpuid2(vcpu, "ran");
	vcpu_msrs(vcpu, "ran", arch_cap);
	one_regs(vcpu, "ran");
	vcpu_tsc(vcpu, host_khz, "ran");
	do_close(vcpu);
	do_close(vm);

	vcpu_ids(sys);
	free(sup);

	printf("# steps %u\n", nsteps);
	do_close(sys);
#ifdef KDIFF_SIM
	hvabi_sim_free(sim);
#endif
	return 0;
}
