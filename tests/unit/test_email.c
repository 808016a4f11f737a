/* Unit tests for reports/email: SPEC §7's "a render that comes out empty
 * is an error, never a blank email", and the cid: parts the HTML names. */
/* cmocka.h needs these first; keep clang-format from sorting it up. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
/* clang-format on */

#include "common/buf.h"
#include "common/err.h"
#include "reports/chart.h"
#include "reports/doc.h"
#include "reports/email.h"

/* The email of json: its return, *err and the message in *out. */
static int
email_of(const char *json, struct pd_buf *out, struct pd_err *err)
{
    struct pd_doc doc;
    int rc;

    assert_int_equal(pd_doc_parse(&doc, json, err), 0);
    rc = pd_email_weekly(&doc, NULL, 0, out, err);
    pd_doc_free(&doc);
    return rc;
}

/* No week in the document: an error, and no message at all. */
static void
test_no_week_is_an_error(void **state)
{
    struct pd_buf b = PD_BUF_INIT;
    struct pd_err err = PD_ERR_INIT;

    (void)state;
    assert_int_equal(email_of("{}", &b, &err), -1);
    assert_string_equal(err.msg, "the weekly email came out empty: its "
                                 "document names no week");
    assert_int_equal(b.len, 0);
    pd_buf_release(&b);
}

/* A week whose document holds no headline value either week. */
static void
test_no_headline_is_an_error(void **state)
{
    struct pd_buf b = PD_BUF_INIT;
    struct pd_err err = PD_ERR_INIT;

    (void)state;
    assert_int_equal(email_of("{\"report\": \"weekly\", \"period\": "
                              "{\"label\": \"2026-W46\", \"timezone\": "
                              "\"UTC\"}, \"tickets\": {}}",
                              &b, &err),
                     -1);
    assert_int_equal(err.code, PD_E_INTERNAL);
    assert_string_equal(err.msg, "the weekly email of 2026-W46 came out "
                                 "empty: no headline has a value");
    assert_null(strchr(err.msg, '\n'));
    assert_int_equal(b.len, 0);
    pd_buf_release(&b);
}

/* Counts of 0 are values (a quiet week is news): a message, whose HTML
 * names the three PNG parts by cid: and holds no SVG. */
static void
test_zero_counts_make_an_email(void **state)
{
    struct pd_buf b = PD_BUF_INIT;
    struct pd_err err = PD_ERR_INIT;

    (void)state;
    assert_int_equal(email_of("{\"report\": \"weekly\", \"period\": "
                              "{\"label\": \"2026-W46\", \"timezone\": "
                              "\"UTC\"}, \"tickets\": {\"tickets_created\": "
                              "0}}",
                              &b, &err),
                     0);
    assert_non_null(strstr(b.buf, "multipart/alternative"));
    for (int k = 1; k <= 3; k++) {
        char cid[64];
        snprintf(cid, sizeof(cid), "Content-ID: <trend-%d@prodops>", k);
        assert_non_null(strstr(b.buf, cid));
    }
    assert_null(strstr(b.buf, "<svg"));
    pd_buf_release(&b);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_week_is_an_error),
        cmocka_unit_test(test_no_headline_is_an_error),
        cmocka_unit_test(test_zero_counts_make_an_email),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);

    pd_chart_cleanup();
    return rc;
}
