/*
 * libhvabi benchmarks: ioctl economy of apply, fleet-scale check and
 * baseline, codec speed. Every figure is a ratio inside one run (against
 * memcpy of the same bytes, or against a full restore), so the table holds
 * on a noisy machine. Not part of the test run: `ninja -C build bench` then
 * `build/bench/hvabi-bench` (see README).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <libhvabi/hvabi.h>
#include <libhvabi/sim.h>

#include "crc32c.h"
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

	if ((r = hvabi_sim_new(model, &sim)) || (r = hvabi_kvm_new_from_sim(sim, &kvm)) ||
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
	if (hvabi_baseline((const struct hvabi_featureset *const *)p, 4, 0, &base, NULL, NULL) < 0)
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

		if ((r = hvabi_sim_new("arm64-7.2", &sim)) || (r = hvabi_kvm_new_from_sim(sim, &kvm)))
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
		hvabi_kvm_reset_stats(kvm);
		r = hvabi_apply(kvm, base, vm, fds, vcpus[j], NULL, NULL);
		if (r)
			die("apply", r);
		hvabi_kvm_get_stats(kvm, &st, sizeof(st));
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

/* Variations below: every tenth host can take less than the models offer. */
#define WEAK_HOST(i) ((i) % 10 == 9)

/* Change host @fs's entry @key by @edit if it has one. */
static void vary(struct hvabi_featureset *fs, struct hvabi_key key,
		 void (*edit)(struct hvabi_entry *, size_t), size_t i)
{
	struct hvabi_entry e;

	if (hvabi_featureset_find(fs, &key, &e))
		return;
	edit(&e, i);
	if (hvabi_featureset_put(fs, &e))
		die("put", -EINVAL);
}

/* A CPU that needs the firmware's Spectre-v2 workaround. */
static void wa1_edit(struct hvabi_entry *e, size_t i)
{
	if (WEAK_HOST(i))
		e->value = e->max = HVABI_WA1_AVAIL;
}

/* A host with PTP turned off: gone from the supported mask. */
static void ptp_edit(struct hvabi_entry *e, size_t i)
{
	if (i % 3 == 1) {
		e->value &= ~2ull;
		e->max &= ~2ull;
	}
}

/* A PV feature the host's KVM leaves off by default; a weak host does not offer it. */
static void pv_edit(struct hvabi_entry *e, size_t i)
{
	uint64_t bit = 1ull << (i % 16);

	e->value &= ~bit;
	if (WEAK_HOST(i))
		e->max &= ~bit;
}

/* A fleet: the models in turn, each host varied as real fleets vary. */
static struct hvabi_featureset **fleet(size_t n, const struct hvabi_featureset *const *models,
				       size_t nmodels)
{
	struct hvabi_featureset **f = calloc(n, sizeof(*f));
	size_t i;
	int r;

	if (!f)
		die("fleet", -ENOMEM);
	for (i = 0; i < n; i++) {
		r = hvabi_featureset_copy(models[i % nmodels], &f[i]);
		if (r)
			die("copy", r);
		vary(f[i], hvabi_key_reg(HVABI_KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1), wa1_edit, i);
		vary(f[i], hvabi_key_reg(HVABI_KVM_REG_ARM_VENDOR_HYP_BMAP), ptp_edit, i);
		vary(f[i], hvabi_key_cpuid(0x40000001, 0, HVABI_CPUID_EAX), pv_edit, i);
	}
	return f;
}

static size_t set_bytes(const struct hvabi_featureset *fs)
{
	return fs->n * sizeof(fs->e[0]);
}

#define ROUNDS 3

/*
 * `hvabi-bench fleet ARCH`: one architecture's fleet checks alone, 1,000
 * hosts, one round, so that callgrind can count them (see README): each
 * loop below is its own function, so `callgrind_annotate --inclusive=yes`
 * gives each its count.
 */
static bool fleet_only;

/* Kept apart: gcc would fold the two identical check loops into one (ICF). */
#ifdef __clang__
#define APART __attribute__((noinline))
#else
#define APART __attribute__((noipa))
#endif

/* The floor: copying each profile's entry array once. */
static APART void scan_fleet(uint8_t *scratch, struct hvabi_featureset *const *f, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		memcpy(scratch, f[i]->e, set_bytes(f[i]));
	sink = scratch[0];
}

static size_t check_fleet(const struct hvabi_featureset *vm,
			  struct hvabi_featureset *const *f, size_t n)
{
	size_t i, n_ok = 0;
	bool ok;

	for (i = 0; i < n; i++)
		n_ok += !hvabi_check(vm, f[i], 0, &ok, NULL) && ok;
	return n_ok;
}

/* The two VM sets of a fleet, apart for callgrind. */
static APART size_t check_pinned(const struct hvabi_featureset *vm,
				  struct hvabi_featureset *const *f, size_t n)
{
	return check_fleet(vm, f, n);
}

static APART size_t check_defaults(const struct hvabi_featureset *vm,
				    struct hvabi_featureset *const *f, size_t n)
{
	return check_fleet(vm, f, n);
}

/*
 * One VM set against every host of the fleet: the best of ROUNDS passes
 * (interleaved with the scans, so both meet the caches alike).
 */
struct vm_row {
	const char *name;
	const struct hvabi_featureset *vm;
	double best;
	size_t ok;
};

static void fleet_check(const char *arch, const struct hvabi_featureset *const *models,
			size_t nmodels)
{
	static const size_t sizes[] = { 1000, 10000, 100000 };
	struct hvabi_featureset *pinned = NULL;
	struct vm_row rows[2];
	size_t s, v;

	/*
	 * What a fleet operator migrates: the set every model can give (less
	 * the entries no set can pin across them, which baseline drops).
	 */
	if (hvabi_baseline(models, nmodels, 0, &pinned, NULL, NULL) < 0)
		die("baseline of the models", -EINVAL);
	rows[0] = (struct vm_row){ "baseline of models", pinned, 0, 0 };
	rows[1] = (struct vm_row){ "newest defaults", models[0], 0, 0 };
	printf("\n2. Fleet check, %s: one VM set against N host profiles (%zu models, varied)\n",
	       arch, nmodels);
	printf("%-19s %7s %11s %11s %11s %11s %14s\n", "VM set", "hosts", "check ns/h",
	       "scan ns/h", "check/scan", "compatible", "baseline ns/h");
	for (s = 0; s < (fleet_only ? 1u : 3u); s++) {
		size_t n = sizes[s], i, bytes = 0, k;
		struct hvabi_featureset **f = fleet(n, models, nmodels), *base = NULL;
		double scan = 1e30, t0, t1;
		uint8_t *scratch;

		for (i = 0; i < n; i++)
			bytes = bytes > set_bytes(f[i]) ? bytes : set_bytes(f[i]);
		scratch = malloc(bytes);
		if (!scratch)
			die("scratch", -ENOMEM);
		for (v = 0; v < 2; v++)
			rows[v].best = 1e30;
		for (k = 0; k < (fleet_only ? 1u : ROUNDS); k++) {
			t0 = now();
			scan_fleet(scratch, f, n);
			t1 = now();
			scan = t1 - t0 < scan ? t1 - t0 : scan;
			for (v = 0; v < 2; v++) {
				t0 = now();
				rows[v].ok = v ? check_defaults(rows[v].vm, f, n)
					       : check_pinned(rows[v].vm, f, n);
				t1 = now();
				rows[v].best = t1 - t0 < rows[v].best ? t1 - t0 : rows[v].best;
			}
		}
		t0 = now();
		if (hvabi_baseline((const struct hvabi_featureset *const *)f, n, 0, &base, NULL, NULL) < 0)
			die("baseline", -EINVAL);
		t1 = now();
		for (v = 0; v < 2; v++) {
			printf("%-19s %7zu %11.0f %11.0f %11.2f %11zu", rows[v].name, n,
			       rows[v].best / (double)n * 1e9, scan / (double)n * 1e9,
			       rows[v].best / scan, rows[v].ok);
			if (v == 0)
				printf(" %14.0f", (t1 - t0) / (double)n * 1e9);
			printf("\n");
		}
		hvabi_featureset_free(base);
		for (i = 0; i < n; i++)
			hvabi_featureset_free(f[i]);
		free(f);
		free(scratch);
	}
	hvabi_featureset_free(pinned);
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

enum codec_op { ENCODE, DECODE, TO_JSON, FROM_JSON, CRC, MEMCPY, NOPS };

/* One pass of @iters runs of @op on the 100- or 2,000-entry set. */
static void codec_pass(enum codec_op op, size_t iters, const struct hvabi_featureset *fs,
		       uint8_t *blob, size_t blen, char *json, size_t jlen, uint8_t *copy)
{
	struct hvabi_featureset *back = NULL;
	uint32_t crc = 0;
	size_t i, l;

	for (i = 0; i < iters; i++) {
		switch (op) {
		case ENCODE:
			l = blen;
			if (hvabi_featureset_encode(fs, blob, &l))
				die("encode", -EINVAL);
			break;
		case DECODE:
			if (hvabi_featureset_decode(blob, blen, &back, NULL, 0))
				die("decode", -EINVAL);
			hvabi_featureset_free(back);
			break;
		case TO_JSON:
			l = jlen;
			if (hvabi_featureset_to_json(fs, json, &l))
				die("to_json", -EINVAL);
			break;
		case FROM_JSON:
			if (hvabi_featureset_from_json(json, jlen - 1, &back, NULL, 0))
				die("from_json", -EINVAL);
			hvabi_featureset_free(back);
			break;
		case CRC:
			crc ^= hvabi_crc32c(0, blob, blen);
			break;
		default:
			memcpy(copy, blob, blen);
			sink = copy[i % blen];
			break;
		}
	}
	sink ^= (uint8_t)crc;
}

static void codecs(void)
{
	static const size_t sizes[] = { 100, 2000 };
	size_t s;

	printf("\n3. Codecs (MB/s of the encoded bytes, best of %d; ratios to memcpy of the "
	       "same bytes)\n", ROUNDS);
	printf("%7s %6s %7s %7s %9s %8s %8s %7s %7s %7s %8s %8s\n", "entries", "blob B",
	       "encode", "decode", "dec ns/e", "crc32c", "memcpy", "dec/mcp", "crc/mcp",
	       "emit", "json B", "parse");
	for (s = 0; s < 2; s++) {
		struct hvabi_featureset *fs = sized_set(sizes[s]);
		size_t blen = 0, jlen = 0, iters = sizes[s] == 100 ? 20000 : 1000, k;
		double best[NOPS], t0, t;
		uint8_t *blob, *copy;
		char *json;
		int op;

		hvabi_featureset_encode(fs, NULL, &blen);
		hvabi_featureset_to_json(fs, NULL, &jlen);
		jlen++; /* the text's length leaves out its NUL; the buffer holds it */
		blob = malloc(blen);
		copy = malloc(blen);
		json = malloc(jlen);
		if (!blob || !copy || !json)
			die("codecs", -ENOMEM);
		for (op = 0; op < NOPS; op++)
			best[op] = 1e30;
		/* In enum order: decode reads what encode wrote, parse what emit wrote. */
		for (k = 0; k < ROUNDS; k++) {
			for (op = 0; op < NOPS; op++) {
				t0 = now();
				codec_pass((enum codec_op)op, iters, fs, blob, blen, json, jlen,
					   copy);
				t = now() - t0;
				best[op] = t < best[op] ? t : best[op];
			}
		}
		printf("%7zu %6zu %7.0f %7.0f %9.1f %8.0f %8.0f %6.1f%% %6.1f%% %7.0f %8zu %8.0f\n",
		       sizes[s], blen, rate(blen * iters, best[ENCODE]),
		       rate(blen * iters, best[DECODE]),
		       best[DECODE] / (double)(iters * sizes[s]) * 1e9,
		       rate(blen * iters, best[CRC]), rate(blen * iters, best[MEMCPY]),
		       100.0 * best[MEMCPY] / best[DECODE], 100.0 * best[MEMCPY] / best[CRC],
		       rate(jlen * iters, best[TO_JSON]), jlen,
		       rate(jlen * iters, best[FROM_JSON]));
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
	/* The entry, and the index of its catalogue row a set keeps beside it. */
	printf("\n4. Memory: %zu bytes per entry in a set; peak RSS of this run %ld KiB\n",
	       sizeof(struct hvabi_entry) + sizeof(*((struct hvabi_featureset *)NULL)->row),
	       ru.ru_maxrss);
}

int main(int argc, char **argv)
{
	struct hvabi_featureset *arm[4], *x86[1];
	size_t i;

	fleet_only = argc == 3 && !strcmp(argv[1], "fleet");
	if (argc > 1 && (!fleet_only || (strcmp(argv[2], "arm64") && strcmp(argv[2], "x86_64")))) {
		fprintf(stderr, "usage: hvabi-bench [fleet arm64|x86_64]\n");
		return 2;
	}
	printf("libhvabi %s benchmarks\n", hvabi_version());
	if (!fleet_only)
		economy();
	arm[0] = probe_sim("arm64-7.2");
	arm[1] = probe_sim("arm64-6.12");
	arm[2] = probe_sim("arm64-6.1");
	arm[3] = probe_sim("arm64-5.10");
	x86[0] = probe_sim("x86-6.1");
	/*
	 * The arm64 fleet is the two simulated models that share a pinned set
	 * (6.12 and 6.1): the models' default hosts differ in ID register
	 * fields no kernel lets a VMM lower before 6.7 (MPAM, NV, ...), so a
	 * fleet of all four has no set a VM may move on, and every check would
	 * stop at the first such entry.
	 */
	if (!fleet_only || !strcmp(argv[2], "arm64"))
		fleet_check("arm64", (const struct hvabi_featureset *const *)&arm[1], 2);
	if (!fleet_only || !strcmp(argv[2], "x86_64"))
		fleet_check("x86_64", (const struct hvabi_featureset *const *)x86, 1);
	if (!fleet_only) {
		codecs();
		memory();
	}
	for (i = 0; i < 4; i++)
		hvabi_featureset_free(arm[i]);
	hvabi_featureset_free(x86[0]);
	return 0;
}
