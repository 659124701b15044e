/* forwarder_status.c -- the kiosk's retained status on
 * staffroom/v1/kiosk/<id>/status, and its last will.
 *
 * Published (retained, QoS 1) on connect, every status_seconds, and at once
 * when one of the facts estates act on changes: online, the content
 * version, clock synchronisation, a problem appearing or clearing. The
 * queue's depth and the period of its oldest row are snapshots taken only
 * on connect and at the periodic publication, never when an answer
 * arrives, so that watching the status cannot time an answer (privacy:
 * DESIGN.md). For the same reason toolkit counters are sealed into outbox
 * rows on the same timer (and on connect), not after every opening.
 *
 * The will -- {"v":1,"online":false}, retained -- is given to the broker
 * with every CONNECT; the broker publishes it if the connection dies
 * without a DISCONNECT. A clean stop publishes the same message itself
 * first (forwarder_mqtt_goodbye), because a DISCONNECT cancels the will.
 */
#define _DEFAULT_SOURCE
#include "forwarder_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../platform/disk_space.h"
#include "../platform/sysclock.h"

void forwarder_status_will(const forwarder *fw, char **payload)
{
    (void)fw;
    wire_status offline;
    memset(&offline, 0, sizeof offline);
    offline.online = false;
    *payload = wire_status_encode(&offline);
}


/* The facts as they are now: the UI's under the lock, the rest as of the
 * last look (next_facts). */
static void current_facts(forwarder *fw, forwarder_facts *facts)
{
    memset(facts, 0, sizeof *facts);
    facts->online = fw->state == FORWARDER_ONLINE;
    facts->clock_synced = fw->clock_synced;
    pthread_mutex_lock(&fw->lock);
    snprintf(facts->content_version, sizeof facts->content_version, "%s", fw->content_version);
    snprintf(facts->problem, sizeof facts->problem, "%s", fw->problem);
    pthread_mutex_unlock(&fw->lock);
    if (!facts->problem[0] && fw->content_problem[0])
        snprintf(facts->problem, sizeof facts->problem, "%s", fw->content_problem);
    if (!facts->problem[0] && fw->disk_free_percent >= 0 &&
        fw->disk_free_percent < FORWARDER_DISK_LOW_PERCENT)
        snprintf(facts->problem, sizeof facts->problem, "disk almost full");
}

static bool same_facts(const forwarder_facts *a, const forwarder_facts *b)
{
    return a->online == b->online && a->clock_synced == b->clock_synced &&
           strcmp(a->content_version, b->content_version) == 0 &&
           strcmp(a->problem, b->problem) == 0;
}

void forwarder_status_snapshot(forwarder *fw)
{
    outbox_stats stats;
    if (!fw->ob || outbox_get_stats(fw->ob, &stats) != SR_OK)
        return; /* keep the last snapshot */
    fw->waiting = stats.unsent + stats.sent;
    fw->oldest_period = stats.oldest_period;
}

void forwarder_status_timers(forwarder *fw, int64_t now)
{
    if (now >= fw->next_facts) {
        sysclock_reading clock;
        sysclock_read(&clock);
        fw->clock_synced = clock.synced;
        fw->disk_free_percent = -1;
        disk_space_of(fw->outbox_path, NULL, &fw->disk_free_percent);
        fw->next_facts = now + FORWARDER_FACT_CHECK_MS;
    }
    if (fw->state != FORWARDER_ONLINE)
        return;
    if (now >= fw->next_status) {
        fw->next_status = now + (int64_t)fw->status_seconds * 1000;
        forwarder_status_snapshot(fw);
        fw->want_seal = fw->want_fill = true;
        fw->status_due = true;
    }
    forwarder_facts facts;
    current_facts(fw, &facts);
    if (!same_facts(&facts, &fw->published))
        fw->status_due = true;
}

void forwarder_status_publish(forwarder *fw, int64_t now)
{
    if (fw->n_status_mids >= FORWARDER_STATUS_INFLIGHT_MAX)
        return; /* still due: goes out when the broker has acknowledged one */
    forwarder_facts facts;
    current_facts(fw, &facts);
    wire_status s;
    memset(&s, 0, sizeof s);
    s.online = facts.online;
    snprintf(s.app_version, sizeof s.app_version, "%s", fw->app_version);
    snprintf(s.content_version, sizeof s.content_version, "%s", facts.content_version);
    s.waiting = fw->waiting;
    s.oldest_period = fw->oldest_period;
    s.last_delivery = fw->last_delivery;
    s.disk_free_percent = fw->disk_free_percent;
    s.clock_synced = facts.clock_synced;
    s.uptime_minutes = (now - fw->started_ms) / 60000;
    snprintf(s.problem, sizeof s.problem, "%s", facts.problem);
    char *payload = wire_status_encode(&s);
    if (!payload) {
        forwarder_log(fw, "status: out of memory");
        return;
    }
    int mid = 0;
    if (forwarder_mqtt_publish(fw, fw->topic_status, payload, true, &mid)) {
        fw->status_mids[fw->n_status_mids++] = mid;
        fw->published = facts;
        fw->status_due = false;
        fw->counters.statuses++;
    }
    free(payload);
}

bool forwarder_status_acked(forwarder *fw, int mid)
{
    for (int i = 0; i < fw->n_status_mids; i++) {
        if (fw->status_mids[i] == mid) {
            fw->status_mids[i] = fw->status_mids[--fw->n_status_mids];
            return true;
        }
    }
    return false;
}
