/* test_flow_toolkit_admin.c -- the flow's screens beside the check-in
 * (app/core/flow.c and flow_admin.c): the hidden admin entry (corner hold,
 * PIN pad, lockout, timeouts), the language chosen in every state, and the
 * toolkit (categories, items, the items suggested on "thank you", and where
 * leaving it goes). Driven with the fake clock and the small pack of
 * tests/support/flow_fixture.h.
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

/* ---- admin -------------------------------------------------------------- */

static void test_admin_with_right_pin(void **state)
{
    rig *r = *state;
    assert_int_equal(send(r, FLOW_EV_CORNER_HOLD, 3000), FLOW_ACT_REDRAW);
    assert_state(r, FLOW_ADMIN_PIN);
    type_pin(r, "2468");
    assert_string_equal(r->f.pin, "2468");
    assert_int_equal(send(r, FLOW_EV_PIN_ENTER, 0), FLOW_ACT_REDRAW);
    assert_int_equal(r->status, SR_OK);
    assert_state(r, FLOW_ADMIN);
    assert_string_equal(r->f.pin, ""); /* not kept once used */
    assert_int_equal(send(r, FLOW_EV_SCORE, 0), FLOW_ACT_NONE);
    assert_int_equal(r->status, SR_E_STATE);
    assert_int_equal(send(r, FLOW_EV_BACK, 0), FLOW_ACT_REDRAW);
    assert_state(r, FLOW_IDLE);

    /* From a session too; leaving ends the session. */
    send(r, FLOW_EV_LANGUAGE, 1);
    send(r, FLOW_EV_CORNER_HOLD, 5000);
    assert_state(r, FLOW_ADMIN_PIN);
    assert_int_equal(send(r, FLOW_EV_HOME, 0), FLOW_ACT_REDRAW);
    assert_state(r, FLOW_IDLE);
    assert_int_equal(r->f.lang, 0);
    send(r, FLOW_EV_CORNER_HOLD, 5000);
    type_pin(r, "2468");
    send(r, FLOW_EV_PIN_ENTER, 0);
    assert_int_equal(send(r, FLOW_EV_HOME, 0), FLOW_ACT_REDRAW);
    assert_state(r, FLOW_IDLE);
}

static void test_admin_hold_too_short_or_no_pin(void **state)
{
    rig *r = *state;
    assert_int_equal(send(r, FLOW_EV_CORNER_HOLD, 2999), FLOW_ACT_NONE);
    assert_int_equal(r->status, SR_E_INVALID);
    assert_state(r, FLOW_IDLE);
    r->config.admin_hold_ms = 500; /* a stray touch must not open it */
    assert_int_equal(send(r, FLOW_EV_CORNER_HOLD, 1999), FLOW_ACT_NONE);
    assert_int_equal(send(r, FLOW_EV_CORNER_HOLD, FLOW_ADMIN_HOLD_MIN_MS), FLOW_ACT_REDRAW);
    assert_state(r, FLOW_ADMIN_PIN);
    send(r, FLOW_EV_BACK, 0);
    r->config.admin_pin[0] = '\0';
    assert_int_equal(send(r, FLOW_EV_CORNER_HOLD, 10000), FLOW_ACT_NONE);
    assert_int_equal(r->status, SR_E_DENIED);
    assert_state(r, FLOW_IDLE);
}

static void test_admin_wrong_pin_and_lockout(void **state)
{
    rig *r = *state;
    static const char *const wrong[] = {"1111", "246", "24680", "", "8642"};
    send(r, FLOW_EV_CORNER_HOLD, 3000);
    for (int i = 0; i < FLOW_PIN_MAX_ATTEMPTS - 1; i++) {
        type_pin(r, wrong[i]);
        assert_int_equal(send(r, FLOW_EV_PIN_ENTER, 0), FLOW_ACT_REDRAW);
        assert_int_equal(r->status, SR_E_DENIED);
        assert_state(r, FLOW_ADMIN_PIN);
        assert_true(r->f.pin_wrong);
        assert_string_equal(r->f.pin, "");
        assert_int_equal(r->f.pin_failures, i + 1);
    }
    send(r, FLOW_EV_PIN_DIGIT, 8);
    assert_false(r->f.pin_wrong); /* typing again hides "wrong PIN" */
    send(r, FLOW_EV_PIN_CLEAR, 0);
    type_pin(r, wrong[4]);
    assert_int_equal(send(r, FLOW_EV_PIN_ENTER, 0), FLOW_ACT_REDRAW);
    assert_int_equal(r->status, SR_E_DENIED);
    assert_state(r, FLOW_IDLE);
    assert_true(r->f.pin_locked_until == r->now + 300000);
    assert_int_equal(r->f.pin_failures, 0);

    assert_int_equal(send(r, FLOW_EV_CORNER_HOLD, 3000), FLOW_ACT_NONE);
    assert_int_equal(r->status, SR_E_DENIED);
    r->now += 299999;
    send(r, FLOW_EV_CORNER_HOLD, 3000);
    assert_int_equal(r->status, SR_E_DENIED);
    r->now += 1;
    assert_int_equal(send(r, FLOW_EV_CORNER_HOLD, 3000), FLOW_ACT_REDRAW);
    type_pin(r, "2468");
    send(r, FLOW_EV_PIN_ENTER, 0);
    assert_state(r, FLOW_ADMIN);
}

static void test_admin_pin_pad_limits(void **state)
{
    rig *r = *state;
    send(r, FLOW_EV_CORNER_HOLD, 3000);
    assert_int_equal(send(r, FLOW_EV_PIN_DIGIT, 10), FLOW_ACT_NONE);
    assert_int_equal(r->status, SR_E_INVALID);
    assert_int_equal(send(r, FLOW_EV_PIN_DIGIT, -1), FLOW_ACT_NONE);
    assert_int_equal(r->status, SR_E_INVALID);
    for (int i = 0; i < FLOW_PIN_MAX; i++)
        send(r, FLOW_EV_PIN_DIGIT, 7);
    assert_int_equal(send(r, FLOW_EV_PIN_DIGIT, 7), FLOW_ACT_NONE);
    assert_int_equal(r->status, SR_E_LIMIT);
    assert_int_equal(strlen(r->f.pin), FLOW_PIN_MAX);
    assert_int_equal(send(r, FLOW_EV_PIN_CLEAR, 0), FLOW_ACT_REDRAW);
    assert_string_equal(r->f.pin, "");
    assert_int_equal(send(r, FLOW_EV_LANGUAGE, 1), FLOW_ACT_NONE);
    assert_int_equal(r->status, SR_E_STATE);
}

static void test_admin_screens_time_out(void **state)
{
    rig *r = *state;
    send(r, FLOW_EV_CORNER_HOLD, 3000);
    send(r, FLOW_EV_PIN_DIGIT, 2);
    assert_true(flow_next_deadline(&r->f, r->now) == r->now + 60000);
    assert_int_equal(tick_after(r, 60000), FLOW_ACT_REDRAW);
    assert_state(r, FLOW_IDLE); /* straight to IDLE, no "still there?" */
    assert_string_equal(r->f.pin, "");
    send(r, FLOW_EV_CORNER_HOLD, 3000);
    type_pin(r, "2468");
    send(r, FLOW_EV_PIN_ENTER, 0);
    assert_state(r, FLOW_ADMIN);
    assert_int_equal(tick_after(r, 59999), FLOW_ACT_NONE);
    assert_int_equal(tick_after(r, 1), FLOW_ACT_REDRAW);
    assert_state(r, FLOW_IDLE);
}

/* ---- language ----------------------------------------------------------- */

static void expect_language(rig *r, int lang, sr_status expected)
{
    int before = r->f.lang;
    flow_action action = send(r, FLOW_EV_LANGUAGE, lang);
    assert_int_equal(r->status, expected);
    assert_int_equal(action, expected == SR_OK ? FLOW_ACT_REDRAW : FLOW_ACT_NONE);
    assert_int_equal(r->f.lang, expected == SR_OK ? lang : before);
}

static void test_language_in_every_state(void **state)
{
    rig *r = *state;
    expect_language(r, 2, SR_E_INVALID);
    expect_language(r, -1, SR_E_INVALID);
    expect_language(r, 1, SR_OK);
    assert_state(r, FLOW_CHECKIN); /* choosing a language starts a session */
    expect_language(r, 0, SR_OK);
    expect_language(r, 1, SR_OK);
    send(r, FLOW_EV_SCORE, 0);
    assert_int_equal(r->f.answer.lang, 1);
    expect_language(r, 0, SR_OK); /* followup: the answer follows */
    assert_int_equal(r->f.answer.lang, 0);
    send(r, FLOW_EV_DONE, 0);
    expect_language(r, 1, SR_E_STATE); /* saving */
    send(r, FLOW_EV_COMMIT_OK, 0);
    expect_language(r, 1, SR_OK); /* thanks: the committed answer stays */
    assert_int_equal(r->f.answer.lang, 0);
    send(r, FLOW_EV_TOOLKIT, 0);
    expect_language(r, 0, SR_OK);
    send(r, FLOW_EV_CATEGORY, 1);
    expect_language(r, 1, SR_OK);
    send(r, FLOW_EV_ITEM, COACH);
    expect_language(r, 0, SR_OK);
    expect_language(r, 1, SR_OK);
    go_still_there(r);
    expect_language(r, 0, SR_E_STATE);
    send(r, FLOW_EV_CONTINUE, 0);
    send(r, FLOW_EV_HOME, 0); /* thanks has passed meanwhile: back to the faces */
    assert_state(r, FLOW_IDLE);
    assert_int_equal(r->f.lang, 0); /* reset at the end of the session */

    r->now += 20000;
    send(r, FLOW_EV_LANGUAGE, 1);
    check_in(r, 0);
    send(r, FLOW_EV_COMMIT_FAILED, 0);
    expect_language(r, 0, SR_E_STATE);
    send(r, FLOW_EV_BACK, 0);
    assert_int_equal(r->f.lang, 0);
    send(r, FLOW_EV_CORNER_HOLD, 3000);
    expect_language(r, 1, SR_E_STATE);
    type_pin(r, "2468");
    send(r, FLOW_EV_PIN_ENTER, 0);
    expect_language(r, 1, SR_E_STATE);
}

/* ---- toolkit ------------------------------------------------------------ */

static void test_toolkit_from_idle(void **state)
{
    rig *r = *state;
    assert_int_equal(send(r, FLOW_EV_TOOLKIT, 0), FLOW_ACT_REDRAW);
    assert_state(r, FLOW_TOOLKIT);
    assert_int_equal(r->f.toolkit_return, FLOW_IDLE);
    assert_int_equal(send(r, FLOW_EV_ITEM, COACH), FLOW_ACT_NONE);
    assert_int_equal(r->status, SR_E_STATE);
    assert_int_equal(send(r, FLOW_EV_CATEGORY, 2), FLOW_ACT_NONE);
    assert_int_equal(r->status, SR_E_INVALID);
    assert_int_equal(send(r, FLOW_EV_CATEGORY, 1), FLOW_ACT_REDRAW);
    assert_state(r, FLOW_CATEGORY);
    assert_int_equal(send(r, FLOW_EV_ITEM, BREATHING), FLOW_ACT_NONE); /* other category */
    assert_int_equal(r->status, SR_E_INVALID);
    assert_int_equal(send(r, FLOW_EV_ITEM, N_ITEMS), FLOW_ACT_NONE);
    assert_int_equal(r->status, SR_E_INVALID);
    assert_int_equal(send(r, FLOW_EV_ITEM, COACH), FLOW_ACT_ITEM_OPENED);
    assert_state(r, FLOW_ITEM);
    assert_int_equal(r->f.item, COACH);
    assert_int_equal(send(r, FLOW_EV_BACK, 0), FLOW_ACT_REDRAW);
    assert_state(r, FLOW_CATEGORY);
    assert_int_equal(send(r, FLOW_EV_BACK, 0), FLOW_ACT_REDRAW);
    assert_state(r, FLOW_TOOLKIT);
    send(r, FLOW_EV_LANGUAGE, 1);
    assert_int_equal(send(r, FLOW_EV_BACK, 0), FLOW_ACT_REDRAW);
    assert_state(r, FLOW_IDLE);
    assert_int_equal(r->f.lang, 0);

    /* home from deep inside */
    send(r, FLOW_EV_TOOLKIT, 0);
    send(r, FLOW_EV_CATEGORY, 0);
    assert_int_equal(send(r, FLOW_EV_HOME, 0), FLOW_ACT_REDRAW);
    assert_state(r, FLOW_IDLE);
    send(r, FLOW_EV_TOOLKIT, 0);
    send(r, FLOW_EV_CATEGORY, 0);
    send(r, FLOW_EV_ITEM, APPS);
    assert_int_equal(send(r, FLOW_EV_HOME, 0), FLOW_ACT_REDRAW);
    assert_state(r, FLOW_IDLE);
    send(r, FLOW_EV_TOOLKIT, 0);
    assert_int_equal(send(r, FLOW_EV_HOME, 0), FLOW_ACT_REDRAW);
    assert_state(r, FLOW_IDLE);
}

static void test_toolkit_from_checkin(void **state)
{
    rig *r = *state;
    send(r, FLOW_EV_LANGUAGE, 1);
    send(r, FLOW_EV_TOOLKIT, 0);
    assert_int_equal(r->f.toolkit_return, FLOW_CHECKIN);
    send(r, FLOW_EV_CATEGORY, 0);
    send(r, FLOW_EV_ITEM, YOGA);
    assert_int_equal(send(r, FLOW_EV_HOME, 0), FLOW_ACT_REDRAW);
    assert_state(r, FLOW_CHECKIN);
    assert_int_equal(r->f.lang, 1); /* the session goes on */
    send(r, FLOW_EV_TOOLKIT, 0);
    send(r, FLOW_EV_BACK, 0);
    assert_state(r, FLOW_CHECKIN);
    /* browsing long enough asks "still there?" and comes back to the item */
    send(r, FLOW_EV_TOOLKIT, 0);
    send(r, FLOW_EV_CATEGORY, 0);
    send(r, FLOW_EV_ITEM, YOGA);
    go_still_there(r);
    assert_int_equal(r->f.interrupted, FLOW_ITEM);
    send(r, FLOW_EV_CONTINUE, 0);
    assert_state(r, FLOW_ITEM);
    assert_int_equal(r->f.item, YOGA);
}

static void test_toolkit_from_thanks(void **state)
{
    rig *r = *state;
    check_in_committed(r, 0);
    int64_t thanks_until = r->f.thanks_until;
    assert_int_equal(send(r, FLOW_EV_TOOLKIT, 0), FLOW_ACT_REDRAW);
    assert_int_equal(r->f.toolkit_return, FLOW_THANKS);
    assert_int_equal(send(r, FLOW_EV_BACK, 0), FLOW_ACT_REDRAW);
    assert_state(r, FLOW_THANKS); /* thanks still showing */
    send(r, FLOW_EV_TOOLKIT, 0);
    send(r, FLOW_EV_CATEGORY, 1);
    assert_int_equal(tick_at(r, thanks_until + 1), FLOW_ACT_NONE); /* browsing: no thanks timer */
    assert_state(r, FLOW_CATEGORY);
    assert_int_equal(send(r, FLOW_EV_HOME, 0), FLOW_ACT_REDRAW);
    assert_state(r, FLOW_IDLE); /* thanks has passed */
    assert_int_equal(r->f.commits, 1);
}

static void test_toolkit_after_thanks_times_out_without_discard(void **state)
{
    rig *r = *state;
    check_in_committed(r, 0);
    send(r, FLOW_EV_TOOLKIT, 0);
    go_still_there(r);
    assert_int_equal(r->f.interrupted, FLOW_TOOLKIT);
    tick_at(r, r->f.still_there_until);
    assert_state(r, FLOW_IDLE);
    assert_int_equal(r->f.commits, 1);
    assert_int_equal(r->f.discards, 0); /* it was already stored */
}

static void test_suggested_item_from_thanks(void **state)
{
    rig *r = *state;
    check_in_committed(r, 0);
    assert_true(r->f.n_suggestions > 0);
    assert_int_equal(send(r, FLOW_EV_ITEM, YOGA), FLOW_ACT_NONE); /* not suggested */
    assert_int_equal(r->status, SR_E_INVALID);
    int item = r->f.suggestions[0];
    assert_int_equal(send(r, FLOW_EV_ITEM, item), FLOW_ACT_ITEM_OPENED);
    assert_state(r, FLOW_ITEM);
    assert_int_equal(r->f.item, item);
    assert_true(r->f.item_from_thanks);
    assert_int_equal(send(r, FLOW_EV_BACK, 0), FLOW_ACT_REDRAW);
    assert_state(r, FLOW_THANKS);
    assert_false(r->f.item_from_thanks);
    int urgent = r->f.suggestions[r->f.n_suggestions - 1];
    assert_int_equal(send(r, FLOW_EV_ITEM, urgent), FLOW_ACT_ITEM_OPENED);
    r->now = r->f.thanks_until; /* read until thanks would have gone */
    assert_int_equal(send(r, FLOW_EV_BACK, 0), FLOW_ACT_REDRAW);
    assert_state(r, FLOW_IDLE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, flow_fixture_setup, flow_fixture_teardown)
        T(test_admin_with_right_pin),
        T(test_admin_hold_too_short_or_no_pin),
        T(test_admin_wrong_pin_and_lockout),
        T(test_admin_pin_pad_limits),
        T(test_admin_screens_time_out),
        T(test_language_in_every_state),
        T(test_toolkit_from_idle),
        T(test_toolkit_from_checkin),
        T(test_toolkit_from_thanks),
        T(test_toolkit_after_thanks_times_out_without_discard),
        T(test_suggested_item_from_thanks),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
