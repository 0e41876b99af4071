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
	snprintf(buf, size, "arm64-%u.%u", major, minor);
	return buf;
}

int hostseed_apply(struct hvabi_sim *sim, const char *path, FILE *log)
{
	char line[256], what[16];
	unsigned long long id, value;
	struct hvabi_key key;
	FILE *f;
	int n = 0, r;

	f = fopen(path, "r");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "seed ", 5) != 0)
			continue;
		if (sscanf(line + 5, "%15s %lli %lli", what, &id, &value) != 3) {
			fclose(f);
			return -EINVAL;
		}
		if (strcmp(what, "reg") == 0)
			key = hvabi_key_reg((uint64_t)id);
		else if (strcmp(what, "cap") == 0)
			key = hvabi_key_cap((uint32_t)id);
		else
			continue;
		r = hvabi_sim_set_host(sim, &key, (uint64_t)value);
		if (r == -ENOENT) {
			if (log)
				fprintf(log, "# seed %s 0x%llx not applied: %s\n", what, id,
					"not a host value of this model");
			continue;
		}
		if (r < 0) {
			if (log)
				fprintf(log, "# seed %s 0x%llx 0x%llx refused: %s\n", what, id,
					value, strerror(-r));
			fclose(f);
			return r;
		}
		n++;
	}
	fclose(f);
	return n;
}
