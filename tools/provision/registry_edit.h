/* registry_edit.h -- changes to the registry of kiosks, made by
 * staffroom-provision.
 *
 * The registry is one INI file, one section per kiosk (the collector's
 * [registry] path; format in tools/collector/registry.h):
 *
 *   [st-elsewhere-ward-7-3fa9c2]
 *   site = St Elsewhere General
 *   area = Ward 7
 *   staff_group = nursing      ; optional
 *   revoked = false            ; optional; true = the collector refuses it
 *
 * Reading is the collector's own reader (collector/registry.h), so
 * provisioning and the collector can never disagree about what the file
 * says. This module changes the file's text rather than writing parsed
 * entries back -- a section appended, a "revoked = true" line set -- so
 * comments and layout added by hand survive every change.
 *
 * registry_edit_save() writes a temporary file beside the registry, reads
 * it back with the collector's reader (a change that would not read back
 * exactly as meant is refused, and the registry is left as it was), fsyncs
 * it, renames it over the registry and fsyncs the folder: a reader sees the
 * old registry or the new one, never half of one.
 *
 * Ownership: registry_edit_open() returns an edit the caller frees with
 * registry_edit_close() (accepts NULL). registry_edit_view() is borrowed
 * from it; it is the file as opened, not updated by changes.
 */
#ifndef SR_REGISTRY_EDIT_H
#define SR_REGISTRY_EDIT_H

#include <stddef.h>

#include "collector/registry.h"
#include "core/status.h"

typedef struct registry_edit registry_edit;

/* Reads the registry at path (a missing file is an empty registry). On a
 * bad file SR_E_CONFIG with "FILE:LINE: [section] key: reason" in err;
 * SR_E_IO when it cannot be read. */
sr_status registry_edit_open(const char *path, registry_edit **out, char *err, size_t err_size);

void registry_edit_close(registry_edit *edit);

/* The registry as opened. Borrowed. */
const registry *registry_edit_view(const registry_edit *edit);

/* Appends a section for entry (device, site, area, staff group; revoked
 * written only when true). SR_E_STATE if the device is already there. */
sr_status registry_edit_add(registry_edit *edit, const registry_entry *entry, char *err,
                            size_t err_size);

/* Sets "revoked = true" in device's section, after a comment line naming
 * the day (local time of now). SR_E_NOTFOUND if device is not there. */
sr_status registry_edit_revoke(registry_edit *edit, const char *device, long long now,
                               char *err, size_t err_size);

/* Writes the changed text back atomically (see above): mode 0644 for a new
 * file, else the old file's mode. */
sr_status registry_edit_save(registry_edit *edit, char *err, size_t err_size);

#endif
