/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A KVM handle's insides: the kernel layer's (kvm.c, kvm-probe*.c,
 * kvm-apply*.c) and white-box tests'. Backends never include this
 * header: they make a handle with hvabi_kvm_new_with_ops() (backend.h).
 */
#ifndef HVABI_KVM_HANDLE_H
#define HVABI_KVM_HANDLE_H

#include "backend.h"

struct hvabi_kvm {
	const struct hvabi_backend_ops *ops;
	void *ctx;
	int fd;           /* /dev/kvm (real or fake) */
	bool own_fd;      /* close @fd on free */
	enum hvabi_arch arch;
	enum hvabi_origin origin; /* PROBED for the real kernel, SIMULATED for the sim */
	struct hvabi_kvm_stats stats;
};

#endif /* HVABI_KVM_HANDLE_H */
