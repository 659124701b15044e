/* fleet.c -- the fleet model and its health rules (see fleet.h).
 *
 * Pure: no I/O, no clock. Sources fill fleet_kiosk rows; fleet_evaluate()
 * is the one place that decides what counts as a problem, so the table,
 * the JSON and the exit code can never disagree about it.
 */
#include "fleet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const FLAG_NAMES[FLEET_FLAG_COUNT] = {
    "offline", "never-seen", "backlog", "disk", "clock", "content", "kiosk-problem",
    "revoked-online", "unregistered"};

void fleet_limits_defaults(fleet_limits *limits)
{
    memset(limits, 0, sizeof *limits);
    limits->offline_seconds = 3600;
    limits->backlog_seconds = 86400;
    limits->disk_min_percent = 10;
}

fleet_kiosk *fleet_kiosk_for(fleet *f, const char *device)
{
    for (int i = 0; i < f->n; i++)
        if (strcmp(f->kiosks[i].device, device) == 0)
            return &f->kiosks[i];
    if (f->n == f->cap) {
        int cap = f->cap ? f->cap * 2 : 32;
        fleet_kiosk *more = realloc(f->kiosks, (size_t)cap * sizeof *more);
        if (!more)
            return NULL;
        f->kiosks = more;
        f->cap = cap;
    }
    fleet_kiosk *k = &f->kiosks[f->n++];
    memset(k, 0, sizeof *k);
    snprintf(k->device, sizeof k->device, "%s", device);
    k->registered = true;
    k->state = FLEET_NEVER_SEEN;
    k->status.disk_free_percent = -1;
    return k;
}

void fleet_free(fleet *f)
{
    if (!f)
        return;
    free(f->kiosks);
    memset(f, 0, sizeof *f);
}

int fleet_version_compare(const char *a, const char *b)
{
    while (*a && *b) {
        bool da = *a >= '0' && *a <= '9', db = *b >= '0' && *b <= '9';
        if (da && db) {
            while (*a == '0')
                a++;
            while (*b == '0')
                b++;
            size_t la = strspn(a, "0123456789"), lb = strspn(b, "0123456789");
            if (la != lb)
                return la < lb ? -1 : 1;
            int c = strncmp(a, b, la);
            if (c)
                return c < 0 ? -1 : 1;
            a += la;
            b += lb;
            continue;
        }
        if (*a != *b)
            return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
        a++;
        b++;
    }
    return *a ? 1 : *b ? -1 : 0;
}

static int compare_kiosks(const void *pa, const void *pb)
{
    const fleet_kiosk *a = pa, *b = pb;
    int c = strcmp(a->site, b->site);
    if (!c)
        c = strcmp(a->area, b->area);
    return c ? c : strcmp(a->device, b->device);
}

/* The content version most active kiosks run; a tie goes to the newest. */
static void most_common_content(fleet *f)
{
    int best = 0;
    f->expected_content[0] = 0;
    for (int i = 0; i < f->n; i++) {
        const char *v = f->kiosks[i].status.content_version;
        if (f->kiosks[i].revoked || !f->kiosks[i].has_details || !v[0])
            continue;
        int count = 0;
        for (int j = 0; j < f->n; j++)
            count += !f->kiosks[j].revoked && f->kiosks[j].has_details &&
                     strcmp(f->kiosks[j].status.content_version, v) == 0;
        if (count > best ||
            (count == best && fleet_version_compare(v, f->expected_content) > 0)) {
            best = count;
            snprintf(f->expected_content, sizeof f->expected_content, "%s", v);
        }
    }
}

static unsigned kiosk_flags(const fleet *f, const fleet_kiosk *k, const fleet_limits *limits,
                            int64_t now)
{
    if (k->revoked)
        return k->state == FLEET_ONLINE ? FLEET_FLAG_REVOKED_ONLINE : 0;
    unsigned flags = k->registered ? 0 : FLEET_FLAG_UNREGISTERED;
    if (k->state == FLEET_NEVER_SEEN)
        flags |= FLEET_FLAG_NEVER_SEEN;
    if (k->state == FLEET_OFFLINE && (!k->since || now - k->since >= limits->offline_seconds))
        flags |= FLEET_FLAG_OFFLINE;
    if (!k->has_details)
        return flags;
    const wire_status *s = &k->status;
    if (s->oldest_period > 0 && now - s->oldest_period > limits->backlog_seconds)
        flags |= FLEET_FLAG_BACKLOG;
    if (s->disk_free_percent >= 0 && s->disk_free_percent < limits->disk_min_percent)
        flags |= FLEET_FLAG_DISK;
    if (!s->clock_synced)
        flags |= FLEET_FLAG_CLOCK;
    if (s->content_version[0] && f->expected_content[0] &&
        strcmp(s->content_version, f->expected_content) != 0)
        flags |= FLEET_FLAG_CONTENT;
    if (s->problem[0])
        flags |= FLEET_FLAG_KIOSK_PROBLEM;
    return flags;
}

void fleet_evaluate(fleet *f, const fleet_limits *limits, int64_t now)
{
    if (f->n > 1)
        qsort(f->kiosks, (size_t)f->n, sizeof *f->kiosks, compare_kiosks);
    if (limits->content_version[0])
        snprintf(f->expected_content, sizeof f->expected_content, "%s", limits->content_version);
    else
        most_common_content(f);
    for (int i = 0; i < f->n; i++)
        f->kiosks[i].flags = kiosk_flags(f, &f->kiosks[i], limits, now);
}

int fleet_flagged(const fleet *f, const fleet_limits *limits)
{
    int n = 0;
    for (int i = 0; i < f->n; i++)
        n += (f->kiosks[i].flags & ~limits->ignore) != 0;
    return n;
}

const char *fleet_flag_name(unsigned flag)
{
    for (int i = 0; i < FLEET_FLAG_COUNT; i++)
        if (flag == 1u << i)
            return FLAG_NAMES[i];
    return NULL;
}

bool fleet_flags_parse(const char *list, unsigned *out, char *err, size_t err_size)
{
    *out = 0;
    for (const char *p = list; *p;) {
        size_t len = strcspn(p, ",");
        int i = 0;
        while (i < FLEET_FLAG_COUNT &&
               !(strlen(FLAG_NAMES[i]) == len && strncmp(FLAG_NAMES[i], p, len) == 0))
            i++;
        if (i == FLEET_FLAG_COUNT) {
            snprintf(err, err_size,
                     "'%.*s' is not a flag (offline, never-seen, backlog, disk, clock, content, "
                     "kiosk-problem, revoked-online, unregistered)",
                     (int)(len > 40 ? 40 : len), p);
            return false;
        }
        *out |= 1u << i;
        p += len + (p[len] == ',');
    }
    return true;
}

void fleet_duration(int64_t seconds, char *buf, size_t size)
{
    int64_t minutes = seconds / 60, hours = minutes / 60, days = hours / 24;
    if (minutes < 1)
        snprintf(buf, size, "under a minute");
    else if (hours < 1)
        snprintf(buf, size, "%lld min", (long long)minutes);
    else if (days < 1)
        snprintf(buf, size, "%lld h %lld min", (long long)hours, (long long)(minutes % 60));
    else
        snprintf(buf, size, "%lld d %lld h", (long long)days, (long long)(hours % 24));
}

void fleet_flag_text(const fleet *f, const fleet_kiosk *k, unsigned flag, int64_t now, char *buf,
                     size_t size)
{
    char age[32];
    const wire_status *s = &k->status;
    switch (flag) {
    case FLEET_FLAG_OFFLINE:
        fleet_duration(now - k->since, age, sizeof age);
        if (k->since)
            snprintf(buf, size, "offline for %s", age);
        else
            snprintf(buf, size, "offline (since when is unknown: the last will has no time)");
        break;
    case FLEET_FLAG_NEVER_SEEN:
        snprintf(buf, size, "registered, but never reported (not installed, or cannot connect)");
        break;
    case FLEET_FLAG_BACKLOG:
        fleet_duration(now - s->oldest_period, age, sizeof age);
        snprintf(buf, size, "oldest of %lld waiting answers is %s old", (long long)s->waiting,
                 age);
        break;
    case FLEET_FLAG_DISK:
        snprintf(buf, size, "disk %d%% free", s->disk_free_percent);
        break;
    case FLEET_FLAG_CLOCK:
        snprintf(buf, size, "clock not synchronised");
        break;
    case FLEET_FLAG_CONTENT:
        snprintf(buf, size, "content %s, expected %s", s->content_version, f->expected_content);
        break;
    case FLEET_FLAG_KIOSK_PROBLEM:
        snprintf(buf, size, "kiosk reports: %s", s->problem);
        break;
    case FLEET_FLAG_REVOKED_ONLINE:
        snprintf(buf, size, "revoked, yet online: reload the broker (SIGHUP)");
        break;
    case FLEET_FLAG_UNREGISTERED:
        snprintf(buf, size, "not in the registry");
        break;
    default:
        snprintf(buf, size, "?");
    }
}
