/* bench_report.c -- what the rollups buy, and what they cost.
 *
 * 1. Read: a full-history aggregate by site x week over 10 million answers,
 *    by staffroom-report (from the rollups), against the sqlite3 command-
 *    line tool running the equivalent GROUP BY over the raw answers, in the
 *    same run on the same file. Goals: at least 100x faster, under 50 ms.
 *    The report is timed in-process (open, query, suppress, write CSV to
 *    /dev/null) and as the program (fork/exec included); sqlite3 as the
 *    program, which is how an analyst without rollups would get the answer.
 *
 * 2. Write: the ingest cost of keeping the rollups. Answers (with their
 *    follow-up choices) go into two stores, one with the collector's
 *    rollup triggers and one with the triggers dropped, same rows, same
 *    batches, rounds alternating so a noisy neighbour slows both alike;
 *    each side's median rate is reported. In the collector's own batches
 *    (500 answers per fsync'd transaction, its default batch_max), with
 *    and without follow-ups (the answer table's trigger alone), and in bulk
 *    (50000-row transactions, where no fsync hides the CPU cost).
 *    Goal: the triggers cost under 15%.
 *
 * The 10-million-answer store is generated once (staffroom-gendata's
 * module, same seed) into build/bench-data/report-10m.db and reused while
 * its rollups still add up to 10 million answers. Generation writes a
 * ".tmp" file without a journal and renames it when complete, so an
 * interrupted run leaves nothing to reuse. $SR_BENCH_DATA overrides the
 * folder; $SR_BENCH_TMP the ingest scratch folder (default /tmp, or
 * /var/tmp when /tmp is a tmpfs).
 */
#define _GNU_SOURCE /* mkdtemp, statfs */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "collector/collector_schema.h"
#include "content/content_load.h"
#include "gendata/gendata.h"
#include "report/report_db.h"
#include "report/report_output.h"
#include "report/report_query.h"
#include "report/report_table.h"

extern char **environ;

#define BIG_ANSWERS 10000000LL
#define BIG_SITES 10
#define BIG_AREAS 6
#define BIG_DAYS 1095
#define BIG_START 19358 /* 2023-01-01 */
#define READ_RUNS 7
#define INGEST_ROUNDS 5
#define INGEST_ROUND_ANSWERS 20000
#define INGEST_PREFILL 100000
#define TMPFS_MAGIC_NUMBER 0x01021994

static content_pack pack;

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
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

static long long scalar(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    long long value = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        value = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return value;
}

static void big_options(gendata_options *o)
{
    gendata_options_default(o);
    o->answers = BIG_ANSWERS;
    o->sites = BIG_SITES;
    o->areas_per_site = BIG_AREAS;
    o->days = BIG_DAYS;
    o->start_day = BIG_START;
    o->seed = 10;
    o->n_interventions = 1;
    o->interventions[0] = (gendata_intervention){.day = BIG_START + 500, .delta = 0.3,
                                                 .site = 0, .area = 1};
    snprintf(o->interventions[0].label, sizeof o->interventions[0].label, "yoga sessions began");
    o->progress = stdout;
}

/* ---- the 10-million-answer store ------------------------------------------ */

static bool store_is_complete(const char *path)
{
    sqlite3 *db = NULL;
    char err[256];
    if (access(path, R_OK) != 0 || report_db_open(path, false, &db, err, sizeof err) != SR_OK)
        return false;
    bool complete = scalar(db, "SELECT sum(n) FROM rollup") == BIG_ANSWERS;
    sqlite3_close(db);
    return complete;
}

static int generate_store(const char *path)
{
    char tmp[4300], err[512];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    unlink(tmp);
    sqlite3 *db = NULL;
    if (collector_schema_open(tmp, &db, err, sizeof err) != SR_OK) {
        fprintf(stderr, "bench: %s\n", err);
        return -1;
    }
    /* A scratch file renamed only when complete: no journal needed. */
    sqlite3_exec(db, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
                     "PRAGMA cache_size = -1048576;", NULL, NULL, NULL);
    gendata_options o;
    gendata_stats stats;
    big_options(&o);
    /* Random answer ids touch most of the table's pages in every batch:
     * fewer, bigger transactions write each page fewer times. */
    o.batch_rows = 1000000;
    printf("generating %s (once; about ten minutes) ...\n", path);
    sr_status status = gendata_write(db, &o, &pack, &stats, err, sizeof err);
    if (status == SR_OK && sqlite3_exec(db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL) != SQLITE_OK)
        status = SR_E_IO;
    sqlite3_close(db);
    if (status != SR_OK || rename(tmp, path) != 0) {
        fprintf(stderr, "bench: generating %s: %s\n", path, status != SR_OK ? err : strerror(errno));
        return -1;
    }
    printf("generated %lld answers, %lld choices, %lld item uses in %.0f s (%.0f answers/s)\n",
           stats.answers, stats.choices, stats.uses, stats.seconds, stats.answers / stats.seconds);
    return 0;
}

/* ---- reading ------------------------------------------------------------- */

/* The report in-process: ms, or < 0 on failure. */
static double report_in_process(const char *path, long long *total)
{
    double start = now_ms();
    char err[512];
    sqlite3 *db = NULL;
    report_table *t = NULL;
    report_spec spec;
    report_spec_default(&spec);
    report_spec_parse_dims(&spec, "site,week", err, sizeof err);
    spec.measures = REPORT_MEASURE_SCORES;
    FILE *null = fopen("/dev/null", "w");
    bool ok = null && report_spec_check(&spec, err, sizeof err, NULL, 0) &&
              report_db_open(path, false, &db, err, sizeof err) == SR_OK &&
              report_table_create(&spec, &t) == SR_OK &&
              report_query_run(db, t, err, sizeof err) == SR_OK &&
              report_table_finish(t, err, sizeof err) == SR_OK &&
              report_output_write(t, REPORT_FORMAT_CSV, null, err, sizeof err) == SR_OK;
    double elapsed = now_ms() - start;
    if (ok)
        *total = report_table_row(t, report_table_rows(t) - 1)->n;
    else
        fprintf(stderr, "bench: report: %s\n", err);
    report_table_free(t);
    sqlite3_close(db);
    if (null)
        fclose(null);
    return ok ? elapsed : -1;
}

/* Runs argv with stdout to /dev/null; ms, or < 0 when it fails. */
static double run_program(char *const argv[])
{
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    pid_t pid;
    int status = -1;
    double start = now_ms();
    int rc = posix_spawnp(&pid, argv[0], &actions, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
        WEXITSTATUS(status) != 0)
        return -1;
    return now_ms() - start;
}

static bool on_path(const char *program)
{
    const char *path = getenv("PATH");
    char candidate[4200];
    for (const char *p = path ? path : "/usr/bin:/bin"; *p;) {
        size_t len = strcspn(p, ":");
        snprintf(candidate, sizeof candidate, "%.*s/%s", (int)len, p, program);
        if (access(candidate, X_OK) == 0)
            return true;
        p += len + (p[len] == ':');
    }
    return false;
}

static int bench_read(const char *path)
{
    sqlite3 *db = NULL;
    char err[512];
    if (report_db_open(path, false, &db, err, sizeof err) != SR_OK)
        return -1;
    long long rollup_rows = scalar(db, "SELECT count(*) FROM rollup");
    sqlite3_close(db);
    double in_process[READ_RUNS], program[3];
    long long total = 0;
    for (int i = 0; i < READ_RUNS; i++)
        if ((in_process[i] = report_in_process(path, &total)) < 0)
            return -1;
    char report_path[4200];
    snprintf(report_path, sizeof report_path, "%s/build/bin/staffroom-report", SR_SOURCE_DIR);
    char *report_argv[] = {report_path, "--db", (char *)path, "--by", "site,week", "--measures",
                           "scores", "--format", "csv", NULL};
    for (int i = 0; i < 3; i++)
        program[i] = run_program(report_argv);
    double report_ms = median(in_process, READ_RUNS), program_ms = median(program, 3);
    printf("\nread: site x week over %lld answers (%lld rollup rows)\n", total, rollup_rows);
    printf("  staffroom-report in-process: %.1f ms (median of %d; %.0f ns per rollup row)%s\n",
           report_ms, READ_RUNS, report_ms * 1e6 / (double)rollup_rows,
           report_ms < 50 ? "" : "  ABOVE the 50 ms goal");
    printf("  staffroom-report program:    %.1f ms (median of 3, process start included)\n",
           program_ms);
    if (!on_path("sqlite3")) {
        printf("  sqlite3 not installed (Debian package sqlite3): no baseline\n");
        return 0;
    }
    char *sqlite_argv[] = {"sqlite3", "-readonly", (char *)path,
                           "SELECT site, day - (day + 3) % 7 AS week, count(*), avg(score),"
                           " avg(score <= 2), avg(score >= 4) FROM answer WHERE day >= 0"
                           " GROUP BY site, week",
                           NULL};
    /* Twice, keeping the faster: the first may read a cold file from disk,
     * and the report's figures are warm. */
    double first = run_program(sqlite_argv), second = run_program(sqlite_argv);
    if (first < 0 || second < 0) {
        fprintf(stderr, "bench: sqlite3 failed on %s\n", path);
        return -1;
    }
    double raw = first < second ? first : second;
    printf("  sqlite3 GROUP BY over raw answers: %.0f ms (runs: %.0f, %.0f ms)\n", raw, first,
           second);
    printf("  ratio: %.0fx in-process, %.0fx as programs (goal >= 100x)%s\n", raw / report_ms,
           raw / program_ms, raw / program_ms >= 100 ? "" : "  BELOW GOAL");
    return 0;
}

/* ---- ingest ----------------------------------------------------------------- */

typedef struct ingest_mode {
    const char *name;
    int batch_rows;  /* gendata counts answers and choices alike */
    bool followups;
} ingest_mode;

/* About 500 answers (with their ~1.26 follow-up choices each): the
 * collector's default batch_max, one fsync'd transaction. */
static const ingest_mode MODES[] = {
    {"collector batches, answers with follow-ups (~500 answers per fsync'd transaction)", 1130,
     true},
    {"collector batches, answers only (500 per fsync'd transaction)", 500, false},
    {"bulk, answers with follow-ups (50000-row transactions)", 50000, true},
};
#define N_MODES ((int)(sizeof MODES / sizeof MODES[0]))

static long fs_type(const char *path)
{
    struct statfs fs;
    return statfs(path, &fs) == 0 ? (long)fs.f_type : -1;
}

static int make_scratch(char *dir, size_t size)
{
    const char *base = getenv("SR_BENCH_TMP");
    if (!base || !*base)
        base = fs_type("/tmp") == TMPFS_MAGIC_NUMBER ? "/var/tmp" : "/tmp";
    snprintf(dir, size, "%s/staffroom-bench-report.XXXXXX", base);
    if (!mkdtemp(dir)) {
        perror(dir);
        return -1;
    }
    return 0;
}

static void remove_store(const char *dir, const char *name)
{
    static const char *const SUFFIXES[] = {"", "-wal", "-shm"};
    char path[4300];
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s.db%s", dir, name, SUFFIXES[i]);
        unlink(path);
    }
}

static void ingest_options(gendata_options *o, long long answers, int start_day, int days,
                           unsigned long long seed, int batch_rows)
{
    gendata_options_default(o);
    o->answers = answers;
    o->sites = BIG_SITES;
    o->areas_per_site = BIG_AREAS;
    o->days = days;
    o->start_day = start_day;
    o->seed = seed;
    o->batch_rows = batch_rows;
    o->item_uses = false;
}

/* A fresh store (triggers or not) holding the same pre-filled answers. */
static sqlite3 *ingest_store(const char *dir, const char *name, bool triggers)
{
    char path[4300], err[512];
    sqlite3 *db = NULL;
    remove_store(dir, name);
    snprintf(path, sizeof path, "%s/%s.db", dir, name);
    if (collector_schema_open(path, &db, err, sizeof err) != SR_OK) {
        fprintf(stderr, "bench: %s\n", err);
        sqlite3_close(db);
        return NULL;
    }
    if (!triggers && sqlite3_exec(db, "DROP TRIGGER answer_rollup; DROP TRIGGER"
                                      " answer_choice_rollup; DROP TRIGGER item_use_rollup;",
                                  NULL, NULL, NULL) != SQLITE_OK) {
        fprintf(stderr, "bench: dropping triggers: %s\n", sqlite3_errmsg(db));
        sqlite3_close(db);
        return NULL;
    }
    gendata_options o;
    ingest_options(&o, INGEST_PREFILL, BIG_START, 365, 999, GENDATA_DEFAULT_BATCH);
    if (gendata_write(db, &o, &pack, NULL, err, sizeof err) != SR_OK) {
        fprintf(stderr, "bench: pre-filling %s: %s\n", path, err);
        sqlite3_close(db);
        return NULL;
    }
    return db;
}

/* Answers per second for one round (the same rows for both sides). */
static double ingest_round(sqlite3 *db, int mode, int round)
{
    gendata_options o;
    gendata_stats stats;
    char err[512];
    ingest_options(&o, INGEST_ROUND_ANSWERS, BIG_START + 365 + 7 * (round + INGEST_ROUNDS * mode),
                   7, 2000 + (unsigned long long)(round + INGEST_ROUNDS * mode),
                   MODES[mode].batch_rows);
    o.followups = MODES[mode].followups;
    if (gendata_write(db, &o, &pack, &stats, err, sizeof err) != SR_OK) {
        fprintf(stderr, "bench: ingest: %s\n", err);
        return -1;
    }
    return stats.answers / stats.seconds;
}

static int bench_ingest(void)
{
    char dir[4096];
    if (make_scratch(dir, sizeof dir) != 0)
        return -1;
    sqlite3 *with = ingest_store(dir, "triggers", true), *without = ingest_store(dir, "bare", false);
    int result = with && without ? 0 : -1;
    printf("\ningest: into stores already holding %d answers (%s)\n", INGEST_PREFILL, dir);
    for (int mode = 0; result == 0 && mode < N_MODES; mode++) {
        double rates[2][INGEST_ROUNDS];
        for (int r = 0; result == 0 && r < INGEST_ROUNDS; r++) {
            rates[0][r] = ingest_round(with, mode, r);
            rates[1][r] = ingest_round(without, mode, r);
            result = rates[0][r] > 0 && rates[1][r] > 0 ? 0 : -1;
        }
        if (result != 0)
            break;
        double on = median(rates[0], INGEST_ROUNDS), off = median(rates[1], INGEST_ROUNDS);
        double cost = off / on - 1;
        printf("  %s:\n    with rollup triggers %.0f answers/s, without %.0f answers/s;"
               " ratio %.2f; the triggers add %.0f%% to the time per answer (goal < 15%%)%s\n",
               MODES[mode].name, on, off, on / off, cost * 100, cost < 0.15 ? "" : "  ABOVE GOAL");
    }
    sqlite3_close(with);
    sqlite3_close(without);
    remove_store(dir, "triggers");
    remove_store(dir, "bare");
    rmdir(dir);
    return result;
}

int main(void)
{
    char content[4200], folder[4096], path[4200];
    content_report problems = {0};
    snprintf(content, sizeof content, "%s/assets/content", SR_SOURCE_DIR);
    if (content_load(content, &pack, &problems) != SR_OK) {
        content_report_print(&problems, stderr);
        return 1;
    }
    const char *data = getenv("SR_BENCH_DATA");
    if (data && *data)
        snprintf(folder, sizeof folder, "%s", data);
    else
        snprintf(folder, sizeof folder, "%s/build/bench-data", SR_SOURCE_DIR);
    mkdir(folder, 0755);
    snprintf(path, sizeof path, "%s/report-10m.db", folder);
    int result = 0;
    if (!store_is_complete(path))
        result = generate_store(path);
    else
        printf("reusing %s\n", path);
    if (result == 0)
        result = bench_read(path);
    if (result == 0)
        result = bench_ingest();
    content_pack_free(&pack);
    return result == 0 ? 0 : 1;
}
