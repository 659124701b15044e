/* report_table.h -- a report's table: rollup rows in, privacy-safe rows out.
 *
 * The query (report_query.h) feeds the table rollup rows (sums per day and
 * group); the table adds them up into the analyst's groups, lays the groups
 * out as a two-dimensional table with margins, suppresses it
 * (suppress.h), and hands out the rows to print.
 *
 * The table that is protected, and the totals that are published:
 *
 *   no grouping      the grand total alone (hidden when below k)
 *   one dimension    one row: a cell per value, and the grand total
 *   d >= 2           rows = combinations of the first d - 1 dimensions,
 *                    columns = values of the last; each row's total, each
 *                    column's total, and the grand total
 *
 * Answers (with their scores) are protected on the answer count. A hidden
 * group hides its mean score and shares too: they are sums over the same
 * answers, so the same pattern protects them. Each follow-up option is its
 * own table of counts, suppressed on its own counts, and hidden wherever
 * the group's answers are hidden. Toolkit views per item likewise, on
 * their own counts (views are not answers, so a small answer count does
 * not hide them).
 *
 * Rows come out in this order: for each row of the table, its cells (only
 * groups that have answers or views) and then the row's total; then the
 * column totals; then the grand total. Keys name each dimension's value;
 * a total has REPORT_ALL in the dimensions it adds up over, and an empty
 * value (answers without a shift band or staff group) is REPORT_NONE.
 *
 * Ownership: report_table_create() returns a table the caller frees with
 * report_table_free() (accepts NULL). Strings passed in are copied. Rows
 * and names handed out are borrowed and live as long as the table.
 */
#ifndef SR_REPORT_TABLE_H
#define SR_REPORT_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"
#include "report/report_spec.h"

#define REPORT_ALL "(all)"
#define REPORT_SUPPRESSED "suppressed"
#define REPORT_NONE "(none)"   /* a key with no value (no shift band, no staff group) */
/* Values held for the whole table (entries x measures) before a report
 * is refused as too big (SR_E_LIMIT): about 256 MB. */
#define REPORT_MAX_VALUES (32L * 1024 * 1024)

typedef enum report_level {
    REPORT_LEVEL_CELL,
    REPORT_LEVEL_ROW_TOTAL,
    REPORT_LEVEL_COLUMN_TOTAL,
    REPORT_LEVEL_GRAND_TOTAL
} report_level;

typedef struct report_row {
    report_level level;
    const char *key[REPORT_MAX_DIMS];  /* per spec dimension, in spec order */
    int period_start;                  /* the row's period (a day number), or
                                        * REPORT_DAY_UNKNOWN; meaningless for
                                        * a total over periods */
    bool hidden;                       /* answers and scores suppressed */
    long long n, score_sum, n_low, n_high;
    const long long *followup;         /* report_table_followups() counts */
    const unsigned char *followup_hidden;
    const long long *views;            /* report_table_items() counts */
    const unsigned char *views_hidden;
} report_row;

typedef struct report_table report_table;

/* A new, empty table for spec (copied; its filter strings stay borrowed). */
sr_status report_table_create(const report_spec *spec, report_table **out);
void report_table_free(report_table *table);

/* The spec the table was made for (after report_spec_check). */
const report_spec *report_table_spec(const report_table *table);

/* Adding rollup rows. cols[REPORT_COLUMN_DIMS] are the row's site, area,
 * staff group, shift and question set (NULL for one the query did not
 * read because no dimension needs it); day is its day number. */
sr_status report_table_add_scores(report_table *table, const char *const cols[], int day,
                                  long long n, long long score_sum, long long n_low,
                                  long long n_high);
sr_status report_table_add_followup(report_table *table, const char *const cols[], int day,
                                    const char *question, const char *option, long long count);
sr_status report_table_add_views(report_table *table, const char *const cols[], int day,
                                 const char *item, long long count);

/* Adds up, lays out, suppresses. After it, only the readers below may be
 * called. Returns SR_OK; SR_E_LIMIT when the table would be too big (the
 * reason, with its size, in err); SR_E_NOMEM. */
sr_status report_table_finish(report_table *table, char *err, size_t err_size);

int report_table_rows(const report_table *table);
const report_row *report_table_row(const report_table *table, int i);

/* Follow-up options and toolkit items present, as "question:option" and
 * item ids, sorted. */
int report_table_followups(const report_table *table);
const char *report_table_followup_name(const report_table *table, int i);
int report_table_items(const report_table *table);
const char *report_table_item_name(const report_table *table, int i);

/* How many answer groups (cells and totals) were suppressed. */
int report_table_hidden_groups(const report_table *table);

#endif
