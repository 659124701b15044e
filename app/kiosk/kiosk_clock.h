/* kiosk_clock.h -- filing answers made before the board's clock was set.
 *
 * A Pi without a real-time clock boots with a stale wall clock. Answers made
 * then are stored PENDING (boot id + monotonic minute, see outbox.h). Once
 * the kernel reports the clock synchronised, outbox_fix_clock() files them
 * under their real period, and marks those of earlier boots as time unknown.
 * The kiosk does that right after a put made with a synchronised clock, and
 * otherwise looks at most once a minute while anything is pending -- never
 * when nothing is, so an idle kiosk does not wake or write for it.
 */
#ifndef SR_KIOSK_CLOCK_H
#define SR_KIOSK_CLOCK_H

#include <stdint.h>

#include "../platform/sysclock.h"
#include "kiosk_app.h"

#define KIOSK_CLOCK_CHECK_MS 60000

/* After the outbox opened: is anything waiting for the clock? */
void kiosk_clock_opened(kiosk_app *app, int64_t now);

/* After a put made with reading: note it pending, or fix what is pending. */
void kiosk_clock_after_put(kiosk_app *app, const sysclock_reading *reading, int64_t now);

/* On every wake-up: fixes pending answers once the clock is set. */
void kiosk_clock_poll(kiosk_app *app, int64_t now);

/* When kiosk_clock_poll() next has something to do (INT64_MAX: never). */
int64_t kiosk_clock_next_check(const kiosk_app *app, int64_t now);

#endif
