/* staffroom-content -- for wellbeing leads: check, sign and publish a content
 * pack so that every kiosk picks it up without anyone visiting it.
 *
 *   staffroom-content keygen --secret-key FILE --public-key FILE
 *   staffroom-content check DIR
 *   staffroom-content sign DIR --secret-key FILE --out FILE
 *   staffroom-content verify FILE --public-key FILE
 *   staffroom-content publish DIR --secret-key FILE --config FILE
 *
 * Exit codes: 0 done, 1 refused or failed (the message says why), 2 usage or
 * configuration error.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "config/conf.h"
#include "content/content_update.h"
#include "content_publish.h"
#include "net/secret_file.h"

#define PROGRAM "staffroom-content"

typedef struct publish_config {
    char host[256];
    int port;
    char username[128];
    char password_file[1024];
    char ca_file[1024];
    char cert_file[1024];
    char key_file[1024];
    int timeout_seconds;
} publish_config;

#define F(field) offsetof(publish_config, field), sizeof(((publish_config *)0)->field)
static const conf_key PUBLISH_KEYS[] = {
    {"mqtt", "host", CONF_STRING, F(host), 1, 255, NULL, "localhost", "the broker", NULL},
    {"mqtt", "port", CONF_INT, F(port), 1, 65535, NULL, "8883", "its port", NULL},
    {"mqtt", "username", CONF_STRING, F(username), 0, 127, NULL, "staffroom-content",
     "the publisher's account (the ACL lets only it write the pack)", NULL},
    {"mqtt", "password_file", CONF_PATH, F(password_file), 0, 0, NULL, "",
     "file whose first line is the password (not world-readable)", NULL},
    {"mqtt", "ca_file", CONF_PATH, F(ca_file), 0, 0, NULL, "", "CA for TLS; empty: plain MQTT",
     NULL},
    {"mqtt", "cert_file", CONF_PATH, F(cert_file), 0, 0, NULL, "", "client certificate (optional)",
     NULL},
    {"mqtt", "key_file", CONF_PATH, F(key_file), 0, 0, NULL, "", "its key", NULL},
    {"mqtt", "timeout_seconds", CONF_INT, F(timeout_seconds), 1, 600, NULL, "30",
     "give up when the broker has not confirmed by then", NULL},
};
#define N_PUBLISH_KEYS (sizeof PUBLISH_KEYS / sizeof PUBLISH_KEYS[0])

static int usage(FILE *out)
{
    fprintf(out,
            "usage:\n"
            "  " PROGRAM " keygen --secret-key FILE --public-key FILE\n"
            "      make a signing key pair. Keep the secret key safe (it is written\n"
            "      readable by you only); put the public key (one line of base64) in\n"
            "      each kiosk's config as [content] public_key.\n"
            "  " PROGRAM " check DIR\n"
            "      validate the content pack in DIR; every problem is listed as\n"
            "      file: place: reason.\n"
            "  " PROGRAM " sign DIR --secret-key FILE --out FILE\n"
            "      validate and sign the pack into one message file.\n"
            "  " PROGRAM " verify FILE --public-key FILE\n"
            "      check a message file as a kiosk would (signature, then content).\n"
            "  " PROGRAM " publish DIR --secret-key FILE --config FILE\n"
            "      validate, sign and send the pack to every kiosk (a retained message:\n"
            "      kiosks that are off get it when they reconnect). FILE is an INI file\n"
            "      with an [mqtt] section: host, port, username, password_file,\n"
            "      ca_file, cert_file, key_file, timeout_seconds.\n"
            "\n"
            "A kiosk installs a pack only if its signature matches the kiosk's public\n"
            "key and the content is valid; otherwise it keeps the pack it has.\n"
            "Exit codes: 0 done, 1 refused or failed, 2 usage or configuration error.\n");
    return out == stdout ? 0 : 2;
}

/* The value after --name in argv, or NULL. */
static const char *option(int argc, char **argv, const char *name)
{
    for (int i = 0; i + 1 < argc; i++)
        if (strcmp(argv[i], name) == 0)
            return argv[i + 1];
    return NULL;
}

static const char *need(int argc, char **argv, const char *name)
{
    const char *value = option(argc, argv, name);
    if (!value)
        fprintf(stderr, PROGRAM ": %s is required (see " PROGRAM " --help)\n", name);
    return value;
}

/* Writes text to path with mode (created exclusively when exclusive). */
static int write_text(const char *path, const char *text, mode_t mode, int exclusive)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | (exclusive ? O_EXCL : 0), mode);
    size_t len = strlen(text);
    if (fd < 0 || write(fd, text, len) != (ssize_t)len || fsync(fd) != 0) {
        fprintf(stderr, PROGRAM ": %s: %s\n", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return 1;
    }
    close(fd);
    return 0;
}

/* Reads a whole file into a heap buffer (NUL-terminated). */
static char *read_all(const char *path, size_t *len, size_t limit)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    if (!f) {
        fprintf(stderr, PROGRAM ": %s: %s\n", path, strerror(errno));
        return NULL;
    }
    if (fseek(f, 0, SEEK_END) == 0) {
        long size = ftell(f);
        if (size >= 0 && (size_t)size <= limit && fseek(f, 0, SEEK_SET) == 0 &&
            (buf = malloc((size_t)size + 1)) && fread(buf, 1, (size_t)size, f) == (size_t)size) {
            buf[size] = 0;
            *len = (size_t)size;
        } else {
            fprintf(stderr, PROGRAM ": %s: cannot read it, or larger than %zu bytes\n", path,
                    limit);
            free(buf);
            buf = NULL;
        }
    }
    fclose(f);
    return buf;
}

static int keygen(int argc, char **argv)
{
    const char *secret_path = need(argc, argv, "--secret-key");
    const char *public_path = need(argc, argv, "--public-key");
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
    char pk_text[sodium_base64_ENCODED_LEN(sizeof pk, sodium_base64_VARIANT_ORIGINAL) + 1];
    char sk_text[sodium_base64_ENCODED_LEN(sizeof sk, sodium_base64_VARIANT_ORIGINAL) + 1];
    if (!secret_path || !public_path)
        return 2;
    crypto_sign_keypair(pk, sk);
    sodium_bin2base64(pk_text, sizeof pk_text - 1, pk, sizeof pk, sodium_base64_VARIANT_ORIGINAL);
    sodium_bin2base64(sk_text, sizeof sk_text - 1, sk, sizeof sk, sodium_base64_VARIANT_ORIGINAL);
    strcat(pk_text, "\n");
    strcat(sk_text, "\n");
    sodium_memzero(sk, sizeof sk);
    /* Exclusive: never overwrite a key that kiosks may already trust. */
    int rc = write_text(secret_path, sk_text, 0600, 1) || write_text(public_path, pk_text, 0644, 1);
    sodium_memzero(sk_text, sizeof sk_text);
    if (rc == 0)
        printf("public key (for each kiosk's [content] public_key): %s", pk_text);
    return rc;
}

static int load_secret_key(const char *path, unsigned char sk[crypto_sign_SECRETKEYBYTES])
{
    char text[256], err[512];
    size_t len = 0;
    if (secret_file_read(path, text, sizeof text, err, sizeof err) != SR_OK) {
        fprintf(stderr, PROGRAM ": %s\n", err);
        return 2;
    }
    int rc = sodium_base642bin(sk, crypto_sign_SECRETKEYBYTES, text, strlen(text), NULL, &len,
                               NULL, sodium_base64_VARIANT_ORIGINAL);
    sodium_memzero(text, sizeof text);
    if (rc != 0 || len != crypto_sign_SECRETKEYBYTES) {
        fprintf(stderr, PROGRAM ": %s: not a secret key written by `" PROGRAM " keygen`\n", path);
        return 2;
    }
    return 0;
}

/* Validates and signs dir; *message is the caller's. */
static int build(const char *dir, const char *secret_path, char **message, char *version,
                 size_t version_size)
{
    unsigned char sk[crypto_sign_SECRETKEYBYTES];
    content_report *report = malloc(sizeof *report);
    int rc = load_secret_key(secret_path, sk);
    if (rc == 0 && report) {
        sr_status status = content_update_build(dir, sk, message, version, version_size, report);
        if (status != SR_OK) {
            fprintf(stderr, PROGRAM ": %s: refused (%s):\n", dir, sr_status_str(status));
            content_report_print(report, stderr);
            rc = 1;
        }
    }
    sodium_memzero(sk, sizeof sk);
    free(report);
    return report ? rc : 1;
}

static int check(const char *dir)
{
    content_report *report = malloc(sizeof *report);
    content_pack pack = {0};
    if (!report)
        return 1;
    sr_status status = content_load(dir, &pack, report);
    if (status == SR_OK)
        printf("%s: good (content version %s)\n", dir, pack.version);
    else
        content_report_print(report, stderr);
    content_pack_free(&pack);
    free(report);
    return status == SR_OK ? 0 : 1;
}

static int sign(int argc, char **argv)
{
    const char *secret = need(argc, argv, "--secret-key"), *out = need(argc, argv, "--out");
    char *message = NULL, version[64];
    if (!secret || !out)
        return 2;
    int rc = build(argv[2], secret, &message, version, sizeof version);
    if (rc == 0 && (rc = write_text(out, message, 0644, 0)) == 0)
        printf("%s: signed content version %s\n", out, version);
    free(message);
    return rc;
}

static int verify(int argc, char **argv)
{
    const char *key_path = need(argc, argv, "--public-key");
    unsigned char pk[CONTENT_UPDATE_PUBLIC_KEY_BYTES];
    char version[64], err[512], *key_text = NULL, *message = NULL;
    size_t key_len = 0, len = 0;
    content_files files;
    content_report *report = malloc(sizeof *report);
    int rc = 1;
    if (!key_path || !report || !(key_text = read_all(key_path, &key_len, 4096)) ||
        !(message = read_all(argv[2], &len, CONTENT_UPDATE_MAX_BYTES + 1)))
        goto done;
    key_text[strcspn(key_text, "\r\n")] = 0;
    if (content_update_parse_public_key(key_text, pk, err, sizeof err) != SR_OK) {
        fprintf(stderr, PROGRAM ": %s: %s\n", key_path, err);
        rc = 2;
        goto done;
    }
    if (content_update_open(message, len, pk, &files, version, sizeof version, report, err,
                            sizeof err) != SR_OK) {
        fprintf(stderr, PROGRAM ": %s: refused: %s\n", argv[2], err);
        goto done;
    }
    content_files_free(&files);
    printf("%s: good: content version %s, signed by this key\n", argv[2], version);
    rc = 0;
done:
    free(key_text);
    free(message);
    free(report);
    return key_path ? rc : 2;
}

static int publish(int argc, char **argv)
{
    const char *secret = need(argc, argv, "--secret-key"), *config = need(argc, argv, "--config");
    publish_config c;
    char err[1024], password[256] = "", *message = NULL, version[64];
    if (!secret || !config)
        return 2;
    conf_apply_defaults(PUBLISH_KEYS, N_PUBLISH_KEYS, &c);
    if (conf_load(PUBLISH_KEYS, N_PUBLISH_KEYS, &c, config, err, sizeof err) != SR_OK ||
        (c.password_file[0] &&
         secret_file_read(c.password_file, password, sizeof password, err, sizeof err) != SR_OK)) {
        fprintf(stderr, PROGRAM ": %s\n", err);
        return 2;
    }
    int rc = build(argv[2], secret, &message, version, sizeof version);
    if (rc == 0) {
        content_publish_options o = {c.host,    c.port,      c.username,
                                     password,  c.ca_file,   c.cert_file,
                                     c.key_file, c.timeout_seconds * 1000};
        if (content_publish(&o, message, strlen(message), err, sizeof err) != SR_OK) {
            fprintf(stderr, PROGRAM ": publishing %s: %s\n", argv[2], err);
            rc = 1;
        } else {
            printf("published content version %s to %s:%d (retained on %s)\n", version, c.host,
                   c.port, CONTENT_PUBLISH_TOPIC);
        }
    }
    sodium_memzero(password, sizeof password);
    free(message);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
        return usage(argc < 2 ? stderr : stdout);
    if (sodium_init() < 0) {
        fprintf(stderr, PROGRAM ": libsodium could not start\n");
        return 1;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "keygen") == 0)
        return keygen(argc, argv);
    if (argc < 3 || argv[2][0] == '-') {
        fprintf(stderr, PROGRAM ": %s needs a folder or file first (see --help)\n", cmd);
        return 2;
    }
    if (strcmp(cmd, "check") == 0)
        return check(argv[2]);
    if (strcmp(cmd, "sign") == 0)
        return sign(argc, argv);
    if (strcmp(cmd, "verify") == 0)
        return verify(argc, argv);
    if (strcmp(cmd, "publish") == 0)
        return publish(argc, argv);
    fprintf(stderr, PROGRAM ": unknown command '%s' (see --help)\n", cmd);
    return 2;
}
