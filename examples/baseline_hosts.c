/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * baseline_hosts: the largest ABI every host of a fleet can give a guest.
 *
 *	baseline_hosts [-o BASELINE.json] [PROFILE.json...]
 *
 * Without profiles, the fleet is every simulated arm64 kernel (5.10, 6.1,
 * 6.12, 7.2); with them, the hosts those files describe (probe_host
 * output). Prints the baseline report, one item per entry the baseline had
 * to lower, imply or drop, and with -o writes the baseline as JSON (the set
 * to hand to apply_set, arm64_vmm or x86_vmm).
 *
 * Exit status: 0 when the baseline was computed, whatever its verdict (the
 * last line says whether a VM on it may move between every pair of the
 * hosts), 1 on an error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libhvabi/hvabi.h>
#include <libhvabi/sim.h>

#include "common.h"

#define MAX_HOSTS 64

static int error(const char *what, int r)
{
	fprintf(stderr, "baseline_hosts: %s: %s\n", what, strerror(-r));
	return 1;
}

static int print_report(const struct hvabi_report *rep)
{
	char *text;
	int r;

	r = hvabi_report_to_text_alloc(rep, &text);
	if (r)
		return error("hvabi_report_to_text_alloc", r);
	fputs(text, stdout);
	free(text);
	return 0;
}

static int write_json(const struct hvabi_featureset *fs, const char *path)
{
	size_t len;
	char *text;
	FILE *f;
	int r, err = 0;

	r = hvabi_featureset_to_json_alloc(fs, &text);
	if (r)
		return error("hvabi_featureset_to_json_alloc", r);
	len = strlen(text);
	f = fopen(path, "w");
	if (!f) {
		err = errno;
	} else {
		if (fwrite(text, 1, len, f) != len)
			err = errno ? errno : EIO;
		if (fclose(f) && !err)
			err = errno;
	}
	free(text);
	return err ? error(path, -err) : 0;
}

int main(int argc, char **argv)
{
	struct hvabi_featureset *hosts[MAX_HOSTS], *base = NULL;
	struct hvabi_report *report = NULL;
	const char *out = NULL;
	enum hvabi_arch arch;
	size_t n = 0, i;
	int argi = 1, r, status = 1;

	if (argc > 2 && !strcmp(argv[1], "-o")) {
		out = argv[2];
		argi = 3;
	}
	if (argc - argi > MAX_HOSTS || (argi < argc && argv[argi][0] == '-')) {
		fprintf(stderr, "usage: baseline_hosts [-o BASELINE.json] "
			"[PROFILE.json...]\n");
		return 2;
	}
	if (argi < argc) {
		for (; argi < argc; argi++, n++) {
			if (example_load_set("baseline_hosts", argv[argi], HVABI_ARCH_NONE,
					     &hosts[n]))
				goto out;
			/* A baseline is of one architecture: say which file breaks it. */
			arch = hvabi_featureset_get_arch(hosts[0]);
			if (hvabi_featureset_get_arch(hosts[n]) != arch) {
				fprintf(stderr, "baseline_hosts: %s: not an %s profile\n",
					argv[argi], hvabi_arch_name(arch));
				n++;
				goto out;
			}
			printf("host: %s (%s, %zu entries)\n", argv[argi],
			       hvabi_featureset_get_kernel_release(hosts[n]),
			       hvabi_featureset_count(hosts[n]));
		}
	} else {
		const char *model;

		for (i = 0; (model = hvabi_sim_model_name(i)) && n < MAX_HOSTS; i++) {
			if (strncmp(model, "arm64-", 6))
				continue;
			if (example_probe_model("baseline_hosts", model, &hosts[n]))
				goto out;
			printf("host: simulated %s (%s, %zu entries)\n", model,
			       hvabi_featureset_get_kernel_release(hosts[n]),
			       hvabi_featureset_count(hosts[n]));
			n++;
		}
	}
	if (!n) {
		fprintf(stderr, "baseline_hosts: no hosts\n");
		goto out;
	}

	r = hvabi_baseline((const struct hvabi_featureset *const *)hosts, n, 0, &base, NULL,
			   &report);
	if (r < 0) {
		error("hvabi_baseline", r);
		goto out;
	}
	printf("baseline: %zu entries, %zu report items (%zu warn or block)\n",
	       hvabi_featureset_count(base), hvabi_report_count(report),
	       hvabi_report_count_severity(report, HVABI_SEVERITY_WARN));
	if (print_report(report))
		goto out;
	printf("baseline: a VM on it %s move between these hosts\n", r ? "may" : "may NOT");
	if (out && write_json(base, out))
		goto out;
	status = 0;
out:
	hvabi_report_free(report);
	hvabi_featureset_free(base);
	for (i = 0; i < n; i++)
		hvabi_featureset_free(hosts[i]);
	return status;
}
