/* provision_kiosk.c -- writes a new kiosk's folder (see provision_kiosk.h).
 *
 * Files are created with O_EXCL and fsync'd; on any failure everything made
 * so far is removed again, so a half-provisioned folder never reaches a
 * board. The INI is checked last, by the kiosk's own configuration reader.
 */
#define _DEFAULT_SOURCE /* fsync */
#include "provision_kiosk.h"

#include <errno.h>
#include <fcntl.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "config/kiosk_config.h"

#define KIOSK_PATH_MAX 1024

/* The keys provisioning writes, which a template may not set. */
static const char *const OWN_KEYS[][2] = {
    {"device", "id"},       {"device", "site"},          {"device", "area"},
    {"mqtt", "host"},       {"mqtt", "port"},            {"mqtt", "username"},
    {"mqtt", "password_file"}, {"mqtt", "ca_file"},
};

typedef struct template_state {
    char reason[200];
} template_state;

static int template_key(void *user, const char *section, const char *key, const char *value)
{
    (void)value;
    template_state *st = user;
    for (size_t i = 0; i < sizeof OWN_KEYS / sizeof OWN_KEYS[0]; i++)
        if (strcmp(section, OWN_KEYS[i][0]) == 0 && strcmp(key, OWN_KEYS[i][1]) == 0) {
            if (!st->reason[0])
                snprintf(st->reason, sizeof st->reason,
                         "[%s] %s: staffroom-provision writes this key; take it out of the "
                         "template",
                         section, key);
            return 0;
        }
    return 1;
}

sr_status provision_kiosk_check_template(const char *path, char *err, size_t err_size)
{
    kiosk_config config;
    sr_status status = kiosk_config_load(path, &config, err, err_size);
    if (status != SR_OK)
        return status;
    template_state st = {{0}};
    int line = ini_parse(path, template_key, &st);
    if (line != 0) {
        snprintf(err, err_size, "%s:%d: %s", path, line, st.reason);
        return SR_E_CONFIG;
    }
    return SR_OK;
}

/* Creates path (which must not exist) holding len bytes of data. */
static sr_status write_new(const char *path, const void *data, size_t len, mode_t mode, char *err,
                           size_t err_size)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, mode);
    if (fd < 0) {
        snprintf(err, err_size, "%s: cannot create: %s", path, strerror(errno));
        return SR_E_IO;
    }
    const char *p = data;
    size_t left = len;
    while (left > 0) {
        ssize_t n = write(fd, p, left);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            break;
        p += n;
        left -= (size_t)n;
    }
    int saved = errno;
    bool ok = left == 0 && fsync(fd) == 0;
    saved = ok ? 0 : (left ? saved : errno);
    if (close(fd) != 0 && ok) {
        ok = false;
        saved = errno;
    }
    if (!ok) {
        snprintf(err, err_size, "%s: cannot write: %s", path, strerror(saved));
        return saved == ENOSPC ? SR_E_FULL : SR_E_IO;
    }
    return SR_OK;
}

/* The whole of a small file (a CA certificate, a template) on the heap. */
static char *read_small(const char *path, size_t *len, char *err, size_t err_size)
{
    FILE *f = fopen(path, "rb");
    char *data = NULL;
    if (!f)
        goto fail;
    if (fseek(f, 0, SEEK_END) != 0)
        goto fail;
    long size = ftell(f);
    if (size < 0 || size > 1024 * 1024 || fseek(f, 0, SEEK_SET) != 0) {
        errno = size < 0 ? errno : EFBIG;
        goto fail;
    }
    data = malloc((size_t)size + 1);
    if (!data || fread(data, 1, (size_t)size, f) != (size_t)size)
        goto fail;
    data[size] = 0;
    *len = (size_t)size;
    fclose(f);
    return data;
fail:
    snprintf(err, err_size, "%s: cannot read: %s", path, strerror(errno ? errno : EIO));
    free(data);
    if (f)
        fclose(f);
    return NULL;
}

/* The INI's text: the provisioned keys, then the template's. */
static char *ini_text(const provision_kiosk *k, char *err, size_t err_size)
{
    size_t template_len = 0;
    char *template_text = NULL;
    if (k->template_path && k->template_path[0]) {
        template_text = read_small(k->template_path, &template_len, err, err_size);
        if (!template_text)
            return NULL;
    }
    char day[16] = "";
    time_t now = time(NULL);
    struct tm local;
    if (localtime_r(&now, &local))
        strftime(day, sizeof day, "%Y-%m-%d", &local);
    size_t size = 2048 + template_len;
    char *text = malloc(size);
    if (text) {
        int n = snprintf(
            text, size,
            "# staffroom-kiosk configuration for %s, made by staffroom-provision on %s.\n"
            "# Copy this folder's files to the kiosk's boot partition (/boot/firmware/).\n"
            "# Keys not written here keep their defaults; see them with\n"
            "#   staffroom-kiosk --config staffroom.ini --check-config\n\n"
            "[device]\nid = %s\nsite = %s\narea = %s\n\n"
            "[mqtt]\nhost = %s\nport = %d\nusername = %s\npassword_file = %s\nca_file = %s\n",
            k->device_id, day, k->device_id, k->site, k->area, k->mqtt_host, k->mqtt_port,
            k->device_id, PROVISION_KIOSK_PASSWORD,
            k->ca_file && k->ca_file[0] ? PROVISION_KIOSK_CA : "");
        if (template_text)
            snprintf(text + n, size - (size_t)n, "\n# ---- from the template %s ----\n%s%s",
                     k->template_path, template_text,
                     template_len && template_text[template_len - 1] != '\n' ? "\n" : "");
    } else {
        snprintf(err, err_size, "out of memory");
    }
    free(template_text);
    return text;
}

static void join(char *out, size_t size, const char *dir, const char *name)
{
    snprintf(out, size, "%s/%s", dir, name);
}

void provision_kiosk_remove(const char *dir)
{
    static const char *const names[] = {PROVISION_KIOSK_INI, PROVISION_KIOSK_PASSWORD,
                                        PROVISION_KIOSK_CA};
    char path[KIOSK_PATH_MAX + 32];
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        join(path, sizeof path, dir, names[i]);
        unlink(path);
    }
    rmdir(dir);
}

static sr_status write_files(const provision_kiosk *k, char *err, size_t err_size)
{
    char path[KIOSK_PATH_MAX + 32], line[128];
    join(path, sizeof path, k->dir, PROVISION_KIOSK_PASSWORD);
    snprintf(line, sizeof line, "%s\n", k->password);
    sr_status status = write_new(path, line, strlen(line), 0600, err, err_size);
    explicit_bzero(line, sizeof line);
    if (status != SR_OK)
        return status;
    if (k->ca_file && k->ca_file[0]) {
        size_t len;
        char *ca = read_small(k->ca_file, &len, err, err_size);
        if (!ca)
            return SR_E_IO;
        join(path, sizeof path, k->dir, PROVISION_KIOSK_CA);
        status = write_new(path, ca, len, 0644, err, err_size);
        free(ca);
        if (status != SR_OK)
            return status;
    }
    char *text = ini_text(k, err, err_size);
    if (!text)
        return SR_E_IO;
    join(path, sizeof path, k->dir, PROVISION_KIOSK_INI);
    status = write_new(path, text, strlen(text), 0600, err, err_size);
    free(text);
    if (status != SR_OK)
        return status;
    kiosk_config check;
    return kiosk_config_load(path, &check, err, err_size);
}

sr_status provision_kiosk_write(const provision_kiosk *kiosk, char *err, size_t err_size)
{
    if (mkdir(kiosk->dir, 0700) != 0) {
        snprintf(err, err_size, "%s: %s", kiosk->dir,
                 errno == EEXIST ? "already exists; a device's folder is never overwritten"
                                 : strerror(errno));
        return errno == EEXIST ? SR_E_STATE : SR_E_IO;
    }
    sr_status status = write_files(kiosk, err, err_size);
    if (status != SR_OK)
        provision_kiosk_remove(kiosk->dir);
    return status;
}
