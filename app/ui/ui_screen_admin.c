/* ui_screen_admin.c -- the hidden admin screens: the PIN pad and the device
 * status page estates staff read (ids, versions, queue, clock, disk, last
 * error).
 *
 * The status labels are looked up as UI strings (admin_*) with English
 * fallbacks: the admin page is for estates and IT staff, and a pack need
 * not translate it.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "ui_widgets.h"

/* ---- PIN pad ----------------------------------------------------------------- */

static void pin_key(ui_ctx *c, ui_rect r, int key)
{
    char id[UI_ID_MAX], label[4];
    ui_button_spec b = {id, label, NULL, UI_STYLE_SECONDARY, UI_TARGET_FLOW, FLOW_EV_PIN_DIGIT, key};
    if (key == 10) {
        b = (ui_button_spec){"pin-clear", ui_str(c, "pin_clear"), NULL, UI_STYLE_SECONDARY,
                             UI_TARGET_FLOW, FLOW_EV_PIN_CLEAR, 0};
    } else if (key == 11) {
        b = (ui_button_spec){"pin-enter", ui_str(c, "pin_enter"), NULL, UI_STYLE_PRIMARY,
                             UI_TARGET_FLOW, FLOW_EV_PIN_ENTER, 0};
    } else {
        snprintf(id, sizeof id, "pin-%d", key);
        snprintf(label, sizeof label, "%d", key);
    }
    ui_button(c, r, &b);
}

/* 1 2 3 / 4 5 6 / 7 8 9 / clear 0 enter, in area (centred). */
static void pin_pad(ui_ctx *c, ui_rect area)
{
    static const int KEYS[12] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0, 11};
    int gap = c->m.gap;
    int h = (area.h - 3 * gap) / 4;
    int max = ui_px(&c->m, 120);
    h = h > max ? max : h;
    int w = (area.w - 2 * gap) / 3;
    w = w > ui_px(&c->m, 150) ? ui_px(&c->m, 150) : w;
    int x0 = area.x + (area.w - (3 * w + 2 * gap)) / 2;
    int y0 = area.y + (area.h - (4 * h + 3 * gap)) / 2;
    for (int i = 0; i < 12; i++)
        pin_key(c, (ui_rect){x0 + i % 3 * (w + gap), y0 + i / 3 * (h + gap), w, h}, KEYS[i]);
}

/* Dots for the digits typed: the PIN itself is never shown. */
static void pin_dots(ui_ctx *c, ui_rect r)
{
    ui_panel(c, r, UI_STYLE_TILE, false);
    int n = (int)strnlen(c->flow->pin, FLOW_PIN_MAX);
    int d = ui_px(&c->m, 18), gap = ui_px(&c->m, 12);
    int total = n * d + (n > 0 ? n - 1 : 0) * gap;
    int x = r.x + (r.w - total) / 2;
    ui_color ink = ui_theme_style(UI_STYLE_TILE)->ink;
    for (int i = 0; i < n; i++)
        ui_fill(c, (ui_rect){x + i * (d + gap), r.y + (r.h - d) / 2, d, d}, ink, d / 2);
}

void ui_screen_admin_pin(ui_ctx *c)
{
    const ui_metrics *m = &c->m;
    int left_w = m->portrait ? m->width - 2 * m->margin : ui_px(m, 300);
    ui_text_spec title = {UI_STYLE_SCREEN, UI_FONT_BOLD, UI_SIZE_HEADING, UI_ALIGN_LEFT,
                          UI_VALIGN_TOP, 2};
    ui_text_spec msg = {UI_STYLE_SCREEN, UI_FONT_BOLD, UI_SIZE_LABEL, UI_ALIGN_LEFT,
                        UI_VALIGN_TOP, 3};
    int y = m->margin;
    y += ui_text(c, (ui_rect){m->margin, y, left_w, ui_px(m, 72)}, &title,
                 ui_str(c, "admin_pin_title")) + m->gap;
    pin_dots(c, (ui_rect){m->margin, y, left_w, ui_px(m, 56)});
    y += ui_px(m, 56) + m->gap;
    if (c->in->now < c->flow->pin_locked_until)
        y += ui_text(c, (ui_rect){m->margin, y, left_w, ui_px(m, 80)}, &msg,
                     ui_str(c, "admin_locked"));
    else if (c->flow->pin_wrong)
        y += ui_text(c, (ui_rect){m->margin, y, left_w, ui_px(m, 80)}, &msg,
                     ui_str(c, "admin_pin_wrong"));
    ui_button_spec leave = {"admin-leave", ui_str(c, "admin_leave"), "arrow-left",
                            UI_STYLE_SECONDARY, UI_TARGET_FLOW, FLOW_EV_HOME, 0};
    int w = ui_button_width(c, &leave);
    w = w > left_w ? left_w : w;
    int leave_y = m->height - m->margin - m->target;
    ui_button(c, (ui_rect){m->margin, leave_y, w, m->target}, &leave);
    ui_rect pad;
    if (m->portrait) {
        int top = y + ui_px(m, 40) + m->gap;
        pad = (ui_rect){m->margin, top, m->width - 2 * m->margin, leave_y - m->gap - top};
    } else {
        int x = m->margin + left_w + m->gap * 2;
        pad = (ui_rect){x, m->margin, m->width - m->margin - x, m->height - 2 * m->margin};
    }
    pin_pad(c, pad);
}

/* ---- status page -------------------------------------------------------------- */

static void format_age(long long seconds, char *out, size_t size)
{
    if (seconds < 0)
        snprintf(out, size, "-");
    else if (seconds < 120)
        snprintf(out, size, "%lld s", seconds);
    else if (seconds < 7200)
        snprintf(out, size, "%lld min", seconds / 60);
    else if (seconds < 172800)
        snprintf(out, size, "%lld h", seconds / 3600);
    else
        snprintf(out, size, "%lld days", seconds / 86400);
}

static void format_bytes(long long bytes, char *out, size_t size)
{
    if (bytes < 0)
        snprintf(out, size, "unknown");
    else if (bytes >= 10LL << 30)
        snprintf(out, size, "%lld GB", bytes >> 30);
    else if (bytes >= 10LL << 20)
        snprintf(out, size, "%lld MB", bytes >> 20);
    else
        snprintf(out, size, "%lld kB", bytes >> 10);
}

typedef struct admin_row {
    const char *key, *fallback;
    bool alert;      /* drawn as an error: someone has to act on it */
    char value[440];
} admin_row;

static int admin_rows(const ui_admin_status *s, admin_row *rows)
{
    int n = 0;
    char age[32], disk[32];
    format_age(s->oldest_age_seconds, age, sizeof age);
    format_bytes(s->disk_free_bytes, disk, sizeof disk);
#define ROW(k, fb, ...)                                                                   \
    do {                                                                                  \
        rows[n].key = k;                                                                  \
        rows[n].fallback = fb;                                                            \
        rows[n].alert = false;                                                            \
        snprintf(rows[n].value, sizeof rows[n].value, __VA_ARGS__);                       \
        n++;                                                                              \
    } while (0)
    ROW("admin_device", "Device", "%s", s->device_id);
    ROW("admin_site", "Site / area", "%s / %s", s->site[0] ? s->site : "-",
        s->area[0] ? s->area : "-");
    ROW("admin_versions", "Versions", "app %s, content %s%s", s->app_version,
        s->content_version, s->content_from_cache ? " (last good copy)" : "");
    if (s->content_refused[0]) {
        ROW("admin_content_problems", "New content refused", "%s", s->content_refused);
        rows[n - 1].alert = true;
    }
    ROW("admin_waiting", "Answers waiting", "%lld (oldest %s)", s->answers_waiting, age);
    ROW("admin_delivery", "Delivery", "last send %s; broker %s", s->last_send, s->broker);
    ROW("admin_disk", "Disk free", "%s", disk);
    ROW("admin_clock", "Clock", "%s", s->clock_synced ? "synchronised" : "NOT synchronised");
    ROW("admin_session", "Since start", "%d saved, %d abandoned; %lld toolkit opens today",
        s->commits, s->discards, s->items_counted);
    if (s->last_error[0]) {
        ROW("admin_error", "Last error", "%s", s->last_error);
        rows[n - 1].alert = true;
    }
#undef ROW
    return n;
}

/* One row of the table: label on the left, value wrapping on the right.
 * Returns its height. measure_only: nothing is drawn. */
static int admin_row_draw(ui_ctx *c, ui_rect r, int label_w, const admin_row *row, int size,
                          bool measure_only)
{
    bool error = row->alert;
    int gap = ui_px(&c->m, 12), pad = error ? ui_px(&c->m, 6) : 0;
    ui_text_spec label = {error ? UI_STYLE_ERROR : UI_STYLE_MUTED, UI_FONT_REGULAR, size,
                          UI_ALIGN_LEFT, UI_VALIGN_TOP, 2};
    /* Errors are long (a path and a reason) and worth reading in full. */
    ui_text_spec value = {error ? UI_STYLE_ERROR : UI_STYLE_SCREEN, UI_FONT_BOLD, size,
                          UI_ALIGN_LEFT, UI_VALIGN_TOP, error ? 8 : 5};
    const char *name = ui_str_or(c, row->key, row->fallback);
    int value_w = r.w - label_w - gap - 2 * pad;
    int lh = ui_text_measure(c, label_w, r.h, &label, name);
    int vh = ui_text_measure(c, value_w, r.h, &value, row->value);
    int h = (lh > vh ? lh : vh) + 2 * pad;
    if (measure_only)
        return h;
    if (error)
        ui_panel(c, (ui_rect){r.x, r.y, r.w, h}, UI_STYLE_ERROR, false);
    ui_text(c, (ui_rect){r.x + pad, r.y + pad, label_w, lh}, &label, name);
    ui_text(c, (ui_rect){r.x + pad + label_w + gap, r.y + pad, value_w, vh}, &value, row->value);
    return h;
}

/* The table's height at a font size. */
static int admin_table(ui_ctx *c, ui_rect area, const admin_row *rows, int n, int size,
                       bool measure_only)
{
    int label_w = ui_px(&c->m, c->m.portrait ? 150 : 180), y = area.y;
    for (int i = 0; i < n; i++) {
        ui_rect r = {area.x, y, area.w, area.y + area.h - y};
        y += admin_row_draw(c, r, label_w, &rows[i], size, measure_only) + ui_px(&c->m, 6);
    }
    return y - area.y;
}

void ui_screen_admin(ui_ctx *c)
{
    const ui_metrics *m = &c->m;
    ui_admin_status unknown;
    const ui_admin_status *s = c->in->admin;
    if (!s) {
        memset(&unknown, 0, sizeof unknown);
        snprintf(unknown.device_id, sizeof unknown.device_id, "unknown");
        unknown.oldest_age_seconds = unknown.disk_free_bytes = -1;
        s = &unknown;
    }
    ui_text_spec title = {UI_STYLE_SCREEN, UI_FONT_BOLD, UI_SIZE_HEADING, UI_ALIGN_LEFT,
                          UI_VALIGN_TOP, 1};
    int y = m->margin;
    y += ui_text(c, (ui_rect){m->margin, y, m->width - 2 * m->margin, ui_px(m, 40)}, &title,
                 ui_str(c, "admin_title")) + ui_px(m, 8);
    admin_row rows[12];
    int n = admin_rows(s, rows);
    int bottom = m->height - m->margin - m->target - m->gap;
    ui_rect area = {m->margin, y, m->width - 2 * m->margin, bottom - y};
    /* The largest size at which the whole table fits (each text also
     * shrinks on its own if it must). */
    int size = UI_SIZE_LABEL;
    while (size > UI_SIZE_MIN && admin_table(c, area, rows, n, size, true) > area.h)
        size--;
    admin_table(c, area, rows, n, size, false);
    ui_button_spec leave = {"admin-leave", ui_str(c, "admin_leave"), "arrow-left",
                            UI_STYLE_PRIMARY, UI_TARGET_FLOW, FLOW_EV_HOME, 0};
    ui_bottom_bar(c, NULL, 0, &leave, 1);
}
