/* report_index.h -- dense numbering of strings and of small integer tuples.
 *
 * A report reads rollup rows one by one and must find, for each, the group
 * it adds to. Both structures here answer "which number did I give this
 * before?" in constant time (open addressing, doubled when half full):
 *
 *   report_strings   "Ward 7" -> 3   (a copy of each string is kept)
 *   report_tuples    (3, 0, 20250) -> 17   (fixed width per index)
 *
 * Numbers are dense, 0..count-1, in order of first appearance.
 *
 * Ownership: each index owns its memory; *_free() releases it and accepts
 * a zeroed index. Strings returned by report_strings_at() live as long as
 * the index.
 */
#ifndef SR_REPORT_INDEX_H
#define SR_REPORT_INDEX_H

#include <stddef.h>

#include "core/status.h"

typedef struct report_strings {
    char **text;       /* text[id], owned */
    int count, capacity;
    int *slots;        /* hash slots holding id + 1; 0 = empty */
    size_t n_slots;
} report_strings;

/* The id of text (length len), adding it if new. Returns SR_OK or
 * SR_E_NOMEM. */
sr_status report_strings_id(report_strings *index, const char *text, size_t len, int *id);

/* The id of text, or -1 when absent. */
int report_strings_find(const report_strings *index, const char *text);

const char *report_strings_at(const report_strings *index, int id);
void report_strings_free(report_strings *index);

#define REPORT_TUPLE_MAX 8

typedef struct report_tuples {
    int width;         /* 1..REPORT_TUPLE_MAX, set before first use */
    int *values;       /* count x width, owned */
    int count, capacity;
    int *slots;
    size_t n_slots;
} report_tuples;

/* The number of the tuple values[0..width), adding it if new. */
sr_status report_tuples_id(report_tuples *index, const int *values, int *id);

/* The tuple numbered id (width ints). */
const int *report_tuples_at(const report_tuples *index, int id);
void report_tuples_free(report_tuples *index);

#endif
