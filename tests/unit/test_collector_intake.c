/* test_collector_intake.c -- the collector's state machine without a
 * network: messages as a kiosk sends them go in, a real SQLite store, the
 * shipped content pack and a registry file decide, and the acknowledgements
 * it would publish are captured. What a kiosk would notice: its answer is
 * acknowledged only once committed, and exactly its ids; a refused answer is
 * acknowledged as refused (so it stops resending) except while its device is
 * not in the registry; nothing is dropped silently.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "collector/intake.h"
#include "content/content_load.h"
#include "testutil.h"
#include "wire/wire.h"

#define PERIOD0 ((int64_t)1763805600)
#define WALL (PERIOD0 + 5 * 3600)
#define MAX_ACKS 64

typedef struct captured {
    int n;
    char topic[MAX_ACKS][WIRE_TOPIC_MAX];
    wire_ack ack[MAX_ACKS];
} captured;

static captured acks;
static collector_store *store;
static sqlite3 *reader; /* another connection: it sees committed rows only */
static registry *reg;
static content_pack pack;
static intake *in;
static FILE *log_out;
static char *log_text;
static size_t log_size;

static sr_status capture(void *arg, const char *topic, const char *payload)
{
    (void)arg;
    assert_true(acks.n < MAX_ACKS);
    /* Published only after COMMIT: another connection already sees every
     * id acknowledged as stored. */
    snprintf(acks.topic[acks.n], WIRE_TOPIC_MAX, "%s", topic);
    char reason[WIRE_REASON_MAX];
    wire_ack *ack = &acks.ack[acks.n++];
    assert_int_equal(wire_ack_decode(payload, strlen(payload), ack, reason, sizeof reason), SR_OK);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(reader,
                                        "SELECT (SELECT count(*) FROM answer WHERE id = ?1) +"
                                        " (SELECT count(*) FROM item_use WHERE id = ?1)",
                                        -1, &st, NULL),
                     SQLITE_OK);
    for (int i = 0; i < ack->n_stored; i++) {
        sqlite3_bind_text(st, 1, ack->stored[i], -1, SQLITE_STATIC);
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        if (sqlite3_column_int(st, 0) != 1)
            fail_msg("%s acknowledged as stored but not in the store", ack->stored[i]);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    return SR_OK;
}

static void make_intake(int batch_max, int batch_ms)
{
    intake_options options = {.batch_max = batch_max,
                              .batch_ms = batch_ms,
                              .max_message_bytes = WIRE_ANSWER_MAX_BYTES,
                              .dead_letter_bytes = 64,
                              .log = log_out};
    in = intake_create(&options, store, capture, NULL);
    assert_non_null(in);
    intake_set_registry(in, reg);
    intake_set_content(in, &pack);
}

static int set_up(void **state)
{
    (void)state;
    char dir[2048], path[2200], err[1024];
    testutil_fresh_dir(dir, sizeof dir, "intake");
    snprintf(path, sizeof path, "%s/collector.db", dir);
    assert_int_equal(collector_store_open(path, &store, err, sizeof err), SR_OK);
    assert_int_equal(sqlite3_open_v2(path, &reader, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    snprintf(path, sizeof path, "%s/registry.ini", dir);
    assert_true(testutil_write_file(path, "[ward7-kiosk]\nsite = St Elsewhere\narea = Ward 7\n"
                                          "staff_group = nursing\n"
                                          "[old-kiosk]\nsite = St Elsewhere\narea = ED\n"
                                          "revoked = true\n"));
    assert_int_equal(registry_load(path, &reg, err, sizeof err), SR_OK);
    char content[2048];
    testutil_source_path(content, sizeof content, "assets/content");
    content_report report;
    memset(&pack, 0, sizeof pack);
    assert_int_equal(content_load(content, &pack, &report), SR_OK);
    log_out = open_memstream(&log_text, &log_size);
    memset(&acks, 0, sizeof acks);
    make_intake(100, 50);
    return 0;
}

static int tear_down(void **state)
{
    (void)state;
    intake_destroy(in);
    sqlite3_close(reader);
    collector_store_close(store);
    registry_free(reg);
    content_pack_free(&pack);
    fclose(log_out);
    free(log_text);
    for (int i = 0; i < acks.n; i++)
        wire_ack_free(&acks.ack[i]);
    return 0;
}

/* A check-in as the kiosk's forwarder sends it. */
static char *checkin(const char *id, int score, const char *option, const char *extra)
{
    char body[1024];
    snprintf(body, sizeof body,
             "{\"v\":1,\"kind\":\"answer\",\"question_set\":\"shift-checkin\","
             "\"content_version\":\"2026.11-sample\",\"lang\":\"en\",\"score\":%d,"
             "\"option\":\"%s\",\"followups\":{\"affected\":[\"workload\"],\"helped\":[]}%s}",
             score, option, extra ? extra : "");
    wire_outgoing row = {.id = id, .body = body, .period = PERIOD0, .shift = "day",
                         .clock = WIRE_CLOCK_SYNCED};
    char *message = wire_answer_encode(&row);
    assert_non_null(message);
    return message;
}

static sr_status send_text(const char *device, const char *channel, const char *message)
{
    char topic[WIRE_TOPIC_MAX];
    snprintf(topic, sizeof topic, "staffroom/v1/kiosk/%s/%s", device, channel);
    return intake_receive(in, topic, message, strlen(message), false, 1000, WALL);
}

static sr_status send_answer(const char *device, const char *id, int score, const char *option)
{
    char *message = checkin(id, score, option, NULL);
    sr_status status = send_text(device, "answer", message);
    free(message);
    return status;
}

static long long query_int(const char *sql)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(collector_store_db(store), sql, -1, &st, NULL), SQLITE_OK);
    long long value = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    return value;
}

static bool reason_kept(const char *reason)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(collector_store_db(store),
                                        "SELECT count(*) FROM dead_letter WHERE reason = ?1", -1,
                                        &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_text(st, 1, reason, -1, SQLITE_STATIC);
    bool found = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) > 0;
    sqlite3_finalize(st);
    return found;
}

#define ID(n) "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" #n

static void test_an_answer_is_acknowledged_only_after_it_is_committed(void **state)
{
    (void)state;
    assert_int_equal(send_answer("ward7-kiosk", ID(1), 2, "hard"), SR_OK);
    /* In the open batch: nothing in the store, nothing acknowledged. */
    assert_int_equal(intake_pending(in), 1);
    assert_int_equal(intake_deadline(in), 1050);
    assert_int_equal(query_int("SELECT count(*) FROM answer"), 0);
    assert_int_equal(acks.n, 0);
    assert_int_equal(intake_tick(in, 1049, WALL), SR_OK);
    assert_int_equal(acks.n, 0);
    /* The deadline: committed, then acknowledged on the kiosk's own topic. */
    assert_int_equal(intake_tick(in, 1050, WALL), SR_OK);
    assert_int_equal(intake_deadline(in), -1);
    assert_int_equal(query_int("SELECT count(*) FROM answer WHERE area = 'Ward 7' AND "
                               "staff_group = 'nursing'"),
                     1);
    assert_int_equal(acks.n, 1);
    assert_string_equal(acks.topic[0], "staffroom/v1/kiosk/ward7-kiosk/ack");
    assert_int_equal(acks.ack[0].n_stored, 1);
    assert_int_equal(acks.ack[0].n_refused, 0);
    assert_string_equal(acks.ack[0].stored[0], ID(1));
    intake_check(in);
}

static void test_a_resent_answer_is_stored_once_and_acknowledged_again(void **state)
{
    (void)state;
    send_answer("ward7-kiosk", ID(1), 4, "good");
    send_answer("ward7-kiosk", ID(1), 4, "good"); /* twice in one batch */
    assert_int_equal(intake_flush(in, WALL), SR_OK);
    send_answer("ward7-kiosk", ID(1), 4, "good"); /* and once more later */
    assert_int_equal(intake_flush(in, WALL), SR_OK);
    assert_int_equal(query_int("SELECT count(*) FROM answer"), 1);
    assert_int_equal(query_int("SELECT n FROM rollup"), 1);
    assert_int_equal(acks.n, 2);
    assert_int_equal(acks.ack[0].n_stored, 1); /* the repeat is named once */
    assert_int_equal(acks.ack[1].n_stored, 1);
    const intake_counts *c = intake_get_counts(in);
    assert_int_equal(c->received, 3);
    assert_int_equal(c->answers_stored, 1);
    assert_int_equal(c->answers_duplicate, 2);
}

static void test_acknowledgements_go_to_each_device_with_its_own_ids(void **state)
{
    (void)state;
    char path[2048], err[512];
    testutil_path(path, sizeof path, "intake/registry2.ini");
    assert_true(testutil_write_file(path, "[k1]\nsite = S\narea = A\n[k2]\nsite = S\narea = B\n"));
    registry *two = NULL;
    assert_int_equal(registry_load(path, &two, err, sizeof err), SR_OK);
    intake_set_registry(in, two);
    send_answer("k2", ID(1), 1, "very-hard");
    send_answer("k1", ID(2), 5, "very-good");
    send_answer("k2", ID(3), 3, "ok");
    assert_int_equal(intake_flush(in, WALL), SR_OK);
    assert_int_equal(acks.n, 2);
    for (int i = 0; i < 2; i++) {
        if (strcmp(acks.topic[i], "staffroom/v1/kiosk/k1/ack") == 0) {
            assert_int_equal(acks.ack[i].n_stored, 1);
            assert_string_equal(acks.ack[i].stored[0], ID(2));
        } else {
            assert_string_equal(acks.topic[i], "staffroom/v1/kiosk/k2/ack");
            assert_int_equal(acks.ack[i].n_stored, 2);
        }
    }
    intake_set_registry(in, reg);
    registry_free(two);
}

/* A message wire refuses: the reason kept is wire's, word for word, and the
 * answer is acknowledged as refused so that the kiosk stops resending. */
static void test_malformed_answers_are_dead_lettered_with_the_wire_reason(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "{\"v\":1,\"id\":\"" ID(5) "\",\"period\":1763805600,\"shift\":\"day\","
        "\"clock\":\"synced\",\"body\":{\"v\":1,\"kind\":\"answer\",\"question_set\":"
        "\"shift-checkin\",\"content_version\":\"x\",\"lang\":\"en\",\"score\":\"3\","
        "\"option\":\"ok\",\"followups\":{}}}",
        "{\"v\":1,\"id\":",
        "\xff\xfe not UTF-8",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        wire_answer decoded;
        char id[WIRE_ID_HEX], reason[WIRE_REASON_MAX];
        assert_int_equal(wire_answer_decode(bad[i], strlen(bad[i]), &decoded, id, reason,
                                            sizeof reason),
                         SR_E_INVALID);
        assert_int_equal(send_text("ward7-kiosk", "answer", bad[i]), SR_OK);
        assert_int_equal(intake_flush(in, WALL), SR_OK);
        if (!reason_kept(reason))
            fail_msg("dead letter with reason '%s' not kept", reason);
    }
    assert_int_equal(query_int("SELECT count(*) FROM dead_letter WHERE device = 'ward7-kiosk'"), 3);
    assert_int_equal(query_int("SELECT count(*) FROM answer"), 0);
    /* Only the first had a readable id: it is acknowledged as refused. */
    assert_int_equal(acks.n, 1);
    assert_int_equal(acks.ack[0].n_refused, 1);
    assert_string_equal(acks.ack[0].refused[0], ID(5));
    /* One log line per dead letter, with the device and size. */
    fflush(log_out);
    assert_non_null(strstr(log_text, "dead letter: "));
    assert_non_null(strstr(log_text, "device ward7-kiosk, 12 bytes"));
}

static void test_answers_that_do_not_fit_the_content_are_refused(void **state)
{
    (void)state;
    send_answer("ward7-kiosk", ID(1), 3, "fantastic");
    send_answer("ward7-kiosk", ID(2), 3, "hard");
    char *other = checkin(ID(3), 3, "ok", NULL);
    char *swapped = strstr(other, "shift-checkin");
    memcpy(swapped, "shift-checkup", 13);
    send_text("ward7-kiosk", "answer", other);
    free(other);
    char *text = checkin(ID(4), 3, "ok", ",\"text\":{\"comment\":\"hello\"}");
    send_text("ward7-kiosk", "answer", text);
    free(text);
    /* Another content version is normal: an older pack on the kiosk. */
    char *older = checkin(ID(6), 4, "good", NULL);
    memcpy(strstr(older, "2026.11-sample"), "2025.01-sample", 14);
    send_text("ward7-kiosk", "answer", older);
    free(older);
    assert_int_equal(intake_flush(in, WALL), SR_OK);
    assert_true(reason_kept("$.body.option: 'fantastic' is not an option of question 'shift'"));
    assert_true(reason_kept("$.body.score: 3 does not match option 'hard' (score 2)"));
    assert_true(reason_kept("$.body.question_set: unknown question set 'shift-checkup' (this "
                            "collector knows 'shift-checkin')"));
    assert_true(reason_kept("$.body.text.comment: question set 'shift-checkin' has no such "
                            "free-text question"));
    assert_int_equal(query_int("SELECT count(*) FROM answer WHERE id = '" ID(6) "'"), 1);
    assert_int_equal(acks.n, 1);
    assert_int_equal(acks.ack[0].n_refused, 4);
    assert_int_equal(acks.ack[0].n_stored, 1);
}

static void test_unknown_and_revoked_devices(void **state)
{
    (void)state;
    send_answer("stranger", ID(1), 2, "hard");
    send_answer("old-kiosk", ID(2), 2, "hard");
    send_text("stranger", "status", "{\"v\":1,\"online\":true}");
    assert_int_equal(intake_flush(in, WALL), SR_OK);
    assert_int_equal(query_int("SELECT count(*) FROM answer"), 0);
    assert_int_equal(query_int("SELECT count(*) FROM dead_letter WHERE device = 'stranger' AND "
                               "reason = 'device not in the registry'"),
                     2);
    assert_int_equal(query_int("SELECT count(*) FROM dead_letter WHERE device = 'stranger' AND "
                               "answer_id = '" ID(1) "'"),
                     1);
    assert_true(reason_kept("device revoked"));
    /* The revoked kiosk is told to stop; the unknown one keeps its answer
     * until provisioning has added it. */
    assert_int_equal(acks.n, 1);
    assert_string_equal(acks.topic[0], "staffroom/v1/kiosk/old-kiosk/ack");
    assert_int_equal(acks.ack[0].n_refused, 1);
}

static void test_bad_topics_sizes_and_statuses_are_kept_not_fatal(void **state)
{
    (void)state;
    static char big[WIRE_ANSWER_MAX_BYTES + 100];
    memset(big, ' ', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    send_text("ward7-kiosk", "answer", big);
    assert_int_equal(intake_receive(in, "staffroom/v1/kiosk/Not_A_Device/answer", "{}", 2, false,
                                    1000, WALL),
                     SR_OK);
    assert_int_equal(intake_receive(in, "staffroom/v1/kiosk/ward7-kiosk/ack", "{}", 2, false, 1000,
                                    WALL),
                     SR_OK);
    send_text("ward7-kiosk", "status", "{\"v\":1,\"online\":\"yes\"}");
    send_text("ward7-kiosk", "status", "");
    send_text("ward7-kiosk", "status", "{\"v\":1,\"online\":true,\"waiting\":3}");
    assert_int_equal(intake_flush(in, WALL), SR_OK);
    char reason[64];
    snprintf(reason, sizeof reason, "too large (%d bytes; the limit is %d)",
             WIRE_ANSWER_MAX_BYTES + 99, WIRE_ANSWER_MAX_BYTES);
    assert_true(reason_kept(reason));
    assert_int_equal(query_int("SELECT length(raw) FROM dead_letter"
                               " WHERE reason LIKE 'too large%'"),
                     64);
    assert_int_equal(query_int("SELECT count(*) FROM dead_letter WHERE device IS NULL"), 1);
    assert_int_equal(query_int("SELECT count(*) FROM dead_letter"), 5);
    assert_int_equal(query_int("SELECT waiting FROM device WHERE id = 'ward7-kiosk'"), 3);
    const intake_counts *c = intake_get_counts(in);
    assert_int_equal(c->received, 6);
    assert_int_equal(c->dead_letters, 5);
    assert_int_equal(c->statuses, 1);
    assert_int_equal(acks.n, 0);
}

static void test_a_full_batch_commits_at_once(void **state)
{
    (void)state;
    intake_destroy(in);
    make_intake(3, 10000);
    char id[WIRE_ID_HEX];
    for (int i = 0; i < 7; i++) {
        snprintf(id, sizeof id, "%032x", 0xb000 + i);
        assert_int_equal(send_answer("ward7-kiosk", id, 3, "ok"), SR_OK);
        intake_check(in);
    }
    /* Two full batches of three went through; the seventh waits. */
    assert_int_equal(query_int("SELECT count(*) FROM answer"), 6);
    assert_int_equal(acks.n, 2);
    assert_int_equal(intake_pending(in), 1);
    assert_int_equal(intake_get_counts(in)->batches, 2);
}

static void test_many_ids_are_split_over_acknowledgements(void **state)
{
    (void)state;
    intake_destroy(in);
    make_intake(WIRE_ACK_MAX_IDS + 200, 10000);
    char id[WIRE_ID_HEX];
    for (int i = 0; i < WIRE_ACK_MAX_IDS + 10; i++) {
        snprintf(id, sizeof id, "%032x", 0xc000 + i);
        send_answer("ward7-kiosk", id, 3, "ok");
    }
    assert_int_equal(intake_flush(in, WALL), SR_OK);
    assert_int_equal(acks.n, 2);
    assert_int_equal(acks.ack[0].n_stored + acks.ack[1].n_stored, WIRE_ACK_MAX_IDS + 10);
}

/* The store fails (another writer holds the lock): nothing is acknowledged,
 * and the messages are counted as dropped, not lost silently. */
static void test_a_failed_commit_acknowledges_nothing(void **state)
{
    (void)state;
    sqlite3 *other = NULL;
    assert_int_equal(sqlite3_open(sqlite3_db_filename(collector_store_db(store), "main"), &other),
                     SQLITE_OK);
    assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_busy_timeout(collector_store_db(store), 0);
    send_answer("ward7-kiosk", ID(1), 2, "hard");
    assert_int_equal(intake_flush(in, WALL), SR_E_BUSY);
    assert_int_equal(acks.n, 0);
    const intake_counts *c = intake_get_counts(in);
    assert_int_equal(c->dropped, 1);
    assert_int_equal(c->store_failures, 1);
    sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(other);
    /* The kiosk sends it again: now it goes through. */
    send_answer("ward7-kiosk", ID(1), 2, "hard");
    assert_int_equal(intake_flush(in, WALL), SR_OK);
    assert_int_equal(acks.n, 1);
    fflush(log_out);
    assert_non_null(strstr(log_text, "1 messages not acknowledged"));
    intake_check(in);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, set_up, tear_down)
    const struct CMUnitTest tests[] = {
        T(test_an_answer_is_acknowledged_only_after_it_is_committed),
        T(test_a_resent_answer_is_stored_once_and_acknowledged_again),
        T(test_acknowledgements_go_to_each_device_with_its_own_ids),
        T(test_malformed_answers_are_dead_lettered_with_the_wire_reason),
        T(test_answers_that_do_not_fit_the_content_are_refused),
        T(test_unknown_and_revoked_devices),
        T(test_bad_topics_sizes_and_statuses_are_kept_not_fatal),
        T(test_a_full_batch_commits_at_once),
        T(test_many_ids_are_split_over_acknowledgements),
        T(test_a_failed_commit_acknowledges_nothing),
    };
    return cmocka_run_group_tests_name("collector intake", tests, NULL, NULL);
}
