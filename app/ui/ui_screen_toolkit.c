/* ui_screen_toolkit.c -- the wellbeing toolkit: categories, the items of a
 * category, and an item's detail with its text and a QR code of its link.
 *
 * Lists are paged, not scrolled (a page turn is one big target; a kiosk
 * has no scroll wheel and flicks are easy to miss). The detail text is
 * scrolled by whole lines with two buttons, so no line is ever cut.
 */
#include <stdio.h>
#include <string.h>

#include "ui_widgets.h"

/* A tile: symbol on the left, bold title; the whole tile is the target. */
static void tile(ui_ctx *c, ui_rect r, const char *id, const char *icon, const char *title,
                 ui_button_spec b)
{
    bool pressed = ui_is_pressed(c, id);
    ui_style style = pressed ? UI_STYLE_PRESSED : b.style;
    ui_panel(c, r, b.style, pressed);
    int pad = ui_px(&c->m, 12);
    int size = r.h - 2 * pad;
    if (size > ui_px(&c->m, 56))
        size = ui_px(&c->m, 56);
    ui_color ink = ui_theme_style(style)->ink, none = {0, 0, 0, 0};
    ui_text_spec spec = {style, UI_FONT_BOLD, UI_SIZE_LABEL, UI_ALIGN_LEFT, UI_VALIGN_MIDDLE, 4};
    int x = r.x + 2 * pad + size;
    ui_rect beside = {x, r.y + pad / 2, r.x + r.w - pad - x, r.h - pad};
    /* A narrow tile whose title does not fit beside the symbol (a long
     * Welsh word) puts a smaller symbol above the title instead. */
    int small = ui_px(&c->m, 36);
    ui_rect below = {r.x + pad, r.y + pad + small + pad / 2, r.w - 2 * pad,
                     r.h - 2 * pad - small - pad / 2};
    if (!ui_text_fits(c, beside.w, beside.h, &spec, title) && below.h > 0 &&
        ui_text_fits(c, below.w, below.h, &spec, title)) {
        ui_icon(c, (ui_rect){r.x + pad, r.y + pad, small, small}, icon, ink, none);
        ui_text(c, below, &spec, title);
    } else {
        ui_icon(c, (ui_rect){r.x + pad, r.y + (r.h - size) / 2, size, size}, icon, ink, none);
        ui_text(c, beside, &spec, title);
    }
    b.id = id;
    ui_target_add(c, r, &b);
}

/* Title (and blurb) from y0 at the left, up to x = right; returns the y
 * where the list starts, below the language buttons' row when there are
 * some (below_buttons). */
static int heading(ui_ctx *c, int y0, int right, const char *title, const char *blurb,
                   bool below_buttons)
{
    const ui_metrics *m = &c->m;
    int w = right - 2 * m->margin;
    ui_text_spec t = {UI_STYLE_SCREEN, UI_FONT_BOLD, UI_SIZE_TITLE, UI_ALIGN_LEFT, UI_VALIGN_TOP, 2};
    ui_text_spec b = {UI_STYLE_MUTED, UI_FONT_REGULAR, UI_SIZE_LABEL, UI_ALIGN_LEFT,
                      UI_VALIGN_TOP, 3};
    int y = y0;
    int h = ui_text_measure(c, w, ui_px(m, 84), &t, title);
    if (h < m->target && (!blurb || !*blurb)) /* centre a lone title beside the buttons */
        y += (m->target - h) / 2;
    y += ui_text(c, (ui_rect){m->margin, y, w, ui_px(m, 84)}, &t, title);
    if (blurb && *blurb)
        y += ui_px(m, 4) + ui_text(c, (ui_rect){m->margin, y + ui_px(m, 4), w, ui_px(m, 80)}, &b,
                                   blurb);
    int min_y = (below_buttons ? m->margin : 0) + m->target + m->gap; /* clear of the corner */
    return y + m->gap > min_y ? y + m->gap : min_y;
}

/* Spreads spare height over the rows (taller tiles hold longer titles),
 * up to max_h. */
static void stretch_rows(ui_grid *g, int max_h)
{
    int h = (g->area.h - (g->rows - 1) * g->gap) / g->rows;
    g->cell_h = h > max_h ? max_h : h > g->cell_h ? h : g->cell_h;
}

static ui_rect list_area(ui_ctx *c, int top)
{
    ui_rect area = ui_content_area(c, true);
    area.h = area.y + area.h - top;
    area.y = top;
    return area;
}

void ui_screen_toolkit(ui_ctx *c)
{
    const ui_metrics *m = &c->m;
    ui_admin_corner(c);
    int lang_x = ui_language_buttons(c, m->margin);
    /* Portrait: the title goes under the language buttons, full width. */
    int y0 = m->portrait ? m->margin + m->target + m->gap : m->margin;
    int right = m->portrait ? m->width : lang_x - m->gap + m->margin;
    int top = heading(c, y0, right, ui_str(c, "toolkit_title"),
                      c->pack->sample ? ui_str(c, "sample_notice") : NULL, true);
    int n = c->pack->n_categories;
    ui_grid g;
    ui_grid_plan(c, &g, list_area(c, top), n, ui_px(m, 200), ui_px(m, 104), 3);
    int page = ui_view_page(c, g.pages);
    c->frame->page_count = g.pages;
    for (int i = 0; i < g.per_page && page * g.per_page + i < n; i++) {
        int cat = page * g.per_page + i;
        const content_category *category = &c->pack->categories[cat];
        char id[UI_ID_MAX];
        snprintf(id, sizeof id, "cat-%s", category->id);
        ui_button_spec b = {NULL, NULL, NULL, UI_STYLE_TILE, UI_TARGET_FLOW, FLOW_EV_CATEGORY, cat};
        tile(c, ui_grid_cell(&g, i), id, category->icon, ui_tr(c, &category->title), b);
    }
    ui_button_spec home = {"home", ui_str(c, "home"), "home", UI_STYLE_SECONDARY, UI_TARGET_FLOW,
                           FLOW_EV_HOME, 0};
    char label[32];
    ui_button_spec more = ui_page_button(c, g.pages, label, sizeof label);
    ui_bottom_bar(c, &home, 1, &more, g.pages > 1 ? 1 : 0);
}

static void back_home_bar(ui_ctx *c, const ui_button_spec *extra, int n_extra)
{
    ui_button_spec left[2] = {
        {"back", ui_str(c, "back"), "arrow-left", UI_STYLE_SECONDARY, UI_TARGET_FLOW, FLOW_EV_BACK,
         0},
        {"home", ui_str(c, "home"), "home", UI_STYLE_SECONDARY, UI_TARGET_FLOW, FLOW_EV_HOME, 0},
    };
    ui_bottom_bar(c, left, 2, extra, n_extra);
}

void ui_screen_category(ui_ctx *c)
{
    const ui_metrics *m = &c->m;
    const content_category *category = &c->pack->categories[c->flow->category];
    ui_admin_corner(c);
    int top = heading(c, m->margin, m->width, ui_tr(c, &category->title), ui_tr(c, &category->blurb),
                      false);
    int items[CONTENT_MAX_ITEMS];
    int n = content_items_in_category(c->pack, c->flow->category, items, CONTENT_MAX_ITEMS);
    if (n > CONTENT_MAX_ITEMS)
        n = CONTENT_MAX_ITEMS;
    ui_grid g;
    ui_grid_plan(c, &g, list_area(c, top), n, ui_px(m, 220), ui_px(m, 96), 3);
    stretch_rows(&g, ui_px(m, 136));
    int page = ui_view_page(c, g.pages);
    c->frame->page_count = g.pages;
    for (int i = 0; i < g.per_page && page * g.per_page + i < n; i++) {
        const content_item *item = &c->pack->items[items[page * g.per_page + i]];
        char id[UI_ID_MAX];
        snprintf(id, sizeof id, "item-%s", item->id);
        ui_button_spec b = {NULL, NULL, NULL, item->urgent ? UI_STYLE_URGENT : UI_STYLE_TILE,
                            UI_TARGET_FLOW, FLOW_EV_ITEM, items[page * g.per_page + i]};
        tile(c, ui_grid_cell(&g, i), id, item->urgent ? "urgent" : category->icon,
             ui_tr(c, &item->title), b);
    }
    char label[32];
    ui_button_spec more = ui_page_button(c, g.pages, label, sizeof label);
    back_home_bar(c, &more, g.pages > 1 ? 1 : 0);
}

/* ---- item detail ----------------------------------------------------------- */

/* The detail text: summary, body, then "good for" under its own heading,
 * as paragraphs. [heading_start, heading_end) are the heading's bytes, so
 * the lines holding it can be drawn bold (0, 0: no heading). */
typedef struct detail {
    char text[8192];
    size_t heading_start, heading_end;
} detail;

static void detail_text(const ui_ctx *c, const content_item *item, detail *d)
{
    const char *summary = ui_tr(c, &item->summary), *body = ui_tr(c, &item->body);
    const char *good_for = ui_tr(c, &item->good_for);
    size_t size = sizeof d->text, used = 0;
    d->text[0] = '\0';
    d->heading_start = d->heading_end = 0;
    const char *parts[2] = {summary, body};
    for (int i = 0; i < 2; i++)
        if (*parts[i] && used < size)
            used += (size_t)snprintf(d->text + used, size - used, "%s%s", used ? "\n\n" : "",
                                     parts[i]);
    if (!*good_for || used >= size)
        return;
    const char *heading = ui_str(c, "good_for_heading");
    d->heading_start = used + (used ? 2 : 0);
    d->heading_end = d->heading_start + strlen(heading);
    used += (size_t)snprintf(d->text + used, size - used, "%s%s\n%s", used ? "\n\n" : "", heading,
                             good_for);
    if (used >= size) /* cut short: no heading without its paragraph */
        d->heading_start = d->heading_end = 0;
}

/* Where the detail text is scrolled to, for the scroll buttons. */
typedef struct scroll_state {
    int first, max_first; /* max_first 0: everything fits, nothing scrolls */
} scroll_state;

/* One visible line: the heading's lines bold, when bold still fits the
 * width the line was wrapped for (a heading is a few words: it does). */
static void detail_line(ui_ctx *c, ui_rect r, const detail *d, const ui_text_line *line, int size)
{
    ui_font font = UI_FONT_REGULAR;
    const char *start = d->text + line->start;
    if (line->start >= d->heading_start && line->start < d->heading_end &&
        c->in->measure->text_width(c->in->measure->ctx, UI_FONT_BOLD, size, start, line->len) <=
            r.w)
        font = UI_FONT_BOLD;
    ui_cmd cmd = {.type = UI_CMD_TEXT, .color = ui_theme_style(UI_STYLE_SCREEN)->ink,
                  .font = font, .size = size, .align = UI_ALIGN_LEFT, .rect = r};
    cmd.text = ui_frame_text(c->frame, start, line->len);
    ui_frame_push_cmd(c->frame, &cmd);
}

/* Shows whole lines of the text from view->scroll. */
static scroll_state scrolled_text(ui_ctx *c, ui_rect box, const detail *d)
{
    ui_text_layout l;
    int size = ui_px(&c->m, UI_SIZE_BODY);
    if (!ui_text_wrap(c->in->measure, UI_FONT_REGULAR, size, d->text, box.w, &l)) {
        char note[UI_OVERFLOW_NOTE_MAX];
        snprintf(note, sizeof note, "item: detail text does not wrap in %d px: \"%.60s\"", box.w,
                 d->text);
        ui_frame_note_overflow(c->frame, note);
    }
    int visible = l.line_height > 0 ? box.h / l.line_height : 0;
    if (visible < 1)
        visible = 1;
    int max_first = l.n_lines > visible ? l.n_lines - visible : 0;
    int first = c->in->view ? c->in->view->scroll : 0;
    first = first < 0 ? 0 : first > max_first ? max_first : first;
    c->frame->scroll_max = max_first;
    c->frame->scroll_page = visible > 1 ? visible - 1 : 1;
    for (int i = first; i < l.n_lines && i < first + visible; i++)
        if (l.lines[i].len > 0)
            detail_line(c, (ui_rect){box.x, box.y + (i - first) * l.line_height, box.w,
                                     l.line_height}, d, &l.lines[i], size);
    scroll_state s = {first, max_first};
    if (max_first == 0)
        return s;
    /* A thin position bar beside the text: where in the text this is. */
    int track = box.h, thumb = track * visible / l.n_lines;
    int x = box.x + box.w + ui_px(&c->m, 6);
    ui_fill(c, (ui_rect){x, box.y, ui_px(&c->m, 4), track}, ui_theme_palette()->divider, 2);
    ui_fill(c, (ui_rect){x, box.y + (track - thumb) * first / max_first, ui_px(&c->m, 4), thumb},
            ui_theme_style(UI_STYLE_MUTED)->ink, 2);
    return s;
}

/* The QR code and its caption, in box (square code on top). */
static void qr_block(ui_ctx *c, ui_rect box, const char *url)
{
    int side = box.w;
    ui_fill(c, (ui_rect){box.x, box.y, side, side}, (ui_color){255, 255, 255, 255}, 0);
    ui_qr(c, (ui_rect){box.x, box.y, side, side}, url);
    ui_text_spec cap = {UI_STYLE_SCREEN, UI_FONT_BOLD, UI_SIZE_SMALL, UI_ALIGN_CENTER,
                        UI_VALIGN_TOP, 3};
    ui_text(c, (ui_rect){box.x, box.y + side + ui_px(&c->m, 8), side, box.h - side - ui_px(&c->m, 8)},
            &cap, ui_str(c, "scan_qr"));
}

void ui_screen_item(ui_ctx *c)
{
    const ui_metrics *m = &c->m;
    const content_item *item = &c->pack->items[c->flow->item];
    ui_admin_corner(c);
    bool has_url = item->url && *item->url;
    int qr = ui_px(m, 232);
    int text_right = m->width - m->margin - (has_url && !m->portrait ? qr + m->gap * 2 : 0);
    ui_text_spec t = {UI_STYLE_SCREEN, UI_FONT_BOLD, UI_SIZE_HEADING, UI_ALIGN_LEFT, UI_VALIGN_TOP, 2};
    int y = m->margin;
    y += ui_text(c, (ui_rect){m->margin, y, text_right - m->margin, ui_px(m, 66)}, &t,
                 ui_tr(c, &item->title)) + ui_px(m, 10);
    if (has_url && m->portrait) {
        qr_block(c, (ui_rect){(m->width - qr) / 2, y, qr, qr + ui_px(m, 72)}, item->url);
        y += qr + ui_px(m, 72) + m->gap;
    } else if (has_url) {
        qr_block(c, (ui_rect){m->width - m->margin - qr, m->margin, qr, qr + ui_px(m, 72)},
                 item->url);
    } else {
        ui_text_spec note = {UI_STYLE_MUTED, UI_FONT_REGULAR, UI_SIZE_SMALL, UI_ALIGN_LEFT,
                             UI_VALIGN_TOP, 2};
        y += ui_text(c, (ui_rect){m->margin, y, text_right - m->margin, ui_px(m, 48)}, &note,
                     ui_str(c, "no_url")) + ui_px(m, 6);
    }
    detail d;
    detail_text(c, item, &d);
    int bottom = m->height - m->margin - m->target - m->gap;
    int bar_room = ui_px(m, 14);
    ui_rect box = {m->margin, y, text_right - m->margin - bar_room, bottom - y};
    scroll_state s = scrolled_text(c, box, &d);
    /* Text that fits needs no scroll buttons; text that scrolls shows both,
     * the one that cannot go further dimmed (no target), so they never
     * jump about under a finger. */
    ui_button_spec scroll[2] = {
        {"scroll-up", NULL, "arrow-up", UI_STYLE_SECONDARY, UI_TARGET_SCROLL, FLOW_EV_TOUCH, -1,
         s.first == 0},
        {"scroll-down", NULL, "arrow-down", UI_STYLE_SECONDARY, UI_TARGET_SCROLL, FLOW_EV_TOUCH, 1,
         s.first >= s.max_first},
    };
    back_home_bar(c, scroll, s.max_first > 0 ? 2 : 0);
}
