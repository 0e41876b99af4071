/* Unit tests of the binary blob codec (lib/codec-blob.c) and CRC32C (lib/crc32c.c). */
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
#include "crc32c.h"
#include "internal.h"
#include "kvm-uapi.h"
#include "testutil.h"

/* ---- a blob writer of our own, to craft blobs the library would never write ---- */

struct bb {
	uint8_t *b;
	size_t n;
	size_t cap;
	uint32_t count;
};

static void bb_bytes(struct bb *bb, const void *p, size_t n)
{
	if (bb->n + n > bb->cap) {
		bb->cap = (bb->n + n) * 2;
		bb->b = realloc(bb->b, bb->cap);
		assert_non_null(bb->b);
	}
	if (n)
		memcpy(bb->b + bb->n, p, n);
	bb->n += n;
}

static void bb_le(struct bb *bb, uint64_t v, unsigned int bytes)
{
	uint8_t t[8];
	unsigned int i;

	for (i = 0; i < bytes; i++)
		t[i] = (uint8_t)(v >> (8 * i));
	bb_bytes(bb, t, bytes);
}

static void bb_header(struct bb *bb, uint16_t version, uint16_t arch)
{
	memset(bb, 0, sizeof(*bb));
	bb_bytes(bb, "HVAB", 4);
	bb_le(bb, version, 2);
	bb_le(bb, arch, 2);
	bb_le(bb, 0, 4); /* total length, filled by bb_finish() */
	bb_le(bb, 0, 4); /* record count, filled by bb_finish() */
}

static void bb_record(struct bb *bb, uint16_t type, uint16_t flags, const void *p,
		      uint32_t n)
{
	bb_le(bb, type, 2);
	bb_le(bb, flags, 2);
	bb_le(bb, n, 4);
	bb_bytes(bb, p, n);
	bb->count++;
}

/* An entry record laid out as docs/formats.md says, whatever the entry holds. */
static void bb_entry(struct bb *bb, const struct hvabi_entry *e)
{
	struct bb p = { NULL, 0, 0, 0 };
	unsigned int i;

	bb_le(&p, e->key.ns, 2);
	bb_le(&p, e->key.sel, 2);
	bb_le(&p, e->key.sub, 4);
	bb_le(&p, e->key.id, 8);
	bb_le(&p, e->kind, 1);
	bb_le(&p, e->scope, 1);
	bb_le(&p, e->flags, 2);
	bb_le(&p, e->width, 2);
	bb_le(&p, e->nranges, 2);
	if (e->width > 8)
		bb_bytes(&p, e->wide, e->width);
	else
		bb_le(&p, e->value, e->width);
	if (e->flags & HVABI_ENTRY_HAS_MAX)
		bb_le(&p, e->max, 8);
	if (e->flags & HVABI_ENTRY_HAS_MASK)
		bb_le(&p, e->mask, 8);
	if (e->flags & HVABI_ENTRY_HAS_MIN)
		bb_le(&p, e->min, 8);
	for (i = 0; i < e->nranges; i++) {
		bb_le(&p, e->ranges[i].base, 4);
		bb_le(&p, e->ranges[i].count, 4);
		bb_le(&p, e->ranges[i].action, 1);
		bb_bytes(&p, e->ranges[i].reserved, 3);
	}
	bb_record(bb, 3, 1, p.b, (uint32_t)p.n);
	free(p.b);
}

/* Rewrite a blob's total length and CRC after a change. */
static void blob_fix(uint8_t *b, size_t len)
{
	uint32_t crc;
	unsigned int i;

	for (i = 0; i < 4; i++)
		b[8 + i] = (uint8_t)(len >> (8 * i));
	crc = hvabi_crc32c(0, b, len - 4);
	for (i = 0; i < 4; i++)
		b[len - 4 + i] = (uint8_t)(crc >> (8 * i));
}

static void bb_finish(struct bb *bb)
{
	unsigned int i;

	for (i = 0; i < 4; i++)
		bb->b[12 + i] = (uint8_t)(bb->count >> (8 * i));
	bb_le(bb, 0, 4);
	blob_fix(bb->b, bb->n);
}

/* An entry for the hand-made blobs: a valid BITMAP register. */
static struct hvabi_entry plain_entry(uint64_t reg, uint64_t value)
{
	struct hvabi_entry e;

	memset(&e, 0, sizeof(e));
	e.key = hvabi_key_reg(reg);
	e.kind = HVABI_KIND_BITMAP;
	e.scope = HVABI_SCOPE_VM;
	e.width = 8;
	e.value = value;
	return e;
}

static uint8_t *encode_alloc(const struct hvabi_featureset *fs, size_t *len)
{
	uint8_t *b;

	*len = 0;
	assert_int_equal(hvabi_featureset_encode(fs, NULL, len), -ERANGE);
	b = malloc(*len);
	assert_non_null(b);
	assert_int_equal(hvabi_featureset_encode(fs, b, len), 0);
	return b;
}

/*
 * Decode expecting failure with @code; *ret must stay untouched and the
 * error must carry the code and, when given, a piece of the message.
 */
static void expect_refused(const void *b, size_t len, int code, const char *words,
			   struct hvabi_error *err)
{
	struct hvabi_featureset *fs = (void *)0x1;
	struct hvabi_error local;

	if (!err)
		err = &local;
	memset(err, 0, sizeof(*err));
	assert_int_equal(hvabi_featureset_decode(b, len, &fs, err, sizeof(*err)), code);
	assert_ptr_equal(fs, (void *)0x1);
	assert_int_equal(err->code, code);
	assert_int_equal(err->line, 0);
	assert_int_equal(err->column, 0);
	assert_true(err->message[0] != '\0');
	if (words && !strstr(err->message, words))
		fail_msg("message \"%s\" lacks \"%s\"", err->message, words);
}

static struct hvabi_featureset *expect_decoded(const void *b, size_t len)
{
	struct hvabi_featureset *fs = NULL;
	struct hvabi_error err;

	memset(&err, 0, sizeof(err));
	if (hvabi_featureset_decode(b, len, &fs, &err, sizeof(err)))
		fail_msg("decode failed: %d at %zu: %s", err.code, err.offset,
			 err.message);
	assert_non_null(fs);
	return fs;
}

/* ---- CRC32C ---- */

static void test_crc32c_vectors(void **state)
{
	uint8_t buf[32];
	unsigned int i;

	(void)state;
	assert_int_equal(hvabi_crc32c(0, "123456789", 9), 0xe3069283);
	assert_int_equal(hvabi_crc32c_sw(0, "123456789", 9), 0xe3069283);
	assert_int_equal(hvabi_crc32c(0, "", 0), 0);
	/* RFC 3720 (iSCSI) appendix B.4. */
	memset(buf, 0, sizeof(buf));
	assert_int_equal(hvabi_crc32c(0, buf, 32), 0x8a9136aa);
	memset(buf, 0xff, sizeof(buf));
	assert_int_equal(hvabi_crc32c(0, buf, 32), 0x62a8ab43);
	for (i = 0; i < 32; i++)
		buf[i] = (uint8_t)i;
	assert_int_equal(hvabi_crc32c(0, buf, 32), 0x46dd794e);
	for (i = 0; i < 32; i++)
		buf[i] = (uint8_t)(31 - i);
	assert_int_equal(hvabi_crc32c(0, buf, 32), 0x113fdb5c);
	/* Continuing a CRC equals one CRC over both parts. */
	assert_int_equal(hvabi_crc32c(hvabi_crc32c(0, "1234", 4), "56789", 5),
			 0xe3069283);
	assert_int_equal(hvabi_crc32c_sw(hvabi_crc32c_sw(0, "12345", 5), "6789", 4),
			 0xe3069283);
}

/* The table equals the polynomial shifted bit by bit. */
static void test_crc32c_table_matches_bitwise(void **state)
{
	uint8_t data[300];
	unsigned int i, b;
	uint32_t c = 0xffffffff;

	(void)state;
	for (i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 131 + 7);
	for (i = 0; i < sizeof(data); i++) {
		c ^= data[i];
		for (b = 0; b < 8; b++)
			c = c & 1 ? (c >> 1) ^ 0x82f63b78 : c >> 1;
	}
	assert_int_equal(hvabi_crc32c_sw(0, data, sizeof(data)), ~c);
}

/*
 * The instruction path (three interleaved streams from 768 bytes on)
 * equals the table at every length and alignment.
 */
static void test_crc32c_hw_equals_sw(void **state)
{
	size_t n = 20000, len, off;
	uint64_t x = 0x9e3779b97f4a7c15ull;
	uint8_t *data = malloc(n + 8);
	size_t i;

	(void)state;
	assert_non_null(data);
	for (i = 0; i < n + 8; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		data[i] = (uint8_t)x;
	}
	for (off = 0; off < 8; off++)
		for (len = 0; len <= 2400; len += off + 1)
			assert_int_equal(hvabi_crc32c(0x12345678, data + off, len),
					 hvabi_crc32c_sw(0x12345678, data + off, len));
	for (len = 2304; len <= n; len += 761)
		assert_int_equal(hvabi_crc32c(0, data + 3, len),
				 hvabi_crc32c_sw(0, data + 3, len));
	assert_int_equal(hvabi_crc32c(0, data, n), hvabi_crc32c_sw(0, data, n));
	/* Answers the same on every call (the CPU is probed once). */
	assert_int_equal(hvabi_crc32c_hw(), hvabi_crc32c_hw());
	free(data);
}

/* ---- encode ---- */

static void test_encode_arguments_and_size_query(void **state)
{
	struct hvabi_featureset *fs = golden_set();
	size_t need = 0, len;
	uint8_t *buf;

	(void)state;
	assert_int_equal(hvabi_featureset_encode(NULL, NULL, &need), -EINVAL);
	assert_int_equal(hvabi_featureset_encode(fs, NULL, NULL), -EINVAL);
	assert_int_equal(hvabi_featureset_encode(fs, NULL, &need), -ERANGE);
	assert_true(need > 20);
	/* A NULL buffer is a size query whatever the length says. */
	len = 1 << 20;
	assert_int_equal(hvabi_featureset_encode(fs, NULL, &len), -ERANGE);
	assert_int_equal(len, need);
	buf = malloc(need + 16);
	assert_non_null(buf);
	/* One byte short: -ERANGE, the size, and the buffer left alone. */
	memset(buf, 0xa5, need + 16);
	len = need - 1;
	assert_int_equal(hvabi_featureset_encode(fs, buf, &len), -ERANGE);
	assert_int_equal(len, need);
	assert_int_equal(buf[0], 0xa5);
	assert_int_equal(buf[need - 2], 0xa5);
	len = need;
	assert_int_equal(hvabi_featureset_encode(fs, buf, &len), 0);
	assert_int_equal(len, need);
	/* A larger buffer: the length says what was written, the rest is untouched. */
	len = need + 16;
	assert_int_equal(hvabi_featureset_encode(fs, buf, &len), 0);
	assert_int_equal(len, need);
	assert_int_equal(buf[need], 0xa5);
	assert_memory_equal(buf, "HVAB\x01\x00\x01\x00", 8);
	free(buf);
	hvabi_featureset_free(fs);
}

/*
 * A set whose blob would pass 4 GiB: 341,531 of the largest entries. They
 * share one wide value and one range array, so the test needs 27 MB, not
 * 4 GiB; the encoder refuses while still measuring.
 */
static void test_encode_refuses_more_than_4g(void **state)
{
	static uint8_t wide[HVABI_VALUE_MAX_BYTES];
	static struct hvabi_range ranges[HVABI_RANGES_MAX];
	const size_t per = 8 + 24 + HVABI_VALUE_MAX_BYTES + 12 * HVABI_RANGES_MAX;
	const size_t n = (size_t)((UINT32_MAX - 20ull) / per) + 1;
	struct hvabi_featureset *fs = NULL;
	struct hvabi_entry *e = calloc(n, sizeof(*e));
	size_t len = 0, i;

	(void)state;
	assert_non_null(e);
	for (i = 0; i < n; i++) {
		e[i].key = hvabi_key_reg(i);
		e[i].kind = HVABI_KIND_RANGESET;
		e[i].width = HVABI_VALUE_MAX_BYTES;
		e[i].wide = wide;
		e[i].nranges = HVABI_RANGES_MAX;
		e[i].ranges = ranges;
	}
	assert_int_equal(hvabi_featureset_new(HVABI_ARCH_ARM64, &fs), 0);
	fs->e = e;
	fs->n = fs->cap = n;
	assert_int_equal(hvabi_featureset_encode(fs, NULL, &len), -EOVERFLOW);
	assert_int_equal(len, 0);
	/* One entry fewer fits. */
	fs->n = n - 1;
	assert_int_equal(hvabi_featureset_encode(fs, NULL, &len), -ERANGE);
	assert_int_equal(len, 20 + (n - 1) * per);
	/* The entries are not the set's to free. */
	fs->e = NULL;
	fs->n = fs->cap = 0;
	hvabi_featureset_free(fs);
	free(e);
}

static void test_encode_empty_set_is_header_and_crc(void **state)
{
	struct hvabi_featureset *fs = NULL, *back;
	uint8_t b[20];
	size_t len = sizeof(b);

	(void)state;
	assert_int_equal(hvabi_featureset_new(HVABI_ARCH_X86_64, &fs), 0);
	assert_int_equal(hvabi_featureset_encode(fs, b, &len), 0);
	assert_int_equal(len, 20);
	assert_memory_equal(b, "HVAB\x01\x00\x02\x00\x14\x00\x00\x00\x00\x00\x00\x00",
			    16);
	assert_int_equal(b[16] | b[17] << 8 | b[18] << 16 | (uint32_t)b[19] << 24,
			 hvabi_crc32c(0, b, 16));
	back = expect_decoded(b, len);
	assert_true(codec_same(fs, back));
	assert_int_equal(hvabi_featureset_count(back), 0);
	hvabi_featureset_free(back);
	hvabi_featureset_free(fs);
}

static void test_round_trip_golden_set(void **state)
{
	struct hvabi_featureset *fs = golden_set(), *back;
	struct hvabi_entry e;
	size_t len;
	uint8_t *b = encode_alloc(fs, &len);

	(void)state;
	back = expect_decoded(b, len);
	assert_true(codec_same(fs, back));
	assert_string_equal(hvabi_featureset_get_kernel_release(back),
			    "6.12.48+deb13-arm64");
	assert_int_equal(hvabi_featureset_get_origin(back), HVABI_ORIGIN_PROBED);
	/* The wide value's bytes were copied out of the input. */
	assert_int_equal(
		hvabi_featureset_find(back,
				      &(struct hvabi_key){ HVABI_NS_ONE_REG, 0, 0,
							   0x6080000000150000ull },
				      &e),
		0);
	assert_true(e.wide < b || e.wide >= b + len);
	assert_int_equal(e.wide[255], (uint8_t)(1 + 7 * 255));
	hvabi_featureset_free(back);
	free(b);
	hvabi_featureset_free(fs);
}

/* Every arch, every kind, both scopes, with and without metadata. */
static void test_round_trip_every_arch_and_kind(void **state)
{
	static const enum hvabi_arch arches[] = { HVABI_ARCH_ARM64, HVABI_ARCH_X86_64,
						  HVABI_ARCH_RISCV64 };
	unsigned int a, k;

	(void)state;
	for (a = 0; a < HVABI_ARRAY_SIZE(arches); a++) {
		struct hvabi_featureset *fs = NULL, *back;
		uint8_t *b;
		size_t len;

		assert_int_equal(hvabi_featureset_new(arches[a], &fs), 0);
		for (k = 0; k < HVABI_KIND_COUNT; k++) {
			if (k == HVABI_KIND_RANGESET || k == HVABI_KIND_IMPLSET)
				continue;
			codec_put(fs, hvabi_key_msr(0x100 + k), (uint8_t)k,
				  (uint8_t)(k & 1), 8, 0x1000 + k);
		}
		codec_put_ranges(fs, hvabi_key_attr(HVABI_ATTR_VM, 0, 0), NULL, 0);
		if (arches[a] == HVABI_ARCH_ARM64)
			codec_put_impls(fs);
		if (a == 1)
			assert_int_equal(
				hvabi_featureset_set_origin(fs, HVABI_ORIGIN_COMPUTED),
				0);
		if (a == 2)
			assert_int_equal(hvabi_featureset_set_kernel_release(fs, "6.6.0"),
					 0);
		b = encode_alloc(fs, &len);
		back = expect_decoded(b, len);
		assert_true(codec_same(fs, back));
		assert_int_equal(hvabi_featureset_get_arch(back), arches[a]);
		hvabi_featureset_free(back);
		free(b);
		hvabi_featureset_free(fs);
	}
}

static void test_equal_sets_encode_to_equal_bytes(void **state)
{
	struct hvabi_featureset *a = golden_set(), *b = golden_set_order(true), *c = NULL;
	uint8_t *ba, *bb, *bc;
	size_t la, lb, lc;

	(void)state;
	assert_int_equal(hvabi_featureset_copy(a, &c), 0);
	ba = encode_alloc(a, &la);
	bb = encode_alloc(b, &lb);
	bc = encode_alloc(c, &lc);
	assert_int_equal(la, lb);
	assert_int_equal(la, lc);
	assert_memory_equal(ba, bb, la);
	assert_memory_equal(ba, bc, la);
	free(ba);
	free(bb);
	free(bc);
	hvabi_featureset_free(a);
	hvabi_featureset_free(b);
	hvabi_featureset_free(c);
}

/* The golden file pins the format byte for byte (docs/formats.md). */
static void test_golden_blob(void **state)
{
	struct hvabi_featureset *fs = golden_set(), *back;
	const char *path = test_data_path("codec/golden.blob");
	uint8_t *b;
	char *file;
	size_t len, flen = 0;

	(void)state;
	b = encode_alloc(fs, &len);
	if (getenv("HVABI_REGEN_GOLDEN")) {
		FILE *f = fopen(path, "wb");

		assert_non_null(f);
		assert_int_equal(fwrite(b, 1, len, f), len);
		assert_int_equal(fclose(f), 0);
	}
	file = test_read_file(path, &flen);
	if (!file)
		fail_msg("cannot read %s", path);
	assert_int_equal(flen, len);
	assert_memory_equal(file, b, len);
	back = expect_decoded(file, flen);
	assert_true(codec_same(fs, back));
	hvabi_featureset_free(back);
	free(file);
	free(b);
	hvabi_featureset_free(fs);
}

/* ---- decode: refusals ---- */

static void test_decode_arguments(void **state)
{
	struct hvabi_featureset *fs = NULL;
	struct hvabi_error err;
	uint8_t b[20];

	(void)state;
	memset(&err, 0, sizeof(err));
	assert_int_equal(hvabi_featureset_decode(NULL, 20, &fs, &err, sizeof(err)), -EINVAL);
	assert_int_equal(err.code, -EINVAL);
	assert_int_equal(hvabi_featureset_decode(b, sizeof(b), NULL, &err, sizeof(err)), -EINVAL);
	assert_int_equal(hvabi_featureset_decode(b, sizeof(b), NULL, NULL, 0), -EINVAL);
	assert_null(fs);
}

/* Every proper prefix of a valid blob is refused, and nothing leaks. */
static void test_decode_every_truncation(void **state)
{
	struct hvabi_featureset *fs = golden_set();
	struct hvabi_error err;
	size_t len, k;
	uint8_t *b = encode_alloc(fs, &len);

	(void)state;
	for (k = 0; k < len; k++) {
		/* A copy of exactly k bytes, so that ASan sees any read past them. */
		uint8_t *t = malloc(k ? k : 1);

		assert_non_null(t);
		memcpy(t, b, k);
		expect_refused(t, k, -EBADMSG, NULL, &err);
		assert_true(err.offset <= len);
		free(t);
	}
	free(b);
	hvabi_featureset_free(fs);
}

/* A CRC32C catches every changed byte. */
static void test_decode_every_byte_flipped(void **state)
{
	struct hvabi_featureset *fs = golden_set(), *back = (void *)0x1;
	size_t len, i;
	uint8_t *b = encode_alloc(fs, &len);
	int r;

	(void)state;
	for (i = 0; i < len; i++) {
		b[i] ^= 0xff;
		r = hvabi_featureset_decode(b, len, &back, NULL, 0);
		/* The version field is read before the CRC, for newer formats. */
		if (i == 4 || i == 5)
			assert_int_equal(r, -EPROTONOSUPPORT);
		else
			assert_int_equal(r, -EBADMSG);
		assert_ptr_equal(back, (void *)0x1);
		b[i] ^= 0xff;
	}
	free(b);
	hvabi_featureset_free(fs);
}

/*
 * Past the CRC: change every byte to several values and fix up the CRC, so
 * that the record parser itself meets the damage. Whatever it accepts must
 * be a valid set that encodes to a blob decoding to the same set.
 */
static void test_decode_damage_behind_a_good_crc(void **state)
{
	static const uint8_t values[] = {
		0x00, 0x01, 0x02, 0x03, 0x7f, 0x80, 0xfe, 0xff
	};
	struct hvabi_featureset *fs = golden_set();
	size_t len, i, v, accepted = 0;
	uint8_t *b = encode_alloc(fs, &len);
	uint8_t *t = malloc(len);

	(void)state;
	assert_non_null(t);
	for (i = 16; i < len - 4; i++) {
		for (v = 0; v < sizeof(values); v++) {
			struct hvabi_featureset *back = NULL, *again = NULL;
			uint8_t *b2;
			size_t l2;
			int r;

			memcpy(t, b, len);
			if (t[i] == values[v])
				continue;
			t[i] = values[v];
			blob_fix(t, len);
			r = hvabi_featureset_decode(t, len, &back, NULL, 0);
			if (r) {
				assert_true(r == -EBADMSG || r == -EPROTONOSUPPORT);
				assert_null(back);
				continue;
			}
			accepted++;
			b2 = encode_alloc(back, &l2);
			again = expect_decoded(b2, l2);
			assert_true(codec_same(back, again));
			hvabi_featureset_free(again);
			hvabi_featureset_free(back);
			free(b2);
		}
	}
	/* Values and metadata bytes may change freely: some damage is a valid set. */
	assert_true(accepted > 0);
	free(t);
	free(b);
	hvabi_featureset_free(fs);
}

static void test_decode_header_errors(void **state)
{
	struct hvabi_featureset *fs = golden_set();
	struct hvabi_error err;
	size_t len;
	uint8_t *b = encode_alloc(fs, &len);
	uint8_t *big;

	(void)state;
	b[0] = 'X';
	expect_refused(b, len, -EBADMSG, "magic", &err);
	assert_int_equal(err.offset, 0);
	b[0] = 'H';
	/* A newer format: refused before its length or CRC are looked at. */
	b[4] = 2;
	expect_refused(b, len, -EPROTONOSUPPORT, "version 2", &err);
	assert_int_equal(err.offset, 4);
	expect_refused(b, 7, -EPROTONOSUPPORT, "newer", NULL);
	b[4] = 0;
	expect_refused(b, len, -EBADMSG, "version 0", NULL);
	b[4] = 1;
	expect_refused(b, 5, -EBADMSG, "cut short", NULL);
	expect_refused(b, 3, -EBADMSG, "too few", NULL);
	/* The total length must be the input's length, either way. */
	b[8]++;
	expect_refused(b, len, -EBADMSG, "total length", &err);
	assert_int_equal(err.offset, 8);
	b[8] -= 2;
	expect_refused(b, len, -EBADMSG, "total length", NULL);
	b[8]++;
	big = calloc(1, len + 8);
	assert_non_null(big);
	memcpy(big, b, len);
	expect_refused(big, len + 8, -EBADMSG, "total length", NULL);
	free(big);
	/* A bad CRC, reported at the trailer. */
	b[len - 1] ^= 1;
	expect_refused(b, len, -EBADMSG, "CRC32C", &err);
	assert_int_equal(err.offset, len - 4);
	b[len - 1] ^= 1;
	b[30] ^= 0x10;
	expect_refused(b, len, -EBADMSG, "CRC32C", NULL);
	b[30] ^= 0x10;
	/* Architectures: none is malformed, an unknown one is from a newer library. */
	b[6] = 0;
	blob_fix(b, len);
	expect_refused(b, len, -EBADMSG, "architecture 0", &err);
	assert_int_equal(err.offset, 6);
	b[6] = 9;
	blob_fix(b, len);
	expect_refused(b, len, -EPROTONOSUPPORT, "architecture 9", NULL);
	b[6] = 1;
	blob_fix(b, len);
	hvabi_featureset_free(expect_decoded(b, len));
	free(b);
	hvabi_featureset_free(fs);
}

static void test_decode_record_count(void **state)
{
	struct hvabi_entry e = plain_entry(HVABI_KVM_REG_ARM_STD_BMAP, 1);
	struct hvabi_error err;
	struct bb bb;

	(void)state;
	bb_header(&bb, 1, HVABI_ARCH_ARM64);
	bb_entry(&bb, &e);
	bb_finish(&bb);
	/* Claims one record more than there is. */
	bb.b[12] = 2;
	blob_fix(bb.b, bb.n);
	expect_refused(bb.b, bb.n, -EBADMSG, "counts 2 records, the blob holds 1", &err);
	/* One less: the first record beyond the count is refused. */
	bb.b[12] = 0;
	blob_fix(bb.b, bb.n);
	expect_refused(bb.b, bb.n, -EBADMSG, "more records than the header's 0", &err);
	assert_int_equal(err.offset, 16);
	/*
	 * A hostile count is refused before anything is allocated for it (under
	 * ASan, an allocation of 4 G entries would abort the test).
	 */
	bb.b[12] = bb.b[13] = bb.b[14] = bb.b[15] = 0xff;
	blob_fix(bb.b, bb.n);
	expect_refused(bb.b, bb.n, -EBADMSG, "hold at most", &err);
	assert_int_equal(err.offset, 12);
	/* The most the input could hold, but it holds fewer. */
	bb.b[12] = (uint8_t)((bb.n - 20) / 8);
	bb.b[13] = bb.b[14] = bb.b[15] = 0;
	blob_fix(bb.b, bb.n);
	expect_refused(bb.b, bb.n, -EBADMSG, "the blob holds 1", NULL);
	free(bb.b);
}

static void test_decode_record_bounds(void **state)
{
	struct hvabi_entry e = plain_entry(HVABI_KVM_REG_ARM_STD_BMAP, 1);
	struct hvabi_error err;
	struct bb bb;
	size_t rec;

	(void)state;
	/* A payload length running past the CRC. */
	bb_header(&bb, 1, HVABI_ARCH_ARM64);
	rec = bb.n;
	bb_entry(&bb, &e);
	bb_finish(&bb);
	bb.b[rec + 4] += 1;
	blob_fix(bb.b, bb.n);
	expect_refused(bb.b, bb.n, -EBADMSG, "runs past the end", &err);
	assert_int_equal(err.offset, rec + 4);
	bb.b[rec + 7] = 0xff;
	blob_fix(bb.b, bb.n);
	expect_refused(bb.b, bb.n, -EBADMSG, "record 0 (type 3): payload of", NULL);
	free(bb.b);
	/* Stray bytes too few for a record header. */
	bb_header(&bb, 1, HVABI_ARCH_ARM64);
	bb_entry(&bb, &e);
	bb_bytes(&bb, "\x63\x00\x00\x00", 4);
	bb.count++;
	bb_finish(&bb);
	expect_refused(bb.b, bb.n, -EBADMSG, "record 1: header cut short", &err);
	free(bb.b);
	/* Unknown record flag bits. */
	bb_header(&bb, 1, HVABI_ARCH_ARM64);
	bb_record(&bb, 99, 0x2, "x", 1);
	bb_finish(&bb);
	expect_refused(bb.b, bb.n, -EBADMSG, "unknown flag bits 0x2", &err);
	assert_int_equal(err.offset, 18);
	free(bb.b);
}

static void test_decode_unknown_records(void **state)
{
	struct hvabi_entry e1 = plain_entry(HVABI_KVM_REG_ARM_STD_BMAP, 1);
	struct hvabi_entry e2 = plain_entry(HVABI_KVM_REG_ARM_VENDOR_HYP_BMAP, 3);
	struct hvabi_featureset *fs;
	struct hvabi_error err;
	struct bb bb;

	(void)state;
	/* Skippable records of a newer writer, before, between and after entries. */
	bb_header(&bb, 1, HVABI_ARCH_ARM64);
	bb_record(&bb, 0x7777, 0, "future", 6);
	bb_entry(&bb, &e1);
	bb_record(&bb, 4, 0, NULL, 0);
	bb_entry(&bb, &e2);
	bb_record(&bb, 0xffff, 0, "\x00\x01\x02", 3);
	bb_finish(&bb);
	fs = expect_decoded(bb.b, bb.n);
	assert_int_equal(hvabi_featureset_count(fs), 2);
	hvabi_featureset_free(fs);
	free(bb.b);
	/* The same record marked must-understand is refused. */
	bb_header(&bb, 1, HVABI_ARCH_ARM64);
	bb_entry(&bb, &e1);
	bb_record(&bb, 0x7777, 1, "future", 6);
	bb_finish(&bb);
	expect_refused(bb.b, bb.n, -EPROTONOSUPPORT,
		       "record 1: type 30583 must be understood", &err);
	assert_int_equal(err.offset, 16 + 8 + 32);
	free(bb.b);
}

/* Records this version knows: the must-understand bit changes nothing. */
static void test_decode_known_records_any_flag(void **state)
{
	struct hvabi_entry e = plain_entry(HVABI_KVM_REG_ARM_STD_BMAP, 1);
	struct hvabi_featureset *fs;
	struct bb bb;

	(void)state;
	bb_header(&bb, 1, HVABI_ARCH_ARM64);
	bb_entry(&bb, &e);
	bb.b[16 + 2] = 0; /* the entry without the bit */
	bb_record(&bb, 1, 1, "7.2.0", 5);
	bb_record(&bb, 2, 1, "\x02", 1);
	bb_finish(&bb);
	fs = expect_decoded(bb.b, bb.n);
	assert_string_equal(hvabi_featureset_get_kernel_release(fs), "7.2.0");
	assert_int_equal(hvabi_featureset_get_origin(fs), HVABI_ORIGIN_SIMULATED);
	assert_int_equal(hvabi_featureset_count(fs), 1);
	hvabi_featureset_free(fs);
	free(bb.b);
}

static void test_decode_metadata_errors(void **state)
{
	char rel[65];
	struct hvabi_error err;
	struct hvabi_featureset *fs;
	struct bb bb;

	(void)state;
	bb_header(&bb, 1, HVABI_ARCH_ARM64);
	bb_record(&bb, 1, 0, "6.1", 3);
	bb_record(&bb, 1, 0, "6.2", 3);
	bb_finish(&bb);
	expect_refused(bb.b, bb.n, -EBADMSG, "record 1: a second kernel release", &err);
	assert_int_equal(err.offset, 16 + 11);
	free(bb.b);

	memset(rel, 'a', sizeof(rel));
	bb_header(&bb, 1, HVABI_ARCH_ARM64);
	bb_record(&bb, 1, 0, rel, 65);
	bb_finish(&bb);
	expect_refused(bb.b, bb.n, -EBADMSG, "65 bytes, at most 64", NULL);
	free(bb.b);
	/* 64 bytes is the limit, and fits. */
	bb_header(&bb, 1, HVABI_ARCH_ARM64);
	bb_record(&bb, 1, 0, rel, 64);
	bb_finish(&bb);
	fs = expect_decoded(bb.b, bb.n);
	assert_int_equal(strlen(hvabi_featureset_get_kernel_release(fs)), 64);
	hvabi_featureset_free(fs);
	free(bb.b);

	bb_header(&bb, 1, HVABI_ARCH_ARM64);
	bb_record(&bb, 1, 0, "6.1 x", 5);
	bb_finish(&bb);
	expect_refused(bb.b, bb.n, -EBADMSG, "byte 3 (0x20) is not printable", &err);
	assert_int_equal(err.offset, 16 + 8 + 3);
	free(bb.b);
	/* A NUL would cut the string short: refused, not truncated. */
	bb_header(&bb, 1, HVABI_ARCH_ARM64);
	bb_record(&bb, 1, 0, "6.1\0x", 5);
	bb_finish(&bb);
	expect_refused(bb.b, bb.n, -EBADMSG, "(0x00) is not printable", NULL);
	free(bb.b);

	bb_header(&bb, 1, HVABI_ARCH_ARM64);
	bb_record(&bb, 2, 0, "\x01\x00", 2);
	bb_finish(&bb);
	expect_refused(bb.b, bb.n, -EBADMSG, "record 0 (origin): payload is 2 bytes",
		       NULL);
	free(bb.b);
	bb_header(&bb, 1, HVABI_ARCH_ARM64);
	bb_record(&bb, 2, 0, "\x09", 1);
	bb_finish(&bb);
	expect_refused(bb.b, bb.n, -EBADMSG, "unknown origin 9", &err);
	assert_int_equal(err.offset, 16 + 8);
	free(bb.b);
	bb_header(&bb, 1, HVABI_ARCH_ARM64);
	bb_record(&bb, 2, 0, "\x01", 1);
	bb_record(&bb, 2, 0, "\x01", 1);
	bb_finish(&bb);
	expect_refused(bb.b, bb.n, -EBADMSG, "a second origin", NULL);
	free(bb.b);
	/* An empty release and origin "none" are what absence means. */
	bb_header(&bb, 1, HVABI_ARCH_ARM64);
	bb_record(&bb, 1, 0, NULL, 0);
	bb_record(&bb, 2, 0, "\x00", 1);
	bb_finish(&bb);
	fs = expect_decoded(bb.b, bb.n);
	assert_string_equal(hvabi_featureset_get_kernel_release(fs), "");
	assert_int_equal(hvabi_featureset_get_origin(fs), HVABI_ORIGIN_NONE);
	hvabi_featureset_free(fs);
	free(bb.b);
}

static void test_decode_order_and_duplicates(void **state)
{
	struct hvabi_entry e1 = plain_entry(HVABI_KVM_REG_ARM_STD_BMAP, 1);
	struct hvabi_entry e2 = plain_entry(HVABI_KVM_REG_ARM_VENDOR_HYP_BMAP, 3);
	struct hvabi_error err;
	struct bb bb;

	(void)state;
	bb_header(&bb, 1, HVABI_ARCH_ARM64);
	bb_entry(&bb, &e2);
	bb_entry(&bb, &e1);
	bb_finish(&bb);
	expect_refused(bb.b, bb.n, -EBADMSG,
		       "record 1 (entry reg:0x6030000000160000): out of order, after "
		       "reg:0x6030000000160002",
		       &err);
	assert_int_equal(err.offset, 16 + 40 + 8);
	free(bb.b);
	bb_header(&bb, 1, HVABI_ARCH_ARM64);
	bb_entry(&bb, &e1);
	bb_entry(&bb, &e1);
	bb_finish(&bb);
	expect_refused(bb.b, bb.n, -EBADMSG, "duplicate", NULL);
	free(bb.b);
	/* Order is by key (ns, id, sub, sel), not by record bytes. */
	bb_header(&bb, 1, HVABI_ARCH_ARM64);
	e1 = plain_entry(0, 0);
	e1.key = hvabi_key_cpuid(1, 0, HVABI_CPUID_EDX);
	e1.width = 4;
	e2 = e1;
	e2.key = hvabi_key_cpuid(1, 1, HVABI_CPUID_EAX);
	bb_entry(&bb, &e1);
	bb_entry(&bb, &e2);
	bb_finish(&bb);
	hvabi_featureset_free(expect_decoded(bb.b, bb.n));
	free(bb.b);
}

/* Decode a one-entry blob holding @e; expect -EBADMSG naming @words. */
static void entry_refused(const struct hvabi_entry *e, const char *words)
{
	struct bb bb;

	bb_header(&bb, 1, HVABI_ARCH_ARM64);
	bb_entry(&bb, e);
	bb_finish(&bb);
	expect_refused(bb.b, bb.n, -EBADMSG, words, NULL);
	free(bb.b);
}

static void test_decode_bad_entry_fields(void **state)
{
	struct hvabi_range r[2] = { { 0xc6000040, 2, HVABI_RANGE_FWD_TO_USER, { 0 } },
				    { 0xc6000041, 1, HVABI_RANGE_DENY, { 0 } } };
	struct hvabi_entry base = plain_entry(HVABI_KVM_REG_ARM_STD_BMAP, 1), e;
	uint8_t wide[512] = { 0 };

	(void)state;
	e = base;
	e.kind = HVABI_KIND_COUNT;
	entry_refused(&e, "record 0 (entry reg:0x6030000000160000): unknown kind 9");
	e = base;
	e.scope = 2;
	entry_refused(&e, "unknown scope 2");
	e = base;
	e.flags = 0x8;
	entry_refused(&e, "unknown flags 0x8");
	e = base;
	e.width = 3;
	entry_refused(&e, "width 3 is not a power of two");
	e = base;
	e.width = 0;
	e.value = 0;
	entry_refused(&e, "width 0 is not a power of two");
	e = base;
	e.width = 512;
	e.wide = wide;
	entry_refused(&e, "width 512");
	e = base;
	e.width = 4;
	e.flags = HVABI_ENTRY_HAS_MAX;
	e.max = 0x100000000ull;
	entry_refused(&e, "does not fit the entry's 4-byte width");
	e = base;
	e.width = 16;
	e.wide = wide;
	entry_refused(&e, "must be of kind exact");
	e.kind = HVABI_KIND_EXACT;
	e.flags = HVABI_ENTRY_HAS_MASK;
	entry_refused(&e, "no max/mask/min");
	/* Keys: unknown namespace, bad selectors, ids out of range. */
	e = base;
	e.key.ns = 0;
	entry_refused(&e, "invalid key (namespace 0");
	e.key.ns = 9;
	entry_refused(&e, "(namespace 9, selector 0, sub 0x0, id 0x6030000000160000)");
	/* an SMCCC call's key is a 32-bit function ID */
	e.key.ns = HVABI_NS_SMCCC;
	entry_refused(&e, "(entry smccc:0x6030000000160000): invalid key (namespace 8");
	e.key = hvabi_key_smccc(HVABI_SMCCC_KVM_DISCOVER_IMPL_CPUS);
	entry_refused(&e, "an implementation list is the entry smccc:0xc6000041");
	/* implementation lists: 24 bytes a member, sorted, MIDR in 32 bits, one per VM */
	e.kind = HVABI_KIND_IMPLSET;
	e.scope = HVABI_SCOPE_VM;
	e.value = 0;
	e.width = 25;
	e.wide = wide;
	entry_refused(&e, "an implementation list of 25 bytes: 1 to 10 members of 24 bytes");
	e.width = 264;
	entry_refused(&e, "an implementation list of 264 bytes");
	e.width = 48;
	wide[0] = 2; /* member 0's MIDR 2, member 1's 0 */
	entry_refused(&e, "implementation 1 (MIDR 0x0) is not above the one before it");
	wide[24] = 3;
	wide[4] = 1; /* member 0's MIDR 0x100000002 */
	entry_refused(&e, "implementation 0: MIDR 0x100000002 is wider than 32 bits");
	wide[4] = 0;
	e.scope = HVABI_SCOPE_VCPU;
	entry_refused(&e, "has no value, max, mask or min and is one per VM");
	e.scope = HVABI_SCOPE_VM;
	e.key = hvabi_key_smccc(HVABI_SMCCC_KVM_DISCOVER_IMPL_VER);
	entry_refused(&e, "an implementation list is the entry smccc:0xc6000041");
	memset(wide, 0, sizeof(wide));
	e = base;
	/* a guest reading carries an id alone */
	e.key = hvabi_key_guest_read(0x603000000013df00ull);
	e.key.sub = 1;
	entry_refused(&e, "entry guest:0x603000000013df00): invalid key (namespace 7");
	e = base;
	e.key = hvabi_key_attr((enum hvabi_attr_target)7, 0, 0);
	entry_refused(&e, "invalid key");
	e.key = hvabi_key_cpuid(1, 0, (enum hvabi_cpuid_reg)4);
	entry_refused(&e, "invalid key");
	e.key = hvabi_key_msr(1);
	e.key.id = 1ull << 40;
	entry_refused(&e, "invalid key");
	e.key = hvabi_key_reg(1);
	e.key.sub = 1;
	entry_refused(&e, "invalid key");
	/* Ranges: only on RANGESET, sorted, disjoint, valid. */
	e = base;
	e.ranges = r;
	e.nranges = 1;
	entry_refused(&e, "only a rangeset entry holds ranges");
	e.kind = HVABI_KIND_RANGESET;
	e.nranges = 2;
	entry_refused(&e, "range 1 (base 0xc6000041) overlaps");
	r[1].base = 0xc6000050;
	r[1].count = 0;
	entry_refused(&e, "range 1 (base 0xc6000050, count 0, action 1) is invalid");
	r[1].count = 1;
	r[1].action = 3;
	entry_refused(&e, "action 3) is invalid");
	r[1].action = 0;
	r[1].reserved[2] = 1;
	entry_refused(&e, "range 1 has non-zero reserved bytes");
}

static void test_decode_entry_payload_lengths(void **state)
{
	struct hvabi_entry e = plain_entry(HVABI_KVM_REG_ARM_STD_BMAP, 1);
	struct hvabi_error err;
	struct bb bb;
	uint8_t p[64];

	(void)state;
	/* Shorter than the fixed part. */
	bb_header(&bb, 1, HVABI_ARCH_ARM64);
	memset(p, 0, sizeof(p));
	bb_record(&bb, 3, 1, p, 23);
	bb_finish(&bb);
	expect_refused(bb.b, bb.n, -EBADMSG, "23 bytes, shorter than the 24-byte", &err);
	assert_int_equal(err.offset, 20);
	free(bb.b);
	/* One byte more or less than width, flags and ranges need. */
	bb_header(&bb, 1, HVABI_ARCH_ARM64);
	bb_entry(&bb, &e);
	bb_bytes(&bb, "", 1);
	bb.b[20]++;
	bb_finish(&bb);
	expect_refused(bb.b, bb.n, -EBADMSG,
		       "payload is 33 bytes, its width 8, flags 0x0 and 0 ranges need 32",
		       NULL);
	free(bb.b);
	bb_header(&bb, 1, HVABI_ARCH_ARM64);
	e.flags = HVABI_ENTRY_HAS_MAX | HVABI_ENTRY_HAS_MIN;
	bb_entry(&bb, &e);
	bb.n--;
	bb.b[20]--;
	bb_finish(&bb);
	expect_refused(bb.b, bb.n, -EBADMSG, "payload is 47 bytes", NULL);
	free(bb.b);
	/* A range count the payload does not back. */
	bb_header(&bb, 1, HVABI_ARCH_ARM64);
	e.flags = 0;
	e.kind = HVABI_KIND_RANGESET;
	bb_entry(&bb, &e);
	bb.b[16 + 8 + 22] = 0xff;
	bb.b[16 + 8 + 23] = 0xff;
	bb_finish(&bb);
	expect_refused(bb.b, bb.n, -EBADMSG, "65535 ranges need 786452", NULL);
	free(bb.b);
}

/* More ranges than any entry holds, with the bytes to back them. */
static void test_decode_too_many_ranges(void **state)
{
	struct hvabi_entry e = plain_entry(0, 0);
	struct hvabi_range *r = calloc(HVABI_RANGES_MAX + 1, sizeof(*r));
	struct hvabi_featureset *fs;
	struct hvabi_error err;
	struct bb bb;
	unsigned int i;

	(void)state;
	assert_non_null(r);
	for (i = 0; i <= HVABI_RANGES_MAX; i++) {
		r[i].base = 0x80000000u + 2 * i;
		r[i].count = 1;
	}
	e.key = hvabi_key_attr(HVABI_ATTR_VM, 0, 0);
	e.kind = HVABI_KIND_RANGESET;
	e.ranges = r;
	e.nranges = HVABI_RANGES_MAX + 1;
	bb_header(&bb, 1, HVABI_ARCH_ARM64);
	bb_entry(&bb, &e);
	bb_finish(&bb);
	expect_refused(bb.b, bb.n, -EBADMSG, "1025 ranges, at most 1024", &err);
	assert_int_equal(err.offset, 16 + 8 + 22);
	free(bb.b);
	/* The most there may be decodes. */
	e.nranges = HVABI_RANGES_MAX;
	bb_header(&bb, 1, HVABI_ARCH_ARM64);
	bb_entry(&bb, &e);
	bb_finish(&bb);
	fs = expect_decoded(bb.b, bb.n);
	assert_int_equal(hvabi_featureset_find(fs, &e.key, &e), 0);
	assert_int_equal(e.nranges, HVABI_RANGES_MAX);
	assert_int_equal(e.ranges[HVABI_RANGES_MAX - 1].base, 0x80000000u + 2 * 1023);
	hvabi_featureset_free(fs);
	free(bb.b);
	free(r);
}

/* Our writer and the library's agree, so the hand-made blobs test the real format. */
static void test_test_writer_matches_library(void **state)
{
	struct hvabi_featureset *fs = golden_set();
	struct hvabi_entry e;
	struct bb bb;
	size_t len, i;
	uint8_t *b = encode_alloc(fs, &len);

	(void)state;
	bb_header(&bb, 1, HVABI_ARCH_ARM64);
	bb_record(&bb, 1, 0, "6.12.48+deb13-arm64", 19);
	bb_record(&bb, 2, 0, "\x01", 1);
	for (i = 0; i < hvabi_featureset_count(fs); i++) {
		assert_int_equal(hvabi_featureset_get_entry(fs, i, &e), 0);
		bb_entry(&bb, &e);
	}
	bb_finish(&bb);
	assert_int_equal(bb.n, len);
	assert_memory_equal(bb.b, b, len);
	free(bb.b);
	free(b);
	hvabi_featureset_free(fs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crc32c_vectors),
		cmocka_unit_test(test_crc32c_table_matches_bitwise),
		cmocka_unit_test(test_crc32c_hw_equals_sw),
		cmocka_unit_test(test_encode_arguments_and_size_query),
		cmocka_unit_test(test_encode_refuses_more_than_4g),
		cmocka_unit_test(test_encode_empty_set_is_header_and_crc),
		cmocka_unit_test(test_round_trip_golden_set),
		cmocka_unit_test(test_round_trip_every_arch_and_kind),
		cmocka_unit_test(test_equal_sets_encode_to_equal_bytes),
		cmocka_unit_test(test_golden_blob),
		cmocka_unit_test(test_test_writer_matches_library),
		cmocka_unit_test(test_decode_arguments),
		cmocka_unit_test(test_decode_every_truncation),
		cmocka_unit_test(test_decode_every_byte_flipped),
		cmocka_unit_test(test_decode_damage_behind_a_good_crc),
		cmocka_unit_test(test_decode_header_errors),
		cmocka_unit_test(test_decode_record_count),
		cmocka_unit_test(test_decode_record_bounds),
		cmocka_unit_test(test_decode_unknown_records),
		cmocka_unit_test(test_decode_known_records_any_flag),
		cmocka_unit_test(test_decode_metadata_errors),
		cmocka_unit_test(test_decode_order_and_duplicates),
		cmocka_unit_test(test_decode_bad_entry_fields),
		cmocka_unit_test(test_decode_entry_payload_lengths),
		cmocka_unit_test(test_decode_too_many_ranges),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
