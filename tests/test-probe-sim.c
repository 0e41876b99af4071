/*
 * Suite 'sim': the probe (lib/kvm-probe*.c) run against every simulated
 * kernel model, through the same code that probes the real /dev/kvm.
 * Checks what each model must show (firmware registers, accepted PSCI
 * versions, bitmap masks, writable masks, the SMCCC filter), that no
 * fake fd outlives a probe on any path, and hvabi_kvm_read_vm on a VM
 * built through hvabi_sim_ioctl().
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "internal.h"
#include "kvm-uapi.h"
#include "testutil.h"
#include <libhvabi/sim.h>

/* ---- what each arm64 model shows ---- */

struct arm64_model {
	const char *name;
	uint64_t psci;      /* PSCI_VERSION default = highest accepted */
	bool bitmaps;       /* STD, STD_HYP, VENDOR_HYP (5.19+) */
	bool bitmap2;       /* VENDOR_HYP_BMAP_2 (6.15+) */
	bool filter;        /* SMCCC filter VM attribute (6.4+) */
	bool masks;         /* KVM_ARM_GET_REG_WRITABLE_MASKS (6.7+) */
};

static const struct arm64_model arm64_models[] = {
	{ "arm64-5.10", HVABI_PSCI_VERSION(1, 0), false, false, false, false },
	{ "arm64-6.1", HVABI_PSCI_VERSION(1, 1), true, false, false, false },
	{ "arm64-6.12", HVABI_PSCI_VERSION(1, 1), true, false, true, true },
	{ "arm64-7.2", HVABI_PSCI_VERSION(1, 3), true, true, true, true },
};

struct sim_handle {
	struct hvabi_sim *sim;
	struct hvabi_kvm *kvm;
};

static struct sim_handle sim_open(const char *model)
{
	struct sim_handle h = { NULL, NULL };

	assert_int_equal(hvabi_sim_new(model, &h.sim), 0);
	assert_int_equal(hvabi_kvm_new_from_sim(h.sim, &h.kvm), 0);
	/* The handle's own fake /dev/kvm. */
	assert_int_equal(hvabi_sim_count_open_fds(h.sim), 1);
	return h;
}

static void sim_close(struct sim_handle *h)
{
	hvabi_kvm_free(h->kvm);
	assert_int_equal(hvabi_sim_count_open_fds(h->sim), 0);
	hvabi_sim_free(h->sim);
}

static struct hvabi_featureset *sim_probe(struct sim_handle *h)
{
	struct hvabi_featureset *fs = NULL;

	assert_int_equal(hvabi_kvm_probe(h->kvm, 0, &fs), 0);
	assert_non_null(fs);
	/* The scratch VM and vCPU are closed again. */
	assert_int_equal(hvabi_sim_count_open_fds(h->sim), 1);
	assert_int_equal(hvabi_featureset_get_origin(fs), HVABI_ORIGIN_SIMULATED);
	assert_string_equal(hvabi_featureset_get_kernel_release(fs),
			    hvabi_sim_get_release(h->sim));
	assert_int_equal(hvabi_featureset_get_arch(fs), hvabi_sim_get_arch(h->sim));
	return fs;
}

static bool has(const struct hvabi_featureset *fs, struct hvabi_key key)
{
	return hvabi_featureset_find(fs, &key, NULL) == 0;
}

static struct hvabi_entry get(const struct hvabi_featureset *fs, struct hvabi_key key)
{
	struct hvabi_entry e;

	assert_int_equal(hvabi_featureset_find(fs, &key, &e), 0);
	return e;
}

static void assert_bitmap(const struct hvabi_featureset *fs, uint64_t id, uint64_t value,
			  uint64_t max)
{
	struct hvabi_entry e = get(fs, hvabi_key_reg(id));

	assert_int_equal(e.kind, HVABI_KIND_BITMAP);
	assert_int_equal(e.scope, HVABI_SCOPE_VM);
	assert_int_equal(e.value, value);
	assert_int_equal(e.flags, HVABI_ENTRY_HAS_MAX);
	assert_int_equal(e.max, max);
}

static bool is_id_space(uint64_t id)
{
	unsigned int op1 = (unsigned int)(id >> 11) & 7;

	return (id & HVABI_KVM_REG_ARCH_MASK) == HVABI_KVM_REG_ARM64 &&
	       (id & HVABI_KVM_REG_ARM_COPROC_MASK) == HVABI_KVM_REG_ARM64_SYSREG &&
	       ((id >> 14) & 3) == 3 && (op1 == 0 || op1 == 1 || op1 == 3) &&
	       ((id >> 7) & 0xf) == 0;
}

static void check_arm64_model(const struct arm64_model *m)
{
	struct sim_handle h = sim_open(m->name);
	struct hvabi_featureset *fs = sim_probe(&h);
	struct hvabi_entry e;
	size_t i, nid = 0, nfw = 0;
	uint64_t id;

	/* PSCI: the default is the newest the kernel accepts; 0.2 the oldest. */
	e = get(fs, hvabi_key_reg(HVABI_KVM_REG_ARM_PSCI_VERSION));
	assert_int_equal(e.kind, HVABI_KIND_VERSION);
	assert_int_equal(e.value, m->psci);
	assert_int_equal(e.flags, HVABI_ENTRY_HAS_MIN | HVABI_ENTRY_HAS_MAX);
	assert_int_equal(e.min, HVABI_PSCI_VERSION(0, 2));
	assert_int_equal(e.max, m->psci);

	/* Workaround levels: the host's, reported as the maximum. */
	for (id = HVABI_KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1;
	     id <= HVABI_KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3; id++) {
		e = get(fs, hvabi_key_reg(id));
		assert_int_equal(e.kind, HVABI_KIND_LEVEL);
		assert_int_equal(e.flags, HVABI_ENTRY_HAS_MAX);
		assert_int_equal(e.max, e.value);
	}

	if (m->bitmaps) {
		assert_bitmap(fs, HVABI_KVM_REG_ARM_STD_BMAP, 0x1, 0x1);
		assert_bitmap(fs, HVABI_KVM_REG_ARM_STD_HYP_BMAP, 0x1, 0x1);
		assert_bitmap(fs, HVABI_KVM_REG_ARM_VENDOR_HYP_BMAP, 0x3, 0x3);
	} else {
		assert_false(has(fs, hvabi_key_reg(HVABI_KVM_REG_ARM_STD_BMAP)));
		assert_false(has(fs, hvabi_key_reg(HVABI_KVM_REG_ARM_STD_HYP_BMAP)));
		assert_false(has(fs, hvabi_key_reg(HVABI_KVM_REG_ARM_VENDOR_HYP_BMAP)));
	}
	if (m->bitmap2)
		assert_bitmap(fs, HVABI_KVM_REG_ARM_VENDOR_HYP_BMAP_2, 0, 0x3);
	else
		assert_false(has(fs, hvabi_key_reg(HVABI_KVM_REG_ARM_VENDOR_HYP_BMAP_2)));

	if (m->filter) {
		e = get(fs, hvabi_key_attr(HVABI_ATTR_VM, HVABI_KVM_ARM_VM_SMCCC_CTRL,
					   HVABI_KVM_ARM_VM_SMCCC_FILTER));
		assert_int_equal(e.kind, HVABI_KIND_RANGESET);
		assert_int_equal(e.nranges, 0);
	} else {
		assert_false(has(fs, hvabi_key_attr(HVABI_ATTR_VM, 0, 0)));
	}

	e = get(fs, hvabi_key_cap(HVABI_KVM_CAP_ARM_SUPPORTED_REG_MASK_RANGES));
	assert_int_equal(e.value, m->masks ? 1 : 0);
	for (i = 0; i < hvabi_featureset_count(fs); i++) {
		assert_int_equal(hvabi_featureset_get_entry(fs, i, &e), 0);
		if (e.key.ns != HVABI_NS_ONE_REG)
			continue;
		if (is_id_space(e.key.id)) {
			nid++;
			/* Before the masks, ID_AA64PFR0_EL1's is measured (CSV2, CSV3). */
			assert_int_equal(e.flags, m->masks || e.key.id == HVABI_ARM64_SYS_REG(3, 0, 0, 4, 0)
							  ? HVABI_ENTRY_HAS_MASK : 0);
		} else {
			/* Else only the firmware classes and catalogued registers. */
			uint64_t coproc = e.key.id & HVABI_KVM_REG_ARM_COPROC_MASK;
			struct hvabi_catalog_info info;

			if (coproc == HVABI_KVM_REG_ARM_FW ||
			    coproc == HVABI_KVM_REG_ARM_FW_FEAT_BMAP)
				nfw++;
			else
				assert_int_equal(hvabi_catalog_lookup(HVABI_ARCH_ARM64, &e.key,
								      &info, sizeof(info)), 0);
		}
	}
	assert_true(nid > 0);
	/* 5.10 lists PSCI and WA1..3; 5.19+ adds 3 bitmaps; 6.15+ BMAP_2. */
	assert_int_equal(nfw, 4 + (m->bitmaps ? 3 : 0) + (m->bitmap2 ? 1 : 0));
	if (m->masks) {
		/* ID_AA64PFR0_EL1 has writable fields on every kernel with masks. */
		e = get(fs, hvabi_key_reg(HVABI_ARM64_SYS_REG(3, 0, 0, 4, 0)));
		assert_true(e.mask != 0);
	}
	hvabi_featureset_free(fs);
	sim_close(&h);
}

static void test_probe_sim_arm64_models(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < HVABI_ARRAY_SIZE(arm64_models); i++)
		check_arm64_model(&arm64_models[i]);
}

/* Every model the simulator has: probed, each fake fd closed, entries sane. */
static void test_probe_sim_every_model(void **state)
{
	const char *name;
	size_t i, k;

	(void)state;
	for (i = 0; (name = hvabi_sim_model_name(i)); i++) {
		struct sim_handle h = sim_open(name);
		struct hvabi_featureset *fs = sim_probe(&h);
		struct hvabi_featureset *again;
		size_t n[HVABI_NS_SMCCC + 1] = { 0 };

		for (k = 0; k < hvabi_featureset_count(fs); k++) {
			struct hvabi_entry e;

			assert_int_equal(hvabi_featureset_get_entry(fs, k, &e), 0);
			assert_true(e.key.ns <= HVABI_NS_SMCCC);
			n[e.key.ns]++;
		}
		/* The CPU list: a kernel that can tell it (arm64 6.15+) carries its own CPU. */
		assert_int_equal(n[HVABI_NS_SMCCC], strcmp(name, "arm64-7.2") == 0);
		switch (hvabi_sim_get_arch(h.sim)) {
		case HVABI_ARCH_X86_64:
			/* 153, 163 and 191 at least: the probe asks them itself. */
			assert_true(n[HVABI_NS_CAP] >= 3);
			assert_true(n[HVABI_NS_CPUID] > 0);
			assert_int_equal(n[HVABI_NS_ONE_REG], 0);
			/* The TSC rate, measured by writing. */
			assert_int_equal(n[HVABI_NS_VCPU_VALUE], 1);
			break;
		case HVABI_ARCH_ARM64:
			/* 230 at least. */
			assert_true(n[HVABI_NS_CAP] >= 1);
			/* fall through */
		default:
			assert_true(n[HVABI_NS_ONE_REG] > 0);
			assert_int_equal(n[HVABI_NS_CPUID], 0);
			assert_int_equal(n[HVABI_NS_MSR], 0);
			break;
		}
		/*
		 * A second probe of the same simulator sees the same host: the
		 * first one's writes (bitmap, version and extension trials)
		 * left nothing behind that a new VM would inherit.
		 */
		again = sim_probe(&h);
		assert_int_equal(hvabi_featureset_equal(fs, again), 1);
		hvabi_featureset_free(again);
		hvabi_featureset_free(fs);
		sim_close(&h);
	}
	assert_true(i >= 5);
}

static void test_probe_sim_riscv(void **state)
{
	struct sim_handle h = sim_open("riscv-6.6");
	struct hvabi_featureset *fs = sim_probe(&h);
	size_t i, next = 0, nmin = 0;

	(void)state;
	for (i = 0; i < hvabi_featureset_count(fs); i++) {
		struct hvabi_entry e;
		uint64_t type;

		assert_int_equal(hvabi_featureset_get_entry(fs, i, &e), 0);
		if (e.key.ns != HVABI_NS_ONE_REG)
			continue;
		type = e.key.id & (0xffffull << HVABI_KVM_REG_RISCV_SUBTYPE_SHIFT);
		if (type != (HVABI_KVM_REG_RISCV_ISA_EXT | HVABI_KVM_REG_RISCV_ISA_SINGLE) &&
		    type != (HVABI_KVM_REG_RISCV_SBI_EXT | HVABI_KVM_REG_RISCV_SBI_SINGLE))
			continue;
		next++;
		/*
		 * An enabled extension can be enabled; a disabled one says
		 * whether; an enabled ISA extension whether it can be disabled.
		 */
		if (e.value && (type & (0xffull << HVABI_KVM_REG_RISCV_TYPE_SHIFT)) ==
				       HVABI_KVM_REG_RISCV_ISA_EXT) {
			assert_int_equal(e.flags, HVABI_ENTRY_HAS_MAX | HVABI_ENTRY_HAS_MIN);
			assert_true(e.min <= 1);
			nmin += e.min;
		} else {
			assert_int_equal(e.flags, HVABI_ENTRY_HAS_MAX);
		}
		assert_true(e.value <= 1 && e.max <= 1);
		assert_true(e.max >= e.value);
	}
	assert_true(next > 10);
	/* A, C, I, M and more: KVM never lets them be disabled (vcpu_onereg.c) */
	assert_true(nmin >= 4);
	assert_true(has(fs, hvabi_key_reg(HVABI_RISCV_SBI_EXT_REG(0))));
	hvabi_featureset_free(fs);
	sim_close(&h);
}

static void test_probe_sim_x86(void **state)
{
	struct sim_handle h = sim_open("x86-6.1");
	struct hvabi_featureset *fs = sim_probe(&h);
	struct hvabi_entry e;
	size_t i;

	(void)state;
	for (i = 0; i < hvabi_featureset_count(fs); i++) {
		assert_int_equal(hvabi_featureset_get_entry(fs, i, &e), 0);
		if (e.key.ns == HVABI_NS_CPUID || e.key.ns == HVABI_NS_MSR) {
			assert_int_equal(e.flags, HVABI_ENTRY_HAS_MAX);
			assert_int_equal(e.max, e.value);
		}
	}
	e = get(fs, hvabi_key_cpuid(0x40000000, 0, HVABI_CPUID_EBX));
	assert_int_equal(e.value, 0x4b4d564b); /* "KVMK" */
	e = get(fs, hvabi_key_cap(HVABI_KVM_CAP_GET_MSR_FEATURES));
	assert_int_equal(e.value, 1);
	assert_true(has(fs, hvabi_key_cap(HVABI_KVM_CAP_HYPERV_ENLIGHTENED_VMCS)));
	assert_true(has(fs, hvabi_key_cap(HVABI_KVM_CAP_SYS_HYPERV_CPUID)));
	hvabi_featureset_free(fs);
	sim_close(&h);
}

/*
 * Fail each of a probe's calls in turn (the simulator's error injection):
 * the probe returns the error and leaves only the handle's own fd open.
 */
static void test_probe_sim_errors_leak_nothing(void **state)
{
	const char *name;
	size_t i;

	(void)state;
	for (i = 0; (name = hvabi_sim_model_name(i)); i++) {
		struct sim_handle h = sim_open(name);
		struct hvabi_featureset *fs;
		struct hvabi_kvm_stats s;
		unsigned int n, k;

		assert_int_equal(stats_take(h.kvm, &s), 0);
		fs = sim_probe(&h);
		hvabi_featureset_free(fs);
		assert_int_equal(stats_take(h.kvm, &s), 0);
		n = (unsigned int)s.ioctls;
		assert_true(n > 3);
		for (k = 1; k <= n; k++) {
			fs = (void *)0x1;
			assert_int_equal(hvabi_sim_inject_error(h.sim, k, -EIO), 0);
			assert_int_equal(hvabi_kvm_probe(h.kvm, 0, &fs), -EIO);
			assert_ptr_equal(fs, (void *)0x1);
			assert_int_equal(hvabi_sim_count_open_fds(h.sim), 1);
		}
		sim_close(&h);
	}
}

/* A VMM's VM on the simulator: read back what it was given, write nothing. */
static void test_read_vm_sim_arm64(void **state)
{
	struct hvabi_featureset *host = test_sim_probe("arm64-7.2"), *fs = NULL;
	struct hvabi_kvm_one_reg one;
	struct hvabi_kvm_stats s;
	struct hvabi_entry e, he;
	struct test_vm vm;
	uint64_t v;
	size_t i;

	(void)state;
	test_vm_open(&vm, "arm64-7.2", 2);
	/* The VMM pins PSCI 1.1 and offers the DISCOVER_IMPL calls. */
	v = HVABI_PSCI_VERSION(1, 1);
	one.id = HVABI_KVM_REG_ARM_PSCI_VERSION;
	one.addr = (uintptr_t)&v;
	assert_int_equal(hvabi_sim_ioctl(vm.sim, vm.vcpus[0], HVABI_KVM_SET_ONE_REG, &one), 0);
	v = 0x3;
	one.id = HVABI_KVM_REG_ARM_VENDOR_HYP_BMAP_2;
	assert_int_equal(hvabi_sim_ioctl(vm.sim, vm.vcpus[1], HVABI_KVM_SET_ONE_REG, &one), 0);

	assert_int_equal(stats_take(vm.kvm, &s), 0);
	assert_int_equal(hvabi_kvm_read_vm(vm.kvm, vm.vm_fd, vm.vcpus, vm.n, 0, &fs), 0);
	assert_int_equal(hvabi_kvm_get_stats(vm.kvm, &s, sizeof(s)), 0);
	assert_int_equal(s.set_one_reg, 0);
	e = get(fs, hvabi_key_reg(HVABI_KVM_REG_ARM_PSCI_VERSION));
	assert_int_equal(e.value, HVABI_PSCI_VERSION(1, 1));
	e = get(fs, hvabi_key_reg(HVABI_KVM_REG_ARM_VENDOR_HYP_BMAP_2));
	assert_int_equal(e.value, 0x3);
	/* Everything else reads as the host's defaults, with no host facts. */
	for (i = 0; i < hvabi_featureset_count(fs); i++) {
		assert_int_equal(hvabi_featureset_get_entry(fs, i, &e), 0);
		assert_int_equal(e.flags, 0);
		if (e.key.ns == HVABI_NS_CAP || e.key.id == HVABI_KVM_REG_ARM_PSCI_VERSION ||
		    e.key.id == HVABI_KVM_REG_ARM_VENDOR_HYP_BMAP_2)
			continue;
		assert_int_equal(hvabi_featureset_find(host, &e.key, &he), 0);
		if (e.width <= 8)
			assert_int_equal(e.value, he.value);
	}
	hvabi_featureset_free(fs);
	hvabi_featureset_free(host);
	/* The VMM's fds are untouched: the handle's, the VM and both vCPUs still open. */
	assert_int_equal(hvabi_sim_count_open_fds(vm.sim), 4);
	test_vm_close(&vm);
}

/* x86: the VMM's CPUID table and the feature MSRs, read through vCPU 0. */
static void test_read_vm_sim_x86(void **state)
{
	struct hvabi_featureset *host = test_sim_probe("x86-6.1"), *fs = NULL;
	struct hvabi_kvm_cpuid2 *c;
	struct hvabi_kvm_msrs *m;
	struct hvabi_entry e, he;
	struct test_vm vm;
	size_t i, ncpuid = 0, nmsr = 0;
	uint32_t k, set_n;

	(void)state;
	test_vm_open(&vm, "x86-6.1", 2);
	c = test_vm_supported_cpuid(&vm, 256);
	for (i = 0; i < vm.n; i++)
		assert_int_equal(hvabi_sim_ioctl(vm.sim, vm.vcpus[i], HVABI_KVM_SET_CPUID2, c), 0);
	assert_int_equal(hvabi_kvm_read_vm(vm.kvm, vm.vm_fd, vm.vcpus, vm.n, 0, &fs), 0);
	/*
	 * What KVM_GET_CPUID2 answers on vCPU 0 is what the set holds. 6.1
	 * does not write nent back on success: the table has as many entries
	 * as were set.
	 */
	set_n = c->nent;
	memset(c->entries, 0, 256 * sizeof(c->entries[0]));
	c->nent = 256;
	assert_int_equal(hvabi_sim_ioctl(vm.sim, vm.vcpus[0], HVABI_KVM_GET_CPUID2, c), 0);
	assert_int_equal(c->nent, 256);
	for (k = 0; k < set_n; k++) {
		e = get(fs, hvabi_key_cpuid(c->entries[k].function, c->entries[k].index,
					    HVABI_CPUID_ECX));
		assert_int_equal(e.value, c->entries[k].ecx);
	}
	/* One MSR at a time: a KVM_GET_MSRS header and its one entry. */
	m = malloc(sizeof(*m) + sizeof(m->entries[0]));
	assert_non_null(m);
	for (i = 0; i < hvabi_featureset_count(fs); i++) {
		assert_int_equal(hvabi_featureset_get_entry(fs, i, &e), 0);
		assert_int_equal(e.flags, 0);
		ncpuid += e.key.ns == HVABI_NS_CPUID;
		if (e.key.ns != HVABI_NS_MSR)
			continue;
		/*
		 * vCPU 0's own value (a new vCPU's UCODE_REV, for one, is KVM's
		 * 0x100000000, not the host's): asked alone, it must agree.
		 */
		nmsr++;
		assert_int_equal(hvabi_featureset_find(host, &e.key, &he), 0);
		memset(m, 0, sizeof(*m) + sizeof(m->entries[0]));
		m->nmsrs = 1;
		m->entries[0].index = (uint32_t)e.key.id;
		assert_int_equal(hvabi_sim_ioctl(vm.sim, vm.vcpus[0], HVABI_KVM_GET_MSRS, m), 1);
		assert_int_equal(e.value, m->entries[0].data);
	}
	assert_int_equal(ncpuid, 4 * (size_t)set_n);
	assert_true(nmsr > 0);
	/* The vCPUs' TSC rate, the value invtsc promises (no range: a VM's). */
	e = get(fs, hvabi_key_vcpu_value(HVABI_VCPU_VALUE_TSC_KHZ));
	assert_int_equal(e.value, hvabi_sim_ioctl(vm.sim, vm.vcpus[1], HVABI_KVM_GET_TSC_KHZ, NULL));
	assert_true(e.value > 0);
	free(m);
	free(c);
	hvabi_featureset_free(fs);
	fs = NULL;
	/* vCPUs at two rates are no one VM. */
	assert_int_equal(hvabi_sim_ioctl(vm.sim, vm.vcpus[1], HVABI_KVM_SET_TSC_KHZ,
					 (void *)(uintptr_t)(e.value + e.value / 100)), 0);
	assert_int_equal(hvabi_kvm_read_vm(vm.kvm, vm.vm_fd, vm.vcpus, vm.n, 0, &fs), -EIO);
	assert_null(fs);
	hvabi_featureset_free(host);
	assert_int_equal(hvabi_sim_count_open_fds(vm.sim), 4);
	test_vm_close(&vm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_probe_sim_arm64_models),
		cmocka_unit_test(test_probe_sim_every_model),
		cmocka_unit_test(test_probe_sim_riscv),
		cmocka_unit_test(test_probe_sim_x86),
		cmocka_unit_test(test_probe_sim_errors_leak_nothing),
		cmocka_unit_test(test_read_vm_sim_arm64),
		cmocka_unit_test(test_read_vm_sim_x86),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
