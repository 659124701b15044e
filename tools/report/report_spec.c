/* report_spec.c -- parsing and checking what the analyst asked for.
 *
 * Every refusal names the offending word and lists what would have been
 * accepted, because the person reading it is an analyst with a command
 * line, not the author of this file.
 */
#include "report_spec.h"

#include <stdio.h>
#include <string.h>

#include "report/suppress.h"

static const char *const COLUMN_DIM_NAMES[REPORT_COLUMN_DIMS] = {
    "site", "area", "staff-group", "shift", "question-set"};

#define DIM_LIST "site, area, staff-group, shift, question-set, day, week, month"

void report_spec_default(report_spec *spec)
{
    memset(spec, 0, sizeof *spec);
    spec->grain = REPORT_GRAIN_WEEK;
    spec->measures = REPORT_MEASURE_ALL;
    spec->k = SUPPRESS_DEFAULT_K;
}

const char *report_spec_dim_name(const report_spec *spec, report_dim dim)
{
    if (dim == REPORT_DIM_PERIOD)
        return report_grain_name(spec->grain);
    return dim < REPORT_COLUMN_DIMS ? COLUMN_DIM_NAMES[dim] : "?";
}

bool report_spec_has_dim(const report_spec *spec, report_dim dim)
{
    for (int i = 0; i < spec->n_dims; i++)
        if (spec->dims[i] == dim)
            return true;
    return false;
}

/* One dimension name (len characters of word) into *dim (and grain). */
static bool parse_dim(report_spec *spec, const char *word, size_t len, report_dim *dim)
{
    for (int i = 0; i < REPORT_COLUMN_DIMS; i++)
        if (strlen(COLUMN_DIM_NAMES[i]) == len && strncmp(COLUMN_DIM_NAMES[i], word, len) == 0) {
            *dim = (report_dim)i;
            return true;
        }
    char grain_name[8];
    if (len >= sizeof grain_name)
        return false;
    memcpy(grain_name, word, len);
    grain_name[len] = '\0';
    if (!report_parse_grain(grain_name, &spec->grain))
        return false;
    *dim = REPORT_DIM_PERIOD;
    return true;
}

bool report_spec_parse_dims(report_spec *spec, const char *text, char *err, size_t err_size)
{
    spec->n_dims = 0;
    const char *p = text;
    while (*p) {
        size_t len = strcspn(p, ",");
        report_dim dim;
        if (len == 0) {
            snprintf(err, err_size, "--by: '%s' has an empty name (use e.g. site,week)", text);
            return false;
        }
        if (!parse_dim(spec, p, len, &dim)) {
            snprintf(err, err_size, "--by: '%.*s' is not one of " DIM_LIST, (int)len, p);
            return false;
        }
        if (report_spec_has_dim(spec, dim)) {
            snprintf(err, err_size, "--by: '%s' names %s twice (one period at most)", text,
                     dim == REPORT_DIM_PERIOD ? "a period" : report_spec_dim_name(spec, dim));
            return false;
        }
        spec->dims[spec->n_dims++] = dim;
        p += len;
        if (*p == ',')
            p++;
    }
    return true;
}

bool report_spec_parse_measures(report_spec *spec, const char *text, char *err, size_t err_size)
{
    static const struct {
        const char *name;
        unsigned flag;
    } NAMES[] = {{"scores", REPORT_MEASURE_SCORES},
                 {"followups", REPORT_MEASURE_FOLLOWUPS},
                 {"items", REPORT_MEASURE_ITEMS},
                 {"all", REPORT_MEASURE_ALL}};
    unsigned measures = 0;
    for (const char *p = text; *p;) {
        size_t len = strcspn(p, ",");
        bool known = false;
        for (size_t i = 0; i < sizeof NAMES / sizeof NAMES[0]; i++)
            if (strlen(NAMES[i].name) == len && strncmp(NAMES[i].name, p, len) == 0) {
                measures |= NAMES[i].flag;
                known = true;
            }
        if (!known) {
            snprintf(err, err_size, "--measures: '%.*s' is not one of scores, followups, items, all",
                     (int)len, p);
            return false;
        }
        p += len;
        if (*p == ',')
            p++;
    }
    if (!measures) {
        snprintf(err, err_size, "--measures: name at least one of scores, followups, items");
        return false;
    }
    spec->measures = measures;
    spec->measures_explicit = true;
    return true;
}

/* Area names repeat across sites: grouping by area groups by site too. */
static void area_brings_site(report_spec *spec, char *notes, size_t notes_size)
{
    if (!report_spec_has_dim(spec, REPORT_DIM_AREA) || report_spec_has_dim(spec, REPORT_DIM_SITE) ||
        spec->n_dims >= REPORT_MAX_DIMS)
        return;
    int at = 0;
    while (spec->dims[at] != REPORT_DIM_AREA)
        at++;
    memmove(&spec->dims[at + 1], &spec->dims[at], sizeof spec->dims[0] * (size_t)(spec->n_dims - at));
    spec->dims[at] = REPORT_DIM_SITE;
    spec->n_dims++;
    if (notes)
        snprintf(notes, notes_size, "note: grouping by site as well as area (area names repeat "
                                    "across sites)\n");
}

bool report_spec_check(report_spec *spec, char *err, size_t err_size, char *notes,
                       size_t notes_size)
{
    if (notes && notes_size)
        notes[0] = '\0';
    if (spec->k < SUPPRESS_MIN_K) {
        snprintf(err, err_size, "--k: %d is below %d: smaller groups could identify a person",
                 spec->k, SUPPRESS_MIN_K);
        return false;
    }
    if (spec->has_from && spec->has_to && spec->from_day > spec->to_day) {
        char from[REPORT_DATE_MAX], to[REPORT_DATE_MAX];
        report_format_date(spec->from_day, from);
        report_format_date(spec->to_day, to);
        snprintf(err, err_size, "--from %s is after --to %s", from, to);
        return false;
    }
    area_brings_site(spec, notes, notes_size);
    bool by_shift_or_set = report_spec_has_dim(spec, REPORT_DIM_SHIFT) ||
                           report_spec_has_dim(spec, REPORT_DIM_QUESTION_SET) ||
                           spec->filter[REPORT_DIM_SHIFT].n || spec->filter[REPORT_DIM_QUESTION_SET].n;
    if ((spec->measures & REPORT_MEASURE_ITEMS) && by_shift_or_set) {
        if (spec->measures_explicit) {
            snprintf(err, err_size, "--measures items: toolkit item views are counted per day, "
                                    "not per shift or question set; group and filter without them");
            return false;
        }
        spec->measures &= ~(unsigned)REPORT_MEASURE_ITEMS;
    }
    return true;
}
