/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Private to apply: the plan (its targets and steps) and what kvm-apply.c
 * (plan, common steps, execute) and kvm-apply-x86.c (the CPUID table,
 * feature MSRs and TSC rate) call across the two files.
 */
#ifndef HVABI_KVM_APPLY_H
#define HVABI_KVM_APPLY_H

#include "catalog-internal.h"
#include "kvm-prim.h"

struct target {
	struct hvabi_entry e; /* what to write; wide/ranges point into plan->set */
	uint8_t phase;
	bool off;          /* a family member the set lacks */
	bool per_vcpu;     /* written on every vCPU, else once through vCPU 0 */
	bool skip;         /* nothing to write (see reason) */
	bool cpuid;        /* x86: carried by KVM_SET_CPUID2 */
	bool own_read;     /* x86: a feature MSR or the TSC rate, read back on its own */
	uint8_t reason;    /* the verdict so far */
	int error;
	unsigned int set_ok;    /* successful writes */
	unsigned int verify_ok; /* vCPUs that read back equal */
	bool has_default;
	uint64_t dest_default;
	bool has_readback;
	uint64_t readback;
	bool listed;       /* the destination's register list has it */
};

struct step {
	struct hvabi_plan_step pub;
	size_t target;  /* SIZE_MAX for whole-table steps */
	unsigned int range;
};

struct hvabi_plan {
	struct hvabi_kvm *kvm;
	struct hvabi_featureset *set;
	int vm_fd;
	int *vcpus;
	size_t nvcpus;
	struct target *t;
	size_t nt, capt;
	struct step *s;
	size_t ns, caps;
	struct hvabi_cpuid_entry *cpuid;
	size_t ncpuid;
	uint32_t *apic_ids; /* x86: each vCPU's APIC id (NULL: its index) */
	/* x86: the KVM_SET/GET_CPUID2 buffer, room for ncpuid + CPUID_READ_SPARE leaves */
	struct hvabi_kvm_cpuid2 *cpuid2;
	char release[HVABI_RELEASE_MAX + 1]; /* the destination kernel's, "" if unknown */
	bool ran;       /* the steps ran (an execute then failed writing its report) */
	int first_err;  /* the first refused write's errno */
	bool busy;      /* a write was refused with EBUSY */
	bool executed;
};

/* KVM_GET_CPUID2 room beyond the leaves set, for leaves KVM adds on its own. */
#define CPUID_READ_SPARE 8
/*
 * The largest CPUID table a VMM may hand over: sixteen times KVM's own
 * limit (KVM_MAX_CPUID_ENTRIES, 256), and far from overflowing a size or
 * the u32 nent.
 */
#define CPUID_TABLE_MAX 4096u

/* ---- kvm-apply.c ---- */

/* A target for @e in @phase, its index into *@index: 0 or -ENOMEM. */
int hvabi_apply_add_target(struct hvabi_plan *p, const struct hvabi_entry *e, uint8_t phase,
			   bool per_vcpu, size_t *index);
/* A step of @op on @target (SIZE_MAX: the whole CPUID table): 0 or -ENOMEM. */
int hvabi_apply_add_step(struct hvabi_plan *p, uint8_t phase, uint8_t op, size_t target,
			 int vcpu, unsigned int range);
/* Whether the catalogue row @row (NULL: unknown) is read-only: a host fact apply never writes. */
bool hvabi_apply_read_only(const struct hvabi_cat_entry *row);
/* Record why @t failed, unless a refusal was recorded first. */
void hvabi_apply_target_fail(struct target *t, uint8_t reason, int error);

/* ---- kvm-apply-x86.c ---- */

/* The plan of an x86 set: its CPUID table, capabilities, feature MSRs and TSC rate. */
int hvabi_apply_x86_plan(struct hvabi_plan *p, const struct hvabi_apply_opts *opts);
/* The steps execute runs; each returns 0 or -errno. */
int hvabi_apply_x86_set_cpuid(struct hvabi_plan *p, int fd, size_t vcpu);
int hvabi_apply_x86_verify_cpuid(struct hvabi_plan *p, int fd);
int hvabi_apply_x86_write_msr(struct hvabi_plan *p, const struct target *t, int fd);
int hvabi_apply_x86_verify_msr(struct hvabi_plan *p, struct target *t, int fd);
int hvabi_apply_x86_write_tsc(struct hvabi_plan *p, const struct target *t, int fd);
int hvabi_apply_x86_verify_tsc(struct hvabi_plan *p, struct target *t, int fd);

#endif /* HVABI_KVM_APPLY_H */
