/* status.c -- names for the project's status codes (see status.h). */
#include "status.h"

static const char *const STATUS_NAMES[SR_STATUS_COUNT] = {
    [SR_OK] = "ok",
    [SR_E_NOMEM] = "out of memory",
    [SR_E_IO] = "I/O error",
    [SR_E_FULL] = "disk full",
    [SR_E_READONLY] = "read-only file or file system",
    [SR_E_CORRUPT] = "damaged file",
    [SR_E_BUSY] = "busy",
    [SR_E_NOTFOUND] = "not found",
    [SR_E_INVALID] = "invalid input",
    [SR_E_CONFIG] = "configuration error",
    [SR_E_STATE] = "not allowed now",
    [SR_E_DENIED] = "refused",
    [SR_E_LIMIT] = "too many",
};

const char *sr_status_str(sr_status status)
{
    if ((int)status < 0 || status >= SR_STATUS_COUNT || !STATUS_NAMES[status])
        return "unknown status";
    return STATUS_NAMES[status];
}
