/* test_content_update.c -- a toolkit update reaching a running kiosk over
 * MQTT, as a wellbeing lead publishes it (issue: "A content pack published
 * with a valid signature appears on a running kiosk (its status shows the
 * new version); one with a bad signature or invalid content is refused and
 * the old pack keeps working.")
 *
 * Real parts only: mosquitto with the shipped config and ACL, the built
 * staffroom-kiosk running headless, the built staffroom-content publishing
 * as the staffroom-content account. What the test watches is what estates
 * see: the kiosk's retained status (content version, problem).
 */
#define _DEFAULT_SOURCE /* mkstemp-free helpers, setenv */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "broker.h"
#include "content/content_files.h"
#include "content/content_update.h"
#include "content_fixture.h"
#include "kiosk_proc.h"
#include "mqtt_client.h"
#include "testproc.h"
#include "testutil.h"
#include "wire/wire.h"

#define WAIT_MS 20000
#define DEVICE "ward7-kiosk"
#define CONTENT_TOPIC WIRE_TOPIC_ROOT "/content/pack"

typedef struct world {
    broker *b;
    kiosk_proc kiosk;
    mqtt_client *watcher;  /* staffroom-fleet, reading the kiosk's status */
    char status_topic[WIRE_TOPIC_MAX];
    char secret_key[PATH_MAX], publish_ini[PATH_MAX];
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
} world;

/* The latest status the watcher has seen (false when none yet). */
static bool latest_status(world *w, wire_status *out)
{
    int n = mqtt_client_count(w->watcher, w->status_topic);
    if (n == 0)
        return false;
    char *payload = mqtt_client_payload(w->watcher, w->status_topic, n - 1);
    char reason[WIRE_REASON_MAX];
    bool ok = payload &&
              wire_status_decode(payload, strlen(payload), out, reason, sizeof reason) == SR_OK;
    free(payload);
    return ok;
}

typedef struct expectation {
    world *w;
    const char *version; /* the status must show this content version */
    const char *problem; /* ... and a problem containing this ("" none) */
} expectation;

static bool status_shows(void *arg)
{
    expectation *e = arg;
    wire_status s;
    if (!latest_status(e->w, &s) || !s.online || strcmp(s.content_version, e->version) != 0)
        return false;
    return e->problem[0] ? strstr(s.problem, e->problem) != NULL : s.problem[0] == '\0';
}

static void expect_status(world *w, const char *version, const char *problem)
{
    expectation e = {w, version, problem};
    if (!testutil_wait_until(status_shows, &e, WAIT_MS)) {
        wire_status s = {0};
        latest_status(w, &s);
        fail_msg("the kiosk's status never showed content %s with problem '%s' (last: %s, "
                 "problem '%s')",
                 version, problem, s.content_version, s.problem);
    }
}

static void write_secret_key(world *w)
{
    char text[sodium_base64_ENCODED_LEN(crypto_sign_SECRETKEYBYTES, sodium_base64_VARIANT_ORIGINAL)];
    sodium_bin2base64(text, sizeof text, w->sk, sizeof w->sk, sodium_base64_VARIANT_ORIGINAL);
    testutil_path(w->secret_key, sizeof w->secret_key, "trust-content.key");
    assert_true(testutil_write_file(w->secret_key, text));
    assert_int_equal(chmod(w->secret_key, 0600), 0);
}

static int setup(void **state)
{
    static world w;
    static const char *const kiosks[] = {DEVICE};
    broker_options options = {.kiosks = kiosks, .n_kiosks = 1};
    memset(&w, 0, sizeof w);
    assert_true(sodium_init() >= 0);
    crypto_sign_keypair(w.pk, w.sk);
    write_secret_key(&w);
    w.b = broker_start("content", &options);

    kiosk_proc_config(&w.kiosk, "content", DEVICE, w.b, NULL);
    char key_text[64], update_dir[PATH_MAX], lines[PATH_MAX + 200];
    sodium_bin2base64(key_text, sizeof key_text, w.pk, sizeof w.pk, sodium_base64_VARIANT_ORIGINAL);
    snprintf(update_dir, sizeof update_dir, "%s/updates", w.kiosk.dir);
    snprintf(lines, sizeof lines, "[content]\npublic_key = %s\nupdate_dir = %s\n", key_text,
             update_dir);
    FILE *f = fopen(w.kiosk.ini, "a");
    assert_non_null(f);
    fputs(lines, f);
    assert_int_equal(fclose(f), 0);

    testutil_path(w.publish_ini, sizeof w.publish_ini, "publish.ini");
    char ini[2048];
    snprintf(ini, sizeof ini,
             "[mqtt]\nhost = 127.0.0.1\nport = %d\nusername = %s\npassword_file = %s\n"
             "timeout_seconds = 20\n",
             broker_port(w.b), BROKER_CONTENT_USER,
             broker_password_file(w.b, BROKER_CONTENT_USER));
    assert_true(testutil_write_file(w.publish_ini, ini));

    assert_true(wire_topic(w.status_topic, sizeof w.status_topic, DEVICE, WIRE_CHANNEL_STATUS));
    mqtt_client_options watcher = {.user = BROKER_FLEET_USER};
    assert_int_equal(mqtt_client_connect(broker_port(w.b), &watcher, &w.watcher), 0);
    assert_int_equal(mqtt_client_subscribe(w.watcher, w.status_topic, 1), 1);

    kiosk_proc_start(&w.kiosk);
    assert_true(kiosk_proc_wait_online(&w.kiosk, WAIT_MS));
    *state = &w;
    return 0;
}

static int teardown(void **state)
{
    world *w = *state;
    if (!w)
        return 0;
    assert_int_equal(kiosk_proc_stop(&w->kiosk), 0);
    mqtt_client_close(w->watcher);
    broker_stop(w->b);
    return 0;
}

/* A copy of the shipped pack whose pack.json says version. */
static void make_pack(char dir[PATH_MAX], const char *name, const char *version)
{
    char path[PATH_MAX];
    content_fixture_scratch_pack(dir, name, NULL);
    content_fixture_path_in(path, dir, "pack.json");
    size_t size = 0;
    char *text = content_fixture_read_all(path, &size);
    char *at = strstr(text, "2026.11-sample");
    assert_non_null(at);
    char out[8192];
    assert_true(size < sizeof out - 64);
    snprintf(out, sizeof out, "%.*s%s%s", (int)(at - text), text, version,
             at + strlen("2026.11-sample"));
    content_fixture_write_all(path, out, strlen(out));
    free(text);
}

static int publish_with_tool(world *w, const char *dir)
{
    char log[PATH_MAX];
    testutil_path(log, sizeof log, "publish.log");
    const char *argv[] = {testproc_program("staffroom-content"), "publish", dir,
                          "--secret-key", w->secret_key, "--config", w->publish_ini, NULL};
    return testproc_run(argv, log, WAIT_MS);
}

/* Publishes a raw message on the content topic, as the publisher account. */
static void publish_raw(world *w, const char *message, size_t len)
{
    mqtt_client *c = NULL;
    mqtt_client_options o = {.user = BROKER_CONTENT_USER};
    assert_int_equal(mqtt_client_connect(broker_port(w->b), &o, &c), 0);
    assert_int_equal(mqtt_client_publish(c, CONTENT_TOPIC, message, len, 1, true), 0);
    mqtt_client_close(c);
}

static void test_a_signed_pack_reaches_the_running_kiosk(void **state)
{
    world *w = *state;
    char dir[PATH_MAX];
    expect_status(w, "2026.11-sample", "");
    make_pack(dir, "pack-december", "2026.12-test");
    assert_int_equal(publish_with_tool(w, dir), 0);
    expect_status(w, "2026.12-test", "");
    assert_false(testproc_exited(&w->kiosk.proc));
}

static void test_a_pack_signed_by_another_key_is_refused(void **state)
{
    world *w = *state;
    unsigned char other_pk[crypto_sign_PUBLICKEYBYTES], other_sk[crypto_sign_SECRETKEYBYTES];
    char dir[PATH_MAX], version[64], *message = NULL;
    content_report *report = malloc(sizeof *report);
    crypto_sign_keypair(other_pk, other_sk);
    make_pack(dir, "pack-evil", "2026.13-evil");
    assert_int_equal(content_update_build(dir, other_sk, &message, version, sizeof version, report),
                     SR_OK);
    publish_raw(w, message, strlen(message));
    expect_status(w, "2026.12-test", "bad signature");
    free(message);
    free(report);
}

static void test_a_signed_invalid_pack_is_refused(void **state)
{
    world *w = *state;
    char dir[PATH_MAX], *message = NULL;
    content_files files = {0};
    content_report *report = malloc(sizeof *report);
    make_pack(dir, "pack-broken", "2026.14-broken");
    assert_int_equal(content_files_read(dir, &files, report), SR_OK);
    free(files.data[CONTENT_FILE_TOOLKIT]);
    files.data[CONTENT_FILE_TOOLKIT] = strdup("{\"categories\": []}");
    files.size[CONTENT_FILE_TOOLKIT] = strlen(files.data[CONTENT_FILE_TOOLKIT]);
    assert_int_equal(content_update_seal(&files, "2026.14-broken", w->sk, &message), SR_OK);
    publish_raw(w, message, strlen(message));
    expect_status(w, "2026.12-test", "invalid content: toolkit.json");
    /* The publishing tool refuses the same mistake before anything is sent. */
    content_fixture_write_all(strcat(dir, "/toolkit.json"), "{\"categories\": []}", 18);
    dir[strlen(dir) - strlen("/toolkit.json")] = '\0';
    assert_int_equal(publish_with_tool(w, dir), 1);
    content_files_free(&files);
    free(message);
    free(report);
}

static void test_a_truncated_pack_is_refused_and_a_restart_keeps_the_update(void **state)
{
    world *w = *state;
    char dir[PATH_MAX], version[64], *message = NULL;
    content_report *report = malloc(sizeof *report);
    make_pack(dir, "pack-cut", "2026.15-cut");
    assert_int_equal(content_update_build(dir, w->sk, &message, version, sizeof version, report),
                     SR_OK);
    publish_raw(w, message, strlen(message) / 2);
    expect_status(w, "2026.12-test", "truncated");
    /* A power cut later, the kiosk comes back on the pack it installed. */
    kiosk_proc_kill(&w->kiosk);
    kiosk_proc_start(&w->kiosk);
    assert_true(kiosk_proc_wait_online(&w->kiosk, WAIT_MS));
    expect_status(w, "2026.12-test", "truncated");
    free(message);
    free(report);
}

int main(void)
{
    /* In order: each test starts from the pack the previous one left. */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_signed_pack_reaches_the_running_kiosk),
        cmocka_unit_test(test_a_pack_signed_by_another_key_is_refused),
        cmocka_unit_test(test_a_signed_invalid_pack_is_refused),
        cmocka_unit_test(test_a_truncated_pack_is_refused_and_a_restart_keeps_the_update),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
