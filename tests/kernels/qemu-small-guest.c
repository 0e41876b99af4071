/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The lab's small guest under QEMU (run-qemu.sh): a bare-metal arm64 ELF
 * that QEMU's virt machine starts at EL1 with -kernel under -accel kvm.
 * It runs the guest of arm64_vmm itself, examples/arm64_guest.S, linked
 * in: the same SMCCC, PSCI, TRNG, vendor-hypervisor and PTP calls, the ID
 * registers, the whole feature ID space, MIDR/REVIDR/AIDR/MPIDR, CTR,
 * CLIDR and every CCSIDR, DCZID, CNTFRQ, SVE's vector length and PMCR.N.
 * Under arm64_vmm that guest stores each answer to an unmapped window the
 * VMM decodes; here it is called with its window in memory, returns (a
 * non-zero x30, arm64_guest.S), and this program prints one
 * "small: TAG = 0xVALUE" line a report through the PL011 at 0x09000000
 * (run-qemu.sh names the tags with arm64_vmm --tag-names), then calls
 * PSCI SYSTEM_OFF.
 *
 * Build (run-qemu.sh): aarch64-linux-gnu-gcc -ffreestanding -nostdlib
 *	-static -O2 -mstrict-align -mgeneral-regs-only -Iexamples -Wl,-N
 *	-Wl,--build-id=none -Wl,--no-warn-rwx-segments -Wl,-Ttext=0x40080000
 *	-Wl,-e,_start -o small.elf tests/kernels/qemu-small-guest.c
 *	examples/arm64_guest.S
 * The MMU stays off: every access is Device memory, hence -mstrict-align.
 */
#include <stdint.h>

#include "arm64_guest.h"

#define UART_DR ((volatile uint32_t *)0x09000000)
#define UART_FR ((volatile uint32_t *)0x09000018)

/* arm64_guest.S's window: one 64-bit report a tag. */
uint64_t small_reports[ARM64_GUEST_NTAGS];

__asm__(".section .text.start, \"ax\"\n"
	".global _start\n"
	"_start:\n"
	"	ldr x0, =0x40200000\n"
	"	mov sp, x0\n"
	"	ldr x0, =small_reports\n"
	"	bl arm64_guest_start\n"
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

static void hex(uint64_t v)
{
	int i;

	puts_("0x");
	for (i = 60; i >= 0; i -= 4) {
		unsigned int d = (unsigned int)(v >> i) & 0xf;

		if (v >> i || i == 0)
			putc_((char)(d < 10 ? '0' + d : 'a' + d - 10));
	}
}

static void dec(unsigned int v)
{
	char b[10];
	int n = 0;

	do {
		b[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		putc_(b[--n]);
}

void small_main(void);
void small_main(void)
{
	register uint64_t x0 __asm__("x0") = 0x84000008u; /* PSCI SYSTEM_OFF */
	unsigned int t;

	for (t = 0; t < ARM64_GUEST_NTAGS; t++) {
		puts_("small: ");
		dec(t);
		puts_(" = ");
		hex(small_reports[t]);
		putc_('\n');
	}
	puts_("small: done\n");
	__asm__ volatile("hvc #0" : "+r"(x0) : : "x1", "x2", "x3", "memory");
}
