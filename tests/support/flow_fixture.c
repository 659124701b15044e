/* flow_fixture.c -- the rig shared by the flow's tests (see flow_fixture.h):
 * builds the small content pack they all use and drives the flow with a
 * fake clock. Pure: the flow core and cmocka, no files, no SDL, no SQLite,
 * so linking it into every test program costs them nothing.
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

/* ---- the content pack --------------------------------------------------- */

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

void flow_fixture_pack(content_pack *pack)
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

void flow_fixture_pack_with_text(content_pack *pack)
{
    flow_fixture_pack(pack);
    add_question(pack, "comment", QUESTION_TEXT, NULL, 0);
    pack->questions[3].max_length = 5;
}

/* ---- the rig and its fake clock ----------------------------------------- */

int flow_fixture_setup(void **state)
{
    flow_fixture *r = calloc(1, sizeof *r);
    if (!r)
        return -1;
    flow_fixture_pack(&r->pack);
    flow_config_defaults(&r->config);
    snprintf(r->config.admin_pin, sizeof r->config.admin_pin, "2468");
    r->now = FLOW_FIXTURE_T0;
    flow_init(&r->f, &r->pack, &r->config, r->now);
    *state = r;
    return 0;
}

int flow_fixture_teardown(void **state)
{
    free(*state);
    return 0;
}

flow_action flow_fixture_send_text(flow_fixture *r, flow_event_type type, int arg,
                                   const char *text)
{
    flow_event ev = {.type = type, .arg = arg, .text = text};
    flow_action action = flow_handle(&r->f, &ev, r->now, &r->status);
    flow_check(&r->f);
    return action;
}

flow_action flow_fixture_send(flow_fixture *r, flow_event_type type, int arg)
{
    return flow_fixture_send_text(r, type, arg, NULL);
}

flow_action flow_fixture_tick_at(flow_fixture *r, int64_t at)
{
    r->now = at;
    return flow_tick(&r->f, r->now);
}

flow_action flow_fixture_tick_after(flow_fixture *r, int64_t ms)
{
    return flow_fixture_tick_at(r, r->now + ms);
}

/* ---- steps every story takes -------------------------------------------- */

void flow_fixture_check_in(flow_fixture *r, int option)
{
    assert_int_equal(flow_fixture_send(r, FLOW_EV_SCORE, option), FLOW_ACT_REDRAW);
    assert_int_equal(flow_fixture_send(r, FLOW_EV_DONE, 0), FLOW_ACT_COMMIT);
    assert_state(r, FLOW_SAVING);
}

void flow_fixture_check_in_committed(flow_fixture *r, int option)
{
    flow_fixture_check_in(r, option);
    assert_int_equal(flow_fixture_send(r, FLOW_EV_COMMIT_OK, 0), FLOW_ACT_REDRAW);
    assert_state(r, FLOW_THANKS);
}

void flow_fixture_go_still_there(flow_fixture *r)
{
    assert_int_equal(flow_fixture_tick_at(r, r->f.last_input_ms + 60000), FLOW_ACT_REDRAW);
    assert_state(r, FLOW_STILL_THERE);
}

void flow_fixture_type_pin(flow_fixture *r, const char *pin)
{
    for (const char *p = pin; *p; p++)
        assert_int_equal(flow_fixture_send(r, FLOW_EV_PIN_DIGIT, *p - '0'), FLOW_ACT_REDRAW);
}
