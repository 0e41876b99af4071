/* Reading a set file, shared by the examples that take one. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load-set.h"

static int read_file(const char *path, char **ret, size_t *len)
{
	size_t cap = 4096, n = 0, got;
	char *buf = malloc(cap), *nbuf;
	FILE *f;
	int err;

	if (!buf)
		return ENOMEM;
	f = fopen(path, "r");
	if (!f) {
		err = errno;
		free(buf);
		return err;
	}
	while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n < cap)
			continue;
		nbuf = realloc(buf, cap * 2);
		if (!nbuf) {
			fclose(f);
			free(buf);
			return ENOMEM;
		}
		buf = nbuf;
		cap *= 2;
	}
	err = ferror(f) ? EIO : 0;
	if (fclose(f) && !err)
		err = errno;
	if (err) {
		free(buf);
		return err;
	}
	*ret = buf;
	*len = n;
	return 0;
}

int example_load_set(const char *prog, const char *path, enum hvabi_arch want,
		     struct hvabi_featureset **ret)
{
	struct hvabi_featureset *set;
	struct hvabi_error err;
	size_t len = 0;
	char *text = NULL;
	int r;

	r = read_file(path, &text, &len);
	if (r) {
		fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(r));
		return 1;
	}
	r = hvabi_featureset_from_json(text, len, &set, &err);
	free(text);
	if (r) {
		fprintf(stderr, "%s: %s:%u:%u: %s\n", prog, path, err.line, err.column,
			err.message);
		return 1;
	}
	if (want != HVABI_ARCH_NONE && hvabi_featureset_get_arch(set) != want) {
		fprintf(stderr, "%s: %s: not an %s set\n", prog, path, hvabi_arch_name(want));
		hvabi_featureset_free(set);
		return 1;
	}
	*ret = set;
	return 0;
}
