/* test_flow.c -- the kiosk's check-in flow (app/core/flow.c), driven with a
 * fake clock and a small content pack built here.
 *
 * Each test walks the flow the way a person at the kiosk would and checks
 * what they would notice: which screen shows, what gets committed (and that
 * nothing else does), when the screen times out, what the toolkit offers
 * after a bad shift. The last test feeds many random events and ticks and
 * asserts the invariants after every one.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/flow.h"

#define T0 1000000 /* the fake clock starts here (ms) */

/* Items of the fixture pack, in file order. */
enum { BREATHING, YOGA, COACH, URGENT_HELP, PEER_SUPPORT, APPS, CRISIS_LINE, N_ITEMS };
/* Options of the follow-ups. */
enum { AFF_WORKLOAD, AFF_STAFFING, AFF_BREAKS, AFF_TEAM, AFF_PATIENTS };
enum { HELP_COLLEAGUES, HELP_REST, HELP_FOOD, HELP_MANAGER };

/* ---- fixture ------------------------------------------------------------ */

static void set_id(char *dst, const char *id)
{
    snprintf(dst, CONTENT_ID_MAX, "%s", id);
}

static void add_question(content_pack *pack, const char *id, question_type type,
                         const char *const *options, int n_options)
{
    content_question *q = &pack->questions[pack->n_questions++];
    set_id(q->id, id);
    q->type = type;
    q->n_options = n_options;
    for (int o = 0; o < n_options; o++) {
        set_id(q->options[o].id, options[o]);
        q->options[o].value = type == QUESTION_SCALE ? o + 1 : 0;
    }
}

static void add_item(content_pack *pack, const char *id, int category, bool urgent,
                     const char *const *helps, int n_helps)
{
    content_item *item = &pack->items[pack->n_items++];
    set_id(item->id, id);
    item->category = category;
    item->urgent = urgent;
    item->n_helps = n_helps;
    for (int h = 0; h < n_helps; h++)
        set_id(item->helps_with[h], helps[h]);
}

/* Two languages; check-in with faces 1..5; follow-ups "affected" and
 * "helped" (multi); two categories; seven items, two of them urgent. The
 * flow never reads the texts, so they stay NULL. */
static void fixture_pack(content_pack *pack)
{
    static const char *const faces[] = {"1", "2", "3", "4", "5"};
    static const char *const affected[] = {"workload", "staffing", "breaks", "team", "patients"};
    static const char *const helped[] = {"colleagues", "rest", "food", "manager"};
    memset(pack, 0, sizeof *pack);
    snprintf(pack->version, sizeof pack->version, "test-1");
    pack->n_langs = 2;
    set_id(pack->lang_code[0], "en");
    set_id(pack->lang_code[1], "cy");
    add_question(pack, "checkin", QUESTION_SCALE, faces, 5);
    add_question(pack, "affected", QUESTION_MULTI, affected, 5);
    add_question(pack, "helped", QUESTION_MULTI, helped, 4);
    pack->n_categories = 2;
    set_id(pack->categories[0].id, "calm");
    set_id(pack->categories[1].id, "support");
    add_item(pack, "breathing", 0, false, (const char *const[]){"workload", "1"}, 2);
    add_item(pack, "yoga", 0, false, (const char *const[]){"breaks"}, 1);
    add_item(pack, "coach", 1, false, (const char *const[]){"team", "2"}, 2);
    add_item(pack, "urgent-help", 1, true, NULL, 0);
    add_item(pack, "peer-support", 1, false,
             (const char *const[]){"staffing", "1", "colleagues"}, 3);
    add_item(pack, "apps", 0, false, (const char *const[]){"1", "2"}, 2);
    add_item(pack, "crisis-line", 1, true, NULL, 0);
}

/* The same pack with a free-text question "comment" (5 characters) last. */
static void fixture_pack_with_text(content_pack *pack)
{
    fixture_pack(pack);
    add_question(pack, "comment", QUESTION_TEXT, NULL, 0);
    pack->questions[3].max_length = 5;
}

typedef struct rig {
    content_pack pack;
    flow_config config;
    flow f;
    int64_t now;
    sr_status status;
} rig;

static int rig_setup(void **state)
{
    rig *r = calloc(1, sizeof *r);
    if (!r)
        return -1;
    fixture_pack(&r->pack);
    flow_config_defaults(&r->config);
    snprintf(r->config.admin_pin, sizeof r->config.admin_pin, "2468");
    r->now = T0;
    flow_init(&r->f, &r->pack, &r->config, r->now);
    *state = r;
    return 0;
}

static int rig_teardown(void **state)
{
    free(*state);
    return 0;
}

static flow_action send_text(rig *r, flow_event_type type, int arg, const char *text)
{
    flow_event ev = {.type = type, .arg = arg, .text = text};
    flow_action action = flow_handle(&r->f, &ev, r->now, &r->status);
    flow_check(&r->f);
    return action;
}

static flow_action send(rig *r, flow_event_type type, int arg)
{
    return send_text(r, type, arg, NULL);
}

/* Moves the fake clock to `at` and ticks. */
static flow_action tick_at(rig *r, int64_t at)
{
    r->now = at;
    return flow_tick(&r->f, r->now);
}

static flow_action tick_after(rig *r, int64_t ms)
{
    return tick_at(r, r->now + ms);
}

#define assert_state(r, s) assert_string_equal(flow_state_name((r)->f.state), flow_state_name(s))

/* score(option) then done: SAVING, FLOW_ACT_COMMIT checked. */
static void check_in(rig *r, int option)
{
    assert_int_equal(send(r, FLOW_EV_SCORE, option), FLOW_ACT_REDRAW);
    assert_int_equal(send(r, FLOW_EV_DONE, 0), FLOW_ACT_COMMIT);
    assert_state(r, FLOW_SAVING);
}

static void check_in_committed(rig *r, int option)
{
    check_in(r, option);
    assert_int_equal(send(r, FLOW_EV_COMMIT_OK, 0), FLOW_ACT_REDRAW);
    assert_state(r, FLOW_THANKS);
}

static void go_still_there(rig *r)
{
    assert_int_equal(tick_at(r, r->f.last_input_ms + 60000), FLOW_ACT_REDRAW);
    assert_state(r, FLOW_STILL_THERE);
}

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

/* ---- admin -------------------------------------------------------------- */

static void type_pin(rig *r, const char *pin)
{
    for (const char *p = pin; *p; p++)
        assert_int_equal(send(r, FLOW_EV_PIN_DIGIT, *p - '0'), FLOW_ACT_REDRAW);
}

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

/* ---- deadlines and content ---------------------------------------------- */

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
#define T(name) cmocka_unit_test_setup_teardown(name, rig_setup, rig_teardown)
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
        T(test_thanks_times_out),
        T(test_cooldown_refuses_then_allows),
        T(test_idle_timeout_then_continue),
        T(test_idle_timeout_discards_unfinished_answer),
        T(test_still_there_countdown),
        T(test_config_minimums_clamped),
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
        T(test_thanks_home_keeps_cooldown),
        T(test_suggestions_after_a_low_score),
        T(test_suggestions_edges),
        T(test_next_deadline),
        T(test_set_content_ends_session),
        T(test_odd_input_is_harmless),
        T(test_events_outside_the_table_are_refused),
        T(test_fuzz),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
