/* Helpers shared by the test programs. */
#ifndef HVABI_TESTUTIL_H
#define HVABI_TESTUTIL_H

#include <stddef.h>

/* Read a whole file; NULL if it cannot be read. *len gets its size. Free with free(). */
char *test_read_file(const char *path, size_t *len);

/* Path of @name under $HVABI_TEST_DATA (tests/data), in a static buffer. */
const char *test_data_path(const char *name);

/* Path of @name under $HVABI_SHARED_DATA (../shared/data), in a static buffer; NULL if unset. */
const char *test_shared_path(const char *name);

#endif
