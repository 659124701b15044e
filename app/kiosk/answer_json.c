/* answer_json.c -- builds the answer payload with cJSON (see answer_json.h). */
#include "answer_json.h"

#include <cJSON.h>

static cJSON *chosen_ids(const content_question *q, uint32_t chosen)
{
    cJSON *list = cJSON_CreateArray();
    for (int o = 0; list && o < q->n_options && o < 32; o++)
        if (chosen >> o & 1u)
            cJSON_AddItemToArray(list, cJSON_CreateString(q->options[o].id));
    return list;
}

static bool add_followups(cJSON *root, const content_pack *pack, const flow_answer *a)
{
    cJSON *followups = cJSON_AddObjectToObject(root, "followups");
    cJSON *text = NULL;
    if (!followups)
        return false;
    for (int q = 1; q < pack->n_questions; q++) {
        const content_question *question = &pack->questions[q];
        if (question->type == QUESTION_MULTI) {
            cJSON *ids = chosen_ids(question, a->answered[q] ? a->chosen[q] : 0);
            if (!ids)
                return false;
            cJSON_AddItemToObject(followups, question->id, ids);
        } else if (question->type == QUESTION_TEXT && a->answered[q] && a->text[q][0]) {
            if (!text && !(text = cJSON_AddObjectToObject(root, "text")))
                return false;
            cJSON_AddStringToObject(text, question->id, a->text[q]);
        }
    }
    return true;
}

char *answer_json_build(const content_pack *pack, const flow_answer *a)
{
    const content_question *checkin = &pack->questions[0];
    if (a->score_option < 0 || a->score_option >= checkin->n_options)
        return NULL;
    int lang = a->lang >= 0 && a->lang < pack->n_langs ? a->lang : pack->default_lang;
    char *out = NULL;
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return NULL;
    bool ok = cJSON_AddNumberToObject(root, "v", ANSWER_JSON_VERSION) &&
              cJSON_AddStringToObject(root, "kind", "answer") &&
              cJSON_AddStringToObject(root, "question_set", pack->question_set_id) &&
              cJSON_AddStringToObject(root, "content_version", pack->version) &&
              cJSON_AddStringToObject(root, "lang", pack->lang_code[lang]) &&
              cJSON_AddNumberToObject(root, "score", a->score) &&
              cJSON_AddStringToObject(root, "option", checkin->options[a->score_option].id) &&
              add_followups(root, pack, a);
    if (ok)
        out = cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    return out;
}
