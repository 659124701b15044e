/* content_files.c -- reading a pack's files, and the crash-safe last good
 * copy (see content_files.h for the layout and why it has a CURRENT file).
 *
 * Every write that matters is followed by fsync of the file and of the
 * folder that names it, because a rename that is not on disk yet is not a
 * rename after a power cut. Errors are translated from errno here, at the
 * edge, and the errno text goes into the caller's message.
 */
#include "content_files.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CURRENT_NAME "CURRENT"
#define CURRENT_TMP_NAME "CURRENT.tmp"
#define COPY_PREFIX "pack-"
#define PATH_MAX_BYTES 4096

static const char *const FILE_NAMES[CONTENT_FILE_COUNT] = {
    "pack.json", "questions.json", "toolkit.json", "strings.json",
};

const char *content_files_name(int which)
{
    return which >= 0 && which < CONTENT_FILE_COUNT ? FILE_NAMES[which] : "?";
}

static sr_status from_errno(int error)
{
    switch (error) {
    case ENOSPC:
#ifdef EDQUOT
    case EDQUOT:
#endif
        return SR_E_FULL;
    case EROFS:
        return SR_E_READONLY;
    case ENOMEM:
        return SR_E_NOMEM;
    default:
        return SR_E_IO;
    }
}

static bool join(char out[PATH_MAX_BYTES], const char *dir, const char *name)
{
    int n = snprintf(out, PATH_MAX_BYTES, "%s/%s", dir, name);
    return n > 0 && n < PATH_MAX_BYTES;
}

/* Reads path whole into *data (NUL-terminated). Sets errno-like *error, or
 * EFBIG when it is over the limit, EISDIR when it is not a regular file. */
static bool read_whole(const char *path, char **data, size_t *size, int *error)
{
    struct stat st;
    char *buffer = NULL;
    size_t got = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || fstat(fd, &st) != 0)
        goto fail;
    if (!S_ISREG(st.st_mode)) {
        errno = EISDIR;
        goto fail;
    }
    if (st.st_size > CONTENT_MAX_FILE_BYTES) {
        errno = EFBIG;
        goto fail;
    }
    if (!(buffer = malloc((size_t)st.st_size + 1)))
        goto fail;
    while (got < (size_t)st.st_size) {
        ssize_t n = read(fd, buffer + got, (size_t)st.st_size - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            goto fail;
        if (n == 0)
            break; /* it shrank while we read: the JSON check judges what is there */
        got += (size_t)n;
    }
    buffer[got] = '\0';
    close(fd);
    *data = buffer;
    *size = got;
    return true;
fail:
    *error = errno;
    free(buffer);
    if (fd >= 0)
        close(fd);
    return false;
}

sr_status content_files_read(const char *dir, content_files *files, content_report *report)
{
    char path[PATH_MAX_BYTES];
    sr_status status = SR_OK;
    memset(files, 0, sizeof *files);
    for (int i = 0; i < CONTENT_FILE_COUNT; i++) {
        int error = 0;
        if (!join(path, dir, FILE_NAMES[i])) {
            error = ENAMETOOLONG;
        } else if (read_whole(path, &files->data[i], &files->size[i], &error)) {
            continue;
        }
        if (error == ENOMEM)
            return SR_E_NOMEM;
        status = SR_E_IO;
        if (!report)
            continue;
        if (error == EFBIG)
            content_report_add(report, FILE_NAMES[i], "$", "file too large (at most %d bytes)",
                               CONTENT_MAX_FILE_BYTES);
        else if (error == EISDIR)
            content_report_add(report, FILE_NAMES[i], "$", "not a file (in %.100s)", dir);
        else
            content_report_add(report, FILE_NAMES[i], "$", "cannot read: %s (in %.100s)",
                               strerror(error), dir);
    }
    return status;
}

void content_files_free(content_files *files)
{
    if (!files)
        return;
    for (int i = 0; i < CONTENT_FILE_COUNT; i++)
        free(files->data[i]);
    memset(files, 0, sizeof *files);
}

static int fsync_path(const char *path, int flags)
{
    int fd = open(path, flags | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    int error = errno;
    close(fd);
    errno = error;
    return rc;
}

/* Creates path (which must not exist) holding data, on disk when it
 * returns 0. */
static int write_durably(const char *path, const char *data, size_t size)
{
    size_t done = 0;
    int error;
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0)
        return -1;
    while (done < size) {
        ssize_t n = write(fd, data + done, size - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            goto fail;
        done += (size_t)n;
    }
    if (fsync(fd) != 0)
        goto fail;
    return close(fd);
fail:
    error = errno;
    close(fd);
    errno = error;
    return -1;
}

/* Removes a pack-* folder and the files in it (best effort). */
static void remove_copy(const char *path)
{
    char child[PATH_MAX_BYTES];
    DIR *dir = opendir(path);
    struct dirent *entry;
    while (dir && (entry = readdir(dir)) != NULL) {
        if (strcmp(entry->d_name, ".") != 0 && strcmp(entry->d_name, "..") != 0 &&
            join(child, path, entry->d_name))
            unlink(child);
    }
    if (dir)
        closedir(dir);
    rmdir(path);
}

/* Removes every pack-* folder of cache_dir except keep (older copies, and
 * half-written ones a power cut left behind). */
static void remove_old_copies(const char *cache_dir, const char *keep)
{
    char path[PATH_MAX_BYTES];
    DIR *dir = opendir(cache_dir);
    struct dirent *entry;
    while (dir && (entry = readdir(dir)) != NULL) {
        if (strncmp(entry->d_name, COPY_PREFIX, strlen(COPY_PREFIX)) != 0 ||
            strcmp(entry->d_name, keep) == 0 || !join(path, cache_dir, entry->d_name))
            continue;
        remove_copy(path);
    }
    if (dir)
        closedir(dir);
}

/* True when cache_dir's last good copy holds exactly these bytes. */
static bool same_as_last_good(const content_files *files, const char *cache_dir)
{
    char folder[PATH_MAX_BYTES], err[8];
    content_files old;
    if (content_files_last_good(cache_dir, folder, sizeof folder, err, sizeof err) != SR_OK)
        return false;
    if (content_files_read(folder, &old, NULL) != SR_OK) {
        content_files_free(&old);
        return false;
    }
    bool same = true;
    for (int i = 0; i < CONTENT_FILE_COUNT && same; i++)
        same = old.size[i] == files->size[i] &&
               memcmp(old.data[i], files->data[i], files->size[i]) == 0;
    content_files_free(&old);
    return same;
}

/* Writes the four files into a new pack-XXXXXX folder; its name goes to
 * name. */
static int write_copy(const content_files *files, const char *cache_dir, char name[64])
{
    char folder[PATH_MAX_BYTES], path[PATH_MAX_BYTES];
    if (!join(folder, cache_dir, COPY_PREFIX "XXXXXX") || !mkdtemp(folder))
        return -1;
    for (int i = 0; i < CONTENT_FILE_COUNT; i++) {
        if (!join(path, folder, FILE_NAMES[i]) ||
            write_durably(path, files->data[i], files->size[i]) != 0)
            goto fail;
    }
    if (fsync_path(folder, O_RDONLY | O_DIRECTORY) != 0)
        goto fail;
    snprintf(name, 64, "%s", strrchr(folder, '/') + 1);
    return 0;
fail:;
    int error = errno;
    remove_copy(folder);
    errno = error;
    return -1;
}

/* Points CURRENT at name, atomically and durably. */
static int switch_current(const char *cache_dir, const char *name)
{
    char tmp[PATH_MAX_BYTES], current[PATH_MAX_BYTES], line[80];
    snprintf(line, sizeof line, "%s\n", name);
    if (!join(tmp, cache_dir, CURRENT_TMP_NAME) || !join(current, cache_dir, CURRENT_NAME))
        return -1;
    unlink(tmp); /* left by a power cut during an earlier save */
    if (write_durably(tmp, line, strlen(line)) != 0)
        return -1;
    if (rename(tmp, current) != 0)
        return -1;
    return fsync_path(cache_dir, O_RDONLY | O_DIRECTORY);
}

sr_status content_files_save(const content_files *files, const char *cache_dir, char *err,
                             size_t err_size)
{
    char name[64];
    for (int i = 0; i < CONTENT_FILE_COUNT; i++)
        if (!files->data[i]) {
            snprintf(err, err_size, "%s was not read", FILE_NAMES[i]);
            return SR_E_INVALID;
        }
    if (mkdir(cache_dir, 0755) != 0 && errno != EEXIST)
        goto fail;
    if (same_as_last_good(files, cache_dir))
        return SR_OK;
    if (write_copy(files, cache_dir, name) != 0)
        goto fail;
    if (switch_current(cache_dir, name) != 0) {
        int error = errno;
        char folder[PATH_MAX_BYTES];
        if (join(folder, cache_dir, name))
            remove_copy(folder);
        errno = error;
        goto fail;
    }
    remove_old_copies(cache_dir, name);
    return SR_OK;
fail:
    snprintf(err, err_size, "%s", strerror(errno));
    return from_errno(errno);
}

sr_status content_files_last_good(const char *cache_dir, char *out, size_t out_size, char *err,
                                  size_t err_size)
{
    char path[PATH_MAX_BYTES], name[80] = "";
    FILE *f = join(path, cache_dir, CURRENT_NAME) ? fopen(path, "r") : NULL;
    if (!f) {
        snprintf(err, err_size, "no last good pack (%s)", strerror(errno));
        return SR_E_NOTFOUND;
    }
    bool got = fgets(name, sizeof name, f) != NULL;
    fclose(f);
    name[strcspn(name, "\n")] = '\0';
    /* CURRENT names a folder beside it and nothing else, however damaged. */
    if (!got || strncmp(name, COPY_PREFIX, strlen(COPY_PREFIX)) != 0 || strchr(name, '/') ||
        strstr(name, "..")) {
        snprintf(err, err_size, "%s is damaged", CURRENT_NAME);
        return SR_E_NOTFOUND;
    }
    int n = snprintf(out, out_size, "%s/%s", cache_dir, name);
    if (n < 0 || (size_t)n >= out_size) {
        snprintf(err, err_size, "path too long");
        return SR_E_NOTFOUND;
    }
    return SR_OK;
}
