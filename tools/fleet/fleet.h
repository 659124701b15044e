/* fleet.h -- the fleet of kiosks as estates see it, and what is wrong with
 * each kiosk.
 *
 * A fleet is filled from one source (the collector's device table,
 * fleet_db.h, or the broker's retained status messages, fleet_mqtt.h) and
 * then judged by fleet_evaluate() against limits, with the time passed in
 * (no clock is read here, so every rule is a plain unit test):
 *
 *   flag            when (defaults from the issue)
 *   offline         offline for offline_seconds or more (1 h), or for an
 *                   unknown time (the broker's last will carries no time)
 *   never-seen      registered, but no status ever arrived
 *   backlog         the oldest answer waiting started more than
 *                   backlog_seconds ago (1 day); periods are the kiosk's
 *                   coarsened times (the hour by default)
 *   disk            disk free under disk_min_percent (10 %)
 *   clock           the kiosk's clock is not synchronised
 *   content         content version differs from the expected one: the
 *                   version asked for, or else the one most kiosks run
 *                   (a tie goes to the newest, compared as version numbers)
 *   kiosk-problem   the kiosk reports a problem of its own ("disk full")
 *   revoked-online  revoked, yet online (the broker has not been reloaded)
 *   unregistered    a status from a device the registry does not hold
 *
 * The details (waiting, disk, clock, ...) are the last ones the kiosk
 * reported while online; a revoked kiosk gets no flag but revoked-online.
 *
 * Ownership: a fleet is a caller-owned struct; its kiosk array is on the
 * heap, freed by fleet_free(). Strings are fixed arrays inside.
 */
#ifndef SR_FLEET_H
#define SR_FLEET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"
#include "wire/wire.h"

#define FLEET_TEXT_MAX 128 /* site, area, staff group (the registry's limit) */

typedef enum fleet_state {
    FLEET_NEVER_SEEN,
    FLEET_ONLINE,
    FLEET_OFFLINE
} fleet_state;

enum {
    FLEET_FLAG_OFFLINE = 1u << 0,
    FLEET_FLAG_NEVER_SEEN = 1u << 1,
    FLEET_FLAG_BACKLOG = 1u << 2,
    FLEET_FLAG_DISK = 1u << 3,
    FLEET_FLAG_CLOCK = 1u << 4,
    FLEET_FLAG_CONTENT = 1u << 5,
    FLEET_FLAG_KIOSK_PROBLEM = 1u << 6,
    FLEET_FLAG_REVOKED_ONLINE = 1u << 7,
    FLEET_FLAG_UNREGISTERED = 1u << 8,
    FLEET_FLAG_COUNT = 9
};

typedef struct fleet_kiosk {
    char device[WIRE_DEVICE_ID_MAX];
    char site[FLEET_TEXT_MAX];     /* "" when unknown (no registry) */
    char area[FLEET_TEXT_MAX];
    char staff_group[FLEET_TEXT_MAX];
    bool registered;               /* in the registry (or no registry was read) */
    bool revoked;
    fleet_state state;
    int64_t since;                 /* online: since when; offline: since when; 0 unknown */
    bool has_details;              /* status below was reported while online */
    wire_status status;            /* the last details (online is state's business) */
    unsigned flags;                /* FLEET_FLAG_*, set by fleet_evaluate */
} fleet_kiosk;

typedef struct fleet_limits {
    int64_t offline_seconds;       /* default 3600 */
    int64_t backlog_seconds;       /* default 86400 */
    int disk_min_percent;          /* default 10 */
    char content_version[WIRE_NAME_MAX]; /* "" : the fleet's most common */
    unsigned ignore;               /* flags that do not count for fleet_flagged() */
} fleet_limits;

typedef struct fleet {
    fleet_kiosk *kiosks;           /* owned */
    int n, cap;
    char expected_content[WIRE_NAME_MAX]; /* set by fleet_evaluate; "" none */
} fleet;

void fleet_limits_defaults(fleet_limits *limits);

/* The kiosk for device, added (zeroed, registered, never seen) when it is
 * not there yet. NULL when out of memory. */
fleet_kiosk *fleet_kiosk_for(fleet *f, const char *device);

void fleet_free(fleet *f);

/* Sorts by site, area and device; sets expected_content and every kiosk's
 * flags. */
void fleet_evaluate(fleet *f, const fleet_limits *limits, int64_t now);

/* Kiosks with a flag that limits->ignore does not cover. */
int fleet_flagged(const fleet *f, const fleet_limits *limits);

/* "offline", "never-seen", ... for one FLEET_FLAG_* bit; NULL otherwise. */
const char *fleet_flag_name(unsigned flag);

/* Parses a comma-separated list of flag names ("never-seen,content") into
 * bits. False with the unknown name and the known ones in err. */
bool fleet_flags_parse(const char *list, unsigned *out, char *err, size_t err_size);

/* One flag of k in words, for people: "offline for 2 h 13 min",
 * "oldest answer waiting 1 d 3 h", "disk 4% free", "content 2025-10
 * (the fleet runs 2025-11)". */
void fleet_flag_text(const fleet *f, const fleet_kiosk *k, unsigned flag, int64_t now, char *buf,
                     size_t size);

/* A duration for people: "under a minute", "5 min", "2 h 13 min",
 * "3 d 4 h". Negative durations (clocks disagree) read as "under a minute". */
void fleet_duration(int64_t seconds, char *buf, size_t size);

/* Compares version strings as people do: digit runs by value
 * ("0.10" > "0.9"), everything else byte by byte. */
int fleet_version_compare(const char *a, const char *b);

#endif
