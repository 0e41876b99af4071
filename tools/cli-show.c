/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * hvabi show: a set as a table people can read, with what the catalogue
 * knows about each bit and ID register field.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
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
	size_t index; /* in the set */
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

/* The entry of @p key in @p fs, and where it is. @return 0 or -ENOENT */
static int find_entry(const struct hvabi_featureset *fs, const struct hvabi_key *key,
		      struct hvabi_entry *e, size_t *index)
{
	size_t i, n = hvabi_featureset_count(fs);

	for (i = 0; i < n; i++) {
		hvabi_featureset_get_entry(fs, i, e);
		if (!hvabi_key_compare(&e->key, key)) {
			*index = i;
			return 0;
		}
	}
	return -ENOENT;
}

/*
 * The rows to show: the entries @p want names (names or keys, in that
 * order), or every entry. @return 0 or CLI_EXIT_ERROR
 */
static int collect_rows(const char *path, const struct hvabi_featureset *fs, char **want,
			size_t nwant, struct row **ret, size_t *ret_n)
{
	enum hvabi_arch arch = hvabi_featureset_get_arch(fs);
	size_t i, n = nwant ? nwant : hvabi_featureset_count(fs);
	struct row *rows;

	rows = calloc(n ? n : 1, sizeof(*rows));
	if (!rows) {
		cli_err("%s", cli_strerror(-ENOMEM));
		return CLI_EXIT_ERROR;
	}
	for (i = 0; i < n; i++) {
		struct hvabi_entry e;
		size_t index = i;

		if (nwant) {
			struct hvabi_key key;

			if (hvabi_key_from_string(arch, want[i], &key)) {
				cli_err("'%s' is neither a key nor an %s entry name", want[i],
					hvabi_arch_name(arch));
				free(rows);
				return CLI_EXIT_ERROR;
			}
			if (find_entry(fs, &key, &e, &index)) {
				cli_err("%s: no entry %s", path, want[i]);
				free(rows);
				return CLI_EXIT_ERROR;
			}
		} else {
			hvabi_featureset_get_entry(fs, i, &e);
		}
		fill_row(arch, &e, &rows[i]);
		rows[i].index = index;
	}
	*ret = rows;
	*ret_n = n;
	return 0;
}

static void max_len(size_t *w, const char *s)
{
	if (strlen(s) > *w)
		*w = strlen(s);
}

static void show_table(const char *path, const struct hvabi_featureset *fs,
		       const struct row *rows, size_t n, bool verbose)
{
	size_t wname = 4, wkey = 3, wkind = 4, wvalue = 5, wfacts = 5, i;
	char mean[SHOW_MEANING_MAX], line[SHOW_MEANING_MAX + 1024];
	enum hvabi_arch arch = hvabi_featureset_get_arch(fs);
	const char *release = hvabi_featureset_get_kernel_release(fs);

	for (i = 0; i < n; i++) {
		max_len(&wname, rows[i].name);
		max_len(&wkey, rows[i].key);
		max_len(&wkind, hvabi_kind_name((enum hvabi_kind)rows[i].e.kind));
		max_len(&wvalue, rows[i].value);
		max_len(&wfacts, rows[i].facts);
	}
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
}

/*
 * {"file", "arch", "kernel", "origin", "count", "entries": [...]}: each
 * entry as the JSON format writes it, with what the table's MEANING
 * column says and the catalogue's summary (null where there is none).
 */
static int show_json(const char *path, const struct hvabi_featureset *fs,
		     const struct row *rows, size_t n)
{
	enum hvabi_arch arch = hvabi_featureset_get_arch(fs);
	struct cli_json_entries je;
	char mean[SHOW_MEANING_MAX];
	size_t i;

	if (cli_json_entries(fs, &je))
		return CLI_EXIT_ERROR;
	fputs("{\n  \"file\": ", stdout);
	cli_json_string(stdout, path);
	fputs(", ", stdout);
	cli_json_set_header(stdout, fs);
	printf("\"count\": %zu,\n  \"entries\": [", hvabi_featureset_count(fs));
	for (i = 0; i < n; i++) {
		struct hvabi_catalog_info info;

		/* The entry's object, its closing brace left for our members. */
		printf("%s\n    %.*s, \"meaning\": ", i ? "," : "",
		       (int)je.len[rows[i].index] - 1, je.entry[rows[i].index]);
		meaning(arch, &rows[i].e, mean, sizeof(mean));
		if (mean[0])
			cli_json_string(stdout, mean);
		else
			fputs("null", stdout);
		fputs(", \"summary\": ", stdout);
		if (hvabi_catalog_lookup(arch, &rows[i].e.key, &info, sizeof(info)) == 0 && info.summary)
			cli_json_string(stdout, info.summary);
		else
			fputs("null", stdout);
		putchar('}');
	}
	fputs(n ? "\n  ]\n}\n" : "]\n}\n", stdout);
	cli_json_entries_free(&je);
	return 0;
}

static int run_show(const struct cli_verb *verb, int argc, char **argv)
{
	struct hvabi_featureset *fs = NULL;
	struct row *rows = NULL;
	const char *path;
	size_t n;
	int c, r;
	bool verbose = false;

	while ((c = cli_getopt(verb, argc, argv, ":vh", show_options)) != -1) {
		if (c != 'v')
			return CLI_GETOPT_STATUS(c);
		verbose = true;
	}
	if (argc == optind)
		return cli_usage_error(verb, "no FILE given");
	path = argv[optind];
	if (cli_load_set(path, CLI_FORMAT_ANY, &fs))
		return CLI_EXIT_ERROR;
	r = collect_rows(path, fs, argv + optind + 1, (size_t)(argc - optind - 1), &rows, &n);
	if (!r && cli_json)
		r = show_json(path, fs, rows, n);
	else if (!r)
		show_table(path, fs, rows, n, verbose);
	free(rows);
	hvabi_featureset_free(fs);
	return r;
}

const struct cli_verb cli_verb_show = {
	.name = "show",
	.summary = "print a set as a table, naming bits and ID register fields",
	.usage = "Usage: hvabi show [--verbose] [--json] FILE [ENTRY...]\n",
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
		"  -j, --json     print {\"file\", \"arch\", \"kernel\", \"origin\", \"count\",\n"
		"                 \"entries\": [...]}, each entry as the JSON format writes it\n"
		"                 with its \"meaning\" and \"summary\"\n"
		"  -h, --help     show this help\n"
		"\n"
		"Exit status: 0 shown; 2 bad input (unreadable file, unknown ENTRY) or usage\n"
		"error.\n",
	.run = run_show,
};
