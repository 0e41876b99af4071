/*
 * arm64 implementation lists (issue 16): the answers to DISCOVER_IMPL,
 * the union and the pinned CPU of a baseline, check's refusals, and the
 * order a VMM takes them in, on the simulated 6.1, 6.12 and 7.2 (whose
 * guests make the hypercalls as the real ones do: tests/kernels/kdiff.c).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "internal.h"
#include "kvm-uapi.h"
#include "testutil.h"
#include <libhvabi/sim.h>

#define M61 "arm64-6.1"
#define M612 "arm64-6.12"
#define M72 "arm64-7.2"

#define MIDR HVABI_ARM64_SYS_REG(3, 0, 0, 0, 0)
#define REVIDR HVABI_ARM64_SYS_REG(3, 0, 0, 0, 6)
#define AIDR HVABI_ARM64_SYS_REG(3, 1, 0, 0, 7)
#define VER HVABI_SMCCC_KVM_DISCOVER_IMPL_VER
#define CPUS HVABI_SMCCC_KVM_DISCOVER_IMPL_CPUS
#define INVALID_PARAMETER (UINT64_MAX - 2)

static const struct hvabi_impl qmax = { 0x000f0510, 0, 0 };   /* QEMU max */
static const struct hvabi_impl v1 = { 0x411fd401, 0, 0 };     /* Neoverse V1 r1p1 */
static const struct hvabi_impl n1 = { 0x413fd0c1, 0x1, 0x0 }; /* Neoverse N1 r3p1 */

static void set_reg_value(struct hvabi_featureset *fs, uint64_t id, uint64_t v)
{
	struct hvabi_key k = hvabi_key_reg(id);

	assert_int_equal(hvabi_featureset_set_value(fs, &k, v), 0);
}

static uint64_t reg_value(const struct hvabi_featureset *fs, uint64_t id)
{
	struct hvabi_key k = hvabi_key_reg(id);
	struct hvabi_entry e;

	assert_int_equal(hvabi_featureset_find(fs, &k, &e), 0);
	return e.value;
}

static bool has_key(const struct hvabi_featureset *fs, struct hvabi_key k)
{
	return hvabi_featureset_find(fs, &k, NULL) == 0;
}

/* The simulated kernel @model's profile, as a host whose CPU is @cpu. */
static struct hvabi_featureset *host(const char *model, const struct hvabi_impl *cpu)
{
	struct hvabi_featureset *fs = test_sim_probe(model);

	set_reg_value(fs, MIDR, cpu->midr);
	set_reg_value(fs, REVIDR, cpu->revidr);
	set_reg_value(fs, AIDR, cpu->aidr);
	if (has_key(fs, hvabi_key_smccc(CPUS)))
		assert_int_equal(hvabi_featureset_set_impls(fs, cpu, 1), 0);
	return fs;
}

/* The same host without KVM_CAP_ARM_WRITABLE_IMP_ID_REGS. */
static void drop_cap_239(struct hvabi_featureset *fs)
{
	struct hvabi_key k = hvabi_key_cap(239);

	assert_int_equal(hvabi_featureset_set_value(fs, &k, 0), 0);
}

static struct hvabi_featureset *baseline_of(struct hvabi_featureset *a, struct hvabi_featureset *b,
					    bool want, struct hvabi_report **rep)
{
	const struct hvabi_featureset *p[2] = { a, b };
	struct hvabi_featureset *base = NULL;

	assert_int_equal(baseline_verdict(p, 2, 0, &base, rep), want);
	return base;
}

/* The report's text, which must hold each of the @n strings in @words. */
static void report_says(const struct hvabi_report *rep, const char *const *words, size_t n)
{
	char *text = NULL;
	size_t i;

	assert_int_equal(hvabi_report_to_text_alloc(rep, &text), 0);
	for (i = 0; i < n; i++)
		if (!strstr(text, words[i]))
			fail_msg("the report lacks \"%s\":\n%s", words[i], text);
	free(text);
}

/* check with a report and without: the same verdict, which is @want. */
static struct hvabi_report *check_both_ways(const struct hvabi_featureset *set,
					    const struct hvabi_featureset *dest, int want)
{
	struct hvabi_report *rep = NULL;
	bool may = !want;

	assert_int_equal(check_verdict(set, dest, 0, &rep), want);
	assert_int_equal(hvabi_check(set, dest, 0, &may, NULL), 0);
	assert_int_equal(may, want);
	return rep;
}

/* The fleet of a QEMU max and a Neoverse V1 host on 7.2. */
static struct hvabi_featureset *two_cpu_set(void)
{
	struct hvabi_featureset *a = host(M72, &qmax), *b = host(M72, &v1), *set;

	set = baseline_of(a, b, true, NULL);
	hvabi_featureset_free(a);
	hvabi_featureset_free(b);
	return set;
}

/* ---- the answers (Documentation/virt/kvm/arm/hypercalls.rst, 7.2.8 146-203) ---- */

static void answer(const struct hvabi_featureset *set, uint32_t fn, uint64_t x1, uint64_t x2,
		   const uint64_t want[4])
{
	const uint64_t args[3] = { x1, x2, x2 };
	uint64_t ret[4] = { 0 };

	assert_int_equal(hvabi_smccc_answer(set, fn, args, ret), 0);
	assert_memory_equal(ret, want, sizeof(ret));
}

static void test_answers_every_call(void **state)
{
	struct hvabi_featureset *set = two_cpu_set();
	const uint64_t ver[4] = { 0, 0x10000, 2, 0 };
	const uint64_t cpu0[4] = { 0, qmax.midr, qmax.revidr, qmax.aidr };
	const uint64_t cpu1[4] = { 0, v1.midr, v1.revidr, v1.aidr };
	const uint64_t bad[4] = { INVALID_PARAMETER, 0, 0, 0 };
	const uint64_t no[4] = { UINT64_MAX, 0, 0, 0 };
	const uint64_t args[3] = { 0, 0, 0 };
	uint64_t ret[4] = { 9, 9, 9, 9 };
	struct hvabi_key b2 = hvabi_key_reg(HVABI_KVM_REG_ARM_VENDOR_HYP_BMAP_2);
	struct hvabi_key list = hvabi_key_smccc(CPUS);

	(void)state;
	answer(set, VER, 0, 0, ver);
	answer(set, CPUS, 0, 0, cpu0);
	answer(set, CPUS, 1, 0, cpu1);
	/* reserved x2, x3: not looked at */
	answer(set, CPUS, 1, 0x55, cpu1);
	answer(set, CPUS, 2, 0, bad);
	answer(set, CPUS, UINT64_MAX, 0, bad);
	answer(set, CPUS, 1ull << 32, 0, bad);
	/* not DISCOVER_IMPL (the SMC32 form, the next function, KVM_FEATURES): untouched */
	assert_int_equal(hvabi_smccc_answer(set, 0x86000040, args, ret), -ENOENT);
	assert_int_equal(hvabi_smccc_answer(set, 0xc6000042, args, ret), -ENOENT);
	assert_int_equal(hvabi_smccc_answer(set, 0x86000000, args, ret), -ENOENT);
	assert_int_equal(ret[0], 9);
	/* advertised by one bit only, or not at all: what KVM answers unforwarded */
	assert_int_equal(hvabi_featureset_set_value(set, &b2, 1), 0);
	answer(set, VER, 0, 0, no);
	answer(set, CPUS, 0, 0, no);
	assert_int_equal(hvabi_featureset_remove(set, &b2), 0);
	answer(set, VER, 0, 0, no);
	assert_int_equal(hvabi_featureset_set_value(set, &b2, 3), 0);
	answer(set, VER, 0, 0, ver);
	assert_int_equal(hvabi_featureset_remove(set, &list), 0);
	answer(set, VER, 0, 0, no);
	answer(set, CPUS, 0, 0, no);
	hvabi_featureset_free(set);
}

/* ---- baseline ---- */

static void test_baseline_union_in_any_order(void **state)
{
	struct hvabi_featureset *h[3] = { host(M72, &v1), host(M72, &n1), host(M72, &qmax) };
	static const size_t order[6][3] = { { 0, 1, 2 }, { 0, 2, 1 }, { 1, 0, 2 },
					    { 1, 2, 0 }, { 2, 0, 1 }, { 2, 1, 0 } };
	struct hvabi_featureset *first = NULL;
	struct hvabi_impl got[4];
	struct hvabi_entry f;
	size_t i, n;

	(void)state;
	for (i = 0; i < 6; i++) {
		const struct hvabi_featureset *p[3] = { h[order[i][0]], h[order[i][1]],
							h[order[i][2]] };
		struct hvabi_featureset *base = NULL;
		struct hvabi_report *rep = NULL;
		char words[3][80];
		const char *w[3] = { words[0], words[1], words[2] };
		size_t k;

		assert_int_equal(baseline_verdict(p, 3, 0, &base, &rep), 1);
		/* each implementation's item names the host that brought it */
		for (k = 0; k < 3; k++)
			snprintf(words[k], sizeof(words[k]), "host #%zu (%s) adds %s", k,
				 hvabi_featureset_get_kernel_release(p[k]),
				 p[k] == h[0] ? "Neoverse V1" : p[k] == h[1] ? "Neoverse N1" : "QEMU max");
		report_says(rep, w, HVABI_ARRAY_SIZE(w));
		hvabi_report_free(rep);
		if (!first) {
			first = base;
			continue;
		}
		assert_int_equal(hvabi_featureset_equal(first, base), 1);
		hvabi_featureset_free(base);
	}
	/* sorted; the lowest pinned whole; told to the guest and forwarded */
	n = 4;
	assert_int_equal(hvabi_featureset_get_impls(first, got, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(got[0].midr, qmax.midr);
	assert_int_equal(got[1].midr, v1.midr);
	assert_int_equal(got[2].midr, n1.midr);
	assert_int_equal(got[2].revidr, n1.revidr);
	assert_int_equal(reg_value(first, MIDR), qmax.midr);
	assert_int_equal(reg_value(first, REVIDR), qmax.revidr);
	assert_int_equal(reg_value(first, HVABI_KVM_REG_ARM_VENDOR_HYP_BMAP_2), 3);
	{
		struct hvabi_key fk = hvabi_key_attr(HVABI_ATTR_VM, HVABI_KVM_ARM_VM_SMCCC_CTRL,
						     HVABI_KVM_ARM_VM_SMCCC_FILTER);

		assert_int_equal(hvabi_featureset_find(first, &fk, &f), 0);
		assert_int_equal(f.nranges, 1);
		assert_int_equal(f.ranges[0].base, VER);
		assert_int_equal(f.ranges[0].count, 2);
		assert_int_equal(f.ranges[0].action, HVABI_RANGE_FWD_TO_USER);
	}
	hvabi_featureset_free(first);
	for (i = 0; i < 3; i++)
		hvabi_featureset_free(h[i]);
}

/* One CPU on 6.1, 6.12 and 7.2: as before the list existed, a list of one and no write. */
static void test_baseline_one_cpu_any_kernel(void **state)
{
	const struct hvabi_featureset *p[3];
	struct hvabi_featureset *h[3] = { host(M61, &v1), host(M612, &v1), host(M72, &v1) };
	struct hvabi_featureset *base = NULL;
	struct hvabi_impl got[2];
	size_t i, n = 2;

	(void)state;
	for (i = 0; i < 3; i++)
		p[i] = h[i];
	assert_true(baseline_verdict(p, 3, 0, &base, NULL) >= 0);
	assert_int_equal(hvabi_featureset_get_impls(base, got, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(got[0].midr, v1.midr);
	/* nothing to prepare, nothing to answer */
	{
		const uint64_t no[4] = { UINT64_MAX, 0, 0, 0 };

		answer(base, VER, 0, 0, no);
	}
	for (i = 0; i < 3; i++) {
		struct hvabi_report *rep = NULL;

		/* whatever else a kernel refuses, the CPU is never the reason */
		check_verdict(base, h[i], 0, &rep);
		for (n = 0; n < hvabi_report_count(rep); n++) {
			struct hvabi_report_item it;

			assert_int_equal(hvabi_report_get_item(rep, n, &it, sizeof(it)), 0);
			assert_int_not_equal(it.reason, HVABI_REASON_NOT_LISTED);
			assert_false(it.key.ns == HVABI_NS_ONE_REG && it.key.id == MIDR &&
				     it.severity == HVABI_SEVERITY_BLOCK);
		}
		hvabi_report_free(rep);
		hvabi_featureset_free(h[i]);
	}
	hvabi_featureset_free(base);
}

static void test_baseline_blocks_where_a_host_cannot_tell(void **state)
{
	struct hvabi_featureset *a = host(M72, &qmax), *b, *base;
	struct hvabi_report *rep = NULL;
	const char *old[] = { "block conflict MIDR_EL1", "host #1 (6.12",
			      "no VENDOR_HYP_BMAP_2 with DISCOVER_IMPL (6.15+)" };
	const char *nocap[] = { "host #1 (7.2", "another CPU, without KVM_CAP_ARM_WRITABLE_IMP_ID_REGS" };
	const char *nomidr[] = { "host #1 (7.2.0-1-arm64) does not say which CPU it is" };
	struct hvabi_key midr = hvabi_key_reg(MIDR);

	(void)state;
	/* 6.12 has no BMAP_2: its guests cannot be told; nothing of it is kept */
	b = host(M612, &v1);
	base = baseline_of(a, b, false, &rep);
	report_says(rep, old, HVABI_ARRAY_SIZE(old));
	assert_false(has_key(base, hvabi_key_smccc(CPUS)));
	assert_false(has_key(base, midr));
	hvabi_report_free(rep);
	hvabi_featureset_free(base);
	hvabi_featureset_free(b);
	/* a 7.2 host of another CPU than the pinned one, without cap 239 */
	b = host(M72, &v1);
	drop_cap_239(b);
	base = baseline_of(a, b, false, &rep);
	report_says(rep, nocap, HVABI_ARRAY_SIZE(nocap));
	hvabi_report_free(rep);
	hvabi_featureset_free(base);
	/* ... while the pinned CPU's own host needs no cap */
	drop_cap_239(a);
	hvabi_featureset_free(b);
	b = host(M72, &v1);
	base = baseline_of(a, b, true, NULL);
	assert_int_equal(reg_value(base, MIDR), qmax.midr);
	hvabi_featureset_free(base);
	/* a host that does not say which CPU it is */
	assert_int_equal(hvabi_featureset_remove(b, &midr), 0);
	assert_int_equal(hvabi_featureset_remove(b, &(struct hvabi_key){ HVABI_NS_SMCCC, 0, 0,
									  CPUS }), 0);
	base = baseline_of(a, b, false, &rep);
	report_says(rep, nomidr, HVABI_ARRAY_SIZE(nomidr));
	hvabi_report_free(rep);
	hvabi_featureset_free(base);
	hvabi_featureset_free(b);
	hvabi_featureset_free(a);
}

/* Fleets whose list cannot be told, for reasons of their own profiles: blocked, not an error. */
static void test_baseline_lists_that_cannot_be_told(void **state)
{
	struct hvabi_key fk = hvabi_key_attr(HVABI_ATTR_VM, HVABI_KVM_ARM_VM_SMCCC_CTRL,
					     HVABI_KVM_ARM_VM_SMCCC_FILTER);
	struct hvabi_key b2 = hvabi_key_reg(HVABI_KVM_REG_ARM_VENDOR_HYP_BMAP_2);
	const struct hvabi_impl wide = { 0x1000f0510ull, 0, 0 };
	const char *toowide[] = { "reports MIDR_EL1 0x1000f0510, wider than the 32 bits" };
	const char *full[] = { "holds 1024 ranges, the most a set does: no room" };
	const char *covers[] = { "range 0xc6000000+256 covers DISCOVER_IMPL" };
	const char *nomeet[] = { "the hosts' VENDOR_HYP_BMAP_2 did not meet" };
	static struct hvabi_range many[HVABI_RANGES_MAX];
	struct hvabi_featureset *a, *b, *base;
	struct hvabi_report *rep = NULL;
	struct hvabi_entry e;
	size_t i;

	(void)state;
	/* a MIDR past KVM's 32 bits: alone it stays in the registers; with another, blocked */
	a = test_sim_probe(M72);
	set_reg_value(a, MIDR, wide.midr);
	assert_int_equal(hvabi_featureset_remove(a, &(struct hvabi_key){ HVABI_NS_SMCCC, 0, 0,
									  CPUS }), 0);
	b = test_sim_probe(M72);
	set_reg_value(b, MIDR, wide.midr);
	assert_int_equal(hvabi_featureset_remove(b, &(struct hvabi_key){ HVABI_NS_SMCCC, 0, 0,
									  CPUS }), 0);
	base = baseline_of(a, b, true, NULL);
	assert_false(has_key(base, hvabi_key_smccc(CPUS)));
	assert_int_equal(reg_value(base, MIDR), wide.midr);
	hvabi_featureset_free(base);
	hvabi_featureset_free(b);
	b = host(M72, &qmax);
	base = baseline_of(a, b, false, &rep);
	report_says(rep, toowide, HVABI_ARRAY_SIZE(toowide));
	assert_false(has_key(base, hvabi_key_smccc(CPUS)));
	hvabi_report_free(rep);
	hvabi_featureset_free(base);
	hvabi_featureset_free(a);
	hvabi_featureset_free(b);

	/* the hosts' own filter: full, or covering the calls */
	for (i = 0; i < HVABI_RANGES_MAX; i++)
		many[i] = (struct hvabi_range){ 0x86000100u + 2 * (uint32_t)i, 1,
						HVABI_RANGE_DENY, { 0 } };
	for (i = 0; i < 2; i++) {
		struct hvabi_range one = { 0xc6000000u, 0x100, HVABI_RANGE_DENY, { 0 } };

		a = host(M72, &qmax);
		b = host(M72, &v1);
		assert_int_equal(hvabi_featureset_find(a, &fk, &e), 0);
		e.ranges = i ? &one : many;
		e.nranges = i ? 1 : HVABI_RANGES_MAX;
		assert_int_equal(hvabi_featureset_put(a, &e), 0);
		assert_int_equal(hvabi_featureset_put(b, &e), 0);
		base = baseline_of(a, b, false, &rep);
		if (i)
			report_says(rep, covers, HVABI_ARRAY_SIZE(covers));
		else
			report_says(rep, full, HVABI_ARRAY_SIZE(full));
		/* nothing of the list kept, BMAP_2 not raised */
		assert_false(has_key(base, hvabi_key_smccc(CPUS)));
		assert_int_equal(reg_value(base, HVABI_KVM_REG_ARM_VENDOR_HYP_BMAP_2), 0);
		hvabi_report_free(rep);
		hvabi_featureset_free(base);
		hvabi_featureset_free(a);
		hvabi_featureset_free(b);
	}

	/* a REVIDR of an odd kind says no CPU detail, and pinning makes it anew */
	a = host(M72, &qmax);
	b = host(M72, &v1);
	{
		struct hvabi_key rk = hvabi_key_reg(REVIDR);

		assert_int_equal(hvabi_featureset_find(a, &rk, &e), 0);
		e.kind = HVABI_KIND_RANGESET;
		e.value = 0;
		e.flags = 0;
		e.mask = 0;
		e.max = 0;
		e.min = 0;
		assert_int_equal(hvabi_featureset_put(a, &e), 0);
		base = baseline_of(a, b, true, NULL);
		assert_int_equal(hvabi_featureset_find(base, &rk, &e), 0);
		assert_int_equal(e.kind, HVABI_KIND_EXACT);
		assert_int_equal(e.value, qmax.revidr);
		hvabi_featureset_free(base);
	}
	hvabi_featureset_free(a);
	hvabi_featureset_free(b);

	/* BMAP_2 the hosts do not agree on the kind of: the fold drops it */
	a = host(M72, &qmax);
	b = host(M72, &v1);
	assert_int_equal(hvabi_featureset_find(b, &b2, &e), 0);
	e.kind = HVABI_KIND_EXACT;
	e.flags = 0;
	e.max = 0;
	e.value = 3;
	assert_int_equal(hvabi_featureset_put(b, &e), 0);
	base = baseline_of(a, b, false, &rep);
	report_says(rep, nomeet, HVABI_ARRAY_SIZE(nomeet));
	assert_false(has_key(base, hvabi_key_smccc(CPUS)));
	hvabi_report_free(rep);
	hvabi_featureset_free(base);
	hvabi_featureset_free(a);
	hvabi_featureset_free(b);
}

/* ---- check ---- */

static void test_check_listed_writable_and_told(void **state)
{
	struct hvabi_featureset *set = two_cpu_set(), *d;
	struct hvabi_report *rep;
	const char *other[] = { "block not-listed TARGET_IMPLS smccc:0xc6000041",
				"Neoverse N1 r3p1 (MIDR 0x413fd0c1, REVIDR 0x1, AIDR 0x0) is not "
				"among the VM's 2 implementations" };
	const char *nocap[] = { "block not-writable MIDR_EL1", "(Neoverse V1 r1p1), which it "
				"cannot change: no KVM_CAP_ARM_WRITABLE_IMP_ID_REGS" };
	const char *written[] = { "info ok MIDR_EL1", "KVM_CAP_ARM_WRITABLE_IMP_ID_REGS "
				  "(hvabi_vm_prepare())" };
	const char *v612[] = { "block missing-on-destination VENDOR_HYP_BMAP_2" };
	const char *v61[] = { "block missing-on-destination SMCCC_FILTER attr:vm:0x0:0x0: the "
			      "destination (6.1", "has no SMCCC filter (6.4+) to install the set's 1 "
			      "range, the first 0xc6000040+2 forwarded to the VMM" };

	(void)state;
	/* either listed CPU, on 7.2 */
	d = host(M72, &qmax);
	hvabi_report_free(check_both_ways(set, d, 1));
	hvabi_featureset_free(d);
	d = host(M72, &v1);
	rep = check_both_ways(set, d, 1);
	report_says(rep, written, HVABI_ARRAY_SIZE(written));
	hvabi_report_free(rep);
	/* a listed CPU that cannot show the pinned one */
	drop_cap_239(d);
	rep = check_both_ways(set, d, 0);
	report_says(rep, nocap, HVABI_ARRAY_SIZE(nocap));
	hvabi_report_free(rep);
	hvabi_featureset_free(d);
	/* a CPU not in the list, though it could show the pinned one */
	d = host(M72, &n1);
	rep = check_both_ways(set, d, 0);
	report_says(rep, other, HVABI_ARRAY_SIZE(other));
	hvabi_report_free(rep);
	hvabi_featureset_free(d);
	/* kernels that cannot tell a guest the list, even on a listed CPU */
	d = host(M612, &qmax);
	rep = check_both_ways(set, d, 0);
	report_says(rep, v612, HVABI_ARRAY_SIZE(v612));
	hvabi_report_free(rep);
	hvabi_featureset_free(d);
	d = host(M61, &qmax);
	rep = check_both_ways(set, d, 0);
	report_says(rep, v61, HVABI_ARRAY_SIZE(v61));
	hvabi_report_free(rep);
	hvabi_featureset_free(d);
	/* re-pinned to the V1: the QEMU max host writes it, and the guest reads it */
	assert_int_equal(hvabi_impl_pin(set, 1), 0);
	assert_int_equal(reg_value(set, MIDR), v1.midr);
	{
		struct hvabi_key g = hvabi_key_guest_read(MIDR);
		struct hvabi_entry e;

		if (!hvabi_featureset_find(set, &g, &e))
			assert_int_equal(e.value, v1.midr);
	}
	d = host(M72, &qmax);
	hvabi_report_free(check_both_ways(set, d, 1));
	hvabi_featureset_free(d);
	hvabi_featureset_free(set);
}

/* What a set promises on its own: a list told whole, and a CPU of the list shown. */
static void test_check_set_contradictions(void **state)
{
	struct hvabi_featureset *d = host(M72, &qmax), *set;
	struct hvabi_key b2 = hvabi_key_reg(HVABI_KVM_REG_ARM_VENDOR_HYP_BMAP_2);
	struct hvabi_key fk = hvabi_key_attr(HVABI_ATTR_VM, HVABI_KVM_ARM_VM_SMCCC_CTRL,
					     HVABI_KVM_ARM_VM_SMCCC_FILTER);
	struct hvabi_report *rep;
	struct hvabi_entry f;
	const char *half[] = { "VENDOR_HYP_BMAP_2 offers one of DISCOVER_IMPL_VER and _CPUS" };
	const char *nofwd[] = { "its SMCCC filter does not forward 0xc6000040-0xc6000041" };
	const char *notin[] = { "the set shows its guest Neoverse N1 r3p1 (MIDR 0x413fd0c1, "
				"REVIDR 0x1, AIDR 0x0), which is not among its 2 implementations" };

	(void)state;
	set = two_cpu_set();
	assert_int_equal(hvabi_featureset_set_value(set, &b2, 2), 0);
	rep = check_both_ways(set, d, 0);
	report_says(rep, half, HVABI_ARRAY_SIZE(half));
	hvabi_report_free(rep);
	hvabi_featureset_free(set);

	set = two_cpu_set();
	assert_int_equal(hvabi_featureset_find(set, &fk, &f), 0);
	f.nranges = 0;
	f.ranges = NULL;
	assert_int_equal(hvabi_featureset_put(set, &f), 0);
	rep = check_both_ways(set, d, 0);
	report_says(rep, nofwd, HVABI_ARRAY_SIZE(nofwd));
	hvabi_report_free(rep);
	hvabi_featureset_free(set);

	set = two_cpu_set();
	set_reg_value(set, MIDR, n1.midr);
	set_reg_value(set, REVIDR, n1.revidr);
	rep = check_both_ways(set, d, 0);
	report_says(rep, notin, HVABI_ARRAY_SIZE(notin));
	hvabi_report_free(rep);
	hvabi_featureset_free(set);
	hvabi_featureset_free(d);
}

/* ---- the order a VMM takes it in, and a guest asking (simulated 7.2) ---- */

#define GPA 0x80000000ull
#define WINDOW 0x90000000ull
#define MEM 0x10000u
#define PC_ID (HVABI_KVM_REG_ARM64 | HVABI_KVM_REG_SIZE_U64 | HVABI_KVM_REG_ARM_CORE | 0x40)

/* movz/movk Xd with a 32-bit value */
static size_t mov32(uint32_t *c, unsigned int rd, uint32_t v)
{
	c[0] = 0xd2800000u | (v & 0xffff) << 5 | rd;
	c[1] = 0xf2a00000u | (v >> 16) << 5 | rd;
	return 2;
}

/*
 * The guest: x20 = WINDOW; DISCOVER_IMPL_VER, then DISCOVER_IMPL_CPUS 0,
 * 1 and 2, each by HVC #0 with x0..x3 stored to the window (an MMIO exit
 * each); then MIDR_EL1, REVIDR_EL1, AIDR_EL1 read and stored; a NOP ends
 * it (one instruction the simulator does not run).
 */
static size_t impls_guest(uint32_t *c)
{
	static const uint32_t mrs[3] = { 0xd5380001, 0xd53800c1, 0xd53900e1 };
	size_t n = 0, slot = 0, i, r;

	n += mov32(c + n, 20, (uint32_t)WINDOW);
	for (i = 0; i < 4; i++) {
		n += mov32(c + n, 0, i ? CPUS : VER);
		n += mov32(c + n, 1, i ? (uint32_t)(i - 1) : 0);
		c[n++] = 0xd2800002; /* movz x2, #0 */
		c[n++] = 0xd2800003; /* movz x3, #0 */
		c[n++] = 0xd4000002; /* hvc #0 */
		for (r = 0; r < 4; r++)
			c[n++] = 0xf9000000u | (uint32_t)slot++ << 10 | 20u << 5 | (uint32_t)r;
	}
	for (i = 0; i < 3; i++) {
		c[n++] = mrs[i];
		c[n++] = 0xf9000000u | (uint32_t)slot++ << 10 | 20u << 5 | 1u;
	}
	c[n++] = 0xd503201f;
	return n;
}

/* Run the guest as a VMM does, answering forwarded calls: the 19 values it stored. */
static void run_guest(struct test_vm *v, const struct hvabi_featureset *set, uint64_t out[19])
{
	struct hvabi_kvm_userspace_memory_region mr = { .guest_phys_addr = GPA,
							.memory_size = MEM };
	struct hvabi_kvm_run *run = NULL;
	struct hvabi_kvm_one_reg pc = { PC_ID, 0 };
	uint64_t gpa = GPA;
	uint32_t *mem = aligned_alloc(4096, MEM);
	size_t stores = 0, calls = 0;

	assert_non_null(mem);
	memset(mem, 0, MEM);
	impls_guest(mem);
	mr.userspace_addr = (uintptr_t)mem;
	assert_int_equal(hvabi_sim_ioctl(v->sim, v->vm_fd, HVABI_KVM_SET_USER_MEMORY_REGION, &mr),
			 0);
	pc.addr = (uintptr_t)&gpa;
	assert_int_equal(hvabi_sim_ioctl(v->sim, v->vcpus[0], HVABI_KVM_SET_ONE_REG, &pc), 0);
	assert_int_equal(hvabi_sim_map_run(v->sim, v->vcpus[0], (void **)&run), 0);
	for (;;) {
		assert_int_equal(hvabi_sim_run(v->sim, v->vcpus[0]), 0);
		if (run->exit_reason == HVABI_KVM_EXIT_HYPERCALL) {
			calls++;
			assert_int_equal(hvabi_kvm_smccc_exit(v->kvm, set, v->vcpus[0],
							      (uint32_t)run->hypercall.nr), 0);
		} else if (run->exit_reason == HVABI_KVM_EXIT_MMIO) {
			assert_int_equal(run->mmio.phys_addr, WINDOW + 8 * stores);
			assert_true(stores < 19);
			memcpy(&out[stores++], run->mmio.data, 8);
		} else {
			break;
		}
	}
	assert_int_equal(calls, 4);
	assert_int_equal(stores, 19);
	free(mem);
}

static void test_vmm_order_and_guest(void **state)
{
	struct hvabi_featureset *a = host(M72, &qmax), *b = host(M72, &n1), *set;
	struct hvabi_report *rep = NULL;
	struct hvabi_report_item it;
	struct test_vm v;
	uint64_t out[19];
	size_t i;

	(void)state;
	set = baseline_of(a, b, true, NULL);
	/* pin the CPU the simulated host is not (its probe says V1) */
	assert_int_equal(hvabi_impl_pin(set, 1), 0);

	/* vCPUs before hvabi_vm_prepare(): KVM keeps the host's MIDR_EL1 */
	test_vm_open(&v, M72, 1);
	assert_int_equal(hvabi_vm_prepare(v.kvm, set, v.vm_fd), -EBUSY);
	assert_int_not_equal(hvabi_apply(v.kvm, set, v.vm_fd, v.vcpus, v.n, NULL, &rep), 0);
	for (i = 0; i < hvabi_report_count(rep); i++) {
		assert_int_equal(hvabi_report_get_item(rep, i, &it, sizeof(it)), 0);
		if (it.key.ns == HVABI_NS_ONE_REG && it.key.id == MIDR)
			break;
	}
	assert_true(i < hvabi_report_count(rep));
	assert_int_equal(it.reason, HVABI_REASON_REFUSED);
	hvabi_report_free(rep);
	test_vm_close(&v);

	/* the order: VM, hvabi_vm_prepare(), vCPUs, hvabi_apply(), run */
	test_vm_open(&v, M72, 0);
	assert_int_equal(hvabi_vm_prepare(v.kvm, set, v.vm_fd), 0);
	test_vm_add_vcpus(&v, 1);
	assert_int_equal(hvabi_apply(v.kvm, set, v.vm_fd, v.vcpus, v.n, NULL, NULL), 0);
	run_guest(&v, set, out);
	/* VER */
	assert_int_equal(out[0], 0);
	assert_int_equal(out[1], 0x10000);
	assert_int_equal(out[2], 2);
	assert_int_equal(out[3], 0);
	/* CPUS 0, 1 */
	assert_int_equal(out[4], 0);
	assert_int_equal(out[5], qmax.midr);
	assert_int_equal(out[8], 0);
	assert_int_equal(out[9], n1.midr);
	assert_int_equal(out[10], n1.revidr);
	/* CPUS 2: past the end */
	assert_int_equal(out[12], INVALID_PARAMETER);
	assert_int_equal(out[13] | out[14] | out[15], 0);
	/* what the guest reads: the pinned N1, not the host's V1 */
	assert_int_equal(out[16], n1.midr);
	assert_int_equal(out[17], n1.revidr);
	assert_int_equal(out[18], n1.aidr);
	test_vm_close(&v);

	/* 6.12 cannot: hvabi_vm_prepare() says so before anything is made */
	test_vm_open(&v, M612, 0);
	assert_int_equal(hvabi_vm_prepare(v.kvm, set, v.vm_fd), -EOPNOTSUPP);
	test_vm_close(&v);
	hvabi_featureset_free(set);
	hvabi_featureset_free(a);
	hvabi_featureset_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_answers_every_call),
		cmocka_unit_test(test_baseline_union_in_any_order),
		cmocka_unit_test(test_baseline_one_cpu_any_kernel),
		cmocka_unit_test(test_baseline_blocks_where_a_host_cannot_tell),
		cmocka_unit_test(test_baseline_lists_that_cannot_be_told),
		cmocka_unit_test(test_check_listed_writable_and_told),
		cmocka_unit_test(test_check_set_contradictions),
		cmocka_unit_test(test_vmm_order_and_guest),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
