/* Reading a set file, shared by the examples that take one. */
#ifndef HVABI_EXAMPLE_LOAD_SET_H
#define HVABI_EXAMPLE_LOAD_SET_H

#include <libhvabi/hvabi.h>

/*
 * Read the JSON feature set at @path into *@ret. @want is the architecture
 * the caller needs, or HVABI_ARCH_NONE for any. On failure prints
 * "@prog: @path:line:column: what" (or the system error) and returns 1.
 */
int example_load_set(const char *prog, const char *path, enum hvabi_arch want,
		     struct hvabi_featureset **ret);

#endif
