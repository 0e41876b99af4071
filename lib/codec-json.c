/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The JSON text form of a feature set (docs/formats.md).
 *
 * The writer emits one canonical text per set: fixed member order, one
 * entry per line, integers as lower-case hex strings. The reader is a
 * strict recursive-descent parser for this one schema: it never builds a
 * generic tree, so unknown members, wrong types and nesting the schema
 * does not have are refused where they stand, with the line and column of
 * the offending byte (computed only once an error has happened).
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog-internal.h"
#include "codec-json-read.h"
#include "textbuf.h"

#define JSON_FORMAT_NAME "libhvabi"
/* Longer than any key text ("attr:system:0xffffffff:0xffffffffffffffff"). */
#define JSON_KEY_MAX 64
/* "0x" and two digits per byte of the widest value. */
#define JSON_VALUE_MAX (2 + 2 * HVABI_VALUE_MAX_BYTES)
/* max, mask, min, base, count: "0x" and 16 digits; more only to quote. */
#define JSON_HEX64_MAX 40
/* Containers in and below the entries array: entries, entry, ranges, range. */
#define JSON_ENTRIES_DEPTH 4

static const char hex_digits[] = "0123456789abcdef";

/*
 * The reader's hot loops look bytes up rather than branch on ranges:
 * digits and letters alternate at random in hex values, and mispredicted
 * branches cost more than the parse itself.
 */
/* Value of a lower-case hex digit, -1 for any other byte (upper case included). */
static const int8_t lower_hex_val[256] = {
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	 0,  1,  2,  3,  4,  5,  6,  7,  8,  9, -1, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1, 10, 11, 12, 13, 14, 15, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
};

/* The reader's copy of hvabi_kind_name(); the round-trip tests hold them equal. */
static const struct hvabi_jr_name kind_names[HVABI_KIND_COUNT] = {
	[HVABI_KIND_EXACT] = HVABI_JR_NAME("exact"),
	[HVABI_KIND_BITMAP] = HVABI_JR_NAME("bitmap"),
	[HVABI_KIND_VERSION] = HVABI_JR_NAME("version"),
	[HVABI_KIND_LEVEL] = HVABI_JR_NAME("level"),
	[HVABI_KIND_IDFIELDS] = HVABI_JR_NAME("idfields"),
	[HVABI_KIND_RANGESET] = HVABI_JR_NAME("rangeset"),
	[HVABI_KIND_CPUID] = HVABI_JR_NAME("cpuid"),
	[HVABI_KIND_FREQUENCY] = HVABI_JR_NAME("frequency"),
	[HVABI_KIND_IMPLSET] = HVABI_JR_NAME("implset"),
};

static const struct hvabi_jr_name scope_names[] = {
	[HVABI_SCOPE_VCPU] = HVABI_JR_NAME("vcpu"),
	[HVABI_SCOPE_VM] = HVABI_JR_NAME("vm"),
};

static const struct hvabi_jr_name action_names[] = {
	[HVABI_RANGE_HANDLE] = HVABI_JR_NAME("handle"),
	[HVABI_RANGE_DENY] = HVABI_JR_NAME("deny"),
	[HVABI_RANGE_FWD_TO_USER] = HVABI_JR_NAME("fwd_to_user"),
};

static const struct hvabi_jr_name attr_targets[] = {
	[HVABI_ATTR_VM] = HVABI_JR_NAME("vm"),
	[HVABI_ATTR_VCPU] = HVABI_JR_NAME("vcpu"),
	[HVABI_ATTR_SYSTEM] = HVABI_JR_NAME("system"),
};

/* ---- writer ---- */

/* Counts every byte; stores them only while they fit (cap 0 measures). */
struct jw {
	char *buf;
	size_t cap;
	size_t n;
};

static void jw_mem(struct jw *w, const char *s, size_t len)
{
	if (w->n + len <= w->cap)
		memcpy(w->buf + w->n, s, len);
	w->n += len;
}

static void jw_lit(struct jw *w, const char *s)
{
	jw_mem(w, s, strlen(s));
}

/* A JSON string; our strings are printable ASCII, but escape what JSON needs. */
static void jw_str(struct jw *w, const char *s)
{
	char esc[6] = { '\\', 'u', '0', '0' };

	jw_mem(w, "\"", 1);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\') {
			esc[1] = (char)c;
			jw_mem(w, esc, 2);
			esc[1] = 'u';
		} else if (c < 0x20) {
			esc[4] = hex_digits[c >> 4];
			esc[5] = hex_digits[c & 15];
			jw_mem(w, esc, 6);
		} else {
			jw_mem(w, s, 1);
		}
	}
	jw_mem(w, "\"", 1);
}

static void jw_hex(struct jw *w, uint64_t v)
{
	char t[1 + 2 + 16 + 1];
	size_t i = sizeof(t);

	t[--i] = '"';
	do {
		t[--i] = hex_digits[v & 15];
		v >>= 4;
	} while (v);
	t[--i] = 'x';
	t[--i] = '0';
	t[--i] = '"';
	jw_mem(w, t + i, sizeof(t) - i);
}

static void jw_dec(struct jw *w, unsigned int v)
{
	char t[12];
	size_t i = sizeof(t);

	do {
		t[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	jw_mem(w, t + i, sizeof(t) - i);
}

/* A wide value: every byte, most significant first. */
static void jw_wide(struct jw *w, const uint8_t *b, unsigned int width)
{
	char t[JSON_VALUE_MAX + 2];
	size_t n = 0;

	t[n++] = '"';
	t[n++] = '0';
	t[n++] = 'x';
	while (width--) {
		t[n++] = hex_digits[b[width] >> 4];
		t[n++] = hex_digits[b[width] & 15];
	}
	t[n++] = '"';
	jw_mem(w, t, n);
}

/* Entry @e of a set, whose catalogue row (NULL: unknown) is @row. */
static void jw_entry(struct jw *w, const struct hvabi_cat_entry *row, const struct hvabi_entry *e)
{
	char key[JSON_KEY_MAX];
	unsigned int i;

	hvabi_key_format(&e->key, key, sizeof(key));
	jw_lit(w, "    {\"key\": ");
	jw_str(w, key);
	if (row) {
		jw_lit(w, ", \"name\": ");
		jw_str(w, row->name);
	}
	jw_lit(w, ", \"kind\": ");
	jw_str(w, hvabi_kind_name((enum hvabi_kind)e->kind));
	jw_lit(w, ", \"scope\": ");
	jw_str(w, scope_names[e->scope].s);
	jw_lit(w, ", \"width\": ");
	jw_dec(w, e->width);
	if (e->kind == HVABI_KIND_IMPLSET) {
		struct hvabi_impl im;

		jw_lit(w, ", \"impls\": [");
		for (i = 0; i < e->width / HVABI_IMPL_BYTES; i++) {
			hvabi_impl_at(e, i, &im);
			jw_lit(w, i ? ", {\"midr\": " : "{\"midr\": ");
			jw_hex(w, im.midr);
			jw_lit(w, ", \"revidr\": ");
			jw_hex(w, im.revidr);
			jw_lit(w, ", \"aidr\": ");
			jw_hex(w, im.aidr);
			jw_lit(w, "}");
		}
		jw_lit(w, "]}");
		return;
	}
	jw_lit(w, ", \"value\": ");
	if (e->width > 8)
		jw_wide(w, e->wide, e->width);
	else
		jw_hex(w, e->value);
	if (e->flags & HVABI_ENTRY_HAS_MAX) {
		jw_lit(w, ", \"max\": ");
		jw_hex(w, e->max);
	}
	if (e->flags & HVABI_ENTRY_HAS_MASK) {
		jw_lit(w, ", \"mask\": ");
		jw_hex(w, e->mask);
	}
	if (e->flags & HVABI_ENTRY_HAS_MIN) {
		jw_lit(w, ", \"min\": ");
		jw_hex(w, e->min);
	}
	if (e->kind == HVABI_KIND_RANGESET) {
		jw_lit(w, ", \"ranges\": [");
		for (i = 0; i < e->nranges; i++) {
			jw_lit(w, i ? ", {\"base\": " : "{\"base\": ");
			jw_hex(w, e->ranges[i].base);
			jw_lit(w, ", \"count\": ");
			jw_hex(w, e->ranges[i].count);
			jw_lit(w, ", \"action\": ");
			jw_str(w, action_names[e->ranges[i].action].s);
			jw_lit(w, "}");
		}
		jw_lit(w, "]");
	}
	jw_lit(w, "}");
}

static void jw_set(struct jw *w, const struct hvabi_featureset *fs)
{
	size_t i;

	jw_lit(w, "{\n  \"format\": \"" JSON_FORMAT_NAME "\",\n  \"version\": ");
	jw_dec(w, HVABI_JSON_FORMAT_VERSION);
	jw_lit(w, ",\n  \"arch\": ");
	jw_str(w, hvabi_arch_name(fs->arch));
	if (fs->release[0]) {
		jw_lit(w, ",\n  \"kernel\": ");
		jw_str(w, fs->release);
	}
	if (fs->origin != HVABI_ORIGIN_NONE) {
		jw_lit(w, ",\n  \"origin\": ");
		jw_str(w, hvabi_origin_name(fs->origin));
	}
	if (!fs->n) {
		jw_lit(w, ",\n  \"entries\": []\n}\n");
		return;
	}
	jw_lit(w, ",\n  \"entries\": [\n");
	for (i = 0; i < fs->n; i++) {
		jw_entry(w, hvabi_fs_row(fs, i), &fs->e[i]);
		jw_lit(w, i + 1 < fs->n ? ",\n" : "\n");
	}
	jw_lit(w, "  ]\n}\n");
}

HVABI_EXPORT int hvabi_featureset_to_json(const struct hvabi_featureset *fs, char *buf,
					  size_t *len)
{
	struct jw w = { NULL, 0, 0 };

	if (!fs || !len)
		return -EINVAL;
	/* Measure first, so that a short buffer is left as it was. */
	jw_set(&w, fs);
	if (!buf || *len < w.n + 1) {
		*len = w.n;
		return -ERANGE;
	}
	w.buf = buf;
	w.cap = *len;
	w.n = 0;
	jw_set(&w, fs);
	buf[w.n] = '\0';
	*len = w.n;
	return 0;
}

HVABI_DEFINE_TEXT_ALLOC(hvabi_featureset_to_json_alloc, struct hvabi_featureset,
			hvabi_featureset_to_json)

/* ---- reader ---- */

struct jp {
	struct hvabi_jr r;
	enum hvabi_arch arch;
	struct hvabi_jr_set set;
	/* One entry's ranges, reused from entry to entry. */
	struct hvabi_range *ranges;
	size_t ranges_cap;
	/* One entry's implementations. */
	struct hvabi_impl impls[HVABI_IMPLS_MAX];
	size_t nimpls;
};

/* A lower-case hex digit's value, or -1 (the format writes no upper case). */
static inline int lower_hex(unsigned char c)
{
	return lower_hex_val[c];
}

/*
 * Parse a hex string as the writer emits it ("0x", lower-case digits, no
 * leading zero but in "0x0") of at most @bits bits. @len is the string's
 * length, of which @cap bytes were kept; @width_unit says whether the
 * limit is an entry's width (for the message).
 */
static int jp_hex(struct hvabi_jr *jr, const char *at, const char *member, const char *s,
		  size_t len, size_t cap, unsigned int bits, bool width_unit,
		  uint64_t *ret)
{
	uint64_t v = 0;
	char q[HVABI_JR_SHOWN];
	size_t i;
	int bad;

	if (len > cap)
		goto too_wide; /* longer than any valid text */
	if (len < 3 || s[0] != '0' || s[1] != 'x' || (len > 3 && s[2] == '0'))
		goto malformed;
	for (i = 2, bad = 0; i < len; i++) {
		int d = lower_hex((unsigned char)s[i]);

		/* One test after the loop, not a branch per digit. */
		bad |= d;
		v = v << 4 | (unsigned int)(d & 15);
	}
	if (bad < 0)
		goto malformed;
	if (len - 2 > 16 || (bits < 64 && v >> bits))
		goto too_wide;
	*ret = v;
	return 0;
malformed:
	return hvabi_jr_fail(
		jr, at, -EBADMSG,
		"%s \"%s\" is not a hex string (\"0x\" and lower-case digits, "
		"no leading zeros)",
		member, hvabi_jr_shown(s, len, cap, q));
too_wide:
	if (width_unit)
		return hvabi_jr_fail(jr, at, -EBADMSG, "%s %s does not fit width %u",
				     member, hvabi_jr_shown(s, len, cap, q), bits / 8);
	return hvabi_jr_fail(jr, at, -EBADMSG, "%s %s does not fit %u bits", member,
			     hvabi_jr_shown(s, len, cap, q), bits);
}

/*
 * A number in a key's text, as hvabi_key_to_string() writes it: "0x" and
 * lower-case hex digits, exactly @fixed of them if @fixed, else without
 * leading zeros and at most @max. Returns where it stopped, or NULL.
 */
static const char *key_hex(const char *p, const char *end, unsigned int fixed,
			   unsigned int max, uint64_t *ret)
{
	const char *s;
	uint64_t v = 0;
	size_t n;
	int d;

	if (end - p < 3 || p[0] != '0' || p[1] != 'x')
		return NULL;
	for (s = p += 2; p < end && (d = lower_hex((unsigned char)*p)) >= 0; p++)
		v = v << 4 | (unsigned int)d;
	n = (size_t)(p - s);
	if (!n || n > max || (fixed ? n != fixed : n > 1 && *s == '0'))
		return NULL;
	*ret = v;
	return p;
}

/* A name from @t followed by @stop (or the end when @stop is NUL). */
static const char *key_name(const char *p, const char *end, const struct hvabi_jr_name *t,
			    size_t n, char stop, unsigned int *ret)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (!t[i].s || (size_t)(end - p) < t[i].len ||
		    memcmp(p, t[i].s, t[i].len))
			continue;
		if (stop ? (p + t[i].len < end && p[t[i].len] == stop)
			 : p + t[i].len == end) {
			*ret = (unsigned int)i;
			return p + t[i].len;
		}
	}
	return NULL;
}

static bool has_prefix(const char **p, const char *end, const char *prefix, size_t len)
{
	if ((size_t)(end - *p) < len || memcmp(*p, prefix, len))
		return false;
	*p += len;
	return true;
}

#define PREFIX(p, end, lit) has_prefix(&(p), end, lit, sizeof(lit) - 1)

/*
 * Parse a key in exactly the text hvabi_key_to_string() writes (so that
 * each key has one text, and without its printf on the hot path).
 */
static bool parse_key(const char *p, const char *end, struct hvabi_key *k)
{
	uint64_t a, b;
	unsigned int sel;
	bool hv;

	if ((hv = false, PREFIX(p, end, "reg:")) || (hv = true, PREFIX(p, end, "guest:"))) {
		if (!(p = key_hex(p, end, 16, 16, &a)))
			return false;
		*k = hv ? hvabi_key_guest_read(a) : hvabi_key_reg(a);
	} else if (PREFIX(p, end, "attr:")) {
		if (!(p = key_name(p, end, attr_targets, HVABI_ARRAY_SIZE(attr_targets),
				   ':', &sel)) ||
		    !(p = key_hex(p + 1, end, 0, 8, &a)) || p == end || *p != ':' ||
		    !(p = key_hex(p + 1, end, 0, 16, &b)))
			return false;
		*k = hvabi_key_attr((enum hvabi_attr_target)sel, (uint32_t)a, b);
	} else if ((hv = false, PREFIX(p, end, "cpuid:")) ||
		   (hv = true, PREFIX(p, end, "hvcpuid:"))) {
		if (!(p = key_hex(p, end, 0, 8, &a)) || p == end || *p != ':' ||
		    !(p = key_hex(p + 1, end, 0, 8, &b)) || p == end || *p != ':' ||
		    !key_name(p + 1, end, hvabi_jr_cpuid_regs,
			      HVABI_ARRAY_SIZE(hvabi_jr_cpuid_regs), '\0', &sel))
			return false;
		*k = hv ? hvabi_key_hv_cpuid((uint32_t)a, (uint32_t)b,
					     (enum hvabi_cpuid_reg)sel)
			: hvabi_key_cpuid((uint32_t)a, (uint32_t)b,
					  (enum hvabi_cpuid_reg)sel);
		return true;
	} else if (PREFIX(p, end, "msr:")) {
		if (!(p = key_hex(p, end, 0, 8, &a)))
			return false;
		*k = hvabi_key_msr((uint32_t)a);
	} else if (PREFIX(p, end, "smccc:")) {
		if (!(p = key_hex(p, end, 0, 8, &a)))
			return false;
		*k = hvabi_key_smccc((uint32_t)a);
	} else if ((hv = false, PREFIX(p, end, "cap:")) || (hv = true, PREFIX(p, end, "vcpu:"))) {
		const char *s = p;

		for (a = 0; p < end && *p >= '0' && *p <= '9' && a <= UINT32_MAX; p++)
			a = a * 10 + (uint64_t)(*p - '0');
		if (p == s || a > UINT32_MAX || (p - s > 1 && *s == '0'))
			return false;
		*k = hv ? hvabi_key_vcpu_value((enum hvabi_vcpu_value)a) : hvabi_key_cap((uint32_t)a);
	} else {
		return false;
	}
	return p == end;
}

enum {
	RM_BASE,
	RM_COUNT,
	RM_ACTION,
	RM_N,
};

static const struct hvabi_jr_name range_members[RM_N] = {
	HVABI_JR_NAME("base"),
	HVABI_JR_NAME("count"),
	HVABI_JR_NAME("action"),
};

static int jp_range(struct hvabi_jr *jr, struct hvabi_range *rg)
{
	const char *obj = jr->p, *at;
	char s[JSON_HEX64_MAX];
	unsigned int seen = 0;
	uint64_t v;
	size_t len;
	int id, r, a;

	memset(rg, 0, sizeof(*rg));
	for (r = hvabi_jr_open(jr, '{', NULL, "a range"); r > 0;
	     r = hvabi_jr_next(jr, '}')) {
		r = hvabi_jr_member_id(jr, range_members, RM_N, &seen, "a range", false,
				       &id);
		if (r)
			return r;
		at = jr->p;
		if (id == RM_ACTION) {
			r = hvabi_jr_enum(jr, "action", action_names,
					  HVABI_ARRAY_SIZE(action_names),
					  "handle, deny or fwd_to_user", &a);
			rg->action = (uint8_t)a;
		} else {
			r = hvabi_jr_str_value(jr, range_members[id].s, s, sizeof(s),
					       &len);
			if (!r)
				r = jp_hex(jr, at, range_members[id].s, s, len, sizeof(s),
					   32, false, &v);
			if (!r && id == RM_BASE)
				rg->base = (uint32_t)v;
			else if (!r)
				rg->count = (uint32_t)v;
		}
		if (r)
			return r;
	}
	if (r)
		return r;
	return hvabi_jr_required(jr, obj, range_members, (1u << RM_N) - 1, seen,
				 "a range");
}

/* The "ranges" array, into jp->ranges. */
static int jp_ranges(struct jp *jp, uint16_t *n)
{
	struct hvabi_jr *jr = &jp->r;
	size_t k = 0;
	int r;

	for (r = hvabi_jr_open(jr, '[', "ranges", NULL); r > 0;
	     r = hvabi_jr_next(jr, ']')) {
		if (k == HVABI_RANGES_MAX)
			return hvabi_jr_fail(jr, jr->p, -EBADMSG, "more than %u ranges",
					     HVABI_RANGES_MAX);
		if (k == jp->ranges_cap) {
			size_t cap = jp->ranges_cap ? 2 * jp->ranges_cap : 8;
			struct hvabi_range *nr = realloc(jp->ranges, cap * sizeof(*nr));

			if (!nr)
				return hvabi_jr_fail(jr, jr->p, -ENOMEM, "out of memory");
			jp->ranges = nr;
			jp->ranges_cap = cap;
		}
		r = jp_range(jr, &jp->ranges[k++]);
		if (r)
			return r;
	}
	*n = (uint16_t)k;
	return r;
}

enum {
	IM_MIDR,
	IM_REVIDR,
	IM_AIDR,
	IM_N,
};

static const struct hvabi_jr_name impl_members[IM_N] = {
	HVABI_JR_NAME("midr"),
	HVABI_JR_NAME("revidr"),
	HVABI_JR_NAME("aidr"),
};

static int jp_impl(struct hvabi_jr *jr, struct hvabi_impl *im)
{
	uint64_t *field[IM_N] = { &im->midr, &im->revidr, &im->aidr };
	const char *obj = jr->p, *at;
	char s[JSON_HEX64_MAX];
	unsigned int seen = 0;
	size_t len;
	int id, r;

	for (r = hvabi_jr_open(jr, '{', NULL, "an implementation"); r > 0;
	     r = hvabi_jr_next(jr, '}')) {
		r = hvabi_jr_member_id(jr, impl_members, IM_N, &seen, "an implementation", false,
				       &id);
		if (r)
			return r;
		at = jr->p;
		r = hvabi_jr_str_value(jr, impl_members[id].s, s, sizeof(s), &len);
		if (!r)
			r = jp_hex(jr, at, impl_members[id].s, s, len, sizeof(s),
				   id == IM_MIDR ? 32 : 64, false, field[id]);
		if (r)
			return r;
	}
	if (r)
		return r;
	return hvabi_jr_required(jr, obj, impl_members, (1u << IM_N) - 1, seen,
				 "an implementation");
}

/* The "impls" array, into jp->impls. */
static int jp_impls(struct jp *jp)
{
	struct hvabi_jr *jr = &jp->r;
	int r;

	jp->nimpls = 0;
	for (r = hvabi_jr_open(jr, '[', "impls", NULL); r > 0;
	     r = hvabi_jr_next(jr, ']')) {
		if (jp->nimpls == HVABI_IMPLS_MAX)
			return hvabi_jr_fail(jr, jr->p, -EBADMSG, "more than %u implementations",
					     HVABI_IMPLS_MAX);
		r = jp_impl(jr, &jp->impls[jp->nimpls++]);
		if (r)
			return r;
	}
	return r;
}

enum {
	EM_KEY,
	EM_NAME,
	EM_KIND,
	EM_SCOPE,
	EM_WIDTH,
	EM_VALUE,
	EM_MAX,
	EM_MASK,
	EM_MIN,
	EM_RANGES,
	EM_IMPLS,
	EM_N,
};

static const struct hvabi_jr_name entry_members[EM_N] = {
	HVABI_JR_NAME("key"),    HVABI_JR_NAME("name"),  HVABI_JR_NAME("kind"),
	HVABI_JR_NAME("scope"),  HVABI_JR_NAME("width"), HVABI_JR_NAME("value"),
	HVABI_JR_NAME("max"),    HVABI_JR_NAME("mask"),  HVABI_JR_NAME("min"),
	HVABI_JR_NAME("ranges"), HVABI_JR_NAME("impls"),
};

/* An implset entry has "impls" in place of "value". */
#define EM_REQUIRED                                                               \
	((1u << EM_KEY) | (1u << EM_KIND) | (1u << EM_SCOPE) | (1u << EM_WIDTH))

/* One entry as read, kept for the checks that need all of its members. */
struct jentry {
	const char *at[EM_N];
	char name[JSON_KEY_MAX];
	size_t name_len;
	char value[JSON_VALUE_MAX];
	size_t value_len;
	char extra[3][JSON_HEX64_MAX]; /* max, mask, min */
	size_t extra_len[3];
	uint8_t wide[HVABI_VALUE_MAX_BYTES];
};

static int jp_key(struct hvabi_jr *jr, struct hvabi_key *key)
{
	const char *at = jr->p;
	char s[JSON_KEY_MAX], q[HVABI_JR_SHOWN];
	size_t len;
	int r;

	r = hvabi_jr_str_value(jr, "key", s, sizeof(s), &len);
	if (r)
		return r;
	if (len <= sizeof(s) && parse_key(s, s + len, key))
		return 0;
	return hvabi_jr_fail(jr, at, -EBADMSG,
			     "key \"%s\" is not a key as libhvabi writes it (e.g. "
			     "\"reg:0x6030000000140000\", \"cpuid:0x7:0x0:ebx\", "
			     "\"cap:230\")",
			     hvabi_jr_shown(s, len, sizeof(s), q));
}

/* The set builder's report of a key given twice. */
static int jp_dup(struct hvabi_jr *jr, const struct hvabi_key *key, size_t first,
		  size_t again)
{
	char kt[JSON_KEY_MAX];

	hvabi_key_format(key, kt, sizeof(kt));
	return hvabi_jr_fail(jr, jr->start + again, -EBADMSG,
			     "duplicate entry %s (first on line %u)", kt,
			     hvabi_jr_line(jr, first));
}

/* The value text of a wide entry, into little-endian bytes. */
static int jp_wide(struct hvabi_jr *jr, struct jentry *je, unsigned int width)
{
	const char *s = je->value;
	size_t len = je->value_len, i;
	char q[HVABI_JR_SHOWN];

	if (len != 2 + 2 * (size_t)width || s[0] != '0' || s[1] != 'x')
		goto bad;
	/* Most significant byte first in the text, least significant first in memory. */
	for (i = 0; i < width; i++) {
		int hi = lower_hex((unsigned char)s[len - 2 - 2 * i]);
		int lo = lower_hex((unsigned char)s[len - 1 - 2 * i]);

		if (hi < 0 || lo < 0)
			goto bad;
		je->wide[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
bad:
	return hvabi_jr_fail(jr, je->at[EM_VALUE], -EBADMSG,
			     "value \"%s\" of a %u-byte entry must be \"0x\" and exactly "
			     "%u lower-case hex digits",
			     hvabi_jr_shown(s, len, sizeof(je->value), q), width,
			     2 * width);
}

/* The checks that need the whole entry; then store it. */
static int jp_entry_finish(struct jp *jp, struct jentry *je, struct hvabi_entry *e,
			   unsigned int seen, const char *obj)
{
	static const uint16_t extra_flag[3] = {
		HVABI_ENTRY_HAS_MAX,
		HVABI_ENTRY_HAS_MASK,
		HVABI_ENTRY_HAS_MIN,
	};
	char q[HVABI_JR_SHOWN], why[160], kt[JSON_KEY_MAX];
	struct hvabi_jr *jr = &jp->r;
	struct hvabi_catalog_info info;
	uint64_t *extra[3] = { &e->max, &e->mask, &e->min };
	int id, r;

	r = hvabi_jr_required(jr, obj, entry_members,
			      EM_REQUIRED | (e->kind == HVABI_KIND_IMPLSET ? 1u << EM_IMPLS
									 : 1u << EM_VALUE),
			      seen, "an entry");
	if (r)
		return r;
	if (seen & (1u << (e->kind == HVABI_KIND_IMPLSET ? EM_VALUE : EM_IMPLS))) {
		hvabi_key_format(&e->key, kt, sizeof(kt));
		return hvabi_jr_fail(jr, je->at[e->kind == HVABI_KIND_IMPLSET ? EM_VALUE : EM_IMPLS],
				     -EBADMSG, "%s is %s: only an implset entry has \"impls\", "
				     "and it has no \"value\"", kt, kind_names[e->kind].s);
	}
	if (e->kind == HVABI_KIND_IMPLSET) {
		uint8_t *p = je->wide;
		size_t i;

		for (i = 0; i < jp->nimpls; i++)
			p = hvabi_impl_put(p, &jp->impls[i]);
		if (e->width != jp->nimpls * HVABI_IMPL_BYTES)
			return hvabi_jr_fail(jr, je->at[EM_WIDTH], -EBADMSG,
					     "width %u: %zu implementations take %zu bytes",
					     e->width, jp->nimpls, jp->nimpls * HVABI_IMPL_BYTES);
		e->wide = je->wide;
	} else if (e->width & (e->width - 1)) {
		return hvabi_jr_fail(jr, je->at[EM_WIDTH], -EBADMSG,
				     "width %u is not a power of two from 1 to %u", e->width,
				     HVABI_VALUE_MAX_BYTES);
	}
	/* Names are for people; ignored unless they contradict the catalogue. */
	if ((seen & (1u << EM_NAME)) && !hvabi_catalog_lookup(jp->arch, &e->key, &info, sizeof(info)) &&
	    (je->name_len > sizeof(je->name) || strlen(info.name) != je->name_len ||
	     memcmp(info.name, je->name, je->name_len))) {
		hvabi_key_format(&e->key, kt, sizeof(kt));
		return hvabi_jr_fail(
			jr, je->at[EM_NAME], -EBADMSG,
			"name \"%s\" contradicts the catalogue, which calls %s \"%s\"",
			hvabi_jr_shown(je->name, je->name_len, sizeof(je->name), q), kt,
			info.name);
	}
	if (e->kind == HVABI_KIND_IMPLSET) {
	} else if (e->width > 8) {
		r = jp_wide(jr, je, e->width);
		if (r)
			return r;
		e->wide = je->wide;
	} else {
		r = jp_hex(jr, je->at[EM_VALUE], "value", je->value, je->value_len,
			   sizeof(je->value), 8u * e->width, true, &e->value);
		if (r)
			return r;
	}
	for (id = 0; id < 3; id++) {
		if (!(seen & (1u << (EM_MAX + id))))
			continue;
		/* Wide entries have none: the entry check says so. */
		e->flags |= extra_flag[id];
		if (e->width > 8)
			continue;
		r = jp_hex(jr, je->at[EM_MAX + id], entry_members[EM_MAX + id].s,
			   je->extra[id], je->extra_len[id], sizeof(je->extra[id]),
			   8u * e->width, true, extra[id]);
		if (r)
			return r;
	}
	if ((seen & (1u << EM_RANGES)) && e->kind != HVABI_KIND_RANGESET) {
		hvabi_key_format(&e->key, kt, sizeof(kt));
		return hvabi_jr_fail(jr, je->at[EM_RANGES], -EBADMSG,
				     "only a rangeset entry has \"ranges\", and %s is %s",
				     kt, kind_names[e->kind].s);
	}
	if (e->nranges)
		e->ranges = jp->ranges;
	if (hvabi_entry_check(e, why, sizeof(why))) {
		hvabi_key_format(&e->key, kt, sizeof(kt));
		return hvabi_jr_fail(jr, obj, -EBADMSG, "entry %s: %s", kt, why);
	}
	return hvabi_jr_set_push(jr, &jp->set, e, obj);
}

/* One entry member's value, where jentry or @e keeps it. */
static int jp_entry_member(struct jp *jp, struct jentry *je, struct hvabi_entry *e,
			   int id)
{
	struct hvabi_jr *jr = &jp->r;
	uint64_t width = 0;
	int r, k;

	switch (id) {
	case EM_KEY:
		return jp_key(jr, &e->key);
	case EM_NAME:
		return hvabi_jr_str_value(jr, "name", je->name, sizeof(je->name),
					  &je->name_len);
	case EM_KIND:
		r = hvabi_jr_enum(
			jr, "kind", kind_names, HVABI_KIND_COUNT,
			"exact, bitmap, version, level, idfields, rangeset, cpuid, frequency or "
			"implset", &k);
		e->kind = (uint8_t)k;
		return r;
	case EM_SCOPE:
		r = hvabi_jr_enum(jr, "scope", scope_names, HVABI_ARRAY_SIZE(scope_names),
				  "vm or vcpu", &k);
		e->scope = (uint8_t)k;
		return r;
	case EM_WIDTH:
		r = hvabi_jr_expect(jr, '0', "width", NULL);
		if (!r)
			r = hvabi_jr_uint(jr, "width", &width);
		/* a power of two, or 24 a member of an implementation list (its kind decides) */
		if (!r && (width < 1 || width > HVABI_VALUE_MAX_BYTES ||
			   ((width & (width - 1)) && width % HVABI_IMPL_BYTES)))
			r = hvabi_jr_fail(jr, je->at[id], -EBADMSG,
					  "width %" PRIu64
					  " is not a power of two from 1 to %u",
					  width, HVABI_VALUE_MAX_BYTES);
		e->width = (uint16_t)width;
		return r;
	case EM_VALUE:
		return hvabi_jr_str_value(jr, "value", je->value, sizeof(je->value),
					  &je->value_len);
	case EM_MAX:
	case EM_MASK:
	case EM_MIN:
		return hvabi_jr_str_value(jr, entry_members[id].s, je->extra[id - EM_MAX],
					  sizeof(je->extra[0]),
					  &je->extra_len[id - EM_MAX]);
	case EM_IMPLS:
		return jp_impls(jp);
	default:
		return jp_ranges(jp, &e->nranges);
	}
}

static int jp_entry(struct jp *jp, struct jentry *je)
{
	struct hvabi_jr *jr = &jp->r;
	const char *obj = jr->p;
	struct hvabi_entry e;
	unsigned int seen = 0;
	int id, r;

	memset(&e, 0, sizeof(e));
	for (r = hvabi_jr_open(jr, '{', NULL, "an entry"); r > 0;
	     r = hvabi_jr_next(jr, '}')) {
		r = hvabi_jr_member_id(jr, entry_members, EM_N, &seen, "an entry", false,
				       &id);
		if (r)
			return r;
		je->at[id] = jr->p;
		r = jp_entry_member(jp, je, &e, id);
		if (r)
			return r;
	}
	return r ? r : jp_entry_finish(jp, je, &e, seen, obj);
}

/* The entries array (at its '['), into a new set. */
static int jp_entries(struct jp *jp)
{
	struct hvabi_jr *jr = &jp->r;
	struct jentry *je;
	int r;

	r = hvabi_jr_set_new(jr, &jp->set, jp->arch);
	if (r)
		return r;
	/* Some 1.3 KiB of scratch, reused for every entry, kept off the stack. */
	je = malloc(sizeof(*je));
	if (!je)
		return hvabi_jr_fail(jr, jr->p, -ENOMEM, "out of memory");
	for (r = hvabi_jr_open(jr, '[', "entries", NULL); r > 0;
	     r = hvabi_jr_next(jr, ']')) {
		r = jp_entry(jp, je);
		if (r)
			break;
	}
	free(je);
	return r;
}

enum {
	TM_FORMAT,
	TM_VERSION,
	TM_ARCH,
	TM_KERNEL,
	TM_ORIGIN,
	TM_ENTRIES,
	TM_N,
};

static const struct hvabi_jr_name top_members[TM_N] = {
	HVABI_JR_NAME("format"), HVABI_JR_NAME("version"), HVABI_JR_NAME("arch"),
	HVABI_JR_NAME("kernel"), HVABI_JR_NAME("origin"),  HVABI_JR_NAME("entries"),
};

#define TM_REQUIRED \
	((1u << TM_FORMAT) | (1u << TM_VERSION) | (1u << TM_ARCH) | (1u << TM_ENTRIES))

/* The value of one top-level member (not "entries"). */
static int jp_top_member(struct jp *jp, int id, char *release, enum hvabi_origin *origin)
{
	static const struct hvabi_jr_name arch_names[] = {
		[HVABI_ARCH_ARM64] = HVABI_JR_NAME("arm64"),
		[HVABI_ARCH_X86_64] = HVABI_JR_NAME("x86_64"),
		[HVABI_ARCH_RISCV64] = HVABI_JR_NAME("riscv64"),
	};
	static const struct hvabi_jr_name origin_names[] = {
		[HVABI_ORIGIN_NONE] = HVABI_JR_NAME("none"),
		[HVABI_ORIGIN_PROBED] = HVABI_JR_NAME("probed"),
		[HVABI_ORIGIN_SIMULATED] = HVABI_JR_NAME("simulated"),
		[HVABI_ORIGIN_IMPORTED] = HVABI_JR_NAME("imported"),
		[HVABI_ORIGIN_COMPUTED] = HVABI_JR_NAME("computed"),
	};
	struct hvabi_jr *jr = &jp->r;
	const char *at = jr->p;
	char s[HVABI_RELEASE_MAX], q[HVABI_JR_SHOWN];
	uint64_t v;
	size_t len;
	int r, k;

	switch (id) {
	case TM_FORMAT:
		r = hvabi_jr_str_value(jr, "format", s, sizeof(s), &len);
		if (!r && (len != sizeof(JSON_FORMAT_NAME) - 1 ||
			   memcmp(s, JSON_FORMAT_NAME, len)))
			r = hvabi_jr_fail(jr, at, -EBADMSG,
					  "format \"%s\" is not \"" JSON_FORMAT_NAME "\"",
					  hvabi_jr_shown(s, len, sizeof(s), q));
		return r;
	case TM_VERSION:
		r = hvabi_jr_expect(jr, '0', "version", NULL);
		if (!r)
			r = hvabi_jr_uint(jr, "version", &v);
		if (r)
			return r;
		if (v > HVABI_JSON_FORMAT_VERSION)
			return hvabi_jr_fail(jr, at, -EPROTONOSUPPORT,
					     "format version %" PRIu64
					     " is newer than this library's %u",
					     v, HVABI_JSON_FORMAT_VERSION);
		if (!v)
			return hvabi_jr_fail(jr, at, -EBADMSG,
					     "format version 0 does not exist");
		return 0;
	case TM_ARCH:
		r = hvabi_jr_enum(jr, "arch", arch_names, HVABI_ARRAY_SIZE(arch_names),
				  "arm64, x86_64 or riscv64", &k);
		jp->arch = (enum hvabi_arch)k;
		return r;
	case TM_KERNEL:
		return hvabi_jr_release(jr, "kernel", release);
	case TM_ORIGIN:
		r = hvabi_jr_enum(jr, "origin", origin_names,
				  HVABI_ARRAY_SIZE(origin_names),
				  "none, probed, simulated, imported or computed", &k);
		*origin = (enum hvabi_origin)k;
		return r;
	}
	return 0;
}

static int jp_document(struct jp *jp, char *release, enum hvabi_origin *origin)
{
	struct hvabi_jr *jr = &jp->r;
	const char *obj, *entries = NULL;
	unsigned int seen = 0;
	int id, r;

	hvabi_jr_ws(jr);
	obj = jr->p;
	for (r = hvabi_jr_open(jr, '{', NULL, "the document"); r > 0;
	     r = hvabi_jr_next(jr, '}')) {
		r = hvabi_jr_member_id(jr, top_members, TM_N, &seen, "the document",
				       false, &id);
		if (r)
			return r;
		if (id != TM_ENTRIES) {
			r = jp_top_member(jp, id, release, origin);
		} else {
			r = hvabi_jr_expect(jr, '[', "entries", NULL);
			/*
			 * Entries need the arch (for their names), and a newer
			 * version must be refused before anything it may have
			 * added: met before both, they wait for the end.
			 */
			if (!r && (seen & (1u << TM_ARCH)) &&
			    (seen & (1u << TM_VERSION))) {
				r = jp_entries(jp);
			} else if (!r) {
				entries = jr->p;
				r = hvabi_jr_skip(jr, JSON_ENTRIES_DEPTH, "entries");
			}
		}
		if (r)
			return r;
	}
	if (r)
		return r;
	r = hvabi_jr_document_end(jr, obj, top_members, TM_REQUIRED, seen, "the document");
	if (r)
		return r;
	if (entries) {
		jr->p = entries;
		r = jp_entries(jp);
		if (r)
			return r;
	}
	return hvabi_jr_set_sort(jr, &jp->set);
}

static int from_json(const void *in, size_t len, struct hvabi_featureset **ret,
		     struct hvabi_error *err)
{
	const char *text = in;
	struct jp jp = { .set = { .dup = jp_dup } };
	char release[HVABI_RELEASE_MAX + 1] = "";
	enum hvabi_origin origin = HVABI_ORIGIN_NONE;
	int r;

	if (!text || !ret)
		return hvabi_error_set(err, -EINVAL, 0, 0, 0, "NULL %s",
				       text ? "ret" : "text");
	hvabi_jr_init(&jp.r, text, len, err != NULL);
	r = jp_document(&jp, release, &origin);
	free(jp.ranges);
	if (r) {
		hvabi_jr_set_free(&jp.set);
		return hvabi_jr_error(&jp.r, r, err);
	}
	*ret = hvabi_jr_set_take(&jp.set);
	hvabi_jr_set_free(&jp.set);
	hvabi_featureset_set_kernel_release(*ret, release);
	hvabi_featureset_set_origin(*ret, origin);
	return 0;
}

HVABI_EXPORT int hvabi_featureset_from_json(const char *text, size_t len,
					    struct hvabi_featureset **ret, struct hvabi_error *err,
					    size_t err_sz)
{
	return hvabi_decode_public(from_json, text, len, ret, err, err_sz);
}
