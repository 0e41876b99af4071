/*
 * Unit tests of the kernel layer (lib/kvm.c, lib/kvm-probe*.c,
 * lib/kvm-backend.c).
 *
 * A tiny fake KVM, defined here, scripts the kernel's answers: enough of
 * arm64, x86 and riscv to run a whole probe, with knobs for the protocols
 * (E2BIG sizing, EINTR) and for failing any single call. It is not the
 * simulator: it models no kernel release, only the protocol rules the
 * probe relies on, so these tests pin the probe's logic, not the models.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cmocka.h>

#include "kvm-handle.h"
#include "catalog-internal.h"
#include "kvm-uapi.h"
#include "testutil.h"

/* ---- the fake KVM ---- */

#define FAKE_FD_BASE 1000
#define FAKE_FDS 16
#define FAKE_REGS 32
#define FAKE_MSRS 256

enum fd_type { FD_FREE = 0, FD_SYS, FD_VM, FD_VCPU };

enum reg_rule {
	REG_RO,      /* every write refused with EINVAL (the probe must not write) */
	REG_BITMAP,  /* EINVAL for bits outside @allowed */
	REG_VERSION, /* accepted: the values in fake.versions */
	REG_RISCV,   /* 0 or 1; a change needs @allowed, else @err */
};

struct fake_reg {
	uint64_t id;
	uint64_t value;
	enum reg_rule rule;
	uint64_t allowed;
	int err;
};

struct fake {
	enum hvabi_arch arch;
	enum fd_type fds[FAKE_FDS];
	unsigned int calls;
	/* failures */
	unsigned int fail_at;      /* fail call number fail_at (1-based) */
	unsigned long fail_req;    /* ... or the fail_nth call of this request */
	unsigned int fail_nth, fail_seen;
	int fail_err;
	unsigned int eintr;        /* answer -EINTR to this many calls first */
	int close_err;             /* closes succeed but report this */
	int release_err;
	/* capabilities */
	int caps[256];
	int cap_fd_type;           /* type of the fd the last CHECK_EXTENSION went to */
	unsigned int creates;      /* CREATE_VM calls that succeeded */
	/* arm64 */
	uint32_t init_features[7];
	uint32_t init_target;
	bool inited;
	uint64_t masks[HVABI_KVM_ARM_FEATURE_ID_RANGE_SIZE];
	bool has_filter;
	int filter_err;            /* HAS_DEVICE_ATTR answer without a filter */
	uint64_t versions[8];
	unsigned int nversions;
	/* registers (arm64, riscv) */
	struct fake_reg regs[FAKE_REGS];
	unsigned int nregs;
	unsigned int hide_regs;    /* the first sizing call reports this many fewer */
	bool bogus_e2big;          /* E2BIG without asking for more */
	unsigned int reg_list_calls;
	int skew_fd;               /* GET_ONE_REG of skew_id on this fd reads value ^ 1 */
	uint64_t skew_id;
	unsigned int writes;       /* successful SET_ONE_REG */
	/* x86 */
	uint32_t ncpuid, nhv, ncpuid_vm;
	bool tell_nent;            /* write the needed nent back on E2BIG */
	uint32_t msrs[FAKE_MSRS];
	uint32_t nmsrs;
	uint32_t hide_msrs;        /* the first sizing call reports this many fewer */
	unsigned int msr_list_calls;
	uint32_t refuse[4];
	unsigned int nrefuse;
	bool msr_overcount;
	int msrs_fd_type;
	bool evmcs;                /* ENABLE_CAP(163) succeeds */
	unsigned int cpuid_calls;
};

static int fake_fd_alloc(struct fake *f, enum fd_type type)
{
	int i;

	for (i = 0; i < FAKE_FDS; i++) {
		if (f->fds[i] == FD_FREE) {
			f->fds[i] = type;
			return FAKE_FD_BASE + i;
		}
	}
	return -EMFILE;
}

static enum fd_type fake_fd_type(const struct fake *f, int fd)
{
	if (fd < FAKE_FD_BASE || fd >= FAKE_FD_BASE + FAKE_FDS)
		return FD_FREE;
	return f->fds[fd - FAKE_FD_BASE];
}

static unsigned int fake_open_fds(const struct fake *f)
{
	unsigned int i, n = 0;

	for (i = 0; i < FAKE_FDS; i++)
		n += f->fds[i] != FD_FREE;
	return n;
}

static struct fake_reg *fake_reg(struct fake *f, uint64_t id)
{
	unsigned int i;

	for (i = 0; i < f->nregs; i++)
		if (f->regs[i].id == id)
			return &f->regs[i];
	return NULL;
}

static void fake_add_reg(struct fake *f, uint64_t id, uint64_t value, enum reg_rule rule,
			 uint64_t allowed, int err)
{
	struct fake_reg *r = &f->regs[f->nregs++];

	assert_true(f->nregs <= FAKE_REGS);
	r->id = id;
	r->value = value;
	r->rule = rule;
	r->allowed = allowed;
	r->err = err;
}

/* The bytes of a register: the value, repeated for registers wider than 8. */
static void fake_reg_bytes(uint64_t id, uint64_t value, uint8_t *buf)
{
	unsigned int i, size = HVABI_KVM_REG_SIZE(id);

	if (size <= 8) {
		uint8_t b8 = (uint8_t)value;
		uint16_t b16 = (uint16_t)value;
		uint32_t b32 = (uint32_t)value;

		if (size == 1)
			memcpy(buf, &b8, 1);
		else if (size == 2)
			memcpy(buf, &b16, 2);
		else if (size == 4)
			memcpy(buf, &b32, 4);
		else
			memcpy(buf, &value, 8);
		return;
	}
	for (i = 0; i < size; i++)
		buf[i] = (uint8_t)(value + i);
}

static uint64_t fake_buf_value(uint64_t id, const void *buf)
{
	uint64_t v = 0;

	memcpy(&v, buf, HVABI_KVM_REG_SIZE(id) < 8 ? HVABI_KVM_REG_SIZE(id) : 8);
	return v;
}

static int fake_set_reg(struct fake *f, struct fake_reg *r, uint64_t v)
{
	unsigned int i;

	switch (r->rule) {
	case REG_BITMAP:
		if (v & ~r->allowed)
			return -EINVAL;
		break;
	case REG_VERSION:
		for (i = 0; i < f->nversions; i++)
			if (f->versions[i] == v)
				break;
		if (i == f->nversions)
			return -EINVAL;
		break;
	case REG_RISCV:
		if (v > 1)
			return -EINVAL;
		if (v != r->value && !r->allowed)
			return r->err;
		break;
	default:
		return -EINVAL;
	}
	r->value = v;
	f->writes++;
	return 0;
}

/* One cpuid entry, numbered: basic leaves first, then KVM's. */
static void fake_cpuid_entry(uint32_t i, uint32_t salt, struct hvabi_kvm_cpuid_entry2 *e)
{
	memset(e, 0, sizeof(*e));
	e->function = i < 50 ? i : 0x40000000u + (i - 50);
	e->index = i == 7 ? 1 : 0;
	e->eax = 0x1000u * i + 1 + salt;
	e->ebx = 0x1000u * i + 2 + salt;
	e->ecx = 0x1000u * i + 3 + salt;
	e->edx = 0x1000u * i + 4 + salt;
}

static int fake_cpuid(struct fake *f, void *arg, uint32_t need, uint32_t salt, bool hv)
{
	struct hvabi_kvm_cpuid2 *c = arg;
	uint32_t i;

	f->cpuid_calls++;
	if (c->nent < need) {
		if (f->tell_nent)
			c->nent = need;
		return -E2BIG;
	}
	for (i = 0; i < need; i++) {
		fake_cpuid_entry(i, salt, &c->entries[i]);
		if (hv)
			c->entries[i].function = 0x40000000u + i;
	}
	c->nent = need;
	return 0;
}

static uint64_t fake_msr_value(uint32_t index)
{
	return ((uint64_t)index << 32) | 0xabcd;
}

static int fake_msrs(struct fake *f, int fd, struct hvabi_kvm_msrs *m)
{
	uint32_t i, k;

	f->msrs_fd_type = fake_fd_type(f, fd);
	for (i = 0; i < m->nmsrs; i++) {
		for (k = 0; k < f->nrefuse; k++)
			if (m->entries[i].index == f->refuse[k])
				return (int)i;
		m->entries[i].data = fake_msr_value(m->entries[i].index);
	}
	return f->msr_overcount ? (int)i + 1 : (int)i;
}

static int fake_ioctl(void *ctx, int fd, unsigned long req, void *arg)
{
	struct fake *f = ctx;
	enum fd_type type = fake_fd_type(f, fd);
	struct fake_reg *reg;

	f->calls++;
	if (f->eintr) {
		f->eintr--;
		return -EINTR;
	}
	if (f->fail_at && f->calls == f->fail_at)
		return f->fail_err;
	if (f->fail_req == req && ++f->fail_seen == f->fail_nth)
		return f->fail_err;
	if (type == FD_FREE)
		return -EBADF;

	switch (req) {
	case HVABI_KVM_GET_API_VERSION:
		return type == FD_SYS ? 12 : -EINVAL;
	case HVABI_KVM_CHECK_EXTENSION: {
		uintptr_t cap = (uintptr_t)arg;

		f->cap_fd_type = type;
		return cap < 256 ? f->caps[cap] : 0;
	}
	case HVABI_KVM_CREATE_VM: {
		int r;

		if (type != FD_SYS || arg)
			return -EINVAL;
		r = fake_fd_alloc(f, FD_VM);
		if (r >= 0)
			f->creates++;
		return r;
	}
	case HVABI_KVM_CREATE_VCPU:
		if (type != FD_VM || arg)
			return -EINVAL;
		return fake_fd_alloc(f, FD_VCPU);
	case HVABI_KVM_ARM_PREFERRED_TARGET: {
		struct hvabi_kvm_vcpu_init *init = arg;

		if (type != FD_VM || f->arch != HVABI_ARCH_ARM64)
			return -EINVAL;
		memset(init, 0, sizeof(*init));
		init->target = HVABI_KVM_ARM_TARGET_GENERIC_V8;
		/* A kernel may suggest features; the probe must choose its own. */
		init->features[0] = 1u << HVABI_KVM_ARM_VCPU_PMU_V3;
		return 0;
	}
	case HVABI_KVM_ARM_VCPU_INIT: {
		struct hvabi_kvm_vcpu_init *init = arg;

		if (type != FD_VCPU)
			return -EINVAL;
		/* a host with no optional feature: the probe's trials are refused */
		if (init->features[0] & ~(1u << HVABI_KVM_ARM_VCPU_PSCI_0_2 |
					  1u << HVABI_KVM_ARM_VCPU_POWER_OFF))
			return -EINVAL;
		f->init_target = init->target;
		memcpy(f->init_features, init->features, sizeof(f->init_features));
		f->inited = true;
		return 0;
	}
	case HVABI_KVM_GET_REG_LIST: {
		struct hvabi_kvm_reg_list *l = arg;
		uint64_t have = f->nregs, n = l->n;
		unsigned int i;

		if (type != FD_VCPU)
			return -EINVAL;
		if (f->arch == HVABI_ARCH_ARM64 && !f->inited)
			return -ENOEXEC;
		if (f->reg_list_calls++ == 0)
			have -= f->hide_regs;
		if (f->bogus_e2big && n)
			return -E2BIG;
		l->n = have;
		if (n < have)
			return -E2BIG;
		for (i = 0; i < have; i++)
			l->reg[i] = f->regs[i].id;
		return 0;
	}
	case HVABI_KVM_GET_ONE_REG:
	case HVABI_KVM_SET_ONE_REG: {
		struct hvabi_kvm_one_reg *one = arg;
		uint8_t buf[HVABI_VALUE_MAX_BYTES];

		if (type != FD_VCPU)
			return -EINVAL;
		reg = fake_reg(f, one->id);
		if (!reg)
			return -ENOENT;
		if (req == HVABI_KVM_SET_ONE_REG)
			return fake_set_reg(f, reg, fake_buf_value(one->id,
								   (void *)(uintptr_t)one->addr));
		fake_reg_bytes(one->id, reg->value, buf);
		if (fd == f->skew_fd && one->id == f->skew_id)
			buf[0] ^= 1;
		memcpy((void *)(uintptr_t)one->addr, buf, HVABI_KVM_REG_SIZE(one->id));
		return 0;
	}
	case HVABI_KVM_ARM_GET_REG_WRITABLE_MASKS: {
		struct hvabi_kvm_reg_mask_range *range = arg;

		if (type != FD_VM || range->range)
			return -EINVAL;
		memcpy((void *)(uintptr_t)range->addr, f->masks, sizeof(f->masks));
		return 0;
	}
	case HVABI_KVM_HAS_DEVICE_ATTR: {
		struct hvabi_kvm_device_attr *a = arg;

		if (type != FD_VM || a->flags)
			return -EINVAL;
		if (f->has_filter && a->group == 0 && a->attr == 0)
			return 0;
		return f->filter_err;
	}
	case HVABI_KVM_GET_SUPPORTED_CPUID:
		if (type != FD_SYS)
			return -EINVAL;
		return fake_cpuid(f, arg, f->ncpuid, 0, false);
	case HVABI_KVM_GET_SUPPORTED_HV_CPUID:
		if (type != FD_SYS)
			return -EINVAL;
		return fake_cpuid(f, arg, f->nhv, 0x100, true);
	case HVABI_KVM_GET_CPUID2:
		if (type != FD_VCPU)
			return -EINVAL;
		return fake_cpuid(f, arg, f->ncpuid_vm, 0x200, false);
	case HVABI_KVM_GET_MSR_FEATURE_INDEX_LIST: {
		struct hvabi_kvm_msr_list *l = arg;
		uint32_t n = l->nmsrs, have = f->nmsrs;

		if (type != FD_SYS)
			return -EINVAL;
		if (f->msr_list_calls++ == 0)
			have -= f->hide_msrs;
		l->nmsrs = have;
		if (n < have)
			return -E2BIG;
		memcpy(l->indices, f->msrs, have * sizeof(f->msrs[0]));
		return 0;
	}
	case HVABI_KVM_GET_MSRS: {
		struct hvabi_kvm_msrs *m = arg;

		if (m->nmsrs >= 256)
			return -E2BIG;
		return fake_msrs(f, fd, m);
	}
	case HVABI_KVM_ENABLE_CAP: {
		struct hvabi_kvm_enable_cap *cap = arg;
		uint16_t range = 0x0101;

		if (type != FD_VCPU || cap->cap != HVABI_KVM_CAP_HYPERV_ENLIGHTENED_VMCS)
			return -EINVAL;
		if (!f->evmcs)
			return -ENOTTY;
		memcpy((void *)(uintptr_t)cap->args[0], &range, sizeof(range));
		return 0;
	}
	default:
		return -ENOTTY;
	}
}

static int fake_close(void *ctx, int fd)
{
	struct fake *f = ctx;

	if (fake_fd_type(f, fd) == FD_FREE)
		return -EBADF;
	f->fds[fd - FAKE_FD_BASE] = FD_FREE;
	return f->close_err;
}

static int fake_release(void *ctx, char *buf, size_t len)
{
	struct fake *f = ctx;

	if (f->release_err)
		return f->release_err;
	assert_true(len > 16);
	strcpy(buf, "6.12.0-fake");
	return 0;
}

static const struct hvabi_backend_ops fake_ops = {
	.ioctl = fake_ioctl,
	.close = fake_close,
	.release = fake_release,
};

static const struct hvabi_backend_ops fake_ops_no_release = {
	.ioctl = fake_ioctl,
	.close = fake_close,
	.release = NULL,
};

/* A handle on @f, made as the simulator makes one; hvabi_kvm_free() frees it. */
static struct hvabi_kvm *fake_kvm(struct fake *f)
{
	struct hvabi_kvm *kvm = NULL;

	assert_int_equal(hvabi_kvm_new_with_ops(&fake_ops, f, fake_fd_alloc(f, FD_SYS), true,
						f->arch, HVABI_ORIGIN_SIMULATED, &kvm), 0);
	return kvm;
}

/* ---- fake hosts ---- */

#define SYSREG HVABI_ARM64_SYS_REG
#define REG_CORE0 (HVABI_KVM_REG_ARM64 | HVABI_KVM_REG_SIZE_U64 | HVABI_KVM_REG_ARM_CORE)
#define REG_MIDR SYSREG(3, 0, 0, 0, 0)
#define REG_MPIDR SYSREG(3, 0, 0, 0, 5)
#define REG_PFR0 SYSREG(3, 0, 0, 4, 0)
#define REG_ISAR0 SYSREG(3, 0, 0, 6, 0)
#define REG_CTR SYSREG(3, 3, 0, 0, 1)
#define REG_SCTLR SYSREG(3, 0, 1, 0, 0)
#define REG_CSSELR SYSREG(3, 2, 0, 0, 0)
#define REG_DBGBVR0 SYSREG(2, 0, 0, 0, 4)
#define REG_FW5 HVABI_KVM_REG_ARM_FW_REG(5)
#define REG_BMAP4 HVABI_KVM_REG_ARM_FW_FEAT_BMAP_REG(4)
#define REG_FW_WIDE (HVABI_KVM_REG_ARM64 | HVABI_KVM_REG_SIZE_U128 | HVABI_KVM_REG_ARM_FW | 0x10)

static void fake_arm64(struct fake *f)
{
	memset(f, 0, sizeof(*f));
	f->arch = HVABI_ARCH_ARM64;
	f->caps[HVABI_KVM_CAP_CHECK_EXTENSION_VM] = 1;
	f->caps[HVABI_KVM_CAP_ARM_SUPPORTED_REG_MASK_RANGES] = 1;
	f->has_filter = true;
	f->filter_err = -ENXIO;
	f->versions[0] = HVABI_PSCI_VERSION(0, 2);
	f->versions[1] = HVABI_PSCI_VERSION(1, 0);
	f->versions[2] = HVABI_PSCI_VERSION(1, 1);
	f->nversions = 3;
	f->masks[hvabi_arm64_feature_id_idx(0, 0, 0)] = 0;
	f->masks[hvabi_arm64_feature_id_idx(0, 4, 0)] = 0xff0000000000000full;
	f->masks[hvabi_arm64_feature_id_idx(0, 6, 0)] = 0xfffffff0ull;
	f->masks[hvabi_arm64_feature_id_idx(3, 0, 1)] = 0x0000000f000f000full;
	f->skew_fd = -1;

	fake_add_reg(f, REG_CORE0, 0x1234, REG_RO, 0, 0);
	/* regs.pstate: EL1h, DAIF masked (an AArch64 vCPU) */
	fake_add_reg(f, REG_CORE0 | 0x42, 0x3c5, REG_RO, 0, 0);
	fake_add_reg(f, REG_DBGBVR0, 0x55, REG_RO, 0, 0);
	fake_add_reg(f, REG_MIDR, 0x410fd4f1, REG_RO, 0, 0);
	fake_add_reg(f, REG_MPIDR, 0x80000000, REG_RO, 0, 0);
	fake_add_reg(f, REG_PFR0, 0x1100000011111112ull, REG_RO, 0, 0);
	fake_add_reg(f, REG_ISAR0, 0x0221100110212120ull, REG_RO, 0, 0);
	fake_add_reg(f, REG_SCTLR, 0x30d00800, REG_RO, 0, 0);
	fake_add_reg(f, REG_CSSELR, 0, REG_RO, 0, 0);
	fake_add_reg(f, REG_CTR, 0x8444c004, REG_RO, 0, 0);
	fake_add_reg(f, HVABI_KVM_REG_ARM_PSCI_VERSION, HVABI_PSCI_VERSION(1, 1), REG_VERSION,
		     0, 0);
	fake_add_reg(f, HVABI_KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1, 1, REG_RO, 0, 0);
	fake_add_reg(f, HVABI_KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2, 3, REG_RO, 0, 0);
	fake_add_reg(f, HVABI_KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3, 2, REG_RO, 0, 0);
	fake_add_reg(f, REG_FW5, 7, REG_RO, 0, 0);
	fake_add_reg(f, REG_FW_WIDE, 0x40, REG_RO, 0, 0);
	fake_add_reg(f, HVABI_KVM_REG_ARM_STD_BMAP, 0x1, REG_BITMAP, 0x1, 0);
	fake_add_reg(f, HVABI_KVM_REG_ARM_STD_HYP_BMAP, 0x1, REG_BITMAP, 0x1, 0);
	fake_add_reg(f, HVABI_KVM_REG_ARM_VENDOR_HYP_BMAP, 0x3, REG_BITMAP, 0x3, 0);
	fake_add_reg(f, HVABI_KVM_REG_ARM_VENDOR_HYP_BMAP_2, 0, REG_BITMAP, 0x3, 0);
	fake_add_reg(f, REG_BMAP4, 0x1, REG_RO, 0, 0);
}

#define X86_MSRS 200

static void fake_x86(struct fake *f)
{
	uint32_t i;

	memset(f, 0, sizeof(*f));
	f->arch = HVABI_ARCH_X86_64;
	f->caps[HVABI_KVM_CAP_CHECK_EXTENSION_VM] = 1;
	f->caps[HVABI_KVM_CAP_GET_MSR_FEATURES] = 1;
	f->caps[HVABI_KVM_CAP_SYS_HYPERV_CPUID] = 1;
	f->caps[HVABI_KVM_CAP_HYPERV_ENLIGHTENED_VMCS] = 1;
	f->caps[HVABI_KVM_CAP_ENFORCE_PV_FEATURE_CPUID] = 1;
	f->evmcs = true;
	/* More than the probe's first guesses, so that the tables must grow. */
	f->ncpuid = 100;
	f->nhv = 20;
	f->ncpuid_vm = 70;
	/* More than one KVM_GET_MSRS batch, with refusals in both. */
	for (i = 0; i < X86_MSRS; i++)
		f->msrs[i] = i < 100 ? 0x480 + i : 0xc0010000 + i;
	f->nmsrs = X86_MSRS;
	f->refuse[0] = f->msrs[10];
	f->refuse[1] = f->msrs[150];
	f->refuse[2] = f->msrs[X86_MSRS - 1];
	f->nrefuse = 3;
	f->skew_fd = -1;
}

#define RV_ISA(i) HVABI_RISCV_ISA_EXT_REG(i)
#define RV_SBI(i) HVABI_RISCV_SBI_EXT_REG(i)
#define RV_CONFIG_ISA HVABI_RISCV_REG(HVABI_KVM_REG_RISCV_CONFIG, 0, 0)
#define RV_ISA_MULTI_EN0 HVABI_RISCV_REG(HVABI_KVM_REG_RISCV_ISA_EXT, 1ull << 16, 0)

static void fake_riscv(struct fake *f)
{
	memset(f, 0, sizeof(*f));
	f->arch = HVABI_ARCH_RISCV64;
	f->caps[HVABI_KVM_CAP_CHECK_EXTENSION_VM] = 0;
	f->skew_fd = -1;
	fake_add_reg(f, RV_CONFIG_ISA, 0x112d, REG_RO, 0, 0);
	fake_add_reg(f, RV_ISA(0), 1, REG_RISCV, 0, -EINVAL);    /* A: on, cannot change */
	fake_add_reg(f, RV_ISA(2), 1, REG_RISCV, 1, 0);          /* D: on, can disable */
	fake_add_reg(f, RV_ISA(4), 0, REG_RISCV, 0, -EINVAL);    /* H: off, cannot enable */
	fake_add_reg(f, RV_ISA(15), 0, REG_RISCV, 1, 0);         /* V: off, can enable */
	fake_add_reg(f, RV_ISA_MULTI_EN0, 0x8021, REG_RO, 0, 0);
	fake_add_reg(f, RV_SBI(0), 1, REG_RISCV, 1, 0);          /* V01 */
	fake_add_reg(f, RV_SBI(6), 0, REG_RISCV, 1, 0);          /* PMU: off, can enable */
	fake_add_reg(f, RV_SBI(13), 0, REG_RISCV, 0, -ENOENT);   /* MPXY: host lacks it */
}

/* ---- helpers ---- */

static struct hvabi_featureset *probe_ok(struct fake *f)
{
	struct hvabi_kvm *kvm = fake_kvm(f);
	struct hvabi_featureset *fs = NULL;

	assert_int_equal(hvabi_kvm_probe(kvm, 0, &fs), 0);
	assert_non_null(fs);
	hvabi_kvm_free(kvm);
	assert_int_equal(fake_open_fds(f), 0);
	return fs;
}

static struct hvabi_entry find(const struct hvabi_featureset *fs, struct hvabi_key key)
{
	struct hvabi_entry e;

	assert_int_equal(hvabi_featureset_find(fs, &key, &e), 0);
	return e;
}

static struct hvabi_entry find_reg(const struct hvabi_featureset *fs, uint64_t id)
{
	return find(fs, hvabi_key_reg(id));
}

static bool has_reg(const struct hvabi_featureset *fs, uint64_t id)
{
	struct hvabi_key key = hvabi_key_reg(id);

	return hvabi_featureset_find(fs, &key, NULL) == 0;
}

static void assert_regs_unchanged(const struct fake *f, const struct fake *orig)
{
	unsigned int i;

	for (i = 0; i < f->nregs; i++)
		assert_int_equal(f->regs[i].value, orig->regs[i].value);
}

/* ---- hvabi_kvm_call: counting, EINTR ---- */

static void test_call_counts_each_kind(void **state)
{
	struct fake f;
	struct hvabi_kvm *kvm;
	struct hvabi_kvm_stats s;
	struct hvabi_kvm_one_reg one = { REG_MIDR, 0 };
	struct hvabi_kvm_device_attr attr = { 0, 0, 0, 0 };

	(void)state;
	fake_arm64(&f);
	kvm = fake_kvm(&f);
	assert_int_equal(hvabi_kvm_call(kvm, kvm->fd, HVABI_KVM_CHECK_EXTENSION,
					(void *)(uintptr_t)HVABI_KVM_CAP_CHECK_EXTENSION_VM), 1);
	assert_int_equal(hvabi_kvm_call(kvm, kvm->fd, HVABI_KVM_GET_ONE_REG, &one), -EINVAL);
	assert_int_equal(hvabi_kvm_call(kvm, kvm->fd, HVABI_KVM_SET_ONE_REG, &one), -EINVAL);
	assert_int_equal(hvabi_kvm_call(kvm, kvm->fd, HVABI_KVM_SET_ONE_REG, &one), -EINVAL);
	assert_int_equal(hvabi_kvm_call(kvm, kvm->fd, HVABI_KVM_HAS_DEVICE_ATTR, &attr), -EINVAL);
	assert_int_equal(hvabi_kvm_call(kvm, kvm->fd, HVABI_KVM_GET_DEVICE_ATTR, &attr), -ENOTTY);
	assert_int_equal(hvabi_kvm_call(kvm, kvm->fd, HVABI_KVM_SET_DEVICE_ATTR, &attr), -ENOTTY);
	assert_int_equal(stats_take(kvm, &s), 0);
	assert_int_equal(s.ioctls, 7);
	assert_int_equal(s.get_one_reg, 1);
	assert_int_equal(s.set_one_reg, 2);
	assert_int_equal(s.device_attr, 3);
	assert_int_equal(s.retries, 0);
	/* reset zeroed them; reading without reset keeps them */
	assert_int_equal(hvabi_kvm_get_stats(kvm, &s, sizeof(s)), 0);
	assert_int_equal(s.ioctls, 0);
	assert_int_equal(hvabi_kvm_call(kvm, kvm->fd, HVABI_KVM_GET_API_VERSION, NULL), 12);
	assert_int_equal(hvabi_kvm_get_stats(kvm, &s, sizeof(s)), 0);
	assert_int_equal(s.ioctls, 1);
	hvabi_kvm_free(kvm);
	assert_int_equal(fake_open_fds(&f), 0);
}

static void test_call_retries_eintr(void **state)
{
	struct fake f;
	struct hvabi_kvm *kvm;
	struct hvabi_kvm_stats s;

	(void)state;
	fake_arm64(&f);
	kvm = fake_kvm(&f);
	f.eintr = 3;
	assert_int_equal(hvabi_kvm_call(kvm, kvm->fd, HVABI_KVM_GET_API_VERSION, NULL), 12);
	assert_int_equal(stats_take(kvm, &s), 0);
	assert_int_equal(s.ioctls, 4);
	assert_int_equal(s.retries, 3);
	assert_int_equal(f.calls, 4);
	hvabi_kvm_free(kvm);
}

static void test_call_eintr_retry_is_bounded(void **state)
{
	struct fake f;
	struct hvabi_kvm *kvm;
	struct hvabi_kvm_stats s;

	(void)state;
	fake_arm64(&f);
	kvm = fake_kvm(&f);
	/* 64 retries after the first try: the 65th answer still counts. */
	f.eintr = 64;
	assert_int_equal(hvabi_kvm_call(kvm, kvm->fd, HVABI_KVM_GET_API_VERSION, NULL), 12);
	assert_int_equal(stats_take(kvm, &s), 0);
	assert_int_equal(s.ioctls, 65);
	assert_int_equal(s.retries, 64);
	/* One more EINTR and the caller gets it. */
	f.eintr = 65;
	assert_int_equal(hvabi_kvm_call(kvm, kvm->fd, HVABI_KVM_GET_API_VERSION, NULL),
			 -EINTR);
	assert_int_equal(stats_take(kvm, &s), 0);
	assert_int_equal(s.ioctls, 65);
	assert_int_equal(s.retries, 64);
	assert_int_equal(f.eintr, 0);
	/* A whole probe survives an EINTR storm shorter than the bound. */
	f.eintr = 40;
	{
		struct hvabi_featureset *fs = NULL;

		assert_int_equal(hvabi_kvm_probe(kvm, 0, &fs), 0);
		hvabi_featureset_free(fs);
	}
	hvabi_kvm_free(kvm);
	assert_int_equal(fake_open_fds(&f), 0);
}

static void test_call_and_close_reject_bad_handles(void **state)
{
	struct hvabi_kvm bare;

	(void)state;
	memset(&bare, 0, sizeof(bare));
	assert_int_equal(hvabi_kvm_call(NULL, 3, HVABI_KVM_GET_API_VERSION, NULL), -EINVAL);
	assert_int_equal(hvabi_kvm_call(&bare, 3, HVABI_KVM_GET_API_VERSION, NULL), -EINVAL);
	assert_int_equal(hvabi_kvm_close_fd(NULL, 3), -EINVAL);
	assert_int_equal(hvabi_kvm_close_fd(&bare, 3), -EINVAL);
	bare.ops = &fake_ops;
	assert_int_equal(hvabi_kvm_close_fd(&bare, -1), -EINVAL);
}

/* ---- handles ---- */

static void test_handle_accessors(void **state)
{
	struct fake f;
	struct hvabi_kvm *kvm;
	struct hvabi_kvm_stats s;

	(void)state;
	fake_riscv(&f);
	kvm = fake_kvm(&f);
	assert_int_equal(hvabi_kvm_get_arch(kvm), HVABI_ARCH_RISCV64);
	assert_int_equal(hvabi_kvm_get_fd(kvm), FAKE_FD_BASE);
	assert_int_equal(hvabi_kvm_get_arch(NULL), HVABI_ARCH_NONE);
	assert_int_equal(hvabi_kvm_get_fd(NULL), -1);
	assert_int_equal(hvabi_kvm_get_stats(NULL, &s, sizeof(s)), -EINVAL);
	assert_int_equal(hvabi_kvm_get_stats(kvm, NULL, sizeof(struct hvabi_kvm_stats)), -EINVAL);
	hvabi_kvm_free(kvm);
	hvabi_kvm_free(NULL);
}

/*
 * hvabi_kvm_new_with_ops(), the one constructor a backend has (the
 * simulator's only way to a handle): a handle needs an ioctl and a close
 * operation, an fd and an architecture; on failure it took nothing.
 */
static const struct hvabi_backend_ops fake_ops_no_close = {
	.ioctl = fake_ioctl,
};

static void test_new_with_ops(void **state)
{
	struct hvabi_kvm *kvm = NULL;
	struct fake f;
	int fd;

	(void)state;
	fake_x86(&f);
	fd = fake_fd_alloc(&f, FD_SYS);
	assert_int_equal(hvabi_kvm_new_with_ops(NULL, &f, fd, true, HVABI_ARCH_X86_64,
						HVABI_ORIGIN_SIMULATED, &kvm), -EINVAL);
	assert_int_equal(hvabi_kvm_new_with_ops(&fake_ops_no_close, &f, fd, true,
						HVABI_ARCH_X86_64, HVABI_ORIGIN_SIMULATED, &kvm),
			 -EINVAL);
	assert_int_equal(hvabi_kvm_new_with_ops(&fake_ops, &f, -1, true, HVABI_ARCH_X86_64,
						HVABI_ORIGIN_SIMULATED, &kvm), -EINVAL);
	assert_int_equal(hvabi_kvm_new_with_ops(&fake_ops, &f, fd, true, HVABI_ARCH_NONE,
						HVABI_ORIGIN_SIMULATED, &kvm), -EINVAL);
	assert_int_equal(hvabi_kvm_new_with_ops(&fake_ops, &f, fd, true, HVABI_ARCH_X86_64,
						HVABI_ORIGIN_SIMULATED, NULL), -EINVAL);
	assert_null(kvm);
	/* nothing was taken: the fd is still the caller's */
	assert_int_equal(fake_open_fds(&f), 1);
	assert_int_equal(hvabi_kvm_new_with_ops(&fake_ops, &f, fd, true, HVABI_ARCH_X86_64,
						HVABI_ORIGIN_SIMULATED, &kvm), 0);
	assert_int_equal(hvabi_kvm_get_fd(kvm), fd);
	assert_int_equal(hvabi_kvm_get_arch(kvm), HVABI_ARCH_X86_64);
	hvabi_kvm_free(kvm);
	assert_int_equal(fake_open_fds(&f), 0);
}

static void test_free_closes_only_its_own_fd(void **state)
{
	struct fake f;
	struct hvabi_kvm *kvm;

	(void)state;
	fake_x86(&f);
	kvm = fake_kvm(&f);
	kvm->own_fd = false;
	hvabi_kvm_free(kvm);
	assert_int_equal(fake_open_fds(&f), 1);
	kvm = fake_kvm(&f);
	hvabi_kvm_free(kvm);
	assert_int_equal(fake_open_fds(&f), 1);
	assert_int_equal(f.fds[0], FD_SYS);
	f.fds[0] = FD_FREE;
}

static unsigned int count_fds(void)
{
	unsigned int n = 0;
	int fd;

	/* Every fd below 256 that fcntl() knows is open. */
	for (fd = 0; fd < 256; fd++)
		n += fcntl(fd, F_GETFD) >= 0;
	return n;
}

static void test_open_errors(void **state)
{
	struct hvabi_kvm *kvm = (void *)0x1;
	char path[] = "/tmp/test-kvm-XXXXXX";
	unsigned int before = count_fds();
	int fd;

	(void)state;
	assert_int_equal(hvabi_kvm_open("/nonexistent/kvm", 0, &kvm), -ENOENT);
	assert_int_equal(hvabi_kvm_open("/dev/null", 0, &kvm), -ENOTTY);
	assert_int_equal(hvabi_kvm_open("/dev/null", 1, &kvm), -EINVAL);
	assert_int_equal(hvabi_kvm_open("/dev/null", 0, NULL), -EINVAL);
	/* open()'s own errno comes back: a directory cannot be opened read-write. */
	assert_int_equal(hvabi_kvm_open("/", 0, &kvm), -EISDIR);
	/* A regular file: not a KVM either. */
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(hvabi_kvm_open(path, 0, &kvm), -ENOTTY);
	unlink(path);
	assert_ptr_equal(kvm, (void *)0x1);
	/* Every fd the failed opens made was closed again. */
	assert_int_equal(count_fds(), before);
}

static void test_new_from_fd_errors(void **state)
{
	struct hvabi_kvm *kvm = (void *)0x1;
	int fd;

	(void)state;
	assert_int_equal(hvabi_kvm_new_from_fd(-1, 0, &kvm), -EINVAL);
	fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	assert_true(fd >= 0);
	assert_int_equal(hvabi_kvm_new_from_fd(fd, 1, &kvm), -EINVAL);
	assert_int_equal(hvabi_kvm_new_from_fd(fd, 0, NULL), -EINVAL);
	assert_int_equal(hvabi_kvm_new_from_fd(fd, 0, &kvm), -ENOTTY);
	/* The caller keeps its fd, failure or not. */
	assert_true(fcntl(fd, F_GETFD) >= 0);
	close(fd);
	assert_int_equal(hvabi_kvm_new_from_fd(fd, 0, &kvm), -EBADF);
	assert_ptr_equal(kvm, (void *)0x1);
}

static void test_host_arch_is_the_build_machine(void **state)
{
	struct utsname u;
	enum hvabi_arch want = HVABI_ARCH_NONE;

	(void)state;
	assert_int_equal(uname(&u), 0);
	if (!strcmp(u.machine, "x86_64"))
		want = HVABI_ARCH_X86_64;
	else if (!strcmp(u.machine, "aarch64"))
		want = HVABI_ARCH_ARM64;
	else if (!strcmp(u.machine, "riscv64"))
		want = HVABI_ARCH_RISCV64;
	assert_int_equal(hvabi_host_arch(), want);
}

static void test_kernel_backend(void **state)
{
	char buf[80];
	struct utsname u;
	struct hvabi_kvm kvm;
	int fd;

	(void)state;
	assert_int_equal(uname(&u), 0);
	assert_int_equal(hvabi_backend_kernel.release(NULL, buf, sizeof(buf)), 0);
	assert_string_equal(buf, u.release);
	assert_int_equal(hvabi_backend_kernel.release(NULL, buf, strlen(u.release)), -ERANGE);
	fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	assert_true(fd >= 0);
	memset(&kvm, 0, sizeof(kvm));
	kvm.ops = &hvabi_backend_kernel;
	kvm.fd = fd;
	/* -1/errno comes back as -errno. */
	assert_int_equal(hvabi_kvm_call(&kvm, fd, HVABI_KVM_GET_API_VERSION, NULL), -ENOTTY);
	assert_int_equal(hvabi_kvm_close_fd(&kvm, fd), 0);
	assert_int_equal(hvabi_kvm_close_fd(&kvm, fd), -EBADF);
	assert_int_equal(hvabi_kvm_call(&kvm, fd, HVABI_KVM_GET_API_VERSION, NULL), -EBADF);
}

/* ---- probe: arguments ---- */

static void test_probe_rejects_bad_arguments(void **state)
{
	struct fake f;
	struct hvabi_kvm *kvm;
	struct hvabi_featureset *fs = (void *)0x1;

	(void)state;
	fake_arm64(&f);
	kvm = fake_kvm(&f);
	assert_int_equal(hvabi_kvm_probe(NULL, 0, &fs), -EINVAL);
	assert_int_equal(hvabi_kvm_probe(kvm, 2, &fs), -EINVAL);
	/* the guest-read step needs a backend that maps struct kvm_run */
	assert_int_equal(hvabi_kvm_probe(kvm, HVABI_PROBE_GUEST_READS, &fs), -EOPNOTSUPP);
	assert_int_equal(hvabi_kvm_probe(kvm, 0, NULL), -EINVAL);
	kvm->arch = HVABI_ARCH_NONE;
	assert_int_equal(hvabi_kvm_probe(kvm, 0, &fs), -EINVAL);
	kvm->arch = HVABI_ARCH_ARM64;
	kvm->ops = NULL;
	assert_int_equal(hvabi_kvm_probe(kvm, 0, &fs), -EINVAL);
	kvm->ops = &fake_ops;
	assert_ptr_equal(fs, (void *)0x1);
	assert_int_equal(f.calls, 0);
	hvabi_kvm_free(kvm);
}

/* ---- probe: arm64 ---- */

static void test_probe_arm64(void **state)
{
	struct fake f, orig;
	struct hvabi_featureset *fs;
	struct hvabi_entry e;
	const struct hvabi_cat_table *t = hvabi_cat_table_of(HVABI_ARCH_ARM64);
	size_t i;
	unsigned int k;

	(void)state;
	fake_arm64(&f);
	orig = f;
	fs = probe_ok(&f);
	assert_int_equal(hvabi_featureset_get_arch(fs), HVABI_ARCH_ARM64);
	assert_string_equal(hvabi_featureset_get_kernel_release(fs), "6.12.0-fake");
	assert_int_equal(hvabi_featureset_get_origin(fs), HVABI_ORIGIN_SIMULATED);

	/* The vCPU had PSCI 0.2 and nothing else, not what the kernel suggested. */
	assert_int_equal(f.init_target, HVABI_KVM_ARM_TARGET_GENERIC_V8);
	assert_int_equal(f.init_features[0], 1u << HVABI_KVM_ARM_VCPU_PSCI_0_2);
	for (k = 1; k < 7; k++)
		assert_int_equal(f.init_features[k], 0);
	/* Capabilities were asked on the VM fd (cap 105). */
	assert_int_equal(f.cap_fd_type, FD_VM);

	/* Kept: the ID space, the firmware classes, catalogued registers. */
	assert_false(has_reg(fs, REG_CORE0));
	assert_false(has_reg(fs, REG_SCTLR));
	assert_false(has_reg(fs, REG_CSSELR));
	assert_false(has_reg(fs, REG_DBGBVR0));
	e = find_reg(fs, REG_MIDR);
	assert_int_equal(e.value, 0x410fd4f1);
	assert_int_equal(e.kind, HVABI_KIND_EXACT);
	assert_int_equal(e.flags, HVABI_ENTRY_HAS_MASK);
	assert_int_equal(e.mask, 0);
	e = find_reg(fs, REG_PFR0);
	assert_int_equal(e.value, 0x1100000011111112ull);
	assert_int_equal(e.kind, HVABI_KIND_IDFIELDS);
	assert_int_equal(e.scope, HVABI_SCOPE_VM);
	assert_int_equal(e.flags, HVABI_ENTRY_HAS_MASK);
	assert_int_equal(e.mask, 0xff0000000000000full);
	e = find_reg(fs, REG_ISAR0);
	assert_int_equal(e.mask, 0xfffffff0ull);
	e = find_reg(fs, REG_CTR);
	assert_int_equal(e.value, 0x8444c004);
	assert_int_equal(e.mask, 0x0000000f000f000full);
	assert_true(has_reg(fs, REG_MPIDR));

	/* Unknown firmware registers: kept, EXACT, no host facts. */
	e = find_reg(fs, REG_FW5);
	assert_int_equal(e.value, 7);
	assert_int_equal(e.kind, HVABI_KIND_EXACT);
	assert_int_equal(e.flags, 0);
	e = find_reg(fs, REG_BMAP4);
	assert_int_equal(e.value, 1);
	assert_int_equal(e.kind, HVABI_KIND_EXACT);
	assert_int_equal(e.flags, 0);
	e = find_reg(fs, REG_FW_WIDE);
	assert_int_equal(e.width, 16);
	assert_non_null(e.wide);
	for (k = 0; k < 16; k++)
		assert_int_equal(e.wide[k], 0x40 + k);

	/* Host facts of the catalogued firmware registers. */
	e = find_reg(fs, HVABI_KVM_REG_ARM_PSCI_VERSION);
	assert_int_equal(e.value, HVABI_PSCI_VERSION(1, 1));
	assert_int_equal(e.flags, HVABI_ENTRY_HAS_MIN | HVABI_ENTRY_HAS_MAX);
	assert_int_equal(e.min, HVABI_PSCI_VERSION(0, 2));
	assert_int_equal(e.max, HVABI_PSCI_VERSION(1, 1));
	e = find_reg(fs, HVABI_KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2);
	assert_int_equal(e.kind, HVABI_KIND_LEVEL);
	assert_int_equal(e.flags, HVABI_ENTRY_HAS_MAX);
	assert_int_equal(e.max, 3);
	e = find_reg(fs, HVABI_KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3);
	assert_int_equal(e.max, 2);
	e = find_reg(fs, HVABI_KVM_REG_ARM_VENDOR_HYP_BMAP);
	assert_int_equal(e.flags, HVABI_ENTRY_HAS_MAX);
	assert_int_equal(e.value, 0x3);
	assert_int_equal(e.max, 0x3);
	e = find_reg(fs, HVABI_KVM_REG_ARM_VENDOR_HYP_BMAP_2);
	assert_int_equal(e.value, 0);
	assert_int_equal(e.max, 0x3);
	e = find_reg(fs, HVABI_KVM_REG_ARM_STD_BMAP);
	assert_int_equal(e.max, 0x1);

	/* The SMCCC filter: an empty rangeset. */
	e = find(fs, hvabi_key_attr(HVABI_ATTR_VM, 0, 0));
	assert_int_equal(e.kind, HVABI_KIND_RANGESET);
	assert_int_equal(e.nranges, 0);

	/* Every catalogued capability, and 230, answered; 0 is recorded too. */
	e = find(fs, hvabi_key_cap(HVABI_KVM_CAP_ARM_SUPPORTED_REG_MASK_RANGES));
	assert_int_equal(e.value, 1);
	for (i = 0; i < t->n; i++)
		if (t->rows[i].key.ns == HVABI_NS_CAP)
			assert_int_equal(hvabi_featureset_find(fs, &t->rows[i].key, NULL), 0);

	/* Every register the probe wrote is back at its default. */
	assert_true(f.writes > 0);
	assert_regs_unchanged(&f, &orig);
	hvabi_featureset_free(fs);
}

static void test_probe_arm64_old_kernel(void **state)
{
	struct fake f;
	struct hvabi_featureset *fs;
	struct hvabi_entry e;
	struct hvabi_key filter = hvabi_key_attr(HVABI_ATTR_VM, 0, 0);

	(void)state;
	/* No cap 105, no writable masks, no VM attributes (EINVAL, as before 6.4). */
	fake_arm64(&f);
	f.caps[HVABI_KVM_CAP_CHECK_EXTENSION_VM] = 0;
	f.caps[HVABI_KVM_CAP_ARM_SUPPORTED_REG_MASK_RANGES] = 0;
	f.has_filter = false;
	f.filter_err = -EINVAL;
	/* ... and a PSCI register that takes no version the catalogue knows. */
	f.nversions = 0;
	fs = probe_ok(&f);
	assert_int_equal(f.cap_fd_type, FD_SYS);
	/* ID_AA64PFR0_EL1's CSV2/CSV3 measured by writing: this one takes nothing. */
	e = find_reg(fs, REG_PFR0);
	assert_int_equal(e.flags, HVABI_ENTRY_HAS_MASK);
	assert_int_equal(e.mask, 0);
	assert_int_equal(hvabi_featureset_find(fs, &filter, NULL), -ENOENT);
	e = find(fs, hvabi_key_cap(HVABI_KVM_CAP_ARM_SUPPORTED_REG_MASK_RANGES));
	assert_int_equal(e.value, 0);
	e = find_reg(fs, HVABI_KVM_REG_ARM_PSCI_VERSION);
	assert_int_equal(e.flags, 0);
	hvabi_featureset_free(fs);

	/* One that lets CSV2 and CSV3 be lowered: both in the mask, value restored. */
	fake_arm64(&f);
	f.caps[HVABI_KVM_CAP_ARM_SUPPORTED_REG_MASK_RANGES] = 0;
	fake_reg(&f, REG_PFR0)->rule = REG_BITMAP;
	fake_reg(&f, REG_PFR0)->allowed = 0x1100000011111112ull;
	fs = probe_ok(&f);
	e = find_reg(fs, REG_PFR0);
	assert_int_equal(e.flags, HVABI_ENTRY_HAS_MASK);
	assert_int_equal(e.mask, 0xff00000000000000ull);
	assert_int_equal(e.value, 0x1100000011111112ull);
	assert_int_equal(fake_reg(&f, REG_PFR0)->value, 0x1100000011111112ull);
	hvabi_featureset_free(fs);

	/* 6.4+ answer for a kernel without the filter group: ENXIO, same outcome. */
	fake_arm64(&f);
	f.has_filter = false;
	f.filter_err = -ENXIO;
	fs = probe_ok(&f);
	assert_int_equal(hvabi_featureset_find(fs, &filter, NULL), -ENOENT);
	hvabi_featureset_free(fs);
}

static void test_probe_arm64_reg_list_protocol(void **state)
{
	struct fake f;
	struct hvabi_kvm *kvm;
	struct hvabi_featureset *fs = NULL;

	(void)state;
	/* n = 0 first, then the size KVM asked for: two calls. */
	fake_arm64(&f);
	fs = probe_ok(&f);
	assert_int_equal(f.reg_list_calls, 2);
	hvabi_featureset_free(fs);

	/* The list grew between the sizing call and the read: a third call. */
	fake_arm64(&f);
	f.hide_regs = 1;
	fs = probe_ok(&f);
	assert_int_equal(f.reg_list_calls, 3);
	assert_true(has_reg(fs, REG_BMAP4));
	hvabi_featureset_free(fs);

	/* An E2BIG that does not ask for more: refused, not looped on. */
	fake_arm64(&f);
	f.bogus_e2big = true;
	kvm = fake_kvm(&f);
	fs = NULL;
	assert_int_equal(hvabi_kvm_probe(kvm, 0, &fs), -E2BIG);
	assert_null(fs);
	assert_int_equal(f.reg_list_calls, 2);
	hvabi_kvm_free(kvm);
	assert_int_equal(fake_open_fds(&f), 0);

	/* An empty list is a list. */
	fake_arm64(&f);
	f.nregs = 0;
	fs = probe_ok(&f);
	assert_int_equal(f.reg_list_calls, 1);
	assert_false(has_reg(fs, HVABI_KVM_REG_ARM_PSCI_VERSION));
	hvabi_featureset_free(fs);
}

static void test_probe_stats(void **state)
{
	struct fake f;
	struct hvabi_kvm *kvm;
	struct hvabi_featureset *fs = NULL;
	struct hvabi_kvm_stats s;
	struct hvabi_key pkey = hvabi_key_reg(HVABI_KVM_REG_ARM_PSCI_VERSION);
	const struct hvabi_cat_entry *psci = hvabi_cat_find(HVABI_ARCH_ARM64, &pkey);

	(void)state;
	assert_non_null(psci);
	fake_arm64(&f);
	kvm = fake_kvm(&f);
	assert_int_equal(hvabi_kvm_probe(kvm, 0, &fs), 0);
	assert_int_equal(hvabi_kvm_get_stats(kvm, &s, sizeof(s)), 0);
	/* One read per kept register: all but the two core ones, SCTLR, CSSELR, DBGBVR0. */
	assert_int_equal(s.get_one_reg, f.nregs - 5);
	/*
	 * Writes: 64 single bits per bitmap and a restore each; every version
	 * the catalogue knows for PSCI and a restore; none for the rest.
	 */
	assert_int_equal(s.set_one_reg, 4 * (64 + 1) + psci->nversions + 1);
	assert_int_equal(s.device_attr, 1);
	assert_int_equal(s.ioctls, f.calls);
	assert_int_equal(s.retries, 0);
	hvabi_featureset_free(fs);
	hvabi_kvm_free(kvm);
}

/* ---- probe: x86 ---- */

static void test_probe_x86(void **state)
{
	struct fake f;
	struct hvabi_featureset *fs;
	struct hvabi_entry e;
	struct hvabi_kvm_cpuid_entry2 ce;
	size_t i, ncpuid = 0, nhv = 0, nmsr = 0;
	uint32_t k;

	(void)state;
	fake_x86(&f);
	fs = probe_ok(&f);
	for (i = 0; i < hvabi_featureset_count(fs); i++) {
		assert_int_equal(hvabi_featureset_get_entry(fs, i, &e), 0);
		if (e.key.ns == HVABI_NS_CPUID && (e.key.id & HVABI_CPUID_TABLE_HYPERV))
			nhv++;
		else if (e.key.ns == HVABI_NS_CPUID)
			ncpuid++;
		else if (e.key.ns == HVABI_NS_MSR)
			nmsr++;
	}
	assert_int_equal(ncpuid, 4 * 100);
	assert_int_equal(nhv, 4 * 20);
	assert_int_equal(nmsr, X86_MSRS - 3);

	/* Every register of every leaf, value and maximum both KVM's. */
	for (k = 0; k < 100; k++) {
		fake_cpuid_entry(k, 0, &ce);
		e = find(fs, hvabi_key_cpuid(ce.function, ce.index, HVABI_CPUID_EBX));
		assert_int_equal(e.value, ce.ebx);
		assert_int_equal(e.flags, HVABI_ENTRY_HAS_MAX);
		assert_int_equal(e.max, ce.ebx);
		assert_int_equal(e.width, 4);
		e = find(fs, hvabi_key_cpuid(ce.function, ce.index, HVABI_CPUID_EDX));
		assert_int_equal(e.value, ce.edx);
	}
	e = find(fs, hvabi_key_cpuid(7, 1, HVABI_CPUID_EAX));
	assert_int_equal(e.value, 0x7001);
	e = find(fs, hvabi_key_cpuid(0x40000001, 0, HVABI_CPUID_EAX));
	assert_int_equal(e.kind, HVABI_KIND_BITMAP);
	e = find(fs, hvabi_key_hv_cpuid(0x40000003, 0, HVABI_CPUID_ECX));
	assert_int_equal(e.value, 0x3000 + 3 + 0x100);
	assert_int_equal(e.max, e.value);

	/* Feature MSRs: all but the refused ones. */
	for (k = 0; k < X86_MSRS; k++) {
		struct hvabi_key key = hvabi_key_msr(f.msrs[k]);

		if (k == 10 || k == 150 || k == X86_MSRS - 1) {
			assert_int_equal(hvabi_featureset_find(fs, &key, NULL), -ENOENT);
			continue;
		}
		e = find(fs, key);
		assert_int_equal(e.value, fake_msr_value(f.msrs[k]));
		assert_int_equal(e.flags, HVABI_ENTRY_HAS_MAX);
		assert_int_equal(e.max, e.value);
	}
	assert_int_equal(f.msrs_fd_type, FD_SYS);

	/* Capabilities on /dev/kvm; eVMCS: the version range KVM wrote. */
	assert_int_equal(f.cap_fd_type, FD_SYS);
	e = find(fs, hvabi_key_cap(HVABI_KVM_CAP_HYPERV_ENLIGHTENED_VMCS));
	assert_int_equal(e.value, 0x0101);
	e = find(fs, hvabi_key_cap(HVABI_KVM_CAP_GET_MSR_FEATURES));
	assert_int_equal(e.value, 1);
	e = find(fs, hvabi_key_cap(HVABI_KVM_CAP_SYS_HYPERV_CPUID));
	assert_int_equal(e.value, 1);
	assert_int_equal(f.creates, 1);
	hvabi_featureset_free(fs);
}

static void test_probe_x86_amd_and_old(void **state)
{
	struct fake f;
	struct hvabi_featureset *fs;
	struct hvabi_entry e;
	size_t i;

	(void)state;
	/* AMD: CHECK_EXTENSION(163) is 0, and no scratch VM is made for it. */
	fake_x86(&f);
	f.caps[HVABI_KVM_CAP_HYPERV_ENLIGHTENED_VMCS] = 0;
	f.evmcs = false;
	fs = probe_ok(&f);
	e = find(fs, hvabi_key_cap(HVABI_KVM_CAP_HYPERV_ENLIGHTENED_VMCS));
	assert_int_equal(e.value, 0);
	assert_int_equal(f.creates, 0);
	hvabi_featureset_free(fs);

	/* The cap is there but enabling it is not (ENOTTY): the check's answer stays. */
	fake_x86(&f);
	f.evmcs = false;
	fs = probe_ok(&f);
	e = find(fs, hvabi_key_cap(HVABI_KVM_CAP_HYPERV_ENLIGHTENED_VMCS));
	assert_int_equal(e.value, 1);
	assert_int_equal(f.creates, 1);
	hvabi_featureset_free(fs);

	/* No feature MSRs and no system Hyper-V CPUID: neither table is asked for. */
	fake_x86(&f);
	f.caps[HVABI_KVM_CAP_GET_MSR_FEATURES] = 0;
	f.caps[HVABI_KVM_CAP_SYS_HYPERV_CPUID] = 0;
	fs = probe_ok(&f);
	for (i = 0; i < hvabi_featureset_count(fs); i++) {
		assert_int_equal(hvabi_featureset_get_entry(fs, i, &e), 0);
		assert_int_not_equal(e.key.ns, HVABI_NS_MSR);
		assert_false(e.key.ns == HVABI_NS_CPUID && (e.key.id & HVABI_CPUID_TABLE_HYPERV));
	}
	assert_int_equal(f.msrs_fd_type, FD_FREE);
	hvabi_featureset_free(fs);

	/* No feature MSRs at all: an empty list. */
	fake_x86(&f);
	f.nmsrs = 0;
	fs = probe_ok(&f);
	assert_int_equal(f.msrs_fd_type, FD_FREE);
	hvabi_featureset_free(fs);
}

static void test_probe_x86_cpuid_sizing(void **state)
{
	struct fake f;
	struct hvabi_kvm *kvm;
	struct hvabi_featureset *fs = NULL;

	(void)state;
	/* KVM does not say how many: 64, 128 for the table; 16, 32 for Hyper-V. */
	fake_x86(&f);
	fs = probe_ok(&f);
	assert_int_equal(f.cpuid_calls, 2 + 2);
	hvabi_featureset_free(fs);

	/* KVM says how many: one retry each, with that size. */
	fake_x86(&f);
	f.ncpuid = 300;
	f.tell_nent = true;
	fs = probe_ok(&f);
	assert_int_equal(f.cpuid_calls, 2 + 2);
	hvabi_featureset_free(fs);

	/* Doubling up to the cap: 64 .. 4096, then E2BIG for the caller. */
	fake_x86(&f);
	f.ncpuid = 5000;
	kvm = fake_kvm(&f);
	fs = NULL;
	assert_int_equal(hvabi_kvm_probe(kvm, 0, &fs), -E2BIG);
	assert_null(fs);
	assert_int_equal(f.cpuid_calls, 7);
	hvabi_kvm_free(kvm);
	assert_int_equal(fake_open_fds(&f), 0);
}

static void test_probe_x86_msr_answers(void **state)
{
	struct fake f;
	struct hvabi_kvm *kvm;
	struct hvabi_featureset *fs = NULL;

	(void)state;
	/* KVM_GET_MSRS claiming more MSRs than it was given cannot be trusted. */
	fake_x86(&f);
	f.nrefuse = 0;
	f.msr_overcount = true;
	kvm = fake_kvm(&f);
	assert_int_equal(hvabi_kvm_probe(kvm, 0, &fs), -EIO);
	assert_null(fs);
	hvabi_kvm_free(kvm);
	assert_int_equal(fake_open_fds(&f), 0);

	/* A feature list that grew between the sizing call and the read. */
	fake_x86(&f);
	f.hide_msrs = 5;
	fs = probe_ok(&f);
	assert_int_equal(f.msr_list_calls, 3);
	hvabi_featureset_free(fs);
	fs = NULL;

	/* An E2BIG on the read that does not ask for more: the probe stops. */
	fake_x86(&f);
	f.fail_req = HVABI_KVM_GET_MSR_FEATURE_INDEX_LIST;
	f.fail_nth = 2;
	f.fail_err = -E2BIG;
	kvm = fake_kvm(&f);
	assert_int_equal(hvabi_kvm_probe(kvm, 0, &fs), -E2BIG);
	assert_null(fs);
	assert_int_equal(f.msr_list_calls, 1);
	hvabi_kvm_free(kvm);
	assert_int_equal(fake_open_fds(&f), 0);
}

/* ---- probe: riscv ---- */

static void test_probe_riscv(void **state)
{
	struct fake f, orig;
	struct hvabi_featureset *fs;
	struct hvabi_entry e;

	(void)state;
	fake_riscv(&f);
	orig = f;
	fs = probe_ok(&f);
	/* No cap 105: capabilities (if the catalogue lists any) go to /dev/kvm. */
	assert_int_equal(f.cap_fd_type, FD_SYS);
	assert_false(has_reg(fs, RV_CONFIG_ISA));
	assert_false(has_reg(fs, RV_ISA_MULTI_EN0));
	/* An enabled ISA extension: HAS_MIN 1 where KVM refuses to disable it. */
	e = find_reg(fs, RV_ISA(0));
	assert_int_equal(e.value, 1);
	assert_int_equal(e.flags, HVABI_ENTRY_HAS_MAX | HVABI_ENTRY_HAS_MIN);
	assert_int_equal(e.max, 1);
	assert_int_equal(e.min, 1);
	assert_int_equal(e.kind, HVABI_KIND_BITMAP);
	e = find_reg(fs, RV_ISA(2));
	assert_int_equal(e.value, 1);
	assert_int_equal(e.flags, HVABI_ENTRY_HAS_MAX | HVABI_ENTRY_HAS_MIN);
	assert_int_equal(e.min, 0);
	e = find_reg(fs, RV_ISA(4));
	assert_int_equal(e.value, 0);
	assert_int_equal(e.flags, HVABI_ENTRY_HAS_MAX);
	assert_int_equal(e.max, 0);
	e = find_reg(fs, RV_ISA(15));
	assert_int_equal(e.value, 0);
	assert_int_equal(e.max, 1);
	e = find_reg(fs, RV_SBI(0));
	assert_int_equal(e.max, 1);
	e = find_reg(fs, RV_SBI(6));
	assert_int_equal(e.value, 0);
	assert_int_equal(e.max, 1);
	e = find_reg(fs, RV_SBI(13));
	assert_int_equal(e.max, 0);
	/* V and PMU were enabled to see that they can be, then switched back off; D the other way. */
	assert_int_equal(f.writes, 6);
	assert_regs_unchanged(&f, &orig);
	hvabi_featureset_free(fs);
}

/* ---- probe: errors ---- */

static void (*const fakes[])(struct fake *) = { fake_arm64, fake_x86, fake_riscv };

/*
 * Fail each call of a complete probe in turn: the probe must return that
 * call's errno, hand back nothing and leave no fd open.
 */
static void test_probe_fails_on_every_call(void **state)
{
	size_t a;

	(void)state;
	for (a = 0; a < HVABI_ARRAY_SIZE(fakes); a++) {
		struct fake f;
		unsigned int n, k;
		struct hvabi_featureset *fs;

		fakes[a](&f);
		fs = probe_ok(&f);
		hvabi_featureset_free(fs);
		n = f.calls;
		assert_true(n > 5);
		for (k = 1; k <= n; k++) {
			struct hvabi_kvm *kvm;

			fakes[a](&f);
			f.fail_at = k;
			f.fail_err = -EIO;
			kvm = fake_kvm(&f);
			fs = (void *)0x1;
			assert_int_equal(hvabi_kvm_probe(kvm, 0, &fs), -EIO);
			assert_ptr_equal(fs, (void *)0x1);
			hvabi_kvm_free(kvm);
			assert_int_equal(fake_open_fds(&f), 0);
		}
	}
}

struct op_failure {
	void (*host)(struct fake *);
	unsigned long req;
	unsigned int nth;
	int err;
};

/* Each kind of call failing with what the kernel would say: that errno comes back. */
static void test_probe_errors_name_the_op(void **state)
{
	static const struct op_failure ops[] = {
		{ fake_arm64, HVABI_KVM_CHECK_EXTENSION, 1, -EBADF },
		{ fake_arm64, HVABI_KVM_CREATE_VM, 1, -ENOMEM },
		{ fake_arm64, HVABI_KVM_ARM_PREFERRED_TARGET, 1, -ENODEV },
		{ fake_arm64, HVABI_KVM_CREATE_VCPU, 1, -EMFILE },
		{ fake_arm64, HVABI_KVM_ARM_VCPU_INIT, 1, -ENOENT },
		{ fake_arm64, HVABI_KVM_GET_REG_LIST, 1, -ENOEXEC },
		{ fake_arm64, HVABI_KVM_GET_REG_LIST, 2, -EPERM },
		{ fake_arm64, HVABI_KVM_GET_ONE_REG, 3, -ENOENT },
		{ fake_arm64, HVABI_KVM_SET_ONE_REG, 1, -EBUSY },
		{ fake_arm64, HVABI_KVM_ARM_GET_REG_WRITABLE_MASKS, 1, -EFAULT },
		{ fake_arm64, HVABI_KVM_HAS_DEVICE_ATTR, 1, -EPERM },
		{ fake_x86, HVABI_KVM_CHECK_EXTENSION, 2, -EFAULT },
		{ fake_x86, HVABI_KVM_GET_SUPPORTED_CPUID, 1, -ENOMEM },
		{ fake_x86, HVABI_KVM_GET_SUPPORTED_HV_CPUID, 2, -EFAULT },
		{ fake_x86, HVABI_KVM_GET_MSR_FEATURE_INDEX_LIST, 1, -EINVAL },
		{ fake_x86, HVABI_KVM_GET_MSRS, 2, -EFAULT },
		{ fake_x86, HVABI_KVM_CREATE_VM, 1, -ENOMEM },
		{ fake_x86, HVABI_KVM_CREATE_VCPU, 1, -EEXIST },
		{ fake_x86, HVABI_KVM_ENABLE_CAP, 1, -EFAULT },
		{ fake_riscv, HVABI_KVM_CREATE_VM, 1, -ENOMEM },
		{ fake_riscv, HVABI_KVM_CREATE_VCPU, 1, -EINVAL },
		{ fake_riscv, HVABI_KVM_GET_REG_LIST, 2, -EFAULT },
		{ fake_riscv, HVABI_KVM_GET_ONE_REG, 2, -EFAULT },
		{ fake_riscv, HVABI_KVM_SET_ONE_REG, 1, -EBUSY },
		{ fake_riscv, HVABI_KVM_SET_ONE_REG, 2, -EBUSY },
	};
	size_t i;

	(void)state;
	for (i = 0; i < HVABI_ARRAY_SIZE(ops); i++) {
		struct fake f;
		struct hvabi_kvm *kvm;
		struct hvabi_featureset *fs = NULL;

		ops[i].host(&f);
		f.fail_req = ops[i].req;
		f.fail_nth = ops[i].nth;
		f.fail_err = ops[i].err;
		kvm = fake_kvm(&f);
		assert_int_equal(hvabi_kvm_probe(kvm, 0, &fs), ops[i].err);
		assert_int_equal(f.fail_seen, ops[i].nth);
		assert_null(fs);
		hvabi_kvm_free(kvm);
		assert_int_equal(fake_open_fds(&f), 0);
	}
}

static void test_probe_release_and_close_errors(void **state)
{
	struct fake f;
	struct hvabi_kvm *kvm;
	struct hvabi_featureset *fs = NULL;

	(void)state;
	fake_arm64(&f);
	f.release_err = -EFAULT;
	kvm = fake_kvm(&f);
	assert_int_equal(hvabi_kvm_probe(kvm, 0, &fs), -EFAULT);
	assert_null(fs);
	kvm->ops = &fake_ops_no_release;
	assert_int_equal(hvabi_kvm_probe(kvm, 0, &fs), -EINVAL);
	assert_null(fs);
	kvm->ops = &fake_ops;
	/* A scratch fd that fails to close fails the probe; both are still closed. */
	f.release_err = 0;
	f.close_err = -EIO;
	assert_int_equal(hvabi_kvm_probe(kvm, 0, &fs), -EIO);
	assert_null(fs);
	assert_int_equal(fake_open_fds(&f), 1);
	/* ... and the first error wins over a close error. */
	f.fail_req = HVABI_KVM_GET_REG_LIST;
	f.fail_nth = 1;
	f.fail_err = -ENOEXEC;
	assert_int_equal(hvabi_kvm_probe(kvm, 0, &fs), -ENOEXEC);
	assert_int_equal(fake_open_fds(&f), 1);
	f.close_err = 0;
	hvabi_kvm_free(kvm);
	assert_int_equal(fake_open_fds(&f), 0);
}

/* ---- hvabi_kvm_read_vm ---- */

struct vm {
	int vm_fd;
	int vcpu[3];
};

static struct vm fake_vm(struct fake *f, bool inited)
{
	struct vm vm;
	unsigned int i;

	vm.vm_fd = fake_fd_alloc(f, FD_VM);
	for (i = 0; i < 3; i++)
		vm.vcpu[i] = fake_fd_alloc(f, FD_VCPU);
	f->inited = inited;
	return vm;
}

static void test_read_vm_rejects_bad_arguments(void **state)
{
	struct fake f;
	struct hvabi_kvm *kvm;
	struct hvabi_featureset *fs = (void *)0x1;
	int fds[2] = { 5, -1 };

	(void)state;
	fake_arm64(&f);
	kvm = fake_kvm(&f);
	assert_int_equal(hvabi_kvm_read_vm(NULL, 3, fds, 1, 0, &fs), -EINVAL);
	assert_int_equal(hvabi_kvm_read_vm(kvm, -1, fds, 1, 0, &fs), -EINVAL);
	assert_int_equal(hvabi_kvm_read_vm(kvm, 3, NULL, 1, 0, &fs), -EINVAL);
	assert_int_equal(hvabi_kvm_read_vm(kvm, 3, fds, 0, 0, &fs), -EINVAL);
	assert_int_equal(hvabi_kvm_read_vm(kvm, 3, fds, 2, 0, &fs), -EINVAL);
	assert_int_equal(hvabi_kvm_read_vm(kvm, 3, fds, 1, 1, &fs), -EINVAL);
	assert_int_equal(hvabi_kvm_read_vm(kvm, 3, fds, 1, 0, NULL), -EINVAL);
	kvm->arch = HVABI_ARCH_NONE;
	assert_int_equal(hvabi_kvm_read_vm(kvm, 3, fds, 1, 0, &fs), -EINVAL);
	assert_ptr_equal(fs, (void *)0x1);
	assert_int_equal(f.calls, 0);
	hvabi_kvm_free(kvm);
}

static void test_read_vm_arm64(void **state)
{
	struct fake f;
	struct hvabi_kvm *kvm;
	struct hvabi_featureset *fs = NULL;
	struct hvabi_entry e;
	struct vm vm;
	size_t i;

	(void)state;
	fake_arm64(&f);
	/* PSCI_VERSION, pinned by the VMM below the host's default. */
	fake_reg(&f, HVABI_KVM_REG_ARM_PSCI_VERSION)->value = HVABI_PSCI_VERSION(1, 0);
	vm = fake_vm(&f, true);
	kvm = fake_kvm(&f);
	assert_int_equal(hvabi_kvm_read_vm(kvm, vm.vm_fd, vm.vcpu, 3, 0, &fs), 0);
	assert_int_equal(f.writes, 0);
	assert_int_equal(f.creates, 0);
	assert_int_equal(f.cap_fd_type, FD_VM);
	assert_int_equal(hvabi_featureset_get_origin(fs), HVABI_ORIGIN_SIMULATED);
	assert_string_equal(hvabi_featureset_get_kernel_release(fs), "6.12.0-fake");
	e = find_reg(fs, HVABI_KVM_REG_ARM_PSCI_VERSION);
	assert_int_equal(e.value, HVABI_PSCI_VERSION(1, 0));
	/* Values only: a VM's set holds no host facts. */
	for (i = 0; i < hvabi_featureset_count(fs); i++) {
		assert_int_equal(hvabi_featureset_get_entry(fs, i, &e), 0);
		assert_int_equal(e.flags, 0);
	}
	assert_false(has_reg(fs, REG_SCTLR));
	assert_true(has_reg(fs, REG_FW_WIDE));
	hvabi_featureset_free(fs);
	fs = NULL;

	/* A per-vCPU register may differ between vCPUs: vCPU 0's is kept. */
	f.skew_fd = vm.vcpu[2];
	f.skew_id = REG_MPIDR;
	assert_int_equal(hvabi_kvm_read_vm(kvm, vm.vm_fd, vm.vcpu, 3, 0, &fs), 0);
	e = find_reg(fs, REG_MPIDR);
	assert_int_equal(e.value, 0x80000000);
	hvabi_featureset_free(fs);
	fs = NULL;

	/* A VM-wide one may not: no VM looks like that. */
	f.skew_id = HVABI_KVM_REG_ARM_VENDOR_HYP_BMAP;
	assert_int_equal(hvabi_kvm_read_vm(kvm, vm.vm_fd, vm.vcpu, 3, 0, &fs), -EIO);
	assert_null(fs);
	/* ... unless that vCPU is not asked about. */
	assert_int_equal(hvabi_kvm_read_vm(kvm, vm.vm_fd, vm.vcpu, 2, 0, &fs), 0);
	hvabi_featureset_free(fs);
	fs = NULL;

	/* Uninitialised vCPUs: KVM's ENOEXEC. */
	f.skew_fd = -1;
	f.inited = false;
	assert_int_equal(hvabi_kvm_read_vm(kvm, vm.vm_fd, vm.vcpu, 3, 0, &fs), -ENOEXEC);
	assert_null(fs);
	hvabi_kvm_free(kvm);
	/* The VMM's fds are its own: still open. */
	assert_int_equal(fake_open_fds(&f), 4);
}

static void test_read_vm_x86(void **state)
{
	struct fake f;
	struct hvabi_kvm *kvm;
	struct hvabi_featureset *fs = NULL;
	struct hvabi_entry e;
	struct hvabi_kvm_cpuid_entry2 ce;
	struct vm vm;
	size_t i, ncpuid = 0, nmsr = 0;

	(void)state;
	fake_x86(&f);
	vm = fake_vm(&f, true);
	kvm = fake_kvm(&f);
	assert_int_equal(hvabi_kvm_read_vm(kvm, vm.vm_fd, vm.vcpu, 3, 0, &fs), 0);
	for (i = 0; i < hvabi_featureset_count(fs); i++) {
		assert_int_equal(hvabi_featureset_get_entry(fs, i, &e), 0);
		assert_int_equal(e.flags, 0);
		ncpuid += e.key.ns == HVABI_NS_CPUID;
		nmsr += e.key.ns == HVABI_NS_MSR;
	}
	assert_int_equal(ncpuid, 4 * 70);
	assert_int_equal(nmsr, X86_MSRS - 3);
	fake_cpuid_entry(69, 0x200, &ce);
	e = find(fs, hvabi_key_cpuid(ce.function, ce.index, HVABI_CPUID_ECX));
	assert_int_equal(e.value, ce.ecx);
	/* The VM's values are read from vCPU 0, not from /dev/kvm. */
	assert_int_equal(f.msrs_fd_type, FD_VCPU);
	assert_int_equal(f.cap_fd_type, FD_VM);
	/* eVMCS is not enabled to read its range: that would change the vCPU. */
	e = find(fs, hvabi_key_cap(HVABI_KVM_CAP_HYPERV_ENLIGHTENED_VMCS));
	assert_int_equal(e.value, 1);
	assert_int_equal(f.creates, 0);
	hvabi_featureset_free(fs);
	hvabi_kvm_free(kvm);
	assert_int_equal(fake_open_fds(&f), 4);
}

static void test_read_vm_fails_on_every_call(void **state)
{
	size_t a;

	(void)state;
	for (a = 0; a < HVABI_ARRAY_SIZE(fakes); a++) {
		struct fake f;
		struct hvabi_kvm *kvm;
		struct hvabi_featureset *fs = NULL;
		struct vm vm;
		unsigned int n, k;

		fakes[a](&f);
		vm = fake_vm(&f, true);
		kvm = fake_kvm(&f);
		assert_int_equal(hvabi_kvm_read_vm(kvm, vm.vm_fd, vm.vcpu, 3, 0, &fs), 0);
		hvabi_featureset_free(fs);
		n = f.calls;
		assert_true(n > 3);
		for (k = 1; k <= n; k++) {
			f.calls = 0;
			f.fail_at = k;
			f.fail_err = -EFAULT;
			fs = (void *)0x1;
			assert_int_equal(hvabi_kvm_read_vm(kvm, vm.vm_fd, vm.vcpu, 3, 0, &fs),
					 -EFAULT);
			assert_ptr_equal(fs, (void *)0x1);
		}
		f.fail_at = 0;
		f.release_err = -EFAULT;
		fs = NULL;
		assert_int_equal(hvabi_kvm_read_vm(kvm, vm.vm_fd, vm.vcpu, 3, 0, &fs), -EFAULT);
		assert_null(fs);
		hvabi_kvm_free(kvm);
		assert_int_equal(f.writes, 0);
		assert_int_equal(fake_open_fds(&f), 4);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_call_counts_each_kind),
		cmocka_unit_test(test_call_retries_eintr),
		cmocka_unit_test(test_call_eintr_retry_is_bounded),
		cmocka_unit_test(test_call_and_close_reject_bad_handles),
		cmocka_unit_test(test_handle_accessors),
		cmocka_unit_test(test_new_with_ops),
		cmocka_unit_test(test_free_closes_only_its_own_fd),
		cmocka_unit_test(test_open_errors),
		cmocka_unit_test(test_new_from_fd_errors),
		cmocka_unit_test(test_host_arch_is_the_build_machine),
		cmocka_unit_test(test_kernel_backend),
		cmocka_unit_test(test_probe_rejects_bad_arguments),
		cmocka_unit_test(test_probe_arm64),
		cmocka_unit_test(test_probe_arm64_old_kernel),
		cmocka_unit_test(test_probe_arm64_reg_list_protocol),
		cmocka_unit_test(test_probe_stats),
		cmocka_unit_test(test_probe_x86),
		cmocka_unit_test(test_probe_x86_amd_and_old),
		cmocka_unit_test(test_probe_x86_cpuid_sizing),
		cmocka_unit_test(test_probe_x86_msr_answers),
		cmocka_unit_test(test_probe_riscv),
		cmocka_unit_test(test_probe_fails_on_every_call),
		cmocka_unit_test(test_probe_errors_name_the_op),
		cmocka_unit_test(test_probe_release_and_close_errors),
		cmocka_unit_test(test_read_vm_rejects_bad_arguments),
		cmocka_unit_test(test_read_vm_arm64),
		cmocka_unit_test(test_read_vm_x86),
		cmocka_unit_test(test_read_vm_fails_on_every_call),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
