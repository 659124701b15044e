/* test_report_retention.c -- rollups rebuilt from raw answers equal the
 * ones the triggers kept; purging raw answers leaves every aggregate as
 * it was.
 *
 * Each test gets a fresh store: two months of synthetic answers
 * (gendata.h, fixed seed) with follow-ups and toolkit views, plus three
 * answers from a kiosk that never knew the time (day -1).
 */
#define _GNU_SOURCE /* memmem */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collector/collector_schema.h"
#include "content/content_load.h"
#include "gendata/gendata.h"
#include "report/report_db.h"
#include "report/report_output.h"
#include "report/report_query.h"
#include "report/report_table.h"
#include "report/retention.h"
#include "content_fixture.h"
#include "testutil.h"

#define START_DAY 20094 /* 2025-01-06, a Monday */
#define DAYS 60
#define CUTOFF (START_DAY + 30)

static content_pack pack;
static char db_path[512];
static sqlite3 *db;

static void exec(const char *sql)
{
    char *message = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &message) != SQLITE_OK)
        fail_msg("%s: %s", sql, message);
}

static long long scalar(const char *sql)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    long long value = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return value;
}

/* Every row of a query as text, one line each (malloc'ed). */
static char *dump(const char *sql)
{
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) {
        for (int i = 0; i < sqlite3_column_count(st); i++)
            fprintf(out, "%s|", (const char *)sqlite3_column_text(st, i));
        fputc('\n', out);
    }
    sqlite3_finalize(st);
    fclose(out);
    return text;
}

#define ROLLUP_ROWS "SELECT * FROM rollup ORDER BY day, site, area, staff_group, shift, question_set"
#define CHOICE_ROWS "SELECT * FROM rollup_choice ORDER BY day, site, area, staff_group, shift," \
                    " question_set, question, option"
#define USE_ROWS "SELECT * FROM rollup_use ORDER BY day, site, area, staff_group, item"

typedef struct snapshot {
    char *rollup, *choice, *use;
} snapshot;

static snapshot take(void)
{
    return (snapshot){dump(ROLLUP_ROWS), dump(CHOICE_ROWS), dump(USE_ROWS)};
}

static void assert_same(const snapshot *expected)
{
    snapshot now = take();
    assert_string_equal(now.rollup, expected->rollup);
    assert_string_equal(now.choice, expected->choice);
    assert_string_equal(now.use, expected->use);
    free(now.rollup);
    free(now.choice);
    free(now.use);
}

static void release(snapshot *s)
{
    free(s->rollup);
    free(s->choice);
    free(s->use);
}

static int group_setup(void **state)
{
    (void)state;
    content_fixture_shipped_pack(&pack);
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    content_pack_free(&pack);
    return 0;
}

static int setup(void **state)
{
    (void)state;
    char err[256];
    testutil_path(db_path, sizeof db_path, "retention.db");
    remove(db_path);
    assert_int_equal(collector_schema_open(db_path, &db, err, sizeof err), SR_OK);
    gendata_options o;
    gendata_options_default(&o);
    o.answers = 4000;
    o.sites = 2;
    o.areas_per_site = 2;
    o.days = DAYS;
    o.start_day = START_DAY;
    o.seed = 5;
    o.batch_rows = 777; /* several transactions */
    assert_int_equal(gendata_write(db, &o, &pack, NULL, err, sizeof err), SR_OK);
    exec("INSERT INTO answer VALUES"
         " ('ffffffffffffffffffffffffffffff01', 'k', 'St Elsewhere General', 'Maternity', '',"
         "  'shift-checkin', 'v', 'en', NULL, -1, '', 2, 'hard'),"
         " ('ffffffffffffffffffffffffffffff02', 'k', 'St Elsewhere General', 'Maternity', '',"
         "  'shift-checkin', 'v', 'en', NULL, -1, '', 4, 'good'),"
         " ('ffffffffffffffffffffffffffffff03', 'k', 'St Elsewhere General', 'Maternity', '',"
         "  'shift-checkin', 'v', 'en', NULL, -1, '', 5, 'very-good');"
         "INSERT INTO answer_choice VALUES"
         " ('ffffffffffffffffffffffffffffff01', 'affected', 'workload'),"
         " ('ffffffffffffffffffffffffffffff02', 'helped', 'my-team');");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    sqlite3_close(db);
    db = NULL;
    return 0;
}

static void rebuild(retention_stats *stats)
{
    char err[256];
    assert_int_equal(retention_rebuild_rollups(db, stats, err, sizeof err), SR_OK);
}

static void test_rebuild_equals_incremental(void **state)
{
    (void)state;
    snapshot incremental = take();
    assert_true(scalar("SELECT count(*) FROM rollup_use") > 0);
    retention_stats stats;
    rebuild(&stats);
    assert_same(&incremental);
    assert_int_equal(stats.rollups, scalar("SELECT count(*) FROM rollup"));
    assert_int_equal(stats.choice_rollups, scalar("SELECT count(*) FROM rollup_choice"));
    assert_int_equal(stats.purged_before, -1);
    assert_int_equal(scalar("SELECT sum(n) FROM rollup"), 4003);
    release(&incremental);
}

static void test_rebuild_repairs_damaged_rollups(void **state)
{
    (void)state;
    snapshot incremental = take();
    exec("DELETE FROM rollup WHERE day % 3 = 0; UPDATE rollup SET score_sum = 0 WHERE day = -1;"
         "UPDATE rollup_choice SET n = n + 5; DELETE FROM rollup_use WHERE day % 2 = 0;");
    rebuild(NULL);
    assert_same(&incremental);
    release(&incremental);
}

/* What an analyst sees: the full-history CSV of every measure by area and
 * week. */
static char *report_csv(void)
{
    report_spec spec;
    char err[256], *text = NULL;
    size_t size = 0;
    report_spec_default(&spec);
    assert_true(report_spec_parse_dims(&spec, "area,week", err, sizeof err));
    assert_true(report_spec_check(&spec, err, sizeof err, NULL, 0));
    report_table *t = NULL;
    assert_int_equal(report_table_create(&spec, &t), SR_OK);
    assert_int_equal(report_query_run(db, t, err, sizeof err), SR_OK);
    assert_int_equal(report_table_finish(t, err, sizeof err), SR_OK);
    FILE *out = open_memstream(&text, &size);
    assert_int_equal(report_output_write(t, REPORT_FORMAT_CSV, out, err, sizeof err), SR_OK);
    fclose(out);
    report_table_free(t);
    return text;
}

static void purge(int cutoff, retention_stats *stats)
{
    char err[256];
    assert_int_equal(retention_purge(db, cutoff, stats, err, sizeof err), SR_OK);
}

static void test_purge_deletes_raw_rows_and_keeps_aggregates(void **state)
{
    (void)state;
    char *before = report_csv();
    long long old_answers = scalar("SELECT count(*) FROM answer WHERE day BETWEEN 0 AND 20123");
    long long old_uses = scalar("SELECT count(*) FROM item_use WHERE day BETWEEN 0 AND 20123");
    assert_true(old_answers > 1000);
    retention_stats stats;
    purge(CUTOFF, &stats);
    assert_int_equal(stats.answers, old_answers);
    assert_int_equal(stats.uses, old_uses);
    assert_int_equal(stats.purged_before, CUTOFF);
    assert_int_equal(scalar("SELECT count(*) FROM answer WHERE day >= 0 AND day < 20124"), 0);
    assert_int_equal(scalar("SELECT count(*) FROM item_use WHERE day >= 0 AND day < 20124"), 0);
    assert_int_equal(scalar("SELECT count(*) FROM answer_choice WHERE answer_id NOT IN"
                            " (SELECT id FROM answer)"), 0);
    assert_int_equal(scalar("SELECT count(*) FROM answer WHERE day = -1"), 3); /* no age */
    assert_true(scalar("SELECT count(*) FROM answer WHERE day >= 20124") > 1000);
    char *after = report_csv();
    assert_string_equal(after, before);
    free(before);
    free(after);
}

static void test_rebuild_after_purge_leaves_old_days_alone(void **state)
{
    (void)state;
    snapshot incremental = take();
    purge(CUTOFF, NULL);
    rebuild(NULL);
    assert_same(&incremental); /* old days kept, newer ones recomputed alike */
    /* Damage both sides of the cutoff: only the days still held raw can be
     * repaired; the older rollups are all there is, and stay as they are. */
    exec("UPDATE rollup SET n = n + 100 WHERE day >= 0;");
    rebuild(NULL);
    assert_int_equal(scalar("SELECT count(*) FROM rollup WHERE day >= 0 AND day < 20124 AND"
                            " n < 100"), 0);
    assert_int_equal(scalar("SELECT count(*) FROM rollup WHERE day >= 20124 AND n >= 100"), 0);
    release(&incremental);
}

static void test_purged_before_never_moves_back(void **state)
{
    (void)state;
    retention_stats stats;
    purge(CUTOFF, &stats);
    purge(CUTOFF - 10, &stats);
    assert_int_equal(stats.purged_before, CUTOFF);
    assert_int_equal(stats.answers, 0);
    purge(CUTOFF + 5, &stats);
    assert_int_equal(stats.purged_before, CUTOFF + 5);
    assert_true(stats.answers > 0);
}

/* Expired answers are overwritten, not only unlinked: no purged answer
 * id is left anywhere in the file. */
static void test_purged_answers_leave_no_trace_in_the_file(void **state)
{
    (void)state;
    char id[64];
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT id FROM answer WHERE day = 20100 LIMIT 1", -1,
                                        &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    snprintf(id, sizeof id, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    exec("PRAGMA wal_checkpoint(TRUNCATE)");
    /* As SQLite is built by default (Debian turns secure delete on). */
    exec("PRAGMA secure_delete = OFF");
    purge(CUTOFF, NULL);
    assert_int_equal(scalar("PRAGMA secure_delete"), 0); /* the setting is put back */
    FILE *f = fopen(db_path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    rewind(f);
    char *bytes = malloc((size_t)size);
    assert_int_equal(fread(bytes, 1, (size_t)size, f), (size_t)size);
    fclose(f);
    assert_null(memmem(bytes, (size_t)size, id, strlen(id)));
    free(bytes);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_rebuild_equals_incremental, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rebuild_repairs_damaged_rollups, setup, teardown),
        cmocka_unit_test_setup_teardown(test_purge_deletes_raw_rows_and_keeps_aggregates, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_rebuild_after_purge_leaves_old_days_alone, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_purged_before_never_moves_back, setup, teardown),
        cmocka_unit_test_setup_teardown(test_purged_answers_leave_no_trace_in_the_file, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
