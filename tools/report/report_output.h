/* report_output.h -- a finished report table as CSV, JSON or a readable
 * table.
 *
 * The same columns in every format, in this order:
 *
 *   level         group | row-total | column-total | total
 *   <dimensions>  one per --by name, in that order; "(all)" in a total
 *   answers       number of answers
 *   mean_score    mean of the 1..5 scores            (measure "scores")
 *   low_share     share of scores 1-2, 0..1          (measure "scores")
 *   high_share    share of scores 4-5, 0..1          (measure "scores")
 *   QUESTION:OPTION  answers choosing that follow-up (measure "followups")
 *   views:ITEM    toolkit item openings              (measure "items")
 *
 * A suppressed value is the word "suppressed" -- in CSV, in JSON (a string
 * where a number would be) and in the table -- never 0 and never empty. A
 * mean or share of a group without answers (toolkit views only) is empty
 * in CSV and null in JSON. The readable table shows shares as percentages
 * and ends with a line saying how many groups were suppressed and why.
 *
 * CSV follows RFC 4180 (fields with a comma, quote or line break are
 * quoted) and, so that a spreadsheet never runs a name as a formula, a name
 * starting with = + - or @ gets a leading apostrophe.
 *
 * Ownership: the table and the stream are borrowed; the stream is not
 * closed.
 */
#ifndef SR_REPORT_OUTPUT_H
#define SR_REPORT_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/status.h"
#include "report/report_table.h"

typedef enum report_format { REPORT_FORMAT_TABLE, REPORT_FORMAT_CSV, REPORT_FORMAT_JSON } report_format;

/* "table", "csv", "json". */
bool report_parse_format(const char *text, report_format *format);

/* Writes the finished table. Returns SR_OK, SR_E_IO when the stream
 * fails (reason in err), SR_E_NOMEM. */
sr_status report_output_write(const report_table *table, report_format format, FILE *out,
                              char *err, size_t err_size);

/* The CSV form of one field (quoting and formula guard as above) into out. */
void report_csv_field(FILE *out, const char *text, bool is_name);

#endif
