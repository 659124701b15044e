/* test_ui_reload.c -- estates publish new content to a running kiosk.
 *
 * The kiosk runs in-process (tests/support/kiosk_harness.h) on a copy of
 * the shipped pack in a scratch folder, with the real SIGHUP handler
 * installed (kiosk_signals.h). Each test changes the copy the way an estates
 * script would, raises the reload the way the kiosk gets it (raise(SIGHUP),
 * or just a changed pack.json and a minute of virtual time), and checks what
 * a person sees on the next frame, what the admin screen says and what the
 * log (stderr) says.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "kiosk/kiosk_content.h"
#include "kiosk/kiosk_signals.h"
#include "kiosk_harness.h"
#include "testutil.h"

#define LATER 1000
#define OLD_HINT "Tap a face. It's anonymous."
#define NEW_HINT "Tap a face. Nobody sees who."
#define OLD_VERSION "2026.11-sample"
#define NEW_VERSION "2026.12-ward7"

static const char *const PACK_FILES[] = {"pack.json", "questions.json", "toolkit.json",
                                         "strings.json"};

/* ---- files ------------------------------------------------------------------ */

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    long size = ftell(f);
    assert_true(size >= 0);
    rewind(f);
    char *data = malloc((size_t)size + 1);
    assert_non_null(data);
    assert_int_equal(fread(data, 1, (size_t)size, f), (size_t)size);
    data[size] = '\0';
    fclose(f);
    return data;
}

static void pack_path(const kiosk_harness *h, const char *file, char *out, size_t size)
{
    snprintf(out, size, "%s/%s", h->config.content_dir, file);
}

/* The harness's config, with the pack copied into <scratch>/content. */
static void config_with_copied_pack(kiosk_harness *h, const char *name)
{
    char src[1024], dst[KIOSK_CONFIG_PATH_MAX + 64];
    kiosk_harness_config(h, name);
    snprintf(h->config.content_dir, sizeof h->config.content_dir, "%s/content", h->dir);
    assert_int_equal(mkdir(h->config.content_dir, 0755), 0);
    for (size_t i = 0; i < sizeof PACK_FILES / sizeof PACK_FILES[0]; i++) {
        char rel[64];
        snprintf(rel, sizeof rel, "assets/content/%s", PACK_FILES[i]);
        char *data = read_file(testutil_source_path(src, sizeof src, rel));
        pack_path(h, PACK_FILES[i], dst, sizeof dst);
        assert_true(testutil_write_file(dst, data));
        free(data);
    }
}

/* Replaces the one occurrence of old_text in the pack's file. */
static void edit_pack(const kiosk_harness *h, const char *file, const char *old_text,
                      const char *new_text)
{
    char path[KIOSK_CONFIG_PATH_MAX + 64];
    pack_path(h, file, path, sizeof path);
    char *data = read_file(path);
    char *at = strstr(data, old_text);
    assert_non_null(at);
    size_t size = strlen(data) - strlen(old_text) + strlen(new_text) + 1;
    char *out = malloc(size);
    assert_non_null(out);
    snprintf(out, size, "%.*s%s%s", (int)(at - data), data, new_text, at + strlen(old_text));
    assert_true(testutil_write_file(path, out));
    free(out);
    free(data);
}

/* A new pack: the hint changed, and the version in pack.json (written last,
 * as the README asks). */
static void publish_new_pack(const kiosk_harness *h)
{
    edit_pack(h, "strings.json", OLD_HINT, NEW_HINT);
    edit_pack(h, "pack.json", OLD_VERSION, NEW_VERSION);
}

/* ---- stderr, as the journal sees it ---------------------------------------- */

typedef struct captured {
    char path[KIOSK_CONFIG_PATH_MAX + 64];
    int saved_fd;
} captured;

static void capture_stderr(const kiosk_harness *h, captured *c)
{
    snprintf(c->path, sizeof c->path, "%s/stderr.txt", h->dir);
    fflush(stderr);
    c->saved_fd = dup(STDERR_FILENO);
    int fd = open(c->path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    assert_true(c->saved_fd >= 0 && fd >= 0);
    assert_int_equal(dup2(fd, STDERR_FILENO), STDERR_FILENO);
    close(fd);
}

/* Restores stderr; returns what was written (caller frees), also echoed. */
static char *end_capture(captured *c)
{
    fflush(stderr);
    assert_int_equal(dup2(c->saved_fd, STDERR_FILENO), STDERR_FILENO);
    close(c->saved_fd);
    char *text = read_file(c->path);
    fprintf(stderr, "[kiosk stderr]\n%s", text);
    return text;
}

/* ---- driving the kiosk ---------------------------------------------------------- */

static void open_admin(kiosk_harness *h)
{
    int x, y;
    kiosk_harness_centre(h, "admin-corner", &x, &y);
    kiosk_harness_push_finger(h, SDL_FINGERDOWN, x, y, 1, 1);
    kiosk_harness_step(h, LATER);
    kiosk_harness_step(h, h->app->flow_config.admin_hold_ms + 100);
    kiosk_harness_push_finger(h, SDL_FINGERUP, x, y, 1, 1);
    kiosk_harness_step(h, 0);
    assert_string_equal(kiosk_harness_screen(h), "admin-pin");
    const char *keys[] = {"pin-1", "pin-2", "pin-3", "pin-4", "pin-enter"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        kiosk_harness_finger_tap(h, keys[i], LATER);
    assert_string_equal(kiosk_harness_screen(h), "admin");
}

static const char *answer_string(const cJSON *answer, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(answer, key);
    assert_true(cJSON_IsString(v));
    return v->valuestring;
}

/* ---- the tests -------------------------------------------------------------------- */

static void test_sighup_shows_the_new_pack_and_refuses_a_broken_one(void **state)
{
    (void)state;
    kiosk_harness h;
    config_with_copied_pack(&h, "sighup");
    kiosk_harness_open(&h);
    assert_true(kiosk_harness_shows(&h, OLD_HINT));

    publish_new_pack(&h);
    assert_int_equal(raise(SIGHUP), 0);
    kiosk_harness_step(&h, 10);
    assert_true(kiosk_harness_shows(&h, NEW_HINT));
    assert_false(kiosk_harness_shows(&h, OLD_HINT));
    assert_string_equal(h.app->pack.version, NEW_VERSION);

    /* A broken pack.json: refused, the running pack stays, and says why. */
    char path[KIOSK_CONFIG_PATH_MAX + 64];
    pack_path(&h, "pack.json", path, sizeof path);
    assert_true(testutil_write_file(path, "{\"format\": 1,, \"version\": \"2027.01\"}\n"));
    captured cap;
    capture_stderr(&h, &cap);
    assert_int_equal(raise(SIGHUP), 0);
    kiosk_harness_step(&h, 10);
    char *log = end_capture(&cap);
    assert_non_null(strstr(log, "refused"));
    assert_non_null(strstr(log, "pack.json: line 1, column"));
    free(log);
    assert_true(kiosk_harness_shows(&h, NEW_HINT));
    assert_string_equal(h.app->pack.version, NEW_VERSION);

    open_admin(&h);
    /* "New content refused" (its label wraps), then the first problem. */
    assert_true(kiosk_harness_shows(&h, "New content"));
    assert_true(kiosk_harness_shows(&h, "pack.json: line 1, column"));
    assert_int_equal(h.app->frame->overflow_count, 0);
    kiosk_harness_close(&h);
}

/* Never mid check-in: the new pack waits until the flow is back at idle,
 * and the answer given meanwhile is stored against the pack it was given
 * on. */
static void test_new_pack_waits_for_the_checkin_to_end(void **state)
{
    (void)state;
    kiosk_harness h;
    config_with_copied_pack(&h, "mid-checkin");
    kiosk_harness_open(&h);
    kiosk_harness_finger_tap(&h, "mood-2", LATER);
    kiosk_harness_finger_tap(&h, "chip-workload", LATER);

    publish_new_pack(&h);
    assert_int_equal(raise(SIGHUP), 0);
    kiosk_harness_step(&h, 10);
    assert_string_equal(kiosk_harness_screen(&h), "followup");
    assert_string_equal(h.app->pack.version, OLD_VERSION);
    kiosk_harness_finger_tap(&h, "done", LATER);
    assert_string_equal(kiosk_harness_screen(&h), "thanks");

    cJSON *answers[KIOSK_HARNESS_MAX_ANSWERS];
    int n = kiosk_harness_answers(&h, answers);
    assert_int_equal(n, 1);
    assert_string_equal(answer_string(answers[0], "content_version"), OLD_VERSION);
    char chosen[128];
    kiosk_harness_chosen(answers[0], "affected", chosen, sizeof chosen);
    assert_string_equal(chosen, "workload");
    kiosk_harness_answers_free(answers, n);

    /* "Thank you" times out to idle: now the new pack is in, and its hint
     * shows once the pause before the next check-in is over. */
    kiosk_harness_step(&h, (int64_t)h.config.thanks_seconds * 1000 + 100);
    assert_string_equal(kiosk_harness_screen(&h), "idle");
    assert_string_equal(h.app->pack.version, NEW_VERSION);
    kiosk_harness_step(&h, (int64_t)h.config.cooldown_seconds * 1000);
    assert_true(kiosk_harness_shows(&h, NEW_HINT));
    kiosk_harness_close(&h);
}

/* No signal at all: a changed pack.json is noticed on the minute. */
static void test_changed_pack_json_is_noticed_within_a_minute(void **state)
{
    (void)state;
    kiosk_harness h;
    config_with_copied_pack(&h, "mtime");
    kiosk_harness_open(&h);
    publish_new_pack(&h);
    kiosk_harness_step(&h, LATER);
    assert_true(kiosk_harness_shows(&h, OLD_HINT)); /* not looked at yet */
    assert_true(kiosk_content_next_check(h.app, h.now) <=
                KIOSK_HARNESS_START_MS + KIOSK_CONTENT_CHECK_MS);
    kiosk_harness_step(&h, KIOSK_HARNESS_START_MS + KIOSK_CONTENT_CHECK_MS - h.now);
    assert_true(kiosk_harness_shows(&h, NEW_HINT));
    assert_string_equal(h.app->pack.version, NEW_VERSION);

    /* Unchanged since: the next minute loads nothing. */
    edit_pack(&h, "strings.json", NEW_HINT, OLD_HINT); /* not "published": pack.json untouched */
    kiosk_harness_step(&h, KIOSK_CONTENT_CHECK_MS);
    assert_true(kiosk_harness_shows(&h, NEW_HINT));
    kiosk_harness_close(&h);
}

/* What lets the loop wake for a SIGHUP: the pipe becomes readable, and one
 * take clears it. */
static void test_sighup_makes_the_wake_fd_readable(void **state)
{
    (void)state;
    struct pollfd p = {kiosk_signals_wake_fd(), POLLIN, 0};
    assert_true(p.fd >= 0);
    assert_int_equal(poll(&p, 1, 0), 0);
    assert_false(kiosk_signals_reload_pending());
    assert_int_equal(raise(SIGHUP), 0);
    assert_int_equal(raise(SIGHUP), 0);
    assert_int_equal(poll(&p, 1, 0), 1);
    assert_true(kiosk_signals_reload_pending());
    assert_true(kiosk_signals_take_reload());
    assert_false(kiosk_signals_take_reload()); /* two signals, one reload */
    assert_int_equal(poll(&p, 1, 0), 0);
}

static int install_signals(void **state)
{
    (void)state;
    char err[256];
    if (kiosk_signals_install(err, sizeof err) != SR_OK) {
        fprintf(stderr, "%s\n", err);
        return -1;
    }
    return 0;
}

static int uninstall_signals(void **state)
{
    (void)state;
    kiosk_signals_uninstall();
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sighup_makes_the_wake_fd_readable),
        cmocka_unit_test(test_sighup_shows_the_new_pack_and_refuses_a_broken_one),
        cmocka_unit_test(test_new_pack_waits_for_the_checkin_to_end),
        cmocka_unit_test(test_changed_pack_json_is_noticed_within_a_minute),
    };
    return cmocka_run_group_tests(tests, install_signals, uninstall_signals);
}
