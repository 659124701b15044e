/* collector_schema.c -- the collector store's tables, versions and set-up.
 *
 * MIGRATIONS[i] takes a file from schema i to i + 1, inside one
 * BEGIN IMMEDIATE transaction with its user_version bump, re-reading the
 * version inside the transaction so that two collectors opening a new file
 * at once cannot both run it. Adding a change means appending an entry.
 *
 * Rollups are kept by triggers, so every path that inserts an answer (the
 * collector's batches, the synthetic data generator, a future bulk import)
 * keeps them right without remembering to. Deleting raw answers (retention)
 * deliberately has no trigger: rollups outlive the rows they summarise.
 */
#define _DEFAULT_SOURCE /* timegm-free localtime_r, struct tm's tm_gmtoff */
#include "collector_schema.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#define COLLECTOR_APPLICATION_ID 0x53524353 /* "SRCS": a Staffroom collector store */
#define COLLECTOR_BUSY_TIMEOUT_MS 5000

static const char *const MIGRATIONS[] = {
    /* 1: everything the delivery and report issues need. */
    "CREATE TABLE device ("
    "  id TEXT PRIMARY KEY NOT NULL,"
    "  site TEXT NOT NULL DEFAULT '',"          /* from the registry, never a payload */
    "  area TEXT NOT NULL DEFAULT '',"
    "  staff_group TEXT NOT NULL DEFAULT '',"
    "  registered INTEGER NOT NULL DEFAULT 0,"  /* 1 while in the registry */
    "  revoked INTEGER NOT NULL DEFAULT 0,"
    "  online INTEGER,"                         /* NULL: never heard from */
    "  online_since INTEGER,"                   /* collector time, whole minutes */
    "  last_seen INTEGER,"                      /* collector time, whole minutes */
    "  app_version TEXT, content_version TEXT,"
    "  waiting INTEGER, oldest_period INTEGER, last_delivery INTEGER,"
    "  disk_free_percent INTEGER, clock_synced INTEGER, uptime_minutes INTEGER,"
    "  problem TEXT"
    ") WITHOUT ROWID;"

    "CREATE TABLE answer ("
    "  id TEXT PRIMARY KEY NOT NULL,"
    "  device TEXT NOT NULL,"
    "  site TEXT NOT NULL, area TEXT NOT NULL, staff_group TEXT NOT NULL DEFAULT '',"
    "  question_set TEXT NOT NULL, content_version TEXT NOT NULL, lang TEXT NOT NULL,"
    "  period INTEGER,"                         /* coarsened UTC seconds; NULL: unknown */
    "  day INTEGER NOT NULL,"                   /* local day number; -1: unknown */
    "  shift TEXT NOT NULL DEFAULT '',"
    "  score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),"
    "  option TEXT NOT NULL,"
    "  CHECK ((period IS NULL) = (day = -1))"
    ") WITHOUT ROWID;"
    "CREATE INDEX answer_day ON answer (day);"

    "CREATE TABLE answer_choice ("
    "  answer_id TEXT NOT NULL, question TEXT NOT NULL, option TEXT NOT NULL,"
    "  PRIMARY KEY (answer_id, question, option)"
    ") WITHOUT ROWID;"

    "CREATE TABLE answer_text ("
    "  answer_id TEXT NOT NULL, question TEXT NOT NULL, text TEXT NOT NULL,"
    "  PRIMARY KEY (answer_id, question)"
    ") WITHOUT ROWID;"

    "CREATE TABLE item_use ("
    "  id TEXT PRIMARY KEY NOT NULL,"           /* the count message's id */
    "  device TEXT NOT NULL, site TEXT NOT NULL, area TEXT NOT NULL,"
    "  staff_group TEXT NOT NULL DEFAULT '',"
    "  day INTEGER NOT NULL, item TEXT NOT NULL,"
    "  count INTEGER NOT NULL CHECK (count >= 1)"
    ") WITHOUT ROWID;"

    /* Arrival order is kept here on purpose (a rowid): these are faults to
     * investigate. received is the hour only: a refused message may still be
     * someone's answer. */
    "CREATE TABLE dead_letter ("
    "  seq INTEGER PRIMARY KEY,"
    "  received_hour INTEGER NOT NULL,"
    "  topic TEXT NOT NULL,"
    "  device TEXT,"                            /* NULL when the topic named none */
    "  answer_id TEXT,"                         /* when the id could be read */
    "  reason TEXT NOT NULL,"
    "  size INTEGER NOT NULL,"                  /* the message's full size */
    "  raw BLOB NOT NULL"                       /* its first bytes (capped) */
    ");"

    "CREATE TABLE rollup ("
    "  day INTEGER NOT NULL, site TEXT NOT NULL, area TEXT NOT NULL,"
    "  staff_group TEXT NOT NULL, shift TEXT NOT NULL, question_set TEXT NOT NULL,"
    "  n INTEGER NOT NULL, score_sum INTEGER NOT NULL,"
    "  n_low INTEGER NOT NULL, n_high INTEGER NOT NULL," /* scores 1-2, 4-5 */
    "  PRIMARY KEY (day, site, area, staff_group, shift, question_set)"
    ") WITHOUT ROWID;"
    "CREATE TRIGGER answer_rollup AFTER INSERT ON answer BEGIN"
    "  INSERT INTO rollup VALUES (NEW.day, NEW.site, NEW.area, NEW.staff_group, NEW.shift,"
    "    NEW.question_set, 1, NEW.score, NEW.score <= 2, NEW.score >= 4)"
    "  ON CONFLICT DO UPDATE SET n = n + 1, score_sum = score_sum + excluded.score_sum,"
    "    n_low = n_low + excluded.n_low, n_high = n_high + excluded.n_high;"
    "END;"

    "CREATE TABLE rollup_choice ("
    "  day INTEGER NOT NULL, site TEXT NOT NULL, area TEXT NOT NULL,"
    "  staff_group TEXT NOT NULL, shift TEXT NOT NULL, question_set TEXT NOT NULL,"
    "  question TEXT NOT NULL, option TEXT NOT NULL, n INTEGER NOT NULL,"
    "  PRIMARY KEY (day, site, area, staff_group, shift, question_set, question, option)"
    ") WITHOUT ROWID;"
    "CREATE TRIGGER answer_choice_rollup AFTER INSERT ON answer_choice BEGIN"
    "  INSERT INTO rollup_choice SELECT a.day, a.site, a.area, a.staff_group, a.shift,"
    "    a.question_set, NEW.question, NEW.option, 1 FROM answer a WHERE a.id = NEW.answer_id"
    "  ON CONFLICT DO UPDATE SET n = n + 1;"
    "END;"

    "CREATE TABLE rollup_use ("
    "  day INTEGER NOT NULL, site TEXT NOT NULL, area TEXT NOT NULL,"
    "  staff_group TEXT NOT NULL, item TEXT NOT NULL, count INTEGER NOT NULL,"
    "  PRIMARY KEY (day, site, area, staff_group, item)"
    ") WITHOUT ROWID;"
    "CREATE TRIGGER item_use_rollup AFTER INSERT ON item_use BEGIN"
    "  INSERT INTO rollup_use VALUES (NEW.day, NEW.site, NEW.area, NEW.staff_group,"
    "    NEW.item, NEW.count)"
    "  ON CONFLICT DO UPDATE SET count = count + excluded.count;"
    "END;"

    "CREATE TABLE intervention ("
    "  id INTEGER PRIMARY KEY,"
    "  day INTEGER NOT NULL,"                   /* local day number it began */
    "  site TEXT NOT NULL DEFAULT '',"          /* '' = every site */
    "  area TEXT NOT NULL DEFAULT '',"          /* '' = every area of the site */
    "  label TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 120),"
    "  rebaseline INTEGER NOT NULL DEFAULT 0"   /* 1: SPC limits restart here */
    ");"

    "CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value) WITHOUT ROWID;",
};

#define MIGRATION_COUNT ((int)(sizeof MIGRATIONS / sizeof MIGRATIONS[0]))

int collector_schema_version(void)
{
    return MIGRATION_COUNT;
}

int collector_local_day(long long unix_seconds)
{
    time_t t = (time_t)unix_seconds;
    struct tm local;
    if (!localtime_r(&t, &local))
        return -1;
    long long shifted = unix_seconds + local.tm_gmtoff;
    long long day = shifted / 86400;
    if (shifted < 0 && shifted % 86400)
        day--;
    return (int)day;
}

static int pragma_int(sqlite3 *db, const char *sql, long long *value)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(st);
        *value = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
        rc = rc == SQLITE_ROW ? SQLITE_OK : rc;
    }
    sqlite3_finalize(st);
    return rc;
}

static sr_status fail(sqlite3 *db, const char *path, const char *doing, char *err, size_t size)
{
    snprintf(err, size, "%s: %s: %s", path, doing, sqlite3_errmsg(db));
    int rc = sqlite3_errcode(db);
    if (rc == SQLITE_FULL)
        return SR_E_FULL;
    if (rc == SQLITE_READONLY)
        return SR_E_READONLY;
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        return SR_E_BUSY;
    if (rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB)
        return SR_E_CORRUPT;
    return SR_E_IO;
}

/* Runs the migrations the file lacks, each in its own transaction. */
static sr_status migrate(sqlite3 *db, const char *path, char *err, size_t size)
{
    for (;;) {
        long long version = 0, app = 0;
        if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
            return fail(db, path, "starting the schema upgrade", err, size);
        if (pragma_int(db, "PRAGMA user_version", &version) != SQLITE_OK ||
            pragma_int(db, "PRAGMA application_id", &app) != SQLITE_OK)
            goto fail;
        if (app != 0 && app != COLLECTOR_APPLICATION_ID) {
            sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
            snprintf(err, size, "%s: not a Staffroom collector store (application_id 0x%llx)",
                     path, app);
            return SR_E_CORRUPT;
        }
        if (version > MIGRATION_COUNT) {
            sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
            snprintf(err, size,
                     "%s: written by a newer version of Staffroom (schema %lld; this "
                     "program knows up to %d)",
                     path, version, MIGRATION_COUNT);
            return SR_E_CORRUPT;
        }
        if (version == MIGRATION_COUNT)
            return sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK
                       ? SR_OK
                       : fail(db, path, "opening", err, size);
        char bump[96];
        snprintf(bump, sizeof bump, "PRAGMA application_id = %d; PRAGMA user_version = %lld;",
                 COLLECTOR_APPLICATION_ID, version + 1);
        if (sqlite3_exec(db, MIGRATIONS[version], NULL, NULL, NULL) != SQLITE_OK ||
            sqlite3_exec(db, bump, NULL, NULL, NULL) != SQLITE_OK ||
            sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
            goto fail;
    }
fail:;
    sr_status status = fail(db, path, "upgrading the schema", err, size);
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    return status;
}

sr_status collector_schema_open(const char *path, sqlite3 **out, char *err, size_t err_size)
{
    sqlite3 *db = NULL;
    sr_status status;
    *out = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK) {
        status = fail(db, path, "opening", err, err_size);
        goto fail;
    }
    sqlite3_busy_timeout(db, COLLECTOR_BUSY_TIMEOUT_MS);
    if (sqlite3_db_readonly(db, "main") == 1) {
        snprintf(err, err_size, "%s: the file or its folder cannot be written", path);
        status = SR_E_READONLY;
        goto fail;
    }
    if (sqlite3_exec(db,
                     "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
                     "PRAGMA foreign_keys = OFF;",
                     NULL, NULL, NULL) != SQLITE_OK) {
        status = fail(db, path, "setting up", err, err_size);
        goto fail;
    }
    if ((status = migrate(db, path, err, err_size)) != SR_OK)
        goto fail;
    *out = db;
    return SR_OK;
fail:
    sqlite3_close(db);
    return status;
}
