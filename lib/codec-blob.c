/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The binary blob a VMM carries in its migration stream (docs/formats.md).
 *
 * The decoder reads bytes from the source host, which may be compromised:
 * every length is checked against the bytes actually present before it is
 * used, nothing is allocated beyond what the input length can justify,
 * every multi-byte field is read with memcpy (records are not aligned) and
 * every entry goes through the same check as hvabi_featureset_put().
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crc32c.h"
#include "byteorder.h"
#include "internal.h"

#define BLOB_MAGIC "HVAB"
#define BLOB_HDR_SIZE 16u
#define BLOB_REC_HDR_SIZE 8u
#define BLOB_TRAILER_SIZE 4u
#define BLOB_MIN_SIZE (BLOB_HDR_SIZE + BLOB_TRAILER_SIZE)
/* key (16), kind, scope, flags, width, nranges */
#define BLOB_ENTRY_FIXED 24u
#define BLOB_RANGE_SIZE 12u

#define BLOB_REC_MUST_UNDERSTAND 0x0001u

enum blob_record_type {
	BLOB_REC_KERNEL = 1,
	BLOB_REC_ORIGIN = 2,
	BLOB_REC_ENTRY = 3,
};

/* How many of max, mask and min an entry carries. */
static inline unsigned int extra_count(uint16_t flags)
{
	return (flags & HVABI_ENTRY_HAS_MAX ? 1u : 0u) +
	       (flags & HVABI_ENTRY_HAS_MASK ? 1u : 0u) +
	       (flags & HVABI_ENTRY_HAS_MIN ? 1u : 0u);
}

/* Payload bytes of an entry record; widths and counts are u16, so no overflow. */
static inline size_t entry_payload_size(uint16_t flags, uint16_t width, uint16_t nranges)
{
	return BLOB_ENTRY_FIXED + width + 8u * extra_count(flags) +
	       (size_t)BLOB_RANGE_SIZE * nranges;
}

/* ---- encoder ---- */

static uint8_t *put_record_header(uint8_t *p, uint16_t type, uint16_t flags,
				  uint32_t plen)
{
	p = put16(p, type);
	p = put16(p, flags);
	return put32(p, plen);
}

static uint8_t *put_entry(uint8_t *p, const struct hvabi_entry *e)
{
	unsigned int i;

	p = put_record_header(
		p, BLOB_REC_ENTRY, BLOB_REC_MUST_UNDERSTAND,
		(uint32_t)entry_payload_size(e->flags, e->width, e->nranges));
	p = put16(p, e->key.ns);
	p = put16(p, e->key.sel);
	p = put32(p, e->key.sub);
	p = put64(p, e->key.id);
	*p++ = e->kind;
	*p++ = e->scope;
	p = put16(p, e->flags);
	p = put16(p, e->width);
	p = put16(p, e->nranges);
	if (e->width > 8) {
		memcpy(p, e->wide, e->width);
		p += e->width;
	} else {
		for (i = 0; i < e->width; i++)
			*p++ = (uint8_t)(e->value >> (8 * i));
	}
	if (e->flags & HVABI_ENTRY_HAS_MAX)
		p = put64(p, e->max);
	if (e->flags & HVABI_ENTRY_HAS_MASK)
		p = put64(p, e->mask);
	if (e->flags & HVABI_ENTRY_HAS_MIN)
		p = put64(p, e->min);
	for (i = 0; i < e->nranges; i++) {
		p = put32(p, e->ranges[i].base);
		p = put32(p, e->ranges[i].count);
		*p++ = e->ranges[i].action;
		*p++ = 0;
		*p++ = 0;
		*p++ = 0;
	}
	return p;
}

HVABI_EXPORT int hvabi_featureset_encode(const struct hvabi_featureset *fs, void *buf,
					 size_t *len)
{
	size_t rel_len, i, records = 0;
	uint64_t need = BLOB_MIN_SIZE;
	uint8_t *p;

	if (!fs || !len)
		return -EINVAL;
	rel_len = strlen(fs->release);
	if (rel_len) {
		need += BLOB_REC_HDR_SIZE + rel_len;
		records++;
	}
	if (fs->origin != HVABI_ORIGIN_NONE) {
		need += BLOB_REC_HDR_SIZE + 1;
		records++;
	}
	for (i = 0; i < fs->n; i++)
		need += BLOB_REC_HDR_SIZE + entry_payload_size(fs->e[i].flags,
							       fs->e[i].width,
							       fs->e[i].nranges);
	records += fs->n;
	/* The header's u32 total length bounds a blob (some 300,000 entries). */
	if (need > UINT32_MAX)
		return -EOVERFLOW;
	if (!buf || *len < need) {
		*len = (size_t)need;
		return -ERANGE;
	}

	p = buf;
	memcpy(p, BLOB_MAGIC, 4);
	p = put16(p + 4, HVABI_BLOB_FORMAT_VERSION);
	p = put16(p, (uint16_t)fs->arch);
	p = put32(p, (uint32_t)need);
	p = put32(p, (uint32_t)records);
	if (rel_len) {
		p = put_record_header(p, BLOB_REC_KERNEL, 0, (uint32_t)rel_len);
		memcpy(p, fs->release, rel_len);
		p += rel_len;
	}
	if (fs->origin != HVABI_ORIGIN_NONE) {
		p = put_record_header(p, BLOB_REC_ORIGIN, 0, 1);
		*p++ = (uint8_t)fs->origin;
	}
	for (i = 0; i < fs->n; i++)
		p = put_entry(p, &fs->e[i]);
	put32(p, hvabi_crc32c(0, buf, (size_t)(p - (uint8_t *)buf)));
	*len = (size_t)need;
	return 0;
}

HVABI_EXPORT int hvabi_featureset_encode_alloc(const struct hvabi_featureset *fs, void **ret,
					       size_t *ret_len)
{
	size_t len = 0;
	void *blob;
	int r;

	if (!fs || !ret || !ret_len)
		return -EINVAL;
	r = hvabi_featureset_encode(fs, NULL, &len);
	if (r != -ERANGE)
		return r < 0 ? r : -EIO;
	blob = malloc(len);
	if (!blob)
		return -ENOMEM;
	r = hvabi_featureset_encode(fs, blob, &len);
	if (r) {
		free(blob);
		return r == -ERANGE ? -EIO : r;
	}
	*ret = blob;
	*ret_len = len;
	return 0;
}

/* ---- decoder ---- */

struct blob_dec {
	const uint8_t *b;
	size_t len;
	struct hvabi_error *err;
	struct hvabi_featureset *fs;
	struct hvabi_range *ranges; /* scratch for one entry's ranges */
	size_t ranges_cap;
	bool have_kernel;
	bool have_origin;
};

static int dec_fail(struct blob_dec *d, int code, size_t off, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int dec_fail(struct blob_dec *d, int code, size_t off, const char *fmt, ...)
{
	char msg[sizeof(d->err->message)];
	va_list ap;

	/* Fuzzers and callers without @err skip the formatting. */
	if (!d->err)
		return code;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return hvabi_error_set(d->err, code, 0, 0, off, "%s", msg);
}

/* A key as text for messages, even one that is not valid. */
static void key_text(const struct hvabi_key *k, char *buf, size_t len)
{
	if (hvabi_key_format(k, buf, len) < 0)
		snprintf(buf, len,
			 "(namespace %u, selector %u, sub 0x%" PRIx32 ", id 0x%" PRIx64 ")",
			 k->ns, k->sel, k->sub, k->id);
}

static int dec_kernel(struct blob_dec *d, unsigned int idx, size_t off, const uint8_t *p,
		      uint32_t plen)
{
	char rel[HVABI_RELEASE_MAX + 1];
	uint32_t i;

	if (d->have_kernel)
		return dec_fail(d, -EBADMSG, off,
				"record %u: a second kernel release record", idx);
	if (plen > HVABI_RELEASE_MAX)
		return dec_fail(d, -EBADMSG, off + 4,
				"record %u (kernel release): %" PRIu32
				" bytes, at most %u",
				idx, plen, HVABI_RELEASE_MAX);
	for (i = 0; i < plen; i++)
		if (p[i] < 0x21 || p[i] > 0x7e)
			return dec_fail(d, -EBADMSG, off + BLOB_REC_HDR_SIZE + i,
					"record %u (kernel release): byte %" PRIu32
					" (0x%02x) is not printable ASCII",
					idx, i, p[i]);
	memcpy(rel, p, plen);
	rel[plen] = '\0';
	hvabi_featureset_set_kernel_release(d->fs, rel);
	d->have_kernel = true;
	return 0;
}

static int dec_origin(struct blob_dec *d, unsigned int idx, size_t off, const uint8_t *p,
		      uint32_t plen)
{
	if (d->have_origin)
		return dec_fail(d, -EBADMSG, off, "record %u: a second origin record",
				idx);
	if (plen != 1)
		return dec_fail(d, -EBADMSG, off + 4,
				"record %u (origin): payload is %" PRIu32 " bytes, not 1",
				idx, plen);
	if (hvabi_featureset_set_origin(d->fs, (enum hvabi_origin)p[0]))
		return dec_fail(d, -EBADMSG, off + BLOB_REC_HDR_SIZE,
				"record %u (origin): unknown origin %u", idx, p[0]);
	d->have_origin = true;
	return 0;
}

/*
 * Give a decoded entry its own copies of the bytes it points at: the wide
 * value in the input, the ranges in the scratch. The entry check allows
 * at most one of the two.
 */
static int own_blocks(struct hvabi_entry *e)
{
	void *p;

	if (e->width > 8) {
		p = malloc(e->width);
		if (!p)
			return -ENOMEM;
		e->wide = memcpy(p, e->wide, e->width);
	}
	if (e->nranges) {
		p = malloc(sizeof(*e->ranges) * e->nranges);
		if (!p)
			return -ENOMEM;
		e->ranges = memcpy(p, e->ranges, sizeof(*e->ranges) * e->nranges);
	}
	return 0;
}

/*
 * The value (by width: wide ones point into the input until own_blocks())
 * and the max, mask and min the flags say are there; returns what follows.
 */
static const uint8_t *dec_value(struct hvabi_entry *e, const uint8_t *q)
{
	unsigned int i;

	switch (e->width) {
	case 8:
		e->value = get64(q);
		break;
	case 4:
		e->value = get32(q);
		break;
	case 2:
		e->value = get16(q);
		break;
	case 1:
		e->value = q[0];
		break;
	default:
		if (e->width > 8) {
			e->wide = q;
		} else {
			/* An invalid width the entry check refuses. */
			for (i = 0; i < e->width; i++)
				e->value |= (uint64_t)q[i] << (8 * i);
		}
		break;
	}
	q += e->width;
	if (e->flags & HVABI_ENTRY_HAS_MAX) {
		e->max = get64(q);
		q += 8;
	}
	if (e->flags & HVABI_ENTRY_HAS_MASK) {
		e->mask = get64(q);
		q += 8;
	}
	if (e->flags & HVABI_ENTRY_HAS_MIN) {
		e->min = get64(q);
		q += 8;
	}
	return q;
}

/* Entry record @idx at @off: its ranges at @q, into the decoder's scratch array. */
static int dec_ranges(struct blob_dec *d, unsigned int idx, size_t off, struct hvabi_entry *e,
		      const uint8_t *q)
{
	char kt[64];
	unsigned int i;

	if (e->nranges > HVABI_RANGES_MAX) {
		key_text(&e->key, kt, sizeof(kt));
		return dec_fail(d, -EBADMSG, off + BLOB_REC_HDR_SIZE + 22,
				"record %u (entry %s): %u ranges, at most %u",
				idx, kt, e->nranges, HVABI_RANGES_MAX);
	}
	/* Bounded by HVABI_RANGES_MAX and paid for by 12 input bytes each. */
	if (e->nranges > d->ranges_cap) {
		struct hvabi_range *nr = realloc(d->ranges, sizeof(*nr) * e->nranges);

		if (!nr)
			return dec_fail(d, -ENOMEM, off, "out of memory");
		d->ranges = nr;
		d->ranges_cap = e->nranges;
	}
	for (i = 0; i < e->nranges; i++, q += BLOB_RANGE_SIZE) {
		struct hvabi_range *rg = &d->ranges[i];

		if (q[9] | q[10] | q[11]) {
			key_text(&e->key, kt, sizeof(kt));
			return dec_fail(d, -EBADMSG, (size_t)(q - d->b) + 9,
					"record %u (entry %s): range %u has non-zero reserved bytes",
					idx, kt, i);
		}
		memset(rg, 0, sizeof(*rg));
		rg->base = get32(q);
		rg->count = get32(q + 4);
		rg->action = q[8];
	}
	e->ranges = d->ranges;
	return 0;
}

static int dec_entry(struct blob_dec *d, unsigned int idx, size_t off, const uint8_t *p,
		     uint32_t plen)
{
	struct hvabi_featureset *fs = d->fs;
	const size_t poff = off + BLOB_REC_HDR_SIZE;
	char why[160], kt[64];
	struct hvabi_entry *e;
	const uint8_t *q;
	size_t need;
	int r;

	if (plen < BLOB_ENTRY_FIXED)
		return dec_fail(d, -EBADMSG, off + 4,
				"record %u (entry): payload is %" PRIu32
				" bytes, shorter than the %u-byte entry header",
				idx, plen, BLOB_ENTRY_FIXED);
	/*
	 * Decoded in place, in the slot after the last entry (the decoder
	 * reserved room for every entry the input can hold), so a valid entry
	 * costs no copy; the slot joins the set only once every check passed.
	 */
	if (fs->n == fs->cap && hvabi_fs_reserve(fs, fs->n + 1))
		return dec_fail(d, -ENOMEM, off, "out of memory");
	e = &fs->e[fs->n];
	*e = (struct hvabi_entry){
		.key = { .ns = get16(p), .sel = get16(p + 2), .sub = get32(p + 4),
			 .id = get64(p + 8) },
		.kind = p[16],
		.scope = p[17],
		.flags = get16(p + 18),
		.width = get16(p + 20),
		.nranges = get16(p + 22),
	};
	/* Unknown flag bits would make the layout ambiguous; the check names them. */
	need = entry_payload_size(e->flags & HVABI_ENTRY_FLAGS_ALL, e->width, e->nranges);
	if (plen != need) {
		key_text(&e->key, kt, sizeof(kt));
		return dec_fail(d, -EBADMSG, off + 4,
				"record %u (entry %s): payload is %" PRIu32
				" bytes, its width %u, flags 0x%x and %u ranges need %zu",
				idx, kt, plen, e->width, e->flags, e->nranges, need);
	}
	q = dec_value(e, p + BLOB_ENTRY_FIXED);
	if (e->nranges) {
		r = dec_ranges(d, idx, off, e, q);
		if (r)
			return r;
	}
	if (hvabi_entry_check(e, why, sizeof(why))) {
		key_text(&e->key, kt, sizeof(kt));
		return dec_fail(d, -EBADMSG, poff, "record %u (entry %s): %s", idx, kt,
				why);
	}
	/* Sorted input: each key after the last. */
	if (fs->n && hvabi_key_cmp(&fs->e[fs->n - 1].key, &e->key) >= 0) {
		const struct hvabi_key *prev = &fs->e[fs->n - 1].key;
		char pt[64];

		key_text(&e->key, kt, sizeof(kt));
		key_text(prev, pt, sizeof(pt));
		return dec_fail(
			d, -EBADMSG, poff,
			hvabi_key_cmp(prev, &e->key)
				? "record %u (entry %s): out of order, after %s"
				: "record %u (entry %s): duplicate of the entry before (%s)",
			idx, kt, pt);
	}
	r = own_blocks(e);
	if (r)
		return dec_fail(d, r, off, "out of memory");
	hvabi_fs_commit(fs);
	return 0;
}

static int dec_records(struct blob_dec *d, uint32_t count)
{
	const uint8_t *b = d->b;
	const size_t end = d->len - BLOB_TRAILER_SIZE;
	size_t off = BLOB_HDR_SIZE;
	uint32_t idx;
	int r;

	for (idx = 0; off < end; idx++) {
		uint16_t type, flags;
		uint32_t plen;

		if (idx == count)
			return dec_fail(d, -EBADMSG, off,
					"record %" PRIu32
					": more records than the header's %" PRIu32,
					idx, count);
		if (end - off < BLOB_REC_HDR_SIZE)
			return dec_fail(d, -EBADMSG, off,
					"record %" PRIu32
					": header cut short (%zu bytes before the CRC)",
					idx, end - off);
		type = get16(b + off);
		flags = get16(b + off + 2);
		plen = get32(b + off + 4);
		if (flags & ~BLOB_REC_MUST_UNDERSTAND)
			return dec_fail(d, -EBADMSG, off + 2,
					"record %" PRIu32
					" (type %u): unknown flag bits 0x%x",
					idx, type, flags & ~BLOB_REC_MUST_UNDERSTAND);
		if (plen > end - off - BLOB_REC_HDR_SIZE)
			return dec_fail(d, -EBADMSG, off + 4,
					"record %" PRIu32
					" (type %u): payload of %" PRIu32
					" bytes runs past the end (%zu left)",
					idx, type, plen, end - off - BLOB_REC_HDR_SIZE);
		switch (type) {
		case BLOB_REC_KERNEL:
			r = dec_kernel(d, idx, off, b + off + BLOB_REC_HDR_SIZE, plen);
			break;
		case BLOB_REC_ORIGIN:
			r = dec_origin(d, idx, off, b + off + BLOB_REC_HDR_SIZE, plen);
			break;
		case BLOB_REC_ENTRY:
			r = dec_entry(d, idx, off, b + off + BLOB_REC_HDR_SIZE, plen);
			break;
		default:
			/* A newer writer's record: skip it unless it says we must not. */
			r = 0;
			if (flags & BLOB_REC_MUST_UNDERSTAND)
				r = dec_fail(d, -EPROTONOSUPPORT, off,
					     "record %" PRIu32 ": type %u must be understood "
					     "and this library does not know it",
					     idx, type);
			break;
		}
		if (r)
			return r;
		off += BLOB_REC_HDR_SIZE + plen;
	}
	if (idx != count)
		return dec_fail(d, -EBADMSG, 12,
				"the header counts %" PRIu32
				" records, the blob holds %" PRIu32,
				count, idx);
	return 0;
}

static int decode(const void *buf, size_t len, struct hvabi_featureset **ret,
		  struct hvabi_error *err)
{
	struct blob_dec d = { .b = buf, .len = len, .err = err };
	uint32_t total, count, stored, crc;
	uint16_t version, arch;
	size_t max_records;
	int r;

	if (!buf || !ret)
		return dec_fail(&d, -EINVAL, 0, "NULL %s", buf ? "ret" : "buffer");
	if (len < 4)
		return dec_fail(&d, -EBADMSG, 0, "%zu bytes are too few for a blob", len);
	if (memcmp(buf, BLOB_MAGIC, 4))
		return dec_fail(&d, -EBADMSG, 0, "bad magic: not a libhvabi blob");
	if (len < 6)
		return dec_fail(&d, -EBADMSG, 4,
				"blob cut short in its header (%zu bytes)", len);
	version = get16(d.b + 4);
	/* Checked before anything else: a newer format may lay out the rest anew. */
	if (version > HVABI_BLOB_FORMAT_VERSION)
		return dec_fail(&d, -EPROTONOSUPPORT, 4,
				"blob format version %u is newer than this library's %u",
				version, HVABI_BLOB_FORMAT_VERSION);
	if (!version)
		return dec_fail(&d, -EBADMSG, 4, "blob format version 0 does not exist");
	if (len < BLOB_MIN_SIZE)
		return dec_fail(&d, -EBADMSG, len,
				"blob cut short: %zu bytes, the smallest blob is %u", len,
				BLOB_MIN_SIZE);
	total = get32(d.b + 8);
	if (total != len)
		return dec_fail(&d, -EBADMSG, 8,
				"the header gives a total length of %" PRIu32
				" bytes, the blob has %zu",
				total, len);
	stored = get32(d.b + len - BLOB_TRAILER_SIZE);
	crc = hvabi_crc32c(0, buf, len - BLOB_TRAILER_SIZE);
	if (stored != crc)
		return dec_fail(&d, -EBADMSG, len - BLOB_TRAILER_SIZE,
				"CRC32C mismatch: the blob says 0x%08" PRIx32
				", its bytes give 0x%08" PRIx32,
				stored, crc);
	arch = get16(d.b + 6);
	if (!hvabi_arch_name((enum hvabi_arch)arch))
		return dec_fail(&d, arch ? -EPROTONOSUPPORT : -EBADMSG, 6,
				"architecture %u is %s", arch,
				arch ? "not one this library knows" : "not set");
	count = get32(d.b + 12);
	max_records = (len - BLOB_MIN_SIZE) / BLOB_REC_HDR_SIZE;
	if (count > max_records)
		return dec_fail(&d, -EBADMSG, 12,
				"the header counts %" PRIu32
				" records, %zu bytes hold at most %zu",
				count, len, max_records);

	r = hvabi_featureset_new((enum hvabi_arch)arch, &d.fs);
	if (r)
		return dec_fail(&d, r, 0, "out of memory");
	/*
	 * Reserve for the entries the input can hold (an entry record takes
	 * at least 33 bytes), not for what the header claims.
	 */
	max_records = (len - BLOB_MIN_SIZE) / (BLOB_REC_HDR_SIZE + BLOB_ENTRY_FIXED + 1);
	r = hvabi_fs_reserve(d.fs, count < max_records ? count : max_records);
	if (r)
		r = dec_fail(&d, r, 0, "out of memory");
	else
		r = dec_records(&d, count);
	free(d.ranges);
	if (r) {
		hvabi_featureset_free(d.fs);
		return r;
	}
	*ret = d.fs;
	return 0;
}

HVABI_EXPORT int hvabi_featureset_decode(const void *buf, size_t len,
					 struct hvabi_featureset **ret, struct hvabi_error *err,
					 size_t err_sz)
{
	return hvabi_decode_public(decode, buf, len, ret, err, err_sz);
}
