/* chart_paint.h -- (internal to chart*.c) the drawing primitives of the
 * charts: the palette, the page frame (plot area and value scale), text,
 * lines, and the signal markers.
 *
 * Accessibility: signal colours are the Okabe-Ito colour-blind-safe
 * palette, and each signal also has its own shape (diamond, triangle,
 * square, band along the line), so a chart still reads in greyscale.
 * Text uses DejaVu Sans (Debian package fonts-dejavu-core).
 */
#ifndef SR_CHART_PAINT_H
#define SR_CHART_PAINT_H

#include <cairo.h>
#include <stdbool.h>

#include "report/spc.h"

#define PAINT_FONT "DejaVu Sans"
#define PAINT_PI 3.14159265358979323846

typedef struct rgb {
    double r, g, b;
} rgb;

extern const rgb PAINT_INK, PAINT_MUTED, PAINT_GRID, PAINT_VALUE_LINE, PAINT_COMMON,
    PAINT_LIMIT, PAINT_GAP_FILL, PAINT_GAP_HATCH, PAINT_PANEL;
extern const rgb PAINT_VERMILLION, PAINT_PURPLE, PAINT_BLUE, PAINT_GREEN; /* Okabe-Ito */

/* Where things go on the page; filled by chart_draw.c's layout. */
typedef struct frame {
    double s;                     /* scale: 1 at 1200 x 700 */
    double w, h;
    double x0, x1, y0, y1;        /* plot area */
    double step;                  /* pixels per period */
    double vmin, vmax, tick;      /* value axis */
    int tick_decimals;
    int label_every;
    bool label_rotated;
    double band_y, row_h;         /* intervention label band */
    double legend_x, legend_w;
} frame;

double frame_x(const frame *f, int i);        /* centre of period i */
double frame_y(const frame *f, double value);

void paint_colour(cairo_t *cr, rgb c, double alpha);
void paint_font(cairo_t *cr, const frame *f, double size, bool bold); /* size at scale 1 */
double paint_text_width(cairo_t *cr, const char *text);
void paint_text_at(cairo_t *cr, double x, double y, const char *text);
void paint_line(cairo_t *cr, double xa, double ya, double xb, double yb);
void paint_dash(cairo_t *cr, const frame *f, double on, double off); /* on 0: solid */

/* Word-wraps text (at most 200 bytes) to lines no wider than width, one
 * every line_h from baseline y; paints them when draw. Returns the lines. */
int paint_wrap_text(cairo_t *cr, double x, double y, double width, double line_h,
                    const char *text, bool draw);

/* The marker a point with these signals shows: its strongest rule (outside
 * the limits > 2 of 3 > shift > trend), SPC_NONE for common cause. */
spc_signal paint_marker_signal(unsigned signals);
rgb paint_signal_colour(spc_signal signal);
void paint_marker(cairo_t *cr, const frame *f, spc_signal signal, double x, double y,
                  double alpha);
/* A trend is a translucent band along the value line between two points. */
void paint_trend_band(cairo_t *cr, const frame *f, double xa, double ya, double xb, double yb,
                      double alpha);
/* A suppressed or missing period: a light hatched rectangle. */
void paint_gap_band(cairo_t *cr, const frame *f, double xa, double ya, double xb, double yb);

#endif
