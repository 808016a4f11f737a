/*
 * test_xlsx_book - the streaming table writer of reports/xlsx.h: a full
 * sheet drops (and counts) rows instead of failing, text longer than
 * Excel's cell limit is cut rather than refused, and misuse or an
 * unwritable path is a sticky error reported at close.  Cell values are
 * read back by tests/t/t5002-handoff.sh (openpyxl).
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
#include <unistd.h>

#include <cmocka.h>
/* clang-format on */

#include "common/xalloc.h"
#include "reports/xlsx.h"

static const char *const heads[] = {"name", "n", "at"};
static const enum pd_xlsx_col types[] = {PD_XLSX_TEXT, PD_XLSX_INTEGER,
                                         PD_XLSX_DATETIME};

static char path[64];

static int
setup(void **state)
{
    (void)state;
    snprintf(path, sizeof(path), "/tmp/test_xlsx_book.%ld.xlsx",
             (long)getpid());
    return 0;
}

static int
teardown(void **state)
{
    (void)state;
    (void)remove(path);
    return 0;
}

static void
test_rows(void **state)
{
    struct pd_err err = PD_ERR_INIT;
    struct pd_xlsx_book *b = pd_xlsx_book_open(path, &err);
    const char *row[] = {"=1+1", "12", "2026-11-09T10:00:00Z"};
    const char *odd[] = {NULL, "not a number", "yesterday"};
    char *longtext = pd_xmalloc(40001);

    (void)state;
    assert_non_null(b);
    assert_int_equal(pd_xlsx_book_sheet(b, "tickets", 3, heads, types), 0);
    assert_int_equal(pd_xlsx_book_row(b, row), 0);
    /* Not a number, not a time: written as text, not an error. */
    assert_int_equal(pd_xlsx_book_row(b, odd), 0);
    /* 40,000 bytes: Excel keeps 32,767 characters, the rest is cut. */
    memset(longtext, 'a', 40000);
    longtext[40000] = '\0';
    row[0] = longtext;
    assert_int_equal(pd_xlsx_book_row(b, row), 0);
    assert_int_equal(pd_xlsx_book_sheet(b, "accounts", 3, heads, types), 0);
    assert_int_equal(pd_xlsx_book_close(b, &err), 0);
    assert_int_equal(access(path, R_OK), 0);
    free(longtext);
}

static void
test_full_sheet(void **state)
{
    struct pd_err err = PD_ERR_INIT;
    struct pd_xlsx_book *b = pd_xlsx_book_open(path, &err);
    const char *empty[] = {NULL, NULL, NULL};

    (void)state;
    assert_int_equal(pd_xlsx_book_sheet(b, "s", 3, heads, types), 0);
    /* 1,048,576 rows with the header. */
    for (size_t i = 0; i < 1048575; i++)
        assert_int_equal(pd_xlsx_book_row(b, empty), 0);
    assert_int_equal(pd_xlsx_book_dropped(b), 0);
    assert_int_equal(pd_xlsx_book_row(b, empty), 1);
    assert_int_equal(pd_xlsx_book_row(b, empty), 1);
    assert_int_equal(pd_xlsx_book_dropped(b), 2);
    /* A new sheet starts empty. */
    assert_int_equal(pd_xlsx_book_sheet(b, "t", 3, heads, types), 0);
    assert_int_equal(pd_xlsx_book_dropped(b), 0);
    assert_int_equal(pd_xlsx_book_close(b, &err), 0);
}

static void
test_misuse_is_sticky(void **state)
{
    struct pd_err err = PD_ERR_INIT;
    struct pd_xlsx_book *b = pd_xlsx_book_open(path, &err);
    const char *row[] = {"a", "1", NULL};

    (void)state;
    assert_int_equal(pd_xlsx_book_row(b, row), -1);
    /* Later calls are no-ops; the first error is the one reported. */
    assert_int_equal(pd_xlsx_book_sheet(b, "ok", 3, heads, types), -1);
    assert_int_equal(pd_xlsx_book_close(b, &err), -1);
    assert_int_equal(err.code, PD_E_INTERNAL);
    assert_non_null(strstr(err.msg, "a row before any sheet"));

    b = pd_xlsx_book_open(path, &err);
    assert_int_equal(pd_xlsx_book_sheet(b, "a/b", 3, heads, types), -1);
    assert_int_equal(pd_xlsx_book_close(b, &err), -1);
    assert_non_null(strstr(err.msg, "bad sheet name"));

    /* Excel's sheet names are unique in any case. */
    b = pd_xlsx_book_open(path, &err);
    assert_int_equal(pd_xlsx_book_sheet(b, "Tickets", 3, heads, types), 0);
    assert_int_equal(pd_xlsx_book_sheet(b, "tickets", 3, heads, types), -1);
    assert_int_equal(pd_xlsx_book_close(b, &err), -1);

    assert_int_equal(pd_xlsx_book_close(NULL, &err), 0);
}

static void
test_unwritable(void **state)
{
    struct pd_err err = PD_ERR_INIT;

    (void)state;
    /* Found at open, not at close (where libxlsxwriter would print). */
    assert_null(pd_xlsx_book_open("/nonexistent-dir/x.xlsx", &err));
    assert_int_equal(err.code, PD_E_IO);
    assert_non_null(strstr(err.msg, "/nonexistent-dir/x.xlsx"));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(test_full_sheet, setup, teardown),
        cmocka_unit_test_setup_teardown(test_misuse_is_sticky, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unwritable, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
