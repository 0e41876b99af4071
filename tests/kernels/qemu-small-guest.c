/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The lab's small guest for QEMU (run-qemu.sh): a bare-metal arm64 ELF that
 * QEMU's virt machine starts at EL1 with -kernel under -accel kvm. It asks
 * the hypervisor what examples/arm64_guest.S asks (SMCCC and PSCI versions
 * and features, the TRNG version, KVM's vendor UID, KVM_FUNC_FEATURES and
 * the PTP call) and reads the ID registers and what a guest reads without
 * asking KVM (MIDR, REVIDR, AIDR, CTR, CLIDR, DCZID, CNTFRQ), prints one
 * "small: NAME = 0xVALUE" line each through the PL011 at 0x09000000, then
 * calls PSCI SYSTEM_OFF. arm64_guest.S reports through stores to an
 * unmapped window that only arm64_vmm decodes, so QEMU needs its own.
 *
 * Build: aarch64-linux-gnu-gcc -ffreestanding -nostdlib -static -O2
 *	-mstrict-align -mgeneral-regs-only -Wl,-N -Wl,--build-id=none
 *	-Wl,--no-warn-rwx-segments -Wl,-Ttext=0x40080000
 *	-Wl,-e,_start -o small.elf tests/kernels/qemu-small-guest.c
 * The MMU stays off: every access is Device memory, hence -mstrict-align.
 */
#include <stdint.h>

#define UART_DR ((volatile uint32_t *)0x09000000)
#define UART_FR ((volatile uint32_t *)0x09000018)

__asm__(".section .text.start, \"ax\"\n"
	".global _start\n"
	"_start:\n"
	"	ldr x0, =0x40200000\n"
	"	mov sp, x0\n"
	"	bl small_main\n"
	"1:	wfi\n"
	"	b 1b\n"
	"	.ltorg\n"
	".text\n");

static void putc_(char c)
{
	while (*UART_FR & (1u << 5)) /* TXFF */
		;
	*UART_DR = (uint32_t)c;
}

static void puts_(const char *s)
{
	while (*s)
		putc_(*s++);
}

static void line(const char *name, uint64_t v)
{
	int i;

	puts_("small: ");
	puts_(name);
	puts_(" = 0x");
	for (i = 60; i >= 0; i -= 4) {
		unsigned int d = (unsigned int)(v >> i) & 0xf;

		if (v >> i || i == 0)
			putc_((char)(d < 10 ? '0' + d : 'a' + d - 10));
	}
	putc_('\n');
}

struct res {
	uint64_t x0, x1, x2, x3;
};

static struct res hvc(uint64_t fn, uint64_t a1)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = 0;
	register uint64_t x3 __asm__("x3") = 0;
	struct res r;

	__asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory");
	r.x0 = x0;
	r.x1 = x1;
	r.x2 = x2;
	r.x3 = x3;
	return r;
}

#define MRS(reg) ({ uint64_t v_; __asm__ volatile("mrs %0, " reg : "=r"(v_)); v_; })

void small_main(void);
void small_main(void)
{
	struct res r;

	line("SMCCC_VERSION", hvc(0x80000000u, 0).x0);
	line("SMCCC_ARCH_FEATURES(WORKAROUND_1)", hvc(0x80000001u, 0x80008000u).x0);
	line("SMCCC_ARCH_FEATURES(WORKAROUND_2)", hvc(0x80000001u, 0x80007fffu).x0);
	line("SMCCC_ARCH_FEATURES(WORKAROUND_3)", hvc(0x80000001u, 0x80003fffu).x0);
	line("PSCI_VERSION", hvc(0x84000000u, 0).x0);
	line("PSCI_FEATURES(SMCCC_VERSION)", hvc(0x8400000au, 0x80000000u).x0);
	line("PSCI_FEATURES(CPU_SUSPEND64)", hvc(0x8400000au, 0xc4000001u).x0);
	line("PSCI_FEATURES(SYSTEM_OFF2)", hvc(0x8400000au, 0x84000015u).x0);
	line("PSCI_FEATURES(SYSTEM_RESET2)", hvc(0x8400000au, 0x84000012u).x0);
	line("TRNG_VERSION", hvc(0x84000050u, 0).x0);
	r = hvc(0x8600ff01u, 0); /* ARM_SMCCC_VENDOR_HYP_CALL_UID */
	line("VENDOR_HYP_UID.w0", r.x0);
	line("VENDOR_HYP_UID.w1", r.x1);
	line("VENDOR_HYP_UID.w2", r.x2);
	line("VENDOR_HYP_UID.w3", r.x3);
	r = hvc(0x86000000u, 0); /* ARM_SMCCC_VENDOR_HYP_KVM_FEATURES_FUNC */
	line("KVM_FUNC_FEATURES.x0", r.x0);
	line("KVM_FUNC_FEATURES.x2", r.x2);
	/* KVM_PTP: x0 is the time where it answers; only whether it does is ABI. */
	line("KVM_PTP.answers", hvc(0x86000001u, 0).x0 != (uint64_t)-1);
	line("ID_AA64PFR0_EL1", MRS("id_aa64pfr0_el1"));
	line("ID_AA64PFR1_EL1", MRS("id_aa64pfr1_el1"));
	line("ID_AA64ISAR0_EL1", MRS("id_aa64isar0_el1"));
	line("ID_AA64ISAR1_EL1", MRS("id_aa64isar1_el1"));
	line("ID_AA64ISAR2_EL1", MRS("s3_0_c0_c6_2"));
	line("ID_AA64MMFR0_EL1", MRS("id_aa64mmfr0_el1"));
	line("ID_AA64MMFR1_EL1", MRS("id_aa64mmfr1_el1"));
	line("ID_AA64MMFR2_EL1", MRS("s3_0_c0_c7_2"));
	line("ID_AA64DFR0_EL1", MRS("id_aa64dfr0_el1"));
	line("ID_AA64ZFR0_EL1", MRS("s3_0_c0_c4_4"));
	line("MIDR_EL1", MRS("midr_el1"));
	line("REVIDR_EL1", MRS("revidr_el1"));
	line("AIDR_EL1", MRS("aidr_el1"));
	line("CTR_EL0", MRS("ctr_el0"));
	line("CLIDR_EL1", MRS("clidr_el1"));
	line("DCZID_EL0", MRS("dczid_el0"));
	line("CNTFRQ_EL0", MRS("cntfrq_el0"));
	puts_("small: done\n");
	hvc(0x84000008u, 0); /* PSCI SYSTEM_OFF */
}
