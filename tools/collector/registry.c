/* registry.c -- reading the device registry (see registry.h).
 *
 * inih calls handle_key() once per key; a new section name starts a new
 * entry (or finds the existing one, so a device listed twice with the same
 * key is "given twice"). Finding is a scan from the most recent entry: a
 * trust's registry holds hundreds of kiosks, read once at start and on
 * change, so O(n^2) at load is a few hundred thousand string compares. After
 * the parse the entries are sorted by device id and looked up by binary
 * search, since every message asks.
 *
 * The file's stamp (device, inode, size, modification time) is taken with
 * fstat() on the very file read, so a file replaced or rewritten after the
 * read is always seen as changed.
 */
#include "registry.h"

#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define SERVICE_PREFIX "staffroom-"

enum { SEEN_SITE = 1, SEEN_AREA = 2, SEEN_GROUP = 4, SEEN_REVOKED = 8 };

struct registry {
    char path[1024];
    registry_stamp stamp;
    int n, cap;
    registry_entry *entries;
    unsigned char *seen; /* SEEN_* per entry, only while loading */
};

typedef struct load_state {
    registry *reg;
    char reason[512];
    bool failed;
} load_state;

static void stamp_from(const struct stat *st, registry_stamp *out)
{
    memset(out, 0, sizeof *out);
    out->exists = true;
    out->dev = (unsigned long long)st->st_dev;
    out->ino = (unsigned long long)st->st_ino;
    out->size = (long long)st->st_size;
    out->mtime_sec = (long long)st->st_mtim.tv_sec;
    out->mtime_nsec = (long long)st->st_mtim.tv_nsec;
}

static int compare_entries(const void *a, const void *b)
{
    return strcmp(((const registry_entry *)a)->device, ((const registry_entry *)b)->device);
}

/* The entry for section, made on first sight. NULL when out of memory. */
static registry_entry *entry_for(registry *reg, const char *section, unsigned char **seen)
{
    for (int i = reg->n - 1; i >= 0; i--)
        if (strcmp(reg->entries[i].device, section) == 0) {
            *seen = &reg->seen[i];
            return &reg->entries[i];
        }
    if (reg->n == reg->cap) {
        int cap = reg->cap ? reg->cap * 2 : 64;
        registry_entry *entries = realloc(reg->entries, (size_t)cap * sizeof *entries);
        if (!entries)
            return NULL;
        reg->entries = entries;
        unsigned char *flags = realloc(reg->seen, (size_t)cap);
        if (!flags)
            return NULL;
        reg->seen = flags;
        reg->cap = cap;
    }
    registry_entry *entry = &reg->entries[reg->n];
    memset(entry, 0, sizeof *entry);
    snprintf(entry->device, sizeof entry->device, "%s", section);
    reg->seen[reg->n] = 0;
    *seen = &reg->seen[reg->n++];
    return entry;
}

static bool parse_bool(const char *text, bool *out)
{
    bool yes = !strcasecmp(text, "true") || !strcasecmp(text, "yes") || !strcmp(text, "1");
    bool no = !strcasecmp(text, "false") || !strcasecmp(text, "no") || !strcmp(text, "0");
    if (yes || no)
        *out = yes;
    return yes || no;
}

static bool set_text(char *dst, const char *value, bool required, char *why, size_t why_size)
{
    if (required && !value[0]) {
        snprintf(why, why_size, "must not be empty");
        return false;
    }
    if (strlen(value) >= REGISTRY_TEXT_MAX) {
        snprintf(why, why_size, "too long (%zu characters, at most %d)", strlen(value),
                 REGISTRY_TEXT_MAX - 1);
        return false;
    }
    memcpy(dst, value, strlen(value) + 1);
    return true;
}

/* Stores one key; false with the reason in why. */
static bool set_key(registry_entry *entry, unsigned char *seen, const char *name,
                    const char *value, char *why, size_t why_size)
{
    static const struct {
        const char *name;
        unsigned char flag;
    } keys[] = {{"site", SEEN_SITE}, {"area", SEEN_AREA}, {"staff_group", SEEN_GROUP},
                {"revoked", SEEN_REVOKED}};
    unsigned char flag = 0;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (strcmp(keys[i].name, name) == 0)
            flag = keys[i].flag;
    if (!flag) {
        snprintf(why, why_size, "unknown key (site, area, staff_group, revoked)");
        return false;
    }
    if (*seen & flag) {
        snprintf(why, why_size, "given twice");
        return false;
    }
    *seen |= flag;
    if (flag == SEEN_REVOKED) {
        if (parse_bool(value, &entry->revoked))
            return true;
        snprintf(why, why_size, "'%s' is not true or false", value);
        return false;
    }
    char *dst = flag == SEEN_SITE ? entry->site : flag == SEEN_AREA ? entry->area
                                                                      : entry->staff_group;
    return set_text(dst, value, flag != SEEN_GROUP, why, why_size);
}

static int handle_key(void *user, const char *section, const char *name, const char *value)
{
    load_state *st = user;
    if (st->failed)
        return 1; /* keep the first reason; inih keeps the first line */
    char why[256];
    if (!section[0]) {
        snprintf(st->reason, sizeof st->reason, "%s: outside any [device-id] section", name);
        st->failed = true;
        return 0;
    }
    if (!wire_device_id_valid(section) ||
        strncmp(section, SERVICE_PREFIX, strlen(SERVICE_PREFIX)) == 0) {
        snprintf(st->reason, sizeof st->reason,
                 "[%s]: not a device id (1-64 of a-z, 0-9 and '-', not starting with '-' "
                 "or \"" SERVICE_PREFIX "\")",
                 section);
        st->failed = true;
        return 0;
    }
    unsigned char *seen = NULL;
    registry_entry *entry = entry_for(st->reg, section, &seen);
    if (!entry) {
        snprintf(st->reason, sizeof st->reason, "out of memory");
        st->failed = true;
        return 0;
    }
    if (set_key(entry, seen, name, value, why, sizeof why))
        return 1;
    snprintf(st->reason, sizeof st->reason, "[%s] %s: %s", section, name, why);
    st->failed = true;
    return 0;
}

/* Every device needs its site and area; inih cannot say where a section
 * began, so the message names the section instead of a line. */
static bool check_required(const registry *reg, char *err, size_t err_size)
{
    for (int i = 0; i < reg->n; i++) {
        const char *missing = !(reg->seen[i] & SEEN_SITE)   ? "site"
                              : !(reg->seen[i] & SEEN_AREA) ? "area"
                                                            : NULL;
        if (missing) {
            snprintf(err, err_size, "%s: [%s] %s: missing (every device needs site and area)",
                     reg->path, reg->entries[i].device, missing);
            return false;
        }
    }
    return true;
}

static sr_status parse_file(registry *reg, FILE *f, char *err, size_t err_size)
{
    load_state st = {.reg = reg};
    int line = ini_parse_file(f, handle_key, &st);
    if (line < 0) {
        snprintf(err, err_size, "%s: cannot parse (out of memory)", reg->path);
        return SR_E_NOMEM;
    }
    if (line > 0 || st.failed) {
        if (!st.failed)
            snprintf(st.reason, sizeof st.reason,
                     "not a 'key = value' line or a [section] header");
        snprintf(err, err_size, "%s:%d: %s", reg->path, line, st.reason);
        return strcmp(st.reason, "out of memory") == 0 ? SR_E_NOMEM : SR_E_CONFIG;
    }
    if (!check_required(reg, err, err_size))
        return SR_E_CONFIG;
    if (reg->n > 1)
        qsort(reg->entries, (size_t)reg->n, sizeof *reg->entries, compare_entries);
    return SR_OK;
}

sr_status registry_load(const char *path, registry **out, char *err, size_t err_size)
{
    sr_status status = SR_OK;
    *out = NULL;
    registry *reg = calloc(1, sizeof *reg);
    if (!reg) {
        snprintf(err, err_size, "%s: out of memory", path);
        return SR_E_NOMEM;
    }
    snprintf(reg->path, sizeof reg->path, "%s", path);
    FILE *f = fopen(path, "r");
    if (!f) {
        if (errno == ENOENT)
            goto done; /* not provisioned yet: an empty registry */
        snprintf(err, err_size, "%s: cannot read: %s", path, strerror(errno));
        status = SR_E_IO;
        goto fail;
    }
    struct stat st;
    if (fstat(fileno(f), &st) == 0)
        stamp_from(&st, &reg->stamp);
    status = parse_file(reg, f, err, err_size);
    fclose(f);
    if (status != SR_OK)
        goto fail;
done:
    free(reg->seen);
    reg->seen = NULL;
    *out = reg;
    return SR_OK;
fail:
    registry_free(reg);
    return status;
}

void registry_free(registry *reg)
{
    if (!reg)
        return;
    free(reg->entries);
    free(reg->seen);
    free(reg);
}

const registry_entry *registry_find(const registry *reg, const char *device)
{
    if (!reg || reg->n == 0 || strlen(device) >= sizeof(((registry_entry *)0)->device))
        return NULL;
    registry_entry key;
    snprintf(key.device, sizeof key.device, "%s", device);
    return bsearch(&key, reg->entries, (size_t)reg->n, sizeof key, compare_entries);
}

int registry_count(const registry *reg)
{
    return reg ? reg->n : 0;
}

const registry_entry *registry_at(const registry *reg, int i)
{
    return reg && i >= 0 && i < reg->n ? &reg->entries[i] : NULL;
}

bool registry_exists(const registry *reg)
{
    return reg && reg->stamp.exists;
}

void registry_stamp_read(const char *path, registry_stamp *out)
{
    struct stat st;
    memset(out, 0, sizeof *out);
    if (stat(path, &st) == 0)
        stamp_from(&st, out);
}

bool registry_stamp_equal(const registry_stamp *a, const registry_stamp *b)
{
    return a->exists == b->exists && a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
           a->mtime_sec == b->mtime_sec && a->mtime_nsec == b->mtime_nsec;
}

const registry_stamp *registry_stamp_of(const registry *reg)
{
    return &reg->stamp;
}

const char *registry_path(const registry *reg)
{
    return reg->path;
}

bool registry_changed(const registry *reg)
{
    registry_stamp now;
    registry_stamp_read(reg->path, &now);
    return !registry_stamp_equal(&now, &reg->stamp);
}
