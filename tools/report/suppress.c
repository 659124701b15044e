/* suppress.c -- which entries of a table to hide so that none below k shows
 * and none hidden can be worked out from the rest.
 *
 * Why bridges. Flip the sign of every margin entry except the grand total;
 * then every line of the (R+1) x (C+1) grid sums to zero. An attacker who
 * knows the shown entries knows the hidden ones up to adding any vector z
 * on the hidden entries whose every row and column sums to zero. Read each
 * hidden entry (r, c) as an edge between row node r and column node c of a
 * bipartite graph: such vectors are exactly the circulations of that graph,
 * +1/-1 alternately around cycles. An entry is determined iff no cycle
 * passes through its edge, i.e. iff it is a bridge. And since every entry
 * this module hides is at least 1, stepping +/-1 around a cycle stays
 * non-negative: knowing counts are never negative does not pin it either.
 *
 * The algorithm:
 *   1. hide every entry with 0 < count < k (primary suppression);
 *   2. find a bridge (Tarjan, iterative); if none, done;
 *   3. cheapest path from the bridge's row node to its column node that
 *      avoids the bridge, hidden entries costing 0 and shown non-zero
 *      entries costing their count (Dijkstra); hide the path, which closes
 *      a cycle through the bridge; go to 2.
 * Hiding more never turns a cycle edge into a bridge, and each round
 * removes one bridge, so it ends. A path always exists when the bridge has
 * a non-zero count: its row total, the grand total and its column total
 * are non-zero too and connect the two ends.
 *
 * Without column totals (a one-dimensional table is one such row, with the
 * grand total as its row total) each row is its own relation: a hidden
 * entry alone in its row is its row total minus the rest, so a second one,
 * the smallest shown non-zero entry of the row, is hidden with it.
 */
#include "suppress.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

typedef struct graph {
    int rows, cols;      /* nodes: rows 0..rows (the totals row too), then columns */
    int n_nodes;
    int *start;          /* CSR adjacency: edges of node v are edge[start[v]..start[v+1]) */
    int *edge;           /* entry indices */
} graph;

static int grid_size(const suppress_grid *g)
{
    return (g->rows + 1) * (g->cols + 1);
}

static int entry_row(const suppress_grid *g, int e)
{
    return e / (g->cols + 1);
}

static int entry_col_node(const suppress_grid *g, int e)
{
    return g->rows + 1 + e % (g->cols + 1);
}

/* The node at the other end of entry e from node v. */
static int other_end(const suppress_grid *g, int e, int v)
{
    int row = entry_row(g, e);
    return v == row ? entry_col_node(g, e) : row;
}

static void graph_free(graph *gr)
{
    free(gr->start);
    free(gr->edge);
    memset(gr, 0, sizeof *gr);
}

/* Builds the adjacency of the hidden entries. */
static sr_status graph_build(const suppress_grid *g, graph *gr)
{
    int size = grid_size(g);
    gr->rows = g->rows;
    gr->cols = g->cols;
    gr->n_nodes = g->rows + 1 + g->cols + 1;
    gr->start = calloc((size_t)gr->n_nodes + 1, sizeof *gr->start);
    gr->edge = malloc(sizeof *gr->edge * 2 * (size_t)size);
    if (!gr->start || !gr->edge) {
        graph_free(gr);
        return SR_E_NOMEM;
    }
    for (int e = 0; e < size; e++)
        if (g->hidden[e]) {
            gr->start[entry_row(g, e) + 1]++;
            gr->start[entry_col_node(g, e) + 1]++;
        }
    for (int v = 0; v < gr->n_nodes; v++)
        gr->start[v + 1] += gr->start[v];
    int *fill = malloc(sizeof *fill * (size_t)gr->n_nodes);
    if (!fill) {
        graph_free(gr);
        return SR_E_NOMEM;
    }
    memcpy(fill, gr->start, sizeof *fill * (size_t)gr->n_nodes);
    for (int e = 0; e < size; e++)
        if (g->hidden[e]) {
            gr->edge[fill[entry_row(g, e)]++] = e;
            gr->edge[fill[entry_col_node(g, e)]++] = e;
        }
    free(fill);
    return SR_OK;
}

/* Finds one bridge among the hidden entries: its entry index in *bridge,
 * or -1 when there is none. Iterative Tarjan (low-link), so a long chain of
 * hidden entries cannot overflow the stack. */
static sr_status find_bridge(const suppress_grid *g, int *bridge)
{
    graph gr = {0};
    sr_status status = graph_build(g, &gr);
    if (status != SR_OK)
        return status;
    size_t n = (size_t)gr.n_nodes;
    int *disc = malloc(sizeof *disc * n), *low = malloc(sizeof *low * n);
    int *parent_edge = malloc(sizeof *parent_edge * n), *next = malloc(sizeof *next * n);
    int *stack = malloc(sizeof *stack * n);
    *bridge = -1;
    if (!disc || !low || !parent_edge || !next || !stack) {
        status = SR_E_NOMEM;
        goto done;
    }
    for (int v = 0; v < gr.n_nodes; v++)
        disc[v] = -1;
    int clock = 0;
    for (int root = 0; root < gr.n_nodes && *bridge < 0; root++) {
        if (disc[root] >= 0 || gr.start[root] == gr.start[root + 1])
            continue;
        int depth = 0;
        stack[depth++] = root;
        disc[root] = low[root] = clock++;
        parent_edge[root] = -1;
        next[root] = gr.start[root];
        while (depth > 0 && *bridge < 0) {
            int v = stack[depth - 1];
            if (next[v] < gr.start[v + 1]) {
                int e = gr.edge[next[v]++];
                if (e == parent_edge[v])
                    continue;
                int u = other_end(g, e, v);
                if (disc[u] < 0) {
                    disc[u] = low[u] = clock++;
                    parent_edge[u] = e;
                    next[u] = gr.start[u];
                    stack[depth++] = u;
                } else if (disc[u] < low[v]) {
                    low[v] = disc[u];
                }
                continue;
            }
            depth--;
            if (parent_edge[v] < 0)
                continue;
            int parent = other_end(g, parent_edge[v], v);
            if (low[v] < low[parent])
                low[parent] = low[v];
            if (low[v] > disc[parent])
                *bridge = parent_edge[v];
        }
    }
done:
    free(disc);
    free(low);
    free(parent_edge);
    free(next);
    free(stack);
    graph_free(&gr);
    return status;
}

/* The cost of using entry e on a path: free when hidden already, its count
 * when shown and non-zero, unusable (-1) when zero or the bridge itself. */
static long long entry_cost(const suppress_grid *g, int e, int bridge)
{
    if (e == bridge)
        return -1;
    if (g->hidden[e])
        return 0;
    return g->count[e] > 0 ? g->count[e] : -1;
}

/* Entry between node v and node u (one a row, the other a column). */
static int entry_between(const suppress_grid *g, int v, int u)
{
    int row = v <= g->rows ? v : u, col_node = v <= g->rows ? u : v;
    return suppress_index(g, row, col_node - (g->rows + 1));
}

/* Hides the cheapest path from the bridge's row to its column that does
 * not use the bridge, closing a cycle through it. Dense Dijkstra: the
 * graph of candidate entries is the whole grid. */
static sr_status close_cycle(suppress_grid *g, int bridge)
{
    int n_nodes = g->rows + 1 + g->cols + 1;
    long long *dist = malloc(sizeof *dist * (size_t)n_nodes);
    int *via = malloc(sizeof *via * (size_t)n_nodes);
    unsigned char *done = calloc((size_t)n_nodes, 1);
    sr_status status = SR_OK;
    if (!dist || !via || !done) {
        status = SR_E_NOMEM;
        goto out;
    }
    for (int v = 0; v < n_nodes; v++) {
        dist[v] = LLONG_MAX;
        via[v] = -1;
    }
    int source = entry_row(g, bridge), target = entry_col_node(g, bridge);
    dist[source] = 0;
    for (;;) {
        int v = -1;
        for (int u = 0; u < n_nodes; u++)
            if (!done[u] && dist[u] != LLONG_MAX && (v < 0 || dist[u] < dist[v]))
                v = u;
        if (v < 0 || v == target)
            break;
        done[v] = 1;
        bool is_row = v <= g->rows;
        int first = is_row ? g->rows + 1 : 0, last = is_row ? n_nodes : g->rows + 1;
        for (int u = first; u < last; u++) {
            long long cost = entry_cost(g, entry_between(g, v, u), bridge);
            if (cost >= 0 && !done[u] && dist[v] + cost < dist[u]) {
                dist[u] = dist[v] + cost;
                via[u] = v;
            }
        }
    }
    if (via[target] < 0) {
        status = SR_E_STATE; /* cannot happen for a bridge with a count (see top) */
        goto out;
    }
    for (int u = target; u != source; u = via[u])
        g->hidden[entry_between(g, u, via[u])] = 1;
out:
    free(dist);
    free(via);
    free(done);
    return status;
}

/* Rows-only tables: gives every row with one hidden entry a second one. */
static sr_status protect_rows(suppress_grid *g)
{
    for (int r = 0; r < g->rows; r++) {
        int n_hidden = 0, cheapest = -1;
        for (int c = 0; c <= g->cols; c++) {
            int e = suppress_index(g, r, c);
            if (g->hidden[e])
                n_hidden++;
            else if (g->count[e] > 0 && (cheapest < 0 || g->count[e] < g->count[cheapest]))
                cheapest = e;
        }
        if (n_hidden != 1)
            continue;
        if (cheapest < 0)
            return SR_E_STATE; /* a lone hidden entry in a row of zeros */
        g->hidden[cheapest] = 1;
    }
    return SR_OK;
}

static bool shape_ok(const suppress_grid *g)
{
    return g->rows >= 1 && g->cols >= 1 && g->count && g->hidden;
}

sr_status suppress_apply(suppress_grid *g, int k)
{
    if (k < SUPPRESS_MIN_K || !shape_ok(g))
        return SR_E_INVALID;
    if ((long long)(g->rows + 1) * (g->cols + 1) > SUPPRESS_MAX_ENTRIES)
        return SR_E_LIMIT;
    int size = grid_size(g);
    for (int e = 0; e < size; e++) {
        if (g->count[e] < 0)
            return SR_E_INVALID;
        if (!g->column_totals && entry_row(g, e) == g->rows) {
            g->hidden[e] = 0; /* not published, not a relation */
            continue;
        }
        if (g->count[e] > 0 && g->count[e] < k)
            g->hidden[e] = 1;
    }
    if (!g->column_totals)
        return protect_rows(g);
    for (;;) {
        int bridge;
        sr_status status = find_bridge(g, &bridge);
        if (status != SR_OK)
            return status;
        if (bridge < 0)
            return SR_OK;
        if ((status = close_cycle(g, bridge)) != SR_OK)
            return status;
    }
}

bool suppress_check(const suppress_grid *g, int k)
{
    if (!shape_ok(g))
        return false;
    int size = grid_size(g);
    for (int e = 0; e < size; e++) {
        bool published_row = g->column_totals || entry_row(g, e) < g->rows;
        if (published_row && !g->hidden[e] && g->count[e] > 0 && g->count[e] < k)
            return false;
    }
    if (!g->column_totals) {
        for (int r = 0; r < g->rows; r++) {
            int n_hidden = 0;
            for (int c = 0; c <= g->cols; c++)
                n_hidden += g->hidden[suppress_index(g, r, c)] != 0;
            if (n_hidden == 1)
                return false;
        }
        return true;
    }
    int bridge;
    return find_bridge(g, &bridge) == SR_OK && bridge < 0;
}
