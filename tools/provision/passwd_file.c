/* passwd_file.c -- the broker's password file, through mosquitto_passwd
 * (see passwd_file.h).
 *
 * mosquitto_passwd reads a password from standard input when that is not a
 * terminal ("Password:" and "Reenter password:", one line each), so the
 * child gets a pipe with the password written twice, /dev/null for its
 * prompts and a pipe for its error messages, which become ours.
 */
#define _DEFAULT_SOURCE /* fchmod */
#include "passwd_file.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define PASSWD_TOOL "mosquitto_passwd"
#define PASSWD_EXIT_NO_TOOL 127

sr_status passwd_file_has(const char *path, const char *user, bool *found, char *err,
                          size_t err_size)
{
    *found = false;
    FILE *f = fopen(path, "r");
    if (!f) {
        if (errno == ENOENT)
            return SR_OK;
        snprintf(err, err_size, "%s: cannot read: %s", path, strerror(errno));
        return SR_E_IO;
    }
    char line[1024];
    size_t len = strlen(user);
    while (fgets(line, sizeof line, f))
        if (strncmp(line, user, len) == 0 && line[len] == ':')
            *found = true;
    fclose(f);
    return SR_OK;
}

/* The child's side: wires the pipes and becomes mosquitto_passwd. */
static void exec_tool(char *const argv[], int in_fd, int err_fd)
{
    int null_fd = open("/dev/null", O_WRONLY);
    if (dup2(in_fd, STDIN_FILENO) < 0 || null_fd < 0 || dup2(null_fd, STDOUT_FILENO) < 0 ||
        dup2(err_fd, STDERR_FILENO) < 0)
        _exit(PASSWD_EXIT_NO_TOOL);
    execvp(argv[0], argv);
    dprintf(STDERR_FILENO, "cannot run %s: %s (install the mosquitto package)", argv[0],
            strerror(errno));
    _exit(PASSWD_EXIT_NO_TOOL);
}

/* Reads the child's error messages into err, one line, trimmed. */
static void read_messages(int fd, char *err, size_t err_size)
{
    char buf[1024];
    size_t n = 0;
    for (;;) {
        ssize_t got = read(fd, buf + n, sizeof buf - 1 - n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        n += (size_t)got;
        if (n == sizeof buf - 1)
            break;
    }
    buf[n] = 0;
    for (char *p = buf; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    while (n > 0 && buf[n - 1] == ' ')
        buf[--n] = 0;
    snprintf(err, err_size, "%s", buf);
}

/* Runs mosquitto_passwd with argv, feeding it input (may be NULL). Its
 * exit status is returned in *exit_code; its messages land in err. */
static sr_status run_tool(char *const argv[], const char *input, int *exit_code, char *err,
                          size_t err_size)
{
    int in[2] = {-1, -1}, msg[2] = {-1, -1};
    if (pipe(in) != 0 || pipe(msg) != 0)
        goto fail;
    pid_t pid = fork();
    if (pid < 0)
        goto fail;
    if (pid == 0) {
        close(in[1]);
        close(msg[0]);
        exec_tool(argv, in[0], msg[1]);
    }
    close(in[0]);
    close(msg[1]);
    /* A child that exits before reading must not kill us with SIGPIPE. */
    struct sigaction ignore = {.sa_handler = SIG_IGN}, old;
    sigaction(SIGPIPE, &ignore, &old);
    /* A short write is the child's business: its exit status says. */
    for (size_t done = 0, len = input ? strlen(input) : 0; done < len;) {
        ssize_t n = write(in[1], input + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        done += (size_t)n;
    }
    close(in[1]);
    sigaction(SIGPIPE, &old, NULL);
    read_messages(msg[0], err, err_size);
    close(msg[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return SR_E_IO;
    *exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return SR_OK;
fail:
    snprintf(err, err_size, "cannot start %s: %s", argv[0], strerror(errno));
    for (int i = 0; i < 2; i++) {
        if (in[i] >= 0)
            close(in[i]);
        if (msg[i] >= 0)
            close(msg[i]);
    }
    return SR_E_IO;
}

/* mosquitto_passwd -b/-D want an existing file; -c would replace one. */
static sr_status ensure_file(const char *path, char *err, size_t err_size)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0640);
    if (fd < 0) {
        snprintf(err, err_size, "%s: cannot create: %s", path, strerror(errno));
        return SR_E_IO;
    }
    close(fd);
    return SR_OK;
}

static sr_status finish(const char *path, const char *doing, sr_status status, int exit_code,
                        char *err, size_t err_size)
{
    if (status != SR_OK)
        return status;
    if (exit_code == 0)
        return SR_OK;
    char words[512];
    snprintf(words, sizeof words, "%s", err[0] ? err : "no message");
    snprintf(err, err_size, "%s: %s failed (%s exit %d): %s", path, doing, PASSWD_TOOL, exit_code,
             words);
    return exit_code == PASSWD_EXIT_NO_TOOL ? SR_E_NOTFOUND : SR_E_IO;
}

sr_status passwd_file_set(const char *path, const char *user, const char *password, char *err,
                          size_t err_size)
{
    sr_status status = ensure_file(path, err, err_size);
    if (status != SR_OK)
        return status;
    if (strchr(password, '\n') || strchr(user, ':')) {
        snprintf(err, err_size, "%s: user names may not hold ':', passwords not a newline", path);
        return SR_E_INVALID;
    }
    char input[512];
    snprintf(input, sizeof input, "%s\n%s\n", password, password);
    char *argv[] = {PASSWD_TOOL, (char *)path, (char *)user, NULL};
    int exit_code = 0;
    err[0] = 0;
    status = run_tool(argv, input, &exit_code, err, err_size);
    explicit_bzero(input, sizeof input);
    return finish(path, "adding a user", status, exit_code, err, err_size);
}

sr_status passwd_file_remove(const char *path, const char *user, char *err, size_t err_size)
{
    bool found = false;
    sr_status status = passwd_file_has(path, user, &found, err, err_size);
    if (status != SR_OK)
        return status;
    if (!found) {
        snprintf(err, err_size, "%s: no user %s", path, user);
        return SR_E_NOTFOUND;
    }
    char *argv[] = {PASSWD_TOOL, "-D", (char *)path, (char *)user, NULL};
    int exit_code = 0;
    err[0] = 0;
    status = run_tool(argv, NULL, &exit_code, err, err_size);
    return finish(path, "removing a user", status, exit_code, err, err_size);
}
