/* The simulated riscv KVM (lib/sim-riscv.c): model "riscv-6.6". */
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

#define MODEL "riscv-6.6"

/* enum KVM_RISCV_ISA_EXT_ID (6.6) */
#define EXT_A 0
#define EXT_D 2
#define EXT_F 3
#define EXT_H 4
#define EXT_SVPBMT 7
#define EXT_SSAIA 14
#define EXT_V 15
#define EXT_MAX 23
/* enum KVM_RISCV_SBI_EXT_ID (6.6) */
#define SBI_PMU 6
#define SBI_VENDOR 8
#define SBI_MAX 9

#define ISA(i) HVABI_RISCV_ISA_EXT_REG(i)
#define SBI(i) HVABI_RISCV_SBI_EXT_REG(i)
#define RV(type, sub, i) HVABI_RISCV_REG(type, sub, i)
#define CONFIG(i) HVABI_RISCV_CONFIG_REG(i)
#define CORE_PC RV(HVABI_KVM_REG_RISCV_CORE, 0, 0)
#define FP_F(i) ((RV(HVABI_KVM_REG_RISCV_FP_F, 0, i) & ~HVABI_KVM_REG_SIZE_MASK) | \
		 HVABI_KVM_REG_SIZE_U32)
#define AS_U32(id) (((id) & ~HVABI_KVM_REG_SIZE_MASK) | HVABI_KVM_REG_SIZE_U32)

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
	uint64_t v = 0xdead;

	assert_int_equal(get_reg(f, fd, id, &v), 0);
	return v;
}

static void test_isa_ext(void **state)
{
	struct fx f;
	uint64_t v;
	int v1;

	(void)state;
	fx_up(&f);
	v1 = ioc(&f, f.vm, HVABI_KVM_CREATE_VCPU, (void *)1);
	assert_int_equal(reg(&f, f.vcpu, ISA(EXT_V)), 1);
	/* H is the host's but never the guest's */
	assert_int_equal(reg(&f, f.vcpu, ISA(EXT_H)), 0);
	assert_int_equal(set_reg(&f, f.vcpu, ISA(EXT_H), 1), -EINVAL);
	assert_int_equal(set_reg(&f, f.vcpu, ISA(EXT_H), 0), 0);
	/* A cannot be disabled; SVPBMT and V can */
	assert_int_equal(set_reg(&f, f.vcpu, ISA(EXT_A), 0), -EINVAL);
	assert_int_equal(set_reg(&f, f.vcpu, ISA(EXT_SVPBMT), 0), 0);
	assert_int_equal(set_reg(&f, f.vcpu, ISA(EXT_V), 2), -EINVAL);
	assert_int_equal(set_reg(&f, f.vcpu, ISA(EXT_V), 0), 0);
	assert_int_equal(reg(&f, f.vcpu, ISA(EXT_V)), 0);
	/* not on the host, or past the table: ENOENT; a 32-bit id: EINVAL */
	assert_int_equal(get_reg(&f, f.vcpu, ISA(EXT_SSAIA), &v), -ENOENT);
	assert_int_equal(set_reg(&f, f.vcpu, ISA(EXT_SSAIA), 0), -ENOENT);
	assert_int_equal(get_reg(&f, f.vcpu, ISA(EXT_MAX), &v), -ENOENT);
	assert_int_equal(get_reg(&f, f.vcpu, AS_U32(ISA(EXT_V)), &v), -EINVAL);
	assert_int_equal(hvabi_sim_run(f.sim, f.vcpu), 0);
	/* after the run: the current value is fine, anything else EBUSY (even 2) */
	assert_int_equal(set_reg(&f, f.vcpu, ISA(EXT_V), 0), 0);
	assert_int_equal(set_reg(&f, f.vcpu, ISA(EXT_V), 1), -EBUSY);
	assert_int_equal(set_reg(&f, f.vcpu, ISA(EXT_V), 2), -EBUSY);
	/* per vCPU: the sibling has not run */
	assert_int_equal(set_reg(&f, v1, ISA(EXT_V), 0), 0);
	assert_int_equal(reg(&f, v1, ISA(EXT_SVPBMT)), 1);
	fx_down(&f);
}

static void test_isa_multi(void **state)
{
	uint64_t multi_en = RV(HVABI_KVM_REG_RISCV_ISA_EXT, HVABI_KVM_REG_RISCV_MULTI_EN, 0);
	uint64_t multi_dis = RV(HVABI_KVM_REG_RISCV_ISA_EXT, HVABI_KVM_REG_RISCV_MULTI_DIS, 0);
	uint64_t en;
	struct fx f;

	(void)state;
	fx_up(&f);
	en = reg(&f, f.vcpu, multi_en);
	assert_true(en & (1ull << EXT_V));
	assert_false(en & (1ull << EXT_H));
	assert_int_equal(reg(&f, f.vcpu, multi_dis), ~en);
	/* bits the kernel refuses are dropped silently */
	assert_int_equal(set_reg(&f, f.vcpu, multi_dis, (1ull << EXT_V) | (1ull << EXT_A)), 0);
	assert_int_equal(reg(&f, f.vcpu, ISA(EXT_V)), 0);
	assert_int_equal(reg(&f, f.vcpu, ISA(EXT_A)), 1);
	assert_int_equal(set_reg(&f, f.vcpu, RV(HVABI_KVM_REG_RISCV_ISA_EXT,
						HVABI_KVM_REG_RISCV_MULTI_EN, 1), 1), -ENOENT);
	fx_down(&f);
}

static void test_sbi_ext(void **state)
{
	struct fx f;
	uint64_t v;
	int v1;

	(void)state;
	fx_up(&f);
	v1 = ioc(&f, f.vm, HVABI_KVM_CREATE_VCPU, (void *)1);
	for (int i = 0; i < SBI_MAX; i++)
		assert_int_equal(reg(&f, f.vcpu, SBI(i)), 1);
	/* the unknown-index errno of 6.6 is ENOENT (EINVAL in 6.4-6.5) */
	assert_int_equal(get_reg(&f, f.vcpu, SBI(SBI_MAX), &v), -ENOENT);
	assert_int_equal(set_reg(&f, f.vcpu, SBI(SBI_MAX), 0), -ENOENT);
	assert_int_equal(set_reg(&f, f.vcpu, SBI(SBI_PMU), 2), -EINVAL);
	assert_int_equal(set_reg(&f, f.vcpu, AS_U32(SBI(SBI_PMU)), 0), -EINVAL);
	assert_int_equal(set_reg(&f, f.vcpu, SBI(SBI_PMU), 0), 0);
	assert_int_equal(reg(&f, f.vcpu, SBI(SBI_PMU)), 0);
	/* 6.6 cannot bring an extension back once it is marked unavailable */
	assert_int_equal(set_reg(&f, f.vcpu, SBI(SBI_PMU), 1), 0);
	assert_int_equal(reg(&f, f.vcpu, SBI(SBI_PMU)), 0);
	assert_int_equal(reg(&f, f.vcpu, RV(HVABI_KVM_REG_RISCV_SBI_EXT,
					    HVABI_KVM_REG_RISCV_MULTI_EN, 0)),
			 0x1ff & ~(1ull << SBI_PMU));
	assert_int_equal(hvabi_sim_run(f.sim, f.vcpu), 0);
	/* after the run every write is EBUSY, the unchanged value and unknown ids too */
	assert_int_equal(set_reg(&f, f.vcpu, SBI(SBI_VENDOR), 1), -EBUSY);
	assert_int_equal(set_reg(&f, f.vcpu, SBI(SBI_PMU), 0), -EBUSY);
	assert_int_equal(set_reg(&f, f.vcpu, SBI(SBI_MAX), 0), -EBUSY);
	/* reads still work; the sibling is still free */
	assert_int_equal(reg(&f, f.vcpu, SBI(SBI_VENDOR)), 1);
	assert_int_equal(set_reg(&f, v1, SBI(SBI_VENDOR), 0), 0);
	fx_down(&f);
}

static void test_config(void **state)
{
	struct fx f;
	uint64_t v, isa;

	(void)state;
	fx_up(&f);
	/* single letters: a c d f i m v (h is held back) */
	isa = reg(&f, f.vcpu, CONFIG(0));
	assert_int_equal(isa, (1u << 0) | (1u << 2) | (1u << 3) | (1u << 5) | (1u << 8) |
				      (1u << 12) | (1u << 21));
	/* dropping d and f through the isa register */
	assert_int_equal(set_reg(&f, f.vcpu, CONFIG(0), isa & ~((1u << 3) | (1u << 5))), 0);
	assert_int_equal(reg(&f, f.vcpu, ISA(EXT_D)), 0);
	assert_int_equal(reg(&f, f.vcpu, ISA(EXT_F)), 0);
	/* no FP registers without F */
	assert_int_equal(get_reg(&f, f.vcpu, FP_F(0), &v), -ENOENT);
	assert_int_equal(set_reg(&f, f.vcpu, CONFIG(0), 1ull << 25), -EINVAL);
	assert_int_equal(reg(&f, f.vcpu, CONFIG(2)), 0x489);
	assert_int_equal(set_reg(&f, f.vcpu, CONFIG(2), 0x5b7), 0);
	assert_int_equal(set_reg(&f, f.vcpu, CONFIG(6), 8), -EINVAL);
	assert_int_equal(get_reg(&f, f.vcpu, CONFIG(7), &v), -ENOENT);
	assert_int_equal(get_reg(&f, f.vcpu, AS_U32(CONFIG(2)), &v), -EINVAL);
	assert_int_equal(hvabi_sim_run(f.sim, f.vcpu), 0);
	assert_int_equal(set_reg(&f, f.vcpu, CONFIG(2), 0x5b7), 0);
	assert_int_equal(set_reg(&f, f.vcpu, CONFIG(2), 0x489), -EBUSY);
	fx_down(&f);
}

static void test_plain_regs(void **state)
{
	struct fx f;
	uint64_t v;

	(void)state;
	fx_up(&f);
	assert_int_equal(set_reg(&f, f.vcpu, CORE_PC, 0x80200000), 0);
	assert_int_equal(reg(&f, f.vcpu, CORE_PC), 0x80200000);
	assert_int_equal(get_reg(&f, f.vcpu, AS_U32(CORE_PC), &v), -EINVAL);
	assert_int_equal(get_reg(&f, f.vcpu, RV(HVABI_KVM_REG_RISCV_CORE, 0, 33), &v), -ENOENT);
	/* FP_F registers are 32-bit */
	assert_int_equal(set_reg(&f, f.vcpu, FP_F(1), 0x3f800000), 0);
	assert_int_equal(get_reg(&f, f.vcpu, RV(HVABI_KVM_REG_RISCV_FP_F, 0, 1), &v), -EINVAL);
	/* the timebase is the host's */
	assert_int_equal(reg(&f, f.vcpu, RV(HVABI_KVM_REG_RISCV_TIMER, 0, 0)), 10000000);
	assert_int_equal(set_reg(&f, f.vcpu, RV(HVABI_KVM_REG_RISCV_TIMER, 0, 0), 1), -EINVAL);
	/* no AIA CSRs on this host; unknown register types are ENOENT */
	assert_int_equal(get_reg(&f, f.vcpu, RV(HVABI_KVM_REG_RISCV_CSR,
						HVABI_KVM_REG_RISCV_CSR_AIA, 0), &v),
			 -ENOENT);
	assert_int_equal(get_reg(&f, f.vcpu, RV(0x42ull << 24, 0, 0), &v), -ENOENT);
	fx_down(&f);
}

static bool listed(const struct hvabi_kvm_reg_list *l, uint64_t id)
{
	for (uint64_t i = 0; i < l->n; i++)
		if (l->reg[i] == id)
			return true;
	return false;
}

static void test_reg_list(void **state)
{
	struct hvabi_kvm_reg_list head = { .n = 0 }, *l;
	struct fx f;
	uint64_t n;

	(void)state;
	fx_up(&f);
	/* no vCPU init on riscv; the count first, then E2BIG */
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_GET_REG_LIST, &head), -E2BIG);
	n = head.n;
	/* 7 config, 33 core, 10 CSR, 4 timer, 33 F, 33 D, 22 ISA, 9 + 2 SBI */
	assert_int_equal(n, 7 + 33 + 10 + 4 + 33 + 33 + 22 + 11);
	l = calloc(1, sizeof(*l) + n * sizeof(uint64_t));
	l->n = n;
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_GET_REG_LIST, l), 0);
	assert_true(listed(l, ISA(EXT_H)));
	assert_false(listed(l, ISA(EXT_SSAIA)));
	assert_true(listed(l, SBI(SBI_VENDOR)));
	assert_true(listed(l, CORE_PC));
	/* without F the F registers leave the list */
	assert_int_equal(set_reg(&f, f.vcpu, ISA(EXT_F), 0), 0);
	l->n = n;
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_GET_REG_LIST, l), 0);
	assert_int_equal(l->n, n - 33);
	assert_false(listed(l, FP_F(0)));
	free(l);
	fx_down(&f);
}

static void test_vm_and_host(void **state)
{
	struct hvabi_key k = hvabi_key_reg(ISA(EXT_SSAIA));
	struct hvabi_kvm_one_reg r = { 0 };
	struct fx f;

	(void)state;
	memset(&f, 0, sizeof(f));
	assert_int_equal(hvabi_sim_new(MODEL, &f.sim), 0);
	assert_int_equal(hvabi_sim_get_arch(f.sim), HVABI_ARCH_RISCV64);
	assert_int_equal(hvabi_sim_set_host(f.sim, &k, 2), -EINVAL);
	assert_int_equal(hvabi_sim_set_host(f.sim, &k, 1), 0);
	k = hvabi_key_reg(ISA(EXT_MAX));
	assert_int_equal(hvabi_sim_set_host(f.sim, &k, 1), -ENOENT);
	k = hvabi_key_reg(SBI(SBI_PMU));
	assert_int_equal(hvabi_sim_set_host(f.sim, &k, 0), -ENOENT);
	fx_open(&f);
	assert_int_equal(reg(&f, f.vcpu, ISA(EXT_SSAIA)), 1);
	/* kvm_arch_vm_ioctl() on riscv: EINVAL; so are unknown vCPU ioctls */
	assert_int_equal(ioc(&f, f.vm, HVABI_KVM_GET_ONE_REG, &r), -EINVAL);
	assert_int_equal(ioc(&f, f.vcpu, HVABI_KVM_ARM_VCPU_INIT, &r), -EINVAL);
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_CHECK_EXTENSION, (void *)70), 1);
	fx_down(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_isa_ext),
		cmocka_unit_test(test_isa_multi),
		cmocka_unit_test(test_sbi_ext),
		cmocka_unit_test(test_config),
		cmocka_unit_test(test_plain_regs),
		cmocka_unit_test(test_reg_list),
		cmocka_unit_test(test_vm_and_host),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
