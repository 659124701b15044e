/* test_wire.c -- the answer message of the MQTT protocol (app/wire/wire.h)
 * and the hostile corpus; test_wire_ack_status.c has the other messages.
 *
 * What a user would notice: a kiosk's real answers must arrive intact (the
 * body the kiosk committed, byte for byte, decoded into the same ids); a
 * broken or hostile message must be refused with a reason that names the
 * field, never crash the collector, and, where its id can be read, still
 * hand back the id so the kiosk can be told to stop resending it. The
 * whole hostile corpus (tests/net/hostile/MANIFEST) runs through the
 * decoder here, so the collector's integration test can rely on it.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "content/content_load.h"
#include "hostile.h"
#include "kiosk/answer_json.h"
#include "testutil.h"
#include "wire/wire.h"

#define ID_A "0123456789abcdef0123456789abcdef"
#define ID_B "fedcba9876543210fedcba9876543210"
#define PERIOD 1763805600 /* 2025-11-22 10:00 UTC */

#define CHECKIN_BODY                                                                          \
    "{\"v\":1,\"kind\":\"answer\",\"question_set\":\"shift-checkin\",\"content_version\":"     \
    "\"2026.11-sample\",\"lang\":\"en\",\"score\":2,\"option\":\"hard\",\"followups\":{"       \
    "\"affected\":[\"workload\",\"breaks\"],\"helped\":[]}}"

/* ---- helpers ------------------------------------------------------------ */

typedef struct decoded {
    sr_status status;
    wire_answer answer;
    char id[WIRE_ID_HEX];
    char reason[WIRE_REASON_MAX];
} decoded;

static void decode_bytes(decoded *d, const void *bytes, size_t len)
{
    memset(d->reason, 0, sizeof d->reason);
    d->status = wire_answer_decode(bytes, len, &d->answer, d->id, d->reason, sizeof d->reason);
}

static void decode_text(decoded *d, const char *text)
{
    decode_bytes(d, text, strlen(text));
}

/* The answer message for body, synced at PERIOD on the day shift. */
static char *envelope(const char *id, const char *body)
{
    wire_outgoing row = {.id = id, .body = body, .period = PERIOD, .shift = "day",
                         .clock = WIRE_CLOCK_SYNCED};
    char *message = wire_answer_encode(&row);
    assert_non_null(message);
    return message;
}

/* Decodes message and expects a refusal whose reason contains expected. */
static void expect_refused_message(const char *message, const char *expected)
{
    decoded d;
    decode_text(&d, message);
    if (d.status != SR_E_INVALID || !strstr(d.reason, expected))
        fail_msg("%s\n  gave %s \"%s\", expected a refusal with \"%s\"", message,
                 sr_status_str(d.status), d.reason, expected);
    /* Refused: nothing is left for the caller to free. */
    assert_null(d.answer.choices);
    assert_null(d.answer.texts);
    assert_int_equal(d.answer.n_choices, 0);
}

static void expect_refused_body(const char *body, const char *expected)
{
    char *message = envelope(ID_A, body);
    expect_refused_message(message, expected);
    free(message);
}

static void expect_accepted_body(const char *body, decoded *d)
{
    char *message = envelope(ID_A, body);
    decode_text(d, message);
    if (d->status != SR_OK)
        fail_msg("%s\n  refused: %s", message, d->reason);
    free(message);
}

/* ---- answers: round trips ----------------------------------------------- */

static void test_answer_round_trip_keeps_the_body_verbatim(void **state)
{
    (void)state;
    char *message = envelope(ID_A, CHECKIN_BODY);
    /* The body is the stored payload, byte for byte. */
    assert_non_null(strstr(message, ",\"body\":" CHECKIN_BODY "}"));
    decoded d;
    decode_text(&d, message);
    assert_int_equal(d.status, SR_OK);
    assert_string_equal(d.id, ID_A);
    assert_string_equal(d.answer.id, ID_A);
    assert_int_equal(d.answer.clock, WIRE_CLOCK_SYNCED);
    assert_int_equal(d.answer.period, PERIOD);
    assert_string_equal(d.answer.shift, "day");
    assert_int_equal(d.answer.kind, WIRE_KIND_ANSWER);
    assert_string_equal(d.answer.question_set, "shift-checkin");
    assert_string_equal(d.answer.content_version, "2026.11-sample");
    assert_string_equal(d.answer.lang, "en");
    assert_int_equal(d.answer.score, 2);
    assert_string_equal(d.answer.option, "hard");
    assert_int_equal(d.answer.n_choices, 2);
    assert_string_equal(d.answer.choices[0].question, "affected");
    assert_string_equal(d.answer.choices[0].option, "workload");
    assert_string_equal(d.answer.choices[1].option, "breaks");
    assert_int_equal(d.answer.n_texts, 0);
    wire_answer_free(&d.answer);
    wire_answer_free(&d.answer); /* freed answers are empty: a second free is harmless */
    free(message);
}

static void test_answer_unknown_clock_has_no_time(void **state)
{
    (void)state;
    wire_outgoing row = {.id = ID_B, .body = "{\"v\":1,\"kind\":\"use\",\"item\":\"yoga-classes\","
                                             "\"count\":3}",
                         .period = PERIOD, .shift = "night", .clock = WIRE_CLOCK_UNKNOWN};
    char *message = wire_answer_encode(&row);
    assert_non_null(message);
    /* Neither the period nor the shift leaves a kiosk that did not know the time. */
    assert_non_null(strstr(message, "\"period\":null"));
    assert_null(strstr(message, "night"));
    decoded d;
    decode_text(&d, message);
    assert_int_equal(d.status, SR_OK);
    assert_int_equal(d.answer.clock, WIRE_CLOCK_UNKNOWN);
    assert_int_equal(d.answer.period, 0);
    assert_string_equal(d.answer.shift, "");
    assert_int_equal(d.answer.kind, WIRE_KIND_USE);
    assert_string_equal(d.answer.item, "yoga-classes");
    assert_int_equal(d.answer.count, 3);
    wire_answer_free(&d.answer);
    free(message);
}

static void test_answer_encode_refuses_a_body_that_is_not_an_object(void **state)
{
    (void)state;
    static const char *const bodies[] = {"[1]", "3", "{\"v\":1", "", "null"};
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        wire_outgoing row = {.id = ID_A, .body = bodies[i], .clock = WIRE_CLOCK_UNKNOWN};
        assert_null(wire_answer_encode(&row));
    }
    wire_outgoing none = {.id = ID_A, .body = NULL};
    assert_null(wire_answer_encode(&none));
    assert_null(wire_answer_encode(NULL));
}

/* A pack to build real answers from: the shipped one, plus a free-text
 * question (the shipped question set has none). */
static content_pack *real_pack(void)
{
    static content_pack pack;
    content_report report;
    char dir[4096];
    memset(&pack, 0, sizeof pack);
    if (content_load(testutil_source_path(dir, sizeof dir, "assets/content"), &pack, &report) !=
        SR_OK) {
        content_report_print(&report, stderr);
        fail_msg("the shipped pack did not load");
    }
    assert_true(pack.n_questions < CONTENT_MAX_QUESTIONS);
    content_question *text = &pack.questions[pack.n_questions++];
    memset(text, 0, sizeof *text);
    snprintf(text->id, sizeof text->id, "comment");
    text->type = QUESTION_TEXT;
    text->max_length = CONTENT_TEXT_MAX_LENGTH;
    return &pack;
}

/* answer_json_build's output, through the wire and back. */
static void test_real_answer_bodies_decode(void **state)
{
    (void)state;
    content_pack *pack = real_pack();
    static flow_answer a; /* big: the text buffers */
    for (int score_option = 0; score_option < pack->questions[0].n_options; score_option++) {
        memset(&a, 0, sizeof a);
        a.score_option = score_option;
        a.score = pack->questions[0].options[score_option].value;
        a.answered[0] = true;
        a.answered[1] = true;
        a.chosen[1] = 0x5u << score_option; /* two options of "affected" */
        a.lang = score_option % pack->n_langs;
        int text_q = pack->n_questions - 1;
        a.answered[text_q] = score_option % 2 == 0;
        /* The longest text the kiosk allows: 512 characters of 4 bytes. */
        for (int i = 0; i < CONTENT_TEXT_MAX_LENGTH; i++)
            memcpy(a.text[text_q] + 4 * i, "\xf0\x9f\x99\x82", 4); /* U+1F642 */
        a.text[text_q][CONTENT_TEXT_MAX_LENGTH * 4] = '\0';
        char *body = answer_json_build(pack, &a);
        assert_non_null(body);
        decoded d;
        expect_accepted_body(body, &d);
        assert_string_equal(d.answer.question_set, pack->question_set_id);
        assert_string_equal(d.answer.content_version, pack->version);
        assert_string_equal(d.answer.lang, pack->lang_code[a.lang]);
        assert_int_equal(d.answer.score, a.score);
        assert_string_equal(d.answer.option, pack->questions[0].options[score_option].id);
        assert_int_equal(d.answer.n_choices, 2);
        assert_string_equal(d.answer.choices[0].question, pack->questions[1].id);
        assert_string_equal(d.answer.choices[0].option,
                            pack->questions[1].options[score_option].id);
        assert_string_equal(d.answer.choices[1].option,
                            pack->questions[1].options[score_option + 2].id);
        assert_int_equal(d.answer.n_texts, score_option % 2 == 0);
        if (d.answer.n_texts) {
            assert_string_equal(d.answer.texts[0].question, "comment");
            assert_string_equal(d.answer.texts[0].text, a.text[text_q]);
        }
        wire_answer_free(&d.answer);
        free(body);
    }
    content_pack_free(pack);
}

/* ---- answers: refusals -------------------------------------------------- */

static void test_refusals_name_the_field(void **state)
{
    (void)state;
    expect_refused_message("{\"v\":1,\"id\":\"" ID_A "\",\"period\":null,\"clock\":\"unknown\","
                           "\"body\":{\"v\":1,\"kind\":\"use\",\"item\":\"x\",\"count\":0}}",
                           "$.body.count: must be an integer 1..1000000, not 0");
    expect_refused_body("{\"v\":1,\"kind\":\"answer\"}", "$.body.question_set: missing");
    expect_refused_body("{\"kind\":\"answer\"}", "$.body.v: missing");
    expect_refused_body("{\"v\":0,\"kind\":\"answer\"}", "$.body.v: must be the integer 1, not 0");
    expect_refused_body("{\"v\":1,\"kind\":3}",
                        "$.body.kind: must be \"answer\" or \"use\", not 3");
    expect_refused_body("{\"v\":1,\"kind\":\"use\",\"item\":\"\",\"count\":1}",
                        "$.body.item: must be a name");
    expect_refused_body("{\"v\":1,\"kind\":\"use\",\"item\":\"-yoga\",\"count\":1}",
                        "$.body.item: must be a name");
    expect_refused_body("{\"v\":1,\"kind\":\"use\",\"item\":\"yoga\"}", "$.body.count: missing");
    expect_refused_body("{\"v\":1,\"kind\":\"use\",\"item\":\"yoga\",\"count\":true}",
                        "$.body.count: must be an integer 1..1000000, not true");
    expect_refused_message("{\"v\":1,\"id\":\"" ID_A "\",\"period\":null,\"clock\":\"unknown\"}",
                           "$.body: missing");
    expect_refused_message("{\"v\":1,\"id\":\"" ID_A "\",\"body\":{}}", "$.clock: must be");
    expect_refused_message("{\"v\":1,\"id\":\"" ID_A "\",\"period\":4102444860,"
                           "\"clock\":\"synced\",\"body\":{}}",
                           "$.period: must be an integer 1577836800..4102444800, not 4102444860");
    expect_refused_message("{\"id\":\"" ID_A "\"}", "$.v: missing");
    expect_refused_message("{\"v\":1.5}", "$.v: must be the integer 1, not 1.5");
    expect_refused_message("{\"v\":1,\n\"id\":\n\"" ID_A "\",,}",
                           "not JSON: error near '}' at line 3 column 37");
}

static void test_limits_at_their_edges(void **state)
{
    (void)state;
    char body[8192], name[WIRE_NAME_MAX + 1], text[WIRE_TEXT_MAX_BYTES + 2];
    decoded d;
    memset(name, 'q', sizeof name);
    name[WIRE_NAME_MAX - 1] = '\0'; /* 64: the longest name */
    snprintf(body, sizeof body, "{\"v\":1,\"kind\":\"use\",\"item\":\"%s\",\"count\":1000000}",
             name);
    expect_accepted_body(body, &d);
    assert_string_equal(d.answer.item, name);
    assert_int_equal(d.answer.count, WIRE_USE_COUNT_MAX);
    wire_answer_free(&d.answer);
    name[WIRE_NAME_MAX - 1] = 'q'; /* 65 */
    name[WIRE_NAME_MAX] = '\0';
    snprintf(body, sizeof body, "{\"v\":1,\"kind\":\"use\",\"item\":\"%s\",\"count\":1}", name);
    expect_refused_body(body, "$.body.item: must be a name (1..64");

    memset(text, 'x', sizeof text);
    text[WIRE_TEXT_MAX_BYTES] = '\0';
    snprintf(body, sizeof body,
             "{\"v\":1,\"kind\":\"answer\",\"question_set\":\"s\",\"content_version\":\"1\","
             "\"lang\":\"pt-BR\",\"score\":5,\"option\":\"o\",\"followups\":{},"
             "\"text\":{\"comment\":\"%s\",\"other\":\"line\\nline\\ttab\"}}",
             text);
    expect_accepted_body(body, &d);
    assert_int_equal(d.answer.n_texts, 2);
    assert_int_equal(strlen(d.answer.texts[0].text), WIRE_TEXT_MAX_BYTES);
    assert_string_equal(d.answer.texts[1].text, "line\nline\ttab");
    assert_string_equal(d.answer.lang, "pt-BR");
    wire_answer_free(&d.answer);
    expect_refused_body("{\"v\":1,\"kind\":\"answer\",\"question_set\":\"s\",\"content_version\":"
                        "\"1\",\"lang\":\"en\",\"score\":5,\"option\":\"o\",\"followups\":{},"
                        "\"text\":{\"comment\":\"\"}}",
                        "$.body.text.comment: must be 1..2048 bytes long, not 0");
}

/* Appends ",\"kN\":[...]" style members; returns the body. */
static char *body_with_many(int n_questions, int options_each, int n_texts)
{
    size_t size = 320 + (size_t)n_questions * (16 + (size_t)options_each * 8) +
                  (size_t)n_texts * 24;
    char *body = malloc(size);
    assert_non_null(body);
    size_t at = (size_t)snprintf(body, size,
                                 "{\"v\":1,\"kind\":\"answer\",\"question_set\":\"s\","
                                 "\"content_version\":\"1\",\"lang\":\"en\",\"score\":1,"
                                 "\"option\":\"o\",\"followups\":{");
    for (int q = 0; q < n_questions; q++) {
        at += (size_t)snprintf(body + at, size - at, "%s\"q%d\":[", q ? "," : "", q);
        for (int o = 0; o < options_each; o++)
            at += (size_t)snprintf(body + at, size - at, "%s\"o%d\"", o ? "," : "", o);
        at += (size_t)snprintf(body + at, size - at, "]");
    }
    at += (size_t)snprintf(body + at, size - at, "},\"text\":{");
    for (int t = 0; t < n_texts; t++)
        at += (size_t)snprintf(body + at, size - at, "%s\"t%d\":\"x\"", t ? "," : "", t);
    snprintf(body + at, size - at, "}}");
    return body;
}

static void test_counts_are_bounded(void **state)
{
    (void)state;
    decoded d;
    char *body = body_with_many(16, 16, WIRE_MAX_TEXTS); /* 256 choices: the most */
    expect_accepted_body(body, &d);
    assert_int_equal(d.answer.n_choices, WIRE_MAX_CHOICES);
    assert_int_equal(d.answer.n_texts, WIRE_MAX_TEXTS);
    assert_string_equal(d.answer.choices[255].question, "q15");
    assert_string_equal(d.answer.choices[255].option, "o15");
    wire_answer_free(&d.answer);
    free(body);
    body = body_with_many(17, 16, 0);
    expect_refused_body(body, "$.body.followups: more than 256 options chosen");
    free(body);
    body = body_with_many(0, 0, WIRE_MAX_TEXTS + 1);
    expect_refused_body(body, "$.body.text: more than 16 answers");
    free(body);
    body = body_with_many(WIRE_MAX_MEMBERS + 1, 0, 0);
    expect_refused_body(body, "$.body.followups: more than 256 members");
    free(body);
}

static void test_refused_messages_still_give_their_id(void **state)
{
    (void)state;
    decoded d;
    /* Readable id, bad score: the collector can acknowledge it as refused. */
    char *message = envelope(ID_B, "{\"v\":1,\"kind\":\"answer\",\"score\":9}");
    decode_text(&d, message);
    assert_int_equal(d.status, SR_E_INVALID);
    assert_string_equal(d.id, ID_B);
    assert_string_equal(d.answer.id, ""); /* *out is left empty */
    free(message);
    /* A newer version with a readable id: refused, and acknowledgeable. */
    decode_text(&d, "{\"v\":2,\"id\":\"" ID_A "\",\"whatever\":true}");
    assert_int_equal(d.status, SR_E_INVALID);
    assert_string_equal(d.id, ID_A);
    assert_non_null(strstr(d.reason, "$.v: version 2 is newer than this collector understands"));
    /* Unreadable ids give none. */
    decode_text(&d, "{\"v\":1,\"id\":\"" ID_A "x\"}");
    assert_string_equal(d.id, "");
    decode_text(&d, "[\"" ID_A "\"]");
    assert_string_equal(d.id, "");
    /* No id buffer, no reason buffer, a tiny reason buffer: all fine. */
    wire_answer a;
    char tiny[8];
    assert_int_equal(wire_answer_decode("{}", 2, &a, NULL, NULL, 0), SR_E_INVALID);
    assert_int_equal(wire_answer_decode("{}", 2, &a, NULL, tiny, sizeof tiny), SR_E_INVALID);
    assert_int_equal(strlen(tiny), sizeof tiny - 1);
    assert_int_equal(wire_answer_decode(NULL, 0, &a, NULL, tiny, sizeof tiny), SR_E_INVALID);
}

static void test_valid_utf8_passes(void **state)
{
    (void)state;
    /* 2, 3 and 4 byte forms at their edges, and U+FFFF / U+10FFFF. */
    decoded d;
    expect_accepted_body("{\"v\":1,\"kind\":\"answer\",\"question_set\":\"s\",\"content_version\":"
                         "\"2026 h\xc3\xa9t\xc3\xa9 \xe2\x82\xac\",\"lang\":\"cy\",\"score\":3,"
                         "\"option\":\"o\",\"followups\":{},\"text\":{\"c\":\"\xc2\x80\xdf\xbf"
                         "\xe0\xa0\x80\xef\xbf\xbf\xf0\x90\x80\x80\xf4\x8f\xbf\xbf\"}}",
                         &d);
    assert_string_equal(d.answer.content_version, "2026 h\xc3\xa9t\xc3\xa9 \xe2\x82\xac");
    wire_answer_free(&d.answer);
    /* Escaped pairs are fine too; brackets inside strings do not count as nesting. */
    expect_accepted_body("{\"v\":1,\"kind\":\"answer\",\"question_set\":\"s\",\"content_version\":"
                         "\"[[[[[[[[[[{{{{{{{{{\\\"\",\"lang\":\"en\",\"score\":3,\"option\":\"o\","
                         "\"followups\":{},\"text\":{\"c\":\"\\ud83d\\ude42 \\\\u0000\"}}",
                         &d);
    assert_string_equal(d.answer.texts[0].text, "\xf0\x9f\x99\x82 \\u0000");
    wire_answer_free(&d.answer);
}

/* ---- the hostile corpus -------------------------------------------------- */

/* Every file of the corpus folder must be a case of the MANIFEST: a file
 * nobody runs proves nothing. */
static void check_every_file_is_listed(const char *manifest)
{
    char dir[4096];
    DIR *d = opendir(testutil_source_path(dir, sizeof dir, "tests/net/hostile"));
    assert_non_null(d);
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        if (e->d_name[0] < '0' || e->d_name[0] > '9')
            continue; /* MANIFEST, README.md, . and .. */
        char needle[300];
        snprintf(needle, sizeof needle, "\n%s\t", e->d_name);
        if (!strstr(manifest, needle))
            fail_msg("tests/net/hostile/%s is not in the MANIFEST", e->d_name);
    }
    closedir(d);
}

static void run_case(const char *line, int *cases, int *accepted)
{
    void *bytes = NULL;
    size_t len = 0;
    char expected[WIRE_REASON_MAX];
    int loaded = hostile_load(line, &bytes, &len, expected, sizeof expected);
    if (loaded < 0)
        fail_msg("MANIFEST line \"%s\" cannot be loaded", line);
    if (loaded == 0)
        return;
    decoded d;
    decode_bytes(&d, bytes, len);
    bool accept = strcmp(expected, HOSTILE_ACCEPT) == 0;
    if (accept ? d.status != SR_OK : d.status != SR_E_INVALID || !strstr(d.reason, expected))
        fail_msg("%.*s: %s \"%s\", expected %s", (int)strcspn(line, "\t"), line,
                 sr_status_str(d.status), d.reason, expected);
    if (!accept && !d.reason[0])
        fail_msg("%s: refused without a reason", line);
    wire_answer_free(&d.answer);
    free(bytes);
    (*cases)++;
    *accepted += accept;
}

static void test_hostile_corpus(void **state)
{
    (void)state;
    char path[4096], line[1024];
    FILE *f = fopen(hostile_manifest_path(path, sizeof path), "r");
    assert_non_null(f);
    char manifest[32768] = "\n";
    size_t used = 1;
    int cases = 0, accepted = 0;
    while (fgets(line, sizeof line, f)) {
        used += (size_t)snprintf(manifest + used, sizeof manifest - used, "%s", line);
        run_case(line, &cases, &accepted);
    }
    fclose(f);
    check_every_file_is_listed(manifest);
    print_message("hostile corpus: %d cases, %d accepted, %d refused with the expected reason\n",
                  cases, accepted, cases - accepted);
    assert_true(cases >= 30);
    assert_true(accepted >= 1 && accepted < cases);
}

static void test_hostile_loader_refuses_bad_lines(void **state)
{
    (void)state;
    void *bytes = (void *)1;
    size_t len = 1;
    char expected[64];
    assert_int_equal(hostile_load("# a comment\n", &bytes, &len, expected, sizeof expected), 0);
    assert_null(bytes);
    assert_int_equal(hostile_load("\n", &bytes, &len, expected, sizeof expected), 0);
    assert_int_equal(hostile_load("no-tab-here", &bytes, &len, expected, sizeof expected), -1);
    assert_int_equal(hostile_load("gen:nope:3\tx", &bytes, &len, expected, sizeof expected), -1);
    assert_int_equal(hostile_load("99-missing.json\tx", &bytes, &len, expected, sizeof expected),
                     -1);
    assert_int_equal(hostile_load("gen:deep:3\tnested", &bytes, &len, expected, sizeof expected),
                     1);
    assert_int_equal(len, 6);
    assert_memory_equal(bytes, "[[[]]]", 6);
    assert_string_equal(expected, "nested");
    free(bytes);
    assert_int_equal(hostile_load("gen:big:300\tACCEPT\n", &bytes, &len, expected,
                                  sizeof expected), 1);
    assert_int_equal(len, 300);
    free(bytes);
}

/* Mutations of a good message (bytes overwritten with the characters that
 * matter to a parser, cut short, spliced): the decoder must never crash,
 * and must either accept or say why not. ASan/UBSan watch the rest. */
static void test_mutations_never_crash(void **state)
{
    (void)state;
    static const unsigned char interesting[] = {'"', '{', '}', '[', ']', ',', ':', '\\', '0',
                                                '9', '-', 'e', 0x00, 0x80, 0xc0, 0xed, 0xf4,
                                                0xff, ' ', 'u'};
    char *good = envelope(ID_A, "{\"v\":1,\"kind\":\"answer\",\"question_set\":\"s\","
                                "\"content_version\":\"1\",\"lang\":\"en\",\"score\":4,"
                                "\"option\":\"o\",\"followups\":{\"a\":[\"x\",\"y\"]},"
                                "\"text\":{\"c\":\"\\u00e9t\\u00e9\"}}");
    size_t good_len = strlen(good);
    unsigned char *buf = malloc(good_len * 2);
    assert_non_null(buf);
    uint32_t seed = 12345;
    int refused = 0;
    for (int round = 0; round < 20000; round++) {
        size_t len = good_len;
        memcpy(buf, good, good_len);
        int edits = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 4;
        for (int e = 0; e < edits; e++) {
            seed = seed * 1103515245u + 12345u;
            size_t at = (seed >> 8) % len;
            switch ((seed >> 4) % 4) {
            case 0: /* cut short */
                len = at;
                break;
            case 1: /* splice a slice of the message in again */
                if (len + (len - at) / 2 <= good_len * 2) {
                    memcpy(buf + len, buf + at, (len - at) / 2);
                    len += (len - at) / 2;
                }
                break;
            default:
                buf[at] = interesting[(seed >> 16) % sizeof interesting];
            }
            if (len == 0)
                break;
        }
        decoded d;
        decode_bytes(&d, buf, len);
        assert_true(d.status == SR_OK || d.status == SR_E_INVALID);
        if (d.status != SR_OK && !d.reason[0])
            fail_msg("round %d: refused without a reason", round);
        refused += d.status != SR_OK;
        wire_answer_free(&d.answer);
    }
    assert_true(refused > 10000); /* the mutations did mostly break it */
    free(buf);
    free(good);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_answer_round_trip_keeps_the_body_verbatim),
        cmocka_unit_test(test_answer_unknown_clock_has_no_time),
        cmocka_unit_test(test_answer_encode_refuses_a_body_that_is_not_an_object),
        cmocka_unit_test(test_real_answer_bodies_decode),
        cmocka_unit_test(test_refusals_name_the_field),
        cmocka_unit_test(test_limits_at_their_edges),
        cmocka_unit_test(test_counts_are_bounded),
        cmocka_unit_test(test_refused_messages_still_give_their_id),
        cmocka_unit_test(test_valid_utf8_passes),
        cmocka_unit_test(test_hostile_corpus),
        cmocka_unit_test(test_hostile_loader_refuses_bad_lines),
        cmocka_unit_test(test_mutations_never_crash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
