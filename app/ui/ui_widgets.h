/* ui_widgets.h -- the layout's building blocks, shared by the screen files
 * (ui_screen_*.c). Internal to app/ui: not for the shell.
 *
 * A ui_ctx carries the frame being built and everything a screen reads.
 * Widgets emit draw commands and targets into the frame; text widgets fit
 * text to their box (shrinking down to UI_SIZE_MIN) and record an overflow
 * when it still does not fit, so no screen can silently clip text.
 *
 * Sizes passed to widgets are physical pixels; use ui_px(&c->m, logical)
 * to derive them from the theme's logical sizes.
 */
#ifndef SR_UI_WIDGETS_H
#define SR_UI_WIDGETS_H

#include "ui_layout.h"
#include "ui_theme.h"

typedef struct ui_ctx {
    ui_frame *frame;
    const ui_input *in;
    const flow *flow;
    const content_pack *pack;
    ui_metrics m;
    int lang;
} ui_ctx;

typedef enum ui_valign {
    UI_VALIGN_TOP,
    UI_VALIGN_MIDDLE
} ui_valign;

/* A text block: style gives the ink; size is logical (UI_SIZE_*). */
typedef struct ui_text_spec {
    ui_style style;
    ui_font font;
    int size;        /* logical px, shrunk down to UI_SIZE_MIN to fit */
    ui_align align;
    ui_valign valign;
    int max_lines;   /* 0: as many as fit */
} ui_text_spec;

/* A button or tile's behaviour and look. */
typedef struct ui_button_spec {
    const char *id;
    const char *label;
    const char *icon;     /* drawn left of the label (NULL: none) */
    ui_style style;
    ui_target_kind kind;
    flow_event_type event;
    int arg;
    bool disabled;        /* drawn dimmed (muted ink, no fill), and no target */
} ui_button_spec;

/* Strings: a UI string by key, or fallback when the pack lacks it. */
const char *ui_str(const ui_ctx *c, const char *key);
const char *ui_str_or(const ui_ctx *c, const char *key, const char *fallback);
const char *ui_tr(const ui_ctx *c, const content_text *text);

/* Plain shapes. */
void ui_fill(ui_ctx *c, ui_rect r, ui_color color, int radius);
void ui_panel(ui_ctx *c, ui_rect r, ui_style style, bool pressed);

/* An inactive control: an outline on the screen's own background (text on
 * it uses UI_STYLE_MUTED, which keeps its contrast). */
void ui_panel_disabled(ui_ctx *c, ui_rect r);
void ui_icon(ui_ctx *c, ui_rect r, const char *name, ui_color ink, ui_color fill);
void ui_qr(ui_ctx *c, ui_rect r, const char *text);

/* Text fitted into box; returns the height used. */
int ui_text(ui_ctx *c, ui_rect box, const ui_text_spec *spec, const char *text);

/* The height text would take at width (fitted as ui_text would, within
 * max_height). */
int ui_text_measure(ui_ctx *c, int width, int max_height, const ui_text_spec *spec,
                    const char *text);

/* Would text fit width x height (shrinking as ui_text would)? */
bool ui_text_fits(ui_ctx *c, int width, int height, const ui_text_spec *spec, const char *text);

/* A target with no drawing of its own. */
void ui_target_add(ui_ctx *c, ui_rect r, const ui_button_spec *b);

/* A button: panel, optional icon, label centred, and its target. Drawn
 * pressed when the view's pressed id is b->id. A disabled button keeps
 * its place and shape (so nothing jumps when it comes back) but is drawn
 * dimmed -- the screen's background, a light outline, muted ink (still
 * legible) -- and adds no target: a tap there is an ordinary touch. */
void ui_button(ui_ctx *c, ui_rect r, const ui_button_spec *b);
bool ui_is_pressed(const ui_ctx *c, const char *id);

/* The width a button needs for its label (at least the minimum target). */
int ui_button_width(ui_ctx *c, const ui_button_spec *b);

/* Lays out buttons along the bottom of the screen: `left` ones from the
 * left edge, `right` ones ending at the right edge, all one target high.
 * When they do not fit at their natural widths they share the row
 * equally. Returns the y of the row's top. */
int ui_bottom_bar(ui_ctx *c, const ui_button_spec *left, int n_left, const ui_button_spec *right,
                  int n_right);

/* The screen's usable area: inside the margins, above the bottom bar
 * (when has_bar), below the admin corner's row (top content gets y). */
ui_rect ui_content_area(const ui_ctx *c, bool has_bar);

/* A grid of n cells in area with at least min_cell_w wide cells of height
 * cell_h (both physical px), gap between: how many columns and rows fit. */
typedef struct ui_grid {
    ui_rect area;
    int cols, rows, per_page, pages;
    int cell_w, cell_h, gap;
} ui_grid;
void ui_grid_plan(const ui_ctx *c, ui_grid *g, ui_rect area, int n, int min_cell_w, int cell_h,
                  int max_cols);
ui_rect ui_grid_cell(const ui_grid *g, int index_on_page);

/* The list page the view asks for, clamped to pages. */
int ui_view_page(const ui_ctx *c, int pages);

/* The "next page" button of a paged list, labelled "2 / 3" (buf holds
 * the label and must outlive the spec). Pages wrap around. */
ui_button_spec ui_page_button(const ui_ctx *c, int pages, char *buf, size_t size);

/* The hidden admin corner (an invisible target, top-left). */
void ui_admin_corner(ui_ctx *c);

/* Language buttons, right-aligned at the top; returns their left edge. */
int ui_language_buttons(ui_ctx *c, int y);

/* The bottom bar of a follow-up question (back, page, skip, next, done);
 * returns its y. */
int ui_followup_bar(ui_ctx *c, int pages);

/* Screens (ui_screen_*.c). */
void ui_screen_checkin(ui_ctx *c);
void ui_screen_followup(ui_ctx *c);
void ui_screen_thanks(ui_ctx *c);
void ui_screen_save_failed(ui_ctx *c);
void ui_screen_still_there(ui_ctx *c);
void ui_screen_saving(ui_ctx *c);
void ui_screen_toolkit(ui_ctx *c);
void ui_screen_category(ui_ctx *c);
void ui_screen_item(ui_ctx *c);
void ui_screen_admin_pin(ui_ctx *c);
void ui_screen_admin(ui_ctx *c);
void ui_screen_text_question(ui_ctx *c);

#endif
