/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * KVM primitives shared by probe and apply: each is one KVM call (or one
 * size-negotiated pair) through hvabi_kvm_call(), returning -errno.
 */
#ifndef HVABI_KVM_PRIM_H
#define HVABI_KVM_PRIM_H

#include "backend.h"
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
 * KVM_GET_REG_LIST with the E2BIG protocol: ask with n = 0, then with the
 * size KVM wrote back. *@ret is malloc()ed.
 */
int hvabi_kvm_reg_list(struct hvabi_kvm *kvm, int vcpu_fd, struct hvabi_kvm_reg_list **ret);

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

/* One output register (enum hvabi_cpuid_reg) of a KVM CPUID entry. */
static inline uint32_t hvabi_cpuid2_reg(const struct hvabi_kvm_cpuid_entry2 *c, unsigned int reg)
{
	switch (reg) {
	case HVABI_CPUID_EAX:
		return c->eax;
	case HVABI_CPUID_EBX:
		return c->ebx;
	case HVABI_CPUID_ECX:
		return c->ecx;
	default:
		return c->edx;
	}
}

#endif /* HVABI_KVM_PRIM_H */
