/* outbox.h -- the kiosk's durable queue of answers waiting to be delivered.
 *
 * One SQLite file in WAL mode. outbox_put() returns only after the answer is
 * on disk (synchronous=FULL), so the UI may say "thank you" when it returns
 * SR_OK and must not otherwise. Each answer gets a random 128-bit id from
 * the OS's random source (libsodium's randombytes). Its time is coarsened by
 * the privacy policy before it is written: no sequence number, no exact
 * time, no rowid (the table is WITHOUT ROWID) records the order of arrival.
 *
 * Delivery life cycle of one row (see outbox.c for the diagram):
 *   put -> unsent -> mark_sent -> sent -> confirm -> (deleted)
 *                        ^                  | resend_stale (timeout)
 *                        +------------------+
 *
 * Ownership: an outbox handle is owned by the caller of outbox_open() and
 * freed by outbox_close() (accepts NULL). Strings in outbox_entry are owned
 * by the entry and freed by outbox_entries_free(). Every function that can
 * fail returns an sr_status and leaves a readable message in
 * outbox_last_error() (the file path, the operation and SQLite's words).
 *
 * Not thread-safe: one handle per thread (the forwarder opens its own).
 */
#ifndef SR_OUTBOX_H
#define SR_OUTBOX_H

#include <stdbool.h>
#include <stdint.h>

#include "../core/privacy.h"
#include "../core/status.h"
#include "../platform/sysclock.h"

#define OUTBOX_ID_HEX 33 /* 32 hex digits + NUL */
#define OUTBOX_SHIFT_MAX PRIVACY_SHIFT_NAME_MAX
/* The day a toolkit count is filed under while the clock is not set (no
 * local day start is ever -1: real offsets are whole minutes). */
#define OUTBOX_USE_DAY_UNKNOWN (-1)

typedef struct outbox outbox;

typedef enum outbox_clock {
    OUTBOX_CLOCK_SYNCED,  /* period_start is right */
    OUTBOX_CLOCK_PENDING, /* made before the clock was set; correctable this boot */
    OUTBOX_CLOCK_UNKNOWN  /* the clock was never set in that boot: time unknown */
} outbox_clock;

typedef struct outbox_entry {
    char id[OUTBOX_ID_HEX];
    char *kind;             /* "answer", ... (owned) */
    char *payload;          /* the caller's JSON, verbatim (owned) */
    int64_t period_start;   /* coarsened UTC seconds; 0 unless clock == SYNCED */
    char shift[OUTBOX_SHIFT_MAX];
    outbox_clock clock;
    int64_t sent_at;        /* 0: never sent */
} outbox_entry;

typedef struct outbox_stats {
    int64_t unsent;         /* never sent, or due to be sent again */
    int64_t sent;           /* sent, waiting for the collector's confirmation */
    int64_t oldest_period;  /* period_start of the oldest waiting answer, 0 if none */
    int64_t clock_pending;  /* answers whose time still awaits the clock */
} outbox_stats;

/* Opens (creating and migrating as needed) the outbox at path. policy is
 * copied. On failure *out is NULL and err (if not NULL) says why. */
sr_status outbox_open(const char *path, const privacy_policy *policy, outbox **out,
                      char *err, size_t err_size);

void outbox_close(outbox *ob);

/* The message of the last failure on this handle ("" if none). Borrowed. */
const char *outbox_last_error(const outbox *ob);

/* Stores one answer durably. kind and payload are copied. When clock->synced
 * the period and shift are filed from the wall clock; otherwise the boot id
 * and the monotonic time (to the minute) are kept for outbox_fix_clock().
 * id_out (may be NULL) receives the new id. SR_E_FULL / SR_E_READONLY /
 * SR_E_IO leave the queue exactly as it was. */
sr_status outbox_put(outbox *ob, const char *kind, const char *payload,
                     const sysclock_reading *clock, char id_out[OUTBOX_ID_HEX]);

/* Up to max of the oldest unsent entries, oldest period first. *n receives
 * how many were written to out; free them with outbox_entries_free(). */
sr_status outbox_take_unsent(outbox *ob, int max, outbox_entry *out, int *n);
void outbox_entries_free(outbox_entry *entries, int n);

/* Like outbox_take_unsent, but leaves out answers whose time still awaits
 * the clock (PENDING): they are sent once outbox_fix_clock() has filed them,
 * or as "time unknown" after a boot that never got the time. This is what
 * the forwarder sends. */
sr_status outbox_take_deliverable(outbox *ob, int max, outbox_entry *out, int *n);

/* Marks n ids sent at now in one transaction (ids no longer present are
 * skipped: confirmed meanwhile). */
sr_status outbox_mark_sent_many(outbox *ob, const char (*ids)[OUTBOX_ID_HEX], int n, int64_t now);

/* Deletes n confirmed ids in one transaction; *deleted (may be NULL)
 * receives how many were still there. */
sr_status outbox_confirm_many(outbox *ob, const char (*ids)[OUTBOX_ID_HEX], int n, int *deleted);

/* Moves every toolkit counter into the queue as one entry of kind "use"
 * per (day, item), payload {"v":1,"kind":"use","item":"<id>","count":N},
 * filed under its day (clock SYNCED, period_start = the day, no shift) or,
 * for OUTBOX_USE_DAY_UNKNOWN, as UNKNOWN; the counters are deleted in the
 * same transaction, so openings counted afterwards start a new counter and
 * none is ever delivered twice or lost. *sealed (may be NULL) receives how
 * many entries were made. */
sr_status outbox_seal_use(outbox *ob, int *sealed);

/* Records that id was handed to the network at now (seconds). SR_E_NOTFOUND
 * if absent (confirmed meanwhile). */
sr_status outbox_mark_sent(outbox *ob, const char *id, int64_t now);

/* The collector has committed id: delete it. SR_E_NOTFOUND if absent
 * (a duplicate confirmation; harmless). */
sr_status outbox_confirm(outbox *ob, const char *id);

/* Makes every entry sent at or before now - timeout unsent again (and any
 * sent "after" now: the wall clock was set back); *n (may be NULL) receives
 * how many. */
sr_status outbox_resend_stale(outbox *ob, int64_t now, int64_t timeout_seconds, int *n);

/* Counts, and the period of the oldest waiting entry. */
sr_status outbox_get_stats(outbox *ob, outbox_stats *stats);

/* With a synchronised reading: files every PENDING entry of this boot under
 * its real period (real = now.real - (now.mono - entry.mono)) and marks
 * entries of other boots UNKNOWN (their clock was never set). *fixed and
 * *unknown (may be NULL) receive the counts. A no-op when now is unsynced. */
sr_status outbox_fix_clock(outbox *ob, const sysclock_reading *now, int *fixed, int *unknown);

/* Counts one opening of toolkit item item_id on the local day of clock
 * (no per-person trail: one counter per item per day, kept in its own table
 * and delivered like answers). Before the clock is set the count goes under
 * OUTBOX_USE_DAY_UNKNOWN. SR_OK once it is on disk. */
sr_status outbox_count_use(outbox *ob, const char *item_id, const sysclock_reading *clock);

/* The counter for item_id on the local day of clock (0 if none): for the
 * admin screen and tests. */
sr_status outbox_get_use(outbox *ob, const char *item_id, const sysclock_reading *clock,
                         int64_t *count);

/* The schema version this code writes (for the admin screen and tests). */
int outbox_schema_version(void);

/* Verifies the outbox's invariants (the numbered list in outbox.c) against
 * the file: SR_OK, or SR_E_CORRUPT with the broken rule in
 * outbox_last_error(). For tests and the admin screen's self-check. */
sr_status outbox_check(outbox *ob);

#endif
