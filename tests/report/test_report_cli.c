/* test_report_cli.c -- staffroom-report and staffroom-gendata as an analyst
 * runs them: help to follow, exit 2 with the option and the reason for
 * every mistake, CSV and charts on disk, interventions recorded and shown,
 * purge and rebuild without changing a published number.
 *
 * The store is made by the staffroom-gendata program: 12 weeks from
 * Monday 2025-01-06, two sites of two areas, an intervention at St
 * Elsewhere General / Intensive Care on 2025-02-03 (rebaseline on).
 */
#define _GNU_SOURCE /* memmem */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"

extern char **environ;

#define MAX_ARGS 40
#define SITE "St Elsewhere General"
#define AREA "Intensive Care"

static char db_path[512], out_path[512], err_path[512];
static char *out_text, *err_text; /* of the last run */

static char *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *text = malloc((size_t)n + 1);
    size_t got = fread(text, 1, (size_t)n, f);
    text[got] = '\0';
    fclose(f);
    if (size)
        *size = got;
    return text;
}

/* Runs program (a staffroom-* name) with the NULL-terminated arguments,
 * stdout and stderr into files read back into out_text / err_text.
 * Returns the exit code. */
static int run(const char *program, ...)
{
    char *argv[MAX_ARGS];
    int argc = 0;
    argv[argc++] = (char *)testutil_build_program(program);
    va_list ap;
    va_start(ap, program);
    for (const char *a; argc < MAX_ARGS - 1 && (a = va_arg(ap, const char *));)
        argv[argc++] = (char *)a;
    va_end(ap);
    argv[argc] = NULL;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 2, err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    pid_t pid;
    int status = 0;
    assert_int_equal(posix_spawn(&pid, argv[0], &actions, NULL, argv, environ), 0);
    posix_spawn_file_actions_destroy(&actions);
    assert_int_equal(waitpid(pid, &status, 0), pid);
    free(out_text);
    free(err_text);
    out_text = read_file(out_path, NULL);
    err_text = read_file(err_path, NULL);
    assert_true(WIFEXITED(status));
    return WEXITSTATUS(status);
}

static void expect_in(const char *text, const char *needle)
{
    if (!text || !strstr(text, needle))
        fail_msg("expected '%s' in:\n%s", needle, text ? text : "(nothing)");
}

static void generate(const char *path)
{
    char content[512];
    testutil_source_path(content, sizeof content, "assets/content");
    remove(path);
    int code = run("staffroom-gendata", "--db", path, "--answers", "6000", "--sites", "2",
                   "--areas-per-site", "2", "--days", "84", "--start", "2025-01-06", "--seed", "2",
                   "--intervention", "2025-02-03:Yoga sessions began:+0.5:1:2", "--content",
                   content, "--quiet", NULL);
    if (code != 0)
        fail_msg("staffroom-gendata exit %d: %s", code, err_text);
}

static int setup(void **state)
{
    (void)state;
    testutil_path(db_path, sizeof db_path, "cli.db");
    testutil_path(out_path, sizeof out_path, "stdout.txt");
    testutil_path(err_path, sizeof err_path, "stderr.txt");
    generate(db_path);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    free(out_text);
    free(err_text);
    return 0;
}

/* ---- help and mistakes ---------------------------------------------------- */

static void test_help_an_analyst_can_follow(void **state)
{
    (void)state;
    assert_int_equal(run("staffroom-report", "--help", NULL), 0);
    static const char *const OVERVIEW[] = {"aggregate", "chart", "intervention",
                                           "rebuild-rollups", "purge", "Examples", "suppressed"};
    for (size_t i = 0; i < sizeof OVERVIEW / sizeof OVERVIEW[0]; i++)
        expect_in(out_text, OVERVIEW[i]);
    static const char *const SUBCOMMANDS[] = {"aggregate", "chart", "intervention",
                                              "rebuild-rollups", "purge"};
    for (size_t i = 0; i < sizeof SUBCOMMANDS / sizeof SUBCOMMANDS[0]; i++) {
        assert_int_equal(run("staffroom-report", SUBCOMMANDS[i], "--help", NULL), 0);
        expect_in(out_text, "Usage: staffroom-report");
        expect_in(out_text, "Example");
    }
    assert_int_equal(run("staffroom-report", NULL), 2);
    assert_int_equal(run("staffroom-gendata", "--help", NULL), 0);
    expect_in(out_text, "--intervention");
}

typedef struct mistake {
    const char *args[10];
    const char *says[2];
} mistake;

static void test_mistakes_exit_2_naming_the_option(void **state)
{
    (void)state;
    char missing[600];
    snprintf(missing, sizeof missing, "%s.missing", db_path);
    const mistake MISTAKES[] = {
        {{"--db", db_path, "--k", "2"}, {"--k: 2 is below 3", ""}},
        {{"--db", db_path, "--by", "site,fortnight"}, {"--by: 'fortnight' is not one of", ""}},
        {{"--db", db_path, "--by", "site,site"}, {"--by", "twice"}},
        {{"--db", db_path, "--from", "2025-02-30"}, {"--from: '2025-02-30' is not a date", ""}},
        {{"--db", db_path, "--from", "2025-03-01", "--to", "2025-02-01"}, {"--from", "after --to"}},
        {{"--db", db_path, "--byy", "site"}, {"unknown option '--byy'", "did you mean --by?"}},
        {{"--by", "site"}, {"--db: missing", ""}},
        {{"--db", missing}, {"--db", "No such file"}},
        {{"--db", db_path, "--by", "shift", "--measures", "items"}, {"--measures items", "shift"}},
        {{"--db", db_path, "--format", "xml"}, {"--format: 'xml'", ""}},
        {{"--db", db_path, "--k"}, {"--k: needs a value", ""}},
        {{"chart", "--db", db_path, "--type", "pie"}, {"--type: 'pie'", ""}},
        {{"chart", "--db", db_path, "--size", "10x10"}, {"--size: '10x10'", ""}},
        {{"chart", "--db", db_path, "--peroid", "week"}, {"did you mean --period?", ""}},
        {{"intervention", "add", "--db", db_path, "--site", "X", "--label", "y"}, {"--date: missing", ""}},
        {{"intervention", "add", "--db", db_path, "--all-sites", "--date", "2025-01-01", "--label", ""},
         {"--label", "1 to 120"}},
        {{"intervention", "remove", "--db", db_path, "999"}, {"no intervention 999", ""}},
        {{"intervention", "rename", "--db", db_path}, {"'rename' is not an action", ""}},
        {{"purge", "--db", db_path}, {"--older-than-days: missing", ""}},
        {{"purge", "--db", db_path, "--older-than-days", "-3"}, {"--older-than-days: '-3'", ""}},
        {{"frobnicate"}, {"'frobnicate' is not a subcommand", ""}},
    };
    for (size_t i = 0; i < sizeof MISTAKES / sizeof MISTAKES[0]; i++) {
        const mistake *m = &MISTAKES[i];
        int code = run("staffroom-report", m->args[0], m->args[1], m->args[2], m->args[3],
                       m->args[4], m->args[5], m->args[6], m->args[7], m->args[8], m->args[9],
                       NULL);
        if (code != 2)
            fail_msg("mistake %zu (%s %s ...): exit %d, stderr: %s", i, m->args[0],
                     m->args[1] ? m->args[1] : "", code, err_text);
        for (int s = 0; s < 2; s++)
            expect_in(err_text, m->says[s]);
        expect_in(err_text, "--help");
    }
    /* Not a collector store at all. */
    char text_file[600];
    snprintf(text_file, sizeof text_file, "%s.txt", db_path);
    assert_true(testutil_write_file(text_file, "hello\n"));
    assert_int_equal(run("staffroom-report", "--db", text_file, NULL), 2);
    expect_in(err_text, "cannot be read as a database");
    assert_int_equal(run("staffroom-gendata", "--db", text_file, "--answers", "0", NULL), 2);
    expect_in(err_text, "--answers: '0' is not a whole number from 1");
    assert_int_equal(run("staffroom-gendata", "--db", text_file, "--intervention", "soon", NULL), 2);
    expect_in(err_text, "--intervention");
    assert_int_equal(run("staffroom-gendata", "--answers", "5", NULL), 2);
    expect_in(err_text, "--db: missing");
}

/* ---- aggregates ------------------------------------------------------------ */

static int count_lines(const char *text, const char *prefix)
{
    int n = 0;
    for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : "")
        n += strncmp(p, prefix, strlen(prefix)) == 0;
    return n;
}

static void test_csv_for_a_spreadsheet(void **state)
{
    (void)state;
    char csv[600];
    snprintf(csv, sizeof csv, "%s.csv", db_path);
    assert_int_equal(run("staffroom-report", "--db", db_path, "--by", "site,week", "--measures",
                         "scores", "--format", "csv", "--output", csv, NULL), 0);
    char *text = read_file(csv, NULL);
    assert_non_null(text);
    assert_memory_equal(text, "level,site,week,answers,mean_score,low_share,high_share\r\n", 56);
    assert_int_equal(count_lines(text, "group,"), 2 * 12);
    assert_int_equal(count_lines(text, "row-total,"), 2);
    assert_int_equal(count_lines(text, "column-total,"), 12);
    assert_int_equal(count_lines(text, "total,(all),(all),6000,"), 1);
    free(text);
    /* "--db FILE SUBCOMMAND" works as well as "SUBCOMMAND --db FILE". */
    assert_int_equal(run("staffroom-report", "--db", db_path, "aggregate", "--format", "json", NULL), 0);
    expect_in(out_text, "\"answers\":\t6000");
}

/* ---- charts ------------------------------------------------------------------- */

static void test_chart_files_and_numbers(void **state)
{
    (void)state;
    char svg[600], png[600], csv[600];
    snprintf(svg, sizeof svg, "%s.svg", db_path);
    snprintf(png, sizeof png, "%s.png", db_path);
    snprintf(csv, sizeof csv, "%s.chart.csv", db_path);
    assert_int_equal(run("staffroom-report", "chart", "--db", db_path, "--site", SITE, "--area",
                         AREA, "--from", "2024-12-30", "--svg", svg, "--png", png, "--csv", csv,
                         NULL), 0);
    size_t size;
    char *bytes = read_file(png, &size);
    assert_non_null(bytes);
    assert_true(size > 1000 && memcmp(bytes, "\x89PNG\r\n\x1a\n", 8) == 0);
    free(bytes);
    bytes = read_file(svg, &size);
    assert_non_null(strstr(bytes, "<svg"));
    assert_non_null(memmem(bytes, size, "Yoga", 4) ? bytes : NULL); /* the label is drawn */
    free(bytes);
    char *numbers = read_file(csv, NULL);
    expect_in(numbers, "status,answers,index,label,value");
    /* 13 weeks from 2024-12-30: the first has no answers. */
    assert_int_equal(count_lines(numbers, "no-data,0,0,2024-12-30,"), 1);
    assert_int_equal(count_lines(numbers, "value,"), 12);
    /* New limits from the intervention's week: segment 1 from point 5. */
    expect_in(numbers, ",5,2025-02-03,");
    const char *from_step = strstr(numbers, ",5,2025-02-03,");
    const char *before_step = strstr(numbers, ",4,2025-01-27,");
    assert_non_null(strstr(from_step, ",false,1,"));
    assert_non_null(strstr(before_step, ",false,0,"));
    free(numbers);
    /* Without rebaselining one segment runs throughout. */
    assert_int_equal(run("staffroom-report", "chart", "--db", db_path, "--site", SITE, "--area",
                         AREA, "--no-rebaseline", "--type", "xmr", NULL), 0);
    assert_null(strstr(out_text, ",false,1,"));
}

/* A chart hides exactly the periods the table hides. */
static void test_chart_gaps_match_the_table(void **state)
{
    (void)state;
    assert_int_equal(run("staffroom-report", "--db", db_path, "--by", "day", "--site", SITE,
                         "--area", AREA, "--k", "12", "--measures", "scores", "--format", "csv",
                         NULL), 0);
    char *table = out_text;
    out_text = NULL;
    assert_int_equal(run("staffroom-report", "chart", "--db", db_path, "--period", "day",
                         "--site", SITE, "--area", AREA, "--k", "12", "--type", "run", NULL), 0);
    int hidden = 0;
    for (const char *p = table; (p = strstr(p, "group,")); p++) {
        char day[11];
        memcpy(day, p + 6, 10);
        day[10] = '\0';
        bool in_table = strncmp(p + 17, "suppressed", 10) == 0;
        char needle[64];
        snprintf(needle, sizeof needle, "suppressed,suppressed,%s", "");
        const char *line = strstr(out_text, day);
        assert_non_null(line);
        while (line > out_text && line[-1] != '\n')
            line--;
        bool in_chart = strncmp(line, needle, strlen(needle)) == 0;
        assert_int_equal(in_table, in_chart);
        hidden += in_table;
    }
    assert_true(hidden > 0);
    free(table);
}

/* ---- interventions, purge, rebuild ------------------------------------------ */

static void test_interventions_round_trip(void **state)
{
    (void)state;
    assert_int_equal(run("staffroom-report", "intervention", "list", "--db", db_path, NULL), 0);
    expect_in(out_text, "Yoga sessions began");
    assert_int_equal(run("staffroom-report", "intervention", "add", "--db", db_path, "--site",
                         SITE, "--date", "2025-03-03", "--label", "Wellbeing coach, Mondays",
                         NULL), 0);
    expect_in(out_text, "intervention 2 recorded");
    assert_int_equal(run("staffroom-report", "intervention", "list", "--db", db_path, "--format",
                         "csv", NULL), 0);
    expect_in(out_text, "2,2025-03-03,St Elsewhere General,,\"Wellbeing coach, Mondays\",no");
    /* A site-wide intervention shows on the area's chart too. */
    assert_int_equal(run("staffroom-report", "chart", "--db", db_path, "--site", SITE, "--area",
                         AREA, "--type", "run", "--svg", out_path, NULL), 0);
    char *svg = read_file(out_path, NULL);
    expect_in(svg, "Wellbeing coach");
    free(svg);
    assert_int_equal(run("staffroom-report", "intervention", "add", "--db", db_path, "--site",
                         "St Elswhere", "--date", "2025-03-03", "--label", "typo", NULL), 0);
    expect_in(err_text, "warning: no answers from St Elswhere");
    assert_int_equal(run("staffroom-report", "intervention", "remove", "--db", db_path, "2",
                         NULL), 0);
    assert_int_equal(run("staffroom-report", "intervention", "list", "--db", db_path, NULL), 0);
    assert_null(strstr(out_text, "Wellbeing coach"));
}

static void test_purge_and_rebuild_change_no_published_number(void **state)
{
    (void)state;
    assert_int_equal(run("staffroom-report", "--db", db_path, "--by", "area,week", "--format",
                         "csv", NULL), 0);
    char *before = out_text;
    out_text = NULL;
    assert_int_equal(run("staffroom-report", "purge", "--db", db_path, "--older-than-days", "30",
                         "--today", "2025-03-31", NULL), 0);
    expect_in(out_text, "raw answers are now held from 2025-03-01");
    assert_int_equal(run("staffroom-report", "rebuild-rollups", "--db", db_path, NULL), 0);
    expect_in(out_text, "days from 2025-03-01");
    assert_int_equal(run("staffroom-report", "--db", db_path, "--by", "area,week", "--format",
                         "csv", NULL), 0);
    assert_string_equal(out_text, before);
    free(before);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_help_an_analyst_can_follow),
        cmocka_unit_test(test_mistakes_exit_2_naming_the_option),
        cmocka_unit_test(test_csv_for_a_spreadsheet),
        cmocka_unit_test(test_chart_files_and_numbers),
        cmocka_unit_test(test_chart_gaps_match_the_table),
        cmocka_unit_test(test_interventions_round_trip),
        cmocka_unit_test(test_purge_and_rebuild_change_no_published_number),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
