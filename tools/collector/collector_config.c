/* collector_config.c -- the collector's configuration table (see
 * collector_config.h).
 *
 * This table is the single description of every key. Defaults are what a
 * central server uses, matching firmware/systemd/staffroom-collector.service:
 * the collector beside its broker on the loopback interface, its store in
 * the unit's StateDirectory (/var/lib/staffroom-collector), its password and
 * the registry that staffroom-provision writes in /etc/staffroom, and the
 * content pack the kiosks run (the collector package's own copy, in
 * /usr/share/staffroom-collector/content).
 *
 * One content folder, not several: the collector checks answers against the
 * question set of the pack it is given (and refuses an unknown one), but
 * tolerates another content_version, because kiosks still on an older pack
 * are normal. A trust that removes an option or item should keep it in the
 * collector's pack until no kiosk sends it any more (see README.md).
 */
#define _DEFAULT_SOURCE /* gethostname */
#include "collector_config.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

#include "config/conf.h"
#include "wire/wire.h"

#define COLLECTOR_CLIENT_PREFIX "staffroom-collector-"

/* A share group name is one topic level: no '/', '+' or '#'. */
static bool check_share_group(const char *value, char *err, size_t err_size)
{
    if (strpbrk(value, "/+#")) {
        snprintf(err, err_size, "'%s' may not contain '/', '+' or '#'", value);
        return false;
    }
    return true;
}

static bool check_client_id(const char *value, char *err, size_t err_size)
{
    for (const char *p = value; *p; p++)
        if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f) {
            snprintf(err, err_size, "'%s' must be printable ASCII without spaces", value);
            return false;
        }
    return true;
}

#define STR(sec, k, field, minlen, def, help, check)                                           \
    {sec, k, CONF_STRING, offsetof(collector_config, field),                                  \
     sizeof(((collector_config *)0)->field), minlen, 0, NULL, def, help, check}
#define PATHKEY(sec, k, field, def, help)                                                      \
    {sec, k, CONF_PATH, offsetof(collector_config, field),                                    \
     sizeof(((collector_config *)0)->field), 0, 0, NULL, def, help, NULL}
#define INT(sec, k, field, lo, hi, def, help)                                                  \
    {sec, k, CONF_INT, offsetof(collector_config, field), sizeof(int), lo, hi, NULL, def, help, \
     NULL}
#define XSTR(x) #x
#define NUMBER(x) XSTR(x)

static const conf_key COLLECTOR_KEYS[] = {
    STR("mqtt", "host", mqtt_host, 1, "localhost", "broker host name", NULL),
    INT("mqtt", "port", mqtt_port, 1, 65535, "1883", "broker port (8883 for TLS, 1883 plain)"),
    STR("mqtt", "username", mqtt_username, 0, "staffroom-collector",
        "MQTT user name (the broker's ACL gives this account every kiosk's topics)", NULL),
    PATHKEY("mqtt", "password_file", mqtt_password_file, "/etc/staffroom/collector.password",
            "file holding the MQTT password, one line; empty for none"),
    PATHKEY("mqtt", "ca_file", mqtt_ca_file, "", "CA certificate for TLS; empty for plain MQTT"),
    PATHKEY("mqtt", "cert_file", mqtt_cert_file, "",
            "client certificate for TLS (with key_file); empty for none"),
    PATHKEY("mqtt", "key_file", mqtt_key_file, "", "client certificate's private key"),
    STR("mqtt", "share_group", share_group, 0, "",
        "MQTT v5 shared subscription group: collectors in one group split the load; empty "
        "for a plain subscription",
        check_share_group),
    STR("mqtt", "client_id", client_id, 0, "",
        "fixed client id of the persistent session; empty for staffroom-collector-<hostname>",
        check_client_id),
    INT("mqtt", "keepalive_seconds", keepalive_seconds, 5, 3600, "60",
        "MQTT keepalive: a dead connection is noticed within 1.5 times this"),
    INT("mqtt", "session_expiry_seconds", session_expiry_seconds, 60, 31536000, "604800",
        "MQTT v5 (with share_group): how long the broker queues for this collector while away"),
    PATHKEY("store", "path", store_path, "/var/lib/staffroom-collector/collector.db",
            "the collector's SQLite store (WAL); created when missing"),
    PATHKEY("registry", "path", registry_path, "/etc/staffroom/registry.ini",
            "device registry written by staffroom-provision; re-read when it changes and on "
            "SIGHUP"),
    PATHKEY("content", "dir", content_dir, "/usr/share/staffroom-collector/content",
            "the content pack answers are checked against (question set, toolkit); re-read on "
            "SIGHUP"),
    INT("ingest", "batch_max", batch_max, 1, 10000, "500",
        "messages stored in one transaction at most"),
    INT("ingest", "batch_ms", batch_ms, 0, 10000, "50",
        "a batch is committed at most this many milliseconds after its first message"),
    INT("ingest", "max_answer_bytes", max_answer_bytes, 256, WIRE_ANSWER_MAX_BYTES,
        NUMBER(WIRE_ANSWER_MAX_BYTES), "larger messages are refused without being parsed"),
    INT("ingest", "dead_letter_bytes", dead_letter_bytes, 0, 1048576, "4096",
        "bytes of a refused message kept in the dead-letter table"),
    INT("ingest", "summary_seconds", summary_seconds, 1, 86400, "60",
        "how often a line of counts is logged (only when they changed)"),
};

#define COLLECTOR_N_KEYS (sizeof COLLECTOR_KEYS / sizeof COLLECTOR_KEYS[0])

void collector_config_defaults(collector_config *config)
{
    memset(config, 0, sizeof *config);
    conf_apply_defaults(COLLECTOR_KEYS, COLLECTOR_N_KEYS, config);
}

sr_status collector_config_load(const char *path, collector_config *config, char *err,
                                size_t err_size)
{
    collector_config loaded;
    collector_config_defaults(&loaded);
    sr_status status = conf_load(COLLECTOR_KEYS, COLLECTOR_N_KEYS, &loaded, path, err, err_size);
    if (status != SR_OK)
        return status;
    snprintf(loaded.source_path, sizeof loaded.source_path, "%s", path);
    *config = loaded;
    return SR_OK;
}

void collector_config_print(const collector_config *config, FILE *out)
{
    char title[COLLECTOR_CONFIG_PATH_MAX + 64];
    snprintf(title, sizeof title, "staffroom-collector configuration%s%s",
             config->source_path[0] ? " from " : " (defaults)", config->source_path);
    conf_print(COLLECTOR_KEYS, COLLECTOR_N_KEYS, config, title, out);
}

void collector_config_client_id(const collector_config *config, char *out, size_t out_size)
{
    if (config->client_id[0]) {
        snprintf(out, out_size, "%s", config->client_id);
        return;
    }
    char host[256] = "";
    if (gethostname(host, sizeof host - 1) != 0 || !host[0])
        snprintf(host, sizeof host, "unknown");
    host[sizeof host - 1] = '\0';
    /* The host name may hold a dot or two; keep it readable but bounded. */
    snprintf(out, out_size, COLLECTOR_CLIENT_PREFIX "%.*s", 64, host);
}

sr_status collector_config_password(const collector_config *config, char *out, size_t out_size,
                                    char *err, size_t err_size)
{
    out[0] = '\0';
    if (!config->mqtt_password_file[0])
        return SR_OK;
    FILE *f = fopen(config->mqtt_password_file, "r");
    if (!f) {
        snprintf(err, err_size, "%s: [mqtt] password_file: cannot read: %s",
                 config->mqtt_password_file, strerror(errno));
        return SR_E_CONFIG;
    }
    bool got = fgets(out, (int)out_size, f) != NULL;
    fclose(f);
    out[strcspn(out, "\r\n")] = '\0';
    if (!got || !out[0]) {
        snprintf(err, err_size, "%s: [mqtt] password_file: the first line is empty",
                 config->mqtt_password_file);
        return SR_E_CONFIG;
    }
    return SR_OK;
}
