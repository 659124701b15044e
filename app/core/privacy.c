/* privacy.c -- the time coarsening policy (see privacy.h).
 *
 * Pure arithmetic on local seconds (unix + utc_offset): no libc time zone
 * calls, because the offset in force is passed in by the caller, and no
 * state. Everything here answers one question: "which period, and which
 * shift band, may an answer made at this instant be filed under?"
 *
 * Shift bands are minutes of the local day, [start, end), and a band whose
 * end is before its start crosses midnight (19:00-07:00). A band whose start
 * equals its end covers the whole day; it can only stand alone, since any
 * other band would overlap it. privacy_parse_shifts() guarantees that the
 * bands of a parsed policy never overlap and cover all 1440 minutes, so
 * every minute of the day belongs to exactly one band.
 */
#include "privacy.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define MINUTES_PER_DAY 1440
#define SECONDS_PER_HOUR 3600
#define SECONDS_PER_DAY 86400

void privacy_policy_defaults(privacy_policy *policy)
{
    static const privacy_shift DEFAULT_SHIFTS[] = {
        {"day", 7 * 60, 19 * 60},
        {"night", 19 * 60, 7 * 60},
    };
    memset(policy, 0, sizeof *policy);
    policy->grain = PRIVACY_GRAIN_HOUR;
    policy->n_shifts = (int)(sizeof DEFAULT_SHIFTS / sizeof DEFAULT_SHIFTS[0]);
    memcpy(policy->shifts, DEFAULT_SHIFTS, sizeof DEFAULT_SHIFTS);
}

sr_status privacy_parse_grain(const char *text, privacy_grain *grain)
{
    static const struct {
        const char *name;
        privacy_grain grain;
    } GRAINS[] = {
        {"hour", PRIVACY_GRAIN_HOUR},
        {"shift", PRIVACY_GRAIN_SHIFT},
        {"day", PRIVACY_GRAIN_DAY},
    };
    if (!text)
        return SR_E_INVALID;
    for (size_t i = 0; i < sizeof GRAINS / sizeof GRAINS[0]; i++) {
        if (strcmp(text, GRAINS[i].name) == 0) {
            *grain = GRAINS[i].grain;
            return SR_OK;
        }
    }
    return SR_E_INVALID;
}

/* ---- time arithmetic --------------------------------------------------- */

/* Division rounding towards minus infinity: times before 1970 and negative
 * offsets must not round the wrong way. */
static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        q--;
    return q;
}

static int64_t local_day_start(int64_t local_seconds)
{
    return floor_div(local_seconds, SECONDS_PER_DAY) * SECONDS_PER_DAY;
}

static bool band_contains(const privacy_shift *band, int minute)
{
    if (band->start_minute == band->end_minute)
        return true; /* the whole day */
    if (band->start_minute < band->end_minute)
        return minute >= band->start_minute && minute < band->end_minute;
    return minute >= band->start_minute || minute < band->end_minute;
}

/* The band that holds this minute of the local day, or NULL. */
static const privacy_shift *band_at(const privacy_policy *policy, int minute)
{
    for (int i = 0; i < policy->n_shifts; i++) {
        if (band_contains(&policy->shifts[i], minute))
            return &policy->shifts[i];
    }
    return NULL;
}

/* Local seconds at which the occurrence of band that holds local began. */
static int64_t band_occurrence_start(const privacy_shift *band, int64_t local)
{
    int64_t day = local_day_start(local);
    int64_t start = day + (int64_t)band->start_minute * 60;
    /* 02:00 in a 19:00-07:00 band (or 06:00 in a 07:00-07:00 band) belongs
     * to the occurrence that began the evening (morning) before. */
    return start > local ? start - SECONDS_PER_DAY : start;
}

int64_t privacy_period_start(const privacy_policy *policy, int64_t unix_seconds,
                             int utc_offset_seconds)
{
    int64_t local = unix_seconds + utc_offset_seconds;
    int64_t local_start;
    switch (policy->grain) {
    case PRIVACY_GRAIN_SHIFT: {
        int minute = (int)((local - local_day_start(local)) / 60);
        const privacy_shift *band = band_at(policy, minute);
        /* No band configured: file under the day, the next coarser grain,
         * rather than anything finer than the operator asked for. */
        local_start = band ? band_occurrence_start(band, local) : local_day_start(local);
        break;
    }
    case PRIVACY_GRAIN_DAY:
        local_start = local_day_start(local);
        break;
    case PRIVACY_GRAIN_HOUR:
    default:
        local_start = floor_div(local, SECONDS_PER_HOUR) * SECONDS_PER_HOUR;
        break;
    }
    return local_start - utc_offset_seconds;
}

const char *privacy_shift_name(const privacy_policy *policy, int64_t unix_seconds,
                               int utc_offset_seconds)
{
    int64_t local = unix_seconds + utc_offset_seconds;
    int minute = (int)((local - local_day_start(local)) / 60);
    const privacy_shift *band = band_at(policy, minute);
    return band ? band->name : "";
}

/* ---- parsing "day=07:00-19:00,night=19:00-07:00" ------------------------ */

static sr_status parse_error(char *err, size_t err_size, const char *fmt, ...)
{
    if (err && err_size > 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, err_size, fmt, ap);
        va_end(ap);
    }
    return SR_E_INVALID;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t';
}

/* Copies text[begin, end) without surrounding blanks into out. Returns
 * false when it does not fit. */
static bool copy_trimmed(const char *begin, const char *end, char *out, size_t out_size)
{
    while (begin < end && is_space(*begin))
        begin++;
    while (end > begin && is_space(end[-1]))
        end--;
    size_t len = (size_t)(end - begin);
    if (len >= out_size)
        return false;
    memcpy(out, begin, len);
    out[len] = '\0';
    return true;
}

/* "H:MM" or "HH:MM", 00:00..23:59, into minutes after midnight. */
static bool parse_clock_time(const char *text, int *minute)
{
    size_t len = strlen(text);
    if (len != 4 && len != 5)
        return false;
    size_t colon = len - 3;
    if (text[colon] != ':')
        return false;
    for (size_t i = 0; i < len; i++) {
        if (i != colon && (text[i] < '0' || text[i] > '9'))
            return false;
    }
    int hours = colon == 1 ? text[0] - '0' : (text[0] - '0') * 10 + (text[1] - '0');
    int minutes = (text[colon + 1] - '0') * 10 + (text[colon + 2] - '0');
    if (hours > 23 || minutes > 59)
        return false;
    *minute = hours * 60 + minutes;
    return true;
}

/* minute is 0..1439; the buffer leaves room for what the compiler cannot prove. */
static void format_minute(int minute, char out[8])
{
    unsigned m = (unsigned)minute % MINUTES_PER_DAY;
    snprintf(out, 8, "%02u:%02u", m / 60, m % 60);
}

/* One "name=HH:MM-HH:MM" item, text[begin, end). */
static sr_status parse_band(const char *begin, const char *end, privacy_shift *band,
                            char *err, size_t err_size)
{
    char item[128], range[64], from[32], to[32];
    if (!copy_trimmed(begin, end, item, sizeof item))
        return parse_error(err, err_size, "band '%.20s...' is too long", begin);
    if (item[0] == '\0')
        return parse_error(err, err_size, "empty band (two commas in a row, or a comma at the "
                                          "end?)");
    char *eq = strchr(item, '=');
    if (!eq)
        return parse_error(err, err_size, "band '%s' has no '=' (expected NAME=HH:MM-HH:MM)",
                           item);
    if (!copy_trimmed(item, eq, band->name, sizeof band->name))
        return parse_error(err, err_size, "band name '%.*s' is longer than %d characters",
                           (int)(eq - item), item, PRIVACY_SHIFT_NAME_MAX - 1);
    if (band->name[0] == '\0')
        return parse_error(err, err_size, "no name before '=' in '%s'", item);
    if (!copy_trimmed(eq + 1, item + strlen(item), range, sizeof range))
        return parse_error(err, err_size, "band '%s': the time range is too long", band->name);
    char *dash = strchr(range, '-');
    if (!dash)
        return parse_error(err, err_size, "band '%s': '%s' is not a range HH:MM-HH:MM",
                           band->name, range);
    if (!copy_trimmed(range, dash, from, sizeof from) ||
        !copy_trimmed(dash + 1, range + strlen(range), to, sizeof to))
        return parse_error(err, err_size, "band '%s': '%s' is not a range HH:MM-HH:MM",
                           band->name, range);
    if (!parse_clock_time(from, &band->start_minute))
        return parse_error(err, err_size, "band '%s': '%s' is not a time HH:MM", band->name,
                           from);
    if (!parse_clock_time(to, &band->end_minute))
        return parse_error(err, err_size, "band '%s': '%s' is not a time HH:MM", band->name,
                           to);
    return SR_OK;
}

/* Every minute of the day must belong to exactly one band. */
static sr_status check_coverage(const privacy_shift *bands, int n, char *err, size_t err_size)
{
    signed char owner[MINUTES_PER_DAY];
    memset(owner, -1, sizeof owner);
    for (int b = 0; b < n; b++) {
        for (int m = 0; m < MINUTES_PER_DAY; m++) {
            if (!band_contains(&bands[b], m))
                continue;
            if (owner[m] >= 0) {
                char at[8];
                format_minute(m, at);
                return parse_error(err, err_size, "bands overlap at %s ('%s' and '%s')", at,
                                   bands[owner[m]].name, bands[b].name);
            }
            owner[m] = (signed char)b;
        }
    }
    for (int m = 0; m < MINUTES_PER_DAY; m++) {
        int prev = (m + MINUTES_PER_DAY - 1) % MINUTES_PER_DAY;
        if (owner[m] >= 0 || owner[prev] < 0)
            continue;
        /* m starts a gap (n >= 1, so some minute is covered); find its end. */
        int gap_end = m;
        while (owner[gap_end % MINUTES_PER_DAY] < 0)
            gap_end++;
        char from[8], to[8];
        format_minute(m, from);
        format_minute(gap_end % MINUTES_PER_DAY, to);
        return parse_error(err, err_size, "bands leave %s-%s uncovered", from, to);
    }
    return SR_OK;
}

sr_status privacy_parse_shifts(const char *text, privacy_policy *policy, char *err,
                               size_t err_size)
{
    privacy_shift bands[PRIVACY_MAX_SHIFTS];
    int n = 0;
    if (!text)
        return parse_error(err, err_size, "no bands given (expected NAME=HH:MM-HH:MM,...)");
    const char *p = text;
    while (is_space(*p))
        p++;
    if (*p == '\0')
        return parse_error(err, err_size, "no bands given (expected NAME=HH:MM-HH:MM,...)");
    for (;;) {
        const char *comma = strchr(p, ',');
        const char *end = comma ? comma : p + strlen(p);
        if (n == PRIVACY_MAX_SHIFTS)
            return parse_error(err, err_size, "more than %d bands", PRIVACY_MAX_SHIFTS);
        sr_status status = parse_band(p, end, &bands[n], err, err_size);
        if (status != SR_OK)
            return status;
        for (int i = 0; i < n; i++) {
            if (strcmp(bands[i].name, bands[n].name) == 0)
                return parse_error(err, err_size, "band '%s' is named twice", bands[n].name);
        }
        n++;
        if (!comma)
            break;
        p = comma + 1;
    }
    sr_status status = check_coverage(bands, n, err, err_size);
    if (status != SR_OK)
        return status;
    policy->n_shifts = n;
    memcpy(policy->shifts, bands, sizeof bands[0] * (size_t)n);
    if (err && err_size > 0)
        err[0] = '\0';
    return SR_OK;
}
