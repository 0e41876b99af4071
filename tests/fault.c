/*
 * Allocation failure injection (see fault.h). The linker's --wrap turns
 * each reference to malloc() in the test and in libhvabi-internal into
 * __wrap_malloc(), and __real_malloc() into the real one (ASan's, in a
 * sanitized build).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "fault.h"

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t size);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);

/* The sweep gives up here: no operation of the library makes this many allocations. */
#define FAULT_SWEEP_MAX 1000000ul

static bool armed;
static unsigned long count;
static unsigned long fail_at;
static bool hit;
static unsigned long injected;

void fault_arm(unsigned long n)
{
	count = 0;
	fail_at = n;
	hit = false;
	armed = true;
}

unsigned long fault_disarm(void)
{
	armed = false;
	return count;
}

bool fault_hit(void)
{
	return hit;
}

unsigned long fault_injected_total(void)
{
	return injected;
}

/* Count one allocation; true when it must fail. */
static bool fault_next(void)
{
	if (!armed)
		return false;
	if (++count != fail_at)
		return false;
	hit = true;
	injected++;
	return true;
}

void *__wrap_malloc(size_t size)
{
	return fault_next() ? NULL : __real_malloc(size);
}

void *__wrap_calloc(size_t n, size_t size)
{
	return fault_next() ? NULL : __real_calloc(n, size);
}

/* A failing realloc() leaves the block as it was, as the real one does. */
void *__wrap_realloc(void *p, size_t size)
{
	return fault_next() ? NULL : __real_realloc(p, size);
}

/* Built on the wrapped malloc so the block is counted once and freed by free(). */
char *__wrap_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = __wrap_malloc(n);

	if (d)
		memcpy(d, s, n);
	return d;
}

char *__wrap_strndup(const char *s, size_t max)
{
	size_t n = strnlen(s, max);
	char *d = __wrap_malloc(n + 1);

	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

unsigned long fault_sweep(const struct fault_op *op)
{
	unsigned long n, seen;
	int r;

	for (n = 1; n < FAULT_SWEEP_MAX; n++) {
		if (op->setup)
			op->setup(op->ctx);
		fault_arm(n);
		r = op->call(op->ctx);
		seen = fault_disarm();
		if (fault_hit()) {
			op->failed(op->ctx, r);
		} else {
			/* The run n - 1 reached allocation n - 1: this one makes as many. */
			if (seen != n - 1)
				fail_msg("%s: %lu allocations without failure after failing the "
					 "%lu-th", op->name, seen, n);
			op->passed(op->ctx, r);
		}
		if (op->teardown)
			op->teardown(op->ctx);
		if (!fault_hit())
			return seen;
	}
	fail_msg("%s: still allocating after %lu runs", op->name, n);
	return 0;
}
