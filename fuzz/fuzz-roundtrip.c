/*
 * libFuzzer target: the two codecs agree with themselves and with each
 * other. An input starting "HVAB" is a blob (its length and CRC made
 * right), anything else JSON text. Whatever decodes must survive
 *   blob:  decode -> encode -> decode  (same set, same bytes again)
 *   JSON:  parse -> write -> parse     (same set, same text again)
 * and the other codec's round trip too. Any difference aborts.
 */
#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct hvabi_featureset *from_blob(const uint8_t *b, size_t len)
{
	struct hvabi_featureset *fs = NULL;
	struct hvabi_error err;

	if (hvabi_featureset_decode(b, len, &fs, &err, sizeof(err))) {
		fprintf(stderr, "decode: %s\n", err.message);
		fuzz_fail("a blob the library wrote does not decode");
	}
	return fs;
}

static struct hvabi_featureset *from_json(const char *t, size_t len)
{
	struct hvabi_featureset *fs = NULL;
	struct hvabi_error err;

	if (hvabi_featureset_from_json(t, len, &fs, &err, sizeof(err))) {
		fprintf(stderr, "parse: %u:%u: %s\n", err.line, err.column, err.message);
		fuzz_fail("a text the library wrote does not parse");
	}
	return fs;
}

/* @fs through the blob: the same set, and the bytes are stable. */
static void blob_trip(const struct hvabi_featureset *fs)
{
	struct hvabi_featureset *a, *b;
	uint8_t *b1, *b2;
	size_t l1, l2;

	b1 = fuzz_encode(fs, &l1);
	a = from_blob(b1, l1);
	FUZZ_ASSERT(fuzz_same(fs, a));
	b2 = fuzz_encode(a, &l2);
	FUZZ_ASSERT(l1 == l2 && !memcmp(b1, b2, l1));
	b = from_blob(b2, l2);
	FUZZ_ASSERT(fuzz_same(a, b));
	hvabi_featureset_free(a);
	hvabi_featureset_free(b);
	free(b1);
	free(b2);
}

/* @fs through JSON: the same set, and the text is stable. */
static void json_trip(const struct hvabi_featureset *fs)
{
	struct hvabi_featureset *a, *b;
	char *t1, *t2;
	size_t l1, l2;

	t1 = fuzz_to_json(fs, &l1);
	a = from_json(t1, l1);
	FUZZ_ASSERT(fuzz_same(fs, a));
	t2 = fuzz_to_json(a, &l2);
	FUZZ_ASSERT(l1 == l2 && !memcmp(t1, t2, l1));
	b = from_json(t2, l2);
	FUZZ_ASSERT(fuzz_same(a, b));
	hvabi_featureset_free(a);
	hvabi_featureset_free(b);
	free(t1);
	free(t2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hvabi_featureset *fs = NULL;
	uint8_t *fixed = fuzz_fix_blob(data, size);
	int r;

	if (fixed) {
		r = hvabi_featureset_decode(fixed, size, &fs, NULL, 0);
		free(fixed);
	} else {
		r = hvabi_featureset_from_json((const char *)data, size, &fs, NULL, 0);
	}
	if (r)
		return 0;
	blob_trip(fs);
	json_trip(fs);
	hvabi_featureset_free(fs);
	return 0;
}
