/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * encode_decode: carry a feature set through a migration stream and back.
 *
 *	encode_decode [MODEL]
 *
 * Probes a simulated host (default arm64-7.2), encodes its profile as the
 * compact blob a VMM puts in its migration stream, decodes it on the "other
 * side" and checks that the set is unchanged; the same for the JSON text
 * form. A blob damaged in transit is refused, with the offset and reason.
 *
 * Exit status: 0 when both round trips give the set back and the damaged
 * blob is refused, 1 otherwise.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libhvabi/hvabi.h>

#include "common.h"

static int error(const char *what, int r)
{
	fprintf(stderr, "encode_decode: %s: %s\n", what, strerror(-r));
	return 1;
}

/* Blob: encode, decode, compare; then damage one byte and decode again. */
static int blob_round_trip(const struct hvabi_featureset *fs)
{
	struct hvabi_featureset *back = NULL;
	struct hvabi_error err;
	size_t len = 0;
	uint8_t *blob;
	int r, status = 1;

	/*
	 * The caller-buffer form: a NULL buffer asks for the size (-ERANGE,
	 * @len the blob's bytes). hvabi_featureset_encode_alloc() does both.
	 */
	r = hvabi_featureset_encode(fs, NULL, &len);
	if (r != -ERANGE)
		return error("hvabi_featureset_encode", r);
	blob = malloc(len);
	if (!blob)
		return error("malloc", -ENOMEM);
	r = hvabi_featureset_encode(fs, blob, &len);
	if (r) {
		error("hvabi_featureset_encode", r);
		goto out;
	}
	r = hvabi_featureset_decode(blob, len, &back, &err, sizeof(err));
	if (r) {
		fprintf(stderr, "encode_decode: blob offset %zu: %s\n", err.offset,
			err.message);
		goto out;
	}
	printf("blob: %zu bytes, %zu entries decoded, %s\n", len,
	       hvabi_featureset_count(back),
	       hvabi_featureset_equal(fs, back) == 1 ? "equal" : "DIFFERENT");
	if (hvabi_featureset_equal(fs, back) != 1)
		goto out;
	hvabi_featureset_free(back);
	back = NULL;

	/* One flipped bit in the middle: the CRC32C catches it. */
	blob[len / 2] ^= 0x10;
	r = hvabi_featureset_decode(blob, len, &back, &err, sizeof(err));
	if (r != -EBADMSG) {
		fprintf(stderr, "encode_decode: a damaged blob decoded with %d\n", r);
		goto out;
	}
	printf("damaged blob: refused (%s) at offset %zu: %s\n", strerror(-r), err.offset,
	       err.message);
	status = 0;
out:
	hvabi_featureset_free(back);
	free(blob);
	return status;
}

/* JSON: the text form for people and files, the same set after a round trip. */
static int json_round_trip(const struct hvabi_featureset *fs)
{
	struct hvabi_featureset *back = NULL;
	struct hvabi_error err;
	size_t len = 0;
	char *text;
	int r, status = 1;

	/* The allocating form: sized, allocated and written in one call. */
	r = hvabi_featureset_to_json_alloc(fs, &text);
	if (r)
		return error("hvabi_featureset_to_json_alloc", r);
	len = strlen(text);
	r = hvabi_featureset_from_json(text, len, &back, &err, sizeof(err));
	if (r) {
		fprintf(stderr, "encode_decode: JSON %u:%u: %s\n", err.line, err.column,
			err.message);
		goto out;
	}
	printf("json: %zu bytes, %zu entries decoded, %s\n", len,
	       hvabi_featureset_count(back),
	       hvabi_featureset_equal(fs, back) == 1 ? "equal" : "DIFFERENT");
	status = hvabi_featureset_equal(fs, back) == 1 ? 0 : 1;
out:
	hvabi_featureset_free(back);
	free(text);
	return status;
}

int main(int argc, char **argv)
{
	const char *model = argc > 1 ? argv[1] : "arm64-7.2";
	struct hvabi_featureset *fs;
	int status;

	if (argc > 2) {
		fprintf(stderr, "usage: encode_decode [MODEL]\n");
		return 2;
	}
	if (example_probe_model("encode_decode", model, &fs))
		return 1;
	printf("set: simulated %s (%s), %zu entries\n", model,
	       hvabi_featureset_get_kernel_release(fs), hvabi_featureset_count(fs));
	status = blob_round_trip(fs) || json_round_trip(fs);
	hvabi_featureset_free(fs);
	return status;
}
