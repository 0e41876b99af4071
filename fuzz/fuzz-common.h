/*
 * What the fuzz targets share: the contract every decoder owes its caller
 * on failure, a way past the blob's CRC, and a workout for a set that
 * decoded (what a migration does with it next).
 *
 * Everything here aborts on a broken contract: libFuzzer then keeps the
 * input as a crash artifact.
 */
#ifndef HVABI_FUZZ_COMMON_H
#define HVABI_FUZZ_COMMON_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libhvabi/hvabi.h>
#include <libhvabi/sim.h>

#include "crc32c.h"
#include "kvm-uapi.h"

#define FUZZ_UNTOUCHED ((struct hvabi_featureset *)0x5a5a)

static inline void fuzz_fail(const char *what)
{
	fprintf(stderr, "contract broken: %s\n", what);
	abort();
}

#define FUZZ_ASSERT(cond)                      \
	do {                                   \
		if (!(cond))                   \
			fuzz_fail(#cond);      \
	} while (0)

/*
 * A failed decode: one of the documented codes, @err filled with it, a
 * terminated message, an offset inside the input (or at its end) and, for
 * text, a 1-based position; the out-parameter untouched.
 */
static inline void fuzz_check_failure(int r, const struct hvabi_error *err, size_t len,
				      bool text, const struct hvabi_featureset *out)
{
	FUZZ_ASSERT(r == -EBADMSG || r == -EPROTONOSUPPORT || r == -ENOMEM);
	FUZZ_ASSERT(err->code == r);
	FUZZ_ASSERT(memchr(err->message, '\0', sizeof(err->message)) != NULL);
	FUZZ_ASSERT(err->message[0] != '\0');
	FUZZ_ASSERT(err->offset <= len);
	if (text)
		FUZZ_ASSERT(err->line >= 1 && err->column >= 1);
	else
		FUZZ_ASSERT(err->line == 0 && err->column == 0);
	FUZZ_ASSERT(out == FUZZ_UNTOUCHED);
}

/*
 * The input with its total length and CRC32C made right, so that mutations
 * reach the records instead of dying at the trailer check. NULL when the
 * input is too short to be a blob or does not start like one.
 */
static inline uint8_t *fuzz_fix_blob(const uint8_t *data, size_t size)
{
	uint8_t *b;
	uint32_t v;

	if (size < 20 || size > UINT32_MAX || memcmp(data, "HVAB", 4))
		return NULL;
	b = malloc(size);
	if (!b)
		abort();
	memcpy(b, data, size);
	v = (uint32_t)size;
	memcpy(b + 8, &v, 4);
	v = hvabi_crc32c(0, b, size - 4);
	memcpy(b + size - 4, &v, 4);
	return b;
}

/* Whether two sets are the same, metadata included. */
static inline bool fuzz_same(const struct hvabi_featureset *a, const struct hvabi_featureset *b)
{
	return hvabi_featureset_equal(a, b) == 1 &&
	       hvabi_featureset_get_origin(a) == hvabi_featureset_get_origin(b) &&
	       !strcmp(hvabi_featureset_get_kernel_release(a),
		       hvabi_featureset_get_kernel_release(b));
}

/* A blob of @fs (malloc()ed), checked for the size protocol. */
static inline uint8_t *fuzz_encode(const struct hvabi_featureset *fs, size_t *len)
{
	size_t need = 0, again;
	uint8_t *b;

	FUZZ_ASSERT(hvabi_featureset_encode(fs, NULL, &need) == -ERANGE);
	FUZZ_ASSERT(need >= 20);
	b = malloc(need);
	if (!b)
		abort();
	again = need - 1;
	FUZZ_ASSERT(hvabi_featureset_encode(fs, b, &again) == -ERANGE && again == need);
	FUZZ_ASSERT(hvabi_featureset_encode(fs, b, &again) == 0 && again == need);
	*len = need;
	return b;
}

/* The JSON text of @fs (malloc()ed, NUL-terminated), checked for the size protocol. */
static inline char *fuzz_to_json(const struct hvabi_featureset *fs, size_t *len)
{
	size_t need = 0, got;
	char *t;

	/* The one buffer rule: the length without the NUL, fit or not. */
	FUZZ_ASSERT(hvabi_featureset_to_json(fs, NULL, &need) == -ERANGE);
	FUZZ_ASSERT(need >= 1);
	t = malloc(need + 1);
	if (!t)
		abort();
	got = need;
	FUZZ_ASSERT(hvabi_featureset_to_json(fs, t, &got) == -ERANGE && got == need);
	got = need + 1;
	FUZZ_ASSERT(hvabi_featureset_to_json(fs, t, &got) == 0);
	FUZZ_ASSERT(got == need && t[got] == '\0' && strlen(t) == got);
	free(t);
	FUZZ_ASSERT(hvabi_featureset_to_json_alloc(fs, &t) == 0 && strlen(t) == need);
	*len = got;
	return t;
}

/* Both text forms of a report, for the sake of running them. */
static inline void fuzz_report(const struct hvabi_report *rep)
{
	size_t len = 0;
	char *t;

	if (!rep)
		return;
	FUZZ_ASSERT(hvabi_report_to_text(rep, NULL, &len) == -ERANGE);
	t = malloc(len + 1);
	if (!t)
		abort();
	len++;
	FUZZ_ASSERT(hvabi_report_to_text(rep, t, &len) == 0 && strlen(t) == len);
	free(t);
	FUZZ_ASSERT(hvabi_report_to_json_alloc(rep, &t) == 0);
	free(t);
}

/* The simulated kernel a set of @arch is applied to. */
static inline const char *fuzz_model(enum hvabi_arch arch)
{
	switch (arch) {
	case HVABI_ARCH_ARM64:
		return "arm64-7.2";
	case HVABI_ARCH_X86_64:
		return "x86-6.1";
	default:
		return "riscv-6.6";
	}
}

/*
 * Apply a hostile set to a new VM on the simulator of its architecture, as
 * a destination host does with what the source sent. Any answer is fine
 * as long as it is an answer: the sanitizers judge the rest.
 */
static inline void fuzz_apply(const struct hvabi_featureset *fs)
{
	struct hvabi_kvm_vcpu_init init;
	struct hvabi_report *rep = NULL;
	struct hvabi_sim *sim = NULL;
	struct hvabi_kvm *kvm = NULL;
	int vm, vcpu, r;

	if (hvabi_sim_new(fuzz_model(hvabi_featureset_get_arch(fs)), &sim) ||
	    hvabi_kvm_new_from_sim(sim, &kvm))
		abort();
	vm = hvabi_sim_ioctl(sim, hvabi_kvm_get_fd(kvm), HVABI_KVM_CREATE_VM, NULL);
	vcpu = hvabi_sim_ioctl(sim, vm, HVABI_KVM_CREATE_VCPU, NULL);
	FUZZ_ASSERT(vm >= 0 && vcpu >= 0);
	if (hvabi_sim_get_arch(sim) == HVABI_ARCH_ARM64) {
		memset(&init, 0, sizeof(init));
		FUZZ_ASSERT(!hvabi_sim_ioctl(sim, vm, HVABI_KVM_ARM_PREFERRED_TARGET, &init));
		init.features[0] = 1u << HVABI_KVM_ARM_VCPU_PSCI_0_2;
		FUZZ_ASSERT(!hvabi_sim_ioctl(sim, vcpu, HVABI_KVM_ARM_VCPU_INIT, &init));
	}
	r = hvabi_apply(kvm, fs, vm, &vcpu, 1, NULL, &rep);
	FUZZ_ASSERT(r <= 0);
	/* A refusal before the plan existed gives no report; any run gives one. */
	FUZZ_ASSERT(r == -EINVAL || r == -ENOMEM || r == -E2BIG || rep != NULL);
	fuzz_report(rep);
	hvabi_report_free(rep);
	/* apply opens nothing of its own. */
	FUZZ_ASSERT(hvabi_sim_count_open_fds(sim) == 3);
	hvabi_kvm_free(kvm);
	hvabi_sim_free(sim);
}

/*
 * What a destination does with a set that decoded: compare it with itself
 * and with a copy (check), baseline it with itself, restrict a CPUID
 * table by it, apply it. Nothing here may crash, leak or answer outside
 * the documented codes.
 */
static inline void fuzz_exercise(const struct hvabi_featureset *fs)
{
	const struct hvabi_featureset *two[2];
	struct hvabi_featureset *copy = NULL, *base = NULL;
	struct hvabi_report *rep = NULL;
	struct hvabi_cpuid_entry cpuid[3];
	bool may_move;
	size_t len, i;
	void *p;

	FUZZ_ASSERT(hvabi_featureset_copy(fs, &copy) == 0 && fuzz_same(fs, copy));
	p = fuzz_encode(fs, &len);
	free(p);
	p = fuzz_to_json(fs, &len);
	free(p);

	FUZZ_ASSERT(hvabi_check(fs, copy, 0, &may_move, &rep) == 0);
	FUZZ_ASSERT(may_move == (hvabi_report_ok(rep) == 1));
	fuzz_report(rep);
	hvabi_report_free(rep);
	rep = NULL;

	two[0] = fs;
	two[1] = copy;
	FUZZ_ASSERT(hvabi_baseline(two, 2, 0, &base, &may_move, &rep) == 0);
	FUZZ_ASSERT(base && hvabi_featureset_get_arch(base) == hvabi_featureset_get_arch(fs));
	fuzz_report(rep);
	hvabi_report_free(rep);
	rep = NULL;
	/* What two equal hosts can give is a set the check of either accepts or explains. */
	FUZZ_ASSERT(hvabi_check(base, fs, 0, &may_move, NULL) == 0);
	hvabi_featureset_free(base);

	if (hvabi_featureset_get_arch(fs) == HVABI_ARCH_X86_64) {
		memset(cpuid, 0xff, sizeof(cpuid));
		for (i = 0; i < 3; i++) {
			cpuid[i].function = i == 2 ? 0x40000001 : (uint32_t)i * 7;
			cpuid[i].index = 0;
			cpuid[i].reserved = 0;
		}
		FUZZ_ASSERT(hvabi_cpuid_restrict(fs, cpuid, 3) == 0);
	}
	fuzz_apply(fs);
	FUZZ_ASSERT(fuzz_same(fs, copy));
	hvabi_featureset_free(copy);
}

#endif
