/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The verbs that compare sets, all pure (no KVM): baseline of N hosts,
 * check of one migration, diff of two sets.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* ------------------------------------------------------------- baseline */

static const struct option baseline_options[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "report", required_argument, NULL, 'r' },
	{ "pin", required_argument, NULL, 'p' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/*
 * The report, as text or (-j) JSON, written to @p path (stderr when NULL).
 * @return 0 or CLI_EXIT_ERROR
 */
static int write_report(const char *path, const struct hvabi_report *report)
{
	size_t len;
	char *text;
	int r;

	if (!path && !cli_json)
		return cli_print_report(stderr, report, HVABI_SEVERITY_INFO);
	text = cli_report_text(report, cli_json, &len);
	if (!text)
		return CLI_EXIT_ERROR;
	if (path) {
		r = cli_write_file(path, text, len);
	} else {
		fputs(text, stderr);
		r = 0;
	}
	free(text);
	return r;
}

static int run_baseline(const struct cli_verb *verb, int argc, char **argv)
{
	const char *output = NULL, *report_path = NULL;
	struct hvabi_featureset **profiles = NULL, *base = NULL;
	struct hvabi_report *report = NULL;
	size_t n = 0, i, blocking;
	bool may_move = false, pin = false;
	unsigned long pin_index = 0;
	int c, r, ret = CLI_EXIT_ERROR;
	char *end;

	while ((c = cli_getopt(verb, argc, argv, ":o:r:p:h", baseline_options)) != -1) {
		switch (c) {
		case 'o':
			output = optarg;
			break;
		case 'r':
			report_path = optarg;
			break;
		case 'p':
			errno = 0;
			pin_index = strtoul(optarg, &end, 10);
			if (optarg[0] < '0' || optarg[0] > '9' || *end || errno ||
			    pin_index >= HVABI_IMPLS_MAX)
				return cli_usage_error(verb, "--pin wants a member of the CPU list, "
						       "0 to %u, not '%s'", HVABI_IMPLS_MAX - 1,
						       optarg);
			pin = true;
			break;
		default:
			return CLI_GETOPT_STATUS(c);
		}
	}
	if (optind == argc)
		return cli_usage_error(verb, "no PROFILE given");
	profiles = calloc((size_t)(argc - optind), sizeof(*profiles));
	if (!profiles) {
		cli_err("%s", cli_strerror(-ENOMEM));
		return CLI_EXIT_ERROR;
	}
	for (i = 0; i < (size_t)(argc - optind); i++) {
		const char *path = argv[optind + (int)i];

		if (cli_load_set(path, CLI_FORMAT_ANY, &profiles[n]))
			goto out;
		n++;
		if (hvabi_featureset_get_arch(profiles[i]) != hvabi_featureset_get_arch(profiles[0])) {
			cli_err("%s: an %s profile, but %s is %s: a baseline is of one architecture",
				path, hvabi_arch_name(hvabi_featureset_get_arch(profiles[i])),
				argv[optind], hvabi_arch_name(hvabi_featureset_get_arch(profiles[0])));
			goto out;
		}
	}
	r = hvabi_baseline((const struct hvabi_featureset *const *)profiles, n, 0, &base,
			   &may_move, &report);
	if (r < 0) {
		cli_err("computing the baseline: %s", cli_strerror(r));
		goto out;
	}
	if (pin && (r = hvabi_impl_pin(base, pin_index))) {
		cli_err("--pin %lu: %s", pin_index,
			r == -ENOENT ? "the baseline's CPU list has no such member (hvabi show "
				       "lists it)"
				     : cli_strerror(r));
		goto out;
	}
	/*
	 * The report first: should it fail, the set goes nowhere, and JSON
	 * mode's standard output holds one document, the set or the error.
	 */
	if (write_report(report_path, report) || cli_write_json(output, base))
		goto out;
	blocking = hvabi_report_count_severity(report, HVABI_SEVERITY_BLOCK);
	if (may_move) {
		ret = CLI_EXIT_OK;
	} else if (cli_json) {
		/* The report's "ok": false says it. */
		ret = CLI_EXIT_FAIL;
	} else {
		cli_err("%zu item%s block%s: a VM on this baseline cannot move between every "
			"host (see the report%s%s)", blocking, blocking == 1 ? "" : "s",
			blocking == 1 ? "s" : "", report_path ? " in " : "",
			report_path ? report_path : "");
		ret = CLI_EXIT_FAIL;
	}
out:
	for (i = 0; i < n; i++)
		hvabi_featureset_free(profiles[i]);
	free(profiles);
	hvabi_featureset_free(base);
	hvabi_report_free(report);
	return ret;
}

const struct cli_verb cli_verb_baseline = {
	.name = "baseline",
	.summary = "compute the set every one of N hosts can give a guest",
	.usage = "Usage: hvabi baseline [-o FILE] [--report FILE] [--pin N] [--json] PROFILE...\n",
	.help = "\n"
		"Compute the baseline of the host profiles: the largest set a VM can be pinned\n"
		"to so that it may move between all of them, rollbacks included. Each entry\n"
		"is met by its kind (bitmaps AND, the highest version all accept, the lowest\n"
		"level, ID register fields by the kernel's FTR rules; exact entries must\n"
		"agree). An entry only some hosts have is kept at the value the others imply,\n"
		"or dropped, which blocks. The set is written even when an item blocks.\n"
		"\n"
		"The report, one line per entry lowered, implied, dropped, in conflict or not\n"
		"pinnable, goes to standard error or to the --report file.\n"
		"\n"
		"Options:\n"
		"  -o, --output FILE  write the baseline (JSON) to FILE (default: standard output)\n"
		"  -r, --report FILE  write the report to FILE (default: standard error)\n"
		"  -p, --pin N        arm64, hosts of several CPUs: show the guest member N of\n"
		"                     the CPU list (TARGET_IMPLS; 0, the lowest, by default)\n"
		"  -j, --json         write the report as JSON, every item: {\"ok\": bool,\n"
		"                     \"items\": [...]} as hvabi check --json prints it\n"
		"  -h, --help         show this help\n"
		"\n"
		"Exit status: 0 every host can take the baseline; 1 an item blocks (the set is\n"
		"still written); 2 bad input (an unreadable profile, mixed architectures) or\n"
		"usage error.\n",
	.run = run_baseline,
};

/* ---------------------------------------------------------------- check */

static const struct option check_options[] = {
	{ "all", no_argument, NULL, 'a' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int run_check(const struct cli_verb *verb, int argc, char **argv)
{
	enum hvabi_severity min = HVABI_SEVERITY_WARN;
	struct hvabi_featureset *set = NULL, *dest = NULL;
	struct hvabi_report *report = NULL;
	int c, r, ret = CLI_EXIT_ERROR;
	size_t blocking, warnings;
	bool may_move = false;

	while ((c = cli_getopt(verb, argc, argv, ":ah", check_options)) != -1) {
		switch (c) {
		case 'a':
			min = HVABI_SEVERITY_INFO;
			break;
		default:
			return CLI_GETOPT_STATUS(c);
		}
	}
	if (argc - optind < 2)
		return cli_usage_error(verb, "SET and PROFILE wanted");
	if (argc - optind > 2)
		return cli_usage_error(verb, "unexpected argument '%s'", argv[optind + 2]);
	if (cli_load_set(argv[optind], CLI_FORMAT_ANY, &set) ||
	    cli_load_set(argv[optind + 1], CLI_FORMAT_ANY, &dest))
		goto out;
	r = hvabi_check(set, dest, 0, &may_move, &report);
	if (r < 0) {
		cli_err("checking %s against %s: %s", argv[optind], argv[optind + 1],
			cli_strerror(r));
		goto out;
	}
	if (cli_json) {
		/* Every item: tools filter for themselves. */
		if (cli_print_report_json(stdout, report))
			goto out;
	} else {
		if (cli_print_report(stdout, report, min))
			goto out;
		blocking = hvabi_report_count_severity(report, HVABI_SEVERITY_BLOCK);
		warnings = hvabi_report_count_severity(report, HVABI_SEVERITY_WARN) - blocking;
		if (may_move)
			printf("compatible: %s may move to %s (%zu warning%s)\n", argv[optind],
			       argv[optind + 1], warnings, warnings == 1 ? "" : "s");
		else
			printf("not compatible: %zu item%s block%s moving %s to %s\n", blocking,
			       blocking == 1 ? "" : "s", blocking == 1 ? "s" : "", argv[optind],
			       argv[optind + 1]);
	}
	ret = may_move ? CLI_EXIT_OK : CLI_EXIT_FAIL;
out:
	hvabi_report_free(report);
	hvabi_featureset_free(set);
	hvabi_featureset_free(dest);
	return ret;
}

const struct cli_verb cli_verb_check = {
	.name = "check",
	.summary = "may a VM pinned to SET move to PROFILE's host? (rollbacks too)",
	.usage = "Usage: hvabi check [--all] [--json] SET PROFILE\n",
	.help = "\n"
		"Check whether a VM whose ABI is SET (a baseline, or a source host's profile\n"
		"for a VM left at its defaults) may move to the host PROFILE describes. A\n"
		"rollback is a check against the older host's profile. Each entry gets a\n"
		"verdict by the kernel's own rules; one line per reason:\n"
		"\n"
		"  SEVERITY CODE NAME KEY source=VALUE destination=VALUE: message\n"
		"\n"
		"for example\n"
		"\n"
		"  block beyond-destination PSCI_VERSION reg:0x6030000000140000 source=0x10003\n"
		"  destination=0x10001: 0x10003 is outside what the host accepts (0x2..0x10001)\n"
		"\n"
		"(on one line), then a verdict line. Without --all only the items that block\n"
		"or warn are listed.\n"
		"\n"
		"Options:\n"
		"  -a, --all   list every item, the harmless ones too\n"
		"  -j, --json  print the report as JSON, every item: {\"ok\": bool, \"items\":\n"
		"              [{\"name\", \"key\", \"reason\", \"severity\", \"source\",\n"
		"              \"destination\", \"error\", \"message\"}...]}\n"
		"  -h, --help  show this help\n"
		"\n"
		"Exit status: 0 compatible; 1 not compatible (an item blocks, or the sets are\n"
		"of different architectures); 2 bad input or usage error.\n",
	.run = run_check,
};

/* ----------------------------------------------------------------- diff */

static void set_header(FILE *f, const char *mark, const char *path,
		       const struct hvabi_featureset *fs)
{
	const char *release = hvabi_featureset_get_kernel_release(fs);
	size_t n = hvabi_featureset_count(fs);

	fprintf(f, "%s %s (%s", mark, path, hvabi_arch_name(hvabi_featureset_get_arch(fs)));
	if (release && release[0])
		fprintf(f, ", kernel %s", release);
	if (hvabi_featureset_get_origin(fs) != HVABI_ORIGIN_NONE)
		fprintf(f, ", %s", hvabi_origin_name(hvabi_featureset_get_origin(fs)));
	fprintf(f, ", %zu entr%s)\n", n, n == 1 ? "y" : "ies");
}

static void print_ranges(FILE *f, const struct hvabi_entry *e)
{
	uint16_t i;

	fputs("[", f);
	for (i = 0; i < e->nranges; i++)
		fprintf(f, "%s0x%" PRIx32 "+0x%" PRIx32 " %s", i ? ", " : "", e->ranges[i].base,
			e->ranges[i].count, cli_range_action_name(e->ranges[i].action));
	fputs("]", f);
}

/* "value=0x3 max=0x3 ...", the entry's facts. */
static void print_facts(FILE *f, const struct hvabi_entry *e)
{
	char value[CLI_VALUE_TEXT_MAX];

	cli_value_text(e, value, sizeof(value));
	fprintf(f, "value=%s", value);
	if (e->flags & HVABI_ENTRY_HAS_MAX)
		fprintf(f, " max=0x%" PRIx64, e->max);
	if (e->flags & HVABI_ENTRY_HAS_MIN)
		fprintf(f, " min=0x%" PRIx64, e->min);
	if (e->flags & HVABI_ENTRY_HAS_MASK)
		fprintf(f, " mask=0x%" PRIx64, e->mask);
	if (e->kind == HVABI_KIND_RANGESET) {
		fputs(" ranges=", f);
		print_ranges(f, e);
	}
}

static void print_only(FILE *f, const char *mark, enum hvabi_arch arch,
		       const struct hvabi_entry *e)
{
	char name[64], key[64];

	fprintf(f, "%s %s %s %s ", mark, cli_entry_name(arch, &e->key, name, sizeof(name)),
		cli_key_text(&e->key, key, sizeof(key)), hvabi_kind_name((enum hvabi_kind)e->kind));
	print_facts(f, e);
	fputc('\n', f);
}

static int same_value(const struct hvabi_entry *a, const struct hvabi_entry *b)
{
	if (a->width != b->width)
		return 0;
	if (a->width > 8)
		return !memcmp(a->wide, b->wide, a->width);
	return a->value == b->value;
}

static int same_ranges(const struct hvabi_entry *a, const struct hvabi_entry *b)
{
	uint16_t i;

	if (a->nranges != b->nranges)
		return 0;
	for (i = 0; i < a->nranges; i++)
		if (a->ranges[i].base != b->ranges[i].base ||
		    a->ranges[i].count != b->ranges[i].count ||
		    a->ranges[i].action != b->ranges[i].action)
			return 0;
	return 1;
}

static void print_fact_change(FILE *f, const char *what, uint16_t flag,
			      const struct hvabi_entry *a, uint64_t va,
			      const struct hvabi_entry *b, uint64_t vb)
{
	int ha = !!(a->flags & flag), hb = !!(b->flags & flag);

	if (ha == hb && (!ha || va == vb))
		return;
	fprintf(f, "; %s ", what);
	if (ha)
		fprintf(f, "0x%" PRIx64, va);
	else
		fputs("none", f);
	fputs(" -> ", f);
	if (hb)
		fprintf(f, "0x%" PRIx64, vb);
	else
		fputs("none", f);
}

/* Whether two entries of one key differ in anything a set holds. */
static bool entries_differ(const struct hvabi_entry *a, const struct hvabi_entry *b)
{
	return !(a->kind == b->kind && a->scope == b->scope && same_value(a, b) &&
		 a->flags == b->flags &&
		 (!(a->flags & HVABI_ENTRY_HAS_MAX) || a->max == b->max) &&
		 (!(a->flags & HVABI_ENTRY_HAS_MIN) || a->min == b->min) &&
		 (!(a->flags & HVABI_ENTRY_HAS_MASK) || a->mask == b->mask) &&
		 same_ranges(a, b));
}

/* Print the entry's changes from @p a to @p b, which differ. */
static void print_change(FILE *f, enum hvabi_arch arch, const struct hvabi_entry *a,
			 const struct hvabi_entry *b)
{
	char name[64], key[64], va[CLI_VALUE_TEXT_MAX], vb[CLI_VALUE_TEXT_MAX];

	cli_value_text(a, va, sizeof(va));
	cli_value_text(b, vb, sizeof(vb));
	fprintf(f, "~ %s %s %s: value %s %s %s", cli_entry_name(arch, &a->key, name, sizeof(name)),
		cli_key_text(&a->key, key, sizeof(key)), hvabi_kind_name((enum hvabi_kind)a->kind),
		va, same_value(a, b) ? "=" : "->", vb);
	if (a->kind != b->kind)
		fprintf(f, "; kind %s -> %s", hvabi_kind_name((enum hvabi_kind)a->kind),
			hvabi_kind_name((enum hvabi_kind)b->kind));
	if (a->scope != b->scope)
		fprintf(f, "; scope %s -> %s", a->scope == HVABI_SCOPE_VM ? "vm" : "vcpu",
			b->scope == HVABI_SCOPE_VM ? "vm" : "vcpu");
	print_fact_change(f, "max", HVABI_ENTRY_HAS_MAX, a, a->max, b, b->max);
	print_fact_change(f, "min", HVABI_ENTRY_HAS_MIN, a, a->min, b, b->min);
	print_fact_change(f, "mask", HVABI_ENTRY_HAS_MASK, a, a->mask, b, b->mask);
	if (!same_ranges(a, b)) {
		fputs("; ranges ", f);
		print_ranges(f, a);
		fputs(" -> ", f);
		print_ranges(f, b);
	}
	fputc('\n', f);
}

/* diff's output, as text or (-j) as JSON. */
struct diff_out {
	FILE *f;
	enum hvabi_arch arch;
	struct cli_json_entries ja, jb; /* JSON: the entries' objects */
	size_t only_a, only_b, changed;
};

/* {"file": ..., "arch": ..., "kernel": ..., "origin": ..., "count": N} */
static void json_set_summary(FILE *f, const char *path, const struct hvabi_featureset *fs)
{
	fputs("{\"file\": ", f);
	cli_json_string(f, path);
	fputs(", ", f);
	cli_json_set_header(f, fs);
	fprintf(f, "\"count\": %zu}", hvabi_featureset_count(fs));
}

/*
 * One entry only in A (@p ia, else SIZE_MAX), only in B (@p ib), or in
 * both and different.
 */
static void diff_item(struct diff_out *d, const struct hvabi_entry *ea, size_t ia,
		      const struct hvabi_entry *eb, size_t ib)
{
	const struct hvabi_entry *e = ea ? ea : eb;
	char name[64], key[64];
	size_t n = d->only_a + d->only_b + d->changed;

	if (!cli_json) {
		if (!eb)
			print_only(d->f, "-", d->arch, ea);
		else if (!ea)
			print_only(d->f, "+", d->arch, eb);
		else
			print_change(d->f, d->arch, ea, eb);
	} else {
		fprintf(d->f, "%s\n    {\"change\": \"%s\", \"name\": ", n ? "," : "",
			!eb ? "removed" : !ea ? "added" : "changed");
		cli_json_string(d->f, cli_entry_name(d->arch, &e->key, name, sizeof(name)));
		fputs(", \"key\": ", d->f);
		cli_json_string(d->f, cli_key_text(&e->key, key, sizeof(key)));
		fputs(", \"a\": ", d->f);
		if (ea)
			fwrite(d->ja.entry[ia], 1, d->ja.len[ia], d->f);
		else
			fputs("null", d->f);
		fputs(", \"b\": ", d->f);
		if (eb)
			fwrite(d->jb.entry[ib], 1, d->jb.len[ib], d->f);
		else
			fputs("null", d->f);
		fputc('}', d->f);
	}
	if (!eb)
		d->only_a++;
	else if (!ea)
		d->only_b++;
	else
		d->changed++;
}

static int run_diff(const struct cli_verb *verb, int argc, char **argv)
{
	static const struct option options[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct hvabi_featureset *a = NULL, *b = NULL;
	struct diff_out d = { .f = stdout };
	size_t i = 0, j = 0, na, nb;
	const char *pa, *pb;
	bool comparable, equal;
	int c, ret = CLI_EXIT_ERROR;

	while ((c = cli_getopt(verb, argc, argv, ":h", options)) != -1)
		return CLI_GETOPT_STATUS(c);
	if (argc - optind < 2)
		return cli_usage_error(verb, "two sets wanted, A and B");
	if (argc - optind > 2)
		return cli_usage_error(verb, "unexpected argument '%s'", argv[optind + 2]);
	pa = argv[optind];
	pb = argv[optind + 1];
	if (cli_load_set(pa, CLI_FORMAT_ANY, &a) || cli_load_set(pb, CLI_FORMAT_ANY, &b))
		goto out;
	d.arch = hvabi_featureset_get_arch(a);
	comparable = d.arch == hvabi_featureset_get_arch(b);
	equal = comparable && hvabi_featureset_equal(a, b) == 1;
	if (cli_json) {
		if (cli_json_entries(a, &d.ja) || cli_json_entries(b, &d.jb))
			goto out;
		fputs("{\n  \"a\": ", d.f);
		json_set_summary(d.f, pa, a);
		fputs(",\n  \"b\": ", d.f);
		json_set_summary(d.f, pb, b);
		fprintf(d.f, ",\n  \"comparable\": %s,\n  \"equal\": %s,\n  \"changes\": [",
			comparable ? "true" : "false", equal ? "true" : "false");
	} else if (!equal) {
		set_header(d.f, "---", pa, a);
		set_header(d.f, "+++", pb, b);
	}
	if (!comparable) {
		if (cli_json)
			fputs("]\n}\n", d.f);
		else
			printf("! arch %s -> %s: the entries are not comparable\n",
			       hvabi_arch_name(d.arch), hvabi_arch_name(hvabi_featureset_get_arch(b)));
		ret = CLI_EXIT_FAIL;
		goto out;
	}
	na = equal ? 0 : hvabi_featureset_count(a);
	nb = equal ? 0 : hvabi_featureset_count(b);
	/* Both sets are in key order: one merge pass. */
	while (i < na || j < nb) {
		struct hvabi_entry ea, eb;
		int cmp;

		if (i < na)
			hvabi_featureset_get_entry(a, i, &ea);
		if (j < nb)
			hvabi_featureset_get_entry(b, j, &eb);
		if (i == na)
			cmp = 1;
		else if (j == nb)
			cmp = -1;
		else
			cmp = hvabi_key_compare(&ea.key, &eb.key);
		if (cmp < 0) {
			diff_item(&d, &ea, i, NULL, SIZE_MAX);
			i++;
		} else if (cmp > 0) {
			diff_item(&d, NULL, SIZE_MAX, &eb, j);
			j++;
		} else {
			if (entries_differ(&ea, &eb))
				diff_item(&d, &ea, i, &eb, j);
			i++;
			j++;
		}
	}
	if (cli_json)
		fputs(d.only_a + d.only_b + d.changed ? "\n  ]\n}\n" : "]\n}\n", d.f);
	else if (!equal)
		printf("%zu only in %s, %zu only in %s, %zu differ%s\n", d.only_a, pa, d.only_b,
		       pb, d.changed, d.changed == 1 ? "s" : "");
	ret = equal ? CLI_EXIT_OK : CLI_EXIT_FAIL;
out:
	cli_json_entries_free(&d.ja);
	cli_json_entries_free(&d.jb);
	hvabi_featureset_free(a);
	hvabi_featureset_free(b);
	return ret;
}

const struct cli_verb cli_verb_diff = {
	.name = "diff",
	.summary = "list the entries two sets do not share, or hold differently",
	.usage = "Usage: hvabi diff [--json] A B\n",
	.help = "\n"
		"Compare two sets (profiles, baselines) entry by entry, in key order:\n"
		"\n"
		"  - NAME KEY KIND value=... max=...   only in A\n"
		"  + NAME KEY KIND value=... max=...   only in B\n"
		"  ~ NAME KEY KIND: value A -> B; max A -> B ...   in both, held differently\n"
		"\n"
		"then a count. Metadata (kernel release, origin) is shown in the header but\n"
		"is not compared. Identical sets print nothing.\n"
		"\n"
		"Options:\n"
		"  -j, --json  print {\"a\", \"b\", \"comparable\", \"equal\", \"changes\": [{\"change\",\n"
		"              \"name\", \"key\", \"a\", \"b\"}...]}, each side an entry as the\n"
		"              JSON format writes it, or null\n"
		"  -h, --help  show this help\n"
		"\n"
		"Exit status: 0 identical; 1 different (architectures included); 2 bad input\n"
		"or usage error.\n",
	.run = run_diff,
};
