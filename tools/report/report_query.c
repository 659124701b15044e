/* report_query.c -- the SQL behind a report.
 *
 * Statements are built from a fixed vocabulary (column names from a table
 * here, never from the user); every value the user gave is a bound
 * parameter. Follow-up and view rows are read as they are stored and added
 * up by the table, because their keys end in question/option or item, which
 * a shorter GROUP BY could not follow without sorting.
 */
#include "report_query.h"

#include <stdio.h>
#include <string.h>

#define SQL_MAX 1024
#define MAX_BINDS (2 + REPORT_COLUMN_DIMS * REPORT_MAX_FILTER_VALUES)

static const char *const COLUMN[REPORT_COLUMN_DIMS] = {"site", "area", "staff_group", "shift",
                                                       "question_set"};

typedef struct query {
    char sql[SQL_MAX];
    size_t len;
    const char *text_binds[MAX_BINDS]; /* NULL for an integer bind */
    int int_binds[MAX_BINDS];
    int n_binds;
} query;

static void append(query *q, const char *text)
{
    size_t n = strlen(text);
    if (q->len + n < SQL_MAX) {
        memcpy(q->sql + q->len, text, n + 1);
        q->len += n;
    }
}

/* How many key columns after day the scores query must keep: one past the
 * last column dimension the report uses. */
static int prefix_length(const report_spec *spec, int available)
{
    int length = 0;
    for (int i = 0; i < spec->n_dims; i++)
        if (spec->dims[i] != REPORT_DIM_PERIOD && (int)spec->dims[i] + 1 > length)
            length = (int)spec->dims[i] + 1;
    return length < available ? length : available;
}

static void append_columns(query *q, int prefix)
{
    for (int i = 0; i < prefix; i++) {
        append(q, ", ");
        append(q, COLUMN[i]);
    }
}

/* " WHERE day BETWEEN ? AND ? AND site IN (?, ?) ..." for the columns this
 * table has (the first `columns` of COLUMN). */
static void append_filters(query *q, const report_spec *spec, int columns)
{
    const char *joiner = " WHERE ";
    if (spec->has_from || spec->has_to) {
        append(q, " WHERE day BETWEEN ? AND ?");
        q->text_binds[q->n_binds] = NULL;
        q->int_binds[q->n_binds++] = spec->has_from ? spec->from_day : 0;
        q->text_binds[q->n_binds] = NULL;
        q->int_binds[q->n_binds++] = spec->has_to ? spec->to_day : REPORT_DAY_MAX;
        joiner = " AND ";
    }
    for (int c = 0; c < columns; c++) {
        const report_filter *f = &spec->filter[c];
        if (!f->n)
            continue;
        append(q, joiner);
        append(q, COLUMN[c]);
        append(q, " IN (");
        for (int i = 0; i < f->n; i++) {
            append(q, i ? ", ?" : "?");
            q->text_binds[q->n_binds++] = f->value[i];
        }
        append(q, ")");
        joiner = " AND ";
    }
}

static sr_status fail(sqlite3 *db, const char *doing, char *err, size_t err_size)
{
    snprintf(err, err_size, "%s: %s", doing, sqlite3_errmsg(db));
    int rc = sqlite3_errcode(db);
    if (rc == SQLITE_NOMEM)
        return SR_E_NOMEM;
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        return SR_E_BUSY;
    if (rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB)
        return SR_E_CORRUPT;
    return SR_E_IO;
}

static sr_status prepare(sqlite3 *db, const query *q, sqlite3_stmt **st, char *err,
                         size_t err_size)
{
    if (sqlite3_prepare_v2(db, q->sql, -1, st, NULL) != SQLITE_OK)
        return fail(db, "reading the rollups", err, err_size);
    for (int i = 0; i < q->n_binds; i++) {
        if (q->text_binds[i])
            sqlite3_bind_text(*st, i + 1, q->text_binds[i], -1, SQLITE_STATIC);
        else
            sqlite3_bind_int(*st, i + 1, q->int_binds[i]);
    }
    return SR_OK;
}

/* The row's key columns 1..prefix into cols (the rest NULL). */
static void read_columns(sqlite3_stmt *st, int prefix, const char *cols[REPORT_COLUMN_DIMS])
{
    for (int i = 0; i < REPORT_COLUMN_DIMS; i++)
        cols[i] = i < prefix ? (const char *)sqlite3_column_text(st, 1 + i) : NULL;
}

typedef enum source { SOURCE_SCORES, SOURCE_FOLLOWUPS, SOURCE_VIEWS } source;

static void build(query *q, const report_spec *spec, source what, int *prefix)
{
    memset(q, 0, sizeof *q);
    if (what == SOURCE_SCORES) {
        *prefix = prefix_length(spec, REPORT_COLUMN_DIMS);
        append(q, "SELECT day");
        append_columns(q, *prefix);
        append(q, ", sum(n), sum(score_sum), sum(n_low), sum(n_high) FROM rollup");
        append_filters(q, spec, REPORT_COLUMN_DIMS);
        append(q, " GROUP BY day");
        append_columns(q, *prefix);
    } else if (what == SOURCE_FOLLOWUPS) {
        *prefix = prefix_length(spec, REPORT_COLUMN_DIMS);
        append(q, "SELECT day");
        append_columns(q, *prefix);
        append(q, ", question, option, n FROM rollup_choice");
        append_filters(q, spec, REPORT_COLUMN_DIMS);
    } else {
        *prefix = prefix_length(spec, 3); /* toolkit views have no shift or set */
        append(q, "SELECT day");
        append_columns(q, *prefix);
        append(q, ", item, count FROM rollup_use");
        append_filters(q, spec, 3);
    }
}

static sr_status read_source(sqlite3 *db, report_table *table, source what, char *err,
                             size_t err_size)
{
    query q;
    int prefix;
    sqlite3_stmt *st = NULL;
    build(&q, report_table_spec(table), what, &prefix);
    sr_status status = prepare(db, &q, &st, err, err_size);
    int rc = SQLITE_DONE;
    while (status == SR_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *cols[REPORT_COLUMN_DIMS];
        int day = sqlite3_column_int(st, 0), at = 1 + prefix;
        read_columns(st, prefix, cols);
        if (what == SOURCE_SCORES)
            status = report_table_add_scores(
                table, cols, day, sqlite3_column_int64(st, at), sqlite3_column_int64(st, at + 1),
                sqlite3_column_int64(st, at + 2), sqlite3_column_int64(st, at + 3));
        else if (what == SOURCE_FOLLOWUPS)
            status = report_table_add_followup(table, cols, day,
                                               (const char *)sqlite3_column_text(st, at),
                                               (const char *)sqlite3_column_text(st, at + 1),
                                               sqlite3_column_int64(st, at + 2));
        else
            status = report_table_add_views(table, cols, day,
                                            (const char *)sqlite3_column_text(st, at),
                                            sqlite3_column_int64(st, at + 1));
        if (status == SR_E_NOMEM)
            snprintf(err, err_size, "out of memory adding up the rollups");
    }
    if (status == SR_OK && rc != SQLITE_DONE)
        status = fail(db, "reading the rollups", err, err_size);
    sqlite3_finalize(st);
    return status;
}

sr_status report_query_run(sqlite3 *db, report_table *table, char *err, size_t err_size)
{
    const report_spec *spec = report_table_spec(table);
    sr_status status = read_source(db, table, SOURCE_SCORES, err, err_size);
    if (status == SR_OK && (spec->measures & REPORT_MEASURE_FOLLOWUPS))
        status = read_source(db, table, SOURCE_FOLLOWUPS, err, err_size);
    if (status == SR_OK && (spec->measures & REPORT_MEASURE_ITEMS))
        status = read_source(db, table, SOURCE_VIEWS, err, err_size);
    return status;
}
