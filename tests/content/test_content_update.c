/* test_content_update.c -- signed content packs, as a kiosk receives them.
 *
 * The promise to wellbeing leads and estates: a pack signed with the trust's
 * key and valid is installed; anything else -- another key, a file changed
 * after signing, a message cut short, a signed pack with a mistake in it --
 * is refused with a reason, and the pack the kiosk already had stays. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "content/content_files.h"
#include "content/content_update.h"
#include "content_fixture.h"
#include "testutil.h"

typedef struct keys {
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
} keys;

static keys make_keys(void)
{
    keys k;
    assert_true(sodium_init() >= 0);
    crypto_sign_keypair(k.pk, k.sk);
    return k;
}

/* A signed message of the shipped pack. */
static char *signed_pack(const keys *k)
{
    char src[PATH_MAX], version[64], *message = NULL;
    content_report *report = malloc(sizeof *report);
    assert_non_null(report);
    testutil_source_path(src, sizeof src, "assets/content");
    assert_int_equal(content_update_build(src, k->sk, &message, version, sizeof version, report),
                     SR_OK);
    assert_string_equal(version, "2026.11-sample");
    free(report);
    return message;
}

static sr_status install(const char *message, size_t len, const keys *k, const char *dir,
                         char *version, char *err)
{
    return content_update_install(message, len, k->pk, dir, version, 64, err, 512);
}

static void test_a_signed_valid_pack_is_installed(void **state)
{
    (void)state;
    keys k = make_keys();
    char *message = signed_pack(&k), dir[PATH_MAX], current[PATH_MAX], version[64], err[512];
    testutil_fresh_dir(dir, sizeof dir, "installed");
    assert_int_equal(install(message, strlen(message), &k, dir, version, err), SR_OK);
    assert_string_equal(version, "2026.11-sample");
    /* What was installed is a pack the kiosk loads, byte for byte the one signed. */
    assert_int_equal(content_files_last_good(dir, current, sizeof current, err, sizeof err), SR_OK);
    content_pack pack = {0};
    content_report *report = malloc(sizeof *report);
    assert_int_equal(content_load(current, &pack, report), SR_OK);
    assert_string_equal(pack.version, "2026.11-sample");
    content_pack_free(&pack);
    free(report);
    free(message);
}

static void test_another_key_is_refused(void **state)
{
    (void)state;
    keys signer = make_keys(), kiosk = make_keys();
    char *message = signed_pack(&signer), dir[PATH_MAX], version[64], err[512];
    testutil_fresh_dir(dir, sizeof dir, "other-key");
    assert_int_equal(install(message, strlen(message), &kiosk, dir, version, err), SR_E_DENIED);
    assert_non_null(strstr(err, "bad signature"));
    /* Nothing was saved. */
    char current[PATH_MAX];
    assert_int_equal(content_files_last_good(dir, current, sizeof current, err, sizeof err),
                     SR_E_NOTFOUND);
    free(message);
}

/* Re-encodes toolkit.json with one character changed, keeping the signature. */
static void test_a_file_changed_after_signing_is_refused(void **state)
{
    (void)state;
    keys k = make_keys();
    char src[PATH_MAX], *message = NULL, dir[PATH_MAX], version[64], err[512];
    content_files files = {0};
    content_report *report = malloc(sizeof *report);
    testutil_source_path(src, sizeof src, "assets/content");
    assert_int_equal(content_files_read(src, &files, report), SR_OK);
    assert_int_equal(content_update_seal(&files, "x", k.sk, &message), SR_OK);
    char *signature = strstr(message, "\"signature\"");
    assert_non_null(signature);
    /* Sign the original, then swap in the files of a pack with one word changed. */
    char *changed = strstr(files.data[CONTENT_FILE_TOOLKIT], "Mindful");
    assert_non_null(changed);
    changed[0] = 'W';
    char *tampered = NULL;
    assert_int_equal(content_update_seal(&files, "x", k.sk, &tampered), SR_OK);
    char *their_sig = strstr(tampered, "\"signature\"");
    assert_int_equal(strlen(their_sig), strlen(signature));
    memcpy(their_sig, signature, strlen(signature)); /* the old signature on new bytes */
    testutil_fresh_dir(dir, sizeof dir, "tampered");
    assert_int_equal(install(tampered, strlen(tampered), &k, dir, version, err), SR_E_DENIED);
    content_files_free(&files);
    free(report);
    free(message);
    free(tampered);
}

static void test_a_truncated_message_is_refused(void **state)
{
    (void)state;
    keys k = make_keys();
    char *message = signed_pack(&k), dir[PATH_MAX], version[64], err[512];
    testutil_fresh_dir(dir, sizeof dir, "truncated");
    size_t len = strlen(message);
    size_t cuts[] = {0, 1, 10, len / 2, len - 1};
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++)
        assert_int_equal(install(message, cuts[i], &k, dir, version, err), SR_E_INVALID);
    free(message);
}

static void test_a_signed_invalid_pack_is_refused_with_the_reason(void **state)
{
    (void)state;
    keys k = make_keys();
    char src[PATH_MAX], *message = NULL, dir[PATH_MAX], version[64], err[512];
    content_files files = {0};
    content_report *report = malloc(sizeof *report);
    testutil_source_path(src, sizeof src, "assets/content");
    assert_int_equal(content_files_read(src, &files, report), SR_OK);
    free(files.data[CONTENT_FILE_QUESTIONS]);
    files.data[CONTENT_FILE_QUESTIONS] = strdup("{\"questions\": 7}");
    files.size[CONTENT_FILE_QUESTIONS] = strlen(files.data[CONTENT_FILE_QUESTIONS]);
    assert_int_equal(content_update_seal(&files, "broken", k.sk, &message), SR_OK);
    testutil_fresh_dir(dir, sizeof dir, "invalid");
    assert_int_equal(install(message, strlen(message), &k, dir, version, err), SR_E_INVALID);
    assert_non_null(strstr(err, "invalid content: questions.json"));
    content_files_free(&files);
    free(report);
    free(message);
}

static void test_a_refusal_keeps_the_installed_pack(void **state)
{
    (void)state;
    keys k = make_keys(), stranger = make_keys();
    char *good = signed_pack(&k), *foreign = signed_pack(&stranger);
    char dir[PATH_MAX], before[PATH_MAX], after[PATH_MAX], version[64], err[512];
    testutil_fresh_dir(dir, sizeof dir, "keeps");
    assert_int_equal(install(good, strlen(good), &k, dir, version, err), SR_OK);
    assert_int_equal(content_files_last_good(dir, before, sizeof before, err, sizeof err), SR_OK);
    assert_int_equal(install(foreign, strlen(foreign), &k, dir, version, err), SR_E_DENIED);
    assert_int_equal(install(good, 100, &k, dir, version, err), SR_E_INVALID);
    assert_int_equal(content_files_last_good(dir, after, sizeof after, err, sizeof err), SR_OK);
    assert_string_equal(before, after);
    free(good);
    free(foreign);
}

static void test_public_key_text_is_checked(void **state)
{
    (void)state;
    unsigned char key[CONTENT_UPDATE_PUBLIC_KEY_BYTES];
    char err[256];
    assert_int_equal(content_update_parse_public_key("not a key", key, err, sizeof err),
                     SR_E_INVALID);
    assert_non_null(strstr(err, "ed25519 public key"));
    assert_int_equal(content_update_parse_public_key(
                         "pa9V/z0vvEpOOP6ge0HW0oJxwMleHVUdNZyiEh27rVU=", key, err, sizeof err),
                     SR_OK);
    assert_int_equal(key[0], 0xa5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_signed_valid_pack_is_installed),
        cmocka_unit_test(test_another_key_is_refused),
        cmocka_unit_test(test_a_file_changed_after_signing_is_refused),
        cmocka_unit_test(test_a_truncated_message_is_refused),
        cmocka_unit_test(test_a_signed_invalid_pack_is_refused_with_the_reason),
        cmocka_unit_test(test_a_refusal_keeps_the_installed_pack),
        cmocka_unit_test(test_public_key_text_is_checked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
