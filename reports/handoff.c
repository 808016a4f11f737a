#include "handoff.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/file.h"
#include "common/json.h"
#include "common/log.h"
#include "common/sha256.h"
#include "common/timeutil.h"
#include "common/xalloc.h"
#include "load/db.h"
#include "load/db_rows.h"
#include "load/workspace.h"
#include "reports/csv_writer.h"
#include "reports/doc.h"
#include "reports/markdown.h"
#include "reports/period.h"
#include "reports/requests.h"
#include "reports/snapshot.h"
#include "reports/xlsx.h"
#include "transform/redact.h"

/* ---- The datasets: SQL, columns and their data dictionary --------------- */

/* How a column's value is written.  Only K_FREE is ever redacted and only
 * K_ID is ever hashed; every other column is a normalized value. */
enum kind {
    K_TEXT, /* text as stored */
    K_FREE, /* free text: redacted unless --no-redact */
    K_ID,   /* a lower-case email in, its pseudonym out */
    K_INT,  /* a number shown without decimals */
    K_DEC,  /* a number shown with two decimals */
    K_PCT,  /* a fraction shown as a percentage in the workbook */
    K_TIME, /* ISO 8601 UTC text, an Excel date in the workbook */
    K_DATE  /* a local day YYYY-MM-DD, an Excel date in the workbook */
};

struct column {
    const char *name;
    enum kind kind;
    const char *meaning, *unit, *source, *caveats;
};

/* Query parameters, each dataset taking some in its own order. */
enum param {
    P_START,
    P_END,
    P_PREV,
    P_ZONE,
    P_AREAS,
    P_THEMES,
    P_EVENTS,
    P_IGNORED_EVENTS,
    NP
};

/* Which parts of an area a dataset needs (without any, it has no rows and
 * the query is not run). */
enum { N_AREAS = 1, N_THEMES = 2, N_EVENTS = 4 };

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
enum { MAX_COLS = 20 };

static const char pseudonym_note[] =
    "\"p-\" and 16 letters a-p (hex digits 0-f) of HMAC-SHA256 of the lower-case email under "
    "this warehouse's secret: the same person has the same id in every "
    "handoff of this warehouse and a different one elsewhere; it cannot be "
    "turned back into the email without the secret";
static const char redacted_note[] =
    "emails, phone numbers, card numbers, IBANs and IP addresses replaced "
    "by [email], [phone], [card], [iban], [ip] (heuristics: unusual formats "
    "can be missed, long order numbers can be taken for cards)";

static const struct column ticket_cols[] = {
    {"source", K_TEXT, "the helpdesk export the ticket came from", "text",
     "tickets.source", "with external_id, identifies the ticket"},
    {"external_id", K_TEXT, "the ticket's id in that helpdesk", "text",
     "tickets.external_id", ""},
    {"created_at", K_TIME, "when the ticket was opened", "ISO 8601, UTC",
     "tickets.created_at", "every ticket created in the period is listed"},
    {"solved_at", K_TIME, "when the ticket was solved", "ISO 8601, UTC",
     "tickets.solved_at, else updated_at of a solved or closed ticket "
     "(SPEC §6)",
     "empty while unsolved"},
    {"status", K_TEXT, "status, normalized across helpdesks",
     "new, open, pending, on_hold, solved, closed, other", "tickets.status",
     ""},
    {"priority", K_TEXT, "priority, normalized",
     "low, normal, high, urgent, other", "tickets.priority",
     "empty when the export has none"},
    {"channel", K_TEXT, "how the ticket came in",
     "email, web, chat, phone, api, social, other", "tickets.channel", ""},
    {"product_area", K_FREE, "the helpdesk's product area (or category) field",
     "text", "tickets.product_area",
     "a ticket is in the area by this value or by its themes, so it can be "
     "in more than one area"},
    {"subject", K_FREE, "the ticket's subject line", "text", "tickets.subject",
     ""},
    {"tags", K_FREE, "the helpdesk tags", "comma-separated", "tickets.tags",
     ""},
    {"themes", K_TEXT, "themes found in subject and tags by the theme rules",
     "comma-separated", "tickets.themes (SPEC §8)",
     "rules are patterns: a theme can be missed or misfire"},
    {"account_name", K_FREE, "the requester's account", "text",
     "accounts.name, else the helpdesk organization",
     "empty when no account matched"},
    {"account_plan", K_TEXT, "the account's plan", "text", "accounts.plan",
     "as of the last CRM export, not the ticket's date"},
    {"account_arr", K_INT, "the account's annual recurring revenue",
     "currency of the CRM export", "accounts.arr", "as of the last CRM export"},
    {"requester_id", K_ID, "who asked, pseudonymous", "p- and 16 letters a-p",
     "tickets.requester_email (never written)",
     "empty when the ticket has no requester email"},
    {"first_reply_hours", K_DEC, "time to the first agent reply",
     "hours, 2 decimals", "first_reply_at - created_at",
     "empty without a reply or when the export has no reply time"},
    {"resolution_hours", K_DEC, "time to solve", "hours, 2 decimals",
     "solved_at - created_at", "empty while unsolved"},
    {"satisfaction", K_TEXT, "the customer's satisfaction rating", "good, bad",
     "tickets.satisfaction", "empty when not rated"},
};

static const struct column nps_cols[] = {
    {"responded_at", K_TIME, "when the response was given", "ISO 8601, UTC",
     "nps_responses.responded_at", ""},
    {"score", K_INT, "likelihood to recommend", "0-10", "nps_responses.score",
     ""},
    {"category", K_TEXT, "NPS category of the score",
     "promoter (9-10), passive (7-8), detractor (0-6)", "score (SPEC §6)", ""},
    {"comment", K_FREE, "the respondent's words", "text",
     "nps_responses.comment",
     "only responses with a comment whose themes are the area's are "
     "listed"},
    {"themes", K_TEXT, "themes found in the comment", "comma-separated",
     "nps_responses.themes (SPEC §8)",
     "rules are patterns: a theme can be missed or misfire"},
    {"survey", K_FREE, "the survey or campaign", "text", "nps_responses.survey",
     "empty when the export has none"},
    {"account_name", K_FREE, "the respondent's account", "text",
     "accounts.name, else the survey's organization field",
     "empty when no account matched"},
    {"plan", K_TEXT, "the account's plan", "text", "accounts.plan",
     "as of the last CRM export"},
    {"segment", K_TEXT, "the account's segment", "text", "accounts.segment",
     "as of the last CRM export"},
    {"respondent_id", K_ID, "who answered, pseudonymous",
     "p- and 16 letters a-p", "nps_responses.respondent_email (never written)",
     "empty when the response has no email"},
};

static const struct column usage_cols[] = {
    {"event_name", K_FREE, "the tracked event (the feature)", "text",
     "usage events", "only events matching the area's event: items"},
    {"events", K_INT, "times the event happened in the period", "count",
     "usage_daily for whole UTC days, raw events for the partial days at "
     "either end",
     ""},
    {"active_users", K_INT, "distinct users with the event in the period",
     "count", "usage rollups by local day of the report zone",
     "a user is the user id, else the device id (SPEC §6)"},
    {"accounts", K_INT, "distinct accounts of those users", "count",
     "usage rollups", "users without an account are not counted"},
    {"adoption", K_PCT, "share of all the period's active users who used it",
     "fraction 0-1, 4 decimals", "active_users / every active user (SPEC §6)",
     "empty when nobody was active"},
    {"active_users_previous", K_INT, "the same count in the period before",
     "count", "usage rollups", "the period before has the same length"},
    {"active_users_change", K_INT, "active_users - active_users_previous",
     "count", "computed", ""},
};

static const struct column account_cols[] = {
    {"account_id", K_TEXT, "the account", "text", "accounts.account_id",
     "accounts with a ticket or an NPS response of the area; most tickets "
     "first, then most detractors"},
    {"name", K_FREE, "the account's name", "text", "accounts.name", ""},
    {"plan", K_TEXT, "plan", "text", "accounts.plan",
     "as of the last CRM export"},
    {"segment", K_TEXT, "segment", "text", "accounts.segment", ""},
    {"region", K_TEXT, "region", "text", "accounts.region", ""},
    {"arr", K_INT, "annual recurring revenue", "currency of the CRM export",
     "accounts.arr", ""},
    {"tickets", K_INT, "the area's tickets created in the period", "count",
     "tickets.csv's rows of this account", ""},
    {"high_urgent_tickets", K_INT, "of which high or urgent priority", "count",
     "tickets.priority", ""},
    {"detractors", K_INT, "the area's NPS responses scoring 0-6", "count",
     "nps_responses", "responses whose themes are the area's"},
    {"nps_responses", K_INT, "the area's NPS responses", "count",
     "nps_responses", "with or without a comment"},
    {"mean_score", K_DEC, "mean score of those responses", "0-10, 2 decimals",
     "nps_responses.score", "empty without responses"},
    {"feature_users", K_INT, "the account's users of the area's events",
     "count", "usage rollups by local day", "0 when the area has no events"},
};

static const struct column trend_cols[] = {
    {"week", K_TEXT, "the ISO week of the report zone", "YYYY-Www",
     "the period's zone", "the 13 weeks ending at the period's end"},
    {"week_start", K_DATE, "the week's first local day", "YYYY-MM-DD",
     "the period's zone", ""},
    {"tickets", K_INT, "the area's tickets created that week", "count",
     "tickets", "by product area or theme, as tickets.csv"},
    {"nps_responses", K_INT, "NPS responses on the area's themes that week",
     "count", "nps_responses", "with or without a comment"},
    {"detractors", K_INT, "of which scored 0-6", "count", "nps_responses", ""},
};

struct dataset {
    const char *file, *sheet, *sql, *what;
    enum param params[6];
    int nparams;
    unsigned need;
    const struct column *cols;
    size_t ncols;
};

enum { D_TICKETS, D_NPS, D_USAGE, D_ACCOUNTS, D_TREND, ND };

static const struct dataset datasets[ND] = {
    {"tickets.csv",
     "tickets",
     "reports/sql/handoff_tickets.sql",
     "one row per ticket of the area created in the period",
     {P_START, P_END, P_AREAS, P_THEMES},
     4,
     N_AREAS | N_THEMES,
     ticket_cols,
     NELEM(ticket_cols)},
    {"nps_verbatims.csv",
     "nps_verbatims",
     "reports/sql/handoff_nps.sql",
     "one row per NPS response of the period with a comment on the area's "
     "themes",
     {P_START, P_END, P_THEMES},
     3,
     N_THEMES,
     nps_cols,
     NELEM(nps_cols)},
    {"usage_by_feature.csv",
     "usage_by_feature",
     "reports/sql/handoff_usage.sql",
     "one row per event of the area used in the period or the one before",
     {P_START, P_END, P_EVENTS, P_ZONE, P_PREV, P_IGNORED_EVENTS},
     6,
     N_EVENTS,
     usage_cols,
     NELEM(usage_cols)},
    {"accounts.csv",
     "accounts",
     "reports/sql/handoff_accounts.sql",
     "one row per account with a ticket or NPS response of the area",
     {P_START, P_END, P_AREAS, P_THEMES, P_EVENTS, P_ZONE},
     6,
     N_AREAS | N_THEMES,
     account_cols,
     NELEM(account_cols)},
    {"trend.csv",
     "trend",
     "reports/sql/handoff_trend.sql",
     "the area's tickets and NPS responses in each of the last 13 weeks",
     {P_END, P_ZONE, P_AREAS, P_THEMES},
     4,
     N_AREAS | N_THEMES,
     trend_cols,
     NELEM(trend_cols)},
};

/* ---- Pure helpers ------------------------------------------------------- */

char *
pd_handoff_slug(const char *name, char *out, size_t n)
{
    enum { SLUG_MAX = 64 };
    size_t len = 0, cap = n - 1 < SLUG_MAX ? n - 1 : SLUG_MAX;
    bool dash = false;

    for (const unsigned char *s = (const unsigned char *)name; *s; s++) {
        bool alnum = (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
                     (*s >= '0' && *s <= '9');
        if (!alnum) {
            dash = len > 0;
            continue;
        }
        if (len + (dash ? 2 : 1) > cap)
            break;
        if (dash)
            out[len++] = '-';
        dash = false;
        out[len++] = (char)(*s >= 'A' && *s <= 'Z' ? *s - 'A' + 'a' : *s);
    }
    out[len] = '\0';
    if (len == 0)
        snprintf(out, n, "area");
    return out;
}

void
pd_handoff_like(const char *glob, struct pd_buf *out)
{
    size_t n = strlen(glob);
    bool prefix = n > 0 && glob[n - 1] == '*';

    for (size_t i = 0; i < n - (prefix ? 1 : 0); i++) {
        if (glob[i] == '\\' || glob[i] == '%' || glob[i] == '_')
            pd_buf_addch(out, '\\');
        pd_buf_addch(out, glob[i]);
    }
    if (prefix)
        pd_buf_addch(out, '%');
}

void
pd_handoff_array(const char *const *items, size_t n, struct pd_buf *out)
{
    pd_buf_addch(out, '{');
    for (size_t i = 0; i < n; i++) {
        pd_buf_addstr(out, i ? ",\"" : "\"");
        for (const char *s = items[i]; *s; s++) {
            if (*s == '"' || *s == '\\')
                pd_buf_addch(out, '\\');
            pd_buf_addch(out, *s);
        }
        pd_buf_addch(out, '"');
    }
    pd_buf_addch(out, '}');
}

/* ---- Areas without configuration ---------------------------------------- */

int
pd_handoff_ticket_areas(PGconn *conn, const struct pd_period *p,
                        const struct pd_hygiene *hygiene, char ***names,
                        size_t *n, struct pd_err *err)
{
    char start[40], end[40];
    struct pd_hygiene_params *hp = pd_xmalloc(sizeof(*hp)); /* ~50 KB */
    const char *params[4] = {start, end, hp->from, hp->to};
    PGresult *res;
    int rows;

    pd_hygiene_params(hygiene, hp);
    pd_time_format_iso(p->start, start, sizeof(start));
    pd_time_format_iso(p->end, end, sizeof(end));
    res = pd_db_exec_resource(conn, "reports/sql/handoff_areas.sql", 4, params,
                              err);
    free(hp);
    if (!res)
        return -1;
    rows = PQntuples(res);
    *n = (size_t)rows;
    *names = pd_xcalloc(*n + 1, sizeof(**names));
    for (int i = 0; i < rows; i++)
        (*names)[i] = pd_xstrdup(PQgetvalue(res, i, 0));
    PQclear(res);
    return 0;
}

void
pd_handoff_names_free(char **names, size_t n)
{
    for (size_t i = 0; names && i < n; i++)
        free(names[i]);
    free(names);
}

/* ---- The writer --------------------------------------------------------- */

struct pd_handoff {
    PGconn *conn;
    const struct pd_handoff_opts *o;
    unsigned char secret[PD_WORKSPACE_SECRET_LEN];
    struct pd_redact *redact;
    struct pd_buf cell[MAX_COLS]; /* per column: the redacted text */
    bool snapshot;                /* pd_report_snapshot_begin() done */
    bool swept;                   /* leftovers of killed runs removed */
};

/* Redaction output cap per text: a ticket subject or comment is far
 * smaller; a text that would grow past it fails the handoff (closed). */
#define TEXT_MAX ((size_t)64 << 20)

struct pd_handoff *
pd_handoff_new(PGconn *conn, const struct pd_handoff_opts *opts,
               struct pd_err *err)
{
    struct pd_handoff *h = pd_xcalloc(1, sizeof(*h));

    h->conn = conn;
    h->o = opts;
    for (size_t i = 0; i < MAX_COLS; i++)
        pd_buf_init(&h->cell[i], TEXT_MAX);
    if (pd_workspace_secret(conn, h->secret, err) < 0) {
        pd_handoff_free(h);
        return NULL;
    }
    h->redact = pd_redact_new(err);
    if (!h->redact) {
        pd_handoff_free(h);
        return NULL;
    }
    /* Last: the secret may have to be written, the snapshot is read-only.
     * Every later query (the areas, each folder's datasets) sees it. */
    if (pd_report_snapshot_begin(conn, err) < 0) {
        pd_handoff_free(h);
        return NULL;
    }
    h->snapshot = true;
    return h;
}

void
pd_handoff_free(struct pd_handoff *h)
{
    if (!h)
        return;
    /* Read-only: ending it only releases the snapshot. */
    if (h->snapshot)
        (void)pd_report_snapshot_end(h->conn, false, NULL);
    pd_workspace_wipe(h->secret, sizeof(h->secret));
    pd_redact_free(h->redact);
    for (size_t i = 0; i < MAX_COLS; i++)
        pd_buf_release(&h->cell[i]);
    free(h);
}

/* "p-" and the first 16 hex digits of HMAC-SHA256(secret, email), each
 * written as a letter a-p (0 = a ... f = p). */
static void
pseudonym(const struct pd_handoff *h, const char *email, char out[19])
{
    unsigned char mac[32];
    char hex[65];

    pd_hmac_sha256(h->secret, sizeof(h->secret), email, strlen(email), mac);
    pd_sha256_hex(mac, hex);
    /* Hex digits spelled as the letters a-p: a run of 13 or more decimal
     * digits in an id would pass for a card number, here and in every
     * data-loss scanner downstream. */
    out[0] = 'p';
    out[1] = '-';
    for (int i = 0; i < 16; i++)
        out[2 + i] =
            (char)('a' + (hex[i] <= '9' ? hex[i] - '0' : hex[i] - 'a' + 10));
    out[18] = '\0';
}

/* One dataset being streamed into its CSV and its sheet. */
struct stream {
    struct pd_handoff *h;
    const struct dataset *ds;
    struct pd_csv_writer *csv;
    struct pd_xlsx_book *book;
    size_t rows;
    char ids[MAX_COLS][19];
};

/* A row's cells as they will be written: redacted, pseudonymized. */
static int
row_cells(struct stream *s, const struct pd_db_row *row, const char **cells,
          struct pd_err *err)
{
    for (size_t c = 0; c < s->ds->ncols; c++) {
        const char *v =
            pd_db_row_isnull(row, (int)c) ? NULL : pd_db_row_value(row, (int)c);
        enum kind k = s->ds->cols[c].kind;
        cells[c] = v;
        if (!v)
            continue;
        if (k == K_ID) {
            if (*v)
                pseudonym(s->h, v, s->ids[c]);
            cells[c] = *v ? s->ids[c] : NULL;
        } else if (k == K_FREE && !s->h->o->no_redact) {
            struct pd_buf *b = &s->h->cell[c];
            pd_buf_reset(b);
            if (pd_redact_text(s->h->redact, v,
                               (size_t)pd_db_row_length(row, (int)c), b,
                               err) < 0)
                return pd_err_detail(err, "while redacting %s of %s",
                                     s->ds->cols[c].name, s->ds->file);
            cells[c] = b->buf;
        }
    }
    return 0;
}

static int
on_row(const struct pd_db_row *row, void *ctx, struct pd_err *err)
{
    struct stream *s = ctx;
    const char *cells[MAX_COLS];

    if ((size_t)PQnfields(row->res) != s->ds->ncols)
        return pd_err_set(err, PD_E_INTERNAL, "%s returns %d columns, not %zu",
                          s->ds->sql, PQnfields(row->res), s->ds->ncols);
    if (row_cells(s, row, cells, err) < 0)
        return -1;
    for (size_t c = 0; c < s->ds->ncols; c++) {
        enum kind k = s->ds->cols[c].kind;
        if (!cells[c])
            pd_csv_writer_null(s->csv);
        else if (k == K_INT || k == K_DEC || k == K_PCT)
            pd_csv_writer_number(s->csv, cells[c], strlen(cells[c]));
        else
            pd_csv_writer_str(s->csv, cells[c]);
    }
    /* Both writers are sticky: a failed CSV write (the disk is full)
     * stops the query now; the workbook's error is reported at its close. */
    if (pd_csv_writer_end_row(s->csv) < 0)
        return -1;
    (void)pd_xlsx_book_row(s->book, cells);
    s->rows++;
    return 0;
}

/* The parameter values of one area, by enum param. */
struct area_params {
    char start[40], end[40], prev[40];
    struct pd_buf areas, themes, events, ignored_events;
    const char *v[NP];
    unsigned has; /* N_AREAS | N_THEMES | N_EVENTS present */
};

/* Is name (case-blind) one of the area's product areas? */
static bool
area_names(const struct pd_handoff_area *a, const char *name)
{
    for (size_t i = 0; i < a->nproduct_areas; i++)
        if (strcasecmp(a->product_areas[i], name) == 0)
            return true;
    return false;
}

/* The area's product areas and every alias shown as one of them, as an
 * array literal: tickets filed under "Billing issue" belong to the area
 * "Billing" when [product_areas] says so, as in the weekly report. */
static void
areas_with_aliases(const struct pd_handoff_area *a, const struct pd_hygiene *hy,
                   struct pd_buf *out)
{
    size_t nal = hy ? hy->naliases : 0, n = 0;
    const char **names =
        pd_xcalloc(a->nproduct_areas + nal + 1, sizeof(*names));

    for (size_t i = 0; i < a->nproduct_areas; i++)
        names[n++] = a->product_areas[i];
    for (size_t i = 0; i < nal; i++)
        if (area_names(a, hy->alias_to[i]))
            names[n++] = hy->alias_from[i];
    pd_handoff_array(names, n, out);
    free(names);
}

static void
area_params_init(struct area_params *ap, const struct pd_period *p,
                 const struct pd_handoff_area *a, const struct pd_hygiene *hy)
{
    struct pd_buf like = PD_BUF_INIT;
    const char **pats = pd_xcalloc(a->nevents + 1, sizeof(*pats));
    size_t *offs = pd_xcalloc(a->nevents + 1, sizeof(*offs));
    const char *ignored[PD_HYGIENE_MAX];
    size_t nignored = hy ? hy->nignore_events : 0;

    pd_time_format_iso(p->start, ap->start, sizeof(ap->start));
    pd_time_format_iso(p->end, ap->end, sizeof(ap->end));
    pd_time_format_iso(p->prev_start, ap->prev, sizeof(ap->prev));
    pd_buf_init(&ap->areas, 0);
    pd_buf_init(&ap->themes, 0);
    pd_buf_init(&ap->events, 0);
    pd_buf_init(&ap->ignored_events, 0);
    areas_with_aliases(a, hy, &ap->areas);
    for (size_t i = 0; i < nignored; i++)
        ignored[i] = hy->ignore_events[i];
    pd_handoff_array(ignored, nignored, &ap->ignored_events);
    pd_handoff_array(a->themes, a->nthemes, &ap->themes);
    /* Each glob's LIKE pattern, NUL-separated in one buffer. */
    for (size_t i = 0; i < a->nevents; i++) {
        offs[i] = like.len;
        pd_handoff_like(a->events[i], &like);
        pd_buf_addch(&like, '\0');
    }
    for (size_t i = 0; i < a->nevents; i++)
        pats[i] = like.buf + offs[i];
    pd_handoff_array(pats, a->nevents, &ap->events);
    pd_buf_release(&like);
    free(pats);
    free(offs);
    ap->v[P_START] = ap->start;
    ap->v[P_END] = ap->end;
    ap->v[P_PREV] = ap->prev;
    ap->v[P_ZONE] = p->zone;
    ap->v[P_AREAS] = ap->areas.buf;
    ap->v[P_THEMES] = ap->themes.buf;
    ap->v[P_EVENTS] = ap->events.buf;
    ap->v[P_IGNORED_EVENTS] = ap->ignored_events.buf;
    ap->has = (a->nproduct_areas ? N_AREAS : 0) | (a->nthemes ? N_THEMES : 0) |
              (a->nevents ? N_EVENTS : 0);
}

static void
area_params_release(struct area_params *ap)
{
    pd_buf_release(&ap->areas);
    pd_buf_release(&ap->themes);
    pd_buf_release(&ap->events);
    pd_buf_release(&ap->ignored_events);
}

static int
join_path(char *out, size_t n, const char *dir, const char *name,
          struct pd_err *err)
{
    int len = snprintf(out, n, "%s/%s", dir, name);

    if (len < 0 || (size_t)len >= n)
        return pd_err_set(err, PD_E_USAGE, "output path too long: '%s/%s'", dir,
                          name);
    return 0;
}

/* The CSV's header row and the sheet's, then every row of the query. */
static int
stream_dataset(struct pd_handoff *h, const struct dataset *ds,
               const struct area_params *ap, struct stream *s,
               struct pd_err *err)
{
    const char *heads[MAX_COLS], *params[6];
    enum pd_xlsx_col types[MAX_COLS];

    for (size_t c = 0; c < ds->ncols; c++) {
        enum kind k = ds->cols[c].kind;
        heads[c] = ds->cols[c].name;
        types[c] = k == K_INT    ? PD_XLSX_INTEGER
                   : k == K_DEC  ? PD_XLSX_DECIMAL
                   : k == K_PCT  ? PD_XLSX_PERCENT
                   : k == K_TIME ? PD_XLSX_DATETIME
                   : k == K_DATE ? PD_XLSX_DATE
                                 : PD_XLSX_TEXT;
        pd_csv_writer_str(s->csv, heads[c]);
    }
    if (pd_csv_writer_end_row(s->csv) < 0)
        return -1;
    (void)pd_xlsx_book_sheet(s->book, ds->sheet, ds->ncols, heads, types);
    /* An area without the parts a dataset selects by has no rows there:
     * the query is not run (ANY of an empty array matches nothing). */
    if (!(ap->has & ds->need))
        return 0;
    for (int i = 0; i < ds->nparams; i++)
        params[i] = ap->v[ds->params[i]];
    return pd_db_stream_resource(h->conn, ds->sql, ds->nparams, params, on_row,
                                 s, err);
}

/* One dataset's CSV (written aside, then renamed) and sheet. */
static int
write_dataset(struct pd_handoff *h, const struct dataset *ds,
              const struct area_params *ap, const char *dir,
              struct pd_xlsx_book *book, size_t *rows, struct pd_err *err)
{
    struct stream s;
    char path[4096], tmp[4200];
    FILE *fp;
    int rc;

    memset(&s, 0, sizeof(s));
    if (join_path(path, sizeof(path), dir, ds->file, err) < 0)
        return -1;
    pd_file_tmp_name(path, tmp, sizeof(tmp));
    fp = fopen(tmp, "wb");
    if (!fp)
        return pd_err_set(err, PD_E_IO, "cannot create '%s': %s", tmp,
                          strerror(errno));
    s.h = h;
    s.ds = ds;
    s.book = book;
    /* A byte order mark: Excel reads UTF-8 only with one. */
    s.csv = pd_csv_writer_open(fp, ds->file, PD_CSV_BOM, err);
    rc = stream_dataset(h, ds, ap, &s, err);
    if (pd_csv_writer_close(s.csv) < 0)
        rc = -1;
    if (fclose(fp) != 0 && rc == 0)
        rc = pd_err_set(err, PD_E_IO, "cannot write '%s': %s", path,
                        strerror(errno));
    if (rc == 0)
        rc = pd_file_commit(tmp, path, err);
    else
        (void)remove(tmp);
    *rows = s.rows;
    return rc;
}

/* Remove a folder this module made, with the files in it (it holds no
 * folders).  Best effort: used to clean up. */
static void
remove_folder(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[4400];

    if (!d)
        return;
    while ((e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        if (unlink(path) != 0)
            pd_log_debug("cannot remove '%s': %s", path, strerror(errno));
    }
    closedir(d);
    if (rmdir(dir) != 0)
        pd_log_debug("cannot remove '%s': %s", dir, strerror(errno));
}

/* Make the new folder the folder: renamed into place, or, when an older
 * one is there, that one is renamed aside first and removed after.
 * (Linux's RENAME_EXCHANGE would swap them atomically, but is not POSIX;
 * the folder is complete or absent either way.) */
static int
install_folder(const char *tmp, const char *final, const char *aside,
               struct pd_err *err)
{
    int e;

    if (rename(tmp, final) == 0)
        return 0;
    if (errno != EEXIST && errno != ENOTEMPTY)
        return pd_err_set(err, PD_E_IO, "cannot rename '%s' to '%s': %s", tmp,
                          final, strerror(errno));
    if (rename(final, aside) != 0)
        return pd_err_set(err, PD_E_IO, "cannot replace '%s': %s", final,
                          strerror(errno));
    if (rename(tmp, final) != 0) {
        e = errno;
        (void)rename(aside, final);
        return pd_err_set(err, PD_E_IO, "cannot rename '%s' to '%s': %s", tmp,
                          final, strerror(e));
    }
    remove_folder(aside);
    return 0;
}

/* ---- Leftovers of killed runs ------------------------------------------- */

/* Is name one of the hidden folders pd_handoff_write() works in,
 * ".handoff-<slug>-<label>.tmp.<pid>" or ".old.<pid>"?  Exactly that shape
 * (slug and label characters only, a pid without a leading zero), so that
 * nothing else in the output folder is ever taken for one.  *pid: its pid. */
static bool
leftover_name(const char *name, pid_t *pid)
{
    static const char prefix[] = ".handoff-";
    size_t n = strlen(name), i = n, mid = sizeof(prefix) - 1;
    long v = 0;

    if (strncmp(name, prefix, mid) != 0)
        return false;
    while (i > 0 && name[i - 1] >= '0' && name[i - 1] <= '9')
        i--;
    if (i == n || n - i > 9 || name[i] == '0' || i < mid + 2 + 5 ||
        (memcmp(name + i - 5, ".tmp.", 5) != 0 &&
         memcmp(name + i - 5, ".old.", 5) != 0))
        return false;
    for (size_t k = mid; k < i - 5; k++) {
        char c = name[k];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return false;
    }
    for (size_t k = i; k < n; k++)
        v = v * 10 + (name[k] - '0');
    *pid = (pid_t)v;
    return true;
}

/* A handoff killed between mkdir and rename leaves its working folder
 * behind; nothing else would ever remove it.  Remove those of out_dir
 * whose process is gone (kill(pid, 0) says ESRCH; EPERM means alive, as
 * another user's).  A folder of a live process, of this one, anything
 * that is not a folder, and any name not of our exact shape stay.  A pid
 * reused since is taken as alive: the folder then waits for a later run.
 * Best effort: a failure only leaves the folder. */
static void
remove_leftovers(const char *out_dir)
{
    DIR *d = opendir(out_dir);
    struct dirent *e;
    struct stat st;
    char path[4400];
    pid_t pid;

    if (!d)
        return;
    while ((e = readdir(d)) != NULL) {
        if (!leftover_name(e->d_name, &pid) || pid == getpid())
            continue;
        if (kill(pid, 0) == 0 || errno != ESRCH)
            continue;
        snprintf(path, sizeof(path), "%s/%s", out_dir, e->d_name);
        if (lstat(path, &st) != 0 || !S_ISDIR(st.st_mode))
            continue;
        pd_log_debug("removing '%s': its process %ld is gone", path, (long)pid);
        remove_folder(path);
    }
    closedir(d);
}

/* ---- README.md ---------------------------------------------------------- */

static void
md_list(struct pd_buf *b, const char *title, const char *const *items, size_t n,
        const char *none)
{
    pd_buf_addf(b, "- %s: ", title);
    if (n == 0)
        pd_buf_addstr(b, none);
    for (size_t i = 0; i < n; i++) {
        pd_buf_addstr(b, i ? ", `" : "`");
        /* Inside a code span only a backquote or a line break (CR
         * included) could end it early. */
        for (const unsigned char *s = (const unsigned char *)items[i]; *s; s++)
            pd_buf_addch(b, *s == '`' || *s < 0x20 || *s == 0x7f ? '\''
                                                                 : (char)*s);
        pd_buf_addch(b, '`');
    }
    pd_buf_addch(b, '\n');
}

static void
readme_period(struct pd_buf *b, const struct pd_handoff *h,
              const struct pd_handoff_area *a)
{
    const struct pd_period *p = h->o->period;
    char start[40], end[40], prev[40], now[40];

    pd_time_format_iso(p->start, start, sizeof(start));
    pd_time_format_iso(p->end, end, sizeof(end));
    pd_time_format_iso(p->prev_start, prev, sizeof(prev));
    pd_time_format_iso(h->o->now - h->o->now % PD_US_PER_SEC, now, sizeof(now));
    /* Every text of the README that is not ours goes through pd_md_text():
     * an area name may be a product_area value of the data. */
    pd_buf_addstr(b, "# PM handoff: ");
    pd_md_text(b, a->name);
    pd_buf_addf(b,
                ", %s\n\n"
                "Written by prodops at %s.\n\n"
                "**Period** %s: local days of %s, from %s to %s (UTC; the "
                "end is not included).  Usage changes compare with the "
                "period before, %s (from %s).\n\n",
                p->label, now, p->label, p->zone, start, end, p->prev_label,
                prev);
}

static void
readme_area(struct pd_buf *b, const struct pd_handoff *h,
            const struct pd_handoff_area *a)
{
    pd_buf_addstr(b, "## The area\n\n");
    md_list(b, "Ticket product areas (any case)", a->product_areas,
            a->nproduct_areas, "none");
    md_list(b, "Themes", a->themes, a->nthemes, "none");
    md_list(b, "Events (a final `*` matches any ending)", a->events, a->nevents,
            "none");
    pd_buf_addstr(b,
                  "\nA ticket is in the area when its product area is one of "
                  "these or it has one of these themes; an NPS response when "
                  "it has one of the themes; usage counts the events "
                  "listed.  ");
    if (h->o->area_source) {
        pd_buf_addstr(b, "The area is defined in ");
        pd_md_text(b, h->o->area_source);
        pd_buf_addstr(b, ".\n\n");
    } else {
        pd_buf_addstr(b, "No `[areas]` section is configured, so the area is "
                         "one product area value of the period's tickets: NPS "
                         "verbatims and usage need themes and events from an "
                         "`[areas]` section and are empty.\n\n");
    }
}

static void
readme_files(struct pd_buf *b, const char *slug, const size_t *rows,
             const size_t *dropped)
{
    pd_buf_addstr(b, "## Files\n\n| file | rows | contents |\n|---|---|---|\n");
    for (int d = 0; d < ND; d++) {
        pd_buf_addf(b, "| %s | %zu | %s", datasets[d].file, rows[d],
                    datasets[d].what);
        if (dropped[d])
            pd_buf_addf(b,
                        "; the workbook's sheet stops at 1,048,575 rows, the "
                        "last %zu are only in the CSV",
                        dropped[d]);
        pd_buf_addstr(b, " |\n");
    }
    pd_buf_addf(b,
                "| handoff-%s.xlsx | | the same five tables, one sheet each "
                "(tickets, nps_verbatims, usage_by_feature, accounts, trend), "
                "with filters and frozen headers |\n"
                "| handoff-%s.json | | the period, the area, the row "
                "counts and the area's feature requests, for other tools "
                "|\n"
                "| README.md | | this file |\n\n",
                slug, slug);
}

static void
readme_privacy(struct pd_buf *b, const struct pd_handoff *h)
{
    pd_buf_addstr(b, "## Privacy\n\n");
    if (h->o->no_redact)
        pd_buf_addstr(b,
                      "- **Written with `--no-redact`: free text is shown as "
                      "exported and can hold emails, phone numbers and card "
                      "numbers.  Share this folder only with people allowed "
                      "to see that data.**\n");
    else
        pd_buf_addf(b,
                    "- Free text (ticket subjects, tags and product "
                    "areas, NPS comments, survey, account and event names) "
                    "is redacted: %s.  "
                    "`--no-redact` turns this off (and says so here).\n",
                    redacted_note);
    pd_buf_addf(b,
                "- People appear as their account name and a pseudonymous "
                "id (`requester_id`, `respondent_id`): %s.  Rows without an "
                "email have an empty id.\n"
                "- Emails and email domains are never written.\n"
                "- The CSV files are UTF-8 with a byte order mark (for "
                "Excel).  A text cell starting with `=`, `+`, `-`, `@`, tab "
                "or carriage return gets a leading `'` so that a "
                "spreadsheet shows it instead of running it as a formula; "
                "the workbook stores every text as text and holds no "
                "formulas.\n\n",
                pseudonym_note);
}

static void
readme_dictionary(struct pd_buf *b, const struct pd_handoff *h)
{
    pd_buf_addstr(b, "## Data dictionary\n");
    for (int d = 0; d < ND; d++) {
        pd_buf_addf(b,
                    "\n### %s\n\n| column | meaning | unit | source | "
                    "caveats |\n|---|---|---|---|---|\n",
                    datasets[d].file);
        for (size_t c = 0; c < datasets[d].ncols; c++) {
            const struct column *col = &datasets[d].cols[c];
            pd_buf_addstr(b, "| ");
            pd_md_text(b, col->name);
            pd_buf_addstr(b, " | ");
            pd_md_text(b, col->meaning);
            pd_buf_addstr(b, " | ");
            pd_md_text(b, col->unit);
            pd_buf_addstr(b, " | ");
            pd_md_text(b, col->source);
            pd_buf_addstr(b, " | ");
            if (col->kind == K_FREE)
                pd_buf_addf(b, "%s%s",
                            h->o->no_redact ? "NOT redacted (--no-redact)"
                                            : "redacted (see Privacy)",
                            col->caveats[0] ? "; " : "");
            pd_md_text(b, col->caveats);
            pd_buf_addstr(b, " |\n");
        }
    }
}

/* Issue 17: the area's feature requests, from the JSON list
 * pd_requests_top() made (names already redacted). */
static int
readme_requests(struct pd_buf *b, const char *requests, struct pd_err *err)
{
    struct pd_doc doc;
    yajl_val list;
    size_t n;

    if (pd_doc_parse(&doc, requests, err) < 0)
        return -1;
    list = doc.root;
    n = YAJL_IS_ARRAY(list) ? list->u.array.len : 0;
    pd_buf_addstr(b, "## Feature requests\n\nThe area's feature requests "
                     "asked before the period's end, best first by the ARR "
                     "of the accounts asking (`prodops report requests "
                     "--area` has the whole roll-up):\n\n");
    if (n == 0)
        pd_buf_addstr(b, "- none\n");
    for (size_t i = 0; i < n; i++) {
        yajl_val r = list->u.array.values[i];
        yajl_val acc = pd_doc_get(r, "accounts");
        double arr = 0, votes = 0;
        pd_doc_num(r, "arr", &arr);
        pd_doc_num(r, "mentions.votes", &votes);
        pd_buf_addstr(b, "- ");
        pd_md_text(b, pd_doc_str(r, "name") ? pd_doc_str(r, "name") : "");
        pd_buf_addf(b, ": %zu accounts, ARR %.0f, %.0f votes, status %s\n",
                    YAJL_IS_ARRAY(acc) ? acc->u.array.len : 0, arr, votes,
                    pd_doc_str(r, "status") ? pd_doc_str(r, "status") : "none");
    }
    pd_buf_addch(b, '\n');
    pd_doc_free(&doc);
    return 0;
}

static int
write_readme(const struct pd_handoff *h, const struct pd_handoff_area *a,
             const char *dir, const char *slug, const size_t *rows,
             const size_t *dropped, const char *requests, struct pd_err *err)
{
    struct pd_buf b = PD_BUF_INIT;
    char path[4096];
    int rc = join_path(path, sizeof(path), dir, "README.md", err);

    if (rc < 0)
        return -1;
    readme_period(&b, h, a);
    readme_area(&b, h, a);
    readme_files(&b, slug, rows, dropped);
    if (readme_requests(&b, requests, err) < 0) {
        pd_buf_release(&b);
        return -1;
    }
    readme_privacy(&b, h);
    readme_dictionary(&b, h);
    rc = pd_file_write_atomic(path, b.buf, b.len, err);
    pd_buf_release(&b);
    return rc;
}

/* handoff-<slug>.json: SPEC §7's machine-readable file.  The rows are in
 * the CSVs; this says what the folder is and how many rows each holds. */
static void
json_list(struct pd_buf *b, const char *const *items, size_t n)
{
    pd_buf_addch(b, '[');
    for (size_t i = 0; i < n; i++) {
        if (i)
            pd_buf_addstr(b, ", ");
        pd_json_str(b, items[i]);
    }
    pd_buf_addch(b, ']');
}

static int
write_json(const struct pd_handoff *h, const struct pd_handoff_area *a,
           const char *dir, const char *slug, const size_t *rows,
           const char *requests, struct pd_err *err)
{
    const struct pd_period *p = h->o->period;
    struct pd_buf b = PD_BUF_INIT;
    char name[128], path[4096], start[40], end[40], prev[40], now[40];
    int rc;

    snprintf(name, sizeof(name), "handoff-%s.json", slug);
    if (join_path(path, sizeof(path), dir, name, err) < 0)
        return -1;
    pd_time_format_iso(p->start, start, sizeof(start));
    pd_time_format_iso(p->end, end, sizeof(end));
    pd_time_format_iso(p->prev_start, prev, sizeof(prev));
    pd_time_format_iso(h->o->now, now, sizeof(now));
    pd_buf_addstr(&b, "{\n  \"report\": \"handoff\",\n  \"area\": {\"name\": ");
    pd_json_str(&b, a->name);
    pd_buf_addstr(&b, ", \"product_areas\": ");
    json_list(&b, a->product_areas, a->nproduct_areas);
    pd_buf_addstr(&b, ", \"themes\": ");
    json_list(&b, a->themes, a->nthemes);
    pd_buf_addstr(&b, ", \"events\": ");
    json_list(&b, a->events, a->nevents);
    pd_buf_addstr(&b, "},\n  \"period\": {\"label\": ");
    pd_json_str(&b, p->label);
    pd_buf_addf(
        &b, ", \"start\": \"%s\", \"end\": \"%s\", \"timezone\": ", start, end);
    pd_json_str(&b, p->zone);
    pd_buf_addstr(&b, ", \"previous_label\": ");
    pd_json_str(&b, p->prev_label);
    pd_buf_addf(&b,
                ", \"previous_start\": \"%s\"},\n  \"generated_at\": \"%s\",\n"
                "  \"redacted\": %s,\n  \"rows\": {",
                prev, now, h->o->no_redact ? "false" : "true");
    for (int d = 0; d < ND; d++) {
        pd_buf_addstr(&b, d ? ", " : "");
        pd_json_str(&b, datasets[d].file);
        pd_buf_addf(&b, ": %zu", rows[d]);
    }
    pd_buf_addf(&b, "},\n  \"requests\": %s\n}\n", requests);
    rc = pd_file_write_atomic(path, b.buf, b.len, err);
    pd_buf_release(&b);
    return rc;
}

/* ---- One folder --------------------------------------------------------- */

/* The JSON and the README, with the area's feature requests (issue 17):
 * selected by a, described as shown; names redacted unless --no-redact. */
static int
write_described(struct pd_handoff *h, const struct pd_handoff_area *a,
                const struct pd_handoff_area *shown, const char *dir,
                const char *slug, const size_t *rows, const size_t *dropped,
                struct pd_err *err)
{
    const struct pd_period *p = h->o->period;
    const struct pd_requests_opts ro = {.label = p->label,
                                        .zone = p->zone,
                                        .start = p->start,
                                        .end = p->end,
                                        .rules_file = h->o->requests_file,
                                        .area = a,
                                        .now = h->o->now,
                                        .redact_names = !h->o->no_redact};
    struct pd_buf reqs = PD_BUF_INIT;
    int rc = pd_requests_top(h->conn, &ro, PD_REQUESTS_BY_ARR, 20, &reqs, err);

    if (rc == 0)
        rc = write_json(h, shown, dir, slug, rows, reqs.buf, err);
    if (rc == 0)
        rc = write_readme(h, shown, dir, slug, rows, dropped, reqs.buf, err);
    pd_buf_release(&reqs);
    return rc;
}

/* Every file of the folder into dir: the datasets select by a, the
 * README and the JSON describe shown. */
static int
write_files(struct pd_handoff *h, const struct pd_handoff_area *a,
            const struct pd_handoff_area *shown, const char *dir,
            const char *slug, size_t *rows, struct pd_err *err)
{
    struct area_params ap;
    struct pd_xlsx_book *book;
    char name[128], path[4096], tmp[4200];
    size_t dropped[ND] = {0};
    int rc = 0;

    snprintf(name, sizeof(name), "handoff-%s.xlsx", slug);
    if (join_path(path, sizeof(path), dir, name, err) < 0)
        return -1;
    pd_file_tmp_name(path, tmp, sizeof(tmp));
    book = pd_xlsx_book_open(tmp, err);
    if (!book)
        return -1;
    area_params_init(&ap, h->o->period, a, h->o->hygiene);
    for (int d = 0; d < ND && rc == 0; d++) {
        rc = write_dataset(h, &datasets[d], &ap, dir, book, &rows[d], err);
        dropped[d] = pd_xlsx_book_dropped(book);
    }
    area_params_release(&ap);
    if (pd_xlsx_book_close(book, rc == 0 ? err : NULL) < 0 || rc < 0) {
        (void)remove(tmp);
        return -1;
    }
    if (pd_file_commit(tmp, path, err) < 0)
        return -1;
    return write_described(h, a, shown, dir, slug, rows, dropped, err);
}

/* An area without [areas] is a product_area value of the tickets: data,
 * which may hold an email or a card number.  Its name in the README, the
 * JSON and the folder name is then redacted like any free text; when that
 * changed it, the slug gets the area's pseudonym ("email-p-..."), so that
 * two areas redacted alike keep two folders.  *shown borrows name; 0, or
 * -1 with *err (the redactor's). */
static int
shown_area(struct pd_handoff *h, const struct pd_handoff_area *a,
           struct pd_buf *name, struct pd_handoff_area *shown, char *slug,
           size_t n, struct pd_err *err)
{
    char id[19];
    size_t len;
    int k = 0;

    *shown = *a;
    if (!h->o->area_source && !h->o->no_redact)
        k = pd_redact_text(h->redact, a->name, strlen(a->name), name, err);
    if (k < 0)
        return pd_err_detail(err, "while redacting the area name");
    if (k == 0) {
        pd_handoff_slug(a->name, slug, n);
        return 0;
    }
    shown->name = name->buf;
    shown->product_areas = (const char *const *)&shown->name;
    shown->nproduct_areas = 1;
    pseudonym(h, a->name, id);
    pd_handoff_slug(name->buf, slug, n - sizeof(id));
    len = strlen(slug);
    snprintf(slug + len, n - len, "-%s", id);
    return 0;
}

/* The folder of area a, named by slug, into dir[n]; rows per dataset. */
static int
write_folder(struct pd_handoff *h, const struct pd_handoff_area *a,
             const struct pd_handoff_area *shown, const char *slug, char *dir,
             size_t n, size_t *rows, struct pd_err *err)
{
    const struct pd_period *p = h->o->period;
    char tmp[4200], aside[4200];
    int len;

    len = snprintf(dir, n, "%s/handoff-%s-%s", h->o->out_dir, slug, p->label);
    if (len < 0 || (size_t)len >= n)
        return pd_err_set(err, PD_E_USAGE, "output path too long: '%s'",
                          h->o->out_dir);
    if (!h->swept) {
        remove_leftovers(h->o->out_dir);
        h->swept = true;
    }
    /* Hidden names beside the folder, on the same file system. */
    snprintf(tmp, sizeof(tmp), "%s/.handoff-%s-%s.tmp.%ld", h->o->out_dir, slug,
             p->label, (long)getpid());
    snprintf(aside, sizeof(aside), "%s/.handoff-%s-%s.old.%ld", h->o->out_dir,
             slug, p->label, (long)getpid());
    remove_folder(tmp);
    if (mkdir(tmp, 0755) != 0)
        return pd_err_set(err, PD_E_IO, "cannot create directory '%s': %s", tmp,
                          strerror(errno));
    if (write_files(h, a, shown, tmp, slug, rows, err) < 0 ||
        install_folder(tmp, dir, aside, err) < 0) {
        remove_folder(tmp);
        return -1;
    }
    return 0;
}

int
pd_handoff_write(struct pd_handoff *h, const struct pd_handoff_area *a,
                 char *dir, size_t n, struct pd_handoff_counts *c,
                 struct pd_err *err)
{
    struct pd_handoff_area shown;
    struct pd_buf name = PD_BUF_INIT;
    char slug[96];
    size_t rows[ND] = {0};
    int rc;

    if (shown_area(h, a, &name, &shown, slug, sizeof(slug), err) < 0)
        return -1;
    rc = write_folder(h, a, &shown, slug, dir, n, rows, err);
    pd_buf_release(&name);
    if (rc < 0)
        return -1;
    c->tickets = rows[D_TICKETS];
    c->verbatims = rows[D_NPS];
    c->features = rows[D_USAGE];
    c->accounts = rows[D_ACCOUNTS];
    return 0;
}
