/* hostile.h -- the hostile corpus of answer messages (tests/net/hostile/).
 *
 * tests/net/hostile/MANIFEST lists one case a line, "FILE<TAB>EXPECTED":
 * FILE is a file of that folder or a generator ("gen:big:10485760",
 * "gen:deep:10000", "gen:utf8bad[:KIND]"; tests/net/hostile/README.md says
 * what each makes), EXPECTED a substring of wire_answer_decode()'s reason,
 * or HOSTILE_ACCEPT for a message that must be accepted. test_wire.c runs
 * every case through the decoder; the collector's integration test
 * publishes every case to a real broker.
 *
 * Ownership: *bytes is the caller's, freed with free().
 */
#ifndef SR_HOSTILE_H
#define SR_HOSTILE_H

#include <stddef.h>

#define HOSTILE_ACCEPT "ACCEPT"

/* The MANIFEST's path in the source tree, written into out. Returns out. */
char *hostile_manifest_path(char *out, size_t size);

/* One MANIFEST line (a trailing newline is allowed). Returns 1 with the
 * case's bytes in *bytes (len bytes, plus a NUL after them that is not part
 * of the message) and EXPECTED in expected; 0 for a blank or comment line
 * (nothing allocated); -1 for a malformed line, an unknown generator or a
 * file that cannot be read (with a message on stderr). */
int hostile_load(const char *manifest_line, void **bytes, size_t *len, char *expected,
                 size_t expected_size);

#endif
