// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The kernel lab's host seed (hostseed.h): apply the host-dependent values
 * kdiff read from the real kernel to a simulated model.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include <libhvabi/sim.h>

#include "hostseed.h"

const char *hostseed_model(const char *model, char *buf, size_t size)
{
	struct utsname u;
	unsigned int major, minor;

	if (strcmp(model, "auto") != 0)
		return model;
	if (uname(&u) < 0 || sscanf(u.release, "%u.%u", &major, &minor) != 2)
		return model;
#if defined(__x86_64__)
	snprintf(buf, size, "x86-%u.%u", major, minor);
#elif defined(__riscv)
	snprintf(buf, size, "riscv-%u.%u", major, minor);
#else
	snprintf(buf, size, "arm64-%u.%u", major, minor);
#endif
	return buf;
}

/*
 * One "seed" line (without the "seed " prefix) as a key and a value:
 * 1 when it is one, 0 for a kind this file does not know, -EINVAL when
 * it does not parse.
 */
static int parse_seed(const char *line, char *what, size_t wsize, struct hvabi_key *key,
		      unsigned long long *value)
{
	unsigned long long a, b, c, v;
	char kind[16];

	if (sscanf(line, "%15s", kind) != 1)
		return -EINVAL;
	snprintf(what, wsize, "%s", kind);
	if (strcmp(kind, "reg") == 0 || strcmp(kind, "cap") == 0 || strcmp(kind, "msr") == 0 ||
	    strcmp(kind, "guest") == 0) {
		/* strtoull, not %lli: riscv register ids have the top bit set */
		const char *p = line + strlen(kind);
		char *end;

		errno = 0;
		a = strtoull(p, &end, 0);
		if (end == p)
			return -EINVAL;
		p = end;
		v = strtoull(p, &end, 0);
		if (end == p || errno)
			return -EINVAL;
		if (kind[0] == 'r')
			*key = hvabi_key_reg((uint64_t)a);
		else if (kind[0] == 'g')
			/* arm64: what a guest read where no KVM stands between it and the CPU */
			*key = hvabi_key_guest_read((uint64_t)a);
		else if (kind[0] == 'c')
			*key = hvabi_key_cap((uint32_t)a);
		else
			*key = hvabi_key_msr((uint32_t)a);
	} else if (strcmp(kind, "cpuid") == 0 || strcmp(kind, "hvcpuid") == 0) {
		/* x86: seed cpuid <function> <index> <register 0-3> <value> */
		if (sscanf(line, "%*s %lli %lli %lli %lli", &a, &b, &c, &v) != 4 || c > 3)
			return -EINVAL;
		if (kind[0] == 'c')
			*key = hvabi_key_cpuid((uint32_t)a, (uint32_t)b, (enum hvabi_cpuid_reg)c);
		else
			*key = hvabi_key_hv_cpuid((uint32_t)a, (uint32_t)b, (enum hvabi_cpuid_reg)c);
	} else if (strcmp(kind, "tsc-khz") == 0) {
		if (sscanf(line, "%*s %lli", &v) != 1)
			return -EINVAL;
		*key = hvabi_key_vcpu_value(HVABI_VCPU_VALUE_TSC_KHZ);
	} else {
		return 0;
	}
	*value = v;
	return 1;
}

int hostseed_apply(struct hvabi_sim *sim, const char *path, FILE *log)
{
	char line[256], what[16];
	unsigned long long value = 0;
	struct hvabi_key key;
	FILE *f;
	int n = 0, r;

	f = fopen(path, "r");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "seed ", 5) != 0)
			continue;
		line[strcspn(line, "\n")] = '\0';
		r = parse_seed(line + 5, what, sizeof(what), &key, &value);
		if (r < 0) {
			fclose(f);
			return r;
		}
		if (r == 0)
			continue;
		r = hvabi_sim_set_host(sim, &key, (uint64_t)value);
		if (r == -ENOENT) {
			if (log)
				fprintf(log, "# seed %s not applied: %s\n", line + 5,
					"not a host value of this model");
			continue;
		}
		if (r < 0) {
			if (log)
				fprintf(log, "# seed %s refused: %s\n", line + 5, strerror(-r));
			fclose(f);
			return r;
		}
		n++;
	}
	fclose(f);
	return n;
}

int hostseed_sim(const char *model, const char *seedfile, struct hvabi_sim **ret, FILE *log)
{
	const char *name;
	char buf[64];
	int r;

	name = hostseed_model(model, buf, sizeof(buf));
	r = hvabi_sim_new(name, ret);
	if (r < 0) {
		fprintf(log, "# hvabi_sim_new %s: %s\n", name, strerror(-r));
		return r;
	}
	fprintf(log, "# sim %s release %s\n", name, hvabi_sim_get_release(*ret));
	if (!seedfile)
		return 0;
	r = hostseed_apply(*ret, seedfile, log);
	if (r < 0) {
		fprintf(log, "# seed %s: %s\n", seedfile, strerror(-r));
		hvabi_sim_free(*ret);
		*ret = NULL;
		return r;
	}
	fprintf(log, "# seeded %d host values from %s\n", r, seedfile);
	return 0;
}
