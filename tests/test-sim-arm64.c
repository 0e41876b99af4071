/*
 * The simulated arm64 KVM (lib/sim/): every rule of every model, with
 * the generic parts of the simulator (fds, errors, set_host, injection).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kvm-handle.h"
#include "kvm-uapi.h"
#include "sim-internal.h"
#include <libhvabi/sim.h>

#define M510 "arm64-5.10"
#define M61 "arm64-6.1"
#define M612 "arm64-6.12"
#define M72 "arm64-7.2"

#define PSCI02 (1u << HVABI_KVM_ARM_VCPU_PSCI_0_2)
#define NO_INIT 0xffffffffu

#define SYSREG(op1, crn, crm, op2) HVABI_ARM64_SYS_REG(3, op1, crn, crm, op2)
#define MIDR SYSREG(0, 0, 0, 0)
#define CLIDR SYSREG(1, 0, 0, 1)
#define CTR SYSREG(3, 0, 0, 1)
#define PFR0 SYSREG(0, 0, 4, 0)
#define DFR0 SYSREG(0, 0, 5, 0)
#define ISAR0 SYSREG(0, 0, 6, 0)
#define MMFR0 SYSREG(0, 0, 7, 0)
#define PC_ID (HVABI_KVM_REG_ARM64 | HVABI_KVM_REG_SIZE_U64 | HVABI_KVM_REG_ARM_CORE | 0x40)
#define TIMER_CTL SYSREG(3, 14, 3, 1)
#define WA1 HVABI_KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1
#define WA2 HVABI_KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2
#define WA3 HVABI_KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3
#define PSCI HVABI_KVM_REG_ARM_PSCI_VERSION
#define STD HVABI_KVM_REG_ARM_STD_BMAP
#define STD_HYP HVABI_KVM_REG_ARM_STD_HYP_BMAP
#define VENDOR HVABI_KVM_REG_ARM_VENDOR_HYP_BMAP
#define VENDOR2 HVABI_KVM_REG_ARM_VENDOR_HYP_BMAP_2
/* Another size of an id: same register, U32 */
#define AS_U32(id) (((id) & ~HVABI_KVM_REG_SIZE_MASK) | HVABI_KVM_REG_SIZE_U32)

struct fx {
	struct hvabi_sim *sim;
	int sys, vm, vcpu;
};

static int ioc(struct fx *f, int fd, unsigned long req, void *arg)
{
	return hvabi_sim_ioctl(f->sim, fd, req, arg);
}

static int vcpu_init(struct fx *f, int fd, uint32_t features)
{
	struct hvabi_kvm_vcpu_init init = { .target = HVABI_KVM_ARM_TARGET_GENERIC_V8 };

	init.features[0] = features;
	return ioc(f, fd, HVABI_KVM_ARM_VCPU_INIT, &init);
}

static int new_vcpu(struct fx *f, unsigned long id, uint32_t features)
{
	int fd = ioc(f, f->vm, HVABI_KVM_CREATE_VCPU, (void *)(uintptr_t)id);

	assert_true(fd >= 0);
	if (features != NO_INIT)
		assert_int_equal(vcpu_init(f, fd, features), 0);
	return fd;
}

static void fx_up(struct fx *f, const char *model, uint32_t features)
{
	memset(f, 0, sizeof(*f));
	assert_int_equal(hvabi_sim_new(model, &f->sim), 0);
	f->sys = hvabi_sim_open_kvm_fd(f->sim);
	assert_true(f->sys >= 0);
	f->vm = ioc(f, f->sys, HVABI_KVM_CREATE_VM, NULL);
	assert_true(f->vm >= 0);
	f->vcpu = new_vcpu(f, 0, features);
}

/* hvabi_sim_free() closes what is left; ASan checks nothing leaks. */
static void fx_down(struct fx *f)
{
	hvabi_sim_free(f->sim);
}

static int get_reg(struct fx *f, int fd, uint64_t id, uint64_t *v)
{
	struct hvabi_kvm_one_reg r = { .id = id, .addr = (uintptr_t)v };

	return ioc(f, fd, HVABI_KVM_GET_ONE_REG, &r);
}

static int set_reg(struct fx *f, int fd, uint64_t id, uint64_t v)
{
	struct hvabi_kvm_one_reg r = { .id = id, .addr = (uintptr_t)&v };

	return ioc(f, fd, HVABI_KVM_SET_ONE_REG, &r);
}

static uint64_t reg(struct fx *f, int fd, uint64_t id)
{
	uint64_t v = 0xdeadbeef;

	assert_int_equal(get_reg(f, fd, id, &v), 0);
	return v;
}

static void run(struct fx *f, int fd)
{
	assert_int_equal(hvabi_sim_run(f->sim, fd), 0);
}

#define F4(v, sh) (((v) >> (sh)) & 0xfull)
#define WITH_F4(v, sh, x) (((v) & ~(0xfull << (sh))) | ((uint64_t)(x) << (sh)))

/* One wrapper per model, so each model's run of a rule is its own test. */
#define PER_MODEL(fn, tag, model)                 \
	static void fn##_##tag(void **state)      \
	{                                         \
		(void)state;                      \
		fn(model);                        \
	}

/* ------------------------------------------------------------ generic */

static void test_models_and_new(void **state)
{
	struct hvabi_sim *sim = (void *)0x1;
	size_t n = 0;

	(void)state;
	while (hvabi_sim_model_name(n))
		n++;
	assert_int_equal(n, 10); /* arm64 x4, riscv-6.6/6.12/7.2, x86-6.1, x86-6.12, x86-7.2 */
	assert_string_equal(hvabi_sim_model_name(0), M510);
	assert_string_equal(hvabi_sim_model_name(3), M72);
	assert_int_equal(hvabi_sim_new(NULL, &sim), -EINVAL);
	assert_int_equal(hvabi_sim_new(M61, NULL), -EINVAL);
	assert_int_equal(hvabi_sim_new("arm64-4.19", &sim), -ENOENT);
	assert_ptr_equal(sim, (void *)0x1);
	assert_int_equal(hvabi_sim_get_arch(NULL), HVABI_ARCH_NONE);
	assert_null(hvabi_sim_get_release(NULL));
	assert_int_equal(hvabi_sim_count_open_fds(NULL), 0);
	assert_int_equal(hvabi_sim_open_kvm_fd(NULL), -EINVAL);
	hvabi_sim_free(NULL);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(hvabi_sim_new(hvabi_sim_model_name(i), &sim), 0);
		assert_non_null(hvabi_sim_get_release(sim));
		assert_int_not_equal(hvabi_sim_get_arch(sim), HVABI_ARCH_NONE);
		hvabi_sim_free(sim);
	}
	assert_int_equal(hvabi_sim_new(M612, &sim), 0);
	assert_string_equal(hvabi_sim_get_release(sim), "6.12.48+deb13-arm64");
	assert_int_equal(hvabi_sim_get_arch(sim), HVABI_ARCH_ARM64);
	hvabi_sim_free(sim);
}

static void test_ebadf(void **state)
{
	struct fx f;
	uint64_t v;
	int fd;

	(void)state;
	fx_up(&f, M61, PSCI02);
	assert_int_equal(ioc(&f, 0, HVABI_KVM_GET_API_VERSION, NULL), -EBADF);
	assert_int_equal(ioc(&f, -1, HVABI_KVM_GET_API_VERSION, NULL), -EBADF);
	assert_int_equal(ioc(&f, 0x40000000 + 511, HVABI_KVM_GET_API_VERSION, NULL), -EBADF);
	fd = new_vcpu(&f, 1, PSCI02);
	assert_int_equal(hvabi_sim_close(f.sim, fd), 0);
	assert_int_equal(get_reg(&f, fd, PSCI, &v), -EBADF);
	assert_int_equal(hvabi_sim_close(f.sim, fd), -EBADF);
	assert_int_equal(hvabi_sim_run(f.sim, fd), -EBADF);
	/* run wants a vCPU fd */
	assert_int_equal(hvabi_sim_run(f.sim, f.vm), -EBADF);
	assert_int_equal(hvabi_sim_run(f.sim, f.sys), -EBADF);
	assert_int_equal(hvabi_sim_close(NULL, f.sys), -EINVAL);
	fx_down(&f);
}

static void test_fd_accounting(void **state)
{
	struct fx f;
	int v1, vm2;

	(void)state;
	fx_up(&f, M72, PSCI02);
	assert_int_equal(hvabi_sim_count_open_fds(f.sim), 3);
	v1 = new_vcpu(&f, 1, PSCI02);
	vm2 = ioc(&f, f.sys, HVABI_KVM_CREATE_VM, NULL);
	assert_true(vm2 >= 0);
	assert_int_equal(hvabi_sim_count_open_fds(f.sim), 5);
	/* the VM lives on while a vCPU is open */
	assert_int_equal(hvabi_sim_close(f.sim, f.vm), 0);
	assert_int_equal(reg(&f, v1, PSCI), HVABI_PSCI_VERSION(1, 3));
	assert_int_equal(set_reg(&f, f.vcpu, PSCI, HVABI_PSCI_VERSION(1, 0)), 0);
	assert_int_equal(reg(&f, v1, PSCI), HVABI_PSCI_VERSION(1, 0));
	assert_int_equal(hvabi_sim_close(f.sim, f.vcpu), 0);
	assert_int_equal(hvabi_sim_close(f.sim, v1), 0);
	assert_int_equal(hvabi_sim_close(f.sim, vm2), 0);
	assert_int_equal(hvabi_sim_close(f.sim, f.sys), 0);
	assert_int_equal(hvabi_sim_count_open_fds(f.sim), 0);
	fx_down(&f);
	/* and a simulator freed with everything open leaks nothing (ASan) */
	fx_up(&f, M612, PSCI02);
	new_vcpu(&f, 7, NO_INIT);
	fx_down(&f);
}

static void test_emfile(void **state)
{
	struct hvabi_sim *sim;
	int n = 0, fd;

	(void)state;
	assert_int_equal(hvabi_sim_new(M61, &sim), 0);
	while ((fd = hvabi_sim_open_kvm_fd(sim)) >= 0)
		n++;
	assert_int_equal(fd, -EMFILE);
	assert_int_equal(n, 512);
	assert_int_equal(hvabi_sim_count_open_fds(sim), 512);
	hvabi_sim_free(sim);
}

static void test_set_host_errors(void **state)
{
	struct hvabi_key k = hvabi_key_reg(WA1);
	struct fx f;

	(void)state;
	fx_up(&f, M61, PSCI02);
	assert_int_equal(hvabi_sim_set_host(f.sim, &k, 1), -EBUSY);
	fx_down(&f);
	assert_int_equal(hvabi_sim_new(M61, &f.sim), 0);
	assert_int_equal(hvabi_sim_set_host(NULL, &k, 1), -EINVAL);
	assert_int_equal(hvabi_sim_set_host(f.sim, NULL, 1), -EINVAL);
	/* PSCI_VERSION is the VM's, not the host's */
	k = hvabi_key_reg(PSCI);
	assert_int_equal(hvabi_sim_set_host(f.sim, &k, 1), -ENOENT);
	k = hvabi_key_reg(VENDOR2);
	assert_int_equal(hvabi_sim_set_host(f.sim, &k, 0), -ENOENT);
	k = hvabi_key_cpuid(1, 0, HVABI_CPUID_EAX);
	assert_int_equal(hvabi_sim_set_host(f.sim, &k, 0), -ENOENT);
	k = hvabi_key_reg(SYSREG(0, 0, 9, 0));
	assert_int_equal(hvabi_sim_set_host(f.sim, &k, 0), -ENOENT);
	/* values no host can have */
	k = hvabi_key_reg(WA1);
	assert_int_equal(hvabi_sim_set_host(f.sim, &k, 3), -EINVAL);
	k = hvabi_key_reg(WA2);
	assert_int_equal(hvabi_sim_set_host(f.sim, &k, HVABI_WA2_AVAIL), -EINVAL);
	k = hvabi_key_reg(VENDOR);
	assert_int_equal(hvabi_sim_set_host(f.sim, &k, 0x4), -EINVAL);
	k = hvabi_key_reg(MIDR);
	assert_int_equal(hvabi_sim_set_host(f.sim, &k, 1ull << 32), -EINVAL);
	k = hvabi_key_reg(SYSREG(0, 0, 4, 3)); /* unallocated: reads as zero */
	assert_int_equal(hvabi_sim_set_host(f.sim, &k, 1), -EINVAL);
	k = hvabi_key_reg(MIDR);
	assert_int_equal(hvabi_sim_set_host(f.sim, &k, 0x410fd0c0), 0);
	hvabi_sim_free(f.sim);
}

static void test_inject_error(void **state)
{
	struct hvabi_kvm *kvm;
	struct fx f;

	(void)state;
	fx_up(&f, M61, PSCI02);
	assert_int_equal(hvabi_sim_inject_error(NULL, 1, -EIO), -EINVAL);
	assert_int_equal(hvabi_sim_inject_error(f.sim, 1, 5), -EINVAL);
	assert_int_equal(hvabi_sim_inject_error(f.sim, 1, -5000), -EINVAL);
	assert_int_equal(hvabi_sim_inject_error(f.sim, 2, -EIO), 0);
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_GET_API_VERSION, NULL), 12);
	/* the second call fails, even on an fd that is not open */
	assert_int_equal(ioc(&f, 0, HVABI_KVM_GET_API_VERSION, NULL), -EIO);
	assert_int_equal(ioc(&f, 0, HVABI_KVM_GET_API_VERSION, NULL), -EBADF);
	assert_int_equal(reg(&f, f.vcpu, PSCI), HVABI_PSCI_VERSION(1, 1));
	/* 0 disarms */
	assert_int_equal(hvabi_sim_inject_error(f.sim, 1, -EIO), 0);
	assert_int_equal(hvabi_sim_inject_error(f.sim, 0, 0), 0);
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_GET_API_VERSION, NULL), 12);
	/* the kernel layer repeats a call that failed with EINTR */
	assert_int_equal(hvabi_kvm_new_from_sim(f.sim, &kvm), 0);
	assert_int_equal(hvabi_sim_inject_error(f.sim, 1, -EINTR), 0);
	assert_int_equal(hvabi_kvm_call(kvm, kvm->fd, HVABI_KVM_GET_API_VERSION, NULL), 12);
	assert_int_equal(kvm->stats.retries, 1);
	hvabi_kvm_free(kvm);
	fx_down(&f);
}

static void test_sim_kvm_handle(void **state)
{
	struct hvabi_kvm *kvm = NULL;
	struct hvabi_sim *sim;
	char rel[64];

	(void)state;
	assert_int_equal(hvabi_sim_new(M72, &sim), 0);
	assert_int_equal(hvabi_kvm_new_from_sim(NULL, &kvm), -EINVAL);
	assert_int_equal(hvabi_kvm_new_from_sim(sim, NULL), -EINVAL);
	assert_int_equal(hvabi_kvm_new_from_sim(sim, &kvm), 0);
	assert_int_equal(hvabi_sim_count_open_fds(sim), 1);
	assert_int_equal(kvm->arch, HVABI_ARCH_ARM64);
	assert_int_equal(kvm->origin, HVABI_ORIGIN_SIMULATED);
	assert_true(kvm->own_fd);
	assert_int_equal(kvm->ops->ioctl(kvm->ctx, kvm->fd, HVABI_KVM_GET_API_VERSION, NULL), 12);
	assert_int_equal(kvm->ops->release(kvm->ctx, rel, sizeof(rel)), 0);
	assert_string_equal(rel, "7.2.0-1-arm64");
	assert_int_equal(kvm->ops->release(kvm->ctx, rel, 4), -ERANGE);
	hvabi_kvm_free(kvm);
	assert_int_equal(hvabi_sim_count_open_fds(sim), 0);
	hvabi_sim_free(sim);
}

static void test_unknown_ioctls(void **state)
{
	struct hvabi_kvm_one_reg r = { .id = PSCI };
	struct fx f;

	(void)state;
	fx_up(&f, M72, PSCI02);
	/* arm64 answers EINVAL where x86 answers ENOTTY (kvm_arch_vm_ioctl) */
	assert_int_equal(ioc(&f, f.vm, HVABI_KVM_GET_ONE_REG, &r), -EINVAL);
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_GET_ONE_REG, &r), -EINVAL);
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_GET_SUPPORTED_CPUID, &r), -EINVAL);
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_CHECK_EXTENSION, NULL), -EINVAL);
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_CREATE_VCPU, NULL), -EINVAL);
	/* an ioctl of another family on a vCPU */
	assert_int_equal(ioc(&f, f.vcpu, 0x5401, NULL), -EINVAL);
	fx_down(&f);
}

static void test_system_ioctls(void **state)
{
	struct fx f;

	(void)state;
	fx_up(&f, M61, PSCI02);
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_GET_API_VERSION, NULL), 12);
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_GET_API_VERSION, (void *)1), -EINVAL);
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_GET_VCPU_MMAP_SIZE, NULL), 8192);
	/* IPA size: 32..48 bits on this host (PARange 5) */
	assert_true(ioc(&f, f.sys, HVABI_KVM_CREATE_VM, (void *)48) >= 0);
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_CREATE_VM, (void *)49), -EINVAL);
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_CREATE_VM, (void *)31), -EINVAL);
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_CREATE_VM, (void *)0x100), -EINVAL);
	assert_int_equal(ioc(&f, f.vm, HVABI_KVM_CREATE_VCPU, (void *)0), -EEXIST);
	assert_int_equal(ioc(&f, f.vm, HVABI_KVM_CREATE_VCPU, (void *)512), -EINVAL);
	fx_down(&f);
}

static void check_caps(const char *model)
{
	bool masks = strcmp(model, M612) == 0 || strcmp(model, M72) == 0;
	struct fx f;

	fx_up(&f, model, PSCI02);
	for (int i = 0; i < 2; i++) {
		int fd = i ? f.vm : f.sys;

		assert_int_equal(ioc(&f, fd, HVABI_KVM_CHECK_EXTENSION, (void *)70), 1);
		assert_int_equal(ioc(&f, fd, HVABI_KVM_CHECK_EXTENSION, (void *)230), masks);
		assert_int_equal(ioc(&f, fd, HVABI_KVM_CHECK_EXTENSION, (void *)239),
				 strcmp(model, M72) == 0);
		/* KVM_CAP_VM_ATTRIBUTES: x86 and s390 only, arm64 answers 0 (real kernels) */
		assert_int_equal(ioc(&f, fd, HVABI_KVM_CHECK_EXTENSION, (void *)101), 0);
		/* KVM_CAP_STEAL_TIME: Debian's kernels have sched_info_on() */
		assert_int_equal(ioc(&f, fd, HVABI_KVM_CHECK_EXTENSION, (void *)187), 1);
		assert_int_equal(ioc(&f, fd, HVABI_KVM_CHECK_EXTENSION, (void *)191), 0);
	}
	fx_down(&f);
}
PER_MODEL(check_caps, 5_10, M510)
PER_MODEL(check_caps, 6_1, M61)
PER_MODEL(check_caps, 6_12, M612)
PER_MODEL(check_caps, 7_2, M72)

/* ---------------------------------------------------------- vCPU init */

static void check_before_init(const char *model)
{
	struct hvabi_kvm_reg_list list = { .n = 0 };
	struct hvabi_kvm_vcpu_init init;
	struct fx f;
	uint64_t v;

	fx_up(&f, model, NO_INIT);
	assert_int_equal(ioc(&f, f.vm, HVABI_KVM_ARM_PREFERRED_TARGET, &init), 0);
	assert_int_equal(init.target, HVABI_KVM_ARM_TARGET_GENERIC_V8);
	assert_int_equal(init.features[0], 0);
	assert_int_equal(get_reg(&f, f.vcpu, PSCI, &v), -ENOEXEC);
	assert_int_equal(set_reg(&f, f.vcpu, PSCI, 2), -ENOEXEC);
	assert_int_equal(get_reg(&f, f.vcpu, MIDR, &v), -ENOEXEC);
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_GET_REG_LIST, &list), -ENOEXEC);
	assert_int_equal(list.n, 0);
	assert_int_equal(hvabi_sim_run(f.sim, f.vcpu), -ENOEXEC);
	fx_down(&f);
}
PER_MODEL(check_before_init, 5_10, M510)
PER_MODEL(check_before_init, 6_1, M61)
PER_MODEL(check_before_init, 6_12, M612)
PER_MODEL(check_before_init, 7_2, M72)

static void check_init_errors(const char *model)
{
	struct hvabi_kvm_vcpu_init init = { .target = 0 };
	struct fx f;

	fx_up(&f, model, NO_INIT);
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_ARM_VCPU_INIT, NULL), -EFAULT);
	/* AEM_V8 (0) is not the host's target */
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_ARM_VCPU_INIT, &init), -EINVAL);
	/* unknown feature bits: ENOENT */
	assert_int_equal(vcpu_init(&f, f.vcpu, 1u << 9), -ENOENT);
	init.target = HVABI_KVM_ARM_TARGET_GENERIC_V8;
	init.features[1] = 1;
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_ARM_VCPU_INIT, &init), -ENOENT);
	/* HAS_EL2: unknown until KVM_VCPU_MAX_FEATURES grew (7.x), then impossible without NV */
	assert_int_equal(vcpu_init(&f, f.vcpu, 1u << 7),
			 strcmp(model, M72) == 0 ? -EINVAL : -ENOENT);
	/* Neoverse V1 has no AArch32 EL1 */
	assert_int_equal(vcpu_init(&f, f.vcpu, 1u << HVABI_KVM_ARM_VCPU_EL1_32BIT), -EINVAL);
	/* the two pointer-auth features come together */
	assert_int_equal(vcpu_init(&f, f.vcpu, 1u << HVABI_KVM_ARM_VCPU_PTRAUTH_ADDRESS),
			 -EINVAL);
	assert_int_equal(vcpu_init(&f, f.vcpu, PSCI02 | (1u << HVABI_KVM_ARM_VCPU_PTRAUTH_ADDRESS) |
						       (1u << HVABI_KVM_ARM_VCPU_PTRAUTH_GENERIC)),
			 0);
	fx_down(&f);
}
PER_MODEL(check_init_errors, 5_10, M510)
PER_MODEL(check_init_errors, 6_1, M61)
PER_MODEL(check_init_errors, 6_12, M612)
PER_MODEL(check_init_errors, 7_2, M72)

static void check_second_init(const char *model)
{
	bool new = strcmp(model, M612) == 0 || strcmp(model, M72) == 0;
	uint32_t off = 1u << HVABI_KVM_ARM_VCPU_POWER_OFF;
	struct fx f;
	int v1;

	fx_up(&f, model, PSCI02);
	assert_int_equal(vcpu_init(&f, f.vcpu, PSCI02), 0);
	assert_int_equal(vcpu_init(&f, f.vcpu, 0), -EINVAL);
	assert_int_equal(vcpu_init(&f, f.vcpu, PSCI02 | (1u << HVABI_KVM_ARM_VCPU_PMU_V3)),
			 -EINVAL);
	/* POWER_OFF counts as a feature before 6.7 and is ephemeral after */
	assert_int_equal(vcpu_init(&f, f.vcpu, PSCI02 | off), new ? 0 : -EINVAL);
	/* from 6.7 every vCPU of a VM has the same features */
	v1 = new_vcpu(&f, 1, NO_INIT);
	assert_int_equal(vcpu_init(&f, v1, 0), new ? -EINVAL : 0);
	fx_down(&f);
}
PER_MODEL(check_second_init, 5_10, M510)
PER_MODEL(check_second_init, 6_1, M61)
PER_MODEL(check_second_init, 6_12, M612)
PER_MODEL(check_second_init, 7_2, M72)

static void test_sve_finalize(void **state)
{
	struct hvabi_kvm_reg_list list = { .n = 0 };
	int sve = HVABI_KVM_ARM_VCPU_SVE;
	struct fx f;
	int v1;

	(void)state;
	fx_up(&f, M612, PSCI02 | (1u << HVABI_KVM_ARM_VCPU_SVE));
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_GET_REG_LIST, &list), -EPERM);
	assert_int_equal(hvabi_sim_run(f.sim, f.vcpu), -EPERM);
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_ARM_VCPU_FINALIZE, &sve), 0);
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_ARM_VCPU_FINALIZE, &sve), -EPERM);
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_GET_REG_LIST, &list), -E2BIG);
	fx_down(&f);
	fx_up(&f, M61, PSCI02);
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_ARM_VCPU_FINALIZE, &sve), -EINVAL);
	v1 = new_vcpu(&f, 1, NO_INIT);
	assert_int_equal(ioc(&f, v1, HVABI_KVM_ARM_VCPU_FINALIZE, &sve), -ENOEXEC);
	fx_down(&f);
}

/* ---------------------------------------------------------- reg list */

static bool listed(const struct hvabi_kvm_reg_list *l, uint64_t id)
{
	for (uint64_t i = 0; i < l->n; i++)
		if (l->reg[i] == id)
			return true;
	return false;
}

static void check_reg_list(const char *model, unsigned int nfw)
{
	struct hvabi_kvm_reg_list head = { .n = 0 }, *l;
	unsigned int fw = 0;
	uint64_t n;
	struct fx f;

	fx_up(&f, model, PSCI02);
	/* the kernel writes the count it needs, then says E2BIG */
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_GET_REG_LIST, &head), -E2BIG);
	n = head.n;
	assert_true(n > 100);
	l = calloc(1, sizeof(*l) + n * sizeof(uint64_t));
	assert_non_null(l);
	l->n = n - 1;
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_GET_REG_LIST, l), -E2BIG);
	assert_int_equal(l->n, n);
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_GET_REG_LIST, l), 0);
	assert_int_equal(l->n, n);
	for (uint64_t i = 0; i < n; i++) {
		uint64_t c = l->reg[i] & HVABI_KVM_REG_ARM_COPROC_MASK;

		if (c == HVABI_KVM_REG_ARM_FW || c == HVABI_KVM_REG_ARM_FW_FEAT_BMAP)
			fw++;
		/* every listed register can be read */
		if (HVABI_KVM_REG_SIZE(l->reg[i]) <= 8)
			reg(&f, f.vcpu, l->reg[i]);
	}
	assert_int_equal(fw, nfw);
	assert_true(listed(l, PC_ID));
	assert_true(listed(l, TIMER_CTL));
	assert_true(listed(l, MIDR));
	assert_true(listed(l, PFR0));
	assert_true(listed(l, SYSREG(0, 0, 7, 7)));
	assert_true(listed(l, WA3));
	assert_int_equal(listed(l, VENDOR2), nfw == 8);
	free(l);
	fx_down(&f);
}

static void test_reg_list_5_10(void **s)
{
	(void)s;
	check_reg_list(M510, 4);
}

static void test_reg_list_6_1(void **s)
{
	(void)s;
	check_reg_list(M61, 7);
}

static void test_reg_list_6_12(void **s)
{
	(void)s;
	check_reg_list(M612, 7);
}

static void test_reg_list_7_2(void **s)
{
	(void)s;
	check_reg_list(M72, 8);
}

static void test_core_regs(void **state)
{
	struct fx f;
	uint64_t v;

	(void)state;
	fx_up(&f, M61, PSCI02);
	assert_int_equal(reg(&f, f.vcpu, PC_ID - 0x40 + 0x42), 0x3c5); /* PSTATE at reset */
	assert_int_equal(set_reg(&f, f.vcpu, PC_ID, 0x80000000), 0);
	assert_int_equal(reg(&f, f.vcpu, PC_ID), 0x80000000);
	assert_int_equal(get_reg(&f, f.vcpu, AS_U32(PC_ID), &v), -EINVAL);
	assert_int_equal(get_reg(&f, f.vcpu, PC_ID + 0x1000, &v), -ENOENT);
	/* not an arm64 id at all */
	assert_int_equal(get_reg(&f, f.vcpu, (PC_ID & ~HVABI_KVM_REG_ARCH_MASK) |
						     HVABI_KVM_REG_RISCV, &v),
			 -EINVAL);
	assert_int_equal(reg(&f, f.vcpu, SYSREG(0, 0, 0, 5)), 0x80000000);
	/* per vCPU: MPIDR carries the vCPU id */
	assert_int_equal(reg(&f, new_vcpu(&f, 17, PSCI02), SYSREG(0, 0, 0, 5)), 0x80000101);
	fx_down(&f);
}

/* ---------------------------------------------------- firmware registers */

static void check_fw_size_and_absent(const char *model)
{
	struct fx f;
	uint64_t v;

	fx_up(&f, model, PSCI02);
	assert_int_equal(get_reg(&f, f.vcpu, AS_U32(PSCI), &v), -ENOENT);
	assert_int_equal(set_reg(&f, f.vcpu, AS_U32(PSCI), 2), -ENOENT);
	assert_int_equal(set_reg(&f, f.vcpu, AS_U32(WA1), 0), -ENOENT);
	/* WORKAROUND_4 is not mainline */
	assert_int_equal(get_reg(&f, f.vcpu, HVABI_KVM_REG_ARM_FW_REG(4), &v), -ENOENT);
	assert_int_equal(set_reg(&f, f.vcpu, HVABI_KVM_REG_ARM_FW_REG(4), 0), -ENOENT);
	if (strcmp(model, M510) == 0) {
		assert_int_equal(get_reg(&f, f.vcpu, STD, &v), -ENOENT);
		assert_int_equal(set_reg(&f, f.vcpu, VENDOR, 3), -ENOENT);
	} else {
		assert_int_equal(get_reg(&f, f.vcpu, AS_U32(STD), &v), -ENOENT);
		assert_int_equal(set_reg(&f, f.vcpu, AS_U32(STD), 1), -ENOENT);
	}
	if (strcmp(model, M72) != 0)
		assert_int_equal(get_reg(&f, f.vcpu, VENDOR2, &v), -ENOENT);
	fx_down(&f);
}
PER_MODEL(check_fw_size_and_absent, 5_10, M510)
PER_MODEL(check_fw_size_and_absent, 6_1, M61)
PER_MODEL(check_fw_size_and_absent, 6_12, M612)
PER_MODEL(check_fw_size_and_absent, 7_2, M72)

static void check_psci(const char *model, uint64_t dflt, const uint64_t *ok, size_t nok,
		       const uint64_t *bad, size_t nbad)
{
	struct fx f;
	int v1, old;

	fx_up(&f, model, PSCI02);
	assert_int_equal(reg(&f, f.vcpu, PSCI), dflt);
	for (size_t i = 0; i < nok; i++) {
		assert_int_equal(set_reg(&f, f.vcpu, PSCI, ok[i]), 0);
		assert_int_equal(reg(&f, f.vcpu, PSCI), ok[i]);
	}
	for (size_t i = 0; i < nbad; i++)
		assert_int_equal(set_reg(&f, f.vcpu, PSCI, bad[i]), -EINVAL);
	/* 0.1 only without the PSCI_0_2 feature */
	assert_int_equal(set_reg(&f, f.vcpu, PSCI, HVABI_PSCI_VERSION(0, 1)), -EINVAL);
	/* VM-wide, and writable after the run */
	v1 = new_vcpu(&f, 1, PSCI02);
	run(&f, v1);
	assert_int_equal(set_reg(&f, v1, PSCI, HVABI_PSCI_VERSION(1, 0)), 0);
	assert_int_equal(reg(&f, f.vcpu, PSCI), HVABI_PSCI_VERSION(1, 0));
	fx_down(&f);
	/* a vCPU without PSCI_0_2 reads 0.1 and may only write 0.1 */
	fx_up(&f, model, 0);
	assert_int_equal(reg(&f, f.vcpu, PSCI), HVABI_PSCI_VERSION(0, 1));
	assert_int_equal(set_reg(&f, f.vcpu, PSCI, HVABI_PSCI_VERSION(1, 0)), -EINVAL);
	assert_int_equal(set_reg(&f, f.vcpu, PSCI, HVABI_PSCI_VERSION(0, 1)), 0);
	fx_down(&f);
	/* 6.7+ VMs have one feature set; older ones can mix, and share the value */
	if (strcmp(model, M61) == 0) {
		fx_up(&f, model, 0);
		old = new_vcpu(&f, 1, PSCI02);
		assert_int_equal(set_reg(&f, f.vcpu, PSCI, HVABI_PSCI_VERSION(0, 1)), 0);
		assert_int_equal(reg(&f, old, PSCI), HVABI_PSCI_VERSION(0, 1));
		fx_down(&f);
	}
}

static const uint64_t v02 = HVABI_PSCI_VERSION(0, 2), v10 = HVABI_PSCI_VERSION(1, 0),
		      v11 = HVABI_PSCI_VERSION(1, 1), v12 = HVABI_PSCI_VERSION(1, 2),
		      v13 = HVABI_PSCI_VERSION(1, 3);

static void test_psci_5_10(void **s)
{
	const uint64_t ok[] = { v02, v10 }, bad[] = { v11, v12, v13, 0, 0x20000 };

	(void)s;
	check_psci(M510, v10, ok, 2, bad, 5);
}

static void test_psci_6_1(void **s)
{
	const uint64_t ok[] = { v02, v10, v11 }, bad[] = { v12, v13, 0 };

	(void)s;
	check_psci(M61, v11, ok, 3, bad, 3);
}

static void test_psci_6_12(void **s)
{
	const uint64_t ok[] = { v02, v10, v11 }, bad[] = { v12, v13 };

	(void)s;
	check_psci(M612, v11, ok, 3, bad, 2);
}

static void test_psci_7_2(void **s)
{
	const uint64_t ok[] = { v02, v10, v11, v12, v13 }, bad[] = { 0x10004, 3 };

	(void)s;
	check_psci(M72, v13, ok, 5, bad, 2);
}

static void check_wa13(const char *model)
{
	struct hvabi_key k = hvabi_key_reg(WA3);
	struct fx f;

	fx_up(&f, model, PSCI02);
	/* host: WA1 NOT_REQUIRED, WA3 AVAIL */
	assert_int_equal(reg(&f, f.vcpu, WA1), HVABI_WA1_NOT_REQUIRED);
	assert_int_equal(reg(&f, f.vcpu, WA3), HVABI_WA3_AVAIL);
	assert_int_equal(set_reg(&f, f.vcpu, WA1, 0x10), -EINVAL);
	assert_int_equal(set_reg(&f, f.vcpu, WA3, 0x12), -EINVAL);
	assert_int_equal(set_reg(&f, f.vcpu, WA3, HVABI_WA3_NOT_REQUIRED), -EINVAL);
	assert_int_equal(set_reg(&f, f.vcpu, WA3, 3), -EINVAL);
	assert_int_equal(set_reg(&f, f.vcpu, WA1, HVABI_WA1_AVAIL), 0);
	assert_int_equal(set_reg(&f, f.vcpu, WA3, HVABI_WA3_NOT_AVAIL), 0);
	/* nothing is stored: the host level is read back */
	assert_int_equal(reg(&f, f.vcpu, WA1), HVABI_WA1_NOT_REQUIRED);
	assert_int_equal(reg(&f, f.vcpu, WA3), HVABI_WA3_AVAIL);
	fx_down(&f);
	/* a vulnerable host refuses AVAIL */
	assert_int_equal(hvabi_sim_new(model, &f.sim), 0);
	assert_int_equal(hvabi_sim_set_host(f.sim, &k, HVABI_WA3_NOT_AVAIL), 0);
	f.sys = hvabi_sim_open_kvm_fd(f.sim);
	f.vm = ioc(&f, f.sys, HVABI_KVM_CREATE_VM, NULL);
	f.vcpu = new_vcpu(&f, 0, PSCI02);
	assert_int_equal(reg(&f, f.vcpu, WA3), 0);
	assert_int_equal(set_reg(&f, f.vcpu, WA3, HVABI_WA3_AVAIL), -EINVAL);
	assert_int_equal(set_reg(&f, f.vcpu, WA3, 0), 0);
	fx_down(&f);
}
PER_MODEL(check_wa13, 5_10, M510)
PER_MODEL(check_wa13, 6_1, M61)
PER_MODEL(check_wa13, 6_12, M612)
PER_MODEL(check_wa13, 7_2, M72)

static void check_wa2(const char *model)
{
	struct hvabi_key k = hvabi_key_reg(WA2);
	struct fx f;

	/* host NOT_AVAIL (SSBS exposed) */
	fx_up(&f, model, PSCI02);
	assert_int_equal(reg(&f, f.vcpu, WA2), HVABI_WA2_NOT_AVAIL);
	assert_int_equal(set_reg(&f, f.vcpu, WA2, HVABI_WA2_NOT_AVAIL), 0);
	assert_int_equal(set_reg(&f, f.vcpu, WA2, HVABI_WA2_UNKNOWN), 0);
	assert_int_equal(set_reg(&f, f.vcpu, WA2, HVABI_WA2_AVAIL), -EINVAL);
	assert_int_equal(set_reg(&f, f.vcpu, WA2, HVABI_WA2_NOT_REQUIRED), -EINVAL);
	assert_int_equal(set_reg(&f, f.vcpu, WA2, HVABI_WA2_ENABLED | HVABI_WA2_NOT_AVAIL),
			 -EINVAL);
	for (uint64_t l = 4; l < 16; l++)
		assert_int_equal(set_reg(&f, f.vcpu, WA2, l), -EINVAL);
	assert_int_equal(set_reg(&f, f.vcpu, WA2, 0x20), -EINVAL);
	fx_down(&f);
	/* host NOT_REQUIRED: every state folds to something it can honour */
	assert_int_equal(hvabi_sim_new(model, &f.sim), 0);
	assert_int_equal(hvabi_sim_set_host(f.sim, &k, HVABI_WA2_NOT_REQUIRED), 0);
	f.sys = hvabi_sim_open_kvm_fd(f.sim);
	f.vm = ioc(&f, f.sys, HVABI_KVM_CREATE_VM, NULL);
	f.vcpu = new_vcpu(&f, 0, PSCI02);
	assert_int_equal(reg(&f, f.vcpu, WA2), HVABI_WA2_NOT_REQUIRED);
	assert_int_equal(set_reg(&f, f.vcpu, WA2, HVABI_WA2_AVAIL | HVABI_WA2_ENABLED), 0);
	assert_int_equal(set_reg(&f, f.vcpu, WA2, HVABI_WA2_NOT_REQUIRED | HVABI_WA2_ENABLED),
			 -EINVAL);
	assert_int_equal(set_reg(&f, f.vcpu, WA2, HVABI_WA2_UNKNOWN), 0);
	assert_int_equal(reg(&f, f.vcpu, WA2), HVABI_WA2_NOT_REQUIRED);
	fx_down(&f);
}
PER_MODEL(check_wa2, 5_10, M510)
PER_MODEL(check_wa2, 6_1, M61)
PER_MODEL(check_wa2, 6_12, M612)
PER_MODEL(check_wa2, 7_2, M72)

static void check_bitmaps(const char *model)
{
	bool b2 = strcmp(model, M72) == 0;
	struct fx f;
	int v1;

	fx_up(&f, model, PSCI02);
	v1 = new_vcpu(&f, 1, PSCI02);
	assert_int_equal(reg(&f, f.vcpu, STD), 0x1);
	assert_int_equal(reg(&f, f.vcpu, STD_HYP), 0x1);
	assert_int_equal(reg(&f, f.vcpu, VENDOR), 0x3);
	if (b2)
		assert_int_equal(reg(&f, f.vcpu, VENDOR2), 0);
	assert_int_equal(set_reg(&f, f.vcpu, STD, 0x2), -EINVAL);
	assert_int_equal(set_reg(&f, f.vcpu, VENDOR, 0x4), -EINVAL);
	/* VM-wide: written through one vCPU, seen by the other */
	assert_int_equal(set_reg(&f, f.vcpu, VENDOR, 0x1), 0);
	assert_int_equal(reg(&f, v1, VENDOR), 0x1);
	assert_int_equal(set_reg(&f, v1, STD, 0), 0);
	if (b2) {
		assert_int_equal(set_reg(&f, f.vcpu, VENDOR2, 0x3), 0);
		assert_int_equal(set_reg(&f, f.vcpu, VENDOR2, 0x4), -EINVAL);
	}
	run(&f, v1);
	/* after the run: unknown bits are still EINVAL, changes EBUSY, equal fine */
	assert_int_equal(set_reg(&f, f.vcpu, STD_HYP, 0x2), -EINVAL);
	assert_int_equal(set_reg(&f, f.vcpu, STD_HYP, 0x0), -EBUSY);
	assert_int_equal(set_reg(&f, f.vcpu, STD_HYP, 0x1), 0);
	assert_int_equal(set_reg(&f, f.vcpu, VENDOR, 0x3), -EBUSY);
	assert_int_equal(set_reg(&f, f.vcpu, VENDOR, 0x1), 0);
	assert_int_equal(reg(&f, f.vcpu, STD), 0);
	if (b2) {
		assert_int_equal(set_reg(&f, f.vcpu, VENDOR2, 0x8), -EINVAL);
		assert_int_equal(set_reg(&f, f.vcpu, VENDOR2, 0x1), -EBUSY);
		assert_int_equal(set_reg(&f, f.vcpu, VENDOR2, 0x3), 0);
	}
	fx_down(&f);
}
PER_MODEL(check_bitmaps, 6_1, M61)
PER_MODEL(check_bitmaps, 6_12, M612)
PER_MODEL(check_bitmaps, 7_2, M72)

static void test_bitmap_host_mask(void **state)
{
	struct hvabi_key k = hvabi_key_reg(STD);
	struct fx f;

	(void)state;
	/* a host without an SMCCC TRNG */
	assert_int_equal(hvabi_sim_new(M61, &f.sim), 0);
	assert_int_equal(hvabi_sim_set_host(f.sim, &k, 0), 0);
	f.sys = hvabi_sim_open_kvm_fd(f.sim);
	f.vm = ioc(&f, f.sys, HVABI_KVM_CREATE_VM, NULL);
	f.vcpu = new_vcpu(&f, 0, PSCI02);
	assert_int_equal(reg(&f, f.vcpu, STD), 0);
	assert_int_equal(set_reg(&f, f.vcpu, STD, 1), -EINVAL);
	fx_down(&f);
}

/* -------------------------------------------------------- SMCCC filter */

static int filter(struct fx *f, unsigned long req, uint32_t base, uint32_t nr, uint8_t action)
{
	struct hvabi_kvm_smccc_filter flt = { .base = base, .nr_functions = nr, .action = action };
	struct hvabi_kvm_device_attr attr = {
		.group = HVABI_KVM_ARM_VM_SMCCC_CTRL,
		.attr = HVABI_KVM_ARM_VM_SMCCC_FILTER,
		.addr = (uintptr_t)&flt,
	};

	return ioc(f, f->vm, req, &attr);
}

static void check_filter(const char *model)
{
	struct hvabi_kvm_smccc_filter flt = { .base = 0xc6000040, .nr_functions = 2 };
	struct hvabi_kvm_device_attr attr = { .addr = (uintptr_t)&flt };
	struct fx f;

	fx_up(&f, model, PSCI02);
	assert_int_equal(filter(&f, HVABI_KVM_HAS_DEVICE_ATTR, 0, 0, 0), 0);
	/* write-only: KVM_GET_DEVICE_ATTR is not a VM ioctl on arm64 */
	assert_int_equal(filter(&f, HVABI_KVM_GET_DEVICE_ATTR, 0, 0, 0), -EINVAL);
	attr.group = 1;
	assert_int_equal(ioc(&f, f.vm, HVABI_KVM_HAS_DEVICE_ATTR, &attr), -ENXIO);
	assert_int_equal(ioc(&f, f.vm, HVABI_KVM_SET_DEVICE_ATTR, &attr), -ENXIO);
	attr.group = HVABI_KVM_ARM_VM_SMCCC_CTRL;
	attr.attr = 1;
	assert_int_equal(ioc(&f, f.vm, HVABI_KVM_HAS_DEVICE_ATTR, &attr), -ENXIO);
	assert_int_equal(ioc(&f, f.vm, HVABI_KVM_SET_DEVICE_ATTR, &attr), -ENXIO);
	/* kvm_vm_set_attr() does not look at flags */
	attr.attr = HVABI_KVM_ARM_VM_SMCCC_FILTER;
	attr.flags = 1;
	assert_int_equal(ioc(&f, f.vm, HVABI_KVM_SET_DEVICE_ATTR, &attr), 0);
	flt.pad[3] = 1;
	assert_int_equal(ioc(&f, f.vm, HVABI_KVM_SET_DEVICE_ATTR, &attr), -EINVAL);
	assert_int_equal(filter(&f, HVABI_KVM_SET_DEVICE_ATTR, 0x86000000, 0, 1), -EINVAL);
	assert_int_equal(filter(&f, HVABI_KVM_SET_DEVICE_ATTR, 0xfffffff0, 0x20, 1), -EINVAL);
	assert_int_equal(filter(&f, HVABI_KVM_SET_DEVICE_ATTR, 0x86000000, 1, 3), -EINVAL);
	/* overlaps: an installed range, the arch ranges; base 0 count 0 is everything */
	assert_int_equal(filter(&f, HVABI_KVM_SET_DEVICE_ATTR, 0xc6000041, 4, 1), -EEXIST);
	assert_int_equal(filter(&f, HVABI_KVM_SET_DEVICE_ATTR, 0x8000fff0, 0x20, 1), -EEXIST);
	assert_int_equal(filter(&f, HVABI_KVM_SET_DEVICE_ATTR, 0xc0000000, 1, 2), -EEXIST);
	assert_int_equal(filter(&f, HVABI_KVM_SET_DEVICE_ATTR, 0, 0, 1), -EEXIST);
	assert_int_equal(filter(&f, HVABI_KVM_SET_DEVICE_ATTR, 0x80010000, 0x10, 1), 0);
	run(&f, f.vcpu);
	assert_int_equal(filter(&f, HVABI_KVM_SET_DEVICE_ATTR, 0x86000002, 1, 1), -EBUSY);
	/* the EINVAL checks come before the run check */
	assert_int_equal(filter(&f, HVABI_KVM_SET_DEVICE_ATTR, 0x86000002, 1, 7), -EINVAL);
	fx_down(&f);
}
PER_MODEL(check_filter, 6_12, M612)
PER_MODEL(check_filter, 7_2, M72)

static void check_no_vm_attrs(const char *model)
{
	struct fx f;

	fx_up(&f, model, PSCI02);
	/* before 6.4 kvm_arch_vm_ioctl() has no attribute ioctls: EINVAL */
	assert_int_equal(filter(&f, HVABI_KVM_HAS_DEVICE_ATTR, 0, 0, 0), -EINVAL);
	assert_int_equal(filter(&f, HVABI_KVM_SET_DEVICE_ATTR, 0x86000000, 1, 1), -EINVAL);
	assert_int_equal(filter(&f, HVABI_KVM_GET_DEVICE_ATTR, 0, 0, 0), -EINVAL);
	fx_down(&f);
}
PER_MODEL(check_no_vm_attrs, 5_10, M510)
PER_MODEL(check_no_vm_attrs, 6_1, M61)

/* ------------------------------------------------------- ID registers */

static int masks(struct fx *f, uint64_t *out, uint32_t range, uint32_t reserved)
{
	struct hvabi_kvm_reg_mask_range r = { .addr = (uintptr_t)out, .range = range };

	r.reserved[12] = reserved;
	return ioc(f, f->vm, HVABI_KVM_ARM_GET_REG_WRITABLE_MASKS, &r);
}

static void check_masks(const char *model)
{
	bool v72 = strcmp(model, M72) == 0;
	uint64_t m[HVABI_KVM_ARM_FEATURE_ID_RANGE_SIZE];
	struct fx f;

	fx_up(&f, model, PSCI02);
	assert_int_equal(masks(&f, m, 1, 0), -EINVAL);
	assert_int_equal(masks(&f, m, 0, 1), -EINVAL);
	memset(m, 0xa5, sizeof(m));
	assert_int_equal(masks(&f, m, 0, 0), 0);
	/* ID_AA64PFR0_EL1 is index 32: GIC (27:24) writable, RAS (31:28) from 7.2 */
	assert_int_equal(m[hvabi_arm64_feature_id_idx(0, 4, 0)] & (0xfull << 24),
			 0xfull << 24);
	assert_int_equal(m[hvabi_arm64_feature_id_idx(0, 4, 0)] & (0xfull << 28),
			 v72 ? 0xfull << 28 : 0);
	assert_int_equal(m[hvabi_arm64_feature_id_idx(0, 4, 0)] & (0xfull << 16), 0);
	/* ID_AA64ISAR0_EL1: all but RES0, and TME in 7.2 */
	assert_int_equal(m[hvabi_arm64_feature_id_idx(0, 6, 0)],
			 v72 ? 0xfffffffff0fffff0ull : ~0xfull);
	/* the AArch32 ID registers: GENMASK(31, 0) on a host with 32-bit EL0 */
	assert_int_equal(m[hvabi_arm64_feature_id_idx(0, 1, 0)], 0xffffffffull);
	/* CTR_EL0 is index 129; L1Ip (15:14) from 6.13 */
	assert_int_equal(m[129], v72 ? 0x300fc00full : 0x300f000full);
	/* MIDR_EL1 (index 0) and AIDR_EL1 (index 71): IMPLEMENTATION_ID() masks */
	assert_int_equal(m[0], v72 ? 0xffffffffull : 0);
	assert_int_equal(m[71], v72 ? ~0ull : 0);
	/* hidden and unallocated registers: 0 */
	assert_int_equal(m[hvabi_arm64_feature_id_idx(0, 1, 3)], 0);
	assert_int_equal(m[hvabi_arm64_feature_id_idx(0, 7, 7)], 0);
	assert_int_equal(m[191], 0);
	fx_down(&f);
}
PER_MODEL(check_masks, 6_12, M612)
PER_MODEL(check_masks, 7_2, M72)

static void check_no_masks(const char *model)
{
	uint64_t m[HVABI_KVM_ARM_FEATURE_ID_RANGE_SIZE];
	struct fx f;

	fx_up(&f, model, PSCI02);
	assert_int_equal(masks(&f, m, 0, 0), -EINVAL);
	fx_down(&f);
}
PER_MODEL(check_no_masks, 5_10, M510)
PER_MODEL(check_no_masks, 6_1, M61)

static void check_idreg_writable(const char *model)
{
	uint64_t isar0, mmfr0, pfr0;
	struct fx f;
	int v1;

	fx_up(&f, model, PSCI02);
	v1 = new_vcpu(&f, 1, PSCI02);
	isar0 = reg(&f, f.vcpu, ISAR0);
	assert_int_equal(F4(isar0, 4), 2); /* AES with PMULL */
	/* LOWER_SAFE: less is fine, more is not */
	assert_int_equal(set_reg(&f, f.vcpu, ISAR0, WITH_F4(isar0, 4, 3)), -EINVAL);
	assert_int_equal(set_reg(&f, f.vcpu, ISAR0, WITH_F4(isar0, 4, 1)), 0);
	assert_int_equal(reg(&f, v1, ISAR0), WITH_F4(isar0, 4, 1)); /* VM-wide */
	/* ... and back up to the limit */
	assert_int_equal(set_reg(&f, f.vcpu, ISAR0, isar0), 0);
	/* RES0 bits are outside the mask: must stay as they are */
	assert_int_equal(set_reg(&f, f.vcpu, ISAR0, isar0 | 1), -EINVAL);
	/* signed LOWER_SAFE: TGRAN4 0 (4K) may drop to 0xf (none), not rise to 1 */
	mmfr0 = reg(&f, f.vcpu, MMFR0);
	assert_int_equal(F4(mmfr0, 28), 0);
	assert_int_equal(set_reg(&f, f.vcpu, MMFR0, WITH_F4(mmfr0, 28, 1)), -EINVAL);
	assert_int_equal(set_reg(&f, f.vcpu, MMFR0, WITH_F4(mmfr0, 28, 0xf)), 0);
	/* PFR0.FP is not writable in either release */
	pfr0 = reg(&f, f.vcpu, PFR0);
	assert_int_equal(set_reg(&f, f.vcpu, PFR0, WITH_F4(pfr0, 16, 0xf)), -EINVAL);
	/* CSV2 may drop */
	assert_int_equal(set_reg(&f, f.vcpu, PFR0, WITH_F4(pfr0, 56, 0)), 0);
	assert_int_equal(set_reg(&f, f.vcpu, PFR0, pfr0), 0);
	run(&f, v1);
	/* after the run: a different value EBUSY (even a safe one), the same 0 */
	assert_int_equal(set_reg(&f, f.vcpu, MMFR0, mmfr0), -EBUSY);
	assert_int_equal(set_reg(&f, f.vcpu, ISAR0, WITH_F4(isar0, 4, 3)), -EBUSY);
	assert_int_equal(set_reg(&f, f.vcpu, MMFR0, WITH_F4(mmfr0, 28, 0xf)), 0);
	assert_int_equal(set_reg(&f, v1, ISAR0, isar0), 0);
	fx_down(&f);
}
PER_MODEL(check_idreg_writable, 6_12, M612)
PER_MODEL(check_idreg_writable, 7_2, M72)

static void check_idreg_special(const char *model)
{
	bool v72 = strcmp(model, M72) == 0;
	uint64_t dfr0, ctr, pfr0, clidr;
	struct fx f;
	int v1;

	fx_up(&f, model, PSCI02);
	v1 = new_vcpu(&f, 1, PSCI02);
	/* DebugVer below 8.0 is refused; IMP_DEF PMUVer reads as no PMU */
	dfr0 = reg(&f, f.vcpu, DFR0);
	assert_int_equal(set_reg(&f, f.vcpu, DFR0, WITH_F4(dfr0, 0, 5)), -EINVAL);
	assert_int_equal(set_reg(&f, f.vcpu, DFR0, WITH_F4(dfr0, 0, 6)), 0);
	assert_int_equal(set_reg(&f, f.vcpu, DFR0, WITH_F4(dfr0, 8, 0xf)), 0);
	assert_int_equal(F4(reg(&f, f.vcpu, DFR0), 8), 0);
	assert_int_equal(set_reg(&f, f.vcpu, DFR0, WITH_F4(dfr0, 8, 1)), -EINVAL);
	/* GIC: writable (and lower-safe) in 6.12 and 7.2 alike (real kernels) */
	pfr0 = reg(&f, f.vcpu, PFR0);
	assert_int_equal(set_reg(&f, f.vcpu, PFR0, WITH_F4(pfr0, 24, 0)), 0);
	assert_int_equal(set_reg(&f, f.vcpu, PFR0, pfr0), 0);
	/* MPAM: 6.12 shows the hardware's 1, 6.14+ hides it and ignores a write of 1 */
	assert_int_equal(F4(pfr0, 40), v72 ? 0 : 1);
	assert_int_equal(set_reg(&f, f.vcpu, PFR0, WITH_F4(pfr0, 40, 1)), 0);
	assert_int_equal(F4(reg(&f, f.vcpu, PFR0), 40), v72 ? 0 : 1);
	assert_int_equal(set_reg(&f, f.vcpu, PFR0, WITH_F4(pfr0, 40, v72 ? 2 : 0)), -EINVAL);
	/* CTR_EL0.L1Ip: PIPT to VIPT is the EXACT safe value (6.13+); AIVIVT never */
	ctr = reg(&f, f.vcpu, CTR);
	assert_int_equal((ctr >> 14) & 3, 3);
	assert_int_equal(set_reg(&f, f.vcpu, CTR, (ctr & ~(3ull << 14)) | (2ull << 14)),
			 v72 ? 0 : -EINVAL);
	assert_int_equal(set_reg(&f, f.vcpu, CTR, (ctr & ~(3ull << 14)) | (1ull << 14)),
			 -EINVAL);
	assert_int_equal(set_reg(&f, f.vcpu, CTR, ctr), 0);
	/* CLIDR_EL1 is per vCPU (set_clidr): RES0 bits refused */
	clidr = reg(&f, f.vcpu, CLIDR);
	assert_int_equal(set_reg(&f, f.vcpu, CLIDR, clidr | (1ull << 50)), -EINVAL);
	assert_int_equal(set_reg(&f, f.vcpu, CLIDR, clidr ^ 0x7), 0);
	assert_int_equal(reg(&f, v1, CLIDR), clidr);
	/* MIDR without cap 239: only its own value */
	assert_int_equal(set_reg(&f, f.vcpu, MIDR, reg(&f, f.vcpu, MIDR)), 0);
	assert_int_equal(set_reg(&f, f.vcpu, MIDR, 0x410fd0c0), -EINVAL);
	/* ID registers are 64-bit */
	assert_int_equal(set_reg(&f, f.vcpu, AS_U32(ISAR0), 0), -ENOENT);
	fx_down(&f);
}
PER_MODEL(check_idreg_special, 6_12, M612)
PER_MODEL(check_idreg_special, 7_2, M72)

static int enable_cap(struct fx *f, uint32_t cap, uint32_t flags)
{
	struct hvabi_kvm_enable_cap c = { .cap = cap, .flags = flags };

	return ioc(f, f->vm, HVABI_KVM_ENABLE_CAP, &c);
}

static void test_imp_id_regs_7_2(void **state)
{
	struct fx f;
	int vm;

	(void)state;
	fx_up(&f, M72, PSCI02);
	/* too late: a vCPU exists */
	assert_int_equal(enable_cap(&f, 239, 0), -EINVAL);
	vm = ioc(&f, f.sys, HVABI_KVM_CREATE_VM, NULL);
	f.vm = vm;
	assert_int_equal(enable_cap(&f, 239, 1), -EINVAL);
	assert_int_equal(enable_cap(&f, 239, 0), 0);
	assert_int_equal(enable_cap(&f, 12345, 0), -EINVAL);
	f.vcpu = new_vcpu(&f, 0, PSCI02);
	assert_int_equal(set_reg(&f, f.vcpu, MIDR, 0x410fd0c0), 0);
	assert_int_equal(reg(&f, new_vcpu(&f, 1, PSCI02), MIDR), 0x410fd0c0);
	assert_int_equal(set_reg(&f, f.vcpu, MIDR, 1ull << 40), -EINVAL);
	assert_int_equal(set_reg(&f, f.vcpu, SYSREG(0, 0, 0, 6), 0x1234), 0);
	run(&f, f.vcpu);
	assert_int_equal(set_reg(&f, f.vcpu, MIDR, 0x411fd401), -EBUSY);
	assert_int_equal(set_reg(&f, f.vcpu, MIDR, 0x410fd0c0), 0);
	fx_down(&f);
}

static void test_imp_cap_absent(void **state)
{
	struct fx f;

	(void)state;
	hvabi_sim_new(M612, &f.sim);
	f.sys = hvabi_sim_open_kvm_fd(f.sim);
	f.vm = ioc(&f, f.sys, HVABI_KVM_CREATE_VM, NULL);
	assert_int_equal(enable_cap(&f, 239, 0), -EINVAL);
	fx_down(&f);
}

static void check_idreg_old(const char *model)
{
	bool csv3 = strcmp(model, M61) == 0;
	uint64_t pfr0, isar0;
	struct fx f;
	int v1;

	fx_up(&f, model, PSCI02);
	v1 = new_vcpu(&f, 1, PSCI02);
	isar0 = reg(&f, f.vcpu, ISAR0);
	/* before 6.7 an ID register takes only its own value, even a safe lower one */
	assert_int_equal(set_reg(&f, f.vcpu, ISAR0, isar0), 0);
	assert_int_equal(set_reg(&f, f.vcpu, ISAR0, WITH_F4(isar0, 4, 1)), -EINVAL);
	assert_int_equal(set_reg(&f, f.vcpu, CLIDR, reg(&f, f.vcpu, CLIDR) ^ 7), -EINVAL);
	assert_int_equal(set_reg(&f, f.vcpu, CTR, reg(&f, f.vcpu, CTR) ^ 1), -EINVAL);
	assert_int_equal(set_reg(&f, f.vcpu, MIDR, 0x410fd0c0), -EINVAL);
	/* except CSV2 (5.10) and CSV3 (5.11+) of ID_AA64PFR0_EL1, never above 1 */
	pfr0 = reg(&f, f.vcpu, PFR0);
	assert_int_equal(F4(pfr0, 56), 1);
	assert_int_equal(F4(pfr0, 60), 1);
	assert_int_equal(set_reg(&f, f.vcpu, PFR0, WITH_F4(pfr0, 56, 2)), -EINVAL);
	assert_int_equal(set_reg(&f, f.vcpu, PFR0, WITH_F4(pfr0, 60, 0)), csv3 ? 0 : -EINVAL);
	assert_int_equal(set_reg(&f, f.vcpu, PFR0, WITH_F4(pfr0, 56, 0)), 0);
	assert_int_equal(F4(reg(&f, v1, PFR0), 56), 0);
	/* no EBUSY before 6.7: still writable after the run */
	run(&f, f.vcpu);
	assert_int_equal(set_reg(&f, f.vcpu, PFR0, pfr0), 0);
	assert_int_equal(reg(&f, v1, PFR0), pfr0);
	assert_int_equal(set_reg(&f, f.vcpu, ISAR0, WITH_F4(isar0, 4, 1)), -EINVAL);
	fx_down(&f);
}
PER_MODEL(check_idreg_old, 5_10, M510)
PER_MODEL(check_idreg_old, 6_1, M61)

static void test_csv2_follows_host_6_1(void **state)
{
	struct hvabi_key k = hvabi_key_reg(WA1);
	struct fx f;

	(void)state;
	/* a Spectre-v2 mitigated host: the VM starts at CSV2 0 and may not promise 1 */
	assert_int_equal(hvabi_sim_new(M61, &f.sim), 0);
	assert_int_equal(hvabi_sim_set_host(f.sim, &k, HVABI_WA1_AVAIL), 0);
	f.sys = hvabi_sim_open_kvm_fd(f.sim);
	f.vm = ioc(&f, f.sys, HVABI_KVM_CREATE_VM, NULL);
	f.vcpu = new_vcpu(&f, 0, PSCI02);
	assert_int_equal(F4(reg(&f, f.vcpu, PFR0), 56), 0);
	assert_int_equal(set_reg(&f, f.vcpu, PFR0, WITH_F4(reg(&f, f.vcpu, PFR0), 56, 1)),
			 -EINVAL);
	fx_down(&f);
}

static void test_host_idreg_value(void **state)
{
	struct hvabi_key k = hvabi_key_reg(ISAR0);
	struct fx f;

	(void)state;
	assert_int_equal(hvabi_sim_new(M612, &f.sim), 0);
	assert_int_equal(hvabi_sim_set_host(f.sim, &k, 0x1000), 0);
	f.sys = hvabi_sim_open_kvm_fd(f.sim);
	f.vm = ioc(&f, f.sys, HVABI_KVM_CREATE_VM, NULL);
	f.vcpu = new_vcpu(&f, 0, PSCI02);
	assert_int_equal(reg(&f, f.vcpu, ISAR0), 0x1000);
	/* the host value is the limit */
	assert_int_equal(set_reg(&f, f.vcpu, ISAR0, 0x2000), -EINVAL);
	assert_int_equal(set_reg(&f, f.vcpu, ISAR0, 0), 0);
	fx_down(&f);
}

static void check_higher_safe(const char *model)
{
	struct hvabi_key k = hvabi_key_reg(SYSREG(0, 0, 7, 1));
	uint64_t mmfr1;
	struct fx f;

	/* ID_AA64MMFR1_EL1.SpecSEI is HIGHER_SAFE: more is fine, less is not */
	memset(&f, 0, sizeof(f));
	assert_int_equal(hvabi_sim_new(model, &f.sim), 0);
	assert_int_equal(hvabi_sim_set_host(f.sim, &k, WITH_F4(0x10212122ull, 24, 1)), 0);
	f.sys = hvabi_sim_open_kvm_fd(f.sim);
	f.vm = ioc(&f, f.sys, HVABI_KVM_CREATE_VM, NULL);
	f.vcpu = new_vcpu(&f, 0, PSCI02);
	mmfr1 = reg(&f, f.vcpu, SYSREG(0, 0, 7, 1));
	assert_int_equal(F4(mmfr1, 24), 1);
	assert_int_equal(set_reg(&f, f.vcpu, SYSREG(0, 0, 7, 1), WITH_F4(mmfr1, 24, 0)), -EINVAL);
	assert_int_equal(set_reg(&f, f.vcpu, SYSREG(0, 0, 7, 1), WITH_F4(mmfr1, 24, 2)), 0);
	/* VH (11:8) is outside the mask */
	assert_int_equal(set_reg(&f, f.vcpu, SYSREG(0, 0, 7, 1), WITH_F4(mmfr1, 8, 0)), -EINVAL);
	fx_down(&f);
}
PER_MODEL(check_higher_safe, 6_12, M612)
PER_MODEL(check_higher_safe, 7_2, M72)

/* ------------------------------------------------ calibration (tests/kernels) */

/*
 * The register list of a PSCI 0.2 vCPU, as the real kernels count it
 * (kernel lab): 75 core, the firmware registers, 31 (6.1) or 37 (6.12)
 * system registers outside the ID space, MPIDR, 61 ID registers, 64
 * debug registers, the CCSIDRs (the CPU's 3 in 6.1, CSSELR_MAX = 14
 * since 6.3); 7.2 hides TCR2/PIRE0/PIR without FEAT_TCR2/S1PIE.
 */
static void check_reg_list_count(const char *model)
{
	struct hvabi_kvm_reg_list list = { .n = 0 };
	size_t want = strcmp(model, M61) == 0 ? 242 : strcmp(model, M612) == 0 ? 259 : 257;
	struct fx f;

	fx_up(&f, model, PSCI02);
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_GET_REG_LIST, &list), -E2BIG);
	assert_int_equal(list.n, want);
	fx_down(&f);
}
PER_MODEL(check_reg_list_count, 6_1, M61)
PER_MODEL(check_reg_list_count, 6_12, M612)
PER_MODEL(check_reg_list_count, 7_2, M72)

/* DEMUX CCSIDR: the CPU's before 6.3, made up from CTR_EL0 since */
#define CCSIDR(n) (HVABI_KVM_REG_ARM64 | HVABI_KVM_REG_SIZE_U32 | \
		   HVABI_KVM_REG_ARM_DEMUX | (n))

static void test_ccsidr_and_clidr(void **state)
{
	struct hvabi_key k = hvabi_key_reg(CTR);
	uint32_t v = 0;
	struct hvabi_kvm_one_reg r = { .id = CCSIDR(0), .addr = (uintptr_t)&v };
	struct fx f;

	(void)state;
	/* 6.1: the host's geometry, valid where its CLIDR says */
	assert_int_equal(hvabi_sim_new(M61, &f.sim), 0);
	k = hvabi_key_reg(CCSIDR(0));
	assert_int_equal(hvabi_sim_set_host(f.sim, &k, 0x701fe00a), 0);
	f.sys = hvabi_sim_open_kvm_fd(f.sim);
	f.vm = ioc(&f, f.sys, HVABI_KVM_CREATE_VM, NULL);
	f.vcpu = new_vcpu(&f, 0, PSCI02);
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_GET_ONE_REG, &r), 0);
	assert_int_equal(v, 0x701fe00a);
	r.id = CCSIDR(4); /* no L3 */
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_GET_ONE_REG, &r), -ENOENT);
	fx_down(&f);
	/* 6.12: reset_clidr() and get_ccsidr() from CTR_EL0 (QEMU max: 0x9444c004) */
	assert_int_equal(hvabi_sim_new(M612, &f.sim), 0);
	k = hvabi_key_reg(CTR);
	assert_int_equal(hvabi_sim_set_host(f.sim, &k, 0x9444c004), 0);
	k = hvabi_key_reg(CLIDR);
	assert_int_equal(hvabi_sim_set_host(f.sim, &k, 0x2000023), -ENOENT);
	k = hvabi_key_reg(CCSIDR(0));
	assert_int_equal(hvabi_sim_set_host(f.sim, &k, 0x2), -ENOENT);
	f.sys = hvabi_sim_open_kvm_fd(f.sim);
	f.vm = ioc(&f, f.sys, HVABI_KVM_CREATE_VM, NULL);
	f.vcpu = new_vcpu(&f, 0, PSCI02);
	assert_int_equal(reg(&f, f.vcpu, CLIDR), 0x2000021);
	r.id = CCSIDR(13);
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_GET_ONE_REG, &r), 0);
	assert_int_equal(v, 2);
	r.id = CCSIDR(14);
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_GET_ONE_REG, &r), -ENOENT);
	fx_down(&f);
}

/* Capabilities: the host's (seedable), the derived ones, the VM-only ones */
static void test_host_caps(void **state)
{
	struct hvabi_key k = hvabi_key_cap(HVABI_KVM_CAP_ARM_SVE);
	struct fx f;

	(void)state;
	assert_int_equal(hvabi_sim_new(M72, &f.sim), 0);
	assert_int_equal(hvabi_sim_set_host(f.sim, &k, 0), 0);
	k = hvabi_key_cap(HVABI_KVM_CAP_STEAL_TIME); /* the kernel's, not the host's */
	assert_int_equal(hvabi_sim_set_host(f.sim, &k, 0), -ENOENT);
	k = hvabi_key_cap(165); /* derived from ID_AA64MMFR0_EL1 */
	assert_int_equal(hvabi_sim_set_host(f.sim, &k, 40), -ENOENT);
	k = hvabi_key_reg(MMFR0);
	assert_int_equal(hvabi_sim_set_host(f.sim, &k, 0x101122), 0); /* PARange 40 bits */
	f.sys = hvabi_sim_open_kvm_fd(f.sim);
	f.vm = ioc(&f, f.sys, HVABI_KVM_CREATE_VM, NULL);
	assert_int_equal(ioc(&f, f.vm, HVABI_KVM_CHECK_EXTENSION, (void *)165), 40);
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_CHECK_EXTENSION, (void *)170), 0);
	/* GUEST_DEBUG_HW_BPS/WPS: the Neoverse DFR0's BRPs and WRPs, plus one */
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_CHECK_EXTENSION, (void *)119), 6);
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_CHECK_EXTENSION, (void *)120), 4);
	/* MSI_DEVID and CACHEABLE_PFNMAP need a VM */
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_CHECK_EXTENSION, (void *)131), -EINVAL);
	assert_int_equal(ioc(&f, f.vm, HVABI_KVM_CHECK_EXTENSION, (void *)243), 0);
	/* a host without SVE refuses the feature */
	f.vcpu = new_vcpu(&f, 0, NO_INIT);
	assert_int_equal(vcpu_init(&f, f.vcpu, PSCI02 | (1u << HVABI_KVM_ARM_VCPU_SVE)),
			 -EINVAL);
	/* IPA sizes beyond the host's PARange */
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_CREATE_VM, (void *)44), -EINVAL);
	fx_down(&f);
}

/* The first run without an in-kernel vGICv3 hides the GIC (6.12+) */
static void check_gic_hidden_at_run(const char *model)
{
	bool hides = strcmp(model, M61) != 0;
	uint64_t pfr1 = SYSREG(0, 0, 1, 1), before;
	struct fx f;

	fx_up(&f, model, PSCI02);
	before = reg(&f, f.vcpu, PFR0);
	assert_int_equal(F4(before, 24), 1);
	run(&f, f.vcpu);
	assert_int_equal(F4(reg(&f, f.vcpu, PFR0), 24), hides ? 0 : 1);
	if (hides)
		assert_int_equal(F4(reg(&f, f.vcpu, pfr1), 28), 0);
	fx_down(&f);
}
PER_MODEL(check_gic_hidden_at_run, 6_1, M61)
PER_MODEL(check_gic_hidden_at_run, 7_2, M72)

/* Without 32-bit EL0 the AArch32 ID registers are RAZ/WI and have no mask */
static void test_aa32_without_el0(void **state)
{
	uint64_t m[HVABI_KVM_ARM_FEATURE_ID_RANGE_SIZE], pfr0;
	struct hvabi_key k = hvabi_key_reg(PFR0);
	uint64_t isar0_32 = SYSREG(0, 0, 2, 0);
	struct fx f;

	(void)state;
	assert_int_equal(hvabi_sim_new(M612, &f.sim), 0);
	pfr0 = 0x1101010021111111ull; /* EL0 AArch64 only */
	assert_int_equal(hvabi_sim_set_host(f.sim, &k, pfr0), 0);
	f.sys = hvabi_sim_open_kvm_fd(f.sim);
	f.vm = ioc(&f, f.sys, HVABI_KVM_CREATE_VM, NULL);
	f.vcpu = new_vcpu(&f, 0, PSCI02);
	assert_int_equal(reg(&f, f.vcpu, isar0_32), 0);
	assert_int_equal(set_reg(&f, f.vcpu, isar0_32, 0x1234), 0);
	assert_int_equal(reg(&f, f.vcpu, isar0_32), 0);
	assert_int_equal(masks(&f, m, 0, 0), 0);
	assert_int_equal(m[hvabi_arm64_feature_id_idx(0, 2, 0)], 0);
	fx_down(&f);
}

/* ---- the guest (what the probe's guest-read step runs) ---- */

#define GPA 0x80000000ull
#define WINDOW 0x90000000ull
#define MEM 0x10000u

struct guest {
	uint32_t *mem;
	struct hvabi_kvm_run *run;
};

/* Memory at GPA holding @code, PC there, struct kvm_run mapped. */
static void guest_up(struct fx *f, struct guest *g, const uint32_t *code, size_t n)
{
	struct hvabi_kvm_userspace_memory_region mr = {
		.guest_phys_addr = GPA, .memory_size = MEM,
	};
	int size = ioc(f, f->sys, HVABI_KVM_GET_VCPU_MMAP_SIZE, NULL);

	g->mem = aligned_alloc(4096, MEM);
	assert_non_null(g->mem);
	memset(g->mem, 0, MEM);
	memcpy(g->mem, code, n * sizeof(*code));
	mr.userspace_addr = (uintptr_t)g->mem;
	assert_int_equal(ioc(f, f->vm, HVABI_KVM_SET_USER_MEMORY_REGION, &mr), 0);
	assert_int_equal(set_reg(f, f->vcpu, PC_ID, GPA), 0);
	assert_true(size > 0);
	assert_int_equal(hvabi_backend_sim.map_run(f->sim, f->vcpu, (size_t)size, &g->run), 0);
}

/* Run to the next exit: its reason, and for a store its address and data. */
static uint32_t guest_exit(struct fx *f, struct guest *g, uint64_t *addr, uint64_t *data)
{
	run(f, f->vcpu);
	if (g->run->exit_reason == HVABI_KVM_EXIT_MMIO) {
		assert_true(g->run->mmio.is_write);
		assert_int_equal(g->run->mmio.len, 8);
		*addr = g->run->mmio.phys_addr;
		memcpy(data, g->run->mmio.data, 8);
	}
	return g->run->exit_reason;
}

/*
 * x20 = WINDOW; MRS x1, CNTFRQ_EL0; STR x1, [x20]; CSSELR_EL1 = 1;
 * MRS x1, CCSIDR_EL1; STR x1, [x20, #8]; MRS x1, CTR_EL0; STR x1,
 * [x20, #16]; STR x1 into memory (no exit); then an instruction the
 * simulator does not interpret (NOP).
 */
static const uint32_t guest_code[] = {
	0xd2800014, 0xf2b20014,		/* movz x20, #0; movk x20, #0x9000, lsl 16 */
	0xd53be001, 0xf9000281,		/* mrs x1, cntfrq_el0; str x1, [x20] */
	0xd2800022, 0xd51a0002, 0xd5033fdf, /* mov x2, #1; msr csselr_el1, x2; isb */
	0xd5390001, 0xf9000681,		/* mrs x1, ccsidr_el1; str x1, [x20, #8] */
	0xd53b0021, 0xf9000a81,		/* mrs x1, ctr_el0; str x1, [x20, #16] */
	0xd2b00003, 0xf9000061,		/* movz x3, #0x8000, lsl 16; str x1, [x3] */
	0xd503201f,			/* nop */
};

static void check_guest_reads(const char *model)
{
	uint64_t addr = 0, data = 0, ctr;
	struct guest g;
	struct fx f;

	fx_up(&f, model, PSCI02);
	ctr = reg(&f, f.vcpu, CTR);
	assert_int_equal(hvabi_sim_set_host(f.sim, &(struct hvabi_key){ HVABI_NS_GUEST_READ, 0, 0,
				SYSREG(3, 14, 0, 0) }, 25000000), -EBUSY);
	guest_up(&f, &g, guest_code, HVABI_ARRAY_SIZE(guest_code));
	assert_int_equal(guest_exit(&f, &g, &addr, &data), HVABI_KVM_EXIT_MMIO);
	assert_int_equal(addr, WINDOW);
	assert_int_equal(data, 1050000000);
	/* the store stays the current instruction until the next run */
	assert_int_equal(reg(&f, f.vcpu, PC_ID), GPA + 3 * 4);
	assert_int_equal(guest_exit(&f, &g, &addr, &data), HVABI_KVM_EXIT_MMIO);
	assert_int_equal(addr, WINDOW + 8);
	/* CSSELR 1, the L1 instruction cache: what KVM's DEMUX register says */
	assert_int_equal(data, reg(&f, f.vcpu, HVABI_KVM_REG_ARM64 | HVABI_KVM_REG_SIZE_U32 |
					       HVABI_KVM_REG_ARM_DEMUX | 1));
	assert_int_equal(guest_exit(&f, &g, &addr, &data), HVABI_KVM_EXIT_MMIO);
	assert_int_equal(addr, WINDOW + 16);
	assert_int_equal(data, ctr);
	/* a store into memory writes it; NOP is not the simulator's */
	assert_int_equal(guest_exit(&f, &g, &addr, &data), HVABI_KVM_EXIT_INTERNAL_ERROR);
	assert_int_equal(g.mem[0], (uint32_t)ctr);
	assert_int_equal(reg(&f, f.vcpu, PC_ID), GPA + 13 * 4);
	fx_down(&f);
	free(g.mem);
}
PER_MODEL(check_guest_reads, 6_1, M61)
PER_MODEL(check_guest_reads, 7_2, M72)

/*
 * The CTR_EL0 a guest reads: the CPU's own before 6.3; since, the VM's
 * (TID2) unless the host has FEAT_EVT and the VM keeps the host's value
 * (TID4 leaves CTR_EL0 alone).
 */
static uint64_t guest_ctr(const char *model, bool evt, bool change)
{
	static const uint32_t code[] = { 0xd2800014, 0xf2b20014, 0xd53b0021, 0xf9000281 };
	struct hvabi_key raw = { HVABI_NS_GUEST_READ, 0, 0, CTR };
	struct hvabi_key mmfr2 = hvabi_key_reg(SYSREG(0, 0, 7, 2));
	uint64_t addr, data = 0, ctr;
	struct hvabi_sim *sim;
	struct guest g;
	struct fx f;

	assert_int_equal(hvabi_sim_new(model, &sim), 0);
	ctr = 0;
	assert_int_equal(hvabi_sim_set_host(sim, &raw, 0x80038003ull), 0);
	assert_int_equal(hvabi_sim_set_host(sim, &mmfr2, evt ? 1ull << 56 : 0), 0);
	memset(&f, 0, sizeof(f));
	f.sim = sim;
	f.sys = hvabi_sim_open_kvm_fd(sim);
	f.vm = ioc(&f, f.sys, HVABI_KVM_CREATE_VM, NULL);
	f.vcpu = new_vcpu(&f, 0, PSCI02);
	ctr = reg(&f, f.vcpu, CTR);
	/* 6.12+: a lower IminLine is a value KVM takes */
	if (change)
		assert_int_equal(set_reg(&f, f.vcpu, CTR, ctr - 1), 0);
	guest_up(&f, &g, code, HVABI_ARRAY_SIZE(code));
	assert_int_equal(guest_exit(&f, &g, &addr, &data), HVABI_KVM_EXIT_MMIO);
	fx_down(&f);
	free(g.mem);
	return data == 0x80038003ull ? 0 : data == ctr ? 1 : data == ctr - 1 ? 2 : 3;
}

static void test_guest_ctr(void **state)
{
	(void)state;
	/* 0: the CPU's own, 1: the VM's (host) value, 2: the VM's written value */
	assert_int_equal(guest_ctr(M61, false, false), 0);
	assert_int_equal(guest_ctr(M61, true, false), 0);
	assert_int_equal(guest_ctr(M612, false, false), 1);
	assert_int_equal(guest_ctr(M612, true, false), 0);
	assert_int_equal(guest_ctr(M612, true, true), 2);
	assert_int_equal(guest_ctr(M72, false, true), 2);
	assert_int_equal(guest_ctr(M72, true, false), 0);
}

/* kvm_set_memory_region(): alignment, overlap, deletion; map_run on vCPU fds only. */
static void test_memory_regions(void **state)
{
	struct hvabi_kvm_userspace_memory_region mr = {
		.slot = 0, .guest_phys_addr = GPA, .memory_size = MEM,
	};
	struct hvabi_kvm_run *run;
	struct hvabi_key cntfrq = { HVABI_NS_GUEST_READ, 0, 0, SYSREG(3, 14, 0, 0) };
	struct fx f;
	void *mem = aligned_alloc(4096, 2 * MEM);

	(void)state;
	assert_non_null(mem);
	fx_up(&f, M72, PSCI02);
	mr.userspace_addr = (uintptr_t)mem;
	assert_int_equal(ioc(&f, f.vm, HVABI_KVM_SET_USER_MEMORY_REGION, NULL), -EFAULT);
	mr.guest_phys_addr = GPA + 1;
	assert_int_equal(ioc(&f, f.vm, HVABI_KVM_SET_USER_MEMORY_REGION, &mr), -EINVAL);
	mr.guest_phys_addr = GPA;
	mr.flags = 1;
	assert_int_equal(ioc(&f, f.vm, HVABI_KVM_SET_USER_MEMORY_REGION, &mr), -EINVAL);
	mr.flags = 0;
	assert_int_equal(ioc(&f, f.vm, HVABI_KVM_SET_USER_MEMORY_REGION, &mr), 0);
	mr.slot = 1;
	mr.guest_phys_addr = GPA + MEM - 4096;
	assert_int_equal(ioc(&f, f.vm, HVABI_KVM_SET_USER_MEMORY_REGION, &mr), -EEXIST);
	/* a slot is not moved or resized, only deleted */
	mr.slot = 0;
	mr.guest_phys_addr = GPA;
	mr.memory_size = 2 * MEM;
	assert_int_equal(ioc(&f, f.vm, HVABI_KVM_SET_USER_MEMORY_REGION, &mr), -EINVAL);
	mr.memory_size = 0;
	assert_int_equal(ioc(&f, f.vm, HVABI_KVM_SET_USER_MEMORY_REGION, &mr), 0);
	mr.slot = 1;
	mr.memory_size = MEM;
	assert_int_equal(ioc(&f, f.vm, HVABI_KVM_SET_USER_MEMORY_REGION, &mr), 0);
	mr.slot = SIM_MAX_SLOTS;
	mr.guest_phys_addr = 0;
	assert_int_equal(ioc(&f, f.vm, HVABI_KVM_SET_USER_MEMORY_REGION, &mr), -EINVAL);
	assert_int_equal(hvabi_backend_sim.map_run(f.sim, f.vm, 4096, &run), -ENODEV);
	assert_int_equal(hvabi_backend_sim.map_run(f.sim, f.vcpu, 1 << 20, &run), -EINVAL);
	/* host facts of the guest: fixed once a VM exists, and within their widths */
	assert_int_equal(hvabi_sim_set_host(f.sim, &cntfrq, 1), -EBUSY);
	fx_down(&f);
	assert_int_equal(hvabi_sim_new(M72, &f.sim), 0);
	assert_int_equal(hvabi_sim_set_host(f.sim, &cntfrq, 1ull << 32), -EINVAL);
	cntfrq.id = SYSREG(3, 0, 0, 7);
	assert_int_equal(hvabi_sim_set_host(f.sim, &cntfrq, 32), -EINVAL);
	assert_int_equal(hvabi_sim_set_host(f.sim, &cntfrq, 4), 0);
	cntfrq.id = MIDR;
	assert_int_equal(hvabi_sim_set_host(f.sim, &cntfrq, 4), -ENOENT);
	hvabi_sim_free(f.sim);
	free(mem);
}

/* ---- SMCCC calls from the guest (HVC, SMC), the hypercall exit ---- */

#define HVC0 0xd4000002u
#define SMC0 0xd4000003u
#define SMC1 0xd4000023u
#define DISCOVER_VER 0xc6000040u
#define FWD 2 /* KVM_SMCCC_FILTER_FWD_TO_USER */
#define X_ID(n) (HVABI_KVM_REG_ARM64 | HVABI_KVM_REG_SIZE_U64 | HVABI_KVM_REG_ARM_CORE | 2 * (n))
/* The call's instruction (index 7 of smccc_code()) and the one after it. */
#define CALL_PC (GPA + 7 * 4)

/*
 * x20 = WINDOW; x1..x3 = 7; x0 = @fn; @insn (HVC or SMC); STR x0..x3 to
 * WINDOW (one KVM_EXIT_MMIO each); NOP (not the simulator's: the end).
 */
static void smccc_code(uint32_t code[13], uint32_t fn, uint32_t insn)
{
	const uint32_t c[13] = {
		0xd2800014, 0xf2b20014,		    /* movz x20, #0; movk x20, #0x9000, lsl 16 */
		0xd28000e1, 0xd28000e2, 0xd28000e3, /* movz x1..x3, #7 */
		0xd2800000 | (fn & 0xffff) << 5,    /* movz x0, #fn[15:0] */
		0xf2a00000 | (fn >> 16) << 5,	    /* movk x0, #fn[31:16], lsl 16 */
		insn,
		0xf9000280, 0xf9000681, 0xf9000a82, 0xf9000e83, /* str x0..x3, [x20, #8n] */
		0xd503201f,			    /* nop */
	};

	memcpy(code, c, sizeof(c));
}

/* Go on from where the guest is to its four stores: x0..x3 as it sees them. */
static void smccc_results(struct fx *f, struct guest *g, uint64_t out[4])
{
	uint64_t addr = 0;

	for (unsigned int i = 0; i < 4; i++) {
		assert_int_equal(guest_exit(f, g, &addr, &out[i]), HVABI_KVM_EXIT_MMIO);
		assert_int_equal(addr, WINDOW + 8 * i);
	}
	assert_int_equal(guest_exit(f, g, &addr, &addr), HVABI_KVM_EXIT_INTERNAL_ERROR);
}

/* A fresh guest making @insn call @fn: its first exit (the results in @out if it went on). */
static uint32_t smccc_guest(struct fx *f, struct guest *g, uint32_t fn, uint32_t insn,
			    uint64_t out[4])
{
	uint32_t code[13];
	uint64_t addr = 0, data = 0;
	uint32_t reason;

	smccc_code(code, fn, insn);
	guest_up(f, g, code, HVABI_ARRAY_SIZE(code));
	memset(&g->run->hypercall, 0xa5, sizeof(g->run->hypercall));
	reason = guest_exit(f, g, &addr, &data);
	if (reason == HVABI_KVM_EXIT_MMIO) {
		assert_int_equal(addr, WINDOW);
		out[0] = data;
		for (unsigned int i = 1; i < 4; i++) {
			assert_int_equal(guest_exit(f, g, &addr, &out[i]), HVABI_KVM_EXIT_MMIO);
			assert_int_equal(addr, WINDOW + 8 * i);
		}
		assert_int_equal(guest_exit(f, g, &addr, &data), HVABI_KVM_EXIT_INTERNAL_ERROR);
	}
	return reason;
}

/* One call on a fresh VM of @model (filter @fwd forwarding DISCOVER_IMPL, BMAP_2 3 where it exists). */
static uint32_t smccc_one(const char *model, bool fwd, uint32_t fn, uint32_t insn,
			  uint64_t out[4])
{
	struct guest g;
	struct fx f;
	uint32_t reason;

	fx_up(&f, model, PSCI02);
	if (fwd)
		assert_int_equal(filter(&f, HVABI_KVM_SET_DEVICE_ATTR, DISCOVER_VER, 2, FWD), 0);
	if (strcmp(model, M72) == 0)
		assert_int_equal(set_reg(&f, f.vcpu, VENDOR2, 3), 0);
	memset(out, 0x5a, 4 * sizeof(*out));
	reason = smccc_guest(&f, &g, fn, insn, out);
	/* a call the simulator does not model stops at it */
	if (reason == HVABI_KVM_EXIT_INTERNAL_ERROR)
		assert_int_equal(reg(&f, f.vcpu, PC_ID), CALL_PC);
	fx_down(&f);
	free(g.mem);
	return reason;
}

/*
 * A forwarded DISCOVER_IMPL_VER (6.4+): KVM_EXIT_HYPERCALL with the
 * function id, zero args and ret, flags SMC for SMC; PC past the call and
 * x0 untouched; the next run goes on there with what user space wrote.
 */
static void check_smccc_forward(const char *model)
{
	static const uint32_t insns[] = { HVC0, SMC0 };

	for (size_t k = 0; k < HVABI_ARRAY_SIZE(insns); k++) {
		uint32_t code[13];
		uint64_t out[4];
		struct guest g;
		struct fx f;

		fx_up(&f, model, PSCI02);
		assert_int_equal(filter(&f, HVABI_KVM_SET_DEVICE_ATTR, DISCOVER_VER, 2, FWD), 0);
		smccc_code(code, DISCOVER_VER + (uint32_t)k, insns[k]);
		guest_up(&f, &g, code, HVABI_ARRAY_SIZE(code));
		memset(&g.run->hypercall, 0xa5, sizeof(g.run->hypercall));
		run(&f, f.vcpu);
		assert_int_equal(g.run->exit_reason, HVABI_KVM_EXIT_HYPERCALL);
		assert_int_equal(g.run->hypercall.nr, DISCOVER_VER + k);
		for (unsigned int i = 0; i < 6; i++)
			assert_int_equal(g.run->hypercall.args[i], 0);
		assert_int_equal(g.run->hypercall.ret, 0);
		assert_int_equal(g.run->hypercall.flags, k ? HVABI_KVM_HYPERCALL_EXIT_SMC : 0);
		assert_int_equal(reg(&f, f.vcpu, PC_ID), CALL_PC + 4);
		assert_int_equal(reg(&f, f.vcpu, X_ID(0)), DISCOVER_VER + k);
		assert_int_equal(reg(&f, f.vcpu, X_ID(1)), 7);
		/* user space answers in x0..x3; PC is not moved again */
		assert_int_equal(set_reg(&f, f.vcpu, X_ID(0), 0), 0);
		assert_int_equal(set_reg(&f, f.vcpu, X_ID(1), 0x10000), 0);
		assert_int_equal(set_reg(&f, f.vcpu, X_ID(2), 2), 0);
		assert_int_equal(set_reg(&f, f.vcpu, X_ID(3), 0), 0);
		smccc_results(&f, &g, out);
		assert_int_equal(out[0], 0);
		assert_int_equal(out[1], 0x10000);
		assert_int_equal(out[2], 2);
		assert_int_equal(out[3], 0);
		fx_down(&f);
		free(g.mem);
	}
}
PER_MODEL(check_smccc_forward, 6_12, M612)
PER_MODEL(check_smccc_forward, 7_2, M72)

/*
 * Without a forwarding range KVM denies DISCOVER_IMPL whatever BMAP_2
 * says: NOT_SUPPORTED in x0, zeros in x1..x3, by HVC and by SMC #0 (6.4+;
 * 6.1 has no filter and answers SMC with x0 = ~0 alone).
 */
static void check_smccc_deny(const char *model)
{
	bool v61 = strcmp(model, M61) == 0;
	uint64_t out[4];

	for (uint32_t fn = DISCOVER_VER; fn <= DISCOVER_VER + 1; fn++) {
		assert_int_equal(smccc_one(model, false, fn, HVC0, out),
				 HVABI_KVM_EXIT_MMIO);
		assert_int_equal(out[0], UINT64_MAX);
		assert_int_equal(out[1], 0);
		assert_int_equal(out[2], 0);
		assert_int_equal(out[3], 0);
		assert_int_equal(smccc_one(model, false, fn, SMC0, out),
				 HVABI_KVM_EXIT_MMIO);
		assert_int_equal(out[0], UINT64_MAX);
		assert_int_equal(out[1], v61 ? 7 : 0);
	}
	/* SMC with an immediate: x0 = ~0 only, never the handler */
	assert_int_equal(smccc_one(model, false, 0x80000000u, SMC1, out),
			 HVABI_KVM_EXIT_MMIO);
	assert_int_equal(out[0], UINT64_MAX);
	assert_int_equal(out[1], 7);
	assert_int_equal(out[3], 7);
}
PER_MODEL(check_smccc_deny, 6_1, M61)
PER_MODEL(check_smccc_deny, 6_12, M612)
PER_MODEL(check_smccc_deny, 7_2, M72)

/* The calls KVM answers itself: SMCCC_VERSION, KVM_FEATURES and CALL_UID. */
static void check_smccc_kvm(const char *model)
{
	bool v72 = strcmp(model, M72) == 0;
	uint64_t out[4];

	assert_int_equal(smccc_one(model, false, 0x80000000u, HVC0, out),
			 HVABI_KVM_EXIT_MMIO);
	assert_int_equal(out[0], 0x10001);
	assert_int_equal(out[1], 0);
	/* KVM_FEATURES: VENDOR_HYP_BMAP in x0, BMAP_2 (3 here) in x2 on 7.2 only */
	assert_int_equal(smccc_one(model, false, 0x86000000u, HVC0, out),
			 HVABI_KVM_EXIT_MMIO);
	assert_int_equal(out[0], 3);
	assert_int_equal(out[1], 0);
	assert_int_equal(out[2], v72 ? 3 : 0);
	assert_int_equal(out[3], 0);
	/* the reserved arch range stays KVM's under a filter */
	assert_int_equal(smccc_one(model, strcmp(model, M61) != 0, 0x80000000u, HVC0, out),
			 HVABI_KVM_EXIT_MMIO);
	assert_int_equal(out[0], 0x10001);
	assert_int_equal(smccc_one(model, false, 0x8600ff01u, HVC0, out),
			 HVABI_KVM_EXIT_MMIO);
	assert_int_equal(out[0], 0xb66fb428u);
	assert_int_equal(out[1], 0xe911c52eu);
	assert_int_equal(out[2], 0x564bcaa9u);
	assert_int_equal(out[3], 0x743a004du);
}
PER_MODEL(check_smccc_kvm, 6_1, M61)
PER_MODEL(check_smccc_kvm, 6_12, M612)
PER_MODEL(check_smccc_kvm, 7_2, M72)

/* PSCI_VERSION: the vCPU's version from PSCI 0.2 on, NOT_SUPPORTED from a PSCI 0.1 vCPU. */
static void check_smccc_psci_version(const char *model)
{
	uint64_t out[4];
	struct guest g;
	struct fx f;

	assert_int_equal(smccc_one(model, false, 0x84000000u, HVC0, out), HVABI_KVM_EXIT_MMIO);
	assert_int_equal(out[0], strcmp(model, M72) == 0 ? 0x10003 : 0x10001);
	assert_int_equal(out[1], 0);
	fx_up(&f, model, PSCI02);
	assert_int_equal(set_reg(&f, f.vcpu, PSCI, 0x2), 0);
	assert_int_equal(smccc_guest(&f, &g, 0x84000000u, SMC0, out), HVABI_KVM_EXIT_MMIO);
	assert_int_equal(out[0], strcmp(model, M61) == 0 ? UINT64_MAX : 0x2);
	fx_down(&f);
	free(g.mem);
	fx_up(&f, model, 0);
	assert_int_equal(smccc_guest(&f, &g, 0x84000000u, HVC0, out), HVABI_KVM_EXIT_MMIO);
	assert_int_equal(out[0], UINT64_MAX);
	assert_int_equal(out[3], 0);
	fx_down(&f);
	free(g.mem);
}
PER_MODEL(check_smccc_psci_version, 6_1, M61)
PER_MODEL(check_smccc_psci_version, 6_12, M612)
PER_MODEL(check_smccc_psci_version, 7_2, M72)

/*
 * The firmware bitmaps gate KVM_FEATURES and CALL_UID (VENDOR_HYP_BMAP
 * bit 0); a DENY range wins over them, a HANDLE range does not open
 * what the bitmaps close.
 */
static void test_smccc_gates(void **state)
{
	uint64_t out[4];
	struct guest g;
	struct fx f;

	(void)state;
	fx_up(&f, M72, PSCI02);
	assert_int_equal(set_reg(&f, f.vcpu, VENDOR, 2), 0);
	assert_int_equal(smccc_guest(&f, &g, 0x86000000u, HVC0, out), HVABI_KVM_EXIT_MMIO);
	assert_int_equal(out[0], UINT64_MAX);
	assert_int_equal(out[2], 0);
	fx_down(&f);
	free(g.mem);

	fx_up(&f, M72, PSCI02);
	assert_int_equal(filter(&f, HVABI_KVM_SET_DEVICE_ATTR, 0x86000000u, 1, 1), 0);
	assert_int_equal(smccc_guest(&f, &g, 0x86000000u, HVC0, out), HVABI_KVM_EXIT_MMIO);
	assert_int_equal(out[0], UINT64_MAX);
	fx_down(&f);
	free(g.mem);

	fx_up(&f, M72, PSCI02);
	assert_int_equal(filter(&f, HVABI_KVM_SET_DEVICE_ATTR, DISCOVER_VER, 2, 0), 0);
	assert_int_equal(set_reg(&f, f.vcpu, VENDOR2, 3), 0);
	assert_int_equal(smccc_guest(&f, &g, DISCOVER_VER, HVC0, out), HVABI_KVM_EXIT_MMIO);
	assert_int_equal(out[0], UINT64_MAX);
	assert_int_equal(out[1], 0);
	fx_down(&f);
	free(g.mem);
}

/*
 * What the simulator does not model stops at the call with
 * KVM_EXIT_INTERNAL_ERROR: a call KVM serves otherwise (PSCI_FEATURES,
 * SMCCC_ARCH_FEATURES), any call on 5.10, and a forwarded call with no
 * kvm_run to report it in.
 */
static void test_smccc_not_modelled(void **state)
{
	uint32_t code[13];
	uint64_t out[4];
	struct fx f;
	int fd;

	(void)state;
	/* PSCI_FEATURES: PSCI beyond PSCI_VERSION */
	assert_int_equal(smccc_one(M72, false, 0x8400000au, HVC0, out),
			 HVABI_KVM_EXIT_INTERNAL_ERROR);
	assert_int_equal(smccc_one(M612, false, 0x80000001u, SMC0, out),
			 HVABI_KVM_EXIT_INTERNAL_ERROR);
	assert_int_equal(smccc_one(M510, false, 0x80000000u, HVC0, out),
			 HVABI_KVM_EXIT_INTERNAL_ERROR);
	/* no kvm_run mapped: the vCPU stays at the call */
	smccc_code(code, DISCOVER_VER, HVC0);
	fx_up(&f, M72, PSCI02);
	assert_int_equal(filter(&f, HVABI_KVM_SET_DEVICE_ATTR, DISCOVER_VER, 2, FWD), 0);
	{
		struct hvabi_kvm_userspace_memory_region mr = {
			.guest_phys_addr = GPA, .memory_size = MEM,
		};
		uint32_t *mem = aligned_alloc(4096, MEM);

		assert_non_null(mem);
		memset(mem, 0, MEM);
		memcpy(mem, code, sizeof(code));
		mr.userspace_addr = (uintptr_t)mem;
		assert_int_equal(ioc(&f, f.vm, HVABI_KVM_SET_USER_MEMORY_REGION, &mr), 0);
		fd = f.vcpu;
		assert_int_equal(set_reg(&f, fd, PC_ID, GPA), 0);
		run(&f, fd);
		assert_int_equal(reg(&f, fd, PC_ID), CALL_PC);
		fx_down(&f);
		free(mem);
	}
}

/* ---- MIDR/REVIDR/AIDR as the guest reads them (cap 239) ---- */

/*
 * 7.2 with cap 239: the VM's values (VPIDR_EL2, the TID1 trap); without
 * it the CPU's (the host's). The writable masks report MIDR's either way.
 */
static void test_guest_imp_regs(void **state)
{
	static const uint32_t code[] = {
		0xd2800014, 0xf2b20014,	/* movz x20, #0; movk x20, #0x9000, lsl 16 */
		0xd5380001, 0xf9000281,	/* mrs x1, midr_el1; str x1, [x20] */
		0xd53800c1, 0xf9000681,	/* mrs x1, revidr_el1; str x1, [x20, #8] */
		0xd53900e1, 0xf9000a81,	/* mrs x1, aidr_el1; str x1, [x20, #16] */
	};
	uint64_t m[HVABI_KVM_ARM_FEATURE_ID_RANGE_SIZE], host[3], addr, data;
	static const uint64_t ids[3] = { MIDR, SYSREG(0, 0, 0, 6), SYSREG(1, 0, 0, 7) };
	static const uint64_t vm_vals[3] = { 0x410fd0c0, 0x5, 0x7 }; /* not the host's */

	(void)state;
	for (int cap = 0; cap < 2; cap++) {
		struct guest g;
		struct fx f;

		assert_int_equal(hvabi_sim_new(M72, &f.sim), 0);
		f.sys = hvabi_sim_open_kvm_fd(f.sim);
		f.vm = ioc(&f, f.sys, HVABI_KVM_CREATE_VM, NULL);
		if (cap)
			assert_int_equal(enable_cap(&f, 239, 0), 0);
		f.vcpu = new_vcpu(&f, 0, PSCI02);
		for (int i = 0; i < 3; i++) {
			host[i] = reg(&f, f.vcpu, ids[i]);
			assert_int_equal(set_reg(&f, f.vcpu, ids[i], vm_vals[i]), cap ? 0 : -EINVAL);
		}
		assert_int_equal(masks(&f, m, 0, 0), 0);
		assert_int_equal(m[0], 0xffffffffull);
		guest_up(&f, &g, code, HVABI_ARRAY_SIZE(code));
		for (int i = 0; i < 3; i++) {
			assert_int_equal(guest_exit(&f, &g, &addr, &data), HVABI_KVM_EXIT_MMIO);
			assert_int_equal(addr, WINDOW + 8 * (uint64_t)i);
			assert_int_equal(data, cap ? vm_vals[i] : host[i]);
		}
		fx_down(&f);
		free(g.mem);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_models_and_new),
		cmocka_unit_test(test_ebadf),
		cmocka_unit_test(test_fd_accounting),
		cmocka_unit_test(test_emfile),
		cmocka_unit_test(test_set_host_errors),
		cmocka_unit_test(test_inject_error),
		cmocka_unit_test(test_sim_kvm_handle),
		cmocka_unit_test(test_unknown_ioctls),
		cmocka_unit_test(test_system_ioctls),
		cmocka_unit_test(check_caps_5_10),
		cmocka_unit_test(check_caps_6_1),
		cmocka_unit_test(check_caps_6_12),
		cmocka_unit_test(check_caps_7_2),
		cmocka_unit_test(check_before_init_5_10),
		cmocka_unit_test(check_before_init_6_1),
		cmocka_unit_test(check_before_init_6_12),
		cmocka_unit_test(check_before_init_7_2),
		cmocka_unit_test(check_init_errors_5_10),
		cmocka_unit_test(check_init_errors_6_1),
		cmocka_unit_test(check_init_errors_6_12),
		cmocka_unit_test(check_init_errors_7_2),
		cmocka_unit_test(check_second_init_5_10),
		cmocka_unit_test(check_second_init_6_1),
		cmocka_unit_test(check_second_init_6_12),
		cmocka_unit_test(check_second_init_7_2),
		cmocka_unit_test(test_sve_finalize),
		cmocka_unit_test(test_reg_list_5_10),
		cmocka_unit_test(test_reg_list_6_1),
		cmocka_unit_test(test_reg_list_6_12),
		cmocka_unit_test(test_reg_list_7_2),
		cmocka_unit_test(test_core_regs),
		cmocka_unit_test(check_fw_size_and_absent_5_10),
		cmocka_unit_test(check_fw_size_and_absent_6_1),
		cmocka_unit_test(check_fw_size_and_absent_6_12),
		cmocka_unit_test(check_fw_size_and_absent_7_2),
		cmocka_unit_test(test_psci_5_10),
		cmocka_unit_test(test_psci_6_1),
		cmocka_unit_test(test_psci_6_12),
		cmocka_unit_test(test_psci_7_2),
		cmocka_unit_test(check_wa13_5_10),
		cmocka_unit_test(check_wa13_6_1),
		cmocka_unit_test(check_wa13_6_12),
		cmocka_unit_test(check_wa13_7_2),
		cmocka_unit_test(check_wa2_5_10),
		cmocka_unit_test(check_wa2_6_1),
		cmocka_unit_test(check_wa2_6_12),
		cmocka_unit_test(check_wa2_7_2),
		cmocka_unit_test(check_bitmaps_6_1),
		cmocka_unit_test(check_bitmaps_6_12),
		cmocka_unit_test(check_bitmaps_7_2),
		cmocka_unit_test(test_bitmap_host_mask),
		cmocka_unit_test(check_filter_6_12),
		cmocka_unit_test(check_filter_7_2),
		cmocka_unit_test(check_no_vm_attrs_5_10),
		cmocka_unit_test(check_no_vm_attrs_6_1),
		cmocka_unit_test(check_masks_6_12),
		cmocka_unit_test(check_masks_7_2),
		cmocka_unit_test(check_no_masks_5_10),
		cmocka_unit_test(check_no_masks_6_1),
		cmocka_unit_test(check_idreg_writable_6_12),
		cmocka_unit_test(check_idreg_writable_7_2),
		cmocka_unit_test(check_idreg_special_6_12),
		cmocka_unit_test(check_idreg_special_7_2),
		cmocka_unit_test(test_imp_id_regs_7_2),
		cmocka_unit_test(test_imp_cap_absent),
		cmocka_unit_test(check_idreg_old_5_10),
		cmocka_unit_test(check_idreg_old_6_1),
		cmocka_unit_test(test_csv2_follows_host_6_1),
		cmocka_unit_test(test_host_idreg_value),
		cmocka_unit_test(check_higher_safe_6_12),
		cmocka_unit_test(check_higher_safe_7_2),
		cmocka_unit_test(check_reg_list_count_6_1),
		cmocka_unit_test(check_reg_list_count_6_12),
		cmocka_unit_test(check_reg_list_count_7_2),
		cmocka_unit_test(test_ccsidr_and_clidr),
		cmocka_unit_test(test_host_caps),
		cmocka_unit_test(check_gic_hidden_at_run_6_1),
		cmocka_unit_test(check_gic_hidden_at_run_7_2),
		cmocka_unit_test(test_aa32_without_el0),
		cmocka_unit_test(check_guest_reads_6_1),
		cmocka_unit_test(check_guest_reads_7_2),
		cmocka_unit_test(test_guest_ctr),
		cmocka_unit_test(test_memory_regions),
		cmocka_unit_test(check_smccc_forward_6_12),
		cmocka_unit_test(check_smccc_forward_7_2),
		cmocka_unit_test(check_smccc_deny_6_1),
		cmocka_unit_test(check_smccc_deny_6_12),
		cmocka_unit_test(check_smccc_deny_7_2),
		cmocka_unit_test(check_smccc_kvm_6_1),
		cmocka_unit_test(check_smccc_kvm_6_12),
		cmocka_unit_test(check_smccc_kvm_7_2),
		cmocka_unit_test(check_smccc_psci_version_6_1),
		cmocka_unit_test(check_smccc_psci_version_6_12),
		cmocka_unit_test(check_smccc_psci_version_7_2),
		cmocka_unit_test(test_smccc_gates),
		cmocka_unit_test(test_smccc_not_modelled),
		cmocka_unit_test(test_guest_imp_regs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
