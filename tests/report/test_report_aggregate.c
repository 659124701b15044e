/* test_report_aggregate.c -- the report's numbers against a small store
 * worked out by hand.
 *
 * The store (a real collector store, answers inserted through the same
 * tables the collector writes, so the triggers build the rollups):
 *
 *   site   area    group    shift  day          scores              follow-ups
 *   Alpha  Ward 1  nursing  day    2025-03-03   1 2 3 4 5 5         workload x3, my-team x3
 *   Alpha  Ward 1  nursing  night  2025-03-11   2 2 3 3 4
 *   Alpha  Ward 2  medical  day    2025-03-04   5 4
 *   Alpha  Ward 2  medical  day    2025-03-12   3 3 3 3 3 3 4
 *   Beta   Ward 1  nursing  night  2025-03-05   1 1 2 2 3 4 5 5     workload x6
 *   Beta   Ward 1  nursing  day    2025-03-13   4 4 4 4 4 5 5 5 5   my-team x9, workload x2
 *   Beta   Ward 1  nursing  (none) unknown      3
 *
 *   toolkit views: Alpha Ward 1 yoga-classes 4 on 03-03 and 3 on 03-10;
 *                  Beta Ward 1 yoga-classes 7 on 03-05
 *
 * Weeks start 2025-03-03 and 2025-03-10. 38 answers, scores adding to 131.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collector/collector_schema.h"
#include "report/report_db.h"
#include "report/report_output.h"
#include "report/report_query.h"
#include "report/report_table.h"
#include "testutil.h"

typedef struct group {
    const char *site, *area, *staff_group, *shift, *date; /* date NULL: unknown */
    const char *scores;                                   /* digits */
    int workload, my_team;                                /* how many chose each */
} group;

static const group GROUPS[] = {
    {"Alpha", "Ward 1", "nursing", "day", "2025-03-03", "123455", 3, 3},
    {"Alpha", "Ward 1", "nursing", "night", "2025-03-11", "22334", 0, 0},
    {"Alpha", "Ward 2", "medical", "day", "2025-03-04", "54", 0, 0},
    {"Alpha", "Ward 2", "medical", "day", "2025-03-12", "3333334", 0, 0},
    {"Beta", "Ward 1", "nursing", "night", "2025-03-05", "11223455", 6, 0},
    {"Beta", "Ward 1", "nursing", "day", "2025-03-13", "444445555", 2, 9},
    {"Beta", "Ward 1", "nursing", "", NULL, "3", 0, 0},
};

static char db_path[512];

static void exec(sqlite3 *db, const char *sql)
{
    char *message = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &message) != SQLITE_OK)
        fail_msg("%s: %s", sql, message);
}

static void insert_group(sqlite3 *db, const group *g, int *next_id)
{
    int day = -1;
    if (g->date)
        assert_true(report_parse_date(g->date, &day));
    for (int i = 0; g->scores[i]; i++) {
        char sql[1024];
        int id = (*next_id)++;
        snprintf(sql, sizeof sql,
                 "INSERT INTO answer VALUES (printf('%%032x', %d), 'dev', '%s', '%s', '%s',"
                 " 'shift-checkin', 'v1', 'en', %s, %d, '%s', %c, 'x');",
                 id, g->site, g->area, g->staff_group, day < 0 ? "NULL" : "1741000000", day,
                 g->shift, g->scores[i]);
        exec(db, sql);
        const char *choices[2] = {i < g->workload ? "affected','workload" : NULL,
                                  i >= (int)strlen(g->scores) - g->my_team ? "helped','my-team"
                                                                           : NULL};
        for (int c = 0; c < 2; c++) {
            if (!choices[c])
                continue;
            snprintf(sql, sizeof sql,
                     "INSERT INTO answer_choice VALUES (printf('%%032x', %d), '%s');", id,
                     choices[c]);
            exec(db, sql);
        }
    }
}

static int setup(void **state)
{
    (void)state;
    sqlite3 *db = NULL;
    char err[256];
    testutil_path(db_path, sizeof db_path, "hand.db");
    remove(db_path);
    assert_int_equal(collector_schema_open(db_path, &db, err, sizeof err), SR_OK);
    int next_id = 1;
    exec(db, "BEGIN");
    for (size_t i = 0; i < sizeof GROUPS / sizeof GROUPS[0]; i++)
        insert_group(db, &GROUPS[i], &next_id);
    int d1, d2, d3;
    report_parse_date("2025-03-03", &d1);
    report_parse_date("2025-03-10", &d2);
    report_parse_date("2025-03-05", &d3);
    char sql[512];
    snprintf(sql, sizeof sql,
             "INSERT INTO item_use VALUES ('u1', 'dev', 'Alpha', 'Ward 1', 'nursing', %d,"
             " 'yoga-classes', 4), ('u2', 'dev', 'Alpha', 'Ward 1', 'nursing', %d, 'yoga-classes',"
             " 3), ('u3', 'dev', 'Beta', 'Ward 1', 'nursing', %d, 'yoga-classes', 7);",
             d1, d2, d3);
    exec(db, sql);
    exec(db, "COMMIT");
    sqlite3_close(db);
    return 0;
}

/* Runs a report in-process; the caller frees the table. */
static report_table *run(const char *by, const char *measures, int k, const char *from,
                         const char *to, const char *site)
{
    report_spec spec;
    char err[256];
    report_spec_default(&spec);
    spec.k = k;
    if (by)
        assert_true(report_spec_parse_dims(&spec, by, err, sizeof err));
    if (measures)
        assert_true(report_spec_parse_measures(&spec, measures, err, sizeof err));
    if (from)
        spec.has_from = report_parse_date(from, &spec.from_day);
    if (to)
        spec.has_to = report_parse_date(to, &spec.to_day);
    if (site) {
        spec.filter[REPORT_DIM_SITE].n = 1;
        spec.filter[REPORT_DIM_SITE].value[0] = site;
    }
    assert_true(report_spec_check(&spec, err, sizeof err, NULL, 0));
    sqlite3 *db = NULL;
    report_table *t = NULL;
    assert_int_equal(report_db_open(db_path, false, &db, err, sizeof err), SR_OK);
    assert_int_equal(report_table_create(&spec, &t), SR_OK);
    assert_int_equal(report_query_run(db, t, err, sizeof err), SR_OK);
    assert_int_equal(report_table_finish(t, err, sizeof err), SR_OK);
    sqlite3_close(db);
    return t;
}

/* The row whose keys are exactly the given ones (as many as dimensions). */
static const report_row *find(const report_table *t, ...)
{
    int n_dims = report_table_spec(t)->n_dims;
    const char *want[REPORT_MAX_DIMS];
    va_list ap;
    va_start(ap, t);
    for (int i = 0; i < n_dims; i++)
        want[i] = va_arg(ap, const char *);
    va_end(ap);
    for (int r = 0; r < report_table_rows(t); r++) {
        const report_row *row = report_table_row(t, r);
        bool match = true;
        for (int i = 0; i < n_dims && match; i++)
            match = strcmp(row->key[i], want[i]) == 0;
        if (match)
            return row;
    }
    fail_msg("no row %s ...", n_dims ? want[0] : "(grand total)");
    return NULL;
}

static void assert_group(const report_row *row, long long n, long long sum, long long low,
                         long long high)
{
    assert_false(row->hidden);
    assert_int_equal(row->n, n);
    assert_int_equal(row->score_sum, sum);
    assert_int_equal(row->n_low, low);
    assert_int_equal(row->n_high, high);
}

static void test_grand_total(void **state)
{
    (void)state;
    report_table *t = run(NULL, NULL, 5, NULL, NULL, NULL);
    assert_int_equal(report_table_rows(t), 1);
    const report_row *total = report_table_row(t, 0);
    assert_int_equal(total->level, REPORT_LEVEL_GRAND_TOTAL);
    assert_group(total, 38, 131, 8, 19);
    report_table_free(t);
}

static void test_by_site_with_and_without_dates(void **state)
{
    (void)state;
    report_table *t = run("site", "scores", 5, NULL, NULL, NULL);
    assert_group(find(t, "Alpha"), 20, 65, 4, 7);
    assert_group(find(t, "Beta"), 18, 66, 4, 12);
    assert_group(find(t, REPORT_ALL), 38, 131, 8, 19);
    report_table_free(t);
    /* A date range leaves out the answer without a date. */
    t = run("site", "scores", 5, "2025-03-01", "2025-03-31", NULL);
    assert_group(find(t, "Beta"), 17, 63, 4, 12);
    report_table_free(t);
    /* Only the second week. */
    t = run("site", "scores", 5, "2025-03-10", "2025-03-16", NULL);
    assert_group(find(t, "Alpha"), 12, 36, 2, 2);
    assert_group(find(t, "Beta"), 9, 40, 0, 9);
    report_table_free(t);
}

/* Beta's undated answer (1) is hidden, with its column total; the
 * cheapest cycle through them runs through Beta's first week (8) and that
 * week's column total (16). Everything else is shown. */
static void test_site_by_week_suppression_by_hand(void **state)
{
    (void)state;
    report_table *t = run("site,week", "scores", 5, NULL, NULL, NULL);
    assert_group(find(t, "Alpha", "2025-03-03"), 8, 29, 2, 5);
    assert_group(find(t, "Alpha", "2025-03-10"), 12, 36, 2, 2);
    assert_group(find(t, "Beta", "2025-03-10"), 9, 40, 0, 9);
    assert_true(find(t, "Beta", "2025-03-03")->hidden);
    assert_true(find(t, "Beta", "unknown")->hidden);
    assert_true(find(t, REPORT_ALL, "2025-03-03")->hidden);
    assert_true(find(t, REPORT_ALL, "unknown")->hidden);
    assert_group(find(t, REPORT_ALL, "2025-03-10"), 21, 76, 2, 11);
    assert_group(find(t, "Alpha", REPORT_ALL), 20, 65, 4, 7);
    assert_group(find(t, "Beta", REPORT_ALL), 18, 66, 4, 12);
    assert_group(find(t, REPORT_ALL, REPORT_ALL), 38, 131, 8, 19);
    assert_int_equal(report_table_hidden_groups(t), 4);
    report_table_free(t);
    /* With k = 3 nothing is small but the undated answer and its column. */
    t = run("site,week", "scores", 3, NULL, NULL, NULL);
    assert_false(find(t, "Alpha", "2025-03-03")->hidden);
    assert_true(find(t, "Beta", "unknown")->hidden);
    report_table_free(t);
}

static void test_shift_and_month(void **state)
{
    (void)state;
    report_table *t = run("shift", "scores", 5, NULL, NULL, NULL);
    assert_group(find(t, "day"), 24, 91, 2, 15);
    assert_true(find(t, REPORT_NONE)->hidden); /* the undated answer has no shift */
    assert_true(find(t, "night")->hidden);    /* the smallest other, so it cannot be derived */
    assert_group(find(t, REPORT_ALL), 38, 131, 8, 19);
    report_table_free(t);
    t = run("month", "scores", 3, "2025-03-01", NULL, NULL);
    assert_group(find(t, "2025-03"), 37, 128, 8, 19);
    report_table_free(t);
}

static void test_area_brings_site_and_site_filter(void **state)
{
    (void)state;
    report_table *t = run("area", "scores", 5, NULL, NULL, "Alpha");
    assert_int_equal(report_table_spec(t)->n_dims, 2);
    assert_group(find(t, "Alpha", "Ward 1"), 11, 34, 4, 4);
    assert_group(find(t, "Alpha", "Ward 2"), 9, 31, 0, 3);
    report_table_free(t);
}

/* Follow-ups are suppressed on their own counts: by site, workload is
 * Alpha 3 (hidden), Beta 8 (hidden as its complement), total 11. */
static void test_followups_on_their_own_counts(void **state)
{
    (void)state;
    report_table *t = run("site", "followups", 5, NULL, NULL, NULL);
    assert_int_equal(report_table_followups(t), 2);
    assert_string_equal(report_table_followup_name(t, 0), "affected:workload");
    assert_string_equal(report_table_followup_name(t, 1), "helped:my-team");
    const report_row *alpha = find(t, "Alpha"), *beta = find(t, "Beta"), *all = find(t, REPORT_ALL);
    assert_true(alpha->followup_hidden[0] && beta->followup_hidden[0]);
    assert_false(all->followup_hidden[0]);
    assert_int_equal(all->followup[0], 11);
    assert_int_equal(all->followup[1], 12);
    report_table_free(t);
    t = run("site", "followups", 3, NULL, NULL, NULL);
    assert_false(find(t, "Alpha")->followup_hidden[0]);
    assert_int_equal(find(t, "Alpha")->followup[0], 3);
    assert_int_equal(find(t, "Beta")->followup[1], 9);
    report_table_free(t);
}

static void test_item_views(void **state)
{
    (void)state;
    report_table *t = run("site", "items", 5, NULL, NULL, NULL);
    assert_int_equal(report_table_items(t), 1);
    assert_string_equal(report_table_item_name(t, 0), "yoga-classes");
    assert_int_equal(find(t, "Alpha")->views[0], 7);
    assert_int_equal(find(t, "Beta")->views[0], 7);
    assert_int_equal(find(t, REPORT_ALL)->views[0], 14);
    report_table_free(t);
    t = run("site,week", "items", 5, NULL, NULL, NULL);
    assert_true(find(t, "Alpha", "2025-03-03")->views_hidden[0]); /* 4 */
    assert_true(find(t, "Alpha", "2025-03-10")->views_hidden[0]); /* 3 */
    assert_int_equal(find(t, REPORT_ALL, REPORT_ALL)->views[0], 14);
    report_table_free(t);
}

static char *write_to_string(const report_table *t, report_format format)
{
    char *text = NULL, err[128];
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    assert_non_null(out);
    assert_int_equal(report_output_write(t, format, out, err, sizeof err), SR_OK);
    fclose(out);
    return text;
}

static void test_csv_says_suppressed(void **state)
{
    (void)state;
    report_table *t = run("shift", "scores", 5, NULL, NULL, NULL);
    char *csv = write_to_string(t, REPORT_FORMAT_CSV);
    assert_string_equal(csv,
                        "level,shift,answers,mean_score,low_share,high_share\r\n"
                        "group,(none),suppressed,suppressed,suppressed,suppressed\r\n"
                        "group,day,24,3.79,0.083,0.625\r\n"
                        "group,night,suppressed,suppressed,suppressed,suppressed\r\n"
                        "total,(all),38,3.45,0.211,0.500\r\n");
    free(csv);
    char *table = write_to_string(t, REPORT_FORMAT_TABLE);
    assert_non_null(strstr(table, "suppressed"));
    assert_non_null(strstr(table, "62.5%"));
    free(table);
    report_table_free(t);
}

static void test_json_numbers_and_suppressed(void **state)
{
    (void)state;
    report_table *t = run("site,week", "scores,followups", 5, NULL, NULL, NULL);
    char *text = write_to_string(t, REPORT_FORMAT_JSON);
    cJSON *root = cJSON_Parse(text);
    assert_non_null(root);
    assert_int_equal(cJSON_GetObjectItem(root, "k")->valueint, 5);
    const cJSON *row, *rows = cJSON_GetObjectItem(root, "rows");
    int checked = 0;
    cJSON_ArrayForEach(row, rows) {
        const char *site = cJSON_GetObjectItem(row, "site")->valuestring;
        const char *week = cJSON_GetObjectItem(row, "week")->valuestring;
        const cJSON *answers = cJSON_GetObjectItem(row, "answers");
        if (strcmp(site, "Alpha") == 0 && strcmp(week, "2025-03-10") == 0) {
            assert_int_equal(answers->valueint, 12);
            assert_true(cJSON_GetObjectItem(row, "mean_score")->valuedouble == 3.0);
            checked++;
        }
        if (strcmp(site, "Beta") == 0 && strcmp(week, "unknown") == 0) {
            assert_string_equal(answers->valuestring, "suppressed");
            assert_string_equal(cJSON_GetObjectItem(row, "mean_score")->valuestring, "suppressed");
            checked++;
        }
    }
    assert_int_equal(checked, 2);
    cJSON_Delete(root);
    free(text);
    report_table_free(t);
}

/* The report reads rollups only: with every raw row gone it says the
 * same. */
static void test_reads_rollups_only(void **state)
{
    (void)state;
    report_table *before = run("site,week", NULL, 5, NULL, NULL, NULL);
    char *expected = write_to_string(before, REPORT_FORMAT_CSV);
    report_table_free(before);
    char copy[512], err[256];
    testutil_path(copy, sizeof copy, "rollups-only.db");
    remove(copy);
    sqlite3 *db = NULL;
    assert_int_equal(collector_schema_open(db_path, &db, err, sizeof err), SR_OK);
    char sql[700];
    snprintf(sql, sizeof sql, "VACUUM INTO '%s'", copy);
    exec(db, sql);
    sqlite3_close(db);
    assert_int_equal(collector_schema_open(copy, &db, err, sizeof err), SR_OK);
    exec(db, "DELETE FROM answer; DELETE FROM answer_choice; DELETE FROM item_use;");
    sqlite3_close(db);
    char saved[512];
    snprintf(saved, sizeof saved, "%s", db_path);
    snprintf(db_path, sizeof db_path, "%s", copy);
    report_table *after = run("site,week", NULL, 5, NULL, NULL, NULL);
    char *actual = write_to_string(after, REPORT_FORMAT_CSV);
    snprintf(db_path, sizeof db_path, "%s", saved);
    assert_string_equal(actual, expected);
    free(expected);
    free(actual);
    report_table_free(after);
}

static void test_nothing_matches(void **state)
{
    (void)state;
    report_table *t = run("site,week", "scores", 5, "2030-01-01", NULL, NULL);
    assert_int_equal(report_table_rows(t), 1);
    const report_row *total = report_table_row(t, 0);
    assert_int_equal(total->level, REPORT_LEVEL_GRAND_TOTAL);
    assert_int_equal(total->n, 0);
    assert_string_equal(total->key[0], REPORT_ALL);
    report_table_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grand_total),
        cmocka_unit_test(test_by_site_with_and_without_dates),
        cmocka_unit_test(test_site_by_week_suppression_by_hand),
        cmocka_unit_test(test_shift_and_month),
        cmocka_unit_test(test_area_brings_site_and_site_filter),
        cmocka_unit_test(test_followups_on_their_own_counts),
        cmocka_unit_test(test_item_views),
        cmocka_unit_test(test_csv_says_suppressed),
        cmocka_unit_test(test_json_numbers_and_suppressed),
        cmocka_unit_test(test_reads_rollups_only),
        cmocka_unit_test(test_nothing_matches),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
