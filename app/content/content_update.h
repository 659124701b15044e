/* content_update.h -- a content pack sent over MQTT, signed by its publisher.
 *
 * Wellbeing leads publish a pack with `staffroom-content publish DIR`; it
 * travels as one retained message on staffroom/v1/content/pack (format in
 * docs/protocol.md):
 *
 *   {"v":1,"version":"2026.12-trust","key":"<public key, base64>",
 *    "files":{"pack.json":"<base64>","questions.json":"...",
 *             "toolkit.json":"...","strings.json":"..."},
 *    "signature":"<ed25519 detached signature, base64>"}
 *
 * The signature (libsodium crypto_sign_detached) covers, byte for byte:
 *   "staffroom-content-v1" NUL, then for each of the four files in the order
 *   of content_files.h: its name, NUL, its length as 8 bytes big-endian, its
 *   bytes.
 * so no file can be swapped, cut short or renamed without breaking it. The
 * "version" and "key" fields are for people and logs; the version that
 * counts is the one inside pack.json, which is signed.
 *
 * A kiosk accepts a pack only if, in this order: the message is well formed
 * and within CONTENT_UPDATE_MAX_BYTES; the signature verifies against the
 * public key in its config; the four files pass the same validation as a
 * pack on disk (content_load_files). Only then is it saved, crash-safely
 * (content_files_save: a new folder, then one atomic rename of CURRENT), in
 * the kiosk's update folder, from which the kiosk reloads between screens.
 * Any refusal leaves the running pack and the saved one untouched.
 *
 * Ownership: content_update_build() returns a heap string the caller frees.
 * content_update_open() fills caller-owned content_files, freed with
 * content_files_free(). Keys are caller-owned byte arrays.
 */
#ifndef SR_CONTENT_UPDATE_H
#define SR_CONTENT_UPDATE_H

#include <stddef.h>

#include "../core/status.h"
#include "content_files.h"
#include "content_load.h"

#define CONTENT_UPDATE_VERSION 1
#define CONTENT_UPDATE_PUBLIC_KEY_BYTES 32
#define CONTENT_UPDATE_SECRET_KEY_BYTES 64
/* Four files of at most CONTENT_MAX_FILE_BYTES, base64'd, and the wrapping. */
#define CONTENT_UPDATE_MAX_BYTES (6 * 1024 * 1024)

/* Decodes a base64 public key (as written in the kiosk's [content]
 * public_key). SR_E_INVALID with the reason in err otherwise. */
sr_status content_update_parse_public_key(const char *text,
                                          unsigned char key[CONTENT_UPDATE_PUBLIC_KEY_BYTES],
                                          char *err, size_t err_size);

/* Reads and validates the pack in dir, and signs it with secret_key. On
 * SR_OK *message is the message (NUL-terminated JSON, the caller's) and the
 * pack's version is copied into version. A pack with problems is refused
 * (SR_E_INVALID, or SR_E_IO when a file cannot be read) with every problem
 * in report. */
sr_status content_update_build(const char *dir,
                               const unsigned char secret_key[CONTENT_UPDATE_SECRET_KEY_BYTES],
                               char **message, char *version, size_t version_size,
                               content_report *report);

/* Signs files exactly as they are, without validating them (what
 * content_update_build does after validation; tests use it to make a
 * correctly signed but invalid pack). */
sr_status content_update_seal(const content_files *files, const char *version,
                              const unsigned char secret_key[CONTENT_UPDATE_SECRET_KEY_BYTES],
                              char **message);

/* Checks a received message: form, size, signature against public_key,
 * then the pack's content. On SR_OK fills files (the exact signed bytes)
 * and version (the pack's own, from pack.json). Otherwise returns
 * SR_E_INVALID (malformed or truncated), SR_E_DENIED (bad signature, or
 * signed by another key), or SR_E_NOMEM, with one line in err saying why
 * (for content problems, the first problem; the whole list is in report). */
sr_status content_update_open(const void *message, size_t len,
                              const unsigned char public_key[CONTENT_UPDATE_PUBLIC_KEY_BYTES],
                              content_files *files, char *version, size_t version_size,
                              content_report *report, char *err, size_t err_size);

/* content_update_open(), then saves the pack in update_dir (see
 * content_files_save: unchanged bytes are not written again). The version
 * installed goes into version. */
sr_status content_update_install(const void *message, size_t len,
                                 const unsigned char public_key[CONTENT_UPDATE_PUBLIC_KEY_BYTES],
                                 const char *update_dir, char *version, size_t version_size,
                                 char *err, size_t err_size);

/* The folder of the pack installed last in update_dir, into out: SR_OK, or
 * SR_E_NOTFOUND when no pack has been installed there (err says why). */
sr_status content_update_current(const char *update_dir, char *out, size_t out_size, char *err,
                                 size_t err_size);

#endif
