/*
 * Suite 'unit': every allocation of every operation that allocates fails
 * in turn (tests/fault.c), on the simulated kernels where KVM is needed.
 * Each failing run must return -ENOMEM, leave its out-parameters and the
 * caller's objects as they were, and leak nothing (ASan/LSan or valgrind
 * check that part); the first run that is not failed must succeed.
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

#include "codec-sets.h"
#include "fault.h"
#include "internal.h"
#include "kvm-uapi.h"
#include "testutil.h"
#include <libhvabi/sim.h>

/* A pointer no call may write: out-parameters must keep it on failure. */
#define UNTOUCHED ((void *)0x5a5a)

static const char *const arm_models[] = { "arm64-5.10", "arm64-6.1", "arm64-6.12", "arm64-7.2" };
#define NARM 4

/* Allocation counts of the successful runs, printed at the end. */
static unsigned long total_runs;
/* Failed runs where the simulated kernel's own allocation failed. */
static unsigned long kernel_enomem;
/* hvabi_apply() runs that failed for memory after writing to the VM. */
static unsigned long apply_after_writes;

static void print_count(const char *what, unsigned long n)
{
	print_message("%-40s %4lu allocations, each failed once\n", what, n);
	total_runs += n + 1;
}

/* ---- caller objects before and after ---- */

/* Whether @a and @b are the same set, metadata included. */
static bool same_set(const struct hvabi_featureset *a, const struct hvabi_featureset *b)
{
	return hvabi_featureset_equal(a, b) == 1 &&
	       hvabi_featureset_get_origin(a) == hvabi_featureset_get_origin(b) &&
	       !strcmp(hvabi_featureset_get_kernel_release(a),
		       hvabi_featureset_get_kernel_release(b));
}

static struct hvabi_featureset *copy_of(const struct hvabi_featureset *fs)
{
	struct hvabi_featureset *c = NULL;

	assert_int_equal(hvabi_featureset_copy(fs, &c), 0);
	return c;
}

/* ---- feature-set operations ---- */

struct set_ctx {
	struct hvabi_featureset *fs, *before, *out;
	struct hvabi_entry e;
	struct hvabi_key key;
};

static int call_new(void *c)
{
	struct set_ctx *x = c;

	return hvabi_featureset_new(HVABI_ARCH_ARM64, &x->out);
}

static int call_copy(void *c)
{
	struct set_ctx *x = c;

	return hvabi_featureset_copy(x->fs, &x->out);
}

static void out_failed(void *c, int r)
{
	struct set_ctx *x = c;

	assert_int_equal(r, -ENOMEM);
	assert_ptr_equal(x->out, UNTOUCHED);
	assert_true(same_set(x->fs, x->before));
}

static void new_passed(void *c, int r)
{
	struct set_ctx *x = c;

	assert_int_equal(r, 0);
	assert_int_equal(hvabi_featureset_count(x->out), 0);
	hvabi_featureset_free(x->out);
	x->out = UNTOUCHED;
}

static void copy_passed(void *c, int r)
{
	struct set_ctx *x = c;

	assert_int_equal(r, 0);
	assert_true(same_set(x->out, x->fs));
	hvabi_featureset_free(x->out);
	x->out = UNTOUCHED;
}

static int call_put(void *c)
{
	struct set_ctx *x = c;

	return hvabi_featureset_put(x->fs, &x->e);
}

static int call_set_value(void *c)
{
	struct set_ctx *x = c;

	return hvabi_featureset_set_value(x->fs, &x->key, 0x1);
}

static void put_failed(void *c, int r)
{
	struct set_ctx *x = c;

	assert_int_equal(r, -ENOMEM);
	assert_true(same_set(x->fs, x->before));
}

static void put_passed(void *c, int r)
{
	struct set_ctx *x = c;

	assert_int_equal(r, 0);
	assert_int_equal(hvabi_featureset_equal(x->fs, x->before), 0);
	/* Back to the set before, for the next operation. */
	hvabi_featureset_free(x->fs);
	x->fs = copy_of(x->before);
}

static void test_faults_featureset(void **state)
{
	struct set_ctx x;
	uint8_t wide[32];
	struct hvabi_range ranges[2];
	struct fault_op op = { "featureset_new", &x, NULL, call_new, out_failed, new_passed,
			       NULL };

	(void)state;
	memset(&x, 0, sizeof(x));
	x.fs = golden_set();
	x.before = copy_of(x.fs);
	x.out = UNTOUCHED;
	print_count("hvabi_featureset_new", fault_sweep(&op));
	op.name = "featureset_copy";
	op.call = call_copy;
	op.passed = copy_passed;
	print_count("hvabi_featureset_copy (golden set)", fault_sweep(&op));

	/* A new key with wide bytes: reserve and clone can each fail. */
	memset(wide, 0xa5, sizeof(wide));
	memset(&x.e, 0, sizeof(x.e));
	x.e.key = hvabi_key_reg(0x6050000000110000ull);
	x.e.width = 32;
	x.e.wide = wide;
	op.name = "featureset_put wide";
	op.call = call_put;
	op.failed = put_failed;
	op.passed = put_passed;
	print_count("hvabi_featureset_put (new, wide)", fault_sweep(&op));

	/* Replacing a rangeset: the old ranges must survive a failed clone. */
	memset(ranges, 0, sizeof(ranges));
	ranges[0].base = 0x84000000;
	ranges[0].count = 4;
	ranges[1].base = 0xc6000000;
	ranges[1].count = 1;
	ranges[1].action = HVABI_RANGE_FWD_TO_USER;
	assert_int_equal(hvabi_featureset_find(x.fs, &(struct hvabi_key){ HVABI_NS_ATTR,
			 HVABI_ATTR_VM, 0, 0 }, &x.e), 0);
	x.e.nranges = 2;
	x.e.ranges = ranges;
	op.name = "featureset_put ranges";
	print_count("hvabi_featureset_put (replace ranges)", fault_sweep(&op));

	x.key = hvabi_key_reg(HVABI_KVM_REG_ARM_VENDOR_HYP_BMAP_2 + 0x10);
	op.name = "featureset_set_value";
	op.call = call_set_value;
	print_count("hvabi_featureset_set_value (new)", fault_sweep(&op));

	hvabi_featureset_free(x.fs);
	hvabi_featureset_free(x.before);
}

/* ---- codecs ---- */

struct codec_ctx {
	struct hvabi_featureset *fs, *before, *out;
	void *buf;
	size_t len;
	struct hvabi_error err;
	void *alloc;		/* what an _alloc form returned */
	size_t alloc_len;
};

static int call_encode(void *c)
{
	struct codec_ctx *x = c;

	return hvabi_featureset_encode(x->fs, x->buf, &x->len);
}

static int call_to_json(void *c)
{
	struct codec_ctx *x = c;

	return hvabi_featureset_to_json(x->fs, x->buf, &x->len);
}

static int call_encode_alloc(void *c)
{
	struct codec_ctx *x = c;

	return hvabi_featureset_encode_alloc(x->fs, &x->alloc, &x->alloc_len);
}

static int call_to_json_alloc(void *c)
{
	struct codec_ctx *x = c;

	return hvabi_featureset_to_json_alloc(x->fs, (char **)&x->alloc);
}

/* An _alloc form that ran out of memory: -ENOMEM, nothing handed out. */
static void alloc_failed(void *c, int r)
{
	struct codec_ctx *x = c;

	assert_int_equal(r, -ENOMEM);
	assert_ptr_equal(x->alloc, UNTOUCHED);
	assert_true(same_set(x->fs, x->before));
}

/* An _alloc form that succeeded: the caller's buffer form's bytes, to free(). */
static void encode_alloc_passed(void *c, int r)
{
	struct codec_ctx *x = c;

	assert_int_equal(r, 0);
	assert_int_equal(x->alloc_len, x->len);
	assert_memory_equal(x->alloc, x->buf, x->len);
	free(x->alloc);
	x->alloc = UNTOUCHED;
}

static void to_json_alloc_passed(void *c, int r)
{
	struct codec_ctx *x = c;

	assert_int_equal(r, 0);
	assert_string_equal(x->alloc, x->buf);
	free(x->alloc);
	x->alloc = UNTOUCHED;
}

static void never_failed(void *c, int r)
{
	(void)c;
	fail_msg("an allocation where none was expected (returned %d)", r);
}

static void encode_passed(void *c, int r)
{
	struct codec_ctx *x = c;

	assert_int_equal(r, 0);
	assert_true(same_set(x->fs, x->before));
}

static void to_json_failed(void *c, int r)
{
	struct codec_ctx *x = c;

	assert_int_equal(r, -ENOMEM);
	assert_true(same_set(x->fs, x->before));
}

static int call_decode(void *c)
{
	struct codec_ctx *x = c;

	memset(&x->err, 0, sizeof(x->err));
	return hvabi_featureset_decode(x->buf, x->len, &x->out, &x->err, sizeof(x->err));
}

static int call_from_json(void *c)
{
	struct codec_ctx *x = c;

	memset(&x->err, 0, sizeof(x->err));
	return hvabi_featureset_from_json(x->buf, x->len, &x->out, &x->err, sizeof(x->err));
}

static void decode_failed(void *c, int r)
{
	struct codec_ctx *x = c;

	assert_int_equal(r, -ENOMEM);
	assert_int_equal(x->err.code, -ENOMEM);
	assert_non_null(memchr(x->err.message, '\0', sizeof(x->err.message)));
	assert_ptr_equal(x->out, UNTOUCHED);
}

static void decode_passed(void *c, int r)
{
	struct codec_ctx *x = c;

	assert_int_equal(r, 0);
	assert_true(same_set(x->out, x->fs));
	hvabi_featureset_free(x->out);
	x->out = UNTOUCHED;
}

/* Encode, decode, to_json and from_json of @fs. */
static void sweep_codecs(struct hvabi_featureset *fs, const char *what)
{
	struct codec_ctx x;
	struct fault_op op = { "encode", &x, NULL, call_encode, never_failed, encode_passed,
			       NULL };
	char name[80];
	size_t len = 0;
	void *blob, *json;

	memset(&x, 0, sizeof(x));
	x.fs = fs;
	x.before = copy_of(fs);
	x.out = UNTOUCHED;
	assert_int_equal(hvabi_featureset_encode(fs, NULL, &len), -ERANGE);
	blob = malloc(len);
	x.buf = blob;
	x.len = len;
	/* The encoder writes into the caller's buffer: nothing to fail. */
	assert_int_equal(fault_sweep(&op), 0);

	x.alloc = UNTOUCHED;
	op.name = "encode_alloc";
	op.call = call_encode_alloc;
	op.failed = alloc_failed;
	op.passed = encode_alloc_passed;
	snprintf(name, sizeof(name), "hvabi_featureset_encode_alloc (%s)", what);
	print_count(name, fault_sweep(&op));

	op.name = "decode";
	op.call = call_decode;
	op.failed = decode_failed;
	op.passed = decode_passed;
	snprintf(name, sizeof(name), "hvabi_featureset_decode (%s)", what);
	print_count(name, fault_sweep(&op));

	len = 0;
	assert_int_equal(hvabi_featureset_to_json(fs, NULL, &len), -ERANGE);
	json = malloc(len + 1);
	x.buf = json;
	x.len = len + 1;
	op.name = "to_json";
	op.call = call_to_json;
	op.failed = to_json_failed;
	op.passed = encode_passed;
	snprintf(name, sizeof(name), "hvabi_featureset_to_json (%s)", what);
	print_count(name, fault_sweep(&op));

	op.name = "to_json_alloc";
	op.call = call_to_json_alloc;
	op.failed = alloc_failed;
	op.passed = to_json_alloc_passed;
	snprintf(name, sizeof(name), "hvabi_featureset_to_json_alloc (%s)", what);
	print_count(name, fault_sweep(&op));

	op.name = "from_json";
	op.call = call_from_json;
	op.failed = decode_failed;
	op.passed = decode_passed;
	snprintf(name, sizeof(name), "hvabi_featureset_from_json (%s)", what);
	print_count(name, fault_sweep(&op));

	free(blob);
	free(json);
	hvabi_featureset_free(x.before);
}

static void test_faults_codecs(void **state)
{
	struct hvabi_featureset *fs = golden_set();
	const char *name;
	size_t i;

	(void)state;
	sweep_codecs(fs, "golden set");
	hvabi_featureset_free(fs);
	for (i = 0; (name = hvabi_sim_model_name(i)); i++) {
		fs = test_sim_probe(name);
		sweep_codecs(fs, name);
		hvabi_featureset_free(fs);
	}
}

/* A document whose text only the parser's error paths see. */
static void test_faults_from_json_errors(void **state)
{
	static const char bad[] =
		"{\"format\": \"libhvabi\", \"version\": 1, \"arch\": \"arm64\", \"entries\": ["
		"{\"key\": \"reg:0x6030000000140000\", \"kind\": \"version\", \"scope\": \"vm\","
		" \"width\": 8, \"value\": \"0x10003\"},"
		"{\"key\": \"reg:0x6030000000140000\", \"kind\": \"version\", \"scope\": \"vm\","
		" \"width\": 8, \"value\": \"0x10003\"}]}";
	struct hvabi_featureset *out = UNTOUCHED;
	struct hvabi_error err;
	unsigned long n;
	int r;

	(void)state;
	/* Whatever fails first, the answer is an error and nothing leaks. */
	for (n = 1;; n++) {
		fault_arm(n);
		r = hvabi_featureset_from_json(bad, sizeof(bad) - 1, &out, &err, sizeof(err));
		fault_disarm();
		assert_ptr_equal(out, UNTOUCHED);
		if (!fault_hit()) {
			assert_int_equal(r, -EBADMSG);
			break;
		}
		assert_true(r == -ENOMEM || r == -EBADMSG);
	}
	print_count("hvabi_featureset_from_json (duplicate)", n - 1);
}

/* Firecracker fingerprints: an arm64 one (with 128-bit registers) and an x86 one. */
static int call_import(void *c)
{
	struct codec_ctx *x = c;

	memset(&x->err, 0, sizeof(x->err));
	return hvabi_featureset_import_firecracker(x->buf, x->len, &x->out, &x->err, sizeof(x->err));
}

static void import_passed(void *c, int r)
{
	struct codec_ctx *x = c;

	assert_int_equal(r, 0);
	assert_true(same_set(x->out, x->fs));
	hvabi_featureset_free(x->out);
	x->out = UNTOUCHED;
}

static void test_faults_import_firecracker(void **state)
{
	static const char *const files[] = {
		"fingerprint_ARM_NEOVERSE_N1_6.1host.json",
		"fingerprint_INTEL_SAPPHIRE_RAPIDS_6.1host.json",
	};
	struct codec_ctx x;
	struct fault_op op = { "import_firecracker", &x, NULL, call_import, decode_failed,
			       import_passed, NULL };
	char path[512], name[96];
	const char *dir;
	size_t i;

	(void)state;
	dir = test_corpus_path(".");
	if (!dir)
		skip();
	for (i = 0; i < HVABI_ARRAY_SIZE(files); i++) {
		memset(&x, 0, sizeof(x));
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		x.buf = test_read_file(path, &x.len);
		if (!x.buf)
			skip();
		assert_int_equal(hvabi_featureset_import_firecracker(x.buf, x.len, &x.fs, NULL, 0),
				 0);
		x.out = UNTOUCHED;
		snprintf(name, sizeof(name), "import_firecracker (%.*s)",
			 (int)(strlen(files[i]) - strlen("fingerprint_.json")),
			 files[i] + strlen("fingerprint_"));
		print_count(name, fault_sweep(&op));
		hvabi_featureset_free(x.fs);
		free(x.buf);
	}
}

/* ---- probe and read_vm on the simulator ---- */

struct probe_ctx {
	struct hvabi_sim *sim;
	struct hvabi_kvm *kvm;
	struct hvabi_featureset *expect, *out;
	struct test_vm vm;
};

static int call_probe(void *c)
{
	struct probe_ctx *x = c;

	return hvabi_kvm_probe(x->kvm, 0, &x->out);
}

static void probe_failed(void *c, int r)
{
	struct probe_ctx *x = c;

	assert_int_equal(r, -ENOMEM);
	assert_ptr_equal(x->out, UNTOUCHED);
	/* The scratch VM and vCPU are gone: only the handle's own fd is left. */
	assert_int_equal(hvabi_sim_count_open_fds(x->sim), 1);
}

static void probe_passed(void *c, int r)
{
	struct probe_ctx *x = c;

	assert_int_equal(r, 0);
	assert_true(same_set(x->out, x->expect));
	assert_int_equal(hvabi_sim_count_open_fds(x->sim), 1);
	hvabi_featureset_free(x->out);
	x->out = UNTOUCHED;
}

static void test_faults_probe(void **state)
{
	struct probe_ctx x;
	struct fault_op op = { "probe", &x, NULL, call_probe, probe_failed, probe_passed, NULL };
	char name[80];
	const char *model;
	size_t i;

	(void)state;
	for (i = 0; (model = hvabi_sim_model_name(i)); i++) {
		memset(&x, 0, sizeof(x));
		x.expect = test_sim_probe(model);
		x.out = UNTOUCHED;
		assert_int_equal(hvabi_sim_new(model, &x.sim), 0);
		assert_int_equal(hvabi_kvm_new_from_sim(x.sim, &x.kvm), 0);
		snprintf(name, sizeof(name), "hvabi_kvm_probe (%s)", model);
		print_count(name, fault_sweep(&op));
		hvabi_kvm_free(x.kvm);
		hvabi_sim_free(x.sim);
		hvabi_featureset_free(x.expect);
	}
}

static int call_read_vm(void *c)
{
	struct probe_ctx *x = c;

	return hvabi_kvm_read_vm(x->vm.kvm, x->vm.vm_fd, x->vm.vcpus, x->vm.n, 0, &x->out);
}

static void read_vm_failed(void *c, int r)
{
	struct probe_ctx *x = c;

	assert_int_equal(r, -ENOMEM);
	assert_ptr_equal(x->out, UNTOUCHED);
	/* The VMM's fds are its own: all still open. */
	assert_int_equal(hvabi_sim_count_open_fds(x->vm.sim), 2 + x->vm.n);
}

static void read_vm_passed(void *c, int r)
{
	struct probe_ctx *x = c;

	assert_int_equal(r, 0);
	assert_true(same_set(x->out, x->expect));
	hvabi_featureset_free(x->out);
	x->out = UNTOUCHED;
}

static void test_faults_read_vm(void **state)
{
	static const char *const models[] = { "arm64-7.2", "x86-6.1", "riscv-6.6" };
	struct probe_ctx x;
	struct fault_op op = { "read_vm", &x, NULL, call_read_vm, read_vm_failed, read_vm_passed,
			       NULL };
	char name[80];
	size_t i;

	(void)state;
	for (i = 0; i < HVABI_ARRAY_SIZE(models); i++) {
		memset(&x, 0, sizeof(x));
		test_vm_open(&x.vm, models[i], 2);
		assert_int_equal(hvabi_kvm_read_vm(x.vm.kvm, x.vm.vm_fd, x.vm.vcpus, x.vm.n, 0,
						   &x.expect), 0);
		x.out = UNTOUCHED;
		snprintf(name, sizeof(name), "hvabi_kvm_read_vm (%s)", models[i]);
		print_count(name, fault_sweep(&op));
		hvabi_featureset_free(x.expect);
		test_vm_close(&x.vm);
	}
}

/* ---- baseline, check and reports ---- */

struct neg_ctx {
	struct hvabi_featureset *p[NARM], *before[NARM];
	size_t n;
	struct hvabi_featureset *expect, *out;
	struct hvabi_report *report;
	bool want_report;
	int expect_r;
	size_t expect_items;
	char *buf;
	size_t len;
	char *text;		/* what an _alloc form returned */
};

static int call_baseline(void *c)
{
	struct neg_ctx *x = c;

	return baseline_verdict((const struct hvabi_featureset *const *)x->p, x->n, 0, &x->out,
			      x->want_report ? &x->report : NULL);
}

static void neg_inputs_unchanged(const struct neg_ctx *x)
{
	size_t i;

	for (i = 0; i < x->n; i++)
		assert_true(same_set(x->p[i], x->before[i]));
}

static void baseline_failed(void *c, int r)
{
	struct neg_ctx *x = c;

	assert_int_equal(r, -ENOMEM);
	assert_ptr_equal(x->out, UNTOUCHED);
	assert_ptr_equal(x->report, UNTOUCHED);
	neg_inputs_unchanged(x);
}

static void baseline_passed(void *c, int r)
{
	struct neg_ctx *x = c;

	assert_int_equal(r, x->expect_r);
	assert_true(same_set(x->out, x->expect));
	if (x->want_report) {
		assert_int_equal(hvabi_report_count(x->report), x->expect_items);
		hvabi_report_free(x->report);
	} else {
		assert_ptr_equal(x->report, UNTOUCHED);
	}
	neg_inputs_unchanged(x);
	hvabi_featureset_free(x->out);
	x->out = UNTOUCHED;
	x->report = UNTOUCHED;
}

static int call_check(void *c)
{
	struct neg_ctx *x = c;

	return check_verdict(x->p[0], x->p[1], 0, x->want_report ? &x->report : NULL);
}

static void check_failed(void *c, int r)
{
	struct neg_ctx *x = c;

	assert_int_equal(r, -ENOMEM);
	assert_ptr_equal(x->report, UNTOUCHED);
	neg_inputs_unchanged(x);
}

static void check_passed(void *c, int r)
{
	struct neg_ctx *x = c;

	assert_int_equal(r, x->expect_r);
	if (x->want_report) {
		assert_int_equal(hvabi_report_count(x->report), x->expect_items);
		hvabi_report_free(x->report);
	}
	neg_inputs_unchanged(x);
	x->report = UNTOUCHED;
}

static int call_report_text(void *c)
{
	struct neg_ctx *x = c;

	return hvabi_report_to_text(x->report, x->buf, &x->len);
}

static int call_report_json(void *c)
{
	struct neg_ctx *x = c;

	return hvabi_report_to_json(x->report, x->buf, &x->len);
}

static int call_report_text_alloc(void *c)
{
	struct neg_ctx *x = c;

	return hvabi_report_to_text_alloc(x->report, &x->text);
}

static int call_report_json_alloc(void *c)
{
	struct neg_ctx *x = c;

	return hvabi_report_to_json_alloc(x->report, &x->text);
}

static void report_alloc_failed(void *c, int r)
{
	struct neg_ctx *x = c;

	assert_int_equal(r, -ENOMEM);
	assert_ptr_equal(x->text, UNTOUCHED);
}

/* The allocated text equals what the caller-buffer form wrote into x->buf. */
static void report_alloc_passed(void *c, int r)
{
	struct neg_ctx *x = c;

	assert_int_equal(r, 0);
	assert_string_equal(x->text, x->buf);
	free(x->text);
	x->text = UNTOUCHED;
}

static void report_out_passed(void *c, int r)
{
	struct neg_ctx *x = c;

	assert_int_equal(r, 0);
	assert_int_equal(strlen(x->buf), x->len);
}

static void test_faults_negotiate(void **state)
{
	struct neg_ctx x;
	struct fault_op op = { "baseline", &x, NULL, call_baseline, baseline_failed,
			       baseline_passed, NULL };
	struct hvabi_report *rep = NULL;
	size_t i, len = 0;
	int pass;

	(void)state;
	memset(&x, 0, sizeof(x));
	for (i = 0; i < NARM; i++) {
		x.p[i] = test_sim_probe(arm_models[i]);
		x.before[i] = copy_of(x.p[i]);
	}
	x.n = NARM;
	x.out = UNTOUCHED;
	x.report = UNTOUCHED;
	for (pass = 0; pass < 2; pass++) {
		x.want_report = pass;
		x.expect_r = baseline_verdict((const struct hvabi_featureset *const *)x.p, x.n, 0,
					    &x.expect, &rep);
		assert_true(x.expect_r >= 0);
		x.expect_items = hvabi_report_count(rep);
		assert_true(x.expect_items > 0);
		hvabi_report_free(rep);
		print_count(pass ? "hvabi_baseline (4 arm64 hosts, report)"
				 : "hvabi_baseline (4 arm64 hosts)", fault_sweep(&op));
		hvabi_featureset_free(x.expect);
	}

	/* Two CPUs on 7.2: the list, the pinned CPU, BMAP_2 and the filter range. */
	for (pass = 0; pass < 2; pass++) {
		static const struct hvabi_impl qmax = { 0x000f0510, 0, 0 };
		struct hvabi_key midr = hvabi_key_reg(HVABI_ARM64_SYS_REG(3, 0, 0, 0, 0));
		struct hvabi_key revidr = hvabi_key_reg(HVABI_ARM64_SYS_REG(3, 0, 0, 0, 6));
		struct neg_ctx y = x;

		y.p[0] = x.p[3];
		y.before[0] = x.before[3];
		y.p[1] = copy_of(x.p[3]);
		assert_int_equal(hvabi_featureset_set_value(y.p[1], &midr, qmax.midr), 0);
		assert_int_equal(hvabi_featureset_set_value(y.p[1], &revidr, 0), 0);
		assert_int_equal(hvabi_featureset_set_impls(y.p[1], &qmax, 1), 0);
		y.before[1] = copy_of(y.p[1]);
		y.n = 2;
		y.want_report = pass;
		y.expect_r = baseline_verdict((const struct hvabi_featureset *const *)y.p, y.n, 0,
					    &y.expect, &rep);
		assert_int_equal(y.expect_r, 1);
		y.expect_items = hvabi_report_count(rep);
		hvabi_report_free(rep);
		op.ctx = &y;
		print_count(pass ? "hvabi_baseline (2 CPUs on 7.2, report)"
				 : "hvabi_baseline (2 CPUs on 7.2)", fault_sweep(&op));
		op.ctx = &x;
		hvabi_featureset_free(y.expect);
		hvabi_featureset_free(y.p[1]);
		hvabi_featureset_free(y.before[1]);
	}

	/* A rollback from 7.2 to 6.1: a long report of blocking items. */
	op.name = "check";
	op.call = call_check;
	op.failed = check_failed;
	op.passed = check_passed;
	for (pass = 0; pass < 2; pass++) {
		struct neg_ctx y = x;

		y.p[0] = x.p[3];
		y.before[0] = x.before[3];
		y.n = 2;
		y.want_report = pass;
		y.expect_r = check_verdict(y.p[0], y.p[1], 0, &rep);
		assert_int_equal(y.expect_r, 0);
		y.expect_items = hvabi_report_count(rep);
		hvabi_report_free(rep);
		op.ctx = &y;
		print_count(pass ? "hvabi_check (7.2 -> 6.1, report)" : "hvabi_check (7.2 -> 6.1)",
			    fault_sweep(&op));
	}
	op.ctx = &x;

	/* The report's text forms write into the caller's buffer: nothing to fail. */
	assert_int_equal(check_verdict(x.p[3], x.p[1], 0, &x.report), 0);
	assert_int_equal(hvabi_report_to_text(x.report, NULL, &len), -ERANGE);
	x.buf = malloc(len + 1);
	x.len = len + 1;
	op.name = "report_to_text";
	op.call = call_report_text;
	op.failed = never_failed;
	op.passed = report_out_passed;
	assert_int_equal(fault_sweep(&op), 0);
	x.text = UNTOUCHED;
	op.name = "report_to_text_alloc";
	op.call = call_report_text_alloc;
	op.failed = report_alloc_failed;
	op.passed = report_alloc_passed;
	print_count("hvabi_report_to_text_alloc", fault_sweep(&op));
	free(x.buf);
	len = 0;
	assert_int_equal(hvabi_report_to_json(x.report, NULL, &len), -ERANGE);
	x.buf = malloc(len + 1);
	x.len = len + 1;
	op.name = "report_to_json";
	op.call = call_report_json;
	op.failed = never_failed;
	op.passed = report_out_passed;
	assert_int_equal(fault_sweep(&op), 0);
	op.name = "report_to_json_alloc";
	op.call = call_report_json_alloc;
	op.failed = report_alloc_failed;
	op.passed = report_alloc_passed;
	print_count("hvabi_report_to_json_alloc", fault_sweep(&op));
	free(x.buf);
	hvabi_report_free(x.report);

	for (i = 0; i < NARM; i++) {
		hvabi_featureset_free(x.p[i]);
		hvabi_featureset_free(x.before[i]);
	}
}

/* ---- plan and execute on the simulator ---- */

struct apply_ctx {
	const char *model;
	struct hvabi_featureset *set, *before;
	struct test_vm vm;
	struct hvabi_plan *plan;
	struct hvabi_report *report;
	struct hvabi_kvm_stats stats;
	size_t expect_steps, expect_items;
	int expect_r;
	char *expect_text;
	uint64_t plan_ioctls; /* KVM calls hvabi_plan_new() makes: reads only */
	const struct hvabi_apply_opts *opts; /* x86: a VMM's own CPUID table, or NULL */
};

static void apply_setup_vm(void *c)
{
	struct apply_ctx *x = c;

	test_vm_open(&x->vm, x->model, 2);
	x->plan = UNTOUCHED;
	x->report = UNTOUCHED;
}

static void apply_teardown_vm(void *c)
{
	struct apply_ctx *x = c;

	test_vm_close(&x->vm);
}

static int call_plan_new(void *c)
{
	struct apply_ctx *x = c;

	return hvabi_plan_new(x->vm.kvm, x->set, x->vm.vm_fd, x->vm.vcpus, x->vm.n, x->opts,
			      &x->plan);
}

static void plan_new_failed(void *c, int r)
{
	struct apply_ctx *x = c;
	struct hvabi_kvm_stats st;

	assert_int_equal(r, -ENOMEM);
	assert_ptr_equal(x->plan, UNTOUCHED);
	assert_true(same_set(x->set, x->before));
	/* A plan only reads: nothing was written to the VM. */
	assert_int_equal(hvabi_kvm_get_stats(x->vm.kvm, &st, sizeof(st)), 0);
	assert_int_equal(st.set_one_reg, 0);
}

static void plan_new_passed(void *c, int r)
{
	struct apply_ctx *x = c;

	assert_int_equal(r, 0);
	assert_int_equal(hvabi_plan_count(x->plan), x->expect_steps);
	hvabi_plan_free(x->plan);
}

/* Execute runs on a fresh VM with a fresh plan each time. */
static void execute_setup(void *c)
{
	struct apply_ctx *x = c;

	apply_setup_vm(c);
	assert_int_equal(hvabi_plan_new(x->vm.kvm, x->set, x->vm.vm_fd, x->vm.vcpus, x->vm.n,
					x->opts, &x->plan), 0);
}

static void execute_teardown(void *c)
{
	struct apply_ctx *x = c;

	hvabi_plan_free(x->plan);
	apply_teardown_vm(c);
}

static int call_execute(void *c)
{
	struct apply_ctx *x = c;

	return hvabi_plan_execute(x->plan, &x->report);
}

/*
 * The report as "name reason severity" lines: what a rerun on the same VM
 * must reproduce (the messages may differ, as the destination's defaults
 * read at the start are then the values the failed run wrote).
 */
static char *report_summary(const struct hvabi_report *rep)
{
	size_t i, n = hvabi_report_count(rep), used = 0;
	char *t = malloc(n * 80 + 1);

	assert_non_null(t);
	t[0] = '\0';
	for (i = 0; i < n; i++) {
		struct hvabi_report_item it;

		assert_int_equal(hvabi_report_get_item(rep, i, &it, sizeof(it)), 0);
		used += (size_t)snprintf(t + used, n * 80 + 1 - used, "%.48s %u %u\n", it.name,
					 it.reason, it.severity);
	}
	return t;
}

/* What a complete run of @x's plan reports: the same as a run that never failed. */
static void assert_expected_report(struct apply_ctx *x, int r)
{
	char *text;

	assert_int_equal(r, x->expect_r);
	assert_int_equal(hvabi_report_count(x->report), x->expect_items);
	text = report_summary(x->report);
	assert_string_equal(text, x->expect_text);
	free(text);
	hvabi_report_free(x->report);
	x->report = UNTOUCHED;
}

/*
 * The simulated kernel allocates too (an SMCCC filter range, a CPUID
 * table): its ENOMEM is the kernel refusing a write, reported as such.
 * Whether the library or the kernel ran out, the run returns -ENOMEM;
 * only a library failure leaves the caller without a report.
 */
static bool kernel_refused(struct apply_ctx *x)
{
	struct hvabi_report_item it;
	size_t i, n = 0;

	if (x->report == UNTOUCHED)
		return false;
	for (i = 0; i < hvabi_report_count(x->report); i++) {
		assert_int_equal(hvabi_report_get_item(x->report, i, &it, sizeof(it)), 0);
		if (it.error == -ENOMEM) {
			assert_int_equal(it.reason, HVABI_REASON_REFUSED);
			n++;
		}
	}
	assert_true(n > 0);
	hvabi_report_free(x->report);
	x->report = UNTOUCHED;
	kernel_enomem++;
	return true;
}

static void execute_failed(void *c, int r)
{
	struct apply_ctx *x = c;

	assert_int_equal(r, -ENOMEM);
	if (kernel_refused(x))
		return;
	assert_true(same_set(x->set, x->before));
	assert_int_equal(hvabi_sim_count_open_fds(x->vm.sim), 2 + x->vm.n);
	/*
	 * The plan is as it was: run again with memory to spare, it does
	 * the whole job and reports what a run that never failed reports.
	 */
	assert_expected_report(x, hvabi_plan_execute(x->plan, &x->report));
}

static void execute_passed(void *c, int r)
{
	assert_expected_report(c, r);
}

static int call_apply(void *c)
{
	struct apply_ctx *x = c;

	return hvabi_apply(x->vm.kvm, x->set, x->vm.vm_fd, x->vm.vcpus, x->vm.n, x->opts,
			   &x->report);
}

static void apply_failed(void *c, int r)
{
	struct apply_ctx *x = c;

	struct hvabi_kvm_stats st;

	assert_int_equal(r, -ENOMEM);
	assert_true(same_set(x->set, x->before));
	assert_int_equal(hvabi_sim_count_open_fds(x->vm.sim), 2 + x->vm.n);
	if (kernel_refused(x))
		return;
	assert_ptr_equal(x->report, UNTOUCHED);
	/*
	 * hvabi_apply() frees its plan, so a caller could not finish a run
	 * that failed after its first write: there must be none.
	 */
	assert_int_equal(hvabi_kvm_get_stats(x->vm.kvm, &st, sizeof(st)), 0);
	if (st.ioctls > x->plan_ioctls)
		apply_after_writes++;
	assert_int_equal(apply_after_writes, 0);
}

static void sweep_apply(const char *model, struct hvabi_featureset *set,
			const struct hvabi_apply_opts *opts)
{
	struct apply_ctx x;
	struct fault_op op = { "plan_new", &x, apply_setup_vm, call_plan_new, plan_new_failed,
			       plan_new_passed, apply_teardown_vm };
	char name[80];

	memset(&x, 0, sizeof(x));
	x.model = model;
	x.set = set;
	x.opts = opts;
	x.before = copy_of(set);
	/* What a run without failures gives. */
	execute_setup(&x);
	{
		struct hvabi_kvm_stats st;

		assert_int_equal(stats_take(x.vm.kvm, &st), 0);
		x.plan_ioctls = st.ioctls;
	}
	x.expect_steps = hvabi_plan_count(x.plan);
	x.expect_r = hvabi_plan_execute(x.plan, &x.report);
	x.expect_items = hvabi_report_count(x.report);
	x.expect_text = report_summary(x.report);
	hvabi_report_free(x.report);
	execute_teardown(&x);

	/* Every sweep starts from a run that works. */
	assert_int_equal(x.expect_r, 0);
	snprintf(name, sizeof(name), "hvabi_plan_new (%s%s)", model, opts ? ", VMM table" : "");
	print_count(name, fault_sweep(&op));
	op.name = "plan_execute";
	op.setup = execute_setup;
	op.call = call_execute;
	op.failed = execute_failed;
	op.passed = execute_passed;
	op.teardown = execute_teardown;
	snprintf(name, sizeof(name), "hvabi_plan_execute (%s%s)", model,
		 opts ? ", VMM table" : "");
	print_count(name, fault_sweep(&op));
	op.name = "apply";
	op.setup = apply_setup_vm;
	op.call = call_apply;
	op.failed = apply_failed;
	op.teardown = apply_teardown_vm;
	snprintf(name, sizeof(name), "hvabi_apply (%s%s)", model, opts ? ", VMM table" : "");
	print_count(name, fault_sweep(&op));
	free(x.expect_text);
	hvabi_featureset_free(x.before);
}

/*
 * x86 with the VMM's own CPUID table (what KVM supports), which apply
 * restricts to the set: the set offers fewer PV features than the host.
 */
static void sweep_apply_vmm_table(struct hvabi_featureset *host)
{
	struct hvabi_key pv = hvabi_key_cpuid(0x40000001, 0, HVABI_CPUID_EAX);
	struct hvabi_featureset *set = copy_of(host);
	struct hvabi_cpuid_entry table[128];
	struct hvabi_apply_opts opts;
	struct hvabi_kvm_cpuid2 *c;
	struct hvabi_entry e;
	struct test_vm v;
	uint32_t i;

	assert_int_equal(hvabi_featureset_find(set, &pv, &e), 0);
	assert_int_equal(hvabi_featureset_set_value(set, &pv, e.value & 0x18), 0);
	test_vm_open(&v, "x86-6.1", 1);
	c = test_vm_supported_cpuid(&v, HVABI_ARRAY_SIZE(table));
	memset(table, 0, sizeof(table));
	for (i = 0; i < c->nent; i++) {
		table[i].function = c->entries[i].function;
		table[i].index = c->entries[i].index;
		table[i].flags = c->entries[i].flags;
		table[i].eax = c->entries[i].eax;
		table[i].ebx = c->entries[i].ebx;
		table[i].ecx = c->entries[i].ecx;
		table[i].edx = c->entries[i].edx;
	}
	memset(&opts, 0, sizeof(opts));
	opts.sz = sizeof(opts);
	opts.cpuid = table;
	opts.ncpuid = c->nent;
	free(c);
	test_vm_close(&v);
	sweep_apply("x86-6.1", set, &opts);
	hvabi_featureset_free(set);
}

static void test_faults_apply(void **state)
{
	struct hvabi_featureset *p[NARM], *base = NULL, *set;
	struct hvabi_range range = { 0x84000000, 0x20, HVABI_RANGE_DENY, { 0 } };
	struct hvabi_key filter = hvabi_key_attr(HVABI_ATTR_VM, HVABI_KVM_ARM_VM_SMCCC_CTRL,
						 HVABI_KVM_ARM_VM_SMCCC_FILTER);
	struct hvabi_entry e;
	size_t i;

	(void)state;
	for (i = 0; i < NARM; i++)
		p[i] = test_sim_probe(arm_models[i]);
	assert_true(baseline_verdict((const struct hvabi_featureset *const *)p, NARM, 0, &base,
				   NULL) >= 0);
	sweep_apply("arm64-7.2", base, NULL);
	hvabi_featureset_free(base);

	/* 7.2's own set with a filter range: the VM attribute phase allocates in KVM too. */
	assert_int_equal(hvabi_featureset_find(p[3], &filter, &e), 0);
	e.nranges = 1;
	e.ranges = &range;
	assert_int_equal(hvabi_featureset_put(p[3], &e), 0);
	sweep_apply("arm64-7.2", p[3], NULL);
	for (i = 0; i < NARM; i++)
		hvabi_featureset_free(p[i]);

	set = test_sim_probe("x86-6.1");
	sweep_apply("x86-6.1", set, NULL);
	sweep_apply_vmm_table(set);
	hvabi_featureset_free(set);
	set = test_sim_probe("riscv-6.6");
	sweep_apply("riscv-6.6", set, NULL);
	hvabi_featureset_free(set);
}

/* ---- the harness itself ---- */

/*
 * The wrappers must be in the allocation path of the library (not only of
 * this file): a set copy allocates in lib/featureset.c, and failing it
 * must be seen there.
 */
static void test_faults_are_injected(void **state)
{
	struct hvabi_featureset *fs = golden_set(), *c = UNTOUCHED;
	unsigned long before = fault_injected_total();

	(void)state;
	fault_arm(0);
	assert_int_equal(hvabi_featureset_copy(fs, &c), 0);
	assert_true(fault_disarm() >= 2);
	hvabi_featureset_free(c);
	c = UNTOUCHED;
	fault_arm(1);
	assert_int_equal(hvabi_featureset_copy(fs, &c), -ENOMEM);
	fault_disarm();
	assert_true(fault_hit());
	assert_int_equal(fault_injected_total(), before + 1);
	assert_ptr_equal(c, UNTOUCHED);
	hvabi_featureset_free(fs);
}

static int print_total(void **state)
{
	(void)state;
	print_message("%lu runs, %lu allocations failed (%lu in the simulated kernel); "
		      "%lu hvabi_apply() failures after the first write\n", total_runs,
		      fault_injected_total(), kernel_enomem, apply_after_writes);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_faults_are_injected),
		cmocka_unit_test(test_faults_featureset),
		cmocka_unit_test(test_faults_codecs),
		cmocka_unit_test(test_faults_from_json_errors),
		cmocka_unit_test(test_faults_import_firecracker),
		cmocka_unit_test(test_faults_probe),
		cmocka_unit_test(test_faults_read_vm),
		cmocka_unit_test(test_faults_negotiate),
		cmocka_unit_test(test_faults_apply),
	};

	return cmocka_run_group_tests(tests, NULL, print_total);
}
