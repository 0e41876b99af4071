/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Catalogue look-ups and the textual form of keys. */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog-internal.h"
#include "kvm-uapi.h"

const struct hvabi_cat_table *hvabi_cat_table_of(enum hvabi_arch arch)
{
	switch (arch) {
	case HVABI_ARCH_ARM64:
		return &hvabi_cat_arm64;
	case HVABI_ARCH_X86_64:
		return &hvabi_cat_x86_64;
	case HVABI_ARCH_RISCV64:
		return &hvabi_cat_riscv64;
	default:
		return NULL;
	}
}

/* The row of exactly @key among rows @lo.. of @t, or NULL. */
static const struct hvabi_cat_entry *find_from(const struct hvabi_cat_table *t, size_t lo,
					       const struct hvabi_key *key)
{
	size_t hi = t->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = hvabi_key_cmp(&t->rows[mid].key, key);

		if (c == 0)
			return &t->rows[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const struct hvabi_cat_entry *hvabi_cat_find(enum hvabi_arch arch, const struct hvabi_key *key)
{
	const struct hvabi_cat_table *t = hvabi_cat_table_of(arch);
	const struct hvabi_cat_entry *c;
	struct hvabi_key any;

	if (!t)
		return NULL;
	c = find_from(t, 0, key);
	if (c || key->ns != HVABI_NS_CPUID || key->sub == HVABI_CAT_ANY_SUBLEAF)
		return c;
	any = *key;
	any.sub = HVABI_CAT_ANY_SUBLEAF;
	return find_from(t, 0, &any);
}

const struct hvabi_cat_entry *hvabi_cat_find_next(const struct hvabi_cat_table *t,
						  const struct hvabi_key *key, size_t *pos)
{
	size_t p = *pos < t->n ? *pos : t->n, lo = 0;
	struct hvabi_key any;
	int c = 1;

	if (p > 0 && hvabi_key_cmp(&t->rows[p - 1].key, key) >= 0) {
		/* out of order (an unsorted JSON set): the lower bound below */
		while (lo < p) {
			size_t mid = lo + (p - lo) / 2;

			if (hvabi_key_cmp(&t->rows[mid].key, key) < 0)
				lo = mid + 1;
			else
				p = mid;
		}
	}
	while (p < t->n && (c = hvabi_key_cmp(&t->rows[p].key, key)) < 0)
		p++;
	*pos = p;
	if (p < t->n && !c)
		return &t->rows[p];
	if (key->ns != HVABI_NS_CPUID || key->sub == HVABI_CAT_ANY_SUBLEAF)
		return NULL;
	/* The row for every other subleaf sorts after this key's place. */
	any = *key;
	any.sub = HVABI_CAT_ANY_SUBLEAF;
	return find_from(t, p, &any);
}

HVABI_EXPORT const char *hvabi_catalog_state_reason(enum hvabi_arch arch,
						    const struct hvabi_key *key)
{
	return key ? hvabi_cat_state_reason(arch, key) : NULL;
}

const char *hvabi_cat_state_reason(enum hvabi_arch arch, const struct hvabi_key *key)
{
	switch (arch) {
	case HVABI_ARCH_X86_64:
		return hvabi_cat_x86_state_reason(key);
	case HVABI_ARCH_ARM64:
		return hvabi_cat_arm64_state_reason(key);
	default:
		return NULL;
	}
}

bool hvabi_cat_abi_space(enum hvabi_arch arch, const struct hvabi_key *key)
{
	uint64_t coproc = key->id & HVABI_KVM_REG_ARM_COPROC_MASK;

	if (key->ns == HVABI_NS_CAP || key->ns == HVABI_NS_CPUID)
		return true;
	if (arch != HVABI_ARCH_ARM64 || key->ns != HVABI_NS_ONE_REG ||
	    (key->id & HVABI_KVM_REG_ARCH_MASK) != HVABI_KVM_REG_ARM64)
		return false;
	if (coproc == HVABI_KVM_REG_ARM_FW || coproc == HVABI_KVM_REG_ARM_FW_FEAT_BMAP ||
	    coproc == HVABI_KVM_REG_ARM_DEMUX)
		return true;
	return coproc == HVABI_KVM_REG_ARM64_SYSREG && ((key->id >> 14) & 3) == 3 &&
	       ((key->id >> 7) & 0xf) == 0 &&
	       (((key->id >> 11) & 7) == 0 || ((key->id >> 11) & 7) == 1 ||
		((key->id >> 11) & 7) == 3);
}

uint16_t hvabi_key_default_width(const struct hvabi_key *key)
{
	switch (key->ns) {
	case HVABI_NS_ONE_REG:
		if ((key->id & HVABI_KVM_REG_SIZE_MASK) > HVABI_KVM_REG_SIZE_U2048)
			return 8;
		return (uint16_t)HVABI_KVM_REG_SIZE(key->id);
	case HVABI_NS_CPUID:
	case HVABI_NS_VCPU_VALUE:
		return 4;
	default:
		return 8;
	}
}

/*
 * arm64 keeps the whole feature-ID space (op0 3, op1 0/1/3, CRn 0) and the
 * firmware registers per VM, even those the catalogue does not name: a
 * register a newer kernel adds there is VM-wide too, and must be written
 * once, not once per vCPU.
 */
uint8_t hvabi_key_default_scope(enum hvabi_arch arch, const struct hvabi_key *key)
{
	uint64_t coproc, op1;

	/* What the guest of the scratch VM read describes the host, not a vCPU. */
	if (key->ns == HVABI_NS_GUEST_READ || key->ns == HVABI_NS_SMCCC)
		return HVABI_SCOPE_VM;
	if (arch != HVABI_ARCH_ARM64 || key->ns != HVABI_NS_ONE_REG ||
	    (key->id & HVABI_KVM_REG_ARCH_MASK) != HVABI_KVM_REG_ARM64)
		return key->ns == HVABI_NS_ATTR && key->sel == HVABI_ATTR_VM ? HVABI_SCOPE_VM
									       : HVABI_SCOPE_VCPU;
	coproc = key->id & HVABI_KVM_REG_ARM_COPROC_MASK;
	if (coproc == HVABI_KVM_REG_ARM_FW || coproc == HVABI_KVM_REG_ARM_FW_FEAT_BMAP)
		return HVABI_SCOPE_VM;
	op1 = (key->id >> 11) & 7;
	/* MPIDR_EL1 names the vCPU: one value each. */
	if (key->id == HVABI_ARM64_SYS_REG(3, 0, 0, 0, 5))
		return HVABI_SCOPE_VCPU;
	if (coproc == HVABI_KVM_REG_ARM64_SYSREG && ((key->id >> 14) & 3) == 3 &&
	    ((key->id >> 7) & 15) == 0 && (op1 == 0 || op1 == 1 || op1 == 3))
		return HVABI_SCOPE_VM;
	return HVABI_SCOPE_VCPU;
}

static void info_fill(const struct hvabi_cat_entry *c, struct hvabi_catalog_info *info)
{
	info->name = c->name;
	info->summary = c->summary;
	info->kind = c->kind;
	info->scope = c->scope;
	info->width = c->width;
	info->since = c->since;
	info->flags = c->flags & ~HVABI_CAT_HW_LAYOUT; /* internal */
	info->implied = c->implied;
	info->off = c->off;
}

#define INFO_MIN hvabi_offsetofend(struct hvabi_catalog_info, off)

HVABI_EXPORT int hvabi_catalog_lookup(enum hvabi_arch arch, const struct hvabi_key *key,
				      struct hvabi_catalog_info *ret, size_t ret_sz)
{
	const struct hvabi_cat_entry *c;
	struct hvabi_catalog_info info;

	if (!key || !ret || ret_sz < INFO_MIN || !hvabi_cat_table_of(arch))
		return -EINVAL;
	c = hvabi_cat_find(arch, key);
	if (!c)
		return -ENOENT;
	info_fill(c, &info);
	return hvabi_copy_out(ret, ret_sz, &info, sizeof(info), INFO_MIN);
}

HVABI_EXPORT size_t hvabi_catalog_count(enum hvabi_arch arch)
{
	const struct hvabi_cat_table *t = hvabi_cat_table_of(arch);

	return t ? t->n : 0;
}

HVABI_EXPORT int hvabi_catalog_get(enum hvabi_arch arch, size_t index, struct hvabi_key *key,
				   struct hvabi_catalog_info *info, size_t info_sz)
{
	const struct hvabi_cat_table *t = hvabi_cat_table_of(arch);
	struct hvabi_catalog_info i;

	if (!t || (info && info_sz < INFO_MIN))
		return -EINVAL;
	if (index >= t->n)
		return -ENOENT;
	if (key)
		*key = t->rows[index].key;
	if (!info)
		return 0;
	info_fill(&t->rows[index], &i);
	return hvabi_copy_out(info, info_sz, &i, sizeof(i), INFO_MIN);
}

HVABI_EXPORT const char *hvabi_catalog_bit_alias(enum hvabi_arch arch,
						 const struct hvabi_key *key, unsigned int bit)
{
	const struct hvabi_cat_entry *c = key ? hvabi_cat_find(arch, key) : NULL;

	if (!c || bit >= c->naliases || !c->aliases)
		return NULL;
	return c->aliases[bit];
}

const char *hvabi_cat_bit_name(const struct hvabi_cat_entry *c, unsigned int bit)
{
	unsigned int i;

	if (!c)
		return NULL;
	for (i = 0; i < c->nfields; i++)
		if (c->fields[i].shift == bit)
			return c->fields[i].name;
	if (bit < c->nbits && c->bits)
		return c->bits[bit];
	return NULL;
}

HVABI_EXPORT const char *hvabi_catalog_bit_name(enum hvabi_arch arch,
						const struct hvabi_key *key, unsigned int bit)
{
	return key ? hvabi_cat_bit_name(hvabi_cat_find(arch, key), bit) : NULL;
}

/*
 * The decimal number at @s, or 256 for any above 255 (where strtoul()'s
 * answer would be refused too); @end where its digits stop. A check
 * parses two releases per host, and strtoul() was 7 % of the
 * instructions of a fleet check once the rows were found once.
 */
static unsigned int release_number(const char *s, const char **end)
{
	unsigned int v = 0;

	for (; *s >= '0' && *s <= '9'; s++)
		v = v > 255 ? 256 : v * 10 + (unsigned int)(*s - '0');
	*end = s;
	return v > 255 ? 256 : v;
}

HVABI_EXPORT uint32_t hvabi_kernel_version_parse(const char *release)
{
	unsigned int major, minor;
	const char *end;

	if (!release || release[0] < '0' || release[0] > '9')
		return 0;
	major = release_number(release, &end);
	if (*end != '.' || end[1] < '0' || end[1] > '9' || major > 255)
		return 0;
	minor = release_number(end + 1, &end);
	if (minor > 255)
		return 0;
	return HVABI_KERNEL_VERSION(major, minor);
}

HVABI_EXPORT int hvabi_catalog_accepted_range(enum hvabi_arch arch,
					      const struct hvabi_key *key,
					      const char *release, uint64_t *min, uint64_t *max)
{
	const struct hvabi_cat_entry *c;
	const struct hvabi_version_era *era;
	uint32_t v;

	if (!key || !release || !min || !max)
		return -EINVAL;
	v = hvabi_kernel_version_parse(release);
	if (!v)
		return -EINVAL;
	c = hvabi_cat_find(arch, key);
	era = c ? hvabi_cat_era(c, v) : NULL;
	if (!era)
		return -ENOENT;
	*min = era->min;
	*max = era->max;
	return 0;
}

const struct hvabi_version_era *hvabi_cat_era(const struct hvabi_cat_entry *c, uint32_t kver)
{
	const struct hvabi_version_era *era = NULL;
	unsigned int i;

	if (!kver || c->kind != HVABI_KIND_VERSION)
		return NULL;
	for (i = 0; i < c->neras; i++)
		if (c->eras[i].since <= kver)
			era = &c->eras[i];
	return era;
}

static const char *const cpuid_reg_names[] = { "eax", "ebx", "ecx", "edx" };
static const char *const attr_target_names[] = { NULL, "vm", "vcpu", "system" };

int hvabi_key_format(const struct hvabi_key *key, char *buf, size_t len)
{
	if (!key || (!buf && len))
		return -EINVAL;
	switch (key->ns) {
	case HVABI_NS_ONE_REG:
		return snprintf(buf, len, "reg:0x%016" PRIx64, key->id);
	case HVABI_NS_ATTR:
		if (key->sel < HVABI_ATTR_VM || key->sel > HVABI_ATTR_SYSTEM)
			return -EINVAL;
		return snprintf(buf, len, "attr:%s:0x%" PRIx32 ":0x%" PRIx64,
				attr_target_names[key->sel], key->sub, key->id);
	case HVABI_NS_CPUID:
		if (key->sel > HVABI_CPUID_EDX ||
		    (key->id & ~(uint64_t)UINT32_MAX & ~HVABI_CPUID_TABLE_HYPERV))
			return -EINVAL;
		return snprintf(buf, len, "%s:0x%" PRIx64 ":0x%" PRIx32 ":%s",
				key->id & HVABI_CPUID_TABLE_HYPERV ? "hvcpuid" : "cpuid",
				key->id & UINT32_MAX, key->sub, cpuid_reg_names[key->sel]);
	case HVABI_NS_MSR:
		return snprintf(buf, len, "msr:0x%" PRIx64, key->id);
	case HVABI_NS_CAP:
		return snprintf(buf, len, "cap:%" PRIu64, key->id);
	case HVABI_NS_VCPU_VALUE:
		return snprintf(buf, len, "vcpu:%" PRIu64, key->id);
	case HVABI_NS_GUEST_READ:
		return snprintf(buf, len, "guest:0x%016" PRIx64, key->id);
	case HVABI_NS_SMCCC:
		return snprintf(buf, len, "smccc:0x%" PRIx64, key->id);
	default:
		return -EINVAL;
	}
}

HVABI_EXPORT int hvabi_key_to_string(const struct hvabi_key *key, char *buf, size_t *len)
{
	int n;

	if (!len || (!buf && *len))
		return -EINVAL;
	n = hvabi_key_format(key, buf, *len);
	if (n < 0)
		return n;
	/* snprintf wrote what fit, NUL-terminated; the contract wants all or -ERANGE. */
	if ((size_t)n >= *len) {
		if (*len)
			buf[0] = '\0';
		*len = (size_t)n;
		return -ERANGE;
	}
	*len = (size_t)n;
	return 0;
}

/* Parse an unsigned integer (0x-prefixed hex or decimal) up to @lim; @end is where it stopped. */
static int parse_uint(const char *s, const char **end, uint64_t lim, uint64_t *ret)
{
	uint64_t v = 0;
	unsigned int base = 10, digits = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	for (;; s++, digits++) {
		unsigned int d;

		if (*s >= '0' && *s <= '9')
			d = (unsigned int)(*s - '0');
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			d = (unsigned int)(*s - 'a' + 10);
		else if (base == 16 && *s >= 'A' && *s <= 'F')
			d = (unsigned int)(*s - 'A' + 10);
		else
			break;
		if (v > (lim - d) / base)
			return -EINVAL;
		v = v * base + d;
	}
	if (!digits)
		return -EINVAL;
	*end = s;
	*ret = v;
	return 0;
}

static int parse_name(const char *s, const char *const *names, size_t n, const char **end,
		      unsigned int *ret)
{
	size_t i;

	for (i = 0; i < n; i++) {
		size_t l;

		if (!names[i])
			continue;
		l = strlen(names[i]);
		if (!strncmp(s, names[i], l) && (s[l] == ':' || s[l] == '\0')) {
			*end = s + l;
			*ret = (unsigned int)i;
			return 0;
		}
	}
	return -EINVAL;
}

HVABI_EXPORT int hvabi_key_from_string(enum hvabi_arch arch, const char *text,
				       struct hvabi_key *ret)
{
	const struct hvabi_cat_table *t;
	struct hvabi_key k = { 0, 0, 0, 0 };
	const char *p;
	uint64_t a, b;
	unsigned int sel;
	size_t i;

	if (!text || !ret)
		return -EINVAL;
	if (!strncmp(text, "reg:", 4)) {
		if (parse_uint(text + 4, &p, UINT64_MAX, &a))
			return -EINVAL;
		k = hvabi_key_reg(a);
	} else if (!strncmp(text, "attr:", 5)) {
		if (parse_name(text + 5, attr_target_names, 4, &p, &sel) || *p++ != ':' ||
		    parse_uint(p, &p, UINT32_MAX, &a) || *p++ != ':' ||
		    parse_uint(p, &p, UINT64_MAX, &b))
			return -EINVAL;
		k = hvabi_key_attr((enum hvabi_attr_target)sel, (uint32_t)a, b);
	} else if (!strncmp(text, "cpuid:", 6) || !strncmp(text, "hvcpuid:", 8)) {
		bool hv = text[0] == 'h';

		if (parse_uint(text + (hv ? 8 : 6), &p, UINT32_MAX, &a) || *p++ != ':' ||
		    parse_uint(p, &p, UINT32_MAX, &b) || *p++ != ':' ||
		    parse_name(p, cpuid_reg_names, 4, &p, &sel))
			return -EINVAL;
		k = hv ? hvabi_key_hv_cpuid((uint32_t)a, (uint32_t)b, (enum hvabi_cpuid_reg)sel)
		       : hvabi_key_cpuid((uint32_t)a, (uint32_t)b, (enum hvabi_cpuid_reg)sel);
	} else if (!strncmp(text, "msr:", 4)) {
		if (parse_uint(text + 4, &p, UINT32_MAX, &a))
			return -EINVAL;
		k = hvabi_key_msr((uint32_t)a);
	} else if (!strncmp(text, "cap:", 4)) {
		if (parse_uint(text + 4, &p, UINT32_MAX, &a))
			return -EINVAL;
		k = hvabi_key_cap((uint32_t)a);
	} else if (!strncmp(text, "guest:", 6)) {
		if (parse_uint(text + 6, &p, UINT64_MAX, &a))
			return -EINVAL;
		k = hvabi_key_guest_read(a);
	} else if (!strncmp(text, "smccc:", 6)) {
		if (parse_uint(text + 6, &p, UINT32_MAX, &a))
			return -EINVAL;
		k = hvabi_key_smccc((uint32_t)a);
	} else if (!strncmp(text, "vcpu:", 5)) {
		if (parse_uint(text + 5, &p, UINT32_MAX, &a))
			return -EINVAL;
		k = hvabi_key_vcpu_value((enum hvabi_vcpu_value)a);
	} else {
		t = hvabi_cat_table_of(arch);
		for (i = 0; t && i < t->n; i++) {
			if (!strcmp(t->rows[i].name, text)) {
				*ret = t->rows[i].key;
				return 0;
			}
		}
		return -EINVAL;
	}
	if (*p != '\0')
		return -EINVAL;
	*ret = k;
	return 0;
}
