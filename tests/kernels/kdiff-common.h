/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What kdiff (arm64) and kdiff-x86 share: the one switch between the real
 * kernel and the simulated one (-DKDIFF_SIM), and the step line both print
 * so that kdiff-compare.awk can put the two runs side by side. Included
 * once by each program, after <errno.h>, <fcntl.h>, <stdarg.h>,
 * <stdbool.h>, <stdint.h>, <stdio.h>, <stdlib.h>, <string.h>,
 * <sys/ioctl.h>, <unistd.h> and, for the simulated build,
 * <libhvabi/sim.h> and "hostseed.h".
 */
#ifndef HVABI_KDIFF_COMMON_H
#define HVABI_KDIFF_COMMON_H

#ifdef KDIFF_SIM
static struct hvabi_sim *sim;

static int sim_ioctl(int fd, unsigned long req, void *arg)
{
	return hvabi_sim_ioctl(sim, fd, req, arg);
}

static int sim_close(int fd)
{
	return hvabi_sim_close(sim, fd);
}
#else
static int real_ioctl(int fd, unsigned long req, void *arg)
{
	int r;

	do
		r = ioctl(fd, req, arg);
	while (r < 0 && errno == EINTR);
	return r < 0 ? -errno : r;
}

static int real_close(int fd)
{
	return close(fd) < 0 ? -errno : 0;
}
#endif

/* The one switch between the two builds: -errno or the ioctl's result. */
static int (*do_ioctl)(int fd, unsigned long req, void *arg);
static int (*do_close)(int fd);

/*
 * /dev/kvm, or (-DKDIFF_SIM) the simulated model argv[1] seeded from
 * argv[2] (optional): the system fd, or -errno. @prog names the program
 * in its usage line; a bad model or seed exits 2.
 */
static int kdiff_open(int argc, char **argv, const char *prog)
{
#ifdef KDIFF_SIM
	if (argc < 2) {
		printf("usage: %s-sim MODEL [SEEDFILE]\n", prog);
		exit(2);
	}
	if (hostseed_sim(argv[1], argc > 2 ? argv[2] : NULL, &sim, stdout) < 0)
		exit(2);
	do_ioctl = sim_ioctl;
	do_close = sim_close;
	return hvabi_sim_open_kvm_fd(sim);
#else
	int fd;

	(void)argc;
	(void)argv;
	(void)prog;
	do_ioctl = real_ioctl;
	do_close = real_close;
	fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
#endif
}

/* ---------------------------------------------------------------- steps */

static unsigned int nsteps;

static const char *errname(int e)
{
	switch (e) {
	case 0: return "0";
	case ENOENT: return "ENOENT";
	case EINVAL: return "EINVAL";
	case EPERM: return "EPERM";
	case EBUSY: return "EBUSY";
	case E2BIG: return "E2BIG";
	case ENXIO: return "ENXIO";
	case ENOTTY: return "ENOTTY";
	case EFAULT: return "EFAULT";
	case ENOEXEC: return "ENOEXEC";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case ENODEV: return "ENODEV";
	case EEXIST: return "EEXIST";
	case EACCES: return "EACCES";
	case ENOMEM: return "ENOMEM";
	case EBADF: return "EBADF";
	case ERANGE: return "ERANGE";
	case ENOSPC: return "ENOSPC";
	default: return "E?";
	}
}

static void step(const char *ioctl_name, int rc, bool has_value, uint64_t value,
		 const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* One line: "<name> rc=<rc> value=<value> ioctl=<ioctl>". */
static void step(const char *ioctl_name, int rc, bool has_value, uint64_t value,
		 const char *fmt, ...)
{
	char name[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	for (char *p = name; *p; p++)
		if (*p == ' ')
			*p = '_';
	if (rc < 0)
		printf("%s rc=%s", name, errname(-rc));
	else
		printf("%s rc=0", name);
	if (has_value)
		printf(" value=0x%" PRIx64, value);
	else
		printf(" value=-");
	printf(" ioctl=%s\n", ioctl_name);
	nsteps++;
}

#endif
