/*
 * Write the fuzzers' seeds from the simulated kernels: every model's
 * probed profile, the set a fresh VM of it shows (read_vm: values only),
 * and the baseline of the arm64 models, each as a blob and as JSON.
 *
 *   gen-corpus fuzz/corpus
 *
 * writes sim-MODEL, vm-MODEL and baseline-arm64, as .blob into
 * CORPUS/blob-decode, as .json into CORPUS/json-parse, and both into
 * CORPUS/roundtrip. The seeds are checked in; run this again when a
 * model or the formats change (fuzz/README.md).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libhvabi/hvabi.h>
#include <libhvabi/sim.h>

#include "kvm-uapi.h"

static const char *corpus;

static void die(const char *what, int r) __attribute__((noreturn));

static void die(const char *what, int r)
{
	fprintf(stderr, "gen-corpus: %s: %s\n", what, strerror(r < 0 ? -r : r));
	exit(1);
}

static void write_file(const char *dir, const char *name, const char *ext, const void *p,
		       size_t len)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s/%s.%s", corpus, dir, name, ext);
	f = fopen(path, "wb");
	if (!f || fwrite(p, 1, len, f) != len || fclose(f))
		die(path, errno);
}

static void emit(const char *name, const struct hvabi_featureset *fs)
{
	size_t len = 0;
	char *buf;
	int r;

	if (hvabi_featureset_encode(fs, NULL, &len) != -ERANGE || !(buf = malloc(len)))
		die("encode", ENOMEM);
	r = hvabi_featureset_encode(fs, buf, &len);
	if (r)
		die("encode", r);
	write_file("blob-decode", name, "blob", buf, len);
	write_file("roundtrip", name, "blob", buf, len);
	free(buf);
	len = 0;
	if (hvabi_featureset_to_json(fs, NULL, &len) != -ERANGE || !(buf = malloc(len)))
		die("to_json", ENOMEM);
	r = hvabi_featureset_to_json(fs, buf, &len);
	if (r)
		die("to_json", r);
	write_file("json-parse", name, "json", buf, len);
	write_file("roundtrip", name, "json", buf, len);
	free(buf);
}

/* The set a VMM's fresh VM on @sim shows (vCPU initialised, nothing written). */
static struct hvabi_featureset *read_new_vm(struct hvabi_sim *sim, struct hvabi_kvm *kvm)
{
	struct hvabi_kvm_vcpu_init init;
	struct hvabi_featureset *fs = NULL;
	int vm, vcpu, r;

	vm = hvabi_sim_ioctl(sim, hvabi_kvm_get_fd(kvm), HVABI_KVM_CREATE_VM, NULL);
	vcpu = vm < 0 ? vm : hvabi_sim_ioctl(sim, vm, HVABI_KVM_CREATE_VCPU, NULL);
	if (vcpu < 0)
		die("create", vcpu);
	if (hvabi_sim_get_arch(sim) == HVABI_ARCH_ARM64) {
		memset(&init, 0, sizeof(init));
		r = hvabi_sim_ioctl(sim, vm, HVABI_KVM_ARM_PREFERRED_TARGET, &init);
		init.features[0] = 1u << HVABI_KVM_ARM_VCPU_PSCI_0_2;
		if (!r)
			r = hvabi_sim_ioctl(sim, vcpu, HVABI_KVM_ARM_VCPU_INIT, &init);
		if (r)
			die("vcpu init", r);
	}
	r = hvabi_kvm_read_vm(kvm, vm, &vcpu, 1, 0, &fs);
	if (r)
		die("read_vm", r);
	return fs;
}

int main(int argc, char **argv)
{
	struct hvabi_featureset *arm[8], *base = NULL;
	size_t i, narm = 0;
	const char *model;
	char name[64];
	int r;

	if (argc != 2) {
		fprintf(stderr, "usage: gen-corpus CORPUS-DIR\n");
		return 2;
	}
	corpus = argv[1];
	for (i = 0; (model = hvabi_sim_model_name(i)); i++) {
		struct hvabi_featureset *fs = NULL, *vm;
		struct hvabi_sim *sim = NULL;
		struct hvabi_kvm *kvm = NULL;

		r = hvabi_sim_new(model, &sim);
		if (!r)
			r = hvabi_kvm_new_from_sim(sim, &kvm);
		if (!r)
			r = hvabi_kvm_probe(kvm, 0, &fs);
		if (r)
			die(model, r);
		snprintf(name, sizeof(name), "sim-%s", model);
		emit(name, fs);
		vm = read_new_vm(sim, kvm);
		snprintf(name, sizeof(name), "vm-%s", model);
		emit(name, vm);
		hvabi_featureset_free(vm);
		if (hvabi_featureset_get_arch(fs) == HVABI_ARCH_ARM64 && narm < 8)
			arm[narm++] = fs;
		else
			hvabi_featureset_free(fs);
		hvabi_kvm_free(kvm);
		hvabi_sim_free(sim);
	}
	r = hvabi_baseline((const struct hvabi_featureset *const *)arm, narm, 0, &base, NULL, NULL);
	if (r < 0)
		die("baseline", r);
	emit("baseline-arm64", base);
	hvabi_featureset_free(base);
	for (i = 0; i < narm; i++)
		hvabi_featureset_free(arm[i]);
	return 0;
}
