/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * probe_host: print a host's guest-visible ABI profile as JSON.
 *
 *	probe_host		probe this host's /dev/kvm
 *	probe_host --sim MODEL	probe a simulated kernel (e.g. arm64-7.2)
 *
 * Exit status: 0, 1 on an error, 77 when /dev/kvm is missing or not
 * permitted.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libhvabi/hvabi.h>
#include <libhvabi/sim.h>

#define EXIT_SKIP 77

static void usage(void)
{
	size_t i;

	fprintf(stderr, "usage: probe_host [--sim MODEL]\nmodels:");
	for (i = 0; hvabi_sim_model_name(i); i++)
		fprintf(stderr, " %s", hvabi_sim_model_name(i));
	fprintf(stderr, "\n");
}

/* The profile as JSON on stdout. */
static int print_json(const struct hvabi_featureset *fs)
{
	size_t len;
	char *text;
	int r;

	/* The library sizes and allocates the text; free() releases it. */
	r = hvabi_featureset_to_json_alloc(fs, &text);
	if (r) {
		fprintf(stderr, "probe_host: hvabi_featureset_to_json_alloc: %s\n", strerror(-r));
		return 1;
	}
	len = strlen(text);
	if (fwrite(text, 1, len, stdout) != len || fflush(stdout)) {
		fprintf(stderr, "probe_host: writing the profile: %s\n", strerror(errno));
		free(text);
		return 1;
	}
	free(text);
	return 0;
}

int main(int argc, char **argv)
{
	struct hvabi_featureset *fs = NULL;
	struct hvabi_sim *sim = NULL;
	struct hvabi_kvm *kvm = NULL;
	int r, status = 1;

	if (argc == 3 && !strcmp(argv[1], "--sim")) {
		r = hvabi_sim_new(argv[2], &sim);
		if (r == -ENOENT) {
			fprintf(stderr, "probe_host: no simulated model '%s'\n", argv[2]);
			usage();
			return 1;
		}
		if (r) {
			fprintf(stderr, "probe_host: hvabi_sim_new: %s\n", strerror(-r));
			return 1;
		}
		r = hvabi_kvm_new_from_sim(sim, &kvm);
		if (r) {
			fprintf(stderr, "probe_host: hvabi_kvm_new_from_sim: %s\n", strerror(-r));
			goto out;
		}
	} else if (argc == 1) {
		r = hvabi_kvm_open(NULL, 0, &kvm);
		if (r == -ENOENT || r == -EACCES || r == -EPERM || r == -ENXIO ||
		    r == -ENODEV) {
			fprintf(stderr, "probe_host: SKIP: /dev/kvm: %s (try --sim "
				"MODEL)\n", strerror(-r));
			return EXIT_SKIP;
		}
		if (r) {
			fprintf(stderr, "probe_host: hvabi_kvm_open: %s\n", strerror(-r));
			return 1;
		}
	} else {
		usage();
		return 2;
	}

	r = hvabi_kvm_probe(kvm, 0, &fs);
	if (r) {
		fprintf(stderr, "probe_host: hvabi_kvm_probe: %s\n", strerror(-r));
		goto out;
	}
	status = print_json(fs);
out:
	hvabi_featureset_free(fs);
	/* The handle before the simulator it points into. */
	hvabi_kvm_free(kvm);
	hvabi_sim_free(sim);
	return status;
}
