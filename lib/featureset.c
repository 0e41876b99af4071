/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The feature-set object: a sorted array of entries and some metadata. */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "byteorder.h"
#include "catalog-internal.h"
#include "internal.h"

void hvabi_msg(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (!buf || !len)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, len, fmt, ap);
	va_end(ap);
}

int hvabi_error_set(struct hvabi_error *err, int code, unsigned int line,
		    unsigned int column, size_t offset, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	err->code = code;
	err->line = line;
	err->column = column;
	err->offset = offset;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	return code;
}

int hvabi_error_out(struct hvabi_error *dst, size_t dst_sz, struct hvabi_error *e, int r)
{
	if (r >= 0 || !dst)
		return r;
	/* Failures found before any input was read (NULL arguments, memory). */
	if (!e->code)
		hvabi_error_set(e, r, 0, 0, 0, "%s",
				r == -ENOMEM ? "out of memory" : r == -EINVAL ? "invalid argument" :
				"failed");
	hvabi_copy_out(dst, dst_sz, e, sizeof(*e), HVABI_ERROR_MIN);
	return r;
}

int hvabi_decode_public(hvabi_decoder decode, const void *in, size_t len,
			struct hvabi_featureset **ret, struct hvabi_error *err, size_t err_sz)
{
	struct hvabi_error e = { 0, 0, 0, 0, "" };

	if (err && err_sz < HVABI_ERROR_MIN)
		return -EINVAL;
	return hvabi_error_out(err, err_sz, &e, decode(in, len, ret, err ? &e : NULL));
}

HVABI_EXPORT int hvabi_key_compare(const struct hvabi_key *a, const struct hvabi_key *b)
{
	/* Callers hand it to qsort() and bsearch(): NULL sorts first rather than crash. */
	if (!a || !b)
		return !b - !a;
	return hvabi_key_cmp(a, b);
}

static bool arch_valid(enum hvabi_arch arch)
{
	return arch == HVABI_ARCH_ARM64 || arch == HVABI_ARCH_X86_64 ||
	       arch == HVABI_ARCH_RISCV64;
}

HVABI_EXPORT int hvabi_featureset_new(enum hvabi_arch arch, struct hvabi_featureset **ret)
{
	struct hvabi_featureset *fs;

	if (!ret || !arch_valid(arch))
		return -EINVAL;
	fs = calloc(1, sizeof(*fs));
	if (!fs)
		return -ENOMEM;
	fs->arch = arch;
	fs->cat = hvabi_cat_table_of(arch);
	*ret = fs;
	return 0;
}

static void entry_release(struct hvabi_entry *e)
{
	free((void *)e->wide);
	free((void *)e->ranges);
	e->wide = NULL;
	e->ranges = NULL;
}

HVABI_EXPORT void hvabi_featureset_free(struct hvabi_featureset *fs)
{
	size_t i;

	if (!fs)
		return;
	/* Most entries own no block: spare them two calls to free(). */
	for (i = 0; i < fs->n; i++)
		if (fs->e[i].wide || fs->e[i].ranges)
			entry_release(&fs->e[i]);
	free(fs->row); /* the block of rows and entries (rows_size()) */
	free(fs);
}

/* Copy @src into @dst, duplicating the blocks it points at. */
static int entry_clone(struct hvabi_entry *dst, const struct hvabi_entry *src)
{
	uint8_t *wide = NULL;
	struct hvabi_range *ranges = NULL;

	if (src->width > 8) {
		wide = malloc(src->width);
		if (!wide)
			return -ENOMEM;
		memcpy(wide, src->wide, src->width);
	}
	if (src->nranges) {
		ranges = malloc(sizeof(*ranges) * src->nranges);
		if (!ranges) {
			free(wide);
			return -ENOMEM;
		}
		memcpy(ranges, src->ranges, sizeof(*ranges) * src->nranges);
	}
	*dst = *src;
	dst->wide = wide;
	dst->ranges = ranges;
	return 0;
}

/*
 * The entries' row indexes come first in one block with the entries, in
 * this many bytes for @cap entries: a set's first page holds its rows
 * and first entries. (A block of its own for the rows touched a page
 * more per set: 100,000 x86 profiles took 16 % more memory.)
 */
static size_t rows_size(size_t cap)
{
	const size_t align = _Alignof(struct hvabi_entry);

	return (cap * sizeof(uint16_t) + align - 1) / align * align;
}

int hvabi_fs_reserve(struct hvabi_featureset *fs, size_t n)
{
	size_t cap, old = fs->row ? rows_size(fs->cap) : 0;
	uint8_t *block;

	if (n <= fs->cap)
		return 0;
	cap = fs->cap ? fs->cap : 16;
	while (cap < n) {
		if (cap > SIZE_MAX / 4 / (sizeof(*fs->e) + sizeof(*fs->row)))
			return -ENOMEM;
		cap *= 2;
	}
	block = realloc(fs->row, rows_size(cap) + cap * sizeof(*fs->e));
	if (!block)
		return -ENOMEM;
	/* The entries move up past the longer row array. */
	memmove(block + rows_size(cap), block + old, fs->n * sizeof(*fs->e));
	fs->row = (uint16_t *)(void *)block;
	fs->e = (struct hvabi_entry *)(void *)(block + rows_size(cap));
	fs->cap = cap;
	return 0;
}

/* The row index of @key, found by a search or, in ascending order, by fs->cat_pos. */
static uint16_t row_of(struct hvabi_featureset *fs, const struct hvabi_key *key, bool next)
{
	const struct hvabi_cat_entry *c = next ? hvabi_cat_find_next(fs->cat, key, &fs->cat_pos)
					       : hvabi_cat_find(fs->arch, key);

	return c ? (uint16_t)(c - fs->cat->rows) : HVABI_ROW_NONE;
}

void hvabi_fs_commit(struct hvabi_featureset *fs)
{
	fs->row[fs->n] = row_of(fs, &fs->e[fs->n].key, true);
	fs->n++;
}

void hvabi_fs_rows_refresh(struct hvabi_featureset *fs)
{
	size_t i;

	fs->cat_pos = 0;
	for (i = 0; i < fs->n; i++)
		fs->row[i] = row_of(fs, &fs->e[i].key, true);
}

HVABI_EXPORT int hvabi_featureset_copy(const struct hvabi_featureset *fs,
				       struct hvabi_featureset **ret)
{
	struct hvabi_featureset *c;
	size_t i;
	int r;

	if (!fs || !ret)
		return -EINVAL;
	r = hvabi_featureset_new(fs->arch, &c);
	if (r)
		return r;
	c->origin = fs->origin;
	memcpy(c->release, fs->release, sizeof(c->release));
	r = hvabi_fs_reserve(c, fs->n);
	for (i = 0; !r && i < fs->n; i++) {
		r = entry_clone(&c->e[i], &fs->e[i]);
		if (!r) {
			c->row[i] = fs->row ? fs->row[i] : row_of(c, &fs->e[i].key, false);
			c->n++;
		}
	}
	if (r) {
		hvabi_featureset_free(c);
		return r;
	}
	c->cat_pos = fs->cat_pos;
	*ret = c;
	return 0;
}

HVABI_EXPORT enum hvabi_arch hvabi_featureset_get_arch(const struct hvabi_featureset *fs)
{
	return fs ? fs->arch : HVABI_ARCH_NONE;
}

HVABI_EXPORT const char *hvabi_featureset_get_kernel_release(const struct hvabi_featureset *fs)
{
	return fs ? fs->release : NULL;
}

HVABI_EXPORT int hvabi_featureset_set_kernel_release(struct hvabi_featureset *fs,
						     const char *release)
{
	size_t i, len;

	if (!fs)
		return -EINVAL;
	if (!release) {
		fs->release[0] = '\0';
		return 0;
	}
	len = strnlen(release, HVABI_RELEASE_MAX + 1);
	if (len > HVABI_RELEASE_MAX)
		return -EINVAL;
	for (i = 0; i < len; i++)
		if (release[i] < 0x21 || release[i] > 0x7e)
			return -EINVAL;
	memcpy(fs->release, release, len + 1);
	return 0;
}

HVABI_EXPORT enum hvabi_origin hvabi_featureset_get_origin(const struct hvabi_featureset *fs)
{
	return fs ? fs->origin : HVABI_ORIGIN_NONE;
}

HVABI_EXPORT int hvabi_featureset_set_origin(struct hvabi_featureset *fs,
					     enum hvabi_origin origin)
{
	if (!fs || !hvabi_origin_name(origin))
		return -EINVAL;
	fs->origin = origin;
	return 0;
}

HVABI_EXPORT size_t hvabi_featureset_count(const struct hvabi_featureset *fs)
{
	return fs ? fs->n : 0;
}

HVABI_EXPORT int hvabi_featureset_get_entry(const struct hvabi_featureset *fs, size_t index,
					    struct hvabi_entry *ret)
{
	if (!fs || !ret)
		return -EINVAL;
	if (index >= fs->n)
		return -ENOENT;
	*ret = fs->e[index];
	return 0;
}

ptrdiff_t hvabi_fs_search(const struct hvabi_featureset *fs, const struct hvabi_key *key)
{
	size_t lo = 0, hi = fs->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = hvabi_key_cmp(&fs->e[mid].key, key);

		if (c == 0)
			return (ptrdiff_t)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -(ptrdiff_t)lo - 1;
}

HVABI_EXPORT int hvabi_featureset_find(const struct hvabi_featureset *fs,
				       const struct hvabi_key *key, struct hvabi_entry *ret)
{
	ptrdiff_t i;

	if (!fs || !key)
		return -EINVAL;
	i = hvabi_fs_search(fs, key);
	if (i < 0)
		return -ENOENT;
	if (ret)
		*ret = fs->e[i];
	return 0;
}

static bool width_valid(unsigned int w)
{
	return w >= 1 && w <= HVABI_VALUE_MAX_BYTES && (w & (w - 1)) == 0;
}

static bool fits(uint64_t v, unsigned int width)
{
	return width >= 8 || (v >> (width * 8)) == 0;
}

static bool key_valid(const struct hvabi_key *k)
{
	switch (k->ns) {
	case HVABI_NS_ONE_REG:
	case HVABI_NS_MSR:
	case HVABI_NS_CAP:
	case HVABI_NS_VCPU_VALUE:
	case HVABI_NS_GUEST_READ:
		return k->sel == 0 && k->sub == 0 &&
		       (k->ns == HVABI_NS_ONE_REG || k->ns == HVABI_NS_GUEST_READ ||
			k->id <= UINT32_MAX);
	case HVABI_NS_SMCCC:
		return k->sel == 0 && k->sub == 0 && k->id <= UINT32_MAX;
	case HVABI_NS_ATTR:
		return k->sel >= HVABI_ATTR_VM && k->sel <= HVABI_ATTR_SYSTEM;
	case HVABI_NS_CPUID:
		return k->sel <= HVABI_CPUID_EDX &&
		       (k->id & ~(uint64_t)UINT32_MAX & ~HVABI_CPUID_TABLE_HYPERV) == 0;
	default:
		return false;
	}
}

/* Member @i of an IMPLSET entry's list (its wide bytes: three LE words each). */
void hvabi_impl_at(const struct hvabi_entry *e, size_t i, struct hvabi_impl *ret)
{
	const uint8_t *p = e->wide + i * HVABI_IMPL_BYTES;

	ret->midr = get64(p);
	ret->revidr = get64(p + 8);
	ret->aidr = get64(p + 16);
}

uint8_t *hvabi_impl_put(uint8_t *p, const struct hvabi_impl *im)
{
	p = put64(p, im->midr);
	p = put64(p, im->revidr);
	return put64(p, im->aidr);
}

int hvabi_impl_cmp(const struct hvabi_impl *a, const struct hvabi_impl *b)
{
	if (a->midr != b->midr)
		return a->midr < b->midr ? -1 : 1;
	if (a->revidr != b->revidr)
		return a->revidr < b->revidr ? -1 : 1;
	if (a->aidr != b->aidr)
		return a->aidr < b->aidr ? -1 : 1;
	return 0;
}

/*
 * An IMPLSET entry: 1 to HVABI_IMPLS_MAX members in ascending order, no
 * two equal (the index a guest asks DISCOVER_IMPL_CPUS for must name the
 * same CPU on every host), each MIDR in KVM's writable mask
 * (GENMASK_ULL(31, 0), sys_regs.c 7.2.8 3232); one value per VM.
 */
static int impls_check(const struct hvabi_entry *e, char *why, size_t len)
{
	struct hvabi_impl prev = { 0, 0, 0 }, cur;
	size_t i, n = e->width / HVABI_IMPL_BYTES;

	if (e->width % HVABI_IMPL_BYTES || !n || n > HVABI_IMPLS_MAX || !e->wide) {
		hvabi_msg(why, len, "an implementation list of %u bytes: 1 to %u members of %u "
			  "bytes each, with their bytes", e->width, HVABI_IMPLS_MAX, HVABI_IMPL_BYTES);
		return -EINVAL;
	}
	if (e->value || e->flags || e->scope != HVABI_SCOPE_VM) {
		hvabi_msg(why, len, "an implementation list has no value, max, mask or min and "
			  "is one per VM");
		return -EINVAL;
	}
	for (i = 0; i < n; i++) {
		hvabi_impl_at(e, i, &cur);
		if (cur.midr > UINT32_MAX) {
			hvabi_msg(why, len, "implementation %zu: MIDR 0x%" PRIx64 " is wider than "
				  "32 bits", i, cur.midr);
			return -EINVAL;
		}
		if (i && hvabi_impl_cmp(&prev, &cur) >= 0) {
			hvabi_msg(why, len, "implementation %zu (MIDR 0x%" PRIx64 ") is not above "
				  "the one before it: the list is sorted, without repeats", i,
				  cur.midr);
			return -EINVAL;
		}
		prev = cur;
	}
	return 0;
}

int hvabi_entry_check(const struct hvabi_entry *e, char *why, size_t len)
{
	unsigned int i;

	if (!key_valid(&e->key)) {
		hvabi_msg(why, len, "invalid key (namespace %u, selector %u)",
			  e->key.ns, e->key.sel);
		return -EINVAL;
	}
	if (e->kind >= HVABI_KIND_COUNT) {
		hvabi_msg(why, len, "unknown kind %u", e->kind);
		return -EINVAL;
	}
	if (e->scope > HVABI_SCOPE_VM) {
		hvabi_msg(why, len, "unknown scope %u", e->scope);
		return -EINVAL;
	}
	if (e->flags & ~HVABI_ENTRY_FLAGS_ALL) {
		hvabi_msg(why, len, "unknown flags 0x%x", e->flags & ~HVABI_ENTRY_FLAGS_ALL);
		return -EINVAL;
	}
	if (e->reserved || e->reserved2[0] || e->reserved2[1]) {
		hvabi_msg(why, len, "reserved field is not zero");
		return -EINVAL;
	}
	/* The one SMCCC entry this version knows: DISCOVER_IMPL_CPUS's list. */
	if ((e->kind == HVABI_KIND_IMPLSET) != (e->key.ns == HVABI_NS_SMCCC) ||
	    (e->key.ns == HVABI_NS_SMCCC && e->key.id != HVABI_SMCCC_KVM_DISCOVER_IMPL_CPUS)) {
		hvabi_msg(why, len, "an implementation list is the entry smccc:0xc6000041 "
			  "(TARGET_IMPLS), and only it");
		return -EINVAL;
	}
	if (e->kind == HVABI_KIND_IMPLSET)
		return impls_check(e, why, len);
	if (!width_valid(e->width)) {
		hvabi_msg(why, len, "width %u is not a power of two from 1 to %u bytes",
			  e->width, HVABI_VALUE_MAX_BYTES);
		return -EINVAL;
	}
	if (e->width > 8) {
		if (e->kind != HVABI_KIND_EXACT) {
			hvabi_msg(why, len, "a %u-byte value must be of kind exact", e->width);
			return -EINVAL;
		}
		if (!e->wide || e->value || e->flags) {
			hvabi_msg(why, len, "a %u-byte value needs its bytes and no max/mask/min",
				  e->width);
			return -EINVAL;
		}
	} else if (e->wide) {
		hvabi_msg(why, len, "a %u-byte value cannot carry wide bytes", e->width);
		return -EINVAL;
	}
	if (!fits(e->value, e->width) || !fits(e->max, e->width) ||
	    !fits(e->mask, e->width) || !fits(e->min, e->width)) {
		hvabi_msg(why, len, "a value does not fit the entry's %u-byte width", e->width);
		return -EINVAL;
	}
	if ((!(e->flags & HVABI_ENTRY_HAS_MAX) && e->max) ||
	    (!(e->flags & HVABI_ENTRY_HAS_MASK) && e->mask) ||
	    (!(e->flags & HVABI_ENTRY_HAS_MIN) && e->min)) {
		hvabi_msg(why, len, "max, mask or min is set without its flag");
		return -EINVAL;
	}
	if (e->kind != HVABI_KIND_RANGESET && (e->nranges || e->ranges)) {
		hvabi_msg(why, len, "only a rangeset entry holds ranges");
		return -EINVAL;
	}
	if (e->nranges > HVABI_RANGES_MAX || (e->nranges && !e->ranges)) {
		hvabi_msg(why, len, "%u ranges (at most %u, with their array)", e->nranges,
			  HVABI_RANGES_MAX);
		return -EINVAL;
	}
	for (i = 0; i < e->nranges; i++) {
		const struct hvabi_range *r = &e->ranges[i];
		static const uint8_t zero[sizeof(r->reserved)];

		if (!r->count || (uint64_t)r->base + r->count > (1ull << 32) ||
		    r->action > HVABI_RANGE_FWD_TO_USER ||
		    memcmp(r->reserved, zero, sizeof(zero))) {
			hvabi_msg(why, len,
				  "range %u (base 0x%x, count %u, action %u) is invalid",
				  i, r->base, r->count, r->action);
			return -EINVAL;
		}
		if (i && (uint64_t)e->ranges[i - 1].base + e->ranges[i - 1].count > r->base) {
			hvabi_msg(why, len, "range %u (base 0x%x) overlaps or precedes range %u",
				  i, r->base, i - 1);
			return -EINVAL;
		}
	}
	return 0;
}

HVABI_EXPORT int hvabi_featureset_put(struct hvabi_featureset *fs, const struct hvabi_entry *e)
{
	struct hvabi_entry copy;
	ptrdiff_t i;
	int r;

	if (!fs || !e)
		return -EINVAL;
	r = hvabi_entry_check(e, NULL, 0);
	if (r)
		return r;
	i = hvabi_fs_search(fs, &e->key);
	if (i < 0) {
		r = hvabi_fs_reserve(fs, fs->n + 1);
		if (r)
			return r;
	}
	r = entry_clone(&copy, e);
	if (r)
		return r;
	if (i >= 0) {
		entry_release(&fs->e[i]);
		fs->e[i] = copy;
		return 0;
	}
	i = -i - 1;
	memmove(&fs->e[i + 1], &fs->e[i], (fs->n - (size_t)i) * sizeof(*fs->e));
	memmove(&fs->row[i + 1], &fs->row[i], (fs->n - (size_t)i) * sizeof(*fs->row));
	fs->e[i] = copy;
	fs->row[i] = row_of(fs, &copy.key, false);
	fs->n++;
	return 0;
}

int hvabi_fs_append(struct hvabi_featureset *fs, const struct hvabi_entry *e)
{
	int r;

	if (fs->n && hvabi_key_cmp(&fs->e[fs->n - 1].key, &e->key) >= 0)
		return -EINVAL;
	r = hvabi_fs_reserve(fs, fs->n + 1);
	if (r)
		return r;
	r = entry_clone(&fs->e[fs->n], e);
	if (r)
		return r;
	hvabi_fs_commit(fs);
	return 0;
}

HVABI_EXPORT int hvabi_featureset_set_value(struct hvabi_featureset *fs,
					    const struct hvabi_key *key, uint64_t value)
{
	struct hvabi_entry e;
	ptrdiff_t i;

	if (!fs || !key || !key_valid(key))
		return -EINVAL;
	i = hvabi_fs_search(fs, key);
	if (i >= 0) {
		struct hvabi_entry *cur = &fs->e[i];

		if (cur->width > 8 || cur->kind == HVABI_KIND_RANGESET ||
		    !fits(value, cur->width))
			return -EINVAL;
		cur->value = value;
		return 0;
	}
	hvabi_entry_init(&e, fs->arch, key);
	if (e.width > 8 || e.kind == HVABI_KIND_RANGESET || !fits(value, e.width))
		return -EINVAL;
	e.value = value;
	return hvabi_featureset_put(fs, &e);
}

HVABI_EXPORT int hvabi_featureset_remove(struct hvabi_featureset *fs,
					 const struct hvabi_key *key)
{
	ptrdiff_t i;

	if (!fs || !key)
		return -EINVAL;
	i = hvabi_fs_search(fs, key);
	if (i < 0)
		return -ENOENT;
	entry_release(&fs->e[i]);
	memmove(&fs->e[i], &fs->e[i + 1], (fs->n - (size_t)i - 1) * sizeof(*fs->e));
	memmove(&fs->row[i], &fs->row[i + 1], (fs->n - (size_t)i - 1) * sizeof(*fs->row));
	fs->n--;
	return 0;
}

bool hvabi_entry_equal(const struct hvabi_entry *a, const struct hvabi_entry *b)
{
	if (hvabi_key_cmp(&a->key, &b->key) || a->kind != b->kind ||
	    a->scope != b->scope || a->flags != b->flags || a->width != b->width ||
	    a->nranges != b->nranges || a->value != b->value || a->max != b->max ||
	    a->mask != b->mask || a->min != b->min)
		return false;
	if (a->width > 8 && memcmp(a->wide, b->wide, a->width))
		return false;
	return !a->nranges || !memcmp(a->ranges, b->ranges, sizeof(*a->ranges) * a->nranges);
}

HVABI_EXPORT int hvabi_featureset_equal(const struct hvabi_featureset *a,
					const struct hvabi_featureset *b)
{
	size_t i;

	if (!a || !b)
		return -EINVAL;
	if (a->arch != b->arch || a->n != b->n)
		return 0;
	for (i = 0; i < a->n; i++)
		if (!hvabi_entry_equal(&a->e[i], &b->e[i]))
			return 0;
	return 1;
}

HVABI_EXPORT int hvabi_entry_init(struct hvabi_entry *e, enum hvabi_arch arch,
				  const struct hvabi_key *key)
{
	const struct hvabi_cat_entry *c;

	if (!e || !key)
		return -EINVAL;
	memset(e, 0, sizeof(*e));
	e->key = *key;
	c = hvabi_cat_find(arch, key);
	if (!c) {
		e->kind = HVABI_KIND_EXACT;
		e->scope = hvabi_key_default_scope(arch, key);
		e->width = hvabi_key_default_width(key);
		return 0;
	}
	e->kind = c->kind;
	e->scope = c->scope;
	e->width = c->width;
	return 1;
}

HVABI_EXPORT const char *hvabi_arch_name(enum hvabi_arch arch)
{
	switch (arch) {
	case HVABI_ARCH_ARM64:
		return "arm64";
	case HVABI_ARCH_X86_64:
		return "x86_64";
	case HVABI_ARCH_RISCV64:
		return "riscv64";
	default:
		return NULL;
	}
}

HVABI_EXPORT const char *hvabi_kind_name(enum hvabi_kind kind)
{
	static const char *const names[HVABI_KIND_COUNT] = {
		[HVABI_KIND_EXACT] = "exact",	    [HVABI_KIND_BITMAP] = "bitmap",
		[HVABI_KIND_VERSION] = "version",   [HVABI_KIND_LEVEL] = "level",
		[HVABI_KIND_IDFIELDS] = "idfields", [HVABI_KIND_RANGESET] = "rangeset",
		[HVABI_KIND_CPUID] = "cpuid",	    [HVABI_KIND_FREQUENCY] = "frequency",
		[HVABI_KIND_IMPLSET] = "implset",
	};

	return (unsigned int)kind < HVABI_KIND_COUNT ? names[kind] : NULL;
}

HVABI_EXPORT const char *hvabi_origin_name(enum hvabi_origin origin)
{
	static const char *const names[] = {
		[HVABI_ORIGIN_NONE] = "none",
		[HVABI_ORIGIN_PROBED] = "probed",
		[HVABI_ORIGIN_SIMULATED] = "simulated",
		[HVABI_ORIGIN_IMPORTED] = "imported",
		[HVABI_ORIGIN_COMPUTED] = "computed",
	};

	return (unsigned int)origin < HVABI_ARRAY_SIZE(names) ? names[origin] : NULL;
}

HVABI_EXPORT const char *hvabi_version(void)
{
	return HVABI_VERSION_STRING;
}
