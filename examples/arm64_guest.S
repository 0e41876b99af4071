/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The guest of arm64_vmm: position-independent code the VMM copies to the
 * start of guest memory and enters at EL1 with the MMU off and x0 holding
 * the base of its report window, an unmapped guest-physical range. Every
 * result is stored to window + 8 * tag, which KVM hands to the VMM as a
 * KVM_EXIT_MMIO; the tags are the VMM's (arm64_vmm.c, enum tag;
 * arm64_guest.h has their count). At the end PSCI SYSTEM_OFF stops the VM
 * (KVM_EXIT_SYSTEM_EVENT), unless the guest was called: entered with a
 * non-zero x30 (KVM starts a vCPU with zeroed registers), it returns
 * there instead, so that another VMM's guest (tests/kernels/
 * qemu-small-guest.c, under QEMU) can run the same questions with its
 * window in memory and print the answers itself.
 *
 * Calls follow SMCCC 1.1 through HVC #0: function id in w0, arguments in
 * x1..x3, results in x0..x3. x20 keeps the window across the calls, x19
 * the return address.
 */

/* A 32-bit constant in a register, without a literal pool. */
.macro	movl	reg, val
	movz	\reg, #((\val) & 0xffff)
	movk	\reg, #(((\val) >> 16) & 0xffff), lsl #16
.endm

/* An SMCCC call with one argument (unused ones are zero). */
.macro	smccc	fn, arg=0
	movl	x0, \fn
	movl	x1, \arg
	mov	x2, xzr
	mov	x3, xzr
	hvc	#0
.endm

.macro	report	tag, reg
	str	\reg, [x20, #((\tag) * 8)]
.endm

.macro	report_sysreg	tag, sysreg
	mrs	x1, \sysreg
	report	\tag, x1
.endm

	.arch_extension sve

	.section .rodata.arm64_guest, "a"
	.balign	4
	.globl	arm64_guest_start
	.globl	arm64_guest_end
arm64_guest_start:
	mov	x19, x30
	mov	x20, x0

	smccc	0x80000000			/* SMCCC_VERSION */
	report	0, x0
	smccc	0x80000001, 0x80008000		/* SMCCC_ARCH_FEATURES(WORKAROUND_1) */
	report	1, x0
	smccc	0x80000001, 0x80007fff		/* SMCCC_ARCH_FEATURES(WORKAROUND_2) */
	report	2, x0
	smccc	0x80000001, 0x80003fff		/* SMCCC_ARCH_FEATURES(WORKAROUND_3) */
	report	3, x0
	smccc	0x84000000			/* PSCI_VERSION */
	report	4, x0
	smccc	0x8400000a, 0x80000000		/* PSCI_FEATURES(SMCCC_VERSION) */
	report	5, x0
	smccc	0x8400000a, 0xc4000001		/* PSCI_FEATURES(CPU_SUSPEND, SMC64) */
	report	6, x0
	smccc	0x8400000a, 0x84000015		/* PSCI_FEATURES(SYSTEM_OFF2) */
	report	7, x0
	smccc	0x8400000a, 0xc4000015		/* PSCI_FEATURES(SYSTEM_OFF2, SMC64) */
	report	8, x0
	smccc	0x8400000a, 0x84000012		/* PSCI_FEATURES(SYSTEM_RESET2) */
	report	9, x0
	smccc	0x84000050			/* TRNG_VERSION */
	report	10, x0
	smccc	0x8600ff01			/* vendor hypervisor UID: four words */
	report	11, x0
	report	12, x1
	report	13, x2
	report	14, x3
	smccc	0x86000000			/* KVM_FUNC_FEATURES: bitmaps in x0, x2 */
	report	15, x0
	report	16, x2
	report	108, x1				/* and the two words KVM leaves 0 */
	report	109, x3
	smccc	0x86000001, 0			/* KVM PTP, virtual counter */
	report	17, x0

	/* ID registers: KVM traps them (HCR_EL2.TID3) and answers the VM's values. */
	report_sysreg	18, id_aa64pfr0_el1
	report_sysreg	19, id_aa64pfr1_el1
	report_sysreg	20, id_aa64isar0_el1
	report_sysreg	21, id_aa64isar1_el1
	report_sysreg	22, s3_0_c0_c6_2		/* ID_AA64ISAR2_EL1 */
	report_sysreg	23, id_aa64mmfr0_el1
	report_sysreg	24, id_aa64mmfr1_el1
	report_sysreg	25, s3_0_c0_c7_2		/* ID_AA64MMFR2_EL1 */
	report_sysreg	26, id_aa64dfr0_el1
	report_sysreg	27, s3_0_c0_c4_4		/* ID_AA64ZFR0_EL1 */
	/* What the guest is told of its CPU and caches (HCR_EL2.TID1/2/4). */
	report_sysreg	28, midr_el1
	report_sysreg	29, ctr_el0
	report_sysreg	30, clidr_el1
	/* What no ioctl shows or KVM may leave to the CPU (HCR_EL2.TID1). */
	report_sysreg	31, cntfrq_el0
	report_sysreg	32, dczid_el0
	report_sysreg	33, revidr_el1
	report_sysreg	34, aidr_el1
	report_sysreg	35, mpidr_el1

	/*
	 * CCSIDR_EL1 of each cache CLIDR_EL1 describes, at tag 36 + CSSELR;
	 * all-ones where it describes none (CCSIDR_EL1 is UNKNOWN there).
	 * Ctype<n> (3 bits a level): 1 I, 2 D, 3 I and D, 4 unified.
	 */
	mrs	x21, clidr_el1
	mov	x22, xzr			/* CSSELR: level << 1 | InD */
	add	x26, x20, #(36 * 8)
2:	lsr	x23, x22, #1
	add	x24, x23, x23, lsl #1
	lsr	x25, x21, x24
	and	x25, x25, #7
	tbnz	x22, #0, 3f
	cmp	x25, #2				/* data or unified: 2, 3 or 4 */
	b.lo	4f
	cmp	x25, #4
	b.hi	4f
	b	5f
3:	cmp	x25, #1				/* instruction: 1 or 3 */
	b.eq	5f
	cmp	x25, #3
	b.eq	5f
4:	mov	x1, #-1
	b	6f
5:	msr	csselr_el1, x22
	isb
	mrs	x1, ccsidr_el1
6:	str	x1, [x26, x22, lsl #3]
	add	x22, x22, #1
	cmp	x22, #14
	b.lo	2b

	/*
	 * SVE's vector length where the vCPU has SVE (ID_AA64PFR0_EL1.SVE):
	 * SVE and FP enabled at EL1 (CPACR_EL1.ZEN, FPEN), ZCR_EL1.LEN at its
	 * largest, then RDVL; 0 without SVE.
	 */
	mov	x1, xzr
	mrs	x2, id_aa64pfr0_el1
	ubfx	x2, x2, #32, #4
	cbz	x2, 7f
	mrs	x2, cpacr_el1
	orr	x2, x2, #(3 << 16)
	orr	x2, x2, #(3 << 20)
	msr	cpacr_el1, x2
	isb
	mov	x2, #0xf
	msr	s3_0_c1_c2_0, x2		/* ZCR_EL1 */
	isb
	rdvl	x1, #1
7:	report	50, x1

	/* PMCR_EL0.N where the vCPU has a PMU (ID_AA64DFR0_EL1.PMUVer neither 0 nor IMP_DEF) */
	mov	x1, xzr
	mrs	x2, id_aa64dfr0_el1
	ubfx	x2, x2, #8, #4
	cbz	x2, 8f
	cmp	x2, #0xf
	b.eq	8f
	mrs	x1, pmcr_el0
	ubfx	x1, x1, #11, #5
8:	report	51, x1

	/*
	 * Every register of the feature ID space (op0 3, op1 0, CRn 0, CRm
	 * 1-7), allocated or not (KVM traps them all, HCR_EL2.TID3, and
	 * answers 0 for the unallocated): tag 52 + 8 * (CRm - 1) + op2.
	 */
	.irp	crm, 1, 2, 3, 4, 5, 6, 7
	.irp	op2, 0, 1, 2, 3, 4, 5, 6, 7
	mrs	x1, s3_0_c0_c\crm\()_\op2
	report	(52 + 8 * (\crm - 1) + \op2), x1
	.endr
	.endr

	/*
	 * The CPU implementations a VM may run on (Linux 6.15+,
	 * Documentation/virt/kvm/arm/hypercalls.rst): KVM never answers these
	 * itself; with an SMCCC filter range forwarding them (FWD_TO_USER) the
	 * VMM does, else the guest gets NOT_SUPPORTED. x0..x3 of
	 * DISCOVER_IMPL_VER at 110, of DISCOVER_IMPL_CPUS(i) at 114 + 4 * i,
	 * i = 0 to 3 (past the end of a list of two: INVALID_PARAMETER).
	 */
	smccc	0xc6000040			/* DISCOVER_IMPL_VER */
	report	110, x0
	report	111, x1
	report	112, x2
	report	113, x3
	.irp	i, 0, 1, 2, 3
	smccc	0xc6000041, \i			/* DISCOVER_IMPL_CPUS(i) */
	report	(114 + 4 * \i), x0
	report	(115 + 4 * \i), x1
	report	(116 + 4 * \i), x2
	report	(117 + 4 * \i), x3
	.endr

	cbz	x19, 9f
	ret	x19
9:	smccc	0x84000008			/* PSCI SYSTEM_OFF: the end */
1:	wfi
	b	1b
arm64_guest_end:

	.section .note.GNU-stack, "", %progbits
