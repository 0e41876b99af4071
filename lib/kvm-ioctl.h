/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The real kernel's side of the backend seam, beyond struct
 * hvabi_backend_ops: opening a device node. Only kvm.c uses it; the
 * simulator never does (its fds are not files).
 */
#ifndef HVABI_KVM_IOCTL_H
#define HVABI_KVM_IOCTL_H

/* Open @path read-write and close-on-exec: the fd, or -errno. */
int hvabi_kernel_open(const char *path);

#endif /* HVABI_KVM_IOCTL_H */
