/* backoff.h -- how long to wait before trying again: exponential backoff
 * with full jitter, pure.
 *
 * The forwarder reconnects to the broker with this. A fleet of kiosks that
 * lost the broker at the same moment must not all come back at the same
 * moment, so every delay is drawn at random between the minimum and a
 * ceiling that doubles with each failure, up to the maximum ("full
 * jitter"). The floor is the minimum rather than zero: a delay of 0 would
 * let one kiosk hammer a broker that refuses it.
 *
 *   attempt   ceiling                       delay
 *   1         min                           min
 *   2         min * 2                       uniform in [min, ceiling]
 *   n         min(max, min * 2^(n-1))       uniform in [min, ceiling]
 *
 * Time and randomness are arguments (STYLE.md: time is an argument), so
 * this is a plain unit test (tests/unit/test_backoff.c).
 *
 * Ownership: backoff is a plain value; nothing is allocated.
 */
#ifndef SR_BACKOFF_H
#define SR_BACKOFF_H

#include <stdint.h>

typedef struct backoff {
    int64_t min_ms;   /* the first delay, and the floor of every delay (>= 1) */
    int64_t max_ms;   /* the ceiling never passes this (>= min_ms) */
    int failures;     /* since the last backoff_reset() */
} backoff;

/* A backoff with no failures yet. min_ms < 1 is taken as 1; max_ms below
 * min_ms is taken as min_ms. */
void backoff_init(backoff *b, int64_t min_ms, int64_t max_ms);

/* Forget the failures (after a success): the next delay is min_ms again. */
void backoff_reset(backoff *b);

/* The ceiling the next delay would be drawn under, without counting a
 * failure. */
int64_t backoff_ceiling(const backoff *b);

/* Counts one failure and returns the delay before the next try, in
 * milliseconds, drawn with random (any 32-bit random number, e.g. from
 * getrandom()) uniformly from [min_ms, ceiling]. */
int64_t backoff_next_delay(backoff *b, uint32_t random);

/* now + backoff_next_delay(b, random): the monotonic time of the next try. */
int64_t backoff_next_at(backoff *b, int64_t now, uint32_t random);

#endif
