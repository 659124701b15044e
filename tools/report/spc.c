/* spc.c -- the rule books of run charts and XmR charts.
 *
 * Pure arithmetic over an array of values: no I/O, no drawing. Each rule is
 * one small function over the sequence of non-missing values, so the
 * conventions below live in exactly one place and both charts share them.
 *
 * Conventions (the tests in tests/report/test_spc.c pin each one down):
 *
 *  1. Gaps. A missing point (suppressed small cell, or no data) is skipped:
 *     the rules see the sequence of values that exist, so a gap neither
 *     counts towards nor breaks a shift, a trend, a 2-of-3 window or a run.
 *     A suppressed week is a hole in what we may show, not evidence that the
 *     process changed. A gap DOES break a moving range: the point after a
 *     gap has none, because |x[i] - x[i-2]| spans two periods and would
 *     overstate routine variation (NHSRplotthedots computes moving ranges
 *     the same way: a missing value makes the ranges on both sides NA).
 *
 *  2. Points on the centre line (median or mean) neither count towards nor
 *     break a shift, and are not part of any run (IHI: Perla, Provost &
 *     Murray, "The run chart", BMJ Qual Saf 2011;20:46-51). We apply the
 *     same to the XmR mean so the two charts agree; NHSRplotthedots instead
 *     lets a point exactly on the mean break the run -- with a mean of real
 *     data that is a rare event either way.
 *
 *  3. Trends. A trend counts points each higher (or each lower) than the
 *     one before. Equal consecutive values neither add to nor break a trend
 *     (IHI, ibid.: of two or more equal points in a row only the first
 *     counts; NHS Improvement, "A guide to creating and interpreting run
 *     and control charts", 2017, p24, as cited in NHSRplotthedots PR #24).
 *     So 1,2,2,3,4,5 is a trend of five (2 counts once), and the repeated
 *     point is still flagged as part of it. Both charts use this.
 *
 *  4. Outside the limits means strictly beyond: a point exactly on a process
 *     limit does not signal (NHSRplotthedots: y > upl | y < lpl). Equal
 *     means equal within 1e-9 of the magnitude involved, so a value that
 *     is on a line in decimal arithmetic stays on it after binary rounding.
 *
 *  5. 2 of 3: three consecutive values all on the same side of the mean, at
 *     least two of them beyond 2/3 of the way to that side's limit (points
 *     beyond the limit count too). Only the points beyond 2/3 are flagged.
 *     This is the Making Data Count single-chart tool's logic since its
 *     2023 change (NHSRplotthedots issue #194, from the MDC team): a third
 *     point on the other side of the mean means no signal.
 *
 *  6. XmR limits: mean of the segment's values +/- 2.66 x the mean of its
 *     moving ranges, no outlier screening (as the MDC Excel tools; see
 *     NHSRplotthedots vignette "Deviations from Excel defaults"). Fewer
 *     than 12 values: "trial limits". A rebaseline starts a new segment with
 *     its own mean and limits; no moving range and no rule crosses it.
 *     The lower limit is not clipped at zero: the caller knows the scale.
 *
 *  7. Runs. A run is a maximal sequence of useful observations (values not
 *     on the median) on one side of it; runs = crossings + 1. Too few/too
 *     many is judged with a table for 10..60 useful observations (below);
 *     outside that range the chart says "not judged" rather than guess.
 *
 *  8. Astronomical point. IHI defines it by judgement (a blatantly
 *     different value that everyone studying the chart would agree is
 *     unusual), which software cannot make. We use the Making Data Count
 *     stand-in: a value strictly beyond mean +/- 2.66 x MR-bar of the whole
 *     series (the MDC team calls a point beyond the process limits the
 *     "astronomical point" rule, NHSRplotthedots issue #194).
 *     Limitation: with a sustained shift in the data MR-bar stays small and
 *     the rule may flag points a reader would call part of the shift, and a
 *     point a reader finds blatant may sit inside these limits.
 */
#include "report/spc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The runs table: for k useful observations (k = 10..60), fewer than
 * lower or more than upper runs is a signal. Rows are the Swed & Eisenhart
 * (1943) two-sided 5% critical values for k/2 (rounded down) points on one
 * side of the median and the rest on the other: at most 2.5% of random
 * orderings fall in each tail. Perla, Provost & Murray's Table 1 is drawn
 * from the same Swed & Eisenhart tables. We computed these rows from the
 * exact distribution of the number of runs (test_spc.c recomputes it and
 * checks every row); they were not checked digit by digit against the
 * printed IHI table, which could differ by one in a row where it rounds a
 * tail probability the other way. */
static const unsigned char RUNS_TABLE[RUN_TABLE_MAX - RUN_TABLE_MIN + 1][2] = {
    {3, 9},   {4, 9},   {4, 10},  {4, 11},  {4, 12},  {5, 12},  {5, 13},  /* 10-16 */
    {6, 13},  {6, 14},  {6, 15},  {7, 15},  {7, 16},  {8, 16},  {8, 17},  /* 17-23 */
    {8, 18},  {9, 18},  {9, 19},  {10, 19}, {10, 20}, {10, 21}, {11, 21}, /* 24-30 */
    {11, 22}, {12, 22}, {12, 23}, {12, 24}, {13, 24}, {13, 25}, {14, 25}, /* 31-37 */
    {14, 26}, {14, 26}, {15, 27}, {15, 28}, {16, 28}, {16, 29}, {17, 29}, /* 38-44 */
    {17, 30}, {17, 31}, {18, 31}, {18, 32}, {19, 32}, {19, 33}, {20, 33}, /* 45-51 */
    {20, 34}, {20, 35}, {21, 35}, {21, 36}, {22, 36}, {22, 37}, {23, 37}, /* 52-58 */
    {23, 38}, {24, 38},                                                   /* 59-60 */
};

/* ---- comparisons ---------------------------------------------------------- */

static bool nearly_equal(double a, double b)
{
    double scale = fmax(1.0, fmax(fabs(a), fabs(b)));
    return fabs(a - b) <= 1e-9 * scale;
}

static spc_side side_of(double value, double line)
{
    if (nearly_equal(value, line))
        return SPC_SIDE_NONE;
    return value > line ? SPC_SIDE_ABOVE : SPC_SIDE_BELOW;
}

/* True if value lies strictly beyond `line` in the direction `side`. */
static bool beyond(double value, double line, spc_side side)
{
    return side_of(value, line) == side && side != SPC_SIDE_NONE;
}

/* ---- input ---------------------------------------------------------------- */

/* Working arrays of one call, one entry per point (heap, not stack: a
 * series may hold SPC_MAX_POINTS points). */
typedef struct scratch {
    int *idx;              /* indices of non-missing points */
    spc_side *side;
    unsigned *signals;
    double *values;        /* sorted copy, for the median */
} scratch;

static bool scratch_alloc(scratch *w, int n)
{
    w->idx = malloc((size_t)n * sizeof *w->idx);
    w->side = calloc((size_t)n, sizeof *w->side);
    w->signals = calloc((size_t)n, sizeof *w->signals);
    w->values = malloc((size_t)n * sizeof *w->values);
    return w->idx && w->side && w->signals && w->values;
}

static void scratch_free(scratch *w)
{
    free(w->idx);
    free(w->side);
    free(w->signals);
    free(w->values);
}

static sr_status check_points(const spc_point *points, int n)
{
    if (points == NULL || n < 1 || n > SPC_MAX_POINTS)
        return SR_E_INVALID;
    for (int i = 0; i < n; i++)
        if (!points[i].missing && !isfinite(points[i].value))
            return SR_E_INVALID;
    return SR_OK;
}

/* Writes the indices of non-missing points in [first, end) to idx; returns
 * how many. Every rule walks this list, which is how gaps are skipped. */
static int collect_values(const spc_point *points, int first, int end, int *idx)
{
    int count = 0;
    for (int i = first; i < end; i++)
        if (!points[i].missing)
            idx[count++] = i;
    return count;
}

/* ---- rules shared by both charts ----------------------------------------- */

/* Flags every point of each run of >= min_len same-side values. Points on
 * the line (SPC_SIDE_NONE) are passed over: they neither count nor break. */
static void flag_shifts(const int *idx, int count, const spc_side *side, int min_len,
                        unsigned flag, unsigned *signals)
{
    spc_side run_side = SPC_SIDE_NONE;
    int run_len = 0, run_start = 0;
    for (int k = 0; k <= count; k++) {
        spc_side s = k < count ? side[idx[k]] : SPC_SIDE_NONE;
        if (k < count && (s == SPC_SIDE_NONE || s == run_side)) {
            run_len += s == run_side && s != SPC_SIDE_NONE;
            continue;
        }
        if (run_side != SPC_SIDE_NONE && run_len >= min_len)
            for (int j = run_start; j < k; j++)
                if (side[idx[j]] == run_side)
                    signals[idx[j]] |= flag;
        run_side = s;
        run_len = 1;
        run_start = k;
    }
}

static int direction(double from, double to)
{
    if (nearly_equal(from, to))
        return 0;
    return to > from ? 1 : -1;
}

static void flag_span(const int *idx, int from, int to, unsigned flag, unsigned *signals)
{
    for (int j = from; j <= to; j++)
        signals[idx[j]] |= flag;
}

/* Flags every point of each run of >= min_len values all rising or all
 * falling. Equal neighbours are a plateau: it neither counts nor breaks the
 * run, and a run that turns at a plateau shares the whole plateau with the
 * next one. `len` counts distinct steps + 1, i.e. the points that count. */
static void flag_trends(const spc_point *points, const int *idx, int count, int min_len,
                        unsigned flag, unsigned *signals)
{
    int dir = 0, len = 1, start = 0, plateau = 0;
    for (int k = 1; k < count; k++) {
        int d = direction(points[idx[k - 1]].value, points[idx[k]].value);
        if (d == 0)
            continue;
        if (dir != 0 && d != dir) {
            if (len >= min_len)
                flag_span(idx, start, k - 1, flag, signals);
            start = plateau;
            len = 1;
        }
        dir = d;
        len++;
        plateau = k;
    }
    if (dir != 0 && len >= min_len)
        flag_span(idx, start, count - 1, flag, signals);
}

/* ---- XmR ------------------------------------------------------------------ */

/* Mean, moving ranges and limits of one segment [first, end). */
static void segment_limits(const spc_point *points, int first, int end, spc_xmr_point *out,
                           spc_segment *seg)
{
    double sum = 0.0, mr_sum = 0.0;
    int values = 0, ranges = 0;
    for (int i = first; i < end; i++) {
        if (points[i].missing)
            continue;
        sum += points[i].value;
        values++;
        if (i > first && !points[i - 1].missing) {
            out[i].has_moving_range = true;
            out[i].moving_range = fabs(points[i].value - points[i - 1].value);
            mr_sum += out[i].moving_range;
            ranges++;
        }
    }
    seg->first = first;
    seg->count = end - first;
    seg->n_values = values;
    seg->n_moving_ranges = ranges;
    seg->has_limits = ranges > 0;
    seg->trial = values < SPC_MIN_BASELINE;
    seg->mean = values > 0 ? sum / values : NAN;
    seg->mean_moving_range = ranges > 0 ? mr_sum / ranges : NAN;
    double reach = SPC_LIMIT_FACTOR * seg->mean_moving_range;
    seg->upper = seg->mean + reach;
    seg->lower = seg->mean - reach;
    seg->upper_inner = seg->mean + reach * 2.0 / 3.0;
    seg->lower_inner = seg->mean - reach * 2.0 / 3.0;
}

static bool beyond_inner(const spc_segment *seg, double value, spc_side side)
{
    return side == SPC_SIDE_ABOVE ? beyond(value, seg->upper_inner, side)
                                  : beyond(value, seg->lower_inner, side);
}

/* Limit rules of one segment: outside the limits, and 2 of 3 (convention 5). */
static void flag_limit_rules(const spc_point *points, const int *idx, int count,
                             const spc_segment *seg, const spc_side *side, unsigned *signals)
{
    for (int k = 0; k < count; k++) {
        double v = points[idx[k]].value;
        if (beyond(v, seg->upper, SPC_SIDE_ABOVE) || beyond(v, seg->lower, SPC_SIDE_BELOW))
            signals[idx[k]] |= SPC_OUTSIDE_LIMITS;
    }
    for (int k = 0; k + 2 < count; k++) {
        spc_side s = side[idx[k]];
        if (s == SPC_SIDE_NONE || side[idx[k + 1]] != s || side[idx[k + 2]] != s)
            continue;
        int far = 0;
        for (int j = k; j < k + 3; j++)
            far += beyond_inner(seg, points[idx[j]].value, s);
        if (far < 2)
            continue;
        for (int j = k; j < k + 3; j++)
            if (beyond_inner(seg, points[idx[j]].value, s))
                signals[idx[j]] |= SPC_TWO_OF_THREE;
    }
}

/* Turns rebaseline_at into segment start indices (starts[0] = 0). Returns
 * the number of segments, or -1 if an index is out of order or range. */
static int segment_starts(int n, const int *rebaseline_at, int n_rebaseline, int *starts)
{
    int count = 1;
    starts[0] = 0;
    if (n_rebaseline > 0 && rebaseline_at == NULL)
        return -1;
    for (int r = 0; r < n_rebaseline; r++) {
        int at = rebaseline_at[r];
        if (at == starts[count - 1])
            continue; /* 0 or a duplicate: no new segment */
        if (at < starts[count - 1] || at >= n)
            return -1;
        starts[count++] = at;
    }
    return count;
}

static void xmr_segment(const spc_point *points, scratch *w, spc_result *out, int s, int end)
{
    spc_segment *seg = &out->segments[s];
    const int *idx = w->idx;
    spc_side *side = w->side;
    unsigned *signals = w->signals;
    segment_limits(points, seg->first, end, out->points, seg);
    int count = collect_values(points, seg->first, end, w->idx);
    for (int i = seg->first; i < end; i++) {
        out->points[i].segment = s;
        side[i] = points[i].missing ? SPC_SIDE_NONE : side_of(points[i].value, seg->mean);
        out->points[i].side = side[i];
        signals[i] = 0;
    }
    flag_shifts(idx, count, side, SPC_RUN_LENGTH, SPC_SHIFT, signals);
    flag_trends(points, idx, count, SPC_RUN_LENGTH, SPC_TREND, signals);
    if (seg->has_limits)
        flag_limit_rules(points, idx, count, seg, side, signals);
    for (int i = seg->first; i < end; i++) {
        out->points[i].signals = signals[i];
        out->any_signals |= signals[i];
    }
}

sr_status spc_xmr(const spc_point *points, int n, const int *rebaseline_at,
                  int n_rebaseline, spc_result *out)
{
    scratch w = {0};
    int *starts = NULL;
    memset(out, 0, sizeof *out);
    sr_status st = check_points(points, n);
    if (st != SR_OK)
        return st;
    if (n_rebaseline < 0 || n_rebaseline > n)
        return SR_E_INVALID;
    starts = malloc(((size_t)n_rebaseline + 1) * sizeof *starts);
    if (!scratch_alloc(&w, n) || starts == NULL) {
        st = SR_E_NOMEM;
        goto fail;
    }
    int n_segments = segment_starts(n, rebaseline_at, n_rebaseline, starts);
    if (n_segments < 0) {
        st = SR_E_INVALID;
        goto fail;
    }
    out->points = calloc((size_t)n, sizeof *out->points);
    out->segments = calloc((size_t)n_segments, sizeof *out->segments);
    if (out->points == NULL || out->segments == NULL) {
        st = SR_E_NOMEM;
        goto fail;
    }
    out->n = n;
    out->n_segments = n_segments;
    for (int s = 0; s < n_segments; s++) {
        out->segments[s].first = starts[s];
        xmr_segment(points, &w, out, s, s + 1 < n_segments ? starts[s + 1] : n);
    }
    scratch_free(&w);
    free(starts);
    return SR_OK;
fail:
    scratch_free(&w);
    free(starts);
    spc_xmr_free(out);
    return st;
}

void spc_xmr_free(spc_result *result)
{
    if (result == NULL)
        return;
    free(result->points);
    free(result->segments);
    memset(result, 0, sizeof *result);
}

/* ---- run chart ------------------------------------------------------------ */

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median_of(const spc_point *points, const int *idx, int count, double *sorted)
{
    for (int k = 0; k < count; k++)
        sorted[k] = points[idx[k]].value;
    qsort(sorted, (size_t)count, sizeof *sorted, compare_doubles);
    if (count % 2 == 1)
        return sorted[count / 2];
    return (sorted[count / 2 - 1] + sorted[count / 2]) / 2.0;
}

/* Counts runs among useful observations and judges them against the table. */
static void count_runs(const int *idx, int count, const spc_side *side, run_result *out)
{
    spc_side last = SPC_SIDE_NONE;
    for (int k = 0; k < count; k++) {
        spc_side s = side[idx[k]];
        if (s == SPC_SIDE_NONE)
            continue;
        out->useful++;
        if (s != last)
            out->runs++;
        last = s;
    }
    out->runs_judged = out->useful >= RUN_TABLE_MIN && out->useful <= RUN_TABLE_MAX;
    if (!out->runs_judged)
        return;
    out->runs_lower = RUNS_TABLE[out->useful - RUN_TABLE_MIN][0];
    out->runs_upper = RUNS_TABLE[out->useful - RUN_TABLE_MIN][1];
    out->too_few_runs = out->runs < out->runs_lower;
    out->too_many_runs = out->runs > out->runs_upper;
}

/* Convention 8: the astronomical stand-in is the XmR outside-limits rule
 * over the whole series. */
static sr_status flag_astronomical(const spc_point *points, int n, unsigned *signals)
{
    spc_result xmr;
    sr_status st = spc_xmr(points, n, NULL, 0, &xmr);
    if (st != SR_OK)
        return st;
    for (int i = 0; i < n; i++)
        if (xmr.points[i].signals & SPC_OUTSIDE_LIMITS)
            signals[i] |= RUN_ASTRONOMICAL;
    spc_xmr_free(&xmr);
    return SR_OK;
}

sr_status spc_run_chart(const spc_point *points, int n, run_result *out)
{
    scratch w = {0};
    memset(out, 0, sizeof *out);
    sr_status st = check_points(points, n);
    if (st != SR_OK)
        return st;
    out->points = calloc((size_t)n, sizeof *out->points);
    if (!scratch_alloc(&w, n) || out->points == NULL) {
        st = SR_E_NOMEM;
        goto fail;
    }
    out->n = n;
    int count = collect_values(points, 0, n, w.idx);
    out->n_values = count;
    out->median = count > 0 ? median_of(points, w.idx, count, w.values) : NAN;
    for (int i = 0; i < n; i++)
        w.side[i] = points[i].missing ? SPC_SIDE_NONE : side_of(points[i].value, out->median);
    flag_shifts(w.idx, count, w.side, RUN_SHIFT_LENGTH, RUN_SHIFT, w.signals);
    flag_trends(points, w.idx, count, RUN_TREND_LENGTH, RUN_TREND, w.signals);
    count_runs(w.idx, count, w.side, out);
    st = flag_astronomical(points, n, w.signals);
    if (st != SR_OK)
        goto fail;
    for (int i = 0; i < n; i++) {
        out->points[i].side = w.side[i];
        out->points[i].signals = w.signals[i];
        out->any_signals |= w.signals[i];
    }
    scratch_free(&w);
    return SR_OK;
fail:
    scratch_free(&w);
    run_result_free(out);
    return st;
}

void run_result_free(run_result *result)
{
    if (result == NULL)
        return;
    free(result->points);
    memset(result, 0, sizeof *result);
}

/* ---- naming --------------------------------------------------------------- */

static const struct {
    spc_signal signal;
    const char *name;
    const char *label;
} SIGNAL_NAMES[] = {
    {SPC_OUTSIDE_LIMITS, "outside-limits", "Point beyond a process limit"},
    {SPC_SHIFT, "shift", "Shift: 7+ points on one side of the mean"},
    {SPC_TREND, "trend", "Trend: 7+ points rising or falling"},
    {SPC_TWO_OF_THREE, "two-of-three", "2 of 3 points beyond 2/3 of the way to a limit"},
    {RUN_SHIFT, "run-shift", "Shift: 6+ points on one side of the median"},
    {RUN_TREND, "run-trend", "Trend: 5+ points rising or falling"},
    {RUN_ASTRONOMICAL, "astronomical", "Astronomical point (beyond mean \xC2\xB1 2.66 \xC3\x97 MR-bar)"},
};
#define SIGNAL_NAME_COUNT (sizeof SIGNAL_NAMES / sizeof SIGNAL_NAMES[0])

const char *spc_signal_name(spc_signal signal)
{
    for (size_t k = 0; k < SIGNAL_NAME_COUNT; k++)
        if (SIGNAL_NAMES[k].signal == signal)
            return SIGNAL_NAMES[k].name;
    return NULL;
}

const char *spc_signal_label(spc_signal signal)
{
    for (size_t k = 0; k < SIGNAL_NAME_COUNT; k++)
        if (SIGNAL_NAMES[k].signal == signal)
            return SIGNAL_NAMES[k].label;
    return NULL;
}

size_t spc_signals_format(unsigned signals, const char *sep, char *buf, size_t size)
{
    size_t used = 0;
    if (size > 0)
        buf[0] = '\0';
    for (size_t k = 0; k < SIGNAL_NAME_COUNT; k++) {
        if (!(signals & (unsigned)SIGNAL_NAMES[k].signal))
            continue;
        const char *lead = used > 0 ? sep : "";
        int wrote = snprintf(used < size ? buf + used : NULL, used < size ? size - used : 0,
                             "%s%s", lead, SIGNAL_NAMES[k].name);
        used += wrote > 0 ? (size_t)wrote : 0;
    }
    return used;
}
