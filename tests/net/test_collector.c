/* test_collector.c -- the built staffroom-collector against a real mosquitto
 * with the shipped configuration: kiosks (test clients with their own
 * device credentials) publish answers and statuses, and the test reads the
 * collector's SQLite store and the acknowledgements on the kiosks' topics.
 *
 * What a user would notice: an answer sent twice stored twice (or not at
 * all); an acknowledgement for an answer that is not in the store (the kiosk
 * would delete it); the fleet list not showing a kiosk going offline; an
 * unknown device's answers vanishing; a stop losing the batch in hand;
 * answers sent while the collector was down never arriving; two collectors
 * sharing the load storing an answer twice or dropping one.
 */
#define _GNU_SOURCE /* prctl */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <mosquitto.h>
#include <sqlite3.h>

#include "broker.h"
#include "mqtt_client.h"
#include "testutil.h"
#include "wire/wire.h"

#define KIOSK "ward7-kiosk"
#define OTHER "ed-kiosk"
#define STRANGER "stranger-kiosk"
#define WAIT_MS 20000
#define PERIOD0 ((int64_t)1763805600)

static const char *const kiosks[] = {KIOSK, OTHER, STRANGER};
static const broker_options with_kiosks = {.kiosks = kiosks, .n_kiosks = 3};

typedef struct collector_proc {
    pid_t pid;
    char config[1100];
    char log[1200];
    char db[1100];
} collector_proc;

static broker *b;
static char dir[1024];
static char content_dir[1100]; /* "" : the shipped pack in assets/content */
static char registry_path[1100];

/* ---- the collector process ---------------------------------------------- */

static void write_registry(const char *text)
{
    char fresh[1200];
    snprintf(fresh, sizeof fresh, "%s.new", registry_path);
    assert_true(testutil_write_file(fresh, text));
    assert_int_equal(rename(fresh, registry_path), 0); /* as provisioning replaces it */
}

/* A config for a collector called name (its store, log and client id). */
static void configure(collector_proc *p, const char *name, const char *share_group,
                      int batch_ms)
{
    memset(p, 0, sizeof *p);
    snprintf(p->config, sizeof p->config, "%s/%s.ini", dir, name);
    snprintf(p->db, sizeof p->db, "%s/%s.db", dir, name);
    char content[2048], text[8192];
    testutil_source_path(content, sizeof content, "assets/content");
    if (content_dir[0])
        snprintf(content, sizeof content, "%s", content_dir);
    snprintf(text, sizeof text,
             "[mqtt]\nhost = 127.0.0.1\nport = %d\npassword_file = %s\nclient_id = %s\n"
             "share_group = %s\nkeepalive_seconds = 10\n"
             "[store]\npath = %s\n[registry]\npath = %s\n[content]\ndir = %s\n"
             "[ingest]\nbatch_ms = %d\nsummary_seconds = 1\n",
             broker_port(b), broker_password_file(b, BROKER_COLLECTOR_USER), name, share_group,
             p->db, registry_path, content, batch_ms);
    assert_true(testutil_write_file(p->config, text));
}

static int count_in_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    int n = 0;
    char line[4096];
    while (fgets(line, sizeof line, f))
        n += strstr(line, text) != NULL;
    fclose(f);
    return n;
}

typedef struct log_wait {
    const collector_proc *p;
    const char *text;
    int n;
} log_wait;

static bool log_has(void *arg)
{
    log_wait *w = arg;
    return count_in_file(w->p->log, w->text) >= w->n;
}

static void wait_log(const collector_proc *p, const char *text, int n)
{
    log_wait w = {p, text, n};
    if (!testutil_wait_until(log_has, &w, WAIT_MS))
        fail_msg("the collector's log %s never said '%s' %d times", p->log, text, n);
}

/* Starts the collector (its log in NAME-RUN.log) and waits until it has
 * subscribed to both filters. */
static void start(collector_proc *p, int run)
{
    snprintf(p->log, sizeof p->log, "%s-%d.log", p->config, run);
    const char *program = testutil_build_program("staffroom-collector");
    p->pid = fork();
    assert_true(p->pid >= 0);
    if (p->pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (!freopen(p->log, "w", stderr) || !freopen(p->log, "a", stdout))
            _exit(127);
        execl(program, program, "--config", p->config, (char *)NULL);
        _exit(127);
    }
    wait_log(p, "subscribed to", 2);
}

typedef struct exit_wait {
    pid_t pid;
    int status;
} exit_wait;

static bool exited(void *arg)
{
    exit_wait *w = arg;
    return waitpid(w->pid, &w->status, WNOHANG) == w->pid;
}

/* SIGTERM; returns the exit code (fails the test if it does not exit). */
static int stop(collector_proc *p)
{
    exit_wait w = {p->pid, 0};
    kill(p->pid, SIGTERM);
    if (!testutil_wait_until(exited, &w, WAIT_MS)) {
        kill(p->pid, SIGKILL);
        fail_msg("the collector did not exit after SIGTERM (log %s)", p->log);
    }
    p->pid = 0;
    return WIFEXITED(w.status) ? WEXITSTATUS(w.status) : 128 + WTERMSIG(w.status);
}

/* ---- the store, read beside the running collector ------------------------ */

static long long query(const char *db_path, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    long long value = -1;
    if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK) {
        sqlite3_busy_timeout(db, 5000);
        if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW)
            value = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return value;
}

typedef struct query_wait {
    const char *db;
    const char *sql;
    long long expected;
} query_wait;

static bool query_is(void *arg)
{
    query_wait *w = arg;
    return query(w->db, w->sql) == w->expected;
}

static void wait_query(const char *db, const char *sql, long long expected)
{
    query_wait w = {db, sql, expected};
    if (!testutil_wait_until(query_is, &w, WAIT_MS))
        fail_msg("'%s' is %lld, expected %lld", sql, query(db, sql), expected);
}

/* ---- kiosks -------------------------------------------------------------- */

static mqtt_client *kiosk_connect(const char *device)
{
    mqtt_client_options o = {.user = device};
    mqtt_client *c = NULL;
    assert_int_equal(mqtt_client_connect(broker_port(b), &o, &c), 0);
    char topic[WIRE_TOPIC_MAX];
    assert_true(wire_topic(topic, sizeof topic, device, WIRE_CHANNEL_ACK));
    assert_int_equal(mqtt_client_subscribe(c, topic, 1), 1);
    return c;
}

static void make_id(char id[WIRE_ID_HEX], int n)
{
    snprintf(id, WIRE_ID_HEX, "%032x", 0x5000 + n);
}

/* Publishes answer n (id 0x5000 + n) as device, the way its forwarder does. */
static void send_answer(mqtt_client *c, const char *device, int n)
{
    static const char *const options[] = {"very-hard", "hard", "ok", "good", "very-good"};
    char id[WIRE_ID_HEX], body[512], topic[WIRE_TOPIC_MAX];
    make_id(id, n);
    snprintf(body, sizeof body,
             "{\"v\":1,\"kind\":\"answer\",\"question_set\":\"shift-checkin\","
             "\"content_version\":\"2026.11-sample\",\"lang\":\"en\",\"score\":%d,"
             "\"option\":\"%s\",\"followups\":{\"affected\":[\"workload\"],\"helped\":[]}}",
             1 + n % 5, options[n % 5]);
    wire_outgoing row = {.id = id, .body = body, .period = PERIOD0 + 3600 * (n % 48),
                         .shift = "day", .clock = WIRE_CLOCK_SYNCED};
    char *message = wire_answer_encode(&row);
    assert_non_null(message);
    assert_true(wire_topic(topic, sizeof topic, device, WIRE_CHANNEL_ANSWER));
    assert_int_equal(mqtt_client_publish_text(c, topic, message, 1), 0);
    free(message);
}

/* How many times answer n has been acknowledged to device, as stored
 * (refused: as refused). */
static int acked(mqtt_client *c, const char *device, int n, bool refused)
{
    char topic[WIRE_TOPIC_MAX], id[WIRE_ID_HEX];
    wire_topic(topic, sizeof topic, device, WIRE_CHANNEL_ACK);
    make_id(id, n);
    int found = 0;
    for (int i = 0; i < mqtt_client_count(c, topic); i++) {
        char *payload = mqtt_client_payload(c, topic, i);
        wire_ack ack;
        char reason[WIRE_REASON_MAX];
        if (payload && wire_ack_decode(payload, strlen(payload), &ack, reason, sizeof reason) ==
                           SR_OK) {
            for (int k = 0; k < (refused ? ack.n_refused : ack.n_stored); k++)
                found += strcmp(refused ? ack.refused[k] : ack.stored[k], id) == 0;
            wire_ack_free(&ack);
        }
        free(payload);
    }
    return found;
}

typedef struct ack_wait {
    mqtt_client *c;
    const char *device;
    int first, last; /* answers first..last */
    int times;
} ack_wait;

static bool all_acked(void *arg)
{
    ack_wait *w = arg;
    for (int n = w->first; n <= w->last; n++)
        if (acked(w->c, w->device, n, false) < w->times)
            return false;
    return true;
}

static void wait_acked(mqtt_client *c, const char *device, int first, int last, int times)
{
    ack_wait w = {c, device, first, last, times};
    if (!testutil_wait_until(all_acked, &w, WAIT_MS))
        fail_msg("answers %d..%d of %s not acknowledged %d times", first, last, device, times);
}

/* ---- set-up -------------------------------------------------------------- */

static int set_up(void **state)
{
    (void)state;
    static int run;
    char name[32];
    snprintf(name, sizeof name, "collector-%d", ++run);
    testutil_fresh_dir(dir, sizeof dir, name);
    content_dir[0] = '\0';
    snprintf(registry_path, sizeof registry_path, "%s/registry.ini", dir);
    write_registry("[" KIOSK "]\nsite = St Elsewhere\narea = Ward 7\nstaff_group = nursing\n"
                   "[" OTHER "]\nsite = St Elsewhere\narea = ED\n");
    b = broker_start(name, &with_kiosks);
    return 0;
}

static int tear_down(void **state)
{
    (void)state;
    broker_stop(b);
    b = NULL;
    return 0;
}

/* ---- the tests ----------------------------------------------------------- */

static void test_answers_are_stored_once_and_acknowledged_exactly(void **state)
{
    (void)state;
    collector_proc p;
    configure(&p, "collector-a", "", 20);
    start(&p, 1);
    mqtt_client *k = kiosk_connect(KIOSK);
    for (int n = 1; n <= 3; n++)
        send_answer(k, KIOSK, n);
    wait_acked(k, KIOSK, 1, 3, 1);
    /* Every acknowledged id is in the store, with the registry's place. */
    assert_int_equal(query(p.db, "SELECT count(*) FROM answer WHERE device = '" KIOSK "' AND "
                                 "area = 'Ward 7' AND staff_group = 'nursing'"),
                     3);
    /* The kiosk missed the acknowledgement and sends answer 2 again. */
    send_answer(k, KIOSK, 2);
    wait_acked(k, KIOSK, 2, 2, 2);
    assert_int_equal(query(p.db, "SELECT count(*) FROM answer"), 3);
    assert_int_equal(query(p.db, "SELECT sum(n) FROM rollup"), 3);
    assert_int_equal(acked(k, KIOSK, 1, false), 1);
    mqtt_client_close(k);
    assert_int_equal(stop(&p), 0);
}

static void test_status_and_last_will_keep_the_device_table(void **state)
{
    (void)state;
    collector_proc p;
    configure(&p, "collector-s", "", 20);
    start(&p, 1);
    /* A kiosk as its forwarder connects: a retained offline will, then its status. */
    char topic[WIRE_TOPIC_MAX];
    wire_topic(topic, sizeof topic, KIOSK, WIRE_CHANNEL_STATUS);
    wire_status offline = {.online = false};
    wire_status online = {.online = true, .waiting = 4, .disk_free_percent = 77,
                          .clock_synced = true, .uptime_minutes = 5};
    snprintf(online.app_version, sizeof online.app_version, "0.1.0");
    snprintf(online.content_version, sizeof online.content_version, "2026.11-sample");
    char *will = wire_status_encode(&offline), *hello = wire_status_encode(&online);
    struct mosquitto *m = mosquitto_new(KIOSK, true, NULL);
    assert_non_null(m);
    assert_int_equal(mosquitto_username_pw_set(m, KIOSK, "pw-" KIOSK), MOSQ_ERR_SUCCESS);
    assert_int_equal(mosquitto_will_set(m, topic, (int)strlen(will), will, 1, true),
                     MOSQ_ERR_SUCCESS);
    assert_int_equal(mosquitto_connect(m, "127.0.0.1", broker_port(b), 60), MOSQ_ERR_SUCCESS);
    assert_int_equal(mosquitto_loop_start(m), MOSQ_ERR_SUCCESS);
    assert_int_equal(mosquitto_publish(m, NULL, topic, (int)strlen(hello), hello, 1, true),
                     MOSQ_ERR_SUCCESS);
    wait_query(p.db, "SELECT online FROM device WHERE id = '" KIOSK "'", 1);
    assert_int_equal(query(p.db, "SELECT waiting FROM device WHERE id = '" KIOSK "'"), 4);
    assert_int_equal(query(p.db, "SELECT disk_free_percent FROM device WHERE id = '" KIOSK "'"),
                     77);
    assert_int_equal(query(p.db, "SELECT last_seen > 0 FROM device WHERE id = '" KIOSK "'"), 1);
    /* The power is pulled: no DISCONNECT, so the broker publishes the will. */
    mosquitto_loop_stop(m, true);
    mosquitto_destroy(m);
    wait_query(p.db, "SELECT online FROM device WHERE id = '" KIOSK "'", 0);
    assert_int_equal(query(p.db, "SELECT waiting FROM device WHERE id = '" KIOSK "'"), 4);
    free(will);
    free(hello);
    assert_int_equal(stop(&p), 0);
}

static void test_an_unknown_device_is_dead_lettered_until_registered(void **state)
{
    (void)state;
    collector_proc p;
    configure(&p, "collector-u", "", 20);
    start(&p, 1);
    mqtt_client *stranger = kiosk_connect(STRANGER);
    mqtt_client *k = kiosk_connect(KIOSK);
    send_answer(stranger, STRANGER, 7);
    send_answer(k, KIOSK, 8); /* a marker sent after it */
    wait_acked(k, KIOSK, 8, 8, 1);
    wait_query(p.db, "SELECT count(*) FROM dead_letter WHERE device = '" STRANGER "' AND "
                     "reason = 'device not in the registry' AND answer_id IS NOT NULL",
               1);
    assert_int_equal(query(p.db, "SELECT count(*) FROM answer WHERE device = '" STRANGER "'"), 0);
    /* Not acknowledged: the kiosk keeps it ... */
    assert_int_equal(acked(stranger, STRANGER, 7, false) + acked(stranger, STRANGER, 7, true), 0);
    wait_log(&p, "dead letter: device not in the registry (device " STRANGER, 1);
    /* ... and once provisioning has added it (no restart, no signal), the
     * resent answer is stored. */
    write_registry("[" KIOSK "]\nsite = St Elsewhere\narea = Ward 7\n"
                   "[" STRANGER "]\nsite = St Elsewhere\narea = Ward 9\n");
    wait_log(&p, "devices", 2);
    send_answer(stranger, STRANGER, 7);
    wait_acked(stranger, STRANGER, 7, 7, 1);
    assert_int_equal(query(p.db, "SELECT count(*) FROM answer WHERE device = '" STRANGER "' AND "
                                 "area = 'Ward 9'"),
                     1);
    mqtt_client_close(stranger);
    mqtt_client_close(k);
    assert_int_equal(stop(&p), 0);
}

/* SIGTERM with a batch in hand: it is committed and acknowledged, exit 0. */
static void test_sigterm_commits_and_acknowledges_the_open_batch(void **state)
{
    (void)state;
    collector_proc p;
    configure(&p, "collector-t", "", 10000); /* the batch would wait 10 s */
    start(&p, 1);
    mqtt_client *k = kiosk_connect(KIOSK);
    for (int n = 1; n <= 5; n++)
        send_answer(k, KIOSK, n);
    wait_log(&p, "received 5:", 1); /* in the collector's hands, not yet committed */
    assert_int_equal(query(p.db, "SELECT count(*) FROM answer"), 0);
    assert_int_equal(stop(&p), 0);
    assert_int_equal(query(p.db, "SELECT count(*) FROM answer"), 5);
    wait_acked(k, KIOSK, 1, 5, 1);
    mqtt_client_close(k);
}

/* Answers sent while the collector is stopped wait at the broker for its
 * persistent session and are stored when it is back. */
static void test_answers_sent_while_it_is_down_arrive_later(void **state)
{
    (void)state;
    collector_proc p;
    configure(&p, "collector-d", "", 20);
    start(&p, 1);
    assert_int_equal(stop(&p), 0);
    mqtt_client *k = kiosk_connect(KIOSK);
    for (int n = 1; n <= 4; n++)
        send_answer(k, KIOSK, n);
    start(&p, 2);
    wait_acked(k, KIOSK, 1, 4, 1);
    assert_int_equal(query(p.db, "SELECT count(*) FROM answer"), 4);
    mqtt_client_close(k);
    assert_int_equal(stop(&p), 0);
}

/* Two collectors in one share group, each with its own store: every answer
 * is in exactly one of the stores, both took some, all are acknowledged. */
static void test_a_shared_subscription_pair_splits_the_load(void **state)
{
    (void)state;
    enum { N = 40 };
    collector_proc a, c;
    configure(&a, "collector-a", "collectors", 20);
    configure(&c, "collector-b", "collectors", 20);
    start(&a, 1);
    start(&c, 1);
    mqtt_client *k = kiosk_connect(KIOSK);
    mqtt_client *e = kiosk_connect(OTHER);
    for (int n = 1; n <= N; n++)
        send_answer(n % 2 ? k : e, n % 2 ? KIOSK : OTHER, n);
    for (int n = 1; n <= N; n++)
        wait_acked(n % 2 ? k : e, n % 2 ? KIOSK : OTHER, n, n, 1);
    long long in_a = query(a.db, "SELECT count(*) FROM answer");
    long long in_b = query(c.db, "SELECT count(*) FROM answer");
    assert_true(in_a > 0 && in_b > 0);
    assert_int_equal(in_a + in_b, N);
    for (int n = 1; n <= N; n++) {
        char id[WIRE_ID_HEX], sql[128];
        make_id(id, n);
        snprintf(sql, sizeof sql, "SELECT count(*) FROM answer WHERE id = '%s'", id);
        if (query(a.db, sql) + query(c.db, sql) != 1)
            fail_msg("answer %d is in %lld stores", n, query(a.db, sql) + query(c.db, sql));
    }
    mqtt_client_close(k);
    mqtt_client_close(e);
    assert_int_equal(stop(&a), 0);
    assert_int_equal(stop(&c), 0);
}

/* SIGHUP re-reads the content pack: a broken one is refused and the
 * collector keeps storing with the one it had; a good one is taken. */
static void test_sighup_keeps_the_last_good_content_pack(void **state)
{
    (void)state;
    char shipped[2048], command[4500], pack_json[1200];
    testutil_source_path(shipped, sizeof shipped, "assets/content");
    snprintf(content_dir, sizeof content_dir, "%s/content", dir);
    snprintf(command, sizeof command, "cp -r '%s' '%s'", shipped, content_dir);
    assert_int_equal(system(command), 0);
    collector_proc p;
    configure(&p, "collector-h", "", 20);
    start(&p, 1);
    snprintf(pack_json, sizeof pack_json, "%s/pack.json", content_dir);
    assert_true(testutil_write_file(pack_json, "{\"format\": 1,"));
    kill(p.pid, SIGHUP);
    wait_log(&p, "content pack refused", 1);
    wait_log(&p, "keeping content pack 2026.11-sample", 1);
    mqtt_client *k = kiosk_connect(KIOSK);
    send_answer(k, KIOSK, 1);
    wait_acked(k, KIOSK, 1, 1, 1);
    snprintf(command, sizeof command, "cp '%s/pack.json' '%s'", shipped, pack_json);
    assert_int_equal(system(command), 0);
    kill(p.pid, SIGHUP);
    wait_log(&p, "content pack 2026.11-sample (question set shift-checkin) loaded", 1);
    send_answer(k, KIOSK, 2);
    wait_acked(k, KIOSK, 2, 2, 1);
    assert_int_equal(query(p.db, "SELECT count(*) FROM answer"), 2);
    mqtt_client_close(k);
    assert_int_equal(stop(&p), 0);
}

static void test_a_bad_config_exits_2_naming_the_line(void **state)
{
    (void)state;
    char config[2200], out[2300];
    snprintf(config, sizeof config, "%s/bad.ini", dir);
    snprintf(out, sizeof out, "%s/bad.log", dir);
    assert_true(testutil_write_file(config, "[mqtt]\nhost = 127.0.0.1\n[ingest]\nbatch = 5\n"));
    char command[6000];
    snprintf(command, sizeof command, "'%s' --config '%s' 2> '%s'",
             testutil_build_program("staffroom-collector"), config, out);
    int status = system(command);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 2);
    char expected[2400];
    snprintf(expected, sizeof expected, "%s:4: [ingest] batch: unknown key", config);
    assert_int_equal(count_in_file(out, expected), 1);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, set_up, tear_down)
    const struct CMUnitTest tests[] = {
        T(test_answers_are_stored_once_and_acknowledged_exactly),
        T(test_status_and_last_will_keep_the_device_table),
        T(test_an_unknown_device_is_dead_lettered_until_registered),
        T(test_sigterm_commits_and_acknowledges_the_open_batch),
        T(test_answers_sent_while_it_is_down_arrive_later),
        T(test_a_shared_subscription_pair_splits_the_load),
        T(test_sighup_keeps_the_last_good_content_pack),
        T(test_a_bad_config_exits_2_naming_the_line),
    };
    return cmocka_run_group_tests_name("collector", tests, NULL, NULL);
}
