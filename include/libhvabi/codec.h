/* SPDX-License-Identifier: LGPL-2.1-or-later */
/**
 * @file codec.h
 * @brief Feature sets as bytes: a binary blob for a VMM's migration stream
 * and a JSON text form for people, diff and files. docs/formats.md gives
 * both formats in full.
 */
#ifndef LIBHVABI_CODEC_H
#define LIBHVABI_CODEC_H

#include <stddef.h>
#include <stdint.h>

#include <libhvabi/featureset.h>

#ifdef __cplusplus
extern "C" {
#endif

/** @brief The blob format version this library writes. */
#define HVABI_BLOB_FORMAT_VERSION 1u
/** @brief The JSON format version this library writes. */
#define HVABI_JSON_FORMAT_VERSION 1u

/**
 * @brief Where and why a decode failed. Every decoder fills it (when given)
 * on failure; @c line and @c column are 1-based for text, 0 for blobs.
 * A record: decoders take it with its size (sizeof(err)), so it may grow.
 */
struct hvabi_error {
	int code;          /**< the negative errno the call returned */
	unsigned int line;   /**< text: line of the error, else 0 */
	unsigned int column; /**< text: column of the error, else 0 */
	size_t offset;     /**< byte offset of the error in the input */
	char message[256]; /**< what was wrong, in words */
};

/**
 * @brief Encode a set into a caller buffer (deterministic: equal sets give
 * equal bytes).
 * @param buf the buffer, or NULL to ask for the size
 * @param len in: size of @p buf; out: the blob's size in bytes, written
 *        or not (the library's one buffer rule)
 * @return 0, -EINVAL (NULL @p fs or @p len), -ERANGE (buffer too small or
 *         NULL; nothing written) or -EOVERFLOW (the blob would pass the
 *         format's 4 GiB limit).
 */
int hvabi_featureset_encode(const struct hvabi_featureset *fs, void *buf, size_t *len);

/**
 * @brief hvabi_featureset_encode() into memory the library allocates.
 * @param[out] ret the blob, to be released with free()
 * @param[out] ret_len its size in bytes
 * @return 0, -EINVAL (NULL argument), -EOVERFLOW or -ENOMEM.
 */
int hvabi_featureset_encode_alloc(const struct hvabi_featureset *fs, void **ret,
				  size_t *ret_len);

/**
 * @brief Decode and fully validate a blob.
 *
 * Records a newer library marked skippable are skipped; unknown
 * must-understand records, a bad magic, length, CRC32C, unsorted or
 * duplicate entries and any inconsistent entry are refused.
 * @param err may be NULL; filled on failure
 * @param err_sz sizeof(*err) as the caller knows it (ignored when @p err is NULL)
 * @return 0, -EINVAL (NULL argument, @p err_sz smaller than the first
 *         release's struct), -EBADMSG (malformed or corrupt blob),
 *         -EPROTONOSUPPORT (a format version or must-understand record this
 *         library does not know) or -ENOMEM.
 */
int hvabi_featureset_decode(const void *buf, size_t len, struct hvabi_featureset **ret,
			    struct hvabi_error *err, size_t err_sz);

/**
 * @brief Write a set as JSON text: stable order, one entry per line,
 * integers as hex strings, symbolic names beside keys.
 * @param buf the buffer, or NULL to ask for the size
 * @param len in: size of @p buf; out: the text's length without its NUL,
 *        written or not (the library's one buffer rule: the text needs
 *        *len + 1 bytes)
 * @return 0, -EINVAL (NULL @p fs or @p len) or -ERANGE (too small or
 *         NULL; nothing written).
 */
int hvabi_featureset_to_json(const struct hvabi_featureset *fs, char *buf, size_t *len);

/**
 * @brief hvabi_featureset_to_json() into memory the library allocates.
 * @param[out] ret the NUL-terminated text, to be released with free()
 * @return 0, -EINVAL (NULL argument) or -ENOMEM.
 */
int hvabi_featureset_to_json_alloc(const struct hvabi_featureset *fs, char **ret);

/**
 * @brief Parse JSON text strictly: duplicate members or entries, unknown
 * members, values wider than their entry and malformed syntax are refused
 * with the line and column.
 * @param text the text; need not be NUL-terminated
 * @param err may be NULL; filled on failure
 * @param err_sz sizeof(*err) as the caller knows it (ignored when @p err is NULL)
 * @return 0, -EINVAL (NULL argument, @p err_sz too small), -EBADMSG
 *         (malformed JSON or an invalid profile), -EPROTONOSUPPORT (a newer
 *         format version) or -ENOMEM.
 */
int hvabi_featureset_from_json(const char *text, size_t len, struct hvabi_featureset **ret,
			       struct hvabi_error *err, size_t err_sz);

/**
 * @brief Import a Firecracker fingerprint: the JSON of `cpu-template-helper
 * fingerprint dump` (docs/formats.md, "Firecracker import").
 *
 * The architecture follows from guest_cpu_config: arm64 with
 * "reg_modifiers" (each register an ONE_REG entry; 128-bit ones become
 * wide EXACT entries), x86_64 with "cpuid_modifiers" and "msr_modifiers"
 * (CPUID and MSR entries). Kinds, scopes and widths come from the
 * catalogue (unknown entries are EXACT); entries carry values only, no
 * max, min or mask. The set takes "kernel_version" as its kernel release
 * and origin HVABI_ORIGIN_IMPORTED. Unknown top-level members are skipped;
 * anything unknown or malformed inside guest_cpu_config is refused.
 * @param text the text; need not be NUL-terminated
 * @param err may be NULL; filled on failure with line, column and message
 * @param err_sz sizeof(*err) as the caller knows it (ignored when @p err is NULL)
 * @return 0, -EINVAL (NULL argument, @p err_sz too small), -EBADMSG (malformed JSON, not a
 *         fingerprint, both or neither architecture's lists, an address or
 *         bitmap that is not what Firecracker writes, "x" bits, a bitmap of
 *         the wrong width, a register, leaf or MSR given twice, a kernel
 *         release over 64 characters or not printable) or -ENOMEM.
 */
int hvabi_featureset_import_firecracker(const char *text, size_t len,
					struct hvabi_featureset **ret,
					struct hvabi_error *err, size_t err_sz);

#ifdef __cplusplus
}
#endif

#endif /* LIBHVABI_CODEC_H */
