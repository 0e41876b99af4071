/*
 * Suite 'unit', black-box: every function lib/libhvabi.sym exports, called
 * through the shared library with NULL pointers, zero lengths, flags with
 * unknown bits and objects of the wrong architecture. Each must answer
 * what its header says (-EINVAL, mostly; a no-op for the free functions;
 * 0, NULL or NONE for the getters) and leave its out-parameters alone.
 *
 * The program reads the version script given as its argument and fails
 * when it exports a function this file does not call, so a new export
 * cannot go untested.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <libhvabi/hvabi.h>
#include <libhvabi/sim.h>

/* The ioctl numbers and structures, for calls into the simulator (constants only). */
#include "kvm-uapi.h"
#include "testutil.h"

#define UNTOUCHED ((void *)0x5a5a)
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* The exported functions this file calls; the version script must list no other. */
static const char *const covered[] = {
	"hvabi_key_compare", "hvabi_featureset_new", "hvabi_featureset_free",
	"hvabi_featureset_copy", "hvabi_featureset_get_arch",
	"hvabi_featureset_get_kernel_release", "hvabi_featureset_set_kernel_release",
	"hvabi_featureset_get_origin", "hvabi_featureset_set_origin", "hvabi_featureset_count",
	"hvabi_featureset_get_entry", "hvabi_featureset_find", "hvabi_featureset_put",
	"hvabi_featureset_set_value", "hvabi_featureset_remove", "hvabi_featureset_equal",
	"hvabi_entry_init", "hvabi_arch_name", "hvabi_kind_name", "hvabi_origin_name",
	"hvabi_version",
	"hvabi_catalog_state_reason", "hvabi_catalog_lookup", "hvabi_catalog_count", "hvabi_catalog_get",
	"hvabi_catalog_bit_name", "hvabi_catalog_bit_alias", "hvabi_catalog_accepted_range", "hvabi_kernel_version_parse",
	"hvabi_key_to_string", "hvabi_key_from_string",
	"hvabi_featureset_encode", "hvabi_featureset_decode", "hvabi_featureset_to_json",
	"hvabi_featureset_from_json", "hvabi_featureset_encode_alloc",
	"hvabi_featureset_to_json_alloc",
	"hvabi_featureset_import_firecracker",
	"hvabi_kvm_open", "hvabi_kvm_new_from_fd", "hvabi_kvm_free", "hvabi_kvm_get_arch",
	"hvabi_kvm_get_fd", "hvabi_kvm_probe", "hvabi_kvm_read_vm", "hvabi_kvm_get_stats", "hvabi_kvm_create_vm",
	"hvabi_kvm_reset_stats", "hvabi_kvm_close_fd",
	"hvabi_report_free", "hvabi_report_count", "hvabi_report_get_item", "hvabi_report_ok",
	"hvabi_report_count_severity", "hvabi_report_to_text", "hvabi_report_to_json",
	"hvabi_report_to_text_alloc", "hvabi_report_to_json_alloc", "hvabi_plan_to_text_alloc",
	"hvabi_reason_name", "hvabi_severity_name", "hvabi_baseline", "hvabi_check",
	"hvabi_cpuid_restrict", "hvabi_plan_new", "hvabi_plan_free", "hvabi_plan_count",
	"hvabi_plan_get_step", "hvabi_plan_to_text", "hvabi_plan_execute", "hvabi_apply",
	"hvabi_vcpu_features", "hvabi_vcpu_finalize",
	"hvabi_featureset_get_impls", "hvabi_featureset_set_impls", "hvabi_impl_pin",
	"hvabi_catalog_cpu_name", "hvabi_vm_prepare", "hvabi_smccc_answer", "hvabi_kvm_smccc_exit",
	"hvabi_sim_model_name", "hvabi_sim_new", "hvabi_sim_free", "hvabi_sim_get_arch",
	"hvabi_sim_get_release", "hvabi_sim_set_host", "hvabi_sim_open_kvm_fd", "hvabi_sim_ioctl",
	"hvabi_sim_run", "hvabi_sim_close", "hvabi_sim_count_open_fds", "hvabi_sim_inject_error",
	"hvabi_kvm_new_from_sim", "hvabi_sim_map_run",
};

static const char *sym_path;

/* ---- helpers ---- */

/* An entry that passes the check, to be broken one field at a time. */
static struct hvabi_entry good_entry(void)
{
	struct hvabi_entry e;

	memset(&e, 0, sizeof(e));
	e.key = hvabi_key_reg(HVABI_KVM_REG_ARM_PSCI_VERSION);
	e.kind = HVABI_KIND_VERSION;
	e.scope = HVABI_SCOPE_VM;
	e.width = 8;
	e.value = 0x10001;
	return e;
}

/* ---- featureset.h ---- */

static void test_api_featureset(void **state)
{
	struct hvabi_featureset *fs = NULL, *out = UNTOUCHED;
	struct hvabi_key k = hvabi_key_reg(HVABI_KVM_REG_ARM_PSCI_VERSION);
	struct hvabi_key bad_key = { 0, 0, 0, 0 };
	struct hvabi_entry e, got;
	struct hvabi_range range = { 0x84000000, 1, 0, { 0 } };
	char long_release[80];
	uint8_t wide[16] = { 0 };

	(void)state;
	assert_int_equal(hvabi_featureset_new(HVABI_ARCH_NONE, &out), -EINVAL);
	assert_int_equal(hvabi_featureset_new((enum hvabi_arch)4, &out), -EINVAL);
	assert_int_equal(hvabi_featureset_new((enum hvabi_arch)-1, &out), -EINVAL);
	assert_int_equal(hvabi_featureset_new(HVABI_ARCH_ARM64, NULL), -EINVAL);
	assert_ptr_equal(out, UNTOUCHED);
	assert_int_equal(hvabi_featureset_new(HVABI_ARCH_ARM64, &fs), 0);
	hvabi_featureset_free(NULL);

	assert_int_equal(hvabi_featureset_copy(NULL, &out), -EINVAL);
	assert_int_equal(hvabi_featureset_copy(fs, NULL), -EINVAL);
	assert_ptr_equal(out, UNTOUCHED);

	assert_int_equal(hvabi_featureset_get_arch(NULL), HVABI_ARCH_NONE);
	assert_null(hvabi_featureset_get_kernel_release(NULL));
	assert_string_equal(hvabi_featureset_get_kernel_release(fs), "");
	assert_int_equal(hvabi_featureset_set_kernel_release(NULL, "6.1"), -EINVAL);
	assert_int_equal(hvabi_featureset_set_kernel_release(fs, "6.1"), 0);
	memset(long_release, 'a', sizeof(long_release) - 1);
	long_release[sizeof(long_release) - 1] = '\0';
	assert_int_equal(hvabi_featureset_set_kernel_release(fs, long_release), -EINVAL);
	assert_int_equal(hvabi_featureset_set_kernel_release(fs, "6.1 x"), -EINVAL);
	assert_int_equal(hvabi_featureset_set_kernel_release(fs, "6.1\x7f"), -EINVAL);
	assert_int_equal(hvabi_featureset_set_kernel_release(fs, "\xc3\xa9"), -EINVAL);
	/* Refusals leave the release as it was. */
	assert_string_equal(hvabi_featureset_get_kernel_release(fs), "6.1");
	assert_int_equal(hvabi_featureset_set_kernel_release(fs, NULL), 0);
	assert_string_equal(hvabi_featureset_get_kernel_release(fs), "");

	assert_int_equal(hvabi_featureset_get_origin(NULL), HVABI_ORIGIN_NONE);
	assert_int_equal(hvabi_featureset_set_origin(NULL, HVABI_ORIGIN_PROBED), -EINVAL);
	assert_int_equal(hvabi_featureset_set_origin(fs, (enum hvabi_origin)5), -EINVAL);
	assert_int_equal(hvabi_featureset_set_origin(fs, (enum hvabi_origin)-1), -EINVAL);
	assert_int_equal(hvabi_featureset_get_origin(fs), HVABI_ORIGIN_NONE);

	assert_int_equal(hvabi_featureset_count(NULL), 0);
	assert_int_equal(hvabi_featureset_get_entry(NULL, 0, &got), -EINVAL);
	assert_int_equal(hvabi_featureset_get_entry(fs, 0, NULL), -EINVAL);
	assert_int_equal(hvabi_featureset_get_entry(fs, 0, &got), -ENOENT);
	assert_int_equal(hvabi_featureset_get_entry(fs, SIZE_MAX, &got), -ENOENT);
	assert_int_equal(hvabi_featureset_find(NULL, &k, &got), -EINVAL);
	assert_int_equal(hvabi_featureset_find(fs, NULL, &got), -EINVAL);
	assert_int_equal(hvabi_featureset_find(fs, &k, NULL), -ENOENT);

	/* put: NULL, then each field of a good entry broken in turn. */
	e = good_entry();
	assert_int_equal(hvabi_featureset_put(NULL, &e), -EINVAL);
	assert_int_equal(hvabi_featureset_put(fs, NULL), -EINVAL);
#define PUT_BROKEN(field, v)                                           \
	do {                                                           \
		e = good_entry();                                      \
		e.field = v;                                           \
		assert_int_equal(hvabi_featureset_put(fs, &e), -EINVAL); \
	} while (0)
	PUT_BROKEN(key.ns, 0);
	PUT_BROKEN(key.ns, 6);
	PUT_BROKEN(key.sel, 1);
	PUT_BROKEN(kind, HVABI_KIND_FREQUENCY + 1);
	PUT_BROKEN(scope, 2);
	PUT_BROKEN(flags, 0x8);
	PUT_BROKEN(flags, 0x8000);
	PUT_BROKEN(reserved, 1);
	PUT_BROKEN(width, 0);
	PUT_BROKEN(width, 3);
	PUT_BROKEN(width, 512);
	PUT_BROKEN(width, 16); /* wide without its bytes */
	PUT_BROKEN(wide, wide); /* bytes with a narrow width */
	PUT_BROKEN(max, 1);    /* without HAS_MAX */
	PUT_BROKEN(nranges, 1); /* ranges on a version, and without the array */
	PUT_BROKEN(ranges, &range);
	e = good_entry();
	e.width = 1;
	e.value = 0x100;
	assert_int_equal(hvabi_featureset_put(fs, &e), -EINVAL);
	assert_int_equal(hvabi_featureset_count(fs), 0);
	e = good_entry();
	assert_int_equal(hvabi_featureset_put(fs, &e), 0);

	assert_int_equal(hvabi_featureset_set_value(NULL, &k, 1), -EINVAL);
	assert_int_equal(hvabi_featureset_set_value(fs, NULL, 1), -EINVAL);
	assert_int_equal(hvabi_featureset_set_value(fs, &bad_key, 1), -EINVAL);
	assert_int_equal(hvabi_featureset_remove(NULL, &k), -EINVAL);
	assert_int_equal(hvabi_featureset_remove(fs, NULL), -EINVAL);
	assert_int_equal(hvabi_featureset_remove(fs, &bad_key), -ENOENT);

	assert_int_equal(hvabi_featureset_equal(NULL, fs), -EINVAL);
	assert_int_equal(hvabi_featureset_equal(fs, NULL), -EINVAL);
	assert_int_equal(hvabi_featureset_equal(NULL, NULL), -EINVAL);
	assert_int_equal(hvabi_featureset_equal(fs, fs), 1);

	assert_int_equal(hvabi_entry_init(NULL, HVABI_ARCH_ARM64, &k), -EINVAL);
	assert_int_equal(hvabi_entry_init(&got, HVABI_ARCH_ARM64, NULL), -EINVAL);
	/* An architecture the catalogue has no table for knows no key. */
	assert_int_equal(hvabi_entry_init(&got, HVABI_ARCH_NONE, &k), 0);
	assert_int_equal(hvabi_entry_init(&got, (enum hvabi_arch)77, &k), 0);

	assert_null(hvabi_arch_name(HVABI_ARCH_NONE));
	assert_null(hvabi_arch_name((enum hvabi_arch)-1));
	assert_null(hvabi_kind_name((enum hvabi_kind)(HVABI_KIND_IMPLSET + 1)));
	assert_null(hvabi_kind_name((enum hvabi_kind)-1));
	assert_null(hvabi_origin_name((enum hvabi_origin)5));
	assert_null(hvabi_origin_name((enum hvabi_origin)-1));
	assert_non_null(hvabi_version());

	/* A comparator: defined for any two keys, NULL sorts first. */
	assert_true(hvabi_key_compare(&k, &bad_key) > 0);
	assert_int_equal(hvabi_key_compare(&k, &k), 0);
	assert_true(hvabi_key_compare(NULL, &k) < 0);
	assert_true(hvabi_key_compare(&k, NULL) > 0);
	assert_int_equal(hvabi_key_compare(NULL, NULL), 0);
	hvabi_featureset_free(fs);
}

/* ---- catalog.h ---- */

static void test_api_catalog(void **state)
{
	struct hvabi_key k = hvabi_key_reg(HVABI_KVM_REG_ARM_PSCI_VERSION), out = { 1, 1, 1, 1 };
	struct hvabi_catalog_info info;
	uint64_t lo = 7, hi = 7;
	char buf[64];
	size_t len;

	(void)state;
	assert_int_equal(hvabi_catalog_lookup(HVABI_ARCH_NONE, &k, &info, sizeof(info)), -EINVAL);
	assert_int_equal(hvabi_catalog_lookup((enum hvabi_arch)9, &k, &info, sizeof(info)), -EINVAL);
	assert_int_equal(hvabi_catalog_lookup(HVABI_ARCH_ARM64, NULL, &info, sizeof(info)), -EINVAL);
	assert_null(hvabi_catalog_state_reason(HVABI_ARCH_ARM64, NULL));
	assert_null(hvabi_catalog_state_reason((enum hvabi_arch)9, &k));
	{
		struct hvabi_key pc = hvabi_key_reg(0x6030000000100040ull);
		struct hvabi_key vls = hvabi_key_reg(HVABI_KVM_REG_ARM64_SVE_VLS);

		assert_string_equal(hvabi_catalog_state_reason(HVABI_ARCH_ARM64, &pc),
				    "core registers");
		assert_non_null(hvabi_catalog_state_reason(HVABI_ARCH_ARM64, &vls));
	}
	assert_int_equal(hvabi_catalog_lookup(HVABI_ARCH_ARM64, &k, NULL, sizeof(info)), -EINVAL);
	assert_int_equal(hvabi_catalog_lookup(HVABI_ARCH_ARM64, &k, &info, sizeof(info) - 1), -EINVAL);
	assert_int_equal(hvabi_catalog_get(HVABI_ARCH_ARM64, 0, NULL, &info, 8), -EINVAL);
	assert_int_equal(hvabi_catalog_get(HVABI_ARCH_ARM64, 0, NULL, NULL, 0), 0);
	assert_int_equal(hvabi_catalog_count(HVABI_ARCH_NONE), 0);
	assert_int_equal(hvabi_catalog_count((enum hvabi_arch)-1), 0);
	assert_int_equal(hvabi_catalog_get(HVABI_ARCH_NONE, 0, NULL, NULL, 0), -EINVAL);
	assert_int_equal(hvabi_catalog_get(HVABI_ARCH_ARM64, SIZE_MAX, NULL, NULL, 0), -ENOENT);
	assert_int_equal(hvabi_catalog_get(HVABI_ARCH_ARM64, 0, NULL, NULL, 0), 0);

	assert_null(hvabi_catalog_bit_name(HVABI_ARCH_NONE, &k, 0));
	assert_null(hvabi_catalog_bit_name(HVABI_ARCH_ARM64, NULL, 0));
	assert_null(hvabi_catalog_bit_name(HVABI_ARCH_ARM64, &k, 64));
	assert_null(hvabi_catalog_bit_name(HVABI_ARCH_ARM64, &k, UINT32_MAX));
	assert_null(hvabi_catalog_bit_alias(HVABI_ARCH_NONE, &k, 0));
	assert_null(hvabi_catalog_bit_alias(HVABI_ARCH_ARM64, NULL, 0));
	assert_null(hvabi_catalog_bit_alias(HVABI_ARCH_ARM64, &k, 1));
	assert_null(hvabi_catalog_bit_alias(HVABI_ARCH_ARM64, &k, UINT32_MAX));

	assert_int_equal(hvabi_catalog_accepted_range(HVABI_ARCH_ARM64, NULL, "6.1", &lo, &hi),
			 -EINVAL);
	assert_int_equal(hvabi_catalog_accepted_range(HVABI_ARCH_ARM64, &k, NULL, &lo, &hi),
			 -EINVAL);
	assert_int_equal(hvabi_catalog_accepted_range(HVABI_ARCH_ARM64, &k, "6.1", NULL, &hi),
			 -EINVAL);
	assert_int_equal(hvabi_catalog_accepted_range(HVABI_ARCH_ARM64, &k, "6.1", &lo, NULL),
			 -EINVAL);
	assert_int_equal(hvabi_catalog_accepted_range(HVABI_ARCH_ARM64, &k, "", &lo, &hi),
			 -EINVAL);
	assert_int_equal(hvabi_catalog_accepted_range(HVABI_ARCH_ARM64, &k, "linux", &lo, &hi),
			 -EINVAL);
	/* No catalogue: no VERSION entry with a history. */
	assert_int_equal(hvabi_catalog_accepted_range(HVABI_ARCH_NONE, &k, "6.1", &lo, &hi),
			 -ENOENT);
	assert_true(lo == 7 && hi == 7);

	assert_int_equal(hvabi_kernel_version_parse(NULL), 0);
	assert_int_equal(hvabi_kernel_version_parse(""), 0);
	assert_int_equal(hvabi_kernel_version_parse("6"), 0);
	assert_int_equal(hvabi_kernel_version_parse("99999999999999999999.1"), 0);
	assert_int_equal(hvabi_kernel_version_parse("6.99999999999999999999"), 0);

	len = sizeof(buf);
	assert_int_equal(hvabi_key_to_string(NULL, buf, &len), -EINVAL);
	assert_int_equal(hvabi_key_to_string(&k, buf, NULL), -EINVAL);
	len = 4;
	assert_int_equal(hvabi_key_to_string(&k, NULL, &len), -EINVAL);
	/* The one buffer rule: the length without the NUL, written or not. */
	len = 0;
	assert_int_equal(hvabi_key_to_string(&k, NULL, &len), -ERANGE);
	assert_int_equal(len, strlen("reg:0x6030000000140000"));
	len = 1;
	assert_int_equal(hvabi_key_to_string(&k, buf, &len), -ERANGE);
	assert_int_equal(len, strlen("reg:0x6030000000140000"));
	assert_int_equal(buf[0], '\0');
	len = strlen("reg:0x6030000000140000");
	assert_int_equal(hvabi_key_to_string(&k, buf, &len), -ERANGE);
	len++;
	assert_int_equal(hvabi_key_to_string(&k, buf, &len), 0);
	assert_int_equal(len, strlen("reg:0x6030000000140000"));
	assert_string_equal(buf, "reg:0x6030000000140000");
	out.ns = 0;
	len = sizeof(buf);
	assert_int_equal(hvabi_key_to_string(&out, buf, &len), -EINVAL);
	out = (struct hvabi_key){ 1, 1, 1, 1 };
	assert_int_equal(hvabi_key_from_string(HVABI_ARCH_ARM64, NULL, &out), -EINVAL);
	assert_int_equal(hvabi_key_from_string(HVABI_ARCH_ARM64, "reg:0x6030000000140000", NULL),
			 -EINVAL);
	assert_int_equal(hvabi_key_from_string(HVABI_ARCH_ARM64, "", &out), -EINVAL);
	assert_int_equal(hvabi_key_from_string(HVABI_ARCH_ARM64, "reg:", &out), -EINVAL);
	assert_int_equal(hvabi_key_from_string(HVABI_ARCH_NONE, "PSCI_VERSION", &out), -EINVAL);
	assert_int_equal(out.ns, 1);
	assert_int_equal(out.id, 1);
}

/* ---- codec.h ---- */

static void test_api_codec(void **state)
{
	struct hvabi_featureset *fs = test_sim_probe("arm64-6.1"), *out = UNTOUCHED;
	struct hvabi_error err;
	uint8_t buf[16];
	void *blob;
	char *text;
	size_t len;

	(void)state;
	len = 5;
	assert_int_equal(hvabi_featureset_encode(NULL, buf, &len), -EINVAL);
	assert_int_equal(hvabi_featureset_encode(fs, buf, NULL), -EINVAL);
	assert_int_equal(len, 5);
	len = 0;
	assert_int_equal(hvabi_featureset_encode(fs, buf, &len), -ERANGE);
	assert_true(len > sizeof(buf));
	len = sizeof(buf);
	assert_int_equal(hvabi_featureset_encode(fs, NULL, &len), -ERANGE);
	assert_true(len > sizeof(buf));

	len = 5;
	assert_int_equal(hvabi_featureset_to_json(NULL, (char *)buf, &len), -EINVAL);
	assert_int_equal(hvabi_featureset_to_json(fs, (char *)buf, NULL), -EINVAL);
	assert_int_equal(len, 5);
	len = 0;
	assert_int_equal(hvabi_featureset_to_json(fs, (char *)buf, &len), -ERANGE);
	assert_true(len > sizeof(buf));

	assert_int_equal(hvabi_featureset_encode_alloc(NULL, &blob, &len), -EINVAL);
	assert_int_equal(hvabi_featureset_encode_alloc(fs, NULL, &len), -EINVAL);
	assert_int_equal(hvabi_featureset_encode_alloc(fs, &blob, NULL), -EINVAL);
	assert_int_equal(hvabi_featureset_to_json_alloc(NULL, &text), -EINVAL);
	assert_int_equal(hvabi_featureset_to_json_alloc(fs, NULL), -EINVAL);
	assert_int_equal(hvabi_featureset_encode_alloc(fs, &blob, &len), 0);
	free(blob);
	assert_int_equal(hvabi_featureset_to_json_alloc(fs, &text), 0);
	free(text);

	memset(&err, 0, sizeof(err));
	assert_int_equal(hvabi_featureset_decode(NULL, 20, &out, &err, sizeof(err)), -EINVAL);
	assert_int_equal(err.code, -EINVAL);
	/* The error record goes with its size: too small is not one. */
	assert_int_equal(hvabi_featureset_decode(buf, 0, &out, &err, sizeof(err) - 1), -EINVAL);
	assert_int_equal(hvabi_featureset_from_json("{", 1, &out, &err, 4), -EINVAL);
	assert_int_equal(hvabi_featureset_import_firecracker("{", 1, &out, &err, 0), -EINVAL);
	/* A caller of a newer header: what this library knows, then zeros. */
	{
		unsigned char big[sizeof(struct hvabi_error) + 16];

		memset(big, 0xa5, sizeof(big));
		assert_int_equal(hvabi_featureset_decode(buf, 0, &out, (struct hvabi_error *)big,
							 sizeof(big)), -EBADMSG);
		assert_int_equal(((struct hvabi_error *)big)->code, -EBADMSG);
		for (len = sizeof(struct hvabi_error); len < sizeof(big); len++)
			assert_int_equal(big[len], 0);
	}
	assert_int_equal(hvabi_featureset_decode(buf, sizeof(buf), NULL, NULL, 0), -EINVAL);
	assert_int_equal(hvabi_featureset_decode(buf, 0, &out, NULL, 0), -EBADMSG);
	assert_int_equal(hvabi_featureset_decode(buf, 0, &out, &err, sizeof(err)), -EBADMSG);
	assert_int_equal(err.code, -EBADMSG);
	assert_non_null(memchr(err.message, '\0', sizeof(err.message)));

	assert_int_equal(hvabi_featureset_from_json(NULL, 10, &out, &err, sizeof(err)), -EINVAL);
	assert_int_equal(hvabi_featureset_from_json("{}", 2, NULL, &err, sizeof(err)), -EINVAL);
	assert_int_equal(hvabi_featureset_from_json("{}", 0, &out, &err, sizeof(err)), -EBADMSG);
	assert_int_equal(hvabi_featureset_from_json("", 0, &out, NULL, 0), -EBADMSG);
	assert_ptr_equal(out, UNTOUCHED);

	assert_int_equal(hvabi_featureset_import_firecracker(NULL, 10, &out, &err, sizeof(err)), -EINVAL);
	assert_int_equal(err.code, -EINVAL);
	assert_int_equal(hvabi_featureset_import_firecracker("{}", 2, NULL, &err, sizeof(err)), -EINVAL);
	assert_int_equal(hvabi_featureset_import_firecracker("{}", 0, &out, &err, sizeof(err)), -EBADMSG);
	assert_int_equal(hvabi_featureset_import_firecracker("", 0, &out, NULL, 0), -EBADMSG);
	/* An arm64 list and an x86 one: no single architecture. */
	assert_int_equal(hvabi_featureset_import_firecracker(
				 "{\"guest_cpu_config\": {\"reg_modifiers\": [], "
				 "\"cpuid_modifiers\": []}}", 66, &out, &err, sizeof(err)), -EBADMSG);
	assert_ptr_equal(out, UNTOUCHED);
	hvabi_featureset_free(fs);
}

/* ---- kvm.h ---- */

static void test_api_kvm(void **state)
{
	struct hvabi_kvm *kvm = UNTOUCHED;
	struct hvabi_featureset *out = UNTOUCHED;
	struct hvabi_kvm_stats st;
	struct test_vm v;
	unsigned int bit;
	int fd, bad_vcpu = -1;

	(void)state;
	for (bit = 0; bit < 32; bit++) {
		assert_int_equal(hvabi_kvm_open(NULL, 1u << bit, &kvm), -EINVAL);
		assert_int_equal(hvabi_kvm_new_from_fd(0, 1u << bit, &kvm), -EINVAL);
	}
	assert_int_equal(hvabi_kvm_open(NULL, 0, NULL), -EINVAL);
	assert_int_equal(hvabi_kvm_open("/nonexistent/kvm", 0, &kvm), -ENOENT);
	/* Not a KVM device: /dev/null refuses the API-version ioctl. */
	assert_int_equal(hvabi_kvm_open("/dev/null", 0, &kvm), -ENOTTY);
	assert_int_equal(hvabi_kvm_new_from_fd(-1, 0, &kvm), -EINVAL);
	assert_int_equal(hvabi_kvm_new_from_fd(0, 0, NULL), -EINVAL);
	fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	assert_true(fd >= 0);
	assert_int_equal(hvabi_kvm_new_from_fd(fd, 0, &kvm), -ENOTTY);
	/* The caller's fd stays open and the caller's. */
	assert_int_equal(fcntl(fd, F_GETFD), FD_CLOEXEC);
	close(fd);
	assert_int_equal(hvabi_kvm_new_from_fd(fd, 0, &kvm), -EBADF);
	assert_ptr_equal(kvm, UNTOUCHED);

	hvabi_kvm_free(NULL);
	assert_int_equal(hvabi_kvm_get_arch(NULL), HVABI_ARCH_NONE);
	assert_int_equal(hvabi_kvm_get_fd(NULL), -1);
	assert_int_equal(hvabi_kvm_get_stats(NULL, &st, sizeof(st)), -EINVAL);
	assert_int_equal(hvabi_kvm_reset_stats(NULL), -EINVAL);
	assert_int_equal(hvabi_kvm_close_fd(NULL, 3), -EINVAL);

	test_vm_open(&v, "arm64-6.1", 1);
	assert_int_equal(stats_take(v.kvm, NULL), -EINVAL);
	assert_int_equal(hvabi_kvm_get_stats(v.kvm, &st, sizeof(st) - 1), -EINVAL);
	assert_int_equal(hvabi_kvm_close_fd(v.kvm, -1), -EINVAL);
	{
		int vmfd = -1, fds[2] = { -1, -1 };

		assert_int_equal(hvabi_kvm_create_vm(NULL, NULL, 1, &vmfd, fds), -EINVAL);
		assert_int_equal(hvabi_kvm_create_vm(v.kvm, NULL, 0, &vmfd, fds), -EINVAL);
		assert_int_equal(hvabi_kvm_create_vm(v.kvm, NULL, 1, NULL, fds), -EINVAL);
		assert_int_equal(hvabi_kvm_create_vm(v.kvm, NULL, 1, &vmfd, NULL), -EINVAL);
		assert_int_equal(hvabi_kvm_create_vm(v.kvm, NULL, 1025, &vmfd, fds), -EINVAL);
		assert_int_equal(vmfd, -1);
		{
			/* a set of another architecture; a set that shows another CPU on 6.1 */
			static const struct hvabi_impl two[] = { { 0x000f0510, 0, 0 },
								 { 0x411fd401, 0, 0 } };
			struct hvabi_featureset *arm = test_sim_probe("arm64-7.2");
			struct test_vm x86;

			test_vm_open(&x86, "x86-6.1", 1);
			assert_int_equal(hvabi_kvm_create_vm(x86.kvm, arm, 1, &vmfd, fds), -EINVAL);
			assert_int_equal(vmfd, -1);
			test_vm_close(&x86);
			assert_int_equal(hvabi_featureset_set_impls(arm, two, 2), 0);
			assert_int_equal(hvabi_kvm_create_vm(v.kvm, arm, 1, &vmfd, fds), -EOPNOTSUPP);
			assert_int_equal(vmfd, -1);
			assert_int_equal(hvabi_sim_count_open_fds(v.sim), 3);
			hvabi_featureset_free(arm);
		}
		assert_int_equal(hvabi_kvm_create_vm(v.kvm, NULL, 2, &vmfd, fds), 0);
		assert_true(vmfd >= 0 && fds[0] >= 0 && fds[1] >= 0);
		assert_int_equal(hvabi_kvm_close_fd(NULL, fds[0]), -EINVAL);
		assert_int_equal(hvabi_kvm_close_fd(v.kvm, -1), -EINVAL);
		assert_int_equal(hvabi_kvm_close_fd(v.kvm, fds[0]), 0);
		assert_int_equal(hvabi_kvm_close_fd(v.kvm, fds[0]), -EBADF);
		assert_int_equal(hvabi_kvm_close_fd(v.kvm, fds[1]), 0);
		assert_int_equal(hvabi_kvm_close_fd(v.kvm, vmfd), 0);
	}
	assert_int_equal(hvabi_kvm_probe(NULL, 0, &out), -EINVAL);
	assert_int_equal(hvabi_kvm_probe(v.kvm, 0, NULL), -EINVAL);
	for (bit = 0; bit < 32; bit++) {
		if (!(1u << bit & (HVABI_PROBE_GUEST_READS | HVABI_PROBE_VCPU_FEATURES(~0u))))
			assert_int_equal(hvabi_kvm_probe(v.kvm, 1u << bit, &out), -EINVAL);
		assert_int_equal(hvabi_kvm_read_vm(v.kvm, v.vm_fd, v.vcpus, 1, 1u << bit, &out),
				 -EINVAL);
	}
	assert_int_equal(hvabi_kvm_read_vm(NULL, v.vm_fd, v.vcpus, 1, 0, &out), -EINVAL);
	assert_int_equal(hvabi_kvm_read_vm(v.kvm, -1, v.vcpus, 1, 0, &out), -EINVAL);
	assert_int_equal(hvabi_kvm_read_vm(v.kvm, v.vm_fd, NULL, 1, 0, &out), -EINVAL);
	assert_int_equal(hvabi_kvm_read_vm(v.kvm, v.vm_fd, v.vcpus, 0, 0, &out), -EINVAL);
	assert_int_equal(hvabi_kvm_read_vm(v.kvm, v.vm_fd, &bad_vcpu, 1, 0, &out), -EINVAL);
	assert_int_equal(hvabi_kvm_read_vm(v.kvm, v.vm_fd, v.vcpus, 1, 0, NULL), -EINVAL);
	/* An fd the simulator never handed out: the kernel's EBADF. */
	bad_vcpu = 7;
	assert_int_equal(hvabi_kvm_read_vm(v.kvm, v.vm_fd, &bad_vcpu, 1, 0, &out), -EBADF);
	assert_ptr_equal(out, UNTOUCHED);
	/* Nothing the failed calls did is left open. */
	assert_int_equal(hvabi_sim_count_open_fds(v.sim), 3);
	test_vm_close(&v);
}

/* ---- negotiate.h: reports, baseline, check ---- */

static void test_api_negotiate(void **state)
{
	struct hvabi_featureset *a = test_sim_probe("arm64-6.1"), *x = test_sim_probe("x86-6.1");
	struct hvabi_featureset *out = UNTOUCHED;
	const struct hvabi_featureset *two[2] = { a, a }, *mixed[2] = { a, x };
	const struct hvabi_featureset *holes[2] = { a, NULL };
	struct hvabi_report *rep = UNTOUCHED, *r2 = NULL;
	struct hvabi_report_item it;
	struct hvabi_cpuid_entry c = { 0, 0, 0, 0, 0, 0, 0, 1 };
	unsigned int bit;
	bool may_move;
	char buf[8], *text;
	size_t len;

	(void)state;
	hvabi_report_free(NULL);
	assert_int_equal(hvabi_report_count(NULL), 0);
	assert_int_equal(hvabi_report_get_item(NULL, 0, &it, sizeof(it)), -EINVAL);
	assert_int_equal(hvabi_report_ok(NULL), -EINVAL);
	assert_int_equal(hvabi_report_count_severity(NULL, HVABI_SEVERITY_INFO), 0);
	len = 3;
	assert_int_equal(hvabi_report_to_text(NULL, buf, &len), -EINVAL);
	assert_int_equal(hvabi_report_to_json(NULL, buf, &len), -EINVAL);
	assert_int_equal(len, 3);
	assert_null(hvabi_reason_name((enum hvabi_reason)21));
	assert_null(hvabi_reason_name((enum hvabi_reason)-1));
	assert_null(hvabi_severity_name((enum hvabi_severity)3));
	assert_null(hvabi_severity_name((enum hvabi_severity)-1));

	assert_int_equal(baseline_verdict(NULL, 1, 0, &out, &rep), -EINVAL);
	assert_int_equal(baseline_verdict(two, 0, 0, &out, &rep), -EINVAL);
	assert_int_equal(baseline_verdict(holes, 2, 0, &out, &rep), -EINVAL);
	assert_int_equal(baseline_verdict(mixed, 2, 0, &out, &rep), -EINVAL);
	assert_int_equal(baseline_verdict(two, 2, 0, NULL, &rep), -EINVAL);
	for (bit = 0; bit < 32; bit++) {
		assert_int_equal(baseline_verdict(two, 2, 1u << bit, &out, &rep), -EINVAL);
		assert_int_equal(check_verdict(a, a, 1u << bit, &rep), -EINVAL);
	}
	assert_int_equal(check_verdict(NULL, a, 0, &rep), -EINVAL);
	assert_int_equal(check_verdict(a, NULL, 0, &rep), -EINVAL);
	/* The verdict has its own out-parameter, required, untouched on error. */
	may_move = true;
	assert_int_equal(hvabi_check(a, a, 0, NULL, &rep), -EINVAL);
	assert_int_equal(hvabi_check(NULL, a, 0, &may_move, &rep), -EINVAL);
	assert_true(may_move);
	may_move = false;
	assert_int_equal(hvabi_baseline(NULL, 1, 0, &out, &may_move, &rep), -EINVAL);
	assert_false(may_move);
	assert_ptr_equal(out, UNTOUCHED);
	assert_ptr_equal(rep, UNTOUCHED);
	assert_int_equal(hvabi_check(a, a, 0, &may_move, NULL), 0);
	assert_true(may_move);
	/* Baseline's verdict may be left out: the set is what it makes. */
	assert_int_equal(hvabi_baseline(two, 2, 0, &out, NULL, NULL), 0);
	hvabi_featureset_free(out);
	out = UNTOUCHED;
	/* Other architectures: not an argument error but a blocking answer. */
	assert_int_equal(check_verdict(a, x, 0, &r2), 0);
	assert_int_equal(hvabi_report_count(r2), 1);
	assert_int_equal(hvabi_report_get_item(r2, 0, &it, sizeof(it)), 0);
	assert_int_equal(it.reason, HVABI_REASON_ARCH_MISMATCH);
	assert_int_equal(hvabi_report_get_item(r2, 1, &it, sizeof(it)), -ENOENT);
	assert_int_equal(hvabi_report_get_item(r2, 0, NULL, sizeof(struct hvabi_report_item)), -EINVAL);
	assert_int_equal(hvabi_report_get_item(r2, 0, &it, sizeof(it) - 1), -EINVAL);
	{
		unsigned char big[sizeof(struct hvabi_report_item) + 8];

		memset(big, 0xa5, sizeof(big));
		assert_int_equal(hvabi_report_get_item(r2, 0, (struct hvabi_report_item *)big,
						       sizeof(big)), 0);
		assert_int_equal(((struct hvabi_report_item *)big)->reason,
				 HVABI_REASON_ARCH_MISMATCH);
		for (len = sizeof(struct hvabi_report_item); len < sizeof(big); len++)
			assert_int_equal(big[len], 0);
	}
	assert_int_equal(hvabi_report_ok(r2), 0);
	assert_int_equal(hvabi_report_to_text_alloc(NULL, &text), -EINVAL);
	assert_int_equal(hvabi_report_to_text_alloc(r2, NULL), -EINVAL);
	assert_int_equal(hvabi_report_to_json_alloc(NULL, &text), -EINVAL);
	assert_int_equal(hvabi_report_to_json_alloc(r2, NULL), -EINVAL);
	assert_int_equal(hvabi_report_to_text_alloc(r2, &text), 0);
	assert_non_null(strstr(text, "arch-mismatch"));
	free(text);
	assert_int_equal(hvabi_report_to_json_alloc(r2, &text), 0);
	assert_non_null(strstr(text, "\"ok\": false"));
	free(text);
	len = 3;
	assert_int_equal(hvabi_report_to_text(r2, buf, NULL), -EINVAL);
	assert_int_equal(hvabi_report_to_json(r2, buf, NULL), -EINVAL);
	len = 0;
	assert_int_equal(hvabi_report_to_text(r2, buf, &len), -ERANGE);
	assert_true(len > 1);
	len = 0;
	assert_int_equal(hvabi_report_to_json(r2, NULL, &len), -ERANGE);
	assert_true(len > 1);
	assert_int_equal(check_verdict(a, x, 0, NULL), 0);
	hvabi_report_free(r2);

	assert_int_equal(hvabi_cpuid_restrict(NULL, &c, 1), -EINVAL);
	assert_int_equal(hvabi_cpuid_restrict(x, NULL, 1), -EINVAL);
	assert_int_equal(hvabi_cpuid_restrict(a, &c, 1), -EINVAL);
	assert_int_equal(hvabi_cpuid_restrict(x, &c, 1), -EINVAL); /* reserved != 0 */
	assert_int_equal(c.eax, 0);
	assert_int_equal(hvabi_cpuid_restrict(x, NULL, 0), 0);
	hvabi_featureset_free(a);
	hvabi_featureset_free(x);
}

/* ---- negotiate.h: plan and apply ---- */

/* ---- the implementation list (featureset.h, catalog.h, apply.h) ---- */

static void test_api_impls(void **state)
{
	static const struct hvabi_impl two[] = {
		{ 0x411fd401, 0x1, 0x0 }, { 0x000f0510, 0x0, 0x0 }, { 0x411fd401, 0x1, 0x0 },
	};
	struct hvabi_featureset *a = NULL, *x = NULL;
	struct hvabi_key midr = hvabi_key_reg(HVABI_ARM64_SYS_REG(3, 0, 0, 0, 0));
	struct hvabi_impl got[HVABI_IMPLS_MAX + 1], wide = { 1ull << 32, 0, 0 };
	const uint64_t args[3] = { 0, 0, 0 };
	uint64_t ret[4] = { 7, 7, 7, 7 };
	struct hvabi_entry e;
	char name[48];
	size_t n;

	(void)state;
	assert_int_equal(hvabi_featureset_new(HVABI_ARCH_ARM64, &a), 0);
	assert_int_equal(hvabi_featureset_new(HVABI_ARCH_X86_64, &x), 0);
	/* get: arguments, another arch, a set that does not say, the size query */
	n = 1;
	assert_int_equal(hvabi_featureset_get_impls(NULL, got, &n), -EINVAL);
	assert_int_equal(hvabi_featureset_get_impls(a, got, NULL), -EINVAL);
	assert_int_equal(hvabi_featureset_get_impls(x, got, &n), -EINVAL);
	assert_int_equal(hvabi_featureset_get_impls(a, got, &n), -ENOENT);
	assert_int_equal(hvabi_featureset_set_value(a, &midr, 0x413fd0c1), 0);
	n = 0;
	assert_int_equal(hvabi_featureset_get_impls(a, NULL, &n), -ERANGE);
	assert_int_equal(n, 1);
	assert_int_equal(hvabi_featureset_get_impls(a, got, &n), 0);
	assert_int_equal(got[0].midr, 0x413fd0c1);
	assert_int_equal(got[0].revidr | got[0].aidr, 0);
	/* set: arguments, bounds, a MIDR KVM would not take */
	assert_int_equal(hvabi_featureset_set_impls(NULL, two, 2), -EINVAL);
	assert_int_equal(hvabi_featureset_set_impls(a, NULL, 2), -EINVAL);
	assert_int_equal(hvabi_featureset_set_impls(x, two, 2), -EINVAL);
	assert_int_equal(hvabi_featureset_set_impls(a, two, 0), -EINVAL);
	memset(got, 0, sizeof(got));
	assert_int_equal(hvabi_featureset_set_impls(a, got, HVABI_IMPLS_MAX + 1), -EINVAL);
	assert_int_equal(hvabi_featureset_set_impls(a, &wide, 1), -EINVAL);
	/* sorted, repeats folded */
	assert_int_equal(hvabi_featureset_set_impls(a, two, 3), 0);
	n = 1;
	assert_int_equal(hvabi_featureset_get_impls(a, got, &n), -ERANGE);
	assert_int_equal(n, 2);
	assert_int_equal(hvabi_featureset_get_impls(a, got, &n), 0);
	assert_int_equal(got[0].midr, 0x000f0510);
	assert_int_equal(got[1].midr, 0x411fd401);
	assert_int_equal(got[1].revidr, 1);
	/* pin */
	assert_int_equal(hvabi_impl_pin(NULL, 0), -EINVAL);
	assert_int_equal(hvabi_impl_pin(x, 0), -EINVAL);
	assert_int_equal(hvabi_impl_pin(a, 2), -ENOENT);
	assert_int_equal(hvabi_impl_pin(a, 1), 0);
	assert_int_equal(hvabi_featureset_find(a, &midr, &e), 0);
	assert_int_equal(e.value, 0x411fd401);
	/* CPU names: the buffer rule */
	assert_int_equal(hvabi_catalog_cpu_name(0x411fd401, name, NULL), -EINVAL);
	n = 4;
	assert_int_equal(hvabi_catalog_cpu_name(0x411fd401, NULL, &n), -EINVAL);
	n = 4;
	assert_int_equal(hvabi_catalog_cpu_name(0x411fd401, name, &n), -ERANGE);
	assert_int_equal(n, strlen("Neoverse V1 r1p1"));
	assert_string_equal(name, "");
	n = sizeof(name);
	assert_int_equal(hvabi_catalog_cpu_name(0x411fd401, name, &n), 0);
	assert_string_equal(name, "Neoverse V1 r1p1");
	n = sizeof(name);
	assert_int_equal(hvabi_catalog_cpu_name(0x000f0510, name, &n), 0);
	assert_string_equal(name, "QEMU max r0p0");
	n = sizeof(name);
	assert_int_equal(hvabi_catalog_cpu_name(0x510f8000, name, &n), 0);
	assert_string_equal(name, "implementer 0x51 part 0x800 r0p0");
	/* answers: arguments, calls it does not answer, a list not told */
	assert_int_equal(hvabi_smccc_answer(NULL, HVABI_SMCCC_KVM_DISCOVER_IMPL_VER, args, ret),
			 -EINVAL);
	assert_int_equal(hvabi_smccc_answer(a, HVABI_SMCCC_KVM_DISCOVER_IMPL_VER, NULL, ret),
			 -EINVAL);
	assert_int_equal(hvabi_smccc_answer(a, HVABI_SMCCC_KVM_DISCOVER_IMPL_VER, args, NULL),
			 -EINVAL);
	assert_int_equal(hvabi_smccc_answer(x, HVABI_SMCCC_KVM_DISCOVER_IMPL_VER, args, ret),
			 -EINVAL);
	assert_int_equal(hvabi_smccc_answer(a, 0x86000000, args, ret), -ENOENT);
	assert_int_equal(ret[0], 7);
	assert_int_equal(hvabi_smccc_answer(a, HVABI_SMCCC_KVM_DISCOVER_IMPL_VER, args, ret), 0);
	assert_int_equal(ret[0], UINT64_MAX);
	assert_int_equal(ret[1] | ret[2] | ret[3], 0);
	{
		struct test_vm v, none, old;
		int fd = -1;

		test_vm_open(&v, "arm64-7.2", 0);
		test_vm_open(&none, "arm64-6.12", 0);
		test_vm_open(&old, "arm64-7.2", 1);
		assert_int_equal(hvabi_vm_prepare(NULL, a, v.vm_fd), -EINVAL);
		assert_int_equal(hvabi_vm_prepare(v.kvm, NULL, v.vm_fd), -EINVAL);
		assert_int_equal(hvabi_vm_prepare(v.kvm, a, -1), -EINVAL);
		assert_int_equal(hvabi_vm_prepare(v.kvm, x, v.vm_fd), -EINVAL);
		/* a list of two: the kernel must have cap 239, and the VM no vCPU yet */
		assert_int_equal(hvabi_vm_prepare(none.kvm, a, none.vm_fd), -EOPNOTSUPP);
		assert_int_equal(hvabi_vm_prepare(old.kvm, a, old.vm_fd), -EBUSY);
		assert_int_equal(hvabi_vm_prepare(v.kvm, a, v.vm_fd), 0);
		/* a set of one CPU needs nothing */
		assert_int_equal(hvabi_featureset_set_impls(a, two, 1), 0);
		assert_int_equal(hvabi_vm_prepare(none.kvm, a, none.vm_fd), 0);
		assert_int_equal(hvabi_kvm_smccc_exit(NULL, a, old.vcpus[0], 0xc6000040), -EINVAL);
		assert_int_equal(hvabi_kvm_smccc_exit(old.kvm, NULL, old.vcpus[0], 0xc6000040),
				 -EINVAL);
		assert_int_equal(hvabi_kvm_smccc_exit(old.kvm, a, -1, 0xc6000040), -EINVAL);
		assert_int_equal(hvabi_kvm_smccc_exit(old.kvm, x, old.vcpus[0], 0xc6000040), -EINVAL);
		assert_int_equal(hvabi_kvm_smccc_exit(old.kvm, a, old.vcpus[0], 0x86000000), -ENOENT);
		/* a register KVM refuses: its errno */
		assert_int_equal(hvabi_kvm_smccc_exit(old.kvm, a, fd = 1000, 0xc6000040), -EBADF);
		test_vm_close(&old);
		test_vm_close(&none);
		test_vm_close(&v);
	}
	hvabi_featureset_free(x);
	hvabi_featureset_free(a);
}

static void test_api_apply(void **state)
{
	struct hvabi_featureset *set = test_sim_probe("arm64-6.1");
	struct hvabi_featureset *x86 = test_sim_probe("x86-6.1"), *rv = test_sim_probe("riscv-6.6");
	struct hvabi_plan *plan = UNTOUCHED, *ok = NULL;
	struct hvabi_report *rep = UNTOUCHED;
	struct hvabi_apply_opts opts;
	struct hvabi_plan_step step;
	struct hvabi_cpuid_entry c;
	int bad = -1;
	char buf[4], *text;
	size_t len;
	struct test_vm v;

	(void)state;
	test_vm_open(&v, "arm64-6.1", 1);
#define BOTH(expect, ...)                                                           \
	do {                                                                        \
		assert_int_equal(hvabi_plan_new(__VA_ARGS__, &plan), expect);        \
	} while (0)
	BOTH(-EINVAL, NULL, set, v.vm_fd, v.vcpus, 1, NULL);
	BOTH(-EINVAL, v.kvm, NULL, v.vm_fd, v.vcpus, 1, NULL);
	BOTH(-EINVAL, v.kvm, set, -1, v.vcpus, 1, NULL);
	BOTH(-EINVAL, v.kvm, set, v.vm_fd, NULL, 1, NULL);
	BOTH(-EINVAL, v.kvm, set, v.vm_fd, v.vcpus, 0, NULL);
	BOTH(-EINVAL, v.kvm, set, v.vm_fd, &bad, 1, NULL);
	/* Sets of another architecture than the KVM's. */
	BOTH(-EINVAL, v.kvm, x86, v.vm_fd, v.vcpus, 1, NULL);
	BOTH(-EINVAL, v.kvm, rv, v.vm_fd, v.vcpus, 1, NULL);
	{
		uint32_t f = 0xdead;

		assert_int_equal(hvabi_vcpu_features(NULL, &f), -EINVAL);
		assert_int_equal(hvabi_vcpu_features(set, NULL), -EINVAL);
		assert_int_equal(hvabi_vcpu_features(x86, &f), -EINVAL);
		assert_int_equal(f, 0xdead);
		assert_int_equal(hvabi_vcpu_features(set, &f), 0);
		assert_int_equal(f, 1u << HVABI_KVM_ARM_VCPU_PSCI_0_2);
		assert_int_equal(hvabi_vcpu_finalize(NULL, set, v.vcpus[0]), -EINVAL);
		assert_int_equal(hvabi_vcpu_finalize(v.kvm, NULL, v.vcpus[0]), -EINVAL);
		assert_int_equal(hvabi_vcpu_finalize(v.kvm, set, -1), -EINVAL);
		assert_int_equal(hvabi_vcpu_finalize(v.kvm, x86, v.vcpus[0]), -EINVAL);
		/* no SVE in the set: nothing to do */
		assert_int_equal(hvabi_vcpu_finalize(v.kvm, set, v.vcpus[0]), 0);
	}
	memset(&opts, 0, sizeof(opts));
	BOTH(-EINVAL, v.kvm, set, v.vm_fd, v.vcpus, 1, &opts); /* sz 0 */
	opts.sz = offsetof(struct hvabi_apply_opts, apic_ids) - 1;
	BOTH(-EINVAL, v.kvm, set, v.vm_fd, v.vcpus, 1, &opts);
	/* A caller of the first header: apic_ids past its sz is not read. */
	{
		static const uint32_t ids[1] = { 7 };
		struct {
			struct hvabi_apply_opts o;
			uint64_t newer;
		} big;

		opts.apic_ids = ids; /* for arm64: refused where read */
		opts.sz = offsetof(struct hvabi_apply_opts, apic_ids);
		assert_int_equal(hvabi_plan_new(v.kvm, set, v.vm_fd, v.vcpus, 1, &opts, &plan),
				 0);
		hvabi_plan_free(plan);
		plan = UNTOUCHED;
		opts.sz = sizeof(opts);
		BOTH(-EINVAL, v.kvm, set, v.vm_fd, v.vcpus, 1, &opts);
		opts.apic_ids = NULL;
		/* A newer caller's fields this library does not know must be zero. */
		memset(&big, 0, sizeof(big));
		big.o.sz = sizeof(big);
		big.newer = 1;
		BOTH(-EINVAL, v.kvm, set, v.vm_fd, v.vcpus, 1, &big.o);
		big.newer = 0;
		assert_int_equal(hvabi_plan_new(v.kvm, set, v.vm_fd, v.vcpus, 1, &big.o, &plan),
				 0);
		hvabi_plan_free(plan);
		plan = UNTOUCHED;
	}
	opts.sz = sizeof(opts);
	opts.ncpuid = 1; /* a count without its table */
	BOTH(-EINVAL, v.kvm, set, v.vm_fd, v.vcpus, 1, &opts);
	memset(&c, 0, sizeof(c));
	opts.cpuid = &c; /* a CPUID table for arm64 */
	BOTH(-EINVAL, v.kvm, set, v.vm_fd, v.vcpus, 1, &opts);
	assert_int_equal(hvabi_plan_new(v.kvm, set, v.vm_fd, v.vcpus, 1, NULL, NULL), -EINVAL);
	assert_ptr_equal(plan, UNTOUCHED);

	assert_int_equal(hvabi_apply(NULL, set, v.vm_fd, v.vcpus, 1, NULL, &rep), -EINVAL);
	assert_int_equal(hvabi_apply(v.kvm, NULL, v.vm_fd, v.vcpus, 1, NULL, &rep), -EINVAL);
	assert_int_equal(hvabi_apply(v.kvm, x86, v.vm_fd, v.vcpus, 1, NULL, &rep), -EINVAL);
	assert_int_equal(hvabi_apply(v.kvm, set, v.vm_fd, v.vcpus, 0, NULL, &rep), -EINVAL);
	assert_int_equal(hvabi_apply(v.kvm, set, v.vm_fd, NULL, 1, NULL, &rep), -EINVAL);
	assert_ptr_equal(rep, UNTOUCHED);
	/* Nothing was written by any of them. */
	{
		struct hvabi_kvm_stats st;

		assert_int_equal(hvabi_kvm_get_stats(v.kvm, &st, sizeof(st)), 0);
		assert_int_equal(st.set_one_reg, 0);
	}

	hvabi_plan_free(NULL);
	assert_int_equal(hvabi_plan_count(NULL), 0);
	assert_int_equal(hvabi_plan_get_step(NULL, 0, &step, sizeof(step)), -EINVAL);
	len = 2;
	assert_int_equal(hvabi_plan_to_text(NULL, buf, &len), -EINVAL);
	assert_int_equal(len, 2);
	assert_int_equal(hvabi_plan_execute(NULL, &rep), -EINVAL);
	assert_int_equal(hvabi_plan_new(v.kvm, set, v.vm_fd, v.vcpus, 1, NULL, &ok), 0);
	assert_int_equal(hvabi_plan_get_step(ok, 0, NULL, sizeof(struct hvabi_plan_step)), -EINVAL);
	assert_int_equal(hvabi_plan_get_step(ok, SIZE_MAX, &step, sizeof(step)), -ENOENT);
	assert_int_equal(hvabi_plan_get_step(ok, 0, &step, sizeof(step) - 1), -EINVAL);
	assert_int_equal(hvabi_plan_get_step(ok, 0, &step, sizeof(step)), 0);
	assert_int_equal(hvabi_plan_to_text_alloc(NULL, &text), -EINVAL);
	assert_int_equal(hvabi_plan_to_text_alloc(ok, NULL), -EINVAL);
	assert_int_equal(hvabi_plan_to_text_alloc(ok, &text), 0);
	assert_true(strlen(text) > 0);
	free(text);
	assert_int_equal(hvabi_plan_to_text(ok, buf, NULL), -EINVAL);
	len = 0;
	assert_int_equal(hvabi_plan_to_text(ok, buf, &len), -ERANGE);
	assert_true(len > sizeof(buf));
	assert_int_equal(hvabi_plan_execute(ok, NULL), 0);
	assert_int_equal(hvabi_plan_execute(ok, &rep), -EINVAL);
	assert_ptr_equal(rep, UNTOUCHED);
	hvabi_plan_free(ok);
	test_vm_close(&v);
	hvabi_featureset_free(set);
	hvabi_featureset_free(x86);
	hvabi_featureset_free(rv);
}

/* ---- sim.h ---- */

/*
 * A KVM handle holds its simulator: freeing the two in either order, with
 * fds of each still open, leaks nothing and touches nothing freed (ASan
 * and valgrind run this).
 */
static void test_api_sim_lifetimes(void **state)
{
	struct hvabi_featureset *fs = NULL;
	struct hvabi_sim *sim = NULL;
	struct hvabi_kvm *kvm = NULL;
	int order;

	(void)state;
	for (order = 0; order < 2; order++) {
		assert_int_equal(hvabi_sim_new("arm64-7.2", &sim), 0);
		assert_int_equal(hvabi_kvm_new_from_sim(sim, &kvm), 0);
		assert_true(hvabi_sim_open_kvm_fd(sim) >= 0);
		if (order == 0) {
			hvabi_sim_free(sim);
			/* the handle still works on the simulator it holds */
			assert_int_equal(hvabi_kvm_probe(kvm, 0, &fs), 0);
			hvabi_featureset_free(fs);
			hvabi_kvm_free(kvm);
		} else {
			hvabi_kvm_free(kvm);
			assert_int_equal(hvabi_sim_count_open_fds(sim), 1);
			hvabi_sim_free(sim);
		}
	}
}

static void test_api_sim(void **state)
{
	struct hvabi_sim *sim = UNTOUCHED, *s = NULL;
	struct hvabi_kvm *kvm = UNTOUCHED;
	struct hvabi_key k = hvabi_key_reg(HVABI_KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1);
	struct hvabi_key none = hvabi_key_reg(0x6030000000149999ull);
	void *area = UNTOUCHED;
	int fd;

	(void)state;
	assert_null(hvabi_sim_model_name(SIZE_MAX));
	assert_int_equal(hvabi_sim_new(NULL, &sim), -EINVAL);
	assert_int_equal(hvabi_sim_new("arm64-6.1", NULL), -EINVAL);
	assert_int_equal(hvabi_sim_new("", &sim), -ENOENT);
	assert_int_equal(hvabi_sim_new("arm64-6.1 ", &sim), -ENOENT);
	assert_ptr_equal(sim, UNTOUCHED);
	hvabi_sim_free(NULL);
	assert_int_equal(hvabi_sim_get_arch(NULL), HVABI_ARCH_NONE);
	assert_null(hvabi_sim_get_release(NULL));
	assert_int_equal(hvabi_sim_open_kvm_fd(NULL), -EINVAL);
	assert_int_equal(hvabi_sim_ioctl(NULL, 0, HVABI_KVM_GET_API_VERSION, NULL), -EINVAL);
	assert_int_equal(hvabi_sim_run(NULL, 0), -EINVAL);
	assert_int_equal(hvabi_sim_map_run(NULL, 0, &area), -EINVAL);
	assert_int_equal(hvabi_sim_close(NULL, 0), -EINVAL);
	assert_int_equal(hvabi_sim_count_open_fds(NULL), 0);
	assert_int_equal(hvabi_sim_inject_error(NULL, 1, -EIO), -EINVAL);
	assert_int_equal(hvabi_kvm_new_from_sim(NULL, &kvm), -EINVAL);
	assert_ptr_equal(kvm, UNTOUCHED);

	assert_int_equal(hvabi_sim_new("arm64-6.1", &s), 0);
	assert_int_equal(hvabi_kvm_new_from_sim(s, NULL), -EINVAL);
	assert_int_equal(hvabi_sim_set_host(NULL, &k, 1), -EINVAL);
	assert_int_equal(hvabi_sim_set_host(s, NULL, 1), -EINVAL);
	assert_int_equal(hvabi_sim_set_host(s, &none, 1), -ENOENT);
	assert_int_equal(hvabi_sim_inject_error(s, 1, 0), -EINVAL);
	assert_int_equal(hvabi_sim_inject_error(s, 1, 5), -EINVAL);
	assert_int_equal(hvabi_sim_inject_error(s, 1, -4096), -EINVAL);
	assert_int_equal(hvabi_sim_inject_error(s, 0, 0), 0);
	/* Fds it never handed out. */
	assert_int_equal(hvabi_sim_ioctl(s, -1, HVABI_KVM_GET_API_VERSION, NULL), -EBADF);
	assert_int_equal(hvabi_sim_ioctl(s, 0, HVABI_KVM_GET_API_VERSION, NULL), -EBADF);
	assert_int_equal(hvabi_sim_ioctl(s, INT32_MAX, HVABI_KVM_GET_API_VERSION, NULL), -EBADF);
	assert_int_equal(hvabi_sim_close(s, -1), -EBADF);
	assert_int_equal(hvabi_sim_close(s, INT32_MAX), -EBADF);
	assert_int_equal(hvabi_sim_run(s, -1), -EBADF);
	assert_int_equal(hvabi_sim_map_run(s, -1, &area), -EBADF);
	assert_ptr_equal(area, UNTOUCHED);
	fd = hvabi_sim_open_kvm_fd(s);
	assert_int_equal(hvabi_sim_map_run(s, fd, &area), -ENODEV);
	assert_int_equal(hvabi_sim_map_run(s, fd, NULL), -EINVAL);
	assert_int_equal(hvabi_sim_close(s, fd), 0);
	assert_int_equal(hvabi_sim_count_open_fds(s), 0);
	hvabi_sim_free(s);
}

/*
 * The simulator takes pointers from its caller as the kernel does: NULL
 * (or a NULL address inside a structure) is EFAULT, never a crash; an
 * ioctl a kind of fd does not know is refused.
 */
static void test_api_sim_ioctl_pointers(void **state)
{
	static const unsigned long with_arg[] = {
		HVABI_KVM_GET_MSR_INDEX_LIST, HVABI_KVM_GET_SUPPORTED_CPUID,
		HVABI_KVM_GET_MSR_FEATURE_INDEX_LIST, HVABI_KVM_GET_MSRS, HVABI_KVM_SET_CPUID2,
		HVABI_KVM_GET_CPUID2, HVABI_KVM_ENABLE_CAP, HVABI_KVM_GET_ONE_REG,
		HVABI_KVM_SET_ONE_REG, HVABI_KVM_ARM_VCPU_INIT, HVABI_KVM_ARM_PREFERRED_TARGET,
		HVABI_KVM_GET_REG_LIST, HVABI_KVM_ARM_GET_REG_WRITABLE_MASKS,
		HVABI_KVM_GET_SUPPORTED_HV_CPUID, HVABI_KVM_ARM_VCPU_FINALIZE,
		HVABI_KVM_SET_DEVICE_ATTR, HVABI_KVM_GET_DEVICE_ATTR, HVABI_KVM_HAS_DEVICE_ATTR,
		HVABI_KVM_GET_EMULATED_CPUID, HVABI_KVM_SET_MSRS,
		HVABI_KVM_SET_USER_MEMORY_REGION,
	};
	const char *model;
	size_t m, i;

	(void)state;
	for (m = 0; (model = hvabi_sim_model_name(m)); m++) {
		struct test_vm v;
		struct hvabi_kvm_one_reg one = { HVABI_KVM_REG_ARM_PSCI_VERSION, 0 };
		struct hvabi_kvm_device_attr attr;
		int fds[3], f;

		test_vm_open(&v, model, 1);
		fds[0] = hvabi_kvm_get_fd(v.kvm);
		fds[1] = v.vm_fd;
		fds[2] = v.vcpus[0];
		for (f = 0; f < 3; f++) {
			for (i = 0; i < ARRAY_SIZE(with_arg); i++) {
				int r = hvabi_sim_ioctl(v.sim, fds[f], with_arg[i], NULL);

				if (r >= 0)
					fail_msg("%s: ioctl 0x%lx on fd %d with a NULL argument "
						 "returned %d", model, with_arg[i], f, r);
			}
			/* Numbers no KVM has. */
			assert_true(hvabi_sim_ioctl(v.sim, fds[f], 0, NULL) < 0);
			assert_true(hvabi_sim_ioctl(v.sim, fds[f], ~0ul, NULL) < 0);
		}
		/* A register or attribute whose address is NULL. */
		assert_true(hvabi_sim_ioctl(v.sim, v.vcpus[0], HVABI_KVM_GET_ONE_REG, &one) < 0);
		assert_true(hvabi_sim_ioctl(v.sim, v.vcpus[0], HVABI_KVM_SET_ONE_REG, &one) < 0);
		memset(&attr, 0, sizeof(attr));
		attr.group = HVABI_KVM_ARM_VM_SMCCC_CTRL;
		attr.attr = HVABI_KVM_ARM_VM_SMCCC_FILTER;
		assert_true(hvabi_sim_ioctl(v.sim, v.vm_fd, HVABI_KVM_SET_DEVICE_ATTR, &attr) < 0);
		assert_int_equal(hvabi_sim_run(v.sim, v.vm_fd), -EBADF);
		assert_int_equal(hvabi_sim_count_open_fds(v.sim), 3);
		assert_int_equal(hvabi_sim_close(v.sim, v.vcpus[0]), 0);
		assert_int_equal(hvabi_sim_close(v.sim, v.vcpus[0]), -EBADF);
		v.n = 0; /* closed above */
		test_vm_close(&v);
	}
}

/* ---- the version script ---- */

static void test_api_covers_every_export(void **state)
{
	char *line = NULL;
	size_t cap = 0, n = 0, i;
	bool global = false;
	char missing[128] = "";
	FILE *f;

	(void)state;
	if (!sym_path)
		skip();
	f = fopen(sym_path, "r");
	assert_non_null(f);
	while (getline(&line, &cap, f) > 0) {
		char name[128];

		if (strstr(line, "global:"))
			global = true;
		else if (strstr(line, "local:"))
			global = false;
		if (!global || sscanf(line, " %127[a-z0-9_];", name) != 1 ||
		    strncmp(name, "hvabi_", 6))
			continue;
		n++;
		for (i = 0; i < ARRAY_SIZE(covered); i++)
			if (!strcmp(covered[i], name))
				break;
		if (i == ARRAY_SIZE(covered) && !missing[0])
			snprintf(missing, sizeof(missing), "%s", name);
	}
	free(line);
	fclose(f);
	if (missing[0])
		fail_msg("%s is exported but not called by test-api-args.c", missing);
	assert_int_equal(n, ARRAY_SIZE(covered));
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_api_covers_every_export),
		cmocka_unit_test(test_api_featureset),
		cmocka_unit_test(test_api_catalog),
		cmocka_unit_test(test_api_codec),
		cmocka_unit_test(test_api_kvm),
		cmocka_unit_test(test_api_negotiate),
		cmocka_unit_test(test_api_impls),
		cmocka_unit_test(test_api_apply),
		cmocka_unit_test(test_api_sim),
		cmocka_unit_test(test_api_sim_lifetimes),
		cmocka_unit_test(test_api_sim_ioctl_pointers),
	};

	sym_path = argc > 1 ? argv[1] : NULL;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
