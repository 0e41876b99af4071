/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * hvabi show: a set as a table people can read, with what the catalogue
 * knows about each bit and ID register field.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Columns wider than this are not padded: a rare wide value must not widen every row. */
#define SHOW_VALUE_COL_MAX 18
#define SHOW_FACTS_COL_MAX 48

/* Room for the meaning of one entry: 64 named bits of up to ~24 characters. */
#define SHOW_MEANING_MAX 2048

struct row {
	struct hvabi_entry e;
	char name[64];
	char key[64];
	char value[CLI_VALUE_TEXT_MAX];
	char facts[80];
};

static void append(char *buf, size_t len, const char *fmt, ...) CLI_PRINTF(3, 4);

static void append(char *buf, size_t len, const char *fmt, ...)
{
	size_t used = strlen(buf);
	va_list ap;

	if (used + 1 >= len)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + used, len - used, fmt, ap);
	va_end(ap);
}

/*
 * The width of the ID register field named at @p bit: up to the next
 * named field, within the 4-bit slot it starts in. The catalogue gives
 * names, not widths; Arm ID fields are 4 bits wide and aligned, and the
 * narrower ones (CTR_EL0.L1Ip, the FP8 and SME flags) either end at the
 * next named field or are followed by RES0 bits, so the value read is the
 * field's own.
 */
static unsigned int field_width(const unsigned int *named, size_t n, size_t i)
{
	unsigned int w = 4 - named[i] % 4;

	if (i + 1 < n && named[i + 1] - named[i] < w)
		w = named[i + 1] - named[i];
	return w;
}

/* What the entry's value means, by the catalogue's bit and field names. */
static void meaning(enum hvabi_arch arch, const struct hvabi_entry *e, char *buf, size_t len)
{
	unsigned int named[64], bit;
	size_t n = 0, i;

	buf[0] = '\0';
	if (e->kind == HVABI_KIND_RANGESET) {
		if (!e->nranges)
			append(buf, len, "no ranges");
		for (i = 0; i < e->nranges; i++)
			append(buf, len, "%s0x%" PRIx32 "+0x%" PRIx32 " %s", i ? ", " : "",
			       e->ranges[i].base, e->ranges[i].count,
			       cli_range_action_name(e->ranges[i].action));
		return;
	}
	if (e->width > 8)
		return;
	for (bit = 0; bit < 8u * e->width; bit++)
		if (hvabi_catalog_bit_name(arch, &e->key, bit))
			named[n++] = bit;
	if (!n)
		return;
	if (e->kind == HVABI_KIND_IDFIELDS) {
		/* Highest field first, as the Arm ARM draws the register. */
		for (i = n; i-- > 0;) {
			unsigned int w = field_width(named, n, i);
			uint64_t v = (e->value >> named[i]) & ((1ull << w) - 1);

			append(buf, len, v < 10 ? "%s%s=%" PRIu64 : "%s%s=0x%" PRIx64,
			       buf[0] ? " " : "", hvabi_catalog_bit_name(arch, &e->key, named[i]),
			       v);
		}
		return;
	}
	for (bit = 0; bit < 8u * e->width; bit++) {
		const char *name;

		if (!(e->value >> bit & 1))
			continue;
		name = hvabi_catalog_bit_name(arch, &e->key, bit);
		if (name)
			append(buf, len, "%s%s", buf[0] ? " " : "", name);
		else if (e->kind != HVABI_KIND_CPUID)
			/*
			 * A bitmap's bits are all services; a CPUID register's
			 * unnamed bits may be parts of a count or a description.
			 */
			append(buf, len, "%sbit %u", buf[0] ? " " : "", bit);
	}
	if (!buf[0] && e->kind == HVABI_KIND_BITMAP)
		append(buf, len, "none");
}

static void fill_row(enum hvabi_arch arch, const struct hvabi_entry *e, struct row *r)
{
	struct hvabi_catalog_info info;

	r->e = *e;
	if (hvabi_catalog_lookup(arch, &e->key, &info, sizeof(info)) == 0 && info.name)
		snprintf(r->name, sizeof(r->name), "%s", info.name);
	else
		snprintf(r->name, sizeof(r->name), "-");
	cli_key_text(&e->key, r->key, sizeof(r->key));
	cli_value_text(e, r->value, sizeof(r->value));
	r->facts[0] = '\0';
	if (e->flags & HVABI_ENTRY_HAS_MAX)
		append(r->facts, sizeof(r->facts), "max=0x%" PRIx64, e->max);
	if (e->flags & HVABI_ENTRY_HAS_MIN)
		append(r->facts, sizeof(r->facts), "%smin=0x%" PRIx64, r->facts[0] ? " " : "",
		       e->min);
	if (e->flags & HVABI_ENTRY_HAS_MASK)
		append(r->facts, sizeof(r->facts), "%smask=0x%" PRIx64, r->facts[0] ? " " : "",
		       e->mask);
	if (!r->facts[0])
		snprintf(r->facts, sizeof(r->facts), "-");
}

static int col(size_t w, size_t max)
{
	return (int)(w < max ? w : max);
}

static const struct option show_options[] = {
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int run_show(const struct cli_verb *verb, int argc, char **argv)
{
	size_t wname = 4, wkey = 3, wkind = 4, wvalue = 5, wfacts = 5, n = 0, i, count;
	struct hvabi_featureset *fs = NULL;
	struct row *rows = NULL;
	const char *path, *release;
	char mean[SHOW_MEANING_MAX], line[SHOW_MEANING_MAX + 1024];
	enum hvabi_arch arch;
	int c, verbose = 0, ret = CLI_EXIT_ERROR;

	while ((c = cli_getopt(verb, argc, argv, ":vh", show_options)) != -1) {
		if (c != 'v')
			return CLI_GETOPT_STATUS(c);
		verbose = 1;
	}
	if (argc == optind)
		return cli_usage_error(verb, "no FILE given");
	path = argv[optind];
	if (cli_load_set(path, CLI_FORMAT_ANY, &fs))
		return CLI_EXIT_ERROR;
	arch = hvabi_featureset_get_arch(fs);
	count = hvabi_featureset_count(fs);
	/* Named entries only, in the order asked for; else every entry. */
	if (argc - optind > 1)
		count = (size_t)(argc - optind - 1);
	rows = calloc(count ? count : 1, sizeof(*rows));
	if (!rows) {
		cli_err("%s", cli_strerror(-ENOMEM));
		goto out;
	}
	for (i = 0; i < count; i++) {
		struct hvabi_entry e;

		if (argc - optind > 1) {
			const char *want = argv[optind + 1 + (int)i];
			struct hvabi_key key;

			if (hvabi_key_from_string(arch, want, &key)) {
				cli_err("'%s' is neither a key nor an %s entry name", want,
					hvabi_arch_name(arch));
				goto out;
			}
			if (hvabi_featureset_find(fs, &key, &e)) {
				cli_err("%s: no entry %s", path, want);
				goto out;
			}
		} else {
			hvabi_featureset_get_entry(fs, i, &e);
		}
		fill_row(arch, &e, &rows[n]);
		if (strlen(rows[n].name) > wname)
			wname = strlen(rows[n].name);
		if (strlen(rows[n].key) > wkey)
			wkey = strlen(rows[n].key);
		if (strlen(hvabi_kind_name((enum hvabi_kind)e.kind)) > wkind)
			wkind = strlen(hvabi_kind_name((enum hvabi_kind)e.kind));
		if (strlen(rows[n].value) > wvalue)
			wvalue = strlen(rows[n].value);
		if (strlen(rows[n].facts) > wfacts)
			wfacts = strlen(rows[n].facts);
		n++;
	}
	release = hvabi_featureset_get_kernel_release(fs);
	printf("%s: %s", path, hvabi_arch_name(arch));
	if (release && release[0])
		printf(", kernel %s", release);
	if (hvabi_featureset_get_origin(fs) != HVABI_ORIGIN_NONE)
		printf(", %s", hvabi_origin_name(hvabi_featureset_get_origin(fs)));
	printf(", %zu entr%s\n\n", hvabi_featureset_count(fs),
	       hvabi_featureset_count(fs) == 1 ? "y" : "ies");
	printf("%-*s  %-*s  %-*s  %-5s  %-*s  %-*s  %s\n", (int)wname, "NAME", (int)wkey, "KEY",
	       (int)wkind, "KIND", "SCOPE", col(wvalue, SHOW_VALUE_COL_MAX), "VALUE",
	       col(wfacts, SHOW_FACTS_COL_MAX), "FACTS", "MEANING");
	for (i = 0; i < n; i++) {
		const struct row *r = &rows[i];
		struct hvabi_catalog_info info;

		size_t len;

		meaning(arch, &r->e, mean, sizeof(mean));
		snprintf(line, sizeof(line), "%-*s  %-*s  %-*s  %-5s  %-*s  %-*s  %s", (int)wname,
			 r->name, (int)wkey, r->key, (int)wkind,
			 hvabi_kind_name((enum hvabi_kind)r->e.kind),
			 r->e.scope == HVABI_SCOPE_VM ? "vm" : "vcpu",
			 col(wvalue, SHOW_VALUE_COL_MAX), r->value,
			 col(wfacts, SHOW_FACTS_COL_MAX), r->facts, mean);
		/* No trailing blanks where the meaning column is empty. */
		len = strlen(line);
		while (len && line[len - 1] == ' ')
			line[--len] = '\0';
		puts(line);
		if (verbose && hvabi_catalog_lookup(arch, &r->e.key, &info, sizeof(info)) == 0 && info.summary)
			printf("%*s%s\n", (int)wname + 2, "", info.summary);
	}
	ret = CLI_EXIT_OK;
out:
	free(rows);
	hvabi_featureset_free(fs);
	return ret;
}

const struct cli_verb cli_verb_show = {
	.name = "show",
	.summary = "print a set as a table, naming bits and ID register fields",
	.usage = "Usage: hvabi show [--verbose] FILE [ENTRY...]\n",
	.help = "\n"
		"Print a set (JSON or blob, told apart by the blob's \"HVAB\" magic) as a\n"
		"table: name, key, kind, scope, value, the host's facts (max, min, writable\n"
		"mask) and what the value means where the catalogue knows it: the named bits\n"
		"that are set (VENDOR_HYP_BMAP 0x3: FUNC_FEAT PTP; CPUID feature flags), each\n"
		"ID register field's value (ID_AA64PFR0_EL1: ... CSV2=1 ... FP=0 ...), the\n"
		"SMCCC filter's ranges. ENTRY (a name such as PSCI_VERSION, or a key such as\n"
		"reg:0x6030000000140000) limits the table to those entries.\n"
		"\n"
		"Options:\n"
		"  -v, --verbose  add the catalogue's one-line summary under each entry\n"
		"  -h, --help     show this help\n"
		"\n"
		"Exit status: 0 shown; 2 bad input (unreadable file, unknown ENTRY) or usage\n"
		"error.\n",
	.run = run_show,
};
