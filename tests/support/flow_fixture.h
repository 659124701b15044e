/* flow_fixture.h -- the rig shared by the flow's tests (tests/unit/test_flow*.c):
 * a small content pack built in memory, a flow over it with the shipped
 * defaults and admin PIN 2468, and a fake clock that only moves when a test
 * moves it.
 *
 * The helpers walk the flow the way a person at the kiosk does (a face, then
 * "done"; waiting for "still there?") and fail the running cmocka test when
 * a step does not do what it always does, so a test reads as the story it
 * checks. Include <cmocka.h> before this header: assert_state() and the
 * helpers are cmocka assertions.
 *
 * Ownership: flow_fixture_setup() allocates the fixture as the test's state
 * and flow_fixture_teardown() frees it. The flow borrows the fixture's pack
 * and config, so a test may edit either and the flow sees the change.
 */
#ifndef SR_FLOW_FIXTURE_H
#define SR_FLOW_FIXTURE_H

#include <stdint.h>

#include "core/flow.h"

#define FLOW_FIXTURE_T0 1000000 /* the fake clock starts here (ms) */

/* Items of the fixture pack, in file order. */
enum { BREATHING, YOGA, COACH, URGENT_HELP, PEER_SUPPORT, APPS, CRISIS_LINE, N_ITEMS };
/* Options of the follow-ups. */
enum { AFF_WORKLOAD, AFF_STAFFING, AFF_BREAKS, AFF_TEAM, AFF_PATIENTS };
enum { HELP_COLLEAGUES, HELP_REST, HELP_FOOD, HELP_MANAGER };

typedef struct flow_fixture {
    content_pack pack;
    flow_config config;
    flow f;
    int64_t now;      /* the fake clock */
    sr_status status; /* of the last event sent */
} flow_fixture;

/* Two languages; check-in with faces 1..5; follow-ups "affected" and
 * "helped" (multi); two categories; seven items, two of them urgent. The
 * flow never reads the texts, so they stay NULL. */
void flow_fixture_pack(content_pack *pack);

/* The same pack with a free-text question "comment" (5 characters) last. */
void flow_fixture_pack_with_text(content_pack *pack);

/* cmocka setup and teardown: *state becomes a flow_fixture in IDLE at
 * FLOW_FIXTURE_T0, over flow_fixture_pack(), default config, PIN 2468. */
int flow_fixture_setup(void **state);
int flow_fixture_teardown(void **state);

/* Sends one event at the fixture's clock (status into r->status) and
 * checks the invariants. Returns what the flow asks the shell to do. */
flow_action flow_fixture_send_text(flow_fixture *r, flow_event_type type, int arg,
                                   const char *text);
flow_action flow_fixture_send(flow_fixture *r, flow_event_type type, int arg);

/* Moves the fake clock to `at` (or on by ms) and ticks. */
flow_action flow_fixture_tick_at(flow_fixture *r, int64_t at);
flow_action flow_fixture_tick_after(flow_fixture *r, int64_t ms);

/* score(option) then done: SAVING, FLOW_ACT_COMMIT checked. */
void flow_fixture_check_in(flow_fixture *r, int option);

/* The same, then the commit succeeds: THANKS. */
void flow_fixture_check_in_committed(flow_fixture *r, int option);

/* Lets the idle timeout pass (the default 60 s): STILL_THERE. */
void flow_fixture_go_still_there(flow_fixture *r);

/* Types the digits of pin on the PIN pad, each accepted. */
void flow_fixture_type_pin(flow_fixture *r, const char *pin);

#define assert_state(r, s) assert_string_equal(flow_state_name((r)->f.state), flow_state_name(s))

/* Short names, so that the tests read as what a person does at the kiosk
 * ("send(r, FLOW_EV_DONE, 0)"). They are static inline on purpose: a global
 * function called send() in tests/support, which every test program links,
 * would take the place of the C library's socket call in all of them. */
typedef flow_fixture rig;

static inline void fixture_pack(content_pack *pack)
{
    flow_fixture_pack(pack);
}

static inline void fixture_pack_with_text(content_pack *pack)
{
    flow_fixture_pack_with_text(pack);
}

static inline flow_action send_text(rig *r, flow_event_type type, int arg, const char *text)
{
    return flow_fixture_send_text(r, type, arg, text);
}

static inline flow_action send(rig *r, flow_event_type type, int arg)
{
    return flow_fixture_send(r, type, arg);
}

static inline flow_action tick_at(rig *r, int64_t at)
{
    return flow_fixture_tick_at(r, at);
}

static inline flow_action tick_after(rig *r, int64_t ms)
{
    return flow_fixture_tick_after(r, ms);
}

static inline void check_in(rig *r, int option)
{
    flow_fixture_check_in(r, option);
}

static inline void check_in_committed(rig *r, int option)
{
    flow_fixture_check_in_committed(r, option);
}

static inline void go_still_there(rig *r)
{
    flow_fixture_go_still_there(r);
}

static inline void type_pin(rig *r, const char *pin)
{
    flow_fixture_type_pin(r, pin);
}

#endif
