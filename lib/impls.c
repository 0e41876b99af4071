/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * arm64's list of CPU implementations a guest may run on (Linux 6.15+):
 * the TARGET_IMPLS entry, the MIDR/REVIDR/AIDR it pins, and the answers
 * to the two KVM vendor hypercalls that tell the list to a guest.
 *
 * Kernel facts (Debian's linux 7.2.8; docs/discover-impl.md has them all):
 * - KVM never answers DISCOVER_IMPL_VER (0xc6000040) or _CPUS
 *   (0xc6000041) itself: kvm_smccc_call_handler() has no case for them,
 *   so only a filter range with KVM_SMCCC_FILTER_FWD_TO_USER gets them to
 *   the VMM (arch/arm64/kvm/hypercalls.c 229-244, 289-381);
 * - VENDOR_HYP_BMAP_2 bits 0 and 1 only advertise them in KVM_FEATURES'
 *   x2 (hypercalls.c 365-369); the guest asks only when both are set
 *   (drivers/firmware/smccc/kvm_guest.c 61-63);
 * - the answers (Documentation/virt/kvm/arm/hypercalls.rst 146-203): VER
 *   x0 SUCCESS, x1 version 1.0 (0x10000), x2 the count, x3 0; CPUS(i)
 *   x0 SUCCESS and the triple, or INVALID_PARAMETER (-3) for an index
 *   past the end.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libhvabi/apply.h>
#include <libhvabi/catalog.h>

#include "impls.h"

#define SMCCC_RET_SUCCESS 0ull
#define SMCCC_RET_NOT_SUPPORTED UINT64_MAX            /* -1 */
#define SMCCC_RET_INVALID_PARAMETER (UINT64_MAX - 2)  /* -3 */
/* DISCOVER_IMPL_VER's x1: major 1 in bits 31:16, minor 0 in 15:0 */
#define DISCOVER_IMPL_VERSION_1_0 0x10000ull

const uint64_t hvabi_impls_reg_ids[3] = { HVABI_IMPLS_MIDR_ID, HVABI_IMPLS_REVIDR_ID,
					  HVABI_IMPLS_AIDR_ID };

static struct hvabi_key impls_key(void)
{
	return hvabi_key_smccc(HVABI_SMCCC_KVM_DISCOVER_IMPL_CPUS);
}
const struct hvabi_entry *hvabi_impls_entry(const struct hvabi_featureset *fs)
{
	/*
	 * SMCCC keys sort last, and the list is the one SMCCC entry a set
	 * may hold (hvabi_entry_check()): a check asks this of every host.
	 */
	if (!fs->n || fs->e[fs->n - 1].key.ns != HVABI_NS_SMCCC)
		return NULL;
	return &fs->e[fs->n - 1];
}

/*
 * The value of @fs's ONE_REG @id, or 0 when it has none (*found false),
 * or not as the catalogue has it (8 bytes, exact: a hand-made profile's
 * rangeset MIDR_EL1 says no CPU).
 */
static uint64_t reg_value(const struct hvabi_featureset *fs, uint64_t id, bool *found)
{
	struct hvabi_key k = hvabi_key_reg(id);
	ptrdiff_t at = hvabi_fs_search(fs, &k);

	*found = at >= 0 && fs->e[at].width == 8 && fs->e[at].kind == HVABI_KIND_EXACT;
	return *found ? fs->e[at].value : 0;
}

bool hvabi_impls_pinned(const struct hvabi_featureset *fs, struct hvabi_impl *ret)
{
	bool found, any;

	ret->midr = reg_value(fs, HVABI_IMPLS_MIDR_ID, &found);
	ret->revidr = reg_value(fs, HVABI_IMPLS_REVIDR_ID, &any);
	ret->aidr = reg_value(fs, HVABI_IMPLS_AIDR_ID, &any);
	return found;
}

size_t hvabi_impls_of(const struct hvabi_featureset *fs, struct hvabi_impl *buf)
{
	const struct hvabi_entry *e = hvabi_impls_entry(fs);
	size_t i, n;

	if (e) {
		n = e->width / HVABI_IMPL_BYTES;
		for (i = 0; i < n; i++)
			hvabi_impl_at(e, i, &buf[i]);
		return n;
	}
	return hvabi_impls_pinned(fs, &buf[0]) ? 1 : 0;
}

bool hvabi_impls_has(const struct hvabi_impl *list, size_t n, const struct hvabi_impl *x)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!hvabi_impl_cmp(&list[i], x))
			return true;
	return false;
}

bool hvabi_impls_served(const struct hvabi_featureset *fs)
{
	struct hvabi_key k = hvabi_key_reg(HVABI_KVM_REG_ARM_VENDOR_HYP_BMAP_2);
	ptrdiff_t at;

	if (!hvabi_impls_entry(fs))
		return false;
	at = hvabi_fs_search(fs, &k);
	return at >= 0 && fs->e[at].width == 8 &&
	       (fs->e[at].value & HVABI_IMPLS_BMAP_2_BITS) == HVABI_IMPLS_BMAP_2_BITS;
}

HVABI_EXPORT int hvabi_featureset_get_impls(const struct hvabi_featureset *fs,
					    struct hvabi_impl *buf, size_t *n)
{
	struct hvabi_impl list[HVABI_IMPLS_MAX];
	size_t count;

	if (!fs || !n || fs->arch != HVABI_ARCH_ARM64)
		return -EINVAL;
	count = hvabi_impls_of(fs, list);
	if (!count)
		return -ENOENT;
	if (!buf || *n < count) {
		*n = count;
		return -ERANGE;
	}
	memcpy(buf, list, count * sizeof(*list));
	*n = count;
	return 0;
}

static int impl_qsort_cmp(const void *a, const void *b)
{
	return hvabi_impl_cmp(a, b);
}

int hvabi_impls_put(struct hvabi_featureset *fs, const struct hvabi_impl *impls, size_t n)
{
	struct hvabi_impl list[HVABI_IMPLS_MAX];
	uint8_t bytes[HVABI_IMPLS_MAX * HVABI_IMPL_BYTES], *p = bytes;
	struct hvabi_key k = impls_key();
	struct hvabi_entry e;
	size_t i, m = 0;

	if (!n || n > HVABI_IMPLS_MAX)
		return -EINVAL;
	memcpy(list, impls, n * sizeof(*list));
	qsort(list, n, sizeof(*list), impl_qsort_cmp);
	for (i = 0; i < n; i++) {
		if (list[i].midr > UINT32_MAX)
			return -EINVAL;
		if (m && !hvabi_impl_cmp(&list[m - 1], &list[i]))
			continue;
		list[m++] = list[i];
	}
	for (i = 0; i < m; i++)
		p = hvabi_impl_put(p, &list[i]);
	hvabi_entry_init(&e, fs->arch, &k);
	e.kind = HVABI_KIND_IMPLSET;
	e.scope = HVABI_SCOPE_VM;
	e.width = (uint16_t)(m * HVABI_IMPL_BYTES);
	e.wide = bytes;
	return hvabi_featureset_put(fs, &e);
}

HVABI_EXPORT int hvabi_featureset_set_impls(struct hvabi_featureset *fs,
					    const struct hvabi_impl *impls, size_t n)
{
	if (!fs || !impls || fs->arch != HVABI_ARCH_ARM64)
		return -EINVAL;
	return hvabi_impls_put(fs, impls, n);
}

int hvabi_impls_write_pin(struct hvabi_featureset *fs, const struct hvabi_impl *pin,
			  unsigned int which)
{
	const uint64_t v[3] = { pin->midr, pin->revidr, pin->aidr };
	size_t i;
	int r = 0;

	for (i = 0; !r && i < 3; i++) {
		struct hvabi_key k = hvabi_key_reg(hvabi_impls_reg_ids[i]);
		struct hvabi_key g = hvabi_key_guest_read(hvabi_impls_reg_ids[i]);
		ptrdiff_t at;

		if (!(which & 1u << i))
			continue;
		r = hvabi_featureset_set_value(fs, &k, v[i]);
		/* an odd entry (a rangeset) takes no value: made anew from the catalogue */
		if (r == -EINVAL && !hvabi_featureset_remove(fs, &k))
			r = hvabi_featureset_set_value(fs, &k, v[i]);
		/*
		 * What the set says its guest reads follows: with the list
		 * served, KVM shows every guest the VM's triple (VPIDR_EL2 and
		 * TID1, sysreg-sr.h 7.2.8 46-55, sys_regs.c 3078-3108).
		 */
		at = hvabi_fs_search(fs, &g);
		if (!r && at >= 0)
			fs->e[at].value = v[i];
	}
	return r;
}

HVABI_EXPORT int hvabi_impl_pin(struct hvabi_featureset *fs, size_t index)
{
	const struct hvabi_entry *e;
	struct hvabi_impl pin;

	if (!fs || fs->arch != HVABI_ARCH_ARM64)
		return -EINVAL;
	e = hvabi_impls_entry(fs);
	if (!e || index >= e->width / HVABI_IMPL_BYTES)
		return -ENOENT;
	hvabi_impl_at(e, index, &pin);
	return hvabi_impls_write_pin(fs, &pin, 7);
}

HVABI_EXPORT int hvabi_smccc_answer(const struct hvabi_featureset *set, uint32_t func_id,
				    const uint64_t args[3], uint64_t ret[4])
{
	const struct hvabi_entry *e;
	struct hvabi_impl impl;
	size_t n;

	if (!set || !args || !ret || set->arch != HVABI_ARCH_ARM64)
		return -EINVAL;
	if (func_id != HVABI_SMCCC_KVM_DISCOVER_IMPL_VER &&
	    func_id != HVABI_SMCCC_KVM_DISCOVER_IMPL_CPUS)
		return -ENOENT;
	e = hvabi_impls_entry(set);
	/* Not advertised: what KVM answers when nothing forwards the call. */
	if (!hvabi_impls_served(set)) {
		ret[0] = SMCCC_RET_NOT_SUPPORTED;
		ret[1] = ret[2] = ret[3] = 0;
		return 0;
	}
	n = e->width / HVABI_IMPL_BYTES;
	if (func_id == HVABI_SMCCC_KVM_DISCOVER_IMPL_VER) {
		ret[0] = SMCCC_RET_SUCCESS;
		ret[1] = DISCOVER_IMPL_VERSION_1_0;
		ret[2] = n;
		ret[3] = 0;
		return 0;
	}
	/* x2 and x3 are reserved: hypercalls.rst names no error for them. */
	if (args[0] >= n) {
		ret[0] = SMCCC_RET_INVALID_PARAMETER;
		ret[1] = ret[2] = ret[3] = 0;
		return 0;
	}
	hvabi_impl_at(e, (size_t)args[0], &impl);
	ret[0] = SMCCC_RET_SUCCESS;
	ret[1] = impl.midr;
	ret[2] = impl.revidr;
	ret[3] = impl.aidr;
	return 0;
}

/*
 * CPU names by MIDR (arch/arm64/include/asm/cputype.h, 7.2.8: fields at
 * 24-38, implementers 54-64, Arm's parts 68-101, Ampere's at 157). QEMU's
 * `max` and `cortex-*` models report implementer 0 ("software use") and
 * part 0x051 for max (target/arm/tcg/cpu64.c, QEMU 11.1.1, 1190-1206).
 */
static const struct {
	uint8_t implementer;
	uint16_t part;
	const char *name;
} cpu_names[] = {
	{ 0x00, 0x051, "QEMU max" },
	{ 0x41, 0xd03, "Cortex-A53" },   { 0x41, 0xd07, "Cortex-A57" },
	{ 0x41, 0xd08, "Cortex-A72" },   { 0x41, 0xd09, "Cortex-A73" },
	{ 0x41, 0xd0a, "Cortex-A75" },   { 0x41, 0xd0b, "Cortex-A76" },
	{ 0x41, 0xd0c, "Neoverse N1" },  { 0x41, 0xd0d, "Cortex-A77" },
	{ 0x41, 0xd40, "Neoverse V1" },  { 0x41, 0xd41, "Cortex-A78" },
	{ 0x41, 0xd47, "Cortex-A710" },  { 0x41, 0xd49, "Neoverse N2" },
	{ 0x41, 0xd4f, "Neoverse V2" },  { 0x41, 0xd84, "Neoverse V3" },
	{ 0x41, 0xd8e, "Neoverse N3" },  { 0xc0, 0xac3, "AmpereOne" },
};

int hvabi_impls_cpu_name(uint64_t midr, char *buf, size_t len)
{
	unsigned int impl = (midr >> 24) & 0xff, part = (midr >> 4) & 0xfff;
	unsigned int variant = (midr >> 20) & 0xf, rev = midr & 0xf;
	size_t i;

	for (i = 0; i < HVABI_ARRAY_SIZE(cpu_names); i++)
		if (cpu_names[i].implementer == impl && cpu_names[i].part == part)
			return snprintf(buf, len, "%s r%up%u", cpu_names[i].name, variant, rev);
	return snprintf(buf, len, "implementer 0x%02x part 0x%03x r%up%u", impl, part, variant,
			rev);
}

HVABI_EXPORT int hvabi_catalog_cpu_name(uint64_t midr, char *buf, size_t *len)
{
	int n;

	if (!len || (!buf && *len))
		return -EINVAL;
	n = hvabi_impls_cpu_name(midr, buf, *len);
	if ((size_t)n >= *len) {
		if (*len)
			buf[0] = '\0';
		*len = (size_t)n;
		return -ERANGE;
	}
	*len = (size_t)n;
	return 0;
}
