/*
 * report - the reports prodops writes, as one table: each kind names its
 * period (an ISO week or a quarter), the builder of its JSON document and
 * the renderers that turn the document into files.  `prodops report` and a
 * job's run both build through pd_report_build(); adding a report is a row
 * of the table, not a branch in each command.
 *
 * Ownership: struct pd_report_settings and struct pd_report_req are
 * borrowed for the call; struct pd_report_outputs owns its paths (free
 * with pd_report_outputs_release()).  The kinds are static.
 * Errors: -1 with *err: PD_E_USAGE for a bad period or a report this build
 * does not have, else the database's or the file system's error.
 * Limits: output paths of at most 4095 bytes.
 */
#ifndef PD_REPORT_H
#define PD_REPORT_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "common/err.h"
#include "reports/experiment.h"
#include "reports/handoff.h"
#include "reports/okr.h"
#include "reports/period.h"
#include "reports/support.h"

/* What the reports take from the configuration (jobs/ fills it). */
struct pd_report_settings {
    const char *zone; /* [report] timezone; NULL: UTC */
    int fy_start;     /* [report] fiscal_year_start_month, 1-12 */
    const struct pd_okr_kr *okrs;
    size_t nokrs;
    const struct pd_support *support;
    const char *email_from, *email_to, *email_subject; /* [email] */
    /* [areas] (none: one per product area of the tickets) and where they
     * came from, for the handoff README. */
    struct pd_handoff_area *areas; /* not const: jobs/ frees its copy */
    size_t nareas;
    char *area_source;
    /* [requests] file: the request rules of the requests roll-up
     * (reports/requests.h), an absolute path, or NULL: none. */
    const char *requests_file;
    /* [experiment "NAME"] sections (issue 16): the weekly report's
     * "experiments" block and the OKR review's "experiment_decisions";
     * none: neither key. */
    const struct pd_experiment *experiments;
    size_t nexperiments;
};

/* The period a report covers: an ISO week or a quarter (reports/period.h);
 * PD_REPORT_EITHER takes whichever the label is (YYYY-Www or YYYYQn),
 * the current quarter to date by default. */
enum pd_report_period_kind {
    PD_REPORT_WEEK,
    PD_REPORT_QUARTER,
    PD_REPORT_EITHER
};

struct pd_report_period {
    enum pd_report_period_kind kind; /* WEEK or QUARTER: the one resolved */
    struct pd_period week;           /* PD_REPORT_WEEK */
    struct pd_quarter quarter;       /* PD_REPORT_QUARTER */
};

struct pd_doc; /* reports/doc.h */

/* What a renderer reads: the parsed document, the settings, "now". */
struct pd_report_ctx {
    const struct pd_doc *doc;
    const struct pd_report_settings *s;
    int64_t now;
};

/* One output file of a report: either text into *out, or a file written
 * at path (the caller writes it aside and renames it into place). */
struct pd_report_renderer {
    const char *ext; /* ".md"; NULL ends the list */
    int (*text)(const struct pd_report_ctx *c, struct pd_buf *out,
                struct pd_err *err);
    int (*file)(const struct pd_report_ctx *c, const char *path,
                struct pd_err *err);
};

struct pd_report_req;
struct pd_report_outputs;

struct pd_report_kind {
    const char *name; /* weekly, okr, handoff, requests, launch */
    enum pd_report_period_kind period;
    /* The JSON document (the .json file), appended to *out ... */
    int (*build_json)(PGconn *conn, const struct pd_report_period *p,
                      const struct pd_report_settings *s,
                      const struct pd_report_req *req, struct pd_buf *out,
                      struct pd_err *err);
    /* ... and the files rendered from it, in order after the .json. */
    const struct pd_report_renderer *renderers;
    /* A report that is folders of tables rather than one document (the
     * handoff): written by this instead, each folder's path added to
     * *out. */
    int (*build_folders)(PGconn *conn, const struct pd_report_period *p,
                         const struct pd_report_settings *s,
                         const struct pd_report_req *req,
                         struct pd_report_outputs *out, struct pd_err *err);
};

/* The kind named name, or NULL. */
const struct pd_report_kind *pd_report_kind_find(const char *name);

/* Does kind write a file of extension ext (".eml")? */
bool pd_report_kind_writes(const struct pd_report_kind *kind, const char *ext);

/* A report to build into a folder. */
struct pd_report_req {
    const char *name;    /* weekly, okr, handoff */
    const char *period;  /* YYYY-Www or YYYYQn; NULL: the default for now */
    const char *zone;    /* NULL: settings' zone, else UTC */
    const char *out_dir; /* created when missing */
    int64_t now;         /* the report's "now", UTC µs */
    /* A job's run: on the first day of a quarter (no whole day of it yet)
     * the okr review is of the quarter just ended. */
    bool scheduled;
    /* requests: only the requests of this area ([areas] name, any case;
     * without [areas], a ticket product area), or NULL: all. */
    const char *area;
};

/* The files a report wrote; paths are heap strings owned by the struct,
 * freed with pd_report_outputs_release() (zero it first). */
struct pd_report_outputs {
    char **paths;
    size_t n;
    char label[16]; /* the period written: "2026-W46", "2026Q4" */
    char zone[64];
};
void pd_report_outputs_release(struct pd_report_outputs *o);

/* The files of a document: json written as base + ".json", then each
 * renderer's file (the list ends with a NULL ext), written aside and
 * renamed; each path joins out.  For reports outside the table (an
 * experiment's readout). */
int pd_report_write(const struct pd_report_renderer *renderers,
                    const char *json, const char *base,
                    const struct pd_report_settings *s, int64_t now,
                    struct pd_report_outputs *out, struct pd_err *err);

/* Build report req->name: each file written aside and renamed into place,
 * its path appended to *out.  conn NULL checks the name and period only.
 * The handoff is every area's folder for the last complete week,
 * redacted (reports/handoff_run.h). */
int pd_report_build(PGconn *conn, const struct pd_report_settings *s,
                    const struct pd_report_req *req,
                    struct pd_report_outputs *out, struct pd_err *err);

#endif
