/* Unit tests of the catalogue (lib/catalog*.c): its tables and its API. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "catalog-internal.h"
#include "kvm-uapi.h"

static const enum hvabi_arch arches[] = {
	HVABI_ARCH_ARM64, HVABI_ARCH_X86_64, HVABI_ARCH_RISCV64,
};

#define KV HVABI_KERNEL_VERSION

static void test_catalog_tables_strictly_sorted(void **state)
{
	size_t a, i;

	(void)state;
	for (a = 0; a < HVABI_ARRAY_SIZE(arches); a++) {
		const struct hvabi_cat_table *t = hvabi_cat_table_of(arches[a]);

		assert_non_null(t);
		assert_int_equal(t->arch, arches[a]);
		assert_true(t->n > 0);
		assert_int_equal(hvabi_catalog_count(arches[a]), t->n);
		for (i = 1; i < t->n; i++)
			if (hvabi_key_compare(&t->rows[i - 1].key, &t->rows[i].key) >= 0)
				fail_msg("%s: row %zu (%s) does not sort after %s",
					 hvabi_arch_name(arches[a]), i, t->rows[i].name,
					 t->rows[i - 1].name);
	}
}

/* The mask of the bits an IDFIELDS field covers. */
static uint64_t field_mask(const struct hvabi_ftr_field *f)
{
	unsigned int w = f->width ? f->width : 4;

	return (w == 64 ? ~0ull : ((1ull << w) - 1)) << f->shift;
}

static void check_fields(const struct hvabi_cat_entry *c)
{
	uint64_t seen = 0;
	unsigned int i;

	assert_true(c->nfields == 0 || c->fields);
	for (i = 0; i < c->nfields; i++) {
		const struct hvabi_ftr_field *f = &c->fields[i];
		unsigned int w = f->width ? f->width : 4;

		if (!f->name || !*f->name)
			fail_msg("%s: field at %u has no name", c->name, f->shift);
		if (f->shift + w > 64)
			fail_msg("%s.%s runs past bit 63", c->name, f->name);
		/* The kernel's 4-bit fields all start on a nibble. */
		if (w == 4 && f->shift % 4)
			fail_msg("%s.%s: 4-bit field at bit %u", c->name, f->name, f->shift);
		if (field_mask(f) & seen)
			fail_msg("%s.%s overlaps another field", c->name, f->name);
		seen |= field_mask(f);
		if (f->type > HVABI_FTR_KVM || f->sign > 1)
			fail_msg("%s.%s: bad type or sign", c->name, f->name);
		if (w < 8 && f->safe >> w)
			fail_msg("%s.%s: safe value 0x%x wider than the field", c->name,
				 f->name, f->safe);
		/* The kernel lists fields from the highest down; so do we. */
		if (i && f->shift >= c->fields[i - 1].shift)
			fail_msg("%s.%s is out of order", c->name, f->name);
	}
}

static void check_eras(const struct hvabi_cat_entry *c)
{
	unsigned int i, j;

	for (i = 0; i < c->nversions; i++)
		if (i && c->versions[i] <= c->versions[i - 1])
			fail_msg("%s: versions not ascending", c->name);
	for (i = 0; i < c->neras; i++) {
		const struct hvabi_version_era *e = &c->eras[i];
		uint64_t vals[3] = { e->min, e->max, e->dflt };

		if (i && e->since <= c->eras[i - 1].since)
			fail_msg("%s: eras not ascending", c->name);
		if (e->min > e->dflt || e->dflt > e->max)
			fail_msg("%s: era %u has min > default or default > max", c->name, i);
		for (j = 0; c->nversions && j < 3; j++) {
			unsigned int k;

			for (k = 0; k < c->nversions && c->versions[k] != vals[j]; k++)
				;
			if (k == c->nversions)
				fail_msg("%s: era %u names a value no kernel accepts", c->name, i);
		}
	}
	if (c->neras && c->eras[0].since < c->since)
		fail_msg("%s: first era predates the entry", c->name);
	/* What older kernels imply: ascending, the first from 0.0, within the width. */
	assert_true(c->nimplied == 0 || c->implied_by);
	if (c->nimplied && c->implied_by[0].since != 0)
		fail_msg("%s: implied values do not start at 0.0", c->name);
	if (c->nimplied && !(c->flags & HVABI_CATALOG_HAS_IMPLIED))
		fail_msg("%s: implied values by version without HAS_IMPLIED", c->name);
	for (i = 0; i < c->nimplied; i++) {
		if (i && c->implied_by[i].since <= c->implied_by[i - 1].since)
			fail_msg("%s: implied values not ascending", c->name);
		if (c->width < 8 && c->implied_by[i].value >> (c->width * 8))
			fail_msg("%s: implied value wider than the entry", c->name);
		/* An implied value describes kernels that lack the entry. */
		if (c->since && c->implied_by[i].since >= c->since)
			fail_msg("%s: implied value for a kernel that has the entry", c->name);
	}
}

/* Named bits of a BITMAP or CPUID row, as a mask. */
static uint64_t named_mask(const struct hvabi_cat_entry *c)
{
	uint64_t m = 0;
	unsigned int i;

	for (i = 0; i < c->nbits; i++)
		if (c->bits[i])
			m |= 1ull << i;
	return m;
}

static void check_row(enum hvabi_arch arch, const struct hvabi_cat_entry *c)
{
	uint64_t width_mask = c->width >= 8 ? ~0ull : (1ull << (c->width * 8)) - 1;
	struct hvabi_entry e;
	char why[128] = "";

	/* An entry made from the row is one a feature set accepts. */
	static const uint8_t one_impl[HVABI_IMPL_BYTES];

	memset(&e, 0, sizeof(e));
	e.key = c->key;
	e.kind = c->kind;
	e.scope = c->scope;
	e.width = c->width;
	/* an implementation list's width is one member's, its bytes a zero MIDR */
	if (c->kind == HVABI_KIND_IMPLSET)
		e.wide = one_impl;
	if (hvabi_entry_check(&e, why, sizeof(why)))
		fail_msg("%s: %s", c->name, why);
	if (c->width > 8 && c->kind != HVABI_KIND_IMPLSET)
		fail_msg("%s: the catalogue holds no wide entries but the implementation list",
			 c->name);

	assert_non_null(c->name);
	assert_non_null(c->summary);
	assert_true(*c->name && *c->summary);
	assert_int_equal(c->since & 0xff, 0);
	assert_true(c->since <= KV(7, 9));
	assert_int_equal(c->flags & ~(uint32_t)(HVABI_CATALOG_HAS_IMPLIED |
						HVABI_CATALOG_READ_ONLY |
						HVABI_CATALOG_IMPLIED_HOST_DEPENDENT |
						HVABI_CATALOG_IMPLIED_ANY |
						HVABI_CAT_HW_LAYOUT | HVABI_CAT_IMP_ID), 0);
	if ((c->flags & HVABI_CATALOG_IMPLIED_HOST_DEPENDENT) &&
	    !(c->flags & HVABI_CATALOG_HAS_IMPLIED))
		fail_msg("%s: host-dependent without an implied value", c->name);
	assert_int_equal(c->implied & ~width_mask, 0);
	assert_int_equal(c->off & ~width_mask, 0);

	/* Each kind carries its own data and no other kind's. */
	if (c->nfields || c->fields)
		assert_true(c->kind == HVABI_KIND_IDFIELDS || c->kind == HVABI_KIND_CPUID);
	if (c->nversions || c->neras)
		assert_int_equal(c->kind, HVABI_KIND_VERSION);
	if (c->level_rank)
		assert_int_equal(c->kind, HVABI_KIND_LEVEL);
	else
		assert_int_not_equal(c->kind, HVABI_KIND_LEVEL);
	if (c->nbits || c->bits)
		assert_true(c->kind == HVABI_KIND_BITMAP || c->kind == HVABI_KIND_CPUID);
	if (c->feature_mask || c->ignore_mask || c->desc_mask)
		assert_int_equal(c->kind, HVABI_KIND_CPUID);
	if (c->weak_mask)
		assert_true(c->kind == HVABI_KIND_CPUID || c->kind == HVABI_KIND_BITMAP);
	if (c->kind == HVABI_KIND_RANGESET)
		assert_int_equal(c->key.ns, HVABI_NS_ATTR);
	assert_true(c->nbits <= c->width * 8);
	assert_true(c->nbits == 0 || c->bits);

	check_fields(c);
	check_eras(c);

	if (c->kind == HVABI_KIND_CPUID) {
		uint64_t named = named_mask(c), fld = 0;
		uint64_t cls[] = { c->feature_mask, c->weak_mask, c->ignore_mask, c->desc_mask, 0 };
		unsigned int i, j;

		for (i = 0; i < c->nfields; i++) {
			unsigned int w = c->fields[i].width ? c->fields[i].width : 4;
			uint64_t m = (w >= 64 ? ~0ull : (1ull << w) - 1) << c->fields[i].shift;

			assert_int_equal(c->fields[i].type, HVABI_FTR_LOWER_SAFE);
			assert_int_equal(fld & m, 0);
			fld |= m;
		}
		cls[4] = fld;
		assert_int_equal(c->key.ns, HVABI_NS_CPUID);
		/* The bit classes are disjoint and inside the register. */
		for (i = 0; i < 5; i++) {
			assert_int_equal(cls[i] & ~width_mask, 0);
			for (j = i + 1; j < 5; j++)
				if (cls[i] & cls[j])
					fail_msg("%s: bits 0x%llx are in two classes", c->name,
						 (unsigned long long)(cls[i] & cls[j]));
		}
		/* Names and QEMU's aliases fit the register. */
		assert_true(c->naliases <= c->width * 8);
		(void)named;
	} else if (c->kind == HVABI_KIND_BITMAP && c->weak_mask) {
		assert_int_equal(c->weak_mask & ~width_mask, 0);
	}
	/* A CPUID row for "every other subleaf" is only for functions that have subleaves. */
	if (c->key.ns == HVABI_NS_CPUID && c->key.sub == HVABI_CAT_ANY_SUBLEAF)
		assert_int_equal(c->kind, HVABI_KIND_CPUID);
	if (c->key.ns == HVABI_NS_CAP) {
		assert_int_equal(c->kind, HVABI_KIND_VERSION);
		assert_true(c->flags & HVABI_CATALOG_READ_ONLY);
		assert_int_equal(c->scope, HVABI_SCOPE_VM);
	}
	if (c->key.ns == HVABI_NS_ONE_REG)
		assert_int_equal(c->width, HVABI_KVM_REG_SIZE(c->key.id));
	if (arch == HVABI_ARCH_ARM64 && c->kind == HVABI_KIND_IDFIELDS) {
		assert_int_equal(c->key.ns, HVABI_NS_ONE_REG);
		/* Sysregs, and the CCSIDRs behind KVM's DEMUX (coproc 0x11). */
		assert_true((c->key.id & HVABI_KVM_REG_ARM_COPROC_MASK) ==
				    HVABI_KVM_REG_ARM64_SYSREG ||
			    (c->key.id & ~0xffull) == 0x6020000000110000ull);
		/* KVM keeps ID registers per VM (6.7+), CLIDR_EL1 and the CCSIDRs in each vCPU. */
		assert_int_equal(c->scope, c->key.id == HVABI_ARM64_SYS_REG(3, 1, 0, 0, 1) ||
						   (c->key.id & ~0xffull) == 0x6020000000110000ull
					   ? HVABI_SCOPE_VCPU
					   : HVABI_SCOPE_VM);
	}
}

static void test_catalog_rows_self_consistent(void **state)
{
	size_t a, i, j;

	(void)state;
	for (a = 0; a < HVABI_ARRAY_SIZE(arches); a++) {
		const struct hvabi_cat_table *t = hvabi_cat_table_of(arches[a]);

		for (i = 0; i < t->n; i++) {
			check_row(arches[a], &t->rows[i]);
			for (j = 0; j < i; j++)
				if (!strcmp(t->rows[i].name, t->rows[j].name))
					fail_msg("%s: name %s twice", hvabi_arch_name(arches[a]),
						 t->rows[i].name);
		}
	}
}

static void test_catalog_get_and_lookup_every_row(void **state)
{
	size_t a, i;

	(void)state;
	for (a = 0; a < HVABI_ARRAY_SIZE(arches); a++) {
		const struct hvabi_cat_table *t = hvabi_cat_table_of(arches[a]);

		for (i = 0; i < t->n; i++) {
			const struct hvabi_cat_entry *c = &t->rows[i];
			struct hvabi_catalog_info info, byget;
			struct hvabi_key k, named;

			assert_int_equal(hvabi_catalog_get(arches[a], i, &k, &byget, sizeof(byget)), 0);
			assert_int_equal(hvabi_key_compare(&k, &c->key), 0);
			assert_int_equal(hvabi_catalog_lookup(arches[a], &k, &info, sizeof(info)), 0);
			assert_string_equal(info.name, c->name);
			assert_ptr_equal(info.name, byget.name);
			assert_string_equal(info.summary, c->summary);
			assert_int_equal(info.kind, c->kind);
			assert_int_equal(info.scope, c->scope);
			assert_int_equal(info.width, c->width);
			assert_int_equal(info.since, c->since);
			assert_int_equal(info.flags, c->flags & ~HVABI_CAT_HW_LAYOUT); /* internal */
			assert_int_equal(info.implied, c->implied);
			assert_int_equal(info.off, c->off);
			/* By name. */
			assert_int_equal(hvabi_key_from_string(arches[a], c->name, &named), 0);
			assert_int_equal(hvabi_key_compare(&named, &c->key), 0);
		}
		assert_int_equal(hvabi_catalog_get(arches[a], t->n, NULL, NULL, 0), -ENOENT);
		assert_int_equal(hvabi_catalog_get(arches[a], 0, NULL, NULL, 0), 0);
	}
}

/* hvabi_key_to_string() into @buf of @size: the text's length, or the error. */
static int key_text(const struct hvabi_key *k, char *buf, size_t size)
{
	size_t len = size;
	int r = hvabi_key_to_string(k, buf, &len);

	return r ? r : (int)len;
}

static void expect_text(const struct hvabi_key *k, const char *text)
{
	struct hvabi_key back;
	char buf[96];

	assert_int_equal(key_text(k, buf, sizeof(buf)), (int)strlen(text));
	assert_string_equal(buf, text);
	assert_int_equal(hvabi_key_from_string(HVABI_ARCH_NONE, text, &back), 0);
	assert_int_equal(hvabi_key_compare(&back, k), 0);
}

static void test_catalog_key_text_round_trip(void **state)
{
	struct hvabi_key k;
	size_t a, i;

	(void)state;
	k = hvabi_key_reg(HVABI_KVM_REG_ARM_PSCI_VERSION);
	expect_text(&k, "reg:0x6030000000140000");
	k = hvabi_key_attr(HVABI_ATTR_VM, 0, 0);
	expect_text(&k, "attr:vm:0x0:0x0");
	k = hvabi_key_attr(HVABI_ATTR_VCPU, 0xffffffffu, UINT64_MAX);
	expect_text(&k, "attr:vcpu:0xffffffff:0xffffffffffffffff");
	k = hvabi_key_attr(HVABI_ATTR_SYSTEM, 1, 2);
	expect_text(&k, "attr:system:0x1:0x2");
	k = hvabi_key_cpuid(0x7, 0, HVABI_CPUID_EBX);
	expect_text(&k, "cpuid:0x7:0x0:ebx");
	k = hvabi_key_cpuid(0xffffffffu, 0xffffffffu, HVABI_CPUID_EDX);
	expect_text(&k, "cpuid:0xffffffff:0xffffffff:edx");
	k = hvabi_key_hv_cpuid(0x40000003, 0, HVABI_CPUID_EAX);
	expect_text(&k, "hvcpuid:0x40000003:0x0:eax");
	k = hvabi_key_hv_cpuid(0x4000000a, 1, HVABI_CPUID_ECX);
	expect_text(&k, "hvcpuid:0x4000000a:0x1:ecx");
	k = hvabi_key_msr(0x10a);
	expect_text(&k, "msr:0x10a");
	k = hvabi_key_cap(230);
	expect_text(&k, "cap:230");
	k = hvabi_key_cap(0xffffffffu);
	expect_text(&k, "cap:4294967295");

	/* Every catalogued key survives the trip, whatever its namespace. */
	for (a = 0; a < HVABI_ARRAY_SIZE(arches); a++) {
		const struct hvabi_cat_table *t = hvabi_cat_table_of(arches[a]);

		for (i = 0; i < t->n; i++) {
			struct hvabi_key back;
			char buf[96];
			int n = key_text(&t->rows[i].key, buf, sizeof(buf));

			assert_true(n > 0 && (size_t)n < sizeof(buf));
			assert_int_equal(hvabi_key_from_string(arches[a], buf, &back), 0);
			assert_int_equal(hvabi_key_compare(&back, &t->rows[i].key), 0);
		}
	}

	/* Decimal and upper-case hex are accepted on input. */
	assert_int_equal(hvabi_key_from_string(HVABI_ARCH_NONE, "msr:266", &k), 0);
	assert_int_equal(k.id, 0x10a);
	assert_int_equal(hvabi_key_from_string(HVABI_ARCH_NONE, "reg:0X603000000013C000", &k), 0);
	assert_int_equal(k.id, HVABI_ARM64_SYS_REG(3, 0, 0, 0, 0));
	assert_int_equal(hvabi_key_from_string(HVABI_ARCH_NONE, "reg:18446744073709551615", &k),
			 0);
	assert_int_equal(k.id, UINT64_MAX);
}

static void test_catalog_key_to_string_errors(void **state)
{
	struct hvabi_key k = hvabi_key_cap(230), back;
	char buf[8], text[32];
	size_t len;

	(void)state;
	assert_int_equal(key_text(NULL, buf, sizeof(buf)), -EINVAL);
	assert_int_equal(key_text(&k, NULL, 4), -EINVAL);
	/* The one buffer rule: a NULL buffer of size 0 measures the text. */
	len = 0;
	assert_int_equal(hvabi_key_to_string(&k, NULL, &len), -ERANGE);
	assert_int_equal(len, 7);
	/* All or nothing: a short buffer gets an empty string, not a prefix. */
	k = hvabi_key_msr(0x10a);
	len = 5;
	assert_int_equal(hvabi_key_to_string(&k, buf, &len), -ERANGE);
	assert_int_equal(len, 9);
	assert_string_equal(buf, "");
	k.ns = 0;
	assert_int_equal(key_text(&k, buf, sizeof(buf)), -EINVAL);
	k.ns = 9;
	assert_int_equal(key_text(&k, buf, sizeof(buf)), -EINVAL);
	k = hvabi_key_guest_read(0x603000000013df00ull);
	assert_int_equal(key_text(&k, text, sizeof(text)), 24);
	assert_string_equal(text, "guest:0x603000000013df00");
	assert_int_equal(hvabi_key_from_string(HVABI_ARCH_ARM64, "guest.CNTFRQ_EL0", &back), 0);
	assert_int_equal(hvabi_key_compare(&k, &back), 0);
	assert_int_equal(hvabi_key_from_string(HVABI_ARCH_NONE, text, &back), 0);
	assert_int_equal(hvabi_key_compare(&k, &back), 0);
	k = hvabi_key_vcpu_value(HVABI_VCPU_VALUE_TSC_KHZ);
	assert_int_equal(key_text(&k, buf, sizeof(buf)), 6);
	assert_string_equal(buf, "vcpu:1");
	k = hvabi_key_attr(HVABI_ATTR_VM, 0, 0);
	k.sel = 0;
	assert_int_equal(key_text(&k, buf, sizeof(buf)), -EINVAL);
	k.sel = 4;
	assert_int_equal(key_text(&k, buf, sizeof(buf)), -EINVAL);
	k = hvabi_key_cpuid(1, 0, HVABI_CPUID_EAX);
	k.sel = 4;
	assert_int_equal(key_text(&k, buf, sizeof(buf)), -EINVAL);
	k = hvabi_key_cpuid(1, 0, HVABI_CPUID_EAX);
	k.id |= 1ull << 33;
	assert_int_equal(key_text(&k, buf, sizeof(buf)), -EINVAL);
}

static void test_catalog_key_from_string_errors(void **state)
{
	static const char *const bad[] = {
		"", "reg:", "reg:0x", "reg:0xZZ", "reg:-1", "reg:0x10000000000000000",
		"reg:18446744073709551616", "reg:0x1 ", "reg:0x1x", "REG:0x1",
		"cpuid:1:2:exx", "cpuid:1:2", "cpuid:1:2:", "cpuid:1::eax", "cpuid::2:eax",
		"cpuid:0x100000000:0:eax", "cpuid:1:0x100000000:eax", "cpuid:1:2:eax:",
		"cpuid:1:2:eaxx", "hvcpuid:", "hvcpuid:0x40000003:0:xax",
		"attr:xx:0:0", "attr:vm:0", "attr:vm:0:", "attr::0:0", "attr:vm:0x100000000:0",
		"attr:vm:0:0x10000000000000000", "attr:vmx:0:0",
		"msr:", "msr:0x100000000", "msr:0x10a:", "cap:", "cap:4294967296", "cap:230x",
		"cap:-1", "PSCI_VERSION ", "psci_version", "NO_SUCH_REGISTER",
	};
	struct hvabi_key k = hvabi_key_cap(1), keep = k;
	size_t i;

	(void)state;
	for (i = 0; i < HVABI_ARRAY_SIZE(bad); i++) {
		if (hvabi_key_from_string(HVABI_ARCH_ARM64, bad[i], &k) != -EINVAL)
			fail_msg("\"%s\" was accepted", bad[i]);
		/* Nothing is written on failure. */
		assert_int_equal(hvabi_key_compare(&k, &keep), 0);
	}
	assert_int_equal(hvabi_key_from_string(HVABI_ARCH_ARM64, NULL, &k), -EINVAL);
	assert_int_equal(hvabi_key_from_string(HVABI_ARCH_ARM64, "cap:1", NULL), -EINVAL);
	/* Names belong to one architecture; no architecture knows none. */
	assert_int_equal(hvabi_key_from_string(HVABI_ARCH_ARM64, "ISA_EXT_V", &k), -EINVAL);
	assert_int_equal(hvabi_key_from_string(HVABI_ARCH_RISCV64, "PSCI_VERSION", &k), -EINVAL);
	assert_int_equal(hvabi_key_from_string(HVABI_ARCH_NONE, "PSCI_VERSION", &k), -EINVAL);
	assert_int_equal(hvabi_key_from_string((enum hvabi_arch)9, "PSCI_VERSION", &k), -EINVAL);
}

static void expect_named(enum hvabi_arch arch, const char *name, struct hvabi_key want)
{
	struct hvabi_key k;

	assert_int_equal(hvabi_key_from_string(arch, name, &k), 0);
	assert_int_equal(hvabi_key_compare(&k, &want), 0);
}

static void test_catalog_lookup_by_name_per_arch(void **state)
{
	(void)state;
	expect_named(HVABI_ARCH_ARM64, "VENDOR_HYP_BMAP_2",
		     hvabi_key_reg(HVABI_KVM_REG_ARM_VENDOR_HYP_BMAP_2));
	expect_named(HVABI_ARCH_ARM64, "ID_AA64PFR0_EL1",
		     hvabi_key_reg(HVABI_ARM64_SYS_REG(3, 0, 0, 4, 0)));
	/* Register ids as the reference works them out from the uapi macros. */
	expect_named(HVABI_ARCH_ARM64, "MIDR_EL1", hvabi_key_reg(0x603000000013c000ull));
	expect_named(HVABI_ARCH_ARM64, "REVIDR_EL1", hvabi_key_reg(0x603000000013c006ull));
	expect_named(HVABI_ARCH_ARM64, "AIDR_EL1", hvabi_key_reg(0x603000000013c807ull));
	expect_named(HVABI_ARCH_ARM64, "CTR_EL0", hvabi_key_reg(0x603000000013d801ull));
	expect_named(HVABI_ARCH_ARM64, "SMCCC_FILTER",
		     hvabi_key_attr(HVABI_ATTR_VM, HVABI_KVM_ARM_VM_SMCCC_CTRL,
				    HVABI_KVM_ARM_VM_SMCCC_FILTER));
	expect_named(HVABI_ARCH_ARM64, "ARM_PSCI_0_2", hvabi_key_cap(102));
	expect_named(HVABI_ARCH_ARM64, "ARM_WRITABLE_IMP_ID_REGS", hvabi_key_cap(239));
	expect_named(HVABI_ARCH_X86_64, "CPUID.0x7.0x0.ebx",
		     hvabi_key_cpuid(0x7, 0, HVABI_CPUID_EBX));
	expect_named(HVABI_ARCH_X86_64, "HVCPUID.0x40000003.0x0.eax",
		     hvabi_key_hv_cpuid(0x40000003, 0, HVABI_CPUID_EAX));
	expect_named(HVABI_ARCH_X86_64, "MSR_IA32_ARCH_CAPABILITIES", hvabi_key_msr(0x10a));
	expect_named(HVABI_ARCH_X86_64, "MSR_AMD64_DE_CFG", hvabi_key_msr(0xc0011029));
	expect_named(HVABI_ARCH_X86_64, "ENFORCE_PV_FEATURE_CPUID", hvabi_key_cap(190));
	expect_named(HVABI_ARCH_RISCV64, "ISA_EXT_V", hvabi_key_reg(0x803000000700000full));
	expect_named(HVABI_ARCH_RISCV64, "SBI_EXT_PMU", hvabi_key_reg(0x8030000008000006ull));
	expect_named(HVABI_ARCH_RISCV64, "CONFIG_MVENDORID", hvabi_key_reg(0x8030000001000002ull));
}

static void test_catalog_lookup_errors(void **state)
{
	struct hvabi_catalog_info info;
	struct hvabi_key k = hvabi_key_reg(HVABI_KVM_REG_ARM_PSCI_VERSION);
	struct hvabi_key unknown = hvabi_key_reg(HVABI_KVM_REG_ARM_FW_REG(4));

	(void)state;
	assert_int_equal(hvabi_catalog_lookup(HVABI_ARCH_ARM64, NULL, &info, sizeof(info)), -EINVAL);
	assert_int_equal(hvabi_catalog_lookup(HVABI_ARCH_ARM64, &k, NULL, sizeof(struct hvabi_catalog_info)), -EINVAL);
	assert_int_equal(hvabi_catalog_lookup(HVABI_ARCH_NONE, &k, &info, sizeof(info)), -EINVAL);
	assert_int_equal(hvabi_catalog_lookup((enum hvabi_arch)9, &k, &info, sizeof(info)), -EINVAL);
	/* WORKAROUND_4 never reached mainline. */
	assert_int_equal(hvabi_catalog_lookup(HVABI_ARCH_ARM64, &unknown, &info, sizeof(info)), -ENOENT);
	/* Each architecture knows only its own entries. */
	assert_int_equal(hvabi_catalog_lookup(HVABI_ARCH_X86_64, &k, &info, sizeof(info)), -ENOENT);
	k = hvabi_key_cap(HVABI_KVM_CAP_VM_ATTRIBUTES);
	assert_int_equal(hvabi_catalog_lookup(HVABI_ARCH_ARM64, &k, &info, sizeof(info)), -ENOENT);
	k = hvabi_key_cpuid(0x4fffffff, 0, HVABI_CPUID_EAX);
	assert_int_equal(hvabi_catalog_lookup(HVABI_ARCH_X86_64, &k, &info, sizeof(info)), -ENOENT);
	assert_int_equal(hvabi_catalog_count(HVABI_ARCH_NONE), 0);
	assert_int_equal(hvabi_catalog_count((enum hvabi_arch)9), 0);
	assert_int_equal(hvabi_catalog_get(HVABI_ARCH_NONE, 0, NULL, NULL, 0), -EINVAL);
	assert_int_equal(hvabi_catalog_get((enum hvabi_arch)9, 0, &k, &info, sizeof(info)), -EINVAL);
	assert_int_equal(hvabi_catalog_get(HVABI_ARCH_RISCV64, SIZE_MAX, &k, &info, sizeof(info)), -ENOENT);
}

static const struct hvabi_cat_entry *row(enum hvabi_arch arch, const char *name)
{
	struct hvabi_key k;

	assert_int_equal(hvabi_key_from_string(arch, name, &k), 0);
	return hvabi_cat_find(arch, &k);
}

static const struct hvabi_ftr_field *field(const struct hvabi_cat_entry *c, const char *name)
{
	unsigned int i;

	for (i = 0; i < c->nfields; i++)
		if (!strcmp(c->fields[i].name, name))
			return &c->fields[i];
	fail_msg("%s has no field %s", c->name, name);
	return NULL;
}

/* Facts from cpufeature.c and sys_regs.c the tables must keep. */
static void test_catalog_idreg_facts(void **state)
{
	const struct hvabi_cat_entry *c;
	const struct hvabi_ftr_field *f;

	(void)state;
	c = row(HVABI_ARCH_ARM64, "ID_AA64PFR0_EL1");
	f = field(c, "FP");
	assert_int_equal(f->shift, 16);
	assert_int_equal(f->sign, 1);
	assert_int_equal(f->safe, 0xf);
	/* GIC: the vGIC's value, whatever was written; RME: no kernel describes it. */
	assert_int_equal(field(c, "GIC")->type, HVABI_FTR_KVM);
	for (unsigned int i = 0; i < c->nfields; i++)
		assert_string_not_equal(c->fields[i].name, "RME");
	/* What the setters refuse: EL0/EL1 at 0, DebugVer below 6, IMP_DEF PMUs, PerfMon 1-2. */
	assert_int_equal(field(c, "EL0")->refused, 0x1);
	assert_int_equal(field(row(HVABI_ARCH_ARM64, "ID_AA64DFR0_EL1"), "DebugVer")->refused,
			 0x3f);
	assert_int_equal(field(row(HVABI_ARCH_ARM64, "ID_AA64DFR0_EL1"), "PMUVer")->refused,
			 0x8000);
	assert_int_equal(field(row(HVABI_ARCH_ARM64, "ID_DFR0_EL1"), "PerfMon")->refused, 0x8006);
	assert_int_equal(field(row(HVABI_ARCH_ARM64, "ID_DFR0_EL1"), "CopDbg")->refused, 0x3f);
	assert_int_equal(field(c, "EL0")->safe, 1);
	/* KVM overrides the kernel's FTR_EXACT for the PMU and debug versions. */
	c = row(HVABI_ARCH_ARM64, "ID_AA64DFR0_EL1");
	assert_int_equal(field(c, "PMUVer")->type, HVABI_FTR_LOWER_SAFE);
	assert_int_equal(field(c, "DebugVer")->type, HVABI_FTR_LOWER_SAFE);
	c = row(HVABI_ARCH_ARM64, "ID_DFR0_EL1");
	assert_int_equal(field(c, "PerfMon")->type, HVABI_FTR_LOWER_SAFE);
	c = row(HVABI_ARCH_ARM64, "ID_AA64ISAR1_EL1");
	assert_int_equal(field(c, "APA")->type, HVABI_FTR_EXACT);
	assert_int_equal(field(c, "API")->type, HVABI_FTR_EXACT);
	c = row(HVABI_ARCH_ARM64, "ID_AA64MMFR0_EL1");
	f = field(c, "TGRAN4_2");
	assert_int_equal(f->type, HVABI_FTR_EXACT);
	assert_int_equal(f->safe, 1);
	c = row(HVABI_ARCH_ARM64, "ID_AA64MMFR1_EL1");
	assert_int_equal(field(c, "SpecSEI")->type, HVABI_FTR_HIGHER_SAFE);
	c = row(HVABI_ARCH_ARM64, "CTR_EL0");
	assert_int_equal(field(c, "CWG")->type, HVABI_FTR_HIGHER_OR_ZERO_SAFE);
	f = field(c, "L1Ip");
	assert_int_equal(f->shift, 14);
	assert_int_equal(f->width, 2);
	assert_int_equal(f->safe, 2);
	c = row(HVABI_ARCH_ARM64, "ID_AA64SMFR0_EL1");
	assert_int_equal(field(c, "FA64")->shift, 63);
	assert_int_equal(field(c, "FA64")->width, 1);
	/* Registers with no kernel fields: every bit must match. */
	assert_int_equal(row(HVABI_ARCH_ARM64, "ID_AA64AFR0_EL1")->nfields, 0);
	assert_int_equal(row(HVABI_ARCH_ARM64, "ID_AA64DFR1_EL1")->nfields, 0);
	c = row(HVABI_ARCH_ARM64, "MIDR_EL1");
	assert_int_equal(c->kind, HVABI_KIND_EXACT);
	assert_int_equal(c->scope, HVABI_SCOPE_VM);
}

static void test_catalog_cpuid_facts(void **state)
{
	const struct hvabi_cat_entry *c;

	(void)state;
	c = row(HVABI_ARCH_X86_64, "CPUID.0x1.0x0.ecx");
	assert_true(c->ignore_mask & (1u << 27));
	assert_false(c->feature_mask & (1u << 27));
	assert_true(c->feature_mask & (1u << 26));
	c = row(HVABI_ARCH_X86_64, "CPUID.0x1.0x0.ebx");
	/* Processor count and initial APIC id: the VMM's per vCPU; the rest a description. */
	assert_int_equal(c->ignore_mask, 0xffff0000u);
	assert_int_equal(c->desc_mask, 0x0000ffffu);
	assert_int_equal(c->feature_mask, 0);
	c = row(HVABI_ARCH_X86_64, "CPUID.0x7.0x0.ecx");
	assert_true(c->ignore_mask & (1u << 4));
	/* Address widths are fields: the guest gets the smallest. */
	c = row(HVABI_ARCH_X86_64, "CPUID.0x80000008.0x0.eax");
	assert_int_equal(c->kind, HVABI_KIND_CPUID);
	assert_int_equal(c->nfields, 3);
	/* 0x80000008.EBX: every bit a feature, the unnamed ones too, but EFER_LMSLE_MBZ. */
	c = row(HVABI_ARCH_X86_64, "CPUID.0x80000008.0x0.ebx");
	assert_true(c->feature_mask & (1u << 19));
	assert_true(c->feature_mask & (1u << 21));
	assert_int_equal(c->weak_mask, 1u << 20);
	/* Topology and x2APIC ids are per vCPU. */
	c = row(HVABI_ARCH_X86_64, "CPUID.0xb.*.edx");
	assert_int_equal(c->ignore_mask, 0xffffffffu);
	c = row(HVABI_ARCH_X86_64, "CPUID.0x1f.*.edx");
	assert_int_equal(c->ignore_mask, 0xffffffffu);
	c = row(HVABI_ARCH_X86_64, "CPUID.0x8000001e.0x0.eax");
	assert_int_equal(c->ignore_mask, 0xffffffffu);
	/* Family/model/stepping and the brand string: descriptions. */
	assert_int_equal(row(HVABI_ARCH_X86_64, "CPUID.0x1.0x0.eax")->desc_mask, 0xffffffffu);
	assert_int_equal(row(HVABI_ARCH_X86_64, "CPUID.0x80000003.0x0.ecx")->desc_mask,
			 0xffffffffu);
	/* Weaknesses: RRSBA and RSBA in ARCH_CAPABILITIES, NO_SMM_CTL_MSR, RTM_ALWAYS_ABORT. */
	c = row(HVABI_ARCH_X86_64, "MSR_IA32_ARCH_CAPABILITIES");
	assert_int_equal(c->weak_mask, (1u << 2) | (1u << 19));
	assert_int_equal(row(HVABI_ARCH_X86_64, "CPUID.0x80000021.0x0.eax")->weak_mask,
			 (1u << 1) | (1u << 9));
	assert_int_equal(row(HVABI_ARCH_X86_64, "CPUID.0x7.0x0.edx")->weak_mask, 1u << 11);
	c = row(HVABI_ARCH_X86_64, "HVCPUID.0x4000000a.0x0.eax");
	/* The eVMCS version range (bits 15:0) must match; the flags are features. */
	assert_int_equal(c->feature_mask & 0xffffu, 0);
	assert_true(c->feature_mask & (1u << 19));
	c = row(HVABI_ARCH_X86_64, "MSR_IA32_UCODE_REV");
	assert_true(c->flags & HVABI_CATALOG_READ_ONLY);
}

static void test_catalog_bit_names(void **state)
{
	struct hvabi_key k;

	(void)state;
	/* x86: Linux's names (cpufeatures.h, msr-index.h), QEMU's as aliases. */
	k = hvabi_key_cpuid(0x80000008, 0, HVABI_CPUID_EBX);
	assert_string_equal(hvabi_catalog_bit_name(HVABI_ARCH_X86_64, &k, 19), "AMD_IBRS_SAME_MODE");
	assert_string_equal(hvabi_catalog_bit_name(HVABI_ARCH_X86_64, &k, 12), "AMD_IBPB");
	assert_string_equal(hvabi_catalog_bit_alias(HVABI_ARCH_X86_64, &k, 12), "ibpb");
	assert_null(hvabi_catalog_bit_alias(HVABI_ARCH_X86_64, &k, 19));
	k = hvabi_key_cpuid(0x80000007, 0, HVABI_CPUID_EDX);
	assert_string_equal(hvabi_catalog_bit_name(HVABI_ARCH_X86_64, &k, 8), "CONSTANT_TSC");
	assert_string_equal(hvabi_catalog_bit_alias(HVABI_ARCH_X86_64, &k, 8), "invtsc");
	k = hvabi_key_msr(0x10a);
	assert_string_equal(hvabi_catalog_bit_name(HVABI_ARCH_X86_64, &k, 62), "ITS_NO");
	assert_string_equal(hvabi_catalog_bit_alias(HVABI_ARCH_X86_64, &k, 2), "rsba");
	/* RRSBA: QEMU has no name for it. */
	assert_string_equal(hvabi_catalog_bit_name(HVABI_ARCH_X86_64, &k, 19), "RRSBA");
	assert_null(hvabi_catalog_bit_alias(HVABI_ARCH_X86_64, &k, 19));
	k = hvabi_key_cpuid(0x7, 2, HVABI_CPUID_EDX);
	assert_string_equal(hvabi_catalog_bit_name(HVABI_ARCH_X86_64, &k, 4), "BHI_CTRL");
	k = hvabi_key_cpuid(0x80000021, 0, HVABI_CPUID_ECX);
	assert_string_equal(hvabi_catalog_bit_name(HVABI_ARCH_X86_64, &k, 1), "TSA_SQ_NO");
	k = hvabi_key_cpuid(0x8000000a, 0, HVABI_CPUID_EDX);
	assert_string_equal(hvabi_catalog_bit_alias(HVABI_ARCH_X86_64, &k, 3), "nrip-save");
	k = hvabi_key_cpuid(0x40000001, 0, HVABI_CPUID_EAX);
	assert_string_equal(hvabi_catalog_bit_alias(HVABI_ARCH_X86_64, &k, 24),
			    "kvmclock-stable-bit");
	k = hvabi_key_reg(HVABI_KVM_REG_ARM_VENDOR_HYP_BMAP);
	assert_string_equal(hvabi_catalog_bit_name(HVABI_ARCH_ARM64, &k, 1), "PTP");
	assert_string_equal(hvabi_catalog_bit_name(HVABI_ARCH_ARM64, &k, 0), "FUNC_FEAT");
	assert_null(hvabi_catalog_bit_name(HVABI_ARCH_ARM64, &k, 2));
	assert_null(hvabi_catalog_bit_name(HVABI_ARCH_ARM64, &k, 64));
	assert_null(hvabi_catalog_bit_name(HVABI_ARCH_ARM64, &k, ~0u));
	k = hvabi_key_reg(HVABI_KVM_REG_ARM_VENDOR_HYP_BMAP_2);
	assert_string_equal(hvabi_catalog_bit_name(HVABI_ARCH_ARM64, &k, 1),
			    "DISCOVER_IMPL_CPUS");
	/* ID fields are named by their lowest bit. */
	k = hvabi_key_reg(HVABI_ARM64_SYS_REG(3, 0, 0, 4, 0));
	assert_string_equal(hvabi_catalog_bit_name(HVABI_ARCH_ARM64, &k, 16), "FP");
	assert_string_equal(hvabi_catalog_bit_name(HVABI_ARCH_ARM64, &k, 56), "CSV2");
	assert_null(hvabi_catalog_bit_name(HVABI_ARCH_ARM64, &k, 17));
	k = hvabi_key_reg(HVABI_ARM64_SYS_REG(3, 0, 0, 5, 0));
	assert_string_equal(hvabi_catalog_bit_name(HVABI_ARCH_ARM64, &k, 8), "PMUVer");
	k = hvabi_key_cpuid(0x7, 0, HVABI_CPUID_EBX);
	assert_string_equal(hvabi_catalog_bit_name(HVABI_ARCH_X86_64, &k, 5), "AVX2");
	assert_null(hvabi_catalog_bit_name(HVABI_ARCH_X86_64, &k, 22));
	k = hvabi_key_cpuid(0x1, 0, HVABI_CPUID_ECX);
	assert_string_equal(hvabi_catalog_bit_name(HVABI_ARCH_X86_64, &k, 31), "HYPERVISOR");
	k = hvabi_key_hv_cpuid(0x40000003, 0, HVABI_CPUID_EAX);
	assert_string_equal(hvabi_catalog_bit_name(HVABI_ARCH_X86_64, &k, 13),
			    "HV_ACCESS_REENLIGHTENMENT");
	k = hvabi_key_msr(0x10a);
	assert_string_equal(hvabi_catalog_bit_name(HVABI_ARCH_X86_64, &k, 27), "RFDS_NO");
	k = hvabi_key_cpuid(0x40000001, 0, HVABI_CPUID_EAX);
	assert_string_equal(hvabi_catalog_bit_name(HVABI_ARCH_X86_64, &k, 24),
			    "CLOCKSOURCE_STABLE_BIT");
	/* Errors: no key, an unknown entry, an entry without bit names, a wrong arch. */
	assert_null(hvabi_catalog_bit_name(HVABI_ARCH_ARM64, NULL, 0));
	k = hvabi_key_reg(HVABI_KVM_REG_ARM_FW_REG(4));
	assert_null(hvabi_catalog_bit_name(HVABI_ARCH_ARM64, &k, 0));
	k = hvabi_key_reg(HVABI_KVM_REG_ARM_PSCI_VERSION);
	assert_null(hvabi_catalog_bit_name(HVABI_ARCH_ARM64, &k, 0));
	assert_null(hvabi_catalog_bit_name(HVABI_ARCH_X86_64, &k, 0));
	assert_null(hvabi_catalog_bit_name(HVABI_ARCH_NONE, &k, 0));
}

static void expect_psci(const char *release, uint64_t min, uint64_t max)
{
	struct hvabi_key k = hvabi_key_reg(HVABI_KVM_REG_ARM_PSCI_VERSION);
	uint64_t lo = 0, hi = 0;

	assert_int_equal(hvabi_catalog_accepted_range(HVABI_ARCH_ARM64, &k, release, &lo, &hi),
			 0);
	if (lo != min || hi != max)
		fail_msg("%s: 0x%llx..0x%llx", release, (unsigned long long)lo,
			 (unsigned long long)hi);
}

static void test_catalog_accepted_range(void **state)
{
	struct hvabi_key k = hvabi_key_reg(HVABI_KVM_REG_ARM_PSCI_VERSION);
	uint64_t lo = 7, hi = 7;

	(void)state;
	expect_psci("5.10.0", HVABI_PSCI_VERSION(0, 2), HVABI_PSCI_VERSION(1, 0));
	expect_psci("5.17.15", HVABI_PSCI_VERSION(0, 2), HVABI_PSCI_VERSION(1, 0));
	expect_psci("5.18", HVABI_PSCI_VERSION(0, 2), HVABI_PSCI_VERSION(1, 1));
	expect_psci("6.1.0-31-arm64", HVABI_PSCI_VERSION(0, 2), HVABI_PSCI_VERSION(1, 1));
	expect_psci("6.12.48", HVABI_PSCI_VERSION(0, 2), HVABI_PSCI_VERSION(1, 1));
	expect_psci("6.13.0", HVABI_PSCI_VERSION(0, 2), HVABI_PSCI_VERSION(1, 3));
	expect_psci("7.2.0", HVABI_PSCI_VERSION(0, 2), HVABI_PSCI_VERSION(1, 3));

	assert_int_equal(hvabi_catalog_accepted_range(HVABI_ARCH_ARM64, NULL, "6.1", &lo, &hi),
			 -EINVAL);
	assert_int_equal(hvabi_catalog_accepted_range(HVABI_ARCH_ARM64, &k, NULL, &lo, &hi),
			 -EINVAL);
	assert_int_equal(hvabi_catalog_accepted_range(HVABI_ARCH_ARM64, &k, "6.1", NULL, &hi),
			 -EINVAL);
	assert_int_equal(hvabi_catalog_accepted_range(HVABI_ARCH_ARM64, &k, "6.1", &lo, NULL),
			 -EINVAL);
	assert_int_equal(hvabi_catalog_accepted_range(HVABI_ARCH_ARM64, &k, "linux", &lo, &hi),
			 -EINVAL);
	assert_int_equal(hvabi_catalog_accepted_range(HVABI_ARCH_ARM64, &k, "", &lo, &hi),
			 -EINVAL);
	/* Older than the first era: the register did not exist. */
	assert_int_equal(hvabi_catalog_accepted_range(HVABI_ARCH_ARM64, &k, "4.15.0", &lo, &hi),
			 -ENOENT);
	/* Wrong architecture, a BITMAP, a VERSION without history, an unknown key. */
	assert_int_equal(hvabi_catalog_accepted_range(HVABI_ARCH_X86_64, &k, "6.1", &lo, &hi),
			 -ENOENT);
	k = hvabi_key_reg(HVABI_KVM_REG_ARM_STD_BMAP);
	assert_int_equal(hvabi_catalog_accepted_range(HVABI_ARCH_ARM64, &k, "6.1", &lo, &hi),
			 -ENOENT);
	k = hvabi_key_cap(HVABI_KVM_CAP_ARM_PSCI_0_2);
	assert_int_equal(hvabi_catalog_accepted_range(HVABI_ARCH_ARM64, &k, "6.1", &lo, &hi),
			 -ENOENT);
	k = hvabi_key_reg(HVABI_KVM_REG_ARM_FW_REG(4));
	assert_int_equal(hvabi_catalog_accepted_range(HVABI_ARCH_ARM64, &k, "6.1", &lo, &hi),
			 -ENOENT);
	/* Out-parameters are untouched on failure. */
	assert_int_equal(lo, 7);
	assert_int_equal(hi, 7);
}

static void test_catalog_kernel_version_parse(void **state)
{
	(void)state;
	assert_int_equal(hvabi_kernel_version_parse("6.1"), 0x060100);
	assert_int_equal(hvabi_kernel_version_parse("6.1.0-31-arm64"), 0x060100);
	assert_int_equal(hvabi_kernel_version_parse("6.12.48"), 0x060c00);
	assert_int_equal(hvabi_kernel_version_parse("6.15-rc3"), 0x060f00);
	assert_int_equal(hvabi_kernel_version_parse("5.10.0-28-amd64"), KV(5, 10));
	assert_int_equal(hvabi_kernel_version_parse("06.01"), 0x060100);
	assert_int_equal(hvabi_kernel_version_parse("255.255"), KV(255, 255));
	assert_int_equal(hvabi_kernel_version_parse("0.0"), 0);
	assert_int_equal(hvabi_kernel_version_parse("256.1"), 0);
	assert_int_equal(hvabi_kernel_version_parse("6.256"), 0);
	assert_int_equal(hvabi_kernel_version_parse("99999999999999999999.1"), 0);
	assert_int_equal(hvabi_kernel_version_parse("6"), 0);
	assert_int_equal(hvabi_kernel_version_parse("6."), 0);
	assert_int_equal(hvabi_kernel_version_parse("6.x"), 0);
	assert_int_equal(hvabi_kernel_version_parse("6-1"), 0);
	assert_int_equal(hvabi_kernel_version_parse(".1"), 0);
	assert_int_equal(hvabi_kernel_version_parse("v6.1"), 0);
	assert_int_equal(hvabi_kernel_version_parse(" 6.1"), 0);
	assert_int_equal(hvabi_kernel_version_parse("6.-1"), 0);
	assert_int_equal(hvabi_kernel_version_parse(""), 0);
	assert_int_equal(hvabi_kernel_version_parse(NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_catalog_tables_strictly_sorted),
		cmocka_unit_test(test_catalog_rows_self_consistent),
		cmocka_unit_test(test_catalog_get_and_lookup_every_row),
		cmocka_unit_test(test_catalog_key_text_round_trip),
		cmocka_unit_test(test_catalog_key_to_string_errors),
		cmocka_unit_test(test_catalog_key_from_string_errors),
		cmocka_unit_test(test_catalog_lookup_by_name_per_arch),
		cmocka_unit_test(test_catalog_lookup_errors),
		cmocka_unit_test(test_catalog_idreg_facts),
		cmocka_unit_test(test_catalog_cpuid_facts),
		cmocka_unit_test(test_catalog_bit_names),
		cmocka_unit_test(test_catalog_accepted_range),
		cmocka_unit_test(test_catalog_kernel_version_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
