/* fleet_mqtt.h -- the fleet from the broker's retained status messages.
 *
 * Every kiosk keeps a retained status on staffroom/v1/kiosk/ID/status, and
 * its last will replaces it with {"online":false} when its connection dies.
 * staffroom-fleet connects as the staffroom-fleet service account (the
 * shipped ACL lets it read exactly those topics), subscribes, takes the
 * retained messages the broker sends at once, and stops when no message
 * has come for quiet_ms (or at timeout_ms in all). Without a collector this
 * is the whole picture there is, with two gaps the table shows as unknown:
 * when a kiosk came online, and when an offline one went away (neither
 * message carries a time).
 *
 * The configuration is an INI file read by the table-driven engine
 * (config/conf.h):
 *
 *   [mqtt]
 *   host = broker.trust.nhs.uk     ; required
 *   port = 8883
 *   username = staffroom-fleet
 *   password_file = fleet.password ; relative to the INI's folder
 *   ca_file = ca.crt               ; empty: plain MQTT
 *   [registry]
 *   path = registry.ini            ; optional: site and area of each kiosk
 *
 * Ownership: plain values; kiosks are appended to the caller's fleet.
 */
#ifndef SR_FLEET_MQTT_H
#define SR_FLEET_MQTT_H

#include <stddef.h>

#include "collector/registry.h"
#include "core/status.h"
#include "fleet/fleet.h"

#define FLEET_MQTT_PATH_MAX 1024

typedef struct fleet_mqtt_config {
    char host[256];
    int port;
    char username[64];
    char password_file[FLEET_MQTT_PATH_MAX];
    char ca_file[FLEET_MQTT_PATH_MAX];
    char registry_path[FLEET_MQTT_PATH_MAX];
} fleet_mqtt_config;

/* Reads the INI at path. SR_E_CONFIG with "FILE:LINE: [section] key:
 * reason", SR_E_IO when it cannot be read. */
sr_status fleet_mqtt_config_load(const char *path, fleet_mqtt_config *config, char *err,
                                 size_t err_size);

/* Connects, collects the status messages into f, disconnects. SR_E_DENIED
 * when the broker refuses the login, SR_E_IO when it cannot be reached or
 * does not answer within timeout_ms; the reason names the broker. A status
 * that does not decode is skipped and counted in *n_bad (may be NULL), the
 * first reason in bad (may be NULL). */
sr_status fleet_mqtt_read(const fleet_mqtt_config *config, int quiet_ms, int timeout_ms,
                          fleet *f, int *n_bad, char *bad, size_t bad_size, char *err,
                          size_t err_size);

/* Site, area, staff group and revoked from the registry; kiosks it does not
 * hold are marked unregistered, and registered kiosks with no status are
 * added as never seen. */
sr_status fleet_apply_registry(fleet *f, const registry *reg);

#endif
