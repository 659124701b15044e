/* content.c -- read-only lookups on a loaded content pack (see content.h).
 * Linear scans on purpose: a pack holds tens of items, and a lookup happens
 * on a tap, not in a loop.
 */
#include "content.h"

#include <stdlib.h>
#include <string.h>

static void text_free(content_text *text)
{
    for (int i = 0; i < CONTENT_MAX_LANGS; i++) {
        free(text->s[i]);
        text->s[i] = NULL;
    }
}

void content_pack_free(content_pack *pack)
{
    if (!pack)
        return;
    text_free(&pack->lang_name);
    for (int q = 0; q < pack->n_questions; q++) {
        content_question *question = &pack->questions[q];
        text_free(&question->prompt);
        text_free(&question->hint);
        for (int o = 0; o < question->n_options; o++)
            text_free(&question->options[o].label);
    }
    for (int c = 0; c < pack->n_categories; c++) {
        text_free(&pack->categories[c].title);
        text_free(&pack->categories[c].blurb);
    }
    for (int i = 0; i < pack->n_items; i++) {
        content_item *item = &pack->items[i];
        text_free(&item->title);
        text_free(&item->summary);
        text_free(&item->body);
        text_free(&item->good_for);
        free(item->url);
    }
    for (int s = 0; s < pack->n_strings; s++)
        text_free(&pack->strings[s].text);
    memset(pack, 0, sizeof *pack);
}

const char *content_tr(const content_pack *pack, const content_text *text, int lang)
{
    if (!pack || !text || lang < 0 || lang >= pack->n_langs || lang >= CONTENT_MAX_LANGS)
        return "";
    return text->s[lang] ? text->s[lang] : "";
}

const char *content_ui(const content_pack *pack, const char *key, int lang)
{
    for (int i = 0; pack && i < pack->n_strings; i++)
        if (strcmp(pack->strings[i].key, key) == 0)
            return content_tr(pack, &pack->strings[i].text, lang);
    return key;
}

int content_lang_index(const content_pack *pack, const char *code)
{
    for (int i = 0; pack && code && i < pack->n_langs; i++)
        if (strcmp(pack->lang_code[i], code) == 0)
            return i;
    return -1;
}

int content_category_index(const content_pack *pack, const char *id)
{
    for (int i = 0; pack && id && i < pack->n_categories; i++)
        if (strcmp(pack->categories[i].id, id) == 0)
            return i;
    return -1;
}

int content_item_index(const content_pack *pack, const char *id)
{
    for (int i = 0; pack && id && i < pack->n_items; i++)
        if (strcmp(pack->items[i].id, id) == 0)
            return i;
    return -1;
}

int content_items_in_category(const content_pack *pack, int cat, int *out, int max)
{
    int count = 0;
    for (int i = 0; pack && i < pack->n_items; i++) {
        if (pack->items[i].category != cat)
            continue;
        if (out && count < max)
            out[count] = i;
        count++;
    }
    return count;
}
