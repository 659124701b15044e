/* retention.h -- raw answers expire, rollups stay; and rebuilding rollups
 * from the raw answers still held.
 *
 * DESIGN.md: "Raw rows have a retention period at the collector;
 * aggregates outlive them." The store's meta table records purged_before,
 * the first local day whose raw rows are all still held; days before it
 * survive only as rollups.
 *
 *   retention_purge            deletes answers (with their choices and
 *                              texts) and toolkit counts of days before
 *                              the cutoff, moves purged_before forward,
 *                              and overwrites what it deleted (secure
 *                              delete, then a WAL checkpoint), so expired
 *                              rows do not linger in free pages
 *   retention_rebuild_rollups  recomputes rollup, rollup_choice and
 *                              rollup_use for every day >= purged_before
 *                              (all days when nothing was purged), and
 *                              for answers without a date (day -1, which
 *                              a purge never deletes: they have no age);
 *                              rollups of older days are left alone,
 *                              since their raw rows are gone
 *
 * Each runs in one BEGIN IMMEDIATE transaction: a collector writing at the
 * same time waits (busy timeout) rather than interleaving, so a rebuild
 * can never miss or double-count an answer inserted while it runs.
 *
 * Ownership: the database handle is borrowed.
 */
#ifndef SR_RETENTION_H
#define SR_RETENTION_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"

typedef struct retention_stats {
    long long answers, choices, texts, uses;  /* raw rows deleted (purge) */
    long long rollups, choice_rollups, use_rollups; /* rows written (rebuild) */
    int purged_before;                         /* after the call; -1: never purged */
} retention_stats;

/* The store's purged_before day into *day, -1 when it was never purged. */
sr_status retention_purged_before(sqlite3 *db, int *day, char *err, size_t err_size);

/* Deletes raw rows of days 0 .. cutoff_day - 1. Returns SR_OK (stats may be
 * NULL), or SR_E_BUSY / SR_E_IO / SR_E_FULL with the SQLite message. */
sr_status retention_purge(sqlite3 *db, int cutoff_day, retention_stats *stats, char *err,
                          size_t err_size);

/* Recomputes the rollups of the days still held raw. */
sr_status retention_rebuild_rollups(sqlite3 *db, retention_stats *stats, char *err,
                                    size_t err_size);

#endif
