/*
 * Values the kernel's own uapi headers give, exported by one helper object
 * per architecture (uapi-x86.c, uapi-arm64.c, uapi-riscv.c): each is built
 * against a different <linux/kvm.h>, which cannot share a translation unit.
 */
#ifndef HVABI_TEST_UAPI_VALUES_H
#define HVABI_TEST_UAPI_VALUES_H

#include <stddef.h>
#include <stdint.h>

struct uapi_value {
	const char *name;
	uint64_t value;
};

#define UAPI_VALUE(expr) { #expr, (uint64_t)(expr) }

extern const struct uapi_value uapi_x86_values[];
extern const size_t uapi_x86_count;
extern const struct uapi_value uapi_arm64_values[];
extern const size_t uapi_arm64_count;
extern const struct uapi_value uapi_riscv_values[];
extern const size_t uapi_riscv_count;

#endif
