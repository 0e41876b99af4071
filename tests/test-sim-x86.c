/*
 * The simulated x86 KVM (lib/sim/x86.c): models "x86-6.1", "x86-6.12" and
 * "x86-7.2" on an AMD Milan host. One test per kernel rule, each naming
 * the kernel file it comes from (the Debian 6.1.0-57, 6.12.118 and
 * 7.2.13 kernels the lab boots; tests/kernels/run-x86.sh holds the
 * models to answering exactly as they do).
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

#include "kvm-uapi.h"
#include <libhvabi/sim.h>

#define M61 "x86-6.1"
#define M612 "x86-6.12"
#define M72 "x86-7.2"
#define NHV 10 /* kvm_get_hv_cpuid()'s leaves */

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
	f->sys = hvabi_sim_open_kvm_fd(f->sim);
	assert_true(f->sys >= 0);
	f->vm = ioc(f, f->sys, HVABI_KVM_CREATE_VM, NULL);
	assert_true(f->vm >= 0);
	f->vcpu = ioc(f, f->vm, HVABI_KVM_CREATE_VCPU, NULL);
	assert_true(f->vcpu >= 0);
}

/* A simulator of @model, not yet opened (host parameters may change). */
static void fx_new(struct fx *f, const char *model)
{
	memset(f, 0, sizeof(*f));
	assert_int_equal(hvabi_sim_new(model, &f->sim), 0);
}

static void fx_up(struct fx *f, const char *model)
{
	fx_new(f, model);
	fx_open(f);
}

static void fx_down(struct fx *f)
{
	hvabi_sim_free(f->sim);
}

static void host(struct fx *f, uint32_t fn, uint32_t index, enum hvabi_cpuid_reg reg, uint64_t v)
{
	struct hvabi_key k = hvabi_key_cpuid(fn, index, reg);

	assert_int_equal(hvabi_sim_set_host(f->sim, &k, v), 0);
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

static struct hvabi_kvm_cpuid2 *supported(struct fx *f)
{
	struct hvabi_kvm_cpuid2 *c = cpuid_buf(256);

	assert_int_equal(ioc(f, f->sys, HVABI_KVM_GET_SUPPORTED_CPUID, c), 0);
	return c;
}

/* One register of KVM_GET_SUPPORTED_CPUID of @model after @setup. */
static uint32_t sup_reg(const char *model, void (*setup)(struct fx *), uint32_t fn,
			uint32_t index, int reg)
{
	struct hvabi_kvm_cpuid2 *c;
	const struct hvabi_kvm_cpuid_entry2 *e;
	struct fx f;
	uint32_t v;

	fx_new(&f, model);
	if (setup)
		setup(&f);
	fx_open(&f);
	c = supported(&f);
	e = find(c, fn, index);
	assert_non_null(e);
	v = reg == 0 ? e->eax : reg == 1 ? e->ebx : reg == 2 ? e->ecx : e->edx;
	free(c);
	fx_down(&f);
	return v;
}

static bool has_leaf(const char *model, void (*setup)(struct fx *), uint32_t fn, uint32_t index)
{
	struct hvabi_kvm_cpuid2 *c;
	struct fx f;
	bool r;

	fx_new(&f, model);
	if (setup)
		setup(&f);
	fx_open(&f);
	c = supported(&f);
	r = find(c, fn, index) != NULL;
	free(c);
	fx_down(&f);
	return r;
}

static int msr_io(struct fx *f, int fd, unsigned long req, uint32_t index, uint64_t *data)
{
	uint64_t buf[(sizeof(struct hvabi_kvm_msrs) + sizeof(struct hvabi_kvm_msr_entry)) /
		     sizeof(uint64_t)];
	struct hvabi_kvm_msrs *m = (struct hvabi_kvm_msrs *)buf;
	int r;

	memset(buf, 0, sizeof(buf));
	m->nmsrs = 1;
	m->entries[0].index = index;
	m->entries[0].data = *data;
	r = ioc(f, fd, req, m);
	*data = m->entries[0].data;
	return r;
}

static int cap(struct fx *f, int fd, unsigned long c)
{
	return ioc(f, fd, HVABI_KVM_CHECK_EXTENSION, (void *)(uintptr_t)c);
}

/* ------------------------------------------------- KVM_GET_SUPPORTED_CPUID */

/* kvm_dev_ioctl_get_cpuid() (cpuid.c): E2BIG protocol, nent written on success only */
static void test_supported_cpuid_nent(void **state)
{
	struct hvabi_kvm_cpuid2 *c = cpuid_buf(300);
	uint32_t n;
	struct fx f;

	(void)state;
	fx_up(&f, M61);
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_GET_SUPPORTED_CPUID, c), 0);
	n = c->nent;
	c->nent = 0;
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_GET_SUPPORTED_CPUID, c), -E2BIG);
	assert_int_equal(c->nent, 0);
	c->nent = n - 1;
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_GET_SUPPORTED_CPUID, c), -E2BIG);
	assert_int_equal(c->nent, n - 1);
	c->nent = n;
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_GET_SUPPORTED_CPUID, c), 0);
	assert_int_equal(c->nent, n);
	/* more than KVM_MAX_CPUID_ENTRIES is clamped, not ENOMEM */
	c->nent = 300;
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_GET_SUPPORTED_CPUID, c), 0);
	assert_int_equal(c->nent, n);
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_GET_SUPPORTED_CPUID, NULL), -EFAULT);
	/* funcs[] order: the basic range, the extended range, then KVM's leaves last */
	assert_int_equal(c->entries[0].function, 0);
	assert_int_equal(c->entries[n - 2].function, 0x40000000);
	assert_int_equal(c->entries[n - 1].function, 0x40000001);
	free(c);
	fx_down(&f);
}

static void max_basic_0x30(struct fx *f)
{
	host(f, 0, 0, HVABI_CPUID_EAX, 0x30);
}

static void max_ext_0x80000028(struct fx *f)
{
	host(f, 0x80000000, 0, HVABI_CPUID_EAX, 0x80000028);
}

/* __do_cpuid_func() case 0 / 0x80000000 (cpuid.c): the ranges KVM caps */
static void test_cpuid_ranges(void **state)
{
	(void)state;
	assert_int_equal(sup_reg(M61, max_basic_0x30, 0, 0, 0), 0x1f);
	assert_int_equal(sup_reg(M612, max_basic_0x30, 0, 0, 0), 0x24);
	assert_int_equal(sup_reg(M72, max_basic_0x30, 0, 0, 0), 0x24);
	assert_int_equal(sup_reg(M61, max_ext_0x80000028, 0x80000000, 0, 0), 0x80000021);
	assert_int_equal(sup_reg(M612, max_ext_0x80000028, 0x80000000, 0, 0), 0x80000022);
	/* every function in range gets an entry, unknown ones zero (default:) */
	assert_true(has_leaf(M61, max_basic_0x30, 0x1f, 0));
	assert_false(has_leaf(M61, max_basic_0x30, 0x20, 0));
	assert_true(has_leaf(M72, max_basic_0x30, 0x20, 0));
	assert_int_equal(sup_reg(M72, max_basic_0x30, 0x20, 0, 0), 0);
}

/* __do_cpuid_func() default: (cpuid.c): leaves KVM has no case for read as zeros */
static void test_cpuid_zero_leaves(void **state)
{
	(void)state;
	/* the brand string (the Milan host's is "AMD EPYC...") */
	assert_int_equal(sup_reg(M61, NULL, 0x80000002, 0, 0), 0);
	assert_int_equal(sup_reg(M72, NULL, 0x80000002, 0, 0), 0);
	/* 0x80000005 (L1 caches): zero in 6.1, the host's since 6.12 */
	assert_int_equal(sup_reg(M61, NULL, 0x80000005, 0, 0), 0);
	assert_int_equal(sup_reg(M612, NULL, 0x80000005, 0, 0), 0xff40ff40);
	assert_int_equal(sup_reg(M72, NULL, 0x80000005, 0, 3), 0x20080140);
	/* 0x8000001e: no topology since 6.1.7 */
	assert_int_equal(sup_reg(M61, NULL, 0x8000001e, 0, 0), 0);
}

/* __do_cpuid_func() case 6 (cpuid.c): ARAT only, whatever the host */
static void test_cpuid_leaf6(void **state)
{
	(void)state;
	assert_int_equal(sup_reg(M61, NULL, 6, 0, 0), 4);
	assert_int_equal(sup_reg(M72, NULL, 6, 0, 2), 0);
}

static void no_hypervisor_bits(struct fx *f)
{
	/* a host with HYPERVISOR, TSC_DEADLINE and MONITOR but no X2APIC */
	host(f, 1, 0, HVABI_CPUID_ECX, 0x81000008);
}

/*
 * kvm_set_cpu_caps() (6.1, 6.12) / kvm_initialize_cpu_caps() (7.2) in
 * cpuid.c: X2APIC always; 7.2 reports TSC_DEADLINE_TIMER and HYPERVISOR
 * (EMULATED_F), 6.x never; MONITOR never.
 */
static void test_cpuid_leaf1_emulated(void **state)
{
	(void)state;
	assert_int_equal(sup_reg(M61, no_hypervisor_bits, 1, 0, 2), 1u << 21);
	assert_int_equal(sup_reg(M612, no_hypervisor_bits, 1, 0, 2), 1u << 21);
	assert_int_equal(sup_reg(M72, no_hypervisor_bits, 1, 0, 2),
			 (1u << 21) | (1u << 24) | (1u << 31));
}

/* kvm_set_cpu_caps() (cpuid.c): TSC_ADJUST and ARCH_CAPABILITIES always; SGX never on SVM */
static void test_cpuid_leaf7_forced(void **state)
{
	(void)state;
	assert_true(sup_reg(M61, NULL, 7, 0, 1) & (1u << 1));
	assert_false(sup_reg(M61, NULL, 7, 0, 1) & (1u << 2));
	assert_true(sup_reg(M72, NULL, 7, 0, 3) & (1u << 29));
}

static void leaf7_sub3(struct fx *f)
{
	host(f, 7, 0, HVABI_CPUID_EAX, 3);
	host(f, 7, 1, HVABI_CPUID_EAX, 0xffffffff);
	host(f, 7, 1, HVABI_CPUID_EBX, 0xffffffff);
	host(f, 7, 2, HVABI_CPUID_EDX, 0xffffffff);
	host(f, 7, 3, HVABI_CPUID_EDX, 0xffffffff);
}

/* __do_cpuid_func() case 7 (cpuid.c): subleaves up to 2, 7.1 masks grow per series */
static void test_cpuid_leaf7_subleaves(void **state)
{
	(void)state;
	assert_int_equal(sup_reg(M61, leaf7_sub3, 7, 0, 0), 2);
	assert_false(has_leaf(M61, leaf7_sub3, 7, 3));
	assert_int_equal(sup_reg(M61, leaf7_sub3, 7, 1, 0), 0x30);        /* AVX_VNNI, AVX512_BF16 */
	assert_int_equal(sup_reg(M612, leaf7_sub3, 7, 1, 0), 0x04a01cb0);
	assert_int_equal(sup_reg(M72, leaf7_sub3, 7, 1, 0), 0x84ac1cb7);
	assert_int_equal(sup_reg(M72, leaf7_sub3, 7, 1, 1), 0);
	assert_int_equal(sup_reg(M61, leaf7_sub3, 7, 2, 3), 0x3f);
}

static void topology(struct fx *f)
{
	host(f, 0, 0, HVABI_CPUID_EAX, 0x1f);
	host(f, 0x1f, 0, HVABI_CPUID_EDX, 7);
	host(f, 0x1f, 0, HVABI_CPUID_EBX, 2);
	host(f, 0x1f, 1, HVABI_CPUID_EBX, 16);
}

/* __do_cpuid_func() case 0xb / 0x1f (cpuid.c, 6.1.7+): subleaf 0 only, only the x2APIC ID */
static void test_cpuid_no_topology(void **state)
{
	(void)state;
	assert_int_equal(sup_reg(M61, topology, 0x1f, 0, 3), 7);
	assert_int_equal(sup_reg(M61, topology, 0x1f, 0, 1), 0);
	assert_false(has_leaf(M61, topology, 0x1f, 1));
	/* the Milan host's 0xb.1 is not reported either */
	assert_false(has_leaf(M72, NULL, 0xb, 1));
}

static void xcr0_x87_sse(struct fx *f)
{
	host(f, 0xd, 0, HVABI_CPUID_EAX, 0x3);
}

/* __do_cpuid_func() case 0xd (cpuid.c): subleaves 0, 1 and each permitted XCR0 component */
static void test_cpuid_xsave_subleaves(void **state)
{
	(void)state;
	assert_true(has_leaf(M61, NULL, 0xd, 9));   /* Milan: PKRU */
	assert_true(has_leaf(M61, NULL, 0xd, 2));   /* AVX */
	assert_false(has_leaf(M61, xcr0_x87_sse, 0xd, 2));
	assert_false(has_leaf(M61, xcr0_x87_sse, 0xd, 9));
	assert_true(has_leaf(M61, xcr0_x87_sse, 0xd, 1));
}

static void four_caches(struct fx *f)
{
	host(f, 4, 0, HVABI_CPUID_EAX, 0x121);
	host(f, 4, 1, HVABI_CPUID_EAX, 0x143);
}

/* __do_cpuid_func() case 4 / 0x8000001d (cpuid.c): subleaves until a null cache type */
static void test_cpuid_cache_subleaves(void **state)
{
	(void)state;
	assert_true(has_leaf(M61, four_caches, 4, 2));
	assert_int_equal(sup_reg(M61, four_caches, 4, 2, 0), 0);
	assert_false(has_leaf(M61, four_caches, 4, 3));
	assert_true(has_leaf(M61, NULL, 0x8000001d, 4));
	assert_false(has_leaf(M61, NULL, 0x8000001d, 5));
}

/* __do_cpuid_func() case KVM_CPUID_SIGNATURE / KVM_CPUID_FEATURES (cpuid.c): the kernel's */
static void kvm_leaf_seeded(struct fx *f)
{
	host(f, 0x40000001, 0, HVABI_CPUID_EAX, 0xffffffff);
	host(f, 0x40000000, 0, HVABI_CPUID_EAX, 0x40000010);
}

static void test_cpuid_kvm_leaves(void **state)
{
	(void)state;
	assert_int_equal(sup_reg(M61, kvm_leaf_seeded, 0x40000001, 0, 0), 0x01007efb);
	assert_int_equal(sup_reg(M72, kvm_leaf_seeded, 0x40000000, 0, 0), 0x40000001);
	assert_int_equal(sup_reg(M72, NULL, 0x40000000, 0, 1), 0x4b4d564b); /* "KVMK" */
	assert_false(has_leaf(M72, kvm_leaf_seeded, 0x40000002, 0));
}

/*
 * svm_set_cpu_caps() (svm/svm.c): with nested=1 SVM and 0x8000000A
 * (EAX 1, EBX 8, VMCBCLEAN, SVME_ADDR_CHK); FLUSHBYASID always since 6.12.
 */
static void test_cpuid_svm_leaf(void **state)
{
	(void)state;
	assert_true(sup_reg(M61, NULL, 0x80000001, 0, 2) & (1u << 2));
	assert_int_equal(sup_reg(M61, NULL, 0x8000000a, 0, 0), 1);
	assert_int_equal(sup_reg(M61, NULL, 0x8000000a, 0, 1), 8);
	assert_int_equal(sup_reg(M61, NULL, 0x8000000a, 0, 3), (1u << 5) | (1u << 28));
	assert_int_equal(sup_reg(M612, NULL, 0x8000000a, 0, 3),
			 (1u << 5) | (1u << 6) | (1u << 28));
	assert_int_equal(sup_reg(M72, NULL, 0x8000000a, 0, 3),
			 (1u << 5) | (1u << 6) | (1u << 28));
}

static void npt_host(struct fx *f)
{
	host(f, 0x8000000a, 0, HVABI_CPUID_EDX, 1);
	host(f, 0x80000008, 0, HVABI_CPUID_EAX, 0x3028);
}

/* __do_cpuid_func() case 0x80000008 (cpuid.c): GuestPhysAddrSize since 6.12, with NPT */
static void test_cpuid_guest_phys_bits(void **state)
{
	(void)state;
	assert_int_equal(sup_reg(M61, npt_host, 0x80000008, 0, 0), 0x3028);
	assert_int_equal(sup_reg(M612, npt_host, 0x80000008, 0, 0), 0x283028);
	assert_int_equal(sup_reg(M72, NULL, 0x80000008, 0, 0), 0x3030); /* no NPT: 0 */
}

static void ext21_none(struct fx *f)
{
	host(f, 0x80000021, 0, HVABI_CPUID_EAX, 0);
}

/* kvm_set_cpu_caps() (cpuid.c): NO_SMM_CTL_MSR always (6.1.176+), 7.2 GP_ON_USER_CPUID */
static void test_cpuid_ext21(void **state)
{
	(void)state;
	assert_int_equal(sup_reg(M61, ext21_none, 0x80000021, 0, 0), 1u << 9);
	assert_int_equal(sup_reg(M612, ext21_none, 0x80000021, 0, 0), 1u << 9);
	assert_int_equal(sup_reg(M72, ext21_none, 0x80000021, 0, 0), (1u << 9) | (1u << 17));
}

/* __do_cpuid_func_emulated() (cpuid.c): room for the extended range's base too */
static void test_emulated_cpuid(void **state)
{
	struct hvabi_kvm_cpuid2 *c = cpuid_buf(8);
	struct fx f;

	(void)state;
	fx_up(&f, M61);
	c->nent = 3;
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_GET_EMULATED_CPUID, c), -E2BIG);
	c->nent = 4;
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

/* ---------------------------------------------- KVM_GET_SUPPORTED_HV_CPUID */

static uint32_t hv_reg(const char *model, bool smt, bool on_vcpu, uint32_t fn, int reg)
{
	struct hvabi_kvm_cpuid2 *c = cpuid_buf(NHV);
	struct hvabi_key k = hvabi_key_hv_cpuid(0x40000004, 0, HVABI_CPUID_EAX);
	const struct hvabi_kvm_cpuid_entry2 *e;
	struct fx f;
	uint32_t v;

	fx_new(&f, model);
	assert_int_equal(hvabi_sim_set_host(f.sim, &k, smt ? 0 : 1u << 18), 0);
	fx_open(&f);
	assert_int_equal(ioc(&f, on_vcpu ? f.vcpu : f.sys, HVABI_KVM_GET_SUPPORTED_HV_CPUID, c), 0);
	assert_int_equal(c->nent, NHV);
	e = find(c, fn, 0);
	assert_non_null(e);
	v = reg == 0 ? e->eax : reg == 1 ? e->ebx : reg == 2 ? e->ecx : e->edx;
	free(c);
	fx_down(&f);
	return v;
}

/*
 * kvm_get_hv_cpuid() (hyperv.c): the kernel's leaves; 6.12 added
 * ACCESS_TSC_INVARIANT, ENABLE_EXTENDED_HYPERCALLS, EXT_GVA_RANGES_FLUSH
 * and NESTED_DIRECT_FLUSH; KVM_MAX_VCPUS 1024 -> 4096.
 */
static void test_hv_cpuid_series(void **state)
{
	(void)state;
	assert_int_equal(hv_reg(M61, true, false, 0x40000000, 0), 0x40000082);
	assert_int_equal(hv_reg(M61, true, false, 0x40000003, 0), 0x2aff);
	assert_int_equal(hv_reg(M612, true, false, 0x40000003, 0), 0xaaff);
	assert_int_equal(hv_reg(M61, true, false, 0x40000003, 1), 0x830);
	assert_int_equal(hv_reg(M72, true, false, 0x40000003, 1), 0x100830);
	assert_int_equal(hv_reg(M61, true, false, 0x40000003, 3), 0x80d12);
	assert_int_equal(hv_reg(M612, true, false, 0x40000003, 3), 0x84d12);
	assert_int_equal(hv_reg(M61, true, false, 0x40000005, 0), 1024);
	assert_int_equal(hv_reg(M612, true, false, 0x40000005, 0), 4096);
	assert_int_equal(hv_reg(M61, true, false, 0x4000000a, 0), 0x80000);
	assert_int_equal(hv_reg(M72, true, false, 0x4000000a, 0), 0xa0000);
	assert_int_equal(hv_reg(M61, true, false, 0x40000081, 0), 0x31235356); /* "VS#1" */
}

/*
 * kvm_get_hv_cpuid() (hyperv.c): NO_NONARCH_CORESHARING when SMT is not
 * possible (the host's); STIMER_DIRECT and CLUSTER_IPI only without a
 * vCPU or with an in-kernel local APIC.
 */
static void test_hv_cpuid_host_and_vcpu(void **state)
{
	(void)state;
	assert_int_equal(hv_reg(M61, true, false, 0x40000004, 0), 0xe2c);
	assert_int_equal(hv_reg(M61, false, false, 0x40000004, 0), 0x40e2c);
	assert_int_equal(hv_reg(M61, false, true, 0x40000004, 0), 0x40a2c);
	assert_int_equal(hv_reg(M612, true, true, 0x40000003, 3), 0x04d12);
}

/* kvm_get_hv_cpuid() (hyperv.c): E2BIG below ten entries, more are clamped */
static void test_hv_cpuid_nent(void **state)
{
	struct hvabi_kvm_cpuid2 *c = cpuid_buf(20);
	struct fx f;

	(void)state;
	fx_up(&f, M72);
	c->nent = NHV - 1;
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_GET_SUPPORTED_HV_CPUID, c), -E2BIG);
	assert_int_equal(c->nent, NHV - 1);
	c->nent = 20;
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_GET_SUPPORTED_HV_CPUID, c), 0);
	assert_int_equal(c->nent, NHV);
	/* the kernel's order: 0x40000000-5, the syndbg leaves, then 0x4000000a */
	assert_int_equal(c->entries[9].function, 0x4000000a);
	free(c);
	fx_down(&f);
}

/* -------------------------------------------------------------- feature MSRs */

/*
 * msr_based_features[] (x86.c): 7.2 lists MSR_PLATFORM_INFO
 * (kvm_get_feature_msr(): CPUID_FAULT); PERF_CAPABILITIES is
 * kvm_caps.supported_perf_cap, 0 on SVM (svm_set_cpu_caps()).
 */
static void test_feature_msr_list(void **state)
{
	struct hvabi_kvm_msr_list *l = calloc(1, sizeof(*l) + 8 * sizeof(uint32_t));
	uint64_t v = 0;
	struct fx f;

	(void)state;
	fx_up(&f, M61);
	l->nmsrs = 1;
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_GET_MSR_FEATURE_INDEX_LIST, l), -E2BIG);
	assert_int_equal(l->nmsrs, 4);
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_GET_MSR_FEATURE_INDEX_LIST, l), 0);
	assert_int_equal(l->indices[0], 0xc0011029);
	assert_int_equal(msr_io(&f, f.sys, HVABI_KVM_GET_MSRS, 0xce, &v), 0);
	fx_down(&f);
	fx_up(&f, M72);
	l->nmsrs = 8;
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_GET_MSR_FEATURE_INDEX_LIST, l), 0);
	assert_int_equal(l->nmsrs, 5);
	assert_int_equal(l->indices[4], 0xce);
	assert_int_equal(msr_io(&f, f.sys, HVABI_KVM_GET_MSRS, 0xce, &v), 1);
	assert_int_equal(v, 0x80000000);
	assert_int_equal(msr_io(&f, f.sys, HVABI_KVM_GET_MSRS, 0x345, &v), 1);
	assert_int_equal(v, 0);
	free(l);
	fx_down(&f);
}

/* kvm_do_msr_access() (x86.c, 6.12+): /dev/kvm reads an MSR KVM advertises as 0 */
static void test_feature_msrs_advertised(void **state)
{
	struct fx f;
	uint64_t v = 5;

	(void)state;
	fx_up(&f, M61);
	assert_int_equal(msr_io(&f, f.sys, HVABI_KVM_GET_MSRS, 0x174, &v), 0);
	fx_down(&f);
	fx_up(&f, M612);
	v = 5;
	assert_int_equal(msr_io(&f, f.sys, HVABI_KVM_GET_MSRS, 0x174, &v), 1);
	assert_int_equal(v, 0);
	/* VMX_BASIC is not advertised on SVM */
	assert_int_equal(msr_io(&f, f.sys, HVABI_KVM_GET_MSRS, 0x480, &v), 0);
	fx_down(&f);
}

/* msr_io() (x86.c): the count before the first failure; MAX_IO_MSRS is E2BIG */
static void test_feature_msrs_io(void **state)
{
	struct hvabi_kvm_msrs *m = calloc(1, sizeof(*m) + 4 * sizeof(m->entries[0]));
	struct hvabi_kvm_msr_list *l = calloc(1, sizeof(*l));
	struct fx f;

	(void)state;
	fx_up(&f, M61);
	m->nmsrs = 3;
	m->entries[0].index = 0x10a;
	m->entries[1].index = 0x8b;
	m->entries[2].index = 0x480;
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_GET_MSRS, m), 2);
	assert_int_equal(m->entries[0].data, 0x69);
	assert_int_equal(m->entries[1].data, 0x0a0011de00000000ull);
	m->nmsrs = 256;
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_GET_MSRS, m), -E2BIG);
	/* the save/restore list: the count first, then E2BIG */
	l->nmsrs = 0;
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_GET_MSR_INDEX_LIST, l), -E2BIG);
	assert_true(l->nmsrs > 8);
	free(l);
	free(m);
	fx_down(&f);
}

/* ---------------------------------------------------------------- caps */

/* kvm_vm_ioctl_check_extension() (x86.c): the kernel's answers per series */
static void test_caps_series(void **state)
{
	struct fx f;

	(void)state;
	fx_up(&f, M61);
	assert_int_equal(cap(&f, f.sys, 66), 1024);    /* KVM_MAX_VCPUS */
	assert_int_equal(cap(&f, f.sys, 128), 4096);   /* KVM_MAX_VCPU_IDS */
	assert_int_equal(cap(&f, f.sys, 70), 0);       /* ONE_REG */
	assert_int_equal(cap(&f, f.sys, 38), 0);       /* XEN_HVM: off in Debian's 6.1 */
	assert_int_equal(cap(&f, f.sys, 213), 127);    /* DISABLE_QUIRKS2 */
	assert_int_equal(cap(&f, f.vm, 163), 0);       /* eVMCS is VMX only */
	assert_int_equal(cap(&f, f.sys, 201), 0x1000); /* EXIT_HYPERCALL */
	assert_int_equal(cap(&f, f.sys, 157), 4224);   /* NESTED_STATE: SVM's size */
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_GET_VCPU_MMAP_SIZE, NULL), 3 * 4096);
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_CREATE_VM, (void *)1), -EINVAL);
	fx_down(&f);
	fx_up(&f, M612);
	assert_int_equal(cap(&f, f.sys, 66), 4096);
	assert_int_equal(cap(&f, f.sys, 128), 16384);
	assert_int_equal(cap(&f, f.sys, 38), 511);
	assert_int_equal(cap(&f, f.sys, 213), 2047);
	fx_down(&f);
	fx_up(&f, M72);
	assert_int_equal(cap(&f, f.sys, 70), 1);
	assert_int_equal(cap(&f, f.sys, 213), 4095);
	assert_int_equal(cap(&f, f.sys, 244), 3);      /* GUEST_MEMFD_FLAGS */
	fx_down(&f);
}

/*
 * x86.c / kvm_main.c: capabilities a default VM answers otherwise than
 * /dev/kvm: X2APIC_API without ENABLE_SUPPRESS_EOI_BROADCAST (7.2, no
 * split irqchip), MEMORY_ATTRIBUTES (none), GUEST_MEMFD (6.12: private
 * memory VMs only; 7.2: any VM).
 */
static void test_caps_vm(void **state)
{
	struct fx f;

	(void)state;
	fx_up(&f, M612);
	assert_int_equal(cap(&f, f.sys, 129), 3);
	assert_int_equal(cap(&f, f.vm, 129), 3);
	assert_int_equal(cap(&f, f.sys, 233), 8);
	assert_int_equal(cap(&f, f.vm, 233), 0);
	assert_int_equal(cap(&f, f.sys, 234), 1);
	assert_int_equal(cap(&f, f.vm, 234), 0);
	fx_down(&f);
	fx_up(&f, M72);
	assert_int_equal(cap(&f, f.sys, 129), 15);
	assert_int_equal(cap(&f, f.vm, 129), 11);
	assert_int_equal(cap(&f, f.vm, 234), 1);
	fx_down(&f);
}

static void xsave_big(struct fx *f)
{
	host(f, 0xd, 0, HVABI_CPUID_ECX, 0x2b00);
}

/* x86.c KVM_CAP_XSAVE2: the XSAVE size of the supported XCR0, at least 4096 */
static void test_caps_xsave2(void **state)
{
	struct fx f;

	(void)state;
	fx_up(&f, M61);
	assert_int_equal(cap(&f, f.sys, 208), 4096);
	fx_down(&f);
	fx_new(&f, M61);
	xsave_big(&f);
	fx_open(&f);
	assert_int_equal(cap(&f, f.sys, 208), 0x2b00);
	fx_down(&f);
}

/* The capabilities that report the machine are the host's (hvabi_sim_set_host). */
static void test_caps_host(void **state)
{
	struct hvabi_key k = hvabi_key_cap(9);
	struct fx f;

	(void)state;
	fx_new(&f, M72);
	assert_int_equal(hvabi_sim_set_host(f.sim, &k, 1), 0);
	k = hvabi_key_cap(212);
	assert_int_equal(hvabi_sim_set_host(f.sim, &k, 0), 0);
	k = hvabi_key_cap(66); /* KVM_MAX_VCPUS is the kernel's */
	assert_int_equal(hvabi_sim_set_host(f.sim, &k, 8), -ENOENT);
	/* VM_TYPES: the SEV types are the host's, the default VM always there (x86.c) */
	k = hvabi_key_cap(235);
	assert_int_equal(hvabi_sim_set_host(f.sim, &k, 0), 0);
	fx_open(&f);
	assert_int_equal(cap(&f, f.sys, 9), 1);
	assert_int_equal(cap(&f, f.sys, 212), 0);
	assert_int_equal(cap(&f, f.sys, 235), 1);
	fx_down(&f);
}

/* kvm_vm_ioctl_create_vcpu() (kvm_main.c): ids below KVM_MAX_VCPU_IDS */
static void test_vcpu_ids(void **state)
{
	struct fx f;

	(void)state;
	fx_up(&f, M61);
	assert_int_equal(ioc(&f, f.vm, HVABI_KVM_CREATE_VCPU, (void *)4096), -EINVAL);
	assert_true(ioc(&f, f.vm, HVABI_KVM_CREATE_VCPU, (void *)4095) >= 0);
	assert_int_equal(ioc(&f, f.vm, HVABI_KVM_CREATE_VCPU, (void *)0), -EEXIST);
	fx_down(&f);
	fx_up(&f, M612);
	assert_true(ioc(&f, f.vm, HVABI_KVM_CREATE_VCPU, (void *)16383) >= 0);
	assert_int_equal(ioc(&f, f.vm, HVABI_KVM_CREATE_VCPU, (void *)16384), -EINVAL);
	fx_down(&f);
}

/* ------------------------------------------------------------- /dev/kvm */

static void test_unknown_ioctls(void **state)
{
	struct hvabi_kvm_one_reg r = { .id = 0x2030000300000000ull };
	struct fx f;

	(void)state;
	fx_up(&f, M61);
	/* x86's kvm_arch_vm_ioctl() says ENOTTY, the vCPU and /dev/kvm EINVAL */
	assert_int_equal(ioc(&f, f.vm, HVABI_KVM_GET_ONE_REG, &r), -ENOTTY);
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_GET_ONE_REG, &r), -EINVAL);
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_GET_ONE_REG, &r), -EINVAL);
	assert_int_equal(ioc(&f, f.vm, HVABI_KVM_GET_SUPPORTED_CPUID, &r), -ENOTTY);
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_GET_REG_LIST, &r), -EINVAL);
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_SET_DEVICE_ATTR, &r), -EINVAL);
	fx_down(&f);
}

/* kvm_x86_dev_get_attr() (x86.c): XCOMP_GUEST_SUPP; since 6.12 SEV's group (svm/sev.c) */
static void test_sys_attr(void **state)
{
	uint64_t v = 0;
	struct hvabi_kvm_device_attr a = { .addr = (uintptr_t)&v };
	struct fx f;

	(void)state;
	fx_up(&f, M61);
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_HAS_DEVICE_ATTR, &a), 0);
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_GET_DEVICE_ATTR, &a), 0);
	assert_int_equal(v, 0x207); /* x87, SSE, AVX, PKRU */
	a.attr = 1;
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_HAS_DEVICE_ATTR, &a), -ENXIO);
	a.attr = 0;
	a.group = 1;
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_GET_DEVICE_ATTR, &a), -ENXIO);
	fx_down(&f);
	fx_up(&f, M612);
	v = 5;
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_GET_DEVICE_ATTR, &a), 0);
	assert_int_equal(v, 0); /* SEV VMSA features of a host without SEV-ES */
	a.attr = 1;
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_HAS_DEVICE_ATTR, &a), -ENXIO);
	fx_down(&f);
	fx_up(&f, M72);
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_HAS_DEVICE_ATTR, &a), 0);
	fx_down(&f);
}

/* ------------------------------------------------------------------ vCPU */

static void test_set_cpuid2_after_run(void **state)
{
	struct hvabi_kvm_cpuid2 *c, *g = cpuid_buf(256);
	uint32_t n;
	struct fx f;
	int v1;

	(void)state;
	/* kvm_set_cpuid() (cpuid.c): after the first run only the identical table */
	fx_up(&f, M612);
	c = supported(&f);
	n = c->nent;
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_SET_CPUID2, c), 0);
	c->entries[1].ecx ^= 1u << 30;
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_SET_CPUID2, c), 0);
	assert_int_equal(hvabi_sim_run(f.sim, f.vcpu), 0);
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_SET_CPUID2, c), 0);
	c->entries[1].ecx ^= 1u << 30;
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_SET_CPUID2, c), -EINVAL);
	c->entries[1].ecx ^= 1u << 30;
	c->nent = n - 1;
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

/* kvm_check_cpuid() (cpuid.c, 6.1 to 7.2): the linear address width must be 48, 57 or 0 */
static void test_set_cpuid2_vaddr(void **state)
{
	struct hvabi_kvm_cpuid2 *c;
	struct hvabi_kvm_cpuid_entry2 *e;
	const uint32_t ok[] = { 48, 57, 0 }, bad[] = { 40, 52, 64 };
	struct fx f;

	(void)state;
	fx_up(&f, M61);
	c = supported(&f);
	e = (struct hvabi_kvm_cpuid_entry2 *)find(c, 0x80000008, 0);
	for (size_t i = 0; i < 3; i++) {
		e->eax = (e->eax & ~0xff00u) | ok[i] << 8;
		assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_SET_CPUID2, c), 0);
		e->eax = (e->eax & ~0xff00u) | bad[i] << 8;
		assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_SET_CPUID2, c), -EINVAL);
	}
	/* without the leaf nothing is checked */
	c->nent = 2;
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_SET_CPUID2, c), 0);
	free(c);
	fx_down(&f);
}

/*
 * __kvm_update_cpuid_runtime() (cpuid.c): at KVM_SET_CPUID2 of a vCPU at
 * reset OSXSAVE follows CR4 (0), APIC follows APIC_BASE.EN (set by
 * kvm_lapic_reset(), lapic.c), the XSAVE sizes follow XCR0 (x87: 0x240).
 */
static void test_set_cpuid2_runtime_bits(void **state)
{
	struct hvabi_kvm_cpuid2 *c, *g = cpuid_buf(256);
	struct hvabi_kvm_cpuid_entry2 *e;
	struct fx f;

	(void)state;
	fx_up(&f, M72);
	c = supported(&f);
	e = (struct hvabi_kvm_cpuid_entry2 *)find(c, 1, 0);
	e->ecx |= 1u << 27;
	e->edx &= ~(1u << 9);
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_SET_CPUID2, c), 0);
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_GET_CPUID2, g), 0);
	assert_false(find(g, 1, 0)->ecx & (1u << 27));
	assert_true(find(g, 1, 0)->edx & (1u << 9));
	assert_int_equal(find(g, 0xd, 0)->ebx, 0x240);
	free(c);
	free(g);
	fx_down(&f);
}

/* kvm_vcpu_ioctl_get_cpuid2() (cpuid.c): 6.1 writes nent back only on E2BIG */
static void test_get_cpuid2_nent(void **state)
{
	struct hvabi_kvm_cpuid2 *c, *g = cpuid_buf(256);
	struct fx f;

	(void)state;
	fx_up(&f, M61);
	g->nent = 8;
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_GET_CPUID2, g), 0);
	assert_int_equal(g->nent, 8);
	c = supported(&f);
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_SET_CPUID2, c), 0);
	g->nent = 3;
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_GET_CPUID2, g), -E2BIG);
	assert_int_equal(g->nent, 3);
	g->nent = 200;
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_GET_CPUID2, g), 0);
	assert_int_equal(g->nent, 200);
	free(c);
	fx_down(&f);
	fx_up(&f, M612);
	c = supported(&f);
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_SET_CPUID2, c), 0);
	g->nent = 200;
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_GET_CPUID2, g), 0);
	assert_int_equal(g->nent, c->nent);
	free(c);
	free(g);
	fx_down(&f);
}

static int enable_cap(struct fx *f, int fd, uint32_t c, uint32_t flags, uint64_t arg0)
{
	struct hvabi_kvm_enable_cap e = { .cap = c, .flags = flags, .args = { arg0 } };

	return ioc(f, fd, HVABI_KVM_ENABLE_CAP, &e);
}

/* kvm_vcpu_ioctl_enable_cap() / kvm_vm_ioctl_enable_cap() (x86.c) */
static void test_enable_cap(void **state)
{
	uint16_t range = 0;
	struct fx f;

	(void)state;
	fx_up(&f, M61);
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

/* kvm_arch_vcpu_create() (x86.c), __svm_vcpu_reset() (svm/svm.c): feature MSRs at creation */
static void test_vcpu_msr_defaults(void **state)
{
	struct fx f;
	uint64_t v = 0;

	(void)state;
	fx_up(&f, M612);
	assert_int_equal(msr_io(&f, f.vcpu, HVABI_KVM_GET_MSRS, 0x8b, &v), 1);
	assert_int_equal(v, 0x01000065);
	assert_int_equal(msr_io(&f, f.vcpu, HVABI_KVM_GET_MSRS, 0xce, &v), 1);
	assert_int_equal(v, 0x80000000);
	assert_int_equal(msr_io(&f, f.vcpu, HVABI_KVM_GET_MSRS, 0x10a, &v), 1);
	assert_int_equal(v, 0x69);
	fx_down(&f);
}

/*
 * kvm_set_msr_common() (x86.c): 6.1 and 6.12 take any ARCH_CAPABILITIES
 * from the VMM (RRSBA the host lacks too); 7.2 only with the bit in the
 * guest's CPUID, and kvm_do_msr_access() then reads 0 and takes only 0.
 */
static void test_vcpu_arch_capabilities(void **state)
{
	struct hvabi_kvm_cpuid2 *c;
	struct fx f;
	uint64_t v = 0x69 | (1u << 19);

	(void)state;
	fx_up(&f, M61);
	assert_int_equal(msr_io(&f, f.vcpu, HVABI_KVM_SET_MSRS, 0x10a, &v), 1);
	v = 0;
	assert_int_equal(msr_io(&f, f.vcpu, HVABI_KVM_GET_MSRS, 0x10a, &v), 1);
	assert_int_equal(v, 0x69 | (1u << 19));
	fx_down(&f);
	fx_up(&f, M72);
	v = 7;
	assert_int_equal(msr_io(&f, f.vcpu, HVABI_KVM_GET_MSRS, 0x10a, &v), 1);
	assert_int_equal(v, 0);
	v = 0x69;
	assert_int_equal(msr_io(&f, f.vcpu, HVABI_KVM_SET_MSRS, 0x10a, &v), 0);
	v = 0;
	assert_int_equal(msr_io(&f, f.vcpu, HVABI_KVM_SET_MSRS, 0x10a, &v), 1);
	c = supported(&f);
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_SET_CPUID2, c), 0);
	v = 0x69 | (1u << 19);
	assert_int_equal(msr_io(&f, f.vcpu, HVABI_KVM_SET_MSRS, 0x10a, &v), 1);
	v = 0;
	assert_int_equal(msr_io(&f, f.vcpu, HVABI_KVM_GET_MSRS, 0x10a, &v), 1);
	assert_int_equal(v, 0x69 | (1u << 19));
	free(c);
	fx_down(&f);
}

/* kvm_set_msr_common() (x86.c): PERF_CAPABILITIES only within supported_perf_cap (0 on SVM) */
static void test_vcpu_perf_capabilities(void **state)
{
	struct fx f;
	uint64_t v = 1;

	(void)state;
	fx_up(&f, M61);
	assert_int_equal(msr_io(&f, f.vcpu, HVABI_KVM_SET_MSRS, 0x345, &v), 0);
	v = 0;
	assert_int_equal(msr_io(&f, f.vcpu, HVABI_KVM_SET_MSRS, 0x345, &v), 1);
	fx_down(&f);
}

/* svm_set_msr() (svm/svm.c): DE_CFG takes only what svm_get_feature_msr() reports */
static void test_vcpu_de_cfg(void **state)
{
	struct fx f;
	uint64_t v = 2;

	(void)state;
	fx_up(&f, M72);
	assert_int_equal(msr_io(&f, f.vcpu, HVABI_KVM_SET_MSRS, 0xc0011029, &v), 1);
	v = 1;
	assert_int_equal(msr_io(&f, f.vcpu, HVABI_KVM_SET_MSRS, 0xc0011029, &v), 0);
	fx_down(&f);
}

/*
 * do_set_msr() (x86.c): after the first run 6.12 and 7.2 take an
 * immutable feature MSR (all but UCODE_REV; PLATFORM_INFO is one in 7.2
 * only) at its current value only; 6.1 takes any.
 */
static uint64_t after_run(const char *model, uint32_t index, uint64_t v)
{
	struct fx f;
	int r;

	fx_up(&f, model);
	assert_int_equal(hvabi_sim_run(f.sim, f.vcpu), 0);
	r = msr_io(&f, f.vcpu, HVABI_KVM_SET_MSRS, index, &v);
	fx_down(&f);
	return (uint64_t)r;
}

static void test_vcpu_msr_freeze(void **state)
{
	(void)state;
	assert_int_equal(after_run(M61, 0x10a, 0x29), 1);
	assert_int_equal(after_run(M612, 0x10a, 0x29), 0);
	assert_int_equal(after_run(M612, 0x10a, 0x69), 1);
	assert_int_equal(after_run(M612, 0x8b, 0x1234), 1);
	assert_int_equal(after_run(M612, 0xce, 0), 1);
	assert_int_equal(after_run(M72, 0xce, 0), 0);
}

/* msr_io() (x86.c): MAX_IO_MSRS or more is E2BIG */
static void test_vcpu_msrs_max(void **state)
{
	struct hvabi_kvm_msrs *m = calloc(1, sizeof(*m) + sizeof(m->entries[0]));
	struct fx f;

	(void)state;
	fx_up(&f, M61);
	m->nmsrs = 300;
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_SET_MSRS, m), -E2BIG);
	free(m);
	fx_down(&f);
}

/* kvm_get_set_one_reg(), kvm_get_reg_list() (x86.c, 7.x): MSRs by ONE_REG id */
static void test_one_reg_msrs(void **state)
{
	uint64_t v = 0;
	struct hvabi_kvm_one_reg r = { .id = 0x20300002000000ceull, .addr = (uintptr_t)&v };
	struct hvabi_kvm_reg_list l = { .n = 5 };
	struct fx f;

	(void)state;
	fx_up(&f, M72);
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_GET_ONE_REG, &r), 0);
	assert_int_equal(v, 0x80000000);
	v = 0;
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_SET_ONE_REG, &r), 0);
	r.id = 0x2030000212345678ull;
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_GET_ONE_REG, &r), -EINVAL);
	r.id = 0x2000000200000010ull; /* no size */
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_GET_ONE_REG, &r), -EINVAL);
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_GET_REG_LIST, &l), 0);
	assert_int_equal(l.n, 0);
	fx_down(&f);
	fx_up(&f, M612);
	r.id = 0x20300002000000ceull;
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_GET_ONE_REG, &r), -EINVAL);
	fx_down(&f);
}

/* ------------------------------------------------------------------- TSC */

/* KVM_SET_TSC_KHZ on a vCPU (x86.c kvm_set_tsc_khz, set_tsc_khz): no scaling on this host */
static void test_vcpu_tsc(void **state)
{
	struct fx f;

	(void)state;
	fx_up(&f, M61);
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_GET_TSC_KHZ, NULL), 2600000);
	/* within 250 ppm: taken */
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_SET_TSC_KHZ, (void *)2600650), 0);
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_SET_TSC_KHZ, (void *)2599350), 0);
	/* higher: catch-up; lower: refused, but the rate is kept */
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_SET_TSC_KHZ, (void *)5200000), 0);
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_SET_TSC_KHZ, (void *)2599348), -EINVAL);
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_GET_TSC_KHZ, NULL), 2599348);
	/* 0: the host's */
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_SET_TSC_KHZ, NULL), 0);
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_GET_TSC_KHZ, NULL), 2600000);
	fx_down(&f);
}

/*
 * KVM_SET_TSC_KHZ on a VM (x86.c kvm_arch_vm_ioctl): the rate of vCPUs
 * created later; 7.2 refuses it once a vCPU exists.
 */
static void test_vm_tsc(void **state)
{
	struct fx f;
	int vm, vcpu;

	(void)state;
	fx_up(&f, M61);
	vm = ioc(&f, f.sys, HVABI_KVM_CREATE_VM, NULL);
	assert_int_equal(ioc(&f, vm, HVABI_KVM_GET_TSC_KHZ, NULL), 2600000);
	assert_int_equal(ioc(&f, vm, HVABI_KVM_SET_TSC_KHZ, (void *)1300000), 0);
	vcpu = ioc(&f, vm, HVABI_KVM_CREATE_VCPU, NULL);
	assert_int_equal(ioc(&f, vcpu, HVABI_KVM_GET_TSC_KHZ, NULL), 1300000);
	assert_int_equal(ioc(&f, f.vm, HVABI_KVM_SET_TSC_KHZ, (void *)1300000), 0);
	fx_down(&f);
	fx_up(&f, M72);
	assert_int_equal(ioc(&f, f.vm, HVABI_KVM_SET_TSC_KHZ, (void *)1300000), -EINVAL);
	assert_int_equal(ioc(&f, f.vm, HVABI_KVM_GET_TSC_KHZ, NULL), 2600000);
	fx_down(&f);
}

/* ------------------------------------------------------------- the host */

/*
 * hvabi_sim_set_host(): the host's CPUID leaves (a leaf the Milan host
 * lacks is added), Hyper-V's SMT bit, the feature MSR values the host
 * has (not PERF_CAPABILITIES or PLATFORM_INFO, the kernel's), the TSC rate.
 */
static void test_set_host(void **state)
{
	struct hvabi_key k = hvabi_key_cpuid(0x80000021, 0, HVABI_CPUID_EAX);
	struct hvabi_kvm_cpuid2 *c;
	uint64_t v = 0;
	struct fx f;

	(void)state;
	fx_new(&f, M61);
	assert_int_equal(hvabi_sim_set_host(f.sim, &k, 0x45), 0);
	assert_int_equal(hvabi_sim_set_host(f.sim, &k, 1ull << 32), -EINVAL);
	k = hvabi_key_cpuid(0x8000001f, 0, HVABI_CPUID_EAX);
	assert_int_equal(hvabi_sim_set_host(f.sim, &k, 0x2), 0);
	k = hvabi_key_hv_cpuid(0x40000003, 0, HVABI_CPUID_EAX);
	assert_int_equal(hvabi_sim_set_host(f.sim, &k, 0x2ff), -ENOENT);
	k = hvabi_key_msr(0x10a);
	assert_int_equal(hvabi_sim_set_host(f.sim, &k, 0x6b), 0);
	k = hvabi_key_msr(0x345);
	assert_int_equal(hvabi_sim_set_host(f.sim, &k, 0x1), -ENOENT);
	k = hvabi_key_msr(0x480);
	assert_int_equal(hvabi_sim_set_host(f.sim, &k, 0), -ENOENT);
	k = hvabi_key_reg(0x6030000000140000ull);
	assert_int_equal(hvabi_sim_set_host(f.sim, &k, 0), -ENOENT);
	k = hvabi_key_vcpu_value(HVABI_VCPU_VALUE_TSC_KHZ);
	assert_int_equal(hvabi_sim_set_host(f.sim, &k, 2599977), 0);
	fx_open(&f);
	c = supported(&f);
	/* NO_NESTED_DATA_BP and NULL_SEL_CLR_BASE pass, bit 9 is KVM's */
	assert_int_equal(find(c, 0x80000021, 0)->eax, 0x245);
	assert_int_equal(find(c, 0x8000001f, 0)->eax, 0x2);
	assert_int_equal(msr_io(&f, f.sys, HVABI_KVM_GET_MSRS, 0x10a, &v), 1);
	assert_int_equal(v, 0x6b);
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_GET_TSC_KHZ, NULL), 2599977);
	k = hvabi_key_msr(0x10a);
	assert_int_equal(hvabi_sim_set_host(f.sim, &k, 0x69), -EBUSY);
	free(c);
	fx_down(&f);
}

/* ------------------------------------------------- one host, three kernels */

/*
 * The kernel lab's host (QEMU TCG EPYC,+svm) as Debian's 6.1.0-57 reports
 * it (tests/kernels: host.seed of run-x86.sh, with the CPU's own leaf
 * 0x80000005, which 6.1 does not report).
 */
static const struct {
	uint32_t function, index, flags, regs[4];
} lab_61[] = {
	{ 0x0, 0x0, 0, { 0xd, 0x68747541, 0x444d4163, 0x69746e65 } },
	{ 0x1, 0x0, 0, { 0x800f12, 0x800, 0x76f83203, 0x78bfbfd } },
	{ 0x2, 0x0, 0, { 0x0, 0x0, 0x0, 0x0 } },
	{ 0x3, 0x0, 0, { 0x0, 0x0, 0x0, 0x0 } },
	{ 0x4, 0x0, 0, { 0x0, 0x0, 0x0, 0x0 } },
	{ 0x5, 0x0, 0, { 0x0, 0x0, 0x0, 0x0 } },
	{ 0x6, 0x0, 0, { 0x4, 0x0, 0x0, 0x0 } },
	{ 0x7, 0x0, 0, { 0x0, 0x9801ab, 0x0, 0x20000000 } },
	{ 0x8, 0x0, 0, { 0x0, 0x0, 0x0, 0x0 } },
	{ 0x9, 0x0, 0, { 0x0, 0x0, 0x0, 0x0 } },
	{ 0xa, 0x0, 0, { 0x0, 0x0, 0x0, 0x0 } },
	{ 0xb, 0x0, 0, { 0x0, 0x0, 0x0, 0x0 } },
	{ 0xc, 0x0, 0, { 0x0, 0x0, 0x0, 0x0 } },
	{ 0xd, 0x0, 0, { 0x7, 0x340, 0x340, 0x0 } },
	{ 0xd, 0x1, 0, { 0x5, 0x0, 0x0, 0x0 } },
	{ 0xd, 0x2, 0, { 0x100, 0x240, 0x0, 0x0 } },
	{ 0x80000000, 0x0, 0, { 0x80000021, 0x68747541, 0x444d4163, 0x69746e65 } },
	{ 0x80000001, 0x0, 0, { 0x800f12, 0x0, 0x75, 0x2dd3fbfd } },
	{ 0x80000002, 0x0, 0, { 0x0, 0x0, 0x0, 0x0 } },
	{ 0x80000003, 0x0, 0, { 0x0, 0x0, 0x0, 0x0 } },
	{ 0x80000004, 0x0, 0, { 0x0, 0x0, 0x0, 0x0 } },
	{ 0x80000005, 0x0, 0, { 0x1ff01ff, 0x1ff01ff, 0x20080140, 0x40040140 } },
	{ 0x80000006, 0x0, 0, { 0x0, 0x42004200, 0x2006140, 0x408140 } },
	{ 0x80000007, 0x0, 0, { 0x0, 0x0, 0x0, 0x0 } },
	{ 0x80000008, 0x0, 0, { 0x3028, 0x2000000, 0x0, 0x0 } },
	{ 0x80000009, 0x0, 0, { 0x0, 0x0, 0x0, 0x0 } },
	{ 0x8000000a, 0x0, 0, { 0x1, 0x8, 0x0, 0x10000021 } },
	{ 0x8000000b, 0x0, 0, { 0x0, 0x0, 0x0, 0x0 } },
	{ 0x8000000c, 0x0, 0, { 0x0, 0x0, 0x0, 0x0 } },
	{ 0x8000000d, 0x0, 0, { 0x0, 0x0, 0x0, 0x0 } },
	{ 0x8000000e, 0x0, 0, { 0x0, 0x0, 0x0, 0x0 } },
	{ 0x8000000f, 0x0, 0, { 0x0, 0x0, 0x0, 0x0 } },
	{ 0x80000010, 0x0, 0, { 0x0, 0x0, 0x0, 0x0 } },
	{ 0x80000011, 0x0, 0, { 0x0, 0x0, 0x0, 0x0 } },
	{ 0x80000012, 0x0, 0, { 0x0, 0x0, 0x0, 0x0 } },
	{ 0x80000013, 0x0, 0, { 0x0, 0x0, 0x0, 0x0 } },
	{ 0x80000014, 0x0, 0, { 0x0, 0x0, 0x0, 0x0 } },
	{ 0x80000015, 0x0, 0, { 0x0, 0x0, 0x0, 0x0 } },
	{ 0x80000016, 0x0, 0, { 0x0, 0x0, 0x0, 0x0 } },
	{ 0x80000017, 0x0, 0, { 0x0, 0x0, 0x0, 0x0 } },
	{ 0x80000018, 0x0, 0, { 0x0, 0x0, 0x0, 0x0 } },
	{ 0x80000019, 0x0, 0, { 0x0, 0x0, 0x0, 0x0 } },
	{ 0x8000001a, 0x0, 0, { 0x0, 0x0, 0x0, 0x0 } },
	{ 0x8000001b, 0x0, 0, { 0x0, 0x0, 0x0, 0x0 } },
	{ 0x8000001c, 0x0, 0, { 0x0, 0x0, 0x0, 0x0 } },
	{ 0x8000001d, 0x0, 0, { 0x121, 0x1c0003f, 0x3f, 0x1 } },
	{ 0x8000001d, 0x1, 0, { 0x122, 0xc0003f, 0xff, 0x1 } },
	{ 0x8000001d, 0x2, 0, { 0x43, 0x1c0003f, 0x3ff, 0x0 } },
	{ 0x8000001d, 0x3, 0, { 0x163, 0x3c0003f, 0x1fff, 0x6 } },
	{ 0x8000001d, 0x4, 0, { 0x0, 0x0, 0x0, 0x0 } },
	{ 0x8000001e, 0x0, 0, { 0x0, 0x0, 0x0, 0x0 } },
	{ 0x8000001f, 0x0, 0, { 0x0, 0x0, 0x0, 0x0 } },
	{ 0x80000020, 0x0, 0, { 0x0, 0x0, 0x0, 0x0 } },
	{ 0x80000021, 0x0, 0, { 0x204, 0x0, 0x0, 0x0 } },
	{ 0x40000000, 0x0, 0, { 0x40000001, 0x4b4d564b, 0x564b4d56, 0x4d } },
	{ 0x40000001, 0x0, 0, { 0x1007efb, 0x0, 0x0, 0x0 } },
};

static void seed_lab_61(struct fx *f)
{
	for (size_t i = 0; i < sizeof(lab_61) / sizeof(lab_61[0]); i++)
		for (int r = 0; r < 4; r++)
			host(f, lab_61[i].function, lab_61[i].index, (enum hvabi_cpuid_reg)r,
			     lab_61[i].regs[r]);
}

/*
 * Every difference between the three kernels' tables on one CPU is a
 * rule of the models, not of the seed: 6.1's view of the lab host seeded
 * into x86-6.12 and x86-7.2 gives what those kernels reported on it
 * (results/kraw-6.1+6.12.cmp, kraw-6.1+7.2.cmp).
 */
static void test_one_host_three_kernels(void **state)
{
	(void)state;
	/* 6.1 itself: 0x80000005 zero, no GuestPhysAddrSize, no FLUSHBYASID */
	assert_int_equal(sup_reg(M61, seed_lab_61, 0x80000005, 0, 0), 0);
	assert_int_equal(sup_reg(M61, seed_lab_61, 0x80000008, 0, 0), 0x3028);
	assert_int_equal(sup_reg(M61, seed_lab_61, 0x8000000a, 0, 3), 0x10000021);
	assert_int_equal(sup_reg(M61, seed_lab_61, 1, 0, 2), 0x76f83203);
	/* 6.12 */
	assert_int_equal(sup_reg(M612, seed_lab_61, 0x80000005, 0, 3), 0x40040140);
	assert_int_equal(sup_reg(M612, seed_lab_61, 0x80000008, 0, 0), 0x283028);
	assert_int_equal(sup_reg(M612, seed_lab_61, 0x8000000a, 0, 3), 0x10000061);
	assert_int_equal(sup_reg(M612, seed_lab_61, 1, 0, 2), 0x76f83203);
	assert_int_equal(sup_reg(M612, seed_lab_61, 0x80000021, 0, 0), 0x204);
	/* 7.2 */
	assert_int_equal(sup_reg(M72, seed_lab_61, 1, 0, 2), 0xf7f83203);
	assert_int_equal(sup_reg(M72, seed_lab_61, 0x80000021, 0, 0), 0x20204);
	assert_int_equal(sup_reg(M72, seed_lab_61, 0x8000000a, 0, 3), 0x10000061);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_supported_cpuid_nent),
		cmocka_unit_test(test_cpuid_ranges),
		cmocka_unit_test(test_cpuid_zero_leaves),
		cmocka_unit_test(test_cpuid_leaf6),
		cmocka_unit_test(test_cpuid_leaf1_emulated),
		cmocka_unit_test(test_cpuid_leaf7_forced),
		cmocka_unit_test(test_cpuid_leaf7_subleaves),
		cmocka_unit_test(test_cpuid_no_topology),
		cmocka_unit_test(test_cpuid_xsave_subleaves),
		cmocka_unit_test(test_cpuid_cache_subleaves),
		cmocka_unit_test(test_cpuid_kvm_leaves),
		cmocka_unit_test(test_cpuid_svm_leaf),
		cmocka_unit_test(test_cpuid_guest_phys_bits),
		cmocka_unit_test(test_cpuid_ext21),
		cmocka_unit_test(test_emulated_cpuid),
		cmocka_unit_test(test_hv_cpuid_series),
		cmocka_unit_test(test_hv_cpuid_host_and_vcpu),
		cmocka_unit_test(test_hv_cpuid_nent),
		cmocka_unit_test(test_feature_msr_list),
		cmocka_unit_test(test_feature_msrs_advertised),
		cmocka_unit_test(test_feature_msrs_io),
		cmocka_unit_test(test_caps_series),
		cmocka_unit_test(test_caps_vm),
		cmocka_unit_test(test_caps_xsave2),
		cmocka_unit_test(test_caps_host),
		cmocka_unit_test(test_vcpu_ids),
		cmocka_unit_test(test_unknown_ioctls),
		cmocka_unit_test(test_sys_attr),
		cmocka_unit_test(test_set_cpuid2_after_run),
		cmocka_unit_test(test_set_cpuid2_vaddr),
		cmocka_unit_test(test_set_cpuid2_runtime_bits),
		cmocka_unit_test(test_get_cpuid2_nent),
		cmocka_unit_test(test_enable_cap),
		cmocka_unit_test(test_vcpu_msr_defaults),
		cmocka_unit_test(test_vcpu_arch_capabilities),
		cmocka_unit_test(test_vcpu_perf_capabilities),
		cmocka_unit_test(test_vcpu_de_cfg),
		cmocka_unit_test(test_vcpu_msr_freeze),
		cmocka_unit_test(test_vcpu_msrs_max),
		cmocka_unit_test(test_one_reg_msrs),
		cmocka_unit_test(test_vcpu_tsc),
		cmocka_unit_test(test_vm_tsc),
		cmocka_unit_test(test_set_host),
		cmocka_unit_test(test_one_host_three_kernels),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
