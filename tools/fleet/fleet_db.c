/* fleet_db.c -- the fleet from the collector's device table (see
 * fleet_db.h).
 *
 * NULL columns are the collector's "unknown" (collector_store.c stores ""
 * and the decoders' unknown numbers as NULL); they become the wire
 * format's unknowns again (0, "", -1 for disk), so one set of rules in
 * fleet.c serves both sources.
 */
#include "fleet_db.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "collector/collector_schema.h"

#define COLLECTOR_APPLICATION_ID 0x53524353 /* "SRCS", as collector_schema.c writes */

static const char DEVICES[] =
    "SELECT id, site, area, staff_group, revoked, online, online_since, last_seen,"
    " app_version, content_version, waiting, oldest_period, last_delivery,"
    " disk_free_percent, clock_synced, uptime_minutes, problem"
    " FROM device WHERE registered = 1";

static void text_column(sqlite3_stmt *st, int col, char *out, size_t size)
{
    const unsigned char *text = sqlite3_column_text(st, col);
    snprintf(out, size, "%s", text ? (const char *)text : "");
}

static int64_t int_column(sqlite3_stmt *st, int col, int64_t unknown)
{
    return sqlite3_column_type(st, col) == SQLITE_NULL ? unknown : sqlite3_column_int64(st, col);
}

static sr_status read_row(sqlite3_stmt *st, fleet *f)
{
    fleet_kiosk *k = fleet_kiosk_for(f, (const char *)sqlite3_column_text(st, 0));
    if (!k)
        return SR_E_NOMEM;
    text_column(st, 1, k->site, sizeof k->site);
    text_column(st, 2, k->area, sizeof k->area);
    text_column(st, 3, k->staff_group, sizeof k->staff_group);
    k->revoked = sqlite3_column_int(st, 4) != 0;
    int64_t online = int_column(st, 5, -1);
    k->state = online < 0 ? FLEET_NEVER_SEEN : online ? FLEET_ONLINE : FLEET_OFFLINE;
    k->since = k->state == FLEET_ONLINE ? int_column(st, 6, 0) : int_column(st, 7, 0);
    /* waiting is written by every online status and by nothing else. */
    k->has_details = sqlite3_column_type(st, 10) != SQLITE_NULL;
    wire_status *s = &k->status;
    text_column(st, 8, s->app_version, sizeof s->app_version);
    text_column(st, 9, s->content_version, sizeof s->content_version);
    s->online = k->state == FLEET_ONLINE;
    s->waiting = int_column(st, 10, 0);
    s->oldest_period = int_column(st, 11, 0);
    s->last_delivery = int_column(st, 12, 0);
    s->disk_free_percent = (int)int_column(st, 13, -1);
    s->clock_synced = int_column(st, 14, 0) != 0;
    s->uptime_minutes = int_column(st, 15, 0);
    text_column(st, 16, s->problem, sizeof s->problem);
    return SR_OK;
}

static sr_status check_store(sqlite3 *db, const char *path, char *err, size_t err_size)
{
    sqlite3_stmt *st = NULL;
    long long app = -1, version = -1;
    if (sqlite3_prepare_v2(db, "PRAGMA application_id", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        app = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        version = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (app < 0 || version < 0) {
        snprintf(err, err_size, "%s: cannot read: %s", path, sqlite3_errmsg(db));
        return SR_E_IO;
    }
    if (app != COLLECTOR_APPLICATION_ID) {
        snprintf(err, err_size, "%s: not a Staffroom collector store", path);
        return SR_E_CORRUPT;
    }
    if (version > collector_schema_version()) {
        snprintf(err, err_size,
                 "%s: written by a newer collector (schema %lld; this program knows up to %d)",
                 path, version, collector_schema_version());
        return SR_E_CORRUPT;
    }
    return SR_OK;
}

sr_status fleet_db_read(const char *path, fleet *f, char *err, size_t err_size)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    sr_status status = SR_E_IO;
    if (access(path, F_OK) != 0) {
        snprintf(err, err_size, "%s: no such file (is this the collector's [store] path?)", path);
        return SR_E_NOTFOUND;
    }
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        snprintf(err, err_size, "%s: cannot open: %s", path, db ? sqlite3_errmsg(db) : "no memory");
        goto done;
    }
    sqlite3_busy_timeout(db, 5000);
    if ((status = check_store(db, path, err, err_size)) != SR_OK)
        goto done;
    if (sqlite3_prepare_v2(db, DEVICES, -1, &st, NULL) != SQLITE_OK) {
        snprintf(err, err_size, "%s: cannot read the device table: %s", path, sqlite3_errmsg(db));
        status = SR_E_IO;
        goto done;
    }
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if ((status = read_row(st, f)) != SR_OK) {
            snprintf(err, err_size, "out of memory");
            goto done;
        }
    status = rc == SQLITE_DONE ? SR_OK : SR_E_IO;
    if (status != SR_OK)
        snprintf(err, err_size, "%s: reading the device table: %s", path, sqlite3_errmsg(db));
done:
    sqlite3_finalize(st);
    sqlite3_close(db);
    return status;
}
