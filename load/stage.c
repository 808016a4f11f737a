#include "stage.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "common/timeutil.h"
#include "common/xalloc.h"
#include "load/db.h"
#include "load/events.h"

/* A kind's merge is either one statement returning staged, distinct,
 * inserted, updated (merge), or winners + update + insert statements whose
 * row counts give the same figures (large tables: see the .sql files). */
struct kind_sql {
    enum pd_kind kind;
    const char *stage;
    const char *copy;
    const char *merge;
    const char *winners, *update, *insert, *count;
    const char *reprocess; /* withdraw an earlier load's rows (--reprocess) */
    const char *forget;    /* drop staged rows ord $1..$2 (a bad member) */
    const char *analyze;   /* statistics of the staging table */
};

static const struct kind_sql kinds[] = {
    {PD_KIND_TICKETS, "load/sql/tickets_stage.sql",
     "COPY stage_tickets FROM STDIN WITH (FORMAT binary)", NULL,
     "load/sql/tickets_winners.sql", "load/sql/tickets_update.sql",
     "load/sql/tickets_insert.sql", "SELECT count(*) FROM stage_tickets",
     "load/sql/tickets_reprocess.sql",
     "DELETE FROM stage_tickets WHERE ord BETWEEN $1 AND $2",
     "ANALYZE stage_tickets"},
    {PD_KIND_ACCOUNTS, "load/sql/accounts_stage.sql",
     "COPY stage_accounts FROM STDIN", "load/sql/accounts_merge.sql", NULL,
     NULL, NULL, NULL, NULL,
     "DELETE FROM stage_accounts WHERE ord BETWEEN $1 AND $2",
     "ANALYZE stage_accounts"},
    {PD_KIND_NPS, "load/sql/nps_stage.sql",
     "COPY stage_nps FROM STDIN WITH (FORMAT binary)", NULL,
     "load/sql/nps_winners.sql", "load/sql/nps_update.sql",
     "load/sql/nps_insert.sql", "SELECT count(*) FROM stage_nps",
     "load/sql/nps_reprocess.sql",
     "DELETE FROM stage_nps WHERE ord BETWEEN $1 AND $2", "ANALYZE stage_nps"},
    /* Feature requests (issue 17): small, one merge statement. */
    {PD_KIND_REQUESTS, "load/sql/requests_stage.sql",
     "COPY stage_requests FROM STDIN", "load/sql/requests_merge.sql", NULL,
     NULL, NULL, NULL, NULL,
     "DELETE FROM stage_requests WHERE ord BETWEEN $1 AND $2",
     "ANALYZE stage_requests"},
    /* Usage merges in merge_usage(). */
    {PD_KIND_USAGE, "load/sql/usage_stage.sql",
     "COPY stage_usage FROM STDIN WITH (FORMAT binary)", NULL, NULL, NULL, NULL,
     NULL, NULL, "DELETE FROM stage_usage WHERE ord BETWEEN $1 AND $2",
     "ANALYZE stage_usage"},
    {PD_KIND_RELEASES, "load/sql/releases_stage.sql",
     "COPY stage_releases FROM STDIN", "load/sql/releases_merge.sql", NULL,
     NULL, NULL, NULL, NULL,
     "DELETE FROM stage_releases WHERE ord BETWEEN $1 AND $2",
     "ANALYZE stage_releases"},
};

static const struct kind_sql *
sql_for(enum pd_kind kind)
{
    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
        if (kinds[i].kind == kind)
            return &kinds[i];
    PD_BUG("no staging SQL for kind %d", (int)kind);
}

/* Kinds whose staging COPY is binary (its copy statement says FORMAT
 * binary): their row writers match the staging table's column types, and
 * the server parses no text. */
static bool
binary_copy(enum pd_kind kind)
{
    return kind == PD_KIND_TICKETS || kind == PD_KIND_NPS ||
           kind == PD_KIND_USAGE;
}

int
pd_stage_begin(PGconn *conn, enum pd_kind kind, struct pd_copy *c,
               struct pd_err *err)
{
    const struct kind_sql *k = sql_for(kind);
    PGresult *res = pd_db_exec_resource(conn, k->stage, 0, NULL, err);

    if (!res)
        return -1;
    PQclear(res);
    return binary_copy(kind) ? pd_copy_begin_binary(c, conn, k->copy, err)
                             : pd_copy_begin(c, conn, k->copy, err);
}

/* SPEC §6: a ticket counts as solved at its solved time, else (solved or
 * closed without one) at its updated_at.  Migration 024 made solved_time a
 * plain column, checked against this rule: computed here it saves the
 * server a generated column's second copy of every row. */
static void
solved_time(struct pd_copy *c, const struct pd_ticket *t)
{
    if (t->has_solved_at)
        pd_copy_time(c, t->solved_at);
    else if (t->status &&
             (!strcmp(t->status, "solved") || !strcmp(t->status, "closed")))
        pd_copy_time(c, t->updated_at);
    else
        pd_copy_null(c);
}

/* The columns a staged and a direct row share, from source on. */
static void
ticket_fields(struct pd_copy *c, const char *source, const struct pd_ticket *t)
{
    pd_copy_str(c, source);
    pd_copy_str(c, t->external_id);
    pd_copy_str(c, t->account_ref);
    pd_copy_str(c, t->organization);
    pd_copy_str(c, t->requester_email);
    pd_copy_str(c, t->requester_domain);
    pd_copy_str(c, t->subject);
    pd_copy_str(c, t->status);
    pd_copy_str(c, t->priority);
    pd_copy_str(c, t->channel);
    pd_copy_str(c, t->product_area);
    pd_copy_text_array(c, t->tags, t->ntags);
    pd_copy_str(c, t->assignee);
    pd_copy_str(c, t->group_name);
    pd_copy_time(c, t->created_at);
    if (t->has_first_reply_at)
        pd_copy_time(c, t->first_reply_at);
    else
        pd_copy_null(c);
    if (t->has_solved_at)
        pd_copy_time(c, t->solved_at);
    else
        pd_copy_null(c);
    pd_copy_time(c, t->updated_at);
    if (t->has_reopens)
        pd_copy_int32(c, t->reopens);
    else
        pd_copy_null(c);
    if (t->has_replies)
        pd_copy_int32(c, t->replies);
    else
        pd_copy_null(c);
    pd_copy_str(c, t->satisfaction);
    pd_copy_json_object(c, t->extra, t->nextra);
    pd_copy_text_array(c, t->themes, t->nthemes);
    /* Migration 012: seconds, as the vendor exported them. */
    if (t->has_first_reply_business)
        pd_copy_int64(c, t->first_reply_business / PD_US_PER_SEC);
    else
        pd_copy_null(c);
    if (t->has_resolution_business)
        pd_copy_int64(c, t->resolution_business / PD_US_PER_SEC);
    else
        pd_copy_null(c);
    pd_copy_bool(c, t->first_reply_reported);
    /* Migration 022 (issue 15): out of extra. */
    pd_copy_str(c, t->ticket_type);
    pd_copy_str(c, t->requester_name);
    if (t->has_resolution)
        pd_copy_int64(c, t->resolution / PD_US_PER_SEC);
    else
        pd_copy_null(c);
    solved_time(c, t);
}

void
pd_stage_ticket(struct pd_copy *c, int64_t ord, long line, const char *source,
                const struct pd_ticket *t)
{
    pd_copy_int64(c, ord);
    pd_copy_int64(c, line);
    ticket_fields(c, source, t);
    pd_copy_row_end(c);
}

void
pd_stage_direct_ticket(struct pd_stage_direct *d, struct pd_copy *c,
                       int64_t file_id, const char *source,
                       const struct pd_ticket *t)
{
    pd_copy_int64(c, file_id);
    ticket_fields(c, source, t);
    pd_copy_str(c, d->accounts_resolved
                       ? pd_account_map_resolve(&d->accounts, t->account_ref,
                                                t->organization,
                                                t->requester_domain)
                       : NULL);
    pd_copy_row_end(c);
}

void
pd_stage_account(struct pd_copy *c, int64_t ord, long line,
                 const struct pd_account *a)
{
    pd_copy_int64(c, ord);
    pd_copy_int64(c, line);
    pd_copy_str(c, a->account_id);
    pd_copy_str(c, a->name);
    pd_copy_str(c, a->domain);
    pd_copy_str(c, a->plan);
    pd_copy_str(c, a->segment);
    pd_copy_str(c, a->region);
    pd_copy_str(c, a->arr);
    pd_copy_str(c, a->owner);
    pd_copy_json_object(c, a->extra, a->nextra);
    pd_copy_row_end(c);
}

void
pd_stage_release(struct pd_copy *c, int64_t ord, long line, const char *source,
                 const struct pd_release *r)
{
    pd_copy_int64(c, ord);
    pd_copy_int64(c, line);
    pd_copy_str(c, source);
    pd_copy_str(c, r->name);
    pd_copy_str(c, r->released_on);
    pd_copy_str(c, r->product_area);
    pd_copy_text_array(c, r->events, r->nevents);
    pd_copy_str(c, r->flag);
    pd_copy_str(c, r->link);
    pd_copy_str(c, r->pattern);
    pd_copy_str(c, r->description);
    pd_copy_json_object(c, r->extra, r->nextra);
    pd_copy_row_end(c);
}

void
pd_stage_request(struct pd_copy *c, int64_t ord, long line, const char *source,
                 const struct pd_request *r)
{
    pd_copy_int64(c, ord);
    pd_copy_int64(c, line);
    pd_copy_str(c, source);
    pd_copy_str(c, r->external_id);
    pd_copy_str(c, r->title);
    pd_copy_str(c, r->description);
    pd_copy_str(c, r->status);
    pd_copy_str(c, r->status_raw);
    if (r->has_votes)
        pd_copy_int64(c, r->votes);
    else
        pd_copy_null(c);
    pd_copy_str(c, r->author);
    pd_copy_str(c, r->author_email);
    pd_copy_str(c, r->author_domain);
    pd_copy_str(c, r->account_ref);
    pd_copy_str(c, r->organization);
    pd_copy_time(c, r->created_at);
    pd_copy_time(c, r->updated_at);
    pd_copy_str(c, r->merged_into);
    pd_copy_text_array(c, r->tags, r->ntags);
    pd_copy_json_object(c, r->extra, r->nextra);
    pd_copy_row_end(c);
}

/* Run a resource; its affected-row count into *n. */
static int
run_counted(PGconn *conn, const char *path, int nparams,
            const char *const *params, int64_t *n, struct pd_err *err)
{
    PGresult *res = pd_db_exec_resource(conn, path, nparams, params, err);

    if (!res)
        return -1;
    *n = strtoll(PQcmdTuples(res), NULL, 10);
    PQclear(res);
    return 0;
}

/* p: the file id, then the replaced load's id or NULL. */
static int
merge_steps(PGconn *conn, const struct kind_sql *k, const char *const *p,
            struct pd_merge_counts *n, struct pd_err *err)
{
    PGresult *res;

    if (run_counted(conn, k->winners, 0, NULL, &n->distinct, err) < 0 ||
        run_counted(conn, k->update, 2, p, &n->updated, err) < 0 ||
        run_counted(conn, k->insert, 1, p, &n->inserted, err) < 0)
        return -1;
    if (p[1]) {
        res = pd_db_exec_resource(conn, k->reprocess, 2, p, err);
        if (!res)
            return -1;
        n->withdrawn = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
        PQclear(res);
    }
    /* Counted by the server, so that the caller's reconciliation compares
     * what was sent with what arrived. */
    res = pd_db_exec(conn, k->count, 0, NULL, err);
    if (!res)
        return -1;
    n->staged = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    PQclear(res);
    return 0;
}

/* Migration 014 dedupes on a 128-bit hash of the key: when some staged
 * events were not inserted, make sure no two different keys of the file
 * shared a hash (usage_collisions.sql).  A collision fails the file: better
 * than an event silently counted as a duplicate. */
static int
check_collisions(PGconn *conn, struct pd_err *err)
{
    PGresult *res = pd_db_exec_resource(conn, "load/sql/usage_collisions.sql",
                                        0, NULL, err);
    int rc = 0;

    if (!res)
        return -1;
    if (PQntuples(res) > 0)
        rc = pd_err_set(err, PD_E_PARSE,
                        "event keys '%s' and '%s' at %s have the same hash",
                        PQgetvalue(res, 0, 0), PQgetvalue(res, 0, 1),
                        PQgetvalue(res, 0, 2));
    PQclear(res);
    return rc;
}

/* --reprocess of a usage file (usage_withdraw.sql says why): the earlier
 * load's events are taken out, the file's inserted, and the rollup days of
 * both recomputed.  p: this load, the earlier one.  Events read again count
 * as updated, the earlier load's others as withdrawn. */
static int
reprocess_usage(PGconn *conn, const char *const *p, struct pd_merge_counts *n,
                struct pd_err *err)
{
    int64_t old = 0, reread = 0, rows;
    const char *q[1] = {p[1]};
    PGresult *res;

    if (pd_db_run(conn,
                  "CREATE TEMP TABLE usage_old (LIKE prodops.events)"
                  " ON COMMIT DROP",
                  0, NULL, err) < 0 ||
        run_counted(conn, "load/sql/usage_withdraw.sql", 1, q, &old, err) < 0 ||
        run_counted(conn, "load/sql/usage_insert.sql", 1, p, &n->inserted,
                    err) < 0)
        return -1;
    if (n->inserted < n->staged && check_collisions(conn, err) < 0)
        return -1;
    if (run_counted(conn, "load/sql/usage_rollup_clear.sql", 0, NULL, &rows,
                    err) < 0 ||
        run_counted(conn, "load/sql/usage_rollup_delete.sql", 0, NULL, &rows,
                    err) < 0 ||
        run_counted(conn, "load/sql/usage_rollup_redo.sql", 0, NULL, &rows,
                    err) < 0)
        return -1;
    res = pd_db_exec_resource(conn, "load/sql/usage_reread.sql", 1, p, err);
    if (!res)
        return -1;
    reread = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    PQclear(res);
    n->distinct = n->inserted;
    n->inserted -= reread;
    n->updated = reread;
    n->withdrawn = old - reread;
    return 0;
}

/* The staged events' new sources, event names and people (migration
 * 014), before the events that refer to them. */
static int
add_dictionaries(PGconn *conn, struct pd_err *err)
{
    int64_t rows;

    /* After the partitions' lock (ensure_usage_partitions()), as a direct
     * load takes both (load/events.c): a direct load hands out dictionary
     * ids of its own until it commits. */
    if (pd_db_run(conn,
                  "SELECT pg_advisory_xact_lock("
                  "hashtext('prodops.usage_dictionaries'))",
                  0, NULL, err) < 0 ||
        run_counted(conn, "load/sql/usage_dictionaries.sql", 0, NULL, &rows,
                    err) < 0)
        return -1;
    return run_counted(conn, "load/sql/usage_users.sql", 0, NULL, &rows, err);
}

/* The fresh-range fast path: when usage_fresh.sql finds no stored event
 * or rollup row of the file's sources in the UTC days it spans, the events
 * and then the rollups go in with plain INSERTs (no ON CONFLICT), under a
 * savepoint.  A key repeated inside the file (or a concurrent load of the
 * same days) raises a unique violation: the savepoint is rolled back and
 * the caller takes the usual path, which counts the repeats as duplicates
 * exactly as before.  Returns 1 done, 0 not taken (nothing changed), -1 on
 * an error.  p: file id, first and last event time. */
static int
merge_usage_fresh(PGconn *conn, const char *const *p, struct pd_merge_counts *n,
                  struct pd_err *err)
{
    int64_t groups;
    bool fresh;
    PGresult *res =
        pd_db_exec_resource(conn, "load/sql/usage_fresh.sql", 2, p + 1, err);

    if (!res)
        return -1;
    fresh = PQgetvalue(res, 0, 0)[0] == 't';
    PQclear(res);
    if (!fresh)
        return 0;
    if (pd_db_run(conn, "SAVEPOINT usage_fresh", 0, NULL, err) < 0)
        return -1;
    if (run_counted(conn, "load/sql/usage_insert_fresh.sql", 1, p, &n->inserted,
                    err) == 0 &&
        run_counted(conn, "load/sql/usage_rollup_fresh.sql", 3, p, &groups,
                    err) == 0)
        return pd_db_run(conn, "RELEASE SAVEPOINT usage_fresh", 0, NULL, err) <
                       0
                   ? -1
                   : 1;
    if (!pd_stage_is_duplicate_key(err))
        return -1;
    pd_err_clear(err);
    n->inserted = 0;
    return pd_db_run(conn, "ROLLBACK TO SAVEPOINT usage_fresh", 0, NULL, err) <
                   0
               ? -1
               : 0;
}

/* SPEC §9: the exposures of the file's exposure events, from the staging
 * table (usage_exposures.sql); a reprocessed file's earlier ones go first,
 * so that what the file no longer yields leaves.  p: the file id (first),
 * or NULL when the file staged no event; replaces: the earlier load or
 * NULL. */
static int
add_exposures(PGconn *conn, const char *const *p, const char *replaces,
              struct pd_err *err)
{
    const char *q[1] = {replaces};
    int64_t rows;

    if (replaces &&
        (pd_db_run(conn,
                   "DELETE FROM prodops.exposures WHERE file_id = $1::integer",
                   1, q, err) < 0 ||
         pd_db_run(conn,
                   "DELETE FROM prodops.exposure_rejects"
                   " WHERE file_id = $1::integer",
                   1, q, err) < 0))
        return -1;
    if (!p)
        return 0;
    return run_counted(conn, "load/sql/usage_exposures.sql", 1, p, &rows, err);
}

/* Usage: make the months' partitions and the dictionaries' new entries,
 * insert the new events, then grow the rollup by them -- by the fast path
 * above when the file's days are fresh, else with ON CONFLICT: from the
 * staging table when every staged event was new, else from the rows the
 * file inserted (usage_rollup_*.sql). */
static int
merge_usage_events(PGconn *conn, const char *const *p, const char *replaces,
                   struct pd_merge_counts *n, struct pd_err *err)
{
    const char *r[2] = {p[0], replaces};
    int64_t groups;

    if (n->staged == 0)
        return replaces ? reprocess_usage(conn, r, n, err) : 0;
    if (pd_db_run(conn, "SELECT prodops.ensure_usage_partitions($1, $2)", 2,
                  p + 1, err) < 0 ||
        add_dictionaries(conn, err) < 0)
        return -1;
    if (replaces)
        return reprocess_usage(conn, r, n, err);
    switch (merge_usage_fresh(conn, p, n, err)) {
    case -1:
        return -1;
    case 1:
        n->distinct = n->inserted;
        return 0;
    }
    if (run_counted(conn, "load/sql/usage_insert.sql", 1, p, &n->inserted,
                    err) < 0)
        return -1;
    n->distinct = n->inserted;
    if (n->inserted < n->staged && check_collisions(conn, err) < 0)
        return -1;
    if (n->inserted == 0)
        return 0;
    if (n->inserted == n->staged)
        return run_counted(conn, "load/sql/usage_rollup_staged.sql", 0, NULL,
                           &groups, err);
    return run_counted(conn, "load/sql/usage_rollup_loaded.sql", 3, p, &groups,
                       err);
}

/* The events (merge_usage_events), then their exposures. */
static int
merge_usage(PGconn *conn, const char *file_id, const char *replaces,
            struct pd_merge_counts *n, struct pd_err *err)
{
    char lo[64], hi[64];
    const char *p[3] = {file_id, lo, hi};
    PGresult *res = pd_db_exec(conn,
                               "SELECT count(*), min(event_time),"
                               " max(event_time) FROM stage_usage",
                               0, NULL, err);

    if (!res)
        return -1;
    n->staged = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    snprintf(lo, sizeof(lo), "%s", PQgetvalue(res, 0, 1));
    snprintf(hi, sizeof(hi), "%s", PQgetvalue(res, 0, 2));
    PQclear(res);
    n->distinct = n->inserted = n->updated = 0;
    if (merge_usage_events(conn, p, replaces, n, err) < 0)
        return -1;
    return add_exposures(conn, n->staged > 0 ? p : NULL, replaces, err);
}

void
pd_stage_nps(struct pd_copy *c, int64_t ord, long line, const char *source,
             const struct pd_nps *r)
{
    pd_copy_int64(c, ord);
    pd_copy_int64(c, line);
    pd_copy_str(c, source);
    pd_copy_str(c, r->external_id);
    pd_copy_str(c, r->account_ref);
    pd_copy_str(c, r->organization);
    pd_copy_str(c, r->respondent_email);
    pd_copy_str(c, r->respondent_domain);
    pd_copy_int16(c, r->score);
    pd_copy_str(c, r->comment);
    pd_copy_time(c, r->responded_at);
    pd_copy_time(c, r->updated_at);
    pd_copy_str(c, r->survey);
    pd_copy_json_object(c, r->extra, r->nextra);
    pd_copy_text_array(c, r->themes, r->nthemes);
    pd_copy_row_end(c);
}

void
pd_stage_event(struct pd_copy *c, int64_t ord, const char *source,
               const struct pd_event *e)
{
    unsigned char hash[16];

    pd_copy_int64(c, ord);
    pd_copy_str(c, source);
    pd_copy_str(c, e->event_key);
    pd_copy_str(c, e->user_id);
    pd_copy_str(c, e->device_id);
    pd_copy_str(c, e->account_ref);
    pd_copy_str(c, e->domain);
    pd_copy_str(c, e->event_name);
    pd_copy_time(c, e->event_time);
    pd_copy_int32(c, e->count);
    /* Migration 014: no kept property is NULL, not '{}' (the lean row). */
    if (e->nextra)
        pd_copy_json_object(c, e->extra, e->nextra);
    else
        pd_copy_null(c);
    pd_copy_str(c, e->email);
    pd_events_key_hash(e->event_key, hash);
    pd_copy_uuid(c, hash);
    pd_copy_row_end(c);
}

int
pd_stage_forget(PGconn *conn, enum pd_kind kind, int64_t first_ord,
                int64_t last_ord, struct pd_err *err)
{
    char a[24], b[24];
    const char *p[2] = {a, b};

    snprintf(a, sizeof(a), "%" PRId64, first_ord);
    snprintf(b, sizeof(b), "%" PRId64, last_ord);
    return pd_db_run(conn, sql_for(kind)->forget, 2, p, err);
}

int
pd_stage_merge(PGconn *conn, enum pd_kind kind, int64_t file_id,
               int64_t replaces, struct pd_merge_counts *n, struct pd_err *err)
{
    const struct kind_sql *k = sql_for(kind);
    char id[24], old[24];
    const char *p[2] = {id, replaces ? old : NULL};
    PGresult *res;

    n->withdrawn = 0;
    snprintf(id, sizeof(id), "%" PRId64, file_id);
    snprintf(old, sizeof(old), "%" PRId64, replaces);
    /* The merge sorts the file's keys once (DISTINCT ON): in memory, not in
     * temporary files, for files up to a few million rows. */
    if (pd_db_run(conn, "SET LOCAL work_mem = '256MB'", 0, NULL, err) < 0)
        return -1;
    /* A temporary table has no statistics until analyzed: without them
     * the merge's joins are planned for an empty table. */
    if (pd_db_run(conn, sql_for(kind)->analyze, 0, NULL, err) < 0)
        return -1;
    if (kind == PD_KIND_USAGE)
        return merge_usage(conn, id, p[1], n, err);
    if (k->winners)
        return merge_steps(conn, k, p, n, err);
    res = pd_db_exec_resource(conn, k->merge, 1, p, err);
    if (!res)
        return -1;
    n->staged = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    n->distinct = strtoll(PQgetvalue(res, 0, 1), NULL, 10);
    n->inserted = strtoll(PQgetvalue(res, 0, 2), NULL, 10);
    n->updated = strtoll(PQgetvalue(res, 0, 3), NULL, 10);
    PQclear(res);
    return 0;
}

/* The direct COPY's columns: those of stage_tickets, with file_id in place
 * of ord and no line number.  Binary: the server parses nothing (LIMITS.md:
 * 1.5-1.9 times text COPY). */
#define DIRECT_TICKETS_COPY                                                 \
    "COPY prodops.tickets (file_id, source, external_id, account_ref,"      \
    " organization, requester_email, requester_domain, subject, status,"    \
    " priority, channel, product_area, tags, assignee, group_name,"         \
    " created_at, first_reply_at, solved_at, updated_at, reopens, replies," \
    " satisfaction, extra, themes, first_reply_business_secs,"              \
    " resolution_business_secs, first_reply_reported, ticket_type,"         \
    " requester_name, resolution_reported_secs, solved_time, account_id)"   \
    " FROM STDIN"                                                           \
    " WITH (FORMAT binary"
static const char direct_tickets_copy[] = DIRECT_TICKETS_COPY ")";
/* Into the table this transaction truncated (the first load of the
 * table): rows written frozen and their pages all-visible, so neither the
 * first query after the load (hint bits) nor autovacuum (freezing) writes
 * the whole table again.  PostgreSQL allows it only then; the table is
 * locked until commit, and only a transaction that started before the
 * load could see the rows "too early" (repeatable read), where it would
 * otherwise see an empty table. */
static const char direct_tickets_copy_freeze[] =
    DIRECT_TICKETS_COPY ", FREEZE)";

static bool
query_true(PGconn *conn, const char *sql, int nparams, const char *const *p,
           bool *v, struct pd_err *err)
{
    PGresult *res = pd_db_exec(conn, sql, nparams, p, err);

    if (!res)
        return false;
    *v = PQgetvalue(res, 0, 0)[0] == 't';
    PQclear(res);
    return true;
}

/* What rebuilds the table's keys and indexes, and what drops them: keys
 * first (the primary key's rebuild finds repeated keys), then indexes.
 * pg_get_constraintdef() leaves out the key's index options (migration
 * 024's fillfactor): they are added from the index's reloptions. */
static const char deferred_sql[] =
    "SELECT 0, 'ALTER TABLE prodops.tickets ADD CONSTRAINT '"
    "          || quote_ident(k.conname) || ' '"
    "          || pg_get_constraintdef(k.oid)"
    "          || coalesce(' WITH (' || array_to_string(c.reloptions, ', ')"
    "                      || ')', ''),"
    "       'ALTER TABLE prodops.tickets DROP CONSTRAINT '"
    "          || quote_ident(k.conname)"
    "  FROM pg_constraint k LEFT JOIN pg_class c ON c.oid = k.conindid"
    " WHERE k.conrelid = 'prodops.tickets'::regclass"
    "   AND k.contype IN ('p', 'u')"
    " UNION ALL "
    "SELECT 1, pg_get_indexdef(i.indexrelid),"
    "       'DROP INDEX prodops.' || quote_ident(c.relname)"
    "  FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
    " WHERE i.indrelid = 'prodops.tickets'::regclass"
    "   AND NOT EXISTS (SELECT 1 FROM pg_constraint k"
    "                    WHERE k.conindid = i.indexrelid)"
    " ORDER BY 1, 2";

/* A first load into an empty table: lock it, drop its keys and indexes
 * and keep what rebuilds them (measured on 1 M tickets: building them
 * after the COPY beats maintaining them row by row, LIMITS.md).  Truncating
 * the (empty) table in this transaction lets a wal_level = minimal server
 * skip WAL for the COPY. */
static int
defer_indexes(PGconn *conn, struct pd_stage_direct *d, struct pd_err *err)
{
    static const char empty_sql[] =
        "SELECT NOT EXISTS (SELECT 1 FROM prodops.tickets)";
    PGresult *res;
    bool empty;

    if (!query_true(conn, empty_sql, 0, NULL, &empty, err))
        return -1;
    if (!empty)
        return 0;
    /* Checked again under the lock: another first load may have won. */
    if (pd_db_run(conn, "LOCK TABLE prodops.tickets IN ACCESS EXCLUSIVE MODE",
                  0, NULL, err) < 0 ||
        !query_true(conn, empty_sql, 0, NULL, &empty, err))
        return -1;
    if (!empty)
        return 0;
    res = pd_db_exec(conn, deferred_sql, 0, NULL, err);
    if (!res)
        return -1;
    for (int i = 0; i < PQntuples(res); i++) {
        bool key = PQgetvalue(res, i, 0)[0] == '0';
        char **to = key ? &d->keys[d->nkeys] : &d->indexes[d->nindexes];
        if (key ? d->nkeys == sizeof(d->keys) / sizeof(d->keys[0])
                : d->nindexes == sizeof(d->indexes) / sizeof(d->indexes[0]))
            continue; /* kept, and maintained row by row */
        if (pd_db_run(conn, PQgetvalue(res, i, 2), 0, NULL, err) < 0) {
            PQclear(res);
            return -1;
        }
        *to = pd_xstrdup(PQgetvalue(res, i, 1));
        *(key ? &d->nkeys : &d->nindexes) += 1;
    }
    PQclear(res);
    d->deferred = true;
    return pd_db_run(conn, "TRUNCATE prodops.tickets", 0, NULL, err);
}

/* Skip the COPY's per-row foreign key checks (file_id: the files row this
 * transaction inserted, so it exists and cannot go away) where the session
 * may set session_replication_role; otherwise they run as before.  The
 * setting is local to the transaction and reset after the COPY. */
static int
skip_row_triggers(PGconn *conn, struct pd_stage_direct *d, struct pd_err *err)
{
    bool may;

    if (!query_true(conn,
                    "SELECT current_setting('is_superuser') = 'on'"
                    " OR has_parameter_privilege('session_replication_role',"
                    " 'SET')",
                    0, NULL, &may, err))
        return -1;
    if (!may)
        return 0;
    d->no_row_triggers = true;
    return pd_db_run(conn, "SET LOCAL session_replication_role = replica", 0,
                     NULL, err);
}

int
pd_stage_begin_direct(PGconn *conn, enum pd_kind kind, const char *source,
                      struct pd_stage_direct *d, struct pd_copy *c,
                      struct pd_err *err)
{
    const char *p[1] = {source};
    bool empty;

    memset(d, 0, sizeof(*d));
    if (kind != PD_KIND_TICKETS)
        return 0;
    if (!query_true(conn,
                    "SELECT NOT EXISTS (SELECT 1 FROM prodops.tickets"
                    " WHERE source = $1)",
                    1, p, &empty, err))
        return -1;
    if (!empty)
        return 0;
    if (defer_indexes(conn, d, err) < 0 || skip_row_triggers(conn, d, err) < 0)
        return -1;
    /* The rows are resolved against the accounts as read now.  An accounts
     * load merges them, then re-resolves the tickets, in one transaction.
     * Into a table this transaction locked (deferred) its re-resolution
     * waits for this commit and then sees these rows.  Otherwise it would
     * not see them, so the accounts are held as read until commit (an
     * accounts load waits; a concurrent reader does not). */
    if (!d->deferred &&
        pd_db_run(conn, "LOCK TABLE prodops.accounts IN SHARE MODE", 0, NULL,
                  err) < 0)
        return -1;
    switch (pd_account_map_load(conn, &d->accounts, err)) {
    case -1:
        return -1;
    case 1:
        d->accounts_resolved = true;
        break;
    default:
        break; /* resolved after the COPY (pd_stage_direct_finish) */
    }
    return pd_copy_begin_binary(c, conn,
                                d->deferred ? direct_tickets_copy_freeze
                                            : direct_tickets_copy,
                                err) < 0
               ? -1
               : 1;
}

void
pd_stage_direct_release(struct pd_stage_direct *d)
{
    for (size_t i = 0; i < d->nkeys; i++)
        free(d->keys[i]);
    for (size_t i = 0; i < d->nindexes; i++)
        free(d->indexes[i]);
    pd_account_map_release(&d->accounts);
    memset(d, 0, sizeof(*d));
}

bool
pd_stage_is_duplicate_key(const struct pd_err *err)
{
    return err->code == PD_E_DB && strstr(err->detail, "SQLSTATE 23505");
}

static int
run_all(PGconn *conn, char *const *sql, size_t n, struct pd_err *err)
{
    for (size_t i = 0; i < n; i++)
        if (pd_db_run(conn, sql[i], 0, NULL, err) < 0)
            return -1;
    return 0;
}

/* The sorts of the deferred builds in memory, and room for a parallel
 * worker (PostgreSQL gives one only with 32 MB each): measured on 1 M
 * bench tickets, the primary key 1.50 -> 1.35 s and (created_at,
 * solved_time) 1.49 -> 1.09 s against the default 64 MB (a loaded
 * machine).  Server memory, for this transaction only. */
static const char build_memory_sql[] =
    "SET LOCAL maintenance_work_mem = '256MB'";

int
pd_stage_direct_finish(PGconn *conn, enum pd_kind kind, int64_t file_id,
                       const char *source, struct pd_stage_direct *d,
                       struct pd_err *err)
{
    char id[24];
    const char *p[2] = {id, source};
    PGresult *res;
    bool have_accounts;

    if (kind != PD_KIND_TICKETS)
        return 0;
    /* The keys first: a repeated key fails here (a unique violation, as
     * the COPY's would), before any more work. */
    if ((d->no_row_triggers &&
         pd_db_run(conn, "SET LOCAL session_replication_role = DEFAULT", 0,
                   NULL, err) < 0) ||
        (d->deferred && pd_db_run(conn, build_memory_sql, 0, NULL, err) < 0) ||
        run_all(conn, d->keys, d->nkeys, err) < 0)
        return -1;
    if (d->accounts_resolved)
        have_accounts = false; /* each row came with its account */
    else if (!query_true(conn, "SELECT EXISTS (SELECT 1 FROM prodops.accounts)",
                         0, NULL, &have_accounts, err))
        return -1;
    if (have_accounts) {
        /* The rows just COPYed are not in the statistics yet: planned as
         * "one row", the update below ran as a nested loop, quadratic (7
         * minutes and counting for a million tickets). */
        if (pd_db_run(conn, "ANALYZE prodops.tickets", 0, NULL, err) < 0)
            return -1;
        snprintf(id, sizeof(id), "%" PRId64, file_id);
        res = pd_db_exec_resource(conn, "load/sql/tickets_direct_accounts.sql",
                                  2, p, err);
        if (!res)
            return -1;
        PQclear(res);
    }
    /* The other indexes after the accounts: the update does not maintain
     * them. */
    return run_all(conn, d->indexes, d->nindexes, err);
}

int
pd_stage_reresolve_accounts(PGconn *conn, struct pd_err *err)
{
    PGresult *res = pd_db_exec_resource(conn, "load/sql/accounts_reresolve.sql",
                                        0, NULL, err);

    if (!res)
        return -1;
    PQclear(res);
    return 0;
}

int
pd_stage_spool_reject(FILE *spool, const char *member, long line,
                      const char *column, const char *reason, const char *raw,
                      size_t raw_len)
{
    struct pd_buf b = PD_BUF_INIT;
    int rc = 0;

    pd_buf_addf(&b, "%ld\t", line);
    if (member)
        pd_copy_escape(&b, member, strlen(member));
    else
        pd_buf_add(&b, "\\N", 2);
    pd_buf_addch(&b, '\t');
    if (column)
        pd_copy_escape(&b, column, strlen(column));
    else
        pd_buf_add(&b, "\\N", 2);
    pd_buf_addch(&b, '\t');
    pd_copy_escape(&b, reason, strlen(reason));
    pd_buf_addch(&b, '\t');
    if (raw)
        pd_copy_escape(&b, raw, raw_len);
    else
        pd_buf_add(&b, "\\N", 2);
    pd_buf_addch(&b, '\n');
    if (fwrite(b.buf, 1, b.len, spool) != b.len)
        rc = -1;
    pd_buf_release(&b);
    return rc;
}

int
pd_stage_load_rejects(PGconn *conn, FILE *spool, int64_t file_id,
                      struct pd_err *err)
{
    struct pd_copy c;
    char id[24];
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int idlen = snprintf(id, sizeof(id), "%" PRId64 "\t", file_id);

    if (fflush(spool) != 0 || fseek(spool, 0, SEEK_SET) != 0)
        return pd_err_set(err, PD_E_IO, "cannot read back the rejects spool");
    if (pd_copy_begin(&c, conn,
                      "COPY prodops.rejects (file_id, line_no, member,"
                      " column_name, reason, raw) FROM STDIN",
                      err) < 0)
        return -1;
    /* Spooled rows are escaped, so one physical line is one row. */
    while ((n = getline(&line, &cap, spool)) > 0) {
        pd_copy_raw(&c, id, (size_t)idlen);
        pd_copy_raw(&c, line, (size_t)n);
    }
    free(line);
    if (ferror(spool)) {
        pd_copy_abort(&c, "spool read error");
        return pd_err_set(err, PD_E_IO, "cannot read back the rejects spool");
    }
    return pd_copy_end(&c, err);
}
