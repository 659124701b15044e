/* content_load.h -- reads a content pack folder, validates it completely,
 * and fills a content_pack (app/core/content.h).
 *
 * A content pack is a folder of four JSON files (format: assets/README.md):
 *
 *   pack.json       version, sample flag, languages
 *   questions.json  the check-in question and its follow-ups
 *   toolkit.json    toolkit categories and items
 *   strings.json    the kiosk's UI strings (every key of content_strings.h)
 *
 * The people who edit these files are wellbeing leads, by hand. So the
 * loader never stops at the first mistake: it checks every file to the end
 * and reports every problem as (file, JSON path, reason), e.g.
 *
 *   toolkit.json: $.items[12].title.cy: missing translation
 *   questions.json: line 14, column 3: bad JSON near '"label": ...'
 *
 * A pack that has any problem is refused as a whole; the caller's pack is
 * left exactly as it was. content_load_keep_good() adds the kiosk's rule:
 * a kiosk given a bad pack keeps running on its last good one, even across
 * a restart.
 *
 * Ownership: the caller owns the content_pack and the content_report (both
 * are plain structs, the report holds no pointers). On SR_OK the pack's old
 * contents are overwritten, not freed: pass a zeroed pack or one that
 * content_pack_free() has emptied. To replace a live pack, load into a second
 * one and swap when it succeeds. Paths are borrowed for the call.
 */
#ifndef SR_CONTENT_LOAD_H
#define SR_CONTENT_LOAD_H

#include <stdbool.h>
#include <stdio.h>

#include "../core/content.h"
#include "../core/status.h"

/* The format this loader reads ("format": 1 in pack.json). */
#define CONTENT_FORMAT 1

/* Length limits, in characters (Unicode code points), chosen so that the
 * longest text still fits its place on an 800x480 screen in both English
 * and Welsh. assets/README.md lists them for content editors. */
#define CONTENT_LIMIT_LABEL 24      /* face labels and follow-up chips */
#define CONTENT_LIMIT_TITLE 48      /* category and item titles */
#define CONTENT_LIMIT_PROMPT 80     /* question prompts */
#define CONTENT_LIMIT_HINT 80       /* the small line under a question */
#define CONTENT_LIMIT_SUMMARY 120   /* an item's one-line summary */
#define CONTENT_LIMIT_BLURB 120     /* a category's one-line description */
#define CONTENT_LIMIT_GOOD_FOR 160  /* an item's "good for" line */
#define CONTENT_LIMIT_BODY 1500     /* an item's detail text */
#define CONTENT_LIMIT_URL 200       /* bytes; longer links make unreadable QR codes */
#define CONTENT_LIMIT_LANG_NAME 24  /* "Cymraeg" on the language button */
#define CONTENT_LIMIT_NOTICE 400    /* pack.json notice, shown on the admin screen */
#define CONTENT_LIMIT_UI 64         /* UI strings, unless content_strings.c says otherwise */
#define CONTENT_LIMIT_UI_BUTTON 24  /* UI strings shown on a button */
#define CONTENT_LIMIT_UI_BODY 240   /* UI strings that are a paragraph */
#define CONTENT_MAX_FILE_BYTES (1024 * 1024) /* a bigger file is refused unread */

#define CONTENT_REPORT_MAX 64

/* One problem: the file ("toolkit.json"), where in it ("$.items[4].id", or
 * "line 14, column 3" when the JSON itself is broken, or "$" for the whole
 * file), and why. All NUL-terminated, cut short if they would not fit. */
typedef struct content_problem {
    char file[64];
    char path[128];
    char reason[192];
} content_problem;

/* Every problem found, in the order found. The first CONTENT_REPORT_MAX are
 * kept; n_more counts the rest. */
typedef struct content_report {
    int n_problems;
    int n_more;
    content_problem problems[CONTENT_REPORT_MAX];
} content_report;

/* Loads the pack in folder dir into *out.
 *
 * Returns SR_OK and writes *out when the pack has no problem (report then
 * holds none). Otherwise leaves *out untouched, fills report and returns
 *   SR_E_IO       a file could not be read (the problem names it)
 *   SR_E_INVALID  the files were read, and something in them is wrong
 *   SR_E_NOMEM    out of memory
 * report may not be NULL. */
sr_status content_load(const char *dir, content_pack *out, content_report *report);

/* The kiosk's way to load: "a kiosk given a bad pack keeps its last good
 * one, even across a restart".
 *
 * Loads dir. When it is good, keeps a copy of the exact bytes it validated
 * in cache_dir (created if missing, but not its parents; see content_files.h
 * for the crash-safe layout), sets *used_cache = false and returns SR_OK.
 *
 * When dir is bad, fills report with its problems, then loads the last good
 * copy from cache_dir instead: on success returns SR_OK with *used_cache =
 * true (the report still lists why the new pack was refused, so the admin
 * screen can show it). With no usable copy it returns the failure of dir
 * (SR_E_INVALID or SR_E_IO), adds one problem for file "last-good" saying
 * why the copy could not be used, and leaves *out untouched.
 *
 * If dir is good but the copy cannot be saved (disk full, read-only card),
 * the pack is still loaded and SR_OK returned; the report then holds one
 * problem for file "last-good" so the failure is not silent.
 *
 * cache_dir may be NULL or "" (then this is content_load()); used_cache may
 * be NULL. */
sr_status content_load_keep_good(const char *dir, const char *cache_dir, content_pack *out,
                                 content_report *report, bool *used_cache);

/* Writes one "file: path: reason" line per problem to out, then "... and N
 * more problems" when some were not kept. Prints nothing for an empty
 * report. */
void content_report_print(const content_report *report, FILE *out);

/* True when the report holds a problem in file (exact match) whose path
 * starts with path_prefix and whose reason contains reason_substring. Any of
 * the three may be NULL or "" to match everything. For tests and tooling. */
bool content_find_problem(const content_report *report, const char *file, const char *path_prefix,
                          const char *reason_substring);

/* Empties the report. */
void content_report_clear(content_report *report);

/* Adds a problem (printf-style reason). Past CONTENT_REPORT_MAX problems
 * only n_more grows. Used by the loader's modules; exported for tools that
 * check more than the loader does. */
void content_report_add(content_report *report, const char *file, const char *path,
                        const char *reason_format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

#endif
