/* test_flow_timers.c -- the flow's timers (app/core/flow_timers.c) on a fake
 * clock: the thanks message and the cooldown after a commit, the idle
 * timeout and its "still there?" countdown (and the unfinished answer it
 * discards), the configured times clamped to their minimums, and the
 * deadline the kiosk sleeps until. Nothing here waits: the clock moves only
 * when a test moves it (tests/support/flow_fixture.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "flow_fixture.h"

/* ---- thanks and cooldown ------------------------------------------------ */

static void test_thanks_times_out(void **state)
{
    rig *r = *state;
    send(r, FLOW_EV_LANGUAGE, 1);
    check_in_committed(r, 4);
    assert_true(flow_next_deadline(&r->f, r->now) == r->now + 8000);
    assert_int_equal(tick_after(r, 7999), FLOW_ACT_NONE);
    assert_int_equal(tick_after(r, 1), FLOW_ACT_REDRAW);
    assert_state(r, FLOW_IDLE);
    assert_int_equal(r->f.lang, 0);
}

static void test_cooldown_refuses_then_allows(void **state)
{
    rig *r = *state;
    check_in_committed(r, 4);
    int64_t committed_at = r->now;
    assert_int_equal(send(r, FLOW_EV_SCORE, 0), FLOW_ACT_NONE);
    assert_int_equal(r->status, SR_E_DENIED);
    assert_int_equal(send(r, FLOW_EV_DONE, 0), FLOW_ACT_REDRAW); /* back to the faces */
    assert_state(r, FLOW_IDLE);
    assert_false(flow_can_check_in(&r->f, r->now));
    assert_int_equal(send(r, FLOW_EV_SCORE, 0), FLOW_ACT_NONE);
    assert_int_equal(r->status, SR_E_DENIED);
    assert_state(r, FLOW_IDLE);
    send(r, FLOW_EV_LANGUAGE, 1); /* also refused in a session */
    assert_int_equal(send(r, FLOW_EV_SCORE, 0), FLOW_ACT_NONE);
    assert_int_equal(r->status, SR_E_DENIED);
    send(r, FLOW_EV_HOME, 0);
    assert_true(flow_next_deadline(&r->f, r->now) == committed_at + 20000);
    assert_int_equal(tick_at(r, committed_at + 19999), FLOW_ACT_NONE);
    assert_false(flow_can_check_in(&r->f, r->now));
    assert_int_equal(tick_at(r, committed_at + 20000), FLOW_ACT_REDRAW); /* note goes */
    assert_int_equal(tick_at(r, committed_at + 20000), FLOW_ACT_NONE);
    assert_true(flow_next_deadline(&r->f, r->now) == INT64_MAX);
    assert_true(flow_can_check_in(&r->f, r->now));
    assert_int_equal(send(r, FLOW_EV_SCORE, 0), FLOW_ACT_REDRAW);
    assert_state(r, FLOW_FOLLOWUP);
}

static void test_thanks_home_keeps_cooldown(void **state)
{
    rig *r = *state;
    check_in_committed(r, 4);
    assert_int_equal(send(r, FLOW_EV_HOME, 0), FLOW_ACT_REDRAW);
    assert_state(r, FLOW_IDLE);
    assert_false(flow_can_check_in(&r->f, r->now));
    assert_int_equal(send(r, FLOW_EV_BACK, 0), FLOW_ACT_NONE);
    assert_int_equal(r->status, SR_E_STATE);
}

/* ---- idle timeout and "still there?" ------------------------------------ */

static void test_idle_timeout_then_continue(void **state)
{
    rig *r = *state;
    send(r, FLOW_EV_LANGUAGE, 1);
    assert_state(r, FLOW_CHECKIN);
    assert_true(flow_next_deadline(&r->f, r->now) == r->now + 60000);
    assert_int_equal(tick_after(r, 59999), FLOW_ACT_NONE);
    assert_int_equal(tick_after(r, 1), FLOW_ACT_REDRAW);
    assert_state(r, FLOW_STILL_THERE);
    assert_int_equal(r->f.interrupted, FLOW_CHECKIN);
    assert_int_equal(send(r, FLOW_EV_SCORE, 0), FLOW_ACT_NONE);
    assert_int_equal(r->status, SR_E_STATE);
    assert_int_equal(send(r, FLOW_EV_CONTINUE, 0), FLOW_ACT_REDRAW);
    assert_state(r, FLOW_CHECKIN);
    assert_int_equal(r->f.lang, 1);

    /* In a follow-up: a touch continues, and the chips are still there. */
    send(r, FLOW_EV_SCORE, 1);
    send(r, FLOW_EV_TOGGLE, AFF_STAFFING);
    assert_int_equal(tick_after(r, 50000), FLOW_ACT_NONE);
    send(r, FLOW_EV_TOGGLE, AFF_TEAM); /* input resets the timer */
    assert_int_equal(tick_after(r, 50000), FLOW_ACT_NONE);
    assert_state(r, FLOW_FOLLOWUP);
    go_still_there(r);
    assert_int_equal(send(r, FLOW_EV_TOUCH, 0), FLOW_ACT_REDRAW);
    assert_state(r, FLOW_FOLLOWUP);
    assert_int_equal(r->f.answer.chosen[1], (1u << AFF_STAFFING) | (1u << AFF_TEAM));
    assert_true(flow_next_deadline(&r->f, r->now) == r->now + 60000);
    assert_int_equal(send(r, FLOW_EV_DONE, 0), FLOW_ACT_COMMIT);
}

static void test_idle_timeout_discards_unfinished_answer(void **state)
{
    rig *r = *state;
    send(r, FLOW_EV_LANGUAGE, 1);
    send(r, FLOW_EV_SCORE, 0);
    send(r, FLOW_EV_TOGGLE, AFF_WORKLOAD);
    go_still_there(r);
    int64_t until = r->f.still_there_until;
    assert_true(until == r->now + 30000);
    assert_int_not_equal(tick_at(r, until - 1), FLOW_ACT_COMMIT);
    assert_state(r, FLOW_STILL_THERE);
    assert_int_equal(tick_at(r, until), FLOW_ACT_REDRAW);
    assert_state(r, FLOW_IDLE);
    assert_int_equal(r->f.discards, 1);
    assert_int_equal(r->f.commits, 0);
    assert_int_equal(r->f.lang, 0); /* the next person starts in the default */
    assert_int_equal(r->f.answer.score_option, -1);
    assert_int_equal(r->f.answer.chosen[1], 0);
    assert_true(flow_can_check_in(&r->f, r->now)); /* no cooldown: nothing stored */

    /* A session with no score given is not a discarded answer. */
    send(r, FLOW_EV_LANGUAGE, 1);
    go_still_there(r);
    tick_at(r, r->f.still_there_until);
    assert_state(r, FLOW_IDLE);
    assert_int_equal(r->f.discards, 1);
}

static void test_still_there_countdown(void **state)
{
    rig *r = *state;
    send(r, FLOW_EV_LANGUAGE, 1);
    go_still_there(r);
    int64_t t = r->now;
    assert_int_equal(flow_still_there_seconds(&r->f, t), 30);
    assert_true(flow_next_deadline(&r->f, t) == t + 1000);
    assert_int_equal(tick_at(r, t + 999), FLOW_ACT_NONE);
    assert_int_equal(flow_still_there_seconds(&r->f, r->now), 30);
    assert_int_equal(tick_at(r, t + 1000), FLOW_ACT_REDRAW);
    assert_int_equal(flow_still_there_seconds(&r->f, r->now), 29);
    assert_int_equal(tick_at(r, t + 1000), FLOW_ACT_NONE); /* idempotent */
    assert_true(flow_next_deadline(&r->f, r->now) == t + 2000);
    assert_int_equal(tick_at(r, t + 1500), FLOW_ACT_NONE);
    assert_true(flow_next_deadline(&r->f, r->now) == t + 2000);
    assert_int_equal(tick_at(r, t + 29500), FLOW_ACT_REDRAW);
    assert_int_equal(flow_still_there_seconds(&r->f, r->now), 1);
    assert_true(flow_next_deadline(&r->f, r->now) == t + 30000);
    assert_int_equal(tick_at(r, t + 30000), FLOW_ACT_REDRAW);
    assert_state(r, FLOW_IDLE);
    assert_int_equal(flow_still_there_seconds(&r->f, r->now), 0);
}

static void test_config_minimums_clamped(void **state)
{
    rig *r = *state;
    r->config.still_there_ms = 5000; /* too short to notice */
    r->config.idle_timeout_ms = 100;
    send(r, FLOW_EV_LANGUAGE, 1);
    assert_int_equal(tick_after(r, 4999), FLOW_ACT_NONE);
    assert_int_equal(tick_after(r, 1), FLOW_ACT_REDRAW);
    assert_state(r, FLOW_STILL_THERE);
    assert_int_equal(flow_still_there_seconds(&r->f, r->now), 20);
    assert_true(r->f.still_there_until == r->now + FLOW_STILL_THERE_MIN_MS);
    assert_int_equal(r->config.still_there_ms, 5000); /* borrowed: never written */
}

/* ---- deadlines ---------------------------------------------------------- */

static void test_next_deadline(void **state)
{
    rig *r = *state;
    assert_true(flow_next_deadline(&r->f, r->now) == INT64_MAX);
    send(r, FLOW_EV_TOOLKIT, 0);
    assert_true(flow_next_deadline(&r->f, r->now) == r->now + 60000);
    send(r, FLOW_EV_BACK, 0);
    assert_true(flow_next_deadline(&r->f, r->now) == INT64_MAX);
    r->now += 5000;
    send(r, FLOW_EV_SCORE, 3);
    assert_true(flow_next_deadline(&r->f, r->now) == r->now + 60000);
    send(r, FLOW_EV_DONE, 0);
    assert_true(flow_next_deadline(&r->f, r->now) == INT64_MAX);
    send(r, FLOW_EV_COMMIT_OK, 0);
    int64_t committed = r->now;
    assert_true(flow_next_deadline(&r->f, r->now) == committed + 8000); /* thanks < cooldown */
    tick_at(r, committed + 8000);
    assert_state(r, FLOW_IDLE);
    assert_true(flow_next_deadline(&r->f, r->now) == committed + 20000); /* the cooldown */
    tick_at(r, committed + 20000);
    assert_true(flow_next_deadline(&r->f, r->now) == INT64_MAX);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, flow_fixture_setup, flow_fixture_teardown)
        T(test_thanks_times_out),
        T(test_cooldown_refuses_then_allows),
        T(test_thanks_home_keeps_cooldown),
        T(test_idle_timeout_then_continue),
        T(test_idle_timeout_discards_unfinished_answer),
        T(test_still_there_countdown),
        T(test_config_minimums_clamped),
        T(test_next_deadline),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
