/* test_content_keep_good.c -- content_load_keep_good(), the last good copy
 * a kiosk keeps of its content pack: given a bad pack, or none at all, even
 * after a restart, it runs on the copy and still reports why the new pack
 * was refused; with no copy it refuses; a new good pack replaces the copy
 * once and the old one goes; what a power cut in the middle of a save
 * leaves behind, and a damaged CURRENT file, are never taken for a copy;
 * and a copy that cannot be saved is reported while the kiosk runs on.
 *
 * The cache is a folder of pack-* copies and a CURRENT file naming the one
 * in use (content_files.h); the tests read and damage it directly.
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
#include "content_fixture.h"
#include "testutil.h"

/* ---- helpers ------------------------------------------------------------ */

static void current_copy(const char *cache, char out[128])
{
    char path[PATH_MAX];
    content_fixture_path_in(path, cache, "CURRENT");
    char *data = content_fixture_read_all(path, NULL);
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

/* ---- keeping the last good pack ----------------------------------------- */

static void test_keep_good_falls_back_across_restart(void **state)
{
    (void)state;
    char good[PATH_MAX], bad[PATH_MAX], cache[PATH_MAX], copy[128], path[PATH_MAX];
    char folder[PATH_MAX];
    content_pack pack = {0};
    content_report report;
    bool used_cache = true;
    content_fixture_scratch_pack(good, "keep-good-source", NULL);
    testutil_path(cache, sizeof cache, "keep-good-cache");

    /* A good pack: loaded, and a copy kept. */
    assert_int_equal(content_load_keep_good(good, cache, &pack, &report, &used_cache), SR_OK);
    assert_false(used_cache);
    assert_int_equal(report.n_problems, 0);
    current_copy(cache, copy);
    copy[strcspn(copy, "\n")] = '\0';
    content_fixture_path_in(path, content_fixture_path_in(folder, cache, copy), "toolkit.json");
    char *kept = content_fixture_read_all(path, NULL);
    content_fixture_path_in(path, good, "toolkit.json");
    char *original = content_fixture_read_all(path, NULL);
    assert_string_equal(kept, original);
    free(kept);
    free(original);
    content_pack_free(&pack);

    /* The kiosk restarts with a bad pack: the problems are reported and it
     * runs on the copy. */
    content_fixture_scratch_pack(bad, "keep-good-bad", "missing-string");
    assert_int_equal(content_load_keep_good(bad, cache, &pack, &report, &used_cache), SR_OK);
    assert_true(used_cache);
    assert_problem(&report, "strings.json", "$.strings", "missing UI string \"thanks_title\"");
    assert_string_equal(content_ui(&pack, "thanks_title", 0), "Thank you");
    assert_true(pack.n_items >= 22);
    content_pack_free(&pack);

    /* Even a pack folder that is gone altogether. */
    content_fixture_path_in(path, bad, "no-such-folder");
    assert_int_equal(content_load_keep_good(path, cache, &pack, &report, &used_cache), SR_OK);
    assert_true(used_cache);
    assert_problem(&report, "pack.json", "$", "cannot read");
    content_pack_free(&pack);
}

static void test_keep_good_without_a_copy_fails(void **state)
{
    (void)state;
    char bad[PATH_MAX], cache[PATH_MAX];
    content_pack pack = {0};
    content_report report;
    bool used_cache = true;
    content_fixture_scratch_pack(bad, "no-copy-bad", "no-urgent");
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
    char good[PATH_MAX], cache[PATH_MAX], first[128], second[128], third[128];
    content_pack pack = {0};
    content_report report;
    content_fixture_scratch_pack(good, "replace-source", NULL);
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
    const char *new_pack_json =
        "{\"format\": 1, \"version\": \"2026.12\", \"default_language\": \"en\",\n"
        " \"languages\": [{\"code\": \"en\", \"name\": \"English\"},\n"
        "               {\"code\": \"cy\", \"name\": \"Cymraeg\"}]}\n";
    content_fixture_write_pack_file(good, "pack.json", new_pack_json);
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
    char good[PATH_MAX], bad[PATH_MAX], cache[PATH_MAX], path[PATH_MAX];
    char half[PATH_MAX];
    content_pack pack = {0};
    content_report report;
    bool used_cache = false;
    content_fixture_scratch_pack(good, "power-cut-source", NULL);
    testutil_fresh_dir(cache, sizeof cache, "power-cut-cache");
    assert_int_equal(content_load_keep_good(good, cache, &pack, &report, NULL), SR_OK);
    content_pack_free(&pack);

    /* What a power cut in the middle of the next save leaves behind: a
     * half-written copy, and a CURRENT.tmp naming it that was never renamed. */
    content_fixture_path_in(half, cache, "pack-halfway");
    assert_int_equal(mkdir(half, 0700), 0);
    content_fixture_path_in(path, half, "toolkit.json");
    assert_true(testutil_write_file(path, "{\"categories\": ["));
    content_fixture_path_in(path, cache, "CURRENT.tmp");
    assert_true(testutil_write_file(path, "pack-halfway\n"));

    /* The kiosk restarts with a bad pack: it runs on the complete copy. */
    content_fixture_scratch_pack(bad, "power-cut-bad", "bad-url");
    assert_int_equal(content_load_keep_good(bad, cache, &pack, &report, &used_cache), SR_OK);
    assert_true(used_cache);
    assert_true(pack.n_items >= 22);
    content_pack_free(&pack);

    /* The next good save clears the leftovers. */
    const char *next_pack_json =
        "{\"format\": 1, \"version\": \"after-the-cut\", \"default_language\": \"en\","
        " \"languages\": [{\"code\": \"en\", \"name\": \"English\"},"
        " {\"code\": \"cy\", \"name\": \"Cymraeg\"}]}";
    content_fixture_write_pack_file(good, "pack.json", next_pack_json);
    assert_int_equal(content_load_keep_good(good, cache, &pack, &report, NULL), SR_OK);
    content_pack_free(&pack);
    assert_int_equal(count_copies(cache), 1);
    struct stat st;
    assert_int_not_equal(stat(half, &st), 0);
}

static void test_keep_good_reports_a_copy_it_cannot_save(void **state)
{
    (void)state;
    char good[PATH_MAX], blocker[PATH_MAX], cache[PATH_MAX];
    content_pack pack = {0};
    content_report report;
    testutil_source_path(good, sizeof good, "assets/content");
    testutil_path(blocker, sizeof blocker, "a-file-not-a-folder");
    assert_true(testutil_write_file(blocker, "x"));
    content_fixture_path_in(cache, blocker, "cache");
    assert_int_equal(content_load_keep_good(good, cache, &pack, &report, NULL), SR_OK);
    assert_true(pack.n_items >= 22); /* the kiosk runs on */
    assert_problem(&report, "last-good", "$", "could not save a copy");
    content_pack_free(&pack);
}

static void test_keep_good_ignores_a_damaged_current(void **state)
{
    (void)state;
    char bad[PATH_MAX], cache[PATH_MAX], path[PATH_MAX];
    content_pack pack = {0};
    content_report report;
    bool used_cache = true;
    content_fixture_scratch_pack(bad, "damaged-bad", "bad-url");
    testutil_fresh_dir(cache, sizeof cache, "damaged-cache");
    content_fixture_path_in(path, cache, "CURRENT");
    assert_true(testutil_write_file(path, "../../etc\n"));
    assert_int_equal(content_load_keep_good(bad, cache, &pack, &report, &used_cache),
                     SR_E_INVALID);
    assert_false(used_cache);
    assert_problem(&report, "last-good", "$", "CURRENT is damaged");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keep_good_falls_back_across_restart),
        cmocka_unit_test(test_keep_good_without_a_copy_fails),
        cmocka_unit_test(test_keep_good_replaces_the_copy_once),
        cmocka_unit_test(test_keep_good_survives_a_power_cut_during_a_save),
        cmocka_unit_test(test_keep_good_reports_a_copy_it_cannot_save),
        cmocka_unit_test(test_keep_good_ignores_a_damaged_current),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
