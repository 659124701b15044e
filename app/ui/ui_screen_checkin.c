/* ui_screen_checkin.c -- the check-in screens: the faces (IDLE and
 * CHECKIN), the follow-up chips, "thank you", "not saved", "still there?"
 * and the brief SAVING state.
 *
 * Landscape puts the five faces in a row; portrait stacks them as wide
 * rows (five 88 px targets side by side do not fit 480 logical px). Each
 * face is a tile with a drawn face (its own mouth, eyes and outline) AND a
 * text label, so nothing depends on colour.
 */
#include <stdio.h>
#include <string.h>

#include "ui_widgets.h"

/* ---- faces ---------------------------------------------------------------- */

static void face_id(const content_option *option, int index, char *out, size_t size)
{
    int value = option->value >= 1 && option->value <= 99 ? option->value : index + 1;
    snprintf(out, size, "mood-%d", value);
}

static const char *face_icon(const content_option *option, int index, char *buf, size_t size)
{
    if (option->icon[0])
        return option->icon;
    snprintf(buf, size, "face-%d", index + 1);
    return buf;
}

/* The pale tint behind face i of n (worst first): a third cue after shape
 * and label. */
static ui_color face_tint(int index, int n)
{
    const ui_palette *p = ui_theme_palette();
    int slot = n <= 1 ? 2 : index * 4 / (n - 1);
    return p->face_tint[slot < 0 ? 0 : slot > 4 ? 4 : slot];
}

static void face_tile(ui_ctx *c, ui_rect r, int index, bool wide)
{
    const content_question *q = &c->pack->questions[0];
    const content_option *option = &q->options[index];
    char id[UI_ID_MAX], icon_buf[32];
    face_id(option, index, id, sizeof id);
    bool chosen = c->flow->answer.score_option == index;
    /* During the cooldown after a check-in the faces rest: drawn inactive,
     * uncoloured, so nobody wonders why a tap does nothing (the note under
     * them says why). They stay targets; the flow refuses the tap. */
    bool resting = !flow_can_check_in(c->flow, c->in->now);
    bool pressed = !resting && ui_is_pressed(c, id);
    ui_style style = resting   ? UI_STYLE_MUTED
                     : pressed ? UI_STYLE_PRESSED
                     : chosen  ? UI_STYLE_PRIMARY
                               : UI_STYLE_TILE;
    if (resting)
        ui_panel_disabled(c, r);
    else
        ui_panel(c, r, chosen ? UI_STYLE_PRIMARY : UI_STYLE_TILE, pressed);
    ui_color ink = ui_theme_style(resting ? UI_STYLE_MUTED : UI_STYLE_TILE)->ink;
    ui_color tint = resting ? ui_theme_palette()->screen : face_tint(index, q->n_options);
    int pad = ui_px(&c->m, 10);
    const char *icon = face_icon(option, index, icon_buf, sizeof icon_buf);
    ui_text_spec label = {style, UI_FONT_BOLD, wide ? UI_SIZE_HEADING : UI_SIZE_LABEL,
                          wide ? UI_ALIGN_LEFT : UI_ALIGN_CENTER, UI_VALIGN_MIDDLE, 2};
    if (wide) {
        int size = r.h - 2 * pad;
        ui_icon(c, (ui_rect){r.x + pad * 2, r.y + pad, size, size}, icon, ink, tint);
        int text_x = r.x + pad * 4 + size;
        ui_text(c, (ui_rect){text_x, r.y + pad, r.x + r.w - pad - text_x, r.h - 2 * pad}, &label,
                ui_tr(c, &option->label));
    } else {
        int label_h = ui_text_measure(c, r.w - 2 * pad, r.h / 2, &label, ui_tr(c, &option->label));
        int avail = r.h - label_h - 3 * pad;
        int size = avail < r.w - 2 * pad ? avail : r.w - 2 * pad;
        int icon_y = r.y + pad + (avail - size) / 2;
        ui_icon(c, (ui_rect){r.x + (r.w - size) / 2, icon_y, size, size}, icon, ink, tint);
        ui_text(c, (ui_rect){r.x + pad, r.y + r.h - pad - label_h, r.w - 2 * pad, label_h}, &label,
                ui_tr(c, &option->label));
    }
    ui_button_spec b = {id, NULL, NULL, UI_STYLE_TILE, UI_TARGET_FLOW, FLOW_EV_SCORE, index};
    ui_target_add(c, r, &b);
}

static void faces(ui_ctx *c, ui_rect area)
{
    const content_question *q = &c->pack->questions[0];
    int n = q->n_options;
    if (n <= 0)
        return;
    int gap = c->m.gap;
    if (!c->m.portrait) {
        int w = (area.w - gap * (n - 1)) / n;
        int h = area.h < ui_px(&c->m, 220) ? area.h : ui_px(&c->m, 220);
        int y = area.y + (area.h - h) / 2;
        for (int i = 0; i < n; i++)
            face_tile(c, (ui_rect){area.x + i * (w + gap), y, w, h}, i, false);
        return;
    }
    int h = (area.h - gap * (n - 1)) / n;
    if (h > ui_px(&c->m, 120))
        h = ui_px(&c->m, 120);
    int y = area.y + (area.h - (h * n + gap * (n - 1))) / 2;
    /* Best first from the top reads naturally in a vertical list. */
    for (int i = 0; i < n; i++)
        face_tile(c, (ui_rect){area.x, y + (n - 1 - i) * (h + gap), area.w, h}, i, true);
}

/* The line under the faces: the hint, or why a tap will not work now. */
static const char *checkin_note(const ui_ctx *c)
{
    if (!flow_can_check_in(c->flow, c->in->now))
        return ui_str(c, "cooldown_note");
    return ui_str(c, "idle_prompt_hint");
}

/* Landscape: the toolkit button with the sample-content notice beside it,
 * and the note above them. Returns the top of what it drew. */
static int checkin_footer(ui_ctx *c, const ui_button_spec *toolkit)
{
    const ui_metrics *m = &c->m;
    int bar_y = ui_bottom_bar(c, toolkit, 1, NULL, 0);
    int w = m->width - 2 * m->margin;
    if (c->pack->sample) {
        ui_text_spec sample = {UI_STYLE_MUTED, UI_FONT_REGULAR, UI_SIZE_SMALL, UI_ALIGN_RIGHT,
                               UI_VALIGN_MIDDLE, 3};
        int x = m->margin + ui_button_width(c, toolkit) + m->gap;
        ui_text(c, (ui_rect){x, bar_y, m->width - m->margin - x, m->target}, &sample,
                ui_str(c, "sample_notice"));
    }
    ui_text_spec note = {UI_STYLE_MUTED, UI_FONT_REGULAR, UI_SIZE_LABEL, UI_ALIGN_CENTER,
                         UI_VALIGN_MIDDLE, 2};
    int h = ui_text_measure(c, w, ui_px(m, 60), &note, checkin_note(c));
    int y = bar_y - m->gap - h;
    ui_text(c, (ui_rect){m->margin, y, w, h}, &note, checkin_note(c));
    return y;
}

/* Portrait: the faces need five full-height rows, so the note goes under
 * the prompt when there is room (the sample notice is on the toolkit
 * screen). Returns the y where the faces start; *bottom where they end. */
static int checkin_portrait(ui_ctx *c, int y, const ui_button_spec *toolkit, int *bottom)
{
    const ui_metrics *m = &c->m;
    int w = m->width - 2 * m->margin;
    *bottom = ui_bottom_bar(c, toolkit, 1, NULL, 0) - m->gap;
    ui_text_spec note = {UI_STYLE_MUTED, UI_FONT_REGULAR, UI_SIZE_LABEL, UI_ALIGN_LEFT,
                         UI_VALIGN_TOP, 2};
    int h = ui_text_measure(c, w, ui_px(m, 60), &note, checkin_note(c));
    int faces_h = 5 * m->target + 4 * m->gap;
    if (*bottom - (y + h + m->gap) >= faces_h || !flow_can_check_in(c->flow, c->in->now)) {
        ui_text(c, (ui_rect){m->margin, y, w, h}, &note, checkin_note(c));
        y += h + m->gap;
    }
    return y;
}

void ui_screen_checkin(ui_ctx *c)
{
    const ui_metrics *m = &c->m;
    ui_admin_corner(c);
    int lang_x = ui_language_buttons(c, m->margin);
    ui_text_spec title = {UI_STYLE_SCREEN, UI_FONT_BOLD, UI_SIZE_TITLE, UI_ALIGN_LEFT,
                          UI_VALIGN_MIDDLE, 2};
    const char *prompt = ui_tr(c, &c->pack->questions[0].prompt);
    ui_button_spec toolkit = {"toolkit", ui_str(c, "toolkit"), "book", UI_STYLE_PRIMARY,
                              UI_TARGET_FLOW, FLOW_EV_TOOLKIT, 0};
    int y = m->margin + m->target + m->gap, bottom;
    if (m->portrait) {
        ui_text_spec app = {UI_STYLE_SCREEN, UI_FONT_BOLD, UI_SIZE_HEADING, UI_ALIGN_LEFT,
                            UI_VALIGN_MIDDLE, 2};
        /* The name is decoration: on a narrow screen (a landscape panel
         * turned, 480 wide) the language buttons need the room. */
        ui_rect name = {m->margin, m->margin, lang_x - 2 * m->margin, m->target};
        if (ui_text_fits(c, name.w, name.h, &app, ui_str(c, "app_name")))
            ui_text(c, name, &app, ui_str(c, "app_name"));
        title.valign = UI_VALIGN_TOP;
        y += ui_text(c, (ui_rect){m->margin, y, m->width - 2 * m->margin, ui_px(m, 84)}, &title,
                     prompt) + ui_px(m, 4);
        y = checkin_portrait(c, y, &toolkit, &bottom);
    } else {
        ui_text(c, (ui_rect){m->margin, m->margin, lang_x - 2 * m->margin, m->target}, &title,
                prompt);
        bottom = checkin_footer(c, &toolkit) - m->gap / 2;
    }
    faces(c, (ui_rect){m->margin, y, m->width - 2 * m->margin, bottom - y});
}

/* ---- follow-up chips --------------------------------------------------------- */

static int followup_header(ui_ctx *c, const content_question *q)
{
    const ui_metrics *m = &c->m;
    int w = m->width - 2 * m->margin;
    ui_text_spec prompt = {UI_STYLE_SCREEN, UI_FONT_BOLD, UI_SIZE_HEADING, UI_ALIGN_LEFT,
                           UI_VALIGN_TOP, 2};
    ui_text_spec hint = {UI_STYLE_MUTED, UI_FONT_REGULAR, UI_SIZE_LABEL, UI_ALIGN_LEFT,
                         UI_VALIGN_TOP, 2};
    const char *hint_text = ui_tr(c, &q->hint);
    if (!*hint_text)
        hint_text = ui_str(c, "followup_optional");
    int y = m->margin;
    y += ui_text(c, (ui_rect){m->margin, y, w, ui_px(m, 72)}, &prompt, ui_tr(c, &q->prompt));
    y += ui_px(m, 4);
    y += ui_text(c, (ui_rect){m->margin, y, w, ui_px(m, 52)}, &hint, hint_text);
    int min_y = m->target + m->gap; /* clear of the admin corner */
    return y + m->gap > min_y ? y + m->gap : min_y;
}

/* Chips may carry the option's own symbol between the box and the label:
 * [box] [symbol] label. The symbol is a help, the words are the answer, so
 * a symbol is shown only when the label still fits at full size on at most
 * two lines beside it -- and then on every chip of the page or on none, so
 * labels and symbols line up down the grid. */
typedef struct chip_geometry {
    int pad, gap, icon, text_w;
} chip_geometry;

static chip_geometry chip_measure(const ui_ctx *c, ui_rect r)
{
    const ui_metrics *m = &c->m;
    chip_geometry g = {ui_px(m, 12), ui_px(m, 8), ui_px(m, 36), 0};
    if (g.icon > r.h - 2 * g.pad)
        g.icon = r.h - 2 * g.pad;
    g.text_w = r.w - 2 * g.pad - 2 * (g.icon + g.gap);
    return g;
}

/* Lays out label beside the two symbols at full size; false if it does not fit. */
static bool chip_label_fits(const ui_ctx *c, ui_rect r, const char *label, ui_text_layout *l)
{
    chip_geometry g = chip_measure(c, r);
    int size = ui_px(&c->m, UI_SIZE_LABEL);
    return g.text_w > 0 && ui_text_fit(c->in->measure, UI_FONT_BOLD, size, size, label, g.text_w,
                                       r.h - 2 * g.pad, 2, l);
}

static bool page_has_symbols(const ui_ctx *c, const content_question *q, ui_rect cell, int first,
                             int count)
{
    ui_text_layout l;
    for (int o = first; o < first + count && o < q->n_options; o++)
        if (!q->options[o].icon[0] || !chip_label_fits(c, cell, ui_tr(c, &q->options[o].label), &l))
            return false;
    return true;
}

static void chip_with_symbol(ui_ctx *c, ui_rect r, const ui_button_spec *b, const char *symbol)
{
    ui_text_layout l;
    chip_label_fits(c, r, b->label, &l);
    chip_geometry g = chip_measure(c, r);
    bool pressed = ui_is_pressed(c, b->id);
    ui_style style = pressed ? UI_STYLE_PRESSED : b->style;
    ui_color ink = ui_theme_style(style)->ink, none = {0, 0, 0, 0};
    ui_panel(c, r, b->style, pressed);
    int x = r.x + (r.w - (2 * (g.icon + g.gap) + l.width)) / 2, icon_y = r.y + (r.h - g.icon) / 2;
    ui_icon(c, (ui_rect){x, icon_y, g.icon, g.icon}, b->icon, ink, none);
    ui_icon(c, (ui_rect){x + g.icon + g.gap, icon_y, g.icon, g.icon}, symbol, ink, none);
    ui_text_spec spec = {style, UI_FONT_BOLD, UI_SIZE_LABEL, UI_ALIGN_LEFT, UI_VALIGN_MIDDLE, 2};
    ui_text(c, (ui_rect){x + 2 * (g.icon + g.gap), r.y + g.pad, l.width, r.h - 2 * g.pad}, &spec,
            b->label);
    ui_target_add(c, r, b);
}

static void chip(ui_ctx *c, ui_rect r, const content_question *q, int option, bool symbol)
{
    char id[UI_ID_MAX];
    const content_option *o = &q->options[option];
    snprintf(id, sizeof id, "chip-%s", o->id);
    bool on = c->flow->answer.chosen[c->flow->question] >> option & 1u;
    /* Chosen chips are filled AND ticked: the state is not in colour alone. */
    ui_button_spec b = {id, ui_tr(c, &o->label), on ? "box-checked" : "box",
                        on ? UI_STYLE_PRIMARY : UI_STYLE_SECONDARY, UI_TARGET_FLOW,
                        FLOW_EV_TOGGLE, option};
    if (symbol)
        chip_with_symbol(c, r, &b, o->icon);
    else
        ui_button(c, r, &b);
}

/* The bottom bar of a follow-up: back on the left; skip, next, done on the
 * right (next only when another follow-up comes). Page arrows when the
 * chips need more than one page. */
int ui_followup_bar(ui_ctx *c, int pages)
{
    bool last = c->flow->question + 1 >= c->pack->n_questions;
    char page[32];
    ui_button_spec left[2] = {
        {"back", ui_str(c, "back"), "arrow-left", UI_STYLE_SECONDARY, UI_TARGET_FLOW,
         FLOW_EV_BACK, 0},
        ui_page_button(c, pages, page, sizeof page),
    };
    ui_button_spec right[3];
    int n = 0;
    right[n++] = (ui_button_spec){"skip", ui_str(c, "skip"), NULL, UI_STYLE_SECONDARY,
                                  UI_TARGET_FLOW, FLOW_EV_SKIP, 0};
    if (!last)
        right[n++] = (ui_button_spec){"next", ui_str(c, "next"), "arrow-right", UI_STYLE_SECONDARY,
                                      UI_TARGET_FLOW, FLOW_EV_NEXT, 0};
    right[n++] = (ui_button_spec){"done", ui_str(c, "done"), "tick", UI_STYLE_PRIMARY,
                                  UI_TARGET_FLOW, FLOW_EV_DONE, 0};
    return ui_bottom_bar(c, left, pages > 1 ? 2 : 1, right, n);
}

void ui_screen_followup(ui_ctx *c)
{
    const ui_metrics *m = &c->m;
    const content_question *q = &c->pack->questions[c->flow->question];
    ui_admin_corner(c);
    int top = followup_header(c, q);
    ui_rect area = ui_content_area(c, true);
    area.h = area.y + area.h - top;
    area.y = top;
    ui_grid g;
    ui_grid_plan(c, &g, area, q->n_options, ui_px(m, m->portrait ? 200 : 220), m->target, 3);
    /* Portrait has no room for a page button in the bar: it takes the
     * grid's last cell instead. */
    bool page_in_grid = m->portrait && g.pages > 1;
    if (page_in_grid) {
        g.per_page--;
        g.pages = (q->n_options + g.per_page - 1) / g.per_page;
    }
    int page = ui_view_page(c, g.pages);
    c->frame->page_count = g.pages;
    bool symbols = page_has_symbols(c, q, ui_grid_cell(&g, 0), page * g.per_page, g.per_page);
    for (int i = 0; i < g.per_page; i++) {
        int option = page * g.per_page + i;
        if (option >= q->n_options)
            break;
        chip(c, ui_grid_cell(&g, i), q, option, symbols);
    }
    if (page_in_grid) {
        char label[32];
        ui_button_spec more = ui_page_button(c, g.pages, label, sizeof label);
        ui_button(c, ui_grid_cell(&g, g.per_page), &more);
    }
    ui_followup_bar(c, page_in_grid ? 1 : g.pages);
}

/* ---- after the answer --------------------------------------------------------- */

/* A calm message with an icon, a title and a body, centred. */
static int message_block(ui_ctx *c, const char *icon, const char *title_text,
                         const char *body_text, int reserve)
{
    const ui_metrics *m = &c->m;
    int w = m->width - 2 * m->margin;
    int y = m->margin + ui_px(m, m->portrait ? 120 : 24);
    int size = ui_px(m, 80);
    ui_icon(c, (ui_rect){(m->width - size) / 2, y, size, size}, icon,
            ui_theme_style(UI_STYLE_PRIMARY)->background, ui_theme_style(UI_STYLE_TILE)->background);
    y += size + m->gap;
    ui_text_spec title = {UI_STYLE_SCREEN, UI_FONT_BOLD, UI_SIZE_TITLE, UI_ALIGN_CENTER,
                          UI_VALIGN_TOP, 2};
    ui_text_spec body = {UI_STYLE_SCREEN, UI_FONT_REGULAR, UI_SIZE_BODY, UI_ALIGN_CENTER,
                         UI_VALIGN_TOP, 0};
    y += ui_text(c, (ui_rect){m->margin, y, w, ui_px(m, 84)}, &title, title_text);
    y += ui_px(m, 8);
    /* The body may use the room down to the buttons, less what the caller
     * keeps for itself. */
    int bottom = m->height - m->margin - m->target - m->gap - reserve;
    y += ui_text(c, (ui_rect){m->margin + ui_px(m, 40), y, w - ui_px(m, 80), bottom - y}, &body,
                 body_text);
    return y;
}

/* A suggested toolkit item on "thank you": its category symbol and title. */
static void suggestion_tile(ui_ctx *c, ui_rect r, int item_index)
{
    const content_item *item = &c->pack->items[item_index];
    char id[UI_ID_MAX];
    snprintf(id, sizeof id, "item-%s", item->id);
    const char *icon = c->pack->categories[item->category].icon;
    ui_button_spec b = {id, ui_tr(c, &item->title), icon,
                        item->urgent ? UI_STYLE_URGENT : UI_STYLE_SECONDARY, UI_TARGET_FLOW,
                        FLOW_EV_ITEM, item_index};
    ui_button(c, r, &b);
}

static void suggestions(ui_ctx *c, int y)
{
    const ui_metrics *m = &c->m;
    int n = c->flow->n_suggestions;
    ui_text_spec intro = {UI_STYLE_SCREEN, UI_FONT_BOLD, UI_SIZE_LABEL, UI_ALIGN_LEFT,
                          UI_VALIGN_TOP, 2};
    int w = m->width - 2 * m->margin;
    y += ui_text(c, (ui_rect){m->margin, y, w, ui_px(m, 52)}, &intro, ui_str(c, "thanks_suggest"));
    y += ui_px(m, 8);
    if (y < m->target + m->gap)
        y = m->target + m->gap; /* clear of the admin corner */
    int bottom = m->height - m->margin - m->target - m->gap;
    ui_rect area = {m->margin, y, w, bottom - y};
    int rows = m->portrait ? n : (n + 1) / 2;
    int cell_h = rows > 0 ? (area.h - (rows - 1) * m->gap) / rows : m->target;
    cell_h = cell_h > ui_px(m, 120) ? ui_px(m, 120) : cell_h < m->target ? m->target : cell_h;
    ui_grid g;
    ui_grid_plan(c, &g, area, n, m->portrait ? w : ui_px(m, 300), cell_h, 2);
    for (int i = 0; i < n && i < g.per_page; i++)
        suggestion_tile(c, ui_grid_cell(&g, i), c->flow->suggestions[i]);
}

/* Tick, title and body as a compact header above suggestions. Returns
 * the y below it. */
static int thanks_message(ui_ctx *c)
{
    const ui_metrics *m = &c->m;
    ui_color blue = ui_theme_style(UI_STYLE_PRIMARY)->background;
    ui_color white = ui_theme_style(UI_STYLE_TILE)->background;
    int tick = ui_px(m, 56);
    int x = m->margin + tick + m->gap, w = m->width - m->margin - x;
    ui_icon(c, (ui_rect){m->margin, m->margin, tick, tick}, "tick-circle", blue, white);
    ui_text_spec title = {UI_STYLE_SCREEN, UI_FONT_BOLD, UI_SIZE_TITLE, UI_ALIGN_LEFT,
                          UI_VALIGN_TOP, 1};
    ui_text_spec body = {UI_STYLE_SCREEN, UI_FONT_REGULAR, UI_SIZE_LABEL, UI_ALIGN_LEFT,
                         UI_VALIGN_TOP, 3};
    int y = m->margin;
    y += ui_text(c, (ui_rect){x, y, w, ui_px(m, 44)}, &title, ui_str(c, "thanks_title"));
    y += ui_text(c, (ui_rect){x, y, w, ui_px(m, 80)}, &body, ui_str(c, "thanks_body"));
    int below_tick = m->margin + tick;
    return (y > below_tick ? y : below_tick) + m->gap;
}

void ui_screen_thanks(ui_ctx *c)
{
    ui_admin_corner(c);
    if (c->flow->n_suggestions > 0)
        suggestions(c, thanks_message(c));
    else
        message_block(c, "tick-circle", ui_str(c, "thanks_title"), ui_str(c, "thanks_body"), 0);
    ui_button_spec left = {"toolkit", ui_str(c, "toolkit"), "book", UI_STYLE_SECONDARY,
                           UI_TARGET_FLOW, FLOW_EV_TOOLKIT, 0};
    ui_button_spec right = {"home", ui_str(c, "done"), "tick", UI_STYLE_PRIMARY, UI_TARGET_FLOW,
                            FLOW_EV_HOME, 0};
    ui_bottom_bar(c, &left, 1, &right, 1);
}

void ui_screen_save_failed(ui_ctx *c)
{
    ui_admin_corner(c);
    message_block(c, "info", ui_str(c, "save_failed_title"), ui_str(c, "save_failed_body"),
                  0);
    ui_button_spec left = {"home", ui_str(c, "home"), "home", UI_STYLE_SECONDARY, UI_TARGET_FLOW,
                           FLOW_EV_HOME, 0};
    ui_button_spec right = {"try-again", ui_str(c, "try_again"), "retry", UI_STYLE_PRIMARY,
                            UI_TARGET_FLOW, FLOW_EV_NEXT, 0};
    ui_bottom_bar(c, &left, 1, &right, 1);
}

void ui_screen_still_there(ui_ctx *c)
{
    const ui_metrics *m = &c->m;
    int seconds = flow_still_there_seconds(c->flow, c->in->now);
    char number[16], body[512];
    snprintf(number, sizeof number, "%d", seconds);
    ui_text_substitute(body, sizeof body, ui_str(c, "still_there_body"), "seconds", number);
    int y = message_block(c, "clock", ui_str(c, "still_there_title"), body, ui_px(m, 40));
    /* The countdown itself, large: visible from across the room. */
    ui_text_spec big = {UI_STYLE_SCREEN, UI_FONT_BOLD, 56, UI_ALIGN_CENTER, UI_VALIGN_MIDDLE, 1};
    int bar_y = m->height - m->margin - m->target;
    int h = bar_y - m->gap - y;
    if (h > ui_px(m, 30))
        ui_text(c, (ui_rect){m->margin, y, m->width - 2 * m->margin, h}, &big, number);
    ui_button_spec b = {"continue", ui_str(c, "continue"), "tick", UI_STYLE_PRIMARY,
                        UI_TARGET_FLOW, FLOW_EV_CONTINUE, 0};
    int w = ui_button_width(c, &b) + ui_px(m, 80);
    if (w > m->width - 2 * m->margin)
        w = m->width - 2 * m->margin;
    ui_button(c, (ui_rect){(m->width - w) / 2, bar_y, w, m->target}, &b);
}

void ui_screen_saving(ui_ctx *c)
{
    /* Lasts one synchronous commit; drawn so a slow disk shows something
     * calm rather than a frozen follow-up screen. */
    const ui_metrics *m = &c->m;
    ui_text_spec title = {UI_STYLE_MUTED, UI_FONT_BOLD, UI_SIZE_HEADING, UI_ALIGN_CENTER,
                          UI_VALIGN_MIDDLE, 2};
    ui_text(c, (ui_rect){m->margin, m->margin, m->width - 2 * m->margin, m->height - 2 * m->margin},
            &title, ui_str(c, "app_name"));
}
