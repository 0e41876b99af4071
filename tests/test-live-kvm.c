/*
 * Suite 'kvm': probe this host's real /dev/kvm and check every answer
 * against the kernel, asked directly with our own ioctl() calls and the
 * installed <linux/kvm.h> (so the library's own uapi copy is not what
 * checks itself). Exits 77 (skipped) without a usable /dev/kvm.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <linux/kvm.h>

#include <cmocka.h>

#include <libhvabi/hvabi.h>

#include "testutil.h"

/* KVM_MAX_CPUID_ENTRIES: KVM clamps a larger nent to it. */
#define MAX_CPUID 256

static enum hvabi_arch machine_arch(void)
{
	struct utsname u;

	assert_int_equal(uname(&u), 0);
	if (!strcmp(u.machine, "x86_64"))
		return HVABI_ARCH_X86_64;
	if (!strcmp(u.machine, "aarch64"))
		return HVABI_ARCH_ARM64;
	if (!strcmp(u.machine, "riscv64"))
		return HVABI_ARCH_RISCV64;
	return HVABI_ARCH_NONE;
}

static bool is_x86(void)
{
	return machine_arch() == HVABI_ARCH_X86_64;
}

static unsigned int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *de;
	unsigned int n = 0;

	assert_non_null(d);
	while ((de = readdir(d)))
		n += de->d_name[0] != '.';
	closedir(d);
	/* Not counting the fd opendir() itself holds. */
	return n - 1;
}

static int open_kvm(void)
{
	int fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);

	assert_true(fd >= 0);
	return fd;
}

/*
 * KVM fills some CPUID registers from the CPU it runs on (leaf 1 EBX and
 * leaf 0xB/0x1F EDX carry the APIC id); keep both reads on one CPU.
 */
static void pin_cpu(void)
{
	cpu_set_t set;
	int cpu = sched_getcpu();

	assert_true(cpu >= 0);
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	assert_int_equal(sched_setaffinity(0, sizeof(set), &set), 0);
}

static struct hvabi_featureset *probe(void)
{
	struct hvabi_kvm *kvm = NULL;
	struct hvabi_featureset *fs = NULL;

	assert_int_equal(hvabi_kvm_open(NULL, 0, &kvm), 0);
	assert_int_equal(hvabi_kvm_probe(kvm, 0, &fs), 0);
	hvabi_kvm_free(kvm);
	return fs;
}

static struct kvm_cpuid2 *raw_cpuid(int fd, unsigned long req)
{
	struct kvm_cpuid2 *c = calloc(1, sizeof(*c) + MAX_CPUID * sizeof(c->entries[0]));

	assert_non_null(c);
	c->nent = MAX_CPUID;
	assert_int_equal(ioctl(fd, req, c), 0);
	return c;
}

static uint32_t reg_of(const struct kvm_cpuid_entry2 *e, unsigned int reg)
{
	const uint32_t v[4] = { e->eax, e->ebx, e->ecx, e->edx };

	return v[reg];
}

static size_t count_ns(const struct hvabi_featureset *fs, unsigned int ns, bool hv)
{
	size_t i, n = 0;
	struct hvabi_entry e;

	for (i = 0; i < hvabi_featureset_count(fs); i++) {
		assert_int_equal(hvabi_featureset_get_entry(fs, i, &e), 0);
		if (e.key.ns == ns &&
		    (ns != HVABI_NS_CPUID || !!(e.key.id & HVABI_CPUID_TABLE_HYPERV) == hv))
			n++;
	}
	return n;
}

/* Every register of every leaf of @c is in @fs with that value (and max, for a host). */
static void check_cpuid(const struct hvabi_featureset *fs, const struct kvm_cpuid2 *c,
			bool hv, bool host)
{
	uint32_t i;
	unsigned int reg;

	for (i = 0; i < c->nent; i++) {
		const struct kvm_cpuid_entry2 *ce = &c->entries[i];

		for (reg = 0; reg < 4; reg++) {
			enum hvabi_cpuid_reg r = (enum hvabi_cpuid_reg)reg;
			struct hvabi_key key = hvabi_key_cpuid(ce->function, ce->index, r);
			struct hvabi_entry e;

			if (hv)
				key = hvabi_key_hv_cpuid(ce->function, ce->index, r);
			assert_int_equal(hvabi_featureset_find(fs, &key, &e), 0);
			assert_int_equal(e.value, reg_of(ce, reg));
			assert_int_equal(e.width, 4);
			if (host) {
				assert_int_equal(e.flags, HVABI_ENTRY_HAS_MAX);
				assert_int_equal(e.max, reg_of(ce, reg));
			} else {
				assert_int_equal(e.flags, 0);
			}
		}
	}
	assert_int_equal(count_ns(fs, HVABI_NS_CPUID, hv), 4 * (size_t)c->nent);
}

/* Each feature MSR read alone on @fd: in @fs with its value, or absent if refused. */
static void check_msrs(const struct hvabi_featureset *fs, int sys_fd, int fd, bool host)
{
	struct kvm_msr_list hdr = { .nmsrs = 0 };
	struct kvm_msr_list *l;
	struct kvm_msrs *m;
	size_t n = 0;
	uint32_t i;

	if (ioctl(sys_fd, KVM_CHECK_EXTENSION, KVM_CAP_GET_MSR_FEATURES) <= 0) {
		assert_int_equal(count_ns(fs, HVABI_NS_MSR, false), 0);
		return;
	}
	assert_int_equal(ioctl(sys_fd, KVM_GET_MSR_FEATURE_INDEX_LIST, &hdr), -1);
	assert_int_equal(errno, E2BIG);
	l = calloc(1, sizeof(*l) + hdr.nmsrs * sizeof(l->indices[0]));
	assert_non_null(l);
	l->nmsrs = hdr.nmsrs;
	assert_int_equal(ioctl(sys_fd, KVM_GET_MSR_FEATURE_INDEX_LIST, l), 0);
	/* One MSR at a time: a KVM_GET_MSRS header and its one entry. */
	m = malloc(sizeof(*m) + sizeof(m->entries[0]));
	assert_non_null(m);
	for (i = 0; i < l->nmsrs; i++) {
		struct hvabi_key key = hvabi_key_msr(l->indices[i]);
		struct hvabi_entry e;
		int r;

		memset(m, 0, sizeof(*m) + sizeof(m->entries[0]));
		m->nmsrs = 1;
		m->entries[0].index = l->indices[i];
		r = ioctl(fd, KVM_GET_MSRS, m);
		assert_true(r == 0 || r == 1);
		if (r == 0) {
			assert_int_equal(hvabi_featureset_find(fs, &key, NULL), -ENOENT);
			continue;
		}
		n++;
		assert_int_equal(hvabi_featureset_find(fs, &key, &e), 0);
		assert_int_equal(e.value, m->entries[0].data);
		assert_int_equal(e.flags, host ? HVABI_ENTRY_HAS_MAX : 0);
		if (host)
			assert_int_equal(e.max, m->entries[0].data);
	}
	assert_int_equal(count_ns(fs, HVABI_NS_MSR, false), n);
	free(m);
	free(l);
}

/* Every capability entry is what KVM_CHECK_EXTENSION answers on @fd. */
static void check_caps(const struct hvabi_featureset *fs, int fd)
{
	struct hvabi_entry e;
	size_t i, n = 0;

	for (i = 0; i < hvabi_featureset_count(fs); i++) {
		int r;

		assert_int_equal(hvabi_featureset_get_entry(fs, i, &e), 0);
		if (e.key.ns != HVABI_NS_CAP)
			continue;
		n++;
		r = ioctl(fd, KVM_CHECK_EXTENSION, (unsigned long)e.key.id);
		assert_true(r >= 0);
		if (e.key.id == KVM_CAP_HYPERV_ENLIGHTENED_VMCS && e.value > 0xff) {
			/* The eVMCS version range: (max << 8) | min, max >= min >= 1. */
			assert_true(r > 0);
			assert_true((e.value >> 8) >= (e.value & 0xff));
			assert_true((e.value & 0xff) >= 1);
			continue;
		}
		assert_int_equal(e.value, r);
	}
	assert_true(n > 0);
}

/* ---- tests ---- */

static void test_live_open_errors(void **state)
{
	struct hvabi_kvm *kvm = NULL;
	unsigned int before = count_fds();

	(void)state;
	assert_int_equal(hvabi_kvm_open("/nonexistent/kvm", 0, &kvm), -ENOENT);
	assert_int_equal(hvabi_kvm_open("/dev/null", 0, &kvm), -ENOTTY);
	assert_null(kvm);
	assert_int_equal(count_fds(), before);
}

static void test_live_probe_closes_everything(void **state)
{
	unsigned int before = count_fds();
	struct hvabi_featureset *fs;
	struct utsname u;

	(void)state;
	fs = probe();
	assert_int_equal(count_fds(), before);
	assert_int_equal(uname(&u), 0);
	assert_string_equal(hvabi_featureset_get_kernel_release(fs), u.release);
	assert_int_equal(hvabi_featureset_get_origin(fs), HVABI_ORIGIN_PROBED);
	assert_int_equal(hvabi_featureset_get_arch(fs), machine_arch());
	assert_true(hvabi_featureset_count(fs) > 0);
	hvabi_featureset_free(fs);
}

static void test_live_caps(void **state)
{
	struct hvabi_featureset *fs = probe();
	int fd = open_kvm();

	(void)state;
	check_caps(fs, fd);
	close(fd);
	hvabi_featureset_free(fs);
}

static void test_live_x86_cpuid(void **state)
{
	struct hvabi_featureset *fs;
	struct kvm_cpuid2 *c;
	int fd;

	(void)state;
	if (!is_x86())
		skip();
	pin_cpu();
	fs = probe();
	fd = open_kvm();
	c = raw_cpuid(fd, KVM_GET_SUPPORTED_CPUID);
	assert_true(c->nent > 0);
	check_cpuid(fs, c, false, true);
	free(c);
	if (ioctl(fd, KVM_CHECK_EXTENSION, KVM_CAP_SYS_HYPERV_CPUID) > 0) {
		c = raw_cpuid(fd, KVM_GET_SUPPORTED_HV_CPUID);
		check_cpuid(fs, c, true, true);
		free(c);
	} else {
		assert_int_equal(count_ns(fs, HVABI_NS_CPUID, true), 0);
	}
	close(fd);
	hvabi_featureset_free(fs);
}

static void test_live_x86_msrs(void **state)
{
	struct hvabi_featureset *fs;
	int fd;

	(void)state;
	if (!is_x86())
		skip();
	fs = probe();
	fd = open_kvm();
	check_msrs(fs, fd, fd, true);
	close(fd);
	hvabi_featureset_free(fs);
}

static void test_live_x86_read_vm(void **state)
{
	struct hvabi_kvm *kvm = NULL;
	struct hvabi_featureset *fs = NULL;
	struct kvm_cpuid2 *c;
	int fd, vm, vcpu[2];
	unsigned int before;

	(void)state;
	if (!is_x86())
		skip();
	pin_cpu();
	before = count_fds();
	fd = open_kvm();
	vm = ioctl(fd, KVM_CREATE_VM, 0);
	assert_true(vm >= 0);
	vcpu[0] = ioctl(vm, KVM_CREATE_VCPU, 0);
	vcpu[1] = ioctl(vm, KVM_CREATE_VCPU, 1);
	assert_true(vcpu[0] >= 0 && vcpu[1] >= 0);
	/* The VMM's CPUID: what KVM supports. */
	c = raw_cpuid(fd, KVM_GET_SUPPORTED_CPUID);
	assert_int_equal(ioctl(vcpu[0], KVM_SET_CPUID2, c), 0);
	assert_int_equal(ioctl(vcpu[1], KVM_SET_CPUID2, c), 0);
	free(c);

	assert_int_equal(hvabi_kvm_new_from_fd(fd, 0, &kvm), 0);
	assert_int_equal(hvabi_kvm_read_vm(kvm, vm, vcpu, 2, 0, &fs), 0);
	/* What KVM kept of it (it adjusts a few registers) is what the set holds. */
	c = raw_cpuid(vcpu[0], KVM_GET_CPUID2);
	check_cpuid(fs, c, false, false);
	free(c);
	check_msrs(fs, fd, vcpu[0], false);
	check_caps(fs, vm);
	hvabi_featureset_free(fs);
	hvabi_kvm_free(kvm);

	/* The caller's fds are the caller's: all still open. */
	assert_true(fcntl(fd, F_GETFD) >= 0);
	assert_true(fcntl(vm, F_GETFD) >= 0);
	close(vcpu[0]);
	close(vcpu[1]);
	close(vm);
	close(fd);
	assert_int_equal(count_fds(), before);
}

static void test_live_stats_and_wrapped_fd(void **state)
{
	struct hvabi_kvm *kvm = NULL;
	struct hvabi_featureset *fs = NULL, *again = NULL;
	struct hvabi_kvm_stats s;
	int fd = open_kvm();

	(void)state;
	pin_cpu();
	assert_int_equal(hvabi_kvm_new_from_fd(fd, 0, &kvm), 0);
	assert_int_equal(hvabi_kvm_get_fd(kvm), fd);
	assert_int_equal(stats_take(kvm, &s), 0);
	assert_int_equal(s.ioctls, 1); /* KVM_GET_API_VERSION */
	assert_int_equal(hvabi_kvm_probe(kvm, 0, &fs), 0);
	assert_int_equal(hvabi_kvm_get_stats(kvm, &s, sizeof(s)), 0);
	assert_true(s.ioctls > 3);
	if (is_x86()) {
		/* x86 reads tables, not registers. */
		assert_int_equal(s.get_one_reg, 0);
		assert_int_equal(s.set_one_reg, 0);
	}
	/* Probing is repeatable (on one CPU: see pin_cpu()). */
	assert_int_equal(hvabi_kvm_probe(kvm, 0, &again), 0);
	assert_int_equal(hvabi_featureset_equal(fs, again), 1);
	hvabi_featureset_free(again);
	hvabi_featureset_free(fs);
	hvabi_kvm_free(kvm);
	/* A wrapped fd stays the caller's. */
	assert_true(fcntl(fd, F_GETFD) >= 0);
	close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_live_open_errors),
		cmocka_unit_test(test_live_probe_closes_everything),
		cmocka_unit_test(test_live_caps),
		cmocka_unit_test(test_live_x86_cpuid),
		cmocka_unit_test(test_live_x86_msrs),
		cmocka_unit_test(test_live_x86_read_vm),
		cmocka_unit_test(test_live_stats_and_wrapped_fd),
	};
	struct hvabi_kvm *kvm = NULL;
	int r;

	r = hvabi_kvm_open(NULL, 0, &kvm);
	if (r == -ENOENT || r == -EACCES || r == -EPERM || r == -ENXIO || r == -ENODEV ||
	    r == -EOPNOTSUPP) {
		printf("# SKIP: no usable /dev/kvm (%s)\n", strerror(-r));
		return 77;
	}
	hvabi_kvm_free(kvm);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
