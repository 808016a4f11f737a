/* prodops forget: erase one person from the warehouse (load/erase.h). */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "common/buf.h"
#include "common/json.h"
#include "common/log.h"
#include "jobs/cli.h"
#include "jobs/exit.h"
#include "jobs/warehouse.h"
#include "load/db.h"
#include "load/erase.h"

static void
help(void)
{
    printf("prodops forget erases one person, known by an email address, "
           "from the\nwarehouse, in one transaction, and prints what it "
           "changed in each table.\n\n"
           "Usage:\n"
           "  prodops forget --email=ADDRESS [--dry-run] [--json]\n\n"
           "The address is cleared from tickets' requester_email and NPS "
           "responses'\nrespondent_email, replaced by 'erased:<id>' in the "
           "usage users and people,\nand replaced by '[erased]' wherever "
           "else it appears: subjects, comments,\nextra fields, event "
           "properties, the raw lines of rejects.  Rows are kept, so\n"
           "counts and reports do not change.  Reports already written, "
           "the vendor\nexports and the backups still hold the address: "
           "erase it there too.\n\n"
           "Options:\n"
           "      --email=ADDRESS  the person to erase (matched whole, "
           "ignoring case)\n"
           "  -n, --dry-run        say what would change, change nothing\n"
           "      --json           the changes as one JSON object\n"
           "  -h, --help           show this help and exit\n\n"
           "Exit status: 0 done (or nothing found), 2 usage, 3 database.\n");
}

struct args {
    const char *email;
    bool dry_run, json;
};

static int
parse(int argc, char **argv, struct args *a)
{
    enum { O_EMAIL = 256, O_JSON };
    static const struct option opts[] = {
        {"email", required_argument, NULL, O_EMAIL},
        {"dry-run", no_argument, NULL, 'n'},
        {"json", no_argument, NULL, O_JSON},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    int c;

    while ((c = getopt_long(argc, argv, "nh", opts, NULL)) != -1) {
        if (c == O_EMAIL)
            a->email = optarg;
        else if (c == 'n')
            a->dry_run = true;
        else if (c == O_JSON)
            a->json = true;
        else if (c == 'h') {
            help();
            return -1;
        } else
            return pd_cli_usage_error("forget", "bad option");
    }
    if (optind < argc)
        return pd_cli_usage_error("forget", "unexpected argument '%s'",
                                  argv[optind]);
    if (!a->email)
        return pd_cli_usage_error("forget", "missing --email=ADDRESS");
    if (!pd_erase_address_ok(a->email))
        return pd_cli_usage_error("forget", "'%s' is not an email address",
                                  a->email);
    return 0;
}

static void
print_json(const struct args *a, const struct pd_erase_result *r)
{
    struct pd_buf b = PD_BUF_INIT;

    pd_buf_addstr(&b, "{\"email\": ");
    pd_json_str(&b, a->email);
    pd_buf_addf(&b, ", \"dry_run\": %s, \"changes\": [",
                a->dry_run ? "true" : "false");
    for (size_t i = 0; i < r->n; i++) {
        const struct pd_erase_change *c = &r->changes[i];
        pd_buf_addstr(&b, i ? ", {\"table\": " : "{\"table\": ");
        pd_json_str(&b, c->table);
        pd_buf_addstr(&b, ", \"column\": ");
        pd_json_str(&b, c->column);
        pd_buf_addstr(&b, ", \"action\": ");
        pd_json_str(&b, c->action);
        pd_buf_addf(&b, ", \"rows\": %" PRId64 "}", c->rows);
    }
    pd_buf_addstr(&b, "]}");
    printf("%s\n", b.buf);
    pd_buf_release(&b);
}

static void
print_text(const struct args *a, const struct pd_erase_result *r)
{
    int64_t rows = 0;

    if (r->n == 0) {
        printf("no trace of '%s' in the warehouse\n", a->email);
        return;
    }
    for (size_t i = 0; i < r->n; i++) {
        const struct pd_erase_change *c = &r->changes[i];
        printf("%-18s %-22s %-14s %8" PRId64 " row%s\n", c->table, c->column,
               c->action, c->rows, c->rows == 1 ? "" : "s");
        rows += c->rows;
    }
    printf("%s '%s': %zu column%s, %" PRId64 " row changes\n",
           a->dry_run ? "dry run, nothing changed; would erase" : "erased",
           a->email, r->n, r->n == 1 ? "" : "s", rows);
}

int
pd_cmd_forget(int argc, char **argv, struct pd_globals *g)
{
    struct args a = {NULL, false, false};
    struct pd_erase_result r;
    struct pd_err err = PD_ERR_INIT;
    PGconn *conn;
    int rc = parse(argc, argv, &a);

    if (rc != 0)
        return rc < 0 ? PD_EXIT_OK : rc;
    conn = pd_warehouse_open(g, &err);
    if (!conn || pd_erase_email(conn, a.email, a.dry_run, &r, &err) < 0) {
        pd_db_close(conn);
        pd_log_err(&err);
        return pd_exit_for(err.code);
    }
    pd_db_close(conn);
    if (a.json)
        print_json(&a, &r);
    else
        print_text(&a, &r);
    pd_erase_result_release(&r);
    return PD_EXIT_OK;
}
