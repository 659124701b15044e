/* test_suppress.c -- small-cell suppression, checked by solving the linear
 * system an attacker would solve, not by eye.
 *
 * For each table the test writes down every relation the published table
 * carries (each row adds up to its row total, each column to its column
 * total, the totals to the grand total), moves the published entries to the
 * right-hand side, and asks of each hidden entry: is it fixed by these
 * equations? It is exactly when removing its column from the hidden
 * entries' coefficient matrix lowers the matrix's rank (otherwise some
 * solution of the homogeneous system moves it). Rank is found by Gaussian
 * elimination. This is independent of the graph argument suppress.c uses.
 *
 * Random tables of every small shape, with many cells under k, zeros
 * (groups without answers) and forced patterns (follow-up counts of hidden
 * groups) go through it thousands of times.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report_table.h"
#include "report/suppress.h"

typedef struct table {
    int rows, cols;
    bool column_totals;
    long long count[(9 + 1) * (9 + 1)];
    unsigned char hidden[(9 + 1) * (9 + 1)];
} table;

static suppress_grid grid_of(table *t)
{
    suppress_grid g = {.rows = t->rows, .cols = t->cols, .column_totals = t->column_totals,
                       .count = t->count, .hidden = t->hidden};
    return g;
}

static int at(const table *t, int r, int c)
{
    return r * (t->cols + 1) + c;
}

/* Fills the margins from the interior. */
static void add_margins(table *t)
{
    for (int r = 0; r <= t->rows; r++)
        t->count[at(t, r, t->cols)] = 0;
    for (int c = 0; c <= t->cols; c++)
        t->count[at(t, t->rows, c)] = 0;
    for (int r = 0; r < t->rows; r++)
        for (int c = 0; c < t->cols; c++) {
            long long v = t->count[at(t, r, c)];
            t->count[at(t, r, t->cols)] += v;
            t->count[at(t, t->rows, c)] += v;
            t->count[at(t, t->rows, t->cols)] += v;
        }
}

/* ---- the attacker's linear algebra --------------------------------------- */

/* Rank of an m x n matrix (row-major, destroyed). */
static int matrix_rank(double *a, int m, int n)
{
    int rank = 0;
    for (int col = 0; col < n && rank < m; col++) {
        int pivot = -1;
        double best = 1e-9;
        for (int r = rank; r < m; r++)
            if (fabs(a[r * n + col]) > best) {
                best = fabs(a[r * n + col]);
                pivot = r;
            }
        if (pivot < 0)
            continue;
        for (int c = 0; c < n; c++) {
            double tmp = a[rank * n + c];
            a[rank * n + c] = a[pivot * n + c];
            a[pivot * n + c] = tmp;
        }
        for (int r = 0; r < m; r++) {
            if (r == rank || a[r * n + col] == 0)
                continue;
            double f = a[r * n + col] / a[rank * n + col];
            for (int c = 0; c < n; c++)
                a[r * n + c] -= f * a[rank * n + c];
        }
        rank++;
    }
    return rank;
}

/* The relations of the published table over all entries: one equation per
 * line, coefficient +1 for the interior of the line, -1 for its total.
 * Returns the number of equations; coef is equations x entries. */
static int relations(const table *t, double *coef)
{
    int n = (t->rows + 1) * (t->cols + 1), m = 0;
    for (int r = 0; r < (t->column_totals ? t->rows + 1 : t->rows); r++, m++) {
        memset(coef + m * n, 0, sizeof *coef * (size_t)n);
        for (int c = 0; c < t->cols; c++)
            coef[m * n + at(t, r, c)] = 1;
        coef[m * n + at(t, r, t->cols)] = -1;
    }
    if (t->column_totals)
        for (int c = 0; c <= t->cols; c++, m++) {
            memset(coef + m * n, 0, sizeof *coef * (size_t)n);
            for (int r = 0; r < t->rows; r++)
                coef[m * n + at(t, r, c)] = 1;
            coef[m * n + at(t, t->rows, c)] = -1;
        }
    return m;
}

/* Rank of the relations restricted to the hidden entries, leaving out
 * entry `skip` (-1: none). */
static int hidden_rank(const table *t, const double *coef, int m, int skip)
{
    int n = (t->rows + 1) * (t->cols + 1), k = 0;
    int cols[100];
    for (int e = 0; e < n; e++)
        if (t->hidden[e] && e != skip && (t->column_totals || e / (t->cols + 1) < t->rows))
            cols[k++] = e;
    if (k == 0)
        return 0;
    double *a = malloc(sizeof *a * (size_t)(m * k));
    assert_non_null(a);
    for (int r = 0; r < m; r++)
        for (int j = 0; j < k; j++)
            a[r * k + j] = coef[r * n + cols[j]];
    int rank = matrix_rank(a, m, k);
    free(a);
    return rank;
}

/* Counts the hidden entries the published table determines. */
static int recoverable_entries(const table *t)
{
    double coef[(10 + 10) * 100];
    int m = relations(t, coef), n = (t->rows + 1) * (t->cols + 1), found = 0;
    int full = hidden_rank(t, coef, m, -1);
    for (int e = 0; e < n; e++) {
        if (!t->hidden[e] || (!t->column_totals && e / (t->cols + 1) == t->rows))
            continue;
        if (hidden_rank(t, coef, m, e) < full)
            found++;
    }
    return found;
}

static bool published(const table *t, int e)
{
    return t->column_totals || e / (t->cols + 1) < t->rows;
}

/* Everything a user could notice: a small count in view, a hidden count
 * that can be worked out, or a hidden zero used as a complement. */
static void assert_protected(const table *t, int k, const unsigned char *forced)
{
    int n = (t->rows + 1) * (t->cols + 1);
    for (int e = 0; e < n; e++) {
        if (!published(t, e))
            continue;
        if (!t->hidden[e] && t->count[e] > 0 && t->count[e] < k) {
            fail_msg("entry %d (count %lld) is shown with k = %d", e, t->count[e], k);
        }
        if (t->hidden[e] && t->count[e] == 0 && !(forced && forced[e]))
            fail_msg("entry %d is zero, known to all, and was hidden as a complement", e);
        if (forced && forced[e])
            assert_true(t->hidden[e]);
    }
    assert_int_equal(recoverable_entries(t), 0);
    suppress_grid g = grid_of((table *)t);
    assert_true(suppress_check(&g, k));
}

/* ---- tables ------------------------------------------------------------- */

static unsigned random_state = 12345;

static unsigned next_random(void)
{
    random_state = random_state * 1103515245u + 12345u;
    return (random_state >> 8) & 0xffffff;
}

static void random_table(table *t, int k, bool column_totals)
{
    memset(t, 0, sizeof *t);
    t->column_totals = column_totals;
    t->rows = column_totals ? 1 + (int)(next_random() % 7) : 1 + (int)(next_random() % 3);
    t->cols = 1 + (int)(next_random() % 8);
    for (int r = 0; r < t->rows; r++)
        for (int c = 0; c < t->cols; c++) {
            unsigned roll = next_random() % 100;
            long long v = roll < 20 ? 0 : roll < 55 ? 1 + next_random() % (unsigned)(k - 1)
                                                    : k + next_random() % 40;
            t->count[at(t, r, c)] = v;
        }
    add_margins(t);
}

static void test_two_by_two_hides_the_rectangle(void **state)
{
    (void)state;
    table t = {.rows = 2, .cols = 2, .column_totals = true};
    long long interior[4] = {2, 10, 10, 10};
    for (int i = 0; i < 4; i++)
        t.count[at(&t, i / 2, i % 2)] = interior[i];
    add_margins(&t);
    suppress_grid g = grid_of(&t);
    assert_int_equal(suppress_apply(&g, 5), 0);
    /* The cheapest protection hides the four interior cells; the totals
     * (12, 20, 12, 20, 32) stay. */
    for (int r = 0; r <= 2; r++)
        for (int c = 0; c <= 2; c++)
            assert_int_equal(t.hidden[at(&t, r, c)], r < 2 && c < 2);
    assert_protected(&t, 5, NULL);
}

static void test_one_dimension_needs_a_second_cell(void **state)
{
    (void)state;
    table t = {.rows = 1, .cols = 3, .column_totals = false};
    long long cells[3] = {3, 9, 8};
    for (int c = 0; c < 3; c++)
        t.count[at(&t, 0, c)] = cells[c];
    add_margins(&t);
    suppress_grid g = grid_of(&t);
    assert_int_equal(suppress_apply(&g, 5), 0);
    assert_true(t.hidden[at(&t, 0, 0)]);
    assert_true(t.hidden[at(&t, 0, 2)]);  /* 8, the smaller of the others */
    assert_false(t.hidden[at(&t, 0, 1)]);
    assert_false(t.hidden[at(&t, 0, 3)]); /* the grand total, 20, stays */
    assert_protected(&t, 5, NULL);
}

static void test_a_small_grand_total_hides_everything_it_needs(void **state)
{
    (void)state;
    table t = {.rows = 1, .cols = 1, .column_totals = false};
    t.count[at(&t, 0, 0)] = 4;
    add_margins(&t);
    suppress_grid g = grid_of(&t);
    assert_int_equal(suppress_apply(&g, 5), 0);
    assert_true(t.hidden[at(&t, 0, 0)] && t.hidden[at(&t, 0, 1)]);
    memset(t.hidden, 0, sizeof t.hidden);
    assert_int_equal(suppress_apply(&g, 3), 0);
    assert_false(t.hidden[at(&t, 0, 0)] || t.hidden[at(&t, 0, 1)]);
}

/* Two protected rectangles joined by one more hidden cell: no line has a
 * single hidden entry, yet the joining cell is fixed by the totals. The
 * checker must see that, and suppress_apply must not stop there. */
static void test_no_lonely_cell_is_not_enough(void **state)
{
    (void)state;
    table t = {.rows = 4, .cols = 4, .column_totals = true};
    for (int r = 0; r < 4; r++)
        for (int c = 0; c < 4; c++)
            t.count[at(&t, r, c)] = 20 + r * 4 + c;
    add_margins(&t);
    int pattern[][2] = {{0, 0}, {0, 1}, {1, 0}, {1, 1}, {2, 2}, {2, 3}, {3, 2}, {3, 3}, {1, 2}};
    for (size_t i = 0; i < sizeof pattern / sizeof pattern[0]; i++)
        t.hidden[at(&t, pattern[i][0], pattern[i][1])] = 1;
    assert_int_equal(recoverable_entries(&t), 1);
    suppress_grid g = grid_of(&t);
    assert_false(suppress_check(&g, 5));
    assert_int_equal(suppress_apply(&g, 5), 0);
    assert_protected(&t, 5, NULL);
}

static void test_k_below_three_is_refused(void **state)
{
    (void)state;
    table t = {.rows = 1, .cols = 1};
    t.count[0] = 1;
    add_margins(&t);
    suppress_grid g = grid_of(&t);
    assert_int_equal(suppress_apply(&g, 2), SR_E_INVALID);
    t.count[0] = -1;
    assert_int_equal(suppress_apply(&g, 5), SR_E_INVALID);
}

static void test_random_two_dimensional_tables(void **state)
{
    (void)state;
    int with_hidden = 0;
    for (int i = 0; i < 3000; i++) {
        int k = 3 + (int)(next_random() % 8);
        table t;
        random_table(&t, k, true);
        suppress_grid g = grid_of(&t);
        assert_int_equal(suppress_apply(&g, k), 0);
        assert_protected(&t, k, NULL);
        with_hidden += memchr(t.hidden, 1, sizeof t.hidden) != NULL;
    }
    assert_true(with_hidden > 1000); /* the tables did have small cells */
}

static void test_random_rows_only_tables(void **state)
{
    (void)state;
    for (int i = 0; i < 2000; i++) {
        int k = 3 + (int)(next_random() % 8);
        table t;
        random_table(&t, k, false);
        suppress_grid g = grid_of(&t);
        assert_int_equal(suppress_apply(&g, k), 0);
        assert_protected(&t, k, NULL);
    }
}

/* A follow-up count per group: never above the group's answer count, and
 * hidden wherever the answer count is hidden (forced), zeros included. */
static void test_random_forced_patterns(void **state)
{
    (void)state;
    for (int i = 0; i < 2000; i++) {
        int k = 3 + (int)(next_random() % 8);
        bool column_totals = next_random() % 4 != 0;
        table main_table, option;
        random_table(&main_table, k, column_totals);
        suppress_grid g = grid_of(&main_table);
        assert_int_equal(suppress_apply(&g, k), 0);
        option = main_table;
        memset(option.hidden, 0, sizeof option.hidden);
        for (int r = 0; r < option.rows; r++)
            for (int c = 0; c < option.cols; c++) {
                long long n = main_table.count[at(&main_table, r, c)];
                option.count[at(&option, r, c)] = n ? (long long)(next_random() % (unsigned)(n + 1)) : 0;
            }
        add_margins(&option);
        unsigned char forced[sizeof option.hidden];
        memcpy(forced, main_table.hidden, sizeof forced);
        memcpy(option.hidden, forced, sizeof forced);
        suppress_grid og = grid_of(&option);
        assert_int_equal(suppress_apply(&og, k), 0);
        assert_protected(&option, k, forced);
    }
}

/* A year of days by a dozen groups finishes quickly (reports run it for
 * every follow-up option). */
static void test_a_big_table_is_quick(void **state)
{
    (void)state;
    enum { ROWS = 40, COLS = 366 };
    long long *count = calloc((ROWS + 1) * (COLS + 1), sizeof *count);
    unsigned char *hidden = calloc((ROWS + 1) * (COLS + 1), 1);
    assert_non_null(count);
    assert_non_null(hidden);
    suppress_grid g = {.rows = ROWS, .cols = COLS, .column_totals = true, .count = count,
                       .hidden = hidden};
    for (int r = 0; r < ROWS; r++)
        for (int c = 0; c < COLS; c++) {
            long long v = next_random() % 10 == 0 ? 1 + next_random() % 4 : 5 + next_random() % 30;
            count[suppress_index(&g, r, c)] = v;
            count[suppress_index(&g, r, COLS)] += v;
            count[suppress_index(&g, ROWS, c)] += v;
            count[suppress_index(&g, ROWS, COLS)] += v;
        }
    assert_int_equal(suppress_apply(&g, 5), 0);
    assert_true(suppress_check(&g, 5));
    free(count);
    free(hidden);
}

/* ---- the report publishes exactly what was protected -------------------- */

/* Rebuilds the published table from a finished report's rows (sites x
 * weeks, or weeks only): interior from the groups, margins from the
 * totals; a group the report does not print is a known zero. family: -1
 * answers, else a follow-up number. */
static void table_from_report(const report_table *rt, int family, table *t, int n_sites,
                              int n_weeks)
{
    memset(t, 0, sizeof *t);
    bool two_d = report_table_spec(rt)->n_dims == 2;
    t->rows = two_d ? n_sites : 1;
    t->cols = n_weeks;
    t->column_totals = two_d;
    for (int i = 0; i < report_table_rows(rt); i++) {
        const report_row *row = report_table_row(rt, i);
        const char *week = row->key[two_d ? 1 : 0];
        int r = two_d && row->key[0][0] == 'S' ? atoi(row->key[0] + 1) : two_d ? t->rows : 0;
        int c = week[0] == '(' ? t->cols : (row->period_start - 19996) / 7;
        if (!two_d && row->level == REPORT_LEVEL_GRAND_TOTAL)
            r = 0;
        long long count = family < 0 ? row->n : row->followup[family];
        bool hidden = family < 0 ? row->hidden : row->followup_hidden[family];
        t->count[at(t, r, c)] = count;
        t->hidden[at(t, r, c)] = hidden;
    }
}

static void test_random_report_tables(void **state)
{
    (void)state;
    for (int i = 0; i < 600; i++) {
        report_spec spec;
        char err[128];
        report_spec_default(&spec);
        spec.k = 3 + (int)(next_random() % 6);
        bool two_d = next_random() % 3 != 0;
        assert_true(report_spec_parse_dims(&spec, two_d ? "site,week" : "week", err, sizeof err));
        report_table *rt = NULL;
        assert_int_equal(report_table_create(&spec, &rt), SR_OK);
        int n_sites = 1 + (int)(next_random() % 6), n_weeks = 1 + (int)(next_random() % 7);
        for (int s = 0; s < n_sites; s++)
            for (int w = 0; w < n_weeks; w++) {
                unsigned roll = next_random() % 100;
                if (roll < 20)
                    continue; /* no answers: no group */
                long long n = roll < 55 ? 1 + next_random() % (unsigned)(spec.k - 1)
                                        : spec.k + next_random() % 30;
                char site[16];
                snprintf(site, sizeof site, "S%d", s);
                const char *cols[REPORT_COLUMN_DIMS] = {site, "Ward", "", "day", "q"};
                int day = 19996 + 7 * w + (int)(next_random() % 7); /* 19996 is a Monday */
                assert_int_equal(report_table_add_scores(rt, cols, day, n, 3 * n, 0, 0), SR_OK);
                long long chose = (long long)(next_random() % (unsigned)(n + 1));
                if (chose)
                    assert_int_equal(report_table_add_followup(rt, cols, day, "affected",
                                                               "workload", chose), SR_OK);
            }
        assert_int_equal(report_table_finish(rt, err, sizeof err), SR_OK);
        table answers, followups;
        table_from_report(rt, -1, &answers, n_sites, n_weeks);
        assert_protected(&answers, spec.k, NULL);
        if (report_table_followups(rt) == 1) {
            table_from_report(rt, 0, &followups, n_sites, n_weeks);
            assert_protected(&followups, spec.k, answers.hidden);
        }
        report_table_free(rt);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_by_two_hides_the_rectangle),
        cmocka_unit_test(test_one_dimension_needs_a_second_cell),
        cmocka_unit_test(test_a_small_grand_total_hides_everything_it_needs),
        cmocka_unit_test(test_no_lonely_cell_is_not_enough),
        cmocka_unit_test(test_k_below_three_is_refused),
        cmocka_unit_test(test_random_two_dimensional_tables),
        cmocka_unit_test(test_random_rows_only_tables),
        cmocka_unit_test(test_random_forced_patterns),
        cmocka_unit_test(test_a_big_table_is_quick),
        cmocka_unit_test(test_random_report_tables),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
