/* retention.c -- purging raw rows and rebuilding rollups.
 *
 * Both are a list of statements run in order inside one transaction, each
 * bound to the same day (?1): the purge's cutoff, or the rebuild's first
 * day still held raw. A rebuild that finds nothing purged uses ?1 = 0 and
 * the same "day >= ?1 OR day = -1" condition covers every answer.
 *
 * The rebuild deletes the rollups of those days and inserts sums computed
 * from the raw tables with exactly the arithmetic of the triggers in
 * collector_schema.c (n, score_sum, score <= 2, score >= 4; one per chosen
 * option; sum of counts), which is what lets a test demand rebuilt ==
 * incremental, row for row.
 */
#include "retention.h"

#include <stdio.h>
#include <string.h>

#define HELD_RAW "(day >= ?1 OR day = -1)"

static const char *const PURGE[] = {
    "DELETE FROM answer_choice WHERE answer_id IN"
    " (SELECT id FROM answer WHERE day >= 0 AND day < ?1)",
    "DELETE FROM answer_text WHERE answer_id IN"
    " (SELECT id FROM answer WHERE day >= 0 AND day < ?1)",
    "DELETE FROM answer WHERE day >= 0 AND day < ?1",
    "DELETE FROM item_use WHERE day >= 0 AND day < ?1",
    "INSERT INTO meta (key, value) VALUES ('purged_before', ?1)"
    " ON CONFLICT (key) DO UPDATE SET value = max(value, excluded.value)",
};

static const char *const REBUILD[] = {
    "DELETE FROM rollup WHERE " HELD_RAW,
    "INSERT INTO rollup (day, site, area, staff_group, shift, question_set,"
    " n, score_sum, n_low, n_high)"
    " SELECT day, site, area, staff_group, shift, question_set,"
    " count(*), sum(score), sum(score <= 2), sum(score >= 4)"
    " FROM answer WHERE " HELD_RAW
    " GROUP BY day, site, area, staff_group, shift, question_set",
    "DELETE FROM rollup_choice WHERE " HELD_RAW,
    "INSERT INTO rollup_choice (day, site, area, staff_group, shift, question_set,"
    " question, option, n)"
    " SELECT a.day, a.site, a.area, a.staff_group, a.shift, a.question_set,"
    " c.question, c.option, count(*)"
    " FROM answer_choice c JOIN answer a ON a.id = c.answer_id"
    " WHERE (a.day >= ?1 OR a.day = -1)"
    " GROUP BY a.day, a.site, a.area, a.staff_group, a.shift, a.question_set,"
    " c.question, c.option",
    "DELETE FROM rollup_use WHERE " HELD_RAW,
    "INSERT INTO rollup_use (day, site, area, staff_group, item, count)"
    " SELECT day, site, area, staff_group, item, sum(count) FROM item_use"
    " WHERE " HELD_RAW " GROUP BY day, site, area, staff_group, item",
};

static sr_status fail(sqlite3 *db, const char *doing, char *err, size_t err_size)
{
    snprintf(err, err_size, "%s: %s", doing, sqlite3_errmsg(db));
    switch (sqlite3_errcode(db)) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return SR_E_BUSY;
    case SQLITE_FULL: return SR_E_FULL;
    case SQLITE_READONLY: return SR_E_READONLY;
    case SQLITE_NOMEM: return SR_E_NOMEM;
    default: return SR_E_IO;
    }
}

sr_status retention_purged_before(sqlite3 *db, int *day, char *err, size_t err_size)
{
    sqlite3_stmt *st = NULL;
    *day = -1;
    if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'purged_before'", -1, &st,
                           NULL) != SQLITE_OK)
        return fail(db, "reading purged_before", err, err_size);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_INTEGER)
        *day = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return fail(db, "reading purged_before", err, err_size);
    return SR_OK;
}

/* Runs sql[0..n) with ?1 = day; changes[i] (may be NULL) gets each one's
 * row count. The caller holds the transaction. */
static sr_status run_all(sqlite3 *db, const char *const sql[], int n, int day, long long *changes,
                         const char *doing, char *err, size_t err_size)
{
    for (int i = 0; i < n; i++) {
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(db, sql[i], -1, &st, NULL) != SQLITE_OK)
            return fail(db, doing, err, err_size);
        sqlite3_bind_int(st, 1, day);
        int rc = sqlite3_step(st);
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE)
            return fail(db, doing, err, err_size);
        if (changes)
            changes[i] = sqlite3_changes64(db);
    }
    return SR_OK;
}

static sr_status in_transaction(sqlite3 *db, const char *const sql[], int n, int day,
                                long long *changes, const char *doing, char *err,
                                size_t err_size)
{
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return fail(db, doing, err, err_size);
    sr_status status = run_all(db, sql, n, day, changes, doing, err, err_size);
    if (status == SR_OK && sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        status = fail(db, doing, err, err_size);
    if (status != SR_OK)
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    return status;
}

/* The connection's secure_delete setting (0 or 1). */
static int secure_delete_setting(sqlite3 *db)
{
    sqlite3_stmt *st = NULL;
    int value = 0;
    if (sqlite3_prepare_v2(db, "PRAGMA secure_delete", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        value = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return value;
}

sr_status retention_purge(sqlite3 *db, int cutoff_day, retention_stats *stats, char *err,
                          size_t err_size)
{
    long long changes[sizeof PURGE / sizeof PURGE[0]] = {0};
    int n = (int)(sizeof PURGE / sizeof PURGE[0]);
    /* Deleted rows are overwritten, not just unlinked: expired answers
     * must not be recoverable from the file's free pages. (Debian builds
     * SQLite with this on by default; others do not.) */
    int was_secure = secure_delete_setting(db);
    sqlite3_exec(db, "PRAGMA secure_delete = ON", NULL, NULL, NULL);
    sr_status status =
        in_transaction(db, PURGE, n, cutoff_day, changes, "purging old answers", err, err_size);
    sqlite3_exec(db, was_secure ? "PRAGMA secure_delete = ON" : "PRAGMA secure_delete = OFF",
                 NULL, NULL, NULL);
    if (status != SR_OK)
        return status;
    /* And the WAL's copies of those pages go too (best effort: a reader
     * holding an old snapshot keeps them until it is done). */
    sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
    retention_stats s = {.choices = changes[0], .texts = changes[1], .answers = changes[2],
                         .uses = changes[3]};
    status = retention_purged_before(db, &s.purged_before, err, err_size);
    if (stats)
        *stats = s;
    return status;
}

sr_status retention_rebuild_rollups(sqlite3 *db, retention_stats *stats, char *err,
                                    size_t err_size)
{
    int first_held = -1;
    sr_status status = retention_purged_before(db, &first_held, err, err_size);
    if (status != SR_OK)
        return status;
    long long changes[sizeof REBUILD / sizeof REBUILD[0]] = {0};
    int n = (int)(sizeof REBUILD / sizeof REBUILD[0]);
    status = in_transaction(db, REBUILD, n, first_held < 0 ? 0 : first_held, changes,
                            "rebuilding the rollups", err, err_size);
    if (status == SR_OK && stats) {
        memset(stats, 0, sizeof *stats);
        stats->rollups = changes[1];
        stats->choice_rollups = changes[3];
        stats->use_rollups = changes[5];
        stats->purged_before = first_held;
    }
    return status;
}
