/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * check_migration: may a VM move from one host to another, and if not, why?
 *
 *	check_migration [SOURCE DESTINATION]
 *
 * SOURCE and DESTINATION are simulated models (default: arm64-7.2 to
 * arm64-6.12, a rollback to the older kernel). A VM started on SOURCE with
 * the kernel's defaults carries SOURCE's whole profile; the check judges
 * every entry against DESTINATION by the kernel's own rules and prints one
 * line for each that stands in the way.
 *
 * Exit status: 0 when the check ran (whatever its verdict; the verdict is
 * the last line), 1 on an error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libhvabi/hvabi.h>

#include "common.h"

static int error(const char *what, int r)
{
	fprintf(stderr, "check_migration: %s: %s\n", what, strerror(-r));
	return 1;
}

/* A simulated host's default profile: what a VM created there sees. */
int main(int argc, char **argv)
{
	const char *src = "arm64-7.2", *dst = "arm64-6.12";
	struct hvabi_featureset *source = NULL, *dest = NULL;
	struct hvabi_report *report = NULL;
	struct hvabi_report_item it;
	size_t i;
	bool may = false;
	int r, status = 1;

	if (argc == 3) {
		src = argv[1];
		dst = argv[2];
	} else if (argc != 1) {
		fprintf(stderr, "usage: check_migration [SOURCE DESTINATION]\n");
		return 2;
	}
	if (example_probe_model("check_migration", src, &source) ||
	    example_probe_model("check_migration", dst, &dest))
		goto out;

	r = hvabi_check(source, dest, 0, &may, &report);
	if (r < 0) {
		error("hvabi_check", r);
		goto out;
	}
	printf("check: %s (%s) -> %s (%s): %zu entries judged\n", src,
	       hvabi_featureset_get_kernel_release(source), dst,
	       hvabi_featureset_get_kernel_release(dest), hvabi_report_count(report));
	/* Only what matters: the items that block or that the guest may notice. */
	for (i = 0; i < hvabi_report_count(report); i++) {
		r = hvabi_report_get_item(report, i, &it, sizeof(it));
		if (r) {
			error("hvabi_report_get", r);
			goto out;
		}
		if (it.severity == HVABI_SEVERITY_INFO)
			continue;
		printf("%-5s %-22s %s: %s\n", hvabi_severity_name(it.severity),
		       hvabi_reason_name(it.reason), it.name, it.message);
	}
	printf("verdict: a VM started on %s with its defaults %s move to %s\n", src,
	       may ? "may" : "may NOT", dst);
	status = 0;
out:
	hvabi_report_free(report);
	hvabi_featureset_free(dest);
	hvabi_featureset_free(source);
	return status;
}
