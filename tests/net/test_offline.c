/* test_offline.c -- weeks offline, then the network comes back: every
 * answer is delivered, and the screen never waits.
 *
 * The kiosk runs in this process (kiosk_harness.h: real SDL offscreen
 * frames, real taps, its real outbox and forwarder thread) with the broker
 * down: a backlog recorded earlier sits in its outbox, and staff keep
 * checking in while the forwarder fails to connect. Then the broker and
 * the collector start, and while the backlog drains staff go on checking
 * in. Each pass of the UI (a tap: the event, the answer's commit when there
 * is one, the frame) is timed on the real clock; the longest is what a
 * person at the screen could have waited, and it must stay far below
 * anything a person would notice as a freeze. The kiosk's own figure
 * (app->longest_busy_ms, printed as "longest frame gap" when the built
 * kiosk exits) is checked too.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "broker.h"
#include "collector_proc.h"
#include "idset.h"
#include "kiosk_harness.h"
#include "kiosk_proc.h"
#include "testutil.h"

#define DEVICE "ward7-kiosk-1"
#define BACKLOG 3000          /* answers from the weeks offline */
#define OFFLINE_CHECKINS 20   /* made at the screen while the broker is down */
#define DRAIN_CHECKINS_MAX 200
#define WAIT_MS 60000
/* A pass of the UI longer than this is a freeze a person would notice; the
 * kiosk's passes take a few milliseconds (tens under the sanitizers). */
#define UI_PASS_LIMIT_MS 250

typedef struct ui_timing {
    int64_t longest_ms;
    int passes;
} ui_timing;

/* One check-in through the screen, each tap timed. */
static void checkin(kiosk_harness *h, ui_timing *t)
{
    const char *taps[] = {"mood-4", "done", "home"};
    for (size_t i = 0; i < sizeof taps / sizeof taps[0]; i++) {
        int64_t start = testutil_now_ms();
        kiosk_harness_finger_tap(h, taps[i], 400);
        int64_t took = testutil_now_ms() - start;
        if (took > t->longest_ms)
            t->longest_ms = took;
        t->passes++;
    }
}

static void test_backlog_drains_without_freezing_the_screen(void **state)
{
    (void)state;
    const char *const kiosks[] = {DEVICE};
    broker_options bo = {.kiosks = kiosks, .n_kiosks = 1};
    broker *b = broker_start("offline", &bo);
    collector_proc_options co = {.devices = kiosks, .n_devices = 1};
    collector_proc *collector = collector_proc_prepare(b, "offline", &co);
    broker_shutdown(b); /* the network is gone */

    kiosk_harness h;
    kiosk_harness_config(&h, "offline");
    snprintf(h.config.device_id, sizeof h.config.device_id, DEVICE);
    kiosk_proc_delivery delivery = {.resend_seconds = 600, .backoff_max_ms = 200};
    kiosk_proc_harness(&h, b, &delivery);
    kiosk_proc_fill(h.config.store_path, BACKLOG, NULL);
    kiosk_harness_open(&h);
    ui_timing offline = {0, 0};
    for (int i = 0; i < OFFLINE_CHECKINS; i++)
        checkin(&h, &offline);
    idset waiting;
    idset_read(&waiting, h.config.store_path, "SELECT id FROM answer");
    assert_int_equal(waiting.n, BACKLOG + OFFLINE_CHECKINS);

    /* The network is back; staff keep checking in while it drains. */
    int64_t drain_start = testutil_now_ms();
    broker_restart(b);
    collector_proc_restart(collector);
    ui_timing draining = {0, 0};
    int during = 0;
    while (kiosk_proc_waiting(h.config.store_path) > 0 && during < DRAIN_CHECKINS_MAX) {
        checkin(&h, &draining);
        during++;
    }
    long long total = BACKLOG + OFFLINE_CHECKINS + during;
    assert_true(collector_proc_wait_answers(collector, total, WAIT_MS));
    assert_true(kiosk_proc_wait_empty(h.config.store_path, WAIT_MS));
    int64_t drain_ms = testutil_now_ms() - drain_start;

    idset held;
    idset_read(&held, collector_proc_store(collector), "SELECT id FROM answer");
    assert_int_equal(held.n, total);
    for (int i = 0; i < waiting.n; i++)
        if (!idset_contains(&held, waiting.ids[i]))
            fail_msg("answer %s, waiting since the network went, never arrived", waiting.ids[i]);

    printf("offline: %d answers drained in %lld ms (%.0f/s) while %d check-ins were made; "
           "longest UI pass %lld ms offline, %lld ms while draining (%d passes); "
           "kiosk's longest frame gap %lld ms\n",
           BACKLOG + OFFLINE_CHECKINS, (long long)drain_ms,
           (BACKLOG + OFFLINE_CHECKINS) * 1000.0 / (double)(drain_ms > 0 ? drain_ms : 1), during,
           (long long)offline.longest_ms, (long long)draining.longest_ms, draining.passes,
           (long long)h.app->longest_busy_ms);
    assert_true(during > 0); /* the screen was used during the drain */
    assert_true(offline.longest_ms < UI_PASS_LIMIT_MS);
    assert_true(draining.longest_ms < UI_PASS_LIMIT_MS);
    assert_true(h.app->longest_busy_ms < UI_PASS_LIMIT_MS);

    kiosk_harness_close(&h);
    kiosk_proc_harness_done();
    collector_proc_stop(collector);
    broker_stop(b);
    idset_free(&waiting);
    idset_free(&held);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_backlog_drains_without_freezing_the_screen),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
