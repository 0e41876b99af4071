/* What several examples do alike (common.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include <libhvabi/sim.h>

static int read_file(const char *path, char **ret, size_t *len)
{
	size_t cap = 4096, n = 0, got;
	char *buf = malloc(cap), *nbuf;
	FILE *f;
	int err;

	if (!buf)
		return ENOMEM;
	f = fopen(path, "r");
	if (!f) {
		err = errno;
		free(buf);
		return err;
	}
	while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n < cap)
			continue;
		nbuf = realloc(buf, cap * 2);
		if (!nbuf) {
			fclose(f);
			free(buf);
			return ENOMEM;
		}
		buf = nbuf;
		cap *= 2;
	}
	err = ferror(f) ? EIO : 0;
	if (fclose(f) && !err)
		err = errno;
	if (err) {
		free(buf);
		return err;
	}
	*ret = buf;
	*len = n;
	return 0;
}

int example_load_set(const char *prog, const char *path, enum hvabi_arch want,
		     struct hvabi_featureset **ret)
{
	struct hvabi_featureset *set;
	struct hvabi_error err;
	size_t len = 0;
	char *text = NULL;
	int r;

	r = read_file(path, &text, &len);
	if (r) {
		fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(r));
		return 1;
	}
	r = hvabi_featureset_from_json(text, len, &set, &err, sizeof(err));
	free(text);
	if (r) {
		fprintf(stderr, "%s: %s:%u:%u: %s\n", prog, path, err.line, err.column,
			err.message);
		return 1;
	}
	if (want != HVABI_ARCH_NONE && hvabi_featureset_get_arch(set) != want) {
		fprintf(stderr, "%s: %s: not an %s set\n", prog, path, hvabi_arch_name(want));
		hvabi_featureset_free(set);
		return 1;
	}
	*ret = set;
	return 0;
}

int example_probe_model(const char *prog, const char *model, struct hvabi_featureset **ret)
{
	struct hvabi_sim *sim;
	struct hvabi_kvm *kvm;
	int r;

	r = hvabi_sim_new(model, &sim);
	if (r) {
		fprintf(stderr, "%s: hvabi_sim_new %s: %s\n", prog, model, strerror(-r));
		return 1;
	}
	r = hvabi_kvm_new_from_sim(sim, &kvm);
	if (r) {
		hvabi_sim_free(sim);
		fprintf(stderr, "%s: hvabi_kvm_new_from_sim: %s\n", prog, strerror(-r));
		return 1;
	}
	r = hvabi_kvm_probe(kvm, 0, ret);
	hvabi_kvm_free(kvm);
	hvabi_sim_free(sim);
	if (r)
		fprintf(stderr, "%s: hvabi_kvm_probe: %s\n", prog, strerror(-r));
	return r ? 1 : 0;
}

int example_open_host(const char *prog, enum hvabi_arch arch, int *kvm_fd,
		      struct hvabi_kvm **kvm, struct hvabi_featureset **host)
{
	const char *what;
	int fd, r, status = 1;

	fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		/* No KVM here, or not ours to use: a test skips rather than fails. */
		bool absent = errno == ENOENT || errno == ENXIO || errno == ENODEV ||
			      errno == EACCES || errno == EPERM;

		fprintf(stderr, "%s: %s/dev/kvm: %s\n", prog, absent ? "SKIP: " : "",
			strerror(errno));
		return absent ? EXAMPLE_EXIT_SKIP : 1;
	}
	*kvm = NULL;
	*host = NULL;
	what = "hvabi_kvm_new_from_fd";
	r = hvabi_kvm_new_from_fd(fd, 0, kvm);
	if (!r && hvabi_kvm_get_arch(*kvm) != arch) {
		fprintf(stderr, "%s: SKIP: /dev/kvm is not an %s KVM\n", prog, hvabi_arch_name(arch));
		status = EXAMPLE_EXIT_SKIP;
		goto out;
	}
	if (!r) {
		/* arm64, riscv: also what a guest reads where no ioctl says (CNTFRQ_EL0, SBI, ...) */
		what = "hvabi_kvm_probe";
		r = hvabi_kvm_probe(*kvm, arch != HVABI_ARCH_X86_64 ? HVABI_PROBE_GUEST_READS : 0,
				    host);
	}
	if (!r) {
		printf("host: %s, %zu entries\n", hvabi_featureset_get_kernel_release(*host),
		       hvabi_featureset_count(*host));
		*kvm_fd = fd;
		return 0;
	}
	fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(-r));
out:
	hvabi_kvm_free(*kvm);
	*kvm = NULL;
	close(fd);
	return status;
}
