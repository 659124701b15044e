/* report_period.h -- calendar arithmetic for reports: dates, days, weeks,
 * months.
 *
 * The collector files every answer under a local day number (days since
 * 1970-01-01 in the collector's time zone; -1 when the kiosk never knew the
 * time, see collector_schema.h). A day number is already local, so turning
 * it into a date is pure arithmetic on the proleptic Gregorian calendar: no
 * time zone, no libc time functions, nothing that can differ between two
 * machines.
 *
 * A period is named by its first day: a week starts on Monday (ISO 8601), a
 * month on its 1st. Labels are what an analyst's spreadsheet understands:
 * "2025-03-03" for a day or the week beginning that Monday, "2025-03" for a
 * month, "unknown" for answers without a date.
 */
#ifndef SR_REPORT_PERIOD_H
#define SR_REPORT_PERIOD_H

#include <stdbool.h>

#define REPORT_DAY_UNKNOWN (-1)
#define REPORT_DATE_MAX 11  /* "YYYY-MM-DD" + NUL */
#define REPORT_LABEL_MAX 16 /* any period label + NUL */
#define REPORT_DAY_MIN 0    /* 1970-01-01 */
#define REPORT_DAY_MAX 2932896 /* 9999-12-31 */

typedef enum report_grain {
    REPORT_GRAIN_DAY,
    REPORT_GRAIN_WEEK,  /* Monday to Sunday */
    REPORT_GRAIN_MONTH
} report_grain;

/* Day number of a calendar date (month 1..12, day 1..31, not checked). */
int report_day_from_date(int year, int month, int mday);

/* The calendar date of a day number >= 0. */
void report_date_from_day(int day, int *year, int *month, int *mday);

/* Parses exactly "YYYY-MM-DD", a real date from 1970-01-01 to 9999-12-31,
 * into *day. Returns false (leaving *day alone) for anything else. */
bool report_parse_date(const char *text, int *day);

/* "YYYY-MM-DD" for day >= 0, "unknown" for a negative day. */
void report_format_date(int day, char out[REPORT_DATE_MAX]);

/* "day", "week", "month" -> grain. Returns false for anything else. */
bool report_parse_grain(const char *text, report_grain *grain);
const char *report_grain_name(report_grain grain);

/* The first day of the period holding day; an unknown day stays unknown. */
int report_period_start(report_grain grain, int day);

/* The first day of the period after the one starting at start (>= 0). */
int report_period_next(report_grain grain, int start);

/* The label of the period starting at start: "2025-03-03", "2025-03" or
 * "unknown". */
void report_period_label(report_grain grain, int start, char out[REPORT_LABEL_MAX]);

/* 0 = Monday ... 6 = Sunday, for day >= 0. */
int report_weekday(int day);

#endif
