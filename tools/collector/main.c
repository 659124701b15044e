/* main.c -- staffroom-collector: reads its configuration, content pack and
 * device registry, opens its store, and runs one poll() loop around the
 * MQTT session (collector_mqtt.c) and the intake state machine (intake.c)
 * until SIGTERM or SIGINT. Then it commits and acknowledges the open batch,
 * waits (briefly) for the broker to take the acknowledgements, and exits 0.
 *
 * The loop sleeps until the socket has something, a signal arrives, or the
 * earliest of: the open batch's deadline, the MQTT keepalive or reconnect
 * time, the registry's next change check, the next summary line. Idle means
 * idle: with no traffic it wakes a few times a minute.
 *
 * SIGHUP re-reads the content pack and the registry; the registry is also
 * re-read when its file changes (checked every REGISTRY_CHECK_MS). A bad new
 * file is logged and the last good one kept.
 *
 * Exit codes: 0 stopped by a signal after committing its batch; 1 runtime
 * failure (the store cannot be opened, the last batch failed to commit);
 * 2 usage or configuration error, "FILE:LINE: [section] key: reason".
 */
#include <errno.h>
#include <fcntl.h>
#include <mosquitto.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "collector/collector_config.h"
#include "collector/collector_mqtt.h"
#include "collector/collector_store.h"
#include "collector/intake.h"
#include "collector/registry.h"
#include "content/content_load.h"
#include "core/version.h"
#include "platform/sysclock.h"

#define REGISTRY_CHECK_MS 2000
#define DRAIN_TIMEOUT_MS 5000
#define PASSWORD_MAX 512

static const char USAGE[] =
    "usage: staffroom-collector --config FILE [--check-config | --print-config]\n"
    "\n"
    "Stores every kiosk's answers and status from the MQTT broker in an SQLite store,\n"
    "once each, and acknowledges exactly what it committed. Runs until SIGTERM or\n"
    "SIGINT (then commits and acknowledges its last batch); SIGHUP re-reads the\n"
    "content pack and the device registry.\n"
    "\n"
    "  --config FILE    the collector's INI configuration (required to run)\n"
    "  --check-config   check the configuration, the password file, the content pack\n"
    "                   and the registry it names, print the effective values, exit\n"
    "  --print-config   print the effective configuration (the defaults without\n"
    "                   --config) with every key's help, and exit\n"
    "  --version        print the version and exit\n"
    "  --help           this text\n"
    "\n"
    "Exit codes: 0 success, 1 runtime failure, 2 usage or configuration error.\n";

typedef struct collector {
    collector_config config;
    collector_store *store;
    registry *reg;
    content_pack *pack;
    intake *in;
    collector_mqtt *mqtt;
    int64_t next_registry_check_ms;
    int64_t next_summary_ms;
    intake_counts logged; /* the counts at the last summary line */
    registry_stamp registry_refused; /* the file last refused ... */
    bool registry_refused_valid;     /* ... if any */
} collector;

static volatile sig_atomic_t stop_requested;
static volatile sig_atomic_t reload_requested;
static int signal_pipe[2] = {-1, -1};

static void on_signal(int sig)
{
    int saved = errno;
    if (sig == SIGHUP)
        reload_requested = 1;
    else
        stop_requested = 1;
    char byte = 0;
    if (write(signal_pipe[1], &byte, 1) < 0) {
        /* the pipe is full: a wake-up is already pending */
    }
    errno = saved;
}

static bool install_signals(void)
{
    if (pipe(signal_pipe) != 0)
        return false;
    for (int i = 0; i < 2; i++)
        fcntl(signal_pipe[i], F_SETFL, fcntl(signal_pipe[i], F_GETFL) | O_NONBLOCK);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sa.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &sa, NULL);
    return true;
}

/* One line of the log (stderr, which journald keeps). */
static void log_line(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

static void log_line(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("staffroom-collector: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

/* ---- content and registry ---------------------------------------------- */

/* Loads the pack in dir; NULL (problems printed) when it is refused. */
static content_pack *load_content(const char *dir)
{
    content_pack *pack = calloc(1, sizeof *pack);
    content_report *report = calloc(1, sizeof *report);
    sr_status status = pack && report ? content_load(dir, pack, report) : SR_E_NOMEM;
    if (status != SR_OK) {
        log_line("[content] dir: %s: content pack refused (%s):", dir, sr_status_str(status));
        if (report)
            content_report_print(report, stderr);
        free(pack);
        pack = NULL;
    }
    free(report);
    return pack;
}

static void free_content(content_pack *pack)
{
    content_pack_free(pack);
    free(pack);
}

static void reload_content(collector *c)
{
    content_pack *fresh = load_content(c->config.content_dir);
    if (!fresh) {
        log_line("keeping content pack %s", c->pack->version);
        return;
    }
    intake_set_content(c->in, fresh);
    free_content(c->pack);
    c->pack = fresh;
    log_line("content pack %s (question set %s) loaded", fresh->version, fresh->question_set_id);
}

/* Makes fresh the registry in use: logs it and copies it into the device
 * table. */
static void adopt_registry(collector *c, registry *fresh)
{
    char err[1024];
    intake_set_registry(c->in, fresh);
    if (c->reg != fresh)
        registry_free(c->reg);
    c->reg = fresh;
    if (registry_exists(fresh))
        log_line("registry %s: %d devices", c->config.registry_path, registry_count(fresh));
    else
        log_line("registry %s does not exist yet: no device is known", c->config.registry_path);
    if (collector_store_sync_registry(c->store, fresh, err, sizeof err) != SR_OK)
        log_line("%s", err);
}

/* A file that fails to parse, or that has gone away after it existed (a
 * mistake, or a writer that deletes before it writes), leaves the registry
 * read before in force: forgetting every device would refuse every kiosk.
 * Its stamp is remembered so that it is tried again only once it changes. */
static void reload_registry(collector *c)
{
    registry *fresh = NULL;
    char err[1024];
    registry_stamp_read(c->config.registry_path, &c->registry_refused);
    c->registry_refused_valid = true;
    if (registry_load(c->config.registry_path, &fresh, err, sizeof err) != SR_OK) {
        log_line("%s; keeping the registry read before", err);
    } else if (!registry_exists(fresh) && registry_exists(c->reg)) {
        log_line("registry %s has gone; keeping the one read before", c->config.registry_path);
        registry_free(fresh);
    } else {
        c->registry_refused_valid = false;
        adopt_registry(c, fresh);
    }
}

/* Reloads the registry when its file is neither the one in force nor the
 * one last refused. */
static void check_registry(collector *c)
{
    registry_stamp now;
    registry_stamp_read(c->config.registry_path, &now);
    if (!registry_stamp_equal(&now, registry_stamp_of(c->reg)) &&
        !(c->registry_refused_valid && registry_stamp_equal(&now, &c->registry_refused)))
        reload_registry(c);
}

/* ---- the loop ---------------------------------------------------------- */

static void on_message(void *arg, const char *topic, const void *payload, size_t len,
                       bool retained)
{
    collector *c = arg;
    intake_receive(c->in, topic, payload, len, retained, sysclock_mono_ms(), (int64_t)time(NULL));
}

static void log_summary(collector *c, bool always)
{
    const intake_counts *n = intake_get_counts(c->in);
    if (!always && memcmp(n, &c->logged, sizeof *n) == 0)
        return;
    c->logged = *n;
    log_line("received %llu: %llu stored, %llu already held, %llu dead letters, %llu statuses, "
             "%llu dropped; %llu batches, %llu acks (%llu not sent), %llu store failures",
            (unsigned long long)n->received, (unsigned long long)n->answers_stored,
            (unsigned long long)n->answers_duplicate, (unsigned long long)n->dead_letters,
            (unsigned long long)n->statuses, (unsigned long long)n->dropped,
            (unsigned long long)n->batches, (unsigned long long)n->acks,
            (unsigned long long)n->ack_failures, (unsigned long long)n->store_failures);
}

static void housekeeping(collector *c, int64_t now)
{
    if (reload_requested) {
        reload_requested = 0;
        reload_content(c);
        reload_registry(c);
        c->next_registry_check_ms = now + REGISTRY_CHECK_MS;
    }
    if (now >= c->next_registry_check_ms) {
        check_registry(c);
        c->next_registry_check_ms = now + REGISTRY_CHECK_MS;
    }
    if (now >= c->next_summary_ms) {
        log_summary(c, false);
        c->next_summary_ms = now + (int64_t)c->config.summary_seconds * 1000;
    }
}

static int64_t earliest(int64_t a, int64_t b)
{
    return a < 0 ? b : b < 0 ? a : a < b ? a : b;
}

/* Sleeps in poll() until the socket, a signal or the next deadline (at most
 * until limit_ms), then lets the MQTT session and the intake do their work. */
static void wait_and_service(collector *c, int64_t limit_ms)
{
    int64_t now = sysclock_mono_ms();
    int64_t wake = earliest(intake_deadline(c->in), collector_mqtt_deadline(c->mqtt, now));
    wake = earliest(wake, earliest(c->next_registry_check_ms, c->next_summary_ms));
    wake = earliest(wake, limit_ms);
    struct pollfd fds[2] = {{.fd = signal_pipe[0], .events = POLLIN},
                            {.fd = collector_mqtt_fd(c->mqtt), .events = 0}};
    if (fds[1].fd >= 0)
        fds[1].events = collector_mqtt_events(c->mqtt);
    int timeout = wake <= now ? 0 : wake - now > 60000 ? 60000 : (int)(wake - now);
    if (poll(fds, fds[1].fd >= 0 ? 2 : 1, timeout) < 0 && errno != EINTR)
        fds[1].revents = 0;
    char drain[64];
    if (fds[0].revents & POLLIN)
        while (read(signal_pipe[0], drain, sizeof drain) > 0) {
        }
    now = sysclock_mono_ms();
    collector_mqtt_service(c->mqtt, fds[1].fd >= 0 ? fds[1].revents : 0, now);
    intake_tick(c->in, sysclock_mono_ms(), (int64_t)time(NULL));
}

/* Commits the open batch, then gives the broker DRAIN_TIMEOUT_MS to take
 * the acknowledgements (messages arriving meanwhile are committed too). */
static int shut_down(collector *c)
{
    log_line("stopping: committing %d pending messages", intake_pending(c->in));
    int64_t deadline = sysclock_mono_ms() + DRAIN_TIMEOUT_MS;
    sr_status status = intake_flush(c->in, (int64_t)time(NULL));
    while (collector_mqtt_up(c->mqtt) && collector_mqtt_unconfirmed(c->mqtt) > 0 &&
           sysclock_mono_ms() < deadline) {
        wait_and_service(c, deadline);
        if (intake_flush(c->in, (int64_t)time(NULL)) != SR_OK)
            status = SR_E_IO;
    }
    if (collector_mqtt_unconfirmed(c->mqtt) > 0)
        log_line("%d acknowledgements not confirmed by the broker; their kiosks will send "
                 "those answers again",
                 collector_mqtt_unconfirmed(c->mqtt));
    log_summary(c, true);
    return status == SR_OK ? 0 : 1;
}

static int run(collector *c)
{
    c->next_summary_ms = sysclock_mono_ms() + (int64_t)c->config.summary_seconds * 1000;
    c->next_registry_check_ms = sysclock_mono_ms() + REGISTRY_CHECK_MS;
    while (!stop_requested) {
        housekeeping(c, sysclock_mono_ms());
        wait_and_service(c, -1);
    }
    return shut_down(c);
}

/* ---- start-up ---------------------------------------------------------- */

/* Content and registry, as --check-config and the start both need them.
 * Returns an exit code (0: both good). */
static int load_inputs(collector *c)
{
    char err[1024];
    if (!(c->pack = load_content(c->config.content_dir)))
        return 2;
    if (registry_load(c->config.registry_path, &c->reg, err, sizeof err) != SR_OK) {
        log_line("[registry] path: %s", err);
        return 2;
    }
    return 0;
}

static int open_session(collector *c)
{
    char err[1024], password[PASSWORD_MAX], client_id[COLLECTOR_CONFIG_NAME_MAX + 80];
    if (collector_config_password(&c->config, password, sizeof password, err, sizeof err) !=
        SR_OK) {
        log_line("%s", err);
        return 2;
    }
    collector_config_client_id(&c->config, client_id, sizeof client_id);
    const collector_config *k = &c->config;
    collector_mqtt_options options = {
        .host = k->mqtt_host, .port = k->mqtt_port, .username = k->mqtt_username,
        .password = password, .ca_file = k->mqtt_ca_file, .cert_file = k->mqtt_cert_file,
        .key_file = k->mqtt_key_file, .client_id = client_id, .share_group = k->share_group,
        .keepalive_seconds = k->keepalive_seconds,
        .session_expiry_seconds = k->session_expiry_seconds};
    sr_status status = collector_mqtt_create(&options, on_message, c, &c->mqtt, err, sizeof err);
    memset(password, 0, sizeof password);
    if (status != SR_OK) {
        log_line("%s: %s", k->source_path, err);
        return status == SR_E_CONFIG ? 2 : 1;
    }
    fprintf(stderr, "staffroom-collector %s: broker %s:%d as %s, client id %s, %s\n",
            STAFFROOM_VERSION, k->mqtt_host, k->mqtt_port, k->mqtt_username, client_id,
            k->share_group[0] ? "shared subscription (MQTT v5)" : "plain subscription");
    return 0;
}

static int start(collector *c)
{
    char err[1024];
    int code = load_inputs(c);
    if (code)
        return code;
    if (collector_store_open(c->config.store_path, &c->store, err, sizeof err) != SR_OK) {
        log_line("[store] path: %s", err);
        return 1;
    }
    if ((code = open_session(c)) != 0)
        return code;
    intake_options options = {.batch_max = c->config.batch_max,
                              .batch_ms = c->config.batch_ms,
                              .max_message_bytes = (size_t)c->config.max_answer_bytes,
                              .dead_letter_bytes = (size_t)c->config.dead_letter_bytes};
    if (!(c->in = intake_create(&options, c->store, collector_mqtt_publish, c->mqtt))) {
        log_line("out of memory");
        return 1;
    }
    intake_set_content(c->in, c->pack);
    adopt_registry(c, c->reg);
    log_line("store %s; content pack %s", c->config.store_path, c->pack->version);
    return 0;
}

static void stop(collector *c)
{
    intake_destroy(c->in);
    collector_mqtt_destroy(c->mqtt);
    collector_store_close(c->store);
    registry_free(c->reg);
    if (c->pack)
        free_content(c->pack);
}

/* ---- the command line -------------------------------------------------- */

static int usage_error(const char *what, const char *arg)
{
    fprintf(stderr, "staffroom-collector: %s%s\n(try --help)\n", what, arg);
    return 2;
}

static int check_config(collector *c)
{
    char err[1024], password[PASSWORD_MAX];
    int code = load_inputs(c);
    if (!code && collector_config_password(&c->config, password, sizeof password, err,
                                           sizeof err) != SR_OK) {
        log_line("%s", err);
        code = 2;
    }
    if (!code)
        collector_config_print(&c->config, stdout);
    stop(c);
    return code;
}

int main(int argc, char **argv)
{
    const char *config_path = NULL;
    bool check = false, print = false;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(USAGE, stdout);
            return 0;
        } else if (!strcmp(argv[i], "--version")) {
            printf("staffroom-collector %s\n", STAFFROOM_VERSION);
            return 0;
        } else if (!strcmp(argv[i], "--check-config")) {
            check = true;
        } else if (!strcmp(argv[i], "--print-config")) {
            print = true;
        } else if (!strcmp(argv[i], "--config")) {
            if (++i == argc)
                return usage_error("--config needs a file", "");
            config_path = argv[i];
        } else {
            return usage_error("unknown argument ", argv[i]);
        }
    }
    collector c;
    memset(&c, 0, sizeof c);
    collector_config_defaults(&c.config);
    char err[2048];
    if (config_path && collector_config_load(config_path, &c.config, err, sizeof err) != SR_OK) {
        log_line("%s", err);
        return 2;
    }
    if (print) {
        collector_config_print(&c.config, stdout);
        return 0;
    }
    if (!config_path)
        return usage_error("--config FILE is required", "");
    if (check)
        return check_config(&c);
    if (!install_signals()) {
        perror("staffroom-collector: pipe");
        return 1;
    }
    mosquitto_lib_init();
    int code = start(&c);
    if (code == 0)
        code = run(&c);
    stop(&c);
    mosquitto_lib_cleanup();
    return code;
}
