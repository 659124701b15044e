/* script.c -- reading and running kiosk scripts (see script.h).
 *
 * Reading is strict and complete before running, so a typo on line 40 is
 * found before line 1 has changed any state. Running keeps one invariant:
 * the app's frame always shows the current state before a command looks at
 * it (kiosk_app_* rebuild it after every input and timer).
 */
#include "script.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../platform/sysclock.h"
#include "../ui/ui_keyboard.h"
#include "../ui/ui_text.h"
#include "kiosk_delivery.h"

#define SCRIPT_ARG_MAX 1024
#define SCRIPT_WAIT_MAX (7LL * 24 * 3600 * 1000) /* a week of virtual time */
#define SCRIPT_DRAIN_MAX_SECONDS 3600              /* of real time */
#define SCRIPT_DRAIN_LOOK_MS 200 /* the longest the UI goes unserved while draining */

typedef enum script_op {
    OP_TAP_ID,
    OP_TAP_XY,
    OP_HOLD,
    OP_TYPE,
    OP_WAIT,
    OP_SHOT,
    OP_EXPECT,
    OP_DRAIN,
    OP_QUIT
} script_op;

typedef struct script_cmd {
    script_op op;
    int line;
    char arg[SCRIPT_ARG_MAX]; /* id, text, name or screen */
    int x, y;
    long long ms;
} script_cmd;

struct kiosk_script {
    char path[1024];
    int n, cap;
    script_cmd *cmds;
};

/* ---- reading ---------------------------------------------------------- */

static bool parse_ms(const char *text, long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(text, &end, 10);
    if (errno || end == text || *end || v < 0 || v > SCRIPT_WAIT_MAX)
        return false;
    *out = v;
    return true;
}

static bool parse_int(const char *text, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (errno || end == text || *end || v < 0 || v > 100000)
        return false;
    *out = (int)v;
    return true;
}

static bool valid_name(const char *s)
{
    if (!*s || *s == '.')
        return false;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_' && *s != '.')
            return false;
    return true;
}

static bool valid_screen(const char *s)
{
    for (int i = 0; i < FLOW_STATE_COUNT; i++)
        if (strcmp(flow_state_name((flow_state)i), s) == 0)
            return true;
    return false;
}

/* Splits line into the command word and up to two arguments. Returns the
 * number of words (4 means "more than three"). */
static int split(char *line, char **word, char **a1, char **a2)
{
    char *save = NULL;
    *word = strtok_r(line, " \t", &save);
    *a1 = *word ? strtok_r(NULL, " \t", &save) : NULL;
    *a2 = *a1 ? strtok_r(NULL, " \t", &save) : NULL;
    char *more = *a2 ? strtok_r(NULL, " \t", &save) : NULL;
    return !*word ? 0 : !*a1 ? 1 : !*a2 ? 2 : more ? 4 : 3;
}

/* Checks one command; returns a reason, or NULL when it is good. */
static const char *parse_command(char *line, script_cmd *cmd)
{
    char type_text[SCRIPT_ARG_MAX];
    char *word, *a1, *a2;
    snprintf(type_text, sizeof type_text, "%s", line);
    int n = split(line, &word, &a1, &a2);
    if (strcmp(word, "type") == 0) {
        /* The text is everything after "type " (inner spaces kept). */
        char *t = type_text + strspn(type_text, " \t") + 4;
        t += strspn(t, " \t");
        if (!*t)
            return "type needs the TEXT to type";
        cmd->op = OP_TYPE;
        snprintf(cmd->arg, sizeof cmd->arg, "%s", t);
        return NULL;
    }
    if (strcmp(word, "tap") == 0 && n == 2) {
        cmd->op = OP_TAP_ID;
    } else if (strcmp(word, "tap") == 0 && n == 3) {
        cmd->op = OP_TAP_XY;
        if (!parse_int(a1, &cmd->x) || !parse_int(a2, &cmd->y))
            return "tap X Y needs two whole numbers (pixels)";
        return NULL;
    } else if (strcmp(word, "tap") == 0) {
        return "tap needs an ID, or X and Y";
    } else if (strcmp(word, "hold") == 0) {
        if (n != 3 || !parse_ms(a2, &cmd->ms))
            return "hold needs an ID and a time in milliseconds";
        cmd->op = OP_HOLD;
    } else if (strcmp(word, "wait") == 0) {
        if (n != 2 || !parse_ms(a1, &cmd->ms))
            return "wait needs a time in milliseconds (0 to a week)";
        cmd->op = OP_WAIT;
        return NULL;
    } else if (strcmp(word, "shot") == 0) {
        if (n != 2 || !valid_name(a1))
            return "shot needs a NAME of letters, digits, '-', '_' or '.'";
        cmd->op = OP_SHOT;
    } else if (strcmp(word, "expect") == 0) {
        if (n != 2 || !valid_screen(a1))
            return "expect needs a screen name (idle, checkin, followup, saving, thanks, "
                   "save-failed, toolkit, category, item, still-there, admin-pin, admin)";
        cmd->op = OP_EXPECT;
    } else if (strcmp(word, "drain") == 0) {
        if (n != 2 || !parse_ms(a1, &cmd->ms) || cmd->ms < 1 || cmd->ms > SCRIPT_DRAIN_MAX_SECONDS)
            return "drain needs a time in seconds (1 to 3600) to wait for delivery";
        cmd->op = OP_DRAIN;
        return NULL;
    } else if (strcmp(word, "quit") == 0) {
        if (n != 1)
            return "quit takes no argument";
        cmd->op = OP_QUIT;
        return NULL;
    } else {
        return "unknown command (tap, hold, type, wait, shot, expect, drain, quit)";
    }
    snprintf(cmd->arg, sizeof cmd->arg, "%s", a1);
    return NULL;
}

/* Cuts a comment (" #..." or a line starting with #) and trailing space. */
static void strip_line(char *line)
{
    char *hash = line;
    while ((hash = strchr(hash, '#')) != NULL) {
        if (hash == line || hash[-1] == ' ' || hash[-1] == '\t') {
            *hash = '\0';
            break;
        }
        hash++;
    }
    size_t len = strlen(line);
    while (len > 0 && isspace((unsigned char)line[len - 1]))
        line[--len] = '\0';
}

static bool add_command(kiosk_script *s, const script_cmd *cmd)
{
    if (s->n == s->cap) {
        int cap = s->cap ? s->cap * 2 : 32;
        script_cmd *grown = realloc(s->cmds, sizeof *grown * (size_t)cap);
        if (!grown)
            return false;
        s->cmds = grown;
        s->cap = cap;
    }
    s->cmds[s->n++] = *cmd;
    return true;
}

static const char *read_lines(kiosk_script *s, FILE *f, int *bad_line)
{
    char line[SCRIPT_ARG_MAX];
    script_cmd cmd;
    for (int number = 1; fgets(line, sizeof line, f); number++) {
        *bad_line = number;
        if (!strchr(line, '\n') && !feof(f))
            return "line too long";
        strip_line(line);
        if (!line[strspn(line, " \t")])
            continue;
        memset(&cmd, 0, sizeof cmd);
        cmd.line = number;
        const char *why = parse_command(line, &cmd);
        if (why)
            return why;
        if (!add_command(s, &cmd))
            return "out of memory";
    }
    return ferror(f) ? "read error" : NULL;
}

kiosk_script *kiosk_script_load(const char *path, char *err, size_t err_size)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, err_size, "%s: cannot read the script: %s", path, strerror(errno));
        return NULL;
    }
    kiosk_script *s = calloc(1, sizeof *s);
    const char *why = s ? NULL : "out of memory";
    int line = 0;
    if (s) {
        snprintf(s->path, sizeof s->path, "%s", path);
        why = read_lines(s, f, &line);
    }
    fclose(f);
    if (why) {
        snprintf(err, err_size, "%s:%d: %s", path, line, why);
        kiosk_script_free(s);
        return NULL;
    }
    return s;
}

void kiosk_script_free(kiosk_script *s)
{
    if (!s)
        return;
    free(s->cmds);
    free(s);
}

/* ---- running ------------------------------------------------------------ */

typedef struct runner {
    kiosk_script *script;
    kiosk_app *app;
    const char *shot_dir;
    const script_cmd *cmd;
} runner;

static int fail(const runner *r, const char *fmt, ...)
{
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fprintf(stderr, "%s:%d: %s\n", r->script->path, r->cmd->line, msg);
    return 1;
}

static const char *screen_name(const runner *r)
{
    return flow_state_name(r->app->flow.state);
}

/* Moves the virtual clock to `until`, firing each timer at its own time
 * (the same deadlines the real loop sleeps until). A deadline that ticking
 * did not move is left for the final tick rather than ticked forever. */
static void advance_to(kiosk_app *app, int64_t until)
{
    int64_t last = INT64_MIN;
    for (int guard = 0; guard < 100000; guard++) {
        int64_t deadline = kiosk_app_next_deadline(app, app->now);
        if (deadline < app->now)
            deadline = app->now;
        if (deadline > until || deadline == last)
            break;
        kiosk_app_tick(app, deadline);
        last = deadline;
    }
    kiosk_app_tick(app, until);
}

static void tap_at(kiosk_app *app, int x, int y, long long hold_ms)
{
    kiosk_app_press(app, x, y, app->now);
    if (hold_ms > 0)
        advance_to(app, app->now + hold_ms);
    kiosk_app_release(app, x, y, app->now);
}

static int missing_target(const runner *r, const char *id)
{
    char ids[1536];
    ui_frame_list_ids(r->app->frame, ids, sizeof ids);
    return fail(r, "%s %s: no target '%s' on screen '%s'; targets here: %s",
                r->cmd->op == OP_HOLD ? "hold" : "tap", id, id, screen_name(r),
                ids[0] ? ids : "(none)");
}

static int tap_id(const runner *r, const char *id, long long hold_ms)
{
    const ui_target *t = ui_frame_find(r->app->frame, id);
    if (!t)
        return missing_target(r, id);
    tap_at(r->app, t->rect.x + t->rect.w / 2, t->rect.y + t->rect.h / 2, hold_ms);
    return 0;
}

/* Taps the key for one character, turning keyboard pages to find it. */
static int type_char(const runner *r, const char *ch, size_t len)
{
    char id[UI_ID_MAX];
    ui_keyboard_key_id(ch, len, id, sizeof id);
    for (int turns = 0; turns <= r->app->frame->key_page_count; turns++) {
        if (ui_frame_find(r->app->frame, id))
            return tap_id(r, id, 0);
        if (!ui_frame_find(r->app->frame, "key-more"))
            break;
        tap_id(r, "key-more", 0);
    }
    if (!ui_frame_find(r->app->frame, "key-space"))
        return missing_target(r, id);
    return fail(r, "type: no key types '%.*s' (the keyboard has a-z, Welsh vowels with a "
                   "circumflex, digits and . , ' ? ! -)", (int)len, ch);
}

static int type_text(const runner *r, const char *text)
{
    for (size_t i = 0; text[i];) {
        size_t len = (size_t)ui_text_char_len(text + i);
        int code = type_char(r, text + i, len);
        if (code)
            return code;
        i += len;
    }
    return 0;
}

static int shot(const runner *r, const char *name)
{
    char path[2048], err[1024];
    const char *dir = r->shot_dir && *r->shot_dir ? r->shot_dir : ".";
    if (mkdir(dir, 0755) != 0 && errno != EEXIST)
        return fail(r, "shot %s: cannot create folder %s: %s", name, dir, strerror(errno));
    snprintf(path, sizeof path, "%s/%s.png", dir, name);
    if (kiosk_app_screenshot(r->app, path, err, sizeof err) != SR_OK)
        return fail(r, "shot %s: %s", name, err);
    return 0;
}

/* Waits, in real time, until delivery has nothing left to do: toolkit
 * counters sealed into rows after this command began, and no row
 * deliverable or sent-but-unconfirmed (rows still waiting for the clock do
 * not count: they cannot be sent). The UI is served between looks: SDL's
 * queue is pumped and a changed frame shown, at least every
 * SCRIPT_DRAIN_LOOK_MS (each pass counts towards the longest frame gap). */
static int drain(const runner *r, long long seconds)
{
    kiosk_app *app = r->app;
    if (!app->forwarder)
        return fail(r, "drain: delivery is off ([mqtt] host is empty)");
    forwarder_info info;
    forwarder_get_info(app->forwarder, &info);
    long long seals_before = info.seals;
    forwarder_seal_now(app->forwarder);
    int64_t deadline = sysclock_mono_ms() + seconds * 1000;
    uint64_t seen = info.progress;
    for (;;) {
        int64_t pass = sysclock_mono_ms();
        SDL_PumpEvents();
        if (!app->headless)
            kiosk_app_present(app, false);
        forwarder_get_info(app->forwarder, &info);
        long long for_clock = 0, left = kiosk_delivery_outstanding(app, &for_clock);
        kiosk_app_note_busy(app, pass);
        if (left == 0 && info.seals > seals_before) {
            if (for_clock > 0) /* said, so that a test expecting them knows why not */
                fprintf(stderr, "%s:%d: drain: %lld answers wait for the clock to be set and "
                        "were not sent\n", r->script->path, r->cmd->line, for_clock);
            return 0;
        }
        if (sysclock_mono_ms() >= deadline)
            return fail(r, "drain %lld: still undelivered after %lld s: %lld (delivery %s%s%s)",
                        seconds, seconds, left, forwarder_state_name(info.state),
                        info.error[0] ? ": " : "", info.error);
        seen = forwarder_wait(app->forwarder, seen, SCRIPT_DRAIN_LOOK_MS);
    }
}

static int run_command(runner *r)
{
    const script_cmd *c = r->cmd;
    kiosk_app *app = r->app;
    switch (c->op) {
    case OP_TAP_ID: return tap_id(r, c->arg, 0);
    case OP_TAP_XY:
        if (c->x >= app->display->width || c->y >= app->display->height)
            return fail(r, "tap %d %d: outside the %dx%d screen", c->x, c->y,
                        app->display->width, app->display->height);
        tap_at(app, c->x, c->y, 0);
        return 0;
    case OP_HOLD: return tap_id(r, c->arg, c->ms);
    case OP_TYPE: return type_text(r, c->arg);
    case OP_WAIT: advance_to(app, app->now + c->ms); return 0;
    case OP_SHOT: return shot(r, c->arg);
    case OP_EXPECT:
        if (strcmp(screen_name(r), c->arg) != 0)
            return fail(r, "expected screen '%s' but '%s' is showing", c->arg, screen_name(r));
        return 0;
    case OP_DRAIN: return drain(r, c->ms);
    case OP_QUIT: return -1;
    }
    return 0;
}

int kiosk_script_run(kiosk_script *script, kiosk_app *app, const char *shot_dir)
{
    runner r = {script, app, shot_dir, NULL};
    app->pointer.settle_ms = 0; /* see script.h */
    app->pointer.settle_until = 0;
    for (int i = 0; i < script->n; i++) {
        r.cmd = &script->cmds[i];
        int64_t started = sysclock_mono_ms();
        int code = run_command(&r);
        if (!app->headless)
            kiosk_app_present(app, false);
        if (r.cmd->op != OP_DRAIN) /* drain measures its own passes */
            kiosk_app_note_busy(app, started);
        if (code == -1)
            return 0;
        if (code != 0)
            return code;
    }
    return 0;
}
