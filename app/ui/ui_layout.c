/* ui_layout.c -- ui_build(): picks the screen for the flow's state, and the
 * view-state bookkeeping (see ui_layout.h). The screens themselves live in
 * ui_screen_checkin.c, ui_screen_toolkit.c, ui_screen_admin.c and
 * ui_screen_text.c.
 */
#include "ui_layout.h"

#include <string.h>

#include "ui_widgets.h"

static void build_screen(ui_ctx *c)
{
    switch (c->flow->state) {
    case FLOW_IDLE:
    case FLOW_CHECKIN:
        ui_screen_checkin(c);
        break;
    case FLOW_FOLLOWUP: {
        int q = c->flow->question;
        if (q > 0 && q < c->pack->n_questions && c->pack->questions[q].type == QUESTION_TEXT)
            ui_screen_text_question(c);
        else
            ui_screen_followup(c);
        break;
    }
    case FLOW_SAVING:
        ui_screen_saving(c);
        break;
    case FLOW_THANKS:
        ui_screen_thanks(c);
        break;
    case FLOW_SAVE_FAILED:
        ui_screen_save_failed(c);
        break;
    case FLOW_TOOLKIT:
        ui_screen_toolkit(c);
        break;
    case FLOW_CATEGORY:
        ui_screen_category(c);
        break;
    case FLOW_ITEM:
        ui_screen_item(c);
        break;
    case FLOW_STILL_THERE:
        ui_screen_still_there(c);
        break;
    case FLOW_ADMIN_PIN:
        ui_screen_admin_pin(c);
        break;
    case FLOW_ADMIN:
        ui_screen_admin(c);
        break;
    case FLOW_STATE_COUNT:
        break;
    }
}

void ui_build(ui_frame *frame, const ui_input *in)
{
    ui_frame_reset(frame, in->width, in->height);
    frame->state = in->flow->state;
    ui_ctx c = {.frame = frame, .in = in, .flow = in->flow, .pack = in->pack};
    ui_metrics_for(&c.m, in->width, in->height);
    c.lang = in->flow->lang;
    if (c.lang < 0 || c.lang >= in->pack->n_langs)
        c.lang = in->pack->default_lang;
    ui_fill(&c, (ui_rect){0, 0, in->width, in->height}, ui_theme_palette()->screen, 0);
    build_screen(&c);
}

void ui_view_reset(ui_view *view)
{
    memset(view, 0, sizeof *view);
    view->seen_state = FLOW_STATE_COUNT;
}

void ui_view_sync(ui_view *view, const flow *f)
{
    if (view->seen_state == f->state && view->seen_question == f->question &&
        view->seen_category == f->category && view->seen_item == f->item)
        return;
    view->scroll = 0;
    view->page = 0;
    view->key_page = 0;
    view->seen_state = f->state;
    view->seen_question = f->question;
    view->seen_category = f->category;
    view->seen_item = f->item;
}

static bool clamp_int(int *value, int max)
{
    int v = *value < 0 ? 0 : *value > max ? max : *value;
    bool changed = v != *value;
    *value = v;
    return changed;
}

bool ui_view_clamp(ui_view *view, const ui_frame *frame)
{
    bool changed = clamp_int(&view->scroll, frame->scroll_max);
    changed |= clamp_int(&view->page, frame->page_count - 1);
    changed |= clamp_int(&view->key_page, frame->key_page_count - 1);
    return changed;
}
