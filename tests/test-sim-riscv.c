/* The simulated riscv KVM (lib/sim/riscv.c): models "riscv-6.6", "riscv-6.12", "riscv-7.2". */
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
	f->sys = hvabi_sim_open_kvm_fd(f->sim);
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

/* ------------------------------------------------ riscv-6.12 and riscv-7.2 */

#define M612 "riscv-6.12"
#define M72 "riscv-7.2"
/* enum KVM_RISCV_ISA_EXT_ID (arch/riscv/include/uapi/asm/kvm.h, 7.2) */
#define EXT_ZICBOM 11
#define EXT_SSCOFPMF 54
#define EXT_ZCA 56
#define EXT_ZAWRS 61
#define EXT_MAX_612 62
#define EXT_SVADE 64
#define EXT_SVADU 65
#define EXT_ZABHA 67
#define EXT_ZAAMO 69
#define EXT_ZALRSC 70
#define EXT_MAX_72 78
/* enum KVM_RISCV_SBI_EXT_ID (7.2) */
#define SBI_DBCN 9
#define SBI_STA 10
#define SBI_SUSP 11
#define SBI_FWFT 12
#define SBI_MPXY 13
#define CSR(i) RV(HVABI_KVM_REG_RISCV_CSR, 0, i)
#define CORE_MODE RV(HVABI_KVM_REG_RISCV_CORE, 0, 32)
#define TIMER(i) RV(HVABI_KVM_REG_RISCV_TIMER, 0, i)
/* KVM_REG_RISCV_SBI_STATE, subtype STA: shmem_lo, shmem_hi */
#define STA(i) RV(10ull << 24, 0, i)
#define ISA_MULTI_EN(w) RV(HVABI_KVM_REG_RISCV_ISA_EXT, HVABI_KVM_REG_RISCV_MULTI_EN, w)

static void fx_model(struct fx *f, const char *model)
{
	memset(f, 0, sizeof(*f));
	assert_int_equal(hvabi_sim_new(model, &f->sim), 0);
}

static void host_isa(struct fx *f, unsigned int ext, uint64_t v)
{
	struct hvabi_key k = hvabi_key_reg(ISA(ext));

	assert_int_equal(hvabi_sim_set_host(f->sim, &k, v), 0);
}

static struct hvabi_kvm_reg_list *get_list(struct fx *f, int fd)
{
	struct hvabi_kvm_reg_list head = { .n = 0 }, *l;

	assert_int_equal(ioc(f, fd, HVABI_KVM_GET_REG_LIST, &head), -E2BIG);
	l = calloc(1, sizeof(*l) + head.n * sizeof(uint64_t));
	assert_non_null(l);
	l->n = head.n;
	assert_int_equal(ioc(f, fd, HVABI_KVM_GET_REG_LIST, l), 0);
	return l;
}

/* ISA ids past 63 (7.2): in the list, the single registers and MULTI word 1 */
static void test_isa_beyond_64(void **state)
{
	struct hvabi_key k = hvabi_key_reg(ISA(EXT_ZAAMO));
	struct fx f;
	uint64_t v;

	(void)state;
	/* 6.12's table ends at 62: no such id, not even as a host value */
	fx_model(&f, M612);
	assert_int_equal(hvabi_sim_set_host(f.sim, &k, 1), -ENOENT);
	fx_open(&f);
	assert_int_equal(reg(&f, f.vcpu, ISA(EXT_ZCA)), 1);
	assert_int_equal(set_reg(&f, f.vcpu, ISA(EXT_ZCA), 0), -EINVAL);
	assert_int_equal(get_reg(&f, f.vcpu, ISA(EXT_ZAWRS), &v), -ENOENT);
	assert_int_equal(get_reg(&f, f.vcpu, ISA(EXT_MAX_612), &v), -ENOENT);
	assert_int_equal(get_reg(&f, f.vcpu, ISA(EXT_ZAAMO), &v), -ENOENT);
	fx_down(&f);

	/* 7.2: Zaamo and Zalrsc are the lab host's and cannot be disabled */
	fx_model(&f, M72);
	/* Svadu on the host (before any vCPU): enabled, and it may be turned off */
	host_isa(&f, EXT_SVADU, 1);
	host_isa(&f, EXT_ZABHA, 1);
	fx_open(&f);
	assert_int_equal(reg(&f, f.vcpu, ISA(EXT_ZAAMO)), 1);
	assert_int_equal(reg(&f, f.vcpu, ISA(EXT_ZALRSC)), 1);
	assert_int_equal(set_reg(&f, f.vcpu, ISA(EXT_ZAAMO), 0), -EINVAL);
	assert_int_equal(set_reg(&f, f.vcpu, ISA(EXT_ZABHA), 0), -EINVAL);
	assert_int_equal(get_reg(&f, f.vcpu, ISA(EXT_MAX_72), &v), -ENOENT);
	/* word 1 of MULTI_EN: ids 64..127 */
	assert_int_equal(reg(&f, f.vcpu, ISA_MULTI_EN(1)),
			 (1ull << (EXT_SVADU - 64)) | (1ull << (EXT_ZABHA - 64)) |
				 (1ull << (EXT_ZAAMO - 64)) | (1ull << (EXT_ZALRSC - 64)));
	assert_int_equal(get_reg(&f, f.vcpu, ISA_MULTI_EN(2), &v), -ENOENT);
	/* Svadu (65) toggles before the first run */
	assert_int_equal(reg(&f, f.vcpu, ISA(EXT_SVADU)), 1);
	assert_int_equal(set_reg(&f, f.vcpu, ISA(EXT_SVADU), 0), 0);
	assert_int_equal(reg(&f, f.vcpu, ISA(EXT_SVADU)), 0);
	assert_int_equal(reg(&f, f.vcpu, ISA_MULTI_EN(1)) & (1ull << (EXT_SVADU - 64)), 0);
	assert_int_equal(set_reg(&f, f.vcpu, ISA(EXT_SVADU), 1), 0);
	assert_int_equal(reg(&f, f.vcpu, ISA(EXT_SVADU)), 1);
	assert_int_equal(hvabi_sim_run(f.sim, f.vcpu), 0);
	assert_int_equal(set_reg(&f, f.vcpu, ISA(EXT_SVADU), 0), -EBUSY);
	assert_int_equal(set_reg(&f, f.vcpu, ISA(EXT_SVADU), 1), 0);
	fx_down(&f);

	/* without Svadu on the host, Svade cannot be disabled (isa.c) */
	fx_model(&f, M72);
	host_isa(&f, EXT_SVADE, 1);
	fx_open(&f);
	assert_int_equal(set_reg(&f, f.vcpu, ISA(EXT_SVADE), 0), -EINVAL);
	assert_int_equal(get_reg(&f, f.vcpu, ISA(EXT_SVADU), &v), -ENOENT);
	fx_down(&f);
}

/* SBI extension status per model: unavailable, enabled, disabled */
static void test_sbi_status(void **state)
{
	static const struct {
		const char *model;
		unsigned int id;
		int rc;
		uint64_t val;
	} want[] = {
		{ M612, SBI_PMU, -ENOENT, 0 }, { M612, SBI_VENDOR, 0, 1 },
		{ M612, SBI_DBCN, 0, 0 },      { M612, SBI_STA, 0, 1 },
		{ M612, SBI_SUSP, -ENOENT, 0 },
		{ M72, SBI_PMU, -ENOENT, 0 },  { M72, SBI_DBCN, 0, 0 },
		{ M72, SBI_STA, 0, 1 },        { M72, SBI_SUSP, 0, 0 },
		{ M72, SBI_FWFT, 0, 1 },       { M72, SBI_MPXY, 0, 0 },
		{ M72, 14, -ENOENT, 0 },
	};
	struct fx f;
	uint64_t v;

	(void)state;
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		fx_model(&f, want[i].model);
		fx_open(&f);
		v = 0xdead;
		assert_int_equal(get_reg(&f, f.vcpu, SBI(want[i].id), &v), want[i].rc);
		if (!want[i].rc)
			assert_int_equal(v, want[i].val);
		fx_down(&f);
	}
	/* 6.12: a disabled extension comes back; the value is checked first */
	fx_model(&f, M612);
	fx_open(&f);
	assert_int_equal(set_reg(&f, f.vcpu, SBI(SBI_DBCN), 1), 0);
	assert_int_equal(reg(&f, f.vcpu, SBI(SBI_DBCN)), 1);
	assert_int_equal(set_reg(&f, f.vcpu, SBI(SBI_STA), 0), 0);
	assert_int_equal(reg(&f, f.vcpu, SBI(SBI_STA)), 0);
	assert_int_equal(set_reg(&f, f.vcpu, SBI(SBI_STA), 1), 0);
	assert_int_equal(reg(&f, f.vcpu, SBI(SBI_STA)), 1);
	assert_int_equal(set_reg(&f, f.vcpu, SBI(SBI_PMU), 1), -ENOENT);
	assert_int_equal(set_reg(&f, f.vcpu, SBI(20), 2), -EINVAL);
	assert_int_equal(set_reg(&f, f.vcpu, SBI(20), 0), -ENOENT);
	assert_int_equal(hvabi_sim_run(f.sim, f.vcpu), 0);
	assert_int_equal(set_reg(&f, f.vcpu, SBI(SBI_STA), 1), -EBUSY);
	fx_down(&f);
	/* PMU is there when the host has Sscofpmf (vcpu_pmu.c) */
	fx_model(&f, M612);
	host_isa(&f, EXT_SSCOFPMF, 1);
	fx_open(&f);
	assert_int_equal(reg(&f, f.vcpu, SBI(SBI_PMU)), 1);
	fx_down(&f);
}

/* CONFIG: block sizes listed on 7.2 only (config 1, 5, 7), host values */
static void test_config_new(void **state)
{
	struct hvabi_key k = hvabi_key_reg(CONFIG(6));
	struct hvabi_kvm_reg_list *l;
	struct fx f;
	uint64_t v;

	(void)state;
	fx_model(&f, M612);
	fx_open(&f);
	l = get_list(&f, f.vcpu);
	/* 5 config, 33 core, 11 CSR, 4 timer, 33 F, 33 D, 19 ISA, 10 SBI, 2 STA */
	assert_int_equal(l->n, 5 + 33 + 11 + 4 + 33 + 33 + 19 + 10 + 2);
	assert_false(listed(l, CONFIG(1)));
	assert_false(listed(l, CONFIG(5)));
	assert_false(listed(l, CONFIG(7)));
	assert_int_equal(get_reg(&f, f.vcpu, CONFIG(1), &v), -ENOENT);
	assert_int_equal(get_reg(&f, f.vcpu, CONFIG(7), &v), -ENOENT);
	assert_int_equal(reg(&f, f.vcpu, CONFIG(6)), 0xa);
	assert_int_equal(reg(&f, f.vcpu, CONFIG(3)), 0x70216);
	free(l);
	fx_down(&f);

	fx_model(&f, M72);
	/* satp_mode is the host's */
	assert_int_equal(hvabi_sim_set_host(f.sim, &k, 8), 0);
	k = hvabi_key_reg(CONFIG(0));
	assert_int_equal(hvabi_sim_set_host(f.sim, &k, 0x112d), -ENOENT);
	fx_open(&f);
	l = get_list(&f, f.vcpu);
	assert_int_equal(l->n, 8 + 33 + 11 + 4 + 33 + 33 + 21 + 13 + 2);
	assert_true(listed(l, CONFIG(1)));
	assert_true(listed(l, CONFIG(5)));
	assert_true(listed(l, CONFIG(7)));
	free(l);
	assert_int_equal(reg(&f, f.vcpu, CONFIG(1)), 0);
	assert_int_equal(reg(&f, f.vcpu, CONFIG(7)), 0);
	assert_int_equal(set_reg(&f, f.vcpu, CONFIG(1), 0), 0);
	assert_int_equal(set_reg(&f, f.vcpu, CONFIG(1), 64), -EINVAL);
	assert_int_equal(get_reg(&f, f.vcpu, CONFIG(8), &v), -ENOENT);
	assert_int_equal(reg(&f, f.vcpu, CONFIG(6)), 8);
	assert_int_equal(set_reg(&f, f.vcpu, CONFIG(6), 9), -EINVAL);
	fx_down(&f);

	/* with Zicbom on the host, 7.2 reports its block size */
	fx_model(&f, M72);
	host_isa(&f, EXT_ZICBOM, 1);
	fx_open(&f);
	assert_int_equal(reg(&f, f.vcpu, CONFIG(1)), 64);
	assert_int_equal(set_reg(&f, f.vcpu, CONFIG(1), 64), 0);
	assert_int_equal(set_reg(&f, f.vcpu, CONFIG(1), 32), -EINVAL);
	fx_down(&f);
}

/* A fresh vCPU's registers and the SBI STA state registers */
static void test_reset_and_sta(void **state)
{
	struct hvabi_kvm_reg_list *l;
	struct fx f;
	uint64_t v;

	(void)state;
	fx_model(&f, M612);
	fx_open(&f);
	assert_int_equal(reg(&f, f.vcpu, CORE_MODE), 1);
	assert_int_equal(reg(&f, f.vcpu, CSR(9)), 0x7);
	assert_int_equal(reg(&f, f.vcpu, CSR(10)), 0);
	assert_int_equal(get_reg(&f, f.vcpu, CSR(11), &v), -ENOENT);
	assert_int_equal(reg(&f, f.vcpu, TIMER(2)), ~0ull);
	/* mode is sstatus.SPP: anything but 1 reads back 0 */
	assert_int_equal(set_reg(&f, f.vcpu, CORE_MODE, 5), 0);
	assert_int_equal(reg(&f, f.vcpu, CORE_MODE), 0);
	assert_int_equal(reg(&f, f.vcpu, STA(0)), ~0ull);
	assert_int_equal(reg(&f, f.vcpu, STA(1)), 0);
	assert_int_equal(get_reg(&f, f.vcpu, STA(2), &v), -EINVAL);
	assert_int_equal(set_reg(&f, f.vcpu, STA(1), 1), -EINVAL);
	/* 6.12: listed while STA is enabled, reachable either way */
	assert_int_equal(set_reg(&f, f.vcpu, SBI(SBI_STA), 0), 0);
	l = get_list(&f, f.vcpu);
	assert_false(listed(l, STA(0)));
	free(l);
	assert_int_equal(set_reg(&f, f.vcpu, STA(0), 0x1001), 0);
	assert_int_equal(reg(&f, f.vcpu, STA(0)), 0x1001);
	fx_down(&f);

	fx_model(&f, M72);
	fx_open(&f);
	assert_int_equal(reg(&f, f.vcpu, CSR(9)), 0);
	assert_int_equal(reg(&f, f.vcpu, TIMER(2)), ~0ull);
	l = get_list(&f, f.vcpu);
	assert_true(listed(l, STA(0)));
	assert_true(listed(l, STA(1)));
	free(l);
	/* 7.2: a 64-byte aligned address, shmem_hi 0 resets it, ENOENT past it */
	assert_int_equal(set_reg(&f, f.vcpu, STA(0), 0x1001), -EINVAL);
	assert_int_equal(set_reg(&f, f.vcpu, STA(0), 0x1000), 0);
	assert_int_equal(reg(&f, f.vcpu, STA(0)), 0x1000);
	assert_int_equal(set_reg(&f, f.vcpu, STA(1), 0), 0);
	assert_int_equal(reg(&f, f.vcpu, STA(0)), ~0ull);
	assert_int_equal(get_reg(&f, f.vcpu, STA(2), &v), -ENOENT);
	/* only while STA is enabled */
	assert_int_equal(set_reg(&f, f.vcpu, SBI(SBI_STA), 0), 0);
	assert_int_equal(get_reg(&f, f.vcpu, STA(0), &v), -EINVAL);
	fx_down(&f);

	/* 6.6 has no such register type */
	fx_up(&f);
	assert_int_equal(get_reg(&f, f.vcpu, STA(0), &v), -ENOENT);
	fx_down(&f);
}

/* KVM_CHECK_EXTENSION: the kernel's answers, the host's seedable */
static void test_caps_new(void **state)
{
	struct hvabi_key k = hvabi_key_cap(9);
	struct fx f;

	(void)state;
	fx_model(&f, M612);
	fx_open(&f);
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_CHECK_EXTENSION, (void *)168), 1);
	assert_int_equal(ioc(&f, f.vm, HVABI_KVM_CHECK_EXTENSION, (void *)223), 0);
	assert_int_equal(ioc(&f, f.vm, HVABI_KVM_CHECK_EXTENSION, (void *)10), 32767);
	fx_down(&f);
	fx_model(&f, M72);
	assert_int_equal(hvabi_sim_set_host(f.sim, &k, 4), 0);
	k = hvabi_key_cap(10);
	assert_int_equal(hvabi_sim_set_host(f.sim, &k, 4), -ENOENT);
	fx_open(&f);
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_CHECK_EXTENSION, (void *)9), 4);
	assert_int_equal(ioc(&f, f.sys, HVABI_KVM_CHECK_EXTENSION, (void *)168), 3);
	assert_int_equal(ioc(&f, f.vm, HVABI_KVM_CHECK_EXTENSION, (void *)223), 1048576);
	assert_int_equal(ioc(&f, f.vm, HVABI_KVM_CHECK_EXTENSION, (void *)207), 59);
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
		cmocka_unit_test(test_isa_beyond_64),
		cmocka_unit_test(test_sbi_status),
		cmocka_unit_test(test_config_new),
		cmocka_unit_test(test_reset_and_sta),
		cmocka_unit_test(test_caps_new),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
