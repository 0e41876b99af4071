// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * kraw: what an arm64 KVM shows a fresh VM, read with raw ioctls and
 * without libhvabi, to compare the library's probe (kprobe) and the
 * simulated kernels against.
 *
 * Creates a VM and one vCPU (KVM_ARM_PREFERRED_TARGET, KVM_ARM_VCPU_INIT
 * with PSCI 0.2), then prints, one fact a line:
 *
 *	release <uname -r>
 *	api <KVM_GET_API_VERSION>
 *	target <preferred target> features0 <features[0] used>
 *	cap <n> sys <value on /dev/kvm> vm <value on the VM fd>
 *		(every capability 0..KRAW_MAX_CAP where either is non-zero,
 *		and always 230 and 239)
 *	reglist <count>
 *	reg <id> <value>			every listed register
 *	reg <id> error <errno name>		where GET_ONE_REG fails
 *	fw <id> <value> | fw <id> error <errno name> [listed|unlisted]
 *		the firmware registers 0x6030000000140000..3 (PSCI_VERSION,
 *		SMCCC_ARCH_WORKAROUND_1..3) and 0x6030000000160000..3
 *		(STD_BMAP, STD_HYP_BMAP, VENDOR_HYP_BMAP, VENDOR_HYP_BMAP_2)
 *	smccc-filter has_attr <0|errno name>
 *
 * Register values are hex, most significant byte first; registers wider
 * than 64 bits are printed as their bytes in memory order.
 * Exit status: 0, or 1 when the VM or vCPU could not be set up.
 *
 * Built with -DKRAW_SIM and linked with libhvabi, the same program asks a
 * simulated kernel instead (kraw-sim MODEL [SEEDFILE], e.g. kraw-sim
 * arm64-6.12, or "auto" for arm64-X.Y of the running kernel; SEEDFILE
 * holds the host's values, hostseed.h), so the two outputs can be
 * compared line by line; exit status 2 when the library has no such
 * model or the seed does not apply.
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
#define KRAW_PROG "kraw"
#include "kraw-common.h"

/* The capabilities reported whatever their value (by number: newer than some uapi headers). */
static const int named_caps[] = {
	230,	/* KVM_CAP_ARM_SUPPORTED_REG_MASK_RANGES */
	239,	/* KVM_CAP_ARM_WRITABLE_IMP_ID_REGS */
};

/* The SMCCC filter attribute (6.4+), by number for older headers. */
#define KRAW_ARM_VM_SMCCC_CTRL		0
#define KRAW_ARM_VM_SMCCC_FILTER	0

static const uint64_t fw_regs[] = {
	0x6030000000140000ull, 0x6030000000140001ull,
	0x6030000000140002ull, 0x6030000000140003ull,
	0x6030000000160000ull, 0x6030000000160001ull,
	0x6030000000160002ull, 0x6030000000160003ull,
};

static size_t reg_size(uint64_t id)
{
	return (size_t)1 << ((id & KVM_REG_SIZE_MASK) >> KVM_REG_SIZE_SHIFT);
}

/* Print "<tag> <id> <value>" or "<tag> <id> error <name>"; returns 0 or -errno. */
static int print_reg(int vcpu, const char *tag, uint64_t id, const char *suffix)
{
	uint8_t buf[256];
	struct kvm_one_reg reg = { .id = id, .addr = (uintptr_t)buf };
	size_t size = reg_size(id), i;

	if (size > sizeof(buf)) {
		printf("%s 0x%016llx error size\n", tag, (unsigned long long)id);
		return -E2BIG;
	}
	memset(buf, 0, sizeof(buf));
	if (xioctl(vcpu, KVM_GET_ONE_REG, &reg) < 0) {
		int e = errno;

		printf("%s 0x%016llx error %s%s%s\n", tag, (unsigned long long)id,
		       errname(e), suffix ? " " : "", suffix ? suffix : "");
		return -e;
	}
	printf("%s 0x%016llx ", tag, (unsigned long long)id);
	if (size <= 8) {
		uint64_t v = 0;

		memcpy(&v, buf, size);	/* little-endian host */
		printf("0x%0*llx", (int)size * 2, (unsigned long long)v);
	} else {
		for (i = 0; i < size; i++)
			printf("%02x", buf[i]);
	}
	printf("%s%s\n", suffix ? " " : "", suffix ? suffix : "");
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	struct kvm_vcpu_init init;
	struct kvm_reg_list probe = { .n = 0 }, *list;
	struct kvm_device_attr attr;
	struct utsname u;
	int kvm, vm, vcpu, cap, api;
	size_t i, j;

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
	vm = xioctl(kvm, KVM_CREATE_VM, NULL);
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

	memset(&attr, 0, sizeof(attr));
	attr.group = KRAW_ARM_VM_SMCCC_CTRL;
	attr.attr = KRAW_ARM_VM_SMCCC_FILTER;
	if (xioctl(vm, KVM_HAS_DEVICE_ATTR, &attr) < 0)
		printf("smccc-filter has_attr %s\n", errname(errno));
	else
		printf("smccc-filter has_attr 0\n");

	vcpu = xioctl(vm, KVM_CREATE_VCPU, (void *)0);
	if (vcpu < 0) {
		printf("error KVM_CREATE_VCPU: %s\n", strerror(errno));
		return 1;
	}
	memset(&init, 0, sizeof(init));
	if (xioctl(vm, KVM_ARM_PREFERRED_TARGET, &init) < 0) {
		printf("error KVM_ARM_PREFERRED_TARGET: %s\n", strerror(errno));
		return 1;
	}
	init.features[0] |= 1u << KVM_ARM_VCPU_PSCI_0_2;
	printf("target %u features0 0x%x\n", init.target, init.features[0]);
	if (xioctl(vcpu, KVM_ARM_VCPU_INIT, &init) < 0) {
		printf("error KVM_ARM_VCPU_INIT: %s\n", strerror(errno));
		return 1;
	}

	if (xioctl(vcpu, KVM_GET_REG_LIST, &probe) < 0 && errno != E2BIG) {
		printf("error KVM_GET_REG_LIST: %s\n", strerror(errno));
		return 1;
	}
	list = calloc(1, sizeof(*list) + probe.n * sizeof(list->reg[0]));
	if (!list)
		return 1;
	list->n = probe.n;
	if (xioctl(vcpu, KVM_GET_REG_LIST, list) < 0) {
		printf("error KVM_GET_REG_LIST: %s\n", strerror(errno));
		return 1;
	}
	qsort(list->reg, list->n, sizeof(list->reg[0]), cmp_u64);
	printf("reglist %llu\n", (unsigned long long)list->n);
	for (i = 0; i < list->n; i++)
		print_reg(vcpu, "reg", list->reg[i], NULL);

	for (i = 0; i < sizeof(fw_regs) / sizeof(fw_regs[0]); i++) {
		int listed = 0;

		for (j = 0; j < list->n; j++)
			listed |= list->reg[j] == fw_regs[i];
		print_reg(vcpu, "fw", fw_regs[i], listed ? "listed" : "unlisted");
	}

	free(list);
	xclose(vcpu);
	xclose(vm);
	xclose(kvm);
	kraw_done();
	return 0;
}
