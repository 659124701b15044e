/* provision_id.h -- a new kiosk's identity: its device id and its MQTT
 * password.
 *
 * A device id is made from the site's and the area's slugs and a random
 * suffix ("st-elsewhere-ward-7-3fa9c2"), so a technician can tell
 * from the id alone where a kiosk belongs, and two kiosks in one ward still
 * differ. Every id this module makes or accepts passes
 * wire_device_id_valid() (1..64 of [a-z0-9-], not "staffroom-...": those are
 * the broker's service accounts) and is at most PROVISION_ID_MAX_CHARS long.
 *
 * Randomness comes from libsodium (randombytes_buf, the OS's generator);
 * call sodium_init() once before using these functions.
 *
 * Ownership: every output is a caller-owned buffer; nothing is allocated.
 */
#ifndef SR_PROVISION_ID_H
#define SR_PROVISION_ID_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"
#include "wire/wire.h"

/* inih, which reads the registry (here and in the collector), cuts section
 * names at 49 characters, so a registry id is at most that long even
 * though the wire format allows 64. */
#define PROVISION_ID_MAX_CHARS 49
#define PROVISION_SITE_SLUG_MAX 18   /* characters of the site's slug kept in a made id */
#define PROVISION_AREA_SLUG_MAX 16   /* and of the area's: 18 + 16 + 6 + 2 + "kiosk-" <= 49 */
#define PROVISION_SUFFIX_HEX 6       /* random hex digits ending a made id */
#define PROVISION_PASSWORD_BYTES 24  /* random bytes in a password */
#define PROVISION_PASSWORD_MAX 40    /* 32 base64url characters + NUL, rounded up */

/* The id's form of a name: ASCII letters and digits lower-cased, every run
 * of anything else one '-', none at either end, at most max_chars long
 * (cut at a '-' boundary when possible). "St Elsewhere General" ->
 * "st-elsewhere-general". May be "" (a name with no ASCII letter or
 * digit). out must hold max_chars + 1 bytes. */
void provision_slug(const char *name, char *out, size_t max_chars);

/* Makes "<site slug>-<area slug>-<6 random hex>" into out. Empty slugs are
 * left out; an id that would start with "staffroom-" gets "kiosk-" in front. */
void provision_make_id(const char *site, const char *area, char out[WIRE_DEVICE_ID_MAX]);

/* Whether id may be given to a kiosk. On false writes the reason
 * ("'Ward7' has capitals: ids are a-z, 0-9 and '-'") into reason. */
bool provision_id_check(const char *id, char *reason, size_t reason_size);

/* A fresh random password: PROVISION_PASSWORD_BYTES bytes from libsodium as
 * URL-safe base64 without padding (32 characters of [A-Za-z0-9_-]). */
void provision_make_password(char out[PROVISION_PASSWORD_MAX]);

/* Whether a registry value (site, area, staff group) can be written to
 * and read back from an INI file unchanged: 1..63 bytes, no control
 * characters, no ';' (inih reads " ;" as the start of a comment), no
 * spaces at either end. On false writes the reason, naming what (e.g. "--site"). */
bool provision_name_check(const char *what, const char *value, bool required, char *reason,
                          size_t reason_size);

#endif
