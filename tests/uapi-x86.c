/*
 * The host's (x86-64) <linux/kvm.h>: generic KVM constants, ioctls and the
 * structures they carry, plus the x86-only ones.
 */
#include <linux/kvm.h>

#include "uapi-values.h"

#define SIZE(s) { "sizeof(struct " #s ")", sizeof(struct s) }
#define OFF(s, m) { "offsetof(struct " #s ", " #m ")", offsetof(struct s, m) }

const struct uapi_value uapi_x86_values[] = {
	UAPI_VALUE(KVMIO),
	UAPI_VALUE(KVM_REG_ARCH_MASK),
	UAPI_VALUE(KVM_REG_X86),
	UAPI_VALUE(KVM_REG_ARM64),
	UAPI_VALUE(KVM_REG_RISCV),
	UAPI_VALUE(KVM_REG_SIZE_SHIFT),
	UAPI_VALUE(KVM_REG_SIZE_MASK),
	UAPI_VALUE(KVM_REG_SIZE_U8),
	UAPI_VALUE(KVM_REG_SIZE_U16),
	UAPI_VALUE(KVM_REG_SIZE_U32),
	UAPI_VALUE(KVM_REG_SIZE_U64),
	UAPI_VALUE(KVM_REG_SIZE_U128),
	UAPI_VALUE(KVM_REG_SIZE_U2048),

	UAPI_VALUE(KVM_CAP_ONE_REG),
	UAPI_VALUE(KVM_CAP_ARM_PSCI),
	UAPI_VALUE(KVM_CAP_VM_ATTRIBUTES),
	UAPI_VALUE(KVM_CAP_ARM_PSCI_0_2),
	UAPI_VALUE(KVM_CAP_CHECK_EXTENSION_VM),
	UAPI_VALUE(KVM_CAP_ARM_PMU_V3),
	UAPI_VALUE(KVM_CAP_VCPU_ATTRIBUTES),
	UAPI_VALUE(KVM_CAP_GET_MSR_FEATURES),
	UAPI_VALUE(KVM_CAP_HYPERV_ENLIGHTENED_VMCS),
	UAPI_VALUE(KVM_CAP_HYPERV_CPUID),
	UAPI_VALUE(KVM_CAP_ARM_SVE),
	UAPI_VALUE(KVM_CAP_ARM_PTRAUTH_ADDRESS),
	UAPI_VALUE(KVM_CAP_ARM_PTRAUTH_GENERIC),
	UAPI_VALUE(KVM_CAP_STEAL_TIME),
	UAPI_VALUE(KVM_CAP_TSC_CONTROL),
	UAPI_VALUE(KVM_CAP_GET_TSC_KHZ),
	UAPI_VALUE(KVM_CAP_VM_TSC_CONTROL),
	UAPI_VALUE(KVM_CAP_ENFORCE_PV_FEATURE_CPUID),
	UAPI_VALUE(KVM_CAP_SYS_HYPERV_CPUID),
	UAPI_VALUE(KVM_CAP_PTP_KVM),
	UAPI_VALUE(KVM_CAP_HYPERV_ENFORCE_CPUID),
	UAPI_VALUE(KVM_CAP_EXIT_HYPERCALL),
	UAPI_VALUE(KVM_CAP_SYS_ATTRIBUTES),
	UAPI_VALUE(KVM_CAP_ARM_SYSTEM_SUSPEND),
	/* Newer than linux-libc-dev 6.1: checked only where the header has them. */
#ifdef KVM_CAP_COUNTER_OFFSET
	UAPI_VALUE(KVM_CAP_COUNTER_OFFSET),
#endif
#ifdef KVM_CAP_ARM_SUPPORTED_REG_MASK_RANGES
	UAPI_VALUE(KVM_CAP_ARM_SUPPORTED_REG_MASK_RANGES),
#endif
#ifdef KVM_CAP_ARM_WRITABLE_IMP_ID_REGS
	UAPI_VALUE(KVM_CAP_ARM_WRITABLE_IMP_ID_REGS),
#endif

	UAPI_VALUE(KVM_GET_API_VERSION),
	UAPI_VALUE(KVM_CREATE_VM),
	UAPI_VALUE(KVM_GET_MSR_INDEX_LIST),
	UAPI_VALUE(KVM_CHECK_EXTENSION),
	UAPI_VALUE(KVM_GET_VCPU_MMAP_SIZE),
	UAPI_VALUE(KVM_GET_SUPPORTED_CPUID),
	UAPI_VALUE(KVM_GET_MSR_FEATURE_INDEX_LIST),
	UAPI_VALUE(KVM_CREATE_VCPU),
	UAPI_VALUE(KVM_SET_USER_MEMORY_REGION),
	UAPI_VALUE(KVM_RUN),
	UAPI_VALUE(KVM_GET_MSRS),
	UAPI_VALUE(KVM_SET_CPUID2),
	UAPI_VALUE(KVM_GET_CPUID2),
	UAPI_VALUE(KVM_SET_TSC_KHZ),
	UAPI_VALUE(KVM_GET_TSC_KHZ),
	UAPI_VALUE(KVM_ENABLE_CAP),
	UAPI_VALUE(KVM_GET_ONE_REG),
	UAPI_VALUE(KVM_SET_ONE_REG),
	UAPI_VALUE(KVM_GET_REG_LIST),
	UAPI_VALUE(KVM_GET_SUPPORTED_HV_CPUID),
	UAPI_VALUE(KVM_ARM_VCPU_FINALIZE),
	UAPI_VALUE(KVM_SET_DEVICE_ATTR),
	UAPI_VALUE(KVM_GET_DEVICE_ATTR),
	UAPI_VALUE(KVM_HAS_DEVICE_ATTR),

	UAPI_VALUE(KVM_CPUID_FLAG_SIGNIFCANT_INDEX),

	SIZE(kvm_one_reg),
	OFF(kvm_one_reg, id),
	OFF(kvm_one_reg, addr),
	SIZE(kvm_reg_list),
	OFF(kvm_reg_list, n),
	OFF(kvm_reg_list, reg),
	SIZE(kvm_device_attr),
	OFF(kvm_device_attr, flags),
	OFF(kvm_device_attr, group),
	OFF(kvm_device_attr, attr),
	OFF(kvm_device_attr, addr),
	SIZE(kvm_enable_cap),
	OFF(kvm_enable_cap, cap),
	OFF(kvm_enable_cap, flags),
	OFF(kvm_enable_cap, args),
	OFF(kvm_enable_cap, pad),
	SIZE(kvm_msr_list),
	OFF(kvm_msr_list, nmsrs),
	OFF(kvm_msr_list, indices),
	SIZE(kvm_msr_entry),
	OFF(kvm_msr_entry, index),
	OFF(kvm_msr_entry, reserved),
	OFF(kvm_msr_entry, data),
	SIZE(kvm_msrs),
	OFF(kvm_msrs, nmsrs),
	OFF(kvm_msrs, pad),
	OFF(kvm_msrs, entries),
	SIZE(kvm_cpuid_entry2),
	OFF(kvm_cpuid_entry2, function),
	OFF(kvm_cpuid_entry2, index),
	OFF(kvm_cpuid_entry2, flags),
	OFF(kvm_cpuid_entry2, eax),
	OFF(kvm_cpuid_entry2, ebx),
	OFF(kvm_cpuid_entry2, ecx),
	OFF(kvm_cpuid_entry2, edx),
	OFF(kvm_cpuid_entry2, padding),
	SIZE(kvm_cpuid2),
	OFF(kvm_cpuid2, nent),
	OFF(kvm_cpuid2, padding),
	OFF(kvm_cpuid2, entries),
};

const size_t uapi_x86_count = sizeof(uapi_x86_values) / sizeof(uapi_x86_values[0]);
