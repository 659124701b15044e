/* test_outbox.c -- the kiosk's outbox on real SQLite files: an answer goes
 * in, comes out oldest first, is marked sent, resent after a timeout and
 * deleted on confirmation; it is stored without its exact time or any trace
 * of the order of arrival; answers made before the clock was set get their
 * time later (or are marked unknown); files from other versions are
 * migrated or refused; toolkit counters count per item per day.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "store/outbox.h"
#include "testutil.h"

/* 2024-03-05 00:00:00 UTC. */
#define DAY0 ((int64_t)1709596800)
#define AT(h, m, s) (DAY0 + (int64_t)(h) * 3600 + (int64_t)(m) * 60 + (s))
#define DAY 86400

static const char *const PAYLOAD =
    "{\"set\":\"shift-checkin\",\"mood\":4,\"affected\":[\"workload\",\"team\"],"
    "\"helped\":[\"break\"],\"lang\":\"en\"}";

static sysclock_reading synced_at(int64_t real, int offset)
{
    sysclock_reading r = {.real_seconds = real, .utc_offset_seconds = offset, .synced = true,
                          .mono_ms = 3600000};
    snprintf(r.boot_id, sizeof r.boot_id, "boot-now");
    return r;
}

static sysclock_reading unsynced(const char *boot, int64_t mono_ms)
{
    /* A stale wall clock, as a Pi without a real-time clock boots with. */
    sysclock_reading r = {.real_seconds = 86400 * 365, .utc_offset_seconds = 0, .synced = false,
                          .mono_ms = mono_ms};
    snprintf(r.boot_id, sizeof r.boot_id, "%s", boot);
    return r;
}

/* A fresh outbox file named name in the scratch folder. */
static outbox *open_fresh(const char *name, char *path, size_t path_size,
                          const privacy_policy *policy)
{
    char dir[2048];
    testutil_fresh_dir(dir, sizeof dir, name);
    snprintf(path, path_size, "%s/outbox.db", dir);
    privacy_policy defaults;
    privacy_policy_defaults(&defaults);
    outbox *ob = NULL;
    char err[512];
    sr_status status = outbox_open(path, policy ? policy : &defaults, &ob, err, sizeof err);
    if (status != SR_OK)
        fail_msg("outbox_open(%s): %s", path, err);
    return ob;
}

static outbox *reopen(const char *path)
{
    privacy_policy defaults;
    privacy_policy_defaults(&defaults);
    outbox *ob = NULL;
    char err[512];
    if (outbox_open(path, &defaults, &ob, err, sizeof err) != SR_OK)
        fail_msg("reopening %s: %s", path, err);
    return ob;
}

/* A second, plain SQLite connection to look at what is really on disk. */
static sqlite3 *raw_open(const char *path)
{
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
        fail_msg("sqlite3_open %s: %s", path, sqlite3_errmsg(db));
    return db;
}

static int64_t raw_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    int64_t value = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -999;
    sqlite3_finalize(st);
    return value;
}

static void raw_exec(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s: %s", sql, msg);
}

static void put_ok(outbox *ob, const char *payload, sysclock_reading clock, char *id)
{
    sr_status status = outbox_put(ob, "answer", payload, &clock, id);
    if (status != SR_OK)
        fail_msg("outbox_put: %s", outbox_last_error(ob));
}

static void check_ok(outbox *ob)
{
    if (outbox_check(ob) != SR_OK)
        fail_msg("outbox_check: %s", outbox_last_error(ob));
}

static void test_put_take_mark_confirm_resend(void **state)
{
    (void)state;
    char path[4096], a[OUTBOX_ID_HEX], b[OUTBOX_ID_HEX];
    outbox *ob = open_fresh("cycle", path, sizeof path, NULL);
    put_ok(ob, PAYLOAD, synced_at(AT(9, 15, 0), 0), a);
    put_ok(ob, "{\"mood\":2}", synced_at(AT(10, 5, 0), 0), b);

    outbox_entry e[4];
    int n = -1;
    assert_int_equal(outbox_take_unsent(ob, 4, e, &n), SR_OK);
    assert_int_equal(n, 2);
    assert_string_equal(e[0].id, a);
    assert_string_equal(e[0].kind, "answer");
    assert_string_equal(e[0].payload, PAYLOAD); /* verbatim */
    assert_int_equal(e[0].period_start, AT(9, 0, 0));
    assert_int_equal(e[0].clock, OUTBOX_CLOCK_SYNCED);
    assert_int_equal(e[0].sent_at, 0);
    assert_string_equal(e[1].id, b);
    outbox_entries_free(e, n);

    /* Sent: no longer offered, but kept until confirmed. */
    assert_int_equal(outbox_mark_sent(ob, a, 5000), SR_OK);
    assert_int_equal(outbox_take_unsent(ob, 4, e, &n), SR_OK);
    assert_int_equal(n, 1);
    assert_string_equal(e[0].id, b);
    outbox_entries_free(e, n);
    outbox_stats st;
    assert_int_equal(outbox_get_stats(ob, &st), SR_OK);
    assert_int_equal(st.unsent, 1);
    assert_int_equal(st.sent, 1);

    /* No confirmation within the timeout: offered again, exactly then. */
    int resent = -1;
    assert_int_equal(outbox_resend_stale(ob, 5029, 30, &resent), SR_OK);
    assert_int_equal(resent, 0);
    assert_int_equal(outbox_resend_stale(ob, 5030, 30, &resent), SR_OK);
    assert_int_equal(resent, 1);
    assert_int_equal(outbox_take_unsent(ob, 4, e, &n), SR_OK);
    assert_int_equal(n, 2);
    outbox_entries_free(e, n);

    /* A clock set back after sending: resend rather than wait for it. */
    assert_int_equal(outbox_mark_sent(ob, b, 9000), SR_OK);
    assert_int_equal(outbox_resend_stale(ob, 100, 30, &resent), SR_OK);
    assert_int_equal(resent, 1);

    /* Confirmed: gone; a duplicate confirmation is harmless. */
    assert_int_equal(outbox_mark_sent(ob, a, 6000), SR_OK);
    assert_int_equal(outbox_confirm(ob, a), SR_OK);
    assert_int_equal(outbox_confirm(ob, a), SR_E_NOTFOUND);
    assert_non_null(strstr(outbox_last_error(ob), a));
    assert_int_equal(outbox_mark_sent(ob, a, 6001), SR_E_NOTFOUND);
    assert_int_equal(outbox_get_stats(ob, &st), SR_OK);
    assert_int_equal(st.unsent, 1);
    assert_int_equal(st.sent, 0);
    check_ok(ob);
    outbox_close(ob);
    outbox_close(NULL);
}

static void test_oldest_first(void **state)
{
    (void)state;
    char path[4096], id[8][OUTBOX_ID_HEX];
    outbox *ob = open_fresh("order", path, sizeof path, NULL);
    put_ok(ob, "{\"n\":0}", unsynced("boot-old", 60000), id[0]);      /* becomes unknown */
    put_ok(ob, "{\"n\":1}", synced_at(AT(14, 0, 0), 0), id[1]);
    put_ok(ob, "{\"n\":2}", synced_at(AT(9, 30, 0), 0), id[2]);
    put_ok(ob, "{\"n\":3}", unsynced("boot-old", 3600000), id[3]);   /* becomes unknown */
    put_ok(ob, "{\"n\":4}", synced_at(AT(9, 45, 0), 0), id[4]);
    put_ok(ob, "{\"n\":5}", synced_at(AT(1, 0, 0), 0) , id[5]);
    sysclock_reading later = synced_at(AT(15, 0, 0), 0);
    snprintf(later.boot_id, sizeof later.boot_id, "boot-other");
    int fixed = -1, unknown = -1;
    /* The clock is set in a later boot: the old boot's answers get no time. */
    assert_int_equal(outbox_fix_clock(ob, &later, &fixed, &unknown), SR_OK);
    assert_int_equal(fixed, 0);
    assert_int_equal(unknown, 2);
    put_ok(ob, "{\"n\":6}", unsynced("boot-now", 7200000), id[6]);

    outbox_entry e[8];
    int n = 0;
    assert_int_equal(outbox_take_unsent(ob, 8, e, &n), SR_OK);
    assert_int_equal(n, 7);
    /* Synced by period: 01:00, then the two 09:xx (same hour: by id), 14:00. */
    assert_string_equal(e[0].id, id[5]);
    const char *first9 = strcmp(id[2], id[4]) < 0 ? id[2] : id[4];
    const char *second9 = strcmp(id[2], id[4]) < 0 ? id[4] : id[2];
    assert_string_equal(e[1].id, first9);
    assert_string_equal(e[2].id, second9);
    assert_int_equal(e[1].period_start, AT(9, 0, 0));
    assert_string_equal(e[3].id, id[1]);
    /* Then the answers of unknown time, then the one still pending. */
    assert_int_equal(e[4].clock, OUTBOX_CLOCK_UNKNOWN);
    assert_int_equal(e[5].clock, OUTBOX_CLOCK_UNKNOWN);
    assert_int_equal(e[4].period_start, 0);
    assert_true(strcmp(e[4].id, e[5].id) < 0);
    assert_string_equal(e[6].id, id[6]);
    assert_int_equal(e[6].clock, OUTBOX_CLOCK_PENDING);
    outbox_entries_free(e, n);

    /* max limits the batch, still oldest first. */
    assert_int_equal(outbox_take_unsent(ob, 2, e, &n), SR_OK);
    assert_int_equal(n, 2);
    assert_string_equal(e[0].id, id[5]);
    outbox_entries_free(e, n);
    assert_int_equal(outbox_take_unsent(ob, 0, e, &n), SR_OK);
    assert_int_equal(n, 0);
    check_ok(ob);
    outbox_close(ob);
}

static int compare_ids(const void *a, const void *b)
{
    return strcmp((const char *)a, (const char *)b);
}

static void test_ids_are_random_hex_and_distinct(void **state)
{
    (void)state;
    enum { N = 10000 };
    char path[4096];
    char(*ids)[OUTBOX_ID_HEX] = calloc(N, OUTBOX_ID_HEX);
    assert_non_null(ids);
    outbox *ob = open_fresh("ids", path, sizeof path, NULL);
    sysclock_reading now = synced_at(AT(12, 0, 0), 0);
    for (int i = 0; i < N; i++) {
        put_ok(ob, "{}", now, ids[i]);
        assert_int_equal(strlen(ids[i]), 32);
        assert_int_equal(strspn(ids[i], "0123456789abcdef"), 32);
    }
    qsort(ids, N, OUTBOX_ID_HEX, compare_ids);
    for (int i = 1; i < N; i++)
        assert_string_not_equal(ids[i - 1], ids[i]);
    outbox_stats st;
    assert_int_equal(outbox_get_stats(ob, &st), SR_OK);
    assert_int_equal(st.unsent, N);
    check_ok(ob);
    outbox_close(ob);
    free(ids);
}

/* Every integer stored for the row with this payload must differ from each
 * of the forbidden values. */
static void assert_no_column_holds(sqlite3 *db, const char *payload, const int64_t *forbidden,
                                   int n_forbidden)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT * FROM answer WHERE payload = ?1", -1, &st,
                                        NULL),
                     SQLITE_OK);
    sqlite3_bind_text(st, 1, payload, -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    for (int c = 0; c < sqlite3_column_count(st); c++) {
        if (sqlite3_column_type(st, c) == SQLITE_TEXT) {
            /* Not hidden as text either. */
            const char *text = (const char *)sqlite3_column_text(st, c);
            for (int f = 0; f < n_forbidden; f++) {
                char digits[32];
                snprintf(digits, sizeof digits, "%lld", (long long)forbidden[f]);
                if (strstr(text, digits))
                    fail_msg("column %s holds %s", sqlite3_column_name(st, c), digits);
            }
        }
        if (sqlite3_column_type(st, c) != SQLITE_INTEGER)
            continue;
        for (int f = 0; f < n_forbidden; f++) {
            if (sqlite3_column_int64(st, c) == forbidden[f])
                fail_msg("column %s holds %lld", sqlite3_column_name(st, c),
                         (long long)forbidden[f]);
        }
    }
    sqlite3_finalize(st);
}

static void test_no_finer_time_is_stored(void **state)
{
    (void)state;
    char path[4096];
    outbox *ob = open_fresh("coarse", path, sizeof path, NULL);
    int64_t exact = AT(10, 37, 12);
    put_ok(ob, "{\"synced\":1}", synced_at(exact, 0), NULL);
    int64_t mono_ms = 123456789; /* 34 h 17 min 36.789 s after boot */
    put_ok(ob, "{\"pending\":1}", unsynced("boot-x", mono_ms), NULL);
    outbox_close(ob);

    sqlite3 *db = raw_open(path);
    const int64_t synced_forbidden[] = {exact, exact / 60 * 60, exact * 1000};
    assert_no_column_holds(db, "{\"synced\":1}", synced_forbidden, 3);
    assert_int_equal(raw_int(db, "SELECT period_start FROM answer WHERE clock = 0"),
                     AT(10, 0, 0));
    const int64_t pending_forbidden[] = {mono_ms, mono_ms / 1000, 86400 * 365};
    assert_no_column_holds(db, "{\"pending\":1}", pending_forbidden, 3);
    assert_int_equal(raw_int(db, "SELECT mono_minute FROM answer WHERE clock = 1"),
                     mono_ms / 60000);

    /* No rowid, no column that could hold an arrival time or sequence. */
    sqlite3_stmt *st = NULL;
    assert_int_not_equal(sqlite3_prepare_v2(db, "SELECT rowid FROM answer", -1, &st, NULL),
                         SQLITE_OK);
    assert_non_null(strstr(sqlite3_errmsg(db), "no such column"));
    sqlite3_finalize(st);
    assert_int_not_equal(sqlite3_prepare_v2(db, "SELECT rowid FROM item_use", -1, &st, NULL),
                         SQLITE_OK);
    sqlite3_finalize(st);
    assert_int_equal(raw_int(db, "SELECT count(*) FROM pragma_table_info('answer')"), 9);
    assert_int_equal(raw_int(db, "SELECT count(*) FROM sqlite_schema WHERE sql LIKE "
                                 "'%AUTOINCREMENT%' OR name = 'sqlite_sequence'"),
                     0);
    sqlite3_close(db);
}

static void test_shift_band_and_grain_stored(void **state)
{
    (void)state;
    char path[4096];
    privacy_policy policy;
    privacy_policy_defaults(&policy);
    policy.grain = PRIVACY_GRAIN_SHIFT;
    outbox *ob = open_fresh("shift", path, sizeof path, &policy);
    put_ok(ob, "{\"at\":\"02:10\"}", synced_at(AT(2, 10, 0), 0), NULL);
    put_ok(ob, "{\"at\":\"11:00\"}", synced_at(AT(11, 0, 0), 0), NULL);
    /* 18:30 UTC in summer time is 19:30 local: the night band. */
    put_ok(ob, "{\"at\":\"18:30Z\"}", synced_at(AT(18, 30, 0), 3600), NULL);
    outbox_entry e[3];
    int n = 0;
    assert_int_equal(outbox_take_unsent(ob, 3, e, &n), SR_OK);
    assert_int_equal(n, 3);
    assert_string_equal(e[0].payload, "{\"at\":\"02:10\"}");
    assert_int_equal(e[0].period_start, AT(19, 0, 0) - DAY);
    assert_string_equal(e[0].shift, "night");
    assert_string_equal(e[1].shift, "day");
    assert_int_equal(e[1].period_start, AT(7, 0, 0));
    assert_string_equal(e[2].shift, "night");
    assert_int_equal(e[2].period_start, AT(18, 0, 0));
    outbox_entries_free(e, n);
    outbox_close(ob);

    sqlite3 *db = raw_open(path);
    assert_int_equal(raw_int(db, "SELECT count(*) FROM answer WHERE shift = 'night'"), 2);
    sqlite3_close(db);
}

static void test_stats(void **state)
{
    (void)state;
    char path[4096], id[OUTBOX_ID_HEX];
    outbox *ob = open_fresh("stats", path, sizeof path, NULL);
    outbox_stats st;
    assert_int_equal(outbox_get_stats(ob, &st), SR_OK);
    assert_int_equal(st.unsent + st.sent + st.oldest_period + st.clock_pending, 0);
    put_ok(ob, "{}", synced_at(AT(16, 20, 0), 0), NULL);
    put_ok(ob, "{}", synced_at(AT(8, 20, 0), 0), id);
    put_ok(ob, "{}", unsynced("b", 1000), NULL);
    put_ok(ob, "{}", unsynced("b", 2000), NULL);
    assert_int_equal(outbox_mark_sent(ob, id, 100), SR_OK);
    assert_int_equal(outbox_get_stats(ob, &st), SR_OK);
    assert_int_equal(st.unsent, 3);
    assert_int_equal(st.sent, 1);
    assert_int_equal(st.oldest_period, AT(8, 0, 0)); /* sent but unconfirmed still waits */
    assert_int_equal(st.clock_pending, 2);
    outbox_close(ob);
}

static void test_pending_clock_fixed_in_same_boot(void **state)
{
    (void)state;
    char path[4096];
    outbox *ob = open_fresh("fix", path, sizeof path, NULL);
    /* Made 10 min 30 s after boot, before NTP. */
    put_ok(ob, "{}", unsynced("boot-a", 630000), NULL);
    /* Unsynced readings change nothing. */
    sysclock_reading still = unsynced("boot-a", 700000);
    int fixed = -1, unknown = -1;
    assert_int_equal(outbox_fix_clock(ob, &still, &fixed, &unknown), SR_OK);
    assert_int_equal(fixed + unknown, 0);

    /* 70 minutes after boot the clock says 12:30 local (summer time): the
     * answer was made at about 11:30 local = 10:30 UTC. */
    sysclock_reading now = synced_at(AT(11, 30, 0), 3600);
    now.mono_ms = 70 * 60000;
    snprintf(now.boot_id, sizeof now.boot_id, "boot-a");
    assert_int_equal(outbox_fix_clock(ob, &now, &fixed, &unknown), SR_OK);
    assert_int_equal(fixed, 1);
    assert_int_equal(unknown, 0);
    outbox_entry e[1];
    int n = 0;
    assert_int_equal(outbox_take_unsent(ob, 1, e, &n), SR_OK);
    assert_int_equal(n, 1);
    assert_int_equal(e[0].clock, OUTBOX_CLOCK_SYNCED);
    assert_int_equal(e[0].period_start, AT(10, 0, 0));
    assert_string_equal(e[0].shift, "day");
    outbox_entries_free(e, n);
    outbox_stats st;
    assert_int_equal(outbox_get_stats(ob, &st), SR_OK);
    assert_int_equal(st.clock_pending, 0);
    check_ok(ob);
    outbox_close(ob);

    sqlite3 *db = raw_open(path);
    assert_int_equal(raw_int(db, "SELECT count(*) FROM answer WHERE boot_id IS NULL"
                                 " AND mono_minute IS NULL"),
                     1);
    sqlite3_close(db);
}

static void test_pending_clock_of_other_boot_becomes_unknown(void **state)
{
    (void)state;
    char path[4096];
    outbox *ob = open_fresh("unknown", path, sizeof path, NULL);
    put_ok(ob, "{}", unsynced("boot-a", 630000), NULL);
    put_ok(ob, "{}", unsynced("", 630000), NULL); /* boot id unreadable */
    outbox_close(ob);
    ob = reopen(path); /* the kiosk restarted: a new boot */
    sysclock_reading now = synced_at(AT(11, 30, 0), 0);
    snprintf(now.boot_id, sizeof now.boot_id, "boot-b");
    int fixed = -1, unknown = -1;
    assert_int_equal(outbox_fix_clock(ob, &now, &fixed, &unknown), SR_OK);
    assert_int_equal(fixed, 0);
    assert_int_equal(unknown, 2);
    outbox_entry e[2];
    int n = 0;
    assert_int_equal(outbox_take_unsent(ob, 2, e, &n), SR_OK);
    assert_int_equal(n, 2);
    assert_int_equal(e[0].clock, OUTBOX_CLOCK_UNKNOWN);
    assert_int_equal(e[0].period_start, 0);
    assert_string_equal(e[0].shift, "");
    outbox_entries_free(e, n);
    /* Nothing more to fix the second time. */
    assert_int_equal(outbox_fix_clock(ob, &now, &fixed, &unknown), SR_OK);
    assert_int_equal(fixed + unknown, 0);
    check_ok(ob);
    outbox_close(ob);
}

static void make_db(const char *path, const char *sql)
{
    unlink(path);
    sqlite3 *db = raw_open(path);
    raw_exec(db, sql);
    sqlite3_close(db);
}

static void test_migrates_an_older_file(void **state)
{
    (void)state;
    char dir[2048], path[4096];
    testutil_fresh_dir(dir, sizeof dir, "migrate");
    privacy_policy policy;
    privacy_policy_defaults(&policy);
    const char *older[] = {
        "PRAGMA user_version = 0; CREATE TABLE leftover (x); DROP TABLE leftover;",
        "", /* an empty file, as a card provisioned by hand may hold */
    };
    for (size_t i = 0; i < sizeof older / sizeof older[0]; i++) {
        snprintf(path, sizeof path, "%s/older%zu.db", dir, i);
        if (older[i][0])
            make_db(path, older[i]);
        else
            assert_true(testutil_write_file(path, ""));
        outbox *ob = NULL;
        char err[512];
        assert_int_equal(outbox_open(path, &policy, &ob, err, sizeof err), SR_OK);
        put_ok(ob, "{}", synced_at(AT(1, 0, 0), 0), NULL);
        check_ok(ob);
        outbox_close(ob);
        sqlite3 *db = raw_open(path);
        assert_int_equal(raw_int(db, "PRAGMA user_version"), outbox_schema_version());
        assert_int_equal(raw_int(db, "SELECT count(*) FROM answer"), 1);
        assert_int_equal(raw_int(db, "SELECT journal_mode = 'wal' FROM pragma_journal_mode"), 1);
        sqlite3_close(db);
    }
}

/* Opening path must fail with status and a message naming the file and
 * saying want; the file must be left as it was. */
static void expect_refused(const char *path, sr_status status, const char *want)
{
    privacy_policy policy;
    privacy_policy_defaults(&policy);
    outbox *ob = NULL;
    char err[512] = "";
    assert_int_equal(outbox_open(path, &policy, &ob, err, sizeof err), status);
    assert_null(ob);
    if (!strstr(err, want) || !strstr(err, path))
        fail_msg("opening %s: message \"%s\" does not name the file and say \"%s\"", path, err,
                 want);
}

static void test_refuses_newer_and_foreign_files(void **state)
{
    (void)state;
    char dir[2048], path[4096], sql[128];
    testutil_fresh_dir(dir, sizeof dir, "refuse");

    snprintf(path, sizeof path, "%s/newer.db", dir);
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d;", outbox_schema_version() + 1);
    make_db(path, sql);
    expect_refused(path, SR_E_CORRUPT, "written by a newer version");
    sqlite3 *db = raw_open(path);
    assert_int_equal(raw_int(db, "PRAGMA user_version"), outbox_schema_version() + 1);
    assert_int_equal(raw_int(db, "SELECT count(*) FROM sqlite_schema"), 0); /* untouched */
    sqlite3_close(db);

    snprintf(path, sizeof path, "%s/other.db", dir);
    make_db(path, "PRAGMA application_id = 42; CREATE TABLE t (x);");
    expect_refused(path, SR_E_CORRUPT, "belongs to another program");

    snprintf(path, sizeof path, "%s/text.db", dir);
    assert_true(testutil_write_file(path, "[device]\nid = kiosk-1\n# not a database, but long "
                                          "enough to have a header SQLite can read and reject\n"));
    expect_refused(path, SR_E_CORRUPT, "not a database");

    snprintf(path, sizeof path, "%s/no/such/folder/outbox.db", dir);
    expect_refused(path, SR_E_NOTFOUND, "opening");
}

static void test_reopen_keeps_everything(void **state)
{
    (void)state;
    char path[4096], a[OUTBOX_ID_HEX], b[OUTBOX_ID_HEX];
    outbox *ob = open_fresh("reopen", path, sizeof path, NULL);
    put_ok(ob, "{\"a\":1}", synced_at(AT(3, 0, 0), 0), a);
    put_ok(ob, "{\"b\":2}", synced_at(AT(4, 0, 0), 0), b);
    assert_int_equal(outbox_mark_sent(ob, a, 777), SR_OK);
    outbox_close(ob);
    ob = reopen(path);
    outbox_stats st;
    assert_int_equal(outbox_get_stats(ob, &st), SR_OK);
    assert_int_equal(st.unsent, 1);
    assert_int_equal(st.sent, 1);
    int n = 0;
    assert_int_equal(outbox_resend_stale(ob, 800, 10, &n), SR_OK);
    assert_int_equal(n, 1);
    outbox_entry e[2];
    assert_int_equal(outbox_take_unsent(ob, 2, e, &n), SR_OK);
    assert_int_equal(n, 2);
    assert_string_equal(e[0].id, a);
    assert_string_equal(e[0].payload, "{\"a\":1}");
    assert_string_equal(e[1].id, b);
    outbox_entries_free(e, n);
    outbox_close(ob);
}

static void test_item_use_counts_per_item_per_day(void **state)
{
    (void)state;
    char path[4096];
    outbox *ob = open_fresh("use", path, sizeof path, NULL);
    sysclock_reading monday = synced_at(AT(9, 0, 0), 0);
    sysclock_reading monday_late = synced_at(AT(23, 30, 0), 0);
    sysclock_reading tuesday = synced_at(AT(9, 0, 0) + DAY, 0);
    /* 23:30 UTC in summer time is already Tuesday locally. */
    sysclock_reading tuesday_bst = synced_at(AT(23, 30, 0), 3600);
    for (int i = 0; i < 3; i++)
        assert_int_equal(outbox_count_use(ob, "yoga", &monday), SR_OK);
    assert_int_equal(outbox_count_use(ob, "yoga", &monday_late), SR_OK);
    assert_int_equal(outbox_count_use(ob, "peer-support", &monday), SR_OK);
    assert_int_equal(outbox_count_use(ob, "yoga", &tuesday), SR_OK);
    assert_int_equal(outbox_count_use(ob, "yoga", &tuesday_bst), SR_OK);
    sysclock_reading early = unsynced("boot", 5000);
    assert_int_equal(outbox_count_use(ob, "yoga", &early), SR_OK);
    assert_int_equal(outbox_count_use(ob, "", &monday), SR_E_INVALID);

    int64_t count = -1;
    assert_int_equal(outbox_get_use(ob, "yoga", &monday, &count), SR_OK);
    assert_int_equal(count, 4);
    assert_int_equal(outbox_get_use(ob, "peer-support", &monday, &count), SR_OK);
    assert_int_equal(count, 1);
    assert_int_equal(outbox_get_use(ob, "yoga", &tuesday, &count), SR_OK);
    assert_int_equal(count, 1);
    assert_int_equal(outbox_get_use(ob, "yoga", &tuesday_bst, &count), SR_OK);
    assert_int_equal(count, 1);
    assert_int_equal(outbox_get_use(ob, "peer-support", &tuesday, &count), SR_OK);
    assert_int_equal(count, 0);
    assert_int_equal(outbox_get_use(ob, "yoga", &early, &count), SR_OK);
    assert_int_equal(count, 1);
    check_ok(ob);
    outbox_close(ob);

    sqlite3 *db = raw_open(path);
    assert_int_equal(raw_int(db, "SELECT count(*) FROM item_use"), 5);
    assert_int_equal(raw_int(db, "SELECT count FROM item_use WHERE item = 'yoga' AND day = "
                                 "1709596800"),
                     4);
    assert_int_equal(raw_int(db, "SELECT count(*) FROM item_use WHERE day = -1"), 1);
    sqlite3_close(db);
}

static void test_check_finds_a_broken_row(void **state)
{
    (void)state;
    char path[4096];
    outbox *ob = open_fresh("check", path, sizeof path, NULL);
    put_ok(ob, "{}", synced_at(AT(5, 0, 0), 0), NULL);
    check_ok(ob);
    /* Another program (or a bug) writes an exact time past the checks. */
    sqlite3 *db = raw_open(path);
    raw_exec(db, "PRAGMA ignore_check_constraints = ON;"
                 "UPDATE answer SET period_start = period_start + 17");
    sqlite3_close(db);
    assert_int_equal(outbox_check(ob), SR_E_CORRUPT);
    assert_non_null(strstr(outbox_last_error(ob), "periods are whole minutes"));
    outbox_close(ob);
}

static void test_bad_arguments_are_refused_clearly(void **state)
{
    (void)state;
    char path[4096];
    outbox *ob = open_fresh("args", path, sizeof path, NULL);
    sysclock_reading now = synced_at(AT(5, 0, 0), 0);
    assert_int_equal(outbox_put(ob, "answer", NULL, &now, NULL), SR_E_INVALID);
    assert_non_null(strstr(outbox_last_error(ob), "storing an answer"));
    assert_non_null(strstr(outbox_last_error(ob), path));
    assert_int_equal(outbox_put(ob, "", "{}", &now, NULL), SR_E_INVALID);
    assert_int_equal(outbox_put(ob, "answer", "{}", NULL, NULL), SR_E_INVALID);
    outbox_stats st;
    assert_int_equal(outbox_get_stats(ob, &st), SR_OK);
    assert_int_equal(st.unsent, 0);
    outbox_close(ob);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_put_take_mark_confirm_resend),
        cmocka_unit_test(test_oldest_first),
        cmocka_unit_test(test_ids_are_random_hex_and_distinct),
        cmocka_unit_test(test_no_finer_time_is_stored),
        cmocka_unit_test(test_shift_band_and_grain_stored),
        cmocka_unit_test(test_stats),
        cmocka_unit_test(test_pending_clock_fixed_in_same_boot),
        cmocka_unit_test(test_pending_clock_of_other_boot_becomes_unknown),
        cmocka_unit_test(test_migrates_an_older_file),
        cmocka_unit_test(test_refuses_newer_and_foreign_files),
        cmocka_unit_test(test_reopen_keeps_everything),
        cmocka_unit_test(test_item_use_counts_per_item_per_day),
        cmocka_unit_test(test_check_finds_a_broken_row),
        cmocka_unit_test(test_bad_arguments_are_refused_clearly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
