/* SPDX-License-Identifier: LGPL-2.1-or-later */
/**
 * @file sim.h
 * @brief A simulated KVM for testing ABI policy and restore paths offline.
 *
 * A simulator models one real kernel release (see hvabi_sim_model_name())
 * and answers the same ioctl numbers with the same errnos as that kernel.
 * It hands out fake fds (numbers no real fd uses) and keeps all state in
 * the struct hvabi_sim, so simulators are independent of each other.
 * A VMM's tests call hvabi_sim_ioctl() where the VMM would call ioctl();
 * hvabi_kvm_new_from_sim() gives a struct hvabi_kvm so every kvm.h
 * function runs against the simulator.
 *
 * The umbrella header <libhvabi/hvabi.h> does not include this one: a
 * production VMM never sees the simulator; its tests include
 * <libhvabi/sim.h> themselves.
 */
#ifndef LIBHVABI_SIM_H
#define LIBHVABI_SIM_H

#include <stddef.h>
#include <stdint.h>

#include <libhvabi/featureset.h>
#include <libhvabi/kvm.h>

#ifdef __cplusplus
extern "C" {
#endif

/** @brief An opaque simulated KVM. */
struct hvabi_sim;

/**
 * @brief The name of simulated model number @p index ("arm64-5.10",
 * "arm64-6.1", "arm64-6.12", "arm64-7.2", "riscv-6.6", "riscv-6.12",
 * "riscv-7.2", "x86-6.1", ...).
 * @return the name, or NULL past the last model.
 */
const char *hvabi_sim_model_name(size_t index);

/**
 * @brief Create a simulator of model @p model.
 * @return 0, -EINVAL (NULL argument), -ENOENT (no such model), -ENOMEM.
 */
int hvabi_sim_new(const char *model, struct hvabi_sim **ret);

/**
 * @brief Give up the caller's simulator: it goes, with every fake fd it
 * handed out, once no KVM handle made by hvabi_kvm_new_from_sim() holds
 * it any more (hvabi_kvm_free() of the last one frees it). NULL is a
 * no-op.
 * After the call the caller must not use @p sim.
 */
void hvabi_sim_free(struct hvabi_sim *sim);

/** @brief The simulator's architecture (HVABI_ARCH_NONE for NULL). */
enum hvabi_arch hvabi_sim_get_arch(const struct hvabi_sim *sim);

/** @brief The kernel release the simulator reports (NULL for NULL). */
const char *hvabi_sim_get_release(const struct hvabi_sim *sim);

/**
 * @brief Change a host parameter before the first VM is created: a
 * workaround level (SMCCC_ARCH_WORKAROUND_1..3), an ID register's host
 * value (arm64: also MIDR/REVIDR/AIDR, CTR_EL0, and CLIDR_EL1 and the
 * CCSIDR DEMUX registers of kernels before 6.3, which made them up from
 * CTR_EL0 since), a supported bitmap mask, a capability whose answer is
 * the host's (a HVABI_NS_CAP key: online CPUs, the GIC's vCPU limit, PMU,
 * SVE, pointer authentication...), a CPUID register KVM reports as
 * supported, a feature MSR value.
 * @return 0, -EINVAL (NULL argument, a value the host cannot have), -ENOENT
 *         (the model has no such parameter), -EBUSY (a VM already exists).
 */
int hvabi_sim_set_host(struct hvabi_sim *sim, const struct hvabi_key *key, uint64_t value);

/**
 * @brief Open the simulated /dev/kvm: a fake fd to pass to
 * hvabi_sim_ioctl() where a VMM would open("/dev/kvm") (not a KVM
 * handle: hvabi_kvm_new_from_sim() makes one of those).
 * @return a fake fd (>= 0), -EINVAL or -EMFILE (too many fake fds).
 */
int hvabi_sim_open_kvm_fd(struct hvabi_sim *sim);

/**
 * @brief Issue an ioctl on a fake fd, exactly as the modelled kernel
 * would answer it.
 * @return >= 0 on success (CREATE_VM/VCPU: the new fake fd;
 *         CHECK_EXTENSION: the capability's value), or the kernel's
 *         negative errno; -EBADF for an fd the simulator did not hand out.
 */
int hvabi_sim_ioctl(struct hvabi_sim *sim, int fd, unsigned long request, void *arg);

/**
 * @brief Enter the guest once on a vCPU (what KVM_RUN does first): from
 * now on the VM counts as having run.
 * KVM_RUN through hvabi_sim_ioctl() does the same.
 * @return 0, -EINVAL (NULL @p sim), -EBADF (not a vCPU fd), -ENOEXEC
 *         (arm64: vCPU not initialised), -EPERM (arm64: SVE vCPU not
 *         finalised with KVM_ARM_VCPU_FINALIZE).
 */
int hvabi_sim_run(struct hvabi_sim *sim, int vcpu_fd);

/**
 * @brief The vCPU's struct kvm_run, what mmap() of a real vCPU fd gives
 * (KVM_GET_VCPU_MMAP_SIZE bytes): KVM_RUN fills in its exit. Owned by the
 * simulator, valid while the vCPU's VM exists.
 *
 * The simulator runs a guest only as far as hvabi_kvm_probe()'s guest
 * needs (arm64: MOVZ, MOVK, MRS, MSR CSSELR_EL1, ISB and 64-bit STR from
 * memory given with KVM_SET_USER_MEMORY_REGION; a store outside guest
 * memory exits as KVM_EXIT_MMIO); anything else ends the run with
 * KVM_EXIT_INTERNAL_ERROR. A VM without memory returns from KVM_RUN at
 * once.
 * @return 0, -EINVAL (NULL argument), -EBADF (not an open fd), -ENODEV
 *         (not a vCPU fd), -ENOMEM.
 */
int hvabi_sim_map_run(struct hvabi_sim *sim, int vcpu_fd, void **ret);

/**
 * @brief Close a fake fd (a VM stays alive while its vCPUs are open, as in
 * the kernel).
 * @return 0 or -EBADF.
 */
int hvabi_sim_close(struct hvabi_sim *sim, int fd);

/** @brief Count the fake fds currently open (for leak checks); 0 for NULL. */
size_t hvabi_sim_count_open_fds(const struct hvabi_sim *sim);

/**
 * @brief Make the @p nth following ioctl (1 = the next one) fail with
 * @p error (a negative errno) without reaching the model; 0 disarms.
 * For testing error paths of code that drives the simulator.
 * @return 0 or -EINVAL.
 */
int hvabi_sim_inject_error(struct hvabi_sim *sim, unsigned int nth, int error);

/**
 * @brief Make a KVM handle whose calls go to this simulator, as
 * hvabi_kvm_open() makes one for /dev/kvm (its fd is a fresh fake
 * /dev/kvm fd, closed by hvabi_kvm_free()). The handle holds the
 * simulator: the two may be freed in either order.
 * @return 0, -EINVAL, -EMFILE (too many fake fds) or -ENOMEM.
 */
int hvabi_kvm_new_from_sim(struct hvabi_sim *sim, struct hvabi_kvm **ret);

#ifdef __cplusplus
}
#endif

#endif /* LIBHVABI_SIM_H */
