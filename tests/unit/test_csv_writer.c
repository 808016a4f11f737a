/*
 * test_csv_writer - RFC 4180 quoting, formula neutralization of text (and
 * not of numbers), shortest round-trip doubles, the BOM option, and the
 * sticky error on a full device and on a buffer cap.
 */
/* cmocka.h needs these system headers before it. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
/* clang-format on */

#include <math.h>

#include "reports/csv_writer.h"

/* What text_cell() and double_cell() return; released by teardown(). */
static struct pd_buf cell = PD_BUF_INIT;

static int
teardown(void **state)
{
    (void)state;
    pd_buf_release(&cell);
    return 0;
}

/* One text cell as written (no row end). */
static const char *
text_cell(const char *s, size_t n)
{
    struct pd_err err = PD_ERR_INIT;
    struct pd_csv_writer *w;

    pd_buf_reset(&cell);
    w = pd_csv_writer_open_buf(&cell, "t.csv", 0, &err);
    assert_int_equal(pd_csv_writer_text(w, s, n), 0);
    assert_int_equal(pd_csv_writer_close(w), 0);
    return cell.buf;
}

#define CELL(lit) text_cell(lit, sizeof(lit) - 1)

static void
test_quoting(void **state)
{
    (void)state;
    assert_string_equal(CELL("plain text"), "plain text");
    assert_string_equal(CELL("a,b"), "\"a,b\"");
    assert_string_equal(CELL("say \"hi\""), "\"say \"\"hi\"\"\"");
    assert_string_equal(CELL("\""), "\"\"\"\"");
    assert_string_equal(CELL("line1\nline2"), "\"line1\nline2\"");
    assert_string_equal(CELL("a\r\nb"), "\"a\r\nb\"");
    assert_string_equal(CELL("ends with CR\r"), "\"ends with CR\r\"");
    assert_string_equal(CELL(""), "\"\"");
    /* Spaces, semicolons, tabs inside and UTF-8 need no quotes. */
    assert_string_equal(CELL(" padded ; x\ty "), " padded ; x\ty ");
    assert_string_equal(CELL("café ☕ 日本"), "café ☕ 日本");
}

static void
test_neutralized_prefixes(void **state)
{
    (void)state;
    assert_string_equal(CELL("=1+1"), "'=1+1");
    assert_string_equal(CELL("+1"), "'+1");
    assert_string_equal(CELL("-1"), "'-1");
    assert_string_equal(CELL("@SUM(A1:A2)"), "'@SUM(A1:A2)");
    assert_string_equal(CELL("\t=1+1"), "'\t=1+1");
    assert_string_equal(CELL("\r=1+1"), "\"'\r=1+1\"");
    assert_memory_equal(text_cell("\0=1", 3), "'\0=1", 4);
    /* Neutralized and quoted: the quote mark goes inside the quotes. */
    assert_string_equal(CELL("=HYPERLINK(\"http://x\",\"a,b\")"),
                        "\"'=HYPERLINK(\"\"http://x\"\",\"\"a,b\"\")\"");
    assert_string_equal(CELL("-2,5"), "\"'-2,5\"");
    /* Only the first byte counts. */
    assert_string_equal(CELL("a=1"), "a=1");
    assert_string_equal(CELL(" =1"), " =1");
    assert_string_equal(CELL("'=1"), "'=1");
    assert_string_equal(CELL("\n=1"), "\"\n=1\"");
}

/* Cells, nulls and rows through one writer. */
static void
test_rows(void **state)
{
    struct pd_err err = PD_ERR_INIT;
    struct pd_buf b = PD_BUF_INIT;
    struct pd_csv_writer *w = pd_csv_writer_open_buf(&b, "t.csv", 0, &err);

    (void)state;
    assert_int_equal(pd_csv_writer_str(w, "area"), 0);
    assert_int_equal(pd_csv_writer_str(w, "tickets"), 0);
    assert_int_equal(pd_csv_writer_str(w, "delta"), 0);
    assert_int_equal(pd_csv_writer_end_row(w), 0);
    assert_int_equal(pd_csv_writer_str(w, "billing, EU"), 0);
    assert_int_equal(pd_csv_writer_int(w, 42), 0);
    assert_int_equal(pd_csv_writer_double(w, -0.125), 0);
    assert_int_equal(pd_csv_writer_end_row(w), 0);
    assert_int_equal(pd_csv_writer_null(w), 0);
    assert_int_equal(pd_csv_writer_str(w, NULL), 0);
    assert_int_equal(pd_csv_writer_text(w, "", 0), 0);
    assert_int_equal(pd_csv_writer_end_row(w), 0);
    assert_int_equal(pd_csv_writer_close(w), 0);
    assert_string_equal(b.buf, "area,tickets,delta\n"
                               "\"billing, EU\",42,-0.125\n"
                               ",,\"\"\n");
    pd_buf_release(&b);
}

/* Negative numbers through the number functions are numbers, not
 * formulas; number text that is not a plain number is text. */
static void
test_numbers_not_neutralized(void **state)
{
    struct pd_err err = PD_ERR_INIT;
    struct pd_buf b = PD_BUF_INIT;
    struct pd_csv_writer *w = pd_csv_writer_open_buf(&b, "t.csv", 0, &err);

    (void)state;
    assert_int_equal(pd_csv_writer_int(w, -42), 0);
    assert_int_equal(pd_csv_writer_int(w, INT64_MIN), 0);
    assert_int_equal(pd_csv_writer_double(w, -1.5), 0);
    assert_int_equal(pd_csv_writer_number(w, "-12.50", 6), 0);
    assert_int_equal(pd_csv_writer_number(w, "1e-5", 4), 0);
    assert_int_equal(pd_csv_writer_number(w, "-3E+07", 6), 0);
    assert_int_equal(pd_csv_writer_end_row(w), 0);
    /* Not plain numbers: written as text, so neutralized and quoted. */
    assert_int_equal(pd_csv_writer_number(w, "=1+1", 4), 0);
    assert_int_equal(pd_csv_writer_number(w, "-1+2", 4), 0);
    assert_int_equal(pd_csv_writer_number(w, "+5", 2), 0);
    assert_int_equal(pd_csv_writer_number(w, "1,5", 3), 0);
    assert_int_equal(pd_csv_writer_number(w, "NaN", 3), 0);
    assert_int_equal(pd_csv_writer_number(w, "-", 1), 0);
    assert_int_equal(pd_csv_writer_number(w, "1.", 2), 0);
    assert_int_equal(pd_csv_writer_end_row(w), 0);
    assert_int_equal(pd_csv_writer_close(w), 0);
    assert_string_equal(b.buf, "-42,-9223372036854775808,-1.5,-12.50,1e-5,"
                               "-3E+07\n"
                               "'=1+1,'-1+2,'+5,\"1,5\",NaN,'-,1.\n");
    pd_buf_release(&b);
}

static const char *
double_cell(double v)
{
    struct pd_err err = PD_ERR_INIT;
    struct pd_csv_writer *w;

    pd_buf_reset(&cell);
    w = pd_csv_writer_open_buf(&cell, "t.csv", 0, &err);
    assert_int_equal(pd_csv_writer_double(w, v), 0);
    assert_int_equal(pd_csv_writer_close(w), 0);
    return cell.buf;
}

static void
test_doubles(void **state)
{
    uint64_t x = 0x9E3779B97F4A7C15u;

    (void)state;
    assert_string_equal(double_cell(0.1), "0.1");
    assert_string_equal(double_cell(0.1 + 0.2), "0.30000000000000004");
    assert_string_equal(double_cell(1.0 / 3.0), "0.3333333333333333");
    assert_string_equal(double_cell(100.0), "100");
    assert_string_equal(double_cell(1e300), "1e+300");
    assert_string_equal(double_cell(-2.5e-7), "-2.5e-07");
    assert_string_equal(double_cell(9007199254740993.0), "9007199254740992");
    /* Round-trips, though "5e-324" would be shorter (csv_writer.h). */
    assert_string_equal(double_cell(5e-324), "4.94065645841247e-324");
    assert_string_equal(double_cell(NAN), "");
    assert_string_equal(double_cell(INFINITY), "");
    assert_string_equal(double_cell(-INFINITY), "");
    /* Random bit patterns read back to the same double. */
    for (int i = 0; i < 20000; i++) {
        double v;

        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        memcpy(&v, &x, sizeof(v));
        if (!isfinite(v))
            continue;
        assert_true(strtod(double_cell(v), NULL) == v);
    }
}

static void
test_bom(void **state)
{
    struct pd_err err = PD_ERR_INIT;
    struct pd_buf b = PD_BUF_INIT;
    struct pd_csv_writer *w =
        pd_csv_writer_open_buf(&b, "t.csv", PD_CSV_BOM, &err);

    (void)state;
    assert_int_equal(pd_csv_writer_str(w, "=x"), 0);
    assert_int_equal(pd_csv_writer_end_row(w), 0);
    assert_int_equal(pd_csv_writer_close(w), 0);
    assert_string_equal(b.buf, "\xEF\xBB\xBF'=x\n");
    pd_buf_release(&b);
}

/* The stream sink writes the same bytes as the buffer sink. */
static void
test_stream(void **state)
{
    struct pd_err err = PD_ERR_INIT;
    FILE *fp = tmpfile();
    struct pd_csv_writer *w;
    char got[64];
    size_t n;

    (void)state;
    assert_non_null(fp);
    w = pd_csv_writer_open(fp, "tmp.csv", PD_CSV_BOM, &err);
    assert_int_equal(pd_csv_writer_str(w, "a\"b"), 0);
    assert_int_equal(pd_csv_writer_double(w, 2.5), 0);
    assert_int_equal(pd_csv_writer_end_row(w), 0);
    assert_int_equal(pd_csv_writer_close(w), 0);
    rewind(fp);
    n = fread(got, 1, sizeof(got), fp);
    assert_int_equal(n, 14);
    assert_memory_equal(got, "\xEF\xBB\xBF\"a\"\"b\",2.5\n", 14);
    assert_int_equal(fclose(fp), 0);
}

/* Buffered: the error shows at close, which flushes. */
static void
test_full_device_at_close(void **state)
{
    struct pd_err err = PD_ERR_INIT;
    FILE *fp = fopen("/dev/full", "w");
    struct pd_csv_writer *w;

    (void)state;
    if (!fp)
        skip();
    w = pd_csv_writer_open(fp, "out.csv", 0, &err);
    assert_int_equal(pd_csv_writer_str(w, "x"), 0);
    assert_int_equal(pd_csv_writer_end_row(w), 0);
    assert_int_equal(pd_csv_writer_close(w), -1);
    assert_int_equal(err.code, PD_E_IO);
    assert_string_equal(err.msg,
                        "cannot write 'out.csv': No space left on device");
    (void)fclose(fp); /* fails too: the buffered bytes cannot go */
}

/* Unbuffered: the failing cell returns -1 and every later call too. */
static void
test_full_device_sticky(void **state)
{
    struct pd_err err = PD_ERR_INIT;
    FILE *fp = fopen("/dev/full", "w");
    struct pd_csv_writer *w;

    (void)state;
    if (!fp)
        skip();
    assert_int_equal(setvbuf(fp, NULL, _IONBF, 0), 0);
    w = pd_csv_writer_open(fp, "out.csv", 0, &err);
    assert_int_equal(pd_csv_writer_str(w, "x"), -1);
    assert_int_equal(err.code, PD_E_IO);
    assert_non_null(strstr(err.msg, "No space left on device"));
    pd_err_clear(&err);
    assert_int_equal(pd_csv_writer_int(w, 1), -1);
    assert_int_equal(pd_csv_writer_null(w), -1);
    assert_int_equal(pd_csv_writer_end_row(w), -1);
    assert_int_equal(err.code, PD_E_OK); /* no second report */
    assert_int_equal(pd_csv_writer_close(w), -1);
    assert_int_equal(fclose(fp), 0);

    /* A failed BOM is reported by the first call after open. */
    fp = fopen("/dev/full", "w");
    assert_non_null(fp);
    assert_int_equal(setvbuf(fp, NULL, _IONBF, 0), 0);
    w = pd_csv_writer_open(fp, "bom.csv", PD_CSV_BOM, &err);
    assert_int_equal(err.code, PD_E_IO);
    assert_int_equal(pd_csv_writer_str(w, "x"), -1);
    assert_int_equal(pd_csv_writer_close(w), -1);
    assert_int_equal(fclose(fp), 0);
    assert_int_equal(pd_csv_writer_close(NULL), 0);
}

static void
test_buffer_cap(void **state)
{
    struct pd_err err = PD_ERR_INIT;
    struct pd_buf b;
    struct pd_csv_writer *w;

    (void)state;
    pd_buf_init(&b, 8);
    w = pd_csv_writer_open_buf(&b, "mem.csv", 0, &err);
    assert_int_equal(pd_csv_writer_str(w, "abc"), 0);
    assert_int_equal(pd_csv_writer_str(w, "defgh"), -1);
    assert_int_equal(err.code, PD_E_LIMIT);
    assert_string_equal(err.msg,
                        "cannot write 'mem.csv': output exceeds its 8-byte "
                        "cap");
    assert_int_equal(pd_csv_writer_end_row(w), -1);
    assert_int_equal(pd_csv_writer_close(w), -1);
    assert_string_equal(b.buf, "abc,");
    pd_buf_release(&b);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quoting),
        cmocka_unit_test(test_neutralized_prefixes),
        cmocka_unit_test(test_rows),
        cmocka_unit_test(test_numbers_not_neutralized),
        cmocka_unit_test(test_doubles),
        cmocka_unit_test(test_bom),
        cmocka_unit_test(test_stream),
        cmocka_unit_test(test_full_device_at_close),
        cmocka_unit_test(test_full_device_sticky),
        cmocka_unit_test(test_buffer_cap),
    };

    return cmocka_run_group_tests(tests, NULL, teardown);
}
