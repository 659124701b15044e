/* cli_options.h -- table-driven command-line options for the analysts'
 * tools (staffroom-report and its subcommands, staffroom-gendata).
 *
 * A tool describes its options as a table (name, value name, how often it
 * may be given, one line of help); cli_parse() splits argv against it and
 * refuses anything else with a message that names the option and says why
 * ("--period: 'fortnight' is not one of day, week, month"), so every
 * program exits 2 with the same kind of message. The same table prints the
 * options in --help.
 *
 * Accepted forms: "--name value", "--name=value", flags as "--name";
 * "--" ends the options. Values and positional arguments are borrowed from
 * argv: cli_args must not outlive it.
 */
#ifndef SR_CLI_OPTIONS_H
#define SR_CLI_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define CLI_MAX_OPTIONS 40
#define CLI_MAX_VALUES 32      /* repeats of one option */
#define CLI_MAX_POSITIONAL 8
#define CLI_ERROR_MAX 256

typedef struct cli_option {
    const char *name;       /* "--sites" */
    const char *value_name; /* "M" in the help; NULL: a flag, takes no value */
    int max_count;          /* times it may be given; 0 means once */
    const char *help;       /* one line */
} cli_option;

typedef struct cli_args {
    const cli_option *options;  /* borrowed */
    int n_options;
    int count[CLI_MAX_OPTIONS];
    const char *values[CLI_MAX_OPTIONS][CLI_MAX_VALUES];
    int n_positional;
    const char *positional[CLI_MAX_POSITIONAL];
} cli_args;

/* Splits argv[0..argc) (no program name) against options. At most
 * max_positional non-option arguments are accepted. Returns false with the
 * reason in err: an unknown option (with the closest known one), a missing
 * value, a value given to a flag, an option given too often, too many
 * arguments. */
bool cli_parse(cli_args *args, const cli_option *options, int n_options, int argc,
               char *const argv[], int max_positional, char *err, size_t err_size);

/* How often name was given (0: not at all). name must be in the table. */
int cli_count(const cli_args *args, const char *name);

/* The i-th value given for name, or NULL. cli_value is the last one. */
const char *cli_value_at(const cli_args *args, const char *name, int i);
const char *cli_value(const cli_args *args, const char *name);

/* True when the flag was given. */
bool cli_flag(const cli_args *args, const char *name);

/* Reads name as a whole number in min..max into *out. Absent: true, *out
 * untouched. Returns false with "--sites: 'x' is not a whole number from 1
 * to 200" in err. */
bool cli_integer(const cli_args *args, const char *name, long long min, long long max,
                 long long *out, char *err, size_t err_size);

/* Reads name as a number in min..max (decimal point, optional sign). */
bool cli_number(const cli_args *args, const char *name, double min, double max, double *out,
                char *err, size_t err_size);

/* Prints the table, one option per line with its help, indented. */
void cli_print_options(FILE *out, const cli_option *options, int n_options);

#endif
