/* test_broker_persistence.c -- answers queued in the broker for a stopped
 * collector outlive a broker restart, with the shipped configuration.
 *
 * The collector holds a persistent session (clean session off, QoS 1); while
 * it is away the broker queues every answer for it. An orderly stop
 * (SIGTERM) must keep every one of them: mosquitto writes its database on
 * the way out. A crash (SIGKILL) keeps what the last autosave wrote; the
 * shipped config saves after every 100 changes, so at most the last 100 may
 * be lost -- the kiosks still hold those and send them again -- and the
 * default (every 30 minutes) would have lost all of them, which is what the
 * second test would catch. tools/broker/README.md has the measured figures.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "broker.h"
#include "mqtt_client.h"

#define KIOSK "ward7-kiosk-1"
#define ANSWER_TOPIC "staffroom/v1/kiosk/" KIOSK "/answer"
#define STATUS_TOPIC "staffroom/v1/kiosk/" KIOSK "/status"
#define COLLECTOR_ID "collector-1"
#define N_ANSWERS 250
#define AUTOSAVE_CHANGES 100  /* autosave_interval in tools/broker/mosquitto.conf.in */
#define WAIT_MS 15000

static const char *const kiosks[] = {KIOSK};
static const broker_options options = {.kiosks = kiosks, .n_kiosks = 1};

static mqtt_client *collector_session(const broker *b)
{
    mqtt_client_options o = {.user = BROKER_COLLECTOR_USER, .client_id = COLLECTOR_ID,
                             .persistent = true};
    mqtt_client *c = NULL;
    assert_int_equal(mqtt_client_connect(broker_port(b), &o, &c), 0);
    return c;
}

/* The collector subscribes once and goes away; the kiosk then sends
 * N_ANSWERS answers, each acknowledged by the broker, and a retained status. */
static void queue_answers_for_absent_collector(const broker *b)
{
    mqtt_client *collector = collector_session(b);
    assert_int_equal(mqtt_client_subscribe(collector, "staffroom/v1/kiosk/+/answer", 1), 1);
    mqtt_client_close(collector);

    mqtt_client_options o = {.user = KIOSK};
    mqtt_client *kiosk = NULL;
    assert_int_equal(mqtt_client_connect(broker_port(b), &o, &kiosk), 0);
    for (int i = 0; i < N_ANSWERS; i++) {
        char payload[64];
        snprintf(payload, sizeof payload, "answer-%d", i);
        assert_int_equal(mqtt_client_publish_text(kiosk, ANSWER_TOPIC, payload, 1), 0);
    }
    const char *status = "{\"v\":1,\"online\":true}";
    assert_int_equal(mqtt_client_publish(kiosk, STATUS_TOPIC, status, strlen(status), 1, true), 0);
    mqtt_client_close(kiosk);
}

/* Reconnects the collector's session and returns how many distinct answers
 * it is handed (each at most once), waiting until a marker sent after the
 * restart arrives: everything queued before it has arrived by then. */
static int answers_after_restart(const broker *b)
{
    mqtt_client *collector = collector_session(b);
    mqtt_client_options o = {.user = KIOSK};
    mqtt_client *kiosk = NULL;
    assert_int_equal(mqtt_client_connect(broker_port(b), &o, &kiosk), 0);
    assert_int_equal(mqtt_client_publish_text(kiosk, ANSWER_TOPIC, "marker", 1), 0);
    mqtt_client_close(kiosk);

    bool marker = false;
    int distinct = 0;
    static bool seen[N_ANSWERS];
    memset(seen, 0, sizeof seen);
    for (int i = 0; !marker; i++) {
        assert_true(mqtt_client_wait_count(collector, ANSWER_TOPIC, i + 1, WAIT_MS));
        char *payload = mqtt_client_payload(collector, ANSWER_TOPIC, i);
        int n = -1;
        if (strcmp(payload, "marker") == 0)
            marker = true;
        else
            assert_int_equal(sscanf(payload, "answer-%d", &n), 1);
        free(payload);
        if (n >= 0) {
            assert_true(n < N_ANSWERS);
            assert_false(seen[n]); /* never twice */
            seen[n] = true;
            distinct++;
        }
    }
    mqtt_client_close(collector);
    return distinct;
}

static void test_orderly_restart_keeps_every_queued_answer(void **state)
{
    (void)state;
    broker *b = broker_start("sigterm", &options);
    queue_answers_for_absent_collector(b);
    broker_shutdown(b);
    broker_restart(b);
    assert_int_equal(answers_after_restart(b), N_ANSWERS);

    /* Estates still see the kiosk's last status. */
    mqtt_client_options o = {.user = BROKER_FLEET_USER};
    mqtt_client *fleet = NULL;
    assert_int_equal(mqtt_client_connect(broker_port(b), &o, &fleet), 0);
    assert_int_equal(mqtt_client_subscribe(fleet, "staffroom/v1/kiosk/+/status", 1), 1);
    assert_true(mqtt_client_wait_count(fleet, STATUS_TOPIC, 1, WAIT_MS));
    mqtt_client_close(fleet);
    broker_stop(b);
}

static void test_crash_loses_at_most_one_autosave_worth(void **state)
{
    (void)state;
    broker *b = broker_start("sigkill", &options);
    queue_answers_for_absent_collector(b);
    broker_kill(b);
    broker_restart(b);
    int kept = answers_after_restart(b);
    printf("broker SIGKILL: %d of %d queued answers kept (autosave every %d changes)\n", kept,
           N_ANSWERS, AUTOSAVE_CHANGES);
    assert_true(kept >= N_ANSWERS - AUTOSAVE_CHANGES);
    broker_stop(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_orderly_restart_keeps_every_queued_answer),
        cmocka_unit_test(test_crash_loses_at_most_one_autosave_worth),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
