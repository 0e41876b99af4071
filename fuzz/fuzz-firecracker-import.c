/*
 * libFuzzer target: hvabi_featureset_import_firecracker() on a Firecracker
 * fingerprint from anywhere. The input is the text, not NUL-terminated; a
 * set that imports is put through what a destination does with it
 * (fuzz-common.h) and must survive both codecs' round trips.
 */
#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hvabi_featureset *fs = FUZZ_UNTOUCHED, *back = NULL;
	struct hvabi_error err;
	size_t len;
	char *text;
	int r;

	memset(&err, 0, sizeof(err));
	r = hvabi_featureset_import_firecracker((const char *)data, size, &fs, &err, sizeof(err));
	if (r) {
		fuzz_check_failure(r, &err, size, true, fs);
		FUZZ_ASSERT(hvabi_featureset_import_firecracker((const char *)data, size, &fs,
								NULL, 0) == r);
		return 0;
	}
	FUZZ_ASSERT(fs != FUZZ_UNTOUCHED && fs != NULL);
	FUZZ_ASSERT(hvabi_featureset_get_origin(fs) == HVABI_ORIGIN_IMPORTED);
	/* An imported set is a profile like any other: it has a JSON text. */
	text = fuzz_to_json(fs, &len);
	FUZZ_ASSERT(hvabi_featureset_from_json(text, len, &back, NULL, 0) == 0);
	FUZZ_ASSERT(fuzz_same(fs, back));
	free(text);
	hvabi_featureset_free(back);
	fuzz_exercise(fs);
	hvabi_featureset_free(fs);
	return 0;
}
