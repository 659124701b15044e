/* collector_schema.h -- the collector's SQLite store: every table, in one place.
 *
 * The tables (see collector_schema.c for the DDL and what each column means):
 *
 *   device          one row per kiosk: the registry's site/area/staff group,
 *                   and the latest status it reported
 *   answer          one row per check-in (the answer id is the primary key,
 *                   so redelivery stores nothing twice)
 *   answer_choice   the follow-up options chosen in each answer
 *   answer_text     free-text answers (off by default on kiosks)
 *   item_use        toolkit item openings per kiosk per day (one row per
 *                   delivered count message)
 *   dead_letter     every message refused, with the reason and its first
 *                   bytes
 *   rollup, rollup_choice, rollup_use
 *                   per day x site x area x staff group x shift x question
 *                   set, maintained by triggers as answers are inserted, so
 *                   reports never scan raw answers
 *   intervention    dated changes ("yoga sessions began") for the charts
 *   meta            key/value: purged_before (first local day still held raw)
 *
 * Days are local day numbers: days since 1970-01-01 in the collector's time
 * zone (TZ; Europe/London for the NHS), -1 when the kiosk never knew the
 * time. Periods are the kiosk's coarsened UTC seconds.
 *
 * A PostgreSQL backend would start from the same DDL: nothing in it is
 * SQLite-only except WITHOUT ROWID, the triggers' upsert syntax (which
 * PostgreSQL shares) and the pragmas set by collector_schema_open().
 */
#ifndef SR_COLLECTOR_SCHEMA_H
#define SR_COLLECTOR_SCHEMA_H

#include <sqlite3.h>
#include <stddef.h>

#include "core/status.h"

/* Opens (creating and migrating) the collector store at path: WAL,
 * synchronous=FULL, foreign keys off, busy timeout 5 s. A file written by a
 * newer version or by another program is refused (SR_E_CORRUPT) with the
 * reason in err. On success *db is the caller's, closed with sqlite3_close. */
sr_status collector_schema_open(const char *path, sqlite3 **db, char *err, size_t err_size);

/* The schema version this code writes. */
int collector_schema_version(void);

/* The local day number of a UTC time in the process's time zone. */
int collector_local_day(long long unix_seconds);

#endif
