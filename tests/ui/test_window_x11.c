/* test_window_x11.c -- the kiosk as a desktop window, clicked by a real X
 * server's mouse: the built staffroom-kiosk (this build's, so the sanitizer
 * build tests the sanitized program) runs windowed on an Xvfb server of its
 * own, and xdotool moves and clicks the pointer the way a person would. This
 * is the path `make run` takes on a desktop, and the one where SDL blocks in
 * SDL_WaitEventTimeout for real.
 *
 * The window's title names the screen ("Staffroom - followup"), so the test
 * waits on that, with a deadline, instead of sleeping. Clicks are repeated
 * until the screen changes: the kiosk ignores a press that comes within
 * 350 ms of a screen change (its double-tap guard), so the repeats also
 * prove that a burst of clicks records exactly one answer.
 *
 * Where to click comes from the same layout code in this process (offscreen
 * driver, same size, same fonts, same content), not from coordinates typed
 * into the test.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "kiosk_harness.h"
#include "testutil.h"

#define DEADLINE_MS 15000

typedef struct xserver {
    pid_t pid;
    int display;
} xserver;

typedef struct click_target {
    int x, y;
} click_target;

static void require_tool(const char *path, const char *package)
{
    if (access(path, X_OK) != 0)
        fail_msg("%s is missing: install Debian's %s (tools/setup-deps.sh does)", path, package);
}

/* Starts Xvfb on a free display of its choosing (-displayfd): it writes the
 * display number to our pipe once it accepts connections. */
static void xserver_start(xserver *x, int width, int height)
{
    require_tool("/usr/bin/Xvfb", "xvfb");
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    char fd_text[16], screen[32];
    snprintf(fd_text, sizeof fd_text, "%d", fds[1]);
    snprintf(screen, sizeof screen, "%dx%dx24", width, height);
    x->pid = fork();
    assert_true(x->pid >= 0);
    if (x->pid == 0) {
        close(fds[0]);
        int devnull = open("/dev/null", O_WRONLY);
        dup2(devnull, STDOUT_FILENO);
        dup2(devnull, STDERR_FILENO);
        execl("/usr/bin/Xvfb", "Xvfb", "-displayfd", fd_text, "-screen", "0", screen,
              "-nolisten", "tcp", "-noreset", (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    char buf[32] = "";
    size_t used = 0;
    int64_t deadline = testutil_now_ms() + DEADLINE_MS;
    while (!strchr(buf, '\n') && used < sizeof buf - 1) {
        struct pollfd p = {fds[0], POLLIN, 0};
        int left = (int)(deadline - testutil_now_ms());
        assert_true(left > 0 && poll(&p, 1, left) == 1);
        ssize_t n = read(fds[0], buf + used, sizeof buf - 1 - used);
        assert_true(n > 0);
        used += (size_t)n;
        buf[used] = '\0';
    }
    close(fds[0]);
    x->display = atoi(buf);
}

static void xserver_stop(xserver *x)
{
    if (x->pid > 0) {
        kill(x->pid, SIGTERM);
        waitpid(x->pid, NULL, 0);
        x->pid = 0;
    }
}

/* Runs an xdotool command on our display; true when it exits 0. */
static bool xdotool(const xserver *x, const char *fmt, ...)
{
    char args[512], cmd[700];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(args, sizeof args, fmt, ap);
    va_end(ap);
    snprintf(cmd, sizeof cmd, "DISPLAY=:%d xdotool %s >/dev/null 2>&1", x->display, args);
    int status = system(cmd);
    return status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

typedef struct title_wait {
    const xserver *x;
    const char *screen;       /* wait for "Staffroom - <screen>" */
    const click_target *click;/* click here between looks (may be NULL) */
} title_wait;

static bool title_shows(void *arg)
{
    const title_wait *w = arg;
    if (xdotool(w->x, "search --name '^Staffroom - %s$'", w->screen))
        return true;
    if (w->click)
        xdotool(w->x, "mousemove %d %d click 1", w->click->x, w->click->y);
    return false;
}

static void wait_for_screen(const xserver *x, const char *screen, const click_target *click)
{
    title_wait w = {x, screen, click};
    if (!testutil_wait_until(title_shows, &w, DEADLINE_MS))
        fail_msg("the kiosk window never showed screen '%s'", screen);
}

static pid_t kiosk_start(const xserver *x, const char *ini)
{
    const char *program = testutil_build_program("staffroom-kiosk");
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        char display[32];
        snprintf(display, sizeof display, ":%d", x->display);
        setenv("DISPLAY", display, 1);
        setenv("SDL_VIDEODRIVER", "x11", 1);
        /* Under the sanitizer build: SDL's X11 path loads libdbus and X input
         * method modules whose allocations LeakSanitizer reports at exit
         * (not ours; the frames are in libdbus and unloaded modules). Our
         * own code's leaks are checked by every headless test. */
        const char *asan = getenv("ASAN_OPTIONS");
        char options[512];
        snprintf(options, sizeof options, "%s%sdetect_leaks=0", asan ? asan : "",
                 asan && *asan ? ":" : "");
        setenv("ASAN_OPTIONS", options, 1);
        execl(program, "staffroom-kiosk", "--config", ini, "--size", "800x480",
              (char *)NULL);
        _exit(127);
    }
    return pid;
}

typedef struct child_wait {
    pid_t pid;
    int status;
} child_wait;

static bool child_exited(void *arg)
{
    child_wait *c = arg;
    return waitpid(c->pid, &c->status, WNOHANG) == c->pid;
}

static void write_ini(const kiosk_harness *h, char *path, size_t size)
{
    snprintf(path, size, "%s/window.ini", h->dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "[device]\nid = window-test\n[store]\npath = %s\n[content]\ndir = %s\n"
               "cache_dir = %s\n[ui]\nsize = 800x480\nfullscreen = false\n",
            h->config.store_path, h->config.content_dir, h->config.content_cache_dir);
    assert_int_equal(fclose(f), 0);
}

/* Where mood-2 is on the check-in screen and done on the first follow-up,
 * from the kiosk's own layout in this process. Stores nothing. */
static void find_targets(kiosk_harness *h, click_target *mood, click_target *done)
{
    kiosk_harness_open(h);
    kiosk_harness_centre(h, "mood-2", &mood->x, &mood->y);
    kiosk_harness_mouse_tap(h, "mood-2", 1000);
    assert_string_equal(kiosk_harness_screen(h), "followup");
    kiosk_harness_centre(h, "done", &done->x, &done->y);
    kiosk_harness_close(h);
}

static void test_two_clicks_in_a_real_window_store_one_answer(void **state)
{
    (void)state;
    require_tool("/usr/bin/xdotool", "xdotool");
    kiosk_harness h;
    kiosk_harness_config(&h, "window");
    click_target mood, done;
    find_targets(&h, &mood, &done);
    char ini[1024];
    write_ini(&h, ini, sizeof ini);

    xserver x = {0};
    xserver_start(&x, 800, 480); /* the window fills the screen: no offset */
    pid_t kiosk = kiosk_start(&x, ini);
    wait_for_screen(&x, "idle", NULL);
    wait_for_screen(&x, "followup", &mood); /* click the face until it answers */
    wait_for_screen(&x, "thanks", &done);   /* then "done" */

    child_wait child = {kiosk, 0};
    kill(kiosk, SIGTERM);
    bool exited = testutil_wait_until(child_exited, &child, DEADLINE_MS);
    if (!exited)
        kill(kiosk, SIGKILL);
    xserver_stop(&x);
    assert_true(exited);
    assert_true(WIFEXITED(child.status));
    assert_int_equal(WEXITSTATUS(child.status), 0); /* SIGTERM is a clean stop */

    kiosk_harness_open(&h);
    cJSON *answers[KIOSK_HARNESS_MAX_ANSWERS];
    int n = kiosk_harness_answers(&h, answers);
    assert_int_equal(n, 1); /* however many clicks landed, one answer */
    assert_int_equal(cJSON_GetObjectItemCaseSensitive(answers[0], "score")->valueint, 2);
    char chosen[256];
    kiosk_harness_chosen(answers[0], "affected", chosen, sizeof chosen);
    assert_string_equal(chosen, ""); /* repeated clicks chose no chip */
    kiosk_harness_answers_free(answers, n);
    kiosk_harness_close(&h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_clicks_in_a_real_window_store_one_answer),
    };
    return cmocka_run_group_tests_name("window_x11", tests, NULL, NULL);
}
