/* backoff.c -- exponential backoff with full jitter (see backoff.h).
 *
 * The doubling stops as soon as it reaches max_ms, so no shift ever
 * overflows however many failures pile up (a kiosk offline for a month
 * fails many thousand times). The draw is random % span, whose bias is
 * below span / 2^32 -- nothing for delays of minutes.
 */
#include "backoff.h"

void backoff_init(backoff *b, int64_t min_ms, int64_t max_ms)
{
    b->min_ms = min_ms < 1 ? 1 : min_ms;
    b->max_ms = max_ms < b->min_ms ? b->min_ms : max_ms;
    b->failures = 0;
}

void backoff_reset(backoff *b)
{
    b->failures = 0;
}

int64_t backoff_ceiling(const backoff *b)
{
    int64_t ceiling = b->min_ms;
    for (int i = 0; i < b->failures && ceiling < b->max_ms; i++)
        ceiling = ceiling > b->max_ms / 2 ? b->max_ms : ceiling * 2;
    return ceiling;
}

int64_t backoff_next_delay(backoff *b, uint32_t random)
{
    int64_t ceiling = backoff_ceiling(b);
    if (b->failures < 1000000)
        b->failures++;
    int64_t span = ceiling - b->min_ms + 1;
    return b->min_ms + (int64_t)(random % (uint64_t)span);
}

int64_t backoff_next_at(backoff *b, int64_t now, uint32_t random)
{
    return now + backoff_next_delay(b, random);
}
