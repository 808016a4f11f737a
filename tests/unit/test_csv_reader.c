/* Unit tests for extract/csv_reader: records, line numbers, raw text,
 * delimiters, limits.  Inputs are written to a mkdtemp() directory. */
/* cmocka.h needs these first; keep clang-format from sorting it up. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
/* clang-format on */

#include "tests/unit/testutil.h"

#include "common/buf.h"
#include "common/utf8.h"
#include "extract/csv_reader.h"

#define S(lit) (lit), (sizeof(lit) - 1)

static char tmpdir[] = "/tmp/pd_test_csv_XXXXXX";

/* An open source + reader over one in-memory text. */
struct fix {
    struct pd_source *src;
    struct pd_csv_reader *r;
    struct pd_record rec;
    struct pd_err err;
};

static void
fix_open(struct fix *f, const char *data, size_t n,
         const struct pd_csv_opts *opts)
{
    static unsigned seq;
    char path[512];
    const char *name;
    FILE *fp;

    snprintf(path, sizeof(path), "%s/in%u.csv", tmpdir, seq++);
    fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(data, 1, n, fp), n);
    assert_int_equal(fclose(fp), 0);
    memset(f, 0, sizeof(*f));
    f->src = pd_source_open(path, &f->err);
    assert_non_null(f->src);
    assert_int_equal(pd_source_next_member(f->src, &name, &f->err), 1);
    f->r = pd_csv_open(f->src, opts);
    assert_non_null(f->r);
}

static void
fix_close(struct fix *f)
{
    pd_csv_close(f->r);
    assert_int_equal(pd_source_close(f->src), 0);
}

static int
next(struct fix *f)
{
    return pd_csv_next(f->r, &f->rec, &f->err);
}

/* Expect a record on line `line` with the given fields (NULL-ended). */
static void
expect(struct fix *f, long line, ...)
{
    va_list ap;
    size_t i = 0;
    const char *want;

    assert_int_equal(next(f), 1);
    assert_int_equal(f->rec.line, line);
    assert_null(f->rec.reject);
    va_start(ap, line);
    while ((want = va_arg(ap, const char *)) != NULL) {
        assert_true(i < f->rec.nfields);
        assert_string_equal(f->rec.fields[i].s, want);
        assert_int_equal(f->rec.fields[i].len, strlen(want));
        i++;
    }
    va_end(ap);
    assert_int_equal(f->rec.nfields, i);
}

static void
expect_raw(const struct fix *f, const char *raw)
{
    assert_int_equal(f->rec.raw_len, strlen(raw));
    assert_memory_equal(f->rec.raw, raw, f->rec.raw_len);
}

static void
expect_end(struct fix *f)
{
    assert_int_equal(next(f), 0);
    assert_int_equal(next(f), 0); /* and stays at the end */
}

static void
test_quoted_newlines_and_lines(void **state)
{
    struct fix f;

    (void)state;
    fix_open(&f,
             S("id,text\n"        /* 1 */
               "1,\"a\nb\"\n"     /* 2-3 */
               "2,c\n"            /* 4 */
               "\n"               /* 5: blank, skipped */
               "3,\"x\n\ny\",z\n" /* 6-8 */
               "\"4\n\",d"),      /* 9-10, no final newline */
             NULL);
    expect(&f, 1, "id", "text", NULL);
    expect_raw(&f, "id,text");
    expect(&f, 2, "1", "a\nb", NULL);
    expect_raw(&f, "1,\"a\nb\"");
    expect(&f, 4, "2", "c", NULL);
    expect(&f, 6, "3", "x\n\ny", "z", NULL);
    expect_raw(&f, "3,\"x\n\ny\",z");
    expect(&f, 9, "4\n", "d", NULL);
    expect_raw(&f, "\"4\n\",d");
    expect_end(&f);
    fix_close(&f);
}

/* CRLF record ends with bare LF inside quotes, as in Qualtrics and
 * twcs.csv exports. */
static void
test_crlf(void **state)
{
    struct fix f;

    (void)state;
    fix_open(&f, S("id,t\r\n1,\"a\nb\"\r\n2,\"c\r\nd\"\r\n\r\n3,e\r\n"), NULL);
    expect(&f, 1, "id", "t", NULL);
    expect_raw(&f, "id,t");
    expect(&f, 2, "1", "a\nb", NULL);
    expect_raw(&f, "1,\"a\nb\"");
    expect(&f, 4, "2", "c\r\nd", NULL);
    expect(&f, 7, "3", "e", NULL);
    expect_raw(&f, "3,e");
    expect_end(&f);
    fix_close(&f);
}

static void
test_doubled_quotes(void **state)
{
    struct fix f;

    (void)state;
    fix_open(&f, S("a,b\n1,\"ha \"\"ha\"\" ha\"\n\"\"\"\",\"\"\n"), NULL);
    expect(&f, 1, "a", "b", NULL);
    expect(&f, 2, "1", "ha \"ha\" ha", NULL);
    expect(&f, 3, "\"", "", NULL);
    expect_end(&f);
    fix_close(&f);
}

/* A stray quote inside an unquoted field is kept as libcsv gives it. */
static void
test_quote_inside_unquoted(void **state)
{
    struct fix f;

    (void)state;
    fix_open(&f,
             S("a,b,c\n1,37\xC2\xB0"
               "36'37.8\"N,x\n"),
             NULL);
    expect(&f, 1, "a", "b", "c", NULL);
    expect(&f, 2, "1",
           "37\xC2\xB0"
           "36'37.8\"N",
           "x", NULL);
    expect_end(&f);
    fix_close(&f);
}

/* Spaces around unquoted fields are trimmed (SPEC §2 text is trimmed),
 * which also lets `a, "b"` read as a quoted field; quoted text is kept. */
static void
test_spaces(void **state)
{
    struct fix f;

    (void)state;
    fix_open(&f, S("a,b,c\n x , \"y, \" ,z z\n   \n1,2,3\n"), NULL);
    expect(&f, 1, "a", "b", "c", NULL);
    expect(&f, 2, "x", "y, ", "z z", NULL);
    expect(&f, 4, "1", "2", "3", NULL); /* whitespace-only line skipped */
    expect_end(&f);
    fix_close(&f);
}

static void
test_semicolon_detected(void **state)
{
    struct fix f;

    (void)state;
    fix_open(&f, S("\"a,1\";b;c\n1,5;\"x;y\";3\n"), NULL);
    expect(&f, 1, "a,1", "b", "c", NULL);
    assert_int_equal(pd_csv_delimiter(f.r), ';');
    expect(&f, 2, "1,5", "x;y", "3", NULL);
    expect_end(&f);
    fix_close(&f);
}

/* Tab files keep empty fields (libcsv's default would take the tab for
 * a space and drop them). */
static void
test_tab_detected(void **state)
{
    struct fix f;

    (void)state;
    fix_open(&f, S("a\tb\t\tc\n1\t\t \t3\n"), NULL);
    expect(&f, 1, "a", "b", "", "c", NULL);
    assert_int_equal(pd_csv_delimiter(f.r), '\t');
    expect(&f, 2, "1", "", "", "3", NULL);
    expect_end(&f);
    fix_close(&f);
}

static void
test_delim_option(void **state)
{
    struct pd_csv_opts o = {';', 0};
    struct fix f;

    (void)state;
    /* The header says comma, the option says semicolon: the option wins. */
    fix_open(&f, S("a,b,c;d\n"), &o);
    expect(&f, 1, "a,b,c", "d", NULL);
    expect_end(&f);
    fix_close(&f);
}

static void
test_detect_delimiter(void **state)
{
    (void)state;
    assert_int_equal(pd_csv_detect_delimiter(S("a,b,c")), ',');
    assert_int_equal(pd_csv_detect_delimiter(S("a;b;c,d")), ';');
    assert_int_equal(pd_csv_detect_delimiter(S("a\tb\tc;d,e")), '\t');
    assert_int_equal(pd_csv_detect_delimiter(S("\"x,y,z\";b")), ';');
    assert_int_equal(pd_csv_detect_delimiter(S("single")), ',');
    assert_int_equal(pd_csv_detect_delimiter("", 0), ',');
    assert_int_equal(pd_csv_detect_delimiter(S("a;b,c")), ','); /* tie */
}

static void
test_no_final_newline(void **state)
{
    struct fix f;

    (void)state;
    fix_open(&f, S("a,b\n1,2"), NULL);
    expect(&f, 1, "a", "b", NULL);
    expect(&f, 2, "1", "2", NULL);
    expect_raw(&f, "1,2");
    expect_end(&f);
    fix_close(&f);
    fix_open(&f, S("a,b\n1,\"2\""), NULL); /* closing quote at EOF */
    expect(&f, 1, "a", "b", NULL);
    expect(&f, 2, "1", "2", NULL);
    expect_end(&f);
    fix_close(&f);
}

static void
test_empty_and_trailing_delims(void **state)
{
    struct fix f;

    (void)state;
    fix_open(&f, "", 0, NULL);
    expect_end(&f);
    fix_close(&f);
    fix_open(&f, S("\n\r\n"), NULL);
    expect_end(&f);
    fix_close(&f);
    fix_open(&f, S("a,b,\n,,\n"), NULL);
    expect(&f, 1, "a", "b", "", NULL);
    expect(&f, 2, "", "", "", NULL);
    expect_end(&f);
    fix_close(&f);
}

/* Old Mac files end lines with a bare CR: still one record per line. */
static void
test_bare_cr(void **state)
{
    struct fix f;

    (void)state;
    fix_open(&f, S("a,b\r1,2\r3,\"x\ry\"\r"), NULL);
    expect(&f, 1, "a", "b", NULL);
    expect_raw(&f, "a,b");
    expect(&f, 1, "1", "2", NULL);
    expect_raw(&f, "1,2");
    expect(&f, 1, "3", "x\ry", NULL);
    expect_end(&f);
    fix_close(&f);
}

static void
test_unterminated_quote(void **state)
{
    struct fix f;

    (void)state;
    fix_open(&f, S("id,t\n1,ok\n2,\"never closed\n3,x\n4,y\n"), NULL);
    expect(&f, 1, "id", "t", NULL);
    expect(&f, 2, "1", "ok", NULL);
    assert_int_equal(next(&f), -1);
    assert_int_equal(f.err.code, PD_E_PARSE);
    assert_string_equal(f.err.msg,
                        "unterminated quoted field starting at line 3");
    assert_int_equal(f.err.line, 3);
    assert_int_equal(next(&f), -1); /* sticky */
    fix_close(&f);
}

/* A stray quote in a big file must stop at the field cap, not read the
 * whole file into one field. */
static void
test_unterminated_quote_cap(void **state)
{
    struct pd_csv_opts o = {0, 1000};
    struct pd_buf in = PD_BUF_INIT;
    struct fix f;

    (void)state;
    pd_buf_addstr(&in, "id,t\n1,\"a stray quote\n");
    for (int i = 0; i < 5000; i++)
        pd_buf_addf(&in, "%d,row\n", i);
    fix_open(&f, in.buf, in.len, &o);
    expect(&f, 1, "id", "t", NULL);
    assert_int_equal(next(&f), -1);
    assert_string_equal(f.err.msg,
                        "unterminated quoted field starting at line 2");
    fix_close(&f);
    pd_buf_release(&in);
}

static void
test_field_cap(void **state)
{
    struct pd_csv_opts o = {0, 100};
    struct pd_buf in = PD_BUF_INIT;
    struct fix f;

    (void)state;
    pd_buf_addstr(&in, "id,t\n1,");
    for (int i = 0; i < 100; i++)
        pd_buf_addch(&in, 'x'); /* exactly the cap: accepted */
    pd_buf_addstr(&in, "\n2,\n3,");
    for (int i = 0; i < 101; i++)
        pd_buf_addch(&in, 'y');
    pd_buf_addstr(&in, "\n");
    fix_open(&f, in.buf, in.len, &o);
    expect(&f, 1, "id", "t", NULL);
    assert_int_equal(next(&f), 1);
    assert_int_equal(f.rec.fields[1].len, 100);
    expect(&f, 3, "2", "", NULL);
    assert_int_equal(next(&f), -1);
    assert_int_equal(f.err.code, PD_E_LIMIT);
    assert_string_equal(f.err.msg, "field larger than 100 bytes at line 4");
    fix_close(&f);
    pd_buf_release(&in);
}

static long
count_lines(const char *s)
{
    long n = 0;

    while ((s = strchr(s, '\n')) != NULL) {
        n++;
        s++;
    }
    return n;
}

/* Raw text is capped; fields are not cut with it. */
static void
test_raw_cap(void **state)
{
    struct pd_buf in = PD_BUF_INIT;
    struct fix f;

    (void)state;
    pd_buf_addstr(&in, "a,b\n1,\"");
    for (int i = 0; i < 3 * PD_RECORD_RAW_MAX; i++)
        pd_buf_addch(&in, i % 50 ? 'z' : '\n');
    pd_buf_addstr(&in, "\"\n2,3\n");
    fix_open(&f, in.buf, in.len, NULL);
    expect(&f, 1, "a", "b", NULL);
    assert_int_equal(next(&f), 1);
    assert_int_equal(f.rec.raw_len, PD_RECORD_RAW_MAX);
    assert_memory_equal(f.rec.raw, in.buf + 4, PD_RECORD_RAW_MAX);
    assert_int_equal(f.rec.fields[1].len, 3 * PD_RECORD_RAW_MAX);
    /* "2,3" is the last line: its number is the count of newlines. */
    expect(&f, count_lines(in.buf), "2", "3", NULL);
    expect_end(&f);
    fix_close(&f);
    pd_buf_release(&in);
}

/* Records straddling the reader's 64 KiB chunks, CRLF pairs split across
 * them, and wide records keep their fields and line numbers. */
static void
test_many_rows_across_chunks(void **state)
{
    struct pd_buf in = PD_BUF_INIT;
    struct fix f;
    char a[32], b[64];
    long line = 1;

    (void)state;
    pd_buf_addstr(&in, "n,text\r\n");
    for (int i = 0; i < 20000; i++)
        pd_buf_addf(&in, "%d,\"v %d,\"\"q\"\"\n%d\"\r\n", i, i, i * 3);
    fix_open(&f, in.buf, in.len, NULL);
    expect(&f, line++, "n", "text", NULL);
    for (int i = 0; i < 20000; i++) {
        snprintf(a, sizeof(a), "%d", i);
        snprintf(b, sizeof(b), "v %d,\"q\"\n%d", i, i * 3);
        expect(&f, line, a, b, NULL);
        line += 2;
    }
    expect_end(&f);
    fix_close(&f);
    pd_buf_release(&in);
}

static void
test_wide_record(void **state)
{
    struct pd_buf in = PD_BUF_INIT;
    struct fix f;

    (void)state;
    for (int i = 0; i < 3000; i++)
        pd_buf_addf(&in, "%sc%d", i ? "," : "", i);
    pd_buf_addch(&in, '\n');
    fix_open(&f, in.buf, in.len, NULL);
    assert_int_equal(next(&f), 1);
    assert_int_equal(f.rec.nfields, 3000);
    assert_string_equal(f.rec.fields[0].s, "c0");
    assert_string_equal(f.rec.fields[2999].s, "c2999");
    expect_end(&f);
    fix_close(&f);
    pd_buf_release(&in);
}

/* Reader over a Windows-1252 file: fields arrive as UTF-8. */
static void
test_cp1252_fields(void **state)
{
    struct fix f;

    (void)state;
    fix_open(&f, S("nom;commentaire\nAndr\xE9;tr\xE8s bien \x80\n"), NULL);
    assert_int_equal(pd_source_encoding(f.src), PD_ENC_CP1252);
    expect(&f, 1, "nom", "commentaire", NULL);
    expect(&f, 2, "Andr\xC3\xA9", "tr\xC3\xA8s bien \xE2\x82\xAC", NULL);
    expect_end(&f);
    fix_close(&f);
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
        cmocka_unit_test(test_quoted_newlines_and_lines),
        cmocka_unit_test(test_crlf),
        cmocka_unit_test(test_doubled_quotes),
        cmocka_unit_test(test_quote_inside_unquoted),
        cmocka_unit_test(test_spaces),
        cmocka_unit_test(test_semicolon_detected),
        cmocka_unit_test(test_tab_detected),
        cmocka_unit_test(test_delim_option),
        cmocka_unit_test(test_detect_delimiter),
        cmocka_unit_test(test_no_final_newline),
        cmocka_unit_test(test_empty_and_trailing_delims),
        cmocka_unit_test(test_bare_cr),
        cmocka_unit_test(test_unterminated_quote),
        cmocka_unit_test(test_unterminated_quote_cap),
        cmocka_unit_test(test_field_cap),
        cmocka_unit_test(test_raw_cap),
        cmocka_unit_test(test_many_rows_across_chunks),
        cmocka_unit_test(test_wide_record),
        cmocka_unit_test(test_cp1252_fields),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
