/* chart_draw.c -- lays out and paints a run chart or an XmR chart.
 *
 * Layout (1200 x 700 at scale 1; everything scales with the smaller of
 * width/1200 and height/700, but text never below 3/4 size):
 *
 *   title, subtitle
 *   intervention labels (one to three rows, so labels never cover data)
 *   +--------------------------------------------+   +-------------+
 *   | plot: gaps, grid, centre/limits per        |   | key: lines, |
 *   | segment, intervention lines, trend bands,  |   | signals,    |
 *   | value line (broken at gaps), markers       |   | runs, rules |
 *   +--------------------------------------------+   +-------------+
 *   x labels (every k-th, rotated when they would touch)
 */
#include "report/chart_draw.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/chart_legend.h"
#include "report/chart_paint.h"

#define EVENT_ROWS_MAX 3

/* ---- layout ----------------------------------------------------------------- */

static void value_range(const chart_data *d, double *lo, double *hi)
{
    *lo = INFINITY;
    *hi = -INFINITY;
    for (int i = 0; i < d->in->n; i++) {
        if (d->in->points[i].missing)
            continue;
        *lo = fmin(*lo, d->in->points[i].value);
        *hi = fmax(*hi, d->in->points[i].value);
    }
    for (int s = 0; d->kind == CHART_XMR && s < d->xmr.n_segments; s++) {
        if (d->xmr.segments[s].has_limits) {
            *lo = fmin(*lo, d->xmr.segments[s].lower);
            *hi = fmax(*hi, d->xmr.segments[s].upper);
        }
    }
    if (*lo > *hi) {
        *lo = 0;
        *hi = 1;
    }
}

/* A tick step of 1, 2, 2.5 or 5 x 10^k giving about six ticks. */
static void value_axis(const chart_data *d, frame *f)
{
    double lo, hi;
    value_range(d, &lo, &hi);
    double span = hi - lo > 0 ? hi - lo : fmax(fabs(hi), 1.0);
    double raw = span * 1.12 / 6, mag = pow(10, floor(log10(raw)));
    double norm = raw / mag;
    double nice = norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10;
    f->tick = nice * mag;
    f->vmin = floor((lo - span * 0.06) / f->tick) * f->tick;
    f->vmax = ceil((hi + span * 0.06) / f->tick) * f->tick;
    int decimals = (int)ceil(-log10(f->tick) - 1e-9);
    if (nice == 2.5)
        decimals++;
    f->tick_decimals = decimals < 0 ? 0 : decimals;
}

static void tick_label(const frame *f, double v, char *buf, size_t size)
{
    snprintf(buf, size, "%.*f", f->tick_decimals, fabs(v) < f->tick * 1e-6 ? 0.0 : v);
}

static void horizontal_layout(cairo_t *cr, const chart_data *d, frame *f)
{
    char buf[64];
    double widest = 0;
    paint_font(cr, f, 13, false);
    for (double v = f->vmin; v <= f->vmax + f->tick / 2; v += f->tick) {
        tick_label(f, v, buf, sizeof buf);
        widest = fmax(widest, paint_text_width(cr, buf));
    }
    f->legend_w = fmin(300 * f->s, 0.36 * f->w);
    f->legend_x = f->w - f->legend_w - 16 * f->s;
    f->x0 = 16 * f->s + (d->in->y_label ? 26 * f->s : 0) + widest + 10 * f->s;
    f->x1 = f->legend_x - 26 * f->s;
    f->step = (f->x1 - f->x0) / d->in->n;
}

/* X labels: horizontal if each fits its slot, else rotated 45 degrees and
 * thinned to every k-th so neighbours never touch. Returns the height the
 * labels need below the plot. */
static double x_label_layout(cairo_t *cr, const chart_data *d, frame *f)
{
    char buf[32];
    double widest = 0;
    paint_font(cr, f, 12, false);
    for (int i = 0; i < d->in->n; i++)
        widest = fmax(widest, paint_text_width(cr, chart_data_label(d, i, buf, sizeof buf)));
    f->label_rotated = widest + 10 * f->s > f->step;
    double slot = f->label_rotated ? 19 * f->s : widest + 10 * f->s;
    f->label_every = (int)ceil(slot / f->step);
    if (f->label_every < 1)
        f->label_every = 1;
    return f->label_rotated ? widest * 0.71 + 22 * f->s : 26 * f->s;
}

static const char *event_text(const chart_data *d, const chart_event *ev, char *buf, size_t n)
{
    bool rebase = ev->rebaseline && d->kind == CHART_XMR && ev->index > 0 && ev->index < d->in->n;
    snprintf(buf, n, "%s%s", ev->label ? ev->label : "", rebase ? " (new limits)" : "");
    return buf;
}

/* Places event e's label beside its line, in the first band row where it
 * does not touch the previous label; deterministic, so layout and drawing
 * call it with the same row_end state and get the same answer. */
static int place_event(cairo_t *cr, const chart_data *d, const frame *f, int e,
                       double row_end[EVENT_ROWS_MAX], double *x)
{
    char buf[CHART_LEGEND_TEXT];
    paint_font(cr, f, 12.5, false);
    double tw = paint_text_width(cr, event_text(d, &d->in->events[e], buf, sizeof buf));
    double ex = f->x0 + d->in->events[e].index * f->step;
    *x = ex + 5 * f->s;
    if (*x + tw > f->x1)
        *x = fmax(f->x0, ex - 5 * f->s - tw);
    int row = EVENT_ROWS_MAX - 1;
    for (int r = 0; r < EVENT_ROWS_MAX; r++) {
        if (row_end[r] + 12 * f->s <= *x) {
            row = r;
            break;
        }
    }
    row_end[row] = *x + tw;
    return row;
}

static void layout(cairo_t *cr, const chart_data *d, frame *f)
{
    f->w = d->width;
    f->h = d->height;
    /* Below 3/4 scale text would be too small to read (9 px): small charts
     * keep readable text and give the plot less room instead. */
    f->s = fmax(0.75, fmin(f->w / CHART_DEFAULT_WIDTH, f->h / CHART_DEFAULT_HEIGHT));
    value_axis(d, f);
    horizontal_layout(cr, d, f);
    double below = x_label_layout(cr, d, f);
    f->row_h = 20 * f->s;
    f->band_y = (d->in->subtitle ? 82 : 60) * f->s;
    int rows = 0;
    double row_end[EVENT_ROWS_MAX] = {-1e9, -1e9, -1e9};
    for (int e = 0; e < d->in->n_events; e++) {
        double x;
        int row = place_event(cr, d, f, e, row_end, &x) + 1;
        rows = row > rows ? row : rows;
    }
    f->y0 = f->band_y + rows * f->row_h + 10 * f->s;
    f->y1 = f->h - below - 14 * f->s;
}

/* ---- the plot ---------------------------------------------------------------- */

static void draw_header(cairo_t *cr, const chart_data *d, const frame *f)
{
    double size = 22;
    paint_font(cr, f, size, true);
    while (size > 12 && paint_text_width(cr, d->in->title) > f->w - 32 * f->s)
        paint_font(cr, f, size *= 0.92, true);
    paint_colour(cr, PAINT_INK, 1);
    paint_text_at(cr, 16 * f->s, 36 * f->s, d->in->title);
    if (d->in->subtitle) {
        paint_font(cr, f, 15, false);
        paint_colour(cr, PAINT_MUTED, 1);
        paint_text_at(cr, 16 * f->s, 62 * f->s, d->in->subtitle);
    }
}

static void draw_grid(cairo_t *cr, const chart_data *d, const frame *f)
{
    char buf[64];
    for (int i = 0; i < d->in->n; i++)
        if (d->in->points[i].missing)
            paint_gap_band(cr, f, f->x0 + i * f->step, f->y0, f->x0 + (i + 1) * f->step, f->y1);
    paint_font(cr, f, 13, false);
    cairo_set_line_width(cr, 1 * f->s);
    for (double v = f->vmin; v <= f->vmax + f->tick / 2; v += f->tick) {
        paint_colour(cr, PAINT_GRID, 1);
        paint_line(cr, f->x0, frame_y(f, v), f->x1, frame_y(f, v));
        tick_label(f, v, buf, sizeof buf);
        paint_colour(cr, PAINT_MUTED, 1);
        paint_text_at(cr, f->x0 - 8 * f->s - paint_text_width(cr, buf), frame_y(f, v) + 4.5 * f->s, buf);
    }
}

static void centre_and_limits(cairo_t *cr, const chart_data *d, const frame *f)
{
    if (d->kind == CHART_RUN) {
        if (d->run.n_values == 0)
            return;
        paint_colour(cr, PAINT_INK, 1);
        cairo_set_line_width(cr, 2 * f->s);
        paint_line(cr, f->x0, frame_y(f, d->run.median), f->x1, frame_y(f, d->run.median));
        return;
    }
    for (int s = 0; s < d->xmr.n_segments; s++) {
        const spc_segment *seg = &d->xmr.segments[s];
        double xa = f->x0 + seg->first * f->step, xb = xa + seg->count * f->step;
        if (seg->n_values == 0)
            continue;
        paint_colour(cr, PAINT_INK, 1);
        cairo_set_line_width(cr, 2 * f->s);
        paint_line(cr, xa, frame_y(f, seg->mean), xb, frame_y(f, seg->mean));
        if (!seg->has_limits)
            continue;
        paint_colour(cr, PAINT_LIMIT, 1);
        cairo_set_line_width(cr, 1.6 * f->s);
        if (seg->trial)
            paint_dash(cr, f, 2, 4);
        else
            paint_dash(cr, f, 9, 5);
        paint_line(cr, xa, frame_y(f, seg->upper), xb, frame_y(f, seg->upper));
        paint_line(cr, xa, frame_y(f, seg->lower), xb, frame_y(f, seg->lower));
        paint_dash(cr, f, 0, 0);
    }
}

static void draw_events(cairo_t *cr, const chart_data *d, const frame *f)
{
    char buf[CHART_LEGEND_TEXT];
    double row_end[EVENT_ROWS_MAX] = {-1e9, -1e9, -1e9};
    for (int e = 0; e < d->in->n_events; e++) {
        const chart_event *ev = &d->in->events[e];
        double x, ex = f->x0 + ev->index * f->step;
        int row = place_event(cr, d, f, e, row_end, &x);
        double top = f->band_y + row * f->row_h + 4 * f->s;
        bool rebase = ev->rebaseline && d->kind == CHART_XMR && ev->index > 0 &&
                      ev->index < d->in->n;
        paint_colour(cr, PAINT_INK, 0.9);
        cairo_set_line_width(cr, (rebase ? 2.6 : 1.6) * f->s);
        if (!rebase)
            paint_dash(cr, f, 5, 4);
        paint_line(cr, ex, top, ex, f->y1);
        paint_dash(cr, f, 0, 0);
        paint_colour(cr, PAINT_INK, 1);
        paint_text_at(cr, x, top + 12.5 * f->s, event_text(d, ev, buf, sizeof buf));
    }
}

static void draw_values(cairo_t *cr, const chart_data *d, const frame *f)
{
    const spc_point *p = d->in->points;
    for (int i = 1; i < d->in->n; i++) {
        unsigned t = SPC_TREND | RUN_TREND;
        if (!p[i].missing && !p[i - 1].missing && (chart_data_point_signals(d, i) & t) &&
            (chart_data_point_signals(d, i - 1) & t))
            paint_trend_band(cr, f, frame_x(f, i - 1), frame_y(f, p[i - 1].value), frame_x(f, i), frame_y(f, p[i].value), 1);
    }
    paint_colour(cr, PAINT_VALUE_LINE, 1);
    cairo_set_line_width(cr, 2 * f->s);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    for (int i = 0; i < d->in->n; i++) {
        if (p[i].missing)
            continue;
        if (i > 0 && !p[i - 1].missing)
            cairo_line_to(cr, frame_x(f, i), frame_y(f, p[i].value));
        else
            cairo_move_to(cr, frame_x(f, i), frame_y(f, p[i].value));
    }
    cairo_stroke(cr);
    for (int i = 0; i < d->in->n; i++)
        if (!p[i].missing)
            paint_marker(cr, f, paint_marker_signal(chart_data_point_signals(d, i)), frame_x(f, i),
                   frame_y(f, p[i].value), 1);
}

static void draw_axes(cairo_t *cr, const chart_data *d, const frame *f)
{
    char buf[32];
    paint_colour(cr, PAINT_MUTED, 1);
    cairo_set_line_width(cr, 1.2 * f->s);
    paint_line(cr, f->x0, f->y0, f->x0, f->y1);
    paint_line(cr, f->x0, f->y1, f->x1, f->y1);
    paint_font(cr, f, 12, false);
    for (int i = 0; i < d->in->n; i += f->label_every) {
        const char *label = chart_data_label(d, i, buf, sizeof buf);
        double tw = paint_text_width(cr, label), x = frame_x(f, i);
        paint_colour(cr, PAINT_MUTED, 1);
        paint_line(cr, x, f->y1, x, f->y1 + 5 * f->s);
        paint_colour(cr, PAINT_INK, 1);
        if (!f->label_rotated) {
            paint_text_at(cr, x - tw / 2, f->y1 + 20 * f->s, label);
            continue;
        }
        cairo_save(cr);
        cairo_translate(cr, x, f->y1 + 10 * f->s);
        cairo_rotate(cr, -PAINT_PI / 4);
        paint_text_at(cr, -tw, 8 * f->s, label);
        cairo_restore(cr);
    }
    if (d->in->y_label) {
        paint_font(cr, f, 13, false);
        cairo_save(cr);
        cairo_translate(cr, 28 * f->s, (f->y0 + f->y1) / 2);
        cairo_rotate(cr, -PAINT_PI / 2);
        paint_text_at(cr, -paint_text_width(cr, d->in->y_label) / 2, 0, d->in->y_label);
        cairo_restore(cr);
    }
}

/* ---- the key -------------------------------------------------------------- */

static void legend_sample(cairo_t *cr, const frame *f, const chart_legend_entry *e, double x,
                          double y)
{
    double a = e->active ? 1 : 0.35, xb = x + 34 * f->s;
    cairo_set_line_width(cr, 2 * f->s);
    switch (e->sample) {
    case LEGEND_DATA:
        paint_colour(cr, PAINT_VALUE_LINE, 1);
        paint_line(cr, x, y, xb, y);
        paint_marker(cr, f, SPC_NONE, (x + xb) / 2, y, 1);
        break;
    case LEGEND_CENTRE:
        paint_colour(cr, PAINT_INK, 1);
        paint_line(cr, x, y, xb, y);
        break;
    case LEGEND_LIMITS:
    case LEGEND_TRIAL:
        paint_colour(cr, PAINT_LIMIT, 1);
        cairo_set_line_width(cr, 1.6 * f->s);
        paint_dash(cr, f, e->sample == LEGEND_TRIAL ? 2 : 9, e->sample == LEGEND_TRIAL ? 4 : 5);
        paint_line(cr, x, y, xb, y);
        paint_dash(cr, f, 0, 0);
        break;
    case LEGEND_EVENT:
    case LEGEND_EVENT_REBASE:
        paint_colour(cr, PAINT_INK, 0.9);
        cairo_set_line_width(cr, (e->sample == LEGEND_EVENT ? 1.6 : 2.6) * f->s);
        if (e->sample == LEGEND_EVENT)
            paint_dash(cr, f, 5, 4);
        paint_line(cr, (x + xb) / 2, y - 9 * f->s, (x + xb) / 2, y + 9 * f->s);
        paint_dash(cr, f, 0, 0);
        break;
    case LEGEND_GAP:
        paint_gap_band(cr, f, x + 8 * f->s, y - 9 * f->s, xb - 8 * f->s, y + 9 * f->s);
        break;
    case LEGEND_SIGNAL:
        if (e->signal == SPC_TREND || e->signal == RUN_TREND) {
            paint_trend_band(cr, f, x + 4 * f->s, y + 5 * f->s, xb - 4 * f->s, y - 5 * f->s, a);
            paint_marker(cr, f, e->signal, x + 4 * f->s, y + 5 * f->s, a);
            paint_marker(cr, f, e->signal, xb - 4 * f->s, y - 5 * f->s, a);
        } else {
            paint_marker(cr, f, e->signal, (x + xb) / 2, y, a);
        }
        break;
    case LEGEND_NOTE:
        if (e->alert) { /* a warning sign: a circle holding "!" */
            cairo_new_sub_path(cr);
            cairo_arc(cr, (x + xb) / 2, y, 8 * f->s, 0, 2 * PAINT_PI);
            paint_colour(cr, PAINT_INK, 1);
            cairo_fill(cr);
            paint_font(cr, f, 13, true);
            cairo_set_source_rgb(cr, 1, 1, 1);
            paint_text_at(cr, (x + xb) / 2 - paint_text_width(cr, "!") / 2, y + 5 * f->s, "!");
        }
        break;
    case LEGEND_HEADING:
        break;
    }
}

/* Lays out (and with draw, paints) the key at text size `size`; returns
 * the y below its last entry. */
static double legend_pass(cairo_t *cr, const frame *f, const chart_legend_entry *entries,
                          int count, double size, bool draw)
{
    double x = f->legend_x, y = f->y0 + 14 * f->s, k_gap = size / 13;
    double line_h = 1.3 * size * f->s;
    double text_x = x + 52 * f->s, text_w = f->legend_w - 62 * f->s;
    for (int k = 0; k < count; k++) {
        const chart_legend_entry *e = &entries[k];
        bool heading = e->sample == LEGEND_HEADING;
        paint_font(cr, f, heading ? size + 1 : size, heading || e->alert);
        if (heading)
            y += 6 * k_gap * f->s;
        paint_colour(cr, e->active ? PAINT_INK : PAINT_MUTED, 1);
        int lines = paint_wrap_text(cr, heading ? x + 10 * f->s : text_x, y + 0.35 * size * f->s,
                              heading ? f->legend_w - 20 * f->s : text_w, line_h, e->text, draw);
        if (draw)
            legend_sample(cr, f, e, x + 10 * f->s, y);
        y += lines * line_h + 9 * k_gap * f->s;
    }
    return y;
}

/* The key, in the largest text size (13 down to 10) that fits the panel
 * from the top of the plot to the bottom of the image. */
static void draw_legend(cairo_t *cr, const chart_data *d, const frame *f)
{
    chart_legend_entry entries[CHART_LEGEND_MAX];
    int count = chart_legend(d, entries);
    double bottom = f->h - 8 * f->s, size = 13;
    while (size > 10 && legend_pass(cr, f, entries, count, size, false) > bottom)
        size -= 0.5;
    double end = legend_pass(cr, f, entries, count, size, false);
    paint_colour(cr, PAINT_PANEL, 1);
    cairo_rectangle(cr, f->legend_x, f->y0 - 6 * f->s, f->legend_w,
                    fmax(f->y1, end) - f->y0 + 12 * f->s);
    cairo_fill(cr);
    legend_pass(cr, f, entries, count, size, true);
}

void chart_draw(cairo_t *cr, const chart_data *d)
{
    frame f;
    memset(&f, 0, sizeof f);
    layout(cr, d, &f);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    draw_header(cr, d, &f);
    draw_grid(cr, d, &f);
    centre_and_limits(cr, d, &f);
    draw_events(cr, d, &f);
    draw_values(cr, d, &f);
    draw_axes(cr, d, &f);
    draw_legend(cr, d, &f);
}
