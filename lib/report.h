/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Building reports (the reading side is public, in negotiate.h). */
#ifndef HVABI_REPORT_H
#define HVABI_REPORT_H

#include "internal.h"
#include <libhvabi/negotiate.h>

int hvabi_report_new(struct hvabi_report **ret);

/* Make room for @n more items, so adding them cannot fail. */
int hvabi_report_reserve(struct hvabi_report *r, size_t n);

/*
 * Add an item; @source/@destination may be NULL when a side has no value.
 * The name comes from the catalogue of @arch, else the key's text.
 */
int hvabi_report_add(struct hvabi_report *r, enum hvabi_arch arch, const struct hvabi_key *key,
		     enum hvabi_reason reason, enum hvabi_severity severity,
		     const uint64_t *source, const uint64_t *destination, int error,
		     const char *fmt, ...) __attribute__((format(printf, 9, 10)));

/* hvabi_report_add() with the message's arguments in @ap. */
int hvabi_report_addv(struct hvabi_report *r, enum hvabi_arch arch, const struct hvabi_key *key,
		      enum hvabi_reason reason, enum hvabi_severity severity,
		      const uint64_t *source, const uint64_t *destination, int error,
		      const char *fmt, va_list ap) __attribute__((format(printf, 9, 0)));

#endif /* HVABI_REPORT_H */
