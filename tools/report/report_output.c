/* report_output.c -- printing a report table.
 *
 * One list of columns (made once from the table) and one function that
 * gives the text of any row in any column keep the three formats in step:
 * CSV prints that text, the readable table pads it, and JSON turns the same
 * values into numbers (or the word "suppressed").
 */
#include "report_output.h"

#include <cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define FIELD_MAX 192

typedef enum column_kind {
    COL_LEVEL, COL_DIM, COL_ANSWERS, COL_MEAN, COL_LOW, COL_HIGH, COL_FOLLOWUP, COL_VIEWS
} column_kind;

typedef struct column {
    column_kind kind;
    int index;            /* dimension, follow-up or item number */
    char header[FIELD_MAX];
    bool numeric;         /* right-aligned in the table */
} column;

bool report_parse_format(const char *text, report_format *format)
{
    static const char *const NAMES[] = {"table", "csv", "json"};
    for (int i = 0; i < 3; i++)
        if (text && strcmp(text, NAMES[i]) == 0) {
            *format = (report_format)i;
            return true;
        }
    return false;
}

static const char *level_name(report_level level)
{
    switch (level) {
    case REPORT_LEVEL_CELL: return "group";
    case REPORT_LEVEL_ROW_TOTAL: return "row-total";
    case REPORT_LEVEL_COLUMN_TOTAL: return "column-total";
    case REPORT_LEVEL_GRAND_TOTAL: return "total";
    }
    return "?";
}

/* The columns of this table; returns how many (*out is malloc'ed). */
static int make_columns(const report_table *t, column **out)
{
    const report_spec *spec = report_table_spec(t);
    int nf = report_table_followups(t), ni = report_table_items(t);
    column *c = calloc((size_t)(6 + spec->n_dims + nf + ni), sizeof *c);
    int n = 0;
    if (!c)
        return -1;
    c[n++] = (column){.kind = COL_LEVEL, .header = "level"};
    for (int i = 0; i < spec->n_dims; i++) {
        c[n] = (column){.kind = COL_DIM, .index = i};
        snprintf(c[n++].header, FIELD_MAX, "%s", report_spec_dim_name(spec, spec->dims[i]));
    }
    c[n++] = (column){.kind = COL_ANSWERS, .header = "answers", .numeric = true};
    if (spec->measures & REPORT_MEASURE_SCORES) {
        c[n++] = (column){.kind = COL_MEAN, .header = "mean_score", .numeric = true};
        c[n++] = (column){.kind = COL_LOW, .header = "low_share", .numeric = true};
        c[n++] = (column){.kind = COL_HIGH, .header = "high_share", .numeric = true};
    }
    for (int i = 0; i < nf; i++) {
        c[n] = (column){.kind = COL_FOLLOWUP, .index = i, .numeric = true};
        snprintf(c[n++].header, FIELD_MAX, "%s", report_table_followup_name(t, i));
    }
    for (int i = 0; i < ni; i++) {
        c[n] = (column){.kind = COL_VIEWS, .index = i, .numeric = true};
        snprintf(c[n++].header, FIELD_MAX, "views:%s", report_table_item_name(t, i));
    }
    *out = c;
    return n;
}

/* The value of a score column: false when the row has no answers. */
static bool score_value(const report_row *row, column_kind kind, double *value)
{
    if (row->n <= 0)
        return false;
    long long part = kind == COL_MEAN ? row->score_sum : kind == COL_LOW ? row->n_low : row->n_high;
    *value = (double)part / (double)row->n;
    return true;
}

/* The text of row in column c; percent: shares as "12.5%" (the table). */
static void field_text(const report_row *row, const column *c, bool percent, char out[FIELD_MAX])
{
    double v;
    out[0] = '\0';
    switch (c->kind) {
    case COL_LEVEL: snprintf(out, FIELD_MAX, "%s", level_name(row->level)); break;
    case COL_DIM: snprintf(out, FIELD_MAX, "%s", row->key[c->index]); break;
    case COL_ANSWERS:
        if (row->hidden)
            snprintf(out, FIELD_MAX, REPORT_SUPPRESSED);
        else
            snprintf(out, FIELD_MAX, "%lld", row->n);
        break;
    case COL_MEAN:
    case COL_LOW:
    case COL_HIGH:
        if (row->hidden)
            snprintf(out, FIELD_MAX, REPORT_SUPPRESSED);
        else if (score_value(row, c->kind, &v) && c->kind == COL_MEAN)
            snprintf(out, FIELD_MAX, "%.2f", v);
        else if (score_value(row, c->kind, &v))
            snprintf(out, FIELD_MAX, percent ? "%.1f%%" : "%.3f", percent ? v * 100 : v);
        break;
    case COL_FOLLOWUP:
    case COL_VIEWS: {
        bool followup = c->kind == COL_FOLLOWUP;
        if ((followup ? row->followup_hidden : row->views_hidden)[c->index])
            snprintf(out, FIELD_MAX, REPORT_SUPPRESSED);
        else
            snprintf(out, FIELD_MAX, "%lld", (followup ? row->followup : row->views)[c->index]);
        break;
    }
    }
}

void report_csv_field(FILE *out, const char *text, bool is_name)
{
    bool formula = is_name && strchr("=+-@", text[0]) && text[0] != '\0';
    bool quote = strpbrk(text, ",\"\r\n") != NULL || formula;
    if (!quote) {
        fputs(text, out);
        return;
    }
    fputc('"', out);
    if (formula)
        fputc('\'', out);
    for (const char *p = text; *p; p++) {
        if (*p == '"')
            fputc('"', out);
        fputc(*p, out);
    }
    fputc('"', out);
}

static void write_csv(const report_table *t, const column *cols, int n_cols, FILE *out)
{
    for (int c = 0; c < n_cols; c++) {
        if (c)
            fputc(',', out);
        report_csv_field(out, cols[c].header, false);
    }
    fputs("\r\n", out);
    for (int r = 0; r < report_table_rows(t); r++) {
        for (int c = 0; c < n_cols; c++) {
            char text[FIELD_MAX];
            field_text(report_table_row(t, r), &cols[c], false, text);
            if (c)
                fputc(',', out);
            report_csv_field(out, text, cols[c].kind == COL_DIM);
        }
        fputs("\r\n", out);
    }
}

/* Display width of UTF-8 text: code points, not bytes. */
static int text_width(const char *text)
{
    int width = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        width += (*p & 0xC0) != 0x80;
    return width;
}

static void pad(FILE *out, int n)
{
    for (int i = 0; i < n; i++)
        fputc(' ', out);
}

static sr_status write_table(const report_table *t, const column *cols, int n_cols, FILE *out)
{
    int *width = calloc((size_t)n_cols, sizeof *width);
    if (!width)
        return SR_E_NOMEM;
    for (int c = 0; c < n_cols; c++)
        width[c] = text_width(cols[c].header);
    char text[FIELD_MAX];
    for (int r = 0; r < report_table_rows(t); r++)
        for (int c = 0; c < n_cols; c++) {
            field_text(report_table_row(t, r), &cols[c], true, text);
            if (text_width(text) > width[c])
                width[c] = text_width(text);
        }
    for (int r = -1; r < report_table_rows(t); r++) {
        for (int c = 0; c < n_cols; c++) {
            const char *shown = cols[c].header;
            if (r >= 0) {
                field_text(report_table_row(t, r), &cols[c], true, text);
                shown = text;
            }
            int gap = width[c] - text_width(shown);
            fputs(c ? "  " : "", out);
            if (cols[c].numeric)
                pad(out, gap);
            fputs(shown, out);
            if (!cols[c].numeric && c + 1 < n_cols)
                pad(out, gap);
        }
        fputc('\n', out);
    }
    free(width);
    const report_spec *spec = report_table_spec(t);
    fprintf(out, "\nk = %d: %d group%s of answers suppressed (fewer than %d answers, or hidden so "
                 "that totals cannot reveal one); follow-up and view counts are suppressed on "
                 "their own counts too.\n",
            spec->k, report_table_hidden_groups(t), report_table_hidden_groups(t) == 1 ? "" : "s",
            spec->k);
    return SR_OK;
}

/* ---- JSON --------------------------------------------------------------- */

static bool add_count(cJSON *obj, const char *name, long long value, bool hidden)
{
    if (hidden)
        return cJSON_AddStringToObject(obj, name, REPORT_SUPPRESSED) != NULL;
    return cJSON_AddNumberToObject(obj, name, (double)value) != NULL;
}

static bool add_share(cJSON *obj, const char *name, const report_row *row, column_kind kind)
{
    double v;
    if (row->hidden)
        return cJSON_AddStringToObject(obj, name, REPORT_SUPPRESSED) != NULL;
    if (!score_value(row, kind, &v))
        return cJSON_AddNullToObject(obj, name) != NULL;
    double scale = kind == COL_MEAN ? 100.0 : 1000.0;
    return cJSON_AddNumberToObject(obj, name, round(v * scale) / scale) != NULL;
}

static cJSON *json_row(const report_table *t, const report_row *row)
{
    const report_spec *spec = report_table_spec(t);
    cJSON *obj = cJSON_CreateObject();
    bool ok = obj && cJSON_AddStringToObject(obj, "level", level_name(row->level));
    for (int i = 0; ok && i < spec->n_dims; i++)
        ok = cJSON_AddStringToObject(obj, report_spec_dim_name(spec, spec->dims[i]), row->key[i]);
    ok = ok && add_count(obj, "answers", row->n, row->hidden);
    if (ok && (spec->measures & REPORT_MEASURE_SCORES))
        ok = add_share(obj, "mean_score", row, COL_MEAN) &&
             add_share(obj, "low_share", row, COL_LOW) && add_share(obj, "high_share", row, COL_HIGH);
    cJSON *followups = NULL, *views = NULL;
    if (ok && report_table_followups(t))
        ok = (followups = cJSON_AddObjectToObject(obj, "followups")) != NULL;
    for (int i = 0; ok && i < report_table_followups(t); i++)
        ok = add_count(followups, report_table_followup_name(t, i), row->followup[i],
                       row->followup_hidden[i]);
    if (ok && report_table_items(t))
        ok = (views = cJSON_AddObjectToObject(obj, "item_views")) != NULL;
    for (int i = 0; ok && i < report_table_items(t); i++)
        ok = add_count(views, report_table_item_name(t, i), row->views[i], row->views_hidden[i]);
    if (!ok) {
        cJSON_Delete(obj);
        return NULL;
    }
    return obj;
}

static cJSON *json_filters(const report_spec *spec)
{
    static const char *const NAMES[REPORT_COLUMN_DIMS] = {"site", "area", "staff-group", "shift",
                                                          "question-set"};
    cJSON *filters = cJSON_CreateObject();
    char date[REPORT_DATE_MAX];
    bool ok = filters != NULL;
    if (ok && spec->has_from) {
        report_format_date(spec->from_day, date);
        ok = cJSON_AddStringToObject(filters, "from", date) != NULL;
    }
    if (ok && spec->has_to) {
        report_format_date(spec->to_day, date);
        ok = cJSON_AddStringToObject(filters, "to", date) != NULL;
    }
    for (int d = 0; ok && d < REPORT_COLUMN_DIMS; d++) {
        if (!spec->filter[d].n)
            continue;
        cJSON *list = cJSON_CreateStringArray(spec->filter[d].value, spec->filter[d].n);
        ok = list && cJSON_AddItemToObject(filters, NAMES[d], list);
    }
    if (!ok) {
        cJSON_Delete(filters);
        return NULL;
    }
    return filters;
}

static sr_status write_json(const report_table *t, FILE *out)
{
    const report_spec *spec = report_table_spec(t);
    cJSON *root = cJSON_CreateObject(), *by = NULL, *rows = NULL, *filters = json_filters(spec);
    bool ok = root && filters && cJSON_AddNumberToObject(root, "k", spec->k) &&
              (by = cJSON_AddArrayToObject(root, "group_by")) &&
              cJSON_AddItemToObject(root, "filters", filters);
    if (!ok)
        cJSON_Delete(filters);
    for (int i = 0; ok && i < spec->n_dims; i++)
        ok = cJSON_AddItemToArray(by, cJSON_CreateString(report_spec_dim_name(spec, spec->dims[i])));
    ok = ok && cJSON_AddNumberToObject(root, "suppressed_groups", report_table_hidden_groups(t)) &&
         (rows = cJSON_AddArrayToObject(root, "rows"));
    for (int r = 0; ok && r < report_table_rows(t); r++) {
        cJSON *row = json_row(t, report_table_row(t, r));
        ok = row && cJSON_AddItemToArray(rows, row);
    }
    char *text = ok ? cJSON_Print(root) : NULL;
    cJSON_Delete(root);
    if (!text)
        return SR_E_NOMEM;
    fputs(text, out);
    fputc('\n', out);
    cJSON_free(text);
    return SR_OK;
}

sr_status report_output_write(const report_table *t, report_format format, FILE *out, char *err,
                              size_t err_size)
{
    column *cols = NULL;
    int n_cols = make_columns(t, &cols);
    sr_status status = n_cols < 0 ? SR_E_NOMEM : SR_OK;
    if (status == SR_OK && format == REPORT_FORMAT_CSV)
        write_csv(t, cols, n_cols, out);
    else if (status == SR_OK && format == REPORT_FORMAT_TABLE)
        status = write_table(t, cols, n_cols, out);
    else if (status == SR_OK)
        status = write_json(t, out);
    free(cols);
    if (status == SR_E_NOMEM) {
        snprintf(err, err_size, "out of memory writing the report");
        return status;
    }
    if (fflush(out) != 0 || ferror(out)) {
        snprintf(err, err_size, "writing the report: %s", strerror(errno));
        return SR_E_IO;
    }
    return SR_OK;
}
