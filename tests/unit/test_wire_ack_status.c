/* test_wire_ack_status.c -- the small messages of the MQTT protocol
 * (app/wire/wire.h): topic names, the collector's acknowledgement and the
 * kiosk's status. test_wire.c has the answer message and the hostile corpus.
 *
 * What a user would notice: a kiosk must publish under its own name only
 * and a topic that is not exactly ours must be refused; an acknowledgement
 * must delete exactly the ids it names, and one that cannot be read
 * completely must delete nothing; the fleet list must show what a kiosk
 * said about itself, never a time finer than the minute.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "wire/wire.h"

#define ID_A "0123456789abcdef0123456789abcdef"
#define ID_B "fedcba9876543210fedcba9876543210"
#define PERIOD 1763805600 /* 2025-11-22 10:00 UTC */

/* ---- topics ------------------------------------------------------------- */

static void test_topics_round_trip(void **state)
{
    (void)state;
    static const char *const names[] = {"answer", "ack", "status"};
    char topic[WIRE_TOPIC_MAX], device[WIRE_DEVICE_ID_MAX], expected[WIRE_TOPIC_MAX];
    for (int c = WIRE_CHANNEL_ANSWER; c <= WIRE_CHANNEL_STATUS; c++) {
        wire_channel channel = (wire_channel)-1;
        assert_true(wire_topic(topic, sizeof topic, "ward7-kiosk-1", (wire_channel)c));
        snprintf(expected, sizeof expected, "staffroom/v1/kiosk/ward7-kiosk-1/%s", names[c]);
        assert_string_equal(topic, expected);
        assert_true(wire_topic_parse(topic, device, &channel));
        assert_string_equal(device, "ward7-kiosk-1");
        assert_int_equal(channel, c);
        snprintf(expected, sizeof expected, "staffroom/v1/kiosk/+/%s", names[c]);
        assert_string_equal(wire_topic_filter((wire_channel)c), expected);
    }
    assert_string_equal(WIRE_TOPIC_CONTENT, "staffroom/v1/content/pack");
    /* Too small a buffer is refused, not cut. */
    assert_false(wire_topic(topic, 20, "ward7-kiosk-1", WIRE_CHANNEL_ANSWER));
}

static void test_device_ids(void **state)
{
    (void)state;
    char longest[WIRE_DEVICE_ID_MAX + 1];
    memset(longest, 'a', sizeof longest);
    longest[WIRE_DEVICE_ID_MAX - 1] = '\0';
    assert_true(wire_device_id_valid(longest)); /* 64 characters */
    assert_true(wire_device_id_valid("0"));
    assert_true(wire_device_id_valid("st-elsewhere-ward-7"));
    longest[WIRE_DEVICE_ID_MAX - 1] = 'a';
    longest[WIRE_DEVICE_ID_MAX] = '\0';
    static const char *const bad[] = {
        "", "-kiosk", "Ward7", "ward 7", "ward/7", "ward+", "ward#", "wärd",
        "staffroom-collector", "staffroom-anything",
    };
    assert_false(wire_device_id_valid(longest)); /* 65 */
    assert_false(wire_device_id_valid(NULL));
    char topic[WIRE_TOPIC_MAX];
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (wire_device_id_valid(bad[i]))
            fail_msg("device id \"%s\" accepted", bad[i]);
        assert_false(wire_topic(topic, sizeof topic, bad[i], WIRE_CHANNEL_STATUS));
    }
}

static void test_topic_parse_refuses_strangers(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "staffroom/v1/kiosk/ward7/answer/more", "staffroom/v2/kiosk/ward7/answer",
        "staffroom/v1/kiosk//answer",           "staffroom/v1/kiosk/+/answer",
        "staffroom/v1/kiosk/ward7/answers",     "staffroom/v1/kiosk/ward7",
        "staffroom/v1/kiosk/staffroom-fleet/status", "staffroom/v1/content/pack",
        "/staffroom/v1/kiosk/ward7/answer",     "",
    };
    char device[WIRE_DEVICE_ID_MAX];
    wire_channel channel;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (wire_topic_parse(bad[i], device, &channel))
            fail_msg("topic \"%s\" accepted", bad[i]);
    assert_false(wire_topic_parse(NULL, device, &channel));
}

/* ---- acknowledgements ---------------------------------------------------- */

static void test_ack_round_trip(void **state)
{
    (void)state;
    const char stored[2][WIRE_ID_HEX] = {ID_A, ID_B};
    const char refused[1][WIRE_ID_HEX] = {"00000000000000000000000000000000"};
    char *text = wire_ack_encode(stored, 2, refused, 1);
    assert_non_null(text);
    assert_string_equal(text, "{\"v\":1,\"stored\":[\"" ID_A "\",\"" ID_B "\"],\"refused\":["
                              "\"00000000000000000000000000000000\"]}");
    wire_ack ack;
    char reason[WIRE_REASON_MAX];
    assert_int_equal(wire_ack_decode(text, strlen(text), &ack, reason, sizeof reason), SR_OK);
    assert_int_equal(ack.n_stored, 2);
    assert_int_equal(ack.n_refused, 1);
    assert_string_equal(ack.stored[1], ID_B);
    assert_string_equal(ack.refused[0], refused[0]);
    wire_ack_free(&ack);
    free(text);

    /* Nothing to say is still a valid message; missing arrays are empty. */
    text = wire_ack_encode(NULL, 0, NULL, 0);
    assert_string_equal(text, "{\"v\":1,\"stored\":[],\"refused\":[]}");
    free(text);
    assert_int_equal(wire_ack_decode("{\"v\":1}", 7, &ack, reason, sizeof reason), SR_OK);
    assert_int_equal(ack.n_stored + ack.n_refused, 0);
    wire_ack_free(&ack);
}

static void expect_ack_refused(const char *text, const char *expected)
{
    wire_ack ack;
    char reason[WIRE_REASON_MAX] = "";
    sr_status status = wire_ack_decode(text, strlen(text), &ack, reason, sizeof reason);
    if (status != SR_E_INVALID || !strstr(reason, expected))
        fail_msg("%s: %s \"%s\", expected \"%s\"", text, sr_status_str(status), reason, expected);
    assert_null(ack.stored);
    assert_null(ack.refused);
}

static void test_ack_refusals(void **state)
{
    (void)state;
    /* One bad id spoils the whole message: nothing may be deleted on a guess. */
    expect_ack_refused("{\"v\":1,\"stored\":[\"" ID_A "\",\"" ID_A "0\"]}",
                       "$.stored[1]: must be 32 lower-case hex digits");
    expect_ack_refused("{\"v\":1,\"refused\":\"" ID_A "\"}", "$.refused: must be an array of ids");
    expect_ack_refused("{\"v\":2,\"stored\":[]}", "$.v: version 2 is newer than this kiosk");
    expect_ack_refused("{\"stored\":[]}", "$.v: missing");
    expect_ack_refused("[]", "$: must be an object");
    expect_ack_refused("{\"v\":1,\"stored\":[],\"stored\":[]}",
                       "$: the key \"stored\" appears twice");
    expect_ack_refused("{\"v\":1,\"stored\":[[[[[[[[[]]]]]]]]]}", "nested deeper than 8");

    /* More than WIRE_ACK_MAX_IDS: refused both ways. */
    char (*ids)[WIRE_ID_HEX] = calloc(WIRE_ACK_MAX_IDS + 1, WIRE_ID_HEX);
    assert_non_null(ids);
    for (int i = 0; i <= WIRE_ACK_MAX_IDS; i++)
        snprintf(ids[i], WIRE_ID_HEX, "%032x", i);
    const char(*all)[WIRE_ID_HEX] = (const char(*)[WIRE_ID_HEX])ids;
    assert_null(wire_ack_encode(all, WIRE_ACK_MAX_IDS, all, 1));
    char *text = wire_ack_encode(all, WIRE_ACK_MAX_IDS - 1, all + WIRE_ACK_MAX_IDS - 1, 1);
    assert_non_null(text); /* exactly 1000 */
    wire_ack ack;
    char reason[WIRE_REASON_MAX];
    assert_int_equal(wire_ack_decode(text, strlen(text), &ack, reason, sizeof reason), SR_OK);
    assert_int_equal(ack.n_stored + ack.n_refused, WIRE_ACK_MAX_IDS);
    wire_ack_free(&ack);
    /* 1001: one id too many, made by hand. */
    size_t len = strlen(text);
    char *more = malloc(len + 64);
    assert_non_null(more);
    memcpy(more, text, len - 2); /* without "]}" */
    snprintf(more + len - 2, 64, ",\"%s\"]}", ids[WIRE_ACK_MAX_IDS]);
    expect_ack_refused(more, "$.refused: more than 1000 ids");
    free(more);
    free(text);
    free(ids);
}

/* ---- status -------------------------------------------------------------- */

static void test_status_round_trip(void **state)
{
    (void)state;
    wire_status s = {.online = true, .waiting = 12, .oldest_period = PERIOD,
                     .last_delivery = PERIOD + 3599, .disk_free_percent = 71,
                     .clock_synced = true, .uptime_minutes = 4320};
    snprintf(s.app_version, sizeof s.app_version, "0.4.0");
    snprintf(s.content_version, sizeof s.content_version, "2026.11-sample");
    snprintf(s.problem, sizeof s.problem, "disk full");
    char *text = wire_status_encode(&s);
    assert_non_null(text);
    wire_status d;
    char reason[WIRE_REASON_MAX];
    assert_int_equal(wire_status_decode(text, strlen(text), &d, reason, sizeof reason), SR_OK);
    assert_true(d.online);
    assert_string_equal(d.app_version, "0.4.0");
    assert_string_equal(d.content_version, "2026.11-sample");
    assert_int_equal(d.waiting, 12);
    assert_int_equal(d.oldest_period, PERIOD);
    /* Never finer than the minute, whatever the caller passed. */
    assert_int_equal(d.last_delivery, PERIOD + 3540);
    assert_int_equal(d.disk_free_percent, 71);
    assert_true(d.clock_synced);
    assert_int_equal(d.uptime_minutes, 4320);
    assert_string_equal(d.problem, "disk full");
    free(text);
}

static void test_status_offline_and_missing_fields(void **state)
{
    (void)state;
    wire_status s = {.online = false, .waiting = 99};
    char *text = wire_status_encode(&s);
    /* The last will says nothing but that the kiosk is gone. */
    assert_string_equal(text, "{\"v\":1,\"online\":false}");
    wire_status d;
    char reason[WIRE_REASON_MAX];
    assert_int_equal(wire_status_decode(text, strlen(text), &d, reason, sizeof reason), SR_OK);
    assert_false(d.online);
    assert_int_equal(d.waiting, 0);
    assert_int_equal(d.disk_free_percent, -1);
    assert_string_equal(d.app_version, "");
    free(text);
    /* Newer kiosks may say more: unknown members are ignored. */
    const char *newer = "{\"v\":1,\"online\":true,\"battery\":50,\"waiting\":3}";
    assert_int_equal(wire_status_decode(newer, strlen(newer), &d, reason, sizeof reason), SR_OK);
    assert_int_equal(d.waiting, 3);
}

static void test_status_refusals(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        const char *reason;
    } cases[] = {
        {"{\"v\":1}", "$.online: missing"},
        {"{\"v\":1,\"online\":\"yes\"}", "$.online: must be true or false, not \"yes\""},
        {"{\"v\":1,\"online\":true,\"waiting\":-1}", "$.waiting: must be an integer"},
        {"{\"v\":1,\"online\":true,\"disk_free_percent\":101}", "$.disk_free_percent"},
        {"{\"v\":1,\"online\":true,\"app_version\":7}", "$.app_version: must be a string"},
        {"{\"v\":1,\"online\":true,\"app_version\":\"0123456789012345678901234567890123\"}",
         "$.app_version: must be a string of 1..31 bytes"},
        {"{\"v\":1,\"online\":true,\"problem\":\"a\\nb\"}", "$.problem: must be a string"},
        {"{\"v\":1,\"online\":true,\"clock_synced\":1}", "$.clock_synced: must be true or false"},
        {"{\"v\":3,\"online\":true}", "$.v: version 3 is newer"},
        {"{\"v\":1,\"online\":true", "not JSON"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        wire_status d;
        char reason[WIRE_REASON_MAX] = "";
        sr_status status =
            wire_status_decode(cases[i].text, strlen(cases[i].text), &d, reason, sizeof reason);
        if (status != SR_E_INVALID || !strstr(reason, cases[i].reason))
            fail_msg("%s: %s \"%s\", expected \"%s\"", cases[i].text, sr_status_str(status),
                     reason, cases[i].reason);
        assert_int_equal(d.disk_free_percent, -1);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_topics_round_trip),
        cmocka_unit_test(test_device_ids),
        cmocka_unit_test(test_topic_parse_refuses_strangers),
        cmocka_unit_test(test_ack_round_trip),
        cmocka_unit_test(test_ack_refusals),
        cmocka_unit_test(test_status_round_trip),
        cmocka_unit_test(test_status_offline_and_missing_fields),
        cmocka_unit_test(test_status_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
