/* test_collector_store.c -- the collector's batches on a real SQLite file:
 * an answer id is stored once however often it comes; a batch commits
 * exactly what its outcomes say (and nothing when it fails); the rollups
 * the reports read match the raw answers; refused messages are kept with
 * their reason and their first bytes; status messages keep the device table.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "collector/collector_schema.h"
#include "collector/collector_store.h"
#include "testutil.h"

/* 2025-11-22 10:00 UTC, a whole hour. */
#define PERIOD0 ((int64_t)1763805600)
#define NOW (PERIOD0 + 7 * 3600 + 1234)

static collector_store *store;
static char err[1024];

static int set_up(void **state)
{
    (void)state;
    char dir[2048], path[2200];
    testutil_fresh_dir(dir, sizeof dir, "store");
    snprintf(path, sizeof path, "%s/collector.db", dir);
    assert_int_equal(collector_store_open(path, &store, err, sizeof err), SR_OK);
    return 0;
}

static int tear_down(void **state)
{
    (void)state;
    collector_store_close(store);
    store = NULL;
    return 0;
}

static void place(store_item *item, const char *device, const char *site, const char *area)
{
    snprintf(item->place.device, sizeof item->place.device, "%s", device);
    snprintf(item->place.site, sizeof item->place.site, "%s", site);
    snprintf(item->place.area, sizeof item->place.area, "%s", area);
}

/* A check-in from device at period (0: time unknown) with the given
 * follow-up choices ("affected:workload,helped:my-team"). */
static void answer(store_item *item, const char *id, const char *device, int64_t period, int score,
                   const char *choices)
{
    memset(item, 0, sizeof *item);
    item->kind = STORE_ANSWER;
    place(item, device, "St Elsewhere", device[0] == 'w' ? "Ward 7" : "ED");
    wire_answer *a = &item->answer;
    snprintf(a->id, sizeof a->id, "%s", id);
    snprintf(item->answer_id, sizeof item->answer_id, "%s", id);
    a->clock = period ? WIRE_CLOCK_SYNCED : WIRE_CLOCK_UNKNOWN;
    a->period = period;
    snprintf(a->shift, sizeof a->shift, "%s", period ? "day" : "");
    a->kind = WIRE_KIND_ANSWER;
    snprintf(a->question_set, sizeof a->question_set, "shift-checkin");
    snprintf(a->content_version, sizeof a->content_version, "2026.11-sample");
    snprintf(a->lang, sizeof a->lang, "en");
    a->score = score;
    snprintf(a->option, sizeof a->option, "opt-%d", score);
    a->choices = calloc(8, sizeof *a->choices);
    assert_non_null(a->choices);
    for (const char *p = choices; p && *p && a->n_choices < 8;) {
        wire_choice *c = &a->choices[a->n_choices++];
        sscanf(p, "%64[^:]:%64[^,]", c->question, c->option);
        p = strchr(p, ',');
        p = p ? p + 1 : "";
    }
}

static void use(store_item *item, const char *id, const char *device, int64_t day_start,
                const char *itemid, int64_t count)
{
    memset(item, 0, sizeof *item);
    item->kind = STORE_ANSWER;
    place(item, device, "St Elsewhere", "Ward 7");
    snprintf(item->answer.id, sizeof item->answer.id, "%s", id);
    snprintf(item->answer_id, sizeof item->answer_id, "%s", id);
    item->answer.kind = WIRE_KIND_USE;
    item->answer.clock = WIRE_CLOCK_SYNCED;
    item->answer.period = day_start;
    snprintf(item->answer.item, sizeof item->answer.item, "%s", itemid);
    item->answer.count = count;
}

static void dead_letter(store_item *item, const char *device, const char *reason, size_t size,
                        size_t keep)
{
    memset(item, 0, sizeof *item);
    item->kind = STORE_DEAD_LETTER;
    snprintf(item->place.device, sizeof item->place.device, "%s", device);
    char topic[128];
    snprintf(topic, sizeof topic, "staffroom/v1/kiosk/%s/answer", device);
    item->topic = strdup(topic);
    item->size = size;
    item->raw_len = keep;
    item->raw = malloc(keep + 1);
    assert_non_null(item->raw);
    for (size_t i = 0; i < keep; i++)
        item->raw[i] = (unsigned char)('a' + i % 26);
    snprintf(item->reason, sizeof item->reason, "%s", reason);
}

static void clear_all(store_item *items, int n)
{
    for (int i = 0; i < n; i++)
        store_item_clear(&items[i]);
}

static long long query_int(const char *sql)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(collector_store_db(store), sql, -1, &st, NULL), SQLITE_OK);
    int rc = sqlite3_step(st);
    long long value = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    return value;
}

static char *query_text(const char *sql, char *out, size_t size)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(collector_store_db(store), sql, -1, &st, NULL), SQLITE_OK);
    out[0] = '\0';
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        snprintf(out, size, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return out;
}

#define ID(n) "0000000000000000000000000000000" #n

static void test_an_answer_is_stored_once_however_often_it_comes(void **state)
{
    (void)state;
    store_item items[3];
    answer(&items[0], ID(1), "ward7-kiosk", PERIOD0, 2, "affected:workload,affected:breaks");
    assert_int_equal(collector_store_commit(store, items, 1, NOW, err, sizeof err), SR_OK);
    assert_int_equal(items[0].outcome, STORE_INSERTED);
    clear_all(items, 1);

    /* Sent again (the kiosk never got the acknowledgement), twice in one batch. */
    answer(&items[0], ID(1), "ward7-kiosk", PERIOD0, 2, "affected:workload,affected:breaks");
    answer(&items[1], ID(1), "ward7-kiosk", PERIOD0, 2, "affected:workload,affected:breaks");
    assert_int_equal(collector_store_commit(store, items, 2, NOW, err, sizeof err), SR_OK);
    assert_int_equal(items[0].outcome, STORE_ALREADY_HELD);
    assert_int_equal(items[1].outcome, STORE_ALREADY_HELD);
    clear_all(items, 2);

    assert_int_equal(query_int("SELECT count(*) FROM answer"), 1);
    assert_int_equal(query_int("SELECT count(*) FROM answer_choice"), 2);
    assert_int_equal(query_int("SELECT n FROM rollup"), 1);
    assert_int_equal(query_int("SELECT sum(n) FROM rollup_choice"), 2);
    /* Where it was comes from the registry entry given, never a payload. */
    char text[128];
    assert_string_equal(query_text("SELECT area FROM answer", text, sizeof text), "Ward 7");
    assert_int_equal(query_int("SELECT day FROM answer"), collector_local_day(PERIOD0));
}

static void test_a_replay_with_other_choices_counts_nothing(void **state)
{
    (void)state;
    store_item item;
    answer(&item, ID(2), "ward7-kiosk", PERIOD0, 4, "helped:my-team");
    assert_int_equal(collector_store_commit(store, &item, 1, NOW, err, sizeof err), SR_OK);
    store_item_clear(&item);
    answer(&item, ID(2), "ward7-kiosk", PERIOD0, 4, "helped:manager,helped:humour");
    assert_int_equal(collector_store_commit(store, &item, 1, NOW, err, sizeof err), SR_OK);
    assert_int_equal(item.outcome, STORE_ALREADY_HELD);
    store_item_clear(&item);
    assert_int_equal(query_int("SELECT count(*) FROM answer_choice"), 1);
    assert_int_equal(query_int("SELECT sum(n) FROM rollup_choice"), 1);
}

static void test_an_id_held_by_another_device_is_refused_and_kept(void **state)
{
    (void)state;
    store_item item;
    answer(&item, ID(3), "ward7-kiosk", PERIOD0, 3, NULL);
    assert_int_equal(collector_store_commit(store, &item, 1, NOW, err, sizeof err), SR_OK);
    store_item_clear(&item);
    answer(&item, ID(3), "ed-kiosk", PERIOD0, 1, NULL);
    assert_int_equal(collector_store_commit(store, &item, 1, NOW, err, sizeof err), SR_OK);
    assert_int_equal(item.outcome, STORE_REFUSED);
    assert_non_null(strstr(item.reason, "already stored from another device"));
    store_item_clear(&item);
    assert_int_equal(query_int("SELECT score FROM answer"), 3);
    assert_int_equal(query_int("SELECT count(*) FROM dead_letter WHERE device = 'ed-kiosk' AND "
                               "answer_id = '" ID(3) "'"),
                     1);
}

/* Mixed batch: the outcomes say exactly which rows are there. */
static void test_a_batch_commits_exactly_what_it_says(void **state)
{
    (void)state;
    store_item items[5];
    answer(&items[0], ID(4), "ward7-kiosk", PERIOD0, 5, NULL);
    use(&items[1], ID(5), "ward7-kiosk", PERIOD0 - 10 * 3600, "body-scan", 3);
    dead_letter(&items[2], "ward7-kiosk", "not JSON", 10, 10);
    /* The database refuses this row (count must be at least 1): only it is
     * taken back, as a dead letter; the rest of the batch stands. */
    use(&items[3], ID(6), "ward7-kiosk", PERIOD0, "body-scan", 0);
    answer(&items[4], ID(7), "ed-kiosk", 0, 1, NULL);
    assert_int_equal(collector_store_commit(store, items, 5, NOW, err, sizeof err), SR_OK);
    assert_int_equal(items[0].outcome, STORE_INSERTED);
    assert_int_equal(items[1].outcome, STORE_INSERTED);
    assert_int_equal(items[2].outcome, STORE_KEPT);
    assert_int_equal(items[3].outcome, STORE_REFUSED);
    assert_non_null(strstr(items[3].reason, "the store refused it"));
    assert_int_equal(items[4].outcome, STORE_INSERTED);
    clear_all(items, 5);
    assert_int_equal(query_int("SELECT count(*) FROM answer"), 2);
    assert_int_equal(query_int("SELECT count(*) FROM item_use"), 1);
    assert_int_equal(query_int("SELECT count(*) FROM dead_letter"), 2);
    assert_int_equal(query_int("SELECT count(*) FROM dead_letter WHERE answer_id = '" ID(6) "'"),
                     1);
    /* A kiosk that never knew the time: no period, day -1. */
    assert_int_equal(query_int("SELECT day FROM answer WHERE id = '" ID(7) "'"), -1);
    assert_int_equal(query_int("SELECT period IS NULL FROM answer WHERE id = '" ID(7) "'"), 1);
    assert_int_equal(query_int("SELECT count FROM rollup_use"), 3);
}

/* Another writer holds the lock: the batch fails whole, nothing is marked. */
static void test_a_failed_batch_leaves_nothing_and_marks_nothing(void **state)
{
    (void)state;
    sqlite3 *other = NULL;
    const char *path = sqlite3_db_filename(collector_store_db(store), "main");
    assert_int_equal(sqlite3_open(path, &other), SQLITE_OK);
    assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_busy_timeout(collector_store_db(store), 0);

    store_item items[2];
    answer(&items[0], ID(8), "ward7-kiosk", PERIOD0, 2, "affected:rota");
    dead_letter(&items[1], "ward7-kiosk", "bad", 3, 3);
    assert_int_equal(collector_store_commit(store, items, 2, NOW, err, sizeof err), SR_E_BUSY);
    assert_non_null(strstr(err, "storing a batch of 2 messages"));
    assert_int_equal(items[0].outcome, STORE_PENDING);
    assert_int_equal(items[1].outcome, STORE_PENDING);

    assert_int_equal(sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(other);
    assert_int_equal(query_int("SELECT count(*) FROM answer"), 0);
    assert_int_equal(query_int("SELECT count(*) FROM dead_letter"), 0);
    /* The same batch goes through once the lock is gone. */
    assert_int_equal(collector_store_commit(store, items, 2, NOW, err, sizeof err), SR_OK);
    assert_int_equal(items[0].outcome, STORE_INSERTED);
    clear_all(items, 2);
    assert_int_equal(query_int("SELECT count(*) FROM answer"), 1);
}

/* The triggers' rollups agree with the raw rows, group by group. */
static void test_rollups_match_the_answers(void **state)
{
    (void)state;
    static const char *const choices[] = {"affected:workload", "affected:workload,helped:my-team",
                                          "", "helped:fresh-air,affected:rota"};
    store_item items[40];
    char id[WIRE_ID_HEX];
    for (int i = 0; i < 40; i++) {
        snprintf(id, sizeof id, "%032x", 0x1000 + i);
        int64_t period = i % 7 == 0 ? 0 : PERIOD0 + (int64_t)(i % 3) * 86400 + (i % 2) * 3600;
        answer(&items[i], id, i % 2 ? "ward7-kiosk" : "ed-kiosk", period, 1 + i % 5,
               choices[i % 4]);
    }
    assert_int_equal(collector_store_commit(store, items, 20, NOW, err, sizeof err), SR_OK);
    assert_int_equal(collector_store_commit(store, items + 10, 30, NOW, err, sizeof err), SR_OK);
    clear_all(items, 40);
    assert_int_equal(query_int("SELECT count(*) FROM answer"), 40);
    assert_int_equal(query_int("SELECT sum(n) FROM rollup"), 40);
    const char *mismatch =
        "SELECT count(*) FROM ("
        " SELECT day, site, area, staff_group, shift, question_set, count(*), sum(score),"
        "  sum(score <= 2), sum(score >= 4) FROM answer"
        "  GROUP BY day, site, area, staff_group, shift, question_set"
        " EXCEPT SELECT day, site, area, staff_group, shift, question_set, n, score_sum, n_low,"
        "  n_high FROM rollup)";
    assert_int_equal(query_int(mismatch), 0);
    assert_int_equal(query_int("SELECT count(*) FROM (SELECT * FROM rollup EXCEPT"
                               " SELECT day, site, area, staff_group, shift, question_set,"
                               " count(*), sum(score), sum(score <= 2), sum(score >= 4)"
                               " FROM answer GROUP BY 1, 2, 3, 4, 5, 6)"),
                     0);
    const char *choice_mismatch =
        "SELECT count(*) FROM (SELECT a.day, a.site, a.area, a.staff_group, a.shift,"
        " a.question_set, c.question, c.option, count(*) FROM answer_choice c"
        " JOIN answer a ON a.id = c.answer_id GROUP BY 1, 2, 3, 4, 5, 6, 7, 8"
        " EXCEPT SELECT * FROM rollup_choice)";
    assert_int_equal(query_int(choice_mismatch), 0);
    assert_int_equal(query_int("SELECT sum(n) FROM rollup_choice"),
                     query_int("SELECT count(*) FROM answer_choice"));
}

static void test_dead_letters_keep_reason_size_and_capped_bytes(void **state)
{
    (void)state;
    store_item item;
    dead_letter(&item, "ward7-kiosk", "$.body.score: must be an integer 1..5, not \"3\"", 70000,
                4096);
    snprintf(item.answer_id, sizeof item.answer_id, "%s", ID(9));
    assert_int_equal(collector_store_commit(store, &item, 1, NOW, err, sizeof err), SR_OK);
    assert_int_equal(item.outcome, STORE_KEPT);
    store_item_clear(&item);
    dead_letter(&item, "", "topic is not a kiosk's answer or status topic", 0, 0);
    assert_int_equal(collector_store_commit(store, &item, 1, NOW, err, sizeof err), SR_OK);
    store_item_clear(&item);

    char text[256];
    assert_string_equal(query_text("SELECT reason FROM dead_letter WHERE seq = 1", text,
                                   sizeof text),
                        "$.body.score: must be an integer 1..5, not \"3\"");
    assert_int_equal(query_int("SELECT size FROM dead_letter WHERE seq = 1"), 70000);
    assert_int_equal(query_int("SELECT length(raw) FROM dead_letter WHERE seq = 1"), 4096);
    assert_string_equal(query_text("SELECT substr(raw, 1, 3) FROM dead_letter WHERE seq = 1", text,
                                   sizeof text),
                        "abc");
    assert_string_equal(query_text("SELECT answer_id FROM dead_letter WHERE seq = 1", text,
                                   sizeof text),
                        ID(9));
    /* Received: the hour only (a refused message may still be someone's answer). */
    assert_int_equal(query_int("SELECT received_hour FROM dead_letter WHERE seq = 1"),
                     NOW - NOW % 3600);
    /* No device named by the topic: NULL, and an empty message is still kept. */
    assert_int_equal(query_int("SELECT device IS NULL AND length(raw) = 0 FROM dead_letter"
                               " WHERE seq = 2"),
                     1);
}

static void status_item(store_item *item, const char *device, bool online, bool retained)
{
    memset(item, 0, sizeof *item);
    item->kind = STORE_STATUS;
    place(item, device, "St Elsewhere", "Ward 7");
    snprintf(item->place.staff_group, sizeof item->place.staff_group, "nursing");
    item->retained = retained;
    item->status.online = online;
    item->status.disk_free_percent = -1;
    if (online) {
        snprintf(item->status.app_version, sizeof item->status.app_version, "0.1.0");
        snprintf(item->status.content_version, sizeof item->status.content_version, "2026.11");
        item->status.waiting = 12;
        item->status.disk_free_percent = 81;
        item->status.clock_synced = true;
        item->status.uptime_minutes = 90;
    }
}

static void test_status_messages_keep_the_device_table(void **state)
{
    (void)state;
    store_item item;
    status_item(&item, "ward7-kiosk", true, false);
    assert_int_equal(collector_store_commit(store, &item, 1, NOW, err, sizeof err), SR_OK);
    assert_int_equal(item.outcome, STORE_KEPT);
    store_item_clear(&item);
    assert_int_equal(query_int("SELECT online FROM device WHERE id = 'ward7-kiosk'"), 1);
    assert_int_equal(query_int("SELECT waiting FROM device"), 12);
    assert_int_equal(query_int("SELECT disk_free_percent FROM device"), 81);
    assert_int_equal(query_int("SELECT last_seen FROM device"), NOW - NOW % 60);
    assert_int_equal(query_int("SELECT online_since FROM device"), NOW - NOW % 60);
    char text[64];
    assert_string_equal(query_text("SELECT staff_group FROM device", text, sizeof text), "nursing");

    /* The last will: offline, and what it does not say stays as it was. */
    status_item(&item, "ward7-kiosk", false, false);
    assert_int_equal(collector_store_commit(store, &item, 1, NOW + 600, err, sizeof err), SR_OK);
    store_item_clear(&item);
    assert_int_equal(query_int("SELECT online FROM device"), 0);
    assert_int_equal(query_int("SELECT online_since IS NULL FROM device"), 1);
    assert_string_equal(query_text("SELECT app_version FROM device", text, sizeof text), "0.1.0");
    assert_int_equal(query_int("SELECT last_seen FROM device"), (NOW + 600) - (NOW + 600) % 60);

    /* A retained copy delivered on subscribing is not a sighting. */
    status_item(&item, "ward7-kiosk", true, true);
    assert_int_equal(collector_store_commit(store, &item, 1, NOW + 6000, err, sizeof err), SR_OK);
    store_item_clear(&item);
    assert_int_equal(query_int("SELECT online FROM device"), 1);
    assert_int_equal(query_int("SELECT last_seen FROM device"), (NOW + 600) - (NOW + 600) % 60);
}

static void test_the_registry_is_copied_into_the_device_table(void **state)
{
    (void)state;
    char path[2048];
    testutil_path(path, sizeof path, "registry.ini");
    assert_true(testutil_write_file(path, "[ward7-kiosk]\nsite = St Elsewhere\narea = Ward 7\n"
                                          "[ed-kiosk]\nsite = St Elsewhere\narea = ED\n"
                                          "revoked = true\n"));
    registry *reg = NULL;
    assert_int_equal(registry_load(path, &reg, err, sizeof err), SR_OK);
    assert_int_equal(collector_store_sync_registry(store, reg, err, sizeof err), SR_OK);
    registry_free(reg);
    assert_int_equal(query_int("SELECT count(*) FROM device WHERE registered = 1"), 2);
    assert_int_equal(query_int("SELECT revoked FROM device WHERE id = 'ed-kiosk'"), 1);

    assert_true(testutil_write_file(path, "[ward7-kiosk]\nsite = St Elsewhere\narea = Ward 8\n"));
    assert_int_equal(registry_load(path, &reg, err, sizeof err), SR_OK);
    assert_int_equal(collector_store_sync_registry(store, reg, err, sizeof err), SR_OK);
    registry_free(reg);
    char text[64];
    assert_string_equal(query_text("SELECT area FROM device WHERE id = 'ward7-kiosk'", text,
                                   sizeof text),
                        "Ward 8");
    assert_int_equal(query_int("SELECT registered FROM device WHERE id = 'ed-kiosk'"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_an_answer_is_stored_once_however_often_it_comes,
                                        set_up, tear_down),
        cmocka_unit_test_setup_teardown(test_a_replay_with_other_choices_counts_nothing, set_up,
                                        tear_down),
        cmocka_unit_test_setup_teardown(test_an_id_held_by_another_device_is_refused_and_kept,
                                        set_up, tear_down),
        cmocka_unit_test_setup_teardown(test_a_batch_commits_exactly_what_it_says, set_up,
                                        tear_down),
        cmocka_unit_test_setup_teardown(test_a_failed_batch_leaves_nothing_and_marks_nothing,
                                        set_up, tear_down),
        cmocka_unit_test_setup_teardown(test_rollups_match_the_answers, set_up, tear_down),
        cmocka_unit_test_setup_teardown(test_dead_letters_keep_reason_size_and_capped_bytes,
                                        set_up, tear_down),
        cmocka_unit_test_setup_teardown(test_status_messages_keep_the_device_table, set_up,
                                        tear_down),
        cmocka_unit_test_setup_teardown(test_the_registry_is_copied_into_the_device_table, set_up,
                                        tear_down),
    };
    return cmocka_run_group_tests_name("collector store", tests, NULL, NULL);
}
