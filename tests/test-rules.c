/*
 * Unit tests of the per-kind rules (lib/rules.c), with the kernel's facts
 * from arch/arm64/kvm/hypercalls.c and sys_regs.c as cases.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "kvm-uapi.h"
#include "rules.h"

#define ARM HVABI_ARCH_ARM64
#define PSCI(a, b) HVABI_PSCI_VERSION(a, b)

static char why[256];

static struct hvabi_entry reg(uint64_t id, uint64_t value)
{
	struct hvabi_entry e;
	struct hvabi_key k = hvabi_key_reg(id);

	hvabi_entry_init(&e, ARM, &k);
	e.value = value;
	return e;
}

static struct hvabi_entry with_max(struct hvabi_entry e, uint64_t max)
{
	e.flags |= HVABI_ENTRY_HAS_MAX;
	e.max = max;
	return e;
}

static struct hvabi_entry with_range(struct hvabi_entry e, uint64_t min, uint64_t max)
{
	e.flags |= HVABI_ENTRY_HAS_MIN | HVABI_ENTRY_HAS_MAX;
	e.min = min;
	e.max = max;
	return e;
}

static int accepts(const struct hvabi_entry *vm, const struct hvabi_entry *host,
		   const char *release)
{
	return hvabi_rule_accepts(ARM, vm, host, release, why, sizeof(why));
}

static void test_rules_bitmap_subset_of_supported(void **state)
{
	struct hvabi_entry host = with_max(reg(HVABI_KVM_REG_ARM_VENDOR_HYP_BMAP, 0x1), 0x1);
	struct hvabi_entry vm = reg(HVABI_KVM_REG_ARM_VENDOR_HYP_BMAP, 0x3);

	(void)state;
	assert_int_equal(accepts(&vm, &host, NULL), 0);
	assert_non_null(strstr(why, "PTP"));
	vm.value = 0x1;
	assert_int_equal(accepts(&vm, &host, NULL), 1);
	vm.value = 0;
	assert_int_equal(accepts(&vm, &host, NULL), 1);
	/* Without a supported mask the host's value is what it offers. */
	host.flags = 0;
	host.max = 0;
	vm.value = 0x2;
	assert_int_equal(accepts(&vm, &host, NULL), 0);
	assert_non_null(strstr(why, "bits 0x2"));
}

static void test_rules_bitmap_meet_is_and(void **state)
{
	struct hvabi_entry a = with_max(reg(HVABI_KVM_REG_ARM_VENDOR_HYP_BMAP, 0x3), 0x3);
	struct hvabi_entry b = with_max(reg(HVABI_KVM_REG_ARM_VENDOR_HYP_BMAP, 0x1), 0x1);
	struct hvabi_entry out;

	(void)state;
	assert_int_equal(hvabi_rule_meet(ARM, &a, NULL, &b, NULL, &out, why, sizeof(why)), 1);
	assert_int_equal(out.value, 0x1);
	assert_int_equal(out.max, 0x1);
	assert_non_null(strstr(why, "PTP"));
	assert_int_equal(hvabi_rule_meet(ARM, &b, NULL, &a, NULL, &out, why, sizeof(why)), 0);
	assert_int_equal(out.value, 0x1);
	/* VENDOR_HYP_BMAP_2: default 0, supported 0x3; the meet keeps both facts. */
	a = with_max(reg(HVABI_KVM_REG_ARM_VENDOR_HYP_BMAP_2, 0), 0x3);
	assert_int_equal(hvabi_rule_meet(ARM, &a, NULL, &a, NULL, &out, why, sizeof(why)), 0);
	assert_int_equal(out.max, 0x3);
}

static void test_rules_psci_version_ranges(void **state)
{
	struct hvabi_entry v612 = with_range(reg(HVABI_KVM_REG_ARM_PSCI_VERSION, PSCI(1, 1)),
					     PSCI(0, 2), PSCI(1, 1));
	struct hvabi_entry vm = reg(HVABI_KVM_REG_ARM_PSCI_VERSION, PSCI(1, 3));
	struct hvabi_entry bare = reg(HVABI_KVM_REG_ARM_PSCI_VERSION, PSCI(1, 0));

	(void)state;
	/* A 7.2 VM left at PSCI 1.3 cannot go back to 6.12 (hypercalls.c refuses 1.3). */
	assert_int_equal(accepts(&vm, &v612, "6.12.48"), 0);
	assert_non_null(strstr(why, "0x10003"));
	vm.value = PSCI(1, 1);
	assert_int_equal(accepts(&vm, &v612, "6.12.48"), 1);
	vm.value = PSCI(0, 2);
	assert_int_equal(accepts(&vm, &v612, NULL), 1);
	/* 0.1 is only for vCPUs without PSCI_0_2; 1.4 does not exist. */
	vm.value = 1;
	assert_int_equal(accepts(&vm, &v612, NULL), 0);
	vm.value = PSCI(1, 4);
	assert_int_equal(accepts(&vm, &v612, NULL), 0);
	assert_non_null(strstr(why, "not a value any kernel accepts"));
	/* No facts: the catalogue's history by release (imported profiles). */
	vm.value = PSCI(1, 1);
	assert_int_equal(accepts(&vm, &bare, "5.10.0-33-arm64"), 0);
	assert_int_equal(accepts(&vm, &bare, "6.1.0-31-arm64"), 1);
	vm.value = PSCI(1, 3);
	assert_int_equal(accepts(&vm, &bare, "6.1.0-31-arm64"), 0);
	assert_int_equal(accepts(&vm, &bare, "7.2.0"), 1);
	/* No facts and no release: only the host's own value is known to work. */
	vm.value = PSCI(1, 0);
	assert_int_equal(accepts(&vm, &bare, NULL), 1);
	vm.value = PSCI(1, 1);
	assert_int_equal(accepts(&vm, &bare, ""), 0);
}

static void test_rules_psci_meet_is_highest_common(void **state)
{
	struct hvabi_entry v72 = with_range(reg(HVABI_KVM_REG_ARM_PSCI_VERSION, PSCI(1, 3)),
					    PSCI(0, 2), PSCI(1, 3));
	struct hvabi_entry v61 = with_range(reg(HVABI_KVM_REG_ARM_PSCI_VERSION, PSCI(1, 1)),
					    PSCI(0, 2), PSCI(1, 1));
	struct hvabi_entry v510 = reg(HVABI_KVM_REG_ARM_PSCI_VERSION, PSCI(1, 0));
	struct hvabi_entry out, odd;

	(void)state;
	assert_int_equal(hvabi_rule_meet(ARM, &v72, "7.2.0", &v61, "6.1.0", &out, why,
					 sizeof(why)), 1);
	assert_int_equal(out.value, PSCI(1, 1));
	assert_int_equal(out.min, PSCI(0, 2));
	assert_int_equal(out.max, PSCI(1, 1));
	assert_non_null(strstr(why, "lowered"));
	assert_int_equal(hvabi_rule_meet(ARM, &out, NULL, &v510, "5.10.0", &out, why,
					 sizeof(why)), 1);
	assert_int_equal(out.value, PSCI(1, 0));
	/* Disjoint ranges have no common value. */
	odd = with_range(reg(HVABI_KVM_REG_ARM_PSCI_VERSION, PSCI(1, 3)), PSCI(1, 2), PSCI(1, 3));
	assert_int_equal(hvabi_rule_meet(ARM, &odd, NULL, &v61, NULL, &out, why, sizeof(why)),
			 -EDOM);
	assert_non_null(strstr(why, "no value both accept"));
}

static void test_rules_workaround_levels(void **state)
{
	struct hvabi_entry wa1 = reg(HVABI_KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1, HVABI_WA1_AVAIL);
	struct hvabi_entry vm = wa1;
	struct hvabi_entry wa2 = reg(HVABI_KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2, HVABI_WA2_NOT_AVAIL);
	struct hvabi_entry out;

	(void)state;
	/* NOT_REQUIRED -> an AVAIL host is refused; AVAIL -> NOT_REQUIRED is fine. */
	vm.value = HVABI_WA1_NOT_REQUIRED;
	assert_int_equal(accepts(&vm, &wa1, NULL), 0);
	assert_non_null(strstr(why, "better protected"));
	vm.value = HVABI_WA1_NOT_AVAIL;
	assert_int_equal(accepts(&vm, &wa1, NULL), 1);
	wa1.value = HVABI_WA1_NOT_REQUIRED;
	vm.value = HVABI_WA1_AVAIL;
	assert_int_equal(accepts(&vm, &wa1, NULL), 1);
	vm.value = 3;
	assert_int_equal(accepts(&vm, &wa1, NULL), 0);
	assert_non_null(strstr(why, "not a valid level"));
	/* WA2 folds UNKNOWN to NOT_AVAIL and AVAIL to NOT_REQUIRED. */
	vm = wa2;
	vm.value = HVABI_WA2_UNKNOWN;
	assert_int_equal(accepts(&vm, &wa2, NULL), 1);
	vm.value = HVABI_WA2_AVAIL;
	assert_int_equal(accepts(&vm, &wa2, NULL), 0);
	wa2.value = HVABI_WA2_NOT_REQUIRED;
	assert_int_equal(accepts(&vm, &wa2, NULL), 1);
	vm.value = 4;
	assert_int_equal(accepts(&vm, &wa2, NULL), 0);
	/* The meet takes the lower level. */
	vm = reg(HVABI_KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1, HVABI_WA1_NOT_REQUIRED);
	wa1.value = HVABI_WA1_AVAIL;
	assert_int_equal(hvabi_rule_meet(ARM, &vm, NULL, &wa1, NULL, &out, why, sizeof(why)), 1);
	assert_int_equal(out.value, HVABI_WA1_AVAIL);
	assert_non_null(strstr(why, "cannot be pinned"));
	vm.value = 9;
	assert_int_equal(hvabi_rule_meet(ARM, &vm, NULL, &wa1, NULL, &out, why, sizeof(why)),
			 -EDOM);
}

#define PFR0 HVABI_ARM64_SYS_REG(3, 0, 0, 4, 0)
#define CSV2(v) ((uint64_t)(v) << 56)
#define FP(v) ((uint64_t)(v) << 16)
#define GIC(v) ((uint64_t)(v) << 24)
#define DIT(v) ((uint64_t)(v) << 48)

static struct hvabi_entry pfr0(uint64_t value, uint64_t mask)
{
	struct hvabi_entry e = reg(PFR0, value);

	if (mask) {
		e.flags |= HVABI_ENTRY_HAS_MASK;
		e.mask = mask;
	}
	return e;
}

static void test_rules_idfields_follow_ftr_rules(void **state)
{
	uint64_t wmask = CSV2(0xf) | FP(0xf) | GIC(0xf);
	struct hvabi_entry host = pfr0(CSV2(1) | FP(0) | GIC(1) | 0x11, wmask);
	struct hvabi_entry vm = host;

	(void)state;
	assert_int_equal(accepts(&vm, &host, NULL), 1);
	/* LOWER_SAFE: less is fine, more is not. */
	vm.value = host.value & ~CSV2(0xf);
	assert_int_equal(accepts(&vm, &host, NULL), 1);
	vm.value = (host.value & ~CSV2(0xf)) | CSV2(2);
	assert_int_equal(accepts(&vm, &host, NULL), 0);
	assert_non_null(strstr(why, "CSV2"));
	/* FP is signed: 0xf (not implemented) is below 0, 1 is above. */
	vm.value = host.value | FP(0xf);
	assert_int_equal(accepts(&vm, &host, NULL), 1);
	vm.value = host.value | FP(1);
	assert_int_equal(accepts(&vm, &host, NULL), 0);
	/*
	 * GIC: lower-safe in cpufeature.c, but the vGIC sets it whatever was
	 * written (7.2 at vGIC creation and first run; 6.12 clears it at first
	 * run without an in-kernel vGICv3): only the host's own value holds.
	 */
	vm.value = host.value & ~GIC(0xf);
	assert_int_equal(accepts(&vm, &host, NULL), 0);
	assert_non_null(strstr(why, "KVM sets it itself"));
	vm.value = (host.value & ~GIC(0xf)) | GIC(3);
	assert_int_equal(accepts(&vm, &host, NULL), 0);
	/* EL0 at 0: in the mask, lower-safe, but set_id_aa64pfr0_el1() (7.2) refuses it. */
	host = pfr0(host.value | 0x11, host.mask | 0xff);
	vm.value = host.value & ~0xfull;
	assert_int_equal(accepts(&vm, &host, NULL), 0);
	assert_non_null(strstr(why, "EL0 = 0 is refused"));
	host = pfr0(host.value, host.mask & ~0xffull);
	/* Bits outside the writable fields must equal the host's. */
	vm.value = host.value & ~0x1ull;
	assert_int_equal(accepts(&vm, &host, NULL), 0);
	assert_non_null(strstr(why, "EL0"));
	/* No writable mask (a kernel before 6.7): every bit must be equal. */
	host = pfr0(host.value, 0);
	vm.value = host.value & ~CSV2(0xf);
	assert_int_equal(accepts(&vm, &host, NULL), 0);
}

static void test_rules_idfields_meet(void **state)
{
	uint64_t wmask = CSV2(0xf) | DIT(0xf);
	struct hvabi_entry a = pfr0(CSV2(1) | DIT(1) | 0x11, wmask);
	struct hvabi_entry b = pfr0(CSV2(0) | DIT(1) | 0x11, wmask | FP(0xf));
	struct hvabi_entry out;

	(void)state;
	assert_int_equal(hvabi_rule_meet(ARM, &a, NULL, &b, NULL, &out, why, sizeof(why)), 1);
	assert_int_equal(out.value, DIT(1) | 0x11);
	assert_int_equal(out.mask, wmask);
	/* DIT is LOWER_SAFE in cpufeature.c: the lower of the two. */
	b.value = CSV2(1) | DIT(3) | 0x11;
	assert_int_equal(hvabi_rule_meet(ARM, &b, NULL, &a, NULL, &out, why, sizeof(why)), 1);
	assert_int_equal(out.value, CSV2(1) | DIT(1) | 0x11);
	/* A field not writable on both cannot be reconciled. */
	b = pfr0(FP(1) | DIT(1) | CSV2(1) | 0x11, wmask);
	assert_int_equal(hvabi_rule_meet(ARM, &a, NULL, &b, NULL, &out, why, sizeof(why)),
			 -EDOM);
	assert_non_null(strstr(why, "FP"));
	/*
	 * A host without writable masks (before 6.7) still meets a host that
	 * can lower its field to the older host's value, not the other way.
	 */
	a = pfr0(CSV2(0) | DIT(1) | 0x11, 0);
	b = pfr0(CSV2(1) | DIT(1) | 0x11, wmask);
	assert_int_equal(hvabi_rule_meet(ARM, &a, NULL, &b, NULL, &out, why, sizeof(why)), 0);
	assert_int_equal(out.value, DIT(1) | 0x11);
	assert_int_equal(out.flags & HVABI_ENTRY_HAS_MASK, 0);
	a = pfr0(CSV2(1) | DIT(1) | 0x11, 0);
	b = pfr0(CSV2(0) | DIT(1) | 0x11, wmask);
	assert_int_equal(hvabi_rule_meet(ARM, &a, NULL, &b, NULL, &out, why, sizeof(why)),
			 -EDOM);
	assert_non_null(strstr(why, "CSV2"));
	a = pfr0(CSV2(1) | DIT(1) | 0x11, wmask);
	/* GIC is KVM's own: hosts that differ there have no common value. */
	a = pfr0(GIC(1) | 0x11, wmask | GIC(0xf));
	b = pfr0(GIC(0) | 0x11, wmask | GIC(0xf));
	assert_int_equal(hvabi_rule_meet(ARM, &a, NULL, &b, NULL, &out, why, sizeof(why)),
			 -EDOM);
	assert_non_null(strstr(why, "KVM sets it itself"));
	a = pfr0(CSV2(1) | DIT(1) | 0x11, wmask);
	/* Nor can undescribed bits. */
	b = pfr0(a.value, 0);
	assert_int_equal(hvabi_rule_meet(ARM, &a, NULL, &b, NULL, &out, why, sizeof(why)), 0);
	assert_int_equal(out.flags & HVABI_ENTRY_HAS_MASK, 0);
}

#define CLIDR HVABI_ARM64_SYS_REG(3, 1, 0, 0, 1)
#define CTR HVABI_ARM64_SYS_REG(3, 3, 0, 0, 1)
#define CLIDR_MASK 0x00007fffffffffffull /* ~CLIDR_EL1_RES0 */

/* Real values: 6.1 reports the CPU's hierarchy, 6.3+ one made up from CTR_EL0. */
#define CLIDR_61 0x2000023ull
#define CLIDR_612 0x2000021ull

static struct hvabi_entry clidr(uint64_t value, uint64_t mask)
{
	struct hvabi_entry e = reg(CLIDR, value);

	if (mask) {
		e.flags |= HVABI_ENTRY_HAS_MASK;
		e.mask = mask;
	}
	return e;
}

/* CLIDR_EL1 describes the host: any value a host can write, else its own. */
static void test_rules_clidr_is_the_hosts_choice(void **state)
{
	struct hvabi_entry k61 = clidr(CLIDR_61, 0), k612 = clidr(CLIDR_612, CLIDR_MASK), out;
	struct hvabi_entry k612b = clidr(0x1000004, CLIDR_MASK);

	(void)state;
	assert_int_equal(k612.kind, HVABI_KIND_IDFIELDS);
	assert_int_equal(k612.scope, HVABI_SCOPE_VCPU);
	/* 6.12 takes 6.1's hierarchy; 6.1 takes nothing but its own. */
	assert_int_equal(accepts(&k61, &k612, NULL), 1);
	assert_int_equal(accepts(&k612, &k61, NULL), 0);
	assert_non_null(strstr(why, "Ctype1"));
	/* The host that cannot write keeps its value, whichever side it is on. */
	assert_int_equal(hvabi_rule_meet(ARM, &k61, "6.1.0", &k612, "6.12.0", &out, why,
					 sizeof(why)), 0);
	assert_int_equal(out.value, CLIDR_61);
	assert_false(out.flags & HVABI_ENTRY_HAS_MASK);
	assert_int_equal(hvabi_rule_meet(ARM, &k612, "6.12.0", &k61, "6.1.0", &out, why,
					 sizeof(why)), 1);
	assert_int_equal(out.value, CLIDR_61);
	/* Two writable hosts settle on one of their values and stay writable. */
	assert_int_equal(hvabi_rule_meet(ARM, &k612, "6.12.0", &k612b, "7.2.0", &out, why,
					 sizeof(why)), 1);
	assert_int_equal(out.value, 0x1000004);
	assert_int_equal(out.mask, CLIDR_MASK);
	/* Two hosts that cannot write it must agree. */
	k612.flags = 0;
	assert_int_equal(hvabi_rule_meet(ARM, &k61, "6.1.0", &k612, "6.1.0", &out, why,
					 sizeof(why)), -EDOM);
	assert_non_null(strstr(why, "Ctype1"));
}

/* set_clidr() refuses a hierarchy promising IDC on a host whose CTR_EL0 lacks it. */
static void test_rules_clidr_idc_needs_ctr_idc(void **state)
{
	struct hvabi_featureset *host = NULL;
	struct hvabi_entry vm = clidr(CLIDR_61, 0), ctr = reg(CTR, 0x8444c004);
	struct hvabi_entry own = clidr(0x9200023, CLIDR_MASK);
	struct hvabi_entry other = reg(HVABI_KVM_REG_ARM_PSCI_VERSION, 0);

	(void)state;
	assert_int_equal(hvabi_featureset_new(ARM, &host), 0);
	assert_int_equal(hvabi_featureset_put(host, &own), 0);
	/* No CTR_EL0 in the profile: nothing to hold it against. */
	assert_int_equal(hvabi_rule_cross(ARM, &vm, host, why, sizeof(why)), 1);
	assert_int_equal(hvabi_featureset_put(host, &ctr), 0);
	assert_int_equal(hvabi_rule_cross(ARM, &vm, host, why, sizeof(why)), 0);
	assert_non_null(strstr(why, "promises IDC"));
	/* LoUU, LoUIS and LoC 1 promise nothing. */
	vm.value = 0x9200023;
	assert_int_equal(hvabi_rule_cross(ARM, &vm, host, why, sizeof(why)), 1);
	/* LoC 0 promises IDC too; the host's own value is never refused. */
	vm.value = 0x23;
	assert_int_equal(hvabi_rule_cross(ARM, &vm, host, why, sizeof(why)), 0);
	own.value = 0x23;
	assert_int_equal(hvabi_featureset_put(host, &own), 0);
	assert_int_equal(hvabi_rule_cross(ARM, &vm, host, why, sizeof(why)), 1);
	/* With CTR_EL0.IDC set any hierarchy goes; other entries have no such rule. */
	vm.value = CLIDR_61;
	ctr.value |= 1ull << 28;
	assert_int_equal(hvabi_featureset_put(host, &ctr), 0);
	assert_int_equal(hvabi_rule_cross(ARM, &vm, host, why, sizeof(why)), 1);
	ctr.value &= ~(1ull << 28);
	assert_int_equal(hvabi_featureset_put(host, &ctr), 0);
	assert_int_equal(hvabi_rule_cross(ARM, &other, host, why, sizeof(why)), 1);
	assert_int_equal(hvabi_rule_cross(HVABI_ARCH_X86_64, &vm, host, why, sizeof(why)), 1);
	hvabi_featureset_free(host);
}

static void test_rules_exact_and_kind_mismatch(void **state)
{
	struct hvabi_entry a = reg(0x6030000000100000ull, 5), b = a, out;
	uint8_t w1[16] = { 1 }, w2[16] = { 2 };

	(void)state;
	assert_int_equal(a.kind, HVABI_KIND_EXACT);
	assert_int_equal(accepts(&a, &b, NULL), 1);
	b.value = 6;
	assert_int_equal(accepts(&a, &b, NULL), 0);
	assert_non_null(strstr(why, "must be equal"));
	assert_int_equal(hvabi_rule_meet(ARM, &a, NULL, &b, NULL, &out, why, sizeof(why)), -EDOM);
	b.value = 5;
	b.kind = HVABI_KIND_BITMAP;
	assert_int_equal(accepts(&a, &b, NULL), 1);
	b.value = 4;
	assert_int_equal(accepts(&a, &b, NULL), 0);
	assert_non_null(strstr(why, "judged as exact"));
	assert_int_equal(hvabi_rule_meet(ARM, &a, NULL, &b, NULL, &out, why, sizeof(why)), -EDOM);
	assert_non_null(strstr(why, "kinds differ"));
	a = reg(0x6040000000100050ull, 0);
	a.wide = w1;
	b = a;
	assert_int_equal(accepts(&a, &b, NULL), 1);
	b.wide = w2;
	assert_int_equal(accepts(&a, &b, NULL), 0);
	assert_int_equal(hvabi_rule_meet(ARM, &a, NULL, &b, NULL, &out, why, sizeof(why)), -EDOM);
	b = reg(0x6030000000100000ull, 0);
	assert_int_equal(hvabi_rule_meet(ARM, &a, NULL, &b, NULL, &out, why, sizeof(why)), -EDOM);
	assert_non_null(strstr(why, "widths differ"));
}

static void test_rules_rangeset(void **state)
{
	struct hvabi_key k = hvabi_key_attr(HVABI_ATTR_VM, 0, 0);
	struct hvabi_range ok = { 0xc6000040, 2, HVABI_RANGE_FWD_TO_USER, { 0 } };
	struct hvabi_range bad = { 0x8000fff0, 0x20, HVABI_RANGE_DENY, { 0 } };
	struct hvabi_entry host, vm, out;

	(void)state;
	hvabi_entry_init(&host, ARM, &k);
	vm = host;
	vm.ranges = &ok;
	vm.nranges = 1;
	assert_int_equal(accepts(&vm, &host, NULL), 1);
	vm.ranges = &bad;
	assert_int_equal(accepts(&vm, &host, NULL), 0);
	assert_non_null(strstr(why, "Arm architecture range"));
	assert_int_equal(hvabi_rule_meet(ARM, &host, NULL, &host, NULL, &out, why, sizeof(why)), 0);
	assert_int_equal(hvabi_rule_meet(ARM, &vm, NULL, &host, NULL, &out, why, sizeof(why)),
			 -EDOM);
}

static void test_rules_off_and_implied(void **state)
{
	struct hvabi_entry e = reg(HVABI_KVM_REG_ARM_VENDOR_HYP_BMAP, 0x3);
	struct hvabi_key k;
	uint64_t v = 99;
	bool host_dep = true;

	(void)state;
	assert_true(hvabi_rule_off(ARM, &e, &v));
	assert_int_equal(v, 0);
	e = reg(HVABI_KVM_REG_ARM_PSCI_VERSION, PSCI(1, 3));
	assert_true(hvabi_rule_off(ARM, &e, &v));
	assert_int_equal(v, PSCI(0, 2));
	e = reg(PFR0, 0x11);
	assert_false(hvabi_rule_off(ARM, &e, &v));
	e = reg(0x6030000000100000ull, 1);
	assert_false(hvabi_rule_off(ARM, &e, &v));
	e = reg(HVABI_KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1, 2);
	assert_true(hvabi_rule_off(ARM, &e, &v));
	assert_int_equal(v, 0);
	/* VENDOR_HYP_BMAP_2 absent means 0; STD_BMAP absent means TRNG from 5.12 on. */
	k = hvabi_key_reg(HVABI_KVM_REG_ARM_VENDOR_HYP_BMAP_2);
	assert_true(hvabi_rule_implied(ARM, &k, NULL, &v, &host_dep));
	assert_int_equal(v, 0);
	assert_false(host_dep);
	k = hvabi_key_reg(HVABI_KVM_REG_ARM_STD_BMAP);
	assert_true(hvabi_rule_implied(ARM, &k, NULL, &v, &host_dep));
	assert_int_equal(v, 1);
	assert_false(host_dep);
	assert_true(hvabi_rule_implied(ARM, &k, "5.10.0-33-arm64", &v, NULL));
	assert_int_equal(v, 0);
	assert_true(hvabi_rule_implied(ARM, &k, "5.15.0", &v, NULL));
	assert_int_equal(v, 1);
	assert_true(hvabi_rule_implied(ARM, &k, "4.19.0", &v, NULL));
	assert_int_equal(v, 0);
	k = hvabi_key_reg(HVABI_KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3);
	assert_true(hvabi_rule_implied(ARM, &k, NULL, &v, NULL));
	assert_int_equal(v, HVABI_WA3_NOT_AVAIL);
	k = hvabi_key_reg(HVABI_KVM_REG_ARM_PSCI_VERSION);
	assert_false(hvabi_rule_implied(ARM, &k, NULL, &v, NULL));
	k = hvabi_key_reg(0x6030000000100000ull);
	assert_false(hvabi_rule_implied(ARM, &k, NULL, &v, NULL));
}

static void test_rules_ftr_values(void **state)
{
	struct hvabi_ftr_field s = { 16, HVABI_FTR_LOWER_SAFE, 1, 0, "FP", 0 };
	struct hvabi_ftr_field hz = { 24, HVABI_FTR_HIGHER_OR_ZERO_SAFE, 0, 0, "CWG", 0 };
	struct hvabi_ftr_field hi = { 0, HVABI_FTR_HIGHER_SAFE, 0, 0, "X", 0 };
	struct hvabi_ftr_field ex = { 0, HVABI_FTR_EXACT, 0, 1, "Y", 1 };

	(void)state;
	assert_int_equal(hvabi_ftr_value(&s, FP(0xf)), -1);
	assert_int_equal(hvabi_ftr_value(&s, FP(0x7)), 7);
	assert_int_equal(hvabi_ftr_safe(&s, -1, 0), -1);
	assert_int_equal(hvabi_ftr_safe(&hz, 0, 3), 0);
	assert_int_equal(hvabi_ftr_safe(&hz, 4, 3), 4);
	assert_int_equal(hvabi_ftr_safe(&hi, 2, 3), 3);
	assert_int_equal(hvabi_ftr_safe(&ex, 0, 0), 1);
	assert_int_equal(hvabi_ftr_value(&ex, 0x3), 1);
}

static void test_rules_cpuid_unknown_register_is_exact(void **state)
{
	struct hvabi_key k = hvabi_key_cpuid(0x4fffffff, 0, HVABI_CPUID_EAX);
	struct hvabi_entry a, b, out;

	(void)state;
	assert_int_equal(hvabi_entry_init(&a, HVABI_ARCH_X86_64, &k), 0);
	a.kind = HVABI_KIND_CPUID;
	a.value = 0x1c004121;
	b = a;
	assert_int_equal(hvabi_rule_accepts(HVABI_ARCH_X86_64, &a, &b, NULL, why, sizeof(why)), 1);
	b.value ^= 0x20;
	assert_int_equal(hvabi_rule_accepts(HVABI_ARCH_X86_64, &a, &b, NULL, why, sizeof(why)), 0);
	assert_non_null(strstr(why, "bits 0x20 differ"));
	assert_int_equal(hvabi_rule_meet(HVABI_ARCH_X86_64, &a, NULL, &b, NULL, &out, why,
					 sizeof(why)), -EDOM);
}

static void test_rules_explain_every_kind(void **state)
{
	unsigned int k;

	(void)state;
	for (k = 0; k < HVABI_KIND_COUNT; k++)
		assert_string_not_equal(hvabi_rule_explain((enum hvabi_kind)k), "unknown kind");
	assert_string_equal(hvabi_rule_explain((enum hvabi_kind)HVABI_KIND_COUNT), "unknown kind");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules_bitmap_subset_of_supported),
		cmocka_unit_test(test_rules_bitmap_meet_is_and),
		cmocka_unit_test(test_rules_psci_version_ranges),
		cmocka_unit_test(test_rules_psci_meet_is_highest_common),
		cmocka_unit_test(test_rules_workaround_levels),
		cmocka_unit_test(test_rules_idfields_follow_ftr_rules),
		cmocka_unit_test(test_rules_idfields_meet),
		cmocka_unit_test(test_rules_clidr_is_the_hosts_choice),
		cmocka_unit_test(test_rules_clidr_idc_needs_ctr_idc),
		cmocka_unit_test(test_rules_exact_and_kind_mismatch),
		cmocka_unit_test(test_rules_rangeset),
		cmocka_unit_test(test_rules_off_and_implied),
		cmocka_unit_test(test_rules_ftr_values),
		cmocka_unit_test(test_rules_cpuid_unknown_register_is_exact),
		cmocka_unit_test(test_rules_explain_every_kind),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
