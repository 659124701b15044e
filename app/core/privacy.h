/* privacy.h -- coarsening time before anything is stored.
 *
 * DESIGN.md: "Time is coarsened on the kiosk (to the hour by default, plus a
 * shift band) before it is stored." This module is the policy, pure and
 * testable: given an exact time it returns the start of the period the
 * answer may be filed under, and the name of the shift band it falls in.
 * Nothing finer than that period ever reaches the outbox.
 */
#ifndef SR_PRIVACY_H
#define SR_PRIVACY_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

#define PRIVACY_MAX_SHIFTS 6
#define PRIVACY_SHIFT_NAME_MAX 16

typedef enum privacy_grain {
    PRIVACY_GRAIN_HOUR, /* the hour (default) */
    PRIVACY_GRAIN_SHIFT,/* the start of the shift it falls in (e.g. 19:00 the evening before) */
    PRIVACY_GRAIN_DAY   /* the local day plus the shift band */
} privacy_grain;

typedef struct privacy_shift {
    char name[PRIVACY_SHIFT_NAME_MAX]; /* "day", "night", ... */
    int start_minute;                  /* minutes after local midnight, 0..1439 */
    int end_minute;                    /* exclusive; may be < start (crosses midnight) */
} privacy_shift;

typedef struct privacy_policy {
    privacy_grain grain;
    int n_shifts;
    privacy_shift shifts[PRIVACY_MAX_SHIFTS];
} privacy_policy;

/* Hour grain with the two 12-hour NHS shifts, day 07:00-19:00 and night. */
void privacy_policy_defaults(privacy_policy *policy);

/* Parses a grain name: "hour", "shift" or "day". */
sr_status privacy_parse_grain(const char *text, privacy_grain *grain);

/* Parses "day=07:00-19:00,night=19:00-07:00" into policy->shifts. Bands may
 * not overlap and together must cover all 24 hours (a band from a time to
 * the same time is the whole day, so can only stand alone). On error
 * returns SR_E_INVALID, writes the reason into err (e.g. "band 'late':
 * '25:00' is not a time HH:MM", "bands leave 03:00-04:00 uncovered") and
 * leaves the policy unchanged. */
sr_status privacy_parse_shifts(const char *text, privacy_policy *policy, char *err,
                               size_t err_size);

/* The start of the period (UTC seconds) that unix_seconds is filed under.
 * utc_offset_seconds is the local offset at that time (from localtime_r),
 * so that days and shifts are local days. The shift grain with no bands
 * configured files under the local day (never finer than asked). */
int64_t privacy_period_start(const privacy_policy *policy, int64_t unix_seconds,
                             int utc_offset_seconds);

/* The shift band name at that local time ("" when no band is configured). */
const char *privacy_shift_name(const privacy_policy *policy, int64_t unix_seconds,
                               int utc_offset_seconds);

#endif
