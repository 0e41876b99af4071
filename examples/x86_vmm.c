/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * x86_vmm: a minimal x86 VMM whose real-mode guest reports what it sees
 * of its CPU (every CPUID leaf, the feature MSRs, the TSC rate), first
 * under the kernel's defaults, then pinned with libhvabi.
 *
 *	x86_vmm			a set derived from the probe (below)
 *	x86_vmm SET.json	that set (probe_host, hvabi baseline -o)
 *	x86_vmm --defaults	the kernel's defaults only
 *
 * It opens /dev/kvm and probes the host through the library. Each run of
 * the guest is a VM with one vCPU and 64 KiB of memory. The guest runs
 * CPUID on a list of (leaf, subleaf) pairs and sends each leaf, subleaf
 * and EAX..EDX to port 0x10, then RDMSR on a list of MSRs and sends each
 * index and EDX:EAX to port 0x11; a #GP (the MSR does not exist for this
 * guest) goes to its handler, which reports the faulting IP on port 0x12
 * and resumes after the RDMSR. The VMM adds the TSC rate KVM gives the
 * vCPU (KVM_GET_TSC_KHZ: a guest cannot measure it meaningfully under
 * emulation) and prints one line a value, sorted:
 *
 *	<pass>: cpuid <leaf> <subleaf> <eax|ebx|ecx|edx> 0x<value>
 *	<pass>: msr <index> 0x<value>		(or "#GP")
 *	<pass>: tsc_khz <kHz>
 *	<pass>-vcpu: cpuid <leaf> <subleaf> <reg> 0x<bits> mask 0x<mask>
 *
 * The leaves are those of the VM's CPUID table and of the set (the
 * Hyper-V leaves of a set aside: this VMM enables no Hyper-V emulation, so
 * its guest never sees them); the MSRs are ARCH_CAPABILITIES (0x10a),
 * PLATFORM_INFO (0xce), PERF_CAPABILITIES (0x345), the microcode revision
 * (0x8b), AMD's DE_CFG (0xc0011029) and every MSR of the host's profile
 * and of the set. Bits that name the vCPU rather than the CPU (APIC ids:
 * CPUID 1.EBX[31:24], 0xb/0x1f EDX, 0x8000001e EAX, 0x80000026 EDX) are
 * cleared in the "<pass>:" line and printed alone on a "<pass>-vcpu:" line,
 * so that two guests' "<pass>:" lines can be compared as they are.
 *
 * Pass "default" (always, first): KVM_GET_SUPPORTED_CPUID's table as it is
 * (only what a VMM chooses: vCPU 0 is APIC 0; leaf 1's HYPERVISOR and
 * TSC_DEADLINE_TIMER, see supported_cpuid()) set with
 * KVM_SET_CPUID2; no MSR and no TSC rate written: what a VMM without
 * libhvabi gives its guest on this kernel. With --defaults it stops there.
 *
 * Pass "guest" (the set): the set is checked against the probe
 * (hvabi_check(): a set the host cannot give is refused before any guest
 * runs), then hvabi_apply() restricts the same table to the set and sets
 * it, writes the set's feature MSRs and TSC rate, and reads them back.
 * Without SET.json the set is the probe, minus most KVM PV features
 * (CPUID 0x40000001 EAX) and some leaf 7 EBX and 0x80000001 ECX features,
 * so that the guest can show it sees the set and not the host.
 *
 * Every value the guest reports is compared: CPUID with KVM_GET_CPUID2
 * (exactly), and in the guest pass with the restricted table and the set
 * (bits KVM rewrites at run time aside); an MSR the guest read with
 * KVM_GET_MSRS, and in the guest pass with the set where the set pins it;
 * the TSC rate with the set. Some kernels keep their own value for a CPUID
 * register whatever the VMM sets; hvabi_apply() then fails with -EIO and
 * names each such register "not-kept" with the value KVM holds. The VMM
 * still runs the guest and requires it to see exactly that value
 * ("kvm-override:" lines), except for the registers the derived set
 * lowered: those must reach the guest.
 *
 * Exit status: 0 when both guests saw what KVM (and the set) say, 1 on a
 * mismatch, a refused set or an error, 77 when /dev/kvm is missing or not
 * permitted.
 *
 * The VMM calls ioctl() itself for what a VMM does (VM, memory, registers,
 * running, the defaults pass); everything about the ABI goes through the
 * library.
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


/* Guest memory, real mode, CS = DS = SS = 0 (plain numbers: the guest's assembly uses them). */
#define GUEST_MEM_SIZE	0x10000
#define GUEST_CODE	0x1000	/* the guest's code; the IVT is below it, at 0 */
#define GUEST_LEAVES	0x2000	/* (leaf, subleaf) pairs, ended by leaf 0xffffffff */
#define GUEST_MSRS	0x3000	/* MSR indices, ended by 0xffffffff */
#define GUEST_STACK	0x8000	/* SP at entry */
#define CPUID_PORT	0x10	/* leaf, subleaf, EAX, EBX, ECX, EDX: 32 bits each */
#define MSR_PORT	0x11	/* index, EAX, EDX: 32 bits each */
#define GP_PORT		0x12	/* #GP: the faulting IP, 16 bits */
#define FAULT_PORT	0x13	/* any other exception: the guest stops */
#define MAX_LEAVES	((GUEST_MSRS - GUEST_LEAVES) / 8 - 1)
#define MAX_MSRS	((GUEST_STACK / 2 - GUEST_MSRS) / 4 - 1)
/* KVM_MAX_CPUID_ENTRIES is 256; KVM_GET_SUPPORTED_CPUID fails with E2BIG above it. */
#define MAX_CPUID	256u

#define STR_(x) #x
#define STR(x) STR_(x)

/*
 * The guest, 16-bit real mode, copied to GUEST_CODE. Assembled here (the
 * kernel lab builds this file on its own); x86_guest_layout gives its size
 * and the offsets of the RDMSR, the #GP handler and the handler of every
 * other exception, for the VMM to fill the IVT and check the #GP's IP.
 */
__asm__(
	"	.pushsection .rodata.x86_vmm_guest, \"a\", @progbits\n"
	"	.globl	x86_guest_code, x86_guest_layout\n"
	"	.hidden	x86_guest_code, x86_guest_layout\n"
	"	.code16\n"
	"x86_guest_code:\n"
	"	xor	%ax, %ax\n"
	"	mov	%ax, %ds\n"
	"	mov	$" STR(GUEST_LEAVES) ", %si\n"
	".Lx86_leaf:\n"
	"	mov	(%si), %eax\n"		/* leaf; -1 ends the list */
	"	cmp	$-1, %eax\n"
	"	je	.Lx86_msrs\n"
	"	mov	4(%si), %ecx\n"		/* subleaf */
	"	mov	$" STR(CPUID_PORT) ", %dx\n"
	"	out	%eax, %dx\n"
	"	mov	%ecx, %eax\n"
	"	out	%eax, %dx\n"
	"	mov	(%si), %eax\n"
	"	cpuid\n"
	"	mov	%edx, %edi\n"		/* CPUID overwrote the port in %dx */
	"	mov	$" STR(CPUID_PORT) ", %dx\n"
	"	out	%eax, %dx\n"
	"	mov	%ebx, %eax\n"
	"	out	%eax, %dx\n"
	"	mov	%ecx, %eax\n"
	"	out	%eax, %dx\n"
	"	mov	%edi, %eax\n"
	"	out	%eax, %dx\n"
	"	add	$8, %si\n"
	"	jmp	.Lx86_leaf\n"
	".Lx86_msrs:\n"
	"	mov	$" STR(GUEST_MSRS) ", %si\n"
	".Lx86_msr:\n"
	"	mov	(%si), %ecx\n"		/* index; -1 ends the list */
	"	cmp	$-1, %ecx\n"
	"	je	.Lx86_done\n"
	"	mov	%ecx, %eax\n"
	"	mov	$" STR(MSR_PORT) ", %dx\n"
	"	out	%eax, %dx\n"
	"	xor	%eax, %eax\n"
	"	xor	%edx, %edx\n"
	".Lx86_rdmsr:\n"
	"	rdmsr\n"			/* #GP: .Lx86_gp resumes after it */
	"	mov	%edx, %edi\n"
	"	mov	$" STR(MSR_PORT) ", %dx\n"
	"	out	%eax, %dx\n"
	"	mov	%edi, %eax\n"
	"	out	%eax, %dx\n"
	"	add	$4, %si\n"
	"	jmp	.Lx86_msr\n"
	".Lx86_done:\n"
	"	hlt\n"
	"	jmp	.Lx86_done\n"
	".Lx86_gp:\n"				/* vector 13; real mode pushed FLAGS, CS, IP */
	"	push	%bp\n"
	"	mov	%sp, %bp\n"
	"	push	%ax\n"
	"	push	%dx\n"
	"	mov	2(%bp), %ax\n"		/* the faulting IP */
	"	mov	$" STR(GP_PORT) ", %dx\n"
	"	out	%ax, %dx\n"
	"	addw	$2, 2(%bp)\n"		/* resume past the two-byte RDMSR */
	"	pop	%dx\n"
	"	pop	%ax\n"
	"	pop	%bp\n"
	"	iret\n"
	".Lx86_fault:\n"			/* every other vector */
	"	mov	$" STR(FAULT_PORT) ", %dx\n"
	"	out	%al, %dx\n"
	"	hlt\n"
	"	jmp	.Lx86_fault\n"
	".Lx86_end:\n"
	"	.code64\n"
	"	.balign	2\n"
	"x86_guest_layout:\n"
	"	.short	.Lx86_end - x86_guest_code, .Lx86_rdmsr - x86_guest_code\n"
	"	.short	.Lx86_gp - x86_guest_code, .Lx86_fault - x86_guest_code\n"
	"	.popsection\n");

extern const uint8_t x86_guest_code[];
/* The guest's size, and the offsets of its RDMSR, #GP handler and other-exception handler. */
enum { LAYOUT_SIZE, LAYOUT_RDMSR, LAYOUT_GP, LAYOUT_FAULT };
extern const uint16_t x86_guest_layout[4];

/* The MSRs every guest reads besides the profile's and the set's. */
static const uint32_t fixed_msrs[] = {
	0x8b,		/* MSR_IA32_UCODE_REV */
	0xce,		/* MSR_PLATFORM_INFO */
	0x10a,		/* MSR_IA32_ARCH_CAPABILITIES */
	0x345,		/* MSR_IA32_PERF_CAPABILITIES */
	0xc0011029,	/* MSR_AMD64_DE_CFG */
};

/* One leaf as the guest reported it. */
struct seen {
	uint32_t leaf, subleaf;
	uint32_t reg[4];	/* EAX, EBX, ECX, EDX */
};

/* One MSR as the guest read it. */
struct msr_seen {
	uint32_t index;
	bool gp;		/* RDMSR raised #GP */
	uint64_t value;
};

/* What to ask the guest, and what it answered. */
struct guest {
	uint32_t *leaves;	/* (leaf, subleaf) pairs */
	size_t nleaves;
	const uint32_t *msrs;
	size_t nmsrs;
	struct seen *seen;	/* nleaves */
	struct msr_seen *mseen;	/* nmsrs */
	size_t ncpuid_words, nmsr_words;
	uint32_t tsc_khz;	/* KVM_GET_TSC_KHZ after the run, 0 if unknown */
};

/* A VM with one vCPU and its memory. */
struct vm {
	int vm_fd, vcpu_fd, mmap_size;
	struct kvm_run *run;
	uint8_t *mem;
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
 * that describe the VM's topology, as the library's catalogue marks them
 * (it neither pins nor verifies them): the guest's value there follows its
 * own state (CR4, APIC base, XCR0) or what the VMM and KVM make of the
 * topology, not the set.
 */
static uint32_t runtime_bits(uint32_t leaf, uint32_t subleaf, unsigned int reg)
{
	if (leaf == 0x1 && reg == HVABI_CPUID_ECX)
		return 1u << 27;	/* OSXSAVE = CR4.OSXSAVE */
	if (leaf == 0x1 && reg == HVABI_CPUID_EDX)
		return (1u << 9) | (1u << 28);	/* APIC = APIC_BASE enable; HTT */
	if (leaf == 0x80000001 && reg == HVABI_CPUID_ECX)
		return 1u << 1;		/* CMP_LEGACY */
	if (leaf == 0x7 && subleaf == 0 && reg == HVABI_CPUID_ECX)
		return 1u << 4;		/* OSPKE = CR4.PKE */
	if (leaf == 0xd && subleaf <= 1 && reg == HVABI_CPUID_EBX)
		return 0xffffffffu;	/* XSAVE size for the current XCR0/XSS */
	return 0;
}

/* Bits that name the vCPU (its APIC ids), as the catalogue marks them per vCPU. */
static uint32_t vcpu_bits(uint32_t leaf, unsigned int reg)
{
	if (leaf == 0x1 && reg == HVABI_CPUID_EBX)
		return 0xff000000u;	/* initial APIC id */
	if ((leaf == 0xb || leaf == 0x1f || leaf == 0x80000026) && reg == HVABI_CPUID_EDX)
		return 0xffffffffu;	/* x2APIC id */
	if (leaf == 0x8000001e && reg == HVABI_CPUID_EAX)
		return 0xffffffffu;	/* extended APIC id */
	return 0;
}

/* Bits the VMM gives itself (the catalogue's too): leaf 1's TSC_DEADLINE_TIMER and HYPERVISOR. */
static uint32_t vmm_bits(uint32_t leaf, unsigned int reg)
{
	return leaf == 0x1 && reg == HVABI_CPUID_ECX ? (1u << 24) | (1u << 31) : 0;
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
		if (hvabi_report_get_item(rep, i, &it, sizeof(it)))
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

/*
 * KVM_GET_SUPPORTED_CPUID, with the APIC ids of vCPU 0 and the two bits of
 * leaf 1 every VMM adds itself, as QEMU does: HYPERVISOR, and
 * TSC_DEADLINE_TIMER where KVM_CAP_TSC_DEADLINE_TIMER says the in-kernel
 * LAPIC has it (6.1 and 6.12 report neither in the table; 7.x does).
 */
static int supported_cpuid(int kvm_fd, struct hvabi_cpuid_entry **ret, size_t *n)
{
	int deadline = ioctl(kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_TSC_DEADLINE_TIMER);
	struct hvabi_cpuid_entry *t;
	size_t i;

	if (read_cpuid(kvm_fd, KVM_GET_SUPPORTED_CPUID, "KVM_GET_SUPPORTED_CPUID", &t, n))
		return 1;
	for (i = 0; i < *n; i++) {
		if (t[i].function == 1)
			t[i].ecx |= (1u << 31) | (deadline > 0 ? 1u << 24 : 0);
		/* The VMM sets APIC ids: vCPU 0 is APIC 0. */
		t[i].eax &= ~vcpu_bits(t[i].function, HVABI_CPUID_EAX);
		t[i].ebx &= ~vcpu_bits(t[i].function, HVABI_CPUID_EBX);
		t[i].edx &= ~vcpu_bits(t[i].function, HVABI_CPUID_EDX);
	}
	*ret = t;
	return 0;
}

/* The defaults pass sets KVM's table itself: KVM_SET_CPUID2, as any VMM does. */
static int set_cpuid(int vcpu_fd, const struct hvabi_cpuid_entry *t, size_t n)
{
	struct kvm_cpuid2 *c;
	size_t i;
	int r = 0;

	c = calloc(1, sizeof(*c) + (n ? n : 1) * sizeof(c->entries[0]));
	if (!c)
		return fail("calloc", ENOMEM);
	c->nent = (uint32_t)n;
	for (i = 0; i < n; i++) {
		c->entries[i].function = t[i].function;
		c->entries[i].index = t[i].index;
		c->entries[i].flags = t[i].flags;
		c->entries[i].eax = t[i].eax;
		c->entries[i].ebx = t[i].ebx;
		c->entries[i].ecx = t[i].ecx;
		c->entries[i].edx = t[i].edx;
	}
	if (ioctl(vcpu_fd, KVM_SET_CPUID2, c) < 0)
		r = fail("KVM_SET_CPUID2", errno);
	free(c);
	return r;
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

/*
 * A register of KVM_GET_CPUID2's leaf @c; a leaf KVM does not hold (some
 * kernels drop leaves the VMM set, e.g. AMX's where the process has no
 * permission for it) reads as 0 in the guest, as KVM answers it.
 */
static uint32_t kvm_reg(const struct hvabi_cpuid_entry *c, unsigned int reg)
{
	return c ? leaf_reg(c, reg) : 0;
}

/* KVM_GET_MSRS of one MSR on the vCPU: 0, or 1 where KVM does not read it. */
static int kvm_msr(int vcpu_fd, uint32_t index, uint64_t *value)
{
	struct kvm_msrs *m = calloc(1, sizeof(*m) + sizeof(m->entries[0]));
	int r = 1;

	if (!m)
		return 1;
	m->nmsrs = 1;
	m->entries[0].index = index;
	if (ioctl(vcpu_fd, KVM_GET_MSRS, m) == 1) {
		*value = m->entries[0].data;
		r = 0;
	}
	free(m);
	return r;
}

static void vm_close(struct vm *vm)
{
	if (vm->run != MAP_FAILED)
		munmap(vm->run, (size_t)vm->mmap_size);
	if (vm->vcpu_fd >= 0)
		close(vm->vcpu_fd);
	if (vm->vm_fd >= 0)
		close(vm->vm_fd);
	if (vm->mem != MAP_FAILED)
		munmap(vm->mem, GUEST_MEM_SIZE);
}

/* A VM, its memory and one vCPU, not yet run. */
static int vm_open(int kvm_fd, struct vm *vm)
{
	struct kvm_userspace_memory_region region;

	vm->vcpu_fd = -1;
	vm->mmap_size = 0;
	vm->run = MAP_FAILED;
	vm->mem = MAP_FAILED;
	vm->vm_fd = ioctl(kvm_fd, KVM_CREATE_VM, 0);
	if (vm->vm_fd < 0)
		return fail("KVM_CREATE_VM", errno);
	vm->mem = mmap(NULL, GUEST_MEM_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (vm->mem == MAP_FAILED) {
		fail("mmap guest memory", errno);
		goto err;
	}
	memset(&region, 0, sizeof(region));
	region.slot = 0;
	region.guest_phys_addr = 0;
	region.memory_size = GUEST_MEM_SIZE;
	region.userspace_addr = (uintptr_t)vm->mem;
	if (ioctl(vm->vm_fd, KVM_SET_USER_MEMORY_REGION, &region) < 0) {
		fail("KVM_SET_USER_MEMORY_REGION", errno);
		goto err;
	}
	/* Intel without unrestricted guest runs real mode through a TSS; AMD ignores it. */
	if (ioctl(vm->vm_fd, KVM_SET_TSS_ADDR, 0xfffbd000ul) < 0) {
		fail("KVM_SET_TSS_ADDR", errno);
		goto err;
	}
	vm->vcpu_fd = ioctl(vm->vm_fd, KVM_CREATE_VCPU, 0);
	if (vm->vcpu_fd < 0) {
		fail("KVM_CREATE_VCPU", errno);
		goto err;
	}
	vm->mmap_size = ioctl(kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (vm->mmap_size < (int)sizeof(*vm->run)) {
		fail("KVM_GET_VCPU_MMAP_SIZE", vm->mmap_size < 0 ? errno : EINVAL);
		goto err;
	}
	vm->run = mmap(NULL, (size_t)vm->mmap_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		       vm->vcpu_fd, 0);
	if (vm->run == MAP_FAILED) {
		fail("mmap kvm_run", errno);
		goto err;
	}
	return 0;
err:
	vm_close(vm);
	return 1;
}

/* One OUT of the guest: a word of a leaf, of an MSR, or a #GP report. */
static int take_io(const struct kvm_run *run, struct guest *g)
{
	const uint8_t *data = (const uint8_t *)run + run->io.data_offset;
	size_t i;
	uint32_t v = 0;
	uint16_t ip;

	if (run->io.direction != KVM_EXIT_IO_OUT || run->io.count != 1)
		goto unexpected;
	if (run->io.port == CPUID_PORT && run->io.size == 4) {
		i = g->ncpuid_words / 6;
		if (i == g->nleaves) {
			fprintf(stderr, "x86_vmm: the guest reported more leaves than "
				"it was asked\n");
			return 1;
		}
		memcpy(&v, data, sizeof(v));
		if (g->ncpuid_words % 6 == 0)
			g->seen[i].leaf = v;
		else if (g->ncpuid_words % 6 == 1)
			g->seen[i].subleaf = v;
		else
			g->seen[i].reg[g->ncpuid_words % 6 - 2] = v;
		g->ncpuid_words++;
		return 0;
	}
	if (run->io.port == MSR_PORT && run->io.size == 4) {
		i = g->nmsr_words / 3;
		if (g->ncpuid_words != g->nleaves * 6 || i == g->nmsrs) {
			fprintf(stderr, "x86_vmm: the guest reported an MSR out of turn\n");
			return 1;
		}
		memcpy(&v, data, sizeof(v));
		if (g->nmsr_words % 3 == 0) {
			g->mseen[i].index = v;
			g->mseen[i].gp = false;
			g->mseen[i].value = 0;
		} else if (g->nmsr_words % 3 == 1) {
			g->mseen[i].value |= v;
		} else {
			g->mseen[i].value |= (uint64_t)v << 32;
		}
		g->nmsr_words++;
		return 0;
	}
	if (run->io.port == GP_PORT && run->io.size == 2) {
		i = g->nmsr_words / 3;
		memcpy(&ip, data, sizeof(ip));
		if (g->nmsr_words % 3 != 1 || g->mseen[i].gp ||
		    ip != GUEST_CODE + x86_guest_layout[LAYOUT_RDMSR]) {
			fprintf(stderr, "x86_vmm: the guest took #GP at IP 0x%x, not at its "
				"RDMSR\n", ip);
			return 1;
		}
		g->mseen[i].gp = true;
		return 0;
	}
	if (run->io.port == FAULT_PORT) {
		fprintf(stderr, "x86_vmm: the guest took an unexpected exception after "
			"%zu CPUID and %zu MSR words\n", g->ncpuid_words, g->nmsr_words);
		return 1;
	}
unexpected:
	fprintf(stderr, "x86_vmm: unexpected I/O: %s port 0x%x size %u count %u\n",
		run->io.direction == KVM_EXIT_IO_OUT ? "out" : "in", run->io.port,
		run->io.size, run->io.count);
	return 1;
}

/*
 * Load the guest, its interrupt vectors and its lists, and run it until
 * HLT; the answers land in @g, and the vCPU's TSC rate after the run.
 */
static int run_guest(struct vm *vm, struct guest *g)
{
	uint16_t *ivt = (uint16_t *)(void *)vm->mem;
	size_t max_exits = g->nleaves * 6 + g->nmsrs * 4 + 64, exits, i;
	uint32_t end = 0xffffffffu;
	struct kvm_sregs sregs;
	struct kvm_regs regs;
	int khz;

	if (x86_guest_layout[LAYOUT_SIZE] > GUEST_LEAVES - GUEST_CODE ||
	    g->nleaves > MAX_LEAVES || g->nmsrs > MAX_MSRS) {
		fprintf(stderr, "x86_vmm: %zu leaves and %zu MSRs do not fit the guest's "
			"memory\n", g->nleaves, g->nmsrs);
		return 1;
	}
	memcpy(vm->mem + GUEST_CODE, x86_guest_code, x86_guest_layout[LAYOUT_SIZE]);
	/* Real-mode IVT: #GP to its handler, every other exception to the stop. */
	for (i = 0; i < 32; i++) {
		ivt[i * 2] = (uint16_t)(GUEST_CODE + x86_guest_layout[i == 13 ? LAYOUT_GP
										   : LAYOUT_FAULT]);
		ivt[i * 2 + 1] = 0;
	}
	memcpy(vm->mem + GUEST_LEAVES, g->leaves, g->nleaves * 2 * sizeof(uint32_t));
	memcpy(vm->mem + GUEST_LEAVES + g->nleaves * 8, &end, sizeof(end));
	memcpy(vm->mem + GUEST_MSRS, g->msrs, g->nmsrs * sizeof(uint32_t));
	memcpy(vm->mem + GUEST_MSRS + g->nmsrs * 4, &end, sizeof(end));

	if (ioctl(vm->vcpu_fd, KVM_GET_SREGS, &sregs) < 0)
		return fail("KVM_GET_SREGS", errno);
	sregs.cs.base = 0;
	sregs.cs.selector = 0;
	sregs.ss.base = 0;
	sregs.ss.selector = 0;
	if (ioctl(vm->vcpu_fd, KVM_SET_SREGS, &sregs) < 0)
		return fail("KVM_SET_SREGS", errno);
	memset(&regs, 0, sizeof(regs));
	regs.rip = GUEST_CODE;
	regs.rsp = GUEST_STACK;
	regs.rflags = 0x2;	/* bit 1 is reserved, always set */
	if (ioctl(vm->vcpu_fd, KVM_SET_REGS, &regs) < 0)
		return fail("KVM_SET_REGS", errno);

	g->ncpuid_words = 0;
	g->nmsr_words = 0;
	for (exits = 0; exits < max_exits; exits++) {
		if (ioctl(vm->vcpu_fd, KVM_RUN, 0) < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return fail("KVM_RUN", errno);
		}
		switch (vm->run->exit_reason) {
		case KVM_EXIT_IO:
			if (take_io(vm->run, g))
				return 1;
			break;
		case KVM_EXIT_HLT:
			if (g->ncpuid_words != g->nleaves * 6 || g->nmsr_words != g->nmsrs * 3) {
				fprintf(stderr, "x86_vmm: the guest stopped after %zu of %zu "
					"CPUID and %zu of %zu MSR words\n", g->ncpuid_words,
					g->nleaves * 6, g->nmsr_words, g->nmsrs * 3);
				return 1;
			}
			for (i = 0; i < g->nleaves; i++) {
				if (g->seen[i].leaf != g->leaves[i * 2] ||
				    g->seen[i].subleaf != g->leaves[i * 2 + 1]) {
					fprintf(stderr, "x86_vmm: report %zu is for leaf 0x%"
						PRIx32 ".%" PRIu32 ", asked 0x%" PRIx32 ".%"
						PRIu32 "\n", i, g->seen[i].leaf,
						g->seen[i].subleaf, g->leaves[i * 2],
						g->leaves[i * 2 + 1]);
					return 1;
				}
			}
			for (i = 0; i < g->nmsrs; i++) {
				if (g->mseen[i].index != g->msrs[i]) {
					fprintf(stderr, "x86_vmm: report %zu is for MSR 0x%" PRIx32
						", asked 0x%" PRIx32 "\n", i, g->mseen[i].index,
						g->msrs[i]);
					return 1;
				}
			}
			khz = ioctl(vm->vcpu_fd, KVM_GET_TSC_KHZ, 0);
			g->tsc_khz = khz > 0 ? (uint32_t)khz : 0;
			return 0;
		case KVM_EXIT_SHUTDOWN:
			fprintf(stderr, "x86_vmm: the guest shut down (triple fault) after %zu "
				"CPUID and %zu MSR words\n", g->ncpuid_words, g->nmsr_words);
			return 1;
		case KVM_EXIT_FAIL_ENTRY:
			fprintf(stderr, "x86_vmm: entry failed, hardware reason 0x%llx\n",
				(unsigned long long)
				vm->run->fail_entry.hardware_entry_failure_reason);
			return 1;
		case KVM_EXIT_INTERNAL_ERROR:
			fprintf(stderr, "x86_vmm: KVM internal error, suberror %u\n",
				vm->run->internal.suberror);
			return 1;
		default:
			fprintf(stderr, "x86_vmm: unexpected exit reason %u\n",
				vm->run->exit_reason);
			return 1;
		}
	}
	fprintf(stderr, "x86_vmm: the guest did not halt after %zu exits\n", max_exits);
	return 1;
}

/* Add (@leaf, @subleaf) to the guest's list unless it is there. */
static void add_leaf(struct guest *g, uint32_t leaf, uint32_t subleaf)
{
	size_t i;

	for (i = 0; i < g->nleaves; i++)
		if (g->leaves[i * 2] == leaf && g->leaves[i * 2 + 1] == subleaf)
			return;
	g->leaves[g->nleaves * 2] = leaf;
	g->leaves[g->nleaves * 2 + 1] = subleaf;
	g->nleaves++;
}

/*
 * The guest's questions: every leaf of @table, then every leaf of @set
 * the table lacks (Hyper-V leaves aside), and the MSRs @msrs.
 */
static int guest_new(struct guest *g, const struct hvabi_cpuid_entry *table, size_t n,
		     const struct hvabi_featureset *set, const uint32_t *msrs, size_t nmsrs)
{
	size_t max = n + (set ? hvabi_featureset_count(set) : 0) + 1, i;
	struct hvabi_entry e;

	memset(g, 0, sizeof(*g));
	g->leaves = calloc(max * 2, sizeof(*g->leaves));
	g->seen = calloc(max, sizeof(*g->seen));
	g->mseen = calloc(nmsrs + 1, sizeof(*g->mseen));
	if (!g->leaves || !g->seen || !g->mseen)
		return fail("calloc", ENOMEM);
	for (i = 0; i < n; i++)
		add_leaf(g, table[i].function, table[i].index);
	for (i = 0; set && i < hvabi_featureset_count(set); i++) {
		if (hvabi_featureset_get_entry(set, i, &e) || e.key.ns != HVABI_NS_CPUID ||
		    (e.key.id & HVABI_CPUID_TABLE_HYPERV))
			continue;
		if (!find_leaf(table, n, (uint32_t)e.key.id, e.key.sub))
			add_leaf(g, (uint32_t)e.key.id, e.key.sub);
	}
	g->msrs = msrs;
	g->nmsrs = nmsrs;
	return 0;
}

static void guest_free(struct guest *g)
{
	free(g->leaves);
	free(g->seen);
	free(g->mseen);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * Print what the guest saw, one value a line, sorted: "<pass>: ..." for
 * the values a guest compares across hosts, "<pass>-vcpu: ..." for the
 * bits that name the vCPU.
 */
static int print_guest(const char *pass, const struct guest *g)
{
	size_t n = g->nleaves * 4 + g->nmsrs + 1, k = 0, i;
	char **lines = calloc(n, sizeof(*lines));
	unsigned int reg;
	int status = 0;

	if (!lines)
		return fail("calloc", ENOMEM);
	for (i = 0; i < g->nleaves; i++) {
		const struct seen *s = &g->seen[i];

		for (reg = 0; reg < 4; reg++) {
			uint32_t mask = vcpu_bits(s->leaf, reg);

			lines[k] = malloc(64);
			if (!lines[k])
				goto nomem;
			snprintf(lines[k++], 64, "cpuid 0x%" PRIx32 " 0x%" PRIx32 " %s 0x%08"
				 PRIx32, s->leaf, s->subleaf, reg_names[reg], s->reg[reg] & ~mask);
			if (mask)
				printf("%s-vcpu: cpuid 0x%" PRIx32 " 0x%" PRIx32 " %s 0x%08" PRIx32
				       " mask 0x%08" PRIx32 "\n", pass, s->leaf, s->subleaf,
				       reg_names[reg], s->reg[reg] & mask, mask);
		}
	}
	for (i = 0; i < g->nmsrs; i++) {
		lines[k] = malloc(48);
		if (!lines[k])
			goto nomem;
		if (g->mseen[i].gp)
			snprintf(lines[k++], 48, "msr 0x%" PRIx32 " #GP", g->mseen[i].index);
		else
			snprintf(lines[k++], 48, "msr 0x%" PRIx32 " 0x%" PRIx64, g->mseen[i].index,
				 g->mseen[i].value);
	}
	lines[k] = malloc(32);
	if (!lines[k])
		goto nomem;
	snprintf(lines[k++], 32, "tsc_khz %" PRIu32, g->tsc_khz);
	qsort(lines, k, sizeof(*lines), cmp_str);
	for (i = 0; i < k; i++)
		printf("%s: %s\n", pass, lines[i]);
	goto out;
nomem:
	status = fail("malloc", ENOMEM);
out:
	for (i = 0; i < k; i++)
		free(lines[i]);
	free(lines);
	return status;
}

/* The guest's MSRs against KVM_GET_MSRS, and against @set where it pins them. */
static unsigned int compare_msrs(const struct vm *vm, const struct guest *g,
				 const struct hvabi_featureset *set, unsigned int *ngp)
{
	struct hvabi_catalog_info info;
	unsigned int bad = 0;
	struct hvabi_entry e;
	struct hvabi_key key;
	uint64_t v;
	size_t i;

	for (i = 0; i < g->nmsrs; i++) {
		const struct msr_seen *m = &g->mseen[i];

		if (m->gp) {
			(*ngp)++;
			continue;
		}
		if (!kvm_msr(vm->vcpu_fd, m->index, &v) && v != m->value) {
			printf("mismatch: msr 0x%" PRIx32 ": guest 0x%" PRIx64 ", KVM_GET_MSRS 0x%"
			       PRIx64 "\n", m->index, m->value, v);
			bad++;
		}
		key = hvabi_key_msr(m->index);
		/* The set pins what apply writes: read-only entries describe the host. */
		if (!set || hvabi_featureset_find(set, &key, &e) ||
		    (!hvabi_catalog_lookup(HVABI_ARCH_X86_64, &key, &info, sizeof(info)) &&
		     (info.flags & HVABI_CATALOG_READ_ONLY)))
			continue;
		if (m->value != e.value) {
			printf("mismatch: msr 0x%" PRIx32 ": guest 0x%" PRIx64 ", set 0x%" PRIx64
			       "\n", m->index, m->value, e.value);
			bad++;
		}
	}
	return bad;
}

/*
 * Pass "default": the kernel's own table, MSRs and TSC rate, as a VMM
 * without libhvabi leaves them. Returns the exit status.
 */
static int run_defaults(int kvm_fd, const uint32_t *msrs, size_t nmsrs)
{
	struct hvabi_cpuid_entry *table = NULL, *kvm_table = NULL;
	size_t ntable = 0, nkvm = 0, i;
	unsigned int bad = 0, ngp = 0, reg;
	struct guest g;
	struct vm vm;
	int status = 1;

	memset(&g, 0, sizeof(g));
	if (vm_open(kvm_fd, &vm))
		return 1;
	if (supported_cpuid(kvm_fd, &table, &ntable) || set_cpuid(vm.vcpu_fd, table, ntable) ||
	    guest_new(&g, table, ntable, NULL, msrs, nmsrs) || run_guest(&vm, &g) ||
	    read_cpuid(vm.vcpu_fd, KVM_GET_CPUID2, "KVM_GET_CPUID2", &kvm_table, &nkvm))
		goto out;
	for (i = 0; i < g.nleaves; i++) {
		const struct seen *s = &g.seen[i];
		const struct hvabi_cpuid_entry *k = find_leaf(kvm_table, nkvm, s->leaf,
							      s->subleaf);

		for (reg = 0; reg < 4; reg++) {
			if (s->reg[reg] == kvm_reg(k, reg))
				continue;
			printf("mismatch: cpuid 0x%" PRIx32 " 0x%" PRIx32 " %s: guest 0x%08" PRIx32
			       ", KVM_GET_CPUID2 0x%08" PRIx32 "%s\n", s->leaf, s->subleaf,
			       reg_names[reg], s->reg[reg], kvm_reg(k, reg),
			       k ? "" : " (no such leaf)");
			bad++;
		}
	}
	bad += compare_msrs(&vm, &g, NULL, &ngp);
	if (print_guest("default", &g))
		goto out;
	if (bad) {
		printf("x86_vmm: without libhvabi: %u mismatches\n", bad);
		goto out;
	}
	printf("x86_vmm: without libhvabi the guest saw KVM's own table: %zu leaves, %zu "
	       "registers, %zu MSRs (%u #GP), tsc_khz %" PRIu32 "\n", g.nleaves, g.nleaves * 4,
	       g.nmsrs, ngp, g.tsc_khz);
	status = 0;
out:
	guest_free(&g);
	free(kvm_table);
	free(table);
	vm_close(&vm);
	return status;
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
	uint32_t got = s->reg[reg];
	uint32_t rt = runtime_bits(s->leaf, s->subleaf, reg) | vcpu_bits(s->leaf, reg);
	const struct override *o = find_override(x->over, x->nover, &key);
	unsigned int bad = 0;
	struct hvabi_entry e;
	char name[48];
	int pin;

	a = find_leaf(x->applied, x->napplied, s->leaf, s->subleaf);
	k = find_leaf(x->kvm, x->nkvm, s->leaf, s->subleaf);
	snprintf(name, sizeof(name), "cpuid 0x%" PRIx32 " 0x%" PRIx32 " %s", s->leaf, s->subleaf,
		 reg_names[reg]);
	if (got != kvm_reg(k, reg)) {
		printf("mismatch: %s: guest 0x%08" PRIx32 ", KVM_GET_CPUID2 0x%08" PRIx32 "%s\n",
		       name, got, kvm_reg(k, reg), k ? "" : " (no such leaf)");
		bad++;
	}
	if (!a) {
		printf("mismatch: %s: the set names it, the applied table lacks it\n", name);
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
	rt |= vmm_bits(s->leaf, reg);
	if (e.kind == HVABI_KIND_VERSION ? got > e.value : ((got ^ e.value) & ~rt) != 0) {
		printf("mismatch: %s: guest 0x%08" PRIx32 ", set 0x%08" PRIx64 " (%s)\n",
		       name, got, e.value, hvabi_kind_name(e.kind));
		bad++;
	}
	return bad;
}

/*
 * Pass "guest": the VM, its CPUID, MSRs and TSC rate pinned through the
 * library, the guest run and checked. Returns the exit status.
 */
static int run_pinned(int kvm_fd, struct hvabi_kvm *kvm, const struct hvabi_featureset *set,
		      const struct pinned *pins, const uint32_t *msrs, size_t nmsrs)
{
	struct hvabi_cpuid_entry *table = NULL, *applied = NULL, *kvm_table = NULL;
	size_t ntable = 0, nkvm = 0, nover = 0, i;
	struct override *over = NULL;
	struct expect x;
	struct guest g;
	struct vm vm;
	struct hvabi_apply_opts opts;
	struct hvabi_report *report = NULL;
	struct hvabi_entry tsc;
	struct hvabi_key tsc_key = hvabi_key_vcpu_value(HVABI_VCPU_VALUE_TSC_KHZ);
	int r, status = 1;
	unsigned int bad = 0, overridden = 0, ngp = 0, reg;

	memset(&g, 0, sizeof(g));
	if (vm_open(kvm_fd, &vm))
		return 1;

	/* CPUID: KVM's supported table, restricted to the set and set by the library. */
	if (supported_cpuid(kvm_fd, &table, &ntable))
		goto out;
	memset(&opts, 0, sizeof(opts));
	opts.sz = sizeof(opts);
	opts.cpuid = table;
	opts.ncpuid = ntable;
	r = hvabi_apply(kvm, set, vm.vm_fd, &vm.vcpu_fd, 1, &opts, &report);
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

		if (hvabi_report_get_item(report, i, &it, sizeof(it)) ||
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
	applied = malloc((ntable ? ntable : 1) * sizeof(*applied));
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

	if (guest_new(&g, applied, ntable, set, msrs, nmsrs) || run_guest(&vm, &g) ||
	    read_cpuid(vm.vcpu_fd, KVM_GET_CPUID2, "KVM_GET_CPUID2", &kvm_table, &nkvm))
		goto out;
	x.applied = applied;
	x.napplied = ntable;
	x.kvm = kvm_table;
	x.nkvm = nkvm;
	x.set = set;
	x.over = over;
	x.nover = nover;
	x.pins = pins;
	for (i = 0; i < g.nleaves; i++)
		for (reg = 0; reg < 4; reg++)
			bad += compare_reg(&x, &g.seen[i], reg, &overridden);
	bad += compare_msrs(&vm, &g, set, &ngp);
	if (!hvabi_featureset_find(set, &tsc_key, &tsc) && g.tsc_khz != tsc.value) {
		printf("mismatch: tsc_khz: KVM_GET_TSC_KHZ %" PRIu32 ", set %" PRIu64 "\n",
		       g.tsc_khz, tsc.value);
		bad++;
	}
	if (print_guest("guest", &g))
		goto out;
	if (bad) {
		printf("x86_vmm: %u mismatches\n", bad);
		goto out;
	}
	printf("x86_vmm: the guest saw the applied table: %zu leaves, %zu registers",
	       g.nleaves, g.nleaves * 4);
	if (overridden)
		printf(", %u of them as KVM keeps them instead (reported by hvabi_apply)",
		       overridden);
	printf("; %zu MSRs (%u #GP); tsc_khz %" PRIu32 "\n", g.nmsrs, ngp, g.tsc_khz);
	status = 0;
out:
	guest_free(&g);
	free(over);
	free(kvm_table);
	free(applied);
	free(table);
	vm_close(&vm);
	return status;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * The MSRs the guest reads, sorted: the fixed list and every MSR of
 * @host and @set (either may be NULL).
 */
static int msr_list(const struct hvabi_featureset *host, const struct hvabi_featureset *set,
		    uint32_t **ret, size_t *n)
{
	const struct hvabi_featureset *from[2] = { host, set };
	size_t max = sizeof(fixed_msrs) / sizeof(fixed_msrs[0]), k = 0, i, j;
	struct hvabi_entry e;
	uint32_t *m;

	max += hvabi_featureset_count(host) + hvabi_featureset_count(set);
	m = calloc(max, sizeof(*m));
	if (!m)
		return fail("calloc", ENOMEM);
	for (i = 0; i < sizeof(fixed_msrs) / sizeof(fixed_msrs[0]); i++)
		m[k++] = fixed_msrs[i];
	for (j = 0; j < 2; j++)
		for (i = 0; i < hvabi_featureset_count(from[j]); i++)
			if (!hvabi_featureset_get_entry(from[j], i, &e) &&
			    e.key.ns == HVABI_NS_MSR)
				m[k++] = (uint32_t)e.key.id;
	qsort(m, k, sizeof(*m), cmp_u32);
	for (i = j = 0; i < k; i++)
		if (!j || m[j - 1] != m[i])
			m[j++] = m[i];
	*ret = m;
	*n = j;
	return 0;
}

int main(int argc, char **argv)
{
	struct hvabi_featureset *host = NULL, *set = NULL;
	struct hvabi_report *report = NULL;
	struct hvabi_kvm *kvm = NULL;
	struct pinned pins = { .n = 0 };
	bool defaults_only = argc == 2 && !strcmp(argv[1], "--defaults");
	bool may_move = false;
	uint32_t *msrs = NULL;
	size_t nmsrs = 0;
	int kvm_fd, r, status;

	if (argc > 2 || (argc == 2 && argv[1][0] == '-' && !defaults_only)) {
		fprintf(stderr, "usage: x86_vmm [--defaults | SET.json]\n");
		return 2;
	}
	status = example_open_host("x86_vmm", HVABI_ARCH_X86_64, &kvm_fd, &kvm, &host);
	if (status)
		return status;
	status = 1;
	if (!defaults_only &&
	    (argc == 2 ? example_load_set("x86_vmm", argv[1], HVABI_ARCH_X86_64, &set)
		       : derive_set(host, &set, &pins)))
		goto out;
	if (msr_list(host, set, &msrs, &nmsrs))
		goto out;

	/* Without libhvabi first: what this kernel gives a guest by itself. */
	status = run_defaults(kvm_fd, msrs, nmsrs);
	if (defaults_only)
		goto out;

	/* A VMM refuses a set the host cannot give before it starts the guest. */
	r = hvabi_check(set, host, 0, &may_move, &report);
	if (r < 0) {
		status = fail("hvabi_check", -r);
		goto out;
	}
	if (!may_move) {
		printf("x86_vmm: this host cannot give the set:\n");
		print_report(report, false);
		status = 1;
		goto out;
	}
	status = run_pinned(kvm_fd, kvm, set, &pins, msrs, nmsrs) || status;
out:
	free(msrs);
	hvabi_report_free(report);
	hvabi_featureset_free(set);
	hvabi_featureset_free(host);
	hvabi_kvm_free(kvm);
	if (close(kvm_fd) < 0)
		status = fail("close /dev/kvm", errno);
	return status;
}
