/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * arm64_vmm: a minimal arm64 VMM whose guest reports the hypercall and
 * firmware ABI it sees, optionally pinned to a set with libhvabi.
 *
 *	arm64_vmm		the kernel's defaults
 *	arm64_vmm --pin		a set derived from the probe, lowered so the
 *				guest can show it: PSCI 1.0, no KVM PTP, no
 *				VENDOR_HYP_BMAP_2 services, ID_AA64ISAR0_EL1.RNDR
 *				cleared where the kernel lets it be written
 *	arm64_vmm --features	this host's profile of vCPUs with SVE and,
 *				where it has one, a PMU; the vector lengths
 *				capped at the second shortest (the guest's
 *				RDVL shows it, and PMCR_EL0.N)
 *	arm64_vmm SET.json	that set (probe_host, baseline_hosts -o)
 *	arm64_vmm --tag-names	the name of each of the guest's reports, one
 *				a line in tag order (for another VMM running
 *				arm64_guest.S: the QEMU lab's guest)
 *
 * It probes the host, creates a VM (and with a set calls hvabi_vm_prepare()
 * before any vCPU: cap 239 where the set pins a MIDR that may not be the
 * host's) with one vCPU (KVM_ARM_VCPU_INIT with PSCI 0.2), an in-kernel
 * GICv3 and 64 KiB of memory, applies the set with hvabi_apply() before
 * the first KVM_RUN, and runs arm64_guest.S at EL1. The guest makes SMCCC
 * calls (HVC #0), reads ID registers and stores each result to an
 * unmapped address (KVM_EXIT_MMIO); PSCI SYSTEM_OFF ends the run. Calls
 * the set's SMCCC filter forwards (DISCOVER_IMPL_VER and _CPUS, where the
 * set tells the guest several CPU implementations) come as
 * KVM_EXIT_HYPERCALL, answered by hvabi_kvm_smccc_exit() and printed as
 * "hypercall: <id> x1.. -> x0..x3" lines. The VMM
 * prints "guest: <name> = <hex>" lines and checks the values against the
 * VM as the library reads it back (hvabi_kvm_read_vm()) and against the
 * set (DISCOVER_IMPL: hvabi_smccc_answer(); without a set NOT_SUPPORTED).
 *
 * Exit status: 0 when the guest saw what KVM and the set say, 1 on a
 * mismatch or an error, 77 when /dev/kvm is missing, not permitted, or not
 * an arm64 KVM.
 *
 * Build: by Meson on aarch64, or by hand, statically, for the kernels lab:
 *	aarch64-linux-gnu-gcc -static -Iinclude -IBUILD/include examples/arm64_vmm.c \
 *		examples/arm64_guest.S libhvabi.a
 */
#include <errno.h>
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

#include "arm64_guest.h"
#include "common.h"


/* Guest memory at 1 GiB, as QEMU's virt machine places RAM. */
#define GUEST_MEM_BASE	0x40000000ull
#define GUEST_MEM_SIZE	0x10000u
/* The report window: no memory slot, so every store there exits to the VMM. */
#define REPORT_BASE	0x10000000ull
/* GICv3 distributor and redistributors, where QEMU's virt machine has them. */
#define GICD_BASE	0x08000000ull
#define GICR_BASE	0x080a0000ull
#define MAX_EXITS	4096u

/* The guest's code (arm64_guest.S), copied to GUEST_MEM_BASE. */
extern const uint8_t arm64_guest_start[], arm64_guest_end[];

/* The guest's reports: window + 8 * tag (the order of arm64_guest.S). */
enum tag {
	T_SMCCC_VERSION,
	T_WA1,
	T_WA2,
	T_WA3,
	T_PSCI_VERSION,
	T_PSCI_FEAT_SMCCC,
	T_PSCI_FEAT_CPU_SUSPEND64,
	T_PSCI_FEAT_SYSTEM_OFF2,
	T_PSCI_FEAT_SYSTEM_OFF2_64,
	T_PSCI_FEAT_SYSTEM_RESET2,
	T_TRNG_VERSION,
	T_UID0,
	T_UID1,
	T_UID2,
	T_UID3,
	T_KVM_FEATURES,
	T_KVM_FEATURES_2,
	T_PTP,
	T_PFR0,
	T_PFR1,
	T_ISAR0,
	T_ISAR1,
	T_ISAR2,
	T_MMFR0,
	T_MMFR1,
	T_MMFR2,
	T_DFR0,
	T_ZFR0,
	T_MIDR,
	T_CTR,
	T_CLIDR,
	T_CNTFRQ,
	T_DCZID,
	T_REVIDR,
	T_AIDR,
	T_MPIDR,
	T_CCSIDR,		/* 14 of them: T_CCSIDR + CSSELR */
	T_SVE_VL = T_CCSIDR + 14,
	T_PMCR_N,
	T_IDSPACE,		/* 56: T_IDSPACE + 8 * (CRm - 1) + op2 */
	T_KVM_FEATURES_1 = T_IDSPACE + 56,
	T_KVM_FEATURES_3,
	T_IMPL_VER,		/* x0..x3 of DISCOVER_IMPL_VER */
	T_IMPL_CPUS = T_IMPL_VER + 4,	/* x0..x3 of DISCOVER_IMPL_CPUS(i): + 4 * i */
	NTAGS = T_IMPL_CPUS + 4 * 4
};

/* Past the feature ID space: the tags appended after it. */
#define T_IDSPACE_END T_KVM_FEATURES_1
#define IS_IDSPACE(t) ((t) >= T_IDSPACE && (t) < T_IDSPACE_END)
/* DISCOVER_IMPL_CPUS is asked for indices 0 to IMPL_ASKED - 1 */
#define IMPL_ASKED 4u

_Static_assert(NTAGS == ARM64_GUEST_NTAGS, "arm64_guest.h and enum tag disagree");

struct tag_info {
	const char *name;	/* printed after "guest: " */
	const char *entry;	/* the entry KVM reads back as the same value, or NULL */
	bool version;		/* an SMCCC-style version, major.minor */
	/*
	 * What the probe's guest read (hvabi_kvm_probe() with
	 * HVABI_PROBE_GUEST_READS): where the set or the host profile has
	 * it, the library's word on what this guest reads, which is what it
	 * must read, even where KVM's read-back says otherwise (a kernel
	 * that leaves the register to the CPU).
	 */
	const char *guest;
	bool cache;		/* a CCSIDR: all-ones where CLIDR_EL1 describes no cache */
};

#define IMPL_CPUS_TAG(i)                                                         \
	[T_IMPL_CPUS + 4 * (i)] = { "DISCOVER_IMPL_CPUS(" #i ").x0", NULL, false },   \
	[T_IMPL_CPUS + 4 * (i) + 1] = { "DISCOVER_IMPL_CPUS(" #i ").x1", NULL, false }, \
	[T_IMPL_CPUS + 4 * (i) + 2] = { "DISCOVER_IMPL_CPUS(" #i ").x2", NULL, false }, \
	[T_IMPL_CPUS + 4 * (i) + 3] = { "DISCOVER_IMPL_CPUS(" #i ").x3", NULL, false }

#define CCSIDR_TAG(n, lvl)                                                       \
	[T_CCSIDR + (n)] = { "CCSIDR_EL1." lvl, "CCSIDR_EL1." lvl, false,        \
			     "guest.CCSIDR_EL1." lvl, true }

static const struct tag_info tags[NTAGS] = {
	[T_SMCCC_VERSION] = { "SMCCC_VERSION", NULL, true },
	[T_WA1] = { "SMCCC_ARCH_FEATURES(WORKAROUND_1)", NULL, false },
	[T_WA2] = { "SMCCC_ARCH_FEATURES(WORKAROUND_2)", NULL, false },
	[T_WA3] = { "SMCCC_ARCH_FEATURES(WORKAROUND_3)", NULL, false },
	[T_PSCI_VERSION] = { "PSCI_VERSION", "PSCI_VERSION", true },
	[T_PSCI_FEAT_SMCCC] = { "PSCI_FEATURES(SMCCC_VERSION)", NULL, false },
	[T_PSCI_FEAT_CPU_SUSPEND64] = { "PSCI_FEATURES(CPU_SUSPEND64)", NULL, false },
	[T_PSCI_FEAT_SYSTEM_OFF2] = { "PSCI_FEATURES(SYSTEM_OFF2)", NULL, false },
	[T_PSCI_FEAT_SYSTEM_OFF2_64] = { "PSCI_FEATURES(SYSTEM_OFF2_64)", NULL, false },
	[T_PSCI_FEAT_SYSTEM_RESET2] = { "PSCI_FEATURES(SYSTEM_RESET2)", NULL, false },
	[T_TRNG_VERSION] = { "TRNG_VERSION", NULL, true },
	[T_UID0] = { "VENDOR_HYP_UID.w0", NULL, false },
	[T_UID1] = { "VENDOR_HYP_UID.w1", NULL, false },
	[T_UID2] = { "VENDOR_HYP_UID.w2", NULL, false },
	[T_UID3] = { "VENDOR_HYP_UID.w3", NULL, false },
	/* KVM answers with its bitmap registers (arch/arm64/kvm/hypercalls.c). */
	[T_KVM_FEATURES] = { "KVM_FUNC_FEATURES.x0", "VENDOR_HYP_BMAP", false },
	[T_KVM_FEATURES_2] = { "KVM_FUNC_FEATURES.x2", "VENDOR_HYP_BMAP_2", false },
	[T_PTP] = { "KVM_PTP.x0", NULL, false },
	[T_PFR0] = { "ID_AA64PFR0_EL1", "ID_AA64PFR0_EL1", false },
	[T_PFR1] = { "ID_AA64PFR1_EL1", "ID_AA64PFR1_EL1", false },
	[T_ISAR0] = { "ID_AA64ISAR0_EL1", "ID_AA64ISAR0_EL1", false },
	[T_ISAR1] = { "ID_AA64ISAR1_EL1", "ID_AA64ISAR1_EL1", false },
	[T_ISAR2] = { "ID_AA64ISAR2_EL1", "ID_AA64ISAR2_EL1", false },
	[T_MMFR0] = { "ID_AA64MMFR0_EL1", "ID_AA64MMFR0_EL1", false },
	[T_MMFR1] = { "ID_AA64MMFR1_EL1", "ID_AA64MMFR1_EL1", false },
	[T_MMFR2] = { "ID_AA64MMFR2_EL1", "ID_AA64MMFR2_EL1", false },
	[T_DFR0] = { "ID_AA64DFR0_EL1", "ID_AA64DFR0_EL1", false },
	[T_ZFR0] = { "ID_AA64ZFR0_EL1", "ID_AA64ZFR0_EL1", false },
	[T_MIDR] = { "MIDR_EL1", "MIDR_EL1", false, "guest.MIDR_EL1" },
	[T_CTR] = { "CTR_EL0", "CTR_EL0", false, "guest.CTR_EL0" },
	[T_CLIDR] = { "CLIDR_EL1", "CLIDR_EL1", false, "guest.CLIDR_EL1" },
	[T_CNTFRQ] = { "CNTFRQ_EL0", NULL, false, "guest.CNTFRQ_EL0" },
	[T_DCZID] = { "DCZID_EL0", NULL, false, "guest.DCZID_EL0" },
	[T_REVIDR] = { "REVIDR_EL1", "REVIDR_EL1", false, "guest.REVIDR_EL1" },
	[T_AIDR] = { "AIDR_EL1", "AIDR_EL1", false, "guest.AIDR_EL1" },
	[T_MPIDR] = { "MPIDR_EL1", "MPIDR_EL1", false },
	CCSIDR_TAG(0, "L1D"), CCSIDR_TAG(1, "L1I"), CCSIDR_TAG(2, "L2D"),
	CCSIDR_TAG(3, "L2I"), CCSIDR_TAG(4, "L3D"), CCSIDR_TAG(5, "L3I"),
	CCSIDR_TAG(6, "L4D"), CCSIDR_TAG(7, "L4I"), CCSIDR_TAG(8, "L5D"),
	CCSIDR_TAG(9, "L5I"), CCSIDR_TAG(10, "L6D"), CCSIDR_TAG(11, "L6I"),
	CCSIDR_TAG(12, "L7D"), CCSIDR_TAG(13, "L7I"),
	/* RDVL with ZCR_EL1.LEN at its largest: the vector length KVM lets it have, in bytes */
	[T_SVE_VL] = { "SVE vector length (RDVL)", NULL, false },
	/* PMCR_EL0.N, the PMU's counters, where the vCPU has a PMU (DFR0.PMUVer) */
	[T_PMCR_N] = { "PMCR_EL0.N", NULL, false },
	/* KVM_FUNC_FEATURES' other words (bitmap bits 32-63 and 96-127: none assigned) */
	[T_KVM_FEATURES_1] = { "KVM_FUNC_FEATURES.x1", NULL, false },
	[T_KVM_FEATURES_3] = { "KVM_FUNC_FEATURES.x3", NULL, false },
	/* answered by the VMM (hvabi_kvm_smccc_exit()) where the set's filter forwards them */
	[T_IMPL_VER] = { "DISCOVER_IMPL_VER.x0", NULL, false },
	[T_IMPL_VER + 1] = { "DISCOVER_IMPL_VER.x1", NULL, false },
	[T_IMPL_VER + 2] = { "DISCOVER_IMPL_VER.x2", NULL, false },
	[T_IMPL_VER + 3] = { "DISCOVER_IMPL_VER.x3", NULL, false },
	IMPL_CPUS_TAG(0), IMPL_CPUS_TAG(1), IMPL_CPUS_TAG(2), IMPL_CPUS_TAG(3),
};

#define NO_CACHE ((uint64_t)-1)

#define SMCCC_NOT_SUPPORTED	((uint64_t)-1)
#define SMCCC_INVALID_PARAMETER	((uint64_t)-3)
#define PSCI_1_0		0x10000u
#define VENDOR_HYP_PTP		(1ull << 1)	/* KVM_REG_ARM_VENDOR_HYP_BIT_PTP */
#define ISAR0_RNDR		(0xfull << 60)

static int fail(const char *what, int err)
{
	fprintf(stderr, "arm64_vmm: %s: %s\n", what, strerror(err));
	return 1;
}

/* The name of the errnos libhvabi's VM calls return, else "errno N". */
static const char *errno_name(int err, char *buf, size_t len)
{
	switch (err) {
	case EINVAL: return "EINVAL";
	case ENOENT: return "ENOENT";
	case EBUSY: return "EBUSY";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case ENOMEM: return "ENOMEM";
	case EPERM: return "EPERM";
	case ENXIO: return "ENXIO";
	default: snprintf(buf, len, "errno %d", err); return buf;
	}
}

static void print_report(const struct hvabi_report *rep)
{
	struct hvabi_report_item it;
	size_t i;

	for (i = 0; i < hvabi_report_count(rep); i++) {
		if (hvabi_report_get_item(rep, i, &it, sizeof(it)) || it.severity == HVABI_SEVERITY_INFO)
			continue;
		printf("  %s %s %s: %s\n", hvabi_severity_name(it.severity),
		       hvabi_reason_name(it.reason), it.name, it.message);
	}
}

/* The entry @name of @fs; 0, -ENOENT, or another negative errno. */
static int find_named(const struct hvabi_featureset *fs, const char *name,
		      struct hvabi_entry *e)
{
	struct hvabi_key key;
	int r;

	r = hvabi_key_from_string(HVABI_ARCH_ARM64, name, &key);
	return r ? r : hvabi_featureset_find(fs, &key, e);
}

/* Give entry @name the value @value where the host has it; print the change. */
static int pin(struct hvabi_featureset *set, const char *name, uint64_t value)
{
	struct hvabi_entry e;
	int r;

	r = find_named(set, name, &e);
	if (r == -ENOENT) {
		printf("pin: %s: this kernel does not have it\n", name);
		return 0;
	}
	if (r)
		return fail(name, -r);
	printf("pin: %s 0x%" PRIx64 " -> 0x%" PRIx64 "\n", name, e.value, value);
	e.value = value;
	r = hvabi_featureset_put(set, &e);
	return r ? fail("hvabi_featureset_put", -r) : 0;
}

/*
 * --pin: the host's profile with less than the kernel offers, each change
 * one the guest can see, and each only where this kernel accepts it.
 */
static int derive_set(const struct hvabi_featureset *host, struct hvabi_featureset **ret)
{
	struct hvabi_featureset *set;
	struct hvabi_entry e;
	int r;

	r = hvabi_featureset_copy(host, &set);
	if (r)
		return fail("hvabi_featureset_copy", -r);
	/* PSCI 1.0, where the kernel accepts it (5.10 and later do). */
	r = find_named(set, "PSCI_VERSION", &e);
	if (!r && e.value > PSCI_1_0 &&
	    (!(e.flags & HVABI_ENTRY_HAS_MIN) || e.min <= PSCI_1_0))
		r = pin(set, "PSCI_VERSION", PSCI_1_0);
	else if (r == -ENOENT)
		r = 0;
	/* No PTP: KVM_FUNC_FEATURES loses bit 1 and the PTP call answers NOT_SUPPORTED. */
	if (!r) {
		r = find_named(set, "VENDOR_HYP_BMAP", &e);
		if (!r)
			r = pin(set, "VENDOR_HYP_BMAP", e.value & ~VENDOR_HYP_PTP);
		else if (r == -ENOENT)
			r = 0;
	}
	if (!r)
		r = pin(set, "VENDOR_HYP_BMAP_2", 0);
	/* RNDR gone from the ID register, where the kernel (6.7+) lets it be written. */
	if (!r) {
		r = find_named(set, "ID_AA64ISAR0_EL1", &e);
		if (!r && (e.value & ISAR0_RNDR) && (e.flags & HVABI_ENTRY_HAS_MASK) &&
		    (e.mask & ISAR0_RNDR) == ISAR0_RNDR)
			r = pin(set, "ID_AA64ISAR0_EL1", e.value & ~ISAR0_RNDR);
		else if (!r)
			printf("pin: ID_AA64ISAR0_EL1: RNDR absent or not writable here\n");
		else if (r == -ENOENT)
			r = 0;
	}
	if (r) {
		hvabi_featureset_free(set);
		return r < 0 ? fail("derive the set", -r) : 1;
	}
	*ret = set;
	return 0;
}

static int set_gic_attr(int fd, uint32_t group, uint64_t attr, const uint64_t *value)
{
	struct kvm_device_attr a = {
		.group = group, .attr = attr, .addr = (uintptr_t)value,
	};

	return ioctl(fd, KVM_SET_DEVICE_ATTR, &a);
}

/*
 * An in-kernel GICv3, as every arm64 VMM has: the guest's ID_AA64PFR0_EL1.GIC
 * says whether there is one, and kernels since 6.10 clear it at the first
 * run of a VM without one, whatever the set says. Call after the vCPUs are
 * created. Returns the device fd or -1.
 */
static int create_gic(int vm_fd)
{
	struct kvm_create_device dev = { .type = KVM_DEV_TYPE_ARM_VGIC_V3 };
	const uint64_t dist = GICD_BASE, redist = GICR_BASE;

	if (ioctl(vm_fd, KVM_CREATE_DEVICE, &dev) < 0) {
		fail("KVM_CREATE_DEVICE (GICv3)", errno);
		return -1;
	}
	if (set_gic_attr(dev.fd, KVM_DEV_ARM_VGIC_GRP_ADDR, KVM_VGIC_V3_ADDR_TYPE_DIST,
			 &dist) < 0 ||
	    set_gic_attr(dev.fd, KVM_DEV_ARM_VGIC_GRP_ADDR, KVM_VGIC_V3_ADDR_TYPE_REDIST,
			 &redist) < 0 ||
	    set_gic_attr(dev.fd, KVM_DEV_ARM_VGIC_GRP_CTRL, KVM_DEV_ARM_VGIC_CTRL_INIT,
			 NULL) < 0) {
		fail("GICv3 setup", errno);
		close(dev.fd);
		return -1;
	}
	return (int)dev.fd;
}

/*
 * A vCPU with PMUv3 runs only once KVM knows its overflow interrupt (a
 * PPI: 23, as QEMU's virt machine) and has initialised it, after the vGIC
 * (KVM_ARM_VCPU_PMU_V3_CTRL, arch/arm64/kvm/pmu-emul.c).
 */
static int init_pmu(int vcpu_fd)
{
	int irq = 23;
	struct kvm_device_attr a = {
		.group = KVM_ARM_VCPU_PMU_V3_CTRL,
		.attr = KVM_ARM_VCPU_PMU_V3_IRQ,
		.addr = (uintptr_t)&irq,
	};

	if (ioctl(vcpu_fd, KVM_SET_DEVICE_ATTR, &a) < 0)
		return fail("KVM_ARM_VCPU_PMU_V3_IRQ", errno);
	a.attr = KVM_ARM_VCPU_PMU_V3_INIT;
	a.addr = 0;
	if (ioctl(vcpu_fd, KVM_SET_DEVICE_ATTR, &a) < 0)
		return fail("KVM_ARM_VCPU_PMU_V3_INIT", errno);
	return 0;
}

static int set_core_reg(int vcpu_fd, uint64_t id, uint64_t value)
{
	struct kvm_one_reg reg = { .id = id, .addr = (uintptr_t)&value };

	return ioctl(vcpu_fd, KVM_SET_ONE_REG, &reg);
}

static int get_core_reg(int vcpu_fd, uint64_t id, uint64_t *value)
{
	struct kvm_one_reg reg = { .id = id, .addr = (uintptr_t)value };

	return ioctl(vcpu_fd, KVM_GET_ONE_REG, &reg);
}

#define CORE_REG(field) \
	(KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_CORE | KVM_REG_ARM_CORE_REG(field))

/* x0..x3 of the vCPU into @x (@from: the first one read) */
static int get_x0_x3(int vcpu_fd, unsigned int from, uint64_t x[4])
{
	unsigned int i;

	for (i = from; i < 4; i++)
		if (get_core_reg(vcpu_fd, CORE_REG(regs.regs[i]), &x[i]) < 0)
			return -errno;
	return 0;
}

/*
 * KVM_EXIT_HYPERCALL: an SMCCC call the set's filter forwards to the VMM
 * (arm64 since 6.4). KVM gives only the function ID (run->hypercall.nr);
 * the library reads x1..x3, answers and writes x0..x3; the PC is already
 * past the HVC, so the VMM just runs again. Prints the call and the answer
 * as the vCPU's registers hold them afterwards.
 */
static int answer_hypercall(struct hvabi_kvm *kvm, const struct hvabi_featureset *set,
			    int vcpu_fd, const struct kvm_run *run)
{
	uint32_t fn = (uint32_t)run->hypercall.nr;
	uint64_t in[4] = { 0 }, out[4] = { 0 };
	char name[24];
	int r;

	if (!set) {
		fprintf(stderr, "arm64_vmm: KVM forwarded SMCCC function 0x%08" PRIx32
			" without a set: nothing here filters calls\n", fn);
		return 1;
	}
	r = get_x0_x3(vcpu_fd, 1, in);
	if (r)
		return fail("KVM_GET_ONE_REG x1..x3", -r);
	r = hvabi_kvm_smccc_exit(kvm, set, vcpu_fd, fn);
	if (r == -ENOENT) {
		fprintf(stderr, "arm64_vmm: KVM forwarded SMCCC function 0x%08" PRIx32
			", which the set does not answer (hvabi_kvm_smccc_exit: ENOENT)\n", fn);
		return 1;
	}
	if (r) {
		fprintf(stderr, "arm64_vmm: hvabi_kvm_smccc_exit(0x%08" PRIx32 "): %s (%s)\n", fn,
			errno_name(-r, name, sizeof(name)), strerror(-r));
		return 1;
	}
	r = get_x0_x3(vcpu_fd, 0, out);
	if (r)
		return fail("KVM_GET_ONE_REG x0..x3", -r);
	printf("hypercall: 0x%08" PRIx32 " x1=0x%" PRIx64 " x2=0x%" PRIx64 " x3=0x%" PRIx64
	       " -> x0=0x%" PRIx64 " x1=0x%" PRIx64 " x2=0x%" PRIx64 " x3=0x%" PRIx64 "\n", fn,
	       in[1], in[2], in[3], out[0], out[1], out[2], out[3]);
	return 0;
}

/* One store of the guest to its report window: the value of one tag. */
static int take_report(const struct kvm_run *run, uint64_t *val, bool *seen)
{
	uint64_t off = run->mmio.phys_addr - REPORT_BASE;

	if (!run->mmio.is_write || run->mmio.len != 8 ||
	    run->mmio.phys_addr < REPORT_BASE || off % 8 || off / 8 >= NTAGS) {
		fprintf(stderr, "arm64_vmm: unexpected MMIO %s of %u bytes at 0x%llx\n",
			run->mmio.is_write ? "write" : "read", run->mmio.len,
			(unsigned long long)run->mmio.phys_addr);
		return 1;
	}
	memcpy(&val[off / 8], run->mmio.data, sizeof(val[0]));
	seen[off / 8] = true;
	return 0;
}

/* Run until PSCI SYSTEM_OFF, storing each report in @val. */
static int run_guest(struct hvabi_kvm *kvm, const struct hvabi_featureset *set, int vcpu_fd,
		     struct kvm_run *run, uint64_t *val, bool *seen)
{
	unsigned int exits;

	for (exits = 0; exits < MAX_EXITS; exits++) {
		if (ioctl(vcpu_fd, KVM_RUN, 0) < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return fail("KVM_RUN", errno);
		}
		switch (run->exit_reason) {
		case KVM_EXIT_MMIO:
			if (take_report(run, val, seen))
				return 1;
			break;
		case KVM_EXIT_HYPERCALL:
			if (answer_hypercall(kvm, set, vcpu_fd, run))
				return 1;
			break;
		case KVM_EXIT_SYSTEM_EVENT:
			if (run->system_event.type != KVM_SYSTEM_EVENT_SHUTDOWN) {
				fprintf(stderr, "arm64_vmm: system event %u, not a "
					"shutdown\n", run->system_event.type);
				return 1;
			}
			return 0;
		case KVM_EXIT_FAIL_ENTRY:
			fprintf(stderr, "arm64_vmm: entry failed, reason 0x%llx\n",
				(unsigned long long)
				run->fail_entry.hardware_entry_failure_reason);
			return 1;
		case KVM_EXIT_INTERNAL_ERROR:
			fprintf(stderr, "arm64_vmm: KVM internal error, suberror %u\n",
				run->internal.suberror);
			return 1;
		default:
			fprintf(stderr, "arm64_vmm: unexpected exit reason %u\n",
				run->exit_reason);
			return 1;
		}
	}
	fprintf(stderr, "arm64_vmm: the guest did not stop after %u exits\n", MAX_EXITS);
	return 1;
}

/* The ONE_REG id of ID-space tag @t (T_IDSPACE..). */
static uint64_t idspace_id(unsigned int t)
{
	unsigned int i = t - T_IDSPACE;

	return ARM64_SYS_REG(3, 0, 0, 1 + i / 8, i % 8);
}

/* Tag @t's name: its own, or for the ID space the catalogue's (else the encoding). */
static const char *tag_name(unsigned int t, char *buf, size_t len)
{
	struct hvabi_catalog_info info;
	struct hvabi_key key;
	unsigned int i = t - T_IDSPACE;

	if (!IS_IDSPACE(t))
		return tags[t].name;
	key = hvabi_key_reg(idspace_id(t));
	if (!hvabi_catalog_lookup(HVABI_ARCH_ARM64, &key, &info, sizeof(info)))
		snprintf(buf, len, "idspace %s", info.name);
	else
		snprintf(buf, len, "idspace S3_0_C0_C%u_%u", 1 + i / 8, i % 8);
	return buf;
}

static void print_value(enum tag t, uint64_t v)
{
	char name[48];

	if (!IS_IDSPACE(t) && tags[t].cache && v == NO_CACHE)
		return;
	printf("guest: %s = 0x%" PRIx64, tag_name(t, name, sizeof(name)), v);
	if (IS_IDSPACE(t)) {
		printf("\n");
		return;
	}
	if (v == SMCCC_NOT_SUPPORTED)
		printf(" (NOT_SUPPORTED)");
	else if (t >= T_IMPL_CPUS && (t - T_IMPL_CPUS) % 4 == 0 && v == SMCCC_INVALID_PARAMETER)
		printf(" (INVALID_PARAMETER)");
	else if (tags[t].version && !(v >> 31))
		printf(" (%" PRIu64 ".%" PRIu64 ")", v >> 16, v & 0xffff);
	printf("\n");
}

/*
 * DISCOVER_IMPL_VER and DISCOVER_IMPL_CPUS(0..3): what the library answers
 * for the set (hvabi_smccc_answer(), the answer hvabi_kvm_smccc_exit()
 * wrote where the filter forwarded the call), or without a set what KVM
 * answers unforwarded: NOT_SUPPORTED, x1..x3 zero. Returns the mismatches.
 */
static unsigned int compare_impls(const uint64_t *val, const struct hvabi_featureset *set)
{
	unsigned int bad = 0, i, k;

	for (i = 0; i <= IMPL_ASKED; i++) {
		uint32_t fn = i ? HVABI_SMCCC_KVM_DISCOVER_IMPL_CPUS : HVABI_SMCCC_KVM_DISCOVER_IMPL_VER;
		const uint64_t args[3] = { i ? i - 1 : 0, 0, 0 };
		uint64_t want[4] = { SMCCC_NOT_SUPPORTED, 0, 0, 0 };
		unsigned int t0 = i ? T_IMPL_CPUS + 4 * (i - 1) : T_IMPL_VER;
		int r = set ? hvabi_smccc_answer(set, fn, args, want) : 0;

		if (r) {
			printf("mismatch: %s: hvabi_smccc_answer: %s\n", tags[t0].name, strerror(-r));
			bad++;
			continue;
		}
		for (k = 0; k < 4; k++) {
			if (val[t0 + k] == want[k])
				continue;
			printf("mismatch: %s: guest 0x%" PRIx64 ", %s 0x%" PRIx64 "\n",
			       tags[t0 + k].name, val[t0 + k], set ? "the set's answer" : "KVM's own",
			       want[k]);
			bad++;
		}
	}
	return bad;
}

/*
 * Each value the library read a guest read (the set's, else the host's
 * guest.* entries) must equal that; each other value with a catalogue
 * entry what KVM reads back for the VM (@vm) and, where a set was
 * applied, the set's value. Returns the number of mismatches.
 */
static unsigned int compare(const uint64_t *val, const struct hvabi_featureset *vm,
			    const struct hvabi_featureset *set,
			    const struct hvabi_featureset *host)
{
	unsigned int bad = 0, t;
	uint32_t features = 1u << KVM_ARM_VCPU_PSCI_0_2;
	struct hvabi_entry vqs;

	/* SVE's length: 16 bytes a quantum, up to the set's largest; 0 without SVE */
	if (set && !hvabi_vcpu_features(set, &features) && (features & (1u << KVM_ARM_VCPU_SVE)) &&
	    !find_named(set, "SVE_VQS", &vqs)) {
		uint64_t vl = 0;

		for (uint64_t v = vqs.value; v; v >>= 1)
			vl += 16;
		if (val[T_SVE_VL] != vl) {
			printf("mismatch: SVE vector length: guest %" PRIu64 " bytes, set %" PRIu64
			       "\n", val[T_SVE_VL], vl);
			bad++;
		}
	} else if (val[T_SVE_VL]) {
		printf("mismatch: SVE vector length: guest %" PRIu64 " bytes without SVE\n",
		       val[T_SVE_VL]);
		bad++;
	}
	/* PMCR_EL0.N: the set's PMCR_EL0 (a vCPU with a PMU lists it); 0 without a PMU */
	if (set && (features & (1u << KVM_ARM_VCPU_PMU_V3))) {
		struct hvabi_key pmcr = hvabi_key_reg(ARM64_SYS_REG(3, 3, 9, 12, 0));
		struct hvabi_entry e;

		if (hvabi_featureset_find(set, &pmcr, &e)) {
			printf("mismatch: PMCR_EL0.N: the set has a PMU and no PMCR_EL0\n");
			bad++;
		} else if (val[T_PMCR_N] != ((e.value >> 11) & 0x1f)) {
			printf("mismatch: PMCR_EL0.N: guest %" PRIu64 ", set %" PRIu64 "\n",
			       val[T_PMCR_N], (e.value >> 11) & 0x1f);
			bad++;
		}
	} else if (set && val[T_PMCR_N]) {
		printf("mismatch: PMCR_EL0.N: guest %" PRIu64 " without a PMU\n", val[T_PMCR_N]);
		bad++;
	}
	/* the ID space: what KVM reads back for the VM and, applied, what the set says */
	bad += compare_impls(val, set);
	for (t = T_IDSPACE; t < T_IDSPACE_END; t++) {
		struct hvabi_key key = hvabi_key_reg(idspace_id(t));
		struct hvabi_entry e;
		char name[48];

		if (!hvabi_featureset_find(vm, &key, &e) && e.value != val[t]) {
			printf("mismatch: %s: guest 0x%" PRIx64 ", KVM reads back 0x%" PRIx64 "\n",
			       tag_name(t, name, sizeof(name)), val[t], e.value);
			bad++;
		}
		if (set && !hvabi_featureset_find(set, &key, &e) && e.value != val[t]) {
			printf("mismatch: %s: guest 0x%" PRIx64 ", set 0x%" PRIx64 "\n",
			       tag_name(t, name, sizeof(name)), val[t], e.value);
			bad++;
		}
	}
	for (t = 0; t < NTAGS; t++) {
		const struct hvabi_featureset *word = set ? set : host;
		struct hvabi_entry e, h;
		int r;

		if (IS_IDSPACE(t) || (tags[t].cache && val[t] == NO_CACHE))
			continue;
		if (tags[t].guest && word && !find_named(word, tags[t].guest, &e)) {
			if (e.value != val[t]) {
				printf("mismatch: %s: guest 0x%" PRIx64 ", the library's "
				       "%s 0x%" PRIx64 "\n", tags[t].name, val[t], tags[t].guest,
				       e.value);
				bad++;
			}
			continue;
		}
		if (!tags[t].entry)
			continue;
		r = find_named(vm, tags[t].entry, &e);
		if (r == -ENOENT)
			continue;	/* this kernel has no such register */
		if (r) {
			printf("mismatch: %s: %s\n", tags[t].entry, strerror(-r));
			bad++;
			continue;
		}
		if (e.value != val[t]) {
			printf("mismatch: %s: guest 0x%" PRIx64 ", KVM reads back 0x%"
			       PRIx64 "\n", tags[t].name, val[t], e.value);
			bad++;
		}
		if (!set || find_named(set, tags[t].entry, &e))
			continue;
		if (e.value != val[t]) {
			printf("mismatch: %s: guest 0x%" PRIx64 ", set 0x%" PRIx64 "\n",
			       tags[t].name, val[t], e.value);
			bad++;
		} else if (host && !find_named(host, tags[t].entry, &h) &&
			   h.value != e.value) {
			printf("restricted: %s: the host offers 0x%" PRIx64 ", the guest "
			       "sees 0x%" PRIx64 "\n", tags[t].name, h.value, val[t]);
		}
	}
	return bad;
}

/* The VM, the set applied, the guest run and checked. Returns the exit status. */
static int run_vm(int kvm_fd, struct hvabi_kvm *kvm, const struct hvabi_featureset *set,
		  const struct hvabi_featureset *host)
{
	size_t code_len = (size_t)(arm64_guest_end - arm64_guest_start);
	struct kvm_userspace_memory_region region;
	struct hvabi_featureset *vm = NULL;
	struct hvabi_report *report = NULL;
	struct kvm_vcpu_init init;
	struct kvm_run *run = MAP_FAILED;
	uint8_t *mem = MAP_FAILED;
	uint64_t val[NTAGS];
	bool seen[NTAGS];
	int vm_fd, vcpu_fd = -1, gic_fd = -1, mmap_size = 0, r, status = 1;
	unsigned int t, bad;

	memset(val, 0, sizeof(val));
	memset(seen, 0, sizeof(seen));
	vm_fd = ioctl(kvm_fd, KVM_CREATE_VM, 0);
	if (vm_fd < 0)
		return fail("KVM_CREATE_VM", errno);
	/* The VM-wide steps KVM allows only before the first vCPU (cap 239). */
	if (set && (r = hvabi_vm_prepare(kvm, set, vm_fd))) {
		char name[24];

		fprintf(stderr, "arm64_vmm: hvabi_vm_prepare: %s (%s)\n",
			errno_name(-r, name, sizeof(name)), strerror(-r));
		goto out;
	}
	mem = mmap(NULL, GUEST_MEM_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED) {
		fail("mmap guest memory", errno);
		goto out;
	}
	if (code_len > GUEST_MEM_SIZE) {
		fail("guest code", E2BIG);
		goto out;
	}
	memcpy(mem, arm64_guest_start, code_len);
	memset(&region, 0, sizeof(region));
	region.slot = 0;
	region.guest_phys_addr = GUEST_MEM_BASE;
	region.memory_size = GUEST_MEM_SIZE;
	region.userspace_addr = (uintptr_t)mem;
	if (ioctl(vm_fd, KVM_SET_USER_MEMORY_REGION, &region) < 0) {
		fail("KVM_SET_USER_MEMORY_REGION", errno);
		goto out;
	}
	vcpu_fd = ioctl(vm_fd, KVM_CREATE_VCPU, 0);
	if (vcpu_fd < 0) {
		fail("KVM_CREATE_VCPU", errno);
		goto out;
	}
	memset(&init, 0, sizeof(init));
	if (ioctl(vm_fd, KVM_ARM_PREFERRED_TARGET, &init) < 0) {
		fail("KVM_ARM_PREFERRED_TARGET", errno);
		goto out;
	}
	/* The order KVM needs: the set's features, SVE's lengths and finalize, the registers. */
	init.features[0] = 1u << KVM_ARM_VCPU_PSCI_0_2;
	if (set && (r = hvabi_vcpu_features(set, &init.features[0]))) {
		fail("hvabi_vcpu_features", -r);
		goto out;
	}
	if (ioctl(vcpu_fd, KVM_ARM_VCPU_INIT, &init) < 0) {
		fail("KVM_ARM_VCPU_INIT", errno);
		goto out;
	}
	if (set && (r = hvabi_vcpu_finalize(kvm, set, vcpu_fd))) {
		fail("hvabi_vcpu_finalize", -r);
		goto out;
	}
	gic_fd = create_gic(vm_fd);
	if (gic_fd < 0)
		goto out;
	if ((init.features[0] & (1u << KVM_ARM_VCPU_PMU_V3)) && init_pmu(vcpu_fd))
		goto out;
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

	/* The set goes in after KVM_ARM_VCPU_INIT and before the first KVM_RUN. */
	if (set) {
		r = hvabi_apply(kvm, set, vm_fd, &vcpu_fd, 1, NULL, &report);
		printf("apply: %zu entries\n", hvabi_report_count(report));
		print_report(report);
		hvabi_report_free(report);
		if (r) {
			fail("hvabi_apply", -r);
			goto out;
		}
	}

	if (set_core_reg(vcpu_fd, CORE_REG(regs.pc), GUEST_MEM_BASE) < 0) {
		fail("KVM_SET_ONE_REG pc", errno);
		goto out;
	}
	if (set_core_reg(vcpu_fd, CORE_REG(regs.regs[0]), REPORT_BASE) < 0) {
		fail("KVM_SET_ONE_REG x0", errno);
		goto out;
	}
	if (run_guest(kvm, set, vcpu_fd, run, val, seen))
		goto out;
	for (t = 0; t < NTAGS; t++) {
		if (!seen[t]) {
			char name[48];

			fprintf(stderr, "arm64_vmm: the guest never reported %s\n",
				tag_name(t, name, sizeof(name)));
			goto out;
		}
		print_value((enum tag)t, val[t]);
	}

	r = hvabi_kvm_read_vm(kvm, vm_fd, &vcpu_fd, 1, 0, &vm);
	if (r) {
		fail("hvabi_kvm_read_vm", -r);
		goto out;
	}
	bad = compare(val, vm, set, host);
	if (bad) {
		printf("arm64_vmm: %u mismatches\n", bad);
		goto out;
	}
	printf("arm64_vmm: the guest saw what KVM and the %s say\n",
	       set ? "set" : "kernel");
	status = 0;
out:
	hvabi_featureset_free(vm);
	if (run != MAP_FAILED && munmap(run, (size_t)mmap_size) < 0)
		status = fail("munmap kvm_run", errno);
	if (gic_fd >= 0 && close(gic_fd) < 0)
		status = fail("close GIC", errno);
	if (vcpu_fd >= 0 && close(vcpu_fd) < 0)
		status = fail("close vcpu", errno);
	if (close(vm_fd) < 0)
		status = fail("close vm", errno);
	if (mem != MAP_FAILED && munmap(mem, GUEST_MEM_SIZE) < 0)
		status = fail("munmap guest memory", errno);
	return status;
}

/*
 * --features: this host as a VM with SVE and, where the host has one, a
 * PMU sees it (a profile of such vCPUs, which becomes the host the set is
 * checked against), its vector lengths capped at the second shortest, so
 * the guest's RDVL shows the cap, and its PMCR_EL0.N read.
 */
static int derive_features_set(struct hvabi_kvm *kvm, struct hvabi_featureset **host,
			       struct hvabi_featureset **ret)
{
	struct hvabi_featureset *sve_host = NULL, *set = NULL;
	uint32_t want = 1u << KVM_ARM_VCPU_SVE;
	uint64_t first, second, top;
	struct hvabi_entry e;
	int r;

	r = find_named(*host, "VCPU_FEATURES", &e);
	if (r)
		return fail("VCPU_FEATURES", -r);
	if (e.max & (1u << KVM_ARM_VCPU_PMU_V3))
		want |= 1u << KVM_ARM_VCPU_PMU_V3;
	printf("features: 0x%" PRIx32 " (of 0x%" PRIx64 ")\n", want, e.max);
	r = hvabi_kvm_probe(kvm, HVABI_PROBE_GUEST_READS | HVABI_PROBE_VCPU_FEATURES(want),
			    &sve_host);
	if (r)
		return fail("hvabi_kvm_probe with the features", -r);
	r = hvabi_featureset_copy(sve_host, &set);
	if (!r)
		r = find_named(set, "SVE_VQS", &e);
	/* every length up to the second shortest: the host's own up to a maximum */
	if (!r) {
		first = e.value & -e.value;
		second = (e.value & ~first) & -(e.value & ~first);
		top = second ? second : first;
		r = pin(set, "SVE_VQS", e.value & (top | (top - 1)));
	}
	if (r) {
		hvabi_featureset_free(sve_host);
		hvabi_featureset_free(set);
		return r < 0 ? fail("SVE_VQS", -r) : r;
	}
	hvabi_featureset_free(*host);
	*host = sve_host;
	*ret = set;
	return 0;
}

int main(int argc, char **argv)
{
	struct hvabi_featureset *host = NULL, *set = NULL;
	struct hvabi_report *report = NULL;
	struct hvabi_kvm *kvm = NULL;
	int kvm_fd, r, status;

	if (argc == 2 && !strcmp(argv[1], "--tag-names")) {
		char name[48];

		for (unsigned int t = 0; t < NTAGS; t++)
			printf("%s\n", tag_name(t, name, sizeof(name)));
		return fflush(stdout) ? 1 : 0;
	}
	if (argc > 2 || (argc == 2 && argv[1][0] == '-' && strcmp(argv[1], "--pin") &&
			 strcmp(argv[1], "--features"))) {
		fprintf(stderr, "usage: arm64_vmm [--pin | --features | --tag-names | SET.json]\n");
		return 2;
	}
	status = example_open_host("arm64_vmm", HVABI_ARCH_ARM64, &kvm_fd, &kvm, &host);
	if (status)
		return status;
	status = 1;
	if (argc == 2 && (!strcmp(argv[1], "--pin")   ? derive_set(host, &set)
			  : !strcmp(argv[1], "--features") ? derive_features_set(kvm, &host, &set)
			  : example_load_set("arm64_vmm", argv[1], HVABI_ARCH_ARM64, &set)))
		goto out;

	/* A VMM refuses a set the host cannot give before it starts the guest. */
	if (set) {
		bool may_move;

		r = hvabi_check(set, host, 0, &may_move, &report);
		if (r < 0) {
			fail("hvabi_check", -r);
			goto out;
		}
		if (!may_move) {
			printf("arm64_vmm: this host cannot give the set:\n");
			print_report(report);
			goto out;
		}
	}
	status = run_vm(kvm_fd, kvm, set, host);
out:
	hvabi_report_free(report);
	hvabi_featureset_free(set);
	hvabi_featureset_free(host);
	hvabi_kvm_free(kvm);
	if (close(kvm_fd) < 0)
		status = fail("close /dev/kvm", errno);
	return status;
}
