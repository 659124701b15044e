/* chart_data.h -- (internal to chart*.c) a validated chart_input with its
 * rules already run: what chart_draw.c draws and chart_numbers.c prints,
 * computed once so the picture and the numbers can never disagree.
 *
 * Ownership: chart_data borrows `in` (which must outlive it) and owns the
 * spc results and the rebaseline list; chart_data_free() releases them and
 * accepts a zeroed or already-freed chart_data.
 */
#ifndef SR_CHART_DATA_H
#define SR_CHART_DATA_H

#include <stdbool.h>
#include <stddef.h>

#include "report/chart.h"
#include "report/spc.h"

typedef struct chart_data {
    const chart_input *in;   /* borrowed */
    chart_kind kind;
    int width, height;       /* resolved (defaults applied) */
    spc_result xmr;          /* filled when kind == CHART_XMR */
    run_result run;          /* filled when kind == CHART_RUN */
    int *rebaseline;         /* sorted segment starts taken from events (owned) */
    int n_rebaseline;
    int n_gaps;              /* missing points */
    unsigned signals;        /* OR of every point's signals */
} chart_data;

/* Validates `in` and runs the rules of `kind`. Returns SR_OK, SR_E_INVALID
 * (message in err names the field and the reason) or SR_E_NOMEM. */
sr_status chart_data_build(const chart_input *in, chart_kind kind, chart_data *out,
                           char *err, size_t err_size);
void chart_data_free(chart_data *data);

/* The signals of point i, whichever chart this is. */
unsigned chart_data_point_signals(const chart_data *data, int i);

/* The x label of point i: in->x_labels[i], or "i+1" written into buf. */
const char *chart_data_label(const chart_data *data, int i, char *buf, size_t size);

/* The signal flags this kind of chart can raise, in legend order. Returns
 * how many were written to flags (at most 4). */
int chart_data_rules(chart_kind kind, spc_signal flags[4]);

#endif
