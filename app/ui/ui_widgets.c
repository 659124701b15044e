/* ui_widgets.c -- shapes, fitted text, buttons, bars and grids for the
 * screen layouts (see ui_widgets.h).
 *
 * Every text goes through ui_text()/emit_lines(), which is where the
 * promise "no text is ever clipped" is kept: text is shrunk to fit and,
 * if it still cannot, recorded in the frame for the tests to catch.
 */
#include "ui_widgets.h"

#include <stdio.h>
#include <string.h>

const char *ui_str(const ui_ctx *c, const char *key)
{
    return content_ui(c->pack, key, c->lang);
}

const char *ui_str_or(const ui_ctx *c, const char *key, const char *fallback)
{
    const char *s = content_ui(c->pack, key, c->lang);
    /* content_ui returns the key itself when the pack has no such string. */
    return s == key || !*s ? fallback : s;
}

const char *ui_tr(const ui_ctx *c, const content_text *text)
{
    return content_tr(c->pack, text, c->lang);
}

void ui_fill(ui_ctx *c, ui_rect r, ui_color color, int radius)
{
    ui_cmd cmd = {.type = UI_CMD_RECT, .rect = r, .color = color, .radius = radius};
    ui_frame_push_cmd(c->frame, &cmd);
}

void ui_panel(ui_ctx *c, ui_rect r, ui_style style, bool pressed)
{
    const ui_style_colors *s = ui_theme_style(pressed ? UI_STYLE_PRESSED : style);
    ui_cmd cmd = {.type = UI_CMD_RECT, .rect = r, .color = s->background,
                  .border_color = s->border, .radius = c->m.radius};
    if (s->border.a)
        cmd.border = ui_px(&c->m, 2) > 1 ? ui_px(&c->m, 2) : 2;
    ui_frame_push_cmd(c->frame, &cmd);
}

void ui_icon(ui_ctx *c, ui_rect r, const char *name, ui_color ink, ui_color fill)
{
    ui_cmd cmd = {.type = UI_CMD_ICON, .rect = r, .color = ink, .fill = fill};
    cmd.text = ui_frame_text(c->frame, name, strlen(name));
    ui_frame_push_cmd(c->frame, &cmd);
}

void ui_qr(ui_ctx *c, ui_rect r, const char *text)
{
    ui_cmd cmd = {.type = UI_CMD_QR, .rect = r, .color = {0, 0, 0, 255}};
    cmd.text = ui_frame_text(c->frame, text, strlen(text));
    ui_frame_push_cmd(c->frame, &cmd);
}

static void note_overflow(ui_ctx *c, const char *text, const ui_text_layout *l, ui_rect box)
{
    char note[UI_OVERFLOW_NOTE_MAX];
    snprintf(note, sizeof note, "%s: \"%.60s\" needs %dx%d (%d lines at %d px), box is %dx%d",
             flow_state_name(c->frame->state), text, l->width, l->height, l->n_lines, l->size,
             box.w, box.h);
    ui_frame_note_overflow(c->frame, note);
}

/* Centred or right-aligned text of several lines reads better with lines
 * of similar length ("before / use" rather than a long line and one word):
 * the narrowest width that keeps the same number of lines, found by
 * bisection. Left-aligned text keeps its natural ragged edge. */
static void balance(ui_ctx *c, const ui_text_spec *spec, const char *text, int width,
                    ui_text_layout *l)
{
    if (spec->align == UI_ALIGN_LEFT || l->n_lines < 2 || !l->fits)
        return;
    ui_text_layout trial;
    int lo = width / 2, hi = width, lines = l->n_lines;
    while (hi - lo > 2) {
        int mid = (lo + hi) / 2;
        if (ui_text_wrap(c->in->measure, l->font, l->size, text, mid, &trial) &&
            trial.n_lines == lines)
            hi = mid;
        else
            lo = mid;
    }
    if (hi < width)
        ui_text_wrap(c->in->measure, l->font, l->size, text, hi, l);
}

static bool fit(ui_ctx *c, int width, int max_height, const ui_text_spec *spec, const char *text,
                ui_text_layout *l)
{
    int size = ui_px(&c->m, spec->size);
    int min = ui_px(&c->m, UI_SIZE_MIN);
    bool ok = ui_text_fit(c->in->measure, spec->font, size, min, text, width, max_height,
                          spec->max_lines, l);
    balance(c, spec, text, width, l);
    return ok;
}

/* Emits the lines of a fitted layout, one command each. */
static void emit_lines(ui_ctx *c, const ui_text_layout *l, const char *text, ui_rect box,
                       const ui_text_spec *spec)
{
    int y = box.y;
    if (spec->valign == UI_VALIGN_MIDDLE && l->height < box.h)
        y += (box.h - l->height) / 2;
    ui_color ink = ui_theme_style(spec->style)->ink;
    for (int i = 0; i < l->n_lines; i++) {
        const ui_text_line *line = &l->lines[i];
        if (line->len == 0)
            continue;
        ui_cmd cmd = {.type = UI_CMD_TEXT, .color = ink, .font = l->font, .size = l->size,
                      .align = spec->align};
        cmd.rect = (ui_rect){box.x, y + i * l->line_height, box.w, l->line_height};
        cmd.text = ui_frame_text(c->frame, text + line->start, line->len);
        ui_frame_push_cmd(c->frame, &cmd);
    }
}

int ui_text(ui_ctx *c, ui_rect box, const ui_text_spec *spec, const char *text)
{
    if (!text || !*text)
        return 0;
    ui_text_layout l;
    if (!fit(c, box.w, box.h, spec, text, &l))
        note_overflow(c, text, &l, box);
    emit_lines(c, &l, text, box, spec);
    return l.height;
}

int ui_text_measure(ui_ctx *c, int width, int max_height, const ui_text_spec *spec,
                    const char *text)
{
    if (!text || !*text)
        return 0;
    ui_text_layout l;
    fit(c, width, max_height, spec, text, &l);
    return l.height;
}

bool ui_text_fits(ui_ctx *c, int width, int height, const ui_text_spec *spec, const char *text)
{
    ui_text_layout l;
    return !text || !*text || fit(c, width, height, spec, text, &l);
}

bool ui_is_pressed(const ui_ctx *c, const char *id)
{
    return c->in->view && id && strcmp(c->in->view->pressed, id) == 0;
}

void ui_target_add(ui_ctx *c, ui_rect r, const ui_button_spec *b)
{
    ui_target t = {.rect = r, .kind = b->kind, .event = b->event, .arg = b->arg};
    snprintf(t.id, sizeof t.id, "%s", b->id);
    ui_frame_push_target(c->frame, &t);
}

static int button_pad(const ui_ctx *c)
{
    return ui_px(&c->m, 12);
}

static int icon_size(const ui_ctx *c, ui_rect r)
{
    int s = ui_px(&c->m, 36);
    return s < r.h - 2 * button_pad(c) ? s : r.h - 2 * button_pad(c);
}

void ui_panel_disabled(ui_ctx *c, ui_rect r)
{
    ui_cmd cmd = {.type = UI_CMD_RECT, .rect = r, .color = ui_theme_palette()->screen,
                  .border_color = ui_theme_style(UI_STYLE_TILE)->border, .radius = c->m.radius};
    cmd.border = ui_px(&c->m, 2) > 1 ? ui_px(&c->m, 2) : 2;
    ui_frame_push_cmd(c->frame, &cmd);
}

void ui_button(ui_ctx *c, ui_rect r, const ui_button_spec *b)
{
    bool pressed = !b->disabled && ui_is_pressed(c, b->id);
    /* Muted is the screen background's own text style, so a disabled
     * label keeps its contrast (>= 4.5:1) while looking inactive. */
    ui_style style = b->disabled ? UI_STYLE_MUTED : pressed ? UI_STYLE_PRESSED : b->style;
    if (b->disabled)
        ui_panel_disabled(c, r);
    else
        ui_panel(c, r, b->style, pressed);
    int pad = button_pad(c);
    bool has_label = b->label && *b->label;
    const char *icon_name = b->icon;
    int icon = icon_name ? icon_size(c, r) : 0;
    int icon_gap = icon_name && has_label ? ui_px(&c->m, 10) : 0;
    ui_text_spec spec = {style, UI_FONT_BOLD, UI_SIZE_LABEL, UI_ALIGN_CENTER, UI_VALIGN_MIDDLE, 2};
    ui_text_layout l = {0};
    int text_w = r.w - 2 * pad - icon - icon_gap;
    bool fits = !has_label || fit(c, text_w, r.h - 2 * pad, &spec, b->label, &l);
    if (!fits && icon_name) { /* a squeezed button keeps its words, not its symbol */
        icon_name = NULL;
        icon = icon_gap = 0;
        text_w = r.w - 2 * pad;
        fits = fit(c, text_w, r.h - 2 * pad, &spec, b->label, &l);
    }
    int group = icon + icon_gap + l.width;
    int x = r.x + (r.w - group) / 2;
    if (icon_name)
        ui_icon(c, (ui_rect){x, r.y + (r.h - icon) / 2, icon, icon}, icon_name,
                ui_theme_style(style)->ink, (ui_color){0, 0, 0, 0});
    if (has_label) {
        ui_rect box = {x + icon + icon_gap, r.y + pad, l.width, r.h - 2 * pad};
        if (!fits) {
            box = (ui_rect){r.x + pad + icon + icon_gap, r.y + pad, text_w, r.h - 2 * pad};
            note_overflow(c, b->label, &l, box);
        }
        emit_lines(c, &l, b->label, box, &spec);
    }
    if (!b->disabled)
        ui_target_add(c, r, b);
}

int ui_button_width(ui_ctx *c, const ui_button_spec *b)
{
    int pad = button_pad(c) * 2;
    int w = 2 * pad;
    if (b->icon)
        w += ui_px(&c->m, 36) + (b->label && *b->label ? ui_px(&c->m, 10) : 0);
    if (b->label && *b->label) {
        int size = ui_px(&c->m, UI_SIZE_LABEL);
        w += c->in->measure->text_width(c->in->measure->ctx, UI_FONT_BOLD, size, b->label,
                                        strlen(b->label));
    }
    return w < c->m.target ? c->m.target : w;
}

int ui_bottom_bar(ui_ctx *c, const ui_button_spec *left, int n_left, const ui_button_spec *right,
                  int n_right)
{
    const ui_metrics *m = &c->m;
    int y = m->height - m->margin - m->target;
    int n = n_left + n_right;
    int widths[16], total = 0;
    if (n == 0 || n > 16)
        return y;
    for (int i = 0; i < n; i++) {
        widths[i] = ui_button_width(c, i < n_left ? &left[i] : &right[i - n_left]);
        total += widths[i];
    }
    int avail = m->width - 2 * m->margin;
    if (total + m->gap * (n - 1) > avail) {
        /* Not enough room at natural widths: share the row equally. */
        int w = (avail - m->gap * (n - 1)) / n;
        for (int i = 0; i < n; i++) {
            ui_rect r = {m->margin + i * (w + m->gap), y, w, m->target};
            ui_button(c, r, i < n_left ? &left[i] : &right[i - n_left]);
        }
        return y;
    }
    int x = m->margin;
    for (int i = 0; i < n_left; i++) {
        ui_button(c, (ui_rect){x, y, widths[i], m->target}, &left[i]);
        x += widths[i] + m->gap;
    }
    x = m->width - m->margin;
    for (int i = n - 1; i >= n_left; i--) {
        x -= widths[i];
        ui_button(c, (ui_rect){x, y, widths[i], m->target}, &right[i - n_left]);
        x -= m->gap;
    }
    return y;
}

ui_rect ui_content_area(const ui_ctx *c, bool has_bar)
{
    const ui_metrics *m = &c->m;
    int bottom = m->height - m->margin;
    if (has_bar)
        bottom -= m->target + m->gap;
    return (ui_rect){m->margin, m->margin, m->width - 2 * m->margin, bottom - m->margin};
}

void ui_grid_plan(const ui_ctx *c, ui_grid *g, ui_rect area, int n, int min_cell_w, int cell_h,
                  int max_cols)
{
    int gap = c->m.gap;
    g->area = area;
    g->gap = gap;
    g->cols = (area.w + gap) / (min_cell_w + gap);
    if (g->cols > max_cols)
        g->cols = max_cols;
    if (g->cols < 1)
        g->cols = 1;
    g->cell_w = (area.w - gap * (g->cols - 1)) / g->cols;
    g->rows = (area.h + gap) / (cell_h + gap);
    if (g->rows < 1)
        g->rows = 1;
    g->cell_h = cell_h;
    g->per_page = g->cols * g->rows;
    g->pages = n <= 0 ? 1 : (n + g->per_page - 1) / g->per_page;
}

ui_rect ui_grid_cell(const ui_grid *g, int index)
{
    int col = index % g->cols, row = index / g->cols;
    return (ui_rect){g->area.x + col * (g->cell_w + g->gap), g->area.y + row * (g->cell_h + g->gap),
                     g->cell_w, g->cell_h};
}

int ui_view_page(const ui_ctx *c, int pages)
{
    int page = c->in->view ? c->in->view->page : 0;
    if (page >= pages)
        page = pages - 1;
    return page < 0 ? 0 : page;
}

ui_button_spec ui_page_button(const ui_ctx *c, int pages, char *buf, size_t size)
{
    snprintf(buf, size, "%d / %d", ui_view_page(c, pages) + 1, pages);
    ui_button_spec b = {"page-next", buf, "arrow-down", UI_STYLE_SECONDARY, UI_TARGET_PAGE,
                        FLOW_EV_TOUCH, 1};
    return b;
}

void ui_admin_corner(ui_ctx *c)
{
    if (!c->flow->config || !c->flow->config->admin_pin[0])
        return; /* admin entry disabled: no hidden target either */
    ui_button_spec b = {.id = "admin-corner", .kind = UI_TARGET_CORNER};
    ui_target_add(c, (ui_rect){0, 0, c->m.target, c->m.target}, &b);
}

int ui_language_buttons(ui_ctx *c, int y)
{
    int x = c->m.width - c->m.margin;
    if (c->pack->n_langs < 2)
        return x;
    for (int i = c->pack->n_langs - 1; i >= 0; i--) {
        char id[UI_ID_MAX];
        snprintf(id, sizeof id, "lang-%s", c->pack->lang_code[i]);
        bool current = i == c->lang;
        ui_button_spec b = {id, content_tr(c->pack, &c->pack->lang_name, i),
                            current ? "tick" : NULL,
                            current ? UI_STYLE_PRIMARY : UI_STYLE_SECONDARY,
                            UI_TARGET_FLOW, FLOW_EV_LANGUAGE, i};
        int w = ui_button_width(c, &b);
        x -= w;
        ui_button(c, (ui_rect){x, y, w, c->m.target}, &b);
        x -= c->m.gap;
    }
    return x + c->m.gap;
}
