/* content_validate.c -- the rules of pack.json, questions.json and
 * toolkit.json (see content_validate.h and assets/README.md).
 *
 * The rules in one place, so the README can be checked against them:
 *   - every object has only the keys listed here (a typo is a problem);
 *   - ids are [a-z0-9-]{1,31}, unique per kind (questions; options across
 *     the whole question set, because helps_with names them unqualified;
 *     categories; items);
 *   - questions[0] is a "scale" of 2..7 options valued 1..n in order with
 *     face-N icons; the follow-ups are "multi" or "text";
 *   - items name an existing category, helps_with names existing option ids,
 *     url is http(s) and short enough for a readable QR code;
 *   - at least one urgent item (low scores always get one), and no empty
 *     category (it would be an empty screen).
 * Lengths are CONTENT_LIMIT_* of content_load.h.
 */
#include "content_validate.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define SCALE_MIN_OPTIONS 2
#define SCALE_MAX_OPTIONS 7
#define SCALE_MAX_FACE 5
#define VERSION_MAX_CHARS (CONTENT_VERSION_MAX - 1)

/* ---- pack.json ---------------------------------------------------------- */

static bool is_lang_code(const char *s)
{
    /* "en", "cy", "pt-BR", "zh-Hant": 2-3 lower-case letters, then an
     * optional "-" and 2-4 letters or digits; must fit lang_code[]. */
    size_t base = strspn(s, "abcdefghijklmnopqrstuvwxyz");
    if (base < 2 || base > 3)
        return false;
    if (s[base] == '\0')
        return true;
    if (s[base] != '-')
        return false;
    size_t tail = strspn(s + base + 1, "abcdefghijklmnopqrstuvwxyz"
                                       "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
    return tail >= 2 && tail <= 4 && s[base + 1 + tail] == '\0' &&
           base + 1 + tail < CONTENT_LANG_CODE_MAX;
}

/* One entry of "languages" into slot i of the pack. */
static bool read_language(content_json *reader, const cJSON *entry, const char *path,
                          content_pack *pack, int i)
{
    static const char *const keys[] = {"code", "name", "needs_review", NULL};
    char child[CONTENT_PATH_MAX];
    if (!cJSON_IsObject(entry)) {
        content_json_problem(reader, path, "expected {\"code\": ..., \"name\": ...}");
        return false;
    }
    content_json_keys(reader, entry, path, keys);
    const char *code = content_json_string(reader, entry, path, "code", true, 16);
    const char *name = content_json_string(reader, entry, path, "name", true,
                                           CONTENT_LIMIT_LANG_NAME);
    const char *review = content_json_string(reader, entry, path, "needs_review", false,
                                             CONTENT_LIMIT_UI_BODY);
    bool good = code && name &&
                (review || !cJSON_GetObjectItemCaseSensitive(entry, "needs_review"));
    content_json_path_key(child, path, "code");
    if (code && !is_lang_code(code)) {
        content_json_problem(reader, child, "not a language code like \"en\" or \"pt-BR\"");
        return false;
    }
    for (int j = 0; code && j < i; j++)
        if (strcmp(pack->lang_code[j], code) == 0) {
            content_json_problem(reader, child, "language \"%s\" listed twice", code);
            return false;
        }
    if (!good)
        return false;
    memcpy(pack->lang_code[i], code, strlen(code) + 1);
    pack->lang_needs_review[i] = review != NULL;
    if (!(pack->lang_name.s[i] = strdup(name)))
        reader->nomem = true;
    return true;
}

static void read_version(content_json *reader, const cJSON *root, content_pack *pack)
{
    const char *version = content_json_string(reader, root, "$", "version", true,
                                              VERSION_MAX_CHARS);
    if (!version)
        return;
    if (strspn(version, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._+-") !=
        strlen(version)) {
        content_json_problem(reader, "$.version", "use only letters, digits and . _ + - "
                             "(like \"2026.11-sample\")");
        return;
    }
    memcpy(pack->version, version, strlen(version) + 1);
}

bool content_validate_pack_file(content_json *reader, const cJSON *root, content_pack *pack)
{
    static const char *const keys[] = {"format", "version", "sample", "notice",
                                       "default_language", "languages", NULL};
    char path[CONTENT_PATH_MAX];
    int format = 0;
    content_json_keys(reader, root, "$", keys);
    if (content_json_int(reader, root, "$", "format", true, 0, INT_MAX, &format) &&
        format != CONTENT_FORMAT)
        content_json_problem(reader, "$.format", "unsupported format %d (this kiosk reads "
                             "format %d)", format, CONTENT_FORMAT);
    read_version(reader, root, pack);
    content_json_bool(reader, root, "$", "sample", false, &pack->sample);
    if (pack->sample && !cJSON_GetObjectItemCaseSensitive(root, "notice"))
        content_json_problem(reader, "$.notice", "missing (a sample pack must say so in a notice)");
    content_json_string(reader, root, "$", "notice", false, CONTENT_LIMIT_NOTICE);

    const cJSON *langs = content_json_array(reader, root, "$", "languages", true, 1,
                                            CONTENT_MAX_LANGS);
    int n = langs ? cJSON_GetArraySize(langs) : 0;
    bool langs_good = n >= 1 && n <= CONTENT_MAX_LANGS;
    pack->n_langs = langs_good ? n : 0;
    for (int i = 0; pack->n_langs > 0 && i < n; i++) { /* every entry, even after a bad one */
        content_json_path_index(path, "$.languages", i);
        langs_good = read_language(reader, cJSON_GetArrayItem(langs, i), path, pack, i) &&
                     langs_good;
    }
    const char *fallback = content_json_string(reader, root, "$", "default_language", true, 16);
    pack->default_lang = langs_good && fallback ? content_lang_index(pack, fallback) : 0;
    if (langs_good && fallback && pack->default_lang < 0) {
        content_json_problem(reader, "$.default_language", "\"%s\" is not one of the pack's "
                             "languages", fallback);
        pack->default_lang = 0;
    }
    if (!langs_good)
        pack->n_langs = 0;
    return langs_good;
}

/* ---- questions.json ----------------------------------------------------- */

/* The path of option o of question q, for "first at ..." in duplicates. */
static void option_id_path(char out[CONTENT_PATH_MAX], int q, int o)
{
    char question[CONTENT_PATH_MAX], options[CONTENT_PATH_MAX], option[CONTENT_PATH_MAX];
    content_json_path_index(question, "$.questions", q);
    content_json_path_key(options, question, "options");
    content_json_path_index(option, options, o);
    content_json_path_key(out, option, "id");
}

/* Option ids are unique across the whole question set. */
static void check_option_unique(content_json *reader, const content_pack *pack, int q, int o,
                                const char *id, const char *path)
{
    for (int qq = 0; qq <= q; qq++) {
        const content_question *other = &pack->questions[qq];
        int end = qq == q ? o : other->n_options;
        for (int oo = 0; oo < end; oo++) {
            if (strcmp(other->options[oo].id, id) != 0)
                continue;
            char first[CONTENT_PATH_MAX];
            option_id_path(first, qq, oo);
            content_json_problem(reader, path, "duplicate id \"%s\" (first at %s)", id, first);
            return;
        }
    }
}

static void read_option(content_json *reader, const cJSON *entry, const char *path,
                        content_pack *pack, int q, int o)
{
    static const char *const scale_keys[] = {"id", "value", "icon", "label", NULL};
    static const char *const multi_keys[] = {"id", "icon", "label", NULL};
    content_question *question = &pack->questions[q];
    content_option *option = &question->options[o];
    bool scale = question->type == QUESTION_SCALE;
    char child[CONTENT_PATH_MAX];
    if (!cJSON_IsObject(entry)) {
        content_json_problem(reader, path, "expected an option {\"id\": ..., \"label\": ...}");
        return;
    }
    content_json_keys(reader, entry, path, scale ? scale_keys : multi_keys);
    content_json_path_key(child, path, "id");
    if (content_json_id(reader, entry, path, "id", option->id))
        check_option_unique(reader, pack, q, o, option->id, child);
    content_json_path_key(child, path, "value");
    if (scale && content_json_int(reader, entry, path, "value", true, INT_MIN, INT_MAX,
                                  &option->value) && option->value != o + 1)
        content_json_problem(reader, child, "value %d out of order (expected %d: values run 1, 2, "
                             "3 ... from the worst answer)", option->value, o + 1);
    content_json_path_key(child, path, "icon");
    if (content_json_id(reader, entry, path, "icon", option->icon) && scale) {
        const char *icon = option->icon;
        if (strlen(icon) != 6 || strncmp(icon, "face-", 5) != 0 || icon[5] < '1' ||
            icon[5] > '0' + SCALE_MAX_FACE)
            content_json_problem(reader, child, "unknown icon \"%s\" (a scale option uses face-1 "
                                 "to face-5)", option->icon);
    }
    content_json_text(reader, entry, path, "label", CONTENT_LIMIT_LABEL, CONTENT_TEXT_REQUIRED,
                      &option->label);
}

static bool parse_question_type(content_json *reader, const cJSON *entry, const char *path,
                                question_type *type)
{
    const char *name = content_json_string(reader, entry, path, "type", true, 16);
    char child[CONTENT_PATH_MAX];
    content_json_path_key(child, path, "type");
    if (!name)
        return false;
    if (strcmp(name, "scale") == 0)
        *type = QUESTION_SCALE;
    else if (strcmp(name, "multi") == 0)
        *type = QUESTION_MULTI;
    else if (strcmp(name, "text") == 0)
        *type = QUESTION_TEXT;
    else {
        static const char *const types[] = {"scale", "multi", "text"};
        const char *near = content_json_closest(name, types, 3);
        if (near)
            content_json_problem(reader, child, "unknown question type \"%s\" (did you mean "
                                 "\"%s\"?)", name, near);
        else
            content_json_problem(reader, child, "unknown question type \"%s\" (expected scale, "
                                 "multi or text)", name);
        return false;
    }
    return true;
}

static void read_options(content_json *reader, const cJSON *entry, const char *path,
                         content_pack *pack, int q)
{
    content_question *question = &pack->questions[q];
    bool scale = question->type == QUESTION_SCALE;
    char options_path[CONTENT_PATH_MAX], option_path[CONTENT_PATH_MAX];
    const cJSON *options = content_json_array(reader, entry, path, "options", true,
                                              scale ? SCALE_MIN_OPTIONS : 1,
                                              scale ? SCALE_MAX_OPTIONS : CONTENT_MAX_OPTIONS);
    int n = options ? cJSON_GetArraySize(options) : 0;
    question->n_options = n < CONTENT_MAX_OPTIONS ? n : CONTENT_MAX_OPTIONS;
    content_json_path_key(options_path, path, "options");
    for (int o = 0; o < question->n_options; o++) {
        content_json_path_index(option_path, options_path, o);
        read_option(reader, cJSON_GetArrayItem(options, o), option_path, pack, q, o);
    }
}

static void read_question(content_json *reader, const cJSON *entry, const char *path,
                          content_pack *pack, int q)
{
    static const char *const choice_keys[] = {"id", "type", "prompt", "hint", "options", NULL};
    static const char *const text_keys[] = {"id", "type", "prompt", "hint", "max_length", NULL};
    static const char *const any_keys[] = {"id", "type", "prompt", "hint", "options",
                                           "max_length", NULL};
    content_question *question = &pack->questions[q];
    char child[CONTENT_PATH_MAX];
    if (!cJSON_IsObject(entry)) {
        content_json_problem(reader, path, "expected a question {\"id\": ..., \"type\": ...}");
        return;
    }
    bool typed = parse_question_type(reader, entry, path, &question->type);
    content_json_keys(reader, entry, path, !typed ? any_keys
                      : question->type == QUESTION_TEXT ? text_keys : choice_keys);
    content_json_path_key(child, path, "id");
    if (content_json_id(reader, entry, path, "id", question->id))
        for (int other = 0; other < q; other++)
            if (strcmp(pack->questions[other].id, question->id) == 0) {
                content_json_problem(reader, child, "duplicate id \"%s\" (first at "
                                     "$.questions[%d].id)", question->id, other);
                break;
            }
    content_json_path_key(child, path, "type");
    if (typed && q == 0 && question->type != QUESTION_SCALE)
        content_json_problem(reader, child, "the first question is the check-in and must be "
                             "\"scale\"");
    if (typed && q > 0 && question->type == QUESTION_SCALE)
        content_json_problem(reader, child, "only the first question may be \"scale\" (follow-ups "
                             "are multi or text)");
    content_json_text(reader, entry, path, "prompt", CONTENT_LIMIT_PROMPT, CONTENT_TEXT_REQUIRED,
                      &question->prompt);
    content_json_text(reader, entry, path, "hint", CONTENT_LIMIT_HINT, 0, &question->hint);
    if (!typed) {
        /* Still read its options as chips, so that toolkit items naming
         * them do not each get a second, misleading problem. */
        question->type = QUESTION_MULTI;
        if (cJSON_GetObjectItemCaseSensitive(entry, "options"))
            read_options(reader, entry, path, pack, q);
        return;
    }
    if (question->type == QUESTION_TEXT)
        content_json_int(reader, entry, path, "max_length", true, 1, CONTENT_TEXT_MAX_LENGTH,
                         &question->max_length);
    else
        read_options(reader, entry, path, pack, q);
}

void content_validate_questions(content_json *reader, const cJSON *root, content_pack *pack)
{
    static const char *const keys[] = {"id", "questions", NULL};
    char path[CONTENT_PATH_MAX];
    content_json_keys(reader, root, "$", keys);
    content_json_id(reader, root, "$", "id", pack->question_set_id);
    const cJSON *questions = content_json_array(reader, root, "$", "questions", true, 1,
                                                CONTENT_MAX_QUESTIONS);
    int n = questions ? cJSON_GetArraySize(questions) : 0;
    pack->n_questions = n < CONTENT_MAX_QUESTIONS ? n : CONTENT_MAX_QUESTIONS;
    for (int q = 0; q < pack->n_questions; q++) {
        content_json_path_index(path, "$.questions", q);
        read_question(reader, cJSON_GetArrayItem(questions, q), path, pack, q);
    }
}

/* ---- toolkit.json ------------------------------------------------------- */

static void read_category(content_json *reader, const cJSON *entry, const char *path,
                          content_pack *pack, int c)
{
    static const char *const keys[] = {"id", "icon", "title", "blurb", NULL};
    content_category *category = &pack->categories[c];
    char child[CONTENT_PATH_MAX];
    if (!cJSON_IsObject(entry)) {
        content_json_problem(reader, path, "expected a category {\"id\": ..., \"title\": ...}");
        return;
    }
    content_json_keys(reader, entry, path, keys);
    content_json_path_key(child, path, "id");
    if (content_json_id(reader, entry, path, "id", category->id))
        for (int other = 0; other < c; other++)
            if (strcmp(pack->categories[other].id, category->id) == 0) {
                content_json_problem(reader, child, "duplicate id \"%s\" (first at "
                                     "$.categories[%d].id)", category->id, other);
                break;
            }
    content_json_id(reader, entry, path, "icon", category->icon);
    content_json_text(reader, entry, path, "title", CONTENT_LIMIT_TITLE, CONTENT_TEXT_REQUIRED,
                      &category->title);
    content_json_text(reader, entry, path, "blurb", CONTENT_LIMIT_BLURB, CONTENT_TEXT_REQUIRED,
                      &category->blurb);
}

/* Reports a reference to a missing id, with the closest existing one. */
static void report_missing_id(content_json *reader, const char *path, const char *id,
                              const char *const ids[], int n, const char *what)
{
    const char *near = content_json_closest(id, ids, n);
    if (near)
        content_json_problem(reader, path, "no %s has the id \"%s\" (did you mean \"%s\"?)", what,
                             id, near);
    else
        content_json_problem(reader, path, "no %s has the id \"%s\"", what, id);
}

/* Is id an option anywhere in the question set? Else reports it. */
static void check_option_exists(content_json *reader, const content_pack *pack, const char *id,
                                const char *path)
{
    const char *ids[CONTENT_MAX_QUESTIONS * CONTENT_MAX_OPTIONS];
    int n = 0;
    for (int q = 0; q < pack->n_questions; q++)
        for (int o = 0; o < pack->questions[q].n_options; o++) {
            if (strcmp(pack->questions[q].options[o].id, id) == 0)
                return;
            ids[n++] = pack->questions[q].options[o].id;
        }
    report_missing_id(reader, path, id, ids, n, "answer option in questions.json");
}

static int find_category(content_json *reader, const content_pack *pack, const char *id,
                         const char *path)
{
    const char *ids[CONTENT_MAX_CATEGORIES];
    int found = content_category_index(pack, id);
    if (found >= 0)
        return found;
    for (int c = 0; c < pack->n_categories; c++)
        ids[c] = pack->categories[c].id;
    report_missing_id(reader, path, id, ids, pack->n_categories, "category");
    return -1;
}

static void read_helps_with(content_json *reader, const cJSON *entry, const char *path,
                            content_pack *pack, content_item *item, bool options_known)
{
    char list_path[CONTENT_PATH_MAX], child[CONTENT_PATH_MAX];
    const cJSON *helps = content_json_array(reader, entry, path, "helps_with", false, 0,
                                            CONTENT_MAX_HELPS);
    int n = helps ? cJSON_GetArraySize(helps) : 0;
    content_json_path_key(list_path, path, "helps_with");
    for (int h = 0; h < n && h < CONTENT_MAX_HELPS; h++) {
        char *id = item->helps_with[h];
        content_json_path_index(child, list_path, h);
        if (!content_json_id_value(reader, cJSON_GetArrayItem(helps, h), child, id))
            continue;
        item->n_helps = h + 1;
        if (options_known)
            check_option_exists(reader, pack, id, child);
        for (int other = 0; other < h; other++)
            if (strcmp(item->helps_with[other], id) == 0) {
                content_json_problem(reader, child, "\"%s\" listed twice", id);
                break;
            }
    }
}

static void read_url(content_json *reader, const cJSON *entry, const char *path,
                     content_item *item)
{
    char child[CONTENT_PATH_MAX];
    const char *url = content_json_string(reader, entry, path, "url", false, CONTENT_LIMIT_URL);
    if (!url)
        return;
    content_json_path_key(child, path, "url");
    size_t len = strlen(url);
    size_t scheme = strncmp(url, "https://", 8) == 0 ? 8 : strncmp(url, "http://", 7) == 0 ? 7 : 0;
    if (scheme == 0) {
        content_json_problem(reader, child, "a link must start with https:// or http://");
        return;
    }
    if (len > CONTENT_LIMIT_URL) {
        content_json_problem(reader, child, "too long (%zu bytes, at most %d for a readable QR "
                             "code)", len, CONTENT_LIMIT_URL);
        return;
    }
    if (len == scheme || url[scheme] == '/' || url[scheme] == '.') {
        content_json_problem(reader, child, "no web site name after %.*s", (int)scheme, url);
        return;
    }
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)url[i] <= ' ' || (unsigned char)url[i] >= 0x7F) {
            content_json_problem(reader, child, "a link may not contain spaces or non-ASCII "
                                 "characters (write them %%-encoded)");
            return;
        }
    if (!(item->url = strdup(url)))
        reader->nomem = true;
}

static void read_item(content_json *reader, const cJSON *entry, const char *path,
                      content_pack *pack, int i, bool options_known)
{
    static const char *const keys[] = {"id", "category", "title", "summary", "body", "good_for",
                                       "url", "urgent", "helps_with", NULL};
    content_item *item = &pack->items[i];
    char child[CONTENT_PATH_MAX], category[CONTENT_ID_MAX];
    if (!cJSON_IsObject(entry)) {
        content_json_problem(reader, path, "expected an item {\"id\": ..., \"title\": ...}");
        return;
    }
    content_json_keys(reader, entry, path, keys);
    content_json_path_key(child, path, "id");
    if (content_json_id(reader, entry, path, "id", item->id))
        for (int other = 0; other < i; other++)
            if (strcmp(pack->items[other].id, item->id) == 0) {
                content_json_problem(reader, child, "duplicate id \"%s\" (first at "
                                     "$.items[%d].id)", item->id, other);
                break;
            }
    content_json_path_key(child, path, "category");
    item->category = -1;
    if (content_json_id(reader, entry, path, "category", category))
        item->category = find_category(reader, pack, category, child);
    content_json_text(reader, entry, path, "title", CONTENT_LIMIT_TITLE, CONTENT_TEXT_REQUIRED,
                      &item->title);
    content_json_text(reader, entry, path, "summary", CONTENT_LIMIT_SUMMARY,
                      CONTENT_TEXT_REQUIRED, &item->summary);
    content_json_text(reader, entry, path, "body", CONTENT_LIMIT_BODY,
                      CONTENT_TEXT_REQUIRED | CONTENT_TEXT_MULTILINE, &item->body);
    content_json_text(reader, entry, path, "good_for", CONTENT_LIMIT_GOOD_FOR,
                      CONTENT_TEXT_REQUIRED, &item->good_for);
    read_url(reader, entry, path, item);
    content_json_bool(reader, entry, path, "urgent", false, &item->urgent);
    read_helps_with(reader, entry, path, pack, item, options_known);
}

/* The rules about the toolkit as a whole. */
static void check_toolkit(content_json *reader, const content_pack *pack)
{
    bool urgent = false;
    char path[CONTENT_PATH_MAX];
    for (int i = 0; i < pack->n_items; i++)
        urgent = urgent || pack->items[i].urgent;
    if (!urgent)
        content_json_problem(reader, "$.items", "no urgent item (at least one item needs "
                             "\"urgent\": true; it is offered after every low score)");
    for (int c = 0; c < pack->n_categories; c++) {
        if (!pack->categories[c].id[0] || content_items_in_category(pack, c, NULL, 0) > 0)
            continue;
        content_json_path_index(path, "$.categories", c);
        content_json_problem(reader, path, "category \"%s\" has no item (it would be an empty "
                             "screen)", pack->categories[c].id);
    }
}

void content_validate_toolkit(content_json *reader, const cJSON *root, content_pack *pack,
                              bool options_known)
{
    static const char *const keys[] = {"categories", "items", NULL};
    char path[CONTENT_PATH_MAX];
    content_json_keys(reader, root, "$", keys);
    const cJSON *categories = content_json_array(reader, root, "$", "categories", true, 1,
                                                 CONTENT_MAX_CATEGORIES);
    int n = categories ? cJSON_GetArraySize(categories) : 0;
    pack->n_categories = n < CONTENT_MAX_CATEGORIES ? n : CONTENT_MAX_CATEGORIES;
    for (int c = 0; c < pack->n_categories; c++) {
        content_json_path_index(path, "$.categories", c);
        read_category(reader, cJSON_GetArrayItem(categories, c), path, pack, c);
    }
    const cJSON *items = content_json_array(reader, root, "$", "items", true, 1,
                                            CONTENT_MAX_ITEMS);
    n = items ? cJSON_GetArraySize(items) : 0;
    pack->n_items = n < CONTENT_MAX_ITEMS ? n : CONTENT_MAX_ITEMS;
    for (int i = 0; i < pack->n_items; i++) {
        content_json_path_index(path, "$.items", i);
        read_item(reader, cJSON_GetArrayItem(items, i), path, pack, i, options_known);
    }
    if (items)
        check_toolkit(reader, pack);
}
