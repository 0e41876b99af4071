/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Import a Firecracker fingerprint: the JSON that `cpu-template-helper
 * fingerprint dump` writes (docs/formats.md, "Firecracker import").
 *
 * A fingerprint is a machine-written record of one host: the registers,
 * CPUID leaves and MSRs a Firecracker vCPU had there, as values. What
 * Firecracker may add around them (new top-level members) is skipped; what
 * describes the ABI itself is read strictly, because an entry read wrongly
 * or dropped silently would make a check pass that must not.
 *
 * Entries get their kind, scope and width from the catalogue and carry no
 * host facts (no max, min or mask): the rules then judge VERSION entries by
 * the catalogue's history for the kernel release, and take a value as the
 * host's offer otherwise.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "catalog-internal.h"
#include "codec-json-read.h"
#include "kvm-uapi.h"

/* Firecracker holds every arm64 register value as a u128 and writes all 128 bits. */
#define FC_ARM64_DIGITS 128u
/* "0b" and the widest bitmap; one more byte tells a longer one. */
#define FC_BITMAP_MAX (2 + FC_ARM64_DIGITS + 1)
/* "0x" and 16 digits, and room to quote a longer one. */
#define FC_HEX_MAX 40
/* Containers inside the members skipped unread (unknown ones, capabilities, features). */
#define FC_SKIP_LEVELS 16

struct fc {
	struct hvabi_jr r;
	struct hvabi_jr_set set;
	/* Decided by the first modifier list met, and the member that did. */
	enum hvabi_arch arch;
	const char *arch_member;
	char release[HVABI_RELEASE_MAX + 1];
};

/*
 * The three kinds of modifier: {"addr", "bitmap"} for an arm64 register
 * or an MSR, {"register", "bitmap"} for a CPUID output register.
 */
struct fc_kind {
	const char *what;                    /* the object, for messages */
	const struct hvabi_jr_name *members; /* the key member, then "bitmap" */
	unsigned int addr_bits; /* the key member's hex width; 0: a register name */
};

static const struct hvabi_jr_name addr_members[2] = {
	HVABI_JR_NAME("addr"),
	HVABI_JR_NAME("bitmap"),
};

static const struct hvabi_jr_name register_members[2] = {
	HVABI_JR_NAME("register"),
	HVABI_JR_NAME("bitmap"),
};

static const struct fc_kind reg_kind = { "a register modifier", addr_members, 64 };
static const struct fc_kind msr_kind = { "an MSR modifier", addr_members, 32 };
static const struct fc_kind cpuid_kind = { "a CPUID register modifier", register_members,
					   0 };

/* One modifier as read: where its members are, its key and its bitmap text. */
struct fc_mod {
	const char *obj;
	const char *at[2];
	uint64_t id; /* addr, or enum hvabi_cpuid_reg */
	char bitmap[FC_BITMAP_MAX];
	size_t bitmap_len;
};

/* A key for messages: its canonical text, and the catalogue's name where it has one. */
static const char *fc_key_text(const struct hvabi_key *key, char *buf, size_t len)
{
	enum hvabi_arch arch =
		key->ns == HVABI_NS_ONE_REG ? HVABI_ARCH_ARM64 : HVABI_ARCH_X86_64;
	struct hvabi_catalog_info info;
	int n = hvabi_key_format(key, buf, len);

	if (n > 0 && (size_t)n < len && !hvabi_catalog_lookup(arch, key, &info, sizeof(info)))
		snprintf(buf + n, len - (size_t)n, " (%s)", info.name);
	return buf;
}

/* The set builder's report of a key given twice. */
static int fc_dup(struct hvabi_jr *jr, const struct hvabi_key *key, size_t first,
		  size_t again)
{
	char kt[96];

	return hvabi_jr_fail(jr, jr->start + again, -EBADMSG,
			     "%s is listed twice, on lines %u and %u",
			     fc_key_text(key, kt, sizeof(kt)), hvabi_jr_line(jr, first),
			     hvabi_jr_line(jr, again));
}

/*
 * A number as Firecracker writes addresses, leaves and subleaves: "0x"
 * and hex digits (its reader takes either case and leading zeros; so does
 * this one), of at most @bits bits.
 */
static int fc_hex(struct hvabi_jr *jr, const char *member, unsigned int bits,
		  uint64_t *ret)
{
	const char *at = jr->p;
	char s[FC_HEX_MAX], q[HVABI_JR_SHOWN];
	bool big = false;
	uint64_t v = 0;
	size_t len, i = 0;
	int r, d = 0;

	r = hvabi_jr_str_value(jr, member, s, sizeof(s), &len);
	if (r)
		return r;
	if (len > 2 && s[0] == '0' && s[1] == 'x') {
		for (i = 2; i < len && i < sizeof(s); i++) {
			d = hvabi_jr_hex_digit((unsigned char)s[i]);
			if (d < 0)
				break;
			big |= v >> 60 != 0;
			v = v << 4 | (unsigned int)d;
		}
	}
	/* Stopped early: no "0x", no digit, or something else than one. */
	if (!len || (i < len && i < sizeof(s)))
		return hvabi_jr_fail(
			jr, at, -EBADMSG,
			"%s \"%s\" is not a hex number (\"0x\" and hex digits)", member,
			hvabi_jr_shown(s, len, sizeof(s), q));
	if (big || len > sizeof(s) || (bits < 64 && v >> bits))
		return hvabi_jr_fail(jr, at, -EBADMSG, "%s %s does not fit %u bits",
				     member, hvabi_jr_shown(s, len, sizeof(s), q), bits);
	*ret = v;
	return 0;
}

/* One modifier object of @kind, read but not yet checked against its register. */
static int fc_modifier(struct hvabi_jr *jr, const struct fc_kind *kind, struct fc_mod *m)
{
	unsigned int seen = 0;
	int id, r, reg;

	m->obj = jr->p;
	for (r = hvabi_jr_open(jr, '{', NULL, kind->what); r > 0;
	     r = hvabi_jr_next(jr, '}')) {
		r = hvabi_jr_member_id(jr, kind->members, 2, &seen, kind->what, false,
				       &id);
		if (r)
			return r;
		m->at[id] = jr->p;
		if (id == 1) {
			r = hvabi_jr_str_value(jr, "bitmap", m->bitmap, sizeof(m->bitmap),
					       &m->bitmap_len);
		} else if (kind->addr_bits) {
			r = fc_hex(jr, "addr", kind->addr_bits, &m->id);
		} else {
			r = hvabi_jr_enum(jr, "register", hvabi_jr_cpuid_regs,
					  HVABI_ARRAY_SIZE(hvabi_jr_cpuid_regs),
					  "eax, ebx, ecx or edx", &reg);
			m->id = (uint64_t)reg;
		}
		if (r)
			return r;
	}
	return r ? r : hvabi_jr_required(jr, m->obj, kind->members, 3, seen, kind->what);
}

/*
 * The bitmap of @m as the value of @e, a register @bits wide that
 * Firecracker writes as @digits binary digits, or (arm64, @alt) as many
 * as the register has bits. Wide values go to @bytes (zeroed), which @e
 * then points to.
 */
static int fc_bitmap(struct hvabi_jr *jr, const struct fc_mod *m, struct hvabi_entry *e,
		     unsigned int bits, unsigned int digits, bool alt,
		     uint8_t bytes[FC_ARM64_DIGITS / 8])
{
	const char *s = m->bitmap, *at = m->at[1];
	char q[HVABI_JR_SHOWN], kt[96];
	size_t len = m->bitmap_len, n, i;

	if (len < 3 || s[0] != '0' || s[1] != 'b')
		return hvabi_jr_fail(jr, at, -EBADMSG,
				     "bitmap \"%s\" is not \"0b\" and binary digits",
				     hvabi_jr_shown(s, len, sizeof(m->bitmap), q));
	for (i = 2; i < len && i < sizeof(m->bitmap); i++) {
		if (s[i] == 'x')
			return hvabi_jr_fail(
				jr, at, -EBADMSG,
				"bitmap has \"x\" (leave as it is) bits, which a CPU template "
				"has; a fingerprint dump holds whole values");
		if (s[i] != '0' && s[i] != '1')
			return hvabi_jr_fail(
				jr, at, -EBADMSG,
				"bitmap \"%s\" has '%c' where a binary digit belongs",
				hvabi_jr_shown(s, len, sizeof(m->bitmap), q),
				s[i] >= 0x20 && s[i] < 0x7f ? s[i] : '?');
	}
	n = len - 2;
	fc_key_text(&e->key, kt, sizeof(kt));
	if (n != digits && !(alt && n == bits)) {
		if (alt)
			return hvabi_jr_fail(
				jr, at, -EBADMSG,
				"bitmap of %s has %zu digits, not %u (as Firecracker "
				"writes every arm64 register) or the register's %u",
				kt, n, digits, bits);
		return hvabi_jr_fail(jr, at, -EBADMSG,
				     "bitmap of %s has %zu digits, not %u", kt, n,
				     digits);
	}
	/* The last digit is bit 0. */
	for (i = 0; i < n; i++) {
		if (s[len - 1 - i] != '1')
			continue;
		if (i >= bits)
			return hvabi_jr_fail(
				jr, at, -EBADMSG,
				"bitmap of %s sets bit %zu, beyond the register's %u bits",
				kt, i, bits);
		bytes[i / 8] |= (uint8_t)(1u << (i % 8));
	}
	if (e->width > 8) {
		e->wide = bytes;
		return 0;
	}
	for (i = 0; i < e->width; i++)
		e->value |= (uint64_t)bytes[i] << (8 * i);
	return 0;
}

/* Check and store the entry of modifier @m, whose key is @key. */
static int fc_entry(struct fc *fc, const struct fc_kind *kind, const struct fc_mod *m,
		    const struct hvabi_key *key)
{
	uint8_t bytes[FC_ARM64_DIGITS / 8] = { 0 };
	struct hvabi_jr *jr = &fc->r;
	unsigned int bits, digits;
	struct hvabi_entry e;
	char why[160], kt[96];
	bool alt = false;
	int r;

	hvabi_entry_init(&e, fc->arch, key);
	bits = 8u * e.width;
	if (kind == &reg_kind) {
		bits = 8u * HVABI_KVM_REG_SIZE(key->id);
		digits = FC_ARM64_DIGITS;
		alt = true;
		if ((key->id & HVABI_KVM_REG_ARCH_MASK) != HVABI_KVM_REG_ARM64)
			return hvabi_jr_fail(jr, m->at[0], -EBADMSG,
					     "addr 0x%" PRIx64
					     " is not an arm64 KVM register id "
					     "(0x60... with its size in bits 52-55)",
					     key->id);
		if (bits > FC_ARM64_DIGITS)
			return hvabi_jr_fail(jr, m->at[0], -EBADMSG,
					     "register %s is %u bits wide, more than a "
					     "Firecracker bitmap holds (%u)",
					     fc_key_text(key, kt, sizeof(kt)), bits,
					     FC_ARM64_DIGITS);
		/* The bitmap is read into 16 bytes: the entry must not be wider. */
		if (8u * e.width != bits)
			return hvabi_jr_fail(
				jr, m->at[0], -EBADMSG,
				"the catalogue holds register %s as %u bytes, its id as %u bits",
				fc_key_text(key, kt, sizeof(kt)), e.width, bits);
	} else {
		digits = kind == &msr_kind ? 64 : 32;
	}
	r = fc_bitmap(jr, m, &e, bits, digits, alt, bytes);
	if (r)
		return r;
	if (hvabi_entry_check(&e, why, sizeof(why)))
		return hvabi_jr_fail(jr, m->obj, -EBADMSG, "entry %s: %s",
				     fc_key_text(key, kt, sizeof(kt)), why);
	return hvabi_jr_set_push(jr, &fc->set, &e, m->at[0]);
}

/*
 * A dump carries values, no facts; where the catalogue knows a register's
 * writability from the kernel version alone (CLIDR_EL1 and the CCSIDRs
 * since 6.3), the fingerprint's kernel has that writable mask.
 */
static void era_masks(struct hvabi_featureset *fs)
{
	uint32_t v = hvabi_kernel_version_parse(fs->release);
	size_t i;

	for (i = 0; v && i < fs->n; i++) {
		const struct hvabi_cat_entry *c = hvabi_cat_find(fs->arch, &fs->e[i].key);

		if (c && c->writable_since && v >= c->writable_since) {
			fs->e[i].flags |= HVABI_ENTRY_HAS_MASK;
			fs->e[i].mask = c->writable;
		}
	}
}

/* Remove the entries hvabi_cat_state_reason() calls vCPU state (removal cannot fail). */
static void drop_state(struct hvabi_featureset *fs)
{
	size_t i;

	for (i = fs->n; i-- > 0;)
		if (hvabi_cat_state_reason(fs->arch, &fs->e[i].key))
			hvabi_featureset_remove(fs, &fs->e[i].key);
}

/* The modifier list of @kind (at its '['): one entry per modifier. */
static int fc_modifiers(struct fc *fc, const struct fc_kind *kind, const char *member,
			uint32_t leaf, uint32_t subleaf)
{
	struct hvabi_jr *jr = &fc->r;
	struct hvabi_key key;
	struct fc_mod m;
	int r;

	for (r = hvabi_jr_open(jr, '[', member, NULL); r > 0;
	     r = hvabi_jr_next(jr, ']')) {
		memset(&m, 0, sizeof(m));
		r = fc_modifier(jr, kind, &m);
		if (r)
			return r;
		if (kind == &reg_kind)
			key = hvabi_key_reg(m.id);
		else if (kind == &msr_kind)
			key = hvabi_key_msr((uint32_t)m.id);
		else
			key = hvabi_key_cpuid(leaf, subleaf, (enum hvabi_cpuid_reg)m.id);
		r = fc_entry(fc, kind, &m, &key);
		if (r)
			return r;
	}
	return r;
}

enum {
	CL_LEAF,
	CL_SUBLEAF,
	CL_FLAGS,
	CL_MODIFIERS,
	CL_N,
};

static const struct hvabi_jr_name leaf_members[CL_N] = {
	HVABI_JR_NAME("leaf"),
	HVABI_JR_NAME("subleaf"),
	HVABI_JR_NAME("flags"),
	HVABI_JR_NAME("modifiers"),
};

/* KVM_CPUID_FLAG_SIGNIFICANT_INDEX: the only flag KVM still reports. */
#define FC_CPUID_SIGNIFICANT_INDEX 1u

/*
 * One CPUID leaf. Its registers' keys need the leaf and subleaf: a
 * "modifiers" met before them is checked for syntax and read at the end.
 */
static int fc_leaf(struct fc *fc)
{
	struct hvabi_jr *jr = &fc->r;
	const char *obj = jr->p, *mods = NULL, *at[CL_N] = { NULL }, *after;
	uint64_t v[CL_N] = { 0 };
	unsigned int seen = 0;
	int id, r;

	for (r = hvabi_jr_open(jr, '{', NULL, "a CPUID leaf"); r > 0;
	     r = hvabi_jr_next(jr, '}')) {
		r = hvabi_jr_member_id(jr, leaf_members, CL_N, &seen, "a CPUID leaf",
				       false, &id);
		if (r)
			return r;
		at[id] = jr->p;
		if (id == CL_FLAGS) {
			r = hvabi_jr_expect(jr, '0', "flags", NULL);
			if (!r)
				r = hvabi_jr_uint(jr, "flags", &v[id]);
			if (!r && v[id] > FC_CPUID_SIGNIFICANT_INDEX)
				r = hvabi_jr_fail(
					jr, at[id], -EBADMSG,
					"flags %" PRIu64 " is not 0 or 1 (KVM_CPUID_"
					"FLAG_SIGNIFICANT_INDEX), all KVM reports",
					v[id]);
		} else if (id != CL_MODIFIERS) {
			r = fc_hex(jr, leaf_members[id].s, 32, &v[id]);
		} else if ((seen & 7u) == 7u) {
			r = fc_modifiers(fc, &cpuid_kind, "modifiers",
					 (uint32_t)v[CL_LEAF], (uint32_t)v[CL_SUBLEAF]);
		} else {
			r = hvabi_jr_expect(jr, '[', "modifiers", NULL);
			mods = jr->p;
			if (!r)
				r = hvabi_jr_skip(jr, FC_SKIP_LEVELS, NULL);
		}
		if (r)
			return r;
		/* As soon as both are known: the modifiers' keys depend on them. */
		if ((id == CL_FLAGS || id == CL_SUBLEAF) && (seen & 6u) == 6u &&
		    !v[CL_FLAGS] && v[CL_SUBLEAF])
			return hvabi_jr_fail(
				jr, at[CL_SUBLEAF], -EBADMSG,
				"subleaf 0x%" PRIx64 " of a leaf whose index is "
				"not significant (flags 0): KVM reports those at 0",
				v[CL_SUBLEAF]);
	}
	if (r)
		return r;
	r = hvabi_jr_required(jr, obj, leaf_members, (1u << CL_N) - 1, seen,
			      "a CPUID leaf");
	if (r || !mods)
		return r;
	after = jr->p;
	jr->p = mods;
	r = fc_modifiers(fc, &cpuid_kind, "modifiers", (uint32_t)v[CL_LEAF],
			 (uint32_t)v[CL_SUBLEAF]);
	jr->p = after;
	return r;
}

/* "cpuid_modifiers": the leaves. */
static int fc_leaves(struct fc *fc)
{
	struct hvabi_jr *jr = &fc->r;
	int r;

	for (r = hvabi_jr_open(jr, '[', "cpuid_modifiers", NULL); r > 0;
	     r = hvabi_jr_next(jr, ']')) {
		r = fc_leaf(fc);
		if (r)
			return r;
	}
	return r;
}

/* The arch follows from the lists present; @member (at @at) decides or confirms it. */
static int fc_arch(struct fc *fc, enum hvabi_arch arch, const char *member,
		   const char *at)
{
	if (fc->arch == arch)
		return 0;
	if (fc->arch)
		return hvabi_jr_fail(
			&fc->r, at, -EBADMSG,
			"guest_cpu_config has both \"%s\" (%s) and \"%s\" (%s); "
			"a fingerprint is of one architecture",
			fc->arch_member, hvabi_arch_name(fc->arch), member,
			hvabi_arch_name(arch));
	fc->arch = arch;
	fc->arch_member = member;
	return hvabi_jr_set_new(&fc->r, &fc->set, arch);
}

enum {
	GC_KVM_CAPABILITIES,
	GC_VCPU_FEATURES,
	GC_REG_MODIFIERS,
	GC_CPUID_MODIFIERS,
	GC_MSR_MODIFIERS,
	GC_N,
};

static const struct hvabi_jr_name config_members[GC_N] = {
	HVABI_JR_NAME("kvm_capabilities"), HVABI_JR_NAME("vcpu_features"),
	HVABI_JR_NAME("reg_modifiers"),    HVABI_JR_NAME("cpuid_modifiers"),
	HVABI_JR_NAME("msr_modifiers"),
};

/* "guest_cpu_config": the ABI itself, so every member must be one we know. */
static int fc_config(struct fc *fc)
{
	struct hvabi_jr *jr = &fc->r;
	const char *obj = jr->p, *name;
	unsigned int seen = 0;
	int id, r;

	for (r = hvabi_jr_open(jr, '{', "guest_cpu_config", NULL); r > 0;
	     r = hvabi_jr_next(jr, '}')) {
		name = jr->p;
		r = hvabi_jr_member_id(jr, config_members, GC_N, &seen,
				       "guest_cpu_config", false, &id);
		if (r)
			return r;
		switch (id) {
		case GC_KVM_CAPABILITIES:
		case GC_VCPU_FEATURES:
			/* What Firecracker asked of KVM, not what the guest sees. */
			r = hvabi_jr_expect(jr, '[', config_members[id].s, NULL);
			if (!r)
				r = hvabi_jr_skip(jr, FC_SKIP_LEVELS, NULL);
			break;
		case GC_REG_MODIFIERS:
			r = fc_arch(fc, HVABI_ARCH_ARM64, "reg_modifiers", name);
			if (!r)
				r = fc_modifiers(fc, &reg_kind, "reg_modifiers", 0, 0);
			break;
		case GC_CPUID_MODIFIERS:
			r = fc_arch(fc, HVABI_ARCH_X86_64, "cpuid_modifiers", name);
			if (!r)
				r = fc_leaves(fc);
			break;
		default:
			r = fc_arch(fc, HVABI_ARCH_X86_64, "msr_modifiers", name);
			if (!r)
				r = fc_modifiers(fc, &msr_kind, "msr_modifiers", 0, 0);
			break;
		}
		if (r)
			return r;
	}
	if (!r && !fc->arch)
		return hvabi_jr_fail(
			jr, obj, -EBADMSG,
			"guest_cpu_config has neither \"reg_modifiers\" (arm64) "
			"nor \"cpuid_modifiers\" or \"msr_modifiers\" (x86_64)");
	return r;
}

enum {
	TOP_FIRECRACKER_VERSION,
	TOP_KERNEL_VERSION,
	TOP_MICROCODE_VERSION,
	TOP_BIOS_VERSION,
	TOP_BIOS_REVISION,
	TOP_GUEST_CPU_CONFIG,
	TOP_N,
};

static const struct hvabi_jr_name top_members[TOP_N] = {
	HVABI_JR_NAME("firecracker_version"), HVABI_JR_NAME("kernel_version"),
	HVABI_JR_NAME("microcode_version"),   HVABI_JR_NAME("bios_version"),
	HVABI_JR_NAME("bios_revision"),       HVABI_JR_NAME("guest_cpu_config"),
};

#define TOP_REQUIRED ((1u << TOP_KERNEL_VERSION) | (1u << TOP_GUEST_CPU_CONFIG))

/*
 * The document. Members Firecracker may add later are skipped (checked
 * for syntax): they describe the host around the guest's ABI, which is
 * all in guest_cpu_config.
 */
static int fc_document(struct fc *fc)
{
	struct hvabi_jr *jr = &fc->r;
	const char *obj;
	unsigned int seen = 0;
	size_t len;
	int id, r;

	hvabi_jr_ws(jr);
	obj = jr->p;
	for (r = hvabi_jr_open(jr, '{', NULL, "a Firecracker fingerprint"); r > 0;
	     r = hvabi_jr_next(jr, '}')) {
		r = hvabi_jr_member_id(jr, top_members, TOP_N, &seen,
				       "a Firecracker fingerprint", true, &id);
		if (r)
			return r;
		if (id < 0)
			r = hvabi_jr_skip(jr, FC_SKIP_LEVELS, NULL);
		else if (id == TOP_KERNEL_VERSION)
			r = hvabi_jr_release(jr, "kernel_version", fc->release);
		else if (id == TOP_GUEST_CPU_CONFIG)
			r = fc_config(fc);
		else /* host facts that are not the guest's ABI */
			r = hvabi_jr_str_value(jr, top_members[id].s, NULL, 0, &len);
		if (r)
			return r;
	}
	if (r)
		return r;
	r = hvabi_jr_document_end(jr, obj, top_members, TOP_REQUIRED, seen,
				  "a Firecracker fingerprint");
	return r ? r : hvabi_jr_set_sort(jr, &fc->set);
}

static int import_firecracker(const void *in, size_t len, struct hvabi_featureset **ret,
			      struct hvabi_error *err)
{
	const char *text = in;
	struct fc fc = { .set = { .dup = fc_dup } };
	struct hvabi_featureset *fs;
	int r;

	if (!text || !ret)
		return hvabi_error_set(err, -EINVAL, 0, 0, 0, "NULL %s",
				       text ? "ret" : "text");
	hvabi_jr_init(&fc.r, text, len, err != NULL);
	r = fc_document(&fc);
	if (r) {
		hvabi_jr_set_free(&fc.set);
		return hvabi_jr_error(&fc.r, r, err);
	}
	fs = hvabi_jr_set_take(&fc.set);
	hvabi_jr_set_free(&fc.set);
	/*
	 * The vCPU state a fingerprint holds besides the host's offer (x86:
	 * the MSRs of KVM's save list) is not ABI: the VMM migrates it, so the
	 * guest keeps its values. Left out once every entry was checked, so a
	 * malformed or repeated one is still refused.
	 */
	drop_state(fs);
	/* Both checked as read: these cannot fail. */
	hvabi_featureset_set_kernel_release(fs, fc.release);
	era_masks(fs);
	hvabi_featureset_set_origin(fs, HVABI_ORIGIN_IMPORTED);
	*ret = fs;
	return 0;
}

HVABI_EXPORT int hvabi_featureset_import_firecracker(const char *text, size_t len,
						     struct hvabi_featureset **ret, struct hvabi_error *err,
						     size_t err_sz)
{
	return hvabi_decode_public(import_firecracker, text, len, ret, err, err_sz);
}
