/* report_cmd_admin.c -- the subcommands that write to the store:
 * intervention add | list | remove, rebuild-rollups, purge.
 *
 * Each opens the store through report_db_open(write), i.e.
 * collector_schema_open(): WAL, a busy timeout, so running one beside a
 * live collector waits for the collector's batch rather than failing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "collector/collector_schema.h"
#include "report/intervention.h"
#include "report/report_commands.h"
#include "report/report_db.h"
#include "report/report_output.h"
#include "report/retention.h"

#define ERR_MAX 512

/* Opens the store for writing, or prints why and sets *code. */
static sqlite3 *open_store(const char *command, const char *path, bool write, int *code)
{
    char err[ERR_MAX];
    sqlite3 *db = NULL;
    sr_status status = report_db_open(path, write, &db, err, sizeof err);
    if (status == SR_OK)
        return db;
    *code = status == SR_E_NOTFOUND || status == SR_E_CORRUPT ? report_usage_error(command, err)
                                                              : report_runtime_error(err);
    return NULL;
}

/* Parses argv against options; handles --help and a missing --db. Returns
 * -1 to go on, else the exit code. */
static int parse(const char *command, const cli_option *options, int n_options, int argc,
                 char **argv, int max_positional, cli_args *args, void (*help)(void))
{
    char err[CLI_ERROR_MAX];
    if (!cli_parse(args, options, n_options, argc, argv, max_positional, err, sizeof err))
        return report_usage_error(command, err);
    if (cli_flag(args, "--help")) {
        help();
        return 0;
    }
    if (!cli_value(args, "--db"))
        return report_usage_error(command, "--db: missing: name the collector store (--db FILE)");
    return -1;
}

/* ---- intervention ----------------------------------------------------- */

#define IV "intervention"

static const cli_option ADD_OPTIONS[] = {
    {"--db", "FILE", 0, "the collector store"},
    {"--site", "NAME", 0, "the site it happened at (or --all-sites)"},
    {"--all-sites", NULL, 0, "it applies to every site"},
    {"--area", "NAME", 0, "only this area of the site (default: the whole site)"},
    {"--date", "DATE", 0, "the day it began, YYYY-MM-DD"},
    {"--label", "TEXT", 0, "what it was, 1 to 120 characters (\"yoga sessions began\")"},
    {"--rebaseline", NULL, 0, "XmR charts recalculate their limits from this date"},
    {"--help", NULL, 0, "show this help"},
};
static const cli_option LIST_OPTIONS[] = {
    {"--db", "FILE", 0, "the collector store"},
    {"--site", "NAME", 0, "only this site's (and every site's) interventions"},
    {"--format", "FORMAT", 0, "table (default) or csv"},
    {"--help", NULL, 0, "show this help"},
};
static const cli_option REMOVE_OPTIONS[] = {
    {"--db", "FILE", 0, "the collector store"},
    {"--help", NULL, 0, "show this help"},
};
#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

static void intervention_help(void)
{
    printf("Usage: " REPORT_PROGRAM " " IV " add --db FILE (--site NAME [--area NAME] | "
           "--all-sites) --date YYYY-MM-DD --label TEXT [--rebaseline]\n"
           "       " REPORT_PROGRAM " " IV " list --db FILE [--site NAME] [--format csv]\n"
           "       " REPORT_PROGRAM " " IV " remove --db FILE ID\n\n"
           "Records dated changes (\"yoga sessions began\") that charts show as labelled\n"
           "lines. A chart of one area shows that area's, its site's and every-site\n"
           "interventions; a chart of a site shows the site's and every-site ones.\n\n"
           "add:\n");
    cli_print_options(stdout, ADD_OPTIONS, COUNT(ADD_OPTIONS));
    printf("list:\n");
    cli_print_options(stdout, LIST_OPTIONS, COUNT(LIST_OPTIONS));
    printf("\nExamples:\n"
           "  " REPORT_PROGRAM " " IV " add --db store.db --site 'St Elsewhere General' --area "
           "'Intensive Care' --date 2025-06-02 --label 'Yoga sessions began' --rebaseline\n"
           "  " REPORT_PROGRAM " " IV " list --db store.db\n"
           "  " REPORT_PROGRAM " " IV " remove --db store.db 3\n");
}

static bool read_intervention(const cli_args *args, intervention *iv, char *err, size_t size)
{
    const char *site = cli_value(args, "--site"), *area = cli_value(args, "--area");
    const char *date = cli_value(args, "--date"), *label = cli_value(args, "--label");
    memset(iv, 0, sizeof *iv);
    if (!site == !cli_flag(args, "--all-sites")) {
        snprintf(err, size, site ? "--all-sites: give either --site or --all-sites, not both"
                                 : "--site: missing: name the site (or say --all-sites)");
        return false;
    }
    if (area && !site) {
        snprintf(err, size, "--area: an area needs its --site");
        return false;
    }
    if (!date || !report_parse_date(date, &iv->day)) {
        snprintf(err, size, date ? "--date: '%s' is not a date YYYY-MM-DD"
                                 : "--date: missing: the day it began (--date YYYY-MM-DD)%s",
                 date ? date : "");
        return false;
    }
    if (!label) {
        snprintf(err, size, "--label: missing: say what happened (--label TEXT)");
        return false;
    }
    if (!intervention_label_ok(label, err, size))
        return false;
    if ((site && strlen(site) >= sizeof iv->site) || (area && strlen(area) >= sizeof iv->area)) {
        snprintf(err, size, "--site/--area: names are limited to %d bytes",
                 INTERVENTION_NAME_MAX - 1);
        return false;
    }
    snprintf(iv->site, sizeof iv->site, "%s", site ? site : "");
    snprintf(iv->area, sizeof iv->area, "%s", area ? area : "");
    snprintf(iv->label, sizeof iv->label, "%s", label);
    iv->rebaseline = cli_flag(args, "--rebaseline");
    return true;
}

static int intervention_add_cmd(int argc, char **argv)
{
    static cli_args args;
    int code = parse(IV " add", ADD_OPTIONS, COUNT(ADD_OPTIONS), argc, argv, 0, &args,
                     intervention_help);
    if (code >= 0)
        return code;
    intervention iv;
    char err[ERR_MAX];
    if (!read_intervention(&args, &iv, err, sizeof err))
        return report_usage_error(IV " add", err);
    sqlite3 *db = open_store(IV " add", cli_value(&args, "--db"), true, &code);
    if (!db)
        return code;
    if (iv.site[0] && !intervention_place_known(db, iv.site, iv.area[0] ? iv.area : NULL))
        fprintf(stderr, REPORT_PROGRAM ": warning: no answers from %s%s%s in this store yet "
                "(check the spelling); recorded anyway\n", iv.site, iv.area[0] ? ", " : "",
                iv.area);
    long long id;
    if (intervention_add(db, &iv, &id, err, sizeof err) == SR_OK) {
        printf("intervention %lld recorded\n", id);
        code = 0;
    } else {
        code = report_runtime_error(err);
    }
    sqlite3_close(db);
    return code;
}

static void print_interventions(const intervention *list, int n, bool csv)
{
    char date[REPORT_DATE_MAX];
    if (csv)
        fputs("id,date,site,area,label,rebaseline\r\n", stdout);
    else
        printf("%-4s  %-10s  %-24s  %-20s  %-10s  %s\n", "id", "date", "site", "area",
               "rebaseline", "label");
    for (int i = 0; i < n; i++) {
        const intervention *iv = &list[i];
        report_format_date(iv->day, date);
        const char *site = iv->site[0] ? iv->site : "(every site)";
        const char *area = iv->area[0] ? iv->area : "(whole site)";
        if (!csv) {
            printf("%-4lld  %-10s  %-24s  %-20s  %-10s  %s\n", iv->id, date, site, area,
                   iv->rebaseline ? "yes" : "no", iv->label);
            continue;
        }
        printf("%lld,%s,", iv->id, date);
        report_csv_field(stdout, iv->site, true);
        fputc(',', stdout);
        report_csv_field(stdout, iv->area, true);
        fputc(',', stdout);
        report_csv_field(stdout, iv->label, true);
        printf(",%s\r\n", iv->rebaseline ? "yes" : "no");
    }
}

static int intervention_list_cmd(int argc, char **argv)
{
    static cli_args args;
    int code = parse(IV " list", LIST_OPTIONS, COUNT(LIST_OPTIONS), argc, argv, 0, &args,
                     intervention_help);
    if (code >= 0)
        return code;
    const char *format = cli_value(&args, "--format");
    if (format && strcmp(format, "csv") != 0 && strcmp(format, "table") != 0)
        return report_usage_error(IV " list", "--format: must be table or csv");
    sqlite3 *db = open_store(IV " list", cli_value(&args, "--db"), false, &code);
    if (!db)
        return code;
    intervention *list = NULL;
    int n = 0;
    char err[ERR_MAX];
    if (intervention_list(db, cli_value(&args, "--site"), &list, &n, err, sizeof err) == SR_OK) {
        print_interventions(list, n, format && strcmp(format, "csv") == 0);
        code = 0;
    } else {
        code = report_runtime_error(err);
    }
    free(list);
    sqlite3_close(db);
    return code;
}

static int intervention_remove_cmd(int argc, char **argv)
{
    static cli_args args;
    int code = parse(IV " remove", REMOVE_OPTIONS, COUNT(REMOVE_OPTIONS), argc, argv, 1, &args,
                     intervention_help);
    if (code >= 0)
        return code;
    char *end = NULL, err[ERR_MAX];
    const char *text = args.n_positional ? args.positional[0] : NULL;
    long long id = text ? strtoll(text, &end, 10) : 0;
    if (!text || *end != '\0' || end == text || id < 1) {
        snprintf(err, sizeof err, "ID: %s%s%s (a number from 'intervention list')",
                 text ? "'" : "missing", text ? text : "", text ? "' is not an intervention id" : "");
        return report_usage_error(IV " remove", err);
    }
    sqlite3 *db = open_store(IV " remove", cli_value(&args, "--db"), true, &code);
    if (!db)
        return code;
    sr_status status = intervention_remove(db, id, err, sizeof err);
    sqlite3_close(db);
    if (status == SR_E_NOTFOUND)
        return report_usage_error(IV " remove", err);
    if (status != SR_OK)
        return report_runtime_error(err);
    printf("intervention %lld removed\n", id);
    return 0;
}

int report_cmd_intervention(int argc, char **argv)
{
    const char *action = argc > 0 ? argv[0] : NULL;
    if (action && strcmp(action, "add") == 0)
        return intervention_add_cmd(argc - 1, argv + 1);
    if (action && strcmp(action, "list") == 0)
        return intervention_list_cmd(argc - 1, argv + 1);
    if (action && strcmp(action, "remove") == 0)
        return intervention_remove_cmd(argc - 1, argv + 1);
    if (action && (strcmp(action, "--help") == 0 || strcmp(action, "-h") == 0)) {
        intervention_help();
        return 0;
    }
    char err[CLI_ERROR_MAX];
    snprintf(err, sizeof err, "%s%s%s: say add, list or remove", action ? "'" : "",
             action ? action : "missing action", action ? "' is not an action" : "");
    return report_usage_error(IV, err);
}

/* ---- rebuild-rollups ---------------------------------------------------- */

static const cli_option REBUILD_OPTIONS[] = {
    {"--db", "FILE", 0, "the collector store"},
    {"--help", NULL, 0, "show this help"},
};

static void rebuild_help(void)
{
    printf("Usage: " REPORT_PROGRAM " rebuild-rollups --db FILE\n\n"
           "Recomputes the daily rollups (answers, scores, follow-ups, toolkit views) from\n"
           "the raw answers still held: every day from the store's purged_before on, and\n"
           "answers without a date. Older days have no raw answers left, so their\n"
           "rollups are kept as they are. Safe beside a running collector (it waits).\n\n"
           "Options:\n");
    cli_print_options(stdout, REBUILD_OPTIONS, COUNT(REBUILD_OPTIONS));
    printf("\nExample:\n  " REPORT_PROGRAM " rebuild-rollups --db store.db\n");
}

int report_cmd_rebuild(int argc, char **argv)
{
    static cli_args args;
    int code = parse("rebuild-rollups", REBUILD_OPTIONS, COUNT(REBUILD_OPTIONS), argc, argv, 0,
                     &args, rebuild_help);
    if (code >= 0)
        return code;
    sqlite3 *db = open_store("rebuild-rollups", cli_value(&args, "--db"), true, &code);
    if (!db)
        return code;
    retention_stats stats;
    char err[ERR_MAX], date[REPORT_DATE_MAX];
    if (retention_rebuild_rollups(db, &stats, err, sizeof err) == SR_OK) {
        report_format_date(stats.purged_before, date);
        printf("rebuilt %s: %lld rollup rows, %lld follow-up rows, %lld toolkit rows\n",
               stats.purged_before < 0 ? "every day" : "from", stats.rollups,
               stats.choice_rollups, stats.use_rollups);
        if (stats.purged_before >= 0)
            printf("(days from %s; earlier days are rollups only and were kept)\n", date);
        code = 0;
    } else {
        code = report_runtime_error(err);
    }
    sqlite3_close(db);
    return code;
}

/* ---- purge ----------------------------------------------------------------- */

static const cli_option PURGE_OPTIONS[] = {
    {"--db", "FILE", 0, "the collector store"},
    {"--older-than-days", "N", 0, "delete raw answers of days before today minus N"},
    {"--today", "DATE", 0, "count from this day instead of today (back-filling, tests)"},
    {"--help", NULL, 0, "show this help"},
};

static void purge_help(void)
{
    printf("Usage: " REPORT_PROGRAM " purge --db FILE --older-than-days N\n\n"
           "Deletes raw answers (with their follow-up choices and any free text) and raw\n"
           "toolkit counts of every day before today minus N, overwriting them in the file.\n"
           "Rollups stay, so aggregates and charts still cover those days. Answers without\n"
           "a date are kept (they have no age). The store remembers the first day still\n"
           "held raw (purged_before); rebuild-rollups leaves older days alone.\n\n"
           "Options:\n");
    cli_print_options(stdout, PURGE_OPTIONS, COUNT(PURGE_OPTIONS));
    printf("\nExample (keep 13 months of raw answers):\n"
           "  " REPORT_PROGRAM " purge --db store.db --older-than-days 396\n");
}

int report_cmd_purge(int argc, char **argv)
{
    static cli_args args;
    int code = parse("purge", PURGE_OPTIONS, COUNT(PURGE_OPTIONS), argc, argv, 0, &args,
                     purge_help);
    if (code >= 0)
        return code;
    char err[ERR_MAX], date[REPORT_DATE_MAX];
    long long days = -1;
    int today = collector_local_day((long long)time(NULL));
    const char *today_text = cli_value(&args, "--today");
    if (!cli_integer(&args, "--older-than-days", 0, 100000, &days, err, sizeof err))
        return report_usage_error("purge", err);
    if (days < 0)
        return report_usage_error("purge", "--older-than-days: missing: how many days of raw "
                                           "answers to keep (--older-than-days N)");
    if (today_text && !report_parse_date(today_text, &today)) {
        snprintf(err, sizeof err, "--today: '%s' is not a date YYYY-MM-DD", today_text);
        return report_usage_error("purge", err);
    }
    sqlite3 *db = open_store("purge", cli_value(&args, "--db"), true, &code);
    if (!db)
        return code;
    retention_stats stats;
    int cutoff = today - (int)days;
    if (retention_purge(db, cutoff < 0 ? 0 : cutoff, &stats, err, sizeof err) == SR_OK) {
        report_format_date(stats.purged_before, date);
        printf("deleted %lld answers (%lld follow-up choices, %lld free texts) and %lld toolkit "
               "counts; raw answers are now held from %s; rollups kept\n",
               stats.answers, stats.choices, stats.texts, stats.uses, date);
        code = 0;
    } else {
        code = report_runtime_error(err);
    }
    sqlite3_close(db);
    return code;
}
