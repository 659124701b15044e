/* ui_problem.c -- the "kiosk cannot start" notice (see ui_problem.h).
 *
 * One function places everything, either measuring or drawing (place()),
 * so what was measured is exactly what is drawn. The notice is tried at the
 * body size and shrunk a logical pixel at a time until the whole of it
 * fits the screen: a technician must be able to read every word of a long
 * path and reason, and ui_text() records anything that still does not fit.
 */
#include "ui_problem.h"

#include <string.h>

#include "ui_widgets.h"

#define PROBLEM_ICON 56        /* logical px */
#define PROBLEM_LABEL_W 130    /* landscape: the label column, logical px */
#define PROBLEM_FACT_GAP 6     /* between facts, logical px */

/* ui_text() when drawing, ui_text_measure() otherwise; the height either way. */
static int block(ui_ctx *c, ui_rect r, const ui_text_spec *spec, const char *text, bool draw)
{
    return draw ? ui_text(c, r, spec, text) : ui_text_measure(c, r.w, r.h, spec, text);
}

/* The warning symbol and the title beside it; returns the height used. */
static int heading(ui_ctx *c, const char *title, int size, int y, bool draw)
{
    const ui_metrics *m = &c->m;
    int icon = ui_px(m, PROBLEM_ICON * size / UI_SIZE_BODY);
    int x = m->margin + icon + m->gap;
    ui_text_spec spec = {UI_STYLE_SCREEN, UI_FONT_BOLD, size * UI_SIZE_TITLE / UI_SIZE_BODY,
                         UI_ALIGN_LEFT, UI_VALIGN_MIDDLE, 2};
    ui_rect box = {x, y, m->width - m->margin - x, m->height};
    int h = block(c, box, &spec, title, false);
    h = h > icon ? h : icon;
    if (draw) {
        const ui_style_colors *error = ui_theme_style(UI_STYLE_ERROR);
        ui_icon(c, (ui_rect){m->margin, y + (h - icon) / 2, icon, icon}, "alert", error->ink,
                error->background);
        box.h = h;
        ui_text(c, box, &spec, title);
    }
    return h;
}

/* One fact: its label beside the value (landscape) or above it (portrait);
 * an alert is drawn in the error style on its own panel. */
static int fact(ui_ctx *c, const ui_problem_fact *f, ui_rect r, int size, bool draw)
{
    const ui_metrics *m = &c->m;
    int pad = f->alert ? ui_px(m, 8) : 0;
    ui_text_spec label = {f->alert ? UI_STYLE_ERROR : UI_STYLE_MUTED, UI_FONT_REGULAR, size,
                          UI_ALIGN_LEFT, UI_VALIGN_TOP, 2};
    ui_text_spec value = {f->alert ? UI_STYLE_ERROR : UI_STYLE_SCREEN, UI_FONT_BOLD, size,
                          UI_ALIGN_LEFT, UI_VALIGN_TOP, 0};
    int inner_w = r.w - 2 * pad;
    int label_w = m->portrait ? inner_w : ui_px(m, PROBLEM_LABEL_W);
    int value_x = m->portrait ? r.x + pad : r.x + pad + label_w + ui_px(m, 12);
    int value_w = r.x + r.w - pad - value_x;
    int lh = block(c, (ui_rect){r.x + pad, r.y, label_w, r.h}, &label, f->label, false);
    int vh = block(c, (ui_rect){value_x, r.y, value_w, r.h}, &value, f->value, false);
    int h = (m->portrait ? lh + vh : (lh > vh ? lh : vh)) + 2 * pad;
    if (!draw)
        return h;
    if (f->alert)
        ui_panel(c, (ui_rect){r.x, r.y, r.w, h}, UI_STYLE_ERROR, false);
    ui_text(c, (ui_rect){r.x + pad, r.y + pad, label_w, lh}, &label, f->label);
    int value_y = r.y + pad + (m->portrait ? lh : 0);
    ui_text(c, (ui_rect){value_x, value_y, value_w, vh}, &value, f->value);
    return h;
}

/* The action notice on its yellow panel, its top at y. */
static int notice(ui_ctx *c, const char *action, int size, int y, bool draw)
{
    const ui_metrics *m = &c->m;
    if (!action || !*action)
        return 0;
    int pad = ui_px(m, 14);
    ui_rect r = {m->margin, y, m->width - 2 * m->margin, m->height};
    ui_text_spec spec = {UI_STYLE_NOTICE, UI_FONT_BOLD, size, UI_ALIGN_LEFT, UI_VALIGN_TOP, 0};
    ui_rect text_box = {r.x + pad, y + pad, r.w - 2 * pad, m->height};
    int h = block(c, text_box, &spec, action, false) + 2 * pad;
    if (draw) {
        ui_panel(c, (ui_rect){r.x, y, r.w, h}, UI_STYLE_NOTICE, false);
        text_box.h = h - 2 * pad;
        ui_text(c, text_box, &spec, action);
    }
    return h;
}

/* Places the whole notice at body size `size` (logical); returns the
 * height it needs. Top: heading, summary, facts; bottom: action, footer. */
static int place(ui_ctx *c, const ui_problem *p, int size, bool draw)
{
    const ui_metrics *m = &c->m;
    int w = m->width - 2 * m->margin, y = m->margin, small_gap = ui_px(m, PROBLEM_FACT_GAP);
    y += heading(c, p->title, size, y, draw) + m->gap;
    ui_text_spec body = {UI_STYLE_SCREEN, UI_FONT_REGULAR, size, UI_ALIGN_LEFT, UI_VALIGN_TOP, 0};
    if (p->summary && *p->summary)
        y += block(c, (ui_rect){m->margin, y, w, m->height}, &body, p->summary, draw) + m->gap;
    for (int i = 0; i < p->n_facts && i < UI_PROBLEM_FACTS_MAX; i++)
        y += fact(c, &p->facts[i], (ui_rect){m->margin, y, w, m->height}, size, draw) + small_gap;
    int small_size = size - 4 > UI_SIZE_MIN ? size - 4 : UI_SIZE_MIN;
    ui_text_spec small = {UI_STYLE_MUTED, UI_FONT_REGULAR, small_size, UI_ALIGN_LEFT,
                          UI_VALIGN_TOP, 0};
    int footer_h = p->footer ? block(c, (ui_rect){m->margin, 0, w, m->height}, &small,
                                     p->footer, false) : 0;
    int notice_h = notice(c, p->action, size, 0, false);
    int bottom = m->height - m->margin - footer_h - (footer_h ? small_gap : 0);
    if (draw) {
        notice(c, p->action, size, bottom - notice_h, true);
        if (p->footer)
            ui_text(c, (ui_rect){m->margin, m->height - m->margin - footer_h, w, footer_h},
                    &small, p->footer);
    }
    return y - m->margin + m->gap + notice_h + footer_h + (footer_h ? small_gap : 0);
}

void ui_problem_build(ui_frame *frame, const ui_problem *problem, const ui_measure *measure,
                      int width, int height)
{
    ui_frame_reset(frame, width, height);
    frame->state = FLOW_STATE_COUNT;
    ui_input in = {.measure = measure, .width = width, .height = height};
    ui_ctx c = {.frame = frame, .in = &in};
    ui_metrics_for(&c.m, width, height);
    ui_fill(&c, (ui_rect){0, 0, width, height}, ui_theme_palette()->screen, 0);
    int size = UI_SIZE_BODY, room = height - 2 * c.m.margin;
    int need = place(&c, problem, size, false);
    while (size > UI_SIZE_MIN && need > room)
        need = place(&c, problem, --size, false);
    if (need > room) /* the notice would overlap the facts: as bad as clipped */
        ui_frame_note_overflow(frame, "problem notice: too long for the screen at any size");
    place(&c, problem, size, true);
}
