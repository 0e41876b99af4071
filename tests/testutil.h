/* Helpers shared by the test programs. */
#ifndef HVABI_TESTUTIL_H
#define HVABI_TESTUTIL_H

#include <stdbool.h>
#include <stddef.h>

#include <libhvabi/hvabi.h>

struct hvabi_kvm_cpuid2;
struct hvabi_sim;

/*
 * hvabi_check() and hvabi_baseline() answered as one int, for assertions
 * on the verdict: 1 may move, 0 may not, or the negative errno. (The
 * public calls keep the verdict apart from the error on purpose; tests
 * of that are in test-negotiate.c and test-api-args.c.)
 */
static inline int check_verdict(const struct hvabi_featureset *set,
				const struct hvabi_featureset *destination, unsigned int flags,
				struct hvabi_report **report)
{
	bool may_move = false;
	int r = hvabi_check(set, destination, flags, &may_move, report);

	return r < 0 ? r : may_move;
}

static inline int baseline_verdict(const struct hvabi_featureset *const *profiles, size_t n,
				   unsigned int flags, struct hvabi_featureset **ret,
				   struct hvabi_report **report)
{
	bool may_move = false;
	int r = hvabi_baseline(profiles, n, flags, ret, &may_move, report);

	return r < 0 ? r : may_move;
}

/* Read a handle's call counts and zero them. */
static inline int stats_take(struct hvabi_kvm *kvm, struct hvabi_kvm_stats *s)
{
	int r = hvabi_kvm_get_stats(kvm, s, sizeof(*s));

	return r ? r : hvabi_kvm_reset_stats(kvm);
}

/* Read a whole file; NULL if it cannot be read. *len gets its size. Free with free(). */
char *test_read_file(const char *path, size_t *len);

/* Path of @name under $HVABI_TEST_DATA (tests/data), in a static buffer. */
const char *test_data_path(const char *name);

/*
 * Path of @name in the Firecracker corpus ($HVABI_FC_CORPUS, meson option
 * firecracker-corpus), in a static buffer; NULL if there is none.
 */
const char *test_corpus_path(const char *name);

/*
 * The rest are for simulated kernels (lib/sim/). They use the exported
 * API only, so black-box tests linked with the shared library use them
 * too, and fail the running CMocka test when a step fails.
 */

/* The host feature set of simulated model @model: a fresh simulator, probed. */
struct hvabi_featureset *test_sim_probe(const char *model);

#define TEST_VM_MAX_VCPUS 64

/*
 * A VMM's VM on a simulated kernel: its own simulator and KVM handle,
 * one VM and vCPUs 0 to n - 1 as a VMM creates them (on arm64, each
 * initialised with the preferred target and PSCI 0.2).
 */
struct test_vm {
	struct hvabi_sim *sim;
	struct hvabi_kvm *kvm;
	int vm_fd;
	int vcpus[TEST_VM_MAX_VCPUS];
	size_t n;
};

/* Build @v on a new simulator of @model with @nvcpus vCPUs (at most TEST_VM_MAX_VCPUS). */
void test_vm_open(struct test_vm *v, const char *model, size_t nvcpus);

/* Add @nvcpus vCPUs to @v (after a test_vm_open() with fewer, e.g. none). */
void test_vm_add_vcpus(struct test_vm *v, size_t nvcpus);

/*
 * Close v->n vCPUs and the VM, free the KVM handle and check that no fake
 * fd is left open, then free the simulator. A test that closes a vCPU
 * itself takes it out of v->vcpus and v->n first.
 */
void test_vm_close(struct test_vm *v);

/* KVM_GET_SUPPORTED_CPUID on @v's KVM, with room for @nent entries. Free with free(). */
struct hvabi_kvm_cpuid2 *test_vm_supported_cpuid(const struct test_vm *v, unsigned int nent);

#endif
