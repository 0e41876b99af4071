/* SPDX-License-Identifier: LGPL-2.1-or-later */
/**
 * @file apply.h
 * @brief Applying a set to a VMM's new VM, in the order the kernel needs,
 * and reading it back; restricting a VMM's CPUID table to a set.
 *
 * hvabi_plan_new() reads the destination VM and hvabi_plan_execute()
 * writes it: they talk to KVM through a struct hvabi_kvm (kvm.h), the
 * real one or a simulated one. What they find is a report (negotiate.h).
 */
#ifndef LIBHVABI_APPLY_H
#define LIBHVABI_APPLY_H

#include <stddef.h>
#include <stdint.h>

#include <libhvabi/featureset.h>
#include <libhvabi/kvm.h>
#include <libhvabi/negotiate.h>

#ifdef __cplusplus
extern "C" {
#endif

/** @brief One CPUID leaf as a VMM hands it to KVM_SET_CPUID2 (x86). */
struct hvabi_cpuid_entry {
	uint32_t function;
	uint32_t index;
	uint32_t flags;    /**< KVM_CPUID_FLAG_* (bit 0: the index is significant) */
	uint32_t eax;
	uint32_t ebx;
	uint32_t ecx;
	uint32_t edx;
	uint32_t reserved; /**< must be zero */
};

/**
 * @brief Restrict a VMM's CPUID table to a set, in place: feature bits
 * the set does not offer are cleared, maximum leaves are lowered, exact
 * registers take the set's value, and feature registers the set lacks are
 * turned off. Leaves the set does not name are left as they are. KVM's
 * hypervisor leaves are found by their signature ("KVMKVMKVM" at
 * 0x40000000, or at 0x40000100 behind Hyper-V's); another hypervisor's
 * leaves (Hyper-V's) are left as the VMM made them.
 * @return 0, or -EINVAL (NULL argument with @p n > 0, a non-x86 set, or
 *         non-zero reserved fields).
 */
int hvabi_cpuid_restrict(const struct hvabi_featureset *set, struct hvabi_cpuid_entry *entries,
			 size_t n);

/** @brief Phases of an apply, in the order they run. */
enum hvabi_phase {
	HVABI_PHASE_READ = 0,        /**< read the destination's family members */
	HVABI_PHASE_ID_REGS = 1,     /**< ID registers */
	HVABI_PHASE_FW_VERSIONS = 2, /**< firmware version and level registers */
	HVABI_PHASE_FAMILIES = 3,    /**< register families, every member */
	HVABI_PHASE_VM_ATTRS = 4,    /**< VM attributes (SMCCC filter ranges) */
	HVABI_PHASE_CPUID = 5,       /**< x86: KVM_SET_CPUID2 and its capabilities */
	HVABI_PHASE_VERIFY = 6,      /**< read back on every vCPU and compare */
};

/** @brief What a plan step does. */
enum hvabi_step_op {
	HVABI_STEP_GET_REG = 0,    /**< KVM_GET_ONE_REG (family read) */
	HVABI_STEP_SET_REG = 1,    /**< KVM_SET_ONE_REG */
	HVABI_STEP_SET_ATTR = 2,   /**< KVM_SET_DEVICE_ATTR on the VM fd */
	HVABI_STEP_SET_CPUID = 3,  /**< KVM_SET_CPUID2 */
	HVABI_STEP_ENABLE_CAP = 4, /**< KVM_ENABLE_CAP on a vCPU */
	HVABI_STEP_VERIFY_REG = 5, /**< KVM_GET_ONE_REG and compare */
	HVABI_STEP_VERIFY_CPUID = 6, /**< KVM_GET_CPUID2 and compare */
	HVABI_STEP_SET_MSR = 7,    /**< x86: KVM_SET_MSRS of one feature MSR on a vCPU */
	HVABI_STEP_VERIFY_MSR = 8, /**< x86: KVM_GET_MSRS and compare */
	HVABI_STEP_SET_TSC_KHZ = 9, /**< x86: KVM_SET_TSC_KHZ on a vCPU */
	HVABI_STEP_VERIFY_TSC_KHZ = 10, /**< x86: KVM_GET_TSC_KHZ and compare */
};

/** @brief One step of a plan (strings owned by the plan); a record, read with its size. */
struct hvabi_plan_step {
	uint8_t phase;    /**< enum hvabi_phase */
	uint8_t op;       /**< enum hvabi_step_op */
	uint8_t off;      /**< writes the off value of a family member the set lacks */
	uint8_t reserved;
	int vcpu;         /**< vCPU index, or -1 for the VM fd */
	struct hvabi_key key; /**< the entry (for SET_CPUID: the first leaf) */
	uint64_t value;   /**< value written or expected (range base for SET_ATTR) */
	const char *name; /**< the entry's name */
};

/**
 * @brief Declare options @p name of struct @p type with @c sz set and the
 * other fields zero or as given: HVABI_OPTS(hvabi_apply_opts, o, .apic_ids = ids);
 */
#define HVABI_OPTS(type, name, ...) \
	struct type name = { .sz = sizeof(struct type), __VA_ARGS__ }

/**
 * @brief Options of hvabi_plan_new(): declare them with HVABI_OPTS(), or
 * zero-fill, set @c sz and fill what you need.
 */
struct hvabi_apply_opts {
	/** sizeof(struct hvabi_apply_opts) as the caller knows it: at least
	 *  the fields up to @c ncpuid; fields of a newer header beyond this
	 *  library's must be zero. */
	size_t sz;
	/** x86: the VMM's CPUID table, restricted to the set and set on every
	 *  vCPU; NULL builds the table from the set's own CPUID entries. */
	const struct hvabi_cpuid_entry *cpuid;
	size_t ncpuid;
	/** x86: the APIC id of each vCPU, in the order of @c vcpu_fds (as
	 *  given to KVM_CREATE_VCPU); apply writes it into each vCPU's CPUID
	 *  (1.EBX[31:24], 0xb/0x1f EDX, 0x8000001e EAX); @c nvcpus of them.
	 *  NULL (or a @c sz that ends before it): the vCPU's index. */
	const uint32_t *apic_ids;
};

/** @brief An opaque apply plan. */
struct hvabi_plan;

/**
 * @brief The VM-wide steps KVM allows only before the first vCPU exists:
 * call it after KVM_CREATE_VM and before any KVM_CREATE_VCPU.
 *
 * arm64: a set that tells its guest several CPU implementations (a
 * TARGET_IMPLS list of more than one, hvabi_baseline() of a mixed fleet)
 * pins a MIDR_EL1/REVIDR_EL1/AIDR_EL1 that may not be this host's, which
 * KVM lets a VMM write only with KVM_CAP_ARM_WRITABLE_IMP_ID_REGS (239,
 * Linux 6.15+) enabled on the VM before its vCPUs (kvm_vm_ioctl_enable_cap(),
 * arch/arm64/kvm/arm.c 7.2.8 193-200). This enables it. Without this call
 * hvabi_apply() of such a set reports MIDR_EL1 "refused".
 * Nothing to do (returns 0) for other sets and architectures.
 * @param vm_fd the VM, without vCPUs
 * @return 0, -EINVAL (NULL argument, negative @p vm_fd, a set of another
 *         architecture than @p kvm), -EOPNOTSUPP (the kernel lacks the
 *         capability: check refuses such a host), -EBUSY (the VM already
 *         has vCPUs: KVM refuses the capability then), or another
 *         negative errno of KVM_ENABLE_CAP.
 */
int hvabi_vm_prepare(struct hvabi_kvm *kvm, const struct hvabi_featureset *set, int vm_fd);

/**
 * @brief Answer an SMCCC call KVM forwarded to the VMM (arm64
 * KVM_EXIT_HYPERCALL): DISCOVER_IMPL_VER (HVABI_SMCCC_KVM_DISCOVER_IMPL_VER)
 * and DISCOVER_IMPL_CPUS (HVABI_SMCCC_KVM_DISCOVER_IMPL_CPUS), from the
 * set's implementation list, per Documentation/virt/kvm/arm/hypercalls.rst:
 * VER {0, 0x10000 (version 1.0), count, 0}; CPUS(i) {0, MIDR, REVIDR,
 * AIDR} of member i, or {-3 (INVALID_PARAMETER), 0, 0, 0} for an index
 * past the end (x2 and x3, reserved, are not looked at). A set that does
 * not tell its guest a list (no TARGET_IMPLS entry, or VENDOR_HYP_BMAP_2
 * without bits 0 and 1) answers both with {-1 (NOT_SUPPORTED), 0, 0, 0},
 * as KVM does when nothing forwards them.
 *
 * Pure: for VMMs that keep the vCPU's registers themselves (QEMU: after
 * synchronising the CPU state, with env->xregs). Others use
 * hvabi_kvm_smccc_exit().
 * @param func_id run->hypercall.nr, the guest's w0
 * @param args the guest's x1, x2, x3 (KVM_GET_ONE_REG: KVM leaves
 *        run->hypercall.args zero on arm64)
 * @param ret x0..x3 for the VMM to write back before the next KVM_RUN;
 *        the PC is already past the HVC or SMC
 * @return 0 (@p ret filled), -ENOENT (not a call the library answers:
 *         @p ret untouched, the VMM answers it) or -EINVAL (NULL argument,
 *         a set that is not arm64).
 */
int hvabi_smccc_answer(const struct hvabi_featureset *set, uint32_t func_id,
		       const uint64_t args[3], uint64_t ret[4]);

/**
 * @brief hvabi_smccc_answer() on a vCPU: reads x1..x3 with KVM_GET_ONE_REG,
 * answers, and writes x0..x3 with KVM_SET_ONE_REG. Call it in the KVM_RUN
 * loop on run->exit_reason == KVM_EXIT_HYPERCALL (3), then KVM_RUN again;
 * never move the PC:
 * @code
 * case KVM_EXIT_HYPERCALL:
 *         r = hvabi_kvm_smccc_exit(kvm, set, vcpu_fd, (uint32_t)run->hypercall.nr);
 *         if (r == -ENOENT)
 *                 r = vmm_own_smccc_call(...);  // a call the VMM forwarded for itself
 *         break;
 * @endcode
 * @return 0 (answered), -ENOENT (not a call the library answers; the
 *         registers are untouched), -EINVAL (NULL argument, negative
 *         @p vcpu_fd, a set that is not arm64 or of another architecture
 *         than @p kvm) or the negative errno of a register read or write.
 */
int hvabi_kvm_smccc_exit(struct hvabi_kvm *kvm, const struct hvabi_featureset *set,
			 int vcpu_fd, uint32_t func_id);

/**
 * @brief arm64: the KVM_ARM_VCPU_INIT features (features[0]) a VM of
 * @p set is made with. The order the kernel needs on every vCPU:
 * KVM_ARM_VCPU_INIT with these features (plus POWER_OFF for secondaries
 * the VMM starts off), then hvabi_vcpu_finalize(), then hvabi_apply().
 * A set without a VCPU_FEATURES entry (an older profile) describes vCPUs
 * made with PSCI 0.2 alone.
 * @return 0, -EINVAL (NULL argument, or a set that is not arm64).
 */
int hvabi_vcpu_features(const struct hvabi_featureset *set, uint32_t *ret);

/**
 * @brief arm64: give a vCPU made with hvabi_vcpu_features() the set's SVE
 * vector lengths (KVM_REG_ARM64_SVE_VLS) and finalize it
 * (KVM_ARM_VCPU_FINALIZE), which KVM allows in that order only, and only
 * before it lists the vCPU's registers (hvabi_plan_new() reads the list).
 * Without SVE in the set there is nothing to do. A vCPU the VMM already
 * finalized is accepted when its lengths are the set's.
 * @return 0; -EINVAL (NULL argument, negative fd, a set that is not
 *         arm64, or one with SVE and no SVE_VQS entry); -ENOENT (the set
 *         has SVE, the vCPU does not); -EBUSY (finalized already, with
 *         other lengths); or the kernel's errno: of KVM_SET_ONE_REG
 *         (EINVAL: lengths this host cannot give) or of
 *         KVM_ARM_VCPU_FINALIZE.
 */
int hvabi_vcpu_finalize(struct hvabi_kvm *kvm, const struct hvabi_featureset *set, int vcpu_fd);

/**
 * @brief Plan writing @p set to a VMM's new VM (before its first KVM_RUN).
 *
 * Reads the destination's register list (nothing is written). The plan
 * orders ID registers, firmware version registers, each register family
 * (every member the destination has: the set's value, or the member's off
 * value when the set lacks it), VM attributes, then a read-back of
 * everything on every vCPU. VM-scoped entries are written once.
 * arm64: a set with a VCPU_FEATURES entry is checked against what vCPU 0
 * shows of its features (and, with SVE, its lengths); a difference is a
 * "not-kept" item of the execute report (the VMM passed KVM_ARM_VCPU_INIT
 * other features than hvabi_vcpu_features()).
 * @param vcpu_fds the VM's vCPUs, initialised (arm64: KVM_ARM_VCPU_INIT,
 *        and with SVE finalized: hvabi_vcpu_finalize())
 * @param opts may be NULL
 * @return 0, -EINVAL (NULL argument, nvcpus 0, a set of another
 *         architecture than @p kvm; opts with a @c sz too small or non-zero
 *         fields this library does not know, a @c cpuid table of
 *         @c ncpuid entries missing or too large, @c cpuid or @c apic_ids
 *         for a set that is not x86), -ENOMEM, or the negative errno of
 *         the read that failed.
 */
int hvabi_plan_new(struct hvabi_kvm *kvm, const struct hvabi_featureset *set, int vm_fd,
		   const int *vcpu_fds, size_t nvcpus, const struct hvabi_apply_opts *opts,
		   struct hvabi_plan **ret);

/** @brief Free a plan. NULL is a no-op. */
void hvabi_plan_free(struct hvabi_plan *plan);

/** @brief Number of steps (0 for NULL). */
size_t hvabi_plan_count(const struct hvabi_plan *plan);

/**
 * @brief Read step @p index.
 * @param ret_sz sizeof(*ret) as the caller knows it
 * @return 0, -EINVAL (NULL argument, @p ret_sz smaller than the first
 *         release's record) or -ENOENT (out of range).
 */
int hvabi_plan_get_step(const struct hvabi_plan *plan, size_t index,
			struct hvabi_plan_step *ret, size_t ret_sz);

/**
 * @brief The plan as text, one step per line ("families set-reg VENDOR_HYP_BMAP_2 ... = 0x0 (off)").
 * @return 0, -EINVAL or -ERANGE (as hvabi_report_to_text).
 */
int hvabi_plan_to_text(const struct hvabi_plan *plan, char *buf, size_t *len);

/**
 * @brief hvabi_plan_to_text() into memory the library allocates.
 * @param[out] ret the NUL-terminated text, to be released with free()
 * @return 0, -EINVAL (NULL argument) or -ENOMEM.
 */
int hvabi_plan_to_text_alloc(const struct hvabi_plan *plan, char **ret);

/**
 * @brief Run a plan once: the writes, then the read-back.
 *
 * A write the kernel refuses stops the writes (the report names the entry,
 * the value and the errno; later entries are "not-verified"), except EBUSY
 * (the VM has run): those are reported as "busy" and the writes go on, so
 * the report lists everything that could not be changed. A write the
 * kernel accepted but did not keep is "not-kept" ("not-pinnable" for
 * levels, which the kernel never stores). Only entries read back equal on
 * every vCPU are "written".
 * @param[out] report may be NULL
 * @return 0 when every entry was verified, the negative errno of the
 *         first refused write, -EBUSY when only busy entries failed, -EIO
 *         when a write was not kept, -EINVAL (NULL plan, or a plan run
 *         twice), -ENOMEM.
 */
int hvabi_plan_execute(struct hvabi_plan *plan, struct hvabi_report **report);

/**
 * @brief hvabi_plan_new() then hvabi_plan_execute().
 * @return as hvabi_plan_new() and hvabi_plan_execute().
 */
int hvabi_apply(struct hvabi_kvm *kvm, const struct hvabi_featureset *set, int vm_fd,
		const int *vcpu_fds, size_t nvcpus, const struct hvabi_apply_opts *opts,
		struct hvabi_report **report);

#ifdef __cplusplus
}
#endif

#endif /* LIBHVABI_APPLY_H */
