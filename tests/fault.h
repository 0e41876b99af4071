/*
 * Allocation failure injection for white-box tests.
 *
 * A test program linked with -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,
 * --wrap=strdup,--wrap=strndup (see tests/meson.build) routes every
 * allocation of its own code and of the static libhvabi-internal through
 * tests/fault.c. The wrappers count allocations while armed and make the
 * n-th one fail. Allocations inside shared libraries (libc itself, CMocka)
 * are not wrapped; ASan's interceptors sit behind __real_malloc, so a
 * sanitized build still checks every block the library keeps.
 */
#ifndef HVABI_TEST_FAULT_H
#define HVABI_TEST_FAULT_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Start counting allocations from 0; the @fail_at-th (1 = the next) fails.
 * 0 only counts.
 */
void fault_arm(unsigned long fail_at);

/* Stop counting; returns how many allocations were attempted while armed. */
unsigned long fault_disarm(void);

/* Whether the armed failure was injected since the last fault_arm(). */
bool fault_hit(void);

/* How many failures were injected since the program started (proof that they happen). */
unsigned long fault_injected_total(void);

/*
 * One operation to sweep: @call runs with the n-th allocation failing,
 * for n = 1, 2, ... until a run allocates without reaching n. @setup and
 * @teardown (may be NULL) run outside the armed window, around each run.
 * @failed is called after each run that hit the failure with @call's
 * result, @passed once after the run that did not; both assert.
 */
struct fault_op {
	const char *name;
	void *ctx;
	void (*setup)(void *ctx);
	int (*call)(void *ctx);
	void (*failed)(void *ctx, int r);
	void (*passed)(void *ctx, int r);
	void (*teardown)(void *ctx);
};

/* Run the sweep; returns the number of allocations the successful run made. */
unsigned long fault_sweep(const struct fault_op *op);

#endif
