/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * CRC32C (Castagnoli): reflected, polynomial 0x82f63b78, initial value and
 * final XOR 0xffffffff; "123456789" gives 0xe3069283. The blob trailer uses
 * it because x86-64 (SSE4.2) and arm64 (ARMv8 CRC32) compute it in hardware.
 */
#ifndef HVABI_CRC32C_H
#define HVABI_CRC32C_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * CRC32C of @len bytes at @buf. Pass 0 as @crc to start, or an earlier
 * result to continue: crc(a || b) == hvabi_crc32c(hvabi_crc32c(0, a), b).
 * Uses the CPU's CRC32C instructions when it has them.
 */
uint32_t hvabi_crc32c(uint32_t crc, const void *buf, size_t len);

/* The same CRC by the portable table; the tests hold the two paths equal. */
uint32_t hvabi_crc32c_sw(uint32_t crc, const void *buf, size_t len);

/* Whether hvabi_crc32c() runs on CRC32C instructions on this CPU. */
bool hvabi_crc32c_hw(void);

#endif /* HVABI_CRC32C_H */
