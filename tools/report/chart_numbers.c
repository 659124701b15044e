/* chart_numbers.c -- the numbers behind a chart, as CSV or JSON.
 *
 * One row (or JSON object) per period with the value and everything drawn
 * for it: centre line, limits, moving range, side, signals. A number that
 * does not exist (a gap's value, limits of a segment with no moving range)
 * is an empty CSV cell or a JSON null, never 0 or NaN, so a spreadsheet
 * does not average it in. CSV follows RFC 4180 (quotes doubled, fields with
 * a comma, quote or line break quoted).
 */
#include "report/chart.h"

#include <cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/chart_data.h"

static void csv_text(FILE *out, const char *text)
{
    if (strpbrk(text, ",\"\r\n") == NULL) {
        fputs(text, out);
        return;
    }
    fputc('"', out);
    for (const char *p = text; *p; p++) {
        if (*p == '"')
            fputc('"', out);
        fputc(*p, out);
    }
    fputc('"', out);
}

/* ",<number>" or "," when the number does not exist. */
static void csv_number(FILE *out, bool exists, double v)
{
    if (exists && isfinite(v))
        fprintf(out, ",%.10g", v);
    else
        fputc(',', out);
}

static const char *side_name(spc_side side, bool missing)
{
    if (missing)
        return "";
    return side == SPC_SIDE_ABOVE ? "above" : side == SPC_SIDE_BELOW ? "below" : "on";
}

static void csv_lead(FILE *out, const chart_data *d, int i)
{
    char buf[32];
    const spc_point *p = &d->in->points[i];
    fprintf(out, "%d,", i);
    csv_text(out, chart_data_label(d, i, buf, sizeof buf));
    csv_number(out, !p->missing, p->value);
    fprintf(out, ",%s", p->missing ? "true" : "false");
}

static void csv_xmr(FILE *out, const chart_data *d)
{
    char signals[256];
    fputs("index,label,value,missing,segment,trial,mean,mean_moving_range,moving_range,"
          "lower_limit,upper_limit,lower_inner,upper_inner,side,signals\r\n", out);
    for (int i = 0; i < d->in->n; i++) {
        const spc_xmr_point *xp = &d->xmr.points[i];
        const spc_segment *seg = &d->xmr.segments[xp->segment];
        csv_lead(out, d, i);
        fprintf(out, ",%d,%s", xp->segment, seg->trial ? "true" : "false");
        csv_number(out, seg->n_values > 0, seg->mean);
        csv_number(out, seg->has_limits, seg->mean_moving_range);
        csv_number(out, xp->has_moving_range, xp->moving_range);
        csv_number(out, seg->has_limits, seg->lower);
        csv_number(out, seg->has_limits, seg->upper);
        csv_number(out, seg->has_limits, seg->lower_inner);
        csv_number(out, seg->has_limits, seg->upper_inner);
        spc_signals_format(xp->signals, ";", signals, sizeof signals);
        fprintf(out, ",%s,%s\r\n", side_name(xp->side, d->in->points[i].missing), signals);
    }
}

static const char *runs_signal(const run_result *run)
{
    return run->too_few_runs ? "too-few" : run->too_many_runs ? "too-many" : "";
}

static void csv_run(FILE *out, const chart_data *d)
{
    char signals[256];
    const run_result *run = &d->run;
    fputs("index,label,value,missing,median,side,signals,runs,runs_lower,runs_upper,"
          "runs_signal\r\n", out);
    for (int i = 0; i < d->in->n; i++) {
        csv_lead(out, d, i);
        csv_number(out, run->n_values > 0, run->median);
        spc_signals_format(run->points[i].signals, ";", signals, sizeof signals);
        fprintf(out, ",%s,%s,%d", side_name(run->points[i].side, d->in->points[i].missing),
                signals, run->runs);
        csv_number(out, run->runs_judged, run->runs_lower);
        csv_number(out, run->runs_judged, run->runs_upper);
        fprintf(out, ",%s\r\n", runs_signal(run));
    }
}

/* ---- JSON ------------------------------------------------------------------ */

static void json_number(cJSON *obj, const char *key, bool exists, double v)
{
    if (exists && isfinite(v))
        cJSON_AddNumberToObject(obj, key, v);
    else
        cJSON_AddNullToObject(obj, key);
}

static cJSON *json_signals(unsigned signals)
{
    cJSON *list = cJSON_CreateArray();
    for (unsigned bit = 1; bit <= RUN_ASTRONOMICAL; bit <<= 1)
        if (signals & bit)
            cJSON_AddItemToArray(list, cJSON_CreateString(spc_signal_name((spc_signal)bit)));
    return list;
}

static cJSON *json_point(const chart_data *d, int i)
{
    char buf[32];
    const spc_point *p = &d->in->points[i];
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "index", i);
    cJSON_AddStringToObject(o, "label", chart_data_label(d, i, buf, sizeof buf));
    json_number(o, "value", !p->missing, p->value);
    cJSON_AddBoolToObject(o, "missing", p->missing);
    if (d->kind == CHART_XMR) {
        const spc_xmr_point *xp = &d->xmr.points[i];
        cJSON_AddNumberToObject(o, "segment", xp->segment);
        json_number(o, "moving_range", xp->has_moving_range, xp->moving_range);
        cJSON_AddStringToObject(o, "side", side_name(xp->side, p->missing));
        cJSON_AddItemToObject(o, "signals", json_signals(xp->signals));
    } else {
        cJSON_AddStringToObject(o, "side", side_name(d->run.points[i].side, p->missing));
        cJSON_AddItemToObject(o, "signals", json_signals(d->run.points[i].signals));
    }
    return o;
}

static cJSON *json_segment(const spc_segment *seg)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "first", seg->first);
    cJSON_AddNumberToObject(o, "count", seg->count);
    cJSON_AddNumberToObject(o, "values", seg->n_values);
    cJSON_AddBoolToObject(o, "trial", seg->trial);
    json_number(o, "mean", seg->n_values > 0, seg->mean);
    json_number(o, "mean_moving_range", seg->has_limits, seg->mean_moving_range);
    json_number(o, "lower_limit", seg->has_limits, seg->lower);
    json_number(o, "upper_limit", seg->has_limits, seg->upper);
    json_number(o, "lower_inner", seg->has_limits, seg->lower_inner);
    json_number(o, "upper_inner", seg->has_limits, seg->upper_inner);
    return o;
}

static cJSON *json_runs(const run_result *run)
{
    cJSON *o = cJSON_CreateObject();
    json_number(o, "median", run->n_values > 0, run->median);
    cJSON_AddNumberToObject(o, "runs", run->runs);
    cJSON_AddNumberToObject(o, "useful", run->useful);
    cJSON_AddBoolToObject(o, "judged", run->runs_judged);
    json_number(o, "runs_lower", run->runs_judged, run->runs_lower);
    json_number(o, "runs_upper", run->runs_judged, run->runs_upper);
    cJSON_AddBoolToObject(o, "too_few", run->too_few_runs);
    cJSON_AddBoolToObject(o, "too_many", run->too_many_runs);
    return o;
}

static cJSON *json_chart(const chart_data *d)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "kind", d->kind == CHART_XMR ? "xmr" : "run");
    cJSON_AddStringToObject(root, "title", d->in->title);
    cJSON *points = cJSON_AddArrayToObject(root, "points");
    for (int i = 0; i < d->in->n; i++)
        cJSON_AddItemToArray(points, json_point(d, i));
    if (d->kind == CHART_XMR) {
        cJSON *segments = cJSON_AddArrayToObject(root, "segments");
        for (int s = 0; s < d->xmr.n_segments; s++)
            cJSON_AddItemToArray(segments, json_segment(&d->xmr.segments[s]));
    } else {
        cJSON_AddItemToObject(root, "runs", json_runs(&d->run));
    }
    cJSON *events = cJSON_AddArrayToObject(root, "events");
    for (int e = 0; e < d->in->n_events; e++) {
        cJSON *ev = cJSON_CreateObject();
        cJSON_AddNumberToObject(ev, "index", d->in->events[e].index);
        cJSON_AddStringToObject(ev, "label", d->in->events[e].label ? d->in->events[e].label : "");
        cJSON_AddBoolToObject(ev, "rebaseline", d->in->events[e].rebaseline);
        cJSON_AddItemToArray(events, ev);
    }
    return root;
}

static sr_status write_json(FILE *out, const chart_data *d, char *err, size_t err_size)
{
    cJSON *root = json_chart(d);
    char *text = root ? cJSON_Print(root) : NULL;
    cJSON_Delete(root);
    if (text == NULL) {
        snprintf(err, err_size, "chart '%s': out of memory writing JSON", d->in->title);
        return SR_E_NOMEM;
    }
    fputs(text, out);
    fputc('\n', out);
    cJSON_free(text);
    return SR_OK;
}

sr_status chart_write_numbers(const chart_input *in, chart_kind kind,
                              chart_numbers_format format, FILE *out,
                              char *err, size_t err_size)
{
    chart_data d;
    sr_status st = chart_data_build(in, kind, &d, err, err_size);
    if (st != SR_OK)
        return st;
    if (format == CHART_NUMBERS_JSON)
        st = write_json(out, &d, err, err_size);
    else if (kind == CHART_XMR)
        csv_xmr(out, &d);
    else
        csv_run(out, &d);
    if (st == SR_OK && (fflush(out) != 0 || ferror(out))) {
        snprintf(err, err_size, "chart '%s': writing the numbers: %s", in->title,
                 strerror(errno));
        st = SR_E_IO;
    }
    chart_data_free(&d);
    return st;
}
