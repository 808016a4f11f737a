#include "backup.h"

#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/xalloc.h"
#include "load/db.h"

/* The advisory lock key of schema migrations (load/migrate.c): held for
 * the whole restore, so that no other prodops recreates an empty schema
 * prodops between the rename and pg_restore. */
#define MIGRATE_LOCK "7365012001"

/* What a tool may print before we stop listening (its errors are short;
 * `pg_restore --list` of a warehouse is a few hundred lines). */
enum { TOOL_OUTPUT_MAX = 1 << 20 };

/* A tool's command line: copies, so that execv() gets char *. */
struct args {
    char *v[16];
    int n;
};

static void
arg(struct args *a, const char *s)
{
    assert(a->n < 15);
    a->v[a->n++] = pd_xstrdup(s);
    a->v[a->n] = NULL;
}

static void
args_free(struct args *a)
{
    for (int i = 0; i < a->n; i++)
        free(a->v[i]);
    a->n = 0;
}

static bool
executable(const char *path)
{
    return access(path, X_OK) == 0;
}

/* The newest /usr/lib/postgresql/<v>/bin/tool with v >= major. */
static bool
newest_debian_tool(const char *tool, int major, char *out, size_t n)
{
    DIR *d = opendir("/usr/lib/postgresql");
    struct dirent *e;
    long best = major - 1;
    char cand[4096];

    if (!d)
        return false;
    while ((e = readdir(d)) != NULL) {
        char *end;
        long v = strtol(e->d_name, &end, 10);
        if (end == e->d_name || *end || v <= best)
            continue;
        snprintf(cand, sizeof(cand), "/usr/lib/postgresql/%s/bin/%s", e->d_name,
                 tool);
        if (!executable(cand))
            continue;
        best = v;
        snprintf(out, n, "%s", cand);
    }
    closedir(d);
    return best >= major;
}

static bool
in_path(const char *tool, char *out, size_t n)
{
    const char *path = getenv("PATH");

    for (const char *p = path ? path : ""; *p;) {
        size_t len = strcspn(p, ":");
        snprintf(out, n, "%.*s/%s", (int)len, len ? p : ".", tool);
        if (executable(out))
            return true;
        p += len + (p[len] == ':');
    }
    return false;
}

/* pg_dump or pg_restore for a server of this major version. */
static int
find_tool(const char *tool, int major, char *out, size_t n, struct pd_err *err)
{
    const char *env = getenv("PRODOPS_PG_BINDIR");

    if (env && *env) {
        snprintf(out, n, "%s/%s", env, tool);
        if (executable(out))
            return 0;
    }
    snprintf(out, n, "/usr/lib/postgresql/%d/bin/%s", major, tool);
    if (executable(out) || newest_debian_tool(tool, major, out, n) ||
        in_path(tool, out, n))
        return 0;
    pd_err_set(err, PD_E_IO, "%s not found", tool);
    return pd_err_hint(err,
                       "install postgresql-client-%d (or set "
                       "PRODOPS_PG_BINDIR to its bin folder)",
                       major);
}

/* The child: the connection's settings as PG* variables, stdout and
 * stderr into the pipe, then the tool. */
static _Noreturn void
tool_child(PGconn *conn, char *const *argv, int fd)
{
    PQconninfoOption *opts = PQconninfo(conn);

    for (PQconninfoOption *o = opts; o && o->keyword; o++)
        if (o->envvar && o->val && *o->val)
            setenv(o->envvar, o->val, 1);
    PQconninfoFree(opts);
    dup2(fd, STDOUT_FILENO);
    dup2(fd, STDERR_FILENO);
    close(fd);
    execv(argv[0], argv);
    fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(errno));
    _exit(127);
}

/* The last non-empty line of a tool's output, for an error's detail. */
static const char *
last_line(struct pd_buf *b)
{
    char *p;

    while (b->len && (b->buf[b->len - 1] == '\n' || b->buf[b->len - 1] == ' '))
        b->buf[--b->len] = '\0';
    p = strrchr(b->buf, '\n');
    return p ? p + 1 : b->buf;
}

/* Run argv (argv[0] a path) with conn's settings; its output to *out.
 * 0 when it exits 0; -1 with *err (PD_E_DB: the tool failed). */
static int
run_tool(PGconn *conn, struct args *a, struct pd_buf *out, struct pd_err *err)
{
    char *const *argv = a->v;
    int fds[2], status;
    char chunk[4096];
    ssize_t got;
    pid_t pid;

    fflush(NULL);
    if (pipe(fds) != 0 || (pid = fork()) < 0)
        return pd_err_set(err, PD_E_IO, "cannot start %s: %s", argv[0],
                          strerror(errno));
    if (pid == 0) {
        close(fds[0]);
        tool_child(conn, argv, fds[1]);
    }
    close(fds[1]);
    while ((got = read(fds[0], chunk, sizeof(chunk))) != 0) {
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            break;
        if (out->len + (size_t)got < TOOL_OUTPUT_MAX)
            pd_buf_add(out, chunk, (size_t)got);
    }
    close(fds[0]);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return 0;
    pd_err_set(err, PD_E_DB, "%s failed", strrchr(argv[0], '/') + 1);
    return pd_err_detail(err, "%s", last_line(out));
}

static void
fill_info(PGconn *conn, struct pd_backup_info *info)
{
    const char *v = PQparameterStatus(conn, "server_version");

    memset(info, 0, sizeof(*info));
    /* "15.18 (Debian 15.18-0+deb12u1)": the version only. */
    snprintf(info->server, sizeof(info->server), "%.*s",
             v ? (int)strcspn(v, " ") : 1, v ? v : "?");
}

static bool
writable(const char *path, struct pd_err *err)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

    if (fd < 0) {
        pd_err_set(err, PD_E_IO, "cannot write '%s': %s", path,
                   strerror(errno));
        return false;
    }
    close(fd);
    return true;
}

int
pd_backup_dump(PGconn *conn, const char *path, struct pd_backup_info *info,
               struct pd_err *err)
{
    char *tmp = pd_xasprintf("%s.tmp", path);
    char *file_arg = pd_xasprintf("--file=%s", tmp);
    struct args a = {{NULL}, 0};
    struct pd_buf out = PD_BUF_INIT;
    struct stat st;
    int rc = -1;

    fill_info(conn, info);
    if (find_tool("pg_dump", PQserverVersion(conn) / 10000, info->tool,
                  sizeof(info->tool), err) < 0)
        goto out;
    /* A folder that is not there or not ours is the file's problem (exit
     * 4), said before pg_dump says it in its words. */
    if (!writable(tmp, err))
        goto out;
    arg(&a, info->tool);
    arg(&a, "--format=custom");
    arg(&a, "--schema=prodops");
    arg(&a, "--no-password");
    arg(&a, file_arg);
    if (run_tool(conn, &a, &out, err) < 0) {
        (void)unlink(tmp);
        goto out;
    }
    if (rename(tmp, path) != 0 || stat(path, &st) != 0) {
        pd_err_set(err, PD_E_IO, "cannot write '%s': %s", path,
                   strerror(errno));
        (void)unlink(tmp);
        goto out;
    }
    info->bytes = (int64_t)st.st_size;
    rc = 0;
out:
    args_free(&a);
    pd_buf_release(&out);
    free(file_arg);
    free(tmp);
    return rc;
}

/* `pg_restore --list`: the file is a custom-format dump holding schema
 * prodops. */
static int
check_file(PGconn *conn, const char *path, struct pd_backup_info *info,
           struct pd_err *err)
{
    struct args a = {{NULL}, 0};
    struct pd_buf out = PD_BUF_INIT;
    int rc = 0;

    if (access(path, R_OK) != 0)
        return pd_err_set(err, PD_E_IO, "cannot read '%s': %s", path,
                          strerror(errno));
    arg(&a, info->tool);
    arg(&a, "--list");
    arg(&a, path);
    if (run_tool(conn, &a, &out, err) < 0) {
        pd_err_set(err, PD_E_USAGE, "'%s' is not a backup pg_restore can read",
                   path);
        rc = pd_err_hint(err, "make backups with 'prodops db backup FILE'");
    } else if (!strstr(out.buf, " SCHEMA - prodops ")) {
        rc = pd_err_set(err, PD_E_USAGE,
                        "'%s' is not a prodops backup: it has no schema "
                        "prodops",
                        path);
    }
    args_free(&a);
    pd_buf_release(&out);
    return rc;
}

/* A count from a one-value query. */
static int
count(PGconn *conn, const char *sql, int64_t *n, struct pd_err *err)
{
    PGresult *res = pd_db_exec(conn, sql, 0, NULL, err);

    if (!res)
        return -1;
    *n = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    PQclear(res);
    return 0;
}

/* What the warehouse holds now: *exists, and its files and runs. */
static int
inspect(PGconn *conn, bool *exists, struct pd_backup_info *info,
        struct pd_err *err)
{
    int64_t n;

    if (count(conn,
              "SELECT count(*) FROM pg_namespace WHERE nspname = 'prodops'", &n,
              err) < 0)
        return -1;
    *exists = n > 0;
    if (!*exists)
        return 0;
    if (count(conn, "SELECT (to_regclass('prodops.files') IS NOT NULL)::int",
              &n, err) < 0)
        return -1;
    if (n && count(conn, "SELECT count(*) FROM prodops.files", &info->files,
                   err) < 0)
        return -1;
    if (count(conn, "SELECT (to_regclass('prodops.runs') IS NOT NULL)::int", &n,
              err) < 0)
        return -1;
    if (n &&
        count(conn, "SELECT count(*) FROM prodops.runs", &info->runs, err) < 0)
        return -1;
    return 0;
}

static int
rename_schema(PGconn *conn, const char *from, const char *to,
              struct pd_err *err)
{
    char *sql = pd_xasprintf("ALTER SCHEMA %s RENAME TO %s", from, to);
    int rc = pd_db_run(conn, sql, 0, NULL, err);

    free(sql);
    return rc;
}

/* pg_restore into the database, the old schema (if any) aside. */
static int
restore_aside(PGconn *conn, const char *path, struct pd_backup_info *info,
              struct pd_err *err)
{
    char *db = pd_xasprintf("--dbname=%s", PQdb(conn));
    static const char *const flags[] = {"--single-transaction",
                                        "--exit-on-error", "--no-owner",
                                        "--no-acl", "--no-password"};
    struct args a = {{NULL}, 0};
    struct pd_buf out = PD_BUF_INIT;
    struct pd_err e = PD_ERR_INIT;
    int rc;

    if (info->replaced[0] &&
        rename_schema(conn, "prodops", info->replaced, err) < 0) {
        free(db);
        return -1;
    }
    arg(&a, info->tool);
    arg(&a, db);
    for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
        arg(&a, flags[i]);
    arg(&a, path);
    rc = run_tool(conn, &a, &out, err);
    args_free(&a);
    pd_buf_release(&out);
    free(db);
    if (rc < 0 && info->replaced[0]) {
        /* Nothing was restored (one transaction): the old one back. */
        if (pd_db_run(conn, "DROP SCHEMA IF EXISTS prodops CASCADE", 0, NULL,
                      &e) < 0 ||
            rename_schema(conn, info->replaced, "prodops", &e) < 0)
            pd_err_hint(err,
                        "the warehouse as it was is in schema %s: "
                        "rename it back to prodops",
                        info->replaced);
    }
    return rc;
}

int
pd_backup_restore(PGconn *conn, const char *path, bool force,
                  struct pd_backup_info *info, struct pd_err *err)
{
    struct pd_err e = PD_ERR_INIT;
    bool exists;
    int rc = -1;

    fill_info(conn, info);
    if (find_tool("pg_restore", PQserverVersion(conn) / 10000, info->tool,
                  sizeof(info->tool), err) < 0 ||
        check_file(conn, path, info, err) < 0)
        return -1;
    if (pd_db_run(conn, "SELECT pg_advisory_lock(" MIGRATE_LOCK ")", 0, NULL,
                  err) < 0)
        return -1;
    if (inspect(conn, &exists, info, err) < 0)
        goto out;
    if ((info->files || info->runs) && !force) {
        pd_err_set(err, PD_E_USAGE,
                   "the warehouse is not empty: it holds %" PRId64
                   " file%s and %" PRId64 " run%s",
                   info->files, info->files == 1 ? "" : "s", info->runs,
                   info->runs == 1 ? "" : "s");
        pd_err_hint(err, "restore into a new PRODOPS_HOME or database, or "
                         "add --force to replace what it holds");
        goto out;
    }
    if (exists)
        snprintf(info->replaced, sizeof(info->replaced),
                 "prodops_replaced_%lld", (long long)time(NULL));
    if (restore_aside(conn, path, info, err) < 0)
        goto out;
    if (info->replaced[0]) {
        char *sql = pd_xasprintf("DROP SCHEMA %s CASCADE", info->replaced);
        rc = pd_db_run(conn, sql, 0, NULL, err);
        free(sql);
    } else {
        rc = 0;
    }
out:
    (void)pd_db_run(conn, "SELECT pg_advisory_unlock(" MIGRATE_LOCK ")", 0,
                    NULL, &e);
    return rc;
}
