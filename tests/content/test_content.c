/* test_content.c -- the shipped content pack loads clean and holds what a
 * staff room needs: five labelled faces, complete urgent help, every UI
 * string in every language (each one documented in assets/README.md);
 * optional UI strings may be left out; and the example question set, with
 * its free-text question, validates.
 *
 * Packs that must be refused are in test_content_broken.c, the last good
 * copy a kiosk keeps in test_content_keep_good.c; scratch packs come from
 * support/content_fixture.h.
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
#include "content/content_strings.h"
#include "content_fixture.h"
#include "testutil.h"

/* ---- helpers ------------------------------------------------------------ */

static bool item_with_title(const content_pack *pack, const char *needle, bool urgent)
{
    for (int i = 0; i < pack->n_items; i++)
        if (pack->items[i].urgent == urgent &&
            (strstr(content_tr(pack, &pack->items[i].title, 0), needle) ||
             strstr(content_tr(pack, &pack->items[i].body, 0), needle)))
            return true;
    return false;
}

/* ---- the shipped pack --------------------------------------------------- */

static void test_shipped_pack_loads_clean(void **state)
{
    (void)state;
    char dir[PATH_MAX];
    content_pack pack = {0};
    content_report report;
    sr_status status = content_load(testutil_source_path(dir, sizeof dir, "assets/content"), &pack,
                                    &report);
    if (status != SR_OK)
        content_report_print(&report, stderr);
    assert_int_equal(status, SR_OK);
    assert_int_equal(report.n_problems, 0);

    assert_true(pack.sample);
    assert_string_equal(pack.version, "2026.11-sample");
    assert_int_equal(pack.n_langs, 2);
    assert_int_equal(content_lang_index(&pack, "en"), pack.default_lang);
    int cy = content_lang_index(&pack, "cy");
    assert_true(cy >= 0);
    assert_true(pack.lang_needs_review[cy]);
    assert_string_equal(content_tr(&pack, &pack.lang_name, cy), "Cymraeg");

    assert_true(pack.n_items >= 22);
    assert_true(pack.n_categories >= 6);
    for (int c = 0; c < pack.n_categories; c++)
        assert_true(content_items_in_category(&pack, c, NULL, 0) >= 1);
    content_pack_free(&pack);
}

static void test_shipped_checkin_has_five_labelled_faces(void **state)
{
    (void)state;
    static const char *const ids[] = {"very-hard", "hard", "ok", "good", "very-good"};
    char dir[PATH_MAX];
    content_pack pack = {0};
    content_report report;
    assert_int_equal(content_load(testutil_source_path(dir, sizeof dir, "assets/content"), &pack,
                                  &report), SR_OK);
    const content_question *checkin = &pack.questions[0];
    assert_int_equal(checkin->type, QUESTION_SCALE);
    assert_string_equal(content_tr(&pack, &checkin->prompt, 0), "How was your shift?");
    assert_int_equal(checkin->n_options, 5);
    for (int o = 0; o < 5; o++) {
        char icon[24];
        snprintf(icon, sizeof icon, "face-%d", o + 1);
        assert_string_equal(checkin->options[o].id, ids[o]);
        assert_int_equal(checkin->options[o].value, o + 1);
        assert_string_equal(checkin->options[o].icon, icon);
        for (int lang = 0; lang < pack.n_langs; lang++) /* faces are never colour alone */
            assert_true(strlen(content_tr(&pack, &checkin->options[o].label, lang)) > 0);
    }
    assert_int_equal(pack.n_questions, 3);
    assert_string_equal(pack.questions[1].id, "affected");
    assert_int_equal(pack.questions[1].type, QUESTION_MULTI);
    assert_true(pack.questions[1].n_options >= 10 && pack.questions[1].n_options <= 16);
    assert_string_equal(pack.questions[2].id, "helped");
    assert_true(pack.questions[2].n_options >= 8);
    content_pack_free(&pack);
}

static void test_shipped_urgent_help_is_complete(void **state)
{
    (void)state;
    char dir[PATH_MAX];
    content_pack pack = {0};
    content_report report;
    assert_int_equal(content_load(testutil_source_path(dir, sizeof dir, "assets/content"), &pack,
                                  &report), SR_OK);
    assert_true(item_with_title(&pack, "999", true));
    assert_true(item_with_title(&pack, "116 123", true));
    assert_true(item_with_title(&pack, "111", true));
    assert_true(item_with_title(&pack, "85258", true));
    assert_true(item_with_title(&pack, "psychological support", true));
    /* A very hard shift is linked to urgent help, so it can be suggested. */
    bool linked = false;
    for (int i = 0; i < pack.n_items; i++)
        for (int h = 0; pack.items[i].urgent && h < pack.items[i].n_helps; h++)
            linked = linked || strcmp(pack.items[i].helps_with[h], "very-hard") == 0;
    assert_true(linked);
    /* After a "hard" shift the flow offers the first urgent item: it must
     * be one for anyone at any hour, not "call 999". */
    for (int i = 0; i < pack.n_items; i++)
        if (pack.items[i].urgent) {
            assert_null(strstr(content_tr(&pack, &pack.items[i].title, 0), "999"));
            break;
        }
    content_pack_free(&pack);
}

static void test_readme_documents_every_ui_string(void **state)
{
    (void)state;
    char path[PATH_MAX], quoted[64];
    int n = 0;
    const content_string_spec *table = content_strings_table(&n);
    testutil_source_path(path, sizeof path, "assets/README.md");
    char *readme = content_fixture_read_all(path, NULL);
    for (int i = 0; i < n; i++) {
        snprintf(quoted, sizeof quoted, "`%s`", table[i].key);
        if (!strstr(readme, quoted))
            fail_msg("assets/README.md does not list the UI string %s", quoted);
    }
    free(readme);
}

static void test_shipped_pack_has_every_ui_string(void **state)
{
    (void)state;
    char dir[PATH_MAX];
    content_pack pack = {0};
    content_report report;
    int n = 0;
    const content_string_spec *table = content_strings_table(&n);
    assert_int_equal(content_load(testutil_source_path(dir, sizeof dir, "assets/content"), &pack,
                                  &report), SR_OK);
    assert_int_equal(pack.n_strings, n);
    for (int i = 0; i < n; i++)
        for (int lang = 0; lang < pack.n_langs; lang++) {
            const char *text = content_ui(&pack, table[i].key, lang);
            assert_ptr_not_equal(text, table[i].key); /* found, not the fallback */
            assert_true(strlen(text) > 0);
        }
    assert_non_null(strstr(content_ui(&pack, "still_there_body", 1), "{seconds}"));
    assert_non_null(strstr(content_ui(&pack, "text_chars_left", 1), "{n}"));
    assert_string_equal(content_ui(&pack, "idle_prompt_hint", 0), "Tap a face. It's anonymous.");
    content_pack_free(&pack);
}

static void test_optional_ui_strings_may_be_left_out(void **state)
{
    (void)state;
    char dir[PATH_MAX], path[PATH_MAX];
    content_pack pack = {0};
    content_report report;
    content_fixture_scratch_pack(dir, "optional-strings", NULL);
    char *data = content_fixture_read_all(content_fixture_path_in(path, dir, "strings.json"), NULL);
    char *line = strstr(data, "    \"admin_disk\"");
    assert_non_null(line);
    char *end = strchr(line, '\n');
    memmove(line, end + 1, strlen(end + 1) + 1);
    assert_true(testutil_write_file(path, data));
    free(data);

    assert_int_equal(content_load(dir, &pack, &report), SR_OK);
    /* The UI's own English default is used: content_ui gives the key back. */
    assert_string_equal(content_ui(&pack, "admin_disk", 0), "admin_disk");
    assert_string_equal(content_ui(&pack, "admin_clock", 1), "Cloc");
    content_pack_free(&pack);
}

static void test_example_question_set_with_free_text_validates(void **state)
{
    (void)state;
    char dir[PATH_MAX], example[PATH_MAX], target[PATH_MAX];
    content_pack pack = {0};
    content_report report;
    content_fixture_scratch_pack(dir, "example", NULL);
    size_t size;
    testutil_source_path(example, sizeof example, "assets/examples/questions-with-text.json");
    char *data = content_fixture_read_all(example, &size);
    content_fixture_path_in(target, dir, "questions.json");
    content_fixture_write_all(target, data, size);
    free(data);

    sr_status status = content_load(dir, &pack, &report);
    content_report_print(&report, stderr);
    assert_int_equal(status, SR_OK);
    const content_question *text = &pack.questions[pack.n_questions - 1];
    assert_int_equal(text->type, QUESTION_TEXT);
    assert_int_equal(text->max_length, 280);
    assert_string_equal(content_tr(&pack, &text->prompt, 0), "What would make tomorrow better?");
    assert_non_null(strstr(content_tr(&pack, &text->hint, 0), "name anyone"));
    content_pack_free(&pack);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shipped_pack_loads_clean),
        cmocka_unit_test(test_shipped_checkin_has_five_labelled_faces),
        cmocka_unit_test(test_shipped_urgent_help_is_complete),
        cmocka_unit_test(test_shipped_pack_has_every_ui_string),
        cmocka_unit_test(test_readme_documents_every_ui_string),
        cmocka_unit_test(test_optional_ui_strings_may_be_left_out),
        cmocka_unit_test(test_example_question_set_with_free_text_validates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
