/*
 * Feature sets shared by the codec tests (test-codec-blob.c and
 * test-codec-json.c). golden_set() is the set that
 * tests/data/codec/golden.{blob,json} pin: every kind, every namespace,
 * every width, max/mask/min, ranges and metadata.
 */
#ifndef HVABI_TEST_CODEC_SETS_H
#define HVABI_TEST_CODEC_SETS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "internal.h"
#include "kvm-uapi.h"

/* An entry for @key with the given facts (flags follow from what is given). */
static inline void codec_put(struct hvabi_featureset *fs, struct hvabi_key key,
			     uint8_t kind, uint8_t scope, uint16_t width, uint64_t value)
{
	struct hvabi_entry e;

	memset(&e, 0, sizeof(e));
	e.key = key;
	e.kind = kind;
	e.scope = scope;
	e.width = width;
	e.value = value;
	assert_int_equal(hvabi_featureset_put(fs, &e), 0);
}

/* Add max, mask and/or min to the entry for @key. */
static inline void codec_extra(struct hvabi_featureset *fs, struct hvabi_key key,
			       uint16_t flags, uint64_t max, uint64_t mask, uint64_t min)
{
	struct hvabi_entry e;

	assert_int_equal(hvabi_featureset_find(fs, &key, &e), 0);
	e.flags = flags;
	e.max = max;
	e.mask = mask;
	e.min = min;
	assert_int_equal(hvabi_featureset_put(fs, &e), 0);
}

static inline void codec_put_wide(struct hvabi_featureset *fs, struct hvabi_key key,
				  uint16_t width, uint8_t seed)
{
	uint8_t wide[HVABI_VALUE_MAX_BYTES];
	struct hvabi_entry e;
	unsigned int i;

	for (i = 0; i < width; i++)
		wide[i] = (uint8_t)(seed + 7 * i);
	memset(&e, 0, sizeof(e));
	e.key = key;
	e.kind = HVABI_KIND_EXACT;
	e.scope = HVABI_SCOPE_VCPU;
	e.width = width;
	e.wide = wide;
	assert_int_equal(hvabi_featureset_put(fs, &e), 0);
}

/* Two CPU implementations (QEMU max, Neoverse V1 r1p1) as the set's list. */
static inline void codec_put_impls(struct hvabi_featureset *fs)
{
	static const struct hvabi_impl impls[] = {
		{ 0x411fd401, 0x1, 0x0 },
		{ 0x000f0510, 0x0, 0xa5 },
	};

	assert_int_equal(hvabi_featureset_set_impls(fs, impls, 2), 0);
}

static inline void codec_put_ranges(struct hvabi_featureset *fs, struct hvabi_key key,
				    const struct hvabi_range *r, uint16_t n)
{
	struct hvabi_entry e;

	memset(&e, 0, sizeof(e));
	e.key = key;
	e.kind = HVABI_KIND_RANGESET;
	e.scope = HVABI_SCOPE_VM;
	e.width = 8;
	e.ranges = r;
	e.nranges = n;
	assert_int_equal(hvabi_featureset_put(fs, &e), 0);
}

#define GOLDEN_ID_AA64PFR0 HVABI_ARM64_SYS_REG(3, 0, 0, 4, 0)

/*
 * The golden set. @reverse adds the entries in the opposite order, which
 * must not change a byte of either encoding.
 */
static inline struct hvabi_featureset *golden_set_order(bool reverse)
{
	static const struct hvabi_range ranges[] = {
		{ 0x84000000, 0x20, HVABI_RANGE_DENY, { 0 } },
		{ 0xc6000040, 0x2, HVABI_RANGE_FWD_TO_USER, { 0 } },
		{ 0xc6000050, 0x10, HVABI_RANGE_HANDLE, { 0 } },
	};
	struct hvabi_featureset *fs = NULL;
	int step;

	assert_int_equal(hvabi_featureset_new(HVABI_ARCH_ARM64, &fs), 0);
	assert_int_equal(hvabi_featureset_set_kernel_release(fs, "6.12.48+deb13-arm64"),
			 0);
	assert_int_equal(hvabi_featureset_set_origin(fs, HVABI_ORIGIN_PROBED), 0);
	for (step = 0; step < 19; step++) {
		switch (reverse ? 18 - step : step) {
		case 0:
			codec_put(fs, hvabi_key_reg(GOLDEN_ID_AA64PFR0),
				  HVABI_KIND_IDFIELDS, HVABI_SCOPE_VM, 8,
				  0x1100000011111112ull);
			codec_extra(fs, hvabi_key_reg(GOLDEN_ID_AA64PFR0),
				    HVABI_ENTRY_HAS_MASK, 0, 0x0f000f0000000000ull, 0);
			break;
		case 1:
			codec_put(fs, hvabi_key_reg(HVABI_KVM_REG_ARM_PSCI_VERSION),
				  HVABI_KIND_VERSION, HVABI_SCOPE_VM, 8, 0x10003);
			codec_extra(fs, hvabi_key_reg(HVABI_KVM_REG_ARM_PSCI_VERSION),
				    HVABI_ENTRY_HAS_MAX | HVABI_ENTRY_HAS_MIN, 0x10003, 0,
				    0x2);
			break;
		case 2:
			codec_put(
				fs,
				hvabi_key_reg(HVABI_KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1),
				HVABI_KIND_LEVEL, HVABI_SCOPE_VM, 8, 0x1);
			codec_extra(
				fs,
				hvabi_key_reg(HVABI_KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1),
				HVABI_ENTRY_HAS_MAX, 0x2, 0, 0);
			break;
		case 3:
			codec_put(fs, hvabi_key_reg(HVABI_KVM_REG_ARM_STD_BMAP),
				  HVABI_KIND_BITMAP, HVABI_SCOPE_VM, 8, 0x1);
			codec_extra(fs, hvabi_key_reg(HVABI_KVM_REG_ARM_STD_BMAP),
				    HVABI_ENTRY_HAS_MAX | HVABI_ENTRY_HAS_MASK |
					    HVABI_ENTRY_HAS_MIN,
				    0x1, 0x1, 0x0);
			break;
		case 4:
			codec_put(fs, hvabi_key_reg(HVABI_KVM_REG_ARM_VENDOR_HYP_BMAP_2),
				  HVABI_KIND_BITMAP, HVABI_SCOPE_VM, 8, 0);
			codec_extra(fs,
				    hvabi_key_reg(HVABI_KVM_REG_ARM_VENDOR_HYP_BMAP_2),
				    HVABI_ENTRY_HAS_MAX, 0, 0, 0);
			break;
		case 5: /* ONE_REG sizes U8, U16, U32: widths 1, 2, 4 */
			codec_put(fs, hvabi_key_reg(0x6000000000110000ull),
				  HVABI_KIND_EXACT, HVABI_SCOPE_VCPU, 1, 0x5a);
			break;
		case 6:
			codec_put(fs, hvabi_key_reg(0x6010000000110000ull),
				  HVABI_KIND_EXACT, HVABI_SCOPE_VCPU, 2, 0xbeef);
			break;
		case 7:
			codec_put(fs, hvabi_key_reg(0x6020000000110000ull),
				  HVABI_KIND_EXACT, HVABI_SCOPE_VCPU, 4, 0xdeadbeef);
			break;
		case 8: /* U128 (a V register) and U2048 (an SVE Z register) */
			codec_put_wide(fs, hvabi_key_reg(0x6040000000100050ull), 16,
				       0x10);
			break;
		case 9:
			codec_put_wide(fs, hvabi_key_reg(0x6080000000150000ull), 256,
				       0x01);
			break;
		case 10:
			codec_put_ranges(fs, hvabi_key_attr(HVABI_ATTR_VM, 0, 0), ranges,
					 HVABI_ARRAY_SIZE(ranges));
			break;
		case 11:
			codec_put(fs, hvabi_key_attr(HVABI_ATTR_VCPU, 0, 0),
				  HVABI_KIND_EXACT, HVABI_SCOPE_VCPU, 8, 0x17);
			break;
		case 12:
			codec_put(fs, hvabi_key_attr(HVABI_ATTR_SYSTEM, 0x1, 0x2),
				  HVABI_KIND_EXACT, HVABI_SCOPE_VM, 8,
				  0xffffffffffffffffull);
			break;
		case 13:
			codec_put(fs, hvabi_key_cpuid(0x7, 0, HVABI_CPUID_EBX),
				  HVABI_KIND_CPUID, HVABI_SCOPE_VCPU, 4, 0x029c67af);
			codec_extra(fs, hvabi_key_cpuid(0x7, 0, HVABI_CPUID_EBX),
				    HVABI_ENTRY_HAS_MAX, 0xf3bfffff, 0, 0);
			break;
		case 14:
			codec_put(fs, hvabi_key_hv_cpuid(0x40000003, 0, HVABI_CPUID_EAX),
				  HVABI_KIND_BITMAP, HVABI_SCOPE_VM, 4, 0x2ff);
			break;
		case 15:
			codec_put(fs, hvabi_key_msr(0x10a), HVABI_KIND_BITMAP,
				  HVABI_SCOPE_VCPU, 8, 0x20000c04ull);
			break;
		case 16:
			codec_put(fs, hvabi_key_cap(233), HVABI_KIND_EXACT,
				  HVABI_SCOPE_VM, 8, 1);
			break;
		case 17: /* the TSC rate: a vCPU value of its own, a frequency */
			codec_put(fs, hvabi_key_vcpu_value(HVABI_VCPU_VALUE_TSC_KHZ),
				  HVABI_KIND_FREQUENCY, HVABI_SCOPE_VM, 4, 2600000);
			codec_extra(fs, hvabi_key_vcpu_value(HVABI_VCPU_VALUE_TSC_KHZ),
				    HVABI_ENTRY_HAS_MAX | HVABI_ENTRY_HAS_MIN, 2600650, 0,
				    2599350);
			break;
		case 18: /* an implementation list: an SMCCC entry of 24 bytes a member */
			codec_put_impls(fs);
			break;
		}
	}
	return fs;
}

static inline struct hvabi_featureset *golden_set(void)
{
	return golden_set_order(false);
}

/* Whether two sets agree in everything the codecs carry, metadata included. */
static inline bool codec_same(const struct hvabi_featureset *a,
			      const struct hvabi_featureset *b)
{
	return hvabi_featureset_equal(a, b) &&
	       !strcmp(hvabi_featureset_get_kernel_release(a),
		       hvabi_featureset_get_kernel_release(b)) &&
	       hvabi_featureset_get_origin(a) == hvabi_featureset_get_origin(b);
}

#endif /* HVABI_TEST_CODEC_SETS_H */
