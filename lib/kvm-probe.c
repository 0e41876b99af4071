/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Probe: read what a KVM offers a guest into a feature set, through
 * hvabi_kvm_call() only, so the same code reads the real kernel and the
 * simulator. The path is chosen by the handle's architecture, never by
 * the build's: an x86 build probes a simulated arm64 kernel.
 *
 * What a probed profile holds:
 *
 * - CAP entries: KVM_CHECK_EXTENSION of every capability the catalogue
 *   lists for the arch, plus the ones the probe itself consults (arm64
 *   230; x86 153, 163, 191), asked on the scratch VM when cap 105 says
 *   the answer may depend on the VM, else on /dev/kvm. A result of 0 is
 *   recorded too: KVM answers 0 for capabilities it has never heard of,
 *   so "0" and "absent" are one fact, and recording it keeps every
 *   profile of an arch on the same keys, which turns a capability
 *   difference into a value difference rather than a missing entry.
 *   x86 cap 163 (eVMCS) is the exception: when KVM_ENABLE_CAP on a
 *   scratch vCPU succeeds, its value is the version range KVM wrote
 *   ((max << 8) | min, e.g. 0x0101), not the CHECK_EXTENSION result.
 * - arm64: every listed register that is catalogued, of the FW (0x14) or
 *   FW_FEAT_BMAP (0x16) class, or in the feature ID space (op0 3, op1 0,
 *   1 or 3, CRn 0); host facts: HAS_MASK on the ID space when KVM has
 *   the writable-mask ioctl, HAS_MAX (supported mask) on BITMAP rows,
 *   HAS_MIN/HAS_MAX (accepted versions) on VERSION rows, HAS_MAX (host
 *   level) on LEVEL rows; the SMCCC filter as an empty RANGESET when KVM
 *   has the VM attribute.
 * - x86: every register of every KVM_GET_SUPPORTED_CPUID and (cap 191)
 *   KVM_GET_SUPPORTED_HV_CPUID leaf, value and HAS_MAX both the supported
 *   value; every feature MSR KVM lets /dev/kvm read, likewise.
 * - riscv: the single ISA_EXT and SBI_EXT registers, HAS_MAX 1 where
 *   the extension can be enabled, 0 where it cannot; on an enabled ISA
 *   extension HAS_MIN 1 where KVM refuses to disable it, 0 where not.
 *
 * A VM's set (hvabi_kvm_read_vm) holds the same keys with values only:
 * host facts describe hosts, not VMs, and reading them would mean writing.
 *
 * This file holds what every architecture shares: the small KVM calls,
 * building entries, the capabilities, the register list, the guest
 * program's runner, hvabi_kvm_probe() and hvabi_kvm_read_vm(). Each
 * architecture's own steps are in kvm-probe-arm64.c, kvm-probe-riscv.c
 * and kvm-probe-x86.c; kvm-probe.h is what they share.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kvm-probe.h"

/* The register buffer: the widest ONE_REG value (U2048). */
#define REG_BUF_MAX HVABI_VALUE_MAX_BYTES

/* ---- small KVM calls ---- */

/*
 * Write a register whose id says it is at most 8 bytes wide (callers
 * check with hvabi_probe_reg_writable_size(): KVM reads as many bytes as
 * the id says).
 */
int hvabi_probe_reg_set(struct hvabi_kvm *kvm, int fd, uint64_t id, uint64_t value)
{
	uint64_t buf[1];

	hvabi_value_to_buf(value, HVABI_KVM_REG_SIZE(id), buf);
	return hvabi_kvm_reg_set(kvm, fd, id, buf);
}

/*
 * Whether the probe may write the register: at most 8 bytes, as
 * hvabi_probe_reg_set() needs.
 */
bool hvabi_probe_reg_writable_size(uint64_t id)
{
	return HVABI_KVM_REG_SIZE(id) <= sizeof(uint64_t);
}

/* Whether a ONE_REG id has a size this library can hold (U8 .. U2048). */
static bool reg_size_valid(uint64_t id)
{
	return (id & HVABI_KVM_REG_SIZE_MASK) <= HVABI_KVM_REG_SIZE_U2048;
}

int hvabi_probe_create_vm_vcpu(struct probe *p)
{
	int r;

	r = hvabi_kvm_call(p->kvm, p->kvm->fd, HVABI_KVM_CREATE_VM, (void *)(uintptr_t)0);
	if (r < 0)
		return r;
	p->vm_fd = r;
	r = hvabi_kvm_call(p->kvm, p->vm_fd, HVABI_KVM_CREATE_VCPU, (void *)(uintptr_t)0);
	if (r < 0)
		return r;
	p->vcpu_fd = r;
	return 0;
}

/* ---- building entries ---- */

int hvabi_probe_put_value(struct probe *p, const struct hvabi_key *key, uint64_t value,
			  uint16_t flags, uint64_t max)
{
	struct hvabi_entry e;

	hvabi_entry_init(&e, p->fs->arch, key);
	e.value = value;
	e.flags = flags;
	e.max = max;
	return hvabi_featureset_put(p->fs, &e);
}

/* Record a register from the bytes KVM returned. */
static int put_reg(struct probe *p, uint64_t id, const void *buf)
{
	struct hvabi_key key = hvabi_key_reg(id);
	struct hvabi_entry e;

	hvabi_entry_init(&e, p->fs->arch, &key);
	if (e.width > 8)
		e.wide = buf;
	else
		e.value = hvabi_buf_to_value(buf, e.width);
	return hvabi_featureset_put(p->fs, &e);
}

/* Store @e, a copy of an entry of the set whose host facts were filled in. */
int hvabi_probe_update(struct probe *p, const struct hvabi_entry *e)
{
	return hvabi_featureset_put(p->fs, e);
}

static int record_cap(struct probe *p, uint32_t cap)
{
	struct hvabi_key key = hvabi_key_cap(cap);
	int r;

	r = hvabi_kvm_check_ext(p->kvm, p->cap_fd, cap);
	if (r < 0)
		return r;
	return hvabi_probe_put_value(p, &key, (uint64_t)r, 0, 0);
}

/* The recorded answer for @cap (0 when it was not asked). */
uint64_t hvabi_probe_cap_value(const struct probe *p, uint32_t cap)
{
	struct hvabi_key key = hvabi_key_cap(cap);
	struct hvabi_entry e;

	if (hvabi_featureset_find(p->fs, &key, &e))
		return 0;
	return e.value;
}

/* Caps the probe consults itself, recorded with the catalogue's. */
static const uint32_t caps_arm64[] = { HVABI_KVM_CAP_ARM_SUPPORTED_REG_MASK_RANGES };
static const uint32_t caps_x86[] = {
	HVABI_KVM_CAP_GET_MSR_FEATURES,
	HVABI_KVM_CAP_HYPERV_ENLIGHTENED_VMCS,
	HVABI_KVM_CAP_SYS_HYPERV_CPUID,
};

int hvabi_probe_record_caps(struct probe *p)
{
	const struct hvabi_cat_table *t = hvabi_cat_table_of(p->fs->arch);
	const uint32_t *extra = NULL;
	size_t i, nextra = 0;
	int r;

	for (i = 0; i < t->n; i++) {
		if (t->rows[i].key.ns != HVABI_NS_CAP)
			continue;
		r = record_cap(p, (uint32_t)t->rows[i].key.id);
		if (r)
			return r;
	}
	if (p->fs->arch == HVABI_ARCH_ARM64) {
		extra = caps_arm64;
		nextra = HVABI_ARRAY_SIZE(caps_arm64);
	} else if (p->fs->arch == HVABI_ARCH_X86_64) {
		extra = caps_x86;
		nextra = HVABI_ARRAY_SIZE(caps_x86);
	}
	for (i = 0; i < nextra; i++) {
		struct hvabi_key key = hvabi_key_cap(extra[i]);

		if (hvabi_featureset_find(p->fs, &key, NULL) == 0)
			continue;
		r = record_cap(p, extra[i]);
		if (r)
			return r;
	}
	return 0;
}

/*
 * Where to ask for capabilities: the VM fd when one is at hand and KVM
 * says (cap 105) its answers may depend on the VM, else /dev/kvm.
 */
int hvabi_probe_choose_cap_fd(struct probe *p, int vm_fd)
{
	int r;

	p->cap_fd = p->kvm->fd;
	if (vm_fd < 0)
		return 0;
	r = hvabi_kvm_check_ext(p->kvm, p->kvm->fd, HVABI_KVM_CAP_CHECK_EXTENSION_VM);
	if (r < 0)
		return r;
	if (r > 0)
		p->cap_fd = vm_fd;
	return 0;
}

/* ---- registers (arm64, riscv) ---- */

static bool reg_keep(enum hvabi_arch arch, uint64_t id)
{
	struct hvabi_key key = hvabi_key_reg(id);

	if (!reg_size_valid(id))
		return false;
	if (hvabi_cat_find(arch, &key))
		return true;
	switch (arch) {
	case HVABI_ARCH_ARM64:
		return hvabi_probe_arm64_keep(id);
	case HVABI_ARCH_RISCV64:
		return hvabi_probe_riscv_keep(id);
	default:
		return false;
	}
}

/* Read every kept register of @vcpu_fd's list into the set. */
int hvabi_probe_read_regs(struct probe *p, int vcpu_fd)
{
	struct hvabi_kvm_reg_list *l = NULL;
	uint64_t buf[REG_BUF_MAX / sizeof(uint64_t)];
	uint64_t i;
	int r;

	r = hvabi_kvm_reg_list(p->kvm, vcpu_fd, &l);
	if (r)
		return r;
	for (i = 0; i < l->n; i++) {
		uint64_t id = l->reg[i];

		if (!reg_keep(p->fs->arch, id))
			continue;
		memset(buf, 0, sizeof(buf));
		r = hvabi_kvm_reg_get(p->kvm, vcpu_fd, id, buf);
		if (!r)
			r = put_reg(p, id, buf);
		if (r)
			break;
	}
	free(l);
	return r;
}

/* ---- what a guest reads (HVABI_PROBE_GUEST_READS): the runner ---- */

#define GUEST_MEM_SIZE 0x10000u
#define GUEST_PAGE 4096u

/*
 * Which value a guest store carries: its index, nids for the end, -1 for
 * anything the program does not do (the guest did not run as written).
 */
static ptrdiff_t guest_store(const struct guest_prog *g, const struct hvabi_kvm_run *run)
{
	uint64_t off = run->mmio.phys_addr - HVABI_PROBE_GUEST_WINDOW;

	if (run->exit_reason != HVABI_KVM_EXIT_MMIO || !run->mmio.is_write ||
	    run->mmio.len != 8 || run->mmio.phys_addr < HVABI_PROBE_GUEST_WINDOW ||
	    (off & 7) || off / 8 > g->nids)
		return -1;
	return (ptrdiff_t)(off / 8);
}

/* Run the program on the vCPU until its end, recording each value once. */
static int guest_run(struct probe *p, int vcpu_fd, struct hvabi_kvm_run *run,
		     const struct guest_prog *g)
{
	bool seen[GUEST_READS_MAX] = { false };
	size_t exits;
	int r;

	for (exits = 0; exits <= g->nids; exits++) {
		struct hvabi_key key;
		ptrdiff_t i;

		r = hvabi_kvm_call(p->kvm, vcpu_fd, HVABI_KVM_RUN, NULL);
		if (r < 0)
			return r;
		i = guest_store(g, run);
		if (i < 0 || (i < (ptrdiff_t)g->nids && seen[i]))
			return -EIO;
		if (i == (ptrdiff_t)g->nids)
			return 0;
		seen[i] = true;
		key = (struct hvabi_key){ HVABI_NS_GUEST_READ, 0, 0, g->ids[i] };
		r = hvabi_probe_put_value(p, &key, hvabi_buf_to_value(run->mmio.data, 8), 0, 0);
		if (r)
			return r;
	}
	return -EIO;
}

/*
 * A second scratch VM, untouched by the probe's writes, whose vCPU (made
 * as the first: arm64 PSCI 0.2 and the caller's features) runs @g from
 * guest memory at HVABI_PROBE_GUEST_GPA (arm64: EL1, MMU off; riscv:
 * VS-mode, satp bare).
 */
int hvabi_probe_run_guest_program(struct probe *p, const struct guest_prog *g)
{
	bool arm64 = p->fs->arch == HVABI_ARCH_ARM64;
	struct hvabi_kvm_userspace_memory_region mr;
	struct hvabi_kvm_vcpu_init init;
	struct hvabi_kvm_run *run = NULL;
	int vm = -1, vcpu = -1, size = 0, r, c;
	uint8_t *mem;

	mem = aligned_alloc(GUEST_PAGE, GUEST_MEM_SIZE);
	if (!mem)
		return -ENOMEM;
	memset(mem, 0, GUEST_MEM_SIZE);
	for (size_t i = 0; i < g->ncode; i++)
		hvabi_value_to_buf(g->code[i], 4, mem + 4 * i);
	for (size_t v = 0; arm64 && v < 16; v++) {
		/* STR x20, [x20, #8 * GUEST_READS_MAX]; B . */
		hvabi_value_to_buf(0xf9000000u | (uint32_t)GUEST_READS_MAX << 10 | 20u << 5 | 20u, 4,
				   mem + GUEST_VECTORS + 0x80 * v);
		hvabi_value_to_buf(0x14000000u, 4, mem + GUEST_VECTORS + 0x80 * v + 4);
	}
	r = hvabi_kvm_call(p->kvm, p->kvm->fd, HVABI_KVM_CREATE_VM, (void *)(uintptr_t)0);
	if (r < 0)
		goto out;
	vm = r;
	memset(&init, 0, sizeof(init));
	r = arm64 ? hvabi_kvm_call(p->kvm, vm, HVABI_KVM_ARM_PREFERRED_TARGET, &init) : 0;
	if (r)
		goto out;
	r = hvabi_kvm_call(p->kvm, vm, HVABI_KVM_CREATE_VCPU, (void *)(uintptr_t)0);
	if (r < 0)
		goto out;
	vcpu = r;
	/*
	 * Not PMU_V3: a vCPU with a PMU runs only with an interrupt
	 * controller and its overflow interrupt set (kvm_arm_pmu_v3_enable(),
	 * pmu-emul.c), and nothing the guest reads here depends on it.
	 */
	r = arm64 ? hvabi_probe_arm64_init_vcpu(p, vcpu, &init, HVABI_FEAT(PMU_V3)) : 0;
	if (r)
		goto out;
	memset(&mr, 0, sizeof(mr));
	mr.guest_phys_addr = HVABI_PROBE_GUEST_GPA;
	mr.memory_size = GUEST_MEM_SIZE;
	mr.userspace_addr = (uintptr_t)mem;
	r = hvabi_kvm_call(p->kvm, vm, HVABI_KVM_SET_USER_MEMORY_REGION, &mr);
	if (!r)
		r = hvabi_probe_reg_set(p->kvm, vcpu,
					arm64 ? HVABI_KVM_REG_ARM64 | HVABI_KVM_REG_SIZE_U64 |
							HVABI_KVM_REG_ARM_CORE | 0x40 /* regs.pc */
					      : HVABI_RISCV_REG(HVABI_KVM_REG_RISCV_CORE, 0ull, 0),
					HVABI_PROBE_GUEST_GPA);
	if (r)
		goto out;
	size = hvabi_kvm_call(p->kvm, p->kvm->fd, HVABI_KVM_GET_VCPU_MMAP_SIZE, NULL);
	if (size < 0) {
		r = size;
		goto out;
	}
	r = p->kvm->ops->map_run(p->kvm->ctx, vcpu, (size_t)size, &run);
	if (!r)
		r = guest_run(p, vcpu, run, g);
out:
	if (run)
		p->kvm->ops->unmap_run(p->kvm->ctx, run, (size_t)size);
	if (vcpu >= 0 && (c = hvabi_kvm_close_fd(p->kvm, vcpu)) && !r)
		r = c;
	if (vm >= 0 && (c = hvabi_kvm_close_fd(p->kvm, vm)) && !r)
		r = c;
	free(mem);
	return r;
}

/* ---- common ---- */

static int set_meta(struct probe *p)
{
	char release[HVABI_RELEASE_MAX + 1];
	int r;

	if (!p->kvm->ops->release)
		return -EINVAL;
	r = p->kvm->ops->release(p->kvm->ctx, release, sizeof(release));
	if (r)
		return r;
	r = hvabi_featureset_set_kernel_release(p->fs, release);
	if (r)
		return r;
	return hvabi_featureset_set_origin(p->fs, p->kvm->origin);
}

/* Close what the probe opened; the first error wins. */
static int close_scratch(struct probe *p, int r)
{
	int c;

	if (p->vcpu_fd >= 0) {
		c = hvabi_kvm_close_fd(p->kvm, p->vcpu_fd);
		if (!r)
			r = c;
		p->vcpu_fd = -1;
	}
	if (p->vm_fd >= 0) {
		c = hvabi_kvm_close_fd(p->kvm, p->vm_fd);
		if (!r)
			r = c;
		p->vm_fd = -1;
	}
	return r;
}

static int probe_init(struct probe *p, struct hvabi_kvm *kvm)
{
	memset(p, 0, sizeof(*p));
	p->kvm = kvm;
	p->vm_fd = -1;
	p->vcpu_fd = -1;
	if (!kvm->ops || !kvm->ops->ioctl || kvm->fd < 0)
		return -EINVAL;
	return hvabi_featureset_new(kvm->arch, &p->fs);
}

HVABI_EXPORT int hvabi_kvm_probe(struct hvabi_kvm *kvm, unsigned int flags,
				 struct hvabi_featureset **ret)
{
	struct probe p;
	int r;

	if (!kvm || (flags & ~(HVABI_PROBE_GUEST_READS | HVABI_PROBE_VCPU_FEATURES(~0u))) || !ret)
		return -EINVAL;
	if ((flags & HVABI_PROBE_GUEST_READS) &&
	    (kvm->arch == HVABI_ARCH_X86_64 || !kvm->ops || !kvm->ops->map_run ||
	     !kvm->ops->unmap_run))
		return -EOPNOTSUPP;
	if (HVABI_PROBE_FEATURES_OF(flags) && kvm->arch != HVABI_ARCH_ARM64)
		return -EOPNOTSUPP;
	/* the guest step's program is A64: an AArch32 EL1 cannot run it */
	if ((flags & HVABI_PROBE_GUEST_READS) &&
	    (HVABI_PROBE_FEATURES_OF(flags) & (1u << HVABI_KVM_ARM_VCPU_EL1_32BIT)))
		return -EOPNOTSUPP;
	r = probe_init(&p, kvm);
	if (r)
		return r;
	p.flags = flags;
	switch (kvm->arch) {
	case HVABI_ARCH_ARM64:
		r = hvabi_probe_arm64(&p);
		break;
	case HVABI_ARCH_X86_64:
		r = hvabi_probe_x86(&p);
		break;
	default:
		r = hvabi_probe_riscv(&p);
		break;
	}
	r = close_scratch(&p, r);
	if (!r)
		r = set_meta(&p);
	if (r) {
		hvabi_featureset_free(p.fs);
		return r;
	}
	*ret = p.fs;
	return 0;
}

/* ---- reading a VMM's VM ---- */

/*
 * The firmware registers and ID registers are VM-wide state that KVM
 * shows through every vCPU: they can only differ between two vCPUs of
 * one VM if the fds belong to different VMs or the kernel broke its own
 * model. Either way the set would describe no VM, so the read fails with
 * EIO rather than pick one vCPU's answer. Per-vCPU entries (MPIDR_EL1
 * and the like) are vCPU 0's.
 */
static int verify_vm_scope(struct probe *p, int vcpu_fd)
{
	uint8_t buf[REG_BUF_MAX];
	size_t i;
	int r;

	for (i = 0; i < p->fs->n; i++) {
		const struct hvabi_entry *e = &p->fs->e[i];
		bool same;

		if (e->key.ns != HVABI_NS_ONE_REG || e->scope != HVABI_SCOPE_VM)
			continue;
		memset(buf, 0, sizeof(buf));
		r = hvabi_kvm_reg_get(p->kvm, vcpu_fd, e->key.id, buf);
		if (r)
			return r;
		if (e->width > 8)
			same = !memcmp(buf, e->wide, e->width);
		else
			same = hvabi_buf_to_value(buf, e->width) == e->value;
		if (!same)
			return -EIO;
	}
	return 0;
}

HVABI_EXPORT int hvabi_kvm_read_vm(struct hvabi_kvm *kvm, int vm_fd, const int *vcpu_fds,
				   size_t nvcpus, unsigned int flags,
				   struct hvabi_featureset **ret)
{
	struct probe p;
	size_t i;
	int r;

	if (!kvm || vm_fd < 0 || !vcpu_fds || !nvcpus || flags || !ret)
		return -EINVAL;
	for (i = 0; i < nvcpus; i++)
		if (vcpu_fds[i] < 0)
			return -EINVAL;
	r = probe_init(&p, kvm);
	if (r)
		return r;
	/* The VMM's fds are read, never written and never closed (p.vm_fd stays -1). */
	r = hvabi_probe_choose_cap_fd(&p, vm_fd);
	if (!r)
		r = hvabi_probe_record_caps(&p);
	if (!r && kvm->arch == HVABI_ARCH_X86_64) {
		r = hvabi_probe_x86_read_vm(&p, vcpu_fds, nvcpus);
	} else if (!r) {
		r = hvabi_probe_read_regs(&p, vcpu_fds[0]);
		for (i = 1; !r && i < nvcpus; i++)
			r = verify_vm_scope(&p, vcpu_fds[i]);
		if (!r && kvm->arch == HVABI_ARCH_ARM64)
			r = hvabi_probe_arm64_read_vm(&p, vcpu_fds[0]);
	}
	if (!r)
		r = set_meta(&p);
	if (r) {
		hvabi_featureset_free(p.fs);
		return r;
	}
	*ret = p.fs;
	return 0;
}
