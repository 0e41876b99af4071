/*
 * The arm64 <linux/kvm.h> and <asm/kvm.h> (linux-libc-dev-arm64-cross),
 * found first because meson puts its directory before the host's.
 */
#include <linux/kvm.h>
#include <linux/psci.h>

#include "uapi-values.h"

#define SIZE(s) { "sizeof(struct " #s ")", sizeof(struct s) }
#define OFF(s, m) { "offsetof(struct " #s ", " #m ")", offsetof(struct s, m) }

const struct uapi_value uapi_arm64_values[] = {
	UAPI_VALUE(KVM_REG_ARM_COPROC_MASK),
	UAPI_VALUE(KVM_REG_ARM_COPROC_SHIFT),
	UAPI_VALUE(KVM_REG_ARM_CORE),
	UAPI_VALUE(KVM_REG_ARM_DEMUX),
	UAPI_VALUE(KVM_REG_ARM64_SYSREG),
	UAPI_VALUE(KVM_REG_ARM_FW),
	UAPI_VALUE(KVM_REG_ARM64_SVE),
	UAPI_VALUE(KVM_REG_ARM64_SVE_VLS),
	UAPI_VALUE(KVM_REG_ARM_FW_FEAT_BMAP),
	UAPI_VALUE(KVM_REG_ARM_FW_REG(0x12345)),
	UAPI_VALUE(KVM_REG_ARM_FW_FEAT_BMAP_REG(0x12345)),
	UAPI_VALUE(KVM_REG_ARM_PSCI_VERSION),
	UAPI_VALUE(KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1),
	UAPI_VALUE(KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2),
	UAPI_VALUE(KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3),
	UAPI_VALUE(KVM_REG_ARM_STD_BMAP),
	UAPI_VALUE(KVM_REG_ARM_STD_HYP_BMAP),
	UAPI_VALUE(KVM_REG_ARM_VENDOR_HYP_BMAP),
	/* 6.15; linux-libc-dev-arm64-cross 6.1 lacks it. */
#ifdef KVM_REG_ARM_VENDOR_HYP_BMAP_2
	UAPI_VALUE(KVM_REG_ARM_VENDOR_HYP_BMAP_2),
#endif
	UAPI_VALUE(KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1_NOT_AVAIL),
	UAPI_VALUE(KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1_AVAIL),
	UAPI_VALUE(KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1_NOT_REQUIRED),
	UAPI_VALUE(KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_NOT_AVAIL),
	UAPI_VALUE(KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_UNKNOWN),
	UAPI_VALUE(KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_AVAIL),
	UAPI_VALUE(KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_NOT_REQUIRED),
	UAPI_VALUE(KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_ENABLED),
	UAPI_VALUE(KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3_NOT_AVAIL),
	UAPI_VALUE(KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3_AVAIL),
	UAPI_VALUE(KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3_NOT_REQUIRED),
	UAPI_VALUE(PSCI_VERSION(0, 2)),
	UAPI_VALUE(PSCI_VERSION(1, 3)),
	UAPI_VALUE(KVM_REG_SIZE(KVM_REG_SIZE_U8)),
	UAPI_VALUE(KVM_REG_SIZE(KVM_REG_SIZE_U64)),
	UAPI_VALUE(KVM_REG_SIZE(KVM_REG_SIZE_U2048)),
	UAPI_VALUE(ARM64_SYS_REG(3, 0, 0, 0, 0)),
	UAPI_VALUE(ARM64_SYS_REG(3, 0, 0, 0, 6)),
	UAPI_VALUE(ARM64_SYS_REG(3, 0, 0, 4, 0)),
	UAPI_VALUE(ARM64_SYS_REG(3, 0, 0, 7, 4)),
	UAPI_VALUE(ARM64_SYS_REG(3, 1, 0, 0, 7)),
	UAPI_VALUE(ARM64_SYS_REG(3, 3, 0, 0, 1)),
	UAPI_VALUE(KVM_ARM_VCPU_POWER_OFF),
	UAPI_VALUE(KVM_ARM_VCPU_EL1_32BIT),
	UAPI_VALUE(KVM_ARM_VCPU_PSCI_0_2),
	UAPI_VALUE(KVM_ARM_VCPU_PMU_V3),
	UAPI_VALUE(KVM_ARM_VCPU_SVE),
	UAPI_VALUE(KVM_ARM_VCPU_PTRAUTH_ADDRESS),
	UAPI_VALUE(KVM_ARM_VCPU_PTRAUTH_GENERIC),
	UAPI_VALUE(KVM_ARM_TARGET_GENERIC_V8),
	UAPI_VALUE(KVM_ARM_VCPU_INIT),
	UAPI_VALUE(KVM_ARM_PREFERRED_TARGET),
	UAPI_VALUE(KVM_ARM_VCPU_FINALIZE),
	UAPI_VALUE(KVM_GET_ONE_REG),
	UAPI_VALUE(KVM_SET_ONE_REG),
	UAPI_VALUE(KVM_GET_REG_LIST),
	SIZE(kvm_vcpu_init),
	OFF(kvm_vcpu_init, target),
	OFF(kvm_vcpu_init, features),
	UAPI_VALUE(KVM_SET_USER_MEMORY_REGION),
	UAPI_VALUE(KVM_RUN),
	UAPI_VALUE(KVM_EXIT_MMIO),
	UAPI_VALUE(KVM_EXIT_INTERNAL_ERROR),
	SIZE(kvm_userspace_memory_region),
	OFF(kvm_userspace_memory_region, slot),
	OFF(kvm_userspace_memory_region, flags),
	OFF(kvm_userspace_memory_region, guest_phys_addr),
	OFF(kvm_userspace_memory_region, memory_size),
	OFF(kvm_userspace_memory_region, userspace_addr),
	OFF(kvm_run, exit_reason),
	OFF(kvm_run, mmio.phys_addr),
	OFF(kvm_run, mmio.data),
	OFF(kvm_run, mmio.len),
	OFF(kvm_run, mmio.is_write),
	UAPI_VALUE(KVM_EXIT_HYPERCALL),
	OFF(kvm_run, hypercall.nr),
	OFF(kvm_run, hypercall.args),
	OFF(kvm_run, hypercall.ret),
	/* The SMCCC filter is 6.4, the writable masks 6.7: absent from 6.1. */
#ifdef KVM_ARM_VM_SMCCC_FILTER
	UAPI_VALUE(KVM_ARM_VM_SMCCC_CTRL),
	UAPI_VALUE(KVM_ARM_VM_SMCCC_FILTER),
	SIZE(kvm_smccc_filter),
	OFF(kvm_smccc_filter, base),
	OFF(kvm_smccc_filter, nr_functions),
	OFF(kvm_smccc_filter, action),
	OFF(kvm_smccc_filter, pad),
	/* hypercall.flags replaced longmode with the arm64 exit (6.4) */
	OFF(kvm_run, hypercall.flags),
	UAPI_VALUE(KVM_HYPERCALL_EXIT_SMC),
#endif
#ifdef KVM_ARM_GET_REG_WRITABLE_MASKS
	UAPI_VALUE(KVM_ARM_GET_REG_WRITABLE_MASKS),
	UAPI_VALUE(KVM_ARM_FEATURE_ID_RANGE),
	UAPI_VALUE(KVM_ARM_FEATURE_ID_RANGE_SIZE),
	UAPI_VALUE(KVM_ARM_FEATURE_ID_RANGE_IDX(3, 0, 0, 4, 0)),
	UAPI_VALUE(KVM_ARM_FEATURE_ID_RANGE_IDX(3, 1, 0, 0, 7)),
	UAPI_VALUE(KVM_ARM_FEATURE_ID_RANGE_IDX(3, 3, 0, 0, 1)),
	SIZE(reg_mask_range),
	OFF(reg_mask_range, addr),
	OFF(reg_mask_range, range),
	OFF(reg_mask_range, reserved),
#endif
};

const size_t uapi_arm64_count = sizeof(uapi_arm64_values) / sizeof(uapi_arm64_values[0]);
