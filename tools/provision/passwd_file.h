/* passwd_file.h -- the broker's password file: one line per MQTT user,
 * "user:hash", the format mosquitto's password_file option reads.
 *
 * Hashes are made by the mosquitto package's own mosquitto_passwd (never by
 * hand: the format and its key derivation are mosquitto's to choose). The
 * password reaches it on its standard input, not its command line, so it
 * never shows in the process list.
 *
 * The broker reads the file when it starts and on SIGHUP; a change here
 * takes effect only then (provision's --broker-pid sends the signal).
 *
 * Ownership: nothing is allocated that outlives a call.
 */
#ifndef SR_PASSWD_FILE_H
#define SR_PASSWD_FILE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"

/* Whether user has a line in the file. A missing file has no users
 * (SR_OK, *found = false); SR_E_IO when it exists but cannot be read. */
sr_status passwd_file_has(const char *path, const char *user, bool *found, char *err,
                          size_t err_size);

/* Adds user with password (or replaces its password). Creates the file
 * (mode 0640) when it does not exist. SR_E_IO with mosquitto_passwd's own
 * words when it fails, SR_E_NOTFOUND when mosquitto_passwd is not
 * installed. */
sr_status passwd_file_set(const char *path, const char *user, const char *password, char *err,
                          size_t err_size);

/* Removes user's line. SR_E_NOTFOUND (with the reason) when there is none. */
sr_status passwd_file_remove(const char *path, const char *user, char *err, size_t err_size);

#endif
