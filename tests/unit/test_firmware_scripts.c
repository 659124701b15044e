/* test_firmware_scripts.c -- the shell scripts that turn a board into a
 * kiosk, run against a fake root (a scratch folder standing for /):
 *
 *   staffroom-firstboot   a good staffroom.ini dropped on the boot partition
 *                         is installed (with its password and CA) and the
 *                         plaintext copies removed; a bad one is kept and
 *                         the kiosk pointed at it for its problem screen; a
 *                         failure to check changes nothing
 *   readonly-root.sh      --dry-run changes nothing; the fstab it writes
 *                         parses (findmnt --verify), keeps what was there,
 *                         stays one block when run twice, and gives the
 *                         mount units systemd would make (the fstab
 *                         generator, then systemd-analyze verify); the
 *                         journal is volatile, the overlay leaves other
 *                         mounts writable
 *   both                  pass shellcheck
 *
 * The fake root is STAFFROOM_ROOT; the kiosk that validates is this build's
 * (STAFFROOM_KIOSK); the group is root's own (the staffroom group does not
 * exist on a build machine).
 */
#define _GNU_SOURCE /* popen */
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

#define OUTPUT_MAX 16384

static char out[OUTPUT_MAX];

static int run(const char *command)
{
    char full[8192];
    snprintf(full, sizeof full, "%s 2>&1", command);
    FILE *p = popen(full, "r");
    if (!p)
        return -1;
    size_t n = fread(out, 1, sizeof out - 1, p);
    out[n] = '\0';
    int status = pclose(p);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void assert_output_has(const char *needle)
{
    if (!strstr(out, needle))
        fail_msg("expected '%s' in the output:\n%s", needle, out);
}

static bool exists(const char *root, const char *path)
{
    char full[2048];
    snprintf(full, sizeof full, "%s%s", root, path);
    return access(full, F_OK) == 0;
}

static void read_file(const char *root, const char *path, char *text, size_t size)
{
    char full[2048];
    snprintf(full, sizeof full, "%s%s", root, path);
    FILE *f = fopen(full, "r");
    if (!f)
        fail_msg("%s: missing", full);
    size_t n = fread(text, 1, size - 1, f);
    text[n] = '\0';
    fclose(f);
}

static void write_file(const char *root, const char *path, const char *text)
{
    char full[2048], command[4200];
    snprintf(full, sizeof full, "%s%s", root, path);
    snprintf(command, sizeof command, "mkdir -p \"$(dirname '%s')\"", full);
    assert_int_equal(run(command), 0);
    assert_true(testutil_write_file(full, text));
}

static int mode_of(const char *root, const char *path)
{
    char full[2048];
    struct stat st;
    snprintf(full, sizeof full, "%s%s", root, path);
    assert_int_equal(stat(full, &st), 0);
    return (int)(st.st_mode & 07777);
}

/* ---- staffroom-firstboot -------------------------------------------------- */

static const char GOOD_INI[] =
    "[device]\nid = ward7-kiosk-1\nsite = St Elsewhere\narea = Ward 7\n"
    "[mqtt]\nhost = broker.example\nusername = ward7-kiosk-1\n"
    "password_file = staffroom.password\nca_file = ca.crt\n"
    "[content]\ndir = %s\n";

/* A fresh fake root with /boot/firmware (Pi OS); returns it in root. */
static void fresh_root(char *root, size_t size, const char *name)
{
    testutil_fresh_dir(root, size, name);
    char command[2048];
    snprintf(command, sizeof command, "mkdir -p '%s/boot/firmware'", root);
    assert_int_equal(run(command), 0);
}

static void drop_good_file(const char *root, const char *boot)
{
    char content[1024], ini[2048], path[256];
    testutil_source_path(content, sizeof content, "assets/content");
    snprintf(ini, sizeof ini, GOOD_INI, content);
    snprintf(path, sizeof path, "%s/staffroom.ini", boot);
    write_file(root, path, ini);
    snprintf(path, sizeof path, "%s/staffroom.password", boot);
    write_file(root, path, "s3cret-password\n");
    snprintf(path, sizeof path, "%s/ca.crt", boot);
    write_file(root, path, "-----BEGIN CERTIFICATE-----\n");
}

static int firstboot(const char *root, const char *kiosk)
{
    char script[1024], command[4096];
    testutil_source_path(script, sizeof script, "firmware/staffroom-firstboot");
    snprintf(command, sizeof command,
             "STAFFROOM_ROOT='%s' STAFFROOM_KIOSK='%s' STAFFROOM_GROUP=root sh '%s'", root,
             kiosk ? kiosk : testutil_build_program("staffroom-kiosk"), script);
    return run(command);
}

static void test_firstboot_installs_a_good_file_and_removes_the_plaintext(void **state)
{
    (void)state;
    char root[1024], installed[4096], dropped[4096];
    fresh_root(root, sizeof root, "good");
    drop_good_file(root, "/boot/firmware");
    read_file(root, "/boot/firmware/staffroom.ini", dropped, sizeof dropped);
    write_file(root, "/run/staffroom/kiosk.env", "STAFFROOM_KIOSK_CONFIG=/old\n"); /* stale */

    assert_int_equal(firstboot(root, NULL), 0);
    assert_output_has("installed /boot/firmware/staffroom.ini as /etc/staffroom/kiosk.ini");
    assert_output_has("ward7-kiosk-1");
    read_file(root, "/etc/staffroom/kiosk.ini", installed, sizeof installed);
    assert_string_equal(installed, dropped);
    read_file(root, "/etc/staffroom/staffroom.password", installed, sizeof installed);
    assert_string_equal(installed, "s3cret-password\n");
    assert_true(exists(root, "/etc/staffroom/ca.crt"));
    /* Only root and the kiosk's group may read the password. */
    assert_int_equal(mode_of(root, "/etc/staffroom/kiosk.ini"), 0640);
    assert_int_equal(mode_of(root, "/etc/staffroom/staffroom.password"), 0640);
    assert_int_equal(mode_of(root, "/etc/staffroom/ca.crt"), 0644);
    /* Nothing readable is left on the card's FAT partition. */
    assert_false(exists(root, "/boot/firmware/staffroom.ini"));
    assert_false(exists(root, "/boot/firmware/staffroom.password"));
    assert_false(exists(root, "/boot/firmware/ca.crt"));
    assert_false(exists(root, "/run/staffroom/kiosk.env")); /* the kiosk reads the installed one */
    char command[2048];
    snprintf(command, sizeof command, "ls -A '%s/etc/staffroom'", root);
    assert_int_equal(run(command), 0);
    assert_string_equal(out, "ca.crt\nkiosk.ini\nstaffroom.password\n"); /* no temporaries */

    /* The next boot: nothing new, nothing changes. */
    assert_int_equal(firstboot(root, NULL), 0);
    read_file(root, "/etc/staffroom/kiosk.ini", installed, sizeof installed);
    assert_string_equal(installed, dropped);
}

static void test_firstboot_keeps_a_bad_file_for_the_problem_screen(void **state)
{
    (void)state;
    char root[1024], text[4096];
    fresh_root(root, sizeof root, "bad");
    write_file(root, "/etc/staffroom/kiosk.ini", "[device]\nid = the-old-one\n");
    write_file(root, "/boot/firmware/staffroom.ini", "[device]\nid = ward7-kiosk-1\n[ui]\n"
                                                     "size = big\n");
    assert_int_equal(firstboot(root, NULL), 2);
    assert_output_has("/boot/firmware/staffroom.ini refused");
    assert_output_has("staffroom.ini:4: [ui] size: 'big' is not a size like 800x480");
    assert_true(exists(root, "/boot/firmware/staffroom.ini")); /* to be fixed there */
    /* The checked copy (modes as installed) is what the kiosk shows. */
    read_file(root, "/run/staffroom/kiosk.env", text, sizeof text);
    assert_string_equal(text, "STAFFROOM_KIOSK_CONFIG=/etc/staffroom/rejected/staffroom.ini\n");
    read_file(root, "/etc/staffroom/rejected/staffroom.ini", text, sizeof text);
    assert_string_equal(text, "[device]\nid = ward7-kiosk-1\n[ui]\nsize = big\n");
    assert_false(exists(root, "/etc/staffroom/incoming"));
    read_file(root, "/etc/staffroom/kiosk.ini", text, sizeof text);
    assert_string_equal(text, "[device]\nid = the-old-one\n"); /* untouched */
}

/* Written on Windows (CRLF, comments), a password in a sub-folder. */
static void test_firstboot_reads_the_file_as_the_kiosk_does(void **state)
{
    (void)state;
    char root[1024], content[1024], ini[2048];
    fresh_root(root, sizeof root, "crlf");
    testutil_source_path(content, sizeof content, "assets/content");
    snprintf(ini, sizeof ini,
             "; made by hand\r\n[device]\r\nid = ward7-kiosk-2\r\n\r\n[mqtt]\r\n"
             "host = broker.example\r\npassword_file = keys/kiosk.password   ; secret\r\n"
             "[content]\r\ndir = %s\r\n", content);
    write_file(root, "/boot/firmware/staffroom.ini", ini);
    write_file(root, "/boot/firmware/keys/kiosk.password", "pw\n");
    assert_int_equal(firstboot(root, NULL), 0);
    assert_true(exists(root, "/etc/staffroom/keys/kiosk.password"));
    assert_int_equal(mode_of(root, "/etc/staffroom/keys"), 0750);
    assert_int_equal(mode_of(root, "/etc/staffroom/keys/kiosk.password"), 0640);
    assert_false(exists(root, "/boot/firmware/keys/kiosk.password"));
    assert_false(exists(root, "/boot/firmware/staffroom.ini"));
}

/* A path that climbs out of the boot partition is never copied (nor deleted). */
static void test_firstboot_copies_nothing_from_outside_the_boot_partition(void **state)
{
    (void)state;
    char root[1024], content[1024], ini[2048];
    fresh_root(root, sizeof root, "climb");
    testutil_source_path(content, sizeof content, "assets/content");
    snprintf(ini, sizeof ini, "[device]\nid = ward7-kiosk-3\n[mqtt]\nhost = b\n"
             "password_file = ../../etc/precious\n[content]\ndir = %s\n", content);
    write_file(root, "/boot/firmware/staffroom.ini", ini);
    write_file(root, "/etc/precious", "keep me\n");
    assert_int_equal(firstboot(root, NULL), 2); /* the staged copy has no password file */
    assert_output_has("not copied");
    assert_output_has("password_file");
    assert_true(exists(root, "/etc/precious"));
    assert_false(exists(root, "/etc/staffroom/kiosk.ini"));
}

static void test_firstboot_finds_the_file_in_boot_without_firmware(void **state)
{
    (void)state;
    char root[1024];
    testutil_fresh_dir(root, sizeof root, "plain-boot");
    drop_good_file(root, "/boot");
    assert_int_equal(firstboot(root, NULL), 0);
    assert_true(exists(root, "/etc/staffroom/kiosk.ini"));
    assert_true(exists(root, "/etc/staffroom/staffroom.password"));
    assert_false(exists(root, "/boot/staffroom.ini"));
}

static void test_firstboot_with_no_configuration_points_at_the_missing_file(void **state)
{
    (void)state;
    char root[1024], text[1024];
    fresh_root(root, sizeof root, "none");
    assert_int_equal(firstboot(root, NULL), 2);
    assert_output_has("no configuration");
    read_file(root, "/run/staffroom/kiosk.env", text, sizeof text);
    /* The problem screen then says "cannot read" naming the file to create. */
    assert_string_equal(text, "STAFFROOM_KIOSK_CONFIG=/boot/firmware/staffroom.ini\n");
}

static void test_firstboot_changes_nothing_when_it_cannot_check(void **state)
{
    (void)state;
    char root[1024];
    fresh_root(root, sizeof root, "nocheck");
    drop_good_file(root, "/boot/firmware");
    assert_int_equal(firstboot(root, "/nonexistent/staffroom-kiosk"), 1);
    assert_output_has("nothing changed");
    assert_true(exists(root, "/boot/firmware/staffroom.ini"));
    assert_true(exists(root, "/boot/firmware/staffroom.password"));
    assert_false(exists(root, "/etc/staffroom/kiosk.ini"));
}

/* ---- readonly-root.sh ------------------------------------------------------ */

static const char OLD_FSTAB[] = "proc /proc proc defaults 0 0\n"
                                "PARTUUID=1234-02 / ext4 defaults,noatime 0 1\n"
                                "PARTUUID=1234-01 /boot/firmware vfat defaults 0 2\n";

static int readonly_root(const char *root, const char *args)
{
    char script[1024], command[4096];
    testutil_source_path(script, sizeof script, "firmware/readonly-root.sh");
    snprintf(command, sizeof command, "STAFFROOM_ROOT='%s' sh '%s' %s", root, script, args);
    return run(command);
}

static void test_readonly_root_dry_run_changes_nothing(void **state)
{
    (void)state;
    char root[1024], fstab[4096];
    testutil_fresh_dir(root, sizeof root, "ro-dry");
    write_file(root, "/etc/fstab", OLD_FSTAB);
    assert_int_equal(readonly_root(root, "--dry-run"), 0);
    assert_output_has("LABEL=staffroom-data /srv/staffroom ext4");
    assert_output_has("Storage=volatile");
    assert_output_has("overlayroot=\"tmpfs:recurse=0\"");
    assert_output_has("+ apt-get install -y overlayroot");
    assert_output_has("nothing was changed");
    read_file(root, "/etc/fstab", fstab, sizeof fstab);
    assert_string_equal(fstab, OLD_FSTAB);
    assert_false(exists(root, "/etc/systemd/journald.conf.d/staffroom-volatile.conf"));
    assert_false(exists(root, "/etc/overlayroot.local.conf"));
}

static int count(const char *text, const char *needle)
{
    int n = 0;
    for (const char *p = text; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

static void test_readonly_root_writes_a_layout_systemd_can_mount(void **state)
{
    (void)state;
    char root[1024], text[4096], command[8192], gen[1024];
    testutil_fresh_dir(root, sizeof root, "ro");
    write_file(root, "/etc/fstab", OLD_FSTAB);
    assert_int_equal(readonly_root(root, ""), 0);
    assert_output_has("run the commands above on the board");
    assert_int_equal(readonly_root(root, "--data-label staffroom-data"), 0); /* again */
    read_file(root, "/etc/fstab", text, sizeof text);
    assert_int_equal(strncmp(text, OLD_FSTAB, strlen(OLD_FSTAB)), 0); /* kept, in order */
    assert_int_equal(count(text, "LABEL=staffroom-data"), 1);       /* one block, not two */
    assert_int_equal(count(text, "# staffroom begin"), 1);

    snprintf(command, sizeof command, "findmnt --verify --tab-file '%s/etc/fstab'", root);
    run(command); /* exit 1 here: the label and folders belong to the board */
    assert_output_has("0 parse errors");

    /* What systemd makes of it at boot, and that those units are sound. */
    testutil_fresh_dir(gen, sizeof gen, "generated");
    snprintf(command, sizeof command,
             "SYSTEMD_FSTAB='%s/etc/fstab' /usr/lib/systemd/system-generators/"
             "systemd-fstab-generator '%s' '%s' '%s'", root, gen, gen, gen);
    assert_int_equal(run(command), 0);
    snprintf(command, sizeof command, "cat '%s/var-lib-staffroom.mount' '%s/etc-staffroom.mount'"
             " '%s/srv-staffroom.mount'", gen, gen, gen);
    assert_int_equal(run(command), 0);
    assert_output_has("What=/dev/disk/by-label/staffroom-data\nWhere=/srv/staffroom");
    assert_output_has("What=/srv/staffroom/state\nWhere=/var/lib/staffroom");
    assert_output_has("What=/srv/staffroom/etc\nWhere=/etc/staffroom");
    assert_int_equal(count(out, "RequiresMountsFor=/srv/staffroom"), 2);
    snprintf(command, sizeof command, "systemd-analyze verify --man=no '%s/var-lib-staffroom.mount'"
             " '%s/etc-staffroom.mount' '%s/srv-staffroom.mount'", gen, gen, gen);
    if (run(command) != 0 || out[0])
        fail_msg("generated mount units do not verify:\n%s", out);

    read_file(root, "/etc/systemd/journald.conf.d/staffroom-volatile.conf", text, sizeof text);
    assert_non_null(strstr(text, "\nStorage=volatile\n"));
    read_file(root, "/etc/overlayroot.local.conf", text, sizeof text);
    assert_non_null(strstr(text, "overlayroot=\"tmpfs:recurse=0\"")); /* data + boot stay rw */
}

static void test_readonly_root_refuses_bad_arguments(void **state)
{
    (void)state;
    char root[1024];
    testutil_fresh_dir(root, sizeof root, "ro-bad");
    assert_int_equal(readonly_root(root, "--data-label 'bad label'"), 2);
    assert_output_has("letters, digits");
    assert_int_equal(readonly_root(root, "--frobnicate"), 2);
    assert_output_has("unknown argument --frobnicate");
    assert_false(exists(root, "/etc/fstab"));
}

static void test_scripts_pass_shellcheck(void **state)
{
    (void)state;
    char a[1024], b[1024], command[4096];
    testutil_source_path(a, sizeof a, "firmware/staffroom-firstboot");
    testutil_source_path(b, sizeof b, "firmware/readonly-root.sh");
    if (run("command -v shellcheck") != 0)
        fail_msg("shellcheck is not installed (apt-get install shellcheck)");
    snprintf(command, sizeof command, "shellcheck --shell=sh '%s' '%s'", a, b);
    if (run(command) != 0)
        fail_msg("%s", out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_firstboot_installs_a_good_file_and_removes_the_plaintext),
        cmocka_unit_test(test_firstboot_keeps_a_bad_file_for_the_problem_screen),
        cmocka_unit_test(test_firstboot_reads_the_file_as_the_kiosk_does),
        cmocka_unit_test(test_firstboot_copies_nothing_from_outside_the_boot_partition),
        cmocka_unit_test(test_firstboot_finds_the_file_in_boot_without_firmware),
        cmocka_unit_test(test_firstboot_with_no_configuration_points_at_the_missing_file),
        cmocka_unit_test(test_firstboot_changes_nothing_when_it_cannot_check),
        cmocka_unit_test(test_readonly_root_dry_run_changes_nothing),
        cmocka_unit_test(test_readonly_root_writes_a_layout_systemd_can_mount),
        cmocka_unit_test(test_readonly_root_refuses_bad_arguments),
        cmocka_unit_test(test_scripts_pass_shellcheck),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
