/*
 * libFuzzer target: hvabi_featureset_decode() on bytes from a compromised
 * source host. Each input is decoded as it is (the header, length and CRC
 * checks) and once more with its length and CRC32C made right (everything
 * behind them); a set that decodes is put through what a destination does
 * with it (fuzz-common.h).
 */
#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void decode(const uint8_t *b, size_t size)
{
	struct hvabi_featureset *fs = FUZZ_UNTOUCHED;
	struct hvabi_error err;
	int r;

	memset(&err, 0, sizeof(err));
	r = hvabi_featureset_decode(b, size, &fs, &err, sizeof(err));
	if (r) {
		fuzz_check_failure(r, &err, size, false, fs);
		/* Without an error structure: the same answer. */
		FUZZ_ASSERT(hvabi_featureset_decode(b, size, &fs, NULL, 0) == r);
		return;
	}
	FUZZ_ASSERT(fs != FUZZ_UNTOUCHED && fs != NULL);
	fuzz_exercise(fs);
	hvabi_featureset_free(fs);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *fixed;

	decode(data, size);
	fixed = fuzz_fix_blob(data, size);
	if (fixed) {
		decode(fixed, size);
		free(fixed);
	}
	return 0;
}
