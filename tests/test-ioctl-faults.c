/*
 * Suite 'sim': every KVM call of probe, read_vm, plan and execute fails in
 * turn through the simulator's error injection, with each errno a kernel
 * may answer there. EINTR must be retried without the caller noticing
 * (same result, one retry counted); EBUSY, EINVAL, ENOENT, EFAULT and, at
 * the calls that size a list, E2BIG must come back as that negative errno
 * or, for apply, as a blocking report item naming the entry, unless the
 * call site takes the errno as the kernel's answer (a probe's trial write
 * refused with EINVAL means "not supported"). No fake fd may stay open.
 *
 * tests/test-probe-sim.c fails each probe call with EIO; this file covers
 * the other errnos and the other operations.
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

#include "kvm-handle.h"
#include "kvm-uapi.h"
#include "sim-internal.h"
#include "testutil.h"

/* ---- a recorder between the library and the simulator ---- */

#define REC_MAX 8192

/* What the library asked, call by call, in the last recorded run. */
static struct {
	bool on;
	size_t n;
	unsigned long req[REC_MAX];
	uint64_t reg[REC_MAX]; /* ONE_REG calls: the register id */
} rec;

static int rec_ioctl(void *ctx, int fd, unsigned long req, void *arg)
{
	if (rec.on && rec.n < REC_MAX) {
		rec.req[rec.n] = req;
		rec.reg[rec.n] = 0;
		if ((req == HVABI_KVM_GET_ONE_REG || req == HVABI_KVM_SET_ONE_REG) && arg)
			rec.reg[rec.n] = ((const struct hvabi_kvm_one_reg *)arg)->id;
		rec.n++;
	}
	return hvabi_backend_sim.ioctl(ctx, fd, req, arg);
}

static int rec_close(void *ctx, int fd)
{
	return hvabi_backend_sim.close(ctx, fd);
}

static int rec_release(void *ctx, char *buf, size_t len)
{
	return hvabi_backend_sim.release(ctx, buf, len);
}

static int rec_map_run(void *ctx, int vcpu_fd, size_t len, struct hvabi_kvm_run **ret)
{
	return hvabi_backend_sim.map_run(ctx, vcpu_fd, len, ret);
}

static void rec_unmap_run(void *ctx, struct hvabi_kvm_run *run, size_t len)
{
	hvabi_backend_sim.unmap_run(ctx, run, len);
}

static void rec_put(void *ctx)
{
	hvabi_backend_sim.put(ctx);
}

static const struct hvabi_backend_ops rec_ops = { rec_ioctl, rec_close, rec_release,
						  rec_map_run, rec_unmap_run, rec_put };

/* The calls that size a list: E2BIG there means "too small", the only place it does. */
static bool size_query(unsigned long req)
{
	return req == HVABI_KVM_GET_REG_LIST || req == HVABI_KVM_GET_MSR_FEATURE_INDEX_LIST ||
	       req == HVABI_KVM_GET_SUPPORTED_CPUID || req == HVABI_KVM_GET_SUPPORTED_HV_CPUID ||
	       req == HVABI_KVM_GET_CPUID2;
}

static const char *req_name(unsigned long req)
{
	static const struct {
		unsigned long req;
		const char *name;
	} names[] = {
		{ HVABI_KVM_CREATE_VM, "CREATE_VM" },
		{ HVABI_KVM_CHECK_EXTENSION, "CHECK_EXTENSION" },
		{ HVABI_KVM_GET_SUPPORTED_CPUID, "GET_SUPPORTED_CPUID" },
		{ HVABI_KVM_GET_MSR_FEATURE_INDEX_LIST, "GET_MSR_FEATURE_INDEX_LIST" },
		{ HVABI_KVM_CREATE_VCPU, "CREATE_VCPU" },
		{ HVABI_KVM_GET_MSRS, "GET_MSRS" },
		{ HVABI_KVM_SET_CPUID2, "SET_CPUID2" },
		{ HVABI_KVM_GET_CPUID2, "GET_CPUID2" },
		{ HVABI_KVM_ENABLE_CAP, "ENABLE_CAP" },
		{ HVABI_KVM_GET_ONE_REG, "GET_ONE_REG" },
		{ HVABI_KVM_SET_ONE_REG, "SET_ONE_REG" },
		{ HVABI_KVM_ARM_VCPU_INIT, "ARM_VCPU_INIT" },
		{ HVABI_KVM_ARM_PREFERRED_TARGET, "ARM_PREFERRED_TARGET" },
		{ HVABI_KVM_GET_REG_LIST, "GET_REG_LIST" },
		{ HVABI_KVM_ARM_GET_REG_WRITABLE_MASKS, "ARM_GET_REG_WRITABLE_MASKS" },
		{ HVABI_KVM_GET_SUPPORTED_HV_CPUID, "GET_SUPPORTED_HV_CPUID" },
		{ HVABI_KVM_SET_DEVICE_ATTR, "SET_DEVICE_ATTR" },
		{ HVABI_KVM_HAS_DEVICE_ATTR, "HAS_DEVICE_ATTR" },
		{ HVABI_KVM_SET_TSC_KHZ, "SET_TSC_KHZ" },
		{ HVABI_KVM_GET_TSC_KHZ, "GET_TSC_KHZ" },
		{ HVABI_KVM_GET_VCPU_MMAP_SIZE, "GET_VCPU_MMAP_SIZE" },
		{ HVABI_KVM_SET_USER_MEMORY_REGION, "SET_USER_MEMORY_REGION" },
		{ HVABI_KVM_RUN, "RUN" },
	};
	size_t i;

	for (i = 0; i < HVABI_ARRAY_SIZE(names); i++)
		if (names[i].req == req)
			return names[i].name;
	return "?";
}

/* ---- the operations ---- */

enum op_kind { OP_PROBE, OP_READ_VM, OP_PLAN, OP_EXECUTE, OP_PROBE_GUEST };

static const char *const op_names[] = { "probe", "read_vm", "plan_new", "plan_execute",
					"probe_guest" };

struct run {
	enum op_kind kind;
	const char *model;
	const struct hvabi_featureset *set; /* plan and execute: what to apply */
	struct test_vm vm; /* probe: the simulator and its handle only, no VM */
	size_t fds; /* fake fds the caller holds */
	struct hvabi_plan *plan;
	struct hvabi_featureset *out;
	struct hvabi_report *report;
};

#define UNTOUCHED ((void *)0x5a5a)

static void run_setup(struct run *x)
{
	if (x->kind == OP_PROBE || x->kind == OP_PROBE_GUEST) {
		memset(&x->vm, 0, sizeof(x->vm));
		assert_int_equal(hvabi_sim_new(x->model, &x->vm.sim), 0);
		assert_int_equal(hvabi_kvm_new_from_sim(x->vm.sim, &x->vm.kvm), 0);
		x->fds = 1;
	} else {
		test_vm_open(&x->vm, x->model, 2);
		x->fds = 2 + x->vm.n;
	}
	/* White-box: the handle's calls go through the recorder first. */
	x->vm.kvm->ops = &rec_ops;
	x->out = UNTOUCHED;
	x->report = UNTOUCHED;
	x->plan = UNTOUCHED;
	if (x->kind == OP_EXECUTE)
		assert_int_equal(hvabi_plan_new(x->vm.kvm, x->set, x->vm.vm_fd, x->vm.vcpus,
						x->vm.n, NULL, &x->plan), 0);
	assert_int_equal(hvabi_sim_count_open_fds(x->vm.sim), x->fds);
	assert_int_equal(stats_take(x->vm.kvm, &(struct hvabi_kvm_stats){ 0 }), 0);
}

static int run_call(struct run *x)
{
	switch (x->kind) {
	case OP_PROBE:
		return hvabi_kvm_probe(x->vm.kvm, 0, &x->out);
	case OP_PROBE_GUEST:
		return hvabi_kvm_probe(x->vm.kvm, HVABI_PROBE_GUEST_READS, &x->out);
	case OP_READ_VM:
		return hvabi_kvm_read_vm(x->vm.kvm, x->vm.vm_fd, x->vm.vcpus, x->vm.n, 0, &x->out);
	case OP_PLAN:
		return hvabi_plan_new(x->vm.kvm, x->set, x->vm.vm_fd, x->vm.vcpus, x->vm.n, NULL,
				      &x->plan);
	default:
		return hvabi_plan_execute(x->plan, &x->report);
	}
}

static void run_teardown(struct run *x)
{
	if (x->out != UNTOUCHED)
		hvabi_featureset_free(x->out);
	if (x->report != UNTOUCHED)
		hvabi_report_free(x->report);
	if (x->plan != UNTOUCHED)
		hvabi_plan_free(x->plan);
	if (x->kind != OP_PROBE && x->kind != OP_PROBE_GUEST) {
		/* The caller's VM and vCPUs are left open: each closes now. */
		test_vm_close(&x->vm);
		return;
	}
	hvabi_kvm_free(x->vm.kvm);
	assert_int_equal(hvabi_sim_count_open_fds(x->vm.sim), 0);
	hvabi_sim_free(x->vm.sim);
}

/* A run's result in a form two runs can be compared by. */
struct result {
	int r;
	struct hvabi_featureset *set;
	size_t steps;
	size_t items;
	uint8_t reasons[4096];
};

static void result_take(struct result *res, struct run *x, int r)
{
	size_t i;

	memset(res, 0, sizeof(*res));
	res->r = r;
	if (r)
		return;
	switch (x->kind) {
	case OP_PROBE:
	case OP_PROBE_GUEST:
	case OP_READ_VM:
		res->set = x->out;
		x->out = UNTOUCHED;
		break;
	case OP_PLAN:
		res->steps = hvabi_plan_count(x->plan);
		break;
	default:
		res->items = hvabi_report_count(x->report);
		assert_true(res->items <= sizeof(res->reasons));
		for (i = 0; i < res->items; i++) {
			struct hvabi_report_item it;

			assert_int_equal(hvabi_report_get_item(x->report, i, &it, sizeof(it)), 0);
			res->reasons[i] = it.reason;
		}
		break;
	}
}

static bool result_same(const struct result *a, const struct result *b)
{
	if (a->r != b->r || a->steps != b->steps || a->items != b->items ||
	    memcmp(a->reasons, b->reasons, a->items))
		return false;
	return !a->set == !b->set && (!a->set || hvabi_featureset_equal(a->set, b->set) == 1);
}

/* ---- the sweep ---- */

static const int errnos[] = { EINTR, EBUSY, EINVAL, ENOENT, EFAULT, E2BIG };

struct tally {
	unsigned long runs;      /* failing runs */
	unsigned long errors;    /* returned as the errno */
	unsigned long reported;  /* execute: a blocking item with the errno */
	unsigned long answers;   /* taken as the kernel's answer */
	unsigned long retried;   /* EINTR retried */
};

/* Whether a probe or read_vm call site may take @err from @req as an answer. */
static bool may_absorb(unsigned long req, int err)
{
	switch (req) {
	case HVABI_KVM_SET_ONE_REG:
		/* Trial writes: EINVAL "not supported"; riscv ENOENT "host lacks it". */
		return err == EINVAL || err == ENOENT;
	case HVABI_KVM_ARM_VCPU_INIT:
		/* A feature trial: EINVAL "not on this host", ENOENT "a bit this kernel lacks". */
		return err == EINVAL || err == ENOENT;
	case HVABI_KVM_HAS_DEVICE_ATTR:
	case HVABI_KVM_ENABLE_CAP:
	case HVABI_KVM_SET_TSC_KHZ:
		/* "Not there": the SMCCC filter, eVMCS; a TSC rate KVM does not give. */
		return err == EINVAL;
	default:
		/* E2BIG at a CPUID size query: grow the table and ask again. */
		return err == E2BIG;
	}
}

/* The execute report has a blocking item for the failed call, naming its register. */
static void check_reported(struct run *x, int err, size_t k)
{
	size_t i, found = 0;

	assert_int_equal(hvabi_report_ok(x->report), 0);
	for (i = 0; i < hvabi_report_count(x->report); i++) {
		struct hvabi_report_item it;

		assert_int_equal(hvabi_report_get_item(x->report, i, &it, sizeof(it)), 0);
		if (it.error != -err)
			continue;
		found++;
		assert_int_equal(it.severity, HVABI_SEVERITY_BLOCK);
		assert_true(it.reason == HVABI_REASON_REFUSED || it.reason == HVABI_REASON_BUSY ||
			    it.reason == HVABI_REASON_NOT_VERIFIED);
		assert_true(it.name && it.name[0] && strcmp(it.name, "(set)"));
		if (rec.req[k] == HVABI_KVM_SET_ONE_REG || rec.req[k] == HVABI_KVM_GET_ONE_REG) {
			assert_int_equal(it.key.ns, HVABI_NS_ONE_REG);
			assert_int_equal(it.key.id, rec.reg[k]);
		}
	}
	if (!found)
		fail_msg("no report item with error %d for call %zu (%s)", -err, k + 1,
			 req_name(rec.req[k]));
}

static void sweep(enum op_kind kind, const char *model, const struct hvabi_featureset *set)
{
	struct run x = { .kind = kind, .model = model, .set = set };
	struct result clean, got;
	struct tally t = { 0, 0, 0, 0, 0 };
	struct hvabi_kvm_stats st;
	size_t ncalls, k, e;
	unsigned long reqs[REC_MAX];

	run_setup(&x);
	rec.n = 0;
	rec.on = true;
	result_take(&clean, &x, run_call(&x));
	rec.on = false;
	/* Every sweep starts from a run that works. */
	assert_int_equal(clean.r, 0);
	run_teardown(&x);
	ncalls = rec.n;
	assert_true(ncalls < REC_MAX);
	/* x86 plans talk to no KVM (the table is the VMM's or the set's): nothing to fail. */
	if (!ncalls) {
		assert_int_equal(kind, OP_PLAN);
		print_message("%-12s %-10s    0 calls\n", op_names[kind], model);
		return;
	}
	memcpy(reqs, rec.req, ncalls * sizeof(reqs[0]));

	for (k = 0; k < ncalls; k++) {
		for (e = 0; e < HVABI_ARRAY_SIZE(errnos); e++) {
			int err = errnos[e], r;

			if (err == E2BIG && !size_query(reqs[k]))
				continue;
			run_setup(&x);
			assert_int_equal(hvabi_sim_inject_error(x.vm.sim, (unsigned int)k + 1,
								-err), 0);
			rec.n = 0;
			rec.on = true;
			r = run_call(&x);
			rec.on = false;
			/* The injection was spent on call k + 1, the call the clean run made. */
			assert_int_equal(x.vm.sim->inject_nth, 0);
			assert_true(rec.n > k);
			assert_int_equal(rec.req[k], reqs[k]);
			assert_int_equal(hvabi_kvm_get_stats(x.vm.kvm, &st, sizeof(st)), 0);
			assert_int_equal(hvabi_sim_count_open_fds(x.vm.sim), x.fds);
			t.runs++;
			result_take(&got, &x, r);
			if (err == EINTR) {
				if (!result_same(&got, &clean))
					fail_msg("%s %s: EINTR at call %zu (%s) changed the result "
						 "(%d)", op_names[kind], model, k + 1,
						 req_name(reqs[k]), r);
				assert_int_equal(st.retries, 1);
				t.retried++;
			} else if (kind == OP_EXECUTE) {
				/* A refused write, a busy one, or a read-back that failed. */
				assert_true(r == -err || r == -EIO);
				check_reported(&x, err, k);
				t.reported++;
			} else if (r == -err) {
				assert_ptr_equal(x.out, UNTOUCHED);
				assert_ptr_equal(x.plan, UNTOUCHED);
				t.errors++;
			} else if (r == 0 && kind != OP_PLAN && may_absorb(reqs[k], err)) {
				/* A table too small is asked again, bigger: the same answer. */
				if (err == E2BIG)
					assert_true(result_same(&got, &clean));
				t.answers++;
			} else {
				fail_msg("%s %s: %s at call %zu (%s) gave %d", op_names[kind], model,
					 strerror(err), k + 1, req_name(reqs[k]), r);
			}
			assert_int_equal(st.retries, err == EINTR ? 1 : 0);
			hvabi_featureset_free(got.set);
			run_teardown(&x);
		}
	}
	hvabi_featureset_free(clean.set);
	print_message("%-12s %-10s %4zu calls: %5lu failing runs, %4lu EINTR retried, "
		      "%4lu errors returned, %4lu reported, %4lu taken as answers\n",
		      op_names[kind], model, ncalls, t.runs, t.retried, t.errors, t.reported,
		      t.answers);
}

static void test_ioctl_faults_probe(void **state)
{
	const char *model;
	size_t i;

	(void)state;
	for (i = 0; (model = hvabi_sim_model_name(i)); i++) {
		sweep(OP_PROBE, model, NULL);
		if (strncmp(model, "x86-", 4))
			sweep(OP_PROBE_GUEST, model, NULL);
	}
}

static void test_ioctl_faults_read_vm(void **state)
{
	(void)state;
	sweep(OP_READ_VM, "arm64-5.10", NULL);
	sweep(OP_READ_VM, "arm64-7.2", NULL);
	sweep(OP_READ_VM, "x86-6.1", NULL);
	sweep(OP_READ_VM, "riscv-6.6", NULL);
}

static void test_ioctl_faults_apply(void **state)
{
	static const char *const models[] = { "arm64-6.1", "arm64-7.2", "x86-6.1", "riscv-6.6" };
	struct hvabi_featureset *set, *v61;
	struct hvabi_key filter = hvabi_key_attr(HVABI_ATTR_VM, HVABI_KVM_ARM_VM_SMCCC_CTRL,
						 HVABI_KVM_ARM_VM_SMCCC_FILTER);
	struct hvabi_range range = { 0x84000000, 0x20, HVABI_RANGE_DENY, { 0 } };
	struct hvabi_entry e;
	size_t i;

	(void)state;
	for (i = 0; i < HVABI_ARRAY_SIZE(models); i++) {
		set = test_sim_probe(models[i]);
		if (!hvabi_featureset_find(set, &filter, &e)) {
			/* A filter range: the VM-attribute phase has a call to fail too. */
			e.nranges = 1;
			e.ranges = &range;
			assert_int_equal(hvabi_featureset_put(set, &e), 0);
		}
		sweep(OP_PLAN, models[i], set);
		sweep(OP_EXECUTE, models[i], set);
		hvabi_featureset_free(set);
	}
	/* A 6.1 VM's firmware registers on 7.2: family reads and members written off. */
	v61 = test_sim_probe("arm64-6.1");
	for (i = hvabi_featureset_count(v61); i-- > 0;) {
		assert_int_equal(hvabi_featureset_get_entry(v61, i, &e), 0);
		if (e.key.ns == HVABI_NS_ONE_REG &&
		    (e.key.id & HVABI_KVM_REG_ARM_COPROC_MASK) == HVABI_KVM_REG_ARM64_SYSREG)
			assert_int_equal(hvabi_featureset_remove(v61, &e.key), 0);
	}
	sweep(OP_EXECUTE, "arm64-7.2", v61);
	hvabi_featureset_free(v61);
}

/*
 * EINTR from a backend that never stops answering it: the retry is
 * bounded and the caller gets EINTR, not a hang.
 */
static int eintr_ioctl(void *ctx, int fd, unsigned long req, void *arg)
{
	(void)ctx;
	(void)fd;
	(void)req;
	(void)arg;
	return -EINTR;
}

static const struct hvabi_backend_ops eintr_ops = { eintr_ioctl, rec_close, rec_release,
						    NULL, NULL, rec_put };

static void test_ioctl_faults_eintr_forever(void **state)
{
	struct run x = { .kind = OP_PROBE, .model = "arm64-7.2" };
	struct hvabi_kvm_stats st;

	(void)state;
	run_setup(&x);
	x.vm.kvm->ops = &eintr_ops;
	assert_int_equal(hvabi_kvm_probe(x.vm.kvm, 0, &x.out), -EINTR);
	assert_ptr_equal(x.out, UNTOUCHED);
	assert_int_equal(hvabi_kvm_get_stats(x.vm.kvm, &st, sizeof(st)), 0);
	assert_true(st.retries > 0 && st.retries < 1000);
	x.vm.kvm->ops = &rec_ops;
	run_teardown(&x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ioctl_faults_probe),
		cmocka_unit_test(test_ioctl_faults_read_vm),
		cmocka_unit_test(test_ioctl_faults_apply),
		cmocka_unit_test(test_ioctl_faults_eintr_forever),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
