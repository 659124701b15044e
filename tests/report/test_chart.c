/* test_chart.c -- charts drawn to real SVG and PNG files (report/chart.h).
 *
 * A realistic series -- a ward's weekly mean wellbeing score over 34 weeks,
 * with one blatantly low week, a suppressed week over Christmas, yoga
 * sessions starting (limits recalculated from there) and a rota change --
 * is drawn both ways and read back: the PNG must load with the size asked
 * for and show signal markers in their colour, the SVG must carry the key
 * and the intervention labels as text, the numbers must match the rules.
 *
 * With SR_CHART_SAMPLE_DIR set, the two PNGs are also written there; that
 * is how docs/sample-xmr-chart.png and docs/sample-run-chart.png are made:
 *   SR_CHART_SAMPLE_DIR=docs build/tests/report/test_chart
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cairo.h>
#include <cmocka.h>

#include "report/chart.h"
#include "testutil.h"

#define WEEKS 34
#define GAP NAN

static const double SCORES[WEEKS] = {
    3.21, 3.05, 3.30, 3.12, 3.26, 3.02, 3.18, 3.35, 3.08, 2.31, 3.15, 3.22, GAP, /* 2025 */
    3.10, 3.28, 3.14, 3.25, 3.09,                                               /* W01-05 */
    3.38, 3.45, 3.50, 3.55, 3.58, 3.62, 3.66, 3.59,                             /* yoga */
    3.70, 3.64, 3.73, 3.69, 3.78, 3.74, 3.81, 3.77,                             /* rota */
};

static char labels_buf[WEEKS][32];
static const char *labels[WEEKS];
static spc_point points[WEEKS];
static const chart_event events[] = {
    {18, "Yoga sessions started", true},
    {26, "Rota change", false},
};

static chart_input sample_input(void)
{
    for (int i = 0; i < WEEKS; i++) {
        int year = i < 13 ? 2025 : 2026, week = i < 13 ? 40 + i : i - 12;
        snprintf(labels_buf[i], sizeof labels_buf[i], "%d-W%02d", year, week);
        labels[i] = labels_buf[i];
        points[i].missing = isnan(SCORES[i]);
        points[i].value = points[i].missing ? 0 : SCORES[i];
    }
    chart_input in = {
        .title = "Wellbeing check-in: mean score",
        .subtitle = "St Elsewhere General, Ward 7, all staff groups, weekly",
        .y_label = "Mean score (1 = very low, 5 = very good)",
        .x_labels = labels,
        .points = points,
        .n = WEEKS,
        .events = events,
        .n_events = 2,
        .width = 1200,
        .height = 700,
    };
    return in;
}

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = malloc((size_t)size + 1);
    assert_non_null(text);
    assert_int_equal(fread(text, 1, (size_t)size, f), (size_t)size);
    text[size] = '\0';
    fclose(f);
    return text;
}

/* Pixels within a small distance of an sRGB colour (markers are
 * antialiased at the edges but solid inside). */
static int count_colour(cairo_surface_t *img, uint32_t rgb)
{
    int w = cairo_image_surface_get_width(img), h = cairo_image_surface_get_height(img);
    int stride = cairo_image_surface_get_stride(img), count = 0;
    const unsigned char *data = cairo_image_surface_get_data(img);
    for (int y = 0; y < h; y++) {
        const uint32_t *row = (const uint32_t *)(const void *)(data + (size_t)y * stride);
        for (int x = 0; x < w; x++) {
            uint32_t px = row[x];
            int dr = (int)(px >> 16 & 0xFF) - (int)(rgb >> 16 & 0xFF);
            int dg = (int)(px >> 8 & 0xFF) - (int)(rgb >> 8 & 0xFF);
            int db = (int)(px & 0xFF) - (int)(rgb & 0xFF);
            count += abs(dr) + abs(dg) + abs(db) < 12;
        }
    }
    return count;
}

static void save_sample(const char *src, const char *name)
{
    const char *dir = getenv("SR_CHART_SAMPLE_DIR");
    if (dir == NULL)
        return;
    char dst[4096];
    snprintf(dst, sizeof dst, "%s/%s", dir, name);
    FILE *in = fopen(src, "rb"), *out = fopen(dst, "wb");
    assert_non_null(in);
    assert_non_null(out);
    char buf[65536];
    size_t got;
    while ((got = fread(buf, 1, sizeof buf, in)) > 0)
        assert_int_equal(fwrite(buf, 1, got, out), got);
    fclose(in);
    assert_int_equal(fclose(out), 0);
}

static void check_png(const char *path, int width, int height, bool expect_signals)
{
    cairo_surface_t *img = cairo_image_surface_create_from_png(path);
    assert_int_equal(cairo_surface_status(img), CAIRO_STATUS_SUCCESS);
    assert_int_equal(cairo_image_surface_get_width(img), width);
    assert_int_equal(cairo_image_surface_get_height(img), height);
    /* the key always shows every marker (faded when not found), so count
     * well over the key's share: a drawn diamond is ~150 solid pixels */
    int vermillion = count_colour(img, 0xD55E00);
    int blue = count_colour(img, 0x0072B2);
    cairo_surface_destroy(img);
    if (expect_signals) {
        assert_true(vermillion > 150); /* the low week's diamond */
        assert_true(blue > 300);       /* shift squares after the yoga sessions */
    }
}

static void test_xmr_png_and_svg(void **state)
{
    (void)state;
    chart_input in = sample_input();
    char png[4096], svg[4096], err[512] = "";
    testutil_path(png, sizeof png, "xmr.png");
    testutil_path(svg, sizeof svg, "xmr.svg");
    assert_int_equal(chart_render(&in, CHART_XMR, CHART_PNG, png, err, sizeof err), SR_OK);
    check_png(png, 1200, 700, true);
    save_sample(png, "sample-xmr-chart.png");

    assert_int_equal(chart_render(&in, CHART_XMR, CHART_SVG, svg, err, sizeof err), SR_OK);
    char *text = read_all(svg);
    assert_non_null(strstr(text, "<svg"));
    assert_non_null(strstr(text, "<title>Wellbeing check-in: mean score</title>"));
    assert_non_null(strstr(text, "Point beyond a process limit"));
    assert_non_null(strstr(text, "Shift: 7+ points on one side of the mean"));
    assert_non_null(strstr(text, "Gap: suppressed"));
    assert_non_null(strstr(text, "Yoga sessions started before 2026-W06"));
    assert_non_null(strstr(text, "Rota change before 2026-W14"));
    assert_non_null(strstr(text, "width=\"1200"));
    assert_null(strstr(text, "Ward 7 & ")); /* escaping sanity: no raw '&' added */
    free(text);
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp", svg);
    assert_int_equal(access(tmp, F_OK), -1); /* renamed into place */
}

static void test_run_png_and_svg(void **state)
{
    (void)state;
    chart_input in = sample_input();
    char png[4096], svg[4096], err[512] = "";
    testutil_path(png, sizeof png, "run.png");
    testutil_path(svg, sizeof svg, "run.svg");
    assert_int_equal(chart_render(&in, CHART_RUN, CHART_PNG, png, err, sizeof err), SR_OK);
    check_png(png, 1200, 700, true);
    save_sample(png, "sample-run-chart.png");
    assert_int_equal(chart_render(&in, CHART_RUN, CHART_SVG, svg, err, sizeof err), SR_OK);
    char *text = read_all(svg);
    assert_non_null(strstr(text, "Run chart"));
    assert_non_null(strstr(text, "Median: "));
    assert_non_null(strstr(text, "Shift: 6+ points on one side of the median"));
    assert_non_null(strstr(text, "Too few runs"));
    /* a run chart does not recalculate anything at an intervention */
    assert_null(strstr(text, "new limits"));
    free(text);
}

/* The numbers behind the XmR chart: one CSV row per week, the yoga week
 * starting segment 1, the Christmas gap empty, the low week flagged. */
static void test_numbers_csv_and_json(void **state)
{
    (void)state;
    chart_input in = sample_input();
    char path[4096], err[512] = "";
    testutil_path(path, sizeof path, "xmr.csv");
    FILE *out = fopen(path, "wb");
    assert_non_null(out);
    assert_int_equal(chart_write_numbers(&in, CHART_XMR, CHART_NUMBERS_CSV, out, err, sizeof err),
                     SR_OK);
    fclose(out);
    char *csv = read_all(path);
    int rows = 0;
    for (const char *p = csv; (p = strstr(p, "\r\n")) != NULL; p += 2)
        rows++;
    assert_int_equal(rows, WEEKS + 1);
    assert_non_null(strstr(csv, "\r\n12,2025-W52,,true,0,false,"));
    assert_non_null(strstr(csv, "\r\n18,2026-W06,3.38,false,1,false,"));
    const char *low = strstr(csv, "\r\n9,2025-W49,2.31,false,0,");
    assert_non_null(low);
    const char *eol = strstr(low + 2, "\r\n");
    assert_non_null(strstr(low, "outside-limits"));
    assert_true(strstr(low, "outside-limits") < eol);
    free(csv);

    testutil_path(path, sizeof path, "run.json");
    out = fopen(path, "wb");
    assert_int_equal(chart_write_numbers(&in, CHART_RUN, CHART_NUMBERS_JSON, out, err, sizeof err),
                     SR_OK);
    fclose(out);
    char *json = read_all(path);
    assert_non_null(strstr(json, "\"kind\":\t\"run\""));
    assert_non_null(strstr(json, "\"too_few\":\ttrue"));
    assert_non_null(strstr(json, "\"value\":\tnull"));
    free(json);
}

static void test_bad_input_named(void **state)
{
    (void)state;
    chart_input in = sample_input();
    char path[4096], err[512] = "";
    testutil_path(path, sizeof path, "bad.png");
    chart_event late = {WEEKS + 1, "Too late", false};
    in.events = &late;
    in.n_events = 1;
    assert_int_equal(chart_render(&in, CHART_XMR, CHART_PNG, path, err, sizeof err),
                     SR_E_INVALID);
    assert_non_null(strstr(err, "event 0 ('Too late'): index 35, must be 0..34"));
    assert_int_equal(access(path, F_OK), -1);

    in = sample_input();
    in.title = NULL;
    assert_int_equal(chart_render(&in, CHART_RUN, CHART_SVG, path, err, sizeof err),
                     SR_E_INVALID);
    assert_non_null(strstr(err, "title"));

    in = sample_input();
    in.width = 100;
    assert_int_equal(chart_render(&in, CHART_RUN, CHART_SVG, path, err, sizeof err),
                     SR_E_INVALID);
    assert_non_null(strstr(err, "size: 100x700"));

    in = sample_input();
    const char *nowhere = "/nonexistent-dir/chart.png";
    assert_int_equal(chart_render(&in, CHART_XMR, CHART_PNG, nowhere, err, sizeof err), SR_E_IO);
    assert_non_null(strstr(err, "/nonexistent-dir/chart.png"));
    assert_int_equal(chart_render(&in, CHART_XMR, CHART_SVG, nowhere, err, sizeof err), SR_E_IO);
    assert_non_null(strstr(err, "/nonexistent-dir/chart.png"));
}

/* Small and odd sizes still draw: one point, everything missing, and the
 * minimum size with many points (labels thinned, nothing crashes). */
static void test_edge_series_render(void **state)
{
    (void)state;
    char path[4096], err[512] = "";
    testutil_path(path, sizeof path, "edge.png");
    spc_point one = {4.0, false};
    chart_input in = {.title = "One week", .points = &one, .n = 1};
    assert_int_equal(chart_render(&in, CHART_XMR, CHART_PNG, path, err, sizeof err), SR_OK);
    char svg[4096];
    testutil_path(svg, sizeof svg, "edge.svg");
    assert_int_equal(chart_render(&in, CHART_XMR, CHART_SVG, svg, err, sizeof err), SR_OK);
    char *text = read_all(svg);
    assert_non_null(strstr(text, "Process limits: not enough data yet"));
    free(text);
    spc_point five[5] = {{4, false}, {3, false}, {5, false}, {4, false}, {4.5, false}};
    in.points = five;
    in.n = 5;
    assert_int_equal(chart_render(&in, CHART_XMR, CHART_SVG, svg, err, sizeof err), SR_OK);
    text = read_all(svg);
    assert_non_null(strstr(text, "Trial limits: fewer than 12 points"));
    free(text);
    spc_point none[3] = {{0, true}, {0, true}, {0, true}};
    in.points = none;
    in.n = 3;
    assert_int_equal(chart_render(&in, CHART_RUN, CHART_PNG, path, err, sizeof err), SR_OK);
    static spc_point many[520];
    for (int i = 0; i < 520; i++)
        many[i] = (spc_point){3.0 + 0.3 * sin(i * 0.7), i % 50 == 7};
    chart_input big = {.title = "Ten years", .points = many, .n = 520, .width = CHART_MIN_WIDTH,
                       .height = CHART_MIN_HEIGHT};
    assert_int_equal(chart_render(&big, CHART_XMR, CHART_PNG, path, err, sizeof err), SR_OK);
    check_png(path, CHART_MIN_WIDTH, CHART_MIN_HEIGHT, false);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xmr_png_and_svg),
        cmocka_unit_test(test_run_png_and_svg),
        cmocka_unit_test(test_numbers_csv_and_json),
        cmocka_unit_test(test_bad_input_named),
        cmocka_unit_test(test_edge_series_render),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
