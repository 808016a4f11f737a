#include "ledger.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "load/db.h"

static int64_t
to_i64(const char *s)
{
    return strtoll(s, NULL, 10);
}

/* The session of run N of job: application_name "prodops JOB run N". */
#define RUN_SESSION(job, id) "'prodops ' || " job " || ' run ' || " id

int
pd_ledger_run_abandon(PGconn *conn, const char *job, struct pd_err *err)
{
    const char *p[1] = {job};
    PGresult *res = pd_db_exec(
        conn,
        "UPDATE prodops.runs r SET status = 'abandoned', finished_at = now(), "
        "error = coalesce(error, '" PD_LEDGER_ABANDONED "') WHERE job = $1 "
        "AND trigger IS NULL AND status = 'running' AND NOT EXISTS (SELECT "
        "FROM pg_stat_activity a WHERE a.datname = current_database() AND "
        "a.application_name = " RUN_SESSION("$1", "r.run_id") ")",
        1, p, err);
    int n;

    if (!res)
        return -1;
    n = atoi(PQcmdTuples(res));
    PQclear(res);
    return n;
}

int
pd_ledger_run_begin(PGconn *conn, const char *job, int64_t *run_id,
                    struct pd_err *err)
{
    const char *p[1] = {job};
    PGresult *res;

    if (pd_ledger_run_abandon(conn, job, err) < 0)
        return -1;
    /* One statement: when another session sees the row, its session
     * already carries the name (set_config is kept: is_local false). */
    res = pd_db_exec(
        conn,
        "WITH r AS (INSERT INTO prodops.runs (job) VALUES ($1) "
        "RETURNING run_id) SELECT run_id, set_config("
        "'application_name', " RUN_SESSION("$1", "run_id") ", false) FROM r",
        1, p, err);
    if (!res)
        return -1;
    *run_id = to_i64(PQgetvalue(res, 0, 0));
    PQclear(res);
    return 0;
}

int
pd_ledger_run_finish(PGconn *conn, int64_t run_id, const char *status,
                     const char *stats_json, const char *error,
                     struct pd_err *err)
{
    char id[24];
    const char *p[4] = {id, status, stats_json ? stats_json : "{}", error};

    snprintf(id, sizeof(id), "%" PRId64, run_id);
    return pd_db_run(conn,
                     "UPDATE prodops.runs SET finished_at = now(), "
                     "status = $2, stats = $3::jsonb, error = $4 "
                     "WHERE run_id = $1::bigint",
                     4, p, err);
}

/* Raw bytes travel as hex text and become bytea with decode(): every
 * parameter stays a text parameter, and no byte of a path can upset the
 * server's encoding check.  Owned by caller (free()). */
static char *
hex_of(const char *s)
{
    static const char digits[] = "0123456789abcdef";
    size_t n = strlen(s);
    char *out = pd_xmalloc(2 * n + 1);

    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[(unsigned char)s[i] >> 4];
        out[2 * i + 1] = digits[(unsigned char)s[i] & 15];
    }
    out[2 * n] = '\0';
    return out;
}

int
pd_ledger_find_stat(PGconn *conn, const char *path, int64_t size,
                    int64_t mtime_ns, char sha[65], struct pd_err *err)
{
    char s[24], m[24];
    char *hex = hex_of(path);
    const char *p[3] = {hex, s, m};
    PGresult *res;
    int found;

    snprintf(s, sizeof(s), "%" PRId64, size);
    snprintf(m, sizeof(m), "%" PRId64, mtime_ns);
    res = pd_db_exec(conn,
                     "SELECT sha256 FROM prodops.files WHERE "
                     "path_bytes = decode($1, 'hex') AND "
                     "size_bytes = $2::bigint AND mtime_ns = $3::bigint AND "
                     "status = 'loaded' LIMIT 1",
                     3, p, err);
    free(hex);
    if (!res)
        return -1;
    found = PQntuples(res) > 0;
    if (found)
        snprintf(sha, 65, "%s", PQgetvalue(res, 0, 0));
    PQclear(res);
    return found;
}

int
pd_ledger_find_sha(PGconn *conn, const char *sha, int64_t *file_id,
                   char loaded_at[40], char kind[16], struct pd_err *err)
{
    const char *p[1] = {sha};
    PGresult *res =
        pd_db_exec(conn,
                   "SELECT file_id, to_char(loaded_at AT TIME ZONE 'UTC', "
                   "'YYYY-MM-DD HH24:MI'), coalesce(kind, '') FROM "
                   "prodops.files WHERE sha256 = $1 AND status = 'loaded'",
                   1, p, err);
    int found;

    if (!res)
        return -1;
    found = PQntuples(res) > 0;
    if (found) {
        *file_id = to_i64(PQgetvalue(res, 0, 0));
        snprintf(loaded_at, 40, "%s", PQgetvalue(res, 0, 1));
        snprintf(kind, 16, "%s", PQgetvalue(res, 0, 2));
    }
    PQclear(res);
    return found;
}

int
pd_ledger_file_supersede(PGconn *conn, int64_t file_id, struct pd_err *err)
{
    char id[24];
    const char *p[1] = {id};
    PGresult *res;
    int n;

    snprintf(id, sizeof(id), "%" PRId64, file_id);
    res = pd_db_exec(conn,
                     "UPDATE prodops.files SET status = 'reprocessed' "
                     "WHERE file_id = $1::bigint AND status = 'loaded'",
                     1, p, err);
    if (!res)
        return -1;
    n = atoi(PQcmdTuples(res));
    PQclear(res);
    return n > 0;
}

/* The parameters of a files row: $1..$10, $11 the raw path in hex (p[10],
 * owned by caller: free() it), $12 the mapping version, $13 the load it
 * replaces or NULL.  v holds the numbers' text. */
enum { FILE_NPARAMS = 13 };
static void
file_params(const struct pd_file_info *fi, int64_t run_id, char v[5][24],
            const char *p[FILE_NPARAMS])
{
    char *size = v[0], *mtime = v[1], *run = v[2];

    snprintf(size, 24, "%" PRId64, fi->size);
    snprintf(mtime, 24, "%" PRId64, fi->mtime_ns);
    snprintf(run, 24, "%" PRId64, run_id);
    snprintf(v[3], 24, "%d", fi->mapping_version);
    snprintf(v[4], 24, "%" PRId64, fi->reprocess_of);
    p[11] = v[3];
    p[12] = fi->reprocess_of ? v[4] : NULL;
    p[0] = fi->sha256;
    p[1] = fi->name;
    p[2] = fi->path;
    p[3] = size;
    p[4] = mtime;
    p[5] = fi->source;
    p[6] = fi->kind;
    p[7] = fi->profile;
    p[8] = fi->encoding;
    p[9] = run_id > 0 ? run : NULL;
    p[10] = fi->path_bytes ? hex_of(fi->path_bytes) : NULL;
}

int
pd_ledger_file_begin(PGconn *conn, const struct pd_file_info *fi,
                     int64_t run_id, int64_t *file_id, struct pd_err *err)
{
    char v[5][24];
    const char *p[FILE_NPARAMS];
    PGresult *res;

    file_params(fi, run_id, v, p);
    res = PQexecParams(
        conn,
        "INSERT INTO prodops.files (sha256, name, path, size_bytes, mtime_ns,"
        " source, kind, profile, encoding, run_id, status, path_bytes,"
        " mapping_version, reprocess_of)"
        " VALUES ($1, $2, $3, $4::bigint, $5::bigint, $6, $7, $8, $9,"
        " $10::bigint, 'loaded', decode($11, 'hex'), $12::int,"
        " $13::bigint) RETURNING file_id",
        FILE_NPARAMS, NULL, p, NULL, NULL, 0);
    free((char *)(uintptr_t)p[10]);
    if (PQresultStatus(res) == PGRES_TUPLES_OK) {
        *file_id = to_i64(PQgetvalue(res, 0, 0));
        PQclear(res);
        return 1;
    }
    /* unique_violation on files_sha256_loaded: loaded concurrently. */
    if (strcmp(pd_db_sqlstate(res), "23505") == 0) {
        PQclear(res);
        return 0;
    }
    pd_db_fail(err, conn, res, "cannot record the file");
    PQclear(res);
    return -1;
}

int
pd_ledger_file_finish(PGconn *conn, int64_t file_id,
                      const struct pd_file_info *fi,
                      const struct pd_file_counts *n, const char *warnings_json,
                      double seconds, struct pd_err *err)
{
    char v[8][32];
    const char *p[13];

    snprintf(v[0], 32, "%" PRId64, file_id);
    snprintf(v[1], 32, "%" PRId64, n->read);
    snprintf(v[2], 32, "%" PRId64, n->loaded);
    snprintf(v[3], 32, "%" PRId64, n->updated);
    snprintf(v[4], 32, "%" PRId64, n->duplicate);
    snprintf(v[5], 32, "%" PRId64, n->rejected);
    snprintf(v[6], 32, "%.3f", seconds);
    snprintf(v[7], 32, "%" PRId64, n->withdrawn);
    for (int i = 0; i < 7; i++)
        p[i] = v[i];
    p[7] = warnings_json ? warnings_json : "{}";
    p[8] = fi->source;
    p[9] = fi->kind;
    p[10] = fi->profile;
    p[11] = fi->encoding;
    p[12] = v[7];
    return pd_db_run(conn,
                     "UPDATE prodops.files SET rows_read = $2::bigint,"
                     " rows_loaded = $3::bigint, rows_updated = $4::bigint,"
                     " rows_duplicate = $5::bigint, rows_rejected = $6::bigint,"
                     " seconds = $7::float8, warnings = $8::jsonb, source = $9,"
                     " kind = $10, profile = $11, encoding = $12,"
                     " rows_withdrawn = $13::bigint"
                     " WHERE file_id = $1::bigint",
                     13, p, err);
}

int
pd_ledger_file_rejected(PGconn *conn, const struct pd_file_info *fi,
                        int64_t run_id, const char *reason,
                        const struct pd_file_counts *n, int64_t *file_id,
                        struct pd_err *err)
{
    char v[5][24], rd[24], rj[24];
    const char *p[FILE_NPARAMS + 3];
    PGresult *res;

    file_params(fi, run_id, v, p);
    snprintf(rd, sizeof(rd), "%" PRId64, n->read);
    snprintf(rj, sizeof(rj), "%" PRId64, n->rejected);
    p[FILE_NPARAMS] = reason;
    p[FILE_NPARAMS + 1] = rd;
    p[FILE_NPARAMS + 2] = rj;
    res = pd_db_exec(
        conn,
        "INSERT INTO prodops.files (sha256, name, path, size_bytes, mtime_ns,"
        " source, kind, profile, encoding, run_id, path_bytes, mapping_version,"
        " reprocess_of, status, reason, rows_read, rows_rejected) VALUES ($1,"
        " $2, $3, $4::bigint, $5::bigint, $6, $7, $8, $9, $10::bigint,"
        " decode($11, 'hex'), $12::int, $13::bigint, 'rejected', $14,"
        " $15::bigint, $16::bigint) RETURNING file_id",
        FILE_NPARAMS + 3, p, err);
    free((char *)(uintptr_t)p[10]);
    if (!res)
        return -1;
    *file_id = to_i64(PQgetvalue(res, 0, 0));
    PQclear(res);
    return 0;
}

/* ---- job runs --------------------------------------------------------- */

/* UTC µs travel as integers and become timestamptz exactly in SQL:
 * 'epoch' + n microseconds (a float8 epoch would round them). */
#define TS(n) "('epoch'::timestamptz + $" #n "::bigint * interval '1 us')"

static void
ts_param(int64_t us, char out[40])
{
    snprintf(out, 40, "%" PRId64, us);
}

int
pd_ledger_job_begin(PGconn *conn, const struct pd_job_run_info *ri,
                    int64_t *run_id, struct pd_err *err)
{
    char at[40], attempt[16], pid[24];
    const char *p[6] = {ri->job, ri->trigger, at, attempt, ri->host, pid};
    PGresult *res;

    ts_param(ri->scheduled_for, at);
    snprintf(attempt, sizeof(attempt), "%d", ri->attempt);
    snprintf(pid, sizeof(pid), "%ld", ri->pid);
    res = pd_db_exec(
        conn,
        "INSERT INTO prodops.runs (job, trigger, scheduled_for, "
        "attempt, host, pid) VALUES ($1, $2, " TS(3) ", $4::int, $5, $6::int) "
                                                     "RETURNING run_id",
        6, p, err);
    if (!res)
        return -1;
    *run_id = to_i64(PQgetvalue(res, 0, 0));
    PQclear(res);
    return 0;
}

int
pd_ledger_job_finish(PGconn *conn, int64_t run_id, const char *status,
                     const char *stats_json, const char *error,
                     const char *outputs_json, struct pd_err *err)
{
    char id[24];
    const char *p[5] = {id, status, stats_json ? stats_json : "{}", error,
                        outputs_json ? outputs_json : "[]"};

    snprintf(id, sizeof(id), "%" PRId64, run_id);
    return pd_db_run(
        conn,
        "UPDATE prodops.runs SET finished_at = now(), status = $2, "
        "stats = $3::jsonb, error = $4, outputs = ARRAY(SELECT "
        "jsonb_array_elements_text($5::jsonb)) WHERE run_id = $1::bigint",
        5, p, err);
}

int
pd_ledger_job_abandon(PGconn *conn, const char *job, struct pd_err *err)
{
    const char *p[1] = {job};
    PGresult *res = pd_db_exec(
        conn,
        "UPDATE prodops.runs SET status = 'abandoned', finished_at = now(), "
        "error = coalesce(error, '" PD_LEDGER_ABANDONED "') WHERE job = $1 "
        "AND trigger IS NOT NULL AND status = 'running'",
        1, p, err);
    int n;

    if (!res)
        return -1;
    n = atoi(PQcmdTuples(res));
    PQclear(res);
    return n;
}

int
pd_ledger_job_last(PGconn *conn, const char *job, int64_t *scheduled_for,
                   struct pd_err *err)
{
    const char *p[1] = {job};
    PGresult *res = pd_db_exec(
        conn,
        "SELECT (extract(epoch FROM max(scheduled_for)) * 1000000)::bigint "
        "FROM prodops.runs WHERE job = $1 AND trigger IS NOT NULL AND status "
        "IN ('ok', 'rejects', 'failed')",
        1, p, err);
    int found;

    if (!res)
        return -1;
    found = !PQgetisnull(res, 0, 0);
    if (found)
        *scheduled_for = to_i64(PQgetvalue(res, 0, 0));
    PQclear(res);
    return found;
}

/* A resource query returning one JSON value, appended to out. */
static int
json_query(PGconn *conn, const char *path, int n, const char *const *p,
           struct pd_buf *out, struct pd_err *err)
{
    PGresult *res = pd_db_exec_resource(conn, path, n, p, err);

    if (!res)
        return -1;
    pd_buf_addstr(out, PQgetvalue(res, 0, 0));
    PQclear(res);
    return 0;
}

int
pd_ledger_job_history(PGconn *conn, const char *job, long limit,
                      struct pd_buf *out, struct pd_err *err)
{
    char lim[24];
    const char *p[2] = {job, lim};

    snprintf(lim, sizeof(lim), "%ld", limit);
    return json_query(conn, "load/sql/jobs_history.sql", 2, p, out, err);
}

int
pd_ledger_job_latest(PGconn *conn, struct pd_buf *out, struct pd_err *err)
{
    return json_query(conn, "load/sql/jobs_latest.sql", 0, NULL, out, err);
}

int
pd_ledger_job_prune(PGconn *conn, const char *job, int keep, int keep_days,
                    int64_t now, char ***paths, size_t *n, struct pd_err *err)
{
    char k[16], d[16], at[40];
    const char *p[4] = {job, k, d, at};
    PGresult *res;

    snprintf(k, sizeof(k), "%d", keep);
    snprintf(d, sizeof(d), "%d", keep_days);
    ts_param(now, at);
    res = pd_db_exec_resource(conn, "load/sql/jobs_prune.sql", 4, p, err);
    if (!res)
        return -1;
    *n = (size_t)PQntuples(res);
    *paths = pd_xcalloc(*n + 1, sizeof(char *));
    for (size_t i = 0; i < *n; i++)
        (*paths)[i] = pd_xstrdup(PQgetvalue(res, (int)i, 0));
    PQclear(res);
    return 0;
}
