/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The private seam between the kernel layer and a KVM: the real kernel
 * (kvm-ioctl.c, the only file that calls ioctl()) or the simulator
 * (sim*.c). Probe and apply run the same code against either.
 */
#ifndef HVABI_BACKEND_H
#define HVABI_BACKEND_H

#include "internal.h"
#include "kvm-uapi.h"
#include <libhvabi/kvm.h>

struct hvabi_backend_ops {
	/* Issue @req on @fd: >= 0 on success, -errno on failure (never -EINTR for real). */
	int (*ioctl)(void *ctx, int fd, unsigned long req, void *arg);
	/* Close an fd this backend handed out: 0 or -errno. */
	int (*close)(void *ctx, int fd);
	/* The kernel release (uname -r) into @buf: 0 or -errno. */
	int (*release)(void *ctx, char *buf, size_t len);
	/*
	 * Map @len bytes of the vCPU fd's struct kvm_run (what
	 * KVM_GET_VCPU_MMAP_SIZE said) into *@ret: 0 or -errno.
	 */
	int (*map_run)(void *ctx, int vcpu_fd, size_t len, struct hvabi_kvm_run **ret);
	/* Undo map_run(). */
	void (*unmap_run)(void *ctx, struct hvabi_kvm_run *run, size_t len);
	/* hvabi_kvm_free() let go of @ctx (may be NULL: nothing to let go). */
	void (*put)(void *ctx);
};

struct hvabi_kvm {
	const struct hvabi_backend_ops *ops;
	void *ctx;
	int fd;           /* /dev/kvm (real or fake) */
	bool own_fd;      /* close @fd on free */
	enum hvabi_arch arch;
	enum hvabi_origin origin; /* PROBED for the real kernel, SIMULATED for the sim */
	struct hvabi_kvm_stats stats;
};

/* The real kernel's operations (kvm-ioctl.c). */
extern const struct hvabi_backend_ops hvabi_backend_kernel;

/* Every KVM call of the library goes through here: counts it, retries -EINTR. */
int hvabi_kvm_call(struct hvabi_kvm *kvm, int fd, unsigned long req, void *arg);

/* The architecture this library was built for (the real kernel's). */
enum hvabi_arch hvabi_host_arch(void);

#endif /* HVABI_BACKEND_H */
