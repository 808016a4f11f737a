/*
 * testutil - helpers shared by the unit tests: records split from one
 * line, a scratch directory for fixture files, gzip in memory, and a
 * one-row result to hand a row function as a streamed batch would.  Header-only
 * (static inline): each test is one translation unit; include after <cmocka.h>.
 *
 * Ownership: the scratch directory is the caller's buffer (a mkdtemp()
 * template); pd_test_rm_tree() removes it with everything inside.
 * Errors: failures are cmocka assertion failures or -1 from setup/teardown.
 * Limits: paths up to 512 bytes.
 */
#ifndef PD_TESTUTIL_H
#define PD_TESTUTIL_H

#include <libpq-fe.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "common/buf.h"
#include "extract/record.h"

/* A test record: one line split on a separator (no quoting), its text
 * copied so that fields can point into it. */
#define PD_TEST_MAX_FIELDS 64
struct pd_test_rec {
    char text[2048];
    struct pd_field fields[PD_TEST_MAX_FIELDS];
    struct pd_record rec;
};

/* Split line on sep into r (empty fields kept); rec.line is line_no. */
static inline const struct pd_record *
pd_test_split(struct pd_test_rec *r, const char *line, char sep, long line_no)
{
    size_t len = strlen(line), start = 0, n = 0;

    assert_true(len < sizeof(r->text));
    memcpy(r->text, line, len + 1);
    for (size_t i = 0; i <= len; i++) {
        if (r->text[i] != sep && r->text[i] != '\0')
            continue;
        assert_true(n < PD_TEST_MAX_FIELDS);
        r->text[i] = '\0';
        r->fields[n].s = r->text + start;
        r->fields[n].len = i - start;
        n++;
        start = i + 1;
    }
    memset(&r->rec, 0, sizeof(r->rec));
    r->rec.fields = r->fields;
    r->rec.nfields = n;
    r->rec.line = line_no;
    r->rec.raw = line;
    r->rec.raw_len = len;
    return &r->rec;
}

/* mkdtemp() the template in place: 0, or -1 (for a cmocka setup). */
static inline int
pd_test_mkdtemp(char *template_path)
{
    return mkdtemp(template_path) ? 0 : -1;
}

/* rm -rf path: 0, or -1 (for a cmocka teardown). */
static inline int
pd_test_rm_tree(const char *path)
{
    char cmd[600];

    if (snprintf(cmd, sizeof(cmd), "rm -rf '%s'", path) >= (int)sizeof(cmd))
        return -1;
    return system(cmd) == 0 ? 0 : -1;
}

/* dir/name, in a static buffer valid until the next call. */
static inline const char *
pd_test_path(const char *dir, const char *name)
{
    static char path[512];

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    return path;
}

/* Write data[0..n) to dir/name (a fixture file); returns its path
 * (pd_test_path()'s buffer). */
static inline const char *
pd_test_write(const char *dir, const char *name, const void *data, size_t n)
{
    const char *path = pd_test_path(dir, name);
    FILE *f = fopen(path, "wb");

    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
    return path;
}

/* gzip-compress in[0..n) into out as one gzip member. */
static inline void
pd_test_gzip(struct pd_buf *out, const char *in, size_t n)
{
    z_stream zs;
    unsigned char tmp[4096];
    int rc;

    memset(&zs, 0, sizeof(zs));
    assert_int_equal(
        deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
    zs.next_in = (unsigned char *)(uintptr_t)in;
    zs.avail_in = (uInt)n;
    do {
        zs.next_out = tmp;
        zs.avail_out = sizeof(tmp);
        rc = deflate(&zs, Z_FINISH);
        assert_true(rc == Z_OK || rc == Z_STREAM_END);
        assert_int_equal(pd_buf_add(out, tmp, sizeof(tmp) - zs.avail_out), 0);
    } while (rc != Z_STREAM_END);
    deflateEnd(&zs);
}

/* The timestamptz type's OID, for pd_test_row_times(). */
enum { PD_TEST_TIMESTAMPTZ = 1184 };

/* A one-row result of ncols columns, to hand a row function its row 0 as
 * a streamed statement's batch would (load/db_rows.h): vals[c] NULL for
 * SQL NULL; text, but where times[c] is set: then a timestamptz in the
 * binary format (a BINARY cursor's), vals[c] its microseconds since
 * 2000 as a decimal integer (a value that is not one stays text, which
 * a time's reader must refuse).  The caller PQclear()s it. */
static inline PGresult *
pd_test_row_times(int ncols, const char *const *vals, const bool *times)
{
    static char name[] = "c";
    PGresAttDesc attrs[64];
    bool binary[64] = {false};
    PGresult *r = PQmakeEmptyPGresult(NULL, PGRES_SINGLE_TUPLE);

    assert_true(ncols <= 64);
    memset(attrs, 0, sizeof(attrs));
    for (int c = 0; c < ncols; c++) {
        char *end = NULL;

        if (times && times[c] && vals[c])
            (void)strtoll(vals[c], &end, 10);
        binary[c] =
            times && times[c] && (!vals[c] || (end != vals[c] && !*end));
        attrs[c].name = name;
        attrs[c].typid = binary[c] ? PD_TEST_TIMESTAMPTZ : 25;
        attrs[c].typlen = binary[c] ? 8 : -1;
        attrs[c].atttypmod = -1;
        attrs[c].format = binary[c] ? 1 : 0;
    }
    assert_true(r && PQsetResultAttrs(r, ncols, attrs));
    for (int c = 0; c < ncols; c++) {
        char buf[64]; /* PQsetvalue() takes char *; it copies */
        int len = -1;

        if (vals[c] && binary[c]) {
            unsigned long long u =
                (unsigned long long)strtoll(vals[c], NULL, 10);

            for (int i = 0; i < 8; i++) /* network order */
                buf[i] = (char)(u >> (56 - 8 * i) & 0xff);
            len = 8;
        } else if (vals[c]) {
            snprintf(buf, sizeof(buf), "%s", vals[c]);
            len = (int)strlen(buf);
        }
        assert_true(PQsetvalue(r, 0, c, vals[c] ? buf : NULL, len));
    }
    return r;
}

/* A one-row text result (pd_test_row_times() without times). */
static inline PGresult *
pd_test_row(int ncols, const char *const *vals)
{
    return pd_test_row_times(ncols, vals, NULL);
}

#endif
