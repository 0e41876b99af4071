#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <libhvabi/hvabi.h>
#include <libhvabi/sim.h>

#include "kvm-uapi.h"
#include "testutil.h"

char *test_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET))
		goto out;
	buf = malloc((size_t)n + 1);
	if (!buf)
		goto out;
	if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
		goto out;
	}
	buf[n] = '\0';
	*len = (size_t)n;
out:
	fclose(f);
	return buf;
}

static const char *join(const char *env, const char *fallback, const char *name)
{
	static char path[4096];
	const char *dir = getenv(env);

	if (!dir || !*dir)
		dir = fallback;
	if (!dir)
		return NULL;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return path;
}

const char *test_data_path(const char *name)
{
	return join("HVABI_TEST_DATA", "tests/data", name);
}

const char *test_corpus_path(const char *name)
{
	return join("HVABI_FC_CORPUS", NULL, name);
}

struct hvabi_featureset *test_sim_probe(const char *model)
{
	struct hvabi_featureset *fs = NULL;
	struct hvabi_sim *sim = NULL;
	struct hvabi_kvm *kvm = NULL;

	assert_int_equal(hvabi_sim_new(model, &sim), 0);
	assert_int_equal(hvabi_kvm_new_from_sim(sim, &kvm), 0);
	assert_int_equal(hvabi_kvm_probe(kvm, 0, &fs), 0);
	hvabi_kvm_free(kvm);
	hvabi_sim_free(sim);
	return fs;
}

void test_vm_open(struct test_vm *v, const char *model, size_t nvcpus)
{
	memset(v, 0, sizeof(*v));
	assert_int_equal(hvabi_sim_new(model, &v->sim), 0);
	assert_int_equal(hvabi_kvm_new_from_sim(v->sim, &v->kvm), 0);
	v->vm_fd = hvabi_sim_ioctl(v->sim, hvabi_kvm_get_fd(v->kvm), HVABI_KVM_CREATE_VM, NULL);
	assert_true(v->vm_fd >= 0);
	test_vm_add_vcpus(v, nvcpus);
}

void test_vm_add_vcpus(struct test_vm *v, size_t nvcpus)
{
	struct hvabi_kvm_vcpu_init init;
	bool arm64 = hvabi_sim_get_arch(v->sim) == HVABI_ARCH_ARM64;
	size_t i;

	assert_true(v->n + nvcpus <= TEST_VM_MAX_VCPUS);
	memset(&init, 0, sizeof(init));
	if (arm64) {
		assert_int_equal(hvabi_sim_ioctl(v->sim, v->vm_fd, HVABI_KVM_ARM_PREFERRED_TARGET,
						 &init), 0);
		init.features[0] |= 1u << HVABI_KVM_ARM_VCPU_PSCI_0_2;
	}
	for (i = v->n; i < v->n + nvcpus; i++) {
		v->vcpus[i] = hvabi_sim_ioctl(v->sim, v->vm_fd, HVABI_KVM_CREATE_VCPU,
					      (void *)(uintptr_t)i);
		assert_true(v->vcpus[i] >= 0);
		if (arm64)
			assert_int_equal(hvabi_sim_ioctl(v->sim, v->vcpus[i],
							 HVABI_KVM_ARM_VCPU_INIT, &init), 0);
	}
	v->n += nvcpus;
}

void test_vm_close(struct test_vm *v)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		assert_int_equal(hvabi_sim_close(v->sim, v->vcpus[i]), 0);
	assert_int_equal(hvabi_sim_close(v->sim, v->vm_fd), 0);
	hvabi_kvm_free(v->kvm);
	assert_int_equal(hvabi_sim_count_open_fds(v->sim), 0);
	hvabi_sim_free(v->sim);
	memset(v, 0, sizeof(*v));
}

struct hvabi_kvm_cpuid2 *test_vm_supported_cpuid(const struct test_vm *v, unsigned int nent)
{
	struct hvabi_kvm_cpuid2 *c = calloc(1, sizeof(*c) + nent * sizeof(c->entries[0]));

	assert_non_null(c);
	c->nent = nent;
	assert_int_equal(hvabi_sim_ioctl(v->sim, hvabi_kvm_get_fd(v->kvm),
					 HVABI_KVM_GET_SUPPORTED_CPUID, c), 0);
	return c;
}
