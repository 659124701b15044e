/* chart_data.c -- checks a chart_input and runs the spc rules on it once.
 *
 * Both outputs of a chart (the picture and the numbers behind it) start
 * here, so a bad input is refused with the same message whichever the
 * caller asked for, and both show the same limits and signals.
 */
#include "report/chart_data.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static sr_status refuse(char *err, size_t err_size, const char *fmt, ...)
{
    if (err_size > 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, err_size, fmt, ap);
        va_end(ap);
    }
    return SR_E_INVALID;
}

static sr_status check_input(const chart_input *in, char *err, size_t err_size)
{
    if (in == NULL || in->title == NULL || in->title[0] == '\0')
        return refuse(err, err_size, "chart: title: required");
    if (in->n < 1 || in->n > SPC_MAX_POINTS || in->points == NULL)
        return refuse(err, err_size, "chart '%s': n: %d points, must be 1..%d", in->title,
                      in->n, SPC_MAX_POINTS);
    for (int i = 0; i < in->n; i++)
        if (!in->points[i].missing && !isfinite(in->points[i].value))
            return refuse(err, err_size, "chart '%s': point %d: value is not a finite number",
                          in->title, i);
    if (in->n_events < 0 || (in->n_events > 0 && in->events == NULL))
        return refuse(err, err_size, "chart '%s': events: %d events but no array", in->title,
                      in->n_events);
    for (int e = 0; e < in->n_events; e++)
        if (in->events[e].index < 0 || in->events[e].index > in->n)
            return refuse(err, err_size, "chart '%s': event %d ('%s'): index %d, must be 0..%d",
                          in->title, e, in->events[e].label ? in->events[e].label : "",
                          in->events[e].index, in->n);
    int w = in->width ? in->width : CHART_DEFAULT_WIDTH;
    int h = in->height ? in->height : CHART_DEFAULT_HEIGHT;
    if (w < CHART_MIN_WIDTH || w > CHART_MAX_SIDE || h < CHART_MIN_HEIGHT || h > CHART_MAX_SIDE)
        return refuse(err, err_size, "chart '%s': size: %dx%d, must be %d..%d x %d..%d",
                      in->title, w, h, CHART_MIN_WIDTH, CHART_MAX_SIDE, CHART_MIN_HEIGHT,
                      CHART_MAX_SIDE);
    return SR_OK;
}

static int compare_ints(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Segment starts from the events that ask for new limits, sorted; events
 * at 0 or n have no points on one side and start nothing. */
static sr_status collect_rebaseline(const chart_input *in, chart_data *out)
{
    out->rebaseline = malloc(((size_t)in->n_events + 1) * sizeof *out->rebaseline);
    if (out->rebaseline == NULL)
        return SR_E_NOMEM;
    for (int e = 0; e < in->n_events; e++) {
        int at = in->events[e].index;
        if (in->events[e].rebaseline && at > 0 && at < in->n)
            out->rebaseline[out->n_rebaseline++] = at;
    }
    qsort(out->rebaseline, (size_t)out->n_rebaseline, sizeof *out->rebaseline, compare_ints);
    return SR_OK;
}

sr_status chart_data_build(const chart_input *in, chart_kind kind, chart_data *out,
                           char *err, size_t err_size)
{
    memset(out, 0, sizeof *out);
    if (err_size > 0)
        err[0] = '\0';
    sr_status st = check_input(in, err, err_size);
    if (st != SR_OK)
        return st;
    out->in = in;
    out->kind = kind;
    out->width = in->width ? in->width : CHART_DEFAULT_WIDTH;
    out->height = in->height ? in->height : CHART_DEFAULT_HEIGHT;
    for (int i = 0; i < in->n; i++)
        out->n_gaps += in->points[i].missing;
    st = collect_rebaseline(in, out);
    if (st != SR_OK)
        goto fail;
    if (kind == CHART_XMR) {
        st = spc_xmr(in->points, in->n, out->rebaseline, out->n_rebaseline, &out->xmr);
        out->signals = out->xmr.any_signals;
    } else {
        st = spc_run_chart(in->points, in->n, &out->run);
        out->signals = out->run.any_signals;
    }
    if (st != SR_OK)
        goto fail;
    return SR_OK;
fail:
    if (err_size > 0 && err[0] == '\0')
        snprintf(err, err_size, "chart '%s': %s", in->title, sr_status_str(st));
    chart_data_free(out);
    return st;
}

void chart_data_free(chart_data *data)
{
    if (data == NULL)
        return;
    spc_xmr_free(&data->xmr);
    run_result_free(&data->run);
    free(data->rebaseline);
    memset(data, 0, sizeof *data);
}

unsigned chart_data_point_signals(const chart_data *data, int i)
{
    return data->kind == CHART_XMR ? data->xmr.points[i].signals : data->run.points[i].signals;
}

const char *chart_data_label(const chart_data *data, int i, char *buf, size_t size)
{
    if (data->in->x_labels != NULL && data->in->x_labels[i] != NULL)
        return data->in->x_labels[i];
    snprintf(buf, size, "%d", i + 1);
    return buf;
}

int chart_data_rules(chart_kind kind, spc_signal flags[4])
{
    if (kind == CHART_XMR) {
        flags[0] = SPC_OUTSIDE_LIMITS;
        flags[1] = SPC_TWO_OF_THREE;
        flags[2] = SPC_SHIFT;
        flags[3] = SPC_TREND;
        return 4;
    }
    flags[0] = RUN_ASTRONOMICAL;
    flags[1] = RUN_SHIFT;
    flags[2] = RUN_TREND;
    return 3;
}
