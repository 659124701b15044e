/* faultvfs.h -- a SQLite VFS for tests that makes the disk misbehave.
 *
 * "faulty" wraps the default VFS and passes everything through until it is
 * armed. Armed, it fails the Nth write and/or sync from now (counting every
 * file SQLite writes: database, WAL, journal) with the code the test chose:
 * SQLITE_FULL for a full disk, SQLITE_IOERR_WRITE for a failing card. A
 * persistent fault keeps failing every later write/sync too (a disk stays
 * full) until faultvfs_disarm(). Read-only mode acts like a file system
 * mounted read-only: files open read-only, new files cannot be created,
 * writes on files already open are refused with SQLITE_READONLY.
 *
 * Use: faultvfs_register() once, then open databases as
 * "file:/path/x.db?vfs=faulty" (with SQLITE_OPEN_URI). The state is global
 * and not thread-safe: for single-threaded tests.
 */
#ifndef SR_FAULTVFS_H
#define SR_FAULTVFS_H

#include <stdbool.h>

#define FAULTVFS_NAME "faulty"

typedef enum faultvfs_target {
    FAULTVFS_WRITES = 1,  /* xWrite and xTruncate */
    FAULTVFS_SYNCS = 2,   /* xSync */
    FAULTVFS_WRITES_AND_SYNCS = 3
} faultvfs_target;

/* Registers the "faulty" VFS (not as the default). Idempotent. Returns a
 * SQLite result code. */
int faultvfs_register(void);

/* The nth (1 = the very next) matching operation from now fails with
 * sqlite_code; with persistent, every later one fails too. Resets the
 * fired flag. */
void faultvfs_arm(faultvfs_target target, int nth, int sqlite_code, bool persistent);

/* Refuse all writes, as a read-only file system would. */
void faultvfs_set_readonly(bool readonly);

/* Back to passing everything through (also leaves read-only mode). */
void faultvfs_disarm(void);

/* Whether the armed fault has failed at least one operation. */
bool faultvfs_fired(void);

/* Writes and syncs passed to the real VFS since registration (for tests
 * that want to know a put really reached the disk). */
long faultvfs_writes(void);
long faultvfs_syncs(void);

#endif
