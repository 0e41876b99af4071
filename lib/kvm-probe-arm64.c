/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Probe, arm64's part: the firmware registers' host facts, the ID
 * registers' writable masks, the SMCCC filter, the vCPU features and
 * SVE's lengths, and the guest program that reads what no ioctl shows
 * (kvm-probe.c says what a profile holds).
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "impls.h"
#include "kvm-probe.h"

/* ---- registers ---- */

/* op0 = 3, op1 in {0, 1, 3}, CRn = 0: the space KVM's writable masks cover. */
static bool arm64_is_id_space(uint64_t id)
{
	unsigned int op0, op1, crn;

	if ((id & HVABI_KVM_REG_ARCH_MASK) != HVABI_KVM_REG_ARM64 ||
	    (id & HVABI_KVM_REG_ARM_COPROC_MASK) != HVABI_KVM_REG_ARM64_SYSREG)
		return false;
	op0 = (unsigned int)(id >> 14) & 3;
	op1 = (unsigned int)(id >> 11) & 7;
	crn = (unsigned int)(id >> 7) & 0xf;
	return op0 == 3 && (op1 == 0 || op1 == 1 || op1 == 3) && crn == 0;
}

/*
 * Every listed register but the vCPU state the VMM migrates itself
 * (hvabi_cat_state_reason()): the ABI by the catalogue or by its place,
 * and any register nobody has classified, which check keeps equal and
 * warns of, rather than leaving it out unsaid.
 */
bool hvabi_probe_arm64_keep(uint64_t id)
{
	struct hvabi_key key = hvabi_key_reg(id);

	if ((id & HVABI_KVM_REG_ARCH_MASK) != HVABI_KVM_REG_ARM64)
		return false;
	return !hvabi_cat_state_reason(HVABI_ARCH_ARM64, &key);
}

/*
 * The supported mask of a bitmap register: KVM refuses (EINVAL) any
 * value with a bit outside it, before it looks at anything else, so
 * each bit that a write of that bit alone gets through is supported.
 * The scratch VM has not run, so no EBUSY can hide the answer.
 */
static int probe_bitmap(struct probe *p, struct hvabi_entry *e)
{
	unsigned int bit, nbits = HVABI_KVM_REG_SIZE(e->key.id) * 8u;
	uint64_t mask = 0;
	int r;

	for (bit = 0; bit < nbits; bit++) {
		r = hvabi_probe_reg_set(p->kvm, p->vcpu_fd, e->key.id, 1ull << bit);
		if (r == -EINVAL)
			continue;
		if (r)
			return r;
		mask |= 1ull << bit;
	}
	if (mask) {
		r = hvabi_probe_reg_set(p->kvm, p->vcpu_fd, e->key.id, e->value);
		if (r)
			return r;
	}
	e->flags |= HVABI_ENTRY_HAS_MAX;
	e->max = mask;
	return hvabi_probe_update(p, e);
}

/* The versions KVM accepts, from the catalogue's list of every known one. */
static int probe_version(struct probe *p, const struct hvabi_cat_entry *c,
			 struct hvabi_entry *e)
{
	bool any = false;
	uint64_t lo = 0, hi = 0;
	unsigned int i;
	int r;

	for (i = 0; i < c->nversions; i++) {
		uint64_t v = c->versions[i];

		r = hvabi_probe_reg_set(p->kvm, p->vcpu_fd, e->key.id, v);
		if (r == -EINVAL)
			continue;
		if (r)
			return r;
		if (!any || v < lo)
			lo = v;
		if (!any || v > hi)
			hi = v;
		any = true;
	}
	if (!any)
		return 0;
	r = hvabi_probe_reg_set(p->kvm, p->vcpu_fd, e->key.id, e->value);
	if (r)
		return r;
	e->flags |= HVABI_ENTRY_HAS_MIN | HVABI_ENTRY_HAS_MAX;
	e->min = lo;
	e->max = hi;
	return hvabi_probe_update(p, e);
}

/* Host facts of the arm64 firmware registers, by the catalogue's kind. */
static int arm64_fw_facts(struct probe *p)
{
	size_t i;
	int r = 0;

	for (i = 0; !r && i < p->fs->n; i++) {
		struct hvabi_entry e = p->fs->e[i];
		const struct hvabi_cat_entry *c;

		if (e.key.ns != HVABI_NS_ONE_REG || !hvabi_probe_reg_writable_size(e.key.id))
			continue;
		c = hvabi_cat_find(p->fs->arch, &e.key);
		if (!c)
			continue;
		switch (c->kind) {
		case HVABI_KIND_BITMAP:
			r = probe_bitmap(p, &e);
			break;
		case HVABI_KIND_VERSION:
			r = probe_version(p, c, &e);
			break;
		case HVABI_KIND_LEVEL:
			/* KVM stores no level: what it reports is the host's. */
			e.flags |= HVABI_ENTRY_HAS_MAX;
			e.max = e.value;
			r = hvabi_probe_update(p, &e);
			break;
		default:
			break;
		}
	}
	return r;
}

/* KVM_ARM_GET_REG_WRITABLE_MASKS onto every ID-space register. */
static int arm64_writable_masks(struct probe *p)
{
	struct hvabi_kvm_reg_mask_range range;
	uint64_t *masks;
	size_t i;
	int r;

	masks = calloc(HVABI_KVM_ARM_FEATURE_ID_RANGE_SIZE, sizeof(*masks));
	if (!masks)
		return -ENOMEM;
	memset(&range, 0, sizeof(range));
	range.addr = (uintptr_t)masks;
	range.range = HVABI_KVM_ARM_FEATURE_ID_RANGE;
	r = hvabi_kvm_call(p->kvm, p->vm_fd, HVABI_KVM_ARM_GET_REG_WRITABLE_MASKS, &range);
	for (i = 0; !r && i < p->fs->n; i++) {
		struct hvabi_entry e = p->fs->e[i];
		uint64_t id = e.key.id;

		if (e.key.ns != HVABI_NS_ONE_REG || !arm64_is_id_space(id) || e.width != 8)
			continue;
		e.flags |= HVABI_ENTRY_HAS_MASK;
		e.mask = masks[hvabi_arm64_feature_id_idx((unsigned int)(id >> 11) & 7,
							  (unsigned int)(id >> 3) & 0xf,
							  (unsigned int)id & 7)];
		r = hvabi_probe_update(p, &e);
	}
	free(masks);
	return r;
}

/*
 * Whether the scratch vCPU's register @id takes @trial: 1 (and @orig is
 * written back), 0 when KVM refuses it (EINVAL), or a negative errno.
 */
static int reg_takes(struct probe *p, uint64_t id, uint64_t trial, uint64_t orig)
{
	int r = hvabi_probe_reg_set(p->kvm, p->vcpu_fd, id, trial);

	if (r)
		return r == -EINVAL ? 0 : r;
	r = hvabi_probe_reg_set(p->kvm, p->vcpu_fd, id, orig);
	return r ? r : 1;
}

/*
 * Kernels before the writable masks (6.7) still let a VMM lower
 * ID_AA64PFR0_EL1.CSV2 (5.10+) and CSV3 (5.11+): set_id_aa64pfr0_el1()
 * of 6.1 (sys_regs.c) takes 0 or 1, 1 only where the host is unaffected,
 * every other bit as it is. Measured by writing the field lowered to 0 on
 * the scratch vCPU (and the value back): where taken, the field is the
 * register's writable mask, so a VM of an affected host may still run
 * here with the field at 0.
 */
static int arm64_pfr0_old_mask(struct probe *p)
{
	struct hvabi_key key = hvabi_key_reg(HVABI_ARM64_SYS_REG(3, 0, 0, 4, 0));
	static const unsigned int shifts[] = { 56, 60 }; /* CSV2, CSV3 */
	ptrdiff_t at = hvabi_fs_search(p->fs, &key);
	struct hvabi_entry e;
	unsigned int k;
	int r;

	if (at < 0)
		return 0;
	e = p->fs->e[at];
	e.mask = 0;
	for (k = 0; k < HVABI_ARRAY_SIZE(shifts); k++) {
		uint64_t field = 0xfull << shifts[k];

		if (!(e.value & field))
			continue;
		r = reg_takes(p, key.id, e.value & ~field, e.value);
		if (r < 0)
			return r;
		if (r)
			e.mask |= field;
	}
	e.flags |= HVABI_ENTRY_HAS_MASK;
	return hvabi_probe_update(p, &e);
}

/*
 * Whether the CCSIDR registers (KVM's DEMUX, one per CSSELR) take another
 * geometry: measured by writing on the scratch vCPU, as no mask covers
 * them. 6.1 refuses any value but the CPU's (EINVAL); 6.3+ stores one with
 * a LineSize the host allows (set_ccsidr()), so the probe changes the
 * Associativity field, keeps LineSize, and writes the value back.
 * Writable means every field: the line-size floor is checked across
 * entries (rules.c).
 */
static int arm64_ccsidr_masks(struct probe *p)
{
	size_t i;
	int r = 0;

	for (i = 0; !r && i < p->fs->n; i++) {
		struct hvabi_entry e = p->fs->e[i];
		const struct hvabi_cat_entry *c;

		if (e.key.ns != HVABI_NS_ONE_REG || (e.key.id & ~0xffull) != 0x6020000000110000ull)
			continue;
		c = hvabi_cat_find(p->fs->arch, &e.key);
		if (!c || c->kind != HVABI_KIND_IDFIELDS)
			continue;
		r = reg_takes(p, e.key.id, e.value ^ (1u << 3), e.value);
		if (r < 0)
			return r;
		e.flags |= HVABI_ENTRY_HAS_MASK;
		e.mask = r ? 0xffffffffu : 0;
		r = hvabi_probe_update(p, &e);
	}
	return r;
}

/*
 * A kernel that can tell a guest the CPUs it may run on (6.15+: it lists
 * VENDOR_HYP_BMAP_2) gets the list entry, with this host's own CPU: the
 * boot CPU's MIDR/REVIDR/AIDR, which KVM resets a VM's to
 * (init_imp_id_regs(), sys_regs.c 7.2.8 3110-3134). Older profiles say
 * the same through the three registers (hvabi_featureset_get_impls()).
 */
static int arm64_impls(struct probe *p)
{
	struct hvabi_key b2 = hvabi_key_reg(HVABI_KVM_REG_ARM_VENDOR_HYP_BMAP_2);
	struct hvabi_impl own;

	if (hvabi_featureset_find(p->fs, &b2, NULL) || !hvabi_impls_pinned(p->fs, &own))
		return 0;
	return hvabi_impls_put(p->fs, &own, 1);
}

/*
 * The SMCCC filter is write-only VMM state: all a host can tell is
 * whether it has one. Kernels before 6.4 have no VM attributes on arm64
 * and answer EINVAL; newer ones ENXIO for an unknown group.
 */
static int arm64_smccc_filter(struct probe *p)
{
	struct hvabi_kvm_device_attr attr;
	struct hvabi_key key = hvabi_key_attr(HVABI_ATTR_VM, HVABI_KVM_ARM_VM_SMCCC_CTRL,
					      HVABI_KVM_ARM_VM_SMCCC_FILTER);
	struct hvabi_entry e;
	int r;

	memset(&attr, 0, sizeof(attr));
	attr.group = HVABI_KVM_ARM_VM_SMCCC_CTRL;
	attr.attr = HVABI_KVM_ARM_VM_SMCCC_FILTER;
	r = hvabi_kvm_call(p->kvm, p->vm_fd, HVABI_KVM_HAS_DEVICE_ATTR, &attr);
	if (r == -ENXIO || r == -EINVAL || r == -ENOTTY)
		return 0;
	if (r)
		return r;
	hvabi_entry_init(&e, p->fs->arch, &key);
	return hvabi_featureset_put(p->fs, &e);
}

/* ---- vCPU features and SVE's vector lengths ---- */

/*
 * A scratch vCPU as the profile describes it: PSCI 0.2 and the features
 * the caller asked for, but @without (@init holds the preferred target);
 * with SVE finalized at the host's lengths, which KVM needs before it
 * lists the registers or runs the vCPU.
 */
int hvabi_probe_arm64_init_vcpu(struct probe *p, int vcpu, struct hvabi_kvm_vcpu_init *init,
				uint32_t without)
{
	int what = HVABI_KVM_ARM_VCPU_SVE;
	int r;

	memset(init->features, 0, sizeof(init->features));
	init->features[0] = (HVABI_FEAT(PSCI_0_2) | HVABI_PROBE_FEATURES_OF(p->flags)) & ~without;
	r = hvabi_kvm_call(p->kvm, vcpu, HVABI_KVM_ARM_VCPU_INIT, init);
	if (!r && (init->features[0] & HVABI_FEAT(SVE)))
		r = hvabi_kvm_call(p->kvm, vcpu, HVABI_KVM_ARM_VCPU_FINALIZE, &what);
	return r;
}

/*
 * What KVM_ARM_VCPU_INIT takes besides PSCI 0.2, tried one at a time on a
 * fresh scratch VM (since 6.7 a VM keeps the first vCPU's features):
 * pointer authentication only as the pair kvm_vcpu_init_check_features()
 * (arm.c) accepts, HAS_EL2_E2H0 only with HAS_EL2.
 */
static const uint32_t feature_trials[] = {
	HVABI_FEAT(EL1_32BIT), HVABI_FEAT(PMU_V3), HVABI_FEAT(SVE), HVABI_FEAT(PTRAUTH_ADDRESS) | HVABI_FEAT(PTRAUTH_GENERIC),
	HVABI_FEAT(HAS_EL2), HVABI_FEAT(HAS_EL2) | HVABI_FEAT(HAS_EL2_E2H0),
};

/*
 * A scratch vCPU made with PSCI 0.2 and @features: 1 when KVM took them,
 * 0 when it refused (kvm_vcpu_init_check_features(): EINVAL, or ENOENT
 * for a bit the kernel does not know), else -errno.
 * With SVE, *@vqs gets its vector lengths (KVM_REG_ARM64_SVE_VLS, which
 * reads before KVM_ARM_VCPU_FINALIZE).
 */
static int feature_trial(struct probe *p, uint32_t features, uint64_t *vqs)
{
	struct hvabi_kvm_vcpu_init init;
	uint8_t vls[HVABI_KVM_REG_SIZE(HVABI_KVM_REG_ARM64_SVE_VLS)];
	int vm, vcpu = -1, r, c;

	r = hvabi_kvm_call(p->kvm, p->kvm->fd, HVABI_KVM_CREATE_VM, (void *)(uintptr_t)0);
	if (r < 0)
		return r;
	vm = r;
	memset(&init, 0, sizeof(init));
	r = hvabi_kvm_call(p->kvm, vm, HVABI_KVM_ARM_PREFERRED_TARGET, &init);
	if (!r)
		r = hvabi_kvm_call(p->kvm, vm, HVABI_KVM_CREATE_VCPU, (void *)(uintptr_t)0);
	if (r >= 0) {
		vcpu = r;
		memset(init.features, 0, sizeof(init.features));
		init.features[0] = HVABI_FEAT(PSCI_0_2) | features;
		r = hvabi_kvm_call(p->kvm, vcpu, HVABI_KVM_ARM_VCPU_INIT, &init);
		/* EINVAL: not on this host; ENOENT: a bit this kernel does not know */
		r = r == -EINVAL || r == -ENOENT ? 0 : r ? r : 1;
	}
	if (r == 1 && (features & HVABI_FEAT(SVE))) {
		c = hvabi_kvm_reg_get(p->kvm, vcpu, HVABI_KVM_REG_ARM64_SVE_VLS, vls);
		*vqs = hvabi_buf_to_value(vls, 8);
		/* SVE stops at vq 16 (2048 bits): a word beyond is no KVM's answer */
		for (size_t i = 8; !c && i < sizeof(vls); i++)
			if (vls[i])
				c = -EIO;
		if (c)
			r = c;
	}
	if (vcpu >= 0 && (c = hvabi_kvm_close_fd(p->kvm, vcpu)) && r >= 0)
		r = c;
	if ((c = hvabi_kvm_close_fd(p->kvm, vm)) && r >= 0)
		r = c;
	return r;
}

/*
 * VCPU_FEATURES: this profile's vCPU's, PSCI 0.2 and what the caller asked
 * for (every other entry describes such a vCPU); HAS_MAX, every feature a
 * scratch vCPU took. SVE_VQS: the SVE trial vCPU's lengths, all the host has.
 */
static int arm64_vcpu_features(struct probe *p)
{
	struct hvabi_key fkey = hvabi_key_vcpu_value(HVABI_VCPU_VALUE_ARM64_FEATURES);
	struct hvabi_key vkey = hvabi_key_vcpu_value(HVABI_VCPU_VALUE_ARM64_SVE_VQS);
	uint32_t taken = HVABI_FEAT(PSCI_0_2);
	uint64_t vqs = 0;
	size_t i;
	int r;

	for (i = 0; i < HVABI_ARRAY_SIZE(feature_trials); i++) {
		r = feature_trial(p, feature_trials[i], &vqs);
		if (r < 0)
			return r;
		if (r)
			taken |= feature_trials[i];
	}
	r = hvabi_probe_put_value(p, &fkey,
				  HVABI_FEAT(PSCI_0_2) | HVABI_PROBE_FEATURES_OF(p->flags),
				  HVABI_ENTRY_HAS_MAX, taken);
	if (!r && (taken & HVABI_FEAT(SVE)))
		r = hvabi_probe_put_value(p, &vkey, vqs, 0, 0);
	return r;
}

/* ---- what a guest reads (HVABI_PROBE_GUEST_READS) ---- */

/*
 * The registers the guest reads besides the CCSIDRs, as ONE_REG ids.
 * CNTFRQ_EL0 and DCZID_EL0 no KVM traps or lists; CTR_EL0 a kernel may
 * leave to the CPU (no trap before 6.3; TID4 rather than TID2 with
 * FEAT_EVT since); CLIDR_EL1 and the CCSIDRs are the CPU's before 6.3;
 * MIDR_EL1 reaches the guest through VPIDR_EL2, REVIDR_EL1 and AIDR_EL1
 * through a trap only where KVM sets TID1. Not read: MPIDR_EL1 (the
 * vCPU's identity, which the VMM migrates) and PMCR_EL0 (the scratch
 * vCPU has no PMU).
 */
static const uint64_t guest_regs[] = {
	HVABI_ARM64_SYS_REG(3, 3, 14, 0, 0), /* CNTFRQ_EL0 */
	HVABI_ARM64_SYS_REG(3, 3, 0, 0, 7),  /* DCZID_EL0 */
	HVABI_ARM64_SYS_REG(3, 3, 0, 0, 1),  /* CTR_EL0 */
	HVABI_ARM64_SYS_REG(3, 1, 0, 0, 1),  /* CLIDR_EL1 */
	HVABI_ARM64_SYS_REG(3, 0, 0, 0, 0),  /* MIDR_EL1 */
	HVABI_ARM64_SYS_REG(3, 0, 0, 0, 6),  /* REVIDR_EL1 */
	HVABI_ARM64_SYS_REG(3, 1, 0, 0, 7),  /* AIDR_EL1 */
};

_Static_assert(HVABI_ARRAY_SIZE(guest_regs) == GUEST_REGS_N,
	       "GUEST_REGS_N (kvm-probe.h) counts guest_regs[]");

/* The ONE_REG id of CCSIDR_EL1 for @csselr (KVM_REG_ARM_DEMUX_ID_CCSIDR). */
#define CCSIDR_DEMUX(csselr) \
	(HVABI_KVM_REG_ARM64 | HVABI_KVM_REG_SIZE_U32 | HVABI_KVM_REG_ARM_DEMUX | (csselr))

/* op0 (2 or 3), op1, CRn, CRm and op2 as MRS/MSR encode them in bits 19:5. */
static uint32_t sysreg_bits(uint64_t id)
{
	return (uint32_t)(HVABI_ARM64_SYSREG_FIELDS(id) & 0x7fff) << 5;
}

/* MOVZ and three MOVKs: Xrd = @v. */
static void emit_mov64(struct guest_prog *g, unsigned int rd, uint64_t v)
{
	emit(g, 0xd2800000u | (uint32_t)(v & 0xffff) << 5 | rd);
	emit(g, 0xf2a00000u | (uint32_t)((v >> 16) & 0xffff) << 5 | rd);
	emit(g, 0xf2c00000u | (uint32_t)((v >> 32) & 0xffff) << 5 | rd);
	emit(g, 0xf2e00000u | (uint32_t)((v >> 48) & 0xffff) << 5 | rd);
}

/* STR x1, [x20, #8 * nids]: one value leaves the guest. */
static void emit_report(struct guest_prog *g, uint64_t id)
{
	emit(g, 0xf9000000u | (uint32_t)g->nids << 10 | 20u << 5 | 1u);
	g->ids[g->nids++] = id;
}

/*
 * x20 = the window; each register: MRS x1, then the store; each CCSIDR:
 * CSSELR_EL1 = n (MOVZ x2, MSR, ISB) first. The end: a store past the
 * last value, then a branch to itself.
 */
static void guest_program(struct guest_prog *g, uint64_t clidr)
{
	const uint64_t window = HVABI_PROBE_GUEST_WINDOW;
	unsigned int level, n;
	size_t i;

	memset(g, 0, sizeof(*g));
	emit_mov64(g, 20, window);
	/* VBAR_EL1: any exception ends the run through the vectors (GUEST_VECTORS) */
	emit_mov64(g, 1, HVABI_PROBE_GUEST_GPA + GUEST_VECTORS);
	emit(g, 0xd5100000u | sysreg_bits(HVABI_ARM64_SYS_REG(3, 0, 12, 0, 0)) | 1u);
	emit(g, 0xd5033fdfu);
	for (i = 0; i < HVABI_ARRAY_SIZE(guest_regs); i++) {
		emit(g, 0xd5300000u | sysreg_bits(guest_regs[i]) | 1u);
		emit_report(g, guest_regs[i]);
	}
	/* CLIDR_EL1.Ctype<n>, 3 bits a level: 1 I, 2 D, 3 I and D, 4 unified */
	for (level = 0; level < CSSELR_MAX / 2; level++) {
		unsigned int ctype = (unsigned int)(clidr >> (3 * level)) & 7;

		for (n = 2 * level; n <= 2 * level + 1; n++) {
			bool insn_cache = n & 1;

			if (insn_cache ? ctype != 1 && ctype != 3 : ctype < 2 || ctype > 4)
				continue;
			emit(g, 0xd2800000u | n << 5 | 2u);
			emit(g, 0xd5100000u | sysreg_bits(HVABI_ARM64_SYS_REG(3, 2, 0, 0, 0)) | 2u);
			emit(g, 0xd5033fdfu);
			emit(g, 0xd5300000u | sysreg_bits(HVABI_ARM64_SYS_REG(3, 1, 0, 0, 0)) | 1u);
			emit_report(g, CCSIDR_DEMUX(n));
		}
	}
	emit(g, 0xf9000000u | (uint32_t)g->nids << 10 | 20u << 5 | 31u);	/* STR xzr */
	emit(g, 0x14000000u);							/* B . */
}

static int arm64_guest_reads(struct probe *p)
{
	struct hvabi_key clidr_key = hvabi_key_reg(HVABI_ARM64_SYS_REG(3, 1, 0, 0, 1));
	struct hvabi_entry clidr;
	struct guest_prog g;

	guest_program(&g, hvabi_featureset_find(p->fs, &clidr_key, &clidr) ? 0 : clidr.value);
	return hvabi_probe_run_guest_program(p, &g);
}

/* ---- the probe ---- */

int hvabi_probe_arm64(struct probe *p)
{
	struct hvabi_kvm_vcpu_init init;
	uint64_t masks_cap;
	int r;

	r = hvabi_kvm_call(p->kvm, p->kvm->fd, HVABI_KVM_CREATE_VM, (void *)(uintptr_t)0);
	if (r < 0)
		return r;
	p->vm_fd = r;
	r = hvabi_probe_choose_cap_fd(p, p->vm_fd);
	if (!r)
		r = hvabi_probe_record_caps(p);
	if (r)
		return r;
	memset(&init, 0, sizeof(init));
	r = hvabi_kvm_call(p->kvm, p->vm_fd, HVABI_KVM_ARM_PREFERRED_TARGET, &init);
	if (r)
		return r;
	/*
	 * PSCI 0.2+ and nothing else: the firmware registers' rules depend
	 * on PSCI_0_2 (PSCI_VERSION reads 0.1 without it), and every
	 * optional feature (SVE, PMU, pointer auth, EL2) would add
	 * registers a VMM may not enable.
	 */
	r = hvabi_kvm_call(p->kvm, p->vm_fd, HVABI_KVM_CREATE_VCPU, (void *)(uintptr_t)0);
	if (r < 0)
		return r;
	p->vcpu_fd = r;
	r = hvabi_probe_arm64_init_vcpu(p, p->vcpu_fd, &init, 0);
	if (!r)
		r = hvabi_probe_read_regs(p, p->vcpu_fd);
	if (r)
		return r;
	masks_cap = hvabi_probe_cap_value(p, HVABI_KVM_CAP_ARM_SUPPORTED_REG_MASK_RANGES);
	if (masks_cap & (1u << HVABI_KVM_ARM_FEATURE_ID_RANGE))
		r = arm64_writable_masks(p);
	else
		r = arm64_pfr0_old_mask(p);
	if (r)
		return r;
	r = arm64_fw_facts(p);
	if (!r)
		r = arm64_ccsidr_masks(p);
	if (!r)
		r = arm64_smccc_filter(p);
	if (!r)
		r = arm64_vcpu_features(p);
	if (!r)
		r = arm64_impls(p);
	if (!r && (p->flags & HVABI_PROBE_GUEST_READS))
		r = arm64_guest_reads(p);
	return r;
}

/* ---- reading a VMM's VM ---- */

/*
 * arm64: what the VMM made vCPU 0 with, as far as KVM shows it
 * (VCPU_FEATURES), and with SVE its lengths (SVE_VQS), so that a VM of
 * other features than a probe's is not taken for one of PSCI 0.2 alone.
 */
int hvabi_probe_arm64_read_vm(struct probe *p, int vcpu_fd)
{
	struct hvabi_key fk = hvabi_key_vcpu_value(HVABI_VCPU_VALUE_ARM64_FEATURES);
	struct hvabi_key vk = hvabi_key_vcpu_value(HVABI_VCPU_VALUE_ARM64_SVE_VQS);
	uint8_t vls[HVABI_KVM_REG_SIZE(HVABI_KVM_REG_ARM64_SVE_VLS)];
	struct hvabi_kvm_reg_list *l = NULL;
	uint32_t seen;
	int r;

	r = hvabi_kvm_reg_list(p->kvm, vcpu_fd, &l);
	if (!r)
		r = hvabi_arm64_features_seen(p->kvm, vcpu_fd, l, &seen);
	free(l);
	if (!r)
		r = hvabi_probe_put_value(p, &fk, seen, 0, 0);
	if (!r && (seen & HVABI_FEAT(SVE))) {
		r = hvabi_kvm_reg_get(p->kvm, vcpu_fd, HVABI_KVM_REG_ARM64_SVE_VLS, vls);
		if (!r)
			r = hvabi_probe_put_value(p, &vk, hvabi_buf_to_value(vls, 8), 0, 0);
	}
	return r;
}
