/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Per-kind semantics of entries: whether a VM's value is acceptable where
 * a host offers something, the meet of two hosts (a baseline step), the
 * "off" value, and words for reports. Pure functions of entries and the
 * catalogue; negotiate.c composes them into baseline/check/apply.
 *
 * A rule is handed the entry's catalogue row (@row, NULL where the
 * catalogue does not know the key), which its set found once
 * (hvabi_fs_row()), and a kernel release parsed once per call of
 * check or baseline (@kver, hvabi_kernel_version_parse(), 0 unknown): a
 * check walks thousands of hosts, and searching the catalogue for each
 * entry of each was a quarter of its instructions.
 * The forms taking an arch and a release text search and parse
 * themselves, for callers with one entry in hand (apply, tests).
 */
#ifndef HVABI_RULES_H
#define HVABI_RULES_H

#include "catalog-internal.h"
#include "kvm-uapi.h"
#include <libhvabi/negotiate.h>

/*
 * Whether the VM value @vm may be given to a guest on a host whose entry
 * is @host (kernel @host_release, may be NULL or ""): 1 yes, 0 no with the
 * reason in @why. Kinds that disagree between the two entries are judged
 * as EXACT.
 */
int hvabi_rule_accepts(enum hvabi_arch arch, const struct hvabi_entry *vm,
		       const struct hvabi_entry *host, const char *host_release,
		       char *why, size_t len);

/*
 * The same judgement as a reason, @vm's row given: OK, BEYOND_DEST (more
 * than the host accepts) or NOT_WRITABLE (differs where the host lets
 * nothing change). @why may be NULL: no words are made then.
 */
enum hvabi_reason hvabi_rule_judge(enum hvabi_arch arch, const struct hvabi_cat_entry *row,
				   const struct hvabi_entry *vm, const struct hvabi_entry *host,
				   uint32_t host_kver, char *why, size_t len);

/*
 * Whether a host whose VERSION or LEVEL entry @h holds @vm's value (same
 * kind, at most 8 bytes, not SVE's lengths) takes it: true only where
 * hvabi_rule_judge() says OK, false also where it takes more to know
 * (an accepted range from the host's kernel era). A check asks it of
 * every such entry equal on both sides, without the words and the
 * dispatch a judgement costs.
 */
bool hvabi_rule_accepts_own(const struct hvabi_cat_entry *row, const struct hvabi_entry *vm,
			    const struct hvabi_entry *h);

/*
 * The largest entry both hosts @a and @b can give a guest, with their
 * combined host facts (supported mask AND, accepted range intersection,
 * lower level, writable mask AND). Returns 0 when @out equals @a's value,
 * 1 when it had to be lowered (why says how), -EDOM when no value suits
 * both (why says why). @out's wide/ranges pointers point into @a.
 */
int hvabi_rule_meet(enum hvabi_arch arch, const struct hvabi_entry *a, const char *a_release,
		    const struct hvabi_entry *b, const char *b_release,
		    struct hvabi_entry *out, char *why, size_t len);

/* hvabi_rule_meet() with the key's row and the two hosts' kernels given. */
int hvabi_rule_meet_row(enum hvabi_arch arch, const struct hvabi_cat_entry *row,
			const struct hvabi_entry *a, uint32_t a_kver, const struct hvabi_entry *b,
			uint32_t b_kver, struct hvabi_entry *out, char *why, size_t len);

/*
 * Rules that tie an entry to another entry of the same host, which the
 * per-entry judgement cannot see: 1 when the VM value @vm suits the host
 * profile @host in that respect (or no such rule applies), 0 with the
 * reason in @why. Today: set_clidr() (6.3+) refuses a CLIDR_EL1 that
 * promises IDC while the host's CTR_EL0.IDC is 0.
 */
int hvabi_rule_cross(enum hvabi_arch arch, const struct hvabi_entry *vm,
		     const struct hvabi_featureset *host, char *why, size_t len);

/* arm64's CLIDR_EL1, and KVM's DEMUX register of CCSIDR_EL1 for CSSELR n < 14 (32-bit). */
#define HVABI_RULE_CLIDR_EL1_ID HVABI_ARM64_SYS_REG(3, 1, 0, 0, 1)
#define HVABI_RULE_CCSIDR_DEMUX(n) (0x6020000000110000ull | (n))
#define HVABI_RULE_CSSELR_MAX 14u

/*
 * Whether hvabi_rule_cross() judges @key at all: arm64's CLIDR_EL1 and
 * CCSIDRs. A check asks it of every entry whose value differs, so the
 * common "no" costs no call.
 */
static inline bool hvabi_rule_has_cross(enum hvabi_arch arch, const struct hvabi_key *key)
{
	if (arch != HVABI_ARCH_ARM64 || key->ns != HVABI_NS_ONE_REG)
		return false;
	if ((key->id & ~0xffull) == HVABI_RULE_CCSIDR_DEMUX(0))
		return (key->id & 0xff) < HVABI_RULE_CSSELR_MAX;
	return key->id == HVABI_RULE_CLIDR_EL1_ID;
}

/*
 * hvabi_rule_cross() for a key hvabi_rule_has_cross() says it judges, with
 * @de the host's entry of the same key (NULL: the host has none), which a
 * check walking both sets has in hand.
 */
int hvabi_rule_cross_de(const struct hvabi_entry *vm, const struct hvabi_featureset *host,
			const struct hvabi_entry *de, char *why, size_t len);

/*
 * Whether the guest of the set @pinned cannot reach @key (of row @row): a
 * CCSIDR (DEMUX) for a cache the set's pinned CLIDR_EL1 does not describe
 * (the architecture makes CCSIDR UNKNOWN there), or SVE's vector lengths
 * in a set whose vCPUs have no SVE. False when @pinned is NULL or pins no
 * CLIDR_EL1: the guest may then reach it.
 */
bool hvabi_rule_out_of_reach(enum hvabi_arch arch, const struct hvabi_cat_entry *row,
			     const struct hvabi_featureset *pinned, const struct hvabi_key *key);

/*
 * hvabi_rule_out_of_reach() for a CCSIDR (a ONE_REG key of a row marked
 * HVABI_CATALOG_IMPLIED_ANY) of a set whose CLIDR_EL1 is @clidr: a check
 * looks the set's CLIDR_EL1 up once, not once per CCSIDR.
 */
bool hvabi_rule_past_clidr(uint64_t clidr, const struct hvabi_key *key);

/*
 * What a guest on @host reads for the guest-read key @key once the set
 * @pinned is applied: where @pinned pins the register of the same id to
 * a value other than the host's, that value (KVM traps the register to
 * show it); else what the host's guest read. True with *@val, false when
 * neither says (the host's guest never read it, or, riscv, the set turns
 * on an SBI extension the host's probe saw off). *@pinned_differs tells
 * which of the two it was.
 */
bool hvabi_rule_guest_read(const struct hvabi_featureset *pinned,
			   const struct hvabi_featureset *host, const struct hvabi_key *key,
			   uint64_t *val, bool *pinned_differs);

/* hvabi_rule_msr_hidden() for an MSR of an x86 set. */
bool hvabi_rule_msr_gated(const struct hvabi_featureset *set, const struct hvabi_key *key);

/*
 * Whether @key is an MSR the guest of the x86 set @set cannot read: one
 * KVM gates on a CPUID bit the set clears (ARCH_CAPABILITIES on
 * 7.0.EDX[29], PERF_CAPABILITIES on PDCM; a guest RDMSR raises #GP). Its
 * value is then nobody's concern, and 7.x refuses a write of it. Asked
 * of every entry a check walks, hence inline for the common "no".
 */
static inline bool hvabi_rule_msr_hidden(const struct hvabi_featureset *set,
					 const struct hvabi_key *key)
{
	return key->ns == HVABI_NS_MSR && set && set->arch == HVABI_ARCH_X86_64 &&
	       hvabi_rule_msr_gated(set, key);
}

/* The value that offers the guest nothing, if the kind has one. */
bool hvabi_rule_off(enum hvabi_arch arch, const struct hvabi_entry *e, uint64_t *off);
bool hvabi_rule_off_row(const struct hvabi_cat_entry *row, const struct hvabi_entry *e,
			uint64_t *off);

/*
 * What a kernel lacking @key behaves as, from the catalogue: true with
 * the value (and whether that assumption depends on the host) or false.
 * @release (may be NULL) picks the era where the catalogue knows several.
 */
bool hvabi_rule_implied(enum hvabi_arch arch, const struct hvabi_key *key, const char *release,
			uint64_t *value, bool *host_dependent);
bool hvabi_rule_implied_row(const struct hvabi_cat_entry *row, uint32_t kver, uint64_t *value,
			    bool *host_dependent);

/* The accepted range of a VERSION entry on a host, facts first, then history. */
void hvabi_rule_version_range(const struct hvabi_cat_entry *row, const struct hvabi_entry *host,
			      uint32_t kver, uint64_t *min, uint64_t *max);

/* One sentence on what a kind means for migration. */
const char *hvabi_rule_explain(enum hvabi_kind kind);

/* Value of a field of an ID register; sign-extended for signed fields. */
int64_t hvabi_ftr_value(const struct hvabi_ftr_field *f, uint64_t reg);

/* The kernel's arm64_ftr_safe_value() for field values @new and @cur. */
int64_t hvabi_ftr_safe(const struct hvabi_ftr_field *f, int64_t new_val, int64_t cur);

#endif /* HVABI_RULES_H */
