/* main.c -- staffroom-gendata: fills a collector store with synthetic
 * check-ins (see gendata.h for what the data looks like).
 *
 *   staffroom-gendata --db FILE [--answers N] [--sites M] [--areas-per-site K]
 *                     [--days D] [--start DATE] [--seed S]
 *                     [--intervention DATE:LABEL:DELTA[:SITE[:AREA]]] ...
 *
 * Exit codes: 0 done, 1 the store could not be written, 2 bad arguments or
 * a bad content pack.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "collector/collector_schema.h"
#include "content/content_load.h"
#include "gendata/gendata.h"
#include "report/cli_options.h"
#include "report/report_period.h"

#define PROGRAM "staffroom-gendata"

static const cli_option OPTIONS[] = {
    {"--db", "FILE", 0, "the collector store to add to (created if missing)"},
    {"--answers", "N", 0, "how many answers (default 1000)"},
    {"--sites", "M", 0, "how many sites (default 3, at most 200)"},
    {"--areas-per-site", "K", 0, "areas (one kiosk each) per site (default 4, at most 50)"},
    {"--days", "D", 0, "how many days of data (default 90)"},
    {"--start", "DATE", 0, "first day, YYYY-MM-DD (default: D days before today)"},
    {"--seed", "S", 0, "random seed: the same seed writes the same rows (default 1)"},
    {"--intervention", "SPEC", GENDATA_MAX_INTERVENTIONS,
     "DATE:LABEL:DELTA[:SITE[:AREA]]: from DATE the mean score moves by DELTA"},
    {"--content", "DIR", 0, "content pack for question and item ids (default assets/content)"},
    {"--batch", "ROWS", 0, "rows per transaction (default 50000)"},
    {"--no-followups", NULL, 0, "write no follow-up choices"},
    {"--no-item-uses", NULL, 0, "write no toolkit item openings"},
    {"--quiet", NULL, 0, "print nothing but errors"},
    {"--help", NULL, 0, "show this help"},
};
#define N_OPTIONS ((int)(sizeof OPTIONS / sizeof OPTIONS[0]))

static void print_help(void)
{
    printf("Usage: " PROGRAM " --db FILE [options]\n\n"
           "Adds synthetic check-ins to a Staffroom collector store, for trying\n"
           "staffroom-report, its charts, tests and benchmarks. Scores 1..5 are lower\n"
           "on night shifts and at weekends; follow-up choices and toolkit items come\n"
           "from the content pack; an --intervention moves the mean score from its date\n"
           "on and is recorded for the charts. Rollups are kept by the store's triggers.\n\n"
           "Options:\n");
    cli_print_options(stdout, OPTIONS, N_OPTIONS);
    printf("\nExamples:\n"
           "  " PROGRAM " --db demo.db --answers 50000 --sites 2 --areas-per-site 3 \\\n"
           "      --days 365 --start 2025-01-01 --intervention '2025-06-02:yoga began:+0.4:1:2'\n"
           "  " PROGRAM " --db big.db --answers 10000000 --sites 20 --areas-per-site 8 --days 1095\n\n"
           "Sites are numbered from 1 in the order printed at the end; an intervention\n"
           "without SITE applies everywhere, without AREA to the whole site.\n"
           "Exit codes: 0 done, 1 the store could not be written, 2 bad arguments.\n");
}

static int usage_error(const char *message)
{
    fprintf(stderr, PROGRAM ": %s\nTry '" PROGRAM " --help'.\n", message);
    return 2;
}

/* Reads the options into o; on a mistake writes the reason into err. */
static bool read_options(const cli_args *args, gendata_options *o, char *err, size_t size)
{
    long long answers = o->answers, sites = o->sites, areas = o->areas_per_site;
    long long days = o->days, seed = (long long)o->seed, batch = o->batch_rows;
    if (!cli_integer(args, "--answers", 1, GENDATA_MAX_ANSWERS, &answers, err, size) ||
        !cli_integer(args, "--sites", 1, GENDATA_MAX_SITES, &sites, err, size) ||
        !cli_integer(args, "--areas-per-site", 1, GENDATA_MAX_AREAS, &areas, err, size) ||
        !cli_integer(args, "--days", 1, GENDATA_MAX_DAYS, &days, err, size) ||
        !cli_integer(args, "--seed", 0, 0x7fffffffffffffffLL, &seed, err, size) ||
        !cli_integer(args, "--batch", 1, 10000000, &batch, err, size))
        return false;
    o->answers = answers;
    o->sites = (int)sites;
    o->areas_per_site = (int)areas;
    o->days = (int)days;
    o->seed = (unsigned long long)seed;
    o->batch_rows = (int)batch;
    o->start_day = collector_local_day((long long)time(NULL)) - o->days;
    const char *start = cli_value(args, "--start");
    if (start && !report_parse_date(start, &o->start_day)) {
        snprintf(err, size, "--start: '%s' is not a date YYYY-MM-DD", start);
        return false;
    }
    o->followups = !cli_flag(args, "--no-followups");
    o->item_uses = !cli_flag(args, "--no-item-uses");
    o->n_interventions = cli_count(args, "--intervention");
    for (int i = 0; i < o->n_interventions; i++) {
        char why[200];
        if (gendata_parse_intervention(cli_value_at(args, "--intervention", i),
                                       &o->interventions[i], why, sizeof why) != SR_OK) {
            snprintf(err, size, "--intervention: %s", why);
            return false;
        }
        if (o->interventions[i].site >= o->sites ||
            o->interventions[i].area >= o->areas_per_site) {
            snprintf(err, size, "--intervention: '%s' names a site or area beyond --sites %d "
                     "--areas-per-site %d", cli_value_at(args, "--intervention", i), o->sites,
                     o->areas_per_site);
            return false;
        }
    }
    return true;
}

static void print_summary(const gendata_options *o, const gendata_stats *s, const char *db)
{
    char first[REPORT_DATE_MAX], last[REPORT_DATE_MAX];
    report_format_date(o->start_day, first);
    report_format_date(o->start_day + o->days - 1, last);
    printf("%s: %lld answers, %lld follow-up choices, %lld toolkit item uses;\n"
           "  %d sites x %d areas, %s to %s, %.1f s (%.0f answers/s)\n",
           db, s->answers, s->choices, s->uses, o->sites, o->areas_per_site, first, last,
           s->seconds, s->seconds > 0 ? s->answers / s->seconds : 0.0);
    for (int i = 0; i < o->sites && i < 12; i++) {
        char name[GENDATA_NAME_MAX];
        gendata_site_name(i, name, sizeof name);
        printf("  site %d: %s\n", i + 1, name);
    }
    if (o->sites > 12)
        printf("  ... site N: \"Site N\"\n");
}

static int generate(const char *db_path, const char *content_dir, gendata_options *o, bool quiet)
{
    static content_pack pack; /* large: not on the stack */
    content_report report = {0};
    if (content_load(content_dir, &pack, &report) != SR_OK) {
        fprintf(stderr, PROGRAM ": --content %s: the content pack is not usable:\n",
                content_dir);
        content_report_print(&report, stderr);
        return 2;
    }
    sqlite3 *db = NULL;
    char err[512];
    int code = 1;
    if (collector_schema_open(db_path, &db, err, sizeof err) != SR_OK) {
        fprintf(stderr, PROGRAM ": %s\n", err);
        goto done;
    }
    /* A bulk load: a power cut may lose the last batches, never the file. */
    sqlite3_exec(db, "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -262144;", NULL, NULL,
                 NULL);
    o->progress = quiet ? NULL : stderr;
    gendata_stats stats;
    sr_status status = gendata_write(db, o, &pack, &stats, err, sizeof err);
    if (status != SR_OK) {
        fprintf(stderr, PROGRAM ": %s: %s\n", db_path, err);
        code = status == SR_E_INVALID ? 2 : 1;
        goto done;
    }
    if (!quiet)
        print_summary(o, &stats, db_path);
    code = 0;
done:
    sqlite3_close(db);
    content_pack_free(&pack);
    return code;
}

int main(int argc, char **argv)
{
    cli_args args;
    char err[CLI_ERROR_MAX];
    if (!cli_parse(&args, OPTIONS, N_OPTIONS, argc - 1, argv + 1, 0, err, sizeof err))
        return usage_error(err);
    if (cli_flag(&args, "--help")) {
        print_help();
        return 0;
    }
    const char *db = cli_value(&args, "--db");
    if (!db)
        return usage_error("--db: missing: name the collector store to write (--db FILE)");
    gendata_options o;
    gendata_options_default(&o);
    if (!read_options(&args, &o, err, sizeof err))
        return usage_error(err);
    const char *content = cli_value(&args, "--content");
    return generate(db, content ? content : "assets/content", &o, cli_flag(&args, "--quiet"));
}
