/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Apply: write a feature set to a VMM's new VM in the order the kernel
 * needs, then read everything back. The plan is data (targets and steps)
 * so a VMM can inspect or print it before anything is written.
 *
 * Families (the arm64 firmware bitmaps, riscv SBI extensions) are written
 * whole: every member the destination lists gets the set's value or, when
 * the set lacks it, its "off" value; otherwise a newer kernel's defaults
 * (VENDOR_HYP_BMAP_2's services, say) would reach a guest that never had
 * them.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kvm-prim.h"
#include "report.h"
#include "rules.h"
#include "textbuf.h"

struct target {
	struct hvabi_entry e; /* what to write; wide/ranges point into plan->set */
	uint8_t phase;
	bool off;          /* a family member the set lacks */
	bool per_vcpu;     /* written on every vCPU, else once through vCPU 0 */
	bool skip;         /* nothing to write (see reason) */
	bool cpuid;        /* x86: carried by KVM_SET_CPUID2 */
	bool own_read;     /* x86: a feature MSR or the TSC rate, read back on its own */
	uint8_t reason;    /* the verdict so far */
	int error;
	unsigned int set_ok;    /* successful writes */
	unsigned int verify_ok; /* vCPUs that read back equal */
	bool has_default;
	uint64_t dest_default;
	bool has_readback;
	uint64_t readback;
	bool listed;       /* the destination's register list has it */
};

struct step {
	struct hvabi_plan_step pub;
	size_t target;  /* SIZE_MAX for whole-table steps */
	unsigned int range;
};

struct hvabi_plan {
	struct hvabi_kvm *kvm;
	struct hvabi_featureset *set;
	int vm_fd;
	int *vcpus;
	size_t nvcpus;
	struct target *t;
	size_t nt, capt;
	struct step *s;
	size_t ns, caps;
	struct hvabi_cpuid_entry *cpuid;
	size_t ncpuid;
	uint32_t *apic_ids; /* x86: each vCPU's APIC id (NULL: its index) */
	/* x86: the KVM_SET/GET_CPUID2 buffer, room for ncpuid + CPUID_READ_SPARE leaves */
	struct hvabi_kvm_cpuid2 *cpuid2;
	char release[HVABI_RELEASE_MAX + 1]; /* the destination kernel's, "" if unknown */
	bool ran;       /* the steps ran (an execute then failed writing its report) */
	int first_err;  /* the first refused write's errno */
	bool busy;      /* a write was refused with EBUSY */
	bool executed;
};

static const char *target_name(const struct hvabi_plan *p, const struct hvabi_key *key,
			       char *buf, size_t len)
{
	const struct hvabi_cat_entry *c = hvabi_cat_find(p->set->arch, key);

	if (c)
		return c->name;
	if (hvabi_key_format(key, buf, len) < 0)
		snprintf(buf, len, "?");
	return buf;
}

static int add_target(struct hvabi_plan *p, const struct hvabi_entry *e, uint8_t phase,
		      bool per_vcpu, size_t *index)
{
	struct target *t;

	if (p->nt == p->capt) {
		size_t cap = p->capt ? p->capt * 2 : 32;

		t = realloc(p->t, cap * sizeof(*t));
		if (!t)
			return -ENOMEM;
		p->t = t;
		p->capt = cap;
	}
	t = &p->t[p->nt];
	memset(t, 0, sizeof(*t));
	t->e = *e;
	t->phase = phase;
	t->per_vcpu = per_vcpu;
	t->reason = HVABI_REASON_NOT_VERIFIED;
	*index = p->nt++;
	return 0;
}

static int add_step(struct hvabi_plan *p, uint8_t phase, uint8_t op, size_t target, int vcpu,
		    unsigned int range)
{
	struct step *s;

	if (p->ns == p->caps) {
		size_t cap = p->caps ? p->caps * 2 : 64;

		s = realloc(p->s, cap * sizeof(*s));
		if (!s)
			return -ENOMEM;
		p->s = s;
		p->caps = cap;
	}
	s = &p->s[p->ns++];
	memset(s, 0, sizeof(*s));
	s->pub.phase = phase;
	s->pub.op = op;
	s->pub.vcpu = vcpu;
	s->target = target;
	s->range = range;
	if (target != SIZE_MAX) {
		const struct target *t = &p->t[target];

		s->pub.key = t->e.key;
		s->pub.off = t->off;
		s->pub.value = op == HVABI_STEP_SET_ATTR ? t->e.ranges[range].base : t->e.value;
	} else if (p->ncpuid) {
		s->pub.key = hvabi_key_cpuid(p->cpuid[0].function, p->cpuid[0].index,
					     HVABI_CPUID_EAX);
	}
	return 0;
}

/* ---- x86 CPUID ---- */

/* Functions whose leaves differ by index (so KVM must match it). */
static bool cpuid_indexed(uint32_t fn)
{
	static const uint32_t fns[] = { 0x4, 0x7, 0xb, 0xd, 0xf, 0x10, 0x12, 0x14, 0x17, 0x18,
					0x1d, 0x1e, 0x1f, 0x20, 0x23, 0x24, 0x8000001d,
					0x80000020, 0x80000026 };
	size_t i;

	for (i = 0; i < HVABI_ARRAY_SIZE(fns); i++)
		if (fns[i] == fn)
			return true;
	return false;
}

/*
 * One register of a VMM's table, restricted to the set entry @e (NULL: the
 * set lacks it). The guest is to see the set: its features where the
 * VMM's table has them too (a VMM may offer less), every weakness either
 * names, and the set's own value elsewhere, except the bits the VMM or
 * KVM own per vCPU (APIC ids, topology, OSXSAVE), which stay the table's.
 * A catalogued register the set lacks reads as zero but for those bits.
 */
static uint32_t restrict_reg(enum hvabi_arch arch, const struct hvabi_key *key,
			     const struct hvabi_entry *e, uint32_t v)
{
	const struct hvabi_cat_entry *c = hvabi_cat_find(arch, key);
	uint64_t fm = c ? c->feature_mask : 0, im = c ? c->ignore_mask : 0;
	uint64_t wm = c ? c->weak_mask : 0;

	if (!e) {
		if (c && c->kind == HVABI_KIND_BITMAP)
			return 0;
		if (c && c->kind == HVABI_KIND_CPUID)
			return v & (uint32_t)im;
		return v;
	}
	switch (e->kind) {
	case HVABI_KIND_BITMAP:
		return (uint32_t)((v & e->value & ~wm) | ((v | e->value) & wm));
	case HVABI_KIND_CPUID:
		return (uint32_t)((v & im) | (v & e->value & fm) | ((v | e->value) & wm) |
				  (e->value & ~(im | fm | wm)));
	case HVABI_KIND_VERSION:
		return v < e->value ? v : (uint32_t)e->value;
	default:
		return (uint32_t)e->value;
	}
}

/*
 * Where a VMM's table puts KVM's leaves: 0x40000000, or 0x40000100 when
 * it puts Hyper-V's first (QEMU with hv-* flags; the guest finds KVM by
 * its signature). UINT32_MAX when no leaf carries "KVMKVMKVM".
 */
static uint32_t kvm_base(const struct hvabi_cpuid_entry *t, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((t[i].function == 0x40000000u || t[i].function == 0x40000100u) &&
		    t[i].ebx == 0x4b4d564bu && t[i].ecx == 0x564b4d56u && t[i].edx == 0x4du)
			return t[i].function;
	return UINT32_MAX;
}

HVABI_EXPORT int hvabi_cpuid_restrict(const struct hvabi_featureset *set,
				      struct hvabi_cpuid_entry *entries, size_t n)
{
	uint32_t base;
	size_t i;
	unsigned int r;

	if (!set || (!entries && n) || set->arch != HVABI_ARCH_X86_64)
		return -EINVAL;
	for (i = 0; i < n; i++)
		if (entries[i].reserved)
			return -EINVAL;
	base = kvm_base(entries, n);
	for (i = 0; i < n; i++) {
		uint32_t fn = entries[i].function;

		/*
		 * Hypervisor leaves: KVM's (the set's 0x400000xx keys) where
		 * its signature is, another's (Hyper-V's) left as the VMM made them.
		 */
		if ((fn & 0xfffffe00u) == 0x40000000u) {
			if (base == UINT32_MAX || fn < base || fn - base > 0xffu)
				continue;
			fn = 0x40000000u + (fn - base);
		}
		for (r = HVABI_CPUID_EAX; r <= HVABI_CPUID_EDX; r++) {
			struct hvabi_key k = hvabi_key_cpuid(fn, entries[i].index,
							     (enum hvabi_cpuid_reg)r);
			ptrdiff_t at = hvabi_fs_search(set, &k);
			uint32_t *slot = hvabi_cpuid_slot(&entries[i], r);

			*slot = restrict_reg(set->arch, &k, at >= 0 ? &set->e[at] : NULL, *slot);
		}
	}
	return 0;
}

/* The set's own CPUID entries as a table (when the VMM gives none). */
static int cpuid_from_set(struct hvabi_plan *p)
{
	const struct hvabi_featureset *set = p->set;
	size_t i;

	for (i = 0; i < set->n; i++) {
		const struct hvabi_entry *e = &set->e[i];
		struct hvabi_cpuid_entry *c;

		if (e->key.ns != HVABI_NS_CPUID || (e->key.id & HVABI_CPUID_TABLE_HYPERV))
			continue;
		c = p->ncpuid ? &p->cpuid[p->ncpuid - 1] : NULL;
		if (!c || c->function != (uint32_t)e->key.id || c->index != e->key.sub) {
			c = realloc(p->cpuid, (p->ncpuid + 1) * sizeof(*c));
			if (!c)
				return -ENOMEM;
			p->cpuid = c;
			c = &p->cpuid[p->ncpuid++];
			memset(c, 0, sizeof(*c));
			c->function = (uint32_t)e->key.id;
			c->index = e->key.sub;
			c->flags = cpuid_indexed(c->function) ? HVABI_KVM_CPUID_FLAG_SIGNIFCANT_INDEX : 0;
		}
		*hvabi_cpuid_slot(c, e->key.sel) = (uint32_t)e->value;
	}
	return 0;
}

/* KVM_GET_CPUID2 room beyond the leaves set, for leaves KVM adds on its own. */
#define CPUID_READ_SPARE 8
/*
 * The largest CPUID table a VMM may hand over: sixteen times KVM's own
 * limit (KVM_MAX_CPUID_ENTRIES, 256), and far from overflowing a size or
 * the u32 nent.
 */
#define CPUID_TABLE_MAX 4096u

static bool read_only(enum hvabi_arch arch, const struct hvabi_key *key)
{
	const struct hvabi_cat_entry *c = hvabi_cat_find(arch, key);

	return c && (c->flags & HVABI_CATALOG_READ_ONLY);
}

static int plan_x86(struct hvabi_plan *p, const struct hvabi_apply_opts *opts)
{
	size_t i, t;
	int r;

	if (opts && opts->apic_ids) {
		p->apic_ids = malloc(p->nvcpus * sizeof(*p->apic_ids));
		if (!p->apic_ids)
			return -ENOMEM;
		memcpy(p->apic_ids, opts->apic_ids, p->nvcpus * sizeof(*p->apic_ids));
	}
	if (opts && opts->cpuid) {
		p->cpuid = malloc((opts->ncpuid ? opts->ncpuid : 1) * sizeof(*p->cpuid));
		if (!p->cpuid)
			return -ENOMEM;
		memcpy(p->cpuid, opts->cpuid, opts->ncpuid * sizeof(*p->cpuid));
		p->ncpuid = opts->ncpuid;
		r = hvabi_cpuid_restrict(p->set, p->cpuid, p->ncpuid);
	} else {
		r = cpuid_from_set(p);
	}
	for (i = 0; !r && i < p->set->n; i++) {
		const struct hvabi_entry *e = &p->set->e[i];

		if (e->key.ns == HVABI_NS_CPUID && !(e->key.id & HVABI_CPUID_TABLE_HYPERV)) {
			r = add_target(p, e, HVABI_PHASE_CPUID, true, &t);
			if (!r)
				p->t[t].cpuid = true;
		} else if (e->key.ns == HVABI_NS_CAP &&
			   e->key.id == HVABI_KVM_CAP_ENFORCE_PV_FEATURE_CPUID && e->value) {
			r = add_target(p, e, HVABI_PHASE_CPUID, true, &t);
		} else if ((e->key.ns == HVABI_NS_MSR && !read_only(p->set->arch, &e->key) &&
			    !hvabi_rule_msr_hidden(p->set, &e->key)) ||
			   (e->key.ns == HVABI_NS_VCPU_VALUE &&
			    e->key.id == HVABI_VCPU_VALUE_TSC_KHZ)) {
			r = add_target(p, e, HVABI_PHASE_CPUID, true, &t);
			if (!r)
				p->t[t].own_read = true;
		}
	}
	for (i = 0; !r && i < p->nvcpus; i++)
		r = add_step(p, HVABI_PHASE_CPUID, HVABI_STEP_SET_CPUID, SIZE_MAX, (int)i, 0);
	/*
	 * After the CPUID table: 7.x takes ARCH_CAPABILITIES only from a vCPU
	 * whose CPUID has it (kvm_set_msr_common()), PERF_CAPABILITIES only
	 * with PDCM.
	 */
	for (t = 0; !r && t < p->nt; t++)
		for (i = 0; !r && !p->t[t].cpuid && i < p->nvcpus; i++)
			r = add_step(p, HVABI_PHASE_CPUID,
				     !p->t[t].own_read ? HVABI_STEP_ENABLE_CAP
				     : p->t[t].e.key.ns == HVABI_NS_MSR ? HVABI_STEP_SET_MSR
									 : HVABI_STEP_SET_TSC_KHZ,
				     t, (int)i, 0);
	for (i = 0; !r && i < p->nvcpus; i++)
		r = add_step(p, HVABI_PHASE_VERIFY, HVABI_STEP_VERIFY_CPUID, SIZE_MAX, (int)i, 0);
	for (t = 0; !r && t < p->nt; t++)
		for (i = 0; !r && p->t[t].own_read && i < p->nvcpus; i++)
			r = add_step(p, HVABI_PHASE_VERIFY,
				     p->t[t].e.key.ns == HVABI_NS_MSR ? HVABI_STEP_VERIFY_MSR
								       : HVABI_STEP_VERIFY_TSC_KHZ,
				     t, (int)i, 0);
	/* Allocated now so that execute never fails for memory between two writes. */
	if (!r) {
		p->cpuid2 = calloc(1, sizeof(*p->cpuid2) +
				      (p->ncpuid + CPUID_READ_SPARE) * sizeof(p->cpuid2->entries[0]));
		if (!p->cpuid2)
			r = -ENOMEM;
	}
	return r;
}

/* ---- arm64 / riscv registers ---- */

static bool in_list(const struct hvabi_kvm_reg_list *l, uint64_t id)
{
	uint64_t i;

	for (i = 0; i < l->n; i++)
		if (l->reg[i] == id)
			return true;
	return false;
}

/* Which phase writes a register, and whether it belongs to a family. */
static uint8_t reg_phase(enum hvabi_arch arch, uint64_t id, bool *family)
{
	uint64_t coproc = id & HVABI_KVM_REG_ARM_COPROC_MASK;
	uint64_t type = id & (0xffull << HVABI_KVM_REG_RISCV_TYPE_SHIFT);

	*family = false;
	if (arch == HVABI_ARCH_ARM64) {
		if (coproc == HVABI_KVM_REG_ARM64_SYSREG)
			return HVABI_PHASE_ID_REGS;
		if (coproc == HVABI_KVM_REG_ARM_FW_FEAT_BMAP) {
			*family = true;
			return HVABI_PHASE_FAMILIES;
		}
		return HVABI_PHASE_FW_VERSIONS;
	}
	if (type == HVABI_KVM_REG_RISCV_SBI_EXT) {
		*family = (id & (0xffull << HVABI_KVM_REG_RISCV_SUBTYPE_SHIFT)) ==
			  HVABI_KVM_REG_RISCV_SBI_SINGLE;
		return HVABI_PHASE_FAMILIES;
	}
	return HVABI_PHASE_ID_REGS;
}

bool hvabi_apply_writes_off(enum hvabi_arch arch, const struct hvabi_key *key)
{
	bool family = false;

	if (key->ns == HVABI_NS_CPUID)
		return true;
	if (key->ns == HVABI_NS_ONE_REG)
		reg_phase(arch, key->id, &family);
	return family;
}

/* ---- arm64: the vCPUs' features and SVE's lengths ---- */

/*
 * A set that says what its vCPUs were made with: the VMM's vCPU 0 must
 * show the same (what the VMM passed KVM_ARM_VCPU_INIT cannot be changed
 * any more), and with SVE its lengths must be the set's. Judged now;
 * reported by execute.
 */
static int plan_features(struct hvabi_plan *p, const struct hvabi_kvm_reg_list *l)
{
	struct hvabi_key fk = hvabi_key_vcpu_value(HVABI_VCPU_VALUE_ARM64_FEATURES);
	struct hvabi_key vk = hvabi_key_vcpu_value(HVABI_VCPU_VALUE_ARM64_SVE_VQS);
	struct hvabi_entry f, v;
	uint8_t vls[HVABI_KVM_REG_SIZE(HVABI_KVM_REG_ARM64_SVE_VLS)];
	uint32_t seen;
	size_t t;
	int r;

	if (hvabi_featureset_find(p->set, &fk, &f))
		return 0;
	r = hvabi_arm64_features_seen(p->kvm, p->vcpus[0], l, &seen);
	if (!r)
		r = add_target(p, &f, HVABI_PHASE_VERIFY, false, &t);
	if (r)
		return r;
	p->t[t].skip = true;
	p->t[t].has_readback = true;
	p->t[t].readback = seen;
	/* HAS_EL2_E2H0 leaves nothing to see: judged by the rest, said in the report */
	p->t[t].reason = (f.value & HVABI_ARM64_FEATURES_SEEN) != seen ? HVABI_REASON_NOT_KEPT
							     : HVABI_REASON_OK;
	if (!(f.value & seen & HVABI_FEAT(SVE)) || hvabi_featureset_find(p->set, &vk, &v))
		return 0;
	r = hvabi_kvm_reg_get(p->kvm, p->vcpus[0], HVABI_KVM_REG_ARM64_SVE_VLS, vls);
	if (!r)
		r = add_target(p, &v, HVABI_PHASE_VERIFY, false, &t);
	if (r)
		return r;
	p->t[t].skip = true;
	p->t[t].has_readback = true;
	p->t[t].readback = hvabi_buf_to_value(vls, 8);
	p->t[t].reason = p->t[t].readback == v.value ? HVABI_REASON_OK : HVABI_REASON_NOT_KEPT;
	return 0;
}

HVABI_EXPORT int hvabi_vcpu_features(const struct hvabi_featureset *set, uint32_t *ret)
{
	struct hvabi_key fk = hvabi_key_vcpu_value(HVABI_VCPU_VALUE_ARM64_FEATURES);
	struct hvabi_entry f;

	if (!set || !ret || set->arch != HVABI_ARCH_ARM64)
		return -EINVAL;
	*ret = hvabi_featureset_find(set, &fk, &f) ? HVABI_FEAT(PSCI_0_2) : (uint32_t)f.value;
	return 0;
}

HVABI_EXPORT int hvabi_vcpu_finalize(struct hvabi_kvm *kvm, const struct hvabi_featureset *set,
				     int vcpu_fd)
{
	struct hvabi_key vk = hvabi_key_vcpu_value(HVABI_VCPU_VALUE_ARM64_SVE_VQS);
	uint8_t vls[HVABI_KVM_REG_SIZE(HVABI_KVM_REG_ARM64_SVE_VLS)];
	int what = HVABI_KVM_ARM_VCPU_SVE;
	struct hvabi_entry v;
	uint32_t features;
	int r;

	if (!kvm || vcpu_fd < 0 || hvabi_vcpu_features(set, &features) || kvm->arch != set->arch)
		return -EINVAL;
	if (!(features & HVABI_FEAT(SVE)))
		return 0;
	if (hvabi_featureset_find(set, &vk, &v))
		return -EINVAL;
	memset(vls, 0, sizeof(vls));
	hvabi_value_to_buf(v.value, 8, vls);
	/* set_sve_vls(): ENOENT without SVE, EPERM once finalized */
	r = hvabi_kvm_call(kvm, vcpu_fd, HVABI_KVM_SET_ONE_REG,
			   &(struct hvabi_kvm_one_reg){ HVABI_KVM_REG_ARM64_SVE_VLS, (uintptr_t)vls });
	if (r == -EPERM) {
		r = hvabi_kvm_reg_get(kvm, vcpu_fd, HVABI_KVM_REG_ARM64_SVE_VLS, vls);
		if (r)
			return r;
		return hvabi_buf_to_value(vls, 8) == v.value ? 0 : -EBUSY;
	}
	if (r)
		return r;
	return hvabi_kvm_call(kvm, vcpu_fd, HVABI_KVM_ARM_VCPU_FINALIZE, &what);
}

/*
 * The set's own targets: its VM attributes and the registers it pins,
 * each in its phase; one the destination does not list is skipped where
 * the guest cannot reach it or the destination behaves as its value.
 */
static int plan_set_targets(struct hvabi_plan *p, const struct hvabi_kvm_reg_list *l)
{
	enum hvabi_arch arch = p->set->arch;
	size_t i, t;
	uint8_t phase;
	bool family;
	int r = 0;

	for (i = 0; !r && i < p->set->n; i++) {
		const struct hvabi_entry *e = &p->set->e[i];
		const struct hvabi_cat_entry *row = hvabi_fs_row(p->set, i);
		uint64_t iv;
		bool hd;

		if (e->key.ns == HVABI_NS_ATTR) {
			if (e->kind != HVABI_KIND_RANGESET || e->key.sel != HVABI_ATTR_VM)
				continue;
			r = add_target(p, e, HVABI_PHASE_VM_ATTRS, false, &t);
			if (!r && !e->nranges) {
				p->t[t].skip = true;
				p->t[t].reason = HVABI_REASON_OK;
			}
			continue;
		}
		if (e->key.ns != HVABI_NS_ONE_REG || read_only(arch, &e->key))
			continue;
		if (e->width != HVABI_KVM_REG_SIZE(e->key.id)) {
			r = -EINVAL;
			break;
		}
		phase = reg_phase(arch, e->key.id, &family);
		r = add_target(p, e, phase, e->scope == HVABI_SCOPE_VCPU, &t);
		if (r)
			break;
		p->t[t].listed = in_list(l, e->key.id);
		if (p->t[t].listed)
			continue;
		/* Out of the guest's reach (a CCSIDR past the set's CLIDR_EL1 levels). */
		if (hvabi_rule_out_of_reach(arch, row, p->set, &e->key)) {
			p->t[t].skip = true;
			p->t[t].reason = HVABI_REASON_MISSING_IMPLIED_OK;
			continue;
		}
		/* The destination lacks it: harmless where it behaves as the set's value. */
		if (e->width <= 8 &&
		    hvabi_rule_implied_row(row, hvabi_kernel_version_parse(p->release), &iv, &hd) &&
		    iv == e->value) {
			p->t[t].skip = true;
			p->t[t].reason = HVABI_REASON_MISSING_IMPLIED_OK;
		}
	}
	return r;
}

/* Family members the set lacks: written off. */
static int plan_off_targets(struct hvabi_plan *p, const struct hvabi_kvm_reg_list *l)
{
	enum hvabi_arch arch = p->set->arch;
	size_t t;
	uint64_t j;
	uint8_t phase;
	bool family;
	int r = 0;

	for (j = 0; !r && j < l->n; j++) {
		struct hvabi_key k = hvabi_key_reg(l->reg[j]);
		struct hvabi_entry e;
		uint64_t off;

		phase = reg_phase(arch, l->reg[j], &family);
		if (!family || hvabi_fs_search(p->set, &k) >= 0)
			continue;
		hvabi_entry_init(&e, arch, &k);
		if (e.width > 8 || !hvabi_rule_off(arch, &e, &off))
			continue;
		e.value = off;
		r = add_target(p, &e, phase, e.scope == HVABI_SCOPE_VCPU, &t);
		if (!r) {
			p->t[t].off = true;
			p->t[t].listed = true;
		}
	}
	return r;
}

/* Steps: family reads, then writes phase by phase, then the read-back. */
static int plan_reg_steps(struct hvabi_plan *p)
{
	enum hvabi_arch arch = p->set->arch;
	uint8_t phase;
	size_t t;
	int r = 0, v;

	for (t = 0; !r && t < p->nt; t++) {
		bool fam;

		if (p->t[t].e.key.ns == HVABI_NS_ONE_REG && !p->t[t].skip && p->t[t].listed &&
		    reg_phase(arch, p->t[t].e.key.id, &fam) == HVABI_PHASE_FAMILIES && fam)
			r = add_step(p, HVABI_PHASE_READ, HVABI_STEP_GET_REG, t, 0, 0);
	}
	for (phase = HVABI_PHASE_ID_REGS; !r && phase <= HVABI_PHASE_VM_ATTRS; phase++) {
		for (t = 0; !r && t < p->nt; t++) {
			struct target *tg = &p->t[t];
			unsigned int k;

			if (tg->phase != phase || tg->skip)
				continue;
			if (tg->e.key.ns == HVABI_NS_ATTR) {
				for (k = 0; !r && k < tg->e.nranges; k++)
					r = add_step(p, phase, HVABI_STEP_SET_ATTR, t, -1, k);
				continue;
			}
			for (v = 0; !r && v < (tg->per_vcpu ? (int)p->nvcpus : 1); v++)
				r = add_step(p, phase, HVABI_STEP_SET_REG, t, v, 0);
		}
	}
	for (t = 0; !r && t < p->nt; t++) {
		if (p->t[t].skip || p->t[t].e.key.ns != HVABI_NS_ONE_REG)
			continue;
		for (v = 0; !r && v < (int)p->nvcpus; v++)
			r = add_step(p, HVABI_PHASE_VERIFY, HVABI_STEP_VERIFY_REG, t, v, 0);
	}
	return r;
}

/* arm64, riscv: the plan of a set of registers, by vCPU 0's register list. */
static int plan_regs(struct hvabi_plan *p)
{
	struct hvabi_kvm_reg_list *l = NULL;
	int r;

	r = hvabi_kvm_reg_list(p->kvm, p->vcpus[0], &l);
	if (r)
		return r;
	if (p->set->arch == HVABI_ARCH_ARM64)
		r = plan_features(p, l);
	if (!r)
		r = plan_set_targets(p, l);
	if (!r)
		r = plan_off_targets(p, l);
	free(l);
	if (!r)
		r = plan_reg_steps(p);
	return r;
}

HVABI_EXPORT void hvabi_plan_free(struct hvabi_plan *plan)
{
	if (!plan)
		return;
	hvabi_featureset_free(plan->set);
	free(plan->vcpus);
	free(plan->t);
	free(plan->s);
	free(plan->cpuid);
	free(plan->cpuid2);
	free(plan->apic_ids);
	free(plan);
}

HVABI_EXPORT int hvabi_plan_new(struct hvabi_kvm *kvm, const struct hvabi_featureset *set,
				int vm_fd, const int *vcpu_fds, size_t nvcpus,
				const struct hvabi_apply_opts *opts, struct hvabi_plan **ret)
{
	struct hvabi_apply_opts known;
	struct hvabi_plan *p;
	size_t i;
	int r;

	if (!kvm || !set || !vcpu_fds || !nvcpus || !ret || vm_fd < 0 ||
	    set->arch != kvm->arch || nvcpus > INT32_MAX)
		return -EINVAL;
	/*
	 * @sz says which fields the caller knows: a caller built before
	 * apic_ids (0.1's first header) passes 24 bytes and gets the index;
	 * a newer caller's fields beyond ours must be zero (libbpf's OPTS_VALID).
	 */
	if (opts) {
		const unsigned char *tail = (const unsigned char *)opts + sizeof(known);

		if (opts->sz < offsetof(struct hvabi_apply_opts, apic_ids))
			return -EINVAL;
		for (i = sizeof(known); i < opts->sz; i++)
			if (tail[i - sizeof(known)])
				return -EINVAL;
		memset(&known, 0, sizeof(known));
		memcpy(&known, opts, opts->sz < sizeof(known) ? opts->sz : sizeof(known));
		opts = &known;
	}
	if (opts && ((opts->ncpuid && !opts->cpuid) ||
		     opts->ncpuid > CPUID_TABLE_MAX ||
		     ((opts->cpuid || opts->apic_ids) && set->arch != HVABI_ARCH_X86_64)))
		return -EINVAL;
	for (i = 0; i < nvcpus; i++)
		if (vcpu_fds[i] < 0)
			return -EINVAL;
	p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->kvm = kvm;
	p->vm_fd = vm_fd;
	p->nvcpus = nvcpus;
	p->vcpus = malloc(nvcpus * sizeof(*p->vcpus));
	r = p->vcpus ? hvabi_featureset_copy(set, &p->set) : -ENOMEM;
	/* What an absent entry implies depends on the destination's kernel. */
	if (kvm->ops->release && kvm->ops->release(kvm->ctx, p->release, sizeof(p->release)))
		p->release[0] = '\0';
	if (!r) {
		memcpy(p->vcpus, vcpu_fds, nvcpus * sizeof(*p->vcpus));
		r = set->arch == HVABI_ARCH_X86_64 ? plan_x86(p, opts) : plan_regs(p);
	}
	if (r) {
		hvabi_plan_free(p);
		return r;
	}
	*ret = p;
	return 0;
}

HVABI_EXPORT size_t hvabi_plan_count(const struct hvabi_plan *plan)
{
	return plan ? plan->ns : 0;
}

static const char *const phase_names[] = {
	"read", "id-regs", "fw-versions", "families", "vm-attrs", "cpuid", "verify",
};
static const char *const op_names[] = {
	"get-reg", "set-reg", "set-attr", "set-cpuid", "enable-cap", "verify-reg", "verify-cpuid",
	"set-msr", "verify-msr", "set-tsc-khz", "verify-tsc-khz",
};

HVABI_EXPORT int hvabi_plan_get_step(const struct hvabi_plan *plan, size_t index,
				     struct hvabi_plan_step *ret, size_t ret_sz)
{
	const size_t min = hvabi_offsetofend(struct hvabi_plan_step, name);
	const struct hvabi_cat_entry *c;
	struct hvabi_plan_step st;

	if (!plan || !ret || ret_sz < min)
		return -EINVAL;
	if (index >= plan->ns)
		return -ENOENT;
	st = plan->s[index].pub;
	c = hvabi_cat_find(plan->set->arch, &st.key);
	st.name = plan->s[index].target == SIZE_MAX ? "CPUID table" : c ? c->name : NULL;
	return hvabi_copy_out(ret, ret_sz, &st, sizeof(st), min);
}

HVABI_EXPORT int hvabi_plan_to_text(const struct hvabi_plan *plan, char *buf, size_t *len)
{
	struct hvabi_out o;
	size_t i;

	if (!plan || !len)
		return -EINVAL;
	hvabi_out_init(&o, buf, *len);
	for (i = 0; i < plan->ns; i++) {
		const struct step *s = &plan->s[i];
		char name[64], key[64];

		hvabi_out_printf(&o, "%-11s %-12s ", phase_names[s->pub.phase], op_names[s->pub.op]);
		if (s->target == SIZE_MAX) {
			hvabi_out_printf(&o, "CPUID table (%zu leaves) vcpu %d\n", plan->ncpuid,
					 s->pub.vcpu);
			continue;
		}
		if (hvabi_key_format(&s->pub.key, key, sizeof(key)) < 0)
			snprintf(key, sizeof(key), "?");
		hvabi_out_printf(&o, "%s %s = 0x%" PRIx64 "%s ",
				 target_name(plan, &s->pub.key, name, sizeof(name)), key,
				 s->pub.value, s->pub.off ? " (off)" : "");
		if (s->pub.vcpu < 0)
			hvabi_out_printf(&o, "vm\n");
		else
			hvabi_out_printf(&o, "vcpu %d\n", s->pub.vcpu);
	}
	return hvabi_out_finish(&o, len);
}

HVABI_DEFINE_TEXT_ALLOC(hvabi_plan_to_text_alloc, struct hvabi_plan, hvabi_plan_to_text)

/* ---- execution ---- */

static void target_fail(struct target *t, uint8_t reason, int error)
{
	if (t->reason == HVABI_REASON_REFUSED || t->reason == HVABI_REASON_BUSY)
		return;
	t->reason = reason;
	t->error = error;
}

/*
 * A register each vCPU keeps for itself and that describes the host
 * (CLIDR_EL1, the CCSIDRs): on most vCPUs the destination already shows
 * the set's value, so it is read first and written only where it differs,
 * which keeps fourteen CCSIDR writes per vCPU out of an apply.
 */
static bool write_if_differs(const struct hvabi_plan *p, const struct target *t)
{
	const struct hvabi_cat_entry *c = hvabi_cat_find(p->set->arch, &t->e.key);

	return t->per_vcpu && t->e.width <= 8 && c && c->kind == HVABI_KIND_IDFIELDS &&
	       c->nfields && c->fields[0].type == HVABI_FTR_HOST;
}

static int write_reg(struct hvabi_plan *p, const struct target *t, int fd)
{
	uint64_t buf[1];
	int r;

	if (t->e.width > 8)
		return hvabi_kvm_reg_set(p->kvm, fd, t->e.key.id, t->e.wide);
	if (write_if_differs(p, t)) {
		r = hvabi_kvm_reg_get(p->kvm, fd, t->e.key.id, buf);
		if (r || hvabi_buf_to_value(buf, t->e.width) == t->e.value)
			return r;
	}
	hvabi_value_to_buf(t->e.value, t->e.width, buf);
	return hvabi_kvm_reg_set(p->kvm, fd, t->e.key.id, buf);
}

/* Whether a read-back @rb keeps the written entry; levels keep any level at or above it. */
static bool kept(struct hvabi_plan *p, struct target *t, const void *rb)
{
	struct hvabi_entry host = t->e;
	char why[8];

	if (t->e.width > 8)
		return !memcmp(rb, t->e.wide, t->e.width);
	host.value = hvabi_buf_to_value(rb, t->e.width);
	t->has_readback = true;
	t->readback = host.value;
	if (t->e.kind == HVABI_KIND_LEVEL) {
		host.flags = 0;
		return hvabi_rule_accepts(p->set->arch, &t->e, &host, NULL, why, sizeof(why));
	}
	return host.value == t->e.value;
}

static int verify_reg(struct hvabi_plan *p, struct target *t, int fd)
{
	uint8_t rb[HVABI_VALUE_MAX_BYTES];
	int r = hvabi_kvm_reg_get(p->kvm, fd, t->e.key.id, rb);

	if (r) {
		target_fail(t, HVABI_REASON_NOT_VERIFIED, r);
		return r;
	}
	if (!kept(p, t, rb)) {
		target_fail(t, HVABI_REASON_NOT_KEPT, 0);
		return -EIO;
	}
	t->verify_ok++;
	return 0;
}

/*
 * Where a vCPU's own APIC id appears in CPUID: the initial APIC id
 * (1.EBX[31:24]), the x2APIC id of every topology subleaf (0xb and 0x1f
 * EDX, AMD's 0x80000026 EDX) and AMD's extended APIC id (0x8000001e.EAX).
 * KVM copies the table as given, so each vCPU's must carry its own.
 */
static void put_apic_id(struct hvabi_kvm_cpuid_entry2 *e, uint32_t id)
{
	switch (e->function) {
	case 0x1:
		e->ebx = (e->ebx & 0x00ffffffu) | (id << 24);
		break;
	case 0xb:
	case 0x1f:
	case 0x80000026: /* AMD's extended CPU topology */
		e->edx = id;
		break;
	case 0x8000001e:
		e->eax = id;
		break;
	default:
		break;
	}
}

static uint32_t apic_id_of(const struct hvabi_plan *p, size_t vcpu)
{
	return p->apic_ids ? p->apic_ids[vcpu] : (uint32_t)vcpu;
}

static int set_cpuid(struct hvabi_plan *p, int fd, size_t vcpu)
{
	struct hvabi_kvm_cpuid2 *c = p->cpuid2;
	size_t i;

	memset(c, 0, sizeof(*c) + (p->ncpuid + CPUID_READ_SPARE) * sizeof(c->entries[0]));
	c->nent = (uint32_t)p->ncpuid;
	for (i = 0; i < p->ncpuid; i++) {
		c->entries[i].function = p->cpuid[i].function;
		c->entries[i].index = p->cpuid[i].index;
		c->entries[i].flags = p->cpuid[i].flags;
		c->entries[i].eax = p->cpuid[i].eax;
		c->entries[i].ebx = p->cpuid[i].ebx;
		c->entries[i].ecx = p->cpuid[i].ecx;
		c->entries[i].edx = p->cpuid[i].edx;
		put_apic_id(&c->entries[i], apic_id_of(p, vcpu));
	}
	return hvabi_kvm_call(p->kvm, fd, HVABI_KVM_SET_CPUID2, c);
}

/*
 * Whether the guest's register @got lost what the set @e gives: a feature,
 * or an exact value (the VMM's table, restricted, may lack what the set
 * has; the guest that had it would lose it).
 */
static bool set_lost(const struct hvabi_entry *e, const struct hvabi_cat_entry *c, uint32_t got)
{
	switch (e->kind) {
	case HVABI_KIND_CPUID:
		return (e->value & (c ? c->feature_mask : 0) & ~(uint64_t)got) != 0;
	case HVABI_KIND_BITMAP:
		return (e->value & ~(c ? c->weak_mask : 0) & ~(uint64_t)got) != 0;
	case HVABI_KIND_EXACT:
		return got != e->value;
	default:
		return false;
	}
}

/*
 * KVM_GET_CPUID2 and compare every pinned register with the table set (bits
 * KVM updates at run time aside) and with the set (set_lost()).
 */
static int verify_cpuid(struct hvabi_plan *p, int fd)
{
	struct hvabi_kvm_cpuid2 *c = p->cpuid2;
	size_t i, n = p->ncpuid + CPUID_READ_SPARE;
	uint32_t k, fn, base = kvm_base(p->cpuid, p->ncpuid);
	int r, bad = 0;

	memset(c, 0, sizeof(*c) + n * sizeof(c->entries[0]));
	c->nent = (uint32_t)n;
	r = hvabi_kvm_call(p->kvm, fd, HVABI_KVM_GET_CPUID2, c);
	for (i = 0; i < p->nt; i++) {
		struct target *t = &p->t[i];
		const struct hvabi_cat_entry *cat;
		uint64_t im;
		bool found = false;

		if (!t->cpuid || t->reason == HVABI_REASON_REFUSED ||
		    t->reason == HVABI_REASON_BUSY)
			continue;
		if (r) {
			target_fail(t, HVABI_REASON_NOT_VERIFIED, r);
			continue;
		}
		cat = hvabi_cat_find(p->set->arch, &t->e.key);
		im = cat ? cat->ignore_mask : 0;
		fn = (uint32_t)t->e.key.id;
		/* KVM's hypervisor leaves sit where the VMM's table has them. */
		if ((fn & 0xffffff00u) == 0x40000000u && base != UINT32_MAX)
			fn = base + (fn - 0x40000000u);
		for (k = 0; k < c->nent && k < n && !found; k++) {
			const struct hvabi_kvm_cpuid_entry2 *e = &c->entries[k];
			uint32_t want = 0, got;
			size_t j;

			if (e->function != fn || e->index != t->e.key.sub)
				continue;
			found = true;
			for (j = 0; j < p->ncpuid; j++)
				if (p->cpuid[j].function == e->function && p->cpuid[j].index == e->index)
					want = *hvabi_cpuid_slot(&p->cpuid[j], t->e.key.sel);
			got = hvabi_cpuid2_reg(e, t->e.key.sel);
			t->has_readback = true;
			t->readback = got;
			/*
			 * The VMM's table restricted to the set, and the set's
			 * features all in it: a VMM table without one of them
			 * takes it from a guest that had it.
			 */
			if (((got ^ want) & ~im) || set_lost(&t->e, cat, got)) {
				target_fail(t, HVABI_REASON_NOT_KEPT, 0);
				bad = -EIO;
			} else {
				t->verify_ok++;
			}
		}
		if (!found) {
			target_fail(t, HVABI_REASON_NOT_KEPT, 0);
			bad = -EIO;
		}
	}
	return r ? r : bad;
}

/*
 * One feature MSR through KVM_SET_MSRS or KVM_GET_MSRS, which answer how
 * many MSRs they did: 0 when done, 1 when KVM did not do it, or the
 * ioctl's negative errno.
 */
static int msr_io(struct hvabi_plan *p, int fd, unsigned long req, uint32_t index,
		  uint64_t *data)
{
	/*
	 * The header and its one entry: a struct of both would be a GNU
	 * extension, a cast of a u64 array would break aliasing; a union may
	 * hold a struct with a flexible array (C11 6.7.2.1).
	 */
	union {
		struct hvabi_kvm_msrs msrs;
		uint64_t raw[(sizeof(struct hvabi_kvm_msrs) + sizeof(struct hvabi_kvm_msr_entry)) /
			     sizeof(uint64_t)];
	} buf;
	struct hvabi_kvm_msrs *m = &buf.msrs;
	int r;

	memset(&buf, 0, sizeof(buf));
	m->nmsrs = 1;
	m->entries[0].index = index;
	m->entries[0].data = *data;
	r = hvabi_kvm_call(p->kvm, fd, req, m);
	if (r < 0)
		return r;
	*data = m->entries[0].data;
	return r == 1 ? 0 : 1;
}

static int write_msr(struct hvabi_plan *p, const struct target *t, int fd)
{
	uint64_t v = t->e.value;
	int r = msr_io(p, fd, HVABI_KVM_SET_MSRS, (uint32_t)t->e.key.id, &v);

	return r == 1 ? -EINVAL : r;
}

static int verify_msr(struct hvabi_plan *p, struct target *t, int fd)
{
	uint64_t v = 0;
	int r = msr_io(p, fd, HVABI_KVM_GET_MSRS, (uint32_t)t->e.key.id, &v);

	if (r) {
		target_fail(t, HVABI_REASON_NOT_VERIFIED, r == 1 ? -EIO : r);
		return r == 1 ? -EIO : r;
	}
	t->has_readback = true;
	t->readback = v;
	if (v != t->e.value) {
		target_fail(t, HVABI_REASON_NOT_KEPT, 0);
		return -EIO;
	}
	t->verify_ok++;
	return 0;
}

/*
 * The TSC rate. A refused KVM_SET_TSC_KHZ leaves KVM_GET_TSC_KHZ
 * answering the refused rate (kvm_set_tsc_khz() stores it first), so only
 * the write's own answer tells a refusal.
 */
static int write_tsc(struct hvabi_plan *p, const struct target *t, int fd)
{
	return hvabi_kvm_call(p->kvm, fd, HVABI_KVM_SET_TSC_KHZ,
			      (void *)(uintptr_t)t->e.value);
}

static int verify_tsc(struct hvabi_plan *p, struct target *t, int fd)
{
	int r = hvabi_kvm_call(p->kvm, fd, HVABI_KVM_GET_TSC_KHZ, NULL);

	if (r < 0) {
		target_fail(t, HVABI_REASON_NOT_VERIFIED, r);
		return r;
	}
	t->has_readback = true;
	t->readback = (uint64_t)r;
	if ((uint64_t)r != t->e.value) {
		target_fail(t, HVABI_REASON_NOT_KEPT, 0);
		return -EIO;
	}
	t->verify_ok++;
	return 0;
}

static int enable_cap(struct hvabi_plan *p, const struct target *t, int fd)
{
	struct hvabi_kvm_enable_cap cap;

	memset(&cap, 0, sizeof(cap));
	cap.cap = (uint32_t)t->e.key.id;
	cap.args[0] = t->e.value;
	return hvabi_kvm_call(p->kvm, fd, HVABI_KVM_ENABLE_CAP, &cap);
}

static int set_range(struct hvabi_plan *p, const struct target *t, unsigned int k)
{
	struct hvabi_kvm_smccc_filter f;
	struct hvabi_kvm_device_attr attr;

	memset(&f, 0, sizeof(f));
	f.base = t->e.ranges[k].base;
	f.nr_functions = t->e.ranges[k].count;
	f.action = t->e.ranges[k].action;
	memset(&attr, 0, sizeof(attr));
	attr.group = t->e.key.sub;
	attr.attr = t->e.key.id;
	attr.addr = (uintptr_t)&f;
	return hvabi_kvm_call(p->kvm, p->vm_fd, HVABI_KVM_SET_DEVICE_ATTR, &attr);
}

/* Record a write's outcome; returns true when the writes must stop. */
static bool wrote(struct target *t, int r, int *first_err, bool *busy)
{
	if (r == 0) {
		t->set_ok++;
		return false;
	}
	if (r == -EBUSY) {
		target_fail(t, HVABI_REASON_BUSY, r);
		*busy = true;
		return false;
	}
	target_fail(t, HVABI_REASON_REFUSED, r);
	if (!*first_err)
		*first_err = r;
	return true;
}

/* Run every step; what each found goes into its target and the plan. */
static void run_steps(struct hvabi_plan *p)
{
	int *first_err = &p->first_err;
	bool *busy = &p->busy, stop = false;
	size_t i, j;
	int r;

	for (i = 0; i < p->ns; i++) {
		const struct step *s = &p->s[i];
		struct target *t = s->target == SIZE_MAX ? NULL : &p->t[s->target];
		int fd = s->pub.vcpu >= 0 ? p->vcpus[s->pub.vcpu] : p->vm_fd;
		uint8_t buf[8];

		switch (s->pub.op) {
		case HVABI_STEP_GET_REG:
			if (stop)
				break;
			r = hvabi_kvm_reg_get(p->kvm, fd, t->e.key.id, buf);
			if (r == 0) {
				t->has_default = true;
				t->dest_default = hvabi_buf_to_value(buf, t->e.width);
			} else {
				stop = wrote(t, r, first_err, busy);
			}
			break;
		case HVABI_STEP_SET_REG:
			if (!stop)
				stop = wrote(t, write_reg(p, t, fd), first_err, busy);
			break;
		case HVABI_STEP_SET_ATTR:
			if (!stop)
				stop = wrote(t, set_range(p, t, s->range), first_err, busy);
			break;
		case HVABI_STEP_ENABLE_CAP:
			if (!stop)
				stop = wrote(t, enable_cap(p, t, fd), first_err, busy);
			break;
		case HVABI_STEP_SET_MSR:
			if (!stop)
				stop = wrote(t, write_msr(p, t, fd), first_err, busy);
			break;
		case HVABI_STEP_SET_TSC_KHZ:
			if (!stop)
				stop = wrote(t, write_tsc(p, t, fd), first_err, busy);
			break;
		case HVABI_STEP_VERIFY_MSR:
			if (t->set_ok == p->nvcpus)
				verify_msr(p, t, fd);
			break;
		case HVABI_STEP_VERIFY_TSC_KHZ:
			if (t->set_ok == p->nvcpus)
				verify_tsc(p, t, fd);
			break;
		case HVABI_STEP_SET_CPUID:
			if (stop)
				break;
			r = set_cpuid(p, fd, (size_t)s->pub.vcpu);
			for (j = 0; j < p->nt; j++)
				if (p->t[j].cpuid && wrote(&p->t[j], r, first_err, busy))
					stop = true;
			break;
		case HVABI_STEP_VERIFY_REG:
			if (t->set_ok == (t->per_vcpu ? p->nvcpus : 1))
				verify_reg(p, t, fd);
			break;
		case HVABI_STEP_VERIFY_CPUID:
			verify_cpuid(p, fd);
			break;
		}
	}
}

/*
 * A target is written once every write it needed succeeded and every
 * vCPU read it back. Filter ranges and enabled capabilities cannot be
 * read back: KVM accepting them is all there is to know.
 */
static void settle(const struct hvabi_plan *p, struct target *t)
{
	bool readable = t->e.key.ns == HVABI_NS_ONE_REG || t->cpuid || t->own_read;
	size_t need_set = t->e.key.ns == HVABI_NS_ATTR		 ? t->e.nranges
			  : t->per_vcpu || t->cpuid		 ? p->nvcpus
			  : t->e.key.ns == HVABI_NS_CAP ? p->nvcpus
							 : 1;

	if (t->reason != HVABI_REASON_NOT_VERIFIED || t->skip || t->set_ok != need_set ||
	    (readable && t->verify_ok != p->nvcpus))
		return;
	t->reason = t->off ? HVABI_REASON_WRITTEN_OFF : HVABI_REASON_WRITTEN;
	if (t->e.kind == HVABI_KIND_LEVEL && t->has_readback && t->readback != t->e.value)
		t->reason = HVABI_REASON_NOT_PINNABLE;
}

static int describe(const struct hvabi_plan *p, const struct target *t,
		    struct hvabi_report *rep)
{
	enum hvabi_arch arch = p->set->arch;
	const uint64_t *src = t->off ? NULL : &t->e.value;
	const uint64_t *rb = t->has_readback ? &t->readback : NULL;
	const struct hvabi_key *k = &t->e.key;
	enum hvabi_reason reason = (enum hvabi_reason)t->reason;
	char dflt[48] = "";

	if (t->has_default && t->dest_default != t->e.value)
		snprintf(dflt, sizeof(dflt), " (destination default 0x%" PRIx64 ")",
			 t->dest_default);
	if (k->ns == HVABI_NS_VCPU_VALUE && arch == HVABI_ARCH_ARM64) {
		bool sve = k->id == HVABI_VCPU_VALUE_ARM64_SVE_VQS;

		if (reason == HVABI_REASON_OK)
			return hvabi_report_add(rep, arch, k, reason, HVABI_SEVERITY_INFO, src, rb,
						0, "%s%s", sve ? "the vCPUs have the set's SVE lengths"
							       : "the vCPUs were made with the set's "
								 "features",
						!sve && (t->e.value & ~HVABI_ARM64_FEATURES_SEEN)
							? " (HAS_EL2_E2H0 leaves nothing KVM shows: "
							  "not verified)"
							: "");
		return hvabi_report_add(rep, arch, k, reason, HVABI_SEVERITY_BLOCK, src, rb, 0,
					sve ? "the vCPUs' SVE lengths are 0x%" PRIx64 ", the set's "
					      "0x%" PRIx64 ": call hvabi_vcpu_finalize() before "
					      "KVM_ARM_VCPU_FINALIZE"
					    : "the vCPUs show features 0x%" PRIx64 ", the set's are "
					      "0x%" PRIx64 ": make them with hvabi_vcpu_features()",
					t->readback, t->e.value);
	}
	switch (reason) {
	case HVABI_REASON_OK:
		return hvabi_report_add(rep, arch, k, reason, HVABI_SEVERITY_INFO, src, NULL, 0,
					"no filter ranges to install");
	case HVABI_REASON_WRITTEN:
		if (k->ns == HVABI_NS_ATTR)
			return hvabi_report_add(rep, arch, k, reason, HVABI_SEVERITY_INFO, src, NULL,
						0, "%u filter range(s) accepted by KVM (filters "
						"cannot be read back)", t->e.nranges);
		if (k->ns == HVABI_NS_CAP)
			return hvabi_report_add(rep, arch, k, reason, HVABI_SEVERITY_INFO, src, NULL,
						0, "enabled on every vCPU");
		return hvabi_report_add(rep, arch, k, reason, HVABI_SEVERITY_INFO, src, rb, 0,
					"written and read back on every vCPU%s", dflt);
	case HVABI_REASON_WRITTEN_OFF:
		return hvabi_report_add(rep, arch, k, reason, HVABI_SEVERITY_INFO, src, rb, 0,
					"absent from the set: written off (0x%" PRIx64
					") and read back%s", t->e.value, dflt);
	case HVABI_REASON_MISSING_IMPLIED_OK:
		return hvabi_report_add(rep, arch, k, reason, HVABI_SEVERITY_INFO, src, NULL, 0,
					"the destination lacks it and behaves as the set's value");
	case HVABI_REASON_NOT_PINNABLE:
		return hvabi_report_add(rep, arch, k, reason, HVABI_SEVERITY_INFO, src, rb, 0,
					"accepted; the kernel reports the host's own level 0x%"
					PRIx64, t->readback);
	case HVABI_REASON_REFUSED:
		return hvabi_report_add(rep, arch, k, reason, HVABI_SEVERITY_BLOCK, src, NULL,
					t->error, "the kernel refused 0x%" PRIx64 ": %s",
					t->e.value, strerror(-t->error));
	case HVABI_REASON_BUSY:
		return hvabi_report_add(rep, arch, k, reason, HVABI_SEVERITY_BLOCK, src, NULL,
					t->error, "the VM has run; KVM no longer lets 0x%" PRIx64
					" be set (EBUSY)", t->e.value);
	case HVABI_REASON_NOT_KEPT:
		return hvabi_report_add(rep, arch, k, reason, HVABI_SEVERITY_BLOCK, src, rb, 0,
					"accepted, but reads back 0x%" PRIx64, t->readback);
	default:
		return hvabi_report_add(rep, arch, k, HVABI_REASON_NOT_VERIFIED,
					HVABI_SEVERITY_BLOCK, src, NULL, t->error, "%s",
					t->error ? "could not be read back"
						 : "not written: apply stopped before it");
	}
}

HVABI_EXPORT int hvabi_plan_execute(struct hvabi_plan *plan, struct hvabi_report **report)
{
	struct hvabi_report *rep = NULL;
	bool not_kept = false, unverified = false;
	int r = 0;
	size_t i;

	if (!plan || plan->executed)
		return -EINVAL;
	if (report && hvabi_report_new(&rep))
		return -ENOMEM;
	/* One item per target, reserved before the first KVM call. */
	if (rep && hvabi_report_reserve(rep, plan->nt)) {
		hvabi_report_free(rep);
		return -ENOMEM;
	}
	/*
	 * Nothing below allocates until the report is written: a run that
	 * then runs out of memory keeps what it did and found, and the
	 * next call writes nothing more and only reports it.
	 */
	if (!plan->ran) {
		run_steps(plan);
		plan->ran = true;
	}
	for (i = 0; !r && i < plan->nt; i++) {
		struct target *t = &plan->t[i];

		settle(plan, t);
		not_kept |= t->reason == HVABI_REASON_NOT_KEPT;
		unverified |= t->reason == HVABI_REASON_NOT_VERIFIED;
		if (rep)
			r = describe(plan, t, rep);
	}
	if (r) {
		hvabi_report_free(rep);
		return r;
	}
	plan->executed = true;
	if (report)
		*report = rep;
	if (plan->first_err)
		return plan->first_err;
	if (plan->busy)
		return -EBUSY;
	return not_kept || unverified ? -EIO : 0;
}

HVABI_EXPORT int hvabi_apply(struct hvabi_kvm *kvm, const struct hvabi_featureset *set,
			     int vm_fd, const int *vcpu_fds, size_t nvcpus,
			     const struct hvabi_apply_opts *opts, struct hvabi_report **report)
{
	struct hvabi_plan *plan = NULL;
	int r;

	r = hvabi_plan_new(kvm, set, vm_fd, vcpu_fds, nvcpus, opts, &plan);
	if (r)
		return r;
	r = hvabi_plan_execute(plan, report);
	hvabi_plan_free(plan);
	return r;
}
