/* wire_topic.c -- topic names and device ids.
 *
 * The device id in a topic is the kiosk's identity: the broker's ACL lets a
 * kiosk write only under its own user name, and the collector believes the
 * topic, never the payload. So the id's rule is strict enough to be a topic
 * level, a user name and a file name at once, and a topic that is not
 * exactly one of ours is refused rather than guessed at.
 */
#include "wire.h"

#include <stdio.h>
#include <string.h>

#define KIOSK_PREFIX WIRE_TOPIC_ROOT "/kiosk/"
#define SERVICE_PREFIX "staffroom-"

static const char *const CHANNEL_NAMES[] = {"answer", "ack", "status"};

bool wire_device_id_valid(const char *id)
{
    size_t n = 0;
    if (!id || strncmp(id, SERVICE_PREFIX, strlen(SERVICE_PREFIX)) == 0)
        return false;
    for (; id[n]; n++) {
        char c = id[n];
        bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (!alnum && (c != '-' || n == 0))
            return false;
        if (n + 1 >= WIRE_DEVICE_ID_MAX)
            return false;
    }
    return n > 0;
}

static bool channel_valid(wire_channel channel)
{
    return channel == WIRE_CHANNEL_ANSWER || channel == WIRE_CHANNEL_ACK ||
           channel == WIRE_CHANNEL_STATUS;
}

bool wire_topic(char *buf, size_t size, const char *device, wire_channel channel)
{
    if (!buf || !wire_device_id_valid(device) || !channel_valid(channel))
        return false;
    int n = snprintf(buf, size, KIOSK_PREFIX "%s/%s", device, CHANNEL_NAMES[channel]);
    return n > 0 && (size_t)n < size;
}

const char *wire_topic_filter(wire_channel channel)
{
    switch (channel) {
    case WIRE_CHANNEL_ACK:
        return KIOSK_PREFIX "+/ack";
    case WIRE_CHANNEL_STATUS:
        return KIOSK_PREFIX "+/status";
    default:
        return KIOSK_PREFIX "+/answer";
    }
}

bool wire_topic_parse(const char *topic, char device[WIRE_DEVICE_ID_MAX], wire_channel *channel)
{
    size_t prefix = strlen(KIOSK_PREFIX);
    if (!topic || strncmp(topic, KIOSK_PREFIX, prefix) != 0)
        return false;
    const char *id = topic + prefix;
    const char *slash = strchr(id, '/');
    if (!slash || slash == id || (size_t)(slash - id) >= WIRE_DEVICE_ID_MAX)
        return false;
    memcpy(device, id, (size_t)(slash - id));
    device[slash - id] = '\0';
    if (!wire_device_id_valid(device))
        return false;
    for (int c = 0; c < (int)(sizeof CHANNEL_NAMES / sizeof CHANNEL_NAMES[0]); c++) {
        if (strcmp(slash + 1, CHANNEL_NAMES[c]) == 0) {
            *channel = (wire_channel)c;
            return true;
        }
    }
    return false;
}
