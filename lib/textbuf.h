/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Text output into a caller buffer: what fits is written, the rest is
 * measured, and hvabi_out_finish() applies the public contract (-ERANGE
 * and the size needed, NUL included, when it did not fit).
 */
#ifndef HVABI_TEXTBUF_H
#define HVABI_TEXTBUF_H

#include <stdarg.h>
#include <stddef.h>

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
/* 0 and the text length, or -ERANGE and the size needed with its NUL. */
int hvabi_out_finish(const struct hvabi_out *o, size_t *len);

#endif /* HVABI_TEXTBUF_H */
