// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * kdiff: differential truth for the simulated arm64 kernels. One scripted
 * sequence of ioctls, built twice from this file:
 *
 *	kdiff [SEEDFILE]		against the running kernel's /dev/kvm
 *					with ioctl(); first reads the host's
 *					values (hostseed.h) and prints them as
 *					"seed" lines (and writes SEEDFILE)
 *	kdiff-sim MODEL SEEDFILE	(-DKDIFF_SIM) against the simulated
 *					MODEL ("auto": arm64-X.Y of the running
 *					kernel) through hvabi_sim_ioctl(),
 *					seeded from SEEDFILE first
 *
 * Every call of the script prints one line,
 *
 *	<step> rc=<0 | errno name> value=<0x... | -> ioctl=<name>
 *
 * where value is what the call returned or what a read after it showed;
 * lines starting with '#' or "seed " are not steps. The two outputs are
 * compared step by step (kdiff-compare.awk); the step names are built
 * from seeded values only, so both sides print the same names.
 *
 * The script: capabilities; VM types (IPA sizes); before KVM_ARM_VCPU_INIT
 * (ENOEXEC); the register list and its E2BIG protocol; every firmware
 * register read, and legal and illegal writes (PSCI 0.1..1.3 and invalid
 * versions, each workaround level, known and unknown bitmap bits); the
 * writable masks; the SMCCC filter (valid, overlapping, reserved, bad
 * action, empty, wrapping); every 4-bit field of every feature ID register
 * and CTR_EL0 written one lower and one higher; CLIDR_EL1; MIDR, REVIDR and
 * AIDR without cap 239; then one real run of the vCPU (the real kernel
 * runs a guest that calls PSCI SYSTEM_OFF through HVC; the simulator calls
 * hvabi_sim_run()) and the same writes again; a second VM with cap 239;
 * vCPU feature combinations; SVE's vector lengths (read, written valid and
 * invalid, before and after KVM_ARM_VCPU_FINALIZE); a guest on fresh VMs that reads CTR_EL0,
 * CLIDR_EL1, the CCSIDRs, MIDR/REVIDR/AIDR, CNTFRQ_EL0 and DCZID_EL0 with
 * the host's values and with CTR_EL0 and CLIDR_EL1 written (the seed
 * carries what only a guest sees: CNTFRQ_EL0, DCZID_EL0, the CPU's own
 * CTR_EL0); SMCCC calls the guest makes by HVC and SMC (DISCOVER_IMPL
 * forwarded by the filter as KVM_EXIT_HYPERCALL and answered through
 * x0..x3, or denied; KVM_FEATURES, CALL_UID, SMCCC_VERSION,
 * PSCI_VERSION; SMC #1),
 * with VENDOR_HYP_BMAP_2 written; MIDR/REVIDR/AIDR written with and
 * without cap 239 and read by the guest.
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
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <linux/kvm.h>

#include <libhvabi/catalog.h>
#ifdef KDIFF_SIM
#include <libhvabi/sim.h>
#include "hostseed.h"
#endif

/* Newer than the Debian 12 arm64 uapi headers: by number. */
#define KD_CAP_ARM_WRITABLE_IMP_ID_REGS	239
#define KD_MAX_CAP			320
#define KD_ARM_VM_SMCCC_CTRL		0
#define KD_ARM_VM_SMCCC_FILTER		0

struct kd_smccc_filter {
	uint32_t base;
	uint32_t nr_functions;
	uint8_t action;
	uint8_t pad[15];
};

struct kd_reg_mask_range {
	uint64_t addr;
	uint32_t range;
	uint32_t reserved[13];
};

#define KD_ARM_GET_REG_WRITABLE_MASKS	_IOR(KVMIO, 0xb6, struct kd_reg_mask_range)
#define KD_FEATURE_ID_RANGE_SIZE	(3 * 8 * 8)

#define KD_SYSREG(op0, op1, crn, crm, op2) \
	(KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM64_SYSREG | \
	 ((uint64_t)(op0) << 14) | ((uint64_t)(op1) << 11) | ((uint64_t)(crn) << 7) | \
	 ((uint64_t)(crm) << 3) | (uint64_t)(op2))
#define KD_FW(n)	(KVM_REG_ARM64 | KVM_REG_SIZE_U64 | 0x140000ull | (n))
#define KD_BMAP(n)	(KVM_REG_ARM64 | KVM_REG_SIZE_U64 | 0x160000ull | (n))
#define KD_CORE_PC	(KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_CORE | 0x40)

#define REG_MIDR	KD_SYSREG(3, 0, 0, 0, 0)
#define REG_MPIDR	KD_SYSREG(3, 0, 0, 0, 5)
#define REG_REVIDR	KD_SYSREG(3, 0, 0, 0, 6)
#define REG_CLIDR	KD_SYSREG(3, 1, 0, 0, 1)
#define REG_AIDR	KD_SYSREG(3, 1, 0, 0, 7)
#define REG_CTR		KD_SYSREG(3, 3, 0, 0, 1)

#define PSCI_V(maj, min)	(((uint64_t)(maj) << 16) | (min))

/* ---------------------------------------------------------------- ioctl */

#include "kdiff-common.h"

static int get_reg(int vcpu, uint64_t id, uint64_t *val)
{
	struct kvm_one_reg reg = { .id = id, .addr = (uintptr_t)val };

	*val = 0;
	return do_ioctl(vcpu, KVM_GET_ONE_REG, &reg);
}

static int set_reg(int vcpu, uint64_t id, uint64_t val)
{
	struct kvm_one_reg reg = { .id = id, .addr = (uintptr_t)&val };

	return do_ioctl(vcpu, KVM_SET_ONE_REG, &reg);
}

/* A register's catalogue name, else S<op0>_<op1>_<crn>_<crm>_<op2>. */
static const char *reg_name(uint64_t id, char *buf, size_t size)
{
	struct hvabi_catalog_info info;
	struct hvabi_key key = hvabi_key_reg(id);
	unsigned int e = (unsigned int)(id & 0xffff);

	if (hvabi_catalog_lookup(HVABI_ARCH_ARM64, &key, &info, sizeof(info)) == 0 && info.name)
		return info.name;
	if ((id & KVM_REG_ARM_COPROC_MASK) == KVM_REG_ARM64_SYSREG)
		snprintf(buf, size, "S%u_%u_%u_%u_%u", e >> 14, (e >> 11) & 7, (e >> 7) & 15,
			 (e >> 3) & 15, e & 7);
	else
		snprintf(buf, size, "0x%" PRIx64, id);
	return buf;
}

/* Read @id and print it as a step. */
static uint64_t show_reg(int vcpu, uint64_t id, const char *what)
{
	char buf[32];
	uint64_t v;
	int r = get_reg(vcpu, id, &v);

	step("GET_ONE_REG", r, r == 0, v, "%s get %s", what, reg_name(id, buf, sizeof(buf)));
	return r == 0 ? v : 0;
}

/* Write @val to @id, then read it back: one step for both. */
static int write_reg(int vcpu, uint64_t id, uint64_t val, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int write_reg(int vcpu, uint64_t id, uint64_t val, const char *fmt, ...)
{
	char name[128];
	uint64_t back;
	va_list ap;
	int r;

	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	r = set_reg(vcpu, id, val);
	if (get_reg(vcpu, id, &back) < 0)
		step("SET_ONE_REG", r, false, 0, "%s", name);
	else
		step("SET_ONE_REG", r, true, back, "%s", name);
	return r;
}

static int create_vm(int sys, unsigned long type)
{
	return do_ioctl(sys, KVM_CREATE_VM, (void *)(uintptr_t)type);
}

static int init_vcpu(int vm, int vcpu, uint32_t features0)
{
	struct kvm_vcpu_init init;
	int r;

	memset(&init, 0, sizeof(init));
	r = do_ioctl(vm, KVM_ARM_PREFERRED_TARGET, &init);
	if (r < 0)
		return r;
	init.features[0] = features0;
	return do_ioctl(vcpu, KVM_ARM_VCPU_INIT, &init);
}

#define F_PSCI		(1u << KVM_ARM_VCPU_PSCI_0_2)

/* ------------------------------------------------------------ the guest */

/*
 * A guest that reads system registers at EL1 (MMU off) and stores each to
 * an unmapped window, one KVM_EXIT_MMIO a value, then stores past the
 * last one. kdiff's own encoding and addresses, not the probe's.
 */
#define G_GPA		0x40000000ull
#define G_WINDOW	0x50000000ull
#define G_MEM		0x10000u
#define G_MAX		16u

#define REG_CNTFRQ	KD_SYSREG(3, 3, 14, 0, 0)
#define REG_DCZID	KD_SYSREG(3, 3, 0, 0, 7)
#define REG_CCSIDR	KD_SYSREG(3, 1, 0, 0, 0)
#define REG_CSSELR	KD_SYSREG(3, 2, 0, 0, 0)

/* One value the guest reads: a register, or CCSIDR_EL1 at CSSELR @csselr. */
struct gread {
	uint64_t reg;
	int csselr; /* REG_CCSIDR only */
};

/* MRS/MSR's op0..op2 field (bits 19:5) of a register id */
#define G_SYS(id)	((uint32_t)((id) & 0x7fff) << 5)

static size_t read_program(const struct gread *g, size_t n, uint32_t *code)
{
	size_t k = 0, i;

	code[k++] = 0xd2a00000u | (uint32_t)(G_WINDOW >> 16) << 5 | 20;	/* movz x20, #win, lsl 16 */
	for (i = 0; i < n; i++) {
		if (g[i].reg == REG_CCSIDR) {
			code[k++] = 0xd2800000u | (uint32_t)g[i].csselr << 5 | 2; /* movz x2 */
			code[k++] = 0xd5100000u | G_SYS(REG_CSSELR) | 2;	   /* msr */
			code[k++] = 0xd5033fdfu;				   /* isb */
		}
		code[k++] = 0xd5300000u | G_SYS(g[i].reg) | 1;			   /* mrs x1 */
		code[k++] = 0xf9000000u | (uint32_t)i << 10 | 20u << 5 | 1;	   /* str x1 */
	}
	code[k++] = 0xf9000000u | (uint32_t)n << 10 | 20u << 5 | 31;		   /* str xzr */
	code[k++] = 0x14000000u;						   /* b . */
	return k;
}

static void *map_kvm_run(int sys, int vcpu, size_t *size)
{
#ifdef KDIFF_SIM
	void *run;

	(void)sys;
	*size = 0;
	return hvabi_sim_map_run(sim, vcpu, &run) ? MAP_FAILED : run;
#else
	int r = do_ioctl(sys, KVM_GET_VCPU_MMAP_SIZE, NULL);

	if (r < 0)
		return MAP_FAILED;
	*size = (size_t)r;
	return mmap(NULL, *size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
#endif
}

/* A guest's memory and its vCPU's kvm_run. */
struct gvm {
	uint8_t *mem;
	struct kvm_run *run;
	size_t size;
};

/*
 * Guest memory at G_GPA (slot 1 of @vm) holding @k words of @code, PC
 * there, kvm_run mapped: 0, or -errno / -EIO (printed as a comment).
 * guest_unload() undoes it whatever the result.
 */
static int guest_load(int sys, int vm, int vcpu, const uint32_t *code, size_t k, struct gvm *g)
{
	struct kvm_userspace_memory_region mr;

	g->run = MAP_FAILED;
	g->mem = mmap(NULL, G_MEM, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (g->mem == MAP_FAILED)
		return -errno;
	memcpy(g->mem, code, k * sizeof(code[0]));
	memset(&mr, 0, sizeof(mr));
	mr.slot = 1;
	mr.guest_phys_addr = G_GPA;
	mr.memory_size = G_MEM;
	mr.userspace_addr = (uintptr_t)g->mem;
	g->run = map_kvm_run(sys, vcpu, &g->size);
	if (g->run == MAP_FAILED || do_ioctl(vm, KVM_SET_USER_MEMORY_REGION, &mr) < 0 ||
	    set_reg(vcpu, KD_CORE_PC, G_GPA) < 0) {
		printf("# guest: no memory, kvm_run or PC\n");
		return -EIO;
	}
	return 0;
}

static void guest_unload(struct gvm *g)
{
#ifndef KDIFF_SIM
	if (g->run != MAP_FAILED)
		munmap(g->run, g->size);
#endif
	/* the VM keeps the slot; it never runs again */
	if (g->mem != MAP_FAILED)
		munmap(g->mem, G_MEM);
}

/* The next exit, if it is the store of value @i to the window: 0 and the value, else -EIO. */
static int guest_store(int vcpu, const struct kvm_run *run, size_t i, uint64_t *val)
{
	int r = do_ioctl(vcpu, KVM_RUN, NULL);

	if (r < 0)
		return r;
	if (run->exit_reason != KVM_EXIT_MMIO || !run->mmio.is_write || run->mmio.len != 8 ||
	    run->mmio.phys_addr != G_WINDOW + 8 * i) {
		printf("# guest: exit %u at 0x%llx after %zu values\n", run->exit_reason,
		       (unsigned long long)run->mmio.phys_addr, i);
		return -EIO;
	}
	memcpy(val, run->mmio.data, 8);
	return 0;
}

/*
 * Run the guest reading @g on @vcpu (initialised, never run) of @vm: 0
 * with the values in @out, or -errno / -EIO (an exit the guest does not
 * make), printed as a comment.
 */
static int guest_reads(int sys, int vm, int vcpu, const struct gread *g, size_t n, uint64_t *out)
{
	uint32_t code[4 * G_MAX + 4];
	struct gvm gv;
	uint64_t last;
	size_t k, i;
	int r;

	k = read_program(g, n, code);
	r = guest_load(sys, vm, vcpu, code, k, &gv);
	for (i = 0; r == 0 && i <= n; i++)
		r = guest_store(vcpu, gv.run, i, i == n ? &last : &out[i]);
	guest_unload(&gv);
	return r;
}

#define CLIDR_CTYPE(clidr, level)	((unsigned int)((clidr) >> (3 * (level))) & 7)

/* The CCSIDRs the guest can reach: those CLIDR_EL1 describes (data or unified, instruction). */
static size_t reachable_ccsidrs(uint64_t clidr, struct gread *g, size_t n, size_t max)
{
	for (unsigned int csselr = 0; csselr < 14 && n < max; csselr++) {
		unsigned int t = CLIDR_CTYPE(clidr, csselr >> 1);

		if ((csselr & 1) ? t == 1 || t == 3 : t >= 2 && t <= 4)
			g[n++] = (struct gread){ REG_CCSIDR, (int)csselr };
	}
	return n;
}

static const char *gread_name(const struct gread *g, char *buf, size_t size)
{
	if (g->reg == REG_CCSIDR)
		snprintf(buf, size, "CCSIDR_EL1.csselr%d", g->csselr);
	else if (g->reg == REG_CNTFRQ)
		return "CNTFRQ_EL0";
	else if (g->reg == REG_DCZID)
		return "DCZID_EL0";
	else
		return reg_name(g->reg, buf, size);
	return buf;
}

/*
 * What the guest reads of the registers KVM may leave to the CPU or trap:
 * with the host's values, with CTR_EL0 written one IminLine lower (6.12+:
 * KVM traps CTR_EL0 once the VM's differs, TID2 rather than TID4), and
 * with CLIDR_EL1 given a level-3 unified cache (6.3+: set_clidr()).
 */
static void guest(int sys)
{
	static const char *const what[] = { "default", "ctr-1", "clidr+l3" };

	for (unsigned int s = 0; s < 3; s++) {
		struct gread g[G_MAX] = {
			{ REG_CTR, 0 }, { REG_CLIDR, 0 }, { REG_MIDR, 0 }, { REG_REVIDR, 0 },
			{ REG_AIDR, 0 }, { REG_CNTFRQ, 0 }, { REG_DCZID, 0 },
		};
		uint64_t val[G_MAX], clidr = 0, ctr = 0;
		size_t n = 7;
		char name[48];
		int vm, vcpu, r;

		vm = create_vm(sys, 0);
		vcpu = vm < 0 ? vm : do_ioctl(vm, KVM_CREATE_VCPU, (void *)0);
		if (vcpu < 0 || init_vcpu(vm, vcpu, F_PSCI) < 0) {
			printf("# guest %s: no VM\n", what[s]);
			if (vm >= 0)
				do_close(vm);
			continue;
		}
		get_reg(vcpu, REG_CTR, &ctr);
		get_reg(vcpu, REG_CLIDR, &clidr);
		if (s == 1)
			write_reg(vcpu, REG_CTR, ctr - 1, "guest %s set CTR_EL0", what[s]);
		if (s == 2 && write_reg(vcpu, REG_CLIDR, clidr ^ (4ull << 6),
					"guest %s set CLIDR_EL1", what[s]) == 0)
			clidr ^= 4ull << 6;
		n = reachable_ccsidrs(clidr, g, n, G_MAX);
		r = guest_reads(sys, vm, vcpu, g, n, val);
		step("KVM_RUN", r, false, 0, "guest %s run", what[s]);
		for (size_t i = 0; r == 0 && i < n; i++)
			step("GUEST_READ", 0, true, val[i], "guest %s %s", what[s],
			     gread_name(&g[i], name, sizeof(name)));
		do_close(vcpu);
		do_close(vm);
	}
}

/* ----------------------------------------------- SMCCC calls, cap 239 */

/*
 * Issue 16's facts (docs/discover-impl.md 9.8), each on a fresh VM: the
 * guest calls DISCOVER_IMPL_VER/_CPUS (0xc6000040/41), KVM_FEATURES,
 * CALL_UID and SMCCC_VERSION by HVC #0 or SMC #0/#1, with and without a
 * filter range forwarding DISCOVER_IMPL to user space (6.4+: the exit
 * KVM_EXIT_HYPERCALL, answered through x0..x3), and MRS MIDR/REVIDR/AIDR
 * after writing them on a VM with cap 239.
 */
static int smccc_set(int vm, uint32_t base, uint32_t nr, uint8_t action, uint8_t pad0,
		     uint32_t flags, bool null_addr);

#define KD_CORE_X(n)	(KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_CORE | (2ull * (n)))
#define KD_DISCOVER_VER	0xc6000040u
#define KD_HVC0		0xd4000002u
#define KD_SMC0		0xd4000003u
#define KD_SMC1		0xd4000023u
/* kvm_run.hypercall.flags (6.4) is longmode/pad in the 6.1 uapi headers */
#define KD_HYPERCALL_FLAGS(run) \
	(*(const uint64_t *)((const uint8_t *)(run) + offsetof(struct kvm_run, hypercall.ret) + 8))

/* A fresh VM and its vCPU 0 with @features: 0, or -1 with both closed. */
static int fresh_vm(int sys, bool cap239, uint32_t features, int *vm, int *vcpu,
		    const char *what)
{
	struct kvm_enable_cap cap;

	*vm = create_vm(sys, 0);
	if (*vm < 0) {
		printf("# %s: no VM\n", what);
		return -1;
	}
	if (cap239) {
		memset(&cap, 0, sizeof(cap));
		cap.cap = KD_CAP_ARM_WRITABLE_IMP_ID_REGS;
		step("ENABLE_CAP", do_ioctl(*vm, KVM_ENABLE_CAP, &cap), false, 0,
		     "%s enable cap 239", what);
	}
	*vcpu = do_ioctl(*vm, KVM_CREATE_VCPU, (void *)0);
	if (*vcpu < 0 || init_vcpu(*vm, *vcpu, features) < 0) {
		printf("# %s: no vCPU\n", what);
		if (*vcpu >= 0)
			do_close(*vcpu);
		do_close(*vm);
		return -1;
	}
	return 0;
}

/*
 * The guest: x20 = window, x1..x3 = 7, x0 = @fn, @insn, then x0..x3
 * stored to the window one KVM_EXIT_MMIO each. A KVM_EXIT_HYPERCALL is
 * shown (nr, args and ret, flags, PC past the call, x0 as KVM left it)
 * and answered with x0..x3 = 0, 0x10000, 2, 0 as a VMM serving
 * DISCOVER_IMPL_VER would.
 */
static void smccc_guest(int sys, int vm, int vcpu, uint32_t fn, uint32_t insn, const char *what)
{
	static const uint64_t answer[4] = { 0, 0x10000, 2, 0 };
	const uint32_t code[] = {
		0xd2a00000u | (uint32_t)(G_WINDOW >> 16) << 5 | 20,	/* movz x20, #win, lsl 16 */
		0xd28000e1u, 0xd28000e2u, 0xd28000e3u,			/* movz x1..x3, #7 */
		0xd2800000u | (fn & 0xffff) << 5,			/* movz x0, #fn[15:0] */
		0xf2a00000u | (fn >> 16) << 5,				/* movk x0, #fn[31:16], lsl 16 */
		insn,
		0xf9000280u, 0xf9000681u, 0xf9000a82u, 0xf9000e83u,	/* str x0..x3, [x20, #8n] */
		0x14000000u,						/* b . */
	};
	const uint64_t call_pc = G_GPA + 6 * 4;
	uint64_t v, zero = 0;
	struct gvm gv;
	int r;

	r = guest_load(sys, vm, vcpu, code, sizeof(code) / sizeof(code[0]), &gv);
	if (r == 0)
		r = do_ioctl(vcpu, KVM_RUN, NULL);
	step("KVM_RUN", r, r == 0, r == 0 ? gv.run->exit_reason : 0, "%s exit", what);
	if (r == 0 && gv.run->exit_reason == KVM_EXIT_HYPERCALL) {
		for (size_t i = 0; i < 6; i++)
			zero |= gv.run->hypercall.args[i];
		step("KVM_RUN", 0, true, gv.run->hypercall.nr, "%s hypercall nr", what);
		step("KVM_RUN", 0, true, zero | gv.run->hypercall.ret, "%s hypercall args|ret",
		     what);
		step("KVM_RUN", 0, true, KD_HYPERCALL_FLAGS(gv.run), "%s hypercall flags", what);
		r = get_reg(vcpu, KD_CORE_PC, &v);
		step("GET_ONE_REG", r, r == 0, v - call_pc, "%s hypercall pc-call", what);
		r = get_reg(vcpu, KD_CORE_X(0), &v);
		step("GET_ONE_REG", r, r == 0, v, "%s hypercall x0", what);
		for (unsigned int i = 0; i < 4; i++) {
			r = set_reg(vcpu, KD_CORE_X(i), answer[i]);
			step("SET_ONE_REG", r, false, 0, "%s answer x%u", what, i);
		}
		r = do_ioctl(vcpu, KVM_RUN, NULL);
		step("KVM_RUN", r, r == 0, r == 0 ? gv.run->exit_reason : 0, "%s resumed exit",
		     what);
	}
	/* the first store has exited (or the guest went wrong: no values) */
	if (r == 0 && gv.run->exit_reason == KVM_EXIT_MMIO &&
	    gv.run->mmio.phys_addr == G_WINDOW) {
		memcpy(&v, gv.run->mmio.data, 8);
		step("GUEST_READ", 0, true, v, "%s x0", what);
		for (unsigned int i = 1; i < 4; i++) {
			r = guest_store(vcpu, gv.run, i, &v);
			step("GUEST_READ", r, r == 0, v, "%s x%u", what, i);
		}
	}
	guest_unload(&gv);
}

/* One call on a fresh VM: BMAP_2 = 3 where it exists, DISCOVER_IMPL forwarded if @fwd. */
static void smccc_call(int sys, bool fwd, uint32_t fn, uint32_t insn, const char *what)
{
	int vm, vcpu, r;

	if (fresh_vm(sys, false, F_PSCI, &vm, &vcpu, what) < 0)
		return;
	write_reg(vcpu, KD_BMAP(3), 0x4, "%s set BMAP3 0x4", what);
	write_reg(vcpu, KD_BMAP(3), 0x3, "%s set BMAP3 0x3", what);
	if (fwd) {
		r = smccc_set(vm, KD_DISCOVER_VER, 2, 2, 0, 0, false);
		step("SET_DEVICE_ATTR", r, false, 0, "%s smccc fwd 0xc6000040+2", what);
		r = smccc_set(vm, 0xc0000000, 1, 2, 0, 0, false);
		step("SET_DEVICE_ATTR", r, false, 0, "%s smccc fwd reserved 0xc0000000", what);
	}
	smccc_guest(sys, vm, vcpu, fn, insn, what);
	do_close(vcpu);
	do_close(vm);
}

/* PSCI_VERSION by a PSCI 0.1 vCPU, and by SMC #0 after the VM's version was set to 0.2. */
static void psci_version_calls(int sys)
{
	int vm, vcpu;

	if (fresh_vm(sys, false, 0, &vm, &vcpu, "smccc psci0.1") == 0) {
		smccc_guest(sys, vm, vcpu, 0x84000000u, KD_HVC0, "smccc psci0.1 hvc psci-version");
		do_close(vcpu);
		do_close(vm);
	}
	if (fresh_vm(sys, false, F_PSCI, &vm, &vcpu, "smccc psci0.2") == 0) {
		write_reg(vcpu, KD_FW(0), PSCI_V(0, 2), "smccc psci0.2 set PSCI_VERSION");
		smccc_guest(sys, vm, vcpu, 0x84000000u, KD_SMC0, "smccc psci0.2 smc psci-version");
		do_close(vcpu);
		do_close(vm);
	}
}

static void smccc_calls(int sys)
{
	smccc_call(sys, true, KD_DISCOVER_VER, KD_HVC0, "smccc fwd hvc ver");
	smccc_call(sys, true, KD_DISCOVER_VER + 1, KD_SMC0, "smccc fwd smc cpus");
	smccc_call(sys, false, KD_DISCOVER_VER, KD_HVC0, "smccc hvc ver");
	smccc_call(sys, false, KD_DISCOVER_VER + 1, KD_SMC0, "smccc smc cpus");
	smccc_call(sys, true, 0x86000000u, KD_HVC0, "smccc hvc kvm-features");
	smccc_call(sys, false, 0x8600ff01u, KD_HVC0, "smccc hvc call-uid");
	smccc_call(sys, true, 0x80000000u, KD_HVC0, "smccc hvc smccc-version");
	smccc_call(sys, false, 0x80000000u, KD_SMC1, "smccc smc#1 smccc-version");
	smccc_call(sys, false, 0x84000000u, KD_HVC0, "smccc hvc psci-version");
	psci_version_calls(sys);
}

/*
 * MIDR_EL1 (bit 32 set, another implementation), REVIDR_EL1 and AIDR_EL1
 * written with and without cap 239, then read by the guest: 7.2 shows it
 * the VM's values with the cap (VPIDR_EL2, the TID1 trap), the CPU's
 * without; 6.12 and 6.1 refuse the cap and every other value.
 */
static void imp_guest(int sys)
{
	for (int cap = 0; cap < 2; cap++) {
		const char *what = cap ? "impguest cap" : "impguest nocap";
		struct gread g[3] = { { REG_MIDR, 0 }, { REG_REVIDR, 0 }, { REG_AIDR, 0 } };
		uint64_t val[3], midr = 0;
		char name[48];
		int vm, vcpu, r;

		if (fresh_vm(sys, cap, F_PSCI, &vm, &vcpu, what) < 0)
			continue;
		get_reg(vcpu, REG_MIDR, &midr);
		write_reg(vcpu, REG_MIDR, midr | (1ull << 32), "%s MIDR_EL1 bit32", what);
		/* Neoverse N1 r4p0, unless that is the host (then Neoverse V1 r1p1) */
		write_reg(vcpu, REG_MIDR, midr == 0x410fd0c0 ? 0x411fd401 : 0x410fd0c0,
			  "%s MIDR_EL1 other", what);
		write_reg(vcpu, REG_REVIDR, 0x5, "%s REVIDR_EL1 0x5", what);
		write_reg(vcpu, REG_AIDR, 0x7, "%s AIDR_EL1 0x7", what);
		r = guest_reads(sys, vm, vcpu, g, 3, val);
		step("KVM_RUN", r, false, 0, "%s run", what);
		for (size_t i = 0; r == 0 && i < 3; i++)
			step("GUEST_READ", 0, true, val[i], "%s %s", what,
			     gread_name(&g[i], name, sizeof(name)));
		do_close(vcpu);
		do_close(vm);
	}
}

/* ------------------------------------------------------------------ SVE */

static bool listed(const struct kvm_reg_list *l, uint64_t id);

#define REG_SVE_VLS	(KVM_REG_ARM64 | KVM_REG_ARM64_SVE | KVM_REG_SIZE_U512 | 0xffffull)
#define F_SVE		(1u << KVM_ARM_VCPU_SVE)

/* A fresh VM whose vCPU 0 is made with PSCI 0.2 and SVE: the vCPU fd, or -errno (*vm set). */
static int sve_vcpu(int sys, int *vm)
{
	int vcpu, r;

	*vm = create_vm(sys, 0);
	if (*vm < 0)
		return *vm;
	vcpu = do_ioctl(*vm, KVM_CREATE_VCPU, (void *)0);
	if (vcpu < 0)
		return vcpu;
	r = init_vcpu(*vm, vcpu, F_PSCI | F_SVE);
	if (r < 0) {
		do_close(vcpu);
		return r;
	}
	return vcpu;
}

/* KVM_REG_ARM64_SVE_VLS: the first word (vq 1..64), -errno, or -EIO past it. */
static int vls_get(int vcpu, uint64_t *word0)
{
	uint64_t w[8] = { 0 };
	struct kvm_one_reg reg = { .id = REG_SVE_VLS, .addr = (uintptr_t)w };
	int r = do_ioctl(vcpu, KVM_GET_ONE_REG, &reg);

	*word0 = w[0];
	for (int i = 1; !r && i < 8; i++)
		if (w[i])
			r = -EIO;
	return r;
}

static int vls_set(int vcpu, uint64_t word0)
{
	uint64_t w[8] = { word0 };
	struct kvm_one_reg reg = { .id = REG_SVE_VLS, .addr = (uintptr_t)w };

	return do_ioctl(vcpu, KVM_SET_ONE_REG, &reg);
}

/*
 * SVE's vector lengths (guest.c {get,set}_sve_vls()): read, the host's
 * written back, one length, a gap below the largest, one beyond, none;
 * the register list before KVM_ARM_VCPU_FINALIZE (EPERM), finalize twice,
 * a write after it.
 */
static void sve(int sys)
{
	uint64_t host = 0, v = 0;
	struct kvm_reg_list probe = { .n = 0 };
	int vm, vcpu, r, what = KVM_ARM_VCPU_SVE;

	vcpu = sve_vcpu(sys, &vm);
	step("ARM_VCPU_INIT", vcpu < 0 ? vcpu : 0, false, 0, "sve init");
	if (vcpu < 0) {
		if (vm >= 0)
			do_close(vm);
		return;
	}
	r = vls_get(vcpu, &host);
	step("GET_ONE_REG", r, r == 0, host, "sve vls get");
	r = do_ioctl(vcpu, KVM_GET_REG_LIST, &probe);
	step("GET_REG_LIST", r, false, 0, "sve reglist before finalize");
	r = vls_set(vcpu, 0);
	step("SET_ONE_REG", r, false, 0, "sve vls none");
	r = vls_set(vcpu, host | (host + 1 + host));
	step("SET_ONE_REG", r, false, 0, "sve vls beyond");
	r = vls_set(vcpu, host & ~1ull);
	step("SET_ONE_REG", r, false, 0, "sve vls without vq1");
	r = vls_set(vcpu, host & 1ull);
	vls_get(vcpu, &v);
	step("SET_ONE_REG", r, true, v, "sve vls vq1 only");
	r = vls_set(vcpu, host);
	vls_get(vcpu, &v);
	step("SET_ONE_REG", r, true, v, "sve vls host");
	r = do_ioctl(vcpu, KVM_ARM_VCPU_FINALIZE, &what);
	step("ARM_VCPU_FINALIZE", r, false, 0, "sve finalize");
	r = do_ioctl(vcpu, KVM_ARM_VCPU_FINALIZE, &what);
	step("ARM_VCPU_FINALIZE", r, false, 0, "sve finalize again");
	r = vls_set(vcpu, host);
	step("SET_ONE_REG", r, false, 0, "sve vls after finalize");
	r = vls_get(vcpu, &v);
	step("GET_ONE_REG", r, r == 0, v, "sve vls after finalize");
	{
		struct kvm_reg_list *l = calloc(1, sizeof(*l) + 4096 * sizeof(l->reg[0]));

		if (!l)
			exit(1);
		l->n = 4096;
		r = do_ioctl(vcpu, KVM_GET_REG_LIST, l);
		step("GET_REG_LIST", r, r == 0, r == 0 && listed(l, REG_SVE_VLS),
		     "sve reglist has vls");
		free(l);
	}
	do_close(vcpu);
	do_close(vm);
}

/* ------------------------------------------------------------ host seed */

#ifndef KDIFF_SIM
/*
 * The host CPU's values, as a fresh VM with one PSCI 0.2 vCPU shows them:
 * what the simulator cannot know and takes from here (hvabi_sim_set_host).
 *  - the feature ID registers (op0 3, op1 0, CRn 0, CRm 1-7), MIDR_EL1,
 *    REVIDR_EL1, AIDR_EL1, CTR_EL0 and CLIDR_EL1: the CPU's sanitised
 *    values as KVM filters them (the limits of the writable fields);
 *  - the CCSIDR (DEMUX) registers: before 6.3 the CPU's cache geometry;
 *  - SMCCC_ARCH_WORKAROUND_1..3: the CPU's Spectre-v2, SSB and BHB states;
 *  - capabilities that answer what the CPU or the machine has: online
 *    CPUs (9), the GIC's vCPU limit (66), a PMU (126), SVE (170), pointer
 *    authentication (171, 172), MTE (205), nested virtualisation (240,
 *    241), cacheable PFNMAP (243).
 */
static const unsigned int seed_caps[] = { 9, 66, 126, 170, 171, 172, 205, 240, 241, 243 };

static bool seed_reg(uint64_t id)
{
	unsigned int e = (unsigned int)(id & 0xffff);

	if ((id & KVM_REG_ARM_COPROC_MASK) == KVM_REG_ARM_DEMUX)
		return true;
	if (id == KD_FW(1) || id == KD_FW(2) || id == KD_FW(3))
		return true;
	if ((id & KVM_REG_ARM_COPROC_MASK) != KVM_REG_ARM64_SYSREG)
		return false;
	if (id == REG_MPIDR)
		return false;
	/* op0 3, op1 0, CRn 0, CRm 0-7 */
	if ((e & 0xff80) == 0xc000)
		return true;
	return id == REG_CLIDR || id == REG_AIDR || id == REG_CTR;
}

static int write_seed(int sys, const char *path)
{
	struct kvm_reg_list probe = { .n = 0 }, *list;
	FILE *f = NULL;
	int vm, vcpu, r;

	if (path) {
		f = fopen(path, "w");
		if (!f) {
			printf("# seed: %s: %s\n", path, strerror(errno));
			return -1;
		}
	}
	vm = create_vm(sys, 0);
	if (vm < 0)
		return vm;
	vcpu = do_ioctl(vm, KVM_CREATE_VCPU, (void *)0);
	if (vcpu < 0 || init_vcpu(vm, vcpu, F_PSCI) < 0)
		return -1;
	r = do_ioctl(vcpu, KVM_GET_REG_LIST, &probe);
	if (r < 0 && r != -E2BIG)
		return r;
	list = calloc(1, sizeof(*list) + probe.n * sizeof(list->reg[0]));
	if (!list)
		return -ENOMEM;
	list->n = probe.n;
	r = do_ioctl(vcpu, KVM_GET_REG_LIST, list);
	for (uint64_t i = 0; r == 0 && i < list->n; i++) {
		uint64_t id = list->reg[i], v = 0;
		struct kvm_one_reg reg = { .id = id, .addr = (uintptr_t)&v };

		if (!seed_reg(id) || do_ioctl(vcpu, KVM_GET_ONE_REG, &reg) < 0)
			continue;
		printf("seed reg 0x%016" PRIx64 " 0x%" PRIx64 "\n", id, v);
		if (f)
			fprintf(f, "seed reg 0x%016" PRIx64 " 0x%" PRIx64 "\n", id, v);
	}
	{
		/* what only a guest sees: the counter's rate, DC ZVA's block, the CPU's CTR_EL0 */
		static const struct gread g[] = { { REG_CNTFRQ, 0 }, { REG_DCZID, 0 }, { REG_CTR, 0 } };
		uint64_t val[3];

		if (r == 0 && guest_reads(sys, vm, vcpu, g, 3, val) == 0) {
			for (size_t i = 0; i < 3; i++) {
				printf("seed guest 0x%016" PRIx64 " 0x%" PRIx64 "\n", g[i].reg, val[i]);
				if (f)
					fprintf(f, "seed guest 0x%016" PRIx64 " 0x%" PRIx64 "\n",
						g[i].reg, val[i]);
			}
		}
	}
	{
		/* the host's SVE lengths, as an SVE vCPU reads them before finalize */
		int svm, svcpu = sve_vcpu(sys, &svm);
		uint64_t vqs;

		if (svcpu >= 0 && vls_get(svcpu, &vqs) == 0) {
			printf("seed reg 0x%016llx 0x%" PRIx64 "\n", (unsigned long long)REG_SVE_VLS,
			       vqs);
			if (f)
				fprintf(f, "seed reg 0x%016llx 0x%" PRIx64 "\n",
					(unsigned long long)REG_SVE_VLS, vqs);
		}
		if (svcpu >= 0)
			do_close(svcpu);
		if (svm >= 0)
			do_close(svm);
	}
	for (size_t i = 0; i < sizeof(seed_caps) / sizeof(seed_caps[0]); i++) {
		int v = do_ioctl(vm, KVM_CHECK_EXTENSION, (void *)(uintptr_t)seed_caps[i]);

		if (v < 0)
			continue;
		printf("seed cap %u %d\n", seed_caps[i], v);
		if (f)
			fprintf(f, "seed cap %u %d\n", seed_caps[i], v);
	}
	free(list);
	if (f)
		fclose(f);
	do_close(vcpu);
	do_close(vm);
	return r;
}
#endif

/* ------------------------------------------------------------- the run */

#ifndef KDIFF_SIM
/*
 * movz w0, #0x0008; movk w0, #0x8400, lsl #16; hvc #0; b .
 * PSCI SYSTEM_OFF (0x84000008) through HVC: KVM exits with
 * KVM_EXIT_SYSTEM_EVENT / KVM_SYSTEM_EVENT_SHUTDOWN.
 */
static const uint32_t guest_code[] = { 0x52800100, 0x72b08000, 0xd4000002, 0x14000000 };
#define GUEST_MEM	0x10000
#define GUEST_GPA	0x80000000ull

static int run_vcpu(int sys, int vm, int vcpu, unsigned int slot)
{
	struct kvm_userspace_memory_region mr;
	struct kvm_run *run;
	void *mem;
	int size, r;

	mem = mmap(NULL, GUEST_MEM, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		return -errno;
	memcpy(mem, guest_code, sizeof(guest_code));
	memset(&mr, 0, sizeof(mr));
	mr.slot = slot;
	mr.guest_phys_addr = GUEST_GPA;
	mr.memory_size = GUEST_MEM;
	mr.userspace_addr = (uintptr_t)mem;
	r = do_ioctl(vm, KVM_SET_USER_MEMORY_REGION, &mr);
	if (r < 0) {
		printf("# run: KVM_SET_USER_MEMORY_REGION: %s\n", errname(-r));
		return r;
	}
	r = set_reg(vcpu, KD_CORE_PC, GUEST_GPA);
	if (r < 0) {
		printf("# run: set PC: %s\n", errname(-r));
		return r;
	}
	size = do_ioctl(sys, KVM_GET_VCPU_MMAP_SIZE, NULL);
	if (size < 0)
		return size;
	run = mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
	if (run == MAP_FAILED)
		return -errno;
	r = do_ioctl(vcpu, KVM_RUN, NULL);
	if (r == 0) {
		printf("# run: exit_reason %u", run->exit_reason);
		if (run->exit_reason == KVM_EXIT_SYSTEM_EVENT)
			printf(" system_event type %u", run->system_event.type);
		printf("\n");
	}
	munmap(run, (size_t)size);
	return r;
}
#else
static int run_vcpu(int sys, int vm, int vcpu, unsigned int slot)
{
	(void)sys;
	(void)vm;
	(void)slot;
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

static void vm_types(int sys)
{
	static const unsigned long types[] = {
		0, 31, 32, 36, 40, 42, 44, 48, 52, 53, 0x100, 1ul << 31,
	};

	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		int vm = create_vm(sys, types[i]);

		step("CREATE_VM", vm < 0 ? vm : 0, false, 0, "vm type 0x%lx", types[i]);
		if (vm >= 0)
			do_close(vm);
	}
}

static void before_init(int vm, int vcpu)
{
	struct kvm_reg_list list = { .n = 0 };
	uint64_t v;
	int r;

	r = get_reg(vcpu, KD_FW(0), &v);
	step("GET_ONE_REG", r, r == 0, v, "uninit get PSCI_VERSION");
	r = set_reg(vcpu, KD_FW(0), PSCI_V(1, 0));
	step("SET_ONE_REG", r, false, 0, "uninit set PSCI_VERSION");
	r = get_reg(vcpu, REG_MIDR, &v);
	step("GET_ONE_REG", r, r == 0, v, "uninit get MIDR_EL1");
	r = do_ioctl(vcpu, KVM_GET_REG_LIST, &list);
	step("GET_REG_LIST", r, true, list.n, "uninit reglist");
	r = do_ioctl(vcpu, KVM_RUN, NULL);
	step("KVM_RUN", r, false, 0, "uninit run");
	(void)vm;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The E2BIG protocol, the count, per-group counts and a hash of the ids. */
static struct kvm_reg_list *reg_list(int vcpu, const char *what)
{
	struct kvm_reg_list probe = { .n = 0 }, *list;
	unsigned int groups[6] = { 0 };
	static const char *const gname[] = { "core", "demux", "sys", "debug", "fw", "other" };
	uint64_t hash = 0xcbf29ce484222325ull;
	int r;

	r = do_ioctl(vcpu, KVM_GET_REG_LIST, &probe);
	step("GET_REG_LIST", r, true, probe.n, "%s reglist n=0", what);
	list = calloc(1, sizeof(*list) + (probe.n + 1) * sizeof(list->reg[0]));
	if (!list)
		exit(1);
	if (probe.n) {
		list->n = probe.n - 1;
		r = do_ioctl(vcpu, KVM_GET_REG_LIST, list);
		step("GET_REG_LIST", r, true, list->n, "%s reglist n=count-1", what);
	}
	list->n = probe.n + 1;
	r = do_ioctl(vcpu, KVM_GET_REG_LIST, list);
	step("GET_REG_LIST", r, true, list->n, "%s reglist n=count+1", what);
	if (r < 0)
		list->n = 0;
	qsort(list->reg, list->n, sizeof(list->reg[0]), cmp_u64);
	for (uint64_t i = 0; i < list->n; i++) {
		uint64_t id = list->reg[i];
		unsigned int g;

		switch (id & KVM_REG_ARM_COPROC_MASK) {
		case KVM_REG_ARM_CORE: g = 0; break;
		case KVM_REG_ARM_DEMUX: g = 1; break;
		case KVM_REG_ARM64_SYSREG: g = ((id >> 14) & 3) == 2 ? 3 : 2; break;
		case 0x140000: case 0x160000: g = 4; break;
		default: g = 5; break;
		}
		groups[g]++;
		for (unsigned int b = 0; b < 8; b++) {
			hash ^= (id >> (8 * b)) & 0xff;
			hash *= 0x100000001b3ull;
		}
	}
	for (unsigned int g = 0; g < 6; g++)
		step("GET_REG_LIST", 0, true, groups[g], "%s reglist %s", what, gname[g]);
	step("GET_REG_LIST", 0, true, hash, "%s reglist hash", what);
	return list;
}

static bool listed(const struct kvm_reg_list *l, uint64_t id)
{
	for (uint64_t i = 0; i < l->n; i++)
		if (l->reg[i] == id)
			return true;
	return false;
}

static void fw_reads(int vcpu, const char *what)
{
	for (unsigned int i = 0; i < 4; i++) {
		show_reg(vcpu, KD_FW(i), what);
		show_reg(vcpu, KD_BMAP(i), what);
	}
	/* beyond the known registers, and a firmware id of the wrong size */
	show_reg(vcpu, KD_FW(4), what);
	show_reg(vcpu, KD_BMAP(4), what);
	{
		uint64_t v;
		struct kvm_one_reg reg = {
			.id = (KD_FW(0) & ~KVM_REG_SIZE_MASK) | KVM_REG_SIZE_U32,
			.addr = (uintptr_t)&v,
		};
		int r = do_ioctl(vcpu, KVM_GET_ONE_REG, &reg);

		step("GET_ONE_REG", r, false, 0, "%s get PSCI_VERSION as u32", what);
	}
}

static void psci(int vcpu, const char *what)
{
	static const uint64_t versions[] = {
		PSCI_V(0, 1), PSCI_V(0, 2), PSCI_V(1, 0), PSCI_V(1, 1), PSCI_V(1, 2),
		PSCI_V(1, 3), PSCI_V(1, 4), PSCI_V(2, 0), 0, PSCI_V(0, 3),
	};
	uint64_t orig;

	if (get_reg(vcpu, KD_FW(0), &orig) < 0)
		return;
	for (size_t i = 0; i < sizeof(versions) / sizeof(versions[0]); i++)
		write_reg(vcpu, KD_FW(0), versions[i], "%s set PSCI_VERSION %u.%u", what,
			  (unsigned int)(versions[i] >> 16), (unsigned int)(versions[i] & 0xffff));
	write_reg(vcpu, KD_FW(0), orig, "%s set PSCI_VERSION restore", what);
}

static void workarounds(int vcpu, const char *what)
{
	static const uint64_t levels[] = { 0, 1, 2, 3, 4, 0x10, 0x11, 0x13, 0xffff };

	for (unsigned int w = 1; w <= 3; w++)
		for (size_t i = 0; i < sizeof(levels) / sizeof(levels[0]); i++)
			write_reg(vcpu, KD_FW(w), levels[i], "%s set WORKAROUND_%u 0x%" PRIx64,
				  what, w, levels[i]);
}

static void bitmaps(int vcpu, const char *what)
{
	for (unsigned int b = 0; b < 4; b++) {
		uint64_t orig, unknown;

		if (get_reg(vcpu, KD_BMAP(b), &orig) < 0) {
			write_reg(vcpu, KD_BMAP(b), 0, "%s set BMAP%u absent", what, b);
			continue;
		}
		write_reg(vcpu, KD_BMAP(b), orig, "%s set BMAP%u same", what, b);
		write_reg(vcpu, KD_BMAP(b), 0, "%s set BMAP%u none", what, b);
		/* the bit after the highest the VM has by default */
		unknown = orig ? (1ull << (64 - __builtin_clzll(orig))) : 1;
		write_reg(vcpu, KD_BMAP(b), orig | unknown, "%s set BMAP%u next-bit", what, b);
		write_reg(vcpu, KD_BMAP(b), 1ull << 63, "%s set BMAP%u bit63", what, b);
		write_reg(vcpu, KD_BMAP(b), ~0ull, "%s set BMAP%u all", what, b);
		if (orig)
			write_reg(vcpu, KD_BMAP(b), orig & (orig - 1), "%s set BMAP%u fewer", what,
				  b);
		write_reg(vcpu, KD_BMAP(b), orig, "%s set BMAP%u restore", what, b);
	}
}

static int smccc_set(int vm, uint32_t base, uint32_t nr, uint8_t action, uint8_t pad0,
		     uint32_t flags, bool null_addr)
{
	struct kd_smccc_filter f = { .base = base, .nr_functions = nr, .action = action };
	struct kvm_device_attr attr = {
		.flags = flags,
		.group = KD_ARM_VM_SMCCC_CTRL,
		.attr = KD_ARM_VM_SMCCC_FILTER,
		.addr = null_addr ? 0 : (uintptr_t)&f,
	};

	f.pad[0] = pad0;
	return do_ioctl(vm, KVM_SET_DEVICE_ATTR, &attr);
}

static void smccc_filter(int vm, const char *what)
{
	struct kvm_device_attr attr;
	uint64_t buf = 0;
	int r;

	memset(&attr, 0, sizeof(attr));
	attr.group = KD_ARM_VM_SMCCC_CTRL;
	attr.attr = KD_ARM_VM_SMCCC_FILTER;
	r = do_ioctl(vm, KVM_HAS_DEVICE_ATTR, &attr);
	step("HAS_DEVICE_ATTR", r, false, 0, "%s smccc has_attr", what);
	attr.attr = 1;
	r = do_ioctl(vm, KVM_HAS_DEVICE_ATTR, &attr);
	step("HAS_DEVICE_ATTR", r, false, 0, "%s smccc has_attr attr=1", what);
	attr.attr = 0;
	attr.group = 1;
	r = do_ioctl(vm, KVM_HAS_DEVICE_ATTR, &attr);
	step("HAS_DEVICE_ATTR", r, false, 0, "%s smccc has_attr group=1", what);
	attr.group = 0;
	attr.addr = (uintptr_t)&buf;
	r = do_ioctl(vm, KVM_GET_DEVICE_ATTR, &attr);
	step("GET_DEVICE_ATTR", r, false, 0, "%s smccc get_attr", what);

	r = smccc_set(vm, 0xc6000000, 0x10, 1, 0, 0, false);
	step("SET_DEVICE_ATTR", r, false, 0, "%s smccc deny 0xc6000000+16", what);
	r = smccc_set(vm, 0xc6000008, 0x10, 1, 0, 0, false);
	step("SET_DEVICE_ATTR", r, false, 0, "%s smccc overlap 0xc6000008+16", what);
	r = smccc_set(vm, 0xc600000f, 1, 2, 0, 0, false);
	step("SET_DEVICE_ATTR", r, false, 0, "%s smccc overlap last 0xc600000f", what);
	r = smccc_set(vm, 0x80000000, 1, 1, 0, 0, false);
	step("SET_DEVICE_ATTR", r, false, 0, "%s smccc reserved 0x80000000", what);
	r = smccc_set(vm, 0x8000ffff, 2, 1, 0, 0, false);
	step("SET_DEVICE_ATTR", r, false, 0, "%s smccc reserved 0x8000ffff+2", what);
	r = smccc_set(vm, 0xc0000010, 1, 2, 0, 0, false);
	step("SET_DEVICE_ATTR", r, false, 0, "%s smccc reserved 0xc0000010", what);
	r = smccc_set(vm, 0x7fffffff, 2, 1, 0, 0, false);
	step("SET_DEVICE_ATTR", r, false, 0, "%s smccc into reserved 0x7fffffff+2", what);
	r = smccc_set(vm, 0xc7000000, 1, 3, 0, 0, false);
	step("SET_DEVICE_ATTR", r, false, 0, "%s smccc bad action 3", what);
	r = smccc_set(vm, 0xc7000000, 1, 0xff, 0, 0, false);
	step("SET_DEVICE_ATTR", r, false, 0, "%s smccc bad action 255", what);
	r = smccc_set(vm, 0xc7000000, 0, 1, 0, 0, false);
	step("SET_DEVICE_ATTR", r, false, 0, "%s smccc nr=0", what);
	r = smccc_set(vm, 0xffffffff, 2, 1, 0, 0, false);
	step("SET_DEVICE_ATTR", r, false, 0, "%s smccc wraps 0xffffffff+2", what);
	r = smccc_set(vm, 0xc7000000, 1, 1, 1, 0, false);
	step("SET_DEVICE_ATTR", r, false, 0, "%s smccc pad set", what);
	r = smccc_set(vm, 0xc7000000, 1, 2, 0, 0, true);
	step("SET_DEVICE_ATTR", r, false, 0, "%s smccc addr NULL", what);
	r = smccc_set(vm, 0xc7000000, 1, 2, 0, 0, false);
	step("SET_DEVICE_ATTR", r, false, 0, "%s smccc fwd 0xc7000000", what);
	r = smccc_set(vm, 0xc5000000, 4, 0, 0, 0, false);
	step("SET_DEVICE_ATTR", r, false, 0, "%s smccc handle 0xc5000000+4", what);
	r = smccc_set(vm, 0x86000000, 0x100, 2, 0, 1, false);
	step("SET_DEVICE_ATTR", r, false, 0, "%s smccc flags=1 0x86000000+256", what);
	r = smccc_set(vm, 0xffffffff, 1, 1, 0, 0, false);
	step("SET_DEVICE_ATTR", r, false, 0, "%s smccc last id 0xffffffff", what);
}

/* KVM_ARM_GET_REG_WRITABLE_MASKS: every non-zero mask, by register. */
static void writable_masks(int vm, const char *what)
{
	uint64_t masks[KD_FEATURE_ID_RANGE_SIZE];
	struct kd_reg_mask_range range;
	int r;

	memset(&range, 0, sizeof(range));
	memset(masks, 0, sizeof(masks));
	range.addr = (uintptr_t)masks;
	range.range = 1;
	r = do_ioctl(vm, KD_ARM_GET_REG_WRITABLE_MASKS, &range);
	step("ARM_GET_REG_WRITABLE_MASKS", r, false, 0, "%s masks range=1", what);
	range.range = 0;
	range.reserved[0] = 1;
	r = do_ioctl(vm, KD_ARM_GET_REG_WRITABLE_MASKS, &range);
	step("ARM_GET_REG_WRITABLE_MASKS", r, false, 0, "%s masks reserved", what);
	range.reserved[0] = 0;
	r = do_ioctl(vm, KD_ARM_GET_REG_WRITABLE_MASKS, &range);
	step("ARM_GET_REG_WRITABLE_MASKS", r, false, 0, "%s masks", what);
	if (r < 0)
		return;
	for (unsigned int i = 0; i < KD_FEATURE_ID_RANGE_SIZE; i++) {
		static const unsigned int op1s[] = { 0, 1, 3 };
		char buf[32];
		uint64_t id = KD_SYSREG(3, op1s[i >> 6], 0, (i >> 3) & 7, i & 7);

		if (masks[i])
			step("ARM_GET_REG_WRITABLE_MASKS", 0, true, masks[i], "%s mask %s",
			     what, reg_name(id, buf, sizeof(buf)));
	}
}

/*
 * Every 4-bit field of @id written one lower and one higher than the
 * VM's value, read back after each write; a write that took is undone.
 */
static void idreg_fields(int vcpu, uint64_t id, const char *what)
{
	char buf[32];
	const char *name = reg_name(id, buf, sizeof(buf));
	uint64_t orig;

	if (get_reg(vcpu, id, &orig) < 0)
		return;
	write_reg(vcpu, id, orig, "%s id %s same", what, name);
	for (unsigned int n = 0; n < 16; n++) {
		unsigned int f = (unsigned int)(orig >> (4 * n)) & 0xf;

		for (int d = -1; d <= 1; d += 2) {
			uint64_t v, back;
			int r;

			if ((d < 0 && f == 0) || (d > 0 && f == 0xf))
				continue;
			v = (orig & ~(0xfull << (4 * n))) |
			    ((uint64_t)(f + (unsigned int)d) & 0xf) << (4 * n);
			r = write_reg(vcpu, id, v, "%s id %s[%u:%u] %x->%x", what, name,
				      4 * n + 3, 4 * n, f, (f + (unsigned int)d) & 0xf);
			if (r == 0 && get_reg(vcpu, id, &back) == 0 && back != orig)
				write_reg(vcpu, id, orig, "%s id %s[%u:%u] restore", what, name,
					  4 * n + 3, 4 * n);
		}
	}
}

static void idregs(int vcpu, const struct kvm_reg_list *l, const char *what)
{
	for (uint64_t i = 0; i < l->n; i++) {
		uint64_t id = l->reg[i];
		unsigned int e = (unsigned int)(id & 0xffff);

		if ((id & KVM_REG_ARM_COPROC_MASK) != KVM_REG_ARM64_SYSREG)
			continue;
		/* op0 3, op1 0, CRn 0, CRm 1-7: the feature ID space */
		if ((e & 0xff80) == 0xc000 && ((e >> 3) & 15) != 0)
			idreg_fields(vcpu, id, what);
	}
	idreg_fields(vcpu, REG_CTR, what);
}

/* MIDR, REVIDR, AIDR: their own rules (invariant, or cap 239). */
static void imp_regs(int vcpu, const char *what)
{
	static const uint64_t ids[] = { REG_MIDR, REG_REVIDR, REG_AIDR };

	for (size_t i = 0; i < 3; i++) {
		char buf[32];
		const char *name = reg_name(ids[i], buf, sizeof(buf));
		uint64_t v;

		if (get_reg(vcpu, ids[i], &v) < 0) {
			show_reg(vcpu, ids[i], what);
			continue;
		}
		write_reg(vcpu, ids[i], v, "%s imp %s same", what, name);
		write_reg(vcpu, ids[i], v ^ 0x1, "%s imp %s bit0", what, name);
		write_reg(vcpu, ids[i], v ^ (1ull << 20), "%s imp %s bit20", what, name);
		write_reg(vcpu, ids[i], v ^ (1ull << 40), "%s imp %s bit40", what, name);
	}
}

/* CLIDR_EL1: invariant before 6.3, set_clidr's rules after. */
static void clidr(int vcpu, const char *what)
{
	uint64_t v;

	if (get_reg(vcpu, REG_CLIDR, &v) < 0) {
		show_reg(vcpu, REG_CLIDR, what);
		return;
	}
	write_reg(vcpu, REG_CLIDR, v, "%s clidr same", what);
	write_reg(vcpu, REG_CLIDR, v | (1ull << 47), "%s clidr res0 bit47", what);
	write_reg(vcpu, REG_CLIDR, v | (1ull << 63), "%s clidr res0 bit63", what);
	/* an L3 unified cache and LoC 3 */
	write_reg(vcpu, REG_CLIDR, (v & ~(7ull << 24)) | (4ull << 6) | (3ull << 24),
		  "%s clidr add L3", what);
	/* LoC 0: no clean to PoC needed, promised only with CTR_EL0.IDC */
	write_reg(vcpu, REG_CLIDR, v & ~(7ull << 24), "%s clidr loc=0", what);
	/* LoUU 1 and LoUIS 1 with LoC 2 */
	write_reg(vcpu, REG_CLIDR, v | (1ull << 27) | (1ull << 21), "%s clidr louu louis", what);
	write_reg(vcpu, REG_CLIDR, v, "%s clidr restore", what);
}

/* The CCSIDR (DEMUX) registers: the first and one past the last. */
static void ccsidr(int vcpu, const char *what)
{
	for (unsigned int i = 0; i < 16; i++) {
		uint64_t id = KVM_REG_ARM64 | KVM_REG_SIZE_U32 | KVM_REG_ARM_DEMUX | i;
		uint32_t v = 0;
		struct kvm_one_reg reg = { .id = id, .addr = (uintptr_t)&v };
		int r = do_ioctl(vcpu, KVM_GET_ONE_REG, &reg);

		step("GET_ONE_REG", r, r == 0, v, "%s ccsidr %u", what, i);
		if (r == 0) {
			uint32_t w = v;

			reg.addr = (uintptr_t)&w;
			r = do_ioctl(vcpu, KVM_SET_ONE_REG, &reg);
			step("SET_ONE_REG", r, false, 0, "%s ccsidr %u same", what, i);
		}
	}
}

static void enable_239(int vm, uint32_t flags, const char *what)
{
	struct kvm_enable_cap cap;
	int r;

	memset(&cap, 0, sizeof(cap));
	cap.cap = KD_CAP_ARM_WRITABLE_IMP_ID_REGS;
	cap.flags = flags;
	r = do_ioctl(vm, KVM_ENABLE_CAP, &cap);
	step("ENABLE_CAP", r, false, 0, "%s enable cap 239%s", what, flags ? " flags=1" : "");
}

/* A second VM with KVM_CAP_ARM_WRITABLE_IMP_ID_REGS (7.2: MIDR writable). */
static void vm_imp(int sys)
{
	int vm, vcpu, r;
	uint64_t midr;

	vm = create_vm(sys, 0);
	if (vm < 0)
		return;
	enable_239(vm, 1, "vmB");
	enable_239(vm, 0, "vmB");
	vcpu = do_ioctl(vm, KVM_CREATE_VCPU, (void *)0);
	step("CREATE_VCPU", vcpu < 0 ? vcpu : 0, false, 0, "vmB create vcpu0");
	if (vcpu < 0)
		return;
	enable_239(vm, 0, "vmB after vcpu");
	r = init_vcpu(vm, vcpu, F_PSCI);
	step("ARM_VCPU_INIT", r, false, 0, "vmB init");
	if (get_reg(vcpu, REG_MIDR, &midr) < 0)
		midr = 0;
	imp_regs(vcpu, "vmB");
	write_reg(vcpu, REG_MIDR, midr ^ 0x10, "vmB MIDR_EL1 keep bit4");
	r = run_vcpu(sys, vm, vcpu, 0);
	step("KVM_RUN", r, false, 0, "vmB run");
	imp_regs(vcpu, "vmB ran");
	do_close(vcpu);
	do_close(vm);
}

/* vCPU feature combinations, each on a fresh VM. */
static void vcpu_features(int sys)
{
	static const struct {
		const char *name;
		uint32_t f0, f1, target_delta;
	} cases[] = {
		{ "psci", F_PSCI, 0, 0 },
		{ "none", 0, 0, 0 },
		{ "el1-32bit", F_PSCI | (1u << KVM_ARM_VCPU_EL1_32BIT), 0, 0 },
		{ "power-off", F_PSCI | (1u << KVM_ARM_VCPU_POWER_OFF), 0, 0 },
		{ "pmu", F_PSCI | (1u << KVM_ARM_VCPU_PMU_V3), 0, 0 },
		{ "sve", F_PSCI | (1u << KVM_ARM_VCPU_SVE), 0, 0 },
		{ "ptrauth-address", F_PSCI | (1u << KVM_ARM_VCPU_PTRAUTH_ADDRESS), 0, 0 },
		{ "ptrauth-generic", F_PSCI | (1u << KVM_ARM_VCPU_PTRAUTH_GENERIC), 0, 0 },
		{ "ptrauth-both", F_PSCI | (1u << KVM_ARM_VCPU_PTRAUTH_ADDRESS) |
				  (1u << KVM_ARM_VCPU_PTRAUTH_GENERIC), 0, 0 },
		{ "has-el2", F_PSCI | (1u << 7), 0, 0 },
		{ "bit8", F_PSCI | (1u << 8), 0, 0 },
		{ "bit31", F_PSCI | (1u << 31), 0, 0 },
		{ "features1", F_PSCI, 1, 0 },
		{ "bad-target", F_PSCI, 0, 1 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct kvm_vcpu_init init;
		int vm, v0, v1, r;

		vm = create_vm(sys, 0);
		if (vm < 0)
			return;
		v0 = do_ioctl(vm, KVM_CREATE_VCPU, (void *)0);
		v1 = do_ioctl(vm, KVM_CREATE_VCPU, (void *)1);
		if (v0 < 0 || v1 < 0)
			return;
		memset(&init, 0, sizeof(init));
		do_ioctl(vm, KVM_ARM_PREFERRED_TARGET, &init);
		init.target += cases[i].target_delta;
		init.features[0] = cases[i].f0;
		init.features[1] = cases[i].f1;
		r = do_ioctl(v0, KVM_ARM_VCPU_INIT, &init);
		step("ARM_VCPU_INIT", r, false, 0, "feat %s init", cases[i].name);
		if (r == 0) {
			struct kvm_reg_list list = { .n = 0 };
			uint64_t v;

			r = do_ioctl(v0, KVM_ARM_VCPU_INIT, &init);
			step("ARM_VCPU_INIT", r, false, 0, "feat %s reinit", cases[i].name);
			r = get_reg(v0, KD_FW(0), &v);
			step("GET_ONE_REG", r, r == 0, v, "feat %s PSCI_VERSION", cases[i].name);
			r = do_ioctl(v0, KVM_GET_REG_LIST, &list);
			step("GET_REG_LIST", r, false, 0, "feat %s reglist", cases[i].name);
			if (cases[i].f0 & (1u << KVM_ARM_VCPU_SVE)) {
				int what = KVM_ARM_VCPU_SVE;

				r = do_ioctl(v0, KVM_ARM_VCPU_FINALIZE, &what);
				step("ARM_VCPU_FINALIZE", r, false, 0, "feat %s finalize",
				     cases[i].name);
				r = do_ioctl(v0, KVM_ARM_VCPU_FINALIZE, &what);
				step("ARM_VCPU_FINALIZE", r, false, 0, "feat %s finalize again",
				     cases[i].name);
				r = get_reg(v0, KD_FW(0), &v);
				step("GET_ONE_REG", r, r == 0, v, "feat %s PSCI_VERSION final",
				     cases[i].name);
			} else {
				int what = KVM_ARM_VCPU_SVE;

				r = do_ioctl(v0, KVM_ARM_VCPU_FINALIZE, &what);
				step("ARM_VCPU_FINALIZE", r, false, 0, "feat %s finalize",
				     cases[i].name);
			}
			/* vCPU 1 with PSCI 0.2 only: one feature set per VM since 6.7 */
			r = init_vcpu(vm, v1, F_PSCI);
			step("ARM_VCPU_INIT", r, false, 0, "feat %s vcpu1 psci", cases[i].name);
			init.features[0] ^= 1u << KVM_ARM_VCPU_EL1_32BIT;
			r = do_ioctl(v0, KVM_ARM_VCPU_INIT, &init);
			step("ARM_VCPU_INIT", r, false, 0, "feat %s reinit toggled el1-32bit",
			     cases[i].name);
		}
		do_close(v1);
		do_close(v0);
		do_close(vm);
	}
}

static void vcpu_ids(int sys)
{
	static const unsigned long ids[] = { 511, 512, 4096, 0, 0 };
	int vm = create_vm(sys, 0), fds[5];

	if (vm < 0)
		return;
	for (size_t i = 0; i < 5; i++) {
		fds[i] = do_ioctl(vm, KVM_CREATE_VCPU, (void *)(uintptr_t)ids[i]);
		step("CREATE_VCPU", fds[i] < 0 ? fds[i] : 0, false, 0, "vcpu id %lu #%zu", ids[i],
		     i);
	}
	for (size_t i = 0; i < 5; i++)
		if (fds[i] >= 0)
			do_close(fds[i]);
	do_close(vm);
}

/* ------------------------------------------------------------------ main */

int main(int argc, char **argv)
{
	struct kvm_reg_list *list;
	struct utsname u;
	int sys, vm, vcpu, r;
	uint64_t v;

	setvbuf(stdout, NULL, _IOLBF, 0);
	uname(&u);
	printf("# release %s\n", u.release);
	sys = kdiff_open(argc, argv, "kdiff");
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

	r = do_ioctl(sys, KVM_GET_API_VERSION, NULL);
	step("GET_API_VERSION", r < 0 ? r : 0, r >= 0, (uint64_t)r, "api");
	r = do_ioctl(sys, KVM_GET_VCPU_MMAP_SIZE, NULL);
	step("GET_VCPU_MMAP_SIZE", r < 0 ? r : 0, r >= 0, (uint64_t)r, "vcpu mmap size");
	r = do_ioctl(sys, KVM_GET_API_VERSION, (void *)1);
	step("GET_API_VERSION", r < 0 ? r : 0, false, 0, "api arg=1");

	vm_types(sys);
	vm = create_vm(sys, 0);
	if (vm < 0) {
		printf("# KVM_CREATE_VM: %s\n", errname(-vm));
		return 1;
	}
	caps(sys, vm);
	writable_masks(vm, "pre");

	vcpu = do_ioctl(vm, KVM_CREATE_VCPU, (void *)0);
	if (vcpu < 0) {
		printf("# KVM_CREATE_VCPU: %s\n", errname(-vcpu));
		return 1;
	}
	before_init(vm, vcpu);
	{
		struct kvm_vcpu_init init;

		memset(&init, 0, sizeof(init));
		r = do_ioctl(vm, KVM_ARM_PREFERRED_TARGET, &init);
		step("ARM_PREFERRED_TARGET", r, true, init.target, "preferred target");
		step("ARM_PREFERRED_TARGET", r, true, init.features[0], "preferred features0");
	}
	r = init_vcpu(vm, vcpu, F_PSCI);
	step("ARM_VCPU_INIT", r, false, 0, "init psci");
	if (r < 0)
		return 1;

	list = reg_list(vcpu, "pre");
	step("GET_ONE_REG", 0, true, listed(list, KD_BMAP(3)), "pre BMAP3 listed");
	show_reg(vcpu, REG_MPIDR, "pre");
	fw_reads(vcpu, "pre");
	psci(vcpu, "pre");
	workarounds(vcpu, "pre");
	bitmaps(vcpu, "pre");
	smccc_filter(vm, "pre");
	idregs(vcpu, list, "pre");
	imp_regs(vcpu, "pre");
	enable_239(vm, 0, "pre after vcpu");
	clidr(vcpu, "pre");
	ccsidr(vcpu, "pre");

	r = run_vcpu(sys, vm, vcpu, 0);
	step("KVM_RUN", r, false, 0, "run");

	free(list);
	list = reg_list(vcpu, "ran");
	fw_reads(vcpu, "ran");
	psci(vcpu, "ran");
	workarounds(vcpu, "ran");
	bitmaps(vcpu, "ran");
	smccc_filter(vm, "ran");
	writable_masks(vm, "ran");
	idregs(vcpu, list, "ran");
	imp_regs(vcpu, "ran");
	clidr(vcpu, "ran");
	ccsidr(vcpu, "ran");
	r = init_vcpu(vm, vcpu, F_PSCI);
	step("ARM_VCPU_INIT", r, false, 0, "ran reinit psci");
	r = get_reg(vcpu, KD_FW(0), &v);
	step("GET_ONE_REG", r, r == 0, v, "ran reinit PSCI_VERSION");
	r = init_vcpu(vm, vcpu, F_PSCI | (1u << KVM_ARM_VCPU_EL1_32BIT));
	step("ARM_VCPU_INIT", r, false, 0, "ran reinit el1-32bit");
	{
		int v1 = do_ioctl(vm, KVM_CREATE_VCPU, (void *)1);

		step("CREATE_VCPU", v1 < 0 ? v1 : 0, false, 0, "ran create vcpu1");
		if (v1 >= 0) {
			r = init_vcpu(vm, v1, F_PSCI);
			step("ARM_VCPU_INIT", r, false, 0, "ran vcpu1 init");
			do_close(v1);
		}
	}
	free(list);
	do_close(vcpu);
	do_close(vm);

	vm_imp(sys);
	vcpu_features(sys);
	vcpu_ids(sys);
	sve(sys);
	guest(sys);
	smccc_calls(sys);
	imp_guest(sys);

	printf("# steps %u\n", nsteps);
	do_close(sys);
#ifdef KDIFF_SIM
	hvabi_sim_free(sim);
#endif
	return 0;
}
