/* answer_json.h -- the payload of one stored answer, as JSON.
 *
 *   {"v":1,"kind":"answer","question_set":"shift-checkin",
 *    "content_version":"2026.11-sample","lang":"en","score":2,"option":"hard",
 *    "followups":{"affected":["workload","breaks"],"helped":[]},
 *    "text":{"comment":"..."}}
 *
 * "followups" has every multi-choice follow-up of the question set, with the
 * ids of the options chosen ([] when skipped or none); "text" appears only
 * when a free-text question was answered. Deliberately absent: any time
 * (the outbox files a coarsened period beside the payload), the device id
 * (the collector knows it from the MQTT topic), and anything that orders
 * answers.
 *
 * Ownership: the returned string is the caller's, freed with free().
 */
#ifndef SR_ANSWER_JSON_H
#define SR_ANSWER_JSON_H

#include "../core/content.h"
#include "../core/flow.h"

#define ANSWER_JSON_VERSION 1

/* NULL when out of memory or the answer has no score. */
char *answer_json_build(const content_pack *pack, const flow_answer *answer);

#endif
