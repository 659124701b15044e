/* chart_legend.c -- the words of a chart's key.
 *
 * Every rule the chart checks is listed, found or not ("none on this
 * chart" in grey), so a reader can tell "no signal" from "not checked".
 * Numbers quoted in the key are the latest segment's: that is the one an
 * analyst compares the next point against.
 */
#include "report/chart_legend.h"

#include <assert.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static chart_legend_entry *add(chart_legend_entry *entries, int *count,
                               chart_legend_sample sample, const char *fmt, ...)
{
    /* The entries are a fixed list of at most 14; running out is a bug. */
    assert(*count < CHART_LEGEND_MAX);
    chart_legend_entry *e = &entries[*count];
    memset(e, 0, sizeof *e);
    e->sample = sample;
    e->active = true;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->text, sizeof e->text, fmt, ap);
    va_end(ap);
    (*count)++;
    return e;
}

void chart_format_value(const chart_data *data, double v, char *buf, size_t size)
{
    double lo = INFINITY, hi = -INFINITY;
    for (int i = 0; i < data->in->n; i++) {
        if (data->in->points[i].missing)
            continue;
        lo = fmin(lo, data->in->points[i].value);
        hi = fmax(hi, data->in->points[i].value);
    }
    double span = hi > lo ? hi - lo : fabs(hi);
    int decimals = 2;
    if (isfinite(span) && span > 0)
        decimals = 2 - (int)fmax(-3.0, fmin(3.0, floor(log10(span))));
    decimals = decimals < 0 ? 0 : decimals > 4 ? 4 : decimals;
    snprintf(buf, size, "%.*f", decimals, v);
}

static bool any_event(const chart_data *data, bool rebaseline)
{
    for (int e = 0; e < data->in->n_events; e++) {
        const chart_event *ev = &data->in->events[e];
        bool effective = ev->rebaseline && data->kind == CHART_XMR && ev->index > 0 &&
                         ev->index < data->in->n;
        if (effective == rebaseline)
            return true;
    }
    return false;
}

static void xmr_lines(const chart_data *data, chart_legend_entry *entries, int *count)
{
    const spc_segment *last = &data->xmr.segments[data->xmr.n_segments - 1];
    char mean[32], lo[32], hi[32];
    chart_format_value(data, last->mean, mean, sizeof mean);
    add(entries, count, LEGEND_CENTRE, "Mean%s: %s", data->xmr.n_segments > 1 ? " (latest)" : "",
        last->n_values > 0 ? mean : "no data");
    if (last->has_limits) {
        chart_format_value(data, last->lower, lo, sizeof lo);
        chart_format_value(data, last->upper, hi, sizeof hi);
        add(entries, count, LEGEND_LIMITS,
            "Process limits: mean \xC2\xB1 2.66 \xC3\x97 mean moving range (%s to %s)", lo, hi);
    } else {
        add(entries, count, LEGEND_LIMITS, "Process limits: not enough data yet");
    }
    bool trial = false;
    for (int s = 0; s < data->xmr.n_segments; s++)
        trial |= data->xmr.segments[s].trial && data->xmr.segments[s].has_limits;
    if (trial)
        add(entries, count, LEGEND_TRIAL, "Trial limits: fewer than %d points to set them",
            SPC_MIN_BASELINE);
}

static void run_lines(const chart_data *data, chart_legend_entry *entries, int *count)
{
    char median[32];
    chart_format_value(data, data->run.median, median, sizeof median);
    add(entries, count, LEGEND_CENTRE, "Median: %s", data->run.n_values > 0 ? median : "no data");
}

static void runs_note(const run_result *run, chart_legend_entry *entries, int *count)
{
    if (!run->runs_judged) {
        add(entries, count, LEGEND_NOTE,
            "Runs: %d (not judged: needs %d to %d points off the median, has %d)", run->runs,
            RUN_TABLE_MIN, RUN_TABLE_MAX, run->useful);
        return;
    }
    chart_legend_entry *e;
    if (run->too_few_runs || run->too_many_runs) {
        e = add(entries, count, LEGEND_NOTE, "Too %s runs: %d (expected %d to %d for %d points)",
                run->too_few_runs ? "few" : "many", run->runs, run->runs_lower, run->runs_upper,
                run->useful);
        e->alert = true;
    } else {
        e = add(entries, count, LEGEND_NOTE, "Runs: %d (expected %d to %d for %d points)",
                run->runs, run->runs_lower, run->runs_upper, run->useful);
        e->active = false;
    }
}

int chart_legend(const chart_data *data, chart_legend_entry *entries)
{
    int count = 0;
    const char *value = data->in->y_label ? data->in->y_label : "Value";
    add(entries, &count, LEGEND_DATA, "%s", value);
    if (data->kind == CHART_XMR)
        xmr_lines(data, entries, &count);
    else
        run_lines(data, entries, &count);
    if (any_event(data, false))
        add(entries, &count, LEGEND_EVENT, "Intervention");
    if (any_event(data, true))
        add(entries, &count, LEGEND_EVENT_REBASE, "Intervention, limits recalculated from here");
    if (data->n_gaps > 0)
        add(entries, &count, LEGEND_GAP, "Gap: suppressed (too few responses) or no data");
    add(entries, &count, LEGEND_HEADING, "Signals");
    spc_signal rules[4];
    int n_rules = chart_data_rules(data->kind, rules);
    for (int r = 0; r < n_rules; r++) {
        bool found = (data->signals & (unsigned)rules[r]) != 0;
        chart_legend_entry *e = add(entries, &count, LEGEND_SIGNAL, "%s%s",
                                    spc_signal_label(rules[r]), found ? "" : " \xE2\x80\x94 none");
        e->signal = rules[r];
        e->active = found;
    }
    if (data->kind == CHART_RUN)
        runs_note(&data->run, entries, &count);
    add(entries, &count, LEGEND_NOTE, "%s",
        data->kind == CHART_XMR ? "Rules: NHS England \"Making Data Count\""
                                : "Rules: IHI run chart rules (Perla et al. 2011)");
    return count;
}
