/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The guest of riscv_vmm: position-independent code the VMM copies to the
 * start of guest memory and enters in VS-mode (supervisor, satp bare) with
 * a0 holding the base of its report window, an unmapped guest-physical
 * range. Every result is stored to window + 8 * tag, which KVM hands to
 * the VMM as a KVM_EXIT_MMIO; the tags are the VMM's (riscv_vmm.c, enum
 * tag). At the end SBI SRST (system reset, shutdown) stops the VM
 * (KVM_EXIT_SYSTEM_EVENT).
 *
 * What a VS-mode guest can observe of its ABI: the SBI calls KVM answers
 * (ecall: extension id in a7, function in a6, error in a0, value in a1;
 * every other register is preserved) and which instructions trap. misa is
 * an M-mode CSR: reading it raises an illegal instruction, which KVM
 * delegates to the guest (hedeleg), so the ISA is only seen through the
 * traps of the instructions an extension brings, where KVM can make them
 * trap (henvcfg, hcounteren, the host's sstatus.FS): most extensions (Zba,
 * Zbb, ...) have no such switch and run whatever the vCPU's register says.
 *
 * s1 keeps the window; t6 holds the cause of the last trap, 0 for none.
 * Probed instructions are 4 bytes (norvc), so the handler skips them by 4.
 * Addresses are pc-relative (lla, never la, which a PIC build loads from
 * the GOT; norelax, or the linker may make them gp-relative): the code
 * runs from a copy.
 */

	.option	norvc
	.option	norelax

/* An SBI call; the value, or the SBI error (negative) where a0 is not 0. */
.macro	sbi	eid, fid, arg0=0
	li	a7, \eid
	li	a6, \fid
	li	a0, \arg0
	li	a1, 0
	ecall
	beqz	a0, 1f
	mv	a1, a0
1:
.endm

.macro	report	tag, reg
	sd	\reg, ((\tag) * 8)(s1)
.endm

/* SBI base extension (0x10). */
.macro	base	tag, fid
	sbi	0x10, \fid
	report	\tag, a1
.endm

/* probe_extension (base function 3) of one extension id. */
.macro	probe	tag, eid
	sbi	0x10, 3, \eid
	report	\tag, a1
.endm

/* The trap cause of one instruction, 0 when it does not trap. */
.macro	trap	tag, insn:vararg
	li	t6, 0
	\insn
	report	\tag, t6
.endm

	.section .rodata.riscv_guest, "a"
	.balign	4
	.globl	riscv_guest_start
	.globl	riscv_guest_end
riscv_guest_start:
	mv	s1, a0
	lla	t0, guest_trap
	csrw	stvec, t0
	/* a scratch line for the cache-block instructions: the code's own page */
	lla	s2, riscv_guest_start

	base	0, 0			/* get_spec_version */
	base	1, 1			/* get_impl_id */
	base	2, 2			/* get_impl_version */
	base	3, 4			/* get_mvendorid */
	base	4, 5			/* get_marchid */
	base	5, 6			/* get_mimpid */

	/*
	 * One id of every extension KVM's SBI_EXT registers name (the legacy
	 * range 0x0-0xf by its first id). The experimental and vendor ranges
	 * are left out: KVM forwards their probe to the VMM whatever the
	 * register says (vcpu_sbi_base.c), so the answer is the VMM's.
	 */
	probe	6, 0x10			/* BASE */
	probe	7, 0x0			/* V01 (legacy set_timer) */
	probe	8, 0x54494d45		/* TIME */
	probe	9, 0x735049		/* IPI */
	probe	10, 0x52464e43		/* RFENCE */
	probe	11, 0x53525354		/* SRST */
	probe	12, 0x48534d		/* HSM */
	probe	13, 0x504d55		/* PMU */
	probe	14, 0x4442434e		/* DBCN */
	probe	15, 0x535441		/* STA */
	probe	16, 0x53555350		/* SUSP */
	probe	17, 0x46574654		/* FWFT */
	probe	18, 0x4d505859		/* MPXY */

	/*
	 * The guest's own sstatus.FS starts Off; with it on, an FP access
	 * still traps where KVM keeps the host's sstatus.FS Off, which it
	 * does without F and D (kvm_riscv_vcpu_fp_reset(), vcpu_fp.c).
	 */
	li	t0, 0x2000
	csrs	sstatus, t0
	trap	19, csrr t0, fcsr

	trap	20, csrr t0, 0x301		/* misa: M-mode */
	trap	21, csrr t0, 0x14d		/* stimecmp: henvcfg.STCE with Sstc */
	trap	22, csrr t0, time		/* hcounteren.TM */
	trap	23, csrr t0, cycle		/* emulated by KVM's PMU code */
	trap	24, csrr t0, instret
	trap	25, csrr t0, 0xc03		/* hpmcounter3: SBI PMU only */
	trap	26, .insn i 0x0f, 2, x0, 4(s2)	/* cbo.zero: henvcfg.CBZE with Zicboz */
	trap	27, .insn i 0x0f, 2, x0, 1(s2)	/* cbo.clean: henvcfg.CBCFE with Zicbom */

	sbi	0x53525354, 0, 0	/* SRST system_reset(shutdown): the end */
2:	wfi
	j	2b

	.balign	4
guest_trap:
	csrr	t6, scause
	csrr	t5, sepc
	addi	t5, t5, 4
	csrw	sepc, t5
	sret
riscv_guest_end:

	.section .note.GNU-stack, "", %progbits
