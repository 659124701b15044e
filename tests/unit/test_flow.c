/* test_flow.c -- the kiosk's check-in flow (app/core/flow.c and
 * flow_answer.c): a check-in, its follow-up questions, the commit and what
 * happens when it fails, the suggestions after a bad shift, a new content
 * pack. Driven with the fake clock and the small pack of
 * tests/support/flow_fixture.h.
 *
 * Each test walks the flow the way a person at the kiosk would and checks
 * what they would notice: which screen shows, what gets committed (and that
 * nothing else does), what the toolkit offers after a bad shift. The timers,
 * the toolkit and admin screens, and the refused and random events have
 * their own programs (test_flow_timers.c, test_flow_toolkit_admin.c,
 * test_flow_fuzz.c).
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

/* ---- basics ------------------------------------------------------------- */

static void test_defaults_and_names(void **state)
{
    (void)state;
    flow_config c;
    flow_config_defaults(&c);
    assert_int_equal(c.idle_timeout_ms, 60000);
    assert_int_equal(c.still_there_ms, 30000);
    assert_int_equal(c.thanks_ms, 8000);
    assert_int_equal(c.cooldown_ms, 20000);
    assert_int_equal(c.admin_hold_ms, 3000);
    assert_int_equal(c.pin_lockout_ms, 300000);
    assert_int_equal(c.low_score_max, 2);
    assert_string_equal(c.admin_pin, "");

    static const char *const names[FLOW_STATE_COUNT] = {
        "idle", "checkin", "followup", "saving", "thanks", "save-failed",
        "toolkit", "category", "item", "still-there", "admin-pin", "admin"};
    for (int s = 0; s < FLOW_STATE_COUNT; s++)
        assert_string_equal(flow_state_name((flow_state)s), names[s]);
    assert_string_equal(flow_state_name(FLOW_STATE_COUNT), "unknown");
}

static void test_init_is_idle_and_asleep(void **state)
{
    rig *r = *state;
    assert_state(r, FLOW_IDLE);
    assert_int_equal(r->f.lang, 0);
    assert_int_equal(r->f.answer.score_option, -1);
    assert_true(flow_can_check_in(&r->f, r->now));
    assert_true(flow_next_deadline(&r->f, r->now) == INT64_MAX);
    assert_int_equal(tick_after(r, 3600 * 1000), FLOW_ACT_NONE); /* no idle timeout in IDLE */
    assert_state(r, FLOW_IDLE);
    assert_int_equal(send(r, FLOW_EV_TOUCH, 0), FLOW_ACT_NONE);
    assert_int_equal(r->status, SR_OK);
}

/* ---- check-in and follow-ups -------------------------------------------- */

static void test_two_tap_check_in(void **state)
{
    rig *r = *state;
    assert_int_equal(send(r, FLOW_EV_SCORE, 1), FLOW_ACT_REDRAW);
    assert_state(r, FLOW_FOLLOWUP);
    assert_int_equal(r->f.question, 1);
    assert_int_equal(send(r, FLOW_EV_DONE, 0), FLOW_ACT_COMMIT);
    assert_state(r, FLOW_SAVING);
    const flow_answer *a = flow_get_answer(&r->f);
    assert_int_equal(a->score_option, 1);
    assert_int_equal(a->score, 2);
    assert_true(a->answered[0]);
    assert_false(a->answered[1]);
    assert_false(a->answered[2]);
    assert_int_equal(a->lang, 0);
    assert_int_equal(send(r, FLOW_EV_COMMIT_OK, 0), FLOW_ACT_REDRAW);
    assert_state(r, FLOW_THANKS);
    assert_int_equal(r->f.commits, 1);
}

static void test_score_without_followups_commits_at_once(void **state)
{
    rig *r = *state;
    r->pack.n_questions = 1;
    assert_int_equal(send(r, FLOW_EV_SCORE, 4), FLOW_ACT_COMMIT);
    assert_state(r, FLOW_SAVING);
    assert_int_equal(flow_get_answer(&r->f)->score, 5);
    assert_int_equal(send(r, FLOW_EV_SCORE, 4), FLOW_ACT_NONE); /* a double tap */
    assert_int_equal(r->status, SR_E_STATE);
}

static void test_score_out_of_range(void **state)
{
    rig *r = *state;
    assert_int_equal(send(r, FLOW_EV_SCORE, 5), FLOW_ACT_NONE);
    assert_int_equal(r->status, SR_E_INVALID);
    assert_int_equal(send(r, FLOW_EV_SCORE, -1), FLOW_ACT_NONE);
    assert_int_equal(r->status, SR_E_INVALID);
    assert_state(r, FLOW_IDLE);
}

static void test_followups_next_skip_back(void **state)
{
    rig *r = *state;
    const flow_answer *a = flow_get_answer(&r->f);
    send(r, FLOW_EV_SCORE, 3);
    assert_int_equal(send(r, FLOW_EV_TOGGLE, AFF_WORKLOAD), FLOW_ACT_REDRAW);
    send(r, FLOW_EV_TOGGLE, AFF_BREAKS);
    send(r, FLOW_EV_TOGGLE, AFF_BREAKS); /* tapped twice: off again */
    assert_int_equal(a->chosen[1], 1u << AFF_WORKLOAD);
    assert_int_equal(send(r, FLOW_EV_NEXT, 0), FLOW_ACT_REDRAW);
    assert_int_equal(r->f.question, 2);
    assert_true(a->answered[1]);
    send(r, FLOW_EV_TOGGLE, HELP_REST);
    assert_int_equal(send(r, FLOW_EV_BACK, 0), FLOW_ACT_REDRAW);
    assert_int_equal(r->f.question, 1);
    assert_int_equal(a->chosen[1], 1u << AFF_WORKLOAD); /* chips kept going back */
    assert_int_equal(a->chosen[2], 1u << HELP_REST);
    send(r, FLOW_EV_NEXT, 0);
    assert_int_equal(send(r, FLOW_EV_SKIP, 0), FLOW_ACT_COMMIT); /* skip on the last */
    assert_false(a->answered[2]);
    assert_int_equal(a->chosen[2], 0);
    assert_true(a->answered[1]);
    assert_int_equal(a->score, 4);
}

static void test_next_with_nothing_chosen_is_unanswered(void **state)
{
    rig *r = *state;
    const flow_answer *a = flow_get_answer(&r->f);
    send(r, FLOW_EV_SCORE, 2);
    send(r, FLOW_EV_NEXT, 0);
    send(r, FLOW_EV_TOGGLE, HELP_FOOD);
    assert_int_equal(send(r, FLOW_EV_NEXT, 0), FLOW_ACT_COMMIT); /* next on the last */
    assert_false(a->answered[1]);
    assert_true(a->answered[2]);
    assert_int_equal(a->chosen[2], 1u << HELP_FOOD);
}

static void test_skip_clears_the_question(void **state)
{
    rig *r = *state;
    const flow_answer *a = flow_get_answer(&r->f);
    send(r, FLOW_EV_SCORE, 2);
    send(r, FLOW_EV_TOGGLE, AFF_TEAM);
    assert_int_equal(send(r, FLOW_EV_SKIP, 0), FLOW_ACT_REDRAW);
    assert_int_equal(r->f.question, 2);
    assert_int_equal(a->chosen[1], 0);
    assert_false(a->answered[1]);
}

static void test_back_from_first_followup_returns_to_faces(void **state)
{
    rig *r = *state;
    send(r, FLOW_EV_LANGUAGE, 1);
    send(r, FLOW_EV_SCORE, 0);
    assert_int_equal(send(r, FLOW_EV_BACK, 0), FLOW_ACT_REDRAW);
    assert_state(r, FLOW_CHECKIN);
    assert_int_equal(r->f.answer.score_option, -1);
    assert_false(r->f.answer.answered[0]);
    assert_int_equal(r->f.lang, 1); /* still the same session */
    send(r, FLOW_EV_SCORE, 4); /* another face */
    assert_state(r, FLOW_FOLLOWUP);
    assert_int_equal(r->f.answer.score, 5);
    assert_int_equal(send(r, FLOW_EV_DONE, 0), FLOW_ACT_COMMIT);
    assert_int_equal(flow_get_answer(&r->f)->lang, 1);
}

static void test_done_leaves_later_questions_unanswered(void **state)
{
    rig *r = *state;
    const flow_answer *a = flow_get_answer(&r->f);
    send(r, FLOW_EV_SCORE, 1);
    send(r, FLOW_EV_TOGGLE, AFF_PATIENTS);
    send(r, FLOW_EV_NEXT, 0);
    send(r, FLOW_EV_TOGGLE, HELP_MANAGER); /* tapped, then went back */
    send(r, FLOW_EV_BACK, 0);
    assert_int_equal(send(r, FLOW_EV_DONE, 0), FLOW_ACT_COMMIT);
    assert_true(a->answered[1]);
    assert_int_equal(a->chosen[1], 1u << AFF_PATIENTS);
    assert_false(a->answered[2]); /* seen and tapped, but not given */
    assert_int_equal(a->chosen[2], 0);
}

static void test_followup_refuses_what_does_not_fit(void **state)
{
    rig *r = *state;
    send(r, FLOW_EV_SCORE, 2);
    assert_int_equal(send(r, FLOW_EV_TOGGLE, 5), FLOW_ACT_NONE);
    assert_int_equal(r->status, SR_E_INVALID);
    assert_int_equal(send(r, FLOW_EV_TOGGLE, -1), FLOW_ACT_NONE);
    assert_int_equal(r->status, SR_E_INVALID);
    assert_int_equal(send_text(r, FLOW_EV_TEXT, 0, "hi"), FLOW_ACT_NONE);
    assert_int_equal(r->status, SR_E_STATE);
    assert_int_equal(r->f.answer.chosen[1], 0);
    assert_state(r, FLOW_FOLLOWUP);
}

static void test_text_truncated_on_a_character_boundary(void **state)
{
    rig *r = *state;
    fixture_pack_with_text(&r->pack);
    const flow_answer *a = flow_get_answer(&r->f);
    send(r, FLOW_EV_SCORE, 2);
    send(r, FLOW_EV_NEXT, 0);
    send(r, FLOW_EV_NEXT, 0);
    assert_int_equal(r->f.question, 3);
    assert_int_equal(send(r, FLOW_EV_TOGGLE, 0), FLOW_ACT_NONE);
    assert_int_equal(r->status, SR_E_STATE);
    assert_int_equal(send_text(r, FLOW_EV_TEXT, 0, NULL), FLOW_ACT_NONE);
    assert_int_equal(r->status, SR_E_INVALID);

    assert_int_equal(send_text(r, FLOW_EV_TEXT, 0, "h\xc3\xa9llo w\xc3\xb6rld"), FLOW_ACT_REDRAW);
    assert_string_equal(a->text[3], "h\xc3\xa9llo"); /* 5 characters, 6 bytes */
    send_text(r, FLOW_EV_TEXT, 0, "abcd\xe2\x82\xac!"); /* euro sign is the 5th */
    assert_string_equal(a->text[3], "abcd\xe2\x82\xac");
    send_text(r, FLOW_EV_TEXT, 0, "abcde\xe2\x82\xac"); /* euro sign would be the 6th */
    assert_string_equal(a->text[3], "abcde");
    send_text(r, FLOW_EV_TEXT, 0, "\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80"
                                  "\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80");
    assert_int_equal(strlen(a->text[3]), 20); /* five 4-byte emoji of six */
    send_text(r, FLOW_EV_TEXT, 0, "");
    assert_int_equal(send(r, FLOW_EV_NEXT, 0), FLOW_ACT_COMMIT);
    assert_false(a->answered[3]); /* empty text is no answer */
}

static void test_text_at_full_length_fits(void **state)
{
    rig *r = *state;
    fixture_pack_with_text(&r->pack);
    r->pack.questions[3].max_length = CONTENT_TEXT_MAX_LENGTH;
    static char emoji[600 * 4 + 1];
    for (int i = 0; i < 600; i++)
        memcpy(emoji + 4 * i, "\xf0\x9f\x98\x80", 4);
    send(r, FLOW_EV_SCORE, 2);
    send(r, FLOW_EV_SKIP, 0);
    send(r, FLOW_EV_SKIP, 0);
    send_text(r, FLOW_EV_TEXT, 0, emoji);
    assert_int_equal(strlen(r->f.answer.text[3]), CONTENT_TEXT_MAX_LENGTH * 4);
    assert_int_equal(send(r, FLOW_EV_DONE, 0), FLOW_ACT_COMMIT);
    assert_true(r->f.answer.answered[3]);
}

/* ---- saving ------------------------------------------------------------- */

static void test_saving_ignores_every_input(void **state)
{
    rig *r = *state;
    check_in(r, 2);
    flow before;
    memcpy(&before, &r->f, sizeof before);
    for (int type = 0; type < FLOW_EV_COUNT; type++) {
        if (type == FLOW_EV_COMMIT_OK || type == FLOW_EV_COMMIT_FAILED)
            continue;
        for (int arg = 0; arg < 2; arg++) {
            r->now += 10;
            assert_int_equal(send_text(r, (flow_event_type)type, arg, "x"), FLOW_ACT_NONE);
            assert_int_equal(r->status, SR_E_STATE);
            assert_memory_equal(&r->f, &before, sizeof before);
        }
    }
    assert_true(flow_next_deadline(&r->f, r->now) == INT64_MAX); /* waits for the shell */
    assert_int_equal(tick_after(r, 10 * 60000), FLOW_ACT_NONE);
    assert_state(r, FLOW_SAVING);
    send(r, FLOW_EV_COMMIT_OK, 0);
    assert_int_equal(send(r, FLOW_EV_COMMIT_OK, 0), FLOW_ACT_NONE); /* only once */
    assert_int_equal(r->status, SR_E_STATE);
    assert_int_equal(r->f.commits, 1);
}

static void test_commit_failed_then_retry(void **state)
{
    rig *r = *state;
    check_in(r, 3);
    assert_int_equal(send(r, FLOW_EV_COMMIT_FAILED, 0), FLOW_ACT_REDRAW);
    assert_state(r, FLOW_SAVE_FAILED);
    assert_int_equal(r->f.answer.score, 4); /* kept for the retry */
    assert_int_equal(r->f.commits, 0);
    assert_int_equal(send(r, FLOW_EV_SCORE, 0), FLOW_ACT_NONE);
    assert_int_equal(r->status, SR_E_STATE);
    assert_int_equal(send(r, FLOW_EV_NEXT, 0), FLOW_ACT_COMMIT); /* "try again" */
    assert_state(r, FLOW_SAVING);
    send(r, FLOW_EV_COMMIT_FAILED, 0);
    assert_int_equal(send(r, FLOW_EV_NEXT, 0), FLOW_ACT_COMMIT);
    assert_int_equal(send(r, FLOW_EV_COMMIT_OK, 0), FLOW_ACT_REDRAW);
    assert_state(r, FLOW_THANKS);
    assert_int_equal(r->f.commits, 1);
    assert_int_equal(r->f.discards, 0);
}

static void test_save_failed_given_up(void **state)
{
    rig *r = *state;
    static const flow_event_type give_up[] = {FLOW_EV_BACK, FLOW_EV_HOME, FLOW_EV_DONE};
    for (int i = 0; i < 3; i++) {
        send(r, FLOW_EV_LANGUAGE, 1);
        check_in(r, 3);
        send(r, FLOW_EV_COMMIT_FAILED, 0);
        assert_int_equal(send(r, give_up[i], 0), FLOW_ACT_REDRAW);
        assert_state(r, FLOW_IDLE);
        assert_int_equal(r->f.discards, i + 1);
        assert_int_equal(r->f.lang, 0);
        assert_int_equal(r->f.answer.score_option, -1);
    }
    /* Left alone: gone after thanks_ms; a touch keeps the message up. */
    check_in(r, 3);
    send(r, FLOW_EV_COMMIT_FAILED, 0);
    assert_true(flow_next_deadline(&r->f, r->now) == r->now + 8000);
    assert_int_equal(tick_after(r, 7999), FLOW_ACT_NONE);
    assert_int_equal(send(r, FLOW_EV_TOUCH, 0), FLOW_ACT_NONE);
    assert_int_equal(tick_after(r, 7999), FLOW_ACT_NONE);
    assert_state(r, FLOW_SAVE_FAILED);
    assert_int_equal(tick_after(r, 1), FLOW_ACT_REDRAW);
    assert_state(r, FLOW_IDLE);
    assert_int_equal(r->f.discards, 4);
    assert_int_equal(r->f.commits, 0);
}

/* ---- suggestions -------------------------------------------------------- */

static void expect_suggestions(const rig *r, const int *items, int n)
{
    assert_int_equal(r->f.n_suggestions, n);
    for (int i = 0; i < n; i++)
        assert_int_equal(r->f.suggestions[i], items[i]);
}

static void test_suggestions_after_a_low_score(void **state)
{
    rig *r = *state;
    /* face "1", "breaks" affected: yoga first, then check-in matches, urgent last */
    send(r, FLOW_EV_SCORE, 0);
    send(r, FLOW_EV_TOGGLE, AFF_BREAKS);
    send(r, FLOW_EV_DONE, 0);
    send(r, FLOW_EV_COMMIT_OK, 0);
    expect_suggestions(r, (const int[]){YOGA, BREATHING, PEER_SUPPORT, URGENT_HELP}, 4);

    /* face "2", nothing chosen: check-in matches only */
    r->now += 20000;
    send(r, FLOW_EV_HOME, 0);
    check_in_committed(r, 1);
    expect_suggestions(r, (const int[]){COACH, APPS, URGENT_HELP}, 3);

    /* follow-up matches in both follow-ups come first, in file order */
    r->now += 20000;
    send(r, FLOW_EV_HOME, 0);
    send(r, FLOW_EV_SCORE, 0);
    send(r, FLOW_EV_TOGGLE, AFF_TEAM);
    send(r, FLOW_EV_NEXT, 0);
    send(r, FLOW_EV_TOGGLE, HELP_COLLEAGUES);
    send(r, FLOW_EV_NEXT, 0);
    send(r, FLOW_EV_COMMIT_OK, 0);
    expect_suggestions(r, (const int[]){COACH, PEER_SUPPORT, BREATHING, URGENT_HELP}, 4);

    /* skipped chips do not count */
    r->now += 20000;
    send(r, FLOW_EV_HOME, 0);
    send(r, FLOW_EV_SCORE, 0);
    send(r, FLOW_EV_TOGGLE, AFF_BREAKS);
    send(r, FLOW_EV_SKIP, 0);
    send(r, FLOW_EV_DONE, 0);
    send(r, FLOW_EV_COMMIT_OK, 0);
    expect_suggestions(r, (const int[]){BREATHING, PEER_SUPPORT, APPS, URGENT_HELP}, 4);
}

static void test_suggestions_edges(void **state)
{
    rig *r = *state;
    check_in_committed(r, 2); /* score 3 > low_score_max */
    expect_suggestions(r, NULL, 0);
    r->now += 20000;
    send(r, FLOW_EV_HOME, 0);
    check_in_committed(r, 4);
    expect_suggestions(r, NULL, 0);

    /* low, but nothing matches: only the urgent help */
    r->config.low_score_max = 3;
    r->now += 20000;
    send(r, FLOW_EV_HOME, 0);
    check_in_committed(r, 2);
    expect_suggestions(r, (const int[]){URGENT_HELP}, 1);

    /* no urgent item in the pack: never more than three */
    r->pack.items[URGENT_HELP].urgent = false;
    r->pack.items[CRISIS_LINE].urgent = false;
    r->now += 20000;
    send(r, FLOW_EV_HOME, 0);
    send(r, FLOW_EV_SCORE, 0);
    send(r, FLOW_EV_TOGGLE, AFF_WORKLOAD);
    send(r, FLOW_EV_TOGGLE, AFF_BREAKS);
    send(r, FLOW_EV_TOGGLE, AFF_TEAM);
    send(r, FLOW_EV_TOGGLE, AFF_STAFFING);
    send(r, FLOW_EV_DONE, 0);
    send(r, FLOW_EV_COMMIT_OK, 0);
    expect_suggestions(r, (const int[]){BREATHING, YOGA, COACH}, 3);
}

/* ---- content ------------------------------------------------------------ */

static void test_set_content_ends_session(void **state)
{
    rig *r = *state;
    content_pack *other = calloc(1, sizeof *other);
    assert_non_null(other);
    fixture_pack(other);
    other->n_langs = 1;
    send(r, FLOW_EV_LANGUAGE, 1);
    send(r, FLOW_EV_SCORE, 0);
    flow_set_content(&r->f, other, r->now);
    flow_check(&r->f);
    assert_state(r, FLOW_IDLE);
    assert_ptr_equal(r->f.pack, other);
    assert_int_equal(r->f.lang, 0);
    assert_int_equal(r->f.answer.score_option, -1);

    other->n_langs = 2;
    other->default_lang = 1;
    flow_set_content(&r->f, other, r->now);
    assert_int_equal(r->f.lang, 1);
    other->default_lang = 7; /* out of range: clamped */
    flow_set_content(&r->f, other, r->now);
    assert_int_equal(r->f.lang, 0);
    flow_set_content(&r->f, &r->pack, r->now);
    free(other);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, flow_fixture_setup, flow_fixture_teardown)
        cmocka_unit_test(test_defaults_and_names),
        T(test_init_is_idle_and_asleep),
        T(test_two_tap_check_in),
        T(test_score_without_followups_commits_at_once),
        T(test_score_out_of_range),
        T(test_followups_next_skip_back),
        T(test_next_with_nothing_chosen_is_unanswered),
        T(test_skip_clears_the_question),
        T(test_back_from_first_followup_returns_to_faces),
        T(test_done_leaves_later_questions_unanswered),
        T(test_followup_refuses_what_does_not_fit),
        T(test_text_truncated_on_a_character_boundary),
        T(test_text_at_full_length_fits),
        T(test_saving_ignores_every_input),
        T(test_commit_failed_then_retry),
        T(test_save_failed_given_up),
        T(test_suggestions_after_a_low_score),
        T(test_suggestions_edges),
        T(test_set_content_ends_session),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
