/* status.h -- the one error type of the project.
 *
 * Every fallible function returns an sr_status. Codes from errno, SQLite,
 * libmosquitto and friends are translated into these at the edge (and the
 * original is logged or put in the caller's message buffer), so the layers
 * above only ever reason about this small set.
 *
 * Three kinds of failure (STYLE.md, habit 5):
 *   transient      retry with backoff            (SR_E_IO, SR_E_BUSY, ...)
 *   configuration  refuse at start, name the key (SR_E_CONFIG)
 *   bug            assert, never a status code
 */
#ifndef SR_STATUS_H
#define SR_STATUS_H

typedef enum sr_status {
    SR_OK = 0,
    SR_E_NOMEM,     /* allocation failed */
    SR_E_IO,        /* an I/O error (read/write/fsync failed) */
    SR_E_FULL,      /* the disk (or the store's quota) is full */
    SR_E_READONLY,  /* the file or file system cannot be written */
    SR_E_CORRUPT,   /* a file is damaged or not what it claims to be */
    SR_E_BUSY,      /* locked by someone else; try again later */
    SR_E_NOTFOUND,  /* the thing asked for does not exist */
    SR_E_INVALID,   /* bad input: malformed data, a value out of range */
    SR_E_CONFIG,    /* a configuration file or key is wrong */
    SR_E_STATE,     /* not allowed in the current state */
    SR_E_DENIED,    /* refused: wrong PIN, locked out, cooldown */
    SR_E_LIMIT,     /* a fixed capacity would be exceeded */
    SR_STATUS_COUNT
} sr_status;

/* A short, stable, human-readable name for a status ("disk full").
 * Never NULL; an unknown value gives "unknown status". The string is static. */
const char *sr_status_str(sr_status status);

#endif
