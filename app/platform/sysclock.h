/* sysclock.h -- what the kiosk knows about time, read once per use.
 *
 * Most Pi boards have no real-time clock: they boot with a stale wall clock
 * until NTP sets it. So a reading carries, next to the wall clock, whether
 * the kernel considers it synchronised, the monotonic clock and the boot id.
 * An answer made before synchronisation keeps (boot id, monotonic time) so
 * that the outbox can work out its wall-clock time once the clock is set.
 *
 * This is the only place in the kiosk that reads the system clocks; the
 * core gets times passed in and the outbox gets a sysclock_reading.
 */
#ifndef SR_SYSCLOCK_H
#define SR_SYSCLOCK_H

#include <stdbool.h>
#include <stdint.h>

#define SYSCLOCK_BOOT_ID_MAX 40 /* a UUID string, 36 chars + NUL */

typedef struct sysclock_reading {
    int64_t real_seconds;      /* wall clock, UTC seconds since the epoch */
    int utc_offset_seconds;    /* local offset at real_seconds */
    bool synced;               /* the kernel says the wall clock is synchronised */
    int64_t mono_ms;           /* CLOCK_MONOTONIC (CLOCK_BOOTTIME), milliseconds */
    char boot_id[SYSCLOCK_BOOT_ID_MAX]; /* this boot's id, "" if unknown */
} sysclock_reading;

/* Reads all clocks now. Never fails: unknowns are reported as unsynced and
 * an empty boot id. */
void sysclock_read(sysclock_reading *reading);

/* [clock] trust_wall_clock: from now on every reading says synced, whatever
 * the kernel says -- for a board whose clock is kept by something adjtimex
 * does not report (a battery-backed RTC, PTP), or a desktop demo in a
 * container. Call once at start, before any thread reads the clock. */
void sysclock_trust_wall_clock(bool trust);

/* For tests only: from now on sysclock_read() returns a copy of *reading
 * (an unsynchronised board, the moment NTP sets the clock, another boot);
 * NULL goes back to the system's clocks. Not thread-safe. */
void sysclock_override(const sysclock_reading *reading);

/* Monotonic milliseconds, for timers. */
int64_t sysclock_mono_ms(void);

#endif
