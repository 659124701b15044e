/* collector_store.c -- one transaction per batch (see collector_store.h).
 *
 * Every statement is prepared once at open. A batch is BEGIN IMMEDIATE (so
 * two collectors on one file queue on the lock rather than fail half way),
 * one step per message, COMMIT. Answers go through a savepoint each because
 * an answer is several rows (the answer, its choices, its texts): when the
 * database refuses one of them, the savepoint takes back exactly that
 * answer's rows and the answer becomes a dead letter instead.
 *
 * Follow-up choices and texts are inserted only with a new answer row: a
 * redelivered answer, or a replay with other choices, must not count twice
 * in rollup_choice (the schema's triggers count every inserted row).
 */
#include "collector_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collector/collector_schema.h"

enum {
    STMT_BEGIN,
    STMT_COMMIT,
    STMT_ROLLBACK,
    STMT_SAVEPOINT,
    STMT_RELEASE,
    STMT_ROLLBACK_TO,
    STMT_ANSWER,
    STMT_CHOICE,
    STMT_TEXT,
    STMT_USE,
    STMT_ANSWER_OWNER,
    STMT_USE_OWNER,
    STMT_DEAD_LETTER,
    STMT_STATUS_ONLINE,
    STMT_STATUS_OFFLINE,
    STMT_REGISTRY_CLEAR,
    STMT_REGISTRY_PUT,
    STMT_COUNT
};

/* The device columns every status and registry write sets from the registry. */
#define PLACE_COLUMNS                                                                           \
    "site = excluded.site, area = excluded.area, staff_group = excluded.staff_group,"          \
    " registered = 1, revoked = excluded.revoked"
/* A retained status may be old: it fills last_seen only when there is none. */
#define LAST_SEEN_RULE                                                                          \
    "last_seen = CASE WHEN ?7 AND device.last_seen IS NOT NULL THEN device.last_seen"          \
    " ELSE excluded.last_seen END"

static const char *const SQL[STMT_COUNT] = {
    [STMT_BEGIN] = "BEGIN IMMEDIATE",
    [STMT_COMMIT] = "COMMIT",
    [STMT_ROLLBACK] = "ROLLBACK",
    [STMT_SAVEPOINT] = "SAVEPOINT one_answer",
    [STMT_RELEASE] = "RELEASE one_answer",
    [STMT_ROLLBACK_TO] = "ROLLBACK TO one_answer",
    [STMT_ANSWER] = "INSERT INTO answer (id, device, site, area, staff_group, question_set,"
                    " content_version, lang, period, day, shift, score, option)"
                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
                    " ON CONFLICT (id) DO NOTHING",
    [STMT_CHOICE] = "INSERT INTO answer_choice (answer_id, question, option) VALUES (?1, ?2, ?3)"
                    " ON CONFLICT DO NOTHING",
    [STMT_TEXT] = "INSERT INTO answer_text (answer_id, question, text) VALUES (?1, ?2, ?3)"
                  " ON CONFLICT DO NOTHING",
    [STMT_USE] = "INSERT INTO item_use (id, device, site, area, staff_group, day, item, count)"
                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (id) DO NOTHING",
    [STMT_ANSWER_OWNER] = "SELECT device FROM answer WHERE id = ?1",
    [STMT_USE_OWNER] = "SELECT device FROM item_use WHERE id = ?1",
    [STMT_DEAD_LETTER] = "INSERT INTO dead_letter (received_hour, topic, device, answer_id, reason,"
                         " size, raw) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [STMT_STATUS_ONLINE] =
        "INSERT INTO device (id, site, area, staff_group, registered, revoked, online,"
        " online_since, last_seen, app_version, content_version, waiting, oldest_period,"
        " last_delivery, disk_free_percent, clock_synced, uptime_minutes, problem)"
        " VALUES (?1, ?2, ?3, ?4, 1, ?5, 1, ?6, ?6, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)"
        " ON CONFLICT (id) DO UPDATE SET " PLACE_COLUMNS ", online = 1,"
        " online_since = CASE WHEN device.online = 1 THEN device.online_since"
        " ELSE excluded.online_since END, " LAST_SEEN_RULE ","
        " app_version = excluded.app_version, content_version = excluded.content_version,"
        " waiting = excluded.waiting, oldest_period = excluded.oldest_period,"
        " last_delivery = excluded.last_delivery, disk_free_percent = excluded.disk_free_percent,"
        " clock_synced = excluded.clock_synced, uptime_minutes = excluded.uptime_minutes,"
        " problem = excluded.problem",
    [STMT_STATUS_OFFLINE] =
        "INSERT INTO device (id, site, area, staff_group, registered, revoked, online,"
        " online_since, last_seen) VALUES (?1, ?2, ?3, ?4, 1, ?5, 0, NULL, ?6)"
        " ON CONFLICT (id) DO UPDATE SET " PLACE_COLUMNS ", online = 0, online_since = NULL,"
        " " LAST_SEEN_RULE,
    [STMT_REGISTRY_CLEAR] = "UPDATE device SET registered = 0 WHERE registered <> 0",
    [STMT_REGISTRY_PUT] = "INSERT INTO device (id, site, area, staff_group, registered, revoked)"
                          " VALUES (?1, ?2, ?3, ?4, 1, ?5)"
                          " ON CONFLICT (id) DO UPDATE SET " PLACE_COLUMNS,
};

struct collector_store {
    sqlite3 *db;
    sqlite3_stmt *stmt[STMT_COUNT];
};

void store_item_clear(store_item *item)
{
    wire_answer_free(&item->answer);
    free(item->topic);
    free(item->raw);
    memset(item, 0, sizeof *item);
}

static sr_status status_of(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_FULL:
        return SR_E_FULL;
    case SQLITE_READONLY:
        return SR_E_READONLY;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return SR_E_BUSY;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return SR_E_CORRUPT;
    case SQLITE_NOMEM:
        return SR_E_NOMEM;
    default:
        return SR_E_IO;
    }
}

/* A failure that belongs to one row (the database refused its values), as
 * opposed to one that spoils the whole transaction. */
static bool row_failure(int rc)
{
    int primary = rc & 0xff;
    return primary == SQLITE_CONSTRAINT || primary == SQLITE_TOOBIG ||
           primary == SQLITE_MISMATCH || primary == SQLITE_RANGE;
}

/* Runs a statement that returns no row to its end and resets it. */
static int run(sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? SQLITE_OK : rc;
}

static void bind_text(sqlite3_stmt *st, int i, const char *text)
{
    if (text)
        sqlite3_bind_text(st, i, text, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

/* "" and the decoders' "unknown" numbers are stored as NULL. */
static void bind_text_or_null(sqlite3_stmt *st, int i, const char *text)
{
    bind_text(st, i, text && text[0] ? text : NULL);
}

static void bind_int_or_null(sqlite3_stmt *st, int i, int64_t value, int64_t unknown)
{
    if (value == unknown)
        sqlite3_bind_null(st, i);
    else
        sqlite3_bind_int64(st, i, value);
}

static void bind_place(sqlite3_stmt *st, const registry_entry *place)
{
    bind_text(st, 1, place->device);
    bind_text(st, 2, place->site);
    bind_text(st, 3, place->area);
    bind_text(st, 4, place->staff_group);
    sqlite3_bind_int(st, 5, place->revoked);
}

static int day_of(const wire_answer *a)
{
    return a->clock == WIRE_CLOCK_SYNCED ? collector_local_day(a->period) : -1;
}

static int insert_choices_and_texts(collector_store *s, const wire_answer *a)
{
    int rc = SQLITE_OK;
    for (int i = 0; rc == SQLITE_OK && i < a->n_choices; i++) {
        sqlite3_stmt *st = s->stmt[STMT_CHOICE];
        bind_text(st, 1, a->id);
        bind_text(st, 2, a->choices[i].question);
        bind_text(st, 3, a->choices[i].option);
        rc = run(st);
    }
    for (int i = 0; rc == SQLITE_OK && i < a->n_texts; i++) {
        sqlite3_stmt *st = s->stmt[STMT_TEXT];
        bind_text(st, 1, a->id);
        bind_text(st, 2, a->texts[i].question);
        bind_text(st, 3, a->texts[i].text);
        rc = run(st);
    }
    return rc;
}

/* Inserts the answer (or toolkit count) row; *inserted says whether it was new. */
static int insert_answer_row(collector_store *s, const store_item *item, bool *inserted)
{
    const wire_answer *a = &item->answer;
    const registry_entry *p = &item->place;
    sqlite3_stmt *st = s->stmt[a->kind == WIRE_KIND_ANSWER ? STMT_ANSWER : STMT_USE];
    bind_text(st, 1, a->id);
    bind_text(st, 2, p->device);
    bind_text(st, 3, p->site);
    bind_text(st, 4, p->area);
    bind_text(st, 5, p->staff_group);
    if (a->kind == WIRE_KIND_ANSWER) {
        bind_text(st, 6, a->question_set);
        bind_text(st, 7, a->content_version);
        bind_text(st, 8, a->lang);
        bind_int_or_null(st, 9, a->clock == WIRE_CLOCK_SYNCED ? a->period : INT64_MIN, INT64_MIN);
        sqlite3_bind_int(st, 10, day_of(a));
        bind_text(st, 11, a->shift);
        sqlite3_bind_int(st, 12, a->score);
        bind_text(st, 13, a->option);
    } else {
        sqlite3_bind_int(st, 6, day_of(a));
        bind_text(st, 7, a->item);
        sqlite3_bind_int64(st, 8, a->count);
    }
    int rc = run(st);
    *inserted = rc == SQLITE_OK && sqlite3_changes(s->db) == 1;
    return rc;
}

/* The id was already there: whose is it? *same_device tells. */
static int check_owner(collector_store *s, const store_item *item, bool *same_device)
{
    sqlite3_stmt *st =
        s->stmt[item->answer.kind == WIRE_KIND_ANSWER ? STMT_ANSWER_OWNER : STMT_USE_OWNER];
    bind_text(st, 1, item->answer.id);
    int rc = sqlite3_step(st);
    *same_device = rc == SQLITE_ROW &&
                   strcmp((const char *)sqlite3_column_text(st, 0), item->place.device) == 0;
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static int insert_dead_letter(collector_store *s, const store_item *item, int64_t now)
{
    sqlite3_stmt *st = s->stmt[STMT_DEAD_LETTER];
    sqlite3_bind_int64(st, 1, now - now % 3600);
    bind_text(st, 2, item->topic ? item->topic : "");
    bind_text_or_null(st, 3, item->place.device);
    bind_text_or_null(st, 4, item->answer_id);
    bind_text(st, 5, item->reason);
    sqlite3_bind_int64(st, 6, (sqlite3_int64)item->size);
    sqlite3_bind_blob(st, 7, item->raw ? (const void *)item->raw : "", (int)item->raw_len,
                      SQLITE_STATIC);
    return run(st);
}

/* Stores one answer inside its savepoint; a row the database refuses turns
 * the item into a refused answer kept as a dead letter. */
static int store_answer(collector_store *s, store_item *item, int64_t now)
{
    bool inserted = false, same_device = false;
    int rc = run(s->stmt[STMT_SAVEPOINT]);
    if (rc != SQLITE_OK)
        return rc;
    rc = insert_answer_row(s, item, &inserted);
    if (rc == SQLITE_OK && inserted)
        rc = insert_choices_and_texts(s, &item->answer);
    if (rc == SQLITE_OK && !inserted)
        rc = check_owner(s, item, &same_device);
    if (rc == SQLITE_OK) {
        item->outcome = inserted      ? STORE_INSERTED
                        : same_device ? STORE_ALREADY_HELD
                                      : STORE_REFUSED;
        if (item->outcome == STORE_REFUSED)
            snprintf(item->reason, sizeof item->reason,
                     "answer id %s is already stored from another device", item->answer.id);
    } else if (row_failure(rc)) {
        snprintf(item->reason, sizeof item->reason, "the store refused it: %s",
                 sqlite3_errmsg(s->db));
        if ((rc = run(s->stmt[STMT_ROLLBACK_TO])) != SQLITE_OK)
            return rc;
        item->outcome = STORE_REFUSED;
    } else {
        return rc;
    }
    if (item->outcome == STORE_REFUSED && (rc = insert_dead_letter(s, item, now)) != SQLITE_OK)
        return rc;
    return run(s->stmt[STMT_RELEASE]);
}

static int store_status(collector_store *s, const store_item *item, int64_t now)
{
    const wire_status *w = &item->status;
    sqlite3_stmt *st = s->stmt[w->online ? STMT_STATUS_ONLINE : STMT_STATUS_OFFLINE];
    bind_place(st, &item->place);
    sqlite3_bind_int64(st, 6, now - now % 60);
    sqlite3_bind_int(st, 7, item->retained);
    if (w->online) {
        bind_text_or_null(st, 8, w->app_version);
        bind_text_or_null(st, 9, w->content_version);
        sqlite3_bind_int64(st, 10, w->waiting);
        bind_int_or_null(st, 11, w->oldest_period, 0);
        bind_int_or_null(st, 12, w->last_delivery, 0);
        bind_int_or_null(st, 13, w->disk_free_percent, -1);
        sqlite3_bind_int(st, 14, w->clock_synced);
        sqlite3_bind_int64(st, 15, w->uptime_minutes);
        bind_text_or_null(st, 16, w->problem);
    }
    return run(st);
}

static int store_item_write(collector_store *s, store_item *item, int64_t now)
{
    int rc;
    switch (item->kind) {
    case STORE_ANSWER:
        return store_answer(s, item, now);
    case STORE_STATUS:
        rc = store_status(s, item, now);
        break;
    default:
        rc = insert_dead_letter(s, item, now);
        break;
    }
    if (rc == SQLITE_OK)
        item->outcome = STORE_KEPT;
    return rc;
}

sr_status collector_store_commit(collector_store *s, store_item *items, int n, int64_t now,
                                 char *err, size_t err_size)
{
    int rc = run(s->stmt[STMT_BEGIN]);
    for (int i = 0; rc == SQLITE_OK && i < n; i++)
        rc = store_item_write(s, &items[i], now);
    if (rc == SQLITE_OK)
        rc = run(s->stmt[STMT_COMMIT]);
    if (rc == SQLITE_OK)
        return SR_OK;
    snprintf(err, err_size, "storing a batch of %d messages: %s", n, sqlite3_errmsg(s->db));
    if (!sqlite3_get_autocommit(s->db))
        run(s->stmt[STMT_ROLLBACK]);
    for (int i = 0; i < n; i++)
        items[i].outcome = STORE_PENDING;
    return status_of(rc);
}

sr_status collector_store_sync_registry(collector_store *s, const registry *reg, char *err,
                                        size_t err_size)
{
    int rc = run(s->stmt[STMT_BEGIN]);
    if (rc == SQLITE_OK)
        rc = run(s->stmt[STMT_REGISTRY_CLEAR]);
    for (int i = 0; rc == SQLITE_OK && i < registry_count(reg); i++) {
        sqlite3_stmt *st = s->stmt[STMT_REGISTRY_PUT];
        bind_place(st, registry_at(reg, i));
        rc = run(st);
    }
    if (rc == SQLITE_OK)
        rc = run(s->stmt[STMT_COMMIT]);
    if (rc == SQLITE_OK)
        return SR_OK;
    snprintf(err, err_size, "copying the registry into the device table: %s",
             sqlite3_errmsg(s->db));
    if (!sqlite3_get_autocommit(s->db))
        run(s->stmt[STMT_ROLLBACK]);
    return status_of(rc);
}

sr_status collector_store_open(const char *path, collector_store **out, char *err,
                               size_t err_size)
{
    *out = NULL;
    collector_store *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, err_size, "%s: out of memory", path);
        return SR_E_NOMEM;
    }
    sr_status status = collector_schema_open(path, &s->db, err, err_size);
    if (status != SR_OK)
        goto fail;
    for (int i = 0; i < STMT_COUNT; i++) {
        int rc = sqlite3_prepare_v3(s->db, SQL[i], -1, SQLITE_PREPARE_PERSISTENT, &s->stmt[i],
                                    NULL);
        if (rc != SQLITE_OK) {
            snprintf(err, err_size, "%s: preparing statement %d: %s", path, i,
                     sqlite3_errmsg(s->db));
            status = status_of(rc);
            goto fail;
        }
    }
    *out = s;
    return SR_OK;
fail:
    collector_store_close(s);
    return status;
}

void collector_store_close(collector_store *s)
{
    if (!s)
        return;
    for (int i = 0; i < STMT_COUNT; i++)
        sqlite3_finalize(s->stmt[i]);
    sqlite3_close(s->db);
    free(s);
}

sqlite3 *collector_store_db(collector_store *s)
{
    return s->db;
}
