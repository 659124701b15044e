/* testutil.c -- see testutil.h. */
#define _GNU_SOURCE
#include "testutil.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static char tmpdir[4096];

const char *testutil_tmpdir(void)
{
    if (tmpdir[0])
        return tmpdir;
    const char *env = getenv("SR_TEST_TMP");
    if (env && *env) {
        snprintf(tmpdir, sizeof tmpdir, "%s", env);
        mkdir(tmpdir, 0700);
    } else {
        snprintf(tmpdir, sizeof tmpdir, "%s/staffroom-test.XXXXXX",
                 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
        if (!mkdtemp(tmpdir)) {
            perror("mkdtemp");
            abort();
        }
    }
    return tmpdir;
}

char *testutil_path(char *out, size_t size, const char *name)
{
    snprintf(out, size, "%s/%s", testutil_tmpdir(), name);
    return out;
}

static void remove_tree(const char *path)
{
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", path);
    if (system(cmd) != 0)
        fprintf(stderr, "testutil: could not remove %s\n", path);
}

char *testutil_fresh_dir(char *out, size_t size, const char *name)
{
    testutil_path(out, size, name);
    remove_tree(out);
    if (mkdir(out, 0700) != 0 && errno != EEXIST) {
        perror(out);
        abort();
    }
    return out;
}

char *testutil_source_path(char *out, size_t size, const char *relative)
{
#ifdef SR_SOURCE_DIR
    snprintf(out, size, "%s/%s", SR_SOURCE_DIR, relative);
#else
    snprintf(out, size, "%s", relative);
#endif
    return out;
}

const char *testutil_build_program(const char *name)
{
    static char path[4096];
    ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
    if (n <= 0) {
        perror("/proc/self/exe");
        abort();
    }
    path[n] = '\0';
    for (int up = 0; up < 3; up++) {
        char *slash = strrchr(path, '/');
        if (slash)
            *slash = '\0';
    }
    size_t used = strlen(path);
    snprintf(path + used, sizeof path - used, "/bin/%s", name);
    if (access(path, X_OK) != 0) {
        fprintf(stderr, "testutil: %s is not built\n", path);
        abort();
    }
    return path;
}

bool testutil_write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return false;
    bool ok = fputs(text, f) >= 0;
    return fclose(f) == 0 && ok;
}

int64_t testutil_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

bool testutil_wait_until(bool (*cond)(void *arg), void *arg, int timeout_ms)
{
    int64_t deadline = testutil_now_ms() + timeout_ms;
    for (;;) {
        if (cond(arg))
            return true;
        if (testutil_now_ms() >= deadline)
            return cond(arg);
        poll(NULL, 0, 1);
    }
}
