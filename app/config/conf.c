/* conf.c -- the table-driven INI configuration engine (see conf.h).
 *
 * inih does the parsing; it calls conf_handler() once per key and reports the
 * line number of the first key the handler refused. The handler stores the
 * reason; conf_load() glues "FILE:LINE: " in front. Only the first problem is
 * reported: after one bad key, later complaints are often consequences.
 */
#include "conf.h"

#include <errno.h>
#include <ini.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define CONF_MAX_KEYS 128

typedef struct conf_load_state {
    const conf_key *table;
    size_t n_keys;
    void *target;
    const char *path;
    bool seen[CONF_MAX_KEYS];
    char reason[512];
    bool failed;
} conf_load_state;

static void *field(void *target, const conf_key *key)
{
    return (char *)target + key->offset;
}

static const void *field_const(const void *target, const conf_key *key)
{
    return (const char *)target + key->offset;
}

static bool parse_long(const char *text, long *out)
{
    if (!*text)
        return false;
    char *end;
    errno = 0;
    long value = strtol(text, &end, 10);
    if (errno || *end)
        return false;
    *out = value;
    return true;
}

static bool parse_bool(const char *text, bool *out)
{
    static const char *const yes[] = {"true", "yes", "on", "1"};
    static const char *const no[] = {"false", "no", "off", "0"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        if (strcasecmp(text, yes[i]) == 0) {
            *out = true;
            return true;
        }
        if (strcasecmp(text, no[i]) == 0) {
            *out = false;
            return true;
        }
    }
    return false;
}

static bool enum_has(const char *choices, const char *value)
{
    size_t len = strlen(value);
    for (const char *p = choices; *p;) {
        const char *bar = strchr(p, '|');
        size_t word = bar ? (size_t)(bar - p) : strlen(p);
        if (word == len && strncmp(p, value, len) == 0)
            return true;
        p += word + (bar ? 1 : 0);
    }
    return false;
}

static bool parse_size(const char *text, long *w, long *h)
{
    char *x = strchr(text, 'x');
    if (!x)
        return false;
    char wbuf[16];
    size_t wl = (size_t)(x - text);
    if (wl == 0 || wl >= sizeof wbuf)
        return false;
    memcpy(wbuf, text, wl);
    wbuf[wl] = '\0';
    return parse_long(wbuf, w) && parse_long(x + 1, h);
}

static bool set_string(char *dst, size_t size, const char *value, char *why, size_t why_size)
{
    if (strlen(value) >= size) {
        snprintf(why, why_size, "too long (%zu characters, at most %zu)", strlen(value), size - 1);
        return false;
    }
    memcpy(dst, value, strlen(value) + 1);
    return true;
}

/* Converts value into the key's field. Returns false with a reason. The
 * config path is needed to resolve relative paths ("" for defaults). */
static bool set_value(const conf_key *key, void *target, const char *value, const char *path,
                      char *why, size_t why_size)
{
    void *dst = field(target, key);
    long number, w, h;
    bool flag;
    switch (key->type) {
    case CONF_STRING:
        if ((long)strlen(value) < key->min) {
            snprintf(why, why_size, "must not be empty");
            return false;
        }
        return set_string(dst, key->size, value, why, why_size);
    case CONF_PATH: {
        char resolved[PATH_MAX];
        conf_resolve_path(path, value, resolved, sizeof resolved);
        return set_string(dst, key->size, resolved, why, why_size);
    }
    case CONF_INT:
        if (!parse_long(value, &number)) {
            snprintf(why, why_size, "'%s' is not a whole number", value);
            return false;
        }
        if (number < key->min || number > key->max) {
            snprintf(why, why_size, "%ld is out of range (%ld to %ld)", number, key->min, key->max);
            return false;
        }
        *(int *)dst = (int)number;
        return true;
    case CONF_BOOL:
        if (!parse_bool(value, &flag)) {
            snprintf(why, why_size, "'%s' is not true or false", value);
            return false;
        }
        *(bool *)dst = flag;
        return true;
    case CONF_ENUM:
        if (!enum_has(key->choices, value)) {
            snprintf(why, why_size, "'%s' is not one of %s", value, key->choices);
            return false;
        }
        return set_string(dst, key->size, value, why, why_size);
    case CONF_DIGITS: {
        size_t len = strlen(value);
        if (len > 0 && (strspn(value, "0123456789") != len || (long)len < key->min ||
                        (long)len > key->max)) {
            snprintf(why, why_size, "must be %ld to %ld digits (or empty)", key->min, key->max);
            return false;
        }
        return set_string(dst, key->size, value, why, why_size);
    }
    case CONF_SIZE:
        if (!parse_size(value, &w, &h)) {
            snprintf(why, why_size, "'%s' is not a size like 800x480", value);
            return false;
        }
        if (w < key->min || w > key->max || h < key->min || h > key->max) {
            snprintf(why, why_size, "%ldx%ld is out of range (each side %ld to %ld)", w, h,
                     key->min, key->max);
            return false;
        }
        ((int *)dst)[0] = (int)w;
        ((int *)dst)[1] = (int)h;
        return true;
    }
    snprintf(why, why_size, "unknown key type");
    return false;
}

static int conf_handler(void *user, const char *section, const char *name, const char *value)
{
    conf_load_state *st = user;
    if (st->failed)
        return 1; /* keep the first reason; inih keeps the first line number */
    bool section_known = false;
    for (size_t i = 0; i < st->n_keys; i++) {
        const conf_key *key = &st->table[i];
        if (strcmp(key->section, section) != 0)
            continue;
        section_known = true;
        if (strcmp(key->key, name) != 0)
            continue;
        char why[256];
        if (st->seen[i]) {
            snprintf(why, sizeof why, "given twice");
        } else if (set_value(key, st->target, value, st->path, why, sizeof why) &&
                   (!key->check || key->check(value, why, sizeof why))) {
            st->seen[i] = true;
            return 1;
        }
        snprintf(st->reason, sizeof st->reason, "[%s] %s: %s", section, name, why);
        st->failed = true;
        return 0;
    }
    if (section_known)
        snprintf(st->reason, sizeof st->reason, "[%s] %s: unknown key", section, name);
    else
        snprintf(st->reason, sizeof st->reason, "[%s]: unknown section (at key '%s')", section,
                 name);
    st->failed = true;
    return 0;
}

void conf_resolve_path(const char *config_path, const char *path, char *out, size_t out_size)
{
    const char *slash = config_path ? strrchr(config_path, '/') : NULL;
    if (!path[0] || path[0] == '/' || !slash) {
        snprintf(out, out_size, "%s", path);
        return;
    }
    snprintf(out, out_size, "%.*s/%s", (int)(slash - config_path), config_path, path);
}

void conf_apply_defaults(const conf_key *table, size_t n_keys, void *target)
{
    char why[256];
    for (size_t i = 0; i < n_keys; i++) {
        bool ok = set_value(&table[i], target, table[i].def, "", why, sizeof why);
        /* A default that does not parse is a bug in the table. */
        if (!ok) {
            fprintf(stderr, "bug: default of [%s] %s: %s\n", table[i].section, table[i].key, why);
            abort();
        }
    }
}

sr_status conf_load(const conf_key *table, size_t n_keys, void *target, const char *path,
                    char *err, size_t err_size)
{
    if (n_keys > CONF_MAX_KEYS) {
        snprintf(err, err_size, "bug: more than %d keys in a config table", CONF_MAX_KEYS);
        return SR_E_LIMIT;
    }
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, err_size, "%s: cannot read: %s", path, strerror(errno));
        return SR_E_IO;
    }
    conf_load_state st = {.table = table, .n_keys = n_keys, .target = target, .path = path};
    int line = ini_parse_file(f, conf_handler, &st);
    fclose(f);
    if (line == 0 && !st.failed) {
        /* Defaults of paths not given are relative to the file's folder too. */
        char why[256];
        for (size_t i = 0; i < n_keys; i++)
            if (table[i].type == CONF_PATH && !st.seen[i])
                set_value(&table[i], target, table[i].def, path, why, sizeof why);
        return SR_OK;
    }
    if (line < 0) {
        snprintf(err, err_size, "%s: cannot parse (out of memory)", path);
        return SR_E_NOMEM;
    }
    if (!st.failed) /* inih itself refused the line: no '=' or no ']' */
        snprintf(st.reason, sizeof st.reason, "not a 'key = value' line or a [section] header");
    snprintf(err, err_size, "%s:%d: %s", path, line, st.reason);
    return SR_E_CONFIG;
}

static void print_value(const conf_key *key, const void *target, FILE *out)
{
    const void *src = field_const(target, key);
    switch (key->type) {
    case CONF_INT:
        fprintf(out, "%d", *(const int *)src);
        break;
    case CONF_BOOL:
        fputs(*(const bool *)src ? "true" : "false", out);
        break;
    case CONF_SIZE:
        fprintf(out, "%dx%d", ((const int *)src)[0], ((const int *)src)[1]);
        break;
    default:
        fputs((const char *)src, out);
        break;
    }
}

void conf_print(const conf_key *table, size_t n_keys, const void *target, const char *title,
                FILE *out)
{
    if (title)
        fprintf(out, "# %s\n", title);
    const char *section = NULL;
    for (size_t i = 0; i < n_keys; i++) {
        const conf_key *key = &table[i];
        if (!section || strcmp(section, key->section) != 0) {
            section = key->section;
            fprintf(out, "\n[%s]\n", section);
        }
        fprintf(out, "# %s (default: %s)\n%s = ", key->help, key->def[0] ? key->def : "empty",
                key->key);
        print_value(key, target, out);
        fputc('\n', out);
    }
}
