/*
 * requests - the feature-request roll-up (issue 17): what customers ask
 * for, weighted by the revenue of the accounts asking.
 *
 * A request is a name.  The request rules ([requests] file: lines
 * "name = pcre2 pattern", case-insensitive, transform/themes.h's format)
 * are applied to the tickets and NPS comments whose theme is "feature
 * request" (SPEC §8) and to every post (kind = requests), so that "please
 * add dark mode" in a ticket, a detractor's comment and a Fider post are
 * one request; a post no rule matches is its own request, named by its
 * title, and a merged duplicate post is read as its original.  Per
 * request the document holds the distinct accounts asking and their ARR,
 * segment and plan mix, mentions by source (exported votes, posts,
 * tickets, NPS), asks in the period, 13 weeks of mentions, detractors
 * among the askers, the status (the most advanced of its posts), and up
 * to three verbatims redacted as the PM handoff redacts them; best first
 * by ARR at stake.  Matching is done here in C (pcre2 is transform's),
 * the roll-up in one set-based query (reports/sql/requests_rollup.sql).
 *
 * Ownership: options are borrowed for the call; the document is appended
 * to the caller's buffer.
 * Errors: -1 with *err: PD_E_CONFIG for a rule file that cannot be read
 * or parsed (file:line), PD_E_DB for a query, PD_E_LIMIT for a text the
 * redactor cannot handle (fail closed).
 * Limits: at most 64 rules (PD_THEMES_MAX) and 8 requests per text; the
 * asks are passed to the server as arrays, so memory grows with the
 * number of feature-request texts (kilobytes per thousand).
 */
#ifndef PD_REQUESTS_H
#define PD_REQUESTS_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stdint.h>

#include "common/buf.h"
#include "common/err.h"
#include "reports/handoff.h"

struct pd_doc; /* reports/doc.h */

struct pd_requests_opts {
    const char *label;      /* "2026Q4", "2026-W46" */
    const char *zone;       /* IANA name of the report zone */
    int64_t start;          /* the period [start, end), UTC µs: asks made */
    int64_t end;            /* before end count, those after start are new */
    const char *rules_file; /* [requests] file, or NULL: no rules */
    /* --area: only requests with an ask in this area (NULL: all). */
    const struct pd_handoff_area *area;
    int64_t now; /* generated_at */
    /* pd_requests_top(): request names redacted (transform/redact.h), as
     * a PM handoff shows free text: a post's title is customer text. */
    bool redact_names;
};

/* The roll-up as the requests-<period>.json document:
 *   {"report": "requests", "period": {"label", "start", "end",
 *    "timezone"}, "area", "generated_at", "rules",
 *    "requests": [{"name", "accounts": ["ACC-1"], "arr",
 *                  "mentions": {"votes", "posts", "tickets", "nps"},
 *                  "status", "segments", "plans", "detractors",
 *                  "detractor_comments", "period": {"mentions",
 *                  "accounts"}, "first_asked", "last_asked",
 *                  "trend": [{"week", "mentions"}],
 *                  "verbatims": [{"via", "account", "text"}]}]} */
int pd_requests_json(PGconn *conn, const struct pd_requests_opts *o,
                     struct pd_buf *out, struct pd_err *err);

/* The short list other reports carry (issue 17: the weekly report's
 * requests that gained most, a handoff area's requests, the OKR review's
 * top ten): a JSON array of at most limit requests, each {"name",
 * "accounts", "arr", "mentions", "period", "detractors", "status"}.  BY_ARR
 * is the roll-up's order; BY_GAIN keeps the requests asked in the period,
 * the most period mentions first (ties by ARR).  Runs in the caller's
 * snapshot (reports/snapshot.h), which must be open. */
enum pd_requests_rank { PD_REQUESTS_BY_ARR, PD_REQUESTS_BY_GAIN };
int pd_requests_top(PGconn *conn, const struct pd_requests_opts *o,
                    enum pd_requests_rank rank, size_t limit,
                    struct pd_buf *out, struct pd_err *err);

/* Renderings of the document: Markdown, an HTML page, and a workbook
 * (Requests, Trend and Verbatims sheets, through reports/xlsx.h). */
void pd_requests_md(const struct pd_doc *doc, struct pd_buf *out);
void pd_requests_html(const struct pd_doc *doc, struct pd_buf *out);
int pd_requests_xlsx(const struct pd_doc *doc, const char *path,
                     struct pd_err *err);

#endif
