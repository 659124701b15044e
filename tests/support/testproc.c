/* testproc.c -- child processes for tests; see testproc.h. */
#define _GNU_SOURCE
#include "testproc.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"

#define RUNNING (-1000)

const char *testproc_program(const char *name)
{
    static char path[4096];
    char self[3000];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0) {
        perror("/proc/self/exe");
        abort();
    }
    self[n] = '\0';
    for (char *slash = strrchr(self, '/'); slash; slash = strrchr(self, '/')) {
        *slash = '\0';
        snprintf(path, sizeof path, "%s/bin/%s", self, name);
        if (access(path, X_OK) == 0)
            return path;
    }
    fprintf(stderr, "testproc: %s is not built (no bin/%s above this program)\n", name, name);
    abort();
}

bool testproc_start(testproc *p, const char *const argv[], const char *log_path)
{
    p->pid = 0;
    p->status = 0;
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0)
        return false;
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL); /* die with the test program */
        if (getppid() != parent)
            _exit(127);
        if (log_path) {
            int fd = open(log_path, O_WRONLY | O_CREAT | O_APPEND, 0600);
            if (fd >= 0) {
                dup2(fd, STDOUT_FILENO);
                dup2(fd, STDERR_FILENO);
                close(fd);
            }
        }
        execvp(argv[0], (char *const *)argv);
        char sbin[256];
        snprintf(sbin, sizeof sbin, "/usr/sbin/%s", argv[0]); /* mosquitto: not on a user's $PATH */
        execv(sbin, (char *const *)argv);
        fprintf(stderr, "testproc: cannot run %s\n", argv[0]);
        _exit(127);
    }
    p->pid = pid;
    return true;
}

bool testproc_exited(testproc *p)
{
    if (p->pid <= 0)
        return true;
    int status;
    pid_t r = waitpid(p->pid, &status, WNOHANG);
    if (r == p->pid || (r < 0 && errno == ECHILD)) {
        p->status = r == p->pid ? status : 0;
        p->pid = 0;
        return true;
    }
    return false;
}

static bool exited(void *arg)
{
    return testproc_exited(arg);
}

bool testproc_wait(testproc *p, int timeout_ms)
{
    return testutil_wait_until(exited, p, timeout_ms);
}

int testproc_exit_code(const testproc *p)
{
    if (p->pid > 0)
        return RUNNING;
    if (WIFEXITED(p->status))
        return WEXITSTATUS(p->status);
    if (WIFSIGNALED(p->status))
        return -WTERMSIG(p->status);
    return RUNNING;
}

int testproc_end(testproc *p, int sig, int timeout_ms)
{
    if (p->pid > 0)
        kill(p->pid, sig);
    if (!testproc_wait(p, timeout_ms)) {
        kill(p->pid, SIGKILL);
        int status = SIGKILL; /* as waitpid reports a SIGKILL */
        while (waitpid(p->pid, &status, 0) < 0 && errno == EINTR)
            ;
        p->pid = 0;
        p->status = status;
    }
    return testproc_exit_code(p);
}

int testproc_run(const char *const argv[], const char *log_path, int timeout_ms)
{
    testproc p;
    if (!testproc_start(&p, argv, log_path))
        return -1;
    if (!testproc_wait(&p, timeout_ms))
        return testproc_end(&p, SIGKILL, timeout_ms);
    return testproc_exit_code(&p);
}
