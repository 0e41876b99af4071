/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The hvabi tool: what the verbs share. The tool uses the public API only
 * (<libhvabi/hvabi.h>) and links the shared library, as any VMM would.
 */
#ifndef HVABI_CLI_H
#define HVABI_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <libhvabi/hvabi.h>

/* Exit statuses; the man page and every --help state them. */
#define CLI_EXIT_OK 0    /* success, compatible, identical, verified */
#define CLI_EXIT_FAIL 1  /* not compatible, different, blocked, not fully verified */
#define CLI_EXIT_ERROR 2 /* bad input, usage or environment error */

#define CLI_PRINTF(a, b) __attribute__((format(printf, a, b)))

/*
 * -j/--json, given before or after the verb: reports with the library's
 * one schema (hvabi_report_to_json()), listings as JSON, and an error as
 * {"error": "..."} on standard output instead of a line on standard error
 * (docs/formats.md, "The hvabi tool's JSON output").
 */
extern bool cli_json;

/* JSON mode: print the run's first error as {"error": "..."}. */
void cli_json_error(FILE *f);

/* One verb: its name, synopsis, the rest of its --help, and its body. */
struct cli_verb {
	const char *name;
	const char *summary; /* one line for "hvabi --help" */
	const char *usage;   /* "Usage: hvabi VERB ...\n", one or more lines */
	const char *help;    /* what follows the usage in --help */
	int (*run)(const struct cli_verb *verb, int argc, char **argv);
};

extern const struct cli_verb cli_verb_probe, cli_verb_baseline, cli_verb_check,
	cli_verb_diff, cli_verb_show, cli_verb_encode, cli_verb_decode, cli_verb_apply,
	cli_verb_import;

/* "hvabi: <message>\n" on stderr. */
void cli_err(const char *fmt, ...) CLI_PRINTF(1, 2);

/*
 * A usage error: "hvabi VERB: <message>", the verb's synopsis and a hint,
 * all on stderr.
 * @return CLI_EXIT_ERROR
 */
int cli_usage_error(const struct cli_verb *verb, const char *fmt, ...) CLI_PRINTF(2, 3);

/* The most long options a verb has (-j/--json, which cli_getopt() adds, aside). */
#define CLI_OPTIONS_MAX 16

/*
 * Parse a verb's options with getopt_long(). Unknown options and missing
 * arguments become usage errors; --help (which every verb's @p longopts
 * must map to 'h') prints the verb's help; -j/--json sets cli_json.
 * @return the option character, -1 at the end of the options, or
 *         -2 - status when the caller must return that exit status
 *         (CLI_GETOPT_STATUS() gives it back).
 */
struct option;
#define CLI_GETOPT_STATUS(c) (-2 - (c))
int cli_getopt(const struct cli_verb *verb, int argc, char **argv, const char *shortopts,
	       const struct option *longopts);

/* Print the verb's full help on stdout. */
void cli_help(const struct cli_verb *verb, FILE *f);

/*
 * Read a whole file ("-": standard input) into a NUL-terminated buffer.
 * Reports its own errors, naming the file.
 * @return 0 or CLI_EXIT_ERROR
 */
int cli_read_file(const char *path, char **buf, size_t *len);

/*
 * Write @p len bytes to @p path (NULL or "-": standard output). A file is
 * written beside its final name and renamed into place, so a failed run
 * never leaves a truncated profile behind.
 * @return 0 or CLI_EXIT_ERROR
 */
int cli_write_file(const char *path, const void *buf, size_t len);

/* Whether @p buf starts with the blob magic "HVAB". */
int cli_is_blob(const void *buf, size_t len);

/* The formats cli_load_set() accepts. */
enum cli_format {
	CLI_FORMAT_ANY,  /* blob when it starts with "HVAB", else JSON */
	CLI_FORMAT_JSON,
	CLI_FORMAT_BLOB,
};

/*
 * Read a feature set from a file. Every error names the file and where in
 * it (line:column for JSON, the byte offset for a blob).
 * @return 0 or CLI_EXIT_ERROR
 */
int cli_load_set(const char *path, enum cli_format format, struct hvabi_featureset **ret);

/* Report a decoder's error: "hvabi: FILE:LINE:COL: message" (or "FILE: offset N: ..."). */
void cli_decode_error(const char *path, int r, const struct hvabi_error *err);

/* The set as JSON text (malloc'd, NUL-terminated), or NULL after reporting why. */
char *cli_set_to_json(const struct hvabi_featureset *fs, size_t *len);

/* Write the set as JSON to @p path (NULL or "-": stdout). @return 0 or CLI_EXIT_ERROR */
int cli_write_json(const char *path, const struct hvabi_featureset *fs);

/*
 * A report as hvabi_report_to_json() (@p json) or hvabi_report_to_text()
 * writes it (malloc'd, NUL-terminated), or NULL after reporting why.
 */
char *cli_report_text(const struct hvabi_report *report, bool json, size_t *len);

/*
 * Print a report's items of @p min severity or above, one per line, in
 * the text form hvabi_report_to_text() gives.
 * @return 0 or CLI_EXIT_ERROR
 */
int cli_print_report(FILE *f, const struct hvabi_report *report,
		     enum hvabi_severity min);

/* Print a report as hvabi_report_to_json() writes it, every item. @return 0 or CLI_EXIT_ERROR */
int cli_print_report_json(FILE *f, const struct hvabi_report *report);

/*
 * A set's entries as JSON objects, taken from the library's own writer
 * (hvabi_featureset_to_json(), which puts each entry on a line of its
 * own, in the set's order): @entry[i] is the object of entry i,
 * @len[i] bytes long, neither indent nor comma.
 */
struct cli_json_entries {
	char *text;
	const char **entry;
	size_t *len;
	size_t n;
};

/* @return 0 or CLI_EXIT_ERROR (after reporting why) */
int cli_json_entries(const struct hvabi_featureset *fs, struct cli_json_entries *ret);
void cli_json_entries_free(struct cli_json_entries *e);

/* "arch", "kernel" and "origin" members of @p fs, each followed by ", ". */
void cli_json_set_header(FILE *f, const struct hvabi_featureset *fs);

/* The strerror() text of a negative errno. */
const char *cli_strerror(int r);

/* The catalogue name of @p key for @p arch, or the key's canonical text. */
const char *cli_entry_name(enum hvabi_arch arch, const struct hvabi_key *key, char *buf,
			   size_t len);

/* The key's canonical text ("?" if it has none). */
const char *cli_key_text(const struct hvabi_key *key, char *buf, size_t len);

/* An entry's value as the JSON format writes it: "0x..." (wide: all 2 x width digits). */
void cli_value_text(const struct hvabi_entry *e, char *buf, size_t len);

/* Room for cli_value_text() of the widest value. */
/* A wide value in hex, or a list of HVABI_IMPLS_MAX implementations with their names. */
#define CLI_VALUE_TEXT_MAX (HVABI_IMPLS_MAX * 80u)

/* Write @p s as a JSON string (quotes and escapes included). */
void cli_json_string(FILE *f, const char *s);

/* The name of an SMCCC filter action ("handle", "deny", "fwd_to_user"). */
const char *cli_range_action_name(uint8_t action);

#endif /* HVABI_CLI_H */
