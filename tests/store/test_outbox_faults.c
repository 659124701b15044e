/* test_outbox_faults.c -- the outbox when the disk misbehaves.
 *
 * Through the "faulty" VFS (tests/support/faultvfs.c): a full disk and a
 * failing card at every write and sync an operation makes, one after the
 * other, and a read-only file system. After each fault: the operation says
 * so with a status and a sentence an admin can act on, every answer
 * committed before is still there, the file passes integrity_check, the
 * attempted change is there exactly when SR_OK was returned, and the same
 * handle works again once the fault is gone.
 *
 * SR_FAULT_VERBOSE=1 prints each injected fault and the message it gave.
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

#include "faultvfs.h"
#include "outbox_fixture.h"
#include "store/outbox.h"
#include "testutil.h"

#define T0 ((int64_t)1709596800 + 10 * 3600) /* 2024-03-05 10:00 UTC */
#define MAX_SWEEP 64

typedef outbox_fixture fixture;

static sysclock_reading synced_now(void)
{
    sysclock_reading r = {.real_seconds = T0 + 1234, .synced = true, .mono_ms = 5000000};
    snprintf(r.boot_id, sizeof r.boot_id, "boot-a");
    return r;
}

static sysclock_reading unsynced_now(void)
{
    sysclock_reading r = {.real_seconds = 1000, .synced = false, .mono_ms = 600000};
    snprintf(r.boot_id, sizeof r.boot_id, "boot-a");
    return r;
}

/* What is on disk, seen through a second connection with the plain VFS. */
static int64_t raw_int(const char *path, const char *sql, const char *text_arg)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s: %s", path, sql, sqlite3_errmsg(db));
    if (text_arg)
        sqlite3_bind_text(st, 1, text_arg, -1, SQLITE_STATIC);
    int64_t value = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    sqlite3_close(db);
    return value;
}

static void assert_integrity_ok(const char *path)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    const char *verdict = (const char *)sqlite3_column_text(st, 0);
    if (strcmp(verdict, "ok") != 0)
        fail_msg("integrity_check of %s: %s", path, verdict);
    sqlite3_finalize(st);
    sqlite3_close(db);
}

static int64_t count_payload(const fixture *f, const char *payload)
{
    return raw_int(f->path, "SELECT count(*) FROM answer WHERE payload = ?1", payload);
}

static void put_ok(fixture *f, const char *payload)
{
    sysclock_reading now = synced_now();
    if (outbox_put(f->ob, "answer", payload, &now, NULL) != SR_OK)
        fail_msg("outbox_put: %s", outbox_last_error(f->ob));
}

static void expect_message(const char *message, const char *path, const char *operation,
                           const char *reason)
{
    if (!strstr(message, path) || !strstr(message, operation) || !strstr(message, reason))
        fail_msg("message \"%s\" should name %s, say \"%s\" and \"%s\"", message, path,
                 operation, reason);
    assert_null(strstr(message, "vfs=")); /* the file, not the URI */
}

static void test_disk_full_on_put(void **state)
{
    (void)state;
    fixture f;
    outbox_fixture_open(&f, "full");
    put_ok(&f, "{\"before\":1}");
    put_ok(&f, "{\"before\":2}");

    faultvfs_arm(FAULTVFS_WRITES_AND_SYNCS, 1, SQLITE_FULL, true);
    sysclock_reading now = synced_now();
    assert_int_equal(outbox_put(f.ob, "answer", "{\"during\":1}", &now, NULL), SR_E_FULL);
    assert_true(faultvfs_fired());
    expect_message(outbox_last_error(f.ob), f.path, "storing an answer",
                   "disk full (database or disk is full)");
    /* Still full: still refused, still readable. */
    assert_int_equal(outbox_put(f.ob, "answer", "{\"during\":2}", &now, NULL), SR_E_FULL);
    outbox_stats st;
    assert_int_equal(outbox_get_stats(f.ob, &st), SR_OK);
    assert_int_equal(st.unsent, 2);
    assert_int_equal(raw_int(f.path, "SELECT count(*) FROM answer", NULL), 2);
    assert_integrity_ok(f.path);

    /* Space freed: the same handle stores again. */
    faultvfs_disarm();
    put_ok(&f, "{\"after\":1}");
    assert_int_equal(raw_int(f.path, "SELECT count(*) FROM answer", NULL), 3);
    assert_int_equal(count_payload(&f, "{\"during\":1}"), 0);
    assert_int_equal(outbox_check(f.ob), SR_OK);
    outbox_close(f.ob);
    assert_integrity_ok(f.path);
}

/* One attempt of an operation under test; returns its status. */
typedef sr_status (*attempt_fn)(fixture *f, int attempt, void *arg);
/* Checks the file after attempt: its effect is there iff status is SR_OK. */
typedef void (*verify_fn)(fixture *f, int attempt, sr_status status, void *arg);

/* Fails the 1st, 2nd, ... write or sync of the operation until one run of
 * it no longer reaches the fault. Returns how many faults were injected. */
static int sweep(fixture *f, int code, bool persistent, sr_status expected, attempt_fn attempt,
                 verify_fn verify, void *arg)
{
    for (int n = 1; n <= MAX_SWEEP; n++) {
        faultvfs_arm(FAULTVFS_WRITES_AND_SYNCS, n, code, persistent);
        sr_status status = attempt(f, n, arg);
        bool fired = faultvfs_fired();
        faultvfs_disarm();
        if (getenv("SR_FAULT_VERBOSE")) /* to see what an admin would read */
            print_message("fault %d %s: %s\n", n, fired ? "hit" : "not reached",
                          status == SR_OK ? "ok" : outbox_last_error(f->ob));
        if (fired) {
            if (status != SR_OK && status != expected)
                fail_msg("fault %d: got %s (%s), expected %s", n, sr_status_str(status),
                         outbox_last_error(f->ob), sr_status_str(expected));
        } else if (status != SR_OK) {
            fail_msg("no fault, yet: %s", outbox_last_error(f->ob));
        }
        assert_integrity_ok(f->path);
        verify(f, n, status, arg);
        if (outbox_check(f->ob) != SR_OK)
            fail_msg("after fault %d: %s", n, outbox_last_error(f->ob));
        if (!fired)
            return n - 1;
        /* The cause is gone: the same handle must work again. */
        char payload[64];
        snprintf(payload, sizeof payload, "{\"recovery\":%d}", n);
        put_ok(f, payload);
    }
    fail_msg("the operation still hit a fault after %d writes and syncs", MAX_SWEEP);
    return -1;
}

static sr_status attempt_put(fixture *f, int attempt, void *arg)
{
    (void)arg;
    char payload[64];
    snprintf(payload, sizeof payload, "{\"attempt\":%d}", attempt);
    sysclock_reading now = synced_now();
    return outbox_put(f->ob, "answer", payload, &now, NULL);
}

static void verify_put(fixture *f, int attempt, sr_status status, void *arg)
{
    int64_t *committed = arg; /* rows expected so far */
    char payload[64];
    snprintf(payload, sizeof payload, "{\"attempt\":%d}", attempt);
    int64_t present = count_payload(f, payload);
    if (present != (status == SR_OK))
        fail_msg("fault %d: put returned %s but the row is %s", attempt, sr_status_str(status),
                 present ? "there" : "missing");
    *committed += status == SR_OK;
    assert_int_equal(raw_int(f->path, "SELECT count(*) FROM answer", NULL), *committed);
    *committed += 1; /* the recovery put that follows a fault */
}

static void sweep_put(int code, bool persistent, sr_status expected)
{
    fixture f;
    outbox_fixture_open(&f, "sweep-put");
    for (int i = 0; i < 5; i++)
        put_ok(&f, "{\"committed\":true}");
    int64_t committed = 5;
    int faults = sweep(&f, code, persistent, expected, attempt_put, verify_put, &committed);
    /* A put is at least a write and a sync: both were failed. */
    assert_true(faults >= 2);
    assert_int_equal(count_payload(&f, "{\"committed\":true}"), 5);
    outbox_close(f.ob);
    assert_integrity_ok(f.path);
}

static void test_sweep_put_disk_full(void **state)
{
    (void)state;
    sweep_put(SQLITE_FULL, true, SR_E_FULL);
}

static void test_sweep_put_io_error(void **state)
{
    (void)state;
    sweep_put(SQLITE_IOERR_WRITE, false, SR_E_IO);
    sweep_put(SQLITE_IOERR_WRITE, true, SR_E_IO);
}

/* fix_clock rewrites several rows in one transaction: all or none. */
static sr_status attempt_fix(fixture *f, int attempt, void *arg)
{
    (void)attempt;
    (void)arg;
    sysclock_reading now = synced_now();
    return outbox_fix_clock(f->ob, &now, NULL, NULL);
}

static void verify_fix(fixture *f, int attempt, sr_status status, void *arg)
{
    (void)arg;
    int64_t pending = raw_int(f->path, "SELECT count(*) FROM answer WHERE clock = 1", NULL);
    if (pending != (status == SR_OK ? 0 : 4))
        fail_msg("fault %d: fix_clock returned %s and left %lld of 4 pending", attempt,
                 sr_status_str(status), (long long)pending);
}

static void sweep_fix_clock(int code, sr_status expected)
{
    fixture f;
    outbox_fixture_open(&f, "sweep-fix");
    sysclock_reading early = unsynced_now();
    for (int i = 0; i < 4; i++)
        assert_int_equal(outbox_put(f.ob, "answer", "{\"early\":1}", &early, NULL), SR_OK);
    assert_true(sweep(&f, code, true, expected, attempt_fix, verify_fix, NULL) >= 2);
    outbox_close(f.ob);
}

static void test_sweep_fix_clock(void **state)
{
    (void)state;
    sweep_fix_clock(SQLITE_FULL, SR_E_FULL);
    sweep_fix_clock(SQLITE_IOERR_WRITE, SR_E_IO);
}

/* Creating a new file (migration 1) fails at every write and sync in turn:
 * the file is left at schema 0 or complete, never half made, and the next
 * open finishes the job. */
static void test_sweep_first_open(void **state)
{
    (void)state;
    privacy_policy policy;
    privacy_policy_defaults(&policy);
    int faults = 0;
    for (int n = 1; n <= MAX_SWEEP; n++) {
        fixture f;
        char dir[1900];
        testutil_fresh_dir(dir, sizeof dir, "sweep-open");
        snprintf(f.path, sizeof f.path, "%s/outbox.db", dir);
        snprintf(f.uri, sizeof f.uri, "file:%s?vfs=" FAULTVFS_NAME, f.path);
        char err[512] = "";
        faultvfs_arm(FAULTVFS_WRITES_AND_SYNCS, n, SQLITE_FULL, true);
        sr_status status = outbox_open(f.uri, &policy, &f.ob, err, sizeof err);
        bool fired = faultvfs_fired();
        faultvfs_disarm();
        if (!fired) {
            assert_int_equal(status, SR_OK);
            outbox_close(f.ob);
            break;
        }
        faults++;
        if (status != SR_OK) {
            assert_int_equal(status, SR_E_FULL);
            expect_message(err, f.path, "", "disk full");
            if (access(f.path, F_OK) == 0) {
                int64_t version = raw_int(f.path, "PRAGMA user_version", NULL);
                int64_t tables = raw_int(f.path, "SELECT count(*) FROM sqlite_schema", NULL);
                assert_true((version == 0 && tables == 0) ||
                            version == outbox_schema_version());
            }
        } else {
            outbox_close(f.ob); /* the fault hit something that did not matter */
        }
        assert_int_equal(outbox_open(f.uri, &policy, &f.ob, err, sizeof err), SR_OK);
        put_ok(&f, "{}");
        assert_int_equal(outbox_check(f.ob), SR_OK);
        outbox_close(f.ob);
        assert_integrity_ok(f.path);
    }
    assert_true(faults >= 2);
}

static void test_read_only_file_system(void **state)
{
    (void)state;
    fixture f;
    outbox_fixture_open(&f, "readonly");
    put_ok(&f, "{\"kept\":1}");

    /* Remounted read-only under a running kiosk. */
    faultvfs_set_readonly(true);
    sysclock_reading now = synced_now();
    assert_int_equal(outbox_put(f.ob, "answer", "{\"lost\":1}", &now, NULL), SR_E_READONLY);
    expect_message(outbox_last_error(f.ob), f.path, "storing an answer", "read-only");
    faultvfs_set_readonly(false);
    put_ok(&f, "{\"again\":1}");
    outbox_close(f.ob);

    /* Read-only at start: refused at open, with the reason. */
    faultvfs_set_readonly(true);
    privacy_policy policy;
    privacy_policy_defaults(&policy);
    char err[512] = "";
    outbox *ob = NULL;
    assert_int_equal(outbox_open(f.uri, &policy, &ob, err, sizeof err), SR_E_READONLY);
    assert_null(ob);
    expect_message(err, f.path, "opening", "read-only");

    /* A new file cannot even be created there. */
    char fresh[2100];
    snprintf(fresh, sizeof fresh, "file:%s-new?vfs=" FAULTVFS_NAME, f.path);
    assert_int_equal(outbox_open(fresh, &policy, &ob, err, sizeof err), SR_E_READONLY);
    expect_message(err, f.path, "opening", "read-only");
    faultvfs_disarm();

    assert_int_equal(raw_int(f.path, "SELECT count(*) FROM answer", NULL), 2);
    assert_int_equal(count_payload(&f, "{\"lost\":1}"), 0);
    assert_integrity_ok(f.path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        OUTBOX_FIXTURE_TEST(test_disk_full_on_put),
        OUTBOX_FIXTURE_TEST(test_sweep_put_disk_full),
        OUTBOX_FIXTURE_TEST(test_sweep_put_io_error),
        OUTBOX_FIXTURE_TEST(test_sweep_fix_clock),
        OUTBOX_FIXTURE_TEST(test_sweep_first_open),
        OUTBOX_FIXTURE_TEST(test_read_only_file_system),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
