/* content_load.c -- loading a content pack: read the four files, parse them
 * with cJSON, hand each to its rules, and give the caller a pack only when
 * nothing at all was wrong (see content_load.h).
 *
 * The pack is built in a scratch pack on the heap while the files are
 * checked; the caller's pack is written by one struct copy at the very end,
 * so a refused pack never touches it. Broken JSON is reported by line and
 * column, with a hint for the slips people make by hand (a trailing comma,
 * a missing comma, a file cut short), because "parse error at byte 5123"
 * helps nobody editing in Notepad.
 */
#include "content_load.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "content_files.h"
#include "content_json.h"
#include "content_strings.h"
#include "content_validate.h"

#define LAST_GOOD_FILE "last-good"
#define SNIPPET_BEFORE 16
#define SNIPPET_AFTER 16

/* ---- the report --------------------------------------------------------- */

void content_report_clear(content_report *report)
{
    memset(report, 0, sizeof *report);
}

void content_report_add(content_report *report, const char *file, const char *path,
                        const char *reason_format, ...)
{
    if (report->n_problems >= CONTENT_REPORT_MAX) {
        report->n_more++;
        return;
    }
    content_problem *problem = &report->problems[report->n_problems++];
    va_list args;
    snprintf(problem->file, sizeof problem->file, "%s", file ? file : "");
    snprintf(problem->path, sizeof problem->path, "%s", path ? path : "");
    va_start(args, reason_format);
    vsnprintf(problem->reason, sizeof problem->reason, reason_format, args);
    va_end(args);
}

void content_report_print(const content_report *report, FILE *out)
{
    for (int i = 0; i < report->n_problems; i++) {
        const content_problem *problem = &report->problems[i];
        fprintf(out, "%s: %s: %s\n", problem->file, problem->path, problem->reason);
    }
    if (report->n_more > 0)
        fprintf(out, "... and %d more problem%s\n", report->n_more, report->n_more == 1 ? "" : "s");
}

bool content_find_problem(const content_report *report, const char *file, const char *path_prefix,
                          const char *reason_substring)
{
    for (int i = 0; i < report->n_problems; i++) {
        const content_problem *problem = &report->problems[i];
        if (file && *file && strcmp(problem->file, file) != 0)
            continue;
        if (path_prefix && strncmp(problem->path, path_prefix, strlen(path_prefix)) != 0)
            continue;
        if (reason_substring && !strstr(problem->reason, reason_substring))
            continue;
        return true;
    }
    return false;
}

/* ---- parsing ------------------------------------------------------------ */

/* "line 14, column 3" for byte offset at of text. */
static void describe_position(char out[CONTENT_PATH_MAX], const char *text, size_t at)
{
    int line = 1, column = 1;
    for (size_t i = 0; i < at; i++) {
        if (text[i] == '\n') {
            line++;
            column = 1;
        } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
            column++; /* count characters, not UTF-8 continuation bytes */
        }
    }
    snprintf(out, CONTENT_PATH_MAX, "line %d, column %d", line, column);
}

/* The hint for a JSON mistake at text[at], judged by what surrounds it. */
static const char *bad_json_hint(const char *text, size_t at, size_t len)
{
    size_t before = at;
    while (before > 0 && strchr(" \t\r\n", text[before - 1]))
        before--;
    char prev = before > 0 ? text[before - 1] : '\0';
    char here = at < len ? text[at] : '\0';
    if ((here == '}' || here == ']') && prev == ',')
        return " (remove the comma before the closing bracket)";
    if ((here == '"' || here == '{' || here == '[') && prev && strchr("\"]}0123456789el", prev))
        return " (a comma missing before it?)";
    if (here == '"')
        return " (a text that is not closed with \", or a bad \\ escape?)";
    return "";
}

/* The snippet shown with bad JSON: up to SNIPPET_BEFORE bytes before the
 * error and SNIPPET_AFTER after it, never past the error's line, so the
 * person sees the spot even when the error is at the end of a line. */
static size_t snippet_start(const char *text, size_t at)
{
    size_t start = at;
    while (start > 0 && at - start < SNIPPET_BEFORE && text[start - 1] != '\n')
        start--;
    while (start < at && ((unsigned char)text[start] & 0xC0) == 0x80)
        start++; /* not in the middle of a character */
    while (start < at && strchr(" \t", text[start]))
        start++;
    return start;
}

static size_t snippet_end(const char *text, size_t at, size_t len)
{
    size_t end = at;
    while (end < len && end - at < SNIPPET_AFTER && text[end] != '\n' && text[end] != '\r')
        end++;
    return end;
}

static void report_bad_json(content_report *report, const char *file, const char *text,
                            size_t len, const char *error_at)
{
    size_t at = error_at && error_at >= text ? (size_t)(error_at - text) : 0;
    char where[CONTENT_PATH_MAX], near[40];
    if (at > len)
        at = len;
    size_t rest = at;
    while (rest < len && strchr(" \t\r\n", text[rest]))
        rest++;
    if (rest >= len) {
        describe_position(where, text, len);
        content_report_add(report, file, where, "bad JSON: the file ends too early (a closing } "
                           "or ] missing, or the file was cut short?)");
        return;
    }
    describe_position(where, text, at);
    content_json_quote(near, sizeof near, text + snippet_start(text, at),
                       snippet_end(text, at, len) - snippet_start(text, at));
    content_report_add(report, file, where, "bad JSON near '%s'%s", near,
                       bad_json_hint(text, at, len));
}

/* Parses one file; NULL (and a problem) when it is not a JSON object. */
static cJSON *parse_file(content_report *report, const char *file, const char *data, size_t size)
{
    char where[CONTENT_PATH_MAX];
    const unsigned char *bytes = (const unsigned char *)data;
    if (size >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) ||
                      (bytes[0] == 0xFE && bytes[1] == 0xFF))) {
        content_report_add(report, file, "$", "the file is saved as UTF-16: save it as UTF-8");
        return NULL;
    }
    /* Windows editors like to start a UTF-8 file with a byte order mark. */
    if (size >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF) {
        data += 3;
        size -= 3;
    }
    const char *nul = memchr(data, '\0', size);
    if (nul) {
        describe_position(where, data, (size_t)(nul - data));
        content_report_add(report, file, where, "the file contains a NUL byte (is it saved as "
                           "UTF-8 text?)");
        return NULL;
    }
    const char *error_at = NULL;
    /* size + 1: cJSON must see the terminating NUL to accept the end. */
    cJSON *root = cJSON_ParseWithLengthOpts(data, size + 1, &error_at, true);
    if (!root) {
        report_bad_json(report, file, data, size, error_at);
        return NULL;
    }
    if (!cJSON_IsObject(root)) {
        content_report_add(report, file, "$", "expected an object {...} around the whole file");
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}

/* ---- loading ------------------------------------------------------------ */

/* Checks every file that was read, filling pack. */
static void check_files(const content_files *files, content_pack *pack, content_report *report,
                        bool *nomem)
{
    content_json reader = {.report = report};
    cJSON *root[CONTENT_FILE_COUNT];
    for (int i = 0; i < CONTENT_FILE_COUNT; i++)
        root[i] = files->data[i] ? parse_file(report, content_files_name(i), files->data[i],
                                                  files->size[i])
                                 : NULL;
    reader.file = content_files_name(CONTENT_FILE_PACK);
    if (root[CONTENT_FILE_PACK] &&
        content_validate_pack_file(&reader, root[CONTENT_FILE_PACK], pack)) {
        reader.n_langs = pack->n_langs;
        memcpy(reader.lang_code, pack->lang_code, sizeof reader.lang_code);
    }
    reader.file = content_files_name(CONTENT_FILE_QUESTIONS);
    if (root[CONTENT_FILE_QUESTIONS])
        content_validate_questions(&reader, root[CONTENT_FILE_QUESTIONS], pack);
    reader.file = content_files_name(CONTENT_FILE_TOOLKIT);
    if (root[CONTENT_FILE_TOOLKIT])
        content_validate_toolkit(&reader, root[CONTENT_FILE_TOOLKIT], pack,
                                 root[CONTENT_FILE_QUESTIONS] != NULL);
    reader.file = content_files_name(CONTENT_FILE_STRINGS);
    if (root[CONTENT_FILE_STRINGS])
        content_strings_read(&reader, root[CONTENT_FILE_STRINGS], pack);
    for (int i = 0; i < CONTENT_FILE_COUNT; i++)
        cJSON_Delete(root[i]);
    *nomem = reader.nomem;
}

/* Checks files (read with read_status) and, when all is well, moves the
 * pack into *out. */
static sr_status load_files(const content_files *files, sr_status read_status, content_pack *out,
                            content_report *report)
{
    bool nomem = false;
    content_pack *pack = calloc(1, sizeof *pack);
    if (!pack)
        return SR_E_NOMEM;
    check_files(files, pack, report, &nomem);
    sr_status status = nomem ? SR_E_NOMEM
                       : read_status != SR_OK ? read_status
                       : report->n_problems > 0 ? SR_E_INVALID
                                                : SR_OK;
    if (status == SR_OK)
        *out = *pack; /* the strings move with the struct; nothing to free */
    else
        content_pack_free(pack);
    free(pack);
    return status;
}

sr_status content_load_files(const content_files *files, content_pack *out,
                             content_report *report)
{
    content_report_clear(report);
    for (int i = 0; i < CONTENT_FILE_COUNT; i++)
        if (!files->data[i])
            content_report_add(report, content_files_name(i), "$", "missing from the pack");
    if (report->n_problems > 0)
        return SR_E_INVALID;
    return load_files(files, SR_OK, out, report);
}

/* Reads dir into files (which the caller frees) and checks them. */
static sr_status load_dir(const char *dir, content_files *files, content_pack *out,
                          content_report *report)
{
    content_report_clear(report);
    sr_status status = content_files_read(dir, files, report);
    if (status == SR_OK || status == SR_E_IO)
        status = load_files(files, status, out, report);
    return status;
}

sr_status content_load(const char *dir, content_pack *out, content_report *report)
{
    content_files files;
    sr_status status = load_dir(dir, &files, out, report);
    content_files_free(&files);
    return status;
}

/* Loads the last good copy in cache_dir into out, after dir was refused
 * with failure. Adds one "last-good" problem when there is no usable copy. */
static sr_status load_last_good(const char *cache_dir, content_pack *out, content_report *report,
                                sr_status failure, bool *used_cache)
{
    char folder[4096], err[128];
    if (content_files_last_good(cache_dir, folder, sizeof folder, err, sizeof err) != SR_OK) {
        content_report_add(report, LAST_GOOD_FILE, "$", "nothing to fall back on in %.100s: %s",
                           cache_dir, err);
        return failure;
    }
    content_report *cached = malloc(sizeof *cached);
    if (!cached)
        return SR_E_NOMEM;
    sr_status status = content_load(folder, out, cached);
    if (status == SR_OK) {
        if (used_cache)
            *used_cache = true;
    } else {
        const content_problem *first = &cached->problems[0];
        content_report_add(report, LAST_GOOD_FILE, "$", "the copy in %.60s does not load either "
                           "(%d problems; first %s: %.40s: %.60s)", folder,
                           cached->n_problems + cached->n_more, first->file, first->path,
                           first->reason);
        status = failure;
    }
    free(cached);
    return status;
}

sr_status content_load_keep_good(const char *dir, const char *cache_dir, content_pack *out,
                                 content_report *report, bool *used_cache)
{
    content_files files;
    char err[128];
    if (used_cache)
        *used_cache = false;
    if (!cache_dir || !*cache_dir)
        return content_load(dir, out, report);
    sr_status status = load_dir(dir, &files, out, report);
    if (status == SR_OK) {
        if (content_files_save(&files, cache_dir, err, sizeof err) != SR_OK)
            content_report_add(report, LAST_GOOD_FILE, "$", "could not save a copy in %.100s: %s",
                               cache_dir, err);
    } else if (status != SR_E_NOMEM) {
        status = load_last_good(cache_dir, out, report, status, used_cache);
    }
    content_files_free(&files);
    return status;
}
