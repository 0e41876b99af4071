/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Apply, x86's part: the CPUID table (a VMM's, restricted to the set,
 * or the set's own), the feature MSRs and the TSC rate; planned here,
 * run by kvm-apply.c's execute.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kvm-apply.h"
#include "rules.h"

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

/* ---- the plan ---- */

int hvabi_apply_x86_plan(struct hvabi_plan *p, const struct hvabi_apply_opts *opts)
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
			r = hvabi_apply_add_target(p, e, HVABI_PHASE_CPUID, true, &t);
			if (!r)
				p->t[t].cpuid = true;
		} else if (e->key.ns == HVABI_NS_CAP &&
			   e->key.id == HVABI_KVM_CAP_ENFORCE_PV_FEATURE_CPUID && e->value) {
			r = hvabi_apply_add_target(p, e, HVABI_PHASE_CPUID, true, &t);
		} else if ((e->key.ns == HVABI_NS_MSR &&
			    !hvabi_apply_read_only(hvabi_fs_row(p->set, i)) &&
			    !hvabi_rule_msr_hidden(p->set, &e->key)) ||
			   (e->key.ns == HVABI_NS_VCPU_VALUE &&
			    e->key.id == HVABI_VCPU_VALUE_TSC_KHZ)) {
			r = hvabi_apply_add_target(p, e, HVABI_PHASE_CPUID, true, &t);
			if (!r)
				p->t[t].own_read = true;
		}
	}
	for (i = 0; !r && i < p->nvcpus; i++)
		r = hvabi_apply_add_step(p, HVABI_PHASE_CPUID, HVABI_STEP_SET_CPUID, SIZE_MAX,
					 (int)i, 0);
	/*
	 * After the CPUID table: 7.x takes ARCH_CAPABILITIES only from a vCPU
	 * whose CPUID has it (kvm_set_msr_common()), PERF_CAPABILITIES only
	 * with PDCM.
	 */
	for (t = 0; !r && t < p->nt; t++) {
		uint8_t op = !p->t[t].own_read ? HVABI_STEP_ENABLE_CAP
			     : p->t[t].e.key.ns == HVABI_NS_MSR ? HVABI_STEP_SET_MSR
								 : HVABI_STEP_SET_TSC_KHZ;

		for (i = 0; !r && !p->t[t].cpuid && i < p->nvcpus; i++)
			r = hvabi_apply_add_step(p, HVABI_PHASE_CPUID, op, t, (int)i, 0);
	}
	for (i = 0; !r && i < p->nvcpus; i++)
		r = hvabi_apply_add_step(p, HVABI_PHASE_VERIFY, HVABI_STEP_VERIFY_CPUID, SIZE_MAX,
					 (int)i, 0);
	for (t = 0; !r && t < p->nt; t++) {
		uint8_t op = p->t[t].e.key.ns == HVABI_NS_MSR ? HVABI_STEP_VERIFY_MSR
							       : HVABI_STEP_VERIFY_TSC_KHZ;

		for (i = 0; !r && p->t[t].own_read && i < p->nvcpus; i++)
			r = hvabi_apply_add_step(p, HVABI_PHASE_VERIFY, op, t, (int)i, 0);
	}
	/* Allocated now so that execute never fails for memory between two writes. */
	if (!r) {
		p->cpuid2 = calloc(1, sizeof(*p->cpuid2) +
				      (p->ncpuid + CPUID_READ_SPARE) * sizeof(p->cpuid2->entries[0]));
		if (!p->cpuid2)
			r = -ENOMEM;
	}
	return r;
}

/* ---- execution ---- */

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

int hvabi_apply_x86_set_cpuid(struct hvabi_plan *p, int fd, size_t vcpu)
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
int hvabi_apply_x86_verify_cpuid(struct hvabi_plan *p, int fd)
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
			hvabi_apply_target_fail(t, HVABI_REASON_NOT_VERIFIED, r);
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
				hvabi_apply_target_fail(t, HVABI_REASON_NOT_KEPT, 0);
				bad = -EIO;
			} else {
				t->verify_ok++;
			}
		}
		if (!found) {
			hvabi_apply_target_fail(t, HVABI_REASON_NOT_KEPT, 0);
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

int hvabi_apply_x86_write_msr(struct hvabi_plan *p, const struct target *t, int fd)
{
	uint64_t v = t->e.value;
	int r = msr_io(p, fd, HVABI_KVM_SET_MSRS, (uint32_t)t->e.key.id, &v);

	return r == 1 ? -EINVAL : r;
}

int hvabi_apply_x86_verify_msr(struct hvabi_plan *p, struct target *t, int fd)
{
	uint64_t v = 0;
	int r = msr_io(p, fd, HVABI_KVM_GET_MSRS, (uint32_t)t->e.key.id, &v);

	if (r) {
		hvabi_apply_target_fail(t, HVABI_REASON_NOT_VERIFIED, r == 1 ? -EIO : r);
		return r == 1 ? -EIO : r;
	}
	t->has_readback = true;
	t->readback = v;
	if (v != t->e.value) {
		hvabi_apply_target_fail(t, HVABI_REASON_NOT_KEPT, 0);
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
int hvabi_apply_x86_write_tsc(struct hvabi_plan *p, const struct target *t, int fd)
{
	return hvabi_kvm_call(p->kvm, fd, HVABI_KVM_SET_TSC_KHZ,
			      (void *)(uintptr_t)t->e.value);
}

int hvabi_apply_x86_verify_tsc(struct hvabi_plan *p, struct target *t, int fd)
{
	int r = hvabi_kvm_call(p->kvm, fd, HVABI_KVM_GET_TSC_KHZ, NULL);

	if (r < 0) {
		hvabi_apply_target_fail(t, HVABI_REASON_NOT_VERIFIED, r);
		return r;
	}
	t->has_readback = true;
	t->readback = (uint64_t)r;
	if ((uint64_t)r != t->e.value) {
		hvabi_apply_target_fail(t, HVABI_REASON_NOT_KEPT, 0);
		return -EIO;
	}
	t->verify_ok++;
	return 0;
}
