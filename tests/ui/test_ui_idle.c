/* test_ui_idle.c -- idle means idle: a kiosk nobody touches draws nothing
 * and sleeps, and a touch still wakes it at once.
 *
 * The kiosk runs in-process (kiosk_app + kiosk_loop, SDL's offscreen
 * driver, real fonts, the shipped content pack) on the REAL clock for a
 * bounded time: the loop's own sleep is what is measured, so nothing here
 * sleeps. The offscreen driver is exactly the case where SDL 2 polls every
 * millisecond, like KMS/DRM on the Pi. input_wait is tested on a folder of
 * FIFOs standing in for /dev/input/event* (data in a FIFO makes it
 * readable, as a touch does an evdev node).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "config/kiosk_config.h"
#include "kiosk/kiosk_app.h"
#include "kiosk/kiosk_loop.h"
#include "platform/input_wait.h"
#include "platform/sysclock.h"
#include "testutil.h"

/* ---- the kiosk, in-process ---------------------------------------------- */

typedef struct kiosk_env {
    kiosk_config config;
    kiosk_app app;
    kiosk_loop loop;
    bool open;
} kiosk_env;

static void kiosk_env_open(kiosk_env *e, const char *name)
{
    char dir[512];
    testutil_fresh_dir(dir, sizeof dir, name);
    kiosk_config_defaults(&e->config);
    snprintf(e->config.device_id, sizeof e->config.device_id, "idle-test");
    snprintf(e->config.store_path, sizeof e->config.store_path, "%s/outbox.db", dir);
    testutil_source_path(e->config.content_dir, sizeof e->config.content_dir, "assets/content");
    snprintf(e->config.content_cache_dir, sizeof e->config.content_cache_dir, "%s/good", dir);
    snprintf(e->config.admin_pin, sizeof e->config.admin_pin, "1234");
    e->config.fullscreen = false;
    kiosk_options options = {.headless = true, .width = 800, .height = 480};
    char err[2048] = "";
    int code = kiosk_app_open(&e->app, &e->config, &options, sysclock_mono_ms(), err, sizeof err);
    if (code != 0)
        fail_msg("kiosk_app_open: %s", err);
    e->open = true;
    assert_int_equal(kiosk_loop_open(&e->loop, &e->app), SR_OK);
}

/* Also the teardown's job, so a failed assertion leaks nothing. */
static void kiosk_env_close(kiosk_env *e)
{
    if (!e->open)
        return;
    kiosk_loop_close(&e->loop);
    kiosk_app_close(&e->app);
    e->open = false;
}

static long cpu_ms(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000L +
           (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000L;
}

/* The check-in screen, nobody there, two seconds: one frame, then sleep. */
static void test_idle_checkin_neither_redraws_nor_polls(void **state)
{
    kiosk_env *e = *state;
    kiosk_env_open(e, "idle");
    assert_int_equal(e->app.flow.state, FLOW_IDLE);
    /* the loop must really sleep here, not just on a desktop */
    assert_false(e->loop.native_wait);

    int64_t start = sysclock_mono_ms();
    long cpu_start = cpu_ms();
    assert_true(kiosk_loop_run(&e->loop, start + 2000));
    int64_t elapsed = sysclock_mono_ms() - start;
    long cpu = cpu_ms() - cpu_start;

    print_message("idle 2 s: %ld redraws, %ld wake-ups, %ld ms CPU (incl. first frame)\n",
                  e->app.redraws, e->app.wakeups, cpu);
    assert_true(elapsed >= 2000 && elapsed < 4000); /* it waited, and no longer */
    assert_int_equal(e->app.redraws, 1);            /* the first frame, nothing after */
    assert_in_range(e->app.wakeups, 1, 3);
    /* Polling every millisecond (SDL's own wait here) costs far more than
     * this; a real sleep costs the first frame only. */
    assert_true(cpu < 500);
    kiosk_env_close(e);
}

/* A long press on the admin corner: the loop sleeps until the hold is long
 * enough, and the PIN pad appears while the finger is still down. */
static void test_corner_hold_wakes_the_loop_at_the_hold_time(void **state)
{
    kiosk_env *e = *state;
    kiosk_env_open(e, "hold");
    /* past the settle time after the screen appeared (ui_pointer.h) */
    assert_true(kiosk_loop_run(&e->loop, sysclock_mono_ms() + UI_POINTER_SETTLE_MS + 50));
    long wakeups_before = e->app.wakeups;
    const ui_target *corner = ui_frame_find(e->app.frame, "admin-corner");
    assert_non_null(corner);
    SDL_Event down = {.type = SDL_FINGERDOWN};
    down.tfinger.touchId = 1;
    down.tfinger.fingerId = 7;
    down.tfinger.x = (float)(corner->rect.x + corner->rect.w / 2) / (float)e->app.display->width;
    down.tfinger.y = (float)(corner->rect.y + corner->rect.h / 2) / (float)e->app.display->height;
    assert_int_equal(SDL_PushEvent(&down), 1);

    int64_t hold_ms = e->app.flow_config.admin_hold_ms;
    int64_t until = sysclock_mono_ms() + hold_ms + 500;
    while (e->app.flow.state != FLOW_ADMIN_PIN && sysclock_mono_ms() < until)
        assert_true(kiosk_loop_step(&e->loop, until));
    /* app.now: the tick that opened it; down_at: when the finger landed */
    int64_t opened_after = e->app.now - e->app.pointer.down_at;
    long wakeups = e->app.wakeups - wakeups_before;

    print_message("PIN pad after %lld ms of holding (hold time %lld ms), %ld wake-ups\n",
                  (long long)opened_after, (long long)hold_ms, wakeups);
    assert_int_equal(e->app.flow.state, FLOW_ADMIN_PIN);
    assert_true(e->app.finger_down); /* nobody has lifted the finger */
    assert_true(opened_after >= hold_ms && opened_after < hold_ms + 200);
    assert_in_range(wakeups, 1, 3);
    kiosk_env_close(e);
}

/* ---- input_wait on stand-in devices --------------------------------------- */

typedef struct fifo_dir {
    char dir[512];
    char path[600];
    int writer; /* keeps the FIFO open for writing: no hang-up */
} fifo_dir;

static void fifo_dir_make(fifo_dir *f, const char *name)
{
    testutil_fresh_dir(f->dir, sizeof f->dir, name);
    snprintf(f->path, sizeof f->path, "%s/event0", f->dir);
    assert_int_equal(mkfifo(f->path, 0600), 0);
    f->writer = -1;
}

static void fifo_dir_connect(fifo_dir *f)
{
    /* O_RDWR would also work; a writer-only open needs a reader: input_wait
     * has opened it already. */
    f->writer = open(f->path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    assert_true(f->writer >= 0);
}

static int64_t timed_wait(input_waiter *iw, int timeout_ms, int *result)
{
    int64_t t0 = sysclock_mono_ms();
    *result = input_wait(iw, timeout_ms);
    return sysclock_mono_ms() - t0;
}

static void test_input_wakes_at_once_and_is_drained(void **state)
{
    (void)state;
    fifo_dir f;
    fifo_dir_make(&f, "wake");
    input_waiter *iw = input_wait_open(f.dir);
    assert_non_null(iw);
    assert_int_equal(input_wait_device_count(iw), 1);
    fifo_dir_connect(&f);

    int result = -1;
    /* a touch (bytes on the device) ends a 10-second wait at once */
    assert_int_equal(write(f.writer, "touch-down+up", 13), 13);
    int64_t took = timed_wait(iw, 10000, &result);
    assert_int_equal(result, 1);
    assert_true(took < 200);
    /* ... and was read away: the next wait is a real one, not a spin */
    took = timed_wait(iw, 100, &result);
    assert_int_equal(result, 0);
    assert_true(took >= 100);

    /* the device goes away (hang-up): it is closed, not spun on */
    close(f.writer);
    took = timed_wait(iw, 1000, &result);
    assert_true(took < 200);
    assert_int_equal(input_wait_device_count(iw), 0);
    took = timed_wait(iw, 100, &result);
    assert_int_equal(result, 0);
    assert_true(took >= 100);
    input_wait_close(iw);
}

typedef struct count_goal {
    input_waiter *iw;
    int want;
} count_goal;

static bool device_count_reached(void *arg)
{
    count_goal *g = arg;
    input_wait(g->iw, 50); /* the waits themselves notice the new node */
    return input_wait_device_count(g->iw) == g->want;
}

static void test_hotplugged_device_is_picked_up(void **state)
{
    (void)state;
    fifo_dir f;
    fifo_dir_make(&f, "hotplug");
    input_waiter *iw = input_wait_open(f.dir);
    assert_non_null(iw);
    assert_int_equal(input_wait_device_count(iw), 1);

    char second[600];
    snprintf(second, sizeof second, "%s/event1", f.dir);
    assert_int_equal(mkfifo(second, 0600), 0);
    count_goal goal = {iw, 2};
    /* inotify sees it at once; without inotify a rescan is due in 5 s */
    assert_true(testutil_wait_until(device_count_reached, &goal, INPUT_WAIT_RESCAN_MS + 2000));

    /* a wake fd (the SIGHUP self-pipe) also ends a wait */
    int pipe_fds[2];
    assert_int_equal(pipe(pipe_fds), 0);
    assert_true(input_wait_add_wake_fd(iw, pipe_fds[0]));
    assert_int_equal(write(pipe_fds[1], "h", 1), 1);
    int result = -1;
    assert_true(timed_wait(iw, 10000, &result) < 200);
    assert_int_equal(result, 0); /* not input: the pipe's owner drains it */
    close(pipe_fds[0]);
    close(pipe_fds[1]);
    input_wait_close(iw);
}

static void test_no_devices_means_a_plain_timeout(void **state)
{
    (void)state;
    char dir[512];
    testutil_path(dir, sizeof dir, "no-such-input-folder");
    input_waiter *iw = input_wait_open(dir);
    assert_non_null(iw);
    assert_int_equal(input_wait_device_count(iw), 0);
    int result = -1;
    int64_t took = timed_wait(iw, 150, &result);
    assert_int_equal(result, 0);
    assert_true(took >= 150 && took < 1000);
    input_wait_close(iw);
    input_wait_close(NULL);
}

static int env_setup(void **state)
{
    *state = calloc(1, sizeof(kiosk_env));
    return *state ? 0 : -1;
}

static int env_teardown(void **state)
{
    kiosk_env_close(*state);
    free(*state);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_idle_checkin_neither_redraws_nor_polls, env_setup,
                                        env_teardown),
        cmocka_unit_test_setup_teardown(test_corner_hold_wakes_the_loop_at_the_hold_time,
                                        env_setup, env_teardown),
        cmocka_unit_test(test_input_wakes_at_once_and_is_drained),
        cmocka_unit_test(test_hotplugged_device_is_picked_up),
        cmocka_unit_test(test_no_devices_means_a_plain_timeout),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
