/*
 * libhvabi benchmarks: ioctl economy of apply, fleet-scale check and
 * baseline, codec speed. Every figure is a ratio inside one run (against
 * memcpy of the same bytes, or against a full restore), so the table holds
 * on a noisy machine. Not part of the test run: `ninja -C build bench` then
 * `build/bench/hvabi-bench` (see README).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <libhvabi/hvabi.h>

#include "internal.h"
#include "kvm-uapi.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void die(const char *what, int r)
{
	fprintf(stderr, "hvabi-bench: %s: %s\n", what, strerror(r < 0 ? -r : r));
	exit(1);
}

/* Defeat dead-code elimination of the memcpy baselines. */
static volatile uint8_t sink;

static struct hvabi_featureset *probe_sim(const char *model)
{
	struct hvabi_featureset *fs = NULL;
	struct hvabi_sim *sim = NULL;
	struct hvabi_kvm *kvm = NULL;
	int r;

	if ((r = hvabi_sim_new(model, &sim)) || (r = hvabi_sim_kvm(sim, &kvm)) ||
	    (r = hvabi_kvm_probe(kvm, 0, &fs)))
		die(model, r);
	hvabi_kvm_free(kvm);
	hvabi_sim_free(sim);
	return fs;
}

/* ---- 1. ioctl economy ---- */

static void economy(void)
{
	static const char *const models[] = { "arm64-5.10", "arm64-6.1", "arm64-6.12",
					      "arm64-7.2" };
	static const size_t vcpus[] = { 1, 8, 64 };
	struct hvabi_featureset *p[4], *base = NULL;
	size_t i, j;

	for (i = 0; i < 4; i++)
		p[i] = probe_sim(models[i]);
	if (hvabi_baseline((const struct hvabi_featureset *const *)p, 4, 0, &base, NULL) < 0)
		die("baseline", -EINVAL);
	printf("\n1. Ioctl economy: apply of the 4-kernel baseline on simulated arm64-7.2\n");
	printf("%6s %10s %10s %14s %14s %9s\n", "vCPUs", "apply SET", "apply GET",
	       "restore SET", "restore GET", "SET ratio");
	for (j = 0; j < 3; j++) {
		struct hvabi_kvm_vcpu_init init;
		struct hvabi_kvm_reg_list hdr = { 0 };
		struct hvabi_kvm_stats st;
		struct hvabi_sim *sim = NULL;
		struct hvabi_kvm *kvm = NULL;
		int vm, fds[64], r;
		uint64_t listed, restore;

		if ((r = hvabi_sim_new("arm64-7.2", &sim)) || (r = hvabi_sim_kvm(sim, &kvm)))
			die("sim", r);
		vm = hvabi_sim_ioctl(sim, hvabi_kvm_get_fd(kvm), HVABI_KVM_CREATE_VM, NULL);
		memset(&init, 0, sizeof(init));
		hvabi_sim_ioctl(sim, vm, HVABI_KVM_ARM_PREFERRED_TARGET, &init);
		init.features[0] |= 1u << HVABI_KVM_ARM_VCPU_PSCI_0_2;
		for (i = 0; i < vcpus[j]; i++) {
			fds[i] = hvabi_sim_ioctl(sim, vm, HVABI_KVM_CREATE_VCPU, (void *)(uintptr_t)i);
			if (fds[i] < 0 || hvabi_sim_ioctl(sim, fds[i], HVABI_KVM_ARM_VCPU_INIT, &init))
				die("vcpu", fds[i]);
		}
		hvabi_kvm_get_stats(kvm, &st, 1);
		r = hvabi_apply(kvm, base, vm, fds, vcpus[j], NULL, NULL);
		if (r)
			die("apply", r);
		hvabi_kvm_get_stats(kvm, &st, 0);
		hvabi_sim_ioctl(sim, fds[0], HVABI_KVM_GET_REG_LIST, &hdr);
		listed = hdr.n;
		/* What QEMU and Firecracker do: every listed register, every vCPU, GET then SET. */
		restore = listed * vcpus[j];
		printf("%6zu %10" PRIu64 " %10" PRIu64 " %14" PRIu64 " %14" PRIu64 " %8.2f%%\n",
		       vcpus[j], st.set_one_reg, st.get_one_reg, restore, restore,
		       100.0 * (double)st.set_one_reg / (double)restore);
		hvabi_kvm_free(kvm);
		hvabi_sim_free(sim);
	}
	hvabi_featureset_free(base);
	for (i = 0; i < 4; i++)
		hvabi_featureset_free(p[i]);
}

/* ---- 2. fleet check and baseline ---- */

/*
 * A fleet: the simulated profiles with host-to-host variation (the
 * workaround level, a bitmap's supported mask, an ID register field), as
 * real fleets differ.
 */
static struct hvabi_featureset **fleet(size_t n, const struct hvabi_featureset *const *models,
				       size_t nmodels)
{
	struct hvabi_featureset **f = calloc(n, sizeof(*f));
	size_t i;

	if (!f)
		die("fleet", -ENOMEM);
	for (i = 0; i < n; i++) {
		struct hvabi_key wa1 = hvabi_key_reg(HVABI_KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1);
		struct hvabi_key pv = hvabi_key_cpuid(0x40000001, 0, HVABI_CPUID_EAX);
		struct hvabi_entry e;
		int r = hvabi_featureset_copy(models[i % nmodels], &f[i]);

		if (r)
			die("copy", r);
		if (!hvabi_featureset_find(f[i], &wa1, &e)) {
			e.value = e.max = 1 + (i % 2);
			hvabi_featureset_put(f[i], &e);
		}
		if (!hvabi_featureset_find(f[i], &pv, &e)) {
			e.value &= ~(uint64_t)(1u << (i % 16));
			hvabi_featureset_put(f[i], &e);
		}
	}
	return f;
}

static size_t set_bytes(const struct hvabi_featureset *fs)
{
	return fs->n * sizeof(fs->e[0]);
}

static void fleet_check(const char *arch, const struct hvabi_featureset *const *models,
			size_t nmodels)
{
	static const size_t sizes[] = { 1000, 10000, 100000 };
	size_t s;

	printf("\n2. Fleet check, %s: one VM set against N host profiles\n", arch);
	printf("%8s %12s %14s %12s %10s %14s\n", "hosts", "check ns/h", "scan ns/host",
	       "check/scan", "compatible", "baseline ns/h");
	for (s = 0; s < 3; s++) {
		size_t n = sizes[s], i, ok = 0, bytes = 0;
		struct hvabi_featureset **f = fleet(n, models, nmodels), *base = NULL;
		double t0, t1, t2, t3, t4;
		uint8_t *scratch;

		for (i = 0; i < n; i++)
			bytes = bytes > set_bytes(f[i]) ? bytes : set_bytes(f[i]);
		scratch = malloc(bytes);
		t0 = now();
		for (i = 0; i < n; i++)
			ok += hvabi_check(models[0], f[i], 0, NULL) == 1;
		t1 = now();
		/* The floor: copying each profile's entry array once. */
		t2 = now();
		for (i = 0; i < n; i++)
			memcpy(scratch, f[i]->e, set_bytes(f[i]));
		sink = scratch[0];
		t3 = now();
		if (hvabi_baseline((const struct hvabi_featureset *const *)f, n, 0, &base, NULL) < 0)
			die("baseline", -EINVAL);
		t4 = now();
		printf("%8zu %12.0f %14.0f %12.2f %10zu %14.0f\n", n, (t1 - t0) / (double)n * 1e9,
		       (t3 - t2) / (double)n * 1e9, (t1 - t0) / (t3 - t2), ok,
		       (t4 - t3) / (double)n * 1e9);
		hvabi_featureset_free(base);
		for (i = 0; i < n; i++)
			hvabi_featureset_free(f[i]);
		free(f);
		free(scratch);
	}
}

/* ---- 3. codecs ---- */

static struct hvabi_featureset *sized_set(size_t n)
{
	struct hvabi_featureset *fs = NULL;
	size_t i;

	if (hvabi_featureset_new(HVABI_ARCH_ARM64, &fs))
		die("new", -ENOMEM);
	for (i = 0; i < n; i++) {
		struct hvabi_key k = hvabi_key_reg(HVABI_KVM_REG_ARM64 | HVABI_KVM_REG_SIZE_U64 |
						   HVABI_KVM_REG_ARM64_SYSREG | (i * 8));
		struct hvabi_entry e;

		hvabi_entry_init(&e, HVABI_ARCH_ARM64, &k);
		e.value = 0x1101000011111112ull + i;
		if (i % 3 == 0) {
			e.flags = HVABI_ENTRY_HAS_MASK;
			e.mask = 0xff000000000000f0ull;
		}
		hvabi_featureset_put(fs, &e);
	}
	hvabi_featureset_set_kernel_release(fs, "7.2.0-1-arm64");
	return fs;
}

static double rate(size_t bytes, double secs)
{
	return (double)bytes / secs / 1e6;
}

static void codecs(void)
{
	static const size_t sizes[] = { 100, 2000 };
	size_t s;

	printf("\n3. Codecs (MB/s of the encoded bytes; ratio to memcpy of the same bytes)\n");
	printf("%8s %8s %11s %11s %11s %11s %11s %9s %9s\n", "entries", "blob B", "encode",
	       "decode", "json emit", "json parse", "memcpy", "dec/mcp", "json MB/s");
	for (s = 0; s < 2; s++) {
		struct hvabi_featureset *fs = sized_set(sizes[s]), *back = NULL;
		size_t blen = 0, jlen = 0, iters = sizes[s] == 100 ? 20000 : 1000, i;
		double t0, t1, t2, t3, t4, t5;
		uint8_t *blob, *copy;
		char *json;

		hvabi_featureset_encode(fs, NULL, &blen);
		hvabi_featureset_to_json(fs, NULL, &jlen);
		blob = malloc(blen);
		copy = malloc(blen > jlen ? blen : jlen);
		json = malloc(jlen);
		t0 = now();
		for (i = 0; i < iters; i++) {
			size_t l = blen;

			if (hvabi_featureset_encode(fs, blob, &l))
				die("encode", -EINVAL);
		}
		t1 = now();
		for (i = 0; i < iters; i++) {
			if (hvabi_featureset_decode(blob, blen, &back, NULL))
				die("decode", -EINVAL);
			hvabi_featureset_free(back);
		}
		t2 = now();
		for (i = 0; i < iters; i++) {
			size_t l = jlen;

			if (hvabi_featureset_to_json(fs, json, &l))
				die("to_json", -EINVAL);
		}
		t3 = now();
		for (i = 0; i < iters; i++) {
			if (hvabi_featureset_from_json(json, jlen - 1, &back, NULL))
				die("from_json", -EINVAL);
			hvabi_featureset_free(back);
		}
		t4 = now();
		for (i = 0; i < iters; i++) {
			memcpy(copy, blob, blen);
			sink = copy[i % blen];
		}
		t5 = now();
		printf("%8zu %8zu %11.0f %11.0f %11.0f %11.0f %11.0f %8.1f%% %9.0f\n", sizes[s], blen,
		       rate(blen * iters, t1 - t0), rate(blen * iters, t2 - t1),
		       rate(jlen * iters, t3 - t2), rate(jlen * iters, t4 - t3),
		       rate(blen * iters, t5 - t4), 100.0 * (t5 - t4) / (t2 - t1),
		       rate(jlen * iters, t4 - t3));
		free(blob);
		free(copy);
		free(json);
		hvabi_featureset_free(fs);
	}
}

/* ---- 4. memory ---- */

static void memory(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	printf("\n4. Memory: %zu bytes per entry in a set; peak RSS of this run %ld KiB\n",
	       sizeof(struct hvabi_entry), ru.ru_maxrss);
}

int main(int argc, char **argv)
{
	struct hvabi_featureset *arm[4], *x86[1];
	size_t i;

	(void)argc;
	(void)argv;
	printf("libhvabi %s benchmarks\n", hvabi_version());
	economy();
	arm[0] = probe_sim("arm64-7.2");
	arm[1] = probe_sim("arm64-6.12");
	arm[2] = probe_sim("arm64-6.1");
	arm[3] = probe_sim("arm64-5.10");
	x86[0] = probe_sim("x86-6.1");
	fleet_check("arm64", (const struct hvabi_featureset *const *)arm, 4);
	fleet_check("x86_64", (const struct hvabi_featureset *const *)x86, 1);
	codecs();
	memory();
	for (i = 0; i < 4; i++)
		hvabi_featureset_free(arm[i]);
	hvabi_featureset_free(x86[0]);
	return 0;
}
