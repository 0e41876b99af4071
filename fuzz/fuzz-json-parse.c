/*
 * libFuzzer target: hvabi_featureset_from_json() on a profile file from
 * anywhere. The input is the text, not NUL-terminated (libFuzzer's buffer
 * is exactly its size, so ASan sees any read past the end); a set that
 * parses is put through what a destination does with it (fuzz-common.h).
 */
#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hvabi_featureset *fs = FUZZ_UNTOUCHED;
	struct hvabi_error err;
	int r;

	memset(&err, 0, sizeof(err));
	r = hvabi_featureset_from_json((const char *)data, size, &fs, &err, sizeof(err));
	if (r) {
		fuzz_check_failure(r, &err, size, true, fs);
		FUZZ_ASSERT(hvabi_featureset_from_json((const char *)data, size, &fs, NULL, 0) == r);
		return 0;
	}
	FUZZ_ASSERT(fs != FUZZ_UNTOUCHED && fs != NULL);
	fuzz_exercise(fs);
	hvabi_featureset_free(fs);
	return 0;
}
