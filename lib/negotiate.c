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

/* The first guest-read entry of @fs (they sort last), or fs->n. */
static size_t guest_reads_start(const struct hvabi_featureset *fs)
{
	size_t i = fs->n;

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
	struct hvabi_key none = { HVABI_NS_GUEST_READ, 0, 0, 0 };
	bool differs;
	uint64_t v;

	if (a == set->n) {
		if (b < dest->n)
			note(s, &none, HVABI_REASON_MISSING_ON_SOURCE, HVABI_SEVERITY_BLOCK, NULL,
			     NULL, "the destination's guest (%s) reads %zu values directly "
			     "(CNTFRQ_EL0, DCZID_EL0, ...); the set does not say what its own "
			     "guest read (probe its host with hvabi probe --guest-reads)",
			     rel(dest), dest->n - b);
		return;
	}
	if (b == dest->n) {
		note(s, &none, HVABI_REASON_MISSING_ON_DEST, HVABI_SEVERITY_BLOCK, NULL, NULL,
		     "the set says what its guest reads (%zu values) and the destination (%s) "
		     "was probed without its guest (hvabi probe --guest-reads): nothing to "
		     "compare them with", set->n - a, rel(dest));
		return;
	}
	for (i = a; i < set->n; i++) {
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
	for (i = b; i < dest->n; i++) {
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
		for (k = guest_reads_start(profiles[j]); !r && k < profiles[j]->n; k++)
			if (hvabi_featureset_find(keys, &profiles[j]->e[k].key, NULL))
				r = hvabi_featureset_put(keys, &profiles[j]->e[k]);
	}
	for (k = base->n; !r && k-- > guest_reads_start(base);)
		r = hvabi_featureset_remove(base, &base->e[k].key);
	/*
	 * A host probed without its guest: no reading can be promised there,
	 * and check of the baseline against it refuses (check_guest_reads());
	 * the readings of the others are still met, so that they stay
	 * compared among themselves.
	 */
	for (j = 0; !r && keys->n && j < n; j++)
		if (guest_reads_start(profiles[j]) == profiles[j]->n)
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
			if (guest_reads_start(profiles[j]) == profiles[j]->n)
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

		if (is_guest_read(c > 0 ? &p->e[b] : &base->e[a])) {
			/* settle_guest_reads() judges them once the rest is met */
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

/* 1 may move, 0 not, or -errno: the public call's verdict and error in one. */
static int baseline(const struct hvabi_featureset *const *profiles, size_t n,
		    unsigned int flags, struct hvabi_featureset **ret,
		    struct hvabi_report **report)
{
	struct hvabi_featureset *base = NULL, *blocked = NULL;
	struct sink s = { NULL, HVABI_ARCH_NONE, 0, 0, 0, 0, false, NULL };
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
	if (vm->kind == HVABI_KIND_RANGESET)
		ok = vm->nranges == 0;
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
			  hvabi_kernel_version_parse(dest->release), false, NULL };
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
		if (is_guest_read(e) || hvabi_rule_msr_hidden(set, &e->key)) {
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
	if (!s.blocking)
		check_guest_reads(&s, set, dest);
	return !s.blocking;
}

/* 1 may move, 0 not, or -errno: the public call's verdict and error in one. */
static int check(const struct hvabi_featureset *set,
		 const struct hvabi_featureset *destination, unsigned int flags,
		 struct hvabi_report **report)
{
	struct sink s = { NULL, HVABI_ARCH_NONE, 0, 0, 0, 0, false, NULL };
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

		if (is_guest_read(e)) {
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
	if (s.arch == destination->arch)
		check_guest_reads(&s, set, destination);
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
