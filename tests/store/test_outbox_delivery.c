/* test_outbox_delivery.c -- what the forwarder does to the outbox
 * (app/store/outbox_delivery.c), on real SQLite files.
 *
 * What a user would notice: an answer whose time is still unknown must not
 * leave before the clock is set; a batch of acknowledgements must delete
 * exactly the confirmed answers; toolkit counts must reach the collector
 * once each -- none lost, none twice, and openings counted after a count
 * was sealed start a new one; and a full disk or failing card in the middle
 * of any batch must leave the queue as it was (injected through the
 * "faulty" VFS at every write and sync the operation makes). The sealed
 * "use" entries also go through the wire encoder and decoder, because that
 * is the body the collector will check.
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

#include "faultvfs.h"
#include "outbox_fixture.h"
#include "store/outbox.h"
#include "testutil.h"
#include "wire/wire.h"

#define DAY0 ((int64_t)1763769600) /* 2025-11-22 00:00 UTC */
#define T0 (DAY0 + 10 * 3600 + 1234)
#define MAX_ENTRIES 64
#define MAX_SWEEP 64

typedef outbox_fixture fixture;

static sysclock_reading synced_at(int64_t real)
{
    sysclock_reading r = {.real_seconds = real, .synced = true, .mono_ms = 7200000};
    snprintf(r.boot_id, sizeof r.boot_id, "boot-now");
    return r;
}

static sysclock_reading unsynced(const char *boot)
{
    sysclock_reading r = {.real_seconds = 1000, .synced = false, .mono_ms = 600000};
    snprintf(r.boot_id, sizeof r.boot_id, "%s", boot);
    return r;
}

static void put(fixture *f, const char *payload, const sysclock_reading *clock,
                char id[OUTBOX_ID_HEX])
{
    if (outbox_put(f->ob, "answer", payload, clock, id) != SR_OK)
        fail_msg("outbox_put: %s", outbox_last_error(f->ob));
}

static void count_use(fixture *f, const char *item, const sysclock_reading *clock, int times)
{
    for (int i = 0; i < times; i++)
        if (outbox_count_use(f->ob, item, clock) != SR_OK)
            fail_msg("outbox_count_use: %s", outbox_last_error(f->ob));
}

/* Everything in the file, as one string, through a second plain
 * connection: what "the queue is unchanged" compares. */
static char *snapshot(const char *path)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    const char *sql =
        "SELECT ifnull((SELECT group_concat(row, ';') FROM (SELECT id || '|' || kind || '|' ||"
        " payload || '|' || ifnull(period_start, '-') || '|' || ifnull(shift, '-') || '|' ||"
        " clock || '|' || ifnull(sent_at, '-') AS row FROM answer ORDER BY id)), '') || '#' ||"
        " ifnull((SELECT group_concat(row, ';') FROM (SELECT day || '|' || item || '|' || count"
        " AS row FROM item_use ORDER BY day, item)), '')";
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW)
        fail_msg("%s: %s", path, sqlite3_errmsg(db));
    char *copy = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(db);
    assert_non_null(copy);
    return copy;
}

static int64_t raw_int(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s: %s", path, sql, sqlite3_errmsg(db));
    int64_t value = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    sqlite3_close(db);
    return value;
}

/* ---- take, mark and confirm ------------------------------------------- */

static void test_deliverable_leaves_out_answers_awaiting_the_clock(void **state)
{
    (void)state;
    fixture f;
    outbox_fixture_open(&f, "deliverable");
    sysclock_reading now = synced_at(T0), early = unsynced("boot-old");
    char synced_id[OUTBOX_ID_HEX], old_boot_id[OUTBOX_ID_HEX], pending_id[OUTBOX_ID_HEX];
    put(&f, "{\"a\":1}", &early, old_boot_id);
    assert_int_equal(outbox_fix_clock(f.ob, &now, NULL, NULL), SR_OK); /* old boot: UNKNOWN */
    put(&f, "{\"a\":2}", &now, synced_id);
    sysclock_reading this_boot = unsynced("boot-now");
    put(&f, "{\"a\":3}", &this_boot, pending_id);

    outbox_entry e[MAX_ENTRIES];
    int n = -1;
    assert_int_equal(outbox_take_unsent(f.ob, MAX_ENTRIES, e, &n), SR_OK);
    assert_int_equal(n, 3); /* take_unsent still sees everything */
    outbox_entries_free(e, n);
    assert_int_equal(outbox_take_deliverable(f.ob, MAX_ENTRIES, e, &n), SR_OK);
    assert_int_equal(n, 2);
    /* Oldest first: the time known, then the time never known. */
    assert_string_equal(e[0].id, synced_id);
    assert_int_equal(e[0].clock, OUTBOX_CLOCK_SYNCED);
    assert_string_equal(e[1].id, old_boot_id);
    assert_int_equal(e[1].clock, OUTBOX_CLOCK_UNKNOWN);
    outbox_entries_free(e, n);
    assert_int_equal(outbox_take_deliverable(f.ob, 1, e, &n), SR_OK);
    assert_int_equal(n, 1);
    outbox_entries_free(e, n);
    assert_int_equal(outbox_take_deliverable(f.ob, 0, e, &n), SR_OK);
    assert_int_equal(n, 0);

    /* Once the clock is set the pending answer is filed and goes too. */
    sysclock_reading later = synced_at(T0 + 600);
    snprintf(later.boot_id, sizeof later.boot_id, "boot-now");
    assert_int_equal(outbox_fix_clock(f.ob, &later, NULL, NULL), SR_OK);
    assert_int_equal(outbox_take_deliverable(f.ob, MAX_ENTRIES, e, &n), SR_OK);
    assert_int_equal(n, 3);
    outbox_entries_free(e, n);
    outbox_close(f.ob);
}

static void test_mark_and_confirm_in_batches(void **state)
{
    (void)state;
    fixture f;
    outbox_fixture_open(&f, "batches");
    sysclock_reading now = synced_at(T0);
    char ids[6][OUTBOX_ID_HEX];
    for (int i = 0; i < 5; i++)
        put(&f, "{\"batch\":true}", &now, ids[i]);
    snprintf(ids[5], OUTBOX_ID_HEX, "%s", "00000000000000000000000000000000"); /* not there */

    assert_int_equal(outbox_mark_sent_many(f.ob, (const char(*)[OUTBOX_ID_HEX])ids, 6, T0 + 5),
                     SR_OK);
    outbox_stats st;
    assert_int_equal(outbox_get_stats(f.ob, &st), SR_OK);
    assert_int_equal(st.sent, 5);
    assert_int_equal(st.unsent, 0);
    outbox_entry e[MAX_ENTRIES];
    int n = -1;
    assert_int_equal(outbox_take_deliverable(f.ob, MAX_ENTRIES, e, &n), SR_OK);
    assert_int_equal(n, 0); /* sent: not sent again before the timeout */
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM answer WHERE sent_at = %lld",
             (long long)(T0 + 5));
    assert_int_equal(raw_int(f.path, sql), 5);

    /* The acknowledgement for three of them, one twice, and a stranger. */
    char acked[5][OUTBOX_ID_HEX];
    memcpy(acked[0], ids[0], OUTBOX_ID_HEX);
    memcpy(acked[1], ids[2], OUTBOX_ID_HEX);
    memcpy(acked[2], ids[2], OUTBOX_ID_HEX);
    memcpy(acked[3], ids[4], OUTBOX_ID_HEX);
    memcpy(acked[4], ids[5], OUTBOX_ID_HEX);
    int deleted = -1;
    assert_int_equal(outbox_confirm_many(f.ob, (const char(*)[OUTBOX_ID_HEX])acked, 5, &deleted),
                     SR_OK);
    assert_int_equal(deleted, 3);
    assert_int_equal(outbox_get_stats(f.ob, &st), SR_OK);
    assert_int_equal(st.sent, 2);
    /* The same acknowledgement again (a duplicate): nothing more goes. */
    assert_int_equal(outbox_confirm_many(f.ob, (const char(*)[OUTBOX_ID_HEX])acked, 5, &deleted),
                     SR_OK);
    assert_int_equal(deleted, 0);
    /* The two unconfirmed come back after the timeout. */
    int resent = 0;
    assert_int_equal(outbox_resend_stale(f.ob, T0 + 5 + 60, 60, &resent), SR_OK);
    assert_int_equal(resent, 2);
    assert_int_equal(outbox_take_deliverable(f.ob, MAX_ENTRIES, e, &n), SR_OK);
    assert_int_equal(n, 2);
    assert_true((strcmp(e[0].id, ids[1]) == 0 && strcmp(e[1].id, ids[3]) == 0) ||
                (strcmp(e[0].id, ids[3]) == 0 && strcmp(e[1].id, ids[1]) == 0));
    outbox_entries_free(e, n);

    /* Empty batches are no-ops; nonsense is refused with a reason. */
    assert_int_equal(outbox_mark_sent_many(f.ob, NULL, 0, T0), SR_OK);
    assert_int_equal(outbox_confirm_many(f.ob, NULL, 0, NULL), SR_OK);
    assert_int_equal(outbox_confirm_many(f.ob, NULL, 2, &deleted), SR_E_INVALID);
    assert_non_null(strstr(outbox_last_error(f.ob), "deleting confirmed answers"));
    assert_int_equal(outbox_mark_sent_many(f.ob, (const char(*)[OUTBOX_ID_HEX])ids, -1, T0),
                     SR_E_INVALID);
    assert_int_equal(outbox_check(f.ob), SR_OK);
    outbox_close(f.ob);
}

/* ---- sealing toolkit counts ----------------------------------------- */

typedef struct sealed_use {
    int64_t period;
    outbox_clock clock;
    char item[64];
    int64_t count;
} sealed_use;

/* Every "use" entry waiting in the outbox, decoded from its payload. */
static int read_uses(fixture *f, sealed_use *out, int max)
{
    outbox_entry e[MAX_ENTRIES];
    int n = 0, uses = 0;
    assert_int_equal(outbox_take_unsent(f->ob, MAX_ENTRIES, e, &n), SR_OK);
    for (int i = 0; i < n && uses < max; i++) {
        if (strcmp(e[i].kind, "use") != 0)
            continue;
        cJSON *body = cJSON_Parse(e[i].payload);
        assert_non_null(body);
        assert_int_equal(cJSON_GetObjectItemCaseSensitive(body, "v")->valueint, 1);
        assert_string_equal(cJSON_GetObjectItemCaseSensitive(body, "kind")->valuestring, "use");
        sealed_use *u = &out[uses++];
        snprintf(u->item, sizeof u->item, "%s",
                 cJSON_GetObjectItemCaseSensitive(body, "item")->valuestring);
        u->count = (int64_t)cJSON_GetObjectItemCaseSensitive(body, "count")->valuedouble;
        u->period = e[i].period_start;
        u->clock = e[i].clock;
        assert_string_equal(e[i].shift, ""); /* a whole day has no shift */
        cJSON_Delete(body);
    }
    outbox_entries_free(e, n);
    return uses;
}

static const sealed_use *find_use(const sealed_use *uses, int n, const char *item, int64_t period)
{
    for (int i = 0; i < n; i++)
        if (strcmp(uses[i].item, item) == 0 && uses[i].period == period)
            return &uses[i];
    return NULL;
}

static void test_seal_moves_counts_into_the_queue(void **state)
{
    (void)state;
    fixture f;
    outbox_fixture_open(&f, "seal");
    sysclock_reading monday = synced_at(T0), tuesday = synced_at(T0 + 86400);
    sysclock_reading early = unsynced("boot-now");
    count_use(&f, "yoga-classes", &monday, 3);
    count_use(&f, "samaritans", &monday, 1);
    count_use(&f, "yoga-classes", &tuesday, 2);
    count_use(&f, "body-scan", &early, 4);
    int sealed = -1;
    assert_int_equal(outbox_seal_use(f.ob, &sealed), SR_OK);
    assert_int_equal(sealed, 4);

    sealed_use uses[16];
    assert_int_equal(read_uses(&f, uses, 16), 4);
    const sealed_use *u = find_use(uses, 4, "yoga-classes", DAY0);
    assert_non_null(u);
    assert_int_equal(u->count, 3);
    assert_int_equal(u->clock, OUTBOX_CLOCK_SYNCED);
    assert_non_null(u = find_use(uses, 4, "yoga-classes", DAY0 + 86400));
    assert_int_equal(u->count, 2);
    assert_non_null(u = find_use(uses, 4, "samaritans", DAY0));
    assert_int_equal(u->count, 1);
    assert_non_null(u = find_use(uses, 4, "body-scan", 0));
    assert_int_equal(u->count, 4);
    assert_int_equal(u->clock, OUTBOX_CLOCK_UNKNOWN); /* counted before the clock was set */
    /* The counters are gone with the seal: nothing can be delivered twice. */
    int64_t count = -1;
    assert_int_equal(outbox_get_use(f.ob, "yoga-classes", &monday, &count), SR_OK);
    assert_int_equal(count, 0);
    assert_int_equal(raw_int(f.path, "SELECT count(*) FROM item_use"), 0);

    /* Openings after the seal start a new counter, sealed separately. */
    count_use(&f, "yoga-classes", &monday, 1);
    assert_int_equal(outbox_get_use(f.ob, "yoga-classes", &monday, &count), SR_OK);
    assert_int_equal(count, 1);
    assert_int_equal(outbox_seal_use(f.ob, &sealed), SR_OK);
    assert_int_equal(sealed, 1);
    assert_int_equal(read_uses(&f, uses, 16), 5);
    int64_t monday_yoga = 0;
    for (int i = 0; i < 5; i++)
        if (strcmp(uses[i].item, "yoga-classes") == 0 && uses[i].period == DAY0)
            monday_yoga += uses[i].count;
    assert_int_equal(monday_yoga, 4); /* 3 + 1: every opening, once */
    /* Nothing to seal: nothing made. */
    assert_int_equal(outbox_seal_use(f.ob, &sealed), SR_OK);
    assert_int_equal(sealed, 0);
    assert_int_equal(outbox_check(f.ob), SR_OK);
    outbox_close(f.ob);
}

/* What the forwarder will send for each deliverable entry must be what the
 * collector accepts: answers and sealed counts through wire.h and back. */
static void test_entries_survive_the_wire(void **state)
{
    (void)state;
    fixture f;
    outbox_fixture_open(&f, "wire");
    sysclock_reading now = synced_at(T0), early = unsynced("boot-now");
    const char *body = "{\"v\":1,\"kind\":\"answer\",\"question_set\":\"shift-checkin\","
                       "\"content_version\":\"2026.11-sample\",\"lang\":\"en\",\"score\":4,"
                       "\"option\":\"good\",\"followups\":{\"affected\":[],\"helped\":"
                       "[\"my-team\"]}}";
    put(&f, body, &now, NULL);
    count_use(&f, "staff-app", &now, 7);
    count_use(&f, "shout", &early, 1);
    assert_int_equal(outbox_seal_use(f.ob, NULL), SR_OK);

    outbox_entry e[MAX_ENTRIES];
    int n = 0, uses = 0;
    assert_int_equal(outbox_take_deliverable(f.ob, MAX_ENTRIES, e, &n), SR_OK);
    assert_int_equal(n, 3);
    for (int i = 0; i < n; i++) {
        wire_outgoing row = {.id = e[i].id, .body = e[i].payload, .period = e[i].period_start,
                             .shift = e[i].shift,
                             .clock = e[i].clock == OUTBOX_CLOCK_SYNCED ? WIRE_CLOCK_SYNCED
                                                                        : WIRE_CLOCK_UNKNOWN};
        char *message = wire_answer_encode(&row);
        assert_non_null(message);
        wire_answer a;
        char id[WIRE_ID_HEX], reason[WIRE_REASON_MAX];
        if (wire_answer_decode(message, strlen(message), &a, id, reason, sizeof reason) != SR_OK)
            fail_msg("%s: %s", message, reason);
        assert_string_equal(a.id, e[i].id);
        assert_int_equal(a.period, e[i].clock == OUTBOX_CLOCK_SYNCED ? e[i].period_start : 0);
        if (a.kind == WIRE_KIND_USE) {
            uses++;
            assert_int_equal(a.count, strcmp(a.item, "staff-app") == 0 ? 7 : 1);
            assert_string_equal(a.shift, "");
        } else {
            assert_string_equal(a.option, "good");
            assert_string_equal(a.shift, "day");
        }
        wire_answer_free(&a);
        free(message);
    }
    assert_int_equal(uses, 2);
    outbox_entries_free(e, n);
    outbox_close(f.ob);
}

/* ---- faults ------------------------------------------------------------ */

typedef sr_status (*batch_fn)(fixture *f, void *arg);

/* Runs op with the 1st, 2nd, ... write or sync failing, until a run no
 * longer reaches the fault. Each failed run must leave the file exactly as
 * before; the run that succeeds must leave it as after (expected by
 * verify). Returns how many faults were injected. */
static int sweep(fixture *f, int code, sr_status expected, batch_fn op, void *arg)
{
    char *before = snapshot(f->path);
    for (int n = 1; n <= MAX_SWEEP; n++) {
        faultvfs_arm(FAULTVFS_WRITES_AND_SYNCS, n, code, true);
        sr_status status = op(f, arg);
        bool fired = faultvfs_fired();
        faultvfs_disarm();
        if (!fired) {
            if (status != SR_OK)
                fail_msg("no fault, yet: %s", outbox_last_error(f->ob));
            char *after = snapshot(f->path);
            assert_string_not_equal(after, before); /* it did something */
            free(after);
            free(before);
            assert_int_equal(outbox_check(f->ob), SR_OK);
            return n - 1;
        }
        if (status == SR_OK) { /* the fault hit something that did not matter */
            free(before);
            return n;
        }
        if (status != expected)
            fail_msg("fault %d: %s (%s), expected %s", n, sr_status_str(status),
                     outbox_last_error(f->ob), sr_status_str(expected));
        char *now = snapshot(f->path);
        if (strcmp(now, before) != 0)
            fail_msg("fault %d: %s, yet the queue changed:\n  before %s\n  after  %s", n,
                     outbox_last_error(f->ob), before, now);
        free(now);
        assert_int_equal(outbox_check(f->ob), SR_OK);
    }
    fail_msg("still hitting a fault after %d writes and syncs", MAX_SWEEP);
    return -1;
}

typedef struct batch {
    char ids[8][OUTBOX_ID_HEX];
    int n;
} batch;

static sr_status op_mark(fixture *f, void *arg)
{
    batch *b = arg;
    return outbox_mark_sent_many(f->ob, (const char(*)[OUTBOX_ID_HEX])b->ids, b->n, T0 + 60);
}

static sr_status op_confirm(fixture *f, void *arg)
{
    batch *b = arg;
    return outbox_confirm_many(f->ob, (const char(*)[OUTBOX_ID_HEX])b->ids, b->n, NULL);
}

static sr_status op_seal(fixture *f, void *arg)
{
    (void)arg;
    return outbox_seal_use(f->ob, NULL);
}

static void sweep_all(int code, sr_status expected)
{
    fixture f;
    outbox_fixture_open(&f, "faults");
    sysclock_reading now = synced_at(T0), early = unsynced("boot-now");
    batch b = {.n = 8};
    for (int i = 0; i < b.n; i++)
        put(&f, "{\"kept\":true}", i % 2 ? &now : &early, b.ids[i]);
    count_use(&f, "yoga-classes", &now, 5);
    count_use(&f, "samaritans", &early, 2);

    assert_true(sweep(&f, code, expected, op_mark, &b) >= 2);
    assert_int_equal(raw_int(f.path, "SELECT count(*) FROM answer WHERE sent_at IS NOT NULL"), 8);
    assert_true(sweep(&f, code, expected, op_seal, NULL) >= 2);
    /* Every opening is still counted exactly once, now as entries. */
    assert_int_equal(raw_int(f.path, "SELECT count(*) FROM item_use"), 0);
    assert_int_equal(raw_int(f.path, "SELECT sum(json_extract(payload, '$.count')) FROM answer"
                                     " WHERE kind = 'use'"),
                     7);
    b.n = 6; /* the collector confirms six of the eight answers */
    assert_true(sweep(&f, code, expected, op_confirm, &b) >= 2);
    assert_int_equal(raw_int(f.path, "SELECT count(*) FROM answer WHERE kind = 'answer'"), 2);
    outbox_close(f.ob);
}

static void test_faults_leave_the_queue_unchanged_disk_full(void **state)
{
    (void)state;
    sweep_all(SQLITE_FULL, SR_E_FULL);
}

static void test_faults_leave_the_queue_unchanged_io_error(void **state)
{
    (void)state;
    sweep_all(SQLITE_IOERR_WRITE, SR_E_IO);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        OUTBOX_FIXTURE_TEST(test_deliverable_leaves_out_answers_awaiting_the_clock),
        OUTBOX_FIXTURE_TEST(test_mark_and_confirm_in_batches),
        OUTBOX_FIXTURE_TEST(test_seal_moves_counts_into_the_queue),
        OUTBOX_FIXTURE_TEST(test_entries_survive_the_wire),
        OUTBOX_FIXTURE_TEST(test_faults_leave_the_queue_unchanged_disk_full),
        OUTBOX_FIXTURE_TEST(test_faults_leave_the_queue_unchanged_io_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
