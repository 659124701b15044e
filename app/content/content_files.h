/* content_files.h -- a content pack's four files on disk: reading them into
 * memory, and keeping a crash-safe "last good" copy (internal to
 * app/content).
 *
 * The copy is of the exact bytes that were validated, not a second read of
 * the folder, so a file changed between the check and the copy cannot slip
 * into the cache unchecked.
 *
 * Layout of a cache folder:
 *
 *   cache_dir/CURRENT        one line: the name of the folder below
 *   cache_dir/pack-XXXXXX/   pack.json questions.json toolkit.json strings.json
 *
 * Saving writes a new pack-XXXXXX folder (each file fsync'd, then the
 * folder), then replaces CURRENT atomically (write CURRENT.tmp, fsync,
 * rename, fsync cache_dir), then removes older pack-* folders. Renaming four
 * files one by one could leave a mix of old and new files after a power
 * cut -- a pack whose toolkit names options its questions do not have -- so
 * the four change together, through the one rename of CURRENT. A power cut
 * at any instant leaves CURRENT naming a complete folder (or no CURRENT, on
 * the first save).
 *
 * Ownership: content_files owns its buffers; content_files_free() frees
 * them (accepts NULL).
 */
#ifndef SR_CONTENT_FILES_H
#define SR_CONTENT_FILES_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/status.h"
#include "content_load.h"

enum {
    CONTENT_FILE_PACK,
    CONTENT_FILE_QUESTIONS,
    CONTENT_FILE_TOOLKIT,
    CONTENT_FILE_STRINGS,
    CONTENT_FILE_COUNT
};

typedef struct content_files {
    char *data[CONTENT_FILE_COUNT]; /* NUL-terminated; NULL when not read */
    size_t size[CONTENT_FILE_COUNT];
} content_files;

/* "pack.json", ... for CONTENT_FILE_PACK, ... Static. */
const char *content_files_name(int which);

/* Reads the four files of dir. Each file that cannot be read, or is bigger
 * than CONTENT_MAX_FILE_BYTES, is reported as a problem and left NULL; the
 * others are still read. report may be NULL (nothing reported). Returns
 * SR_OK, SR_E_IO (some file not read) or SR_E_NOMEM; free files in every
 * case. */
sr_status content_files_read(const char *dir, content_files *files, content_report *report);

void content_files_free(content_files *files);

/* Checks four files held in memory (a pack received over the network) as
 * content_load() checks a folder: SR_OK and *out filled, or SR_E_INVALID /
 * SR_E_NOMEM with every problem in report and *out untouched. A file that
 * is NULL is reported missing. Defined in content_load.c. */
sr_status content_load_files(const content_files *files, content_pack *out,
                             content_report *report);

/* Saves files (all four must be read) as the last good copy in cache_dir,
 * creating cache_dir (not its parents) if missing. Does nothing when the copy already holds
 * these bytes (no needless writes to an SD card at every start). Returns
 * SR_OK, or SR_E_FULL / SR_E_READONLY / SR_E_IO with a message in err; the
 * previous copy stays in place on failure. */
sr_status content_files_save(const content_files *files, const char *cache_dir, char *err,
                             size_t err_size);

/* Writes the folder holding the last good copy into out. Returns
 * SR_E_NOTFOUND when cache_dir has none (message in err). */
sr_status content_files_last_good(const char *cache_dir, char *out, size_t out_size, char *err,
                                  size_t err_size);

#endif
