/*
 * demo - write a realistic, deterministic set of vendor exports to try
 * prodops on.
 *
 * pd_demo_generate() invents a SaaS company's last 26 ISO weeks of support:
 * a CRM accounts export, two overlapping Zendesk exports, a Freshdesk and a
 * HubSpot tickets export, in the vendor shapes of formats.md §1 (quoting,
 * sentinels, display names and date styles included).  The same options
 * always produce the same bytes.  With bench_tickets > 0 it writes only one
 * large Zendesk-shaped file for benchmarks, streaming.
 *
 * Ownership: the caller owns opts and stats; nothing is retained.
 * Errors: 0, or -1 with *err filled: PD_E_USAGE for bad options, PD_E_LIMIT
 * past the ceilings below, PD_E_IO for a directory or write failure (the
 * message names the path).  Each file is written to "<path>.tmp" and renamed
 * into place, so a failure never leaves a half-written export behind; files
 * finished before the failure stay and are listed in stats.
 * Limits: PD_DEMO_MAX_ACCOUNTS accounts and PD_DEMO_MAX_TICKETS tickets
 * (held in memory, ~100 bytes each); bench mode uses fixed memory for any
 * row count.  out_dir plus a file name must fit PD_DEMO_PATH_MAX.
 */
#ifndef PD_DEMO_H
#define PD_DEMO_H

#include <stddef.h>
#include <stdint.h>

#include "common/err.h"

#define PD_DEMO_WEEKS            26
#define PD_DEMO_DEFAULT_SEED     42
#define PD_DEMO_DEFAULT_ACCOUNTS 40
#define PD_DEMO_TICKETS_PER_WEEK 500
#define PD_DEMO_MAX_ACCOUNTS     100000
#define PD_DEMO_MAX_TICKETS      2000000
#define PD_DEMO_MAX_FILES        8
#define PD_DEMO_PATH_MAX         1024

struct pd_demo_opts {
    const char *out_dir; /* created (mode 0755) when missing */
    uint64_t seed;
    int64_t end_us;       /* UTC µs, exclusive; data covers the 26 weeks before
                             it (26 ISO weeks when end is a Monday 00:00) */
    size_t accounts;      /* 0: PD_DEMO_DEFAULT_ACCOUNTS */
    size_t tickets;       /* total over all vendors; 0: 500 per week */
    size_t bench_tickets; /* > 0: write only bench/zendesk-bench.csv */
};

/* One file written. */
struct pd_demo_file {
    char path[PD_DEMO_PATH_MAX]; /* out_dir "/" name */
    const char *name;            /* relative, e.g. "zendesk/export-1.csv" */
    const char *source;          /* vendor folder: crm, zendesk, ... */
    const char *kind;            /* ingest kind: "accounts" or "tickets" */
    size_t rows;                 /* data rows, header excluded */
};

struct pd_demo_stats {
    size_t nfiles;
    struct pd_demo_file files[PD_DEMO_MAX_FILES];
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
