/* fleet_print.c -- the fleet as a table and as JSON (see fleet_print.h).
 *
 * The table is built as cells first, so each column is as wide as its
 * widest cell; widths count characters, not bytes, because site and area
 * names are the registry's UTF-8 ("Ysbyty Gwynedd", "Ward 7 – Día").
 * Flags that limits->ignore covers are left out of both outputs, as they
 * are out of the exit code.
 */
#include "fleet_print.h"

#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

#define COLUMNS 12
#define CELL_MAX 160

static const char *const HEADINGS[COLUMNS] = {
    "DEVICE", "SITE", "AREA", "STATE", "WAITING", "OLDEST", "LAST DELIVERY",
    "APP", "CONTENT", "DISK", "CLOCK", "PROBLEMS"};

typedef char row_cells[COLUMNS][CELL_MAX];

static size_t display_width(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xc0) != 0x80; /* count lead bytes only */
    return n;
}

static void state_cell(const fleet_kiosk *k, int64_t now, char *cell)
{
    char age[32];
    fleet_duration(now - k->since, age, sizeof age);
    if (k->state == FLEET_NEVER_SEEN)
        snprintf(cell, CELL_MAX, "%s", k->revoked ? "revoked" : "never seen");
    else if (k->revoked)
        snprintf(cell, CELL_MAX, "revoked (%s)", k->state == FLEET_ONLINE ? "online" : "offline");
    else if (k->since)
        snprintf(cell, CELL_MAX, "%s for %s", k->state == FLEET_ONLINE ? "online" : "offline",
                 age);
    else if (k->state == FLEET_ONLINE && k->has_details) {
        fleet_duration(k->status.uptime_minutes * 60, age, sizeof age);
        snprintf(cell, CELL_MAX, "online (up %s)", age);
    } else
        snprintf(cell, CELL_MAX, "%s", k->state == FLEET_ONLINE ? "online" : "offline ?");
}

static void flags_cell(const fleet_kiosk *k, unsigned shown, char *cell)
{
    size_t n = 0;
    cell[0] = 0;
    for (int i = 0; i < FLEET_FLAG_COUNT; i++)
        if (k->flags & shown & (1u << i))
            n += (size_t)snprintf(cell + n, n < CELL_MAX ? CELL_MAX - n : 0, "%s%s",
                                  n ? "," : "", fleet_flag_name(1u << i));
    if (!cell[0])
        snprintf(cell, CELL_MAX, "-");
}

static void fill_row(const fleet_kiosk *k, const fleet_limits *limits, int64_t now,
                     row_cells cells)
{
    const wire_status *s = &k->status;
    char age[32];
    bool d = k->has_details;
    snprintf(cells[0], CELL_MAX, "%s", k->device);
    snprintf(cells[1], CELL_MAX, "%s", k->site[0] ? k->site : "-");
    snprintf(cells[2], CELL_MAX, "%s", k->area[0] ? k->area : "-");
    state_cell(k, now, cells[3]);
    snprintf(cells[4], CELL_MAX, d ? "%lld" : "?", (long long)s->waiting);
    fleet_duration(now - s->oldest_period, age, sizeof age);
    /* "?" where the kiosk did not know the time of its oldest answer. */
    snprintf(cells[5], CELL_MAX, "%s",
             !d || (s->waiting && !s->oldest_period) ? "?" : s->oldest_period ? age : "-");
    fleet_duration(now - s->last_delivery, age, sizeof age);
    snprintf(cells[6], CELL_MAX, "%s%s", !d ? "?" : s->last_delivery ? age : "never",
             d && s->last_delivery ? " ago" : "");
    snprintf(cells[7], CELL_MAX, "%s", d && s->app_version[0] ? s->app_version : "?");
    snprintf(cells[8], CELL_MAX, "%s", d && s->content_version[0] ? s->content_version : "?");
    if (d && s->disk_free_percent >= 0)
        snprintf(cells[9], CELL_MAX, "%d%%", s->disk_free_percent);
    else
        snprintf(cells[9], CELL_MAX, "?");
    snprintf(cells[10], CELL_MAX, "%s", !d ? "?" : s->clock_synced ? "synced" : "NOT SYNCED");
    flags_cell(k, ~limits->ignore, cells[11]);
}

static void print_row(const row_cells cells, const size_t *width, FILE *out)
{
    for (int c = 0; c < COLUMNS; c++) {
        fputs(cells[c], out);
        if (c + 1 < COLUMNS)
            for (size_t pad = display_width(cells[c]); pad < width[c] + 2; pad++)
                fputc(' ', out);
    }
    fputc('\n', out);
}

static void print_problems(const fleet *f, const fleet_limits *limits, int64_t now, FILE *out)
{
    bool any = false;
    char text[512];
    for (int i = 0; i < f->n; i++) {
        const fleet_kiosk *k = &f->kiosks[i];
        unsigned flags = k->flags & ~limits->ignore;
        if (!flags)
            continue;
        fprintf(out, "%s  %s", any ? "" : "\nProblems:\n", k->device);
        if (k->site[0])
            fprintf(out, " (%s, %s)", k->site, k->area);
        for (int b = 0, first = 1; b < FLEET_FLAG_COUNT; b++)
            if (flags & (1u << b)) {
                fleet_flag_text(f, k, 1u << b, now, text, sizeof text);
                fprintf(out, "%s%s", first ? ": " : "; ", text);
                first = 0;
            }
        fputc('\n', out);
        any = true;
    }
}

void fleet_print_table(const fleet *f, const fleet_limits *limits, int64_t now, FILE *out)
{
    size_t width[COLUMNS];
    row_cells *rows = calloc((size_t)f->n + 1, sizeof *rows);
    if (!rows) {
        fputs("out of memory\n", out);
        return;
    }
    for (int c = 0; c < COLUMNS; c++) {
        snprintf(rows[0][c], CELL_MAX, "%s", HEADINGS[c]);
        width[c] = display_width(HEADINGS[c]);
    }
    int counts[3] = {0}, revoked = 0;
    for (int i = 0; i < f->n; i++) {
        fill_row(&f->kiosks[i], limits, now, rows[i + 1]);
        for (int c = 0; c < COLUMNS; c++)
            if (display_width(rows[i + 1][c]) > width[c])
                width[c] = display_width(rows[i + 1][c]);
        revoked += f->kiosks[i].revoked;
        counts[f->kiosks[i].state] += !f->kiosks[i].revoked;
    }
    for (int i = 0; i <= f->n; i++)
        print_row((const char(*)[CELL_MAX])rows[i], width, out);
    free(rows);
    print_problems(f, limits, now, out);
    int flagged = fleet_flagged(f, limits);
    fprintf(out, "\n%d kiosk%s: %d online, %d offline, %d never seen, %d revoked; ", f->n,
            f->n == 1 ? "" : "s", counts[FLEET_ONLINE], counts[FLEET_OFFLINE],
            counts[FLEET_NEVER_SEEN], revoked);
    if (flagged)
        fprintf(out, "%d with problems\n", flagged);
    else
        fprintf(out, "no problems\n");
}

/* ---- JSON -------------------------------------------------------------------- */

static void add_time(cJSON *o, const char *key, const char *age_key, int64_t t, int64_t now)
{
    cJSON_AddItemToObject(o, key, t ? cJSON_CreateNumber((double)t) : cJSON_CreateNull());
    cJSON_AddItemToObject(o, age_key, t ? cJSON_CreateNumber((double)(now - t))
                                        : cJSON_CreateNull());
}

static void add_text(cJSON *o, const char *key, const char *text, bool known)
{
    cJSON_AddItemToObject(o, key, known && text[0] ? cJSON_CreateString(text) : cJSON_CreateNull());
}

static cJSON *kiosk_json(const fleet *f, const fleet_kiosk *k, const fleet_limits *limits,
                         int64_t now)
{
    static const char *const STATES[] = {"never-seen", "online", "offline"};
    const wire_status *s = &k->status;
    bool d = k->has_details;
    cJSON *o = cJSON_CreateObject(), *flags = cJSON_CreateArray(), *problems = cJSON_CreateArray();
    cJSON_AddStringToObject(o, "device", k->device);
    add_text(o, "site", k->site, true);
    add_text(o, "area", k->area, true);
    add_text(o, "staff_group", k->staff_group, true);
    cJSON_AddBoolToObject(o, "registered", k->registered);
    cJSON_AddBoolToObject(o, "revoked", k->revoked);
    cJSON_AddStringToObject(o, "state", STATES[k->state]);
    add_time(o, "since", "for_seconds", k->since, now);
    cJSON_AddItemToObject(o, "waiting", d ? cJSON_CreateNumber((double)s->waiting) : cJSON_CreateNull());
    add_time(o, "oldest_period", "oldest_age_seconds", d ? s->oldest_period : 0, now);
    add_time(o, "last_delivery", "last_delivery_age_seconds", d ? s->last_delivery : 0, now);
    add_text(o, "app_version", s->app_version, d);
    add_text(o, "content_version", s->content_version, d);
    cJSON_AddItemToObject(o, "disk_free_percent", d && s->disk_free_percent >= 0
                                                      ? cJSON_CreateNumber(s->disk_free_percent)
                                                      : cJSON_CreateNull());
    cJSON_AddItemToObject(o, "clock_synced", d ? cJSON_CreateBool(s->clock_synced) : cJSON_CreateNull());
    cJSON_AddItemToObject(o, "uptime_minutes", d ? cJSON_CreateNumber((double)s->uptime_minutes)
                                                 : cJSON_CreateNull());
    add_text(o, "problem", s->problem, d);
    char text[512];
    for (int b = 0; b < FLEET_FLAG_COUNT; b++)
        if (k->flags & ~limits->ignore & (1u << b)) {
            cJSON_AddItemToArray(flags, cJSON_CreateString(fleet_flag_name(1u << b)));
            fleet_flag_text(f, k, 1u << b, now, text, sizeof text);
            cJSON_AddItemToArray(problems, cJSON_CreateString(text));
        }
    cJSON_AddItemToObject(o, "flags", flags);
    cJSON_AddItemToObject(o, "problems", problems);
    return o;
}

sr_status fleet_print_json(const fleet *f, const fleet_limits *limits, int64_t now, FILE *out)
{
    cJSON *root = cJSON_CreateObject(), *kiosks = cJSON_CreateArray();
    cJSON_AddNumberToObject(root, "generated", (double)now);
    add_text(root, "expected_content", f->expected_content, true);
    cJSON_AddNumberToObject(root, "flagged", fleet_flagged(f, limits));
    for (int i = 0; i < f->n; i++)
        cJSON_AddItemToArray(kiosks, kiosk_json(f, &f->kiosks[i], limits, now));
    cJSON_AddItemToObject(root, "kiosks", kiosks);
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    if (!text)
        return SR_E_NOMEM;
    fprintf(out, "%s\n", text);
    free(text);
    return SR_OK;
}
