/* bench_ui.c -- what the touchscreen costs, each figure next to a baseline
 * measured in the same run, as a ratio:
 *
 *   render   build + draw + present one frame of each screen (software
 *            renderer, 800x480, SDL's offscreen driver) against a clear plus
 *            as many pre-rasterised SDL_ttf labels (SDL_RenderCopy) as the
 *            screen has texts -- the least any text UI has to do
 *   idle     the kiosk's real loop (kiosk_loop) on the idle check-in screen
 *            against a bare SDL_WaitEventTimeout(1000) loop; wake-ups are
 *            counted by the kernel (the thread's voluntary context switches)
 *            as well as by the loop
 *   start    fork+exec to the first frame presented: the kiosk against a
 *            bare SDL+TTF program (init, renderer, one label, present). Both
 *            are this program re-executed with an argument, so both pay the
 *            same process start and dynamic linking
 *   memory   peak RSS (wait4) of the real staffroom-kiosk touring every
 *            screen by script, against the bare SDL+TTF program
 *
 * Sides alternate in rounds so a noisy neighbour slows both alike. Scratch
 * files (a content pack with a free-text question, an outbox, screenshots)
 * go to a new folder under /tmp, removed at the end.
 */
#define _GNU_SOURCE /* RUSAGE_THREAD, wait4, nftw, pipe2 */
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <SDL.h>
#include <SDL_ttf.h>

#include "config/kiosk_config.h"
#include "kiosk/kiosk_app.h"
#include "kiosk/kiosk_loop.h"
#include "kiosk/script.h"
#include "platform/sysclock.h"
#include "sdl/sdl_text.h"

#define RENDER_FRAMES 60   /* timed frames per screen and side */
#define RENDER_ROUNDS 4    /* ... in this many alternating rounds */
#define RENDER_WARM_UP 3
#define IDLE_MS 5000
#define START_RUNS 7
#define RSS_GOAL_MB 40.0
#define LABEL_FONTS_MAX 32

typedef struct bench_env {
    char dir[256];
    char ini[512], content[512], tour[512], nav[512], shots[512];
    char self[4096];       /* this program, re-executed for the children */
    char kiosk[4096];      /* <build>/bin/staffroom-kiosk */
    kiosk_config config;
} bench_env;

/* ---- small things ------------------------------------------------------- */

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The p-quantile (0..1) of v, nearest rank; sorts v. */
static double quantile(double *v, int n, double p)
{
    qsort(v, (size_t)n, sizeof v[0], compare_doubles);
    int rank = (int)(p * n + 0.999999);
    return v[rank < 1 ? 0 : rank > n ? n - 1 : rank - 1];
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof v[0], compare_doubles);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static int write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f || fputs(text, f) < 0) {
        perror(path);
        if (f)
            fclose(f);
        return -1;
    }
    return fclose(f) == 0 ? 0 : -1;
}

static int copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    char buf[8192];
    size_t n;
    int rc = in && out ? 0 : -1;
    while (rc == 0 && (n = fread(buf, 1, sizeof buf, in)) > 0)
        rc = fwrite(buf, 1, n, out) == n ? 0 : -1;
    if (in)
        fclose(in);
    if (out && fclose(out) != 0)
        rc = -1;
    if (rc != 0)
        fprintf(stderr, "bench: cannot copy %s to %s\n", from, to);
    return rc;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

/* ---- the scratch kiosk: config, content with a free-text question, tour -- */

static const char TOUR[] =
    "expect idle\nshot checkin\n"
    "tap mood-3\ntap skip\ntap skip\nexpect followup\ntype the rota\nshot keyboard\n"
    "wait 60000\nexpect still-there\nshot still-there\nwait 120000\nexpect idle\n"
    "tap mood-2\nexpect followup\nshot followup\ntap done\nexpect thanks\nshot thanks\n"
    "tap toolkit\nexpect toolkit\nshot toolkit\ntap cat-mindfulness\nshot category\n"
    "tap item-body-scan\nexpect item\nshot item\nwait 120000\nexpect idle\n"
    "hold admin-corner 3000\nexpect admin-pin\nshot admin-pin\n"
    "tap pin-1\ntap pin-2\ntap pin-3\ntap pin-4\ntap pin-enter\nexpect admin\nshot admin\n"
    "quit\n";

static int make_content(bench_env *e)
{
    static const char *const FILES[] = {"pack.json", "toolkit.json", "strings.json"};
    char from[4096], to[1024];
    snprintf(e->content, sizeof e->content, "%s/content", e->dir);
    if (mkdir(e->content, 0700) != 0)
        return -1;
    for (size_t i = 0; i < sizeof FILES / sizeof FILES[0]; i++) {
        snprintf(from, sizeof from, "%s/assets/content/%s", SR_SOURCE_DIR, FILES[i]);
        snprintf(to, sizeof to, "%s/%s", e->content, FILES[i]);
        if (copy_file(from, to) != 0)
            return -1;
    }
    snprintf(from, sizeof from, "%s/tests/ui/screens/questions-with-text.json", SR_SOURCE_DIR);
    snprintf(to, sizeof to, "%s/questions.json", e->content);
    return copy_file(from, to);
}

static int find_programs(bench_env *e)
{
    ssize_t n = readlink("/proc/self/exe", e->self, sizeof e->self - 1);
    if (n <= 0)
        return -1;
    e->self[n] = '\0';
    /* <build>/bench/bench_ui -> <build>/bin/staffroom-kiosk */
    snprintf(e->kiosk, sizeof e->kiosk, "%s", e->self);
    for (int up = 0; up < 2; up++) {
        char *slash = strrchr(e->kiosk, '/');
        if (!slash)
            return -1;
        *slash = '\0';
    }
    strncat(e->kiosk, "/bin/staffroom-kiosk", sizeof e->kiosk - strlen(e->kiosk) - 1);
    if (access(e->kiosk, X_OK) != 0) {
        fprintf(stderr, "bench: %s is not built (make bench builds it)\n", e->kiosk);
        return -1;
    }
    return 0;
}

static int env_setup(bench_env *e)
{
    snprintf(e->dir, sizeof e->dir, "/tmp/staffroom-bench-ui.XXXXXX");
    if (!mkdtemp(e->dir) || find_programs(e) != 0 || make_content(e) != 0)
        return -1;
    snprintf(e->ini, sizeof e->ini, "%s/kiosk.ini", e->dir);
    snprintf(e->tour, sizeof e->tour, "%s/tour.txt", e->dir);
    snprintf(e->nav, sizeof e->nav, "%s/nav.txt", e->dir);
    snprintf(e->shots, sizeof e->shots, "%s/shots", e->dir);
    char ini[4096];
    snprintf(ini, sizeof ini,
             "[device]\nid = bench-kiosk\nsite = Example Hospital\narea = Ward 1\n"
             "[store]\npath = %s/outbox.db\n[content]\ndir = %s\ncache_dir = %s/content-good\n"
             "[ui]\nadmin_pin = 1234\nfullscreen = false\nsize = 800x480\n",
             e->dir, e->content, e->dir);
    char err[2048];
    if (mkdir(e->shots, 0700) != 0 || write_text(e->ini, ini) != 0 ||
        write_text(e->tour, TOUR) != 0)
        return -1;
    if (kiosk_config_load(e->ini, &e->config, err, sizeof err) != SR_OK) {
        fprintf(stderr, "bench: %s\n", err);
        return -1;
    }
    return 0;
}

static void env_cleanup(const bench_env *e)
{
    if (e->dir[0] && strchr(e->dir, 'X') == NULL)
        nftw(e->dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

static int app_open(const bench_env *e, kiosk_app *app, int64_t now)
{
    kiosk_options options = {.headless = true, .width = 800, .height = 480};
    char err[2048];
    if (kiosk_app_open(app, &e->config, &options, now, err, sizeof err) != 0) {
        fprintf(stderr, "bench: %s\n", err);
        return -1;
    }
    return 0;
}

/* ---- render: a screen's frame against the same number of cached labels --- */

typedef struct labels {
    int n;
    SDL_Texture *texture[UI_FRAME_MAX_CMDS];
    SDL_Rect at[UI_FRAME_MAX_CMDS];
    int n_fonts;
    TTF_Font *font[LABEL_FONTS_MAX];
    int font_key[LABEL_FONTS_MAX];
} labels;

static TTF_Font *label_font(labels *l, ui_font face, int size)
{
    int key = size * 2 + (face == UI_FONT_BOLD);
    for (int i = 0; i < l->n_fonts; i++)
        if (l->font_key[i] == key)
            return l->font[i];
    if (l->n_fonts == LABEL_FONTS_MAX)
        return NULL;
    TTF_Font *f = TTF_OpenFont(face == UI_FONT_BOLD ? SDL_TEXT_FONT_BOLD : SDL_TEXT_FONT_REGULAR,
                               size);
    if (f) {
        l->font[l->n_fonts] = f;
        l->font_key[l->n_fonts++] = key;
    }
    return f;
}

/* Rasterises every text of the frame once, where the frame puts it. */
static void labels_make(labels *l, SDL_Renderer *r, const ui_frame *frame)
{
    for (int i = 0; i < frame->n_cmds; i++) {
        const ui_cmd *c = &frame->cmds[i];
        if (c->type != UI_CMD_TEXT || !c->text || !c->text[0])
            continue;
        TTF_Font *font = label_font(l, c->font, c->size);
        SDL_Color ink = {c->color.r, c->color.g, c->color.b, 255};
        SDL_Surface *s = font ? TTF_RenderUTF8_Blended(font, c->text, ink) : NULL;
        if (!s)
            continue;
        l->texture[l->n] = SDL_CreateTextureFromSurface(r, s);
        l->at[l->n] = (SDL_Rect){c->rect.x, c->rect.y, s->w, s->h};
        SDL_FreeSurface(s);
        if (l->texture[l->n])
            l->n++;
    }
}

static void labels_draw(const labels *l, SDL_Renderer *r)
{
    SDL_SetRenderDrawColor(r, 250, 248, 244, 255);
    SDL_RenderClear(r);
    for (int i = 0; i < l->n; i++)
        SDL_RenderCopy(r, l->texture[i], NULL, &l->at[i]);
    SDL_RenderPresent(r);
}

static void labels_free(labels *l)
{
    for (int i = 0; i < l->n; i++)
        SDL_DestroyTexture(l->texture[i]);
    for (int i = 0; i < l->n_fonts; i++)
        TTF_CloseFont(l->font[i]);
    memset(l, 0, sizeof *l);
}

typedef struct screen_case {
    const char *name;
    const char *nav; /* script commands that bring the screen up */
} screen_case;

static const screen_case SCREENS[] = {
    {"check-in", "expect idle\n"},
    {"follow-up", "tap mood-2\nexpect followup\n"},
    {"thanks with suggestions", "tap mood-2\ntap done\nexpect thanks\n"},
    {"toolkit", "tap toolkit\nexpect toolkit\n"},
    {"category", "tap toolkit\ntap cat-mindfulness\nexpect category\n"},
    {"item with QR", "tap toolkit\ntap cat-mindfulness\ntap item-body-scan\nexpect item\n"},
    {"still-there", "tap mood-3\nwait 60000\nexpect still-there\n"},
    {"admin-pin", "hold admin-corner 3000\nexpect admin-pin\n"},
    {"admin", "hold admin-corner 3000\ntap pin-1\ntap pin-2\ntap pin-3\ntap pin-4\n"
              "tap pin-enter\nexpect admin\n"},
    {"keyboard", "tap mood-3\ntap skip\ntap skip\nexpect followup\ntype the rota\n"},
};

static int navigate(const bench_env *e, kiosk_app *app, const char *nav)
{
    char err[2048];
    if (write_text(e->nav, nav) != 0)
        return -1;
    kiosk_script *script = kiosk_script_load(e->nav, err, sizeof err);
    if (!script) {
        fprintf(stderr, "bench: %s\n", err);
        return -1;
    }
    int code = kiosk_script_run(script, app, e->shots);
    kiosk_script_free(script);
    return code == 0 ? 0 : -1;
}

/* One frame; *build_ms: the part spent laying it out (ui_build). */
static double time_kiosk_frame(kiosk_app *app, double *build_ms)
{
    double t0 = now_ms();
    kiosk_app_build(app);
    double t1 = now_ms();
    kiosk_app_present(app, true);
    *build_ms = t1 - t0;
    return now_ms() - t0;
}

static double time_labels_frame(const labels *l, SDL_Renderer *r)
{
    double t0 = now_ms();
    labels_draw(l, r);
    return now_ms() - t0;
}

typedef struct screen_times {
    double kiosk[RENDER_FRAMES], build[RENDER_FRAMES], labels[RENDER_FRAMES];
} screen_times;

/* Times both sides on one screen, in alternating rounds. */
static void measure_screen(kiosk_app *app, const labels *l, screen_times *t)
{
    SDL_Renderer *r = app->display->renderer;
    double ignored;
    for (int i = 0; i < RENDER_WARM_UP; i++) {
        time_kiosk_frame(app, &ignored);
        time_labels_frame(l, r);
    }
    int per_round = RENDER_FRAMES / RENDER_ROUNDS;
    for (int round = 0; round < RENDER_ROUNDS; round++) {
        int at = round * per_round;
        for (int i = 0; i < per_round; i++)
            t->kiosk[at + i] = time_kiosk_frame(app, &t->build[at + i]);
        for (int i = 0; i < per_round; i++)
            t->labels[at + i] = time_labels_frame(l, r);
    }
}

static int bench_screen(const bench_env *e, const screen_case *sc, kiosk_app *app, labels *l)
{
    if (app_open(e, app, KIOSK_SCRIPT_START_MS) != 0)
        return -1;
    int rc = navigate(e, app, sc->nav);
    if (rc == 0) {
        kiosk_app_build(app);
        labels_make(l, app->display->renderer, app->frame);
        screen_times t;
        measure_screen(app, l, &t);
        int n = RENDER_FRAMES / RENDER_ROUNDS * RENDER_ROUNDS;
        double p95 = quantile(t.kiosk, n, 0.95), med = median(t.kiosk, n);
        double build = median(t.build, n), base = median(t.labels, n);
        printf("%s: median %.2f ms (layout %.2f), p95 %.2f ms; baseline (%d cached labels) "
               "median %.2f ms; ratio %.1f\n",
               sc->name, med, build, p95, l->n, base, base > 0 ? med / base : 0.0);
        labels_free(l);
    }
    kiosk_app_close(app);
    return rc;
}

static int bench_render(const bench_env *e)
{
    printf("-- render time per frame: build + draw + present, software renderer, 800x480,\n"
           "   offscreen; baseline: clear + the screen's texts as cached SDL_ttf labels\n");
    labels *l = calloc(1, sizeof *l);
    kiosk_app *app = calloc(1, sizeof *app);
    int rc = l && app ? 0 : -1;
    for (size_t i = 0; rc == 0 && i < sizeof SCREENS / sizeof SCREENS[0]; i++) {
        rc = bench_screen(e, &SCREENS[i], app, l);
        if (rc != 0)
            fprintf(stderr, "bench: could not bring up screen '%s'\n", SCREENS[i].name);
    }
    free(app);
    free(l);
    return rc;
}

/* ---- idle: the real loop against a bare SDL_WaitEventTimeout loop -------- */

static long thread_wakeups(void)
{
    struct rusage ru;
    getrusage(RUSAGE_THREAD, &ru);
    return ru.ru_nvcsw;
}

static double per_minute(double count, double ms)
{
    return count * 60000.0 / ms;
}

typedef struct idle_figures {
    double ms;
    long redraws, wakeups; /* counted by the kiosk */
    long kernel;           /* voluntary context switches of this thread */
    double planned_s;      /* the sleep the loop would take next */
} idle_figures;

/* The kiosk's own loop, after its first frame, for IDLE_MS. */
static void idle_kiosk(kiosk_app *app, kiosk_loop *loop, idle_figures *f)
{
    kiosk_loop_run(loop, sysclock_mono_ms() + 200); /* the first frame */
    long redraws = app->redraws, wakeups = app->wakeups, kernel = thread_wakeups();
    double t0 = now_ms();
    kiosk_loop_run(loop, sysclock_mono_ms() + IDLE_MS);
    f->ms = now_ms() - t0;
    f->redraws = app->redraws - redraws;
    f->wakeups = app->wakeups - wakeups;
    f->kernel = thread_wakeups() - kernel;
    int64_t now = sysclock_mono_ms();
    int64_t next = kiosk_app_next_deadline(app, now) - now;
    f->planned_s = (next > KIOSK_LOOP_MAX_WAIT_MS ? KIOSK_LOOP_MAX_WAIT_MS : next) / 1000.0;
}

/* What most SDL programs do, on the same driver, for IDLE_MS. */
static void idle_bare(idle_figures *f)
{
    SDL_Event ev;
    while (SDL_PollEvent(&ev))
        continue;
    long returns = 0, kernel = thread_wakeups();
    double t0 = now_ms();
    while (now_ms() - t0 < IDLE_MS) {
        SDL_WaitEventTimeout(&ev, 1000);
        returns++;
    }
    f->ms = now_ms() - t0;
    f->wakeups = returns;
    f->kernel = thread_wakeups() - kernel;
}

static int bench_idle(const bench_env *e)
{
    printf("-- idle check-in screen, %d s of real time each (goal: 0 redraws, <= 60 "
           "wake-ups/min)\n", IDLE_MS / 1000);
    kiosk_app *app = calloc(1, sizeof *app);
    kiosk_loop loop;
    if (!app || app_open(e, app, sysclock_mono_ms()) != 0) {
        free(app);
        return -1;
    }
    idle_figures k = {0}, b = {0};
    char driver[32];
    snprintf(driver, sizeof driver, "%s", SDL_GetCurrentVideoDriver());
    int rc = kiosk_loop_open(&loop, app) == SR_OK ? 0 : -1;
    if (rc == 0) {
        idle_kiosk(app, &loop, &k);
        idle_bare(&b);
        printf("kiosk loop (%s): %.0f redraws/min; %ld wake-ups in %.1f s counted by the loop "
               "(the last one ends the measurement), %.0f/min by the kernel; next sleep planned "
               "%.1f s%s\n",
               loop.native_wait ? "SDL_WaitEventTimeout" : "input_wait",
               per_minute((double)k.redraws, k.ms), k.wakeups, k.ms / 1000.0,
               per_minute((double)k.kernel, k.ms), k.planned_s,
               k.redraws > 0 || per_minute((double)k.kernel, k.ms) > 60 ? " ABOVE GOAL" : "");
        double bare_rate = per_minute((double)b.kernel, b.ms);
        printf("baseline SDL_WaitEventTimeout(1000) loop (%s driver): %.0f returns/min, %.0f "
               "wake-ups/min by the kernel; ratio %.4f\n",
               driver, per_minute((double)b.wakeups, b.ms), bare_rate,
               bare_rate > 0 ? per_minute((double)k.kernel, k.ms) / bare_rate : 0.0);
        kiosk_loop_close(&loop);
    }
    kiosk_app_close(app);
    free(app);
    return rc;
}

/* ---- children: start to first frame, peak memory ------------------------- */

typedef struct child_result {
    double first_frame_ms; /* from just before fork to the child's first present */
    double max_rss_mb;
} child_result;

/* Runs argv (argv[0] a path) with stdout into a pipe; the child may print
 * "first-frame-ns N" (CLOCK_MONOTONIC, the same clock in every process). */
static int run_child(char *const argv[], child_result *out)
{
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0)
        return -1;
    double t0 = now_ms();
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], STDOUT_FILENO);
        execv(argv[0], argv);
        _exit(127);
    }
    close(fds[1]);
    char text[256] = "";
    size_t used = 0;
    ssize_t n;
    while (pid > 0 && (n = read(fds[0], text + used, sizeof text - 1 - used)) > 0)
        used += (size_t)n;
    text[used] = '\0';
    close(fds[0]);
    struct rusage ru;
    int status = 0;
    if (pid < 0 || wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) ||
        WEXITSTATUS(status) != 0) {
        fprintf(stderr, "bench: %s failed (status %d)\n", argv[0], status);
        return -1;
    }
    long long ns = 0;
    const char *mark = strstr(text, "first-frame-ns ");
    out->first_frame_ms = mark && sscanf(mark, "first-frame-ns %lld", &ns) == 1
                              ? ns / 1e6 - t0 : -1;
    out->max_rss_mb = ru.ru_maxrss / 1024.0;
    return 0;
}

static void print_first_frame(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    printf("first-frame-ns %lld\n", (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec);
    fflush(stdout);
}

/* Child: the kiosk from its config to its first frame on screen. */
static int child_kiosk(const char *ini)
{
    kiosk_config config;
    char err[2048];
    if (kiosk_config_load(ini, &config, err, sizeof err) != SR_OK) {
        fprintf(stderr, "bench child: %s\n", err);
        return 2;
    }
    kiosk_app *app = calloc(1, sizeof *app);
    kiosk_options options = {.headless = true, .width = 800, .height = 480};
    if (!app || kiosk_app_open(app, &config, &options, sysclock_mono_ms(), err, sizeof err) != 0) {
        fprintf(stderr, "bench child: %s\n", app ? err : "out of memory");
        free(app);
        return 1;
    }
    kiosk_app_present(app, true);
    print_first_frame();
    kiosk_app_close(app);
    free(app);
    return 0;
}

/* Child: the bare SDL+TTF program, started the way the kiosk starts headless. */
static int child_bare(void)
{
    SDL_SetHintWithPriority(SDL_HINT_VIDEODRIVER, "offscreen", SDL_HINT_OVERRIDE);
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    if (SDL_Init(SDL_INIT_VIDEO) != 0 || TTF_Init() != 0)
        return 1;
    SDL_Window *w = SDL_CreateWindow("bare", 0, 0, 800, 480, SDL_WINDOW_HIDDEN);
    SDL_Renderer *r = w ? SDL_CreateRenderer(w, -1, SDL_RENDERER_SOFTWARE) : NULL;
    TTF_Font *font = TTF_OpenFont(SDL_TEXT_FONT_REGULAR, 32);
    SDL_Surface *s = font ? TTF_RenderUTF8_Blended(font, "How was your shift?",
                                                   (SDL_Color){0, 0, 0, 255}) : NULL;
    SDL_Texture *t = r && s ? SDL_CreateTextureFromSurface(r, s) : NULL;
    int rc = t ? 0 : 1;
    if (t) {
        SDL_Rect at = {40, 40, s->w, s->h};
        SDL_SetRenderDrawColor(r, 250, 248, 244, 255);
        SDL_RenderClear(r);
        SDL_RenderCopy(r, t, NULL, &at);
        SDL_RenderPresent(r);
        print_first_frame();
        SDL_DestroyTexture(t);
    }
    SDL_FreeSurface(s);
    if (font)
        TTF_CloseFont(font);
    if (r)
        SDL_DestroyRenderer(r);
    if (w)
        SDL_DestroyWindow(w);
    TTF_Quit();
    SDL_Quit();
    return rc;
}

static int bench_start(const bench_env *e, double *bare_rss_mb)
{
    printf("-- start to first frame: fork+exec to the first present, median of %d; "
           "baseline: bare SDL+TTF (init, renderer, one label, present)\n", START_RUNS);
    char *kiosk_argv[] = {(char *)e->self, "--child-kiosk", (char *)e->ini, NULL};
    char *bare_argv[] = {(char *)e->self, "--child-bare", NULL};
    double kiosk_ms[START_RUNS], bare_ms[START_RUNS], rss[START_RUNS];
    child_result r;
    /* warm-up: the first kiosk start creates the outbox and the content cache */
    if (run_child(kiosk_argv, &r) != 0 || run_child(bare_argv, &r) != 0)
        return -1;
    for (int i = 0; i < START_RUNS; i++) {
        if (run_child(kiosk_argv, &r) != 0 || r.first_frame_ms < 0)
            return -1;
        kiosk_ms[i] = r.first_frame_ms;
        if (run_child(bare_argv, &r) != 0 || r.first_frame_ms < 0)
            return -1;
        bare_ms[i] = r.first_frame_ms;
        rss[i] = r.max_rss_mb;
    }
    double k = median(kiosk_ms, START_RUNS), b = median(bare_ms, START_RUNS);
    printf("kiosk: median %.1f ms; bare SDL+TTF: median %.1f ms; ratio %.2f\n", k, b,
           b > 0 ? k / b : 0.0);
    *bare_rss_mb = median(rss, START_RUNS);
    return 0;
}

static int bench_memory(const bench_env *e, double bare_rss_mb)
{
    printf("-- peak RSS: staffroom-kiosk touring every screen by script (with screenshots); "
           "baseline: the bare SDL+TTF program\n");
    char *argv[] = {(char *)e->kiosk, "--config", (char *)e->ini, "--headless", "--size",
                    "800x480", "--script", (char *)e->tour, "--screenshots", (char *)e->shots,
                    NULL};
    child_result r;
    if (run_child(argv, &r) != 0)
        return -1;
    printf("peak RSS %.1f MB (goal < %.0f MB); bare SDL+TTF %.1f MB; ratio %.2f%s\n",
           r.max_rss_mb, RSS_GOAL_MB, bare_rss_mb, bare_rss_mb > 0 ? r.max_rss_mb / bare_rss_mb : 0,
           r.max_rss_mb >= RSS_GOAL_MB ? " ABOVE GOAL" : "");
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--child-kiosk") == 0)
        return child_kiosk(argv[2]);
    if (argc == 2 && strcmp(argv[1], "--child-bare") == 0)
        return child_bare();

    double t0 = now_ms(), bare_rss_mb = 0;
    bench_env *e = calloc(1, sizeof *e);
    int rc = e && env_setup(e) == 0 ? 0 : 1;
    if (rc == 0)
        rc = bench_render(e) != 0 || bench_idle(e) != 0 || bench_start(e, &bare_rss_mb) != 0 ||
             bench_memory(e, bare_rss_mb) != 0;
    if (e)
        env_cleanup(e);
    free(e);
    printf("bench_ui: %s in %.1f s\n", rc == 0 ? "done" : "FAILED", (now_ms() - t0) / 1000.0);
    return rc;
}
