/* test_e2e.c -- answers from the touch screen to the collector's store:
 * the kiosk (in this process, kiosk_harness.h: real SDL offscreen frames,
 * real taps, its real outbox and its real forwarder thread), the real
 * mosquitto with the shipped configuration, and the built
 * staffroom-collector with its SQLite store.
 *
 * The kiosk records its answers while the collector is not running: the
 * broker queues them for the collector's session, and the kiosk keeps each
 * one in its outbox, because only the collector's acknowledgement may
 * delete it. So the outbox's ids can be read before any is delivered, and
 * after the collector has started the test asserts what an analyst and an
 * estates engineer would check: the collector holds exactly those answers,
 * once each, filed under the ward its registry names, and the kiosk holds
 * nothing any more.
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
#include "testproc.h"
#include "testutil.h"

#define DEVICE "ward7-kiosk-1"
#define WAIT_MS 60000

/* Check-ins through the screen: a face, "done" on the follow-up, "home"
 * on the thank-you screen (the cooldown is off). */
static void record_checkins(kiosk_harness *h, int n)
{
    for (int i = 0; i < n; i++) {
        kiosk_harness_finger_tap(h, i % 2 ? "mood-4" : "mood-5", 500);
        kiosk_harness_finger_tap(h, "done", 500);
        kiosk_harness_finger_tap(h, "home", 500);
    }
}

typedef struct all_sent {
    const char *outbox;
    int64_t next_look_ms;
} all_sent;

/* Every row of the outbox handed to the broker (sent_at set). */
static bool outbox_all_sent(void *arg)
{
    all_sent *w = arg;
    int64_t now = testutil_now_ms();
    if (now < w->next_look_ms)
        return false;
    w->next_look_ms = now + 10;
    return idset_query_int(w->outbox, "SELECT count(*) FROM answer WHERE sent_at IS NULL") == 0;
}

static void deliver_through(const broker_options *options, const char *name, int n)
{
    broker *b = broker_start(name, options);
    const char *const devices[] = {DEVICE};
    collector_proc_options co = {.devices = devices, .n_devices = 1};
    collector_proc *collector = collector_proc_prepare(b, name, &co);

    kiosk_harness h;
    kiosk_harness_config(&h, name);
    snprintf(h.config.device_id, sizeof h.config.device_id, DEVICE);
    kiosk_proc_delivery delivery = {.resend_seconds = 600}; /* nothing needs sending twice */
    kiosk_proc_harness(&h, b, &delivery);
    kiosk_harness_open(&h);
    record_checkins(&h, n);

    /* All handed to the broker, none confirmed: the collector is not up. */
    all_sent sent = {h.config.store_path, 0};
    assert_true(testutil_wait_until(outbox_all_sent, &sent, WAIT_MS));
    idset recorded;
    idset_read(&recorded, h.config.store_path, "SELECT id FROM answer");
    assert_int_equal(recorded.n, n);

    collector_proc_restart(collector);
    assert_true(kiosk_proc_wait_empty(h.config.store_path, WAIT_MS));
    idset stored;
    idset_read(&stored, collector_proc_store(collector), "SELECT id FROM answer");
    idset_assert_equal(&recorded, &stored, "the collector's answers");
    /* Filed under the registry's ward, never anything the kiosk claimed. */
    assert_int_equal(idset_query_int(collector_proc_store(collector),
                                     "SELECT count(*) FROM answer WHERE device = '" DEVICE
                                     "' AND site = '" COLLECTOR_PROC_SITE "' AND area = 'Ward 1'"),
                     n);
    assert_int_equal(idset_query_int(collector_proc_store(collector),
                                     "SELECT count(*) FROM dead_letter"),
                     0);

    kiosk_harness_close(&h);
    kiosk_proc_harness_done();
    collector_proc_stop(collector);
    broker_stop(b);
    idset_free(&recorded);
    idset_free(&stored);
}

static void test_two_hundred_answers_arrive_once_each(void **state)
{
    (void)state;
    const char *const kiosks[] = {DEVICE};
    broker_options options = {.kiosks = kiosks, .n_kiosks = 1};
    deliver_through(&options, "plain", 200);
}

static void test_answers_arrive_over_tls(void **state)
{
    (void)state;
    const char *const kiosks[] = {DEVICE};
    broker_options options = {.kiosks = kiosks, .n_kiosks = 1, .tls = true};
    deliver_through(&options, "tls", 30);
}

/* The same through the built program, as on a board: a scripted headless
 * kiosk taps 200 check-ins while the collector is down (they wait in its
 * outbox), exits; started again once the collector is up, it delivers them
 * all and its outbox empties. [clock] trust_wall_clock stands in for NTP,
 * which this machine's kernel never reports. */
static void test_a_scripted_kiosk_program_delivers_its_answers(void **state)
{
    (void)state;
    const char *const kiosks[] = {DEVICE};
    broker_options options = {.kiosks = kiosks, .n_kiosks = 1};
    broker *b = broker_start("scripted", &options);
    const char *const devices[] = {DEVICE};
    collector_proc_options co = {.devices = devices, .n_devices = 1};
    collector_proc *collector = collector_proc_prepare(b, "scripted", &co);
    kiosk_proc k;
    kiosk_proc_config(&k, "scripted", DEVICE, b, NULL);
    FILE *f = fopen(k.ini, "a");
    assert_non_null(f);
    fputs("[clock]\ntrust_wall_clock = true\n", f);
    assert_int_equal(fclose(f), 0);

    char script[800], log[800];
    snprintf(script, sizeof script, "%s/checkins.script", k.dir);
    snprintf(log, sizeof log, "%s/script.log", k.dir);
    f = fopen(script, "w");
    assert_non_null(f);
    for (int i = 0; i < 200; i++)
        fprintf(f, "tap mood-%d\ntap done\ntap home\n", i % 2 ? 4 : 5);
    fputs("quit\n", f);
    assert_int_equal(fclose(f), 0);
    const char *argv[] = {testutil_build_program("staffroom-kiosk"), "--config", k.ini,
                          "--headless", "--script", script, NULL};
    assert_int_equal(testproc_run(argv, log, WAIT_MS), 0);
    idset recorded;
    idset_read(&recorded, k.outbox, "SELECT id FROM answer WHERE clock = 0");
    assert_int_equal(recorded.n, 200);

    collector_proc_restart(collector);
    kiosk_proc_start(&k);
    assert_true(kiosk_proc_wait_empty(k.outbox, WAIT_MS));
    idset stored;
    idset_read(&stored, collector_proc_store(collector), "SELECT id FROM answer");
    idset_assert_equal(&recorded, &stored, "the collector's answers");
    assert_int_equal(kiosk_proc_stop(&k), 0);
    collector_proc_stop(collector);
    broker_stop(b);
    idset_free(&recorded);
    idset_free(&stored);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_hundred_answers_arrive_once_each),
        cmocka_unit_test(test_a_scripted_kiosk_program_delivers_its_answers),
        cmocka_unit_test(test_answers_arrive_over_tls),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
