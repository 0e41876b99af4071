/* SPDX-License-Identifier: LGPL-2.1-or-later */
/**
 * @file negotiate.h
 * @brief Baseline of N hosts and migration checks (rollback included),
 * each explained entry by entry in a report. Pure: nothing here touches
 * KVM (applying a set to a VM is apply.h).
 */
#ifndef LIBHVABI_NEGOTIATE_H
#define LIBHVABI_NEGOTIATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libhvabi/featureset.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief Why a report item is there. The numbers and the names
 * hvabi_reason_name() gives are stable: tools may match on them.
 */
enum hvabi_reason {
	HVABI_REASON_OK = 0,                 /**< "ok": acceptable as it is */
	HVABI_REASON_LOWERED = 1,            /**< "lowered": baseline lowered the value */
	HVABI_REASON_IMPLIED = 2,            /**< "implied": some hosts lack it; kept at what they imply */
	HVABI_REASON_DROPPED = 3,            /**< "dropped": some hosts lack it and nothing is implied */
	HVABI_REASON_CONFLICT = 4,           /**< "conflict": no value suits every host */
	HVABI_REASON_MISSING_ON_DEST = 5,    /**< "missing-on-destination" */
	HVABI_REASON_MISSING_IMPLIED_OK = 6, /**< "missing-implied-ok": absent, but the destination behaves as the value */
	HVABI_REASON_MISSING_ON_SOURCE = 7,  /**< "missing-on-source": only the destination has it */
	HVABI_REASON_BEYOND_DEST = 8,        /**< "beyond-destination": more than the destination accepts */
	HVABI_REASON_NOT_WRITABLE = 9,       /**< "not-writable": differs and cannot be set there */
	HVABI_REASON_NOT_PINNABLE = 10,      /**< "not-pinnable": the kernel reports the host's own level */
	HVABI_REASON_UNKNOWN_ENTRY = 11,     /**< "unknown-entry": not in the catalogue; judged as exact */
	HVABI_REASON_WRITTEN = 12,           /**< "written": written and read back equal on every vCPU */
	HVABI_REASON_WRITTEN_OFF = 13,       /**< "written-off": absent from the set, written as off and verified */
	HVABI_REASON_REFUSED = 14,           /**< "refused": the kernel refused the write (see error) */
	HVABI_REASON_NOT_KEPT = 15,          /**< "not-kept": accepted, but reads back otherwise */
	HVABI_REASON_BUSY = 16,              /**< "busy": the VM has run; the kernel no longer allows the change */
	HVABI_REASON_NOT_VERIFIED = 17,      /**< "not-verified": apply stopped before this entry */
	HVABI_REASON_ARCH_MISMATCH = 18,     /**< "arch-mismatch": sets of different architectures */
	HVABI_REASON_ADDED = 19,             /**< "added": a host added this CPU implementation to the fleet's list */
	HVABI_REASON_NOT_LISTED = 20,        /**< "not-listed": the destination's CPU is not among the VM's implementations */
};

/** @brief How much an item matters. */
enum hvabi_severity {
	HVABI_SEVERITY_INFO = 0,  /**< nothing to do */
	HVABI_SEVERITY_WARN = 1,  /**< allowed, but the guest may notice */
	HVABI_SEVERITY_BLOCK = 2, /**< the migration or apply must not go ahead */
};

/** @brief One item of a report (strings owned by the report). */
struct hvabi_report_item {
	struct hvabi_key key;
	const char *name;    /**< catalogue name, or the key's canonical text */
	uint8_t reason;      /**< enum hvabi_reason */
	uint8_t severity;    /**< enum hvabi_severity */
	uint8_t has_source;  /**< @c source is meaningful */
	uint8_t has_destination; /**< @c destination is meaningful */
	uint64_t source;     /**< the set's (or first host's) value, low 64 bits */
	uint64_t destination; /**< the destination's (or result's) value */
	int error;           /**< apply: the kernel's negative errno, else 0 */
	const char *message; /**< one sentence for people */
};

/** @brief An opaque report: items in the order they were found. */
struct hvabi_report;

/** @brief Free a report. NULL is a no-op. */
void hvabi_report_free(struct hvabi_report *report);

/** @brief Number of items (0 for NULL). */
size_t hvabi_report_count(const struct hvabi_report *report);

/**
 * @brief Read item @p index.
 * @param ret_sz sizeof(*ret) as the caller knows it (the library fills
 *        what both know and zeroes the rest: records may grow)
 * @return 0, -EINVAL (NULL argument, @p ret_sz smaller than the first
 *         release's record) or -ENOENT (out of range).
 */
int hvabi_report_get_item(const struct hvabi_report *report, size_t index,
			  struct hvabi_report_item *ret, size_t ret_sz);

/** @brief 1 if no item blocks, 0 if one does, -EINVAL for NULL. */
int hvabi_report_ok(const struct hvabi_report *report);

/** @brief Number of items of severity @p severity or above (0 for NULL). */
size_t hvabi_report_count_severity(const struct hvabi_report *report,
				   enum hvabi_severity severity);

/**
 * @brief The report as text, one item per line:
 * "block beyond-destination PSCI_VERSION reg:0x6030000000140000 source=0x10003 destination=0x10001: ..."
 * @param buf the buffer, or NULL to ask for the size
 * @param len in: size of @p buf; out: the text's length without its NUL,
 *        written or not (the library's one buffer rule)
 * @return 0, -EINVAL (NULL @p report or @p len) or -ERANGE (too small or
 *         NULL; what fit may have been written).
 */
int hvabi_report_to_text(const struct hvabi_report *report, char *buf, size_t *len);

/**
 * @brief hvabi_report_to_text() into memory the library allocates.
 * @param[out] ret the NUL-terminated text, to be released with free()
 * @return 0, -EINVAL (NULL argument) or -ENOMEM.
 */
int hvabi_report_to_text_alloc(const struct hvabi_report *report, char **ret);

/**
 * @brief The report as JSON: {"ok": bool, "items": [{"name", "key", "reason",
 * "severity", "source", "destination", "error", "message"}...]}, one item per line.
 * @return 0, -EINVAL or -ERANGE (as hvabi_report_to_text).
 */
int hvabi_report_to_json(const struct hvabi_report *report, char *buf, size_t *len);

/**
 * @brief hvabi_report_to_json() into memory the library allocates.
 * @param[out] ret the NUL-terminated text, to be released with free()
 * @return 0, -EINVAL (NULL argument) or -ENOMEM.
 */
int hvabi_report_to_json_alloc(const struct hvabi_report *report, char **ret);

/** @brief Stable name of a reason ("missing-on-destination"), or NULL. */
const char *hvabi_reason_name(enum hvabi_reason reason);
/** @brief Name of a severity ("info", "warn", "block"), or NULL. */
const char *hvabi_severity_name(enum hvabi_severity severity);

/**
 * @brief The largest set every one of @p n host profiles can give a guest.
 *
 * Each entry is met by its kind (bitmap AND, highest version all accept,
 * lowest level, ID register fields by their FTR rule; exact entries must
 * agree). An entry only some hosts have is kept at the value the others
 * imply where the catalogue knows it, else dropped with a blocking item.
 * @param flags must be 0
 * @param[out] ret the baseline (origin computed); written only on success
 * @param[out] ret_may_move may be NULL; else true when a VM on the
 *         baseline may move between all the hosts, false when some item
 *         blocks (the set is still returned)
 * @param[out] ret_report may be NULL; else receives every entry lowered,
 *         implied, dropped, in conflict or not pinnable
 * @return 0, -EINVAL (NULL @p profiles or @p ret, @p n == 0, a NULL
 *         profile, mixed architectures, bad flags) or -ENOMEM.
 */
int hvabi_baseline(const struct hvabi_featureset *const *profiles, size_t n, unsigned int flags,
		   struct hvabi_featureset **ret, bool *ret_may_move,
		   struct hvabi_report **ret_report);

/**
 * @brief May a VM pinned to @p set move to the host @p destination?
 *
 * A rollback is a check against the older host's profile. Every entry
 * gets a verdict by the kernel's own rules: missing on the destination
 * (harmless where the destination's implied behaviour equals the value),
 * missing on the source, beyond what the destination accepts, not
 * writable there, not pinnable, unknown.
 * The verdict is an out-parameter so that an error can never read as
 * "may move": test the return value first.
 * @param flags must be 0
 * @param[out] ret_may_move true: the guest sees no change on @p destination;
 *         false: it would, and the move must be refused (the report says
 *         why). Written only when the call returns 0.
 * @param[out] ret_report may be NULL (the fast path: the walk stops at the
 *         first blocking entry); else every entry's verdict
 * @return 0, -EINVAL (NULL @p set, @p destination or @p ret_may_move, bad
 *         flags) or -ENOMEM. Sets of different architectures are not an
 *         error: the verdict is false, with an arch-mismatch item.
 */
int hvabi_check(const struct hvabi_featureset *set, const struct hvabi_featureset *destination,
		unsigned int flags, bool *ret_may_move, struct hvabi_report **ret_report);

#ifdef __cplusplus
}
#endif

#endif /* LIBHVABI_NEGOTIATE_H */
