/* content_publish.h -- sends one signed content pack to the broker, retained.
 *
 * A command-line tool's publish: connect, publish at QoS 1 with the retain
 * flag on staffroom/v1/content/pack, and return only when the broker has
 * acknowledged it (PUBACK), or fail after the deadline. Retained, so a kiosk
 * that is off today gets the pack when it next connects; the newest publish
 * replaces the one before.
 *
 * Ownership: options are borrowed for the call.
 */
#ifndef SR_CONTENT_PUBLISH_H
#define SR_CONTENT_PUBLISH_H

#include <stddef.h>

#include "core/status.h"

#define CONTENT_PUBLISH_TOPIC "staffroom/v1/content/pack"

typedef struct content_publish_options {
    const char *host;
    int port;
    const char *username;  /* "" for none */
    const char *password;  /* "" for none */
    const char *ca_file;   /* "" for plain MQTT */
    const char *cert_file; /* "" for none */
    const char *key_file;
    int timeout_ms;        /* connect + publish + acknowledgement */
} content_publish_options;

/* Publishes message (len bytes). SR_OK once the broker has it; otherwise
 * SR_E_IO / SR_E_DENIED / SR_E_CONFIG with the reason in err. */
sr_status content_publish(const content_publish_options *options, const void *message,
                          size_t len, char *err, size_t err_size);

#endif
