/* The simulated x86 KVM (lib/sim-x86.c): model "x86-6.1" on an AMD Milan. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kvm-uapi.h"
#include <libhvabi/sim.h>

#define MODEL "x86-6.1"
#define NCPUID 61 /* the Milan fingerprint's leaves */
#define NHV 10    /* kvm_get_hv_cpuid()'s leaves */

struct fx {
	struct hvabi_sim *sim;
	int sys, vm, vcpu;
};

static int ioc(struct fx *f, int fd, unsigned long req, void *arg)
{
	return hvabi_sim_ioctl(f->sim, fd, req, arg);
}

static void fx_open(struct fx *f)
{
	f->sys = hvabi_sim_open(f->sim);
	assert_true(f->sys >= 0);
	f->vm = ioc(f, f->sys, HVABI_KVM_CREATE_VM, NULL);
	assert_true(f->vm >= 0);
	f->vcpu = ioc(f, f->vm, HVABI_KVM_CREATE_VCPU, NULL);
	assert_true(f->vcpu >= 0);
}

static void fx_up(struct fx *f)
{
	memset(f, 0, sizeof(*f));
	assert_int_equal(hvabi_sim_new(MODEL, &f->sim), 0);
	fx_open(f);
}

static void fx_down(struct fx *f)
{
	hvabi_sim_free(f->sim);
}

static struct hvabi_kvm_cpuid2 *cpuid_buf(uint32_t nent)
{
	struct hvabi_kvm_cpuid2 *c = calloc(1, sizeof(*c) + (nent + 1) * sizeof(c->entries[0]));

	assert_non_null(c);
	c->nent = nent;
	return c;
}

static const struct hvabi_kvm_cpuid_entry2 *find(const struct hvabi_kvm_cpuid2 *c, uint32_t fn,
						  uint32_t index)
{
	for (uint32_t i = 0; i < c->nent; i++)
		if (c->entries[i].function == fn && c->entries[i].index == index)
			return &c->entries[i];
	return NULL;
}

static void test_supported_cpuid_nent(void **state)
{
	struct hvabi_kvm_cpuid2 *c = cpuid_buf(300);
	const struct hvabi_kvm_cpuid_entry2 *e;
	struct fx f;

	(void)state;
	fx_up(&f);
	/* too few: E2BIG, and nent is not written back */
	c->nent = 0;
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_GET_SUPPORTED_CPUID, c), -E2BIG);
	assert_int_equal(c->nent, 0);
	c->nent = NCPUID - 1;
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_GET_SUPPORTED_CPUID, c), -E2BIG);
	assert_int_equal(c->nent, NCPUID - 1);
	c->nent = NCPUID;
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_GET_SUPPORTED_CPUID, c), 0);
	assert_int_equal(c->nent, NCPUID);
	/* more than KVM_MAX_CPUID_ENTRIES is clamped, not ENOMEM */
	c->nent = 300;
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_GET_SUPPORTED_CPUID, c), 0);
	assert_int_equal(c->nent, NCPUID);
	e = find(c, 0x40000001, 0);
	assert_non_null(e);
	assert_int_equal(e->eax, 0x0100fefb);
	assert_int_equal(e->edx, 0);
	e = find(c, 0x40000000, 0);
	assert_int_equal(e->ebx, 0x4b4d564b); /* "KVMK" */
	e = find(c, 0xd, 1);
	assert_non_null(e);
	assert_int_equal(e->flags, HVABI_KVM_CPUID_FLAG_SIGNIFCANT_INDEX);
	e = find(c, 0, 0);
	assert_int_equal(e->ebx, 0x68747541); /* "Auth" */
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_GET_SUPPORTED_CPUID, NULL), -EFAULT);
	free(c);
	fx_down(&f);
}

static void test_emulated_cpuid(void **state)
{
	struct hvabi_kvm_cpuid2 *c = cpuid_buf(8);
	struct fx f;

	(void)state;
	fx_up(&f);
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_GET_EMULATED_CPUID, c), 0);
	assert_int_equal(c->nent, 3);
	assert_int_equal(find(c, 1, 0)->ecx, 1u << 22);  /* MOVBE */
	assert_int_equal(find(c, 7, 0)->ecx, 1u << 22);  /* RDPID: Milan has RDTSCP */
	/* sanity_check_entries(): the caller's padding must be zero */
	c->nent = 8;
	c->entries[5].padding[1] = 1;
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_GET_EMULATED_CPUID, c), -EINVAL);
	free(c);
	fx_down(&f);
}

static void test_feature_msrs(void **state)
{
	struct hvabi_kvm_msr_list *l = calloc(1, sizeof(*l) + 8 * sizeof(uint32_t));
	struct hvabi_kvm_msrs *m = calloc(1, sizeof(*m) + 4 * sizeof(m->entries[0]));
	struct fx f;

	(void)state;
	fx_up(&f);
	/* the count first, then E2BIG */
	l->nmsrs = 1;
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_GET_MSR_FEATURE_INDEX_LIST, l), -E2BIG);
	assert_int_equal(l->nmsrs, 4);
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_GET_MSR_FEATURE_INDEX_LIST, l), 0);
	assert_int_equal(l->indices[0], 0xc0011029);
	assert_int_equal(l->indices[2], 0x10a);
	/* KVM_GET_MSRS on /dev/kvm: the count read before the first unknown MSR */
	m->nmsrs = 3;
	m->entries[0].index = 0x10a;
	m->entries[1].index = 0x8b;
	m->entries[2].index = 0x480; /* VMX_BASIC: not a feature MSR on SVM */
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_GET_MSRS, m), 2);
	assert_int_equal(m->entries[0].data, 0x69);
	assert_int_equal(m->entries[1].data, 0x0a0011de00000000ull);
	m->nmsrs = 256;
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_GET_MSRS, m), -E2BIG);
	/* the save/restore list */
	l->nmsrs = 0;
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_GET_MSR_INDEX_LIST, l), -E2BIG);
	assert_true(l->nmsrs > 8);
	free(l);
	free(m);
	fx_down(&f);
}

static void test_hv_cpuid(void **state)
{
	struct hvabi_kvm_cpuid2 *c = cpuid_buf(20);
	struct fx f;

	(void)state;
	fx_up(&f);
	c->nent = NHV - 1;
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_GET_SUPPORTED_HV_CPUID, c), -E2BIG);
	assert_int_equal(c->nent, NHV - 1);
	c->nent = 20;
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_GET_SUPPORTED_HV_CPUID, c), 0);
	assert_int_equal(c->nent, NHV);
	assert_int_equal(find(c, 0x40000000, 0)->eax, 0x4000000a);
	assert_int_equal(find(c, 0x40000001, 0)->eax, 0x31237648); /* "Hv#1" */
	/* the deprecated vCPU form answers the same */
	memset(c->entries, 0, NHV * sizeof(c->entries[0]));
	c->nent = NHV;
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_GET_SUPPORTED_HV_CPUID, c), 0);
	assert_int_equal(find(c, 0x4000000a, 0)->eax, 0x000a0000);
	free(c);
	fx_down(&f);
}

static void test_caps(void **state)
{
	struct fx f;

	(void)state;
	fx_up(&f);
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_CHECK_EXTENSION, (void *)191), 1);
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_CHECK_EXTENSION, (void *)153), 1);
	assert_int_equal(ioc(&f, f.vm, HVABI_KVM_CHECK_EXTENSION, (void *)190), 1);
	/* eVMCS is VMX only */
	assert_int_equal(ioc(&f, f.vm, HVABI_KVM_CHECK_EXTENSION, (void *)163), 0);
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_CHECK_EXTENSION, (void *)201), 0x1000);
	/* no ONE_REG on x86 before 6.18 */
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_CHECK_EXTENSION, (void *)70), 0);
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_GET_VCPU_MMAP_SIZE, NULL), 3 * 4096);
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_CREATE_VM, (void *)1), -EINVAL);
	fx_down(&f);
}

static void test_unknown_ioctls(void **state)
{
	struct hvabi_kvm_one_reg r = { .id = 0x2030000300000000ull };
	struct fx f;

	(void)state;
	fx_up(&f);
	/* x86's kvm_arch_vm_ioctl() says ENOTTY, the vCPU and /dev/kvm EINVAL */
	assert_int_equal(ioc(&f, f.vm, HVABI_KVM_GET_ONE_REG, &r), -ENOTTY);
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_GET_ONE_REG, &r), -EINVAL);
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_GET_ONE_REG, &r), -EINVAL);
	assert_int_equal(ioc(&f, f.vm, HVABI_KVM_GET_SUPPORTED_CPUID, &r), -ENOTTY);
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_GET_REG_LIST, &r), -EINVAL);
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_SET_DEVICE_ATTR, &r), -EINVAL);
	fx_down(&f);
}

static void test_sys_attr(void **state)
{
	uint64_t v = 0;
	struct hvabi_kvm_device_attr a = { .addr = (uintptr_t)&v };
	struct fx f;

	(void)state;
	fx_up(&f);
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_HAS_DEVICE_ATTR, &a), 0);
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_GET_DEVICE_ATTR, &a), 0);
	assert_int_equal(v, 0x207); /* x87, SSE, AVX, PKRU */
	a.attr = 1;
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_HAS_DEVICE_ATTR, &a), -ENXIO);
	a.attr = 0;
	a.group = 1;
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_GET_DEVICE_ATTR, &a), -ENXIO);
	fx_down(&f);
}

static struct hvabi_kvm_cpuid2 *supported(struct fx *f)
{
	struct hvabi_kvm_cpuid2 *c = cpuid_buf(NCPUID);

	assert_int_equal(ioc(f, f->sys, HVABI_KVM_GET_SUPPORTED_CPUID, c), 0);
	return c;
}

static void test_set_cpuid2(void **state)
{
	struct hvabi_kvm_cpuid2 *c, *g = cpuid_buf(NCPUID);
	struct fx f;
	int v1;

	(void)state;
	fx_up(&f);
	c = supported(&f);
	/* empty before the first SET_CPUID2 */
	g->nent = 0;
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_GET_CPUID2, g), 0);
	assert_int_equal(g->nent, 0);
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_SET_CPUID2, c), 0);
	g->nent = 3;
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_GET_CPUID2, g), -E2BIG);
	assert_int_equal(g->nent, 3);
	g->nent = NCPUID;
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_GET_CPUID2, g), 0);
	assert_memory_equal(g->entries, c->entries, NCPUID * sizeof(c->entries[0]));
	/* before the run anything goes */
	c->entries[1].ecx ^= 1u << 31;
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_SET_CPUID2, c), 0);
	assert_int_equal(hvabi_sim_run(f.sim, f.vcpu), 0);
	/* after it only the identical table (EINVAL, not EBUSY) */
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_SET_CPUID2, c), 0);
	c->entries[1].ecx ^= 1u << 31;
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_SET_CPUID2, c), -EINVAL);
	c->entries[1].ecx ^= 1u << 31;
	c->nent = NCPUID - 1;
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_SET_CPUID2, c), -EINVAL);
	c->nent = 257;
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_SET_CPUID2, c), -E2BIG);
	/* per vCPU: a sibling that has not run takes any table */
	v1 = ioc(&f, f.vm, HVABI_KVM_CREATE_VCPU, (void *)1);
	c->nent = 2;
	assert_int_equal(ioc(&f, v1, HVABI_KVM_SET_CPUID2, c), 0);
	free(c);
	free(g);
	fx_down(&f);
}

static int enable_cap(struct fx *f, int fd, uint32_t cap, uint32_t flags, uint64_t arg0)
{
	struct hvabi_kvm_enable_cap c = { .cap = cap, .flags = flags, .args = { arg0 } };

	return ioc(f, fd, HVABI_KVM_ENABLE_CAP, &c);
}

static void test_enable_cap(void **state)
{
	uint16_t range = 0;
	struct fx f;

	(void)state;
	fx_up(&f);
	assert_int_equal(enable_cap(&f, f.vcpu, 190, 0, 1), 0);
	assert_int_equal(enable_cap(&f, f.vcpu, 190, 1, 1), -EINVAL);
	assert_int_equal(enable_cap(&f, f.vcpu, 199, 0, 1), 0);
	/* eVMCS is VMX only: ENOTTY on this AMD host */
	assert_int_equal(enable_cap(&f, f.vcpu, 163, 0, (uintptr_t)&range), -ENOTTY);
	assert_int_equal(range, 0);
	assert_int_equal(enable_cap(&f, f.vcpu, 4242, 0, 0), -EINVAL);
	assert_int_equal(enable_cap(&f, f.vm, 201, 0, 0x1000), 0);
	assert_int_equal(enable_cap(&f, f.vm, 201, 0, 0x1), -EINVAL);
	assert_int_equal(enable_cap(&f, f.vm, 190, 0, 1), -EINVAL);
	fx_down(&f);
}

static void test_set_host(void **state)
{
	struct hvabi_key k = hvabi_key_cpuid(0x40000001, 0, HVABI_CPUID_EAX);
	struct hvabi_kvm_msrs *m = calloc(1, sizeof(*m) + sizeof(m->entries[0]));
	struct hvabi_kvm_cpuid2 *c;
	struct fx f;

	(void)state;
	memset(&f, 0, sizeof(f));
	assert_int_equal(hvabi_sim_new(MODEL, &f.sim), 0);
	/* a host whose KVM lacks PV_SEND_IPI (bit 11) */
	assert_int_equal(hvabi_sim_set_host(f.sim, &k, 0x0100f6fb), 0);
	assert_int_equal(hvabi_sim_set_host(f.sim, &k, 1ull << 32), -EINVAL);
	k = hvabi_key_cpuid(0x12345, 0, HVABI_CPUID_EAX);
	assert_int_equal(hvabi_sim_set_host(f.sim, &k, 0), -ENOENT);
	k = hvabi_key_cpuid(0xd, 1, HVABI_CPUID_EBX);
	assert_int_equal(hvabi_sim_set_host(f.sim, &k, 0x340), 0);
	k = hvabi_key_hv_cpuid(0x40000003, 0, HVABI_CPUID_EAX);
	assert_int_equal(hvabi_sim_set_host(f.sim, &k, 0x2ff), 0);
	k = hvabi_key_msr(0x10a);
	assert_int_equal(hvabi_sim_set_host(f.sim, &k, 0x6b), 0);
	k = hvabi_key_msr(0x480);
	assert_int_equal(hvabi_sim_set_host(f.sim, &k, 0), -ENOENT);
	k = hvabi_key_reg(0x6030000000140000ull);
	assert_int_equal(hvabi_sim_set_host(f.sim, &k, 0), -ENOENT);
	fx_open(&f);
	c = supported(&f);
	assert_int_equal(find(c, 0x40000001, 0)->eax, 0x0100f6fb);
	assert_int_equal(find(c, 0xd, 1)->ebx, 0x340);
	m->nmsrs = 1;
	m->entries[0].index = 0x10a;
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_GET_MSRS, m), 1);
	assert_int_equal(m->entries[0].data, 0x6b);
	k = hvabi_key_msr(0x10a);
	assert_int_equal(hvabi_sim_set_host(f.sim, &k, 0x69), -EBUSY);
	free(c);
	free(m);
	fx_down(&f);
}

static void test_vcpu_msrs(void **state)
{
	struct hvabi_kvm_msrs *m = calloc(1, sizeof(*m) + 3 * sizeof(m->entries[0]));
	struct fx f;

	(void)state;
	fx_up(&f);
	m->nmsrs = 3;
	m->entries[0].index = 0x10a;
	m->entries[1].index = 0x8b;
	m->entries[2].index = 0x480;
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_GET_MSRS, m), 2);
	/* ARCH_CAPABILITIES starts at what KVM supports, UCODE_REV at KVM's default */
	assert_int_equal(m->entries[0].data, 0x69);
	assert_int_equal(m->entries[1].data, 0x100000000ull);
	/*
	 * ARCH_CAPABILITIES takes any value from the VMM (kvm_set_msr_common()
	 * checks none, 6.1 to 7.2): RRSBA (bit 19), which the host lacks, too.
	 */
	m->entries[0].data = 0x69 | (1u << 19);
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_SET_MSRS, m), 2);
	m->entries[0].data = 0x29;
	m->entries[1].data = 0xa0011de00000000ull;
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_SET_MSRS, m), 2);
	m->nmsrs = 1;
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_GET_MSRS, m), 1);
	assert_int_equal(m->entries[0].data, 0x29);
	m->nmsrs = 300;
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_SET_MSRS, m), -E2BIG);
	free(m);
	fx_down(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_supported_cpuid_nent),
		cmocka_unit_test(test_emulated_cpuid),
		cmocka_unit_test(test_feature_msrs),
		cmocka_unit_test(test_hv_cpuid),
		cmocka_unit_test(test_caps),
		cmocka_unit_test(test_unknown_ioctls),
		cmocka_unit_test(test_sys_attr),
		cmocka_unit_test(test_set_cpuid2),
		cmocka_unit_test(test_enable_cap),
		cmocka_unit_test(test_set_host),
		cmocka_unit_test(test_vcpu_msrs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
