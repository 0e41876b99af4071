/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * KVM primitives shared by probe and apply: each is one KVM call (or one
 * size-negotiated pair) through hvabi_kvm_call(), returning -errno.
 */
#ifndef HVABI_KVM_PRIM_H
#define HVABI_KVM_PRIM_H

#include "kvm-handle.h"
#include "kvm-uapi.h"

/* The most registers a KVM_GET_REG_LIST answer may claim before we call it hostile. */
#define HVABI_REG_LIST_MAX 65536u

/* KVM_CHECK_EXTENSION on @fd: the capability's value (>= 0) or -errno. */
int hvabi_kvm_check_ext(struct hvabi_kvm *kvm, int fd, uint32_t cap);

/* KVM_GET_ONE_REG into @buf, which holds HVABI_KVM_REG_SIZE(@id) bytes. */
int hvabi_kvm_reg_get(struct hvabi_kvm *kvm, int vcpu_fd, uint64_t id, void *buf);

/* KVM_SET_ONE_REG from @buf, which holds HVABI_KVM_REG_SIZE(@id) bytes. */
int hvabi_kvm_reg_set(struct hvabi_kvm *kvm, int vcpu_fd, uint64_t id, const void *buf);

/* Register bytes (host order, @width bytes) to a value, and back. */
uint64_t hvabi_buf_to_value(const void *buf, unsigned int width);
void hvabi_value_to_buf(uint64_t value, unsigned int width, void *buf);

/*
 * One of KVM's sized reads (KVM_GET_REG_LIST, KVM_GET_MSR_FEATURE_INDEX_LIST,
 * KVM_GET_SUPPORTED_CPUID, ...): a header whose first member counts the
 * elements that follow it. KVM fails with E2BIG while the count is too
 * small; the reads differ only in the count's size, whether KVM writes the
 * count it needs back, and where to start.
 */
struct hvabi_kvm_sized {
	unsigned long req;
	size_t head;        /* bytes before the first element */
	size_t elem;        /* bytes of one element */
	bool count64;       /* the count is a u64 (else a u32) */
	/*
	 * KVM writes back the count it needs on E2BIG, so an E2BIG that asks
	 * for no more than was offered cannot be satisfied; else the offer
	 * doubles (up to @max) whenever KVM says no more.
	 */
	bool tells;
	uint32_t first;     /* the count offered first; 0: ask with a bare header */
	uint32_t max;       /* the largest count offered */
	unsigned int reads; /* the most reads with room for elements (the list may grow between) */
	uint8_t fill;       /* every element's bytes before the call */
};

/*
 * Read @s on @fd, growing the buffer and retrying on E2BIG. *@ret is
 * malloc()ed, its count no larger than the elements it holds.
 * @return 0, -ENOMEM, -E2BIG (past @max or @reads, or an E2BIG that asks
 *         for nothing more) or the call's -errno.
 */
int hvabi_kvm_sized_read(struct hvabi_kvm *kvm, int fd, const struct hvabi_kvm_sized *s,
			 void **ret);

/*
 * KVM_GET_REG_LIST with the E2BIG protocol: ask with n = 0, then with the
 * size KVM wrote back. *@ret is malloc()ed.
 */
int hvabi_kvm_reg_list(struct hvabi_kvm *kvm, int vcpu_fd, struct hvabi_kvm_reg_list **ret);

/* Whether @id is in the register list @l. */
bool hvabi_reg_listed(const struct hvabi_kvm_reg_list *l, uint64_t id);

#define HVABI_FEAT(b) (1u << HVABI_KVM_ARM_VCPU_##b)
/* The features a vCPU leaves to see (HAS_EL2_E2H0 leaves nothing). */
#define HVABI_ARM64_FEATURES_SEEN                                                  \
	(HVABI_FEAT(EL1_32BIT) | HVABI_FEAT(PSCI_0_2) | HVABI_FEAT(PMU_V3) |        \
	 HVABI_FEAT(SVE) | HVABI_FEAT(PTRAUTH_ADDRESS) | HVABI_FEAT(PTRAUTH_GENERIC) | \
	 HVABI_FEAT(HAS_EL2))

/*
 * arm64: the KVM_ARM_VCPU_INIT features vCPU @fd (register list @l) was
 * made with, as far as KVM shows them, into *@seen; 0 or -errno.
 */
int hvabi_arm64_features_seen(struct hvabi_kvm *kvm, int fd, const struct hvabi_kvm_reg_list *l,
			      uint32_t *seen);

/*
 * One output register (enum hvabi_cpuid_reg) of a CPUID entry, KVM's
 * (struct hvabi_kvm_cpuid_entry2) or the API's (struct hvabi_cpuid_entry),
 * which name them alike: a pointer to it. The one place that maps the
 * enum to the registers; the two functions below give it types.
 */
#define HVABI_CPUID_SLOT(c, reg)            \
	((reg) == HVABI_CPUID_EAX   ? &(c)->eax \
	 : (reg) == HVABI_CPUID_EBX ? &(c)->ebx \
	 : (reg) == HVABI_CPUID_ECX ? &(c)->ecx \
				    : &(c)->edx)

/* One output register (enum hvabi_cpuid_reg) of a KVM CPUID entry. */
static inline uint32_t hvabi_cpuid2_reg(const struct hvabi_kvm_cpuid_entry2 *c, unsigned int reg)
{
	return *HVABI_CPUID_SLOT(c, reg);
}

/* The same register of a VMM's table entry, to read or write. */
static inline uint32_t *hvabi_cpuid_slot(struct hvabi_cpuid_entry *c, unsigned int reg)
{
	return HVABI_CPUID_SLOT(c, reg);
}

#endif /* HVABI_KVM_PRIM_H */
