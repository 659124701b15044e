/* collector_config.h -- staffroom-collector's configuration, one INI file.
 *
 * Every key is one row of the table in collector_config.c (section, key,
 * type, bounds, default, help) on the engine of app/config/conf.h; that
 * table drives the parser, the defaults, the printed effective configuration
 * (--check-config, --print-defaults) and the shipped example file
 * tools/collector/staffroom-collector.example.ini. Relative paths are made
 * relative to the config file's folder.
 *
 * Ownership: collector_config is a plain value; nothing inside is on the heap.
 */
#ifndef SR_COLLECTOR_CONFIG_H
#define SR_COLLECTOR_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/status.h"

#define COLLECTOR_CONFIG_PATH_MAX 1024
#define COLLECTOR_CONFIG_NAME_MAX 128

typedef struct collector_config {
    /* [mqtt] */
    char mqtt_host[256];
    int mqtt_port;
    char mqtt_username[COLLECTOR_CONFIG_NAME_MAX];
    char mqtt_password_file[COLLECTOR_CONFIG_PATH_MAX];
    char mqtt_ca_file[COLLECTOR_CONFIG_PATH_MAX];
    char mqtt_cert_file[COLLECTOR_CONFIG_PATH_MAX];
    char mqtt_key_file[COLLECTOR_CONFIG_PATH_MAX];
    char share_group[COLLECTOR_CONFIG_NAME_MAX]; /* "" = plain subscription */
    char client_id[COLLECTOR_CONFIG_NAME_MAX];   /* "" = staffroom-collector-<hostname> */
    int keepalive_seconds;
    int session_expiry_seconds;                  /* MQTT v5 only (shared subscriptions) */
    /* [store] */
    char store_path[COLLECTOR_CONFIG_PATH_MAX];
    /* [registry] */
    char registry_path[COLLECTOR_CONFIG_PATH_MAX];
    /* [content] */
    char content_dir[COLLECTOR_CONFIG_PATH_MAX];
    /* [ingest] */
    int batch_max;         /* messages per transaction */
    int batch_ms;          /* a batch closes this long after its first message */
    int max_answer_bytes;  /* larger messages are refused unparsed */
    int dead_letter_bytes; /* bytes of a refused message kept */
    int summary_seconds;   /* how often the counts line is logged (when they moved) */

    char source_path[COLLECTOR_CONFIG_PATH_MAX]; /* the file it came from, "" for defaults */
} collector_config;

/* Every key at its default. */
void collector_config_defaults(collector_config *config);

/* Reads path over the defaults. On error returns SR_E_CONFIG (or SR_E_IO when
 * the file cannot be read) and writes "FILE:LINE: [section] key: reason" into
 * err; *config is then untouched. Unknown sections and keys are errors. */
sr_status collector_config_load(const char *path, collector_config *config, char *err,
                                size_t err_size);

/* Prints the configuration as an INI file, every key with its help line and
 * default as comments (the shipped example is this output for defaults). */
void collector_config_print(const collector_config *config, FILE *out);

/* The MQTT client id to use: [mqtt] client_id, or
 * "staffroom-collector-<hostname>" when it is empty. */
void collector_config_client_id(const collector_config *config, char *out, size_t out_size);

/* Reads the password from [mqtt] password_file (its first line, without the
 * line end) into out; "" when no file is configured. SR_E_CONFIG with
 * "FILE: reason" in err when it cannot be read or is empty. */
sr_status collector_config_password(const collector_config *config, char *out, size_t out_size,
                                    char *err, size_t err_size);

#endif
