/* test_flow_fuzz.c -- the flow (app/core/flow*.c) against input nobody
 * planned for: odd events and malformed text, every event the table of
 * transitions at the top of flow.c does not list (refused, and the flow left
 * exactly as it was), and a seeded run of random events and ticks with the
 * invariants asserted after every one. A stray tap on a kiosk in a staff
 * room must never crash it, lose an answer or store one twice.
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

/* ---- odd input ---------------------------------------------------------- */

static void test_odd_input_is_harmless(void **state)
{
    rig *r = *state;
    flow_event bogus = {.type = FLOW_EV_COUNT, .arg = 0};
    sr_status status = SR_OK;
    assert_int_equal(flow_handle(&r->f, &bogus, r->now, &status), FLOW_ACT_NONE);
    assert_int_equal(status, SR_E_INVALID);
    flow_event score = {.type = FLOW_EV_SCORE, .arg = 0};
    /* status is optional */
    assert_int_equal(flow_handle(&r->f, &score, r->now, NULL), FLOW_ACT_REDRAW);

    /* malformed UTF-8 far longer than the buffer: never overflows */
    fixture_pack_with_text(&r->pack);
    r->pack.questions[3].max_length = CONTENT_TEXT_MAX_LENGTH;
    static char junk[5000];
    memset(junk, 0x80, sizeof junk - 1);
    junk[0] = 'a';
    send(r, FLOW_EV_SKIP, 0);
    send(r, FLOW_EV_SKIP, 0);
    assert_int_equal(send_text(r, FLOW_EV_TEXT, 0, junk), FLOW_ACT_REDRAW);
    assert_string_equal(r->f.answer.text[3], "");
    send(r, FLOW_EV_BACK, 0);
    send(r, FLOW_EV_BACK, 0);
    send(r, FLOW_EV_BACK, 0);
    send(r, FLOW_EV_HOME, 0);

    /* the PIN is removed from the config while the pad is open */
    send(r, FLOW_EV_CORNER_HOLD, 3000);
    r->config.admin_pin[0] = '\0';
    assert_int_equal(send(r, FLOW_EV_PIN_ENTER, 0), FLOW_ACT_REDRAW);
    assert_int_equal(r->status, SR_E_DENIED);
    assert_state(r, FLOW_IDLE);
}

/* ---- every event not in the transition table is refused ----------------- */

#define EV_BIT(e) (1u << (e))

typedef struct state_case {
    flow_state state;
    unsigned allowed; /* EV_BIT()s of the events the table lists */
} state_case;

static void reach(rig *r, flow_state s)
{
    switch (s) {
    case FLOW_IDLE: break;
    case FLOW_CHECKIN: send(r, FLOW_EV_LANGUAGE, 1); break;
    case FLOW_FOLLOWUP: send(r, FLOW_EV_SCORE, 0); break;
    case FLOW_SAVING: check_in(r, 0); break;
    case FLOW_THANKS: check_in_committed(r, 0); break;
    case FLOW_SAVE_FAILED: check_in(r, 0); send(r, FLOW_EV_COMMIT_FAILED, 0); break;
    case FLOW_TOOLKIT: send(r, FLOW_EV_TOOLKIT, 0); break;
    case FLOW_CATEGORY: reach(r, FLOW_TOOLKIT); send(r, FLOW_EV_CATEGORY, 0); break;
    case FLOW_ITEM: reach(r, FLOW_CATEGORY); send(r, FLOW_EV_ITEM, BREATHING); break;
    case FLOW_STILL_THERE: reach(r, FLOW_CHECKIN); go_still_there(r); break;
    case FLOW_ADMIN_PIN: send(r, FLOW_EV_CORNER_HOLD, 3000); break;
    case FLOW_ADMIN:
        reach(r, FLOW_ADMIN_PIN);
        type_pin(r, "2468");
        send(r, FLOW_EV_PIN_ENTER, 0);
        break;
    default: fail();
    }
    assert_state(r, s);
}

static void test_events_outside_the_table_are_refused(void **state)
{
    rig *r = *state;
    const unsigned checkin = EV_BIT(FLOW_EV_SCORE) | EV_BIT(FLOW_EV_LANGUAGE) |
                             EV_BIT(FLOW_EV_TOOLKIT) | EV_BIT(FLOW_EV_CORNER_HOLD) |
                             EV_BIT(FLOW_EV_TOUCH);
    const unsigned leave = EV_BIT(FLOW_EV_BACK) | EV_BIT(FLOW_EV_HOME) | EV_BIT(FLOW_EV_TOUCH);
    const unsigned browse = leave | EV_BIT(FLOW_EV_LANGUAGE);
    const state_case cases[] = {
        {FLOW_IDLE, checkin},
        {FLOW_CHECKIN, checkin | leave},
        {FLOW_FOLLOWUP, EV_BIT(FLOW_EV_TOGGLE) | EV_BIT(FLOW_EV_NEXT) | EV_BIT(FLOW_EV_SKIP) |
                            EV_BIT(FLOW_EV_DONE) | EV_BIT(FLOW_EV_BACK) | EV_BIT(FLOW_EV_LANGUAGE) |
                            EV_BIT(FLOW_EV_TOUCH)},
        {FLOW_SAVING, EV_BIT(FLOW_EV_COMMIT_OK) | EV_BIT(FLOW_EV_COMMIT_FAILED)},
        {FLOW_THANKS, EV_BIT(FLOW_EV_SCORE) | EV_BIT(FLOW_EV_ITEM) | EV_BIT(FLOW_EV_TOOLKIT) |
                          EV_BIT(FLOW_EV_HOME) | EV_BIT(FLOW_EV_DONE) | EV_BIT(FLOW_EV_LANGUAGE) |
                          EV_BIT(FLOW_EV_TOUCH)},
        {FLOW_SAVE_FAILED, leave | EV_BIT(FLOW_EV_NEXT) | EV_BIT(FLOW_EV_DONE)},
        {FLOW_TOOLKIT, browse | EV_BIT(FLOW_EV_CATEGORY)},
        {FLOW_CATEGORY, browse | EV_BIT(FLOW_EV_ITEM)},
        {FLOW_ITEM, browse},
        {FLOW_STILL_THERE, EV_BIT(FLOW_EV_CONTINUE) | EV_BIT(FLOW_EV_TOUCH)},
        {FLOW_ADMIN_PIN, leave | EV_BIT(FLOW_EV_PIN_DIGIT) | EV_BIT(FLOW_EV_PIN_CLEAR) |
                             EV_BIT(FLOW_EV_PIN_ENTER)},
        {FLOW_ADMIN, leave},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        for (int type = 0; type < FLOW_EV_COUNT; type++) {
            flow_init(&r->f, &r->pack, &r->config, r->now);
            reach(r, cases[c].state);
            flow before;
    memcpy(&before, &r->f, sizeof before);
            flow_action action = send_text(r, (flow_event_type)type, 0, "x");
            if (cases[c].allowed & EV_BIT(type)) {
                assert_int_not_equal(r->status, SR_E_STATE);
                continue;
            }
            if (r->status != SR_E_STATE)
                fail_msg("%s accepted event %d", flow_state_name(cases[c].state), type);
            assert_int_equal(action, FLOW_ACT_NONE);
            assert_memory_equal(&r->f, &before, sizeof before);
        }
        r->now += 21000; /* past any cooldown */
    }
}

/* ---- fuzz --------------------------------------------------------------- */

static uint64_t rng_state;

static uint32_t rng(void)
{
    /* xorshift64*: small, seeded, the same sequence on every machine */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (uint32_t)((rng_state * 2685821657736338717ull) >> 32);
}

static flow_event random_event(const flow *f)
{
    static const char *const texts[] = {
        "", "ok", "h\xc3\xa9llo w\xc3\xb6rld",
        "\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac", /* 6 x euro */
        "\x80\x80\xff"}; /* not UTF-8 at all */
    flow_event ev = {.type = (flow_event_type)(rng() % FLOW_EV_COUNT),
                     .arg = (int)(rng() % 8) - 1,
                     .text = texts[rng() % 5]};
    if (ev.type == FLOW_EV_CORNER_HOLD)
        ev.arg = (int)(rng() % 5000);
    if (f->state == FLOW_ADMIN_PIN && rng() % 2) { /* give the PIN a fair chance */
        size_t typed = strlen(f->pin);
        ev.type = typed >= 2 || rng() % 4 == 0 ? FLOW_EV_PIN_ENTER : FLOW_EV_PIN_DIGIT;
        ev.arg = (int)typed + 1; /* the PIN is "12" */
    }
    return ev;
}

static void test_fuzz(void **state)
{
    rig *r = *state;
    content_pack *packs = calloc(3, sizeof *packs);
    assert_non_null(packs);
    fixture_pack(&packs[0]);
    fixture_pack_with_text(&packs[1]);
    fixture_pack(&packs[2]);
    packs[2].n_questions = 1;
    snprintf(r->config.admin_pin, sizeof r->config.admin_pin, "12");
    rng_state = 0x5eed5eedcafef00dull;
    flow_init(&r->f, &packs[0], &r->config, r->now);

    bool commit_pending = false;
    unsigned seen = 0;
    int commits_returned = 0;
    for (int step = 0; step < 300000; step++) {
        uint32_t dice = rng() % 100;
        if (dice < 20) {
            r->now += rng() % 4 == 0 ? rng() % 70000 : rng() % 3000;
            flow_tick(&r->f, r->now);
            assert_int_equal(flow_tick(&r->f, r->now), FLOW_ACT_NONE); /* idempotent */
            assert_true(flow_next_deadline(&r->f, r->now) > r->now); /* nothing overdue */
        } else if (dice < 21) {
            flow_set_content(&r->f, &packs[rng() % 3], r->now);
            commit_pending = false; /* the shell drops a commit in flight with the pack */
        } else {
            flow_event ev = random_event(&r->f);
            if (commit_pending && dice < 40)
                ev.type = rng() % 3 ? FLOW_EV_COMMIT_OK : FLOW_EV_COMMIT_FAILED;
            flow_state before = r->f.state;
            flow_action action = flow_handle(&r->f, &ev, r->now, &r->status);
            if (action == FLOW_ACT_COMMIT) {
                assert_false(commit_pending);
                assert_int_equal(r->f.state, FLOW_SAVING);
                commit_pending = true;
                commits_returned++;
            }
            if ((ev.type == FLOW_EV_COMMIT_OK || ev.type == FLOW_EV_COMMIT_FAILED) &&
                r->status == SR_OK)
                commit_pending = false;
            if (action == FLOW_ACT_NONE)
                assert_int_equal(r->f.state, before); /* a refused tap changes nothing */
            if (r->status != SR_OK && action != FLOW_ACT_NONE) /* only a wrong PIN */
                assert_true(ev.type == FLOW_EV_PIN_ENTER && r->status == SR_E_DENIED);
        }
        flow_check(&r->f);
        seen |= 1u << r->f.state;
    }
    assert_int_equal(seen, (1u << FLOW_STATE_COUNT) - 1); /* every state was reached */
    assert_true(commits_returned > 100 && r->f.commits > 100 && r->f.discards > 10);
    print_message("fuzz: %d commits, %d stored, %d discarded\n", commits_returned,
                  r->f.commits, r->f.discards);
    free(packs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, flow_fixture_setup, flow_fixture_teardown)
        T(test_odd_input_is_harmless),
        T(test_events_outside_the_table_are_refused),
        T(test_fuzz),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
