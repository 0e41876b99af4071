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

	fputs("Usage: hvabi VERB [OPTION...] [ARG...]\n"
	      "       hvabi VERB --help\n"
	      "       hvabi --version\n"
	      "\n"
	      "Keep a KVM guest's hypercall and firmware ABI stable across live migration.\n"
	      "\n"
	      "Verbs:\n", f);
	for (i = 0; i < NVERBS; i++)
		fprintf(f, "  %-9s %s\n", verbs[i]->name, verbs[i]->summary);
	fputs("\n"
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
	printf("hvabi %d.%d.%d (libhvabi %s)\n", HVABI_VERSION_MAJOR, HVABI_VERSION_MINOR,
	       HVABI_VERSION_MICRO, hvabi_version());
}

static const struct cli_verb *find_verb(const char *name)
{
	size_t i;

	for (i = 0; i < NVERBS; i++)
		if (!strcmp(verbs[i]->name, name))
			return verbs[i];
	return NULL;
}

int main(int argc, char **argv)
{
	const struct cli_verb *verb;
	int r;

	if (argc < 2) {
		usage(stderr);
		return CLI_EXIT_ERROR;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return CLI_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		version();
		return CLI_EXIT_OK;
	}
	if (!strcmp(argv[1], "help")) {
		if (argc == 2) {
			usage(stdout);
			return CLI_EXIT_OK;
		}
		verb = find_verb(argv[2]);
		if (!verb || argc > 3) {
			fprintf(stderr, "hvabi help: %s\n", verb ? "one verb at a time" : "unknown verb");
			usage(stderr);
			return CLI_EXIT_ERROR;
		}
		cli_help(verb, stdout);
		return CLI_EXIT_OK;
	}
	verb = find_verb(argv[1]);
	if (!verb) {
		if (argv[1][0] == '-')
			fprintf(stderr, "hvabi: unknown option '%s'\n", argv[1]);
		else
			fprintf(stderr, "hvabi: unknown verb '%s'\n", argv[1]);
		usage(stderr);
		return CLI_EXIT_ERROR;
	}
	r = verb->run(verb, argc - 1, argv + 1);
	/* Output that could not be written is a failure, not a success. */
	if (fflush(stdout) || ferror(stdout)) {
		if (r == CLI_EXIT_OK || r == CLI_EXIT_FAIL)
			cli_err("writing to standard output failed");
		return CLI_EXIT_ERROR;
	}
	return r;
}
