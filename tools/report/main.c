/* main.c -- staffroom-report: analysts' aggregates and charts from the
 * collector's store, and the store's retention.
 *
 * This file only picks the subcommand (report_commands.h); each one parses
 * its own options. The subcommand may come first, or after "--db FILE"
 * (staffroom-report --db store.db chart ...); with none, the aggregate runs
 * (staffroom-report --db store.db --by site,week).
 *
 * Exit codes: 0 success, 1 runtime failure, 2 bad arguments.
 */
#include <stdio.h>
#include <string.h>

#include "report/report_commands.h"

typedef struct subcommand {
    const char *name;
    int (*run)(int argc, char **argv);
} subcommand;

static const subcommand SUBCOMMANDS[] = {
    {"aggregate", report_cmd_aggregate},
    {"chart", report_cmd_chart},
    {"intervention", report_cmd_intervention},
    {"rebuild-rollups", report_cmd_rebuild},
    {"purge", report_cmd_purge},
};
#define N_SUBCOMMANDS ((int)(sizeof SUBCOMMANDS / sizeof SUBCOMMANDS[0]))

void report_print_overview(FILE *out)
{
    fprintf(out,
            "Usage: " REPORT_PROGRAM " [SUBCOMMAND] --db FILE [options]\n\n"
            "Privacy-safe results from a Staffroom collector store, for analysts and QI leads.\n"
            "Everything is read from daily rollups, never from single answers; any group of\n"
            "fewer than k answers (default 5) is shown as 'suppressed', and so are enough\n"
            "others that no hidden number can be worked out from the totals.\n\n"
            "Subcommands:\n"
            "  aggregate        (the default) answers, mean score, low/high shares, follow-up\n"
            "                   and toolkit counts, by site, area, staff-group, shift,\n"
            "                   question-set and day/week/month; as a table, CSV or JSON\n"
            "  chart            a run chart or XmR chart of one measure over time, as SVG\n"
            "                   and/or PNG, with the numbers behind it as CSV\n"
            "  intervention     add | list | remove dated changes shown on the charts\n"
            "  rebuild-rollups  recompute the rollups from the raw answers still held\n"
            "  purge            delete raw answers older than N days (rollups stay)\n\n"
            "Examples:\n"
            "  " REPORT_PROGRAM " --db store.db --by site,week --from 2025-01-01 --format csv "
            "--output weekly.csv\n"
            "  " REPORT_PROGRAM " --db store.db --by area,shift --site 'St Elsewhere General'\n"
            "  " REPORT_PROGRAM " chart --db store.db --site 'St Elsewhere General' --area "
            "'Intensive Care' --svg icu.svg --csv icu.csv\n"
            "  " REPORT_PROGRAM " intervention add --db store.db --site 'St Elsewhere General' "
            "--date 2025-06-02 --label 'Yoga sessions began' --rebaseline\n"
            "  " REPORT_PROGRAM " purge --db store.db --older-than-days 396\n\n"
            "'" REPORT_PROGRAM " SUBCOMMAND --help' lists a subcommand's options.\n"
            "Exit codes: 0 success, 1 runtime failure, 2 bad arguments.\n");
}

static const subcommand *find(const char *name)
{
    for (int i = 0; name && i < N_SUBCOMMANDS; i++)
        if (strcmp(name, SUBCOMMANDS[i].name) == 0)
            return &SUBCOMMANDS[i];
    return NULL;
}

int main(int argc, char **argv)
{
    const char *first = argc > 1 ? argv[1] : NULL;
    if (!first || strcmp(first, "--help") == 0 || strcmp(first, "-h") == 0) {
        report_print_overview(first ? stdout : stderr);
        return first ? 0 : 2;
    }
    const subcommand *sub = find(first);
    if (sub)
        return sub->run(argc - 2, argv + 2);
    /* "--db FILE SUBCOMMAND ...": move --db FILE after the subcommand. */
    if (argc > 3 && strcmp(first, "--db") == 0 && (sub = find(argv[3]))) {
        char *db_option = argv[1], *db_path = argv[2];
        argv[1] = argv[3];
        argv[2] = db_option;
        argv[3] = db_path;
        return sub->run(argc - 2, argv + 2);
    }
    if (first[0] != '-') {
        char err[CLI_ERROR_MAX];
        snprintf(err, sizeof err, "'%s' is not a subcommand (aggregate, chart, intervention, "
                 "rebuild-rollups, purge)", first);
        return report_usage_error(NULL, err);
    }
    return report_cmd_aggregate(argc - 1, argv + 1);
}
