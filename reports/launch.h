/*
 * launch - the launch review (issue 17): for each release of
 * prodops.releases, adoption by week since it shipped (users and accounts
 * using its events, share of the week's active accounts), time to first
 * use, retention of the launch week's adopters, and the tickets and NPS
 * comments that mention it in the four weeks before and after, the
 * feature requests it answers, and a verdict line.  The numbers are one
 * query (reports/sql/launch.sql) that returns the JSON document; every
 * rendering reads that document.
 *
 * The requests it answers: the feature-request roll-up (reports/
 * requests.h, by the [requests] rules, every ask before now) is read once
 * per run, and a request answers a launch when its name matches the
 * launch's pattern -- the release row's own, else its name or one of its
 * event names, the regular expression that finds the tickets and NPS
 * comments about it -- or equals the launch's name, case-insensitively.
 * Of each such request's asking accounts (the roll-up's: each once),
 * those with a use of it since the release adopted it.  The document's
 * "requests": [{"name", "status", "mentions", "accounts_asking",
 * "accounts_adopted", "arr_asking", "arr_adopted", "accounts":
 * [{"account", "arr", "adopted", "first_use"}]}] (empty when none
 * matches), "request_askers" the same counts over the distinct accounts
 * of them all, and the verdict adds "N of M accounts that asked for it use
 * it" when M > 0.
 *
 * Ownership: requests are borrowed; paths written are added to the
 * caller's struct pd_report_outputs (reports/report.h), which owns them.
 * Errors: -1 with *err: PD_E_USAGE for a bad --since date, a name no
 * release has, or no release in the range (unless none_ok); PD_E_CONFIG
 * for a request rule file that cannot be read; PD_E_PARSE for a release whose
 * pattern is no regular expression; PD_E_DB when a query fails;
 * the file system's error when a file cannot be written.
 * Limits: one query per launch, reading the usage rollups of its weeks
 * (at most PD_LAUNCH_MAX_WEEKS of them) and its exposure events, and one
 * request roll-up per run (its memory is the roll-up's, reports/
 * requests.h).
 */
#ifndef PD_LAUNCH_H
#define PD_LAUNCH_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "common/err.h"
#include "reports/report.h"

/* The adoption curve of a review (and its chart) stops after this many
 * weeks: a year is the longest "post-launch" a review looks at. */
enum { PD_LAUNCH_MAX_WEEKS = 53 };

struct pd_launch_req {
    const char *name;    /* one launch (case-insensitive), or NULL */
    const char *since;   /* "YYYY-MM-DD": launches released on or after */
    const char *zone;    /* report zone; NULL: UTC */
    const char *out_dir; /* created when missing */
    int64_t now;         /* UTC µs: "today" caps data_through (SPEC §6) */
    /* [requests] file: the request rules of the roll-up the requests it
     * answers come from; NULL: the posts alone. */
    const char *rules_file;
    /* A job's run ([job] reports = launch): no launch in the range writes
     * nothing and is no error. */
    bool none_ok;
};

/* Without a name or since: the launches of the last 91 days (13 weeks). */
enum { PD_LAUNCH_DEFAULT_DAYS = 91 };

/* Write launch-<slug>.json, .md, .html and .xlsx into req->out_dir for
 * each launch req selects, oldest first; each path joins *out (out->label
 * is the last launch's slug, out->zone the zone). */
int pd_launch_build(PGconn *conn, const struct pd_launch_req *req,
                    struct pd_report_outputs *out, struct pd_err *err);

/* The launches released from local day first to last (both included,
 * "YYYY-MM-DD"; last is capped at today: a launch planned for later in
 * the quarter has not launched) in zone, their requests matched by the
 * rules of rules_file (NULL: none) as in the review, as a JSON array
 * appended to *out, oldest first: {"name", "weeks_since_launch",
 * "share_of_active_accounts", "verdict", "released_on"} -- the review's
 * headline (week 4, or the latest whole week before it) as of today
 * (now).  The OKR review's "launched this quarter". */
int pd_launch_headlines_json(PGconn *conn, const char *first, const char *last,
                             const char *zone, const char *rules_file,
                             int64_t now, struct pd_buf *out,
                             struct pd_err *err);

/* Renderings of one review's document (reports/doc.h). */
struct pd_doc;
void pd_launch_markdown(const struct pd_doc *doc, struct pd_buf *out);
int pd_launch_html(const struct pd_doc *doc, struct pd_buf *out,
                   struct pd_err *err);

#endif
