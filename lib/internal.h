/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Private to the library: never installed. Everything here is hidden by
 * visibility; the hvabi_ prefix keeps static links collision-free.
 */
#ifndef HVABI_INTERNAL_H
#define HVABI_INTERNAL_H

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <libhvabi/hvabi.h>

#define HVABI_EXPORT __attribute__((visibility("default")))

#define HVABI_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define HVABI_RELEASE_MAX 64

/* Kinds this library knows; not public, as callers would bake it into arrays. */
#define HVABI_KIND_COUNT (HVABI_KIND_IMPLSET + 1)

/* Bytes from the start of @type to the end of its member @member. */
#define hvabi_offsetofend(type, member) \
	(offsetof(type, member) + sizeof(((type *)0)->member))

/*
 * A record the library fills is handed in with the caller's sizeof (the
 * rule in docs/design.md, "API rules"): a caller built against an older
 * header gets the fields it knows, a newer one gets zeros past ours.
 * @min is the first release's size; anything smaller is not a record of
 * this type.
 */
static inline int hvabi_copy_out(void *dst, size_t dst_sz, const void *src, size_t src_sz,
				 size_t min)
{
	if (!dst || dst_sz < min)
		return -EINVAL;
	if (dst_sz > src_sz) {
		memcpy(dst, src, src_sz);
		memset((char *)dst + src_sz, 0, dst_sz - src_sz);
	} else {
		memcpy(dst, src, dst_sz);
	}
	return 0;
}

struct hvabi_cat_table;

/* hvabi_featureset.row[i] of an entry the catalogue does not know. */
#define HVABI_ROW_NONE UINT16_MAX

/*
 * Entries are stored as the public struct itself: wide and ranges then
 * point at heap blocks the set owns (hence the casts in featureset.c).
 * A read hands the struct out unchanged, which keeps reads copy-free.
 *
 * Each entry's catalogue row is found once, when the entry joins the set
 * (put, append, decode), and kept beside it: row[i] indexes cat's rows
 * (HVABI_ROW_NONE: not catalogued). The public struct cannot carry it
 * (callers build entries themselves), and the rules of a check would
 * otherwise search the catalogue for every entry of every host
 * (hvabi_fs_row() reads it). Whatever writes e[] in place keeps row[]
 * in step: hvabi_fs_commit(), hvabi_fs_rows_refresh(). Both live in one
 * block, the rows first (hvabi_fs_reserve()); row is what is freed.
 */
struct hvabi_featureset {
	enum hvabi_arch arch;
	enum hvabi_origin origin;
	char release[HVABI_RELEASE_MAX + 1];
	size_t n;
	size_t cap;
	struct hvabi_entry *e;
	uint16_t *row;
	const struct hvabi_cat_table *cat;
	/* the catalogue position of the last key appended: decoders walk it once */
	size_t cat_pos;
};

/*
 * hvabi_key_compare() for the library's own hot loops: exported symbols
 * are called through the PLT from inside a shared library.
 */
static inline int hvabi_key_cmp(const struct hvabi_key *a, const struct hvabi_key *b)
{
	if (a->ns != b->ns)
		return a->ns < b->ns ? -1 : 1;
	if (a->id != b->id)
		return a->id < b->id ? -1 : 1;
	if (a->sub != b->sub)
		return a->sub < b->sub ? -1 : 1;
	if (a->sel != b->sel)
		return a->sel < b->sel ? -1 : 1;
	return 0;
}

/*
 * A key's canonical text, snprintf-style (the length, or -EINVAL): the
 * library's own formatting; hvabi_key_to_string() is the public form.
 */
int hvabi_key_format(const struct hvabi_key *key, char *buf, size_t len);

/* Index of @key in @fs, or -(insertion point) - 1 when absent. */
ptrdiff_t hvabi_fs_search(const struct hvabi_featureset *fs, const struct hvabi_key *key);

/*
 * Check an entry for put/decode; on failure writes why into @why (which
 * may be NULL) and returns -EINVAL.
 */
int hvabi_entry_check(const struct hvabi_entry *e, char *why, size_t len);

/* One member of an IMPLSET entry's wide value: MIDR, REVIDR, AIDR, LE. */
#define HVABI_IMPL_BYTES 24u

/* Member @i of the IMPLSET entry @e (checked: i below width / 24). */
void hvabi_impl_at(const struct hvabi_entry *e, size_t i, struct hvabi_impl *ret);

/* Write @im at @p as an IMPLSET member (HVABI_IMPL_BYTES); returns the byte after it. */
uint8_t *hvabi_impl_put(uint8_t *p, const struct hvabi_impl *im);

/* Order of implementations: by MIDR, then REVIDR, then AIDR. */
int hvabi_impl_cmp(const struct hvabi_impl *a, const struct hvabi_impl *b);

/*
 * Append an entry whose key sorts after every entry already in @fs
 * (decoders read sorted input); copies wide/ranges. -EINVAL when out of
 * order or a duplicate, -ENOMEM.
 */
int hvabi_fs_append(struct hvabi_featureset *fs, const struct hvabi_entry *e);

/* Reserve room for @n entries in total. */
int hvabi_fs_reserve(struct hvabi_featureset *fs, size_t n);

/*
 * Join the entry a decoder filled in place at e[n] (room reserved) to the
 * set: finds its catalogue row, then n++. Cannot fail.
 */
void hvabi_fs_commit(struct hvabi_featureset *fs);

/* Find every entry's row again, after e[] was reordered in place. */
void hvabi_fs_rows_refresh(struct hvabi_featureset *fs);

/* Whether two entries are equal in every stored fact. */
bool hvabi_entry_equal(const struct hvabi_entry *a, const struct hvabi_entry *b);

/*
 * Whether apply writes the "off" value (hvabi_rule_off()) for @key where
 * the set lacks it and the destination has it: a CPUID register (the
 * table is written whole) and a member of a register family (arm64's
 * hypercall bitmaps, riscv's single SBI extensions). Anything else keeps
 * the destination's own value.
 */
bool hvabi_apply_writes_off(enum hvabi_arch arch, const struct hvabi_key *key);

/* snprintf into an error message buffer that may be NULL. */
void hvabi_msg(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Fill a struct hvabi_error (which may be NULL); returns @code. */
/* The first release's struct hvabi_error: the least a caller may pass. */
#define HVABI_ERROR_MIN hvabi_offsetofend(struct hvabi_error, message)

/*
 * A public decoder's end: on failure, copy the error @e (filled by the
 * decoder, or made here from @r when it failed before reading) into the
 * caller's @dst of @dst_sz bytes. Returns @r.
 */
int hvabi_error_out(struct hvabi_error *dst, size_t dst_sz, struct hvabi_error *e, int r);

/* A decoder: @in of @len bytes into a new set, *err filled on failure (may be NULL). */
typedef int (*hvabi_decoder)(const void *in, size_t len, struct hvabi_featureset **ret,
			     struct hvabi_error *err);

/*
 * A public decoder's body: refuse an error record smaller than the first
 * release's, run @decode with a record of this library's size, and copy
 * it out (hvabi_error_out()).
 */
int hvabi_decode_public(hvabi_decoder decode, const void *in, size_t len,
			struct hvabi_featureset **ret, struct hvabi_error *err, size_t err_sz);

int hvabi_error_set(struct hvabi_error *err, int code, unsigned int line,
		    unsigned int column, size_t offset, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

#endif /* HVABI_INTERNAL_H */
