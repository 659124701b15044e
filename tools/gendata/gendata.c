/* gendata.c -- the synthetic data generator behind staffroom-gendata.
 *
 * The answers are spread over (day, area) cells in proportion to a weight
 * (area size x weekday/weekend x a little noise), by cumulative rounding,
 * so exactly N answers come out and the data is written in day order, as a
 * collector would receive it. The noise for a cell is a hash of (seed,
 * day, area), not a draw from the main generator, so the weights can be
 * summed in a first pass and met again in the second without storing them.
 *
 * Everything random comes from one seeded generator (gendata_random.h):
 * the same seed gives the same file, answer ids included (synthetic ids:
 * the kiosk's come from the OS's random source).
 *
 * Speed (10 million answers must be practical for the benchmark): one
 * prepared statement per table, the local hour starts of a day computed
 * once per day rather than per answer, and a transaction per batch_rows
 * rows. Pragmas are the caller's business (staffroom-gendata relaxes
 * synchronous for the bulk load).
 */
#define _DEFAULT_SOURCE /* struct tm's tm_gmtoff via mktime */
#include "gendata.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "collector/collector_schema.h"
#include "gendata/gendata_random.h"
#include "report/report_period.h"

#define BASE_SCORE 3.3
#define NIGHT_EFFECT (-0.45)
#define WEEKEND_EFFECT (-0.2)
#define WINTER_EFFECT (-0.15)     /* at midwinter, 0 at midsummer */
#define SCORE_NOISE 0.95          /* standard deviation around the mean */
#define NIGHT_SHARE 0.35
#define WEEKEND_VOLUME 0.7
#define ITEM_USE_CHANCE 0.03      /* per kiosk, item and day */
#define OTHER_LANGUAGE_SHARE 0.05

static const char *const SITE_NAMES[] = {
    "St Elsewhere General", "Riverside Community", "Northgate Infirmary", "Hillside Memorial",
    "Meadowbank", "Castlefield", "Harbour View", "Oakwood", "Westmoor", "Eastbridge",
    "Kingsmead", "Larkhill"};
static const char *const AREA_NAMES[] = {
    "Emergency Department", "Intensive Care", "Maternity", "Theatres", "Outpatients",
    "Children's Ward"};
static const char *const STAFF_GROUPS[] = {"nursing", "medical", "allied-health", "support"};

#define COUNT_OF(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* ---- names and options ------------------------------------------------ */

void gendata_site_name(int site, char *out, size_t size)
{
    if (site < COUNT_OF(SITE_NAMES))
        snprintf(out, size, "%s", SITE_NAMES[site]);
    else
        snprintf(out, size, "Site %d", site + 1);
}

void gendata_area_name(int area, char *out, size_t size)
{
    if (area < COUNT_OF(AREA_NAMES))
        snprintf(out, size, "%s", AREA_NAMES[area]);
    else
        snprintf(out, size, "Ward %d", area + 1);
}

void gendata_options_default(gendata_options *o)
{
    memset(o, 0, sizeof *o);
    o->answers = 1000;
    o->sites = 3;
    o->areas_per_site = 4;
    o->days = 90;
    o->start_day = collector_local_day((long long)time(NULL)) - o->days;
    o->seed = 1;
    o->batch_rows = GENDATA_DEFAULT_BATCH;
    o->followups = true;
    o->item_uses = true;
}

static bool parse_place(const char *text, int max, int *out)
{
    char *end = NULL;
    long value = strtol(text, &end, 10);
    if (end == text || *end != '\0' || value < 1 || value > max)
        return false;
    *out = (int)value - 1;
    return true;
}

sr_status gendata_parse_intervention(const char *text, gendata_intervention *out, char *err,
                                     size_t err_size)
{
    char buf[256], *field[5] = {0};
    int n = 0;
    memset(out, 0, sizeof *out);
    out->site = out->area = -1;
    if (strlen(text) >= sizeof buf) {
        snprintf(err, err_size, "'%.40s...' is too long", text);
        return SR_E_INVALID;
    }
    strcpy(buf, text);
    for (char *p = buf, *colon; n < 5 && p; p = colon ? colon + 1 : NULL) {
        colon = strchr(p, ':');
        if (colon)
            *colon = '\0';
        field[n++] = p;
        if (n == 5 && colon)
            n = 6; /* too many fields */
    }
    char *end = NULL;
    if (n >= 3)
        out->delta = strtod(field[2], &end);
    if (n < 3 || n > 5) {
        snprintf(err, err_size, "'%s' is not DATE:LABEL:DELTA[:SITE[:AREA]]", text);
    } else if (!report_parse_date(field[0], &out->day)) {
        snprintf(err, err_size, "'%s': '%s' is not a date YYYY-MM-DD", text, field[0]);
    } else if (field[1][0] == '\0' || strlen(field[1]) >= GENDATA_LABEL_MAX) {
        snprintf(err, err_size, "'%s': the label must have 1 to %d characters", text,
                 GENDATA_LABEL_MAX - 1);
    } else if (end == field[2] || *end != '\0' || !(fabs(out->delta) <= 4.0)) {
        snprintf(err, err_size, "'%s': '%s' is not a score change from -4 to +4", text, field[2]);
    } else if (n >= 4 && !parse_place(field[3], GENDATA_MAX_SITES, &out->site)) {
        snprintf(err, err_size, "'%s': '%s' is not a site number (1, 2, ...)", text, field[3]);
    } else if (n == 5 && !parse_place(field[4], GENDATA_MAX_AREAS, &out->area)) {
        snprintf(err, err_size, "'%s': '%s' is not an area number (1, 2, ...)", text, field[4]);
    } else {
        snprintf(out->label, sizeof out->label, "%s", field[1]);
        return SR_OK;
    }
    return SR_E_INVALID;
}

/* ---- the writer ------------------------------------------------------- */

enum { ST_ANSWER, ST_CHOICE, ST_USE, ST_DEVICE, ST_INTERVENTION, ST_COUNT };

typedef struct writer {
    sqlite3 *db;
    const gendata_options *o;
    const content_pack *pack;
    sqlite3_stmt *st[ST_COUNT];
    gendata_random random;
    long long rows_in_batch;
    gendata_stats stats;
    double *site_level, *area_level;   /* score offsets */
    double *area_size;                 /* volume weights */
    long long hour_start[24];          /* UTC seconds of today's local hours */
    int today;                         /* the day hour_start is for */
    char *err;
    size_t err_size;
} writer;

static sr_status sql_fail(writer *w, const char *doing)
{
    snprintf(w->err, w->err_size, "%s: %s", doing, sqlite3_errmsg(w->db));
    int rc = sqlite3_errcode(w->db);
    return rc == SQLITE_FULL ? SR_E_FULL : rc == SQLITE_NOMEM ? SR_E_NOMEM : SR_E_IO;
}

static sr_status prepare(writer *w)
{
    static const char *const SQL[ST_COUNT] = {
        "INSERT INTO answer (id, device, site, area, staff_group, question_set,"
        " content_version, lang, period, day, shift, score, option)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        "INSERT INTO answer_choice (answer_id, question, option) VALUES (?,?,?)",
        "INSERT INTO item_use (id, device, site, area, staff_group, day, item, count)"
        " VALUES (?,?,?,?,?,?,?,?)",
        "INSERT INTO device (id, site, area, staff_group, registered) VALUES (?,?,?,?,1)"
        " ON CONFLICT (id) DO UPDATE SET site = excluded.site, area = excluded.area,"
        " staff_group = excluded.staff_group, registered = 1",
        "INSERT INTO intervention (day, site, area, label, rebaseline) VALUES (?,?,?,?,1)",
    };
    for (int i = 0; i < ST_COUNT; i++)
        if (sqlite3_prepare_v2(w->db, SQL[i], -1, &w->st[i], NULL) != SQLITE_OK)
            return sql_fail(w, "preparing the inserts");
    return SR_OK;
}

static sr_status step(writer *w, sqlite3_stmt *st, const char *doing)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc == SQLITE_DONE ? SR_OK : sql_fail(w, doing);
}

/* Counts a row; at batch_rows, commits and begins the next transaction. */
static sr_status count_row(writer *w)
{
    if (++w->rows_in_batch < w->o->batch_rows)
        return SR_OK;
    w->rows_in_batch = 0;
    if (sqlite3_exec(w->db, "COMMIT; BEGIN", NULL, NULL, NULL) != SQLITE_OK)
        return sql_fail(w, "committing a batch");
    return SR_OK;
}

typedef struct place {
    int site, area;              /* indices */
    char site_name[GENDATA_NAME_MAX], area_name[GENDATA_NAME_MAX];
    char device[32];
    const char *staff_group;
} place;

static void place_of(int index, int areas_per_site, place *p)
{
    p->site = index / areas_per_site;
    p->area = index % areas_per_site;
    gendata_site_name(p->site, p->site_name, sizeof p->site_name);
    gendata_area_name(p->area, p->area_name, sizeof p->area_name);
    snprintf(p->device, sizeof p->device, "site%03d-area%02d", p->site + 1, p->area + 1);
    p->staff_group = STAFF_GROUPS[p->area % COUNT_OF(STAFF_GROUPS)];
}

static void bind_place(sqlite3_stmt *st, int first, const place *p)
{
    sqlite3_bind_text(st, first, p->device, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, first + 1, p->site_name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, first + 2, p->area_name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, first + 3, p->staff_group, -1, SQLITE_STATIC);
}

static sr_status write_devices_and_interventions(writer *w)
{
    int n_places = w->o->sites * w->o->areas_per_site;
    for (int i = 0; i < n_places; i++) {
        place p;
        place_of(i, w->o->areas_per_site, &p);
        bind_place(w->st[ST_DEVICE], 1, &p);
        sr_status status = step(w, w->st[ST_DEVICE], "writing a device");
        if (status != SR_OK)
            return status;
        w->stats.devices++;
    }
    for (int i = 0; i < w->o->n_interventions; i++) {
        const gendata_intervention *iv = &w->o->interventions[i];
        char site[GENDATA_NAME_MAX] = "", area[GENDATA_NAME_MAX] = "";
        if (iv->site >= 0)
            gendata_site_name(iv->site, site, sizeof site);
        if (iv->site >= 0 && iv->area >= 0)
            gendata_area_name(iv->area, area, sizeof area);
        sqlite3_stmt *st = w->st[ST_INTERVENTION];
        sqlite3_bind_int(st, 1, iv->day);
        sqlite3_bind_text(st, 2, site, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 3, area, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 4, iv->label, -1, SQLITE_STATIC);
        sr_status status = step(w, st, "writing an intervention");
        if (status != SR_OK)
            return status;
    }
    return SR_OK;
}

/* The UTC start of each local hour of day (DST days included: mktime
 * resolves a missing or doubled hour). */
static void compute_hours(writer *w, int day)
{
    int year, month, mday;
    report_date_from_day(day, &year, &month, &mday);
    for (int h = 0; h < 24; h++) {
        struct tm tm = {.tm_year = year - 1900, .tm_mon = month - 1, .tm_mday = mday,
                        .tm_hour = h, .tm_isdst = -1};
        w->hour_start[h] = (long long)mktime(&tm);
    }
    w->today = day;
}

/* The mean score of a place on a day, on a day or night shift. */
static double mean_score(const writer *w, const place *p, int day, bool night)
{
    int year, month, mday;
    report_date_from_day(day, &year, &month, &mday);
    int day_of_year = day - report_day_from_date(year, 1, 1);
    double mean = BASE_SCORE + w->site_level[p->site] +
                  w->area_level[p->site * w->o->areas_per_site + p->area];
    mean += WINTER_EFFECT * cos(6.283185307179586 * (day_of_year - 15) / 365.25);
    if (report_weekday(day) >= 5)
        mean += WEEKEND_EFFECT;
    if (night)
        mean += NIGHT_EFFECT;
    for (int i = 0; i < w->o->n_interventions; i++) {
        const gendata_intervention *iv = &w->o->interventions[i];
        if (day >= iv->day && (iv->site < 0 || iv->site == p->site) &&
            (iv->area < 0 || iv->area == p->area))
            mean += iv->delta;
    }
    return mean;
}

/* Picks up to `want` distinct options of question q, earlier options more
 * often (weight 1 / (1 + index)), and writes them for answer id. */
static sr_status write_choices(writer *w, const char *id, const content_question *q, int want)
{
    unsigned picked = 0;
    double total = 0;
    for (int j = 0; j < q->n_options; j++)
        total += 1.0 / (1 + j);
    for (int tries = 0; want > 0 && tries < 4 * q->n_options; tries++) {
        double x = gendata_uniform(&w->random) * total;
        int j = 0;
        while (j < q->n_options - 1 && (x -= 1.0 / (1 + j)) >= 0)
            j++;
        if (picked & (1u << j))
            continue;
        picked |= 1u << j;
        want--;
        sqlite3_stmt *st = w->st[ST_CHOICE];
        sqlite3_bind_text(st, 1, id, 32, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, q->id, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, q->options[j].id, -1, SQLITE_STATIC);
        sr_status status = step(w, st, "writing a choice");
        if (status == SR_OK)
            status = count_row(w);
        if (status != SR_OK)
            return status;
        w->stats.choices++;
    }
    return SR_OK;
}

/* The follow-ups: the first multi question ("what affected you") more
 * often and with more picks after a hard shift; the others ("what helped")
 * more often after a good one. */
static sr_status write_followups(writer *w, const char *id, int score)
{
    int multi_seen = 0;
    for (int q = 1; q < w->pack->n_questions; q++) {
        const content_question *question = &w->pack->questions[q];
        if (question->type != QUESTION_MULTI || question->n_options == 0)
            continue;
        bool first = multi_seen++ == 0;
        double chance = first ? 0.45 + 0.1 * (3 - score) : 0.25 + 0.05 * score;
        if (gendata_uniform(&w->random) >= chance)
            continue;
        int want = 1 + (gendata_uniform(&w->random) < (first && score <= 2 ? 0.6 : 0.3)) +
                   (gendata_uniform(&w->random) < 0.15);
        sr_status status = write_choices(w, id, question, want);
        if (status != SR_OK)
            return status;
    }
    return SR_OK;
}

static const content_option *score_option(const content_pack *pack, int score)
{
    const content_question *q = &pack->questions[0];
    for (int i = 0; i < q->n_options; i++)
        if (q->options[i].value == score)
            return &q->options[i];
    return &q->options[0];
}

static sr_status write_answer(writer *w, const place *p, int day)
{
    bool night = gendata_uniform(&w->random) < NIGHT_SHARE;
    /* Night answers fall from 19:00 to 07:00, day answers from 07:00 to
     * 19:00 (the two 12-hour NHS shifts, as the kiosk's default bands). */
    int hour = night ? (19 + gendata_below(&w->random, 12)) % 24 : 7 + gendata_below(&w->random, 12);
    double mean = mean_score(w, p, day, night);
    int score = (int)lround(mean + SCORE_NOISE * gendata_gaussian(&w->random));
    score = score < 1 ? 1 : score > 5 ? 5 : score;
    if (w->today != day)
        compute_hours(w, day);
    long long period = w->hour_start[hour];
    int lang = w->pack->n_langs > 1 && gendata_uniform(&w->random) < OTHER_LANGUAGE_SHARE
                   ? 1 + gendata_below(&w->random, w->pack->n_langs - 1)
                   : w->pack->default_lang;
    char id[33];
    gendata_hex_id(&w->random, id);
    sqlite3_stmt *st = w->st[ST_ANSWER];
    sqlite3_bind_text(st, 1, id, 32, SQLITE_STATIC);
    bind_place(st, 2, p);
    sqlite3_bind_text(st, 6, w->pack->question_set_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, w->pack->version, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 8, w->pack->lang_code[lang], -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 9, period);
    sqlite3_bind_int(st, 10, collector_local_day(period));
    sqlite3_bind_text(st, 11, night ? "night" : "day", -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 12, score);
    sqlite3_bind_text(st, 13, score_option(w->pack, score)->id, -1, SQLITE_STATIC);
    sr_status status = step(w, st, "writing an answer");
    if (status == SR_OK)
        status = count_row(w);
    if (status == SR_OK && w->o->followups)
        status = write_followups(w, id, score);
    if (status != SR_OK)
        return status;
    if (++w->stats.answers % 1000000 == 0 && w->o->progress)
        fprintf(w->o->progress, "gendata: %lld of %lld answers\n", w->stats.answers,
                w->o->answers);
    return SR_OK;
}

static sr_status write_uses(writer *w, const place *p, int day)
{
    for (int i = 0; i < w->pack->n_items; i++) {
        if (gendata_uniform(&w->random) >= ITEM_USE_CHANCE)
            continue;
        char id[33];
        gendata_hex_id(&w->random, id);
        sqlite3_stmt *st = w->st[ST_USE];
        sqlite3_bind_text(st, 1, id, 32, SQLITE_STATIC);
        bind_place(st, 2, p);
        sqlite3_bind_int(st, 6, day);
        sqlite3_bind_text(st, 7, w->pack->items[i].id, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 8, 1 + gendata_below(&w->random, 4));
        sr_status status = step(w, st, "writing an item use");
        if (status == SR_OK)
            status = count_row(w);
        if (status != SR_OK)
            return status;
        w->stats.uses++;
    }
    return SR_OK;
}

/* The share of the answers a (day, area) cell gets, unnormalised. */
static double cell_weight(const writer *w, int day_index, int place_index)
{
    int day = w->o->start_day + day_index;
    double weekday = report_weekday(day) >= 5 ? WEEKEND_VOLUME : 1.0;
    double noise = 0.7 + 0.6 * gendata_hashed_uniform(w->o->seed, (uint64_t)day_index, (uint64_t)place_index);
    return w->area_size[place_index] * weekday * noise;
}

static sr_status write_all(writer *w)
{
    int n_places = w->o->sites * w->o->areas_per_site;
    double total = 0;
    for (int d = 0; d < w->o->days; d++)
        for (int i = 0; i < n_places; i++)
            total += cell_weight(w, d, i);
    double cumulative = 0;
    long long written = 0;
    for (int d = 0; d < w->o->days; d++) {
        int day = w->o->start_day + d;
        for (int i = 0; i < n_places; i++) {
            place p;
            place_of(i, w->o->areas_per_site, &p);
            cumulative += cell_weight(w, d, i);
            long long target = llround((double)w->o->answers * (cumulative / total));
            if (target > w->o->answers)
                target = w->o->answers;
            sr_status status = SR_OK;
            for (; written < target && status == SR_OK; written++)
                status = write_answer(w, &p, day);
            if (status == SR_OK && w->o->item_uses)
                status = write_uses(w, &p, day);
            if (status != SR_OK)
                return status;
        }
    }
    return SR_OK;
}

static bool options_ok(const gendata_options *o, const content_pack *pack, char *err, size_t size)
{
    const char *why = NULL;
    if (o->answers < 1 || o->answers > GENDATA_MAX_ANSWERS)
        why = "answers must be from 1 to 1000000000";
    else if (o->sites < 1 || o->sites > GENDATA_MAX_SITES)
        why = "sites must be from 1 to 200";
    else if (o->areas_per_site < 1 || o->areas_per_site > GENDATA_MAX_AREAS)
        why = "areas per site must be from 1 to 50";
    else if (o->days < 1 || o->days > GENDATA_MAX_DAYS)
        why = "days must be from 1 to 3660";
    else if (o->start_day < 0 || o->batch_rows < 1 || o->n_interventions < 0 ||
             o->n_interventions > GENDATA_MAX_INTERVENTIONS)
        why = "bad start day, batch size or intervention count";
    else if (pack->n_questions < 1 || pack->questions[0].type != QUESTION_SCALE)
        why = "the content pack's first question is not a scale";
    for (int i = 0; !why && i < o->n_interventions; i++)
        if (o->interventions[i].site >= o->sites || o->interventions[i].area >= o->areas_per_site)
            why = "an intervention names a site or area number beyond --sites/--areas-per-site";
    if (why)
        snprintf(err, size, "%s", why);
    return why == NULL;
}

static sr_status set_up_levels(writer *w)
{
    int n_places = w->o->sites * w->o->areas_per_site;
    w->site_level = calloc((size_t)w->o->sites, sizeof *w->site_level);
    w->area_level = calloc((size_t)n_places, sizeof *w->area_level);
    w->area_size = calloc((size_t)n_places, sizeof *w->area_size);
    if (!w->site_level || !w->area_level || !w->area_size) {
        snprintf(w->err, w->err_size, "out of memory");
        return SR_E_NOMEM;
    }
    for (int s = 0; s < w->o->sites; s++)
        w->site_level[s] = 0.5 * (gendata_uniform(&w->random) - 0.5);
    for (int i = 0; i < n_places; i++) {
        w->area_level[i] = 0.6 * (gendata_uniform(&w->random) - 0.5);
        w->area_size[i] = 0.5 + gendata_uniform(&w->random);
    }
    return SR_OK;
}

sr_status gendata_write(sqlite3 *db, const gendata_options *o, const content_pack *pack,
                        gendata_stats *stats, char *err, size_t err_size)
{
    if (!options_ok(o, pack, err, err_size))
        return SR_E_INVALID;
    writer w = {.db = db, .o = o, .pack = pack, .today = -1, .err = err, .err_size = err_size};
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    gendata_seed(&w.random, o->seed);
    sr_status status = set_up_levels(&w);
    if (status == SR_OK)
        status = prepare(&w);
    if (status == SR_OK && sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
        status = sql_fail(&w, "beginning");
    if (status == SR_OK)
        status = write_devices_and_interventions(&w);
    if (status == SR_OK)
        status = write_all(&w);
    if (status == SR_OK && sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        status = sql_fail(&w, "committing");
    if (status != SR_OK && !sqlite3_get_autocommit(db))
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    for (int i = 0; i < ST_COUNT; i++)
        sqlite3_finalize(w.st[i]);
    free(w.site_level);
    free(w.area_level);
    free(w.area_size);
    clock_gettime(CLOCK_MONOTONIC, &end);
    w.stats.seconds = (double)(end.tv_sec - start.tv_sec) + (end.tv_nsec - start.tv_nsec) / 1e9;
    if (stats)
        *stats = w.stats;
    return status;
}
