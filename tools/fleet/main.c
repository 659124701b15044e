/* main.c -- staffroom-fleet: every kiosk, its health, and what is wrong.
 *
 * Reads the fleet from the collector's device table (--db, the default
 * way: it knows since when each kiosk is online or offline) or straight
 * from the broker's retained status messages (--mqtt-config), judges it
 * (fleet.h has the rules), and prints a table for people or JSON for
 * scripts. The exit code is for monitoring: 0 nothing flagged, 1 something
 * flagged or the fleet could not be read, 2 usage or configuration error.
 */
#define _GNU_SOURCE /* getopt_long */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "collector/registry.h"
#include "core/version.h"
#include "fleet/fleet.h"
#include "fleet/fleet_db.h"
#include "fleet/fleet_mqtt.h"
#include "fleet/fleet_print.h"

#define EXIT_FLAGGED 1
#define EXIT_USAGE 2

static const char USAGE[] =
    "usage: staffroom-fleet (--db COLLECTOR.db | --mqtt-config FILE [--registry FILE])\n"
    "                       [--json] [--offline-minutes N] [--backlog-hours N]\n"
    "                       [--disk-min-percent N] [--content-version V] [--ignore FLAGS]\n"
    "                       [--quiet-ms N] [--timeout-seconds N]\n"
    "\n"
    "Lists every kiosk -- site, area, online/offline and since when, answers waiting\n"
    "and the age of the oldest, last delivery, versions, disk free, clock -- and\n"
    "flags problems:\n"
    "  offline         offline for --offline-minutes or more (default 60), or for an\n"
    "                  unknown time (--mqtt-config: the last will has no time)\n"
    "  never-seen      registered, but never reported\n"
    "  backlog         oldest answer waiting more than --backlog-hours (default 24)\n"
    "  disk            disk free under --disk-min-percent (default 10)\n"
    "  clock           clock not synchronised\n"
    "  content         content version differs from --content-version, or else from\n"
    "                  the version most kiosks run (a tie goes to the newest)\n"
    "  kiosk-problem   the kiosk reports a problem itself\n"
    "  revoked-online  revoked, yet still online (reload the broker)\n"
    "  unregistered    reports, but is not in --registry\n"
    "--ignore a,b      these flags are neither shown nor counted\n"
    "\n"
    "--db reads the collector's store (read-only; safe beside a running collector).\n"
    "--mqtt-config reads the retained status messages from the broker as the\n"
    "staffroom-fleet account: an INI with [mqtt] host, port, username, password_file,\n"
    "ca_file and optionally [registry] path; it stops when no message has come for\n"
    "--quiet-ms (default 1000) or after --timeout-seconds (default 10).\n"
    "--json prints one JSON object for scripts instead of the table.\n"
    "\n"
    "exit: 0 nothing flagged; 1 a problem is flagged, or the fleet could not be read\n"
    "      (the message says which); 2 usage or configuration error\n";

typedef struct options {
    const char *db, *mqtt_config, *registry;
    bool json;
    int quiet_ms, timeout_ms;
    fleet_limits limits;
} options;

static int usage_error(const char *fmt, const char *what)
{
    fputs("staffroom-fleet: ", stderr);
    fprintf(stderr, fmt, what);
    fputs("\n(staffroom-fleet --help for usage)\n", stderr);
    return EXIT_USAGE;
}

static bool number(const char *text, long lo, long hi, long *out)
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
        {"db", required_argument, NULL, 'd'},          {"mqtt-config", required_argument, NULL, 'm'},
        {"registry", required_argument, NULL, 'r'},    {"json", no_argument, NULL, 'j'},
        {"offline-minutes", required_argument, NULL, 'o'},
        {"backlog-hours", required_argument, NULL, 'b'},
        {"disk-min-percent", required_argument, NULL, 'k'},
        {"content-version", required_argument, NULL, 'c'},
        {"ignore", required_argument, NULL, 'i'},      {"quiet-ms", required_argument, NULL, 'q'},
        {"timeout-seconds", required_argument, NULL, 't'}, {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},           {NULL, 0, NULL, 0}};
    char why[300];
    long v;
    int c;
    while ((c = getopt_long(argc, argv, "h", longs, NULL)) != -1) {
        switch (c) {
        case 'd': o->db = optarg; break;
        case 'm': o->mqtt_config = optarg; break;
        case 'r': o->registry = optarg; break;
        case 'j': o->json = true; break;
        case 'o':
            if (!number(optarg, 0, 525600, &v))
                return usage_error("--offline-minutes: '%s' is not 0..525600", optarg);
            o->limits.offline_seconds = v * 60;
            break;
        case 'b':
            if (!number(optarg, 0, 8760, &v))
                return usage_error("--backlog-hours: '%s' is not 0..8760", optarg);
            o->limits.backlog_seconds = v * 3600;
            break;
        case 'k':
            if (!number(optarg, 0, 100, &v))
                return usage_error("--disk-min-percent: '%s' is not 0..100", optarg);
            o->limits.disk_min_percent = (int)v;
            break;
        case 'c':
            if (!optarg[0] || strlen(optarg) >= sizeof o->limits.content_version)
                return usage_error("--content-version: '%s' is not a version", optarg);
            snprintf(o->limits.content_version, sizeof o->limits.content_version, "%s", optarg);
            break;
        case 'i':
            if (!fleet_flags_parse(optarg, &o->limits.ignore, why, sizeof why))
                return usage_error("--ignore: %s", why);
            break;
        case 'q':
            if (!number(optarg, 10, 60000, &v))
                return usage_error("--quiet-ms: '%s' is not 10..60000", optarg);
            o->quiet_ms = (int)v;
            break;
        case 't':
            if (!number(optarg, 1, 600, &v))
                return usage_error("--timeout-seconds: '%s' is not 1..600", optarg);
            o->timeout_ms = (int)v * 1000;
            break;
        case 'h': fputs(USAGE, stdout); exit(0);
        case 'V': printf("staffroom-fleet %s\n", STAFFROOM_VERSION); exit(0);
        default: return usage_error("%s", "unknown option");
        }
    }
    if (optind < argc)
        return usage_error("unexpected argument '%s'", argv[optind]);
    if (!o->db == !o->mqtt_config)
        return usage_error("%s", "give one source: --db COLLECTOR.db or --mqtt-config FILE");
    if (o->db && o->registry)
        return usage_error("%s", "--registry is for --mqtt-config (the collector's store "
                                 "already holds the registry)");
    return 0;
}

static int read_registry(const char *path, fleet *f)
{
    registry *reg = NULL;
    char err[1200];
    sr_status status = registry_load(path, &reg, err, sizeof err);
    if (status == SR_OK && !registry_exists(reg)) {
        snprintf(err, sizeof err, "%s: no such file", path);
        status = SR_E_NOTFOUND;
    }
    if (status == SR_OK)
        status = fleet_apply_registry(f, reg);
    registry_free(reg);
    if (status == SR_OK)
        return 0;
    fprintf(stderr, "staffroom-fleet: %s\n", status == SR_E_NOMEM ? "out of memory" : err);
    return status == SR_E_CONFIG || status == SR_E_NOTFOUND ? EXIT_USAGE : EXIT_FLAGGED;
}

static int read_mqtt(const options *o, fleet *f)
{
    fleet_mqtt_config config;
    char err[1200], bad[WIRE_DEVICE_ID_MAX + WIRE_REASON_MAX + 2];
    sr_status status = fleet_mqtt_config_load(o->mqtt_config, &config, err, sizeof err);
    if (status != SR_OK) {
        fprintf(stderr, "staffroom-fleet: %s\n", err);
        return EXIT_USAGE;
    }
    int n_bad = 0;
    status = fleet_mqtt_read(&config, o->quiet_ms, o->timeout_ms, f, &n_bad, bad, sizeof bad,
                             err, sizeof err);
    if (status != SR_OK) {
        fprintf(stderr, "staffroom-fleet: cannot read the fleet: %s\n", err);
        return status == SR_E_CONFIG ? EXIT_USAGE : EXIT_FLAGGED;
    }
    if (n_bad)
        fprintf(stderr, "staffroom-fleet: %d status message%s could not be read (%s)\n", n_bad,
                n_bad == 1 ? "" : "s", bad);
    const char *registry_path = o->registry ? o->registry : config.registry_path;
    return registry_path[0] ? read_registry(registry_path, f) : 0;
}

int main(int argc, char **argv)
{
    options o = {.quiet_ms = 1000, .timeout_ms = 10000};
    fleet_limits_defaults(&o.limits);
    int rc = parse_options(argc, argv, &o);
    if (rc)
        return rc;
    fleet f = {0};
    char err[1200];
    if (o.db) {
        sr_status status = fleet_db_read(o.db, &f, err, sizeof err);
        if (status != SR_OK) {
            fprintf(stderr, "staffroom-fleet: cannot read the fleet: %s\n", err);
            rc = EXIT_FLAGGED;
        }
    } else {
        rc = read_mqtt(&o, &f);
    }
    if (rc) {
        fleet_free(&f);
        return rc;
    }
    int64_t now = (int64_t)time(NULL);
    fleet_evaluate(&f, &o.limits, now);
    if (o.json)
        rc = fleet_print_json(&f, &o.limits, now, stdout) == SR_OK ? 0 : EXIT_FLAGGED;
    else
        fleet_print_table(&f, &o.limits, now, stdout);
    if (!rc && fleet_flagged(&f, &o.limits))
        rc = EXIT_FLAGGED;
    fleet_free(&f);
    return rc;
}
