/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Probe: read what a KVM offers a guest into a feature set, through
 * hvabi_kvm_call() only, so the same code reads the real kernel and the
 * simulator. The path is chosen by the handle's architecture, never by
 * the build's: an x86 build probes a simulated arm64 kernel.
 *
 * What a probed profile holds:
 *
 * - CAP entries: KVM_CHECK_EXTENSION of every capability the catalogue
 *   lists for the arch, plus the ones the probe itself consults (arm64
 *   230; x86 153, 163, 191), asked on the scratch VM when cap 105 says
 *   the answer may depend on the VM, else on /dev/kvm. A result of 0 is
 *   recorded too: KVM answers 0 for capabilities it has never heard of,
 *   so "0" and "absent" are one fact, and recording it keeps every
 *   profile of an arch on the same keys, which turns a capability
 *   difference into a value difference rather than a missing entry.
 *   x86 cap 163 (eVMCS) is the exception: when KVM_ENABLE_CAP on a
 *   scratch vCPU succeeds, its value is the version range KVM wrote
 *   ((max << 8) | min, e.g. 0x0101), not the CHECK_EXTENSION result.
 * - arm64: every listed register that is catalogued, of the FW (0x14) or
 *   FW_FEAT_BMAP (0x16) class, or in the feature ID space (op0 3, op1 0,
 *   1 or 3, CRn 0); host facts: HAS_MASK on the ID space when KVM has
 *   the writable-mask ioctl, HAS_MAX (supported mask) on BITMAP rows,
 *   HAS_MIN/HAS_MAX (accepted versions) on VERSION rows, HAS_MAX (host
 *   level) on LEVEL rows; the SMCCC filter as an empty RANGESET when KVM
 *   has the VM attribute.
 * - x86: every register of every KVM_GET_SUPPORTED_CPUID and (cap 191)
 *   KVM_GET_SUPPORTED_HV_CPUID leaf, value and HAS_MAX both the supported
 *   value; every feature MSR KVM lets /dev/kvm read, likewise.
 * - riscv: the single ISA_EXT and SBI_EXT registers, HAS_MAX 1 where
 *   the extension can be enabled, 0 where it cannot; on an enabled ISA
 *   extension HAS_MIN 1 where KVM refuses to disable it, 0 where not.
 *
 * A VM's set (hvabi_kvm_read_vm) holds the same keys with values only:
 * host facts describe hosts, not VMs, and reading them would mean writing.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "catalog-internal.h"
#include "kvm-prim.h"

/* How often the MSR list may be re-sized because it grew between two calls. */
#define LIST_TRIES 8
/* The largest lists we accept: far above any kernel's, below silly allocations. */
#define MSR_LIST_MAX 65536u
#define CPUID_NENT_MAX 4096u
/* Reads of a CPUID table: doubling reaches the cap in seven from 64, nine from 16. */
#define CPUID_READS 16u
/* First guesses for the CPUID tables: enough for most hosts in one call. */
#define CPUID_NENT_FIRST 64u
#define HV_CPUID_NENT_FIRST 16u
/* MSRs per KVM_GET_MSRS: msr_io() refuses nmsrs >= MAX_IO_MSRS (256). */
#define MSRS_BATCH 128u

/* The register buffer: the widest ONE_REG value (U2048). */
#define REG_BUF_MAX HVABI_VALUE_MAX_BYTES

struct probe {
	struct hvabi_kvm *kvm;
	struct hvabi_featureset *fs;
	unsigned int flags; /* HVABI_PROBE_* */
	int cap_fd; /* where KVM_CHECK_EXTENSION is asked */
	int vm_fd;  /* scratch VM the probe created, or -1 */
	int vcpu_fd; /* scratch vCPU the probe created, or -1 */
};

/* ---- small KVM calls ---- */

/*
 * Write a register whose id says it is at most 8 bytes wide (callers
 * check with reg_writable_size(): KVM reads as many bytes as the id says).
 */
static int reg_set(struct hvabi_kvm *kvm, int fd, uint64_t id, uint64_t value)
{
	uint64_t buf[1];

	hvabi_value_to_buf(value, HVABI_KVM_REG_SIZE(id), buf);
	return hvabi_kvm_reg_set(kvm, fd, id, buf);
}

/* Whether the probe may write the register: at most 8 bytes, as reg_set() needs. */
static bool reg_writable_size(uint64_t id)
{
	return HVABI_KVM_REG_SIZE(id) <= sizeof(uint64_t);
}

/* Whether a ONE_REG id has a size this library can hold (U8 .. U2048). */
static bool reg_size_valid(uint64_t id)
{
	return (id & HVABI_KVM_REG_SIZE_MASK) <= HVABI_KVM_REG_SIZE_U2048;
}

/*
 * KVM_GET_MSR_FEATURE_INDEX_LIST, with KVM_GET_REG_LIST's protocol (see
 * hvabi_kvm_reg_list()). *@ret is malloc()ed.
 */
static int msr_list_read(struct hvabi_kvm *kvm, int fd, struct hvabi_kvm_msr_list **ret)
{
	static const struct hvabi_kvm_sized list = {
		.req = HVABI_KVM_GET_MSR_FEATURE_INDEX_LIST,
		.head = sizeof(struct hvabi_kvm_msr_list),
		.elem = sizeof(uint32_t),
		.tells = true,
		.max = MSR_LIST_MAX,
		.reads = LIST_TRIES,
	};

	return hvabi_kvm_sized_read(kvm, fd, &list, (void **)ret);
}

/*
 * The CPUID tables: KVM fails with E2BIG while nent is too small. Whether
 * the size it needs reaches userspace differs by ioctl and kernel
 * (KVM_GET_SUPPORTED_CPUID never writes it): take it when given, else
 * double. *@ret is malloc()ed.
 */
static int cpuid_read(struct hvabi_kvm *kvm, int fd, unsigned long req, uint32_t first,
		      struct hvabi_kvm_cpuid2 **ret)
{
	/*
	 * 6.1's KVM_GET_CPUID2 leaves nent as it was on success
	 * (kvm_vcpu_ioctl_get_cpuid2()): entries KVM did not write keep
	 * an all-ones pattern no real entry has, and end the table.
	 */
	struct hvabi_kvm_sized table = {
		.req = req,
		.head = sizeof(struct hvabi_kvm_cpuid2),
		.elem = sizeof(struct hvabi_kvm_cpuid_entry2),
		.first = first,
		.max = CPUID_NENT_MAX,
		.reads = CPUID_READS,
		.fill = 0xff,
	};
	struct hvabi_kvm_cpuid2 *c;
	uint32_t i;
	int r;

	r = hvabi_kvm_sized_read(kvm, fd, &table, (void **)&c);
	if (r)
		return r;
	for (i = 0; i < c->nent; i++)
		if (c->entries[i].function == UINT32_MAX && c->entries[i].index == UINT32_MAX &&
		    c->entries[i].flags == UINT32_MAX)
			break;
	c->nent = i;
	*ret = c;
	return 0;
}

/* ---- building entries ---- */

static int put_value(struct probe *p, const struct hvabi_key *key, uint64_t value,
		     uint16_t flags, uint64_t max)
{
	struct hvabi_entry e;

	hvabi_entry_init(&e, p->fs->arch, key);
	e.value = value;
	e.flags = flags;
	e.max = max;
	return hvabi_featureset_put(p->fs, &e);
}

/* A value KVM reports as what it supports: for a host also its maximum. */
static int put_host_value(struct probe *p, const struct hvabi_key *key, uint64_t value,
			  bool host)
{
	return put_value(p, key, value, host ? HVABI_ENTRY_HAS_MAX : 0, host ? value : 0);
}

/* Record a register from the bytes KVM returned. */
static int put_reg(struct probe *p, uint64_t id, const void *buf)
{
	struct hvabi_key key = hvabi_key_reg(id);
	struct hvabi_entry e;

	hvabi_entry_init(&e, p->fs->arch, &key);
	if (e.width > 8)
		e.wide = buf;
	else
		e.value = hvabi_buf_to_value(buf, e.width);
	return hvabi_featureset_put(p->fs, &e);
}

/* Store @e, a copy of an entry of the set whose host facts were filled in. */
static int update(struct probe *p, const struct hvabi_entry *e)
{
	return hvabi_featureset_put(p->fs, e);
}

static int record_cap(struct probe *p, uint32_t cap)
{
	struct hvabi_key key = hvabi_key_cap(cap);
	int r;

	r = hvabi_kvm_check_ext(p->kvm, p->cap_fd, cap);
	if (r < 0)
		return r;
	return put_value(p, &key, (uint64_t)r, 0, 0);
}

/* The recorded answer for @cap (0 when it was not asked). */
static uint64_t cap_value(const struct probe *p, uint32_t cap)
{
	struct hvabi_key key = hvabi_key_cap(cap);
	struct hvabi_entry e;

	if (hvabi_featureset_find(p->fs, &key, &e))
		return 0;
	return e.value;
}

/* Caps the probe consults itself, recorded with the catalogue's. */
static const uint32_t caps_arm64[] = { HVABI_KVM_CAP_ARM_SUPPORTED_REG_MASK_RANGES };
static const uint32_t caps_x86[] = {
	HVABI_KVM_CAP_GET_MSR_FEATURES,
	HVABI_KVM_CAP_HYPERV_ENLIGHTENED_VMCS,
	HVABI_KVM_CAP_SYS_HYPERV_CPUID,
};

static int record_caps(struct probe *p)
{
	const struct hvabi_cat_table *t = hvabi_cat_table_of(p->fs->arch);
	const uint32_t *extra = NULL;
	size_t i, nextra = 0;
	int r;

	for (i = 0; i < t->n; i++) {
		if (t->rows[i].key.ns != HVABI_NS_CAP)
			continue;
		r = record_cap(p, (uint32_t)t->rows[i].key.id);
		if (r)
			return r;
	}
	if (p->fs->arch == HVABI_ARCH_ARM64) {
		extra = caps_arm64;
		nextra = HVABI_ARRAY_SIZE(caps_arm64);
	} else if (p->fs->arch == HVABI_ARCH_X86_64) {
		extra = caps_x86;
		nextra = HVABI_ARRAY_SIZE(caps_x86);
	}
	for (i = 0; i < nextra; i++) {
		struct hvabi_key key = hvabi_key_cap(extra[i]);

		if (hvabi_featureset_find(p->fs, &key, NULL) == 0)
			continue;
		r = record_cap(p, extra[i]);
		if (r)
			return r;
	}
	return 0;
}

/*
 * Where to ask for capabilities: the VM fd when one is at hand and KVM
 * says (cap 105) its answers may depend on the VM, else /dev/kvm.
 */
static int choose_cap_fd(struct probe *p, int vm_fd)
{
	int r;

	p->cap_fd = p->kvm->fd;
	if (vm_fd < 0)
		return 0;
	r = hvabi_kvm_check_ext(p->kvm, p->kvm->fd, HVABI_KVM_CAP_CHECK_EXTENSION_VM);
	if (r < 0)
		return r;
	if (r > 0)
		p->cap_fd = vm_fd;
	return 0;
}

/* ---- registers (arm64, riscv) ---- */

/* op0 = 3, op1 in {0, 1, 3}, CRn = 0: the space KVM's writable masks cover. */
static bool arm64_is_id_space(uint64_t id)
{
	unsigned int op0, op1, crn;

	if ((id & HVABI_KVM_REG_ARCH_MASK) != HVABI_KVM_REG_ARM64 ||
	    (id & HVABI_KVM_REG_ARM_COPROC_MASK) != HVABI_KVM_REG_ARM64_SYSREG)
		return false;
	op0 = (unsigned int)(id >> 14) & 3;
	op1 = (unsigned int)(id >> 11) & 7;
	crn = (unsigned int)(id >> 7) & 0xf;
	return op0 == 3 && (op1 == 0 || op1 == 1 || op1 == 3) && crn == 0;
}

/*
 * Every listed register but the vCPU state the VMM migrates itself
 * (hvabi_cat_state_reason()): the ABI by the catalogue or by its place,
 * and any register nobody has classified, which check keeps equal and
 * warns of, rather than leaving it out unsaid.
 */
static bool arm64_keep(uint64_t id)
{
	struct hvabi_key key = hvabi_key_reg(id);

	if ((id & HVABI_KVM_REG_ARCH_MASK) != HVABI_KVM_REG_ARM64)
		return false;
	return !hvabi_cat_state_reason(HVABI_ARCH_ARM64, &key);
}

static bool riscv_keep(uint64_t id)
{
	uint64_t type_sub = id & (0xffull << HVABI_KVM_REG_RISCV_TYPE_SHIFT |
				  0xffull << HVABI_KVM_REG_RISCV_SUBTYPE_SHIFT);

	if ((id & HVABI_KVM_REG_ARCH_MASK) != HVABI_KVM_REG_RISCV)
		return false;
	return type_sub == (HVABI_KVM_REG_RISCV_ISA_EXT | HVABI_KVM_REG_RISCV_ISA_SINGLE) ||
	       type_sub == (HVABI_KVM_REG_RISCV_SBI_EXT | HVABI_KVM_REG_RISCV_SBI_SINGLE);
}

static bool reg_keep(enum hvabi_arch arch, uint64_t id)
{
	struct hvabi_key key = hvabi_key_reg(id);

	if (!reg_size_valid(id))
		return false;
	if (hvabi_cat_find(arch, &key))
		return true;
	switch (arch) {
	case HVABI_ARCH_ARM64:
		return arm64_keep(id);
	case HVABI_ARCH_RISCV64:
		return riscv_keep(id);
	default:
		return false;
	}
}

/* Read every kept register of @vcpu_fd's list into the set. */
static int read_regs(struct probe *p, int vcpu_fd)
{
	struct hvabi_kvm_reg_list *l = NULL;
	uint64_t buf[REG_BUF_MAX / sizeof(uint64_t)];
	uint64_t i;
	int r;

	r = hvabi_kvm_reg_list(p->kvm, vcpu_fd, &l);
	if (r)
		return r;
	for (i = 0; i < l->n; i++) {
		uint64_t id = l->reg[i];

		if (!reg_keep(p->fs->arch, id))
			continue;
		memset(buf, 0, sizeof(buf));
		r = hvabi_kvm_reg_get(p->kvm, vcpu_fd, id, buf);
		if (!r)
			r = put_reg(p, id, buf);
		if (r)
			break;
	}
	free(l);
	return r;
}

/*
 * The supported mask of a bitmap register: KVM refuses (EINVAL) any
 * value with a bit outside it, before it looks at anything else, so
 * each bit that a write of that bit alone gets through is supported.
 * The scratch VM has not run, so no EBUSY can hide the answer.
 */
static int probe_bitmap(struct probe *p, struct hvabi_entry *e)
{
	unsigned int bit, nbits = HVABI_KVM_REG_SIZE(e->key.id) * 8u;
	uint64_t mask = 0;
	int r;

	for (bit = 0; bit < nbits; bit++) {
		r = reg_set(p->kvm, p->vcpu_fd, e->key.id, 1ull << bit);
		if (r == -EINVAL)
			continue;
		if (r)
			return r;
		mask |= 1ull << bit;
	}
	if (mask) {
		r = reg_set(p->kvm, p->vcpu_fd, e->key.id, e->value);
		if (r)
			return r;
	}
	e->flags |= HVABI_ENTRY_HAS_MAX;
	e->max = mask;
	return update(p, e);
}

/* The versions KVM accepts, from the catalogue's list of every known one. */
static int probe_version(struct probe *p, const struct hvabi_cat_entry *c,
			 struct hvabi_entry *e)
{
	bool any = false;
	uint64_t lo = 0, hi = 0;
	unsigned int i;
	int r;

	for (i = 0; i < c->nversions; i++) {
		uint64_t v = c->versions[i];

		r = reg_set(p->kvm, p->vcpu_fd, e->key.id, v);
		if (r == -EINVAL)
			continue;
		if (r)
			return r;
		if (!any || v < lo)
			lo = v;
		if (!any || v > hi)
			hi = v;
		any = true;
	}
	if (!any)
		return 0;
	r = reg_set(p->kvm, p->vcpu_fd, e->key.id, e->value);
	if (r)
		return r;
	e->flags |= HVABI_ENTRY_HAS_MIN | HVABI_ENTRY_HAS_MAX;
	e->min = lo;
	e->max = hi;
	return update(p, e);
}

/* Host facts of the arm64 firmware registers, by the catalogue's kind. */
static int arm64_fw_facts(struct probe *p)
{
	size_t i;
	int r = 0;

	for (i = 0; !r && i < p->fs->n; i++) {
		struct hvabi_entry e = p->fs->e[i];
		const struct hvabi_cat_entry *c;

		if (e.key.ns != HVABI_NS_ONE_REG || !reg_writable_size(e.key.id))
			continue;
		c = hvabi_cat_find(p->fs->arch, &e.key);
		if (!c)
			continue;
		switch (c->kind) {
		case HVABI_KIND_BITMAP:
			r = probe_bitmap(p, &e);
			break;
		case HVABI_KIND_VERSION:
			r = probe_version(p, c, &e);
			break;
		case HVABI_KIND_LEVEL:
			/* KVM stores no level: what it reports is the host's. */
			e.flags |= HVABI_ENTRY_HAS_MAX;
			e.max = e.value;
			r = update(p, &e);
			break;
		default:
			break;
		}
	}
	return r;
}

/* KVM_ARM_GET_REG_WRITABLE_MASKS onto every ID-space register. */
static int arm64_writable_masks(struct probe *p)
{
	struct hvabi_kvm_reg_mask_range range;
	uint64_t *masks;
	size_t i;
	int r;

	masks = calloc(HVABI_KVM_ARM_FEATURE_ID_RANGE_SIZE, sizeof(*masks));
	if (!masks)
		return -ENOMEM;
	memset(&range, 0, sizeof(range));
	range.addr = (uintptr_t)masks;
	range.range = HVABI_KVM_ARM_FEATURE_ID_RANGE;
	r = hvabi_kvm_call(p->kvm, p->vm_fd, HVABI_KVM_ARM_GET_REG_WRITABLE_MASKS, &range);
	for (i = 0; !r && i < p->fs->n; i++) {
		struct hvabi_entry e = p->fs->e[i];
		uint64_t id = e.key.id;

		if (e.key.ns != HVABI_NS_ONE_REG || !arm64_is_id_space(id) || e.width != 8)
			continue;
		e.flags |= HVABI_ENTRY_HAS_MASK;
		e.mask = masks[hvabi_arm64_feature_id_idx((unsigned int)(id >> 11) & 7,
							  (unsigned int)(id >> 3) & 0xf,
							  (unsigned int)id & 7)];
		r = update(p, &e);
	}
	free(masks);
	return r;
}

/*
 * Whether the scratch vCPU's register @id takes @trial: 1 (and @orig is
 * written back), 0 when KVM refuses it (EINVAL), or a negative errno.
 */
static int reg_takes(struct probe *p, uint64_t id, uint64_t trial, uint64_t orig)
{
	int r = reg_set(p->kvm, p->vcpu_fd, id, trial);

	if (r)
		return r == -EINVAL ? 0 : r;
	r = reg_set(p->kvm, p->vcpu_fd, id, orig);
	return r ? r : 1;
}

/*
 * Kernels before the writable masks (6.7) still let a VMM lower
 * ID_AA64PFR0_EL1.CSV2 (5.10+) and CSV3 (5.11+): set_id_aa64pfr0_el1()
 * of 6.1 (sys_regs.c) takes 0 or 1, 1 only where the host is unaffected,
 * every other bit as it is. Measured by writing the field lowered to 0 on
 * the scratch vCPU (and the value back): where taken, the field is the
 * register's writable mask, so a VM of an affected host may still run
 * here with the field at 0.
 */
static int arm64_pfr0_old_mask(struct probe *p)
{
	struct hvabi_key key = hvabi_key_reg(HVABI_ARM64_SYS_REG(3, 0, 0, 4, 0));
	static const unsigned int shifts[] = { 56, 60 }; /* CSV2, CSV3 */
	ptrdiff_t at = hvabi_fs_search(p->fs, &key);
	struct hvabi_entry e;
	unsigned int k;
	int r;

	if (at < 0)
		return 0;
	e = p->fs->e[at];
	e.mask = 0;
	for (k = 0; k < HVABI_ARRAY_SIZE(shifts); k++) {
		uint64_t field = 0xfull << shifts[k];

		if (!(e.value & field))
			continue;
		r = reg_takes(p, key.id, e.value & ~field, e.value);
		if (r < 0)
			return r;
		if (r)
			e.mask |= field;
	}
	e.flags |= HVABI_ENTRY_HAS_MASK;
	return update(p, &e);
}

/*
 * Whether the CCSIDR registers (KVM's DEMUX, one per CSSELR) take another
 * geometry: measured by writing on the scratch vCPU, as no mask covers
 * them. 6.1 refuses any value but the CPU's (EINVAL); 6.3+ stores one with
 * a LineSize the host allows (set_ccsidr()), so the probe changes the
 * Associativity field, keeps LineSize, and writes the value back.
 * Writable means every field: the line-size floor is checked across
 * entries (rules.c).
 */
static int arm64_ccsidr_masks(struct probe *p)
{
	size_t i;
	int r = 0;

	for (i = 0; !r && i < p->fs->n; i++) {
		struct hvabi_entry e = p->fs->e[i];
		const struct hvabi_cat_entry *c;

		if (e.key.ns != HVABI_NS_ONE_REG || (e.key.id & ~0xffull) != 0x6020000000110000ull)
			continue;
		c = hvabi_cat_find(p->fs->arch, &e.key);
		if (!c || c->kind != HVABI_KIND_IDFIELDS)
			continue;
		r = reg_takes(p, e.key.id, e.value ^ (1u << 3), e.value);
		if (r < 0)
			return r;
		e.flags |= HVABI_ENTRY_HAS_MASK;
		e.mask = r ? 0xffffffffu : 0;
		r = update(p, &e);
	}
	return r;
}

/*
 * The SMCCC filter is write-only VMM state: all a host can tell is
 * whether it has one. Kernels before 6.4 have no VM attributes on arm64
 * and answer EINVAL; newer ones ENXIO for an unknown group.
 */
static int arm64_smccc_filter(struct probe *p)
{
	struct hvabi_kvm_device_attr attr;
	struct hvabi_key key = hvabi_key_attr(HVABI_ATTR_VM, HVABI_KVM_ARM_VM_SMCCC_CTRL,
					      HVABI_KVM_ARM_VM_SMCCC_FILTER);
	struct hvabi_entry e;
	int r;

	memset(&attr, 0, sizeof(attr));
	attr.group = HVABI_KVM_ARM_VM_SMCCC_CTRL;
	attr.attr = HVABI_KVM_ARM_VM_SMCCC_FILTER;
	r = hvabi_kvm_call(p->kvm, p->vm_fd, HVABI_KVM_HAS_DEVICE_ATTR, &attr);
	if (r == -ENXIO || r == -EINVAL || r == -ENOTTY)
		return 0;
	if (r)
		return r;
	hvabi_entry_init(&e, p->fs->arch, &key);
	return hvabi_featureset_put(p->fs, &e);
}

/* ---- vCPU features and SVE's vector lengths ---- */


/*
 * A scratch vCPU as the profile describes it: PSCI 0.2 and the features
 * the caller asked for, but @without (@init holds the preferred target);
 * with SVE finalized at the host's lengths, which KVM needs before it
 * lists the registers or runs the vCPU.
 */
static int init_vcpu(struct probe *p, int vcpu, struct hvabi_kvm_vcpu_init *init,
		     uint32_t without)
{
	int what = HVABI_KVM_ARM_VCPU_SVE;
	int r;

	memset(init->features, 0, sizeof(init->features));
	init->features[0] = (HVABI_FEAT(PSCI_0_2) | HVABI_PROBE_FEATURES_OF(p->flags)) & ~without;
	r = hvabi_kvm_call(p->kvm, vcpu, HVABI_KVM_ARM_VCPU_INIT, init);
	if (!r && (init->features[0] & HVABI_FEAT(SVE)))
		r = hvabi_kvm_call(p->kvm, vcpu, HVABI_KVM_ARM_VCPU_FINALIZE, &what);
	return r;
}

/*
 * What KVM_ARM_VCPU_INIT takes besides PSCI 0.2, tried one at a time on a
 * fresh scratch VM (since 6.7 a VM keeps the first vCPU's features):
 * pointer authentication only as the pair kvm_vcpu_init_check_features()
 * (arm.c) accepts, HAS_EL2_E2H0 only with HAS_EL2.
 */
static const uint32_t feature_trials[] = {
	HVABI_FEAT(EL1_32BIT), HVABI_FEAT(PMU_V3), HVABI_FEAT(SVE), HVABI_FEAT(PTRAUTH_ADDRESS) | HVABI_FEAT(PTRAUTH_GENERIC),
	HVABI_FEAT(HAS_EL2), HVABI_FEAT(HAS_EL2) | HVABI_FEAT(HAS_EL2_E2H0),
};

/*
 * A scratch vCPU made with PSCI 0.2 and @features: 1 when KVM took them,
 * 0 when it refused (kvm_vcpu_init_check_features(): EINVAL, or ENOENT
 * for a bit the kernel does not know), else -errno.
 * With SVE, *@vqs gets its vector lengths (KVM_REG_ARM64_SVE_VLS, which
 * reads before KVM_ARM_VCPU_FINALIZE).
 */
static int feature_trial(struct probe *p, uint32_t features, uint64_t *vqs)
{
	struct hvabi_kvm_vcpu_init init;
	uint8_t vls[HVABI_KVM_REG_SIZE(HVABI_KVM_REG_ARM64_SVE_VLS)];
	struct hvabi_kvm_one_reg reg = { HVABI_KVM_REG_ARM64_SVE_VLS, (uintptr_t)vls };
	int vm, vcpu = -1, r, c;

	r = hvabi_kvm_call(p->kvm, p->kvm->fd, HVABI_KVM_CREATE_VM, (void *)(uintptr_t)0);
	if (r < 0)
		return r;
	vm = r;
	memset(&init, 0, sizeof(init));
	r = hvabi_kvm_call(p->kvm, vm, HVABI_KVM_ARM_PREFERRED_TARGET, &init);
	if (!r)
		r = hvabi_kvm_call(p->kvm, vm, HVABI_KVM_CREATE_VCPU, (void *)(uintptr_t)0);
	if (r >= 0) {
		vcpu = r;
		memset(init.features, 0, sizeof(init.features));
		init.features[0] = HVABI_FEAT(PSCI_0_2) | features;
		r = hvabi_kvm_call(p->kvm, vcpu, HVABI_KVM_ARM_VCPU_INIT, &init);
		/* EINVAL: not on this host; ENOENT: a bit this kernel does not know */
		r = r == -EINVAL || r == -ENOENT ? 0 : r ? r : 1;
	}
	if (r == 1 && (features & HVABI_FEAT(SVE))) {
		c = hvabi_kvm_call(p->kvm, vcpu, HVABI_KVM_GET_ONE_REG, &reg);
		*vqs = hvabi_buf_to_value(vls, 8);
		/* SVE stops at vq 16 (2048 bits): a word beyond is no KVM's answer */
		for (size_t i = 8; !c && i < sizeof(vls); i++)
			if (vls[i])
				c = -EIO;
		if (c)
			r = c;
	}
	if (vcpu >= 0 && (c = hvabi_kvm_close_fd(p->kvm, vcpu)) && r >= 0)
		r = c;
	if ((c = hvabi_kvm_close_fd(p->kvm, vm)) && r >= 0)
		r = c;
	return r;
}

/*
 * VCPU_FEATURES: this profile's vCPU's, PSCI 0.2 and what the caller asked
 * for (every other entry describes such a vCPU); HAS_MAX, every feature a
 * scratch vCPU took. SVE_VQS: the SVE trial vCPU's lengths, all the host has.
 */
static int arm64_vcpu_features(struct probe *p)
{
	struct hvabi_key fkey = hvabi_key_vcpu_value(HVABI_VCPU_VALUE_ARM64_FEATURES);
	struct hvabi_key vkey = hvabi_key_vcpu_value(HVABI_VCPU_VALUE_ARM64_SVE_VQS);
	uint32_t taken = HVABI_FEAT(PSCI_0_2);
	uint64_t vqs = 0;
	size_t i;
	int r;

	for (i = 0; i < HVABI_ARRAY_SIZE(feature_trials); i++) {
		r = feature_trial(p, feature_trials[i], &vqs);
		if (r < 0)
			return r;
		if (r)
			taken |= feature_trials[i];
	}
	r = put_value(p, &fkey, HVABI_FEAT(PSCI_0_2) | HVABI_PROBE_FEATURES_OF(p->flags),
		      HVABI_ENTRY_HAS_MAX, taken);
	if (!r && (taken & HVABI_FEAT(SVE)))
		r = put_value(p, &vkey, vqs, 0, 0);
	return r;
}

/* ---- what a guest reads (HVABI_PROBE_GUEST_READS) ---- */

/*
 * The registers the guest reads besides the CCSIDRs, as ONE_REG ids.
 * CNTFRQ_EL0 and DCZID_EL0 no KVM traps or lists; CTR_EL0 a kernel may
 * leave to the CPU (no trap before 6.3; TID4 rather than TID2 with
 * FEAT_EVT since); CLIDR_EL1 and the CCSIDRs are the CPU's before 6.3;
 * MIDR_EL1 reaches the guest through VPIDR_EL2, REVIDR_EL1 and AIDR_EL1
 * through a trap only where KVM sets TID1. Not read: MPIDR_EL1 (the
 * vCPU's identity, which the VMM migrates) and PMCR_EL0 (the scratch
 * vCPU has no PMU).
 */
static const uint64_t guest_regs[] = {
	HVABI_ARM64_SYS_REG(3, 3, 14, 0, 0), /* CNTFRQ_EL0 */
	HVABI_ARM64_SYS_REG(3, 3, 0, 0, 7),  /* DCZID_EL0 */
	HVABI_ARM64_SYS_REG(3, 3, 0, 0, 1),  /* CTR_EL0 */
	HVABI_ARM64_SYS_REG(3, 1, 0, 0, 1),  /* CLIDR_EL1 */
	HVABI_ARM64_SYS_REG(3, 0, 0, 0, 0),  /* MIDR_EL1 */
	HVABI_ARM64_SYS_REG(3, 0, 0, 0, 6),  /* REVIDR_EL1 */
	HVABI_ARM64_SYS_REG(3, 1, 0, 0, 7),  /* AIDR_EL1 */
};

#define CSSELR_MAX 14u
#define GUEST_READS_MAX (HVABI_ARRAY_SIZE(guest_regs) + CSSELR_MAX + 8)
#define GUEST_MEM_SIZE 0x10000u
#define GUEST_PAGE 4096u
/* The program: a 10-instruction prologue, at most 10 per value (riscv), the end. */
#define GUEST_CODE_MAX (10 + 10 * GUEST_READS_MAX + 2)
/*
 * arm64: the exception vectors (VBAR_EL1, 2 KiB aligned, 16 entries of
 * 0x80 bytes), each a store past the last value and a branch to itself:
 * an exception the program does not expect ends the run with -EIO rather
 * than leaving the vCPU in an abort KVM re-injects forever.
 */
#define GUEST_VECTORS 0x800u

/* The ONE_REG id of CCSIDR_EL1 for @csselr (KVM_REG_ARM_DEMUX_ID_CCSIDR). */
#define CCSIDR_DEMUX(csselr) \
	(HVABI_KVM_REG_ARM64 | HVABI_KVM_REG_SIZE_U32 | HVABI_KVM_REG_ARM_DEMUX | (csselr))

struct guest_prog {
	uint32_t code[GUEST_CODE_MAX];
	size_t ncode;
	uint64_t ids[GUEST_READS_MAX]; /* what the guest stores at window + 8 * i */
	size_t nids;
};

/* op0 (2 or 3), op1, CRn, CRm and op2 as MRS/MSR encode them in bits 19:5. */
static uint32_t sysreg_bits(uint64_t id)
{
	return (uint32_t)(HVABI_ARM64_SYSREG_FIELDS(id) & 0x7fff) << 5;
}

static void emit(struct guest_prog *g, uint32_t insn)
{
	g->code[g->ncode++] = insn;
}

/* MOVZ and three MOVKs: Xrd = @v. */
static void emit_mov64(struct guest_prog *g, unsigned int rd, uint64_t v)
{
	emit(g, 0xd2800000u | (uint32_t)(v & 0xffff) << 5 | rd);
	emit(g, 0xf2a00000u | (uint32_t)((v >> 16) & 0xffff) << 5 | rd);
	emit(g, 0xf2c00000u | (uint32_t)((v >> 32) & 0xffff) << 5 | rd);
	emit(g, 0xf2e00000u | (uint32_t)((v >> 48) & 0xffff) << 5 | rd);
}

/* STR x1, [x20, #8 * nids]: one value leaves the guest. */
static void emit_report(struct guest_prog *g, uint64_t id)
{
	emit(g, 0xf9000000u | (uint32_t)g->nids << 10 | 20u << 5 | 1u);
	g->ids[g->nids++] = id;
}

/*
 * x20 = the window; each register: MRS x1, then the store; each CCSIDR:
 * CSSELR_EL1 = n (MOVZ x2, MSR, ISB) first. The end: a store past the
 * last value, then a branch to itself.
 */
static void guest_program(struct guest_prog *g, uint64_t clidr)
{
	const uint64_t window = HVABI_PROBE_GUEST_WINDOW;
	unsigned int level, n;
	size_t i;

	memset(g, 0, sizeof(*g));
	emit_mov64(g, 20, window);
	/* VBAR_EL1: any exception ends the run through the vectors (GUEST_VECTORS) */
	emit_mov64(g, 1, HVABI_PROBE_GUEST_GPA + GUEST_VECTORS);
	emit(g, 0xd5100000u | sysreg_bits(HVABI_ARM64_SYS_REG(3, 0, 12, 0, 0)) | 1u);
	emit(g, 0xd5033fdfu);
	for (i = 0; i < HVABI_ARRAY_SIZE(guest_regs); i++) {
		emit(g, 0xd5300000u | sysreg_bits(guest_regs[i]) | 1u);
		emit_report(g, guest_regs[i]);
	}
	/* CLIDR_EL1.Ctype<n>, 3 bits a level: 1 I, 2 D, 3 I and D, 4 unified */
	for (level = 0; level < CSSELR_MAX / 2; level++) {
		unsigned int ctype = (unsigned int)(clidr >> (3 * level)) & 7;

		for (n = 2 * level; n <= 2 * level + 1; n++) {
			bool insn_cache = n & 1;

			if (insn_cache ? ctype != 1 && ctype != 3 : ctype < 2 || ctype > 4)
				continue;
			emit(g, 0xd2800000u | n << 5 | 2u);
			emit(g, 0xd5100000u | sysreg_bits(HVABI_ARM64_SYS_REG(3, 2, 0, 0, 0)) | 2u);
			emit(g, 0xd5033fdfu);
			emit(g, 0xd5300000u | sysreg_bits(HVABI_ARM64_SYS_REG(3, 1, 0, 0, 0)) | 1u);
			emit_report(g, CCSIDR_DEMUX(n));
		}
	}
	emit(g, 0xf9000000u | (uint32_t)g->nids << 10 | 20u << 5 | 31u);	/* STR xzr */
	emit(g, 0x14000000u);							/* B . */
}

/*
 * Which value a guest store carries: its index, nids for the end, -1 for
 * anything the program does not do (the guest did not run as written).
 */
static ptrdiff_t guest_store(const struct guest_prog *g, const struct hvabi_kvm_run *run)
{
	uint64_t off = run->mmio.phys_addr - HVABI_PROBE_GUEST_WINDOW;

	if (run->exit_reason != HVABI_KVM_EXIT_MMIO || !run->mmio.is_write ||
	    run->mmio.len != 8 || run->mmio.phys_addr < HVABI_PROBE_GUEST_WINDOW ||
	    (off & 7) || off / 8 > g->nids)
		return -1;
	return (ptrdiff_t)(off / 8);
}

/* Run the program on the vCPU until its end, recording each value once. */
static int guest_run(struct probe *p, int vcpu_fd, struct hvabi_kvm_run *run,
		     const struct guest_prog *g)
{
	bool seen[GUEST_READS_MAX] = { false };
	size_t exits;
	int r;

	for (exits = 0; exits <= g->nids; exits++) {
		ptrdiff_t i;

		r = hvabi_kvm_call(p->kvm, vcpu_fd, HVABI_KVM_RUN, NULL);
		if (r < 0)
			return r;
		i = guest_store(g, run);
		if (i < 0 || (i < (ptrdiff_t)g->nids && seen[i]))
			return -EIO;
		if (i == (ptrdiff_t)g->nids)
			return 0;
		seen[i] = true;
		r = put_value(p, &(struct hvabi_key){ HVABI_NS_GUEST_READ, 0, 0, g->ids[i] },
			      hvabi_buf_to_value(run->mmio.data, 8), 0, 0);
		if (r)
			return r;
	}
	return -EIO;
}

/* riscv: x-registers and the instructions the program needs (RV64I). */
#define RV_A0 10
#define RV_A1 11
#define RV_A6 16
#define RV_A7 17
#define RV_S1 9
#define RV_ADDI(rd, rs, imm) ((uint32_t)((imm) & 0xfff) << 20 | (rs) << 15 | (rd) << 7 | 0x13)
#define RV_ADDIW(rd, rs, imm) ((uint32_t)((imm) & 0xfff) << 20 | (rs) << 15 | (rd) << 7 | 0x1b)
#define RV_LUI(rd, imm20) ((uint32_t)((imm20) & 0xfffff) << 12 | (rd) << 7 | 0x37)
#define RV_SLLI(rd, rs, sh) ((uint32_t)(sh) << 20 | (rs) << 15 | 1u << 12 | (rd) << 7 | 0x13)
#define RV_SD(rs2, rs1, off)                                                         \
	((uint32_t)(((off) >> 5) & 0x7f) << 25 | (rs2) << 20 | (rs1) << 15 | 3u << 12 | \
	 (uint32_t)((off) & 0x1f) << 7 | 0x23)
#define RV_ECALL 0x00000073u
#define RV_BEQZ_A0_8 0x00050463u /* beq a0, zero, .+8 */
#define RV_J_SELF 0x0000006fu    /* jal zero, . */

/* rd = @c, a value below 2^31 */
static void rv_li(struct guest_prog *g, unsigned int rd, uint32_t c)
{
	uint32_t hi = (c + 0x800) >> 12;

	if (c < 0x800) {
		emit(g, RV_ADDI(rd, 0u, c));
		return;
	}
	emit(g, RV_LUI(rd, hi));
	emit(g, RV_ADDIW(rd, rd, (int32_t)(c - (hi << 12))));
}

/*
 * riscv: what the guest's SBI calls answer (ecall: a7 the extension, a6
 * the function, a0 the argument; a0 the error, a1 the value), stored as
 * the value where a0 is 0, else as the error: the SBI base functions
 * (spec version, implementation id and version, which no ioctl shows;
 * mvendorid, marchid, mimpid, which the CONFIG registers set), and
 * probe_extension of every extension the catalogue has an SBI_EXT
 * register for (arch/riscv/kvm/vcpu_sbi_base.c, vcpu_sbi.c).
 */
static void riscv_guest_program(struct guest_prog *g)
{
	static const struct {
		uint32_t fid, arg;
		uint64_t key;
	} calls[] = {
		{ 0, 0, HVABI_RISCV_GUEST_SBI_BASE(0) }, /* spec version */
		{ 1, 0, HVABI_RISCV_GUEST_SBI_BASE(1) }, /* implementation id */
		{ 2, 0, HVABI_RISCV_GUEST_SBI_BASE(2) }, /* implementation version */
		{ 4, 0, HVABI_RISCV_CONFIG_REG(2) },     /* mvendorid */
		{ 5, 0, HVABI_RISCV_CONFIG_REG(3) },     /* marchid */
		{ 6, 0, HVABI_RISCV_CONFIG_REG(4) },     /* mimpid */
		/* probe_extension: legacy set_timer (V01) and the SBI_EXT registers' extensions */
		{ 3, 0x0, HVABI_RISCV_SBI_EXT_REG(0) },
		{ 3, 0x54494d45, HVABI_RISCV_SBI_EXT_REG(1) },  /* TIME */
		{ 3, 0x735049, HVABI_RISCV_SBI_EXT_REG(2) },    /* IPI */
		{ 3, 0x52464e43, HVABI_RISCV_SBI_EXT_REG(3) },  /* RFENCE */
		{ 3, 0x53525354, HVABI_RISCV_SBI_EXT_REG(4) },  /* SRST */
		{ 3, 0x48534d, HVABI_RISCV_SBI_EXT_REG(5) },    /* HSM */
		{ 3, 0x504d55, HVABI_RISCV_SBI_EXT_REG(6) },    /* PMU */
		{ 3, 0x4442434e, HVABI_RISCV_SBI_EXT_REG(9) },  /* DBCN */
		{ 3, 0x535441, HVABI_RISCV_SBI_EXT_REG(10) },   /* STA */
		{ 3, 0x53555350, HVABI_RISCV_SBI_EXT_REG(11) }, /* SUSP */
		{ 3, 0x46574654, HVABI_RISCV_SBI_EXT_REG(12) }, /* FWFT */
		{ 3, 0x4d505859, HVABI_RISCV_SBI_EXT_REG(13) }, /* MPXY */
	};
	size_t i;

	memset(g, 0, sizeof(*g));
	/* s1 = the window (0x90000000: lui sign-extends, so half of it, shifted) */
	emit(g, RV_LUI(RV_S1, HVABI_PROBE_GUEST_WINDOW >> 13));
	emit(g, RV_SLLI(RV_S1, RV_S1, 1));
	for (i = 0; i < HVABI_ARRAY_SIZE(calls); i++) {
		rv_li(g, RV_A7, 0x10);
		rv_li(g, RV_A6, calls[i].fid);
		rv_li(g, RV_A0, calls[i].arg);
		emit(g, RV_ECALL);
		emit(g, RV_BEQZ_A0_8);
		emit(g, RV_ADDI(RV_A1, RV_A0, 0));
		emit(g, RV_SD(RV_A1, RV_S1, (uint32_t)(8 * g->nids)));
		g->ids[g->nids++] = calls[i].key;
	}
	emit(g, RV_SD(0u, RV_S1, (uint32_t)(8 * g->nids)));
	emit(g, RV_J_SELF);
}

/*
 * A second scratch VM, untouched by the probe's writes, whose vCPU (made
 * as the first: arm64 PSCI 0.2 and the caller's features) runs @g from
 * guest memory at HVABI_PROBE_GUEST_GPA (arm64: EL1, MMU off; riscv:
 * VS-mode, satp bare).
 */
static int run_guest_program(struct probe *p, const struct guest_prog *g)
{
	bool arm64 = p->fs->arch == HVABI_ARCH_ARM64;
	struct hvabi_kvm_userspace_memory_region mr;
	struct hvabi_kvm_vcpu_init init;
	struct hvabi_kvm_run *run = NULL;
	int vm = -1, vcpu = -1, size = 0, r, c;
	uint8_t *mem;

	mem = aligned_alloc(GUEST_PAGE, GUEST_MEM_SIZE);
	if (!mem)
		return -ENOMEM;
	memset(mem, 0, GUEST_MEM_SIZE);
	for (size_t i = 0; i < g->ncode; i++)
		hvabi_value_to_buf(g->code[i], 4, mem + 4 * i);
	for (size_t v = 0; arm64 && v < 16; v++) {
		/* STR x20, [x20, #8 * GUEST_READS_MAX]; B . */
		hvabi_value_to_buf(0xf9000000u | (uint32_t)GUEST_READS_MAX << 10 | 20u << 5 | 20u, 4,
				   mem + GUEST_VECTORS + 0x80 * v);
		hvabi_value_to_buf(0x14000000u, 4, mem + GUEST_VECTORS + 0x80 * v + 4);
	}
	r = hvabi_kvm_call(p->kvm, p->kvm->fd, HVABI_KVM_CREATE_VM, (void *)(uintptr_t)0);
	if (r < 0)
		goto out;
	vm = r;
	memset(&init, 0, sizeof(init));
	r = arm64 ? hvabi_kvm_call(p->kvm, vm, HVABI_KVM_ARM_PREFERRED_TARGET, &init) : 0;
	if (r)
		goto out;
	r = hvabi_kvm_call(p->kvm, vm, HVABI_KVM_CREATE_VCPU, (void *)(uintptr_t)0);
	if (r < 0)
		goto out;
	vcpu = r;
	/*
	 * Not PMU_V3: a vCPU with a PMU runs only with an interrupt
	 * controller and its overflow interrupt set (kvm_arm_pmu_v3_enable(),
	 * pmu-emul.c), and nothing the guest reads here depends on it.
	 */
	r = arm64 ? init_vcpu(p, vcpu, &init, HVABI_FEAT(PMU_V3)) : 0;
	if (r)
		goto out;
	memset(&mr, 0, sizeof(mr));
	mr.guest_phys_addr = HVABI_PROBE_GUEST_GPA;
	mr.memory_size = GUEST_MEM_SIZE;
	mr.userspace_addr = (uintptr_t)mem;
	r = hvabi_kvm_call(p->kvm, vm, HVABI_KVM_SET_USER_MEMORY_REGION, &mr);
	if (!r)
		r = reg_set(p->kvm, vcpu, arm64 ? HVABI_KVM_REG_ARM64 | HVABI_KVM_REG_SIZE_U64 |
						  HVABI_KVM_REG_ARM_CORE | 0x40 /* regs.pc */
						: HVABI_RISCV_REG(HVABI_KVM_REG_RISCV_CORE, 0ull, 0),
			    HVABI_PROBE_GUEST_GPA);
	if (r)
		goto out;
	size = hvabi_kvm_call(p->kvm, p->kvm->fd, HVABI_KVM_GET_VCPU_MMAP_SIZE, NULL);
	if (size < 0) {
		r = size;
		goto out;
	}
	r = p->kvm->ops->map_run(p->kvm->ctx, vcpu, (size_t)size, &run);
	if (!r)
		r = guest_run(p, vcpu, run, g);
out:
	if (run)
		p->kvm->ops->unmap_run(p->kvm->ctx, run, (size_t)size);
	if (vcpu >= 0 && (c = hvabi_kvm_close_fd(p->kvm, vcpu)) && !r)
		r = c;
	if (vm >= 0 && (c = hvabi_kvm_close_fd(p->kvm, vm)) && !r)
		r = c;
	free(mem);
	return r;
}

static int arm64_guest_reads(struct probe *p)
{
	struct hvabi_key clidr_key = hvabi_key_reg(HVABI_ARM64_SYS_REG(3, 1, 0, 0, 1));
	struct hvabi_entry clidr;
	struct guest_prog g;

	guest_program(&g, hvabi_featureset_find(p->fs, &clidr_key, &clidr) ? 0 : clidr.value);
	return run_guest_program(p, &g);
}

static int riscv_guest_reads(struct probe *p)
{
	struct guest_prog g;

	riscv_guest_program(&g);
	return run_guest_program(p, &g);
}

static int create_vm_vcpu(struct probe *p)
{
	int r;

	r = hvabi_kvm_call(p->kvm, p->kvm->fd, HVABI_KVM_CREATE_VM, (void *)(uintptr_t)0);
	if (r < 0)
		return r;
	p->vm_fd = r;
	r = hvabi_kvm_call(p->kvm, p->vm_fd, HVABI_KVM_CREATE_VCPU, (void *)(uintptr_t)0);
	if (r < 0)
		return r;
	p->vcpu_fd = r;
	return 0;
}

static int probe_arm64(struct probe *p)
{
	struct hvabi_kvm_vcpu_init init;
	uint64_t masks_cap;
	int r;

	r = hvabi_kvm_call(p->kvm, p->kvm->fd, HVABI_KVM_CREATE_VM, (void *)(uintptr_t)0);
	if (r < 0)
		return r;
	p->vm_fd = r;
	r = choose_cap_fd(p, p->vm_fd);
	if (!r)
		r = record_caps(p);
	if (r)
		return r;
	memset(&init, 0, sizeof(init));
	r = hvabi_kvm_call(p->kvm, p->vm_fd, HVABI_KVM_ARM_PREFERRED_TARGET, &init);
	if (r)
		return r;
	/*
	 * PSCI 0.2+ and nothing else: the firmware registers' rules depend
	 * on PSCI_0_2 (PSCI_VERSION reads 0.1 without it), and every
	 * optional feature (SVE, PMU, pointer auth, EL2) would add
	 * registers a VMM may not enable.
	 */
	r = hvabi_kvm_call(p->kvm, p->vm_fd, HVABI_KVM_CREATE_VCPU, (void *)(uintptr_t)0);
	if (r < 0)
		return r;
	p->vcpu_fd = r;
	r = init_vcpu(p, p->vcpu_fd, &init, 0);
	if (!r)
		r = read_regs(p, p->vcpu_fd);
	if (r)
		return r;
	masks_cap = cap_value(p, HVABI_KVM_CAP_ARM_SUPPORTED_REG_MASK_RANGES);
	if (masks_cap & (1u << HVABI_KVM_ARM_FEATURE_ID_RANGE))
		r = arm64_writable_masks(p);
	else
		r = arm64_pfr0_old_mask(p);
	if (r)
		return r;
	r = arm64_fw_facts(p);
	if (!r)
		r = arm64_ccsidr_masks(p);
	if (!r)
		r = arm64_smccc_filter(p);
	if (!r)
		r = arm64_vcpu_features(p);
	if (!r && (p->flags & HVABI_PROBE_GUEST_READS))
		r = arm64_guest_reads(p);
	return r;
}

/*
 * Whether the riscv extension behind @e can be enabled (HAS_MAX 1) or not
 * (0), and for an enabled ISA extension whether it can be disabled (HAS_MIN
 * 0) or KVM refuses with EINVAL (1: kvm_riscv_vcpu_isa_disable_allowed(),
 * arch/riscv/kvm/vcpu_onereg.c in 6.12, isa.c in 7.2), so that no set without it
 * is promised to this host.
 */
static int riscv_ext_max(struct probe *p, struct hvabi_entry *e)
{
	uint64_t type = e->key.id & (0xffull << HVABI_KVM_REG_RISCV_TYPE_SHIFT);
	int r;

	e->flags |= HVABI_ENTRY_HAS_MAX;
	if (e->value == 1) {
		e->max = 1;
		if (type != HVABI_KVM_REG_RISCV_ISA_EXT)
			return update(p, e);
		r = reg_set(p->kvm, p->vcpu_fd, e->key.id, 0);
		if (r == 0) {
			e->flags |= HVABI_ENTRY_HAS_MIN;
			e->min = 0;
			r = reg_set(p->kvm, p->vcpu_fd, e->key.id, 1);
		} else if (r == -EINVAL) {
			e->flags |= HVABI_ENTRY_HAS_MIN;
			e->min = 1;
			r = 0;
		}
		return r ? r : update(p, e);
	}
	r = reg_set(p->kvm, p->vcpu_fd, e->key.id, 1);
	if (r == 0) {
		e->max = 1;
		r = reg_set(p->kvm, p->vcpu_fd, e->key.id, e->value);
	} else if (r == -EINVAL || r == -ENOENT) {
		/* EINVAL: KVM does not let it be enabled; ENOENT: the host lacks it. */
		e->max = 0;
		r = 0;
	}
	if (r)
		return r;
	return update(p, e);
}

static int probe_riscv(struct probe *p)
{
	size_t i;
	int r;

	r = create_vm_vcpu(p);
	if (!r)
		r = choose_cap_fd(p, p->vm_fd);
	if (!r)
		r = record_caps(p);
	if (!r)
		r = read_regs(p, p->vcpu_fd);
	for (i = 0; !r && i < p->fs->n; i++) {
		struct hvabi_entry e = p->fs->e[i];

		if (e.key.ns == HVABI_NS_ONE_REG && riscv_keep(e.key.id) &&
		    reg_writable_size(e.key.id))
			r = riscv_ext_max(p, &e);
	}
	if (!r && (p->flags & HVABI_PROBE_GUEST_READS))
		r = riscv_guest_reads(p);
	return r;
}

/* ---- x86 ---- */

/* One entry per (function, index, register); @host adds HAS_MAX = value. */
static int put_cpuid(struct probe *p, const struct hvabi_kvm_cpuid2 *c, bool hv, bool host)
{
	uint32_t i;
	unsigned int reg;
	int r;

	for (i = 0; i < c->nent; i++) {
		const struct hvabi_kvm_cpuid_entry2 *ce = &c->entries[i];

		for (reg = HVABI_CPUID_EAX; reg <= HVABI_CPUID_EDX; reg++) {
			enum hvabi_cpuid_reg cr = (enum hvabi_cpuid_reg)reg;
			struct hvabi_key key = hvabi_key_cpuid(ce->function, ce->index, cr);
			uint32_t v = hvabi_cpuid2_reg(ce, reg);

			if (hv)
				key = hvabi_key_hv_cpuid(ce->function, ce->index, cr);
			r = put_host_value(p, &key, v, host);
			if (r)
				return r;
		}
	}
	return 0;
}

static int read_cpuid(struct probe *p, int fd, unsigned long req, uint32_t first, bool hv,
		      bool host)
{
	struct hvabi_kvm_cpuid2 *c;
	int r;

	r = cpuid_read(p->kvm, fd, req, first, &c);
	if (r)
		return r;
	r = put_cpuid(p, c, hv, host);
	free(c);
	return r;
}

/*
 * The feature MSRs, read on @fd (/dev/kvm for the host, vCPU 0 for a VM).
 * KVM_GET_MSRS stops at the first MSR it refuses and returns how many it
 * read: record those, skip the refused one, go on after it.
 */
static int read_msrs(struct probe *p, int fd, bool host)
{
	struct hvabi_kvm_msr_list *l;
	struct hvabi_kvm_msrs *m;
	uint32_t i = 0;
	int r = 0;

	r = msr_list_read(p->kvm, p->kvm->fd, &l);
	if (r)
		return r;
	m = malloc(sizeof(*m) + MSRS_BATCH * sizeof(m->entries[0]));
	if (!m) {
		free(l);
		return -ENOMEM;
	}
	while (i < l->nmsrs) {
		uint32_t k, got, n = l->nmsrs - i < MSRS_BATCH ? l->nmsrs - i : MSRS_BATCH;

		memset(m, 0, sizeof(*m) + n * sizeof(m->entries[0]));
		m->nmsrs = n;
		for (k = 0; k < n; k++)
			m->entries[k].index = l->indices[i + k];
		r = hvabi_kvm_call(p->kvm, fd, HVABI_KVM_GET_MSRS, m);
		if (r < 0)
			break;
		/* More MSRs read than asked for: a broken KVM, and no way to trust it. */
		got = (uint32_t)r;
		if (got > n) {
			r = -EIO;
			break;
		}
		for (k = 0; k < got; k++) {
			struct hvabi_key key = hvabi_key_msr(m->entries[k].index);
			uint64_t v = m->entries[k].data;

			r = put_host_value(p, &key, v, host);
			if (r)
				goto out;
		}
		i += got;
		if (got < n)
			i++;
		r = 0;
	}
out:
	free(m);
	free(l);
	return r < 0 ? r : 0;
}

/*
 * eVMCS: KVM_ENABLE_CAP(163) on a vCPU writes the supported version
 * range to the u16 args[0] points at. It needs a (scratch) vCPU, and only
 * Intel has it: where CHECK_EXTENSION said 0 (AMD) nothing is tried;
 * where enabling fails as unsupported the CHECK_EXTENSION answer stays.
 */
static int x86_evmcs(struct probe *p)
{
	struct hvabi_kvm_enable_cap cap;
	struct hvabi_key key = hvabi_key_cap(HVABI_KVM_CAP_HYPERV_ENLIGHTENED_VMCS);
	uint16_t range = 0;
	int r;

	if (!cap_value(p, HVABI_KVM_CAP_HYPERV_ENLIGHTENED_VMCS))
		return 0;
	r = create_vm_vcpu(p);
	if (r)
		return r;
	memset(&cap, 0, sizeof(cap));
	cap.cap = HVABI_KVM_CAP_HYPERV_ENLIGHTENED_VMCS;
	cap.args[0] = (uintptr_t)&range;
	r = hvabi_kvm_call(p->kvm, p->vcpu_fd, HVABI_KVM_ENABLE_CAP, &cap);
	if (r == -ENOTTY || r == -EINVAL)
		return 0;
	if (r)
		return r;
	return put_value(p, &key, range, 0, 0);
}

static int set_tsc_khz(struct probe *p, uint64_t khz)
{
	return hvabi_kvm_call(p->kvm, p->vcpu_fd, HVABI_KVM_SET_TSC_KHZ, (void *)(uintptr_t)khz);
}

/* Whether KVM_SET_TSC_KHZ takes @khz: 1, 0 (EINVAL), or a negative errno. */
static int tsc_takes(struct probe *p, uint64_t khz)
{
	int r = set_tsc_khz(p, khz);

	return !r ? 1 : r == -EINVAL ? 0 : r;
}

/*
 * The rate next to @bad that KVM_SET_TSC_KHZ still takes, by bisection
 * between @bad (refused) and @good (taken): taking is monotone in the
 * rate on either side of the host's.
 */
static int tsc_edge(struct probe *p, uint64_t bad, uint64_t good, uint64_t *edge)
{
	while ((good > bad ? good - bad : bad - good) > 1) {
		uint64_t mid = bad < good ? bad + (good - bad) / 2 : good + (bad - good) / 2;
		int r = tsc_takes(p, mid);

		if (r < 0)
			return r;
		*(r ? &good : &bad) = mid;
	}
	*edge = good;
	return 0;
}

/* KVM's tsc_tolerance_ppm (x86.c), a module parameter; 250 unless an administrator changed it. */
#define TSC_TOLERANCE_PPM 250u

/*
 * The TSC rate: what a new vCPU runs at, and the rates KVM_SET_TSC_KHZ
 * gives (x86.c: kvm_set_tsc_khz()), measured by writing on the scratch
 * vCPU. KVM takes a rate at or above tsc_khz * (1 - tolerance): within
 * the tolerance as it is, above it by TSC scaling or, without scaling, by
 * catching the TSC up at each entry, which no guest sees as a steady
 * rate. So the lowest rate taken, L, is found by bisection (taking is
 * monotone in the rate); L far below the vCPU's rate means scaling, and
 * the highest rate taken (max_guest_tsc_khz) is found the same way;
 * otherwise the host's rate is L / (1 - tolerance) and the range is
 * symmetric around it, with the default tolerance (250 ppm).
 *
 * KVM_GET_TSC_KHZ answers the rate KVM chose when it loaded (max_tsc_khz);
 * where the host refined its TSC calibration later, that rate can lie
 * outside what KVM_SET_TSC_KHZ takes (seen on 6.1 under QEMU TCG: 2597696
 * against a refined 2599977). The value is then the host's rate, which
 * is what the guest's TSC runs at. A refused write leaves KVM_GET_TSC_KHZ
 * answering the refused rate: the scratch vCPU is thrown away after the
 * probe.
 */
static int x86_tsc(struct probe *p)
{
	struct hvabi_key key = hvabi_key_vcpu_value(HVABI_VCPU_VALUE_TSC_KHZ);
	uint64_t khz, lo, hi, rate;
	struct hvabi_entry e;
	int r;

	r = hvabi_kvm_check_ext(p->kvm, p->cap_fd, HVABI_KVM_CAP_GET_TSC_KHZ);
	if (r <= 0)
		return r;
	if (p->vcpu_fd < 0 && (r = create_vm_vcpu(p)))
		return r;
	r = hvabi_kvm_call(p->kvm, p->vcpu_fd, HVABI_KVM_GET_TSC_KHZ, NULL);
	/* 0: the host's TSC could not be calibrated; nothing to pin. */
	if (r <= 0)
		return r;
	khz = (uint64_t)r;
	hvabi_entry_init(&e, p->fs->arch, &key);
	e.value = khz;
	/* Twice the rate is taken by scaling or catch-up; where not, KVM gives only its own. */
	r = tsc_takes(p, 2 * khz);
	if (r <= 0)
		return r < 0 ? r : hvabi_featureset_put(p->fs, &e);
	r = tsc_edge(p, 0, 2 * khz, &lo);
	if (r)
		return r;
	if (lo < khz / 2) {
		r = tsc_edge(p, INT32_MAX, 2 * khz, &hi);
		if (r)
			return r;
	} else {
		rate = (lo * 1000000 + (1000000 - TSC_TOLERANCE_PPM) - 1) /
		       (1000000 - TSC_TOLERANCE_PPM);
		hi = rate * (1000000 + TSC_TOLERANCE_PPM) / 1000000;
		if (khz < lo || khz > hi)
			e.value = rate;
	}
	e.flags = HVABI_ENTRY_HAS_MIN | HVABI_ENTRY_HAS_MAX;
	e.min = lo;
	e.max = hi;
	return hvabi_featureset_put(p->fs, &e);
}

static int probe_x86(struct probe *p)
{
	int r;

	/* Every x86 table is a /dev/kvm ioctl: no scratch VM for them. */
	r = choose_cap_fd(p, -1);
	if (!r)
		r = record_caps(p);
	if (!r)
		r = read_cpuid(p, p->kvm->fd, HVABI_KVM_GET_SUPPORTED_CPUID,
			       CPUID_NENT_FIRST, false, true);
	if (!r && cap_value(p, HVABI_KVM_CAP_SYS_HYPERV_CPUID))
		r = read_cpuid(p, p->kvm->fd, HVABI_KVM_GET_SUPPORTED_HV_CPUID,
			       HV_CPUID_NENT_FIRST, true, true);
	if (!r && cap_value(p, HVABI_KVM_CAP_GET_MSR_FEATURES))
		r = read_msrs(p, p->kvm->fd, true);
	if (!r)
		r = x86_evmcs(p);
	if (!r)
		r = x86_tsc(p);
	return r;
}

/* ---- common ---- */

static int set_meta(struct probe *p)
{
	char release[HVABI_RELEASE_MAX + 1];
	int r;

	if (!p->kvm->ops->release)
		return -EINVAL;
	r = p->kvm->ops->release(p->kvm->ctx, release, sizeof(release));
	if (r)
		return r;
	r = hvabi_featureset_set_kernel_release(p->fs, release);
	if (r)
		return r;
	return hvabi_featureset_set_origin(p->fs, p->kvm->origin);
}

/* Close what the probe opened; the first error wins. */
static int close_scratch(struct probe *p, int r)
{
	int c;

	if (p->vcpu_fd >= 0) {
		c = hvabi_kvm_close_fd(p->kvm, p->vcpu_fd);
		if (!r)
			r = c;
		p->vcpu_fd = -1;
	}
	if (p->vm_fd >= 0) {
		c = hvabi_kvm_close_fd(p->kvm, p->vm_fd);
		if (!r)
			r = c;
		p->vm_fd = -1;
	}
	return r;
}

static int probe_init(struct probe *p, struct hvabi_kvm *kvm)
{
	memset(p, 0, sizeof(*p));
	p->kvm = kvm;
	p->vm_fd = -1;
	p->vcpu_fd = -1;
	if (!kvm->ops || !kvm->ops->ioctl || kvm->fd < 0)
		return -EINVAL;
	return hvabi_featureset_new(kvm->arch, &p->fs);
}

HVABI_EXPORT int hvabi_kvm_probe(struct hvabi_kvm *kvm, unsigned int flags,
				 struct hvabi_featureset **ret)
{
	struct probe p;
	int r;

	if (!kvm || (flags & ~(HVABI_PROBE_GUEST_READS | HVABI_PROBE_VCPU_FEATURES(~0u))) || !ret)
		return -EINVAL;
	if ((flags & HVABI_PROBE_GUEST_READS) &&
	    (kvm->arch == HVABI_ARCH_X86_64 || !kvm->ops || !kvm->ops->map_run ||
	     !kvm->ops->unmap_run))
		return -EOPNOTSUPP;
	if (HVABI_PROBE_FEATURES_OF(flags) && kvm->arch != HVABI_ARCH_ARM64)
		return -EOPNOTSUPP;
	/* the guest step's program is A64: an AArch32 EL1 cannot run it */
	if ((flags & HVABI_PROBE_GUEST_READS) &&
	    (HVABI_PROBE_FEATURES_OF(flags) & (1u << HVABI_KVM_ARM_VCPU_EL1_32BIT)))
		return -EOPNOTSUPP;
	r = probe_init(&p, kvm);
	if (r)
		return r;
	p.flags = flags;
	switch (kvm->arch) {
	case HVABI_ARCH_ARM64:
		r = probe_arm64(&p);
		break;
	case HVABI_ARCH_X86_64:
		r = probe_x86(&p);
		break;
	default:
		r = probe_riscv(&p);
		break;
	}
	r = close_scratch(&p, r);
	if (!r)
		r = set_meta(&p);
	if (r) {
		hvabi_featureset_free(p.fs);
		return r;
	}
	*ret = p.fs;
	return 0;
}

/* ---- reading a VMM's VM ---- */

/*
 * arm64: what the VMM made vCPU 0 with, as far as KVM shows it
 * (VCPU_FEATURES), and with SVE its lengths (SVE_VQS), so that a VM of
 * other features than a probe's is not taken for one of PSCI 0.2 alone.
 */
static int read_vm_features(struct probe *p, int vcpu_fd)
{
	struct hvabi_key fk = hvabi_key_vcpu_value(HVABI_VCPU_VALUE_ARM64_FEATURES);
	struct hvabi_key vk = hvabi_key_vcpu_value(HVABI_VCPU_VALUE_ARM64_SVE_VQS);
	uint8_t vls[HVABI_KVM_REG_SIZE(HVABI_KVM_REG_ARM64_SVE_VLS)];
	struct hvabi_kvm_reg_list *l = NULL;
	uint32_t seen;
	int r;

	r = hvabi_kvm_reg_list(p->kvm, vcpu_fd, &l);
	if (!r)
		r = hvabi_arm64_features_seen(p->kvm, vcpu_fd, l, &seen);
	free(l);
	if (!r)
		r = put_value(p, &fk, seen, 0, 0);
	if (!r && (seen & HVABI_FEAT(SVE))) {
		r = hvabi_kvm_reg_get(p->kvm, vcpu_fd, HVABI_KVM_REG_ARM64_SVE_VLS, vls);
		if (!r)
			r = put_value(p, &vk, hvabi_buf_to_value(vls, 8), 0, 0);
	}
	return r;
}

/*
 * The firmware registers and ID registers are VM-wide state that KVM
 * shows through every vCPU: they can only differ between two vCPUs of
 * one VM if the fds belong to different VMs or the kernel broke its own
 * model. Either way the set would describe no VM, so the read fails with
 * EIO rather than pick one vCPU's answer. Per-vCPU entries (MPIDR_EL1
 * and the like) are vCPU 0's.
 */
static int verify_vm_scope(struct probe *p, int vcpu_fd)
{
	uint8_t buf[REG_BUF_MAX];
	size_t i;
	int r;

	for (i = 0; i < p->fs->n; i++) {
		const struct hvabi_entry *e = &p->fs->e[i];
		bool same;

		if (e->key.ns != HVABI_NS_ONE_REG || e->scope != HVABI_SCOPE_VM)
			continue;
		memset(buf, 0, sizeof(buf));
		r = hvabi_kvm_reg_get(p->kvm, vcpu_fd, e->key.id, buf);
		if (r)
			return r;
		if (e->width > 8)
			same = !memcmp(buf, e->wide, e->width);
		else
			same = hvabi_buf_to_value(buf, e->width) == e->value;
		if (!same)
			return -EIO;
	}
	return 0;
}

/*
 * x86: the TSC rate the VM's vCPUs run at (KVM_GET_TSC_KHZ), the value
 * invtsc promises; vCPUs at different rates describe no one VM (EIO).
 */
static int read_vm_tsc(struct probe *p, const int *vcpu_fds, size_t nvcpus)
{
	struct hvabi_key key = hvabi_key_vcpu_value(HVABI_VCPU_VALUE_TSC_KHZ);
	struct hvabi_entry e;
	size_t i;
	int r;

	r = hvabi_kvm_check_ext(p->kvm, p->cap_fd, HVABI_KVM_CAP_GET_TSC_KHZ);
	if (r <= 0)
		return r;
	hvabi_entry_init(&e, p->fs->arch, &key);
	for (i = 0; i < nvcpus; i++) {
		r = hvabi_kvm_call(p->kvm, vcpu_fds[i], HVABI_KVM_GET_TSC_KHZ, NULL);
		if (r < 0)
			return r;
		/* 0: the host's TSC could not be calibrated; nothing to pin. */
		if (!r)
			return 0;
		if (i && (uint64_t)r != e.value)
			return -EIO;
		e.value = (uint64_t)r;
	}
	return hvabi_featureset_put(p->fs, &e);
}

HVABI_EXPORT int hvabi_kvm_read_vm(struct hvabi_kvm *kvm, int vm_fd, const int *vcpu_fds,
				   size_t nvcpus, unsigned int flags,
				   struct hvabi_featureset **ret)
{
	struct probe p;
	size_t i;
	int r;

	if (!kvm || vm_fd < 0 || !vcpu_fds || !nvcpus || flags || !ret)
		return -EINVAL;
	for (i = 0; i < nvcpus; i++)
		if (vcpu_fds[i] < 0)
			return -EINVAL;
	r = probe_init(&p, kvm);
	if (r)
		return r;
	/* The VMM's fds are read, never written and never closed (p.vm_fd stays -1). */
	r = choose_cap_fd(&p, vm_fd);
	if (!r)
		r = record_caps(&p);
	if (!r && kvm->arch == HVABI_ARCH_X86_64) {
		r = read_cpuid(&p, vcpu_fds[0], HVABI_KVM_GET_CPUID2, CPUID_NENT_FIRST,
			       false, false);
		if (!r && cap_value(&p, HVABI_KVM_CAP_GET_MSR_FEATURES))
			r = read_msrs(&p, vcpu_fds[0], false);
		if (!r)
			r = read_vm_tsc(&p, vcpu_fds, nvcpus);
	} else if (!r) {
		r = read_regs(&p, vcpu_fds[0]);
		for (i = 1; !r && i < nvcpus; i++)
			r = verify_vm_scope(&p, vcpu_fds[i]);
		if (!r && kvm->arch == HVABI_ARCH_ARM64)
			r = read_vm_features(&p, vcpu_fds[0]);
	}
	if (!r)
		r = set_meta(&p);
	if (r) {
		hvabi_featureset_free(p.fs);
		return r;
	}
	*ret = p.fs;
	return 0;
}
