/* prodops files / prodops rejects: what the ledger knows. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/json.h"
#include "common/log.h"
#include "common/printable.h"
#include "jobs/cli.h"
#include "jobs/exit.h"
#include "jobs/warehouse.h"
#include "load/db.h"
#include "transform/profile.h"

struct list_args {
    const char *file_id;
    const char *limit;
    bool json;
};

static int
parse_list_args(const char *cmd, int argc, char **argv, struct list_args *a,
                void (*help)(void))
{
    enum { O_JSON = 256 };
    static const struct option opts[] = {
        {"file", required_argument, NULL, 'f'},
        {"limit", required_argument, NULL, 'n'},
        {"json", no_argument, NULL, O_JSON},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    int c;

    a->limit = "100";
    while ((c = getopt_long(argc, argv, "f:n:h", opts, NULL)) != -1) {
        switch (c) {
        case 'f':
            a->file_id = optarg;
            if (strspn(optarg, "0123456789") != strlen(optarg))
                return pd_cli_usage_error(cmd, "--file takes a file id");
            break;
        case 'n':
            a->limit = optarg;
            if (strspn(optarg, "0123456789") != strlen(optarg))
                return pd_cli_usage_error(cmd, "--limit takes a number");
            break;
        case O_JSON:
            a->json = true;
            break;
        case 'h':
            help();
            return -1;
        default:
            return pd_cli_usage_error(cmd, "bad option");
        }
    }
    if (optind < argc)
        return pd_cli_usage_error(cmd, "unexpected argument '%s'",
                                  argv[optind]);
    return 0;
}

enum { CELL_MAX = 60 }; /* display width of a text cell; JSON is whole */

/* Numbers as JSON numbers (the column's type says so), null where null;
 * a float's NaN or infinity has no JSON form and prints null. */
static void
json_value(struct pd_buf *b, const PGresult *res, int i, int j)
{
    enum {
        BOOL = 16,
        INT8 = 20,
        INT2 = 21,
        INT4 = 23,
        FLOAT4 = 700,
        FLOAT8 = 701,
        NUMERIC = 1700
    };
    const char *v = PQgetvalue(res, i, j);
    Oid t = PQftype(res, j);

    if (PQgetisnull(res, i, j))
        pd_buf_addstr(b, "null");
    else if (t == BOOL)
        pd_buf_addstr(b, v[0] == 't' ? "true" : "false");
    else if (t == INT8 || t == INT2 || t == INT4)
        pd_buf_addstr(b, v);
    else if (t == FLOAT4 || t == FLOAT8 || t == NUMERIC)
        pd_buf_addstr(b, strpbrk(v, "nN") ? "null" : v);
    else
        pd_json_str(b, v);
}

static void
print_json(const PGresult *res)
{
    int rows = PQntuples(res), cols = PQnfields(res);
    struct pd_buf b = PD_BUF_INIT;

    pd_buf_addch(&b, '[');
    for (int i = 0; i < rows; i++) {
        pd_buf_addstr(&b, i ? ",\n {" : "\n {");
        for (int j = 0; j < cols; j++) {
            pd_buf_addstr(&b, j ? ", " : "");
            pd_json_str(&b, PQfname(res, j));
            pd_buf_addstr(&b, ": ");
            json_value(&b, res, i, j);
        }
        pd_buf_addch(&b, '}');
    }
    pd_buf_addstr(&b, "\n]\n");
    fputs(b.buf, stdout);
    pd_buf_release(&b);
}

/* A cell for a terminal: one line, at most CELL_MAX bytes, cut at a
 * character.  Line breaks and tabs become spaces; any other control
 * character (an ESC in a file name, or in a row stored by an older
 * prodops) shows as \xHH, never reaching the terminal. */
static const char *
display(const PGresult *res, int i, int j, char out[CELL_MAX + 4])
{
    const char *v = PQgetisnull(res, i, j) ? "-" : PQgetvalue(res, i, j);
    struct pd_buf b = PD_BUF_INIT;
    size_t n;

    for (;;) {
        size_t run = strcspn(v, "\n\r\t");
        pd_printable_add(&b, v, run);
        if (!v[run])
            break;
        pd_buf_addch(&b, ' ');
        v += run + 1;
    }
    n = b.len;
    if (n > CELL_MAX) {
        n = CELL_MAX - 3;
        while (n > 0 && ((unsigned char)b.buf[n] & 0xC0) == 0x80)
            n--;
        memcpy(b.buf + n, "...", 4);
        n += 3;
    }
    memcpy(out, b.buf, n + 1);
    pd_buf_release(&b);
    return out;
}

/* Aligned columns under a header line, like psql. */
static void
print_table(const PGresult *res)
{
    int rows = PQntuples(res), cols = PQnfields(res);
    size_t width[32] = {0};
    char cellbuf[CELL_MAX + 4];

    if (cols > 32)
        cols = 32;
    for (int j = 0; j < cols; j++) {
        width[j] = strlen(PQfname(res, j));
        for (int i = 0; i < rows; i++) {
            size_t w = strlen(display(res, i, j, cellbuf));
            if (w > width[j])
                width[j] = w;
        }
    }
    for (int j = 0; j < cols; j++)
        printf("%s%-*s", j ? "  " : "", j == cols - 1 ? 0 : (int)width[j],
               PQfname(res, j));
    putchar('\n');
    for (int i = 0; i < rows; i++) {
        for (int j = 0; j < cols; j++)
            printf("%s%-*s", j ? "  " : "", j == cols - 1 ? 0 : (int)width[j],
                   display(res, i, j, cellbuf));
        putchar('\n');
    }
    if (rows == 0)
        printf("(none)\n");
}

static int
query_and_print(struct pd_globals *g, const char *sql, int nparams,
                const char *const *params, bool json)
{
    struct pd_err err = PD_ERR_INIT;
    PGconn *conn = pd_warehouse_open(g, &err);
    PGresult *res;

    if (!conn) {
        pd_log_err(&err);
        return pd_exit_for(err.code);
    }
    res = pd_db_exec(conn, sql, nparams, params, &err);
    if (!res) {
        pd_log_err(&err);
        pd_db_close(conn);
        return pd_exit_for(err.code);
    }
    if (json)
        print_json(res);
    else
        print_table(res);
    PQclear(res);
    pd_db_close(conn);
    return PD_EXIT_OK;
}

static void
rejects_help(void)
{
    printf("prodops rejects lists quarantined rows with their reasons.\n\n"
           "Usage:\n"
           "  prodops rejects [--file ID] [--limit N] [--json]\n\n"
           "Options:\n"
           "  -f, --file=ID    only rows of this file (see 'prodops files')\n"
           "  -n, --limit=N    at most N rows (default 100)\n"
           "      --json       print JSON\n"
           "  -h, --help       show this help and exit\n");
}

int
pd_cmd_rejects(int argc, char **argv, struct pd_globals *g)
{
    struct list_args a = {NULL, NULL, false};
    const char *p[2];
    int rc = parse_list_args("rejects", argc, argv, &a, rejects_help);

    if (rc)
        return rc < 0 ? PD_EXIT_OK : rc;
    p[0] = a.file_id;
    p[1] = a.limit;
    return query_and_print(
        g,
        "SELECT r.file_id, f.name || ':' || r.line_no AS location,"
        " coalesce(r.column_name, '-') AS column_name, r.reason,"
        " left(r.raw, 200) AS raw"
        " FROM prodops.rejects r JOIN prodops.files f USING (file_id)"
        /* A reprocessed file's rejects were recorded again by the load
         * that replaced it: shown only when asked for by id. */
        " WHERE ($1::bigint IS NULL AND f.status <> 'reprocessed')"
        " OR r.file_id = $1::bigint"
        " ORDER BY r.file_id, r.line_no LIMIT $2::bigint",
        2, p, a.json);
}

static void
files_help(void)
{
    printf("prodops files lists the files the warehouse has seen.  "
           "old_mapping marks\nloaded files read by an older mapping "
           "than this prodops has: 'prodops\ningest --reprocess FILE...' "
           "reads them again.  A file's earlier load shows\nas "
           "reprocessed.\n\n"
           "Usage:\n"
           "  prodops files [--limit N] [--json]\n\n"
           "Options:\n"
           "  -n, --limit=N    the N most recent files (default 100)\n"
           "      --json       print JSON\n"
           "  -h, --help       show this help and exit\n");
}

/* Issue 13: a hint when loaded files were read by an older mapping (a
 * diagnostic: stderr). */
static int
hint_old_mappings(struct pd_globals *g, const char *version)
{
    struct pd_err err = PD_ERR_INIT;
    PGconn *conn = pd_warehouse_open(g, &err);
    const char *p[1] = {version};
    PGresult *res;
    long n;

    if (!conn) {
        pd_log_err(&err);
        return pd_exit_for(err.code);
    }
    res = pd_db_exec(conn,
                     "SELECT count(*) FROM prodops.files WHERE status = "
                     "'loaded' AND mapping_version < $1::int",
                     1, p, &err);
    if (!res) {
        pd_log_err(&err);
        pd_db_close(conn);
        return pd_exit_for(err.code);
    }
    n = strtol(PQgetvalue(res, 0, 0), NULL, 10);
    if (n > 0)
        fprintf(stderr,
                "prodops: hint: %ld loaded file%s read by an older mapping "
                "(old_mapping t); 'prodops ingest --reprocess FILE...' reads "
                "%s again\n",
                n, n == 1 ? " was" : "s were", n == 1 ? "it" : "them");
    PQclear(res);
    pd_db_close(conn);
    return PD_EXIT_OK;
}

int
pd_cmd_files(int argc, char **argv, struct pd_globals *g)
{
    struct list_args a = {NULL, NULL, false};
    char version[16];
    const char *p[2] = {NULL, version};
    int rc = parse_list_args("files", argc, argv, &a, files_help);

    if (rc)
        return rc < 0 ? PD_EXIT_OK : rc;
    p[0] = a.limit;
    snprintf(version, sizeof(version), "%d", PD_MAPPING_VERSION);
    rc = query_and_print(
        g,
        "SELECT file_id, status, name, source, kind, rows_read, rows_loaded"
        " AS rows_new, rows_updated, rows_duplicate, rows_rejected,"
        " to_char(loaded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS"
        " loaded_at, mapping_version AS mapping, (status = 'loaded' AND"
        " mapping_version < $2::int) AS"
        " old_mapping, reason FROM (SELECT *"
        " FROM prodops.files ORDER BY file_id DESC LIMIT $1::bigint) f"
        " ORDER BY file_id",
        2, p, a.json);
    return rc == PD_EXIT_OK ? hint_old_mappings(g, version) : rc;
}
