/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The simulated riscv KVM (6.6, 6.12, 7.2). Rules follow
 * arch/riscv/kvm/vcpu_onereg.c (ONE_REG dispatch, CONFIG, ISA_EXT,
 * KVM_GET_REG_LIST indices; 7.2 moved the ISA tables and rules to
 * arch/riscv/kvm/isa.c), arch/riscv/kvm/vcpu_sbi.c (SBI_EXT and, 6.7+, the
 * SBI state registers), arch/riscv/kvm/vcpu_sbi_sta.c (the STA registers),
 * arch/riscv/kvm/vcpu_timer.c and arch/riscv/kvm/vcpu.c (reset values,
 * KVM_GET_REG_LIST protocol). All of it is per vCPU: a vCPU that ran
 * refuses changes, its siblings do not. What differs between the models
 * is in struct sim_riscv_model (models.c).
 *
 * Not modelled: vector registers, AIA and Smstateen CSRs (subtypes other
 * than the general CSRs answer ENOENT; the modelled hosts have neither
 * Ssaia nor Smstateen), the FWFT state registers (7.2 lists none on a
 * host without the features), 6.6's lazy probe of SBI extensions (6.6
 * reports an extension as enabled until userspace disables it, whatever
 * the probe would say), the sip CSR's encoding.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim-internal.h"

#define RV_REG(size, type, idx) (HVABI_KVM_REG_RISCV | (size) | (type) | (uint64_t)(idx))
#define RV_U32 HVABI_KVM_REG_SIZE_U32
#define RV_U64 HVABI_KVM_REG_SIZE_U64

/* struct kvm_riscv_core: pc, 31 GPRs, mode; kvm_riscv_csr: 10 CSRs (6.6), 11 (senvcfg) */
#define RV_NCORE 33
#define RV_CORE_MODE 32
#define RV_NCSR_MAX 11
#define RV_CSR_SCOUNTEREN 9
/* struct kvm_riscv_timer: frequency, time, compare, state */
#define RV_NTIMER 4
#define RV_TIMER_FREQUENCY 0
#define RV_TIMER_COMPARE 2
#define RV_TIMEBASE 10000000ull /* riscv_timebase of the host: 10 MHz */
/* f[32] + fcsr, d.f[32] + fcsr */
#define RV_NFP 33

/* KVM ISA extension ids whose letters make up the CONFIG isa register */
enum { RV_A, RV_C, RV_D, RV_F, RV_H, RV_I, RV_M };
#define RV_V 15
#define RV_ZICBOM 11
#define RV_ZICBOZ 12
#define RV_SSAIA 14
#define RV_SMSTATEEN 23
#define RV_SSCOFPMF 54
#define RV_SVADE 64
#define RV_SVADU 65
#define RV_ZICBOP 71
/* CONFIG fields by index (KVM_REG_RISCV_CONFIG_REG) */
enum {
	CFG_ISA, CFG_ZICBOM, CFG_MVENDORID, CFG_MARCHID, CFG_MIMPID, CFG_ZICBOZ, CFG_SATP,
	CFG_ZICBOP,
};
/* KVM_REG_RISCV_SBI_STATE (6.7+) and its STA subtype: shmem_lo, shmem_hi */
#define RV_TYPE_SBI_STATE (10ull << HVABI_KVM_REG_RISCV_TYPE_SHIFT)
#define RV_SBI_STA_SUBTYPE 0
#define RV_NSTA 2
#define RV_SBI_STA 10
#define RV_SBI_PMU 6
#define RV_INVALID_GPA (~0ull)
/* RISCV_ISA_EXT_BASE: the single-letter bits of the isa register */
#define RV_ISA_EXT_BASE 26

static const struct sim_riscv_model *model_of(const struct sim_vcpu *vcpu)
{
	return vcpu->vm->sim->model->riscv;
}

/* The KVM extension id of ISA letter bit @bit ('a' + bit), or -1. */
static int letter_to_ext(unsigned int bit)
{
	static const struct {
		uint8_t letter, ext;
	} map[] = {
		{ 'a', RV_A }, { 'c', RV_C }, { 'd', RV_D }, { 'f', RV_F }, { 'h', RV_H },
		{ 'i', RV_I }, { 'm', RV_M }, { 'v', RV_V },
	};

	for (size_t i = 0; i < HVABI_ARRAY_SIZE(map); i++)
		if (map[i].letter - 'a' == (int)bit)
			return map[i].ext;
	return -1;
}

/* Is KVM extension @ext in @set (SIM_RISCV_ISA_WORDS words)? */
static bool ext_on(const uint64_t *set, int ext)
{
	return ext >= 0 && ext < SIM_RISCV_MAX_ISA && (set[ext / 64] & (1ull << (ext % 64)));
}

static void ext_put(uint64_t *set, unsigned int ext, bool on)
{
	if (ext >= SIM_RISCV_MAX_ISA)
		return;
	if (on)
		set[ext / 64] |= 1ull << (ext % 64);
	else
		set[ext / 64] &= ~(1ull << (ext % 64));
}

/* Does the host have KVM extension @ext (and does the model's table know it)? */
static bool host_has(const struct hvabi_sim *sim, uint64_t ext)
{
	return ext < sim->model->riscv->isa_max && ext_on(sim->host.isa_host, (int)ext);
}

/*
 * kvm_riscv_vcpu_isa_enable_allowed() (vcpu_onereg.c 6.6/6.12,
 * kvm_riscv_isa_enable_allowed() in isa.c 7.2): the model's table, and
 * Sscofpmf only on a host with Ssaia, Svadu only on a host with Svadu
 * (arch_has_hw_pte_young(), 7.2).
 */
static bool enable_allowed(const struct hvabi_sim *sim, unsigned int ext)
{
	if (ext_on(sim->model->riscv->isa_enable_denied, (int)ext))
		return false;
	if (ext == RV_SSCOFPMF)
		return host_has(sim, RV_SSAIA);
	if (ext == RV_SVADU)
		return host_has(sim, RV_SVADU);
	return true;
}

/*
 * kvm_riscv_vcpu_isa_disable_allowed() (vcpu_onereg.c 6.6/6.12,
 * kvm_riscv_isa_disable_allowed() in isa.c 7.2): the model's table; Ssaia
 * only on a host with Smstateen (6.8+); Svade only with Svadu (7.2).
 */
static bool disable_allowed(const struct hvabi_sim *sim, unsigned int ext)
{
	if (ext_on(sim->model->riscv->isa_disable_denied, (int)ext))
		return false;
	if (ext == RV_SSAIA)
		return host_has(sim, RV_SMSTATEEN);
	if (ext == RV_SVADE)
		return host_has(sim, RV_SVADU);
	return true;
}

/* The CONFIG isa register: the single letters of a set of extensions. */
static uint64_t isa_letters(const uint64_t *exts)
{
	uint64_t v = 0;

	for (unsigned int b = 0; b < RV_ISA_EXT_BASE; b++)
		if (ext_on(exts, letter_to_ext(b)))
			v |= 1ull << b;
	return v;
}

int hvabi_sim_riscv_init_host(struct hvabi_sim *sim)
{
	const struct sim_riscv_model *m = sim->model->riscv;

	memcpy(sim->host.isa_host, m->isa_host, sizeof(sim->host.isa_host));
	sim->host.rv_mvendorid = m->mvendorid;
	sim->host.rv_marchid = m->marchid;
	sim->host.rv_mimpid = m->mimpid;
	sim->host.rv_satp_mode = m->satp_mode;
	return 0;
}

/*
 * The host's values: whether it has an ISA extension (a single ISA_EXT
 * register, 0 or 1), and the CONFIG registers that are the host's:
 * mvendorid, marchid, mimpid (sbi_get_mvendorid() and friends, vcpu.c
 * kvm_arch_vcpu_create()) and satp_mode (the host kernel's, vcpu_onereg.c).
 */
int hvabi_sim_riscv_set_host(struct hvabi_sim *sim, const struct hvabi_key *key, uint64_t v)
{
	const struct sim_riscv_model *m = sim->model->riscv;
	uint64_t idx;

	if (key->ns != HVABI_NS_ONE_REG || key->sel || key->sub)
		return -ENOENT;
	if ((key->id & ~(uint64_t)0xffff) == HVABI_RISCV_CONFIG_REG(0)) {
		switch (key->id & 0xffff) {
		case CFG_MVENDORID:
			sim->host.rv_mvendorid = v;
			return 0;
		case CFG_MARCHID:
			sim->host.rv_marchid = v;
			return 0;
		case CFG_MIMPID:
			sim->host.rv_mimpid = v;
			return 0;
		case CFG_SATP:
			sim->host.rv_satp_mode = v;
			return 0;
		default:
			return -ENOENT;
		}
	}
	idx = key->id & ~(HVABI_KVM_REG_ARCH_MASK | HVABI_KVM_REG_SIZE_MASK |
			  HVABI_KVM_REG_RISCV_ISA_EXT);
	if ((key->id & ~(uint64_t)0xffff) != HVABI_RISCV_ISA_EXT_REG(0) ||
	    idx >= m->isa_max)
		return -ENOENT;
	if (v > 1)
		return -EINVAL;
	ext_put(sim->host.isa_host, (unsigned int)idx, v);
	return 0;
}

/* kvm_riscv_vcpu_sbi_init() (vcpu_sbi.c 6.7+): the status of every extension */
static void sbi_init(struct sim_vcpu *vcpu)
{
	const struct sim_riscv_model *m = model_of(vcpu);

	if (m->sbi_rule == SIM_RV_SBI_66) {
		vcpu->sbi_avail = (1ull << m->sbi_max) - 1;
		return;
	}
	vcpu->sbi_avail = m->sbi_exists;
	/*
	 * PMU's probe fails without Sscofpmf on the host (vcpu_pmu.c
	 * kvm_riscv_vcpu_pmu_init() returns before init_done); STA's
	 * (sched_info_on()) holds on Debian's kernels.
	 */
	if (!host_has(vcpu->vm->sim, RV_SSCOFPMF))
		vcpu->sbi_avail &= ~(1ull << RV_SBI_PMU);
	vcpu->sbi_off = m->sbi_default_off & vcpu->sbi_avail;
}

int hvabi_sim_riscv_vcpu_init(struct sim_vcpu *vcpu)
{
	const struct sim_riscv_model *m = model_of(vcpu);
	const struct hvabi_sim *sim = vcpu->vm->sim;
	size_t n = 0;

	vcpu->regs = calloc(RV_NCORE + RV_NCSR_MAX + RV_NTIMER + 2 * RV_NFP,
			    sizeof(*vcpu->regs));
	if (!vcpu->regs)
		return -ENOMEM;
	/* kvm_riscv_vcpu_setup_isa(): what the host has and KVM lets a guest use */
	for (unsigned int i = 0; i < m->isa_max; i++)
		if (host_has(sim, i) && enable_allowed(sim, i))
			ext_put(vcpu->isa, i, true);
	vcpu->config[CFG_MVENDORID] = sim->host.rv_mvendorid;
	vcpu->config[CFG_MARCHID] = sim->host.rv_marchid;
	vcpu->config[CFG_MIMPID] = sim->host.rv_mimpid;
	vcpu->timer_frequency = RV_TIMEBASE;
	vcpu->sta_shmem = RV_INVALID_GPA; /* kvm_riscv_vcpu_sbi_sta_reset() */
	sbi_init(vcpu);
	for (unsigned int i = 0; i < RV_NCORE; i++) {
		vcpu->regs[n].id = RV_REG(RV_U64, HVABI_KVM_REG_RISCV_CORE, i);
		if (i == RV_CORE_MODE)
			vcpu->regs[n].val[0] = m->reset_mode;
		n++;
	}
	for (unsigned int i = 0; i < m->ncsr; i++) {
		vcpu->regs[n].id = RV_REG(RV_U64, HVABI_KVM_REG_RISCV_CSR, i);
		if (i == RV_CSR_SCOUNTEREN)
			vcpu->regs[n].val[0] = m->reset_scounteren;
		n++;
	}
	for (unsigned int i = 1; i < RV_NTIMER; i++) {
		vcpu->regs[n].id = RV_REG(RV_U64, HVABI_KVM_REG_RISCV_TIMER, i);
		if (i == RV_TIMER_COMPARE)
			vcpu->regs[n].val[0] = m->reset_timer_compare;
		n++;
	}
	for (unsigned int i = 0; i < RV_NFP; i++)
		vcpu->regs[n++].id = RV_REG(RV_U32, HVABI_KVM_REG_RISCV_FP_F, i);
	for (unsigned int i = 0; i < RV_NFP; i++)
		vcpu->regs[n++].id = RV_REG(i == RV_NFP - 1 ? RV_U32 : RV_U64,
					    HVABI_KVM_REG_RISCV_FP_D, i);
	vcpu->nregs = n;
	return 0;
}

/* ---------------------------------------------------------------- CONFIG */

/* The extension a block-size CONFIG register belongs to, and its size. */
static int cbo_ext(const struct sim_riscv_model *m, uint64_t num, uint64_t *size)
{
	switch (num) {
	case CFG_ZICBOM:
		*size = m->cbom_block_size;
		return RV_ZICBOM;
	case CFG_ZICBOZ:
		*size = m->cboz_block_size;
		return RV_ZICBOZ;
	default:
		*size = m->cbop_block_size;
		return RV_ZICBOP;
	}
}

static bool is_cbo(const struct sim_riscv_model *m, uint64_t num)
{
	return num == CFG_ZICBOM || num == CFG_ZICBOZ || (num == CFG_ZICBOP && m->nconfig > CFG_ZICBOP);
}

static int config_get(const struct sim_vcpu *vcpu, uint64_t num, uint64_t *val)
{
	const struct sim_riscv_model *m = model_of(vcpu);
	uint64_t size;
	int ext;

	if (is_cbo(m, num)) {
		ext = cbo_ext(m, num, &size);
		/*
		 * 6.6/6.12 (vcpu_onereg.c): ENOENT unless the vCPU has the
		 * extension; 7.2: the block size, 0 unless the host has it.
		 */
		if (m->cbo_always) {
			*val = host_has(vcpu->vm->sim, (uint64_t)ext) ? size : 0;
			return 0;
		}
		if (!ext_on(vcpu->isa, ext))
			return -ENOENT;
		*val = size;
		return 0;
	}
	switch (num) {
	case CFG_ISA:
		*val = isa_letters(vcpu->isa);
		return 0;
	case CFG_MVENDORID:
	case CFG_MARCHID:
	case CFG_MIMPID:
		*val = vcpu->config[num];
		return 0;
	case CFG_SATP:
		*val = vcpu->vm->sim->host.rv_satp_mode;
		return 0;
	default:
		return -ENOENT;
	}
}

/* kvm_riscv_vcpu_set_reg_config(), case isa: single letters only */
static int config_set_isa(struct sim_vcpu *vcpu, uint64_t val)
{
	const struct hvabi_sim *sim = vcpu->vm->sim;
	const uint64_t *host = sim->host.isa_host;

	if (val >> (RV_ISA_EXT_BASE - 1))
		return -EINVAL;
	if (val == isa_letters(vcpu->isa))
		return 0;
	if (vcpu->ran)
		return -EBUSY;
	for (unsigned int b = 0; b < RV_ISA_EXT_BASE; b++) {
		int ext = letter_to_ext(b);

		if (ext < 0) {
			val &= ~(1ull << b);
			continue;
		}
		/* extensions that cannot change keep their state quietly */
		if (!enable_allowed(sim, (unsigned int)ext))
			val &= ~(1ull << b);
		if (!disable_allowed(sim, (unsigned int)ext))
			val |= 1ull << b;
	}
	val &= isa_letters(host);
	for (unsigned int b = 0; b < RV_ISA_EXT_BASE; b++) {
		int ext = letter_to_ext(b);

		if (ext >= 0)
			ext_put(vcpu->isa, (unsigned int)ext, val & (1ull << b));
	}
	return 0;
}

static int config_set(struct sim_vcpu *vcpu, uint64_t num, uint64_t val)
{
	const struct sim_riscv_model *m = model_of(vcpu);
	uint64_t size;
	int ext;

	if (is_cbo(m, num)) {
		ext = cbo_ext(m, num, &size);
		/* 7.2: 0 or the block size; 6.6/6.12: the block size, with the extension */
		if (m->cbo_always) {
			if (!host_has(vcpu->vm->sim, (uint64_t)ext))
				size = 0;
			return val && val != size ? -EINVAL : 0;
		}
		if (!ext_on(vcpu->isa, ext))
			return -ENOENT;
		return val != size ? -EINVAL : 0;
	}
	switch (num) {
	case CFG_ISA:
		return config_set_isa(vcpu, val);
	case CFG_MVENDORID:
	case CFG_MARCHID:
	case CFG_MIMPID:
		/* equal is fine at any time, a change only before the run */
		if (val == vcpu->config[num])
			return 0;
		if (vcpu->ran)
			return -EBUSY;
		vcpu->config[num] = val;
		return 0;
	case CFG_SATP:
		return val != vcpu->vm->sim->host.rv_satp_mode ? -EINVAL : 0;
	default:
		return -ENOENT;
	}
}

/* --------------------------------------------------------------- ISA_EXT */

static int isa_single_get(const struct sim_vcpu *vcpu, uint64_t num, uint64_t *val)
{
	/* riscv_vcpu_get_isa_ext_single(): beyond the table or not on the host */
	if (!host_has(vcpu->vm->sim, num))
		return -ENOENT;
	*val = ext_on(vcpu->isa, (int)num);
	return 0;
}

static int isa_single_set(struct sim_vcpu *vcpu, uint64_t num, uint64_t val)
{
	const struct hvabi_sim *sim = vcpu->vm->sim;

	if (!host_has(sim, num))
		return -ENOENT;
	/* riscv_vcpu_set_isa_ext_single(): the current value is fine at any time */
	if (val == (uint64_t)ext_on(vcpu->isa, (int)num))
		return 0;
	/* any other value after the run is EBUSY, even one that is not 0 or 1 */
	if (vcpu->ran)
		return -EBUSY;
	if (val == 1 && enable_allowed(sim, (unsigned int)num))
		ext_put(vcpu->isa, (unsigned int)num, true);
	else if (!val && disable_allowed(sim, (unsigned int)num))
		ext_put(vcpu->isa, (unsigned int)num, false);
	else
		return -EINVAL;
	return 0;
}

/* KVM_REG_RISCV_*_MULTI_REG_LAST for a table of @max ids */
static uint64_t multi_last(uint8_t max)
{
	return (max - 1) / 64;
}

/* A register family's single and multi registers (ISA and SBI extensions alike). */
struct ext_family {
	uint64_t single;	/* its SINGLE subtype */
	int (*get)(const struct sim_vcpu *vcpu, uint64_t num, uint64_t *val);
	int (*set)(struct sim_vcpu *vcpu, uint64_t num, uint64_t val);
};

/*
 * KVM's ISA_EXT and SBI_EXT registers: a SINGLE register a number, and
 * MULTI_EN/MULTI_DIS registers of 64 numbers each, whose writes act as
 * that many single writes (their errors dropped, as KVM does) and whose
 * reads gather them (DIS inverted); @max numbers in all.
 */
static int ext_reg(struct sim_vcpu *vcpu, const struct ext_family *f, uint8_t max, uint64_t id,
		   uint64_t *val, bool set)
{
	uint64_t num = id & 0xffff, sub = id & HVABI_KVM_REG_RISCV_SUBTYPE_MASK, bits = 0;

	if (sub == f->single)
		return set ? f->set(vcpu, num, *val) : f->get(vcpu, num, val);
	if (sub != HVABI_KVM_REG_RISCV_MULTI_EN && sub != HVABI_KVM_REG_RISCV_MULTI_DIS)
		return -ENOENT;
	if (num > multi_last(max))
		return -ENOENT;
	for (unsigned int i = 0; i < 64 && num * 64 + i < max; i++) {
		uint64_t one = 0;

		if (set && (*val & (1ull << i)))
			f->set(vcpu, num * 64 + i, sub == HVABI_KVM_REG_RISCV_MULTI_EN);
		else if (!set && !f->get(vcpu, num * 64 + i, &one) && one)
			bits |= 1ull << i;
	}
	if (!set)
		*val = sub == HVABI_KVM_REG_RISCV_MULTI_DIS ? ~bits : bits;
	return 0;
}

static int isa_ext(struct sim_vcpu *vcpu, uint64_t id, uint64_t *val, bool set)
{
	static const struct ext_family isa = { HVABI_KVM_REG_RISCV_ISA_SINGLE, isa_single_get,
					       isa_single_set };

	return ext_reg(vcpu, &isa, model_of(vcpu)->isa_max, id, val, set);
}

/* --------------------------------------------------------------- SBI_EXT */

/*
 * riscv_vcpu_{get,set}_sbi_ext_single() of 6.6: every id below the table's
 * end exists; writing 0 marks the extension unavailable, writing 1 does
 * not bring it back (status only returned to "available" from 6.7).
 *
 * 6.7+ (vcpu_sbi.c 6.12/7.2): an extension is unavailable (its probe
 * failed, or no such id: ENOENT), enabled or disabled; a write checks the
 * value (0 or 1, else EINVAL) before the id and switches between enabled
 * and disabled.
 */
static bool sbi_avail(const struct sim_vcpu *vcpu, uint64_t num)
{
	return num < model_of(vcpu)->sbi_max && (vcpu->sbi_avail & (1ull << num));
}

static int sbi_single_get(const struct sim_vcpu *vcpu, uint64_t num, uint64_t *val)
{
	if (!sbi_avail(vcpu, num))
		return -ENOENT;
	*val = !(vcpu->sbi_off & (1ull << num));
	return 0;
}

static int sbi_single_set(struct sim_vcpu *vcpu, uint64_t num, uint64_t val)
{
	if (model_of(vcpu)->sbi_rule == SIM_RV_SBI_66) {
		if (!sbi_avail(vcpu, num))
			return -ENOENT;
		if (val != 0 && val != 1)
			return -EINVAL;
		if (!val)
			vcpu->sbi_off |= 1ull << num;
		return 0;
	}
	if (val != 0 && val != 1)
		return -EINVAL;
	if (!sbi_avail(vcpu, num))
		return -ENOENT;
	if (val)
		vcpu->sbi_off &= ~(1ull << num);
	else
		vcpu->sbi_off |= 1ull << num;
	return 0;
}

static bool sta_enabled(const struct sim_vcpu *vcpu)
{
	return sbi_avail(vcpu, RV_SBI_STA) && !(vcpu->sbi_off & (1ull << RV_SBI_STA));
}

/*
 * KVM_REG_RISCV_SBI_STATE: 6.12 kvm_riscv_vcpu_{get,set}_reg_sbi()
 * (vcpu_sbi.c) reach the STA registers whatever STA's status: 8 bytes or
 * EINVAL, subtype STA or EINVAL, shmem_lo/shmem_hi or EINVAL, shmem_hi
 * only 0 on rv64 (vcpu_sbi_sta.c). 7.2: sizes 1/2/4/8 else EINVAL, an
 * enabled extension with state of that subtype or EINVAL, then STA's
 * rules: 8 bytes or EINVAL, shmem_lo/hi or ENOENT, a new address 64-byte
 * aligned or all ones, else EINVAL (vcpu_sbi_sta.c).
 */
static int sbi_state(struct sim_vcpu *vcpu, const struct hvabi_kvm_one_reg *reg, bool set)
{
	const struct sim_riscv_model *m = model_of(vcpu);
	unsigned int size = HVABI_KVM_REG_SIZE(reg->id);
	uint64_t num = reg->id & 0xffff, sub = reg->id & HVABI_KVM_REG_RISCV_SUBTYPE_MASK;
	uint64_t val = 0;
	bool latest = m->sbi_state_rule == SIM_RV_STATE_ENABLED;

	if (latest ? (size != 1 && size != 2 && size != 4 && size != 8) : size != 8)
		return -EINVAL;
	if (set) {
		if (!reg->addr)
			return -EFAULT;
		memcpy(&val, sim_uptr(reg->addr), size);
	}
	if (sub != RV_SBI_STA_SUBTYPE || (latest && !sta_enabled(vcpu)))
		return -EINVAL;
	if (size != 8)
		return -EINVAL;
	if (num >= RV_NSTA)
		return latest ? -ENOENT : -EINVAL;
	if (set) {
		/* shmem_hi: 0 only; 7.2 then stores the new address, INVALID_GPA */
		if (num == 1) {
			if (val)
				return -EINVAL;
			if (latest)
				vcpu->sta_shmem = RV_INVALID_GPA;
			return 0;
		}
		if (latest && val != RV_INVALID_GPA && (val & 63))
			return -EINVAL;
		vcpu->sta_shmem = val;
		return 0;
	}
	val = num == 0 ? vcpu->sta_shmem : 0;
	if (!reg->addr)
		return -EFAULT;
	memcpy(sim_uptr(reg->addr), &val, sizeof(val));
	return 0;
}

static int sbi_ext(struct sim_vcpu *vcpu, uint64_t id, uint64_t *val, bool set)
{
	static const struct ext_family sbi = { HVABI_KVM_REG_RISCV_SBI_SINGLE, sbi_single_get,
					       sbi_single_set };

	return ext_reg(vcpu, &sbi, model_of(vcpu)->sbi_max, id, val, set);
}

/* ------------------------------------------------------- plain registers */

static int plain(struct sim_vcpu *vcpu, const struct hvabi_kvm_one_reg *reg, bool set)
{
	uint64_t type = reg->id & HVABI_KVM_REG_RISCV_TYPE_MASK;
	uint64_t num = reg->id & 0xffff;
	unsigned int size = HVABI_KVM_REG_SIZE(reg->id);
	struct sim_reg *p = NULL;

	/* the F and D registers exist while the vCPU has the extension */
	if ((type == HVABI_KVM_REG_RISCV_FP_F && !ext_on(vcpu->isa, RV_F)) ||
	    (type == HVABI_KVM_REG_RISCV_FP_D && !ext_on(vcpu->isa, RV_D)))
		return -ENOENT;
	/* core, CSR and timer registers check the size before the number */
	if (type != HVABI_KVM_REG_RISCV_FP_F && type != HVABI_KVM_REG_RISCV_FP_D &&
	    size != sizeof(uint64_t))
		return -EINVAL;
	if (type == HVABI_KVM_REG_RISCV_TIMER && num == RV_TIMER_FREQUENCY &&
	    !(reg->id & HVABI_KVM_REG_RISCV_SUBTYPE_MASK)) {
		uint64_t v;

		if (!reg->addr)
			return -EFAULT;
		if (!set) {
			memcpy(sim_uptr(reg->addr), &vcpu->timer_frequency, sizeof(v));
			return 0;
		}
		/* kvm_riscv_vcpu_set_reg_timer(): the timebase is the host's */
		memcpy(&v, sim_uptr(reg->addr), sizeof(v));
		return v != vcpu->timer_frequency ? -EINVAL : 0;
	}
	for (size_t i = 0; i < vcpu->nregs; i++) {
		if (vcpu->regs[i].id == reg->id) {
			p = &vcpu->regs[i];
			break;
		}
		/* a known FP number with the wrong size */
		if ((vcpu->regs[i].id & ~HVABI_KVM_REG_SIZE_MASK) ==
		    (reg->id & ~HVABI_KVM_REG_SIZE_MASK))
			return -EINVAL;
	}
	if (!p)
		return -ENOENT;
	if (!reg->addr)
		return -EFAULT;
	if (!set) {
		memcpy(sim_uptr(reg->addr), p->val, size);
		return 0;
	}
	memcpy(p->val, sim_uptr(reg->addr), size);
	/* kvm_riscv_vcpu_set_reg_core(): mode is sstatus.SPP, S (1) or U (0) */
	if (type == HVABI_KVM_REG_RISCV_CORE && num == RV_CORE_MODE)
		p->val[0] = p->val[0] == 1;
	return 0;
}

static int one_reg(struct sim_vcpu *vcpu, const struct hvabi_kvm_one_reg *reg, bool set)
{
	uint64_t type, num, val = 0;
	int r;

	if (!reg)
		return -EFAULT;
	type = reg->id & HVABI_KVM_REG_RISCV_TYPE_MASK;
	num = reg->id & ~(HVABI_KVM_REG_ARCH_MASK | HVABI_KVM_REG_SIZE_MASK |
			  HVABI_KVM_REG_RISCV_TYPE_MASK);
	switch (type) {
	case HVABI_KVM_REG_RISCV_CONFIG:
	case HVABI_KVM_REG_RISCV_ISA_EXT:
	case HVABI_KVM_REG_RISCV_SBI_EXT:
		/* every one of these is an unsigned long (8 bytes on rv64) */
		if (HVABI_KVM_REG_SIZE(reg->id) != sizeof(uint64_t))
			return -EINVAL;
		/*
		 * kvm_riscv_vcpu_set_reg_sbi_ext(): any write after the run is
		 * EBUSY, the current value and unknown ids included.
		 */
		if (type == HVABI_KVM_REG_RISCV_SBI_EXT && set && vcpu->ran)
			return -EBUSY;
		if (!reg->addr)
			return -EFAULT;
		if (set)
			memcpy(&val, sim_uptr(reg->addr), sizeof(val));
		if (type == HVABI_KVM_REG_RISCV_CONFIG)
			r = set ? config_set(vcpu, num, val) : config_get(vcpu, num, &val);
		else if (type == HVABI_KVM_REG_RISCV_ISA_EXT)
			r = isa_ext(vcpu, num, &val, set);
		else
			r = sbi_ext(vcpu, num, &val, set);
		if (!r && !set)
			memcpy(sim_uptr(reg->addr), &val, sizeof(val));
		return r;
	case HVABI_KVM_REG_RISCV_CORE:
	case HVABI_KVM_REG_RISCV_CSR:
	case HVABI_KVM_REG_RISCV_TIMER:
	case HVABI_KVM_REG_RISCV_FP_F:
	case HVABI_KVM_REG_RISCV_FP_D:
		return plain(vcpu, reg, set);
	case RV_TYPE_SBI_STATE:
		if (model_of(vcpu)->sbi_state_rule != SIM_RV_STATE_NONE)
			return sbi_state(vcpu, reg, set);
		return -ENOENT;
	default:
		/* kvm_riscv_vcpu_{get,set}_reg(): unknown type ENOENT */
		return -ENOENT;
	}
}

/*
 * kvm_riscv_vcpu_copy_reg_indices() (vcpu_onereg.c): config, core, CSR,
 * timer, F, D, ISA, SBI extensions, then (6.7+) the SBI state registers.
 */
static int reg_list(struct sim_vcpu *vcpu, struct hvabi_kvm_reg_list *list)
{
	const struct sim_riscv_model *m = model_of(vcpu);
	const struct hvabi_sim *sim = vcpu->vm->sim;
	uint64_t ids[SIM_RISCV_NCONFIG + RV_NCORE + RV_NCSR_MAX + RV_NTIMER + 2 * RV_NFP +
		     SIM_RISCV_MAX_ISA + SIM_RISCV_MAX_SBI + 2 + RV_NSTA];
	size_t n = 0;

	for (unsigned int i = 0; i < m->nconfig; i++) {
		uint64_t size;

		/* the block sizes only with their extension (6.6/6.12), always (7.2) */
		if (is_cbo(m, i) && !m->cbo_always && !ext_on(vcpu->isa, cbo_ext(m, i, &size)))
			continue;
		ids[n++] = RV_REG(RV_U64, HVABI_KVM_REG_RISCV_CONFIG, i);
	}
	for (unsigned int i = 0; i < RV_NCORE; i++)
		ids[n++] = RV_REG(RV_U64, HVABI_KVM_REG_RISCV_CORE, i);
	for (unsigned int i = 0; i < m->ncsr; i++)
		ids[n++] = RV_REG(RV_U64, HVABI_KVM_REG_RISCV_CSR, i);
	for (unsigned int i = 0; i < RV_NTIMER; i++)
		ids[n++] = RV_REG(RV_U64, HVABI_KVM_REG_RISCV_TIMER, i);
	if (ext_on(vcpu->isa, RV_F))
		for (unsigned int i = 0; i < RV_NFP; i++)
			ids[n++] = RV_REG(RV_U32, HVABI_KVM_REG_RISCV_FP_F, i);
	if (ext_on(vcpu->isa, RV_D))
		for (unsigned int i = 0; i < RV_NFP; i++)
			ids[n++] = RV_REG(i == RV_NFP - 1 ? RV_U32 : RV_U64,
					  HVABI_KVM_REG_RISCV_FP_D, i);
	/* every extension the host has, enabled or not */
	for (unsigned int i = 0; i < m->isa_max; i++)
		if (host_has(sim, i))
			ids[n++] = HVABI_RISCV_ISA_EXT_REG(i);
	/* every SBI extension that is not unavailable */
	for (unsigned int i = 0; i < m->sbi_max; i++)
		if (sbi_avail(vcpu, i))
			ids[n++] = HVABI_RISCV_SBI_EXT_REG(i);
	/* 6.6: the MULTI_EN/MULTI_DIS pairs */
	for (uint64_t i = 0; m->sbi_multi_listed && i <= multi_last(m->sbi_max); i++) {
		ids[n++] = RV_REG(RV_U64, HVABI_KVM_REG_RISCV_SBI_EXT,
				  HVABI_KVM_REG_RISCV_MULTI_EN | i);
		ids[n++] = RV_REG(RV_U64, HVABI_KVM_REG_RISCV_SBI_EXT,
				  HVABI_KVM_REG_RISCV_MULTI_DIS | i);
	}
	/* copy_sbi_reg_indices() (6.12), kvm_riscv_vcpu_reg_indices_sbi() (7.2): STA's, while enabled */
	if (m->sbi_state_rule != SIM_RV_STATE_NONE && sta_enabled(vcpu))
		for (unsigned int i = 0; i < RV_NSTA; i++)
			ids[n++] = RV_REG(RV_U64, RV_TYPE_SBI_STATE, RV_SBI_STA_SUBTYPE | i);
	return hvabi_sim_put_reg_list(list, ids, n);
}

/* ------------------------------------------------------------ the guest */

/*
 * The simulator runs a guest as far as hvabi_kvm_probe()'s guest needs:
 * LUI, ADDI, ADDIW, SLLI, BEQ, SD, JAL and ECALL of the SBI base
 * extension, which KVM answers without an exit (vcpu_sbi_base.c); a store
 * outside guest memory exits as KVM_EXIT_MMIO. Anything else stops the
 * run with KVM_EXIT_INTERNAL_ERROR, the simulator's "not modelled".
 */
#define SBI_EXT_BASE 0x10
#define SBI_ERR_NOT_SUPPORTED (-2)

/* SBI extension ids and the KVM SBI_EXT register each is enabled by (vcpu_sbi.c sbi_ext[]) */
static const struct {
	uint32_t eid_lo, eid_hi;
	unsigned int kvm;
} sbi_eids[] = {
	{ 0x0, 0x8, 0 },               /* V01: the legacy calls */
	{ 0x54494d45, 0x54494d45, 1 }, /* TIME */
	{ 0x735049, 0x735049, 2 },     /* IPI */
	{ 0x52464e43, 0x52464e43, 3 }, /* RFENCE */
	{ 0x53525354, 0x53525354, 4 }, /* SRST */
	{ 0x48534d, 0x48534d, 5 },     /* HSM */
	{ 0x504d55, 0x504d55, 6 },     /* PMU */
	{ 0x4442434e, 0x4442434e, 9 }, /* DBCN */
	{ 0x535441, 0x535441, 10 },    /* STA */
	{ 0x53555350, 0x53555350, 11 },/* SUSP */
	{ 0x46574654, 0x46574654, 12 },/* FWFT */
	{ 0x4d505859, 0x4d505859, 13 },/* MPXY */
};

/* LINUX_VERSION_CODE of the model's release: KERNEL_VERSION(a, b, min(c, 255)) */
static uint64_t linux_version_code(const char *release)
{
	unsigned int a = 0, b = 0, c = 0;

	sscanf(release, "%u.%u.%u", &a, &b, &c);
	return ((uint64_t)a << 16) | ((uint64_t)b << 8) | (c > 255 ? 255 : c);
}

/*
 * probe_extension (kvm_sbi_ext_base_handler()): 0 for an extension the
 * vCPU does not have or has disabled, else its probe(), 1 for every
 * extension the simulator models; V01 answers 0: Debian's kernels are
 * built without CONFIG_RISCV_SBI_V01, so no handler serves it.
 */
static uint64_t sbi_probe(const struct sim_vcpu *vcpu, uint64_t eid)
{
	for (size_t i = 0; i < HVABI_ARRAY_SIZE(sbi_eids); i++) {
		unsigned int k = sbi_eids[i].kvm;

		if (eid < sbi_eids[i].eid_lo || eid > sbi_eids[i].eid_hi)
			continue;
		if (!k || !sbi_avail(vcpu, k))
			return 0;
		return !(vcpu->sbi_off & (1ull << k));
	}
	return 0;
}

/* One SBI call (a7, a6, a0): the error into a0, the value into a1; -1 when not modelled. */
static int sbi_call(const struct sim_vcpu *vcpu, uint64_t *x)
{
	const struct sim_riscv_model *m = model_of(vcpu);
	int64_t err = 0;
	uint64_t val = 0;

	if (x[17] != SBI_EXT_BASE)
		return -1;
	switch (x[16]) {
	case 0:
		val = (uint64_t)m->sbi_spec_major << 24;
		break;
	case 1:
		val = 3; /* KVM_SBI_IMPID */
		break;
	case 2:
		val = linux_version_code(vcpu->vm->sim->model->release);
		break;
	case 3:
		val = sbi_probe(vcpu, x[10]);
		break;
	case 4:
	case 5:
	case 6:
		val = vcpu->config[CFG_MVENDORID + (x[16] - 4)];
		break;
	default:
		err = SBI_ERR_NOT_SUPPORTED;
		break;
	}
	x[10] = (uint64_t)err;
	x[11] = val;
	return 0;
}

static int64_t sext(uint64_t v, unsigned int bits)
{
	return (int64_t)(v << (64 - bits)) >> (64 - bits);
}

/* One instruction on @x (x0..x31, pc at 32): 1 to go on, 0 when the guest exited. */
static int rv_step(struct sim_vcpu *vcpu, uint64_t *x)
{
	uint8_t *code = hvabi_sim_guest_mem(vcpu->vm, x[32], 4);
	unsigned int rd, rs1, rs2, op;
	uint64_t addr, next = x[32] + 4;
	uint32_t in;

	if (!code)
		return hvabi_sim_guest_exit(vcpu, HVABI_KVM_EXIT_INTERNAL_ERROR);
	in = (uint32_t)code[0] | (uint32_t)code[1] << 8 | (uint32_t)code[2] << 16 |
	     (uint32_t)code[3] << 24;
	op = in & 0x7f;
	rd = (in >> 7) & 31;
	rs1 = (in >> 15) & 31;
	rs2 = (in >> 20) & 31;
	switch (op | ((in >> 12) & 7) << 7) {
	case 0x37 | 0 << 7: case 0x37 | 1 << 7: case 0x37 | 2 << 7: case 0x37 | 3 << 7:
	case 0x37 | 4 << 7: case 0x37 | 5 << 7: case 0x37 | 6 << 7: case 0x37 | 7 << 7:
		x[rd] = (uint64_t)sext(in & 0xfffff000u, 32); /* LUI */
		break;
	case 0x13 | 0 << 7: /* ADDI */
		x[rd] = x[rs1] + (uint64_t)sext(in >> 20, 12);
		break;
	case 0x13 | 1 << 7: /* SLLI */
		x[rd] = x[rs1] << ((in >> 20) & 63);
		break;
	case 0x1b | 0 << 7: /* ADDIW */
		x[rd] = (uint64_t)sext((x[rs1] + (uint64_t)sext(in >> 20, 12)) & 0xffffffffu, 32);
		break;
	case 0x63 | 0 << 7: /* BEQ */
		if (x[rs1] == x[rs2])
			next = x[32] + (uint64_t)sext(((in >> 31) & 1) << 12 | ((in >> 7) & 1) << 11 |
						      ((in >> 25) & 0x3f) << 5 | ((in >> 8) & 0xf) << 1,
						      13);
		break;
	case 0x23 | 3 << 7: /* SD */
		addr = x[rs1] + (uint64_t)sext(((in >> 25) << 5) | ((in >> 7) & 31), 12);
		if (!hvabi_sim_guest_store(vcpu, addr, x[rs2]))
			return 0;
		break;
	default:
		if (op == 0x6f) { /* JAL */
			if (rd)
				x[rd] = x[32] + 4;
			next = x[32] + (uint64_t)sext(((in >> 31) & 1) << 20 | ((in >> 12) & 0xff) << 12 |
						      ((in >> 20) & 1) << 11 | ((in >> 21) & 0x3ff) << 1,
						      21);
			break;
		}
		if (in == 0x00000073u && !sbi_call(vcpu, x)) /* ECALL */
			break;
		return hvabi_sim_guest_exit(vcpu, HVABI_KVM_EXIT_INTERNAL_ERROR);
	}
	x[0] = 0;
	x[32] = next;
	return 1;
}

static struct sim_reg *core_reg(struct sim_vcpu *vcpu, unsigned int i)
{
	uint64_t id = RV_REG(RV_U64, HVABI_KVM_REG_RISCV_CORE, i);

	for (size_t k = 0; k < vcpu->nregs; k++)
		if (vcpu->regs[k].id == id)
			return &vcpu->regs[k];
	return NULL;
}

/*
 * KVM_RUN: until the guest exits. A VM without memory returns at once, as
 * if the guest had exited (the tests that only need a VM to have run).
 */
int hvabi_sim_riscv_run(struct sim_vcpu *vcpu)
{
	uint64_t x[33];
	struct sim_reg *r;
	unsigned int i;

	if (!vcpu->vm->nslots)
		return 0;
	/* struct kvm_riscv_core: pc at 0, x1..x31 at 1..31 */
	for (i = 0; i < 32; i++) {
		r = core_reg(vcpu, i);
		x[i ? i : 32] = r ? r->val[0] : 0;
	}
	x[0] = 0;
	hvabi_sim_guest_steps(vcpu, x, rv_step);
	for (i = 0; i < 32; i++) {
		r = core_reg(vcpu, i);
		if (r)
			r->val[0] = x[i ? i : 32];
	}
	return 0;
}

int hvabi_sim_riscv_vcpu_ioctl(struct sim_vcpu *vcpu, unsigned long req, void *arg)
{
	switch (req) {
	case HVABI_KVM_GET_ONE_REG:
		return one_reg(vcpu, arg, false);
	case HVABI_KVM_SET_ONE_REG:
		return one_reg(vcpu, arg, true);
	case HVABI_KVM_GET_REG_LIST:
		return reg_list(vcpu, arg);
	default:
		/* kvm_arch_vcpu_ioctl(): default EINVAL */
		return -EINVAL;
	}
}
