/* test_broker_security.c -- the shipped broker configuration
 * (tools/broker/) against a real mosquitto: what a kiosk may and may not do,
 * who gets in, TLS, and whether queued answers outlive a broker restart.
 *
 * The ACL is the collector's reason to trust the topic over the payload: if
 * kiosk A could publish into kiosk B's answer topic, A's answers would be
 * filed under B's ward; if A could read B's acknowledgements it would learn
 * when B's staff check in. mosquitto drops a forbidden MQTT 3.1.1 publish
 * silently (it even acknowledges it), so "nothing arrived" is asserted with
 * a marker: a message sent after the forbidden one that is allowed and does
 * arrive. The broker handles one client's packets in order and queues each
 * subscriber's messages in order, so once the marker is there, the forbidden
 * message would have been there before it -- no sleeping, no guessing.
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
#include "testutil.h"

#define KIOSK_A "ward7-kiosk-1"
#define KIOSK_B "ward9-kiosk-2"
#define TOPIC(device, channel) "staffroom/v1/kiosk/" device "/" channel
#define CONTENT_TOPIC "staffroom/v1/content/pack"
#define WAIT_MS 10000

static const char *const kiosks[] = {KIOSK_A, KIOSK_B};
static const broker_options plain = {.kiosks = kiosks, .n_kiosks = 2};

/* A connected client for user (password "pw-<user>"); fails the test if not. */
static mqtt_client *connect_as(const broker *b, const char *user, const char *client_id,
                               bool persistent)
{
    mqtt_client_options o = {.user = user, .client_id = client_id, .persistent = persistent,
                             .ca_file = broker_ca_file(b)};
    mqtt_client *c = NULL;
    int rc = mqtt_client_connect(broker_port(b), &o, &c);
    if (rc != 0)
        fail_msg("%s could not connect: CONNACK/result %d (broker folder %s)", user, rc,
                 broker_dir(b));
    return c;
}

static void subscribe_ok(mqtt_client *c, const char *filter)
{
    int granted = mqtt_client_subscribe(c, filter, 1);
    if (granted != 1)
        fail_msg("subscribing to %s: granted %d, expected QoS 1", filter, granted);
}

/* ---- what a kiosk may write ------------------------------------------------ */

/* Publishes as user on a connection of its own where the ACL forbids it,
 * and returns once the broker has dealt with the message: the PUBACK came
 * (v3.1.1: 0, the message dropped; v5: 135, "not authorised") or the broker
 * closed the connection (mosquitto 2.0.11 does that after the PUBACK when
 * max_queued_messages is 0; see mqtt_client.h). Returns the publish result. */
static int publish_refused(const broker *b, const char *user, const char *topic, bool mqtt5)
{
    mqtt_client_options o = {.user = user, .client_id = "intruder", .mqtt5 = mqtt5};
    mqtt_client *c = NULL;
    assert_int_equal(mqtt_client_connect(broker_port(b), &o, &c), 0);
    const char *forged = "{\"v\":1,\"id\":\"00000000000000000000000000000001\",\"body\":{}}";
    int rc = mqtt_client_publish_text(c, topic, forged, 1);
    if (rc == MQTT_CLIENT_FAILED)
        assert_true(mqtt_client_wait_disconnected(c, WAIT_MS));
    mqtt_client_close(c);
    return rc;
}

static void test_kiosk_cannot_write_under_another_kiosk(void **state)
{
    (void)state;
    broker *b = broker_start("write", &plain);
    mqtt_client *collector = connect_as(b, BROKER_COLLECTOR_USER, NULL, false);
    subscribe_ok(collector, "staffroom/v1/kiosk/+/answer");
    subscribe_ok(collector, "staffroom/v1/kiosk/+/status");
    mqtt_client *kiosk_b = connect_as(b, KIOSK_B, NULL, false);
    subscribe_ok(kiosk_b, TOPIC(KIOSK_B, "ack"));
    subscribe_ok(kiosk_b, CONTENT_TOPIC);

    /* B's answers, B's status, acknowledgements to B, the content pack. */
    const char *forbidden[] = {TOPIC(KIOSK_B, "answer"), TOPIC(KIOSK_B, "status"),
                               TOPIC(KIOSK_B, "ack"), CONTENT_TOPIC};
    for (size_t i = 0; i < sizeof forbidden / sizeof forbidden[0]; i++) {
        int rc = publish_refused(b, KIOSK_A, forbidden[i], false);
        assert_true(rc == 0 || rc == MQTT_CLIENT_FAILED);
    }

    /* Markers, each sent after the broker had dealt with every forbidden
     * message: A's own answer (the collector's view; A may still connect),
     * an acknowledgement and a content pack for B (B's view). */
    mqtt_client *kiosk_a = connect_as(b, KIOSK_A, NULL, false);
    assert_int_equal(mqtt_client_publish_text(kiosk_a, TOPIC(KIOSK_A, "answer"), "marker", 1), 0);
    mqtt_client *content = connect_as(b, BROKER_CONTENT_USER, NULL, false);
    assert_int_equal(mqtt_client_publish_text(collector, TOPIC(KIOSK_B, "ack"), "ack-marker", 1), 0);
    assert_int_equal(mqtt_client_publish_text(content, CONTENT_TOPIC, "pack-marker", 1), 0);

    assert_true(mqtt_client_wait_count(collector, TOPIC(KIOSK_A, "answer"), 1, WAIT_MS));
    assert_true(mqtt_client_wait_count(kiosk_b, TOPIC(KIOSK_B, "ack"), 1, WAIT_MS));
    assert_true(mqtt_client_wait_count(kiosk_b, CONTENT_TOPIC, 1, WAIT_MS));
    assert_int_equal(mqtt_client_count(collector, TOPIC(KIOSK_B, "answer")), 0);
    assert_int_equal(mqtt_client_count(collector, TOPIC(KIOSK_B, "status")), 0);
    assert_int_equal(mqtt_client_count(collector, NULL), 1);
    char *ack = mqtt_client_payload(kiosk_b, TOPIC(KIOSK_B, "ack"), 0);
    char *pack = mqtt_client_payload(kiosk_b, CONTENT_TOPIC, 0);
    assert_string_equal(ack, "ack-marker");
    assert_string_equal(pack, "pack-marker");
    assert_int_equal(mqtt_client_count(kiosk_b, NULL), 2);
    free(ack);
    free(pack);

    mqtt_client_close(content);
    mqtt_client_close(kiosk_a);
    mqtt_client_close(kiosk_b);
    mqtt_client_close(collector);
    broker_stop(b);
}

/* MQTT v5 can tell the sender: PUBACK "not authorised" (135) -- unless the
 * broker's disconnect overtakes it -- and nothing is delivered. */
static void test_v5_kiosk_is_refused(void **state)
{
    (void)state;
    broker *b = broker_start("write-v5", &plain);
    mqtt_client *collector = connect_as(b, BROKER_COLLECTOR_USER, NULL, false);
    subscribe_ok(collector, "staffroom/v1/kiosk/+/answer");
    int rc = publish_refused(b, KIOSK_A, TOPIC(KIOSK_B, "answer"), true);
    assert_true(rc == 135 || rc == MQTT_CLIENT_FAILED);
    mqtt_client_options o = {.user = KIOSK_A, .mqtt5 = true};
    mqtt_client *kiosk_a = NULL;
    assert_int_equal(mqtt_client_connect(broker_port(b), &o, &kiosk_a), 0);
    assert_int_equal(mqtt_client_publish_text(kiosk_a, TOPIC(KIOSK_A, "answer"), "x", 1), 0);
    assert_true(mqtt_client_wait_count(collector, TOPIC(KIOSK_A, "answer"), 1, WAIT_MS));
    assert_int_equal(mqtt_client_count(collector, NULL), 1);
    mqtt_client_close(kiosk_a);
    mqtt_client_close(collector);
    broker_stop(b);
}

/* ---- what a kiosk may read ----------------------------------------------------- */

static void test_kiosk_cannot_read_another_kiosks_acks(void **state)
{
    (void)state;
    broker *b = broker_start("read", &plain);
    mqtt_client *collector = connect_as(b, BROKER_COLLECTOR_USER, NULL, false);
    mqtt_client *kiosk_a = connect_as(b, KIOSK_A, NULL, false);
    mqtt_client *kiosk_b = connect_as(b, KIOSK_B, NULL, false);
    subscribe_ok(kiosk_b, TOPIC(KIOSK_B, "ack"));

    /* A asks for B's acks by name, and by wildcards; its own ack topic is
     * the marker. mosquitto 2.0.11 grants these subscriptions and checks
     * every message against the ACL as it delivers it. */
    mqtt_client_subscribe(kiosk_a, TOPIC(KIOSK_B, "ack"), 1);
    mqtt_client_subscribe(kiosk_a, "staffroom/v1/kiosk/+/ack", 1);
    mqtt_client_subscribe(kiosk_a, "staffroom/v1/kiosk/+/answer", 1);
    mqtt_client_subscribe(kiosk_a, "#", 1);
    subscribe_ok(kiosk_a, TOPIC(KIOSK_A, "ack"));

    assert_int_equal(mqtt_client_publish_text(collector, TOPIC(KIOSK_B, "ack"), "for-b", 1), 0);
    assert_int_equal(mqtt_client_publish_text(kiosk_b, TOPIC(KIOSK_B, "answer"), "b-answer", 1), 0);
    assert_int_equal(mqtt_client_publish_text(collector, TOPIC(KIOSK_A, "ack"), "for-a", 1), 0);

    assert_true(mqtt_client_wait_count(kiosk_a, TOPIC(KIOSK_A, "ack"), 1, WAIT_MS));
    assert_true(mqtt_client_wait_count(kiosk_b, TOPIC(KIOSK_B, "ack"), 1, WAIT_MS));
    /* The marker may come once per matching subscription (+/ack, #, own). */
    assert_int_equal(mqtt_client_count(kiosk_a, TOPIC(KIOSK_B, "ack")), 0);
    assert_int_equal(mqtt_client_count(kiosk_a, TOPIC(KIOSK_B, "answer")), 0);
    assert_int_equal(mqtt_client_count(kiosk_a, NULL), mqtt_client_count(kiosk_a, TOPIC(KIOSK_A, "ack")));

    mqtt_client_close(kiosk_b);
    mqtt_client_close(kiosk_a);
    mqtt_client_close(collector);
    broker_stop(b);
}

/* ---- who gets in ------------------------------------------------------------------ */

static void test_wrong_password_and_unknown_user_are_refused(void **state)
{
    (void)state;
    broker *b = broker_start("auth", &plain);
    mqtt_client *c = NULL;
    mqtt_client_options wrong = {.user = KIOSK_A, .password = "pw-" KIOSK_B};
    assert_int_equal(mqtt_client_connect(broker_port(b), &wrong, &c), 5); /* not authorised */
    assert_null(c);
    mqtt_client_options stranger = {.user = "ward1-kiosk-9"};
    assert_int_equal(mqtt_client_connect(broker_port(b), &stranger, &c), 5);
    mqtt_client_options empty = {.user = KIOSK_A, .password = ""};
    assert_int_equal(mqtt_client_connect(broker_port(b), &empty, &c), 5);
    mqtt_client_options v5 = {.user = KIOSK_A, .password = "guess", .mqtt5 = true};
    assert_int_equal(mqtt_client_connect(broker_port(b), &v5, &c), 135);
    mqtt_client_options right = {.user = KIOSK_A};
    assert_int_equal(mqtt_client_connect(broker_port(b), &right, &c), 0);
    mqtt_client_close(c);
    broker_stop(b);
}

static void test_tls_with_the_right_ca_only(void **state)
{
    (void)state;
    broker_options tls = plain;
    tls.tls = true;
    broker *b = broker_start("tls", &tls);
    assert_non_null(broker_ca_file(b));

    mqtt_client *collector = connect_as(b, BROKER_COLLECTOR_USER, NULL, false);
    subscribe_ok(collector, "staffroom/v1/kiosk/+/answer");
    mqtt_client *kiosk = connect_as(b, KIOSK_A, NULL, false);
    assert_int_equal(mqtt_client_publish_text(kiosk, TOPIC(KIOSK_A, "answer"), "over-tls", 1), 0);
    assert_true(mqtt_client_wait_count(collector, TOPIC(KIOSK_A, "answer"), 1, WAIT_MS));

    mqtt_client *c = NULL;
    mqtt_client_options wrong_ca = {.user = KIOSK_B, .ca_file = broker_wrong_ca_file(b)};
    assert_int_equal(mqtt_client_connect(broker_port(b), &wrong_ca, &c), MQTT_CLIENT_FAILED);
    assert_null(c);
    mqtt_client_options cleartext = {.user = KIOSK_B};
    assert_int_equal(mqtt_client_connect(broker_port(b), &cleartext, &c), MQTT_CLIENT_FAILED);
    assert_null(c);

    mqtt_client_close(kiosk);
    mqtt_client_close(collector);
    broker_stop(b);
}

/* ---- several collectors ------------------------------------------------------------ */

typedef struct pair_wait {
    mqtt_client *one, *two;
    int n;
} pair_wait;

static bool pair_has(void *arg)
{
    pair_wait *w = arg;
    return mqtt_client_count(w->one, NULL) + mqtt_client_count(w->two, NULL) >= w->n;
}

/* Collectors split the load through a shared subscription: the ACL allows
 * it, and each answer goes to exactly one of them. */
static void test_collectors_share_a_subscription(void **state)
{
    (void)state;
    broker *b = broker_start("share", &plain);
    const char *filter = "$share/collectors/staffroom/v1/kiosk/+/answer";
    mqtt_client *one = connect_as(b, BROKER_COLLECTOR_USER, "collector-1", false);
    mqtt_client *two = connect_as(b, BROKER_COLLECTOR_USER, "collector-2", false);
    subscribe_ok(one, filter);
    subscribe_ok(two, filter);
    mqtt_client *kiosk = connect_as(b, KIOSK_A, NULL, false);
    enum { N = 40 };
    for (int i = 0; i < N; i++)
        assert_int_equal(mqtt_client_publish_text(kiosk, TOPIC(KIOSK_A, "answer"), "a", 1), 0);
    pair_wait w = {one, two, N};
    assert_true(testutil_wait_until(pair_has, &w, WAIT_MS));
    /* A last marker: once it is in, a duplicate of the first N would be too. */
    assert_int_equal(mqtt_client_publish_text(kiosk, TOPIC(KIOSK_A, "answer"), "end", 1), 0);
    w.n = N + 1;
    assert_true(testutil_wait_until(pair_has, &w, WAIT_MS));
    assert_int_equal(mqtt_client_count(one, NULL) + mqtt_client_count(two, NULL), N + 1);
    assert_true(mqtt_client_count(one, NULL) > 0);
    assert_true(mqtt_client_count(two, NULL) > 0);

    /* A kiosk may not join the group to read other kiosks' answers. */
    mqtt_client *intruder = connect_as(b, KIOSK_B, NULL, false);
    mqtt_client_subscribe(intruder, filter, 1);
    subscribe_ok(intruder, TOPIC(KIOSK_B, "ack"));
    assert_int_equal(mqtt_client_publish_text(kiosk, TOPIC(KIOSK_A, "answer"), "more", 1), 0);
    mqtt_client *collector = connect_as(b, BROKER_COLLECTOR_USER, "collector-3", false);
    assert_int_equal(mqtt_client_publish_text(collector, TOPIC(KIOSK_B, "ack"), "marker", 1), 0);
    w.n = N + 2;
    assert_true(testutil_wait_until(pair_has, &w, WAIT_MS));
    assert_true(mqtt_client_wait_count(intruder, TOPIC(KIOSK_B, "ack"), 1, WAIT_MS));
    assert_int_equal(mqtt_client_count(intruder, NULL), 1);

    mqtt_client_close(collector);
    mqtt_client_close(intruder);
    mqtt_client_close(kiosk);
    mqtt_client_close(two);
    mqtt_client_close(one);
    broker_stop(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kiosk_cannot_write_under_another_kiosk),
        cmocka_unit_test(test_v5_kiosk_is_refused),
        cmocka_unit_test(test_kiosk_cannot_read_another_kiosks_acks),
        cmocka_unit_test(test_wrong_password_and_unknown_user_are_refused),
        cmocka_unit_test(test_tls_with_the_right_ca_only),
        cmocka_unit_test(test_collectors_share_a_subscription),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
