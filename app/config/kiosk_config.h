/* kiosk_config.h -- the kiosk's configuration, one INI file.
 *
 * Every key is one row of the table in kiosk_config.c (key, type, bounds,
 * default, help); that table drives the parser, the defaults, the printed
 * effective configuration (--check-config) and the shipped example file.
 * Relative paths are made relative to the config file's folder.
 *
 * Ownership: kiosk_config is a plain value; nothing inside is on the heap.
 */
#ifndef SR_KIOSK_CONFIG_H
#define SR_KIOSK_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "../core/status.h"

#define KIOSK_CONFIG_PATH_MAX 1024
#define KIOSK_CONFIG_NAME_MAX 64

typedef struct kiosk_config {
    /* [device] */
    char device_id[KIOSK_CONFIG_NAME_MAX];
    char site[KIOSK_CONFIG_NAME_MAX];
    char area[KIOSK_CONFIG_NAME_MAX];
    /* [mqtt] */
    char mqtt_host[256];
    int mqtt_port;
    char mqtt_username[KIOSK_CONFIG_NAME_MAX];
    char mqtt_password_file[KIOSK_CONFIG_PATH_MAX];
    char mqtt_ca_file[KIOSK_CONFIG_PATH_MAX];
    char mqtt_cert_file[KIOSK_CONFIG_PATH_MAX]; /* optional client certificate ... */
    char mqtt_key_file[KIOSK_CONFIG_PATH_MAX];  /* ... and its key */
    int mqtt_keepalive_seconds;
    /* [delivery] (app/net/forwarder.h) */
    int delivery_window;        /* answers sent and not yet confirmed, at most */
    int delivery_batch;         /* taken from the outbox per transaction */
    int delivery_resend_seconds;
    int delivery_status_seconds;
    int delivery_backoff_min_ms;
    int delivery_backoff_max_ms;
    /* [store] */
    char store_path[KIOSK_CONFIG_PATH_MAX];
    /* [content] */
    char content_dir[KIOSK_CONFIG_PATH_MAX];
    char content_cache_dir[KIOSK_CONFIG_PATH_MAX]; /* last good pack is kept here */
    char content_public_key[64];   /* base64 ed25519; "" = no updates over MQTT */
    char content_update_dir[KIOSK_CONFIG_PATH_MAX]; /* packs received over MQTT */
    /* [ui] */
    char language[8];
    int width, height;          /* from "size = WxH": the picture as staff see it */
    int rotation;               /* 0, 90, 180, 270: the panel is turned (ui/ui_rotation.h) */
    bool fullscreen;
    char admin_pin[16];
    int idle_timeout_seconds;
    int still_there_seconds;
    int thanks_seconds;
    int cooldown_seconds;
    int low_score_max;
    /* [privacy] */
    char time_granularity[8];   /* hour | shift | day */
    char shifts[256];           /* "day=07:00-19:00,night=19:00-07:00" */
    /* [clock] */
    bool trust_wall_clock;      /* treat the clock as synchronised regardless */

    char source_path[KIOSK_CONFIG_PATH_MAX]; /* the file it came from, "" for defaults */
} kiosk_config;

/* Every key at its default. */
void kiosk_config_defaults(kiosk_config *config);

/* Reads path over the defaults. On error returns SR_E_CONFIG (or SR_E_IO
 * when the file cannot be read) and writes "FILE:LINE: [section] key: reason"
 * into err. Unknown sections and keys are errors. Rules between keys
 * ([delivery] batch <= window, backoff_min_ms <= backoff_max_ms) are
 * reported as "FILE: [section] key: reason". */
sr_status kiosk_config_load(const char *path, kiosk_config *config, char *err, size_t err_size);

/* Prints the effective configuration as an INI file, every key with its
 * help line as a comment (the shipped example is this output for defaults). */
void kiosk_config_print(const kiosk_config *config, FILE *out);

#endif
