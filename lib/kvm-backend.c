/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The real kernel backend: the only file of the project that calls
 * ioctl(). Everything above it sees -errno, never -1 and errno, so the
 * simulator (lib/sim/) can stand in for it with the same contract.
 */

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "backend.h"

static int kernel_ioctl(void *ctx, int fd, unsigned long req, void *arg)
{
	int r;

	(void)ctx;
	/*
	 * A signal arriving while KVM works on a configuration ioctl makes
	 * the call fail with EINTR before it took effect; repeating it is
	 * what every VMM does (the contract: never -EINTR from here).
	 */
	do {
		r = ioctl(fd, req, arg);
	} while (r < 0 && errno == EINTR);
	return r < 0 ? -errno : r;
}

static int kernel_close(void *ctx, int fd)
{
	(void)ctx;
	/*
	 * Linux releases the fd even when close() reports EINTR; repeating
	 * the call could close an fd another thread has just been given.
	 */
	if (close(fd) < 0 && errno != EINTR)
		return -errno;
	return 0;
}

static int kernel_release(void *ctx, char *buf, size_t len)
{
	struct utsname u;
	size_t n;

	(void)ctx;
	if (uname(&u) < 0)
		return -errno;
	n = strnlen(u.release, sizeof(u.release));
	if (n >= len)
		return -ERANGE;
	memcpy(buf, u.release, n);
	buf[n] = '\0';
	return 0;
}

static int kernel_map_run(void *ctx, int vcpu_fd, size_t len, struct hvabi_kvm_run **ret)
{
	void *p;

	(void)ctx;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu_fd, 0);
	if (p == MAP_FAILED)
		return -errno;
	*ret = p;
	return 0;
}

static void kernel_unmap_run(void *ctx, struct hvabi_kvm_run *run, size_t len)
{
	(void)ctx;
	munmap(run, len);
}

int hvabi_kernel_open(const char *path)
{
	int fd;

	do {
		fd = open(path, O_RDWR | O_CLOEXEC);
	} while (fd < 0 && errno == EINTR);
	return fd < 0 ? -errno : fd;
}

const struct hvabi_backend_ops hvabi_backend_kernel = {
	.ioctl = kernel_ioctl,
	.close = kernel_close,
	.release = kernel_release,
	.map_run = kernel_map_run,
	.unmap_run = kernel_unmap_run,
};
