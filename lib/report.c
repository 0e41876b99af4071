/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The report object shared by baseline, check and apply. */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog-internal.h"
#include "report.h"
#include "textbuf.h"

struct report_item {
	struct hvabi_report_item pub;
	char name[48];
	char message[232];
};

struct hvabi_report {
	size_t n;
	size_t cap;
	size_t blocking;
	struct report_item *items;
};

static const char *const reason_names[] = {
	[HVABI_REASON_OK] = "ok",
	[HVABI_REASON_LOWERED] = "lowered",
	[HVABI_REASON_IMPLIED] = "implied",
	[HVABI_REASON_DROPPED] = "dropped",
	[HVABI_REASON_CONFLICT] = "conflict",
	[HVABI_REASON_MISSING_ON_DEST] = "missing-on-destination",
	[HVABI_REASON_MISSING_IMPLIED_OK] = "missing-implied-ok",
	[HVABI_REASON_MISSING_ON_SOURCE] = "missing-on-source",
	[HVABI_REASON_BEYOND_DEST] = "beyond-destination",
	[HVABI_REASON_NOT_WRITABLE] = "not-writable",
	[HVABI_REASON_NOT_PINNABLE] = "not-pinnable",
	[HVABI_REASON_UNKNOWN_ENTRY] = "unknown-entry",
	[HVABI_REASON_WRITTEN] = "written",
	[HVABI_REASON_WRITTEN_OFF] = "written-off",
	[HVABI_REASON_REFUSED] = "refused",
	[HVABI_REASON_NOT_KEPT] = "not-kept",
	[HVABI_REASON_BUSY] = "busy",
	[HVABI_REASON_NOT_VERIFIED] = "not-verified",
	[HVABI_REASON_ARCH_MISMATCH] = "arch-mismatch",
	[HVABI_REASON_ADDED] = "added",
	[HVABI_REASON_NOT_LISTED] = "not-listed",
};

HVABI_EXPORT const char *hvabi_reason_name(enum hvabi_reason reason)
{
	return (unsigned int)reason < HVABI_ARRAY_SIZE(reason_names) ? reason_names[reason] : NULL;
}

HVABI_EXPORT const char *hvabi_severity_name(enum hvabi_severity severity)
{
	switch (severity) {
	case HVABI_SEVERITY_INFO:
		return "info";
	case HVABI_SEVERITY_WARN:
		return "warn";
	case HVABI_SEVERITY_BLOCK:
		return "block";
	default:
		return NULL;
	}
}

int hvabi_report_new(struct hvabi_report **ret)
{
	struct hvabi_report *r = calloc(1, sizeof(*r));

	if (!r)
		return -ENOMEM;
	*ret = r;
	return 0;
}

HVABI_EXPORT void hvabi_report_free(struct hvabi_report *report)
{
	if (!report)
		return;
	free(report->items);
	free(report);
}

int hvabi_report_reserve(struct hvabi_report *r, size_t n)
{
	struct report_item *items;

	if (n <= r->cap - r->n)
		return 0;
	if (n > SIZE_MAX / sizeof(*items) - r->n)
		return -ENOMEM;
	items = realloc(r->items, (r->n + n) * sizeof(*items));
	if (!items)
		return -ENOMEM;
	r->items = items;
	r->cap = r->n + n;
	return 0;
}

int hvabi_report_add(struct hvabi_report *r, enum hvabi_arch arch, const struct hvabi_key *key,
		     enum hvabi_reason reason, enum hvabi_severity severity,
		     const uint64_t *source, const uint64_t *destination, int error,
		     const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = hvabi_report_addv(r, arch, key, reason, severity, source, destination, error, fmt,
				ap);
	va_end(ap);
	return ret;
}

int hvabi_report_addv(struct hvabi_report *r, enum hvabi_arch arch, const struct hvabi_key *key,
		      enum hvabi_reason reason, enum hvabi_severity severity,
		      const uint64_t *source, const uint64_t *destination, int error,
		      const char *fmt, va_list ap)
{
	const struct hvabi_cat_entry *c;
	struct report_item *it;

	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 16;
		struct report_item *items = realloc(r->items, cap * sizeof(*items));

		if (!items)
			return -ENOMEM;
		r->items = items;
		r->cap = cap;
	}
	it = &r->items[r->n];
	memset(it, 0, sizeof(*it));
	it->pub.key = *key;
	c = hvabi_cat_find(arch, key);
	if (c)
		snprintf(it->name, sizeof(it->name), "%s", c->name);
	else if (hvabi_key_format(key, it->name, sizeof(it->name)) < 0)
		snprintf(it->name, sizeof(it->name), "(set)");
	it->pub.reason = (uint8_t)reason;
	it->pub.severity = (uint8_t)severity;
	if (source) {
		it->pub.has_source = 1;
		it->pub.source = *source;
	}
	if (destination) {
		it->pub.has_destination = 1;
		it->pub.destination = *destination;
	}
	it->pub.error = error;
	vsnprintf(it->message, sizeof(it->message), fmt, ap);
	r->n++;
	if (severity == HVABI_SEVERITY_BLOCK)
		r->blocking++;
	return 0;
}

HVABI_EXPORT size_t hvabi_report_count(const struct hvabi_report *report)
{
	return report ? report->n : 0;
}

HVABI_EXPORT int hvabi_report_get_item(const struct hvabi_report *report, size_t index,
				       struct hvabi_report_item *ret, size_t ret_sz)
{
	struct hvabi_report_item it;

	if (!report || !ret || ret_sz < hvabi_offsetofend(struct hvabi_report_item, message))
		return -EINVAL;
	if (index >= report->n)
		return -ENOENT;
	it = report->items[index].pub;
	it.name = report->items[index].name;
	it.message = report->items[index].message;
	return hvabi_copy_out(ret, ret_sz, &it, sizeof(it),
			      hvabi_offsetofend(struct hvabi_report_item, message));
}

HVABI_EXPORT int hvabi_report_ok(const struct hvabi_report *report)
{
	if (!report)
		return -EINVAL;
	return !report->blocking;
}

HVABI_EXPORT size_t hvabi_report_count_severity(const struct hvabi_report *report,
						enum hvabi_severity severity)
{
	size_t i, n = 0;

	for (i = 0; report && i < report->n; i++)
		if (report->items[i].pub.severity >= severity)
			n++;
	return n;
}

HVABI_EXPORT int hvabi_report_to_text(const struct hvabi_report *report, char *buf, size_t *len)
{
	struct hvabi_out o;
	size_t i;

	if (!report || !len)
		return -EINVAL;
	hvabi_out_init(&o, buf, *len);
	for (i = 0; i < report->n; i++) {
		const struct report_item *it = &report->items[i];
		char key[64];

		if (hvabi_key_format(&it->pub.key, key, sizeof(key)) < 0)
			snprintf(key, sizeof(key), "-");
		hvabi_out_printf(&o, "%s %s %s %s",
			   hvabi_severity_name((enum hvabi_severity)it->pub.severity),
			   hvabi_reason_name((enum hvabi_reason)it->pub.reason), it->name, key);
		if (it->pub.has_source)
			hvabi_out_printf(&o, " source=0x%" PRIx64, it->pub.source);
		if (it->pub.has_destination)
			hvabi_out_printf(&o, " destination=0x%" PRIx64, it->pub.destination);
		if (it->pub.error)
			hvabi_out_printf(&o, " error=%d", it->pub.error);
		hvabi_out_printf(&o, ": %s\n", it->message);
	}
	return hvabi_out_finish(&o, len);
}

HVABI_DEFINE_TEXT_ALLOC(hvabi_report_to_text_alloc, struct hvabi_report, hvabi_report_to_text)

HVABI_EXPORT int hvabi_report_to_json(const struct hvabi_report *report, char *buf, size_t *len)
{
	struct hvabi_out o;
	size_t i;

	if (!report || !len)
		return -EINVAL;
	hvabi_out_init(&o, buf, *len);
	hvabi_out_printf(&o, "{\n  \"ok\": %s,\n  \"items\": [", report->blocking ? "false" : "true");
	for (i = 0; i < report->n; i++) {
		const struct report_item *it = &report->items[i];
		char key[64];

		if (hvabi_key_format(&it->pub.key, key, sizeof(key)) < 0)
			snprintf(key, sizeof(key), "-");
		hvabi_out_printf(&o, "%s\n    {\"name\": ", i ? "," : "");
		hvabi_out_json_string(&o, it->name);
		hvabi_out_printf(&o, ", \"key\": \"%s\", \"reason\": \"%s\", \"severity\": \"%s\"", key,
			   hvabi_reason_name((enum hvabi_reason)it->pub.reason),
			   hvabi_severity_name((enum hvabi_severity)it->pub.severity));
		if (it->pub.has_source)
			hvabi_out_printf(&o, ", \"source\": \"0x%" PRIx64 "\"", it->pub.source);
		else
			hvabi_out_printf(&o, ", \"source\": null");
		if (it->pub.has_destination)
			hvabi_out_printf(&o, ", \"destination\": \"0x%" PRIx64 "\"", it->pub.destination);
		else
			hvabi_out_printf(&o, ", \"destination\": null");
		hvabi_out_printf(&o, ", \"error\": %d, \"message\": ", it->pub.error);
		hvabi_out_json_string(&o, it->message);
		hvabi_out_printf(&o, "}");
	}
	hvabi_out_printf(&o, "%s]\n}\n", report->n ? "\n  " : "");
	return hvabi_out_finish(&o, len);
}

HVABI_DEFINE_TEXT_ALLOC(hvabi_report_to_json_alloc, struct hvabi_report, hvabi_report_to_json)
