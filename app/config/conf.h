/* conf.h -- configuration described by one table, read from an INI file.
 *
 * Each program describes its configuration as an array of conf_key rows:
 * section, key, type, bounds, default and one line of help, plus where the
 * value lives in the program's config struct. From that one table this
 * module
 *   - fills a struct with the defaults          (conf_apply_defaults)
 *   - reads an INI file over them with inih     (conf_load)
 *   - prints the effective configuration        (conf_print)
 * so the parser, the --check-config output and the shipped example file can
 * never disagree with each other.
 *
 * Refused at load, with "FILE:LINE: [section] key: reason": unknown sections
 * and keys, a key given twice, values of the wrong type or out of bounds.
 * Relative paths (CONF_PATH) are resolved against the config file's folder.
 *
 * Ownership: the table and the target struct are the caller's; nothing is
 * allocated that outlives a call.
 */
#ifndef SR_CONF_H
#define SR_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "../core/status.h"

typedef enum conf_type {
    CONF_STRING, /* free text up to size-1 bytes; min = minimum length */
    CONF_INT,    /* int in [min, max] */
    CONF_BOOL,   /* true/false, yes/no, on/off, 1/0 */
    CONF_PATH,   /* a file or folder; relative to the config file's folder */
    CONF_ENUM,   /* one of the words in choices ("hour|shift|day") */
    CONF_DIGITS, /* digits only, length in [min, max], or empty */
    CONF_SIZE    /* "WxH"; stored as two ints at offset and offset+sizeof(int) */
} conf_type;

/* Optional extra check for a value already of the right type: returns
 * false and writes a reason to write into err. */
typedef bool (*conf_check_fn)(const char *value, char *err, size_t err_size);

typedef struct conf_key {
    const char *section;
    const char *key;
    conf_type type;
    size_t offset;      /* offsetof(the struct, the field) */
    size_t size;        /* sizeof the field (strings: the buffer) */
    long min, max;      /* CONF_INT bounds; CONF_STRING/CONF_DIGITS lengths; CONF_SIZE bounds per side */
    const char *choices;/* CONF_ENUM: "a|b|c" */
    const char *def;    /* default, as it would be written in the file */
    const char *help;   /* one line, printed as a comment */
    conf_check_fn check;/* may be NULL */
} conf_key;

/* Sets every key of the table to its default in target. */
void conf_apply_defaults(const conf_key *table, size_t n_keys, void *target);

/* Reads the INI file at path over target. On error returns SR_E_CONFIG (bad
 * content) or SR_E_IO (cannot read) and writes the message into err. */
sr_status conf_load(const conf_key *table, size_t n_keys, void *target, const char *path,
                    char *err, size_t err_size);

/* Prints target as an INI file: each section, each key with its help and its
 * default as comments. title (may be NULL) is printed as a header comment. */
void conf_print(const conf_key *table, size_t n_keys, const void *target, const char *title,
                FILE *out);

/* Resolves path against the folder of config_path (unless path is absolute
 * or empty) into out. */
void conf_resolve_path(const char *config_path, const char *path, char *out, size_t out_size);

#endif
