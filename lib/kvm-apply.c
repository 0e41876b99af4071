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
 *
 * This file holds the plan, its common steps and execute; x86's CPUID
 * table, feature MSRs and TSC rate are in kvm-apply-x86.c, and
 * kvm-apply.h is what the two share.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "impls.h"
#include "kvm-apply.h"
#include "report.h"
#include "rules.h"
#include "textbuf.h"

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

int hvabi_apply_add_target(struct hvabi_plan *p, const struct hvabi_entry *e, uint8_t phase,
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

int hvabi_apply_add_step(struct hvabi_plan *p, uint8_t phase, uint8_t op, size_t target,
			 int vcpu, unsigned int range)
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

bool hvabi_apply_read_only(const struct hvabi_cat_entry *row)
{
	return row && (row->flags & HVABI_CATALOG_READ_ONLY);
}

/* ---- arm64 / riscv registers ---- */

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
		r = hvabi_apply_add_target(p, &f, HVABI_PHASE_VERIFY, false, &t);
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
		r = hvabi_apply_add_target(p, &v, HVABI_PHASE_VERIFY, false, &t);
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
	r = hvabi_kvm_reg_set(kvm, vcpu_fd, HVABI_KVM_REG_ARM64_SVE_VLS, vls);
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

HVABI_EXPORT int hvabi_vm_prepare(struct hvabi_kvm *kvm, const struct hvabi_featureset *set,
				  int vm_fd)
{
	const struct hvabi_entry *e;
	struct hvabi_kvm_enable_cap cap;
	int r;

	if (!kvm || !set || vm_fd < 0 || kvm->arch != set->arch)
		return -EINVAL;
	/*
	 * One implementation: check let the VM move only to that CPU, whose
	 * MIDR/REVIDR/AIDR KVM takes without the capability
	 * (set_imp_id_reg(), sys_regs.c 7.2.8 3144-3146).
	 */
	e = set->arch == HVABI_ARCH_ARM64 ? hvabi_impls_entry(set) : NULL;
	if (!e || e->width / HVABI_IMPL_BYTES < 2)
		return 0;
	r = hvabi_kvm_check_ext(kvm, vm_fd, HVABI_IMPLS_CAP);
	if (r <= 0)
		return r < 0 ? r : -EOPNOTSUPP;
	memset(&cap, 0, sizeof(cap));
	cap.cap = HVABI_IMPLS_CAP;
	r = hvabi_kvm_call(kvm, vm_fd, HVABI_KVM_ENABLE_CAP, &cap);
	/* The kernel has it (checked above): its -EINVAL means vCPUs exist. */
	return r == -EINVAL ? -EBUSY : r;
}

/* x0..x3 as ONE_REG ids: regs.regs[n] of struct kvm_regs, in 32-bit words. */
#define CORE_X(n) (HVABI_KVM_REG_ARM64 | HVABI_KVM_REG_SIZE_U64 | HVABI_KVM_REG_ARM_CORE | 2ull * (n))

HVABI_EXPORT int hvabi_kvm_smccc_exit(struct hvabi_kvm *kvm, const struct hvabi_featureset *set,
				      int vcpu_fd, uint32_t func_id)
{
	uint64_t args[3], ret[4];
	unsigned int i;
	int r;

	if (!kvm || !set || vcpu_fd < 0 || kvm->arch != set->arch ||
	    set->arch != HVABI_ARCH_ARM64)
		return -EINVAL;
	if (func_id != HVABI_SMCCC_KVM_DISCOVER_IMPL_VER &&
	    func_id != HVABI_SMCCC_KVM_DISCOVER_IMPL_CPUS)
		return -ENOENT;
	for (i = 0; i < 3; i++) {
		r = hvabi_kvm_reg_get(kvm, vcpu_fd, CORE_X(i + 1), &args[i]);
		if (r)
			return r;
	}
	r = hvabi_smccc_answer(set, func_id, args, ret);
	for (i = 0; !r && i < 4; i++)
		r = hvabi_kvm_reg_set(kvm, vcpu_fd, CORE_X(i), &ret[i]);
	return r;
}

/*
 * The set's own targets: its VM attributes and the registers it pins,
 * each in its phase; one the destination does not list is skipped where
 * the guest cannot reach it or the destination behaves as its value.
 */
static int plan_set_targets(struct hvabi_plan *p, const struct hvabi_kvm_reg_list *l)
{
	enum hvabi_arch arch = p->set->arch;
	uint32_t kv = hvabi_kernel_version_parse(p->release);
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
			r = hvabi_apply_add_target(p, e, HVABI_PHASE_VM_ATTRS, false, &t);
			if (!r && !e->nranges) {
				p->t[t].skip = true;
				p->t[t].reason = HVABI_REASON_OK;
			}
			continue;
		}
		if (e->key.ns != HVABI_NS_ONE_REG || hvabi_apply_read_only(row))
			continue;
		if (e->width != HVABI_KVM_REG_SIZE(e->key.id)) {
			r = -EINVAL;
			break;
		}
		phase = reg_phase(arch, e->key.id, &family);
		r = hvabi_apply_add_target(p, e, phase, e->scope == HVABI_SCOPE_VCPU, &t);
		if (r)
			break;
		p->t[t].listed = hvabi_reg_listed(l, e->key.id);
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
		    hvabi_rule_implied_row(row, kv, &iv, &hd) &&
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
		r = hvabi_apply_add_target(p, &e, phase, e.scope == HVABI_SCOPE_VCPU, &t);
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
			r = hvabi_apply_add_step(p, HVABI_PHASE_READ, HVABI_STEP_GET_REG, t, 0, 0);
	}
	for (phase = HVABI_PHASE_ID_REGS; !r && phase <= HVABI_PHASE_VM_ATTRS; phase++) {
		for (t = 0; !r && t < p->nt; t++) {
			struct target *tg = &p->t[t];
			unsigned int k;

			if (tg->phase != phase || tg->skip)
				continue;
			if (tg->e.key.ns == HVABI_NS_ATTR) {
				for (k = 0; !r && k < tg->e.nranges; k++)
					r = hvabi_apply_add_step(p, phase, HVABI_STEP_SET_ATTR, t,
								 -1, k);
				continue;
			}
			for (v = 0; !r && v < (tg->per_vcpu ? (int)p->nvcpus : 1); v++)
				r = hvabi_apply_add_step(p, phase, HVABI_STEP_SET_REG, t, v, 0);
		}
	}
	for (t = 0; !r && t < p->nt; t++) {
		if (p->t[t].skip || p->t[t].e.key.ns != HVABI_NS_ONE_REG)
			continue;
		for (v = 0; !r && v < (int)p->nvcpus; v++)
			r = hvabi_apply_add_step(p, HVABI_PHASE_VERIFY, HVABI_STEP_VERIFY_REG, t,
						 v, 0);
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
		r = set->arch == HVABI_ARCH_X86_64 ? hvabi_apply_x86_plan(p, opts) : plan_regs(p);
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

void hvabi_apply_target_fail(struct target *t, uint8_t reason, int error)
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
		hvabi_apply_target_fail(t, HVABI_REASON_NOT_VERIFIED, r);
		return r;
	}
	if (!kept(p, t, rb)) {
		hvabi_apply_target_fail(t, HVABI_REASON_NOT_KEPT, 0);
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
		hvabi_apply_target_fail(t, HVABI_REASON_BUSY, r);
		*busy = true;
		return false;
	}
	hvabi_apply_target_fail(t, HVABI_REASON_REFUSED, r);
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
				stop = wrote(t, hvabi_apply_x86_write_msr(p, t, fd), first_err,
					     busy);
			break;
		case HVABI_STEP_SET_TSC_KHZ:
			if (!stop)
				stop = wrote(t, hvabi_apply_x86_write_tsc(p, t, fd), first_err,
					     busy);
			break;
		case HVABI_STEP_VERIFY_MSR:
			if (t->set_ok == p->nvcpus)
				hvabi_apply_x86_verify_msr(p, t, fd);
			break;
		case HVABI_STEP_VERIFY_TSC_KHZ:
			if (t->set_ok == p->nvcpus)
				hvabi_apply_x86_verify_tsc(p, t, fd);
			break;
		case HVABI_STEP_SET_CPUID:
			if (stop)
				break;
			r = hvabi_apply_x86_set_cpuid(p, fd, (size_t)s->pub.vcpu);
			for (j = 0; j < p->nt; j++)
				if (p->t[j].cpuid && wrote(&p->t[j], r, first_err, busy))
					stop = true;
			break;
		case HVABI_STEP_VERIFY_REG:
			if (t->set_ok == (t->per_vcpu ? p->nvcpus : 1))
				verify_reg(p, t, fd);
			break;
		case HVABI_STEP_VERIFY_CPUID:
			hvabi_apply_x86_verify_cpuid(p, fd);
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
