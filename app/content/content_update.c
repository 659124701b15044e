/* content_update.c -- signing a content pack for publication, and checking
 * one received (see content_update.h for the message and what is signed).
 *
 * Order of checks on the kiosk, cheapest and most hostile first: size, JSON
 * shape, base64, signature, and only then the content validation that
 * parses the files -- so an unsigned message never reaches the content
 * parser at all.
 */
#include "content_update.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>
#include <sodium.h>

#define SIGNED_PREFIX "staffroom-content-v1"
#define B64 sodium_base64_VARIANT_ORIGINAL

static bool sodium_ready(void)
{
    return sodium_init() >= 0;
}

/* The bytes the signature covers (see content_update.h). Heap; *len set. */
static unsigned char *signed_bytes(const content_files *files, size_t *len)
{
    size_t total = sizeof SIGNED_PREFIX;
    for (int i = 0; i < CONTENT_FILE_COUNT; i++)
        total += strlen(content_files_name(i)) + 1 + 8 + files->size[i];
    unsigned char *out = malloc(total), *p = out;
    if (!out)
        return NULL;
    memcpy(p, SIGNED_PREFIX, sizeof SIGNED_PREFIX);
    p += sizeof SIGNED_PREFIX;
    for (int i = 0; i < CONTENT_FILE_COUNT; i++) {
        const char *name = content_files_name(i);
        memcpy(p, name, strlen(name) + 1);
        p += strlen(name) + 1;
        uint64_t size = files->size[i];
        for (int b = 7; b >= 0; b--)
            *p++ = (unsigned char)(size >> (8 * b));
        memcpy(p, files->data[i], files->size[i]);
        p += files->size[i];
    }
    *len = total;
    return out;
}

static char *to_base64(const unsigned char *bytes, size_t len)
{
    size_t size = sodium_base64_ENCODED_LEN(len, B64);
    char *out = malloc(size);
    if (out)
        sodium_bin2base64(out, size, bytes, len, B64);
    return out;
}

/* Decodes base64 text into a new buffer (NUL-terminated for convenience). */
static unsigned char *from_base64(const char *text, size_t *len)
{
    size_t in_len = strlen(text);
    unsigned char *out = malloc(in_len / 4 * 3 + 4);
    if (!out)
        return NULL;
    if (sodium_base642bin(out, in_len / 4 * 3 + 3, text, in_len, NULL, len, NULL, B64) != 0) {
        free(out);
        return NULL;
    }
    out[*len] = 0;
    return out;
}

sr_status content_update_parse_public_key(const char *text,
                                          unsigned char key[CONTENT_UPDATE_PUBLIC_KEY_BYTES],
                                          char *err, size_t err_size)
{
    size_t len = 0;
    if (!sodium_ready()) {
        snprintf(err, err_size, "libsodium could not start");
        return SR_E_IO;
    }
    unsigned char *bytes = from_base64(text, &len);
    if (!bytes || len != CONTENT_UPDATE_PUBLIC_KEY_BYTES) {
        snprintf(err, err_size,
                 "not an ed25519 public key: expected %d bytes in base64 (44 characters), "
                 "as `staffroom-content keygen` writes",
                 CONTENT_UPDATE_PUBLIC_KEY_BYTES);
        free(bytes);
        return SR_E_INVALID;
    }
    memcpy(key, bytes, len);
    free(bytes);
    return SR_OK;
}

/* Builds the JSON message around already-signed files. */
static char *message_json(const content_files *files, const char *version,
                          const unsigned char *public_key, const unsigned char *signature)
{
    char *out = NULL, *key = to_base64(public_key, CONTENT_UPDATE_PUBLIC_KEY_BYTES);
    char *sig = to_base64(signature, crypto_sign_BYTES);
    cJSON *root = cJSON_CreateObject(), *list = NULL;
    bool ok = key && sig && root && cJSON_AddNumberToObject(root, "v", CONTENT_UPDATE_VERSION) &&
              cJSON_AddStringToObject(root, "version", version) &&
              cJSON_AddStringToObject(root, "key", key) &&
              (list = cJSON_AddObjectToObject(root, "files")) != NULL;
    for (int i = 0; ok && i < CONTENT_FILE_COUNT; i++) {
        char *data = to_base64((const unsigned char *)files->data[i], files->size[i]);
        ok = data && cJSON_AddStringToObject(list, content_files_name(i), data);
        free(data);
    }
    if (ok && cJSON_AddStringToObject(root, "signature", sig))
        out = cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    free(key);
    free(sig);
    return out;
}

sr_status content_update_seal(const content_files *files, const char *version,
                              const unsigned char secret_key[CONTENT_UPDATE_SECRET_KEY_BYTES],
                              char **message)
{
    unsigned char signature[crypto_sign_BYTES], public_key[crypto_sign_PUBLICKEYBYTES];
    size_t len = 0;
    unsigned char *bytes = NULL;
    *message = NULL;
    if (!sodium_ready() || !(bytes = signed_bytes(files, &len)))
        return SR_E_NOMEM;
    crypto_sign_detached(signature, NULL, bytes, len, secret_key);
    crypto_sign_ed25519_sk_to_pk(public_key, secret_key);
    *message = message_json(files, version, public_key, signature);
    free(bytes);
    return *message ? SR_OK : SR_E_NOMEM;
}

sr_status content_update_build(const char *dir,
                               const unsigned char secret_key[CONTENT_UPDATE_SECRET_KEY_BYTES],
                               char **message, char *version, size_t version_size,
                               content_report *report)
{
    content_files files = {0};
    content_pack pack = {0};
    *message = NULL;
    content_report_clear(report);
    sr_status status = content_files_read(dir, &files, report);
    if (status == SR_OK)
        status = content_load_files(&files, &pack, report);
    if (status == SR_OK) {
        snprintf(version, version_size, "%s", pack.version);
        status = content_update_seal(&files, pack.version, secret_key, message);
    }
    content_pack_free(&pack);
    content_files_free(&files);
    return status;
}

/* A string member of obj, or NULL with the reason in err. */
static const char *member(const cJSON *obj, const char *name, char *err, size_t err_size)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (!cJSON_IsString(item)) {
        snprintf(err, err_size, "$.%s: missing, or not a string", name);
        return NULL;
    }
    return item->valuestring;
}

/* Decodes the four files out of $.files. */
static sr_status decode_files(const cJSON *root, content_files *files, char *err, size_t size)
{
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(root, "files");
    if (!cJSON_IsObject(list)) {
        snprintf(err, size, "$.files: missing, or not an object");
        return SR_E_INVALID;
    }
    for (int i = 0; i < CONTENT_FILE_COUNT; i++) {
        char path[64];
        snprintf(path, sizeof path, "files.%s", content_files_name(i));
        const char *text = member(list, content_files_name(i), err, size);
        if (!text) {
            snprintf(err, size, "$.%s: missing, or not a string", path);
            return SR_E_INVALID;
        }
        files->data[i] = (char *)from_base64(text, &files->size[i]);
        if (!files->data[i]) {
            snprintf(err, size, "$.%s: not valid base64 (cut short?)", path);
            return SR_E_INVALID;
        }
        if (files->size[i] > CONTENT_MAX_FILE_BYTES) {
            snprintf(err, size, "$.%s: larger than %d bytes", path, CONTENT_MAX_FILE_BYTES);
            return SR_E_INVALID;
        }
    }
    return SR_OK;
}

/* Checks the signature of files against public_key. */
static sr_status verify(const cJSON *root, const content_files *files,
                        const unsigned char *public_key, char *err, size_t size)
{
    const char *text = member(root, "signature", err, size);
    size_t sig_len = 0, len = 0;
    if (!text)
        return SR_E_INVALID;
    unsigned char *sig = from_base64(text, &sig_len);
    unsigned char *bytes = signed_bytes(files, &len);
    sr_status status = SR_OK;
    if (!sig || sig_len != crypto_sign_BYTES) {
        snprintf(err, size, "$.signature: not an ed25519 signature in base64");
        status = SR_E_INVALID;
    } else if (!bytes) {
        status = SR_E_NOMEM;
    } else if (crypto_sign_verify_detached(sig, bytes, len, public_key) != 0) {
        snprintf(err, size,
                 "bad signature: not signed by the key in this kiosk's [content] public_key, "
                 "or changed after signing");
        status = SR_E_DENIED;
    }
    free(sig);
    free(bytes);
    return status;
}

sr_status content_update_open(const void *message, size_t len,
                              const unsigned char public_key[CONTENT_UPDATE_PUBLIC_KEY_BYTES],
                              content_files *files, char *version, size_t version_size,
                              content_report *report, char *err, size_t err_size)
{
    cJSON *root = NULL;
    content_pack pack = {0};
    sr_status status = SR_E_INVALID;
    memset(files, 0, sizeof *files);
    content_report_clear(report);
    if (!sodium_ready())
        return SR_E_NOMEM;
    if (len > CONTENT_UPDATE_MAX_BYTES) {
        snprintf(err, err_size, "too large (%zu bytes; the limit is %d)", len,
                 CONTENT_UPDATE_MAX_BYTES);
        goto done;
    }
    root = cJSON_ParseWithLength(message, len);
    if (!cJSON_IsObject(root)) {
        snprintf(err, err_size, "not a content pack message: bad or truncated JSON");
        goto done;
    }
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, "v");
    if (!cJSON_IsNumber(v) || v->valuedouble != CONTENT_UPDATE_VERSION) {
        snprintf(err, err_size, "$.v: must be %d", CONTENT_UPDATE_VERSION);
        goto done;
    }
    if ((status = decode_files(root, files, err, err_size)) != SR_OK ||
        (status = verify(root, files, public_key, err, err_size)) != SR_OK)
        goto done;
    status = content_load_files(files, &pack, report);
    if (status != SR_OK) {
        const content_problem *p = &report->problems[0];
        snprintf(err, err_size, "invalid content: %s: %s: %s", p->file, p->path, p->reason);
        goto done;
    }
    snprintf(version, version_size, "%s", pack.version);
done:
    if (status != SR_OK)
        content_files_free(files);
    content_pack_free(&pack);
    cJSON_Delete(root);
    return status;
}

sr_status content_update_install(const void *message, size_t len,
                                 const unsigned char public_key[CONTENT_UPDATE_PUBLIC_KEY_BYTES],
                                 const char *update_dir, char *version, size_t version_size,
                                 char *err, size_t err_size)
{
    content_files files;
    content_report *report = malloc(sizeof *report); /* ~25 KB: not on a thread's stack */
    if (!report)
        return SR_E_NOMEM;
    sr_status status = content_update_open(message, len, public_key, &files, version,
                                           version_size, report, err, err_size);
    if (status == SR_OK) {
        status = content_files_save(&files, update_dir, err, err_size);
        content_files_free(&files);
    }
    free(report);
    return status;
}

sr_status content_update_current(const char *update_dir, char *out, size_t out_size, char *err,
                                 size_t err_size)
{
    return content_files_last_good(update_dir, out, out_size, err, err_size);
}
