/* broker.c -- a real mosquitto for the tests; see broker.h.
 *
 * The broker runs the shipped configuration (tools/broker/mosquitto.conf.in
 * with its words filled in) so the tests check the file estates get, not a
 * test-only variant. Its folder holds everything: the config, the ACL copy,
 * the password file (made by mosquitto_passwd -U), TLS material (made by the
 * openssl command), the persistence database, its log and its stderr.
 *
 * Start-up never sleeps: the child is started, then the test waits, with a
 * deadline, until a TCP connect to the port succeeds -- or until the child
 * has exited, which is how a port taken between choosing and binding shows
 * (mosquitto cannot bind and exits), and then another port is tried.
 *
 * The processes are testproc.h's: they die with the test program, so a
 * test that fails half-way never leaves a broker behind.
 */
#define _GNU_SOURCE
#include "broker.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <setjmp.h>
#include <cmocka.h>

#include "testproc.h"
#include "testutil.h"

#define BROKER_DIR_MAX 512     /* the folder; file paths inside it fit BROKER_PATH_MAX */
#define BROKER_PATH_MAX 1024
#define BROKER_START_MS 15000  /* mosquitto starts in milliseconds; generous under ASan load */
#define BROKER_STOP_MS 30000   /* SIGTERM writes the whole database first */
#define BROKER_PORT_TRIES 8

struct broker {
    char dir[BROKER_DIR_MAX];
    char conf[BROKER_PATH_MAX];
    char ca[BROKER_PATH_MAX];
    char wrong_ca[BROKER_PATH_MAX];
    char password_path[BROKER_PATH_MAX];
    int port;
    testproc proc;      /* mosquitto; proc.pid 0 when not running */
    bool tls;
};

/* ---- small helpers -------------------------------------------------------- */

static void path_in(char *out, const broker *b, const char *name)
{
    snprintf(out, BROKER_PATH_MAX, "%s/%s", b->dir, name);
}

static bool run_program(const char *const argv[], const char *log)
{
    return testproc_run(argv, log, BROKER_START_MS) == 0;
}

static char *read_whole_file(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    int c;
    while (out && (c = fgetc(f)) != EOF)
        fputc(c, out);
    fclose(f);
    if (out)
        fclose(out);
    return text;
}

static bool copy_file(const char *from, const char *to)
{
    char *text = read_whole_file(from);
    bool ok = text && testutil_write_file(to, text);
    free(text);
    return ok;
}

/* ---- configuration ----------------------------------------------------------- */

/* Appends line to out with @PORT@, @DIR@ and @USER@ replaced. */
static void expand_line(FILE *out, const char *line, const broker *b)
{
    const struct passwd *pw = getpwuid(getuid());
    const char *user = pw ? pw->pw_name : "root";
    char port[16];
    snprintf(port, sizeof port, "%d", b->port);
    const char *words[][2] = {{"@PORT@", port}, {"@DIR@", b->dir}, {"@USER@", user}};
    while (*line) {
        bool replaced = false;
        for (size_t i = 0; i < sizeof words / sizeof words[0] && !replaced; i++) {
            size_t n = strlen(words[i][0]);
            if (strncmp(line, words[i][0], n) == 0) {
                fputs(words[i][1], out);
                line += n;
                replaced = true;
            }
        }
        if (!replaced)
            fputc(*line++, out);
    }
}

/* The shipped template with its words filled in; "@TLS@" lines kept (without
 * the mark) for a TLS broker, dropped otherwise. */
static bool write_config(const broker *b)
{
    char template_path[BROKER_PATH_MAX];
    testutil_source_path(template_path, sizeof template_path, "tools/broker/mosquitto.conf.in");
    char *template_text = read_whole_file(template_path);
    FILE *out = fopen(b->conf, "w");
    bool ok = template_text && out;
    for (char *line = template_text; ok && line && *line;) {
        char *end = strchr(line, '\n');
        if (end)
            *end = '\0';
        const char *mark = "@TLS@";
        if (strncmp(line, mark, strlen(mark)) != 0)
            expand_line(out, line, b);
        else if (b->tls)
            expand_line(out, line + strlen(mark), b);
        if (strncmp(line, mark, strlen(mark)) != 0 || b->tls)
            fputc('\n', out);
        line = end ? end + 1 : NULL;
    }
    if (out && fclose(out) != 0)
        ok = false;
    free(template_text);
    return ok;
}

/* Every service account and every kiosk named, password "pw-<user>", hashed
 * in place by mosquitto_passwd -U (one process for all users). */
static bool write_passwords(const broker *b, const broker_options *options)
{
    char path[BROKER_PATH_MAX], log[BROKER_PATH_MAX];
    path_in(path, b, "passwd");
    path_in(log, b, "setup.log");
    FILE *f = fopen(path, "w");
    if (!f)
        return false;
    const char *services[] = {BROKER_COLLECTOR_USER, BROKER_FLEET_USER, BROKER_CONTENT_USER};
    for (size_t i = 0; i < sizeof services / sizeof services[0]; i++)
        fprintf(f, "%s:pw-%s\n", services[i], services[i]);
    for (int i = 0; options && i < options->n_kiosks; i++)
        fprintf(f, "%s:pw-%s\n", options->kiosks[i], options->kiosks[i]);
    if (fclose(f) != 0 || chmod(path, 0600) != 0)
        return false;
    const char *argv[] = {"mosquitto_passwd", "-U", path, NULL};
    return run_program(argv, log);
}

/* ---- TLS material -------------------------------------------------------------- */

/* A self-signed CA: key and certificate in dir as NAME.key / NAME.crt. */
static bool make_ca(const char *dir, const char *name, const char *common_name, const char *log)
{
    char key[BROKER_PATH_MAX], crt[BROKER_PATH_MAX], subject[256];
    snprintf(key, sizeof key, "%s/%s.key", dir, name);
    snprintf(crt, sizeof crt, "%s/%s.crt", dir, name);
    snprintf(subject, sizeof subject, "/CN=%s", common_name);
    const char *argv[] = {"openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                          "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key,
                          "-out", crt, "-days", "30", "-subj", subject, NULL};
    return run_program(argv, log);
}

/* The test CA, a server certificate for 127.0.0.1 (IP subject alternative
 * name: what the client checks) signed by it, and an unrelated "wrong" CA. */
static bool make_tls(broker *b)
{
    char dir[BROKER_DIR_MAX + 8], log[BROKER_PATH_MAX], key[BROKER_PATH_MAX], csr[BROKER_PATH_MAX];
    char crt[BROKER_PATH_MAX], ca_key[BROKER_PATH_MAX], ext[BROKER_PATH_MAX];
    snprintf(dir, sizeof dir, "%s/tls", b->dir);
    path_in(log, b, "setup.log");
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        return false;
    snprintf(key, sizeof key, "%s/server.key", dir);
    snprintf(csr, sizeof csr, "%s/server.csr", dir);
    snprintf(crt, sizeof crt, "%s/server.crt", dir);
    snprintf(ca_key, sizeof ca_key, "%s/ca.key", dir);
    snprintf(ext, sizeof ext, "%s/server.ext", dir);
    snprintf(b->ca, sizeof b->ca, "%s/ca.crt", dir);
    snprintf(b->wrong_ca, sizeof b->wrong_ca, "%s/wrong-ca.crt", dir);
    if (!make_ca(dir, "ca", "Staffroom test CA", log) ||
        !make_ca(dir, "wrong-ca", "Unrelated test CA", log) ||
        !testutil_write_file(ext, "subjectAltName=IP:127.0.0.1\n"))
        return false;
    const char *request[] = {"openssl", "req", "-new", "-newkey", "ec", "-pkeyopt",
                             "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key,
                             "-out", csr, "-subj", "/CN=127.0.0.1", NULL};
    const char *sign[] = {"openssl", "x509", "-req", "-in", csr, "-CA", b->ca, "-CAkey", ca_key,
                          "-CAcreateserial", "-out", crt, "-days", "30", "-extfile", ext, NULL};
    return run_program(request, log) && run_program(sign, log);
}

/* ---- the process ------------------------------------------------------------------ */

/* A port that was free a moment ago (the kernel's choice for port 0). */
static int free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = 0};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    int port = -1;
    if (fd >= 0 && bind(fd, (struct sockaddr *)&addr, sizeof addr) == 0 &&
        getsockname(fd, (struct sockaddr *)&addr, &len) == 0)
        port = ntohs(addr.sin_port);
    if (fd >= 0)
        close(fd);
    return port;
}

static bool spawn(broker *b)
{
    char log[BROKER_PATH_MAX];
    path_in(log, b, "mosquitto.stderr");
    const char *argv[] = {"mosquitto", "-c", b->conf, NULL};
    return testproc_start(&b->proc, argv, log);
}

static bool child_gone(broker *b)
{
    return testproc_exited(&b->proc);
}

static bool port_accepts(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bool ok = fd >= 0 && connect(fd, (struct sockaddr *)&addr, sizeof addr) == 0;
    if (fd >= 0)
        close(fd);
    return ok;
}

static bool up_or_gone(void *arg)
{
    broker *b = arg;
    return child_gone(b) || port_accepts(b->port);
}

/* Starts mosquitto on b->port; true once it accepts connections. */
static bool launch(broker *b)
{
    if (!write_config(b) || !spawn(b))
        return false;
    testutil_wait_until(up_or_gone, b, BROKER_START_MS);
    return !child_gone(b) && port_accepts(b->port);
}

static void fail_with_log(const broker *b, const char *what)
{
    char log[BROKER_PATH_MAX];
    path_in(log, b, "mosquitto.stderr");
    char *text = read_whole_file(log);
    fprintf(stderr, "broker: %s (folder %s)\n%s\n", what, b->dir, text ? text : "");
    free(text);
    fail_msg("broker: %s", what);
}

/* ---- broker.h ------------------------------------------------------------------ */

broker *broker_start(const char *name, const broker_options *options)
{
    broker *b = calloc(1, sizeof *b);
    assert_non_null(b);
    char folder[256];
    snprintf(folder, sizeof folder, "broker-%s", name);
    testutil_fresh_dir(b->dir, sizeof b->dir, folder);
    path_in(b->conf, b, "mosquitto.conf");
    b->tls = options && options->tls;

    char from[BROKER_PATH_MAX], to[BROKER_PATH_MAX];
    testutil_source_path(from, sizeof from, "tools/broker/staffroom.acl");
    path_in(to, b, "staffroom.acl");
    if (!copy_file(from, to))
        fail_with_log(b, "cannot copy tools/broker/staffroom.acl");
    if (!write_passwords(b, options))
        fail_with_log(b, "mosquitto_passwd failed (see setup.log)");
    if (b->tls && !make_tls(b))
        fail_with_log(b, "openssl could not make the test certificates (see setup.log)");

    for (int attempt = 0; attempt < BROKER_PORT_TRIES; attempt++) {
        b->port = free_port();
        if (b->port > 0 && launch(b))
            return b;
        testproc_end(&b->proc, SIGKILL, BROKER_STOP_MS); /* up but not accepting in time */
    }
    fail_with_log(b, "mosquitto did not start");
    return NULL;
}

int broker_port(const broker *b)
{
    return b->port;
}

const char *broker_dir(const broker *b)
{
    return b->dir;
}

const char *broker_ca_file(const broker *b)
{
    return b->tls ? b->ca : NULL;
}

const char *broker_wrong_ca_file(const broker *b)
{
    return b->tls ? b->wrong_ca : NULL;
}

int broker_pid(const broker *b)
{
    return (int)b->proc.pid;
}

const char *broker_password_file(broker *b, const char *user)
{
    char password[300];
    snprintf(b->password_path, sizeof b->password_path, "%s/%s.password", b->dir, user);
    snprintf(password, sizeof password, "pw-%s\n", user);
    int fd = open(b->password_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, password, strlen(password)), (ssize_t)strlen(password));
    close(fd);
    return b->password_path;
}

/* Sends sig and waits (with a deadline) for the process to end. */
static void end_process(broker *b, int sig)
{
    if (b->proc.pid <= 0)
        return;
    if (testproc_end(&b->proc, sig, BROKER_STOP_MS) == -SIGKILL && sig != SIGKILL)
        fail_with_log(b, "mosquitto did not stop on SIGTERM");
}

void broker_kill(broker *b)
{
    end_process(b, SIGKILL);
}

void broker_shutdown(broker *b)
{
    end_process(b, SIGTERM);
}

void broker_restart(broker *b)
{
    if (!child_gone(b))
        fail_msg("broker_restart: mosquitto is still running");
    if (!launch(b))
        fail_with_log(b, "mosquitto did not start again on its port");
}

void broker_stop(broker *b)
{
    if (!b)
        return;
    end_process(b, SIGTERM);
    free(b);
}
