/* kiosk_config.c -- the kiosk's configuration table (see kiosk_config.h).
 *
 * This table is the single description of every key: the parser, the
 * defaults, `staffroom-kiosk --check-config` and the shipped example file
 * (assets/staffroom-kiosk.example.ini, generated from it) all come from it.
 * Defaults are what a production board uses; paths default to the places
 * firmware/ sets up (/var/lib/staffroom for state, /usr/share/staffroom for
 * the content shipped on the image).
 */
#include "kiosk_config.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "../content/content_update.h"
#include "../core/privacy.h"
#include "../wire/wire.h"
#include "conf.h"

static bool check_shifts(const char *value, char *err, size_t err_size)
{
    privacy_policy policy;
    privacy_policy_defaults(&policy);
    return privacy_parse_shifts(value, &policy, err, err_size) == SR_OK;
}

/* The id is the MQTT user name and a topic level: wire.h's rules. */
static bool check_device_id(const char *value, char *err, size_t err_size)
{
    if (wire_device_id_valid(value))
        return true;
    snprintf(err, err_size,
             "'%s' is not a device id: 1-64 of a-z, 0-9 and '-', starting with a letter or digit",
             value);
    return false;
}

/* A base64 ed25519 public key, as staffroom-content keygen prints it. */
static bool check_public_key(const char *value, char *err, size_t err_size)
{
    unsigned char key[CONTENT_UPDATE_PUBLIC_KEY_BYTES];
    return !value[0] || content_update_parse_public_key(value, key, err, err_size) == SR_OK;
}

static bool check_language(const char *value, char *err, size_t err_size)
{
    size_t len = strlen(value);
    if (len == 0 || (len >= 2 && len <= 5 && strspn(value, "abcdefghijklmnopqrstuvwxyz-") == len))
        return true;
    snprintf(err, err_size, "'%s' is not a language code like en or cy", value);
    return false;
}

/* Already a whole number in 0..270 (the table's bounds): a quarter turn? */
static bool check_rotation(const char *value, char *err, size_t err_size)
{
    long degrees = strtol(value, NULL, 10);
    if (degrees % 90 == 0)
        return true;
    snprintf(err, err_size, "%ld is not 0, 90, 180 or 270", degrees);
    return false;
}

#define STR(sec, k, field, minlen, def, help)                                                  \
    {sec, k, CONF_STRING, offsetof(kiosk_config, field), sizeof(((kiosk_config *)0)->field),    \
     minlen, 0, NULL, def, help, NULL}
#define PATHKEY(sec, k, field, def, help)                                                      \
    {sec, k, CONF_PATH, offsetof(kiosk_config, field), sizeof(((kiosk_config *)0)->field), 0, 0, \
     NULL, def, help, NULL}
#define INT(sec, k, field, lo, hi, def, help)                                                  \
    {sec, k, CONF_INT, offsetof(kiosk_config, field), sizeof(int), lo, hi, NULL, def, help, NULL}

static const conf_key KIOSK_KEYS[] = {
    {"device", "id", CONF_STRING, offsetof(kiosk_config, device_id),
     sizeof(((kiosk_config *)0)->device_id), 1, 0, NULL, "unprovisioned",
     "this kiosk's id (a-z, 0-9, '-'); also its MQTT client id and user name "
     "(staffroom-provision writes it)", check_device_id},
    STR("device", "site", site, 0, "", "site name shown on the admin screen (the collector's registry decides)"),
    STR("device", "area", area, 0, "", "area or ward shown on the admin screen"),
    STR("mqtt", "host", mqtt_host, 0, "", "broker host name; empty keeps answers on the kiosk"),
    INT("mqtt", "port", mqtt_port, 1, 65535, "8883", "broker port (8883 for TLS, 1883 plain)"),
    STR("mqtt", "username", mqtt_username, 0, "", "MQTT user name; empty: the device id"),
    PATHKEY("mqtt", "password_file", mqtt_password_file, "",
            "file holding the MQTT password on its first line (not readable by every user: "
            "mode 600 or 640); empty for none"),
    PATHKEY("mqtt", "ca_file", mqtt_ca_file, "", "CA certificate for TLS; empty for plain MQTT"),
    PATHKEY("mqtt", "cert_file", mqtt_cert_file, "",
            "client certificate for TLS (with key_file); empty for none"),
    PATHKEY("mqtt", "key_file", mqtt_key_file, "", "the client certificate's private key"),
    INT("mqtt", "keepalive_seconds", mqtt_keepalive_seconds, 5, 3600, "60",
        "a silent connection is checked (and dropped if dead) after this long"),
    INT("delivery", "window", delivery_window, 1, 65000, "2000",
        "answers sent but not yet confirmed by the collector, at most"),
    INT("delivery", "batch", delivery_batch, 1, 1000, "200",
        "answers taken from the outbox at a time (at most window)"),
    INT("delivery", "resend_seconds", delivery_resend_seconds, 1, 604800, "120",
        "an answer sent but not confirmed this long is sent again"),
    INT("delivery", "status_seconds", delivery_status_seconds, 1, 86400, "900",
        "the retained status (queue depth, disk, clock) is published this often; "
        "toolkit counts are sent on the same beat"),
    INT("delivery", "backoff_min_ms", delivery_backoff_min_ms, 1, 3600000, "1000",
        "first wait before reconnecting to the broker"),
    INT("delivery", "backoff_max_ms", delivery_backoff_max_ms, 1, 3600000, "300000",
        "longest wait before reconnecting (each failure doubles the ceiling; random below it)"),
    PATHKEY("store", "path", store_path, "/var/lib/staffroom/outbox.db",
            "the outbox: answers wait here until the collector confirms them"),
    PATHKEY("content", "dir", content_dir, "/usr/share/staffroom/content",
            "content pack folder (pack.json, questions.json, toolkit.json, strings.json)"),
    PATHKEY("content", "cache_dir", content_cache_dir, "/var/lib/staffroom/content-good",
            "where the last good content pack is kept, used when a new one is refused"),
    {"content", "public_key", CONF_STRING, offsetof(kiosk_config, content_public_key),
     sizeof(((kiosk_config *)0)->content_public_key), 0, 0, NULL, "",
     "ed25519 key (base64, from staffroom-content keygen) that must sign packs sent over "
     "MQTT; empty: no content updates over the network", check_public_key},
    PATHKEY("content", "update_dir", content_update_dir, "/var/lib/staffroom/content-updates",
            "where signed packs received over MQTT are kept; used instead of dir once one "
            "has arrived"),
    {"ui", "language", CONF_STRING, offsetof(kiosk_config, language),
     sizeof(((kiosk_config *)0)->language), 0, 0, NULL, "",
     "language at the start of each check-in; empty for the pack's default", check_language},
    {"ui", "size", CONF_SIZE, offsetof(kiosk_config, width), 2 * sizeof(int), 240, 8192, NULL,
     "800x480", "screen size in pixels, WxH (720x1280 for a portrait Touch Display 2)", NULL},
    {"ui", "rotation", CONF_INT, offsetof(kiosk_config, rotation), sizeof(int), 0, 270, NULL, "0",
     "degrees the picture is turned clockwise on the panel: 0, 90, 180 or 270 (90 or 270 for a "
     "landscape panel mounted portrait; size is then the portrait size, e.g. 480x800)",
     check_rotation},
    {"ui", "fullscreen", CONF_BOOL, offsetof(kiosk_config, fullscreen), sizeof(bool), 0, 0, NULL,
     "true", "fullscreen (the Pi); false opens a window on a desktop", NULL},
    {"ui", "admin_pin", CONF_DIGITS, offsetof(kiosk_config, admin_pin),
     sizeof(((kiosk_config *)0)->admin_pin), 4, 12, NULL, "",
     "PIN for the admin screen (long press top-left corner), 4-12 digits; empty disables it", NULL},
    INT("ui", "idle_timeout_seconds", idle_timeout_seconds, 10, 600, "60",
        "no touch this long during a check-in asks \"still there?\""),
    INT("ui", "still_there_seconds", still_there_seconds, 20, 300, "30",
        "countdown before an unfinished check-in is discarded (at least 20)"),
    INT("ui", "thanks_seconds", thanks_seconds, 3, 120, "8", "how long \"thank you\" stays"),
    INT("ui", "cooldown_seconds", cooldown_seconds, 0, 600, "20",
        "after a check-in, no new one can start for this long"),
    INT("ui", "low_score_max", low_score_max, 0, 7, "2",
        "scores up to this offer matching toolkit items and urgent help"),
    {"privacy", "time_granularity", CONF_ENUM, offsetof(kiosk_config, time_granularity),
     sizeof(((kiosk_config *)0)->time_granularity), 0, 0, "hour|shift|day", "hour",
     "answers are filed under the hour, the shift or the day -- never a finer time", NULL},
    {"privacy", "shifts", CONF_STRING, offsetof(kiosk_config, shifts),
     sizeof(((kiosk_config *)0)->shifts), 1, 0, NULL, "day=07:00-19:00,night=19:00-07:00",
     "shift bands, name=HH:MM-HH:MM, covering the whole day", check_shifts},
    {"clock", "trust_wall_clock", CONF_BOOL, offsetof(kiosk_config, trust_wall_clock),
     sizeof(bool), 0, 0, NULL, "false",
     "file answers by the wall clock even when the kernel does not call it synchronised "
     "(a board with a battery-backed clock and no NTP); normally answers wait for NTP",
     NULL},
};

#define KIOSK_N_KEYS (sizeof KIOSK_KEYS / sizeof KIOSK_KEYS[0])

void kiosk_config_defaults(kiosk_config *config)
{
    memset(config, 0, sizeof *config);
    conf_apply_defaults(KIOSK_KEYS, KIOSK_N_KEYS, config);
}

sr_status kiosk_config_load(const char *path, kiosk_config *config, char *err, size_t err_size)
{
    kiosk_config loaded;
    kiosk_config_defaults(&loaded);
    sr_status status = conf_load(KIOSK_KEYS, KIOSK_N_KEYS, &loaded, path, err, err_size);
    if (status != SR_OK)
        return status;
    if (loaded.delivery_batch > loaded.delivery_window) {
        snprintf(err, err_size, "%s: [delivery] batch: %d is more than window (%d)", path,
                 loaded.delivery_batch, loaded.delivery_window);
        return SR_E_CONFIG;
    }
    if (loaded.delivery_backoff_min_ms > loaded.delivery_backoff_max_ms) {
        snprintf(err, err_size, "%s: [delivery] backoff_max_ms: %d is less than backoff_min_ms (%d)",
                 path, loaded.delivery_backoff_max_ms, loaded.delivery_backoff_min_ms);
        return SR_E_CONFIG;
    }
    snprintf(loaded.source_path, sizeof loaded.source_path, "%s", path);
    *config = loaded;
    return SR_OK;
}

void kiosk_config_print(const kiosk_config *config, FILE *out)
{
    char title[KIOSK_CONFIG_PATH_MAX + 64];
    snprintf(title, sizeof title, "staffroom-kiosk configuration%s%s",
             config->source_path[0] ? " from " : " (defaults)", config->source_path);
    conf_print(KIOSK_KEYS, KIOSK_N_KEYS, config, title, out);
}
