/* test_faults.c -- crash-only delivery: any process killed at any moment,
 * and still every answer arrives, exactly once (DESIGN.md, "Crash-only").
 *
 * One broker, one collector and one kiosk (the built staffroom-kiosk,
 * headless, no script, a child process) per fault. Each round puts a fresh
 * backlog into the kiosk's outbox, starts the kiosk, and strikes while it
 * drains: at a random moment -- when the collector has stored a random
 * number of the round's answers -- it
 *
 *   kiosk      SIGKILLs the kiosk (a power cut) and starts it again;
 *   broker     SIGKILLs mosquitto and starts it again (its queue is only as
 *              fresh as its last autosave);
 *   collector  SIGKILLs the collector mid-ingest (its open batch is lost,
 *              though libmosquitto had already acknowledged the messages to
 *              the broker) and starts it again;
 *   network    stops the broker in an orderly way, cutting every connection
 *              with messages in flight, and starts it again.
 *
 * Every round ends with what a user would check: the collector holds every
 * answer ever put into the outbox exactly once, and the outbox is empty.
 * The seed is printed; SR_FAULT_SEED=N repeats a run.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "broker.h"
#include "collector_proc.h"
#include "idset.h"
#include "kiosk_proc.h"
#include "testutil.h"

#define DEVICE "ward7-kiosk-1"
#define ROUNDS 3
#define ANSWERS_PER_ROUND 300
#define WAIT_MS 60000

typedef enum fault {
    FAULT_KIOSK,
    FAULT_BROKER,
    FAULT_COLLECTOR,
    FAULT_NETWORK
} fault;

static const char *const FAULT_NAMES[] = {"kiosk", "broker", "collector", "network"};

static unsigned seed;

static int setup(void **state)
{
    (void)state;
    const char *fixed = getenv("SR_FAULT_SEED");
    seed = fixed ? (unsigned)strtoul(fixed, NULL, 10) : (unsigned)time(NULL);
    printf("test_faults: seed %u (SR_FAULT_SEED=%u repeats this run)\n", seed, seed);
    srand(seed);
    return 0;
}

static void strike(fault which, broker *b, collector_proc *collector, kiosk_proc *kiosk)
{
    switch (which) {
    case FAULT_KIOSK:
        kiosk_proc_kill(kiosk);
        kiosk_proc_start(kiosk);
        break;
    case FAULT_BROKER:
        broker_kill(b);
        broker_restart(b);
        break;
    case FAULT_COLLECTOR:
        collector_proc_kill(collector);
        collector_proc_restart(collector);
        break;
    case FAULT_NETWORK:
        broker_shutdown(b);
        broker_restart(b);
        break;
    }
}

/* Every answer put into the outbox so far is in the collector, once; the
 * outbox is empty. */
static void assert_all_delivered(const collector_proc *collector, const kiosk_proc *kiosk,
                                 const idset *expected, const char *what)
{
    if (!collector_proc_wait_answers(collector, expected->n, WAIT_MS) ||
        !kiosk_proc_wait_empty(kiosk->outbox, WAIT_MS))
        fail_msg("%s: %lld of %d answers in the collector, %lld still in the outbox "
                 "(logs: %s, %s)",
                 what, collector_proc_answers(collector), expected->n,
                 kiosk_proc_waiting(kiosk->outbox), collector_proc_log(collector), kiosk->log);
    idset held;
    idset_read(&held, collector_proc_store(collector), "SELECT id FROM answer");
    idset_assert_equal(expected, &held, what);
    idset_free(&held);
}

static void run_rounds(fault which)
{
    const char *name = FAULT_NAMES[which];
    const char *const kiosks[] = {DEVICE};
    broker_options bo = {.kiosks = kiosks, .n_kiosks = 1};
    broker *b = broker_start(name, &bo);
    collector_proc_options co = {.devices = kiosks, .n_devices = 1};
    collector_proc *collector = collector_proc_start(b, name, &co);
    kiosk_proc kiosk;
    /* A small window: the drain takes many round trips, so a strike finds
     * answers in every state (unsent, in flight, queued, unacknowledged). */
    kiosk_proc_delivery delivery = {.resend_seconds = 2, .window = 40, .batch = 20};
    kiosk_proc_config(&kiosk, name, DEVICE, b, &delivery);
    idset expected = {0};

    for (int round = 1; round <= ROUNDS; round++) {
        long long before = expected.n;
        kiosk_proc_fill(kiosk.outbox, ANSWERS_PER_ROUND, &expected);
        long long at = before + 1 + rand() % (ANSWERS_PER_ROUND - 1);
        kiosk_proc_start(&kiosk);
        assert_true(collector_proc_wait_answers(collector, at, WAIT_MS));
        long long stored = collector_proc_answers(collector) - before;
        strike(which, b, collector, &kiosk);
        char what[160];
        snprintf(what, sizeof what, "%s fault, round %d (struck with %lld of %d stored)", name,
                 round, stored, ANSWERS_PER_ROUND);
        assert_all_delivered(collector, &kiosk, &expected, what);
        printf("%s: every answer once, outbox empty\n", what);
        /* A kiosk started a moment ago may not have its SIGTERM handler yet. */
        assert_true(kiosk_proc_wait_online(&kiosk, WAIT_MS));
        assert_int_equal(kiosk_proc_stop(&kiosk), 0);
    }
    collector_proc_stop(collector);
    broker_stop(b);
    idset_free(&expected);
}

static void test_kiosk_power_cut_while_draining(void **state)
{
    (void)state;
    run_rounds(FAULT_KIOSK);
}

static void test_broker_crash_while_draining(void **state)
{
    (void)state;
    run_rounds(FAULT_BROKER);
}

static void test_collector_crash_while_ingesting(void **state)
{
    (void)state;
    run_rounds(FAULT_COLLECTOR);
}

static void test_network_cut_while_in_flight(void **state)
{
    (void)state;
    run_rounds(FAULT_NETWORK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kiosk_power_cut_while_draining),
        cmocka_unit_test(test_broker_crash_while_draining),
        cmocka_unit_test(test_collector_crash_while_ingesting),
        cmocka_unit_test(test_network_cut_while_in_flight),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
