/* prodops check: read and transform files without loading them. */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "common/buf.h"
#include "common/log.h"
#include "jobs/cli.h"
#include "jobs/exit.h"
#include "jobs/ingest.h"

static void
help(void)
{
    printf("prodops check reads and normalizes export files without a "
           "database: which\nprofile and encoding it sees, how many rows "
           "would load or be rejected, and\nhow fast.\n\n"
           "Usage:\n"
           "  prodops check [OPTION]... FILE...\n\n"
           "Options:\n"
           "  -k, --kind=KIND       tickets, nps, usage, requests or accounts\n"
           "                        (default: detect)\n"
           "  -p, --profile=NAME    vendor profile or configured mapping\n"
           "      --tz=ZONE         time zone of naive timestamps\n"
           "      --as-of=DATE      response time for NPS exports that have "
           "none\n"
           "      --parse-only      stop after reading records (CSV speed)\n"
           "  -h, --help            show this help and exit\n");
}

/* Issue 13: every value that would land in other (or NULL), with its
 * count, under the file's summary line -- a result, so on stdout. */
static void
print_unmapped(const struct pd_unmapped *u)
{
    for (int c = 0; c < PD_UNMAPPED__COUNT; c++) {
        const struct pd_unmapped_list *l = &u->col[c];
        struct pd_buf b = PD_BUF_INIT;
        if (!l->n)
            continue;
        pd_unmapped_describe(l, PD_UNMAPPED_VALUES, &b);
        printf("  %zu %s values mapped to %s: %s\n", pd_unmapped_total(l),
               pd_unmapped_column_name((enum pd_unmapped_column)c),
               pd_unmapped_target((enum pd_unmapped_column)c), b.buf);
        pd_buf_release(&b);
    }
}

int
pd_cmd_check(int argc, char **argv, struct pd_globals *g)
{
    enum { O_TZ = 256, O_PARSE, O_ASOF };
    static const struct option opts[] = {
        {"kind", required_argument, NULL, 'k'},
        {"profile", required_argument, NULL, 'p'},
        {"tz", required_argument, NULL, O_TZ},
        {"parse-only", no_argument, NULL, O_PARSE},
        {"as-of", required_argument, NULL, O_ASOF},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    struct pd_ingest_opts o;
    struct pd_err err0 = PD_ERR_INIT;
    bool parse_only = false;
    int c, rc = PD_EXIT_OK;

    memset(&o, 0, sizeof(o));
    o.day_first = -1;
    o.max_reject_ratio = -1;
    while ((c = getopt_long(argc, argv, "k:p:h", opts, NULL)) != -1) {
        switch (c) {
        case 'k':
            o.kind = pd_kind_parse(optarg);
            if (o.kind == PD_KIND_NONE)
                return pd_cli_usage_error("check", "unknown kind '%s'", optarg);
            break;
        case 'p':
            o.profile = optarg;
            break;
        case O_TZ:
            o.timezone = optarg;
            break;
        case O_PARSE:
            parse_only = true;
            break;
        case O_ASOF:
            if (pd_cli_parse_day(optarg, &o.as_of) < 0)
                return pd_cli_usage_error("check",
                                          "--as-of takes a date as "
                                          "YYYY-MM-DD, not \"%s\"",
                                          optarg);
            o.has_as_of = true;
            break;
        case 'h':
            help();
            return PD_EXIT_OK;
        default:
            return pd_cli_usage_error("check", "bad option");
        }
    }
    if (optind >= argc)
        return pd_cli_usage_error("check", "no file given");
    o.themes = pd_cli_themes(g->config, &err0);
    if (!o.themes) {
        pd_log_err(&err0);
        return pd_exit_for(err0.code);
    }
    for (int i = optind; i < argc; i++) {
        struct pd_file_result r;
        struct pd_err err = PD_ERR_INIT;
        struct rusage ru;
        char enc[128];

        if (pd_ingest_check(g->config, &o, argv[i], parse_only, &r, &err) < 0) {
            pd_log_err(&err);
            rc = PD_EXIT_REJECTS;
            continue;
        }
        getrusage(RUSAGE_SELF, &ru);
        printf("%s: %s %s, %s: %" PRId64 " rows, %" PRId64 " ok, %" PRId64
               " rejected in %.2f s (%.0f rows/s, peak RSS %ld MB)\n",
               r.name, r.profile[0] ? r.profile : "-", r.kind[0] ? r.kind : "-",
               pd_ingest_encoding_label(&r, enc, sizeof(enc)), r.n.read,
               r.n.loaded, r.n.rejected, r.seconds,
               (double)r.n.read / (r.seconds > 0 ? r.seconds : 1e-9),
               ru.ru_maxrss / 1024);
        print_unmapped(&r.stats.unmapped);
        pd_ingest_warn_doubts(&r);
        if (r.n.rejected)
            rc = PD_EXIT_REJECTS;
    }
    pd_themes_free(o.themes);
    return rc;
}
