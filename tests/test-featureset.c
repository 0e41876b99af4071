/* Unit tests of the feature-set object (lib/featureset.c). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "internal.h"
#include "kvm-uapi.h"

static struct hvabi_featureset *new_set(enum hvabi_arch arch)
{
	struct hvabi_featureset *fs = NULL;

	assert_int_equal(hvabi_featureset_new(arch, &fs), 0);
	assert_non_null(fs);
	return fs;
}

static void test_featureset_new_rejects_bad_arguments(void **state)
{
	struct hvabi_featureset *fs = (void *)0x1;

	(void)state;
	assert_int_equal(hvabi_featureset_new(HVABI_ARCH_NONE, &fs), -EINVAL);
	assert_int_equal(hvabi_featureset_new((enum hvabi_arch)9, &fs), -EINVAL);
	assert_ptr_equal(fs, (void *)0x1);
	assert_int_equal(hvabi_featureset_new(HVABI_ARCH_ARM64, NULL), -EINVAL);
	hvabi_featureset_free(NULL);
}

static void test_featureset_null_queries(void **state)
{
	struct hvabi_entry e;
	struct hvabi_key k = hvabi_key_reg(1);

	(void)state;
	assert_int_equal(hvabi_featureset_get_arch(NULL), HVABI_ARCH_NONE);
	assert_null(hvabi_featureset_get_kernel_release(NULL));
	assert_int_equal(hvabi_featureset_get_origin(NULL), HVABI_ORIGIN_NONE);
	assert_int_equal(hvabi_featureset_count(NULL), 0);
	assert_int_equal(hvabi_featureset_get_entry(NULL, 0, &e), -EINVAL);
	assert_int_equal(hvabi_featureset_find(NULL, &k, &e), -EINVAL);
	assert_int_equal(hvabi_featureset_put(NULL, &e), -EINVAL);
	assert_int_equal(hvabi_featureset_set_value(NULL, &k, 1), -EINVAL);
	assert_int_equal(hvabi_featureset_remove(NULL, &k), -EINVAL);
	assert_int_equal(hvabi_featureset_copy(NULL, NULL), -EINVAL);
	assert_int_equal(hvabi_featureset_set_kernel_release(NULL, "6.1"), -EINVAL);
	assert_int_equal(hvabi_featureset_set_origin(NULL, HVABI_ORIGIN_PROBED), -EINVAL);
	assert_int_equal(hvabi_featureset_equal(NULL, NULL), -EINVAL);
	assert_int_equal(hvabi_entry_init(NULL, HVABI_ARCH_ARM64, &k), -EINVAL);
}

static void test_featureset_metadata(void **state)
{
	struct hvabi_featureset *fs = new_set(HVABI_ARCH_ARM64);
	char longrel[80];

	(void)state;
	assert_string_equal(hvabi_featureset_get_kernel_release(fs), "");
	assert_int_equal(hvabi_featureset_set_kernel_release(fs, "6.12.48+deb13-arm64"), 0);
	assert_string_equal(hvabi_featureset_get_kernel_release(fs), "6.12.48+deb13-arm64");
	memset(longrel, 'a', sizeof(longrel) - 1);
	longrel[sizeof(longrel) - 1] = '\0';
	assert_int_equal(hvabi_featureset_set_kernel_release(fs, longrel), -EINVAL);
	assert_int_equal(hvabi_featureset_set_kernel_release(fs, "6.1 x"), -EINVAL);
	assert_int_equal(hvabi_featureset_set_kernel_release(fs, "6.1\n"), -EINVAL);
	assert_string_equal(hvabi_featureset_get_kernel_release(fs), "6.12.48+deb13-arm64");
	assert_int_equal(hvabi_featureset_set_kernel_release(fs, NULL), 0);
	assert_string_equal(hvabi_featureset_get_kernel_release(fs), "");
	assert_int_equal(hvabi_featureset_set_origin(fs, HVABI_ORIGIN_SIMULATED), 0);
	assert_int_equal(hvabi_featureset_get_origin(fs), HVABI_ORIGIN_SIMULATED);
	assert_int_equal(hvabi_featureset_set_origin(fs, (enum hvabi_origin)17), -EINVAL);
	assert_int_equal(hvabi_featureset_get_origin(fs), HVABI_ORIGIN_SIMULATED);
	assert_int_equal(hvabi_featureset_get_arch(fs), HVABI_ARCH_ARM64);
	hvabi_featureset_free(fs);
}

static void test_featureset_entries_sorted_and_unique(void **state)
{
	struct hvabi_featureset *fs = new_set(HVABI_ARCH_ARM64);
	struct hvabi_key keys[] = {
		hvabi_key_reg(HVABI_KVM_REG_ARM_VENDOR_HYP_BMAP_2),
		hvabi_key_reg(HVABI_KVM_REG_ARM_PSCI_VERSION),
		hvabi_key_cap(230),
		hvabi_key_attr(HVABI_ATTR_VM, 0, 0),
		hvabi_key_reg(HVABI_KVM_REG_ARM_STD_BMAP),
	};
	struct hvabi_entry e, prev;
	size_t i;

	(void)state;
	for (i = 0; i < HVABI_ARRAY_SIZE(keys); i++)
		if (keys[i].ns != HVABI_NS_ATTR)
			assert_int_equal(hvabi_featureset_set_value(fs, &keys[i], i), 0);
	/* Setting again replaces, never duplicates. */
	assert_int_equal(hvabi_featureset_set_value(fs, &keys[1], 0x10003), 0);
	assert_int_equal(hvabi_featureset_count(fs), 4);
	for (i = 0; i < hvabi_featureset_count(fs); i++) {
		assert_int_equal(hvabi_featureset_get_entry(fs, i, &e), 0);
		if (i)
			assert_true(hvabi_key_compare(&prev.key, &e.key) < 0);
		prev = e;
	}
	assert_int_equal(hvabi_featureset_get_entry(fs, 4, &e), -ENOENT);
	assert_int_equal(hvabi_featureset_find(fs, &keys[1], &e), 0);
	assert_int_equal(e.value, 0x10003);
	assert_int_equal(e.kind, HVABI_KIND_VERSION);
	assert_int_equal(e.scope, HVABI_SCOPE_VM);
	assert_int_equal(hvabi_featureset_find(fs, &keys[3], NULL), -ENOENT);
	assert_int_equal(hvabi_featureset_remove(fs, &keys[0]), 0);
	assert_int_equal(hvabi_featureset_remove(fs, &keys[0]), -ENOENT);
	assert_int_equal(hvabi_featureset_count(fs), 3);
	hvabi_featureset_free(fs);
}

static void test_featureset_unknown_entry_is_exact_with_its_width(void **state)
{
	struct hvabi_featureset *fs = new_set(HVABI_ARCH_ARM64);
	struct hvabi_key k32 = hvabi_key_reg(0x6020000000110080ull); /* a U32 demux reg, no CSSELR */
	struct hvabi_entry e;

	(void)state;
	assert_int_equal(hvabi_entry_init(&e, HVABI_ARCH_ARM64, &k32), 0);
	assert_int_equal(e.kind, HVABI_KIND_EXACT);
	assert_int_equal(e.width, 4);
	assert_int_equal(hvabi_featureset_set_value(fs, &k32, 0x1ffffffffull), -EINVAL);
	assert_int_equal(hvabi_featureset_set_value(fs, &k32, 0x1a), 0);
	assert_int_equal(hvabi_featureset_set_value(fs, &k32, 0x100000000ull), -EINVAL);
	assert_int_equal(hvabi_featureset_find(fs, &k32, &e), 0);
	assert_int_equal(e.value, 0x1a);
	hvabi_featureset_free(fs);
}

static void test_featureset_put_validates(void **state)
{
	struct hvabi_featureset *fs = new_set(HVABI_ARCH_ARM64);
	struct hvabi_key k = hvabi_key_reg(HVABI_KVM_REG_ARM_STD_BMAP);
	struct hvabi_range ranges[2] = { { 0xc6000040, 2, HVABI_RANGE_FWD_TO_USER, { 0 } },
					 { 0xc6000050, 1, HVABI_RANGE_DENY, { 0 } } };
	uint8_t wide[16] = { 1, 2, 3 };
	struct hvabi_entry e, base;
	char why[128];

	(void)state;
	hvabi_entry_init(&base, HVABI_ARCH_ARM64, &k);
	e = base;
	e.kind = HVABI_KIND_COUNT;
	assert_int_equal(hvabi_featureset_put(fs, &e), -EINVAL);
	e = base;
	e.scope = 2;
	assert_int_equal(hvabi_featureset_put(fs, &e), -EINVAL);
	e = base;
	e.flags = 0x80;
	assert_int_equal(hvabi_featureset_put(fs, &e), -EINVAL);
	e = base;
	e.width = 3;
	assert_int_equal(hvabi_featureset_put(fs, &e), -EINVAL);
	e = base;
	e.width = 512;
	assert_int_equal(hvabi_featureset_put(fs, &e), -EINVAL);
	e = base;
	e.max = 1; /* without HAS_MAX */
	assert_int_equal(hvabi_featureset_put(fs, &e), -EINVAL);
	e = base;
	e.reserved = 1;
	assert_int_equal(hvabi_featureset_put(fs, &e), -EINVAL);
	e = base;
	e.width = 1;
	e.value = 0x100;
	assert_int_equal(hvabi_featureset_put(fs, &e), -EINVAL);
	e = base;
	e.key.ns = 0;
	assert_int_equal(hvabi_featureset_put(fs, &e), -EINVAL);
	e = base;
	e.key = hvabi_key_attr((enum hvabi_attr_target)7, 0, 0);
	assert_int_equal(hvabi_featureset_put(fs, &e), -EINVAL);
	e = base;
	e.key = hvabi_key_cpuid(1, 0, (enum hvabi_cpuid_reg)4);
	assert_int_equal(hvabi_featureset_put(fs, &e), -EINVAL);
	e = base;
	e.key = hvabi_key_msr(0);
	e.key.id = 1ull << 40;
	assert_int_equal(hvabi_featureset_put(fs, &e), -EINVAL);
	/* Ranges only on RANGESET, sorted, disjoint, valid. */
	e = base;
	e.ranges = ranges;
	e.nranges = 1;
	assert_int_equal(hvabi_featureset_put(fs, &e), -EINVAL);
	e.kind = HVABI_KIND_RANGESET;
	e.nranges = 2;
	assert_int_equal(hvabi_featureset_put(fs, &e), 0);
	ranges[1].base = 0xc6000041;
	assert_int_equal(hvabi_entry_check(&e, why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "overlaps"));
	ranges[1].base = 0xfffffff0;
	ranges[1].count = 0x20;
	assert_int_equal(hvabi_featureset_put(fs, &e), -EINVAL);
	ranges[1].count = 0x10;
	ranges[1].action = 3;
	assert_int_equal(hvabi_featureset_put(fs, &e), -EINVAL);
	ranges[1].action = 0;
	ranges[1].reserved[3] = 1;
	assert_int_equal(hvabi_featureset_put(fs, &e), -EINVAL);
	ranges[1].reserved[3] = 0;
	ranges[1].count = 0;
	assert_int_equal(hvabi_featureset_put(fs, &e), -EINVAL);
	e.nranges = HVABI_RANGES_MAX + 1;
	assert_int_equal(hvabi_featureset_put(fs, &e), -EINVAL);
	/* Wide values: EXACT only, bytes required, no max. */
	e = base;
	e.key = hvabi_key_reg(0x6040000000100050ull); /* a U128 core reg */
	e.kind = HVABI_KIND_EXACT;
	e.width = 16;
	assert_int_equal(hvabi_featureset_put(fs, &e), -EINVAL);
	e.wide = wide;
	assert_int_equal(hvabi_featureset_put(fs, &e), 0);
	e.kind = HVABI_KIND_BITMAP;
	assert_int_equal(hvabi_featureset_put(fs, &e), -EINVAL);
	e.kind = HVABI_KIND_EXACT;
	e.flags = HVABI_ENTRY_HAS_MAX;
	assert_int_equal(hvabi_featureset_put(fs, &e), -EINVAL);
	e = base;
	e.wide = wide;
	assert_int_equal(hvabi_featureset_put(fs, &e), -EINVAL);
	/* set_value refuses wide and rangeset entries. */
	k = hvabi_key_reg(0x6040000000100050ull);
	assert_int_equal(hvabi_featureset_set_value(fs, &k, 1), -EINVAL);
	assert_int_equal(hvabi_featureset_count(fs), 2);
	hvabi_featureset_free(fs);
}

static void test_featureset_copy_is_deep_and_equal(void **state)
{
	struct hvabi_featureset *fs = new_set(HVABI_ARCH_ARM64), *c = NULL;
	struct hvabi_range r = { 0xc6000040, 2, HVABI_RANGE_FWD_TO_USER, { 0 } };
	uint8_t wide[16] = { 0xaa };
	struct hvabi_entry e;
	struct hvabi_key k = hvabi_key_attr(HVABI_ATTR_VM, 0, 0);

	(void)state;
	hvabi_entry_init(&e, HVABI_ARCH_ARM64, &k);
	e.ranges = &r;
	e.nranges = 1;
	assert_int_equal(hvabi_featureset_put(fs, &e), 0);
	k = hvabi_key_reg(0x6040000000100050ull);
	hvabi_entry_init(&e, HVABI_ARCH_ARM64, &k);
	e.wide = wide;
	assert_int_equal(hvabi_featureset_put(fs, &e), 0);
	hvabi_featureset_set_kernel_release(fs, "7.2.0");
	assert_int_equal(hvabi_featureset_copy(fs, &c), 0);
	assert_int_equal(hvabi_featureset_equal(fs, c), 1);
	assert_string_equal(hvabi_featureset_get_kernel_release(c), "7.2.0");
	/* The copy owns its blocks: changing the source leaves it alone. */
	wide[0] = 0xbb;
	assert_int_equal(hvabi_featureset_put(fs, &e), 0);
	assert_int_equal(hvabi_featureset_equal(fs, c), 0);
	assert_int_equal(hvabi_featureset_find(c, &k, &e), 0);
	assert_int_equal(e.wide[0], 0xaa);
	hvabi_featureset_free(fs);
	hvabi_featureset_free(c);
}

static void test_featureset_equal_compares_arch_and_facts(void **state)
{
	struct hvabi_featureset *a = new_set(HVABI_ARCH_ARM64), *b = new_set(HVABI_ARCH_ARM64);
	struct hvabi_featureset *x = new_set(HVABI_ARCH_X86_64);
	struct hvabi_key k = hvabi_key_reg(HVABI_KVM_REG_ARM_STD_BMAP);
	struct hvabi_entry e;

	(void)state;
	assert_int_equal(hvabi_featureset_equal(a, b), 1);
	assert_int_equal(hvabi_featureset_equal(a, x), 0);
	hvabi_featureset_set_value(a, &k, 1);
	assert_int_equal(hvabi_featureset_equal(a, b), 0);
	hvabi_featureset_set_value(b, &k, 1);
	assert_int_equal(hvabi_featureset_equal(a, b), 1);
	hvabi_featureset_find(b, &k, &e);
	e.flags = HVABI_ENTRY_HAS_MAX;
	e.max = 1;
	hvabi_featureset_put(b, &e);
	assert_int_equal(hvabi_featureset_equal(a, b), 0);
	hvabi_featureset_free(a);
	hvabi_featureset_free(b);
	hvabi_featureset_free(x);
}

static void test_featureset_names(void **state)
{
	(void)state;
	assert_string_equal(hvabi_arch_name(HVABI_ARCH_ARM64), "arm64");
	assert_string_equal(hvabi_arch_name(HVABI_ARCH_X86_64), "x86_64");
	assert_string_equal(hvabi_arch_name(HVABI_ARCH_RISCV64), "riscv64");
	assert_null(hvabi_arch_name(HVABI_ARCH_NONE));
	assert_string_equal(hvabi_kind_name(HVABI_KIND_IDFIELDS), "idfields");
	assert_null(hvabi_kind_name((enum hvabi_kind)HVABI_KIND_COUNT));
	assert_string_equal(hvabi_origin_name(HVABI_ORIGIN_COMPUTED), "computed");
	assert_null(hvabi_origin_name((enum hvabi_origin)99));
	assert_non_null(hvabi_version());
}

static void test_featureset_append_keeps_order(void **state)
{
	struct hvabi_featureset *fs = new_set(HVABI_ARCH_X86_64);
	struct hvabi_key k1 = hvabi_key_cpuid(1, 0, HVABI_CPUID_ECX);
	struct hvabi_key k0 = hvabi_key_cpuid(0, 0, HVABI_CPUID_EAX);
	struct hvabi_entry e;

	(void)state;
	hvabi_entry_init(&e, HVABI_ARCH_X86_64, &k1);
	assert_int_equal(hvabi_fs_append(fs, &e), 0);
	assert_int_equal(hvabi_fs_append(fs, &e), -EINVAL);
	hvabi_entry_init(&e, HVABI_ARCH_X86_64, &k0);
	assert_int_equal(hvabi_fs_append(fs, &e), -EINVAL);
	assert_int_equal(hvabi_featureset_count(fs), 1);
	hvabi_featureset_free(fs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_featureset_new_rejects_bad_arguments),
		cmocka_unit_test(test_featureset_null_queries),
		cmocka_unit_test(test_featureset_metadata),
		cmocka_unit_test(test_featureset_entries_sorted_and_unique),
		cmocka_unit_test(test_featureset_unknown_entry_is_exact_with_its_width),
		cmocka_unit_test(test_featureset_put_validates),
		cmocka_unit_test(test_featureset_copy_is_deep_and_equal),
		cmocka_unit_test(test_featureset_equal_compares_arch_and_facts),
		cmocka_unit_test(test_featureset_names),
		cmocka_unit_test(test_featureset_append_keeps_order),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
