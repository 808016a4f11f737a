/*
 * cluster - the embedded PostgreSQL (contract in cluster.h, design and the
 * alternatives rejected in load/README.md "Embedded cluster").
 *
 * Every program is run with fork + execve, never through a shell, so paths
 * with spaces need no quoting and root can switch to the server user without
 * su or runuser.
 */
#include "cluster.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <libpq-fe.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/log.h"
#include "common/strmap.h"
#include "common/xalloc.h"

#define SUPERUSER "prodops"
#define DATABASE  "prodops"
#define PORT      "5432"
#define SOCKNAME  "/.s.PGSQL." PORT

/* sun_path is 108 bytes with its NUL; stay one under, as the brief asks. */
enum { SOCK_PATH_MAX = 107 };
/* Seconds: pg_ctl's own wait, our lock wait, readiness poll. */
enum {
    PGCTL_WAIT = 60,
    PGCTL_STOP_WAIT = 600,
    LOCK_WAIT = 300,
    READY_WAIT = 60
};
/* A failed start is retried this often when the log says the old server's
 * processes are still going away (see start_server()). */
enum { START_TRIES = 10 };
/* Bytes of a child's output kept: the tail is what explains a failure. */
enum { OUT_KEEP = 16384 };

/* Who initdb and pg_ctl run as. */
struct srvuser {
    bool drop; /* we are root: switch to uid/gid in the child */
    uid_t uid;
    gid_t gid;
    char name[64];
    char homedir[PATH_MAX];
};

/* argv for execve: each string is our own copy (execve wants char *). */
struct args {
    char *v[16];
    size_t n;
};

static void
args_add(struct args *a, const char *s)
{
    if (a->n + 1 >= sizeof(a->v) / sizeof(a->v[0]))
        PD_BUG("too many arguments for %s", a->v[0]);
    a->v[a->n++] = pd_xstrdup(s);
    a->v[a->n] = NULL;
}

/* bindir/tool as the program to run. */
static void
args_tool(struct args *a, const struct pd_cluster *c, const char *tool)
{
    args_add(a, "");
    free(a->v[a->n - 1]);
    a->v[a->n - 1] = pd_xasprintf("%s/%s", c->bindir, tool);
}

static void
args_free(struct args *a)
{
    for (size_t i = 0; i < a->n; i++)
        free(a->v[i]);
    a->n = 0;
}

static void
sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

    while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
        ;
}

/* snprintf that reports truncation as a pd_err instead of a cut path. */
static int join(char *dst, size_t n, struct pd_err *err, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int
join(char *dst, size_t n, struct pd_err *err, const char *fmt, ...)
{
    va_list ap;
    int w;

    va_start(ap, fmt);
    w = vsnprintf(dst, n, fmt, ap);
    va_end(ap);
    if (w < 0 || (size_t)w >= n)
        return pd_err_set(err, PD_E_LIMIT, "path too long: \"%.200s...\"", dst);
    return 0;
}

/* ------------------------------------------------------------------ */
/* Locating things                                                    */
/* ------------------------------------------------------------------ */

/* Drop "//", "/./" and a trailing "/" from an absolute path, in place, so
 * the same home always hashes to the same socket directory. */
static void
clean_path(char *p)
{
    char *src = p, *dst = p;

    while (*src) {
        if (src[0] == '/') {
            while (src[1] == '/')
                src++;
            if (src[1] == '.' && (src[2] == '/' || src[2] == '\0')) {
                src += 2;
                continue;
            }
        }
        *dst++ = *src++;
    }
    if (dst > p + 1 && dst[-1] == '/')
        dst--;
    if (dst == p)
        *dst++ = '/';
    *dst = '\0';
}

static int
absolute_home(const char *home, char *dst, size_t n, struct pd_err *err)
{
    char cwd[PATH_MAX];

    if (home[0] == '/') {
        if (join(dst, n, err, "%s", home) < 0)
            return -1;
    } else {
        if (!getcwd(cwd, sizeof(cwd)))
            return pd_err_set(err, PD_E_IO,
                              "cannot get the current directory: %s",
                              strerror(errno));
        if (join(dst, n, err, "%s/%s", cwd, home) < 0)
            return -1;
    }
    clean_path(dst);
    return 0;
}

static bool
is_executable(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
           access(path, X_OK) == 0;
}

static bool
has_initdb(const char *dir)
{
    char path[PATH_MAX];

    if (snprintf(path, sizeof(path), "%s/initdb", dir) >= (int)sizeof(path))
        return false;
    return is_executable(path);
}

/* Look name up in $PATH like execvp would; out gets the full path. */
static bool
find_in_path(const char *name, char *out, size_t n)
{
    const char *path = getenv("PATH");
    const char *p, *end;

    if (!path || !*path)
        path = "/usr/local/bin:/usr/bin:/bin";
    for (p = path;; p = end + 1) {
        int dlen;

        end = strchr(p, ':');
        dlen = end ? (int)(end - p) : (int)strlen(p);
        if (snprintf(out, n, "%.*s/%s", dlen ? dlen : 1, dlen ? p : ".", name) <
                (int)n &&
            is_executable(out))
            return true;
        if (!end)
            return false;
    }
}

/* "15" or "9.6" to a sortable number; -1 for anything else. */
static long
version_rank(const char *name)
{
    char *end;
    long major = strtol(name, &end, 10), minor = 0;

    if (end == name || major < 0)
        return -1;
    if (*end == '.')
        minor = strtol(end + 1, &end, 10);
    return *end ? -1 : major * 1000 + minor;
}

/* Debian's layout: /usr/lib/postgresql/<version>/bin; take the newest. */
static bool
newest_debian_bindir(char *out, size_t n)
{
    DIR *d = opendir("/usr/lib/postgresql");
    struct dirent *e;
    long best = -1;
    char cand[PATH_MAX];

    if (!d)
        return false;
    while ((e = readdir(d)) != NULL) {
        long rank = version_rank(e->d_name);

        if (rank <= best ||
            snprintf(cand, sizeof(cand), "/usr/lib/postgresql/%s/bin",
                     e->d_name) >= (int)sizeof(cand) ||
            !has_initdb(cand))
            continue;
        best = rank;
        snprintf(out, n, "%s", cand);
    }
    closedir(d);
    return best >= 0;
}

static int run(const struct srvuser *u, const char *cwd, struct args *a,
               struct pd_buf *out, struct pd_err *err);

/* `pg_config --bindir`, when pg_config is on PATH and names a directory
 * that really holds initdb (libpq-dev's pg_config may not). */
static bool
pg_config_bindir(char *out, size_t n)
{
    char tool[PATH_MAX];
    struct args a = {{NULL}, 0};
    struct pd_buf res = PD_BUF_INIT;
    bool found = false;

    if (!find_in_path("pg_config", tool, sizeof(tool)))
        return false;
    args_add(&a, tool);
    args_add(&a, "--bindir");
    if (run(NULL, NULL, &a, &res, NULL) == 0) {
        res.buf[strcspn(res.buf, "\r\n")] = '\0';
        found = res.buf[0] == '/' && has_initdb(res.buf) &&
                snprintf(out, n, "%s", res.buf) < (int)n;
    }
    args_free(&a);
    pd_buf_release(&res);
    return found;
}

static bool
path_bindir(char *out, size_t n)
{
    char *slash;

    if (!find_in_path("initdb", out, n))
        return false;
    slash = strrchr(out, '/');
    *slash = '\0';
    return true;
}

static int
bindir_not_found(struct pd_err *err)
{
    pd_err_set(err, PD_E_DB, "PostgreSQL server binaries not found");
    return pd_err_hint(err, "install the postgresql package (apt-get "
                            "install postgresql) or set PRODOPS_PG_BINDIR");
}

static int
find_bindir(char *out, size_t n, struct pd_err *err)
{
    const char *env = getenv("PRODOPS_PG_BINDIR");

    if (env && *env) {
        if (has_initdb(env) && snprintf(out, n, "%s", env) < (int)n)
            return 0;
        bindir_not_found(err);
        return pd_err_detail(err,
                             "PRODOPS_PG_BINDIR is \"%s\", which has "
                             "no initdb",
                             env);
    }
    if (newest_debian_bindir(out, n) || pg_config_bindir(out, n) ||
        path_bindir(out, n))
        return 0;
    return bindir_not_found(err);
}

/* The server splits unix_socket_directories at commas and we write it in
 * single quotes: a directory with such characters cannot be named there. */
static bool
socket_dir_ok(const char *dir)
{
    if (strlen(dir) + strlen(SOCKNAME) >= SOCK_PATH_MAX)
        return false;
    for (const char *s = dir; *s; s++)
        if (*s == ',' || *s == '\'' || *s == '"' || *s == '\\' ||
            (unsigned char)*s < 0x20)
            return false;
    return true;
}

static void
choose_sockdir(struct pd_cluster *c)
{
    uint64_t h;

    if (socket_dir_ok(c->datadir)) {
        snprintf(c->sockdir, sizeof(c->sockdir), "%s", c->datadir);
        return;
    }
    h = pd_strmap_hash(c->datadir, strlen(c->datadir));
    snprintf(c->sockdir, sizeof(c->sockdir), "/tmp/prodops-%08x",
             (unsigned)(h & 0xffffffffu));
    pd_log_debug("socket path under \"%s\" is too long or unquotable; "
                 "using \"%s\"",
                 c->datadir, c->sockdir);
}

/* libpq URI for database db.  The port is explicit so a PGPORT in the
 * environment (meant for some other server) cannot redirect us. */
static void
make_uri(const struct pd_cluster *c, const char *db, char *out, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t w =
        (size_t)snprintf(out, n, "postgresql://" SUPERUSER "@/%s?host=", db);

    for (const char *s = c->sockdir; *s && w + 4 < n; s++) {
        unsigned char ch = (unsigned char)*s;

        if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
            (ch >= '0' && ch <= '9') || strchr("-._~", ch)) {
            out[w++] = (char)ch;
        } else {
            out[w++] = '%';
            out[w++] = hex[ch >> 4];
            out[w++] = hex[ch & 15];
        }
    }
    snprintf(out + w, n - w, "&port=" PORT);
}

int
pd_cluster_locate(struct pd_cluster *c, const char *home, struct pd_err *err)
{
    memset(c, 0, sizeof(*c));
    if (!home || !*home)
        home = getenv("PRODOPS_HOME");
    if (!home || !*home)
        home = ".prodops";
    if (absolute_home(home, c->home, sizeof(c->home), err) < 0 ||
        join(c->datadir, sizeof(c->datadir), err, "%s/pg", c->home) < 0 ||
        join(c->logfile, sizeof(c->logfile), err, "%s/pg.log", c->home) < 0)
        return -1;
    choose_sockdir(c);
    make_uri(c, DATABASE, c->uri, sizeof(c->uri));
    c->wal = PD_CLUSTER_WAL_MINIMAL;
    return find_bindir(c->bindir, sizeof(c->bindir), err);
}

static const char *const wal_names[] = {
    [PD_CLUSTER_WAL_MINIMAL] = "minimal",
    [PD_CLUSTER_WAL_REPLICA] = "replica",
};

bool
pd_cluster_wal_parse(const char *name, enum pd_cluster_wal *wal)
{
    for (size_t i = 0; i < sizeof(wal_names) / sizeof(wal_names[0]); i++)
        if (strcmp(name, wal_names[i]) == 0) {
            *wal = (enum pd_cluster_wal)i;
            return true;
        }
    return false;
}

const char *
pd_cluster_wal_name(enum pd_cluster_wal wal)
{
    return wal_names[wal];
}

/* ------------------------------------------------------------------ */
/* Running programs                                                   */
/* ------------------------------------------------------------------ */

/* The postmaster outlives us: it must not inherit our pipes, lock file or
 * sockets, or a caller reading our output would never see EOF. */
static void
close_from(int lowfd)
{
#ifdef SYS_close_range
    if (syscall(SYS_close_range, (unsigned)lowfd, ~0U, 0) == 0)
        return;
#endif
    for (int fd = lowfd; fd < 1024; fd++)
        close(fd);
}

static int
drop_privileges(const struct srvuser *u)
{
    /* Supplementary groups first: they are root's until replaced. */
    if (initgroups(u->name, u->gid) < 0 || setgid(u->gid) < 0 ||
        setuid(u->uid) < 0)
        return -1;
    if (setuid(0) == 0) { /* a way back to root means the drop failed */
        errno = EPERM;
        return -1;
    }
    return 0;
}

/* A small fixed environment: PG*, LANG and friends meant for the caller's
 * own tools must not reach initdb or the server (PGPORT would even change
 * its port); LC_ALL=C keeps messages English for meaningful_line(). */
struct childenv {
    char path[1024];
    char home[PATH_MAX + 8];
    char user[80];
    char logname[80];
    char tz[256];
    char *vec[8];
};

static void
make_env(struct childenv *e, const struct srvuser *u)
{
    static char lc_all[] = "LC_ALL=C";
    const char *path = getenv("PATH"), *tz = getenv("TZ");
    size_t i = 0;

    if (!path || snprintf(e->path, sizeof(e->path), "PATH=%s", path) >=
                     (int)sizeof(e->path))
        snprintf(e->path, sizeof(e->path), "PATH=/usr/bin:/bin");
    snprintf(e->home, sizeof(e->home), "HOME=%s", u->homedir);
    snprintf(e->user, sizeof(e->user), "USER=%s", u->name);
    snprintf(e->logname, sizeof(e->logname), "LOGNAME=%s", u->name);
    e->vec[i++] = e->path;
    e->vec[i++] = e->home;
    e->vec[i++] = e->user;
    e->vec[i++] = e->logname;
    e->vec[i++] = lc_all;
    if (tz && snprintf(e->tz, sizeof(e->tz), "TZ=%s", tz) < (int)sizeof(e->tz))
        e->vec[i++] = e->tz;
    e->vec[i] = NULL;
}

/* In the child: wire stdin to /dev/null and stdout/stderr to outfd, become
 * the server user, exec.  Failures go to outfd, which the parent reads. */
static _Noreturn void
child_exec(const struct srvuser *u, const char *cwd, char *const argv[],
           char *const envp[], int outfd)
{
    int in = open("/dev/null", O_RDONLY);

    if (in < 0 || dup2(in, 0) < 0 || dup2(outfd, 1) < 0 || dup2(outfd, 2) < 0)
        _exit(126);
    close_from(3);
    if (u && u->drop && drop_privileges(u) < 0) {
        dprintf(2, "error: cannot switch to user \"%s\": %s\n", u->name,
                strerror(errno));
        _exit(126);
    }
    if (cwd && chdir(cwd) < 0) {
        dprintf(2, "error: cannot enter \"%s\": %s\n", cwd, strerror(errno));
        _exit(126);
    }
    if (envp)
        execve(argv[0], argv, envp);
    else
        execv(argv[0], argv);
    dprintf(2, "error: cannot run \"%s\": %s\n", argv[0], strerror(errno));
    _exit(127);
}

static void
keep_tail(struct pd_buf *out, const char *data, size_t n)
{
    if (n >= OUT_KEEP) {
        pd_buf_reset(out);
        data += n - OUT_KEEP;
        n = OUT_KEEP;
    } else if (out->len + n > 2 * OUT_KEEP) {
        size_t keep = OUT_KEEP - n;

        memmove(out->buf, out->buf + out->len - keep, keep);
        pd_buf_setlen(out, keep);
    }
    pd_buf_add(out, data, n);
}

static int
wait_child(pid_t pid, struct pd_err *err)
{
    int status;

    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return pd_err_set(err, PD_E_INTERNAL, "waitpid failed: %s",
                              strerror(errno));
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    return 128 + WTERMSIG(status);
}

/*
 * Run a->v with stdout and stderr collected into out (its tail).  u NULL:
 * as ourselves with our environment; else as u with make_env()'s, in cwd.
 * Returns the exit status (128 + signal), or -1 with *err filled when the
 * child could not be started.
 */
static int
run(const struct srvuser *u, const char *cwd, struct args *a,
    struct pd_buf *out, struct pd_err *err)
{
    struct childenv env;
    char chunk[4096];
    int fds[2];
    ssize_t n;
    pid_t pid;

    if (u)
        make_env(&env, u);
    pd_log_debug("running %s%s%s", a->v[0], u ? " as " : "", u ? u->name : "");
    if (pipe(fds) < 0)
        return pd_err_set(err, PD_E_INTERNAL, "cannot create a pipe: %s",
                          strerror(errno));
    pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return pd_err_set(err, PD_E_INTERNAL, "cannot fork: %s",
                          strerror(errno));
    }
    if (pid == 0)
        child_exec(u, cwd, a->v, u ? env.vec : NULL, fds[1]);
    close(fds[1]);
    while ((n = read(fds[0], chunk, sizeof(chunk))) != 0) {
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            break;
        keep_tail(out, chunk, (size_t)n);
    }
    close(fds[0]);
    return wait_child(pid, err);
}

static bool
line_has(const char *line, size_t len, const char *mark, size_t *at)
{
    size_t m = strlen(mark);

    for (size_t i = 0; i + m <= len; i++)
        if (memcmp(line + i, mark, m) == 0) {
            *at = i;
            return true;
        }
    return false;
}

/* Markers of the line that explains a failure.  Server log lines start
 * with "2026-01-01 10:00:00 UTC [123] ", which the detail can do without;
 * a tool's "initdb: error: ..." reads best whole. */
static const struct {
    const char *mark;
    bool from_mark;
} failure_marks[] = {
    {"FATAL:", true},
    {"PANIC:", true},
    {"error:", false},
};

/* Where the part of a line worth reporting starts, or NULL if the line
 * carries no failure marker. */
static const char *
marked(const char *line, size_t len)
{
    size_t at;

    for (size_t i = 0; i < sizeof(failure_marks) / sizeof(failure_marks[0]);
         i++)
        if (line_has(line, len, failure_marks[i].mark, &at))
            return failure_marks[i].from_mark ? line + at : line;
    return NULL;
}

/*
 * The line of a log or of a tool's output that explains a failure: the last
 * one with a failure marker, else the last non-empty one.  False when text
 * holds no non-empty line.
 */
static bool
meaningful_line(const char *text, char *dst, size_t n)
{
    const char *best = NULL, *last = NULL, *m;
    size_t best_len = 0, last_len = 0;

    for (const char *p = text; *p;) {
        size_t len = strcspn(p, "\r\n");

        if ((m = marked(p, len)) != NULL) {
            best = m;
            best_len = len - (size_t)(m - p);
        }
        if (len > 0 && strspn(p, " \t") < len) {
            last = p;
            last_len = len;
        }
        p += len;
        p += strspn(p, "\r\n");
    }
    if (!best) {
        best = last;
        best_len = last_len;
    }
    if (!best)
        return false;
    snprintf(dst, n, "%.*s", (int)best_len, best);
    return true;
}

/* ------------------------------------------------------------------ */
/* The server user and its access                                     */
/* ------------------------------------------------------------------ */

static int
fill_user(struct srvuser *u, const struct passwd *pw, const char *fallback_home,
          struct pd_err *err)
{
    struct stat st;

    if (pw->pw_uid == 0) {
        pd_err_set(err, PD_E_CONFIG,
                   "cannot run the PostgreSQL server as root");
        return pd_err_hint(err, "set PRODOPS_PG_USER to an unprivileged user");
    }
    u->uid = pw->pw_uid;
    u->gid = pw->pw_gid;
    if (join(u->name, sizeof(u->name), err, "%s", pw->pw_name) < 0)
        return -1;
    /* HOME as a login would set it; system users often have none. */
    if (stat(pw->pw_dir, &st) == 0 && S_ISDIR(st.st_mode))
        snprintf(u->homedir, sizeof(u->homedir), "%s", pw->pw_dir);
    else
        snprintf(u->homedir, sizeof(u->homedir), "%s", fallback_home);
    return 0;
}

/* As root, the server runs as the owner of an existing data directory (it
 * must: PostgreSQL checks), else PRODOPS_PG_USER, "postgres", "nobody". */
static const struct passwd *
pick_server_user(const struct pd_cluster *c, struct pd_err *err)
{
    const char *name = getenv("PRODOPS_PG_USER");
    const struct passwd *pw;
    struct stat st;

    if (stat(c->datadir, &st) == 0 && st.st_uid != 0) {
        pw = getpwuid(st.st_uid);
        if (!pw)
            pd_err_set(err, PD_E_DB,
                       "data directory \"%s\" belongs to uid %u, which has "
                       "no user name",
                       c->datadir, (unsigned)st.st_uid);
        return pw;
    }
    if (name && *name) {
        pw = getpwnam(name);
        if (!pw)
            pd_err_set(err, PD_E_CONFIG,
                       "PRODOPS_PG_USER names an unknown user \"%s\"", name);
        return pw;
    }
    pw = getpwnam("postgres");
    if (!pw)
        pw = getpwnam("nobody");
    if (!pw)
        pd_err_set(err, PD_E_DB,
                   "no unprivileged user to run the "
                   "PostgreSQL server as");
    return pw;
}

static int
resolve_user(const struct pd_cluster *c, struct srvuser *u, struct pd_err *err)
{
    const struct passwd *pw;
    const char *home = getenv("HOME");
    struct stat st;

    memset(u, 0, sizeof(*u));
    if (geteuid() == 0) {
        u->drop = true;
        pw = pick_server_user(c, err);
        return pw ? fill_user(u, pw, c->home, err) : -1;
    }
    if (stat(c->datadir, &st) == 0 && st.st_uid != geteuid()) {
        pd_err_set(err, PD_E_DB, "data directory \"%s\" belongs to uid %u",
                   c->datadir, (unsigned)st.st_uid);
        return pd_err_hint(err, "run prodops as that user or as root, or "
                                "set PRODOPS_HOME to a directory of your own");
    }
    u->uid = geteuid();
    u->gid = getegid();
    pw = getpwuid(u->uid);
    snprintf(u->name, sizeof(u->name), "%s", pw ? pw->pw_name : "unknown");
    snprintf(u->homedir, sizeof(u->homedir), "%s",
             home && *home ? home : c->home);
    return 0;
}

/* The k-th (1-based) ancestor-or-self of a clean absolute path: "/" is the
 * first, path itself the last.  False past the end. */
static bool
nth_prefix(const char *path, int k, char *dst, size_t n)
{
    size_t len = 1;

    for (int i = 1; i < k; i++) {
        const char *slash;

        if (path[len] == '\0')
            return false;
        slash = strchr(path + len + 1, '/');
        len = slash ? (size_t)(slash - path) : strlen(path);
    }
    snprintf(dst, n, "%.*s", (int)len, path);
    return true;
}

/* Fork a child that becomes u and tries to search each directory from "/"
 * down to path.  Returns the 1-based index of the first one u cannot
 * search, 0 when all are fine, -1 when the probe itself failed. */
static int
probe_search(const struct srvuser *u, const char *path)
{
    char dir[PATH_MAX];
    pid_t pid = fork();
    int rc;

    if (pid < 0)
        return -1;
    if (pid == 0) {
        if (drop_privileges(u) < 0)
            _exit(255);
        for (int k = 1; k < 255 && nth_prefix(path, k, dir, sizeof(dir)); k++)
            if (access(dir, X_OK) < 0)
                _exit(k);
        _exit(0);
    }
    rc = wait_child(pid, NULL);
    return rc >= 0 && rc < 255 ? rc : -1;
}

static int
unreachable(const struct srvuser *u, const char *dir, const char *why,
            struct pd_err *err)
{
    pd_err_set(err, PD_E_IO,
               "the PostgreSQL server user \"%s\" cannot enter \"%s\"", u->name,
               dir);
    pd_err_detail(err, "%s", why);
    return pd_err_hint(err,
                       "grant it search permission with \"setfacl -m u:%s:x "
                       "%s\" (apt-get install acl), or set PRODOPS_HOME to a "
                       "path it can reach",
                       u->name, dir);
}

static int
grant_search(const struct srvuser *u, const char *dir, struct pd_err *err)
{
    char tool[PATH_MAX], spec[96], why[400];
    struct args a = {{NULL}, 0};
    struct pd_buf out = PD_BUF_INIT;
    int rc;

    if (!find_in_path("setfacl", tool, sizeof(tool)))
        return unreachable(u, dir, "setfacl is not installed", err);
    snprintf(spec, sizeof(spec), "u:%s:x", u->name);
    args_add(&a, tool);
    args_add(&a, "-m");
    args_add(&a, spec);
    args_add(&a, dir);
    rc = run(NULL, NULL, &a, &out, err);
    if (rc > 0) {
        if (!meaningful_line(out.buf, why, sizeof(why)))
            snprintf(why, sizeof(why), "setfacl exited with status %d", rc);
        rc = unreachable(u, dir, why, err);
    } else if (rc == 0) {
        pd_log_debug("granted user \"%s\" search permission on \"%s\" "
                     "(setfacl -m %s)",
                     u->name, dir, spec);
    }
    args_free(&a);
    pd_buf_release(&out);
    return rc;
}

/* Make every directory down to home searchable by the server user, adding
 * one ACL entry per blocking directory (README: why ACLs, not chmod). */
static int
grant_traversal(const struct pd_cluster *c, const struct srvuser *u,
                struct pd_err *err)
{
    char dir[PATH_MAX];
    int k, last = 0;

    while ((k = probe_search(u, c->home)) != 0) {
        if (k < 0 || !nth_prefix(c->home, k, dir, sizeof(dir)))
            return pd_err_set(err, PD_E_INTERNAL,
                              "cannot check whether user \"%s\" can reach "
                              "\"%s\"",
                              u->name, c->home);
        if (k == last) /* setfacl "worked" but changed nothing */
            return unreachable(u, dir,
                               "an ACL entry did not make it searchable", err);
        if (grant_search(u, dir, err) < 0)
            return -1;
        last = k;
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Files and directories                                              */
/* ------------------------------------------------------------------ */

static int
mkdir_p(const char *path, struct pd_err *err)
{
    char dir[PATH_MAX];

    for (int k = 2; nth_prefix(path, k, dir, sizeof(dir)); k++)
        if (mkdir(dir, 0777) < 0 && errno != EEXIST)
            return pd_err_set(err, PD_E_IO,
                              "cannot create directory \"%s\": %s", dir,
                              strerror(errno));
    return 0;
}

/* A mode-0700 directory owned by u: created if missing; an existing one
 * must not be a symlink nor belong to a third user (/tmp is shared). */
static int
private_dir(const char *dir, const struct srvuser *u, struct pd_err *err)
{
    struct stat st;

    if (mkdir(dir, 0700) < 0 && errno != EEXIST)
        return pd_err_set(err, PD_E_IO, "cannot create directory \"%s\": %s",
                          dir, strerror(errno));
    if (lstat(dir, &st) < 0 || !S_ISDIR(st.st_mode))
        return pd_err_set(err, PD_E_IO, "\"%s\" is not a directory", dir);
    if (st.st_uid != u->uid && !(u->drop && st.st_uid == 0)) {
        pd_err_set(err, PD_E_IO, "directory \"%s\" belongs to another user",
                   dir);
        return pd_err_hint(err, "remove it and try again");
    }
    if ((st.st_uid != u->uid && chown(dir, u->uid, u->gid) < 0) ||
        ((st.st_mode & 07777) != 0700 && chmod(dir, 0700) < 0))
        return pd_err_set(err, PD_E_IO, "cannot give \"%s\" to user \"%s\": %s",
                          dir, u->name, strerror(errno));
    return 0;
}

/* pg_ctl's shell opens the log as the server user, so it must own it. */
static int
prepare_log(const struct pd_cluster *c, const struct srvuser *u,
            struct pd_err *err)
{
    int fd = open(c->logfile,
                  O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0600);

    if (fd < 0)
        return pd_err_set(err, PD_E_IO, "cannot open \"%s\": %s", c->logfile,
                          strerror(errno));
    if (u->drop && fchown(fd, u->uid, u->gid) < 0) {
        pd_err_set(err, PD_E_IO, "cannot give \"%s\" to user \"%s\": %s",
                   c->logfile, u->name, strerror(errno));
        close(fd);
        return -1;
    }
    close(fd);
    return 0;
}

/* rm -rf for the leftover of an interrupted initdb; does not follow
 * symlinks. */
static int
remove_tree(const char *path)
{
    struct stat st;
    DIR *d;
    struct dirent *e;
    char sub[PATH_MAX];
    int rc = 0;

    if (lstat(path, &st) < 0)
        return errno == ENOENT ? 0 : -1;
    if (!S_ISDIR(st.st_mode))
        return unlink(path);
    if (!(d = opendir(path)))
        return -1;
    while (rc == 0 && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name) >=
            (int)sizeof(sub))
            rc = -1;
        else
            rc = remove_tree(sub);
    }
    closedir(d);
    return rc == 0 ? rmdir(path) : -1;
}

static off_t
file_size(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0 ? st.st_size : 0;
}

/* The log text written since offset from (its last 16 KiB at most). */
static void
read_log_since(const char *path, off_t from, struct pd_buf *out)
{
    char chunk[4096];
    ssize_t n;
    int fd = open(path, O_RDONLY | O_CLOEXEC);

    if (fd < 0)
        return;
    if (file_size(path) - from > OUT_KEEP)
        from = file_size(path) - OUT_KEEP;
    if (lseek(fd, from, SEEK_SET) == from)
        while ((n = read(fd, chunk, sizeof(chunk))) > 0)
            keep_tail(out, chunk, (size_t)n);
    close(fd);
}

/* ------------------------------------------------------------------ */
/* The cluster                                                        */
/* ------------------------------------------------------------------ */

static bool
is_initialized(const struct pd_cluster *c)
{
    char path[PATH_MAX];

    return snprintf(path, sizeof(path), "%s/PG_VERSION", c->datadir) <
               (int)sizeof(path) &&
           access(path, F_OK) == 0;
}

/* Pings go to database "postgres": "prodops" may not exist yet, and every
 * ping at it would log a FATAL line. */
static PGPing
ping(const struct pd_cluster *c)
{
    char conninfo[sizeof(c->uri) + 32];
    size_t n;

    make_uri(c, "postgres", conninfo, sizeof(conninfo));
    n = strlen(conninfo);
    snprintf(conninfo + n, sizeof(conninfo) - n, "&connect_timeout=10");
    return PQping(conninfo);
}

static int
append_line(const char *path, const char *text, struct pd_err *err)
{
    int fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
    size_t len = strlen(text);

    if (fd < 0 || write(fd, text, len) != (ssize_t)len || close(fd) < 0)
        return pd_err_set(err, PD_E_IO, "cannot write \"%s\": %s", path,
                          strerror(errno));
    return 0;
}

/*
 * initdb into DATADIR.init, then rename: a crash mid-initdb leaves a
 * directory we may delete, never a half-made DATADIR that would look
 * initialized.  fsync stays on (no -N): initdb's sync is part of the
 * durability SPEC promises for loaded data.
 */
static int
init_cluster(const struct pd_cluster *c, const struct srvuser *u,
             struct pd_err *err)
{
    char tmp[PATH_MAX], conf[PATH_MAX], why[512];
    struct args a = {{NULL}, 0};
    struct pd_buf out = PD_BUF_INIT;
    int rc;

    if (join(tmp, sizeof(tmp), err, "%s.init", c->datadir) < 0 ||
        join(conf, sizeof(conf), err, "%s/postgresql.conf", tmp) < 0)
        return -1;
    if (remove_tree(tmp) < 0)
        return pd_err_set(err, PD_E_IO, "cannot remove \"%s\": %s", tmp,
                          strerror(errno));
    if (private_dir(tmp, u, err) < 0)
        return -1;
    pd_log_debug("initializing a PostgreSQL cluster in \"%s\"", c->datadir);
    args_tool(&a, c, "initdb");
    args_add(&a, "-D");
    args_add(&a, tmp);
    args_add(&a, "-U" SUPERUSER);
    args_add(&a, "--auth=trust");
    args_add(&a, "-E");
    args_add(&a, "UTF8");
    args_add(&a, "--locale=C");
    rc = run(u, c->home, &a, &out, err);
    if (rc > 0) {
        pd_err_set(err, PD_E_DB, "initdb failed for \"%s\"", c->datadir);
        if (meaningful_line(out.buf, why, sizeof(why)))
            pd_err_detail(err, "%s", why);
        rc = -1;
    }
    args_free(&a);
    pd_buf_release(&out);
    if (rc < 0) {
        remove_tree(tmp);
        return -1;
    }
    /* Our settings live in prodops.conf, rewritten on every start. */
    if (append_line(conf,
                    "\n# Added by prodops: its settings, rewritten on "
                    "every start.\ninclude = 'prodops.conf'\n",
                    err) < 0)
        return -1;
    if (rename(tmp, c->datadir) < 0)
        return pd_err_set(err, PD_E_IO, "cannot rename \"%s\" to \"%s\": %s",
                          tmp, c->datadir, strerror(errno));
    return 0;
}

/*
 * Does this server build know lz4 (PostgreSQL built --with-lz4)?  An
 * unknown value in prodops.conf would stop the server from starting, so
 * ask the binary: `postgres -C` loads the configuration with the value set
 * and prints it, or fails on it.  config_file=/dev/null: postgresql.conf
 * includes prodops.conf, which a new cluster does not have yet.
 */
static bool
knows_lz4(const struct pd_cluster *c, const struct srvuser *u)
{
    struct args a = {{NULL}, 0};
    struct pd_buf out = PD_BUF_INIT;
    struct pd_err ignored = PD_ERR_INIT;
    int rc;

    args_tool(&a, c, "postgres");
    args_add(&a, "-C");
    args_add(&a, "default_toast_compression");
    args_add(&a, "-c");
    args_add(&a, "default_toast_compression=lz4");
    args_add(&a, "-c");
    args_add(&a, "config_file=/dev/null");
    args_add(&a, "-D");
    args_add(&a, c->datadir);
    rc = run(u, c->home, &a, &out, &ignored);
    args_free(&a);
    pd_buf_release(&out);
    pd_log_debug("lz4 compression %s", rc == 0 ? "available" : "unavailable");
    return rc == 0;
}

/*
 * The server's settings, measured one by one with 1 M tickets and 1 M
 * events (README "Performance", issue 15).  wal_level=minimal (the
 * default, [database] wal): a table, partition or index made or truncated
 * in the loading transaction is written straight to disk and fsynced at
 * commit instead of going through the WAL (a 1 M-event load: 180 MB of WAL
 * instead of 901 MB, its month partitions being new), so a crash at any
 * point is as safe as before (the commit is atomic either way); it rules
 * out archiving, base backups and point-in-time recovery, and needs
 * max_wal_senders=0.  replica keeps PostgreSQL's defaults for those.
 * max_wal_size 8GB: the old 2GB forced a checkpoint in the middle of that
 * load.  shared_buffers 512MB: a few percent of the machine, which the
 * server shares with other programs.  lz4 TOASTs long values (a jsonb of
 * properties over ~2 KB) faster than pglz; no bench row is that long.
 * max_parallel_maintenance_workers: an index build's leader sorts too, so
 * PostgreSQL's 2 workers are three sorting processes, which a 2-core
 * machine runs by turns: a first load of 1 M tickets built each of its
 * three indexes in 0.54-0.77 s with one worker, 0.63-0.89 s with two and
 * 0.88-1.19 s with none (three interleaved runs each, idle).  So one
 * fewer than the cores, at most PostgreSQL's default.
 * backend_flush_after 2MB (minimal only): a load's table is fsynced at
 * commit, and the COPY writes it through a small ring of buffers into the
 * kernel's cache, so the commit waited for the disk to take the whole table
 * (0.54-0.77 s of a 1 M-ticket first load, 0.24-0.31 s of 1 M events).
 * Asking the kernel to start writing every 2 MB (PostgreSQL's maximum)
 * lets the disk work during the COPY: the commit took 0.08-0.11 s, the
 * COPY and its CPU no longer than the runs' spread (interleaved runs on a
 * loaded machine, 2026-12-06).  Those pages are not written again, so
 * the early writeback costs no second write.  Under replica the table goes
 * through the WAL and the checkpointer writes it later: PostgreSQL's
 * default stays.
 */
static void
print_settings(FILE *f, const struct pd_cluster *c, bool lz4)
{
    bool minimal = c->wal == PD_CLUSTER_WAL_MINIMAL;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    long build_workers = cores > 3 ? 2 : cores > 1 ? cores - 1 : 0;

    fprintf(f,
            "# Written by prodops on every start; edits here are lost.\n"
            "listen_addresses = ''\n"
            "unix_socket_directories = '%s'\n"
            "unix_socket_permissions = 0700\n"
            "port = " PORT "\n"
            "fsync = on\n"
            "wal_level = %s\n"
            "max_wal_senders = %d\n"
            "shared_buffers = 512MB\n"
            "max_wal_size = 8GB\n"
            "checkpoint_timeout = 30min\n"
            "max_parallel_maintenance_workers = %ld\n",
            c->sockdir, pd_cluster_wal_name(c->wal), minimal ? 0 : 10,
            build_workers);
    if (minimal)
        fprintf(f, "backend_flush_after = 2MB\n");
    if (lz4)
        fprintf(f, "default_toast_compression = lz4\n");
}

/*
 * Written on every start rather than once at initdb, so a checkout that
 * moved (and so got another socket directory) still starts, and a cluster
 * made by an older prodops, or a changed [database] wal, gets today's
 * settings.  Not passed with pg_ctl -o: pg_ctl hands that string to
 * /bin/sh unquoted.  A setting someone put in postgresql.auto.conf (ALTER
 * SYSTEM) still wins, as PostgreSQL reads that file last.
 */
static int
write_conf(const struct pd_cluster *c, const struct srvuser *u,
           struct pd_err *err)
{
    char path[PATH_MAX], tmp[PATH_MAX];
    bool lz4 = knows_lz4(c, u);
    FILE *f;
    int fd, bad;

    if (join(path, sizeof(path), err, "%s/prodops.conf", c->datadir) < 0 ||
        join(tmp, sizeof(tmp), err, "%s.tmp", path) < 0)
        return -1;
    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0 || (u->drop && fchown(fd, u->uid, u->gid) < 0) ||
        !(f = fdopen(fd, "w"))) {
        if (fd >= 0)
            close(fd);
        return pd_err_set(err, PD_E_IO, "cannot write \"%s\": %s", tmp,
                          strerror(errno));
    }
    print_settings(f, c, lz4);
    bad = ferror(f);
    if (fclose(f) != 0 || bad || rename(tmp, path) < 0)
        return pd_err_set(err, PD_E_IO, "cannot write \"%s\": %s", path,
                          strerror(errno));
    return 0;
}

static int
wait_ready(const struct pd_cluster *c, struct pd_err *err)
{
    for (int i = 0; i < READY_WAIT * 10; i++) {
        if (ping(c) == PQPING_OK)
            return 0;
        sleep_ms(100);
    }
    pd_err_set(err, PD_E_DB,
               "the PostgreSQL server in \"%s\" does not "
               "accept connections",
               c->datadir);
    return pd_err_hint(err, "see the server log \"%s\"", c->logfile);
}

/* After kill -9 of a postmaster its children need a moment to notice and
 * exit; until then the new server refuses their shared memory block. */
static bool
transient_failure(const char *why)
{
    return strstr(why, "pre-existing shared memory block") != NULL ||
           strstr(why, "lock file") != NULL;
}

/* One `pg_ctl start`; 0, or the exit status with why filled. */
static int
pg_ctl_start(const struct pd_cluster *c, const struct srvuser *u, char *why,
             size_t n, struct pd_err *err)
{
    struct args a = {{NULL}, 0};
    struct pd_buf out = PD_BUF_INIT, log = PD_BUF_INIT;
    off_t from = file_size(c->logfile);
    char wait[16];
    int rc;

    snprintf(wait, sizeof(wait), "%d", PGCTL_WAIT);
    args_tool(&a, c, "pg_ctl");
    args_add(&a, "-D");
    args_add(&a, c->datadir);
    args_add(&a, "-l");
    args_add(&a, c->logfile);
    args_add(&a, "-w");
    args_add(&a, "-t");
    args_add(&a, wait);
    args_add(&a, "start");
    rc = run(u, c->home, &a, &out, err);
    if (rc > 0) {
        read_log_since(c->logfile, from, &log);
        if (!meaningful_line(log.buf, why, n) &&
            !meaningful_line(out.buf, why, n))
            snprintf(why, n, "pg_ctl exited with status %d", rc);
    }
    args_free(&a);
    pd_buf_release(&out);
    pd_buf_release(&log);
    return rc;
}

static int
start_server(const struct pd_cluster *c, const struct srvuser *u,
             struct pd_err *err)
{
    char why[512] = "";
    int rc;

    for (int attempt = 1;; attempt++) {
        rc = pg_ctl_start(c, u, why, sizeof(why), err);
        if (rc < 0)
            return -1;
        if (rc == 0)
            return wait_ready(c, err);
        if (attempt >= START_TRIES || !transient_failure(why))
            break;
        pd_log_debug("server start failed (%s); retrying", why);
        sleep_ms(1000);
    }
    pd_err_set(err, PD_E_DB, "cannot start the PostgreSQL server in \"%s\"",
               c->datadir);
    pd_err_detail(err, "%s", why);
    return pd_err_hint(err, "see the server log \"%s\"", c->logfile);
}

/* libpq prints notices to stderr by default; library code must not. */
static void
notice_to_debug(void *arg, const char *message)
{
    (void)arg;
    pd_log_debug("server: %.*s", (int)strcspn(message, "\n"), message);
}

static int
db_error(PGconn *conn, const char *what, struct pd_err *err)
{
    const char *msg = PQerrorMessage(conn);

    pd_err_set(err, PD_E_DB, "%s", what);
    return pd_err_detail(err, "%.*s", (int)strcspn(msg, "\n"), msg);
}

/*
 * CREATE DATABASE cannot take a parameter and is not a migration (load/sql
 * is applied in order by migrate.c), so these two statements stay here.
 * Callers hold the lock; 42P04 still counts as success for a database made
 * by hand in between.
 */
static int
create_database(PGconn *conn, struct pd_err *err)
{
    const char *const params[1] = {DATABASE};
    PGresult *res;
    const char *state;
    int rc = 0;

    res = PQexecParams(conn, "SELECT 1 FROM pg_database WHERE datname = $1", 1,
                       NULL, params, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK)
        rc = db_error(conn, "cannot list databases", err);
    else if (PQntuples(res) == 0) {
        PQclear(res);
        res = PQexec(conn, "CREATE DATABASE " DATABASE);
        state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
        if (PQresultStatus(res) != PGRES_COMMAND_OK &&
            !(state && strcmp(state, "42P04") == 0))
            rc = db_error(conn, "cannot create database \"" DATABASE "\"", err);
    }
    PQclear(res);
    return rc;
}

static int
ensure_database(const struct pd_cluster *c, struct pd_err *err)
{
    char uri[sizeof(c->uri)];
    PGconn *conn;
    int rc;

    make_uri(c, "postgres", uri, sizeof(uri));
    conn = PQconnectdb(uri);
    if (PQstatus(conn) != CONNECTION_OK)
        rc = db_error(conn,
                      "cannot connect to the embedded PostgreSQL "
                      "server",
                      err);
    else {
        PQsetNoticeProcessor(conn, notice_to_debug, NULL);
        rc = create_database(conn, err);
    }
    PQfinish(conn);
    return rc;
}

/* pg_ctl and the server interpret these through /bin/sh ("exec \"%s\""),
 * so they would break its quoting. */
static int
check_quotable(const struct pd_cluster *c, struct pd_err *err)
{
    if (strpbrk(c->home, "\"$`\\\n") == NULL)
        return 0;
    pd_err_set(err, PD_E_CONFIG,
               "prodops home \"%s\" contains a character pg_ctl cannot quote",
               c->home);
    return pd_err_hint(err, "set PRODOPS_HOME to a path without \", $, ` "
                            "or \\");
}

/* Lock HOME/cluster.lock so concurrent prodops processes take turns; the
 * fd is close-on-exec so the postmaster never inherits the lock. */
static int
lock_home(const struct pd_cluster *c, int *fd, struct pd_err *err)
{
    char path[PATH_MAX];

    *fd = -1;
    if (join(path, sizeof(path), err, "%s/cluster.lock", c->home) < 0)
        return -1;
    *fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (*fd < 0) {
        pd_err_set(err, PD_E_IO, "cannot open lock file \"%s\": %s", path,
                   strerror(errno));
        return errno == EACCES ? pd_err_hint(err,
                                             "run prodops as the owner "
                                             "of \"%s\" or set "
                                             "PRODOPS_HOME",
                                             c->home)
                               : -1;
    }
    for (int i = 0; flock(*fd, LOCK_EX | LOCK_NB) < 0; i++) {
        if (errno != EWOULDBLOCK && errno != EINTR)
            return pd_err_set(err, PD_E_IO, "cannot lock \"%s\": %s", path,
                              strerror(errno));
        if (i == 0)
            pd_log_debug("waiting for another prodops to release \"%s\"", path);
        if (i >= LOCK_WAIT * 10) {
            pd_err_set(err, PD_E_LOCKED,
                       "lock file \"%s\" is held by another "
                       "process",
                       path);
            return pd_err_hint(err, "wait for the other prodops to finish");
        }
        sleep_ms(100);
    }
    return 0;
}

static int
bring_up(const struct pd_cluster *c, const struct srvuser *u,
         struct pd_err *err)
{
    struct stat st;

    if (u->drop && grant_traversal(c, u, err) < 0)
        return -1;
    if (!is_initialized(c)) {
        if (stat(c->datadir, &st) == 0) {
            pd_err_set(err, PD_E_DB,
                       "\"%s\" exists but is not a PostgreSQL data directory",
                       c->datadir);
            return pd_err_hint(err, "remove it to let prodops create the "
                                    "cluster again");
        }
        if (init_cluster(c, u, err) < 0)
            return -1;
    }
    if (prepare_log(c, u, err) < 0 ||
        (strcmp(c->sockdir, c->datadir) != 0 &&
         private_dir(c->sockdir, u, err) < 0) ||
        write_conf(c, u, err) < 0)
        return -1;
    return start_server(c, u, err);
}

int
pd_cluster_start(struct pd_cluster *c, struct pd_err *err)
{
    struct srvuser u;
    int fd = -1, rc = -1;

    if (check_quotable(c, err) < 0 || mkdir_p(c->home, err) < 0 ||
        lock_home(c, &fd, err) < 0 || resolve_user(c, &u, err) < 0)
        goto out;
    switch (ping(c)) {
    case PQPING_OK:
        break;
    case PQPING_REJECT: /* starting up or recovering: let it finish */
        if (wait_ready(c, err) < 0)
            goto out;
        break;
    default:
        if (bring_up(c, &u, err) < 0)
            goto out;
        break;
    }
    rc = ensure_database(c, err);
out:
    if (fd >= 0)
        close(fd);
    return rc;
}

static int
pg_ctl_stop(const struct pd_cluster *c, const struct srvuser *u,
            struct pd_err *err)
{
    struct args a = {{NULL}, 0};
    struct pd_buf out = PD_BUF_INIT;
    char wait[16], why[512];
    int rc;

    /* The shutdown checkpoint after a large load can take minutes on a slow
     * disk; "stopped" must mean stopped (the socket is gone long before the
     * postmaster), so wait for it rather than report success early. */
    snprintf(wait, sizeof(wait), "%d", PGCTL_STOP_WAIT);
    args_tool(&a, c, "pg_ctl");
    args_add(&a, "-D");
    args_add(&a, c->datadir);
    args_add(&a, "-m");
    args_add(&a, "fast");
    args_add(&a, "-w");
    args_add(&a, "-t");
    args_add(&a, wait);
    args_add(&a, "stop");
    rc = run(u, c->home, &a, &out, err);
    /* A postmaster.pid left by a crash makes pg_ctl fail; the server is
     * stopped all the same, which is what the caller asked for. */
    if (rc > 0 && ping(c) != PQPING_NO_RESPONSE) {
        pd_err_set(err, PD_E_DB, "cannot stop the PostgreSQL server in \"%s\"",
                   c->datadir);
        if (meaningful_line(out.buf, why, sizeof(why)))
            pd_err_detail(err, "%s", why);
        rc = -1;
    }
    args_free(&a);
    pd_buf_release(&out);
    return rc < 0 ? -1 : 0;
}

int
pd_cluster_stop(struct pd_cluster *c, struct pd_err *err)
{
    char pidfile[PATH_MAX];
    struct srvuser u;
    int fd = -1, rc = -1;

    if (!is_initialized(c))
        return 0;
    if (join(pidfile, sizeof(pidfile), err, "%s/postmaster.pid", c->datadir) <
            0 ||
        lock_home(c, &fd, err) < 0 || resolve_user(c, &u, err) < 0 ||
        (u.drop && grant_traversal(c, &u, err) < 0))
        goto out;
    rc = access(pidfile, F_OK) == 0 ? pg_ctl_stop(c, &u, err) : 0;
out:
    if (fd >= 0)
        close(fd);
    return rc;
}

int
pd_cluster_status(struct pd_cluster *c, bool *initialized, bool *running,
                  struct pd_err *err)
{
    PGPing p;

    (void)err; /* nothing here can fail: unknown reads as "no" */
    *initialized = is_initialized(c);
    p = *initialized ? ping(c) : PQPING_NO_RESPONSE;
    *running = p == PQPING_OK || p == PQPING_REJECT;
    return 0;
}
