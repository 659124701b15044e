/* secret_file.c -- see secret_file.h. The secret never reaches an error
 * message, and the buffer it passed through is wiped. */
#include "secret_file.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static sr_status refuse(const char *path, const char *why, char *err, size_t err_size)
{
    snprintf(err, err_size, "%s: %s", path, why);
    return SR_E_CONFIG;
}

sr_status secret_file_read(const char *path, char *out, size_t size, char *err, size_t err_size)
{
    out[0] = '\0';
    FILE *f = fopen(path, "r");
    if (!f)
        return refuse(path, strerror(errno), err, err_size);
    struct stat st;
    char line[1024];
    sr_status status = SR_OK;
    if (fstat(fileno(f), &st) != 0) {
        status = refuse(path, strerror(errno), err, err_size);
    } else if (st.st_mode & S_IROTH) {
        char why[128];
        snprintf(why, sizeof why, "readable by every user (mode %04o); chmod 600 (or 640)",
                 (unsigned)(st.st_mode & 07777));
        status = refuse(path, why, err, err_size);
    } else if (!fgets(line, sizeof line, f)) {
        status = refuse(path, ferror(f) ? strerror(errno) : "empty", err, err_size);
    } else {
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0])
            status = refuse(path, "the first line (the password) is empty", err, err_size);
        else if (strlen(line) >= size)
            status = refuse(path, "the password is too long", err, err_size);
        else
            snprintf(out, size, "%s", line);
    }
    memset(line, 0, sizeof line);
    fclose(f);
    return status;
}
