/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Private to the probe: what kvm-probe.c (the common part, with
 * hvabi_kvm_probe() and hvabi_kvm_read_vm()) and each architecture's
 * part (kvm-probe-arm64.c, kvm-probe-riscv.c, kvm-probe-x86.c) share.
 * Every function here returns 0 or -errno unless it says otherwise.
 */
#ifndef HVABI_KVM_PROBE_H
#define HVABI_KVM_PROBE_H

#include "catalog-internal.h"
#include "kvm-prim.h"

struct probe {
	struct hvabi_kvm *kvm;
	struct hvabi_featureset *fs;
	unsigned int flags; /* HVABI_PROBE_* */
	int cap_fd; /* where KVM_CHECK_EXTENSION is asked */
	int vm_fd;  /* scratch VM the probe created, or -1 */
	int vcpu_fd; /* scratch vCPU the probe created, or -1 */
};

/* ---- the common part (kvm-probe.c) ---- */

/* Write a register of at most 8 bytes (hvabi_probe_reg_writable_size()). */
int hvabi_probe_reg_set(struct hvabi_kvm *kvm, int fd, uint64_t id, uint64_t value);
bool hvabi_probe_reg_writable_size(uint64_t id);
/* The scratch VM and its vCPU, into p->vm_fd and p->vcpu_fd. */
int hvabi_probe_create_vm_vcpu(struct probe *p);

/* Entries: a value with its facts, a copy of an entry of the set, a capability's answer. */
int hvabi_probe_put_value(struct probe *p, const struct hvabi_key *key, uint64_t value,
			  uint16_t flags, uint64_t max);
int hvabi_probe_update(struct probe *p, const struct hvabi_entry *e);
uint64_t hvabi_probe_cap_value(const struct probe *p, uint32_t cap);
/* Where capabilities are asked, and every capability the probe records. */
int hvabi_probe_choose_cap_fd(struct probe *p, int vm_fd);
int hvabi_probe_record_caps(struct probe *p);
/* arm64, riscv: every kept register of @vcpu_fd's list into the set. */
int hvabi_probe_read_regs(struct probe *p, int vcpu_fd);

/* ---- the architectures' parts ---- */

int hvabi_probe_arm64(struct probe *p);
int hvabi_probe_riscv(struct probe *p);
int hvabi_probe_x86(struct probe *p);
/* hvabi_kvm_read_vm()'s own steps: arm64's vCPU features, x86's tables and TSC rate. */
int hvabi_probe_arm64_read_vm(struct probe *p, int vcpu_fd);
int hvabi_probe_x86_read_vm(struct probe *p, const int *vcpu_fds, size_t nvcpus);
/* Whether a listed register the catalogue lacks is kept (hvabi_probe_read_regs()). */
bool hvabi_probe_arm64_keep(uint64_t id);
bool hvabi_probe_riscv_keep(uint64_t id);
/* arm64: KVM_ARM_VCPU_INIT of a scratch vCPU as the profile describes it. */
int hvabi_probe_arm64_init_vcpu(struct probe *p, int vcpu, struct hvabi_kvm_vcpu_init *init,
				uint32_t without);

/* ---- what a guest reads (HVABI_PROBE_GUEST_READS) ---- */

/* arm64's guest_regs[] (kvm-probe-arm64.c): the registers besides the CCSIDRs. */
#define GUEST_REGS_N 7u
#define CSSELR_MAX 14u
#define GUEST_READS_MAX (GUEST_REGS_N + CSSELR_MAX + 8)
/* The program: a 10-instruction prologue, at most 10 per value (riscv), the end. */
#define GUEST_CODE_MAX (10 + 10 * GUEST_READS_MAX + 2)
/*
 * arm64: the exception vectors (VBAR_EL1, 2 KiB aligned, 16 entries of
 * 0x80 bytes), each a store past the last value and a branch to itself:
 * an exception the program does not expect ends the run with -EIO rather
 * than leaving the vCPU in an abort KVM re-injects forever.
 */
#define GUEST_VECTORS 0x800u

/* A guest program, written by an architecture's part, run by the common one. */
struct guest_prog {
	uint32_t code[GUEST_CODE_MAX];
	size_t ncode;
	uint64_t ids[GUEST_READS_MAX]; /* what the guest stores at window + 8 * i */
	size_t nids;
};

static inline void emit(struct guest_prog *g, uint32_t insn)
{
	g->code[g->ncode++] = insn;
}

int hvabi_probe_run_guest_program(struct probe *p, const struct guest_prog *g);

#endif /* HVABI_KVM_PROBE_H */
