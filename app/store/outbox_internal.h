/* outbox_internal.h -- what outbox.c, outbox_delivery.c and outbox_schema.c
 * share; not for other modules (they use outbox.h).
 *
 * outbox.c owns the handle, all the SQL and the operations on single
 * answers; outbox_delivery.c the forwarder's batch operations and the
 * sealing of toolkit counts; outbox_schema.c the file's set-up (pragmas,
 * version checks, migrations) and the invariant check. All report failures
 * through outbox_fail(), the one place where a SQLite code becomes an
 * sr_status and a sentence.
 */
#ifndef SR_OUTBOX_INTERNAL_H
#define SR_OUTBOX_INTERNAL_H

#include <sqlite3.h>

#include "outbox.h"

#define OUTBOX_ERROR_MAX 512

/* The cached statements, one per operation (all SQL in outbox.c). */
enum {
    STMT_PUT,
    STMT_TAKE,
    STMT_MARK,
    STMT_CONFIRM,
    STMT_RESEND,
    STMT_STATS,
    STMT_FIX_THIS_BOOT,
    STMT_FIX_REST,
    STMT_USE_COUNT,
    STMT_USE_GET,
    STMT_TAKE_DELIVERABLE,
    STMT_USE_LIST,
    STMT_USE_CLEAR,
    STMT_BEGIN,
    STMT_COMMIT,
    STMT_COUNT
};

struct outbox {
    sqlite3 *db;
    privacy_policy policy;          /* copied at open */
    char *path;                     /* the file, for messages (a URI's path part) */
    sqlite3_stmt *stmt[STMT_COUNT]; /* prepared at open, finalized at close */
    char error[OUTBOX_ERROR_MAX];   /* the last failure, "" if none */
};

/* SQLite's code (primary or extended) as the project's status. db (may be
 * NULL) is asked for the OS's errno to tell a read-only place from a
 * missing one when SQLite could not open a file. */
sr_status outbox_status_from_sqlite(sqlite3 *db, int rc);

/* Writes "<file>: <operation>: <status words> (<detail>)" into ob->error. */
void outbox_set_error(outbox *ob, sr_status status, const char *operation, const char *fmt,
                      ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* Names a failed SQLite call rc (made during operation) in ob->error, rolls
 * back any transaction it left open, and returns the status for rc. */
sr_status outbox_fail(outbox *ob, const char *operation, int rc);

/* Records ob->error for a call with bad arguments; returns SR_E_INVALID. */
sr_status outbox_invalid_argument(outbox *ob, const char *operation, const char *what);

/* Steps a statement that returns no rows, then resets it and clears its
 * bindings. Returns the SQLite code of the step (SQLITE_DONE as SQLITE_OK). */
int outbox_run_statement(sqlite3_stmt *stmt);

/* A new random id (128 bits from the OS, as lower-case hex). */
void outbox_new_id(char id[OUTBOX_ID_HEX]);

/* Up to max rows of the SELECT ob->stmt[which] (the columns of STMT_TAKE,
 * bound ?1 = max) into out: outbox_take_unsent and _deliverable. */
sr_status outbox_take(outbox *ob, int which, int max, outbox_entry *out, int *n);

/* Sets up a freshly opened connection: busy timeout, refuses files that are
 * read-only, not ours or from a newer version, switches to WAL and
 * synchronous=FULL, and runs the migrations the file has not had yet. */
sr_status outbox_schema_prepare(outbox *ob);

/* The schema version this code writes. */
int outbox_schema_latest(void);

/* Verifies the numbered invariants of outbox.c against the file. */
sr_status outbox_schema_check(outbox *ob);

#endif
