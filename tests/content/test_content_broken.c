/* test_content_broken.c -- every kind of hand-editing mistake in a content
 * pack is refused with the file, the JSON path (or line) and a reason a
 * wellbeing lead can act on, all of them at once: the fixtures in
 * tests/content/broken/, bad pack.json and question settings, a missing
 * file, UTF-16, more items than the kiosk holds; and a refused pack leaves
 * the caller's pack alone.
 *
 * Broken packs live in tests/content/broken/<name>/ as only the files that
 * differ from assets/content; each test copies the shipped pack into a
 * scratch folder and lays the broken files over it (content_fixture.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/content_load.h"
#include "content_fixture.h"
#include "testutil.h"

/* ---- broken packs ------------------------------------------------------- */

static void test_bad_json_names_the_line(void **state)
{
    (void)state;
    content_report *report = content_fixture_load_broken("bad-json");
    /* The cut-short file and the trailing comma in another: both reported. */
    assert_problem(report, "questions.json", "line 21", "ends too early");
    assert_problem(report, "toolkit.json", "line 76, column 7", "bad JSON near ']'");
    assert_problem(report, "toolkit.json", "line 76", "remove the comma");
    /* The files that parse are still checked (and are fine). */
    assert_int_equal(report->n_problems, 2);
    free(report);
}

static void test_missing_translation(void **state)
{
    (void)state;
    content_report *report = content_fixture_load_broken("missing-translation");
    assert_problem(report, "toolkit.json", "$.items[1].title.cy", "missing translation");
    assert_problem(report, "toolkit.json", "$.categories[0].blurb.cy", "missing translation");
    assert_problem(report, "toolkit.json", "$.items[0].summary.cy", "empty");
    assert_int_equal(report->n_problems, 3);
    free(report);
}

static void test_unknown_question_type(void **state)
{
    (void)state;
    content_report *report = content_fixture_load_broken("unknown-question-type");
    assert_problem(report, "questions.json", "$.questions[1].type",
                   "unknown question type \"slider\" (expected scale, multi or text)");
    assert_problem(report, "questions.json", "$.questions[2].type", "did you mean \"multi\"");
    /* Options of an untyped question are still known: no knock-on problem
     * for the toolkit items that name them. */
    assert_int_equal(report->n_problems, 2);
    free(report);
}

static void test_duplicate_ids(void **state)
{
    (void)state;
    content_report *report = content_fixture_load_broken("duplicate-ids");
    assert_problem(report, "toolkit.json", "$.items[2].id",
                   "duplicate id \"one-minute-pause\" (first at $.items[0].id)");
    assert_problem(report, "toolkit.json", "$.categories[2].id",
                   "duplicate id \"mindfulness\" (first at $.categories[0].id)");
    assert_problem(report, "questions.json", "$.questions[2].options[0].id",
                   "duplicate id \"workload\" (first at $.questions[1].options[0].id)");
    free(report);
}

static void test_over_long_text_counts_characters(void **state)
{
    (void)state;
    content_report *report = content_fixture_load_broken("over-long");
    assert_problem(report, "questions.json", "$.questions[0].options[2].label.en",
                   "too long (61 characters, at most 24)");
    assert_problem(report, "toolkit.json", "$.items[1].summary.en",
                   "too long (121 characters, at most 120)");
    /* The Welsh title is 48 characters but more bytes: it fits. */
    assert_false(content_find_problem(report, "toolkit.json", "$.items[0].title", NULL));
    assert_int_equal(report->n_problems, 2);
    free(report);
}

static void test_unknown_key_is_a_typo(void **state)
{
    (void)state;
    content_report *report = content_fixture_load_broken("unknown-key");
    assert_problem(report, "toolkit.json", "$.items[0].titel",
                   "unknown key \"titel\" (did you mean \"title\"?)");
    assert_problem(report, "toolkit.json", "$.items[0].title", "missing");
    assert_problem(report, "toolkit.json", "$.items[1].sumary", "did you mean \"summary\"");
    assert_problem(report, "toolkit.json", "$.categories[1].colour",
                   "expected one of: id, icon, title, blurb");
    free(report);
}

static void test_bad_url(void **state)
{
    (void)state;
    content_report *report = content_fixture_load_broken("bad-url");
    assert_problem(report, "toolkit.json", "$.items[0].url", "must start with https:// or http://");
    assert_problem(report, "toolkit.json", "$.items[1].url", "must start with https:// or http://");
    assert_problem(report, "toolkit.json", "$.items[2].url", "spaces");
    assert_int_equal(report->n_problems, 3);
    free(report);
}

static void test_helps_with_unknown_option(void **state)
{
    (void)state;
    content_report *report = content_fixture_load_broken("helps-with-unknown");
    assert_problem(report, "toolkit.json", "$.items[0].helps_with[0]",
                   "\"workloads\" (did you mean \"workload\"?)");
    assert_problem(report, "toolkit.json", "$.items[0].helps_with[2]", "\"sleep\"");
    assert_int_equal(report->n_problems, 2);
    free(report);
}

static void test_unknown_category(void **state)
{
    (void)state;
    content_report *report = content_fixture_load_broken("unknown-category");
    assert_problem(report, "toolkit.json", "$.items[0].category",
                   "no category has the id \"mindfullness\" (did you mean \"mindfulness\"?)");
    assert_problem(report, "toolkit.json", "$.items[2].category", "\"crisis\"");
    free(report);
}

static void test_missing_ui_string(void **state)
{
    (void)state;
    content_report *report = content_fixture_load_broken("missing-string");
    assert_problem(report, "strings.json", "$.strings", "missing UI string \"thanks_title\"");
    assert_problem(report, "strings.json", "$.strings", "missing UI string \"keyboard_delete\"");
    assert_problem(report, "strings.json", "$.strings.thanks_tilte",
                   "did you mean \"thanks_title\"");
    assert_problem(report, "strings.json", "$.strings.still_there_body.cy",
                   "must contain {seconds}");
    assert_int_equal(report->n_problems, 4);
    free(report);
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    content_report *report = content_fixture_load_broken("invalid-utf8");
    assert_problem(report, "toolkit.json", "$.items[0].title.cy", "invalid UTF-8 at byte 19");
    assert_problem(report, "toolkit.json", "$.items[1].body.en", "invalid UTF-8"); /* overlong */
    assert_int_equal(report->n_problems, 2);
    free(report);
}

static void test_no_urgent_item(void **state)
{
    (void)state;
    content_report *report = content_fixture_load_broken("no-urgent");
    assert_problem(report, "toolkit.json", "$.items", "no urgent item");
    assert_problem(report, "toolkit.json", "$.categories[1]", "has no item");
    free(report);
}

static void test_pack_json_rules(void **state)
{
    (void)state;
    char dir[PATH_MAX];
    content_fixture_scratch_pack(dir, "pack-rules", NULL);
    const char *pack_json =
        "{\"format\": 2, \"version\": \"next version\", \"sample\": true,\n"
        " \"default_language\": \"fr\",\n"
        " \"languages\": [{\"code\": \"en\", \"name\": \"English\"},\n"
        "               {\"code\": \"cy\", \"name\": \"Cymraeg\"}]}\n";
    content_fixture_write_pack_file(dir, "pack.json", pack_json);
    content_report *report = content_fixture_load_bad(dir, SR_E_INVALID);
    assert_problem(report, "pack.json", "$.format", "unsupported format 2");
    assert_problem(report, "pack.json", "$.version", "only letters, digits");
    assert_problem(report, "pack.json", "$.notice", "a sample pack must say so");
    assert_problem(report, "pack.json", "$.default_language", "\"fr\" is not one of");
    assert_int_equal(report->n_problems, 4);
    free(report);
}

static void test_broken_languages_still_check_other_files(void **state)
{
    (void)state;
    char dir[PATH_MAX];
    content_fixture_scratch_pack(dir, "pack-no-langs", "over-long");
    content_fixture_write_pack_file(dir, "pack.json",
                                    "{\"format\": 1, \"version\": \"x\", "
                                    "\"default_language\": \"en\", \"languages\": []}");
    content_report *report = content_fixture_load_bad(dir, SR_E_INVALID);
    assert_problem(report, "pack.json", "$.languages", "too few entries (0, at least 1)");
    /* Lengths are still checked without knowing the languages. */
    assert_problem(report, "questions.json", "$.questions[0].options[2].label.en", "too long");
    assert_problem(report, "toolkit.json", "$.items[1].summary.en", "too long");
    free(report);
}

static void test_text_question_limits(void **state)
{
    (void)state;
    char dir[PATH_MAX], example[PATH_MAX];
    content_fixture_scratch_pack(dir, "text-limits", NULL);
    testutil_source_path(example, sizeof example, "assets/examples/questions-with-text.json");
    char *data = content_fixture_read_all(example, NULL);
    char *at = strstr(data, "\"max_length\": 280");
    assert_non_null(at);
    memcpy(at, "\"max_length\": 600", 17);
    content_fixture_write_pack_file(dir, "questions.json", data);
    free(data);
    content_report *report = content_fixture_load_bad(dir, SR_E_INVALID);
    assert_problem(report, "questions.json", "$.questions[3].max_length",
                   "out of range (600, expected 1 to 512)");
    free(report);
}

static void test_unreadable_file_is_io_error_and_named(void **state)
{
    (void)state;
    char dir[PATH_MAX], path[PATH_MAX];
    content_fixture_scratch_pack(dir, "missing-file", "no-urgent");
    content_fixture_path_in(path, dir, "strings.json");
    assert_int_equal(remove(path), 0);
    content_report *report = content_fixture_load_bad(dir, SR_E_IO);
    assert_problem(report, "strings.json", "$", "cannot read");
    assert_problem(report, "toolkit.json", "$.items", "no urgent item"); /* still checked */
    free(report);
}

static void test_byte_order_mark_accepted_and_utf16_refused(void **state)
{
    (void)state;
    char dir[PATH_MAX], path[PATH_MAX];
    content_pack pack = {0};
    content_report report;
    content_fixture_scratch_pack(dir, "bom", NULL);
    content_fixture_path_in(path, dir, "pack.json");
    size_t size;
    char *data = content_fixture_read_all(path, &size);
    char *with_bom = malloc(size + 3);
    assert_non_null(with_bom);
    memcpy(with_bom, "\xEF\xBB\xBF", 3);
    memcpy(with_bom + 3, data, size);
    content_fixture_write_all(path, with_bom, size + 3);
    assert_int_equal(content_load(dir, &pack, &report), SR_OK); /* Notepad's UTF-8 */
    content_pack_free(&pack);

    memcpy(with_bom, "\xFF\xFE", 2);
    content_fixture_write_all(path, with_bom, size + 3);
    content_report *bad = content_fixture_load_bad(dir, SR_E_INVALID);
    assert_problem(bad, "pack.json", "$", "saved as UTF-16");
    free(bad);
    free(with_bom);
    free(data);
}

/* A toolkit of n items, every one missing its Welsh title. */
static char *toolkit_of(int n)
{
    size_t cap = (size_t)n * 512 + 1024, used = 0;
    char *out = malloc(cap);
    assert_non_null(out);
    used += (size_t)snprintf(out, cap, "{\"categories\": [{\"id\": \"c\", \"icon\": \"i\", "
                             "\"title\": {\"en\": \"C\", \"cy\": \"C\"}, "
                             "\"blurb\": {\"en\": \"B\", \"cy\": \"B\"}}],\n \"items\": [\n");
    for (int i = 0; i < n; i++)
        used += (size_t)snprintf(out + used, cap - used,
                                 "%s  {\"id\": \"item-%d\", \"category\": \"c\", \"urgent\": true, "
                                 "\"title\": {\"en\": \"T\"}, \"summary\": {\"en\": \"S\", \"cy\": "
                                 "\"S\"}, \"body\": {\"en\": \"B\", \"cy\": \"B\"}, \"good_for\": "
                                 "{\"en\": \"G\", \"cy\": \"G\"}}\n", i ? "," : "", i);
    snprintf(out + used, cap - used, "]}\n");
    return out;
}

static void test_capacity_and_a_long_report(void **state)
{
    (void)state;
    char dir[PATH_MAX];
    content_fixture_scratch_pack(dir, "capacity", NULL);
    char *toolkit = toolkit_of(CONTENT_MAX_ITEMS + 1);
    content_fixture_write_pack_file(dir, "toolkit.json", toolkit);
    free(toolkit);
    content_report *report = content_fixture_load_bad(dir, SR_E_INVALID);
    assert_problem(report, "toolkit.json", "$.items", "too many entries (65, the kiosk holds at "
                                                      "most 64)");
    /* 64 checked items each miss a translation: more than the report keeps. */
    assert_int_equal(report->n_problems, CONTENT_REPORT_MAX);
    assert_int_equal(report->n_problems + report->n_more, 1 + CONTENT_MAX_ITEMS);

    char *printed = NULL;
    size_t printed_size = 0;
    FILE *out = open_memstream(&printed, &printed_size);
    assert_non_null(out);
    content_report_print(report, out);
    fclose(out);
    assert_non_null(strstr(printed, "toolkit.json: $.items[0].title.cy: missing translation\n"));
    assert_non_null(strstr(printed, "... and 1 more problem\n"));
    free(printed);
    free(report);
}

static void test_refused_pack_leaves_callers_pack_alone(void **state)
{
    (void)state;
    char good[PATH_MAX], bad[PATH_MAX];
    content_pack pack = {0};
    content_report report;
    assert_int_equal(content_load(testutil_source_path(good, sizeof good, "assets/content"), &pack,
                                  &report), SR_OK);
    content_pack before = pack;
    content_fixture_scratch_pack(bad, "untouched", "missing-translation");
    assert_int_equal(content_load(bad, &pack, &report), SR_E_INVALID);
    assert_memory_equal(&before, &pack, sizeof pack);
    assert_string_equal(content_tr(&pack, &pack.items[0].title, 0), "A one-minute breathing space");
    content_pack_free(&pack);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bad_json_names_the_line),
        cmocka_unit_test(test_missing_translation),
        cmocka_unit_test(test_unknown_question_type),
        cmocka_unit_test(test_duplicate_ids),
        cmocka_unit_test(test_over_long_text_counts_characters),
        cmocka_unit_test(test_unknown_key_is_a_typo),
        cmocka_unit_test(test_bad_url),
        cmocka_unit_test(test_helps_with_unknown_option),
        cmocka_unit_test(test_unknown_category),
        cmocka_unit_test(test_missing_ui_string),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_no_urgent_item),
        cmocka_unit_test(test_pack_json_rules),
        cmocka_unit_test(test_broken_languages_still_check_other_files),
        cmocka_unit_test(test_text_question_limits),
        cmocka_unit_test(test_unreadable_file_is_io_error_and_named),
        cmocka_unit_test(test_byte_order_mark_accepted_and_utf16_refused),
        cmocka_unit_test(test_capacity_and_a_long_report),
        cmocka_unit_test(test_refused_pack_leaves_callers_pack_alone),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
