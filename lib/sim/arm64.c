/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The simulated arm64 KVM. Each rule cites the kernel file it follows:
 * arch/arm64/kvm/arm.c (VM and vCPU ioctls, KVM_ARM_VCPU_INIT),
 * arch/arm64/kvm/guest.c (ONE_REG dispatch), arch/arm64/kvm/hypercalls.c
 * (firmware registers, SMCCC filter; psci.c before 5.18),
 * arch/arm64/kvm/sys_regs.c (ID registers, writable masks) and
 * arch/arm64/kernel/cpufeature.c (arm64_ftr_safe_value; the field tables
 * are the simulator's own copy, arm64-ftr.c).
 *
 * The models are calibrated against the real kernels in the kernel lab
 * (tests/kernels: kdiff runs one script of ioctls on both and compares
 * every answer). What a model takes from its host rather than from its
 * kernel is struct sim_host, changed with hvabi_sim_set_host(): the ID
 * register limits, MIDR/REVIDR/AIDR, CTR_EL0, CLIDR_EL1 and the CCSIDRs
 * before 6.3 (derived from CTR_EL0 since), the workaround levels and the
 * capabilities marked SIM_CAP_HOST.
 *
 * Not modelled: SVE, pointer-auth and PMU state in the ID registers and
 * the register list (the values are those of a vCPU without them; an SVE
 * vCPU has SVE_VLS and its rules, not its vector registers), vCPU
 * device attributes (every group answers ENXIO), the vGIC (no in-kernel
 * irqchip), PSTATE mode checks on core register writes, the timers'
 * counting (a counter register reads what was written; the lab compares
 * counters by presence only).
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sim-internal.h"

#define ARM64_REG_HI (HVABI_KVM_REG_ARM64 >> 32)

/* struct kvm_regs (arch/arm64/include/uapi/asm/kvm.h), offsets in u32 units */
#define CORE_OFF_SP 0x3e
#define CORE_OFF_PC 0x40
#define CORE_OFF_PSTATE 0x42
#define CORE_OFF_SP_EL1 0x44
#define CORE_OFF_ELR_EL1 0x46
#define CORE_OFF_SPSR 0x48
#define CORE_OFF_VREGS 0x54
#define CORE_OFF_FPSR 0xd4
#define CORE_OFF_FPCR 0xd5
#define CORE_ID(size, off) \
	(HVABI_KVM_REG_ARM64 | (size) | HVABI_KVM_REG_ARM_CORE | (uint64_t)(off))
/* PSR_MODE_EL1h with D, A, I, F masked: the reset PSTATE of an AArch64 vCPU */
#define RESET_PSTATE 0x3c5

/* The pattern reset_unknown() writes (arch/arm64/kvm/sys_regs.h). */
#define RESET_UNKNOWN 0x1de7ec7edbadc0deull

/* The arch timer registers GET_REG_LIST lists (guest.c copy_timer_indices) */
#define TIMER_CTL HVABI_ARM64_SYS_REG(3, 3, 14, 3, 1)
#define TIMER_CNT HVABI_ARM64_SYS_REG(3, 3, 14, 3, 2)
#define TIMER_CVAL HVABI_ARM64_SYS_REG(3, 3, 14, 0, 2)

#define PTIMER_CTL HVABI_ARM64_SYS_REG(3, 3, 14, 2, 1)
#define PTIMER_CNT HVABI_ARM64_SYS_REG(3, 3, 14, 0, 1)
#define PTIMER_CVAL HVABI_ARM64_SYS_REG(3, 3, 14, 2, 2)
/* ARCH_TIMER_CTRL_ENABLE, ARCH_TIMER_CTRL_IT_STAT */
#define TIMER_CTL_ENABLE 0x1ull
#define TIMER_CTL_ISTATUS 0x4ull

#define SYSREG_MPIDR HVABI_ARM64_SYS_REG(3, 0, 0, 0, 5)
#define SYSREG_PFR0 HVABI_ARM64_SYS_REG(3, 0, 0, 4, 0)
#define SYSREG_AA32_PFR1 HVABI_ARM64_SYS_REG(3, 0, 0, 1, 1)
#define SYSREG_DFR0 HVABI_ARM64_SYS_REG(3, 0, 0, 5, 0)
#define SYSREG_AA32_DFR0 HVABI_ARM64_SYS_REG(3, 0, 0, 1, 2)
#define SYSREG_MMFR0 HVABI_ARM64_SYS_REG(3, 0, 0, 7, 0)
#define SYSREG_MMFR3 HVABI_ARM64_SYS_REG(3, 0, 0, 7, 3)
#define SYSREG_CLIDR HVABI_ARM64_SYS_REG(3, 1, 0, 0, 1)
#define SYSREG_CTR HVABI_ARM64_SYS_REG(3, 3, 0, 0, 1)
#define SYSREG_MMFR2 HVABI_ARM64_SYS_REG(3, 0, 0, 7, 2)
#define SYSREG_CCSIDR HVABI_ARM64_SYS_REG(3, 1, 0, 0, 0)
#define SYSREG_CSSELR HVABI_ARM64_SYS_REG(3, 2, 0, 0, 0)
#define SYSREG_VBAR HVABI_ARM64_SYS_REG(3, 0, 12, 0, 0)
#define SYSREG_DCZID HVABI_ARM64_SYS_REG(3, 3, 0, 0, 7)
#define SYSREG_CNTFRQ HVABI_ARM64_SYS_REG(3, 3, 14, 0, 0)
/* DBG{B,W}{V,C}R<n>_EL1: op0 2, op1 0, CRn 0, CRm n, op2 4..7 */
#define SYSREG_DBG(n, op2) HVABI_ARM64_SYS_REG(2, 0, 0, n, op2)

/* The CCSIDR registers (KVM_REG_ARM_DEMUX_ID_CCSIDR): 32-bit, CSSELR in [7:0] */
#define DEMUX_CCSIDR(csselr) \
	(HVABI_KVM_REG_ARM64 | HVABI_KVM_REG_SIZE_U32 | HVABI_KVM_REG_ARM_DEMUX | (csselr))
#define DEMUX_ID_MASK 0xff00ull
#define DEMUX_VAL_MASK 0xffull

/* ID_AA64PFR0_EL1 fields the old rules name */
#define PFR0_CSV2_SHIFT 56
#define PFR0_CSV3_SHIFT 60
#define FIELD(v, shift) (((v) >> (shift)) & 0xfu)
#define FMASK(shift) (0xfull << (shift))

/* The SMCCC architecture ranges KVM always handles (kvm_smccc_filter_insert_reserved) */
#define SMC32_ARCH_START 0x80000000u
#define SMC32_ARCH_END 0x8000ffffu
#define SMC64_ARCH_START 0xc0000000u
#define SMC64_ARCH_END 0xc000ffffu
#define SMCCC_FILTER_ACTIONS 3

#define FEAT(b) (1u << HVABI_KVM_ARM_VCPU_##b)

/* The largest vector quantum of a bit-per-vq mask, 0 for none. */
static unsigned int vqs_max(uint64_t vqs)
{
	unsigned int m = 0;

	for (; vqs; vqs >>= 1)
		m++;
	return m;
}

static const struct sim_arm64_model *model_of(const struct sim_vm *vm)
{
	return vm->sim->model->arm64;
}

static int idreg_index(const struct sim_arm64_model *a, uint64_t id)
{
	for (uint8_t i = 0; i < a->nidregs; i++)
		if (a->idregs[i].id == id)
			return i;
	return -1;
}

/* The AArch32 ID registers: op0 3, op1 0, CRn 0, CRm 1-3 (is_aa32_id_reg()) */
static bool is_aa32_id(uint64_t id)
{
	unsigned int crm = (HVABI_ARM64_SYSREG_FIELDS(id) >> 3) & 15;

	return (HVABI_ARM64_SYSREG_FIELDS(id) & 0xff80) == 0xc000 && crm >= 1 && crm <= 3;
}

static uint64_t host_id(const struct hvabi_sim *sim, uint64_t id)
{
	int i = idreg_index(sim->model->arm64, id);

	return i < 0 ? 0 : sim->host.idval[i];
}

/* A capability's answer on this host (0 when the model does not know it). */
static int host_cap(const struct hvabi_sim *sim, uint32_t cap)
{
	const struct sim_model *m = sim->model;

	for (uint8_t i = 0; i < m->ncaps; i++)
		if (m->caps[i].cap == cap)
			return sim->host.capval[i];
	return 0;
}

/* kvm_supports_32bit_el0(): ID_AA64PFR0_EL1.EL0 says AArch32 */
static bool host_has_32bit_el0(const struct hvabi_sim *sim)
{
	return FIELD(host_id(sim, SYSREG_PFR0), 0) == 2;
}

static bool has_fw_reg(const struct sim_arm64_model *a, uint64_t id)
{
	for (uint8_t i = 0; i < a->nfw_regs; i++)
		if (a->fw_regs[i] == id)
			return true;
	return false;
}

/*
 * kvm_ipa_limit (kvm_set_ipa_limit(), reset.c): the host's PARange,
 * capped by what the kernel's page tables reach.
 */
static unsigned int host_ipa_limit(const struct hvabi_sim *sim)
{
	static const unsigned int parange[] = { 32, 36, 40, 42, 44, 48, 52 };
	unsigned int pa = (unsigned int)FIELD(host_id(sim, SYSREG_MMFR0), 0);
	unsigned int bits = pa < HVABI_ARRAY_SIZE(parange) ? parange[pa] : 52;
	unsigned int max = sim->model->arm64->pa_bits_max;

	return max && bits > max ? max : bits;
}

/* The capabilities computed from the host's ID registers (arm.c). */
int hvabi_sim_arm64_cap(const struct hvabi_sim *sim, uint32_t cap, int value)
{
	switch (cap) {
	case 93: /* KVM_CAP_ARM_EL1_32BIT: ARM64_HAS_32BIT_EL1 */
		return FIELD(host_id(sim, SYSREG_PFR0), 4) == 2;
	case 119: /* KVM_CAP_GUEST_DEBUG_HW_BPS: get_num_brps(), BRPs + 1 */
		return (int)FIELD(host_id(sim, SYSREG_DFR0), 12) + 1;
	case 120: /* KVM_CAP_GUEST_DEBUG_HW_WPS: get_num_wrps(), WRPs + 1 */
		return (int)FIELD(host_id(sim, SYSREG_DFR0), 20) + 1;
	case 165: /* KVM_CAP_ARM_VM_IPA_SIZE */
		return (int)host_ipa_limit(sim);
	default:
		return value;
	}
}

/* ----------------------------------------------------------------- host */

int hvabi_sim_arm64_init_host(struct hvabi_sim *sim)
{
	const struct sim_arm64_model *a = sim->model->arm64;

	if (a->nidregs > SIM_MAX_IDREGS)
		return -EINVAL;
	/* The Neoverse V1 dumps: Spectre-v2 unaffected, SSBS exposed, BHB mitigated */
	sim->host.wa[0] = HVABI_WA1_NOT_REQUIRED;
	sim->host.wa[1] = HVABI_WA2_NOT_AVAIL;
	sim->host.wa[2] = HVABI_WA3_AVAIL;
	memcpy(sim->host.bmap_supported, a->bmap_features, sizeof(a->bmap_features));
	for (uint8_t i = 0; i < a->nidregs; i++) {
		sim->host.idval[i] = a->idregs[i].value;
		sim->host.idhw[i] = a->idregs[i].hw ? a->idregs[i].hw : a->idregs[i].value;
	}
	/*
	 * Neoverse V1 caches (its TRM): L1 D and I 64KB 4-way, L2 1MB 8-way,
	 * 64-byte lines, as CCSIDR_EL1 without FEAT_CCIDX puts them.
	 */
	sim->host.ccsidr[0] = (255u << 13) | (3u << 3) | 2;
	sim->host.ccsidr[1] = (255u << 13) | (3u << 3) | 2;
	sim->host.ccsidr[2] = (2047u << 13) | (7u << 3) | 2;
	/*
	 * A Graviton3 (Neoverse V1) counts at 1050 MHz; DC ZVA zeroes 64
	 * bytes (DCZID_EL0.BS 4: 2^4 words); the CPU's own CTR_EL0 is the
	 * one KVM shows until a host says otherwise.
	 */
	sim->host.cntfrq = 1050000000;
	sim->host.dczid = 4;
	/* 256-bit SVE: vector quanta 1 and 2 */
	sim->host.sve_vqs = 0x3;
	sim->host.ctr_raw = host_id(sim, SYSREG_CTR);
	return 0;
}

int hvabi_sim_arm64_set_host(struct hvabi_sim *sim, const struct hvabi_key *key, uint64_t v)
{
	const struct sim_arm64_model *a = sim->model->arm64;
	unsigned int idx;
	int i;

	if (key->ns == HVABI_NS_GUEST_READ && !key->sel && !key->sub) {
		/* what the guest reads with no KVM in between (guest_read()) */
		switch (key->id) {
		case SYSREG_CNTFRQ:
			/* CNTFRQ_EL0 is 32 bits wide (bits 63:32 RES0) */
			if (v >> 32)
				return -EINVAL;
			sim->host.cntfrq = v;
			return 0;
		case SYSREG_DCZID:
			/* BS and DZP: bits 4:0 */
			if (v >> 5)
				return -EINVAL;
			sim->host.dczid = v;
			return 0;
		case SYSREG_CTR:
			sim->host.ctr_raw = v;
			return 0;
		default:
			return -ENOENT;
		}
	}
	if (key->ns != HVABI_NS_ONE_REG || key->sel || key->sub)
		return -ENOENT;
	if (key->id == HVABI_KVM_REG_ARM64_SVE_VLS) {
		/* the host's lengths, the register's first word (vq 1..64) */
		if (!v)
			return -EINVAL;
		sim->host.sve_vqs = v;
		return 0;
	}
	if ((key->id & ~DEMUX_VAL_MASK) == DEMUX_CCSIDR(0)) {
		/* the CPU's cache geometry, until 6.3 made it up from CTR_EL0 */
		idx = (unsigned int)(key->id & DEMUX_VAL_MASK);
		if (a->ccsidr_fabricated || idx >= SIM_CSSELR_MAX)
			return -ENOENT;
		if (v >> 32)
			return -EINVAL;
		sim->host.ccsidr[idx] = (uint32_t)v;
		return 0;
	}
	/* since 6.3 reset_clidr() makes CLIDR_EL1 up from CTR_EL0 */
	if (key->id == SYSREG_CLIDR && a->ccsidr_fabricated)
		return -ENOENT;
	switch (key->id) {
	case HVABI_KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1:
	case HVABI_KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3:
		/* get_kernel_wa_level(): NOT_AVAIL, AVAIL or NOT_REQUIRED */
		if (!has_fw_reg(a, key->id))
			return -ENOENT;
		if (v > HVABI_WA1_NOT_REQUIRED)
			return -EINVAL;
		sim->host.wa[key->id == HVABI_KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1 ? 0 : 2] =
			(uint8_t)v;
		return 0;
	case HVABI_KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2:
		/* the kernel only ever reports NOT_AVAIL or NOT_REQUIRED */
		if (v != HVABI_WA2_NOT_AVAIL && v != HVABI_WA2_NOT_REQUIRED)
			return -EINVAL;
		sim->host.wa[1] = (uint8_t)v;
		return 0;
	case HVABI_KVM_REG_ARM_STD_BMAP:
	case HVABI_KVM_REG_ARM_STD_HYP_BMAP:
	case HVABI_KVM_REG_ARM_VENDOR_HYP_BMAP:
	case HVABI_KVM_REG_ARM_VENDOR_HYP_BMAP_2:
		if (!has_fw_reg(a, key->id))
			return -ENOENT;
		idx = (unsigned int)(key->id & 0xffff);
		/*
		 * The kernels read build the mask from *_BMAP_BIT_COUNT; a host
		 * can only support fewer of those services, never others.
		 */
		if (v & ~a->bmap_features[idx])
			return -EINVAL;
		sim->host.bmap_supported[idx] = v;
		return 0;
	default:
		break;
	}
	i = idreg_index(a, key->id);
	if (i < 0)
		return -ENOENT;
	if (a->idregs[i].raz && v)
		return -EINVAL;
	/* MIDR_EL1 is a 32-bit register (bits 63:32 RES0) */
	if (key->id == HVABI_ARM64_SYS_REG(3, 0, 0, 0, 0) && (v >> 32))
		return -EINVAL;
	sim->host.idval[i] = v;
	/* the CPU's own CTR_EL0 is taken to be the one KVM shows until said otherwise */
	if (key->id == SYSREG_CTR)
		sim->host.ctr_raw = v;
	/*
	 * A field KVM hides (MPAM, MPAM_frac, NV) cannot be seen from user
	 * space: a host given by its visible values is taken to lack it.
	 */
	sim->host.idhw[i] = v;
	return 0;
}

/* ------------------------------------------------------------ VM, vCPU */

int hvabi_sim_arm64_vm_init(struct sim_vm *vm, unsigned long type)
{
	const struct hvabi_sim *sim = vm->sim;
	const struct sim_arm64_model *a = sim->model->arm64;
	unsigned long ipa = type & 0xff;
	int pfr0;

	/* kvm_init_ipa_range(): only the IPA size field; 0 means 40 bits */
	if (type & ~0xfful)
		return -EINVAL;
	if (ipa && (ipa < 32 || ipa > host_ipa_limit(sim)))
		return -EINVAL;
	/* kvm_arm_init_hypercalls(): every supported service, BMAP_2 left 0 */
	memcpy(vm->bmap, sim->host.bmap_supported, sizeof(vm->bmap));
	vm->bmap[3] = 0;
	memcpy(vm->idval, sim->host.idval, sizeof(vm->idval));
	pfr0 = idreg_index(a, HVABI_ARM64_SYS_REG(3, 0, 0, 4, 0));
	if (!a->writable_idregs && pfr0 >= 0) {
		/*
		 * set_default_spectre() (arm.c, 5.10-6.6): the VM starts with
		 * CSV2 = 1 exactly when the host is Spectre-v2 unaffected.
		 */
		vm->idval[pfr0] &= ~FMASK(PFR0_CSV2_SHIFT);
		if (sim->host.wa[0] == HVABI_WA1_NOT_REQUIRED)
			vm->idval[pfr0] |= 1ull << PFR0_CSV2_SHIFT;
	}
	return 0;
}

/*
 * reset_clidr() (6.3+): a cache hierarchy made up from CTR_EL0, not the
 * CPU's. IDC: no clean to PoU needed, so one unified cache at LoC (level 1
 * with DIC, else 2 below an L1 instruction cache); no IDC: an L1 data
 * cache at LoUU/LoUIS/LoC. No DIC: an L1 instruction cache as well.
 */
#define CTR_IDC (1ull << 28)
#define CTR_DIC (1ull << 29)
#define CLIDR_CTYPE(level, type) ((uint64_t)(type) << (3 * ((level) - 1)))

static uint64_t fabricated_clidr(uint64_t ctr)
{
	uint64_t clidr, loc;

	if (ctr & CTR_IDC) {
		loc = (ctr & CTR_DIC) ? 1 : 2;
		clidr = CLIDR_CTYPE(loc, 4);
	} else {
		loc = 1;
		clidr = (1ull << 27) | (1ull << 21) | CLIDR_CTYPE(1, 2);
	}
	if (!(ctr & CTR_DIC))
		clidr |= CLIDR_CTYPE(1, 1);
	return clidr | (loc << 24);
}

static void vcpu_reset(struct sim_vcpu *vcpu)
{
	const struct hvabi_sim *sim = vcpu->vm->sim;
	const struct sim_arm64_model *a = sim->model->arm64;
	size_t n = 0;
	uint64_t mpidr;

	memset(vcpu->regs, 0, vcpu->nregs * sizeof(*vcpu->regs));
	for (unsigned int i = 0; i < 31; i++)
		vcpu->regs[n++].id = CORE_ID(HVABI_KVM_REG_SIZE_U64, 2 * i);
	vcpu->regs[n++].id = CORE_ID(HVABI_KVM_REG_SIZE_U64, CORE_OFF_SP);
	vcpu->regs[n++].id = CORE_ID(HVABI_KVM_REG_SIZE_U64, CORE_OFF_PC);
	vcpu->regs[n].id = CORE_ID(HVABI_KVM_REG_SIZE_U64, CORE_OFF_PSTATE);
	vcpu->regs[n++].val[0] = RESET_PSTATE;
	vcpu->regs[n++].id = CORE_ID(HVABI_KVM_REG_SIZE_U64, CORE_OFF_SP_EL1);
	vcpu->regs[n++].id = CORE_ID(HVABI_KVM_REG_SIZE_U64, CORE_OFF_ELR_EL1);
	for (unsigned int i = 0; i < 5; i++)
		vcpu->regs[n++].id = CORE_ID(HVABI_KVM_REG_SIZE_U64, CORE_OFF_SPSR + 2 * i);
	for (unsigned int i = 0; i < 32; i++)
		vcpu->regs[n++].id =
			CORE_ID(HVABI_KVM_REG_SIZE_U128, CORE_OFF_VREGS + 4 * i);
	vcpu->regs[n++].id = CORE_ID(HVABI_KVM_REG_SIZE_U32, CORE_OFF_FPSR);
	vcpu->regs[n++].id = CORE_ID(HVABI_KVM_REG_SIZE_U32, CORE_OFF_FPCR);
	/* reset_mpidr(): the vCPU id spread over Aff0..Aff2, bit 31 RES1 */
	mpidr = (vcpu->id & 0x0f) | (((vcpu->id >> 4) & 0xff) << 8) |
		(((uint64_t)(vcpu->id >> 12) & 0xff) << 16) | (1ull << 31);
	vcpu->regs[n].id = SYSREG_MPIDR;
	vcpu->regs[n++].val[0] = mpidr;
	for (uint8_t i = 0; i < a->nsysregs; i++) {
		vcpu->regs[n].id = a->sysregs[i].id;
		vcpu->regs[n++].val[0] = a->sysregs[i].reset;
	}
	/* DBG_BCR_BVR_WCR_WVR_EL1(n): reset to 0 */
	for (unsigned int i = 0; i < a->ndbg; i++)
		for (unsigned int op2 = 4; op2 <= 7; op2++)
			vcpu->regs[n++].id = SYSREG_DBG(i, op2);
	vcpu->nregs = n;
	/* kvm_vcpu_enable_sve(): until finalised, the host's largest length */
	if ((vcpu->features & FEAT(SVE)) && !vcpu->sve_finalized)
		vcpu->sve_max_vq = vqs_max(sim->host.sve_vqs);
	if (a->ccsidr_fabricated)
		vcpu->clidr = fabricated_clidr(host_id(sim, SYSREG_CTR));
	else
		vcpu->clidr = host_id(sim, SYSREG_CLIDR);
	memset(vcpu->ccsidr, 0, sizeof(vcpu->ccsidr));
}

/* 31 x, sp, pc, pstate, sp_el1, elr_el1, 5 spsr, 32 v, fpsr, fpcr */
#define NCORE (31 + 3 + 2 + 5 + 32 + 2)

static size_t nvcpu_regs(const struct sim_arm64_model *a)
{
	return NCORE + 1 + a->nsysregs + 4u * a->ndbg;
}

int hvabi_sim_arm64_vcpu_init(struct sim_vcpu *vcpu)
{
	size_t n = nvcpu_regs(vcpu->vm->sim->model->arm64);

	vcpu->regs = calloc(n, sizeof(*vcpu->regs));
	if (!vcpu->regs)
		return -ENOMEM;
	vcpu->nregs = n;
	vcpu_reset(vcpu);
	return 0;
}

static struct sim_reg *plain_reg(struct sim_vcpu *vcpu, uint64_t id)
{
	for (size_t i = 0; i < vcpu->nregs; i++)
		if (vcpu->regs[i].id == id)
			return &vcpu->regs[i];
	return NULL;
}

/* ------------------------------------------------------------ vCPU init */

/* Host facts the feature checks need: a Neoverse V1 has no AArch32 EL1, no NV. */
static bool host_has_32bit_el1(const struct hvabi_sim *sim)
{
	return FIELD(host_id(sim, SYSREG_PFR0), 4) == 2;
}


/*
 * The combination checks every release makes (reset.c kvm_reset_vcpu()
 * before 6.7; arm.c kvm_vcpu_init_check_features() and
 * system_supported_vcpu_features() since): what the host lacks (32-bit
 * EL1, a PMU, SVE, pointer authentication, NV) is EINVAL.
 */
static int check_feature_combination(const struct hvabi_sim *sim, uint32_t f)
{
	if ((f & FEAT(EL1_32BIT)) && !host_has_32bit_el1(sim))
		return -EINVAL;
	/* address and generic pointer authentication only come together */
	if (!(f & FEAT(PTRAUTH_ADDRESS)) != !(f & FEAT(PTRAUTH_GENERIC)))
		return -EINVAL;
	if ((f & FEAT(PTRAUTH_ADDRESS)) &&
	    (!host_cap(sim, HVABI_KVM_CAP_ARM_PTRAUTH_ADDRESS) ||
	     !host_cap(sim, HVABI_KVM_CAP_ARM_PTRAUTH_GENERIC)))
		return -EINVAL;
	if ((f & FEAT(PMU_V3)) && !host_cap(sim, HVABI_KVM_CAP_ARM_PMU_V3))
		return -EINVAL;
	if ((f & FEAT(SVE)) && !host_cap(sim, HVABI_KVM_CAP_ARM_SVE))
		return -EINVAL;
	/* NV needs ARM64_HAS_NESTED_VIRT (KVM_CAP_ARM_EL2) and excludes AArch32 */
	if ((f & FEAT(HAS_EL2)) && (!host_cap(sim, 240) || (f & FEAT(EL1_32BIT))))
		return -EINVAL;
	/* HAS_EL2_E2H0 alone: 7.2 takes it (and it means nothing without HAS_EL2) */
	if ((f & FEAT(HAS_EL2_E2H0)) && !(f & FEAT(HAS_EL2)) &&
	    !sim->model->arm64->e2h0_alone)
		return -EINVAL;
	return 0;
}

static int vcpu_init_vm_wide(struct sim_vcpu *vcpu, const struct hvabi_kvm_vcpu_init *init)
{
	const struct sim_arm64_model *a = model_of(vcpu->vm);
	struct sim_vm *vm = vcpu->vm;
	/* kvm_arch_vcpu_ioctl_vcpu_init(): POWER_OFF is ephemeral since 6.7 */
	uint32_t f = init->features[0] & ~FEAT(POWER_OFF);
	int r;

	if (init->target != HVABI_KVM_ARM_TARGET_GENERIC_V8)
		return -EINVAL;
	/* kvm_vcpu_init_check_features(): unknown bits are ENOENT */
	if (f & ~a->valid_features)
		return -ENOENT;
	for (int i = 1; i < 7; i++)
		if (init->features[i])
			return -ENOENT;
	r = check_feature_combination(vm->sim, f);
	if (r)
		return r;
	if (!vcpu->inited) {
		/* __kvm_vcpu_set_target(): one feature set for the whole VM */
		if (vm->features_configured && vm->features != f)
			return -EINVAL;
		vcpu->features = f;
		vm->features = f;
		vm->features_configured = true;
		vcpu->inited = true;
	} else if (vcpu->features != f) {
		/* kvm_vcpu_init_changed() */
		return -EINVAL;
	}
	vcpu_reset(vcpu);
	return 0;
}

static int vcpu_init_per_vcpu(struct sim_vcpu *vcpu, const struct hvabi_kvm_vcpu_init *init)
{
	uint32_t f = 0;
	int r;

	/* kvm_vcpu_set_target() before 6.7: bit by bit, in order */
	if (init->target != HVABI_KVM_ARM_TARGET_GENERIC_V8)
		return -EINVAL;
	for (unsigned int i = 0; i < 7 * 32; i++) {
		bool set = init->features[i / 32] & (1u << (i % 32));

		/* KVM_VCPU_MAX_FEATURES is 7 (POWER_OFF .. PTRAUTH_GENERIC) */
		if (set && i >= 7)
			return -ENOENT;
		if (vcpu->inited && i < 7 && !!(vcpu->features & (1u << i)) != set)
			return -EINVAL;
		if (set)
			f |= 1u << i;
	}
	/*
	 * kvm_reset_vcpu() -> kvm_set_vm_width() (5.19-6.6): the first vCPU
	 * fixes the VM's register width, the others must follow it; the
	 * width stays set even when a later check refuses the vCPU.
	 */
	if (vcpu->vm->width_configured) {
		if (vcpu->vm->el1_32bit != !!(f & FEAT(EL1_32BIT))) {
			vcpu->inited = false;
			vcpu->features = 0;
			return -EINVAL;
		}
	} else if (!(f & FEAT(EL1_32BIT)) || host_has_32bit_el1(vcpu->vm->sim)) {
		vcpu->vm->width_configured = true;
		vcpu->vm->el1_32bit = f & FEAT(EL1_32BIT);
	}
	/* kvm_reset_vcpu(): a refused combination leaves the vCPU uninitialised */
	r = check_feature_combination(vcpu->vm->sim, f);
	if (r) {
		vcpu->inited = false;
		vcpu->features = 0;
		return r;
	}
	vcpu->features = f;
	vcpu->inited = true;
	vcpu_reset(vcpu);
	return 0;
}

static int vcpu_init(struct sim_vcpu *vcpu, const struct hvabi_kvm_vcpu_init *init)
{
	if (!init)
		return -EFAULT;
	if (model_of(vcpu->vm)->features_vm_wide)
		return vcpu_init_vm_wide(vcpu, init);
	return vcpu_init_per_vcpu(vcpu, init);
}

/* ---------------------------------------------------- firmware registers */

static uint64_t psci_version(const struct sim_vcpu *vcpu)
{
	/* kvm_psci_version() (include/kvm/arm_psci.h) */
	if (vcpu->features & FEAT(PSCI_0_2)) {
		if (vcpu->vm->psci_version)
			return vcpu->vm->psci_version;
		return model_of(vcpu->vm)->psci_latest;
	}
	return HVABI_PSCI_VERSION(0, 1);
}

static int fw_get(struct sim_vcpu *vcpu, const struct hvabi_kvm_one_reg *reg)
{
	const struct sim_arm64_model *a = model_of(vcpu->vm);
	const struct hvabi_sim *sim = vcpu->vm->sim;
	uint64_t val;

	/* kvm_arm_get_fw_reg(): the switch on the full id also catches other sizes */
	if (!has_fw_reg(a, reg->id))
		return -ENOENT;
	switch (reg->id) {
	case HVABI_KVM_REG_ARM_PSCI_VERSION:
		val = psci_version(vcpu);
		break;
	case HVABI_KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1:
		val = sim->host.wa[0];
		break;
	case HVABI_KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2:
		val = sim->host.wa[1];
		break;
	case HVABI_KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3:
		val = sim->host.wa[2];
		break;
	default:
		val = vcpu->vm->bmap[reg->id & 0xffff];
		break;
	}
	if (!reg->addr)
		return -EFAULT;
	memcpy(sim_uptr(reg->addr), &val, sizeof(val));
	return 0;
}

static int set_psci_version(struct sim_vcpu *vcpu, uint64_t val)
{
	const struct sim_arm64_model *a = model_of(vcpu->vm);
	bool wants_02 = vcpu->features & FEAT(PSCI_0_2);

	/* kvm_arm_set_fw_reg(): VM-wide, last writer wins, no EBUSY after run */
	if (val == HVABI_PSCI_VERSION(0, 1)) {
		if (wants_02)
			return -EINVAL;
		vcpu->vm->psci_version = val;
		return 0;
	}
	for (uint8_t i = 0; i < a->npsci_versions; i++) {
		if (a->psci_versions[i] != val)
			continue;
		if (!wants_02)
			return -EINVAL;
		vcpu->vm->psci_version = val;
		return 0;
	}
	return -EINVAL;
}

static int set_bmap(struct sim_vcpu *vcpu, unsigned int idx, uint64_t val)
{
	struct sim_vm *vm = vcpu->vm;

	/* kvm_arm_set_fw_reg_bmap(): unknown bits first, even after the run */
	if (val & ~vm->sim->host.bmap_supported[idx])
		return -EINVAL;
	if (vm->ran && val != vm->bmap[idx])
		return -EBUSY;
	vm->bmap[idx] = val;
	return 0;
}

static int fw_set(struct sim_vcpu *vcpu, const struct hvabi_kvm_one_reg *reg)
{
	const struct sim_arm64_model *a = model_of(vcpu->vm);
	const struct hvabi_sim *sim = vcpu->vm->sim;
	uint64_t val, level;

	/* the size check (a25bc8486f9c) and the id switch both give ENOENT */
	if (!has_fw_reg(a, reg->id))
		return -ENOENT;
	if (!reg->addr)
		return -EFAULT;
	memcpy(&val, sim_uptr(reg->addr), sizeof(val));
	switch (reg->id) {
	case HVABI_KVM_REG_ARM_PSCI_VERSION:
		return set_psci_version(vcpu, val);
	case HVABI_KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1:
	case HVABI_KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3:
		/* checked against the host, nothing stored */
		if (val & ~0xfull)
			return -EINVAL;
		level = sim->host.wa[2];
		if (reg->id == HVABI_KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1)
			level = sim->host.wa[0];
		return level < val ? -EINVAL : 0;
	case HVABI_KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2:
		if (val & ~(0xfull | HVABI_WA2_ENABLED))
			return -EINVAL;
		/* ENABLED only goes with AVAIL */
		if ((val & HVABI_WA2_ENABLED) && (val & 0xf) != HVABI_WA2_AVAIL)
			return -EINVAL;
		/* the four states fold to NOT_AVAIL or NOT_REQUIRED */
		switch (val & 0xf) {
		case HVABI_WA2_NOT_AVAIL:
		case HVABI_WA2_UNKNOWN:
			level = HVABI_WA2_NOT_AVAIL;
			break;
		case HVABI_WA2_AVAIL:
		case HVABI_WA2_NOT_REQUIRED:
			level = HVABI_WA2_NOT_REQUIRED;
			break;
		default:
			return -EINVAL;
		}
		return sim->host.wa[1] < level ? -EINVAL : 0;
	default:
		return set_bmap(vcpu, (unsigned int)(reg->id & 0xffff), val);
	}
}

/* --------------------------------------------------------- ID registers */

/* arm64_ftr_mask() (cpufeature.h): GENMASK(shift + width - 1, shift) */
static uint64_t ftr_mask(const struct sim_ftr_bits *f)
{
	uint64_t ones = f->width >= 64 ? ~0ull : (1ull << f->width) - 1;

	return ones << f->shift;
}

/* arm64_ftr_value(): FTR_SIGNED fields are two's complement (0xf: "none") */
static int64_t ftr_value(const struct sim_ftr_bits *f, uint64_t v)
{
	uint64_t x = (v & ftr_mask(f)) >> f->shift;

	if (f->sign && f->width < 64 && (x & (1ull << (f->width - 1))))
		return (int64_t)x - (int64_t)(1ull << f->width);
	return (int64_t)x;
}

/*
 * kvm_arm64_ftr_safe_value() (sys_regs.c, 6.12.107 lines 1408-1432, 7.2.8
 * lines 1737-1761): KVM takes PMUVer and DebugVer of ID_AA64DFR0_EL1 and
 * PerfMon of ID_DFR0_EL1 as lower-safe where the host's table says exact.
 */
static uint8_t kvm_ftr_type(uint64_t id, const struct sim_ftr_bits *f)
{
	if (id == SYSREG_DFR0 && (f->shift == 8 || f->shift == 0))
		return SIM_FTR_LOWER_SAFE;
	if (id == SYSREG_AA32_DFR0 && f->shift == 24)
		return SIM_FTR_LOWER_SAFE;
	return f->type;
}

/* arm64_ftr_safe_value() (arch/arm64/kernel/cpufeature.c) */
static int64_t ftr_safe_value(uint8_t type, int64_t safe_val, int64_t new, int64_t cur)
{
	switch (type) {
	case SIM_FTR_EXACT:
		return safe_val;
	case SIM_FTR_LOWER_SAFE:
		return new < cur ? new : cur;
	case SIM_FTR_HIGHER_OR_ZERO_SAFE:
		if (!cur || !new)
			return 0;
		return new > cur ? new : cur;
	default: /* SIM_FTR_HIGHER_SAFE */
		return new > cur ? new : cur;
	}
}

/* get_arm64_ftr_reg(): the kernel's table for @id, NULL if it has none */
static const struct sim_ftr_reg *ftr_reg_find(const struct sim_arm64_model *a, uint64_t id)
{
	for (uint8_t i = 0; a->ftr && i < a->ftr->nregs; i++)
		if (a->ftr->regs[i].id == id)
			return &a->ftr->regs[i];
	return NULL;
}

/*
 * arm64_check_features() (sys_regs.c, 6.12.107 lines 1446-1497, 7.2.8
 * lines 1775-1826): a RAZ register takes only 0; every field of the
 * kernel's table (arm64-ftr.c) that the writable mask covers whole must
 * be safe against the limit (the reset value), every other bit must
 * equal it. A register without a table is refused whatever the value.
 */
static bool check_features(const struct sim_vm *vm, int i, uint64_t val)
{
	const struct sim_idreg *r = &model_of(vm)->idregs[i];
	uint64_t limit = vm->sim->host.idval[i];
	const struct sim_ftr_reg *fr;
	uint64_t mask = 0;

	if (r->raz)
		return val == 0;
	fr = ftr_reg_find(model_of(vm), r->id);
	if (!fr)
		return false;
	for (uint8_t k = 0; k < fr->nbits; k++) {
		const struct sim_ftr_bits *f = &fr->bits[k];
		uint64_t fmask = ftr_mask(f);
		int64_t fval, flim;

		if ((fmask & r->mask) != fmask)
			continue;
		fval = ftr_value(f, val);
		flim = ftr_value(f, limit);
		mask |= fmask;
		if (fval == flim)
			continue;
		if (ftr_safe_value(kvm_ftr_type(r->id, f), f->safe_val, fval, flim) != fval)
			return false;
	}
	return (val & ~mask) == (limit & ~mask);
}

/* set_id_reg() (6.7+): after the run only the current value; -E2BIG reads EINVAL */
static int set_id_reg(struct sim_vm *vm, int i, uint64_t val)
{
	if (vm->ran)
		return val != vm->idval[i] ? -EBUSY : 0;
	if (!check_features(vm, i, val))
		return -EINVAL;
	vm->idval[i] = val;
	return 0;
}

/* Invariant registers (set_invariant_sys_reg, __set_id_reg before 6.7). */
static int set_invariant(const struct sim_vm *vm, int i, uint64_t val)
{
	return val != vm->idval[i] ? -EINVAL : 0;
}

/* set_id_aa64pfr0_el1() of 5.10-6.6: only CSV2 (and from 5.11 CSV3) may differ. */
static int set_pfr0_old(struct sim_vm *vm, int i, uint64_t val)
{
	const struct hvabi_sim *sim = vm->sim;
	bool csv3_writable = model_of(vm)->csv3_writable;
	uint64_t csv2 = FIELD(val, PFR0_CSV2_SHIFT);
	uint64_t csv3 = FIELD(val, PFR0_CSV3_SHIFT);
	uint64_t diff, free_bits = FMASK(PFR0_CSV2_SHIFT);

	/* not promising more than the host: CSV2 needs a Spectre-v2 unaffected host */
	if (csv2 > 1 || (csv2 && sim->host.wa[0] != HVABI_WA1_NOT_REQUIRED))
		return -EINVAL;
	if (csv3_writable) {
		/* ... and CSV3 a Meltdown-safe one (what the host's CSV3 says) */
		if (csv3 > 1 || (csv3 && FIELD(sim->host.idval[i], PFR0_CSV3_SHIFT) != 1))
			return -EINVAL;
		free_bits |= FMASK(PFR0_CSV3_SHIFT);
	}
	diff = (val ^ vm->idval[i]) & ~free_bits;
	if (diff)
		return -EINVAL;
	vm->idval[i] = val;
	return 0;
}

/* set_imp_id_reg() (6.15): MIDR/REVIDR/AIDR with KVM_CAP_ARM_WRITABLE_IMP_ID_REGS */
static int set_imp(struct sim_vm *vm, int i, uint64_t val)
{
	const struct sim_idreg *r = &model_of(vm)->idregs[i];

	if (val == vm->idval[i])
		return 0;
	if (!vm->imp_writable)
		return -EINVAL;
	if (vm->ran)
		return -EBUSY;
	if ((val & r->mask) != val)
		return -EINVAL;
	vm->idval[i] = val;
	return 0;
}

/* set_clidr() (6.3+): per vCPU, RES0 clear, IDC promised only if CTR_EL0 has it */
#define CLIDR_RES0 0xffff800000000000ull
#define CLIDR_LOUIS(v) (((v) >> 21) & 7)
#define CLIDR_LOC(v) (((v) >> 24) & 7)
#define CLIDR_LOUU(v) (((v) >> 27) & 7)
#define CTR_IDC (1ull << 28)

static int set_clidr(struct sim_vcpu *vcpu, uint64_t val)
{
	const struct sim_arm64_model *a = model_of(vcpu->vm);
	int ctr = idreg_index(a, HVABI_ARM64_SYS_REG(3, 3, 0, 0, 1));
	uint64_t ctr_el0 = ctr < 0 ? 0 : vcpu->vm->sim->host.idval[ctr];
	bool idc = !CLIDR_LOC(val) || (!CLIDR_LOUIS(val) && !CLIDR_LOUU(val));

	if ((val & CLIDR_RES0) || (!(ctr_el0 & CTR_IDC) && idc))
		return -EINVAL;
	vcpu->clidr = val;
	return 0;
}

/* The 6.14+ "accept the hardware value of a field KVM hides, then ignore it" */
static uint64_t hw_field_quirk(const struct sim_idreg *r, uint64_t hw, uint64_t val)
{
	uint64_t q;

	switch (r->rule) {
	case SIM_IDR_PFR0:
		q = FMASK(40); /* MPAM */
		break;
	case SIM_IDR_PFR1:
		q = FMASK(16); /* MPAM_frac */
		break;
	default:
		q = FMASK(24); /* ID_AA64MMFR2_EL1.NV */
		break;
	}
	if ((hw & q) == (val & q))
		val &= ~q;
	return val;
}

static int idreg_set(struct sim_vcpu *vcpu, int i, uint64_t val)
{
	const struct sim_arm64_model *a = model_of(vcpu->vm);
	const struct sim_idreg *r = &a->idregs[i];
	struct sim_vm *vm = vcpu->vm;

	/* aa32_id_visibility(): without 32-bit EL0, RAZ and writes ignored */
	if (is_aa32_id(r->id) && !host_has_32bit_el0(vm->sim))
		return 0;
	switch (r->rule) {
	case SIM_IDR_CLIDR:
		return a->clidr_writable ? set_clidr(vcpu, val) : set_invariant(vm, i, val);
	case SIM_IDR_IMP:
		return a->imp_id_cap ? set_imp(vm, i, val) : set_invariant(vm, i, val);
	case SIM_IDR_CTR:
		if (!a->writable_idregs)
			return set_invariant(vm, i, val);
		/* set_ctr_el0(): the reserved VPIPT/AIVIVT L1Ip values */
		if (a->ctr_l1ip_rule && ((val >> 14) & 3) < 2)
			return -EINVAL;
		return set_id_reg(vm, i, val);
	default:
		break;
	}
	if (!a->writable_idregs) {
		if (r->rule == SIM_IDR_PFR0)
			return set_pfr0_old(vm, i, val);
		return set_invariant(vm, i, val);
	}
	switch (r->rule) {
	case SIM_IDR_DFR0:
		/* set_id_aa64dfr0_el1(): IMP_DEF PMUVer reads as none; DebugVer >= 8.0 */
		if (FIELD(val, 8) == 0xf)
			val &= ~FMASK(8);
		if (FIELD(val, 0) < 6)
			return -EINVAL;
		break;
	case SIM_IDR_AA32DFR0:
		/* set_id_dfr0_el1(): IMPDEF PerfMon is none, else PMUv3+; CopDbg >= v8 */
		if (FIELD(val, 24) == 0xf)
			val &= ~FMASK(24);
		if (FIELD(val, 24) && FIELD(val, 24) < 3)
			return -EINVAL;
		if (FIELD(val, 0) < 6)
			return -EINVAL;
		break;
	case SIM_IDR_PFR0:
		/* set_id_aa64pfr0_el1() (7.2.8 sys_regs.c 2272-2275): AArch64 at EL0 and EL1 */
		if (a->pfr0_el_rule && (!FIELD(val, 0) || !FIELD(val, 4)))
			return -EINVAL;
		/* fall through */
	case SIM_IDR_PFR1:
	case SIM_IDR_MMFR2:
		if (a->hw_field_quirks)
			val = hw_field_quirk(r, vm->sim->host.idhw[i], val);
		break;
	default:
		break;
	}
	return set_id_reg(vm, i, val);
}

static int plain_access(struct sim_vcpu *vcpu, const struct hvabi_kvm_one_reg *reg,
			bool set)
{
	struct sim_reg *p = plain_reg(vcpu, reg->id);
	unsigned int size = HVABI_KVM_REG_SIZE(reg->id);

	if (!p) {
		/* get_core_reg(): a known offset with the wrong size is EINVAL */
		if ((reg->id & HVABI_KVM_REG_ARM_COPROC_MASK) == HVABI_KVM_REG_ARM_CORE) {
			for (size_t i = 0; i < vcpu->nregs; i++)
				if ((vcpu->regs[i].id & ~HVABI_KVM_REG_SIZE_MASK) ==
				    (reg->id & ~HVABI_KVM_REG_SIZE_MASK))
					return -EINVAL;
		}
		return -ENOENT;
	}
	if (!reg->addr)
		return -EFAULT;
	if (set)
		memcpy(p->val, sim_uptr(reg->addr), size);
	else
		memcpy(sim_uptr(reg->addr), p->val, size);
	return 0;
}

static uint64_t idreg_get(const struct sim_vcpu *vcpu, int i)
{
	const struct sim_arm64_model *a = model_of(vcpu->vm);

	if (a->idregs[i].rule == SIM_IDR_CLIDR)
		return vcpu->clidr;
	if (is_aa32_id(a->idregs[i].id) && !host_has_32bit_el0(vcpu->vm->sim))
		return 0;
	return vcpu->vm->idval[i];
}

/* The vCPU's timer registers that belong together (kvm_arm_timer_{get,set}_reg()). */
static const struct sim_reg *timer_peer(struct sim_vcpu *vcpu, uint64_t ctl, bool cnt)
{
	uint64_t id;

	if (ctl == TIMER_CTL)
		id = cnt ? TIMER_CNT : TIMER_CVAL;
	else
		id = cnt ? PTIMER_CNT : PTIMER_CVAL;
	return plain_reg(vcpu, id);
}

/*
 * read_timer_ctl(): ISTATUS when the timer has expired (CVAL at or below
 * the counter); until 6.12 whether or not it is enabled, since then only
 * while ENABLE is set.
 */
static uint64_t timer_ctl(struct sim_vcpu *vcpu, const struct sim_reg *p)
{
	const struct sim_reg *cval = timer_peer(vcpu, p->id, false);
	const struct sim_reg *cnt = timer_peer(vcpu, p->id, true);
	uint64_t ctl = p->val[0] & ~TIMER_CTL_ISTATUS;
	bool expired = !cval || !cnt || cval->val[0] <= cnt->val[0];

	if (model_of(vcpu->vm)->timer_istatus_enabled_only && !(ctl & TIMER_CTL_ENABLE))
		expired = false;
	return expired ? ctl | TIMER_CTL_ISTATUS : ctl;
}

static const struct sim_sysreg *sysreg_desc(const struct sim_arm64_model *a, uint64_t id)
{
	for (uint8_t i = 0; i < a->nsysregs; i++)
		if (a->sysregs[i].id == id)
			return &a->sysregs[i];
	return NULL;
}

/* sysreg_hidden(): registers of features the VM does not have */
static bool sysreg_visible(const struct sim_vcpu *vcpu, uint64_t id)
{
	const struct sim_arm64_model *a = model_of(vcpu->vm);
	const struct sim_sysreg *d = sysreg_desc(a, id);
	int mmfr3 = idreg_index(a, SYSREG_MMFR3);
	uint64_t v = mmfr3 < 0 ? 0 : vcpu->vm->idval[mmfr3];

	if (!d)
		return true;
	switch (d->kind) {
	case SIM_SR_VIS_TCRX:
		return FIELD(v, 0) != 0;
	case SIM_SR_VIS_S1PIE:
		return FIELD(v, 8) != 0;
	default:
		return true;
	}
}

/* kvm_arm_sys_reg_{get,set}_reg() for what is not an ID register */
static int other_sysreg(struct sim_vcpu *vcpu, const struct hvabi_kvm_one_reg *reg, bool set)
{
	const struct sim_sysreg *d = sysreg_desc(model_of(vcpu->vm), reg->id);
	struct sim_reg *p = plain_reg(vcpu, reg->id);
	uint64_t val;

	if (!p || !sysreg_visible(vcpu, reg->id))
		return -ENOENT;
	if (!reg->addr)
		return -EFAULT;
	if (!d || d->kind != SIM_SR_TIMER_CTL)
		return plain_access(vcpu, reg, set);
	if (set) {
		memcpy(&val, sim_uptr(reg->addr), sizeof(val));
		p->val[0] = val & ~TIMER_CTL_ISTATUS;
		return 0;
	}
	val = timer_ctl(vcpu, p);
	memcpy(sim_uptr(reg->addr), &val, sizeof(val));
	return 0;
}

/* The CCSIDR registers (demux_c15_{get,set}()). */
static uint32_t ccsidr_get(const struct sim_vcpu *vcpu, unsigned int csselr)
{
	const struct hvabi_sim *sim = vcpu->vm->sim;
	uint64_t ctr = host_id(sim, SYSREG_CTR);
	unsigned int line;

	if (!model_of(vcpu->vm)->ccsidr_fabricated)
		return sim->host.ccsidr[csselr];
	if (vcpu->ccsidr[csselr])
		return vcpu->ccsidr[csselr];
	/*
	 * get_ccsidr() (6.3+): only LineSize, the smallest line of CTR_EL0
	 * (IminLine for instruction caches, DminLine else), in log2(words)
	 * + 2 bytes, minus 4; one set, one way.
	 */
	line = (csselr & 1) ? (unsigned int)FIELD(ctr, 0) : (unsigned int)FIELD(ctr, 16);
	return (line + 2) - 4;
}

/* is_valid_cache() before 6.3: what the CPU's CLIDR_EL1 says exists */
static bool ccsidr_valid(const struct sim_vcpu *vcpu, unsigned int csselr)
{
	uint64_t clidr = host_id(vcpu->vm->sim, SYSREG_CLIDR);
	unsigned int level = csselr >> 1, ctype;

	if (model_of(vcpu->vm)->ccsidr_fabricated)
		return csselr < SIM_CSSELR_MAX;
	if (level >= 7)
		return false;
	ctype = (unsigned int)(clidr >> (level * 3)) & 7;
	switch (ctype) {
	case 1: /* instruction only */
		return csselr & 1;
	case 2: /* data only */
	case 4: /* unified */
		return !(csselr & 1);
	case 3: /* separate */
		return true;
	default:
		return false;
	}
}

/* set_ccsidr() (6.3+): RES0 clear, a line no smaller than CTR_EL0's */
#define CCSIDR_RES0 0xf0000000u

static int demux_access(struct sim_vcpu *vcpu, const struct hvabi_kvm_one_reg *reg, bool set)
{
	unsigned int csselr = (unsigned int)(reg->id & DEMUX_VAL_MASK);
	uint32_t val;

	if (reg->id & ~(HVABI_KVM_REG_ARCH_MASK | HVABI_KVM_REG_SIZE_MASK |
			HVABI_KVM_REG_ARM_COPROC_MASK | 0xffffull))
		return -ENOENT;
	if ((reg->id & DEMUX_ID_MASK) || HVABI_KVM_REG_SIZE(reg->id) != sizeof(uint32_t))
		return -ENOENT;
	if (!ccsidr_valid(vcpu, csselr))
		return -ENOENT;
	if (!reg->addr)
		return -EFAULT;
	if (!set) {
		val = ccsidr_get(vcpu, csselr);
		memcpy(sim_uptr(reg->addr), &val, sizeof(val));
		return 0;
	}
	memcpy(&val, sim_uptr(reg->addr), sizeof(val));
	if (!model_of(vcpu->vm)->ccsidr_fabricated)
		return val == ccsidr_get(vcpu, csselr) ? 0 : -EINVAL;
	if ((val & CCSIDR_RES0) || (val & 7) < (ccsidr_get(vcpu, csselr) & 7))
		return -EINVAL;
	if (val != ccsidr_get(vcpu, csselr))
		vcpu->ccsidr[csselr] = val;
	return 0;
}

/* ------------------------------------------------------------- ONE_REG */

static int sysreg_access(struct sim_vcpu *vcpu, const struct hvabi_kvm_one_reg *reg,
			 bool set)
{
	const struct sim_arm64_model *a = model_of(vcpu->vm);
	uint64_t val;
	int i;

	/* kvm_arm_sys_reg_{get,set}_reg(): system registers are 64-bit */
	if (HVABI_KVM_REG_SIZE(reg->id) != sizeof(uint64_t))
		return -ENOENT;
	i = idreg_index(a, reg->id);
	if (i < 0)
		return other_sysreg(vcpu, reg, set);
	if (!reg->addr)
		return -EFAULT;
	if (!set) {
		val = idreg_get(vcpu, i);
		memcpy(sim_uptr(reg->addr), &val, sizeof(val));
		return 0;
	}
	memcpy(&val, sim_uptr(reg->addr), sizeof(val));
	return idreg_set(vcpu, i, val);
}

/*
 * KVM_REG_ARM64_SVE_VLS ({get,set}_sve_vls(), guest.c, the same in 6.1,
 * 6.12 and 7.2): the host's lengths up to the vCPU's largest; a write
 * only before KVM_ARM_VCPU_FINALIZE, of the host's lengths up to a
 * maximum. The vector registers themselves are not modelled: before
 * finalize they answer EPERM as in the kernel, after it ENOENT.
 */
static int sve_access(struct sim_vcpu *vcpu, const struct hvabi_kvm_one_reg *reg, bool set)
{
	uint64_t host = vcpu->vm->sim->host.sve_vqs, vqs[8];
	unsigned int m = 0, vq;

	if (!(vcpu->features & FEAT(SVE)))
		return -ENOENT;
	if (reg->id != HVABI_KVM_REG_ARM64_SVE_VLS)
		return vcpu->sve_finalized ? -ENOENT : -EPERM;
	if (!reg->addr)
		return -EFAULT;
	if (!set) {
		memset(vqs, 0, sizeof(vqs));
		vqs[0] = host & (vcpu->sve_max_vq >= 64 ? UINT64_MAX
						       : (1ull << vcpu->sve_max_vq) - 1);
		memcpy(sim_uptr(reg->addr), vqs, sizeof(vqs));
		return 0;
	}
	if (vcpu->sve_finalized)
		return -EPERM;
	memcpy(vqs, sim_uptr(reg->addr), sizeof(vqs));
	for (vq = 1; vq <= 512; vq++)
		if (vqs[(vq - 1) / 64] >> ((vq - 1) % 64) & 1)
			m = vq;
	if (m > vqs_max(host))
		return -EINVAL;
	for (vq = 1; vq <= m; vq++)
		if ((vqs[0] >> (vq - 1) & 1) != (host >> (vq - 1) & 1))
			return -EINVAL;
	if (!m)
		return -EINVAL;
	vcpu->sve_max_vq = m;
	return 0;
}

static int one_reg(struct sim_vcpu *vcpu, const struct hvabi_kvm_one_reg *reg, bool set)
{
	if (!vcpu->inited)
		return -ENOEXEC;
	if (!reg)
		return -EFAULT;
	/* kvm_arm_{get,set}_reg(): nothing arch-specific in the upper 32 bits */
	if (((reg->id & ~HVABI_KVM_REG_SIZE_MASK) >> 32) != ARM64_REG_HI)
		return -EINVAL;
	switch (reg->id & HVABI_KVM_REG_ARM_COPROC_MASK) {
	case HVABI_KVM_REG_ARM_CORE:
		return plain_access(vcpu, reg, set);
	case HVABI_KVM_REG_ARM_FW:
	case HVABI_KVM_REG_ARM_FW_FEAT_BMAP:
		return set ? fw_set(vcpu, reg) : fw_get(vcpu, reg);
	case HVABI_KVM_REG_ARM64_SVE:
		return sve_access(vcpu, reg, set);
	case HVABI_KVM_REG_ARM_DEMUX:
		return demux_access(vcpu, reg, set);
	default:
		return sysreg_access(vcpu, reg, set);
	}
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * kvm_arm_copy_reg_indices(): core, (SVE), firmware, timer, system
 * registers (the visible ones), the CCSIDR demux registers.
 */
static int reg_list(struct sim_vcpu *vcpu, struct hvabi_kvm_reg_list *list)
{
	const struct sim_arm64_model *a = model_of(vcpu->vm);
	size_t n = 0, sys, max = vcpu->nregs + a->nfw_regs + a->nidregs + SIM_CSSELR_MAX + 1;
	uint64_t *ids;
	int r;

	if (!vcpu->inited)
		return -ENOEXEC;
	/* kvm_arm_vcpu_is_finalized(): SVE must be finalised first */
	if ((vcpu->features & FEAT(SVE)) && !vcpu->sve_finalized)
		return -EPERM;
	ids = calloc(max, sizeof(*ids));
	if (!ids)
		return -ENOMEM;
	for (size_t i = 0; i < vcpu->nregs; i++)
		if ((vcpu->regs[i].id & HVABI_KVM_REG_ARM_COPROC_MASK) ==
		    HVABI_KVM_REG_ARM_CORE)
			ids[n++] = vcpu->regs[i].id;
	/* copy_sve_reg_indices(): SVE_VLS first (the vector registers are not modelled) */
	if (vcpu->features & FEAT(SVE))
		ids[n++] = HVABI_KVM_REG_ARM64_SVE_VLS;
	for (uint8_t i = 0; i < a->nfw_regs; i++)
		ids[n++] = a->fw_regs[i];
	sys = n;
	for (uint8_t i = 0; i < a->nidregs; i++)
		ids[n++] = a->idregs[i].id;
	for (size_t i = 0; i < vcpu->nregs; i++) {
		uint64_t id = vcpu->regs[i].id;

		if ((id & HVABI_KVM_REG_ARM_COPROC_MASK) == HVABI_KVM_REG_ARM64_SYSREG &&
		    sysreg_visible(vcpu, id))
			ids[n++] = id;
	}
	qsort(ids + sys, n - sys, sizeof(ids[0]), cmp_u64);
	for (unsigned int c = 0; c < SIM_CSSELR_MAX; c++)
		if (ccsidr_valid(vcpu, c))
			ids[n++] = DEMUX_CCSIDR(c);
	r = hvabi_sim_put_reg_list(list, ids, n);
	free(ids);
	return r;
}

static int finalize(struct sim_vcpu *vcpu, const int *what)
{
	/* kvm_arm_vcpu_finalize(): SVE is the only feature to finalise */
	if (!vcpu->inited)
		return -ENOEXEC;
	if (!what)
		return -EFAULT;
	if (*what != HVABI_KVM_ARM_VCPU_SVE || !(vcpu->features & FEAT(SVE)))
		return -EINVAL;
	if (vcpu->sve_finalized)
		return -EPERM;
	vcpu->sve_finalized = true;
	return 0;
}

int hvabi_sim_arm64_vcpu_ioctl(struct sim_vcpu *vcpu, unsigned long req, void *arg)
{
	switch (req) {
	case HVABI_KVM_ARM_VCPU_INIT:
		return vcpu_init(vcpu, arg);
	case HVABI_KVM_GET_ONE_REG:
		return one_reg(vcpu, arg, false);
	case HVABI_KVM_SET_ONE_REG:
		return one_reg(vcpu, arg, true);
	case HVABI_KVM_GET_REG_LIST:
		return reg_list(vcpu, arg);
	case HVABI_KVM_ARM_VCPU_FINALIZE:
		return finalize(vcpu, arg);
	case HVABI_KVM_SET_DEVICE_ATTR:
	case HVABI_KVM_GET_DEVICE_ATTR:
	case HVABI_KVM_HAS_DEVICE_ATTR:
		if (!arg)
			return -EFAULT;
		/* kvm_arm_vcpu_arch_*_attr(): groups the simulator does not model */
		return -ENXIO;
	default:
		/* kvm_arch_vcpu_ioctl() */
		return -EINVAL;
	}
}

/* ------------------------------------------------------------ the guest */

/*
 * The simulator runs a guest as far as the probe's guest-read program
 * needs (lib/kvm-probe-arm64.c): MOVZ/MOVK, MRS of the registers a guest
 * reads, MSR CSSELR_EL1, ISB, and 64-bit STR; a store outside guest
 * memory exits as KVM_EXIT_MMIO. What a guest reads is what the kernel shows it:
 * the VM's ID registers (HCR_EL2.TID3), MIDR/REVIDR/AIDR, CLIDR and the
 * CCSIDRs (trapped since 6.3, the CPU's own before, which the model's
 * host values are), CTR_EL0 as ctr_trapped_unless_evt says, and
 * CNTFRQ_EL0 and DCZID_EL0, which no KVM traps, from the host. Anything
 * else stops the run with KVM_EXIT_INTERNAL_ERROR, the simulator's way of
 * saying "not modelled" (real KVM would inject an exception).
 */
/* The core register behind x0..x30 (n < 31), SP (31) or PC (32). */
static uint64_t core_id_of(unsigned int n)
{
	return CORE_ID(HVABI_KVM_REG_SIZE_U64, n == 31 ? CORE_OFF_SP : n == 32 ? CORE_OFF_PC : 2 * n);
}

/* The guest's CTR_EL0: the VM's where KVM traps it, else the CPU's. */
static uint64_t guest_ctr(const struct sim_vcpu *vcpu, int i)
{
	const struct hvabi_sim *sim = vcpu->vm->sim;
	uint64_t vm_ctr = vcpu->vm->idval[i];
	bool evt = (host_id(sim, SYSREG_MMFR2) >> 56 & 0xf) >= 1;

	if (!model_of(vcpu->vm)->ctr_trapped_unless_evt)
		return sim->host.ctr_raw;
	if (evt && vm_ctr == sim->host.idval[i])
		return sim->host.ctr_raw;
	return vm_ctr;
}

/* MRS: 0 with the value, or -ENOENT for a register the model does not know. */
static int guest_read(const struct sim_vcpu *vcpu, uint64_t id, uint64_t *val)
{
	const struct sim_arm64_model *a = model_of(vcpu->vm);
	const struct sim_reg *p;
	int i;

	switch (id) {
	case SYSREG_CNTFRQ:
		*val = vcpu->vm->sim->host.cntfrq;
		return 0;
	case SYSREG_DCZID:
		*val = vcpu->vm->sim->host.dczid;
		return 0;
	case SYSREG_CCSIDR:
		/* access_ccsidr(): CSSELR's Level and InD */
		*val = (vcpu->csselr & 0xf) < SIM_CSSELR_MAX
			       ? ccsidr_get(vcpu, (unsigned int)(vcpu->csselr & 0xf))
			       : 0;
		return 0;
	case SYSREG_CSSELR:
		*val = vcpu->csselr;
		return 0;
	case SYSREG_MPIDR:
		p = plain_reg((struct sim_vcpu *)vcpu, SYSREG_MPIDR);
		*val = p ? p->val[0] : 0;
		return 0;
	default:
		break;
	}
	i = idreg_index(a, id);
	if (i >= 0 && a->idregs[i].rule == SIM_IDR_IMP) {
		/*
		 * MIDR through VPIDR_EL2, REVIDR and AIDR trapped (7.2.8
		 * hyp/include/hyp/sysreg-sr.h 46-55, sys_regs.c 3078-3108):
		 * the VM's values with cap 239, else the CPU's; before 6.15
		 * VPIDR_EL2 is the CPU's MIDR and nothing traps (6.12.107
		 * el2_setup.h:194, kvm_arm.h 97-100). The CPU's are the host's.
		 */
		*val = vcpu->vm->imp_writable ? vcpu->vm->idval[i] : vcpu->vm->sim->host.idval[i];
		return 0;
	}
	if (i >= 0) {
		*val = id == SYSREG_CTR ? guest_ctr(vcpu, i) : idreg_get(vcpu, i);
		return 0;
	}
	/* the rest of the feature ID space reads as zero (TID3) */
	if ((HVABI_ARM64_SYSREG_FIELDS(id) & 0xff80) == 0xc000)
		return *val = 0, 0;
	return -ENOENT;
}

/* ---- SMCCC calls (HVC #imm, SMC #0) ---- */

/* Function ids (include/linux/arm-smccc.h; KVM_PSCI_FN_BASE: asm/kvm.h) */
#define SMCCC_VERSION_FUNC 0x80000000u
#define PSCI_0_2_FN_PSCI_VERSION 0x84000000u
#define SMCCC_ARCH_FEATURES_FUNC 0x80000001u
#define SMCCC_TRNG_VERSION 0x84000050u
#define SMCCC_TRNG_RND32 0x84000053u
#define SMCCC_TRNG_RND64 0xc4000053u
#define SMCCC_PV_TIME_FEATURES 0xc5000020u
#define SMCCC_PV_TIME_ST 0xc5000021u
#define SMCCC_KVM_FEATURES_FUNC 0x86000000u
#define SMCCC_KVM_PTP_FUNC 0x86000001u
#define SMCCC_CALL_UID_FUNC 0x8600ff01u
#define KVM_PSCI_FN_BASE 0x95c1ba5eu
#define SMCCC_OWNER_STANDARD 4u
#define SMCCC_VERSION_1_1 0x10001ull
#define SMCCC_RET_NOT_SUPPORTED UINT64_MAX
/* KVM_SMCCC_FILTER_{HANDLE,DENY,FWD_TO_USER} */
enum { FILTER_HANDLE = 0, FILTER_DENY = 1, FILTER_FWD_TO_USER = 2 };
/* HVC #imm16 and SMC #imm16: the immediate in bits 20:5 */
#define INSN_EXC_MASK 0xffe0001fu
#define INSN_HVC 0xd4000002u
#define INSN_SMC 0xd4000003u

/*
 * kvm_smccc_filter_get_action() (hypercalls.c 7.2.8 lines 211-227,
 * 6.12.107 209-225; 6.1 has no filter, nranges 0): the action of the range covering @fn, HANDLE when
 * none does or no filter is set.
 */
static uint8_t filter_action(const struct sim_vm *vm, uint32_t fn)
{
	for (size_t i = 0; i < vm->nranges; i++)
		if (fn >= vm->ranges[i].start && fn <= vm->ranges[i].end)
			return vm->ranges[i].action;
	return FILTER_HANDLE;
}

/*
 * kvm_smccc_test_fw_bmap() || kvm_smccc_default_allowed() (7.2.8 lines
 * 70-124, 6.12.107 68-122; 6.1.176 kvm_hvc_call_allowed(), 68-121): may
 * KVM serve @fn?
 */
static bool smccc_allowed(const struct sim_vm *vm, uint32_t fn)
{
	switch (fn) {
	case SMCCC_TRNG_VERSION:
	case SMCCC_TRNG_VERSION + 1: /* FEATURES */
	case SMCCC_TRNG_VERSION + 2: /* GET_UUID */
	case SMCCC_TRNG_RND32:
	case SMCCC_TRNG_RND64:
		return vm->bmap[0] & 1; /* KVM_REG_ARM_STD_BIT_TRNG_V1_0 */
	case SMCCC_PV_TIME_FEATURES:
	case SMCCC_PV_TIME_ST:
		return vm->bmap[1] & 1; /* KVM_REG_ARM_STD_HYP_BIT_PV_TIME */
	case SMCCC_KVM_FEATURES_FUNC:
	case SMCCC_CALL_UID_FUNC:
		return vm->bmap[2] & 1; /* KVM_REG_ARM_VENDOR_HYP_BIT_FUNC_FEAT */
	case SMCCC_KVM_PTP_FUNC:
		return vm->bmap[2] & 2; /* KVM_REG_ARM_VENDOR_HYP_BIT_PTP */
	case SMCCC_VERSION_FUNC:
	case SMCCC_ARCH_FEATURES_FUNC:
		return true;
	default:
		/* PSCI 0.2+ (owner 4, functions 0-0x1f) and KVM's PSCI 0.1 ids */
		if (((fn >> 24) & 0x3f) == SMCCC_OWNER_STANDARD && (fn & 0xffff) <= 0x1f)
			return true;
		return fn >= KVM_PSCI_FN_BASE && fn <= KVM_PSCI_FN_BASE + 3;
	}
}

/*
 * kvm_smccc_call_handler() (hypercalls.c 7.2.8 lines 265-386, 6.12.107
 * 263-380; 6.1.176 kvm_hvc_call_handler(), 124-229) for a call the guest
 * made with HVC or SMC #0: 1 with the results in x0..x3, 0 when the call
 * exited to user space (forwarded), -ENOSYS for a call KVM would serve
 * that the simulator does not model (PSCI but PSCI_VERSION,
 * ARCH_FEATURES, TRNG, PV time, PTP) and for a forwarded call with no
 * kvm_run mapped to report it in.
 */
static int smccc_call(struct sim_vcpu *vcpu, uint64_t x[33], bool smc)
{
	const struct sim_arm64_model *a = model_of(vcpu->vm);
	const struct sim_vm *vm = vcpu->vm;
	uint32_t fn = (uint32_t)x[0]; /* smccc_get_function() */
	uint64_t val[4] = { SMCCC_RET_NOT_SUPPORTED, 0, 0, 0 };
	uint8_t action = filter_action(vm, fn);

	/* the filter first, then the bitmaps (kvm_smccc_get_action(), 7.2.8 229-244, 6.12.107 227-242) */
	if (action == FILTER_HANDLE && !smccc_allowed(vm, fn))
		action = FILTER_DENY;
	switch (action) {
	case FILTER_FWD_TO_USER:
		/* kvm_prepare_hypercall_exit() (7.2.8 246-263): nr and flags, args and ret 0 */
		if (!vcpu->run)
			return -ENOSYS;
		memset(&vcpu->run->hypercall, 0, sizeof(vcpu->run->hypercall));
		vcpu->run->hypercall.nr = fn;
		vcpu->run->hypercall.flags = smc ? HVABI_KVM_HYPERCALL_EXIT_SMC : 0;
		return hvabi_sim_guest_exit(vcpu, HVABI_KVM_EXIT_HYPERCALL);
	case FILTER_HANDLE:
		switch (fn) {
		case SMCCC_VERSION_FUNC:
			val[0] = SMCCC_VERSION_1_1;
			break;
		case PSCI_0_2_FN_PSCI_VERSION:
			/*
			 * kvm_psci_call() (psci.c 7.2.8 lines 477-507, 6.12.107
			 * 439-465, 6.1.176 439-462): the vCPU's PSCI version from
			 * 0.2 on (7.2.8 kvm_psci_1_x_call() 331, kvm_psci_0_2_call()
			 * 258; 6.1.176 325, 252), NOT_SUPPORTED from 0.1's
			 * (kvm_psci_0_1_call(), 7.2.8 441-461, 6.1.176 403-423).
			 */
			if (vcpu->features & FEAT(PSCI_0_2))
				val[0] = psci_version(vcpu);
			break;
		case SMCCC_CALL_UID_FUNC:
			/* ARM_SMCCC_VENDOR_HYP_UID_KVM as smccc_uuid_to_reg() gives it */
			val[0] = 0xb66fb428u;
			val[1] = 0xe911c52eu;
			val[2] = 0x564bcaa9u;
			val[3] = 0x743a004du;
			break;
		case SMCCC_KVM_FEATURES_FUNC:
			/* 7.2.8 lines 365-369: BMAP_2 in x2; 6.12.107 361-363, 6.1.176 210-212: x0 only */
			val[0] = vm->bmap[2];
			if (has_fw_reg(a, HVABI_KVM_REG_ARM_VENDOR_HYP_BMAP_2))
				val[2] = vm->bmap[3];
			break;
		default:
			return -ENOSYS;
		}
		break;
	default:
		/* DENY: NOT_SUPPORTED and zeros (7.2.8 lines 269, 383-384) */
		break;
	}
	memcpy(x, val, sizeof(val));
	return 1;
}

/*
 * HVC #imm or SMC #imm at x[32] (handle_hvc()/handle_smc(), handle_exit.c
 * 7.2.8 lines 38-95, 6.12.107 37-94, 6.1.176 36-66). Both leave PC past
 * the instruction, also when the call exits to user space (api.rst 7.2.8
 * 6795-6796): the next KVM_RUN goes on there with what user space wrote
 * to x0..x3. 1 to go on, 0 when the guest exited; a call the simulator
 * does not model stops at the instruction (KVM_EXIT_INTERNAL_ERROR).
 */
static int guest_smccc(struct sim_vcpu *vcpu, uint64_t x[33], bool smc, uint32_t imm)
{
	const struct sim_arm64_model *a = model_of(vcpu->vm);
	int r;

	/* before the firmware bitmaps (5.18), KVM's calls are not modelled */
	if (!has_fw_reg(a, HVABI_KVM_REG_ARM_STD_BMAP))
		return hvabi_sim_guest_exit(vcpu, HVABI_KVM_EXIT_INTERNAL_ERROR);
	/*
	 * SMC: before 6.4 always x0 = ~0 (6.1.176 handle_smc(), lines
	 * 53-66); since, so with a non-zero immediate (7.2.8 lines 80-85,
	 * 6.12.107 79-84), and #0 goes to the SMCCC handler as HVC does.
	 */
	if (smc && (!a->smccc_filter || imm)) {
		x[0] = UINT64_MAX;
		x[32] += 4;
		return 1;
	}
	r = smccc_call(vcpu, x, smc);
	if (r < 0)
		return hvabi_sim_guest_exit(vcpu, HVABI_KVM_EXIT_INTERNAL_ERROR);
	x[32] += 4;
	return r;
}

/*
 * One instruction on the registers @x (x0..x30, SP, PC): 1 to go on, 0
 * when the guest exited (run->exit_reason says how).
 */
static int guest_step(struct sim_vcpu *vcpu, uint64_t x[33])
{
	uint8_t *code = hvabi_sim_guest_mem(vcpu->vm, x[32], 4);
	unsigned int rt, rn, sh;
	uint64_t val, addr, id;
	uint32_t insn;

	if (!code)
		return hvabi_sim_guest_exit(vcpu, HVABI_KVM_EXIT_INTERNAL_ERROR);
	insn = (uint32_t)code[0] | (uint32_t)code[1] << 8 | (uint32_t)code[2] << 16 |
	       (uint32_t)code[3] << 24;
	rt = insn & 31;
	rn = (insn >> 5) & 31;
	sh = 16 * ((insn >> 21) & 3);
	/* op0 (2 + bit 19), op1, CRn, CRm, op2 in bits 19:5, as ONE_REG has them */
	id = HVABI_KVM_REG_ARM64 | HVABI_KVM_REG_SIZE_U64 | HVABI_KVM_REG_ARM64_SYSREG |
	     ((insn >> 5) & 0x7fff) | 0x8000;
	if ((insn & 0xff800000) == 0xd2800000) {		/* MOVZ Xd */
		if (rt != 31)
			x[rt] = (uint64_t)((insn >> 5) & 0xffff) << sh;
	} else if ((insn & 0xff800000) == 0xf2800000) {		/* MOVK Xd */
		if (rt != 31)
			x[rt] = (x[rt] & ~(0xffffull << sh)) | (uint64_t)((insn >> 5) & 0xffff) << sh;
	} else if ((insn & 0xfff00000) == 0xd5300000) {		/* MRS Xt, <reg> */
		if (guest_read(vcpu, id, &val))
			return hvabi_sim_guest_exit(vcpu, HVABI_KVM_EXIT_INTERNAL_ERROR);
		if (rt != 31)
			x[rt] = val;
	} else if ((insn & 0xfff00000) == 0xd5100000) {		/* MSR <reg>, Xt */
		/* VBAR_EL1: taken (the simulator raises no exception to vector) */
		if (id == SYSREG_VBAR) {
		} else if (id == SYSREG_CSSELR) {
			vcpu->csselr = rt == 31 ? 0 : x[rt] & 0xf;
		} else {
			return hvabi_sim_guest_exit(vcpu, HVABI_KVM_EXIT_INTERNAL_ERROR);
		}
	} else if (insn == 0xd5033fdf) {			/* ISB */
	} else if ((insn & INSN_EXC_MASK) == INSN_HVC || (insn & INSN_EXC_MASK) == INSN_SMC) {
		/* HVC/SMC #imm: PC is moved (or not) by the call */
		return guest_smccc(vcpu, x, (insn & INSN_EXC_MASK) == INSN_SMC,
				   (insn >> 5) & 0xffff);
	} else if ((insn & 0xffc00000) == 0xf9000000) {		/* STR Xt, [Xn, #imm] */
		val = rt == 31 ? 0 : x[rt];
		addr = x[rn] + 8 * (uint64_t)((insn >> 10) & 0xfff);
		if (!hvabi_sim_guest_store(vcpu, addr, val))
			return 0;
	} else {
		return hvabi_sim_guest_exit(vcpu, HVABI_KVM_EXIT_INTERNAL_ERROR);
	}
	x[32] += 4;
	return 1;
}

/*
 * Run the guest until it exits. A VM without memory has nothing to run:
 * the vCPU returns at once, as if it had exited, which is all tests that
 * only need a VM to have run ask of it.
 */
static void guest_run(struct sim_vcpu *vcpu)
{
	uint64_t x[33];
	struct sim_reg *r;
	unsigned int i;

	if (!vcpu->vm->nslots)
		return;
	/* A64 only: an AArch32 EL1 would run other code (not modelled) */
	if (vcpu->features & FEAT(EL1_32BIT)) {
		hvabi_sim_guest_exit(vcpu, HVABI_KVM_EXIT_INTERNAL_ERROR);
		return;
	}
	for (i = 0; i < 33; i++) {
		r = plain_reg(vcpu, core_id_of(i));
		x[i] = r ? r->val[0] : 0;
	}
	hvabi_sim_guest_steps(vcpu, x, guest_step);
	for (i = 0; i < 33; i++) {
		r = plain_reg(vcpu, core_id_of(i));
		if (r)
			r->val[0] = x[i];
	}
}

int hvabi_sim_arm64_run(struct sim_vcpu *vcpu)
{
	struct sim_vm *vm = vcpu->vm;
	int pfr0, pfr1;

	/* kvm_arch_vcpu_ioctl_run(): initialised and finalised vCPUs only */
	if (!vcpu->inited)
		return -ENOEXEC;
	if ((vcpu->features & FEAT(SVE)) && !vcpu->sve_finalized)
		return -EPERM;
	/*
	 * The VM's first run (6.12, kvm_arch_vcpu_run_pid_change()): without
	 * an in-kernel vGICv3, and the simulator has none, the guest is told
	 * there is no GIC system register interface: ID_AA64PFR0_EL1.GIC and
	 * its AArch32 view ID_PFR1_EL1.GIC read 0.
	 */
	pfr0 = idreg_index(model_of(vm), SYSREG_PFR0);
	pfr1 = idreg_index(model_of(vm), SYSREG_AA32_PFR1);
	if (!vm->ran && model_of(vm)->gic_hidden_at_run) {
		if (pfr0 >= 0)
			vm->idval[pfr0] &= ~FMASK(24);
		if (pfr1 >= 0)
			vm->idval[pfr1] &= ~FMASK(28);
	}
	guest_run(vcpu);
	return 0;
}

/* ------------------------------------------------------------- VM fd */

static int smccc_set_filter(struct sim_vm *vm, const struct hvabi_kvm_smccc_filter *f)
{
	static const uint8_t zero[sizeof(f->pad)];
	struct sim_range *nr;
	uint32_t start, end;

	if (!f)
		return -EFAULT;
	if (memcmp(f->pad, zero, sizeof(zero)))
		return -EINVAL;
	/*
	 * kvm_smccc_set_filter(): end = base + nr - 1 in 32 bits, so a zero
	 * count or an overflow shows as end < start; base 0 with count 0
	 * wraps to the whole space and collides with the reserved ranges.
	 */
	start = f->base;
	end = start + f->nr_functions - 1;
	if (end < start || f->action >= SMCCC_FILTER_ACTIONS)
		return -EINVAL;
	if (vm->ran)
		return -EBUSY;
	nr = realloc(vm->ranges, (vm->nranges + 3) * sizeof(*nr));
	if (!nr)
		return -ENOMEM;
	vm->ranges = nr;
	if (!vm->nranges) {
		/* kvm_smccc_filter_insert_reserved(): the arch ranges stay KVM's */
		nr[vm->nranges++] =
			(struct sim_range){ SMC32_ARCH_START, SMC32_ARCH_END, 0 };
		nr[vm->nranges++] =
			(struct sim_range){ SMC64_ARCH_START, SMC64_ARCH_END, 0 };
	}
	/* mtree_insert_range() refuses any overlap */
	for (size_t i = 0; i < vm->nranges; i++)
		if (start <= nr[i].end && nr[i].start <= end)
			return -EEXIST;
	nr[vm->nranges++] = (struct sim_range){ start, end, f->action };
	return 0;
}

static int vm_attr(struct sim_vm *vm, unsigned long req,
		   const struct hvabi_kvm_device_attr *attr)
{
	/* before 6.4 kvm_arch_vm_ioctl() has no attribute ioctls: default EINVAL */
	if (!model_of(vm)->smccc_filter || req == HVABI_KVM_GET_DEVICE_ATTR)
		return -EINVAL;
	if (!attr)
		return -EFAULT;
	/* kvm_vm_{has,set}_attr(): no check of flags, unknown group or attr ENXIO */
	if (attr->group != HVABI_KVM_ARM_VM_SMCCC_CTRL ||
	    attr->attr != HVABI_KVM_ARM_VM_SMCCC_FILTER)
		return -ENXIO;
	if (req == HVABI_KVM_HAS_DEVICE_ATTR)
		return 0;
	return smccc_set_filter(vm, sim_uptr(attr->addr));
}

static int writable_masks(struct sim_vm *vm, const struct hvabi_kvm_reg_mask_range *range)
{
	const struct sim_arm64_model *a = model_of(vm);
	uint64_t *masks;

	if (!a->writable_idregs)
		return -EINVAL;
	if (!range)
		return -EFAULT;
	/* kvm_vm_ioctl_get_reg_writable_masks(): range 0, reserved words zero */
	if (range->range != HVABI_KVM_ARM_FEATURE_ID_RANGE)
		return -EINVAL;
	for (size_t i = 0; i < HVABI_ARRAY_SIZE(range->reserved); i++)
		if (range->reserved[i])
			return -EINVAL;
	masks = sim_uptr(range->addr);
	if (!masks)
		return -EFAULT;
	memset(masks, 0, HVABI_KVM_ARM_FEATURE_ID_RANGE_SIZE * sizeof(*masks));
	for (uint8_t i = 0; i < a->nidregs; i++) {
		unsigned int f = HVABI_ARM64_SYSREG_FIELDS(a->idregs[i].id);

		/* the AArch32 ones only with 32-bit EL0 (kvm_supports_32bit_el0()) */
		if (is_aa32_id(a->idregs[i].id) && !host_has_32bit_el0(vm->sim))
			continue;
		/* the sysreg index: op1 [13:11], CRm [6:3], op2 [2:0] */
		unsigned int idx =
			hvabi_arm64_feature_id_idx((f >> 11) & 7, (f >> 3) & 15, f & 7);

		if (a->idregs[i].mask)
			masks[idx] = a->idregs[i].mask;
	}
	return 0;
}

static int enable_cap(struct sim_vm *vm, const struct hvabi_kvm_enable_cap *cap)
{
	if (!cap)
		return -EFAULT;
	if (cap->flags)
		return -EINVAL;
	/* kvm_vm_ioctl_enable_cap(): 239 only before the first vCPU exists */
	if (cap->cap == HVABI_KVM_CAP_ARM_WRITABLE_IMP_ID_REGS &&
	    model_of(vm)->imp_id_cap) {
		if (vm->ncreated)
			return -EINVAL;
		vm->imp_writable = true;
		return 0;
	}
	return -EINVAL;
}

int hvabi_sim_arm64_vm_ioctl(struct sim_vm *vm, unsigned long req, void *arg)
{
	struct hvabi_kvm_vcpu_init *init;

	switch (req) {
	case HVABI_KVM_ENABLE_CAP:
		return enable_cap(vm, arg);
	case HVABI_KVM_ARM_PREFERRED_TARGET:
		init = arg;
		if (!init)
			return -EFAULT;
		/* kvm_vcpu_preferred_target(): the generic target, no features */
		memset(init, 0, sizeof(*init));
		init->target = HVABI_KVM_ARM_TARGET_GENERIC_V8;
		return 0;
	case HVABI_KVM_HAS_DEVICE_ATTR:
	case HVABI_KVM_SET_DEVICE_ATTR:
	case HVABI_KVM_GET_DEVICE_ATTR:
		return vm_attr(vm, req, arg);
	case HVABI_KVM_ARM_GET_REG_WRITABLE_MASKS:
		return writable_masks(vm, arg);
	default:
		/* kvm_arch_vm_ioctl(): default EINVAL (not ENOTTY) on arm64 */
		return -EINVAL;
	}
}
