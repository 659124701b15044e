/* report_spec.h -- what an analyst asks of the report: grouping, filters,
 * measures, and the suppression threshold k.
 *
 * Dimensions are the rollup's columns (site, area, staff group, shift band,
 * question set) plus at most one period (day, week or month). Order
 * matters: it is the order of the output's columns, and it shapes the
 * table that suppression protects (report_table.h): rows are the
 * combinations of all dimensions but the last, columns the last one's
 * values.
 *
 * Area names are only unique within a site ("Ward 7" exists in many
 * hospitals), so grouping by area without site adds site just before it.
 *
 * Ownership: filter values are borrowed (typically from argv) and must
 * outlive the spec.
 */
#ifndef SR_REPORT_SPEC_H
#define SR_REPORT_SPEC_H

#include <stdbool.h>
#include <stddef.h>

#include "report/report_period.h"

#define REPORT_MAX_DIMS 6
#define REPORT_MAX_FILTER_VALUES 32

/* The first REPORT_COLUMN_DIMS are rollup columns, in the rollup's
 * primary-key order (the query relies on that order). */
typedef enum report_dim {
    REPORT_DIM_SITE,
    REPORT_DIM_AREA,
    REPORT_DIM_STAFF_GROUP,
    REPORT_DIM_SHIFT,
    REPORT_DIM_QUESTION_SET,
    REPORT_DIM_PERIOD
} report_dim;
#define REPORT_COLUMN_DIMS 5

enum {
    REPORT_MEASURE_SCORES = 1 << 0,    /* answers, mean score, low and high shares */
    REPORT_MEASURE_FOLLOWUPS = 1 << 1, /* count per follow-up option */
    REPORT_MEASURE_ITEMS = 1 << 2,     /* toolkit item views */
    REPORT_MEASURE_ALL = 7
};

typedef struct report_filter {
    int n;                                       /* 0: no filter */
    const char *value[REPORT_MAX_FILTER_VALUES]; /* any of these, borrowed */
} report_filter;

typedef struct report_spec {
    int n_dims;
    report_dim dims[REPORT_MAX_DIMS];
    report_grain grain;                  /* when REPORT_DIM_PERIOD is a dim */
    bool has_from, has_to;
    int from_day, to_day;                /* inclusive local day numbers */
    report_filter filter[REPORT_COLUMN_DIMS];
    unsigned measures;                   /* REPORT_MEASURE_* */
    bool measures_explicit;              /* asked for by name, not the default */
    int k;                               /* suppression threshold, >= 3 */
} report_spec;

/* No grouping, no filters, every measure (items where possible), k = 5. */
void report_spec_default(report_spec *spec);

/* Parses "site,area,week" into spec->dims (and grain). Returns false with
 * the reason in err (an unknown name, a dimension twice, two periods). */
bool report_spec_parse_dims(report_spec *spec, const char *text, char *err, size_t err_size);

/* Parses "scores,followups,items" into spec->measures. */
bool report_spec_parse_measures(report_spec *spec, const char *text, char *err, size_t err_size);

/* Final checks and normalisation (area brings site; k >= 3; from <= to;
 * items are dropped when grouped or filtered by shift or question set,
 * which toolkit views do not have -- an error if they were asked for by
 * name). Returns false with the reason in err. notes (may be NULL) gets a
 * line to tell the analyst when something was adjusted ("" otherwise). */
bool report_spec_check(report_spec *spec, char *err, size_t err_size, char *notes,
                       size_t notes_size);

/* The name of a dimension in this spec: "site", ..., or for the period the
 * grain's name ("week"). Static. */
const char *report_spec_dim_name(const report_spec *spec, report_dim dim);

/* True when dim is one of spec's dimensions. */
bool report_spec_has_dim(const report_spec *spec, report_dim dim);

#endif
