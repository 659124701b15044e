/* provision_kiosk.h -- the files a new kiosk boots with.
 *
 * One folder per kiosk, named by its device id, holding what a technician
 * copies onto the board's boot partition (/boot/firmware/, where the
 * firmware's unit reads staffroom.ini):
 *
 *   staffroom.ini        [device] id/site/area and [mqtt] host, port,
 *                        username, password_file, ca_file; then the
 *                        template's text, if one was given (mode 0600)
 *   staffroom.password   the MQTT password, one line (mode 0600)
 *   ca.crt               a copy of the broker's CA, when TLS is used
 *
 * Paths inside the INI are relative, so they resolve beside the INI
 * wherever the folder is copied. Only keys the kiosk knows are written,
 * and the result is read back with the kiosk's own configuration table
 * (kiosk_config_load) before this returns: what provisioning hands out,
 * the kiosk accepts.
 *
 * A template is an INI of site-wide kiosk settings ([ui] admin_pin, size,
 * language, [privacy] ...). It must itself be a valid kiosk configuration
 * and may not set the keys written here.
 *
 * Ownership: all borrowed; nothing is kept.
 */
#ifndef SR_PROVISION_KIOSK_H
#define SR_PROVISION_KIOSK_H

#include <stddef.h>

#include "core/status.h"

#define PROVISION_KIOSK_INI "staffroom.ini"
#define PROVISION_KIOSK_PASSWORD "staffroom.password"
#define PROVISION_KIOSK_CA "ca.crt"

typedef struct provision_kiosk {
    const char *dir;           /* the kiosk's folder: created here, must not exist */
    const char *device_id;
    const char *site;
    const char *area;
    const char *mqtt_host;
    int mqtt_port;
    const char *password;
    const char *ca_file;       /* NULL or "": plain MQTT */
    const char *template_path; /* NULL or "": no template */
} provision_kiosk;

/* Checks the template (valid for the kiosk, no key provisioning writes).
 * SR_E_CONFIG with "FILE:LINE: [section] key: reason". */
sr_status provision_kiosk_check_template(const char *path, char *err, size_t err_size);

/* Creates the folder and its files. On failure nothing is left behind
 * (SR_E_STATE when the folder already exists). */
sr_status provision_kiosk_write(const provision_kiosk *kiosk, char *err, size_t err_size);

/* Removes a folder provision_kiosk_write() made (its files, then itself):
 * the undo when a later step of provisioning fails. */
void provision_kiosk_remove(const char *dir);

#endif
