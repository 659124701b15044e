/* outbox_schema.c -- the outbox file's set-up, versions and invariants.
 *
 * A file's schema version is PRAGMA user_version; MIGRATIONS[i] takes a file
 * from version i to i + 1. Each migration runs in one BEGIN IMMEDIATE
 * transaction together with its user_version bump, and re-reads the version
 * inside that transaction, so two processes opening a new file at the same
 * moment cannot both run it, and a crash or full disk half way leaves the
 * file at the old version. Adding a schema change means appending one entry.
 *
 * A file written by a newer version is refused (SR_E_CORRUPT, "written by a
 * newer version"), never "repaired"; so is a SQLite file of another program
 * (its application_id is not ours).
 */
#include <stdio.h>
#include <string.h>

#include "outbox_internal.h"

#define OUTBOX_APPLICATION_ID 0x5352424f /* "SRBO": a Staffroom outbox */
#define OUTBOX_BUSY_TIMEOUT_MS 5000

typedef struct outbox_migration {
    const char *purpose; /* for messages: "upgrading the file to schema 1 (...)" */
    const char *sql;
} outbox_migration;

/* Invariant numbers refer to the list at the top of outbox.c. */
static const outbox_migration MIGRATIONS[] = {
    {"answers and toolkit counters",
     "CREATE TABLE answer ("
     "  id TEXT PRIMARY KEY NOT NULL,"                /* 128 random bits in hex */
     "  kind TEXT NOT NULL,"
     "  payload TEXT NOT NULL,"                       /* the caller's JSON */
     "  period_start INTEGER,"                        /* coarsened; NULL unless synced */
     "  shift TEXT,"
     "  clock INTEGER NOT NULL,"                      /* 0 synced, 1 pending, 2 unknown */
     "  boot_id TEXT,"                                /* only while pending */
     "  mono_minute INTEGER,"                         /* only while pending */
     "  sent_at INTEGER,"                             /* NULL: unsent */
     "  CHECK (length(id) = 32 AND id NOT GLOB '*[^0-9a-f]*')," /* 1 */
     "  CHECK (clock IN (0, 1, 2)),"                                /* 2 */
     "  CHECK ((clock = 0) = (period_start IS NOT NULL)),"         /* 3 */
     "  CHECK ((clock = 1) = (boot_id IS NOT NULL)"                 /* 4 */
     "         AND (clock = 1) = (mono_minute IS NOT NULL)),"
     "  CHECK (shift IS NULL OR clock = 0)"                         /* 5 */
     ") WITHOUT ROWID;"
     /* Serves outbox_take_unsent()'s ORDER BY without a sort. */
     "CREATE INDEX answer_unsent ON answer (clock = 1, clock, period_start, id)"
     "  WHERE sent_at IS NULL;"
     /* Serves outbox_resend_stale(); costs nothing for unsent rows. */
     "CREATE INDEX answer_sent ON answer (sent_at) WHERE sent_at IS NOT NULL;"
     "CREATE TABLE item_use ("
     "  day INTEGER NOT NULL,"                        /* local day start, UTC seconds */
     "  item TEXT NOT NULL,"
     "  count INTEGER NOT NULL CHECK (count >= 1),"  /* 8 */
     "  sent_at INTEGER,"
     "  PRIMARY KEY (day, item)"
     ") WITHOUT ROWID;"},
};

#define MIGRATION_COUNT ((int)(sizeof MIGRATIONS / sizeof MIGRATIONS[0]))

int outbox_schema_latest(void)
{
    return MIGRATION_COUNT;
}

/* Reads an integer pragma ("user_version", "application_id"). */
static int read_pragma(sqlite3 *db, const char *name, long long *value)
{
    char sql[64];
    sqlite3_stmt *st = NULL;
    snprintf(sql, sizeof sql, "PRAGMA %s", name);
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(st);
        *value = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
        rc = rc == SQLITE_ROW ? SQLITE_OK : rc;
    }
    sqlite3_finalize(st);
    return rc;
}

/* Refuses what must not be touched: a read-only file (SQLite silently opens
 * one read-only), another program's file, a newer version's file. */
static sr_status check_file(outbox *ob)
{
    if (sqlite3_db_readonly(ob->db, "main") == 1) {
        outbox_set_error(ob, SR_E_READONLY, "opening", "the file or its folder cannot be written");
        return SR_E_READONLY;
    }
    long long version = 0, application = 0;
    int rc = read_pragma(ob->db, "application_id", &application);
    if (rc == SQLITE_OK)
        rc = read_pragma(ob->db, "user_version", &version);
    if (rc != SQLITE_OK)
        return outbox_fail(ob, "opening", rc);
    if (application != 0 && application != OUTBOX_APPLICATION_ID) {
        outbox_set_error(ob, SR_E_CORRUPT, "opening",
                         "not a Staffroom outbox: it belongs to another program "
                         "(application_id 0x%llx)",
                         application);
        return SR_E_CORRUPT;
    }
    if (version > MIGRATION_COUNT) {
        outbox_set_error(ob, SR_E_CORRUPT, "opening",
                         "written by a newer version of Staffroom (schema %lld; this program "
                         "knows up to %d): update the kiosk software",
                         version, MIGRATION_COUNT);
        return SR_E_CORRUPT;
    }
    return SR_OK;
}

static sr_status set_pragmas(outbox *ob)
{
    sqlite3_stmt *st = NULL;
    char mode[16] = "";
    int rc = sqlite3_prepare_v2(ob->db, "PRAGMA journal_mode = WAL", -1, &st, NULL);
    if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const unsigned char *text = sqlite3_column_text(st, 0);
        snprintf(mode, sizeof mode, "%s", text ? (const char *)text : "");
        rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_OK)
        return outbox_fail(ob, "switching to WAL", rc);
    /* SQLite answers with the mode it is in, which is not WAL where the
     * file system cannot share memory between processes. */
    if (strcmp(mode, "wal") != 0) {
        outbox_set_error(ob, SR_E_IO, "switching to WAL",
                         "the journal mode stayed '%s'; the file system may not support WAL",
                         mode);
        return SR_E_IO;
    }
    /* synchronous=FULL: a commit is fsync'd before outbox_put() returns.
     * secure_delete: confirmed answers are overwritten, not left in free
     * pages of the card. */
    rc = sqlite3_exec(ob->db,
                      "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;"
                      " PRAGMA secure_delete = ON;",
                      NULL, NULL, NULL);
    return rc == SQLITE_OK ? SR_OK : outbox_fail(ob, "opening", rc);
}

/* Applies migration `index` (to version index + 1) unless another
 * connection already has: the version is read under the write lock. */
static sr_status run_migration(outbox *ob, int index)
{
    char operation[128], bump[96];
    snprintf(operation, sizeof operation, "upgrading the file to schema %d (%s)", index + 1,
             MIGRATIONS[index].purpose);
    long long version = 0;
    int rc = sqlite3_exec(ob->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = read_pragma(ob->db, "user_version", &version);
    if (rc == SQLITE_OK && version <= index) {
        snprintf(bump, sizeof bump, "PRAGMA user_version = %d; PRAGMA application_id = %d;",
                 index + 1, OUTBOX_APPLICATION_ID);
        rc = sqlite3_exec(ob->db, MIGRATIONS[index].sql, NULL, NULL, NULL);
        if (rc == SQLITE_OK)
            rc = sqlite3_exec(ob->db, bump, NULL, NULL, NULL);
    }
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(ob->db, "COMMIT", NULL, NULL, NULL);
    return rc == SQLITE_OK ? SR_OK : outbox_fail(ob, operation, rc); /* rolls back */
}

sr_status outbox_schema_prepare(outbox *ob)
{
    sqlite3_busy_timeout(ob->db, OUTBOX_BUSY_TIMEOUT_MS);
    sr_status status = check_file(ob);
    if (status == SR_OK)
        status = set_pragmas(ob);
    for (int i = 0; status == SR_OK && i < MIGRATION_COUNT; i++)
        status = run_migration(ob, i);
    return status;
}

/* ---- outbox_check() ---------------------------------------------------- */

/* Each query counts the rows that break one invariant of outbox.c. */
static const struct {
    const char *rule;
    const char *sql;
} INVARIANTS[] = {
    {"1. ids are 32 lower-case hex digits",
     "SELECT count(*) FROM answer WHERE length(id) <> 32 OR id GLOB '*[^0-9a-f]*'"},
    {"2. clock is 0, 1 or 2", "SELECT count(*) FROM answer WHERE clock NOT IN (0, 1, 2)"},
    {"3. a period exactly when the clock was synced",
     "SELECT count(*) FROM answer WHERE (clock = 0) <> (period_start IS NOT NULL)"},
    {"4. boot id and minute exactly while pending",
     "SELECT count(*) FROM answer WHERE (clock = 1) <> (boot_id IS NOT NULL)"
     " OR (clock = 1) <> (mono_minute IS NOT NULL)"},
    {"5. a shift only with a period",
     "SELECT count(*) FROM answer WHERE shift IS NOT NULL AND clock <> 0"},
    {"6. periods are whole minutes",
     "SELECT count(*) FROM answer WHERE period_start % 60 <> 0"},
    {"7. sent_at is NULL or a time",
     "SELECT count(*) FROM answer WHERE sent_at IS NOT NULL AND typeof(sent_at) <> 'integer'"},
    {"8. toolkit counts are positive, by whole local day",
     "SELECT count(*) FROM item_use WHERE count < 1 OR (day % 60 <> 0 AND day <> -1)"},
    {"9. a toolkit count has no shift",
     "SELECT count(*) FROM answer WHERE kind = 'use' AND shift IS NOT NULL"},
    {"the tables keep no rowid",
     "SELECT count(*) FROM sqlite_schema WHERE type = 'table'"
     " AND name IN ('answer', 'item_use') AND sql NOT LIKE '%WITHOUT ROWID'"},
};

sr_status outbox_schema_check(outbox *ob)
{
    for (size_t i = 0; i < sizeof INVARIANTS / sizeof INVARIANTS[0]; i++) {
        sqlite3_stmt *st = NULL;
        long long broken = 0;
        int rc = sqlite3_prepare_v2(ob->db, INVARIANTS[i].sql, -1, &st, NULL);
        if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
            broken = sqlite3_column_int64(st, 0);
            rc = SQLITE_OK;
        }
        sqlite3_finalize(st);
        if (rc != SQLITE_OK)
            return outbox_fail(ob, "checking the file", rc);
        if (broken > 0) {
            outbox_set_error(ob, SR_E_CORRUPT, "checking the file",
                             "invariant '%s' broken by %lld rows", INVARIANTS[i].rule, broken);
            return SR_E_CORRUPT;
        }
    }
    return SR_OK;
}
