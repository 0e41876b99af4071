/*
 * lib/kvm-uapi.h against the kernel's own uapi headers: every constant,
 * ioctl number, structure size and offset we define must equal the
 * kernel's. The kernel's values come from uapi-{x86,arm64,riscv}.c, each
 * built against that architecture's installed headers (linux-libc-dev
 * 6.1 for the host, the -cross packages for arm64 and riscv). Values newer
 * than those headers are checked only where the header has them.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <libhvabi/catalog.h>

#include "internal.h"
#include "kvm-uapi.h"
#include "uapi-values.h"

/* One of our values and the kernel expression that must equal it. */
struct ours {
	const char *name;
	uint64_t value;
	bool newer; /* may be missing from a 6.1 header */
};

#define NEED(n, v) { n, (uint64_t)(v), false }
#define NEWER(n, v) { n, (uint64_t)(v), true }
#define SIZE(ks, hs) NEED("sizeof(struct " #ks ")", sizeof(struct hs))
#define OFF(ks, hs, m) NEED("offsetof(struct " #ks ", " #m ")", offsetof(struct hs, m))
#define NSIZE(ks, hs) NEWER("sizeof(struct " #ks ")", sizeof(struct hs))
#define NOFF(ks, hs, m) NEWER("offsetof(struct " #ks ", " #m ")", offsetof(struct hs, m))

static const struct uapi_value *kernel_value(const struct uapi_value *t, size_t n,
					     const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(t[i].name, name))
			return &t[i];
	return NULL;
}

/* Compare @ours with the kernel's table; returns how many were compared. */
static size_t compare(const struct ours *o, size_t no, const struct uapi_value *t,
		      size_t nt)
{
	size_t i, checked = 0;

	for (i = 0; i < no; i++) {
		const struct uapi_value *k = kernel_value(t, nt, o[i].name);

		if (!k) {
			if (!o[i].newer)
				fail_msg("the kernel header lacks %s", o[i].name);
			printf("# %s: not in this header, not checked\n", o[i].name);
			continue;
		}
		if (k->value != o[i].value)
			fail_msg("%s: ours 0x%llx, kernel 0x%llx", o[i].name,
				 (unsigned long long)o[i].value, (unsigned long long)k->value);
		checked++;
	}
	return checked;
}

/* Every name the helper exports must be one we compare (no dead exports). */
static void all_exports_compared(const struct ours *o, size_t no,
				 const struct uapi_value *t, size_t nt)
{
	size_t i, j;

	for (i = 0; i < nt; i++) {
		for (j = 0; j < no; j++)
			if (!strcmp(t[i].name, o[j].name))
				break;
		if (j == no)
			fail_msg("the helper exports %s, which no check uses", t[i].name);
	}
}

static const struct ours x86[] = {
	NEED("KVMIO", HVABI_KVMIO),
	NEED("KVM_REG_ARCH_MASK", HVABI_KVM_REG_ARCH_MASK),
	NEED("KVM_REG_X86", HVABI_KVM_REG_X86),
	NEED("KVM_REG_ARM64", HVABI_KVM_REG_ARM64),
	NEED("KVM_REG_RISCV", HVABI_KVM_REG_RISCV),
	NEED("KVM_REG_SIZE_SHIFT", HVABI_KVM_REG_SIZE_SHIFT),
	NEED("KVM_REG_SIZE_MASK", HVABI_KVM_REG_SIZE_MASK),
	NEED("KVM_REG_SIZE_U8", HVABI_KVM_REG_SIZE_U8),
	NEED("KVM_REG_SIZE_U16", HVABI_KVM_REG_SIZE_U16),
	NEED("KVM_REG_SIZE_U32", HVABI_KVM_REG_SIZE_U32),
	NEED("KVM_REG_SIZE_U64", HVABI_KVM_REG_SIZE_U64),
	NEED("KVM_REG_SIZE_U128", HVABI_KVM_REG_SIZE_U128),
	NEED("KVM_REG_SIZE_U2048", HVABI_KVM_REG_SIZE_U2048),

	NEED("KVM_CAP_ONE_REG", HVABI_KVM_CAP_ONE_REG),
	NEED("KVM_CAP_ARM_PSCI", HVABI_KVM_CAP_ARM_PSCI),
	NEED("KVM_CAP_VM_ATTRIBUTES", HVABI_KVM_CAP_VM_ATTRIBUTES),
	NEED("KVM_CAP_ARM_PSCI_0_2", HVABI_KVM_CAP_ARM_PSCI_0_2),
	NEED("KVM_CAP_CHECK_EXTENSION_VM", HVABI_KVM_CAP_CHECK_EXTENSION_VM),
	NEED("KVM_CAP_ARM_PMU_V3", HVABI_KVM_CAP_ARM_PMU_V3),
	NEED("KVM_CAP_VCPU_ATTRIBUTES", HVABI_KVM_CAP_VCPU_ATTRIBUTES),
	NEED("KVM_CAP_GET_MSR_FEATURES", HVABI_KVM_CAP_GET_MSR_FEATURES),
	NEED("KVM_CAP_HYPERV_ENLIGHTENED_VMCS", HVABI_KVM_CAP_HYPERV_ENLIGHTENED_VMCS),
	NEED("KVM_CAP_HYPERV_CPUID", HVABI_KVM_CAP_HYPERV_CPUID),
	NEED("KVM_CAP_ARM_SVE", HVABI_KVM_CAP_ARM_SVE),
	NEED("KVM_CAP_ARM_PTRAUTH_ADDRESS", HVABI_KVM_CAP_ARM_PTRAUTH_ADDRESS),
	NEED("KVM_CAP_ARM_PTRAUTH_GENERIC", HVABI_KVM_CAP_ARM_PTRAUTH_GENERIC),
	NEED("KVM_CAP_STEAL_TIME", HVABI_KVM_CAP_STEAL_TIME),
	NEED("KVM_CAP_TSC_CONTROL", HVABI_KVM_CAP_TSC_CONTROL),
	NEED("KVM_CAP_GET_TSC_KHZ", HVABI_KVM_CAP_GET_TSC_KHZ),
	NEED("KVM_CAP_VM_TSC_CONTROL", HVABI_KVM_CAP_VM_TSC_CONTROL),
	NEED("KVM_CAP_ENFORCE_PV_FEATURE_CPUID", HVABI_KVM_CAP_ENFORCE_PV_FEATURE_CPUID),
	NEED("KVM_CAP_SYS_HYPERV_CPUID", HVABI_KVM_CAP_SYS_HYPERV_CPUID),
	NEED("KVM_CAP_PTP_KVM", HVABI_KVM_CAP_PTP_KVM),
	NEED("KVM_CAP_HYPERV_ENFORCE_CPUID", HVABI_KVM_CAP_HYPERV_ENFORCE_CPUID),
	NEED("KVM_CAP_EXIT_HYPERCALL", HVABI_KVM_CAP_EXIT_HYPERCALL),
	NEED("KVM_CAP_SYS_ATTRIBUTES", HVABI_KVM_CAP_SYS_ATTRIBUTES),
	NEED("KVM_CAP_ARM_SYSTEM_SUSPEND", HVABI_KVM_CAP_ARM_SYSTEM_SUSPEND),
	NEWER("KVM_CAP_COUNTER_OFFSET", HVABI_KVM_CAP_COUNTER_OFFSET),
	NEWER("KVM_CAP_ARM_SUPPORTED_REG_MASK_RANGES", HVABI_KVM_CAP_ARM_SUPPORTED_REG_MASK_RANGES),
	NEWER("KVM_CAP_ARM_WRITABLE_IMP_ID_REGS", HVABI_KVM_CAP_ARM_WRITABLE_IMP_ID_REGS),

	NEED("KVM_GET_API_VERSION", HVABI_KVM_GET_API_VERSION),
	NEED("KVM_CREATE_VM", HVABI_KVM_CREATE_VM),
	NEED("KVM_GET_MSR_INDEX_LIST", HVABI_KVM_GET_MSR_INDEX_LIST),
	NEED("KVM_CHECK_EXTENSION", HVABI_KVM_CHECK_EXTENSION),
	NEED("KVM_GET_VCPU_MMAP_SIZE", HVABI_KVM_GET_VCPU_MMAP_SIZE),
	NEED("KVM_GET_SUPPORTED_CPUID", HVABI_KVM_GET_SUPPORTED_CPUID),
	NEED("KVM_GET_MSR_FEATURE_INDEX_LIST", HVABI_KVM_GET_MSR_FEATURE_INDEX_LIST),
	NEED("KVM_CREATE_VCPU", HVABI_KVM_CREATE_VCPU),
	NEED("KVM_SET_USER_MEMORY_REGION", HVABI_KVM_SET_USER_MEMORY_REGION),
	NEED("KVM_RUN", HVABI_KVM_RUN),
	NEED("KVM_GET_MSRS", HVABI_KVM_GET_MSRS),
	NEED("KVM_SET_CPUID2", HVABI_KVM_SET_CPUID2),
	NEED("KVM_GET_CPUID2", HVABI_KVM_GET_CPUID2),
	NEED("KVM_SET_TSC_KHZ", HVABI_KVM_SET_TSC_KHZ),
	NEED("KVM_GET_TSC_KHZ", HVABI_KVM_GET_TSC_KHZ),
	NEED("KVM_ENABLE_CAP", HVABI_KVM_ENABLE_CAP),
	NEED("KVM_GET_ONE_REG", HVABI_KVM_GET_ONE_REG),
	NEED("KVM_SET_ONE_REG", HVABI_KVM_SET_ONE_REG),
	NEED("KVM_GET_REG_LIST", HVABI_KVM_GET_REG_LIST),
	NEED("KVM_GET_SUPPORTED_HV_CPUID", HVABI_KVM_GET_SUPPORTED_HV_CPUID),
	NEED("KVM_ARM_VCPU_FINALIZE", HVABI_KVM_ARM_VCPU_FINALIZE),
	NEED("KVM_SET_DEVICE_ATTR", HVABI_KVM_SET_DEVICE_ATTR),
	NEED("KVM_GET_DEVICE_ATTR", HVABI_KVM_GET_DEVICE_ATTR),
	NEED("KVM_HAS_DEVICE_ATTR", HVABI_KVM_HAS_DEVICE_ATTR),

	NEED("KVM_CPUID_FLAG_SIGNIFCANT_INDEX", HVABI_KVM_CPUID_FLAG_SIGNIFCANT_INDEX),

	SIZE(kvm_one_reg, hvabi_kvm_one_reg),
	OFF(kvm_one_reg, hvabi_kvm_one_reg, id),
	OFF(kvm_one_reg, hvabi_kvm_one_reg, addr),
	SIZE(kvm_reg_list, hvabi_kvm_reg_list),
	OFF(kvm_reg_list, hvabi_kvm_reg_list, n),
	OFF(kvm_reg_list, hvabi_kvm_reg_list, reg),
	SIZE(kvm_device_attr, hvabi_kvm_device_attr),
	OFF(kvm_device_attr, hvabi_kvm_device_attr, flags),
	OFF(kvm_device_attr, hvabi_kvm_device_attr, group),
	OFF(kvm_device_attr, hvabi_kvm_device_attr, attr),
	OFF(kvm_device_attr, hvabi_kvm_device_attr, addr),
	SIZE(kvm_enable_cap, hvabi_kvm_enable_cap),
	OFF(kvm_enable_cap, hvabi_kvm_enable_cap, cap),
	OFF(kvm_enable_cap, hvabi_kvm_enable_cap, flags),
	OFF(kvm_enable_cap, hvabi_kvm_enable_cap, args),
	OFF(kvm_enable_cap, hvabi_kvm_enable_cap, pad),
	SIZE(kvm_msr_list, hvabi_kvm_msr_list),
	OFF(kvm_msr_list, hvabi_kvm_msr_list, nmsrs),
	OFF(kvm_msr_list, hvabi_kvm_msr_list, indices),
	SIZE(kvm_msr_entry, hvabi_kvm_msr_entry),
	OFF(kvm_msr_entry, hvabi_kvm_msr_entry, index),
	OFF(kvm_msr_entry, hvabi_kvm_msr_entry, reserved),
	OFF(kvm_msr_entry, hvabi_kvm_msr_entry, data),
	SIZE(kvm_msrs, hvabi_kvm_msrs),
	OFF(kvm_msrs, hvabi_kvm_msrs, nmsrs),
	OFF(kvm_msrs, hvabi_kvm_msrs, pad),
	OFF(kvm_msrs, hvabi_kvm_msrs, entries),
	SIZE(kvm_cpuid_entry2, hvabi_kvm_cpuid_entry2),
	OFF(kvm_cpuid_entry2, hvabi_kvm_cpuid_entry2, function),
	OFF(kvm_cpuid_entry2, hvabi_kvm_cpuid_entry2, index),
	OFF(kvm_cpuid_entry2, hvabi_kvm_cpuid_entry2, flags),
	OFF(kvm_cpuid_entry2, hvabi_kvm_cpuid_entry2, eax),
	OFF(kvm_cpuid_entry2, hvabi_kvm_cpuid_entry2, ebx),
	OFF(kvm_cpuid_entry2, hvabi_kvm_cpuid_entry2, ecx),
	OFF(kvm_cpuid_entry2, hvabi_kvm_cpuid_entry2, edx),
	OFF(kvm_cpuid_entry2, hvabi_kvm_cpuid_entry2, padding),
	SIZE(kvm_cpuid2, hvabi_kvm_cpuid2),
	OFF(kvm_cpuid2, hvabi_kvm_cpuid2, nent),
	OFF(kvm_cpuid2, hvabi_kvm_cpuid2, padding),
	OFF(kvm_cpuid2, hvabi_kvm_cpuid2, entries),
};

static void test_uapi_x86(void **state)
{
	(void)state;
	compare(x86, HVABI_ARRAY_SIZE(x86), uapi_x86_values, uapi_x86_count);
	all_exports_compared(x86, HVABI_ARRAY_SIZE(x86), uapi_x86_values, uapi_x86_count);
}

static const struct ours arm64[] = {
	NEED("KVM_REG_ARM_COPROC_MASK", HVABI_KVM_REG_ARM_COPROC_MASK),
	NEED("KVM_REG_ARM_COPROC_SHIFT", HVABI_KVM_REG_ARM_COPROC_SHIFT),
	NEED("KVM_REG_ARM_CORE", HVABI_KVM_REG_ARM_CORE),
	NEED("KVM_REG_ARM_DEMUX", HVABI_KVM_REG_ARM_DEMUX),
	NEED("KVM_REG_ARM64_SYSREG", HVABI_KVM_REG_ARM64_SYSREG),
	NEED("KVM_REG_ARM_FW", HVABI_KVM_REG_ARM_FW),
	NEED("KVM_REG_ARM64_SVE", HVABI_KVM_REG_ARM64_SVE),
	NEED("KVM_REG_ARM64_SVE_VLS", HVABI_KVM_REG_ARM64_SVE_VLS),
	NEED("KVM_REG_ARM_FW_FEAT_BMAP", HVABI_KVM_REG_ARM_FW_FEAT_BMAP),
	NEED("KVM_REG_ARM_FW_REG(0x12345)", HVABI_KVM_REG_ARM_FW_REG(0x12345)),
	NEED("KVM_REG_ARM_FW_FEAT_BMAP_REG(0x12345)", HVABI_KVM_REG_ARM_FW_FEAT_BMAP_REG(0x12345)),
	NEED("KVM_REG_ARM_PSCI_VERSION", HVABI_KVM_REG_ARM_PSCI_VERSION),
	NEED("KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1", HVABI_KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1),
	NEED("KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2", HVABI_KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2),
	NEED("KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3", HVABI_KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3),
	NEED("KVM_REG_ARM_STD_BMAP", HVABI_KVM_REG_ARM_STD_BMAP),
	NEED("KVM_REG_ARM_STD_HYP_BMAP", HVABI_KVM_REG_ARM_STD_HYP_BMAP),
	NEED("KVM_REG_ARM_VENDOR_HYP_BMAP", HVABI_KVM_REG_ARM_VENDOR_HYP_BMAP),
	NEWER("KVM_REG_ARM_VENDOR_HYP_BMAP_2", HVABI_KVM_REG_ARM_VENDOR_HYP_BMAP_2),
	NEED("KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1_NOT_AVAIL", HVABI_WA1_NOT_AVAIL),
	NEED("KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1_AVAIL", HVABI_WA1_AVAIL),
	NEED("KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1_NOT_REQUIRED", HVABI_WA1_NOT_REQUIRED),
	NEED("KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_NOT_AVAIL", HVABI_WA2_NOT_AVAIL),
	NEED("KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_UNKNOWN", HVABI_WA2_UNKNOWN),
	NEED("KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_AVAIL", HVABI_WA2_AVAIL),
	NEED("KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_NOT_REQUIRED", HVABI_WA2_NOT_REQUIRED),
	NEED("KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_ENABLED", HVABI_WA2_ENABLED),
	NEED("KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3_NOT_AVAIL", HVABI_WA3_NOT_AVAIL),
	NEED("KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3_AVAIL", HVABI_WA3_AVAIL),
	NEED("KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3_NOT_REQUIRED", HVABI_WA3_NOT_REQUIRED),
	NEED("PSCI_VERSION(0, 2)", HVABI_PSCI_VERSION(0, 2)),
	NEED("PSCI_VERSION(1, 3)", HVABI_PSCI_VERSION(1, 3)),
	NEED("KVM_REG_SIZE(KVM_REG_SIZE_U8)", HVABI_KVM_REG_SIZE(HVABI_KVM_REG_SIZE_U8)),
	NEED("KVM_REG_SIZE(KVM_REG_SIZE_U64)", HVABI_KVM_REG_SIZE(HVABI_KVM_REG_SIZE_U64)),
	NEED("KVM_REG_SIZE(KVM_REG_SIZE_U2048)", HVABI_KVM_REG_SIZE(HVABI_KVM_REG_SIZE_U2048)),
	NEED("ARM64_SYS_REG(3, 0, 0, 0, 0)", HVABI_ARM64_SYS_REG(3, 0, 0, 0, 0)),
	NEED("ARM64_SYS_REG(3, 0, 0, 0, 6)", HVABI_ARM64_SYS_REG(3, 0, 0, 0, 6)),
	NEED("ARM64_SYS_REG(3, 0, 0, 4, 0)", HVABI_ARM64_SYS_REG(3, 0, 0, 4, 0)),
	NEED("ARM64_SYS_REG(3, 0, 0, 7, 4)", HVABI_ARM64_SYS_REG(3, 0, 0, 7, 4)),
	NEED("ARM64_SYS_REG(3, 1, 0, 0, 7)", HVABI_ARM64_SYS_REG(3, 1, 0, 0, 7)),
	NEED("ARM64_SYS_REG(3, 3, 0, 0, 1)", HVABI_ARM64_SYS_REG(3, 3, 0, 0, 1)),
	NEED("KVM_ARM_VCPU_POWER_OFF", HVABI_KVM_ARM_VCPU_POWER_OFF),
	NEED("KVM_ARM_VCPU_EL1_32BIT", HVABI_KVM_ARM_VCPU_EL1_32BIT),
	NEED("KVM_ARM_VCPU_PSCI_0_2", HVABI_KVM_ARM_VCPU_PSCI_0_2),
	NEED("KVM_ARM_VCPU_PMU_V3", HVABI_KVM_ARM_VCPU_PMU_V3),
	NEED("KVM_ARM_VCPU_SVE", HVABI_KVM_ARM_VCPU_SVE),
	NEED("KVM_ARM_VCPU_PTRAUTH_ADDRESS", HVABI_KVM_ARM_VCPU_PTRAUTH_ADDRESS),
	NEED("KVM_ARM_VCPU_PTRAUTH_GENERIC", HVABI_KVM_ARM_VCPU_PTRAUTH_GENERIC),
	NEED("KVM_ARM_TARGET_GENERIC_V8", HVABI_KVM_ARM_TARGET_GENERIC_V8),
	NEED("KVM_ARM_VCPU_INIT", HVABI_KVM_ARM_VCPU_INIT),
	NEED("KVM_ARM_PREFERRED_TARGET", HVABI_KVM_ARM_PREFERRED_TARGET),
	NEED("KVM_ARM_VCPU_FINALIZE", HVABI_KVM_ARM_VCPU_FINALIZE),
	NEED("KVM_GET_ONE_REG", HVABI_KVM_GET_ONE_REG),
	NEED("KVM_SET_ONE_REG", HVABI_KVM_SET_ONE_REG),
	NEED("KVM_GET_REG_LIST", HVABI_KVM_GET_REG_LIST),
	SIZE(kvm_vcpu_init, hvabi_kvm_vcpu_init),
	OFF(kvm_vcpu_init, hvabi_kvm_vcpu_init, target),
	OFF(kvm_vcpu_init, hvabi_kvm_vcpu_init, features),
	NEED("KVM_SET_USER_MEMORY_REGION", HVABI_KVM_SET_USER_MEMORY_REGION),
	NEED("KVM_RUN", HVABI_KVM_RUN),
	NEED("KVM_EXIT_MMIO", HVABI_KVM_EXIT_MMIO),
	NEED("KVM_EXIT_INTERNAL_ERROR", HVABI_KVM_EXIT_INTERNAL_ERROR),
	SIZE(kvm_userspace_memory_region, hvabi_kvm_userspace_memory_region),
	OFF(kvm_userspace_memory_region, hvabi_kvm_userspace_memory_region, slot),
	OFF(kvm_userspace_memory_region, hvabi_kvm_userspace_memory_region, flags),
	OFF(kvm_userspace_memory_region, hvabi_kvm_userspace_memory_region, guest_phys_addr),
	OFF(kvm_userspace_memory_region, hvabi_kvm_userspace_memory_region, memory_size),
	OFF(kvm_userspace_memory_region, hvabi_kvm_userspace_memory_region, userspace_addr),
	OFF(kvm_run, hvabi_kvm_run, exit_reason),
	OFF(kvm_run, hvabi_kvm_run, mmio.phys_addr),
	OFF(kvm_run, hvabi_kvm_run, mmio.data),
	OFF(kvm_run, hvabi_kvm_run, mmio.len),
	OFF(kvm_run, hvabi_kvm_run, mmio.is_write),
	NEED("KVM_EXIT_HYPERCALL", HVABI_KVM_EXIT_HYPERCALL),
	OFF(kvm_run, hvabi_kvm_run, hypercall.nr),
	OFF(kvm_run, hvabi_kvm_run, hypercall.args),
	OFF(kvm_run, hvabi_kvm_run, hypercall.ret),
	NOFF(kvm_run, hvabi_kvm_run, hypercall.flags),
	NEWER("KVM_HYPERCALL_EXIT_SMC", HVABI_KVM_HYPERCALL_EXIT_SMC),
	NEWER("KVM_ARM_VM_SMCCC_CTRL", HVABI_KVM_ARM_VM_SMCCC_CTRL),
	NEWER("KVM_ARM_VM_SMCCC_FILTER", HVABI_KVM_ARM_VM_SMCCC_FILTER),
	NSIZE(kvm_smccc_filter, hvabi_kvm_smccc_filter),
	NOFF(kvm_smccc_filter, hvabi_kvm_smccc_filter, base),
	NOFF(kvm_smccc_filter, hvabi_kvm_smccc_filter, nr_functions),
	NOFF(kvm_smccc_filter, hvabi_kvm_smccc_filter, action),
	NOFF(kvm_smccc_filter, hvabi_kvm_smccc_filter, pad),
	NEWER("KVM_ARM_GET_REG_WRITABLE_MASKS", HVABI_KVM_ARM_GET_REG_WRITABLE_MASKS),
	NEWER("KVM_ARM_FEATURE_ID_RANGE", HVABI_KVM_ARM_FEATURE_ID_RANGE),
	NEWER("KVM_ARM_FEATURE_ID_RANGE_SIZE", HVABI_KVM_ARM_FEATURE_ID_RANGE_SIZE),
	NSIZE(reg_mask_range, hvabi_kvm_reg_mask_range),
	NOFF(reg_mask_range, hvabi_kvm_reg_mask_range, addr),
	NOFF(reg_mask_range, hvabi_kvm_reg_mask_range, range),
	NOFF(reg_mask_range, hvabi_kvm_reg_mask_range, reserved),
};

static void test_uapi_arm64(void **state)
{
	/* hvabi_arm64_feature_id_idx() is a function: its results are not constants. */
	const struct ours idx[] = {
		NEWER("KVM_ARM_FEATURE_ID_RANGE_IDX(3, 0, 0, 4, 0)",
		      hvabi_arm64_feature_id_idx(0, 4, 0)),
		NEWER("KVM_ARM_FEATURE_ID_RANGE_IDX(3, 1, 0, 0, 7)",
		      hvabi_arm64_feature_id_idx(1, 0, 7)),
		NEWER("KVM_ARM_FEATURE_ID_RANGE_IDX(3, 3, 0, 0, 1)",
		      hvabi_arm64_feature_id_idx(3, 0, 1)),
	};
	struct ours all[HVABI_ARRAY_SIZE(arm64) + HVABI_ARRAY_SIZE(idx)];

	(void)state;
	memcpy(all, arm64, sizeof(arm64));
	memcpy(all + HVABI_ARRAY_SIZE(arm64), idx, sizeof(idx));
#ifdef HVABI_NO_UAPI_ARM64
	skip();
#else
	compare(all, HVABI_ARRAY_SIZE(all), uapi_arm64_values, uapi_arm64_count);
	all_exports_compared(all, HVABI_ARRAY_SIZE(all), uapi_arm64_values, uapi_arm64_count);
#endif
}

static const struct ours riscv[] = {
	NEED("KVM_REG_RISCV_TYPE_SHIFT", HVABI_KVM_REG_RISCV_TYPE_SHIFT),
	NEED("KVM_REG_RISCV_CONFIG", HVABI_KVM_REG_RISCV_CONFIG),
	NEED("KVM_REG_RISCV_ISA_EXT", HVABI_KVM_REG_RISCV_ISA_EXT),
	NEED("KVM_REG_RISCV_CONFIG_REG(isa)", HVABI_RISCV_CONFIG_REG(0) & 0xffff),
	NEED("KVM_REG_RISCV_CONFIG_REG(zicbom_block_size)", HVABI_RISCV_CONFIG_REG(1) & 0xffff),
	NEED("KVM_REG_SIZE(KVM_REG_SIZE_U64)", HVABI_KVM_REG_SIZE(HVABI_KVM_REG_SIZE_U64)),
	NEWER("KVM_REG_RISCV_SUBTYPE_SHIFT", HVABI_KVM_REG_RISCV_SUBTYPE_SHIFT),
	NEWER("KVM_REG_RISCV_SBI_EXT", HVABI_KVM_REG_RISCV_SBI_EXT),
	NEWER("KVM_REG_RISCV_SBI_SINGLE", HVABI_KVM_REG_RISCV_SBI_SINGLE),
	NEWER("KVM_REG_RISCV_ISA_SINGLE", HVABI_KVM_REG_RISCV_ISA_SINGLE),
	NEED("ISA_REG(KVM_RISCV_ISA_EXT_A)", HVABI_RISCV_ISA_EXT_REG(0)),
	NEED("ISA_REG(KVM_RISCV_ISA_EXT_C)", HVABI_RISCV_ISA_EXT_REG(1)),
	NEED("ISA_REG(KVM_RISCV_ISA_EXT_D)", HVABI_RISCV_ISA_EXT_REG(2)),
	NEED("ISA_REG(KVM_RISCV_ISA_EXT_F)", HVABI_RISCV_ISA_EXT_REG(3)),
	NEED("ISA_REG(KVM_RISCV_ISA_EXT_H)", HVABI_RISCV_ISA_EXT_REG(4)),
	NEED("ISA_REG(KVM_RISCV_ISA_EXT_I)", HVABI_RISCV_ISA_EXT_REG(5)),
	NEED("ISA_REG(KVM_RISCV_ISA_EXT_M)", HVABI_RISCV_ISA_EXT_REG(6)),
	NEED("ISA_REG(KVM_RISCV_ISA_EXT_SVPBMT)", HVABI_RISCV_ISA_EXT_REG(7)),
	NEED("ISA_REG(KVM_RISCV_ISA_EXT_SSTC)", HVABI_RISCV_ISA_EXT_REG(8)),
	NEED("ISA_REG(KVM_RISCV_ISA_EXT_SVINVAL)", HVABI_RISCV_ISA_EXT_REG(9)),
	NEED("ISA_REG(KVM_RISCV_ISA_EXT_ZIHINTPAUSE)", HVABI_RISCV_ISA_EXT_REG(10)),
	NEED("ISA_REG(KVM_RISCV_ISA_EXT_ZICBOM)", HVABI_RISCV_ISA_EXT_REG(11)),
};

static void test_uapi_riscv(void **state)
{
	(void)state;
#ifdef HVABI_NO_UAPI_RISCV
	skip();
#else
	compare(riscv, HVABI_ARRAY_SIZE(riscv), uapi_riscv_values, uapi_riscv_count);
	all_exports_compared(riscv, HVABI_ARRAY_SIZE(riscv), uapi_riscv_values,
			     uapi_riscv_count);
#endif
}

/*
 * The catalogue names registers by the kernel's names; the ids it gives
 * them must be the ones the kernel's macros build.
 */
static void expect_catalogue_id(enum hvabi_arch arch, const char *name, uint64_t id)
{
	struct hvabi_key k;

	assert_int_equal(hvabi_key_from_string(arch, name, &k), 0);
	assert_int_equal(k.ns, HVABI_NS_ONE_REG);
	if (k.id != id)
		fail_msg("%s: catalogue id 0x%llx, kernel 0x%llx", name,
			 (unsigned long long)k.id, (unsigned long long)id);
}

static void test_uapi_catalogue_ids(void **state)
{
	static const char *const isa[] = {
		"A", "C", "D", "F", "H", "I", "M", "SVPBMT", "SSTC", "SVINVAL",
		"ZIHINTPAUSE", "ZICBOM",
	};
	const struct uapi_value *v;
	char name[64], expr[64];
	size_t i;

	(void)state;
#ifndef HVABI_NO_UAPI_ARM64
	v = kernel_value(uapi_arm64_values, uapi_arm64_count, "ARM64_SYS_REG(3, 0, 0, 0, 0)");
	assert_non_null(v);
	expect_catalogue_id(HVABI_ARCH_ARM64, "MIDR_EL1", v->value);
	v = kernel_value(uapi_arm64_values, uapi_arm64_count, "ARM64_SYS_REG(3, 0, 0, 4, 0)");
	assert_non_null(v);
	expect_catalogue_id(HVABI_ARCH_ARM64, "ID_AA64PFR0_EL1", v->value);
	v = kernel_value(uapi_arm64_values, uapi_arm64_count, "ARM64_SYS_REG(3, 0, 0, 7, 4)");
	assert_non_null(v);
	expect_catalogue_id(HVABI_ARCH_ARM64, "ID_AA64MMFR4_EL1", v->value);
	v = kernel_value(uapi_arm64_values, uapi_arm64_count, "ARM64_SYS_REG(3, 1, 0, 0, 7)");
	assert_non_null(v);
	expect_catalogue_id(HVABI_ARCH_ARM64, "AIDR_EL1", v->value);
	v = kernel_value(uapi_arm64_values, uapi_arm64_count, "ARM64_SYS_REG(3, 3, 0, 0, 1)");
	assert_non_null(v);
	expect_catalogue_id(HVABI_ARCH_ARM64, "CTR_EL0", v->value);
	v = kernel_value(uapi_arm64_values, uapi_arm64_count, "KVM_REG_ARM_PSCI_VERSION");
	assert_non_null(v);
	expect_catalogue_id(HVABI_ARCH_ARM64, "PSCI_VERSION", v->value);
#endif
#ifndef HVABI_NO_UAPI_RISCV
	for (i = 0; i < HVABI_ARRAY_SIZE(isa); i++) {
		snprintf(expr, sizeof(expr), "ISA_REG(KVM_RISCV_ISA_EXT_%s)", isa[i]);
		snprintf(name, sizeof(name), "ISA_EXT_%s", isa[i]);
		v = kernel_value(uapi_riscv_values, uapi_riscv_count, expr);
		assert_non_null(v);
		expect_catalogue_id(HVABI_ARCH_RISCV64, name, v->value);
	}
#else
	(void)isa;
	(void)v;
	(void)i;
	(void)name;
	(void)expr;
#endif
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_uapi_x86),
		cmocka_unit_test(test_uapi_arm64),
		cmocka_unit_test(test_uapi_riscv),
		cmocka_unit_test(test_uapi_catalogue_ids),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
