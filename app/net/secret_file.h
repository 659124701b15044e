/* secret_file.h -- reading a password from a file ([mqtt] password_file).
 *
 * The password is the first line of the file, without its line ending;
 * the rest of the file is ignored. A file that every user of the board may
 * read is refused (SR_E_CONFIG): the password is the kiosk's identity at
 * the broker, and a world-readable copy lets any process on the board --
 * or anyone who copies the SD card's files with a careless tool --
 * impersonate it. Group-readable is allowed (mode 0640 for a "staffroom"
 * group), so estates can give it to the kiosk's service user without
 * making it the owner.
 *
 * Ownership: the caller owns out; nothing is kept.
 */
#ifndef SR_SECRET_FILE_H
#define SR_SECRET_FILE_H

#include <stddef.h>

#include "../core/status.h"

/* Reads the first line of path into out (size bytes, NUL-terminated).
 * SR_E_CONFIG with "PATH: reason" in err for a missing, unreadable,
 * world-readable or empty file, or a line longer than size - 1. */
sr_status secret_file_read(const char *path, char *out, size_t size, char *err, size_t err_size);

#endif
