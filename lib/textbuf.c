/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Text written into a caller's buffer with the library's in/out length contract. */

#include <errno.h>
#include <stdio.h>

#include "textbuf.h"

void hvabi_out_init(struct hvabi_out *o, char *buf, size_t len)
{
	o->buf = buf;
	o->cap = buf ? len : 0;
	o->len = 0;
}

void hvabi_out_printf(struct hvabi_out *o, const char *fmt, ...)
{
	char *dst = o->buf && o->len < o->cap ? o->buf + o->len : NULL;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(dst, dst ? o->cap - o->len : 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->len += (size_t)n;
}

void hvabi_out_json_string(struct hvabi_out *o, const char *s)
{
	hvabi_out_printf(o, "\"");
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			hvabi_out_printf(o, "\\%c", ch);
		else if (ch < 0x20)
			hvabi_out_printf(o, "\\u%04x", ch);
		else
			hvabi_out_printf(o, "%c", ch);
	}
	hvabi_out_printf(o, "\"");
}

int hvabi_out_finish(const struct hvabi_out *o, size_t *len)
{
	if (!o->buf || o->len + 1 > o->cap) {
		*len = o->len;
		return -ERANGE;
	}
	/* As snprintf: terminated even when nothing was written. */
	o->buf[o->len] = '\0';
	*len = o->len;
	return 0;
}
