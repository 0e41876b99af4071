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

#include "internal.h"

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

/* Bytes a string holds as they are: printable ASCII but '"' and '\\'. */
static const uint8_t plain_char[256] = {
	 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
	 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
	 1,  1,  0,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,
	 1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,
	 1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,
	 1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  0,  1,  1,  1,
	 1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,
	 1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,  1,
	 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
	 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
	 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
	 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
	 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
	 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
	 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
	 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
};

/* A name and its length, so that look-ups compare lengths first. */
struct name {
	const char *s;
	size_t len;
};

#define NAME(x)                  \
	{                        \
		x, sizeof(x) - 1 \
	}

/* The reader's copy of hvabi_kind_name(); the round-trip tests hold them equal. */
static const struct name kind_names[HVABI_KIND_COUNT] = {
	[HVABI_KIND_EXACT] = NAME("exact"),
	[HVABI_KIND_BITMAP] = NAME("bitmap"),
	[HVABI_KIND_VERSION] = NAME("version"),
	[HVABI_KIND_LEVEL] = NAME("level"),
	[HVABI_KIND_IDFIELDS] = NAME("idfields"),
	[HVABI_KIND_RANGESET] = NAME("rangeset"),
	[HVABI_KIND_CPUID] = NAME("cpuid"),
};

static const struct name scope_names[] = {
	[HVABI_SCOPE_VCPU] = NAME("vcpu"),
	[HVABI_SCOPE_VM] = NAME("vm"),
};

static const struct name action_names[] = {
	[HVABI_RANGE_HANDLE] = NAME("handle"),
	[HVABI_RANGE_DENY] = NAME("deny"),
	[HVABI_RANGE_FWD_TO_USER] = NAME("fwd_to_user"),
};

static const struct name attr_targets[] = {
	[HVABI_ATTR_VM] = NAME("vm"),
	[HVABI_ATTR_VCPU] = NAME("vcpu"),
	[HVABI_ATTR_SYSTEM] = NAME("system"),
};

static const struct name cpuid_regs[] = {
	[HVABI_CPUID_EAX] = NAME("eax"),
	[HVABI_CPUID_EBX] = NAME("ebx"),
	[HVABI_CPUID_ECX] = NAME("ecx"),
	[HVABI_CPUID_EDX] = NAME("edx"),
};

/* Index of @s in @t (entries with a NULL name never match), or -1. */
static int name_lookup(const char *s, size_t len, const struct name *t, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (t[i].len == len && t[i].s && t[i].s[0] == s[0] &&
		    !memcmp(t[i].s, s, len))
			return (int)i;
	return -1;
}

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

static void jw_entry(struct jw *w, enum hvabi_arch arch, const struct hvabi_entry *e)
{
	struct hvabi_catalog_info info;
	char key[JSON_KEY_MAX];
	unsigned int i;

	hvabi_key_to_string(&e->key, key, sizeof(key));
	jw_lit(w, "    {\"key\": ");
	jw_str(w, key);
	if (!hvabi_catalog_lookup(arch, &e->key, &info)) {
		jw_lit(w, ", \"name\": ");
		jw_str(w, info.name);
	}
	jw_lit(w, ", \"kind\": ");
	jw_str(w, hvabi_kind_name((enum hvabi_kind)e->kind));
	jw_lit(w, ", \"scope\": ");
	jw_str(w, scope_names[e->scope].s);
	jw_lit(w, ", \"width\": ");
	jw_dec(w, e->width);
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
		jw_entry(w, fs->arch, &fs->e[i]);
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
		*len = w.n + 1;
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

/* ---- reader ---- */

struct jp {
	const char *start;
	const char *p;
	const char *end;
	bool want_msg;
	size_t err_off;
	char msg[sizeof(((struct hvabi_error *)0)->message)];

	enum hvabi_arch arch;
	struct hvabi_featureset *fs;
	/* Where each entry began, for duplicates found after sorting. */
	size_t *offs;
	size_t offs_cap;
	/* Whether the entries so far came in key order. */
	bool sorted;
	/* One entry's ranges, reused from entry to entry. */
	struct hvabi_range *ranges;
	size_t ranges_cap;
};

static int jp_fail(struct jp *jp, const char *at, int code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int jp_fail(struct jp *jp, const char *at, int code, const char *fmt, ...)
{
	va_list ap;

	jp->err_off = (size_t)(at - jp->start);
	if (jp->want_msg) {
		va_start(ap, fmt);
		vsnprintf(jp->msg, sizeof(jp->msg), fmt, ap);
		va_end(ap);
	}
	return code;
}

/*
 * 1-based line and column of byte @off; the column counts characters
 * (everything before an error is valid UTF-8 by then).
 */
static void line_col(const char *s, size_t off, unsigned int *line, unsigned int *col)
{
	unsigned int l = 1, c = 1;
	size_t i;

	for (i = 0; i < off; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch == '\n') {
			l++;
			c = 1;
		} else if ((ch & 0xc0) != 0x80) {
			c++;
		}
	}
	*line = l;
	*col = c;
}

/*
 * Text quoted in a message: at most 40 of the @stored bytes of a string
 * @len long, anything but printable ASCII as '?'.
 */
static const char *shown(const char *s, size_t len, size_t stored, char out[48])
{
	size_t i, n = len < stored ? len : stored;

	if (n > 40)
		n = 40;
	for (i = 0; i < n; i++)
		out[i] = s[i] >= 0x20 && s[i] < 0x7f ? s[i] : '?';
	if (n < len) {
		memcpy(out + n, "...", 3);
		n += 3;
	}
	out[n] = '\0';
	return out;
}

static inline void jp_ws(struct jp *jp)
{
	const char *p = jp->p, *end = jp->end;

	while (p < end && (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r'))
		p++;
	jp->p = p;
}

/* The next byte, or NUL at the end of the input (NUL is never valid there). */
static inline char jp_peek(const struct jp *jp)
{
	return jp->p < jp->end ? *jp->p : '\0';
}

static const char *type_name(char c)
{
	switch (c) {
	case '"':
		return "a string";
	case '{':
		return "an object";
	case '[':
		return "an array";
	case 't':
	case 'f':
		return "a boolean";
	case 'n':
		return "null";
	case '\0':
		return "the end of the input";
	default:
		return c == '-' || (c >= '0' && c <= '9') ? "a number"
							  : "an invalid token";
	}
}

/*
 * Fail unless the next value is of the type @want starts ('"', '0' for a
 * number, '[', '{'); @member names the member, or @what the value.
 */
static int jp_expect(struct jp *jp, char want, const char *member, const char *what)
{
	char c = jp_peek(jp);
	const char *w;

	/* Numbers: jp_uint() says why a sign is wrong. */
	if (c == want || (want == '0' && ((c >= '0' && c <= '9') || c == '-')))
		return 0;
	switch (want) {
	case '"':
		w = "a string";
		break;
	case '0':
		w = "a number";
		break;
	case '[':
		w = "an array";
		break;
	default:
		w = "an object";
		break;
	}
	if (member)
		return jp_fail(jp, jp->p, -EBADMSG, "member \"%s\" must be %s, not %s",
			       member, w, type_name(c));
	return jp_fail(jp, jp->p, -EBADMSG, "%s must be %s, not %s", what, w,
		       type_name(c));
}

static int hex_val(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* A lower-case hex digit's value, or -1 (the format writes no upper case). */
static inline int lower_hex(unsigned char c)
{
	return lower_hex_val[c];
}

/* Length of the valid UTF-8 sequence at @p (a byte >= 0x80), or 0. */
static size_t utf8_len(const unsigned char *p, const unsigned char *end)
{
	unsigned char c = p[0], lo = 0x80, hi = 0xbf;
	size_t n, i;

	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		if (c == 0xe0)
			lo = 0xa0; /* overlong */
		else if (c == 0xed)
			hi = 0x9f; /* UTF-16 surrogates */
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		if (c == 0xf0)
			lo = 0x90; /* overlong */
		else if (c == 0xf4)
			hi = 0x8f; /* beyond U+10FFFF */
	} else {
		return 0;
	}
	if ((size_t)(end - p) < n || p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

/* The four hex digits of a \u escape at @p (bounds checked by the caller), or -1. */
static long hex4(const unsigned char *p)
{
	long v = 0;
	int i, d;

	for (i = 0; i < 4; i++) {
		d = hex_val(p[i]);
		if (d < 0)
			return -1;
		v = v << 4 | d;
	}
	return v;
}

static inline void put_byte(char *buf, size_t cap, size_t *k, unsigned int c)
{
	if (*k < cap)
		buf[*k] = (char)c;
	(*k)++;
}

/* Decode the escape at @p (a backslash); returns the bytes consumed, 0 on error. */
static size_t jp_escape(struct jp *jp, const unsigned char *p, char *buf, size_t cap,
			size_t *k)
{
	const unsigned char *end = (const unsigned char *)jp->end;
	static const char simple[] = "\"\\/bfnrt";
	static const char decoded[] = "\"\\/\b\f\n\r\t";
	const char *s;
	long u, lo = -1;
	size_t used = 6;

	if (end - p < 2) {
		jp_fail(jp, (const char *)p, -EBADMSG, "unterminated string");
		return 0;
	}
	s = p[1] ? strchr(simple, p[1]) : NULL;
	if (s) {
		put_byte(buf, cap, k, (unsigned char)decoded[s - simple]);
		return 2;
	}
	if (p[1] != 'u') {
		jp_fail(jp, (const char *)p, -EBADMSG,
			"invalid escape '\\%c' in a string",
			p[1] >= 0x20 && p[1] < 0x7f ? p[1] : '?');
		return 0;
	}
	if (end - p < 6 || (u = hex4(p + 2)) < 0) {
		jp_fail(jp, (const char *)p, -EBADMSG,
			"\\u must be followed by four hex digits");
		return 0;
	}
	if (u >= 0xd800 && u <= 0xdbff && end - p >= 12 && p[6] == '\\' && p[7] == 'u')
		lo = hex4(p + 8);
	if ((u >= 0xd800 && u <= 0xdbff && (lo < 0xdc00 || lo > 0xdfff)) ||
	    (u >= 0xdc00 && u <= 0xdfff)) {
		jp_fail(jp, (const char *)p, -EBADMSG,
			"unpaired UTF-16 surrogate \\u%04lx", u);
		return 0;
	}
	if (u >= 0xd800 && u <= 0xdbff) {
		u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
		used = 12;
	}
	if (u < 0x80) {
		put_byte(buf, cap, k, (unsigned int)u);
	} else if (u < 0x800) {
		put_byte(buf, cap, k, 0xc0 | (unsigned int)(u >> 6));
		put_byte(buf, cap, k, 0x80 | (unsigned int)(u & 0x3f));
	} else if (u < 0x10000) {
		put_byte(buf, cap, k, 0xe0 | (unsigned int)(u >> 12));
		put_byte(buf, cap, k, 0x80 | (unsigned int)((u >> 6) & 0x3f));
		put_byte(buf, cap, k, 0x80 | (unsigned int)(u & 0x3f));
	} else {
		put_byte(buf, cap, k, 0xf0 | (unsigned int)(u >> 18));
		put_byte(buf, cap, k, 0x80 | (unsigned int)((u >> 12) & 0x3f));
		put_byte(buf, cap, k, 0x80 | (unsigned int)((u >> 6) & 0x3f));
		put_byte(buf, cap, k, 0x80 | (unsigned int)(u & 0x3f));
	}
	return used;
}

/*
 * Parse the string at jp->p (its opening quote). Its decoded bytes go to
 * @buf while they fit in @cap; *n gets the full decoded length, so that a
 * caller sees a string too long for it (the rest is still validated).
 */
static int jp_string(struct jp *jp, char *buf, size_t cap, size_t *n)
{
	const unsigned char *p = (const unsigned char *)jp->p + 1;
	const unsigned char *end = (const unsigned char *)jp->end;
	size_t k = 0, l, i;

	for (;;) {
		const unsigned char *run = p;
		unsigned char c;

		/* The common case: a run of plain ASCII, copied at once. */
		while (p < end && plain_char[*p])
			p++;
		if (p > run) {
			l = (size_t)(p - run);
			if (k < cap)
				memcpy(buf + k, run, l < cap - k ? l : cap - k);
			k += l;
		}
		if (p == end)
			return jp_fail(jp, jp->p, -EBADMSG, "unterminated string");
		c = *p;
		if (c == '"')
			break;
		if (c == '\\') {
			l = jp_escape(jp, p, buf, cap, &k);
			if (!l)
				return -EBADMSG;
			p += l;
		} else if (c < 0x20) {
			return jp_fail(
				jp, (const char *)p, -EBADMSG,
				"control character 0x%02x in a string (write it escaped)",
				c);
		} else {
			l = utf8_len(p, end);
			if (!l)
				return jp_fail(jp, (const char *)p, -EBADMSG,
					       "invalid UTF-8 in a string");
			for (i = 0; i < l; i++)
				put_byte(buf, cap, &k, p[i]);
			p += l;
		}
	}
	jp->p = (const char *)p + 1;
	*n = k;
	return 0;
}

/*
 * A whole number, at a '-' or a digit. JSON allows signs, fractions,
 * exponents and any size; this format only needs small non-negative
 * integers, written plainly. Values past UINT64_MAX saturate (every caller
 * has a far lower limit).
 */
static int jp_uint(struct jp *jp, const char *member, uint64_t *ret)
{
	const char *p = jp->p, *s = p, *end = jp->end;
	uint64_t v = 0;
	bool big = false;

	if (*p == '-')
		return jp_fail(jp, s, -EBADMSG, "member \"%s\" must not be negative",
			       member);
	if (*p == '0' && p + 1 < end && p[1] >= '0' && p[1] <= '9')
		return jp_fail(jp, s, -EBADMSG,
			       "member \"%s\" must not have a leading zero", member);
	for (; p < end && *p >= '0' && *p <= '9'; p++) {
		unsigned int d = (unsigned int)(*p - '0');

		if (v > (UINT64_MAX - d) / 10)
			big = true;
		v = v * 10 + d;
	}
	if (p < end && (*p == '.' || *p == 'e' || *p == 'E'))
		return jp_fail(
			jp, s, -EBADMSG,
			"member \"%s\" must be a whole number, without fraction or "
			"exponent",
			member);
	jp->p = p;
	*ret = big ? UINT64_MAX : v;
	return 0;
}

/* After a value: ',' (more follow: returns 1) or @close (returns 0). */
static int jp_next(struct jp *jp, char close)
{
	char c;

	jp_ws(jp);
	c = jp_peek(jp);
	if (c == ',') {
		jp->p++;
		jp_ws(jp);
		return 1;
	}
	if (c == close) {
		jp->p++;
		return 0;
	}
	if (close == '}')
		return jp_fail(jp, jp->p, -EBADMSG, "expected ',' or '}' after a member");
	return jp_fail(jp, jp->p, -EBADMSG, "expected ',' or ']' after an element");
}

/* A member name and its colon, leaving jp->p at the value. */
static int jp_member(struct jp *jp, char *name, size_t cap, size_t *len)
{
	int r;

	if (jp_peek(jp) != '"')
		return jp_fail(jp, jp->p, -EBADMSG, "expected a member name (a string)");
	r = jp_string(jp, name, cap, len);
	if (r)
		return r;
	jp_ws(jp);
	if (jp_peek(jp) != ':')
		return jp_fail(jp, jp->p, -EBADMSG, "expected ':' after a member name");
	jp->p++;
	jp_ws(jp);
	return 0;
}

/* Read a member name of the object @where; refuse unknown and repeated ones. */
static int jp_member_id(struct jp *jp, const struct name *names, size_t n,
			unsigned int *seen, const char *where, int *id)
{
	const char *at = jp->p;
	char name[16], q[48];
	size_t len;
	int r;

	r = jp_member(jp, name, sizeof(name), &len);
	if (r)
		return r;
	*id = len <= sizeof(name) ? name_lookup(name, len, names, n) : -1;
	if (*id < 0)
		return jp_fail(jp, at, -EBADMSG, "unknown member \"%s\" in %s",
			       shown(name, len, sizeof(name), q), where);
	if (*seen & (1u << *id))
		return jp_fail(jp, at, -EBADMSG, "duplicate member \"%s\" in %s",
			       names[*id].s, where);
	*seen |= 1u << *id;
	return 0;
}

/* A string member's value into @buf (see jp_string() for @cap and @len). */
static int jp_str_value(struct jp *jp, const char *member, char *buf, size_t cap,
			size_t *len)
{
	int r = jp_expect(jp, '"', member, NULL);

	return r ? r : jp_string(jp, buf, cap, len);
}

/* A string member whose value is one of @names; its index goes to *ret. */
static int jp_enum(struct jp *jp, const char *member, const struct name *names, size_t n,
		   const char *hint, int *ret)
{
	const char *at = jp->p;
	char s[16], q[48];
	size_t len;
	int r;

	r = jp_str_value(jp, member, s, sizeof(s), &len);
	if (r)
		return r;
	*ret = len <= sizeof(s) ? name_lookup(s, len, names, n) : -1;
	if (*ret < 0)
		return jp_fail(jp, at, -EBADMSG, "unknown %s \"%s\" (%s)", member,
			       shown(s, len, sizeof(s), q), hint);
	return 0;
}

/*
 * Skip a value, checking only its syntax (for "entries" met before
 * "version" and "arch"): containers only as deep as the schema has them.
 */
static int jp_skip(struct jp *jp, unsigned int depth)
{
	char c = jp_peek(jp), close;
	uint64_t v;
	size_t n;
	int r;

	switch (c) {
	case '"':
		return jp_string(jp, NULL, 0, &n);
	case 't':
	case 'f':
	case 'n': {
		const char *lit = c == 't' ? "true" : c == 'f' ? "false" : "null";
		size_t l = strlen(lit);

		if ((size_t)(jp->end - jp->p) < l || memcmp(jp->p, lit, l))
			return jp_fail(jp, jp->p, -EBADMSG, "invalid literal");
		jp->p += l;
		return 0;
	}
	case '[':
	case '{':
		break;
	default:
		if (c == '-' || (c >= '0' && c <= '9'))
			return jp_uint(jp, "entries", &v);
		return jp_fail(jp, jp->p, -EBADMSG, "expected a JSON value, not %s",
			       type_name(c));
	}
	if (depth > JSON_ENTRIES_DEPTH)
		return jp_fail(jp, jp->p, -EBADMSG, "nesting deeper than the format has");
	close = c == '[' ? ']' : '}';
	jp->p++;
	jp_ws(jp);
	if (jp_peek(jp) == close) {
		jp->p++;
		return 0;
	}
	do {
		if (close == '}') {
			r = jp_member(jp, NULL, 0, &n);
			if (r)
				return r;
		}
		r = jp_skip(jp, depth + 1);
		if (r)
			return r;
		r = jp_next(jp, close);
	} while (r > 0);
	return r;
}

/*
 * Parse a hex string as the writer emits it ("0x", lower-case digits, no
 * leading zero but in "0x0") of at most @bits bits. @len is the string's
 * length, of which @cap bytes were kept; @width_unit says whether the
 * limit is an entry's width (for the message).
 */
static int jp_hex(struct jp *jp, const char *at, const char *member, const char *s,
		  size_t len, size_t cap, unsigned int bits, bool width_unit,
		  uint64_t *ret)
{
	uint64_t v = 0;
	char q[48];
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
	return jp_fail(jp, at, -EBADMSG,
		       "%s \"%s\" is not a hex string (\"0x\" and lower-case digits, no "
		       "leading zeros)",
		       member, shown(s, len, cap, q));
too_wide:
	if (width_unit)
		return jp_fail(jp, at, -EBADMSG, "%s %s does not fit width %u", member,
			       shown(s, len, cap, q), bits / 8);
	return jp_fail(jp, at, -EBADMSG, "%s %s does not fit %u bits", member,
		       shown(s, len, cap, q), bits);
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
static const char *key_name(const char *p, const char *end, const struct name *t,
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

	if (PREFIX(p, end, "reg:")) {
		if (!(p = key_hex(p, end, 16, 16, &a)))
			return false;
		*k = hvabi_key_reg(a);
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
		    !key_name(p + 1, end, cpuid_regs, HVABI_ARRAY_SIZE(cpuid_regs), '\0',
			      &sel))
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
	} else if (PREFIX(p, end, "cap:")) {
		const char *s = p;

		for (a = 0; p < end && *p >= '0' && *p <= '9' && a <= UINT32_MAX; p++)
			a = a * 10 + (uint64_t)(*p - '0');
		if (p == s || a > UINT32_MAX || (p - s > 1 && *s == '0'))
			return false;
		*k = hvabi_key_cap((uint32_t)a);
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

static const struct name range_members[RM_N] = {
	NAME("base"),
	NAME("count"),
	NAME("action"),
};

static int jp_range(struct jp *jp, struct hvabi_range *rg)
{
	const char *obj = jp->p, *at;
	char s[JSON_HEX64_MAX];
	unsigned int seen = 0;
	uint64_t v;
	size_t len;
	int id, r, a;

	r = jp_expect(jp, '{', NULL, "a range");
	if (r)
		return r;
	memset(rg, 0, sizeof(*rg));
	jp->p++;
	jp_ws(jp);
	if (jp_peek(jp) == '}') {
		jp->p++;
		goto check;
	}
	do {
		r = jp_member_id(jp, range_members, RM_N, &seen, "a range", &id);
		if (r)
			return r;
		at = jp->p;
		if (id == RM_ACTION) {
			r = jp_enum(jp, "action", action_names,
				    HVABI_ARRAY_SIZE(action_names),
				    "handle, deny or fwd_to_user", &a);
			rg->action = (uint8_t)a;
		} else {
			r = jp_str_value(jp, range_members[id].s, s, sizeof(s), &len);
			if (!r)
				r = jp_hex(jp, at, range_members[id].s, s, len, sizeof(s),
					   32, false, &v);
			if (!r && id == RM_BASE)
				rg->base = (uint32_t)v;
			else if (!r)
				rg->count = (uint32_t)v;
		}
		if (r)
			return r;
		r = jp_next(jp, '}');
	} while (r > 0);
	if (r)
		return r;
check:
	for (id = 0; id < RM_N; id++)
		if (!(seen & (1u << id)))
			return jp_fail(jp, obj, -EBADMSG, "a range needs member \"%s\"",
				       range_members[id].s);
	return 0;
}

/* The "ranges" array, into jp->ranges. */
static int jp_ranges(struct jp *jp, uint16_t *n)
{
	size_t k = 0;
	int r;

	r = jp_expect(jp, '[', "ranges", NULL);
	if (r)
		return r;
	jp->p++;
	jp_ws(jp);
	if (jp_peek(jp) == ']') {
		jp->p++;
		*n = 0;
		return 0;
	}
	do {
		if (k == HVABI_RANGES_MAX)
			return jp_fail(jp, jp->p, -EBADMSG, "more than %u ranges",
				       HVABI_RANGES_MAX);
		if (k == jp->ranges_cap) {
			size_t cap = jp->ranges_cap ? 2 * jp->ranges_cap : 8;
			struct hvabi_range *nr = realloc(jp->ranges, cap * sizeof(*nr));

			if (!nr)
				return jp_fail(jp, jp->p, -ENOMEM, "out of memory");
			jp->ranges = nr;
			jp->ranges_cap = cap;
		}
		r = jp_range(jp, &jp->ranges[k++]);
		if (r)
			return r;
		r = jp_next(jp, ']');
	} while (r > 0);
	*n = (uint16_t)k;
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
	EM_N,
};

static const struct name entry_members[EM_N] = {
	NAME("key"),   NAME("name"), NAME("kind"), NAME("scope"), NAME("width"),
	NAME("value"), NAME("max"),  NAME("mask"), NAME("min"),   NAME("ranges"),
};

#define EM_REQUIRED                                                               \
	((1u << EM_KEY) | (1u << EM_KIND) | (1u << EM_SCOPE) | (1u << EM_WIDTH) | \
	 (1u << EM_VALUE))

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

static int jp_key(struct jp *jp, struct hvabi_key *key)
{
	const char *at = jp->p;
	char s[JSON_KEY_MAX], q[48];
	size_t len;
	int r;

	r = jp_str_value(jp, "key", s, sizeof(s), &len);
	if (r)
		return r;
	if (len <= sizeof(s) && parse_key(s, s + len, key))
		return 0;
	return jp_fail(jp, at, -EBADMSG,
		       "key \"%s\" is not a key as libhvabi writes it (e.g. "
		       "\"reg:0x6030000000140000\", \"cpuid:0x7:0x0:ebx\", \"cap:230\")",
		       shown(s, len, sizeof(s), q));
}

/* Store a checked entry; ordering and duplicates are settled as it goes or at the end. */
static int jp_push(struct jp *jp, const struct hvabi_entry *e, const char *at)
{
	struct hvabi_featureset *fs = jp->fs;
	struct hvabi_entry *d;
	int r;

	if (fs->n) {
		int c = hvabi_key_compare(&fs->e[fs->n - 1].key, &e->key);

		if (c > 0) {
			jp->sorted = false;
		} else if (!c) {
			unsigned int line, col;
			char kt[JSON_KEY_MAX];

			line_col(jp->start, jp->offs[fs->n - 1], &line, &col);
			hvabi_key_to_string(&e->key, kt, sizeof(kt));
			return jp_fail(jp, at, -EBADMSG,
				       "duplicate entry %s (first on line %u)", kt, line);
		}
	}
	r = hvabi_fs_reserve(fs, fs->n + 1);
	if (!r && fs->n == jp->offs_cap) {
		size_t *no = realloc(jp->offs, fs->cap * sizeof(*no));

		if (no) {
			jp->offs = no;
			jp->offs_cap = fs->cap;
		} else {
			r = -ENOMEM;
		}
	}
	if (r)
		return jp_fail(jp, at, r, "out of memory");
	/* Copies as hvabi_fs_append() would, without its order check. */
	d = &fs->e[fs->n];
	*d = *e;
	d->wide = NULL;
	d->ranges = NULL;
	if (e->width > 8) {
		uint8_t *w = malloc(e->width);

		if (!w)
			return jp_fail(jp, at, -ENOMEM, "out of memory");
		memcpy(w, e->wide, e->width);
		d->wide = w;
	}
	if (e->nranges) {
		struct hvabi_range *rg = malloc(e->nranges * sizeof(*rg));

		if (!rg) {
			free((void *)d->wide);
			d->wide = NULL;
			return jp_fail(jp, at, -ENOMEM, "out of memory");
		}
		memcpy(rg, e->ranges, e->nranges * sizeof(*rg));
		d->ranges = rg;
	}
	jp->offs[fs->n] = (size_t)(at - jp->start);
	fs->n++;
	return 0;
}

/* The value text of a wide entry, into little-endian bytes. */
static int jp_wide(struct jp *jp, struct jentry *je, unsigned int width)
{
	const char *s = je->value;
	size_t len = je->value_len, i;
	char q[48];

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
	return jp_fail(jp, je->at[EM_VALUE], -EBADMSG,
		       "value \"%s\" of a %u-byte entry must be \"0x\" and exactly %u "
		       "lower-case hex digits",
		       shown(s, len, sizeof(je->value), q), width, 2 * width);
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
	char q[48], why[160], kt[JSON_KEY_MAX];
	struct hvabi_catalog_info info;
	uint64_t *extra[3] = { &e->max, &e->mask, &e->min };
	int id, r;

	if ((seen & EM_REQUIRED) != EM_REQUIRED) {
		for (id = 0; !(EM_REQUIRED & (1u << id)) || (seen & (1u << id)); id++)
			;
		return jp_fail(jp, obj, -EBADMSG, "an entry needs member \"%s\"",
			       entry_members[id].s);
	}
	/* Names are for people; ignored unless they contradict the catalogue. */
	if ((seen & (1u << EM_NAME)) && !hvabi_catalog_lookup(jp->arch, &e->key, &info) &&
	    (je->name_len > sizeof(je->name) || strlen(info.name) != je->name_len ||
	     memcmp(info.name, je->name, je->name_len))) {
		hvabi_key_to_string(&e->key, kt, sizeof(kt));
		return jp_fail(
			jp, je->at[EM_NAME], -EBADMSG,
			"name \"%s\" contradicts the catalogue, which calls %s \"%s\"",
			shown(je->name, je->name_len, sizeof(je->name), q), kt,
			info.name);
	}
	if (e->width > 8) {
		r = jp_wide(jp, je, e->width);
		if (r)
			return r;
		e->wide = je->wide;
	} else {
		r = jp_hex(jp, je->at[EM_VALUE], "value", je->value, je->value_len,
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
		r = jp_hex(jp, je->at[EM_MAX + id], entry_members[EM_MAX + id].s,
			   je->extra[id], je->extra_len[id], sizeof(je->extra[id]),
			   8u * e->width, true, extra[id]);
		if (r)
			return r;
	}
	if ((seen & (1u << EM_RANGES)) && e->kind != HVABI_KIND_RANGESET) {
		hvabi_key_to_string(&e->key, kt, sizeof(kt));
		return jp_fail(jp, je->at[EM_RANGES], -EBADMSG,
			       "only a rangeset entry has \"ranges\", and %s is %s", kt,
			       kind_names[e->kind].s);
	}
	if (e->nranges)
		e->ranges = jp->ranges;
	if (hvabi_entry_check(e, why, sizeof(why))) {
		hvabi_key_to_string(&e->key, kt, sizeof(kt));
		return jp_fail(jp, obj, -EBADMSG, "entry %s: %s", kt, why);
	}
	return jp_push(jp, e, obj);
}

static int jp_entry(struct jp *jp, struct jentry *je)
{
	const char *obj = jp->p;
	struct hvabi_entry e;
	unsigned int seen = 0;
	uint64_t width = 0;
	int id, r, k;

	r = jp_expect(jp, '{', NULL, "an entry");
	if (r)
		return r;
	memset(&e, 0, sizeof(e));
	jp->p++;
	jp_ws(jp);
	if (jp_peek(jp) == '}') {
		jp->p++;
		return jp_entry_finish(jp, je, &e, seen, obj);
	}
	do {
		r = jp_member_id(jp, entry_members, EM_N, &seen, "an entry", &id);
		if (r)
			return r;
		je->at[id] = jp->p;
		switch (id) {
		case EM_KEY:
			r = jp_key(jp, &e.key);
			break;
		case EM_NAME:
			r = jp_str_value(jp, "name", je->name, sizeof(je->name),
					 &je->name_len);
			break;
		case EM_KIND:
			r = jp_enum(
				jp, "kind", kind_names, HVABI_KIND_COUNT,
				"exact, bitmap, version, level, idfields, rangeset or cpuid",
				&k);
			e.kind = (uint8_t)k;
			break;
		case EM_SCOPE:
			r = jp_enum(jp, "scope", scope_names,
				    HVABI_ARRAY_SIZE(scope_names), "vm or vcpu", &k);
			e.scope = (uint8_t)k;
			break;
		case EM_WIDTH:
			r = jp_expect(jp, '0', "width", NULL);
			if (!r)
				r = jp_uint(jp, "width", &width);
			if (!r && (width < 1 || width > HVABI_VALUE_MAX_BYTES ||
				   (width & (width - 1))))
				r = jp_fail(jp, je->at[id], -EBADMSG,
					    "width %" PRIu64
					    " is not a power of two from 1 to %u",
					    width, HVABI_VALUE_MAX_BYTES);
			e.width = (uint16_t)width;
			break;
		case EM_VALUE:
			r = jp_str_value(jp, "value", je->value, sizeof(je->value),
					 &je->value_len);
			break;
		case EM_MAX:
		case EM_MASK:
		case EM_MIN:
			r = jp_str_value(jp, entry_members[id].s, je->extra[id - EM_MAX],
					 sizeof(je->extra[0]),
					 &je->extra_len[id - EM_MAX]);
			break;
		case EM_RANGES:
			r = jp_ranges(jp, &e.nranges);
			break;
		}
		if (r)
			return r;
		r = jp_next(jp, '}');
	} while (r > 0);
	return r ? r : jp_entry_finish(jp, je, &e, seen, obj);
}

/* The entries array (jp->p at its '['), into a new set. */
static int jp_entries(struct jp *jp)
{
	struct jentry *je;
	int r;

	r = hvabi_featureset_new(jp->arch, &jp->fs);
	if (r)
		return jp_fail(jp, jp->p, r, "out of memory");
	/* Some 1.3 KiB of scratch, reused for every entry, kept off the stack. */
	je = malloc(sizeof(*je));
	if (!je)
		return jp_fail(jp, jp->p, -ENOMEM, "out of memory");
	jp->p++;
	jp_ws(jp);
	if (jp_peek(jp) == ']') {
		jp->p++;
		free(je);
		return 0;
	}
	do {
		r = jp_entry(jp, je);
		if (!r)
			r = jp_next(jp, ']');
	} while (r > 0);
	free(je);
	return r;
}

struct entry_ref {
	struct hvabi_entry e;
	size_t off;
};

static int entry_ref_cmp(const void *a, const void *b)
{
	const struct entry_ref *x = a, *y = b;

	return hvabi_key_compare(&x->e.key, &y->e.key);
}

/*
 * Entries came out of order: sort them (one qsort, not an insertion per
 * entry) and refuse duplicates.
 */
static int jp_sort(struct jp *jp)
{
	struct hvabi_featureset *fs = jp->fs;
	size_t i, dup = 0, dup_first = 0;
	struct hvabi_key dup_key = { 0, 0, 0, 0 };
	struct entry_ref *v;

	v = malloc(fs->n * sizeof(*v));
	if (!v)
		return jp_fail(jp, jp->start, -ENOMEM, "out of memory");
	for (i = 0; i < fs->n; i++) {
		v[i].e = fs->e[i];
		v[i].off = jp->offs[i];
	}
	qsort(v, fs->n, sizeof(*v), entry_ref_cmp);
	/* Of several duplicates, report the one that comes first in the text. */
	for (i = 1; i < fs->n; i++) {
		size_t later, earlier;

		if (hvabi_key_compare(&v[i - 1].e.key, &v[i].e.key))
			continue;
		later = v[i - 1].off > v[i].off ? v[i - 1].off : v[i].off;
		earlier = v[i - 1].off < v[i].off ? v[i - 1].off : v[i].off;
		if (!dup || later < dup) {
			dup = later;
			dup_first = earlier;
			dup_key = v[i].e.key;
		}
	}
	/* The same entries in a new order: freeing the set still frees each once. */
	for (i = 0; i < fs->n; i++)
		fs->e[i] = v[i].e;
	free(v);
	if (dup) {
		unsigned int line, col;
		char kt[JSON_KEY_MAX];

		line_col(jp->start, dup_first, &line, &col);
		hvabi_key_to_string(&dup_key, kt, sizeof(kt));
		return jp_fail(jp, jp->start + dup, -EBADMSG,
			       "duplicate entry %s (first on line %u)", kt, line);
	}
	return 0;
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

static const struct name top_members[TM_N] = {
	NAME("format"), NAME("version"), NAME("arch"),
	NAME("kernel"), NAME("origin"),  NAME("entries"),
};

#define TM_REQUIRED \
	((1u << TM_FORMAT) | (1u << TM_VERSION) | (1u << TM_ARCH) | (1u << TM_ENTRIES))

/* The value of one top-level member (not "entries"). */
static int jp_top_member(struct jp *jp, int id, char *release, enum hvabi_origin *origin)
{
	static const struct name arch_names[] = {
		[HVABI_ARCH_ARM64] = NAME("arm64"),
		[HVABI_ARCH_X86_64] = NAME("x86_64"),
		[HVABI_ARCH_RISCV64] = NAME("riscv64"),
	};
	static const struct name origin_names[] = {
		[HVABI_ORIGIN_NONE] = NAME("none"),
		[HVABI_ORIGIN_PROBED] = NAME("probed"),
		[HVABI_ORIGIN_SIMULATED] = NAME("simulated"),
		[HVABI_ORIGIN_IMPORTED] = NAME("imported"),
		[HVABI_ORIGIN_COMPUTED] = NAME("computed"),
	};
	const char *at = jp->p;
	char s[HVABI_RELEASE_MAX], q[48];
	uint64_t v;
	size_t len, i;
	int r, k;

	switch (id) {
	case TM_FORMAT:
		r = jp_str_value(jp, "format", s, sizeof(s), &len);
		if (!r && (len != sizeof(JSON_FORMAT_NAME) - 1 ||
			   memcmp(s, JSON_FORMAT_NAME, len)))
			r = jp_fail(jp, at, -EBADMSG,
				    "format \"%s\" is not \"" JSON_FORMAT_NAME "\"",
				    shown(s, len, sizeof(s), q));
		return r;
	case TM_VERSION:
		r = jp_expect(jp, '0', "version", NULL);
		if (!r)
			r = jp_uint(jp, "version", &v);
		if (r)
			return r;
		if (v > HVABI_JSON_FORMAT_VERSION)
			return jp_fail(jp, at, -EPROTONOSUPPORT,
				       "format version %" PRIu64
				       " is newer than this library's %u",
				       v, HVABI_JSON_FORMAT_VERSION);
		if (!v)
			return jp_fail(jp, at, -EBADMSG,
				       "format version 0 does not exist");
		return 0;
	case TM_ARCH:
		r = jp_enum(jp, "arch", arch_names, HVABI_ARRAY_SIZE(arch_names),
			    "arm64, x86_64 or riscv64", &k);
		jp->arch = (enum hvabi_arch)k;
		return r;
	case TM_KERNEL:
		r = jp_str_value(jp, "kernel", s, sizeof(s), &len);
		if (r)
			return r;
		for (i = 0; i < len && len <= sizeof(s); i++)
			if (s[i] < 0x21 || s[i] > 0x7e)
				break;
		if (len > sizeof(s) || i < len)
			return jp_fail(
				jp, at, -EBADMSG,
				"kernel release \"%s\" is not at most %u printable ASCII "
				"characters without spaces",
				shown(s, len, sizeof(s), q), HVABI_RELEASE_MAX);
		memcpy(release, s, len);
		release[len] = '\0';
		return 0;
	case TM_ORIGIN:
		r = jp_enum(jp, "origin", origin_names, HVABI_ARRAY_SIZE(origin_names),
			    "none, probed, simulated, imported or computed", &k);
		*origin = (enum hvabi_origin)k;
		return r;
	}
	return 0;
}

static int jp_document(struct jp *jp, char *release, enum hvabi_origin *origin)
{
	const char *obj, *entries = NULL;
	unsigned int seen = 0;
	int id, r;

	jp_ws(jp);
	obj = jp->p;
	r = jp_expect(jp, '{', NULL, "the document");
	if (r)
		return r;
	jp->p++;
	jp_ws(jp);
	if (jp_peek(jp) == '}') {
		jp->p++;
		goto check;
	}
	do {
		r = jp_member_id(jp, top_members, TM_N, &seen, "the document", &id);
		if (r)
			return r;
		if (id != TM_ENTRIES) {
			r = jp_top_member(jp, id, release, origin);
		} else {
			r = jp_expect(jp, '[', "entries", NULL);
			/*
			 * Entries need the arch (for their names), and a newer
			 * version must be refused before anything it may have
			 * added: met before both, they wait for the end.
			 */
			if (!r && (seen & (1u << TM_ARCH)) &&
			    (seen & (1u << TM_VERSION))) {
				r = jp_entries(jp);
			} else if (!r) {
				entries = jp->p;
				r = jp_skip(jp, 1);
			}
		}
		if (r)
			return r;
		r = jp_next(jp, '}');
	} while (r > 0);
	if (r)
		return r;
check:
	jp_ws(jp);
	if (jp->p != jp->end)
		return jp_fail(jp, jp->p, -EBADMSG,
			       "trailing characters after the document");
	for (id = 0; id < TM_N; id++)
		if ((TM_REQUIRED & (1u << id)) && !(seen & (1u << id)))
			return jp_fail(jp, obj, -EBADMSG,
				       "the document needs member \"%s\"",
				       top_members[id].s);
	if (entries) {
		jp->p = entries;
		r = jp_entries(jp);
		if (r)
			return r;
	}
	return jp->sorted ? 0 : jp_sort(jp);
}

HVABI_EXPORT int hvabi_featureset_from_json(const char *text, size_t len,
					    struct hvabi_featureset **ret,
					    struct hvabi_error *err)
{
	struct jp jp = {
		.start = text,
		.p = text,
		.end = text ? text + len : NULL,
		.want_msg = err != NULL,
		.sorted = true,
	};
	char release[HVABI_RELEASE_MAX + 1] = "";
	enum hvabi_origin origin = HVABI_ORIGIN_NONE;
	unsigned int line, col;
	int r;

	if (!text || !ret)
		return hvabi_error_set(err, -EINVAL, 0, 0, 0, "NULL %s",
				       text ? "ret" : "text");
	r = jp_document(&jp, release, &origin);
	free(jp.offs);
	free(jp.ranges);
	if (r) {
		hvabi_featureset_free(jp.fs);
		if (err) {
			line_col(text, jp.err_off, &line, &col);
			hvabi_error_set(err, r, line, col, jp.err_off, "%s", jp.msg);
		}
		return r;
	}
	hvabi_featureset_set_kernel_release(jp.fs, release);
	hvabi_featureset_set_origin(jp.fs, origin);
	*ret = jp.fs;
	return 0;
}
