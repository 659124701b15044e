/* test_kiosk_script.c -- the kiosk end to end: the built staffroom-kiosk
 * program (of the same build as this test, so the sanitizer build tests the
 * sanitized program) with a config file, --headless (SDL's offscreen driver,
 * real fonts) and --script on the virtual clock, writing a real outbox file
 * in a scratch folder. Each test checks what a person or an analyst would
 * notice: which screen shows, what the program says when a script is
 * wrong, and what is (or is not) in the outbox afterwards.
 */
#define _GNU_SOURCE
#include <sys/wait.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cJSON.h>
#include <cmocka.h>

#include "config/kiosk_config.h"
#include "content/content_load.h"
#include "platform/sysclock.h"
#include "store/outbox.h"
#include "content_fixture.h"
#include "kiosk_harness.h"
#include "testutil.h"

typedef struct env {
    char dir[512];
    char script[600];
    char shots[600];
    char err_path[600];
    char err[8192];       /* what kiosk_run wrote to stderr */
    char ini[600];
    kiosk_config config;  /* the values written to the config file */
    int width, height;
} env;

/* The screen sizes every scenario runs at (cmocka prestate). */
typedef struct screen_size {
    int width, height;
} screen_size;
static const screen_size LANDSCAPE = {800, 480}; /* the original Pi display */
static const screen_size PORTRAIT = {720, 1280}; /* Touch Display 2 */

/* A fresh scratch folder "<name>-<W>x<H>" and a config for the size in
 * *state (800x480 when state is NULL). */
static void env_init(env *e, const char *name, void **state)
{
    const screen_size *size = state && *state ? *state : &LANDSCAPE;
    memset(e, 0, sizeof *e);
    char dir_name[256];
    snprintf(dir_name, sizeof dir_name, "%s-%dx%d", name, size->width, size->height);
    testutil_fresh_dir(e->dir, sizeof e->dir, dir_name);
    kiosk_config_defaults(&e->config);
    snprintf(e->config.device_id, sizeof e->config.device_id, "test-kiosk");
    snprintf(e->config.store_path, sizeof e->config.store_path, "%s/outbox.db", e->dir);
    testutil_source_path(e->config.content_dir, sizeof e->config.content_dir, "assets/content");
    snprintf(e->config.content_cache_dir, sizeof e->config.content_cache_dir, "%s/content-good",
             e->dir);
    snprintf(e->config.admin_pin, sizeof e->config.admin_pin, "1234");
    e->config.fullscreen = false;
    snprintf(e->script, sizeof e->script, "%s/script.txt", e->dir);
    snprintf(e->shots, sizeof e->shots, "%s/shots", e->dir);
    snprintf(e->err_path, sizeof e->err_path, "%s/stderr.txt", e->dir);
    snprintf(e->ini, sizeof e->ini, "%s/kiosk.ini", e->dir);
    e->width = size->width;
    e->height = size->height;
}

static void write_config(const env *e)
{
    FILE *f = fopen(e->ini, "w");
    assert_non_null(f);
    fprintf(f, "[device]\nid = %s\n[store]\npath = %s\n[content]\ndir = %s\ncache_dir = %s\n"
               "[ui]\nadmin_pin = %s\nfullscreen = false\n",
            e->config.device_id, e->config.store_path, e->config.content_dir,
            e->config.content_cache_dir, e->config.admin_pin);
    assert_int_equal(fclose(f), 0);
}

/* Runs the kiosk on script_text; returns its exit code, its stderr in
 * e->err. */
static int run(env *e, const char *script_text)
{
    assert_true(testutil_write_file(e->script, script_text));
    write_config(e);
    char cmd[8192];
    snprintf(cmd, sizeof cmd,
             "'%s' --config '%s' --headless --size %dx%d --script '%s' --screenshots '%s' 2>'%s'",
             testutil_build_program("staffroom-kiosk"), e->ini, e->width, e->height, e->script,
             e->shots, e->err_path);
    int status = system(cmd);
    assert_true(status != -1 && WIFEXITED(status));
    FILE *f = fopen(e->err_path, "r");
    size_t n = f ? fread(e->err, 1, sizeof e->err - 1, f) : 0;
    e->err[n] = '\0';
    if (f)
        fclose(f);
    if (e->err[0])
        fprintf(stderr, "[kiosk stderr]\n%s", e->err);
    return WEXITSTATUS(status);
}

/* ---- what is in the outbox ----------------------------------------------- */

typedef struct stored {
    int n;
    cJSON *answers[8];
} stored;

static void stored_read(const env *e, stored *s)
{
    memset(s, 0, sizeof *s);
    outbox *ob = NULL;
    privacy_policy policy;
    privacy_policy_defaults(&policy);
    char err[512];
    assert_int_equal(outbox_open(e->config.store_path, &policy, &ob, err, sizeof err), SR_OK);
    outbox_entry entries[8];
    int n = 0;
    assert_int_equal(outbox_take_unsent(ob, 8, entries, &n), SR_OK);
    for (int i = 0; i < n; i++) {
        assert_string_equal(entries[i].kind, "answer");
        s->answers[i] = cJSON_Parse(entries[i].payload);
        assert_non_null(s->answers[i]);
    }
    s->n = n;
    outbox_entries_free(entries, n);
    outbox_close(ob);
}

static void stored_free(stored *s)
{
    for (int i = 0; i < s->n; i++)
        cJSON_Delete(s->answers[i]);
}

static const char *json_str(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    assert_true(cJSON_IsString(v));
    return v->valuestring;
}

static int64_t item_uses(const env *e, const char *item)
{
    outbox *ob = NULL;
    privacy_policy policy;
    privacy_policy_defaults(&policy);
    char err[512];
    assert_int_equal(outbox_open(e->config.store_path, &policy, &ob, err, sizeof err), SR_OK);
    sysclock_reading clock;
    sysclock_read(&clock);
    int64_t count = -1;
    assert_int_equal(outbox_get_use(ob, item, &clock, &count), SR_OK);
    outbox_close(ob);
    return count;
}

/* ---- the tests -------------------------------------------------------------- */

static void test_full_checkin_with_followups(void **state)
{
    {
        env e;
        env_init(&e, "full", state);
        assert_int_equal(run(&e, "expect idle\n"
                                 "tap mood-2\n"
                                 "expect followup\n"
                                 "tap chip-workload\n"
                                 "tap chip-breaks\n"
                                 "tap next\n"
                                 "tap chip-my-team\n"
                                 "tap done   # the second tap of a two-tap check-in\n"
                                 "expect thanks\n"),
                         0);
        stored st;
        stored_read(&e, &st);
        assert_int_equal(st.n, 1);
        const cJSON *a = st.answers[0];
        char ids[256];
        assert_string_equal(json_str(a, "kind"), "answer");
        assert_string_equal(json_str(a, "option"), "hard");
        assert_int_equal(cJSON_GetObjectItemCaseSensitive(a, "score")->valueint, 2);
        assert_string_equal(json_str(a, "lang"), "en");
        assert_string_equal(json_str(a, "question_set"), "shift-checkin");
        kiosk_harness_chosen(a, "affected", ids, sizeof ids);
        assert_string_equal(ids, "workload breaks");
        kiosk_harness_chosen(a, "helped", ids, sizeof ids);
        assert_string_equal(ids, "my-team");
        /* privacy: no time, no device, no free text in the payload */
        char *text = cJSON_PrintUnformatted(a);
        assert_null(strstr(text, "test-kiosk"));
        assert_null(cJSON_GetObjectItemCaseSensitive(a, "time"));
        assert_null(cJSON_GetObjectItemCaseSensitive(a, "text"));
        free(text);
        stored_free(&st);
    }
}

static void test_skipped_followups(void **state)
{
    env e;
    env_init(&e, "skipped", state);
    assert_int_equal(run(&e, "tap mood-4\ntap chip-staffing\ntap skip\nexpect followup\n"
                             "tap done\nexpect thanks\n"),
                     0);
    stored st;
    stored_read(&e, &st);
    assert_int_equal(st.n, 1);
    char ids[256];
    kiosk_harness_chosen(st.answers[0], "affected", ids, sizeof ids);
    assert_string_equal(ids, ""); /* skipping drops what was chosen on that question */
    kiosk_harness_chosen(st.answers[0], "helped", ids, sizeof ids);
    assert_string_equal(ids, "");
    assert_string_equal(json_str(st.answers[0], "option"), "good");
    stored_free(&st);
}

static void test_abandoned_checkin_stores_nothing(void **state)
{
    env e;
    env_init(&e, "abandoned", state);
    /* idle timeout 60 s, then 30 s of "still there?" */
    assert_int_equal(run(&e, "tap mood-1\ntap chip-workload\n"
                             "wait 59000\nexpect followup\n"
                             "wait 2000\nexpect still-there\n"
                             "shot still-there\n"
                             "wait 31000\nexpect idle\n"),
                     0);
    stored st;
    stored_read(&e, &st);
    assert_int_equal(st.n, 0);
    stored_free(&st);
}

static void test_cooldown_refuses_second_checkin(void **state)
{
    env e;
    env_init(&e, "cooldown", state);
    assert_int_equal(run(&e, "tap mood-5\ntap done\nexpect thanks\ntap home\nexpect idle\n"
                             "tap mood-3\nexpect idle      # refused: the cooldown runs\n"
                             "wait 20000\n"
                             "tap mood-3\nexpect followup  # allowed again\n"
                             "tap done\nexpect thanks\n"),
                     0);
    stored st;
    stored_read(&e, &st);
    assert_int_equal(st.n, 2);
    int first = strcmp(json_str(st.answers[0], "option"), "very-good") == 0 ? 0 : 1;
    assert_string_equal(json_str(st.answers[first], "option"), "very-good");
    assert_string_equal(json_str(st.answers[1 - first], "option"), "ok");
    stored_free(&st);
}

static const char *item_url(const char *id, char *out, size_t size)
{
    static content_pack pack;
    content_fixture_shipped_pack(&pack);
    int i = content_item_index(&pack, id);
    assert_true(i >= 0 && pack.items[i].url);
    snprintf(out, size, "%s", pack.items[i].url);
    content_pack_free(&pack);
    return out;
}

/* The QR code on the item screen decodes (zbarimg) to the item's URL. */
static void assert_qr_decodes(const char *png, const char *url)
{
    char cmd[2048], got[1024] = "";
    snprintf(cmd, sizeof cmd, "zbarimg --raw -q '%s' 2>/dev/null", png);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t n = fread(got, 1, sizeof got - 1, p);
    got[n] = '\0';
    pclose(p);
    got[strcspn(got, "\r\n")] = '\0';
    if (strcmp(got, url) != 0)
        fail_msg("QR code in %s decodes to \"%s\", expected \"%s\"", png, got, url);
}

static void test_toolkit_item_counted_with_scannable_qr(void **state)
{
    char url[512], png[1200];
    item_url("body-scan", url, sizeof url);
    {
        env e;
        env_init(&e, "toolkit", state);
        assert_int_equal(run(&e, "tap toolkit\nexpect toolkit\n"
                                 "tap cat-mindfulness\nexpect category\n"
                                 "tap item-body-scan\nexpect item\n"
                                 "shot item\n"
                                 "tap back\ntap item-body-scan\n"
                                 "tap home\nexpect idle\n"),
                         0);
        snprintf(png, sizeof png, "%s/item.png", e.shots);
        assert_qr_decodes(png, url);
        assert_int_equal(item_uses(&e, "body-scan"), 2); /* opened twice */
        assert_int_equal(item_uses(&e, "yoga-classes"), 0);
        stored st;
        stored_read(&e, &st);
        assert_int_equal(st.n, 0); /* browsing is not an answer */
        stored_free(&st);
    }
}

static void test_admin_pin(void **state)
{
    env e;
    env_init(&e, "admin", state);
    assert_int_equal(run(&e, "hold admin-corner 1000\nexpect idle     # too short\n"
                             "hold admin-corner 3000\nexpect admin-pin\n"
                             "tap pin-4\ntap pin-3\ntap pin-2\ntap pin-1\ntap pin-enter\n"
                             "expect admin-pin                 # wrong: still asking\n"
                             "tap pin-1\ntap pin-2\ntap pin-3\ntap pin-4\ntap pin-enter\n"
                             "expect admin\nshot admin\n"
                             "tap admin-leave\nexpect idle\n"),
                     0);
    stored st;
    stored_read(&e, &st);
    assert_int_equal(st.n, 0);
    stored_free(&st);
}

static void test_language_switch(void **state)
{
    env e;
    env_init(&e, "language", state);
    assert_int_equal(run(&e, "tap lang-cy\nexpect checkin\ntap mood-1\ntap chip-staffing\n"
                             "tap done\nexpect thanks\ntap home\nexpect idle\n"
                             "wait 20000\ntap mood-3\ntap done\n"),
                     0);
    stored st;
    stored_read(&e, &st);
    assert_int_equal(st.n, 2);
    /* the outbox keeps no order of arrival: find the Welsh one */
    int cy = strcmp(json_str(st.answers[0], "lang"), "cy") == 0 ? 0 : 1;
    assert_string_equal(json_str(st.answers[cy], "lang"), "cy");
    assert_string_equal(json_str(st.answers[cy], "option"), "very-hard");
    assert_string_equal(json_str(st.answers[1 - cy], "lang"), "en"); /* back to the default */
    char ids[256];
    kiosk_harness_chosen(st.answers[cy], "affected", ids, sizeof ids);
    assert_string_equal(ids, "staffing");
    stored_free(&st);
}

static void test_missing_id_fails_clearly(void **state)
{
    env e;
    env_init(&e, "missing", state);
    assert_int_equal(run(&e, "# line 1\ntap mood-2\ntap mood-9\ntap done\n"), 1);
    char expect[1300];
    snprintf(expect, sizeof expect, "%s:3: tap mood-9: no target 'mood-9' on screen 'followup'",
             e.script);
    assert_non_null(strstr(e.err, expect));
    assert_non_null(strstr(e.err, "targets here: "));
    assert_non_null(strstr(e.err, "chip-workload"));
    assert_non_null(strstr(e.err, " done"));
    stored st;
    stored_read(&e, &st);
    assert_int_equal(st.n, 0); /* the script stopped before "done" */
    stored_free(&st);
}

static void test_malformed_script_is_refused(void **state)
{
    env e;
    env_init(&e, "malformed", state);
    assert_int_equal(run(&e, "tap mood-2\nwait soon\ntap done\n"), 2);
    char expect[1300];
    snprintf(expect, sizeof expect, "%s:2: wait needs a time in milliseconds", e.script);
    assert_non_null(strstr(e.err, expect));
    assert_int_equal(run(&e, "tap mood-2\n\nfrobnicate\n"), 2);
    snprintf(expect, sizeof expect, "%s:3: unknown command", e.script);
    assert_non_null(strstr(e.err, expect));
    assert_int_equal(run(&e, "expect sad\n"), 2);
    /* nothing ran: no outbox was even created */
    assert_int_equal(access(e.config.store_path, F_OK), -1);
}

static void test_failing_store_says_not_saved(void **state)
{
    env e;
    env_init(&e, "broken-store", state);
    /* a folder where the database file should be: it can never be opened */
    snprintf(e.config.store_path, sizeof e.config.store_path, "%s/store-is-a-folder", e.dir);
    char mk[1300];
    snprintf(mk, sizeof mk, "mkdir -p '%s'", e.config.store_path);
    assert_int_equal(system(mk), 0);
    assert_int_equal(run(&e, "tap mood-2\ntap done\nexpect save-failed\n"
                             "tap try-again\nexpect save-failed\n"
                             "tap home\nexpect idle\n"
                             "hold admin-corner 3000\ntap pin-1\ntap pin-2\ntap pin-3\ntap pin-4\n"
                             "tap pin-enter\nexpect admin\nshot admin-error\n"),
                     0);
    assert_non_null(strstr(e.err, "store-is-a-folder"));
}

/* A content pack with an optional free-text question after the others. */
static void make_text_content(env *e)
{
    char shipped[1024], dir[1024];
    snprintf(shipped, sizeof shipped, "%s", e->config.content_dir);
    snprintf(dir, sizeof dir, "%s/content-text", e->dir);
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "mkdir -p '%s' && cp '%s'/pack.json '%s'/toolkit.json '%s'/strings.json '%s'/",
             dir, shipped, shipped, shipped, dir);
    assert_int_equal(system(cmd), 0);
    char path[1200];
    snprintf(path, sizeof path, "%s/questions.json", shipped);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    static char buf[65536];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    cJSON *root = cJSON_Parse(buf);
    cJSON *q = cJSON_Parse("{\"id\":\"comment\",\"type\":\"text\",\"max_length\":12,"
                           "\"prompt\":{\"en\":\"Anything else?\",\"cy\":\"Unrhyw beth arall?\"}}");
    assert_non_null(root);
    cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(root, "questions"), q);
    char *text = cJSON_Print(root);
    snprintf(path, sizeof path, "%s/questions.json", dir);
    assert_true(testutil_write_file(path, text));
    free(text);
    cJSON_Delete(root);
    snprintf(e->config.content_dir, sizeof e->config.content_dir, "%s", dir);
}

static void test_free_text_with_keyboard(void **state)
{
    env e;
    env_init(&e, "free-text", state);
    make_text_content(&e);
    /* 12 characters at most: the rest of what is typed is not taken */
    assert_int_equal(run(&e, "tap mood-3\ntap skip\ntap skip\nexpect followup\n"
                             "type more staffs\ntype xyz\ntap key-delete\n"
                             "shot keyboard\ntap done\nexpect thanks\n"),
                     0);
    stored st;
    stored_read(&e, &st);
    assert_int_equal(st.n, 1);
    const cJSON *text = cJSON_GetObjectItemCaseSensitive(st.answers[0], "text");
    assert_string_equal(json_str(text, "comment"), "more staffs");
    stored_free(&st);
}

/* One scenario, run once at each size, named so a failure says which. */
#define AT_BOTH_SIZES(test)                                                                    \
    {#test " at 800x480", test, NULL, NULL, (void *)&LANDSCAPE},                              \
    {                                                                                          \
        #test " at 720x1280", test, NULL, NULL, (void *)&PORTRAIT                             \
    }

int main(void)
{
    /* Every scenario at both shipped screen sizes. */
    const struct CMUnitTest tests[] = {
        AT_BOTH_SIZES(test_full_checkin_with_followups),
        AT_BOTH_SIZES(test_skipped_followups),
        AT_BOTH_SIZES(test_abandoned_checkin_stores_nothing),
        AT_BOTH_SIZES(test_cooldown_refuses_second_checkin),
        AT_BOTH_SIZES(test_toolkit_item_counted_with_scannable_qr),
        AT_BOTH_SIZES(test_admin_pin),
        AT_BOTH_SIZES(test_language_switch),
        AT_BOTH_SIZES(test_missing_id_fails_clearly),
        AT_BOTH_SIZES(test_malformed_script_is_refused),
        AT_BOTH_SIZES(test_failing_store_says_not_saved),
        AT_BOTH_SIZES(test_free_text_with_keyboard),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
