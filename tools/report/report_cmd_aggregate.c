/* report_cmd_aggregate.c -- staffroom-report [aggregate]: counts and scores
 * by group, privacy-safe, as a readable table, CSV or JSON.
 *
 * Also the options every reading command shares (dates, filters, k) and
 * the error helpers, so that every subcommand words its messages alike.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "report/report_commands.h"
#include "report/report_db.h"
#include "report/report_output.h"
#include "report/report_query.h"
#include "report/report_table.h"
#include "report/suppress.h"

int report_usage_error(const char *command, const char *message)
{
    fprintf(stderr, REPORT_PROGRAM "%s%s: %s\nTry '" REPORT_PROGRAM "%s%s --help'.\n",
            command ? " " : "", command ? command : "", message, command ? " " : "",
            command ? command : "");
    return 2;
}

int report_runtime_error(const char *message)
{
    fprintf(stderr, REPORT_PROGRAM ": %s\n", message);
    return 1;
}

static bool read_date(const cli_args *args, const char *name, bool *has, int *day, char *err,
                      size_t err_size)
{
    const char *text = cli_value(args, name);
    if (!text)
        return true;
    if (!report_parse_date(text, day)) {
        snprintf(err, err_size, "%s: '%s' is not a date YYYY-MM-DD", name, text);
        return false;
    }
    *has = true;
    return true;
}

bool report_read_spec_options(const cli_args *args, report_spec *spec, char *err,
                              size_t err_size)
{
    static const char *const FILTERS[REPORT_COLUMN_DIMS] = {"--site", "--area", "--staff-group",
                                                           "--shift", "--question-set"};
    if (!read_date(args, "--from", &spec->has_from, &spec->from_day, err, err_size) ||
        !read_date(args, "--to", &spec->has_to, &spec->to_day, err, err_size))
        return false;
    for (int d = 0; d < REPORT_COLUMN_DIMS; d++) {
        report_filter *f = &spec->filter[d];
        f->n = cli_count(args, FILTERS[d]);
        for (int i = 0; i < f->n; i++)
            f->value[i] = cli_value_at(args, FILTERS[d], i);
    }
    long long k = spec->k;
    if (!cli_integer(args, "--k", 0, 1000000, &k, err, err_size))
        return false;
    spec->k = (int)k;
    return true;
}

static const cli_option OPTIONS[] = {
    REPORT_SPEC_OPTIONS,
    {"--by", "LIST", 0, "group by these, in order: site, area, staff-group, shift, "
                        "question-set, and one of day, week, month (default: no grouping)"},
    {"--measures", "LIST", 0, "scores, followups, items or all (default all)"},
    {"--format", "FORMAT", 0, "table (default), csv or json"},
    {"--output", "FILE", 0, "write to FILE instead of the screen"},
    {"--help", NULL, 0, "show this help"},
};
#define N_OPTIONS ((int)(sizeof OPTIONS / sizeof OPTIONS[0]))

static void print_help(void)
{
    printf("Usage: " REPORT_PROGRAM " [aggregate] --db FILE [--by LIST] [filters] [options]\n\n"
           "Counts and scores by group, read from the store's daily rollups. Every group\n"
           "of fewer than k answers is shown as 'suppressed', and so are as few others as\n"
           "needed to stop a hidden count being worked out from the totals printed.\n\n"
           "Options:\n");
    cli_print_options(stdout, OPTIONS, N_OPTIONS);
    printf("\nThe table: rows are the combinations of every --by name but the last,\n"
           "columns the values of the last. Each row's total, each column's total and the\n"
           "grand total are printed too (level row-total, column-total, total); with one\n"
           "name only the grand total. Suppression protects against those totals.\n"
           "Grouping by area also groups by site (area names repeat across sites).\n\n"
           "Examples:\n"
           "  " REPORT_PROGRAM " --db store.db --by site,week --from 2025-01-01 --format csv\n"
           "  " REPORT_PROGRAM " --db store.db --by area,shift --site 'St Elsewhere General' "
           "--measures scores\n"
           "  " REPORT_PROGRAM " --db store.db --by staff-group,month --format json --output "
           "monthly.json\n");
}

/* Parses and checks everything; on success the spec, format and output
 * path are set. Returns 0, or the exit code after printing why. */
static int read_arguments(int argc, char **argv, cli_args *args, report_spec *spec,
                          report_format *format)
{
    char err[CLI_ERROR_MAX], notes[CLI_ERROR_MAX];
    if (!cli_parse(args, OPTIONS, N_OPTIONS, argc, argv, 0, err, sizeof err))
        return report_usage_error(NULL, err);
    if (cli_flag(args, "--help")) {
        print_help();
        return -1;
    }
    if (!cli_value(args, "--db"))
        return report_usage_error(NULL, "--db: missing: name the collector store (--db FILE)");
    report_spec_default(spec);
    const char *by = cli_value(args, "--by"), *measures = cli_value(args, "--measures");
    const char *format_name = cli_value(args, "--format");
    if (!report_read_spec_options(args, spec, err, sizeof err) ||
        (by && !report_spec_parse_dims(spec, by, err, sizeof err)) ||
        (measures && !report_spec_parse_measures(spec, measures, err, sizeof err)) ||
        !report_spec_check(spec, err, sizeof err, notes, sizeof notes))
        return report_usage_error(NULL, err);
    *format = REPORT_FORMAT_TABLE;
    if (format_name && !report_parse_format(format_name, format)) {
        snprintf(err, sizeof err, "--format: '%s' is not one of table, csv, json", format_name);
        return report_usage_error(NULL, err);
    }
    fputs(notes, stderr);
    return 0;
}

/* Opens the store, reads, suppresses, writes. */
static int run(const char *db_path, const report_spec *spec, report_format format,
               const char *output)
{
    char err[512];
    sqlite3 *db = NULL;
    report_table *table = NULL;
    FILE *out = stdout;
    int code = 1;
    sr_status status = report_db_open(db_path, false, &db, err, sizeof err);
    if (status != SR_OK) {
        code = status == SR_E_NOTFOUND || status == SR_E_CORRUPT ? report_usage_error(NULL, err)
                                                                 : report_runtime_error(err);
        goto done;
    }
    if (report_table_create(spec, &table) != SR_OK) {
        code = report_runtime_error("out of memory");
        goto done;
    }
    status = report_query_run(db, table, err, sizeof err);
    if (status == SR_OK)
        status = report_table_finish(table, err, sizeof err);
    if (status != SR_OK) {
        code = status == SR_E_LIMIT ? report_usage_error(NULL, err) : report_runtime_error(err);
        goto done;
    }
    if (output && !(out = fopen(output, "w"))) {
        snprintf(err, sizeof err, "--output %s: %s", output, strerror(errno));
        code = report_runtime_error(err);
        goto done;
    }
    code = report_output_write(table, format, out, err, sizeof err) == SR_OK
               ? 0
               : report_runtime_error(err);
    if (out != stdout && fclose(out) != 0 && code == 0) {
        snprintf(err, sizeof err, "--output %s: %s", output, strerror(errno));
        code = report_runtime_error(err);
    }
done:
    report_table_free(table);
    sqlite3_close(db);
    return code;
}

int report_cmd_aggregate(int argc, char **argv)
{
    static cli_args args; /* large: not on the stack */
    report_spec spec;
    report_format format;
    int code = read_arguments(argc, argv, &args, &spec, &format);
    if (code != 0)
        return code < 0 ? 0 : code;
    return run(cli_value(&args, "--db"), &spec, format, cli_value(&args, "--output"));
}
