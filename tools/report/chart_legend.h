/* chart_legend.h -- (internal to chart*.c) the entries of a chart's key:
 * which line styles, markers and notes a reader needs to read this chart,
 * with their words. chart_draw.c draws them; chart.c also writes them into
 * the SVG's <desc> so the key is searchable and read out by screen readers.
 */
#ifndef SR_CHART_LEGEND_H
#define SR_CHART_LEGEND_H

#include <stdbool.h>

#include "report/chart_data.h"

#define CHART_LEGEND_MAX 16
#define CHART_LEGEND_TEXT 200

typedef enum chart_legend_sample {
    LEGEND_DATA,           /* the value line with a plain point */
    LEGEND_CENTRE,         /* mean or median */
    LEGEND_LIMITS,         /* process limits */
    LEGEND_TRIAL,          /* trial limits */
    LEGEND_EVENT,          /* intervention */
    LEGEND_EVENT_REBASE,   /* intervention with new limits */
    LEGEND_GAP,            /* suppressed or missing period */
    LEGEND_HEADING,        /* a bold heading, no sample */
    LEGEND_SIGNAL,         /* a signal's marker */
    LEGEND_NOTE            /* plain text, no sample */
} chart_legend_sample;

typedef struct chart_legend_entry {
    chart_legend_sample sample;
    spc_signal signal;         /* LEGEND_SIGNAL only */
    bool active;               /* false: drawn greyed ("none on this chart") */
    bool alert;                /* a chart-level signal (too few/many runs): bold */
    char text[CHART_LEGEND_TEXT];
} chart_legend_entry;

/* Fills entries (at most CHART_LEGEND_MAX) and returns how many. */
int chart_legend(const chart_data *data, chart_legend_entry *entries);

/* Formats v with a precision that suits the chart's value range. */
void chart_format_value(const chart_data *data, double v, char *buf, size_t size);

#endif
