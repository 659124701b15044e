/* disk_space.h -- how much room is left where a file lives.
 *
 * The outbox's file system filling up is the one fault that stops a kiosk
 * taking answers, so both the admin screen (bytes) and the retained status
 * (percent, for the fleet list's "disk under 10%") ask about it.
 *
 * Ownership: nothing is kept; path is borrowed for the call.
 */
#ifndef SR_DISK_SPACE_H
#define SR_DISK_SPACE_H

#include <stdbool.h>

/* The space available to unprivileged users on the file system holding the
 * folder of path (the file itself need not exist yet): *free_bytes and
 * *free_percent (0..100 of the file system's size). false when it cannot be
 * told (no such folder); outputs are then untouched. Either output may be
 * NULL. */
bool disk_space_of(const char *path, long long *free_bytes, int *free_percent);

#endif
