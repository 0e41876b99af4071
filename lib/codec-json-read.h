/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Reading JSON text strictly, for the readers built on it: the libhvabi
 * profile format (codec-json.c) and the import of Firecracker fingerprints
 * (codec-firecracker.c). There is no generic tree: each reader walks its
 * own schema with these pieces and refuses what it does not expect where it
 * stands. The first failure is recorded with its byte offset and message;
 * line and column are computed only then (hvabi_jr_error()).
 *
 * The few helpers every value passes through are static inline here, so
 * that moving them out of codec-json.c cost that parser nothing.
 */
#ifndef HVABI_CODEC_JSON_READ_H
#define HVABI_CODEC_JSON_READ_H

#include "internal.h"

/* Bytes of a string kept in a message: hvabi_jr_shown()'s output buffer. */
#define HVABI_JR_SHOWN 48
/* Longest member name the lookups compare (longer ones match nothing). */
#define HVABI_JR_NAME_MAX 32
/* Characters of an unknown member name quoted in a message. */
#define HVABI_JR_NAME_QUOTED 16

struct hvabi_jr {
	const char *start;
	const char *p;
	const char *end;
	bool want_msg;
	size_t err_off;
	char msg[sizeof(((struct hvabi_error *)0)->message)];
};

/* A name and its length, so that look-ups compare lengths first. */
struct hvabi_jr_name {
	const char *s;
	size_t len;
};

#define HVABI_JR_NAME(x)         \
	{                        \
		x, sizeof(x) - 1 \
	}

/* CPUID output registers by name, as every format here writes them. */
extern const struct hvabi_jr_name hvabi_jr_cpuid_regs[4];

/* Start reading @len bytes at @text; @want_msg: an error struct wants messages. */
void hvabi_jr_init(struct hvabi_jr *jr, const char *text, size_t len, bool want_msg);

/* Record the failure @code at @at, with a message; returns @code. */
int hvabi_jr_fail(struct hvabi_jr *jr, const char *at, int code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Fill @err (may be NULL) with the failure, its line and column; returns @code. */
int hvabi_jr_error(const struct hvabi_jr *jr, int code, struct hvabi_error *err);

/*
 * 1-based line of byte @off, for messages naming another place than the
 * error's own (everything before an error is valid UTF-8 by then).
 */
unsigned int hvabi_jr_line(const struct hvabi_jr *jr, size_t off);

/*
 * Text quoted in a message: at most 40 of the @stored bytes of a string
 * @len long, anything but printable ASCII as '?'.
 */
const char *hvabi_jr_shown(const char *s, size_t len, size_t stored,
			   char out[HVABI_JR_SHOWN]);

/* The value of a hex digit of either case, or -1. */
int hvabi_jr_hex_digit(unsigned char c);

static inline void hvabi_jr_ws(struct hvabi_jr *jr)
{
	const char *p = jr->p, *end = jr->end;

	while (p < end && (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r'))
		p++;
	jr->p = p;
}

/* The next byte, or NUL at the end of the input (NUL is never valid there). */
static inline char hvabi_jr_peek(const struct hvabi_jr *jr)
{
	return jr->p < jr->end ? *jr->p : '\0';
}

int hvabi_jr_expect_fail(struct hvabi_jr *jr, char want, const char *member,
			 const char *what);

/*
 * Fail unless the next value is of the type @want starts ('"', '0' for a
 * number, '[', '{'); @member names the member, or @what the value.
 */
static inline int hvabi_jr_expect(struct hvabi_jr *jr, char want, const char *member,
				  const char *what)
{
	char c = hvabi_jr_peek(jr);

	/* Numbers: hvabi_jr_uint() says why a sign is wrong. */
	if (c == want || (want == '0' && ((c >= '0' && c <= '9') || c == '-')))
		return 0;
	return hvabi_jr_expect_fail(jr, want, member, what);
}

/*
 * Enter the object or array (@open is '{' or '[') that must come next, as
 * hvabi_jr_expect() checks it. Returns 1 when a member or element follows,
 * 0 when it was empty (and is closed), or the error. With hvabi_jr_next(),
 * every container reads as
 *	for (r = hvabi_jr_open(...); r > 0; r = hvabi_jr_next(jr, close)) ...
 */
int hvabi_jr_open(struct hvabi_jr *jr, char open, const char *member, const char *what);

int hvabi_jr_next_fail(struct hvabi_jr *jr, char close);

/* After a value: ',' (more follow: returns 1) or @close (returns 0). */
static inline int hvabi_jr_next(struct hvabi_jr *jr, char close)
{
	char c;

	hvabi_jr_ws(jr);
	c = hvabi_jr_peek(jr);
	if (c == ',') {
		jr->p++;
		hvabi_jr_ws(jr);
		return 1;
	}
	if (c == close) {
		jr->p++;
		return 0;
	}
	return hvabi_jr_next_fail(jr, close);
}

/*
 * Parse the string at jr->p (its opening quote). Its decoded bytes go to
 * @buf while they fit in @cap; *n gets the full decoded length, so that a
 * caller sees a string too long for it (the rest is still validated).
 */
int hvabi_jr_string(struct hvabi_jr *jr, char *buf, size_t cap, size_t *n);

/* A string member's value into @buf (see hvabi_jr_string() for @cap and @len). */
int hvabi_jr_str_value(struct hvabi_jr *jr, const char *member, char *buf, size_t cap,
		       size_t *len);

/*
 * A whole number, at a '-' or a digit: signs, fractions and exponents are
 * refused (naming @member). Values past UINT64_MAX saturate.
 */
int hvabi_jr_uint(struct hvabi_jr *jr, const char *member, uint64_t *ret);

/* Index of @s in @t (entries with a NULL name never match), or -1. */
int hvabi_jr_name_lookup(const char *s, size_t len, const struct hvabi_jr_name *t,
			 size_t n);

/*
 * Read a member name of the object @where and its ':', leaving jr->p at
 * the value; *id gets its index in @names. A repeated member is refused
 * (*seen has a bit per index); so is an unknown one, unless @lenient: its
 * *id is then -1.
 */
int hvabi_jr_member_id(struct hvabi_jr *jr, const struct hvabi_jr_name *names, size_t n,
		       unsigned int *seen, const char *where, bool lenient, int *id);

/* Fail at @obj, the object @where, unless *seen has every bit of @required. */
int hvabi_jr_required(struct hvabi_jr *jr, const char *obj,
		      const struct hvabi_jr_name *names, unsigned int required,
		      unsigned int seen, const char *where);

/*
 * The end of a document whose top object starts at @obj: nothing but
 * white space may follow it, and *seen must have every @required member.
 */
int hvabi_jr_document_end(struct hvabi_jr *jr, const char *obj,
			  const struct hvabi_jr_name *names, unsigned int required,
			  unsigned int seen, const char *what);

/* A string member whose value is one of @names; its index goes to *ret. */
int hvabi_jr_enum(struct hvabi_jr *jr, const char *member,
		  const struct hvabi_jr_name *names, size_t n, const char *hint,
		  int *ret);

/*
 * A kernel release (uname -r) member into @release (HVABI_RELEASE_MAX + 1
 * bytes): at most HVABI_RELEASE_MAX characters 0x21..0x7e, as a feature
 * set holds it.
 */
int hvabi_jr_release(struct hvabi_jr *jr, const char *member, char *release);

/*
 * Skip a value, checking only its syntax, with containers at most @levels
 * deep. @uint_member set: numbers must be whole and not negative (as
 * hvabi_jr_uint() says, naming it); NULL: any JSON number.
 */
int hvabi_jr_skip(struct hvabi_jr *jr, unsigned int levels, const char *uint_member);

/*
 * A feature set built from entries read from text in any order, each with
 * the offset it was read at: sorted once at the end (one qsort, not an
 * insertion per entry), a key given twice reported through @dup with both
 * offsets (@first the earlier), which returns the error.
 */
struct hvabi_jr_set {
	struct hvabi_featureset *fs;
	size_t *offs;
	size_t offs_cap;
	bool sorted;
	int (*dup)(struct hvabi_jr *jr, const struct hvabi_key *key, size_t first,
		   size_t again);
};

/* Start an empty set of @arch. */
int hvabi_jr_set_new(struct hvabi_jr *jr, struct hvabi_jr_set *s, enum hvabi_arch arch);

/* Add a checked entry (copying what it points to), read at @at. */
int hvabi_jr_set_push(struct hvabi_jr *jr, struct hvabi_jr_set *s,
		      const struct hvabi_entry *e, const char *at);

/* Put the entries in key order, refusing duplicates. */
int hvabi_jr_set_sort(struct hvabi_jr *jr, struct hvabi_jr_set *s);

/* Hand the set over (the builder then holds none). */
struct hvabi_featureset *hvabi_jr_set_take(struct hvabi_jr_set *s);

/* Free what the builder holds; the set too unless it was taken. */
void hvabi_jr_set_free(struct hvabi_jr_set *s);

#endif /* HVABI_CODEC_JSON_READ_H */
