/* registry_edit.c -- text-preserving changes to the kiosk registry (see
 * registry_edit.h).
 *
 * The collector's reader says what the file means; a small line scanner
 * here says where each section header stands, which the reader (inih) does
 * not. Every change is remembered as the entry it should produce, and the
 * save reads the new file back to check exactly those entries, so no edit
 * can silently mean something else (a device id cut short by the INI
 * reader, a value taken for a comment).
 */
#define _DEFAULT_SOURCE /* fchmod, fsync */
#include "registry_edit.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define EDIT_PATH_MAX 1024
#define EDIT_MAX_CHANGES 8
#define EDIT_HEADER                                                                         \
    "# Staffroom device registry: one section per kiosk (tools/provision/README.md).\n"     \
    "# Kept by staffroom-provision, which leaves comments and hand edits in place;\n"      \
    "# the collector reads it as its [registry] path.\n"

struct registry_edit {
    char path[EDIT_PATH_MAX];
    registry *view;                             /* the file as opened (owned) */
    char *text;                                 /* its bytes, then the changed bytes (owned) */
    size_t len;
    registry_entry expect[EDIT_MAX_CHANGES];    /* what each change must read back as */
    int n_changes, n_added;
};

static sr_status read_text(registry_edit *e, char *err, size_t err_size)
{
    FILE *f = fopen(e->path, "rb");
    long size = 0;
    if (!f) {
        if (errno != ENOENT)
            goto fail;
        e->text = calloc(1, 1);
        return e->text ? SR_OK : SR_E_NOMEM;
    }
    if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
        goto fail;
    e->text = malloc((size_t)size + 1);
    if (!e->text || fread(e->text, 1, (size_t)size, f) != (size_t)size)
        goto fail;
    e->text[size] = 0;
    e->len = (size_t)size;
    fclose(f);
    return SR_OK;
fail:
    snprintf(err, err_size, "%s: cannot read: %s", e->path, strerror(errno ? errno : EIO));
    if (f)
        fclose(f);
    return SR_E_IO;
}

sr_status registry_edit_open(const char *path, registry_edit **out, char *err, size_t err_size)
{
    *out = NULL;
    registry_edit *e = calloc(1, sizeof *e);
    if (!e)
        return SR_E_NOMEM;
    snprintf(e->path, sizeof e->path, "%s", path);
    /* The text first: if the file changes between the two reads, the view
     * is the newer, and the save's read-back catches any disagreement. */
    sr_status status = read_text(e, err, err_size);
    if (status == SR_OK)
        status = registry_load(path, &e->view, err, err_size);
    if (status == SR_OK && strlen(e->text) != e->len) {
        snprintf(err, err_size, "%s: holds a NUL byte: not a registry", path);
        status = SR_E_CONFIG;
    }
    if (status != SR_OK) {
        registry_edit_close(e);
        return status;
    }
    *out = e;
    return SR_OK;
}

void registry_edit_close(registry_edit *edit)
{
    if (!edit)
        return;
    registry_free(edit->view);
    free(edit->text);
    free(edit);
}

const registry *registry_edit_view(const registry_edit *edit)
{
    return edit->view;
}

/* The change already made to device in this edit, or NULL. */
static registry_entry *changed(registry_edit *e, const char *device)
{
    for (int i = 0; i < e->n_changes; i++)
        if (strcmp(e->expect[i].device, device) == 0)
            return &e->expect[i];
    return NULL;
}

/* Replaces bytes [at, at + removed) of the text with insert. */
static sr_status splice(registry_edit *e, size_t at, size_t removed, const char *insert)
{
    size_t add = strlen(insert);
    char *text = malloc(e->len - removed + add + 1);
    if (!text)
        return SR_E_NOMEM;
    memcpy(text, e->text, at);
    memcpy(text + at, insert, add);
    memcpy(text + at + add, e->text + at + removed, e->len - at - removed + 1);
    free(e->text);
    e->text = text;
    e->len = e->len - removed + add;
    return SR_OK;
}

sr_status registry_edit_add(registry_edit *edit, const registry_entry *entry, char *err,
                            size_t err_size)
{
    if (registry_find(edit->view, entry->device) || changed(edit, entry->device)) {
        snprintf(err, err_size, "%s: device %s is already in the registry", edit->path,
                 entry->device);
        return SR_E_STATE;
    }
    if (edit->n_changes == EDIT_MAX_CHANGES) {
        snprintf(err, err_size, "%s: too many changes in one run", edit->path);
        return SR_E_LIMIT;
    }
    char section[1024];
    const char *gap = edit->len == 0 ? EDIT_HEADER "\n"
                      : edit->text[edit->len - 1] == '\n' ? "\n"
                                                          : "\n\n";
    int n = snprintf(section, sizeof section, "%s[%s]\nsite = %s\narea = %s\n", gap,
                     entry->device, entry->site, entry->area);
    if (entry->staff_group[0])
        n += snprintf(section + n, sizeof section - (size_t)n, "staff_group = %s\n",
                      entry->staff_group);
    if (entry->revoked)
        snprintf(section + n, sizeof section - (size_t)n, "revoked = true\n");
    if (splice(edit, edit->len, 0, section) != SR_OK) {
        snprintf(err, err_size, "out of memory");
        return SR_E_NOMEM;
    }
    edit->expect[edit->n_changes++] = *entry;
    edit->n_added++;
    return SR_OK;
}

/* The byte range of the header line "[device]" and where its section ends
 * (the next header line or the text's end), as inih sees headers: a line
 * whose first non-blank character is '[' names the section up to ']'. */
static bool find_section(const char *text, const char *device, size_t *header_end, size_t *end)
{
    bool inside = false;
    size_t dev_len = strlen(device);
    for (const char *p = text; *p;) {
        const char *eol = strchr(p, '\n');
        size_t line_len = eol ? (size_t)(eol - p) : strlen(p);
        const char *s = p;
        while (s < p + line_len && (*s == ' ' || *s == '\t'))
            s++;
        const char *close = s < p + line_len && *s == '[' ? memchr(s, ']', line_len) : NULL;
        if (close && inside) {
            *end = (size_t)(p - text);
            return true;
        }
        if (close && (size_t)(close - s - 1) == dev_len && memcmp(s + 1, device, dev_len) == 0) {
            inside = true;
            *header_end = (size_t)(p - text) + line_len; /* its '\n', or the text's end */
        }
        p += line_len + (eol ? 1 : 0);
    }
    *end = strlen(text);
    return inside;
}

/* The byte range [start, end) of the line in [from, to) whose key is
 * "revoked" (inih's key: the text before the first '=' or ':', trimmed). */
static bool find_revoked_line(const char *text, size_t from, size_t to, size_t *start,
                              size_t *end)
{
    for (size_t p = from; p < to;) {
        const char *eol = memchr(text + p, '\n', to - p);
        size_t line_end = eol ? (size_t)(eol - text) : to;
        size_t s = p, name_end;
        while (s < line_end && (text[s] == ' ' || text[s] == '\t'))
            s++;
        name_end = s;
        while (name_end < line_end && text[name_end] != '=' && text[name_end] != ':')
            name_end++;
        size_t trimmed = name_end;
        while (trimmed > s && (text[trimmed - 1] == ' ' || text[trimmed - 1] == '\t'))
            trimmed--;
        if (name_end < line_end && trimmed - s == 7 && memcmp(text + s, "revoked", 7) == 0) {
            *start = p;
            *end = eol ? line_end + 1 : line_end;
            return true;
        }
        p = eol ? line_end + 1 : to;
    }
    return false;
}

sr_status registry_edit_revoke(registry_edit *edit, const char *device, long long now,
                               char *err, size_t err_size)
{
    const registry_entry *was = registry_find(edit->view, device);
    size_t header_end = 0, end = 0, start = 0, stop = 0;
    if (!was || changed(edit, device) || !find_section(edit->text, device, &header_end, &end)) {
        snprintf(err, err_size, "%s: no device %s in the registry%s", edit->path, device,
                 was ? " (or changed already in this run)" : "");
        return SR_E_NOTFOUND;
    }
    if (edit->n_changes == EDIT_MAX_CHANGES) {
        snprintf(err, err_size, "%s: too many changes in one run", edit->path);
        return SR_E_LIMIT;
    }
    char day[16] = "?", lines[128];
    time_t t = (time_t)now;
    struct tm local;
    if (localtime_r(&t, &local))
        strftime(day, sizeof day, "%Y-%m-%d", &local);
    snprintf(lines, sizeof lines, "; revoked on %s by staffroom-provision\nrevoked = true\n", day);
    sr_status status;
    if (find_revoked_line(edit->text, header_end, end, &start, &stop))
        status = splice(edit, start, stop - start, lines);
    else if (edit->text[header_end] == '\n')
        status = splice(edit, header_end + 1, 0, lines);
    else /* the header is the last line and has no newline */
        status = splice(edit, header_end, 0, "\n") == SR_OK
                     ? splice(edit, header_end + 1, 0, lines)
                     : SR_E_NOMEM;
    if (status != SR_OK) {
        snprintf(err, err_size, "out of memory");
        return status;
    }
    registry_entry *expect = &edit->expect[edit->n_changes++];
    *expect = *was;
    expect->revoked = true;
    return SR_OK;
}

static bool same_entry(const registry_entry *a, const registry_entry *b)
{
    return strcmp(a->device, b->device) == 0 && strcmp(a->site, b->site) == 0 &&
           strcmp(a->area, b->area) == 0 && strcmp(a->staff_group, b->staff_group) == 0 &&
           a->revoked == b->revoked;
}

/* Reads the written temporary file back: the changes, and nothing else. */
static sr_status verify(const registry_edit *e, const char *tmp, char *err, size_t err_size)
{
    registry *back = NULL;
    char why[1024];
    sr_status status = registry_load(tmp, &back, why, sizeof why);
    if (status != SR_OK) {
        snprintf(err, err_size, "%s: the changed registry would not read back: %s", e->path, why);
        return SR_E_INVALID;
    }
    int want = registry_count(e->view) + e->n_added;
    if (registry_count(back) != want) {
        snprintf(err, err_size, "%s: the changed registry would hold %d devices, not %d",
                 e->path, registry_count(back), want);
        status = SR_E_INVALID;
    }
    for (int i = 0; i < e->n_changes && status == SR_OK; i++) {
        const registry_entry *got = registry_find(back, e->expect[i].device);
        if (!got || !same_entry(got, &e->expect[i])) {
            snprintf(err, err_size, "%s: [%s] would not read back as written", e->path,
                     e->expect[i].device);
            status = SR_E_INVALID;
        }
    }
    registry_free(back);
    return status;
}

static sr_status write_all(int fd, const char *text, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, text, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return errno == ENOSPC ? SR_E_FULL : SR_E_IO;
        text += n;
        len -= (size_t)n;
    }
    return SR_OK;
}

/* fsync of the folder holding path, so that the rename is durable too. */
static int sync_folder(const char *path)
{
    char copy[EDIT_PATH_MAX];
    snprintf(copy, sizeof copy, "%s", path);
    int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

sr_status registry_edit_save(registry_edit *edit, char *err, size_t err_size)
{
    char tmp[EDIT_PATH_MAX + 16];
    snprintf(tmp, sizeof tmp, "%s.XXXXXX", edit->path);
    struct stat old;
    mode_t mode = stat(edit->path, &old) == 0 ? old.st_mode & 07777 : 0644;
    int fd = mkstemp(tmp);
    if (fd < 0) {
        snprintf(err, err_size, "%s: cannot write a file beside it: %s", edit->path,
                 strerror(errno));
        return errno == EROFS ? SR_E_READONLY : SR_E_IO;
    }
    sr_status status = fchmod(fd, mode) == 0 ? SR_OK : SR_E_IO;
    if (status == SR_OK)
        status = write_all(fd, edit->text, edit->len);
    if (status == SR_OK && fsync(fd) != 0)
        status = SR_E_IO;
    if (close(fd) != 0 && status == SR_OK)
        status = SR_E_IO;
    if (status != SR_OK)
        snprintf(err, err_size, "%s: cannot write: %s", edit->path, strerror(errno));
    if (status == SR_OK)
        status = verify(edit, tmp, err, err_size);
    if (status == SR_OK && rename(tmp, edit->path) != 0) {
        snprintf(err, err_size, "%s: cannot replace: %s", edit->path, strerror(errno));
        status = SR_E_IO;
    }
    if (status != SR_OK) {
        unlink(tmp);
        return status;
    }
    if (sync_folder(edit->path) != 0) {
        snprintf(err, err_size, "%s: written, but its folder could not be synced: %s",
                 edit->path, strerror(errno));
        return SR_E_IO;
    }
    return SR_OK;
}
