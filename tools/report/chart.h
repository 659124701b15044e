/* chart.h -- draws run charts and XmR charts as SVG or PNG (cairo), and
 * writes the numbers behind them as CSV or JSON.
 *
 * The caller describes one series (labels, values, gaps, interventions);
 * this module runs spc.h's rules on it and draws: the values as a line
 * (broken at gaps, which show as hatched bands), the centre line (median
 * or mean), for XmR the process limits per segment (dashed; dotted while
 * "trial limits"), every signalling point with its own colour AND marker
 * shape (Okabe-Ito colour-blind-safe palette; trends also as a band along
 * the line), a key listing every rule the chart checks (found or "none"),
 * and each intervention as a labelled vertical line. An intervention with
 * rebaseline = true starts a new XmR segment: mean and limits are
 * recalculated from that point on (run charts only draw the line).
 *
 * SVG text is drawn as outlines by cairo, so the SVG also carries a <title>
 * and a <desc> holding the key and the intervention labels as text.
 *
 * LeakSanitizer: cairo's font lookup leaves fontconfig caches allocated
 * until exit; chart.c defines __lsan_default_suppressions() to ignore
 * fontconfig's own allocations, so a program linking it must not define
 * that hook again.
 *
 * The numbers written by chart_write_numbers() are exactly the ones drawn
 * (same spc_* call), so a reader can check a chart against its data.
 *
 * Ownership: everything in chart_input is borrowed for the call. Files are
 * written to the given path (replaced if present); on failure a message
 * naming the path and the reason is left in err (if err_size > 0).
 */
#ifndef SR_CHART_H
#define SR_CHART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/status.h"
#include "report/spc.h"

#define CHART_DEFAULT_WIDTH 1200
#define CHART_DEFAULT_HEIGHT 700
#define CHART_MIN_WIDTH 480
#define CHART_MIN_HEIGHT 320
#define CHART_MAX_SIDE 8000

/* An intervention ("yoga sessions started"), drawn as a labelled vertical
 * line just before point `index` (0..n; n = after the last point). With
 * rebaseline, an XmR chart recalculates its limits from point `index`
 * (ignored for index 0 or n, and on run charts). */
typedef struct chart_event {
    int index;
    const char *label;       /* short; drawn next to the line; NULL = none */
    bool rebaseline;
} chart_event;

typedef struct chart_input {
    const char *title;             /* required */
    const char *subtitle;          /* e.g. "Ward 7, nursing, weekly"; may be NULL */
    const char *y_label;           /* e.g. "Mean score (1-5)"; may be NULL */
    const char *const *x_labels;   /* n labels, e.g. "2026-W47"; may be NULL
                                    * (then 1..n); long series show every k-th */
    const spc_point *points;       /* n values in time order; missing = gap */
    int n;                         /* 1..SPC_MAX_POINTS */
    const chart_event *events;     /* may be NULL when n_events is 0 */
    int n_events;
    int width, height;             /* pixels (SVG: points); 0 = defaults */
} chart_input;

typedef enum chart_kind { CHART_RUN, CHART_XMR } chart_kind;
typedef enum chart_format { CHART_SVG, CHART_PNG } chart_format;
typedef enum chart_numbers_format { CHART_NUMBERS_CSV, CHART_NUMBERS_JSON } chart_numbers_format;

/* Draws the chart into the file at path.
 * Returns SR_OK; SR_E_INVALID for bad input (no title, n out of range, an
 * event index outside 0..n, a non-finite value, size out of range); SR_E_IO
 * when the file cannot be written; SR_E_NOMEM. */
sr_status chart_render(const chart_input *in, chart_kind kind, chart_format format,
                       const char *path, char *err, size_t err_size);

/* Writes the numbers behind the chart to out (not closed).
 *
 * CSV: a header row, then one row per point:
 *   run: index,label,value,missing,median,side,signals,runs,runs_lower,runs_upper,runs_signal
 *   xmr: index,label,value,missing,segment,trial,mean,mean_moving_range,
 *        moving_range,lower_limit,upper_limit,lower_inner,upper_inner,side,
 *        signals
 *   (side is above/below/on the centre line, empty for a gap; rows end in
 *   CRLF as RFC 4180 says;
 *   missing values and undefined numbers are empty cells; signals are
 *   spc_signal_name()s joined by ';'; chart-level run counts repeat on
 *   every row so each row stands alone).
 * JSON: {"kind":"run"|"xmr", "points":[...same fields...], "segments":[...]
 *   (xmr) or "runs":{...} (run), "events":[{"index","label","rebaseline"}]}.
 * Returns SR_OK, SR_E_INVALID as chart_render, SR_E_IO, SR_E_NOMEM. */
sr_status chart_write_numbers(const chart_input *in, chart_kind kind,
                              chart_numbers_format format, FILE *out,
                              char *err, size_t err_size);

#endif
