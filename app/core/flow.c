/* flow.c -- the kiosk's check-in flow as a pure state machine (see flow.h).
 *
 * This module decides what the kiosk shows and when an answer is ready to be
 * stored, and nothing else. It never draws, stores or reads a clock: the
 * shell feeds it input events and ticks with `now` (monotonic ms) and does
 * what it returns (commit the answer, count an item opening, redraw). That
 * keeps every timeout, cooldown and lockout a plain unit test. It promises:
 * a check-in is two taps (a face, then "done"); nothing is committed unless
 * the person finished; one finish commits exactly once, however often they
 * tap; an unfinished answer is dropped after the idle timeout; an admin
 * screen never stays open unattended.
 *
 * STATE DIAGRAM (arrows are events; "timer" is flow_tick at a deadline)
 *
 *                     language
 *      +------+  ---------------->  +---------+   the same faces; CHECKIN
 *      | IDLE |                     | CHECKIN |   is a session under way
 *      +------+  <----------------  +---------+
 *       |  ^ ^      back, home       |  ^
 *       |  | |                 score |  | back at question 1
 *       |  | |                       v  |
 *       |  | |    score      +----------------+ --+ next, skip -> q+1
 *       +--|-|-------------> | FOLLOWUP (q)   |   | back      -> q-1
 *       |  | |               +----------------+ <-+
 *       |  | |                       | next/skip on the last, done
 *       |  | | score, no follow-ups  v
 *       +--|-|-------------> +--------+ <-------------------+
 *          | |               | SAVING |                     | next
 *          | |               +--------+                     | ("try again")
 *          | |       commit ok |    | commit failed         |
 *          | |                 v    +---------> +-------------+
 *          | +------------ +--------+           | SAVE_FAILED |
 *          |  home, done,  | THANKS |           +-------------+
 *          |  timer        +--------+                 |
 *          +------------------------------------------+
 *                      back, home, done, timer (answer discarded)
 *
 *   IDLE, CHECKIN, THANKS --toolkit--> TOOLKIT --category--> CATEGORY
 *      --item--> ITEM; back goes up one level; home (and back from the top)
 *      returns to toolkit_return. THANKS --suggested item--> ITEM, whose
 *      back returns to THANKS.
 *   CHECKIN, FOLLOWUP, TOOLKIT, CATEGORY, ITEM --idle timer--> STILL_THERE
 *      --continue/touch--> the state it interrupted; --timer--> IDLE
 *      (an unfinished answer is discarded).
 *   IDLE, CHECKIN --corner hold--> ADMIN_PIN --right PIN--> ADMIN;
 *      ADMIN_PIN, ADMIN --back, home, idle timer, 5th wrong PIN--> IDLE.
 *
 * INVARIANTS (asserted by flow_check(), in flow_check.c, after every event and tick)
 *
 *  1. `state` is a real state and `lang` a language of the pack.
 *  2. IDLE holds no session: no score, the pack's default language, no PIN
 *     typed, no suggestions, item_from_thanks false.
 *  3. The answer has a score (score_option >= 0, answered[0], score = that
 *     option's value, answer.lang a language) exactly in the answer states:
 *     FOLLOWUP, SAVING, SAVE_FAILED, THANKS and the toolkit opened from THANKS
 *     -- or STILL_THERE over one of them. Everywhere else score_option == -1.
 *  4. An answer holds only what its questions allow: chosen bits only for
 *     options of a multi question, text only for a text question and never
 *     longer than its max_length characters, answered[q] (q >= 1) only when
 *     something is chosen or typed.
 *  5. Once finished (SAVING, SAVE_FAILED, THANKS) nothing half-given is left:
 *     answered[q] == (something chosen or typed) for every follow-up.
 *  6. FOLLOWUP: 1 <= question < n_questions.
 *  7. Toolkit states: toolkit_return is IDLE, CHECKIN or THANKS; CATEGORY and
 *     ITEM name a real category, ITEM an item of it; item_from_thanks only on
 *     ITEM with toolkit_return THANKS.
 *  8. STILL_THERE interrupted CHECKIN, FOLLOWUP, TOOLKIT, CATEGORY or ITEM.
 *  9. The PIN typed is digits only, at most FLOW_PIN_MAX, non-empty only in
 *     ADMIN_PIN; pin_failures < FLOW_PIN_MAX_ATTEMPTS.
 * 10. Suggestions exist only after a commit (THANKS and the toolkit opened
 *     from it): distinct real items, at most FLOW_MAX_SUGGESTIONS - 1 of them
 *     not urgent, an urgent one only last.
 * 11. FLOW_ACT_COMMIT is returned only by flow_finish(), which enters SAVING;
 *     SAVING accepts nothing but the commit result. So one finish, one commit.
 *
 * TRANSITIONS (event or timer -> new state, and the function that does it)
 *
 *   from                    on                    to                     by
 *   IDLE, CHECKIN           score(i)              FOLLOWUP(1) | SAVING   on_score
 *   IDLE                    language(i)           CHECKIN                flow_on_language
 *   CHECKIN, FOLLOWUP,      language(i)           (same)                 flow_on_language
 *     THANKS, TOOLKIT,
 *     CATEGORY, ITEM
 *   IDLE, CHECKIN, THANKS   toolkit               TOOLKIT                open_toolkit
 *   IDLE, CHECKIN           corner hold(ms)       ADMIN_PIN              flow_on_corner_hold
 *   CHECKIN                 back, home            IDLE                   flow_session_end
 *   FOLLOWUP                toggle(i), text       (same)                 followup_toggle/_text
 *   FOLLOWUP                next, skip            FOLLOWUP(q+1)|SAVING   followup_advance
 *   FOLLOWUP                done                  SAVING                 flow_finish
 *   FOLLOWUP                back                  FOLLOWUP(q-1)|CHECKIN  followup_back
 *   SAVING                  commit ok             THANKS                 commit_ok
 *   SAVING                  commit failed         SAVE_FAILED            commit_failed
 *   SAVE_FAILED             next ("try again")    SAVING                 flow_finish
 *   SAVE_FAILED             back, home, done      IDLE (discards++)      flow_save_abandon
 *   SAVE_FAILED             touch                 (same, timer reset)    handle_save_failed
 *   THANKS                  score                 (refused: cooldown)    handle_thanks
 *   THANKS                  item(suggested)       ITEM                   open_item
 *   THANKS                  home, done            IDLE                   flow_session_end
 *   TOOLKIT                 category(c)           CATEGORY               handle_toolkit
 *   TOOLKIT                 back, home            toolkit_return         leave_toolkit
 *   CATEGORY                item(i in c)          ITEM                   open_item
 *   CATEGORY                back                  TOOLKIT                handle_category
 *   CATEGORY, ITEM          home                  toolkit_return         leave_toolkit
 *   ITEM                    back                  CATEGORY | leave       handle_item
 *   STILL_THERE             continue, touch       interrupted            handle_still_there
 *   ADMIN_PIN               digit, clear          (same)                 flow_handle_admin_pin
 *   ADMIN_PIN               enter, right          ADMIN                  pin_enter
 *   ADMIN_PIN               enter, wrong          (same) | IDLE at 5th   pin_enter
 *   ADMIN_PIN, ADMIN        back, home            IDLE                   flow_session_end
 *   all but SAVING          touch                 (same, timer reset)    each handler
 *   CHECKIN, FOLLOWUP,      idle timeout          STILL_THERE            ask_still_there
 *     TOOLKIT, CATEGORY, ITEM
 *   STILL_THERE             each second           (same, redraw)         tick_still_there
 *   STILL_THERE             still_there_until     IDLE (discard)         tick_still_there
 *   ADMIN_PIN, ADMIN        idle timeout          IDLE                   tick_state
 *   THANKS                  thanks_until          IDLE                   tick_state
 *   SAVE_FAILED             thanks_until          IDLE (discards++)      flow_save_abandon
 *   IDLE, CHECKIN           cooldown_until        (same, redraw)         flow_tick
 *   any                     new content pack      IDLE                   flow_set_content
 *
 * Where they are: the functions of the "by" column are in this file, except
 * the follow-up ones (followup_*) in flow_answer.c, which also computes the
 * suggestions on commit; the admin ones (flow_on_corner_hold,
 * flow_handle_admin_pin, pin_enter) in flow_admin.c; and the timers
 * (ask_still_there, tick_still_there, tick_state, flow_tick, and
 * flow_next_deadline) in flow_timers.c. flow_check.c asserts the
 * invariants. flow_internal.h declares the flow_* functions these files
 * share that flow.h does not.
 *
 * Anything else is ignored with SR_E_STATE and FLOW_ACT_NONE; an index out of
 * range with SR_E_INVALID. A score during the cooldown, a corner hold while
 * locked out or with no PIN configured, and a wrong PIN are SR_E_DENIED; a
 * hold shorter than admin_hold_ms is SR_E_INVALID; a 13th digit SR_E_LIMIT.
 * An accepted input (and a wrong PIN, which the person did type) resets the
 * idle timer. Accepted events that change the screen return FLOW_ACT_REDRAW.
 * flow_handle() runs no timer: the shell ticks first when a deadline passed.
 *
 * Sessions. IDLE -> anything starts one; every return to IDLE
 * (flow_session_end) ends it: the answer is emptied, the language goes back
 * to the pack's default, the PIN typed is forgotten. Only the cooldown, the PIN lockout and
 * the counters outlive a session. Back from the first follow-up takes the
 * score back (another face may be picked) but keeps the chips; "done" and the
 * finish empty every follow-up not answered, so what is committed is exactly
 * what was given. Free text is cut to the question's max_length characters
 * (code points), never inside a multibyte sequence.
 *
 * Configuration (flow_config_defaults): idle timeout 60 s, still-there 30 s,
 * thanks 8 s, cooldown 20 s, admin hold 3 s, PIN lockout 5 min, low score <= 2,
 * no admin PIN (admin entry disabled). The config is borrowed and may be
 * changed by the shell at any time, so each value is read through a getter
 * that clamps it to its FLOW_*_MIN (never written back).
 *
 * Suggestions after a low score (score <= low_score_max), computed on commit:
 * up to FLOW_MAX_SUGGESTIONS - 1 non-urgent items in file order -- first those
 * whose helps_with names an option chosen in a follow-up, then, to fill up,
 * those naming the chosen check-in option -- then the pack's first urgent
 * item, always last.
 */
#include "flow.h"
#include "flow_internal.h"

#include <assert.h>
#include <string.h>

/* ---- configuration, clamped on read (the config is borrowed) ---------- */

/* One getter per value, all here, so the clamping rules read as one table
 * (the admin PIN itself is read where it is checked, in flow_admin.c). */
static int64_t at_least(int64_t value, int64_t min)
{
    return value < min ? min : value;
}

int64_t flow_idle_timeout_ms(const flow *f)
{
    return at_least(f->config->idle_timeout_ms, FLOW_IDLE_TIMEOUT_MIN_MS);
}

int64_t flow_still_there_ms(const flow *f)
{
    return at_least(f->config->still_there_ms, FLOW_STILL_THERE_MIN_MS);
}

static int64_t thanks_ms(const flow *f)
{
    return at_least(f->config->thanks_ms, FLOW_THANKS_MIN_MS);
}

static int64_t cooldown_ms(const flow *f)
{
    return at_least(f->config->cooldown_ms, 0);
}

int64_t flow_admin_hold_ms(const flow *f)
{
    return at_least(f->config->admin_hold_ms, FLOW_ADMIN_HOLD_MIN_MS);
}

int64_t flow_pin_lockout_ms(const flow *f)
{
    return at_least(f->config->pin_lockout_ms, 0);
}

void flow_config_defaults(flow_config *config)
{
    memset(config, 0, sizeof *config);
    config->idle_timeout_ms = 60 * 1000;
    config->still_there_ms = 30 * 1000;
    config->thanks_ms = 8 * 1000;
    config->cooldown_ms = 20 * 1000;
    config->admin_hold_ms = 3 * 1000;
    config->pin_lockout_ms = 5 * 60 * 1000;
    config->low_score_max = 2;
    config->admin_pin[0] = '\0'; /* admin entry disabled until a PIN is set */
}

/* ---- small helpers ----------------------------------------------------- */

/* t + ms without overflow: a huge configured time means "never". */
int64_t flow_after(int64_t t, int64_t ms)
{
    return t > INT64_MAX - ms ? INT64_MAX : t + ms;
}

int flow_default_lang(const content_pack *pack)
{
    int lang = pack->default_lang;
    return lang >= 0 && lang < pack->n_langs ? lang : 0;
}

/* The state a person sees under a "still there?" overlay. */
flow_state flow_underlying_state(const flow *f)
{
    return f->state == FLOW_STILL_THERE ? f->interrupted : f->state;
}

/* A score was given and is not on disk yet. */
bool flow_answer_pending(const flow *f)
{
    flow_state s = flow_underlying_state(f);
    return s == FLOW_FOLLOWUP || s == FLOW_SAVING || s == FLOW_SAVE_FAILED;
}

flow_action flow_ignore(sr_status *status, sr_status why)
{
    *status = why;
    return FLOW_ACT_NONE;
}

/* Every way back to IDLE goes through here: the session ends completely. */
flow_action flow_session_end(flow *f)
{
    f->state = FLOW_IDLE;
    f->interrupted = FLOW_IDLE;
    f->toolkit_return = FLOW_IDLE;
    f->lang = flow_default_lang(f->pack);
    f->question = 0;
    f->category = -1;
    f->item = -1;
    f->item_from_thanks = false;
    flow_answer_clear(&f->answer, f->lang);
    flow_pin_clear(f);
    f->pin_wrong = false;
    f->n_suggestions = 0;
    f->still_there_until = 0;
    f->thanks_until = 0;
    f->still_there_shown = 0;
    return FLOW_ACT_REDRAW;
}

/* ---- transitions shared by several states ------------------------------ */

/* The only place that returns FLOW_ACT_COMMIT (invariant 11). Unanswered
 * follow-ups are emptied so that what is stored is exactly what was given. */
flow_action flow_finish(flow *f)
{
    for (int q = 1; q < f->pack->n_questions; q++)
        if (!f->answer.answered[q])
            flow_answer_clear_question(&f->answer, q);
    f->state = FLOW_SAVING;
    return FLOW_ACT_COMMIT;
}

static flow_action on_score(flow *f, int option, int64_t now, sr_status *status)
{
    const content_question *checkin = &f->pack->questions[0];
    if (!flow_can_check_in(f, now))
        return flow_ignore(status, SR_E_DENIED);
    if (option < 0 || option >= checkin->n_options)
        return flow_ignore(status, SR_E_INVALID);
    f->answer.score_option = option;
    f->answer.score = checkin->options[option].value;
    f->answer.answered[0] = true;
    f->answer.lang = f->lang;
    if (f->pack->n_questions < 2)
        return flow_finish(f);
    f->state = FLOW_FOLLOWUP;
    f->question = 1;
    return FLOW_ACT_REDRAW;
}

flow_action flow_on_language(flow *f, int lang, sr_status *status)
{
    if (lang < 0 || lang >= f->pack->n_langs)
        return flow_ignore(status, SR_E_INVALID);
    f->lang = lang;
    if (f->state == FLOW_IDLE)
        f->state = FLOW_CHECKIN; /* choosing a language starts a session */
    if (f->state == FLOW_FOLLOWUP)
        f->answer.lang = lang;
    return FLOW_ACT_REDRAW;
}

static flow_action open_toolkit(flow *f)
{
    f->toolkit_return = f->state;
    f->state = FLOW_TOOLKIT;
    return FLOW_ACT_REDRAW;
}

static flow_action leave_toolkit(flow *f, int64_t now)
{
    f->item_from_thanks = false;
    if (f->toolkit_return == FLOW_CHECKIN) {
        f->state = FLOW_CHECKIN;
        return FLOW_ACT_REDRAW;
    }
    if (f->toolkit_return == FLOW_THANKS && now < f->thanks_until) {
        f->state = FLOW_THANKS;
        return FLOW_ACT_REDRAW;
    }
    return flow_session_end(f);
}

static flow_action open_item(flow *f, int item)
{
    f->item = item;
    f->category = f->pack->items[item].category;
    f->state = FLOW_ITEM;
    return FLOW_ACT_ITEM_OPENED;
}

/* ---- one handler per state --------------------------------------------- */

typedef flow_action (*state_handler)(flow *f, const flow_event *ev, int64_t now, sr_status *status);

static flow_action handle_idle(flow *f, const flow_event *ev, int64_t now, sr_status *status)
{
    switch (ev->type) {
    case FLOW_EV_SCORE: return on_score(f, ev->arg, now, status);
    case FLOW_EV_LANGUAGE: return flow_on_language(f, ev->arg, status);
    case FLOW_EV_TOOLKIT: return open_toolkit(f);
    case FLOW_EV_CORNER_HOLD: return flow_on_corner_hold(f, ev->arg, now, status);
    case FLOW_EV_TOUCH: return FLOW_ACT_NONE;
    default: return flow_ignore(status, SR_E_STATE);
    }
}

static flow_action handle_checkin(flow *f, const flow_event *ev, int64_t now, sr_status *status)
{
    switch (ev->type) {
    case FLOW_EV_BACK:
    case FLOW_EV_HOME: return flow_session_end(f);
    default: return handle_idle(f, ev, now, status); /* the same screen */
    }
}

static flow_action commit_ok(flow *f, int64_t now)
{
    f->state = FLOW_THANKS;
    f->thanks_until = flow_after(now, thanks_ms(f));
    f->cooldown_until = cooldown_ms(f) > 0 ? flow_after(now, cooldown_ms(f)) : 0;
    f->commits++;
    flow_suggestions_compute(f);
    return FLOW_ACT_REDRAW;
}

static flow_action commit_failed(flow *f, int64_t now)
{
    f->state = FLOW_SAVE_FAILED;
    f->thanks_until = flow_after(now, thanks_ms(f));
    return FLOW_ACT_REDRAW;
}

/* A double tap on "done" must never store two answers: only the shell's
 * commit result is accepted here. */
static flow_action handle_saving(flow *f, const flow_event *ev, int64_t now, sr_status *status)
{
    switch (ev->type) {
    case FLOW_EV_COMMIT_OK: return commit_ok(f, now);
    case FLOW_EV_COMMIT_FAILED: return commit_failed(f, now);
    default: return flow_ignore(status, SR_E_STATE);
    }
}

flow_action flow_save_abandon(flow *f)
{
    f->discards++;
    return flow_session_end(f);
}

static flow_action handle_save_failed(flow *f, const flow_event *ev, int64_t now, sr_status *status)
{
    switch (ev->type) {
    case FLOW_EV_NEXT: return flow_finish(f); /* "try again" */
    case FLOW_EV_BACK:
    case FLOW_EV_HOME:
    case FLOW_EV_DONE: return flow_save_abandon(f);
    case FLOW_EV_TOUCH: /* someone is reading the message: keep it up */
        f->thanks_until = flow_after(now, thanks_ms(f));
        return FLOW_ACT_NONE;
    default: return flow_ignore(status, SR_E_STATE);
    }
}

static flow_action handle_thanks(flow *f, const flow_event *ev, int64_t now, sr_status *status)
{
    (void)now;
    switch (ev->type) {
    case FLOW_EV_SCORE: return flow_ignore(status, SR_E_DENIED); /* the cooldown runs */
    case FLOW_EV_ITEM:
        if (!flow_suggested(f, ev->arg))
            return flow_ignore(status, SR_E_INVALID);
        f->toolkit_return = FLOW_THANKS;
        f->item_from_thanks = true;
        return open_item(f, ev->arg);
    case FLOW_EV_TOOLKIT: return open_toolkit(f);
    case FLOW_EV_HOME:
    case FLOW_EV_DONE: return flow_session_end(f); /* the cooldown keeps running */
    case FLOW_EV_LANGUAGE: return flow_on_language(f, ev->arg, status);
    case FLOW_EV_TOUCH: return FLOW_ACT_NONE;
    default: return flow_ignore(status, SR_E_STATE);
    }
}

static flow_action handle_toolkit(flow *f, const flow_event *ev, int64_t now, sr_status *status)
{
    switch (ev->type) {
    case FLOW_EV_CATEGORY:
        if (ev->arg < 0 || ev->arg >= f->pack->n_categories)
            return flow_ignore(status, SR_E_INVALID);
        f->category = ev->arg;
        f->state = FLOW_CATEGORY;
        return FLOW_ACT_REDRAW;
    case FLOW_EV_BACK:
    case FLOW_EV_HOME: return leave_toolkit(f, now);
    case FLOW_EV_LANGUAGE: return flow_on_language(f, ev->arg, status);
    case FLOW_EV_TOUCH: return FLOW_ACT_NONE;
    default: return flow_ignore(status, SR_E_STATE);
    }
}

static flow_action handle_category(flow *f, const flow_event *ev, int64_t now, sr_status *status)
{
    switch (ev->type) {
    case FLOW_EV_ITEM:
        if (ev->arg < 0 || ev->arg >= f->pack->n_items ||
            f->pack->items[ev->arg].category != f->category)
            return flow_ignore(status, SR_E_INVALID);
        return open_item(f, ev->arg);
    case FLOW_EV_BACK:
        f->state = FLOW_TOOLKIT;
        return FLOW_ACT_REDRAW;
    case FLOW_EV_HOME: return leave_toolkit(f, now);
    case FLOW_EV_LANGUAGE: return flow_on_language(f, ev->arg, status);
    case FLOW_EV_TOUCH: return FLOW_ACT_NONE;
    default: return flow_ignore(status, SR_E_STATE);
    }
}

static flow_action handle_item(flow *f, const flow_event *ev, int64_t now, sr_status *status)
{
    switch (ev->type) {
    case FLOW_EV_BACK:
        if (f->item_from_thanks)
            return leave_toolkit(f, now);
        f->state = FLOW_CATEGORY;
        return FLOW_ACT_REDRAW;
    case FLOW_EV_HOME: return leave_toolkit(f, now);
    case FLOW_EV_LANGUAGE: return flow_on_language(f, ev->arg, status);
    case FLOW_EV_TOUCH: return FLOW_ACT_NONE;
    default: return flow_ignore(status, SR_E_STATE);
    }
}

static flow_action handle_still_there(flow *f, const flow_event *ev, int64_t now, sr_status *status)
{
    (void)now;
    switch (ev->type) {
    case FLOW_EV_CONTINUE:
    case FLOW_EV_TOUCH:
        f->state = f->interrupted;
        f->still_there_until = 0;
        return FLOW_ACT_REDRAW;
    default: return flow_ignore(status, SR_E_STATE);
    }
}

static const state_handler STATE_HANDLERS[FLOW_STATE_COUNT] = {
    [FLOW_IDLE] = handle_idle,
    [FLOW_CHECKIN] = handle_checkin,
    [FLOW_FOLLOWUP] = flow_handle_followup,
    [FLOW_SAVING] = handle_saving,
    [FLOW_THANKS] = handle_thanks,
    [FLOW_SAVE_FAILED] = handle_save_failed,
    [FLOW_TOOLKIT] = handle_toolkit,
    [FLOW_CATEGORY] = handle_category,
    [FLOW_ITEM] = handle_item,
    [FLOW_STILL_THERE] = handle_still_there,
    [FLOW_ADMIN_PIN] = flow_handle_admin_pin,
    [FLOW_ADMIN] = flow_handle_admin,
};

/* ---- public API -------------------------------------------------------- */

void flow_init(flow *f, const content_pack *pack, const flow_config *config, int64_t now)
{
    assert(pack && config && pack->n_langs >= 1 && pack->n_questions >= 1);
    memset(f, 0, sizeof *f);
    f->pack = pack;
    f->config = config;
    f->last_input_ms = now;
    flow_session_end(f);
    flow_check(f);
}

flow_action flow_handle(flow *f, const flow_event *ev, int64_t now, sr_status *status)
{
    assert(f && ev);
    sr_status ignored_status;
    if (!status)
        status = &ignored_status;
    *status = SR_OK;
    if ((int)ev->type < 0 || ev->type >= FLOW_EV_COUNT)
        return flow_ignore(status, SR_E_INVALID);
    flow_action action = STATE_HANDLERS[f->state](f, ev, now, status);
    bool is_input = ev->type != FLOW_EV_COMMIT_OK && ev->type != FLOW_EV_COMMIT_FAILED;
    if (is_input && (*status == SR_OK || action != FLOW_ACT_NONE))
        f->last_input_ms = now;
    flow_check(f);
    return action;
}

void flow_set_content(flow *f, const content_pack *pack, int64_t now)
{
    assert(pack && pack->n_langs >= 1 && pack->n_questions >= 1);
    (void)now;
    f->pack = pack;
    flow_session_end(f); /* indexes into the old pack mean nothing in the new one */
    flow_check(f);
}

const flow_answer *flow_get_answer(const flow *f)
{
    return &f->answer;
}

const char *flow_state_name(flow_state state)
{
    static const char *const NAMES[FLOW_STATE_COUNT] = {
        [FLOW_IDLE] = "idle",
        [FLOW_CHECKIN] = "checkin",
        [FLOW_FOLLOWUP] = "followup",
        [FLOW_SAVING] = "saving",
        [FLOW_THANKS] = "thanks",
        [FLOW_SAVE_FAILED] = "save-failed",
        [FLOW_TOOLKIT] = "toolkit",
        [FLOW_CATEGORY] = "category",
        [FLOW_ITEM] = "item",
        [FLOW_STILL_THERE] = "still-there",
        [FLOW_ADMIN_PIN] = "admin-pin",
        [FLOW_ADMIN] = "admin",
    };
    if ((int)state < 0 || state >= FLOW_STATE_COUNT)
        return "unknown";
    return NAMES[state];
}
