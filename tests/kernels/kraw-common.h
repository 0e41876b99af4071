/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What kraw (arm64), kraw-x86 and kraw-riscv share: the one switch between
 * the real kernel and the simulated one (-DKRAW_SIM, seeded from a file
 * hostseed.h reads), and the errno names their lines print. Included once
 * by each program, after <errno.h>, <fcntl.h>, <stdint.h>, <stdio.h>,
 * <stdlib.h>, <string.h>, <unistd.h>, <sys/ioctl.h>, <linux/kvm.h> and, for the simulated build,
 * <libhvabi/sim.h> and "hostseed.h"; KRAW_PROG names the program in its
 * usage line.
 */
#ifndef HVABI_KRAW_COMMON_H
#define HVABI_KRAW_COMMON_H

#ifdef KRAW_SIM
static struct hvabi_sim *sim;
#endif

static const char *errname(int e)
{
	switch (e) {
	case ENOENT: return "ENOENT";
	case EINVAL: return "EINVAL";
	case EPERM: return "EPERM";
	case EBUSY: return "EBUSY";
	case E2BIG: return "E2BIG";
	case ENXIO: return "ENXIO";
	case ENOTTY: return "ENOTTY";
	case EFAULT: return "EFAULT";
	case ENOMEM: return "ENOMEM";
	case ENOEXEC: return "ENOEXEC";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case ENODEV: return "ENODEV";
	case EACCES: return "EACCES";
	case EIO: return "EIO";
	default: return "E?";
	}
}

/* ioctl(2) on the kernel, or the simulated kernel's answer as ioctl(2) gives it. */
static int xioctl(int fd, unsigned long req, void *arg)
{
	int r;

#ifdef KRAW_SIM
	r = hvabi_sim_ioctl(sim, fd, req, arg);
	if (r < 0) {
		errno = -r;
		r = -1;
	}
#else
	do
		r = ioctl(fd, req, arg);
	while (r < 0 && errno == EINTR);
#endif
	return r;
}

/* /dev/kvm, or the simulated model argv[1] seeded from argv[2] (optional). */
static int open_kvm(int argc, char **argv)
{
#ifdef KRAW_SIM
	int r;

	if (argc < 2) {
		printf("usage: " KRAW_PROG "-sim MODEL [SEEDFILE]\n");
		exit(2);
	}
	if (hostseed_sim(argv[1], argc > 2 ? argv[2] : NULL, &sim, stdout) < 0)
		exit(2);
	r = hvabi_sim_open_kvm_fd(sim);
	if (r < 0)
		errno = -r;
	return r < 0 ? -1 : r;
#else
	(void)argc;
	(void)argv;
	return open("/dev/kvm", O_RDWR | O_CLOEXEC);
#endif
}

/* Every capability up to this number is asked for. */
#define KRAW_MAX_CAP	320

/*
 * KVM_CHECK_EXTENSION of @cap on /dev/kvm and on the VM, answers in @s
 * and @v (negative: -errno), printed as "cap N sys S vm V" where either
 * is non-zero or @always.
 */
static void kraw_cap(int kvm, int vm, int cap, int always, int *s, int *v)
{
	*s = xioctl(kvm, KVM_CHECK_EXTENSION, (void *)(uintptr_t)cap);
	if (*s < 0)
		*s = -errno;
	*v = xioctl(vm, KVM_CHECK_EXTENSION, (void *)(uintptr_t)cap);
	if (*v < 0)
		*v = -errno;
	if (*s || *v || always)
		printf("cap %d sys %d vm %d\n", cap, *s, *v);
}

/* Whether @cap is one of the @n in @list. */
static int kraw_listed(int cap, const int *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (list[i] == cap)
			return 1;
	return 0;
}

static void xclose(int fd)
{
#ifdef KRAW_SIM
	hvabi_sim_close(sim, fd);
#else
	close(fd);
#endif
}

/* At the end of main(). */
static void kraw_done(void)
{
#ifdef KRAW_SIM
	hvabi_sim_free(sim);
#endif
}

#endif
