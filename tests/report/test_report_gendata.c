/* test_report_gendata.c -- the synthetic data is what it claims to be:
 * exactly N answers, the same rows for the same seed, ids from the shipped
 * content pack, lower scores at night and at weekends, and a step where
 * an intervention says.
 */
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
#include "content_fixture.h"
#include "testutil.h"

#define START_DAY 20094 /* Monday 2025-01-06 */
#define STEP_DAY (START_DAY + 42)

static content_pack pack;

static long long scalar(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    long long value = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return value;
}

static double real(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    double value = sqlite3_column_double(st, 0);
    sqlite3_finalize(st);
    return value;
}

static void options(gendata_options *o, long long answers, unsigned long long seed)
{
    gendata_options_default(o);
    o->answers = answers;
    o->sites = 2;
    o->areas_per_site = 3;
    o->days = 84;
    o->start_day = START_DAY;
    o->seed = seed;
}

/* A fresh store named name holding what o describes. */
static sqlite3 *generate(const char *name, const gendata_options *o, gendata_stats *stats)
{
    char path[512], err[256];
    sqlite3 *db = NULL;
    testutil_path(path, sizeof path, name);
    remove(path);
    assert_int_equal(collector_schema_open(path, &db, err, sizeof err), SR_OK);
    if (gendata_write(db, o, &pack, stats, err, sizeof err) != SR_OK)
        fail_msg("gendata: %s", err);
    return db;
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

static void test_exactly_n_answers_and_rollups_agree(void **state)
{
    (void)state;
    gendata_options o;
    gendata_stats stats;
    options(&o, 5003, 1);
    o.batch_rows = 1000;
    sqlite3 *db = generate("exact.db", &o, &stats);
    assert_int_equal(stats.answers, 5003);
    assert_int_equal(scalar(db, "SELECT count(*) FROM answer"), 5003);
    assert_int_equal(scalar(db, "SELECT sum(n) FROM rollup"), 5003);
    assert_int_equal(scalar(db, "SELECT count(*) FROM answer_choice"), stats.choices);
    assert_int_equal(scalar(db, "SELECT sum(n) FROM rollup_choice"), stats.choices);
    assert_int_equal(scalar(db, "SELECT count(*) FROM item_use"), stats.uses);
    assert_true(stats.choices > 3000 && stats.uses > 100);
    assert_int_equal(scalar(db, "SELECT count(*) FROM device"), 6);
    assert_int_equal(scalar(db, "SELECT min(day) FROM answer"), START_DAY);
    assert_int_equal(scalar(db, "SELECT max(day) FROM answer"), START_DAY + 83);
    sqlite3_close(db);
}

static char *ids(sqlite3 *db)
{
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    sqlite3_stmt *st = NULL;
    sqlite3_prepare_v2(db, "SELECT id, day, shift, score FROM answer ORDER BY id", -1, &st, NULL);
    while (sqlite3_step(st) == SQLITE_ROW)
        fprintf(out, "%s %d %s %d\n", sqlite3_column_text(st, 0), sqlite3_column_int(st, 1),
                sqlite3_column_text(st, 2), sqlite3_column_int(st, 3));
    sqlite3_finalize(st);
    fclose(out);
    return text;
}

static void test_same_seed_same_rows(void **state)
{
    (void)state;
    gendata_options o;
    options(&o, 800, 42);
    sqlite3 *a = generate("seed-a.db", &o, NULL), *b = generate("seed-b.db", &o, NULL);
    o.seed = 43;
    sqlite3 *c = generate("seed-c.db", &o, NULL);
    char *ta = ids(a), *tb = ids(b), *tc = ids(c);
    assert_string_equal(ta, tb);
    assert_string_not_equal(ta, tc);
    free(ta);
    free(tb);
    free(tc);
    sqlite3_close(a);
    sqlite3_close(b);
    sqlite3_close(c);
}

static bool option_in_pack(const char *question, const char *option)
{
    for (int q = 0; q < pack.n_questions; q++)
        for (int i = 0; strcmp(pack.questions[q].id, question) == 0 && i < pack.questions[q].n_options; i++)
            if (strcmp(pack.questions[q].options[i].id, option) == 0)
                return pack.questions[q].type == QUESTION_MULTI;
    return false;
}

static void test_ids_come_from_the_content_pack(void **state)
{
    (void)state;
    gendata_options o;
    options(&o, 2000, 7);
    sqlite3 *db = generate("ids.db", &o, NULL);
    sqlite3_stmt *st = NULL;
    sqlite3_prepare_v2(db, "SELECT DISTINCT question, option FROM answer_choice", -1, &st, NULL);
    int distinct = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        distinct++;
        if (!option_in_pack((const char *)sqlite3_column_text(st, 0),
                            (const char *)sqlite3_column_text(st, 1)))
            fail_msg("%s:%s is not a follow-up option of the pack", sqlite3_column_text(st, 0),
                     sqlite3_column_text(st, 1));
    }
    sqlite3_finalize(st);
    assert_true(distinct > 15);
    /* The score option matches the score; the set is the pack's. */
    const content_question *scale = &pack.questions[0];
    for (int i = 0; i < scale->n_options; i++) {
        char sql[256];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM answer WHERE score = %d AND option <> '%s'",
                 scale->options[i].value, scale->options[i].id);
        assert_int_equal(scalar(db, sql), 0);
    }
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM answer WHERE question_set <> '%s'",
             pack.question_set_id);
    assert_int_equal(scalar(db, sql), 0);
    sqlite3_prepare_v2(db, "SELECT DISTINCT item FROM item_use", -1, &st, NULL);
    while (sqlite3_step(st) == SQLITE_ROW) {
        bool found = false;
        for (int i = 0; i < pack.n_items; i++)
            found = found || strcmp(pack.items[i].id, (const char *)sqlite3_column_text(st, 0)) == 0;
        assert_true(found);
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
}

static void test_nights_and_weekends_are_harder_and_quieter(void **state)
{
    (void)state;
    gendata_options o;
    options(&o, 12000, 9);
    sqlite3 *db = generate("pattern.db", &o, NULL);
    double day = real(db, "SELECT avg(score) FROM answer WHERE shift = 'day'");
    double night = real(db, "SELECT avg(score) FROM answer WHERE shift = 'night'");
    assert_true(day - night > 0.3);
    /* Weekday 0 = Monday; (day + 3) % 7 >= 5 is Saturday or Sunday. */
    double weekday = real(db, "SELECT avg(score) FROM answer WHERE (day + 3) % 7 < 5");
    double weekend = real(db, "SELECT avg(score) FROM answer WHERE (day + 3) % 7 >= 5");
    assert_true(weekday - weekend > 0.1);
    double weekday_volume = real(db, "SELECT count(*) / 5.0 FROM answer WHERE (day + 3) % 7 < 5");
    double weekend_volume = real(db, "SELECT count(*) / 2.0 FROM answer WHERE (day + 3) % 7 >= 5");
    assert_true(weekend_volume < 0.85 * weekday_volume);
    double night_share = real(db, "SELECT avg(shift = 'night') FROM answer");
    assert_true(night_share > 0.3 && night_share < 0.4);
    sqlite3_close(db);
}

static void test_an_intervention_steps_its_area_only(void **state)
{
    (void)state;
    gendata_options o;
    char err[256];
    options(&o, 15000, 11);
    o.n_interventions = 1;
    assert_int_equal(gendata_parse_intervention("2025-02-17:Yoga sessions began:+0.6:1:2",
                                                &o.interventions[0], err, sizeof err), SR_OK);
    assert_int_equal(o.interventions[0].day, STEP_DAY);
    sqlite3 *db = generate("step.db", &o, NULL);
    char sql[512];
    double change[2];
    const char *areas[2] = {"Intensive Care", "Maternity"}; /* areas 2 and 3 of site 1 */
    for (int i = 0; i < 2; i++) {
        snprintf(sql, sizeof sql,
                 "SELECT avg(CASE WHEN day >= %d THEN score END) - avg(CASE WHEN day < %d THEN"
                 " score END) FROM answer WHERE site = 'St Elsewhere General' AND area = '%s'",
                 STEP_DAY, STEP_DAY, areas[i]);
        change[i] = real(db, sql);
    }
    assert_true(change[0] - change[1] > 0.4);
    assert_int_equal(scalar(db, "SELECT count(*) FROM intervention WHERE site = 'St Elsewhere"
                                " General' AND area = 'Intensive Care' AND label = 'Yoga sessions"
                                " began' AND rebaseline = 1 AND day = 20136"), 1);
    sqlite3_close(db);
}

static void test_bad_intervention_specs_say_why(void **state)
{
    (void)state;
    static const struct {
        const char *spec, *reason;
    } BAD[] = {
        {"2025-02-30:x:+0.4", "not a date"},
        {"2025-02-03::+0.4", "label"},
        {"2025-02-03:yoga:lots", "score change"},
        {"2025-02-03:yoga:+9", "score change"},
        {"2025-02-03:yoga:+0.4:0", "site number"},
        {"2025-02-03:yoga:+0.4:1:x", "area number"},
        {"2025-02-03:yoga", "DATE:LABEL:DELTA"},
        {"2025-02-03:a:1:1:1:1", "DATE:LABEL:DELTA"},
    };
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        gendata_intervention iv;
        char err[256] = "";
        assert_int_equal(gendata_parse_intervention(BAD[i].spec, &iv, err, sizeof err),
                         SR_E_INVALID);
        if (!strstr(err, BAD[i].reason))
            fail_msg("'%s': '%s' does not say '%s'", BAD[i].spec, err, BAD[i].reason);
    }
    gendata_options o;
    char err[256];
    options(&o, 10, 1);
    o.n_interventions = 1;
    assert_int_equal(gendata_parse_intervention("2025-02-03:x:+0.1:3", &o.interventions[0], err,
                                                sizeof err), SR_OK);
    sqlite3 *db = NULL;
    char path[512];
    testutil_path(path, sizeof path, "refused.db");
    remove(path);
    assert_int_equal(collector_schema_open(path, &db, err, sizeof err), SR_OK);
    assert_int_equal(gendata_write(db, &o, &pack, NULL, err, sizeof err), SR_E_INVALID);
    assert_non_null(strstr(err, "beyond"));
    sqlite3_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exactly_n_answers_and_rollups_agree),
        cmocka_unit_test(test_same_seed_same_rows),
        cmocka_unit_test(test_ids_come_from_the_content_pack),
        cmocka_unit_test(test_nights_and_weekends_are_harder_and_quieter),
        cmocka_unit_test(test_an_intervention_steps_its_area_only),
        cmocka_unit_test(test_bad_intervention_specs_say_why),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
