/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Baseline and check: pure functions of feature sets, built on the
 * per-kind rules. Both walk sorted sets side by side, so a check costs
 * one pass over the two sets.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "impls.h"
#include "report.h"
#include "rules.h"

/*
 * Where findings go: counted always, described only when there is a
 * report. A check also keeps here the two kernel releases, parsed once
 * (hvabi_kernel_version_parse(); 0 unknown), which the rules use, and
 * the set's CLIDR_EL1 once looked up (set_clidr()).
 */
struct sink {
	struct hvabi_report *report;
	enum hvabi_arch arch;
	size_t blocking;
	int err;
	uint32_t set_kv;
	uint32_t dest_kv;
	bool clidr_known;
	const struct hvabi_entry *clidr;
	/* a MIDR/REVIDR/AIDR of the set other than the destination's was taken (cap 239) */
	bool imp_differs;
};

static void note(struct sink *s, const struct hvabi_key *key, enum hvabi_reason reason,
		 enum hvabi_severity sev, const uint64_t *src, const uint64_t *dst,
		 const char *fmt, ...) __attribute__((format(printf, 7, 8)));

static void note(struct sink *s, const struct hvabi_key *key, enum hvabi_reason reason,
		 enum hvabi_severity sev, const uint64_t *src, const uint64_t *dst,
		 const char *fmt, ...)
{
	va_list ap;
	int r;

	if (sev == HVABI_SEVERITY_BLOCK)
		s->blocking++;
	if (!s->report || s->err)
		return;
	/* Formatted once, straight into the report's item. */
	va_start(ap, fmt);
	r = hvabi_report_addv(s->report, s->arch, key, reason, sev, src, dst, 0, fmt, ap);
	va_end(ap);
	if (r)
		s->err = r;
}

/*
 * A host's entry (row @c) with the accepted range its kernel @kver
 * implies, where it lacks one.
 */
static struct hvabi_entry host_facts(const struct hvabi_cat_entry *c,
				     const struct hvabi_entry *e, uint32_t kver)
{
	const struct hvabi_version_era *era;
	struct hvabi_entry h = *e;

	if (h.kind != HVABI_KIND_VERSION || (h.flags & (HVABI_ENTRY_HAS_MIN | HVABI_ENTRY_HAS_MAX)) ||
	    !c)
		return h;
	era = hvabi_cat_era(c, kver);
	if (era) {
		h.flags |= HVABI_ENTRY_HAS_MIN | HVABI_ENTRY_HAS_MAX;
		h.min = era->min;
		h.max = era->max;
	}
	return h;
}

/*
 * The entry a host (kernel @kver) without @like's key (row @row) behaves as: the
 * catalogue's implied value; a CPUID register a host does not report reads
 * as zero in a guest of a VMM that gives it the host's table (kvm_cpuid()
 * in arch/x86/kvm/cpuid.c answers zeros for a leaf missing from the
 * table; for Intel, a leaf above the highest basic leaf answers as that
 * leaf, which a pinned set makes the same on every host).
 */
static bool implied_entry(enum hvabi_arch arch, const struct hvabi_cat_entry *row,
			  const struct hvabi_entry *like, uint32_t kver,
			  const struct hvabi_featureset *pinned, struct hvabi_entry *out,
			  bool *host_dependent)
{
	uint64_t v;

	*host_dependent = false;
	/* Out of the reach of a guest of @pinned: it behaves as the others. */
	if (like->width <= 8 && hvabi_rule_out_of_reach(arch, row, pinned, &like->key)) {
		*out = *like;
		return true;
	}
	if (!hvabi_rule_implied_row(row, kver, &v, host_dependent)) {
		if (like->key.ns != HVABI_NS_CPUID)
			return false;
		v = 0;
	}
	if (like->width > 8)
		return false;
	memset(out, 0, sizeof(*out));
	out->key = like->key;
	out->kind = like->kind;
	out->scope = like->scope;
	out->width = like->width;
	out->value = v;
	switch (like->kind) {
	case HVABI_KIND_BITMAP:
	case HVABI_KIND_LEVEL:
	case HVABI_KIND_CPUID:
		out->flags = HVABI_ENTRY_HAS_MAX;
		out->max = v;
		break;
	case HVABI_KIND_VERSION:
		out->flags = HVABI_ENTRY_HAS_MIN | HVABI_ENTRY_HAS_MAX;
		out->min = out->max = v;
		break;
	default:
		break;
	}
	return true;
}

static const char *rel(const struct hvabi_featureset *fs)
{
	return fs->release[0] ? fs->release : "unknown kernel";
}

static int validate_profiles(const struct hvabi_featureset *const *profiles, size_t n)
{
	size_t i;

	if (!profiles || !n)
		return -EINVAL;
	for (i = 0; i < n; i++)
		if (!profiles[i] || profiles[i]->arch != profiles[0]->arch)
			return -EINVAL;
	return 0;
}

/*
 * How much an entry no value suits matters: everything blocks, but the
 * TSC rate, which only a guest told of an invariant TSC relies on; the
 * baseline then offers no invtsc (settle_invtsc()).
 */
static enum hvabi_severity unpinned_severity(const struct hvabi_entry *e)
{
	return e->kind == HVABI_KIND_FREQUENCY ? HVABI_SEVERITY_WARN : HVABI_SEVERITY_BLOCK;
}

/* ---- what guests read (HVABI_NS_GUEST_READ) ---- */

/*
 * A guest-read entry is a fact of its host, judged against other hosts
 * by hvabi_rule_guest_read() once everything else is settled, never by
 * the per-entry walks.
 */
static bool is_guest_read(const struct hvabi_entry *e)
{
	return e->key.ns == HVABI_NS_GUEST_READ;
}

/*
 * An entry settled apart from the per-entry walks: what a guest read
 * (check_guest_reads()) and the implementation list (settle_impls(),
 * check_impls()), which the VMM serves and no ioctl holds.
 */
static bool settled_apart(const struct hvabi_entry *e)
{
	return e->key.ns == HVABI_NS_GUEST_READ || e->key.ns == HVABI_NS_SMCCC;
}

/* Past the last guest-read entry of @fs: only the SMCCC entries sort after them. */
static size_t guest_reads_end(const struct hvabi_featureset *fs)
{
	size_t i = fs->n;

	while (i > 0 && fs->e[i - 1].key.ns > HVABI_NS_GUEST_READ)
		i--;
	return i;
}

/* Whether @row is MIDR_EL1, REVIDR_EL1 or AIDR_EL1, which settle_impls() pins. */
static bool imp_id_row(const struct hvabi_cat_entry *row)
{
	return row && (row->flags & HVABI_CAT_IMP_ID);
}

/* The first guest-read entry of @fs, or guest_reads_end(). */
static size_t guest_reads_start(const struct hvabi_featureset *fs)
{
	size_t i = guest_reads_end(fs);

	while (i > 0 && is_guest_read(&fs->e[i - 1]))
		i--;
	return i;
}

/*
 * An entry the guest of @set cannot reach and nothing writes: SVE's
 * lengths of vCPUs without SVE (hvabi_vcpu_finalize() writes them only
 * with SVE). A CCSIDR past the set's CLIDR_EL1 is out of the guest's reach
 * too, but apply writes every CCSIDR the destination lists, so the
 * kernel's rules for writing it still judge it.
 */
static bool unreachable_unwritten(const struct hvabi_featureset *set,
				  const struct hvabi_cat_entry *row, const struct hvabi_key *key)
{
	return key->ns == HVABI_NS_VCPU_VALUE && hvabi_rule_out_of_reach(set->arch, row, set, key);
}

/*
 * hvabi_rule_out_of_reach() of the set @set's entry @key (row @row), the
 * set's CLIDR_EL1 searched once per check: a destination may lack most
 * CCSIDRs, and each asks.
 */
static bool set_out_of_reach(struct sink *s, const struct hvabi_featureset *set,
			     const struct hvabi_cat_entry *row, const struct hvabi_key *key)
{
	struct hvabi_key clidr = { HVABI_NS_ONE_REG, 0, 0, HVABI_RULE_CLIDR_EL1_ID };
	ptrdiff_t ci;

	if (key->ns != HVABI_NS_ONE_REG || !row || !(row->flags & HVABI_CATALOG_IMPLIED_ANY))
		return hvabi_rule_out_of_reach(s->arch, row, set, key);
	if (!s->clidr_known) {
		ci = hvabi_fs_search(set, &clidr);
		s->clidr = ci >= 0 ? &set->e[ci] : NULL;
		s->clidr_known = true;
	}
	return s->clidr && hvabi_rule_past_clidr(s->clidr->value, key);
}

/* A guest-read key whose register (a CCSIDR) the guest of @pinned cannot reach. */
static bool guest_read_out_of_reach(const struct hvabi_featureset *pinned,
				    const struct hvabi_key *key)
{
	struct hvabi_key reg = hvabi_key_reg(key->id);

	return hvabi_rule_out_of_reach(pinned->arch, hvabi_cat_find(pinned->arch, &reg), pinned,
				       &reg);
}

/*
 * What the guest of @set reads, against what it would read on @dest with
 * the set applied. Both sides must say: a set without readings cannot
 * promise a destination whose guest reads values directly that they stay
 * (what it read is not known), and one with them needs a destination
 * probed with them too. Neither side with readings (x86, or profiles
 * probed without the guest step on both ends): nothing to compare.
 */
static void check_guest_reads(struct sink *s, const struct hvabi_featureset *set,
			      const struct hvabi_featureset *dest)
{
	size_t a = guest_reads_start(set), b = guest_reads_start(dest), i;
	size_t a_end = guest_reads_end(set), b_end = guest_reads_end(dest);
	struct hvabi_key none = { HVABI_NS_GUEST_READ, 0, 0, 0 };
	bool differs;
	uint64_t v;

	if (a == a_end) {
		if (b < b_end)
			note(s, &none, HVABI_REASON_MISSING_ON_SOURCE, HVABI_SEVERITY_BLOCK, NULL,
			     NULL, "the destination's guest (%s) reads %zu values directly "
			     "(CNTFRQ_EL0, DCZID_EL0, ...); the set does not say what its own "
			     "guest read (probe its host with hvabi probe --guest-reads)",
			     rel(dest), b_end - b);
		return;
	}
	if (b == b_end) {
		note(s, &none, HVABI_REASON_MISSING_ON_DEST, HVABI_SEVERITY_BLOCK, NULL, NULL,
		     "the set says what its guest reads (%zu values) and the destination (%s) "
		     "was probed without its guest (hvabi probe --guest-reads): nothing to "
		     "compare them with", a_end - a, rel(dest));
		return;
	}
	for (i = a; i < a_end; i++) {
		const struct hvabi_entry *g = &set->e[i];

		if (!hvabi_rule_guest_read(set, dest, &g->key, &v, &differs)) {
			note(s, &g->key, HVABI_REASON_MISSING_ON_DEST, HVABI_SEVERITY_BLOCK,
			     &g->value, NULL, "the guest reads 0x%" PRIx64 "; what the "
			     "destination's guest (%s) would read is not known (it read no such "
			     "value, or the set turns on what its probe saw off)", g->value,
			     rel(dest));
		} else if (v != g->value) {
			note(s, &g->key, HVABI_REASON_NOT_PINNABLE, HVABI_SEVERITY_BLOCK, &g->value,
			     &v, "the guest reads 0x%" PRIx64 " and would read 0x%" PRIx64
			     " on the destination (%s): %s", g->value, v, rel(dest),
			     differs ? "the set's register value, which the source's guest "
				       "does not see (its kernel leaves the register to the CPU)"
				     : "the destination's own reading, which no KVM interface "
				       "changes to the guest's");
		}
	}
	for (i = b; i < b_end; i++) {
		const struct hvabi_entry *g = &dest->e[i];

		if (hvabi_featureset_find(set, &g->key, NULL) && !guest_read_out_of_reach(set, &g->key))
			note(s, &g->key, HVABI_REASON_MISSING_ON_SOURCE, HVABI_SEVERITY_BLOCK, NULL,
			     &g->value, "the destination's guest reads 0x%" PRIx64 "; the set "
			     "does not say what the source's guest read", g->value);
	}
}

/*
 * The fleet's guest reads, once the baseline @base is final: a value
 * every host's guest reads with @base applied, or none (blocked) where
 * they differ. A fleet with a host probed without its guest keeps none.
 */
static int settle_guest_reads(struct hvabi_featureset *base,
			      const struct hvabi_featureset *const *profiles, size_t n,
			      struct sink *s)
{
	struct hvabi_key none = { HVABI_NS_GUEST_READ, 0, 0, 0 };
	struct hvabi_featureset *keys = NULL;
	size_t j, k;
	int r;

	r = hvabi_featureset_new(base->arch, &keys);
	/* every guest-read key of the fleet, out of the baseline for now */
	for (j = 0; !r && j < n; j++) {
		for (k = guest_reads_start(profiles[j]); !r && k < guest_reads_end(profiles[j]); k++)
			if (hvabi_featureset_find(keys, &profiles[j]->e[k].key, NULL))
				r = hvabi_featureset_put(keys, &profiles[j]->e[k]);
	}
	for (k = guest_reads_end(base); !r && k-- > guest_reads_start(base);)
		r = hvabi_featureset_remove(base, &base->e[k].key);
	/*
	 * A host probed without its guest: no reading can be promised there,
	 * and check of the baseline against it refuses (check_guest_reads());
	 * the readings of the others are still met, so that they stay
	 * compared among themselves.
	 */
	for (j = 0; !r && keys->n && j < n; j++)
		if (guest_reads_start(profiles[j]) == guest_reads_end(profiles[j]))
			note(s, &none, HVABI_REASON_DROPPED, HVABI_SEVERITY_BLOCK, NULL, NULL,
			     "host #%zu (%s) was probed without its guest (hvabi probe "
			     "--guest-reads): what its guests read directly cannot be promised",
			     j, rel(profiles[j]));
	for (k = 0; !r && k < keys->n; k++) {
		struct hvabi_entry g = keys->e[k];
		uint64_t v0 = 0, v;
		bool differs, ok = true, first = true;

		if (guest_read_out_of_reach(base, &g.key))
			continue;
		for (j = 0; ok && j < n; j++) {
			if (guest_reads_start(profiles[j]) == guest_reads_end(profiles[j]))
				continue;
			if (!hvabi_rule_guest_read(base, profiles[j], &g.key, &v, &differs)) {
				note(s, &g.key, HVABI_REASON_DROPPED, HVABI_SEVERITY_BLOCK, NULL, NULL,
				     "host #%zu (%s): what its guest would read is not known (it read "
				     "no such value, or the baseline turns on what its probe saw off)",
				     j, rel(profiles[j]));
				ok = false;
			} else if (!first && v != v0) {
				note(s, &g.key, HVABI_REASON_CONFLICT, HVABI_SEVERITY_BLOCK, &v0, &v,
				     "guests read 0x%" PRIx64 " on one host and 0x%" PRIx64
				     " on host #%zu (%s) with the baseline applied; nothing pins it",
				     v0, v, j, rel(profiles[j]));
				ok = false;
			}
			if (first)
				v0 = v;
			first = false;
		}
		if (ok) {
			g.value = v0;
			r = hvabi_featureset_put(base, &g);
		}
	}
	hvabi_featureset_free(keys);
	return r;
}

/* Record @key as blocked: no later host brings it back. */
static int block_key(struct hvabi_featureset *blocked, const struct hvabi_key *key)
{
	struct hvabi_entry e;

	memset(&e, 0, sizeof(e));
	e.key = *key;
	e.width = 8;
	return hvabi_featureset_put(blocked, &e);
}

/* "host #0" or "hosts #0..#N": the hosts a fold of host @i met before it. */
static const char *earlier(size_t i, char *buf, size_t len)
{
	if (i == 1)
		snprintf(buf, len, "host #0");
	else
		snprintf(buf, len, "hosts #0..#%zu", i - 1);
	return buf;
}

/*
 * Add to the baseline an entry @e (of row @row) that host @i has and hosts
 * 0..i-1 lack, met with the value each of those hosts implies by lacking it.
 * @kv: each host's kernel, parsed.
 */
static int fold_new_entry(const struct hvabi_featureset *base,
			  const struct hvabi_featureset *const *profiles, const uint32_t *kv,
			  size_t i, const struct hvabi_entry *e, const struct hvabi_cat_entry *row,
			  struct sink *s, struct hvabi_featureset *adds,
			  struct hvabi_featureset *blocked)
{
	enum hvabi_arch arch = profiles[0]->arch;
	struct hvabi_entry cur = host_facts(row, e, kv[i]), implied;
	bool host_dep = false, dep;
	char why[200], eb[32];
	size_t j;

	for (j = 0; j < i; j++) {
		if (!implied_entry(arch, row, &cur, kv[j], base, &implied, &dep)) {
			note(s, &e->key, HVABI_REASON_DROPPED, unpinned_severity(e), NULL, &e->value,
			     "host #%zu (%s) has it, host #%zu (%s) lacks it and nothing is implied:"
			     " not migratable between them", i, rel(profiles[i]), j,
			     rel(profiles[j]));
			return block_key(blocked, &e->key);
		}
		host_dep |= dep;
		if (hvabi_rule_meet_row(arch, row, &cur, 0, &implied, 0, &cur, why, sizeof(why)) < 0) {
			note(s, &e->key, HVABI_REASON_CONFLICT, HVABI_SEVERITY_BLOCK, &implied.value,
			     &e->value, "host #%zu (%s) lacks it and implies 0x%" PRIx64
			     ", which host #%zu cannot meet: %s", j, rel(profiles[j]), implied.value,
			     i, why);
			return block_key(blocked, &e->key);
		}
	}
	note(s, &e->key, HVABI_REASON_IMPLIED,
	     host_dep ? HVABI_SEVERITY_WARN : HVABI_SEVERITY_INFO, &e->value, &cur.value,
	     "host #%zu (%s) has it, which %s lacked; kept at 0x%" PRIx64 ", what that implies%s",
	     i, rel(profiles[i]), earlier(i, eb, sizeof(eb)), cur.value,
	     host_dep ? " (assumed: depends on the host)" : "");
	return hvabi_featureset_put(adds, &cur);
}

/* Block @key for the hosts still to come and say the entry is dropped (1), or -errno. */
static int block_key_dropped(struct hvabi_featureset *blocked, const struct hvabi_key *key)
{
	int r = block_key(blocked, key);

	return r ? r : 1;
}

/*
 * Meet the baseline's entry @cur (of row @row) with host @i's @theirs.
 * Returns 1 when @cur must be dropped (and is blocked where it matters),
 * 0 when @cur now holds the meet, or a negative errno.
 */
static int fold_both(struct hvabi_featureset *base, struct hvabi_entry *cur,
		     const struct hvabi_cat_entry *row, const struct hvabi_featureset *p,
		     const struct hvabi_entry *theirs, uint32_t kv, size_t i, struct sink *s,
		     struct hvabi_featureset *blocked)
{
	struct hvabi_entry host = host_facts(row, theirs, kv), out;
	uint64_t old = cur->value;
	char why[200], eb[32];

	if (hvabi_rule_meet_row(base->arch, row, cur, 0, &host, 0, &out, why, sizeof(why)) >= 0) {
		/* Lowering is reported once per entry, after the fold. */
		*cur = out;
		return 0;
	}
	if (unreachable_unwritten(base, row, &cur->key)) {
		/* SVE's lengths of a set without SVE: nothing to agree on */
		note(s, &cur->key, HVABI_REASON_DROPPED, HVABI_SEVERITY_INFO, &old, &host.value,
		     "out of the guest's reach; %s and host #%zu (%s) disagree: %s",
		     earlier(i, eb, sizeof(eb)), i, rel(p), why);
		return 1;
	}
	note(s, &cur->key, HVABI_REASON_CONFLICT, unpinned_severity(cur), &old, &host.value,
	     "%s and host #%zu (%s) disagree: %s", earlier(i, eb, sizeof(eb)), i, rel(p), why);
	return block_key_dropped(blocked, &cur->key);
}

/*
 * The baseline's entry @cur (of row @row), which host @i lacks: met with
 * what host @i behaves as without it. Returns as fold_both().
 */
static int fold_missing(struct hvabi_featureset *base, struct hvabi_entry *cur,
			const struct hvabi_cat_entry *row, const struct hvabi_featureset *p,
			uint32_t kv, size_t i, struct sink *s, struct hvabi_featureset *blocked)
{
	struct hvabi_entry implied, out;
	uint64_t old = cur->value;
	char why[200], eb[32];
	bool host_dependent;

	if (!implied_entry(base->arch, row, cur, kv, base, &implied, &host_dependent)) {
		note(s, &cur->key, HVABI_REASON_DROPPED, unpinned_severity(cur), &old, NULL,
		     "host #%zu (%s) lacks it and nothing is implied: not migratable between "
		     "it and %s", i, rel(p), earlier(i, eb, sizeof(eb)));
		return block_key_dropped(blocked, &cur->key);
	}
	if (hvabi_rule_meet_row(base->arch, row, cur, 0, &implied, 0, &out, why, sizeof(why)) < 0) {
		note(s, &cur->key, HVABI_REASON_CONFLICT, HVABI_SEVERITY_BLOCK, &old,
		     &implied.value, "host #%zu (%s) lacks it and implies 0x%" PRIx64 ": %s", i,
		     rel(p), implied.value, why);
		return block_key_dropped(blocked, &cur->key);
	}
	note(s, &cur->key, HVABI_REASON_IMPLIED,
	     host_dependent ? HVABI_SEVERITY_WARN : HVABI_SEVERITY_INFO, &old, &out.value,
	     "host #%zu (%s) lacks it and behaves as 0x%" PRIx64 "%s", i, rel(p), implied.value,
	     host_dependent ? " (assumed: depends on the host)" : "");
	*cur = out;
	return 0;
}

/* Meet the baseline @base (hosts 0..i-1) with host @i, in place. */
static int fold(struct hvabi_featureset *base, const struct hvabi_featureset *const *profiles,
		const uint32_t *kv, size_t i, struct sink *s, struct hvabi_featureset *blocked)
{
	const struct hvabi_featureset *p = profiles[i];
	struct hvabi_featureset *adds = NULL;
	size_t a = 0, b = 0, k;
	bool *drop;
	int r = 0;

	drop = calloc(base->n + 1, sizeof(*drop));
	if (!drop || hvabi_featureset_new(base->arch, &adds)) {
		free(drop);
		return -ENOMEM;
	}
	while (!r && (a < base->n || b < p->n)) {
		int c = a == base->n ? 1 : b == p->n ? -1
						     : hvabi_key_cmp(&base->e[a].key, &p->e[b].key);

		if (settled_apart(c > 0 ? &p->e[b] : &base->e[a]) ||
		    imp_id_row(c > 0 ? hvabi_fs_row(p, b) : hvabi_fs_row(base, a))) {
			/* settle_impls() and settle_guest_reads() judge them once the rest is met */
			a += c <= 0;
			b += c >= 0;
			continue;
		}
		if (c > 0) {
			if (hvabi_featureset_find(blocked, &p->e[b].key, NULL))
				r = fold_new_entry(base, profiles, kv, i, &p->e[b], hvabi_fs_row(p, b),
						   s, adds, blocked);
			b++;
			continue;
		}
		r = c == 0 ? fold_both(base, &base->e[a], hvabi_fs_row(base, a), p, &p->e[b], kv[i],
				       i, s, blocked)
			   : fold_missing(base, &base->e[a], hvabi_fs_row(base, a), p, kv[i], i, s,
					  blocked);
		if (r > 0) {
			drop[a] = true;
			r = 0;
		}
		a++;
		b += c == 0;
	}
	/* Drop from the end so earlier indexes stay valid. */
	for (k = base->n; !r && k-- > 0;)
		if (drop[k])
			r = hvabi_featureset_remove(base, &base->e[k].key);
	for (k = 0; !r && k < adds->n; k++)
		r = hvabi_featureset_put(base, &adds->e[k]);
	hvabi_featureset_free(adds);
	free(drop);
	return r;
}

/* Report, for each entry the baseline lowered, which hosts offer more than it keeps. */
static void report_lowered(const struct hvabi_featureset *base,
			   const struct hvabi_featureset *const *profiles, size_t n, struct sink *s)
{
	size_t i, j;

	for (i = 0; i < base->n; i++) {
		const struct hvabi_entry *e = &base->e[i];
		char msg[160];
		size_t used = 0, count = 0;
		uint64_t first = 0;

		if (e->kind == HVABI_KIND_LEVEL || e->kind == HVABI_KIND_EXACT || e->width > 8)
			continue;
		/* raised, not lowered: settle_impls() says why */
		if (e->key.ns == HVABI_NS_ONE_REG &&
		    e->key.id == HVABI_KVM_REG_ARM_VENDOR_HYP_BMAP_2 && hvabi_impls_served(base))
			continue;
		for (j = 0; j < n; j++) {
			struct hvabi_entry he;
			int w;

			if (hvabi_featureset_find(profiles[j], &e->key, &he) || he.value == e->value)
				continue;
			if (!count++)
				first = he.value;
			if (used < sizeof(msg)) {
				w = snprintf(msg + used, sizeof(msg) - used, "%s#%zu (%s) 0x%" PRIx64,
					     used ? ", " : "", j, rel(profiles[j]), he.value);
				used += w > 0 ? (size_t)w : 0;
			}
		}
		if (count)
			note(s, &e->key, HVABI_REASON_LOWERED, HVABI_SEVERITY_INFO, &first, &e->value,
			     "kept at 0x%" PRIx64 " (%s); %zu host(s) offer otherwise: %s", e->value,
			     hvabi_rule_explain((enum hvabi_kind)e->kind), count, msg);
	}
}

/* Say, for each level entry, which hosts a VM may move to. */
static void report_levels(const struct hvabi_featureset *base,
			  const struct hvabi_featureset *const *profiles, const uint32_t *kv,
			  size_t n, struct sink *s)
{
	size_t i, j;

	for (i = 0; i < base->n; i++) {
		const struct hvabi_entry *e = &base->e[i];
		char msg[200];
		size_t used = 0;
		bool differ = false;
		uint64_t first = 0;

		if (e->kind != HVABI_KIND_LEVEL)
			continue;
		for (j = 0; j < n; j++) {
			struct hvabi_entry he, imp;
			uint64_t v;
			bool hd;
			int w;

			if (!hvabi_featureset_find(profiles[j], &e->key, &he))
				v = (he.flags & HVABI_ENTRY_HAS_MAX) ? he.max : he.value;
			else if (implied_entry(base->arch, hvabi_fs_row(base, i), e, kv[j], base, &imp,
					       &hd))
				v = imp.value;
			else
				continue;
			if (j == 0)
				first = v;
			differ |= v != first;
			if (used < sizeof(msg)) {
				w = snprintf(msg + used, sizeof(msg) - used, "%s#%zu=%" PRIu64,
					     used ? " " : "", j, v);
				used += w > 0 ? (size_t)w : 0;
			}
		}
		note(s, &e->key, HVABI_REASON_NOT_PINNABLE,
		     differ ? HVABI_SEVERITY_WARN : HVABI_SEVERITY_INFO, &e->value, NULL,
		     "the guest reads its host's own level (%s); a VM may move only to hosts "
		     "whose level is at least that of the host it runs on", msg);
	}
}

/* CPUID 0x80000007.EDX bit 8: the TSC runs at one rate, whatever the host does. */
#define INVTSC_BIT (1ull << 8)

static struct hvabi_key invtsc_key(void)
{
	return hvabi_key_cpuid(0x80000007, 0, HVABI_CPUID_EDX);
}

/*
 * Whether @set tells the guest its TSC is invariant without saying at
 * which rate: after a move to a host of another rate the guest's clock
 * would run wrong. QEMU refuses to migrate such a VM (invtsc is a
 * migration blocker unless tsc-frequency is set) and so does libvirt.
 */
static bool invtsc_unpinned(const struct hvabi_featureset *set, ptrdiff_t *at)
{
	struct hvabi_key inv = invtsc_key(), tsc = hvabi_key_vcpu_value(HVABI_VCPU_VALUE_TSC_KHZ);

	if (set->arch != HVABI_ARCH_X86_64)
		return false;
	*at = hvabi_fs_search(set, &inv);
	return *at >= 0 && (set->e[*at].value & INVTSC_BIT) && hvabi_fs_search(set, &tsc) < 0;
}

/* A baseline without a TSC rate every host can give offers no invtsc. */
static void settle_invtsc(struct hvabi_featureset *base, struct sink *s)
{
	ptrdiff_t at;
	uint64_t old;

	if (!invtsc_unpinned(base, &at))
		return;
	old = base->e[at].value;
	base->e[at].value &= ~INVTSC_BIT;
	note(s, &base->e[at].key, HVABI_REASON_LOWERED, HVABI_SEVERITY_WARN, &old,
	     &base->e[at].value, "invtsc (CONSTANT_TSC) dropped: no TSC rate every host can "
	     "give is known, and a guest told its TSC is invariant must keep its rate");
}

/*
 * The rules across entries (hvabi_rule_cross(): CLIDR_EL1 against the
 * host's CTR_EL0.IDC) judge a value against a whole host, which the fold
 * never sees: a met value every host takes one entry at a time may still
 * be refused by one of them. Such an entry is no value for the fleet.
 */
static int settle_cross(struct hvabi_featureset *base,
			const struct hvabi_featureset *const *profiles, size_t n, struct sink *s)
{
	char why[200];
	size_t i, j;
	int r = 0;

	for (i = base->n; !r && i-- > 0;) {
		/* Most entries have no rule across entries: no call per host for them. */
		if (!hvabi_rule_has_cross(base->arch, &base->e[i].key))
			continue;
		for (j = 0; j < n; j++) {
			if (hvabi_rule_cross(base->arch, &base->e[i], profiles[j], why, sizeof(why)))
				continue;
			note(s, &base->e[i].key, HVABI_REASON_CONFLICT, HVABI_SEVERITY_BLOCK,
			     &base->e[i].value, NULL, "host #%zu (%s) cannot take the met value: %s",
			     j, rel(profiles[j]), why);
			r = hvabi_featureset_remove(base, &base->e[i].key);
			break;
		}
	}
	return r;
}

static uint64_t desc_bits(const struct hvabi_cat_entry *c)
{
	return c && c->kind == HVABI_KIND_CPUID ? c->desc_mask : 0;
}

/* Host @j's description bits of @key (0 where it lacks the entry). */
static uint64_t host_desc(const struct hvabi_featureset *p, const struct hvabi_key *key,
			  uint64_t d)
{
	ptrdiff_t at = hvabi_fs_search(p, key);

	return at >= 0 ? p->e[at].value & d : 0;
}

/*
 * The CPU description a VMM gives (x86 family/model/stepping, brand
 * string, cache geometry: the catalogue's desc_mask bits)
 * must read as one real CPU, not a mix: take all of it from one host, the
 * one whose description sorts lowest in key order (family/model/stepping
 * first, so the oldest model; ties are equal descriptions). Any host can
 * give it: KVM takes these values from the VMM as they come.
 */
static void settle_descriptions(struct hvabi_featureset *base,
				const struct hvabi_featureset *const *profiles, size_t n,
				struct sink *s)
{
	size_t i, j, best = 0, changed = 0, at = 0;
	uint64_t first = 0;

	for (j = 1; j < n; j++) {
		for (i = 0; i < base->n; i++) {
			uint64_t d = desc_bits(hvabi_fs_row(base, i)), vj, vb;

			if (!d)
				continue;
			vj = host_desc(profiles[j], &base->e[i].key, d);
			vb = host_desc(profiles[best], &base->e[i].key, d);
			if (vj != vb) {
				if (vj < vb)
					best = j;
				break;
			}
		}
	}
	for (i = 0; i < base->n; i++) {
		struct hvabi_entry *e = &base->e[i];
		uint64_t d = desc_bits(hvabi_fs_row(base, i)), v;

		if (!d)
			continue;
		v = (e->value & ~d) | host_desc(profiles[best], &e->key, d);
		if (v != e->value && !changed++) {
			first = e->value;
			at = i;
		}
		e->value = v;
		if (e->flags & HVABI_ENTRY_HAS_MAX)
			e->max = (e->max & ~d) | (v & d);
	}
	if (changed)
		note(s, &base->e[at].key, HVABI_REASON_LOWERED, HVABI_SEVERITY_INFO, &first,
		     &base->e[at].value,
		     "the CPU description (family/model/stepping, brand, caches) of host #%zu (%s) "
		     "is given to the guest on every host: %zu registers", best,
		     rel(profiles[best]), changed);
}

/* ---- the CPU implementations of a mixed arm64 fleet (impls.c) ---- */

static const struct hvabi_key impls_key = { HVABI_NS_SMCCC, 0, 0,
					    HVABI_SMCCC_KVM_DISCOVER_IMPL_CPUS };
static const struct hvabi_key filter_key = { HVABI_NS_ATTR, HVABI_ATTR_VM,
					     HVABI_KVM_ARM_VM_SMCCC_CTRL,
					     HVABI_KVM_ARM_VM_SMCCC_FILTER };
/* The filter range that forwards DISCOVER_IMPL_VER and _CPUS to the VMM. */
static const struct hvabi_range impls_range = { HVABI_SMCCC_KVM_DISCOVER_IMPL_VER, 2,
						HVABI_RANGE_FWD_TO_USER, { 0 } };

/* "Neoverse V1 r1p1 (MIDR 0x411fd401, REVIDR 0x0, AIDR 0x0)" */
static const char *impl_text(const struct hvabi_impl *im, char *buf, size_t len)
{
	char name[64];

	hvabi_impls_cpu_name(im->midr, name, sizeof(name));
	snprintf(buf, len, "%s (MIDR 0x%" PRIx64 ", REVIDR 0x%" PRIx64 ", AIDR 0x%" PRIx64 ")",
		 name, im->midr, im->revidr, im->aidr);
	return buf;
}

/* The value of @fs's entry @key, and what its host supports (max where it says). */
static bool entry_bits(const struct hvabi_featureset *fs, const struct hvabi_key *key,
		       uint64_t *value, uint64_t *supported)
{
	ptrdiff_t at = hvabi_fs_search(fs, key);

	if (at < 0)
		return false;
	*value = fs->e[at].value;
	*supported = (fs->e[at].flags & HVABI_ENTRY_HAS_MAX) ? fs->e[at].max : fs->e[at].value;
	return true;
}

/*
 * Whether host @p can tell a guest the list and show it @pin: BMAP_2
 * (6.15+) supporting bits 0-1, VENDOR_HYP_BMAP's KVM_FEATURES and UID
 * (the guest asks nothing without them, kvm_guest.c 7.2.8 18-41), an SMCCC
 * filter to forward the calls (6.4+), and cap 239 unless @pin is the host's
 * own CPU; @why says what it lacks.
 */
static bool can_serve(const struct hvabi_featureset *p, const struct hvabi_impl *pin,
		      char *why, size_t len)
{
	struct hvabi_key b1 = hvabi_key_reg(HVABI_KVM_REG_ARM_VENDOR_HYP_BMAP);
	struct hvabi_key b2 = hvabi_key_reg(HVABI_KVM_REG_ARM_VENDOR_HYP_BMAP_2);
	struct hvabi_key cap = hvabi_key_cap(HVABI_IMPLS_CAP);
	struct hvabi_impl own[HVABI_IMPLS_MAX];
	uint64_t v, sup;

	if (!entry_bits(p, &b2, &v, &sup) || (sup & HVABI_IMPLS_BMAP_2_BITS) != HVABI_IMPLS_BMAP_2_BITS) {
		snprintf(why, len, "no VENDOR_HYP_BMAP_2 with DISCOVER_IMPL (6.15+)");
		return false;
	}
	if (!entry_bits(p, &b1, &v, &sup) || !(sup & HVABI_IMPLS_BMAP_FUNC_FEAT)) {
		snprintf(why, len, "VENDOR_HYP_BMAP offers no KVM_FEATURES: its guests ask nothing");
		return false;
	}
	if (hvabi_fs_search(p, &filter_key) < 0) {
		snprintf(why, len, "no SMCCC filter to forward the calls to the VMM (6.4+)");
		return false;
	}
	if ((hvabi_impls_of(p, own) != 1 || hvabi_impl_cmp(&own[0], pin)) &&
	    (!entry_bits(p, &cap, &v, &sup) || !v)) {
		snprintf(why, len, "another CPU, without KVM_CAP_ARM_WRITABLE_IMP_ID_REGS "
			 "(6.15+) to show the pinned one");
		return false;
	}
	return true;
}

/* Leave the list and the three registers out of @base: the fleet cannot agree on them. */
static int drop_impls(struct hvabi_featureset *base)
{
	size_t i;
	int r = hvabi_featureset_remove(base, &impls_key);

	r = r == -ENOENT ? 0 : r;
	for (i = 0; !r && i < 3; i++) {
		struct hvabi_key k = hvabi_key_reg(hvabi_impls_reg_ids[i]);

		r = hvabi_featureset_remove(base, &k);
		r = r == -ENOENT ? 0 : r;
	}
	return r;
}

/*
 * Add the forwarding range to @base's SMCCC filter (created empty if
 * absent): 0, 1 when the filter has no place for it (a blocking item
 * says why), or -errno.
 */
static int add_impls_range(struct hvabi_featureset *base, struct sink *s)
{
	struct hvabi_range ranges[HVABI_RANGES_MAX];
	struct hvabi_entry f;
	size_t i, k = 0;
	bool placed = false;

	if (hvabi_featureset_find(base, &filter_key, &f)) {
		hvabi_entry_init(&f, base->arch, &filter_key);
		f.nranges = 0;
	}
	for (i = 0; i < f.nranges; i++) {
		const struct hvabi_range *g = &f.ranges[i];

		if (!memcmp(g, &impls_range, sizeof(*g)))
			return 0;
		if ((uint64_t)g->base + g->count > impls_range.base &&
		    g->base < impls_range.base + impls_range.count) {
			note(s, &filter_key, HVABI_REASON_CONFLICT, HVABI_SEVERITY_BLOCK, NULL, NULL,
			     "the fleet's SMCCC filter range 0x%x+%u covers DISCOVER_IMPL, which "
			     "must be forwarded to the VMM", g->base, g->count);
			return 1;
		}
		if (!placed && g->base > impls_range.base) {
			ranges[k++] = impls_range;
			placed = true;
		}
		ranges[k++] = *g;
	}
	if (f.nranges == HVABI_RANGES_MAX) {
		note(s, &filter_key, HVABI_REASON_CONFLICT, HVABI_SEVERITY_BLOCK, NULL, NULL,
		     "the fleet's SMCCC filter holds %u ranges, the most a set does: no room "
		     "to forward DISCOVER_IMPL to the VMM", HVABI_RANGES_MAX);
		return 1;
	}
	if (!placed)
		ranges[k++] = impls_range;
	f.ranges = ranges;
	f.nranges = (uint16_t)k;
	return hvabi_featureset_put(base, &f);
}

/*
 * Pin @pin in those of MIDR_EL1, REVIDR_EL1 and AIDR_EL1 some host has:
 * one none has (an import without REVIDR) stays out, as before.
 */
static int pin_known(struct hvabi_featureset *base, const struct hvabi_featureset *const *profiles,
		     size_t n, const struct hvabi_impl *pin)
{
	unsigned int which = 0, i;
	size_t j;

	for (i = 0; i < 3; i++) {
		struct hvabi_key k = hvabi_key_reg(hvabi_impls_reg_ids[i]);

		for (j = 0; j < n && hvabi_fs_search(profiles[j], &k) < 0; j++)
			;
		if (j < n)
			which |= 1u << i;
	}
	return hvabi_impls_write_pin(base, pin, which);
}

/*
 * Tell the guest of @base its @nu implementations: KVM_FEATURES offered
 * (VENDOR_HYP_BMAP bit 0), the forwarding range in the filter, and both
 * DISCOVER_IMPL bits in VENDOR_HYP_BMAP_2, in that order so that nothing
 * is raised for a list that cannot be told. 0, 1 when it cannot (a
 * blocking item says why), or -errno.
 */
static int serve_impls(struct hvabi_featureset *base, struct sink *s, size_t nu)
{
	struct hvabi_key b1 = hvabi_key_reg(HVABI_KVM_REG_ARM_VENDOR_HYP_BMAP);
	struct hvabi_key b2 = hvabi_key_reg(HVABI_KVM_REG_ARM_VENDOR_HYP_BMAP_2);
	ptrdiff_t at = hvabi_fs_search(base, &b1), at2;
	int r;

	if (at < 0 || !(base->e[at].value & HVABI_IMPLS_BMAP_FUNC_FEAT)) {
		note(s, &b1, HVABI_REASON_CONFLICT, HVABI_SEVERITY_BLOCK, NULL, NULL,
		     "the fleet's VENDOR_HYP_BMAP offers no KVM_FEATURES: its guests would "
		     "never ask for the %zu implementations", nu);
		return 1;
	}
	/* every host has it (can_serve()), but the fold may have dropped it */
	at2 = hvabi_fs_search(base, &b2);
	if (at2 < 0 || base->e[at2].width != 8) {
		note(s, &b2, HVABI_REASON_CONFLICT, HVABI_SEVERITY_BLOCK, NULL, NULL,
		     "the hosts' VENDOR_HYP_BMAP_2 did not meet (see its item): the %zu "
		     "implementations cannot be told", nu);
		return 1;
	}
	r = add_impls_range(base, s);
	if (r)
		return r;
	/* the filter's put may have moved the entries */
	at2 = hvabi_fs_search(base, &b2);
	base->e[at2].value |= HVABI_IMPLS_BMAP_2_BITS;
	if (base->e[at2].flags & HVABI_ENTRY_HAS_MAX)
		base->e[at2].max |= HVABI_IMPLS_BMAP_2_BITS;
	return 0;
}

/*
 * The fleet's implementations: the union of the hosts' (a host before
 * 6.15 counts as the triple of its registers), sorted. One: the
 * registers are the fleet's, as before 6.15. Several: told to the guest
 * through DISCOVER_IMPL where every host can (can_serve()), with the
 * lowest pinned as the CPU every guest reads (taken whole: a REVIDR means
 * something only with its MIDR; the same on whatever order the hosts
 * come in); where some host cannot, nothing of it is kept and baseline
 * blocks, naming the host.
 */
static int settle_impls(struct hvabi_featureset *base,
			const struct hvabi_featureset *const *profiles, size_t n, struct sink *s)
{
	struct hvabi_impl u[HVABI_IMPLS_MAX], l[HVABI_IMPLS_MAX], t;
	size_t by[HVABI_IMPLS_MAX], nu = 0, nl, i, j, k;
	char why[160], a[160];
	bool blocked = false;
	int r;

	if (base->arch != HVABI_ARCH_ARM64)
		return 0;
	for (j = 0; j < n && !hvabi_impls_of(profiles[j], l); j++)
		;
	/* No host says which CPU it is (hand-made sets): nothing to settle. */
	if (j == n)
		return 0;
	for (j = 0; j < n; j++) {
		nl = hvabi_impls_of(profiles[j], l);
		if (!nl) {
			note(s, &impls_key, HVABI_REASON_DROPPED, HVABI_SEVERITY_BLOCK, NULL, NULL,
			     "host #%zu (%s) does not say which CPU it is (no MIDR_EL1)", j,
			     rel(profiles[j]));
			blocked = true;
		}
		for (k = 0; k < nl; k++) {
			if (hvabi_impls_has(u, nu, &l[k]))
				continue;
			if (nu == HVABI_IMPLS_MAX) {
				note(s, &impls_key, HVABI_REASON_CONFLICT, HVABI_SEVERITY_BLOCK, NULL,
				     NULL, "host #%zu (%s) brings a CPU past the %u implementations "
				     "a list holds: %s", j, rel(profiles[j]), HVABI_IMPLS_MAX,
				     impl_text(&l[k], a, sizeof(a)));
				blocked = true;
				break;
			}
			by[nu] = j;
			u[nu++] = l[k];
		}
	}
	if (blocked || !nu)
		return drop_impls(base);
	/* Sorted, with the host that brought each (insertion: ten at most). */
	for (i = 1; i < nu; i++)
		for (k = i; k > 0 && hvabi_impl_cmp(&u[k - 1], &u[k]) > 0; k--) {
			t = u[k], u[k] = u[k - 1], u[k - 1] = t;
			j = by[k], by[k] = by[k - 1], by[k - 1] = j;
		}
	/*
	 * A MIDR past KVM's 32 writable bits is no real CPU's (a hand-made or
	 * hostile profile): one such CPU stays in its registers, as before
	 * lists, and several cannot be told.
	 */
	for (i = 0; i < nu && u[i].midr <= UINT32_MAX; i++)
		;
	if (i < nu && nu == 1)
		return 0;
	if (i < nu) {
		note(s, &impls_key, HVABI_REASON_CONFLICT, HVABI_SEVERITY_BLOCK, &u[i].midr, NULL,
		     "host #%zu (%s) reports MIDR_EL1 0x%" PRIx64 ", wider than the 32 bits a "
		     "guest can be shown (KVM's mask)", by[i], rel(profiles[by[i]]), u[i].midr);
		return drop_impls(base);
	}
	for (i = 0; nu > 1 && i < nu; i++)
		note(s, &impls_key, HVABI_REASON_ADDED, HVABI_SEVERITY_INFO, &u[i].midr, NULL,
		     "host #%zu (%s) adds %s", by[i], rel(profiles[by[i]]),
		     impl_text(&u[i], a, sizeof(a)));
	/* One item names the first host that cannot, and how many more. */
	for (j = 0, k = 0; nu > 1 && j < n; j++) {
		char w[sizeof(why)];

		if (can_serve(profiles[j], &u[0], w, sizeof(w)))
			continue;
		if (!k++) {
			i = j;
			memcpy(why, w, sizeof(why));
		}
	}
	if (k) {
		struct hvabi_key midr = hvabi_key_reg(HVABI_IMPLS_MIDR_ID);

		/* the CPUs are named by the added items: the reason must fit the report's item */
		note(s, &midr, HVABI_REASON_CONFLICT, HVABI_SEVERITY_BLOCK, &u[0].midr, &u[1].midr,
		     "host #%zu (%s)%s cannot tell a guest the %zu CPUs: %s", i, rel(profiles[i]),
		     k > 1 ? " and others" : "", nu, why);
		return drop_impls(base);
	}
	r = hvabi_impls_put(base, u, nu);
	if (r || nu == 1)
		return r;
	r = pin_known(base, profiles, n, &u[0]);
	if (!r)
		r = serve_impls(base, s, nu);
	if (r > 0)
		return drop_impls(base);
	if (!r)
		note(s, &impls_key, HVABI_REASON_OK, HVABI_SEVERITY_INFO, NULL, NULL,
		     "the guest is told %zu implementations (DISCOVER_IMPL, answered by the VMM: "
		     "hvabi_smccc_answer()) and reads %s on every host (the lowest; "
		     "hvabi_impl_pin() chooses another)", nu, impl_text(&u[0], a, sizeof(a)));
	return r;
}

/*
 * What the set promises of its list on its own: a list of several is
 * told to the guest (VENDOR_HYP_BMAP_2 both bits, KVM_FEATURES, the
 * forwarding range), and the CPU it shows is one of the list.
 */
static void check_impls_set(struct sink *s, const struct hvabi_featureset *set)
{
	struct hvabi_key b1 = hvabi_key_reg(HVABI_KVM_REG_ARM_VENDOR_HYP_BMAP);
	struct hvabi_key b2 = hvabi_key_reg(HVABI_KVM_REG_ARM_VENDOR_HYP_BMAP_2);
	const struct hvabi_entry *e = hvabi_impls_entry(set), *f;
	struct hvabi_impl l[HVABI_IMPLS_MAX], pin;
	uint64_t v = 0, sup;
	ptrdiff_t at;
	size_t n, i;
	bool fwd = false;
	char a[160];

	if (!e)
		return;
	n = hvabi_impls_of(set, l);
	if (!hvabi_impls_pinned(set, &pin) || !hvabi_impls_has(l, n, &pin))
		note(s, &impls_key, HVABI_REASON_CONFLICT, HVABI_SEVERITY_BLOCK, NULL, NULL,
		     "the set shows its guest %s, which is not among its %zu implementations",
		     impl_text(&pin, a, sizeof(a)), n);
	entry_bits(set, &b2, &v, &sup);
	if ((v & HVABI_IMPLS_BMAP_2_BITS) && (v & HVABI_IMPLS_BMAP_2_BITS) != HVABI_IMPLS_BMAP_2_BITS)
		note(s, &b2, HVABI_REASON_CONFLICT, HVABI_SEVERITY_BLOCK, &v, NULL,
		     "VENDOR_HYP_BMAP_2 offers one of DISCOVER_IMPL_VER and _CPUS: a guest asks "
		     "only with both (kvm_guest.c)");
	if (n < 2)
		return;
	if ((v & HVABI_IMPLS_BMAP_2_BITS) != HVABI_IMPLS_BMAP_2_BITS)
		note(s, &b2, HVABI_REASON_CONFLICT, HVABI_SEVERITY_BLOCK, &v, NULL,
		     "the set lists %zu implementations and does not offer DISCOVER_IMPL "
		     "(VENDOR_HYP_BMAP_2 bits 0 and 1): its guest would not learn them", n);
	if (!entry_bits(set, &b1, &v, &sup) || !(v & HVABI_IMPLS_BMAP_FUNC_FEAT))
		note(s, &b1, HVABI_REASON_CONFLICT, HVABI_SEVERITY_BLOCK, NULL, NULL,
		     "the set lists %zu implementations and VENDOR_HYP_BMAP offers no "
		     "KVM_FEATURES: its guest would not ask", n);
	at = hvabi_fs_search(set, &filter_key);
	f = at >= 0 ? &set->e[at] : NULL;
	for (i = 0; f && i < f->nranges; i++)
		fwd |= f->ranges[i].action == HVABI_RANGE_FWD_TO_USER &&
		       f->ranges[i].base <= impls_range.base &&
		       (uint64_t)f->ranges[i].base + f->ranges[i].count >=
			       (uint64_t)impls_range.base + impls_range.count;
	if (!fwd)
		note(s, &filter_key, HVABI_REASON_CONFLICT, HVABI_SEVERITY_BLOCK, NULL, NULL,
		     "the set lists %zu implementations and its SMCCC filter does not forward "
		     "0xc6000040-0xc6000041 to the VMM: KVM would answer NOT_SUPPORTED", n);
}

/*
 * Every CPU of the destination must be one the guest was told of (or,
 * with one, the CPU whose errata it chose): otherwise it may lack a
 * workaround it needs there.
 */
static void check_impls(struct sink *s, const struct hvabi_featureset *set,
			const struct hvabi_featureset *dest)
{
	struct hvabi_impl l[HVABI_IMPLS_MAX], d[HVABI_IMPLS_MAX];
	size_t nl, nd, i;
	char a[160];

	if (set->arch != HVABI_ARCH_ARM64)
		return;
	nl = hvabi_impls_of(set, l);
	nd = hvabi_impls_of(dest, d);
	/* Without a MIDR_EL1 on a side the register walk has refused already. */
	for (i = 0; nl && i < nd; i++)
		if (!hvabi_impls_has(l, nl, &d[i]))
			note(s, &impls_key, HVABI_REASON_NOT_LISTED, HVABI_SEVERITY_BLOCK, NULL,
			     &d[i].midr, "the destination's CPU %s is not among the VM's %zu "
			     "implementation%s", impl_text(&d[i], a, sizeof(a)), nl,
			     nl == 1 ? " (the CPU whose errata its guest chose)" : "s");
}

/*
 * MIDR_EL1, REVIDR_EL1, AIDR_EL1 other than the destination's: given
 * only where it can write them (cap 239; a mask is no proof), and MIDR
 * within its 32 bits. Returns the reason, with @why filled.
 */
static enum hvabi_reason imp_id_judge(const struct hvabi_entry *vm,
				      const struct hvabi_featureset *dest,
				      const struct hvabi_entry *de, char *why, size_t len)
{
	struct hvabi_key cap = hvabi_key_cap(HVABI_IMPLS_CAP);
	uint64_t v = 0, sup;
	char cpu[48], name[52] = "";

	if (vm->key.id == HVABI_IMPLS_MIDR_ID) {
		hvabi_impls_cpu_name(de->value, cpu, sizeof(cpu));
		snprintf(name, sizeof(name), " (%s)", cpu);
	}
	if (!entry_bits(dest, &cap, &v, &sup) || !v) {
		snprintf(why, len, "0x%" PRIx64 " differs from the destination's 0x%" PRIx64
			 "%s, which it cannot change: no KVM_CAP_ARM_WRITABLE_IMP_ID_REGS "
			 "(Linux 6.15+)", vm->value, de->value, name);
		return HVABI_REASON_NOT_WRITABLE;
	}
	if (vm->key.id == HVABI_IMPLS_MIDR_ID && vm->value > UINT32_MAX) {
		snprintf(why, len, "0x%" PRIx64 " is wider than the 32 bits KVM lets a VMM write",
			 vm->value);
		return HVABI_REASON_BEYOND_DEST;
	}
	snprintf(why, len, "written over the destination's 0x%" PRIx64 "%s with "
		 "KVM_CAP_ARM_WRITABLE_IMP_ID_REGS (hvabi_vm_prepare())", de->value, name);
	return HVABI_REASON_OK;
}

/* 1 may move, 0 not, or -errno: the public call's verdict and error in one. */
static int baseline(const struct hvabi_featureset *const *profiles, size_t n,
		    unsigned int flags, struct hvabi_featureset **ret,
		    struct hvabi_report **report)
{
	struct hvabi_featureset *base = NULL, *blocked = NULL;
	struct sink s = { NULL, HVABI_ARCH_NONE, 0, 0, 0, 0, false, NULL, false };
	uint32_t *kv;
	size_t i;
	int r;

	if (!ret || flags || validate_profiles(profiles, n))
		return -EINVAL;
	s.arch = profiles[0]->arch;
	/* Each host's kernel, parsed once for all its entries. */
	kv = malloc(n * sizeof(*kv));
	if (!kv)
		return -ENOMEM;
	for (i = 0; i < n; i++)
		kv[i] = hvabi_kernel_version_parse(profiles[i]->release);
	if (report && hvabi_report_new(&s.report)) {
		free(kv);
		return -ENOMEM;
	}
	r = hvabi_featureset_new(s.arch, &base);
	if (!r)
		r = hvabi_featureset_new(s.arch, &blocked);
	if (!r)
		r = hvabi_fs_reserve(base, profiles[0]->n);
	for (i = 0; !r && i < profiles[0]->n; i++) {
		struct hvabi_entry h = host_facts(hvabi_fs_row(profiles[0], i), &profiles[0]->e[i],
						  kv[0]);

		r = hvabi_fs_append(base, &h);
	}
	for (i = 1; !r && i < n; i++)
		r = fold(base, profiles, kv, i, &s, blocked);
	if (!r && base->n) {
		settle_descriptions(base, profiles, n, &s);
		settle_invtsc(base, &s);
		r = settle_cross(base, profiles, n, &s);
	}
	if (!r)
		r = settle_impls(base, profiles, n, &s);
	if (!r)
		r = settle_guest_reads(base, profiles, n, &s);
	/* Lowered and level items never block: only a report wants them. */
	if (!r && s.report) {
		report_lowered(base, profiles, n, &s);
		report_levels(base, profiles, kv, n, &s);
	}
	if (!r)
		r = s.err;
	free(kv);
	hvabi_featureset_free(blocked);
	if (r) {
		hvabi_featureset_free(base);
		hvabi_report_free(s.report);
		return r;
	}
	base->origin = HVABI_ORIGIN_COMPUTED;
	*ret = base;
	if (report)
		*report = s.report;
	return s.blocking ? 0 : 1;
}

/*
 * Whether a host surely accepts a VM value (entry @a of @set) equal to
 * its own, without a judgement: an exact or ID register entry always
 * does, a bitmap or CPUID entry when the value lies inside the host's
 * supported mask. Versions and levels depend on the catalogue row
 * (hvabi_rule_accepts_own()). (hvabi_rule_cross() never refuses a host
 * its own value either.) Lets a check without a report skip the common
 * case.
 */
static inline bool same_as_host(const struct hvabi_featureset *set,
				const struct hvabi_entry *vm, const struct hvabi_entry *de)
{
	if (vm->value != de->value || vm->kind != de->kind || vm->width != de->width ||
	    vm->width > 8)
		return false;
	/* SVE's lengths have a rule of their own (rules.c), which an empty set fails */
	if (vm->key.ns == HVABI_NS_VCPU_VALUE && vm->key.id == HVABI_VCPU_VALUE_ARM64_SVE_VQS)
		return false;
	/* Most entries of a profile: exact values and ID registers. */
	if (vm->kind == HVABI_KIND_EXACT || vm->kind == HVABI_KIND_IDFIELDS)
		return true;
	switch (vm->kind) {
	case HVABI_KIND_BITMAP:
		/* nor below the bits its KVM cannot clear (riscv ISA extensions) */
		if ((de->flags & HVABI_ENTRY_HAS_MIN) && (de->min & ~de->value))
			return false;
		/* fall through */
	case HVABI_KIND_CPUID:
		return !(de->flags & HVABI_ENTRY_HAS_MAX) || !(de->value & ~de->max);
	case HVABI_KIND_VERSION:
	case HVABI_KIND_LEVEL:
		return hvabi_rule_accepts_own(hvabi_fs_row(set, (size_t)(vm - set->e)), vm, de);
	default:
		return false;
	}
}

/* Two keys equal, as two 8-byte words (a key has no padding). */
static inline bool key_equal(const struct hvabi_key *x, const struct hvabi_key *y)
{
	uint64_t a[2], b[2];

	_Static_assert(sizeof(*x) == sizeof(a), "struct hvabi_key has padding");
	memcpy(a, x, sizeof(a));
	memcpy(b, y, sizeof(b));
	return !((a[0] ^ b[0]) | (a[1] ^ b[1]));
}

/*
 * Skip, from entries *@a of @set and *@b of @dest on, every pair with the
 * same key and a value the host surely takes: nothing to judge there,
 * whatever the entry is, and it is most of a compatible host. Local
 * bounds, since the compiler cannot tell the sets' fields from entries.
 */
static void skip_same(const struct hvabi_featureset *set, size_t *a,
		      const struct hvabi_featureset *dest, size_t *b)
{
	const struct hvabi_entry *vm, *de, *vend;

	/* An empty set has no entry array at all (NULL): nothing to skip. */
	if (*a >= set->n || *b >= dest->n)
		return;
	vm = set->e + *a;
	de = dest->e + *b;
	/* The pairs left: one bound for both arrays. */
	vend = vm + (set->n - *a < dest->n - *b ? set->n - *a : dest->n - *b);
	while (vm < vend && key_equal(&vm->key, &de->key) && same_as_host(set, vm, de)) {
		/*
		 * A fleet's profiles are each read once, from memory, where
		 * the set stays in the cache: ask for the destination's
		 * entries eight ahead (a prefetch past the array's end is
		 * harmless), or a check of 100,000 x86 profiles waits on
		 * memory as long as it computes.
		 */
		__builtin_prefetch(de + 8);
		vm++;
		de++;
	}
	*a = (size_t)(vm - set->e);
	*b = (size_t)(de - dest->e);
}

/* An entry both the set and the destination have (row @c; a check with a report). */
static void check_both(struct sink *s, const struct hvabi_entry *vm,
		       const struct hvabi_cat_entry *c, const struct hvabi_featureset *dest,
		       const struct hvabi_entry *de)
{
	struct hvabi_entry h;
	enum hvabi_reason reason;
	char why[200];

	h = host_facts(c, de, s->dest_kv);
	if (imp_id_row(c) && vm->width == 8 && de->width == 8 && vm->value != de->value) {
		s->imp_differs = true;
		reason = imp_id_judge(vm, dest, de, why, sizeof(why));
		note(s, &vm->key, reason, reason == HVABI_REASON_OK ? HVABI_SEVERITY_INFO
								 : HVABI_SEVERITY_BLOCK,
		     &vm->value, &de->value, "%s", why);
		return;
	}
	reason = hvabi_rule_judge(s->arch, c, vm, &h, s->dest_kv, why, sizeof(why));
	if (reason != HVABI_REASON_OK) {
		note(s, &vm->key, reason, HVABI_SEVERITY_BLOCK, &vm->value, &de->value, "%s%s",
		     c ? "" : "not in the catalogue, judged as exact: ", why);
		return;
	}
	if (hvabi_rule_has_cross(s->arch, &vm->key) &&
	    !hvabi_rule_cross_de(vm, dest, de, why, sizeof(why))) {
		note(s, &vm->key, HVABI_REASON_BEYOND_DEST, HVABI_SEVERITY_BLOCK, &vm->value,
		     &de->value, "%s", why);
		return;
	}
	if (!c) {
		if (hvabi_cat_abi_space(s->arch, &vm->key))
			note(s, &vm->key, HVABI_REASON_UNKNOWN_ENTRY, HVABI_SEVERITY_INFO,
			     &vm->value, &de->value, "not in the catalogue; equal on both sides");
		else
			note(s, &vm->key, HVABI_REASON_UNKNOWN_ENTRY, HVABI_SEVERITY_WARN,
			     &vm->value, &de->value, "a register nobody has classified (not in the "
			     "catalogue, neither ABI by its place nor vCPU state): kept equal, "
			     "which holds only while both hosts agree");
		return;
	}
	if (vm->kind == HVABI_KIND_LEVEL) {
		uint64_t hl = (h.flags & HVABI_ENTRY_HAS_MAX) ? h.max : h.value;

		if (hl != vm->value)
			note(s, &vm->key, HVABI_REASON_NOT_PINNABLE, HVABI_SEVERITY_INFO,
			     &vm->value, &hl, "accepted; the guest will read the destination's "
			     "own level 0x%" PRIx64, hl);
	}
}

/*
 * Whether a guest given @a (of row @row) would read the same as one given @b: equal
 * values, CPUID bits the VMM or KVM own per vCPU aside.
 */
static bool same_to_guest(const struct hvabi_cat_entry *row, const struct hvabi_entry *a,
			  uint64_t b)
{
	if (a->value == b)
		return true;
	return a->key.ns == HVABI_NS_CPUID && row && !((a->value ^ b) & ~row->ignore_mask);
}

/*
 * An entry of the set the destination lacks. The destination behaves as
 * its implied value; only an x86 CPUID register can still be given (the
 * VMM writes the whole table, KVM takes it), so it is judged against that
 * value by its rule; any other entry must equal it.
 */
static void check_missing_on_dest(struct sink *s, const struct hvabi_featureset *set,
				  const struct hvabi_entry *vm, const struct hvabi_cat_entry *row,
				  const struct hvabi_featureset *dest)
{
	struct hvabi_entry imp;
	char why[200];
	bool hd, ok;

	if (vm->key.ns == HVABI_NS_CAP) {
		uint64_t zero = 0;

		if (vm->value)
			note(s, &vm->key, HVABI_REASON_MISSING_ON_DEST, HVABI_SEVERITY_BLOCK,
			     &vm->value, &zero, "the destination lacks this capability");
		return;
	}
	/*
	 * Out of the guest's reach (a CCSIDR past the set's CLIDR_EL1): it
	 * behaves as the set's own value (implied_entry()), which is all a
	 * check without a report needs to know. Half a fleet of 6.1 and
	 * 6.12 hosts lacks 11 of the 14 CCSIDRs.
	 */
	if (!s->report && vm->width <= 8 && vm->kind != HVABI_KIND_RANGESET &&
	    vm->key.ns != HVABI_NS_CPUID && set_out_of_reach(s, set, row, &vm->key))
		return;
	if (!implied_entry(s->arch, row, vm, s->dest_kv, set, &imp, &hd)) {
		note(s, &vm->key, HVABI_REASON_MISSING_ON_DEST, HVABI_SEVERITY_BLOCK, &vm->value,
		     NULL, "the destination (%s) lacks it and nothing is implied", rel(dest));
		return;
	}
	why[0] = '\0';
	if (vm->kind == HVABI_KIND_RANGESET && vm->nranges) {
		note(s, &vm->key, HVABI_REASON_MISSING_ON_DEST, HVABI_SEVERITY_BLOCK, NULL, NULL,
		     "the destination (%s) has no SMCCC filter (6.4+) to install the set's %u "
		     "range%s, the first 0x%x+%u %s", rel(dest), vm->nranges,
		     vm->nranges == 1 ? "" : "s", vm->ranges[0].base, vm->ranges[0].count,
		     vm->ranges[0].action == HVABI_RANGE_FWD_TO_USER ? "forwarded to the VMM"
		     : vm->ranges[0].action == HVABI_RANGE_DENY	     ? "denied"
								     : "handled by KVM");
		return;
	}
	if (vm->kind == HVABI_KIND_RANGESET)
		ok = true;
	else if (vm->key.ns == HVABI_NS_CPUID)
		ok = hvabi_rule_judge(s->arch, row, vm, &imp, s->dest_kv, why, sizeof(why)) ==
		     HVABI_REASON_OK;
	else
		ok = vm->width <= 8 && imp.value == vm->value;
	if (ok) {
		note(s, &vm->key, HVABI_REASON_MISSING_IMPLIED_OK,
		     hd ? HVABI_SEVERITY_WARN : HVABI_SEVERITY_INFO, &vm->value, &imp.value,
		     vm->key.ns == HVABI_NS_CPUID && imp.value != vm->value
			     ? "the destination (%s) does not report it; the VMM gives it as the set "
			       "says%s"
			     : "the destination (%s) lacks it and behaves as the guest's value%s",
		     rel(dest), hd ? " (assumed: depends on the host)" : "");
		return;
	}
	if (why[0])
		note(s, &vm->key, HVABI_REASON_MISSING_ON_DEST, HVABI_SEVERITY_BLOCK, &vm->value,
		     &imp.value, "the destination (%s) does not report it and cannot give it: %s",
		     rel(dest), why);
	else
		note(s, &vm->key, HVABI_REASON_MISSING_ON_DEST, HVABI_SEVERITY_BLOCK, &vm->value,
		     &imp.value, "the destination (%s) lacks it and behaves as 0x%" PRIx64
		     ", not as the guest's 0x%" PRIx64, rel(dest), imp.value, vm->value);
}

/*
 * An entry only the destination has. The guest saw what a host without
 * it implies (the set's own kernel), or nothing the set can say. It sees
 * the same here only where apply writes that value (a family member's or
 * a CPUID register's off value) or the destination already shows it;
 * anywhere else it would see the destination's own value, and the move
 * is refused: a set that does not pin an entry cannot promise it.
 */
static void check_missing_on_source(struct sink *s, const struct hvabi_featureset *set,
				    const struct hvabi_entry *de, const struct hvabi_cat_entry *row)
{
	struct hvabi_entry off_e = *de, h = host_facts(row, de, s->dest_kv), imp;
	uint64_t off, dv = de->value;
	bool hd = false, has_imp;
	char why[200];

	if (de->key.ns == HVABI_NS_CAP)
		return;
	/* Without invtsc (check_set() refuses it unpinned) the guest keeps time by kvmclock. */
	if (de->kind == HVABI_KIND_FREQUENCY) {
		note(s, &de->key, HVABI_REASON_MISSING_ON_SOURCE, HVABI_SEVERITY_INFO, NULL, &dv,
		     "the set pins no TSC rate and offers no invtsc: the guest runs at the "
		     "destination's %" PRIu64 " kHz, as a guest without invtsc expects", dv);
		return;
	}
	if (de->kind == HVABI_KIND_LEVEL) {
		note(s, &de->key, HVABI_REASON_NOT_PINNABLE, HVABI_SEVERITY_WARN, NULL, &dv,
		     "only the destination has it; the guest will read its level 0x%" PRIx64, dv);
		return;
	}
	has_imp = implied_entry(s->arch, row, de, s->set_kv, set, &imp, &hd);
	why[0] = '\0';
	if (hvabi_apply_writes_off(s->arch, &de->key) && hvabi_rule_off_row(row, de, &off)) {
		off_e.value = off;
		off_e.nranges = 0;
		off_e.ranges = NULL;
		if (hvabi_rule_judge(s->arch, row, &off_e, &h, s->dest_kv, why, sizeof(why)) ==
		    HVABI_REASON_OK) {
			if (!has_imp || same_to_guest(row, &off_e, imp.value))
				note(s, &de->key, HVABI_REASON_MISSING_ON_SOURCE,
				     HVABI_SEVERITY_INFO, NULL, &dv,
				     "only the destination has it; apply writes 0x%" PRIx64
				     " so its default 0x%" PRIx64 " does not reach the guest", off, dv);
			else
				note(s, &de->key, HVABI_REASON_MISSING_ON_SOURCE,
				     hd ? HVABI_SEVERITY_WARN : HVABI_SEVERITY_BLOCK, &imp.value, &dv,
				     "only the destination has it; apply writes 0x%" PRIx64
				     " though the source kernel behaved as 0x%" PRIx64 "%s", off,
				     imp.value, hd ? " (assumed: depends on the host)" : "");
			return;
		}
	}
	if (has_imp && same_to_guest(row, de, imp.value)) {
		note(s, &de->key, HVABI_REASON_MISSING_ON_SOURCE, HVABI_SEVERITY_INFO, NULL, &dv,
		     "only the destination has it, at 0x%" PRIx64 ", what the source implied", dv);
		return;
	}
	if (why[0])
		note(s, &de->key, HVABI_REASON_MISSING_ON_SOURCE, HVABI_SEVERITY_BLOCK,
		     has_imp ? &imp.value : NULL, &dv, "the set does not pin it and apply cannot "
		     "hide the destination's 0x%" PRIx64 ": %s", dv, why);
	else
		note(s, &de->key, HVABI_REASON_MISSING_ON_SOURCE, HVABI_SEVERITY_BLOCK,
		     has_imp ? &imp.value : NULL, &dv, "the set does not pin it: the guest would "
		     "see the destination's 0x%" PRIx64 "%s", dv,
		     has_imp ? ", not what the source showed" : "");
}

/* What the set promises on its own, whatever the destination. */
static void check_set(struct sink *s, const struct hvabi_featureset *set)
{
	ptrdiff_t at;

	/* A check without a report asks it last, of a host nothing else refused. */
	if (s->report)
		check_impls_set(s, set);
	if (invtsc_unpinned(set, &at))
		note(s, &set->e[at].key, HVABI_REASON_NOT_PINNABLE, HVABI_SEVERITY_BLOCK,
		     &set->e[at].value, NULL, "the set offers invtsc (CONSTANT_TSC) and pins no "
		     "TSC rate (TSC_KHZ): after a move to a host of another rate the guest's "
		     "invariant TSC would run at that rate");
}

/*
 * hvabi_check() without a report: the answer is only yes or no. Stops at
 * the first blocking entry and formats no message. Must agree with the
 * full walk; tests/test-negotiate.c holds the two equal.
 */
static bool compatible(const struct hvabi_featureset *set, const struct hvabi_featureset *dest)
{
	struct sink s = { NULL, set->arch, 0, 0, hvabi_kernel_version_parse(set->release),
			  hvabi_kernel_version_parse(dest->release), false, NULL, false };
	size_t a = 0, b = 0;

	check_set(&s, set);
	while (!s.blocking) {
		const struct hvabi_entry *e;
		int c;

		skip_same(set, &a, dest, &b);
		if (a == set->n && b == dest->n)
			break;
		c = a == set->n ? 1 : b == dest->n ? -1 : hvabi_key_cmp(&set->e[a].key, &dest->e[b].key);
		e = c > 0 ? &dest->e[b] : &set->e[a];
		if (settled_apart(e) || hvabi_rule_msr_hidden(set, &e->key)) {
			a += c <= 0;
			b += c >= 0;
		} else if (c > 0) {
			check_missing_on_source(&s, set, e, hvabi_fs_row(dest, b));
			b++;
		} else if (c < 0) {
			check_missing_on_dest(&s, set, e, hvabi_fs_row(set, a), dest);
			a++;
		} else {
			const struct hvabi_cat_entry *row = hvabi_fs_row(set, a);

			/* The reporting walk's judgement of an entry both have. */
			if (!unreachable_unwritten(set, row, &e->key))
				check_both(&s, e, row, dest, &dest->e[b]);
			a++;
			b++;
		}
	}
	/*
	 * Where the walk found the destination's MIDR/REVIDR/AIDR equal to
	 * the set's (else it blocked or saw them differ) and the destination
	 * has no list of its own, its CPU is the set's pinned one, which
	 * check_set() found in the set's list: nothing more to look up.
	 */
	if (!s.blocking)
		check_impls_set(&s, set);
	if (!s.blocking && (s.imp_differs || hvabi_impls_entry(dest)))
		check_impls(&s, set, dest);
	if (!s.blocking)
		check_guest_reads(&s, set, dest);
	return !s.blocking;
}

/* 1 may move, 0 not, or -errno: the public call's verdict and error in one. */
static int check(const struct hvabi_featureset *set,
		 const struct hvabi_featureset *destination, unsigned int flags,
		 struct hvabi_report **report)
{
	struct sink s = { NULL, HVABI_ARCH_NONE, 0, 0, 0, 0, false, NULL, false };
	size_t a = 0, b = 0;

	if (!set || !destination || flags)
		return -EINVAL;
	if (!report)
		return set->arch == destination->arch && compatible(set, destination);
	s.arch = set->arch;
	s.set_kv = hvabi_kernel_version_parse(set->release);
	s.dest_kv = hvabi_kernel_version_parse(destination->release);
	if (hvabi_report_new(&s.report))
		return -ENOMEM;
	if (set->arch != destination->arch) {
		struct hvabi_key none = { 0, 0, 0, 0 };

		note(&s, &none, HVABI_REASON_ARCH_MISMATCH, HVABI_SEVERITY_BLOCK, NULL, NULL,
		     "the set is %s, the destination %s", hvabi_arch_name(set->arch),
		     hvabi_arch_name(destination->arch));
	} else {
		check_set(&s, set);
	}
	while (s.arch == destination->arch && (a < set->n || b < destination->n)) {
		int c = a == set->n ? 1 : b == destination->n
					     ? -1
					     : hvabi_key_cmp(&set->e[a].key, &destination->e[b].key);
		const struct hvabi_entry *e = c > 0 ? &destination->e[b] : &set->e[a];
		const struct hvabi_cat_entry *row = c > 0 ? hvabi_fs_row(destination, b)
							  : hvabi_fs_row(set, a);

		if (settled_apart(e)) {
			a += c <= 0;
			b += c >= 0;
		} else if (hvabi_rule_msr_hidden(set, &e->key)) {
			note(&s, &e->key, HVABI_REASON_OK, HVABI_SEVERITY_INFO, NULL, NULL,
			     "out of the guest's reach: the set's CPUID does not offer it, so a "
			     "guest's RDMSR faults (apply leaves it alone)");
			a += c <= 0;
			b += c >= 0;
		} else if (c == 0 && unreachable_unwritten(set, row, &e->key)) {
			note(&s, &e->key, HVABI_REASON_OK, HVABI_SEVERITY_INFO, &e->value, NULL,
			     "out of the guest's reach: the set's vCPUs have no SVE");
			a++;
			b++;
		} else if (c == 0)
			check_both(&s, &set->e[a++], row, destination, &destination->e[b++]);
		else if (c < 0)
			check_missing_on_dest(&s, set, &set->e[a++], row, destination);
		else
			check_missing_on_source(&s, set, &destination->e[b++], row);
	}
	if (s.arch == destination->arch) {
		check_impls(&s, set, destination);
		check_guest_reads(&s, set, destination);
	}
	if (s.err) {
		hvabi_report_free(s.report);
		return s.err;
	}
	*report = s.report;
	return s.blocking ? 0 : 1;
}

/*
 * The verdict is an out-parameter, not the return value: a caller testing
 * "if (hvabi_check(...))" would otherwise read -ENOMEM as "may move".
 */
HVABI_EXPORT int hvabi_baseline(const struct hvabi_featureset *const *profiles, size_t n,
				unsigned int flags, struct hvabi_featureset **ret,
				bool *ret_may_move, struct hvabi_report **ret_report)
{
	int r = baseline(profiles, n, flags, ret, ret_report);

	if (r >= 0 && ret_may_move)
		*ret_may_move = r == 1;
	return r < 0 ? r : 0;
}

HVABI_EXPORT int hvabi_check(const struct hvabi_featureset *set,
			     const struct hvabi_featureset *destination, unsigned int flags,
			     bool *ret_may_move, struct hvabi_report **ret_report)
{
	int r;

	if (!ret_may_move)
		return -EINVAL;
	r = check(set, destination, flags, ret_report);
	if (r < 0)
		return r;
	*ret_may_move = r == 1;
	return 0;
}
