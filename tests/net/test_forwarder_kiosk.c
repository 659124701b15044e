/* test_forwarder_kiosk.c -- delivery wired into the kiosk (app/kiosk/
 * kiosk_delivery.c), in-process on the harness (support/kiosk_harness.h)
 * with a real mosquitto (support/broker.h):
 *
 *   - the admin page says whether the kiosk is connected, and why not
 *     ("not authorised") -- what an estates technician looks at first;
 *   - the script command `drain` waits until the collector has confirmed
 *     every answer and toolkit count, and fails with the reason when it
 *     cannot; the frame-gap figure the integration tests use is kept.
 *
 * The collector here acknowledges everything it sees from a thread of its
 * own, as the real one would, while the test's thread runs the kiosk.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <cJSON.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "broker.h"
#include "kiosk/kiosk_delivery.h"
#include "kiosk/script.h"
#include "kiosk_harness.h"
#include "mqtt_client.h"
#include "platform/sysclock.h"
#include "testutil.h"
#include "wire/wire.h"

#define KIOSK "harness-kiosk"
#define ANSWER_TOPIC "staffroom/v1/kiosk/" KIOSK "/answer"
#define ACK_TOPIC "staffroom/v1/kiosk/" KIOSK "/ack"
#define LATER 1000 /* between deliberate taps: past the double-tap guard */
#define WAIT_MS 20000

static const char *const kiosks[] = {KIOSK};

/* The harness' config pointed at broker b with the password in password_file. */
static void deliver_to(kiosk_harness *h, const broker *b, const char *password_file)
{
    kiosk_config *c = &h->config;
    snprintf(c->mqtt_host, sizeof c->mqtt_host, "127.0.0.1");
    c->mqtt_port = broker_port(b);
    snprintf(c->mqtt_password_file, sizeof c->mqtt_password_file, "%s", password_file);
    c->delivery_backoff_min_ms = 20;
    c->delivery_backoff_max_ms = 200;
}

static void open_admin_page(kiosk_harness *h)
{
    int x, y;
    kiosk_harness_centre(h, "admin-corner", &x, &y);
    kiosk_harness_push_finger(h, SDL_FINGERDOWN, x, y, 1, 1);
    kiosk_harness_step(h, LATER);
    kiosk_harness_step(h, h->app->flow_config.admin_hold_ms + 100);
    kiosk_harness_push_finger(h, SDL_FINGERUP, x, y, 1, 1);
    kiosk_harness_step(h, 0);
    const char *pin[] = {"pin-1", "pin-2", "pin-3", "pin-4", "pin-enter"};
    for (int i = 0; i < 5; i++)
        kiosk_harness_finger_tap(h, pin[i], LATER);
    assert_string_equal(kiosk_harness_screen(h), "admin");
}

typedef struct page_wait {
    kiosk_harness *h;
    const char *words;
} page_wait;

/* The page's words in drawing order, one space between text commands, so
 * a phrase the layout wrapped over two lines is still found. */
static bool page_says(const kiosk_harness *h, const char *words)
{
    static char text[32768];
    size_t len = 0;
    const ui_frame *f = h->app->frame;
    for (int i = 0; i < f->n_cmds && len < sizeof text - 1; i++) {
        if (f->cmds[i].type == UI_CMD_TEXT)
            len += (size_t)snprintf(text + len, sizeof text - len, "%s ", f->cmds[i].text);
    }
    return strstr(text, words) != NULL;
}

/* The admin page refreshes itself while open: each look moves the virtual
 * clock on by the refresh interval. */
static bool page_shows(void *arg)
{
    page_wait *w = arg;
    kiosk_harness_step(w->h, KIOSK_DELIVERY_ADMIN_REFRESH_MS);
    return page_says(w->h, w->words);
}

static void wait_for_page(kiosk_harness *h, const char *words)
{
    page_wait w = {h, words};
    if (!testutil_wait_until(page_shows, &w, WAIT_MS)) {
        forwarder_info info;
        forwarder_get_info(h->app->forwarder, &info);
        fail_msg("the admin page never said '%s' (delivery %s: '%s'; page says broker '%s')",
                 words, forwarder_state_name(info.state), info.error, h->app->admin.broker);
    }
}

static void test_admin_page_shows_the_connection_and_why_not(void **state)
{
    (void)state;
    broker_options bo = {.kiosks = kiosks, .n_kiosks = 1};
    broker *b = broker_start("admin-broker", &bo);

    kiosk_harness h;
    kiosk_harness_config(&h, "admin-wrong");
    char wrong[600];
    snprintf(wrong, sizeof wrong, "%s/wrong.password", h.dir);
    assert_true(testutil_write_file(wrong, "not-the-password\n"));
    assert_int_equal(chmod(wrong, 0600), 0);
    deliver_to(&h, b, wrong);
    kiosk_harness_open(&h);
    open_admin_page(&h);
    wait_for_page(&h, "not authorised");
    kiosk_harness_close(&h);

    kiosk_harness_config(&h, "admin-right");
    deliver_to(&h, b, broker_password_file(b, KIOSK));
    kiosk_harness_open(&h);
    open_admin_page(&h);
    wait_for_page(&h, "connected to 127.0.0.1");
    kiosk_harness_close(&h);
    broker_stop(b);
}

/* A world-readable password file is refused at start: exit 2, naming the
 * key and what to do. */
static void test_world_readable_password_is_a_config_error(void **state)
{
    (void)state;
    broker_options bo = {.kiosks = kiosks, .n_kiosks = 1};
    broker *b = broker_start("readable-broker", &bo);
    kiosk_harness h;
    kiosk_harness_config(&h, "readable");
    char path[600];
    snprintf(path, sizeof path, "%s/open.password", h.dir);
    assert_true(testutil_write_file(path, "pw-" KIOSK "\n"));
    assert_int_equal(chmod(path, 0644), 0);
    deliver_to(&h, b, path);
    char err[2048] = "";
    assert_int_equal(kiosk_delivery_check(&h.config, err, sizeof err), SR_E_CONFIG);
    if (!strstr(err, "[mqtt] password_file") || !strstr(err, "readable by every user"))
        fail_msg("unexpected message: %s", err);
    kiosk_app *app = calloc(1, sizeof *app);
    kiosk_options options = {.headless = true, .width = 800, .height = 480};
    assert_int_equal(kiosk_app_open(app, &h.config, &options, KIOSK_HARNESS_START_MS, err,
                                     sizeof err),
                     2);
    free(app);
    broker_stop(b);
}

/* ---- drain -------------------------------------------------------------------------- */

typedef struct auto_collector {
    mqtt_client *c;
    pthread_t thread;
    atomic_bool stop;
    int acked;
    int answers, uses; /* kinds seen */
} auto_collector;

static void *acknowledge_everything(void *arg)
{
    auto_collector *ac = arg;
    while (!atomic_load(&ac->stop)) {
        int n = mqtt_client_count(ac->c, ANSWER_TOPIC);
        for (; ac->acked < n; ac->acked++) {
            char *payload = mqtt_client_payload(ac->c, ANSWER_TOPIC, ac->acked);
            cJSON *root = cJSON_Parse(payload);
            const cJSON *id = cJSON_GetObjectItemCaseSensitive(root, "id");
            const cJSON *body = cJSON_GetObjectItemCaseSensitive(root, "body");
            const cJSON *kind = cJSON_GetObjectItemCaseSensitive(body, "kind");
            if (cJSON_IsString(kind) && strcmp(kind->valuestring, "use") == 0)
                ac->uses++;
            else
                ac->answers++;
            char ids[1][WIRE_ID_HEX];
            snprintf(ids[0], WIRE_ID_HEX, "%s", cJSON_IsString(id) ? id->valuestring : "");
            char *ack = wire_ack_encode((const char (*)[WIRE_ID_HEX])ids, 1, NULL, 0);
            mqtt_client_publish_text(ac->c, ACK_TOPIC, ack, 1);
            free(ack);
            cJSON_Delete(root);
            free(payload);
        }
        mqtt_client_wait_count(ac->c, ANSWER_TOPIC, ac->acked + 1, 50);
    }
    return NULL;
}

static int run_script(kiosk_harness *h, const char *name, const char *text)
{
    char path[600], err[2048];
    snprintf(path, sizeof path, "%s/%s.txt", h->dir, name);
    assert_true(testutil_write_file(path, text));
    kiosk_script *script = kiosk_script_load(path, err, sizeof err);
    if (!script)
        fail_msg("%s", err);
    int code = kiosk_script_run(script, h->app, h->dir);
    kiosk_script_free(script);
    return code;
}

static void test_drain_waits_for_the_collector(void **state)
{
    (void)state;
    broker_options bo = {.kiosks = kiosks, .n_kiosks = 1};
    broker *b = broker_start("drain-broker", &bo);
    auto_collector ac = {0};
    mqtt_client_options co = {.user = BROKER_COLLECTOR_USER};
    assert_int_equal(mqtt_client_connect(broker_port(b), &co, &ac.c), 0);
    assert_int_equal(mqtt_client_subscribe(ac.c, ANSWER_TOPIC, 1), 1);
    assert_int_equal(pthread_create(&ac.thread, NULL, acknowledge_everything, &ac), 0);

    /* Answers are delivered once the kiosk knows the time. */
    sysclock_reading synced;
    sysclock_read(&synced);
    synced.synced = true;
    sysclock_override(&synced);
    kiosk_harness h;
    kiosk_harness_config(&h, "drain");
    deliver_to(&h, b, broker_password_file(b, KIOSK));
    kiosk_harness_open(&h);
    int code = run_script(&h, "checkin",
                          "tap mood-5\ntap done\nexpect thanks\ntap home\n"
                          "tap toolkit\ntap cat-mindfulness\ntap item-body-scan\n"
                          "drain 20\n");
    assert_int_equal(code, 0);
    outbox_stats s;
    assert_int_equal(outbox_get_stats(h.app->outbox, &s), SR_OK);
    assert_int_equal(s.unsent + s.sent, 0);
    int64_t uses = -1;
    assert_int_equal(outbox_get_use(h.app->outbox, "body-scan", &synced, &uses), SR_OK);
    assert_int_equal(uses, 0); /* sealed and sent, not left in its counter */
    assert_true(h.app->longest_busy_ms >= 0);

    /* No broker: drain gives up after its time, saying why. */
    broker_kill(b);
    code = run_script(&h, "stuck", "tap home\nwait 30000\ntap mood-4\ntap done\ndrain 1\n");
    assert_int_equal(code, 1);
    assert_int_equal(outbox_get_stats(h.app->outbox, &s), SR_OK);
    assert_int_equal(s.unsent + s.sent, 1); /* kept, of course */
    kiosk_harness_close(&h);
    sysclock_override(NULL);

    atomic_store(&ac.stop, true);
    pthread_join(ac.thread, NULL);
    assert_int_equal(ac.answers, 1);
    assert_true(ac.uses >= 1);
    mqtt_client_close(ac.c);
    broker_stop(b);
}

static void test_drain_without_delivery_fails_at_once(void **state)
{
    (void)state;
    kiosk_harness h;
    kiosk_harness_config(&h, "no-delivery");
    kiosk_harness_open(&h);
    int64_t before = testutil_now_ms();
    assert_int_equal(run_script(&h, "drain", "drain 30\n"), 1);
    assert_true(testutil_now_ms() - before < 5000);
    kiosk_harness_close(&h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_admin_page_shows_the_connection_and_why_not),
        cmocka_unit_test(test_world_readable_password_is_a_config_error),
        cmocka_unit_test(test_drain_waits_for_the_collector),
        cmocka_unit_test(test_drain_without_delivery_fails_at_once),
    };
    return cmocka_run_group_tests_name("forwarder_kiosk", tests, NULL, NULL);
}
