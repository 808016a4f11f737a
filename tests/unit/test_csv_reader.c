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

#include "common/buf.h"
#include "common/utf8.h"
#include "extract/csv_reader.h"
#include "tests/unit/testutil.h"

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

static void
expect_fields(struct fix *f, va_list ap)
{
    size_t i = 0;
    const char *want;

    while ((want = va_arg(ap, const char *)) != NULL) {
        assert_true(i < f->rec.nfields);
        assert_string_equal(f->rec.fields[i].s, want);
        assert_int_equal(f->rec.fields[i].len, strlen(want));
        i++;
    }
    assert_int_equal(f->rec.nfields, i);
}

/* Expect a record on line `line` with the given fields (NULL-ended). */
static void
expect(struct fix *f, long line, ...)
{
    va_list ap;

    assert_int_equal(next(f), 1);
    assert_int_equal(f->rec.line, line);
    assert_null(f->rec.reject);
    va_start(ap, line);
    expect_fields(f, ap);
    va_end(ap);
}

/* Expect a record read as Python reads it but rejected with `why`. */
static void
expect_reject(struct fix *f, long line, const char *why, ...)
{
    va_list ap;

    assert_int_equal(next(f), 1);
    assert_int_equal(f->rec.line, line);
    assert_non_null(f->rec.reject);
    assert_string_equal(f->rec.reject, why);
    va_start(ap, why);
    expect_fields(f, ap);
    va_end(ap);
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
    /* Three fields against the header's two, with a quoted line break:
     * read as Python reads it, but a possible stray quote, so rejected. */
    expect_reject(&f, 6,
                  "quoted field runs from line 6 to line 8 and the row has 3 "
                  "fields, the header 2: a stray quote?",
                  "3", "x\n\ny", "z", NULL);
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

/* Spaces around unquoted text are trimmed (SPEC §2 text is trimmed) once
 * the record is read; quoted text is kept.  A quote after a space does not
 * open a quoted field (Python's default dialect, skipinitialspace off): in
 * ` "y, " ` the quotes are text and the comma splits the field. */
static void
test_spaces(void **state)
{
    struct fix f;

    (void)state;
    fix_open(&f, S("a,b,c\n x ,\"y, \" ,z z\n   \n1, \"2,3\"\n"), NULL);
    expect(&f, 1, "a", "b", "c", NULL);
    expect(&f, 2, "x", "y, ", "z z", NULL);
    expect(&f, 4, "1", "\"2", "3\"", NULL); /* whitespace-only line skipped */
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
    /* Python saves the open field at the end of input: one record, which
     * swallowed three lines, so it is a reject, not a row. */
    expect_reject(&f, 3,
                  "quoted field opened on line 3 is never closed: it runs to "
                  "the end of the file (line 5)",
                  "2", "never closed\n3,x\n4,y\n", NULL);
    expect_end(&f);
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

/* Issue 12: `"12" monitor` is 12 monitor (Python's csv), and the rows
 * after it stay rows.  libcsv kept the field quoted past the closing
 * quote, so rows 92-93 became part of ticket 91's subject with
 * "2 read, 0 rejected". */
static void
test_regression_2026_12_05_quote_then_text(void **state)
{
    struct fix f;

    (void)state;
    fix_open(&f,
             S("id,subject,priority\n"
               "91,\"12\" monitor,low\n"
               "92,keyboard,high\n"
               "93,\"mouse \"\"pro\"\"\" x,normal\n"
               "94,a\"b\"c,low\n"),
             NULL);
    expect(&f, 1, "id", "subject", "priority", NULL);
    expect(&f, 2, "91", "12 monitor", "low", NULL);
    expect(&f, 3, "92", "keyboard", "high", NULL);
    expect(&f, 4, "93", "mouse \"pro\" x", "normal", NULL);
    expect(&f, 5, "94", "a\"b\"c", "low", NULL);
    expect_end(&f);
    fix_close(&f);
}

/* The same at scale: 1000 rows whose subjects open with a quoted word
 * read as 1000 rows (libcsv read 501). */
static void
test_regression_2026_12_05_quote_then_text_at_scale(void **state)
{
    struct pd_buf in = PD_BUF_INIT;
    struct fix f;
    int n = 0;

    (void)state;
    pd_buf_addstr(&in, "id,subject,priority\n");
    for (int i = 0; i < 1000; i++)
        pd_buf_addf(&in, "%d,\"%d\" monitor,low\n", i, i % 30);
    fix_open(&f, in.buf, in.len, NULL);
    expect(&f, 1, "id", "subject", "priority", NULL);
    while (next(&f) == 1) {
        char want[32];

        assert_null(f.rec.reject);
        assert_int_equal(f.rec.nfields, 3);
        snprintf(want, sizeof(want), "%d monitor", n % 30);
        assert_string_equal(f.rec.fields[1].s, want);
        n++;
    }
    assert_int_equal(n, 1000);
    fix_close(&f);
    pd_buf_release(&in);
}

/* A stray opening quote swallows line breaks until a later quote: the
 * record is what Python reads, but its field count is not the header's,
 * so it is rejected with both line numbers; the rows after it read. */
static void
test_regression_2026_12_05_stray_open_quote(void **state)
{
    struct fix f;

    (void)state;
    fix_open(&f,
             S("id,subject,priority\n"
               "91,\"12 monitor,low\n"
               "92,keyboard,high\n"
               "93,\"mouse\",normal\n"
               "94,pad,low\n"),
             NULL);
    expect(&f, 1, "id", "subject", "priority", NULL);
    expect_reject(&f, 2,
                  "quoted field runs from line 2 to line 4 and holds line 3, "
                  "which reads as a row of its own: a stray quote?",
                  "91", "12 monitor,low\n92,keyboard,high\n93,mouse\"",
                  "normal", NULL);
    expect(&f, 5, "94", "pad", "low", NULL);
    expect_end(&f);
    fix_close(&f);
}

/* A quoted line break in a record of the header's width is ordinary, and
 * so are inner lines that do not read as a row of the header's width. */
static void
test_multiline_field_of_header_width(void **state)
{
    struct fix f;

    (void)state;
    fix_open(&f,
             S("id,text,x\n1,\"a\nb\",c\n2,\"\n\",\n"
               "3,\"Hi,\nthanks a lot\nfor the help, all of it\",y\n"),
             NULL);
    expect(&f, 1, "id", "text", "x", NULL);
    expect(&f, 2, "1", "a\nb", "c", NULL);
    expect(&f, 4, "2", "\n", "", NULL);
    expect(&f, 6, "3", "Hi,\nthanks a lot\nfor the help, all of it", "y", NULL);
    expect_end(&f);
    fix_close(&f);
}

/* A NUL byte would cut the C string: the record is rejected, not cut. */
static void
test_nul_byte_rejected(void **state)
{
    struct fix f;

    (void)state;
    fix_open(&f, S("a,b\n1,x\0y\n2,z\n"), NULL);
    expect(&f, 1, "a", "b", NULL);
    assert_int_equal(next(&f), 1);
    assert_non_null(f.rec.reject);
    assert_string_equal(f.rec.reject,
                        "field holds a NUL byte (line 2): not text");
    expect(&f, 3, "2", "z", NULL);
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
        cmocka_unit_test(test_regression_2026_12_05_quote_then_text),
        cmocka_unit_test(test_regression_2026_12_05_quote_then_text_at_scale),
        cmocka_unit_test(test_regression_2026_12_05_stray_open_quote),
        cmocka_unit_test(test_multiline_field_of_header_width),
        cmocka_unit_test(test_nul_byte_rejected),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
