/* report_db.c -- opening the store read-only or read-write (see header). */
#include "report_db.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "collector/collector_schema.h"

#define COLLECTOR_APPLICATION_ID 0x53524353 /* "SRCS", as collector_schema.c writes */
#define BUSY_TIMEOUT_MS 5000

static long long pragma(sqlite3 *db, const char *sql, bool *ok)
{
    sqlite3_stmt *st = NULL;
    long long value = 0;
    *ok = sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
          sqlite3_step(st) == SQLITE_ROW;
    if (*ok)
        value = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return value;
}

static sr_status open_read_only(const char *path, sqlite3 **out, char *err, size_t err_size)
{
    sqlite3 *db = NULL;
    sr_status status = SR_E_CORRUPT;
    bool ok_app, ok_version;
    /* NOMUTEX: one thread per connection, so SQLite need not lock on
     * every call (it shows over millions of rollup rows). */
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) !=
        SQLITE_OK) {
        snprintf(err, err_size, "%s: %s", path, sqlite3_errmsg(db));
        status = SR_E_IO;
        goto fail;
    }
    sqlite3_busy_timeout(db, BUSY_TIMEOUT_MS);
    long long app = pragma(db, "PRAGMA application_id", &ok_app);
    long long version = pragma(db, "PRAGMA user_version", &ok_version);
    if (!ok_app || !ok_version) {
        snprintf(err, err_size, "%s: cannot be read as a database: %s", path, sqlite3_errmsg(db));
        goto fail;
    }
    if (app != COLLECTOR_APPLICATION_ID || version < 1) {
        snprintf(err, err_size, "%s: not a Staffroom collector store", path);
        goto fail;
    }
    if (version > collector_schema_version()) {
        snprintf(err, err_size, "%s: written by a newer Staffroom (schema %lld; this program "
                 "knows up to %d)", path, version, collector_schema_version());
        goto fail;
    }
    *out = db;
    return SR_OK;
fail:
    sqlite3_close(db);
    return status;
}

sr_status report_db_open(const char *path, bool write, sqlite3 **db, char *err, size_t err_size)
{
    struct stat st;
    *db = NULL;
    if (stat(path, &st) != 0) {
        snprintf(err, err_size, "--db %s: %s", path, strerror(errno));
        return SR_E_NOTFOUND;
    }
    if (!S_ISREG(st.st_mode)) {
        snprintf(err, err_size, "--db %s: not a file", path);
        return SR_E_NOTFOUND;
    }
    if (!write)
        return open_read_only(path, db, err, err_size);
    sr_status status = open_read_only(path, db, err, err_size); /* refuse strangers unchanged */
    sqlite3_close(*db);
    *db = NULL;
    if (status != SR_OK)
        return status;
    return collector_schema_open(path, db, err, err_size);
}
