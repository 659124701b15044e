/* flow_timers.c -- the flow's timers: flow_tick() and flow_next_deadline()
 * (see the diagram and the transitions marked "timer" at the top of flow.c).
 *
 * Time only moves here when the shell says so: it sleeps until
 * flow_next_deadline(), then calls flow_tick() with `now`. The timers are the
 * idle timeout (CHECKIN, FOLLOWUP and the toolkit ask "still there?"; the
 * admin screens go straight to IDLE), the still-there countdown (a redraw
 * each whole second, then IDLE, discarding an unfinished answer), the thanks
 * and save-failed messages, and the cooldown after a commit. This file
 * promises that flow_tick() is idempotent (a second tick at the same `now`
 * does nothing) and that flow_next_deadline() is never in the past after a
 * tick, so a shell that sleeps until it never spins and never oversleeps.
 */
#include "flow.h"
#include "flow_internal.h"

#include <stdint.h>

static int64_t earliest(int64_t a, int64_t b)
{
    return a < b ? a : b;
}

static flow_action ask_still_there(flow *f, int64_t now)
{
    f->interrupted = f->state;
    f->state = FLOW_STILL_THERE;
    f->still_there_until = flow_after(now, flow_still_there_ms(f));
    f->still_there_shown = flow_still_there_seconds(f, now);
    return FLOW_ACT_REDRAW;
}

static flow_action tick_still_there(flow *f, int64_t now)
{
    if (now >= f->still_there_until) {
        if (flow_answer_pending(f))
            f->discards++; /* a score was given but never finished */
        return flow_session_end(f);
    }
    int seconds = flow_still_there_seconds(f, now);
    if (seconds == f->still_there_shown)
        return FLOW_ACT_NONE;
    f->still_there_shown = seconds;
    return FLOW_ACT_REDRAW;
}

static flow_action tick_state(flow *f, int64_t now)
{
    bool idle_expired = now >= flow_after(f->last_input_ms, flow_idle_timeout_ms(f));
    switch (f->state) {
    case FLOW_CHECKIN:
    case FLOW_FOLLOWUP:
    case FLOW_TOOLKIT:
    case FLOW_CATEGORY:
    case FLOW_ITEM: return idle_expired ? ask_still_there(f, now) : FLOW_ACT_NONE;
    case FLOW_ADMIN_PIN:
    case FLOW_ADMIN: return idle_expired ? flow_session_end(f) : FLOW_ACT_NONE;
    case FLOW_STILL_THERE: return tick_still_there(f, now);
    case FLOW_THANKS: return now >= f->thanks_until ? flow_session_end(f) : FLOW_ACT_NONE;
    case FLOW_SAVE_FAILED: return now >= f->thanks_until ? flow_save_abandon(f) : FLOW_ACT_NONE;
    default: return FLOW_ACT_NONE; /* IDLE has no timeout; SAVING waits for the shell */
    }
}

flow_action flow_tick(flow *f, int64_t now)
{
    flow_action action = FLOW_ACT_NONE;
    if (f->cooldown_until != 0 && now >= f->cooldown_until) {
        f->cooldown_until = 0;
        /* the check-in screen drops its "one moment" note */
        if (f->state == FLOW_IDLE || f->state == FLOW_CHECKIN)
            action = FLOW_ACT_REDRAW;
    }
    if (tick_state(f, now) != FLOW_ACT_NONE)
        action = FLOW_ACT_REDRAW;
    flow_check(f);
    return action;
}

/* The next change of the countdown's whole-second value, or its end. */
static int64_t still_there_deadline(const flow *f, int64_t now)
{
    int seconds = flow_still_there_seconds(f, now);
    if (seconds <= 1)
        return f->still_there_until;
    return f->still_there_until - (int64_t)(seconds - 1) * 1000;
}

int64_t flow_next_deadline(const flow *f, int64_t now)
{
    int64_t deadline = f->cooldown_until != 0 ? f->cooldown_until : INT64_MAX;
    switch (f->state) {
    case FLOW_CHECKIN:
    case FLOW_FOLLOWUP:
    case FLOW_TOOLKIT:
    case FLOW_CATEGORY:
    case FLOW_ITEM:
    case FLOW_ADMIN_PIN:
    case FLOW_ADMIN:
        return earliest(deadline, flow_after(f->last_input_ms, flow_idle_timeout_ms(f)));
    case FLOW_STILL_THERE: return earliest(deadline, still_there_deadline(f, now));
    case FLOW_THANKS:
    case FLOW_SAVE_FAILED: return earliest(deadline, f->thanks_until);
    default: return deadline;
    }
}

bool flow_can_check_in(const flow *f, int64_t now)
{
    return now >= f->cooldown_until;
}

int flow_still_there_seconds(const flow *f, int64_t now)
{
    if (f->state != FLOW_STILL_THERE || now >= f->still_there_until)
        return 0;
    return (int)((f->still_there_until - now + 999) / 1000);
}
