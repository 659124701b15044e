/* report_commands.h -- the subcommands of staffroom-report.
 *
 *   (none) / aggregate   counts and scores by group, as a table, CSV or JSON
 *   chart                a run or XmR chart of one measure over time
 *   intervention         add | list | remove dated interventions
 *   rebuild-rollups      recompute rollups from the raw answers still held
 *   purge                delete raw answers older than N days
 *
 * Each takes the arguments after its name (argv[0] is the first option)
 * and returns the program's exit code: 0 success, 1 runtime failure, 2 bad
 * arguments (with a message naming the option and why on stderr).
 * main.c only picks the subcommand.
 */
#ifndef SR_REPORT_COMMANDS_H
#define SR_REPORT_COMMANDS_H

#include <stdio.h>

#include "report/cli_options.h"
#include "report/report_spec.h"

#define REPORT_PROGRAM "staffroom-report"

int report_cmd_aggregate(int argc, char **argv);
int report_cmd_chart(int argc, char **argv);
int report_cmd_intervention(int argc, char **argv);
int report_cmd_rebuild(int argc, char **argv);
int report_cmd_purge(int argc, char **argv);

/* The overview printed by staffroom-report --help. */
void report_print_overview(FILE *out);

/* Prints "staffroom-report COMMAND: message" and where to find help;
 * returns 2. command may be NULL (the aggregate). */
int report_usage_error(const char *command, const char *message);

/* Prints "staffroom-report: message" for a runtime failure; returns 1. */
int report_runtime_error(const char *message);

/* The options every reading command shares (--db, dates, filters, --k),
 * for an option table. */
#define REPORT_SPEC_OPTIONS                                                                     \
    {"--db", "FILE", 0, "the collector store (read only)"},                                    \
    {"--from", "DATE", 0, "first day to include, YYYY-MM-DD (answers without a date are left " \
                          "out when a date is given)"},                                        \
    {"--to", "DATE", 0, "last day to include, YYYY-MM-DD"},                                    \
    {"--site", "NAME", REPORT_MAX_FILTER_VALUES, "only this site"},                            \
    {"--area", "NAME", REPORT_MAX_FILTER_VALUES, "only this area"},                            \
    {"--staff-group", "NAME", REPORT_MAX_FILTER_VALUES, "only this staff group"},              \
    {"--shift", "NAME", REPORT_MAX_FILTER_VALUES, "only this shift band (e.g. day, night)"},   \
    {"--question-set", "ID", REPORT_MAX_FILTER_VALUES, "only this question set"},              \
    {"--k", "N", 0, "suppress groups of fewer than N answers (default 5, at least 3)"}

/* Reads the REPORT_SPEC_OPTIONS from args into spec (dates, filters, k).
 * Returns false with the reason in err. */
bool report_read_spec_options(const cli_args *args, report_spec *spec, char *err,
                              size_t err_size);

#endif
