/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * riscv64 catalogue: ISA and SBI extension registers (single subtype) and
 * the implementation ID config registers.
 * Sources: arch/riscv/include/uapi/asm/kvm.h (enum KVM_RISCV_ISA_EXT_ID,
 * enum KVM_RISCV_SBI_EXT_ID, struct kvm_riscv_config), arch/riscv/kvm/
 * vcpu_onereg.c and vcpu_sbi.c. Rows must stay sorted by key.
 *
 * Each extension register reads 1 when the vCPU offers the extension and
 * 0 when not; every one is per vCPU. The index is the enum value, which
 * the kernel never reorders. @since is the first mainline release whose
 * header has the entry: 6.1 and 6.4 were read from their headers, the
 * others from the kvm-riscv merge history (SUSP: not in 6.12's header,
 * whose SBI ids end at STA).
 */

#include "catalog-internal.h"
#include "kvm-uapi.h"

#define KV HVABI_KERNEL_VERSION

/* The ISA_EXT register type (7) predates the subtypes; ISA_SINGLE (0) kept its ids. */
#define ISA(idx, nm, ver, sum)                                                  \
	{ .key = { HVABI_NS_ONE_REG, 0, 0, HVABI_RISCV_ISA_EXT_REG(idx) },       \
	  .name = "ISA_EXT_" nm, .summary = sum, .kind = HVABI_KIND_BITMAP,       \
	  .scope = HVABI_SCOPE_VCPU, .width = 8, .since = ver }

/*
 * Zaamo and Zalrsc are the two halves of A (arch/riscv/kernel/cpufeature.c,
 * riscv_a_exts). A kernel without their registers (before 6.15) gives
 * every guest A, which it never lets a VMM disable
 * (kvm_riscv_vcpu_isa_disable_allowed() in arch/riscv/kvm/vcpu_onereg.c),
 * so its guests had both: absent reads as 1.
 */
#define ISA_OF_A(idx, nm, ver, sum)                                             \
	{ .key = { HVABI_NS_ONE_REG, 0, 0, HVABI_RISCV_ISA_EXT_REG(idx) },       \
	  .name = "ISA_EXT_" nm, .summary = sum, .kind = HVABI_KIND_BITMAP,       \
	  .scope = HVABI_SCOPE_VCPU, .width = 8, .since = ver,                  \
	  .flags = HVABI_CATALOG_HAS_IMPLIED, .implied = 1 }

#define SBI(idx, nm, ver, sum)                                                  \
	{ .key = { HVABI_NS_ONE_REG, 0, 0, HVABI_RISCV_SBI_EXT_REG(idx) },       \
	  .name = "SBI_EXT_" nm, .summary = sum, .kind = HVABI_KIND_BITMAP,       \
	  .scope = HVABI_SCOPE_VCPU, .width = 8, .since = ver }

/*
 * An SBI extension younger than the SBI_EXT registers (6.4): a kernel
 * before @ver has no handler for it, so probe_extension answers 0 and its
 * calls NOT_SUPPORTED; one since @ver lists the register unless the
 * extension is unavailable on the host, which answers the same
 * (kvm_vcpu_sbi_find_ext() finds only enabled ones, arch/riscv/kvm/
 * vcpu_sbi.c). Absent reads as 0 on every kernel.
 */
#define SBI_LATER(idx, nm, ver, sum)                                            \
	{ .key = { HVABI_NS_ONE_REG, 0, 0, HVABI_RISCV_SBI_EXT_REG(idx) },       \
	  .name = "SBI_EXT_" nm, .summary = sum, .kind = HVABI_KIND_BITMAP,       \
	  .scope = HVABI_SCOPE_VCPU, .width = 8, .since = ver,                  \
	  .flags = HVABI_CATALOG_HAS_IMPLIED, .implied = 0 }

/*
 * mvendorid, marchid and mimpid: the host's by default; a VMM may set
 * them before the vCPU first runs (EBUSY after). They follow isa (0) and
 * zicbom_block_size (1) in struct kvm_riscv_config.
 */
#define CONFIG(idx, nm, sum)                                                    \
	{ .key = { HVABI_NS_ONE_REG, 0, 0, HVABI_RISCV_CONFIG_REG(idx) },        \
	  .name = nm, .summary = sum, .kind = HVABI_KIND_EXACT,                  \
	  .scope = HVABI_SCOPE_VCPU, .width = 8, .since = KV(6, 2) }

/*
 * What the probe's guest read (hvabi_kvm_probe(), HVABI_PROBE_GUEST_READS):
 * the answers of the SBI base extension (arch/riscv/kvm/vcpu_sbi_base.c,
 * 6.12.107 and 7.2.8): the spec version and the implementation version
 * (LINUX_VERSION_CODE: every kernel release differs) no ioctl shows or
 * sets; mvendorid, marchid, mimpid, which follow the CONFIG registers;
 * probe_extension of each extension, keyed by its SBI_EXT register: 0
 * while the register disables it, else the extension's own probe (which
 * a host may answer 0, as Debian's kernels do for V01, built without
 * CONFIG_RISCV_SBI_V01), so a set that enables what a host's probe saw
 * off promises nothing about it (rules.c).
 */
#define GUEST(id, nm, sum)                                                      \
	{ .key = { HVABI_NS_GUEST_READ, 0, 0, id }, .name = nm, .summary = sum,  \
	  .kind = HVABI_KIND_EXACT, .scope = HVABI_SCOPE_VM, .width = 8,          \
	  .flags = HVABI_CATALOG_READ_ONLY }
#define GUEST_PROBE(idx, nm)                                                    \
	GUEST(HVABI_RISCV_SBI_EXT_REG(idx), "guest.SBI_PROBE_" nm,                \
	      "probe_extension(" nm ") as the guest reads it")

static const struct hvabi_cat_entry rows[] = {
	/* Config registers (type 1) sort before ISA_EXT (7) and SBI_EXT (8). */
	CONFIG(2, "CONFIG_MVENDORID", "JEDEC vendor id the guest reads"),
	CONFIG(3, "CONFIG_MARCHID", "microarchitecture id the guest reads"),
	CONFIG(4, "CONFIG_MIMPID", "implementation id the guest reads"),
	ISA(0, "A", KV(5, 18), "atomic instructions"),
	ISA(1, "C", KV(5, 18), "compressed instructions"),
	ISA(2, "D", KV(5, 18), "double-precision floating point"),
	ISA(3, "F", KV(5, 18), "single-precision floating point"),
	ISA(4, "H", KV(5, 18), "hypervisor extension (nested virtualisation)"),
	ISA(5, "I", KV(5, 18), "base integer instructions"),
	ISA(6, "M", KV(5, 18), "integer multiply and divide"),
	ISA(7, "SVPBMT", KV(5, 19), "page-based memory types"),
	ISA(8, "SSTC", KV(6, 0), "supervisor timer compare (stimecmp)"),
	ISA(9, "SVINVAL", KV(6, 0), "fine-grained TLB invalidation"),
	ISA(10, "ZIHINTPAUSE", KV(6, 0), "PAUSE hint"),
	ISA(11, "ZICBOM", KV(6, 1), "cache-block management"),
	ISA(12, "ZICBOZ", KV(6, 3), "cache-block zero"),
	ISA(13, "ZBB", KV(6, 3), "basic bit manipulation"),
	ISA(14, "SSAIA", KV(6, 4), "advanced interrupt architecture, supervisor level"),
	ISA(15, "V", KV(6, 5), "vector extension"),
	ISA(16, "SVNAPOT", KV(6, 5), "NAPOT translation contiguity"),
	ISA(17, "ZBA", KV(6, 6), "address-generation bit manipulation"),
	ISA(18, "ZBS", KV(6, 6), "single-bit instructions"),
	ISA(19, "ZICNTR", KV(6, 6), "base counters and timers"),
	ISA(20, "ZICSR", KV(6, 6), "CSR instructions"),
	ISA(21, "ZIFENCEI", KV(6, 6), "FENCE.I"),
	ISA(22, "ZIHPM", KV(6, 6), "hardware performance counters"),
	ISA(23, "SMSTATEEN", KV(6, 7), "state-enable CSRs"),
	ISA(24, "ZICOND", KV(6, 7), "integer conditional operations"),
	ISA(25, "ZBC", KV(6, 8), "carry-less multiplication"),
	ISA(26, "ZBKB", KV(6, 8), "bit manipulation for cryptography"),
	ISA(27, "ZBKC", KV(6, 8), "carry-less multiplication for cryptography"),
	ISA(28, "ZBKX", KV(6, 8), "crossbar permutations"),
	ISA(29, "ZKND", KV(6, 8), "NIST AES decryption"),
	ISA(30, "ZKNE", KV(6, 8), "NIST AES encryption"),
	ISA(31, "ZKNH", KV(6, 8), "NIST hash (SHA-2)"),
	ISA(32, "ZKR", KV(6, 8), "entropy source"),
	ISA(33, "ZKSED", KV(6, 8), "ShangMi SM4"),
	ISA(34, "ZKSH", KV(6, 8), "ShangMi SM3"),
	ISA(35, "ZKT", KV(6, 8), "data-independent execution latency"),
	ISA(36, "ZVBB", KV(6, 8), "vector basic bit manipulation"),
	ISA(37, "ZVBC", KV(6, 8), "vector carry-less multiplication"),
	ISA(38, "ZVKB", KV(6, 8), "vector cryptography bit manipulation"),
	ISA(39, "ZVKG", KV(6, 8), "vector GCM/GMAC"),
	ISA(40, "ZVKNED", KV(6, 8), "vector AES"),
	ISA(41, "ZVKNHA", KV(6, 8), "vector SHA-2 (SHA-256)"),
	ISA(42, "ZVKNHB", KV(6, 8), "vector SHA-2 (SHA-256/512)"),
	ISA(43, "ZVKSED", KV(6, 8), "vector SM4"),
	ISA(44, "ZVKSH", KV(6, 8), "vector SM3"),
	ISA(45, "ZVKT", KV(6, 8), "vector data-independent execution latency"),
	ISA(46, "ZFH", KV(6, 8), "half-precision floating point"),
	ISA(47, "ZFHMIN", KV(6, 8), "minimal half-precision floating point"),
	ISA(48, "ZIHINTNTL", KV(6, 8), "non-temporal locality hints"),
	ISA(49, "ZVFH", KV(6, 8), "vector half-precision floating point"),
	ISA(50, "ZVFHMIN", KV(6, 8), "minimal vector half-precision floating point"),
	ISA(51, "ZFA", KV(6, 8), "additional floating-point instructions"),
	ISA(52, "ZTSO", KV(6, 8), "total store ordering"),
	ISA(53, "ZACAS", KV(6, 8), "atomic compare-and-swap"),
	ISA(54, "SSCOFPMF", KV(6, 10), "counter overflow and mode-based filtering"),
	ISA(55, "ZIMOP", KV(6, 11), "may-be-operations"),
	ISA(56, "ZCA", KV(6, 11), "compressed instructions without FP loads/stores"),
	ISA(57, "ZCB", KV(6, 11), "simple compressed instructions"),
	ISA(58, "ZCD", KV(6, 11), "compressed double-precision loads/stores"),
	ISA(59, "ZCF", KV(6, 11), "compressed single-precision loads/stores"),
	ISA(60, "ZCMOP", KV(6, 11), "compressed may-be-operations"),
	ISA(61, "ZAWRS", KV(6, 11), "wait on reservation set"),
	ISA(62, "SMNPM", KV(6, 13), "pointer masking, machine level"),
	ISA(63, "SSNPM", KV(6, 13), "pointer masking, supervisor level"),
	ISA(64, "SVADE", KV(6, 14), "A/D bits by exception"),
	ISA(65, "SVADU", KV(6, 14), "hardware A/D bit updates"),
	ISA(66, "SVVPTC", KV(6, 14), "obviating memory-management fences"),
	ISA(67, "ZABHA", KV(6, 14), "byte and halfword atomics"),
	ISA(68, "ZICCRSE", KV(6, 14), "main-memory reservability (RsrvEventual)"),
	ISA_OF_A(69, "ZAAMO", KV(6, 15), "atomic memory operations"),
	ISA_OF_A(70, "ZALRSC", KV(6, 15), "load-reserved/store-conditional"),
	ISA(71, "ZICBOP", KV(6, 18), "cache-block prefetch"),
	ISA(72, "ZFBFMIN", KV(6, 18), "scalar BF16 conversions"),
	ISA(73, "ZVFBFMIN", KV(6, 18), "vector BF16 conversions"),
	ISA(74, "ZVFBFWMA", KV(6, 18), "vector BF16 widening multiply-add"),
	ISA(75, "ZCLSD", KV(7, 0), "compressed load/store pair (RV32)"),
	ISA(76, "ZILSD", KV(7, 0), "load/store pair (RV32)"),
	ISA(77, "ZALASR", KV(7, 0), "load-acquire/store-release"),
	ISA(78, "ZICFILP", KV(7, 0), "control-flow integrity: landing pads"),
	ISA(79, "ZICFISS", KV(7, 0), "control-flow integrity: shadow stack"),
	SBI(0, "V01", KV(6, 4), "legacy SBI v0.1 calls"),
	SBI(1, "TIME", KV(6, 4), "SBI timer"),
	SBI(2, "IPI", KV(6, 4), "SBI inter-processor interrupts"),
	SBI(3, "RFENCE", KV(6, 4), "SBI remote fences"),
	SBI(4, "SRST", KV(6, 4), "SBI system reset"),
	SBI(5, "HSM", KV(6, 4), "SBI hart state management"),
	SBI(6, "PMU", KV(6, 4), "SBI performance monitoring"),
	SBI(7, "EXPERIMENTAL", KV(6, 4), "SBI experimental range (forwarded to the VMM)"),
	SBI(8, "VENDOR", KV(6, 4), "SBI vendor range (forwarded to the VMM)"),
	SBI_LATER(9, "DBCN", KV(6, 8), "SBI debug console"),
	SBI_LATER(10, "STA", KV(6, 8), "SBI steal-time accounting"),
	SBI_LATER(11, "SUSP", KV(6, 13), "SBI system suspend"),
	SBI_LATER(12, "FWFT", KV(6, 16), "SBI firmware features"),
	SBI_LATER(13, "MPXY", KV(6, 18), "SBI message proxy"),
	/* What the probe's guest read (HVABI_NS_GUEST_READ) sorts last. */
	GUEST(HVABI_RISCV_CONFIG_REG(2), "guest.MVENDORID", "sbi_get_mvendorid() as the guest reads it"),
	GUEST(HVABI_RISCV_CONFIG_REG(3), "guest.MARCHID", "sbi_get_marchid() as the guest reads it"),
	GUEST(HVABI_RISCV_CONFIG_REG(4), "guest.MIMPID", "sbi_get_mimpid() as the guest reads it"),
	GUEST_PROBE(0, "V01"), GUEST_PROBE(1, "TIME"), GUEST_PROBE(2, "IPI"),
	GUEST_PROBE(3, "RFENCE"), GUEST_PROBE(4, "SRST"), GUEST_PROBE(5, "HSM"),
	GUEST_PROBE(6, "PMU"), GUEST_PROBE(9, "DBCN"), GUEST_PROBE(10, "STA"),
	GUEST_PROBE(11, "SUSP"), GUEST_PROBE(12, "FWFT"), GUEST_PROBE(13, "MPXY"),
	GUEST(HVABI_RISCV_GUEST_SBI_BASE(0), "guest.SBI_SPEC_VERSION",
	      "SBI specification version KVM implements (KVM_SBI_VERSION_MAJOR/MINOR)"),
	GUEST(HVABI_RISCV_GUEST_SBI_BASE(1), "guest.SBI_IMPL_ID", "SBI implementation id (KVM: 3)"),
	GUEST(HVABI_RISCV_GUEST_SBI_BASE(2), "guest.SBI_IMPL_VERSION",
	      "SBI implementation version: the kernel's LINUX_VERSION_CODE"),
};

const struct hvabi_cat_table hvabi_cat_riscv64 = {
	.arch = HVABI_ARCH_RISCV64,
	.rows = rows,
	.n = HVABI_ARRAY_SIZE(rows),
};
