/* content.h -- the in-memory content pack: question set, toolkit, UI strings.
 *
 * This is pure data (libc only). The loader in app/content/ fills it from
 * the JSON files in assets/ after validating them completely; the core flow
 * and the UI only read it. Every piece of text a person sees is a
 * content_text: one string per language of the pack, indexed by the
 * language's position in content_pack.lang_code[]. A loaded pack has every
 * string present in every language (the loader refuses it otherwise), so
 * readers never need to fall back.
 *
 * Capacities are fixed (microui-style, no allocation in the UI loop). The
 * loader reports an error naming the file and JSON path when a pack exceeds
 * one of them.
 *
 * Ownership: a content_pack owns all its strings. content_pack_free() frees
 * them (accepts NULL). Pointers returned by the lookup functions are
 * borrowed and live as long as the pack.
 */
#ifndef SR_CONTENT_H
#define SR_CONTENT_H

#include <stdbool.h>
#include <stddef.h>

#define CONTENT_MAX_LANGS 4
#define CONTENT_LANG_CODE_MAX 8     /* "en", "cy", "pt-BR" + NUL */
#define CONTENT_ID_MAX 32           /* ids: [a-z0-9-], 1..31 chars */
#define CONTENT_MAX_QUESTIONS 8     /* the check-in plus follow-ups */
#define CONTENT_MAX_OPTIONS 16      /* per question */
#define CONTENT_MAX_CATEGORIES 12
#define CONTENT_MAX_ITEMS 64
#define CONTENT_MAX_HELPS 8         /* helps_with entries per toolkit item */
#define CONTENT_MAX_STRINGS 96      /* UI strings ("skip", "done", ...) */
#define CONTENT_TEXT_MAX_LENGTH 512 /* free-text answers, characters */
#define CONTENT_VERSION_MAX 32

/* One user-visible text in every language of the pack (owned). */
typedef struct content_text {
    char *s[CONTENT_MAX_LANGS];
} content_text;

typedef enum question_type {
    QUESTION_SCALE, /* one tap picks one option (the shift check-in) */
    QUESTION_MULTI, /* any number of chips */
    QUESTION_TEXT   /* optional free text, off unless a question set asks */
} question_type;

typedef struct content_option {
    char id[CONTENT_ID_MAX];   /* stable, e.g. "workload"; goes on the wire */
    int value;                 /* scale: the score (1 = worst); multi: 0 */
    char icon[CONTENT_ID_MAX]; /* name of the drawn symbol, e.g. "face-2" */
    content_text label;
} content_option;

typedef struct content_question {
    char id[CONTENT_ID_MAX];
    question_type type;
    content_text prompt;
    content_text hint;      /* may be all-NULL when the file has none */
    int n_options;          /* scale and multi; 0 for text */
    content_option options[CONTENT_MAX_OPTIONS];
    int max_length;         /* text only: characters, 1..CONTENT_TEXT_MAX_LENGTH */
} content_question;

typedef struct content_category {
    char id[CONTENT_ID_MAX];
    char icon[CONTENT_ID_MAX];
    content_text title;
    content_text blurb;
} content_category;

typedef struct content_item {
    char id[CONTENT_ID_MAX];
    int category;           /* index into content_pack.categories */
    bool urgent;            /* the urgent-help item(s): always offered after a low score */
    content_text title;
    content_text summary;   /* one line shown in lists */
    content_text body;      /* the detail text, may be long */
    content_text good_for;  /* "what it is good for" */
    char *url;              /* may be NULL; shown as a QR code */
    int n_helps;            /* option ids of the follow-up questions it suits */
    char helps_with[CONTENT_MAX_HELPS][CONTENT_ID_MAX];
} content_item;

typedef struct content_string {
    char key[CONTENT_ID_MAX];
    content_text text;
} content_string;

typedef struct content_pack {
    char version[CONTENT_VERSION_MAX]; /* the pack's own version, shown on admin */
    bool sample;                       /* shipped sample content, for a trust to replace */
    int n_langs;
    char lang_code[CONTENT_MAX_LANGS][CONTENT_LANG_CODE_MAX];
    content_text lang_name;            /* each language's name, in that language at [i] */
    bool lang_needs_review[CONTENT_MAX_LANGS]; /* machine or non-native text */
    int default_lang;

    char question_set_id[CONTENT_ID_MAX];
    int n_questions;                   /* questions[0] is the check-in (scale) */
    content_question questions[CONTENT_MAX_QUESTIONS];

    int n_categories;
    content_category categories[CONTENT_MAX_CATEGORIES];
    int n_items;
    content_item items[CONTENT_MAX_ITEMS];

    int n_strings;
    content_string strings[CONTENT_MAX_STRINGS];
} content_pack;

/* Frees every string the pack owns and zeroes it. Accepts NULL. */
void content_pack_free(content_pack *pack);

/* The text in language lang (0..n_langs-1). Never NULL for a loaded pack's
 * required texts; returns "" for an absent optional text. Borrowed. */
const char *content_tr(const content_pack *pack, const content_text *text, int lang);

/* A UI string by key in language lang. Returns the key itself when the pack
 * has no such string, so a missing string is visible rather than a crash. */
const char *content_ui(const content_pack *pack, const char *key, int lang);

/* Index of the language with this code, or -1. */
int content_lang_index(const content_pack *pack, const char *code);

/* Index of the category / item with this id, or -1. */
int content_category_index(const content_pack *pack, const char *id);
int content_item_index(const content_pack *pack, const char *id);

/* Items of category cat, in file order: writes up to max indexes into out,
 * returns how many there are in all. */
int content_items_in_category(const content_pack *pack, int cat, int *out, int max);

#endif
