/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * KVM handles: opening /dev/kvm (or wrapping a caller's fd), and the one
 * funnel every KVM call of the library goes through, real or simulated.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libhvabi/apply.h>

#include "kvm-handle.h"
#include "kvm-uapi.h"

/* The only KVM API version there has ever been since Linux 2.6.22. */
#define KVM_API_VERSION 12

/*
 * How often a call that failed with EINTR is repeated. The real backend
 * already retries; the bound is for backends that hand EINTR up (the
 * simulator's injected errors, a test's fake), so that a backend which
 * answers EINTR forever cannot hang the caller.
 */
#define KVM_EINTR_RETRIES 64

enum hvabi_arch hvabi_host_arch(void)
{
	/* The one place the build architecture matters: which KVM /dev/kvm is. */
#if defined(__aarch64__)
	return HVABI_ARCH_ARM64;
#elif defined(__x86_64__)
	return HVABI_ARCH_X86_64;
#elif defined(__riscv) && __riscv_xlen == 64
	return HVABI_ARCH_RISCV64;
#else
	return HVABI_ARCH_NONE;
#endif
}

static void count_call(struct hvabi_kvm_stats *s, unsigned long req)
{
	s->ioctls++;
	switch (req) {
	case HVABI_KVM_GET_ONE_REG:
		s->get_one_reg++;
		break;
	case HVABI_KVM_SET_ONE_REG:
		s->set_one_reg++;
		break;
	case HVABI_KVM_HAS_DEVICE_ATTR:
	case HVABI_KVM_GET_DEVICE_ATTR:
	case HVABI_KVM_SET_DEVICE_ATTR:
		s->device_attr++;
		break;
	default:
		break;
	}
}

int hvabi_kvm_call(struct hvabi_kvm *kvm, int fd, unsigned long req, void *arg)
{
	unsigned int retries = 0;
	int r;

	if (!kvm || !kvm->ops || !kvm->ops->ioctl)
		return -EINVAL;
	for (;;) {
		count_call(&kvm->stats, req);
		r = kvm->ops->ioctl(kvm->ctx, fd, req, arg);
		if (r != -EINTR || retries == KVM_EINTR_RETRIES)
			return r;
		retries++;
		kvm->stats.retries++;
	}
}

HVABI_EXPORT int hvabi_kvm_close_fd(struct hvabi_kvm *kvm, int fd)
{
	if (!kvm || !kvm->ops || !kvm->ops->close || fd < 0)
		return -EINVAL;
	return kvm->ops->close(kvm->ctx, fd);
}

/* Whether @fd answers as a KVM system fd: 0, -EBADF or -ENOTTY. */
static int check_api_version(struct hvabi_kvm *kvm)
{
	int r = hvabi_kvm_call(kvm, kvm->fd, HVABI_KVM_GET_API_VERSION, NULL);

	if (r == -EBADF)
		return r;
	/*
	 * Any other failure means the fd is not KVM's: regular files and
	 * most devices say ENOTTY, a few drivers EINVAL.
	 */
	if (r != KVM_API_VERSION)
		return -ENOTTY;
	return 0;
}

int hvabi_kvm_new_with_ops(const struct hvabi_backend_ops *ops, void *ctx, int fd, bool own_fd,
			   enum hvabi_arch arch, enum hvabi_origin origin,
			   struct hvabi_kvm **ret)
{
	struct hvabi_kvm *kvm;

	if (!ops || !ops->ioctl || !ops->close || fd < 0 || arch == HVABI_ARCH_NONE || !ret)
		return -EINVAL;
	kvm = calloc(1, sizeof(*kvm));
	if (!kvm)
		return -ENOMEM;
	kvm->ops = ops;
	kvm->ctx = ctx;
	kvm->fd = fd;
	kvm->own_fd = own_fd;
	kvm->arch = arch;
	kvm->origin = origin;
	*ret = kvm;
	return 0;
}

static int kvm_new(int fd, bool own_fd, struct hvabi_kvm **ret)
{
	struct hvabi_kvm *kvm;
	int r;

	r = hvabi_kvm_new_with_ops(&hvabi_backend_kernel, NULL, fd, own_fd, hvabi_host_arch(),
				   HVABI_ORIGIN_PROBED, &kvm);
	if (r)
		return r;
	r = check_api_version(kvm);
	if (r) {
		/* The caller closes an fd it gave us; ours is closed by our caller. */
		free(kvm);
		return r;
	}
	*ret = kvm;
	return 0;
}

HVABI_EXPORT int hvabi_kvm_open(const char *path, unsigned int flags,
				struct hvabi_kvm **ret)
{
	int fd, r;

	if (flags || !ret)
		return -EINVAL;
	if (hvabi_host_arch() == HVABI_ARCH_NONE)
		return -EOPNOTSUPP;
	fd = hvabi_kernel_open(path ? path : "/dev/kvm");
	if (fd < 0)
		return fd;
	r = kvm_new(fd, true, ret);
	if (r)
		hvabi_backend_kernel.close(NULL, fd);
	return r;
}

HVABI_EXPORT int hvabi_kvm_new_from_fd(int fd, unsigned int flags, struct hvabi_kvm **ret)
{
	if (fd < 0 || flags || !ret)
		return -EINVAL;
	if (hvabi_host_arch() == HVABI_ARCH_NONE)
		return -EOPNOTSUPP;
	return kvm_new(fd, false, ret);
}

HVABI_EXPORT void hvabi_kvm_free(struct hvabi_kvm *kvm)
{
	if (!kvm)
		return;
	/* Nothing useful can be done about a failing close while freeing. */
	if (kvm->own_fd && kvm->fd >= 0)
		hvabi_kvm_close_fd(kvm, kvm->fd);
	if (kvm->ops && kvm->ops->put)
		kvm->ops->put(kvm->ctx);
	free(kvm);
}

HVABI_EXPORT enum hvabi_arch hvabi_kvm_get_arch(const struct hvabi_kvm *kvm)
{
	return kvm ? kvm->arch : HVABI_ARCH_NONE;
}

HVABI_EXPORT int hvabi_kvm_get_fd(const struct hvabi_kvm *kvm)
{
	return kvm ? kvm->fd : -1;
}

HVABI_EXPORT int hvabi_kvm_get_stats(const struct hvabi_kvm *kvm, struct hvabi_kvm_stats *ret,
				     size_t ret_sz)
{
	if (!kvm)
		return -EINVAL;
	return hvabi_copy_out(ret, ret_sz, &kvm->stats, sizeof(kvm->stats),
			      hvabi_offsetofend(struct hvabi_kvm_stats, retries));
}

HVABI_EXPORT int hvabi_kvm_reset_stats(struct hvabi_kvm *kvm)
{
	struct hvabi_kvm_stats zero = { 0, 0, 0, 0, 0 };

	if (!kvm)
		return -EINVAL;
	kvm->stats = zero;
	return 0;
}

HVABI_EXPORT int hvabi_kvm_create_vm(struct hvabi_kvm *kvm, const struct hvabi_featureset *set,
				     size_t nvcpus, int *vm_fd, int *vcpu_fds)
{
	struct hvabi_kvm_vcpu_init init;
	uint32_t features = 0;
	size_t i, made = 0;
	int vm, r = 0;

	if (!kvm || !nvcpus || nvcpus > 1024 || !vm_fd || !vcpu_fds ||
	    (set && hvabi_featureset_get_arch(set) != kvm->arch))
		return -EINVAL;
	if (set && kvm->arch == HVABI_ARCH_ARM64 && hvabi_vcpu_features(set, &features))
		return -EINVAL;
	vm = hvabi_kvm_call(kvm, kvm->fd, HVABI_KVM_CREATE_VM, (void *)(uintptr_t)0);
	if (vm < 0)
		return vm;
	/* VM-wide steps KVM takes only before the first vCPU */
	if (set)
		r = hvabi_vm_prepare(kvm, set, vm);
	memset(&init, 0, sizeof(init));
	if (!r && kvm->arch == HVABI_ARCH_ARM64) {
		r = hvabi_kvm_call(kvm, vm, HVABI_KVM_ARM_PREFERRED_TARGET, &init);
		/* PSCI 0.2+ always, as the probe's scratch vCPU. */
		memset(init.features, 0, sizeof(init.features));
		init.features[0] = features | 1u << HVABI_KVM_ARM_VCPU_PSCI_0_2;
	}
	for (i = 0; !r && i < nvcpus; i++) {
		r = hvabi_kvm_call(kvm, vm, HVABI_KVM_CREATE_VCPU, (void *)(uintptr_t)i);
		if (r < 0)
			break;
		vcpu_fds[made++] = r;
		r = 0;
		if (kvm->arch == HVABI_ARCH_ARM64)
			r = hvabi_kvm_call(kvm, vcpu_fds[i], HVABI_KVM_ARM_VCPU_INIT, &init);
		if (!r && set && kvm->arch == HVABI_ARCH_ARM64)
			r = hvabi_vcpu_finalize(kvm, set, vcpu_fds[i]);
	}
	if (r < 0) {
		while (made)
			hvabi_kvm_close_fd(kvm, vcpu_fds[--made]);
		hvabi_kvm_close_fd(kvm, vm);
		return r;
	}
	*vm_fd = vm;
	return 0;
}
