/* bench_outbox.c -- committed answers per second through outbox_put(),
 * against a bare SQLite insert loop on the same disk in the same run.
 *
 * Both sides pay for the same thing that dominates: one fsync'd WAL commit
 * per row (journal_mode=WAL, synchronous=FULL), a ~300-byte JSON payload and
 * a random 32-hex key into a WITHOUT ROWID table. The baseline has no index
 * and no privacy arithmetic, so the ratio is what the outbox's own work
 * costs. Rounds alternate (outbox, bare, outbox, bare, ...) and each side's
 * median is reported, so that a noisy neighbour slows both alike.
 *
 * Scratch files go to $SR_BENCH_TMP, else a new folder under /tmp -- or
 * under /var/tmp when /tmp is a tmpfs, where fsync costs nothing and the
 * figure would mean nothing. The file system type is printed.
 */
#define _GNU_SOURCE /* statfs, mkdtemp */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>
#include <sqlite3.h>

#include "store/outbox.h"

#define ROUNDS 5
#define ROUND_MS_DEFAULT 1500
#define WARM_UP_ROWS 100
#define TMPFS_MAGIC_NUMBER 0x01021994

static const char PAYLOAD[] =
    "{\"v\":1,\"set\":\"shift-checkin\",\"set_version\":3,\"lang\":\"en\","
    "\"answers\":[{\"q\":\"mood\",\"a\":4},{\"q\":\"affected\",\"a\":[\"workload\","
    "\"staffing\",\"team\"]},{\"q\":\"helped\",\"a\":[\"break\",\"colleagues\"]}],"
    "\"toolkit_opened\":[\"mindfulness-10min\"],\"screen_ms\":{\"mood\":2100,"
    "\"affected\":3900,\"helped\":2600},\"content\":\"2024-03-01.2\",\"ui\":\"1.4.0\"}";

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static const char *fs_name(long type)
{
    switch ((unsigned long)type) {
    case 0xEF53: return "ext2/3/4";
    case TMPFS_MAGIC_NUMBER: return "tmpfs";
    case 0x58465342: return "xfs";
    case 0x9123683E: return "btrfs";
    case 0x794C7630: return "overlayfs";
    case 0x4d44: return "vfat";
    case 0xF2F52010: return "f2fs";
    default: return "other";
    }
}

static long fs_type(const char *path)
{
    struct statfs fs;
    return statfs(path, &fs) == 0 ? (long)fs.f_type : -1;
}

/* ---- the baseline: plain SQLite, same settings ------------------------- */

typedef struct bare {
    sqlite3 *db;
    sqlite3_stmt *insert;
} bare;

static int bare_open(bare *b, const char *path)
{
    const char *schema =
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
        "CREATE TABLE IF NOT EXISTS answer (id TEXT PRIMARY KEY NOT NULL, kind TEXT NOT NULL,"
        " payload TEXT NOT NULL, period_start INTEGER, shift TEXT, clock INTEGER NOT NULL,"
        " sent_at INTEGER) WITHOUT ROWID;";
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    if (sqlite3_open_v2(path, &b->db, flags, NULL) != SQLITE_OK ||
        sqlite3_exec(b->db, schema, NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(b->db, "INSERT INTO answer (id, kind, payload, period_start, shift,"
                                  " clock) VALUES (?1, 'answer', ?2, ?3, 'day', 0)",
                           -1, &b->insert, NULL) != SQLITE_OK) {
        fprintf(stderr, "bench: %s: %s\n", path, sqlite3_errmsg(b->db));
        return -1;
    }
    return 0;
}

static int bare_insert(bare *b)
{
    unsigned char raw[16];
    char id[33];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(id, sizeof id, raw, sizeof raw);
    sqlite3_bind_text(b->insert, 1, id, -1, SQLITE_STATIC);
    sqlite3_bind_text(b->insert, 2, PAYLOAD, -1, SQLITE_STATIC);
    sqlite3_bind_int64(b->insert, 3, (int64_t)time(NULL) / 3600 * 3600);
    int rc = sqlite3_step(b->insert);
    sqlite3_reset(b->insert);
    if (rc != SQLITE_DONE) {
        fprintf(stderr, "bench: bare insert: %s\n", sqlite3_errmsg(b->db));
        return -1;
    }
    return 0;
}

/* ---- rounds ------------------------------------------------------------ */

typedef struct side {
    outbox *ob;  /* the outbox side, or */
    bare *bare;  /* the baseline */
} side;

static int insert_one(const side *s)
{
    if (s->bare)
        return bare_insert(s->bare);
    sysclock_reading clock = {.real_seconds = (int64_t)time(NULL), .synced = true,
                              .mono_ms = 1000};
    if (outbox_put(s->ob, "answer", PAYLOAD, &clock, NULL) != SR_OK) {
        fprintf(stderr, "bench: %s\n", outbox_last_error(s->ob));
        return -1;
    }
    return 0;
}

/* Rows committed per second over one round of round_ms; < 0 on failure. */
static double run_round(const side *s, double round_ms)
{
    double start = now_ms(), elapsed;
    long rows = 0;
    do {
        if (insert_one(s) != 0)
            return -1;
        rows++;
        elapsed = now_ms() - start;
    } while (elapsed < round_ms);
    return rows * 1000.0 / elapsed;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof v[0], compare_doubles);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* A scratch folder on a real disk; written into dir. */
static int make_scratch(char *dir, size_t size)
{
    const char *base = getenv("SR_BENCH_TMP");
    if (!base || !*base)
        base = fs_type("/tmp") == TMPFS_MAGIC_NUMBER ? "/var/tmp" : "/tmp";
    snprintf(dir, size, "%s/staffroom-bench.XXXXXX", base);
    if (!mkdtemp(dir)) {
        perror(dir);
        return -1;
    }
    long type = fs_type(dir);
    printf("scratch folder: %s (%s%s)\n", dir, fs_name(type),
           type == TMPFS_MAGIC_NUMBER ? ": fsync is free here, the figures flatter" : "");
    return 0;
}

static void remove_scratch(const char *dir)
{
    static const char *const FILES[] = {"outbox.db", "outbox.db-wal", "outbox.db-shm",
                                        "bare.db", "bare.db-wal", "bare.db-shm"};
    char path[4200];
    for (size_t i = 0; i < sizeof FILES / sizeof FILES[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, FILES[i]);
        unlink(path);
    }
    rmdir(dir);
}

int main(void)
{
    char dir[4096], outbox_path[4200], bare_path[4200], err[512];
    const char *round_text = getenv("SR_BENCH_ROUND_MS");
    double round_ms = round_text ? atof(round_text) : ROUND_MS_DEFAULT;
    if (sodium_init() < 0 || make_scratch(dir, sizeof dir) != 0)
        return 1;
    snprintf(outbox_path, sizeof outbox_path, "%s/outbox.db", dir);
    snprintf(bare_path, sizeof bare_path, "%s/bare.db", dir);

    privacy_policy policy;
    privacy_policy_defaults(&policy);
    outbox *ob = NULL;
    bare b = {0};
    int result = 1;
    if (outbox_open(outbox_path, &policy, &ob, err, sizeof err) != SR_OK) {
        fprintf(stderr, "bench: %s\n", err);
        goto done;
    }
    if (bare_open(&b, bare_path) != 0)
        goto done;
    side sides[2] = {{.ob = ob}, {.bare = &b}};
    for (int i = 0; i < WARM_UP_ROWS; i++) {
        if (insert_one(&sides[0]) != 0 || insert_one(&sides[1]) != 0)
            goto done;
    }

    double rates[2][ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
        for (int s = 0; s < 2; s++) {
            rates[s][r] = run_round(&sides[s], round_ms);
            if (rates[s][r] < 0)
                goto done;
        }
        printf("round %d: outbox_put %.0f/s, bare insert %.0f/s\n", r + 1, rates[0][r],
               rates[1][r]);
    }
    double put_rate = median(rates[0], ROUNDS), bare_rate = median(rates[1], ROUNDS);
    double ratio = put_rate / bare_rate;
    printf("outbox_put: %.0f answers/s; bare sqlite insert: %.0f rows/s; ratio %.2f "
           "(goal >= 0.80)%s\n",
           put_rate, bare_rate, ratio, ratio < 0.8 ? " BELOW GOAL" : "");
    result = 0;

done:
    outbox_close(ob);
    sqlite3_finalize(b.insert);
    sqlite3_close(b.db);
    remove_scratch(dir);
    return result;
}
