/*
 * Baseline, check and apply against the simulated kernels: the proof
 * that what apply writes is what the guest then sees, on every model,
 * and that failures are reported as the kernel raises them.
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

static const char *const arm_models[] = { "arm64-5.10", "arm64-6.1", "arm64-6.12", "arm64-7.2" };
#define NMODELS 4

static struct hvabi_featureset *arm_baseline(struct hvabi_report **rep)
{
	struct hvabi_featureset *p[NMODELS], *base = NULL;
	size_t i;

	for (i = 0; i < NMODELS; i++)
		p[i] = test_sim_probe(arm_models[i]);
	assert_true(baseline_verdict((const struct hvabi_featureset *const *)p, NMODELS, 0, &base,
				   rep) >= 0);
	for (i = 0; i < NMODELS; i++)
		hvabi_featureset_free(p[i]);
	return base;
}

static void print_report(const struct hvabi_report *rep)
{
	char *text;

	if (!hvabi_report_to_text_alloc(rep, &text))
		fputs(text, stdout);
	free(text);
}

/*
 * What the guest sees after apply must be the set: every entry of the set
 * the VM has reads the set's value (levels: at least it), and family
 * members the set lacks read as off.
 */
static void assert_vm_has(struct test_vm *v, const struct hvabi_featureset *set)
{
	struct hvabi_featureset *seen = NULL;
	size_t i;

	assert_int_equal(hvabi_kvm_read_vm(v->kvm, v->vm_fd, v->vcpus, v->n, 0, &seen), 0);
	for (i = 0; i < hvabi_featureset_count(set); i++) {
		struct hvabi_entry want, got;
		char key[64];
		size_t n;

		hvabi_featureset_get_entry(set, i, &want);
		if (want.key.ns != HVABI_NS_ONE_REG)
			continue;
		if (hvabi_featureset_find(seen, &want.key, &got))
			continue; /* absent here: apply judged it implied (see the report test) */
		n = sizeof(key);
		hvabi_key_to_string(&want.key, key, &n);
		if (want.kind == HVABI_KIND_LEVEL)
			assert_true(got.value >= want.value || want.value == 0);
		else if (want.width <= 8 && got.value != want.value)
			fail_msg("%s: set 0x%llx, VM 0x%llx", key, (unsigned long long)want.value,
				 (unsigned long long)got.value);
	}
	for (i = 0; i < hvabi_featureset_count(seen); i++) {
		struct hvabi_entry got;

		hvabi_featureset_get_entry(seen, i, &got);
		if (got.key.ns == HVABI_NS_ONE_REG &&
		    (got.key.id & HVABI_KVM_REG_ARM_COPROC_MASK) == HVABI_KVM_REG_ARM_FW_FEAT_BMAP &&
		    hvabi_featureset_find(set, &got.key, NULL))
			assert_int_equal(got.value, 0);
	}
	hvabi_featureset_free(seen);
}

static void test_apply_baseline_on_every_arm64_model(void **state)
{
	struct hvabi_featureset *base = arm_baseline(NULL);
	size_t m;

	(void)state;
	for (m = 0; m < NMODELS; m++) {
		struct hvabi_report *rep = NULL;
		struct test_vm v;
		int r;

		test_vm_open(&v, arm_models[m], 2);
		r = hvabi_apply(v.kvm, base, v.vm_fd, v.vcpus, v.n, NULL, &rep);
		if (r)
			print_report(rep);
		assert_int_equal(r, 0);
		assert_int_equal(hvabi_report_ok(rep), 1);
		assert_vm_has(&v, base);
		hvabi_report_free(rep);
		test_vm_close(&v);
	}
	hvabi_featureset_free(base);
}

static const struct hvabi_report_item *item(const struct hvabi_report *rep, uint64_t id,
					    struct hvabi_report_item *it)
{
	size_t i;

	for (i = 0; i < hvabi_report_count(rep); i++) {
		hvabi_report_get_item(rep, i, it, sizeof(*it));
		if (it->key.ns == HVABI_NS_ONE_REG && it->key.id == id)
			return it;
	}
	return NULL;
}

/* The firmware part of a set: what a VM's hypercall ABI is, without ID registers. */
static struct hvabi_featureset *firmware_only(struct hvabi_featureset *fs)
{
	size_t i = hvabi_featureset_count(fs);
	struct hvabi_entry e;

	while (i-- > 0) {
		hvabi_featureset_get_entry(fs, i, &e);
		if (e.key.ns == HVABI_NS_ONE_REG &&
		    (e.key.id & HVABI_KVM_REG_ARM_COPROC_MASK) == HVABI_KVM_REG_ARM64_SYSREG)
			assert_int_equal(hvabi_featureset_remove(fs, &e.key), 0);
	}
	return fs;
}

static void test_apply_writes_new_family_members_off(void **state)
{
	struct hvabi_featureset *v61 = firmware_only(test_sim_probe("arm64-6.1"));
	struct hvabi_report *rep = NULL;
	struct hvabi_report_item it;
	struct hvabi_plan *plan = NULL;
	size_t len = 0;
	char *text;
	struct test_vm v;
	int r;

	(void)state;
	/* A 6.1 VM arriving on 7.2: VENDOR_HYP_BMAP_2 must read 0 whatever 7.2 defaults to. */
	test_vm_open(&v, "arm64-7.2", 1);
	assert_int_equal(hvabi_plan_new(v.kvm, v61, v.vm_fd, v.vcpus, v.n, NULL, &plan), 0);
	assert_int_equal(hvabi_plan_to_text(plan, NULL, &len), -ERANGE);
	text = malloc(len + 1);
	len++;
	assert_int_equal(hvabi_plan_to_text(plan, text, &len), 0);
	assert_int_equal(strlen(text), len);
	assert_non_null(strstr(text, "VENDOR_HYP_BMAP_2"));
	assert_non_null(strstr(text, "(off)"));
	free(text);
	r = hvabi_plan_execute(plan, &rep);
	if (r)
		print_report(rep);
	assert_int_equal(r, 0);
	assert_int_equal(hvabi_plan_execute(plan, NULL), -EINVAL);
	assert_non_null(item(rep, HVABI_KVM_REG_ARM_VENDOR_HYP_BMAP_2, &it));
	assert_int_equal(it.reason, HVABI_REASON_WRITTEN_OFF);
	assert_non_null(item(rep, HVABI_KVM_REG_ARM_PSCI_VERSION, &it));
	assert_int_equal(it.reason, HVABI_REASON_WRITTEN);
	assert_int_equal(it.source, HVABI_PSCI_VERSION(1, 1));
	assert_vm_has(&v, v61);
	hvabi_report_free(rep);
	hvabi_plan_free(plan);
	test_vm_close(&v);
	hvabi_featureset_free(v61);
}

/*
 * ID register fields newer kernels hide but still accept (MPAM, NV: the
 * write of the hardware value is ignored) are caught twice: check refuses
 * the move, and apply reports the writes as accepted but not kept.
 */
static void test_apply_reports_writes_not_kept(void **state)
{
	struct hvabi_featureset *v61 = test_sim_probe("arm64-6.1");
	struct hvabi_featureset *v72 = test_sim_probe("arm64-7.2");
	struct hvabi_key pfr0 = hvabi_key_reg(HVABI_ARM64_SYS_REG(3, 0, 0, 4, 0));
	struct hvabi_entry a, b;
	struct hvabi_report *rep = NULL;
	struct hvabi_report_item it;
	struct test_vm v;
	int r;

	(void)state;
	assert_int_equal(hvabi_featureset_find(v61, &pfr0, &a), 0);
	assert_int_equal(hvabi_featureset_find(v72, &pfr0, &b), 0);
	if (a.value == b.value)
		skip();
	assert_int_equal(check_verdict(v61, v72, 0, &rep), 0);
	assert_non_null(item(rep, pfr0.id, &it));
	assert_int_equal(it.severity, HVABI_SEVERITY_BLOCK);
	hvabi_report_free(rep);
	test_vm_open(&v, "arm64-7.2", 1);
	r = hvabi_apply(v.kvm, v61, v.vm_fd, v.vcpus, v.n, NULL, &rep);
	assert_true(r == -EIO || r == -EINVAL);
	assert_non_null(item(rep, pfr0.id, &it));
	assert_true(it.reason == HVABI_REASON_NOT_KEPT || it.reason == HVABI_REASON_REFUSED);
	hvabi_report_free(rep);
	test_vm_close(&v);
	hvabi_featureset_free(v61);
	hvabi_featureset_free(v72);
}

static void test_apply_rollback_refused_by_the_kernel(void **state)
{
	struct hvabi_featureset *v72 = test_sim_probe("arm64-7.2");
	struct hvabi_featureset *v612 = test_sim_probe("arm64-6.12");
	struct hvabi_report *rep = NULL;
	struct hvabi_report_item it;
	struct test_vm v;
	int r;

	(void)state;
	/* check predicts what the kernel does: PSCI 1.3 is refused by 6.12 with EINVAL. */
	assert_int_equal(check_verdict(v72, v612, 0, &rep), 0);
	assert_non_null(item(rep, HVABI_KVM_REG_ARM_PSCI_VERSION, &it));
	assert_int_equal(it.reason, HVABI_REASON_BEYOND_DEST);
	hvabi_report_free(rep);
	test_vm_open(&v, "arm64-6.12", 1);
	r = hvabi_apply(v.kvm, v72, v.vm_fd, v.vcpus, v.n, NULL, &rep);
	assert_true(r == -EINVAL || r == -ENOENT);
	assert_int_equal(hvabi_report_ok(rep), 0);
	assert_true(hvabi_report_count_severity(rep, HVABI_SEVERITY_BLOCK) >= 1);
	hvabi_report_free(rep);
	test_vm_close(&v);
	hvabi_featureset_free(v72);
	hvabi_featureset_free(v612);
}

/*
 * riscv 6.12 and 7.2 (the kernel lab's pair): 7.2 adds Zaamo and Zalrsc,
 * which a 6.12 guest had as A, and SBI SUSP, FWFT and MPXY, which a 6.12
 * guest probes as absent. Their baseline pins FWFT off: apply writes it
 * on 7.2 and leaves 6.12, which behaves so, alone; both VMs then read
 * what the set says. The other way, 7.2's own profile on 6.12, check
 * refuses FWFT alone, and so does the kernel (ENOENT).
 */
static void test_apply_riscv_pair(void **state)
{
	static const char *const models[] = { "riscv-6.12", "riscv-7.2" };
	struct hvabi_featureset *p[2], *base = NULL;
	struct hvabi_report *rep = NULL;
	struct hvabi_report_item it;
	const uint64_t zaamo = HVABI_RISCV_ISA_EXT_REG(69), fwft = HVABI_RISCV_SBI_EXT_REG(12);
	struct hvabi_key kz = hvabi_key_reg(zaamo), kf = hvabi_key_reg(fwft);
	struct hvabi_entry e;
	struct test_vm v;
	size_t m;
	int r;

	(void)state;
	for (m = 0; m < 2; m++)
		p[m] = test_sim_probe(models[m]);
	assert_int_equal(hvabi_featureset_find(p[0], &kf, NULL), -ENOENT);
	assert_int_equal(hvabi_featureset_find(p[0], &kz, NULL), -ENOENT);
	assert_int_equal(baseline_verdict((const struct hvabi_featureset *const *)p, 2, 0, &base,
					&rep), 1);
	hvabi_report_free(rep);
	assert_int_equal(hvabi_featureset_find(base, &kf, &e), 0);
	assert_int_equal(e.value, 0);
	assert_int_equal(hvabi_featureset_find(base, &kz, &e), 0);
	assert_int_equal(e.value, 1);
	for (m = 0; m < 2; m++) {
		assert_int_equal(check_verdict(base, p[m], 0, NULL), 1);
		test_vm_open(&v, models[m], 2);
		r = hvabi_apply(v.kvm, base, v.vm_fd, v.vcpus, v.n, NULL, &rep);
		if (r)
			print_report(rep);
		assert_int_equal(r, 0);
		assert_int_equal(hvabi_report_ok(rep), 1);
		assert_non_null(item(rep, fwft, &it));
		assert_int_equal(it.reason, m ? HVABI_REASON_WRITTEN : HVABI_REASON_MISSING_IMPLIED_OK);
		assert_vm_has(&v, base);
		hvabi_report_free(rep);
		test_vm_close(&v);
	}

	assert_int_equal(check_verdict(p[1], p[0], 0, &rep), 0);
	assert_int_equal(hvabi_report_count_severity(rep, HVABI_SEVERITY_BLOCK), 1);
	assert_non_null(item(rep, fwft, &it));
	assert_int_equal(it.severity, HVABI_SEVERITY_BLOCK);
	assert_int_equal(it.reason, HVABI_REASON_MISSING_ON_DEST);
	assert_non_null(item(rep, zaamo, &it));
	assert_int_equal(it.reason, HVABI_REASON_MISSING_IMPLIED_OK);
	hvabi_report_free(rep);
	test_vm_open(&v, "riscv-6.12", 1);
	assert_int_equal(hvabi_apply(v.kvm, p[1], v.vm_fd, v.vcpus, v.n, NULL, &rep), -ENOENT);
	assert_non_null(item(rep, fwft, &it));
	assert_int_equal(it.reason, HVABI_REASON_REFUSED);
	assert_int_equal(it.error, -ENOENT);
	hvabi_report_free(rep);
	test_vm_close(&v);
	hvabi_featureset_free(base);
	for (m = 0; m < 2; m++)
		hvabi_featureset_free(p[m]);
}

/*
 * A guest from a host without Sstc cannot come to a KVM that refuses to
 * disable it (kvm_riscv_isa_disable_allowed(), arch/riscv/kvm/isa.c):
 * check says so from the probe's HAS_MIN, so does the baseline of the two
 * hosts, and the simulated 7.2 refuses the write (EINVAL). Without D, an
 * extension KVM does disable, the move is allowed and apply writes it off.
 */
static void test_apply_riscv_forced_extension(void **state)
{
	struct hvabi_featureset *v72 = test_sim_probe("riscv-7.2"), *set = NULL, *base = NULL;
	const struct hvabi_featureset *two[2];
	struct hvabi_key sstc = hvabi_key_reg(HVABI_RISCV_ISA_EXT_REG(8));
	struct hvabi_key d = hvabi_key_reg(HVABI_RISCV_ISA_EXT_REG(2));
	struct hvabi_report *rep = NULL;
	struct hvabi_report_item it;
	struct hvabi_entry e;
	struct test_vm v;

	(void)state;
	assert_int_equal(hvabi_featureset_find(v72, &sstc, &e), 0);
	assert_true(e.value == 1 && (e.flags & HVABI_ENTRY_HAS_MIN) && e.min == 1);
	assert_int_equal(hvabi_featureset_copy(v72, &set), 0);
	e.value = 0;
	e.max = 0;
	e.flags &= ~HVABI_ENTRY_HAS_MIN;
	e.min = 0;
	assert_int_equal(hvabi_featureset_put(set, &e), 0);
	assert_int_equal(check_verdict(set, v72, 0, NULL), 0);
	assert_int_equal(check_verdict(set, v72, 0, &rep), 0);
	assert_non_null(item(rep, sstc.id, &it));
	assert_int_equal(it.severity, HVABI_SEVERITY_BLOCK);
	assert_non_null(strstr(it.message, "cannot be taken away"));
	hvabi_report_free(rep);
	two[0] = set;
	two[1] = v72;
	assert_int_equal(baseline_verdict(two, 2, 0, &base, &rep), 0);
	assert_non_null(item(rep, sstc.id, &it));
	assert_int_equal(it.severity, HVABI_SEVERITY_BLOCK);
	hvabi_report_free(rep);
	hvabi_featureset_free(base);
	test_vm_open(&v, "riscv-7.2", 1);
	assert_int_equal(hvabi_apply(v.kvm, set, v.vm_fd, v.vcpus, v.n, NULL, &rep), -EINVAL);
	assert_non_null(item(rep, sstc.id, &it));
	assert_int_equal(it.reason, HVABI_REASON_REFUSED);
	hvabi_report_free(rep);
	test_vm_close(&v);
	hvabi_featureset_free(set);

	assert_int_equal(hvabi_featureset_copy(v72, &set), 0);
	assert_int_equal(hvabi_featureset_find(set, &d, &e), 0);
	assert_true(e.value == 1 && (e.flags & HVABI_ENTRY_HAS_MIN) && e.min == 0);
	e.value = 0;
	assert_int_equal(hvabi_featureset_put(set, &e), 0);
	assert_int_equal(check_verdict(set, v72, 0, NULL), 1);
	test_vm_open(&v, "riscv-7.2", 1);
	assert_int_equal(hvabi_apply(v.kvm, set, v.vm_fd, v.vcpus, v.n, NULL, &rep), 0);
	assert_vm_has(&v, set);
	hvabi_report_free(rep);
	test_vm_close(&v);
	hvabi_featureset_free(set);
	hvabi_featureset_free(v72);
}

static void test_apply_after_run_reports_busy(void **state)
{
	struct hvabi_featureset *set = test_sim_probe("arm64-7.2");
	struct hvabi_key k = hvabi_key_reg(HVABI_KVM_REG_ARM_VENDOR_HYP_BMAP);
	struct hvabi_key pfr0 = hvabi_key_reg(HVABI_ARM64_SYS_REG(3, 0, 0, 4, 0));
	struct hvabi_key pfr1 = hvabi_key_reg(HVABI_ARM64_SYS_REG(3, 0, 0, 1, 1));
	struct hvabi_report *rep = NULL;
	struct hvabi_entry e;
	struct hvabi_report_item it;
	struct test_vm v;

	(void)state;
	test_vm_open(&v, "arm64-7.2", 1);
	assert_int_equal(hvabi_sim_run(v.sim, v.vcpus[0]), 0);
	/*
	 * The first run of a VM without an in-kernel vGICv3 (the simulator
	 * has none) hid the GIC from the guest, as a 6.12+ kernel does.
	 */
	assert_int_equal(hvabi_featureset_find(set, &pfr0, &e), 0);
	assert_int_equal(hvabi_featureset_set_value(set, &pfr0, e.value & ~(0xfull << 24)), 0);
	assert_int_equal(hvabi_featureset_find(set, &pfr1, &e), 0);
	assert_int_equal(hvabi_featureset_set_value(set, &pfr1, e.value & ~(0xfull << 28)), 0);
	/* Unchanged values are still accepted after the run... */
	assert_int_equal(hvabi_apply(v.kvm, set, v.vm_fd, v.vcpus, v.n, NULL, &rep), 0);
	hvabi_report_free(rep);
	/* ...a changed bitmap is not, and the report says so. */
	assert_int_equal(hvabi_featureset_set_value(set, &k, 0x1), 0);
	assert_int_equal(hvabi_apply(v.kvm, set, v.vm_fd, v.vcpus, v.n, NULL, &rep), -EBUSY);
	assert_non_null(item(rep, HVABI_KVM_REG_ARM_VENDOR_HYP_BMAP, &it));
	assert_int_equal(it.reason, HVABI_REASON_BUSY);
	assert_int_equal(it.error, -EBUSY);
	assert_non_null(item(rep, HVABI_KVM_REG_ARM_PSCI_VERSION, &it));
	assert_int_equal(it.reason, HVABI_REASON_WRITTEN);
	hvabi_report_free(rep);
	test_vm_close(&v);
	hvabi_featureset_free(set);
}

static void test_apply_stops_at_a_refused_write(void **state)
{
	struct hvabi_featureset *set = test_sim_probe("arm64-7.2");
	struct hvabi_report *rep = NULL;
	struct hvabi_report_item it;
	struct hvabi_plan *plan = NULL;
	struct hvabi_plan_step step;
	size_t i, first_set = SIZE_MAX, n_set = 0, refused = 0, unverified = 0;
	struct test_vm v;

	(void)state;
	test_vm_open(&v, "arm64-7.2", 2);
	assert_int_equal(hvabi_plan_new(v.kvm, set, v.vm_fd, v.vcpus, v.n, NULL, &plan), 0);
	for (i = 0; i < hvabi_plan_count(plan); i++) {
		assert_int_equal(hvabi_plan_get_step(plan, i, &step, sizeof(step)), 0);
		if (step.op == HVABI_STEP_SET_REG) {
			if (first_set == SIZE_MAX)
				first_set = i;
			n_set++;
		}
	}
	assert_int_equal(hvabi_plan_get_step(plan, i, &step, sizeof(step)), -ENOENT);
	assert_true(n_set > 4);
	/* The kernel refuses the third register write. */
	assert_int_equal(hvabi_sim_inject_error(v.sim, (unsigned int)first_set + 3, -EINVAL), 0);
	assert_int_equal(hvabi_plan_execute(plan, &rep), -EINVAL);
	for (i = 0; i < hvabi_report_count(rep); i++) {
		hvabi_report_get_item(rep, i, &it, sizeof(it));
		if (it.reason == HVABI_REASON_REFUSED) {
			refused++;
			assert_int_equal(it.error, -EINVAL);
			assert_non_null(strstr(it.message, "refused"));
		}
		unverified += it.reason == HVABI_REASON_NOT_VERIFIED;
		/* Nothing after the refusal is claimed written. */
	}
	assert_int_equal(refused, 1);
	assert_true(unverified >= 1);
	hvabi_report_free(rep);
	hvabi_plan_free(plan);
	test_vm_close(&v);
	hvabi_featureset_free(set);
}

static void test_apply_ioctl_economy_64_vcpus(void **state)
{
	struct hvabi_featureset *base = arm_baseline(NULL);
	struct hvabi_kvm_stats st;
	struct hvabi_kvm_reg_list *l;
	uint64_t listed;
	struct test_vm v;

	(void)state;
	test_vm_open(&v, "arm64-7.2", 64);
	assert_int_equal(stats_take(v.kvm, &st), 0);
	assert_int_equal(hvabi_apply(v.kvm, base, v.vm_fd, v.vcpus, v.n, NULL, NULL), 0);
	assert_int_equal(hvabi_kvm_get_stats(v.kvm, &st, sizeof(st)), 0);
	/* A full restore writes every listed register on every vCPU. */
	l = calloc(1, sizeof(*l));
	assert_int_equal(hvabi_sim_ioctl(v.sim, v.vcpus[0], HVABI_KVM_GET_REG_LIST, l), -E2BIG);
	listed = l->n;
	free(l);
	print_message("apply on 64 vCPUs: %llu SET_ONE_REG, %llu GET_ONE_REG; full restore: "
		      "%llu SET_ONE_REG (%.2f%%)\n", (unsigned long long)st.set_one_reg,
		      (unsigned long long)st.get_one_reg, (unsigned long long)(listed * 64),
		      100.0 * (double)st.set_one_reg / (double)(listed * 64));
	assert_true(st.set_one_reg * 20 <= listed * 64);
	/*
	 * VM-scoped entries are written once; per-vCPU ones (CLIDR_EL1 and the
	 * CCSIDRs, a few) on each vCPU, and only where the vCPU differs.
	 */
	{
		size_t i, nvm = 0, nvcpu = 0;
		struct hvabi_entry e;

		for (i = 0; i < hvabi_featureset_count(base); i++) {
			assert_int_equal(hvabi_featureset_get_entry(base, i, &e), 0);
			if (e.key.ns != HVABI_NS_ONE_REG)
				continue;
			if (e.scope == HVABI_SCOPE_VM)
				nvm++;
			else
				nvcpu++;
		}
		assert_true(nvcpu < 20);
		assert_true(st.set_one_reg <= nvm + 64 * nvcpu);
	}
	test_vm_close(&v);
	hvabi_featureset_free(base);
}

static void test_apply_x86_cpuid(void **state)
{
	struct hvabi_featureset *host = test_sim_probe("x86-6.1"), *set = NULL;
	struct hvabi_key pv = hvabi_key_cpuid(0x40000001, 0, HVABI_CPUID_EAX);
	struct hvabi_report *rep = NULL;
	struct hvabi_entry e;
	struct test_vm v;
	int r;

	(void)state;
	assert_int_equal(hvabi_featureset_copy(host, &set), 0);
	/* Pin the PV features down to CLOCKSOURCE2 and ASYNC_PF. */
	assert_int_equal(hvabi_featureset_find(set, &pv, &e), 0);
	assert_int_equal(hvabi_featureset_set_value(set, &pv, e.value & 0x18), 0);
	test_vm_open(&v, "x86-6.1", 2);
	r = hvabi_apply(v.kvm, set, v.vm_fd, v.vcpus, v.n, NULL, &rep);
	if (r)
		print_report(rep);
	assert_int_equal(r, 0);
	hvabi_report_free(rep);
	assert_vm_has(&v, set);
	test_vm_close(&v);
	hvabi_featureset_free(host);
	hvabi_featureset_free(set);
}

static void test_apply_argument_errors(void **state)
{
	struct hvabi_featureset *set = test_sim_probe("arm64-6.1");
	struct hvabi_featureset *x86 = test_sim_probe("x86-6.1");
	struct hvabi_apply_opts opts;
	struct hvabi_plan *plan = (void *)1;
	struct hvabi_cpuid_entry c = { 0, 0, 0, 0, 0, 0, 0, 1 };
	struct test_vm v;
	int bad = -1;

	(void)state;
	test_vm_open(&v, "arm64-6.1", 1);
	assert_int_equal(hvabi_plan_new(NULL, set, v.vm_fd, v.vcpus, 1, NULL, &plan), -EINVAL);
	assert_int_equal(hvabi_plan_new(v.kvm, NULL, v.vm_fd, v.vcpus, 1, NULL, &plan), -EINVAL);
	assert_int_equal(hvabi_plan_new(v.kvm, set, v.vm_fd, v.vcpus, 0, NULL, &plan), -EINVAL);
	assert_int_equal(hvabi_plan_new(v.kvm, set, v.vm_fd, &bad, 1, NULL, &plan), -EINVAL);
	assert_int_equal(hvabi_plan_new(v.kvm, x86, v.vm_fd, v.vcpus, 1, NULL, &plan), -EINVAL);
	memset(&opts, 0, sizeof(opts));
	assert_int_equal(hvabi_plan_new(v.kvm, set, v.vm_fd, v.vcpus, 1, &opts, &plan), -EINVAL);
	opts.sz = sizeof(opts);
	opts.cpuid = &c;
	opts.ncpuid = 1;
	assert_int_equal(hvabi_plan_new(v.kvm, set, v.vm_fd, v.vcpus, 1, &opts, &plan), -EINVAL);
	assert_ptr_equal(plan, (void *)1);
	assert_int_equal(hvabi_plan_execute(NULL, NULL), -EINVAL);
	assert_int_equal(hvabi_plan_count(NULL), 0);
	assert_int_equal(hvabi_cpuid_restrict(set, &c, 1), -EINVAL);
	assert_int_equal(hvabi_cpuid_restrict(x86, &c, 1), -EINVAL);
	assert_int_equal(hvabi_cpuid_restrict(x86, NULL, 0), 0);
	/* A vCPU fd the KVM does not know: the kernel's EBADF, reported by the plan. */
	bad = 12345;
	assert_int_equal(hvabi_plan_new(v.kvm, set, v.vm_fd, &bad, 1, NULL, &plan), -EBADF);
	hvabi_plan_free(NULL);
	test_vm_close(&v);
	hvabi_featureset_free(set);
	hvabi_featureset_free(x86);
}

/* ---- arm64: vCPU features and SVE's lengths ---- */

#define FEAT(b) (1u << HVABI_KVM_ARM_VCPU_##b)

/* The report's item of the vCPU value @id: its reason, or -1. */
static int vcpu_item(const struct hvabi_report *rep, uint64_t id)
{
	struct hvabi_report_item it;
	size_t i;

	for (i = 0; i < hvabi_report_count(rep); i++) {
		assert_int_equal(hvabi_report_get_item(rep, i, &it, sizeof(it)), 0);
		if (it.key.ns == HVABI_NS_VCPU_VALUE && it.key.id == id)
			return it.reason;
	}
	return -1;
}

/* @set with @features and SVE lengths @vqs (0: the host's). */
static struct hvabi_featureset *with_features(const struct hvabi_featureset *set,
					      uint32_t features, uint64_t vqs)
{
	struct hvabi_key fk = hvabi_key_vcpu_value(HVABI_VCPU_VALUE_ARM64_FEATURES);
	struct hvabi_key vk = hvabi_key_vcpu_value(HVABI_VCPU_VALUE_ARM64_SVE_VQS);
	struct hvabi_featureset *c = NULL;
	struct hvabi_entry e;

	assert_int_equal(hvabi_featureset_copy(set, &c), 0);
	assert_int_equal(hvabi_featureset_find(c, &fk, &e), 0);
	e.value = features;
	assert_int_equal(hvabi_featureset_put(c, &e), 0);
	if (vqs) {
		assert_int_equal(hvabi_featureset_find(c, &vk, &e), 0);
		e.value = vqs;
		assert_int_equal(hvabi_featureset_put(c, &e), 0);
	}
	return c;
}

/* One VM with one vCPU made with @features on a fresh simulator of @model. */
struct sve_vm {
	struct hvabi_sim *sim;
	struct hvabi_kvm *kvm;
	int vm, vcpu;
};

static void sve_vm_open(struct sve_vm *v, const char *model, uint32_t features)
{
	struct hvabi_kvm_vcpu_init init = { .target = HVABI_KVM_ARM_TARGET_GENERIC_V8 };

	assert_int_equal(hvabi_sim_new(model, &v->sim), 0);
	assert_int_equal(hvabi_kvm_new_from_sim(v->sim, &v->kvm), 0);
	v->vm = hvabi_sim_ioctl(v->sim, hvabi_kvm_get_fd(v->kvm), HVABI_KVM_CREATE_VM, NULL);
	assert_true(v->vm >= 0);
	v->vcpu = hvabi_sim_ioctl(v->sim, v->vm, HVABI_KVM_CREATE_VCPU, NULL);
	assert_true(v->vcpu >= 0);
	init.features[0] = features;
	assert_int_equal(hvabi_sim_ioctl(v->sim, v->vcpu, HVABI_KVM_ARM_VCPU_INIT, &init), 0);
}

static void sve_vm_close(struct sve_vm *v)
{
	hvabi_kvm_free(v->kvm);
	hvabi_sim_free(v->sim);
}

/*
 * The order KVM needs: KVM_ARM_VCPU_INIT with the set's features, SVE's
 * lengths, KVM_ARM_VCPU_FINALIZE, then the registers; apply refuses a VM
 * made otherwise, naming it.
 */
static void test_apply_vcpu_features_and_sve(void **state)
{
	struct hvabi_featureset *plain = test_sim_probe("arm64-7.2"), *sve, *sve128, *gap;
	struct hvabi_report *rep = NULL;
	struct hvabi_plan *plan = NULL;
	uint32_t features = 0;
	struct test_vm t;
	struct sve_vm v;

	(void)state;
	sve = with_features(plain, FEAT(PSCI_0_2) | FEAT(SVE), 0);
	sve128 = with_features(plain, FEAT(PSCI_0_2) | FEAT(SVE), 0x1);
	gap = with_features(plain, FEAT(PSCI_0_2) | FEAT(SVE), 0x2);
	/* the profile's vCPUs: PSCI 0.2 alone, which the VMM's have */
	test_vm_open(&t, "arm64-7.2", 2);
	assert_int_equal(hvabi_vcpu_finalize(t.kvm, plain, t.vcpus[0]), 0);
	assert_int_equal(hvabi_apply(t.kvm, plain, t.vm_fd, t.vcpus, t.n, NULL, &rep), 0);
	assert_int_equal(vcpu_item(rep, HVABI_VCPU_VALUE_ARM64_FEATURES), HVABI_REASON_OK);
	hvabi_report_free(rep);
	/* an SVE set on vCPUs made without SVE: finalize and apply refuse */
	assert_int_equal(hvabi_vcpu_finalize(t.kvm, sve, t.vcpus[0]), -ENOENT);
	assert_int_equal(hvabi_apply(t.kvm, sve, t.vm_fd, t.vcpus, t.n, NULL, &rep), -EIO);
	assert_int_equal(vcpu_item(rep, HVABI_VCPU_VALUE_ARM64_FEATURES), HVABI_REASON_NOT_KEPT);
	hvabi_report_free(rep);
	test_vm_close(&t);

	/* made as the set says: finalize, then apply */
	assert_int_equal(hvabi_vcpu_features(sve, &features), 0);
	sve_vm_open(&v, "arm64-7.2", features);
	assert_int_equal(hvabi_plan_new(v.kvm, sve, v.vm, &v.vcpu, 1, NULL, &plan), -EPERM);
	assert_int_equal(hvabi_vcpu_finalize(v.kvm, sve, v.vcpu), 0);
	/* again: finalized with the set's lengths already */
	assert_int_equal(hvabi_vcpu_finalize(v.kvm, sve, v.vcpu), 0);
	assert_int_equal(hvabi_vcpu_finalize(v.kvm, sve128, v.vcpu), -EBUSY);
	assert_int_equal(hvabi_apply(v.kvm, sve, v.vm, &v.vcpu, 1, NULL, &rep), 0);
	assert_int_equal(vcpu_item(rep, HVABI_VCPU_VALUE_ARM64_FEATURES), HVABI_REASON_OK);
	assert_int_equal(vcpu_item(rep, HVABI_VCPU_VALUE_ARM64_SVE_VQS), HVABI_REASON_OK);
	hvabi_report_free(rep);
	/* the VM as read back says what it was made with, and its lengths */
	{
		struct hvabi_key fk = hvabi_key_vcpu_value(HVABI_VCPU_VALUE_ARM64_FEATURES);
		struct hvabi_key vk = hvabi_key_vcpu_value(HVABI_VCPU_VALUE_ARM64_SVE_VQS);
		struct hvabi_featureset *read = NULL;
		struct hvabi_entry e;

		assert_int_equal(hvabi_kvm_read_vm(v.kvm, v.vm, &v.vcpu, 1, 0, &read), 0);
		assert_int_equal(hvabi_featureset_find(read, &fk, &e), 0);
		assert_int_equal(e.value, features);
		assert_int_equal(hvabi_featureset_find(read, &vk, &e), 0);
		assert_int_equal(e.value, 0x3);
		hvabi_featureset_free(read);
	}
	/* the lengths of another set: not what the VMM gave the vCPU */
	assert_int_equal(hvabi_apply(v.kvm, sve128, v.vm, &v.vcpu, 1, NULL, &rep), -EIO);
	assert_int_equal(vcpu_item(rep, HVABI_VCPU_VALUE_ARM64_SVE_VQS), HVABI_REASON_NOT_KEPT);
	hvabi_report_free(rep);
	sve_vm_close(&v);

	/* capped at 128 bits: taken; a gap below the largest: refused by KVM */
	sve_vm_open(&v, "arm64-7.2", features);
	assert_int_equal(hvabi_vcpu_finalize(v.kvm, gap, v.vcpu), -EINVAL);
	assert_int_equal(hvabi_vcpu_finalize(v.kvm, sve128, v.vcpu), 0);
	assert_int_equal(hvabi_apply(v.kvm, sve128, v.vm, &v.vcpu, 1, NULL, &rep), 0);
	assert_int_equal(vcpu_item(rep, HVABI_VCPU_VALUE_ARM64_SVE_VQS), HVABI_REASON_OK);
	hvabi_report_free(rep);
	sve_vm_close(&v);
	hvabi_featureset_free(plain);
	hvabi_featureset_free(sve);
	hvabi_featureset_free(sve128);
	hvabi_featureset_free(gap);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_apply_baseline_on_every_arm64_model),
		cmocka_unit_test(test_apply_writes_new_family_members_off),
		cmocka_unit_test(test_apply_reports_writes_not_kept),
		cmocka_unit_test(test_apply_rollback_refused_by_the_kernel),
		cmocka_unit_test(test_apply_riscv_pair),
		cmocka_unit_test(test_apply_riscv_forced_extension),
		cmocka_unit_test(test_apply_after_run_reports_busy),
		cmocka_unit_test(test_apply_stops_at_a_refused_write),
		cmocka_unit_test(test_apply_ioctl_economy_64_vcpus),
		cmocka_unit_test(test_apply_x86_cpuid),
		cmocka_unit_test(test_apply_argument_errors),
		cmocka_unit_test(test_apply_vcpu_features_and_sve),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
