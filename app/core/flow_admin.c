/* flow_admin.c -- the hidden admin entry (see flow.c for the diagram).
 *
 * Holding the hidden admin corner of the check-in screen for admin_hold_ms
 * opens a PIN pad; the configured PIN opens the admin status screen. The
 * entry must be neither found by a stray touch nor guessed: the hold is long
 * (never under FLOW_ADMIN_HOLD_MIN_MS), the PIN is compared in constant
 * time, and FLOW_PIN_MAX_ATTEMPTS wrong PINs in a row lock the corner for
 * pin_lockout_ms. With no PIN configured the corner does nothing. The PIN
 * typed is forgotten as soon as it is checked, and leaving either screen
 * (or the idle timeout, in flow_timers.c) ends the session.
 */
#include "flow.h"
#include "flow_internal.h"

#include <string.h>

static bool pin_configured(const flow *f)
{
    return f->config->admin_pin[0] != '\0';
}

void flow_pin_clear(flow *f)
{
    memset(f->pin, 0, sizeof f->pin);
}

/* Compares every position, wherever the first difference is, so the time
 * taken says nothing about how much of the PIN was right. */
static bool pin_matches(const char *typed, const char *expected)
{
    size_t typed_len = strnlen(typed, FLOW_PIN_MAX);
    size_t expected_len = strnlen(expected, FLOW_PIN_MAX);
    unsigned diff = (unsigned)(typed_len ^ expected_len);
    for (size_t i = 0; i < FLOW_PIN_MAX; i++) {
        unsigned char a = i < typed_len ? (unsigned char)typed[i] : 0;
        unsigned char b = i < expected_len ? (unsigned char)expected[i] : 0;
        diff |= (unsigned)(a ^ b);
    }
    return diff == 0;
}

flow_action flow_on_corner_hold(flow *f, int held_ms, int64_t now, sr_status *status)
{
    if (!pin_configured(f) || now < f->pin_locked_until)
        return flow_ignore(status, SR_E_DENIED);
    if (held_ms < flow_admin_hold_ms(f))
        return flow_ignore(status, SR_E_INVALID);
    flow_pin_clear(f);
    f->pin_wrong = false;
    f->state = FLOW_ADMIN_PIN;
    return FLOW_ACT_REDRAW;
}

static flow_action pin_enter(flow *f, int64_t now, sr_status *status)
{
    if (!pin_configured(f)) { /* the PIN was removed meanwhile: nothing can match */
        *status = SR_E_DENIED;
        return flow_session_end(f);
    }
    if (pin_matches(f->pin, f->config->admin_pin)) {
        flow_pin_clear(f);
        f->pin_failures = 0;
        f->state = FLOW_ADMIN;
        return FLOW_ACT_REDRAW;
    }
    *status = SR_E_DENIED;
    flow_pin_clear(f);
    f->pin_wrong = true;
    if (++f->pin_failures < FLOW_PIN_MAX_ATTEMPTS)
        return FLOW_ACT_REDRAW;
    f->pin_failures = 0;
    f->pin_locked_until = flow_after(now, flow_pin_lockout_ms(f));
    return flow_session_end(f);
}

flow_action flow_handle_admin_pin(flow *f, const flow_event *ev, int64_t now, sr_status *status)
{
    size_t len = strlen(f->pin);
    switch (ev->type) {
    case FLOW_EV_PIN_DIGIT:
        if (ev->arg < 0 || ev->arg > 9)
            return flow_ignore(status, SR_E_INVALID);
        if (len >= FLOW_PIN_MAX)
            return flow_ignore(status, SR_E_LIMIT);
        f->pin[len] = (char)('0' + ev->arg);
        f->pin_wrong = false;
        return FLOW_ACT_REDRAW;
    case FLOW_EV_PIN_CLEAR:
        flow_pin_clear(f);
        f->pin_wrong = false;
        return FLOW_ACT_REDRAW;
    case FLOW_EV_PIN_ENTER: return pin_enter(f, now, status);
    case FLOW_EV_BACK:
    case FLOW_EV_HOME: return flow_session_end(f);
    case FLOW_EV_TOUCH: return FLOW_ACT_NONE;
    default: return flow_ignore(status, SR_E_STATE);
    }
}

flow_action flow_handle_admin(flow *f, const flow_event *ev, int64_t now, sr_status *status)
{
    (void)now;
    switch (ev->type) {
    case FLOW_EV_BACK:
    case FLOW_EV_HOME: return flow_session_end(f);
    case FLOW_EV_TOUCH: return FLOW_ACT_NONE;
    default: return flow_ignore(status, SR_E_STATE);
    }
}
