/* outbox.c -- the kiosk's durable queue of answers (see outbox.h).
 *
 * What it promises: an answer for which outbox_put() returned SR_OK is in the
 * SQLite file, fsync'd (WAL, synchronous=FULL), and stays there, exactly
 * once, until the collector has confirmed it -- whatever happens to the
 * process or the disk in between. A failed write leaves the queue as it was
 * and the handle usable once the cause (a full disk, say) has gone.
 *
 * What it refuses to keep: anything that records the order of arrival. Ids
 * are random; times are coarsened by the privacy policy before they reach
 * SQL; the tables are WITHOUT ROWID; there is no created-at column. (Two
 * places outside our control still do, briefly: the WAL file holds recent
 * pages in commit order until it is overwritten, and freed pages would keep
 * old rows -- which is why secure_delete is on.)
 *
 * Life cycle of one row of `answer`: two independent state machines.
 *
 *   Time (clock column):
 *
 *     outbox_put(), clock synced ------------------------> SYNCED
 *                                                            ^  period_start, shift
 *     outbox_put(), clock not set --> PENDING ---------------+
 *                                     boot_id,   fix_clock(), same boot
 *                                     mono_minute  |
 *                                                  +-------> UNKNOWN
 *                                             fix_clock(),     no time at all
 *                                             another boot
 *
 *   Delivery (sent_at column):
 *
 *     outbox_put() --> UNSENT --mark_sent()--> SENT --confirm()--> (deleted)
 *     seal_use()         ^                      |
 *                        +--- resend_stale() ---+   sent_at <= now - timeout
 *
 *   Toolkit counts (outbox_delivery.c): a counter in item_use grows while
 *   its day lasts; sealing turns it into an immutable answer row, so what is
 *   sent is exactly what is confirmed:
 *
 *     count_use() --> item_use (day, item) count += 1
 *                        |  seal_use(): one transaction for all counters
 *                        v
 *                     answer row, kind "use", UNSENT; SYNCED under the day,
 *                     or UNKNOWN for OUTBOX_USE_DAY_UNKNOWN; counter deleted
 *
 *   from     to       performed by            what changes
 *   -        SYNCED   outbox_put              period_start, shift from the policy
 *   -        PENDING  outbox_put              boot_id, mono_minute (the minute only)
 *   -        SYNCED   outbox_seal_use         kind "use", period_start = the day, no shift
 *   -        UNKNOWN  outbox_seal_use         kind "use", counted before the clock was set
 *   PENDING  SYNCED   outbox_fix_clock        period from now - (mono now - mono then);
 *                                             boot_id, mono_minute cleared
 *   PENDING  UNKNOWN  outbox_fix_clock        boot_id, mono_minute cleared
 *   UNSENT   SENT     outbox_mark_sent(_many) sent_at = now
 *   SENT     UNSENT   outbox_resend_stale     sent_at = NULL
 *   any      deleted  outbox_confirm(_many)   the row
 *
 * Invariants (enforced by CHECK constraints where SQLite can, verified by
 * outbox_check() -- see outbox_schema.c for the queries):
 *   1. id is 32 lower-case hex digits, and is the primary key.
 *   2. clock is 0 (synced), 1 (pending) or 2 (unknown).
 *   3. clock = 0  <=> period_start IS NOT NULL.
 *   4. clock = 1  <=> boot_id and mono_minute are set; otherwise both NULL.
 *   5. shift IS NULL unless clock = 0.
 *   6. period_start is a whole minute: no exact second is ever stored.
 *   7. sent_at IS NULL (unsent) or an integer (sent, awaiting confirmation).
 *   8. item_use.count >= 1, one row per (local day, item).
 *   9. an entry of kind "use" has no shift (it covers a whole day).
 *
 * "Oldest first" (outbox_take_unsent): synced answers by period_start; then
 * UNKNOWN answers (their boot ended before this one began, so they are older
 * than anything PENDING); then PENDING answers, last so that fix_clock() has
 * had the longest chance to give them a time before they leave. Ties, and
 * the order within the last two groups, go by the random id, which reveals
 * nothing. The partial index answer_unsent serves exactly this ORDER BY.
 * outbox_take_deliverable, what the forwarder sends, is the same without
 * the PENDING answers.
 *
 * SQLite codes become sr_status only here, in outbox_fail(), which also
 * writes outbox_last_error() ("<file>: <operation>: <reason> (<SQLite's
 * words>)"), rolls back any open transaction and so leaves the handle
 * usable. Every statement is prepared once at open and reset after use.
 */
#include "outbox.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <sqlite3.h>

#include "outbox_internal.h"

static const char *const STATEMENT_SQL[STMT_COUNT] = {
    [STMT_PUT] = "INSERT INTO answer (id, kind, payload, period_start, shift, clock, boot_id,"
                 " mono_minute, sent_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, NULL)",
    /* The ORDER BY must match the expressions of index answer_unsent. */
    [STMT_TAKE] = "SELECT id, kind, payload, period_start, shift, clock, sent_at FROM answer"
                  " WHERE sent_at IS NULL ORDER BY clock = 1, clock, period_start, id LIMIT ?1",
    [STMT_MARK] = "UPDATE answer SET sent_at = ?2 WHERE id = ?1",
    [STMT_CONFIRM] = "DELETE FROM answer WHERE id = ?1",
    /* ?1 = now - timeout. A send time after ?2 = now means the wall clock
     * was set back since: resend rather than wait for it to catch up. */
    [STMT_RESEND] = "UPDATE answer SET sent_at = NULL WHERE sent_at IS NOT NULL"
                    " AND (sent_at <= ?1 OR sent_at > ?2)",
    [STMT_STATS] = "SELECT count(*) FILTER (WHERE sent_at IS NULL),"
                   " count(*) FILTER (WHERE sent_at IS NOT NULL), min(period_start),"
                   " count(*) FILTER (WHERE clock = 1) FROM answer",
    /* real = now.real - (now.mono - mono_minute): the start of the minute
     * the answer was made in (so up to 59 s early). ?1 now real seconds,
     * ?2 now monotonic seconds, ?3 UTC offset, ?4 this boot's id. */
    [STMT_FIX_THIS_BOOT] =
        "UPDATE answer SET"
        " period_start = sr_period_start(?1 - (?2 - mono_minute * 60), ?3),"
        " shift = sr_shift_name(?1 - (?2 - mono_minute * 60), ?3),"
        " clock = 0, boot_id = NULL, mono_minute = NULL"
        " WHERE clock = 1 AND boot_id = ?4 AND mono_minute * 60 <= ?2",
    /* Run after STMT_FIX_THIS_BOOT in the same transaction: whatever is
     * still pending belongs to a boot whose clock was never set. */
    [STMT_FIX_REST] = "UPDATE answer SET clock = 2, boot_id = NULL, mono_minute = NULL"
                      " WHERE clock = 1",
    /* A new count clears sent_at so that the larger total is delivered. */
    [STMT_USE_COUNT] = "INSERT INTO item_use (day, item, count) VALUES (?1, ?2, 1)"
                       " ON CONFLICT (day, item) DO UPDATE SET count = count + 1, sent_at = NULL",
    [STMT_USE_GET] = "SELECT count FROM item_use WHERE day = ?1 AND item = ?2",
    /* outbox_take_deliverable (outbox_delivery.c): STMT_TAKE without the
     * PENDING answers, by the same index. */
    [STMT_TAKE_DELIVERABLE] = "SELECT id, kind, payload, period_start, shift, clock, sent_at"
                              " FROM answer WHERE sent_at IS NULL AND clock <> 1"
                              " ORDER BY clock = 1, clock, period_start, id LIMIT ?1",
    /* outbox_seal_use (outbox_delivery.c): every counter, then none. */
    [STMT_USE_LIST] = "SELECT day, item, count FROM item_use ORDER BY day, item",
    [STMT_USE_CLEAR] = "DELETE FROM item_use",
    [STMT_BEGIN] = "BEGIN IMMEDIATE",
    [STMT_COMMIT] = "COMMIT",
};

/* ---- errors ------------------------------------------------------------ */

sr_status outbox_status_from_sqlite(sqlite3 *db, int rc)
{
    switch (rc & 0xff) {
    case SQLITE_OK:
    case SQLITE_ROW:
    case SQLITE_DONE:
        return SR_OK;
    case SQLITE_FULL:
        return SR_E_FULL;
    case SQLITE_READONLY:
    case SQLITE_PERM:
        return SR_E_READONLY;
    case SQLITE_CANTOPEN: {
        /* Which one depends on why the OS said no. */
        int sys = db ? sqlite3_system_errno(db) : 0;
        if (sys == EACCES || sys == EPERM || sys == EROFS)
            return SR_E_READONLY;
        if (sys == ENOENT || sys == ENOTDIR)
            return SR_E_NOTFOUND;
        return SR_E_IO;
    }
    case SQLITE_IOERR:
        return SR_E_IO;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return SR_E_CORRUPT;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return SR_E_BUSY;
    case SQLITE_NOMEM:
        return SR_E_NOMEM;
    case SQLITE_CONSTRAINT:
    case SQLITE_TOOBIG:
    case SQLITE_MISMATCH:
    case SQLITE_RANGE:
        return SR_E_INVALID;
    default:
        return SR_E_IO;
    }
}

/* Writes "<file>: <operation>: <reason> (<detail>)" into the handle. */
void outbox_set_error(outbox *ob, sr_status status, const char *operation, const char *fmt,
                      ...)
{
    char detail[OUTBOX_ERROR_MAX / 2];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    snprintf(ob->error, sizeof ob->error, "%s: %s: %s (%s)", ob->path, operation,
             sr_status_str(status), detail);
}

/* The one place a SQLite failure becomes an sr_status: names the failure,
 * and rolls back a transaction the failure left open, so that the next
 * call starts from the last committed state. */
sr_status outbox_fail(outbox *ob, const char *operation, int rc)
{
    sr_status status = outbox_status_from_sqlite(ob->db, rc);
    if (status == SR_OK) /* a misuse of this function: never report success */
        status = SR_E_IO;
    const char *words = sqlite3_extended_errcode(ob->db) == rc ? sqlite3_errmsg(ob->db)
                                                               : sqlite3_errstr(rc);
    int sys = sqlite3_system_errno(ob->db);
    if ((rc & 0xff) == SQLITE_CANTOPEN && sys != 0) {
        char sys_words[128] = "";
        if (strerror_r(sys, sys_words, sizeof sys_words) != 0)
            snprintf(sys_words, sizeof sys_words, "errno %d", sys);
        outbox_set_error(ob, status, operation, "%s: %s", words, sys_words);
    } else {
        outbox_set_error(ob, status, operation, "%s", words);
    }
    if (!sqlite3_get_autocommit(ob->db))
        sqlite3_exec(ob->db, "ROLLBACK", NULL, NULL, NULL);
    return status;
}

sr_status outbox_invalid_argument(outbox *ob, const char *operation, const char *what)
{
    outbox_set_error(ob, SR_E_INVALID, operation, "%s", what);
    return SR_E_INVALID;
}

const char *outbox_last_error(const outbox *ob)
{
    return ob ? ob->error : "no outbox";
}

/* Steps a statement that returns no rows, then resets it. Returns the
 * SQLite code of the step (SQLITE_DONE is turned into SQLITE_OK). */
int outbox_run_statement(sqlite3_stmt *stmt)
{
    int rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? SQLITE_OK : rc;
}

/* ---- open and close ---------------------------------------------------- */

/* The path part of "file:/x/y.db?vfs=faulty", for messages; other names
 * are kept as given. */
static char *display_path(const char *path)
{
    const char *begin = path;
    size_t len = strlen(path);
    if (strncmp(path, "file:", 5) == 0) {
        begin = path + 5;
        if (strncmp(begin, "//", 2) == 0) { /* "file://host/path": skip the host */
            const char *slash = strchr(begin + 2, '/');
            begin = slash ? slash : begin + 2;
        }
        len = strcspn(begin, "?#");
    }
    char *copy = malloc(len + 1);
    if (copy) {
        memcpy(copy, begin, len);
        copy[len] = '\0';
    }
    return copy;
}

/* sr_period_start(unix_seconds, utc_offset) and sr_shift_name(...): the
 * privacy policy, callable from SQL so that fix_clock() is one UPDATE. */
static void sql_period_start(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const privacy_policy *policy = sqlite3_user_data(ctx);
    sqlite3_result_int64(ctx, privacy_period_start(policy, sqlite3_value_int64(argv[0]),
                                                   sqlite3_value_int(argv[1])));
}

static void sql_shift_name(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const privacy_policy *policy = sqlite3_user_data(ctx);
    const char *name = privacy_shift_name(policy, sqlite3_value_int64(argv[0]),
                                          sqlite3_value_int(argv[1]));
    if (name[0])
        sqlite3_result_text(ctx, name, -1, SQLITE_TRANSIENT);
    else
        sqlite3_result_null(ctx);
}

static int register_functions(outbox *ob)
{
    int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY;
    int rc = sqlite3_create_function(ob->db, "sr_period_start", 2, flags, &ob->policy,
                                     sql_period_start, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function(ob->db, "sr_shift_name", 2, flags, &ob->policy,
                                     sql_shift_name, NULL, NULL);
    return rc;
}

static int prepare_statements(outbox *ob)
{
    for (int i = 0; i < STMT_COUNT; i++) {
        int rc = sqlite3_prepare_v3(ob->db, STATEMENT_SQL[i], -1, SQLITE_PREPARE_PERSISTENT,
                                    &ob->stmt[i], NULL);
        if (rc != SQLITE_OK)
            return rc;
    }
    return SQLITE_OK;
}

sr_status outbox_open(const char *path, const privacy_policy *policy, outbox **out,
                      char *err, size_t err_size)
{
    *out = NULL;
    sr_status status = SR_E_NOMEM;
    outbox *ob = calloc(1, sizeof *ob);
    if (!ob || !(ob->path = display_path(path ? path : ""))) {
        if (err && err_size)
            snprintf(err, err_size, "%s: opening: out of memory", path ? path : "");
        goto fail;
    }
    ob->policy = *policy;
    if (!path || !path[0]) {
        status = outbox_invalid_argument(ob, "opening", "no file name given");
        goto fail;
    }
    if (sodium_init() < 0) {
        outbox_set_error(ob, SR_E_IO, "opening", "libsodium could not initialise");
        status = SR_E_IO;
        goto fail;
    }
    int rc = sqlite3_open_v2(path, &ob->db,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI, NULL);
    if (rc != SQLITE_OK) {
        if (ob->db) {
            status = outbox_fail(ob, "opening", rc);
        } else {
            status = SR_E_NOMEM;
            outbox_set_error(ob, status, "opening", "SQLite could not allocate a connection");
        }
        goto fail;
    }
    sqlite3_extended_result_codes(ob->db, 1);
    status = outbox_schema_prepare(ob);
    if (status != SR_OK)
        goto fail;
    rc = register_functions(ob);
    if (rc == SQLITE_OK)
        rc = prepare_statements(ob);
    if (rc != SQLITE_OK) {
        status = outbox_fail(ob, "opening", rc);
        goto fail;
    }
    if (err && err_size)
        err[0] = '\0';
    *out = ob;
    return SR_OK;

fail:
    if (ob && err && err_size && ob->error[0])
        snprintf(err, err_size, "%s", ob->error);
    outbox_close(ob);
    return status;
}

void outbox_close(outbox *ob)
{
    if (!ob)
        return;
    for (int i = 0; i < STMT_COUNT; i++)
        sqlite3_finalize(ob->stmt[i]);
    sqlite3_close_v2(ob->db);
    free(ob->path);
    free(ob);
}

int outbox_schema_version(void)
{
    return outbox_schema_latest();
}

/* ---- answers ----------------------------------------------------------- */

static void bind_text_or_null(sqlite3_stmt *stmt, int index, const char *text)
{
    if (text && text[0])
        sqlite3_bind_text(stmt, index, text, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(stmt, index);
}

void outbox_new_id(char id[OUTBOX_ID_HEX])
{
    unsigned char raw[16];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(id, OUTBOX_ID_HEX, raw, sizeof raw);
}

sr_status outbox_put(outbox *ob, const char *kind, const char *payload,
                     const sysclock_reading *clock, char id_out[OUTBOX_ID_HEX])
{
    static const char *const OPERATION = "storing an answer";
    if (!kind || !kind[0] || !payload || !clock)
        return outbox_invalid_argument(ob, OPERATION, "no kind, payload or clock reading given");
    char id[OUTBOX_ID_HEX];
    outbox_new_id(id);

    sqlite3_stmt *st = ob->stmt[STMT_PUT];
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, payload, -1, SQLITE_STATIC);
    if (clock->synced) {
        int64_t t = clock->real_seconds;
        int offset = clock->utc_offset_seconds;
        sqlite3_bind_int64(st, 4, privacy_period_start(&ob->policy, t, offset));
        bind_text_or_null(st, 5, privacy_shift_name(&ob->policy, t, offset));
        sqlite3_bind_int(st, 6, OUTBOX_CLOCK_SYNCED);
        /* 7 and 8 stay NULL */
    } else {
        int64_t mono_ms = clock->mono_ms > 0 ? clock->mono_ms : 0;
        sqlite3_bind_int(st, 6, OUTBOX_CLOCK_PENDING);
        sqlite3_bind_text(st, 7, clock->boot_id, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 8, mono_ms / 60000); /* the minute, never finer */
    }
    int rc = outbox_run_statement(st);
    if (rc != SQLITE_OK)
        return outbox_fail(ob, OPERATION, rc);
    if (id_out)
        memcpy(id_out, id, OUTBOX_ID_HEX);
    return SR_OK;
}

static char *column_strdup(sqlite3_stmt *st, int column)
{
    const unsigned char *text = sqlite3_column_text(st, column);
    size_t len = (size_t)sqlite3_column_bytes(st, column);
    char *copy = malloc(len + 1);
    if (copy) {
        memcpy(copy, text ? (const char *)text : "", len);
        copy[len] = '\0';
    }
    return copy;
}

static void column_copy(sqlite3_stmt *st, int column, char *out, size_t size)
{
    const unsigned char *text = sqlite3_column_text(st, column);
    snprintf(out, size, "%s", text ? (const char *)text : "");
}

/* Fills one entry from the current row of STMT_TAKE. */
static bool read_entry(sqlite3_stmt *st, outbox_entry *entry)
{
    memset(entry, 0, sizeof *entry);
    column_copy(st, 0, entry->id, sizeof entry->id);
    entry->kind = column_strdup(st, 1);
    entry->payload = column_strdup(st, 2);
    entry->period_start = sqlite3_column_int64(st, 3); /* NULL reads as 0 */
    column_copy(st, 4, entry->shift, sizeof entry->shift);
    entry->clock = (outbox_clock)sqlite3_column_int(st, 5);
    entry->sent_at = sqlite3_column_int64(st, 6);
    return entry->kind && entry->payload;
}

sr_status outbox_take_unsent(outbox *ob, int max, outbox_entry *out, int *n)
{
    return outbox_take(ob, STMT_TAKE, max, out, n);
}

sr_status outbox_take(outbox *ob, int which, int max, outbox_entry *out, int *n)
{
    *n = 0;
    if (max <= 0)
        return SR_OK;
    sqlite3_stmt *st = ob->stmt[which];
    sqlite3_bind_int(st, 1, max);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (!read_entry(st, &out[*n])) {
            outbox_entries_free(out, *n + 1);
            *n = 0;
            sqlite3_reset(st);
            outbox_set_error(ob, SR_E_NOMEM, "reading unsent answers", "out of memory");
            return SR_E_NOMEM;
        }
        (*n)++;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
        outbox_entries_free(out, *n);
        *n = 0;
        return outbox_fail(ob, "reading unsent answers", rc);
    }
    return SR_OK;
}

void outbox_entries_free(outbox_entry *entries, int n)
{
    for (int i = 0; entries && i < n; i++) {
        free(entries[i].kind);
        free(entries[i].payload);
        entries[i].kind = entries[i].payload = NULL;
    }
}

/* Runs a one-id statement; SR_E_NOTFOUND when it touched no row. */
static sr_status change_one(outbox *ob, int which, const char *id, const char *operation,
                            int64_t value)
{
    if (!id)
        return outbox_invalid_argument(ob, operation, "no id given");
    sqlite3_stmt *st = ob->stmt[which];
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    if (which == STMT_MARK)
        sqlite3_bind_int64(st, 2, value);
    int rc = outbox_run_statement(st);
    if (rc != SQLITE_OK)
        return outbox_fail(ob, operation, rc);
    if (sqlite3_changes(ob->db) == 0) {
        outbox_set_error(ob, SR_E_NOTFOUND, operation, "no answer with id '%.40s'", id);
        return SR_E_NOTFOUND;
    }
    return SR_OK;
}

sr_status outbox_mark_sent(outbox *ob, const char *id, int64_t now)
{
    return change_one(ob, STMT_MARK, id, "marking an answer sent", now);
}

sr_status outbox_confirm(outbox *ob, const char *id)
{
    return change_one(ob, STMT_CONFIRM, id, "deleting a confirmed answer", 0);
}

sr_status outbox_resend_stale(outbox *ob, int64_t now, int64_t timeout_seconds, int *n)
{
    if (n)
        *n = 0;
    sqlite3_stmt *st = ob->stmt[STMT_RESEND];
    sqlite3_bind_int64(st, 1, now - timeout_seconds);
    sqlite3_bind_int64(st, 2, now);
    int rc = outbox_run_statement(st);
    if (rc != SQLITE_OK)
        return outbox_fail(ob, "making stale answers unsent", rc);
    if (n)
        *n = sqlite3_changes(ob->db);
    return SR_OK;
}

sr_status outbox_get_stats(outbox *ob, outbox_stats *stats)
{
    memset(stats, 0, sizeof *stats);
    sqlite3_stmt *st = ob->stmt[STMT_STATS];
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        stats->unsent = sqlite3_column_int64(st, 0);
        stats->sent = sqlite3_column_int64(st, 1);
        stats->oldest_period = sqlite3_column_int64(st, 2);
        stats->clock_pending = sqlite3_column_int64(st, 3);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW)
        return outbox_fail(ob, "reading counts", rc);
    return SR_OK;
}

sr_status outbox_fix_clock(outbox *ob, const sysclock_reading *now, int *fixed, int *unknown)
{
    static const char *const OPERATION = "filing answers made before the clock was set";
    int n_fixed = 0, n_unknown = 0;
    if (fixed)
        *fixed = 0;
    if (unknown)
        *unknown = 0;
    if (!now || !now->synced)
        return SR_OK;
    int rc = outbox_run_statement(ob->stmt[STMT_BEGIN]);
    if (rc != SQLITE_OK)
        return outbox_fail(ob, OPERATION, rc);
    /* Without a boot id no answer can be proved to be from this boot. */
    if (now->boot_id[0]) {
        sqlite3_stmt *st = ob->stmt[STMT_FIX_THIS_BOOT];
        sqlite3_bind_int64(st, 1, now->real_seconds);
        sqlite3_bind_int64(st, 2, now->mono_ms / 1000);
        sqlite3_bind_int(st, 3, now->utc_offset_seconds);
        sqlite3_bind_text(st, 4, now->boot_id, -1, SQLITE_STATIC);
        rc = outbox_run_statement(st);
        n_fixed = sqlite3_changes(ob->db);
    }
    if (rc == SQLITE_OK) {
        rc = outbox_run_statement(ob->stmt[STMT_FIX_REST]);
        n_unknown = sqlite3_changes(ob->db);
    }
    if (rc == SQLITE_OK)
        rc = outbox_run_statement(ob->stmt[STMT_COMMIT]);
    if (rc != SQLITE_OK)
        return outbox_fail(ob, OPERATION, rc); /* rolls back */
    if (fixed)
        *fixed = n_fixed;
    if (unknown)
        *unknown = n_unknown;
    return SR_OK;
}

/* ---- toolkit use counters ---------------------------------------------- */

/* The local day of a reading, or OUTBOX_USE_DAY_UNKNOWN before the clock
 * is set (a stale wall clock would file the count under a wrong day). */
static int64_t use_day(const outbox *ob, const sysclock_reading *clock)
{
    if (!clock->synced)
        return OUTBOX_USE_DAY_UNKNOWN;
    privacy_policy by_day = ob->policy;
    by_day.grain = PRIVACY_GRAIN_DAY;
    return privacy_period_start(&by_day, clock->real_seconds, clock->utc_offset_seconds);
}

sr_status outbox_count_use(outbox *ob, const char *item_id, const sysclock_reading *clock)
{
    static const char *const OPERATION = "counting a toolkit item";
    if (!item_id || !item_id[0] || !clock)
        return outbox_invalid_argument(ob, OPERATION, "no item id or clock reading given");
    sqlite3_stmt *st = ob->stmt[STMT_USE_COUNT];
    sqlite3_bind_int64(st, 1, use_day(ob, clock));
    sqlite3_bind_text(st, 2, item_id, -1, SQLITE_STATIC);
    int rc = outbox_run_statement(st);
    return rc == SQLITE_OK ? SR_OK : outbox_fail(ob, OPERATION, rc);
}

sr_status outbox_get_use(outbox *ob, const char *item_id, const sysclock_reading *clock,
                         int64_t *count)
{
    static const char *const OPERATION = "reading a toolkit item count";
    *count = 0;
    if (!item_id || !clock)
        return outbox_invalid_argument(ob, OPERATION, "no item id or clock reading given");
    sqlite3_stmt *st = ob->stmt[STMT_USE_GET];
    sqlite3_bind_int64(st, 1, use_day(ob, clock));
    sqlite3_bind_text(st, 2, item_id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *count = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return outbox_fail(ob, OPERATION, rc);
    return SR_OK;
}

/* ---- checking ---------------------------------------------------------- */

sr_status outbox_check(outbox *ob)
{
    return outbox_schema_check(ob);
}
