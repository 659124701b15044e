/* intervention.c -- the intervention table: add, remove, list, and the
 * ones a chart shows.
 */
#include "intervention.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static sr_status fail(sqlite3 *db, const char *doing, char *err, size_t err_size)
{
    snprintf(err, err_size, "%s: %s", doing, sqlite3_errmsg(db));
    int rc = sqlite3_errcode(db);
    return rc == SQLITE_BUSY || rc == SQLITE_LOCKED ? SR_E_BUSY
           : rc == SQLITE_READONLY                  ? SR_E_READONLY
           : rc == SQLITE_FULL                      ? SR_E_FULL
                                                    : SR_E_IO;
}

/* Length of the UTF-8 sequence starting at p, or 0 if it is not valid. */
static int utf8_length(const unsigned char *p)
{
    int n = p[0] < 0x80 ? 1 : (p[0] & 0xE0) == 0xC0 ? 2 : (p[0] & 0xF0) == 0xE0 ? 3
                            : (p[0] & 0xF8) == 0xF0 ? 4 : 0;
    if (n == 2 && p[0] < 0xC2)
        return 0; /* over-long */
    for (int i = 1; i < n; i++)
        if ((p[i] & 0xC0) != 0x80)
            return 0;
    return n;
}

bool intervention_label_ok(const char *label, char *err, size_t err_size)
{
    int chars = 0;
    for (const unsigned char *p = (const unsigned char *)label; *p; chars++) {
        int n = utf8_length(p);
        if (n == 0) {
            snprintf(err, err_size, "--label: not valid UTF-8 text");
            return false;
        }
        if (n == 1 && (*p < 0x20 || *p == 0x7F)) {
            snprintf(err, err_size, "--label: control characters (tabs, line breaks) are not "
                                    "allowed");
            return false;
        }
        p += n;
    }
    if (chars < 1 || chars > INTERVENTION_LABEL_MAX_CHARS) {
        snprintf(err, err_size, "--label: must have 1 to %d characters (has %d)",
                 INTERVENTION_LABEL_MAX_CHARS, chars);
        return false;
    }
    return true;
}

sr_status intervention_add(sqlite3 *db, const intervention *iv, long long *id, char *err,
                           size_t err_size)
{
    if (!intervention_label_ok(iv->label, err, err_size))
        return SR_E_INVALID;
    if (iv->area[0] && !iv->site[0]) {
        snprintf(err, err_size, "--area: an area needs its --site");
        return SR_E_INVALID;
    }
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "INSERT INTO intervention (day, site, area, label, rebaseline)"
                               " VALUES (?, ?, ?, ?, ?)",
                           -1, &st, NULL) != SQLITE_OK)
        return fail(db, "recording the intervention", err, err_size);
    sqlite3_bind_int(st, 1, iv->day);
    sqlite3_bind_text(st, 2, iv->site, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, iv->area, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, iv->label, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 5, iv->rebaseline);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return fail(db, "recording the intervention", err, err_size);
    *id = sqlite3_last_insert_rowid(db);
    return SR_OK;
}

sr_status intervention_remove(sqlite3 *db, long long id, char *err, size_t err_size)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "DELETE FROM intervention WHERE id = ?", -1, &st, NULL) !=
        SQLITE_OK)
        return fail(db, "removing the intervention", err, err_size);
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return fail(db, "removing the intervention", err, err_size);
    if (sqlite3_changes(db) == 0) {
        snprintf(err, err_size, "there is no intervention %lld (see 'intervention list')", id);
        return SR_E_NOTFOUND;
    }
    return SR_OK;
}

static void copy_text(char *out, size_t size, const unsigned char *text)
{
    snprintf(out, size, "%s", text ? (const char *)text : "");
}

/* Runs a SELECT of (id, day, site, area, label, rebaseline) with up to two
 * text parameters (NULL: bound as NULL) and collects the rows. */
static sr_status collect(sqlite3 *db, const char *sql, const char *p1, const char *p2,
                         intervention **list, int *n, char *err, size_t err_size)
{
    sqlite3_stmt *st = NULL;
    *list = NULL;
    *n = 0;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return fail(db, "reading interventions", err, err_size);
    sqlite3_bind_text(st, 1, p1, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, p2, -1, SQLITE_STATIC);
    int rc, capacity = 0;
    sr_status status = SR_OK;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == capacity) {
            capacity = capacity ? capacity * 2 : 16;
            intervention *grown = realloc(*list, sizeof *grown * (size_t)capacity);
            if (!grown) {
                snprintf(err, err_size, "out of memory reading interventions");
                status = SR_E_NOMEM;
                break;
            }
            *list = grown;
        }
        intervention *iv = &(*list)[(*n)++];
        iv->id = sqlite3_column_int64(st, 0);
        iv->day = sqlite3_column_int(st, 1);
        copy_text(iv->site, sizeof iv->site, sqlite3_column_text(st, 2));
        copy_text(iv->area, sizeof iv->area, sqlite3_column_text(st, 3));
        copy_text(iv->label, sizeof iv->label, sqlite3_column_text(st, 4));
        iv->rebaseline = sqlite3_column_int(st, 5) != 0;
    }
    if (status == SR_OK && rc != SQLITE_DONE)
        status = fail(db, "reading interventions", err, err_size);
    sqlite3_finalize(st);
    if (status != SR_OK) {
        free(*list);
        *list = NULL;
        *n = 0;
    }
    return status;
}

#define COLUMNS "SELECT id, day, site, area, label, rebaseline FROM intervention"

sr_status intervention_list(sqlite3 *db, const char *site, intervention **list, int *n, char *err,
                            size_t err_size)
{
    return collect(db,
                   COLUMNS " WHERE ?1 IS NULL OR site = ?1 OR site = '' ORDER BY day, id",
                   site, NULL, list, n, err, err_size);
}

sr_status intervention_for_chart(sqlite3 *db, const char *site, const char *area,
                                 intervention **list, int *n, char *err, size_t err_size)
{
    return collect(db,
                   COLUMNS " WHERE site = '' OR (site = ?1 AND (area = '' OR area = ?2))"
                           " ORDER BY day, id",
                   site, area, list, n, err, err_size);
}

bool intervention_place_known(sqlite3 *db, const char *site, const char *area)
{
    sqlite3_stmt *st = NULL;
    bool known = false;
    if (sqlite3_prepare_v2(db, "SELECT 1 FROM rollup WHERE site = ?1 AND (?2 IS NULL OR area = ?2)"
                               " LIMIT 1",
                           -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, site, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, area, -1, SQLITE_STATIC);
        known = sqlite3_step(st) == SQLITE_ROW;
    }
    sqlite3_finalize(st);
    return known;
}
