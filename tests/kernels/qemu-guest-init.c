/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * /init of the Linux guest that run-qemu.sh boots under QEMU with -accel
 * kvm inside each kernel of the lab: prints what Linux learned at boot
 * about its hypervisor, then keeps running and shows that the SMCCC TRNG
 * and the KVM PTP clock still answer.
 *
 *	GUEST: <line>	the ABI as the guest kernel saw it at boot: its psci,
 *			SMCCC and "hypervisor services" lines (timestamps
 *			removed), cpuinfo Features, MIDR_EL1 and REVIDR_EL1
 *			from sysfs, whether the TRNG and the PTP clock exist
 *	=== GUEST-READY	after the GUEST lines
 *	alive <n> up=<s> trng=<ok|absent|error> ptp=<ok|absent|error>
 *			every second: up is CLOCK_MONOTONIC (a jump shows a
 *			restore that lost time), trng reads 8 bytes from
 *			/dev/hwrng (arm_smccc_trng: an SMCCC TRNG_RND64 call),
 *			ptp asks /dev/ptp0 for PTP_SYS_OFFSET_PRECISE (a KVM
 *			PTP hypercall)
 *
 * With "oneshot" on the kernel command line (the kernel passes the word to
 * /init as an argument) it also prints the errata and features the kernel
 * detected ("CPU features: detected: ..." klog lines, which the target
 * implementation list of DISCOVER_IMPL changes) and the CPU implementer and
 * part of /proc/cpuinfo, then "=== GUEST-DONE", and powers the VM off
 * instead of running on: run-qemu.sh's implementation-list phase.
 *
 * Build (static aarch64): aarch64-linux-gnu-gcc -std=c11 -D_GNU_SOURCE -static -O2 -o init
 *	tests/kernels/qemu-guest-init.c
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/klog.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <linux/ptp_clock.h>

static void print_file_line(const char *label, const char *path)
{
	char buf[256];
	FILE *f = fopen(path, "r");

	if (!f) {
		printf("GUEST: %s: absent\n", label);
		return;
	}
	if (fgets(buf, sizeof(buf), f)) {
		buf[strcspn(buf, "\n")] = 0;
		printf("GUEST: %s: %s\n", label, buf);
	} else {
		printf("GUEST: %s: empty\n", label);
	}
	fclose(f);
}

/*
 * The kernel log lines about PSCI, SMCCC and the hypervisor's services;
 * with @features, also the errata and features the kernel detected.
 */
static void print_klog(int features)
{
	int len = klogctl(10, NULL, 0); /* SYSLOG_ACTION_SIZE_BUFFER */
	char *buf, *line, *save = NULL;

	if (len <= 0)
		return;
	buf = calloc(1, (size_t)len + 1);
	if (!buf)
		return;
	len = klogctl(3, buf, len); /* SYSLOG_ACTION_READ_ALL */
	if (len < 0)
		len = 0;
	buf[len] = 0;
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *text = line;

		if (*text == '<')
			text = strchr(text, '>') ? strchr(text, '>') + 1 : text;
		if (*text == '[')
			text = strchr(text, ']') ? strchr(text, ']') + 2 : text;
		if (strstr(text, "psci") || strstr(text, "PSCI") || strstr(text, "SMCCC") ||
		    strstr(text, "SMC Calling") || strstr(text, "smccc") ||
		    strstr(text, "hypervisor services") || strstr(text, "ptp_kvm") ||
		    strstr(text, "kvm-ptp") ||
		    (features && strstr(text, "CPU features: detected")))
			printf("GUEST: klog: %s\n", text);
	}
	free(buf);
}

/* The first line of /proc/cpuinfo that starts with each of @keys. */
static void print_cpuinfo(const char *const *keys, size_t n)
{
	char buf[2048];
	FILE *f = fopen("/proc/cpuinfo", "r");
	size_t i, done = 0;
	unsigned long seen = 0;

	if (!f)
		return;
	while (done < n && fgets(buf, sizeof(buf), f)) {
		for (i = 0; i < n; i++) {
			if (!(seen & (1ul << i)) && !strncmp(buf, keys[i], strlen(keys[i]))) {
				buf[strcspn(buf, "\n")] = 0;
				printf("GUEST: cpuinfo: %s\n", buf);
				seen |= 1ul << i;
				done++;
			}
		}
	}
	fclose(f);
}

static const char *trng(void)
{
	unsigned char b[8];
	int fd = open("/dev/hwrng", O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return "absent";
	n = read(fd, b, sizeof(b));
	close(fd);
	return n == (ssize_t)sizeof(b) ? "ok" : "error";
}

static const char *ptp(void)
{
	struct ptp_sys_offset_precise p;
	int fd = open("/dev/ptp0", O_RDWR);
	int r;

	if (fd < 0)
		return "absent";
	memset(&p, 0, sizeof(p));
	r = ioctl(fd, PTP_SYS_OFFSET_PRECISE, &p);
	close(fd);
	return r == 0 ? "ok" : "error";
}

int main(int argc, char **argv)
{
	static const char *const features[] = { "Features" };
	static const char *const implementation[] = { "CPU implementer", "CPU variant",
						      "CPU part", "CPU revision" };
	struct timespec ts;
	unsigned long n;
	int fd, oneshot = 0;

	for (fd = 1; fd < argc; fd++)
		oneshot |= !strcmp(argv[fd], "oneshot");

	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	setvbuf(stdout, NULL, _IOLBF, 0);

	/* The TRNG's hwrng driver is a module in Debian's kernels. */
	fd = open("/arm_smccc_trng.ko", O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		if (syscall(SYS_finit_module, fd, "", 0) && errno != ENODEV)
			printf("init: arm_smccc_trng: %s\n", strerror(errno));
		close(fd);
	}

	print_klog(oneshot);
	print_cpuinfo(features, 1);
	if (oneshot)
		print_cpuinfo(implementation, 4);
	print_file_line("MIDR_EL1", "/sys/devices/system/cpu/cpu0/regs/identification/midr_el1");
	print_file_line("REVIDR_EL1", "/sys/devices/system/cpu/cpu0/regs/identification/revidr_el1");
	if (oneshot) {
		print_file_line("AIDR_EL1", "/sys/devices/system/cpu/cpu0/regs/identification/aidr_el1");
		printf("=== GUEST-DONE\n");
		/* the PL011 sends from the tty's buffer: power off once it is empty */
		tcdrain(STDOUT_FILENO);
		reboot(RB_POWER_OFF);
		return 1;
	}
	printf("GUEST: smccc_trng device: %s\n",
	       access("/sys/bus/platform/devices/smccc_trng", F_OK) ? "absent" : "present");
	print_file_line("ptp0", "/sys/class/ptp/ptp0/clock_name");
	printf("=== GUEST-READY\n");

	for (n = 1;; n++) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		printf("alive %lu up=%ld trng=%s ptp=%s\n", n, (long)ts.tv_sec, trng(), ptp());
		sleep(1);
	}
	return 0;
}
