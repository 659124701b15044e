/* idset.c -- sorted answer id sets read from SQLite; see idset.h. */
#include "idset.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

static sqlite3 *open_read_only(const char *path)
{
    if (access(path, F_OK) != 0)
        return NULL;
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        const char *msg = db ? sqlite3_errmsg(db) : "out of memory";
        fail_msg("idset: opening %s: %s", path, msg);
    }
    sqlite3_busy_timeout(db, 5000);
    return db;
}

/* The program that owns the file has created it but not yet its tables. */
static bool not_made_yet(sqlite3 *db)
{
    return strstr(sqlite3_errmsg(db), "no such table") != NULL;
}

void idset_add(idset *set, const char *id)
{
    char (*grown)[IDSET_ID] = realloc(set->ids, (size_t)(set->n + 1) * sizeof *grown);
    assert_non_null(grown);
    set->ids = grown;
    snprintf(set->ids[set->n], IDSET_ID, "%s", id);
    set->n++;
}

static int compare_ids(const void *a, const void *b)
{
    return strcmp(a, b);
}

void idset_sort(idset *set)
{
    if (set->n > 1)
        qsort(set->ids, (size_t)set->n, sizeof *set->ids, compare_ids);
}

bool idset_contains(const idset *set, const char *id)
{
    return set->n > 0 && bsearch(id, set->ids, (size_t)set->n, sizeof *set->ids, compare_ids);
}

void idset_read(idset *set, const char *path, const char *sql)
{
    set->n = 0;
    set->ids = NULL;
    sqlite3 *db = open_read_only(path);
    if (!db)
        return;
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK) {
        if (!not_made_yet(db))
            fail_msg("idset: %s: %s: %s", path, sql, sqlite3_errmsg(db));
        sqlite3_close(db);
        return;
    }
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        const unsigned char *text = sqlite3_column_text(stmt, 0);
        idset_add(set, text ? (const char *)text : "");
    }
    if (rc != SQLITE_DONE)
        fail_msg("idset: %s: %s: %s", path, sql, sqlite3_errmsg(db));
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    idset_sort(set);
}

long long idset_query_int(const char *path, const char *sql)
{
    sqlite3 *db = open_read_only(path);
    if (!db)
        return 0;
    sqlite3_stmt *stmt = NULL;
    long long value = 0;
    int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL);
    if (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW)
        value = sqlite3_column_int64(stmt, 0);
    else if (rc != SQLITE_DONE && rc != SQLITE_OK && !not_made_yet(db))
        fail_msg("idset: %s: %s: %s", path, sql, sqlite3_errmsg(db));
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return value;
}

void idset_assert_equal(const idset *expected, const idset *actual, const char *what)
{
    for (int i = 0; i < expected->n; i++)
        if (!idset_contains(actual, expected->ids[i]))
            fail_msg("%s: %s is missing (%d expected, %d there)", what, expected->ids[i],
                     expected->n, actual->n);
    for (int i = 0; i < actual->n; i++)
        if (!idset_contains(expected, actual->ids[i]))
            fail_msg("%s: %s was not expected (%d expected, %d there)", what, actual->ids[i],
                     expected->n, actual->n);
    for (int i = 1; i < actual->n; i++)
        if (strcmp(actual->ids[i - 1], actual->ids[i]) == 0)
            fail_msg("%s: %s is there twice", what, actual->ids[i]);
    assert_int_equal(expected->n, actual->n);
}

void idset_free(idset *set)
{
    free(set->ids);
    set->ids = NULL;
    set->n = 0;
}
