/* report_period.c -- dates and periods from local day numbers.
 *
 * The conversion counts years from 1 March, so that the leap day is the
 * last day of the counting year and every month before it has a fixed
 * offset: (153 * m + 2) / 5 gives the day of the year on which month m
 * (0 = March ... 11 = February) starts. Whole 400-year cycles are 146097
 * days. Only dates from 1970 on are needed, so every quantity is
 * non-negative and plain integer division is floor division.
 */
#include "report_period.h"

#include <stdio.h>
#include <string.h>

#define DAYS_PER_CYCLE 146097            /* 400 Gregorian years */
#define DAYS_0000_03_01_TO_EPOCH 719468  /* 0000-03-01 .. 1970-01-01 */
#define EPOCH_WEEKDAY 3                  /* 1970-01-01 was a Thursday (Monday = 0) */

int report_day_from_date(int year, int month, int mday)
{
    int y = month <= 2 ? year - 1 : year;
    int cycle = y / 400;
    int year_of_cycle = y - cycle * 400;
    int month_from_march = month > 2 ? month - 3 : month + 9;
    int day_of_year = (153 * month_from_march + 2) / 5 + mday - 1;
    int day_of_cycle = year_of_cycle * 365 + year_of_cycle / 4 - year_of_cycle / 100 + day_of_year;
    return cycle * DAYS_PER_CYCLE + day_of_cycle - DAYS_0000_03_01_TO_EPOCH;
}

void report_date_from_day(int day, int *year, int *month, int *mday)
{
    int shifted = day + DAYS_0000_03_01_TO_EPOCH;
    int cycle = shifted / DAYS_PER_CYCLE;
    int day_of_cycle = shifted - cycle * DAYS_PER_CYCLE;
    /* Years of the cycle, correcting for the 4-, 100- and 400-year leap
     * rules (the last day of a cycle belongs to year 399, not 400). */
    int year_of_cycle = (day_of_cycle - day_of_cycle / 1460 + day_of_cycle / 36524 -
                         day_of_cycle / (DAYS_PER_CYCLE - 1)) / 365;
    int day_of_year = day_of_cycle - (365 * year_of_cycle + year_of_cycle / 4 - year_of_cycle / 100);
    int month_from_march = (5 * day_of_year + 2) / 153;
    *mday = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    *month = month_from_march < 10 ? month_from_march + 3 : month_from_march - 9;
    *year = year_of_cycle + cycle * 400 + (*month <= 2);
}

static int days_in_month(int year, int month)
{
    static const int DAYS[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : DAYS[month - 1];
}

static bool digits(const char *text, int count, int *value)
{
    *value = 0;
    for (int i = 0; i < count; i++) {
        if (text[i] < '0' || text[i] > '9')
            return false;
        *value = *value * 10 + (text[i] - '0');
    }
    return true;
}

bool report_parse_date(const char *text, int *day)
{
    int year, month, mday;
    if (!text || strlen(text) != 10 || text[4] != '-' || text[7] != '-' ||
        !digits(text, 4, &year) || !digits(text + 5, 2, &month) || !digits(text + 8, 2, &mday))
        return false;
    if (year < 1970 || month < 1 || month > 12 || mday < 1 || mday > days_in_month(year, month))
        return false;
    *day = report_day_from_date(year, month, mday);
    return true;
}

void report_format_date(int day, char out[REPORT_DATE_MAX])
{
    if (day < 0) {
        snprintf(out, REPORT_DATE_MAX, "unknown");
        return;
    }
    int year, month, mday;
    report_date_from_day(day, &year, &month, &mday);
    /* The moduli only tell the compiler the fields fit. */
    snprintf(out, REPORT_DATE_MAX, "%04u-%02u-%02u", (unsigned)year % 10000u,
             (unsigned)month % 100u, (unsigned)mday % 100u);
}

bool report_parse_grain(const char *text, report_grain *grain)
{
    static const report_grain ALL[] = {REPORT_GRAIN_DAY, REPORT_GRAIN_WEEK, REPORT_GRAIN_MONTH};
    for (size_t i = 0; i < sizeof ALL / sizeof ALL[0]; i++)
        if (text && strcmp(text, report_grain_name(ALL[i])) == 0) {
            *grain = ALL[i];
            return true;
        }
    return false;
}

const char *report_grain_name(report_grain grain)
{
    switch (grain) {
    case REPORT_GRAIN_DAY: return "day";
    case REPORT_GRAIN_WEEK: return "week";
    case REPORT_GRAIN_MONTH: return "month";
    }
    return "?";
}

int report_weekday(int day)
{
    return (day + EPOCH_WEEKDAY) % 7;
}

int report_period_start(report_grain grain, int day)
{
    if (day < 0)
        return REPORT_DAY_UNKNOWN;
    if (grain == REPORT_GRAIN_WEEK)
        return day - report_weekday(day);
    if (grain == REPORT_GRAIN_MONTH) {
        int year, month, mday;
        report_date_from_day(day, &year, &month, &mday);
        return day - (mday - 1);
    }
    return day;
}

int report_period_next(report_grain grain, int start)
{
    if (grain == REPORT_GRAIN_WEEK)
        return start + 7;
    if (grain == REPORT_GRAIN_MONTH) {
        int year, month, mday;
        report_date_from_day(start, &year, &month, &mday);
        return start - (mday - 1) + days_in_month(year, month);
    }
    return start + 1;
}

void report_period_label(report_grain grain, int start, char out[REPORT_LABEL_MAX])
{
    char date[REPORT_DATE_MAX];
    report_format_date(start, date);
    if (grain == REPORT_GRAIN_MONTH && start >= 0)
        date[7] = '\0';
    snprintf(out, REPORT_LABEL_MAX, "%s", date);
}
