/* Unit tests for jobs/demo: files, row counts, determinism, the overlap
 * between the two Zendesk exports, bench mode and the error paths. */
/* cmocka.h needs these system headers before it. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
/* clang-format on */

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/timeutil.h"
#include "jobs/demo.h"

/* ---- helpers ----------------------------------------------------------- */

static char *
slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;

    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    n = ftell(f);
    assert_true(n >= 0);
    rewind(f);
    buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return buf;
}

typedef void field_fn(void *ctx, size_t rec, size_t col, const char *s);

/* A small RFC 4180 scanner: quotes, doubled quotes, newlines inside quotes,
 * CRLF or LF record ends.  Calls fn per field (may be NULL) and returns the
 * number of records, header included. */
static size_t
csv_scan(const char *path, field_fn *fn, void *ctx)
{
    size_t len, rec = 0, col = 0, fl = 0;
    char *buf = slurp(path, &len);
    char field[4096];
    int quoted = 0;

    for (size_t i = 0; i < len; i++) {
        char c = buf[i];
        if (quoted) {
            if (c == '"' && i + 1 < len && buf[i + 1] == '"')
                i++;
            else if (c == '"') {
                quoted = 0;
                continue;
            }
        } else if (c == '"') {
            quoted = 1;
            continue;
        } else if (c == ',' || c == '\n') {
            field[fl] = '\0';
            if (fn)
                fn(ctx, rec, col, field);
            fl = 0;
            col = c == ',' ? col + 1 : 0;
            rec += c == '\n';
            continue;
        } else if (c == '\r') {
            continue;
        }
        assert_true(fl + 1 < sizeof(field));
        field[fl++] = c;
    }
    assert_false(quoted);
    assert_int_equal(col, 0); /* the last record ends with a newline */
    free(buf);
    return rec;
}

static void
rm_tree(const char *path)
{
    struct stat sb;
    DIR *dir;
    struct dirent *de;
    char sub[PD_DEMO_PATH_MAX];

    if (lstat(path, &sb) != 0)
        return;
    if (!S_ISDIR(sb.st_mode)) {
        unlink(path);
        return;
    }
    dir = opendir(path);
    assert_non_null(dir);
    while ((de = readdir(dir)) != NULL) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name);
        rm_tree(sub);
    }
    closedir(dir);
    rmdir(path);
}

struct fixture {
    char dir[64];
    char out[128];
    struct pd_demo_opts o;
    struct pd_demo_stats st;
};

static int
setup(void **state)
{
    struct fixture *fx = calloc(1, sizeof(*fx));

    if (!fx)
        return -1;
    snprintf(fx->dir, sizeof(fx->dir), "/tmp/pd-test-demo-XXXXXX");
    if (!mkdtemp(fx->dir))
        return -1;
    snprintf(fx->out, sizeof(fx->out), "%s/a", fx->dir);
    pd_demo_opts_init(&fx->o, pd_time_make(2026, 3, 2, 0, 0, 0, 0));
    fx->o.out_dir = fx->out;
    fx->o.seed = 7;
    fx->o.accounts = 12;
    fx->o.tickets = 1500;
    *state = fx;
    return 0;
}

static int
teardown(void **state)
{
    struct fixture *fx = *state;

    rm_tree(fx->dir);
    free(fx);
    return 0;
}

static const struct pd_demo_file *
find_file(const struct pd_demo_stats *st, const char *name)
{
    static const struct pd_demo_file none;

    for (size_t i = 0; i < st->nfiles; i++)
        if (!strcmp(st->files[i].name, name))
            return &st->files[i];
    fail_msg("%s not in stats", name);
    return &none;
}

static void
generate_ok(struct fixture *fx)
{
    struct pd_err err = PD_ERR_INIT;

    if (pd_demo_generate(&fx->o, &fx->st, &err) != 0)
        fail_msg("pd_demo_generate: %s", err.msg);
}

/* ---- tests ------------------------------------------------------------- */

static void
test_files_and_row_counts(void **state)
{
    static const char *const names[] = {
        "crm/accounts.csv", "zendesk/export-1.csv", "zendesk/export-2.csv",
        "freshdesk/tickets.csv", "hubspot/tickets.csv"};
    struct fixture *fx = *state;

    generate_ok(fx);
    assert_int_equal(fx->st.nfiles, 5);
    for (size_t i = 0; i < 5; i++) {
        const struct pd_demo_file *f = find_file(&fx->st, names[i]);
        char tmp[PD_DEMO_PATH_MAX + 8];
        struct stat sb;

        assert_int_equal(access(f->path, R_OK), 0);
        snprintf(tmp, sizeof(tmp), "%s.tmp", f->path);
        assert_int_not_equal(stat(tmp, &sb), 0); /* renamed into place */
        assert_true(f->rows > 0);
        assert_int_equal(csv_scan(f->path, NULL, NULL), f->rows + 1);
    }
    assert_int_equal(find_file(&fx->st, "crm/accounts.csv")->rows, 12);
}

static void
check_header_and_first_id(void *ctx, size_t rec, size_t col, const char *s)
{
    int *seen = ctx;

    if (rec == 0 && col == 0)
        assert_string_equal(s, "Account ID");
    if (rec == 0 && col == 7)
        assert_string_equal(s, "Account Owner");
    if (rec == 1 && col == 0) {
        assert_string_equal(s, "ACC-1000");
        (*seen)++;
    }
    if (rec > 0 && col == 2)
        assert_non_null(strstr(s, ".example"));
}

static void
test_accounts_shape(void **state)
{
    struct fixture *fx = *state;
    int seen = 0;

    generate_ok(fx);
    csv_scan(find_file(&fx->st, "crm/accounts.csv")->path,
             check_header_and_first_id, &seen);
    assert_int_equal(seen, 1);
}

static int
files_equal(const char *a, const char *b)
{
    size_t la, lb;
    char *x = slurp(a, &la), *y = slurp(b, &lb);
    int eq = la == lb && memcmp(x, y, la) == 0;

    free(x);
    free(y);
    return eq;
}

static void
test_deterministic(void **state)
{
    struct fixture *fx = *state;
    struct pd_demo_stats first;
    int any_differs = 0;

    generate_ok(fx);
    first = fx->st;
    snprintf(fx->out, sizeof(fx->out), "%s/b", fx->dir);
    generate_ok(fx);
    assert_int_equal(first.nfiles, fx->st.nfiles);
    for (size_t i = 0; i < first.nfiles; i++) {
        assert_int_equal(first.files[i].rows, fx->st.files[i].rows);
        assert_true(files_equal(first.files[i].path, fx->st.files[i].path));
    }
    /* Another seed gives other data. */
    snprintf(fx->out, sizeof(fx->out), "%s/c", fx->dir);
    fx->o.seed = 8;
    generate_ok(fx);
    for (size_t i = 0; i < first.nfiles; i++)
        any_differs |= !files_equal(first.files[i].path, fx->st.files[i].path);
    assert_true(any_differs);
}

/* Id (column 0) and Updated at (column 13) of a Zendesk export. */
struct zrow {
    long id;
    char updated[20];
};

struct zrows {
    struct zrow *v;
    size_t n, cap;
};

static void
collect_zendesk(void *ctx, size_t rec, size_t col, const char *s)
{
    struct zrows *z = ctx;

    if (rec == 0)
        return;
    if (col == 0) {
        if (z->n == z->cap) {
            z->cap = z->cap ? 2 * z->cap : 256;
            z->v = realloc(z->v, z->cap * sizeof(*z->v));
            assert_non_null(z->v);
        }
        z->v[z->n].id = strtol(s, NULL, 10);
        z->v[z->n].updated[0] = '\0';
        z->n++;
    } else if (col == 13) {
        assert_int_equal(strlen(s), 19);
        memcpy(z->v[z->n - 1].updated, s, 20);
    }
}

static const struct zrow *
zfind(const struct zrows *z, long id)
{
    for (size_t i = 0; i < z->n; i++)
        if (z->v[i].id == id)
            return &z->v[i];
    return NULL;
}

static void
test_export2_overlaps_export1(void **state)
{
    struct fixture *fx = *state;
    struct zrows z1 = {NULL, 0, 0}, z2 = {NULL, 0, 0};
    size_t both = 0, later = 0, only2 = 0;

    generate_ok(fx);
    csv_scan(find_file(&fx->st, "zendesk/export-1.csv")->path, collect_zendesk,
             &z1);
    csv_scan(find_file(&fx->st, "zendesk/export-2.csv")->path, collect_zendesk,
             &z2);
    for (size_t i = 1; i < z1.n; i++)
        assert_true(z1.v[i].id > z1.v[i - 1].id); /* unique, ascending */
    for (size_t i = 0; i < z2.n; i++) {
        const struct zrow *old = zfind(&z1, z2.v[i].id);
        if (!old) {
            only2++;
            continue;
        }
        both++;
        /* A later export never shows an older state. */
        assert_true(strcmp(z2.v[i].updated, old->updated) >= 0);
        later += strcmp(z2.v[i].updated, old->updated) > 0;
    }
    assert_true(both > 0);
    assert_true(later > 0);
    assert_true(only2 > 0);
    /* Every ticket appears once across the vendors when the overlap is
     * counted once. */
    assert_int_equal(z1.n + z2.n - both +
                         find_file(&fx->st, "freshdesk/tickets.csv")->rows +
                         find_file(&fx->st, "hubspot/tickets.csv")->rows,
                     1500);
    free(z1.v);
    free(z2.v);
}

static void
test_bench_mode(void **state)
{
    struct fixture *fx = *state;
    const struct pd_demo_file *f;
    char *head_bench, *head_z1;
    size_t n1, n2;

    fx->o.bench_tickets = 5000;
    generate_ok(fx);
    assert_int_equal(fx->st.nfiles, 1);
    f = &fx->st.files[0];
    assert_string_equal(f->name, "bench/zendesk-bench.csv");
    assert_int_equal(f->rows, 5000);
    assert_int_equal(csv_scan(f->path, NULL, NULL), 5001);

    /* Same header as the Zendesk exports. */
    head_bench = slurp(f->path, &n1);
    fx->o.bench_tickets = 0;
    generate_ok(fx);
    head_z1 = slurp(find_file(&fx->st, "zendesk/export-1.csv")->path, &n2);
    n1 = strcspn(head_bench, "\n");
    assert_int_equal(n1, strcspn(head_z1, "\n"));
    assert_int_equal(memcmp(head_bench, head_z1, n1), 0);
    free(head_bench);
    free(head_z1);
}

static void
test_errors(void **state)
{
    struct fixture *fx = *state;
    struct pd_err err = PD_ERR_INIT;
    char blocker[128];
    FILE *f;

    /* A regular file where a directory must go. */
    snprintf(blocker, sizeof(blocker), "%s/file", fx->dir);
    f = fopen(blocker, "w");
    assert_non_null(f);
    fclose(f);
    snprintf(fx->out, sizeof(fx->out), "%s/file/sub", fx->dir);
    assert_int_equal(pd_demo_generate(&fx->o, &fx->st, &err), -1);
    assert_int_equal(err.code, PD_E_IO);
    assert_non_null(strstr(err.msg, blocker));
    assert_int_equal(fx->st.nfiles, 0);

    fx->o.out_dir = "";
    assert_int_equal(pd_demo_generate(&fx->o, &fx->st, &err), -1);
    assert_int_equal(err.code, PD_E_USAGE);

    fx->o.out_dir = fx->out;
    fx->o.tickets = PD_DEMO_MAX_TICKETS + 1;
    assert_int_equal(pd_demo_generate(&fx->o, &fx->st, &err), -1);
    assert_int_equal(err.code, PD_E_LIMIT);

    fx->o.tickets = 10;
    fx->o.end_us = 0;
    assert_int_equal(pd_demo_generate(&fx->o, &fx->st, &err), -1);
    assert_int_equal(err.code, PD_E_USAGE);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_files_and_row_counts, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_accounts_shape, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deterministic, setup, teardown),
        cmocka_unit_test_setup_teardown(test_export2_overlaps_export1, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_bench_mode, setup, teardown),
        cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
