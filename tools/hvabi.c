/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * hvabi: probe, baseline, check and apply a KVM guest's hypercall and
 * firmware ABI, for fleet operators. One verb per invocation; the verbs
 * live in cli-*.c and use the public API only.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const struct cli_verb *const verbs[] = {
	&cli_verb_probe,
	&cli_verb_baseline,
	&cli_verb_check,
	&cli_verb_diff,
	&cli_verb_show,
	&cli_verb_encode,
	&cli_verb_decode,
	&cli_verb_apply,
	&cli_verb_import,
};

#define NVERBS (sizeof(verbs) / sizeof(verbs[0]))

static void usage(FILE *f)
{
	size_t i;

	/* JSON mode prints its error object, not a usage for people. */
	if (cli_json && f == stderr)
		return;
	fputs("Usage: hvabi [-j] VERB [OPTION...] [ARG...]\n"
	      "       hvabi VERB --help\n"
	      "       hvabi [-j] --version\n"
	      "\n"
	      "Keep a KVM guest's hypercall and firmware ABI stable across live migration.\n"
	      "\n"
	      "Verbs:\n", f);
	for (i = 0; i < NVERBS; i++)
		fprintf(f, "  %-9s %s\n", verbs[i]->name, verbs[i]->summary);
	fputs("\n"
	      "Options (before or after the verb):\n"
	      "  -j, --json  reports, listings and errors as JSON (docs/formats.md)\n"
	      "\n"
	      "Profiles and sets are JSON files or blobs (docs/formats.md); every verb\n"
	      "that reads one accepts either.\n"
	      "\n"
	      "Exit status: 0 success (compatible, identical, verified); 1 not compatible,\n"
	      "different, blocked or not fully verified; 2 bad input, usage or\n"
	      "environment error. See hvabi(1).\n", f);
}

static void version(void)
{
	/* The headers the tool was built with, and the library it runs with. */
	if (cli_json)
		printf("{\"version\": \"%d.%d.%d\", \"libhvabi\": \"%s\"}\n",
		       HVABI_VERSION_MAJOR, HVABI_VERSION_MINOR, HVABI_VERSION_MICRO,
		       hvabi_version());
	else
		printf("hvabi %d.%d.%d (libhvabi %s)\n", HVABI_VERSION_MAJOR,
		       HVABI_VERSION_MINOR, HVABI_VERSION_MICRO, hvabi_version());
}

static const struct cli_verb *find_verb(const char *name)
{
	size_t i;

	for (i = 0; i < NVERBS; i++)
		if (!strcmp(verbs[i]->name, name))
			return verbs[i];
	return NULL;
}

/* What comes before the verb: the global options, --help and --version. */
static int run(int argc, char **argv)
{
	const struct cli_verb *verb;
	int i;

	/*
	 * -j/--json anywhere makes the errors JSON, those found before
	 * getopt reaches it too ("hvabi check --bad -j").
	 */
	for (i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], "-j") || !strcmp(argv[i], "--json"))
			cli_json = true;
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-j") || !strcmp(argv[i], "--json"))
			continue;
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return CLI_EXIT_OK;
		}
		if (!strcmp(argv[i], "--version") || !strcmp(argv[i], "-V")) {
			version();
			return CLI_EXIT_OK;
		}
		cli_err("unknown option '%s'", argv[i]);
		usage(stderr);
		return CLI_EXIT_ERROR;
	}
	if (i == argc) {
		cli_err("no verb given");
		usage(stderr);
		return CLI_EXIT_ERROR;
	}
	if (!strcmp(argv[i], "help")) {
		if (argc == i + 1) {
			usage(stdout);
			return CLI_EXIT_OK;
		}
		verb = find_verb(argv[i + 1]);
		if (!verb || argc > i + 2) {
			cli_err("help: %s", verb ? "one verb at a time" : "unknown verb");
			usage(stderr);
			return CLI_EXIT_ERROR;
		}
		cli_help(verb, stdout);
		return CLI_EXIT_OK;
	}
	verb = find_verb(argv[i]);
	if (!verb) {
		cli_err("unknown verb '%s'", argv[i]);
		usage(stderr);
		return CLI_EXIT_ERROR;
	}
	return verb->run(verb, argc - i, argv + i);
}

int main(int argc, char **argv)
{
	int r = run(argc, argv);

	if (cli_json && r == CLI_EXIT_ERROR)
		cli_json_error(stdout);
	/* Output that could not be written is a failure, not a success. */
	if (fflush(stdout) || ferror(stdout)) {
		if (r == CLI_EXIT_OK || r == CLI_EXIT_FAIL)
			cli_err("writing to standard output failed");
		return CLI_EXIT_ERROR;
	}
	return r;
}
