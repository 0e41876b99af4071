/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The verbs that convert: encode (JSON to blob), decode (blob to JSON) and
 * import (another tool's dump to JSON).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const struct option convert_options[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* Parse "[-o FILE] IN". @return -1 to go on, else the exit status */
static int convert_args(const struct cli_verb *verb, int argc, char **argv, const char **in,
			const char **out)
{
	int c;

	while ((c = cli_getopt(verb, argc, argv, ":o:h", convert_options)) != -1) {
		if (c != 'o')
			return CLI_GETOPT_STATUS(c);
		*out = optarg;
	}
	if (argc == optind)
		return cli_usage_error(verb, "no input file given");
	if (argc - optind > 1)
		return cli_usage_error(verb, "unexpected argument '%s'", argv[optind + 1]);
	*in = argv[optind];
	return -1;
}

static int run_encode(const struct cli_verb *verb, int argc, char **argv)
{
	const char *in = NULL, *out = NULL;
	struct hvabi_featureset *fs = NULL;
	size_t len = 0;
	void *blob;
	int r;

	r = convert_args(verb, argc, argv, &in, &out);
	if (r >= 0)
		return r;
	/* A blob is binary: it goes to a terminal only when asked for with -o -. */
	if (!out && isatty(STDOUT_FILENO))
		return cli_usage_error(verb, "a blob is binary: give -o FILE (or -o - to force "
				       "standard output)");
	if (cli_load_set(in, CLI_FORMAT_JSON, &fs))
		return CLI_EXIT_ERROR;
	r = hvabi_featureset_encode_alloc(fs, &blob, &len);
	hvabi_featureset_free(fs);
	if (r) {
		cli_err("%s: cannot encode: %s", in, cli_strerror(r));
		return CLI_EXIT_ERROR;
	}
	r = cli_write_file(out, blob, len);
	free(blob);
	return r;
}

const struct cli_verb cli_verb_encode = {
	.name = "encode",
	.summary = "turn a JSON set into a blob for a migration stream",
	.usage = "Usage: hvabi encode IN -o OUT\n",
	.help = "\n"
		"Read the JSON set IN and write it as a blob (format version 1: header,\n"
		"records, CRC32C; docs/formats.md), the compact form a VMM puts in its\n"
		"migration stream. Equal sets give equal bytes. IN may be - for standard\n"
		"input.\n"
		"\n"
		"Options:\n"
		"  -o, --output OUT  write the blob to OUT (- for standard output); without\n"
		"                    -o the blob goes to standard output unless that is a\n"
		"                    terminal\n"
		"  -j, --json        an error as {\"error\": ...} on standard output\n"
		"  -h, --help        show this help\n"
		"\n"
		"Exit status: 0 written; 2 bad input (the error names FILE:LINE:COLUMN) or\n"
		"usage error.\n",
	.run = run_encode,
};

static int run_decode(const struct cli_verb *verb, int argc, char **argv)
{
	const char *in = NULL, *out = NULL;
	struct hvabi_featureset *fs = NULL;
	int r;

	r = convert_args(verb, argc, argv, &in, &out);
	if (r >= 0)
		return r;
	if (cli_load_set(in, CLI_FORMAT_BLOB, &fs))
		return CLI_EXIT_ERROR;
	r = cli_write_json(out, fs);
	hvabi_featureset_free(fs);
	return r;
}

const struct cli_verb cli_verb_decode = {
	.name = "decode",
	.summary = "turn a blob into a JSON set",
	.usage = "Usage: hvabi decode IN [-o OUT]\n",
	.help = "\n"
		"Read the blob IN, check it fully (magic, version, length, CRC32C, every\n"
		"record and entry) and write it as canonical JSON. IN may be - for standard\n"
		"input. decode of encode gives back the canonical JSON byte for byte.\n"
		"\n"
		"Options:\n"
		"  -o, --output OUT  write the JSON to OUT (default: standard output)\n"
		"  -j, --json        an error as {\"error\": ...} on standard output\n"
		"  -h, --help        show this help\n"
		"\n"
		"Exit status: 0 written; 2 bad input (the error names the file and the byte\n"
		"offset of the problem) or usage error.\n",
	.run = run_decode,
};

static const struct option import_options[] = {
	{ "firecracker", no_argument, NULL, 'f' },
	{ "output", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int run_import(const struct cli_verb *verb, int argc, char **argv)
{
	const char *in, *out = NULL;
	struct hvabi_featureset *fs = NULL;
	struct hvabi_error err;
	int c, r, firecracker = 0;
	size_t len;
	char *text;

	while ((c = cli_getopt(verb, argc, argv, ":fo:h", import_options)) != -1) {
		switch (c) {
		case 'f':
			firecracker = 1;
			break;
		case 'o':
			out = optarg;
			break;
		default:
			return CLI_GETOPT_STATUS(c);
		}
	}
	if (!firecracker)
		return cli_usage_error(verb, "say what FILE is: --firecracker");
	if (argc == optind)
		return cli_usage_error(verb, "no FILE given");
	if (argc - optind > 1)
		return cli_usage_error(verb, "unexpected argument '%s'", argv[optind + 1]);
	in = argv[optind];
	r = cli_read_file(in, &text, &len);
	if (r)
		return r;
	memset(&err, 0, sizeof(err));
	r = hvabi_featureset_import_firecracker(text, len, &fs, &err, sizeof(err));
	free(text);
	if (r) {
		cli_decode_error(in, r, &err);
		return CLI_EXIT_ERROR;
	}
	r = cli_write_json(out, fs);
	hvabi_featureset_free(fs);
	return r;
}

const struct cli_verb cli_verb_import = {
	.name = "import",
	.summary = "turn another tool's dump into a JSON set",
	.usage = "Usage: hvabi import --firecracker FILE [-o OUT]\n",
	.help = "\n"
		"Convert the output of Firecracker's 'cpu-template-helper fingerprint dump'\n"
		"(the registers, CPUID leaves and MSRs a Firecracker guest sees on a host)\n"
		"into a JSON set of origin \"imported\". Such a set has values but no host\n"
		"limits; check and baseline then judge versions by the catalogue's kernel\n"
		"history. FILE may be - for standard input.\n"
		"\n"
		"Options:\n"
		"  -f, --firecracker  FILE is a Firecracker fingerprint (the only format yet)\n"
		"  -o, --output OUT   write the JSON to OUT (default: standard output)\n"
		"  -j, --json         an error as {\"error\": ...} on standard output\n"
		"  -h, --help         show this help\n"
		"\n"
		"Exit status: 0 written; 2 bad input (the error names FILE:LINE:COLUMN) or\n"
		"usage error.\n",
	.run = run_import,
};
