/*
 * Every set keeps each entry's catalogue row beside it (lib/internal.h),
 * found when the entry joined; the rules trust it instead of searching.
 * Each way a set is built or changed must leave every row equal to what
 * a search finds: put, append, copy, remove, both decoders (sorted and
 * unsorted JSON), a baseline, and keys only a CPUID "any subleaf" row
 * describes.
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
#include <libhvabi/sim.h>

#include "catalog-internal.h"
#include "testutil.h"

static void assert_rows(const struct hvabi_featureset *fs)
{
	size_t i;

	assert_true(fs->n == 0 || fs->row != NULL);
	for (i = 0; i < fs->n; i++)
		assert_ptr_equal(hvabi_fs_row(fs, i), hvabi_cat_find(fs->arch, &fs->e[i].key));
}

/* Both codecs there and back, then copy and remove every other entry. */
static void assert_rows_everywhere(const struct hvabi_featureset *fs)
{
	struct hvabi_featureset *back = NULL, *copy = NULL;
	size_t len = 0, i;
	void *blob;
	char *json;

	assert_rows(fs);
	assert_int_equal(hvabi_featureset_encode_alloc(fs, &blob, &len), 0);
	assert_int_equal(hvabi_featureset_decode(blob, len, &back, NULL, 0), 0);
	assert_rows(back);
	hvabi_featureset_free(back);
	free(blob);
	assert_int_equal(hvabi_featureset_to_json_alloc(fs, &json), 0);
	assert_int_equal(hvabi_featureset_from_json(json, strlen(json), &back, NULL, 0), 0);
	assert_rows(back);
	hvabi_featureset_free(back);
	free(json);
	assert_int_equal(hvabi_featureset_copy(fs, &copy), 0);
	assert_rows(copy);
	for (i = copy->n; i-- > 0;)
		if (i % 2)
			assert_int_equal(hvabi_featureset_remove(copy, &copy->e[i].key), 0);
	assert_rows(copy);
	hvabi_featureset_free(copy);
}

static void test_rows_of_probed_models(void **state)
{
	const char *model;
	size_t m;

	(void)state;
	for (m = 0; (model = hvabi_sim_model_name(m)); m++) {
		struct hvabi_featureset *fs = test_sim_probe(model);

		assert_rows_everywhere(fs);
		hvabi_featureset_free(fs);
	}
}

static void test_rows_of_profiles_and_baseline(void **state)
{
	static const char *const names[] = { "arm64-6.1.json", "arm64-6.12.json",
					     "arm64-7.2.json", "x86-6.1.json",
					     "x86-7.2.json",   "riscv-7.2.json" };
	struct hvabi_featureset *p[HVABI_ARRAY_SIZE(names)], *base = NULL;
	size_t i, len;

	(void)state;
	for (i = 0; i < HVABI_ARRAY_SIZE(names); i++) {
		char path[64], *text;

		snprintf(path, sizeof(path), "profiles/%s", names[i]);
		text = test_read_file(test_data_path(path), &len);
		assert_non_null(text);
		assert_int_equal(hvabi_featureset_from_json(text, len, &p[i], NULL, 0), 0);
		free(text);
		assert_rows_everywhere(p[i]);
	}
	assert_int_equal(hvabi_baseline((const struct hvabi_featureset *const *)p, 3, 0, &base,
					NULL, NULL), 0);
	assert_rows_everywhere(base);
	hvabi_featureset_free(base);
	for (i = 0; i < HVABI_ARRAY_SIZE(names); i++)
		hvabi_featureset_free(p[i]);
}

/* reordered.json lists its entries backwards: the JSON decoder sorts them. */
static void test_rows_of_unsorted_json(void **state)
{
	struct hvabi_featureset *fs = NULL;
	size_t len;
	char *text = test_read_file(test_data_path("codec/reordered.json"), &len);

	(void)state;
	assert_non_null(text);
	assert_int_equal(hvabi_featureset_from_json(text, len, &fs, NULL, 0), 0);
	free(text);
	assert_rows_everywhere(fs);
	hvabi_featureset_free(fs);
}

/* A cache leaf's subleaf has no row of its own: the "any subleaf" row. */
static void test_rows_of_any_subleaf(void **state)
{
	static const uint32_t subs[] = { 0, 7, 3, 2, 40 };
	struct hvabi_featureset *put = NULL, *app = NULL;
	struct hvabi_entry e;
	size_t i;

	(void)state;
	assert_int_equal(hvabi_featureset_new(HVABI_ARCH_X86_64, &put), 0);
	assert_int_equal(hvabi_featureset_new(HVABI_ARCH_X86_64, &app), 0);
	for (i = 0; i < HVABI_ARRAY_SIZE(subs); i++) {
		struct hvabi_key k = hvabi_key_cpuid(0x4, subs[i], HVABI_CPUID_EAX);

		hvabi_entry_init(&e, HVABI_ARCH_X86_64, &k);
		assert_int_equal(hvabi_featureset_put(put, &e), 0);
	}
	for (i = 0; i < 64; i++) {
		struct hvabi_key k = hvabi_key_cpuid(0x4 + (uint32_t)i / 16, i % 16,
						     (enum hvabi_cpuid_reg)(i % 4));

		hvabi_entry_init(&e, HVABI_ARCH_X86_64, &k);
		assert_int_equal(hvabi_fs_append(app, &e), 0);
	}
	assert_non_null(hvabi_fs_row(put, 1));
	assert_rows_everywhere(put);
	assert_rows_everywhere(app);
	/* An append after removals starts the walk again below where it was. */
	while (app->n > 3)
		assert_int_equal(hvabi_featureset_remove(app, &app->e[app->n - 1].key), 0);
	e.key = hvabi_key_cpuid(0x4, 9, HVABI_CPUID_EDX);
	assert_int_equal(hvabi_fs_append(app, &e), 0);
	assert_rows(app);
	hvabi_featureset_free(put);
	hvabi_featureset_free(app);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows_of_probed_models),
		cmocka_unit_test(test_rows_of_profiles_and_baseline),
		cmocka_unit_test(test_rows_of_unsorted_json),
		cmocka_unit_test(test_rows_of_any_subleaf),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
