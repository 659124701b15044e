/* idset.h -- a sorted set of answer ids (32 hex digits), read from any
 * SQLite file with a query, for "the collector holds exactly these
 * answers" assertions.
 *
 * Reading opens its own read-only connection (busy timeout 5 s) for the one
 * query, so it never disturbs the program that writes the file (WAL).
 *
 * Ownership: an idset is a caller-owned struct whose array is freed by
 * idset_free() (safe on an empty set, and twice).
 */
#ifndef SR_IDSET_H
#define SR_IDSET_H

#include <stdbool.h>

#define IDSET_ID 33

typedef struct idset {
    int n;
    char (*ids)[IDSET_ID];
} idset;

/* The first column of every row of sql on the file at path, sorted. A file
 * that is not there yet, or whose tables are not made yet, gives an empty
 * set. Fails the test on any other SQLite error. */
void idset_read(idset *set, const char *path, const char *sql);

/* Adds id (unsorted until idset_sort). */
void idset_add(idset *set, const char *id);
void idset_sort(idset *set);
bool idset_contains(const idset *set, const char *id);

/* Fails the test naming the first difference unless both hold the same ids. */
void idset_assert_equal(const idset *expected, const idset *actual, const char *what);

/* The single integer sql returns on path (count(*) ...); 0 when the file
 * or its tables are not there yet. */
long long idset_query_int(const char *path, const char *sql);

void idset_free(idset *set);

#endif
