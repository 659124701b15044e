/* fleet_db.h -- the fleet from the collector's device table.
 *
 * The collector keeps one row per registered kiosk (collector_schema.c:
 * site, area and staff group from the registry; online, online_since and
 * last_seen from the status messages it received, in collector time; the
 * rest from the last online status). This reads it, read-only, so
 * staffroom-fleet can run beside a live collector (SQLite WAL: readers
 * never block the writer). Rows of devices no longer in the registry are
 * left out.
 *
 * Since when: an online kiosk since online_since; an offline one since
 * last_seen, which the collector set when the offline status (the last
 * will) arrived.
 *
 * Ownership: rows are appended to the caller's fleet.
 */
#ifndef SR_FLEET_DB_H
#define SR_FLEET_DB_H

#include <stddef.h>

#include "core/status.h"
#include "fleet/fleet.h"

/* Reads every registered device of the collector store at path into f.
 * SR_E_NOTFOUND when there is no such file, SR_E_CORRUPT when it is not a
 * collector store (or one written by a newer version), SR_E_IO otherwise;
 * the reason, naming the file, is in err. */
sr_status fleet_db_read(const char *path, fleet *f, char *err, size_t err_size);

#endif
