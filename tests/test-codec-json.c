/* Unit tests of the JSON codec (lib/codec-json.c). */
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
#include "internal.h"
#include "kvm-uapi.h"
#include "testutil.h"

static char *to_json_alloc(const struct hvabi_featureset *fs, size_t *len)
{
	char *t;

	assert_int_equal(hvabi_featureset_to_json_alloc(fs, &t), 0);
	*len = strlen(t);
	return t;
}

/* Parse @len bytes copied to a buffer of exactly that size (no NUL for ASan to lean on). */
static int parse_exact(const char *text, size_t len, struct hvabi_featureset **ret,
		       struct hvabi_error *err)
{
	char *copy = malloc(len ? len : 1);
	int r;

	assert_non_null(copy);
	memcpy(copy, text, len);
	r = hvabi_featureset_from_json(copy, len, ret, err, sizeof(*err));
	free(copy);
	return r;
}

static struct hvabi_featureset *parse_ok(const char *text)
{
	struct hvabi_featureset *fs = NULL;
	struct hvabi_error err;

	memset(&err, 0, sizeof(err));
	if (parse_exact(text, strlen(text), &fs, &err))
		fail_msg("parse failed: %d at %u:%u: %s", err.code, err.line, err.column,
			 err.message);
	assert_non_null(fs);
	return fs;
}

/*
 * Parse @marked, a document with one '|' where the error is expected (the
 * '|' is removed first); expect @code, that line and column (columns count
 * characters), a message holding @words, and *ret untouched.
 */
static void doc_refused(const char *marked, int code, const char *words)
{
	const char *bar = strchr(marked, '|');
	struct hvabi_featureset *fs = (void *)0x1;
	unsigned int line = 1, col = 1;
	struct hvabi_error err;
	size_t len = strlen(marked), off;
	const char *p;
	char *text;

	if (!bar)
		fail_msg("no '|' in the test document");
	off = (size_t)(bar - marked);
	for (p = marked; p < bar; p++) {
		if (*p == '\n') {
			line++;
			col = 1;
		} else if ((*p & 0xc0) != 0x80) {
			col++;
		}
	}
	text = malloc(len);
	assert_non_null(text);
	memcpy(text, marked, off);
	memcpy(text + off, bar + 1, len - off - 1);
	memset(&err, 0, sizeof(err));
	assert_int_equal(parse_exact(text, len - 1, &fs, &err), code);
	assert_ptr_equal(fs, (void *)0x1);
	assert_int_equal(err.code, code);
	if (!strstr(err.message, words))
		fail_msg("message \"%s\" lacks \"%s\"", err.message, words);
	if (err.line != line || err.column != col || err.offset != off)
		fail_msg("error at %u:%u (offset %zu), expected %u:%u (offset %zu): %s",
			 err.line, err.column, err.offset, line, col, off, err.message);
	free(text);
}

#define DOC_HEAD \
	"{\"format\": \"libhvabi\", \"version\": 1, \"arch\": \"arm64\", \"entries\": [\n"
#define DOC_TAIL "\n]}\n"
#define PSCI "\"key\": \"reg:0x6030000000140000\""

/* A document holding the one entry line @entry. */
static char *entry_doc(const char *entry)
{
	size_t len = strlen(DOC_HEAD) + strlen(entry) + strlen(DOC_TAIL) + 1;
	char *doc = malloc(len);

	assert_non_null(doc);
	snprintf(doc, len, "%s%s%s", DOC_HEAD, entry, DOC_TAIL);
	return doc;
}

/* One entry line (with its '|'), inside a valid document: the error is on line 2. */
static void entry_refused(const char *entry, const char *words)
{
	char *doc = entry_doc(entry);

	doc_refused(doc, -EBADMSG, words);
	free(doc);
}

static struct hvabi_featureset *entry_ok(const char *entry)
{
	char *doc = entry_doc(entry);
	struct hvabi_featureset *fs = parse_ok(doc);

	free(doc);
	return fs;
}

/* ---- writer ---- */

static void test_json_arguments_and_size_query(void **state)
{
	struct hvabi_featureset *fs = golden_set(), *out = NULL;
	struct hvabi_error err;
	size_t need = 0, len;
	char *buf;

	(void)state;
	assert_int_equal(hvabi_featureset_to_json(NULL, NULL, &need), -EINVAL);
	assert_int_equal(hvabi_featureset_to_json(fs, NULL, NULL), -EINVAL);
	/* The one buffer rule: *len is the text's length without its NUL, fit or not. */
	assert_int_equal(hvabi_featureset_to_json(fs, NULL, &need), -ERANGE);
	buf = malloc(need + 8);
	assert_non_null(buf);
	/* Room for the text but not its NUL: -ERANGE, and the buffer untouched. */
	memset(buf, 'Z', need + 8);
	len = need;
	assert_int_equal(hvabi_featureset_to_json(fs, buf, &len), -ERANGE);
	assert_int_equal(len, need);
	assert_int_equal(buf[0], 'Z');
	len = need + 1;
	assert_int_equal(hvabi_featureset_to_json(fs, buf, &len), 0);
	assert_int_equal(len, need);
	assert_int_equal(buf[need], '\0');
	assert_int_equal(buf[need - 1], '\n');
	len = need + 8;
	assert_int_equal(hvabi_featureset_to_json(fs, buf, &len), 0);
	assert_int_equal(len, need);
	assert_int_equal(buf[need + 1], 'Z');
	memset(&err, 0, sizeof(err));
	assert_int_equal(hvabi_featureset_from_json(NULL, 3, &out, &err, sizeof(err)), -EINVAL);
	assert_int_equal(err.code, -EINVAL);
	assert_int_equal(hvabi_featureset_from_json(buf, len, NULL, NULL, 0), -EINVAL);
	assert_null(out);
	free(buf);
	hvabi_featureset_free(fs);
}

static void test_json_empty_set(void **state)
{
	static const char expect[] = "{\n"
				     "  \"format\": \"libhvabi\",\n"
				     "  \"version\": 1,\n"
				     "  \"arch\": \"riscv64\",\n"
				     "  \"entries\": []\n"
				     "}\n";
	struct hvabi_featureset *fs = NULL, *back;
	size_t len;
	char *t;

	(void)state;
	assert_int_equal(hvabi_featureset_new(HVABI_ARCH_RISCV64, &fs), 0);
	t = to_json_alloc(fs, &len);
	assert_string_equal(t, expect);
	back = parse_ok(t);
	assert_true(codec_same(fs, back));
	hvabi_featureset_free(back);
	free(t);
	hvabi_featureset_free(fs);
}

static void test_json_round_trip_golden_set(void **state)
{
	struct hvabi_featureset *fs = golden_set(), *back;
	size_t len;
	char *t = to_json_alloc(fs, &len);

	(void)state;
	back = parse_ok(t);
	assert_true(codec_same(fs, back));
	hvabi_featureset_free(back);
	free(t);
	hvabi_featureset_free(fs);
}

/* Every arch, every kind (the reader's names equal hvabi_kind_name()), odd metadata. */
static void test_json_round_trip_every_arch_and_kind(void **state)
{
	static const enum hvabi_arch arches[] = { HVABI_ARCH_ARM64, HVABI_ARCH_X86_64,
						  HVABI_ARCH_RISCV64 };
	static const struct hvabi_range r = { 0, 0xffffffffu, HVABI_RANGE_HANDLE, { 0 } };
	unsigned int a, k;

	(void)state;
	for (a = 0; a < HVABI_ARRAY_SIZE(arches); a++) {
		struct hvabi_featureset *fs = NULL, *back;
		size_t len;
		char *t;

		assert_int_equal(hvabi_featureset_new(arches[a], &fs), 0);
		for (k = 0; k < HVABI_KIND_COUNT; k++) {
			if (k == HVABI_KIND_RANGESET || k == HVABI_KIND_IMPLSET)
				continue;
			codec_put(fs, hvabi_key_cpuid(k, 0, HVABI_CPUID_ECX), (uint8_t)k,
				  (uint8_t)(k & 1), 4, 0xfffffff0u + k);
		}
		codec_put_ranges(fs, hvabi_key_attr(HVABI_ATTR_VM, 0, 0), &r, 1);
		if (arches[a] == HVABI_ARCH_ARM64)
			codec_put_impls(fs);
		codec_put(fs, hvabi_key_cap(0), HVABI_KIND_EXACT, HVABI_SCOPE_VM, 8, 0);
		codec_put(fs, hvabi_key_cap(UINT32_MAX), HVABI_KIND_EXACT, HVABI_SCOPE_VM,
			  8, 0);
		codec_put(fs, hvabi_key_msr(UINT32_MAX), HVABI_KIND_EXACT, HVABI_SCOPE_VM,
			  8, 0);
		codec_put(fs, hvabi_key_hv_cpuid(UINT32_MAX, UINT32_MAX, HVABI_CPUID_EDX),
			  HVABI_KIND_EXACT, HVABI_SCOPE_VM, 4, 0);
		codec_put(fs, hvabi_key_attr(HVABI_ATTR_VCPU, UINT32_MAX, UINT64_MAX),
			  HVABI_KIND_EXACT, HVABI_SCOPE_VCPU, 8, 0);
		/* Quotes and backslashes are printable: the writer escapes them. */
		if (a == 1)
			assert_int_equal(
				hvabi_featureset_set_kernel_release(fs, "6.1\"x\\y"), 0);
		if (a == 2)
			assert_int_equal(
				hvabi_featureset_set_origin(fs, HVABI_ORIGIN_IMPORTED),
				0);
		t = to_json_alloc(fs, &len);
		if (a == 1)
			assert_non_null(strstr(t, "\"kernel\": \"6.1\\\"x\\\\y\",\n"));
		back = parse_ok(t);
		assert_true(codec_same(fs, back));
		assert_int_equal(hvabi_featureset_get_arch(back), arches[a]);
		hvabi_featureset_free(back);
		free(t);
		hvabi_featureset_free(fs);
	}
}

static void test_json_text_is_stable(void **state)
{
	struct hvabi_featureset *a = golden_set(), *b = golden_set_order(true), *c;
	size_t la, lb, lc;
	char *ta, *tb, *tc;

	(void)state;
	ta = to_json_alloc(a, &la);
	tb = to_json_alloc(b, &lb);
	assert_string_equal(ta, tb);
	free(tb);
	tb = to_json_alloc(a, &lb);
	assert_string_equal(ta, tb);
	/* Parsed and written again: the same text. */
	c = parse_ok(ta);
	tc = to_json_alloc(c, &lc);
	assert_string_equal(ta, tc);
	free(ta);
	free(tb);
	free(tc);
	hvabi_featureset_free(a);
	hvabi_featureset_free(b);
	hvabi_featureset_free(c);
}

/* One entry per line, for diff: each line from the eighth on is one entry. */
static void test_json_one_entry_per_line(void **state)
{
	struct hvabi_featureset *fs = golden_set();
	size_t len, lines = 0, i;
	char *t = to_json_alloc(fs, &len);

	(void)state;
	for (i = 0; i < len; i++)
		lines += t[i] == '\n';
	/* 7 lines before the entries, 2 after */
	assert_int_equal(lines, 7 + hvabi_featureset_count(fs) + 2);
	assert_non_null(
		strstr(t, "\n    {\"key\": \"reg:0x6030000000140000\", \"name\": "
			  "\"PSCI_VERSION\", \"kind\": \"version\", \"scope\": \"vm\", "
			  "\"width\": 8, \"value\": \"0x10003\", \"max\": \"0x10003\", "
			  "\"min\": \"0x2\"},\n"));
	free(t);
	hvabi_featureset_free(fs);
}

static void test_json_golden_file(void **state)
{
	struct hvabi_featureset *fs = golden_set(), *back = NULL;
	const char *path = test_data_path("codec/golden.json");
	struct hvabi_error err;
	size_t len, flen = 0;
	char *t, *file;

	(void)state;
	t = to_json_alloc(fs, &len);
	if (getenv("HVABI_REGEN_GOLDEN")) {
		FILE *f = fopen(path, "wb");

		assert_non_null(f);
		assert_int_equal(fwrite(t, 1, len, f), len);
		assert_int_equal(fclose(f), 0);
	}
	file = test_read_file(path, &flen);
	if (!file)
		fail_msg("cannot read %s", path);
	assert_int_equal(flen, len);
	assert_memory_equal(file, t, len);
	assert_int_equal(parse_exact(file, flen, &back, &err), 0);
	assert_true(codec_same(fs, back));
	hvabi_featureset_free(back);
	free(file);
	free(t);
	hvabi_featureset_free(fs);
}

/* The golden set with every member order reversed, tabs and CRLF: the same set. */
static void test_json_reordered_file(void **state)
{
	struct hvabi_featureset *fs = golden_set(), *back = NULL;
	const char *path = test_data_path("codec/reordered.json");
	struct hvabi_error err;
	size_t flen = 0;
	char *file;

	(void)state;
	file = test_read_file(path, &flen);
	if (!file)
		fail_msg("cannot read %s", path);
	memset(&err, 0, sizeof(err));
	if (parse_exact(file, flen, &back, &err))
		fail_msg("%s:%u:%u: %s", path, err.line, err.column, err.message);
	assert_true(codec_same(fs, back));
	hvabi_featureset_free(back);
	free(file);
	hvabi_featureset_free(fs);
}

/* The example in docs/formats.md. */
static void test_json_documented_example(void **state)
{
	static const char doc[] =
		"{\n"
		"  \"format\": \"libhvabi\",\n"
		"  \"version\": 1,\n"
		"  \"arch\": \"arm64\",\n"
		"  \"kernel\": \"6.12.48+deb13-arm64\",\n"
		"  \"origin\": \"probed\",\n"
		"  \"entries\": [\n"
		"    {\"key\": \"reg:0x6030000000140000\", \"name\": \"PSCI_VERSION\", \"kind\": "
		"\"version\", \"scope\": \"vm\", \"width\": 8, \"value\": \"0x10003\", \"max\": "
		"\"0x10003\", \"min\": \"0x2\"},\n"
		"    {\"key\": \"attr:vm:0x0:0x0\", \"name\": \"SMCCC_FILTER\", \"kind\": "
		"\"rangeset\", \"scope\": \"vm\", \"width\": 8, \"value\": \"0x0\", \"ranges\": "
		"[{\"base\": \"0xc6000040\", \"count\": \"0x2\", \"action\": \"fwd_to_user\"}]}\n"
		"  ]\n"
		"}\n";
	struct hvabi_featureset *fs = parse_ok(doc);
	struct hvabi_entry e;
	size_t len;
	char *t;

	(void)state;
	assert_int_equal(hvabi_featureset_get_arch(fs), HVABI_ARCH_ARM64);
	assert_string_equal(hvabi_featureset_get_kernel_release(fs),
			    "6.12.48+deb13-arm64");
	assert_int_equal(hvabi_featureset_get_origin(fs), HVABI_ORIGIN_PROBED);
	assert_int_equal(hvabi_featureset_count(fs), 2);
	assert_int_equal(hvabi_featureset_get_entry(fs, 0, &e), 0);
	assert_int_equal(e.key.id, HVABI_KVM_REG_ARM_PSCI_VERSION);
	assert_int_equal(e.kind, HVABI_KIND_VERSION);
	assert_int_equal(e.value, 0x10003);
	assert_int_equal(e.flags, HVABI_ENTRY_HAS_MAX | HVABI_ENTRY_HAS_MIN);
	assert_int_equal(e.max, 0x10003);
	assert_int_equal(e.min, 2);
	assert_int_equal(hvabi_featureset_get_entry(fs, 1, &e), 0);
	assert_int_equal(e.nranges, 1);
	assert_int_equal(e.ranges[0].base, 0xc6000040);
	assert_int_equal(e.ranges[0].count, 2);
	assert_int_equal(e.ranges[0].action, HVABI_RANGE_FWD_TO_USER);
	/* It is in canonical form: it writes back unchanged. */
	t = to_json_alloc(fs, &len);
	assert_string_equal(t, doc);
	free(t);
	hvabi_featureset_free(fs);
}

static void test_json_any_whitespace_and_escapes(void **state)
{
	struct hvabi_featureset *a, *b, *c;

	(void)state;
	a = parse_ok(
		"{\"format\":\"libhvabi\",\"version\":1,\"arch\":\"arm64\",\"entries\":[{" PSCI
		",\"kind\":\"version\",\"scope\":\"vm\",\"width\":8,\"value\":"
		"\"0x10002\"}]}");
	b = parse_ok(
		" \t\r\n{ \"format\" : \"libhvabi\" ,\r\n\"version\"\t:\t1 , \"arch\": "
		"\"arm64\", \"entries\" : [ { " PSCI " , \"kind\" : \"version\" , "
		"\"scope\" : \"vm\" , \"width\" : 8 , \"value\" : \"0x10002\" } ] } \n\n");
	/* Escapes decode before anything reads the strings. */
	c = parse_ok(
		"{\"\\u0066ormat\": \"libhvab\\u0069\", \"version\": 1, \"arch\": "
		"\"\\u0061rm64\", \"entries\": [{\"key\": \"reg:0x60300000001\\u0034"
		"0000\", \"kind\": \"version\", \"scope\": \"v\\u006d\", \"width\": 8, "
		"\"value\": \"0x1000\\u0032\", \"name\": \"PSCI\\u005fVERSION\"}]}");
	assert_true(codec_same(a, b));
	assert_true(codec_same(a, c));
	hvabi_featureset_free(a);
	hvabi_featureset_free(b);
	hvabi_featureset_free(c);
}

/* Entries in any order come out sorted; two with one key never pass. */
static void test_json_entry_order_and_duplicates(void **state)
{
	struct hvabi_featureset *fs;
	struct hvabi_entry e;

	(void)state;
	fs = parse_ok(
		DOC_HEAD
		"{\"key\": \"cap:7\", \"kind\": \"exact\", \"scope\": \"vm\", \"width\": "
		"8, \"value\": \"0x7\"},\n"
		"{\"key\": \"msr:0x10a\", \"kind\": \"exact\", \"scope\": \"vm\", "
		"\"width\": 8, \"value\": \"0x1\"},\n"
		"{" PSCI ", \"kind\": \"version\", \"scope\": \"vm\", \"width\": 8, "
		"\"value\": \"0x10002\"},\n"
		"{\"key\": \"cap:6\", \"kind\": \"exact\", \"scope\": \"vm\", \"width\": "
		"8, \"value\": \"0x6\"}" DOC_TAIL);
	assert_int_equal(hvabi_featureset_count(fs), 4);
	assert_int_equal(hvabi_featureset_get_entry(fs, 0, &e), 0);
	assert_int_equal(e.key.ns, HVABI_NS_ONE_REG);
	assert_int_equal(hvabi_featureset_get_entry(fs, 1, &e), 0);
	assert_int_equal(e.key.ns, HVABI_NS_MSR);
	assert_int_equal(hvabi_featureset_get_entry(fs, 2, &e), 0);
	assert_int_equal(e.value, 6);
	assert_int_equal(hvabi_featureset_get_entry(fs, 3, &e), 0);
	assert_int_equal(e.value, 7);
	hvabi_featureset_free(fs);
	/* A duplicate right after its twin... */
	doc_refused(
		DOC_HEAD
		"{\"key\": \"cap:7\", \"kind\": \"exact\", \"scope\": \"vm\", \"width\": 8, "
		"\"value\": \"0x7\"},\n"
		"|{\"key\": \"cap:7\", \"kind\": \"exact\", \"scope\": \"vm\", \"width\": 8, "
		"\"value\": \"0x8\"}" DOC_TAIL,
		-EBADMSG, "duplicate entry cap:7 (first on line 2)");
	/* ...and one found only by sorting, reported where it comes second. */
	doc_refused(
		DOC_HEAD
		"{\"key\": \"cap:7\", \"kind\": \"exact\", \"scope\": \"vm\", \"width\": 8, "
		"\"value\": \"0x7\"},\n"
		"{\"key\": \"cap:9\", \"kind\": \"exact\", \"scope\": \"vm\", \"width\": 8, "
		"\"value\": \"0x7\"},\n"
		"{\"key\": \"cap:3\", \"kind\": \"exact\", \"scope\": \"vm\", \"width\": 8, "
		"\"value\": \"0x7\"},\n"
		"|{\"key\": \"cap:9\", \"kind\": \"exact\", \"scope\": \"vm\", \"width\": 8, "
		"\"value\": \"0x8\"},\n"
		"{\"key\": \"cap:3\", \"kind\": \"exact\", \"scope\": \"vm\", \"width\": 8, "
		"\"value\": \"0x8\"}" DOC_TAIL,
		-EBADMSG, "duplicate entry cap:9 (first on line 3)");
}

/* ---- reader: the document ---- */

static void test_json_document_members(void **state)
{
	(void)state;
	doc_refused("|", -EBADMSG,
		    "the document must be an object, not the end of the input");
	doc_refused(" \n\t|", -EBADMSG, "the end of the input");
	doc_refused("|[]", -EBADMSG, "the document must be an object, not an array");
	doc_refused("|{}", -EBADMSG, "the document needs member \"format\"");
	doc_refused("|{\"format\": \"libhvabi\", \"version\": 1, \"entries\": []}",
		    -EBADMSG, "needs member \"arch\"");
	doc_refused("|{\"format\": \"libhvabi\", \"arch\": \"arm64\", \"entries\": []}",
		    -EBADMSG, "needs member \"version\"");
	doc_refused("|{\"version\": 1, \"arch\": \"arm64\", \"entries\": []}", -EBADMSG,
		    "needs member \"format\"");
	doc_refused("|{\"format\": \"libhvabi\", \"version\": 1, \"arch\": \"arm64\"}",
		    -EBADMSG, "needs member \"entries\"");
	doc_refused("{\"format\": \"libhvabi\", \"version\": 1, |\"colour\": \"red\", "
		    "\"arch\": \"arm64\", \"entries\": []}",
		    -EBADMSG, "unknown member \"colour\" in the document");
	doc_refused("{\"format\": \"libhvabi\", \"version\": 1, \"arch\": \"arm64\",\n"
		    "  |\"arch\": \"arm64\", \"entries\": []}",
		    -EBADMSG, "duplicate member \"arch\" in the document");
	doc_refused("{\"format\": \"libhvabi\", \"version\": 1, \"arch\": \"arm64\", "
		    "\"entries\": [], |\"entries\": []}",
		    -EBADMSG, "duplicate member \"entries\"");
	/* Long unknown names are quoted in part. */
	doc_refused("{|\"a_member_name_longer_than_any_known\": 1}", -EBADMSG,
		    "unknown member \"a_member_name_lo...\" in the document");
	doc_refused("{\"format\": |\"libhvab\", \"version\": 1, \"arch\": \"arm64\", "
		    "\"entries\": []}",
		    -EBADMSG, "format \"libhvab\" is not \"libhvabi\"");
	doc_refused("{\"format\": |7, \"version\": 1}", -EBADMSG,
		    "member \"format\" must be a string, not a number");
	doc_refused("{\"format\": \"libhvabi\", \"version\": |\"1\"}", -EBADMSG,
		    "member \"version\" must be a number, not a string");
	doc_refused("{\"format\": \"libhvabi\", \"version\": |0, \"arch\": \"arm64\", "
		    "\"entries\": []}",
		    -EBADMSG, "format version 0 does not exist");
	doc_refused("{\"format\": \"libhvabi\", \"version\": |2, \"arch\": \"arm64\", "
		    "\"entries\": []}",
		    -EPROTONOSUPPORT, "format version 2 is newer than this library's 1");
	doc_refused("{\"format\": \"libhvabi\", \"version\": |184467440737095516150}",
		    -EPROTONOSUPPORT, "is newer");
	doc_refused("{\"format\": \"libhvabi\", \"version\": |1.0}", -EBADMSG,
		    "must be a whole number, without fraction or exponent");
	doc_refused("{\"format\": \"libhvabi\", \"version\": |1e0}", -EBADMSG,
		    "whole number");
	doc_refused("{\"format\": \"libhvabi\", \"version\": |01}", -EBADMSG,
		    "leading zero");
	doc_refused("{\"format\": \"libhvabi\", \"version\": |-1}", -EBADMSG,
		    "member \"version\" must not be negative");
	doc_refused("{\"format\": \"libhvabi\", \"version\": |-}", -EBADMSG,
		    "member \"version\" must not be negative");
	doc_refused("{\"format\": \"libhvabi\", \"version\": |+1}", -EBADMSG,
		    "member \"version\" must be a number, not an invalid token");
	doc_refused("{\"format\": \"libhvabi\", \"version\": 1, \"arch\": |\"sparc\"}",
		    -EBADMSG, "unknown arch \"sparc\" (arm64, x86_64 or riscv64)");
	doc_refused(
		"{\"format\": \"libhvabi\", \"version\": 1, \"arch\": |\"arm64\\u0000\"}",
		-EBADMSG, "unknown arch \"arm64?\"");
	doc_refused(
		"{\"format\": \"libhvabi\", \"kernel\": |\"6.1 rc\"}", -EBADMSG,
		"kernel release \"6.1 rc\" is not at most 64 printable ASCII characters");
	doc_refused(
		"{\"format\": \"libhvabi\", \"kernel\": |\"0123456789012345678901234567890"
		"12345678901234567890123456789012345\"}",
		-EBADMSG, "is not at most 64");
	doc_refused("{\"origin\": |\"dreamt\"}", -EBADMSG, "unknown origin \"dreamt\"");
	doc_refused("{\"format\": \"libhvabi\", \"version\": 1, \"arch\": \"arm64\", "
		    "\"entries\": |{}}",
		    -EBADMSG, "member \"entries\" must be an array, not an object");
	doc_refused("{\"format\": \"libhvabi\" |\"version\": 1}", -EBADMSG,
		    "expected ',' or '}' after a member");
	doc_refused("{\"format\" |\"libhvabi\"}", -EBADMSG,
		    "expected ':' after a member name");
	doc_refused("{|format: \"libhvabi\"}", -EBADMSG, "expected a member name");
	doc_refused("{\"format\": \"libhvabi\", |}", -EBADMSG, "expected a member name");
}

static void test_json_trailing_and_truncated(void **state)
{
	(void)state;
	doc_refused("{\"format\": \"libhvabi\", \"version\": 1, \"arch\": \"arm64\", "
		    "\"entries\": []}\n|}",
		    -EBADMSG, "trailing characters after the document");
	doc_refused("{\"format\": \"libhvabi\", \"version\": 1, \"arch\": \"arm64\", "
		    "\"entries\": []} |{}",
		    -EBADMSG, "trailing characters");
	doc_refused("{\"format\": \"libhvabi\", \"version\": 1, \"arch\": \"arm64\", "
		    "\"entries\": []}|\x01",
		    -EBADMSG, "trailing characters");
	doc_refused("{\"format\": |\"libhvabi", -EBADMSG, "unterminated string");
	doc_refused("{\"format\": \"libhvabi\"|", -EBADMSG, "expected ',' or '}'");
}

/* Every proper prefix of a valid document is refused; only its last newline may go. */
static void test_json_every_truncation(void **state)
{
	struct hvabi_featureset *fs = golden_set(), *back;
	struct hvabi_error err;
	size_t len, k;
	char *t = to_json_alloc(fs, &len);

	(void)state;
	for (k = 0; k < len; k++) {
		back = (void *)0x1;
		memset(&err, 0, sizeof(err));
		if (k == len - 1) {
			assert_int_equal(parse_exact(t, k, &back, &err), 0);
			hvabi_featureset_free(back);
			continue;
		}
		assert_int_equal(parse_exact(t, k, &back, &err), -EBADMSG);
		assert_ptr_equal(back, (void *)0x1);
		assert_int_equal(err.code, -EBADMSG);
		assert_true(err.line >= 1 && err.column >= 1 && err.offset <= k);
	}
	free(t);
	hvabi_featureset_free(fs);
}

/*
 * Every byte changed to several others: never a crash or a leak, and
 * whatever still parses writes out and parses back to the same set.
 */
static void test_json_damage(void **state)
{
	static const char subst[] = { '"', '{', '}', '[',  ']', ',', ':',  '0',
				      'x', 'f', ' ', '\\', '1', 'a', '\n', (char)0x80 };
	struct hvabi_featureset *fs = golden_set();
	size_t len, i, s, accepted = 0;
	char *t = to_json_alloc(fs, &len), *m = malloc(len);

	(void)state;
	assert_non_null(m);
	for (i = 0; i < len; i++) {
		for (s = 0; s < sizeof(subst); s++) {
			struct hvabi_featureset *back = NULL, *again;
			size_t l2;
			char *t2;
			int r;

			if (t[i] == subst[s])
				continue;
			memcpy(m, t, len);
			m[i] = subst[s];
			r = hvabi_featureset_from_json(m, len, &back, NULL, 0);
			if (r) {
				assert_true(r == -EBADMSG || r == -EPROTONOSUPPORT);
				assert_null(back);
				continue;
			}
			accepted++;
			t2 = to_json_alloc(back, &l2);
			again = parse_ok(t2);
			assert_true(codec_same(back, again));
			hvabi_featureset_free(again);
			hvabi_featureset_free(back);
			free(t2);
		}
	}
	assert_true(accepted > 0);
	free(m);
	free(t);
	hvabi_featureset_free(fs);
}

/*
 * "entries" before "version" or "arch" waits for them: a newer version is
 * refused as such even after entries this library cannot read.
 */
static void test_json_entries_before_header(void **state)
{
	struct hvabi_featureset *fs;

	(void)state;
	doc_refused("{\"entries\": [{\"key\": \"reg:0x1\", \"future\": true}],\n"
		    " \"format\": \"libhvabi\", \"version\": |2, \"arch\": \"arm64\"}",
		    -EPROTONOSUPPORT, "format version 2 is newer");
	/* With a known version the entries are read after all, errors in place. */
	doc_refused("{\"entries\": [\n {" PSCI ", |\"future\": true}],\n"
		    " \"format\": \"libhvabi\", \"version\": 1, \"arch\": \"arm64\"}",
		    -EBADMSG, "unknown member \"future\" in an entry");
	/* Names are checked against the arch that came later. */
	doc_refused(
		"{\"entries\": [\n {" PSCI ", \"name\": |\"STD_BMAP\", \"kind\": "
		"\"version\", \"scope\": \"vm\", \"width\": 8, \"value\": \"0x2\"}],\n"
		" \"format\": \"libhvabi\", \"version\": 1, \"arch\": \"arm64\"}",
		-EBADMSG, "name \"STD_BMAP\" contradicts the catalogue");
	fs = parse_ok(
		"{\"entries\": [{" PSCI ", \"name\": \"PSCI_VERSION\", \"kind\": "
		"\"version\", \"scope\": \"vm\", \"width\": 8, \"value\": \"0x2\"}], "
		"\"arch\": \"arm64\", \"version\": 1, \"format\": \"libhvabi\"}");
	assert_int_equal(hvabi_featureset_count(fs), 1);
	hvabi_featureset_free(fs);
	/* Skipped syntax is still checked, to the depth the schema has. */
	doc_refused("{\"entries\": [[[[]], [[|[1]]]]], \"version\": 1}", -EBADMSG,
		    "nesting deeper than the format has");
	doc_refused("{\"entries\": [{\"a\": [{\"b\": |{}}]}]}", -EBADMSG,
		    "nesting deeper");
	doc_refused("{\"entries\": [|tru], \"version\": 1}", -EBADMSG, "invalid literal");
	doc_refused("{\"entries\": [true, false, null, \"s\", 12, |1.5]}", -EBADMSG,
		    "whole number");
	doc_refused("{\"entries\": [|?]}", -EBADMSG,
		    "expected a JSON value, not an invalid token");
	doc_refused("{\"entries\": [{\"a\" |1}]}", -EBADMSG, "expected ':'");
	doc_refused("{\"entries\": [1 |2]}", -EBADMSG,
		    "expected ',' or ']' after an element");
}

/* ---- reader: strings ---- */

static void test_json_strings(void **state)
{
	struct hvabi_featureset *fs;

	(void)state;
	doc_refused("{\"format\": \"lib|\thvabi\"}", -EBADMSG, "control character 0x09");
	doc_refused("{\"format\": \"lib|\\x\"}", -EBADMSG, "invalid escape '\\x'");
	doc_refused("{\"format\": \"lib|\\u12g4\"}", -EBADMSG, "four hex digits");
	doc_refused("{\"format\": \"lib|\\u12\"}", -EBADMSG, "four hex digits");
	doc_refused("{\"format\": \"lib|\\", -EBADMSG, "unterminated string");
	doc_refused("{\"format\": \"|\\udc00\"}", -EBADMSG,
		    "unpaired UTF-16 surrogate \\udc00");
	doc_refused("{\"format\": \"|\\ud800\"}", -EBADMSG,
		    "unpaired UTF-16 surrogate \\ud800");
	doc_refused("{\"format\": \"|\\ud800\\u0041\"}", -EBADMSG, "unpaired");
	doc_refused("{\"format\": \"|\\ud800\\ud800\"}", -EBADMSG, "unpaired");
	doc_refused("{\"format\": \"x|\xff\"}", -EBADMSG, "invalid UTF-8");
	doc_refused("{\"format\": \"x|\xc0\x80\"}", -EBADMSG,
		    "invalid UTF-8"); /* overlong */
	doc_refused("{\"format\": \"x|\xe0\x80\xaf\"}", -EBADMSG,
		    "invalid UTF-8"); /* overlong */
	doc_refused("{\"format\": \"x|\xed\xa0\x80\"}", -EBADMSG,
		    "invalid UTF-8"); /* surrogate */
	doc_refused("{\"format\": \"x|\xf4\x90\x80\x80\"}", -EBADMSG, "invalid UTF-8");
	doc_refused("{\"format\": \"x|\xe2\x82\"}", -EBADMSG, "invalid UTF-8");
	doc_refused("{\"format\": \"x|\xe2\x82", -EBADMSG, "invalid UTF-8");
	doc_refused("{\"format\": \"x|\x80\"}", -EBADMSG, "invalid UTF-8");
	/* Columns count characters, not bytes. */
	entry_refused(
		"{\"key\": \"cap:1\", \"name\": \"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\", "
		"|\"colour\": 1}",
		"unknown member \"colour\"");
	/* Valid UTF-8, escaped or not, in a name the catalogue does not know. */
	fs = entry_ok(
		"{\"key\": \"cap:1\", \"name\": \"caf\xc3\xa9 \\u00e9 \\ud83d\\ude00 "
		"\\\"\\\\\\/\\b\\f\\n\\r\\t\", \"kind\": \"exact\", \"scope\": \"vm\", "
		"\"width\": 8, \"value\": \"0x1\"}");
	assert_int_equal(hvabi_featureset_count(fs), 1);
	hvabi_featureset_free(fs);
}

/* ---- reader: entries ---- */

static void test_json_entry_members(void **state)
{
	(void)state;
	entry_refused("{" PSCI ", |\"colour\": \"red\"}",
		      "unknown member \"colour\" in an entry");
	entry_refused("{" PSCI ", \"kind\": \"version\", |\"kind\": \"version\"}",
		      "duplicate member \"kind\" in an entry");
	entry_refused(
		"|{\"kind\": \"version\", \"scope\": \"vm\", \"width\": 8, \"value\": "
		"\"0x1\"}",
		"an entry needs member \"key\"");
	entry_refused("|{" PSCI ", \"scope\": \"vm\", \"width\": 8, \"value\": \"0x1\"}",
		      "an entry needs member \"kind\"");
	entry_refused("|{" PSCI
		      ", \"kind\": \"version\", \"width\": 8, \"value\": \"0x1\"}",
		      "needs member \"scope\"");
	entry_refused("|{" PSCI
		      ", \"kind\": \"version\", \"scope\": \"vm\", \"value\": \"0x1\"}",
		      "needs member \"width\"");
	entry_refused("|{" PSCI
		      ", \"kind\": \"version\", \"scope\": \"vm\", \"width\": 8}",
		      "needs member \"value\"");
	entry_refused("|{}", "an entry needs member \"key\"");
	entry_refused("|[" PSCI "]", "an entry must be an object, not an array");
	entry_refused("|\"entry\"", "an entry must be an object, not a string");
	entry_refused("{\"key\": |null}", "member \"key\" must be a string, not null");
	entry_refused("{" PSCI ", \"kind\": |1}",
		      "member \"kind\" must be a string, not a number");
	entry_refused("{" PSCI ", \"width\": |\"8\"}",
		      "member \"width\" must be a number");
	entry_refused("{" PSCI ", \"value\": |16}", "member \"value\" must be a string");
	entry_refused("{" PSCI ", \"value\": |{\"hex\": \"0x1\"}}",
		      "member \"value\" must be a string, not an object");
	entry_refused("{" PSCI ", \"ranges\": |{}}",
		      "member \"ranges\" must be an array");
	entry_refused("{" PSCI ", \"name\": |true}",
		      "member \"name\" must be a string, not a boolean");
	entry_refused("{" PSCI ", \"kind\": |\"fancy\"}",
		      "unknown kind \"fancy\" (exact, bitmap, version");
	entry_refused("{" PSCI ", \"scope\": |\"host\"}",
		      "unknown scope \"host\" (vm or vcpu)");
	entry_refused("{" PSCI ", \"scope\": |\"a very long scope name\"}",
		      "unknown scope \"a very long scop...\"");
	entry_refused("{" PSCI ", |]", "expected a member name");
}

static void test_json_entry_keys(void **state)
{
	static const char *const bad[] = {
		"REG:0x6030000000140000",
		"reg:0x6030000000140000 ",
		" reg:0x6030000000140000",
		"reg:0x30000000140000",
		"reg:0x06030000000140000",
		"reg:0x603000000014000G",
		"reg:0x603000000014000A",
		"reg:6030000000140000",
		"PSCI_VERSION",
		"attr:vm:0x0",
		"attr:vm:0x00:0x0",
		"attr:host:0x0:0x0",
		"attr:vm:0x0:0x0:",
		"attr:vm:0x100000000:0x0",
		"cpuid:0x7:0x0:EBX",
		"cpuid:0x7:0x0:ebx:",
		"cpuid:0x7:0x0",
		"cpuid:7:0x0:ebx",
		"hvcpuid:0x100000000:0x0:eax",
		"msr:0x0010",
		"msr:0x100000000",
		"msr:16",
		"cap:0230",
		"cap:0x10",
		"cap:4294967296",
		"cap:",
		"",
		"reg:0x",
		"cpuid:0x7:0x:eax",
	};
	char entry[256];
	unsigned int i;

	(void)state;
	for (i = 0; i < HVABI_ARRAY_SIZE(bad); i++) {
		snprintf(
			entry, sizeof(entry),
			"{\"key\": |\"%s\", \"kind\": \"exact\", \"scope\": \"vm\", \"width\": 8, "
			"\"value\": \"0x0\"}",
			bad[i]);
		entry_refused(entry, "is not a key as libhvabi writes it");
	}
	entry_refused(
		"{\"key\": |\"reg:0x6030000000140000xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		"xxxxxxxxxxxxxxxxxxx\"}",
		"key \"reg:0x6030000000140000xxxxxxxxxxxxxxxxxx...\"");
}

/* An implementation list: "impls" in place of "value", 24 bytes a member, in order. */
static void test_json_impls(void **state)
{
#define IMPLS_KEY "\"key\": \"smccc:0xc6000041\", \"kind\": \"implset\", \"scope\": \"vm\""
#define QMAX "{\"midr\": \"0xf0510\", \"revidr\": \"0x0\", \"aidr\": \"0x0\"}"
#define V1 "{\"midr\": \"0x411fd401\", \"revidr\": \"0x1\", \"aidr\": \"0x0\"}"
	struct hvabi_featureset *fs;
	struct hvabi_impl got[2];
	char entry[1200];
	size_t n = 2, i;

	(void)state;
	fs = entry_ok("{" IMPLS_KEY ", \"width\": 48, \"impls\": [" QMAX ", " V1 "]}");
	assert_int_equal(hvabi_featureset_get_impls(fs, got, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(got[1].midr, 0x411fd401);
	assert_int_equal(got[1].revidr, 1);
	hvabi_featureset_free(fs);
	entry_refused("{" IMPLS_KEY ", \"width\": |72, \"impls\": [" QMAX ", " V1 "]}",
		      "width 72: 2 implementations take 48 bytes");
	entry_refused("|{" IMPLS_KEY ", \"width\": 48, \"impls\": [" V1 ", " QMAX "]}",
		      "implementation 1 (MIDR 0xf0510) is not above the one before it");
	entry_refused("|{" IMPLS_KEY ", \"width\": 48, \"impls\": [" QMAX ", " QMAX "]}",
		      "is not above the one before it");
	entry_refused("{" IMPLS_KEY ", \"width\": 24, \"impls\": [{\"midr\": |\"0x100000000\", "
		      "\"revidr\": \"0x0\", \"aidr\": \"0x0\"}]}",
		      "does not fit");
	entry_refused("{" IMPLS_KEY ", \"width\": 24, \"impls\": [|{\"midr\": \"0x1\", "
		      "\"aidr\": \"0x0\"}]}",
		      "an implementation needs member \"revidr\"");
	entry_refused("|{" IMPLS_KEY ", \"width\": 24}", "an entry needs member \"impls\"");
	entry_refused("{" IMPLS_KEY ", \"width\": 24, \"value\": |\"0x1\", \"impls\": [" QMAX "]}",
		      "only an implset entry has \"impls\", and it has no \"value\"");
	entry_refused("{" PSCI ", \"kind\": \"version\", \"scope\": \"vm\", \"width\": 8, \"value\": "
		      "\"0x1\", \"impls\": |[" QMAX "]}",
		      "only an implset entry has \"impls\"");
	entry_refused("{" PSCI ", \"kind\": \"exact\", \"scope\": \"vm\", \"width\": |24, \"value\": "
		      "\"0x1\"}",
		      "width 24 is not a power of two");
	entry_refused("{" PSCI ", \"kind\": \"exact\", \"scope\": \"vm\", \"width\": |12, \"value\": "
		      "\"0x1\"}",
		      "width 12 is not a power of two");
	/* an implset of another key, and at most HVABI_IMPLS_MAX members */
	entry_refused("|{\"key\": \"smccc:0xc6000040\", \"kind\": \"implset\", \"scope\": \"vm\", "
		      "\"width\": 24, \"impls\": [" QMAX "]}",
		      "TARGET_IMPLS");
	n = (size_t)snprintf(entry, sizeof(entry), "{" IMPLS_KEY ", \"width\": 240, \"impls\": [");
	for (i = 0; i <= HVABI_IMPLS_MAX; i++)
		n += (size_t)snprintf(entry + n, sizeof(entry) - n,
				      "%s{\"midr\": \"0x%zx\", \"revidr\": \"0x0\", \"aidr\": \"0x0\"}",
				      i ? ", " : "", i == HVABI_IMPLS_MAX ? (size_t)0 : i + 1);
	snprintf(entry + n, sizeof(entry) - n, "]}");
	/* the marker goes before the eleventh member */
	{
		char marked[1210];
		const char *at = strstr(entry, "{\"midr\": \"0x0\"");

		assert_non_null(at);
		snprintf(marked, sizeof(marked), "%.*s|%s", (int)(at - entry), entry, at);
		entry_refused(marked, "more than 10 implementations");
	}
#undef IMPLS_KEY
#undef QMAX
#undef V1
}

static void test_json_entry_values(void **state)
{
	static const char *const malformed[] = {
		"0X10", "0x", "10", "0x0010", "0x00", "0xg", "0xAB", " 0x1", "0x1 ", "-0x1", "",
		"0x1.0",
	};
	struct hvabi_featureset *fs;
	struct hvabi_entry e;
	char entry[256];
	unsigned int i;

	(void)state;
	for (i = 0; i < HVABI_ARRAY_SIZE(malformed); i++) {
		snprintf(entry, sizeof(entry),
			 "{" PSCI
			 ", \"kind\": \"version\", \"scope\": \"vm\", \"width\": 8, "
			 "\"value\": |\"%s\"}",
			 malformed[i]);
		entry_refused(entry, "is not a hex string");
	}
	entry_refused(
		"{\"key\": \"reg:0x6010000000110000\", \"kind\": \"exact\", \"scope\": "
		"\"vcpu\", \"width\": 2, \"value\": |\"0x1ffff\"}",
		"value 0x1ffff does not fit width 2");
	entry_refused("{" PSCI
		      ", \"kind\": \"version\", \"scope\": \"vm\", \"width\": 8, "
		      "\"value\": |\"0x10000000000000000\"}",
		      "value 0x10000000000000000 does not fit width 8");
	entry_refused("{" PSCI
		      ", \"kind\": \"version\", \"scope\": \"vm\", \"width\": 4, "
		      "\"value\": \"0x1\", \"max\": |\"0x100000000\"}",
		      "max 0x100000000 does not fit width 4");
	entry_refused("{" PSCI
		      ", \"kind\": \"version\", \"scope\": \"vm\", \"width\": 1, "
		      "\"value\": \"0x1\", \"mask\": |\"0x100\"}",
		      "mask 0x100 does not fit width 1");
	entry_refused(
		"{" PSCI ", \"kind\": \"version\", \"scope\": \"vm\", \"width\": 8, "
		"\"value\": \"0x1\", \"min\": |\"0x10000000000000000000000000000000000000000\"}",
		"min 0x10000000000000000000000000000000000000... does not fit width 8");
	entry_refused("{" PSCI
		      ", \"kind\": \"version\", \"scope\": \"vm\", \"width\": 8, "
		      "\"value\": \"0x1\", \"min\": |\"0x00\"}",
		      "min \"0x00\" is not a hex string");
	/* The width: a power of two from 1 to 256, written plainly. */
	entry_refused("{" PSCI ", \"width\": |3}",
		      "width 3 is not a power of two from 1 to 256");
	entry_refused("{" PSCI ", \"width\": |0}", "width 0 is not a power of two");
	entry_refused("{" PSCI ", \"width\": |512}", "width 512 is not a power of two");
	entry_refused("{" PSCI ", \"width\": |99999999999999999999999}",
		      "width 18446744073709551615 is not");
	entry_refused("{" PSCI ", \"width\": |8.0}",
		      "member \"width\" must be a whole number");
	entry_refused("{" PSCI ", \"width\": |8E0}", "whole number");
	entry_refused("{" PSCI ", \"width\": |08}",
		      "member \"width\" must not have a leading zero");
	entry_refused("{" PSCI ", \"width\": |-8}",
		      "member \"width\" must not be negative");
	/* Flags follow from the members present; "0x0" is a value like any other. */
	fs = entry_ok(
		"{" PSCI ", \"kind\": \"version\", \"scope\": \"vm\", \"width\": 8, "
		"\"value\": \"0x0\", \"mask\": \"0x0\", \"min\": \"0xffffffffffffffff\"}");
	assert_int_equal(hvabi_featureset_get_entry(fs, 0, &e), 0);
	assert_int_equal(e.flags, HVABI_ENTRY_HAS_MASK | HVABI_ENTRY_HAS_MIN);
	assert_int_equal(e.min, UINT64_MAX);
	hvabi_featureset_free(fs);
}

static void test_json_wide_values(void **state)
{
	char entry[1024], digits[600];
	struct hvabi_featureset *fs;
	struct hvabi_entry e;
	unsigned int i;

	(void)state;
	/* Every digit, most significant byte first; leading zeros are part of it. */
	fs = entry_ok(
		"{\"key\": \"reg:0x6040000000100050\", \"kind\": \"exact\", \"scope\": "
		"\"vcpu\", \"width\": 16, \"value\": \"0x000102030405060708090a0b0c0d0eff\"}");
	assert_int_equal(hvabi_featureset_get_entry(fs, 0, &e), 0);
	assert_int_equal(e.width, 16);
	assert_int_equal(e.wide[0], 0xff);
	assert_int_equal(e.wide[1], 0x0e);
	assert_int_equal(e.wide[15], 0x00);
	assert_int_equal(e.value, 0);
	hvabi_featureset_free(fs);
	entry_refused(
		"{\"key\": \"reg:0x6040000000100050\", \"kind\": \"exact\", \"scope\": "
		"\"vcpu\", \"width\": 16, \"value\": |\"0x102030405060708090a0b0c0d0eff\"}",
		"of a 16-byte entry must be \"0x\" and exactly 32 lower-case hex digits");
	entry_refused(
		"{\"key\": \"reg:0x6040000000100050\", \"kind\": \"exact\", \"scope\": "
		"\"vcpu\", \"width\": 16, \"value\": |\"0x000102030405060708090A0B0C0D0EFF\"}",
		"exactly 32 lower-case hex digits");
	entry_refused(
		"{\"key\": \"reg:0x6040000000100050\", \"kind\": \"exact\", \"scope\": "
		"\"vcpu\", \"width\": 16, \"value\": |\"1x000102030405060708090a0b0c0d0eff\"}",
		"exactly 32");
	/* Wide entries are EXACT and carry no max, mask or min. */
	entry_refused(
		"|{\"key\": \"reg:0x6040000000100050\", \"kind\": \"bitmap\", \"scope\": "
		"\"vcpu\", \"width\": 16, \"value\": \"0x000102030405060708090a0b0c0d0eff\"}",
		"entry reg:0x6040000000100050: a 16-byte value must be of kind exact");
	entry_refused(
		"|{\"key\": \"reg:0x6040000000100050\", \"kind\": \"exact\", \"scope\": "
		"\"vcpu\", \"width\": 16, \"value\": \"0x000102030405060708090a0b0c0d0eff\", "
		"\"max\": \"0x1\"}",
		"needs its bytes and no max/mask/min");
	/* 256 bytes. */
	for (i = 0; i < 512; i++)
		digits[i] = "0123456789abcdef"[(i * 7) & 15];
	digits[512] = '\0';
	snprintf(entry, sizeof(entry),
		 "{\"key\": \"reg:0x6080000000150000\", \"kind\": \"exact\", \"scope\": "
		 "\"vcpu\", \"width\": 256, \"value\": \"0x%s\"}",
		 digits);
	fs = entry_ok(entry);
	assert_int_equal(hvabi_featureset_get_entry(fs, 0, &e), 0);
	assert_int_equal(e.wide[255], 0x07);
	hvabi_featureset_free(fs);
	snprintf(entry, sizeof(entry),
		 "{\"key\": \"reg:0x6080000000150000\", \"kind\": \"exact\", \"scope\": "
		 "\"vcpu\", \"width\": 256, \"value\": |\"0x%s00\"}",
		 digits);
	entry_refused(entry, "exactly 512 lower-case hex digits");
}

static void test_json_names(void **state)
{
	struct hvabi_featureset *fs;

	(void)state;
	entry_refused("{" PSCI ", \"name\": |\"PSCI_VERSIONS\", \"kind\": \"version\", "
		      "\"scope\": \"vm\", \"width\": 8, \"value\": \"0x1\"}",
		      "name \"PSCI_VERSIONS\" contradicts the catalogue, which calls "
		      "reg:0x6030000000140000 \"PSCI_VERSION\"");
	entry_refused("{" PSCI ", \"name\": |\"\", \"kind\": \"version\", "
		      "\"scope\": \"vm\", \"width\": 8, \"value\": \"0x1\"}",
		      "contradicts the catalogue");
	/* An unknown key's name is for people only. */
	fs = entry_ok(
		"{\"key\": \"reg:0x6030000000100000\", \"name\": \"X0\", \"kind\": "
		"\"exact\", \"scope\": \"vcpu\", \"width\": 8, \"value\": \"0x1\"}");
	hvabi_featureset_free(fs);
	/* Names are the catalogue's for the set's arch: x86 knows no PSCI. */
	fs = parse_ok("{\"format\": \"libhvabi\", \"version\": 1, \"arch\": \"x86_64\", "
		      "\"entries\": [{" PSCI
		      ", \"name\": \"anything\", \"kind\": \"exact\", "
		      "\"scope\": \"vm\", \"width\": 8, \"value\": \"0x1\"}]}");
	hvabi_featureset_free(fs);
}

static void test_json_ranges(void **state)
{
	char *entry = malloc(65536), *p;
	struct hvabi_featureset *fs;
	struct hvabi_entry e;
	unsigned int i;

	(void)state;
	assert_non_null(entry);
#define FILTER                                                                      \
	"\"key\": \"attr:vm:0x0:0x0\", \"kind\": \"rangeset\", \"scope\": \"vm\", " \
	"\"width\": 8, \"value\": \"0x0\""
	fs = entry_ok("{" FILTER ", \"ranges\": []}");
	assert_int_equal(hvabi_featureset_get_entry(fs, 0, &e), 0);
	assert_int_equal(e.nranges, 0);
	hvabi_featureset_free(fs);
	/* A rangeset without "ranges" has none. */
	fs = entry_ok("{" FILTER "}");
	hvabi_featureset_free(fs);
	fs = entry_ok(
		"{" FILTER ", \"ranges\": [{\"action\": \"deny\", \"count\": \"0x1\", "
		"\"base\": \"0x0\"}, {\"base\": \"0xffffffff\", \"count\": \"0x1\", "
		"\"action\": \"handle\"}]}");
	assert_int_equal(hvabi_featureset_get_entry(fs, 0, &e), 0);
	assert_int_equal(e.nranges, 2);
	assert_int_equal(e.ranges[0].action, HVABI_RANGE_DENY);
	assert_int_equal(e.ranges[1].base, 0xffffffff);
	hvabi_featureset_free(fs);
	entry_refused(
		"{" PSCI ", \"kind\": \"version\", \"scope\": \"vm\", \"width\": 8, "
		"\"value\": \"0x1\", \"ranges\": |[]}",
		"only a rangeset entry has \"ranges\", and reg:0x6030000000140000 is "
		"version");
	entry_refused("{" FILTER ", \"ranges\": [{\"base\": \"0x0\", \"count\": \"0x1\", "
		      "\"action\": \"deny\", |\"why\": \"x\"}]}",
		      "unknown member \"why\" in a range");
	entry_refused("{" FILTER ", \"ranges\": [{\"base\": \"0x0\", \"count\": \"0x1\", "
		      "|\"base\": \"0x0\"}]}",
		      "duplicate member \"base\" in a range");
	entry_refused("{" FILTER
		      ", \"ranges\": [|{\"base\": \"0x0\", \"action\": \"deny\"}]}",
		      "a range needs member \"count\"");
	entry_refused("{" FILTER ", \"ranges\": [|{}]}", "a range needs member \"base\"");
	entry_refused("{" FILTER ", \"ranges\": [|[]]}",
		      "a range must be an object, not an array");
	entry_refused("{" FILTER ", \"ranges\": [{\"base\": |\"0x100000000\"}]}",
		      "base 0x100000000 does not fit 32 bits");
	entry_refused("{" FILTER ", \"ranges\": [{\"count\": |\"0x00\"}]}",
		      "count \"0x00\" is not a hex string");
	entry_refused("{" FILTER ", \"ranges\": [{\"count\": |1}]}",
		      "member \"count\" must be a string, not a number");
	entry_refused("{" FILTER ", \"ranges\": [{\"action\": |\"forward\"}]}",
		      "unknown action \"forward\" (handle, deny or fwd_to_user)");
	entry_refused("{" FILTER ", \"ranges\": [{\"base\": \"0x0\", \"count\": \"0x1\", "
		      "\"action\": \"deny\"}|{}]}",
		      "expected ',' or ']' after an element");
	/* The entry check: sorted, disjoint, non-empty ranges. */
	entry_refused(
		"|{" FILTER ", \"ranges\": [{\"base\": \"0x10\", \"count\": \"0x10\", "
		"\"action\": \"deny\"}, {\"base\": \"0x1f\", \"count\": \"0x1\", "
		"\"action\": \"deny\"}]}",
		"entry attr:vm:0x0:0x0: range 1 (base 0x1f) overlaps or precedes range 0");
	entry_refused("|{" FILTER
		      ", \"ranges\": [{\"base\": \"0x10\", \"count\": \"0x0\", "
		      "\"action\": \"deny\"}]}",
		      "range 0 (base 0x10, count 0, action 1) is invalid");
	/* At most HVABI_RANGES_MAX ranges. */
	p = entry + sprintf(entry, "{" FILTER ", \"ranges\": [");
	for (i = 0; i < HVABI_RANGES_MAX; i++)
		p += sprintf(
			p,
			"%s{\"base\": \"0x%x\", \"count\": \"0x1\", \"action\": \"deny\"}",
			i ? ", " : "", 2 * i);
	strcpy(p, "]}");
	fs = entry_ok(entry);
	assert_int_equal(hvabi_featureset_get_entry(fs, 0, &e), 0);
	assert_int_equal(e.nranges, HVABI_RANGES_MAX);
	hvabi_featureset_free(fs);
	p += sprintf(
		p, ", |{\"base\": \"0x%x\", \"count\": \"0x1\", \"action\": \"deny\"}]}",
		2 * HVABI_RANGES_MAX);
	entry_refused(entry, "more than 1024 ranges");
	free(entry);
#undef FILTER
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_arguments_and_size_query),
		cmocka_unit_test(test_json_empty_set),
		cmocka_unit_test(test_json_round_trip_golden_set),
		cmocka_unit_test(test_json_round_trip_every_arch_and_kind),
		cmocka_unit_test(test_json_text_is_stable),
		cmocka_unit_test(test_json_one_entry_per_line),
		cmocka_unit_test(test_json_golden_file),
		cmocka_unit_test(test_json_reordered_file),
		cmocka_unit_test(test_json_documented_example),
		cmocka_unit_test(test_json_any_whitespace_and_escapes),
		cmocka_unit_test(test_json_entry_order_and_duplicates),
		cmocka_unit_test(test_json_document_members),
		cmocka_unit_test(test_json_trailing_and_truncated),
		cmocka_unit_test(test_json_every_truncation),
		cmocka_unit_test(test_json_damage),
		cmocka_unit_test(test_json_entries_before_header),
		cmocka_unit_test(test_json_strings),
		cmocka_unit_test(test_json_entry_members),
		cmocka_unit_test(test_json_entry_keys),
		cmocka_unit_test(test_json_impls),
		cmocka_unit_test(test_json_entry_values),
		cmocka_unit_test(test_json_wide_values),
		cmocka_unit_test(test_json_names),
		cmocka_unit_test(test_json_ranges),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
