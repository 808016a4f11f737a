/*
 * test_cluster - the embedded PostgreSQL, started for real.
 *
 * Needs the PostgreSQL server binaries (skips without them).  Everything
 * lives under a mode-0700 directory in /tmp, so when the test runs as root
 * it reproduces "a checkout under a mode-700 home": the server user must be
 * granted search permission with setfacl.  The tests share one cluster and
 * run in order; each one after the cold start skips if that failed.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <libpq-fe.h>

#include "load/cluster.h"

static struct {
    char tmp[64];         /* mkdtemp root, mode 0700, removed at the end */
    struct pd_cluster c;  /* tmp/home */
    struct pd_cluster c2; /* tmp/home2: the concurrent-start test */
    bool have_server;     /* server binaries found */
    bool ready;           /* the cold start worked */
} t;

static bool
have_tool(const char *name)
{
    char cmd[128];

    snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", name);
    return system(cmd) == 0;
}

static void
need_cluster(void)
{
    if (!t.ready)
        skip();
}

/* First column of the first row of sql on uri, as a heap string. */
static char *
scalar(const char *uri, const char *sql)
{
    PGconn *conn = PQconnectdb(uri);
    PGresult *res;
    char *val = NULL;

    if (PQstatus(conn) != CONNECTION_OK) {
        print_error("connect %s: %s", uri, PQerrorMessage(conn));
        PQfinish(conn);
        return NULL;
    }
    res = PQexec(conn, sql);
    if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) > 0)
        val = strdup(PQgetvalue(res, 0, 0));
    else if (PQresultStatus(res) == PGRES_COMMAND_OK)
        val = strdup("");
    else
        print_error("%s: %s", sql, PQerrorMessage(conn));
    PQclear(res);
    PQfinish(conn);
    return val;
}

static void
assert_scalar(const char *uri, const char *sql, const char *want)
{
    char *got = scalar(uri, sql);

    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
}

static void
assert_status(struct pd_cluster *c, bool want_init, bool want_running)
{
    struct pd_err err = PD_ERR_INIT;
    bool init = !want_init, running = !want_running;

    assert_int_equal(pd_cluster_status(c, &init, &running, &err), 0);
    assert_true(init == want_init);
    assert_true(running == want_running);
}

static int
start_or_print(struct pd_cluster *c)
{
    struct pd_err err = PD_ERR_INIT;
    int rc = pd_cluster_start(c, &err);

    if (rc != 0)
        print_error("start: %s | detail: %s | hint: %s\n", err.msg, err.detail,
                    err.hint);
    return rc;
}

static int
setup(void **state)
{
    struct pd_err err = PD_ERR_INIT;
    char home[128];

    (void)state;
    snprintf(t.tmp, sizeof(t.tmp), "/tmp/prodops-test-XXXXXX");
    if (!mkdtemp(t.tmp) || chmod(t.tmp, 0700) < 0)
        return -1;
    snprintf(home, sizeof(home), "%s/home", t.tmp);
    t.have_server = pd_cluster_locate(&t.c, home, &err) == 0;
    if (!t.have_server)
        print_message("no PostgreSQL server binaries: %s\n", err.msg);
    return 0;
}

static int
teardown(void **state)
{
    struct pd_err err = PD_ERR_INIT;
    char cmd[128];

    (void)state;
    if (t.c.datadir[0])
        pd_cluster_stop(&t.c, &err);
    if (t.c2.datadir[0])
        pd_cluster_stop(&t.c2, &err);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", t.tmp);
    return system(cmd) == 0 ? 0 : -1;
}

static void
test_locate_paths(void **state)
{
    struct pd_err err = PD_ERR_INIT;
    struct pd_cluster c;
    char want[512], home[256];

    (void)state;
    if (!t.have_server)
        skip();
    snprintf(want, sizeof(want), "%s/home/pg", t.tmp);
    assert_string_equal(t.c.datadir, want);
    assert_string_equal(t.c.sockdir, want);
    snprintf(want, sizeof(want),
             "postgresql://prodops@/prodops?host=%%2Ftmp%%2F%.60s%%2Fhome%%2Fpg"
             "&port=5432",
             t.tmp + 5);
    assert_string_equal(t.c.uri, want);

    /* Messy spelling, same paths. */
    snprintf(home, sizeof(home), "%s//./home/", t.tmp);
    assert_int_equal(pd_cluster_locate(&c, home, &err), 0);
    assert_string_equal(c.datadir, t.c.datadir);

    /* Too long for sun_path: the socket moves to /tmp/prodops-<hash>. */
    snprintf(home, sizeof(home), "%s/%0100d", t.tmp, 0);
    assert_int_equal(pd_cluster_locate(&c, home, &err), 0);
    assert_int_equal(strncmp(c.sockdir, "/tmp/prodops-", 13), 0);
    assert_int_equal(strlen(c.sockdir), 21);
}

static void
test_bindir_not_found(void **state)
{
    struct pd_err err = PD_ERR_INIT;
    struct pd_cluster c;

    (void)state;
    setenv("PRODOPS_PG_BINDIR", "/nonexistent", 1);
    assert_int_equal(pd_cluster_locate(&c, t.tmp, &err), -1);
    unsetenv("PRODOPS_PG_BINDIR");
    assert_string_equal(err.msg, "PostgreSQL server binaries not found");
    assert_non_null(strstr(err.hint, "apt-get install postgresql"));
    assert_non_null(strstr(err.hint, "PRODOPS_PG_BINDIR"));
}

/* Root without setfacl cannot reach a mode-0700 directory: a controlled
 * error naming the directory and the fix, then the rest is skipped. */
static void
expect_acl_error(void)
{
    struct pd_err err = PD_ERR_INIT;

    assert_int_equal(pd_cluster_start(&t.c, &err), -1);
    assert_non_null(strstr(err.msg, t.tmp));
    assert_non_null(strstr(err.hint, "apt-get install acl"));
    assert_non_null(strstr(err.hint, "PRODOPS_HOME"));
    print_message("setfacl missing; checked the error, skipping the rest\n");
}

static void
test_cold_start(void **state)
{
    struct timespec a, b;
    struct stat st;

    (void)state;
    if (!t.have_server)
        skip();
    if (geteuid() == 0 && !have_tool("setfacl")) {
        expect_acl_error();
        skip();
    }
    clock_gettime(CLOCK_MONOTONIC, &a);
    assert_int_equal(start_or_print(&t.c), 0);
    clock_gettime(CLOCK_MONOTONIC, &b);
    print_message("cold start (initdb + start): %.2f s\n",
                  (double)(b.tv_sec - a.tv_sec) +
                      (double)(b.tv_nsec - a.tv_nsec) / 1e9);
    t.ready = true;
    assert_int_equal(stat(t.c.datadir, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0700);
    if (geteuid() == 0)
        assert_true(st.st_uid != 0);
    else
        assert_true(st.st_uid == geteuid());
}

static void
test_query(void **state)
{
    (void)state;
    need_cluster();
    assert_scalar(t.c.uri, "SELECT 1", "1");
    assert_scalar(t.c.uri, "SELECT current_database()", "prodops");
    assert_scalar(t.c.uri, "SELECT current_user", "prodops");
    /* No TCP port: the socket is the only way in. */
    assert_scalar(t.c.uri, "SHOW listen_addresses", "");
    assert_scalar(t.c.uri, "SHOW unix_socket_permissions", "0700");
    assert_scalar(t.c.uri, "SHOW fsync", "on");
    assert_scalar(t.c.uri, "SHOW shared_buffers", "512MB");
    assert_scalar(t.c.uri, "SHOW wal_level", "minimal");
    assert_scalar(t.c.uri, "SHOW max_wal_senders", "0");
}

static void
test_idempotent_start_and_status(void **state)
{
    (void)state;
    need_cluster();
    assert_int_equal(start_or_print(&t.c), 0);
    assert_status(&t.c, true, true);
}

static void
test_stop_keeps_data(void **state)
{
    struct pd_err err = PD_ERR_INIT;

    (void)state;
    need_cluster();
    assert_scalar(t.c.uri, "CREATE TABLE kept AS SELECT 42 AS x", "");
    assert_int_equal(pd_cluster_stop(&t.c, &err), 0);
    assert_status(&t.c, true, false);
    /* Stopping a stopped cluster succeeds. */
    assert_int_equal(pd_cluster_stop(&t.c, &err), 0);
    assert_int_equal(start_or_print(&t.c), 0);
    assert_scalar(t.c.uri, "SELECT x FROM kept", "42");
}

/* A server that cannot start reports its log's FATAL line as detail. */
static void
test_failure_detail(void **state)
{
    struct pd_err err = PD_ERR_INIT;
    char conf[4200];
    FILE *f;
    long size;

    (void)state;
    need_cluster();
    assert_int_equal(pd_cluster_stop(&t.c, &err), 0);
    snprintf(conf, sizeof(conf), "%s/postgresql.conf", t.c.datadir);
    f = fopen(conf, "a");
    assert_non_null(f);
    size = ftell(f);
    fputs("work_mem = bogus\n", f);
    assert_int_equal(fclose(f), 0);

    assert_int_equal(pd_cluster_start(&t.c, &err), -1);
    assert_int_equal(err.code, PD_E_DB);
    assert_non_null(strstr(err.detail, "FATAL:"));
    assert_non_null(strstr(err.hint, t.c.logfile));

    assert_int_equal(truncate(conf, size), 0);
    assert_int_equal(start_or_print(&t.c), 0);
}

static long
postmaster_pid(const struct pd_cluster *c)
{
    char path[4200];
    long pid = -1;
    FILE *f;

    snprintf(path, sizeof(path), "%s/postmaster.pid", c->datadir);
    f = fopen(path, "r");
    if (!f)
        return -1;
    if (fscanf(f, "%ld", &pid) != 1)
        pid = -1;
    fclose(f);
    return pid;
}

static void
test_crash_recovery(void **state)
{
    struct pd_cluster *c = &t.c;
    struct pd_err err = PD_ERR_INIT;
    bool init, running = true;
    long pid;

    (void)state;
    need_cluster();
    pid = postmaster_pid(c);
    assert_true(pid > 0);
    assert_int_equal(kill((pid_t)pid, SIGKILL), 0);
    for (int i = 0; i < 100 && running; i++) {
        assert_int_equal(pd_cluster_status(c, &init, &running, &err), 0);
        usleep(100000);
    }
    assert_false(running);
    /* The stale postmaster.pid is still there: the case we care about. */
    assert_int_equal(postmaster_pid(c), pid);
    assert_int_equal(start_or_print(c), 0);
    assert_true(postmaster_pid(c) != pid);
    assert_scalar(c->uri, "SELECT x FROM kept", "42");
}

static void
test_concurrent_start(void **state)
{
    struct pd_err err = PD_ERR_INIT;
    char home[128];
    pid_t kids[2];
    int status;

    (void)state;
    need_cluster();
    snprintf(home, sizeof(home), "%s/home2", t.tmp);
    assert_int_equal(pd_cluster_locate(&t.c2, home, &err), 0);
    for (int i = 0; i < 2; i++) {
        kids[i] = fork();
        assert_true(kids[i] >= 0);
        if (kids[i] == 0)
            _exit(start_or_print(&t.c2) == 0 ? 0 : 1);
    }
    for (int i = 0; i < 2; i++) {
        assert_int_equal(waitpid(kids[i], &status, 0), kids[i]);
        assert_true(WIFEXITED(status));
        assert_int_equal(WEXITSTATUS(status), 0);
    }
    assert_status(&t.c2, true, true);
    assert_scalar(t.c2.uri, "SELECT current_database()", "prodops");
    assert_int_equal(pd_cluster_stop(&t.c2, &err), 0);
    assert_status(&t.c2, true, false);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_locate_paths),
        cmocka_unit_test(test_bindir_not_found),
        cmocka_unit_test(test_cold_start),
        cmocka_unit_test(test_query),
        cmocka_unit_test(test_idempotent_start_and_status),
        cmocka_unit_test(test_stop_keeps_data),
        cmocka_unit_test(test_failure_detail),
        cmocka_unit_test(test_crash_recovery),
        cmocka_unit_test(test_concurrent_start),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
