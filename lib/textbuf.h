/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Text output into a caller buffer: what fits is written, the rest is
 * measured, and hvabi_out_finish() applies the public contract (-ERANGE
 * when it did not fit, with the length the text needs without its NUL).
 */
#ifndef HVABI_TEXTBUF_H
#define HVABI_TEXTBUF_H

#include <stdarg.h>
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>

struct hvabi_out {
	char *buf;
	size_t cap;
	size_t len;
};

void hvabi_out_init(struct hvabi_out *o, char *buf, size_t len);
void hvabi_out_printf(struct hvabi_out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* A JSON string literal: quotes, backslashes and control characters escaped. */
void hvabi_out_json_string(struct hvabi_out *o, const char *s);
/* 0 or -ERANGE, and the text's length without its NUL either way. */
int hvabi_out_finish(const struct hvabi_out *o, size_t *len);

/*
 * The allocating form of a caller-buffer text function @fn of @type:
 * measure, allocate the length plus its NUL, write. Text that changed
 * between the calls cannot happen (the objects are immutable to them),
 * so a second -ERANGE is an internal error, reported as -EIO.
 */
#define HVABI_DEFINE_TEXT_ALLOC(name, type, fn)					\
	HVABI_EXPORT int name(const type *obj, char **ret)				\
	{										\
		size_t len = 0;								\
		char *text;								\
		int r;									\
											\
		if (!obj || !ret)							\
			return -EINVAL;							\
		r = fn(obj, NULL, &len);						\
		if (r != -ERANGE)							\
			return r < 0 ? r : -EIO;					\
		text = malloc(len + 1);							\
		if (!text)								\
			return -ENOMEM;							\
		len++;									\
		r = fn(obj, text, &len);						\
		if (r) {								\
			free(text);							\
			return r == -ERANGE ? -EIO : r;					\
		}									\
		*ret = text;								\
		return 0;								\
	}

#endif /* HVABI_TEXTBUF_H */
