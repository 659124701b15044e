/* test_content.c -- the content packs: the shipped sample loads and holds
 * what a staff room needs; every kind of hand-editing mistake is refused
 * with the file, the JSON path (or line) and a reason a wellbeing lead can
 * act on, all of them at once; and a kiosk given a bad pack keeps its last
 * good one, even across a restart.
 *
 * Broken packs live in tests/content/broken/<name>/ as only the files that
 * differ from assets/content; each test copies the shipped pack into a
 * scratch folder and lays the broken files over it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "content/content_load.h"
#include "content/content_strings.h"
#include "testutil.h"

#define PATH_BYTES 4096

/* ---- helpers ------------------------------------------------------------ */

/* out = dir + "/" + name; a path that does not fit fails the test. */
static char *path_in(char out[PATH_BYTES], const char *dir, const char *name)
{
    int n = snprintf(out, PATH_BYTES, "%s/%s", dir, name);
    assert_true(n > 0 && n < PATH_BYTES);
    return out;
}

static char *read_all(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *data = NULL;
    size_t used = 0, cap = 0;
    for (;;) {
        if (used + 4096 + 1 > cap) {
            cap = cap ? cap * 2 : 65536;
            data = realloc(data, cap);
            assert_non_null(data);
        }
        size_t n = fread(data + used, 1, 4096, f);
        used += n;
        if (n == 0)
            break;
    }
    fclose(f);
    data[used] = '\0';
    if (size)
        *size = used;
    return data;
}

static void write_all(const char *path, const char *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, size, f), size);
    assert_int_equal(fclose(f), 0);
}

/* Copies every regular file of from into to (not recursive). */
static void copy_files(const char *from, const char *to)
{
    char src[PATH_BYTES], dst[PATH_BYTES];
    DIR *dir = opendir(from);
    assert_non_null(dir);
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL) {
        struct stat st;
        path_in(src, from, entry->d_name);
        if (stat(src, &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        path_in(dst, to, entry->d_name);
        size_t size;
        char *data = read_all(src, &size);
        write_all(dst, data, size);
        free(data);
    }
    closedir(dir);
}

/* A scratch copy of the shipped pack, with tests/content/broken/<broken>
 * laid over it when broken is not NULL. */
static char *scratch_pack(char out[PATH_BYTES], const char *name, const char *broken)
{
    char source[PATH_BYTES];
    testutil_fresh_dir(out, PATH_BYTES, name);
    copy_files(testutil_source_path(source, sizeof source, "assets/content"), out);
    if (broken) {
        char relative[256];
        snprintf(relative, sizeof relative, "tests/content/broken/%s", broken);
        copy_files(testutil_source_path(source, sizeof source, relative), out);
    }
    return out;
}

static void write_pack_file(const char *dir, const char *file, const char *text)
{
    char path[PATH_BYTES];
    path_in(path, dir, file);
    assert_true(testutil_write_file(path, text));
}

/* Loads dir, expecting failure; returns the report (caller frees). */
static content_report *load_bad(const char *dir, sr_status expected)
{
    content_report *report = malloc(sizeof *report);
    content_pack pack = {0};
    assert_non_null(report);
    sr_status status = content_load(dir, &pack, report);
    if (status != expected) {
        content_report_print(report, stderr);
        fail_msg("expected %s, got %s", sr_status_str(expected), sr_status_str(status));
    }
    assert_int_equal(pack.n_items, 0); /* untouched */
    assert_true(report->n_problems > 0);
    return report;
}

/* Loads a shipped pack with the broken/<name> overlay; expects problems. */
static content_report *load_broken(const char *name)
{
    char dir[PATH_BYTES];
    return load_bad(scratch_pack(dir, name, name), SR_E_INVALID);
}

#define assert_problem(report, file, path, reason)                                        \
    do {                                                                                  \
        if (!content_find_problem((report), (file), (path), (reason))) {                  \
            content_report_print((report), stderr);                                      \
            fail_msg("no problem \"%s: %s...: ...%s...\"", (file), (path), (reason));       \
        }                                                                                 \
    } while (0)

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
    char dir[PATH_BYTES];
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
    char dir[PATH_BYTES];
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
    char dir[PATH_BYTES];
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
    char path[PATH_BYTES], quoted[64];
    int n = 0;
    const content_string_spec *table = content_strings_table(&n);
    char *readme = read_all(testutil_source_path(path, sizeof path, "assets/README.md"), NULL);
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
    char dir[PATH_BYTES];
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
    char dir[PATH_BYTES], path[PATH_BYTES];
    content_pack pack = {0};
    content_report report;
    scratch_pack(dir, "optional-strings", NULL);
    char *data = read_all(path_in(path, dir, "strings.json"), NULL);
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
    char dir[PATH_BYTES], example[PATH_BYTES], target[PATH_BYTES];
    content_pack pack = {0};
    content_report report;
    scratch_pack(dir, "example", NULL);
    size_t size;
    char *data = read_all(testutil_source_path(example, sizeof example,
                                               "assets/examples/questions-with-text.json"), &size);
    path_in(target, dir, "questions.json");
    write_all(target, data, size);
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

/* ---- broken packs ------------------------------------------------------- */

static void test_bad_json_names_the_line(void **state)
{
    (void)state;
    content_report *report = load_broken("bad-json");
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
    content_report *report = load_broken("missing-translation");
    assert_problem(report, "toolkit.json", "$.items[1].title.cy", "missing translation");
    assert_problem(report, "toolkit.json", "$.categories[0].blurb.cy", "missing translation");
    assert_problem(report, "toolkit.json", "$.items[0].summary.cy", "empty");
    assert_int_equal(report->n_problems, 3);
    free(report);
}

static void test_unknown_question_type(void **state)
{
    (void)state;
    content_report *report = load_broken("unknown-question-type");
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
    content_report *report = load_broken("duplicate-ids");
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
    content_report *report = load_broken("over-long");
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
    content_report *report = load_broken("unknown-key");
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
    content_report *report = load_broken("bad-url");
    assert_problem(report, "toolkit.json", "$.items[0].url", "must start with https:// or http://");
    assert_problem(report, "toolkit.json", "$.items[1].url", "must start with https:// or http://");
    assert_problem(report, "toolkit.json", "$.items[2].url", "spaces");
    assert_int_equal(report->n_problems, 3);
    free(report);
}

static void test_helps_with_unknown_option(void **state)
{
    (void)state;
    content_report *report = load_broken("helps-with-unknown");
    assert_problem(report, "toolkit.json", "$.items[0].helps_with[0]",
                   "\"workloads\" (did you mean \"workload\"?)");
    assert_problem(report, "toolkit.json", "$.items[0].helps_with[2]", "\"sleep\"");
    assert_int_equal(report->n_problems, 2);
    free(report);
}

static void test_unknown_category(void **state)
{
    (void)state;
    content_report *report = load_broken("unknown-category");
    assert_problem(report, "toolkit.json", "$.items[0].category",
                   "no category has the id \"mindfullness\" (did you mean \"mindfulness\"?)");
    assert_problem(report, "toolkit.json", "$.items[2].category", "\"crisis\"");
    free(report);
}

static void test_missing_ui_string(void **state)
{
    (void)state;
    content_report *report = load_broken("missing-string");
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
    content_report *report = load_broken("invalid-utf8");
    assert_problem(report, "toolkit.json", "$.items[0].title.cy", "invalid UTF-8 at byte 19");
    assert_problem(report, "toolkit.json", "$.items[1].body.en", "invalid UTF-8"); /* overlong */
    assert_int_equal(report->n_problems, 2);
    free(report);
}

static void test_no_urgent_item(void **state)
{
    (void)state;
    content_report *report = load_broken("no-urgent");
    assert_problem(report, "toolkit.json", "$.items", "no urgent item");
    assert_problem(report, "toolkit.json", "$.categories[1]", "has no item");
    free(report);
}

static void test_pack_json_rules(void **state)
{
    (void)state;
    char dir[PATH_BYTES];
    scratch_pack(dir, "pack-rules", NULL);
    write_pack_file(dir, "pack.json",
                    "{\"format\": 2, \"version\": \"next version\", \"sample\": true,\n"
                    " \"default_language\": \"fr\",\n"
                    " \"languages\": [{\"code\": \"en\", \"name\": \"English\"},\n"
                    "               {\"code\": \"cy\", \"name\": \"Cymraeg\"}]}\n");
    content_report *report = load_bad(dir, SR_E_INVALID);
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
    char dir[PATH_BYTES];
    scratch_pack(dir, "pack-no-langs", "over-long");
    write_pack_file(dir, "pack.json", "{\"format\": 1, \"version\": \"x\", "
                                      "\"default_language\": \"en\", \"languages\": []}");
    content_report *report = load_bad(dir, SR_E_INVALID);
    assert_problem(report, "pack.json", "$.languages", "too few entries (0, at least 1)");
    /* Lengths are still checked without knowing the languages. */
    assert_problem(report, "questions.json", "$.questions[0].options[2].label.en", "too long");
    assert_problem(report, "toolkit.json", "$.items[1].summary.en", "too long");
    free(report);
}

static void test_text_question_limits(void **state)
{
    (void)state;
    char dir[PATH_BYTES], example[PATH_BYTES];
    scratch_pack(dir, "text-limits", NULL);
    char *data = read_all(testutil_source_path(example, sizeof example,
                                               "assets/examples/questions-with-text.json"), NULL);
    char *at = strstr(data, "\"max_length\": 280");
    assert_non_null(at);
    memcpy(at, "\"max_length\": 600", 17);
    write_pack_file(dir, "questions.json", data);
    free(data);
    content_report *report = load_bad(dir, SR_E_INVALID);
    assert_problem(report, "questions.json", "$.questions[3].max_length",
                   "out of range (600, expected 1 to 512)");
    free(report);
}

static void test_unreadable_file_is_io_error_and_named(void **state)
{
    (void)state;
    char dir[PATH_BYTES], path[PATH_BYTES];
    scratch_pack(dir, "missing-file", "no-urgent");
    path_in(path, dir, "strings.json");
    assert_int_equal(remove(path), 0);
    content_report *report = load_bad(dir, SR_E_IO);
    assert_problem(report, "strings.json", "$", "cannot read");
    assert_problem(report, "toolkit.json", "$.items", "no urgent item"); /* still checked */
    free(report);
}

static void test_byte_order_mark_accepted_and_utf16_refused(void **state)
{
    (void)state;
    char dir[PATH_BYTES], path[PATH_BYTES];
    content_pack pack = {0};
    content_report report;
    scratch_pack(dir, "bom", NULL);
    path_in(path, dir, "pack.json");
    size_t size;
    char *data = read_all(path, &size);
    char *with_bom = malloc(size + 3);
    assert_non_null(with_bom);
    memcpy(with_bom, "\xEF\xBB\xBF", 3);
    memcpy(with_bom + 3, data, size);
    write_all(path, with_bom, size + 3);
    assert_int_equal(content_load(dir, &pack, &report), SR_OK); /* Notepad's UTF-8 */
    content_pack_free(&pack);

    memcpy(with_bom, "\xFF\xFE", 2);
    write_all(path, with_bom, size + 3);
    content_report *bad = load_bad(dir, SR_E_INVALID);
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
    char dir[PATH_BYTES];
    scratch_pack(dir, "capacity", NULL);
    char *toolkit = toolkit_of(CONTENT_MAX_ITEMS + 1);
    write_pack_file(dir, "toolkit.json", toolkit);
    free(toolkit);
    content_report *report = load_bad(dir, SR_E_INVALID);
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
    char good[PATH_BYTES], bad[PATH_BYTES];
    content_pack pack = {0};
    content_report report;
    assert_int_equal(content_load(testutil_source_path(good, sizeof good, "assets/content"), &pack,
                                  &report), SR_OK);
    content_pack before = pack;
    assert_int_equal(content_load(scratch_pack(bad, "untouched", "missing-translation"), &pack,
                                  &report), SR_E_INVALID);
    assert_memory_equal(&before, &pack, sizeof pack);
    assert_string_equal(content_tr(&pack, &pack.items[0].title, 0), "A one-minute breathing space");
    content_pack_free(&pack);
}

/* ---- keeping the last good pack ----------------------------------------- */

static void current_copy(const char *cache, char out[128])
{
    char path[PATH_BYTES];
    path_in(path, cache, "CURRENT");
    char *data = read_all(path, NULL);
    snprintf(out, 128, "%s", data);
    free(data);
}

static int count_copies(const char *cache)
{
    int n = 0;
    DIR *dir = opendir(cache);
    assert_non_null(dir);
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL)
        n += strncmp(entry->d_name, "pack-", 5) == 0;
    closedir(dir);
    return n;
}

static void test_keep_good_falls_back_across_restart(void **state)
{
    (void)state;
    char good[PATH_BYTES], bad[PATH_BYTES], cache[PATH_BYTES], copy[128], path[PATH_BYTES];
    char folder[PATH_BYTES];
    content_pack pack = {0};
    content_report report;
    bool used_cache = true;
    scratch_pack(good, "keep-good-source", NULL);
    testutil_path(cache, sizeof cache, "keep-good-cache");

    /* A good pack: loaded, and a copy kept. */
    assert_int_equal(content_load_keep_good(good, cache, &pack, &report, &used_cache), SR_OK);
    assert_false(used_cache);
    assert_int_equal(report.n_problems, 0);
    current_copy(cache, copy);
    copy[strcspn(copy, "\n")] = '\0';
    path_in(path, path_in(folder, cache, copy), "toolkit.json");
    char *kept = read_all(path, NULL);
    path_in(path, good, "toolkit.json");
    char *original = read_all(path, NULL);
    assert_string_equal(kept, original);
    free(kept);
    free(original);
    content_pack_free(&pack);

    /* The kiosk restarts with a bad pack: the problems are reported and it
     * runs on the copy. */
    scratch_pack(bad, "keep-good-bad", "missing-string");
    assert_int_equal(content_load_keep_good(bad, cache, &pack, &report, &used_cache), SR_OK);
    assert_true(used_cache);
    assert_problem(&report, "strings.json", "$.strings", "missing UI string \"thanks_title\"");
    assert_string_equal(content_ui(&pack, "thanks_title", 0), "Thank you");
    assert_true(pack.n_items >= 22);
    content_pack_free(&pack);

    /* Even a pack folder that is gone altogether. */
    path_in(path, bad, "no-such-folder");
    assert_int_equal(content_load_keep_good(path, cache, &pack, &report, &used_cache), SR_OK);
    assert_true(used_cache);
    assert_problem(&report, "pack.json", "$", "cannot read");
    content_pack_free(&pack);
}

static void test_keep_good_without_a_copy_fails(void **state)
{
    (void)state;
    char bad[PATH_BYTES], cache[PATH_BYTES];
    content_pack pack = {0};
    content_report report;
    bool used_cache = true;
    scratch_pack(bad, "no-copy-bad", "no-urgent");
    testutil_fresh_dir(cache, sizeof cache, "no-copy-cache");
    pack.n_items = 7; /* a marker: must survive */
    assert_int_equal(content_load_keep_good(bad, cache, &pack, &report, &used_cache),
                     SR_E_INVALID);
    assert_false(used_cache);
    assert_int_equal(pack.n_items, 7);
    assert_problem(&report, "toolkit.json", "$.items", "no urgent item");
    assert_problem(&report, "last-good", "$", "nothing to fall back on");
}

static void test_keep_good_replaces_the_copy_once(void **state)
{
    (void)state;
    char good[PATH_BYTES], cache[PATH_BYTES], first[128], second[128], third[128];
    content_pack pack = {0};
    content_report report;
    scratch_pack(good, "replace-source", NULL);
    testutil_fresh_dir(cache, sizeof cache, "replace-cache");
    assert_int_equal(content_load_keep_good(good, cache, &pack, &report, NULL), SR_OK);
    content_pack_free(&pack);
    current_copy(cache, first);

    /* The same pack again (every start): nothing is rewritten. */
    assert_int_equal(content_load_keep_good(good, cache, &pack, &report, NULL), SR_OK);
    content_pack_free(&pack);
    current_copy(cache, second);
    assert_string_equal(first, second);

    /* A new good pack replaces the copy; the old copy is removed. */
    write_pack_file(good, "pack.json",
                    "{\"format\": 1, \"version\": \"2026.12\", \"default_language\": \"en\",\n"
                    " \"languages\": [{\"code\": \"en\", \"name\": \"English\"},\n"
                    "               {\"code\": \"cy\", \"name\": \"Cymraeg\"}]}\n");
    assert_int_equal(content_load_keep_good(good, cache, &pack, &report, NULL), SR_OK);
    assert_string_equal(pack.version, "2026.12");
    content_pack_free(&pack);
    current_copy(cache, third);
    assert_string_not_equal(first, third);
    assert_int_equal(count_copies(cache), 1);
}

static void test_keep_good_survives_a_power_cut_during_a_save(void **state)
{
    (void)state;
    char good[PATH_BYTES], bad[PATH_BYTES], cache[PATH_BYTES], path[PATH_BYTES];
    char half[PATH_BYTES];
    content_pack pack = {0};
    content_report report;
    bool used_cache = false;
    scratch_pack(good, "power-cut-source", NULL);
    testutil_fresh_dir(cache, sizeof cache, "power-cut-cache");
    assert_int_equal(content_load_keep_good(good, cache, &pack, &report, NULL), SR_OK);
    content_pack_free(&pack);

    /* What a power cut in the middle of the next save leaves behind: a
     * half-written copy, and a CURRENT.tmp naming it that was never renamed. */
    path_in(half, cache, "pack-halfway");
    assert_int_equal(mkdir(half, 0700), 0);
    assert_true(testutil_write_file(path_in(path, half, "toolkit.json"), "{\"categories\": ["));
    assert_true(testutil_write_file(path_in(path, cache, "CURRENT.tmp"), "pack-halfway\n"));

    /* The kiosk restarts with a bad pack: it runs on the complete copy. */
    assert_int_equal(content_load_keep_good(scratch_pack(bad, "power-cut-bad", "bad-url"), cache,
                                            &pack, &report, &used_cache), SR_OK);
    assert_true(used_cache);
    assert_true(pack.n_items >= 22);
    content_pack_free(&pack);

    /* The next good save clears the leftovers. */
    write_pack_file(good, "pack.json",
                    "{\"format\": 1, \"version\": \"after-the-cut\", \"default_language\": \"en\","
                    " \"languages\": [{\"code\": \"en\", \"name\": \"English\"},"
                    " {\"code\": \"cy\", \"name\": \"Cymraeg\"}]}");
    assert_int_equal(content_load_keep_good(good, cache, &pack, &report, NULL), SR_OK);
    content_pack_free(&pack);
    assert_int_equal(count_copies(cache), 1);
    struct stat st;
    assert_int_not_equal(stat(half, &st), 0);
}

static void test_keep_good_reports_a_copy_it_cannot_save(void **state)
{
    (void)state;
    char good[PATH_BYTES], blocker[PATH_BYTES], cache[PATH_BYTES];
    content_pack pack = {0};
    content_report report;
    testutil_source_path(good, sizeof good, "assets/content");
    testutil_path(blocker, sizeof blocker, "a-file-not-a-folder");
    assert_true(testutil_write_file(blocker, "x"));
    path_in(cache, blocker, "cache");
    assert_int_equal(content_load_keep_good(good, cache, &pack, &report, NULL), SR_OK);
    assert_true(pack.n_items >= 22); /* the kiosk runs on */
    assert_problem(&report, "last-good", "$", "could not save a copy");
    content_pack_free(&pack);
}

static void test_keep_good_ignores_a_damaged_current(void **state)
{
    (void)state;
    char bad[PATH_BYTES], cache[PATH_BYTES], path[PATH_BYTES];
    content_pack pack = {0};
    content_report report;
    bool used_cache = true;
    scratch_pack(bad, "damaged-bad", "bad-url");
    testutil_fresh_dir(cache, sizeof cache, "damaged-cache");
    path_in(path, cache, "CURRENT");
    assert_true(testutil_write_file(path, "../../etc\n"));
    assert_int_equal(content_load_keep_good(bad, cache, &pack, &report, &used_cache),
                     SR_E_INVALID);
    assert_false(used_cache);
    assert_problem(&report, "last-good", "$", "CURRENT is damaged");
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
        cmocka_unit_test(test_keep_good_falls_back_across_restart),
        cmocka_unit_test(test_keep_good_without_a_copy_fails),
        cmocka_unit_test(test_keep_good_replaces_the_copy_once),
        cmocka_unit_test(test_keep_good_survives_a_power_cut_during_a_save),
        cmocka_unit_test(test_keep_good_reports_a_copy_it_cannot_save),
        cmocka_unit_test(test_keep_good_ignores_a_damaged_current),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
