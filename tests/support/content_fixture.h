/* content_fixture.h -- scratch content packs for the content tests.
 *
 * A test copies the shipped pack (assets/content) into a fresh scratch
 * folder, lays the files of tests/content/broken/<name>/ (only the files
 * that differ) or its own edits over it, and loads it. Loading a pack that
 * must be refused hands back the report, so the test can name the file,
 * JSON path and reason it expects.
 *
 * Every helper fails the running cmocka test (rather than returning an
 * error) when the file system lets it down: a fixture that could not be
 * built says so where it happened, not as a puzzling assertion later.
 *
 * Include after <cmocka.h>: assert_problem() is built on fail_msg().
 *
 * Ownership: path buffers are the caller's; what _read_all, _load_bad and
 * _load_broken return is the caller's to free().
 */
#ifndef SR_CONTENT_FIXTURE_H
#define SR_CONTENT_FIXTURE_H

#include <limits.h> /* PATH_MAX: the size of every path buffer handed in */
#include <stddef.h>

#include "content/content_load.h"

/* out = dir + "/" + name; a path that does not fit fails the test.
 * Returns out. */
char *content_fixture_path_in(char out[PATH_MAX], const char *dir, const char *name);

/* The whole file at path, NUL-terminated; its length (without the NUL) in
 * *size when size is not NULL. Owned by the caller (free()). */
char *content_fixture_read_all(const char *path, size_t *size);

/* Writes size bytes of data to path, creating or truncating it. */
void content_fixture_write_all(const char *path, const char *data, size_t size);

/* A fresh scratch folder <tmp>/name holding a copy of the shipped pack,
 * with tests/content/broken/<broken> laid over it when broken is not NULL.
 * Returns out. */
char *content_fixture_scratch_pack(char out[PATH_MAX], const char *name, const char *broken);

/* Writes text to dir/file, replacing the pack's own file. */
void content_fixture_write_pack_file(const char *dir, const char *file, const char *text);

/* Loads the pack in dir, expecting content_load() to refuse it with
 * expected, leave the pack it was handed untouched and report at least one
 * problem (the report is printed when the status differs). Returns the
 * report; owned by the caller (free()). */
content_report *content_fixture_load_bad(const char *dir, sr_status expected);

/* A scratch copy of the shipped pack with the broken/<name> overlay (in a
 * folder also called name), loaded as content_fixture_load_bad(dir,
 * SR_E_INVALID). Owned by the caller (free()). */
content_report *content_fixture_load_broken(const char *name);

/* Fails the test, printing the whole report, unless it holds a problem in
 * file whose path starts with path and whose reason contains reason (see
 * content_find_problem). Named like cmocka's own assert_* macros because
 * it is used as one. */
#define assert_problem(report, file, path, reason)                                    \
    do {                                                                              \
        if (!content_find_problem((report), (file), (path), (reason))) {              \
            content_report_print((report), stderr);                                   \
            fail_msg("no problem \"%s: %s...: ...%s...\"", (file), (path), (reason)); \
        }                                                                             \
    } while (0)

/* Loads the shipped content pack (assets/content) into pack, failing the
 * test (with every problem printed) unless it is good. Free with
 * content_pack_free(). */
void content_fixture_shipped_pack(content_pack *pack);

#endif
