/* provision_id.c -- device ids, passwords and registry names (see
 * provision_id.h).
 *
 * The rules here are the wire format's (wire_device_id_valid) plus what
 * provisioning adds: a readable shape for made ids, and names that survive
 * a round trip through the INI files the kiosk and the collector read.
 */
#include "provision_id.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define SERVICE_PREFIX "staffroom-"

static bool ascii_alnum(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

void provision_slug(const char *name, char *out, size_t max_chars)
{
    /* The whole slug first, then the cut: whether the cut falls inside a
     * word is only known by looking past it. */
    char full[256];
    size_t n = 0;
    bool dash = false;
    for (const unsigned char *p = (const unsigned char *)name; *p && n + 2 < sizeof full; p++) {
        if (!ascii_alnum(*p)) {
            dash = n > 0;
            continue;
        }
        if (dash)
            full[n++] = '-';
        dash = false;
        full[n++] = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
    }
    full[n] = 0;
    if (n > max_chars) {
        bool mid_word = full[max_chars] != '-';
        full[max_chars] = 0;
        char *last = strrchr(full, '-');
        if (mid_word && last && (size_t)(last - full) > max_chars / 2)
            *last = 0;
        n = strlen(full);
        while (n > 0 && full[n - 1] == '-')
            full[--n] = 0;
    }
    memcpy(out, full, n + 1);
}

void provision_make_id(const char *site, const char *area, char out[WIRE_DEVICE_ID_MAX])
{
    char site_slug[PROVISION_SITE_SLUG_MAX + 1], area_slug[PROVISION_AREA_SLUG_MAX + 1];
    unsigned char random[PROVISION_SUFFIX_HEX / 2];
    char suffix[PROVISION_SUFFIX_HEX + 1];
    provision_slug(site, site_slug, PROVISION_SITE_SLUG_MAX);
    provision_slug(area, area_slug, PROVISION_AREA_SLUG_MAX);
    randombytes_buf(random, sizeof random);
    sodium_bin2hex(suffix, sizeof suffix, random, sizeof random);
    char made[WIRE_DEVICE_ID_MAX - 6]; /* room for "kiosk-" in front */
    snprintf(made, sizeof made, "%s%s%s%s%s", site_slug, site_slug[0] ? "-" : "", area_slug,
             area_slug[0] ? "-" : "", suffix);
    if (strncmp(made, SERVICE_PREFIX, strlen(SERVICE_PREFIX)) == 0)
        snprintf(out, WIRE_DEVICE_ID_MAX, "kiosk-%s", made);
    else
        snprintf(out, WIRE_DEVICE_ID_MAX, "%s", made);
}

bool provision_id_check(const char *id, char *reason, size_t reason_size)
{
    size_t len = strlen(id);
    if (len == 0 || len > PROVISION_ID_MAX_CHARS) {
        snprintf(reason, reason_size,
                 "device id must be 1..%d characters (the registry's INI reader cuts longer "
                 "section names), not %zu",
                 PROVISION_ID_MAX_CHARS, len);
        return false;
    }
    if (strncmp(id, SERVICE_PREFIX, strlen(SERVICE_PREFIX)) == 0) {
        snprintf(reason, reason_size,
                 "device id '%s' starts with \"" SERVICE_PREFIX "\": those are the broker's "
                 "service accounts",
                 id);
        return false;
    }
    if (!wire_device_id_valid(id)) {
        snprintf(reason, reason_size,
                 "device id '%s': ids are lower-case a-z, 0-9 and '-', starting with a "
                 "letter or digit",
                 id);
        return false;
    }
    return true;
}

void provision_make_password(char out[PROVISION_PASSWORD_MAX])
{
    unsigned char random[PROVISION_PASSWORD_BYTES];
    randombytes_buf(random, sizeof random);
    sodium_bin2base64(out, PROVISION_PASSWORD_MAX, random, sizeof random,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(random, sizeof random);
}

bool provision_name_check(const char *what, const char *value, bool required, char *reason,
                          size_t reason_size)
{
    size_t len = strlen(value);
    if (len == 0) {
        if (!required)
            return true;
        snprintf(reason, reason_size, "%s: must not be empty", what);
        return false;
    }
    if (len > 63) {
        snprintf(reason, reason_size, "%s: at most 63 bytes, not %zu", what, len);
        return false;
    }
    if (value[0] == ' ' || value[len - 1] == ' ') {
        snprintf(reason, reason_size, "%s: '%s' has a space at one end", what, value);
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)value[i];
        if (c < 0x20 || c == 0x7f) {
            snprintf(reason, reason_size, "%s: control character at byte %zu", what, i + 1);
            return false;
        }
        if (c == ';') {
            snprintf(reason, reason_size, "%s: '%s' holds ';', which INI files read as a comment",
                     what, value);
            return false;
        }
    }
    return true;
}
