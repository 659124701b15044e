/* test_sdnotify.c -- telling systemd how the kiosk is doing
 * (app/platform/sdnotify.h), against a real unix datagram socket bound by
 * the test in systemd's place.
 *
 * What a technician would notice if it broke: a kiosk unit stuck in
 * "activating" until systemd gives up and restarts it (no READY=1), a kiosk
 * killed every two minutes by its watchdog (no WATCHDOG=1), or one that
 * wakes the board far more often than its one-minute idle tick.
 *
 * The last tests run the built kiosk headless as systemd would, with
 * $NOTIFY_SOCKET and $WATCHDOG_USEC set, and wait on the socket (poll with a
 * deadline, never a sleep) for READY=1, then WATCHDOG=1, then STOPPING=1
 * after SIGTERM.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "notify_fixture.h"
#include "platform/sdnotify.h"
#include "testutil.h"

#define WAIT_MS 20000 /* generous: the sanitizer build on a busy machine */

static void clear_environment(void)
{
    unsetenv("NOTIFY_SOCKET");
    unsetenv("WATCHDOG_USEC");
    unsetenv("WATCHDOG_PID");
}

static void test_outside_systemd_everything_is_a_quiet_no_op(void **state)
{
    (void)state;
    clear_environment();
    sdnotify n;
    char err[256] = "";
    assert_int_equal(sdnotify_open(&n, 1000, err, sizeof err), SR_OK);
    assert_false(sdnotify_enabled(&n));
    assert_int_equal(sdnotify_ready(&n, "Running"), SR_OK);
    assert_int_equal(sdnotify_stopping(&n), SR_OK);
    assert_int_equal(sdnotify_watchdog_interval(&n), 0);
    assert_true(sdnotify_watchdog_due(&n) == INT64_MAX);
    assert_false(sdnotify_watchdog_tick(&n, 1000000));
    sdnotify_close(&n);
    sdnotify_close(&n); /* twice is fine */
}

/* Opens a notifier for listener l's address, with an optional watchdog. */
static void open_for(sdnotify *n, const notify_listener *l, const char *usec, int64_t now)
{
    clear_environment();
    setenv("NOTIFY_SOCKET", l->address, 1);
    if (usec)
        setenv("WATCHDOG_USEC", usec, 1);
    char err[256] = "";
    if (sdnotify_open(n, now, err, sizeof err) != SR_OK)
        fail_msg("sdnotify_open: %s", err);
    assert_true(sdnotify_enabled(n));
}

static void expect_message(notify_listener *l, const char *want)
{
    char got[1100];
    if (!notify_listener_recv(l, got, sizeof got, WAIT_MS))
        fail_msg("no datagram; expected '%s'", want);
    assert_string_equal(got, want);
}

static void test_messages_reach_a_path_socket(void **state)
{
    (void)state;
    notify_listener l;
    notify_listener_open(&l, "notify.sock");
    sdnotify n;
    open_for(&n, &l, NULL, 0);
    assert_int_equal(sdnotify_ready(&n, "Running"), SR_OK);
    expect_message(&l, "READY=1\nSTATUS=Running");
    /* A status is one line: a newline inside would start a bogus assignment. */
    assert_int_equal(sdnotify_status(&n, "bad file\nREADY=1"), SR_OK);
    expect_message(&l, "STATUS=bad file READY=1");
    assert_int_equal(sdnotify_stopping(&n), SR_OK);
    expect_message(&l, "STOPPING=1");
    sdnotify_close(&n);
    notify_listener_close(&l);
    clear_environment();
}

static void test_messages_reach_an_abstract_socket(void **state)
{
    (void)state;
    notify_listener l;
    notify_listener_open(&l, "@staffroom-test-notify");
    sdnotify n;
    open_for(&n, &l, NULL, 0);
    assert_int_equal(sdnotify_ready(&n, NULL), SR_OK);
    expect_message(&l, "READY=1");
    sdnotify_close(&n);
    notify_listener_close(&l);
    clear_environment();
}

/* WatchdogSec=120: a ping is due a minute after the last; one is sent early
 * (from a quarter interval on) when the caller is awake anyway. */
static void test_watchdog_is_fed_at_half_the_interval_and_early_when_awake(void **state)
{
    (void)state;
    notify_listener l;
    notify_listener_open(&l, "watchdog.sock");
    sdnotify n;
    open_for(&n, &l, "120000000", 5000);
    assert_int_equal(sdnotify_watchdog_interval(&n), 120000);
    assert_true(sdnotify_watchdog_due(&n) == 5000 + 60000);
    assert_false(sdnotify_watchdog_tick(&n, 5000 + 29999)); /* too soon: no datagram */
    assert_true(sdnotify_watchdog_tick(&n, 5000 + 30000));
    expect_message(&l, "WATCHDOG=1");
    assert_true(sdnotify_watchdog_due(&n) == 5000 + 30000 + 60000);
    /* Late (a long frame): pinged at once, next due half an interval on. */
    assert_true(sdnotify_watchdog_tick(&n, 5000 + 200000));
    expect_message(&l, "WATCHDOG=1");
    assert_true(sdnotify_watchdog_due(&n) == 5000 + 200000 + 60000);
    char extra[64];
    assert_false(notify_listener_recv(&l, extra, sizeof extra, 0)); /* nothing else sent */
    sdnotify_close(&n);
    notify_listener_close(&l);
    clear_environment();
}

static void test_watchdog_meant_for_another_process_is_ignored(void **state)
{
    (void)state;
    notify_listener l;
    notify_listener_open(&l, "other.sock");
    clear_environment();
    setenv("NOTIFY_SOCKET", l.address, 1);
    setenv("WATCHDOG_USEC", "2000000", 1);
    setenv("WATCHDOG_PID", "1", 1);
    sdnotify n;
    char err[256] = "";
    assert_int_equal(sdnotify_open(&n, 0, err, sizeof err), SR_OK);
    assert_true(sdnotify_enabled(&n));
    assert_int_equal(sdnotify_watchdog_interval(&n), 0);
    sdnotify_close(&n);
    notify_listener_close(&l);
    clear_environment();
}

static void test_unusable_settings_are_refused_with_the_variable_named(void **state)
{
    (void)state;
    static const char *const sockets[] = {"run/notify", "vsock:2:1234", "@"};
    for (size_t i = 0; i < sizeof sockets / sizeof sockets[0]; i++) {
        clear_environment();
        setenv("NOTIFY_SOCKET", sockets[i], 1);
        sdnotify n;
        char err[256] = "";
        assert_int_equal(sdnotify_open(&n, 0, err, sizeof err), SR_E_CONFIG);
        assert_non_null(strstr(err, "NOTIFY_SOCKET"));
        assert_false(sdnotify_enabled(&n));
        assert_int_equal(sdnotify_ready(&n, "Running"), SR_OK); /* silent, not failing */
        sdnotify_close(&n);
    }
    notify_listener l;
    notify_listener_open(&l, "usec.sock");
    clear_environment();
    setenv("NOTIFY_SOCKET", l.address, 1);
    setenv("WATCHDOG_USEC", "two minutes", 1);
    sdnotify n;
    char err[256] = "";
    assert_int_equal(sdnotify_open(&n, 0, err, sizeof err), SR_E_CONFIG);
    assert_non_null(strstr(err, "WATCHDOG_USEC=two minutes"));
    assert_true(sdnotify_enabled(&n)); /* still tells READY=1, just without a watchdog */
    assert_int_equal(sdnotify_watchdog_interval(&n), 0);
    sdnotify_close(&n);
    notify_listener_close(&l);
    clear_environment();
}

static void test_a_manager_gone_away_costs_an_error_not_a_hang(void **state)
{
    (void)state;
    notify_listener l;
    notify_listener_open(&l, "gone.sock");
    sdnotify n;
    open_for(&n, &l, NULL, 0);
    notify_listener_close(&l); /* socket file removed: nobody listens */
    int64_t start = testutil_now_ms();
    assert_int_equal(sdnotify_ready(&n, "Running"), SR_E_IO);
    assert_true(testutil_now_ms() - start < 1000);
    sdnotify_close(&n);
    clear_environment();
}

/* ---- the kiosk under a pretend systemd ------------------------------------ */

static void write_kiosk_config(char *path, size_t size)
{
    char dir[2048], content[2048], text[8192];
    testutil_fresh_dir(dir, sizeof dir, "kiosk");
    testutil_source_path(content, sizeof content, "assets/content");
    snprintf(path, size, "%s/kiosk.ini", dir);
    snprintf(text, sizeof text,
             "[device]\nid = notify-kiosk\n[store]\npath = %s/outbox.db\n"
             "[content]\ndir = %s\ncache_dir = %s/content-good\n[ui]\nfullscreen = false\n",
             dir, content, dir);
    assert_true(testutil_write_file(path, text));
}

static void test_kiosk_says_ready_then_feeds_the_watchdog_then_stops(void **state)
{
    (void)state;
    notify_listener l;
    notify_listener_open(&l, "kiosk.sock");
    char config[4096], log[4096];
    write_kiosk_config(config, sizeof config);
    testutil_path(log, sizeof log, "kiosk.log");
    char *argv[] = {(char *)testutil_build_program("staffroom-kiosk"), "--config", config,
                    "--headless", NULL};
    /* WatchdogSec=1: pings at least every 500 ms, never closer than 250 ms. */
    pid_t pid = notify_spawn(&l, "1000000", argv, log);
    char got[1100];
    if (!notify_listener_recv(&l, got, sizeof got, WAIT_MS))
        fail_msg("the kiosk said nothing to systemd (log: %s)", log);
    assert_string_equal(got, "READY=1\nSTATUS=Running"); /* first, after the first frame */
    int64_t last = 0;
    for (int i = 0; i < 3; i++) {
        if (!notify_listener_recv(&l, got, sizeof got, WAIT_MS))
            fail_msg("watchdog ping %d never came (log: %s)", i + 1, log);
        assert_string_equal(got, "WATCHDOG=1");
        int64_t now = testutil_now_ms();
        if (i > 0 && now - last < 250 - 20) /* 20 ms: the receiver's own scheduling */
            fail_msg("pings %lld ms apart: the idle kiosk wakes too often",
                     (long long)(now - last));
        last = now;
    }
    assert_int_equal(kill(pid, SIGTERM), 0);
    assert_true(notify_listener_expect(&l, "STOPPING=1", got, sizeof got, WAIT_MS));
    int status;
    assert_true(notify_wait_exit(pid, WAIT_MS, &status));
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    notify_listener_close(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_outside_systemd_everything_is_a_quiet_no_op),
        cmocka_unit_test(test_messages_reach_a_path_socket),
        cmocka_unit_test(test_messages_reach_an_abstract_socket),
        cmocka_unit_test(test_watchdog_is_fed_at_half_the_interval_and_early_when_awake),
        cmocka_unit_test(test_watchdog_meant_for_another_process_is_ignored),
        cmocka_unit_test(test_unusable_settings_are_refused_with_the_variable_named),
        cmocka_unit_test(test_a_manager_gone_away_costs_an_error_not_a_hang),
        cmocka_unit_test(test_kiosk_says_ready_then_feeds_the_watchdog_then_stops),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
