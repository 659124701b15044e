/* content_fixture.c -- see content_fixture.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "content_fixture.h"
#include "testutil.h"

char *content_fixture_path_in(char out[PATH_MAX], const char *dir, const char *name)
{
    int n = snprintf(out, PATH_MAX, "%s/%s", dir, name);
    assert_true(n > 0 && n < PATH_MAX);
    return out;
}

char *content_fixture_read_all(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *data = NULL;
    size_t used = 0, cap = 0;
    for (;;) {
        if (used + 4096 + 1 > cap) {
            cap = cap ? cap * 2 : 65536;
            data = realloc(data, cap);
            assert_non_null(data);
        }
        size_t n = fread(data + used, 1, 4096, f);
        used += n;
        if (n == 0)
            break;
    }
    fclose(f);
    data[used] = '\0';
    if (size)
        *size = used;
    return data;
}

void content_fixture_write_all(const char *path, const char *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, size, f), size);
    assert_int_equal(fclose(f), 0);
}

/* Copies every regular file of from into to. Not recursive: a pack is one
 * flat folder, and so is each broken overlay. */
static void copy_files(const char *from, const char *to)
{
    char src[PATH_MAX], dst[PATH_MAX];
    DIR *dir = opendir(from);
    assert_non_null(dir);
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL) {
        struct stat st;
        content_fixture_path_in(src, from, entry->d_name);
        if (stat(src, &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        content_fixture_path_in(dst, to, entry->d_name);
        size_t size;
        char *data = content_fixture_read_all(src, &size);
        content_fixture_write_all(dst, data, size);
        free(data);
    }
    closedir(dir);
}

char *content_fixture_scratch_pack(char out[PATH_MAX], const char *name, const char *broken)
{
    char source[PATH_MAX];
    testutil_fresh_dir(out, PATH_MAX, name);
    copy_files(testutil_source_path(source, sizeof source, "assets/content"), out);
    if (broken) {
        char relative[256];
        snprintf(relative, sizeof relative, "tests/content/broken/%s", broken);
        copy_files(testutil_source_path(source, sizeof source, relative), out);
    }
    return out;
}

void content_fixture_write_pack_file(const char *dir, const char *file, const char *text)
{
    char path[PATH_MAX];
    content_fixture_path_in(path, dir, file);
    assert_true(testutil_write_file(path, text));
}

content_report *content_fixture_load_bad(const char *dir, sr_status expected)
{
    content_report *report = malloc(sizeof *report);
    content_pack pack = {0};
    assert_non_null(report);
    sr_status status = content_load(dir, &pack, report);
    if (status != expected) {
        content_report_print(report, stderr);
        fail_msg("expected %s, got %s", sr_status_str(expected), sr_status_str(status));
    }
    assert_int_equal(pack.n_items, 0); /* untouched */
    assert_true(report->n_problems > 0);
    return report;
}

content_report *content_fixture_load_broken(const char *name)
{
    char dir[PATH_MAX];
    return content_fixture_load_bad(content_fixture_scratch_pack(dir, name, name), SR_E_INVALID);
}

void content_fixture_shipped_pack(content_pack *pack)
{
    content_report *report = calloc(1, sizeof *report);
    assert_non_null(report);
    char dir[1024];
    memset(pack, 0, sizeof *pack);
    sr_status status = content_load(testutil_source_path(dir, sizeof dir, "assets/content"), pack,
                                    report);
    if (status != SR_OK)
        content_report_print(report, stderr);
    free(report);
    assert_int_equal(status, SR_OK);
}
