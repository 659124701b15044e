/* content_strings.c -- the table of UI strings a pack must provide, and the
 * reader of strings.json (see content_strings.h).
 *
 * Placeholders: a string may hold "{seconds}" or "{n}" only where the table
 * says so, and then every translation must hold it, because the UI replaces
 * it with a number and a translation without it would silently lose the
 * number. Any other "{word}" is refused as a typo of a placeholder; other
 * braces are ordinary text.
 */
#include "content_strings.h"

#include <stdlib.h>
#include <string.h>

#define BUTTON CONTENT_LIMIT_UI_BUTTON
#define LINE CONTENT_LIMIT_UI
#define BODY CONTENT_LIMIT_UI_BODY
#define ROW_LABEL 32 /* a label in the admin screen's status table */
#define HEADING 32   /* a bold heading on one line inside a column of text */
#define REQUIRED false
#define OPTIONAL true

static const content_string_spec STRINGS[] = {
    {"app_name", REQUIRED, 32, NULL, "the kiosk's name, at the top of the check-in screen"},
    {"idle_prompt_hint", REQUIRED, LINE, NULL, "small line under the check-in question"},
    {"toolkit", REQUIRED, BUTTON, NULL, "button on the check-in screen that opens the toolkit"},
    {"toolkit_title", REQUIRED, CONTENT_LIMIT_TITLE, NULL, "title of the toolkit screen"},
    {"back", REQUIRED, BUTTON, NULL, "button: one screen back"},
    {"home", REQUIRED, BUTTON, NULL, "button: back to the check-in screen"},
    {"next", REQUIRED, BUTTON, NULL, "button: the next follow-up question"},
    {"skip", REQUIRED, BUTTON, NULL, "button: skip this follow-up question"},
    {"done", REQUIRED, BUTTON, NULL, "button: finish and save the check-in"},
    {"followup_optional", REQUIRED, LINE, NULL, "line on every follow-up: they are optional"},
    {"thanks_title", REQUIRED, CONTENT_LIMIT_TITLE, NULL, "title of the thank-you screen"},
    {"thanks_body", REQUIRED, BODY, NULL, "paragraph on the thank-you screen"},
    {"thanks_suggest", REQUIRED, LINE, NULL, "heading over the suggested toolkit items"},
    {"cooldown_note", REQUIRED, LINE, NULL, "shown while the kiosk waits before the next check-in"},
    {"still_there_title", REQUIRED, CONTENT_LIMIT_TITLE, NULL, "title of the idle warning"},
    {"still_there_body", REQUIRED, BODY, "{seconds}", "idle warning; {seconds} is the countdown"},
    {"continue", REQUIRED, BUTTON, NULL, "button on the idle warning: keep going"},
    {"save_failed_title", REQUIRED, CONTENT_LIMIT_TITLE, NULL, "title: an answer was not saved"},
    {"save_failed_body", REQUIRED, BODY, NULL, "paragraph when an answer could not be saved"},
    {"try_again", REQUIRED, BUTTON, NULL, "button: try saving again"},
    {"admin_pin_title", REQUIRED, CONTENT_LIMIT_TITLE, NULL, "title of the admin PIN pad"},
    {"admin_pin_wrong", REQUIRED, LINE, NULL, "shown after a wrong PIN"},
    {"admin_locked", REQUIRED, LINE, NULL, "shown while the PIN pad is locked after wrong tries"},
    {"admin_title", REQUIRED, CONTENT_LIMIT_TITLE, NULL, "title of the admin screen"},
    {"admin_leave", REQUIRED, BUTTON, NULL, "button: leave the admin screen"},
    {"pin_clear", REQUIRED, BUTTON, NULL, "PIN pad key: clear"},
    {"pin_enter", REQUIRED, BUTTON, NULL, "PIN pad key: enter"},
    {"scan_qr", REQUIRED, LINE, NULL, "line beside an item's QR code"},
    {"no_url", REQUIRED, LINE, NULL, "shown instead of a QR code when an item has no link"},
    {"good_for_heading", REQUIRED, HEADING, NULL, "heading over an item's good_for text"},
    {"text_no_names", REQUIRED, LINE, NULL, "reminder above the free-text box"},
    {"text_chars_left", REQUIRED, LINE, "{n}", "under the free-text box; {n} is characters left"},
    {"language", REQUIRED, BUTTON, NULL, "button that changes the language"},
    {"sample_notice", REQUIRED, 120, NULL, "banner shown while the pack is sample content"},
    {"urgent_help", REQUIRED, CONTENT_LIMIT_TITLE, NULL, "heading/button for urgent help"},
    {"keyboard_space", REQUIRED, BUTTON, NULL, "on-screen keyboard: the space bar"},
    {"keyboard_delete", REQUIRED, BUTTON, NULL, "on-screen keyboard: delete key"},
    /* The admin screen is for estates staff: its row labels have English
     * defaults in the UI, and a pack may translate them. */
    {"admin_device", OPTIONAL, ROW_LABEL, NULL, "admin row: the device id"},
    {"admin_site", OPTIONAL, ROW_LABEL, NULL, "admin row: site and area"},
    {"admin_versions", OPTIONAL, ROW_LABEL, NULL, "admin row: program and content versions"},
    {"admin_waiting", OPTIONAL, ROW_LABEL, NULL, "admin row: answers not yet confirmed"},
    {"admin_delivery", OPTIONAL, ROW_LABEL, NULL, "admin row: last send and the broker"},
    {"admin_disk", OPTIONAL, ROW_LABEL, NULL, "admin row: free disk space"},
    {"admin_clock", OPTIONAL, ROW_LABEL, NULL, "admin row: the clock and whether it is synced"},
    {"admin_session", OPTIONAL, ROW_LABEL, NULL, "admin row: counts since the kiosk started"},
    {"admin_error", OPTIONAL, ROW_LABEL, NULL, "admin row: the last error"},
    {"admin_content_problems", OPTIONAL, ROW_LABEL, NULL,
     "admin row: a new content pack was refused, and its first problem"},
};

#define N_STRINGS ((int)(sizeof STRINGS / sizeof STRINGS[0]))

_Static_assert(sizeof STRINGS / sizeof STRINGS[0] <= CONTENT_MAX_STRINGS,
               "every UI string of the table must fit a content_pack");

const content_string_spec *content_strings_table(int *count)
{
    if (count)
        *count = N_STRINGS;
    return STRINGS;
}

const content_string_spec *content_strings_find(const char *key)
{
    for (int i = 0; key && i < N_STRINGS; i++)
        if (strcmp(STRINGS[i].key, key) == 0)
            return &STRINGS[i];
    return NULL;
}

/* Checks the placeholders of one translation at path. */
static void check_placeholders(content_json *reader, const content_string_spec *spec,
                               const char *text, const char *path)
{
    bool has_own = false;
    for (const char *p = strchr(text, '{'); p; p = strchr(p + 1, '{')) {
        size_t n = strspn(p + 1, "abcdefghijklmnopqrstuvwxyz_");
        if (n == 0 || p[1 + n] != '}')
            continue; /* not a placeholder, just a brace */
        if (spec->placeholder && strncmp(p, spec->placeholder, n + 2) == 0 &&
            spec->placeholder[n + 2] == '\0') {
            has_own = true;
            continue;
        }
        content_json_problem(reader, path, "unknown placeholder \"%.*s\" (%s%s)", (int)n + 2, p,
                             spec->placeholder ? "this string may only use " : "this string takes "
                             "no placeholder", spec->placeholder ? spec->placeholder : "");
    }
    if (spec->placeholder && !has_own)
        content_json_problem(reader, path, "must contain %s (the kiosk puts the number there)",
                             spec->placeholder);
}

/* Reads the string at key into slot (or only checks it when slot is NULL). */
static void read_one(content_json *reader, const cJSON *table, const char *path,
                     const content_string_spec *spec, content_string *slot)
{
    int flags = CONTENT_TEXT_REQUIRED | (spec->max_chars >= BODY ? CONTENT_TEXT_MULTILINE : 0);
    content_text text = {0};
    char text_path[CONTENT_PATH_MAX], lang_path[CONTENT_PATH_MAX];
    if (!content_json_text(reader, table, path, spec->key, spec->max_chars, flags, &text))
        goto done;
    content_json_path_key(text_path, path, spec->key);
    for (int i = 0; i < reader->n_langs; i++) {
        content_json_path_key(lang_path, text_path, reader->lang_code[i]);
        if (text.s[i])
            check_placeholders(reader, spec, text.s[i], lang_path);
    }
    if (slot) {
        memcpy(slot->key, spec->key, strlen(spec->key) + 1);
        slot->text = text;
        return;
    }
done:
    for (int i = 0; i < CONTENT_MAX_LANGS; i++)
        free(text.s[i]);
}

void content_strings_read(content_json *reader, const cJSON *root, content_pack *pack)
{
    static const char *const top_keys[] = {"strings", NULL};
    const char *keys[N_STRINGS + 1];
    for (int i = 0; i < N_STRINGS; i++)
        keys[i] = STRINGS[i].key;
    keys[N_STRINGS] = NULL;

    content_json_keys(reader, root, "$", top_keys);
    const cJSON *table = content_json_object(reader, root, "$", "strings", true);
    if (!table)
        return;
    content_json_keys(reader, table, "$.strings", keys);
    pack->n_strings = 0;
    for (int i = 0; i < N_STRINGS; i++) {
        if (!cJSON_GetObjectItemCaseSensitive(table, STRINGS[i].key)) {
            if (STRINGS[i].optional)
                continue;
            content_json_problem(reader, "$.strings", "missing UI string \"%s\" (%s)",
                                 STRINGS[i].key, STRINGS[i].purpose);
            continue;
        }
        content_string *slot = &pack->strings[pack->n_strings];
        read_one(reader, table, "$.strings", &STRINGS[i], slot);
        if (slot->key[0])
            pack->n_strings++;
    }
}
