/* intervention.h -- dated changes an analyst wants to see on the charts
 * ("yoga sessions began"), kept in the store's intervention table.
 *
 * An intervention belongs to a site ("" = every site) and optionally one
 * area of it ("" = the whole site), begins on a local day, and may ask the
 * XmR chart to recalculate its limits from there (rebaseline).
 *
 * Which interventions a chart shows: those that apply to everything the
 * chart counts. A chart of one area shows that area's, its site's and the
 * every-site ones; a chart of one site shows the site's and every-site
 * ones (not one ward's: it changed only part of what is plotted); a chart
 * of several sites or of all shows only every-site ones.
 *
 * Ownership: lists are malloc'ed arrays the caller frees with free().
 */
#ifndef SR_INTERVENTION_H
#define SR_INTERVENTION_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"

#define INTERVENTION_LABEL_MAX_CHARS 120 /* the table's CHECK */
#define INTERVENTION_TEXT_MAX 484        /* 120 characters of UTF-8 + NUL */
#define INTERVENTION_NAME_MAX 256

typedef struct intervention {
    long long id;
    int day;
    char site[INTERVENTION_NAME_MAX]; /* "" = every site */
    char area[INTERVENTION_NAME_MAX]; /* "" = the whole site */
    char label[INTERVENTION_TEXT_MAX];
    bool rebaseline;
} intervention;

/* Checks a label: 1..120 characters of valid UTF-8, no control
 * characters. Returns false with the reason in err. */
bool intervention_label_ok(const char *label, char *err, size_t err_size);

/* Records iv (its id is ignored); the new id in *id. SR_E_INVALID for a
 * bad label or an area without a site. */
sr_status intervention_add(sqlite3 *db, const intervention *iv, long long *id, char *err,
                           size_t err_size);

/* Deletes intervention id. SR_E_NOTFOUND when there is none. */
sr_status intervention_remove(sqlite3 *db, long long id, char *err, size_t err_size);

/* Every intervention, or (site non-NULL) those of that site and of every
 * site, ordered by day. */
sr_status intervention_list(sqlite3 *db, const char *site, intervention **list, int *n, char *err,
                            size_t err_size);

/* Those a chart of site (NULL: several or all sites) and area (NULL: the
 * whole site or more) shows, by day (see above). */
sr_status intervention_for_chart(sqlite3 *db, const char *site, const char *area,
                                 intervention **list, int *n, char *err, size_t err_size);

/* Whether the store has any rollup for site (and area, if non-NULL): to
 * warn about a misspelt name. */
bool intervention_place_known(sqlite3 *db, const char *site, const char *area);

#endif
