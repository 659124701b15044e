/* report_db.h -- opening the collector's store for the report.
 *
 * Reading (aggregates, charts, listing interventions) opens the file
 * read-only, so an analyst can work on a copy they may not write, and
 * checks it is a Staffroom collector store of a schema this program knows.
 * Writing (interventions, purge, rebuild) goes through
 * collector_schema_open(), which also upgrades an older file. Either way
 * the file must exist: a misspelt --db must not quietly create an empty
 * store and report nothing.
 *
 * Ownership: on SR_OK *db is the caller's, closed with sqlite3_close().
 */
#ifndef SR_REPORT_DB_H
#define SR_REPORT_DB_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"

/* Returns SR_OK; SR_E_NOTFOUND (no such file), SR_E_CORRUPT (not a
 * collector store, or a newer one), SR_E_IO / SR_E_READONLY / SR_E_BUSY,
 * each with the path and reason in err. */
sr_status report_db_open(const char *path, bool write, sqlite3 **db, char *err, size_t err_size);

#endif
