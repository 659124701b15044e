/* report_table.c -- adding rollup rows into groups, and turning the groups
 * into a suppressed table.
 *
 * While rows arrive, a group ("cell") is a tuple of numbers, one per
 * dimension: an interned string id for site, area, ..., the first day of
 * its period for the period. Sums per cell grow in one array; follow-up
 * and view counts are kept as (cell, option, count) contributions, since
 * which options exist is only known at the end.
 *
 * report_table_finish() then sorts the values of each dimension (names
 * alphabetically, periods by date with "unknown" last), numbers the table's
 * rows and columns in that order, spreads every measure over a grid with
 * its margins (suppress.h's layout), suppresses each grid, and writes the
 * output rows. An empty result is laid out as a table without dimensions,
 * so the grand total (0) is still printed.
 */
#include "report_table.h"

#include <assert.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report_index.h"
#include "report/suppress.h"

typedef struct contribution {
    int cell, what;  /* what: a follow-up or item id */
    long long count;
} contribution;

typedef struct contributions {
    contribution *at;
    int count, capacity;
} contributions;

/* One measure family spread over the grid: `width` counts per entry. */
typedef struct grid_family {
    int width;
    long long *count;          /* width x size, family-major: [w * size + e] */
    unsigned char *hidden;     /* the same */
} grid_family;

struct report_table {
    report_spec spec;
    int key_width;                          /* max(n_dims, 1) */
    report_strings values[REPORT_COLUMN_DIMS];
    int last_id[REPORT_COLUMN_DIMS];        /* the value id the last row had, or -1 */
    report_strings followup_names, item_names, labels;
    report_tuples cells;
    long long *sums;                        /* 4 per cell: n, score_sum, n_low, n_high */
    int sums_capacity;
    contributions followups, views;
    bool finished;
    /* the laid-out table */
    int layout_dims;                        /* n_dims, or 0 when nothing matched */
    int rows, cols, size;                   /* size = (rows + 1) x (cols + 1) */
    int *cell_entry;                        /* cell -> grid entry */
    int *cell_at;                           /* grid entry -> cell, or -1 */
    int *row_key_cell;                      /* row -> a cell in it (for its key) */
    int *col_key_cell;                      /* col -> a cell in it */
    long long *main[4];
    unsigned char *main_hidden;
    int *followup_order, *item_order;       /* sorted position -> id */
    grid_family fam_followups, fam_views;
    report_row *out;
    int n_out;
    long long *out_counts;                  /* per output row: followups then views */
    unsigned char *out_hidden;
    int hidden_groups;
};

sr_status report_table_create(const report_spec *spec, report_table **out)
{
    report_table *t = calloc(1, sizeof *t);
    *out = NULL;
    if (!t)
        return SR_E_NOMEM;
    t->spec = *spec;
    t->key_width = spec->n_dims > 0 ? spec->n_dims : 1;
    t->cells.width = t->key_width;
    for (int i = 0; i < REPORT_COLUMN_DIMS; i++)
        t->last_id[i] = -1;
    *out = t;
    return SR_OK;
}

static void family_free(grid_family *f)
{
    free(f->count);
    free(f->hidden);
}

void report_table_free(report_table *t)
{
    if (!t)
        return;
    for (int i = 0; i < REPORT_COLUMN_DIMS; i++)
        report_strings_free(&t->values[i]);
    report_strings_free(&t->followup_names);
    report_strings_free(&t->item_names);
    report_strings_free(&t->labels);
    report_tuples_free(&t->cells);
    free(t->sums);
    free(t->followups.at);
    free(t->views.at);
    free(t->cell_entry);
    free(t->cell_at);
    free(t->row_key_cell);
    free(t->col_key_cell);
    for (int i = 0; i < 4; i++)
        free(t->main[i]);
    free(t->main_hidden);
    free(t->followup_order);
    free(t->item_order);
    family_free(&t->fam_followups);
    family_free(&t->fam_views);
    free(t->out);
    free(t->out_counts);
    free(t->out_hidden);
    free(t);
}

const report_spec *report_table_spec(const report_table *t)
{
    return &t->spec;
}

/* ---- adding rows -------------------------------------------------------- */

/* The cell a rollup row belongs to. */
static sr_status cell_of(report_table *t, const char *const cols[], int day, int *cell)
{
    int key[REPORT_TUPLE_MAX] = {0};
    for (int i = 0; i < t->spec.n_dims; i++) {
        report_dim dim = t->spec.dims[i];
        if (dim == REPORT_DIM_PERIOD) {
            key[i] = report_period_start(t->spec.grain, day);
            continue;
        }
        const char *value = cols[dim] ? cols[dim] : "";
        /* Rollup rows come in key order, so a value is usually the one
         * the row before had: compare before hashing. */
        if (t->last_id[dim] >= 0 && strcmp(value, report_strings_at(&t->values[dim],
                                                                      t->last_id[dim])) == 0) {
            key[i] = t->last_id[dim];
            continue;
        }
        if (report_strings_id(&t->values[dim], value, strlen(value), &key[i]) != SR_OK)
            return SR_E_NOMEM;
        t->last_id[dim] = key[i];
    }
    if (report_tuples_id(&t->cells, key, cell) != SR_OK)
        return SR_E_NOMEM;
    if (*cell >= t->sums_capacity) {
        int capacity = t->sums_capacity ? t->sums_capacity * 2 : 256;
        long long *sums = realloc(t->sums, sizeof *sums * 4 * (size_t)capacity);
        if (!sums)
            return SR_E_NOMEM;
        memset(sums + 4 * (size_t)t->sums_capacity, 0,
               sizeof *sums * 4 * (size_t)(capacity - t->sums_capacity));
        t->sums = sums;
        t->sums_capacity = capacity;
    }
    return SR_OK;
}

sr_status report_table_add_scores(report_table *t, const char *const cols[], int day, long long n,
                                  long long score_sum, long long n_low, long long n_high)
{
    int cell;
    sr_status status = cell_of(t, cols, day, &cell);
    if (status != SR_OK)
        return status;
    long long *s = t->sums + 4 * (size_t)cell;
    s[0] += n;
    s[1] += score_sum;
    s[2] += n_low;
    s[3] += n_high;
    return SR_OK;
}

static sr_status contribute(report_table *t, contributions *list, report_strings *names,
                            const char *const cols[], int day, const char *name, long long count)
{
    int cell, what;
    sr_status status = cell_of(t, cols, day, &cell);
    if (status != SR_OK)
        return status;
    if (report_strings_id(names, name, strlen(name), &what) != SR_OK)
        return SR_E_NOMEM;
    if (list->count == list->capacity) {
        int capacity = list->capacity ? list->capacity * 2 : 1024;
        contribution *at = realloc(list->at, sizeof *at * (size_t)capacity);
        if (!at)
            return SR_E_NOMEM;
        list->at = at;
        list->capacity = capacity;
    }
    list->at[list->count++] = (contribution){.cell = cell, .what = what, .count = count};
    return SR_OK;
}

sr_status report_table_add_followup(report_table *t, const char *const cols[], int day,
                                    const char *question, const char *option, long long count)
{
    /* Built by hand, not with snprintf: this runs for every follow-up
     * rollup row, millions over a long history. */
    char name[2 * 80 + 2];
    size_t lq = strlen(question), lo = strlen(option);
    if (lq > 80)
        lq = 80;
    if (lo > 80)
        lo = 80;
    memcpy(name, question, lq);
    name[lq] = ':';
    memcpy(name + lq + 1, option, lo);
    name[lq + 1 + lo] = '\0';
    return contribute(t, &t->followups, &t->followup_names, cols, day, name, count);
}

sr_status report_table_add_views(report_table *t, const char *const cols[], int day,
                                 const char *item, long long count)
{
    return contribute(t, &t->views, &t->item_names, cols, day, item, count);
}

/* ---- ordering ----------------------------------------------------------- */

typedef struct ranked {
    int rank[REPORT_TUPLE_MAX];
    int id;
} ranked;

static int compare_ranked(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    for (int i = 0; i < REPORT_TUPLE_MAX; i++)
        if (x->rank[i] != y->rank[i])
            return x->rank[i] < y->rank[i] ? -1 : 1;
    return 0;
}

/* qsort() takes no context argument in C11, so the names being sorted are
 * passed beside it (the report is single-threaded). */
static const report_strings *sort_strings_context;

static int compare_string_ids(const void *a, const void *b)
{
    return strcmp(report_strings_at(sort_strings_context, *(const int *)a),
                  report_strings_at(sort_strings_context, *(const int *)b));
}

/* order[i] = the id at sorted position i; rank[id] = its position. Either
 * may be NULL. */
static sr_status sort_names(const report_strings *names, int *order, int *rank)
{
    int n = names->count;
    int *ids = malloc(sizeof *ids * (size_t)(n ? n : 1));
    if (!ids)
        return SR_E_NOMEM;
    for (int i = 0; i < n; i++)
        ids[i] = i;
    sort_strings_context = names;
    qsort(ids, (size_t)n, sizeof *ids, compare_string_ids);
    for (int i = 0; i < n; i++) {
        if (order)
            order[i] = ids[i];
        if (rank)
            rank[ids[i]] = i;
    }
    free(ids);
    return SR_OK;
}

/* ---- laying out the table ---------------------------------------------- */

/* Sort rank of value v of dimension number i. */
static int value_rank(const report_table *t, int *const ranks[], int i, int v)
{
    report_dim dim = t->spec.dims[i];
    if (dim == REPORT_DIM_PERIOD)
        return v < 0 ? INT_MAX : v; /* unknown dates last */
    return ranks[dim][v];
}

/* Numbers the distinct tuples of `axis` in sorted order: pos[id]. The
 * tuple's values are those of dimensions first .. first + axis->width. */
static sr_status sort_axis(const report_table *t, int *const ranks[], const report_tuples *axis,
                           int first, int n_dims, int *pos)
{
    ranked *r = calloc((size_t)(axis->count ? axis->count : 1), sizeof *r);
    if (!r)
        return SR_E_NOMEM;
    for (int id = 0; id < axis->count; id++) {
        const int *v = report_tuples_at(axis, id);
        for (int i = 0; i < n_dims; i++)
            r[id].rank[i] = value_rank(t, ranks, first + i, v[i]);
        r[id].id = id;
    }
    qsort(r, (size_t)axis->count, sizeof *r, compare_ranked);
    for (int p = 0; p < axis->count; p++)
        pos[r[p].id] = p;
    free(r);
    return SR_OK;
}

static int entry_at(const report_table *t, int row, int col)
{
    return row * (t->cols + 1) + col;
}

/* Adds v at entry e and to its row total, column total and grand total. */
static void add_with_margins(const report_table *t, long long *grid, int e, long long v)
{
    int row = e / (t->cols + 1), col = e % (t->cols + 1);
    grid[e] += v;
    grid[entry_at(t, row, t->cols)] += v;
    grid[entry_at(t, t->rows, col)] += v;
    grid[entry_at(t, t->rows, t->cols)] += v;
}

/* Splits every cell's key into a table row (all dimensions but the last)
 * and a column (the last), and numbers both in sorted order. */
static sr_status place_cells(report_table *t, int *const ranks[], report_tuples *rows,
                             report_tuples *cols, int *cell_row, int *cell_col)
{
    int d = t->layout_dims;
    for (int c = 0; c < t->cells.count; c++) {
        const int *key = report_tuples_at(&t->cells, c);
        int row_key[REPORT_TUPLE_MAX] = {0}, col_key = 0;
        if (d >= 2)
            memcpy(row_key, key, sizeof *key * (size_t)(d - 1));
        if (d >= 1)
            col_key = key[d - 1];
        if (report_tuples_id(rows, row_key, &cell_row[c]) != SR_OK ||
            report_tuples_id(cols, &col_key, &cell_col[c]) != SR_OK)
            return SR_E_NOMEM;
    }
    int *row_pos = malloc(sizeof *row_pos * (size_t)rows->count);
    int *col_pos = malloc(sizeof *col_pos * (size_t)cols->count);
    sr_status status = row_pos && col_pos ? SR_OK : SR_E_NOMEM;
    if (status == SR_OK)
        status = sort_axis(t, ranks, rows, 0, d >= 2 ? d - 1 : 0, row_pos);
    if (status == SR_OK)
        status = sort_axis(t, ranks, cols, d >= 1 ? d - 1 : 0, d >= 1 ? 1 : 0, col_pos);
    for (int c = 0; status == SR_OK && c < t->cells.count; c++) {
        cell_row[c] = row_pos[cell_row[c]];
        cell_col[c] = col_pos[cell_col[c]];
    }
    free(row_pos);
    free(col_pos);
    return status;
}

static sr_status check_size(report_table *t, char *err, size_t err_size)
{
    long long size = (long long)(t->rows + 1) * (t->cols + 1);
    long long per_entry = 6 + t->followup_names.count + t->item_names.count;
    if (size > SUPPRESS_MAX_ENTRIES || size * per_entry > REPORT_MAX_VALUES) {
        snprintf(err, err_size,
                 "the table would have %d rows x %d columns and %lld measures: group by "
                 "fewer dimensions, a longer period or a shorter date range",
                 t->rows, t->cols, per_entry - 6 + 4);
        return SR_E_LIMIT;
    }
    t->size = (int)size;
    return SR_OK;
}

static sr_status allocate_grids(report_table *t)
{
    size_t size = (size_t)t->size;
    bool ok = true;
    for (int i = 0; i < 4; i++)
        ok = (t->main[i] = calloc(size, sizeof *t->main[i])) && ok;
    t->main_hidden = calloc(size, 1);
    t->cell_at = malloc(sizeof *t->cell_at * size);
    for (size_t e = 0; t->cell_at && e < size; e++)
        t->cell_at[e] = -1;
    t->row_key_cell = malloc(sizeof(int) * (size_t)t->rows);
    t->col_key_cell = malloc(sizeof(int) * (size_t)t->cols);
    grid_family *fams[2] = {&t->fam_followups, &t->fam_views};
    fams[0]->width = t->followup_names.count;
    fams[1]->width = t->item_names.count;
    for (int i = 0; i < 2; i++) {
        size_t n = size * (size_t)fams[i]->width;
        fams[i]->count = calloc(n ? n : 1, sizeof *fams[i]->count);
        fams[i]->hidden = calloc(n ? n : 1, 1);
        ok = ok && fams[i]->count && fams[i]->hidden;
    }
    t->followup_order = malloc(sizeof(int) * (size_t)(fams[0]->width + 1));
    t->item_order = malloc(sizeof(int) * (size_t)(fams[1]->width + 1));
    ok = ok && t->main_hidden && t->cell_at && t->row_key_cell && t->col_key_cell &&
         t->followup_order && t->item_order;
    return ok ? SR_OK : SR_E_NOMEM;
}

/* Spreads one kind of contribution over its family's grids. */
static sr_status spread(report_table *t, const contributions *list, const report_strings *names,
                        grid_family *fam, int *order)
{
    int *rank = malloc(sizeof *rank * (size_t)(names->count + 1));
    if (!rank || sort_names(names, order, rank) != SR_OK) {
        free(rank);
        return SR_E_NOMEM;
    }
    for (int i = 0; i < list->count; i++) {
        const contribution *c = &list->at[i];
        add_with_margins(t, fam->count + (size_t)rank[c->what] * (size_t)t->size,
                         t->cell_entry[c->cell], c->count);
    }
    free(rank);
    return SR_OK;
}

static sr_status fill_grids(report_table *t, const int *cell_row, const int *cell_col)
{
    t->cell_entry = malloc(sizeof *t->cell_entry * (size_t)t->cells.count);
    if (!t->cell_entry)
        return SR_E_NOMEM;
    for (int c = 0; c < t->cells.count; c++) {
        int e = entry_at(t, cell_row[c], cell_col[c]);
        t->cell_entry[c] = e;
        t->cell_at[e] = c;
        t->row_key_cell[cell_row[c]] = c;
        t->col_key_cell[cell_col[c]] = c;
        for (int i = 0; i < 4; i++)
            add_with_margins(t, t->main[i], e, t->sums[4 * (size_t)c + (size_t)i]);
    }
    sr_status status = spread(t, &t->followups, &t->followup_names, &t->fam_followups,
                              t->followup_order);
    if (status == SR_OK)
        status = spread(t, &t->views, &t->item_names, &t->fam_views, t->item_order);
    return status;
}

/* Suppresses one grid and asserts what suppress.h promises of it. */
static sr_status suppress_one(suppress_grid *g, int k)
{
    sr_status status = suppress_apply(g, k);
    assert(status != SR_OK || suppress_check(g, k));
    return status;
}

static sr_status suppress_all(report_table *t)
{
    suppress_grid g = {.rows = t->rows, .cols = t->cols, .column_totals = t->layout_dims >= 2,
                       .count = t->main[0], .hidden = t->main_hidden};
    sr_status status = suppress_one(&g, t->spec.k);
    for (int w = 0; status == SR_OK && w < t->fam_followups.width; w++) {
        size_t at = (size_t)w * (size_t)t->size;
        g.count = t->fam_followups.count + at;
        g.hidden = t->fam_followups.hidden + at;
        memcpy(g.hidden, t->main_hidden, (size_t)t->size); /* a hidden group hides its options */
        status = suppress_one(&g, t->spec.k);
    }
    for (int w = 0; status == SR_OK && w < t->fam_views.width; w++) {
        size_t at = (size_t)w * (size_t)t->size;
        g.count = t->fam_views.count + at;
        g.hidden = t->fam_views.hidden + at;
        status = suppress_one(&g, t->spec.k);
    }
    return status;
}

/* ---- output rows -------------------------------------------------------- */

static const char *value_label(report_table *t, int i, int v)
{
    report_dim dim = t->spec.dims[i];
    if (dim != REPORT_DIM_PERIOD) {
        const char *value = report_strings_at(&t->values[dim], v);
        return value && value[0] ? value : REPORT_NONE;
    }
    char label[REPORT_LABEL_MAX];
    int id;
    report_period_label(t->spec.grain, v, label);
    if (report_strings_id(&t->labels, label, strlen(label), &id) != SR_OK)
        return NULL;
    return report_strings_at(&t->labels, id);
}

/* Writes output row number `at` for grid entry e. Dimensions in `from_cell`
 * (a bit per dimension) are key_cell's values, the rest REPORT_ALL. */
static sr_status emit(report_table *t, int at, report_level level, int e, int key_cell,
                      unsigned from_cell)
{
    report_row *row = &t->out[at];
    row->level = level;
    row->period_start = REPORT_DAY_UNKNOWN;
    for (int i = 0; i < t->spec.n_dims; i++) {
        row->key[i] = REPORT_ALL;
        if (!(from_cell & (1u << i)))
            continue;
        int v = report_tuples_at(&t->cells, key_cell)[i];
        if (!(row->key[i] = value_label(t, i, v)))
            return SR_E_NOMEM;
        if (t->spec.dims[i] == REPORT_DIM_PERIOD)
            row->period_start = v;
    }
    row->hidden = t->main_hidden[e];
    row->n = t->main[0][e];
    row->score_sum = t->main[1][e];
    row->n_low = t->main[2][e];
    row->n_high = t->main[3][e];
    int nf = t->fam_followups.width, ni = t->fam_views.width;
    long long *counts = t->out_counts + (size_t)at * (size_t)(nf + ni);
    unsigned char *hidden = t->out_hidden + (size_t)at * (size_t)(nf + ni);
    for (int w = 0; w < nf; w++) {
        counts[w] = t->fam_followups.count[(size_t)w * (size_t)t->size + (size_t)e];
        hidden[w] = t->fam_followups.hidden[(size_t)w * (size_t)t->size + (size_t)e];
    }
    for (int w = 0; w < ni; w++) {
        counts[nf + w] = t->fam_views.count[(size_t)w * (size_t)t->size + (size_t)e];
        hidden[nf + w] = t->fam_views.hidden[(size_t)w * (size_t)t->size + (size_t)e];
    }
    row->followup = counts;
    row->followup_hidden = hidden;
    row->views = counts + nf;
    row->views_hidden = hidden + nf;
    t->hidden_groups += row->hidden;
    return SR_OK;
}

static sr_status emit_all(report_table *t)
{
    int d = t->layout_dims, nf = t->fam_followups.width, ni = t->fam_views.width;
    int max_rows = t->rows * (t->cols + 1) + t->cols + 1;
    t->out = calloc((size_t)max_rows, sizeof *t->out);
    t->out_counts = calloc((size_t)max_rows * (size_t)(nf + ni) + 1, sizeof *t->out_counts);
    t->out_hidden = calloc((size_t)max_rows * (size_t)(nf + ni) + 1, 1);
    if (!t->out || !t->out_counts || !t->out_hidden)
        return SR_E_NOMEM;
    unsigned all = (1u << d) - 1, all_but_last = d >= 1 ? (1u << (d - 1)) - 1 : 0;
    /* Cells, each row followed by its total; then column totals; then the
     * grand total (without column totals it is row 0's total). */
    sr_status status = SR_OK;
    for (int r = 0; r < t->rows && status == SR_OK; r++) {
        for (int c = 0; c < t->cols && status == SR_OK; c++) {
            int e = entry_at(t, r, c);
            if (t->cell_at[e] >= 0 && d >= 1)
                status = emit(t, t->n_out++, REPORT_LEVEL_CELL, e, t->cell_at[e], all);
        }
        if (status == SR_OK && d >= 2)
            status = emit(t, t->n_out++, REPORT_LEVEL_ROW_TOTAL, entry_at(t, r, t->cols),
                          t->row_key_cell[r], all_but_last);
    }
    for (int c = 0; c < t->cols && d >= 2 && status == SR_OK; c++)
        status = emit(t, t->n_out++, REPORT_LEVEL_COLUMN_TOTAL, entry_at(t, t->rows, c),
                      t->col_key_cell[c], 1u << (d - 1));
    if (status == SR_OK)
        status = emit(t, t->n_out++, REPORT_LEVEL_GRAND_TOTAL,
                      d >= 2 ? entry_at(t, t->rows, t->cols) : entry_at(t, 0, t->cols), 0, 0);
    return status;
}

sr_status report_table_finish(report_table *t, char *err, size_t err_size)
{
    int *ranks[REPORT_COLUMN_DIMS] = {0};
    t->layout_dims = t->cells.count ? t->spec.n_dims : 0;
    report_tuples rows = {.width = t->layout_dims >= 2 ? t->layout_dims - 1 : 1};
    report_tuples cols = {.width = 1};
    size_t n_cells = (size_t)(t->cells.count ? t->cells.count : 1);
    int *cell_row = malloc(sizeof *cell_row * n_cells), *cell_col = malloc(sizeof *cell_col * n_cells);
    sr_status status = cell_row && cell_col ? SR_OK : SR_E_NOMEM;
    for (int i = 0; i < REPORT_COLUMN_DIMS && status == SR_OK; i++) {
        ranks[i] = malloc(sizeof *ranks[i] * (size_t)(t->values[i].count + 1));
        status = ranks[i] ? sort_names(&t->values[i], NULL, ranks[i]) : SR_E_NOMEM;
    }
    if (status == SR_OK && t->cells.count == 0) {
        /* Nothing matched: one empty cell stands in, so the grand total (0)
         * is still printed. */
        int zero[REPORT_TUPLE_MAX] = {0}, cell;
        status = report_tuples_id(&t->cells, zero, &cell);
        if (status == SR_OK && !t->sums && !(t->sums = calloc(4, sizeof *t->sums)))
            status = SR_E_NOMEM;
    }
    if (status == SR_OK)
        status = place_cells(t, ranks, &rows, &cols, cell_row, cell_col);
    t->rows = rows.count;
    t->cols = cols.count;
    if (status == SR_OK)
        status = check_size(t, err, err_size);
    if (status == SR_OK)
        status = allocate_grids(t);
    if (status == SR_OK)
        status = fill_grids(t, cell_row, cell_col);
    if (status == SR_OK)
        status = suppress_all(t);
    if (status == SR_OK)
        status = emit_all(t);
    for (int i = 0; i < REPORT_COLUMN_DIMS; i++)
        free(ranks[i]);
    free(cell_row);
    free(cell_col);
    report_tuples_free(&rows);
    report_tuples_free(&cols);
    if (status == SR_E_NOMEM)
        snprintf(err, err_size, "out of memory laying out the table");
    t->finished = status == SR_OK;
    return status;
}

/* ---- readers ------------------------------------------------------------ */

int report_table_rows(const report_table *t)
{
    return t->finished ? t->n_out : 0;
}

const report_row *report_table_row(const report_table *t, int i)
{
    return i >= 0 && i < report_table_rows(t) ? &t->out[i] : NULL;
}

int report_table_followups(const report_table *t)
{
    return t->finished ? t->fam_followups.width : 0;
}

const char *report_table_followup_name(const report_table *t, int i)
{
    return i >= 0 && i < report_table_followups(t)
               ? report_strings_at(&t->followup_names, t->followup_order[i])
               : NULL;
}

int report_table_items(const report_table *t)
{
    return t->finished ? t->fam_views.width : 0;
}

const char *report_table_item_name(const report_table *t, int i)
{
    return i >= 0 && i < report_table_items(t) ? report_strings_at(&t->item_names, t->item_order[i])
                                                : NULL;
}

int report_table_hidden_groups(const report_table *t)
{
    return t->hidden_groups;
}
