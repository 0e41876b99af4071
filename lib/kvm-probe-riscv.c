/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Probe, riscv's part: the single ISA and SBI extension registers, which
 * of them KVM lets a VMM enable or disable, and the guest program of SBI
 * calls (kvm-probe.c says what a profile holds).
 */

#include <errno.h>
#include <string.h>

#include "kvm-probe.h"

/* ---- registers ---- */

bool hvabi_probe_riscv_keep(uint64_t id)
{
	uint64_t type_sub = id & (0xffull << HVABI_KVM_REG_RISCV_TYPE_SHIFT |
				  0xffull << HVABI_KVM_REG_RISCV_SUBTYPE_SHIFT);

	if ((id & HVABI_KVM_REG_ARCH_MASK) != HVABI_KVM_REG_RISCV)
		return false;
	return type_sub == (HVABI_KVM_REG_RISCV_ISA_EXT | HVABI_KVM_REG_RISCV_ISA_SINGLE) ||
	       type_sub == (HVABI_KVM_REG_RISCV_SBI_EXT | HVABI_KVM_REG_RISCV_SBI_SINGLE);
}

/* ---- what a guest reads (HVABI_PROBE_GUEST_READS) ---- */

/* riscv: x-registers and the instructions the program needs (RV64I). */
#define RV_A0 10
#define RV_A1 11
#define RV_A6 16
#define RV_A7 17
#define RV_S1 9
#define RV_ADDI(rd, rs, imm) ((uint32_t)((imm) & 0xfff) << 20 | (rs) << 15 | (rd) << 7 | 0x13)
#define RV_ADDIW(rd, rs, imm) ((uint32_t)((imm) & 0xfff) << 20 | (rs) << 15 | (rd) << 7 | 0x1b)
#define RV_LUI(rd, imm20) ((uint32_t)((imm20) & 0xfffff) << 12 | (rd) << 7 | 0x37)
#define RV_SLLI(rd, rs, sh) ((uint32_t)(sh) << 20 | (rs) << 15 | 1u << 12 | (rd) << 7 | 0x13)
#define RV_SD(rs2, rs1, off)                                                         \
	((uint32_t)(((off) >> 5) & 0x7f) << 25 | (rs2) << 20 | (rs1) << 15 | 3u << 12 | \
	 (uint32_t)((off) & 0x1f) << 7 | 0x23)
#define RV_ECALL 0x00000073u
#define RV_BEQZ_A0_8 0x00050463u /* beq a0, zero, .+8 */
#define RV_J_SELF 0x0000006fu    /* jal zero, . */

/* rd = @c, a value below 2^31 */
static void rv_li(struct guest_prog *g, unsigned int rd, uint32_t c)
{
	uint32_t hi = (c + 0x800) >> 12;

	if (c < 0x800) {
		emit(g, RV_ADDI(rd, 0u, c));
		return;
	}
	emit(g, RV_LUI(rd, hi));
	emit(g, RV_ADDIW(rd, rd, (int32_t)(c - (hi << 12))));
}

/*
 * riscv: what the guest's SBI calls answer (ecall: a7 the extension, a6
 * the function, a0 the argument; a0 the error, a1 the value), stored as
 * the value where a0 is 0, else as the error: the SBI base functions
 * (spec version, implementation id and version, which no ioctl shows;
 * mvendorid, marchid, mimpid, which the CONFIG registers set), and
 * probe_extension of every extension the catalogue has an SBI_EXT
 * register for (arch/riscv/kvm/vcpu_sbi_base.c, vcpu_sbi.c).
 */
static void riscv_guest_program(struct guest_prog *g)
{
	static const struct {
		uint32_t fid, arg;
		uint64_t key;
	} calls[] = {
		{ 0, 0, HVABI_RISCV_GUEST_SBI_BASE(0) }, /* spec version */
		{ 1, 0, HVABI_RISCV_GUEST_SBI_BASE(1) }, /* implementation id */
		{ 2, 0, HVABI_RISCV_GUEST_SBI_BASE(2) }, /* implementation version */
		{ 4, 0, HVABI_RISCV_CONFIG_REG(2) },     /* mvendorid */
		{ 5, 0, HVABI_RISCV_CONFIG_REG(3) },     /* marchid */
		{ 6, 0, HVABI_RISCV_CONFIG_REG(4) },     /* mimpid */
		/* probe_extension: legacy set_timer (V01) and the SBI_EXT registers' extensions */
		{ 3, 0x0, HVABI_RISCV_SBI_EXT_REG(0) },
		{ 3, 0x54494d45, HVABI_RISCV_SBI_EXT_REG(1) },  /* TIME */
		{ 3, 0x735049, HVABI_RISCV_SBI_EXT_REG(2) },    /* IPI */
		{ 3, 0x52464e43, HVABI_RISCV_SBI_EXT_REG(3) },  /* RFENCE */
		{ 3, 0x53525354, HVABI_RISCV_SBI_EXT_REG(4) },  /* SRST */
		{ 3, 0x48534d, HVABI_RISCV_SBI_EXT_REG(5) },    /* HSM */
		{ 3, 0x504d55, HVABI_RISCV_SBI_EXT_REG(6) },    /* PMU */
		{ 3, 0x4442434e, HVABI_RISCV_SBI_EXT_REG(9) },  /* DBCN */
		{ 3, 0x535441, HVABI_RISCV_SBI_EXT_REG(10) },   /* STA */
		{ 3, 0x53555350, HVABI_RISCV_SBI_EXT_REG(11) }, /* SUSP */
		{ 3, 0x46574654, HVABI_RISCV_SBI_EXT_REG(12) }, /* FWFT */
		{ 3, 0x4d505859, HVABI_RISCV_SBI_EXT_REG(13) }, /* MPXY */
	};
	size_t i;

	memset(g, 0, sizeof(*g));
	/* s1 = the window (0x90000000: lui sign-extends, so half of it, shifted) */
	emit(g, RV_LUI(RV_S1, HVABI_PROBE_GUEST_WINDOW >> 13));
	emit(g, RV_SLLI(RV_S1, RV_S1, 1));
	for (i = 0; i < HVABI_ARRAY_SIZE(calls); i++) {
		rv_li(g, RV_A7, 0x10);
		rv_li(g, RV_A6, calls[i].fid);
		rv_li(g, RV_A0, calls[i].arg);
		emit(g, RV_ECALL);
		emit(g, RV_BEQZ_A0_8);
		emit(g, RV_ADDI(RV_A1, RV_A0, 0));
		emit(g, RV_SD(RV_A1, RV_S1, (uint32_t)(8 * g->nids)));
		g->ids[g->nids++] = calls[i].key;
	}
	emit(g, RV_SD(0u, RV_S1, (uint32_t)(8 * g->nids)));
	emit(g, RV_J_SELF);
}

static int riscv_guest_reads(struct probe *p)
{
	struct guest_prog g;

	riscv_guest_program(&g);
	return hvabi_probe_run_guest_program(p, &g);
}

/* ---- the probe ---- */

/*
 * Whether the riscv extension behind @e can be enabled (HAS_MAX 1) or not
 * (0), and for an enabled ISA extension whether it can be disabled (HAS_MIN
 * 0) or KVM refuses with EINVAL (1: kvm_riscv_vcpu_isa_disable_allowed(),
 * arch/riscv/kvm/vcpu_onereg.c in 6.12, isa.c in 7.2), so that no set without it
 * is promised to this host.
 */
static int riscv_ext_max(struct probe *p, struct hvabi_entry *e)
{
	uint64_t type = e->key.id & (0xffull << HVABI_KVM_REG_RISCV_TYPE_SHIFT);
	int r;

	e->flags |= HVABI_ENTRY_HAS_MAX;
	if (e->value == 1) {
		e->max = 1;
		if (type != HVABI_KVM_REG_RISCV_ISA_EXT)
			return hvabi_probe_update(p, e);
		r = hvabi_probe_reg_set(p->kvm, p->vcpu_fd, e->key.id, 0);
		if (r == 0) {
			e->flags |= HVABI_ENTRY_HAS_MIN;
			e->min = 0;
			r = hvabi_probe_reg_set(p->kvm, p->vcpu_fd, e->key.id, 1);
		} else if (r == -EINVAL) {
			e->flags |= HVABI_ENTRY_HAS_MIN;
			e->min = 1;
			r = 0;
		}
		return r ? r : hvabi_probe_update(p, e);
	}
	r = hvabi_probe_reg_set(p->kvm, p->vcpu_fd, e->key.id, 1);
	if (r == 0) {
		e->max = 1;
		r = hvabi_probe_reg_set(p->kvm, p->vcpu_fd, e->key.id, e->value);
	} else if (r == -EINVAL || r == -ENOENT) {
		/* EINVAL: KVM does not let it be enabled; ENOENT: the host lacks it. */
		e->max = 0;
		r = 0;
	}
	if (r)
		return r;
	return hvabi_probe_update(p, e);
}

int hvabi_probe_riscv(struct probe *p)
{
	size_t i;
	int r;

	r = hvabi_probe_create_vm_vcpu(p);
	if (!r)
		r = hvabi_probe_choose_cap_fd(p, p->vm_fd);
	if (!r)
		r = hvabi_probe_record_caps(p);
	if (!r)
		r = hvabi_probe_read_regs(p, p->vcpu_fd);
	for (i = 0; !r && i < p->fs->n; i++) {
		struct hvabi_entry e = p->fs->e[i];

		if (e.key.ns == HVABI_NS_ONE_REG && hvabi_probe_riscv_keep(e.key.id) &&
		    hvabi_probe_reg_writable_size(e.key.id))
			r = riscv_ext_max(p, &e);
	}
	if (!r && (p->flags & HVABI_PROBE_GUEST_READS))
		r = riscv_guest_reads(p);
	return r;
}
