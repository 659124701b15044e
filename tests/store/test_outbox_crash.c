/* test_outbox_crash.c -- "nothing acknowledged is lost, nothing doubled",
 * with the process killed at random instants.
 *
 * A child process opens the outbox and stores answers in a loop, reporting
 * each id on a pipe only after outbox_put() returned SR_OK -- the moment the
 * kiosk would say "thank you". The parent waits (poll with a deadline, never
 * a sleep) for a random number of fresh ids, spins a random short while and
 * SIGKILLs the child, mid-put as often as not. Then it reopens the file and
 * checks: integrity_check says "ok", every reported id is there exactly
 * once, and at most one row per kill was never reported (the put in
 * flight). Some rounds kill the child before its first put, while it opens
 * (and on the first round, creates) the file.
 *
 * SR_CRASH_SEED=<n> replays a run; SR_CRASH_KILLS=<n> changes the count.
 */
#define _GNU_SOURCE /* pipe2 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "store/outbox.h"
#include "testutil.h"

#define DEFAULT_KILLS 200
#define READ_DEADLINE_MS 20000 /* generous for ASan on a busy 2-core box */
#define ID_LINE (OUTBOX_ID_HEX) /* 32 hex digits and '\n' */

static uint64_t rng_state;

static uint64_t rng_next(void) /* xorshift64* */
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 2685821657736338717ULL;
}

static int rng_below(int n)
{
    return (int)(rng_next() % (uint64_t)n);
}

/* The child: store answers until killed. Never returns. */
static void child_loop(const char *path, int report_fd)
{
    privacy_policy policy;
    privacy_policy_defaults(&policy);
    outbox *ob = NULL;
    char err[512];
    if (outbox_open(path, &policy, &ob, err, sizeof err) != SR_OK) {
        fprintf(stderr, "child: %s\n", err);
        _exit(2);
    }
    sysclock_reading now = {.real_seconds = 1709640000, .synced = true, .mono_ms = 1};
    const char *payload = "{\"set\":\"shift-checkin\",\"mood\":3,\"affected\":[\"workload\"],"
                          "\"helped\":[\"colleagues\"],\"lang\":\"en\"}";
    for (;;) {
        char line[ID_LINE];
        if (outbox_put(ob, "answer", payload, &now, line) != SR_OK) {
            fprintf(stderr, "child: %s\n", outbox_last_error(ob));
            _exit(3);
        }
        line[ID_LINE - 1] = '\n';
        if (write(report_fd, line, sizeof line) != (ssize_t)sizeof line)
            _exit(4); /* a write of < PIPE_BUF bytes is all or nothing */
    }
}

typedef struct ids {
    char (*id)[OUTBOX_ID_HEX];
    size_t n, cap;
} ids;

static void ids_add(ids *set, const char *line)
{
    if (set->n == set->cap) {
        set->cap = set->cap ? set->cap * 2 : 1024;
        set->id = realloc(set->id, set->cap * OUTBOX_ID_HEX);
        assert_non_null(set->id);
    }
    memcpy(set->id[set->n], line, OUTBOX_ID_HEX - 1);
    set->id[set->n][OUTBOX_ID_HEX - 1] = '\0';
    set->n++;
}

/* Reads whole id lines from fd into reported until it holds `until`
 * entries (or, with until == SIZE_MAX, until end of file). */
static void read_ids(int fd, ids *reported, size_t until, char *partial, size_t *partial_len)
{
    int64_t deadline = testutil_now_ms() + READ_DEADLINE_MS;
    while (reported->n < until) {
        int64_t left = deadline - testutil_now_ms();
        if (left <= 0)
            fail_msg("no answer from the child within %d ms", READ_DEADLINE_MS);
        struct pollfd p = {.fd = fd, .events = POLLIN};
        int ready = poll(&p, 1, (int)left);
        if (ready < 0 && errno == EINTR)
            continue;
        assert_true(ready >= 0);
        if (ready == 0)
            continue;
        ssize_t got = read(fd, partial + *partial_len, ID_LINE - *partial_len);
        if (got == 0)
            return; /* the child is gone */
        if (got < 0 && errno == EINTR)
            continue;
        assert_true(got > 0);
        *partial_len += (size_t)got;
        if (*partial_len == ID_LINE) {
            assert_int_equal(partial[ID_LINE - 1], '\n');
            ids_add(reported, partial);
            *partial_len = 0;
        }
    }
}

static void spin_microseconds(int us)
{
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    do
        clock_gettime(CLOCK_MONOTONIC, &now);
    while ((now.tv_sec - start.tv_sec) * 1000000L + (now.tv_nsec - start.tv_nsec) / 1000 < us);
}

static int compare_ids(const void *a, const void *b)
{
    return strcmp((const char *)a, (const char *)b);
}

/* Reopens the file after a kill and returns how many rows were never
 * reported; fails if a reported one is missing or the file is damaged. */
static size_t verify_after_kill(const char *path, ids *reported)
{
    /* Recovery goes through the outbox's own open, as after a power cut. */
    privacy_policy policy;
    privacy_policy_defaults(&policy);
    outbox *ob = NULL;
    char err[512];
    if (outbox_open(path, &policy, &ob, err, sizeof err) != SR_OK)
        fail_msg("reopening after a kill: %s", err);
    if (outbox_check(ob) != SR_OK)
        fail_msg("%s", outbox_last_error(ob));
    outbox_close(ob);

    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    if (strcmp((const char *)sqlite3_column_text(st, 0), "ok") != 0)
        fail_msg("integrity_check: %s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);

    if (reported->n > 0)
        qsort(reported->id, reported->n, OUTBOX_ID_HEX, compare_ids);
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT id FROM answer ORDER BY id", -1, &st, NULL),
                     SQLITE_OK);
    size_t next = 0, unreported = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *id = (const char *)sqlite3_column_text(st, 0);
        if (next < reported->n && strcmp(reported->id[next], id) < 0)
            fail_msg("answer %s was acknowledged but is gone", reported->id[next]);
        if (next < reported->n && strcmp(reported->id[next], id) == 0) {
            next++;
            if (next < reported->n && strcmp(reported->id[next], id) == 0)
                fail_msg("answer %s was acknowledged twice", id);
        } else {
            unreported++;
        }
    }
    if (next < reported->n)
        fail_msg("answer %s was acknowledged but is gone", reported->id[next]);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return unreported;
}

static void test_kill_at_random_instants(void **state)
{
    (void)state;
    const char *seed_text = getenv("SR_CRASH_SEED");
    const char *kills_text = getenv("SR_CRASH_KILLS");
    uint64_t seed = seed_text ? strtoull(seed_text, NULL, 10)
                              : (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
    int kills = kills_text ? atoi(kills_text) : DEFAULT_KILLS;
    print_message("crash test: seed %llu (replay with SR_CRASH_SEED=%llu), %d kills\n",
                  (unsigned long long)seed, (unsigned long long)seed, kills);
    rng_state = seed ? seed : 1;

    char dir[2048], path[4096];
    testutil_fresh_dir(dir, sizeof dir, "crash");
    snprintf(path, sizeof path, "%s/outbox.db", dir);
    ids reported = {0};
    size_t unreported_before = 0, mid_put_kills = 0;
    int64_t started = testutil_now_ms();

    for (int k = 0; k < kills; k++) {
        int fds[2];
        assert_int_equal(pipe2(fds, O_CLOEXEC), 0);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            close(fds[0]);
            child_loop(path, fds[1]);
        }
        close(fds[1]);
        /* One round in eight kills the child while it opens the file. */
        size_t want = rng_below(8) == 0 ? 0 : (size_t)(1 + rng_below(30));
        char partial[ID_LINE];
        size_t partial_len = 0;
        read_ids(fds[0], &reported, reported.n + want, partial, &partial_len);
        spin_microseconds(rng_below(1500));
        assert_int_equal(kill(pid, SIGKILL), 0);
        read_ids(fds[0], &reported, SIZE_MAX, partial, &partial_len);
        close(fds[0]);
        int status = 0;
        assert_int_equal(waitpid(pid, &status, 0), pid);
        if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL)
            fail_msg("round %d: the child stopped by itself (status 0x%x)", k, status);

        size_t unreported = verify_after_kill(path, &reported);
        if (unreported > unreported_before + 1)
            fail_msg("round %d: %zu rows appeared that the child never acknowledged", k,
                     unreported - unreported_before);
        mid_put_kills += unreported - unreported_before;
        unreported_before = unreported;
    }
    print_message("crash test: %zu answers acknowledged and kept, %zu kills landed after a "
                  "commit and before its acknowledgement, %lld ms\n",
                  reported.n, mid_put_kills, (long long)(testutil_now_ms() - started));
    assert_true(reported.n > 0);
    free(reported.id);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kill_at_random_instants),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
