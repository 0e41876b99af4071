// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * /init of the kernel lab's initramfs (a static program: aarch64 for
 * run.sh, x86-64 for run-x86.sh).
 *
 * Mounts devtmpfs, proc and sysfs, loads the kernel modules listed in
 * /etc/modules, reports the kernel release and whether /dev/kvm is there,
 * runs each step listed in /etc/steps in order and powers the machine
 * off. Every step's stdout and stderr go to the console between two marker
 * lines:
 *
 *	=== BEGIN <name>
 *	...
 *	=== END <name> rc=<exit status, or 128 + signal>
 *
 * /etc/steps holds one step a line, "[name:] path [arg...]" (words split on
 * blanks, no quoting); the step's name is the word before the colon, else
 * the basename of its path; blank lines and lines starting with '#' are
 * ignored. Without /etc/steps the steps are /bin/kraw and /bin/kprobe.
 *
 * Before the steps, the kernel's messages that mention KVM are printed as
 * the step "kmsg-kvm" and the console log level is lowered so the kernel's
 * own messages do not interleave with a step's output; messages a step
 * provokes are printed after it as the step "<name>.kmsg".
 *
 * /etc/modules, when there is one, lists module files (uncompressed .ko),
 * one a line in the order to load them, dependencies first; blank lines
 * and lines starting with '#' are ignored. Each is loaded with
 * finit_module(2) before anything else is reported, as the step "modules":
 *
 *	insmod <path> rc=0 ms=<ms>		(or rc=<errno> <message> ms=<ms>)
 *
 * A module the kernel already has (EEXIST) counts as loaded. The step's rc
 * is the number of modules that failed. Without /etc/modules (the arm64
 * lab: KVM is built in) nothing is loaded or printed.
 *
 * The kernel command line may set hvabi.step_timeout=<seconds> (default
 * 120): a step still running then is killed (rc=137).
 *
 * The lines "=== HVABI-LAB ..." and "=== DONE" frame the whole run, so a
 * run that never reached the end can be told from one that did.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/klog.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>

#define MAX_STEPS	32
#define MAX_ARGS	16
#define LINE_MAX_LEN	1024

/* syslog(2) actions (no glibc names for these). */
#define KLOG_CONSOLE_LEVEL	8

struct step {
	char *name;
	char *argv[MAX_ARGS + 1];
};

static int kmsg_fd = -1;
static int step_timeout = 120;

static void out(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void out(const char *fmt, ...)
{
	char buf[LINE_MAX_LEN];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(buf))
		n = sizeof(buf) - 1;
	/* The console is the only output there is; a short write is lost. */
	if (write(STDOUT_FILENO, buf, (size_t)n) < 0)
		return;
}

static void write_all(int fd, const char *p, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return;
		}
		p += n;
		len -= (size_t)n;
	}
}

static void do_mount(const char *src, const char *dir, const char *type)
{
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		out("init: mkdir %s: %s\n", dir, strerror(errno));
	if (mount(src, dir, type, 0, NULL) < 0 && errno != EBUSY)
		out("init: mount %s on %s: %s\n", type, dir, strerror(errno));
}

static void setup_console(void)
{
	int fd;

	/* The initramfs holds no device nodes: open the console once
	 * devtmpfs is there. */
	fd = open("/dev/console", O_RDWR | O_NOCTTY);
	if (fd < 0)
		return;
	dup2(fd, STDIN_FILENO);
	dup2(fd, STDOUT_FILENO);
	dup2(fd, STDERR_FILENO);
	if (fd > STDERR_FILENO)
		close(fd);
}

/* Read a whole small file into buf (NUL-terminated); -1 on error. */
static int read_file(const char *path, char *buf, size_t size)
{
	size_t len = 0;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	while (len + 1 < size) {
		ssize_t n = read(fd, buf + len, size - 1 - len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	return (int)len;
}

static void parse_cmdline(void)
{
	static const char key[] = "hvabi.step_timeout=";
	char buf[4096];
	char *p;

	if (read_file("/proc/cmdline", buf, sizeof(buf)) < 0)
		return;
	p = strstr(buf, key);
	if (p) {
		int t = atoi(p + sizeof(key) - 1);

		if (t > 0)
			step_timeout = t;
	}
}

static int contains_kvm(const char *s)
{
	for (; *s; s++) {
		if (tolower((unsigned char)s[0]) == 'k' &&
		    tolower((unsigned char)s[1]) == 'v' &&
		    tolower((unsigned char)s[2]) == 'm')
			return 1;
	}
	return 0;
}

/*
 * Print the kernel messages logged since the last call: all of them, or
 * only those mentioning KVM. A /dev/kmsg record is "prio,seq,usec,flags;text"
 * followed by continuation lines starting with a blank.
 */
static int drain_kmsg(const char *section, int only_kvm)
{
	char rec[8192];
	int printed = 0;

	if (kmsg_fd < 0)
		return 0;
	for (;;) {
		unsigned long long usec = 0;
		char *text, *nl;
		ssize_t n;

		n = read(kmsg_fd, rec, sizeof(rec) - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EPIPE)	/* overwritten records: skip them */
				continue;
			break;			/* EAGAIN: nothing more */
		}
		if (n == 0)
			break;
		rec[n] = '\0';
		text = strchr(rec, ';');
		if (!text)
			continue;
		*text++ = '\0';
		nl = strchr(text, '\n');
		if (nl)
			*nl = '\0';
		if (only_kvm && !contains_kvm(text))
			continue;
		if (!printed)
			out("=== BEGIN %s\n", section);
		printed++;
		sscanf(rec, "%*u,%*u,%llu", &usec);
		out("[%5llu.%06llu] %s\n", usec / 1000000, usec % 1000000, text);
	}
	if (printed)
		out("=== END %s rc=0\n", section);
	return printed;
}

static int load_steps(struct step *steps, int max)
{
	static char buf[8192];
	char *line, *save = NULL;
	int n = 0;

	if (read_file("/etc/steps", buf, sizeof(buf)) < 0) {
		static char kraw[] = "/bin/kraw", kprobe[] = "/bin/kprobe";

		steps[0] = (struct step){ .name = "kraw", .argv = { kraw, NULL } };
		steps[1] = (struct step){ .name = "kprobe", .argv = { kprobe, NULL } };
		return 2;
	}
	for (line = strtok_r(buf, "\n", &save); line && n < max;
	     line = strtok_r(NULL, "\n", &save)) {
		struct step *s = &steps[n];
		char *word, *wsave = NULL;
		int argc = 0;

		while (*line == ' ' || *line == '\t')
			line++;
		if (*line == '\0' || *line == '#')
			continue;
		s->name = NULL;
		for (word = strtok_r(line, " \t", &wsave); word && argc < MAX_ARGS;
		     word = strtok_r(NULL, " \t", &wsave)) {
			size_t len = strlen(word);

			if (argc == 0 && !s->name && len > 1 && word[len - 1] == ':') {
				word[len - 1] = '\0';
				s->name = word;
				continue;
			}
			s->argv[argc++] = word;
		}
		if (argc == 0)
			continue;
		s->argv[argc] = NULL;
		if (!s->name) {
			s->name = strrchr(s->argv[0], '/');
			s->name = s->name ? s->name + 1 : s->argv[0];
		}
		n++;
	}
	return n;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Run one step with its output on the console; returns its rc. */
static int run_step(const struct step *s)
{
	long long start, deadline;
	int pfd[2], status, rc, killed = 0, at_bol = 1;
	char buf[4096];
	pid_t pid;

	out("=== BEGIN %s\n", s->name);
	if (pipe2(pfd, O_CLOEXEC) < 0) {
		out("init: pipe: %s\n=== END %s rc=125\n", strerror(errno), s->name);
		return 125;
	}
	pid = fork();
	if (pid < 0) {
		out("init: fork: %s\n=== END %s rc=125\n", strerror(errno), s->name);
		close(pfd[0]);
		close(pfd[1]);
		return 125;
	}
	if (pid == 0) {
		dup2(pfd[1], STDOUT_FILENO);
		dup2(pfd[1], STDERR_FILENO);
		execv(s->argv[0], s->argv);
		dprintf(STDERR_FILENO, "init: exec %s: %s\n", s->argv[0], strerror(errno));
		_exit(127);
	}
	close(pfd[1]);

	/* Copy the step's output through, ending each piece on a line
	 * boundary is the step's business; the END marker always starts
	 * a line of its own. */
	start = now_ms();
	deadline = start + (long long)step_timeout * 1000;

	for (;;) {
		struct pollfd p = { .fd = pfd[0], .events = POLLIN };
		long long left = deadline - now_ms();
		ssize_t n;
		int r;

		if (left <= 0 && !killed) {
			kill(pid, SIGKILL);
			killed = 1;
			out("%sinit: step %s killed after %d s\n", at_bol ? "" : "\n",
			    s->name, step_timeout);
			at_bol = 1;
		}
		r = poll(&p, 1, killed ? 1000 : (int)(left > 60000 ? 60000 : left));
		if (r < 0 && errno == EINTR)
			continue;
		if (r == 0)
			continue;
		n = read(pfd[0], buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		write_all(STDOUT_FILENO, buf, (size_t)n);
		at_bol = buf[n - 1] == '\n';
	}
	close(pfd[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(status))
		rc = WEXITSTATUS(status);
	else if (WIFSIGNALED(status))
		rc = 128 + WTERMSIG(status);
	else
		rc = 125;
	out("%s=== END %s rc=%d ms=%lld\n", at_bol ? "" : "\n", s->name, rc,
	    now_ms() - start);
	return rc;
}

/*
 * Load every module /etc/modules lists, in order (see the top of the file).
 * Returns the number that failed, or -1 when there is no /etc/modules.
 */
static int load_modules(void)
{
	static char buf[4096];
	char *line, *save = NULL;
	long long start, t;
	int failed = 0;

	if (read_file("/etc/modules", buf, sizeof(buf)) < 0)
		return -1;
	/* The modules' own messages are printed after the step, not inside it. */
	klogctl(KLOG_CONSOLE_LEVEL, NULL, 1);
	out("=== BEGIN modules\n");
	start = now_ms();
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		int fd, e = 0;

		while (*line == ' ' || *line == '\t')
			line++;
		line[strcspn(line, " \t")] = '\0';
		if (*line == '\0' || *line == '#')
			continue;
		t = now_ms();
		fd = open(line, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			e = errno;
		else if (syscall(SYS_finit_module, fd, "", 0) < 0 && errno != EEXIST)
			e = errno;
		if (fd >= 0)
			close(fd);
		if (e) {
			out("insmod %s rc=%d %s ms=%lld\n", line, e, strerror(e), now_ms() - t);
			failed++;
		} else {
			out("insmod %s rc=0 ms=%lld\n", line, now_ms() - t);
		}
	}
	out("=== END modules rc=%d ms=%lld\n", failed, now_ms() - start);
	return failed;
}

int main(void)
{
	struct step steps[MAX_STEPS];
	struct utsname u;
	struct stat st;
	char kmsg_name[128], uptime[64] = "?";
	int i, n, failed = 0;

	do_mount("devtmpfs", "/dev", "devtmpfs");
	setup_console();
	do_mount("proc", "/proc", "proc");
	do_mount("sysfs", "/sys", "sysfs");
	parse_cmdline();
	load_modules();

	uname(&u);
	if (read_file("/proc/uptime", uptime, sizeof(uptime)) > 0)
		uptime[strcspn(uptime, " \n")] = '\0';
	out("\n=== HVABI-LAB release=%s machine=%s kvm=%s uptime=%s\n", u.release,
	    u.machine, stat("/dev/kvm", &st) == 0 ? "yes" : "no", uptime);

	kmsg_fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	drain_kmsg("kmsg-kvm", 1);
	/* Only emergencies on the console from now on; the steps' own
	 * kernel messages are printed after each step. */
	klogctl(KLOG_CONSOLE_LEVEL, NULL, 1);

	n = load_steps(steps, MAX_STEPS);
	for (i = 0; i < n; i++) {
		if (run_step(&steps[i]) != 0)
			failed++;
		snprintf(kmsg_name, sizeof(kmsg_name), "%s.kmsg", steps[i].name);
		drain_kmsg(kmsg_name, 0);
	}
	out("=== DONE steps=%d failed=%d\n", n, failed);

	sync();
	reboot(RB_POWER_OFF);
	/* Not reached; if it were, exiting init panics and panic=-1 reboots,
	 * which -no-reboot turns into QEMU exiting. */
	out("init: reboot: %s\n", strerror(errno));
	return 1;
}
