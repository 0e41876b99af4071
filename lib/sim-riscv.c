/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The simulated riscv KVM (6.6). Rules follow arch/riscv/kvm/vcpu_onereg.c
 * (ONE_REG dispatch, CONFIG, ISA_EXT, KVM_GET_REG_LIST indices),
 * arch/riscv/kvm/vcpu_sbi.c (SBI_EXT), arch/riscv/kvm/vcpu_timer.c and
 * arch/riscv/kvm/vcpu.c (KVM_GET_REG_LIST protocol). All of it is per
 * vCPU: a vCPU that ran refuses changes, its siblings do not.
 *
 * Not modelled: vector registers, AIA CSRs (the host has no Ssaia), the
 * guest's lazy probe of SBI extensions (6.6 reports an extension as
 * enabled until userspace disables it, whatever the probe would say), the
 * sip CSR's encoding.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sim-internal.h"

#define RV_REG(size, type, idx) (HVABI_KVM_REG_RISCV | (size) | (type) | (uint64_t)(idx))
#define RV_U32 HVABI_KVM_REG_SIZE_U32
#define RV_U64 HVABI_KVM_REG_SIZE_U64

/* struct kvm_riscv_core: pc, 31 GPRs, mode; kvm_riscv_csr (6.6): 10 CSRs */
#define RV_NCORE 33
#define RV_NCSR 10
/* struct kvm_riscv_timer: frequency, time, compare, state */
#define RV_NTIMER 4
#define RV_TIMER_FREQUENCY 0
#define RV_TIMEBASE 10000000ull /* riscv_timebase of the host: 10 MHz */
/* f[32] + fcsr, d.f[32] + fcsr */
#define RV_NFP 33

/* KVM ISA extension ids whose letters make up the CONFIG isa register */
enum { RV_A, RV_C, RV_D, RV_F, RV_H, RV_I, RV_M };
#define RV_V 15
#define RV_ZICBOM 11
#define RV_ZICBOZ 12
#define RV_SSAIA 14
/* CONFIG fields by index (KVM_REG_RISCV_CONFIG_REG) */
enum { CFG_ISA, CFG_ZICBOM, CFG_MVENDORID, CFG_MARCHID, CFG_MIMPID, CFG_ZICBOZ, CFG_SATP };
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

static bool ext_on(uint64_t set, int ext)
{
	return ext >= 0 && (set & (1ull << ext));
}

/* The CONFIG isa register: the single letters of a set of extensions. */
static uint64_t isa_letters(uint64_t exts)
{
	uint64_t v = 0;

	for (unsigned int b = 0; b < RV_ISA_EXT_BASE; b++)
		if (ext_on(exts, letter_to_ext(b)))
			v |= 1ull << b;
	return v;
}

int hvabi_sim_riscv_init_host(struct hvabi_sim *sim)
{
	sim->host.isa_host = sim->model->riscv->isa_host;
	return 0;
}

int hvabi_sim_riscv_set_host(struct hvabi_sim *sim, const struct hvabi_key *key, uint64_t v)
{
	const struct sim_riscv_model *m = sim->model->riscv;
	uint64_t idx;

	if (key->ns != HVABI_NS_ONE_REG || key->sel || key->sub)
		return -ENOENT;
	idx = key->id & ~(HVABI_KVM_REG_ARCH_MASK | HVABI_KVM_REG_SIZE_MASK |
			  HVABI_KVM_REG_RISCV_ISA_EXT);
	if ((key->id & ~(uint64_t)0xffff) != HVABI_RISCV_ISA_EXT_REG(0) ||
	    idx >= m->isa_max)
		return -ENOENT;
	if (v > 1)
		return -EINVAL;
	if (v)
		sim->host.isa_host |= 1ull << idx;
	else
		sim->host.isa_host &= ~(1ull << idx);
	return 0;
}

int hvabi_sim_riscv_vcpu_init(struct sim_vcpu *vcpu)
{
	const struct sim_riscv_model *m = model_of(vcpu);
	size_t n = 0;

	vcpu->regs = calloc(RV_NCORE + RV_NCSR + RV_NTIMER + 2 * RV_NFP,
			    sizeof(*vcpu->regs));
	if (!vcpu->regs)
		return -ENOMEM;
	/* kvm_riscv_vcpu_setup_isa(): what the host has and KVM lets a guest use */
	vcpu->isa = vcpu->vm->sim->host.isa_host & ~m->isa_enable_denied;
	vcpu->config[CFG_MVENDORID] = m->mvendorid;
	vcpu->config[CFG_MARCHID] = m->marchid;
	vcpu->config[CFG_MIMPID] = m->mimpid;
	vcpu->timer_frequency = RV_TIMEBASE;
	for (unsigned int i = 0; i < RV_NCORE; i++)
		vcpu->regs[n++].id = RV_REG(RV_U64, HVABI_KVM_REG_RISCV_CORE, i);
	for (unsigned int i = 0; i < RV_NCSR; i++)
		vcpu->regs[n++].id = RV_REG(RV_U64, HVABI_KVM_REG_RISCV_CSR, i);
	for (unsigned int i = 1; i < RV_NTIMER; i++)
		vcpu->regs[n++].id = RV_REG(RV_U64, HVABI_KVM_REG_RISCV_TIMER, i);
	for (unsigned int i = 0; i < RV_NFP; i++)
		vcpu->regs[n++].id = RV_REG(RV_U32, HVABI_KVM_REG_RISCV_FP_F, i);
	for (unsigned int i = 0; i < RV_NFP; i++)
		vcpu->regs[n++].id = RV_REG(i == RV_NFP - 1 ? RV_U32 : RV_U64,
					    HVABI_KVM_REG_RISCV_FP_D, i);
	vcpu->nregs = n;
	return 0;
}

/* ---------------------------------------------------------------- CONFIG */

static int config_get(const struct sim_vcpu *vcpu, uint64_t num, uint64_t *val)
{
	const struct sim_riscv_model *m = model_of(vcpu);

	switch (num) {
	case CFG_ISA:
		*val = isa_letters(vcpu->isa);
		return 0;
	case CFG_ZICBOM:
		if (!ext_on(vcpu->isa, RV_ZICBOM))
			return -ENOENT;
		*val = m->cbom_block_size;
		return 0;
	case CFG_ZICBOZ:
		if (!ext_on(vcpu->isa, RV_ZICBOZ))
			return -ENOENT;
		*val = m->cboz_block_size;
		return 0;
	case CFG_MVENDORID:
	case CFG_MARCHID:
	case CFG_MIMPID:
		*val = vcpu->config[num];
		return 0;
	case CFG_SATP:
		*val = m->satp_mode;
		return 0;
	default:
		return -ENOENT;
	}
}

/* kvm_riscv_vcpu_set_reg_config(), case isa: single letters only */
static int config_set_isa(struct sim_vcpu *vcpu, uint64_t val)
{
	const struct sim_riscv_model *m = model_of(vcpu);
	uint64_t host = vcpu->vm->sim->host.isa_host;

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
		if (ext_on(m->isa_enable_denied, ext))
			val &= ~(1ull << b);
		if (ext_on(m->isa_disable_denied, ext))
			val |= 1ull << b;
	}
	val &= isa_letters(host);
	for (unsigned int b = 0; b < RV_ISA_EXT_BASE; b++) {
		int ext = letter_to_ext(b);

		if (ext < 0)
			continue;
		if (val & (1ull << b))
			vcpu->isa |= 1ull << ext;
		else
			vcpu->isa &= ~(1ull << ext);
	}
	return 0;
}

static int config_set(struct sim_vcpu *vcpu, uint64_t num, uint64_t val)
{
	const struct sim_riscv_model *m = model_of(vcpu);

	switch (num) {
	case CFG_ISA:
		return config_set_isa(vcpu, val);
	case CFG_ZICBOM:
	case CFG_ZICBOZ:
		if (!ext_on(vcpu->isa, num == CFG_ZICBOM ? RV_ZICBOM : RV_ZICBOZ))
			return -ENOENT;
		if (num == CFG_ZICBOM)
			return val != m->cbom_block_size ? -EINVAL : 0;
		return val != m->cboz_block_size ? -EINVAL : 0;
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
		return val != m->satp_mode ? -EINVAL : 0;
	default:
		return -ENOENT;
	}
}

/* --------------------------------------------------------------- ISA_EXT */

static int isa_single_get(const struct sim_vcpu *vcpu, uint64_t num, uint64_t *val)
{
	/* riscv_vcpu_get_isa_ext_single(): beyond the table or not on the host */
	if (num >= model_of(vcpu)->isa_max ||
	    !ext_on(vcpu->vm->sim->host.isa_host, (int)num))
		return -ENOENT;
	*val = ext_on(vcpu->isa, (int)num);
	return 0;
}

static int isa_single_set(struct sim_vcpu *vcpu, uint64_t num, uint64_t val)
{
	const struct sim_riscv_model *m = model_of(vcpu);

	if (num >= m->isa_max || !ext_on(vcpu->vm->sim->host.isa_host, (int)num))
		return -ENOENT;
	/* riscv_vcpu_set_isa_ext_single(): the current value is fine at any time */
	if (val == (uint64_t)ext_on(vcpu->isa, (int)num))
		return 0;
	/* any other value after the run is EBUSY, even one that is not 0 or 1 */
	if (vcpu->ran)
		return -EBUSY;
	if (val == 1 && !ext_on(m->isa_enable_denied, (int)num))
		vcpu->isa |= 1ull << num;
	else if (!val && !ext_on(m->isa_disable_denied, (int)num))
		vcpu->isa &= ~(1ull << num);
	else
		return -EINVAL;
	return 0;
}

/* KVM_REG_RISCV_*_MULTI_REG_LAST for a table of @max ids */
static uint64_t multi_last(uint8_t max)
{
	return (max - 1) / 64;
}

static int isa_ext(struct sim_vcpu *vcpu, uint64_t id, uint64_t *val, bool set)
{
	uint64_t num = id & 0xffff, sub = id & HVABI_KVM_REG_RISCV_SUBTYPE_MASK, bits = 0;
	uint8_t max = model_of(vcpu)->isa_max;

	switch (sub) {
	case HVABI_KVM_REG_RISCV_ISA_SINGLE:
		if (set)
			return isa_single_set(vcpu, num, *val);
		return isa_single_get(vcpu, num, val);
	case HVABI_KVM_REG_RISCV_MULTI_EN:
	case HVABI_KVM_REG_RISCV_MULTI_DIS:
		if (num > multi_last(max))
			return -ENOENT;
		for (unsigned int i = 0; i < 64 && num * 64 + i < max; i++) {
			uint64_t one = 0;

			/* each bit as a single register; its errors are dropped */
			if (set && (*val & (1ull << i)))
				isa_single_set(vcpu, num * 64 + i,
					       sub == HVABI_KVM_REG_RISCV_MULTI_EN);
			else if (!set && !isa_single_get(vcpu, num * 64 + i, &one) && one)
				bits |= 1ull << i;
		}
		if (!set)
			*val = sub == HVABI_KVM_REG_RISCV_MULTI_DIS ? ~bits : bits;
		return 0;
	default:
		return -ENOENT;
	}
}

/* --------------------------------------------------------------- SBI_EXT */

/*
 * riscv_vcpu_{get,set}_sbi_ext_single() of 6.6: every id below the table's
 * end exists; writing 0 marks the extension unavailable, writing 1 does
 * not bring it back (status only returned to "available" from 6.7).
 */
static int sbi_single_get(const struct sim_vcpu *vcpu, uint64_t num, uint64_t *val)
{
	if (num >= model_of(vcpu)->sbi_max)
		return -ENOENT;
	*val = !(vcpu->sbi_off & (1ull << num));
	return 0;
}

static int sbi_single_set(struct sim_vcpu *vcpu, uint64_t num, uint64_t val)
{
	if (num >= model_of(vcpu)->sbi_max)
		return -ENOENT;
	if (val != 0 && val != 1)
		return -EINVAL;
	if (!val)
		vcpu->sbi_off |= 1ull << num;
	return 0;
}

static int sbi_ext(struct sim_vcpu *vcpu, uint64_t id, uint64_t *val, bool set)
{
	uint64_t num = id & 0xffff, sub = id & HVABI_KVM_REG_RISCV_SUBTYPE_MASK, bits = 0;
	uint8_t max = model_of(vcpu)->sbi_max;

	switch (sub) {
	case HVABI_KVM_REG_RISCV_SBI_SINGLE:
		if (set)
			return sbi_single_set(vcpu, num, *val);
		return sbi_single_get(vcpu, num, val);
	case HVABI_KVM_REG_RISCV_MULTI_EN:
	case HVABI_KVM_REG_RISCV_MULTI_DIS:
		if (num > multi_last(max))
			return -ENOENT;
		for (unsigned int i = 0; i < 64 && num * 64 + i < max; i++) {
			uint64_t one = 0;

			if (set && (*val & (1ull << i)))
				sbi_single_set(vcpu, num * 64 + i,
					       sub == HVABI_KVM_REG_RISCV_MULTI_EN);
			else if (!set && !sbi_single_get(vcpu, num * 64 + i, &one) && one)
				bits |= 1ull << i;
		}
		if (!set)
			*val = sub == HVABI_KVM_REG_RISCV_MULTI_DIS ? ~bits : bits;
		return 0;
	default:
		return -ENOENT;
	}
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
	if (set)
		memcpy(p->val, sim_uptr(reg->addr), size);
	else
		memcpy(sim_uptr(reg->addr), p->val, size);
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
	default:
		/* kvm_riscv_vcpu_{get,set}_reg(): unknown type ENOENT (6.6) */
		return -ENOENT;
	}
}

/* kvm_riscv_vcpu_copy_reg_indices(): config, core, CSR, timer, F, D, ISA, SBI */
static int reg_list(struct sim_vcpu *vcpu, struct hvabi_kvm_reg_list *list)
{
	const struct sim_riscv_model *m = model_of(vcpu);
	uint64_t ids[SIM_RISCV_NCONFIG + RV_NCORE + RV_NCSR + RV_NTIMER + 2 * RV_NFP +
		     SIM_RISCV_MAX_ISA + SIM_RISCV_MAX_SBI + 2];
	size_t n = 0;

	for (unsigned int i = 0; i < SIM_RISCV_NCONFIG; i++) {
		/* the block sizes only with their extension */
		if ((i == CFG_ZICBOM && !ext_on(vcpu->isa, RV_ZICBOM)) ||
		    (i == CFG_ZICBOZ && !ext_on(vcpu->isa, RV_ZICBOZ)))
			continue;
		ids[n++] = RV_REG(RV_U64, HVABI_KVM_REG_RISCV_CONFIG, i);
	}
	for (unsigned int i = 0; i < RV_NCORE; i++)
		ids[n++] = RV_REG(RV_U64, HVABI_KVM_REG_RISCV_CORE, i);
	for (unsigned int i = 0; i < RV_NCSR; i++)
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
		if (ext_on(vcpu->vm->sim->host.isa_host, (int)i))
			ids[n++] = HVABI_RISCV_ISA_EXT_REG(i);
	/* every SBI extension, then the MULTI_EN/MULTI_DIS pairs */
	for (unsigned int i = 0; i < m->sbi_max; i++)
		ids[n++] = HVABI_RISCV_SBI_EXT_REG(i);
	for (uint64_t i = 0; i <= multi_last(m->sbi_max); i++) {
		ids[n++] = RV_REG(RV_U64, HVABI_KVM_REG_RISCV_SBI_EXT,
				  HVABI_KVM_REG_RISCV_MULTI_EN | i);
		ids[n++] = RV_REG(RV_U64, HVABI_KVM_REG_RISCV_SBI_EXT,
				  HVABI_KVM_REG_RISCV_MULTI_DIS | i);
	}
	return hvabi_sim_put_reg_list(list, ids, n);
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
