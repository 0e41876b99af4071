/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Our own definitions of the KVM userspace ABI we use, for every
 * architecture at once, so an x86 build decodes arm64 and riscv ids.
 * Values are the kernel's (include/uapi/linux/kvm.h and the per-arch
 * asm/kvm.h); tests/test-uapi.c compares every one of them with the
 * installed uapi headers (linux-libc-dev, linux-libc-dev-arm64-cross,
 * linux-libc-dev-riscv64-cross).
 */
#ifndef HVABI_KVM_UAPI_H
#define HVABI_KVM_UAPI_H

#include <stddef.h>
#include <stdint.h>

/* ---- ONE_REG id encoding (include/uapi/linux/kvm.h) ---- */
#define HVABI_KVM_REG_ARCH_MASK 0xff00000000000000ull
#define HVABI_KVM_REG_X86 0x2000000000000000ull
#define HVABI_KVM_REG_ARM64 0x6000000000000000ull
#define HVABI_KVM_REG_RISCV 0x8000000000000000ull
#define HVABI_KVM_REG_SIZE_SHIFT 52
#define HVABI_KVM_REG_SIZE_MASK 0x00f0000000000000ull
#define HVABI_KVM_REG_SIZE_U8 0x0000000000000000ull
#define HVABI_KVM_REG_SIZE_U16 0x0010000000000000ull
#define HVABI_KVM_REG_SIZE_U32 0x0020000000000000ull
#define HVABI_KVM_REG_SIZE_U64 0x0030000000000000ull
#define HVABI_KVM_REG_SIZE_U128 0x0040000000000000ull
#define HVABI_KVM_REG_SIZE_U2048 0x0080000000000000ull
/* Bytes of a register: 1 << size field. */
#define HVABI_KVM_REG_SIZE(id) \
	(1u << (unsigned int)(((id) & HVABI_KVM_REG_SIZE_MASK) >> HVABI_KVM_REG_SIZE_SHIFT))

/* ---- arm64 (arch/arm64/include/uapi/asm/kvm.h) ---- */
#define HVABI_KVM_REG_ARM_COPROC_MASK 0x000000000fff0000ull
#define HVABI_KVM_REG_ARM_COPROC_SHIFT 16
#define HVABI_KVM_REG_ARM_CORE (0x0010ull << HVABI_KVM_REG_ARM_COPROC_SHIFT)
#define HVABI_KVM_REG_ARM_DEMUX (0x0011ull << HVABI_KVM_REG_ARM_COPROC_SHIFT)
#define HVABI_KVM_REG_ARM64_SYSREG (0x0013ull << HVABI_KVM_REG_ARM_COPROC_SHIFT)
#define HVABI_KVM_REG_ARM_FW (0x0014ull << HVABI_KVM_REG_ARM_COPROC_SHIFT)
#define HVABI_KVM_REG_ARM64_SVE (0x0015ull << HVABI_KVM_REG_ARM_COPROC_SHIFT)
#define HVABI_KVM_REG_ARM_FW_FEAT_BMAP (0x0016ull << HVABI_KVM_REG_ARM_COPROC_SHIFT)
/* The SVE vector lengths a vCPU offers (a U512 bitmap of VQs), not a vector register. */
#define HVABI_KVM_REG_ARM64_SVE_VLS \
	(HVABI_KVM_REG_ARM64 | HVABI_KVM_REG_ARM64_SVE | (0x6ull << HVABI_KVM_REG_SIZE_SHIFT) | 0xffffull)

#define HVABI_KVM_REG_ARM_FW_REG(r) \
	(HVABI_KVM_REG_ARM64 | HVABI_KVM_REG_SIZE_U64 | HVABI_KVM_REG_ARM_FW | ((r) & 0xffffull))
#define HVABI_KVM_REG_ARM_FW_FEAT_BMAP_REG(r)                                  \
	(HVABI_KVM_REG_ARM64 | HVABI_KVM_REG_SIZE_U64 | HVABI_KVM_REG_ARM_FW_FEAT_BMAP | \
	 ((r) & 0xffffull))

#define HVABI_KVM_REG_ARM_PSCI_VERSION HVABI_KVM_REG_ARM_FW_REG(0)
#define HVABI_KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1 HVABI_KVM_REG_ARM_FW_REG(1)
#define HVABI_KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2 HVABI_KVM_REG_ARM_FW_REG(2)
#define HVABI_KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3 HVABI_KVM_REG_ARM_FW_REG(3)
#define HVABI_KVM_REG_ARM_STD_BMAP HVABI_KVM_REG_ARM_FW_FEAT_BMAP_REG(0)
#define HVABI_KVM_REG_ARM_STD_HYP_BMAP HVABI_KVM_REG_ARM_FW_FEAT_BMAP_REG(1)
#define HVABI_KVM_REG_ARM_VENDOR_HYP_BMAP HVABI_KVM_REG_ARM_FW_FEAT_BMAP_REG(2)
#define HVABI_KVM_REG_ARM_VENDOR_HYP_BMAP_2 HVABI_KVM_REG_ARM_FW_FEAT_BMAP_REG(3)

/* Workaround levels as the registers report them. */
#define HVABI_WA1_NOT_AVAIL 0
#define HVABI_WA1_AVAIL 1
#define HVABI_WA1_NOT_REQUIRED 2
#define HVABI_WA2_NOT_AVAIL 0
#define HVABI_WA2_UNKNOWN 1
#define HVABI_WA2_AVAIL 2
#define HVABI_WA2_NOT_REQUIRED 3
#define HVABI_WA2_ENABLED (1u << 4)
#define HVABI_WA3_NOT_AVAIL 0
#define HVABI_WA3_AVAIL 1
#define HVABI_WA3_NOT_REQUIRED 2

/* PSCI_VERSION values: (major << 16) | minor. */
#define HVABI_PSCI_VERSION(maj, min) ((((uint64_t)(maj)) << 16) | (min))

/* System register id: op0<<14 | op1<<11 | CRn<<7 | CRm<<3 | op2. */
#define HVABI_ARM64_SYS_REG(op0, op1, crn, crm, op2)                              \
	(HVABI_KVM_REG_ARM64 | HVABI_KVM_REG_SIZE_U64 | HVABI_KVM_REG_ARM64_SYSREG | \
	 ((uint64_t)(op0) << 14) | ((uint64_t)(op1) << 11) | ((uint64_t)(crn) << 7) | \
	 ((uint64_t)(crm) << 3) | (uint64_t)(op2))
#define HVABI_ARM64_SYSREG_FIELDS(id) ((unsigned int)((id) & 0xffffu))

/* KVM_ARM_VCPU_INIT feature bits. */
#define HVABI_KVM_ARM_VCPU_POWER_OFF 0
#define HVABI_KVM_ARM_VCPU_EL1_32BIT 1
#define HVABI_KVM_ARM_VCPU_PSCI_0_2 2
#define HVABI_KVM_ARM_VCPU_PMU_V3 3
#define HVABI_KVM_ARM_VCPU_SVE 4
#define HVABI_KVM_ARM_VCPU_PTRAUTH_ADDRESS 5
#define HVABI_KVM_ARM_VCPU_PTRAUTH_GENERIC 6
#define HVABI_KVM_ARM_TARGET_GENERIC_V8 5

/* The SMCCC filter: a VM attribute. */
#define HVABI_KVM_ARM_VM_SMCCC_CTRL 0
#define HVABI_KVM_ARM_VM_SMCCC_FILTER 0

/* Writable masks of the feature ID space (6.7+). */
#define HVABI_KVM_ARM_FEATURE_ID_RANGE 0
#define HVABI_KVM_ARM_FEATURE_ID_RANGE_SIZE (3 * 8 * 8)
/* Index of (op0=3, op1, CRn=0, CRm, op2) in the mask array. */
static inline unsigned int hvabi_arm64_feature_id_idx(unsigned int op1, unsigned int crm,
						      unsigned int op2)
{
	unsigned int o1 = op1 & 3;

	o1 -= (o1 == 3);
	return o1 << 6 | (crm & 7) << 3 | (op2 & 7);
}

/* ---- riscv (arch/riscv/include/uapi/asm/kvm.h), rv64 ---- */
#define HVABI_KVM_REG_RISCV_TYPE_SHIFT 24
#define HVABI_KVM_REG_RISCV_SUBTYPE_SHIFT 16
#define HVABI_KVM_REG_RISCV_CONFIG (1ull << HVABI_KVM_REG_RISCV_TYPE_SHIFT)
#define HVABI_KVM_REG_RISCV_ISA_EXT (7ull << HVABI_KVM_REG_RISCV_TYPE_SHIFT)
#define HVABI_KVM_REG_RISCV_SBI_EXT (8ull << HVABI_KVM_REG_RISCV_TYPE_SHIFT)
#define HVABI_KVM_REG_RISCV_ISA_SINGLE (0ull << HVABI_KVM_REG_RISCV_SUBTYPE_SHIFT)
#define HVABI_KVM_REG_RISCV_SBI_SINGLE (0ull << HVABI_KVM_REG_RISCV_SUBTYPE_SHIFT)
#define HVABI_RISCV_REG(type, sub, idx)                                       \
	(HVABI_KVM_REG_RISCV | HVABI_KVM_REG_SIZE_U64 | (type) | (sub) | (uint64_t)(idx))
/* A kvm_riscv_config field, by its index in unsigned longs (KVM_REG_RISCV_CONFIG_REG). */
#define HVABI_RISCV_CONFIG_REG(idx) HVABI_RISCV_REG(HVABI_KVM_REG_RISCV_CONFIG, 0ull, idx)
#define HVABI_RISCV_ISA_EXT_REG(idx) \
	HVABI_RISCV_REG(HVABI_KVM_REG_RISCV_ISA_EXT, HVABI_KVM_REG_RISCV_ISA_SINGLE, idx)
#define HVABI_RISCV_SBI_EXT_REG(idx) \
	HVABI_RISCV_REG(HVABI_KVM_REG_RISCV_SBI_EXT, HVABI_KVM_REG_RISCV_SBI_SINGLE, idx)

/* ---- capabilities ---- */
#define HVABI_KVM_CAP_TSC_CONTROL 60
#define HVABI_KVM_CAP_GET_TSC_KHZ 61
#define HVABI_KVM_CAP_ONE_REG 70
#define HVABI_KVM_CAP_TSC_DEADLINE_TIMER 72
#define HVABI_KVM_CAP_ARM_PSCI 87
#define HVABI_KVM_CAP_VM_ATTRIBUTES 101
#define HVABI_KVM_CAP_ARM_PSCI_0_2 102
#define HVABI_KVM_CAP_CHECK_EXTENSION_VM 105
#define HVABI_KVM_CAP_ARM_PMU_V3 126
#define HVABI_KVM_CAP_VCPU_ATTRIBUTES 127
#define HVABI_KVM_CAP_GET_MSR_FEATURES 153
#define HVABI_KVM_CAP_HYPERV_ENLIGHTENED_VMCS 163
#define HVABI_KVM_CAP_HYPERV_CPUID 167
#define HVABI_KVM_CAP_ARM_SVE 170
#define HVABI_KVM_CAP_ARM_PTRAUTH_ADDRESS 171
#define HVABI_KVM_CAP_ARM_PTRAUTH_GENERIC 172
#define HVABI_KVM_CAP_STEAL_TIME 187
#define HVABI_KVM_CAP_ENFORCE_PV_FEATURE_CPUID 190
#define HVABI_KVM_CAP_SYS_HYPERV_CPUID 191
#define HVABI_KVM_CAP_PTP_KVM 198
#define HVABI_KVM_CAP_HYPERV_ENFORCE_CPUID 199
#define HVABI_KVM_CAP_EXIT_HYPERCALL 201
#define HVABI_KVM_CAP_SYS_ATTRIBUTES 209
#define HVABI_KVM_CAP_VM_TSC_CONTROL 214
#define HVABI_KVM_CAP_ARM_SYSTEM_SUSPEND 216
#define HVABI_KVM_CAP_COUNTER_OFFSET 227
#define HVABI_KVM_CAP_ARM_SUPPORTED_REG_MASK_RANGES 230
#define HVABI_KVM_CAP_ARM_WRITABLE_IMP_ID_REGS 239

/* ---- ioctls (KVMIO = 0xAE, asm-generic/ioctl.h encoding) ---- */
#define HVABI_KVMIO 0xAEu
#define HVABI_IOC(dir, nr, size) \
	((unsigned long)(((dir) << 30) | ((size) << 16) | (HVABI_KVMIO << 8) | (nr)))
#define HVABI_IO(nr) HVABI_IOC(0u, nr, 0u)
#define HVABI_IOW(nr, size) HVABI_IOC(1u, nr, size)
#define HVABI_IOR(nr, size) HVABI_IOC(2u, nr, size)
#define HVABI_IOWR(nr, size) HVABI_IOC(3u, nr, size)

struct hvabi_kvm_one_reg {
	uint64_t id;
	uint64_t addr;
};

struct hvabi_kvm_reg_list {
	uint64_t n;
	uint64_t reg[];
};

struct hvabi_kvm_device_attr {
	uint32_t flags;
	uint32_t group;
	uint64_t attr;
	uint64_t addr;
};

struct hvabi_kvm_enable_cap {
	uint32_t cap;
	uint32_t flags;
	uint64_t args[4];
	uint8_t pad[64];
};

struct hvabi_kvm_vcpu_init {
	uint32_t target;
	uint32_t features[7];
};

/* KVM_SET_USER_MEMORY_REGION */
struct hvabi_kvm_userspace_memory_region {
	uint32_t slot;
	uint32_t flags;
	uint64_t guest_phys_addr;
	uint64_t memory_size;
	uint64_t userspace_addr;
};

/*
 * The head of struct kvm_run (the vCPU fd's mmap) and the exits libhvabi
 * reads: KVM_EXIT_MMIO (the probe's guest, a store outside guest memory)
 * and KVM_EXIT_HYPERCALL (an SMCCC call the VM's filter forwards to user
 * space, arm64 6.4+). The exit's members share one union at offset 32
 * (include/uapi/linux/kvm.h, 7.2.8 lines 288-300).
 */
struct hvabi_kvm_run {
	uint8_t request_interrupt_window;
	uint8_t immediate_exit;
	uint8_t padding1[6];
	uint32_t exit_reason;
	uint8_t ready_for_interrupt_injection;
	uint8_t if_flag;
	uint16_t flags;
	uint64_t cr8;
	uint64_t apic_base;
	union {
		struct {
			uint64_t phys_addr;
			uint8_t data[8];
			uint32_t len;
			uint8_t is_write;
		} mmio;
		/*
		 * arm64 sets nr (the SMCCC function id, the low 32 bits of x0)
		 * and flags only; args and ret are zero, the call's arguments
		 * are in x1..x3 and its results go back there by
		 * KVM_SET_ONE_REG (kvm_prepare_hypercall_exit(),
		 * arch/arm64/kvm/hypercalls.c 7.2.8 lines 246-263).
		 */
		struct {
			uint64_t nr;
			uint64_t args[6];
			uint64_t ret;
			uint64_t flags;
		} hypercall;
	};
};

_Static_assert(offsetof(struct hvabi_kvm_run, mmio) == 32,
	       "struct kvm_run: the exit union at 32");
_Static_assert(offsetof(struct hvabi_kvm_run, hypercall) == 32,
	       "struct kvm_run: hypercall at 32");
_Static_assert(offsetof(struct hvabi_kvm_run, hypercall.flags) == 96,
	       "struct kvm_run: hypercall.flags at 96");

#define HVABI_KVM_EXIT_HYPERCALL 3u
#define HVABI_KVM_EXIT_MMIO 6u
#define HVABI_KVM_EXIT_INTERNAL_ERROR 17u
/* kvm_run.hypercall.flags: the guest used SMC, not HVC (arm64 uapi asm/kvm.h) */
#define HVABI_KVM_HYPERCALL_EXIT_SMC 1ull

struct hvabi_kvm_smccc_filter {
	uint32_t base;
	uint32_t nr_functions;
	uint8_t action;
	uint8_t pad[15];
};

struct hvabi_kvm_reg_mask_range {
	uint64_t addr;
	uint32_t range;
	uint32_t reserved[13];
};

struct hvabi_kvm_msr_list {
	uint32_t nmsrs;
	uint32_t indices[];
};

struct hvabi_kvm_msr_entry {
	uint32_t index;
	uint32_t reserved;
	uint64_t data;
};

struct hvabi_kvm_msrs {
	uint32_t nmsrs;
	uint32_t pad;
	struct hvabi_kvm_msr_entry entries[];
};

struct hvabi_kvm_cpuid_entry2 {
	uint32_t function;
	uint32_t index;
	uint32_t flags;
	uint32_t eax;
	uint32_t ebx;
	uint32_t ecx;
	uint32_t edx;
	uint32_t padding[3];
};

#define HVABI_KVM_CPUID_FLAG_SIGNIFCANT_INDEX (1u << 0)

struct hvabi_kvm_cpuid2 {
	uint32_t nent;
	uint32_t padding;
	struct hvabi_kvm_cpuid_entry2 entries[];
};

#define HVABI_KVM_GET_API_VERSION HVABI_IO(0x00)
#define HVABI_KVM_CREATE_VM HVABI_IO(0x01)
#define HVABI_KVM_GET_MSR_INDEX_LIST HVABI_IOWR(0x02, 4u)
#define HVABI_KVM_CHECK_EXTENSION HVABI_IO(0x03)
#define HVABI_KVM_GET_VCPU_MMAP_SIZE HVABI_IO(0x04)
#define HVABI_KVM_GET_SUPPORTED_CPUID HVABI_IOWR(0x05, 8u)
#define HVABI_KVM_GET_MSR_FEATURE_INDEX_LIST HVABI_IOWR(0x0a, 4u)
#define HVABI_KVM_CREATE_VCPU HVABI_IO(0x41)
#define HVABI_KVM_SET_USER_MEMORY_REGION HVABI_IOW(0x46, 32u)
#define HVABI_KVM_RUN HVABI_IO(0x80)
#define HVABI_KVM_GET_MSRS HVABI_IOWR(0x88, 8u)
#define HVABI_KVM_SET_CPUID2 HVABI_IOW(0x90, 8u)
#define HVABI_KVM_GET_CPUID2 HVABI_IOWR(0x91, 8u)
#define HVABI_KVM_SET_TSC_KHZ HVABI_IO(0xa2)
#define HVABI_KVM_GET_TSC_KHZ HVABI_IO(0xa3)
#define HVABI_KVM_ENABLE_CAP HVABI_IOW(0xa3, 104u)
#define HVABI_KVM_GET_ONE_REG HVABI_IOW(0xab, 16u)
#define HVABI_KVM_SET_ONE_REG HVABI_IOW(0xac, 16u)
#define HVABI_KVM_ARM_VCPU_INIT HVABI_IOW(0xae, 32u)
#define HVABI_KVM_ARM_PREFERRED_TARGET HVABI_IOR(0xaf, 32u)
#define HVABI_KVM_GET_REG_LIST HVABI_IOWR(0xb0, 8u)
#define HVABI_KVM_ARM_GET_REG_WRITABLE_MASKS HVABI_IOR(0xb6, 64u)
#define HVABI_KVM_GET_SUPPORTED_HV_CPUID HVABI_IOWR(0xc1, 8u)
#define HVABI_KVM_ARM_VCPU_FINALIZE HVABI_IOW(0xc2, 4u)
#define HVABI_KVM_SET_DEVICE_ATTR HVABI_IOW(0xe1, 24u)
#define HVABI_KVM_GET_DEVICE_ATTR HVABI_IOW(0xe2, 24u)
#define HVABI_KVM_HAS_DEVICE_ATTR HVABI_IOW(0xe3, 24u)

/* ---- used by the simulated KVM (lib/sim/) ---- */
#define HVABI_KVM_GET_EMULATED_CPUID HVABI_IOWR(0x09, 8u)
#define HVABI_KVM_SET_MSRS HVABI_IOW(0x89, 8u)
/* riscv ONE_REG types and subtypes beyond ISA_EXT/SBI_EXT (asm/kvm.h) */
#define HVABI_KVM_REG_RISCV_TYPE_MASK 0x00000000ff000000ull
#define HVABI_KVM_REG_RISCV_SUBTYPE_MASK 0x0000000000ff0000ull
#define HVABI_KVM_REG_RISCV_CORE (2ull << HVABI_KVM_REG_RISCV_TYPE_SHIFT)
#define HVABI_KVM_REG_RISCV_CSR (3ull << HVABI_KVM_REG_RISCV_TYPE_SHIFT)
#define HVABI_KVM_REG_RISCV_TIMER (4ull << HVABI_KVM_REG_RISCV_TYPE_SHIFT)
#define HVABI_KVM_REG_RISCV_FP_F (5ull << HVABI_KVM_REG_RISCV_TYPE_SHIFT)
#define HVABI_KVM_REG_RISCV_FP_D (6ull << HVABI_KVM_REG_RISCV_TYPE_SHIFT)
#define HVABI_KVM_REG_RISCV_MULTI_EN (1ull << HVABI_KVM_REG_RISCV_SUBTYPE_SHIFT)
#define HVABI_KVM_REG_RISCV_MULTI_DIS (2ull << HVABI_KVM_REG_RISCV_SUBTYPE_SHIFT)
#define HVABI_KVM_REG_RISCV_CSR_AIA (1ull << HVABI_KVM_REG_RISCV_SUBTYPE_SHIFT)
/* KVM_ARM_VCPU_INIT features of 6.7+ */
#define HVABI_KVM_ARM_VCPU_HAS_EL2 7
#define HVABI_KVM_ARM_VCPU_HAS_EL2_E2H0 8

#endif /* HVABI_KVM_UAPI_H */
