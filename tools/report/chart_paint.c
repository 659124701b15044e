/* chart_paint.c -- the drawing primitives of the charts (see chart_paint.h).
 *
 * Everything is sized in units of frame.s, so one set of numbers draws a
 * 1200 x 700 chart and any other size alike.
 */
#include "report/chart_paint.h"

#include <stdio.h>
#include <string.h>

#define PAINT_TEXT_MAX 200
#define HEX(v) {((v) >> 16 & 0xFF) / 255.0, ((v) >> 8 & 0xFF) / 255.0, ((v) & 0xFF) / 255.0}

const rgb PAINT_INK = HEX(0x1F1F1F);
const rgb PAINT_MUTED = HEX(0x6B6B6B);
const rgb PAINT_GRID = HEX(0xE2E2E2);
const rgb PAINT_VALUE_LINE = HEX(0x4A5560);
const rgb PAINT_COMMON = HEX(0x8C8C8C);
const rgb PAINT_LIMIT = HEX(0x5C5C5C);
const rgb PAINT_GAP_FILL = HEX(0xEEEEEE);
const rgb PAINT_GAP_HATCH = HEX(0xC8C8C8);
const rgb PAINT_PANEL = HEX(0xF6F6F6);
/* Okabe & Ito, "Color Universal Design" (2008): distinguishable with the
 * common colour-vision deficiencies. */
const rgb PAINT_VERMILLION = HEX(0xD55E00);
const rgb PAINT_PURPLE = HEX(0xCC79A7);
const rgb PAINT_BLUE = HEX(0x0072B2);
const rgb PAINT_GREEN = HEX(0x009E73);

void paint_colour(cairo_t *cr, rgb c, double alpha)
{
    cairo_set_source_rgba(cr, c.r, c.g, c.b, alpha);
}

void paint_font(cairo_t *cr, const frame *f, double size, bool bold)
{
    cairo_select_font_face(cr, PAINT_FONT, CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size * f->s);
}

double paint_text_width(cairo_t *cr, const char *text)
{
    cairo_text_extents_t ext;
    cairo_text_extents(cr, text, &ext);
    return ext.x_advance;
}

void paint_text_at(cairo_t *cr, double x, double y, const char *text)
{
    cairo_move_to(cr, x, y);
    cairo_show_text(cr, text);
}

void paint_line(cairo_t *cr, double xa, double ya, double xb, double yb)
{
    cairo_move_to(cr, xa, ya);
    cairo_line_to(cr, xb, yb);
    cairo_stroke(cr);
}

void paint_dash(cairo_t *cr, const frame *f, double on, double off)
{
    double pattern[2] = {on * f->s, off * f->s};
    cairo_set_dash(cr, pattern, on > 0 ? 2 : 0, 0);
}

double frame_x(const frame *f, int i)
{
    return f->x0 + (i + 0.5) * f->step;
}

double frame_y(const frame *f, double v)
{
    return f->y1 - (v - f->vmin) / (f->vmax - f->vmin) * (f->y1 - f->y0);
}

int paint_wrap_text(cairo_t *cr, double x, double y, double width, double line_h,
                    const char *text, bool draw)
{
    char lineb[PAINT_TEXT_MAX + 1] = "";
    int lines = 0;
    const char *p = text;
    while (*p) {
        const char *end = strchr(p, ' ');
        size_t word = end ? (size_t)(end - p) : strlen(p);
        char candidate[2 * sizeof lineb + 2];
        snprintf(candidate, sizeof candidate, "%s%s%.*s", lineb, lineb[0] ? " " : "",
                 (int)word, p);
        if (lineb[0] && paint_text_width(cr, candidate) > width) {
            if (draw)
                paint_text_at(cr, x, y + lines * line_h, lineb);
            lines++;
            snprintf(lineb, sizeof lineb, "%.*s", (int)word, p);
        } else {
            size_t len = strlen(candidate);
            len = len < sizeof lineb ? len : sizeof lineb - 1;
            memcpy(lineb, candidate, len);
            lineb[len] = '\0';
        }
        p += word;
        while (*p == ' ')
            p++;
    }
    if (lineb[0]) {
        if (draw)
            paint_text_at(cr, x, y + lines * line_h, lineb);
        lines++;
    }
    return lines;
}

/* ---- markers -------------------------------------------------------------- */

/* A trend is drawn as a band along the line (paint_trend_band) as well as
 * a marker, so it stays visible when its points carry a stronger marker. */
spc_signal paint_marker_signal(unsigned signals)
{
    static const spc_signal order[] = {SPC_OUTSIDE_LIMITS, RUN_ASTRONOMICAL, SPC_TWO_OF_THREE,
                                       SPC_SHIFT, RUN_SHIFT, SPC_TREND, RUN_TREND};
    for (size_t k = 0; k < sizeof order / sizeof order[0]; k++)
        if (signals & (unsigned)order[k])
            return order[k];
    return SPC_NONE;
}

rgb paint_signal_colour(spc_signal signal)
{
    switch (signal) {
    case SPC_OUTSIDE_LIMITS:
    case RUN_ASTRONOMICAL: return PAINT_VERMILLION;
    case SPC_TWO_OF_THREE: return PAINT_PURPLE;
    case SPC_SHIFT:
    case RUN_SHIFT: return PAINT_BLUE;
    case SPC_TREND:
    case RUN_TREND: return PAINT_GREEN;
    default: return PAINT_COMMON;
    }
}

void paint_marker(cairo_t *cr, const frame *f, spc_signal signal, double x, double y,
                   double alpha)
{
    double r = (signal == SPC_NONE ? 4.5 : 7.0) * f->s;
    switch (signal) {
    case SPC_OUTSIDE_LIMITS:
    case RUN_ASTRONOMICAL:
        r *= 1.3;
        cairo_move_to(cr, x, y - r);
        cairo_line_to(cr, x + r, y);
        cairo_line_to(cr, x, y + r);
        cairo_line_to(cr, x - r, y);
        cairo_close_path(cr);
        break;
    case SPC_TWO_OF_THREE:
        r *= 1.25;
        cairo_move_to(cr, x, y - r);
        cairo_line_to(cr, x + r * 0.95, y + r * 0.7);
        cairo_line_to(cr, x - r * 0.95, y + r * 0.7);
        cairo_close_path(cr);
        break;
    case SPC_SHIFT:
    case RUN_SHIFT:
        cairo_rectangle(cr, x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7);
        break;
    default:
        cairo_new_sub_path(cr);
        cairo_arc(cr, x, y, signal == SPC_NONE ? r : r * 0.85, 0, 2 * PAINT_PI);
    }
    paint_colour(cr, paint_signal_colour(signal), alpha);
    cairo_fill_preserve(cr);
    cairo_set_source_rgba(cr, 1, 1, 1, alpha);
    cairo_set_line_width(cr, 1.3 * f->s);
    cairo_stroke(cr);
}

void paint_trend_band(cairo_t *cr, const frame *f, double xa, double ya, double xb, double yb,
                       double alpha)
{
    paint_colour(cr, PAINT_GREEN, 0.38 * alpha);
    cairo_set_line_width(cr, 11 * f->s);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    paint_line(cr, xa, ya, xb, yb);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
}

void paint_gap_band(cairo_t *cr, const frame *f, double xa, double ya, double xb, double yb)
{
    cairo_save(cr);
    cairo_rectangle(cr, xa, ya, xb - xa, yb - ya);
    cairo_clip(cr);
    paint_colour(cr, PAINT_GAP_FILL, 1);
    cairo_paint(cr);
    paint_colour(cr, PAINT_GAP_HATCH, 1);
    cairo_set_line_width(cr, 1 * f->s);
    for (double d = -(yb - ya); d < xb - xa; d += 7 * f->s)
        paint_line(cr, xa + d, yb, xa + d + (yb - ya), ya);
    cairo_restore(cr);
}
