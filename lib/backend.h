/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The private seam between the kernel layer and a KVM: the real kernel
 * (kvm-backend.c, the only file that calls ioctl()) or the simulator
 * (lib/sim/). Probe and apply run the same code against either.
 *
 * What a backend needs is here: its operations and the one constructor,
 * hvabi_kvm_new_with_ops(). struct hvabi_kvm itself is the kernel
 * layer's (kvm-handle.h), so no backend fills one in by hand.
 * Private for now; a public form would take the size of the ops struct
 * so that it can grow (docs/design.md, "Simulated kernels and their host").
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

/*
 * Make a KVM handle whose calls go to @ops with @ctx: the only way a
 * struct hvabi_kvm comes to be. @fd is the (real or fake) /dev/kvm fd;
 * with @own_fd the handle closes it through @ops->close on
 * hvabi_kvm_free(). The handle takes over one reference to @ctx, given
 * back through @ops->put when it is freed. On failure it took nothing:
 * the caller still owns @fd and its reference to @ctx.
 * Needs @ops->ioctl and @ops->close; @arch is the KVM's architecture,
 * @origin what hvabi_kvm_probe() records (PROBED, SIMULATED).
 * Returns 0, -EINVAL (NULL @ops or @ret, no ioctl or close operation,
 * @fd < 0, no architecture) or -ENOMEM.
 */
int hvabi_kvm_new_with_ops(const struct hvabi_backend_ops *ops, void *ctx, int fd, bool own_fd,
			   enum hvabi_arch arch, enum hvabi_origin origin,
			   struct hvabi_kvm **ret);

/* The real kernel's operations (kvm-backend.c). */
extern const struct hvabi_backend_ops hvabi_backend_kernel;

/*
 * The real kernel's side of the backend seam, beyond struct
 * hvabi_backend_ops: opening a device node. Only kvm.c uses it; the
 * simulator never does (its fds are not files).
 *
 * Open @path read-write and close-on-exec: the fd, or -errno.
 */
int hvabi_kernel_open(const char *path);

/* Every KVM call of the library goes through here: counts it, retries -EINTR. */
int hvabi_kvm_call(struct hvabi_kvm *kvm, int fd, unsigned long req, void *arg);

/* The architecture this library was built for (the real kernel's). */
enum hvabi_arch hvabi_host_arch(void);

#endif /* HVABI_BACKEND_H */
