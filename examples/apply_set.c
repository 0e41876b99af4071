/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * apply_set: pin a new VM to a fleet's baseline, as a VMM does before the
 * guest's first instruction, against a simulated kernel.
 *
 *	apply_set
 *
 * The fleet is a simulated arm64 6.1 host and a 7.2 host; the VM is
 * created on the 7.2 one (two vCPUs, KVM_ARM_VCPU_INIT with PSCI 0.2) and
 * the baseline applied to it: PSCI is lowered to what 6.1 offers, the
 * hypercall bitmaps 6.1 lacks are written off. The report lists every
 * entry written and read back; the VM is then read back as a whole.
 *
 * Exit status: 0 when every entry was verified on every vCPU, 1 otherwise.
 *
 * The example plays the VMM: it creates the VM and vCPUs itself, with
 * hvabi_sim_ioctl() where a VMM would call ioctl().
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kvm.h>

#include <libhvabi/hvabi.h>
#include <libhvabi/sim.h>

#include "common.h"

#define NVCPUS 2

/*
 * arm64's struct kvm_vcpu_init lives in its <asm/kvm.h>, which an x86
 * build does not have; the simulated arm64 kernel answers the arm64 ioctl
 * numbers, so they are spelled here as the arm64 uapi defines them.
 */
struct arm64_vcpu_init {
	uint32_t target;
	uint32_t features[7];
};
#define ARM64_VCPU_INIT		_IOW(KVMIO, 0xae, struct arm64_vcpu_init)
#define ARM64_PREFERRED_TARGET	_IOR(KVMIO, 0xaf, struct arm64_vcpu_init)
#define ARM64_VCPU_PSCI_0_2	2
#if defined(__aarch64__)
_Static_assert(ARM64_VCPU_INIT == KVM_ARM_VCPU_INIT, "KVM_ARM_VCPU_INIT");
_Static_assert(ARM64_PREFERRED_TARGET == KVM_ARM_PREFERRED_TARGET,
	       "KVM_ARM_PREFERRED_TARGET");
_Static_assert(ARM64_VCPU_PSCI_0_2 == KVM_ARM_VCPU_PSCI_0_2, "KVM_ARM_VCPU_PSCI_0_2");
#endif

static int error(const char *what, int r)
{
	fprintf(stderr, "apply_set: %s: %s\n", what, strerror(-r));
	return 1;
}

/* The baseline of the simulated 6.1 and 7.2 hosts. */
static int fleet_baseline(struct hvabi_featureset **ret)
{
	struct hvabi_featureset *hosts[2] = { NULL, NULL };
	int r, status = 1;

	if (example_probe_model("apply_set", "arm64-6.1", &hosts[0]) ||
	    example_probe_model("apply_set", "arm64-7.2", &hosts[1]))
		goto out;
	/* 0 means some entry blocks migration; the set is still the best there is. */
	r = hvabi_baseline((const struct hvabi_featureset *const *)hosts, 2, 0, ret, NULL, NULL);
	if (r < 0) {
		error("hvabi_baseline", r);
		goto out;
	}
	status = 0;
out:
	hvabi_featureset_free(hosts[1]);
	hvabi_featureset_free(hosts[0]);
	return status;
}

static int print_report(const struct hvabi_report *rep)
{
	char *text;
	int r;

	r = hvabi_report_to_text_alloc(rep, &text);
	if (r)
		return error("hvabi_report_to_text_alloc", r);
	fputs(text, stdout);
	free(text);
	return 0;
}

/* The VM as a guest now sees it: print one entry by its catalogue name. */
static int show(const struct hvabi_featureset *vm, const char *name)
{
	struct hvabi_entry e;
	struct hvabi_key key;
	int r;

	r = hvabi_key_from_string(HVABI_ARCH_ARM64, name, &key);
	if (r)
		return error(name, r);
	r = hvabi_featureset_find(vm, &key, &e);
	if (r == -ENOENT) {
		printf("vm: %s absent\n", name);
		return 0;
	}
	if (r)
		return error("hvabi_featureset_find", r);
	printf("vm: %s = 0x%" PRIx64 "\n", name, e.value);
	return 0;
}

int main(void)
{
	struct hvabi_featureset *base = NULL, *vm = NULL;
	struct hvabi_report *report = NULL;
	struct hvabi_sim *sim = NULL;
	struct hvabi_kvm *kvm = NULL;
	struct arm64_vcpu_init init;
	int vm_fd = -1, vcpus[NVCPUS], r, status = 1;
	size_t n = 0, i;

	if (fleet_baseline(&base))
		return 1;

	/* The destination: a simulated 7.2 host and a VMM's new VM on it. */
	r = hvabi_sim_new("arm64-7.2", &sim);
	if (r) {
		error("hvabi_sim_new", r);
		goto out;
	}
	r = hvabi_kvm_new_from_sim(sim, &kvm);
	if (r) {
		error("hvabi_kvm_new_from_sim", r);
		goto out;
	}
	vm_fd = hvabi_sim_ioctl(sim, hvabi_kvm_get_fd(kvm), KVM_CREATE_VM, NULL);
	if (vm_fd < 0) {
		error("KVM_CREATE_VM", vm_fd);
		goto out;
	}
	memset(&init, 0, sizeof(init));
	r = hvabi_sim_ioctl(sim, vm_fd, ARM64_PREFERRED_TARGET, &init);
	if (r) {
		error("KVM_ARM_PREFERRED_TARGET", r);
		goto out;
	}
	init.features[0] |= 1u << ARM64_VCPU_PSCI_0_2;
	for (n = 0; n < NVCPUS; n++) {
		vcpus[n] = hvabi_sim_ioctl(sim, vm_fd, KVM_CREATE_VCPU,
					   (void *)(uintptr_t)n);
		if (vcpus[n] < 0) {
			error("KVM_CREATE_VCPU", vcpus[n]);
			goto out;
		}
		/* Counted now, so the fd is closed even if its init fails. */
		r = hvabi_sim_ioctl(sim, vcpus[n], ARM64_VCPU_INIT, &init);
		if (r) {
			n++;
			error("KVM_ARM_VCPU_INIT", r);
			goto out;
		}
	}

	/* The one call: plan, write, read back on every vCPU. */
	r = hvabi_apply(kvm, base, vm_fd, vcpus, NVCPUS, NULL, &report);
	if (print_report(report))
		goto out;
	if (r) {
		error("hvabi_apply", r);
		goto out;
	}
	printf("apply: %zu entries verified on %d vCPUs\n", hvabi_report_count(report),
	       NVCPUS);

	r = hvabi_kvm_read_vm(kvm, vm_fd, vcpus, NVCPUS, 0, &vm);
	if (r) {
		error("hvabi_kvm_read_vm", r);
		goto out;
	}
	if (show(vm, "PSCI_VERSION") || show(vm, "STD_HYP_BMAP") ||
	    show(vm, "VENDOR_HYP_BMAP") || show(vm, "VENDOR_HYP_BMAP_2"))
		goto out;
	status = 0;
out:
	hvabi_featureset_free(vm);
	hvabi_report_free(report);
	for (i = 0; i < n; i++) {
		r = hvabi_sim_close(sim, vcpus[i]);
		if (r)
			status = error("close vCPU", r);
	}
	if (vm_fd >= 0) {
		r = hvabi_sim_close(sim, vm_fd);
		if (r)
			status = error("close VM", r);
	}
	hvabi_kvm_free(kvm);
	hvabi_sim_free(sim);
	hvabi_featureset_free(base);
	return status;
}
