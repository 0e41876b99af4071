/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The simulated KVM: state shared by sim.c (fds, dispatch, public API),
 * <arch>.c (the per-architecture ioctl handlers) and models.c
 * (the const model tables). All state hangs off struct hvabi_sim; the
 * only globals are the const tables.
 */
#ifndef HVABI_SIM_INTERNAL_H
#define HVABI_SIM_INTERNAL_H

#include "backend.h"
#include "kvm-uapi.h"
#include <libhvabi/sim.h>

/* Fake fds start high so they never collide with a real descriptor. */
#define SIM_FD_BASE 0x40000000
#define SIM_MAX_FDS 512
/* vCPUs per simulated VM (KVM allows more; tests never need them). */
#define SIM_MAX_VCPUS 64
/* The page size KVM_GET_VCPU_MMAP_SIZE reports (a 4K-page host). */
#define SIM_PAGE_SIZE 4096

/* The API version every KVM since 2.6.22 reports (KVM_API_VERSION). */
#define SIM_KVM_API_VERSION 12

enum sim_fd_kind {
	SIM_FD_FREE = 0,
	SIM_FD_SYSTEM,
	SIM_FD_VM,
	SIM_FD_VCPU,
};

/* A KVM_CHECK_EXTENSION answer; capabilities not listed answer 0. */
struct sim_cap {
	uint32_t cap;
	int value;
	uint8_t flags; /* SIM_CAP_* */
};

/* The answer is the host's: hvabi_sim_set_host() may change it. */
#define SIM_CAP_HOST 0x1
/* Only a VM fd knows it: /dev/kvm answers -EINVAL (kvm == NULL in the kernel). */
#define SIM_CAP_VM_ONLY 0x2
/* Computed from the host's ID registers (hvabi_sim_arm64_cap()). */
#define SIM_CAP_DERIVED 0x4
/* Capabilities per model (the largest table, with room). */
#define SIM_MAX_CAPS 128

/* ---------------------------------------------------------------- arm64 */

/* How SET_ONE_REG treats an ID register beyond the common rules. */
enum sim_idreg_rule {
	SIM_IDR_PLAIN = 0,  /* set_id_reg (6.7+) or "must equal" (older) */
	SIM_IDR_PFR0,       /* ID_AA64PFR0_EL1: CSV2/CSV3 (old), MPAM quirk (new) */
	SIM_IDR_PFR1,       /* ID_AA64PFR1_EL1: MPAM_frac quirk (6.14+) */
	SIM_IDR_MMFR2,      /* ID_AA64MMFR2_EL1: NV quirk (6.14+) */
	SIM_IDR_DFR0,       /* ID_AA64DFR0_EL1: PMUVer IMP_DEF, DebugVer floor */
	SIM_IDR_AA32DFR0,   /* ID_DFR0_EL1: PerfMon IMPDEF, PerfMon/CopDbg floors */
	SIM_IDR_CTR,        /* CTR_EL0: invariant (old), L1Ip rule (6.13+) */
	SIM_IDR_IMP,        /* MIDR/REVIDR/AIDR: invariant, or cap 239 (6.15) */
	SIM_IDR_CLIDR,      /* CLIDR_EL1: invariant (old), per-vCPU set_clidr (6.3+) */
};

/*
 * A system register outside the ID space that GET_REG_LIST lists
 * (sys_reg_descs[] and the timer), with its reset value.
 */
enum sim_sysreg_kind {
	SIM_SR_PLAIN = 0,  /* stored; reset to the value */
	SIM_SR_COUNTER,    /* a counter: reads change with time (compared by presence) */
	SIM_SR_TIMER_CTL,  /* CNT{V,P}_CTL: ISTATUS computed on read */
	SIM_SR_VIS_TCRX,   /* listed only with ID_AA64MMFR3_EL1.TCRX (tcr2_visibility) */
	SIM_SR_VIS_S1PIE,  /* listed only with ID_AA64MMFR3_EL1.S1PIE (s1pie_visibility) */
};

struct sim_sysreg {
	uint64_t id;
	uint64_t reset;
	uint8_t kind; /* enum sim_sysreg_kind */
};

/* One register of the feature ID space as a model describes it. */
struct sim_idreg {
	uint64_t id;     /* ONE_REG id */
	uint64_t value;  /* the host (sanitised, KVM-filtered) value */
	uint64_t mask;   /* writable mask (6.7+ models; 0 = immutable) */
	uint8_t rule;    /* enum sim_idreg_rule */
	uint8_t raz;     /* ID_UNALLOCATED/ID_HIDDEN: reads as zero */
	/*
	 * The CPU's sanitised value before KVM hid a field (PFR0.MPAM,
	 * PFR1.MPAM_frac, MMFR2.NV), for the 6.14+ "ignore the field if it
	 * equals the hardware" quirks; meaningful with hw_field_quirks.
	 */
	uint64_t hw;
};

/*
 * The kernel's own field tables (arm64-ftr.c), which set_id_reg() checks
 * a write against (arm64_check_features(), sys_regs.c 6.7+): the
 * simulator's copy, written from each kernel's cpufeature.c, so that a
 * mistake in the library's catalogue cannot hide in a test comparing the
 * two.
 */

/* enum ftr_type (arch/arm64/include/asm/cpufeature.h) */
enum sim_ftr_type {
	SIM_FTR_EXACT = 0,           /* the table's safe value */
	SIM_FTR_LOWER_SAFE,          /* a smaller value is safe */
	SIM_FTR_HIGHER_SAFE,         /* a bigger value is safe */
	SIM_FTR_HIGHER_OR_ZERO_SAFE, /* a bigger value is safe, but 0 is biggest */
};

/* struct arm64_ftr_bits, less what KVM's check ignores (visible, strict) */
struct sim_ftr_bits {
	bool sign;        /* FTR_SIGNED: two's complement */
	uint8_t type;     /* enum sim_ftr_type */
	uint8_t shift;
	uint8_t width;
	int64_t safe_val; /* FTR_EXACT's safe value, as the kernel compares it */
};

/* One entry of arm64_ftr_regs[]: a register and its fields (none: ftr_raz). */
struct sim_ftr_reg {
	uint64_t id; /* ONE_REG id */
	const struct sim_ftr_bits *bits;
	uint8_t nbits;
};

/* One kernel's arm64_ftr_regs[] as far as KVM looks it up. */
struct sim_ftr_table {
	const struct sim_ftr_reg *regs;
	uint8_t nregs;
	const char *release; /* the kernel source it was copied from */
};

extern const struct sim_ftr_table hvabi_sim_ftr_612;
extern const struct sim_ftr_table hvabi_sim_ftr_72;

/* Features of the arm64 KVM ABI that changed between releases. */
struct sim_arm64_model {
	/* PSCI_VERSION values a PSCI_0_2 vCPU may set, and KVM_ARM_PSCI_LATEST */
	const uint64_t *psci_versions;
	uint8_t npsci_versions;
	uint64_t psci_latest;
	/* the firmware registers GET_REG_LIST lists (kvm_arm_fw_reg_ids) */
	const uint64_t *fw_regs;
	uint8_t nfw_regs;
	/* the kernel's bitmap masks (KVM_ARM_SMCCC_*_FEATURES), by register */
	uint64_t bmap_features[4];
	bool smccc_filter;    /* 6.4: VM attributes, SMCCC filter */
	bool writable_idregs; /* 6.7: set_id_reg, KVM_ARM_GET_REG_WRITABLE_MASKS */
	bool csv3_writable;   /* 5.11: CSV3 joins CSV2 as a writable PFR0 field */
	bool imp_id_cap;      /* 6.15: KVM_CAP_ARM_WRITABLE_IMP_ID_REGS */
	bool hw_field_quirks; /* 6.14: MPAM, MPAM_frac, NV ignored if the hw value */
	bool ctr_l1ip_rule;   /* 6.13+: set_ctr_el0 refuses reserved L1Ip */
	bool pfr0_el_rule;    /* 7.x (not 6.12.107): set_id_aa64pfr0_el1 refuses EL0 or EL1 at 0 */
	bool clidr_writable;  /* 6.3: set_clidr */
	bool features_vm_wide; /* 6.7: one feature set per VM, POWER_OFF ephemeral */
	bool ccsidr_fabricated; /* 6.3: CCSIDR and CLIDR made up from CTR_EL0 */
	/*
	 * The guest's CTR_EL0 reads: before 6.3 never trapped (a 64-bit
	 * vCPU on a host of one cache type: the CPU's own value); 6.12 and
	 * 7.2 trap them (HCR_EL2.TID2) unless the host has FEAT_EVT and the
	 * VM's CTR_EL0 is the host's, where TID4 leaves CTR_EL0 to the CPU
	 * (kvm_calculate_traps(), sys_regs.c 6.12.107 4736-4741, 7.2.8
	 * 5717-5722).
	 */
	bool ctr_trapped_unless_evt;
	bool timer_istatus_enabled_only; /* ISTATUS read only while ENABLE is set */
	bool gic_hidden_at_run;  /* 6.12: no in-kernel vGICv3 clears PFR0.GIC at first run */
	bool e2h0_alone;         /* HAS_EL2_E2H0 without HAS_EL2 is accepted (and moot) */
	uint8_t pa_bits_max;     /* the kernel's largest IPA (4K pages: 48, LPA2: 52) */
	uint8_t ndbg;            /* DBG{B,W}{V,C}R<n>_EL1 listed: n < ndbg */
	uint32_t valid_features; /* KVM_VCPU_VALID_FEATURES */
	const struct sim_idreg *idregs;
	uint8_t nidregs;
	/* writable_idregs: the kernel's arm64_ftr_regs[] (arm64-ftr.c) */
	const struct sim_ftr_table *ftr;
	const struct sim_sysreg *sysregs;
	uint8_t nsysregs;
};

/* Indices into struct sim_host.wa: SMCCC_ARCH_WORKAROUND_1..3. */
#define SIM_WA_COUNT 3
#define SIM_BMAP_COUNT 4
#define SIM_MAX_IDREGS 72
/* CSSELR_MAX (sys_regs.c): the CCSIDR (DEMUX) registers */
#define SIM_CSSELR_MAX 14

/* ------------------------------------------------------------------ x86 */

/* The host's CPUID leaves a model keeps (the kernel's table is built from them). */
#define SIM_X86_MAX_CPUID 96
#define SIM_X86_MAX_FEATURE_MSRS 8
/* KVM_MAX_CPUID_ENTRIES (arch/x86/include/asm/kvm_host.h) */
#define SIM_X86_MAX_CPUID_ENTRIES 256
/* MAX_IO_MSRS (arch/x86/kvm/x86.c) */
#define SIM_X86_MAX_IO_MSRS 256

struct sim_cpuid_leaf {
	uint32_t function;
	uint32_t index;
	uint32_t flags;
	uint32_t regs[4]; /* eax, ebx, ecx, edx */
};

struct sim_msr {
	uint32_t index;
	uint64_t value;
};

/*
 * The kernel series an x86 model answers as: x86.c keys every rule
 * that changed between them on it (each rule names its kernel file).
 */
enum sim_x86_series {
	SIM_X86_61 = 0,  /* Debian 6.1.0-57 (6.1.192) */
	SIM_X86_612,     /* Debian 6.12.118+deb12 */
	SIM_X86_72,      /* Debian 7.2.13+deb14 */
};

struct sim_x86_model {
	uint8_t series; /* enum sim_x86_series */
	/*
	 * The host CPU's CPUID leaves as KVM reports them: the model builds
	 * KVM_GET_SUPPORTED_CPUID from them with its kernel's rules (which
	 * leaves exist, which bits KVM never reports, forces or computes).
	 */
	const struct sim_cpuid_leaf *cpuid;
	uint8_t ncpuid;
	/* the host's feature MSR values (UCODE_REV, ARCH_CAPABILITIES, DE_CFG) */
	const struct sim_msr *feature_msrs;
	uint8_t nfeature_msrs;
	bool smt; /* cpu_smt_possible(): Hyper-V NO_NONARCH_CORESHARING is clear */
	bool evmcs; /* nested_ops->enable_evmcs exists (VMX only) */
};

/* ---------------------------------------------------------------- riscv */

/* KVM_RISCV_ISA_EXT_MAX and KVM_RISCV_SBI_EXT_MAX of the model, at most. */
#define SIM_RISCV_MAX_ISA 128
#define SIM_RISCV_ISA_WORDS (SIM_RISCV_MAX_ISA / 64)
#define SIM_RISCV_MAX_SBI 16
/* kvm_riscv_config: isa, zicbom_block_size, mvendorid, marchid, mimpid,
 * zicboz_block_size, satp_mode (6.6), zicbop_block_size (6.17+). */
#define SIM_RISCV_NCONFIG 8

/* How the SBI extension registers behave (arch/riscv/kvm/vcpu_sbi.c). */
enum sim_riscv_sbi_rule {
	SIM_RV_SBI_66 = 0, /* every id below the end exists, 0 is sticky */
	SIM_RV_SBI_STATUS, /* 6.7+: unavailable/enabled/disabled per extension */
};

/* How the SBI state registers (KVM_REG_RISCV_SBI_STATE) behave. */
enum sim_riscv_sbi_state_rule {
	SIM_RV_STATE_NONE = 0, /* 6.6: no such type (ENOENT) */
	SIM_RV_STATE_ANY,      /* 6.7-6.15: STA's registers whatever its status */
	SIM_RV_STATE_ENABLED,  /* 6.16+: only while the extension is enabled */
};

struct sim_riscv_model {
	uint8_t isa_max;            /* KVM_RISCV_ISA_EXT_MAX */
	/* a bit per KVM id, SIM_RISCV_ISA_WORDS words each */
	uint64_t isa_host[SIM_RISCV_ISA_WORDS];           /* extensions the host has */
	uint64_t isa_enable_denied[SIM_RISCV_ISA_WORDS];  /* kvm_riscv_vcpu_isa_enable_allowed() false */
	uint64_t isa_disable_denied[SIM_RISCV_ISA_WORDS]; /* kvm_riscv_vcpu_isa_disable_allowed() false */
	uint8_t sbi_max;            /* KVM_RISCV_SBI_EXT_MAX */
	uint8_t sbi_rule;           /* enum sim_riscv_sbi_rule */
	uint64_t sbi_exists;        /* SIM_RV_SBI_STATUS: ids in the kernel's sbi_ext[] */
	uint64_t sbi_default_off;   /* .default_disabled */
	bool sbi_multi_listed;      /* KVM_GET_REG_LIST has the MULTI_EN/DIS words (6.6) */
	uint8_t sbi_state_rule;     /* enum sim_riscv_sbi_state_rule */
	uint8_t sbi_spec_major;     /* KVM_SBI_VERSION_MAJOR (asm/kvm_vcpu_sbi.h); minor 0 */
	uint8_t nconfig;            /* CONFIG registers (7 or 8) */
	bool cbo_always;            /* zicbo*_block_size listed always, 0 without (6.17+) */
	uint8_t ncsr;               /* struct kvm_riscv_csr: 10 (6.6), 11 (senvcfg) */
	uint64_t reset_mode;        /* core mode of a fresh vCPU */
	uint64_t reset_scounteren;  /* CSR scounteren of a fresh vCPU */
	uint64_t reset_timer_compare;
	uint64_t mvendorid, marchid, mimpid; /* the host's (seedable) */
	uint64_t satp_mode;         /* the host kernel's (seedable) */
	uint64_t cbom_block_size, cboz_block_size, cbop_block_size;
};

/* -------------------------------------------------------------- models */

struct sim_model {
	const char *name;
	const char *release;
	enum hvabi_arch arch;
	const struct sim_cap *caps;
	uint8_t ncaps;
	const struct sim_arm64_model *arm64;
	const struct sim_x86_model *x86;
	const struct sim_riscv_model *riscv;
};

extern const struct sim_model *const hvabi_sim_models[];
extern const size_t hvabi_sim_nmodels;

/* ----------------------------------------------------------- the state */

/* What hvabi_sim_set_host can change: a copy of the model's host. */
struct sim_host {
	/* every architecture: the answers of the model's capabilities */
	int capval[SIM_MAX_CAPS];
	/* arm64 */
	uint8_t wa[SIM_WA_COUNT];
	uint32_t ccsidr[SIM_CSSELR_MAX]; /* the CPU's cache geometry (before 6.3) */
	/* what a guest reads without KVM: CNTFRQ_EL0, DCZID_EL0, the CPU's own CTR_EL0 */
	uint64_t cntfrq, dczid, ctr_raw;
	/* SVE's vector lengths, bit vq - 1 (sve_vq_map; vq 1..64) */
	uint64_t sve_vqs;
	uint64_t bmap_supported[SIM_BMAP_COUNT];
	uint64_t idval[SIM_MAX_IDREGS];
	/* the CPU's values before KVM hid a field (sim_idreg.hw) */
	uint64_t idhw[SIM_MAX_IDREGS];
	/* x86 */
	struct sim_cpuid_leaf cpuid[SIM_X86_MAX_CPUID]; /* the host's leaves */
	size_t ncpuid;
	struct sim_msr msrs[SIM_X86_MAX_FEATURE_MSRS]; /* the host's feature MSR values */
	size_t nmsrs;
	bool smt;         /* cpu_smt_possible() */
	uint32_t tsc_khz; /* the host's TSC rate (x86.c tsc_khz) */
	/* riscv */
	uint64_t isa_host[SIM_RISCV_ISA_WORDS];
	uint64_t rv_mvendorid, rv_marchid, rv_mimpid, rv_satp_mode;
};

/* One filtered SMCCC range, inclusive. */
struct sim_range {
	uint32_t start;
	uint32_t end;
	uint8_t action;
};

/* A register the simulator only stores (core, timer, plain sysregs). */
struct sim_reg {
	uint64_t id;
	uint64_t val[2]; /* little-endian words; U128 uses both */
};

struct sim_vcpu {
	struct sim_vm *vm;
	unsigned int id;
	bool ran;
	/* arm64 */
	bool inited;
	bool sve_finalized;
	unsigned int sve_max_vq; /* the largest vector quantum (vcpu->arch.sve_max_vl) */
	uint32_t features;
	uint64_t clidr;
	uint32_t ccsidr[SIM_CSSELR_MAX]; /* set_ccsidr() values (6.3+), 0: fabricated */
	uint64_t csselr;   /* the guest's CSSELR_EL1 */
	bool mmio_pending; /* a guest store exited: the next run steps past it */
	struct sim_reg *regs;
	size_t nregs;
	/* every architecture: the vCPU's struct kvm_run once mapped */
	struct hvabi_kvm_run *run;
	size_t run_size;
	/* x86 */
	struct hvabi_kvm_cpuid_entry2 *cpuid;
	size_t ncpuid;
	bool cpuid_set;
	bool enforce_pv_cpuid;
	bool enforce_hv_cpuid;
	struct sim_msr *msrs;
	size_t nmsrs;
	uint32_t virtual_tsc_khz; /* vcpu->arch.virtual_tsc_khz */
	/* riscv */
	uint64_t isa[SIM_RISCV_ISA_WORDS]; /* enabled extensions, bit per KVM id */
	uint64_t sbi_off;    /* extensions written 0 (6.6: sticky) or disabled */
	uint64_t sbi_avail;  /* SIM_RV_SBI_STATUS: extensions not unavailable */
	uint64_t sta_shmem;  /* the SBI STA shared memory (INVALID_GPA at reset) */
	uint64_t timer_frequency;
	uint64_t config[SIM_RISCV_NCONFIG];
};

/* Memory slots per simulated VM (KVM allows hundreds; the probe needs one). */
#define SIM_MAX_SLOTS 8

struct sim_slot {
	uint32_t slot;
	uint64_t gpa, size;
	uint8_t *mem; /* the VMM's memory (userspace_addr): the simulator is in its process */
};

struct sim_vm {
	struct hvabi_sim *sim;
	struct sim_slot slots[SIM_MAX_SLOTS];
	unsigned int nslots;
	unsigned int refs;  /* the VM fd + every open vCPU fd */
	bool ran;           /* kvm_vm_has_ran_once() */
	unsigned int ncreated;
	struct sim_vcpu *vcpus[SIM_MAX_VCPUS];
	/* arm64 */
	uint64_t psci_version; /* 0 = never set (kvm->arch.psci_version) */
	uint64_t bmap[SIM_BMAP_COUNT];
	uint64_t idval[SIM_MAX_IDREGS];
	bool imp_writable;
	bool features_configured;
	uint32_t features;
	bool width_configured; /* kvm_set_vm_width() (per-vCPU features, 5.19-6.6) */
	bool el1_32bit;
	struct sim_range *ranges;
	size_t nranges;
	/* x86 */
	uint32_t default_tsc_khz; /* kvm->arch.default_tsc_khz; 0: the host's */
};

struct sim_fd {
	uint8_t kind; /* enum sim_fd_kind */
	struct sim_vm *vm;
	struct sim_vcpu *vcpu;
};

struct hvabi_sim {
	unsigned int refs; /* the caller's, and one per KVM handle (hvabi_kvm_new_from_sim()) */
	const struct sim_model *model;
	struct sim_host host;
	bool host_frozen; /* a VM was created: host parameters are fixed */
	struct sim_fd fds[SIM_MAX_FDS];
	size_t nopen;
	unsigned int inject_nth;
	int inject_err;
};

/* ------------------------------------------------------------- helpers */

/* Copy @len bytes of a register value in and out of user memory (addr). */
static inline void *sim_uptr(uint64_t addr)
{
	return (void *)(uintptr_t)addr;
}

/* Per-architecture hooks (<arch>.c). */
int hvabi_sim_arm64_init_host(struct hvabi_sim *sim);
int hvabi_sim_arm64_set_host(struct hvabi_sim *sim, const struct hvabi_key *key, uint64_t v);
int hvabi_sim_arm64_vm_init(struct sim_vm *vm, unsigned long type);
int hvabi_sim_arm64_vcpu_init(struct sim_vcpu *vcpu);
int hvabi_sim_arm64_vm_ioctl(struct sim_vm *vm, unsigned long req, void *arg);
int hvabi_sim_arm64_vcpu_ioctl(struct sim_vcpu *vcpu, unsigned long req, void *arg);
int hvabi_sim_arm64_run(struct sim_vcpu *vcpu);
int hvabi_sim_riscv_run(struct sim_vcpu *vcpu);

/* The guest's memory at @gpa for @len bytes (the VMM's, in place), or NULL. */
uint8_t *hvabi_sim_guest_mem(struct sim_vm *vm, uint64_t gpa, uint64_t len);
/* Stop the run with @reason in the vCPU's kvm_run; 0 (the guest exited). */
int hvabi_sim_guest_exit(struct sim_vcpu *vcpu, uint32_t reason);
/*
 * A guest's 8-byte store: into memory (1: go on), or outside it a
 * KVM_EXIT_MMIO the next run steps past (0: the guest exited).
 */
int hvabi_sim_guest_store(struct sim_vcpu *vcpu, uint64_t gpa, uint64_t val);
/*
 * Run the guest on its registers @x (PC in x[32]), one @step (1: go on, 0:
 * exited) at a time: first past a store the VMM completed, then until it
 * exits or, one that never does, HVABI_SIM_GUEST_STEPS_MAX instructions
 * (KVM_EXIT_INTERNAL_ERROR).
 */
#define HVABI_SIM_GUEST_STEPS_MAX 65536u
void hvabi_sim_guest_steps(struct sim_vcpu *vcpu, uint64_t x[33],
			   int (*step)(struct sim_vcpu *vcpu, uint64_t x[33]));
int hvabi_sim_arm64_cap(const struct hvabi_sim *sim, uint32_t cap, int value);
/* What KVM_CHECK_EXTENSION(@cap) answers on /dev/kvm. */
int hvabi_sim_cap_value(const struct hvabi_sim *sim, uint32_t cap);

int hvabi_sim_x86_init_host(struct hvabi_sim *sim);
int hvabi_sim_x86_set_host(struct hvabi_sim *sim, const struct hvabi_key *key, uint64_t v);
int hvabi_sim_x86_dev_ioctl(struct hvabi_sim *sim, unsigned long req, void *arg);
int hvabi_sim_x86_vm_ioctl(struct sim_vm *vm, unsigned long req, void *arg);
int hvabi_sim_x86_vcpu_init(struct sim_vcpu *vcpu);
int hvabi_sim_x86_vcpu_ioctl(struct sim_vcpu *vcpu, unsigned long req, void *arg);
/* A SIM_CAP_DERIVED capability of an x86 model, on /dev/kvm or a VM (@on_vm). */
int hvabi_sim_x86_cap(const struct hvabi_sim *sim, uint32_t cap, int value, bool on_vm);

int hvabi_sim_riscv_init_host(struct hvabi_sim *sim);
int hvabi_sim_riscv_set_host(struct hvabi_sim *sim, const struct hvabi_key *key, uint64_t v);
int hvabi_sim_riscv_vcpu_init(struct sim_vcpu *vcpu);
int hvabi_sim_riscv_vcpu_ioctl(struct sim_vcpu *vcpu, unsigned long req, void *arg);

/* Free what a VM or vCPU owns beyond itself. */
void hvabi_sim_vcpu_free(struct sim_vcpu *vcpu);

/* The list protocol of KVM_GET_REG_LIST (arm64 and riscv alike). */
int hvabi_sim_put_reg_list(struct hvabi_kvm_reg_list *list, const uint64_t *ids, size_t n);

/* The simulator's backend operations (struct hvabi_kvm of a simulator). */
extern const struct hvabi_backend_ops hvabi_backend_sim;

#endif /* HVABI_SIM_INTERNAL_H */
