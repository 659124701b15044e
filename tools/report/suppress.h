/* suppress.h -- small-cell suppression with complementary suppression.
 *
 * DESIGN.md: "Aggregates below a threshold k ... are suppressed, with
 * complementary suppression so that a hidden cell cannot be recovered from
 * totals." This module decides which entries of one table to hide. It is
 * pure (libc only) and knows nothing of answers or SQL: it sees counts.
 *
 * The table it protects is a grid with its margins, (rows + 1) x (cols + 1)
 * entries, row-major:
 *
 *            col 0   ...   col C-1 | row total
 *   row 0    [0][0]        [0][C-1]| [0][C]
 *   ...                            |
 *   row R-1                        | [R-1][C]
 *   ------------------------------ +----------
 *   col tot  [R][0]        [R][C-1]| [R][C]  (grand total)
 *
 * Every line (a row with its total, a column with its total) is a linear
 * relation an attacker can use. A hidden entry is recoverable exactly when
 * it is fixed by the published entries through these relations. For a
 * table with both kinds of margin that has a neat form (see suppress.c):
 * it is recoverable iff it is a bridge of the bipartite graph whose edges
 * are the hidden entries, so the module hides entries until no hidden
 * entry is a bridge. Without column totals each row stands alone, and a row
 * needs two hidden entries or none.
 *
 * A zero entry is not something the report shows (there is no row for a
 * group without answers), so everyone knows it is zero: it is never picked
 * as a complementary cell. It may be forced hidden by the caller (a
 * follow-up count of a group whose answer count is hidden).
 *
 * Ownership: the grid's arrays are the caller's; suppress_apply() reads
 * count and updates hidden in place and keeps no pointer.
 */
#ifndef SR_SUPPRESS_H
#define SR_SUPPRESS_H

#include <stdbool.h>

#include "core/status.h"

/* DESIGN.md: "configurable, never below 3". */
#define SUPPRESS_MIN_K 3
#define SUPPRESS_DEFAULT_K 5
/* A bigger grid is refused (SR_E_LIMIT): the search is quadratic in the
 * number of rows plus columns. */
#define SUPPRESS_MAX_ENTRIES (4 * 1024 * 1024)

typedef struct suppress_grid {
    int rows, cols;          /* interior size, each >= 1 */
    bool column_totals;      /* false: only row totals are published; the
                              * last row of count/hidden is then ignored */
    const long long *count;  /* (rows + 1) x (cols + 1), >= 0; borrowed */
    unsigned char *hidden;   /* same shape; in: 1 = must be hidden;
                              * out: 1 = hidden */
} suppress_grid;

/* Index of entry (row, col) in count/hidden. */
static inline int suppress_index(const suppress_grid *grid, int row, int col)
{
    return row * (grid->cols + 1) + col;
}

/* Hides every entry with 0 < count < k, keeps whatever the caller forced,
 * then hides as few and as small other entries as it can until no hidden
 * entry can be recovered from the published ones.
 * Returns SR_OK; SR_E_INVALID when k < SUPPRESS_MIN_K, the shape is bad or
 * a count is negative; SR_E_LIMIT for a grid over SUPPRESS_MAX_ENTRIES;
 * SR_E_NOMEM. */
sr_status suppress_apply(suppress_grid *grid, int k);

/* The invariants suppress_apply() establishes: no shown entry has
 * 0 < count < k, and no hidden entry is recoverable (no bridge, or no row
 * with a single hidden entry). For assertions and tests. Returns false on
 * a violation (or on running out of memory). */
bool suppress_check(const suppress_grid *grid, int k);

#endif
