#include <stdio.h>
#include <stdlib.h>

#include "testutil.h"

char *test_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET))
		goto out;
	buf = malloc((size_t)n + 1);
	if (!buf)
		goto out;
	if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
		goto out;
	}
	buf[n] = '\0';
	*len = (size_t)n;
out:
	fclose(f);
	return buf;
}

static const char *join(const char *env, const char *fallback, const char *name)
{
	static char path[4096];
	const char *dir = getenv(env);

	if (!dir)
		dir = fallback;
	if (!dir)
		return NULL;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return path;
}

const char *test_data_path(const char *name)
{
	return join("HVABI_TEST_DATA", "tests/data", name);
}

const char *test_shared_path(const char *name)
{
	return join("HVABI_SHARED_DATA", NULL, name);
}
