/* Unit tests for extract/stream: the item sequence of plain, header-less,
 * JSON and zip files (MEMBER, HEADER, RECORD, END), JSON lines that fail
 * before the first record, an empty member, a corrupt zip member skipped
 * and an archive without members.  Archives of several members are read
 * on worker threads (extract/members.c): their items must equal the
 * sequential read's (PRODOPS_TEST_READ_THREADS=1), errors and skips
 * included.  Inputs go to a mkdtemp() directory. */
/* cmocka.h needs these first; keep clang-format from sorting it up. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>
#include <zlib.h>

#include <cmocka.h>
/* clang-format on */

#include "common/buf.h"
#include "extract/stream.h"
#include "tests/unit/testutil.h"

#define S(lit) (lit), (sizeof(lit) - 1)

static char tmpdir[] = "/tmp/pd_test_stream_XXXXXX";

static const char *
fixture(const char *name)
{
    return pd_test_path(tmpdir, name);
}

static const char *
write_file(const char *name, const void *data, size_t n)
{
    return pd_test_write(tmpdir, name, data, n);
}

static void
add_member(zip_t *z, const char *name, const void *data, size_t n)
{
    zip_source_t *s = zip_source_buffer(z, data, n, 0);

    assert_non_null(s);
    assert_true(zip_file_add(z, name, s, ZIP_FL_OVERWRITE) >= 0);
}

/* The items of a stream as one line each: "M name", "H a|b", "R 2:a|b"
 * (line, fields; "R! 1" for a reject on line 1, "R+" read with the header),
 * "E", then "." at the end or "X msg" (skip: "X+ msg") at an error. */
static void
items(struct pd_stream *st, struct pd_buf *out, int max_errors)
{
    struct pd_stream_item it;
    struct pd_err err = PD_ERR_INIT;
    int rc;

    while ((rc = pd_stream_next(st, &it, &err)) != 0) {
        if (rc < 0) {
            pd_buf_addf(out, "X%s %s\n", pd_stream_can_skip(st) ? "+" : "",
                        err.msg);
            if (--max_errors <= 0 || !pd_stream_can_skip(st))
                return;
            pd_err_clear(&err);
            continue;
        }
        switch (it.type) {
        case PD_STREAM_MEMBER:
            pd_buf_addf(out, "M %s\n", it.member);
            continue;
        case PD_STREAM_END:
            pd_buf_addstr(out, "E\n");
            continue;
        case PD_STREAM_HEADER:
            pd_buf_addstr(out, "H ");
            break;
        case PD_STREAM_RECORD:
            if (it.rec.reject) {
                pd_buf_addf(out, "R! %ld\n", it.rec.line);
                continue;
            }
            pd_buf_addf(out, "R%s %ld:", it.with_header ? "+" : "",
                        it.rec.line);
            break;
        }
        for (size_t i = 0; i < it.rec.nfields; i++)
            pd_buf_addf(out, "%s%s", i ? "|" : "", it.rec.fields[i].s);
        pd_buf_addch(out, '\n');
    }
    pd_buf_addstr(out, ".\n");
}

static void
expect(const char *path, const struct pd_stream_opts *o, const char *want)
{
    struct pd_err err = PD_ERR_INIT;
    struct pd_stream *st = pd_stream_open(path, o, &err);
    struct pd_buf got = PD_BUF_INIT;

    assert_non_null(st);
    items(st, &got, 8);
    assert_string_equal(got.buf, want);
    pd_buf_release(&got);
    pd_stream_close(st);
}

static void
test_csv(void **state)
{
    (void)state;
    expect(write_file("a.csv", S("id,name\n1,x\n2,y\n")), NULL,
           "M a.csv\nH id|name\nR 2:1|x\nR 3:2|y\nE\n.\n");
}

static void
test_headerless(void **state)
{
    struct pd_stream_opts o = {true};

    (void)state;
    expect(write_file("raw.csv", S("1,x\n2,y\n")), &o,
           "M raw.csv\nH 1|2\nR+ 1:1|x\nR 2:2|y\nE\n.\n");
}

static void
test_json_bad_line_first(void **state)
{
    (void)state;
    expect(write_file("e.jsonl", S("{\"a\":}\n{\"a\":2,\"b\":\"x\"}\n"
                                   "{\"a\":3}\n")),
           NULL, "M e.jsonl\nR! 1\nH a|b\nR+ 2:2|x\nR 3:3\nE\n.\n");
}

static void
test_zip_members(void **state)
{
    const char *path = fixture("m.zip");
    int zerr = 0;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);

    (void)state;
    assert_non_null(z);
    add_member(z, "a.csv", S("id\n1\n"));
    add_member(z, "empty.csv", S(""));
    add_member(z, "c.json", S("{\"id\":2}\n"));
    assert_int_equal(zip_close(z), 0);
    expect(path, NULL,
           "M a.csv\nH id\nR 2:1\nE\nM empty.csv\nE\n"
           "M c.json\nH id\nR+ 1:2\nE\n.\n");
}

/* Issue 15: a JSON record vouches for its UTF-8 (rec.utf8), so transform
 * does not check it again; a CSV record never does, even read into the
 * item a JSON record filled (members alternate), on one thread or on
 * workers.  Each record as J (utf8) or C (not), in order. */
static void
test_utf8_flag(void **state)
{
    const char *path = fixture("mixed.zip");
    const char *threads[] = {"1", "2"};
    int zerr = 0;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);

    (void)state;
    assert_non_null(z);
    add_member(z, "a.json", S("{\"id\":\"caf\xc3\xa9\"}\n{\"id\":2}\n"));
    add_member(z, "b.csv", S("id\ncaf\xe9\n3\n"));
    add_member(z, "c.json", S("{\"id\":4}\n"));
    add_member(z, "d.csv", S("id\n5\n"));
    assert_int_equal(zip_close(z), 0);
    for (size_t t = 0; t < 2; t++) {
        struct pd_err err = PD_ERR_INIT;
        struct pd_stream_item it;
        struct pd_stream *st;
        char got[16] = "";
        size_t n = 0;
        int rc;

        assert_int_equal(setenv("PRODOPS_TEST_READ_THREADS", threads[t], 1), 0);
        st = pd_stream_open(path, NULL, &err);
        assert_non_null(st);
        while ((rc = pd_stream_next(st, &it, &err)) == 1)
            if (it.type == PD_STREAM_RECORD && n + 1 < sizeof(got))
                got[n++] = it.rec.utf8 ? 'J' : 'C';
        assert_int_equal(rc, 0);
        assert_string_equal(got, "JJCCJC");
        pd_stream_close(st);
        assert_int_equal(unsetenv("PRODOPS_TEST_READ_THREADS"), 0);
    }
}

/* A truncated gzip member is that member's error; the next one reads. */
static void
test_zip_corrupt_member(void **state)
{
    const char *path = fixture("bad.zip");
    struct pd_buf gz = PD_BUF_INIT, in = PD_BUF_INIT;
    int zerr = 0;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
    struct pd_err err = PD_ERR_INIT;
    struct pd_stream *st;
    struct pd_buf got = PD_BUF_INIT;

    (void)state;
    assert_non_null(z);
    pd_buf_addstr(&in, "id\n");
    for (int i = 0; i < 20000; i++)
        pd_buf_addf(&in, "%d\n", i * 7919 % 100003);
    pd_test_gzip(&gz, in.buf, in.len);
    add_member(z, "cut.csv.gz", gz.buf, gz.len / 2);
    add_member(z, "b.csv", S("id\n5\n"));
    assert_int_equal(zip_close(z), 0);
    st = pd_stream_open(path, NULL, &err);
    assert_non_null(st);
    items(st, &got, 2);
    assert_non_null(strstr(got.buf, "M cut.csv.gz\n"));
    assert_non_null(strstr(got.buf, "X+ "));
    assert_non_null(strstr(got.buf, "M b.csv\nH id\nR 2:5\nE\n.\n"));
    pd_buf_release(&got);
    pd_buf_release(&gz);
    pd_buf_release(&in);
    pd_stream_close(st);
}

static void
test_no_member(void **state)
{
    const char *path = fixture("dirs.zip");
    int zerr = 0;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);

    (void)state;
    assert_non_null(z);
    assert_true(zip_dir_add(z, "sub/", 0) >= 0);
    assert_int_equal(zip_close(z), 0);
    expect(path, NULL, "X no data file inside the archive\n");
}

/* ---- members read on worker threads (issue 15) --------------------------- */

/* The items of path read with PRODOPS_TEST_READ_THREADS=threads; skip_at:
 * pd_stream_skip() after that many items (0: never). */
static void
items_threads(const char *path, const char *threads, int skip_at,
              struct pd_buf *out)
{
    struct pd_err err = PD_ERR_INIT;
    struct pd_stream *st;

    assert_int_equal(setenv("PRODOPS_TEST_READ_THREADS", threads, 1), 0);
    st = pd_stream_open(path, NULL, &err);
    assert_non_null(st);
    if (skip_at > 0) {
        struct pd_stream_item it;

        for (int i = 0; i < skip_at; i++)
            assert_int_equal(pd_stream_next(st, &it, &err), 1);
        /* raw is not NUL-terminated in the reader's buffer. */
        if (it.type == PD_STREAM_RECORD)
            pd_buf_addf(out, "skip after %.*s\n", (int)it.rec.raw_len,
                        it.rec.raw);
        pd_stream_skip(st);
    }
    items(st, out, 100);
    pd_stream_close(st);
    assert_int_equal(unsetenv("PRODOPS_TEST_READ_THREADS"), 0);
}

/* Read path sequentially and on 2 and 3 workers: the same items. */
static void
expect_same_items(const char *path, int skip_at, const char *must_hold)
{
    struct pd_buf one = PD_BUF_INIT, two = PD_BUF_INIT, three = PD_BUF_INIT;

    items_threads(path, "1", skip_at, &one);
    items_threads(path, "2", skip_at, &two);
    items_threads(path, "3", skip_at, &three);
    assert_string_equal(two.buf, one.buf);
    assert_string_equal(three.buf, one.buf);
    if (must_hold)
        assert_non_null(strstr(one.buf, must_hold));
    pd_buf_release(&one);
    pd_buf_release(&two);
    pd_buf_release(&three);
}

/* Amplitude-like JSON lines, gzipped: n events of member m, each line
 * naming its member and row, so that any reordering shows.  bad_line: a
 * line of invalid JSON there (0: none). */
static void
add_events(zip_t *z, const char *name, int m, int n, int bad_line,
           struct pd_buf *keep)
{
    struct pd_buf in = PD_BUF_INIT;

    for (int i = 1; i <= n; i++) {
        if (i == bad_line) {
            pd_buf_addstr(&in, "{\"event_type\": oops}\n");
            continue;
        }
        pd_buf_addf(&in,
                    "{\"event_type\":\"e%d\",\"user_id\":\"u%d\","
                    "\"event_time\":\"2026-11-0%d 10:00:00.000000\","
                    "\"event_properties\":{\"member\":%d,\"row\":%d}}\n",
                    i % 7, i % 13, 1 + m % 9, m, i);
    }
    pd_test_gzip(&keep[m], in.buf, in.len);
    add_member(z, name, keep[m].buf, keep[m].len);
    pd_buf_release(&in);
}

/* Six members of 3000 events: more than the queue holds, so workers ahead
 * of the reader wait; the same event in members 2 and 5 (the later one
 * wins ties, SPEC §4) must come out in that order. */
static void
test_members_in_order(void **state)
{
    const char *path = fixture("amp.zip");
    struct pd_buf keep[6];
    int zerr = 0;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);

    (void)state;
    assert_non_null(z);
    for (int m = 0; m < 6; m++) {
        char name[32];

        pd_buf_init(&keep[m], 0);
        snprintf(name, sizeof(name), "408962/m%d.json.gz", m);
        add_events(z, name, m, 3000, 0, keep);
    }
    assert_int_equal(zip_close(z), 0);
    expect_same_items(path, 0,
                      "R 3000:e4|u10|2026-11-03 10:00:00.000000|2|3000\nE\n"
                      "M 408962/m3.json.gz\n");
    for (int m = 0; m < 6; m++)
        pd_buf_release(&keep[m]);
}

/* Bad JSON in the middle member is a reject at its line; a truncated
 * gzip member after it is that member's error; the rest still reads. */
static void
test_members_errors(void **state)
{
    const char *path = fixture("amp-bad.zip");
    struct pd_buf keep[5];
    int zerr = 0;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);

    (void)state;
    assert_non_null(z);
    for (int m = 0; m < 5; m++) {
        char name[32];

        pd_buf_init(&keep[m], 0);
        snprintf(name, sizeof(name), "m%d.json.gz", m);
        add_events(z, name, m, 2500, m == 2 ? 1234 : 0, keep);
    }
    /* Member 3 again, cut short. */
    add_member(z, "cut.json.gz", keep[3].buf, keep[3].len / 2);
    add_member(z, "z.csv", S("id\n9\n"));
    assert_int_equal(zip_close(z), 0);
    expect_same_items(path, 0, "R 1233:");
    expect_same_items(path, 0, "R! 1234\n");
    expect_same_items(path, 0,
                      "M cut.json.gz\nH event_type|user_id|event_time|"
                      "event_properties.member|event_properties.row\n");
    expect_same_items(path, 0,
                      "X+ unexpected end of gzip data in 'cut.json.gz'\n"
                      "M z.csv\nH id\nR 2:9\nE\n.\n");
    /* A member dropped half-way (transform refused it), then the rest. */
    expect_same_items(path, 1000, "\"row\":998}}\nM m1.json.gz\n");
    /* Dropped right after its MEMBER: the next member follows. */
    expect_same_items(path, 1, "M m1.json.gz\n");
    for (int m = 0; m < 5; m++)
        pd_buf_release(&keep[m]);
}

/* Closing the stream while workers wait on full queues, at any point,
 * neither hangs nor leaks (ASan's leak check runs the unit tests). */
static void
test_members_close_early(void **state)
{
    const char *path = fixture("amp.zip");
    struct pd_err err = PD_ERR_INIT;
    struct pd_stream_item it;

    (void)state;
    assert_int_equal(setenv("PRODOPS_TEST_READ_THREADS", "3", 1), 0);
    for (int stop = 0; stop < 9000; stop += 1499) {
        struct pd_stream *st = pd_stream_open(path, NULL, &err);

        assert_non_null(st);
        for (int i = 0; i < stop; i++)
            assert_int_equal(pd_stream_next(st, &it, &err), 1);
        pd_stream_close(st);
    }
    assert_int_equal(unsetenv("PRODOPS_TEST_READ_THREADS"), 0);
}

static int
setup(void **state)
{
    (void)state;
    return pd_test_mkdtemp(tmpdir);
}

static int
teardown(void **state)
{
    (void)state;
    return pd_test_rm_tree(tmpdir);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv),
        cmocka_unit_test(test_headerless),
        cmocka_unit_test(test_json_bad_line_first),
        cmocka_unit_test(test_zip_members),
        cmocka_unit_test(test_utf8_flag),
        cmocka_unit_test(test_zip_corrupt_member),
        cmocka_unit_test(test_no_member),
        cmocka_unit_test(test_members_in_order),
        cmocka_unit_test(test_members_errors),
        cmocka_unit_test(test_members_close_early),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
