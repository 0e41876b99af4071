/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Strict JSON reading shared by the profile parser and the importers
 * (codec-json-read.h): whitespace, strings with every escape and UTF-8
 * checked, whole numbers, members, skipping, errors with their line and
 * column, and the feature set built from entries read in any order.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec-json-read.h"

/*
 * Bytes a string holds as they are: printable ASCII but '"' and '\\'. A
 * table rather than range tests: the string loop is the hottest there is.
 */
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

const struct hvabi_jr_name hvabi_jr_cpuid_regs[4] = {
	[HVABI_CPUID_EAX] = HVABI_JR_NAME("eax"),
	[HVABI_CPUID_EBX] = HVABI_JR_NAME("ebx"),
	[HVABI_CPUID_ECX] = HVABI_JR_NAME("ecx"),
	[HVABI_CPUID_EDX] = HVABI_JR_NAME("edx"),
};

void hvabi_jr_init(struct hvabi_jr *jr, const char *text, size_t len, bool want_msg)
{
	memset(jr, 0, offsetof(struct hvabi_jr, msg));
	jr->msg[0] = '\0';
	jr->start = text;
	jr->p = text;
	jr->end = text + len;
	jr->want_msg = want_msg;
}

int hvabi_jr_fail(struct hvabi_jr *jr, const char *at, int code, const char *fmt, ...)
{
	va_list ap;

	jr->err_off = (size_t)(at - jr->start);
	if (jr->want_msg) {
		va_start(ap, fmt);
		vsnprintf(jr->msg, sizeof(jr->msg), fmt, ap);
		va_end(ap);
	}
	return code;
}

/* 1-based line and column of byte @off; the column counts characters. */
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

unsigned int hvabi_jr_line(const struct hvabi_jr *jr, size_t off)
{
	unsigned int line, col;

	line_col(jr->start, off, &line, &col);
	return line;
}

int hvabi_jr_error(const struct hvabi_jr *jr, int code, struct hvabi_error *err)
{
	unsigned int line, col;

	if (!err)
		return code;
	line_col(jr->start, jr->err_off, &line, &col);
	return hvabi_error_set(err, code, line, col, jr->err_off, "%s", jr->msg);
}

const char *hvabi_jr_shown(const char *s, size_t len, size_t stored,
			   char out[HVABI_JR_SHOWN])
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

int hvabi_jr_hex_digit(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
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

int hvabi_jr_expect_fail(struct hvabi_jr *jr, char want, const char *member,
			 const char *what)
{
	char c = hvabi_jr_peek(jr);
	const char *w;

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
		return hvabi_jr_fail(jr, jr->p, -EBADMSG,
				     "member \"%s\" must be %s, not %s", member, w,
				     type_name(c));
	return hvabi_jr_fail(jr, jr->p, -EBADMSG, "%s must be %s, not %s", what, w,
			     type_name(c));
}

int hvabi_jr_open(struct hvabi_jr *jr, char open, const char *member, const char *what)
{
	int r = hvabi_jr_expect(jr, open, member, what);

	if (r)
		return r;
	jr->p++;
	hvabi_jr_ws(jr);
	if (hvabi_jr_peek(jr) == (open == '{' ? '}' : ']')) {
		jr->p++;
		return 0;
	}
	return 1;
}

int hvabi_jr_next_fail(struct hvabi_jr *jr, char close)
{
	if (close == '}')
		return hvabi_jr_fail(jr, jr->p, -EBADMSG,
				     "expected ',' or '}' after a member");
	return hvabi_jr_fail(jr, jr->p, -EBADMSG, "expected ',' or ']' after an element");
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
		d = hvabi_jr_hex_digit(p[i]);
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
static size_t escape(struct hvabi_jr *jr, const unsigned char *p, char *buf, size_t cap,
		     size_t *k)
{
	const unsigned char *end = (const unsigned char *)jr->end;
	static const char simple[] = "\"\\/bfnrt";
	static const char decoded[] = "\"\\/\b\f\n\r\t";
	const char *s;
	long u, lo = -1;
	size_t used = 6;

	if (end - p < 2) {
		hvabi_jr_fail(jr, (const char *)p, -EBADMSG, "unterminated string");
		return 0;
	}
	s = p[1] ? strchr(simple, p[1]) : NULL;
	if (s) {
		put_byte(buf, cap, k, (unsigned char)decoded[s - simple]);
		return 2;
	}
	if (p[1] != 'u') {
		hvabi_jr_fail(jr, (const char *)p, -EBADMSG,
			      "invalid escape '\\%c' in a string",
			      p[1] >= 0x20 && p[1] < 0x7f ? p[1] : '?');
		return 0;
	}
	if (end - p < 6 || (u = hex4(p + 2)) < 0) {
		hvabi_jr_fail(jr, (const char *)p, -EBADMSG,
			      "\\u must be followed by four hex digits");
		return 0;
	}
	if (u >= 0xd800 && u <= 0xdbff && end - p >= 12 && p[6] == '\\' && p[7] == 'u')
		lo = hex4(p + 8);
	if ((u >= 0xd800 && u <= 0xdbff && (lo < 0xdc00 || lo > 0xdfff)) ||
	    (u >= 0xdc00 && u <= 0xdfff)) {
		hvabi_jr_fail(jr, (const char *)p, -EBADMSG,
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

int hvabi_jr_string(struct hvabi_jr *jr, char *buf, size_t cap, size_t *n)
{
	const unsigned char *p = (const unsigned char *)jr->p + 1;
	const unsigned char *end = (const unsigned char *)jr->end;
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
			return hvabi_jr_fail(jr, jr->p, -EBADMSG, "unterminated string");
		c = *p;
		if (c == '"')
			break;
		if (c == '\\') {
			l = escape(jr, p, buf, cap, &k);
			if (!l)
				return -EBADMSG;
			p += l;
		} else if (c < 0x20) {
			return hvabi_jr_fail(
				jr, (const char *)p, -EBADMSG,
				"control character 0x%02x in a string (write it escaped)",
				c);
		} else {
			l = utf8_len(p, end);
			if (!l)
				return hvabi_jr_fail(jr, (const char *)p, -EBADMSG,
						     "invalid UTF-8 in a string");
			for (i = 0; i < l; i++)
				put_byte(buf, cap, &k, p[i]);
			p += l;
		}
	}
	jr->p = (const char *)p + 1;
	*n = k;
	return 0;
}

int hvabi_jr_str_value(struct hvabi_jr *jr, const char *member, char *buf, size_t cap,
		       size_t *len)
{
	int r = hvabi_jr_expect(jr, '"', member, NULL);

	return r ? r : hvabi_jr_string(jr, buf, cap, len);
}

/*
 * JSON allows signs, fractions, exponents and any size; the formats read
 * here only need small non-negative integers, written plainly.
 */
int hvabi_jr_uint(struct hvabi_jr *jr, const char *member, uint64_t *ret)
{
	const char *p = jr->p, *s = p, *end = jr->end;
	uint64_t v = 0;
	bool big = false;

	if (*p == '-')
		return hvabi_jr_fail(jr, s, -EBADMSG,
				     "member \"%s\" must not be negative", member);
	if (*p == '0' && p + 1 < end && p[1] >= '0' && p[1] <= '9')
		return hvabi_jr_fail(jr, s, -EBADMSG,
				     "member \"%s\" must not have a leading zero",
				     member);
	for (; p < end && *p >= '0' && *p <= '9'; p++) {
		unsigned int d = (unsigned int)(*p - '0');

		if (v > (UINT64_MAX - d) / 10)
			big = true;
		v = v * 10 + d;
	}
	if (p < end && (*p == '.' || *p == 'e' || *p == 'E'))
		return hvabi_jr_fail(
			jr, s, -EBADMSG,
			"member \"%s\" must be a whole number, without fraction or "
			"exponent",
			member);
	jr->p = p;
	*ret = big ? UINT64_MAX : v;
	return 0;
}

/* Digits at *p, how many were passed. */
static size_t digits(const char **p, const char *end)
{
	const char *s = *p;

	while (*p < end && **p >= '0' && **p <= '9')
		(*p)++;
	return (size_t)(*p - s);
}

/* Any JSON number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static int skip_number(struct hvabi_jr *jr)
{
	const char *p = jr->p, *end = jr->end, *s;
	size_t n;

	if (*p == '-')
		p++;
	s = p;
	n = digits(&p, end);
	if (!n || (n > 1 && *s == '0'))
		goto bad;
	if (p < end && *p == '.') {
		p++;
		if (!digits(&p, end))
			goto bad;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		if (!digits(&p, end))
			goto bad;
	}
	jr->p = p;
	return 0;
bad:
	return hvabi_jr_fail(jr, jr->p, -EBADMSG, "invalid number");
}

int hvabi_jr_name_lookup(const char *s, size_t len, const struct hvabi_jr_name *t,
			 size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (t[i].len == len && t[i].s && t[i].s[0] == s[0] &&
		    !memcmp(t[i].s, s, len))
			return (int)i;
	return -1;
}

/* A member name and its colon, leaving jr->p at the value. */
static int member(struct hvabi_jr *jr, char *name, size_t cap, size_t *len)
{
	int r;

	if (hvabi_jr_peek(jr) != '"')
		return hvabi_jr_fail(jr, jr->p, -EBADMSG,
				     "expected a member name (a string)");
	r = hvabi_jr_string(jr, name, cap, len);
	if (r)
		return r;
	hvabi_jr_ws(jr);
	if (hvabi_jr_peek(jr) != ':')
		return hvabi_jr_fail(jr, jr->p, -EBADMSG,
				     "expected ':' after a member name");
	jr->p++;
	hvabi_jr_ws(jr);
	return 0;
}

int hvabi_jr_member_id(struct hvabi_jr *jr, const struct hvabi_jr_name *names, size_t n,
		       unsigned int *seen, const char *where, bool lenient, int *id)
{
	const char *at = jr->p;
	char name[HVABI_JR_NAME_MAX], q[HVABI_JR_SHOWN];
	size_t len;
	int r;

	r = member(jr, name, sizeof(name), &len);
	if (r)
		return r;
	*id = len <= sizeof(name) ? hvabi_jr_name_lookup(name, len, names, n) : -1;
	if (*id < 0) {
		if (lenient)
			return 0;
		return hvabi_jr_fail(jr, at, -EBADMSG, "unknown member \"%s\" in %s",
				     hvabi_jr_shown(name, len, HVABI_JR_NAME_QUOTED, q),
				     where);
	}
	if (*seen & (1u << *id))
		return hvabi_jr_fail(jr, at, -EBADMSG, "duplicate member \"%s\" in %s",
				     names[*id].s, where);
	*seen |= 1u << *id;
	return 0;
}

int hvabi_jr_required(struct hvabi_jr *jr, const char *obj,
		      const struct hvabi_jr_name *names, unsigned int required,
		      unsigned int seen, const char *where)
{
	unsigned int missing = required & ~seen;
	int id;

	if (!missing)
		return 0;
	for (id = 0; !(missing & (1u << id)); id++)
		;
	return hvabi_jr_fail(jr, obj, -EBADMSG, "%s needs member \"%s\"", where,
			     names[id].s);
}

int hvabi_jr_document_end(struct hvabi_jr *jr, const char *obj,
			  const struct hvabi_jr_name *names, unsigned int required,
			  unsigned int seen, const char *what)
{
	hvabi_jr_ws(jr);
	if (jr->p != jr->end)
		return hvabi_jr_fail(jr, jr->p, -EBADMSG, "trailing characters after the document");
	return hvabi_jr_required(jr, obj, names, required, seen, what);
}

int hvabi_jr_enum(struct hvabi_jr *jr, const char *member_name,
		  const struct hvabi_jr_name *names, size_t n, const char *hint, int *ret)
{
	const char *at = jr->p;
	char s[16], q[HVABI_JR_SHOWN];
	size_t len;
	int r;

	r = hvabi_jr_str_value(jr, member_name, s, sizeof(s), &len);
	if (r)
		return r;
	*ret = len <= sizeof(s) ? hvabi_jr_name_lookup(s, len, names, n) : -1;
	if (*ret < 0)
		return hvabi_jr_fail(jr, at, -EBADMSG, "unknown %s \"%s\" (%s)",
				     member_name, hvabi_jr_shown(s, len, sizeof(s), q),
				     hint);
	return 0;
}

int hvabi_jr_release(struct hvabi_jr *jr, const char *member_name, char *release)
{
	const char *at = jr->p;
	char s[HVABI_RELEASE_MAX], q[HVABI_JR_SHOWN];
	size_t len, i;
	int r;

	r = hvabi_jr_str_value(jr, member_name, s, sizeof(s), &len);
	if (r)
		return r;
	for (i = 0; i < len && len <= sizeof(s); i++)
		if (s[i] < 0x21 || s[i] > 0x7e)
			break;
	if (len > sizeof(s) || i < len)
		return hvabi_jr_fail(
			jr, at, -EBADMSG,
			"kernel release \"%s\" is not at most %u printable ASCII "
			"characters without spaces",
			hvabi_jr_shown(s, len, sizeof(s), q), HVABI_RELEASE_MAX);
	memcpy(release, s, len);
	release[len] = '\0';
	return 0;
}

int hvabi_jr_skip(struct hvabi_jr *jr, unsigned int levels, const char *uint_member)
{
	char c = hvabi_jr_peek(jr), close;
	uint64_t v;
	size_t n;
	int r;

	switch (c) {
	case '"':
		return hvabi_jr_string(jr, NULL, 0, &n);
	case 't':
	case 'f':
	case 'n': {
		const char *lit = c == 't' ? "true" : c == 'f' ? "false" : "null";
		size_t l = strlen(lit);

		if ((size_t)(jr->end - jr->p) < l || memcmp(jr->p, lit, l))
			return hvabi_jr_fail(jr, jr->p, -EBADMSG, "invalid literal");
		jr->p += l;
		return 0;
	}
	case '[':
	case '{':
		break;
	default:
		if (c == '-' || (c >= '0' && c <= '9'))
			return uint_member ? hvabi_jr_uint(jr, uint_member, &v)
					   : skip_number(jr);
		return hvabi_jr_fail(jr, jr->p, -EBADMSG, "expected a JSON value, not %s",
				     type_name(c));
	}
	if (!levels)
		return hvabi_jr_fail(jr, jr->p, -EBADMSG,
				     "nesting deeper than the format has");
	close = c == '[' ? ']' : '}';
	for (r = hvabi_jr_open(jr, c, NULL, NULL); r > 0; r = hvabi_jr_next(jr, close)) {
		if (close == '}') {
			r = member(jr, NULL, 0, &n);
			if (r)
				return r;
		}
		r = hvabi_jr_skip(jr, levels - 1, uint_member);
		if (r)
			return r;
	}
	return r;
}

/* ---- a feature set read from text ---- */

int hvabi_jr_set_new(struct hvabi_jr *jr, struct hvabi_jr_set *s, enum hvabi_arch arch)
{
	int r = hvabi_featureset_new(arch, &s->fs);

	s->sorted = true;
	return r ? hvabi_jr_fail(jr, jr->p, r, "out of memory") : 0;
}

int hvabi_jr_set_push(struct hvabi_jr *jr, struct hvabi_jr_set *s,
		      const struct hvabi_entry *e, const char *at)
{
	struct hvabi_featureset *fs = s->fs;
	struct hvabi_entry *d;
	int r;

	if (fs->n) {
		int c = hvabi_key_compare(&fs->e[fs->n - 1].key, &e->key);

		if (c > 0)
			s->sorted = false;
		else if (!c)
			return s->dup(jr, &e->key, s->offs[fs->n - 1],
				      (size_t)(at - jr->start));
	}
	r = hvabi_fs_reserve(fs, fs->n + 1);
	if (!r && fs->n == s->offs_cap) {
		size_t *no = realloc(s->offs, fs->cap * sizeof(*no));

		if (no) {
			s->offs = no;
			s->offs_cap = fs->cap;
		} else {
			r = -ENOMEM;
		}
	}
	if (r)
		return hvabi_jr_fail(jr, at, r, "out of memory");
	/* Copies as hvabi_fs_append() would, without its order check. */
	d = &fs->e[fs->n];
	*d = *e;
	d->wide = NULL;
	d->ranges = NULL;
	if (e->width > 8) {
		uint8_t *w = malloc(e->width);

		if (!w)
			return hvabi_jr_fail(jr, at, -ENOMEM, "out of memory");
		memcpy(w, e->wide, e->width);
		d->wide = w;
	}
	if (e->nranges) {
		struct hvabi_range *rg = malloc(e->nranges * sizeof(*rg));

		if (!rg) {
			free((void *)d->wide);
			d->wide = NULL;
			return hvabi_jr_fail(jr, at, -ENOMEM, "out of memory");
		}
		memcpy(rg, e->ranges, e->nranges * sizeof(*rg));
		d->ranges = rg;
	}
	s->offs[fs->n] = (size_t)(at - jr->start);
	hvabi_fs_commit(fs);
	return 0;
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

int hvabi_jr_set_sort(struct hvabi_jr *jr, struct hvabi_jr_set *s)
{
	struct hvabi_featureset *fs = s->fs;
	size_t i, dup = 0, dup_first = 0;
	struct hvabi_key dup_key = { 0, 0, 0, 0 };
	struct entry_ref *v;

	if (s->sorted || !fs)
		return 0;
	v = malloc(fs->n * sizeof(*v));
	if (!v)
		return hvabi_jr_fail(jr, jr->start, -ENOMEM, "out of memory");
	for (i = 0; i < fs->n; i++) {
		v[i].e = fs->e[i];
		v[i].off = s->offs[i];
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
	hvabi_fs_rows_refresh(fs);
	free(v);
	s->sorted = true;
	return dup ? s->dup(jr, &dup_key, dup_first, dup) : 0;
}

struct hvabi_featureset *hvabi_jr_set_take(struct hvabi_jr_set *s)
{
	struct hvabi_featureset *fs = s->fs;

	s->fs = NULL;
	return fs;
}

void hvabi_jr_set_free(struct hvabi_jr_set *s)
{
	hvabi_featureset_free(s->fs);
	free(s->offs);
	s->fs = NULL;
	s->offs = NULL;
	s->offs_cap = 0;
}
