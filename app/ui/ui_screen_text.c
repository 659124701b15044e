/* ui_screen_text.c -- an optional free-text follow-up: the prompt, a
 * reminder not to name anyone, the text typed so far with the characters
 * left, and the paged on-screen keyboard (ui_keyboard.h).
 *
 * Landscape: text and buttons on the left, keys on the right (five 88 px
 * columns). Portrait: text on top, keys below, buttons along the bottom.
 */
#include <stdio.h>
#include <string.h>

#include "ui_keyboard.h"
#include "ui_widgets.h"

/* The last lines of the typed text (with a caret) that fit box: the text
 * grows downwards and the newest words stay in view. */
static void typed_text(ui_ctx *c, ui_rect box, const char *text)
{
    ui_panel(c, box, UI_STYLE_TILE, false);
    char shown[CONTENT_TEXT_MAX_LENGTH * 4 + 8];
    snprintf(shown, sizeof shown, "%s|", text);
    int pad = ui_px(&c->m, 10);
    ui_rect inner = {box.x + pad, box.y + pad / 2, box.w - 2 * pad, box.h - pad};
    ui_text_layout l;
    int size = ui_px(&c->m, UI_SIZE_LABEL);
    ui_text_wrap(c->in->measure, UI_FONT_REGULAR, size, shown, inner.w, &l);
    int visible = l.line_height > 0 ? inner.h / l.line_height : 1;
    int first = l.n_lines > visible ? l.n_lines - visible : 0;
    ui_color ink = ui_theme_style(UI_STYLE_TILE)->ink;
    for (int i = first; i < l.n_lines; i++) {
        ui_cmd cmd = {.type = UI_CMD_TEXT, .color = ink, .font = UI_FONT_REGULAR, .size = size,
                      .align = UI_ALIGN_LEFT};
        cmd.rect = (ui_rect){inner.x, inner.y + (i - first) * l.line_height, inner.w,
                             l.line_height};
        cmd.text = ui_frame_text(c->frame, shown + l.lines[i].start, l.lines[i].len);
        ui_frame_push_cmd(c->frame, &cmd);
    }
}

/* Prompt, reminder, typed text and characters left, top-down in area.
 * Returns the y below them. */
static int text_column(ui_ctx *c, ui_rect area, const content_question *q)
{
    const ui_metrics *m = &c->m;
    ui_text_spec prompt = {UI_STYLE_SCREEN, UI_FONT_BOLD, UI_SIZE_HEADING, UI_ALIGN_LEFT,
                           UI_VALIGN_TOP, 3};
    ui_text_spec remind = {UI_STYLE_NOTICE, UI_FONT_BOLD, UI_SIZE_SMALL, UI_ALIGN_LEFT,
                           UI_VALIGN_MIDDLE, 3};
    ui_text_spec left = {UI_STYLE_MUTED, UI_FONT_REGULAR, UI_SIZE_SMALL, UI_ALIGN_LEFT,
                         UI_VALIGN_TOP, 1};
    int y = area.y;
    y += ui_text(c, (ui_rect){area.x, y, area.w, ui_px(m, 66)}, &prompt, ui_tr(c, &q->prompt));
    y += ui_px(m, 6);
    int pad = ui_px(m, 8);
    const char *reminder = ui_str(c, "text_no_names");
    int rh = ui_text_measure(c, area.w - 2 * pad, ui_px(m, 66), &remind, reminder) + 2 * pad;
    ui_panel(c, (ui_rect){area.x, y, area.w, rh}, UI_STYLE_NOTICE, false);
    ui_text(c, (ui_rect){area.x + pad, y + pad, area.w - 2 * pad, rh - 2 * pad}, &remind, reminder);
    y += rh + ui_px(m, 8);
    const char *text = c->flow->answer.text[c->flow->question];
    char number[16], chars_left[128];
    int max = q->max_length > 0 ? q->max_length : CONTENT_TEXT_MAX_LENGTH;
    snprintf(number, sizeof number, "%d", max - ui_text_chars(text));
    ui_text_substitute(chars_left, sizeof chars_left, ui_str(c, "text_chars_left"), "n", number);
    int left_h = ui_text_measure(c, area.w, ui_px(m, 30), &left, chars_left);
    int box_h = area.y + area.h - y - left_h - ui_px(m, 4);
    if (box_h > ui_px(m, 120))
        box_h = ui_px(m, 120);
    typed_text(c, (ui_rect){area.x, y, area.w, box_h}, text);
    y += box_h + ui_px(m, 4);
    y += ui_text(c, (ui_rect){area.x, y, area.w, left_h}, &left, chars_left);
    return y;
}

/* Gives the target just added (if it is id) the text its key types. */
static void set_key(ui_ctx *c, const char *id, const char *key)
{
    if (c->frame->n_targets == 0)
        return;
    ui_target *t = &c->frame->targets[c->frame->n_targets - 1];
    if (strcmp(t->id, id) == 0)
        snprintf(t->key, sizeof t->key, "%s", key);
}

static void key_button(ui_ctx *c, ui_rect r, const char *key)
{
    char id[UI_ID_MAX];
    ui_keyboard_key_id(key, strlen(key), id, sizeof id);
    ui_button_spec b = {id, key, NULL, UI_STYLE_SECONDARY, UI_TARGET_KEY, FLOW_EV_TEXT, 0};
    ui_button(c, r, &b);
    set_key(c, id, key);
}

/* The keys of the current page, then space, delete and (when paged) more. */
static void keyboard(ui_ctx *c, ui_rect area)
{
    ui_grid g;
    int n_keys = ui_keyboard_key_count();
    ui_grid_plan(c, &g, area, 1, c->m.target, c->m.target, 5);
    /* Spread spare height over the rows: taller keys are easier to hit. */
    g.cell_h = (area.h - (g.rows - 1) * g.gap) / g.rows;
    int slots = g.cols * g.rows;
    int per_page = slots - 2 >= n_keys ? slots - 2 : slots - 3;
    int pages = (n_keys + per_page - 1) / per_page;
    int page = c->in->view ? c->in->view->key_page : 0;
    page = page < 0 ? 0 : page >= pages ? pages - 1 : page;
    c->frame->key_page_count = pages;
    int slot = 0;
    for (int i = page * per_page; i < n_keys && i < (page + 1) * per_page; i++)
        key_button(c, ui_grid_cell(&g, slot++), ui_keyboard_key(i));
    slot = slots - (pages > 1 ? 3 : 2);
    ui_button_spec space = {"key-space", ui_str(c, "keyboard_space"), NULL, UI_STYLE_SECONDARY,
                            UI_TARGET_KEY, FLOW_EV_TEXT, 0};
    ui_button(c, ui_grid_cell(&g, slot++), &space);
    set_key(c, "key-space", " ");
    ui_button_spec del = {"key-delete", ui_str(c, "keyboard_delete"), NULL, UI_STYLE_SECONDARY,
                          UI_TARGET_KEY_DELETE, FLOW_EV_TEXT, 0};
    ui_button(c, ui_grid_cell(&g, slot++), &del);
    if (pages > 1) {
        ui_button_spec more = {"key-more", "\xe2\x80\xa6", "arrow-right", UI_STYLE_PRIMARY,
                               UI_TARGET_KEY_PAGE, FLOW_EV_TEXT, 1};
        ui_button(c, ui_grid_cell(&g, slot), &more);
    }
}

/* back / skip / next / done as a 2x2 block at the bottom of area. */
static void button_block(ui_ctx *c, ui_rect area)
{
    bool last = c->flow->question + 1 >= c->pack->n_questions;
    ui_button_spec b[4];
    int n = 0;
    b[n++] = (ui_button_spec){"back", ui_str(c, "back"), NULL, UI_STYLE_SECONDARY, UI_TARGET_FLOW,
                              FLOW_EV_BACK, 0};
    b[n++] = (ui_button_spec){"skip", ui_str(c, "skip"), NULL, UI_STYLE_SECONDARY, UI_TARGET_FLOW,
                              FLOW_EV_SKIP, 0};
    if (!last)
        b[n++] = (ui_button_spec){"next", ui_str(c, "next"), NULL, UI_STYLE_SECONDARY,
                                  UI_TARGET_FLOW, FLOW_EV_NEXT, 0};
    b[n++] = (ui_button_spec){"done", ui_str(c, "done"), NULL, UI_STYLE_PRIMARY, UI_TARGET_FLOW,
                              FLOW_EV_DONE, 0};
    int gap = c->m.gap, w = (area.w - gap) / 2, h = c->m.target;
    int y0 = area.y + area.h - 2 * h - gap;
    for (int i = 0; i < n; i++)
        ui_button(c, (ui_rect){area.x + i % 2 * (w + gap), y0 + i / 2 * (h + gap), w, h}, &b[i]);
}

void ui_screen_text_question(ui_ctx *c)
{
    const ui_metrics *m = &c->m;
    const content_question *q = &c->pack->questions[c->flow->question];
    ui_admin_corner(c);
    int keys_w = 5 * m->target + 4 * m->gap;
    if (m->portrait) {
        ui_rect top = {m->margin, m->margin, m->width - 2 * m->margin, ui_px(m, 300)};
        int y = text_column(c, top, q) + m->gap;
        if (y < m->target + m->gap)
            y = m->target + m->gap;
        int bar_y = m->height - m->margin - m->target;
        keyboard(c, (ui_rect){m->margin, y, m->width - 2 * m->margin, bar_y - m->gap - y});
        ui_followup_bar(c, 1);
        return;
    }
    if (m->width - 2 * m->margin - keys_w - 2 * m->gap < ui_px(m, 240))
        keys_w = 4 * m->target + 3 * m->gap;
    int left_w = m->width - 2 * m->margin - keys_w - 2 * m->gap;
    ui_rect buttons = {m->margin, m->margin, left_w, m->height - 2 * m->margin};
    int text_h = m->height - 2 * m->margin - 2 * m->target - 2 * m->gap;
    text_column(c, (ui_rect){m->margin, m->margin, left_w, text_h}, q);
    button_block(c, buttons);
    keyboard(c, (ui_rect){m->width - m->margin - keys_w, m->margin, keys_w,
                          m->height - 2 * m->margin});
}
