/*
 * Tests of the Firecracker fingerprint import (lib/codec-firecracker.c):
 * the trimmed fingerprints in tests/data/firecracker, every fingerprint of
 * $HVABI_FC_CORPUS (meson -Dfirecracker-corpus) when it is there, the
 * baseline and checks across the Neoverse V1 kernels, and malformed input
 * refused at its line and column.
 */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "catalog-internal.h"
#include "internal.h"
#include "kvm-uapi.h"
#include "testutil.h"


#define PSCI_VERSION HVABI_KVM_REG_ARM_FW_REG(0)
#define WA1 HVABI_KVM_REG_ARM_FW_REG(1)
#define WA2 HVABI_KVM_REG_ARM_FW_REG(2)
#define WA3 HVABI_KVM_REG_ARM_FW_REG(3)
#define STD_BMAP HVABI_KVM_REG_ARM_FW_FEAT_BMAP_REG(0)
#define STD_HYP_BMAP HVABI_KVM_REG_ARM_FW_FEAT_BMAP_REG(1)
#define VENDOR_HYP_BMAP HVABI_KVM_REG_ARM_FW_FEAT_BMAP_REG(2)
#define VENDOR_HYP_BMAP_2 HVABI_KVM_REG_ARM_FW_FEAT_BMAP_REG(3)

/* Import @len bytes copied to a buffer of exactly that size (no NUL for ASan to use). */
static int import_exact(const char *text, size_t len, struct hvabi_featureset **ret,
			struct hvabi_error *err)
{
	void *copy = malloc(len + !len);
	int r;

	if (!copy)
		fail_msg("out of memory");
	r = hvabi_featureset_import_firecracker(memcpy(copy, text, len), len, ret, err, sizeof(*err));
	free(copy);
	return r;
}

static struct hvabi_featureset *import_path(const char *path)
{
	struct hvabi_featureset *fs = NULL;
	struct hvabi_error err;
	size_t len = 0;
	char *text = test_read_file(path, &len);

	if (!text)
		fail_msg("cannot read %s", path);
	memset(&err, 0, sizeof(err));
	if (import_exact(text, len, &fs, &err))
		fail_msg("%s: %d at %u:%u: %s", path, err.code, err.line, err.column,
			 err.message);
	free(text);
	assert_non_null(fs);
	return fs;
}

/* A fingerprint of the shared corpus, or NULL when the corpus is not there. */
static struct hvabi_featureset *import_shared(const char *name)
{
	char rel[256];
	const char *path;
	FILE *f;

	snprintf(rel, sizeof(rel), "%s", name);
	path = test_corpus_path(rel);
	if (!path || !(f = fopen(path, "rb")))
		return NULL;
	fclose(f);
	return import_path(path);
}

/* The value of @id in @fs, failing the test when it is absent. */
static uint64_t value_of(const struct hvabi_featureset *fs, struct hvabi_key key)
{
	struct hvabi_entry e;
	char kt[64];
	size_t n = sizeof(kt);

	if (hvabi_featureset_find(fs, &key, &e)) {
		hvabi_key_to_string(&key, kt, &n);
		fail_msg("%s is missing", kt);
	}
	return e.value;
}

static bool has(const struct hvabi_featureset *fs, struct hvabi_key key)
{
	return !hvabi_featureset_find(fs, &key, NULL);
}

/*
 * What the import promises of every entry: the catalogue's kind, scope and
 * width (EXACT for what it does not know), and no host facts but the
 * writable mask a kernel of its version has for CLIDR_EL1 and the CCSIDRs.
 */
static void check_entries(const struct hvabi_featureset *fs, size_t counts[6])
{
	enum hvabi_arch arch = hvabi_featureset_get_arch(fs);
	struct hvabi_catalog_info info;
	struct hvabi_entry e, want;
	size_t i;

	memset(counts, 0, 6 * sizeof(counts[0]));
	for (i = 0; i < hvabi_featureset_count(fs); i++) {
		assert_int_equal(hvabi_featureset_get_entry(fs, i, &e), 0);
		assert_true(e.key.ns < 6);
		counts[e.key.ns]++;
		if (e.flags) {
			const struct hvabi_cat_entry *c = hvabi_cat_find(arch, &e.key);

			assert_int_equal(e.flags, HVABI_ENTRY_HAS_MASK);
			assert_non_null(c);
			assert_true(c->writable_since &&
				    hvabi_kernel_version_parse(hvabi_featureset_get_kernel_release(fs)) >=
					    c->writable_since);
			assert_int_equal(e.mask, c->writable);
		}
		hvabi_entry_init(&want, arch, &e.key);
		assert_int_equal(e.kind, want.kind);
		assert_int_equal(e.scope, want.scope);
		assert_int_equal(e.width, want.width);
		if (hvabi_catalog_lookup(arch, &e.key, &info, sizeof(info)))
			assert_int_equal(e.kind, HVABI_KIND_EXACT);
	}
}

/* Imported sets are valid profiles: they survive the JSON form unchanged. */
static void check_round_trip(const struct hvabi_featureset *fs)
{
	struct hvabi_featureset *back = NULL;
	size_t len = 0;
	char *text;

	assert_int_equal(hvabi_featureset_to_json_alloc(fs, &text), 0);
	len = strlen(text);
	assert_int_equal(hvabi_featureset_from_json(text, len, &back, NULL, 0), 0);
	assert_int_equal(hvabi_featureset_equal(fs, back), 1);
	assert_string_equal(hvabi_featureset_get_kernel_release(back),
			    hvabi_featureset_get_kernel_release(fs));
	assert_int_equal(hvabi_featureset_get_origin(back), HVABI_ORIGIN_IMPORTED);
	hvabi_featureset_free(back);
	free(text);
}

/* ---- the trimmed copies: run everywhere ---- */

static void test_import_trimmed_arm64(void **state)
{
	struct hvabi_featureset *fs = import_path(
		test_data_path("firecracker/fingerprint_ARM_NEOVERSE_V1_6.18host.json"));
	struct hvabi_key k;
	struct hvabi_entry e;
	size_t counts[6];
	unsigned int i;

	(void)state;
	assert_int_equal(hvabi_featureset_get_arch(fs), HVABI_ARCH_ARM64);
	assert_string_equal(hvabi_featureset_get_kernel_release(fs),
			    "6.18.30-61.116.amzn2023.aarch64");
	assert_int_equal(hvabi_featureset_get_origin(fs), HVABI_ORIGIN_IMPORTED);
	check_entries(fs, counts);
	/* 14 registers in the file; three are core registers, vCPU state. */
	assert_int_equal(counts[HVABI_NS_ONE_REG], 11);
	assert_int_equal(hvabi_featureset_count(fs), 11);

	k = hvabi_key_reg(PSCI_VERSION);
	assert_int_equal(hvabi_featureset_find(fs, &k, &e), 0);
	assert_int_equal(e.kind, HVABI_KIND_VERSION);
	assert_int_equal(e.scope, HVABI_SCOPE_VM);
	assert_int_equal(e.value, 0x10003);
	k = hvabi_key_reg(WA1);
	assert_int_equal(hvabi_featureset_find(fs, &k, &e), 0);
	assert_int_equal(e.kind, HVABI_KIND_LEVEL);
	assert_int_equal(e.value, 2);
	assert_int_equal(value_of(fs, hvabi_key_reg(WA2)), 0);
	assert_int_equal(value_of(fs, hvabi_key_reg(WA3)), 1);
	k = hvabi_key_reg(STD_BMAP);
	assert_int_equal(hvabi_featureset_find(fs, &k, &e), 0);
	assert_int_equal(e.kind, HVABI_KIND_BITMAP);
	assert_int_equal(e.value, 1);
	assert_int_equal(value_of(fs, hvabi_key_reg(STD_HYP_BMAP)), 1);
	assert_int_equal(value_of(fs, hvabi_key_reg(VENDOR_HYP_BMAP)), 3);
	assert_int_equal(value_of(fs, hvabi_key_reg(VENDOR_HYP_BMAP_2)), 0);
	/* ID_AA64PFR0_EL1 and MIDR_EL1, as the 128-digit bitmaps held them. */
	assert_int_equal(value_of(fs, hvabi_key_reg(0x603000000013c020ull)),
			 0x1101000021111112ull);
	assert_int_equal(value_of(fs, hvabi_key_reg(0x603000000013c000ull)), 0x411fd401);

	/* A 32-bit CCSIDR (written as 128 digits by Firecracker): width 4, the cache geometry. */
	k = hvabi_key_reg(0x6020000000110000ull);
	assert_int_equal(hvabi_featureset_find(fs, &k, &e), 0);
	assert_int_equal(e.width, 4);
	assert_int_equal(e.kind, HVABI_KIND_IDFIELDS);
	assert_int_equal(e.value, 2);
	/*
	 * The core registers (x0, PSTATE and the 128-bit V0, read and checked
	 * as 128 digits like the rest) are vCPU state the VMM migrates: left out.
	 */
	for (i = 0; i < 3; i++) {
		static const uint64_t core[] = { 0x6030000000100000ull, 0x6030000000100042ull,
						 0x6040000000100054ull };

		k = hvabi_key_reg(core[i]);
		assert_int_equal(hvabi_featureset_find(fs, &k, NULL), -ENOENT);
	}
	check_round_trip(fs);
	hvabi_featureset_free(fs);
}

static void test_import_trimmed_x86(void **state)
{
	struct hvabi_featureset *fs = import_path(
		test_data_path("firecracker/fingerprint_AMD_MILAN_6.1host.json"));
	struct hvabi_key k;
	struct hvabi_entry e;
	size_t counts[6];

	(void)state;
	assert_int_equal(hvabi_featureset_get_arch(fs), HVABI_ARCH_X86_64);
	assert_string_equal(hvabi_featureset_get_kernel_release(fs),
			    "6.1.172-216.329.amzn2023.x86_64");
	check_entries(fs, counts);
	assert_int_equal(counts[HVABI_NS_CPUID], 6 * 4);
	/* 0x48 (SPEC_CTRL), 0x4b564d00 and 0xc0010015 (HWCR) are vCPU state. */
	assert_int_equal(counts[HVABI_NS_MSR], 1);
	assert_int_equal(hvabi_featureset_count(fs), 6 * 4 + 1);
	/* "AuthenticAMD": EBX, EDX, ECX of leaf 0. */
	assert_int_equal(value_of(fs, hvabi_key_cpuid(0, 0, HVABI_CPUID_EBX)),
			 0x68747541);
	assert_int_equal(value_of(fs, hvabi_key_cpuid(0, 0, HVABI_CPUID_EDX)),
			 0x69746e65);
	assert_int_equal(value_of(fs, hvabi_key_cpuid(0, 0, HVABI_CPUID_ECX)),
			 0x444d4163);
	/* A leaf with a significant index keeps its subleaf. */
	assert_int_equal(value_of(fs, hvabi_key_cpuid(0xd, 1, HVABI_CPUID_EBX)), 0x240);
	assert_false(has(fs, hvabi_key_cpuid(0xd, 0, HVABI_CPUID_EBX)));
	/* Leaf 1 ECX is a catalogued feature register. */
	k = hvabi_key_cpuid(1, 0, HVABI_CPUID_ECX);
	assert_int_equal(hvabi_featureset_find(fs, &k, &e), 0);
	assert_int_equal(e.kind, HVABI_KIND_CPUID);
	assert_int_equal(e.width, 4);
	assert_int_equal(e.value, 0xf7fa3203);
	/* MSR_IA32_UCODE_REV, 64 digits into an 8-byte entry. */
	k = hvabi_key_msr(0x8b);
	assert_int_equal(hvabi_featureset_find(fs, &k, &e), 0);
	assert_int_equal(e.width, 8);
	assert_int_equal(e.value, 0x1000065);
	check_round_trip(fs);
	hvabi_featureset_free(fs);
}

/* ---- the shared corpus ---- */

/*
 * Entries per namespace of each fingerprint: registers and CPUID as the
 * dump lists them; MSRs the feature MSRs among the dump's (UCODE_REV,
 * ARCH_CAPABILITIES on Intel, DE_CFG on AMD), the rest being vCPU state.
 */
static const struct {
	const char *name;
	size_t reg, cpuid, msr;
} corpus[] = {
	{ "AMD_GENOA_5.10", 0, 260, 2 },
	{ "AMD_GENOA_6.1", 0, 260, 2 },
	{ "AMD_GENOA_6.18", 0, 272, 2 },
	{ "AMD_MILAN_5.10", 0, 244, 2 },
	{ "AMD_MILAN_6.1", 0, 244, 2 },
	{ "AMD_MILAN_6.18", 0, 256, 2 },
	{ "ARM_NEOVERSE_N1_5.10", 70, 0, 0 },
	{ "ARM_NEOVERSE_N1_6.1", 72, 0, 0 },
	{ "ARM_NEOVERSE_N1_6.18", 84, 0, 0 },
	{ "ARM_NEOVERSE_V1_5.10", 70, 0, 0 },
	{ "ARM_NEOVERSE_V1_6.1", 72, 0, 0 },
	{ "ARM_NEOVERSE_V1_6.18", 84, 0, 0 },
	{ "ARM_NEOVERSE_V2_5.10", 70, 0, 0 },
	{ "ARM_NEOVERSE_V2_6.1", 72, 0, 0 },
	{ "ARM_NEOVERSE_V2_6.18", 84, 0, 0 },
	{ "INTEL_CASCADELAKE_5.10", 0, 188, 3 },
	{ "INTEL_CASCADELAKE_6.1", 0, 188, 3 },
	{ "INTEL_CASCADELAKE_6.18", 0, 188, 3 },
	{ "INTEL_GRANITE_RAPIDS_5.10", 0, 224, 3 },
	{ "INTEL_GRANITE_RAPIDS_6.1", 0, 240, 3 },
	{ "INTEL_GRANITE_RAPIDS_6.18", 0, 268, 3 },
	{ "INTEL_ICELAKE_5.10", 0, 204, 3 },
	{ "INTEL_ICELAKE_6.1", 0, 208, 3 },
	{ "INTEL_ICELAKE_6.18", 0, 208, 3 },
	{ "INTEL_SAPPHIRE_RAPIDS_5.10", 0, 224, 3 },
	{ "INTEL_SAPPHIRE_RAPIDS_6.1", 0, 240, 3 },
	{ "INTEL_SAPPHIRE_RAPIDS_6.18", 0, 252, 3 },
};

/* Occurrences of @needle in @text (the dump's own count of modifiers). */
static size_t occurrences(const char *text, const char *needle)
{
	size_t n = 0;

	for (; (text = strstr(text, needle)); text++)
		n++;
	return n;
}

/*
 * The registers or MSRs of a dump that are vCPU state. On x86 every MSR a
 * dump lists is either catalogued or state; on arm64 a register may be
 * neither (PMCR_EL0, kept as an entry that must be equal).
 */
static size_t state_entries(const char *text, bool arm)
{
	enum hvabi_arch arch = arm ? HVABI_ARCH_ARM64 : HVABI_ARCH_X86_64;
	const char *p = text;
	size_t n = 0;

	while ((p = strstr(p, "\"addr\"")) != NULL) {
		unsigned long long a = 0;
		struct hvabi_key k;

		p += 6;
		assert_int_equal(sscanf(p, " : \"%llx\"", &a) == 1 ||
					 sscanf(p, ": \"%llx\"", &a) == 1, 1);
		k = arm ? hvabi_key_reg(a) : hvabi_key_msr((uint32_t)a);
		if (hvabi_cat_state_reason(arch, &k))
			n++;
		else if (!arm && !hvabi_cat_find(arch, &k))
			fail_msg("MSR 0x%llx is neither catalogued nor vCPU state", a);
	}
	return n;
}

/* Import one corpus file and check it against its name, its text and the table. */
static void check_corpus_file(const char *dir, const char *file, unsigned int *matched)
{
	static const char prefix[] = "fingerprint_", suffix[] = "host.json";
	size_t counts[6], len = 0, l = strlen(file);
	struct hvabi_featureset *fs;
	unsigned int major, minor, i;
	char path[4096], name[64];
	const char *ver;
	bool arm;
	char *text;

	/* fingerprint_<CPU>_<major>.<minor>host.json */
	if (l <= strlen(prefix) + strlen(suffix) || l - strlen(suffix) >= sizeof(name) ||
	    strncmp(file, prefix, strlen(prefix)) ||
	    strcmp(file + l - strlen(suffix), suffix))
		fail_msg("unexpected file %s in the corpus", file);
	memcpy(name, file + strlen(prefix), l - strlen(prefix) - strlen(suffix));
	name[l - strlen(prefix) - strlen(suffix)] = '\0';
	ver = strrchr(name, '_');
	if (!ver || sscanf(ver + 1, "%u.%u", &major, &minor) != 2) {
		fail_msg("no kernel version in %s", file);
		return;
	}
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	text = test_read_file(path, &len);
	assert_non_null(text);
	fs = import_path(path);
	arm = !strncmp(name, "ARM_", 4);
	assert_int_equal(hvabi_featureset_get_arch(fs),
			 arm ? HVABI_ARCH_ARM64 : HVABI_ARCH_X86_64);
	assert_int_equal(
		hvabi_kernel_version_parse(hvabi_featureset_get_kernel_release(fs)),
		HVABI_KERNEL_VERSION(major, minor));
	check_entries(fs, counts);
	/*
	 * One entry per modifier: registers and MSRs by "addr", CPUID by
	 * "register"; the vCPU state (core, debug, timer and EL1 system
	 * registers, the MSRs of KVM's save list) is left out.
	 */
	assert_int_equal(counts[arm ? HVABI_NS_ONE_REG : HVABI_NS_MSR] + state_entries(text, arm),
			 occurrences(text, "\"addr\""));
	assert_int_equal(counts[HVABI_NS_CPUID], occurrences(text, "\"register\""));
	assert_int_equal(counts[HVABI_NS_ATTR] + counts[HVABI_NS_CAP], 0);
	for (i = 0; i < HVABI_ARRAY_SIZE(corpus); i++) {
		if (strcmp(corpus[i].name, name))
			continue;
		assert_int_equal(counts[HVABI_NS_ONE_REG], corpus[i].reg);
		assert_int_equal(counts[HVABI_NS_CPUID], corpus[i].cpuid);
		assert_int_equal(counts[HVABI_NS_MSR], corpus[i].msr);
		(*matched)++;
	}
	/* Every AMD host says "AuthenticAMD", every Intel one "GenuineIntel". */
	if (!strncmp(name, "AMD_", 4))
		assert_int_equal(value_of(fs, hvabi_key_cpuid(0, 0, HVABI_CPUID_EBX)),
				 0x68747541);
	else if (!arm)
		assert_int_equal(value_of(fs, hvabi_key_cpuid(0, 0, HVABI_CPUID_EBX)),
				 0x756e6547);
	check_round_trip(fs);
	hvabi_featureset_free(fs);
	free(text);
}

static void test_import_corpus(void **state)
{
	const char *dir = test_corpus_path(".");
	unsigned int seen = 0, matched = 0;
	struct dirent *de;
	DIR *d;

	(void)state;
	if (!dir || !(d = opendir(dir))) {
		skip();
		return;
	}
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);

		if (l < 5 || strcmp(de->d_name + l - 5, ".json"))
			continue;
		check_corpus_file(dir, de->d_name, &matched);
		seen++;
	}
	closedir(d);
	assert_true(seen >= HVABI_ARRAY_SIZE(corpus));
	assert_int_equal(matched, HVABI_ARRAY_SIZE(corpus));
}

static const char *const v1_kernels[] = { "5.10", "6.1", "6.18" };

/* The Neoverse V1 profiles (5.10, 6.1, 6.18); false when the corpus is absent. */
static bool import_v1(struct hvabi_featureset *v1[3])
{
	char name[96];
	unsigned int i;

	for (i = 0; i < 3; i++) {
		snprintf(name, sizeof(name), "fingerprint_ARM_NEOVERSE_V1_%shost.json",
			 v1_kernels[i]);
		v1[i] = import_shared(name);
		if (!v1[i]) {
			while (i--)
				hvabi_featureset_free(v1[i]);
			return false;
		}
	}
	return true;
}

/* The firmware registers across three kernels, as the peers survey lists them. */
static void test_import_neoverse_v1_firmware(void **state)
{
	static const uint64_t psci[3] = { 0x10000, 0x10001, 0x10003 };
	struct hvabi_featureset *v1[3];
	unsigned int i;

	(void)state;
	if (!import_v1(v1)) {
		skip();
		return;
	}
	for (i = 0; i < 3; i++) {
		assert_int_equal(value_of(v1[i], hvabi_key_reg(PSCI_VERSION)), psci[i]);
		assert_int_equal(value_of(v1[i], hvabi_key_reg(WA1)), 2);
		assert_int_equal(value_of(v1[i], hvabi_key_reg(WA2)), 0);
		assert_int_equal(value_of(v1[i], hvabi_key_reg(WA3)), 1);
	}
	/* The hypercall bitmaps arrived in 5.19, VENDOR_HYP_BMAP_2 in 6.16. */
	assert_false(has(v1[0], hvabi_key_reg(STD_BMAP)));
	assert_int_equal(value_of(v1[1], hvabi_key_reg(STD_BMAP)), 1);
	assert_int_equal(value_of(v1[2], hvabi_key_reg(STD_BMAP)), 1);
	assert_int_equal(value_of(v1[1], hvabi_key_reg(VENDOR_HYP_BMAP)), 3);
	assert_false(has(v1[0], hvabi_key_reg(VENDOR_HYP_BMAP_2)));
	assert_false(has(v1[1], hvabi_key_reg(VENDOR_HYP_BMAP_2)));
	assert_int_equal(value_of(v1[2], hvabi_key_reg(VENDOR_HYP_BMAP_2)), 0);
	for (i = 0; i < 3; i++)
		hvabi_featureset_free(v1[i]);
}

/* The report item of @key with @reason, or fail. */
static void expect_item(const struct hvabi_report *rep, uint64_t reg,
			enum hvabi_reason reason, struct hvabi_report_item *ret)
{
	struct hvabi_report_item it;
	size_t i;

	for (i = 0; i < hvabi_report_count(rep); i++) {
		assert_int_equal(hvabi_report_get_item(rep, i, &it, sizeof(it)), 0);
		if (it.key.ns == HVABI_NS_ONE_REG && it.key.id == reg &&
		    it.reason == reason) {
			*ret = it;
			return;
		}
	}
	fail_msg("no %s item for reg:0x%016llx", hvabi_reason_name(reason),
		 (unsigned long long)reg);
}

/*
 * Imported profiles carry values only: baseline and check judge PSCI by
 * the catalogue's history for each kernel release, bitmaps as the host's
 * offer, and everything the catalogue does not know as EXACT.
 */
static void test_import_neoverse_v1_baseline(void **state)
{
	struct hvabi_featureset *v1[3], *base = NULL;
	struct hvabi_report *rep = NULL;
	struct hvabi_report_item it;
	unsigned int i;
	size_t k;

	(void)state;
	if (!import_v1(v1)) {
		skip();
		return;
	}
	/*
	 * The baseline blocks (returns 0) only on guest ABI: the vCPU state a
	 * dump lists (5.10's ~75 PMU and debug registers with KVM's reset
	 * garbage, the core and timer registers) is left out at import, and
	 * the cache description (CLIDR_EL1, the CCSIDRs 6.18 makes up) is
	 * writable from 6.3 on, so 6.18 takes 5.10's. What blocks is ID
	 * register fields that differ (ID_AA64PFR0_EL1 GIC, ID_AA64DFR0_EL1
	 * PMSVer, CCIDX, ...) with no writable mask in a dump to lower them,
	 * and PMCR_EL0, which only 5.10's dump lists: none a firmware
	 * register, none state, none the cache description.
	 */
	assert_int_equal(baseline_verdict((const struct hvabi_featureset *const *)v1, 3, 0,
					&base, &rep),
			 0);
	assert_non_null(base);
	for (k = 0; k < hvabi_report_count(rep); k++) {
		uint64_t id;

		assert_int_equal(hvabi_report_get_item(rep, k, &it, sizeof(it)), 0);
		if (it.severity < HVABI_SEVERITY_BLOCK)
			continue;
		id = it.key.id;
		assert_true(it.reason == HVABI_REASON_DROPPED ||
			    it.reason == HVABI_REASON_CONFLICT);
		assert_false(has(base, it.key));
		assert_null(hvabi_cat_state_reason(HVABI_ARCH_ARM64, &it.key));
		/* A feature-ID register (op0 3, op1 0, CRn 0), or PMCR_EL0. */
		assert_true((id & 0xffffffffffffc780ull) == 0x603000000013c000ull ||
			    id == 0x603000000013dce0ull);
	}
	assert_int_equal(hvabi_report_count_severity(rep, HVABI_SEVERITY_BLOCK), 6);
	/* PSCI at the lowest version every kernel accepts (5.10 runs 1.0). */
	expect_item(rep, PSCI_VERSION, HVABI_REASON_LOWERED, &it);
	assert_int_equal(value_of(base, hvabi_key_reg(PSCI_VERSION)), 0x10000);
	/* The bitmaps 5.10 lacks are kept at what a kernel without them offers. */
	expect_item(rep, STD_BMAP, HVABI_REASON_IMPLIED, &it);
	assert_int_equal(value_of(base, hvabi_key_reg(STD_BMAP)), 0);
	assert_int_equal(value_of(base, hvabi_key_reg(VENDOR_HYP_BMAP)), 0);
	expect_item(rep, VENDOR_HYP_BMAP_2, HVABI_REASON_IMPLIED, &it);
	assert_int_equal(value_of(base, hvabi_key_reg(VENDOR_HYP_BMAP_2)), 0);
	/* The workaround levels, equal everywhere, cannot be pinned. */
	expect_item(rep, WA1, HVABI_REASON_NOT_PINNABLE, &it);
	assert_int_equal(value_of(base, hvabi_key_reg(WA1)), 2);
	/* No PMU event counter: 6.1 and 6.18 do not list them. */
	assert_false(has(base, hvabi_key_reg(0x603000000013df40ull)));
	assert_int_equal(hvabi_featureset_get_origin(base), HVABI_ORIGIN_COMPUTED);

	/*
	 * A baseline that could not pin everything is no set to move a VM on:
	 * check refuses it on every host, and only for entries the baseline
	 * itself blocked (the guest would see each host's own value there).
	 * Before this was held, check said "compatible, 1 warning" for all
	 * three while the guest saw ID_AA64PFR0_EL1.GIC change.
	 */
	for (i = 0; i < 3; i++) {
		struct hvabi_report *crep = NULL;

		assert_int_equal(check_verdict(base, v1[i], 0, &crep), 0);
		assert_int_equal(check_verdict(base, v1[i], 0, NULL), 0);
		assert_true(hvabi_report_count_severity(crep, HVABI_SEVERITY_BLOCK) > 0);
		for (k = 0; k < hvabi_report_count(crep); k++) {
			struct hvabi_report_item bi;
			size_t m;
			bool found = false;

			assert_int_equal(hvabi_report_get_item(crep, k, &it, sizeof(it)), 0);
			if (it.severity != HVABI_SEVERITY_BLOCK)
				continue;
			assert_int_equal(it.reason, HVABI_REASON_MISSING_ON_SOURCE);
			for (m = 0; m < hvabi_report_count(rep) && !found; m++) {
				assert_int_equal(hvabi_report_get_item(rep, m, &bi, sizeof(bi)), 0);
				found = bi.severity == HVABI_SEVERITY_BLOCK &&
					!hvabi_key_compare(&bi.key, &it.key);
			}
			assert_true(found);
		}
		hvabi_report_free(crep);
	}
	hvabi_report_free(rep);

	/*
	 * Rollback of a VM started on 6.18 to 6.1: refused. PSCI 1.3 is beyond
	 * what 6.1 accepts by the catalogue's history (1.1 at most); the
	 * fingerprint has no range of its own. Other items block too (the
	 * CCSIDR values and entries 6.18 adds, ID register fields without a
	 * writable mask), each with its own reason.
	 */
	rep = NULL;
	assert_int_equal(check_verdict(v1[2], v1[1], 0, &rep), 0);
	expect_item(rep, PSCI_VERSION, HVABI_REASON_BEYOND_DEST, &it);
	assert_int_equal(it.severity, HVABI_SEVERITY_BLOCK);
	assert_int_equal(it.source, 0x10003);
	assert_int_equal(it.destination, 0x10001);
	hvabi_report_free(rep);
	hvabi_featureset_free(base);
	for (i = 0; i < 3; i++)
		hvabi_featureset_free(v1[i]);
}

/* ---- refused input ---- */

/*
 * Import @text; expect @code at @line:@column, a message holding @words,
 * *ret untouched and the offset consistent with the line and column.
 */
static void refused(const char *text, int code, unsigned int line, unsigned int column,
		    const char *words)
{
	struct hvabi_featureset *fs = (void *)0x1;
	struct hvabi_error err;

	memset(&err, 0, sizeof(err));
	assert_int_equal(import_exact(text, strlen(text), &fs, &err), code);
	assert_ptr_equal(fs, (void *)0x1);
	assert_int_equal(err.code, code);
	if (!strstr(err.message, words))
		fail_msg("message \"%s\" lacks \"%s\"", err.message, words);
	if (err.line != line || err.column != column)
		fail_msg("error at %u:%u, expected %u:%u: %s", err.line, err.column, line,
			 column, err.message);
	assert_true(err.offset <= strlen(text));
}

/* "0b" and @digits binary digits of @value (the digits past 64 are 0). */
static const char *bits(char *buf, unsigned int digits, uint64_t value)
{
	unsigned int i;

	buf[0] = '0';
	buf[1] = 'b';
	for (i = 0; i < digits; i++) {
		unsigned int bit = digits - 1 - i;

		buf[2 + i] = bit < 64 && (value >> bit & 1) ? '1' : '0';
	}
	buf[2 + digits] = '\0';
	return buf;
}

/*
 * An arm64 fingerprint whose register modifiers are @mods (lines 5 on):
 * each modifier line reads
 *	      {"addr": "0x6030000000140000", "bitmap": "0b..."}
 * with the addr's value at column 16 and the bitmap's at column 48.
 */
static char *arm_doc(const char *mods)
{
	static const char head[] = "{\n"
				   "  \"kernel_version\": \"6.1.0-31-arm64\",\n"
				   "  \"guest_cpu_config\": {\n"
				   "    \"reg_modifiers\": [\n";
	static const char tail[] = "\n    ]\n  }\n}";
	size_t len = strlen(head) + strlen(mods) + strlen(tail) + 1;
	char *doc = malloc(len);

	assert_non_null(doc);
	snprintf(doc, len, "%s%s%s", head, mods, tail);
	return doc;
}

/* One modifier line of arm_doc(). */
static char *mod_line(const char *addr, const char *bitmap)
{
	size_t len = strlen(addr) + strlen(bitmap) + 64;
	char *l = malloc(len);

	assert_non_null(l);
	snprintf(l, len, "      {\"addr\": \"%s\", \"bitmap\": \"%s\"}", addr, bitmap);
	return l;
}

static void arm_refused(const char *mods, unsigned int line, unsigned int column,
			const char *words)
{
	char *doc = arm_doc(mods);

	refused(doc, -EBADMSG, line, column, words);
	free(doc);
}

/* A document of one modifier line (line 5) refused at @column. */
static void mod_refused(const char *addr, const char *bitmap, unsigned int column,
			const char *words)
{
	char *l = mod_line(addr, bitmap);

	arm_refused(l, 5, column, words);
	free(l);
}

static void test_import_refused_arm64(void **state)
{
	char b[200], b2[200], mods[1024], *l1, *l2, *l3, *doc;
	struct hvabi_featureset *fs = NULL;
	size_t len;

	(void)state;
	/* A well-formed document first: the cases below differ from it in one place. */
	l1 = mod_line("0x6030000000140000", bits(b, 128, 0x10001));
	doc = arm_doc(l1);
	assert_int_equal(import_exact(doc, strlen(doc), &fs, NULL), 0);
	assert_int_equal(value_of(fs, hvabi_key_reg(PSCI_VERSION)), 0x10001);
	hvabi_featureset_free(fs);
	/* The register's own width is read as well as Firecracker's 128 digits. */
	free(l1);
	l1 = mod_line("0x6030000000140000", bits(b, 64, 0x10001));
	free(doc);
	doc = arm_doc(l1);
	assert_int_equal(import_exact(doc, strlen(doc), &fs, NULL), 0);
	hvabi_featureset_free(fs);

	/* Truncated: inside the bitmap, and before the last brace. */
	len = strstr(doc, "0b") - doc + 10;
	doc[len] = '\0';
	refused(doc, -EBADMSG, 5, 48, "unterminated string");
	free(doc);
	doc = arm_doc(l1);
	doc[strlen(doc) - 1] = '\0';
	refused(doc, -EBADMSG, 8, 1, "expected ',' or '}' after a member");
	free(doc);
	free(l1);

	/* Bitmap widths: neither 128 nor the register's; bits above the register. */
	mod_refused(
		"0x6030000000140000", bits(b, 100, 1), 48,
		"has 100 digits, not 128 (as Firecracker writes every arm64 register) "
		"or the register's 64");
	mod_refused("0x6040000000100054", bits(b, 64, 1), 48, "has 64 digits, not 128");
	mod_refused("0x6020000000110000", bits(b, 128, 1ull << 40), 48,
		    "sets bit 40, beyond the register's 32 bits");
	mod_refused("0x6080000000150000", bits(b, 128, 0), 16,
		    "is 2048 bits wide, more than a Firecracker bitmap holds (128)");
	/* Don't-care bits belong to templates; other characters to nothing. */
	bits(b, 128, 0);
	b[20] = 'x';
	mod_refused("0x6030000000140000", b, 48, "\"x\" (leave as it is) bits");
	b[20] = '_';
	mod_refused("0x6030000000140000", b, 48, "has '_' where a binary digit belongs");
	mod_refused("0x6030000000140000", "0x10001", 48,
		    "is not \"0b\" and binary digits");
	/* Addresses. */
	bits(b, 128, 0);
	mod_refused("0x60300000001400zz", b, 16,
		    "addr \"0x60300000001400zz\" is not a hex number");
	mod_refused("6030000000140000", b, 16, "is not a hex number");
	mod_refused("0x", b, 16, "is not a hex number");
	mod_refused("", b, 16, "is not a hex number");
	mod_refused("0x16030000000140000", b, 16, "does not fit 64 bits");
	mod_refused("0x200", b, 16, "addr 0x200 is not an arm64 KVM register id");
	/* A non-string bitmap or addr. */
	arm_refused("      {\"addr\": \"0x6030000000140000\", \"bitmap\": 65537}", 5, 48,
		    "member \"bitmap\" must be a string, not a number");
	arm_refused("      {\"addr\": 6030000000140000, \"bitmap\": \"0b0\"}", 5, 16,
		    "member \"addr\" must be a string, not a number");
	/* Strict inside a modifier: missing, unknown and repeated members. */
	arm_refused("      {\"addr\": \"0x6030000000140000\"}", 5, 7,
		    "a register modifier needs member \"bitmap\"");
	arm_refused("      {\"addr\": \"0x6030000000140000\", \"value\": \"0b1\"}", 5, 38,
		    "unknown member \"value\" in a register modifier");
	arm_refused("      {\"addr\": \"0x6030000000140000\", \"addr\": \"0x1\"}", 5, 38,
		    "duplicate member \"addr\" in a register modifier");
	arm_refused("      [\"0x6030000000140000\"]", 5, 7,
		    "a register modifier must be an object, not an array");

	/* The same register twice: next to each other, and found by sorting. */
	l1 = mod_line("0x6030000000140000", bits(b, 128, 0x10001));
	l2 = mod_line("0x6030000000140000", bits(b2, 128, 0x10003));
	snprintf(mods, sizeof(mods), "%s,\n%s", l1, l2);
	arm_refused(
		mods, 6, 16,
		"reg:0x6030000000140000 (PSCI_VERSION) is listed twice, on lines 5 and 6");
	l3 = mod_line("0x6030000000100000", bits(b2, 128, 0));
	snprintf(mods, sizeof(mods), "%s,\n%s,\n%s", l1, l3, l2);
	arm_refused(
		mods, 7, 16,
		"reg:0x6030000000140000 (PSCI_VERSION) is listed twice, on lines 5 and 7");
	free(l1);
	free(l2);
	free(l3);
}

/* Whole documents: the top level, guest_cpu_config, the release. */
static void test_import_refused_document(void **state)
{
	struct hvabi_featureset *fs = NULL;
	struct hvabi_error err;
	char doc[512];

	(void)state;
	/* Both architectures' lists, and neither. */
	refused("{\"kernel_version\": \"6.1\", \"guest_cpu_config\": {\n"
		"  \"reg_modifiers\": [],\n"
		"  \"msr_modifiers\": []}}",
		-EBADMSG, 3, 3,
		"guest_cpu_config has both \"reg_modifiers\" (arm64) and \"msr_modifiers\" "
		"(x86_64)");
	refused("{\"kernel_version\": \"6.1\",\n"
		" \"guest_cpu_config\": {\"kvm_capabilities\": [], \"vcpu_features\": []}}",
		-EBADMSG, 2, 22, "has neither \"reg_modifiers\" (arm64) nor");
	refused("{\"kernel_version\": \"6.1\", \"guest_cpu_config\": {}}", -EBADMSG, 1,
		47, "has neither");
	/* Strict inside guest_cpu_config; its ignored members are still typed. */
	refused("{\"kernel_version\": \"6.1\", \"guest_cpu_config\": {\"vcpu_reg_modifiers_v2\": []}}",
		-EBADMSG, 1, 48,
		"unknown member \"vcpu_reg_modifie...\" in guest_cpu_config");
	refused("{\"kernel_version\": \"6.1\", \"guest_cpu_config\": {\"kvm_capabilities\": {}}}",
		-EBADMSG, 1, 68,
		"member \"kvm_capabilities\" must be an array, not an object");
	refused("{\"kernel_version\": \"6.1\", \"guest_cpu_config\": []}", -EBADMSG, 1,
		47, "member \"guest_cpu_config\" must be an object, not an array");
	/* Required members, and known ones typed. */
	refused("{\"kernel_version\": \"6.1\"}", -EBADMSG, 1, 1,
		"a Firecracker fingerprint needs member \"guest_cpu_config\"");
	refused("{\"guest_cpu_config\": {\"reg_modifiers\": []}}", -EBADMSG, 1, 1,
		"needs member \"kernel_version\"");
	refused("{\"firecracker_version\": 1.16, \"kernel_version\": \"6.1\"}", -EBADMSG,
		1, 25, "member \"firecracker_version\" must be a string, not a number");
	refused("{\"kernel_version\": \"6.1\", \"kernel_version\": \"6.2\"}", -EBADMSG, 1,
		27, "duplicate member \"kernel_version\"");
	/* The release: at most 64 characters, printable, no spaces. */
	snprintf(
		doc, sizeof(doc),
		"{\"kernel_version\": \"6.1.%s\", \"guest_cpu_config\": {\"reg_modifiers\": []}}",
		"0123456789012345678901234567890123456789012345678901234567890");
	refused(doc, -EBADMSG, 1, 20,
		"kernel release \"6.1.012345678901234567890123456789012345...\" is not at "
		"most 64 printable ASCII characters without spaces");
	refused("{\"kernel_version\": \"6.1 (custom)\", \"guest_cpu_config\": {}}",
		-EBADMSG, 1, 20, "is not at most 64 printable ASCII characters");
	refused("{\"kernel_version\": \"6.1\\u00e9\", \"guest_cpu_config\": {}}",
		-EBADMSG, 1, 20, "kernel release \"6.1??\" is not");
	/* Malformed JSON, anywhere. */
	refused("{\"kernel_version\": \"6.1\", \"guest_cpu_config\": {\"reg_modifiers\": []}} x",
		-EBADMSG, 1, 70, "trailing characters after the document");
	refused("", -EBADMSG, 1, 1,
		"a Firecracker fingerprint must be an object, not the end");
	refused("{\"kernel_version\": \"6\xc0\x80\"}", -EBADMSG, 1, 22, "invalid UTF-8");
	refused("{\"x\": [[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]}", -EBADMSG, 1, 23,
		"nesting deeper than the format has");

	/*
	 * Lenient at the top level: members Firecracker may add are skipped,
	 * whatever they hold (any JSON, syntax checked).
	 */
	memset(&err, 0, sizeof(err));
	snprintf(
		doc, sizeof(doc),
		"{\"kernel_version\": \"6.1.0-31-arm64\", \"host\": {\"numa\": [1.5e3, -2, "
		"true, null, {\"a\": \"\\u263a\"}]},\n"
		" \"guest_cpu_config\": {\"kvm_capabilities\": [\"171\", \"!172\"],\n"
		"  \"vcpu_features\": [{\"index\": 0, \"bitmap\": \"0b1100000\"}],\n"
		"  \"reg_modifiers\": []}, \"bios_version\": \"1.0\"}");
	assert_int_equal(import_exact(doc, strlen(doc), &fs, &err), 0);
	assert_int_equal(hvabi_featureset_get_arch(fs), HVABI_ARCH_ARM64);
	assert_int_equal(hvabi_featureset_count(fs), 0);
	assert_string_equal(hvabi_featureset_get_kernel_release(fs), "6.1.0-31-arm64");
	hvabi_featureset_free(fs);
	refused("{\"host\": [1.], \"kernel_version\": \"6.1\"}", -EBADMSG, 1, 11,
		"invalid number");

	/* Arguments. */
	assert_int_equal(hvabi_featureset_import_firecracker(NULL, 0, &fs, &err, sizeof(err)),
			 -EINVAL);
	assert_int_equal(err.code, -EINVAL);
	assert_int_equal(hvabi_featureset_import_firecracker("{}", 2, NULL, NULL, 0),
			 -EINVAL);
}

/*
 * An x86 fingerprint of the CPUID leaves @leaves (line 4 on) and one MSR
 * (line 6 when @leaves is one line).
 */
static char *x86_doc(const char *leaves, const char *msr_addr, const char *msr_bitmap)
{
	char *doc = malloc(4096);

	assert_non_null(doc);
	snprintf(doc, 4096,
		 "{\"kernel_version\": \"6.1.172\",\n"
		 " \"guest_cpu_config\": {\n"
		 "  \"cpuid_modifiers\": [\n"
		 "%s\n"
		 "  ],\n"
		 "  \"msr_modifiers\": [{\"addr\": \"%s\", \"bitmap\": \"%s\"}]}}",
		 leaves, msr_addr, msr_bitmap);
	return doc;
}

static void x86_refused(const char *leaves, const char *msr_addr, const char *msr_bitmap,
			unsigned int line, unsigned int column, const char *words)
{
	char *doc = x86_doc(leaves, msr_addr, msr_bitmap);

	refused(doc, -EBADMSG, line, column, words);
	free(doc);
}

/* A leaf line: {"leaf": "0x7", "subleaf": "0x0", "flags": 1, "modifiers": [...]}. */
#define LEAF(leaf, sub, flags, mods)                                               \
	"    {\"leaf\": \"" leaf "\", \"subleaf\": \"" sub "\", \"flags\": " flags \
	", \"modifiers\": [" mods "]}"
#define MOD(reg, bitmap) "{\"register\": \"" reg "\", \"bitmap\": \"" bitmap "\"}"
#define B32_AUTH "0b01101000011101000111010101000001"
#define B32_ONE "0b00000000000000000000000000000001"
#define B64_ONE "0b0000000000000000000000000000000000000000000000000000000000000001"

static void test_import_refused_x86(void **state)
{
	struct hvabi_featureset *fs = NULL;
	char *doc;

	(void)state;
	/* Well formed, with "modifiers" before the leaf it belongs to. */
	doc = x86_doc(
		"    {\"modifiers\": [" MOD(
			"ebx",
			B32_AUTH) "], \"flags\": 0, "
				  "\"subleaf\": \"0x0\", \"leaf\": \"0x0\"},\n" LEAF(
					  "0x7", "0x1", "1",
					  MOD("eax", B32_ONE) ", " MOD("edx", B32_ONE)),
		"0x10A", B64_ONE);
	assert_int_equal(import_exact(doc, strlen(doc), &fs, NULL), 0);
	assert_int_equal(hvabi_featureset_get_arch(fs), HVABI_ARCH_X86_64);
	assert_int_equal(hvabi_featureset_count(fs), 4);
	assert_int_equal(value_of(fs, hvabi_key_cpuid(0, 0, HVABI_CPUID_EBX)),
			 0x68747541);
	assert_int_equal(value_of(fs, hvabi_key_cpuid(7, 1, HVABI_CPUID_EDX)), 1);
	assert_int_equal(value_of(fs, hvabi_key_msr(0x10a)), 1);
	hvabi_featureset_free(fs);
	free(doc);

	/* Bitmap widths: 32 digits for CPUID, 64 for an MSR. */
	x86_refused(
		LEAF("0x0", "0x0", "0", MOD("ebx", "0b1")), "0x10a", B64_ONE, 4, 95,
		"bitmap of cpuid:0x0:0x0:ebx (CPUID.0x0.0x0.ebx) has 1 digits, not 32");
	x86_refused(
		LEAF("0x0", "0x0", "0", MOD("ebx", B32_AUTH)), "0x10a", B32_ONE, 6, 49,
		"bitmap of msr:0x10a (MSR_IA32_ARCH_CAPABILITIES) has 32 digits, not 64");
	x86_refused(
		LEAF("0x0", "0x0", "0", MOD("ebx", "0b0000000000000000000000000000000x")),
		"0x10a", B64_ONE, 4, 95, "\"x\" (leave as it is) bits");
	/* Leaves, registers, flags. */
	x86_refused(LEAF("0x0", "0x0", "0", MOD("eex", B32_AUTH)), "0x10a", B64_ONE, 4,
		    78, "unknown register \"eex\" (eax, ebx, ecx or edx)");
	x86_refused(LEAF("0x100000000", "0x0", "0", ""), "0x10a", B64_ONE, 4, 14,
		    "leaf 0x100000000 does not fit 32 bits");
	x86_refused(LEAF("0x7", "0x1", "0", ""), "0x10a", B64_ONE, 4, 32,
		    "subleaf 0x1 of a leaf whose index is not significant (flags 0)");
	x86_refused(LEAF("0x7", "0x0", "2", ""), "0x10a", B64_ONE, 4, 48,
		    "flags 2 is not 0 or 1");
	x86_refused(LEAF("0x7", "0x0", "-1", ""), "0x10a", B64_ONE, 4, 48,
		    "member \"flags\" must not be negative");
	x86_refused("    {\"leaf\": \"0x7\", \"subleaf\": \"0x0\", \"modifiers\": []}",
		    "0x10a", B64_ONE, 4, 5, "a CPUID leaf needs member \"flags\"");
	x86_refused(
		"    {\"leaf\": \"0x7\", \"subleaf\": \"0x0\", \"flags\": 0, \"mods\": []}",
		"0x10a", B64_ONE, 4, 51, "unknown member \"mods\" in a CPUID leaf");
	/* MSR indexes are 32 bits. */
	x86_refused(LEAF("0x0", "0x0", "0", ""), "0x1ffffffff", B64_ONE, 6, 30,
		    "addr 0x1ffffffff does not fit 32 bits");
	/* The same register twice in a leaf; the same leaf twice. */
	x86_refused(
		LEAF("0x0", "0x0", "0", MOD("ebx", B32_AUTH) ", " MOD("ebx", B32_ONE)),
		"0x10a", B64_ONE, 4, 147,
		"cpuid:0x0:0x0:ebx (CPUID.0x0.0x0.ebx) is listed twice, on lines 4 and 4");
	x86_refused(
		LEAF("0x7", "0x0", "1", MOD("ebx", B32_ONE)) ",\n" LEAF(
			"0x1", "0x0", "0",
			MOD("eax", B32_ONE)) ",\n" LEAF("0x7", "0x0", "1",
							MOD("ebx", B32_ONE)),
		"0x10a", B64_ONE, 6, 78,
		"cpuid:0x7:0x0:ebx (CPUID.0x7.0x0.ebx) is listed twice, on lines 4 and 6");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_import_trimmed_arm64),
		cmocka_unit_test(test_import_trimmed_x86),
		cmocka_unit_test(test_import_corpus),
		cmocka_unit_test(test_import_neoverse_v1_firmware),
		cmocka_unit_test(test_import_neoverse_v1_baseline),
		cmocka_unit_test(test_import_refused_arm64),
		cmocka_unit_test(test_import_refused_document),
		cmocka_unit_test(test_import_refused_x86),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
