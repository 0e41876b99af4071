/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Entry semantics by kind. The rules follow what the kernel enforces on
 * SET_ONE_REG (arch/arm64/kvm/hypercalls.c, sys_regs.c) and what KVM
 * lets a VMM give a guest (arch/x86/kvm/cpuid.c), so that a verdict here
 * predicts the kernel's answer on the destination.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "kvm-uapi.h"
#include "rules.h"

#define FMT_X "0x%" PRIx64

/*
 * Append the catalogue's names of the bits in @bits to @buf: " (TRNG_V1_0,
 * PTP)". Only a message wants them: nothing where there is none to write
 * (@why NULL, a check without a report).
 */
static void bit_names(const struct hvabi_cat_entry *c, uint64_t bits, const char *why,
		      char *buf, size_t len)
{
	size_t used = 0;
	unsigned int b;

	buf[0] = '\0';
	for (b = 0; why && b < 64 && used < len; b++) {
		const char *name;
		int n;

		if (!(bits & (1ull << b)))
			continue;
		name = hvabi_cat_bit_name(c, b);
		if (name)
			n = snprintf(buf + used, len - used, "%s%s", used ? ", " : " (", name);
		else
			n = snprintf(buf + used, len - used, "%sbit %u", used ? ", " : " (", b);
		used += n > 0 ? (size_t)n : 0;
	}
	if (used && used + 1 < len) {
		buf[used++] = ')';
		buf[used] = '\0';
	}
}

static const char *entry_name(const struct hvabi_cat_entry *c, const struct hvabi_key *key,
			      char *buf, size_t len)
{
	if (c)
		return c->name;
	if (hvabi_key_format(key, buf, len) < 0)
		snprintf(buf, len, "?");
	return buf;
}

/* ---- BITMAP ---- */

static uint64_t supported(const struct hvabi_entry *h)
{
	return (h->flags & HVABI_ENTRY_HAS_MAX) ? h->max : h->value;
}

static int weak_missing(const struct hvabi_cat_entry *c, const struct hvabi_entry *vm,
			uint64_t w, const struct hvabi_entry *h, char *why, size_t len);

/* BITMAP rows may name weakness bits (MSR_IA32_ARCH_CAPABILITIES' RRSBA). */
static uint64_t weak_bits(const struct hvabi_cat_entry *c)
{
	return c ? c->weak_mask : 0;
}

/* Bits the host's KVM refuses to clear (riscv ISA extensions it cannot disable). */
static uint64_t forced(const struct hvabi_entry *h)
{
	return (h->flags & HVABI_ENTRY_HAS_MIN) ? h->min : 0;
}

static int bitmap_accepts(const struct hvabi_cat_entry *c, const struct hvabi_entry *vm,
			  const struct hvabi_entry *h, char *why, size_t len)
{
	uint64_t w = weak_bits(c), extra = vm->value & ~w & ~supported(h);
	uint64_t kept = forced(h) & ~w & ~vm->value;
	char names[160];

	if (weak_missing(c, vm, w, h, why, len))
		return 0;
	if (kept) {
		bit_names(c, kept, why, names, sizeof(names));
		hvabi_msg(why, len, "bits " FMT_X "%s cannot be taken away here (KVM refuses to "
			  "clear them)", kept, names);
		return 0;
	}
	if (!extra)
		return 1;
	bit_names(c, extra, why, names, sizeof(names));
	hvabi_msg(why, len, "bits " FMT_X "%s are not offered (host supports " FMT_X ")",
		  extra, names, supported(h));
	return 0;
}

/*
 * AND the bits, OR the weakness bits, AND the supported masks; a bit one
 * host cannot clear stays, and needs the other to offer it.
 */
static int bitmap_meet(const struct hvabi_cat_entry *c, const struct hvabi_entry *a,
		       const struct hvabi_entry *b, struct hvabi_entry *out, char *why, size_t len)
{
	uint64_t w = weak_bits(c), f = (forced(a) | forced(b)) & ~w, lost, gained;
	char names[160];

	if (f & ~(supported(a) & supported(b))) {
		bit_names(c, f & ~(supported(a) & supported(b)), why, names, sizeof(names));
		hvabi_msg(why, len, "bits " FMT_X "%s: one host cannot clear them, the other does "
			  "not offer them", f & ~(supported(a) & supported(b)), names);
		return -EDOM;
	}
	out->value = (a->value & b->value & ~w) | ((a->value | b->value) & w) | f;
	if ((a->flags & HVABI_ENTRY_HAS_MAX) || (b->flags & HVABI_ENTRY_HAS_MAX)) {
		out->flags |= HVABI_ENTRY_HAS_MAX;
		out->max = (supported(a) & supported(b) & ~w) | (out->value & w);
	}
	if (f) {
		out->flags |= HVABI_ENTRY_HAS_MIN;
		out->min = f;
	}
	lost = a->value & ~out->value;
	gained = out->value & ~a->value;
	if (lost) {
		bit_names(c, lost, why, names, sizeof(names));
		hvabi_msg(why, len, "bits " FMT_X "%s dropped: not offered everywhere", lost, names);
	} else if (gained & f) {
		bit_names(c, gained & f, why, names, sizeof(names));
		hvabi_msg(why, len, "bits " FMT_X "%s kept: some host cannot clear them",
			  gained & f, names);
	} else if (gained) {
		bit_names(c, gained, why, names, sizeof(names));
		hvabi_msg(why, len, "weakness bits " FMT_X "%s added: some host has them", gained,
			  names);
	}
	return out->value != a->value;
}

/* ---- VERSION ---- */

void hvabi_rule_version_range(const struct hvabi_cat_entry *c, const struct hvabi_entry *h,
			      uint32_t kver, uint64_t *min, uint64_t *max)
{
	const struct hvabi_version_era *era = c ? hvabi_cat_era(c, kver) : NULL;

	*min = (h->flags & HVABI_ENTRY_HAS_MIN) ? h->min : era ? era->min : 0;
	*max = (h->flags & HVABI_ENTRY_HAS_MAX) ? h->max : era ? era->max : h->value;
}

/* Whether the catalogue lists @v as a value some kernel accepts (true when it lists none). */
static bool version_known(const struct hvabi_cat_entry *c, uint64_t v)
{
	unsigned int i;

	if (!c || !c->nversions)
		return true;
	for (i = 0; i < c->nversions; i++)
		if (c->versions[i] == v)
			return true;
	return false;
}

/* The VERSION rule itself: a value some kernel knows, inside the host's range. */
static bool version_in(const struct hvabi_cat_entry *c, uint64_t v, uint64_t lo, uint64_t hi)
{
	return version_known(c, v) && v >= lo && v <= hi;
}

static int version_accepts(const struct hvabi_cat_entry *c, const struct hvabi_entry *vm,
			   const struct hvabi_entry *h, uint32_t kver, char *why, size_t len)
{
	uint64_t lo, hi;

	hvabi_rule_version_range(c, h, kver, &lo, &hi);
	if (version_in(c, vm->value, lo, hi))
		return 1;
	if (!version_known(c, vm->value)) {
		hvabi_msg(why, len, FMT_X " is not a value any kernel accepts", vm->value);
		return 0;
	}
	hvabi_msg(why, len, FMT_X " is outside what the host accepts (" FMT_X ".." FMT_X ")",
		  vm->value, lo, hi);
	return 0;
}

static int version_meet(const struct hvabi_cat_entry *c, const struct hvabi_entry *a,
			uint32_t akver, const struct hvabi_entry *b, uint32_t bkver,
			struct hvabi_entry *out, char *why, size_t len)
{
	uint64_t alo, ahi, blo, bhi, lo, hi, v;
	int i;

	hvabi_rule_version_range(c, a, akver, &alo, &ahi);
	hvabi_rule_version_range(c, b, bkver, &blo, &bhi);
	lo = alo > blo ? alo : blo;
	hi = ahi < bhi ? ahi : bhi;
	v = hi;
	if (c && c->nversions) {
		/* The highest value a kernel knows, inside both ranges. */
		for (i = (int)c->nversions - 1; i >= 0 && c->versions[i] > hi; i--)
			;
		v = i >= 0 ? c->versions[i] : 0;
	}
	if (lo > hi || v < lo) {
		hvabi_msg(why, len, "no value both accept (" FMT_X ".." FMT_X " and " FMT_X ".." FMT_X ")",
			  alo, ahi, blo, bhi);
		return -EDOM;
	}
	out->value = v;
	out->flags |= HVABI_ENTRY_HAS_MIN | HVABI_ENTRY_HAS_MAX;
	out->min = lo;
	out->max = hi;
	if (v == a->value)
		return 0;
	hvabi_msg(why, len, "%s from " FMT_X " to " FMT_X ", the highest both accept",
		  v < a->value ? "lowered" : "raised", a->value, v);
	return 1;
}

/* ---- LEVEL ---- */

static unsigned int level_rank(const struct hvabi_cat_entry *c, uint64_t v);

static unsigned int level_rank(const struct hvabi_cat_entry *c, uint64_t v)
{
	if (!c || !c->level_rank)
		return v > 0xfe ? 0xff : (unsigned int)v;
	return v < 16 ? c->level_rank[v] : 0xff;
}

/* The LEVEL rule itself: a valid level no better than the host's @hl. */
static bool level_ok(const struct hvabi_cat_entry *c, uint64_t v, uint64_t hl)
{
	unsigned int vm_rank = level_rank(c, v), host_rank = level_rank(c, hl);

	return vm_rank != 0xff && host_rank != 0xff && vm_rank <= host_rank;
}

static int level_accepts(const struct hvabi_cat_entry *c, const struct hvabi_entry *vm,
			 const struct hvabi_entry *h, char *why, size_t len)
{
	uint64_t hl = supported(h);
	unsigned int vm_rank = level_rank(c, vm->value);

	if (level_ok(c, vm->value, hl))
		return 1;
	if (vm_rank == 0xff) {
		hvabi_msg(why, len, FMT_X " is not a valid level", vm->value);
		return 0;
	}
	hvabi_msg(why, len, "level " FMT_X " is above the host's level " FMT_X
		  ": the guest would believe it is better protected than it is", vm->value, hl);
	return 0;
}

static int level_meet(const struct hvabi_cat_entry *c, const struct hvabi_entry *a,
		      const struct hvabi_entry *b, struct hvabi_entry *out, char *why, size_t len)
{
	uint64_t la = supported(a), lb = supported(b);
	unsigned int ra = level_rank(c, la), rb = level_rank(c, lb);

	if (ra == 0xff || rb == 0xff) {
		hvabi_msg(why, len, "invalid level (" FMT_X ", " FMT_X ")", la, lb);
		return -EDOM;
	}
	out->value = rb < ra ? lb : la;
	out->flags |= HVABI_ENTRY_HAS_MAX;
	out->max = out->value;
	if (out->value == a->value)
		return 0;
	hvabi_msg(why, len, "level lowered from " FMT_X " to " FMT_X
		  " (the kernel reports the host's level; it cannot be pinned)",
		  a->value, out->value);
	return 1;
}

/* ---- IDFIELDS ---- */

static unsigned int field_width(const struct hvabi_ftr_field *f)
{
	return f->width ? f->width : 4;
}

static uint64_t field_mask(const struct hvabi_ftr_field *f)
{
	return ((1ull << field_width(f)) - 1) << f->shift;
}

int64_t hvabi_ftr_value(const struct hvabi_ftr_field *f, uint64_t reg)
{
	unsigned int w = field_width(f);
	uint64_t v = (reg >> f->shift) & ((1ull << w) - 1);

	if (f->sign && (v & (1ull << (w - 1))))
		return (int64_t)v - (int64_t)(1ull << w);
	return (int64_t)v;
}

int64_t hvabi_ftr_safe(const struct hvabi_ftr_field *f, int64_t new_val, int64_t cur)
{
	switch (f->type) {
	case HVABI_FTR_LOWER_SAFE:
		return new_val < cur ? new_val : cur;
	case HVABI_FTR_HIGHER_SAFE:
		return new_val > cur ? new_val : cur;
	case HVABI_FTR_HIGHER_OR_ZERO_SAFE:
		if (!new_val || !cur)
			return 0;
		return new_val > cur ? new_val : cur;
	case HVABI_FTR_HOST:
		return new_val;
	case HVABI_FTR_KVM:
		return cur;
	default:
		return f->safe;
	}
}

static uint64_t field_put(const struct hvabi_ftr_field *f, uint64_t reg, int64_t v)
{
	return (reg & ~field_mask(f)) | (((uint64_t)v << f->shift) & field_mask(f));
}

static uint64_t writable(const struct hvabi_entry *h)
{
	return (h->flags & HVABI_ENTRY_HAS_MASK) ? h->mask : 0;
}

static int idfields_accepts(const struct hvabi_cat_entry *c, const struct hvabi_entry *vm,
			    const struct hvabi_entry *h, char *why, size_t len)
{
	uint64_t wmask = writable(h), checked = 0, limit = h->value, diff = vm->value ^ limit;
	unsigned int i;

	for (i = 0; c && i < c->nfields; i++) {
		const struct hvabi_ftr_field *f = &c->fields[i];
		uint64_t fmask = field_mask(f);
		int64_t nv, lv;

		/* A field equal to the host's passes every rule below: only differences count. */
		if (!(fmask & diff) || (fmask & wmask) != fmask)
			continue;
		checked |= fmask;
		nv = hvabi_ftr_value(f, vm->value);
		lv = hvabi_ftr_value(f, limit);
		/* A host takes back its own value (AArch32 views RAZ/WI on AArch64-only hosts). */
		if (f->refused && nv != lv && field_width(f) <= 4 &&
		    (f->refused >> ((uint64_t)nv & ((1u << field_width(f)) - 1)) & 1)) {
			hvabi_msg(why, len, "field %s = %" PRId64 " is refused or replaced by "
				  "KVM's setter for this register", f->name, nv);
			return 0;
		}
		if (f->type == HVABI_FTR_KVM && nv != lv) {
			hvabi_msg(why, len, "field %s = %" PRId64 " would read as the host's %"
				  PRId64 ": KVM sets it itself", f->name, nv, lv);
			return 0;
		}
		if (nv != lv && hvabi_ftr_safe(f, nv, lv) != nv) {
			hvabi_msg(why, len, "field %s = %" PRId64 " is not safe against the host's %"
				  PRId64, f->name, nv, lv);
			return 0;
		}
	}
	diff &= ~checked;
	if (diff) {
		const char *name = NULL;

		for (i = 0; c && i < c->nfields && !name; i++)
			if (field_mask(&c->fields[i]) & diff)
				name = c->fields[i].name;
		hvabi_msg(why, len, "bits " FMT_X "%s%s differ from the host's and are not writable"
			  " there", diff, name ? " in field " : "", name ? name : "");
		return -1;
	}
	return 1;
}

static int idfields_meet(const struct hvabi_cat_entry *c, const struct hvabi_entry *a,
			 const struct hvabi_entry *b, struct hvabi_entry *out, char *why, size_t len)
{
	uint64_t both = writable(a) & writable(b), settled = 0, v = a->value;
	char sub[160];
	unsigned int i;

	for (i = 0; c && i < c->nfields; i++) {
		const struct hvabi_ftr_field *f = &c->fields[i];
		int64_t fa = hvabi_ftr_value(f, a->value), fb = hvabi_ftr_value(f, b->value);

		int64_t m;

		if (fa == fb)
			continue;
		if (f->type == HVABI_FTR_KVM) {
			hvabi_msg(why, len, "field %s differs (%" PRId64 " and %" PRId64
				  ") and KVM sets it itself on each host", f->name, fa, fb);
			return -EDOM;
		}
		m = f->type == HVABI_FTR_EXACT ? f->safe : hvabi_ftr_safe(f, fa, fb);
		/*
		 * A field describing the host itself (HOST): where host @a can
		 * write it, the meet takes host @b's value, which @b may not be
		 * able to change.
		 */
		if (f->type == HVABI_FTR_HOST && (field_mask(f) & writable(a)) == field_mask(f))
			m = fb;
		/*
		 * Only a host whose value differs from the meet must be written:
		 * a kernel that allows no ID register writes (before 6.7) can
		 * still take a meet equal to its own value.
		 */
		if ((m != fa && (field_mask(f) & writable(a)) != field_mask(f)) ||
		    (m != fb && (field_mask(f) & writable(b)) != field_mask(f))) {
			hvabi_msg(why, len, "field %s differs (%" PRId64 " and %" PRId64
				  ") and a host that would have to change it cannot", f->name,
				  fa, fb);
			return -EDOM;
		}
		v = field_put(f, v, m);
		settled |= field_mask(f);
	}
	if ((a->value ^ b->value) & ~settled) {
		hvabi_msg(why, len, "bits " FMT_X " differ and no rule reconciles them",
			  (a->value ^ b->value) & ~settled);
		return -EDOM;
	}
	out->value = v;
	out->flags &= (uint16_t)~HVABI_ENTRY_HAS_MASK;
	out->mask = 0;
	if ((a->flags & HVABI_ENTRY_HAS_MASK) && (b->flags & HVABI_ENTRY_HAS_MASK)) {
		out->flags |= HVABI_ENTRY_HAS_MASK;
		out->mask = both;
	}
	if (idfields_accepts(c, out, a, sub, sizeof(sub)) != 1 ||
	    idfields_accepts(c, out, b, sub, sizeof(sub)) != 1) {
		hvabi_msg(why, len, "the safe value is refused: %s", sub);
		return -EDOM;
	}
	if (v == a->value)
		return 0;
	hvabi_msg(why, len, "lowered from " FMT_X " to " FMT_X " field by field", a->value, v);
	return 1;
}

/* ---- EXACT ---- */

static bool exact_equal(const struct hvabi_entry *a, const struct hvabi_entry *b)
{
	if (a->width != b->width)
		return false;
	if (a->width > 8)
		return !memcmp(a->wide, b->wide, a->width);
	return a->value == b->value;
}

/* ---- RANGESET ---- */

static bool ranges_equal(const struct hvabi_entry *a, const struct hvabi_entry *b)
{
	return a->nranges == b->nranges &&
	       (!a->nranges || !memcmp(a->ranges, b->ranges, a->nranges * sizeof(*a->ranges)));
}

/* The Arm architecture ranges KVM always handles itself: a filter may not cover them. */
static const struct {
	uint32_t base, count;
} arm_reserved[] = {
	{ 0x80000000u, 0x10000u },
	{ 0xc0000000u, 0x10000u },
};

static int rangeset_accepts(enum hvabi_arch arch, const struct hvabi_entry *vm, char *why,
			    size_t len)
{
	unsigned int i, j;

	if (arch != HVABI_ARCH_ARM64)
		return 1;
	for (i = 0; i < vm->nranges; i++) {
		uint64_t lo = vm->ranges[i].base, hi = lo + vm->ranges[i].count;

		for (j = 0; j < HVABI_ARRAY_SIZE(arm_reserved); j++) {
			uint64_t rlo = arm_reserved[j].base, rhi = rlo + arm_reserved[j].count;

			if (lo < rhi && rlo < hi) {
				hvabi_msg(why, len, "range 0x%" PRIx64 "+%u overlaps the Arm "
					  "architecture range KVM always handles", lo,
					  vm->ranges[i].count);
				return 0;
			}
		}
	}
	return 1;
}

/* ---- CPUID ---- */

/*
 * The bit classes of a CPUID register (catalog-internal.h): every bit is
 * a feature, a weakness, ignored, a description, in a LOWER_SAFE field, or
 * else must be equal (exact).
 */
struct cpuid_class {
	const struct hvabi_cat_entry *c;
	uint64_t f, w, i, d, fld, exact;
};

static void cpuid_classes(const struct hvabi_cat_entry *c, const struct hvabi_entry *e,
			  struct cpuid_class *k)
{
	uint64_t all = e->width >= 8 ? UINT64_MAX : (1ull << (8 * e->width)) - 1;
	unsigned int n;

	memset(k, 0, sizeof(*k));
	k->c = c;
	if (k->c) {
		k->f = k->c->feature_mask;
		k->w = k->c->weak_mask;
		k->i = k->c->ignore_mask;
		k->d = k->c->desc_mask;
		for (n = 0; n < k->c->nfields; n++)
			k->fld |= field_mask(&k->c->fields[n]);
	}
	k->exact = all & ~(k->f | k->w | k->i | k->d | k->fld);
}

/* 0 when every LOWER_SAFE field of @vm is at most @host's, else names the first that is not. */
static int fields_above(const struct cpuid_class *k, uint64_t vm, uint64_t host, char *why,
			size_t len)
{
	unsigned int n;

	for (n = 0; k->c && n < k->c->nfields; n++) {
		const struct hvabi_ftr_field *f = &k->c->fields[n];
		int64_t v = hvabi_ftr_value(f, vm), h = hvabi_ftr_value(f, host);

		if (v > h) {
			hvabi_msg(why, len, "field %s = %" PRId64 " is above the host's %" PRId64,
				  f->name, v, h);
			return 1;
		}
	}
	return 0;
}

static int weak_missing(const struct hvabi_cat_entry *c, const struct hvabi_entry *vm,
			uint64_t w, const struct hvabi_entry *h, char *why, size_t len)
{
	uint64_t missing = h->value & w & ~vm->value;
	char names[160];

	if (!missing)
		return 0;
	bit_names(c, missing, why, names, sizeof(names));
	hvabi_msg(why, len, "the host has weaknesses " FMT_X "%s the guest would be told it is "
		  "free of", missing, names);
	return 1;
}

static int cpuid_accepts(const struct hvabi_cat_entry *c, const struct hvabi_entry *vm,
			 const struct hvabi_entry *h, char *why, size_t len)
{
	struct cpuid_class k;
	uint64_t extra, diff;
	char names[160];

	cpuid_classes(c, vm, &k);
	if (k.c && (k.c->flags & HVABI_CAT_HW_LAYOUT)) {
		if (!vm->value || vm->value == h->value)
			return 1;
		hvabi_msg(why, len, FMT_X " is not this host's hardware layout (" FMT_X "): "
			  "no VMM can give another", vm->value, h->value);
		return 0;
	}
	extra = vm->value & k.f & ~supported(h);
	if (extra) {
		bit_names(c, extra, why, names, sizeof(names));
		hvabi_msg(why, len, "feature bits " FMT_X "%s are not offered (host supports "
			  FMT_X ")", extra, names, supported(h) & k.f);
		return 0;
	}
	if (weak_missing(c, vm, k.w, h, why, len) || fields_above(&k, vm->value, h->value, why, len))
		return 0;
	diff = (vm->value ^ h->value) & k.exact;
	if (diff) {
		hvabi_msg(why, len, "bits " FMT_X " differ from the host's and are neither features "
			  "nor a description the VMM may give", diff);
		return -1;
	}
	return 1;
}

/*
 * Features AND, weaknesses OR, fields their minimum; ignored and
 * description bits stay @a's (baseline settles descriptions afterwards).
 */
static int cpuid_meet(const struct hvabi_cat_entry *c, const struct hvabi_entry *a,
		      const struct hvabi_entry *b, struct hvabi_entry *out, char *why, size_t len)
{
	struct cpuid_class k;
	uint64_t diff, v, lost, gained;
	char names[160];
	unsigned int n;

	cpuid_classes(c, a, &k);
	/* A component one host lacks is offered by none: 0 (the XCR0 meet drops it). */
	if (k.c && (k.c->flags & HVABI_CAT_HW_LAYOUT) && a->value != b->value) {
		if (a->value && b->value) {
			hvabi_msg(why, len, "the hosts' hardware layouts differ (" FMT_X " and "
				  FMT_X "): no VMM can give either on the other", a->value,
				  b->value);
			return -EDOM;
		}
		out->value = 0;
		hvabi_msg(why, len, "a host lacks the component: 0");
		return 1;
	}
	diff = (a->value ^ b->value) & k.exact;
	if (diff) {
		hvabi_msg(why, len, "bits " FMT_X " differ and are neither features nor a "
			  "description the VMM may give", diff);
		return -EDOM;
	}
	v = (a->value & ~(k.f | k.w)) | (a->value & b->value & k.f) | ((a->value | b->value) & k.w);
	for (n = 0; k.c && n < k.c->nfields; n++) {
		const struct hvabi_ftr_field *f = &k.c->fields[n];
		int64_t fa = hvabi_ftr_value(f, a->value), fb = hvabi_ftr_value(f, b->value);

		v = field_put(f, v, fa < fb ? fa : fb);
	}
	out->value = v;
	if ((a->flags & HVABI_ENTRY_HAS_MAX) || (b->flags & HVABI_ENTRY_HAS_MAX)) {
		out->flags |= HVABI_ENTRY_HAS_MAX;
		out->max = (supported(a) & supported(b) & k.f) | (v & ~k.f);
	}
	lost = a->value & ~v & k.f;
	gained = v & ~a->value & k.w;
	if (lost) {
		bit_names(c, lost, why, names, sizeof(names));
		hvabi_msg(why, len, "feature bits " FMT_X "%s dropped: not offered everywhere",
			  lost, names);
	} else if (gained) {
		bit_names(c, gained, why, names, sizeof(names));
		hvabi_msg(why, len, "weakness bits " FMT_X "%s added: some host has them", gained,
			  names);
	} else if (v != a->value) {
		hvabi_msg(why, len, "lowered from " FMT_X " to " FMT_X " field by field", a->value, v);
	}
	return v != a->value;
}

/* ---- FREQUENCY ---- */

/* The rates a host can give: its range, else its own rate alone. */
static void rate_range(const struct hvabi_entry *h, uint64_t *lo, uint64_t *hi)
{
	*lo = (h->flags & HVABI_ENTRY_HAS_MIN) ? h->min : h->value;
	*hi = (h->flags & HVABI_ENTRY_HAS_MAX) ? h->max : h->value;
}

static int frequency_accepts(const struct hvabi_entry *vm, const struct hvabi_entry *h,
			     char *why, size_t len)
{
	uint64_t lo, hi;

	rate_range(h, &lo, &hi);
	if (vm->value >= lo && vm->value <= hi)
		return 1;
	hvabi_msg(why, len, "%" PRIu64 " kHz cannot be given: the host runs at %" PRIu64
		  " kHz and gives %" PRIu64 "..%" PRIu64 " kHz%s", vm->value, h->value, lo, hi,
		  lo == hi || hi - lo < h->value / 1000 ? " (no TSC scaling)" : "");
	return 0;
}

/*
 * A rate both hosts can give: the lower of the two rates if it lies in
 * both ranges, else the other, else the lowest rate of the common range
 * (two hosts without scaling whose tolerances overlap).
 */
static int frequency_meet(const struct hvabi_entry *a, const struct hvabi_entry *b,
			  struct hvabi_entry *out, char *why, size_t len)
{
	uint64_t alo, ahi, blo, bhi, lo, hi, first, second;

	rate_range(a, &alo, &ahi);
	rate_range(b, &blo, &bhi);
	lo = alo > blo ? alo : blo;
	hi = ahi < bhi ? ahi : bhi;
	if (lo > hi) {
		hvabi_msg(why, len, "no rate both can give (%" PRIu64 "..%" PRIu64 " and %" PRIu64
			  "..%" PRIu64 " kHz)", alo, ahi, blo, bhi);
		return -EDOM;
	}
	first = a->value < b->value ? a->value : b->value;
	second = a->value < b->value ? b->value : a->value;
	out->value = first >= lo && first <= hi ? first : second >= lo && second <= hi ? second : lo;
	out->flags |= HVABI_ENTRY_HAS_MIN | HVABI_ENTRY_HAS_MAX;
	out->min = lo;
	out->max = hi;
	if (out->value == a->value)
		return 0;
	hvabi_msg(why, len, "%" PRIu64 " kHz, a rate every host can give", out->value);
	return 1;
}

/* ---- SVE vector lengths (HVABI_VCPU_VALUE_ARM64_SVE_VQS) ---- */

static bool is_sve_vqs(enum hvabi_arch arch, const struct hvabi_key *key)
{
	return arch == HVABI_ARCH_ARM64 && key->ns == HVABI_NS_VCPU_VALUE &&
	       key->id == HVABI_VCPU_VALUE_ARM64_SVE_VQS;
}

/* The largest vector quantum of @vqs (bit vq - 1), 0 for none. */
static unsigned int vqs_max(uint64_t vqs)
{
	unsigned int m = 0;

	for (; vqs; vqs >>= 1)
		m++;
	return m;
}

/* The quanta 1..@m. */
static uint64_t vqs_upto(unsigned int m)
{
	return m >= 64 ? UINT64_MAX : (1ull << m) - 1;
}

/*
 * set_sve_vls() (guest.c, 6.1.176 331-375, 6.12.107 337-381, 7.2.8
 * 337-381): at least one length, none above the host's largest, and
 * every length the host has up to the VM's largest, no other.
 */
static int vqs_accepts(const struct hvabi_entry *vm, const struct hvabi_entry *h, char *why,
		       size_t len)
{
	unsigned int m = vqs_max(vm->value);

	if (!m) {
		hvabi_msg(why, len, "no SVE vector length (KVM refuses an empty set)");
		return 0;
	}
	if (m > vqs_max(h->value)) {
		hvabi_msg(why, len, "vector length %u bits is above the host's largest (%u bits)",
			  128 * m, 128 * vqs_max(h->value));
		return 0;
	}
	if ((h->value & vqs_upto(m)) != vm->value) {
		hvabi_msg(why, len, "lengths " FMT_X " are not the host's " FMT_X " up to %u bits: "
			  "KVM can only cap the host's lengths, not hide one", vm->value, h->value,
			  128 * m);
		return 0;
	}
	return 1;
}

/* The host's common lengths up to the largest length both have with equal lengths below. */
static int vqs_meet(const struct hvabi_entry *a, const struct hvabi_entry *b,
		    struct hvabi_entry *out, char *why, size_t len)
{
	unsigned int m;

	for (m = vqs_max(a->value & b->value); m; m--)
		if (((a->value ^ b->value) & vqs_upto(m)) == 0 && (a->value >> (m - 1) & 1))
			break;
	if (!m) {
		hvabi_msg(why, len, "no SVE vector length both hosts can give (" FMT_X " and " FMT_X
			  ")", a->value, b->value);
		return -EDOM;
	}
	out->value = a->value & vqs_upto(m);
	if (out->value == a->value)
		return 0;
	hvabi_msg(why, len, "capped at %u bits (" FMT_X " and " FMT_X ")", 128 * m, a->value,
		  b->value);
	return 1;
}

/* ---- dispatch ---- */

/* 1: acceptable; 0: beyond what the host accepts; -1: differs where nothing can be written. */
static int judge(enum hvabi_arch arch, const struct hvabi_cat_entry *c,
		 const struct hvabi_entry *vm, const struct hvabi_entry *host, uint32_t kver,
		 char *why, size_t len)
{
	enum hvabi_kind kind = vm->kind == host->kind ? vm->kind : HVABI_KIND_EXACT;
	char name[64];

	if (why && len)
		why[0] = '\0';
	if (is_sve_vqs(arch, &vm->key) && vm->width == 8 && host->width == 8)
		return vqs_accepts(vm, host, why, len) ? 1 : -1;
	switch (kind) {
	case HVABI_KIND_BITMAP:
		return bitmap_accepts(c, vm, host, why, len);
	case HVABI_KIND_VERSION:
		return version_accepts(c, vm, host, kver, why, len);
	case HVABI_KIND_LEVEL:
		return level_accepts(c, vm, host, why, len);
	case HVABI_KIND_IDFIELDS:
		return idfields_accepts(c, vm, host, why, len);
	case HVABI_KIND_RANGESET:
		return rangeset_accepts(arch, vm, why, len);
	case HVABI_KIND_CPUID:
		return cpuid_accepts(c, vm, host, why, len);
	case HVABI_KIND_FREQUENCY:
		return frequency_accepts(vm, host, why, len);
	default:
		if (exact_equal(vm, host))
			return 1;
		if (vm->kind != host->kind)
			hvabi_msg(why, len, "%s is %s here and %s there; judged as exact, values differ",
				  entry_name(c, &vm->key, name, sizeof(name)),
				  hvabi_kind_name((enum hvabi_kind)vm->kind),
				  hvabi_kind_name((enum hvabi_kind)host->kind));
		else if (vm->width > 8)
			hvabi_msg(why, len, "the %u-byte values differ", vm->width);
		else
			hvabi_msg(why, len, "must be equal: " FMT_X " and " FMT_X, vm->value,
				  host->value);
		return -1;
	}
}

bool hvabi_rule_accepts_own(const struct hvabi_cat_entry *c, const struct hvabi_entry *vm,
			    const struct hvabi_entry *h)
{
	const uint16_t both = HVABI_ENTRY_HAS_MIN | HVABI_ENTRY_HAS_MAX;
	uint64_t lo, hi;

	switch (vm->kind) {
	case HVABI_KIND_VERSION:
		/* version_accepts() where the range needs no kernel's era */
		if ((h->flags & both) != both && c && c->neras)
			return false;
		hvabi_rule_version_range(c, h, 0, &lo, &hi);
		return version_in(c, vm->value, lo, hi);
	case HVABI_KIND_LEVEL:
		return level_ok(c, vm->value, supported(h));
	default:
		return false;
	}
}

int hvabi_rule_accepts(enum hvabi_arch arch, const struct hvabi_entry *vm,
		       const struct hvabi_entry *host, const char *host_release,
		       char *why, size_t len)
{
	return judge(arch, hvabi_cat_find(arch, &vm->key), vm, host,
		     hvabi_kernel_version_parse(host_release), why, len) == 1;
}

enum hvabi_reason hvabi_rule_judge(enum hvabi_arch arch, const struct hvabi_cat_entry *row,
				   const struct hvabi_entry *vm, const struct hvabi_entry *host,
				   uint32_t host_kver, char *why, size_t len)
{
	switch (judge(arch, row, vm, host, host_kver, why, len)) {
	case 1:
		return HVABI_REASON_OK;
	case 0:
		return HVABI_REASON_BEYOND_DEST;
	default:
		return HVABI_REASON_NOT_WRITABLE;
	}
}

int hvabi_rule_meet(enum hvabi_arch arch, const struct hvabi_entry *a, const char *a_release,
		    const struct hvabi_entry *b, const char *b_release,
		    struct hvabi_entry *out, char *why, size_t len)
{
	return hvabi_rule_meet_row(arch, hvabi_cat_find(arch, &a->key), a,
				   hvabi_kernel_version_parse(a_release), b,
				   hvabi_kernel_version_parse(b_release), out, why, len);
}

int hvabi_rule_meet_row(enum hvabi_arch arch, const struct hvabi_cat_entry *c,
			const struct hvabi_entry *a, uint32_t a_kver, const struct hvabi_entry *b,
			uint32_t b_kver, struct hvabi_entry *out, char *why, size_t len)
{
	enum hvabi_kind kind = a->kind == b->kind ? a->kind : HVABI_KIND_EXACT;
	struct hvabi_entry a_copy = *a, b_copy = *b;

	/* @out may alias @a or @b: a baseline folds hosts into one entry. */
	a = &a_copy;
	b = &b_copy;
	*out = *a;
	if (why && len)
		why[0] = '\0';
	if (a->width != b->width) {
		hvabi_msg(why, len, "widths differ (%u and %u bytes)", a->width, b->width);
		return -EDOM;
	}
	if (is_sve_vqs(arch, &a->key) && a->width == 8)
		return vqs_meet(a, b, out, why, len);
	switch (kind) {
	case HVABI_KIND_BITMAP:
		return bitmap_meet(c, a, b, out, why, len);
	case HVABI_KIND_VERSION:
		return version_meet(c, a, a_kver, b, b_kver, out, why, len);
	case HVABI_KIND_LEVEL:
		return level_meet(c, a, b, out, why, len);
	case HVABI_KIND_IDFIELDS:
		return idfields_meet(c, a, b, out, why, len);
	case HVABI_KIND_CPUID:
		return cpuid_meet(c, a, b, out, why, len);
	case HVABI_KIND_FREQUENCY:
		return frequency_meet(a, b, out, why, len);
	case HVABI_KIND_RANGESET:
		if (ranges_equal(a, b))
			return 0;
		hvabi_msg(why, len, "the filter ranges differ (%u and %u ranges)", a->nranges,
			  b->nranges);
		return -EDOM;
	default:
		if (exact_equal(a, b) && a->kind == b->kind)
			return 0;
		if (a->kind != b->kind)
			hvabi_msg(why, len, "kinds differ (%s and %s)",
				  hvabi_kind_name((enum hvabi_kind)a->kind),
				  hvabi_kind_name((enum hvabi_kind)b->kind));
		else if (a->width > 8)
			hvabi_msg(why, len, "the %u-byte values differ", a->width);
		else
			hvabi_msg(why, len, "values differ (" FMT_X " and " FMT_X ") and must be equal",
				  a->value, b->value);
		return -EDOM;
	}
}

/* ---- rules across entries ---- */

#define CLIDR_EL1_ID HVABI_RULE_CLIDR_EL1_ID
#define CTR_EL0_ID HVABI_ARM64_SYS_REG(3, 3, 0, 0, 1)
#define CTR_EL0_IDC (1ull << 28)

/* What set_clidr() reads as a promise of IDC: nothing to clean to the PoU. */
static bool clidr_promises_idc(uint64_t clidr)
{
	unsigned int louis = (clidr >> 21) & 7, loc = (clidr >> 24) & 7, louu = (clidr >> 27) & 7;

	return !loc || (!louis && !louu);
}

#define CCSIDR_DEMUX(n) HVABI_RULE_CCSIDR_DEMUX(n)
#define CSSELR_MAX HVABI_RULE_CSSELR_MAX

/*
 * kvm_get_msr_common() (arch/x86/kvm/x86.c, 6.1-7.2): a guest's RDMSR of
 * these faults unless its CPUID has the bit; kvm_set_msr_common() of 7.x
 * refuses a non-zero host write then.
 */
static const struct {
	uint32_t msr, leaf;
	enum hvabi_cpuid_reg reg;
	uint32_t bit;
} msr_gates[] = {
	{ 0x10a, 0x7, HVABI_CPUID_EDX, 29 }, /* ARCH_CAPABILITIES */
	{ 0x345, 0x1, HVABI_CPUID_ECX, 15 }, /* PERF_CAPABILITIES: PDCM */
};

bool hvabi_rule_msr_gated(const struct hvabi_featureset *set, const struct hvabi_key *key)
{
	size_t i;

	for (i = 0; i < HVABI_ARRAY_SIZE(msr_gates); i++) {
		struct hvabi_key gate = hvabi_key_cpuid(msr_gates[i].leaf, 0, msr_gates[i].reg);
		ptrdiff_t g;

		if (key->id != msr_gates[i].msr)
			continue;
		g = hvabi_fs_search(set, &gate);
		return g < 0 || !(set->e[g].value & (1ull << msr_gates[i].bit));
	}
	return false;
}

bool hvabi_rule_out_of_reach(enum hvabi_arch arch, const struct hvabi_cat_entry *c,
			     const struct hvabi_featureset *pinned, const struct hvabi_key *key)
{
	struct hvabi_key clidr = { HVABI_NS_ONE_REG, 0, 0, CLIDR_EL1_ID };
	struct hvabi_key features = hvabi_key_vcpu_value(HVABI_VCPU_VALUE_ARM64_FEATURES);
	ptrdiff_t ci;

	/* SVE's lengths without SVE: a set without the features entry has PSCI 0.2 alone */
	if (is_sve_vqs(arch, key) && pinned) {
		ci = hvabi_fs_search(pinned, &features);
		return ci < 0 || !(pinned->e[ci].value & (1u << HVABI_KVM_ARM_VCPU_SVE));
	}
	if (!c || !(c->flags & HVABI_CATALOG_IMPLIED_ANY) || !pinned)
		return false;
	ci = hvabi_fs_search(pinned, &clidr);
	return ci >= 0 && hvabi_rule_past_clidr(pinned->e[ci].value, key);
}

bool hvabi_rule_past_clidr(uint64_t clidr, const struct hvabi_key *key)
{
	unsigned int csselr = (unsigned int)(key->id & 0xff), ctype;

	/* CLIDR_EL1.Ctype<n> (3 bits a level): 1 I, 2 D, 3 I and D, 4 unified. */
	ctype = (unsigned int)(clidr >> (3 * (csselr >> 1))) & 7;
	if (csselr & 1)
		return ctype != 1 && ctype != 3;
	return ctype < 2 || ctype > 4;
}

bool hvabi_rule_guest_read(const struct hvabi_featureset *pinned,
			   const struct hvabi_featureset *host, const struct hvabi_key *key,
			   uint64_t *val, bool *pinned_differs)
{
	struct hvabi_key reg = hvabi_key_reg(key->id);
	ptrdiff_t pi = hvabi_fs_search(pinned, &reg), hi = hvabi_fs_search(host, &reg);
	ptrdiff_t gi = hvabi_fs_search(host, key);
	uint64_t pv = pi >= 0 ? pinned->e[pi].value : 0;
	/* a family member the set lacks is written off by apply (kvm-apply.c) */
	bool pins = pi >= 0 || (hi >= 0 && hvabi_apply_writes_off(host->arch, &reg) &&
				hvabi_rule_off_row(hvabi_fs_row(host, (size_t)hi), &host->e[hi], &pv));

	*pinned_differs = pins && hi >= 0 && pv != host->e[hi].value;
	if (*pinned_differs) {
		/*
		 * riscv: an SBI extension enabled where the host's probe saw it
		 * off answers its own probe(), which nobody read here
		 * (kvm_sbi_ext_base_handler(), vcpu_sbi_base.c).
		 */
		if (host->arch == HVABI_ARCH_RISCV64 &&
		    (key->id & HVABI_KVM_REG_RISCV_TYPE_MASK) == HVABI_KVM_REG_RISCV_SBI_EXT && pv)
			return false;
		*val = pv;
		return true;
	}
	if (gi < 0)
		return false;
	*val = host->e[gi].value;
	return true;
}

/*
 * set_ccsidr() (6.3+, sys_regs.c 6.12.107 288-312, 7.2.8 458-486):
 * LineSize + 4 must not be below the host's smallest line, CTR_EL0's
 * DminLine (IminLine for an instruction cache) + 2, in log2 bytes.
 */
static int ccsidr_cross(const struct hvabi_entry *vm, const struct hvabi_featureset *host,
			const struct hvabi_entry *dest_entry, char *why, size_t len)
{
	struct hvabi_key ctr = { HVABI_NS_ONE_REG, 0, 0, CTR_EL0_ID };
	unsigned int csselr = (unsigned int)(vm->key.id & 0xff), line, min;
	ptrdiff_t ci;

	if (dest_entry && dest_entry->value == vm->value)
		return 1;
	ci = hvabi_fs_search(host, &ctr);
	if (ci < 0)
		return 1;
	min = (unsigned int)((host->e[ci].value >> (csselr & 1 ? 0 : 16)) & 0xf) + 2;
	line = (unsigned int)(vm->value & 7) + 4;
	if (line >= min)
		return 1;
	hvabi_msg(why, len, "CCSIDR_EL1 " FMT_X " for CSSELR %u has %u-byte lines, below the "
		  "host's smallest (%u bytes, CTR_EL0 " FMT_X ")", vm->value, csselr, 1u << line,
		  1u << min, host->e[ci].value);
	return 0;
}

int hvabi_rule_cross(enum hvabi_arch arch, const struct hvabi_entry *vm,
		     const struct hvabi_featureset *host, char *why, size_t len)
{
	ptrdiff_t hi;

	if (!hvabi_rule_has_cross(arch, &vm->key))
		return 1;
	hi = hvabi_fs_search(host, &vm->key);
	return hvabi_rule_cross_de(vm, host, hi >= 0 ? &host->e[hi] : NULL, why, len);
}

int hvabi_rule_cross_de(const struct hvabi_entry *vm, const struct hvabi_featureset *host,
			const struct hvabi_entry *dest_entry, char *why, size_t len)
{
	struct hvabi_key ctr = { HVABI_NS_ONE_REG, 0, 0, CTR_EL0_ID };
	ptrdiff_t ci;

	if (vm->key.id != CLIDR_EL1_ID)
		return ccsidr_cross(vm, host, dest_entry, why, len);
	if (!clidr_promises_idc(vm->value))
		return 1;
	/* A host's own CLIDR_EL1 is the truth about it; only a change is checked. */
	if (dest_entry && dest_entry->value == vm->value)
		return 1;
	ci = hvabi_fs_search(host, &ctr);
	if (ci < 0 || (host->e[ci].value & CTR_EL0_IDC))
		return 1;
	hvabi_msg(why, len, "CLIDR_EL1 " FMT_X " promises IDC (LoC 0, or LoUU and LoUIS 0) "
		  "and the host's CTR_EL0 " FMT_X " has IDC 0", vm->value, host->e[ci].value);
	return 0;
}

bool hvabi_rule_off(enum hvabi_arch arch, const struct hvabi_entry *e, uint64_t *off)
{
	return hvabi_rule_off_row(hvabi_cat_find(arch, &e->key), e, off);
}

bool hvabi_rule_off_row(const struct hvabi_cat_entry *c, const struct hvabi_entry *e,
			uint64_t *off)
{
	switch (e->kind) {
	case HVABI_KIND_BITMAP:
		*off = c ? c->off : 0;
		return true;
	case HVABI_KIND_LEVEL:
	case HVABI_KIND_RANGESET:
		*off = 0;
		return true;
	case HVABI_KIND_VERSION:
		if (!c || !c->nversions)
			return false;
		*off = c->off;
		return true;
	case HVABI_KIND_CPUID:
		/* Apply writes nothing but the VMM's per-vCPU bits for a register the set lacks. */
		*off = e->value & (c ? c->ignore_mask : 0);
		return true;
	default:
		return false;
	}
}

bool hvabi_rule_implied(enum hvabi_arch arch, const struct hvabi_key *key, const char *release,
			uint64_t *value, bool *host_dependent)
{
	return hvabi_rule_implied_row(hvabi_cat_find(arch, key), hvabi_kernel_version_parse(release),
				      value, host_dependent);
}

bool hvabi_rule_implied_row(const struct hvabi_cat_entry *c, uint32_t v, uint64_t *value,
			    bool *host_dependent)
{
	unsigned int i;

	if (!c || !(c->flags & HVABI_CATALOG_HAS_IMPLIED))
		return false;
	*value = c->implied;
	for (i = 0; v && i < c->nimplied; i++)
		if (c->implied_by[i].since <= v)
			*value = c->implied_by[i].value;
	if (host_dependent)
		*host_dependent = c->flags & HVABI_CATALOG_IMPLIED_HOST_DEPENDENT;
	return true;
}

const char *hvabi_rule_explain(enum hvabi_kind kind)
{
	switch (kind) {
	case HVABI_KIND_EXACT:
		return "must be equal on both sides";
	case HVABI_KIND_BITMAP:
		return "feature bits: the guest may keep only bits the host offers";
	case HVABI_KIND_VERSION:
		return "ordered version: the host must accept the guest's version";
	case HVABI_KIND_LEVEL:
		return "mitigation level the host computes: the guest's must not exceed the host's";
	case HVABI_KIND_IDFIELDS:
		return "ID register: each writable field follows the kernel's FTR safety rule, "
		       "the rest must be equal";
	case HVABI_KIND_RANGESET:
		return "SMCCC filter ranges the VMM installs before the first run";
	case HVABI_KIND_CPUID:
		return "CPUID register: features may only shrink, weaknesses only grow, "
		       "descriptions are the VMM's to write, the rest must be equal";
	case HVABI_KIND_FREQUENCY:
		return "rate the guest runs at: the host must be able to give it";
	case HVABI_KIND_IMPLSET:
		return "CPU implementations the guest is told of: every CPU of the host must be "
		       "among them";
	default:
		return "unknown kind";
	}
}
