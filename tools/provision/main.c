/* main.c -- staffroom-provision: give a kiosk its identity, or take it away.
 *
 *   add     a device id, a random MQTT password, the broker's password-file
 *           entry, the registry entry, the kiosk's folder (INI, password,
 *           CA) and an enrolment QR code (terminal and PNG)
 *   revoke  removes the broker entry and marks the registry entry revoked
 *   list    the registry as a table
 *   qr      the enrolment QR code of a registered kiosk again
 *
 * A kiosk needs no ACL entry: tools/broker/staffroom.acl grants every user
 * its own topics with `pattern` lines (%u = user name = device id).
 *
 * The steps of `add` are ordered so that a failure leaves nothing behind:
 * folder, then broker entry, then registry; each later failure undoes the
 * earlier steps. One run at a time changes a registry (a lock file beside
 * it), so two technicians cannot hand out one id twice.
 */
#define _GNU_SOURCE /* getopt_long, flock */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/version.h"
#include "provision/registry_edit.h"
#include "provision/passwd_file.h"
#include "provision/provision_id.h"
#include "provision/provision_kiosk.h"
#include "provision/provision_qr.h"

#define EXIT_RUNTIME 1
#define EXIT_USAGE 2
#define PATH_MAX_LEN 1024
#define MADE_ID_TRIES 16

static const char USAGE[] =
    "usage:\n"
    "  staffroom-provision add --site S --area A [--staff-group G] [--id ID]\n"
    "        --registry FILE --password-file BROKER_PASSWD --out DIR --mqtt-host H\n"
    "        [--mqtt-port P] [--ca-file F] [--template INI] [--qr-png FILE]\n"
    "        [--broker-pid PID]\n"
    "  staffroom-provision revoke ID --registry FILE --password-file BROKER_PASSWD\n"
    "        [--broker-pid PID]\n"
    "  staffroom-provision list --registry FILE\n"
    "  staffroom-provision qr ID --registry FILE [--qr-png FILE]\n"
    "\n"
    "add      makes a device id (site and area slugs + 6 random hex digits, or --id),\n"
    "         a random MQTT password, the broker's password-file entry (with\n"
    "         mosquitto_passwd), the registry entry, and DIR/ID/ with staffroom.ini,\n"
    "         staffroom.password and ca.crt to copy to the kiosk's /boot/firmware/;\n"
    "         prints the enrolment QR code (the device id) and writes it to\n"
    "         --qr-png (default DIR/ID.png). --template INI adds site-wide kiosk\n"
    "         settings ([ui], [privacy], ...) to the kiosk's INI. --mqtt-port\n"
    "         defaults to 8883 with --ca-file, 1883 without.\n"
    "revoke   removes ID's broker entry and marks it revoked in the registry\n"
    "         (the collector then refuses its messages).\n"
    "The broker reads its password file at start and on SIGHUP: pass --broker-pid\n"
    "to send it, or run `systemctl reload mosquitto` afterwards. Kiosks need no ACL\n"
    "entry: staffroom.acl's pattern lines give each its own topics.\n"
    "\n"
    "exit: 0 done, 1 failed (the message says why), 2 usage or configuration error\n";

typedef struct options {
    const char *command, *id, *site, *area, *staff_group, *registry, *password_file, *out;
    const char *mqtt_host, *ca_file, *template_path, *qr_png;
    int mqtt_port;
    long broker_pid;
} options;

static int usage_error(const char *fmt, const char *what)
{
    fputs("staffroom-provision: ", stderr);
    fprintf(stderr, fmt, what);
    fputs("\n(staffroom-provision --help for usage)\n", stderr);
    return EXIT_USAGE;
}

static bool parse_number(const char *text, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (errno || !*text || *end || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

static int parse_options(int argc, char **argv, options *o)
{
    static const struct option longs[] = {
        {"site", required_argument, NULL, 's'},     {"area", required_argument, NULL, 'a'},
        {"staff-group", required_argument, NULL, 'g'}, {"id", required_argument, NULL, 'i'},
        {"registry", required_argument, NULL, 'r'}, {"password-file", required_argument, NULL, 'p'},
        {"out", required_argument, NULL, 'o'},      {"mqtt-host", required_argument, NULL, 'H'},
        {"mqtt-port", required_argument, NULL, 'P'}, {"ca-file", required_argument, NULL, 'c'},
        {"template", required_argument, NULL, 't'}, {"qr-png", required_argument, NULL, 'q'},
        {"broker-pid", required_argument, NULL, 'k'}, {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},        {NULL, 0, NULL, 0}};
    long number;
    int c;
    while ((c = getopt_long(argc, argv, "h", longs, NULL)) != -1) {
        switch (c) {
        case 's': o->site = optarg; break;
        case 'a': o->area = optarg; break;
        case 'g': o->staff_group = optarg; break;
        case 'i': o->id = optarg; break;
        case 'r': o->registry = optarg; break;
        case 'p': o->password_file = optarg; break;
        case 'o': o->out = optarg; break;
        case 'H': o->mqtt_host = optarg; break;
        case 'c': o->ca_file = optarg; break;
        case 't': o->template_path = optarg; break;
        case 'q': o->qr_png = optarg; break;
        case 'P':
            if (!parse_number(optarg, 1, 65535, &number))
                return usage_error("--mqtt-port: '%s' is not a port (1..65535)", optarg);
            o->mqtt_port = (int)number;
            break;
        case 'k':
            if (!parse_number(optarg, 2, 0x7fffffffL, &number))
                return usage_error("--broker-pid: '%s' is not a process id", optarg);
            o->broker_pid = number;
            break;
        case 'h': fputs(USAGE, stdout); exit(0);
        case 'V': printf("staffroom-provision %s\n", STAFFROOM_VERSION); exit(0);
        default: return usage_error("%s", "unknown option");
        }
    }
    if (optind >= argc)
        return usage_error("%s", "no command (add, revoke, list, qr)");
    o->command = argv[optind++];
    /* revoke and qr name their device: "revoke ID". */
    bool takes_id = strcmp(o->command, "revoke") == 0 || strcmp(o->command, "qr") == 0;
    if (takes_id && optind < argc && !o->id)
        o->id = argv[optind++];
    if (optind < argc)
        return usage_error("unexpected argument '%s'", argv[optind]);
    return 0;
}

/* Holds an exclusive lock on "<registry>.lock" until the process ends. */
static int lock_registry(const char *registry_path)
{
    char path[PATH_MAX_LEN + 8];
    snprintf(path, sizeof path, "%s.lock", registry_path);
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0 || flock(fd, LOCK_EX) != 0) {
        fprintf(stderr, "staffroom-provision: %s: cannot lock: %s\n", path, strerror(errno));
        return EXIT_RUNTIME;
    }
    return 0; /* the descriptor stays open: the lock lasts the run */
}

static int load_registry(const char *path, registry_edit **edit)
{
    char err[1536];
    sr_status status = registry_edit_open(path, edit, err, sizeof err);
    if (status == SR_OK)
        return 0;
    fprintf(stderr, "staffroom-provision: %s\n", err);
    return status == SR_E_CONFIG ? EXIT_USAGE : EXIT_RUNTIME;
}

static void reload_broker(long pid)
{
    if (!pid) {
        printf("Reload the broker so that it reads the password file again:\n"
               "  systemctl reload mosquitto     (or: kill -HUP <mosquitto's pid>)\n");
        return;
    }
    if (kill((pid_t)pid, SIGHUP) == 0)
        printf("Sent SIGHUP to the broker (pid %ld): it reads the password file again.\n", pid);
    else
        fprintf(stderr, "staffroom-provision: cannot signal the broker (pid %ld): %s; reload it "
                        "by hand\n", pid, strerror(errno));
}

/* ---- add ------------------------------------------------------------------ */

static int check_add_options(options *o)
{
    char why[300];
    const char *missing = !o->site            ? "--site"
                          : !o->area          ? "--area"
                          : !o->registry      ? "--registry"
                          : !o->password_file ? "--password-file"
                          : !o->out           ? "--out"
                          : !o->mqtt_host     ? "--mqtt-host"
                                              : NULL;
    if (missing)
        return usage_error("add: %s is required", missing);
    if (!provision_name_check("--site", o->site, true, why, sizeof why) ||
        !provision_name_check("--area", o->area, true, why, sizeof why) ||
        !provision_name_check("--staff-group", o->staff_group ? o->staff_group : "", false, why,
                              sizeof why) ||
        (o->id && !provision_id_check(o->id, why, sizeof why)))
        return usage_error("%s", why);
    if (!o->mqtt_host[0] || strlen(o->mqtt_host) > 180 || strpbrk(o->mqtt_host, " \t;#/"))
        return usage_error("--mqtt-host: '%s' is not a host name or address", o->mqtt_host);
    if (!o->mqtt_port)
        o->mqtt_port = o->ca_file ? 8883 : 1883;
    if (o->template_path) {
        if (provision_kiosk_check_template(o->template_path, why, sizeof why) != SR_OK)
            return usage_error("--template: %s", why);
    }
    return 0;
}

/* Whether id is free: in neither the registry nor the broker's file. */
static int id_taken(const registry *view, const char *password_file, const char *id,
                    bool *taken)
{
    char err[1200];
    bool in_passwd = false;
    if (passwd_file_has(password_file, id, &in_passwd, err, sizeof err) != SR_OK) {
        fprintf(stderr, "staffroom-provision: %s\n", err);
        return EXIT_RUNTIME;
    }
    *taken = in_passwd || registry_find(view, id);
    return 0;
}

static int choose_id(const options *o, const registry *view,
                     char id[WIRE_DEVICE_ID_MAX])
{
    bool taken = false;
    int rc;
    if (o->id) {
        snprintf(id, WIRE_DEVICE_ID_MAX, "%s", o->id);
        if ((rc = id_taken(view, o->password_file, id, &taken)) != 0)
            return rc;
        if (taken)
            fprintf(stderr,
                    "staffroom-provision: %s is already in use (in %s or %s); ids are never "
                    "handed out twice\n",
                    id, o->registry, o->password_file);
        return taken ? EXIT_RUNTIME : 0;
    }
    for (int i = 0; i < MADE_ID_TRIES; i++) {
        provision_make_id(o->site, o->area, id);
        if ((rc = id_taken(view, o->password_file, id, &taken)) != 0)
            return rc;
        if (!taken)
            return 0;
    }
    fprintf(stderr, "staffroom-provision: no free device id after %d tries\n", MADE_ID_TRIES);
    return EXIT_RUNTIME;
}

/* Broker entry and registry entry, undoing the first if the second fails. */
static int register_device(const options *o, registry_edit *edit, const char *id,
                           const char *password)
{
    char err[1536];
    if (passwd_file_set(o->password_file, id, password, err, sizeof err) != SR_OK) {
        fprintf(stderr, "staffroom-provision: %s\n", err);
        return EXIT_RUNTIME;
    }
    registry_entry entry = {.revoked = false};
    snprintf(entry.device, sizeof entry.device, "%s", id);
    snprintf(entry.site, sizeof entry.site, "%s", o->site);
    snprintf(entry.area, sizeof entry.area, "%s", o->area);
    snprintf(entry.staff_group, sizeof entry.staff_group, "%s",
             o->staff_group ? o->staff_group : "");
    if (registry_edit_add(edit, &entry, err, sizeof err) == SR_OK &&
        registry_edit_save(edit, err, sizeof err) == SR_OK)
        return 0;
    fprintf(stderr, "staffroom-provision: %s\n", err);
    char undo[1200];
    if (passwd_file_remove(o->password_file, id, undo, sizeof undo) != SR_OK)
        fprintf(stderr, "staffroom-provision: and could not take %s out of %s again: %s\n", id,
                o->password_file, undo);
    return EXIT_RUNTIME;
}

/* The terminal code and the PNG; a failure here is reported, not undone:
 * the kiosk is provisioned, and `qr ID` draws the code again. */
static int enrolment_qr(const char *id, const char *site, const char *area, const char *png)
{
    char caption[256], err[1200];
    snprintf(caption, sizeof caption, "%s", id);
    printf("\nEnrolment code for %s (%s, %s):\n", id, site, area);
    if (provision_qr_print(id, stdout, isatty(STDOUT_FILENO)) != SR_OK) {
        fprintf(stderr, "staffroom-provision: cannot draw the QR code for %s\n", id);
        return EXIT_RUNTIME;
    }
    if (provision_qr_png(id, caption, png, err, sizeof err) != SR_OK) {
        fprintf(stderr, "staffroom-provision: %s\n", err);
        return EXIT_RUNTIME;
    }
    printf("QR code PNG: %s\n", png);
    return 0;
}

static int command_add(options *o)
{
    registry_edit *edit = NULL;
    char id[WIRE_DEVICE_ID_MAX], password[PROVISION_PASSWORD_MAX], err[1536];
    char dir[PATH_MAX_LEN + WIRE_DEVICE_ID_MAX], png[PATH_MAX_LEN + WIRE_DEVICE_ID_MAX + 8];
    int rc = check_add_options(o);
    if (rc || (rc = lock_registry(o->registry)) || (rc = load_registry(o->registry, &edit)))
        goto done;
    if ((rc = choose_id(o, registry_edit_view(edit), id)))
        goto done;
    if (mkdir(o->out, 0755) != 0 && errno != EEXIST) {
        fprintf(stderr, "staffroom-provision: %s: cannot create: %s\n", o->out, strerror(errno));
        rc = EXIT_RUNTIME;
        goto done;
    }
    snprintf(dir, sizeof dir, "%s/%s", o->out, id);
    provision_make_password(password);
    provision_kiosk kiosk = {dir, id, o->site, o->area, o->mqtt_host, o->mqtt_port, password,
                             o->ca_file, o->template_path};
    if (provision_kiosk_write(&kiosk, err, sizeof err) != SR_OK) {
        fprintf(stderr, "staffroom-provision: %s\n", err);
        rc = EXIT_RUNTIME;
        goto done;
    }
    if ((rc = register_device(o, edit, id, password))) {
        provision_kiosk_remove(dir);
        goto done;
    }
    printf("Provisioned %s (%s, %s%s%s)\n  kiosk files: %s/ (copy them to the kiosk's "
           "/boot/firmware/)\n  registry:    %s\n  broker:      %s (user %s)\n",
           id, o->site, o->area, o->staff_group ? ", " : "", o->staff_group ? o->staff_group : "",
           dir, o->registry, o->password_file, id);
    snprintf(png, sizeof png, "%s/%s.png", o->out, id);
    rc = enrolment_qr(id, o->site, o->area, o->qr_png ? o->qr_png : png);
    reload_broker(o->broker_pid);
done:
    sodium_memzero(password, sizeof password);
    registry_edit_close(edit);
    return rc;
}

/* ---- revoke, list, qr ------------------------------------------------------- */

static int command_revoke(const options *o)
{
    registry_edit *edit = NULL;
    char err[1536];
    int rc;
    if (!o->id || !o->registry || !o->password_file)
        return usage_error("%s", "revoke: ID, --registry and --password-file are required");
    if ((rc = lock_registry(o->registry)) || (rc = load_registry(o->registry, &edit)))
        goto done;
    const registry_entry *entry = registry_find(registry_edit_view(edit), o->id);
    if (!entry) {
        fprintf(stderr, "staffroom-provision: %s: no device %s\n", o->registry, o->id);
        rc = EXIT_RUNTIME;
        goto done;
    }
    /* Access first: once the broker entry is gone the kiosk is locked out,
     * whatever happens to the registry write after it. */
    sr_status status = passwd_file_remove(o->password_file, o->id, err, sizeof err);
    if (status == SR_OK)
        printf("Removed %s from %s.\n", o->id, o->password_file);
    else if (status == SR_E_NOTFOUND)
        printf("%s has no entry in %s (already removed).\n", o->id, o->password_file);
    else {
        fprintf(stderr, "staffroom-provision: %s\n", err);
        rc = EXIT_RUNTIME;
        goto done;
    }
    if (entry->revoked) {
        printf("%s was already marked revoked in %s.\n", o->id, o->registry);
    } else if (registry_edit_revoke(edit, o->id, (long long)time(NULL), err, sizeof err) !=
                   SR_OK ||
               registry_edit_save(edit, err, sizeof err) != SR_OK) {
        fprintf(stderr, "staffroom-provision: %s\n", err);
        rc = EXIT_RUNTIME;
        goto done;
    } else {
        printf("Marked %s revoked in %s: the collector refuses its messages.\n", o->id,
               o->registry);
    }
    if (status == SR_OK)
        reload_broker(o->broker_pid);
done:
    registry_edit_close(edit);
    return rc;
}

static int command_list(const options *o)
{
    registry_edit *edit = NULL;
    if (!o->registry)
        return usage_error("%s", "list: --registry is required");
    int rc = load_registry(o->registry, &edit);
    if (rc)
        return rc;
    const registry *view = registry_edit_view(edit);
    int n = registry_count(view);
    printf("%-49s  %-24s  %-16s  %-12s  %s\n", "DEVICE", "SITE", "AREA", "STAFF GROUP", "STATE");
    for (int i = 0; i < n; i++) {
        const registry_entry *e = registry_at(view, i);
        printf("%-49s  %-24s  %-16s  %-12s  %s\n", e->device, e->site, e->area,
               e->staff_group[0] ? e->staff_group : "-", e->revoked ? "revoked" : "active");
    }
    printf("%d device%s%s\n", n, n == 1 ? "" : "s",
           registry_exists(view) ? "" : " (the registry file does not exist yet)");
    registry_edit_close(edit);
    return 0;
}

static int command_qr(const options *o)
{
    registry_edit *edit = NULL;
    if (!o->id || !o->registry)
        return usage_error("%s", "qr: ID and --registry are required");
    int rc = load_registry(o->registry, &edit);
    if (rc)
        return rc;
    const registry_entry *e = registry_find(registry_edit_view(edit), o->id);
    if (!e) {
        fprintf(stderr, "staffroom-provision: %s: no device %s\n", o->registry, o->id);
        rc = EXIT_RUNTIME;
    } else {
        char png[PATH_MAX_LEN];
        snprintf(png, sizeof png, "%s.png", e->device);
        rc = enrolment_qr(e->device, e->site, e->area, o->qr_png ? o->qr_png : png);
    }
    registry_edit_close(edit);
    return rc;
}

/* LeakSanitizer (sanitizer builds only) reads this hook from the program.
 * The enrolment PNG's caption goes through cairo's toy font API, which
 * resolves the font with fontconfig, and fontconfig keeps its patterns for
 * the life of the process (only FcFini() frees them; fontconfig is not
 * linked directly). Everything that is not fontconfig's own still counts.
 * As in tools/report/chart.c: one definition per program. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libfontconfig.so\n";
}

int main(int argc, char **argv)
{
    options o = {0};
    int rc = parse_options(argc, argv, &o);
    if (rc)
        return rc;
    if (sodium_init() < 0) {
        fputs("staffroom-provision: libsodium could not start\n", stderr);
        return EXIT_RUNTIME;
    }
    if (strcmp(o.command, "add") == 0)
        return command_add(&o);
    if (strcmp(o.command, "revoke") == 0)
        return command_revoke(&o);
    if (strcmp(o.command, "list") == 0)
        return command_list(&o);
    if (strcmp(o.command, "qr") == 0)
        return command_qr(&o);
    return usage_error("unknown command '%s' (add, revoke, list, qr)", o.command);
}
