/* Unit tests for jobs/demo: files, row and event counts, determinism (zip
 * included), the overlap between the two Zendesk exports, the cumulative
 * Delighted exports, multi-row survey headers, the Amplitude archive read
 * back with libzip and zlib, accounts joining through e-mail domains,
 * bench modes, the error paths, the two experiments' exposures, users
 * and tickets, the two launches and the feature-request posts, and that
 * the files existing before them kept their bytes. */
/* cmocka.h needs these system headers before it. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
/* clang-format on */

#include <dirent.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>
#include <zlib.h>

#include "common/sha256.h"
#include "common/timeutil.h"
#include "jobs/demo/demo.h"

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
    /* Small enough that a run takes ~0.1 s (under ASan ~1 s). */
    fx->o.nps_per_week = 40;
    fx->o.events_per_day = 250;
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

/* The one file whose name starts with prefix (Qualtrics puts a date in
 * its name). */
static const struct pd_demo_file *
find_prefix(const struct pd_demo_stats *st, const char *prefix)
{
    static const struct pd_demo_file none;

    for (size_t i = 0; i < st->nfiles; i++)
        if (!strncmp(st->files[i].name, prefix, strlen(prefix)))
            return &st->files[i];
    fail_msg("no %s* in stats", prefix);
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

/* Lines of a JSON-lines buffer, each checked to be one object. */
static size_t
jsonl_lines(const char *buf, size_t len)
{
    size_t n = 0, start = 0;

    for (size_t i = 0; i < len; i++) {
        if (buf[i] != '\n')
            continue;
        assert_true(i > start);
        assert_int_equal(buf[start], '{');
        assert_int_equal(buf[i - 1], '}');
        n++;
        start = i + 1;
    }
    assert_int_equal(start, len); /* the last line ends with a newline */
    return n;
}

static size_t
jsonl_file_lines(const char *path)
{
    size_t len, n;
    char *buf = slurp(path, &len);

    n = jsonl_lines(buf, len);
    free(buf);
    return n;
}

/* One gzip member, whole, with zlib. */
static char *
gunzip(const unsigned char *in, size_t n, size_t *outlen)
{
    z_stream z;
    size_t cap = 4 * n + 65536, len = 0;
    char *out = malloc(cap);
    int rc;

    assert_non_null(out);
    memset(&z, 0, sizeof(z));
    assert_int_equal(inflateInit2(&z, 15 + 16), Z_OK);
    z.next_in = (unsigned char *)(uintptr_t)in;
    z.avail_in = (uInt)n;
    do {
        if (cap - len < 65536) {
            cap *= 2;
            out = realloc(out, cap);
            assert_non_null(out);
        }
        z.next_out = (unsigned char *)out + len;
        z.avail_out = (uInt)(cap - len);
        rc = inflate(&z, Z_NO_FLUSH);
        assert_true(rc == Z_OK || rc == Z_STREAM_END);
        len = (size_t)((char *)z.next_out - out);
    } while (rc != Z_STREAM_END);
    assert_int_equal(z.avail_in, 0);
    inflateEnd(&z);
    *outlen = len;
    return out;
}

struct zip_count {
    size_t members, lines;
};

/* Read an Amplitude export back with libzip: member names follow
 * "<project>/<project>_<yyyy-MM-dd>_<H>#<partition>.json.gz", members are
 * stored gzip files, and their JSON lines are counted. */
static struct zip_count
zip_scan(const char *path)
{
    struct zip_count c = {0, 0};
    regex_t re;
    zip_t *za;
    zip_int64_t n;
    int ze = 0;

    assert_int_equal(regcomp(&re,
                             "^([0-9]+)/([0-9]+)_[0-9]{4}-[0-9]{2}-[0-9]{2}_"
                             "[0-9]{1,2}#[0-9]+\\.json\\.gz$",
                             REG_EXTENDED | REG_NOSUB),
                     0);
    za = zip_open(path, ZIP_RDONLY, &ze);
    assert_non_null(za);
    n = zip_get_num_entries(za, 0);
    for (zip_int64_t i = 0; i < n; i++) {
        zip_stat_t st;
        zip_file_t *zf;
        unsigned char *gz;
        char *raw;
        size_t rl;

        assert_int_equal(zip_stat_index(za, (zip_uint64_t)i, 0, &st), 0);
        if (regexec(&re, st.name, 0, NULL, 0) != 0)
            fail_msg("member name %s", st.name);
        assert_int_equal(st.comp_method, ZIP_CM_STORE);
        gz = malloc(st.size + 1);
        assert_non_null(gz);
        zf = zip_fopen_index(za, (zip_uint64_t)i, 0);
        assert_non_null(zf);
        assert_int_equal(zip_fread(zf, gz, st.size), (zip_int64_t)st.size);
        zip_fclose(zf);
        assert_true(st.size > 2 && gz[0] == 0x1f && gz[1] == 0x8b);
        raw = gunzip(gz, st.size, &rl);
        c.lines += jsonl_lines(raw, rl);
        free(raw);
        free(gz);
        c.members++;
    }
    zip_discard(za);
    regfree(&re);
    return c;
}

/* Header rows of the CSV files; JSONL and ZIP are line-counted. */
enum { JSONL = 100, ZIP = 101 };

static const struct expect {
    const char *name; /* a prefix for the Qualtrics file */
    const char *kind;
    size_t hrows;
} expected[] = {
    {"crm/accounts.csv", "accounts", 1},
    {"zendesk/export-1.csv", "tickets", 1},
    {"zendesk/export-2.csv", "tickets", 1},
    {"freshdesk/tickets.csv", "tickets", 1},
    {"hubspot/tickets.csv", "tickets", 1},
    {"nps/delighted/responses-1.csv", "nps", 1},
    {"nps/delighted/responses-2.csv", "nps", 1},
    {"nps/surveymonkey/all-responses.csv", "nps", 2},
    {"nps/typeform/responses.csv", "nps", 1},
    {"nps/qualtrics/Acme Customer Pulse_March 2, 2026_", "nps", 3},
    {"usage/amplitude/export.zip", "usage", ZIP},
    {"usage/mixpanel/export.jsonl", "usage", JSONL},
    {"usage/segment/track.jsonl", "usage", JSONL},
    {"usage/posthog/events.csv", "usage", 1},
    {"usage/pendo/feature-events.csv", "usage", 1},
    {"releases/releases.csv", "releases", 1},
    {"fider/posts.csv", "requests", 1},
};

static void
check_counted(const struct pd_demo_file *f, const struct expect *e)
{
    char tmp[PD_DEMO_PATH_MAX + 8];
    struct stat sb;

    assert_int_equal(access(f->path, R_OK), 0);
    snprintf(tmp, sizeof(tmp), "%s.tmp", f->path);
    assert_int_not_equal(stat(tmp, &sb), 0); /* renamed into place */
    assert_string_equal(f->kind, e->kind);
    assert_true(f->rows > 0);
    if (e->hrows == ZIP) {
        struct zip_count c = zip_scan(f->path);

        snprintf(tmp, sizeof(tmp), "%s.parts", f->path);
        assert_int_not_equal(stat(tmp, &sb), 0); /* staging removed */
        assert_int_equal(c.lines, f->rows);
        assert_int_equal(c.members, f->members);
        assert_int_equal(f->members, PD_DEMO_WEEKS * 7); /* one a day */
    } else if (e->hrows == JSONL) {
        assert_int_equal(jsonl_file_lines(f->path), f->rows);
    } else {
        assert_int_equal(csv_scan(f->path, NULL, NULL), f->rows + e->hrows);
    }
}

static void
test_files_and_row_counts(void **state)
{
    struct fixture *fx = *state;
    size_t nps = 0, events = 0;

    generate_ok(fx);
    assert_int_equal(fx->st.nfiles, sizeof(expected) / sizeof(expected[0]));
    for (size_t i = 0; i < fx->st.nfiles; i++) {
        const struct pd_demo_file *f = find_prefix(&fx->st, expected[i].name);

        assert_ptr_equal(f, &fx->st.files[i]); /* in this order */
        check_counted(f, &expected[i]);
        if (!strcmp(f->kind, "usage"))
            events += f->events;
    }
    assert_int_equal(find_file(&fx->st, "crm/accounts.csv")->rows, 12);
    /* Every response is in exactly one tool's export (Delighted's second
     * export holds all of Delighted's). */
    nps = find_file(&fx->st, "nps/delighted/responses-2.csv")->rows +
          find_file(&fx->st, "nps/surveymonkey/all-responses.csv")->rows +
          find_file(&fx->st, "nps/typeform/responses.csv")->rows +
          find_prefix(&fx->st, "nps/qualtrics/")->rows;
    /* ... and the launches' (launches.h): 6, 8, 4 and 5 of the default
     * 150 a week, scaled to 40: 2 + 2 + 1 + 1. */
    assert_int_equal(fx->st.launch_nps, 6);
    assert_int_equal(nps, 40 * PD_DEMO_WEEKS + fx->st.launch_nps);
    /* About 250 events a day over all tools (the at-risk accounts' silence
     * takes a little off). */
    assert_true(events > 250 * 182 * 85 / 100 &&
                events < 250 * 182 * 105 / 100);
    /* Pendo rows are per visitor and day: more events than rows. */
    assert_true(find_file(&fx->st, "usage/pendo/feature-events.csv")->events >
                find_file(&fx->st, "usage/pendo/feature-events.csv")->rows);
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
    /* The experiments' trial users file their own tickets on top of the
     * 1 500 asked for (jobs/demo/exposures.h; test_experiments counts them
     * in the files), and so do the launches' askers (launches.h). */
    assert_int_equal(z1.n + z2.n - both +
                         find_file(&fx->st, "freshdesk/tickets.csv")->rows +
                         find_file(&fx->st, "hubspot/tickets.csv")->rows,
                     1500 + fx->st.experiment_tickets + fx->st.launch_tickets);
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

/* ---- survey exports ----------------------------------------------------- */

struct hdr_ctx {
    size_t data_rows, partial;
    long score;      /* the current row's score (Qualtrics) */
    int empty_score; /* the current row has no score (Typeform) */
};

/* SurveyMonkey: question row, sub-label row (blank over the matrix's
 * later columns in row 1, blank before the questions in row 2). */
static void
check_surveymonkey(void *ctx, size_t rec, size_t col, const char *s)
{
    struct hdr_ctx *c = ctx;

    if (rec == 0 && col == 0)
        assert_string_equal(s, "Respondent ID");
    if (rec == 0 && col == 9)
        assert_non_null(strstr(s, "recommend Acme"));
    if (rec == 0 && col >= 12)
        assert_string_equal(s, "");
    if (rec == 1 && col < 9)
        assert_string_equal(s, "");
    if (rec == 1 && col == 9)
        assert_string_equal(s, "Response");
    if (rec == 1 && col == 10)
        assert_string_equal(s, "Open-Ended Response");
    if (rec >= 2 && col == 0) {
        assert_true(strlen(s) == 11 || strlen(s) == 12);
        assert_int_equal(strspn(s, "0123456789"), strlen(s));
        c->data_rows++;
    }
}

/* Qualtrics: export tags, labels, import ids with the time zone. */
static void
check_qualtrics(void *ctx, size_t rec, size_t col, const char *s)
{
    struct hdr_ctx *c = ctx;

    if (rec == 0 && col == 0)
        assert_string_equal(s, "StartDate");
    if (rec == 0 && col == 18)
        assert_string_equal(s, "Q1_NPS_GROUP");
    if (rec == 1 && col == 8)
        assert_string_equal(s, "Response ID");
    if (rec == 2 && col == 0)
        assert_string_equal(
            s, "{\"ImportId\":\"startDate\",\"timeZone\":\"America/Denver\"}");
    if (rec < 3)
        return;
    if (col == 8) {
        assert_int_equal(strncmp(s, "R_", 2), 0);
        c->data_rows++;
    } else if (col == 17) {
        c->score = strtol(s, NULL, 10);
        assert_true(c->score >= 0 && c->score <= 10);
    } else if (col == 18) {
        assert_int_equal(strtol(s, NULL, 10), c->score <= 6   ? 1
                                              : c->score <= 8 ? 2
                                                              : 3);
    }
}

/* Typeform: a 32-character token; partial responses have no score. */
static void
check_typeform(void *ctx, size_t rec, size_t col, const char *s)
{
    struct hdr_ctx *c = ctx;

    if (rec == 0 && col == 0)
        assert_string_equal(s, "#");
    if (rec == 0 && col == 10)
        assert_string_equal(s, "Ending");
    if (rec == 0)
        return;
    if (col == 0) {
        assert_int_equal(strlen(s), 32);
        c->data_rows++;
    } else if (col == 1) {
        c->empty_score = s[0] == '\0';
    } else if (col == 4) {
        assert_true(!strcmp(s, "completed") || !strcmp(s, "partial"));
        assert_int_equal(c->empty_score, !strcmp(s, "partial"));
        c->partial += !strcmp(s, "partial");
    }
}

static void
test_survey_headers(void **state)
{
    struct fixture *fx = *state;
    struct hdr_ctx sm = {0}, q = {0}, tf = {0};
    const struct pd_demo_file *f;

    generate_ok(fx);
    f = find_file(&fx->st, "nps/surveymonkey/all-responses.csv");
    csv_scan(f->path, check_surveymonkey, &sm);
    assert_int_equal(sm.data_rows, f->rows);
    f = find_prefix(&fx->st, "nps/qualtrics/");
    csv_scan(f->path, check_qualtrics, &q);
    assert_int_equal(q.data_rows, f->rows);
    f = find_file(&fx->st, "nps/typeform/responses.csv");
    csv_scan(f->path, check_typeform, &tf);
    assert_int_equal(tf.data_rows, f->rows);
    assert_true(tf.partial > 0);
}

/* Response ID, Score and Comment of a Delighted export. */
struct dl {
    struct dlrow {
        char id[24];
        char score[4];
        char *comment;
    } * v;
    size_t n, cap;
};

static void
collect_delighted(void *ctx, size_t rec, size_t col, const char *s)
{
    struct dl *d = ctx;

    if (rec == 0)
        return;
    if (col == 0) {
        if (d->n == d->cap) {
            d->cap = d->cap ? 2 * d->cap : 256;
            d->v = realloc(d->v, d->cap * sizeof(*d->v));
            assert_non_null(d->v);
        }
        assert_true(strlen(s) < sizeof(d->v[0].id));
        strcpy(d->v[d->n++].id, s);
    } else if (col == 3) {
        assert_true(strlen(s) < sizeof(d->v[0].score));
        strcpy(d->v[d->n - 1].score, s);
    } else if (col == 4) {
        d->v[d->n - 1].comment = strdup(s);
    }
}

static void
dl_free(struct dl *d)
{
    for (size_t i = 0; i < d->n; i++)
        free(d->v[i].comment);
    free(d->v);
}

/* responses-2 is cumulative: it holds every response of responses-1,
 * some changed (Delighted updates), and the newer ones. */
static void
test_delighted_cumulative(void **state)
{
    struct fixture *fx = *state;
    struct dl d1 = {NULL, 0, 0}, d2 = {NULL, 0, 0};
    size_t changed_score = 0, changed_comment = 0, j = 0;

    generate_ok(fx);
    csv_scan(find_file(&fx->st, "nps/delighted/responses-1.csv")->path,
             collect_delighted, &d1);
    csv_scan(find_file(&fx->st, "nps/delighted/responses-2.csv")->path,
             collect_delighted, &d2);
    assert_true(d2.n > d1.n);
    /* Both in id order, so one merge pass finds every old id. */
    for (size_t i = 0; i < d1.n; i++) {
        while (j < d2.n && strcmp(d2.v[j].id, d1.v[i].id) != 0)
            j++;
        if (j == d2.n)
            fail_msg("response %s missing from responses-2", d1.v[i].id);
        changed_score += strcmp(d1.v[i].score, d2.v[j].score) != 0;
        changed_comment += strcmp(d1.v[i].comment, d2.v[j].comment) != 0;
    }
    assert_true(changed_score > 0);
    assert_true(changed_comment > 0);
    assert_true(changed_score + changed_comment < d1.n / 10); /* a few */
    dl_free(&d1);
    dl_free(&d2);
}

/* ---- accounts join NPS and usage through e-mail domains ----------------- */

struct domains {
    char v[64][64];
    size_t n, company, free_mail, other;
};

static void
collect_domains(void *ctx, size_t rec, size_t col, const char *s)
{
    struct domains *d = ctx;
    const char *p = s;

    if (rec == 0 || col != 2)
        return;
    /* Website as the rep typed it: scheme, "www." and path go. */
    if (strstr(p, "://"))
        p = strstr(p, "://") + 3;
    if (!strncmp(p, "www.", 4))
        p += 4;
    assert_true(d->n < 64);
    snprintf(d->v[d->n], sizeof(d->v[0]), "%.*s", (int)strcspn(p, "/"), p);
    d->n++;
}

static void
classify_email(void *ctx, size_t rec, size_t col, const char *s)
{
    struct domains *d = ctx;
    const char *at = strchr(s, '@');

    if (rec == 0 || col != 1)
        return;
    assert_non_null(at);
    for (size_t i = 0; i < d->n; i++)
        if (!strcmp(at + 1, d->v[i])) {
            d->company++;
            return;
        }
    if (!strcmp(at + 1, "gmail.com") || !strcmp(at + 1, "outlook.com") ||
        !strcmp(at + 1, "yahoo.com"))
        d->free_mail++;
    else
        d->other++;
}

static void
test_accounts_join(void **state)
{
    struct fixture *fx = *state;
    struct domains *d = calloc(1, sizeof(*d));

    assert_non_null(d);
    generate_ok(fx);
    csv_scan(find_file(&fx->st, "crm/accounts.csv")->path, collect_domains, d);
    assert_int_equal(d->n, 12);
    /* Delighted e-mails (column 1): an account's domain or free mail. */
    csv_scan(find_file(&fx->st, "nps/delighted/responses-2.csv")->path,
             classify_email, d);
    assert_int_equal(d->other, 0);
    assert_true(d->company > 8 * d->free_mail);
    free(d);
}

/* ---- bench events ------------------------------------------------------- */

static void
test_bench_events(void **state)
{
    struct fixture *fx = *state;
    struct pd_demo_stats first;
    const struct pd_demo_file *zf, *mf;
    struct zip_count c;

    fx->o.bench_events = 5000;
    fx->o.bench_member = 2000;
    fx->o.bench_tickets = 100; /* both bench modes at once */
    generate_ok(fx);
    assert_int_equal(fx->st.nfiles, 3);
    assert_int_equal(find_file(&fx->st, "bench/zendesk-bench.csv")->rows, 100);
    zf = find_file(&fx->st, "bench/amplitude-bench.zip");
    mf = find_file(&fx->st, "bench/mixpanel-bench.jsonl");
    c = zip_scan(zf->path);
    assert_int_equal(c.members, 3); /* 2000 + 2000 + 1000 */
    assert_int_equal(zf->members, 3);
    assert_int_equal(c.lines, 5000);
    assert_int_equal(zf->events, 5000);
    assert_int_equal(jsonl_file_lines(mf->path), 5000);
    assert_int_equal(mf->events, 5000);
    /* Reproducible, archive included. */
    first = fx->st;
    snprintf(fx->out, sizeof(fx->out), "%s/b", fx->dir);
    generate_ok(fx);
    for (size_t i = 0; i < first.nfiles; i++)
        assert_true(files_equal(first.files[i].path, fx->st.files[i].path));
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

    fx->o.end_us = pd_time_make(2026, 3, 2, 0, 0, 0, 0);
    fx->o.events_per_day = PD_DEMO_MAX_EVENTS_PER_DAY + 1;
    assert_int_equal(pd_demo_generate(&fx->o, &fx->st, &err), -1);
    assert_int_equal(err.code, PD_E_LIMIT);
}

/* A file where the Amplitude staging folder goes: the archive fails with
 * an I/O error, nothing of it is left, and the files before it stay. */
static void
test_zip_error_cleans_up(void **state)
{
    struct fixture *fx = *state;
    struct pd_err err = PD_ERR_INIT;
    char path[256];
    struct stat sb;
    FILE *f;

    snprintf(path, sizeof(path), "%s/usage/amplitude", fx->out);
    assert_int_equal(mkdir(fx->out, 0755), 0);
    snprintf(path, sizeof(path), "%s/usage", fx->out);
    assert_int_equal(mkdir(path, 0755), 0);
    snprintf(path, sizeof(path), "%s/usage/amplitude", fx->out);
    assert_int_equal(mkdir(path, 0755), 0);
    snprintf(path, sizeof(path), "%s/usage/amplitude/export.zip.parts",
             fx->out);
    f = fopen(path, "w");
    assert_non_null(f);
    fclose(f);
    assert_int_equal(pd_demo_generate(&fx->o, &fx->st, &err), -1);
    assert_int_equal(err.code, PD_E_IO);
    assert_non_null(strstr(err.msg, "export.zip.parts"));
    assert_int_equal(fx->st.nfiles, 10); /* tickets and NPS are complete */
    snprintf(path, sizeof(path), "%s/usage/amplitude/export.zip", fx->out);
    assert_int_not_equal(stat(path, &sb), 0);
    snprintf(path, sizeof(path), "%s/usage/amplitude/export.zip.tmp", fx->out);
    assert_int_not_equal(stat(path, &sb), 0);
}

/* ---- experiments (SPEC §9) ---------------------------------------------- */

/* The users exposed to one experiment: e-mail, the variants they saw (a
 * bit each), and how many tickets they filed. */
struct xuser {
    char email[128];
    unsigned seen;  /* a bit per variant */
    unsigned first; /* the variant first seen: the assignment */
    size_t tickets;
};

struct xusers {
    struct xuser v[2048];
    size_t n, events, per_variant[2], no_email;
};

static struct xuser *
xuser_find(struct xusers *x, const char *email)
{
    for (size_t i = 0; i < x->n; i++)
        if (!strcmp(x->v[i].email, email))
            return &x->v[i];
    return NULL;
}

static void
xuser_add(struct xusers *x, const char *email, unsigned variant)
{
    struct xuser *u = xuser_find(x, email);

    if (!u) {
        assert_true(x->n < sizeof(x->v) / sizeof(x->v[0]));
        u = &x->v[x->n++];
        snprintf(u->email, sizeof(u->email), "%s", email);
        u->first = variant; /* the exports are in time order */
    }
    u->seen |= 1u << variant;
    x->events++;
    x->per_variant[variant]++;
}

/* The string value of "key":"..." in a JSON line (our values have no
 * escapes), or "" when the key is not there. */
static void
json_value(const char *line, const char *key, char *out, size_t cap)
{
    char pat[64];
    const char *p, *q;

    snprintf(pat, sizeof(pat), "\"%s\":\"", key);
    out[0] = '\0';
    p = strstr(line, pat);
    if (!p)
        return;
    p += strlen(pat);
    q = strchr(p, '"');
    assert_non_null(q);
    assert_true((size_t)(q - p) < cap);
    memcpy(out, p, (size_t)(q - p));
    out[q - p] = '\0';
}

static unsigned
variant_index(const char *v, const char *control, const char *treatment)
{
    if (!strcmp(v, control))
        return 0;
    if (!strcmp(v, treatment))
        return 1;
    fail_msg("unknown variant \"%s\"", v);
    return 0;
}

/* Amplitude "$exposure" of new-onboarding: event_properties flag_key and
 * variant; user_properties.email is the user id. */
static void
amplitude_exposure(struct xusers *x, const char *line)
{
    char user[128], email[128], flag[64], variant[32];

    if (!strstr(line, "\"event_type\":\"$exposure\""))
        return;
    json_value(line, "flag_key", flag, sizeof(flag));
    assert_string_equal(flag, "new-onboarding");
    assert_non_null(strstr(line, "\"event_properties\":{\"flag_key\":"));
    json_value(line, "variant", variant, sizeof(variant));
    json_value(line, "user_id", user, sizeof(user));
    json_value(line, "email", email, sizeof(email));
    assert_non_null(strstr(line, "\"user_properties\":{\"email\":"));
    if (!email[0] || strcmp(email, user) != 0)
        x->no_email++;
    xuser_add(x, user, variant_index(variant, "control", "treatment"));
}

/* Every line of every member of the Amplitude archive. */
static void
amplitude_lines(const char *path, struct xusers *x)
{
    zip_t *za;
    int ze = 0;

    za = zip_open(path, ZIP_RDONLY, &ze);
    assert_non_null(za);
    for (zip_int64_t i = 0; i < zip_get_num_entries(za, 0); i++) {
        zip_stat_t st;
        zip_file_t *zf;
        unsigned char *gz;
        char *raw, *line, *save = NULL;
        size_t rl;

        assert_int_equal(zip_stat_index(za, (zip_uint64_t)i, 0, &st), 0);
        gz = malloc(st.size + 1);
        assert_non_null(gz);
        zf = zip_fopen_index(za, (zip_uint64_t)i, 0);
        assert_non_null(zf);
        assert_int_equal(zip_fread(zf, gz, st.size), (zip_int64_t)st.size);
        zip_fclose(zf);
        raw = gunzip(gz, st.size, &rl);
        raw = realloc(raw, rl + 1);
        assert_non_null(raw);
        raw[rl] = '\0';
        for (line = strtok_r(raw, "\n", &save); line;
             line = strtok_r(NULL, "\n", &save))
            amplitude_exposure(x, line);
        free(raw);
        free(gz);
    }
    zip_discard(za);
}

/* Mixpanel "$experiment_started" of pricing-page: "Experiment name" and
 * "Variant name"; $email is the distinct_id. */
static void
mixpanel_lines(const char *path, struct xusers *x)
{
    size_t len;
    char *buf = slurp(path, &len), *line, *save = NULL;

    for (line = strtok_r(buf, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        char user[128], email[128], name[64], variant[32];

        if (!strstr(line, "{\"event\":\"$experiment_started\""))
            continue;
        json_value(line, "Experiment name", name, sizeof(name));
        assert_string_equal(name, "pricing-page");
        json_value(line, "Variant name", variant, sizeof(variant));
        json_value(line, "distinct_id", user, sizeof(user));
        json_value(line, "$email", email, sizeof(email));
        if (!email[0] || strcmp(email, user) != 0)
            x->no_email++;
        xuser_add(x, user, variant_index(variant, "control", "variant-b"));
    }
    free(buf);
}

/* Tickets whose requester is an exposed user (Zendesk column 2, Freshdesk
 * column 15); Zendesk's two exports overlap, so ids count once. */
struct xtickets {
    struct xusers *x;
    size_t email_col, n;
    long ids[4096];
    size_t nids;
    long id;
};

static void
collect_xtickets(void *ctx, size_t rec, size_t col, const char *s)
{
    struct xtickets *t = ctx;
    struct xuser *u;

    if (rec == 0)
        return;
    if (col == 0)
        t->id = strtol(s, NULL, 10);
    if (col != t->email_col || !(u = xuser_find(t->x, s)))
        return;
    for (size_t i = 0; i < t->nids; i++)
        if (t->ids[i] == t->id)
            return;
    assert_true(t->nids < sizeof(t->ids) / sizeof(t->ids[0]));
    t->ids[t->nids++] = t->id;
    u->tickets++;
    t->n++;
}

static size_t
crossovers(const struct xusers *x)
{
    size_t n = 0;

    for (size_t i = 0; i < x->n; i++)
        n += x->v[i].seen == 3;
    return n;
}

/* The users first assigned to variant v (crossovers included: they are
 * dealt tickets by their first variant) and their tickets. */
static void
variant_tickets(const struct xusers *x, unsigned v, size_t *users,
                size_t *tickets)
{
    *users = *tickets = 0;
    for (size_t i = 0; i < x->n; i++)
        if (x->v[i].first == v) {
            (*users)++;
            *tickets += x->v[i].tickets;
        }
}

static void
test_experiments(void **state)
{
    struct fixture *fx = *state;
    struct xusers *on = calloc(1, sizeof(*on)), *pr = calloc(1, sizeof(*pr));
    struct xtickets *zt = calloc(1, sizeof(*zt));
    size_t users[2], tickets[2], fd_tickets;

    assert_non_null(on);
    assert_non_null(pr);
    assert_non_null(zt);
    generate_ok(fx);
    amplitude_lines(find_file(&fx->st, "usage/amplitude/export.zip")->path, on);
    mixpanel_lines(find_file(&fx->st, "usage/mixpanel/export.jsonl")->path, pr);

    /* new-onboarding: 4/3 of events_per_day trial users (250 * 4 / 3 =
     * 333), each exposed once, and three crossovers exposed a second time
     * to the other variant: 336 exposures. */
    assert_int_equal(on->n, 333);
    assert_int_equal(on->events, 336);
    assert_int_equal(crossovers(on), 3);
    assert_int_equal(on->per_variant[0] + on->per_variant[1], 336);
    /* About half each: 166.5 +- 4 sigma (sigma = sqrt(333) / 2 = 9.1). */
    assert_true(on->per_variant[0] > 130 && on->per_variant[0] < 206);
    assert_int_equal(on->no_email, 0);

    /* pricing-page: phone-app users of the accounts, once each. */
    assert_true(pr->n > 20);
    assert_int_equal(pr->events, pr->n + crossovers(pr));
    assert_true(pr->per_variant[0] > 0 && pr->per_variant[1] > 0);
    assert_int_equal(pr->no_email, 0);

    /* Trial users' tickets: every 25th control and every 20th treatment
     * user in sign-up order files one (dealt from 0.5, so rounded); they
     * are in Zendesk and Freshdesk, and they are exactly the tickets the
     * stats call the experiments'. */
    zt->x = on;
    zt->email_col = 2;
    csv_scan(find_file(&fx->st, "zendesk/export-1.csv")->path, collect_xtickets,
             zt);
    csv_scan(find_file(&fx->st, "zendesk/export-2.csv")->path, collect_xtickets,
             zt);
    fd_tickets = zt->n;
    zt->email_col = 15;
    zt->nids = 0;
    csv_scan(find_file(&fx->st, "freshdesk/tickets.csv")->path,
             collect_xtickets, zt);
    assert_true(fd_tickets > 0 && zt->n > fd_tickets);
    assert_int_equal(zt->n, fx->st.experiment_tickets);
    variant_tickets(on, 0, &users[0], &tickets[0]);
    variant_tickets(on, 1, &users[1], &tickets[1]);
    assert_int_equal(users[0] + users[1], 333);
    assert_int_equal(tickets[0] + tickets[1], zt->n);
    /* n users of a variant file floor((500 + n * per mille) / 1000):
     * 4 % in control, 5 % in treatment. */
    assert_int_equal(tickets[0], (500 + 40 * users[0]) / 1000);
    assert_int_equal(tickets[1], (500 + 50 * users[1]) / 1000);
    free(on);
    free(pr);
    free(zt);
}

/* ---- launches and feature requests (issue 17) -----------------------------
 */

static void
sha_hex(const void *p, size_t n, char hex[65])
{
    struct pd_sha256 c;
    unsigned char dg[32];

    pd_sha256_init(&c);
    pd_sha256_update(&c, p, n);
    pd_sha256_final(&c, dg);
    pd_sha256_hex(dg, hex);
}

/* What the fixture's files were before the launches and the posts (the
 * generator of commit cee6014, same options): files that did not change
 * whole, ticket exports and Typeform's (the launches' NPS responses
 * follow its rows) as a prefix, PostHog without the two launch events'
 * lines.  The Amplitude zip is left out: its bytes depend on zlib's. */
static const struct before {
    const char *name;
    char how; /* '=' whole file, 'p' prefix of `size` bytes, 'f' filtered */
    size_t size;
    const char *sha;
} before[] = {
    {"crm/accounts.csv", '=', 1198,
     "52307964e0dae4de602636347c5a2716e1ecfb630117333d14fb6fd0735ad636"},
    {"zendesk/export-1.csv", 'p', 228272,
     "540acac4cadc56df2e870c7771754f87470b0f6819fe521e04124ae66799d124"},
    {"zendesk/export-2.csv", 'p', 71260,
     "b68677ce17799a4c2943486f87bf74d26ad7323b1a4fe46f03e995b56bee7239"},
    {"freshdesk/tickets.csv", 'p', 95821,
     "1fd6780ea371a6eda7d9a6b94955f36d2b7c124516e7aa5ffc23030fd6d0a4d9"},
    {"hubspot/tickets.csv", '=', 67232,
     "d441b115ae6a6735eb0764b1b167b637164c6fa294429757a8081b6262becf28"},
    {"nps/delighted/responses-1.csv", '=', 91604,
     "b484b54d1d3579ac56d9679d67787dddc76a53c15569ba88731496b2a22eadf2"},
    {"nps/delighted/responses-2.csv", '=', 103855,
     "641f845f6cf50fc8349d20a3bbc9b8212fcc7fedac30643596deb1f19fb47e71"},
    {"nps/surveymonkey/all-responses.csv", '=', 25459,
     "83d0715d52a6f1b313fcc0054860599922459191e3e68edb023caf77b84214c0"},
    {"nps/typeform/responses.csv", 'p', 40959,
     "639b4d27d8653eb8d89438c401f4e5a3f040079046d532f4c261f7b831bca6c1"},
    {"nps/qualtrics/", '=', 35078,
     "bb6e7d3e60f8d584a2779f89f5ac551191d9ac0336db38c70ed7a9be730588fa"},
    {"usage/mixpanel/export.jsonl", '=', 4211081,
     "74b2dac1be961f614457d4d85814e7685732c96ca215095c207003c9551ad4e6"},
    {"usage/segment/track.jsonl", '=', 1059583,
     "5b8fac1c12c7fa79ca10d3844643f974dddc2b98fd51e8155318983c2e9006df"},
    {"usage/posthog/events.csv", 'f', 521343,
     "9368d37724fdc0947be4dc5bd41118845cd2fe075e42410cbb77dd35fa723161"},
    {"usage/pendo/feature-events.csv", '=', 41835,
     "f845ee6d6e0fd78b458d861930273fbc6c2359af36c3f3aa31ab1b3d7fc25b6f"},
};

static bool
launch_line(const char *line, size_t n)
{
    static const char *const events[] = {",Bulk Edit Applied,",
                                         ",Integration Installed,"};

    for (size_t i = 0; i < 2; i++) {
        size_t k = strlen(events[i]);

        for (size_t j = 0; j + k <= n; j++)
            if (!memcmp(line + j, events[i], k))
                return true;
    }
    return false;
}

static void
test_old_files_unchanged(void **state)
{
    struct fixture *fx = *state;

    generate_ok(fx);
    for (size_t i = 0; i < sizeof(before) / sizeof(before[0]); i++) {
        const struct before *b = &before[i];
        size_t len, n = 0;
        char *buf = slurp(find_prefix(&fx->st, b->name)->path, &len), hex[65];

        if (b->how == '=') {
            assert_int_equal(len, b->size);
        } else if (b->how == 'p') {
            assert_true(len >= b->size); /* the launches' rows follow */
        } else {
            /* Drop the launch events' lines in place. */
            for (size_t at = 0; at < len;) {
                char *eol = memchr(buf + at, '\n', len - at);
                size_t ll = eol ? (size_t)(eol - (buf + at)) + 1 : len - at;

                if (!launch_line(buf + at, ll)) {
                    memmove(buf + n, buf + at, ll);
                    n += ll;
                }
                at += ll;
            }
            assert_true(len > n);
            len = n;
            assert_int_equal(len, b->size);
        }
        sha_hex(buf, b->size, hex);
        if (strcmp(hex, b->sha) != 0)
            fail_msg("%s: old bytes changed", b->name);
        free(buf);
    }
}

/* PostHog rows of one event: per week from the release day, and before. */
struct weekly {
    const char *event;
    int64_t day0;
    size_t before, week[8];
    char users[8][64][96]; /* distinct users a week, up to 64 */
    size_t nusers[8];
    char user[96]; /* of the row being read */
    bool match;
};

static void
collect_weekly(void *ctx, size_t rec, size_t col, const char *s)
{
    struct weekly *w = ctx;

    if (rec == 0)
        return;
    if (col == 1)
        snprintf(w->user, sizeof(w->user), "%s", s);
    else if (col == 4)
        w->match = !strcmp(s, w->event);
    else if (col == 5 && w->match) {
        int64_t t;
        unsigned y, mo, d, h, mi, se;
        size_t k;

        assert_int_equal(
            sscanf(s, "%4u-%2u-%2uT%2u:%2u:%2u", &y, &mo, &d, &h, &mi, &se), 6);
        t = pd_time_make(y, mo, d, h, mi, se, 0);
        if (t < w->day0) {
            w->before++;
            return;
        }
        k = (size_t)((t - w->day0) / (7 * PD_US_PER_DAY));
        assert_true(k < 8);
        w->week[k]++;
        for (size_t i = 0; i < w->nusers[k]; i++)
            if (!strcmp(w->users[k][i], w->user))
                return;
        assert_true(w->nusers[k] < 64);
        snprintf(w->users[k][w->nusers[k]++], 96, "%s", w->user);
    }
}

/* Tickets (distinct ids) whose subject matches a pattern, over the
 * Zendesk and Freshdesk exports. */
struct mentions {
    regex_t re;
    size_t subject_col, n;
    long id, ids[256];
    size_t nids;
};

static void
collect_mentions(void *ctx, size_t rec, size_t col, const char *s)
{
    struct mentions *m = ctx;

    if (rec == 0) {
        if (!strcmp(s, "Subject"))
            m->subject_col = col;
        return;
    }
    if (col == 0)
        m->id = strtol(s, NULL, 10);
    if (col != m->subject_col || regexec(&m->re, s, 0, NULL, 0) != 0)
        return;
    for (size_t i = 0; i < m->nids; i++)
        if (m->ids[i] == m->id)
            return;
    assert_true(m->nids < 256);
    m->ids[m->nids++] = m->id;
    m->n++;
}

static size_t
mentions(struct fixture *fx, const char *pattern)
{
    struct mentions m;
    static const char *const files[] = {"zendesk/export-1.csv",
                                        "zendesk/export-2.csv",
                                        "freshdesk/tickets.csv"};

    memset(&m, 0, sizeof(m));
    assert_int_equal(regcomp(&m.re, pattern, REG_EXTENDED | REG_ICASE), 0);
    for (size_t i = 0; i < 3; i++) {
        m.subject_col = SIZE_MAX;
        if (i == 2)
            m.nids = 0; /* Freshdesk ids are another sequence */
        csv_scan(find_file(&fx->st, files[i])->path, collect_mentions, &m);
    }
    regfree(&m.re);
    return m.n;
}

static void
test_launches(void **state)
{
    struct fixture *fx = *state;
    struct weekly *w = calloc(1, sizeof(*w));
    size_t len;
    char *buf;

    assert_non_null(w);
    /* The launches' tickets are in proportion to the demo's: the default
     * count, for all of them. */
    fx->o.tickets = 13000;
    generate_ok(fx);
    /* The end is Monday 2026-03-02: releases on the Tuesdays 55 and 20
     * days before it. */
    buf = slurp(find_file(&fx->st, "releases/releases.csv")->path, &len);
    assert_string_equal(
        buf, "name,date,product area,events,flag,link,pattern\n"
             "Bulk edit,2026-01-06,Core App,Bulk Edit Applied,,"
             "https://docs.example.com/releases/bulk-edit,bulk[ -]?edit\n"
             "Integrations hub,2026-02-10,Integrations,Integration "
             "Installed,,https://docs.example.com/releases/integrations-hub,"
             "integrations? (hub|marketplace)\n");
    free(buf);

    /* Bulk edit: used from its release day, by more people in each of the
     * first weeks than in the launch week; a beta use or two before. */
    w->event = "Bulk Edit Applied";
    w->day0 = pd_time_make(2026, 1, 6, 0, 0, 0, 0);
    csv_scan(find_file(&fx->st, "usage/posthog/events.csv")->path,
             collect_weekly, w);
    assert_true(w->before <= 2 * 3); /* two beta accounts, 1-3 events */
    for (size_t k = 0; k < 7; k++)
        assert_true(w->week[k] > 0);
    assert_true(w->nusers[3] > w->nusers[0]);
    assert_true(w->week[6] > w->week[0]);
    assert_true(w->week[7] == 0 || w->week[7] < w->week[6]); /* 6 days */

    /* Integrations hub: three weeks, used in each. */
    memset(w, 0, sizeof(*w));
    w->event = "Integration Installed";
    w->day0 = pd_time_make(2026, 2, 10, 0, 0, 0, 0);
    csv_scan(find_file(&fx->st, "usage/posthog/events.csv")->path,
             collect_weekly, w);
    assert_true(w->before <= 2 * 3);
    assert_true(w->week[0] > 0 && w->week[1] > 0 && w->week[2] > 0);
    assert_int_equal(w->week[3], 0);
    free(w);

    /* Tickets about them: 12 asks and 3 bugs for Bulk edit, 8 asks and
     * the bugs of 20 days of 28 for the hub (at most 2); the stats count
     * them all. */
    assert_int_equal(mentions(fx, "bulk[ -]?edit"), 15);
    assert_true(mentions(fx, "integrations? (hub|marketplace)") >= 8 &&
                mentions(fx, "integrations? (hub|marketplace)") <= 10);
    assert_int_equal(fx->st.launch_tickets,
                     15 + mentions(fx, "integrations? (hub|marketplace)"));
}

/* Typeform's rows about a launch: before and from its release day, and
 * whether they all come after every other row. */
struct launch_nps {
    regex_t re;
    const char *day0; /* "YYYY-MM-DD" */
    size_t before, after, last_other, first_match;
    char comment[1024];
};

static void
collect_launch_nps(void *ctx, size_t rec, size_t col, const char *s)
{
    struct launch_nps *m = ctx;

    if (rec == 0)
        return;
    if (col == 2)
        snprintf(m->comment, sizeof(m->comment), "%s", s);
    if (col != 7)
        return;
    if (regexec(&m->re, m->comment, 0, NULL, 0) != 0) {
        m->last_other = rec;
        return;
    }
    if (!m->first_match)
        m->first_match = rec;
    if (strncmp(s, m->day0, 10) < 0)
        m->before++;
    else
        m->after++;
}

static struct launch_nps
launch_nps(struct fixture *fx, const char *pattern, const char *day0)
{
    struct launch_nps m;

    memset(&m, 0, sizeof(m));
    m.day0 = day0;
    assert_int_equal(regcomp(&m.re, pattern, REG_EXTENDED | REG_ICASE), 0);
    csv_scan(find_file(&fx->st, "nps/typeform/responses.csv")->path,
             collect_launch_nps, &m);
    regfree(&m.re);
    return m;
}

/* NPS comments about the launches (the default 150 a week): 6 asks in the
 * four weeks before Bulk edit and 8 comments after, 4 and up to 5 for the
 * hub (its adopters have had 20 days); Typeform's last rows. */
static void
test_launch_nps(void **state)
{
    struct fixture *fx = *state;
    struct launch_nps be, hub, both;

    fx->o.nps_per_week = 150;
    generate_ok(fx);
    be = launch_nps(fx, "bulk[ -]?edit", "2026-01-06");
    hub = launch_nps(fx, "integrations? (hub|marketplace)", "2026-02-10");
    assert_int_equal(be.before, 6);
    assert_int_equal(be.after, 8);
    assert_int_equal(hub.before, 4);
    assert_true(hub.after >= 1 && hub.after <= 5);
    assert_int_equal(fx->st.launch_nps, 6 + 8 + 4 + hub.after);
    both = launch_nps(fx, "bulk[ -]?edit|integrations? (hub|marketplace)",
                      "2026-01-06");
    assert_int_equal(both.before + both.after, fx->st.launch_nps);
    assert_true(both.first_match > both.last_other);
}

struct posts {
    size_t rows, merged, companies;
    char header[512];
    char original[8];
};

static void
collect_posts(void *ctx, size_t rec, size_t col, const char *s)
{
    struct posts *p = ctx;

    if (rec == 0) {
        size_t n = strlen(p->header);

        snprintf(p->header + n, sizeof(p->header) - n, "%s%s", col ? "," : "",
                 s);
        return;
    }
    if (col == 0)
        p->rows++;
    if (col == 11 && s[0]) {
        p->merged++;
        snprintf(p->original, sizeof(p->original), "%s", s);
    }
    if (col == 14)
        p->companies += s[0] != '\0';
}

static void
test_requests(void **state)
{
    struct fixture *fx = *state;
    struct posts p;

    memset(&p, 0, sizeof(p));
    generate_ok(fx);
    csv_scan(find_file(&fx->st, "fider/posts.csv")->path, collect_posts, &p);
    /* Fider's header (formats.md §3.7), then the company column. */
    assert_string_equal(p.header,
                        "number,title,description,created_at,created_by,"
                        "votes_count,comments_count,status,responded_by,"
                        "responded_at,response,original_number,"
                        "original_title,tags,company");
    assert_int_equal(p.rows, 30);
    assert_int_equal(find_file(&fx->st, "fider/posts.csv")->rows, 30);
    assert_int_equal(p.companies, 30);
    /* "Night theme" is merged into post 1, "Dark mode". */
    assert_int_equal(p.merged, 1);
    assert_string_equal(p.original, "1");
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
        cmocka_unit_test_setup_teardown(test_survey_headers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_delighted_cumulative, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_accounts_join, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bench_mode, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bench_events, setup, teardown),
        cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_zip_error_cleans_up, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_experiments, setup, teardown),
        cmocka_unit_test_setup_teardown(test_old_files_unchanged, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_launches, setup, teardown),
        cmocka_unit_test_setup_teardown(test_launch_nps, setup, teardown),
        cmocka_unit_test_setup_teardown(test_requests, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
