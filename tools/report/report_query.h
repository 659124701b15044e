/* report_query.h -- filling a report table from the collector store's
 * rollups (never from raw answers).
 *
 * Three reads, each one SQL statement with bound parameters for every
 * filter value:
 *
 *   rollup          answers, score sums, low and high counts
 *   rollup_choice   follow-up option counts (REPORT_MEASURE_FOLLOWUPS)
 *   rollup_use      toolkit item views (REPORT_MEASURE_ITEMS)
 *
 * The rollup's key is (day, site, area, staff_group, shift, question_set).
 * The scores query groups by day and the shortest prefix of that key that
 * holds every dimension asked for, so SQLite adds up in key order as it
 * scans (no sort) and hands back one row per day and group; the table adds
 * days into periods. A date range is a range of that key.
 *
 * Ownership: the database handle and the table are borrowed for the call.
 */
#ifndef SR_REPORT_QUERY_H
#define SR_REPORT_QUERY_H

#include <sqlite3.h>
#include <stddef.h>

#include "core/status.h"
#include "report/report_table.h"

/* Reads what report_table_spec(table) asks for into table (not finished).
 * Returns SR_OK, or SR_E_IO / SR_E_CORRUPT / SR_E_BUSY / SR_E_NOMEM with
 * the SQLite message in err. */
sr_status report_query_run(sqlite3 *db, report_table *table, char *err, size_t err_size);

#endif
