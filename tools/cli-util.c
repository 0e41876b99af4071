/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The hvabi tool: files, decoding with located errors, reports, options.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* Inputs larger than this are not profiles; refuse them before reading. */
#define CLI_FILE_MAX (256u << 20)

bool cli_json;

/* JSON mode: the run's first error, which main() prints as {"error": ...}. */
static char json_error[1024];

static void verr(const char *prefix, const char *fmt, va_list ap) CLI_PRINTF(2, 0);

static void verr(const char *prefix, const char *fmt, va_list ap)
{
	if (cli_json) {
		/* The first error is the cause; what follows is its consequence. */
		if (!json_error[0])
			vsnprintf(json_error, sizeof(json_error), fmt, ap);
		return;
	}
	fflush(stdout);
	fputs(prefix, stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void cli_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verr("hvabi: ", fmt, ap);
	va_end(ap);
}

void cli_json_error(FILE *f)
{
	fputs("{\"error\": ", f);
	cli_json_string(f, json_error[0] ? json_error : "failed");
	fputs("}\n", f);
}

void cli_help(const struct cli_verb *verb, FILE *f)
{
	fputs(verb->usage, f);
	fputs(verb->help, f);
}

int cli_usage_error(const struct cli_verb *verb, const char *fmt, ...)
{
	char prefix[32];
	va_list ap;

	snprintf(prefix, sizeof(prefix), "hvabi %s: ", verb->name);
	va_start(ap, fmt);
	verr(prefix, fmt, ap);
	va_end(ap);
	/* The synopsis and the hint are for people. */
	if (!cli_json) {
		fputs(verb->usage, stderr);
		fprintf(stderr, "Try 'hvabi %s --help' for more.\n", verb->name);
	}
	return CLI_EXIT_ERROR;
}

int cli_getopt(const struct cli_verb *verb, int argc, char **argv, const char *shortopts,
	       const struct option *longopts)
{
	struct option opts[CLI_OPTIONS_MAX + 2];
	char shorts[2 * CLI_OPTIONS_MAX + 3];
	const char *arg;
	size_t n;
	int c, r;

	/* Every verb takes the global -j/--json after its name too. */
	snprintf(shorts, sizeof(shorts), ":j%s", shortopts + (shortopts[0] == ':'));
	for (n = 0; n < CLI_OPTIONS_MAX && longopts[n].name; n++)
		opts[n] = longopts[n];
	opts[n++] = (struct option){ "json", no_argument, NULL, 'j' };
	opts[n] = (struct option){ NULL, 0, NULL, 0 };
	/* Our own messages name the verb; getopt's would name argv[0]. */
	opterr = 0;
	while ((c = getopt_long(argc, argv, shorts, opts, NULL)) == 'j')
		cli_json = true;
	arg = optind > 0 && optind <= argc ? argv[optind - 1] : "";
	switch (c) {
	case 'h':
		cli_help(verb, stdout);
		return CLI_GETOPT_STATUS(CLI_EXIT_OK);
	case '?':
		/* optopt is 0 for an unknown long option, which getopt has passed */
		if (!optopt)
			r = cli_usage_error(verb, "unknown option '%s'", arg);
		else if (!strncmp(arg, "--", 2) && strchr(arg, '='))
			r = cli_usage_error(verb, "option '%s' takes no argument", arg);
		else
			r = cli_usage_error(verb, "unknown option '-%c'", optopt);
		return CLI_GETOPT_STATUS(r);
	case ':':
		if (!strncmp(arg, "--", 2))
			r = cli_usage_error(verb, "option '%s' needs an argument", arg);
		else
			r = cli_usage_error(verb, "option '-%c' needs an argument", optopt);
		return CLI_GETOPT_STATUS(r);
	default:
		return c;
	}
}

const char *cli_strerror(int r)
{
	return strerror(r < 0 ? -r : r);
}

static const char *display_path(const char *path)
{
	return !path || !strcmp(path, "-") ? "<stdin>" : path;
}

int cli_read_file(const char *path, char **ret, size_t *ret_len)
{
	size_t len = 0, cap = 0;
	char *buf = NULL;
	struct stat st;
	int fd, err = 0;

	if (!strcmp(path, "-")) {
		fd = STDIN_FILENO;
	} else {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			cli_err("%s: %s", path, strerror(errno));
			return CLI_EXIT_ERROR;
		}
	}
	if (fstat(fd, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			err = EISDIR;
			goto out;
		}
		if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > CLI_FILE_MAX) {
			err = EFBIG;
			goto out;
		}
		/*
		 * Room for the file, its NUL and one byte more, so that the
		 * read that finds the end needs no larger buffer.
		 */
		if (S_ISREG(st.st_mode))
			cap = (size_t)st.st_size + 2;
	}
	for (;;) {
		ssize_t n;

		if (!buf || len + 1 >= cap) {
			size_t ncap = !buf ? (cap ? cap : 65536) : cap * 2;
			char *nbuf;

			if (len >= CLI_FILE_MAX) {
				err = EFBIG;
				goto out;
			}
			nbuf = realloc(buf, ncap);
			if (!nbuf) {
				err = ENOMEM;
				goto out;
			}
			buf = nbuf;
			cap = ncap;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = errno;
			goto out;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
out:
	if (fd != STDIN_FILENO)
		close(fd);
	if (err) {
		free(buf);
		cli_err("%s: %s", display_path(path), strerror(err));
		return CLI_EXIT_ERROR;
	}
	*ret = buf;
	*ret_len = len;
	return 0;
}

static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int cli_write_file(const char *path, const void *buf, size_t len)
{
	struct stat st;
	char *tmp;
	mode_t mode;
	int fd, r, exists;

	if (!path || !strcmp(path, "-")) {
		fflush(stdout);
		r = write_all(STDOUT_FILENO, buf, len);
		if (r) {
			cli_err("writing to standard output: %s", cli_strerror(r));
			return CLI_EXIT_ERROR;
		}
		return 0;
	}
	/*
	 * Not a regular file (/dev/null, a pipe, a symlink): write it in
	 * place; renaming over it would replace the node, not fill it.
	 */
	exists = lstat(path, &st) == 0;
	if (exists && !S_ISREG(st.st_mode)) {
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
		if (fd < 0) {
			cli_err("cannot write %s: %s", path, strerror(errno));
			return CLI_EXIT_ERROR;
		}
		r = write_all(fd, buf, len);
		if (close(fd) && !r)
			r = -errno;
		if (r) {
			cli_err("cannot write %s: %s", path, cli_strerror(r));
			return CLI_EXIT_ERROR;
		}
		return 0;
	}
	if (asprintf(&tmp, "%s.XXXXXX", path) < 0) {
		cli_err("cannot write %s: %s", path, strerror(ENOMEM));
		return CLI_EXIT_ERROR;
	}
	fd = mkstemp(tmp);
	if (fd < 0) {
		cli_err("cannot write %s: %s", path, strerror(errno));
		free(tmp);
		return CLI_EXIT_ERROR;
	}
	/*
	 * mkstemp() makes the file 0600; a profile is no secret: keep the
	 * mode of the file replaced, else honour the umask.
	 */
	if (exists) {
		mode = st.st_mode & 07777;
	} else {
		mode = umask(0);
		umask(mode);
		mode = 0666 & ~mode;
	}
	r = fchmod(fd, mode) ? -errno : 0;
	if (!r)
		r = write_all(fd, buf, len);
	if (close(fd) && !r)
		r = -errno;
	if (!r && rename(tmp, path))
		r = -errno;
	if (r) {
		unlink(tmp);
		cli_err("cannot write %s: %s", path, cli_strerror(r));
	}
	free(tmp);
	return r ? CLI_EXIT_ERROR : 0;
}

int cli_is_blob(const void *buf, size_t len)
{
	return len >= 4 && !memcmp(buf, "HVAB", 4);
}

void cli_decode_error(const char *path, int r, const struct hvabi_error *err)
{
	const char *msg = err->message[0] ? err->message : cli_strerror(r);

	path = display_path(path);
	if (r == -ENOMEM)
		cli_err("%s: %s", path, cli_strerror(r));
	else if (err->line)
		cli_err("%s:%u:%u: %s", path, err->line, err->column, msg);
	else
		cli_err("%s: offset %zu: %s", path, err->offset, msg);
}

/* Where the first non-blank character is '{', the input is JSON. */
static int looks_like_json(const char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' || buf[i] == '\n')
			continue;
		return buf[i] == '{';
	}
	return 0;
}

int cli_load_set(const char *path, enum cli_format format, struct hvabi_featureset **ret)
{
	struct hvabi_error err;
	size_t len;
	char *buf;
	int r;

	r = cli_read_file(path, &buf, &len);
	if (r)
		return r;
	if (format == CLI_FORMAT_ANY)
		format = cli_is_blob(buf, len) ? CLI_FORMAT_BLOB : CLI_FORMAT_JSON;
	memset(&err, 0, sizeof(err));
	if (format == CLI_FORMAT_BLOB) {
		/* A JSON profile handed to a blob-only verb gets a plain answer. */
		if (!cli_is_blob(buf, len) && looks_like_json(buf, len)) {
			cli_err("%s: a JSON profile, not a blob (hvabi encode makes a blob of it)",
				display_path(path));
			free(buf);
			return CLI_EXIT_ERROR;
		}
		r = hvabi_featureset_decode(buf, len, ret, &err, sizeof(err));
	} else {
		if (cli_is_blob(buf, len)) {
			cli_err("%s: a blob, not a JSON profile (hvabi decode turns it into JSON)",
				display_path(path));
			free(buf);
			return CLI_EXIT_ERROR;
		}
		r = hvabi_featureset_from_json(buf, len, ret, &err, sizeof(err));
	}
	free(buf);
	if (r) {
		cli_decode_error(path, r, &err);
		return CLI_EXIT_ERROR;
	}
	return 0;
}

char *cli_set_to_json(const struct hvabi_featureset *fs, size_t *ret_len)
{
	char *buf;
	int r;

	r = hvabi_featureset_to_json_alloc(fs, &buf);
	if (r) {
		cli_err("writing JSON: %s", cli_strerror(r));
		return NULL;
	}
	*ret_len = strlen(buf);
	return buf;
}

int cli_write_json(const char *path, const struct hvabi_featureset *fs)
{
	size_t len;
	char *text;
	int r;

	text = cli_set_to_json(fs, &len);
	if (!text)
		return CLI_EXIT_ERROR;
	r = cli_write_file(path, text, len);
	free(text);
	return r;
}

char *cli_report_text(const struct hvabi_report *report, bool json, size_t *ret_len)
{
	char *text;
	int r;

	r = json ? hvabi_report_to_json_alloc(report, &text) : hvabi_report_to_text_alloc(report, &text);
	if (r) {
		cli_err("writing the report: %s", cli_strerror(r));
		return NULL;
	}
	*ret_len = strlen(text);
	return text;
}

int cli_print_report_json(FILE *f, const struct hvabi_report *report)
{
	size_t len;
	char *text;

	text = cli_report_text(report, true, &len);
	if (!text)
		return CLI_EXIT_ERROR;
	fwrite(text, 1, len, f);
	free(text);
	return 0;
}

int cli_json_entries(const struct hvabi_featureset *fs, struct cli_json_entries *ret)
{
	struct cli_json_entries e = { 0 };
	size_t len, count = hvabi_featureset_count(fs);
	char *p, *end;

	e.text = cli_set_to_json(fs, &len);
	if (!e.text)
		return CLI_EXIT_ERROR;
	e.entry = calloc(count ? count : 1, sizeof(*e.entry));
	e.len = calloc(count ? count : 1, sizeof(*e.len));
	if (!e.entry || !e.len) {
		cli_err("%s", strerror(ENOMEM));
		cli_json_entries_free(&e);
		return CLI_EXIT_ERROR;
	}
	/* docs/formats.md: the entries at four spaces, one a line, after "entries": [ */
	p = strstr(e.text, "\n  \"entries\": [");
	for (p = p ? strchr(p + 1, '\n') : NULL; p && !strncmp(p, "\n    {", 6); p = end) {
		end = strchr(p + 1, '\n');
		if (!end || e.n == count)
			break;
		e.entry[e.n] = p + 5;
		e.len[e.n] = (size_t)(end - (p + 5)) - (end[-1] == ',');
		e.n++;
	}
	if (e.n != count) {
		cli_err("writing JSON: the library's JSON is not laid out as docs/formats.md says");
		cli_json_entries_free(&e);
		return CLI_EXIT_ERROR;
	}
	*ret = e;
	return 0;
}

void cli_json_entries_free(struct cli_json_entries *e)
{
	free(e->text);
	free(e->entry);
	free(e->len);
	memset(e, 0, sizeof(*e));
}

void cli_json_set_header(FILE *f, const struct hvabi_featureset *fs)
{
	const char *release = hvabi_featureset_get_kernel_release(fs);

	fputs("\"arch\": ", f);
	cli_json_string(f, hvabi_arch_name(hvabi_featureset_get_arch(fs)));
	fputs(", \"kernel\": ", f);
	if (release && release[0])
		cli_json_string(f, release);
	else
		fputs("null", f);
	fputs(", \"origin\": ", f);
	cli_json_string(f, hvabi_origin_name(hvabi_featureset_get_origin(fs)));
	fputs(", ", f);
}

int cli_print_report(FILE *f, const struct hvabi_report *report, enum hvabi_severity min)
{
	size_t len, n, i, nlines = 0;
	char *text, *line, *next;

	n = hvabi_report_count(report);
	if (!n)
		return 0;
	text = cli_report_text(report, false, &len);
	if (!text)
		return CLI_EXIT_ERROR;
	for (i = 0; i < len; i++)
		nlines += text[i] == '\n';
	/*
	 * The text has one line per item, in item order; should a message
	 * ever hold a newline, print everything rather than misattribute.
	 */
	if (nlines != n || min == HVABI_SEVERITY_INFO) {
		fputs(text, f);
		free(text);
		return 0;
	}
	for (i = 0, line = text; i < n; i++, line = next) {
		struct hvabi_report_item item;

		next = strchr(line, '\n') + 1;
		if (hvabi_report_get_item(report, i, &item, sizeof(item)) == 0 && item.severity < min)
			continue;
		fwrite(line, 1, (size_t)(next - line), f);
	}
	free(text);
	return 0;
}

const char *cli_key_text(const struct hvabi_key *key, char *buf, size_t len)
{
	size_t n = len;

	/* On -ERANGE n is the length the text needs, not the buffer's. */
	if (hvabi_key_to_string(key, buf, &n) < 0)
		snprintf(buf, len, "?");
	return buf;
}

const char *cli_entry_name(enum hvabi_arch arch, const struct hvabi_key *key, char *buf,
			   size_t len)
{
	struct hvabi_catalog_info info;

	if (hvabi_catalog_lookup(arch, key, &info, sizeof(info)) == 0 && info.name)
		return info.name;
	return cli_key_text(key, buf, len);
}

/*
 * An implementation list: each member's MIDR with the CPU's name, its
 * REVIDR and AIDR (the entry's bytes: three little-endian words a member,
 * featureset.h).
 */
static void impls_text(const struct hvabi_entry *e, char *buf, size_t len)
{
	size_t i, o = 0;

	buf[0] = '\0';
	for (i = 0; i < e->width / 24u && o < len; i++) {
		uint64_t w[3] = { 0, 0, 0 };
		char name[64];
		size_t nl = sizeof(name);
		unsigned int j, b;

		for (j = 0; j < 3; j++)
			for (b = 0; b < 8; b++)
				w[j] |= (uint64_t)e->wide[24 * i + 8 * j + b] << (8 * b);
		if (hvabi_catalog_cpu_name(w[0], name, &nl))
			name[0] = '\0';
		o += (size_t)snprintf(buf + o, len - o, "%s0x%" PRIx64 " %s (REVIDR 0x%" PRIx64
				      ", AIDR 0x%" PRIx64 ")", i ? ", " : "", w[0], name, w[1],
				      w[2]);
	}
}

void cli_value_text(const struct hvabi_entry *e, char *buf, size_t len)
{
	size_t i, o;

	if (e->kind == HVABI_KIND_IMPLSET && e->wide) {
		impls_text(e, buf, len);
		return;
	}
	if (e->width <= 8 || !e->wide) {
		snprintf(buf, len, "0x%" PRIx64, e->value);
		return;
	}
	if (len < 3 + 2 * (size_t)e->width) {
		snprintf(buf, len, "0x...");
		return;
	}
	o = (size_t)sprintf(buf, "0x");
	for (i = e->width; i-- > 0;)
		o += (size_t)sprintf(buf + o, "%02x", e->wide[i]);
}

void cli_json_string(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");

	fputc('"', f);
	for (; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				fprintf(f, "\\u%04x", *p);
			else
				fputc(*p, f);
		}
	}
	fputc('"', f);
}

const char *cli_range_action_name(uint8_t action)
{
	switch (action) {
	case HVABI_RANGE_HANDLE:
		return "handle";
	case HVABI_RANGE_DENY:
		return "deny";
	case HVABI_RANGE_FWD_TO_USER:
		return "fwd_to_user";
	default:
		return "?";
	}
}
