/* report_cmd_chart.c -- staffroom-report chart: one measure over time as a
 * run chart or XmR chart (SVG, PNG) with the numbers behind it (CSV).
 *
 * The series is a one-dimensional report (grouped by the period only,
 * with the same filters and the same suppression as `--by week` would
 * print), so a chart never shows a value the table would hide, and a
 * period hidden to protect another one stays hidden here too. Periods
 * without answers or suppressed are gaps (spc.h: missing points). Every
 * period from the first to the last is a point, so gaps keep their place
 * on the time axis.
 *
 * Interventions come from the store (intervention.h says which apply to a
 * chart); each is drawn before the first period that begins on or after
 * its day, and one marked rebaseline starts new XmR limits there.
 *
 * The numbers are chart_write_numbers()'s CSV with two columns in front:
 * status (value, suppressed or no-data) and answers (the count, or
 * "suppressed"), so a gap says why it is a gap.
 */
#define _GNU_SOURCE /* open_memstream */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/chart.h"
#include "report/intervention.h"
#include "report/report_commands.h"
#include "report/report_db.h"
#include "report/report_query.h"
#include "report/report_table.h"

#define COMMAND "chart"
#define TEXT_MAX 512

typedef enum measure { MEASURE_MEAN, MEASURE_LOW, MEASURE_HIGH, MEASURE_ANSWERS } measure;
typedef enum point_status { POINT_VALUE, POINT_SUPPRESSED, POINT_NO_DATA } point_status;

static const cli_option OPTIONS[] = {
    REPORT_SPEC_OPTIONS,
    {"--period", "GRAIN", 0, "one point per day, week (default) or month"},
    {"--measure", "NAME", 0, "mean (mean score, default), low (share of scores 1-2), high "
                             "(share of 4-5) or answers"},
    {"--type", "KIND", 0, "xmr (default: XmR chart with process limits) or run (run chart)"},
    {"--svg", "FILE", 0, "draw the chart as SVG into FILE"},
    {"--png", "FILE", 0, "draw the chart as PNG into FILE"},
    {"--csv", "FILE", 0, "write the numbers behind the chart to FILE (default: print them)"},
    {"--title", "TEXT", 0, "the chart's title (default: measure, period and place)"},
    {"--size", "WxH", 0, "picture size in pixels (default 1200x700)"},
    {"--no-rebaseline", NULL, 0, "one set of limits even across interventions marked rebaseline"},
    {"--help", NULL, 0, "show this help"},
};
#define N_OPTIONS ((int)(sizeof OPTIONS / sizeof OPTIONS[0]))

typedef struct chart_request {
    report_spec spec;
    measure what;
    chart_kind kind;
    int width, height;
    bool rebaseline;
} chart_request;

typedef struct series {
    int n;
    int *start;              /* first day of each period */
    char (*label)[REPORT_LABEL_MAX];
    const char **labels;     /* pointers into label, for chart_input */
    spc_point *points;
    long long *answers;
    point_status *status;
    chart_event *events;
    int n_events;
    intervention *interventions; /* the events' labels point into these */
} series;

static void print_help(void)
{
    printf("Usage: " REPORT_PROGRAM " " COMMAND " --db FILE [filters] [--period week] "
           "[--measure mean] [--type xmr] [--svg FILE] [--png FILE] [--csv FILE]\n\n"
           "Draws one measure over time for the answers the filters select. Periods with\n"
           "fewer than k answers (or hidden so that totals cannot reveal one) are gaps.\n"
           "Interventions recorded for the place are drawn as labelled lines; one marked\n"
           "--rebaseline starts new XmR limits. XmR: mean, limits at mean +/- 2.66 x mean\n"
           "moving range, signals for a point outside the limits, 7 on one side, 7 rising or\n"
           "falling, 2 of 3 near a limit; fewer than 12 points give trial limits. Run chart:\n"
           "median, shift of 6, trend of 5, too few or many runs, an astronomical point.\n\n"
           "Options:\n");
    cli_print_options(stdout, OPTIONS, N_OPTIONS);
    printf("\nExamples:\n"
           "  " REPORT_PROGRAM " " COMMAND " --db store.db --site 'St Elsewhere General' --area "
           "'Intensive Care' --svg icu.svg --png icu.png --csv icu.csv\n"
           "  " REPORT_PROGRAM " " COMMAND " --db store.db --period month --measure low --type "
           "run --from 2025-01-01 --svg low-scores.svg\n");
}

static bool parse_choice(const char *text, const char *const names[], int n, int *out)
{
    for (int i = 0; i < n; i++)
        if (strcmp(text, names[i]) == 0) {
            *out = i;
            return true;
        }
    return false;
}

static bool read_request(const cli_args *args, chart_request *r, char *err, size_t err_size)
{
    static const char *const MEASURES[] = {"mean", "low", "high", "answers"};
    static const char *const KINDS[] = {"run", "xmr"};
    const char *period = cli_value(args, "--period"), *what = cli_value(args, "--measure");
    const char *kind = cli_value(args, "--type"), *size = cli_value(args, "--size");
    int choice = MEASURE_MEAN, kind_choice = CHART_XMR;
    report_spec_default(&r->spec);
    r->spec.n_dims = 1;
    r->spec.dims[0] = REPORT_DIM_PERIOD;
    r->spec.measures = REPORT_MEASURE_SCORES;
    if (!report_read_spec_options(args, &r->spec, err, err_size))
        return false;
    if (period && !report_parse_grain(period, &r->spec.grain)) {
        snprintf(err, err_size, "--period: '%s' is not one of day, week, month", period);
        return false;
    }
    if (what && !parse_choice(what, MEASURES, 4, &choice)) {
        snprintf(err, err_size, "--measure: '%s' is not one of mean, low, high, answers", what);
        return false;
    }
    if (kind && !parse_choice(kind, KINDS, 2, &kind_choice)) {
        snprintf(err, err_size, "--type: '%s' is not one of xmr, run", kind);
        return false;
    }
    r->what = (measure)choice;
    r->kind = (chart_kind)kind_choice;
    r->width = CHART_DEFAULT_WIDTH;
    r->height = CHART_DEFAULT_HEIGHT;
    char tail;
    if (size && (sscanf(size, "%dx%d%c", &r->width, &r->height, &tail) != 2 ||
                 r->width < CHART_MIN_WIDTH || r->height < CHART_MIN_HEIGHT ||
                 r->width > CHART_MAX_SIDE || r->height > CHART_MAX_SIDE)) {
        snprintf(err, err_size, "--size: '%s' is not WIDTHxHEIGHT from %dx%d to %dx%d", size,
                 CHART_MIN_WIDTH, CHART_MIN_HEIGHT, CHART_MAX_SIDE, CHART_MAX_SIDE);
        return false;
    }
    r->rebaseline = !cli_flag(args, "--no-rebaseline");
    return report_spec_check(&r->spec, err, err_size, NULL, 0);
}

/* ---- the series ---------------------------------------------------------- */

static void series_free(series *s)
{
    free(s->start);
    free(s->label);
    free(s->labels);
    free(s->points);
    free(s->answers);
    free(s->status);
    free(s->events);
    free(s->interventions);
    memset(s, 0, sizeof *s);
}

/* The first and last period to plot: the date range asked for, else the
 * periods with answers. Returns false when there is nothing at all. */
static bool period_range(const report_table *t, int *first, int *last)
{
    const report_spec *spec = report_table_spec(t);
    *first = *last = REPORT_DAY_UNKNOWN;
    for (int i = 0; i < report_table_rows(t); i++) {
        const report_row *row = report_table_row(t, i);
        if (row->level != REPORT_LEVEL_CELL || row->period_start < 0)
            continue;
        if (*first < 0 || row->period_start < *first)
            *first = row->period_start;
        if (row->period_start > *last)
            *last = row->period_start;
    }
    if (spec->has_from)
        *first = report_period_start(spec->grain, spec->from_day);
    if (spec->has_to)
        *last = report_period_start(spec->grain, spec->to_day);
    return *first >= 0 && *last >= *first;
}

static double measure_value(const report_row *row, measure what)
{
    switch (what) {
    case MEASURE_MEAN: return (double)row->score_sum / (double)row->n;
    case MEASURE_LOW: return (double)row->n_low / (double)row->n;
    case MEASURE_HIGH: return (double)row->n_high / (double)row->n;
    case MEASURE_ANSWERS: break;
    }
    return (double)row->n;
}

/* Index of the first period starting on or after day (n if none). */
static int index_at_or_after(const series *s, int day)
{
    int lo = 0, hi = s->n;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (s->start[mid] < day)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static sr_status series_allocate(series *s, int n)
{
    s->n = n;
    s->start = calloc((size_t)n, sizeof *s->start);
    s->label = calloc((size_t)n, sizeof *s->label);
    s->labels = calloc((size_t)n, sizeof *s->labels);
    s->points = calloc((size_t)n, sizeof *s->points);
    s->answers = calloc((size_t)n, sizeof *s->answers);
    s->status = calloc((size_t)n, sizeof *s->status);
    return s->start && s->label && s->labels && s->points && s->answers && s->status
               ? SR_OK
               : SR_E_NOMEM;
}

/* Lays the table's periods out as n consecutive points. Returns 0, or an
 * exit code after printing why. */
static int build_series(const report_table *t, const chart_request *r, series *s)
{
    int first, last, n = 0;
    char err[TEXT_MAX];
    if (!period_range(t, &first, &last))
        return report_runtime_error("no answers match the filters: nothing to chart");
    for (int day = first; day <= last && n <= SPC_MAX_POINTS; day = report_period_next(r->spec.grain, day))
        n++;
    if (n > SPC_MAX_POINTS) {
        snprintf(err, sizeof err, "--period %s: the range has more than %d periods; use a "
                 "longer period or a shorter --from/--to", report_grain_name(r->spec.grain),
                 SPC_MAX_POINTS);
        return report_usage_error(COMMAND, err);
    }
    if (series_allocate(s, n) != SR_OK)
        return report_runtime_error("out of memory");
    for (int i = 0, day = first; i < n; i++, day = report_period_next(r->spec.grain, day)) {
        s->start[i] = day;
        report_period_label(r->spec.grain, day, s->label[i]);
        s->labels[i] = s->label[i];
        s->points[i].missing = true;
        s->status[i] = POINT_NO_DATA;
    }
    for (int i = 0; i < report_table_rows(t); i++) {
        const report_row *row = report_table_row(t, i);
        if (row->level != REPORT_LEVEL_CELL || row->period_start < first || row->period_start > last)
            continue;
        int at = index_at_or_after(s, row->period_start);
        s->answers[at] = row->n;
        s->status[at] = row->hidden ? POINT_SUPPRESSED : POINT_VALUE;
        s->points[at].missing = row->hidden;
        if (!row->hidden)
            s->points[at].value = measure_value(row, r->what);
    }
    return 0;
}

/* The interventions for this chart's place, as events. */
static int add_events(sqlite3 *db, const chart_request *r, series *s)
{
    const report_filter *sites = &r->spec.filter[REPORT_DIM_SITE];
    const report_filter *areas = &r->spec.filter[REPORT_DIM_AREA];
    const char *site = sites->n == 1 ? sites->value[0] : NULL;
    const char *area = site && areas->n == 1 ? areas->value[0] : NULL;
    char err[TEXT_MAX];
    int n = 0;
    if (intervention_for_chart(db, site, area, &s->interventions, &n, err, sizeof err) != SR_OK)
        return report_runtime_error(err);
    s->events = calloc((size_t)(n ? n : 1), sizeof *s->events);
    if (!s->events)
        return report_runtime_error("out of memory");
    int end = report_period_next(r->spec.grain, s->start[s->n - 1]);
    for (int i = 0; i < n; i++) {
        const intervention *iv = &s->interventions[i];
        if (iv->day < s->start[0] || iv->day >= end)
            continue; /* outside the chart */
        s->events[s->n_events++] = (chart_event){.index = index_at_or_after(s, iv->day),
                                                 .label = iv->label,
                                                 .rebaseline = iv->rebaseline && r->rebaseline};
    }
    return 0;
}

/* ---- drawing and numbers ----------------------------------------------- */

static void describe_filter(const report_filter *f, const char *everything, char *out, size_t size)
{
    if (!f->n) {
        snprintf(out, size, "%s", everything);
        return;
    }
    size_t used = 0;
    out[0] = '\0';
    for (int i = 0; i < f->n && used < size; i++)
        used += (size_t)snprintf(out + used, size - used, "%s%s", i ? ", " : "", f->value[i]);
}

static void make_titles(const chart_request *r, const char *title_option, char *title,
                        char *subtitle, const char **y_label)
{
    static const char *const MEASURE_TITLE[] = {"Mean score", "Share of low scores (1-2)",
                                                "Share of high scores (4-5)", "Answers"};
    static const char *const Y_LABEL[] = {"Mean score (1 = very hard, 5 = very good)",
                                          "Share of answers scoring 1-2",
                                          "Share of answers scoring 4-5", "Answers"};
    char place[TEXT_MAX / 2], area[TEXT_MAX / 4];
    describe_filter(&r->spec.filter[REPORT_DIM_SITE], "All sites", place, sizeof place);
    describe_filter(&r->spec.filter[REPORT_DIM_AREA], "", area, sizeof area);
    if (title_option)
        snprintf(title, TEXT_MAX, "%s", title_option);
    else
        snprintf(title, TEXT_MAX, "%s by %s: %s%s%s", MEASURE_TITLE[r->what],
                 report_grain_name(r->spec.grain), place, area[0] ? ", " : "", area);
    snprintf(subtitle, TEXT_MAX, "%s chart; k = %d: periods with fewer answers, or hidden to "
             "protect one, are gaps", r->kind == CHART_XMR ? "XmR" : "Run", r->spec.k);
    *y_label = Y_LABEL[r->what];
}

/* chart_write_numbers()'s CSV with status and answers in front of each
 * line (its lines end in CRLF: header, then one per point). */
static sr_status write_numbers(const chart_input *in, const chart_request *r, const series *s,
                               FILE *out, char *err, size_t err_size)
{
    static const char *const STATUS[] = {"value", "suppressed", "no-data"};
    char *text = NULL;
    size_t size = 0;
    FILE *memory = open_memstream(&text, &size);
    if (!memory)
        return SR_E_NOMEM;
    sr_status status = chart_write_numbers(in, r->kind, CHART_NUMBERS_CSV, memory, err, err_size);
    if (fclose(memory) != 0 && status == SR_OK)
        status = SR_E_NOMEM;
    int line = 0;
    for (char *p = text; status == SR_OK && p && *p; line++) {
        char *end = strchr(p, '\n');
        size_t len = end ? (size_t)(end - p + 1) : strlen(p);
        int point = line - 1;
        if (line == 0)
            fputs("status,answers,", out);
        else if (point < s->n && s->status[point] == POINT_SUPPRESSED)
            fputs("suppressed,suppressed,", out);
        else if (point < s->n)
            fprintf(out, "%s,%lld,", STATUS[s->status[point]], s->answers[point]);
        fwrite(p, 1, len, out);
        p += len;
    }
    free(text);
    if (status == SR_OK && (fflush(out) != 0 || ferror(out))) {
        snprintf(err, err_size, "writing the numbers: %s", strerror(errno));
        status = SR_E_IO;
    }
    return status;
}

static int draw(const chart_input *in, const chart_request *r, const cli_args *args)
{
    static const struct {
        const char *option;
        chart_format format;
    } PICTURES[] = {{"--svg", CHART_SVG}, {"--png", CHART_PNG}};
    char err[TEXT_MAX];
    for (int i = 0; i < 2; i++) {
        const char *path = cli_value(args, PICTURES[i].option);
        if (path && chart_render(in, r->kind, PICTURES[i].format, path, err, sizeof err) != SR_OK)
            return report_runtime_error(err);
    }
    return 0;
}

static int numbers(const chart_input *in, const chart_request *r, const series *s,
                   const char *csv_path)
{
    char err[TEXT_MAX];
    FILE *out = csv_path ? fopen(csv_path, "w") : stdout;
    if (!out) {
        snprintf(err, sizeof err, "--csv %s: %s", csv_path, strerror(errno));
        return report_runtime_error(err);
    }
    sr_status status = write_numbers(in, r, s, out, err, sizeof err);
    if (out != stdout && fclose(out) != 0 && status == SR_OK) {
        snprintf(err, sizeof err, "--csv %s: %s", csv_path, strerror(errno));
        status = SR_E_IO;
    }
    return status == SR_OK ? 0 : report_runtime_error(err);
}

/* Reads the series and the interventions from the store. */
static int load(const char *db_path, const chart_request *r, series *s)
{
    char err[TEXT_MAX];
    sqlite3 *db = NULL;
    report_table *table = NULL;
    int code;
    sr_status status = report_db_open(db_path, false, &db, err, sizeof err);
    if (status != SR_OK) {
        code = status == SR_E_NOTFOUND || status == SR_E_CORRUPT ? report_usage_error(COMMAND, err)
                                                                 : report_runtime_error(err);
        goto done;
    }
    status = report_table_create(&r->spec, &table);
    if (status == SR_OK)
        status = report_query_run(db, table, err, sizeof err);
    if (status == SR_OK)
        status = report_table_finish(table, err, sizeof err);
    if (status != SR_OK) {
        code = report_runtime_error(status == SR_E_NOMEM ? "out of memory" : err);
        goto done;
    }
    code = build_series(table, r, s);
    if (code == 0)
        code = add_events(db, r, s);
done:
    report_table_free(table);
    sqlite3_close(db);
    return code;
}

int report_cmd_chart(int argc, char **argv)
{
    static cli_args args;
    chart_request r;
    series s = {0};
    char err[CLI_ERROR_MAX];
    if (!cli_parse(&args, OPTIONS, N_OPTIONS, argc, argv, 0, err, sizeof err))
        return report_usage_error(COMMAND, err);
    if (cli_flag(&args, "--help")) {
        print_help();
        return 0;
    }
    if (!cli_value(&args, "--db"))
        return report_usage_error(COMMAND, "--db: missing: name the collector store (--db FILE)");
    if (!read_request(&args, &r, err, sizeof err))
        return report_usage_error(COMMAND, err);
    int code = load(cli_value(&args, "--db"), &r, &s);
    if (code == 0) {
        char title[TEXT_MAX], subtitle[TEXT_MAX];
        chart_input in = {.title = title, .subtitle = subtitle, .x_labels = s.labels,
                          .points = s.points, .n = s.n, .events = s.events,
                          .n_events = s.n_events, .width = r.width, .height = r.height};
        make_titles(&r, cli_value(&args, "--title"), title, subtitle, &in.y_label);
        code = draw(&in, &r, &args);
        if (code == 0)
            code = numbers(&in, &r, &s, cli_value(&args, "--csv"));
    }
    series_free(&s);
    return code;
}
