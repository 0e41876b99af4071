/* Helpers shared by the test programs. */
#ifndef HVABI_TESTUTIL_H
#define HVABI_TESTUTIL_H

#include <stddef.h>

struct hvabi_featureset;
struct hvabi_kvm;
struct hvabi_kvm_cpuid2;
struct hvabi_sim;

/* Read a whole file; NULL if it cannot be read. *len gets its size. Free with free(). */
char *test_read_file(const char *path, size_t *len);

/* Path of @name under $HVABI_TEST_DATA (tests/data), in a static buffer. */
const char *test_data_path(const char *name);

/* Path of @name under $HVABI_SHARED_DATA (../shared/data), in a static buffer; NULL if unset. */
const char *test_shared_path(const char *name);

/*
 * The rest are for simulated kernels (lib/sim*.c). They use the exported
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

/*
 * Close v->n vCPUs and the VM, free the KVM handle and check that no fake
 * fd is left open, then free the simulator. A test that closes a vCPU
 * itself takes it out of v->vcpus and v->n first.
 */
void test_vm_close(struct test_vm *v);

/* KVM_GET_SUPPORTED_CPUID on @v's KVM, with room for @nent entries. Free with free(). */
struct hvabi_kvm_cpuid2 *test_vm_supported_cpuid(const struct test_vm *v, unsigned int nent);

#endif
