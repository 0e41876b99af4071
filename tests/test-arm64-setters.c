/*
 * The checks KVM's arm64 ID-register setters make beyond the FTR tables
 * (arch/arm64/kvm/sys_regs.c, 6.12 and 7.2; read from 6.12.107 and
 * 7.2.8): for each, a VM set carrying the refused value, hvabi_check()'s
 * verdict on the simulated kernel's own profile, and what that kernel
 * does when apply writes it. Check must refuse every value the kernel
 * refuses or replaces, so no move is allowed that fails, or changes the
 * guest, at restore.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "internal.h"
#include "kvm-prim.h"
#include "kvm-uapi.h"
#include "testutil.h"
#include <libhvabi/sim.h>

#define PFR0 HVABI_ARM64_SYS_REG(3, 0, 0, 4, 0)
#define DFR0 HVABI_ARM64_SYS_REG(3, 0, 0, 5, 0)
#define AA32_DFR0 HVABI_ARM64_SYS_REG(3, 0, 0, 1, 2)

static uint64_t with_field(uint64_t reg, unsigned int shift, uint64_t v)
{
	return (reg & ~(0xfull << shift)) | (v << shift);
}

struct rule {
	const char *what;
	uint64_t reg;
	unsigned int shift;
	uint64_t value;
	const char *why;   /* words check's reason holds */
	bool kernel_refuses_612, kernel_refuses_72;
};

/*
 * kernel_refuses: the simulated kernel's apply of the set fails (a refused
 * write, or a value read back as another); false where the kernel takes
 * it and the library is stricter (EL0 at 0 on 6.12: no guest loses
 * AArch64 at EL0).
 */
static const struct rule rules[] = {
	{ "DebugVer below Armv8 (set_id_aa64dfr0_el1)", DFR0, 0, 5, "DebugVer = 5", true, true },
	{ "IMP_DEF PMUVer, read back as none (set_id_aa64dfr0_el1)", DFR0, 8, 0xf,
	  "PMUVer = 15", true, true },
	{ "PerfMon below PMUv3 (set_id_dfr0_el1)", AA32_DFR0, 24, 2, "PerfMon = 2", true, true },
	{ "CopDbg below Armv8 (set_id_dfr0_el1)", AA32_DFR0, 0, 5, "CopDbg = 5", true, true },
	{ "EL0 without AArch64 (set_id_aa64pfr0_el1, 7.2)", PFR0, 0, 0, "EL0 = 0", false, true },
};

static void one(const char *model, const struct rule *ru)
{
	struct hvabi_featureset *host = test_sim_probe(model), *set = NULL;
	struct hvabi_key key = hvabi_key_reg(ru->reg);
	struct hvabi_report *rep = NULL;
	struct hvabi_report_item it;
	struct hvabi_entry e;
	bool refuses = strstr(model, "7.2") ? ru->kernel_refuses_72 : ru->kernel_refuses_612;
	struct test_vm v;
	size_t i;
	int r;

	assert_int_equal(hvabi_featureset_copy(host, &set), 0);
	assert_int_equal(hvabi_featureset_find(set, &key, &e), 0);
	/* The field is writable on this host: the setter is what refuses. */
	assert_true(e.flags & HVABI_ENTRY_HAS_MASK);
	assert_int_equal((e.mask >> ru->shift) & 0xf, 0xf);
	assert_int_equal(hvabi_featureset_set_value(set, &key,
						    with_field(e.value, ru->shift, ru->value)), 0);
	assert_int_equal(check_verdict(set, host, 0, NULL), 0);
	assert_int_equal(check_verdict(set, host, 0, &rep), 0);
	for (i = 0; i < hvabi_report_count(rep); i++) {
		assert_int_equal(hvabi_report_get_item(rep, i, &it, sizeof(it)), 0);
		if (it.severity == HVABI_SEVERITY_BLOCK && !hvabi_key_compare(&it.key, &key))
			break;
	}
	if (i == hvabi_report_count(rep))
		fail_msg("%s on %s: check does not name the register", ru->what, model);
	if (!strstr(it.message, ru->why))
		fail_msg("%s on %s: \"%s\" lacks \"%s\"", ru->what, model, it.message, ru->why);
	hvabi_report_free(rep);

	/* The kernel, simulated: apply of the set on a fresh VM. */
	test_vm_open(&v, model, 1);
	rep = NULL;
	r = hvabi_apply(v.kvm, set, v.vm_fd, v.vcpus, v.n, NULL, &rep);
	if (refuses && !r)
		fail_msg("%s on %s: the kernel took what check refused", ru->what, model);
	if (!refuses && r)
		fail_msg("%s on %s: apply failed (%d) where the kernel takes it", ru->what,
			 model, r);
	hvabi_report_free(rep);
	test_vm_close(&v);
	hvabi_featureset_free(set);
	hvabi_featureset_free(host);
}

static void test_setter_checks_612(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < HVABI_ARRAY_SIZE(rules); i++)
		one("arm64-6.12", &rules[i]);
}

static void test_setter_checks_72(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < HVABI_ARRAY_SIZE(rules); i++)
		one("arm64-7.2", &rules[i]);
}

/*
 * A host's own value, even one the setter would refuse as a change: on an
 * AArch64-only host (Graviton4, AmpereOne) KVM makes the AArch32 ID
 * registers RAZ/WI (aa32_id_visibility(), sys_regs.c 6.12/7.2), so
 * ID_DFR0_EL1 reads 0 with CopDbg 0. Its own profile moves to itself and
 * baselines with itself, in both check modes (found by review: 1 without a
 * report, 0 with one, and no baseline).
 */
static void test_own_refused_value_is_taken(void **state)
{
	struct hvabi_featureset *host = test_sim_probe("arm64-7.2"), *base = NULL;
	struct hvabi_key dfr0 = hvabi_key_reg(HVABI_ARM64_SYS_REG(3, 0, 0, 1, 2));
	const struct hvabi_featureset *pair[2];
	struct hvabi_report *rep = NULL;

	(void)state;
	assert_int_equal(hvabi_featureset_set_value(host, &dfr0, 0), 0);
	pair[0] = pair[1] = host;
	assert_int_equal(check_verdict(host, host, 0, NULL), 1);
	assert_int_equal(check_verdict(host, host, 0, &rep), 1);
	hvabi_report_free(rep);
	assert_int_equal(baseline_verdict(pair, 2, 0, &base, NULL), 1);
	assert_int_equal(check_verdict(base, host, 0, NULL), 1);
	hvabi_featureset_free(base);
	hvabi_featureset_free(host);
}

/*
 * GIC: the kernel takes a lower GIC (lower-safe in cpufeature.c), then the
 * vGIC replaces it; the guest sees the host's. A set with another GIC than
 * the destination's is refused, and two hosts that differ have no meet.
 */
static void test_gic_is_kvms_own(void **state)
{
	struct hvabi_featureset *host = test_sim_probe("arm64-7.2"), *set = NULL;
	struct hvabi_key key = hvabi_key_reg(PFR0);
	const struct hvabi_featureset *pair[2];
	struct hvabi_featureset *base = NULL;
	struct hvabi_entry e;

	(void)state;
	assert_int_equal(hvabi_featureset_copy(host, &set), 0);
	assert_int_equal(hvabi_featureset_find(set, &key, &e), 0);
	assert_int_equal(hvabi_featureset_set_value(set, &key, with_field(e.value, 24, 0)), 0);
	assert_int_equal(check_verdict(set, host, 0, NULL), 0);
	pair[0] = host;
	pair[1] = set;
	assert_int_equal(baseline_verdict(pair, 2, 0, &base, NULL), 0);
	assert_int_not_equal(hvabi_featureset_find(base, &key, NULL), 0);
	hvabi_featureset_free(base);
	hvabi_featureset_free(set);
	hvabi_featureset_free(host);
}


/*
 * The CCSIDRs (KVM's DEMUX registers): the cache geometry the guest reads.
 * 6.1 answers the CPU's and refuses another; 6.3+ makes one up and takes
 * any with a line not below CTR_EL0's smallest. A VM from 6.1 may move to
 * 7.2 with 6.1's geometry written there; one from 7.2 may not move to 6.1.
 * (Before the CCSIDRs were in the set, check allowed both and the guest
 * saw 0x701fe00a become 0x2 on the real 6.1 -> 7.2 pair of the lab.)
 */
#define CCSIDR(n) (0x6020000000110000ull | (n))

static void test_ccsidr_pinned_where_writable(void **state)
{
	struct hvabi_featureset *v61 = test_sim_probe("arm64-6.1");
	struct hvabi_featureset *v72 = test_sim_probe("arm64-7.2"), *base = NULL;
	const struct hvabi_featureset *pair[2] = { v61, v72 };
	struct hvabi_key k0 = hvabi_key_reg(CCSIDR(0)), k5 = hvabi_key_reg(CCSIDR(5));
	struct hvabi_report *rep = NULL;
	struct hvabi_entry e61, e72, e;
	struct test_vm v;
	size_t i;

	(void)state;
	assert_int_equal(hvabi_featureset_find(v61, &k0, &e61), 0);
	assert_int_equal(hvabi_featureset_find(v72, &k0, &e72), 0);
	assert_int_not_equal(e61.value, e72.value);
	assert_int_equal(e61.mask, 0);
	assert_int_equal(e72.mask, 0xffffffffu);
	/* 6.1 lists the CPU's three levels only; the guest never reads the others. */
	assert_int_not_equal(hvabi_featureset_find(v61, &k5, NULL), 0);
	assert_int_equal(hvabi_featureset_find(v72, &k5, NULL), 0);

	assert_int_equal(check_verdict(v72, v61, 0, &rep), 0);
	for (i = 0; i < hvabi_report_count(rep); i++) {
		struct hvabi_report_item it;

		assert_int_equal(hvabi_report_get_item(rep, i, &it, sizeof(it)), 0);
		if (!hvabi_key_compare(&it.key, &k0))
			assert_int_equal(it.severity, HVABI_SEVERITY_BLOCK);
	}
	hvabi_report_free(rep);

	/* The baseline keeps 6.1's geometry; apply writes it on every 7.2 vCPU. */
	assert_true(baseline_verdict(pair, 2, 0, &base, NULL) >= 0);
	assert_int_equal(hvabi_featureset_find(base, &k0, &e), 0);
	assert_int_equal(e.value, e61.value);
	assert_int_equal(hvabi_featureset_find(base, &k5, NULL), 0);
	/* 7.2's own set with 6.1's cache geometry (the simulated hosts differ elsewhere). */
	hvabi_featureset_free(base);
	base = NULL;
	assert_int_equal(hvabi_featureset_copy(v72, &base), 0);
	for (i = 0; i < 3; i++) {
		struct hvabi_key k = hvabi_key_reg(CCSIDR(i));

		assert_int_equal(hvabi_featureset_find(v61, &k, &e), 0);
		assert_int_equal(hvabi_featureset_set_value(base, &k, e.value), 0);
	}
	assert_int_equal(check_verdict(base, v72, 0, NULL), 1);
	test_vm_open(&v, "arm64-7.2", 3);
	rep = NULL;
	assert_int_equal(hvabi_apply(v.kvm, base, v.vm_fd, v.vcpus, v.n, NULL, &rep), 0);
	hvabi_report_free(rep);
	for (i = 0; i < v.n; i++) {
		uint32_t got = 0;

		assert_int_equal(hvabi_kvm_reg_get(v.kvm, v.vcpus[i], CCSIDR(0), &got), 0);
		assert_int_equal(got, e61.value);
	}
	test_vm_close(&v);
	hvabi_featureset_free(base);
	hvabi_featureset_free(v61);
	hvabi_featureset_free(v72);
}

/*
 * A set without the CCSIDRs (every arm64 set saved before they were
 * catalogued) whose CLIDR_EL1 describes the caches: the guest reads the
 * destination's geometry (6.1's CPU's, 7.2's made-up one), so a
 * destination that lists them refuses the move. Only a cache the set's
 * CLIDR_EL1 does not describe is out of the guest's reach.
 */
static void test_ccsidr_absent_from_set(void **state)
{
	struct hvabi_featureset *v61 = test_sim_probe("arm64-6.1");
	struct hvabi_featureset *v72 = test_sim_probe("arm64-7.2"), *set = NULL;
	const struct hvabi_featureset *hosts[2] = { v61, v72 };
	struct hvabi_key clidr = hvabi_key_reg(HVABI_ARM64_SYS_REG(3, 1, 0, 0, 1));
	struct hvabi_report *rep = NULL;
	struct hvabi_report_item it;
	struct hvabi_entry e;
	size_t h, i;

	(void)state;
	for (h = 0; h < 2; h++) {
		assert_int_equal(hvabi_featureset_copy(hosts[h], &set), 0);
		for (i = 0; i < 14; i++) {
			struct hvabi_key k = hvabi_key_reg(CCSIDR(i));

			if (!hvabi_featureset_find(set, &k, NULL))
				assert_int_equal(hvabi_featureset_remove(set, &k), 0);
		}
		assert_int_equal(check_verdict(set, hosts[h], 0, NULL), 0);
		assert_int_equal(check_verdict(set, hosts[h], 0, &rep), 0);
		assert_int_equal(hvabi_report_get_item(rep, 0, &it, sizeof(it)), 0);
		assert_int_equal(it.severity, HVABI_SEVERITY_BLOCK);
		assert_int_equal(it.key.id & ~0xffull, CCSIDR(0));
		hvabi_report_free(rep);
		rep = NULL;
		/*
		 * With a CLIDR_EL1 that describes no cache, no CCSIDR is in
		 * reach: 7.2 takes that CLIDR_EL1, 6.1 refuses it (only it).
		 */
		assert_int_equal(hvabi_featureset_find(set, &clidr, &e), 0);
		assert_int_equal(hvabi_featureset_set_value(set, &clidr, e.value & ~0x1fffffull), 0);
		assert_int_equal(check_verdict(set, hosts[h], 0, &rep), h == 1);
		for (i = 0; i < hvabi_report_count(rep); i++) {
			assert_int_equal(hvabi_report_get_item(rep, i, &it, sizeof(it)), 0);
			if (it.severity == HVABI_SEVERITY_BLOCK)
				assert_int_not_equal(it.key.id & ~0xffull, CCSIDR(0));
		}
		hvabi_report_free(rep);
		rep = NULL;
		hvabi_featureset_free(set);
		set = NULL;
	}
	hvabi_featureset_free(v61);
	hvabi_featureset_free(v72);
}

/* set_ccsidr(): a line below CTR_EL0's smallest is refused, and so is the move. */
static void test_ccsidr_line_floor(void **state)
{
	struct hvabi_featureset *host = test_sim_probe("arm64-7.2"), *set = NULL;
	struct hvabi_key k0 = hvabi_key_reg(CCSIDR(0));
	struct hvabi_report *rep = NULL;
	struct hvabi_report_item it;
	struct test_vm v;
	size_t i;

	(void)state;
	assert_int_equal(hvabi_featureset_copy(host, &set), 0);
	/* LineSize 0: 16-byte lines, below any CTR_EL0 of this host (64 bytes). */
	assert_int_equal(hvabi_featureset_set_value(set, &k0, 0x1fe018), 0);
	assert_int_equal(check_verdict(set, host, 0, NULL), 0);
	assert_int_equal(check_verdict(set, host, 0, &rep), 0);
	for (i = 0; i < hvabi_report_count(rep); i++) {
		assert_int_equal(hvabi_report_get_item(rep, i, &it, sizeof(it)), 0);
		if (!hvabi_key_compare(&it.key, &k0))
			break;
	}
	assert_true(i < hvabi_report_count(rep));
	assert_non_null(strstr(it.message, "below the host's smallest"));
	hvabi_report_free(rep);
	test_vm_open(&v, "arm64-7.2", 1);
	rep = NULL;
	assert_int_equal(hvabi_apply(v.kvm, set, v.vm_fd, v.vcpus, v.n, NULL, &rep), -EINVAL);
	hvabi_report_free(rep);
	test_vm_close(&v);
	hvabi_featureset_free(set);
	hvabi_featureset_free(host);
}

/*
 * Every value of every writable field, check against the simulated
 * kernel: the library's catalogue and the simulator's field tables
 * (lib/sim/arm64-ftr.c) are two separate readings of the kernel's
 * cpufeature.c, so here a mistake in either shows. Each 4-bit field the
 * writable mask covers takes each of its 16 values in turn, the rest of
 * the register the host's; where check lets the set move to its own
 * host, the kernel must take the write and read it back unchanged. Check
 * may be stricter (GIC, EL0/EL1 at 0 on 6.12, refused setter values):
 * those are counted, not failed.
 */
static void sweep(const char *model, unsigned int *tried, unsigned int *stricter)
{
	struct hvabi_featureset *host = test_sim_probe(model);
	struct test_vm v;
	size_t i, n = hvabi_featureset_count(host);

	test_vm_open(&v, model, 1);
	for (i = 0; i < n; i++) {
		struct hvabi_entry e;

		assert_int_equal(hvabi_featureset_get_entry(host, i, &e), 0);
		if (e.key.ns != HVABI_NS_ONE_REG || e.kind != HVABI_KIND_IDFIELDS ||
		    !(e.flags & HVABI_ENTRY_HAS_MASK) || e.width != 8)
			continue;
		for (unsigned int shift = 0; shift < 64; shift += 4) {
			if (((e.mask >> shift) & 0xf) != 0xf)
				continue;
			for (uint64_t f = 0; f < 16; f++) {
				uint64_t val = with_field(e.value, shift, f), back = 0;
				struct hvabi_kvm_one_reg reg = { e.key.id, (uintptr_t)&val };
				struct hvabi_featureset *set = NULL;
				bool moves = false;
				int r;

				if (val == e.value)
					continue;
				(*tried)++;
				assert_int_equal(hvabi_featureset_copy(host, &set), 0);
				assert_int_equal(hvabi_featureset_set_value(set, &e.key, val), 0);
				assert_int_equal(hvabi_check(set, host, 0, &moves, NULL), 0);
				hvabi_featureset_free(set);
				r = hvabi_sim_ioctl(v.sim, v.vcpus[0], HVABI_KVM_SET_ONE_REG, &reg);
				if (!r) {
					reg.addr = (uintptr_t)&back;
					assert_int_equal(hvabi_sim_ioctl(v.sim, v.vcpus[0],
									 HVABI_KVM_GET_ONE_REG, &reg), 0);
					/* the host's own value back, which every kernel takes */
					reg.addr = (uintptr_t)&e.value;
					assert_int_equal(hvabi_sim_ioctl(v.sim, v.vcpus[0],
									 HVABI_KVM_SET_ONE_REG, &reg), 0);
				}
				if (moves && (r || back != val))
					fail_msg("%s: check lets reg %#llx = %#llx (field at %u = %llu) "
						 "move, the kernel %s", model,
						 (unsigned long long)e.key.id, (unsigned long long)val,
						 shift, (unsigned long long)f,
						 r ? "refuses the write" : "keeps another value");
				if (!moves && !r && back == val)
					(*stricter)++;
			}
		}
	}
	test_vm_close(&v);
	hvabi_featureset_free(host);
}

static void test_every_writable_field_value(void **state)
{
	unsigned int tried_612 = 0, tried_72 = 0, stricter_612 = 0, stricter_72 = 0;

	(void)state;
	sweep("arm64-6.12", &tried_612, &stricter_612);
	sweep("arm64-7.2", &tried_72, &stricter_72);
	assert_true(tried_612 > 1000 && tried_72 > 1000);
	print_message("check stricter than the kernel: %u of %u values on 6.12, %u of %u on 7.2\n",
		      stricter_612, tried_612, stricter_72, tried_72);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_setter_checks_612),
		cmocka_unit_test(test_setter_checks_72),
		cmocka_unit_test(test_gic_is_kvms_own),
		cmocka_unit_test(test_own_refused_value_is_taken),
		cmocka_unit_test(test_ccsidr_pinned_where_writable),
		cmocka_unit_test(test_ccsidr_line_floor),
		cmocka_unit_test(test_ccsidr_absent_from_set),
		cmocka_unit_test(test_every_writable_field_value),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
