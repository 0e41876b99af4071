/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * x86_vmm: a minimal x86 VMM that pins its guest's CPUID with libhvabi and
 * proves it from inside the guest.
 *
 *	x86_vmm [SET.json]
 *
 * It opens /dev/kvm, probes the host through the library, and pins the
 * given set, or without one a set derived from the probe: the KVM PV
 * features (CPUID 0x40000001 EAX) cut to a few bits, some leaf 7 EBX and
 * 0x80000001 ECX features cleared. It builds a VM with one vCPU and 64 KiB
 * of memory, takes KVM_GET_SUPPORTED_CPUID as its CPUID table and lets
 * hvabi_apply() restrict and set it. A real-mode guest then runs CPUID on a
 * list of leaves and sends each leaf, subleaf and EAX..EDX to port 0x10; the
 * VMM prints "guest: <leaf>[.<subleaf>].<reg> = <hex>" lines and compares
 * every value with the restricted table and the set (bits KVM rewrites at
 * run time aside) and with KVM_GET_CPUID2 (exactly).
 *
 * Some kernels keep their own value for a register whatever the VMM sets;
 * hvabi_apply() then fails with -EIO and names each such register
 * "not-kept" with the value KVM holds. The VMM still runs the guest and
 * requires it to see exactly that value ("kvm-override:" lines), except for
 * the registers the derived set lowered: those must reach the guest.
 *
 * Exit status: 0 when the guest saw the applied table (or, where KVM did not
 * keep it, what hvabi_apply() reported), 1 on a mismatch or an error, 77
 * when /dev/kvm is missing or not permitted.
 *
 * The VMM calls ioctl() itself for what a VMM does (VM, memory, registers,
 * running); everything about the ABI goes through the library.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/kvm.h>

#include <libhvabi/hvabi.h>

#include "common.h"


#define GUEST_MEM_SIZE	0x10000u
#define GUEST_CODE	0x1000u	/* the guest's code, entered with CS = 0 */
#define GUEST_LEAVES	0x2000u	/* (leaf, subleaf) pairs, ended by leaf 0xffffffff */
#define REPORT_PORT	0x10u
/* KVM_MAX_CPUID_ENTRIES is 256; KVM_GET_SUPPORTED_CPUID fails with E2BIG above it. */
#define MAX_CPUID	256u
/* The guest exits six times a leaf; thousands of exits mean a runaway. */
#define MAX_EXITS	4096u

/*
 * The guest, 16-bit real mode at GUEST_CODE (assembled with GNU as, .code16):
 *
 *	start:	xor	%ax, %ax
 *		mov	%ax, %ds
 *		mov	$GUEST_LEAVES, %si
 *	next:	mov	(%si), %eax		# leaf
 *		cmp	$-1, %eax
 *		je	done
 *		mov	4(%si), %ecx		# subleaf
 *		mov	$REPORT_PORT, %dx
 *		out	%eax, %dx		# 1: leaf
 *		mov	%ecx, %eax
 *		out	%eax, %dx		# 2: subleaf
 *		mov	(%si), %eax
 *		cpuid
 *		mov	%edx, %edi		# CPUID overwrote the port in %dx
 *		mov	$REPORT_PORT, %dx
 *		out	%eax, %dx		# 3: eax
 *		mov	%ebx, %eax
 *		out	%eax, %dx		# 4: ebx
 *		mov	%ecx, %eax
 *		out	%eax, %dx		# 5: ecx
 *		mov	%edi, %eax
 *		out	%eax, %dx		# 6: edx
 *		add	$8, %si
 *		jmp	next
 *	done:	hlt
 *		jmp	done
 */
static const uint8_t guest_code[] = {
	0x31, 0xc0,			/* xor %ax,%ax */
	0x8e, 0xd8,			/* mov %ax,%ds */
	0xbe, 0x00, 0x20,		/* mov $0x2000,%si */
	0x66, 0x8b, 0x04,		/* next: mov (%si),%eax */
	0x66, 0x83, 0xf8, 0xff,		/* cmp $-1,%eax */
	0x74, 0x2f,			/* je done */
	0x66, 0x8b, 0x4c, 0x04,		/* mov 4(%si),%ecx */
	0xba, 0x10, 0x00,		/* mov $0x10,%dx */
	0x66, 0xef,			/* out %eax,(%dx) */
	0x66, 0x89, 0xc8,		/* mov %ecx,%eax */
	0x66, 0xef,			/* out %eax,(%dx) */
	0x66, 0x8b, 0x04,		/* mov (%si),%eax */
	0x0f, 0xa2,			/* cpuid */
	0x66, 0x89, 0xd7,		/* mov %edx,%edi */
	0xba, 0x10, 0x00,		/* mov $0x10,%dx */
	0x66, 0xef,			/* out %eax,(%dx) */
	0x66, 0x89, 0xd8,		/* mov %ebx,%eax */
	0x66, 0xef,			/* out %eax,(%dx) */
	0x66, 0x89, 0xc8,		/* mov %ecx,%eax */
	0x66, 0xef,			/* out %eax,(%dx) */
	0x66, 0x89, 0xf8,		/* mov %edi,%eax */
	0x66, 0xef,			/* out %eax,(%dx) */
	0x83, 0xc6, 0x08,		/* add $8,%si */
	0xeb, 0xc8,			/* jmp next */
	0xf4,				/* done: hlt */
	0xeb, 0xfd,			/* jmp done */
};

/* The leaves the guest is asked about (those KVM's table has). */
static const uint32_t wanted_leaves[][2] = {
	{ 0x0, 0 }, { 0x1, 0 }, { 0x7, 0 }, { 0x7, 1 }, { 0xd, 0 }, { 0xd, 1 },
	{ 0x40000000, 0 }, { 0x40000001, 0 },
	{ 0x80000000, 0 }, { 0x80000001, 0 }, { 0x80000007, 0 }, { 0x80000008, 0 },
};
#define NWANTED (sizeof(wanted_leaves) / sizeof(wanted_leaves[0]))

/* One leaf as the guest reported it. */
struct seen {
	uint32_t leaf, subleaf;
	uint32_t reg[4];	/* EAX, EBX, ECX, EDX */
};

/*
 * A register KVM did not keep as written: hvabi_apply() reports it
 * "not-kept" with the value KVM holds instead. Some kernels substitute
 * their own feature bits for the VMM's; the guest must then see exactly
 * what the library reported.
 */
struct override {
	struct hvabi_key key;
	uint32_t kept;
};

/* Registers the derived set lowered: KVM must keep these, or nothing was proved. */
struct pinned {
	struct hvabi_key key[4];
	uint32_t host[4];	/* the host's value of each */
	size_t n;
};

static const char *const reg_names[4] = { "eax", "ebx", "ecx", "edx" };

/*
 * Bits KVM rewrites while the guest runs (kvm_update_cpuid_runtime()) or
 * that name the vCPU, as the library's catalogue marks them: the guest's
 * value there follows its own state (CR4, APIC base, XCR0), not the table.
 */
static uint32_t runtime_bits(uint32_t leaf, uint32_t subleaf, unsigned int reg)
{
	if (leaf == 0x1 && reg == HVABI_CPUID_EBX)
		return 0xff000000u;	/* initial APIC id */
	if (leaf == 0x1 && reg == HVABI_CPUID_ECX)
		return 1u << 27;	/* OSXSAVE = CR4.OSXSAVE */
	if (leaf == 0x1 && reg == HVABI_CPUID_EDX)
		return 1u << 9;		/* APIC = APIC_BASE enable */
	if (leaf == 0x7 && subleaf == 0 && reg == HVABI_CPUID_ECX)
		return 1u << 4;		/* OSPKE = CR4.PKE */
	if (leaf == 0xd && subleaf <= 1 && reg == HVABI_CPUID_EBX)
		return 0xffffffffu;	/* XSAVE size for the current XCR0/XSS */
	return 0;
}

static int fail(const char *what, int err)
{
	fprintf(stderr, "x86_vmm: %s: %s\n", what, strerror(err));
	return 1;
}

static void print_report(const struct hvabi_report *rep, bool all)
{
	struct hvabi_report_item it;
	size_t i;

	for (i = 0; i < hvabi_report_count(rep); i++) {
		if (hvabi_report_get(rep, i, &it))
			continue;
		if (!all && it.severity == HVABI_SEVERITY_INFO)
			continue;
		printf("  %s %s %s: %s\n", hvabi_severity_name(it.severity),
		       hvabi_reason_name(it.reason), it.name, it.message);
	}
}

/* Keep only the bits @keep of one CPUID register of @set; print what went. */
static int pin_reg(struct hvabi_featureset *set, struct pinned *pins, uint32_t leaf,
		   enum hvabi_cpuid_reg reg, uint32_t keep)
{
	struct hvabi_key key = hvabi_key_cpuid(leaf, 0, reg);
	struct hvabi_entry e;
	uint64_t dropped;
	unsigned int bit;
	int r;

	r = hvabi_featureset_find(set, &key, &e);
	if (r == -ENOENT) {
		printf("pin: the host has no CPUID 0x%" PRIx32 ".%s; left alone\n", leaf,
		       reg_names[reg]);
		return 0;
	}
	if (r)
		return fail("hvabi_featureset_find", -r);
	dropped = e.value & ~(uint64_t)keep;
	printf("pin: CPUID 0x%" PRIx32 ".%s 0x%" PRIx64 " -> 0x%" PRIx64 ", dropping", leaf,
	       reg_names[reg], e.value, e.value & keep);
	for (bit = 0; bit < 32; bit++) {
		const char *name;

		if (!(dropped & (1ull << bit)))
			continue;
		name = hvabi_catalog_bit_name(HVABI_ARCH_X86_64, &key, bit);
		if (name)
			printf(" %s", name);
		else
			printf(" bit%u", bit);
	}
	printf("%s\n", dropped ? "" : " nothing (the host lacks those bits)");
	if (dropped && pins->n < sizeof(pins->key) / sizeof(pins->key[0])) {
		pins->key[pins->n] = key;
		pins->host[pins->n++] = (uint32_t)e.value;
	}
	e.value &= keep;
	r = hvabi_featureset_put(set, &e);
	return r ? fail("hvabi_featureset_put", -r) : 0;
}

/*
 * The set to pin when none is given: the host's own profile, minus most
 * KVM PV features and a few leaf 7 EBX and extended features, so the guest
 * can show that what it sees is the set and not the host.
 */
static int derive_set(const struct hvabi_featureset *host, struct hvabi_featureset **ret,
		      struct pinned *pins)
{
	/* KVM_FEATURE_CLOCKSOURCE, NOP_IO_DELAY, CLOCKSOURCE2, CLOCKSOURCE_STABLE_BIT. */
	const uint32_t pv_keep = (1u << 0) | (1u << 1) | (1u << 3) | (1u << 24);
	/* Clear AVX2, BMI2, RDSEED, ADX and SHA_NI. */
	const uint32_t leaf7_clear = (1u << 5) | (1u << 8) | (1u << 18) | (1u << 19) |
				     (1u << 29);
	/* Clear SSE4A, MISALIGNSSE and 3DNOWPREFETCH. */
	const uint32_t ext1_clear = (1u << 6) | (1u << 7) | (1u << 8);
	struct hvabi_featureset *set;
	int r;

	r = hvabi_featureset_copy(host, &set);
	if (r)
		return fail("hvabi_featureset_copy", -r);
	if (pin_reg(set, pins, 0x40000001, HVABI_CPUID_EAX, pv_keep) ||
	    pin_reg(set, pins, 0x7, HVABI_CPUID_EBX, ~leaf7_clear) ||
	    pin_reg(set, pins, 0x80000001, HVABI_CPUID_ECX, ~ext1_clear)) {
		hvabi_featureset_free(set);
		return 1;
	}
	*ret = set;
	return 0;
}

/*
 * A CPUID table KVM hands out (KVM_GET_SUPPORTED_CPUID on /dev/kvm,
 * KVM_GET_CPUID2 on a vCPU) as the library's table type, which lacks the
 * padding.
 */
static int read_cpuid(int fd, unsigned long request, const char *name,
		      struct hvabi_cpuid_entry **ret, size_t *n)
{
	struct kvm_cpuid2 *c;
	struct hvabi_cpuid_entry *t;
	uint32_t i;

	c = calloc(1, sizeof(*c) + MAX_CPUID * sizeof(c->entries[0]));
	if (!c)
		return fail("calloc", ENOMEM);
	c->nent = MAX_CPUID;
	if (ioctl(fd, request, c) < 0) {
		free(c);
		return fail(name, errno);
	}
	t = calloc(c->nent ? c->nent : 1, sizeof(*t));
	if (!t) {
		free(c);
		return fail("calloc", ENOMEM);
	}
	for (i = 0; i < c->nent; i++) {
		t[i].function = c->entries[i].function;
		t[i].index = c->entries[i].index;
		t[i].flags = c->entries[i].flags;
		t[i].eax = c->entries[i].eax;
		t[i].ebx = c->entries[i].ebx;
		t[i].ecx = c->entries[i].ecx;
		t[i].edx = c->entries[i].edx;
	}
	*n = c->nent;
	*ret = t;
	free(c);
	return 0;
}

/* KVM_GET_SUPPORTED_CPUID, with the APIC ids of vCPU 0. */
static int supported_cpuid(int kvm_fd, struct hvabi_cpuid_entry **ret, size_t *n)
{
	struct hvabi_cpuid_entry *t;
	size_t i;

	if (read_cpuid(kvm_fd, KVM_GET_SUPPORTED_CPUID, "KVM_GET_SUPPORTED_CPUID", &t, n))
		return 1;
	for (i = 0; i < *n; i++) {
		/* The VMM sets APIC ids: vCPU 0 is APIC 0 (1.EBX 31:24, 0xb/0x1f.EDX). */
		if (t[i].function == 0x1)
			t[i].ebx &= 0x00ffffffu;
		if (t[i].function == 0xb || t[i].function == 0x1f)
			t[i].edx = 0;
	}
	*ret = t;
	return 0;
}

/* The table's leaf (@leaf, @subleaf) as KVM looks it up, or NULL. */
static const struct hvabi_cpuid_entry *find_leaf(const struct hvabi_cpuid_entry *t,
						 size_t n, uint32_t leaf, uint32_t subleaf)
{
	size_t i;

	for (i = 0; i < n; i++) {
		bool indexed = t[i].flags & KVM_CPUID_FLAG_SIGNIFCANT_INDEX;

		if (t[i].function == leaf && (!indexed || t[i].index == subleaf))
			return &t[i];
	}
	return NULL;
}

static uint32_t leaf_reg(const struct hvabi_cpuid_entry *c, unsigned int reg)
{
	const uint32_t v[4] = { c->eax, c->ebx, c->ecx, c->edx };

	return v[reg];
}

/* KVM_GET_CPUID2: the table KVM holds for the vCPU, run-time updates included. */
static int vcpu_cpuid(int vcpu_fd, struct hvabi_cpuid_entry **ret, size_t *n)
{
	return read_cpuid(vcpu_fd, KVM_GET_CPUID2, "KVM_GET_CPUID2", ret, n);
}

/* One OUT of the guest: the next of the six words of a leaf. */
static int take_word(const struct kvm_run *run, struct seen *seen, size_t nleaves,
		     size_t *nwords)
{
	size_t i = *nwords / 6, w = *nwords % 6;
	uint32_t v;

	if (run->io.direction != KVM_EXIT_IO_OUT || run->io.port != REPORT_PORT ||
	    run->io.size != 4 || run->io.count != 1) {
		fprintf(stderr, "x86_vmm: unexpected I/O: %s port 0x%x size %u count %u\n",
			run->io.direction == KVM_EXIT_IO_OUT ? "out" : "in", run->io.port,
			run->io.size, run->io.count);
		return 1;
	}
	if (i == nleaves) {
		fprintf(stderr, "x86_vmm: the guest reported more than it was asked\n");
		return 1;
	}
	memcpy(&v, (const uint8_t *)run + run->io.data_offset, sizeof(v));
	if (w == 0)
		seen[i].leaf = v;
	else if (w == 1)
		seen[i].subleaf = v;
	else
		seen[i].reg[w - 2] = v;
	(*nwords)++;
	return 0;
}

/* Run the guest until HLT, collecting six words a leaf from REPORT_PORT. */
static int run_guest(int vcpu_fd, struct kvm_run *run, struct seen *seen, size_t nleaves)
{
	size_t nwords = 0, exits;

	for (exits = 0; exits < MAX_EXITS; exits++) {
		if (ioctl(vcpu_fd, KVM_RUN, 0) < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return fail("KVM_RUN", errno);
		}
		switch (run->exit_reason) {
		case KVM_EXIT_IO:
			if (take_word(run, seen, nleaves, &nwords))
				return 1;
			break;
		case KVM_EXIT_HLT:
			if (nwords != nleaves * 6) {
				fprintf(stderr, "x86_vmm: the guest stopped after %zu of "
					"%zu words\n", nwords, nleaves * 6);
				return 1;
			}
			return 0;
		case KVM_EXIT_FAIL_ENTRY:
			fprintf(stderr, "x86_vmm: entry failed, hardware reason 0x%llx\n",
				(unsigned long long)
				run->fail_entry.hardware_entry_failure_reason);
			return 1;
		case KVM_EXIT_INTERNAL_ERROR:
			fprintf(stderr, "x86_vmm: KVM internal error, suberror %u\n",
				run->internal.suberror);
			return 1;
		default:
			fprintf(stderr, "x86_vmm: unexpected exit reason %u\n",
				run->exit_reason);
			return 1;
		}
	}
	fprintf(stderr, "x86_vmm: the guest did not halt after %u exits\n", MAX_EXITS);
	return 1;
}

static void leaf_name(char *buf, size_t len, uint32_t leaf, uint32_t subleaf,
		      unsigned int reg)
{
	if (leaf == 0x7 || leaf == 0xd)
		snprintf(buf, len, "0x%" PRIx32 ".0x%" PRIx32 ".%s", leaf, subleaf,
			 reg_names[reg]);
	else
		snprintf(buf, len, "0x%" PRIx32 ".%s", leaf, reg_names[reg]);
}

static const struct override *find_override(const struct override *o, size_t n,
					    const struct hvabi_key *key)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!hvabi_key_compare(&o[i].key, key))
			return &o[i];
	return NULL;
}

/* The index of @key among the derived set's pins, or -1. */
static int find_pin(const struct pinned *pins, const struct hvabi_key *key)
{
	size_t i;

	for (i = 0; i < pins->n; i++)
		if (!hvabi_key_compare(&pins->key[i], key))
			return (int)i;
	return -1;
}

/* What the comparison needs besides the guest's reports. */
struct expect {
	const struct hvabi_cpuid_entry *applied;	/* our table, restricted */
	size_t napplied;
	const struct hvabi_cpuid_entry *kvm;		/* KVM_GET_CPUID2 after the run */
	size_t nkvm;
	const struct hvabi_featureset *set;
	const struct override *over;
	size_t nover;
	const struct pinned *pins;
};

/*
 * One register the guest saw, against KVM_GET_CPUID2 (exactly: KVM's table
 * carries the run-time updates), and against the restricted table and the
 * set (run-time bits aside), or where KVM did not keep the table, against
 * what hvabi_apply() reported KVM kept. Returns the number of mismatches.
 */
static unsigned int compare_reg(const struct expect *x, const struct seen *s,
				unsigned int reg, unsigned int *overridden)
{
	const struct hvabi_cpuid_entry *a, *k;
	struct hvabi_key key = hvabi_key_cpuid(s->leaf, s->subleaf,
					       (enum hvabi_cpuid_reg)reg);
	uint32_t got = s->reg[reg], rt = runtime_bits(s->leaf, s->subleaf, reg);
	const struct override *o = find_override(x->over, x->nover, &key);
	unsigned int bad = 0;
	struct hvabi_entry e;
	char name[48];
	int pin;

	a = find_leaf(x->applied, x->napplied, s->leaf, s->subleaf);
	k = find_leaf(x->kvm, x->nkvm, s->leaf, s->subleaf);
	leaf_name(name, sizeof(name), s->leaf, s->subleaf, reg);
	printf("guest: %s = 0x%08" PRIx32 "\n", name, got);
	if (!k || got != leaf_reg(k, reg)) {
		printf("mismatch: %s: guest 0x%08" PRIx32 ", KVM_GET_CPUID2 %s%08" PRIx32
		       "\n", name, got, k ? "0x" : "none ", k ? leaf_reg(k, reg) : 0);
		bad++;
	}
	if (!a) {
		printf("mismatch: %s: not in the applied table\n", name);
		return bad + 1;
	}
	if (o) {
		printf("kvm-override: %s: applied 0x%08" PRIx32 ", KVM keeps 0x%08" PRIx32
		       "\n", name, leaf_reg(a, reg), o->kept);
		(*overridden)++;
		if ((got ^ o->kept) & ~rt) {
			printf("mismatch: %s: guest 0x%08" PRIx32 ", hvabi_apply reported "
			       "0x%08" PRIx32 "\n", name, got, o->kept);
			bad++;
		}
		if (find_pin(x->pins, &key) >= 0) {
			printf("mismatch: %s: the pinned restriction did not reach the "
			       "guest\n", name);
			bad++;
		}
		return bad;
	}
	if ((got ^ leaf_reg(a, reg)) & ~rt) {
		printf("mismatch: %s: guest 0x%08" PRIx32 ", applied table 0x%08" PRIx32
		       "\n", name, got, leaf_reg(a, reg));
		bad++;
	}
	pin = find_pin(x->pins, &key);
	if (pin >= 0 && !bad)
		printf("restricted: %s: the host offers 0x%08" PRIx32 ", the guest sees "
		       "0x%08" PRIx32 "\n", name, x->pins->host[pin], got);
	if (hvabi_featureset_find(x->set, &key, &e))
		return bad;
	/* A version beyond the host's is lowered to it; any other kind is the set's. */
	if (e.kind == HVABI_KIND_VERSION ? got > e.value : ((got ^ e.value) & ~rt) != 0) {
		printf("mismatch: %s: guest 0x%08" PRIx32 ", set 0x%08" PRIx64 " (%s)\n",
		       name, got, e.value, hvabi_kind_name(e.kind));
		bad++;
	}
	return bad;
}

/*
 * The VM, its vCPU and memory, the CPUID pinned through the library, the
 * guest run and checked. Returns the exit status.
 */
static int run_vm(int kvm_fd, struct hvabi_kvm *kvm, const struct hvabi_featureset *set,
		  const struct pinned *pins)
{
	struct hvabi_cpuid_entry *table = NULL, *applied = NULL, *kvm_table = NULL;
	size_t ntable = 0, nkvm = 0, nleaves = 0, nover = 0, i;
	struct override *over = NULL;
	struct expect x;
	struct seen seen[NWANTED];
	uint32_t leaves[NWANTED * 2 + 1];
	struct hvabi_apply_opts opts;
	struct kvm_userspace_memory_region region;
	struct hvabi_report *report = NULL;
	struct kvm_sregs sregs;
	struct kvm_regs regs;
	struct kvm_run *run = MAP_FAILED;
	uint8_t *mem = MAP_FAILED;
	int vm_fd = -1, vcpu_fd = -1, mmap_size = 0, r, status = 1;
	unsigned int bad = 0, overridden = 0, reg;

	vm_fd = ioctl(kvm_fd, KVM_CREATE_VM, 0);
	if (vm_fd < 0)
		return fail("KVM_CREATE_VM", errno);
	mem = mmap(NULL, GUEST_MEM_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED) {
		fail("mmap guest memory", errno);
		goto out;
	}
	memset(&region, 0, sizeof(region));
	region.slot = 0;
	region.guest_phys_addr = 0;
	region.memory_size = GUEST_MEM_SIZE;
	region.userspace_addr = (uintptr_t)mem;
	if (ioctl(vm_fd, KVM_SET_USER_MEMORY_REGION, &region) < 0) {
		fail("KVM_SET_USER_MEMORY_REGION", errno);
		goto out;
	}
	/* Intel without unrestricted guest runs real mode through a TSS; AMD ignores it. */
	if (ioctl(vm_fd, KVM_SET_TSS_ADDR, 0xfffbd000ul) < 0) {
		fail("KVM_SET_TSS_ADDR", errno);
		goto out;
	}
	vcpu_fd = ioctl(vm_fd, KVM_CREATE_VCPU, 0);
	if (vcpu_fd < 0) {
		fail("KVM_CREATE_VCPU", errno);
		goto out;
	}
	mmap_size = ioctl(kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (mmap_size < (int)sizeof(*run)) {
		fail("KVM_GET_VCPU_MMAP_SIZE", mmap_size < 0 ? errno : EINVAL);
		goto out;
	}
	run = mmap(NULL, (size_t)mmap_size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu_fd, 0);
	if (run == MAP_FAILED) {
		fail("mmap kvm_run", errno);
		goto out;
	}

	/* CPUID: KVM's supported table, restricted to the set and set by the library. */
	if (supported_cpuid(kvm_fd, &table, &ntable))
		goto out;
	memset(&opts, 0, sizeof(opts));
	opts.sz = sizeof(opts);
	opts.cpuid = table;
	opts.ncpuid = ntable;
	r = hvabi_apply(kvm, set, vm_fd, &vcpu_fd, 1, &opts, &report);
	printf("apply: %zu entries\n", hvabi_report_count(report));
	print_report(report, false);
	/*
	 * -EIO: every write was accepted but KVM holds other values for some
	 * registers. The guest will see KVM's values; run it to check that
	 * they are the ones the report names. Any other failure stops here.
	 */
	if (r && r != -EIO) {
		hvabi_report_free(report);
		fail("hvabi_apply", -r);
		goto out;
	}
	over = calloc(hvabi_report_count(report) + 1, sizeof(*over));
	if (!over) {
		hvabi_report_free(report);
		fail("calloc", ENOMEM);
		goto out;
	}
	for (i = 0; i < hvabi_report_count(report); i++) {
		struct hvabi_report_item it;

		if (hvabi_report_get(report, i, &it) ||
		    it.reason != HVABI_REASON_NOT_KEPT || it.key.ns != HVABI_NS_CPUID ||
		    !it.has_destination)
			continue;
		over[nover].key = it.key;
		over[nover].kept = (uint32_t)it.destination;
		nover++;
	}
	hvabi_report_free(report);
	if (r && !nover) {
		fail("hvabi_apply", -r);
		goto out;
	}
	/* The same restriction, on our copy: what the guest must now see. */
	applied = malloc(ntable * sizeof(*applied));
	if (!applied) {
		fail("malloc", ENOMEM);
		goto out;
	}
	memcpy(applied, table, ntable * sizeof(*applied));
	r = hvabi_cpuid_restrict(set, applied, ntable);
	if (r) {
		fail("hvabi_cpuid_restrict", -r);
		goto out;
	}

	/* The guest: its code, the leaves to ask about, real mode at GUEST_CODE. */
	memcpy(mem + GUEST_CODE, guest_code, sizeof(guest_code));
	for (i = 0; i < NWANTED; i++) {
		if (!find_leaf(applied, ntable, wanted_leaves[i][0], wanted_leaves[i][1]))
			continue;
		leaves[nleaves * 2] = wanted_leaves[i][0];
		leaves[nleaves * 2 + 1] = wanted_leaves[i][1];
		nleaves++;
	}
	leaves[nleaves * 2] = 0xffffffffu;
	memcpy(mem + GUEST_LEAVES, leaves, (nleaves * 2 + 1) * sizeof(leaves[0]));
	if (ioctl(vcpu_fd, KVM_GET_SREGS, &sregs) < 0) {
		fail("KVM_GET_SREGS", errno);
		goto out;
	}
	sregs.cs.base = 0;
	sregs.cs.selector = 0;
	if (ioctl(vcpu_fd, KVM_SET_SREGS, &sregs) < 0) {
		fail("KVM_SET_SREGS", errno);
		goto out;
	}
	memset(&regs, 0, sizeof(regs));
	regs.rip = GUEST_CODE;
	regs.rflags = 0x2;	/* bit 1 is reserved, always set */
	if (ioctl(vcpu_fd, KVM_SET_REGS, &regs) < 0) {
		fail("KVM_SET_REGS", errno);
		goto out;
	}
	if (run_guest(vcpu_fd, run, seen, nleaves))
		goto out;
	for (i = 0; i < nleaves; i++) {
		if (seen[i].leaf != leaves[i * 2] || seen[i].subleaf != leaves[i * 2 + 1]) {
			fprintf(stderr, "x86_vmm: report %zu is for leaf 0x%" PRIx32 ".%"
				PRIu32 ", asked 0x%" PRIx32 ".%" PRIu32 "\n", i,
				seen[i].leaf, seen[i].subleaf, leaves[i * 2],
				leaves[i * 2 + 1]);
			goto out;
		}
	}
	if (vcpu_cpuid(vcpu_fd, &kvm_table, &nkvm))
		goto out;
	x.applied = applied;
	x.napplied = ntable;
	x.kvm = kvm_table;
	x.nkvm = nkvm;
	x.set = set;
	x.over = over;
	x.nover = nover;
	x.pins = pins;
	for (i = 0; i < nleaves; i++)
		for (reg = 0; reg < 4; reg++)
			bad += compare_reg(&x, &seen[i], reg, &overridden);
	if (bad) {
		printf("x86_vmm: %u mismatches\n", bad);
		goto out;
	}
	printf("x86_vmm: the guest saw the applied table: %zu leaves, %zu registers",
	       nleaves, nleaves * 4);
	if (overridden)
		printf(", %u of them as KVM keeps them instead (reported by hvabi_apply)",
		       overridden);
	printf("\n");
	status = 0;
out:
	free(over);
	free(kvm_table);
	free(applied);
	free(table);
	if (run != MAP_FAILED && munmap(run, (size_t)mmap_size) < 0)
		status = fail("munmap kvm_run", errno);
	if (vcpu_fd >= 0 && close(vcpu_fd) < 0)
		status = fail("close vcpu", errno);
	if (close(vm_fd) < 0)
		status = fail("close vm", errno);
	if (mem != MAP_FAILED && munmap(mem, GUEST_MEM_SIZE) < 0)
		status = fail("munmap guest memory", errno);
	return status;
}

int main(int argc, char **argv)
{
	struct hvabi_featureset *host = NULL, *set = NULL;
	struct hvabi_report *report = NULL;
	struct hvabi_kvm *kvm = NULL;
	struct pinned pins = { .n = 0 };
	int kvm_fd, r, status;

	if (argc > 2 || (argc == 2 && argv[1][0] == '-')) {
		fprintf(stderr, "usage: x86_vmm [SET.json]\n");
		return 2;
	}
	status = example_open_host("x86_vmm", HVABI_ARCH_X86_64, &kvm_fd, &kvm, &host);
	if (status)
		return status;
	status = 1;
	if (argc == 2 ? example_load_set("x86_vmm", argv[1], HVABI_ARCH_X86_64, &set)
		      : derive_set(host, &set, &pins))
		goto out;

	/* A VMM refuses a set the host cannot give before it starts the guest. */
	r = hvabi_check(set, host, 0, &report);
	if (r < 0) {
		fail("hvabi_check", -r);
		goto out;
	}
	if (r == 0) {
		printf("x86_vmm: this host cannot give the set:\n");
		print_report(report, false);
		goto out;
	}
	status = run_vm(kvm_fd, kvm, set, &pins);
out:
	hvabi_report_free(report);
	hvabi_featureset_free(set);
	hvabi_featureset_free(host);
	hvabi_kvm_free(kvm);
	if (close(kvm_fd) < 0)
		status = fail("close /dev/kvm", errno);
	return status;
}
