/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What kraw (arm64), kraw-x86 and kraw-riscv share: the one switch between
 * the real kernel and the simulated one (-DKRAW_SIM, seeded from a file
 * hostseed.h reads), and the errno names their lines print. Included once
 * by each program, after <errno.h>, <fcntl.h>, <stdio.h>, <stdlib.h>,
 * <string.h>, <unistd.h>, <sys/ioctl.h> and, for the simulated build,
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
	const char *model;
	char buf[64];
	int r;

	if (argc < 2) {
		printf("usage: " KRAW_PROG "-sim MODEL [SEEDFILE]\n");
		exit(2);
	}
	model = hostseed_model(argv[1], buf, sizeof(buf));
	r = hvabi_sim_new(model, &sim);
	if (r < 0) {
		printf("error hvabi_sim_new %s: %s\n", model, strerror(-r));
		exit(2);
	}
	printf("sim %s release %s\n", model, hvabi_sim_get_release(sim));
	if (argc > 2) {
		r = hostseed_apply(sim, argv[2], stdout);
		if (r < 0) {
			printf("error seed %s: %s\n", argv[2], strerror(-r));
			exit(2);
		}
		printf("# seeded %d host values from %s\n", r, argv[2]);
	}
	r = hvabi_sim_open(sim);
	if (r < 0)
		errno = -r;
	return r < 0 ? -1 : r;
#else
	(void)argc;
	(void)argv;
	return open("/dev/kvm", O_RDWR | O_CLOEXEC);
#endif
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
