/*
 * demo - write a realistic, deterministic set of vendor exports to try
 * prodops on.
 *
 * pd_demo_generate() invents a SaaS company's last 26 ISO weeks: a CRM
 * accounts export; two overlapping Zendesk exports, a Freshdesk and a
 * HubSpot tickets export (formats.md §1); NPS responses from Delighted (two
 * cumulative exports), SurveyMonkey, Typeform and Qualtrics (§2); product
 * usage from Amplitude (a zip of gzipped JSON lines), Mixpanel, Segment,
 * PostHog and Pendo (§3).  Everything is about the same accounts and
 * people, so NPS and usage join to accounts through e-mail domains and
 * account ids.  Two experiments (SPEC §9) run in the last six weeks: their
 * exposure events are in the Amplitude and Mixpanel exports, their trial
 * users' tickets in the Zendesk and Freshdesk ones (see exposures.h).  Two
 * launches (releases/releases.csv) are used in the PostHog export from
 * their release day on and asked about in tickets (launches.h); the
 * accounts' people post feature requests in Fider (requests.h).  Quoting,
 * sentinels, header rows, date styles and time zones follow the vendors.  The
 * same options always produce the same bytes. With bench_tickets and/or
 * bench_events > 0 it writes only large benchmark files instead, streaming.
 *
 * Ownership: the caller owns opts and stats; nothing is retained.
 * Errors: 0, or -1 with *err filled: PD_E_USAGE for bad options, PD_E_LIMIT
 * past the ceilings below, PD_E_IO for a directory, write or zip failure
 * (the message names the path).  Each file is written to "<path>.tmp" and
 * renamed into place (a zip's gzipped members are staged in
 * "<path>.parts/" and removed), so a failure never leaves a half-written
 * export behind; files finished before the failure stay and are listed in
 * stats.
 * Limits: PD_DEMO_MAX_ACCOUNTS accounts, PD_DEMO_MAX_TICKETS tickets and
 * PD_DEMO_MAX_NPS_PER_WEEK responses a week (held in memory, ~100 bytes
 * each); usage is made one day at a time (PD_DEMO_MAX_EVENTS_PER_DAY).
 * Bench mode uses fixed memory for any row or event count.  out_dir plus a
 * file name must fit PD_DEMO_PATH_MAX.  Zip entry times are written as
 * local wall-clock time by libzip; the archive is reproducible whatever TZ
 * is (see archive.c).
 */
#ifndef PD_DEMO_H
#define PD_DEMO_H

#include <stddef.h>
#include <stdint.h>

#include "common/err.h"

#define PD_DEMO_WEEKS              26
#define PD_DEMO_DEFAULT_SEED       42
#define PD_DEMO_DEFAULT_ACCOUNTS   40
#define PD_DEMO_TICKETS_PER_WEEK   500
#define PD_DEMO_MAX_ACCOUNTS       100000
#define PD_DEMO_MAX_TICKETS        2000000
#define PD_DEMO_NPS_PER_WEEK       150
#define PD_DEMO_EVENTS_PER_DAY     3000
#define PD_DEMO_MAX_NPS_PER_WEEK   20000
#define PD_DEMO_MAX_EVENTS_PER_DAY 200000
#define PD_DEMO_BENCH_MEMBER       200000 /* events per bench zip member */
#define PD_DEMO_MAX_FILES          24
#define PD_DEMO_PATH_MAX           1024
#define PD_DEMO_NAME_MAX           128

struct pd_demo_opts {
    const char *out_dir; /* created (mode 0755) when missing */
    uint64_t seed;
    int64_t end_us;      /* UTC µs, exclusive; data covers the 26 weeks before
                            it (26 ISO weeks when end is a Monday 00:00) */
    size_t accounts;     /* 0: PD_DEMO_DEFAULT_ACCOUNTS */
    size_t tickets;      /* total over all vendors; 0: 500 per week */
    size_t nps_per_week; /* over all survey tools; 0: 150 */
    size_t events_per_day; /* usage over all tools, about; 0: 3000 */
    size_t bench_tickets;  /* > 0: write bench/zendesk-bench.csv */
    size_t bench_events;   /* > 0: write bench/amplitude-bench.zip and
                              bench/mixpanel-bench.jsonl, N events each */
    size_t bench_member;   /* events per bench zip member;
                              0: PD_DEMO_BENCH_MEMBER */
};

/* One file written. */
struct pd_demo_file {
    char path[PD_DEMO_PATH_MAX]; /* out_dir "/" name */
    char name[PD_DEMO_NAME_MAX]; /* relative, e.g. "zendesk/export-1.csv" */
    const char *source;          /* vendor: crm, zendesk, delighted, ... */
    const char *kind;            /* "accounts", "tickets", "nps", "usage" */
    size_t rows;    /* data rows (header rows excluded) or JSON lines; for
                       a zip, the JSON lines of all members */
    size_t events;  /* usage: the events the rows stand for (a Pendo row
                       counts numEvents); 0 for other kinds */
    size_t members; /* zip archives: gzipped members; else 0 */
};

struct pd_demo_stats {
    size_t nfiles;
    struct pd_demo_file files[PD_DEMO_MAX_FILES];
    size_t experiment_tickets; /* of the tickets above, those the
                                  experiments' trial users filed */
    size_t launch_tickets;     /* and those about the two launches */
    size_t launch_nps;         /* NPS responses about the two launches
                                  (Typeform's last rows) */
};

/* Fill o with the defaults (seed 42, default sizes, out_dir "demo") and the
 * given end; the caller overrides fields afterwards. */
void pd_demo_opts_init(struct pd_demo_opts *o, int64_t end_us);

/* Write the demo files under o->out_dir and describe them in *st (which is
 * reset first; on failure it lists the files completed).  Existing files of
 * the same names are replaced.  Returns 0 or -1 with *err. */
int pd_demo_generate(const struct pd_demo_opts *o, struct pd_demo_stats *st,
                     struct pd_err *err);

#endif
