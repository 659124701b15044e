/* test_ui_clock.c -- a kiosk that boots without the time (a Pi has no
 * real-time clock) files its answers under the right hour once NTP sets
 * the clock, and marks those of a boot that never got the time as "time
 * unknown". The whole kiosk runs in-process (kiosk_harness) on a real
 * outbox file; the system clock readings are set by the test
 * (sysclock_override), which is the only way to be "before NTP" on demand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "kiosk/kiosk_clock.h"
#include "kiosk_harness.h"
#include "store/outbox.h"
#include "testutil.h"

#define STALE_TIME 946684800LL     /* 2000-01-01: what a board without an RTC may say */
#define REAL_TIME 1795341600LL     /* 2026-11-22 10:00 UTC, once NTP has spoken */

static void set_clock(const char *boot, int64_t real, bool synced, int64_t mono_ms)
{
    sysclock_reading r = {.real_seconds = real, .utc_offset_seconds = 0, .synced = synced,
                          .mono_ms = mono_ms};
    snprintf(r.boot_id, sizeof r.boot_id, "%s", boot);
    sysclock_override(&r);
}

static void check_in(kiosk_harness *h)
{
    kiosk_harness_mouse_tap(h, "mood-3", 1000);
    kiosk_harness_mouse_tap(h, "done", 1000);
    assert_string_equal(kiosk_harness_screen(h), "thanks");
}

/* The one answer in the outbox. */
static outbox_entry the_answer(const kiosk_harness *h)
{
    outbox_entry e[2];
    int n = 0;
    assert_int_equal(outbox_take_unsent(h->app->outbox, 2, e, &n), SR_OK);
    assert_int_equal(n, 1);
    outbox_entry copy = e[0];
    copy.kind = copy.payload = NULL; /* freed below; only the fixed fields are used */
    outbox_entries_free(e, n);
    return copy;
}

static int teardown(void **state)
{
    (void)state;
    sysclock_override(NULL);
    return 0;
}

static void test_answer_before_ntp_is_filed_when_the_clock_is_set(void **state)
{
    (void)state;
    kiosk_harness h;
    kiosk_harness_config(&h, "before-ntp");
    set_clock("boot-a", STALE_TIME, false, 10 * 60 * 1000);
    kiosk_harness_open(&h);
    check_in(&h);
    outbox_entry e = the_answer(&h);
    assert_int_equal(e.clock, OUTBOX_CLOCK_PENDING);
    assert_int_equal(e.period_start, 0); /* the stale 2000 date is never stored */
    /* The kiosk now wakes to look at the clock, at most once a minute. */
    assert_true(kiosk_app_next_deadline(h.app, h.now) <= h.now + KIOSK_CLOCK_CHECK_MS);

    /* Two hours later by the monotonic clock, NTP has set the time. */
    set_clock("boot-a", REAL_TIME, true, 10 * 60 * 1000 + 2 * 3600 * 1000);
    kiosk_harness_step(&h, KIOSK_CLOCK_CHECK_MS);
    e = the_answer(&h);
    assert_int_equal(e.clock, OUTBOX_CLOCK_SYNCED);
    assert_int_equal(e.period_start, REAL_TIME - 2 * 3600); /* 08:00, the hour it was made */
    /* Nothing pending any more: no wake-ups for the clock. */
    assert_int_equal(kiosk_clock_next_check(h.app, h.now), INT64_MAX);
    kiosk_harness_close(&h);
}

static void test_answer_from_a_boot_that_never_got_the_time_is_marked_unknown(void **state)
{
    (void)state;
    kiosk_harness h;
    kiosk_harness_config(&h, "never-synced");
    set_clock("boot-a", STALE_TIME, false, 5 * 60 * 1000);
    kiosk_harness_open(&h);
    check_in(&h);
    kiosk_harness_close(&h); /* power cut before NTP ever answered */

    set_clock("boot-b", REAL_TIME, true, 30 * 1000);
    kiosk_harness_open(&h);
    kiosk_harness_step(&h, 1000);
    outbox_entry e = the_answer(&h);
    assert_int_equal(e.clock, OUTBOX_CLOCK_UNKNOWN); /* kept, flagged, never guessed */
    assert_int_equal(e.period_start, 0);
    kiosk_harness_close(&h);
}

static void test_synced_kiosk_files_at_once_and_never_polls(void **state)
{
    (void)state;
    kiosk_harness h;
    kiosk_harness_config(&h, "synced");
    set_clock("boot-a", REAL_TIME + 1234, true, 60 * 1000);
    kiosk_harness_open(&h);
    check_in(&h);
    outbox_entry e = the_answer(&h);
    assert_int_equal(e.clock, OUTBOX_CLOCK_SYNCED);
    assert_int_equal(e.period_start, REAL_TIME); /* to the hour: 10:20:34 -> 10:00 */
    assert_int_equal(kiosk_clock_next_check(h.app, h.now), INT64_MAX);
    kiosk_harness_close(&h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_answer_before_ntp_is_filed_when_the_clock_is_set,
                                  teardown),
        cmocka_unit_test_teardown(
            test_answer_from_a_boot_that_never_got_the_time_is_marked_unknown, teardown),
        cmocka_unit_test_teardown(test_synced_kiosk_files_at_once_and_never_polls, teardown),
    };
    return cmocka_run_group_tests_name("kiosk_clock", tests, NULL, NULL);
}
