/* gendata.h -- synthetic check-in data, written straight into a collector
 * store.
 *
 * For trying the report and its charts, for tests and for the benchmark:
 * N answers over M sites x K areas and D days, shaped like the real thing:
 *
 *   - scores 1..5 around a site/area level, lower on night shifts and at
 *     weekends, a little lower in winter, with noise;
 *   - fewer answers at weekends, about a third on night shifts;
 *   - follow-up choices from the question set of a real content pack
 *     (assets/content), more of "what affected you" after a hard shift;
 *   - some toolkit item openings per kiosk per day;
 *   - step changes: from an intervention's day on, its site/area's mean
 *     score moves by its delta, and the intervention is recorded in the
 *     store's intervention table (with rebaseline on), as an analyst would.
 *
 * Rows go in through the answer/answer_choice/item_use tables, so the
 * store's triggers keep the rollups exactly as for collected answers. The
 * same seed writes the same rows (answer ids included).
 *
 * Ownership: gendata_write() borrows the database handle, the options and
 * the content pack for the call.
 */
#ifndef SR_GENDATA_H
#define SR_GENDATA_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/content.h"
#include "core/status.h"

#define GENDATA_MAX_SITES 200
#define GENDATA_MAX_AREAS 50          /* per site */
#define GENDATA_MAX_DAYS 3660
#define GENDATA_MAX_ANSWERS 1000000000LL
#define GENDATA_MAX_INTERVENTIONS 16
#define GENDATA_LABEL_MAX 121          /* the intervention table's limit + NUL */
#define GENDATA_NAME_MAX 48
#define GENDATA_DEFAULT_BATCH 50000    /* rows per transaction */

typedef struct gendata_intervention {
    int day;                       /* local day number it begins */
    char label[GENDATA_LABEL_MAX];
    double delta;                  /* added to the mean score from that day */
    int site;                      /* 0-based; -1 = every site */
    int area;                      /* 0-based within the site; -1 = every area */
} gendata_intervention;

typedef struct gendata_options {
    long long answers;             /* 1..GENDATA_MAX_ANSWERS */
    int sites;                     /* 1..GENDATA_MAX_SITES */
    int areas_per_site;            /* 1..GENDATA_MAX_AREAS */
    int days;                      /* 1..GENDATA_MAX_DAYS */
    int start_day;                 /* local day number of the first day */
    unsigned long long seed;
    int n_interventions;
    gendata_intervention interventions[GENDATA_MAX_INTERVENTIONS];
    int batch_rows;                /* rows per transaction, >= 1 */
    bool followups;                /* write follow-up choices */
    bool item_uses;                /* write toolkit openings too */
    FILE *progress;                /* a line per million answers; NULL: quiet */
} gendata_options;

typedef struct gendata_stats {
    long long answers, choices, uses, devices;
    double seconds;
} gendata_stats;

/* 1000 answers, 3 sites x 4 areas, 90 days from 90 days before today,
 * seed 1, no interventions, 50000-row transactions, follow-ups and item
 * uses on. */
void gendata_options_default(gendata_options *options);

/* Parses "DATE:LABEL:DELTA[:SITE[:AREA]]", e.g. "2025-03-03:yoga
 * began:+0.4:2" (SITE and AREA are 1-based numbers, as in the names
 * gendata prints; absent = all). Returns SR_E_INVALID with the reason. */
sr_status gendata_parse_intervention(const char *text, gendata_intervention *out, char *err,
                                     size_t err_size);

/* The generated names: site 0 -> "St Elsewhere General", area 0 ->
 * "Emergency Department", ... */
void gendata_site_name(int site, char *out, size_t size);
void gendata_area_name(int area, char *out, size_t size);

/* Writes the data into db (a collector store from collector_schema_open)
 * in transactions of options->batch_rows rows, with prepared statements.
 * The pack gives the question set (its first question a scale with
 * values 1..5), follow-up options and toolkit items. Returns SR_OK and
 * fills stats (may be NULL); SR_E_INVALID for bad options (reason in err);
 * SR_E_IO / SR_E_FULL / SR_E_NOMEM with the SQLite message. A failure rolls
 * back the transaction in progress (earlier ones stay). */
sr_status gendata_write(sqlite3 *db, const gendata_options *options, const content_pack *pack,
                        gendata_stats *stats, char *err, size_t err_size);

#endif
