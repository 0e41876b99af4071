/* SPDX-License-Identifier: LGPL-2.1-or-later */
/**
 * @file kvm.h
 * @brief The kernel layer: everything declared here talks to KVM, the real
 * one or the simulated one (see sim.h), through the same code paths.
 *
 * A struct hvabi_kvm is a handle on one KVM: /dev/kvm, or a simulated
 * kernel. Functions taking a VM or vCPU fd interpret it in that KVM (a
 * simulated KVM's fds are its own fake numbers).
 */
#ifndef LIBHVABI_KVM_H
#define LIBHVABI_KVM_H

#include <stddef.h>
#include <stdint.h>

#include <libhvabi/featureset.h>

#ifdef __cplusplus
extern "C" {
#endif

/** @brief A handle on one KVM (real or simulated). */
struct hvabi_kvm;

/**
 * @brief Open a KVM device node (this host's real KVM).
 * @param path the device, or NULL for "/dev/kvm"
 * @param flags must be 0
 * @param[out] ret the handle; hvabi_kvm_free() closes the device
 * @return 0, -EINVAL (bad flags or NULL @p ret), -ENOENT (no such device),
 *         -EACCES or -EPERM (not permitted), -ENOTTY (not a KVM device, or
 *         an API version other than 12), -ENOMEM, -EOPNOTSUPP (the library
 *         was built for an architecture it has no KVM support for), or
 *         another errno of open(2).
 */
int hvabi_kvm_open(const char *path, unsigned int flags, struct hvabi_kvm **ret);

/**
 * @brief Wrap a /dev/kvm fd the caller already has; the caller keeps it.
 * @param flags must be 0
 * @return 0, -EINVAL (negative fd, bad flags, NULL @p ret), -EBADF,
 *         -ENOTTY (not a KVM fd), -ENOMEM, -EOPNOTSUPP (as hvabi_kvm_open()).
 */
int hvabi_kvm_new_from_fd(int fd, unsigned int flags, struct hvabi_kvm **ret);

/** @brief Free a handle (closing the device if hvabi_kvm_open opened it). NULL is a no-op. */
void hvabi_kvm_free(struct hvabi_kvm *kvm);

/** @brief The architecture of the KVM behind the handle (HVABI_ARCH_NONE for NULL). */
enum hvabi_arch hvabi_kvm_get_arch(const struct hvabi_kvm *kvm);

/** @brief The /dev/kvm fd of the handle (a fake fd for a simulated KVM), -1 for NULL. */
int hvabi_kvm_get_fd(const struct hvabi_kvm *kvm);

/**
 * @brief Probe the host: create a scratch VM (and vCPU), read every
 * catalogued and listed entry with its host facts (defaults, accepted
 * ranges, supported masks, writable masks), the capabilities and the
 * kernel release; close everything it opened.
 *
 * Capabilities are those the catalogue lists plus those the probe relies
 * on; a 0 answer is recorded too (KVM answers 0 for capabilities it does
 * not know, so 0 and "absent" are one fact). x86: where KVM_ENABLE_CAP of
 * KVM_CAP_HYPERV_ENLIGHTENED_VMCS (163) succeeds on a scratch vCPU, that
 * entry's value is the eVMCS version range KVM reports, (max << 8) | min.
 *
 * With HVABI_PROBE_GUEST_READS (arm64, riscv) the probe also runs a
 * guest of a few instructions on a second scratch VM (64 KiB of memory at
 * HVABI_PROBE_GUEST_GPA, one vCPU, no interrupt controller) that reads
 * what a guest sees without asking KVM or where KVM may let it see the
 * CPU's own value. arm64: CNTFRQ_EL0, DCZID_EL0, CTR_EL0, CLIDR_EL1,
 * CCSIDR_EL1 of every cache the vCPU's CLIDR_EL1 describes, MIDR_EL1,
 * REVIDR_EL1 and AIDR_EL1 (any exception ends the run with -EIO). riscv:
 * the SBI base extension's answers (spec and implementation version and
 * id, mvendorid, marchid, mimpid) and probe_extension of every extension.
 * Each value leaves the guest as a store KVM hands back as
 * KVM_EXIT_MMIO; the profile records it as an HVABI_NS_GUEST_READ entry,
 * which hvabi_check() and hvabi_baseline() compare.
 * @param flags 0, HVABI_PROBE_GUEST_READS, HVABI_PROBE_VCPU_FEATURES()
 * @param[out] ret the host profile (origin probed, or simulated)
 * @return 0, -EINVAL (NULL argument or unknown flag), -EOPNOTSUPP
 *         (HVABI_PROBE_GUEST_READS on x86, vCPU features on a KVM that is
 *         not arm64, HVABI_PROBE_GUEST_READS with EL1_32BIT, whose vCPU
 *         cannot run the A64 program), -ENOMEM, the kernel's -EINVAL or
 *         -ENOENT (a feature bit it does not know) when KVM refuses the
 *         features,
 *         or the negative errno of the KVM call that failed (the profile
 *         is then not returned); -E2BIG when a list KVM sizes keeps
 *         growing past the library's bounds, -EIO when KVM answers
 *         outside its ABI (e.g. reads more MSRs than asked, or the guest
 *         leaves with an exit it has no reason to make).
 */
int hvabi_kvm_probe(struct hvabi_kvm *kvm, unsigned int flags, struct hvabi_featureset **ret);

/** @brief hvabi_kvm_probe() flag: also record what a guest reads (arm64, riscv). */
#define HVABI_PROBE_GUEST_READS 0x1u
/**
 * @brief hvabi_kvm_probe() flags (arm64): the profile describes vCPUs made
 * with these KVM_ARM_VCPU_INIT features besides PSCI 0.2 (bits 1-8 of
 * features[0], e.g. 1u << KVM_ARM_VCPU_SVE): its ID registers are such a
 * vCPU's, its VCPU_FEATURES value says them, an SVE vCPU is finalized
 * with the host's lengths before its registers are read.
 */
#define HVABI_PROBE_VCPU_FEATURES(f) (((unsigned int)(f) & 0x1feu) << 8)
/** @brief The features HVABI_PROBE_VCPU_FEATURES() put in @p flags. */
#define HVABI_PROBE_FEATURES_OF(flags) (((unsigned int)(flags) >> 8) & 0x1feu)
/** @brief Guest-physical address of the guest-read step's memory. */
#define HVABI_PROBE_GUEST_GPA 0x80000000ull
/** @brief Guest-physical address of its report window (never memory: each store exits). */
#define HVABI_PROBE_GUEST_WINDOW 0x90000000ull

/**
 * @brief Read the set a VMM's existing VM currently exposes (vCPUs must be
 * initialised).
 *
 * The entries a probe finds, with values only (no host facts: finding
 * those means writing), read without writing anything; nothing is closed.
 * Per-vCPU entries are vCPU 0's. VM-wide registers are read on every vCPU
 * and must agree. The SMCCC filter is write-only in KVM and is left out.
 * x86: the vCPUs' TSC rate (KVM_GET_TSC_KHZ) is read on every vCPU and
 * must agree; it is the rate a guest with invtsc keeps.
 * @param vcpu_fds the VM's vCPU fds; @p nvcpus > 0
 * @param flags must be 0
 * @return 0, -EINVAL, -ENOMEM or the negative errno of the failing call;
 *         -EIO when a VM-wide register (x86: the TSC rate) reads
 *         differently on two vCPUs (fds of different VMs), or KVM answers
 *         outside its ABI.
 */
int hvabi_kvm_read_vm(struct hvabi_kvm *kvm, int vm_fd, const int *vcpu_fds, size_t nvcpus,
		      unsigned int flags, struct hvabi_featureset **ret);

/**
 * @brief Make a VM ready for hvabi_apply() of @p set, in the order KVM
 * needs: KVM_CREATE_VM (type 0); hvabi_vm_prepare() (arm64: cap 239 for
 * a set that shows another CPU, before any vCPU); vCPUs 0..nvcpus-1, on
 * arm64 each initialised with KVM_ARM_PREFERRED_TARGET and the set's
 * features (hvabi_vcpu_features()) and finalized with its SVE lengths
 * (hvabi_vcpu_finalize()). Without a set: a scratch VM whose arm64 vCPUs
 * have PSCI 0.2 alone, as the probe's. On failure everything created is
 * closed again.
 * @param set may be NULL
 * @param nvcpus 1 to 1024
 * @param[out] vcpu_fds room for @p nvcpus fds
 * @return 0, -EINVAL (NULL argument, bad @p nvcpus, a set of another
 *         architecture), or the failing step's negative errno
 *         (hvabi_vm_prepare()'s -EOPNOTSUPP where the kernel cannot show
 *         another CPU; arm64: EINVAL for features this host does not
 *         take). The fds are the caller's: close them with
 *         hvabi_kvm_close_fd(), which knows a real fd from a simulated one.
 */
int hvabi_kvm_create_vm(struct hvabi_kvm *kvm, const struct hvabi_featureset *set,
			size_t nvcpus, int *vm_fd, int *vcpu_fds);

/**
 * @brief Close a VM or vCPU fd of the KVM behind the handle (such as
 * hvabi_kvm_create_vm() makes), whichever KVM that is: close(2) for a
 * real one, the simulator's own close for a simulated one, so that the
 * caller need not know which. Not the handle's own fd
 * (hvabi_kvm_get_fd()), which hvabi_kvm_free() closes.
 * @return 0, -EINVAL (NULL @p kvm, negative @p fd) or the close's
 *         negative errno (-EBADF: not an open fd).
 */
int hvabi_kvm_close_fd(struct hvabi_kvm *kvm, int fd);

/**
 * @brief Counts of the KVM calls a handle has issued (for economy checks);
 * a record: read it with hvabi_kvm_get_stats(kvm, &stats, sizeof(stats)).
 */
struct hvabi_kvm_stats {
	uint64_t ioctls;      /**< every ioctl issued */
	uint64_t get_one_reg; /**< KVM_GET_ONE_REG */
	uint64_t set_one_reg; /**< KVM_SET_ONE_REG */
	uint64_t device_attr; /**< KVM_{HAS,GET,SET}_DEVICE_ATTR */
	uint64_t retries;     /**< calls repeated after EINTR */
};

/**
 * @brief Read a handle's call counts.
 * @param ret_sz sizeof(*ret) as the caller knows it (what both know is
 *        filled, the rest zeroed: the record may grow)
 * @return 0 or -EINVAL (NULL argument, @p ret_sz smaller than the first
 *         release's record).
 */
int hvabi_kvm_get_stats(const struct hvabi_kvm *kvm, struct hvabi_kvm_stats *ret, size_t ret_sz);

/**
 * @brief Zero a handle's call counts.
 * @return 0 or -EINVAL (NULL @p kvm).
 */
int hvabi_kvm_reset_stats(struct hvabi_kvm *kvm);

#ifdef __cplusplus
}
#endif

#endif /* LIBHVABI_KVM_H */
