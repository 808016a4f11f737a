#include "reports/requests.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/file.h"
#include "common/json.h"
#include "common/strmap.h"
#include "common/timeutil.h"
#include "common/xalloc.h"
#include "load/db.h"
#include "load/db_rows.h"
#include "reports/doc.h"
#include "reports/markdown.h"
#include "reports/snapshot.h"
#include "reports/xlsx.h"
#include "transform/redact.h"
#include "transform/themes.h"

/* SPEC §8's theme of the texts the rules read (besides every post). */
#define FEATURE_REQUEST_THEME "feature request"

/* ---- matching: texts to (ask, request name) pairs -------------------------
 * The pairs travel to the server as four parallel array literals
 * ({"a","b"}), so that the roll-up is one set-based statement in a
 * read-only snapshot (no temporary table: a read-only transaction may
 * not create one). */

struct matches {
    struct pd_buf kind, source, id, name;
    size_t n;
    struct pd_themes *rules;  /* NULL: no rules */
    struct pd_redact *redact; /* borrowed: names from post titles */
    struct pd_buf title;      /* a title, redacted */
};

static void
add_match(struct matches *m, const struct pd_db_row *row, const char *name)
{
    pd_buf_pg_array_add(&m->kind, pd_db_row_value(row, 0));
    pd_buf_pg_array_add(&m->source, pd_db_row_value(row, 1));
    pd_buf_pg_array_add(&m->id, pd_db_row_value(row, 2));
    pd_buf_pg_array_add(&m->name, name);
    m->n++;
}

/* One text of requests_texts.sql: every rule it matches names a request;
 * a post no rule matches is a request of its own (its root's title). */
static int
on_text(const struct pd_db_row *row, void *ctx, struct pd_err *err)
{
    struct matches *m = ctx;
    const char *names[PD_THEMES_PER_TEXT];
    size_t n = 0;

    if (m->rules)
        pd_themes_of(m->rules, pd_db_row_value(row, 3),
                     (size_t)pd_db_row_length(row, 3), names, &n);
    for (size_t i = 0; i < n; i++)
        add_match(m, row, names[i]);
    if (n > 0 || pd_db_row_isnull(row, 4))
        return 0;
    /* A post's title is customer text: redacted before it is a name in
     * every output, as the verbatims are. */
    pd_buf_reset(&m->title);
    if (pd_redact_text(m->redact, pd_db_row_value(row, 4),
                       (size_t)pd_db_row_length(row, 4), &m->title, err) < 0)
        return -1;
    add_match(m, row, m->title.buf);
    return 0;
}

static int
load_rules(const char *path, struct pd_themes **out, struct pd_err *err)
{
    char *text;

    *out = NULL;
    if (!path)
        return 0;
    text = pd_file_read_all(path, 1 << 20, err);
    if (!text) {
        err->code = PD_E_CONFIG;
        return pd_err_hint(err, "[requests] file names the request rules");
    }
    *out = pd_themes_parse_as(text, path, "request", err);
    free(text);
    return *out ? 0 : -1;
}

static void
matches_release(struct matches *m)
{
    pd_buf_release(&m->kind);
    pd_buf_release(&m->source);
    pd_buf_release(&m->id);
    pd_buf_release(&m->name);
    pd_buf_release(&m->title);
    pd_themes_free(m->rules);
}

/* ---- verbatims: up to three redacted texts per request ------------------ */

struct verbatims {
    struct pd_strmap index; /* request name -> position in lists */
    struct pd_buf *lists;   /* a JSON array's items, without brackets */
    size_t n;
    struct pd_redact *redact;
    struct pd_buf text;
};

static int
on_verbatim(const struct pd_db_row *row, void *ctx, struct pd_err *err)
{
    struct verbatims *v = ctx;
    const char *name = pd_db_row_value(row, 0);
    size_t len = strlen(name);
    int64_t at;
    struct pd_buf *b;

    if (!pd_strmap_get(&v->index, name, len, &at)) {
        v->lists = pd_xrealloc(v->lists, (v->n + 1) * sizeof(*v->lists));
        pd_buf_init(&v->lists[v->n], 0);
        at = (int64_t)v->n++;
        pd_strmap_put(&v->index, name, len, at);
    }
    b = &v->lists[at];
    pd_buf_reset(&v->text);
    if (pd_redact_text(v->redact, pd_db_row_value(row, 3),
                       (size_t)pd_db_row_length(row, 3), &v->text, err) < 0)
        return -1;
    pd_buf_addstr(b, b->len ? ",{\"via\":" : "{\"via\":");
    pd_json_str(b, pd_db_row_value(row, 1));
    pd_buf_addstr(b, ",\"account\":");
    pd_json_str(b, pd_db_row_isnull(row, 2) ? NULL : pd_db_row_value(row, 2));
    pd_buf_addstr(b, ",\"text\":");
    pd_json_strn(b, v->text.buf, v->text.len);
    pd_buf_addch(b, '}');
    return 0;
}

static void
verbatims_release(struct verbatims *v)
{
    for (size_t i = 0; i < v->n; i++)
        pd_buf_release(&v->lists[i]);
    free(v->lists);
    pd_strmap_release(&v->index);
    pd_redact_free(v->redact);
    pd_buf_release(&v->text);
}

/* ---- the document ----------------------------------------------------------
 */

static void
iso(int64_t t, char *buf, size_t n)
{
    pd_time_format_iso(t, buf, n);
}

static void
head(const struct pd_requests_opts *o, size_t nrules, struct pd_buf *out)
{
    char a[40], b[40], now[40];

    iso(o->start, a, sizeof(a));
    iso(o->end, b, sizeof(b));
    iso(o->now, now, sizeof(now));
    pd_buf_addstr(out, "{\"report\":\"requests\",\"period\":{\"label\":");
    pd_json_str(out, o->label);
    pd_buf_addf(out, ",\"start\":\"%s\",\"end\":\"%s\",\"timezone\":", a, b);
    pd_json_str(out, o->zone);
    pd_buf_addstr(out, "},\"area\":");
    pd_json_str(out, o->area ? o->area->name : NULL);
    pd_buf_addf(out, ",\"generated_at\":\"%s\",\"rules\":%zu,\"requests\":[",
                now, nrules);
}

/* One row of requests_rollup.sql: its object, with the verbatims added. */
static void
add_request(const PGresult *res, int i, const struct verbatims *v,
            struct pd_buf *out)
{
    const char *name = PQgetvalue(res, i, 0);
    const char *obj = PQgetvalue(res, i, 1);
    size_t len = (size_t)PQgetlength(res, i, 1);
    int64_t at;

    if (i > 0)
        pd_buf_addch(out, ',');
    pd_buf_add(out, obj, len - 1); /* without its closing brace */
    pd_buf_addstr(out, ",\"verbatims\":[");
    if (pd_strmap_get(&v->index, name, strlen(name), &at))
        pd_buf_add(out, v->lists[at].buf, v->lists[at].len);
    pd_buf_addstr(out, "]}");
}

/* The area's product areas and themes as array literals ($8, $9). */
static void
area_params(const struct pd_handoff_area *a, struct pd_buf *pa,
            struct pd_buf *th)
{
    if (!a)
        return;
    pd_handoff_array(a->product_areas, a->nproduct_areas, pa);
    pd_handoff_array(a->themes, a->nthemes, th);
}

static int
rollup(PGconn *conn, const struct pd_requests_opts *o, struct matches *m,
       struct verbatims *v, struct pd_buf *out, struct pd_err *err)
{
    char a[40], b[40];
    struct pd_buf pa = PD_BUF_INIT, th = PD_BUF_INIT;
    const char *p[9] = {
        a,         b,           o->zone, m->kind.buf, m->source.buf,
        m->id.buf, m->name.buf, NULL,    NULL};
    const char *vp[5] = {b, m->kind.buf, m->source.buf, m->id.buf, m->name.buf};
    PGresult *res = NULL;
    int rc = -1;

    iso(o->start, a, sizeof(a));
    iso(o->end, b, sizeof(b));
    area_params(o->area, &pa, &th);
    if (o->area) {
        p[7] = pa.buf;
        p[8] = th.buf;
    }
    if (pd_db_stream_resource(conn, "reports/sql/requests_verbatims.sql", 5, vp,
                              on_verbatim, v, err) < 0)
        goto out;
    res =
        pd_db_exec_resource(conn, "reports/sql/requests_rollup.sql", 9, p, err);
    if (!res)
        goto out;
    for (int i = 0; i < PQntuples(res); i++)
        add_request(res, i, v, out);
    rc = 0;
out:
    PQclear(res);
    pd_buf_release(&pa);
    pd_buf_release(&th);
    return rc;
}

static int
build(PGconn *conn, const struct pd_requests_opts *o, struct matches *m,
      struct verbatims *v, struct pd_buf *out, struct pd_err *err)
{
    char end[40];
    const char *p[1] = {end};

    iso(o->end, end, sizeof(end));
    if (pd_db_stream_resource(conn, "reports/sql/requests_texts.sql", 1, p,
                              on_text, m, err) < 0)
        return -1;
    pd_buf_pg_array_end(&m->kind);
    pd_buf_pg_array_end(&m->source);
    pd_buf_pg_array_end(&m->id);
    pd_buf_pg_array_end(&m->name);
    head(o, m->rules ? pd_themes_count(m->rules) : 0, out);
    if (rollup(conn, o, m, v, out, err) < 0)
        return -1;
    pd_buf_addstr(out, "]}\n");
    return 0;
}

/* The document, in the caller's snapshot when snapshot is false. */
static int
generate(PGconn *conn, const struct pd_requests_opts *o, bool snapshot,
         struct pd_buf *out, struct pd_err *err)
{
    struct matches m = {.kind = PD_BUF_INIT,
                        .source = PD_BUF_INIT,
                        .id = PD_BUF_INIT,
                        .name = PD_BUF_INIT,
                        .title = PD_BUF_INIT};
    struct verbatims v = {.lists = NULL, .n = 0, .text = PD_BUF_INIT};
    int rc;

    pd_strmap_init(&v.index);
    if (load_rules(o->rules_file, &m.rules, err) < 0 ||
        !(v.redact = pd_redact_new(err))) {
        matches_release(&m);
        verbatims_release(&v);
        return -1;
    }
    m.redact = v.redact;
    /* Every query in one snapshot: a load committing meanwhile cannot
     * give the matches and the roll-up different warehouses. */
    if (snapshot && pd_report_snapshot_begin(conn, err) < 0) {
        rc = -1;
    } else {
        rc = build(conn, o, &m, &v, out, err);
        if (snapshot && pd_report_snapshot_end(conn, rc == 0, err) < 0)
            rc = -1;
    }
    matches_release(&m);
    verbatims_release(&v);
    return rc;
}

int
pd_requests_json(PGconn *conn, const struct pd_requests_opts *o,
                 struct pd_buf *out, struct pd_err *err)
{
    return generate(conn, o, true, out, err);
}

/* ---- the short lists of other reports ------------------------------------ */

static double num(yajl_val v, const char *path);

/* The request's name, redacted when red is not NULL. */
static int
short_name(yajl_val r, struct pd_redact *red, struct pd_buf *out,
           struct pd_err *err)
{
    const char *name = pd_doc_str(r, "name");
    struct pd_buf b = PD_BUF_INIT;

    if (!red || !name) {
        pd_json_str(out, name);
        return 0;
    }
    if (pd_redact_text(red, name, strlen(name), &b, err) < 0) {
        pd_buf_release(&b);
        return -1;
    }
    pd_json_strn(out, b.buf, b.len);
    pd_buf_release(&b);
    return 0;
}

static int
short_request(yajl_val r, struct pd_redact *red, struct pd_buf *out,
              struct pd_err *err)
{
    yajl_val acc = pd_doc_get(r, "accounts");

    pd_buf_addstr(out, "{\"name\": ");
    if (short_name(r, red, out, err) < 0)
        return -1;
    pd_buf_addstr(out, ", \"accounts\": [");
    for (size_t i = 0; acc && YAJL_IS_ARRAY(acc) && i < acc->u.array.len; i++) {
        if (i)
            pd_buf_addstr(out, ", ");
        pd_json_str(out, YAJL_GET_STRING(acc->u.array.values[i]));
    }
    pd_buf_addf(out,
                "], \"arr\": %.17g, \"mentions\": {\"votes\": %.0f, "
                "\"posts\": %.0f, \"tickets\": %.0f, \"nps\": %.0f}, "
                "\"period\": {\"mentions\": %.0f, \"accounts\": %.0f}, "
                "\"detractors\": %.0f, \"status\": ",
                num(r, "arr"), num(r, "mentions.votes"),
                num(r, "mentions.posts"), num(r, "mentions.tickets"),
                num(r, "mentions.nps"), num(r, "period.mentions"),
                num(r, "period.accounts"), num(r, "detractors"));
    pd_json_str(out, pd_doc_str(r, "status"));
    pd_buf_addch(out, '}');
    return 0;
}

/* The positions of the requests in rank order (the document's order is
 * by ARR); a gain ranking keeps only requests asked in the period. */
static size_t
ranked(yajl_val list, enum pd_requests_rank rank, size_t *pos)
{
    size_t n = 0;

    for (size_t i = 0; i < list->u.array.len; i++) {
        double g = num(list->u.array.values[i], "period.mentions");
        size_t j;
        if (rank == PD_REQUESTS_BY_GAIN && g <= 0)
            continue;
        /* Insertion sort, stable: ties keep the ARR order. */
        for (j = n;
             rank == PD_REQUESTS_BY_GAIN && j > 0 &&
             num(list->u.array.values[pos[j - 1]], "period.mentions") < g;
             j--)
            pos[j] = pos[j - 1];
        pos[j] = i;
        n++;
    }
    return n;
}

int
pd_requests_top(PGconn *conn, const struct pd_requests_opts *o,
                enum pd_requests_rank rank, size_t limit, struct pd_buf *out,
                struct pd_err *err)
{
    struct pd_buf json = PD_BUF_INIT;
    struct pd_doc doc = {NULL};
    struct pd_redact *red = NULL;
    yajl_val list;
    size_t *pos = NULL, n;
    int rc = -1;

    if (generate(conn, o, false, &json, err) < 0 ||
        pd_doc_parse(&doc, json.buf, err) < 0 ||
        (o->redact_names && !(red = pd_redact_new(err))))
        goto out;
    list = pd_doc_get(doc.root, "requests");
    pos = pd_xcalloc(list->u.array.len + 1, sizeof(*pos));
    n = ranked(list, rank, pos);
    pd_buf_addch(out, '[');
    for (size_t i = 0; i < n && i < limit; i++) {
        if (i)
            pd_buf_addstr(out, ", ");
        if (short_request(list->u.array.values[pos[i]], red, out, err) < 0)
            goto out;
    }
    pd_buf_addch(out, ']');
    rc = 0;
out:
    pd_redact_free(red);
    free(pos);
    pd_doc_free(&doc);
    pd_buf_release(&json);
    return rc;
}

/* ---- renderings
 * -------------------------------------------------------------- */

/* How many requests the text renderings list, and give verbatims to. */
enum { LIST_MAX = 50, VERBATIM_REQUESTS = 10 };

static yajl_val
requests_of(const struct pd_doc *doc)
{
    yajl_val r = pd_doc_get(doc->root, "requests");

    return r && YAJL_IS_ARRAY(r) ? r : NULL;
}

static double
num(yajl_val v, const char *path)
{
    double x = 0;

    (void)pd_doc_num(v, path, &x);
    return x;
}

static size_t
count_of(yajl_val v, const char *path)
{
    yajl_val a = pd_doc_get(v, path);

    return a && YAJL_IS_ARRAY(a) ? a->u.array.len : 0;
}

/* "1,234,567" */
static void
money(struct pd_buf *out, double v)
{
    char digits[32];
    int n = snprintf(digits, sizeof(digits), "%.0f", v < 0 ? -v : v);

    if (v < 0)
        pd_buf_addch(out, '-');
    for (int i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0)
            pd_buf_addch(out, ',');
        pd_buf_addch(out, digits[i]);
    }
}

static const char *
str_or(yajl_val v, const char *path, const char *dflt)
{
    const char *s = pd_doc_str(v, path);

    return s ? s : dflt;
}

static void
md_row(struct pd_buf *out, size_t rank, yajl_val r)
{
    pd_buf_addf(out, "| %zu | ", rank);
    pd_md_text(out, str_or(r, "name", ""));
    pd_buf_addf(out, " | %s | %zu | ", str_or(r, "status", "-"),
                count_of(r, "accounts"));
    money(out, num(r, "arr"));
    pd_buf_addf(out, " | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f |\n",
                num(r, "mentions.votes"), num(r, "mentions.posts"),
                num(r, "mentions.tickets"), num(r, "mentions.nps"),
                num(r, "detractors"), num(r, "period.mentions"));
}

static void
md_verbatims(struct pd_buf *out, yajl_val list)
{
    size_t n = list ? list->u.array.len : 0;

    pd_buf_addstr(out, "\n## What they said\n");
    for (size_t i = 0; i < n && i < VERBATIM_REQUESTS; i++) {
        yajl_val r = list->u.array.values[i];
        yajl_val vs = pd_doc_get(r, "verbatims");
        pd_buf_addstr(out, "\n**");
        pd_md_text(out, str_or(r, "name", ""));
        pd_buf_addstr(out, "**\n\n");
        for (size_t j = 0; vs && YAJL_IS_ARRAY(vs) && j < vs->u.array.len;
             j++) {
            yajl_val x = vs->u.array.values[j];
            pd_buf_addf(out, "- %s", str_or(x, "via", ""));
            if (pd_doc_str(x, "account")) {
                pd_buf_addstr(out, ", ");
                pd_md_text(out, pd_doc_str(x, "account"));
            }
            pd_buf_addstr(out, ": ");
            pd_md_text(out, str_or(x, "text", ""));
            pd_buf_addch(out, '\n');
        }
    }
}

void
pd_requests_md(const struct pd_doc *doc, struct pd_buf *out)
{
    yajl_val list = requests_of(doc);
    size_t n = list ? list->u.array.len : 0;

    pd_buf_addstr(out, "# Feature requests, ");
    pd_md_text(out, str_or(doc->root, "period.label", ""));
    pd_buf_addstr(out, "\n\nAsked before ");
    pd_buf_addstr(out, str_or(doc->root, "period.end", ""));
    pd_buf_addstr(out, " (report time zone ");
    pd_md_text(out, str_or(doc->root, "period.timezone", "UTC"));
    pd_buf_addstr(out, "), best first by the ARR of the accounts asking");
    if (pd_doc_str(doc->root, "area")) {
        pd_buf_addstr(out, "; area ");
        pd_md_text(out, pd_doc_str(doc->root, "area"));
    }
    pd_buf_addstr(out, ".\n\n");
    if (n == 0) {
        pd_buf_addstr(out, "No feature requests.\n");
        return;
    }
    pd_buf_addstr(out, "| # | Request | Status | Accounts | ARR | Votes | "
                       "Posts | Tickets | NPS | Detractors | This period |\n"
                       "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
                       "\n");
    for (size_t i = 0; i < n && i < LIST_MAX; i++)
        md_row(out, i + 1, list->u.array.values[i]);
    if (n > LIST_MAX)
        pd_buf_addf(out, "\n%d of %zu requests.\n", LIST_MAX, n);
    md_verbatims(out, list);
}

static void
html_row(struct pd_buf *out, size_t rank, yajl_val r)
{
    yajl_val vs = pd_doc_get(r, "verbatims");

    pd_buf_addf(out, "<tr><td>%zu</td><td>", rank);
    pd_buf_addhtml(out, str_or(r, "name", ""));
    pd_buf_addstr(out, "</td><td>");
    pd_buf_addhtml(out, str_or(r, "status", "-"));
    pd_buf_addf(out, "</td><td class=n>%zu</td><td class=n>",
                count_of(r, "accounts"));
    money(out, num(r, "arr"));
    pd_buf_addf(out,
                "</td><td class=n>%.0f</td><td class=n>%.0f</td>"
                "<td class=n>%.0f</td><td class=n>%.0f</td>"
                "<td class=n>%.0f</td><td class=n>%.0f</td><td>",
                num(r, "mentions.votes"), num(r, "mentions.posts"),
                num(r, "mentions.tickets"), num(r, "mentions.nps"),
                num(r, "detractors"), num(r, "period.mentions"));
    for (size_t j = 0; rank <= VERBATIM_REQUESTS && vs && YAJL_IS_ARRAY(vs) &&
                       j < vs->u.array.len;
         j++) {
        pd_buf_addstr(out, j ? "<br>&ldquo;" : "&ldquo;");
        pd_buf_addhtml(out, str_or(vs->u.array.values[j], "text", ""));
        pd_buf_addstr(out, "&rdquo;");
    }
    pd_buf_addstr(out, "</td></tr>\n");
}

void
pd_requests_html(const struct pd_doc *doc, struct pd_buf *out)
{
    yajl_val list = requests_of(doc);
    size_t n = list ? list->u.array.len : 0;

    pd_buf_addstr(out, "<!DOCTYPE html>\n<html lang=en><head><meta "
                       "charset=utf-8><title>Feature requests ");
    pd_buf_addhtml(out, str_or(doc->root, "period.label", ""));
    pd_buf_addstr(out, "</title><style>body{font-family:sans-serif}"
                       "td,th{padding:2px 8px;border-bottom:1px solid #ddd;"
                       "vertical-align:top}.n{text-align:right}</style>"
                       "</head><body>\n<h1>Feature requests, ");
    pd_buf_addhtml(out, str_or(doc->root, "period.label", ""));
    pd_buf_addstr(out, "</h1>\n<p>Best first by the ARR of the accounts "
                       "asking; time zone ");
    pd_buf_addhtml(out, str_or(doc->root, "period.timezone", "UTC"));
    if (pd_doc_str(doc->root, "area")) {
        pd_buf_addstr(out, "; area ");
        pd_buf_addhtml(out, pd_doc_str(doc->root, "area"));
    }
    pd_buf_addstr(out, ".</p>\n");
    if (n == 0) {
        pd_buf_addstr(out, "<p>No feature requests.</p>\n</body></html>\n");
        return;
    }
    pd_buf_addstr(out, "<table><tr><th>#</th><th>Request</th><th>Status</th>"
                       "<th>Accounts</th><th>ARR</th><th>Votes</th>"
                       "<th>Posts</th><th>Tickets</th><th>NPS</th>"
                       "<th>Detractors</th><th>This period</th>"
                       "<th>What they said</th></tr>\n");
    for (size_t i = 0; i < n && i < LIST_MAX; i++)
        html_row(out, i + 1, list->u.array.values[i]);
    pd_buf_addstr(out, "</table>\n");
    if (n > LIST_MAX)
        pd_buf_addf(out, "<p>%d of %zu requests.</p>\n", LIST_MAX, n);
    pd_buf_addstr(out, "</body></html>\n");
}

/* ---- workbook -------------------------------------------------------------
 */

/* A JSON object of counts ({"SMB": 2}) as "SMB 2, Mid-Market 1". */
static void
mix_text(yajl_val obj, struct pd_buf *out)
{
    for (size_t i = 0; obj && YAJL_IS_OBJECT(obj) && i < obj->u.object.len;
         i++) {
        yajl_val x = obj->u.object.values[i];
        double n = YAJL_IS_NUMBER(x) ? YAJL_GET_DOUBLE(x) : 0;
        pd_buf_addf(out, "%s%s %.0f", i ? ", " : "", obj->u.object.keys[i], n);
    }
}

static void
list_text(yajl_val arr, struct pd_buf *out)
{
    for (size_t i = 0; arr && YAJL_IS_ARRAY(arr) && i < arr->u.array.len; i++)
        pd_buf_addf(out, "%s%s", i ? ", " : "",
                    YAJL_IS_STRING(arr->u.array.values[i])
                        ? YAJL_GET_STRING(arr->u.array.values[i])
                        : "");
}

enum { REQ_COLS = 16 };

static void
request_row(struct pd_xlsx_book *b, size_t rank, yajl_val r)
{
    static const char *const nums[] = {
        "arr",          "mentions.votes", "mentions.posts", "mentions.tickets",
        "mentions.nps", "detractors",     "period.mentions"};
    char cells[9][32];
    struct pd_buf acc = PD_BUF_INIT, seg = PD_BUF_INIT, plan = PD_BUF_INIT;
    const char *row[REQ_COLS];

    snprintf(cells[0], sizeof(cells[0]), "%zu", rank);
    snprintf(cells[1], sizeof(cells[1]), "%zu", count_of(r, "accounts"));
    for (size_t i = 0; i < 7; i++)
        snprintf(cells[2 + i], sizeof(cells[0]), "%.17g", num(r, nums[i]));
    list_text(pd_doc_get(r, "accounts"), &acc);
    mix_text(pd_doc_get(r, "segments"), &seg);
    mix_text(pd_doc_get(r, "plans"), &plan);
    row[0] = cells[0];
    row[1] = str_or(r, "name", "");
    row[2] = pd_doc_str(r, "status");
    row[3] = cells[1];
    for (size_t i = 0; i < 7; i++)
        row[4 + i] = cells[2 + i];
    row[11] = acc.buf;
    row[12] = seg.buf;
    row[13] = plan.buf;
    row[14] = pd_doc_str(r, "first_asked");
    row[15] = pd_doc_str(r, "last_asked");
    pd_xlsx_book_row(b, row);
    pd_buf_release(&acc);
    pd_buf_release(&seg);
    pd_buf_release(&plan);
}

static void
requests_sheet(struct pd_xlsx_book *b, yajl_val list)
{
    static const char *const h[REQ_COLS] = {
        "Rank",     "Request",    "Status",      "Accounts",
        "ARR",      "Votes",      "Posts",       "Tickets",
        "NPS",      "Detractors", "This period", "Account ids",
        "Segments", "Plans",      "First asked", "Last asked"};
    static const enum pd_xlsx_col t[REQ_COLS] = {
        PD_XLSX_INTEGER, PD_XLSX_TEXT,    PD_XLSX_TEXT,     PD_XLSX_INTEGER,
        PD_XLSX_DECIMAL, PD_XLSX_INTEGER, PD_XLSX_INTEGER,  PD_XLSX_INTEGER,
        PD_XLSX_INTEGER, PD_XLSX_INTEGER, PD_XLSX_INTEGER,  PD_XLSX_TEXT,
        PD_XLSX_TEXT,    PD_XLSX_TEXT,    PD_XLSX_DATETIME, PD_XLSX_DATETIME};

    pd_xlsx_book_sheet(b, "Requests", REQ_COLS, h, t);
    for (size_t i = 0; list && i < list->u.array.len; i++)
        request_row(b, i + 1, list->u.array.values[i]);
}

static void
trend_sheet(struct pd_xlsx_book *b, yajl_val list)
{
    static const char *const h[3] = {"Request", "Week", "Mentions"};
    static const enum pd_xlsx_col t[3] = {PD_XLSX_TEXT, PD_XLSX_TEXT,
                                          PD_XLSX_INTEGER};

    pd_xlsx_book_sheet(b, "Trend", 3, h, t);
    for (size_t i = 0; list && i < list->u.array.len; i++) {
        yajl_val r = list->u.array.values[i];
        yajl_val w = pd_doc_get(r, "trend");
        for (size_t j = 0; w && YAJL_IS_ARRAY(w) && j < w->u.array.len; j++) {
            char n[32];
            const char *row[3] = {str_or(r, "name", ""),
                                  str_or(w->u.array.values[j], "week", ""), n};
            snprintf(n, sizeof(n), "%.0f",
                     num(w->u.array.values[j], "mentions"));
            pd_xlsx_book_row(b, row);
        }
    }
}

static void
verbatims_sheet(struct pd_xlsx_book *b, yajl_val list)
{
    static const char *const h[4] = {"Request", "Via", "Account", "Text"};
    static const enum pd_xlsx_col t[4] = {PD_XLSX_TEXT, PD_XLSX_TEXT,
                                          PD_XLSX_TEXT, PD_XLSX_TEXT};

    pd_xlsx_book_sheet(b, "Verbatims", 4, h, t);
    for (size_t i = 0; list && i < list->u.array.len; i++) {
        yajl_val r = list->u.array.values[i];
        yajl_val vs = pd_doc_get(r, "verbatims");
        for (size_t j = 0; vs && YAJL_IS_ARRAY(vs) && j < vs->u.array.len;
             j++) {
            yajl_val x = vs->u.array.values[j];
            const char *row[4] = {str_or(r, "name", ""), pd_doc_str(x, "via"),
                                  pd_doc_str(x, "account"),
                                  pd_doc_str(x, "text")};
            pd_xlsx_book_row(b, row);
        }
    }
}

int
pd_requests_xlsx(const struct pd_doc *doc, const char *path, struct pd_err *err)
{
    struct pd_xlsx_book *b = pd_xlsx_book_open(path, err);
    yajl_val list = requests_of(doc);

    if (!b)
        return -1;
    requests_sheet(b, list);
    trend_sheet(b, list);
    verbatims_sheet(b, list);
    return pd_xlsx_book_close(b, err);
}
