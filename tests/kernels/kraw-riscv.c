// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * kraw-riscv: what a riscv64 KVM offers a guest, read with raw ioctls and
 * without libhvabi, to compare the library's probe (kprobe) and the
 * simulated model against; the riscv counterpart of kraw.c, in the same
 * line format (compare.awk).
 *
 * Prints, one fact a line, each list sorted:
 *
 *	release <uname -r>
 *	api <KVM_GET_API_VERSION>
 *	cap <n> sys <value on /dev/kvm> vm <value on a fresh VM fd>
 *		every capability 0..KRAW_MAX_CAP where either is non-zero, and
 *		always the ones named in named_caps[] (negative: -errno)
 *	reglist <n>		KVM_GET_REG_LIST of a fresh vCPU (vCPU 0)
 *	reg <id> <value>	each listed register (KVM_GET_ONE_REG), hex,
 *				registers wider than 8 bytes as their bytes
 *	reg <id> error <errno name>
 *	isa <n> <value>|error <errno>	KVM_REG_RISCV_ISA_EXT single n,
 *				every n in 0..KRAW_MAX_ISA, listed or not
 *	sbi <n> <value>|error <errno>	KVM_REG_RISCV_SBI_EXT single n,
 *				every n in 0..KRAW_MAX_SBI
 *
 * Exit status: 0, or 1 when /dev/kvm, the VM, the vCPU or KVM_GET_REG_LIST
 * failed.
 *
 * Built with -DKRAW_SIM and linked with libhvabi, the same program asks a
 * simulated kernel instead (kraw-riscv-sim MODEL [SEEDFILE], e.g.
 * kraw-riscv-sim riscv-6.12, or "auto" for riscv-X.Y of the running
 * kernel; SEEDFILE holds the host's values, hostseed.h); exit status 2
 * when the library has no such model or the seed does not apply.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/utsname.h>
#include <linux/kvm.h>

#ifdef KRAW_SIM
#include <libhvabi/sim.h>
#include "hostseed.h"
#endif
#define KRAW_PROG "kraw-riscv"
#include "kraw-common.h"

#define KRAW_MAX_ISA	127
#define KRAW_MAX_SBI	63

/* By number: the cross compiler's uapi headers are older than 6.12. */
#define RV_REG_RISCV		0x8000000000000000ull
#define RV_SIZE_U64		0x0030000000000000ull
#define RV_ISA_EXT		(0x07ull << 24)
#define RV_SBI_EXT		(0x08ull << 24)

static const int named_caps[] = {
	0,	/* KVM_CAP_IRQCHIP */
	9,	/* KVM_CAP_NR_VCPUS */
	66,	/* KVM_CAP_MAX_VCPUS */
	70,	/* KVM_CAP_ONE_REG */
	128,	/* KVM_CAP_MAX_VCPU_ID */
};

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* One register: "<tag> <key> <value>" or "<tag> <key> error <errno>". */
static void print_reg(int vcpu, uint64_t id, const char *tag, const char *key)
{
	unsigned char buf[256] __attribute__((aligned(8)));
	size_t size = (size_t)1 << ((id & KVM_REG_SIZE_MASK) >> KVM_REG_SIZE_SHIFT);
	struct kvm_one_reg reg = { .id = id, .addr = (uintptr_t)buf };

	if (size > sizeof(buf)) {
		printf("%s %s error size\n", tag, key);
		return;
	}
	memset(buf, 0, sizeof(buf));
	if (xioctl(vcpu, KVM_GET_ONE_REG, &reg) < 0) {
		printf("%s %s error %s\n", tag, key, errname(errno));
		return;
	}
	if (size <= 8) {
		uint64_t v = 0;

		memcpy(&v, buf, size);
		printf("%s %s 0x%llx\n", tag, key, (unsigned long long)v);
		return;
	}
	printf("%s %s ", tag, key);
	for (size_t i = 0; i < size; i++)
		printf("%02x", buf[i]);
	printf("\n");
}

int main(int argc, char **argv)
{
	struct kvm_reg_list probe = { .n = 0 }, *list;
	struct utsname u;
	char key[32];
	int kvm, vm, vcpu, cap, api;

	setvbuf(stdout, NULL, _IOLBF, 0);
	uname(&u);
	printf("release %s\n", u.release);

	kvm = open_kvm(argc, argv);
	if (kvm < 0) {
		printf("error open /dev/kvm: %s\n", strerror(errno));
		return 1;
	}
	api = xioctl(kvm, KVM_GET_API_VERSION, NULL);
	printf("api %d\n", api);
	vm = xioctl(kvm, KVM_CREATE_VM, (void *)0);
	if (vm < 0) {
		printf("error KVM_CREATE_VM: %s\n", strerror(errno));
		return 1;
	}
	for (cap = 0; cap <= KRAW_MAX_CAP; cap++) {
		int s, v;

		kraw_cap(kvm, vm, cap,
			 kraw_listed(cap, named_caps, sizeof(named_caps) / sizeof(named_caps[0])),
			 &s, &v);
	}

	vcpu = xioctl(vm, KVM_CREATE_VCPU, (void *)0);
	if (vcpu < 0) {
		printf("error KVM_CREATE_VCPU: %s\n", strerror(errno));
		return 1;
	}
	if (xioctl(vcpu, KVM_GET_REG_LIST, &probe) == 0 || errno != E2BIG) {
		printf("reglist error %s\n", errname(errno));
		return 1;
	}
	list = calloc(1, sizeof(*list) + probe.n * sizeof(list->reg[0]));
	if (!list) {
		printf("reglist error ENOMEM\n");
		return 1;
	}
	list->n = probe.n;
	if (xioctl(vcpu, KVM_GET_REG_LIST, list) < 0) {
		printf("reglist error %s\n", errname(errno));
		return 1;
	}
	qsort(list->reg, list->n, sizeof(list->reg[0]), cmp_u64);
	printf("reglist %llu\n", (unsigned long long)list->n);
	for (uint64_t i = 0; i < list->n; i++) {
		snprintf(key, sizeof(key), "0x%016llx", (unsigned long long)list->reg[i]);
		print_reg(vcpu, list->reg[i], "reg", key);
	}
	free(list);

	/* every single ISA and SBI extension register, listed or not */
	for (unsigned int n = 0; n <= KRAW_MAX_ISA; n++) {
		snprintf(key, sizeof(key), "%u", n);
		print_reg(vcpu, RV_REG_RISCV | RV_SIZE_U64 | RV_ISA_EXT | n, "isa", key);
	}
	for (unsigned int n = 0; n <= KRAW_MAX_SBI; n++) {
		snprintf(key, sizeof(key), "%u", n);
		print_reg(vcpu, RV_REG_RISCV | RV_SIZE_U64 | RV_SBI_EXT | n, "sbi", key);
	}

	xclose(vcpu);
	xclose(vm);
	xclose(kvm);
	kraw_done();
	return 0;
}
