/* flow.h -- the kiosk's check-in flow as a pure state machine.
 *
 * The flow knows nothing of SDL, SQLite or the clock: the shell passes every
 * event in with `now` (monotonic milliseconds) and acts on what the flow asks
 * for (commit an answer, count an item opened). See flow.c for the state
 * diagram, the invariants and the table of transitions.
 *
 * Ownership: a flow borrows its content_pack and flow_config; both must
 * outlive it (or be replaced with flow_set_content()). The flow owns nothing
 * on the heap: it is a plain struct the caller allocates.
 */
#ifndef SR_FLOW_H
#define SR_FLOW_H

#include <stdbool.h>
#include <stdint.h>

#include "content.h"
#include "status.h"

/* Lower bounds the flow enforces on its configuration. The config is
 * borrowed and never written, so the flow clamps each value when it reads
 * it; negative cooldown and lockout times read as 0. */
#define FLOW_STILL_THERE_MIN_MS 20000 /* at least 20 s to say "still here" */
#define FLOW_ADMIN_HOLD_MIN_MS 2000   /* a long press, not a stray touch */
#define FLOW_IDLE_TIMEOUT_MIN_MS 5000 /* a screen must be readable before "still there?" */
#define FLOW_THANKS_MIN_MS 1000       /* "thank you" (and "not saved") must be seen */
#define FLOW_PIN_MAX 12
#define FLOW_PIN_MAX_ATTEMPTS 5       /* then locked out for pin_lockout_ms */

typedef enum flow_state {
    FLOW_IDLE,         /* attract: the check-in question and its faces; no session */
    FLOW_CHECKIN,      /* the same question, a session under way (language chosen, came back) */
    FLOW_FOLLOWUP,     /* optional follow-up question number `question` */
    FLOW_SAVING,       /* answer handed to the shell; waiting for the commit result */
    FLOW_THANKS,       /* committed; cooldown runs; low score: suggestions offered */
    FLOW_SAVE_FAILED,  /* the commit failed: calm message, nothing claimed as saved */
    FLOW_TOOLKIT,      /* toolkit: list of categories */
    FLOW_CATEGORY,     /* toolkit: the items of `category` */
    FLOW_ITEM,         /* toolkit: detail of `item` (text, QR code) */
    FLOW_STILL_THERE,  /* idle timeout: "still there?" with a countdown */
    FLOW_ADMIN_PIN,    /* hidden admin entry: PIN pad */
    FLOW_ADMIN,        /* admin status screen */
    FLOW_STATE_COUNT
} flow_state;

typedef enum flow_event_type {
    FLOW_EV_SCORE,       /* arg: option index of the check-in question */
    FLOW_EV_TOGGLE,      /* arg: option index in the current follow-up */
    FLOW_EV_TEXT,        /* text: replace the current free-text answer */
    FLOW_EV_NEXT,        /* follow-up answered: go to the next one (or finish) */
    FLOW_EV_SKIP,        /* clear this follow-up and go on (or finish) */
    FLOW_EV_DONE,        /* finish now with what has been given */
    FLOW_EV_BACK,        /* one step back */
    FLOW_EV_HOME,        /* leave the toolkit / admin to where the session is */
    FLOW_EV_TOOLKIT,     /* open the toolkit */
    FLOW_EV_CATEGORY,    /* arg: category index */
    FLOW_EV_ITEM,        /* arg: item index */
    FLOW_EV_LANGUAGE,    /* arg: language index */
    FLOW_EV_CONTINUE,    /* "yes, still here" */
    FLOW_EV_TOUCH,       /* any other touch: only resets the idle timer */
    FLOW_EV_CORNER_HOLD, /* arg: how long the admin corner was held, ms */
    FLOW_EV_PIN_DIGIT,   /* arg: 0..9 */
    FLOW_EV_PIN_CLEAR,   /* erase the PIN typed so far */
    FLOW_EV_PIN_ENTER,   /* check the PIN */
    FLOW_EV_COMMIT_OK,   /* shell: the answer is on disk */
    FLOW_EV_COMMIT_FAILED, /* shell: the answer could not be stored */
    FLOW_EV_COUNT
} flow_event_type;

typedef struct flow_event {
    flow_event_type type;
    int arg;
    const char *text; /* FLOW_EV_TEXT only; copied, truncated to the question's max */
} flow_event;

/* What the shell must do after an event or a tick. */
typedef enum flow_action {
    FLOW_ACT_NONE,
    FLOW_ACT_COMMIT,      /* store flow_answer(); then send COMMIT_OK or COMMIT_FAILED */
    FLOW_ACT_ITEM_OPENED, /* count one opening of item flow->item for today */
    FLOW_ACT_REDRAW       /* nothing to store, but the screen changed */
} flow_action;

typedef struct flow_config {
    int64_t idle_timeout_ms;   /* no touch this long in a session: "still there?" */
    int64_t still_there_ms;    /* countdown before discarding (>= 20 s) */
    int64_t thanks_ms;         /* how long "thank you" stays */
    int64_t cooldown_ms;       /* from a commit: no new check-in before this */
    int64_t admin_hold_ms;     /* long press on the admin corner */
    int64_t pin_lockout_ms;    /* after FLOW_PIN_MAX_ATTEMPTS wrong PINs */
    int low_score_max;         /* a score <= this offers suggestions (e.g. 2) */
    char admin_pin[FLOW_PIN_MAX + 1]; /* digits; empty disables admin entry */
} flow_config;

/* The answer being built. Nothing in it is stored until FLOW_ACT_COMMIT. */
typedef struct flow_answer {
    int score_option;                       /* index into questions[0].options, -1 none */
    int score;                              /* that option's value */
    uint32_t chosen[CONTENT_MAX_QUESTIONS]; /* bit i: option i of question q chosen */
    bool answered[CONTENT_MAX_QUESTIONS];   /* q was answered (not skipped/unseen);
                                               [0]: a score was given. Once finished,
                                               answered[q] == something chosen/typed */
    char text[CONTENT_MAX_QUESTIONS][CONTENT_TEXT_MAX_LENGTH * 4 + 1]; /* UTF-8 */
    int lang;                               /* language the answer was given in */
} flow_answer;

#define FLOW_MAX_SUGGESTIONS 4

typedef struct flow {
    const content_pack *pack;   /* borrowed */
    const flow_config *config;  /* borrowed */

    flow_state state;
    flow_state interrupted;     /* STILL_THERE: the state to return to */
    flow_state toolkit_return;  /* where leaving the toolkit goes */
    int lang;                   /* current language index */
    int question;               /* FOLLOWUP: index into pack->questions (>= 1) */
    int category;               /* CATEGORY/ITEM: category index */
    int item;                   /* ITEM: item index */
    bool item_from_thanks;      /* ITEM opened from a suggestion on THANKS */

    flow_answer answer;

    int64_t last_input_ms;      /* last touch, for the idle timeout */
    int64_t still_there_until;  /* STILL_THERE: discard at this time */
    int64_t thanks_until;       /* THANKS: go to IDLE at this time */
    int64_t cooldown_until;     /* no new check-in before this (0: none) */

    char pin[FLOW_PIN_MAX + 1]; /* digits typed so far */
    int pin_failures;
    bool pin_wrong;             /* the last PIN entered was wrong (show it) */
    int64_t pin_locked_until;

    int n_suggestions;          /* THANKS after a low score */
    int suggestions[FLOW_MAX_SUGGESTIONS]; /* item indexes, urgent-help last */

    int commits;                /* answers committed since start (admin) */
    int discards;               /* sessions discarded by the idle timeout */

    int still_there_shown;      /* STILL_THERE: the countdown second last
                                   reported with FLOW_ACT_REDRAW */
} flow;

/* Sets the flow to IDLE in the pack's default language at time now.
 * Config values below their minimums are clamped (a copy is not made: config
 * is borrowed, so the clamping is done on read). The pack must have at least
 * one language and questions[0] (the check-in); the loader guarantees it. */
void flow_init(flow *f, const content_pack *pack, const flow_config *config, int64_t now);

/* Fills a config with the defaults the kiosk ships with. */
void flow_config_defaults(flow_config *config);

/* Feeds one event. Returns what the shell must do. An event that is not
 * valid in the current state is ignored (returns FLOW_ACT_NONE) -- a stray
 * tap must never crash or corrupt the flow; `*status` (may be NULL) says
 * SR_OK, or why it was ignored: SR_E_STATE (not valid in this state),
 * SR_E_INVALID (index out of range, hold too short), SR_E_DENIED (cooldown,
 * lockout, admin entry disabled), SR_E_LIMIT (PIN already full). A wrong PIN
 * is SR_E_DENIED with FLOW_ACT_REDRAW: the screen says it was wrong.
 * flow_handle does not run the timers: call flow_tick() first when
 * flow_next_deadline() has passed (the kiosk loop ticks, then feeds input). */
flow_action flow_handle(flow *f, const flow_event *ev, int64_t now, sr_status *status);

/* Advances timers (idle timeout, still-there countdown, thanks, cooldown).
 * Call when flow_next_deadline() has passed, or any time: it is idempotent. */
flow_action flow_tick(flow *f, int64_t now);

/* The next time flow_tick() has something to do, or INT64_MAX when nothing
 * is pending (the shell may sleep until an input event). */
int64_t flow_next_deadline(const flow *f, int64_t now);

/* Replaces the content pack (a new one was published). Ends any session. */
void flow_set_content(flow *f, const content_pack *pack, int64_t now);

/* How long the admin corner must be held: the configured admin_hold_ms,
 * never below FLOW_ADMIN_HOLD_MIN_MS (the shell times the press with it). */
int64_t flow_admin_hold_ms(const flow *f);

/* Is a new check-in allowed at time now (no cooldown running)? */
bool flow_can_check_in(const flow *f, int64_t now);

/* Seconds left on the still-there countdown (rounded up), 0 otherwise. */
int flow_still_there_seconds(const flow *f, int64_t now);

/* The answer to commit (valid while state is FLOW_SAVING). Borrowed. */
const flow_answer *flow_get_answer(const flow *f);

/* Asserts the invariants listed in flow.c (no-op under NDEBUG). */
void flow_check(const flow *f);

/* A stable lower-case name for a state ("idle", "followup", ...), used by
 * the script language's `expect` and in logs. */
const char *flow_state_name(flow_state state);

#endif
