/* ui_pointer.c -- press/release to tap (see ui_pointer.h). */
#include "ui_pointer.h"

#include <string.h>

void ui_pointer_reset(ui_pointer *p)
{
    memset(p, 0, sizeof *p);
    p->settle_ms = UI_POINTER_SETTLE_MS;
}

bool ui_pointer_press(ui_pointer *p, const ui_frame *frame, int x, int y, int64_t now)
{
    if (now < p->settle_until) {
        p->down = false;
        return false;
    }
    const ui_target *t = ui_frame_hit(frame, x, y);
    p->down = true;
    p->down_at = now;
    strcpy(p->pressed, t ? t->id : "");
    return true;
}

ui_tap ui_pointer_release(ui_pointer *p, const ui_frame *frame, int x, int y, int64_t now)
{
    ui_tap tap = {UI_TAP_NONE, {{0}}, 0};
    if (!p->down)
        return tap;
    p->down = false;
    tap.held_ms = now - p->down_at;
    const ui_target *t = ui_frame_hit(frame, x, y);
    if (t && p->pressed[0] && strcmp(t->id, p->pressed) == 0) {
        tap.kind = UI_TAP_TARGET;
        tap.target = *t;
    } else {
        tap.kind = UI_TAP_TOUCH;
    }
    p->pressed[0] = '\0';
    return tap;
}

void ui_pointer_screen_changed(ui_pointer *p, int64_t now)
{
    p->settle_until = now + p->settle_ms;
}
