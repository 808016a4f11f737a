#include "retheme.h"

#include <stdlib.h>
#include <string.h>

#include "load/copy.h"
#include "load/db.h"

struct table {
    const char *select; /* source, external_id, text, tags joined by ' ' */
    const char *update; /* from temp table retheme */
};

static const struct table tickets = {
    "DECLARE texts NO SCROLL CURSOR FOR SELECT source, external_id, subject,"
    " array_to_string(tags, ' ') FROM prodops.tickets",
    "UPDATE prodops.tickets t SET themes = r.themes FROM retheme r"
    " WHERE t.source = r.source AND t.external_id = r.external_id"
    " AND t.themes IS DISTINCT FROM r.themes"};
static const struct table nps = {
    "DECLARE texts NO SCROLL CURSOR FOR SELECT source, external_id, comment,"
    " NULL FROM prodops.nps_responses",
    "UPDATE prodops.nps_responses t SET themes = r.themes FROM retheme r"
    " WHERE t.source = r.source AND t.external_id = r.external_id"
    " AND t.themes IS DISTINCT FROM r.themes"};

/* The themes of one row: its text, then its tags. */
static size_t
row_themes(struct pd_themes *rules, const PGresult *res, int i,
           const char **names)
{
    size_t n = 0;
    const char *tags = PQgetvalue(res, i, 3);

    if (!PQgetisnull(res, i, 2))
        pd_themes_of(rules, PQgetvalue(res, i, 2),
                     (size_t)PQgetlength(res, i, 2), names, &n);
    /* The tags as one space-joined text, as transform/row.c matches them
     * at load. */
    if (!PQgetisnull(res, i, 3))
        pd_themes_of(rules, tags, (size_t)PQgetlength(res, i, 3), names, &n);
    return n;
}

/* One batch from the cursor into the temp table: rows fetched, or -1. */
static int
batch(PGconn *conn, struct pd_themes *rules, struct pd_err *err)
{
    PGresult *res = pd_db_exec(conn, "FETCH 5000 FROM texts", 0, NULL, err);
    struct pd_copy c;
    int rows;

    if (!res)
        return -1;
    rows = PQntuples(res);
    if (rows > 0 &&
        pd_copy_begin(&c, conn, "COPY retheme FROM STDIN", err) == 0) {
        for (int i = 0; i < rows; i++) {
            const char *names[PD_THEMES_PER_TEXT];
            size_t n = row_themes(rules, res, i, names);
            pd_copy_str(&c, PQgetvalue(res, i, 0));
            pd_copy_str(&c, PQgetvalue(res, i, 1));
            pd_copy_text_array(&c, names, n);
            pd_copy_row_end(&c);
        }
        if (pd_copy_end(&c, err) < 0)
            rows = -1;
    } else if (rows > 0) {
        rows = -1;
    }
    PQclear(res);
    return rows;
}

static int
retheme_table(PGconn *conn, struct pd_themes *rules, const struct table *t,
              int64_t *read, int64_t *changed, struct pd_err *err)
{
    PGresult *res;
    int rows;

    if (pd_db_run(conn, "TRUNCATE retheme", 0, NULL, err) < 0 ||
        pd_db_run(conn, t->select, 0, NULL, err) < 0)
        return -1;
    while ((rows = batch(conn, rules, err)) > 0)
        *read += rows;
    if (rows < 0 || pd_db_run(conn, "CLOSE texts", 0, NULL, err) < 0)
        return -1;
    res = pd_db_exec(conn, t->update, 0, NULL, err);
    if (!res)
        return -1;
    *changed = strtoll(PQcmdTuples(res), NULL, 10);
    PQclear(res);
    return 0;
}

int
pd_retheme(PGconn *conn, struct pd_themes *rules, struct pd_retheme_counts *n,
           struct pd_err *err)
{
    memset(n, 0, sizeof(*n));
    if (pd_db_run(conn, "BEGIN", 0, NULL, err) < 0)
        return -1;
    if (pd_db_run(conn,
                  "CREATE TEMP TABLE retheme (source text, external_id text,"
                  " themes text[]) ON COMMIT DROP",
                  0, NULL, err) < 0 ||
        retheme_table(conn, rules, &tickets, &n->tickets_read,
                      &n->tickets_changed, err) < 0 ||
        retheme_table(conn, rules, &nps, &n->nps_read, &n->nps_changed, err) <
            0 ||
        pd_db_run(conn, "COMMIT", 0, NULL, err) < 0) {
        PQclear(PQexec(conn, "ROLLBACK"));
        return -1;
    }
    return 0;
}
