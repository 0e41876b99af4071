// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * kdiff-riscv: one script of ioctls against a riscv64 KVM, run on the real
 * kernel and (built with -DKDIFF_SIM) on the library's simulated model, one
 * step a line in kdiff's format (kdiff-common.h) so kdiff-compare.awk can
 * put the two side by side.
 *
 *	kdiff-riscv [SEEDFILE]		the real kernel; prints the host's values
 *					as "seed" lines first (and writes them to
 *					SEEDFILE)
 *	kdiff-riscv-sim MODEL [SEEDFILE]
 *					the simulated MODEL ("auto": riscv-X.Y of
 *					the running kernel) seeded from SEEDFILE
 *
 * The host seed: for every ISA extension id 0..KD_MAX_ISA, whether the host
 * has it (KVM lists the single register of every extension the host has,
 * enabled or not: kvm_riscv_vcpu_copy_reg_indices()); the CONFIG registers
 * mvendorid, marchid, mimpid (the host's, through SBI) and satp_mode (the
 * host kernel's); capabilities 9 (NR_VCPUS: online CPUs) and 207
 * (VM_GPA_BITS: the host's G-stage mode).
 *
 * The script: every capability on /dev/kvm and a VM; KVM_GET_REG_LIST's
 * E2BIG protocol and the count per register type; every listed register
 * read (the timer's time counts: its value is not printed); every CONFIG,
 * single ISA and SBI extension register read and their MULTI_EN/MULTI_DIS
 * words; wrong sizes and an unknown type; each ISA extension written 0
 * and 1 (read back, then restored); each SBI extension written 0, read back,
 * written 1, read back; the CONFIG isa register written without each letter
 * and restored; mvendorid/marchid/mimpid changed and restored; the timer
 * frequency written; a second vCPU and vCPU ids. Exit status 0, 1 when
 * /dev/kvm, the VM or the vCPU cannot be made, 2 (sim) when the model is
 * unknown or the seed does not apply.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/kvm.h>

#ifdef KDIFF_SIM
#include <libhvabi/sim.h>
#include "hostseed.h"
#endif

#include "kdiff-common.h"

#define KD_MAX_CAP	320
#define KD_MAX_ISA	127
#define KD_MAX_SBI	63

#define RV		0x8000000000000000ull
#define RV_U32		0x0020000000000000ull
#define RV_U64		0x0030000000000000ull
#define RV_TYPE(t)	((uint64_t)(t) << 24)
#define T_CONFIG	1
#define T_CORE		2
#define T_CSR		3
#define T_TIMER		4
#define T_FP_F		5
#define T_FP_D		6
#define T_ISA		7
#define T_SBI		8
#define SUB_SINGLE	0
#define SUB_MULTI_EN	(1u << 16)
#define SUB_MULTI_DIS	(2u << 16)
#define TIMER_TIME	(RV | RV_U64 | RV_TYPE(T_TIMER) | 1)

static int get(int vcpu, uint64_t id, uint64_t *v)
{
	struct kvm_one_reg r = { .id = id, .addr = (uintptr_t)v };

	*v = 0;
	return do_ioctl(vcpu, KVM_GET_ONE_REG, &r);
}

static int set(int vcpu, uint64_t id, uint64_t v)
{
	struct kvm_one_reg r = { .id = id, .addr = (uintptr_t)&v };

	return do_ioctl(vcpu, KVM_SET_ONE_REG, &r);
}

static void step_get(int vcpu, uint64_t id, const char *what)
{
	uint64_t v;
	int r = get(vcpu, id, &v);

	step("KVM_GET_ONE_REG", r, r == 0 && id != TIMER_TIME, v, "get %s 0x%" PRIx64, what, id);
}

static uint64_t isa_reg(unsigned int n)
{
	return RV | RV_U64 | RV_TYPE(T_ISA) | SUB_SINGLE | n;
}

static uint64_t sbi_reg(unsigned int n)
{
	return RV | RV_U64 | RV_TYPE(T_SBI) | SUB_SINGLE | n;
}

/* The vCPU's register list, sorted; NULL after printing the failure. */
static struct kvm_reg_list *reg_list(int vcpu, bool steps)
{
	struct kvm_reg_list probe = { .n = 0 }, *list;
	int r;

	r = do_ioctl(vcpu, KVM_GET_REG_LIST, &probe);
	if (steps)
		step("KVM_GET_REG_LIST", r, true, probe.n, "reglist n=0");
	list = calloc(1, sizeof(*list) + (probe.n + 1) * sizeof(list->reg[0]));
	if (!list)
		return NULL;
	if (probe.n > 0) {
		list->n = probe.n - 1;
		r = do_ioctl(vcpu, KVM_GET_REG_LIST, list);
		if (steps)
			step("KVM_GET_REG_LIST", r, true, list->n, "reglist n=count-1");
	}
	list->n = probe.n + 1;
	r = do_ioctl(vcpu, KVM_GET_REG_LIST, list);
	if (steps)
		step("KVM_GET_REG_LIST", r, true, list->n, "reglist n=count+1");
	if (r < 0) {
		free(list);
		return NULL;
	}
	return list;
}

static void seed_line(FILE *out, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	if (out) {
		va_start(ap, fmt);
		vfprintf(out, fmt, ap);
		va_end(ap);
	}
}

static void seed(int kvm, int vcpu, FILE *out)
{
	static const unsigned int config[] = { 2, 3, 4, 6 }, caps[] = { 9, 207 };
	struct kvm_reg_list *list = reg_list(vcpu, false);
	bool has[KD_MAX_ISA + 1] = { false };

	if (!list)
		return;
	for (uint64_t i = 0; i < list->n; i++) {
		uint64_t id = list->reg[i];

		if ((id & ~0xffffull) == isa_reg(0) && (id & 0xffff) <= KD_MAX_ISA)
			has[id & 0xffff] = true;
	}
	for (unsigned int n = 0; n <= KD_MAX_ISA; n++)
		seed_line(out, "seed reg 0x%016" PRIx64 " %d\n", isa_reg(n), has[n]);
	for (size_t i = 0; i < sizeof(config) / sizeof(config[0]); i++) {
		uint64_t id = RV | RV_U64 | RV_TYPE(T_CONFIG) | config[i], v;

		if (get(vcpu, id, &v) == 0)
			seed_line(out, "seed reg 0x%016" PRIx64 " 0x%" PRIx64 "\n", id, v);
	}
	for (size_t i = 0; i < sizeof(caps) / sizeof(caps[0]); i++) {
		int v = do_ioctl(kvm, KVM_CHECK_EXTENSION, (void *)(uintptr_t)caps[i]);

		if (v >= 0)
			seed_line(out, "seed cap %u %d\n", caps[i], v);
	}
	free(list);
}

static void script_caps(int kvm, int vm)
{
	for (int cap = 0; cap <= KD_MAX_CAP; cap++) {
		int s = do_ioctl(kvm, KVM_CHECK_EXTENSION, (void *)(uintptr_t)cap);
		int v = do_ioctl(vm, KVM_CHECK_EXTENSION, (void *)(uintptr_t)cap);

		step("KVM_CHECK_EXTENSION", s < 0 ? s : 0, s >= 0, (uint64_t)(s < 0 ? 0 : s),
		     "cap %d sys", cap);
		step("KVM_CHECK_EXTENSION", v < 0 ? v : 0, v >= 0, (uint64_t)(v < 0 ? 0 : v),
		     "cap %d vm", cap);
	}
}

static void script_regs(int vcpu)
{
	struct kvm_reg_list *list = reg_list(vcpu, true);
	unsigned int per_type[16] = { 0 };
	uint64_t v;

	if (list) {
		for (uint64_t i = 0; i < list->n; i++) {
			unsigned int t = (list->reg[i] >> 24) & 0xff;

			per_type[t < 16 ? t : 15]++;
			/* wider than 8 bytes (vector registers): only the status */
			if (((list->reg[i] & KVM_REG_SIZE_MASK) >> KVM_REG_SIZE_SHIFT) > 3) {
				step("KVM_GET_REG_LIST", 0, true, list->reg[i], "listed wide");
				continue;
			}
			step_get(vcpu, list->reg[i], "listed");
		}
		for (unsigned int t = 0; t < 16; t++)
			step("KVM_GET_REG_LIST", 0, true, per_type[t], "reglist type %u", t);
		free(list);
	}
	for (unsigned int n = 0; n < 16; n++)
		step_get(vcpu, RV | RV_U64 | RV_TYPE(T_CONFIG) | n, "config");
	for (unsigned int n = 0; n <= KD_MAX_ISA; n++)
		step_get(vcpu, isa_reg(n), "isa");
	for (unsigned int n = 0; n <= KD_MAX_SBI; n++)
		step_get(vcpu, sbi_reg(n), "sbi");
	for (unsigned int w = 0; w < 4; w++) {
		step_get(vcpu, RV | RV_U64 | RV_TYPE(T_ISA) | SUB_MULTI_EN | w, "isa multi_en");
		step_get(vcpu, RV | RV_U64 | RV_TYPE(T_ISA) | SUB_MULTI_DIS | w, "isa multi_dis");
		step_get(vcpu, RV | RV_U64 | RV_TYPE(T_SBI) | SUB_MULTI_EN | w, "sbi multi_en");
		step_get(vcpu, RV | RV_U64 | RV_TYPE(T_SBI) | SUB_MULTI_DIS | w, "sbi multi_dis");
	}
	/* wrong sizes, unknown types and subtypes */
	step_get(vcpu, RV | RV_U32 | RV_TYPE(T_CONFIG) | 0, "u32 config isa");
	step_get(vcpu, RV | RV_U32 | RV_TYPE(T_ISA) | 0, "u32 isa a");
	step_get(vcpu, RV | RV_U32 | RV_TYPE(T_SBI) | 0, "u32 sbi 0");
	step_get(vcpu, RV | RV_U32 | RV_TYPE(T_CORE) | 0, "u32 core pc");
	step_get(vcpu, RV | RV_U32 | RV_TYPE(T_TIMER) | 0, "u32 timer frequency");
	step_get(vcpu, RV | RV_U64 | RV_TYPE(T_FP_F) | 0, "u64 fp_f 0");
	step_get(vcpu, RV | RV_U32 | RV_TYPE(T_FP_D) | 0, "u32 fp_d 0");
	for (unsigned int t = 9; t < 16; t++)
		step_get(vcpu, RV | RV_U64 | RV_TYPE(t), "type");
	step_get(vcpu, RV | RV_U64 | RV_TYPE(T_ISA) | (3u << 16), "isa subtype 3");
	step_get(vcpu, RV | RV_U64 | RV_TYPE(T_SBI) | (3u << 16), "sbi subtype 3");
	step_get(vcpu, RV | RV_U64 | RV_TYPE(T_CSR) | 64, "csr 64");
	step_get(vcpu, RV | RV_U64 | RV_TYPE(T_CORE) | 64, "core 64");
	step_get(vcpu, RV | RV_U64 | RV_TYPE(T_TIMER) | 4, "timer 4");
	(void)v;
}

static void script_writes(int vcpu, const char *when)
{
	uint64_t v, old;
	int r;

	for (unsigned int n = 0; n <= KD_MAX_ISA; n++) {
		if (get(vcpu, isa_reg(n), &old) < 0)
			old = 0;
		for (uint64_t w = 0; w <= 2; w++) {
			step("KVM_SET_ONE_REG", set(vcpu, isa_reg(n), w), false, 0,
			     "%s set isa %u=%" PRIu64, when, n, w);
			r = get(vcpu, isa_reg(n), &v);
			step("KVM_GET_ONE_REG", r, r == 0, v, "%s isa %u after %" PRIu64, when, n, w);
			r = get(vcpu, RV | RV_U64 | RV_TYPE(T_CONFIG) | 0, &v);
			step("KVM_GET_ONE_REG", r, r == 0, v, "%s config isa after isa %u=%" PRIu64,
			     when, n, w);
			set(vcpu, isa_reg(n), old);
		}
	}
	for (unsigned int n = 0; n <= KD_MAX_SBI; n++) {
		if (get(vcpu, sbi_reg(n), &old) < 0)
			old = 1;
		for (uint64_t w = 0; w <= 2; w++) {
			step("KVM_SET_ONE_REG", set(vcpu, sbi_reg(n), w), false, 0,
			     "%s set sbi %u=%" PRIu64, when, n, w);
			r = get(vcpu, sbi_reg(n), &v);
			step("KVM_GET_ONE_REG", r, r == 0, v, "%s sbi %u after %" PRIu64, when, n, w);
		}
		set(vcpu, sbi_reg(n), old);
	}
	/* CONFIG isa: without each letter, then the old value */
	if (get(vcpu, RV | RV_U64 | RV_TYPE(T_CONFIG) | 0, &old) == 0) {
		for (unsigned int b = 0; b < 26; b++) {
			step("KVM_SET_ONE_REG", set(vcpu, RV | RV_U64 | RV_TYPE(T_CONFIG), old ^ (1ull << b)),
			     false, 0, "%s set config isa ^%c", when, 'a' + b);
			r = get(vcpu, RV | RV_U64 | RV_TYPE(T_CONFIG), &v);
			step("KVM_GET_ONE_REG", r, r == 0, v, "%s config isa after ^%c", when, 'a' + b);
			step("KVM_SET_ONE_REG", set(vcpu, RV | RV_U64 | RV_TYPE(T_CONFIG), old),
			     false, 0, "%s restore config isa ^%c", when, 'a' + b);
		}
		step("KVM_SET_ONE_REG", set(vcpu, RV | RV_U64 | RV_TYPE(T_CONFIG), old | (1ull << 30)),
		     false, 0, "%s set config isa bit30", when);
	}
	/* the other CONFIG registers: +1 and back, each */
	for (unsigned int n = 1; n < 16; n++) {
		uint64_t id = RV | RV_U64 | RV_TYPE(T_CONFIG) | n;

		if (get(vcpu, id, &old) < 0)
			old = 0;
		step("KVM_SET_ONE_REG", set(vcpu, id, old), false, 0, "%s set config %u same", when, n);
		step("KVM_SET_ONE_REG", set(vcpu, id, old + 1), false, 0, "%s set config %u +1", when, n);
		r = get(vcpu, id, &v);
		step("KVM_GET_ONE_REG", r, r == 0, v, "%s config %u after +1", when, n);
		set(vcpu, id, old);
	}
	/* the timer frequency */
	if (get(vcpu, RV | RV_U64 | RV_TYPE(T_TIMER) | 0, &old) == 0) {
		step("KVM_SET_ONE_REG", set(vcpu, RV | RV_U64 | RV_TYPE(T_TIMER), old), false, 0,
		     "%s set timer frequency same", when);
		step("KVM_SET_ONE_REG", set(vcpu, RV | RV_U64 | RV_TYPE(T_TIMER), old + 1), false, 0,
		     "%s set timer frequency +1", when);
	}
	/* MULTI_EN/MULTI_DIS writes of nothing */
	step("KVM_SET_ONE_REG", set(vcpu, RV | RV_U64 | RV_TYPE(T_ISA) | SUB_MULTI_EN, 0), false, 0,
	     "%s set isa multi_en 0", when);
	step("KVM_SET_ONE_REG", set(vcpu, RV | RV_U64 | RV_TYPE(T_SBI) | SUB_MULTI_EN, 0), false, 0,
	     "%s set sbi multi_en 0", when);
}

int main(int argc, char **argv)
{
	FILE *seedf = NULL;
	int kvm, vm, vcpu, vcpu2, r;

	setvbuf(stdout, NULL, _IOLBF, 0);
	kvm = kdiff_open(argc, argv, "kdiff-riscv");
#ifndef KDIFF_SIM
	if (argc > 1)
		seedf = fopen(argv[1], "w");
#endif
	if (kvm < 0) {
		printf("error open /dev/kvm: %s\n", strerror(-kvm));
		return 1;
	}
	vm = do_ioctl(kvm, KVM_CREATE_VM, (void *)0);
	if (vm < 0) {
		printf("error KVM_CREATE_VM: %s\n", strerror(-vm));
		return 1;
	}
	vcpu = do_ioctl(vm, KVM_CREATE_VCPU, (void *)0);
	if (vcpu < 0) {
		printf("error KVM_CREATE_VCPU: %s\n", strerror(-vcpu));
		return 1;
	}
#ifndef KDIFF_SIM
	seed(kvm, vcpu, seedf);
	if (seedf)
		fclose(seedf);
#else
	(void)seed;
	(void)seedf;
#endif
	step("KVM_GET_API_VERSION", 0, true, (uint64_t)do_ioctl(kvm, KVM_GET_API_VERSION, NULL),
	     "api");
	script_caps(kvm, vm);
	script_regs(vcpu);
	script_writes(vcpu, "fresh");

	/* a second vCPU: its own state, and the ids */
	vcpu2 = do_ioctl(vm, KVM_CREATE_VCPU, (void *)1);
	step("KVM_CREATE_VCPU", vcpu2 < 0 ? vcpu2 : 0, false, 0, "vcpu id 1");
	if (vcpu2 >= 0) {
		uint64_t v;

		r = get(vcpu2, RV | RV_U64 | RV_TYPE(T_CONFIG), &v);
		step("KVM_GET_ONE_REG", r, r == 0, v, "vcpu1 config isa");
		do_close(vcpu2);
	}
	r = do_ioctl(vm, KVM_CREATE_VCPU, (void *)1);
	step("KVM_CREATE_VCPU", r < 0 ? r : 0, false, 0, "vcpu id 1 again");
	r = do_ioctl(vm, KVM_CREATE_VCPU, (void *)1023);
	step("KVM_CREATE_VCPU", r < 0 ? r : 0, false, 0, "vcpu id 1023");
	r = do_ioctl(vm, KVM_CREATE_VCPU, (void *)1024);
	step("KVM_CREATE_VCPU", r < 0 ? r : 0, false, 0, "vcpu id 1024");
	/* ioctls riscv does not know */
	r = do_ioctl(vcpu, KVM_GET_REGS, NULL);
	step("KVM_GET_REGS", r < 0 ? r : 0, false, 0, "vcpu get_regs");
	r = do_ioctl(vm, KVM_CREATE_IRQCHIP, NULL);
	step("KVM_CREATE_IRQCHIP", r < 0 ? r : 0, false, 0, "vm create_irqchip");

	do_close(vcpu);
	do_close(vm);
	do_close(kvm);
	printf("# steps %u\n", nsteps);
#ifdef KDIFF_SIM
	hvabi_sim_free(sim);
#endif
	return 0;
}
