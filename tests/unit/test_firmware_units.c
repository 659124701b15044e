/* test_firmware_units.c -- every systemd unit in firmware/systemd/ passes
 * `systemd-analyze verify`, keeps its hardening, and says what the kiosk
 * relies on.
 *
 * How units are verified on a machine that is not the kiosk: verify checks
 * that every Exec*= program exists and is executable, and /usr/bin/
 * staffroom-kiosk is not installed here. So the test builds a throw-away
 * root (--root=DIR): a copy of this machine's own unit library
 * (/usr/lib/systemd/system: sysinit.target, multi-user.target, ...), the
 * units under test in DIR/etc/systemd/system, and a stand-in executable for
 * each program they run -- only after checking the real one exists:
 *   /usr/bin/staffroom-*     built by this build (build/bin/)
 *   /usr/lib/staffroom/X     shipped from firmware/X (tools/package puts it there)
 *   anything else (/bin/kill) present and executable on this machine
 *
 * systemd-analyze verify exits 0 even for a misspelt key or value ("Unknown
 * key ..., ignoring"), so any output at all counts as a failure; a unit
 * with such a mistake is checked to fail, so the check itself can fail.
 * `systemd-analyze security --offline` scores each unit's hardening: a
 * change that weakens it past 3.0 ("OK") fails here.
 */
#define _GNU_SOURCE /* popen, strdup */
#include <dirent.h>
#include <libgen.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "testutil.h"

#define UNITS_MAX 16
#define OUTPUT_MAX 16384

static char root[1024];        /* the throw-away root */
static char units_dir[1024];   /* firmware/systemd in the source tree */
static char names[UNITS_MAX][256];
static int n_units;

/* Runs a shell command; its output (stdout and stderr) into out. Returns
 * the exit code (-1 when it could not run). */
static int run(const char *command, char *out, size_t size)
{
    char full[12288];
    snprintf(full, sizeof full, "%s 2>&1", command);
    FILE *p = popen(full, "r");
    if (!p)
        return -1;
    size_t n = fread(out, 1, size - 1, p);
    out[n] = '\0';
    int status = pclose(p);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void run_ok(const char *command)
{
    static char out[OUTPUT_MAX];
    if (run(command, out, sizeof out) != 0)
        fail_msg("%s failed:\n%s", command, out);
}

static void read_unit(const char *name, char *out, size_t size)
{
    char path[4500];
    snprintf(path, sizeof path, "%s/%s", units_dir, name);
    FILE *f = fopen(path, "r");
    if (!f)
        fail_msg("%s: cannot read", path);
    size_t n = fread(out, 1, size - 1, f);
    out[n] = '\0';
    fclose(f);
}

/* Makes sure the program a unit runs exists for real, then puts a stand-in
 * at the same path in the throw-away root. */
static void provide_program(const char *unit, const char *program)
{
    char real[1600];
    if (program[0] != '/')
        fail_msg("%s runs '%s': Exec paths must be absolute", unit, program);
    if (strncmp(program, "/usr/bin/staffroom-", 19) == 0) {
        char kiosk[1024];
        snprintf(kiosk, sizeof kiosk, "%s", testutil_build_program("staffroom-kiosk"));
        snprintf(real, sizeof real, "%s/%s", dirname(kiosk), program + 9);
    } else if (strncmp(program, "/usr/lib/staffroom/", 19) == 0) {
        char rel[512];
        snprintf(rel, sizeof rel, "firmware/%s", program + 19);
        testutil_source_path(real, sizeof real, rel);
    } else {
        snprintf(real, sizeof real, "%s", program);
    }
    if (access(real, X_OK) != 0)
        fail_msg("%s runs %s, but %s is not an executable here", unit, program, real);
    char stub[2048], command[8192];
    snprintf(stub, sizeof stub, "%s%s", root, program);
    snprintf(command, sizeof command, "mkdir -p \"$(dirname '%s')\" && printf '#!/bin/sh\\n' > '%s'"
             " && chmod 755 '%s'", stub, stub, stub);
    run_ok(command);
}

/* Every Exec*= line's program ("-/bin/kill" -> "/bin/kill"). */
static void provide_programs(const char *name)
{
    static char text[OUTPUT_MAX];
    read_unit(name, text, sizeof text);
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        if (strncmp(line, "Exec", 4) != 0 || !strchr(line, '='))
            continue;
        char *program = strchr(line, '=') + 1;
        program += strspn(program, "@-:+!|");
        program[strcspn(program, " \t")] = '\0';
        provide_program(name, program);
    }
}

static int setup(void **state)
{
    (void)state;
    testutil_source_path(units_dir, sizeof units_dir, "firmware/systemd");
    testutil_fresh_dir(root, sizeof root, "root");
    char command[8192];
    snprintf(command, sizeof command,
             "mkdir -p '%s/usr/lib/systemd' '%s/usr/bin' '%s/etc/systemd/system' && "
             "ln -s usr/bin '%s/bin' && cp -a /usr/lib/systemd/system '%s/usr/lib/systemd/'",
             root, root, root, root, root);
    static char out[OUTPUT_MAX];
    if (run(command, out, sizeof out) != 0) {
        fprintf(stderr, "cannot make the throw-away root: %s\n", out);
        return -1;
    }
    DIR *d = opendir(units_dir);
    if (!d)
        return -1;
    for (struct dirent *e; (e = readdir(d)) && n_units < UNITS_MAX;) {
        size_t len = strlen(e->d_name);
        if (len > 8 && strcmp(e->d_name + len - 8, ".service") == 0)
            snprintf(names[n_units++], sizeof names[0], "%s", e->d_name);
    }
    closedir(d);
    return n_units > 0 ? 0 : -1;
}

static void install_unit(const char *name, const char *text)
{
    char path[8192];
    snprintf(path, sizeof path, "%s/etc/systemd/system/%s", root, name);
    assert_true(testutil_write_file(path, text));
}

/* verify's verdict on the named units: true when it exits 0 and says nothing. */
static bool verify(const char *unit_names, char *out, size_t size)
{
    char command[9000];
    snprintf(command, sizeof command, "systemd-analyze verify --man=no --root='%s' %s", root,
             unit_names);
    return run(command, out, size) == 0 && out[0] == '\0';
}

static void test_every_unit_passes_systemd_analyze_verify(void **state)
{
    (void)state;
    static char text[OUTPUT_MAX], out[OUTPUT_MAX];
    char all[UNITS_MAX * 260] = "";
    for (int i = 0; i < n_units; i++) {
        read_unit(names[i], text, sizeof text);
        install_unit(names[i], text);
        provide_programs(names[i]);
        strcat(all, names[i]);
        strcat(all, " ");
    }
    if (!verify(all, out, sizeof out))
        fail_msg("systemd-analyze verify %s:\n%s", all, out);
}

/* The check must be able to fail: a misspelt value and key are caught. */
static void test_a_unit_with_a_mistake_is_caught(void **state)
{
    (void)state;
    static char text[OUTPUT_MAX], out[OUTPUT_MAX];
    read_unit("staffroom-kiosk.service", text, sizeof text);
    provide_programs("staffroom-kiosk.service");
    char *restart = strstr(text, "Restart=always");
    assert_non_null(restart);
    memcpy(restart, "Restart=alwayz", 14);
    install_unit("staffroom-mistake.service", text);
    assert_false(verify("staffroom-mistake.service", out, sizeof out));
    assert_non_null(strstr(out, "alwayz"));
    char path[8192];
    snprintf(path, sizeof path, "%s/etc/systemd/system/staffroom-mistake.service", root);
    unlink(path);
}

static void test_hardening_stays_ok(void **state)
{
    (void)state;
    static char text[OUTPUT_MAX], out[OUTPUT_MAX];
    for (int i = 0; i < n_units; i++) {
        read_unit(names[i], text, sizeof text);
        install_unit(names[i], text);
        provide_programs(names[i]);
        char command[9000];
        /* 30: an overall exposure of 3.0, the top of systemd's "OK". */
        snprintf(command, sizeof command,
                 "systemd-analyze security --offline=true --threshold=30 --root='%s' %s", root,
                 names[i]);
        if (run(command, out, sizeof out) != 0)
            fail_msg("%s is less hardened than it was:\n%s", names[i], out);
    }
}

static void assert_has(const char *unit, const char *text, const char *line)
{
    char needle[512];
    snprintf(needle, sizeof needle, "\n%s\n", line);
    if (!strstr(text, needle))
        fail_msg("%s: expected the line '%s'", unit, line);
}

/* What the kiosk, the first-boot script and the collector rely on. */
static void test_units_say_what_the_kiosk_relies_on(void **state)
{
    (void)state;
    static char text[OUTPUT_MAX];
    const char *k = "staffroom-kiosk.service";
    read_unit(k, text, sizeof text);
    assert_has(k, text, "Type=notify");               /* READY=1 after the first frame */
    assert_has(k, text, "WatchdogSec=120");           /* = 2 x the idle wake-up */
    assert_has(k, text, "Restart=always");
    assert_has(k, text, "Wants=staffroom-firstboot.service time-sync.target");
    assert_has(k, text, "NoNewPrivileges=yes");
    assert_has(k, text, "ProtectSystem=strict");
    assert_has(k, text, "StateDirectory=staffroom");  /* the outbox */
    assert_has(k, text, "SupplementaryGroups=video input render");
    assert_has(k, text, "Environment=SDL_VIDEODRIVER=kmsdrm");
    assert_has(k, text, "EnvironmentFile=-/run/staffroom/kiosk.env");
    assert_has(k, text, "ExecStart=/usr/bin/staffroom-kiosk --config ${STAFFROOM_KIOSK_CONFIG} "
                        "--show-config-problem");
    const char *f = "staffroom-firstboot.service";
    read_unit(f, text, sizeof text);
    assert_has(f, text, "Type=oneshot");
    assert_has(f, text, "Before=staffroom-kiosk.service");
    assert_has(f, text, "ExecStart=/usr/lib/staffroom/staffroom-firstboot");
    /* Runs again on every start of the kiosk (a fixed file, then a restart). */
    assert_null(strstr(text, "RemainAfterExit=yes"));
    const char *c = "staffroom-collector.service";
    read_unit(c, text, sizeof text);
    assert_has(c, text, "ExecStart=/usr/bin/staffroom-collector --config "
                        "/etc/staffroom/collector.ini");
    assert_has(c, text, "Environment=TZ=Europe/London"); /* its day numbers */
    assert_has(c, text, "KillSignal=SIGTERM");            /* it finishes its batch */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_unit_passes_systemd_analyze_verify),
        cmocka_unit_test(test_a_unit_with_a_mistake_is_caught),
        cmocka_unit_test(test_hardening_stays_ok),
        cmocka_unit_test(test_units_say_what_the_kiosk_relies_on),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
