/* cli_options.c -- splitting argv against an option table, with messages a
 * person can act on.
 *
 * An unknown option is answered with the closest known one (by edit
 * distance), because the usual cause is a typo ("--peroid"). Numbers are
 * read with strtoll/strtod and refused unless the whole text was a number
 * in range, so "5x" or "" is an error rather than a silent 5 or 0.
 */
#include "cli_options.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static int find_option(const cli_args *args, const char *name, size_t name_len)
{
    for (int i = 0; i < args->n_options; i++)
        if (strlen(args->options[i].name) == name_len &&
            strncmp(args->options[i].name, name, name_len) == 0)
            return i;
    return -1;
}

/* Edit distance between two short strings (capped at 32 characters). */
static int edit_distance(const char *a, size_t la, const char *b)
{
    size_t lb = strlen(b);
    if (la > 32)
        la = 32;
    if (lb > 32)
        lb = 32;
    int row[33];
    for (size_t j = 0; j <= lb; j++)
        row[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        int diagonal = row[0];
        row[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int above = row[j];
            int best = diagonal + (a[i - 1] != b[j - 1]);
            if (above + 1 < best)
                best = above + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diagonal = above;
        }
    }
    return row[lb];
}

static void unknown_option(const cli_args *args, const char *arg, size_t len, char *err,
                           size_t size)
{
    int best = -1, best_distance = 4; /* further than 3 edits is no hint */
    for (int i = 0; i < args->n_options; i++) {
        int d = edit_distance(arg, len, args->options[i].name);
        if (d < best_distance) {
            best_distance = d;
            best = i;
        }
    }
    if (best >= 0)
        snprintf(err, size, "unknown option '%.*s' (did you mean %s?)", (int)len, arg,
                 args->options[best].name);
    else
        snprintf(err, size, "unknown option '%.*s'", (int)len, arg);
}

static bool add_value(cli_args *args, int option, const char *value, char *err, size_t size)
{
    const cli_option *o = &args->options[option];
    int max = o->max_count > 0 ? o->max_count : 1;
    if (max > CLI_MAX_VALUES)
        max = CLI_MAX_VALUES;
    if (args->count[option] >= max) {
        if (max == 1)
            snprintf(err, size, "%s: given more than once", o->name);
        else
            snprintf(err, size, "%s: given more than %d times", o->name, max);
        return false;
    }
    args->values[option][args->count[option]++] = value;
    return true;
}

/* One "--name[=value]" argument at argv[*i]; may consume the next one. */
static bool parse_option(cli_args *args, int argc, char *const argv[], int *i, char *err,
                         size_t size)
{
    const char *arg = argv[*i];
    const char *equals = strchr(arg, '=');
    size_t name_len = equals ? (size_t)(equals - arg) : strlen(arg);
    int option = find_option(args, arg, name_len);
    if (option < 0) {
        unknown_option(args, arg, name_len, err, size);
        return false;
    }
    const cli_option *o = &args->options[option];
    if (!o->value_name) {
        if (equals) {
            snprintf(err, size, "%s: takes no value (got '%s')", o->name, equals + 1);
            return false;
        }
        return add_value(args, option, "", err, size);
    }
    const char *value = equals ? equals + 1 : NULL;
    if (!value) {
        if (*i + 1 >= argc) {
            snprintf(err, size, "%s: needs a value (%s %s)", o->name, o->name, o->value_name);
            return false;
        }
        value = argv[++*i];
    }
    return add_value(args, option, value, err, size);
}

bool cli_parse(cli_args *args, const cli_option *options, int n_options, int argc,
               char *const argv[], int max_positional, char *err, size_t err_size)
{
    memset(args, 0, sizeof *args);
    args->options = options;
    args->n_options = n_options < CLI_MAX_OPTIONS ? n_options : CLI_MAX_OPTIONS;
    if (max_positional > CLI_MAX_POSITIONAL)
        max_positional = CLI_MAX_POSITIONAL;
    bool options_ended = false;
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        if (!options_ended && strcmp(arg, "--") == 0) {
            options_ended = true;
            continue;
        }
        if (!options_ended && arg[0] == '-' && arg[1] != '\0') {
            if (!parse_option(args, argc, argv, &i, err, err_size))
                return false;
            continue;
        }
        if (args->n_positional >= max_positional) {
            snprintf(err, err_size, "unexpected argument '%s'", arg);
            return false;
        }
        args->positional[args->n_positional++] = arg;
    }
    return true;
}

static int option_index(const cli_args *args, const char *name)
{
    return find_option(args, name, strlen(name));
}

int cli_count(const cli_args *args, const char *name)
{
    int i = option_index(args, name);
    return i < 0 ? 0 : args->count[i];
}

const char *cli_value_at(const cli_args *args, const char *name, int at)
{
    int i = option_index(args, name);
    if (i < 0 || at < 0 || at >= args->count[i])
        return NULL;
    return args->values[i][at];
}

const char *cli_value(const cli_args *args, const char *name)
{
    return cli_value_at(args, name, cli_count(args, name) - 1);
}

bool cli_flag(const cli_args *args, const char *name)
{
    return cli_count(args, name) > 0;
}

bool cli_integer(const cli_args *args, const char *name, long long min, long long max,
                 long long *out, char *err, size_t err_size)
{
    const char *text = cli_value(args, name);
    if (!text)
        return true;
    char *end = NULL;
    errno = 0;
    long long value = strtoll(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || value < min || value > max) {
        snprintf(err, err_size, "%s: '%s' is not a whole number from %lld to %lld", name, text,
                 min, max);
        return false;
    }
    *out = value;
    return true;
}

bool cli_number(const cli_args *args, const char *name, double min, double max, double *out,
                char *err, size_t err_size)
{
    const char *text = cli_value(args, name);
    if (!text)
        return true;
    char *end = NULL;
    errno = 0;
    double value = strtod(text, &end);
    if (errno != 0 || end == text || *end != '\0' || !isfinite(value) || value < min ||
        value > max) {
        snprintf(err, err_size, "%s: '%s' is not a number from %g to %g", name, text, min, max);
        return false;
    }
    *out = value;
    return true;
}

void cli_print_options(FILE *out, const cli_option *options, int n_options)
{
    for (int i = 0; i < n_options; i++) {
        char left[64];
        const cli_option *o = &options[i];
        snprintf(left, sizeof left, "%s%s%s", o->name, o->value_name ? " " : "",
                 o->value_name ? o->value_name : "");
        fprintf(out, "  %-26s %s%s\n", left, o->help,
                o->max_count > 1 ? " (may be repeated)" : "");
    }
}
