/* spc.h -- statistical process control: run charts and XmR charts.
 *
 * Pure C (libc + libm only: no cairo, no SQLite, no I/O). Given a series of
 * values in time order -- one per period, some of them missing -- it works
 * out the numbers an analyst reads off a chart: the centre line, the process
 * limits, which points signal and why. chart.h draws them; the report tool
 * prints them.
 *
 * Two charts, two rule books (the conventions and their sources are written
 * out at the top of spc.c; tests/report/test_spc.c checks each at its
 * boundary):
 *
 *   run chart (IHI; Perla, Provost & Murray 2011)
 *     centre line  median of the non-missing values
 *     RUN_SHIFT        6 or more consecutive points on one side of the median
 *     RUN_TREND        5 or more consecutive points all rising or all falling
 *     RUN_ASTRONOMICAL a blatantly different point (rule stated in spc.c)
 *     too few / too many runs: a property of the whole chart (run_result)
 *
 *   XmR chart (NHS England / NHS Improvement, "Making Data Count")
 *     centre line  mean of the segment's non-missing values
 *     limits       mean +/- 2.66 x mean moving range (MR-bar)
 *     SPC_OUTSIDE_LIMITS  a point strictly beyond a process limit
 *     SPC_SHIFT           7 or more consecutive points on one side of the mean
 *     SPC_TREND           7 or more consecutive points all rising or falling
 *     SPC_TWO_OF_THREE    2 of 3 consecutive points beyond 2/3 of the way
 *                         to a limit, on the same side
 *     trial limits        a segment with fewer than 12 values
 *
 * Missing points (suppressed cells, periods without data) are gaps: they
 * neither count towards nor break a shift or a trend -- the rules look at
 * the sequence of values that exist -- but a gap does break a moving range
 * (the point after a gap has no moving range: it would span two periods).
 *
 * Every point that belongs to a signalling run is flagged, not only the
 * point that completes it, so a chart can colour the whole run (points on
 * the centre line inside a shift are not flagged: they are not part of it).
 *
 * Ownership: spc_xmr() and spc_run_chart() fill a caller-owned result whose
 * arrays they allocate; spc_xmr_free() / run_result_free() release them
 * (both accept a zeroed or already-freed result, and NULL). Input arrays are
 * borrowed for the duration of the call only.
 */
#ifndef SR_SPC_H
#define SR_SPC_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"

/* Largest series either function accepts (ten years of weeks, with room). */
#define SPC_MAX_POINTS 4096
/* Fewer values than this in a segment: its limits are "trial limits". */
#define SPC_MIN_BASELINE 12
/* Process limits sit this many mean moving ranges from the mean
 * (3 / d2 with d2 = 1.128 for ranges of two). */
#define SPC_LIMIT_FACTOR 2.66
/* Run-chart shift and trend lengths; XmR shift and trend length. */
#define RUN_SHIFT_LENGTH 6
#define RUN_TREND_LENGTH 5
#define SPC_RUN_LENGTH 7
/* The runs table covers this many useful observations (points not on the
 * median); outside it, runs are not judged (run_result.runs_judged false). */
#define RUN_TABLE_MIN 10
#define RUN_TABLE_MAX 60

/* One period's value. missing: suppressed or no data -- drawn as a gap. */
typedef struct spc_point {
    double value;   /* ignored when missing */
    bool missing;
} spc_point;

/* Why a point signals: bit flags, a point may carry several. */
typedef enum spc_signal {
    SPC_NONE = 0,
    SPC_OUTSIDE_LIMITS = 1 << 0,  /* XmR: beyond a process limit */
    SPC_SHIFT = 1 << 1,           /* XmR: part of 7+ on one side of the mean */
    SPC_TREND = 1 << 2,           /* XmR: part of 7+ rising or falling */
    SPC_TWO_OF_THREE = 1 << 3,    /* XmR: one of 2-of-3 beyond 2/3 to a limit */
    RUN_SHIFT = 1 << 4,           /* run chart: part of 6+ on one side of the median */
    RUN_TREND = 1 << 5,           /* run chart: part of 5+ rising or falling */
    RUN_ASTRONOMICAL = 1 << 6     /* run chart: a blatantly different point */
} spc_signal;

/* Which way a flagged point lies (for the 2-of-3 and shift rules, and to let
 * a chart say "above"/"below"); SPC_SIDE_NONE for points on the line. */
typedef enum spc_side { SPC_SIDE_BELOW = -1, SPC_SIDE_NONE = 0, SPC_SIDE_ABOVE = 1 } spc_side;

/* ---- XmR ---------------------------------------------------------------- */

/* The limits of one baseline segment: points [first, first + count). */
typedef struct spc_segment {
    int first;               /* index of the segment's first point */
    int count;               /* points in the segment, missing ones included */
    int n_values;            /* non-missing points */
    int n_moving_ranges;     /* moving ranges that went into mean_moving_range */
    bool has_limits;         /* false when n_moving_ranges == 0: no MR-bar, so
                              * no limits and no signals in this segment */
    bool trial;              /* n_values < SPC_MIN_BASELINE: trial limits */
    double mean;             /* centre line (valid if n_values > 0) */
    double mean_moving_range;/* MR-bar (valid if has_limits) */
    double upper, lower;     /* mean +/- 2.66 x MR-bar (lower is not clipped) */
    double upper_inner, lower_inner; /* mean +/- 2/3 of the way to a limit */
} spc_segment;

typedef struct spc_xmr_point {
    int segment;             /* index into spc_result.segments */
    bool has_moving_range;   /* false for a segment's first value, a missing
                              * point and the first value after a gap */
    double moving_range;     /* |x[i] - x[i-1]| when has_moving_range */
    unsigned signals;        /* spc_signal flags (SPC_* only) */
    spc_side side;           /* above/below the mean; NONE if on it or missing */
} spc_xmr_point;

typedef struct spc_result {
    int n;                   /* == the input n */
    spc_xmr_point *points;   /* n entries (owned) */
    int n_segments;
    spc_segment *segments;   /* n_segments entries (owned) */
    unsigned any_signals;    /* OR of every point's signals */
} spc_result;

/* Computes an XmR chart of points[0..n). rebaseline_at lists the indices at
 * which a new segment (with its own mean and limits) starts, e.g. the point
 * after an intervention; it may be NULL when n_rebaseline is 0. Indices are
 * 1..n-1, strictly increasing; 0 and duplicates are tolerated (ignored),
 * anything else is SR_E_INVALID. Moving ranges never cross a segment start.
 * Rules run within one segment: a shift does not continue into the next.
 *
 * Returns SR_OK and fills *out (free with spc_xmr_free), SR_E_INVALID for
 * n < 1, n > SPC_MAX_POINTS, a non-finite value or bad rebaseline indices
 * (*out zeroed), SR_E_NOMEM (*out zeroed). */
sr_status spc_xmr(const spc_point *points, int n, const int *rebaseline_at,
                  int n_rebaseline, spc_result *out);
void spc_xmr_free(spc_result *result);

/* ---- run chart ------------------------------------------------------------ */

typedef struct run_point {
    unsigned signals;        /* spc_signal flags (RUN_* only) */
    spc_side side;           /* above/below the median; NONE if on it or missing */
} run_point;

typedef struct run_result {
    int n;                   /* == the input n */
    run_point *points;       /* n entries (owned) */
    int n_values;            /* non-missing points */
    double median;           /* valid if n_values > 0 */
    int useful;              /* values not on the median */
    int runs;                /* runs among the useful values (0 if useful == 0) */
    bool runs_judged;        /* useful within RUN_TABLE_MIN..RUN_TABLE_MAX */
    int runs_lower, runs_upper; /* table limits: fewer than lower or more than
                              * upper runs signals (0, 0 when not judged) */
    bool too_few_runs, too_many_runs;
    unsigned any_signals;    /* OR of every point's signals */
} run_result;

/* Computes a run chart of points[0..n). Same input rules and error codes as
 * spc_xmr(). Fills *out (free with run_result_free). */
sr_status spc_run_chart(const spc_point *points, int n, run_result *out);
void run_result_free(run_result *result);

/* ---- naming ---------------------------------------------------------------- */

/* A short stable name for one flag ("outside-limits", "shift", "trend",
 * "two-of-three", "run-shift", "run-trend", "astronomical"), for CSV/JSON.
 * NULL for SPC_NONE or a value that is not a single known flag. */
const char *spc_signal_name(spc_signal signal);
/* A legend label for one flag ("Point outside the process limits", ...).
 * NULL as above. */
const char *spc_signal_label(spc_signal signal);
/* Writes the names of every flag in `signals` joined by `sep` (e.g. ";")
 * into buf (always NUL-terminated when size > 0; "" for none). Returns the
 * length it needed, like snprintf. */
size_t spc_signals_format(unsigned signals, const char *sep, char *buf, size_t size);

#endif
