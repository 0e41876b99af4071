/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* One-call KVM primitives shared by kvm-probe*.c and kvm-apply*.c. */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kvm-prim.h"

/* A list that keeps growing between the size query and the read is retried this often. */
#define REG_LIST_TRIES 4

int hvabi_kvm_check_ext(struct hvabi_kvm *kvm, int fd, uint32_t cap)
{
	return hvabi_kvm_call(kvm, fd, HVABI_KVM_CHECK_EXTENSION, (void *)(uintptr_t)cap);
}

int hvabi_kvm_reg_get(struct hvabi_kvm *kvm, int vcpu_fd, uint64_t id, void *buf)
{
	struct hvabi_kvm_one_reg reg = { .id = id, .addr = (uintptr_t)buf };

	return hvabi_kvm_call(kvm, vcpu_fd, HVABI_KVM_GET_ONE_REG, &reg);
}

int hvabi_kvm_reg_set(struct hvabi_kvm *kvm, int vcpu_fd, uint64_t id, const void *buf)
{
	struct hvabi_kvm_one_reg reg = { .id = id, .addr = (uintptr_t)buf };

	return hvabi_kvm_call(kvm, vcpu_fd, HVABI_KVM_SET_ONE_REG, &reg);
}

/* Register values travel in the host's byte order, at the register's size. */
uint64_t hvabi_buf_to_value(const void *buf, unsigned int width)
{
	uint8_t v8;
	uint16_t v16;
	uint32_t v32;
	uint64_t v64;

	switch (width) {
	case 1:
		memcpy(&v8, buf, 1);
		return v8;
	case 2:
		memcpy(&v16, buf, 2);
		return v16;
	case 4:
		memcpy(&v32, buf, 4);
		return v32;
	default:
		memcpy(&v64, buf, 8);
		return v64;
	}
}

void hvabi_value_to_buf(uint64_t value, unsigned int width, void *buf)
{
	uint8_t v8 = (uint8_t)value;
	uint16_t v16 = (uint16_t)value;
	uint32_t v32 = (uint32_t)value;

	switch (width) {
	case 1:
		memcpy(buf, &v8, 1);
		break;
	case 2:
		memcpy(buf, &v16, 2);
		break;
	case 4:
		memcpy(buf, &v32, 4);
		break;
	default:
		memcpy(buf, &value, 8);
		break;
	}
}

static uint64_t sized_count(const struct hvabi_kvm_sized *s, const void *buf)
{
	uint32_t n32;
	uint64_t n64;

	if (s->count64) {
		memcpy(&n64, buf, sizeof(n64));
		return n64;
	}
	memcpy(&n32, buf, sizeof(n32));
	return n32;
}

static void sized_set_count(const struct hvabi_kvm_sized *s, void *buf, uint64_t n)
{
	uint32_t n32 = (uint32_t)n;

	if (s->count64)
		memcpy(buf, &n, sizeof(n));
	else
		memcpy(buf, &n32, sizeof(n32));
}

int hvabi_kvm_sized_read(struct hvabi_kvm *kvm, int fd, const struct hvabi_kvm_sized *s,
			 void **ret)
{
	uint64_t n = s->first, need;
	unsigned int tries;
	void *buf;
	int r;

	if (!n) {
		/* The size query: a bare header offering nothing. */
		buf = calloc(1, s->head);
		if (!buf)
			return -ENOMEM;
		r = hvabi_kvm_call(kvm, fd, s->req, buf);
		if (r == 0) {
			*ret = buf;
			return 0;
		}
		n = sized_count(s, buf);
		free(buf);
		if (r != -E2BIG)
			return r;
		/* An E2BIG that asks for nothing, or for too much, cannot be satisfied. */
		if (n == 0 || n > s->max)
			return -E2BIG;
	}
	for (tries = 0; tries < s->reads; tries++) {
		/*
		 * Filled: the ioctl number's size covers only the header, so
		 * valgrind cannot see KVM write the elements.
		 */
		buf = malloc(s->head + n * s->elem);
		if (!buf)
			return -ENOMEM;
		memset(buf, 0, s->head);
		memset((char *)buf + s->head, s->fill, n * s->elem);
		sized_set_count(s, buf, n);
		r = hvabi_kvm_call(kvm, fd, s->req, buf);
		if (r == 0) {
			if (sized_count(s, buf) > n)
				sized_set_count(s, buf, n);
			*ret = buf;
			return 0;
		}
		need = sized_count(s, buf);
		free(buf);
		if (r != -E2BIG)
			return r;
		if (n >= s->max)
			return -E2BIG;
		if (s->tells && need <= n)
			return -E2BIG;
		n = need > n ? need : 2 * n;
		if (n > s->max) {
			if (s->tells)
				return -E2BIG;
			n = s->max;
		}
	}
	return -E2BIG;
}

int hvabi_kvm_reg_list(struct hvabi_kvm *kvm, int vcpu_fd, struct hvabi_kvm_reg_list **ret)
{
	static const struct hvabi_kvm_sized list = {
		.req = HVABI_KVM_GET_REG_LIST,
		.head = sizeof(struct hvabi_kvm_reg_list),
		.elem = sizeof(uint64_t),
		.count64 = true,
		.tells = true,
		.max = HVABI_REG_LIST_MAX,
		.reads = REG_LIST_TRIES,
	};

	return hvabi_kvm_sized_read(kvm, vcpu_fd, &list, (void **)ret);
}

/* ---- arm64: what a vCPU shows of its features ---- */

#define ID_AA64ISAR1_EL1 HVABI_ARM64_SYS_REG(3, 0, 0, 6, 1)
#define ID_AA64ISAR2_EL1 HVABI_ARM64_SYS_REG(3, 0, 0, 6, 2)
#define HCR_EL2_ID HVABI_ARM64_SYS_REG(3, 4, 1, 1, 0)
#define PMCR_EL0_ID HVABI_ARM64_SYS_REG(3, 3, 9, 12, 0)
#define PSTATE_ID (HVABI_KVM_REG_ARM64 | HVABI_KVM_REG_SIZE_U64 | HVABI_KVM_REG_ARM_CORE | 0x42)
/* ISAR1 APA, API, GPA, GPI and ISAR2 APA3, GPA3: what KVM shows only a vCPU with pointer auth */
#define ISAR1_PAUTH 0xff000ff0ull
#define ISAR2_PAUTH 0x0000ff00ull

bool hvabi_reg_listed(const struct hvabi_kvm_reg_list *l, uint64_t id)
{
	for (uint64_t i = 0; i < l->n; i++)
		if (l->reg[i] == id)
			return true;
	return false;
}

/*
 * sys_regs.c and guest.c of 6.1, 6.12 and 7.2: PSCI_VERSION 0.2 or later
 * with PSCI_0_2 (0.1 without); an AArch32 reset PSTATE (M[4]) with
 * EL1_32BIT; PMCR_EL0 listed with PMU_V3 (pmu_visibility()), SVE_VLS with
 * SVE, HCR_EL2 with HAS_EL2 (el2_visibility()); the pointer-auth fields of
 * ID_AA64ISAR1/2_EL1 with pointer authentication (KVM clears them
 * otherwise; a host without it takes neither feature).
 */
int hvabi_arm64_features_seen(struct hvabi_kvm *kvm, int fd, const struct hvabi_kvm_reg_list *l,
			      uint32_t *seen)
{
	uint64_t psci = 0, pstate = 0, isar1 = 0, isar2 = 0;
	int r;

	r = hvabi_kvm_reg_get(kvm, fd, HVABI_KVM_REG_ARM_PSCI_VERSION, &psci);
	if (!r)
		r = hvabi_kvm_reg_get(kvm, fd, PSTATE_ID, &pstate);
	if (!r && hvabi_reg_listed(l, ID_AA64ISAR1_EL1))
		r = hvabi_kvm_reg_get(kvm, fd, ID_AA64ISAR1_EL1, &isar1);
	if (!r && hvabi_reg_listed(l, ID_AA64ISAR2_EL1))
		r = hvabi_kvm_reg_get(kvm, fd, ID_AA64ISAR2_EL1, &isar2);
	if (r)
		return r;
	*seen = (psci >= HVABI_PSCI_VERSION(0, 2) ? HVABI_FEAT(PSCI_0_2) : 0) |
		(pstate & 0x10 ? HVABI_FEAT(EL1_32BIT) : 0) |
		(hvabi_reg_listed(l, PMCR_EL0_ID) ? HVABI_FEAT(PMU_V3) : 0) |
		(hvabi_reg_listed(l, HVABI_KVM_REG_ARM64_SVE_VLS) ? HVABI_FEAT(SVE) : 0) |
		(hvabi_reg_listed(l, HCR_EL2_ID) ? HVABI_FEAT(HAS_EL2) : 0) |
		((isar1 & ISAR1_PAUTH) || (isar2 & ISAR2_PAUTH)
			 ? HVABI_FEAT(PTRAUTH_ADDRESS) | HVABI_FEAT(PTRAUTH_GENERIC)
			 : 0);
	return 0;
}
