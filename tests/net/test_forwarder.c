/* test_forwarder.c -- the kiosk's forwarder (app/net/forwarder.h) against a
 * real mosquitto with the shipped configuration (support/broker.h), the
 * test playing the collector through libmosquitto (support/mqtt_client.h):
 * it subscribes to the kiosk's answer topic as staffroom-collector and
 * publishes acknowledgements on the kiosk's ack topic.
 *
 * What a user would notice if these broke: answers lost (deleted on the
 * broker's PUBACK instead of the collector's acknowledgement), answers
 * stuck (no resend, no reconnect after a broker restart), a kiosk that
 * eats memory while offline, a fleet list that does not show a dead kiosk
 * as offline, a wrong password nobody can see on the admin screen.
 *
 * No sleeps: every wait is on a condition with a deadline. Where "nothing
 * more arrived" must be shown, a marker the kiosk sends after the step in
 * question (a status message) proves the step is over: the broker passes
 * one client's messages on in order.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <cJSON.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "broker.h"
#include "mqtt_client.h"
#include "net/forwarder.h"
#include "platform/sysclock.h"
#include "store/outbox.h"
#include "testutil.h"
#include "wire/wire.h"

#define KIOSK "ward7-kiosk-1"
#define ANSWER_TOPIC "staffroom/v1/kiosk/" KIOSK "/answer"
#define ACK_TOPIC "staffroom/v1/kiosk/" KIOSK "/ack"
#define STATUS_TOPIC "staffroom/v1/kiosk/" KIOSK "/status"
#define WAIT_MS 20000
#define MAX_IDS 4096

typedef struct rig {
    broker *b;
    char dir[512];
    char outbox_path[1024];
    privacy_policy policy;
    outbox *ob;            /* the UI's handle: answers are put through it */
    forwarder *fw;
    forwarder_options o;   /* edit between rig_open and rig_start */
    char password[64];
    mqtt_client *collector;
} rig;

static const char *const kiosks[] = {KIOSK};

/* ---- the rig ------------------------------------------------------------------ */

static void rig_open(rig *r, const char *name, bool tls)
{
    memset(r, 0, sizeof *r);
    broker_options bo = {.kiosks = kiosks, .n_kiosks = 1, .tls = tls};
    r->b = broker_start(name, &bo);
    testutil_fresh_dir(r->dir, sizeof r->dir, name);
    snprintf(r->outbox_path, sizeof r->outbox_path, "%s/outbox.db", r->dir);
    privacy_policy_defaults(&r->policy);
    char err[512];
    if (outbox_open(r->outbox_path, &r->policy, &r->ob, err, sizeof err) != SR_OK)
        fail_msg("outbox: %s", err);
    snprintf(r->password, sizeof r->password, "pw-%s", KIOSK);
    r->o = (forwarder_options){
        .device_id = KIOSK,
        .host = "127.0.0.1",
        .port = broker_port(r->b),
        .password = r->password,
        .ca_file = broker_ca_file(r->b),
        .keepalive_seconds = 10,
        .window = 500,
        .batch = 100,
        .resend_seconds = 600,
        .status_seconds = 3600,
        .backoff_min_ms = 20,
        .backoff_max_ms = 200,
        .outbox_path = r->outbox_path,
        .policy = &r->policy,
        .app_version = "9.9.9-test",
        .content_version = "pack-1",
    };
}

static void rig_start(rig *r)
{
    char err[1024];
    if (forwarder_start(&r->o, &r->fw, err, sizeof err) != SR_OK)
        fail_msg("forwarder_start: %s", err);
}

static void rig_close(rig *r)
{
    forwarder_stop(r->fw);
    mqtt_client_close(r->collector);
    outbox_close(r->ob);
    broker_stop(r->b);
    memset(r, 0, sizeof *r);
}

/* The collector: reads the kiosk's answers and status, writes its acks. */
static mqtt_client *connect_collector(rig *r, const char *user)
{
    mqtt_client_options o = {.user = user, .ca_file = broker_ca_file(r->b)};
    mqtt_client *c = NULL;
    int rc = mqtt_client_connect(broker_port(r->b), &o, &c);
    if (rc != 0)
        fail_msg("%s cannot connect: %d (broker %s)", user, rc, broker_dir(r->b));
    if (strcmp(user, BROKER_COLLECTOR_USER) == 0)
        assert_int_equal(mqtt_client_subscribe(c, ANSWER_TOPIC, 1), 1);
    assert_int_equal(mqtt_client_subscribe(c, STATUS_TOPIC, 1), 1);
    return c;
}

/* n answers, as the UI stores them (time synchronised), each followed by
 * the nudge the UI gives. */
static void put_answers(rig *r, int n)
{
    sysclock_reading clock;
    sysclock_read(&clock);
    clock.synced = true; /* this machine's clock need not be: the test says it is */
    for (int i = 0; i < n; i++) {
        char payload[160];
        snprintf(payload, sizeof payload,
                 "{\"v\":1,\"kind\":\"answer\",\"question_set\":\"shift\",\"score\":%d}",
                 1 + i % 5);
        assert_int_equal(outbox_put(r->ob, "answer", payload, &clock, NULL), SR_OK);
        forwarder_nudge(r->fw);
    }
}

static outbox_stats stats_of(rig *r)
{
    outbox_stats s;
    assert_int_equal(outbox_get_stats(r->ob, &s), SR_OK);
    return s;
}

/* The ids of the answer messages the collector has seen, in order
 * (duplicates included). Returns how many. */
static int seen_ids(mqtt_client *c, char (*ids)[WIRE_ID_HEX], int max)
{
    int n = mqtt_client_count(c, ANSWER_TOPIC);
    assert_true(n <= max);
    for (int i = 0; i < n; i++) {
        char *payload = mqtt_client_payload(c, ANSWER_TOPIC, i);
        cJSON *root = cJSON_Parse(payload);
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(root, "id");
        assert_true(cJSON_IsString(id) && strlen(id->valuestring) == 32);
        snprintf(ids[i], WIRE_ID_HEX, "%s", id->valuestring);
        cJSON_Delete(root);
        free(payload);
    }
    return n;
}

/* Acknowledges ids[from..to) as stored (the first `refused` of them as
 * refused instead: the collector kept them in its dead-letter table). */
static void acknowledge(mqtt_client *c, char (*ids)[WIRE_ID_HEX], int from, int to, int refused)
{
    for (int at = from; at < to; at += WIRE_ACK_MAX_IDS) {
        int n = to - at < WIRE_ACK_MAX_IDS ? to - at : WIRE_ACK_MAX_IDS;
        int r = refused < n ? refused : n;
        char *ack = wire_ack_encode((const char (*)[WIRE_ID_HEX])ids + at + r, n - r,
                                    (const char (*)[WIRE_ID_HEX])ids + at, r);
        assert_non_null(ack);
        assert_int_equal(mqtt_client_publish_text(c, ACK_TOPIC, ack, 1), 0);
        free(ack);
        refused -= r;
    }
}

/* ---- conditions ------------------------------------------------------------------- */

typedef struct expectation {
    rig *r;
    long long value;
    const char *text;
    int acked;          /* ack_new_until_empty: ids acknowledged so far */
} expectation;

static forwarder_info info_of(rig *r)
{
    forwarder_info info;
    forwarder_get_info(r->fw, &info);
    return info;
}

static bool is_online(void *arg)
{
    expectation *e = arg;
    return info_of(e->r).state == FORWARDER_ONLINE;
}

static bool is_not_online(void *arg)
{
    expectation *e = arg;
    return info_of(e->r).state != FORWARDER_ONLINE;
}

static bool waiting_is(void *arg)
{
    expectation *e = arg;
    outbox_stats s = stats_of(e->r);
    return s.unsent + s.sent == e->value;
}

static bool answers_seen(void *arg)
{
    expectation *e = arg;
    return mqtt_client_count(e->r->collector, ANSWER_TOPIC) >= e->value;
}

static bool all_pubacked(void *arg)
{
    expectation *e = arg;
    forwarder_info info = info_of(e->r);
    return info.published >= e->value && info.lib_queue == 0;
}

static bool confirmed_is(void *arg)
{
    expectation *e = arg;
    return info_of(e->r).confirmed == e->value;
}

static bool failures_at_least(void *arg)
{
    expectation *e = arg;
    return info_of(e->r).failures >= e->value;
}

static void wait_for(bool (*cond)(void *), rig *r, long long value, const char *what)
{
    expectation e = {r, value, what, 0};
    if (!testutil_wait_until(cond, &e, WAIT_MS)) {
        forwarder_info info = info_of(r);
        outbox_stats s = stats_of(r);
        fail_msg("waited %d ms for %s (%lld): forwarder %s '%s', published %lld, confirmed %lld, "
                 "collector saw %d, outbox unsent %lld sent %lld (broker %s)",
                 WAIT_MS, what, value, forwarder_state_name(info.state), info.error,
                 info.published, info.confirmed,
                 r->collector ? mqtt_client_count(r->collector, ANSWER_TOPIC) : -1,
                 (long long)s.unsent, (long long)s.sent, broker_dir(r->b));
    }
}

/* Acknowledges whatever the collector has seen that it has not yet
 * acknowledged; true once the outbox is empty. Resends may bring ids more
 * than once: acknowledging one twice is harmless. */
static bool ack_new_until_empty(void *arg)
{
    static char ids[MAX_IDS][WIRE_ID_HEX];
    expectation *e = arg;
    int n = seen_ids(e->r->collector, ids, MAX_IDS);
    if (n > e->acked)
        acknowledge(e->r->collector, ids, e->acked, n, 0);
    e->acked = n;
    return waiting_is(e);
}

static void ack_until_empty(rig *r)
{
    wait_for(ack_new_until_empty, r, 0, "every answer acknowledged and deleted");
}

/* ---- delivery ----------------------------------------------------------------------- */

/* The broker's PUBACK deletes nothing; the collector's acknowledgement
 * does, stored and refused alike, and only what it names. */
static void test_answers_leave_only_on_the_collectors_ack(void **state)
{
    (void)state;
    rig r;
    static char ids[MAX_IDS][WIRE_ID_HEX];
    rig_open(&r, "ack", false);
    r.collector = connect_collector(&r, BROKER_COLLECTOR_USER);
    put_answers(&r, 5);
    rig_start(&r);
    wait_for(answers_seen, &r, 5, "five answers at the collector");
    wait_for(all_pubacked, &r, 5, "the broker's PUBACKs");
    outbox_stats s = stats_of(&r);
    assert_int_equal(s.sent, 5); /* PUBACKed, and still every one of them kept */
    assert_int_equal(s.unsent, 0);
    assert_int_equal(info_of(&r).last_delivery, 0);

    assert_int_equal(seen_ids(r.collector, ids, MAX_IDS), 5);
    acknowledge(r.collector, ids, 0, 3, 1); /* two stored, one refused */
    wait_for(waiting_is, &r, 2, "three rows deleted");
    acknowledge(r.collector, ids, 0, 3, 0); /* a duplicate acknowledgement: harmless */
    acknowledge(r.collector, ids, 3, 5, 0);
    wait_for(waiting_is, &r, 0, "the outbox empty");
    wait_for(confirmed_is, &r, 5, "five confirmed");
    forwarder_info info = info_of(&r);
    assert_true(info.last_delivery > 0 && info.last_delivery % 60 == 0);
    assert_int_equal(outbox_check(r.ob), SR_OK);
    rig_close(&r);
}

/* No acknowledgement within resend_seconds: the same answers again. */
static void test_unacknowledged_answers_are_sent_again(void **state)
{
    (void)state;
    rig r;
    static char ids[MAX_IDS][WIRE_ID_HEX];
    rig_open(&r, "resend", false);
    r.o.resend_seconds = 1;
    r.collector = connect_collector(&r, BROKER_COLLECTOR_USER);
    put_answers(&r, 3);
    rig_start(&r);
    wait_for(answers_seen, &r, 6, "each answer twice");
    int n = seen_ids(r.collector, ids, MAX_IDS);
    for (int i = 3; i < 6; i++) {
        bool again = false;
        for (int j = 0; j < 3; j++)
            again = again || strcmp(ids[i], ids[j]) == 0;
        assert_true(again); /* the same ids: the collector stores each once */
    }
    assert_true(n >= 6);
    ack_until_empty(&r);
    rig_close(&r);
}

/* True once the collector has a status message whose problem is arg's. */
static bool status_with_problem(void *arg)
{
    expectation *e = arg;
    mqtt_client *c = e->r->collector;
    const char *want = e->text;
    int n = mqtt_client_count(c, STATUS_TOPIC);
    bool found = false;
    for (int i = 0; i < n && !found; i++) {
        char *p = mqtt_client_payload(c, STATUS_TOPIC, i);
        found = p && strstr(p, want) != NULL;
        free(p);
    }
    return found;
}

/* The kiosk has finished whatever a nudge makes it do: it is told of a
 * new problem after the nudge and its status saying so has arrived. */
static void settle(rig *r, const char *marker)
{
    forwarder_nudge(r->fw);
    forwarder_set_problem(r->fw, marker);
    wait_for(status_with_problem, r, 0, marker);
}

/* At most `window` answers outstanding, however many wait; each
 * acknowledgement lets exactly that many more go. */
static void test_window_is_never_exceeded(void **state)
{
    (void)state;
    rig r;
    static char ids[MAX_IDS][WIRE_ID_HEX];
    rig_open(&r, "window", false);
    r.o.window = 20;
    r.o.batch = 7;
    r.collector = connect_collector(&r, BROKER_COLLECTOR_USER);
    put_answers(&r, 90);
    rig_start(&r);
    char marker[32];
    int acked = 0;
    for (int round = 0; acked < 90; round++) {
        int expect = acked + 20 < 90 ? acked + 20 : 90;
        wait_for(answers_seen, &r, expect, "a full window");
        snprintf(marker, sizeof marker, "marker-%d", round);
        settle(&r, marker);
        int n = seen_ids(r.collector, ids, MAX_IDS);
        if (n != expect)
            fail_msg("round %d: %d answers sent with %d acknowledged (window 20)", round, n, acked);
        acknowledge(r.collector, ids, acked, n, 0);
        acked = n;
    }
    wait_for(waiting_is, &r, 0, "the outbox empty");
    assert_true(info_of(&r).lib_queue_max <= 20);
    rig_close(&r);
}

/* A broker crash: the kiosk notices, reconnects with backoff, and sends
 * again what was outstanding and what came meanwhile. */
static void test_reconnects_after_the_broker_restarts(void **state)
{
    (void)state;
    rig r;
    rig_open(&r, "restart", false);
    r.o.resend_seconds = 1; /* what the new collector missed comes again */
    r.collector = connect_collector(&r, BROKER_COLLECTOR_USER);
    put_answers(&r, 10);
    rig_start(&r);
    wait_for(answers_seen, &r, 10, "ten answers");
    mqtt_client_close(r.collector);
    r.collector = NULL;

    broker_kill(r.b);
    wait_for(is_not_online, &r, 0, "the kiosk to notice");
    put_answers(&r, 5); /* while the broker is away */
    broker_restart(r.b);
    wait_for(is_online, &r, 0, "the kiosk back online");
    assert_true(info_of(&r).connections >= 2);
    r.collector = connect_collector(&r, BROKER_COLLECTOR_USER);
    wait_for(answers_seen, &r, 15, "answers after the restart");
    ack_until_empty(&r);
    wait_for(confirmed_is, &r, 15, "each of the fifteen confirmed once");
    rig_close(&r);
}

/* Thousands of answers while the broker is down: nothing goes to
 * libmosquitto (which would queue it in memory without limit), and after
 * the restart no more than the window. */
static void test_offline_answers_do_not_pile_up_in_libmosquitto(void **state)
{
    (void)state;
    rig r;
    rig_open(&r, "offline", false);
    r.o.window = 50;
    r.o.batch = 25;
    rig_start(&r);
    wait_for(is_online, &r, 0, "online");
    broker_kill(r.b);
    wait_for(is_not_online, &r, 0, "the kiosk to notice");
    long long before = info_of(&r).published;
    put_answers(&r, 2000);
    wait_for(failures_at_least, &r, info_of(&r).failures + 2, "reconnect attempts");
    forwarder_info info = info_of(&r);
    assert_int_equal(info.published, before); /* not one handed over while down */
    assert_int_equal(info.lib_queue, 0);

    broker_restart(r.b);
    r.collector = connect_collector(&r, BROKER_COLLECTOR_USER);
    wait_for(is_online, &r, 0, "online again");
    settle(&r, "marker-offline");
    info = info_of(&r);
    assert_true(info.published - before <= 50);
    assert_true(info.lib_queue_max <= 50);
    outbox_stats s = stats_of(&r);
    assert_true(s.sent <= 50);
    assert_int_equal(s.unsent + s.sent, 2000);
    rig_close(&r);
}

/* ---- status and will -------------------------------------------------------------------- */

static bool status_count_at_least(void *arg)
{
    expectation *e = arg;
    return mqtt_client_count(e->r->collector, STATUS_TOPIC) >= e->value;
}

/* The index-th status message, decoded. */
static wire_status status_at(rig *r, int index)
{
    char *p = mqtt_client_payload(r->collector, STATUS_TOPIC, index);
    assert_non_null(p);
    wire_status s;
    char reason[WIRE_REASON_MAX];
    if (wire_status_decode(p, strlen(p), &s, reason, sizeof reason) != SR_OK)
        fail_msg("status %s: %s", p, reason);
    free(p);
    return s;
}

/* Online with the facts estates need; a change of content version goes out
 * at once -- without the queue depth, which moves only with the periodic
 * status (so no status can time an answer); a clean stop leaves "offline"
 * retained. */
static void test_status_on_connect_on_change_and_goodbye(void **state)
{
    (void)state;
    rig r;
    rig_open(&r, "status", false);
    r.collector = connect_collector(&r, BROKER_FLEET_USER);
    put_answers(&r, 4);
    rig_start(&r);
    wait_for(status_count_at_least, &r, 1, "the status on connect");
    wire_status s = status_at(&r, 0);
    assert_true(s.online);
    assert_string_equal(s.app_version, "9.9.9-test");
    assert_string_equal(s.content_version, "pack-1");
    assert_int_equal(s.waiting, 4);
    assert_true(s.oldest_period > 0 && s.oldest_period % 60 == 0); /* a period, never a second */
    assert_int_equal(s.last_delivery, 0);
    assert_in_range(s.disk_free_percent, 0, 100);
    assert_int_equal(s.uptime_minutes, 0);
    assert_string_equal(s.problem, "");

    put_answers(&r, 2);
    forwarder_set_content_version(r.fw, "pack-2");
    wait_for(status_count_at_least, &r, 2, "the status after the change");
    s = status_at(&r, 1);
    assert_string_equal(s.content_version, "pack-2");
    assert_int_equal(s.waiting, 4); /* not 6: only the periodic status moves it */

    forwarder_stop(r.fw);
    r.fw = NULL;
    mqtt_client_close(r.collector);
    r.collector = connect_collector(&r, BROKER_FLEET_USER); /* gets the retained one */
    wait_for(status_count_at_least, &r, 1, "the retained status");
    assert_false(status_at(&r, 0).online);
    rig_close(&r);
}

/* A kiosk that dies (power cut: SIGKILL, no DISCONNECT) is marked offline
 * by its will; while alive, the periodic status follows the queue. */
static void test_will_marks_a_dead_kiosk_offline(void **state)
{
    (void)state;
    rig r;
    rig_open(&r, "will", false);
    r.o.status_seconds = 1;
    put_answers(&r, 3);
    pid_t child = fork(); /* before any thread: the child only runs the forwarder */
    assert_true(child >= 0);
    if (child == 0) {
        forwarder *fw = NULL;
        char err[512];
        if (forwarder_start(&r.o, &fw, err, sizeof err) != SR_OK)
            _exit(3);
        for (;;)
            pause();
    }
    r.collector = connect_collector(&r, BROKER_FLEET_USER);
    wait_for(status_count_at_least, &r, 1, "the child's status");
    assert_true(status_at(&r, 0).online);
    assert_int_equal(status_at(&r, 0).waiting, 3);
    put_answers(&r, 2); /* the child's periodic status sees them */
    for (int i = 1;; i++) {
        wait_for(status_count_at_least, &r, i + 1, "a periodic status");
        if (status_at(&r, i).waiting == 5)
            break;
        assert_true(i < 30);
    }
    int before = mqtt_client_count(r.collector, STATUS_TOPIC);
    kill(child, SIGKILL);
    waitpid(child, NULL, 0);
    wait_for(status_count_at_least, &r, before + 1, "the will");
    wire_status will = status_at(&r, before);
    assert_false(will.online);
    rig_close(&r);
}

/* ---- security --------------------------------------------------------------------------- */

/* TLS verified against the configured CA; a broker the CA did not sign is
 * refused, and the reason is there for the admin screen. */
static void test_tls_with_the_ca_and_refusal_without(void **state)
{
    (void)state;
    rig r;
    rig_open(&r, "tls", true);
    assert_non_null(broker_ca_file(r.b));
    r.collector = connect_collector(&r, BROKER_COLLECTOR_USER);
    put_answers(&r, 3);
    rig_start(&r);
    wait_for(answers_seen, &r, 3, "three answers over TLS");
    ack_until_empty(&r);
    forwarder_stop(r.fw);

    r.o.ca_file = broker_wrong_ca_file(r.b);
    rig_start(&r);
    wait_for(failures_at_least, &r, 2, "refused handshakes");
    forwarder_info info = info_of(&r);
    assert_int_not_equal(info.state, FORWARDER_ONLINE);
    if (!strstr(info.error, "TLS"))
        fail_msg("error '%s' does not say TLS", info.error);
    rig_close(&r);
}

static void test_wrong_password_is_reported_and_retried(void **state)
{
    (void)state;
    rig r;
    rig_open(&r, "password", false);
    r.o.password = "not-the-password";
    rig_start(&r);
    wait_for(failures_at_least, &r, 3, "three refusals (it keeps trying, with backoff)");
    forwarder_info info = info_of(&r);
    assert_int_not_equal(info.state, FORWARDER_ONLINE);
    if (!strstr(info.error, "not authorised"))
        fail_msg("error '%s' does not say 'not authorised'", info.error);
    assert_int_equal(info.published, 0);
    rig_close(&r);
}

/* Bad options are refused at start, naming the configuration key. */
static void test_bad_options_name_the_key(void **state)
{
    (void)state;
    rig r;
    rig_open(&r, "options", false);
    char err[1024];
    forwarder_options o = r.o;
    o.device_id = "Ward_7";
    assert_int_equal(forwarder_check_options(&o, err, sizeof err), SR_E_CONFIG);
    assert_non_null(strstr(err, "[device] id"));
    o = r.o;
    o.batch = 600;
    assert_int_equal(forwarder_check_options(&o, err, sizeof err), SR_E_CONFIG);
    assert_non_null(strstr(err, "[delivery] batch"));
    o = r.o;
    o.ca_file = "/nonexistent/ca.crt";
    assert_int_equal(forwarder_start(&o, &r.fw, err, sizeof err), SR_E_CONFIG);
    assert_null(r.fw);
    assert_non_null(strstr(err, "[mqtt] ca_file: /nonexistent/ca.crt"));
    o = r.o;
    o.cert_file = "/etc/hostname";
    assert_int_equal(forwarder_check_options(&o, err, sizeof err), SR_E_CONFIG);
    assert_non_null(strstr(err, "key_file"));
    assert_int_equal(forwarder_check_options(&r.o, err, sizeof err), SR_OK);
    rig_close(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_answers_leave_only_on_the_collectors_ack),
        cmocka_unit_test(test_unacknowledged_answers_are_sent_again),
        cmocka_unit_test(test_window_is_never_exceeded),
        cmocka_unit_test(test_reconnects_after_the_broker_restarts),
        cmocka_unit_test(test_offline_answers_do_not_pile_up_in_libmosquitto),
        cmocka_unit_test(test_status_on_connect_on_change_and_goodbye),
        cmocka_unit_test(test_will_marks_a_dead_kiosk_offline),
        cmocka_unit_test(test_tls_with_the_ca_and_refusal_without),
        cmocka_unit_test(test_wrong_password_is_reported_and_retried),
        cmocka_unit_test(test_bad_options_name_the_key),
    };
    return cmocka_run_group_tests_name("forwarder", tests, NULL, NULL);
}
