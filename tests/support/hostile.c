/* hostile.c -- loads the cases of the hostile corpus (see hostile.h).
 *
 * The big, deep and badly encoded cases are made here rather than kept as
 * files: 10 MB of padding and raw invalid bytes do not belong in git, and a
 * generator says plainly what the case is. The generated messages are
 * otherwise valid answers, so the one thing wrong with each is the thing
 * the case is about.
 */
#include "hostile.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define CORPUS_DIR "tests/net/hostile"

/* A valid "use" answer, open at the end for padding: gen:big. */
static const char BIG_HEAD[] =
    "{\"v\":1,\"id\":\"b16b16b16b16b16b16b16b16b16b16b1\",\"period\":1763769600,\"shift\":null,"
    "\"clock\":\"synced\",\"body\":{\"v\":1,\"kind\":\"use\",\"item\":\"yoga-classes\","
    "\"count\":1},\"pad\":\"";
static const char BIG_TAIL[] = "\"}";

/* A valid check-in around the shift "d<bad bytes>y": gen:utf8bad. */
static const char BAD_HEAD[] =
    "{\"v\":1,\"id\":\"bad0bad0bad0bad0bad0bad0bad0bad0\",\"period\":1763805600,\"shift\":\"d";
static const char BAD_TAIL[] =
    "y\",\"clock\":\"synced\",\"body\":{\"v\":1,\"kind\":\"answer\",\"question_set\":"
    "\"shift-checkin\",\"content_version\":\"2026.11-sample\",\"lang\":\"en\",\"score\":2,"
    "\"option\":\"hard\",\"followups\":{\"affected\":[],\"helped\":[]}}}";

static const struct {
    const char *kind;
    const char *bytes;
    size_t len;
} BAD_BYTES[] = {
    {"", "\xff", 1},                  /* never valid in UTF-8 */
    {"overlong", "\xc0\xaf", 2},      /* '/' in two bytes */
    {"overlong-nul", "\xc0\x80", 2},  /* NUL in two bytes ("modified UTF-8") */
    {"surrogate", "\xed\xa0\x80", 3}, /* U+D800, a lone UTF-16 surrogate */
    {"beyond", "\xf4\x90\x80\x80", 4}, /* U+110000 */
    {"truncated", "\xe2\x82", 2},     /* the first two bytes of U+20AC */
    {"continuation", "\x80", 1},      /* a continuation byte on its own */
    {"nul", "\0", 1},                 /* a raw NUL byte */
};

char *hostile_manifest_path(char *out, size_t size)
{
    return testutil_source_path(out, size, CORPUS_DIR "/MANIFEST");
}

/* Concatenates head, n copies of fill (if fill_len), middle, tail. */
static char *assemble(const char *head, size_t head_len, const char *fill, size_t fill_len,
                      size_t copies, const char *tail, size_t tail_len, size_t *len)
{
    *len = head_len + fill_len * copies + tail_len;
    char *out = malloc(*len + 1);
    if (!out)
        return NULL;
    memcpy(out, head, head_len);
    for (size_t i = 0; i < copies; i++)
        memcpy(out + head_len + i * fill_len, fill, fill_len);
    memcpy(out + head_len + fill_len * copies, tail, tail_len);
    out[*len] = '\0';
    return out;
}

static char *generate(const char *spec, size_t *len)
{
    unsigned long n = 0;
    char *end = NULL;
    if (strncmp(spec, "big:", 4) == 0) {
        n = strtoul(spec + 4, &end, 10);
        size_t frame = sizeof BIG_HEAD - 1 + sizeof BIG_TAIL - 1;
        if (*end || n < frame)
            return NULL;
        return assemble(BIG_HEAD, sizeof BIG_HEAD - 1, "a", 1, n - frame, BIG_TAIL,
                        sizeof BIG_TAIL - 1, len);
    }
    if (strncmp(spec, "deep:", 5) == 0) {
        n = strtoul(spec + 5, &end, 10);
        if (*end || n == 0)
            return NULL;
        char *out = assemble("", 0, "[", 1, n, "", 0, len);
        char *closed = out ? assemble(out, n, "]", 1, n, "", 0, len) : NULL;
        free(out);
        return closed;
    }
    if (strncmp(spec, "utf8bad", 7) == 0 && (spec[7] == '\0' || spec[7] == ':')) {
        const char *kind = spec[7] ? spec + 8 : "";
        for (size_t i = 0; i < sizeof BAD_BYTES / sizeof BAD_BYTES[0]; i++) {
            if (strcmp(kind, BAD_BYTES[i].kind) != 0)
                continue;
            char *head = assemble(BAD_HEAD, sizeof BAD_HEAD - 1, BAD_BYTES[i].bytes,
                                  BAD_BYTES[i].len, 1, "", 0, len);
            char *out = head ? assemble(head, *len, "", 0, 0, BAD_TAIL, sizeof BAD_TAIL - 1, len)
                             : NULL;
            free(head);
            return out;
        }
    }
    return NULL;
}

static char *read_file(const char *name, size_t *len)
{
    char path[4096], relative[1100];
    snprintf(relative, sizeof relative, CORPUS_DIR "/%s", name);
    testutil_source_path(path, sizeof path, relative);
    FILE *f = fopen(path, "rb");
    char *out = NULL;
    long size;
    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (out = malloc((size_t)size + 1)) != NULL) {
        *len = fread(out, 1, (size_t)size, f);
        out[*len] = '\0';
        if (*len != (size_t)size) {
            free(out);
            out = NULL;
        }
    }
    fclose(f);
    return out;
}

int hostile_load(const char *manifest_line, void **bytes, size_t *len, char *expected,
                 size_t expected_size)
{
    char line[1024];
    *bytes = NULL;
    *len = 0;
    snprintf(line, sizeof line, "%s", manifest_line);
    line[strcspn(line, "\r\n")] = '\0';
    if (line[0] == '\0' || line[0] == '#')
        return 0;
    char *tab = strchr(line, '\t');
    if (!tab || tab == line || !tab[1]) {
        fprintf(stderr, "hostile: not \"FILE<TAB>EXPECTED\": %s\n", line);
        return -1;
    }
    *tab = '\0';
    snprintf(expected, expected_size, "%s", tab + 1);
    bool generated = strncmp(line, "gen:", 4) == 0;
    *bytes = generated ? generate(line + 4, len) : read_file(line, len);
    if (!*bytes) {
        fprintf(stderr, "hostile: %s: %s\n", line,
                generated ? "unknown generator, or out of memory" : "cannot read the file");
        return -1;
    }
    return 1;
}
