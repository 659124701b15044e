/* registry.h -- the collector's device registry: which kiosks exist, and
 * where each one is.
 *
 * The collector trusts the MQTT topic (the broker's ACL lets a kiosk write
 * only under its own device id), never the payload, for who sent a message;
 * and it takes the site, area and staff group from here, never from the
 * message. staffroom-provision writes the file, one INI section per kiosk:
 *
 *   [ward7-kiosk-1]
 *   site = St Elsewhere General
 *   area = Ward 7
 *   staff_group = nursing        ; optional
 *   revoked = false              ; optional; true = refuse its messages
 *
 * Section names must be valid device ids (wire_device_id_valid) that do not
 * start with "staffroom-" (the service accounts). site and area are
 * required. Unknown keys, a key given twice and bad values are refused with
 * "FILE:LINE: [section] key: reason". A section with no keys at all is not
 * seen by the INI reader and so registers nothing.
 *
 * A file that does not exist is an empty registry (every device unknown), so
 * a collector can start before provisioning has written anything; the
 * caller is told (registry_exists) so it can say so in its log.
 *
 * Ownership: registry_load() returns a registry the caller frees with
 * registry_free() (accepts NULL). Entries returned by registry_find() are
 * borrowed and live until the registry is freed: a reload builds a new
 * registry, which the caller swaps in.
 */
#ifndef SR_REGISTRY_H
#define SR_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"
#include "wire/wire.h"

#define REGISTRY_TEXT_MAX 128

typedef struct registry_entry {
    char device[WIRE_DEVICE_ID_MAX];
    char site[REGISTRY_TEXT_MAX];
    char area[REGISTRY_TEXT_MAX];
    char staff_group[REGISTRY_TEXT_MAX]; /* "" when not given */
    bool revoked;
} registry_entry;

typedef struct registry registry;

/* Reads the registry at path. A missing file gives an empty registry
 * (registry_exists() false). On a bad file returns SR_E_CONFIG (or SR_E_IO,
 * SR_E_NOMEM) with "FILE:LINE: [section] key: reason" in err and *out NULL. */
sr_status registry_load(const char *path, registry **out, char *err, size_t err_size);

void registry_free(registry *reg);

/* The entry of device, or NULL when it is not registered. Borrowed. */
const registry_entry *registry_find(const registry *reg, const char *device);

int registry_count(const registry *reg);

/* Entry i (0..count-1), in device id order. Borrowed. */
const registry_entry *registry_at(const registry *reg, int i);

bool registry_exists(const registry *reg);

/* A file's identity: whether it exists, and its device, inode, size and
 * modification time. Another stamp means another file, or the same one
 * rewritten. */
typedef struct registry_stamp {
    bool exists;
    unsigned long long dev, ino;
    long long size, mtime_sec, mtime_nsec;
} registry_stamp;

/* The stamp of the file at path now (a stat()). */
void registry_stamp_read(const char *path, registry_stamp *out);

bool registry_stamp_equal(const registry_stamp *a, const registry_stamp *b);

/* The stamp of the file this registry was read from (taken with fstat() on
 * the very file read). Borrowed. */
const registry_stamp *registry_stamp_of(const registry *reg);

/* The registry's path. Borrowed. */
const char *registry_path(const registry *reg);

/* True when the file at the registry's path is not the one it was read
 * from (registry_stamp_read differs from registry_stamp_of). */
bool registry_changed(const registry *reg);

#endif
