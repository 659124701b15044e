/* report_index.c -- open-addressing hash indexes for report grouping.
 *
 * FNV-1a hashes, linear probing, a table at most half full (so probes stay
 * short), growing by doubling and re-inserting. Nothing is ever removed,
 * which keeps probing simple: an empty slot ends a search.
 */
#include "report_index.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint64_t hash_bytes(const void *data, size_t len)
{
    const unsigned char *p = data;
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}

/* ---- strings ------------------------------------------------------------ */

static size_t string_slot(const report_strings *x, const char *text, size_t len)
{
    size_t mask = x->n_slots - 1, slot = (size_t)hash_bytes(text, len) & mask;
    while (x->slots[slot]) {
        const char *held = x->text[x->slots[slot] - 1];
        if (strncmp(held, text, len) == 0 && held[len] == '\0')
            break;
        slot = (slot + 1) & mask;
    }
    return slot;
}

static sr_status strings_grow(report_strings *x)
{
    size_t n = x->n_slots ? x->n_slots * 2 : 64;
    int *slots = calloc(n, sizeof *slots);
    char **text = realloc(x->text, sizeof *text * n / 2);
    if (!slots || !text) {
        free(slots);
        if (text)
            x->text = text;
        return SR_E_NOMEM;
    }
    x->text = text;
    x->capacity = (int)(n / 2);
    free(x->slots);
    x->slots = slots;
    x->n_slots = n;
    for (int id = 0; id < x->count; id++)
        x->slots[string_slot(x, x->text[id], strlen(x->text[id]))] = id + 1;
    return SR_OK;
}

sr_status report_strings_id(report_strings *x, const char *text, size_t len, int *id)
{
    if ((size_t)(x->count + 1) * 2 > x->n_slots && strings_grow(x) != SR_OK)
        return SR_E_NOMEM;
    size_t slot = string_slot(x, text, len);
    if (x->slots[slot]) {
        *id = x->slots[slot] - 1;
        return SR_OK;
    }
    char *copy = malloc(len + 1);
    if (!copy)
        return SR_E_NOMEM;
    memcpy(copy, text, len);
    copy[len] = '\0';
    x->text[x->count] = copy;
    x->slots[slot] = ++x->count;
    *id = x->count - 1;
    return SR_OK;
}

int report_strings_find(const report_strings *x, const char *text)
{
    if (!x->n_slots)
        return -1;
    size_t slot = string_slot(x, text, strlen(text));
    return x->slots[slot] - 1;
}

const char *report_strings_at(const report_strings *x, int id)
{
    return id >= 0 && id < x->count ? x->text[id] : NULL;
}

void report_strings_free(report_strings *x)
{
    for (int i = 0; i < x->count; i++)
        free(x->text[i]);
    free(x->text);
    free(x->slots);
    memset(x, 0, sizeof *x);
}

/* ---- tuples ------------------------------------------------------------- */

static size_t tuple_slot(const report_tuples *x, const int *values)
{
    size_t bytes = sizeof *values * (size_t)x->width;
    size_t mask = x->n_slots - 1, slot = (size_t)hash_bytes(values, bytes) & mask;
    while (x->slots[slot] &&
           memcmp(x->values + (size_t)(x->slots[slot] - 1) * (size_t)x->width, values, bytes) != 0)
        slot = (slot + 1) & mask;
    return slot;
}

static sr_status tuples_grow(report_tuples *x)
{
    size_t n = x->n_slots ? x->n_slots * 2 : 256;
    int *slots = calloc(n, sizeof *slots);
    int *values = realloc(x->values, sizeof *values * (size_t)x->width * n / 2);
    if (!slots || !values) {
        free(slots);
        if (values)
            x->values = values;
        return SR_E_NOMEM;
    }
    x->values = values;
    x->capacity = (int)(n / 2);
    free(x->slots);
    x->slots = slots;
    x->n_slots = n;
    for (int id = 0; id < x->count; id++)
        x->slots[tuple_slot(x, x->values + (size_t)id * (size_t)x->width)] = id + 1;
    return SR_OK;
}

sr_status report_tuples_id(report_tuples *x, const int *values, int *id)
{
    if ((size_t)(x->count + 1) * 2 > x->n_slots && tuples_grow(x) != SR_OK)
        return SR_E_NOMEM;
    size_t slot = tuple_slot(x, values);
    if (!x->slots[slot]) {
        memcpy(x->values + (size_t)x->count * (size_t)x->width, values,
               sizeof *values * (size_t)x->width);
        x->slots[slot] = ++x->count;
    }
    *id = x->slots[slot] - 1;
    return SR_OK;
}

const int *report_tuples_at(const report_tuples *x, int id)
{
    return x->values + (size_t)id * (size_t)x->width;
}

void report_tuples_free(report_tuples *x)
{
    int width = x->width;
    free(x->values);
    free(x->slots);
    memset(x, 0, sizeof *x);
    x->width = width;
}
