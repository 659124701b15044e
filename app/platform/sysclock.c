/* sysclock.c -- reads the wall clock, its sync state, the monotonic clock and
 * the boot id (see sysclock.h). Linux-specific by design: the kiosk runs on
 * Linux, and adjtimex() is how the kernel reports whether NTP (or
 * systemd-timesyncd) has set the clock.
 */
#define _GNU_SOURCE
#include "sysclock.h"

#include <stdio.h>
#include <string.h>
#include <sys/timex.h>
#include <time.h>

static void read_boot_id(char *out, size_t size)
{
    out[0] = '\0';
    FILE *f = fopen("/proc/sys/kernel/random/boot_id", "r");
    if (!f)
        return;
    if (fgets(out, (int)size, f))
        out[strcspn(out, "\r\n")] = '\0';
    else
        out[0] = '\0';
    fclose(f);
}

static bool kernel_clock_synced(void)
{
    struct timex tx;
    memset(&tx, 0, sizeof tx);
    int state = adjtimex(&tx);
    if (state < 0 || state == TIME_ERROR)
        return false;
    return (tx.status & STA_UNSYNC) == 0;
}

int64_t sysclock_mono_ms(void)
{
    struct timespec ts;
    /* CLOCK_BOOTTIME keeps counting through suspend, so "how long ago" stays
     * true even if a board sleeps; it is the same clock boot_id belongs to. */
    clock_gettime(CLOCK_BOOTTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static bool overridden;
static sysclock_reading override_reading;
static bool trusted;

void sysclock_trust_wall_clock(bool trust)
{
    trusted = trust;
}

void sysclock_override(const sysclock_reading *reading)
{
    overridden = reading != NULL;
    if (reading)
        override_reading = *reading;
}

void sysclock_read(sysclock_reading *reading)
{
    if (overridden) {
        *reading = override_reading;
        return;
    }
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    reading->real_seconds = (int64_t)ts.tv_sec;
    time_t t = (time_t)ts.tv_sec;
    struct tm local;
    reading->utc_offset_seconds = localtime_r(&t, &local) ? (int)local.tm_gmtoff : 0;
    reading->synced = trusted || kernel_clock_synced();
    reading->mono_ms = sysclock_mono_ms();
    read_boot_id(reading->boot_id, sizeof reading->boot_id);
}
