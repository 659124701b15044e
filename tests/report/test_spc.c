/* test_spc.c -- golden tests of the run-chart and XmR rules (report/spc.h).
 *
 * Every series here is small enough to work by hand, and the arithmetic is
 * written next to it. Each rule is checked on both sides of its boundary
 * (7 vs 6 points, 5 vs 4, ...), because an analyst who sees a signal that
 * the rule book says is not there -- or misses one that is -- will make the
 * wrong call about an intervention. Conventions tested here are the ones
 * written at the top of tools/report/spc.c.
 *
 * Flags are written as patterns: one character per point, 'x' = the point
 * carries the flag, '.' = it does not.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "report/spc.h"

#define GAP NAN
#define SERIES(...) (const double[]){__VA_ARGS__}, \
    (int)(sizeof((const double[]){__VA_ARGS__}) / sizeof(double))

/* cmocka here has only a float comparison; these numbers need doubles. */
#define assert_near(got, want) check_near((got), (want), #got, __LINE__)

static void check_near(double got, double want, const char *what, int line)
{
    if (!(fabs(got - want) <= 1e-9 * fmax(1.0, fabs(want))))
        fail_msg("line %d: %s = %.12g, expected %.12g", line, what, got, want);
}

/* 16 values alternating 9.5, 10.5: mean 10, 15 moving ranges of 1. */
#define BASE16 9.5, 10.5, 9.5, 10.5, 9.5, 10.5, 9.5, 10.5, \
               9.5, 10.5, 9.5, 10.5, 9.5, 10.5, 9.5, 10.5

static spc_point points[SPC_MAX_POINTS];

static const spc_point *to_points(const double *values, int n)
{
    assert_true(n <= SPC_MAX_POINTS);
    for (int i = 0; i < n; i++) {
        points[i].missing = isnan(values[i]);
        points[i].value = points[i].missing ? 0.0 : values[i];
    }
    return points;
}

static void xmr_of(const double *values, int n, const int *rebaseline, int n_rebaseline,
                   spc_result *r)
{
    assert_int_equal(spc_xmr(to_points(values, n), n, rebaseline, n_rebaseline, r), SR_OK);
    assert_int_equal(r->n, n);
}

static void run_of(const double *values, int n, run_result *r)
{
    assert_int_equal(spc_run_chart(to_points(values, n), n, r), SR_OK);
    assert_int_equal(r->n, n);
}

static void check_pattern(const char *what, const unsigned *signals, size_t stride, int n,
                          unsigned flag, const char *pattern)
{
    char got[SPC_MAX_POINTS + 1];
    assert_int_equal((int)strlen(pattern), n);
    for (int i = 0; i < n; i++) {
        unsigned s = *(const unsigned *)((const char *)signals + (size_t)i * stride);
        got[i] = (s & flag) ? 'x' : '.';
    }
    got[n] = '\0';
    if (strcmp(got, pattern) != 0)
        fail_msg("%s: expected %s, got %s", what, pattern, got);
}

static void xmr_flags(const spc_result *r, unsigned flag, const char *pattern)
{
    check_pattern(spc_signal_name((spc_signal)flag), &r->points[0].signals,
                  sizeof r->points[0], r->n, flag, pattern);
}

static void run_flags(const run_result *r, unsigned flag, const char *pattern)
{
    check_pattern(spc_signal_name((spc_signal)flag), &r->points[0].signals,
                  sizeof r->points[0], r->n, flag, pattern);
}

/* ---- XmR limits ------------------------------------------------------------ */

/* 5, 7, 6, 8, 4, 6:
 *   mean   = 36 / 6 = 6
 *   MRs    = 2, 1, 2, 4, 2 -> MR-bar = 11 / 5 = 2.2
 *   limits = 6 +/- 2.66 x 2.2 = 6 +/- 5.852 -> 0.148 .. 11.852
 *   inner  = 6 +/- 5.852 x 2/3 = 6 +/- 3.901333.. -> 2.098667 .. 9.901333
 *   6 values < 12: trial limits. */
static void test_xmr_limits_hand_computed(void **state)
{
    (void)state;
    spc_result r;
    xmr_of(SERIES(5, 7, 6, 8, 4, 6), NULL, 0, &r);
    assert_int_equal(r.n_segments, 1);
    const spc_segment *s = &r.segments[0];
    assert_int_equal(s->n_values, 6);
    assert_int_equal(s->n_moving_ranges, 5);
    assert_true(s->has_limits);
    assert_true(s->trial);
    assert_near(s->mean, 6.0);
    assert_near(s->mean_moving_range, 2.2);
    assert_near(s->upper, 11.852);
    assert_near(s->lower, 0.148);
    assert_near(s->upper_inner, 9.901333333333333);
    assert_near(s->lower_inner, 2.098666666666667);
    assert_false(r.points[0].has_moving_range);
    assert_true(r.points[4].has_moving_range);
    assert_near(r.points[4].moving_range, 4.0);
    assert_int_equal(r.points[0].side, SPC_SIDE_BELOW);
    assert_int_equal(r.points[5].side, SPC_SIDE_NONE); /* 6 is on the mean */
    assert_int_equal(r.any_signals, 0);
    spc_xmr_free(&r);

    /* on the line in decimals is on it despite binary rounding:
     * (0.1 + 0.2 + 0.3) / 3 is not exactly 0.2 in doubles */
    xmr_of(SERIES(0.1, 0.2, 0.3), NULL, 0, &r);
    assert_int_equal(r.points[1].side, SPC_SIDE_NONE);
    spc_xmr_free(&r);
}

/* Trial limits: 11 values -> trial, 12 -> not. A gap is a period without a
 * value, so 12 periods with one gap are still 11 values: trial. */
static void test_xmr_trial_limits_11_vs_12(void **state)
{
    (void)state;
    spc_result r;
    xmr_of(SERIES(9.5, 10.5, 9.5, 10.5, 9.5, 10.5, 9.5, 10.5, 9.5, 10.5, 9.5), NULL, 0, &r);
    assert_true(r.segments[0].trial);
    spc_xmr_free(&r);
    xmr_of(SERIES(9.5, 10.5, 9.5, 10.5, 9.5, 10.5, 9.5, 10.5, 9.5, 10.5, 9.5, 10.5), NULL, 0, &r);
    assert_false(r.segments[0].trial);
    assert_int_equal(r.segments[0].n_values, 12);
    spc_xmr_free(&r);
    xmr_of(SERIES(9.5, 10.5, 9.5, 10.5, 9.5, GAP, 9.5, 10.5, 9.5, 10.5, 9.5, 10.5), NULL, 0, &r);
    assert_true(r.segments[0].trial);
    assert_int_equal(r.segments[0].n_values, 11);
    spc_xmr_free(&r);
}

/* Exactly on the upper limit is not outside; a hair beyond is. The tested
 * point sits after a gap, so it has no moving range and MR-bar does not
 * depend on it:
 *   10, 12, 10, 12, gap, x      MRs 2, 2, 2 -> MR-bar 2 (x has none)
 *   x = 17.65: mean = 61.65 / 5 = 12.33, UPL = 12.33 + 5.32 = 17.65 -> on it
 *   x = 17.66: mean = 61.66 / 5 = 12.332, UPL = 17.652 -> beyond
 *   x = 17.64: mean = 12.328, UPL = 17.648 -> inside */
static void test_xmr_outside_means_strictly_beyond(void **state)
{
    (void)state;
    spc_result r;
    xmr_of(SERIES(10, 12, 10, 12, GAP, 17.65), NULL, 0, &r);
    assert_int_equal(r.segments[0].n_moving_ranges, 3);
    assert_false(r.points[5].has_moving_range); /* a gap breaks the pair */
    assert_false(r.points[4].has_moving_range);
    assert_near(r.segments[0].mean_moving_range, 2.0);
    assert_near(r.segments[0].upper, 17.65);
    xmr_flags(&r, SPC_OUTSIDE_LIMITS, "......");
    spc_xmr_free(&r);

    xmr_of(SERIES(10, 12, 10, 12, GAP, 17.66), NULL, 0, &r);
    assert_near(r.segments[0].upper, 17.652);
    xmr_flags(&r, SPC_OUTSIDE_LIMITS, ".....x");
    spc_xmr_free(&r);

    xmr_of(SERIES(10, 12, 10, 12, GAP, 17.64), NULL, 0, &r);
    xmr_flags(&r, SPC_OUTSIDE_LIMITS, "......");
    spc_xmr_free(&r);
}

/* ---- XmR shift: 7 on one side of the mean ------------------------------- */

/* 7 above, 7 below. Mean = (4x10.5 + 3x12.5 + 4x9.5 + 3x7.5) / 14 = 140/14
 * = 10. MRs: 6x2, |10.5-9.5| = 1, 6x2 -> 25/13 = 1.923, inner reach
 * 2/3 x 2.66 x 1.923 = 3.41 > 2.5, so no 2-of-3; alternating, so no trend. */
static void test_xmr_shift_7_fires(void **state)
{
    (void)state;
    spc_result r;
    xmr_of(SERIES(10.5, 12.5, 10.5, 12.5, 10.5, 12.5, 10.5,
                  9.5, 7.5, 9.5, 7.5, 9.5, 7.5, 9.5), NULL, 0, &r);
    assert_near(r.segments[0].mean, 10.0);
    xmr_flags(&r, SPC_SHIFT, "xxxxxxxxxxxxxx");
    assert_int_equal(r.any_signals, SPC_SHIFT);
    spc_xmr_free(&r);
}

/* 6 above, 6 below: mean = (3x10.5 + 3x12.5 + 3x9.5 + 3x7.5) / 12 = 10. */
static void test_xmr_shift_6_does_not_fire(void **state)
{
    (void)state;
    spc_result r;
    xmr_of(SERIES(10.5, 12.5, 10.5, 12.5, 10.5, 12.5,
                  9.5, 7.5, 9.5, 7.5, 9.5, 7.5), NULL, 0, &r);
    assert_near(r.segments[0].mean, 10.0);
    assert_int_equal(r.any_signals, 0);
    spc_xmr_free(&r);
}

/* A point exactly on the mean neither counts nor breaks (convention 2).
 * 7 above + one 10 + ... : mean = (79.5 + 20 + 60.5) / 16 = 10, so the two
 * 10s are on it; each side still has 7 -> shift, the 10s are not flagged.
 * With 6 on each side plus a 10: mean = (69 + 20 + 51) / 14 = 10 -> none. */
static void test_xmr_point_on_mean_neither_counts_nor_breaks(void **state)
{
    (void)state;
    spc_result r;
    xmr_of(SERIES(10.5, 12.5, 10.5, 10, 12.5, 10.5, 12.5, 10.5,
                  9.5, 7.5, 9.5, 10, 7.5, 9.5, 7.5, 9.5), NULL, 0, &r);
    assert_near(r.segments[0].mean, 10.0);
    assert_int_equal(r.points[3].side, SPC_SIDE_NONE);
    xmr_flags(&r, SPC_SHIFT, "xxx.xxxxxxx.xxxx");
    spc_xmr_free(&r);

    xmr_of(SERIES(10.5, 12.5, 10.5, 10, 12.5, 10.5, 12.5,
                  9.5, 7.5, 9.5, 10, 7.5, 9.5, 7.5), NULL, 0, &r);
    assert_near(r.segments[0].mean, 10.0);
    xmr_flags(&r, SPC_SHIFT, "..............");
    spc_xmr_free(&r);
}

/* A gap neither counts nor breaks: 7 above with a gap inside is a shift. */
static void test_xmr_gap_inside_a_shift(void **state)
{
    (void)state;
    spc_result r;
    xmr_of(SERIES(10.5, 12.5, 10.5, GAP, 12.5, 10.5, 12.5, 10.5,
                  9.5, 7.5, 9.5, 7.5, 9.5, 7.5, 9.5), NULL, 0, &r);
    assert_near(r.segments[0].mean, 10.0);
    xmr_flags(&r, SPC_SHIFT, "xxx.xxxxxxxxxxx");
    assert_int_equal(r.points[3].signals, 0);
    assert_int_equal(r.points[3].side, SPC_SIDE_NONE);
    spc_xmr_free(&r);
}

/* ---- XmR trend: 7 rising or falling --------------------------------------- */

static void test_xmr_trend_7_vs_6(void **state)
{
    (void)state;
    spc_result r;
    xmr_of(SERIES(4, 1, 2, 3, 4, 5, 6, 7, 4), NULL, 0, &r);
    xmr_flags(&r, SPC_TREND, ".xxxxxxx.");
    spc_xmr_free(&r);
    xmr_of(SERIES(4, 1, 2, 3, 4, 5, 6, 3), NULL, 0, &r);
    xmr_flags(&r, SPC_TREND, "........");
    spc_xmr_free(&r);
    /* falling works the same way */
    xmr_of(SERIES(4, 7, 6, 5, 4, 3, 2, 1, 4), NULL, 0, &r);
    xmr_flags(&r, SPC_TREND, ".xxxxxxx.");
    spc_xmr_free(&r);
}

/* A tie neither counts nor breaks (convention 3): 1,2,3,3,4,5,6 is six
 * rising points -> no trend; 1,2,3,3,4,5,6,7 is seven -> trend, and the
 * repeated 3 is flagged with it. Were ties to break, neither would fire. */
static void test_xmr_trend_tie_neither_counts_nor_breaks(void **state)
{
    (void)state;
    spc_result r;
    xmr_of(SERIES(4, 1, 2, 3, 3, 4, 5, 6, 3), NULL, 0, &r);
    xmr_flags(&r, SPC_TREND, ".........");
    spc_xmr_free(&r);
    xmr_of(SERIES(4, 1, 2, 3, 3, 4, 5, 6, 7, 3), NULL, 0, &r);
    xmr_flags(&r, SPC_TREND, ".xxxxxxxx.");
    spc_xmr_free(&r);
    /* and across a gap */
    xmr_of(SERIES(4, 1, 2, GAP, 3, 4, 5, 6, 7, 4), NULL, 0, &r);
    xmr_flags(&r, SPC_TREND, ".xx.xxxxx.");
    spc_xmr_free(&r);
}

/* ---- XmR 2 of 3 beyond 2/3 of the way to a limit ------------------------ */

/* BASE16 then 13.5, 10.5, 13.5, 11.5, 9.5, 6.5, 8.5 (23 values):
 *   sum  = 160 + 73.5 = 233.5 -> mean = 10.152174
 *   MRs  = 15 x 1 + (3, 3, 3, 2, 2, 3, 2) = 33 over 22 -> MR-bar = 1.5
 *   reach = 2.66 x 1.5 = 3.99: UPL 14.142174, upper inner 12.812174,
 *   lower inner 7.492174, LPL 6.162174
 * 13.5, 10.5, 13.5: all above the mean, two beyond 12.81 -> both 13.5s
 * flagged, not the 10.5 between them. 9.5, 6.5, 8.5 are all below the
 * mean but only 6.5 is beyond the lower inner threshold: one of three,
 * nothing. */
static void test_xmr_two_of_three_fires(void **state)
{
    (void)state;
    spc_result r;
    xmr_of(SERIES(BASE16, 13.5, 10.5, 13.5, 11.5, 9.5, 6.5, 8.5), NULL, 0, &r);
    assert_near(r.segments[0].mean, 233.5 / 23.0);
    assert_near(r.segments[0].mean_moving_range, 1.5);
    assert_near(r.segments[0].upper_inner, 233.5 / 23.0 + 2.66);
    xmr_flags(&r, SPC_TWO_OF_THREE, "................x.x....");
    assert_int_equal(r.any_signals, SPC_TWO_OF_THREE);
    spc_xmr_free(&r);
}

/* Same mean and MR-bar (tail 8, 13.5, 13.5, 8, 10.5, 9.5, 10.5 also sums to
 * 73.5 with MRs 2.5, 5.5, 0, 5.5, 2.5, 1, 1 = 18): the two 13.5s are
 * beyond the inner threshold but each window holding both also holds an 8,
 * below the mean -> no signal (MDC: all three on the same side). */
static void test_xmr_two_of_three_third_point_other_side(void **state)
{
    (void)state;
    spc_result r;
    xmr_of(SERIES(BASE16, 8, 13.5, 13.5, 8, 10.5, 9.5, 10.5), NULL, 0, &r);
    assert_near(r.segments[0].mean_moving_range, 1.5);
    assert_int_equal(r.points[16].side, SPC_SIDE_BELOW);
    assert_int_equal(r.any_signals, 0);
    spc_xmr_free(&r);
}

/* A point beyond the limit counts towards 2 of 3 (MDC since 2023).
 * Tail 13.5, 10.5, 15.5, 9.5, 10.5, 9.5, 4.5: MRs 3,3,5,6,1,1,5 -> 39/22
 * = 1.772727, reach 4.715455: UPL 14.867628 (15.5 beyond), upper inner
 * 13.295810 (13.5 beyond), LPL 5.436719 (4.5 beyond, alone). */
static void test_xmr_two_of_three_counts_points_beyond_the_limit(void **state)
{
    (void)state;
    spc_result r;
    xmr_of(SERIES(BASE16, 13.5, 10.5, 15.5, 9.5, 10.5, 9.5, 4.5), NULL, 0, &r);
    assert_near(r.segments[0].upper, 233.5 / 23.0 + 2.66 * 39.0 / 22.0);
    xmr_flags(&r, SPC_TWO_OF_THREE, "................x.x....");
    xmr_flags(&r, SPC_OUTSIDE_LIMITS, "..................x...x");
    spc_xmr_free(&r);
}

/* ---- rebaselining -------------------------------------------------------- */

/* 12 values around 10 then 12 around 20 (each alternating +/-0.5).
 * One segment: mean 15, MRs 22 x 1 and the jump |10.5 - 19.5| = 9 ->
 * MR-bar 31/23 = 1.3478, limits 15 +/- 3.585 = 11.415 .. 18.585: every
 * point is outside. Rebaselined at 12: two segments, each mean 10 /
 * 20 with 11 moving ranges of 1 (the jump is not a moving range), 12
 * values (not trial), limits 12.66 / 7.34 and 22.66 / 17.34: no signal. */
static void test_xmr_rebaseline_recomputes_limits(void **state)
{
    (void)state;
    spc_result r;
    double v[24];
    for (int i = 0; i < 24; i++)
        v[i] = (i < 12 ? 10.0 : 20.0) + (i % 2 ? 0.5 : -0.5);
    xmr_of(v, 24, NULL, 0, &r);
    assert_near(r.segments[0].mean, 15.0);
    assert_near(r.segments[0].mean_moving_range, 31.0 / 23.0);
    xmr_flags(&r, SPC_OUTSIDE_LIMITS, "xxxxxxxxxxxxxxxxxxxxxxxx");
    spc_xmr_free(&r);

    const int at[] = {12};
    xmr_of(v, 24, at, 1, &r);
    assert_int_equal(r.n_segments, 2);
    for (int s = 0; s < 2; s++) {
        const spc_segment *seg = &r.segments[s];
        assert_int_equal(seg->first, 12 * s);
        assert_int_equal(seg->count, 12);
        assert_int_equal(seg->n_moving_ranges, 11);
        assert_false(seg->trial);
        assert_near(seg->mean, 10.0 + 10.0 * s);
        assert_near(seg->mean_moving_range, 1.0);
        assert_near(seg->upper, 12.66 + 10.0 * s);
        assert_near(seg->lower, 7.34 + 10.0 * s);
    }
    assert_false(r.points[12].has_moving_range);
    assert_int_equal(r.points[11].segment, 0);
    assert_int_equal(r.points[12].segment, 1);
    assert_int_equal(r.any_signals, 0);
    spc_xmr_free(&r);

    /* later rebaseline: the last segment has 11 values -> trial */
    const int late[] = {0, 13, 13};   /* 0 and the duplicate are ignored */
    xmr_of(v, 24, late, 3, &r);
    assert_int_equal(r.n_segments, 2);
    assert_false(r.segments[0].trial);
    assert_true(r.segments[1].trial);
    spc_xmr_free(&r);
}

/* A shift does not run across a rebaseline.
 *   8,9,8,9,12,13,12,13 | 12,13,12,8,9,8,9
 * As one segment: mean 155/15 = 10.33 and 12,13,12,13,12,13,12 are seven
 * above it -> shift. Rebaselined at 8: the first segment's mean is 84/8 =
 * 10.5 (four above it at its end), the second's 71/7 = 10.14 (three above
 * it at its start): 4 + 3 do not make 7 across the line. */
static void test_xmr_rules_stay_inside_a_segment(void **state)
{
    (void)state;
    spc_result r;
    xmr_of(SERIES(8, 9, 8, 9, 12, 13, 12, 13, 12, 13, 12, 8, 9, 8, 9), NULL, 0, &r);
    xmr_flags(&r, SPC_SHIFT, "....xxxxxxx....");
    spc_xmr_free(&r);
    const int at[] = {8};
    xmr_of(SERIES(8, 9, 8, 9, 12, 13, 12, 13, 12, 13, 12, 8, 9, 8, 9), at, 1, &r);
    assert_near(r.segments[0].mean, 10.5);
    assert_near(r.segments[1].mean, 71.0 / 7.0);
    assert_int_equal(r.points[8].side, SPC_SIDE_ABOVE);
    xmr_flags(&r, SPC_SHIFT, "...............");
    spc_xmr_free(&r);
}

/* ---- run chart ----------------------------------------------------------- */

/* 6 below then 6 above the median (sorted 1,1,1,2,2,2,5,5,5,6,6,6 ->
 * median 3.5): both are shifts. 5 and 5: none. */
static void test_run_shift_6_vs_5(void **state)
{
    (void)state;
    run_result r;
    run_of(SERIES(1, 2, 1, 2, 1, 2, 5, 6, 5, 6, 5, 6), &r);
    assert_near(r.median, 3.5);
    run_flags(&r, RUN_SHIFT, "xxxxxxxxxxxx");
    run_result_free(&r);
    run_of(SERIES(1, 2, 1, 2, 1, 5, 6, 5, 6, 5), &r);
    assert_near(r.median, 3.5);
    run_flags(&r, RUN_SHIFT, "..........");
    run_result_free(&r);
}

/* Points on the median are skipped (IHI). 13 values, 6 below, one 3.5, 6
 * above: the median is the middle value 3.5; 6 below with the 3.5 among
 * them is still a shift, the 3.5 unflagged. 11 values with 5 + 3.5 + 5:
 * the 3.5 does not make a sixth. */
static void test_run_point_on_median_skipped(void **state)
{
    (void)state;
    run_result r;
    run_of(SERIES(1, 2, 1, 3.5, 2, 1, 2, 5, 6, 5, 6, 5, 6), &r);
    assert_near(r.median, 3.5);
    assert_int_equal(r.useful, 12);
    run_flags(&r, RUN_SHIFT, "xxx.xxxxxxxxx");
    run_result_free(&r);
    run_of(SERIES(1, 2, 1, 3.5, 2, 1, 5, 6, 5, 6, 5), &r);
    assert_near(r.median, 3.5);
    run_flags(&r, RUN_SHIFT, "...........");
    run_result_free(&r);
}

static void test_run_trend_5_vs_4_and_ties(void **state)
{
    (void)state;
    run_result r;
    run_of(SERIES(3, 1, 2, 3, 4, 5, 3), &r);
    run_flags(&r, RUN_TREND, ".xxxxx.");
    run_result_free(&r);
    run_of(SERIES(3, 1, 2, 3, 4, 2), &r);
    run_flags(&r, RUN_TREND, "......");
    run_result_free(&r);
    /* a tie does not count: 1,2,2,3,4 is four */
    run_of(SERIES(3, 1, 2, 2, 3, 4, 2), &r);
    run_flags(&r, RUN_TREND, ".......");
    run_result_free(&r);
    /* nor break: 1,2,2,3,4,5 is five, the repeated 2 flagged with it */
    run_of(SERIES(3, 1, 2, 2, 3, 4, 5, 2), &r);
    run_flags(&r, RUN_TREND, ".xxxxxx.");
    run_result_free(&r);
    /* a gap neither counts nor breaks */
    run_of(SERIES(3, 1, 2, GAP, 3, 4, 5, 3), &r);
    run_flags(&r, RUN_TREND, ".xx.xxx.");
    run_result_free(&r);
}

/* Runs against the table; 10 useful observations: fewer than 3 or more
 * than 9 runs signal. Every series has median 3 (five 1s, five 5s). */
static void test_run_too_few_and_too_many_runs(void **state)
{
    (void)state;
    run_result r;
    run_of(SERIES(1, 5, 1, 5, 1, 5, 1, 5, 1, 5), &r);  /* 10 runs */
    assert_int_equal(r.useful, 10);
    assert_true(r.runs_judged);
    assert_int_equal(r.runs_lower, 3);
    assert_int_equal(r.runs_upper, 9);
    assert_int_equal(r.runs, 10);
    assert_true(r.too_many_runs);
    assert_false(r.too_few_runs);
    run_result_free(&r);
    run_of(SERIES(1, 5, 1, 5, 1, 5, 1, 5, 5, 1), &r);  /* 9 runs */
    assert_int_equal(r.runs, 9);
    assert_false(r.too_many_runs);
    run_result_free(&r);
    run_of(SERIES(1, 1, 1, 1, 1, 5, 5, 5, 5, 5), &r);  /* 2 runs */
    assert_int_equal(r.runs, 2);
    assert_true(r.too_few_runs);
    run_result_free(&r);
    run_of(SERIES(1, 1, 1, 5, 5, 5, 5, 5, 1, 1), &r);  /* 3 runs */
    assert_int_equal(r.runs, 3);
    assert_false(r.too_few_runs);
    run_result_free(&r);
    /* a gap and a point on the median change nothing: still 10 useful, 2 runs */
    run_of(SERIES(1, 1, 1, 1, 1, GAP, 3, 5, 5, 5, 5, 5), &r);
    assert_near(r.median, 3.0);
    assert_int_equal(r.useful, 10);
    assert_int_equal(r.runs, 2);
    assert_true(r.too_few_runs);
    run_result_free(&r);
    /* 8 useful observations (the 3 is on the median): below the table */
    run_of(SERIES(1, 1, 1, 1, 5, 5, 5, 5, 3), &r);
    assert_int_equal(r.useful, 8);
    assert_false(r.runs_judged);
    assert_false(r.too_few_runs);
    run_result_free(&r);
}

/* Astronomical point = beyond mean +/- 2.66 MR-bar of the whole series.
 *   10,11 x5, 10, 14: mean 129/12 = 10.75, MRs 10x1 + 4 -> 14/11 = 1.2727,
 *     UPL = 10.75 + 3.3855 = 14.1355 -> 14 inside: not astronomical
 *   ..., 15: mean 130/12 = 10.8333, MRs 15/11 = 1.3636, UPL 14.4606 -> yes */
static void test_run_astronomical(void **state)
{
    (void)state;
    run_result r;
    run_of(SERIES(10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 10, 14), &r);
    run_flags(&r, RUN_ASTRONOMICAL, "............");
    run_result_free(&r);
    run_of(SERIES(10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 10, 15), &r);
    run_flags(&r, RUN_ASTRONOMICAL, "...........x");
    assert_true(r.any_signals & RUN_ASTRONOMICAL);
    run_result_free(&r);
}

/* ---- the runs table against the exact distribution ------------------------ */

static uint64_t choose(int n, int k)
{
    if (k < 0 || k > n)
        return 0;
    uint64_t c = 1;
    for (int i = 0; i < k; i++)
        c = c * (uint64_t)(n - i) / (uint64_t)(i + 1);
    return c;
}

/* Arrangements of m above and k below with exactly `runs` runs. */
static uint64_t arrangements(int m, int k, int runs)
{
    int s = runs / 2;
    if (runs % 2 == 0)
        return 2 * choose(m - 1, s - 1) * choose(k - 1, s - 1);
    return choose(m - 1, s) * choose(k - 1, s - 1) + choose(m - 1, s - 1) * choose(k - 1, s);
}

/* For every k in 10..60 the table's limits are the tightest with at most
 * 2.5% of random arrangements (k/2 above, the rest below) in each tail:
 * P(runs < lower) <= 2.5% < P(runs < lower + 1), and likewise above. */
static void test_runs_table_matches_swed_eisenhart(void **state)
{
    (void)state;
    for (int useful = RUN_TABLE_MIN; useful <= RUN_TABLE_MAX; useful++) {
        int m = useful / 2, k = useful - m;
        uint64_t total = choose(useful, m);
        /* read the limits back through spc_run_chart: m 1s, k 3s and one
         * or two 2s so that the median is 2 and exactly `useful` points
         * are off it */
        double v[RUN_TABLE_MAX + 2];
        int n = 0, twos = m == k ? 1 : 2;
        for (int i = 0; i < m; i++)
            v[n++] = 1.0;
        for (int i = 0; i < twos; i++)
            v[n++] = 2.0;
        for (int i = 0; i < k; i++)
            v[n++] = 3.0;
        run_result r;
        run_of(v, n, &r);
        assert_near(r.median, 2.0);
        assert_int_equal(r.useful, useful);
        uint64_t below = 0, below_next = 0, above = 0, above_next = 0;
        for (int runs = 2; runs <= useful; runs++) {
            uint64_t a = arrangements(m, k, runs);
            below += runs < r.runs_lower ? a : 0;
            below_next += runs < r.runs_lower + 1 ? a : 0;
            above += runs > r.runs_upper ? a : 0;
            above_next += runs > r.runs_upper - 1 ? a : 0;
        }
        if (!(below * 40 <= total && below_next * 40 > total &&
              above * 40 <= total && above_next * 40 > total))
            fail_msg("runs table row %d: %d..%d", useful, r.runs_lower, r.runs_upper);
        run_result_free(&r);
    }
}

/* ---- input errors and naming ---------------------------------------------- */

static void test_bad_input_refused(void **state)
{
    (void)state;
    spc_result r;
    run_result rr;
    spc_point p[3] = {{1, false}, {NAN, false}, {3, false}};
    assert_int_equal(spc_xmr(p, 3, NULL, 0, &r), SR_E_INVALID);
    assert_null(r.points);
    assert_int_equal(spc_run_chart(p, 3, &rr), SR_E_INVALID);
    assert_null(rr.points);
    p[1].value = 2;
    assert_int_equal(spc_xmr(p, 0, NULL, 0, &r), SR_E_INVALID);
    assert_int_equal(spc_xmr(NULL, 3, NULL, 0, &r), SR_E_INVALID);
    assert_int_equal(spc_xmr(p, SPC_MAX_POINTS + 1, NULL, 0, &r), SR_E_INVALID);
    const int backwards[] = {2, 1}, past_end[] = {3};
    assert_int_equal(spc_xmr(p, 3, backwards, 2, &r), SR_E_INVALID);
    assert_int_equal(spc_xmr(p, 3, past_end, 1, &r), SR_E_INVALID);
    assert_int_equal(spc_xmr(p, 3, NULL, 1, &r), SR_E_INVALID);
    /* all missing is a valid (empty) chart: no limits, no signals */
    spc_point none[2] = {{0, true}, {0, true}};
    assert_int_equal(spc_xmr(none, 2, NULL, 0, &r), SR_OK);
    assert_false(r.segments[0].has_limits);
    assert_int_equal(r.any_signals, 0);
    spc_xmr_free(&r);
    spc_xmr_free(&r); /* twice is harmless */
    spc_xmr_free(NULL);
    run_result_free(NULL);
}

static void test_signal_names(void **state)
{
    (void)state;
    char buf[128];
    size_t need = spc_signals_format(SPC_OUTSIDE_LIMITS | SPC_TREND, ";", buf, sizeof buf);
    assert_string_equal(buf, "outside-limits;trend");
    assert_int_equal(need, strlen("outside-limits;trend"));
    assert_int_equal(spc_signals_format(0, ";", buf, sizeof buf), 0);
    assert_string_equal(buf, "");
    char tiny[8];
    need = spc_signals_format(SPC_OUTSIDE_LIMITS, ";", tiny, sizeof tiny);
    assert_int_equal(need, strlen("outside-limits"));
    assert_string_equal(tiny, "outside");
    assert_null(spc_signal_name(SPC_NONE));
    assert_null(spc_signal_label((spc_signal)(SPC_SHIFT | SPC_TREND)));
    assert_string_equal(spc_signal_name(RUN_ASTRONOMICAL), "astronomical");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xmr_limits_hand_computed),
        cmocka_unit_test(test_xmr_trial_limits_11_vs_12),
        cmocka_unit_test(test_xmr_outside_means_strictly_beyond),
        cmocka_unit_test(test_xmr_shift_7_fires),
        cmocka_unit_test(test_xmr_shift_6_does_not_fire),
        cmocka_unit_test(test_xmr_point_on_mean_neither_counts_nor_breaks),
        cmocka_unit_test(test_xmr_gap_inside_a_shift),
        cmocka_unit_test(test_xmr_trend_7_vs_6),
        cmocka_unit_test(test_xmr_trend_tie_neither_counts_nor_breaks),
        cmocka_unit_test(test_xmr_two_of_three_fires),
        cmocka_unit_test(test_xmr_two_of_three_third_point_other_side),
        cmocka_unit_test(test_xmr_two_of_three_counts_points_beyond_the_limit),
        cmocka_unit_test(test_xmr_rebaseline_recomputes_limits),
        cmocka_unit_test(test_xmr_rules_stay_inside_a_segment),
        cmocka_unit_test(test_run_shift_6_vs_5),
        cmocka_unit_test(test_run_point_on_median_skipped),
        cmocka_unit_test(test_run_trend_5_vs_4_and_ties),
        cmocka_unit_test(test_run_too_few_and_too_many_runs),
        cmocka_unit_test(test_run_astronomical),
        cmocka_unit_test(test_runs_table_matches_swed_eisenhart),
        cmocka_unit_test(test_bad_input_refused),
        cmocka_unit_test(test_signal_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
