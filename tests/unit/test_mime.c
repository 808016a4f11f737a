/* Unit tests for reports/mime: base64 lines, quoted-printable, header
 * folding and RFC 2047 words, refusal of header injection. */
/* cmocka.h needs these first; keep clang-format from sorting it up. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
/* clang-format on */

#include "common/buf.h"
#include "reports/mime.h"

/* Every line of s ends in CRLF and is at most max characters. */
static void
assert_lines(const char *s, size_t max)
{
    while (*s) {
        const char *e = strstr(s, "\r\n");
        assert_non_null(e);
        assert_true((size_t)(e - s) <= max);
        assert_null(memchr(s, '\n', (size_t)(e - s)));
        s = e + 2;
    }
}

static void
test_base64(void **state)
{
    unsigned char data[1000];
    struct pd_buf b = PD_BUF_INIT;

    (void)state;
    pd_mime_base64("Man", 3, &b);
    assert_string_equal(b.buf, "TWFu\r\n");
    pd_buf_reset(&b);
    pd_mime_base64("Ma", 2, &b);
    assert_string_equal(b.buf, "TWE=\r\n");
    pd_buf_reset(&b);
    pd_mime_base64("M", 1, &b);
    assert_string_equal(b.buf, "TQ==\r\n");
    pd_buf_reset(&b);
    for (size_t i = 0; i < sizeof(data); i++)
        data[i] = (unsigned char)(i * 7);
    pd_mime_base64(data, sizeof(data), &b);
    assert_lines(b.buf, 76);
    /* 1000 bytes: 17 full lines of 76 and one of 36 (ceil(1000/3)*4 =
     * 1336 characters). */
    assert_int_equal(b.len, 1336 + 2 * 18);
    assert_int_equal(strstr(b.buf, "\r\n") - b.buf, 76);
    pd_buf_release(&b);
}

static void
test_quoted_printable(void **state)
{
    struct pd_buf b = PD_BUF_INIT;
    char long_line[300];

    (void)state;
    pd_mime_qp("a=b caf\xc3\xa9 \n.x\nend ", &b);
    assert_string_equal(b.buf, "a=3Db caf=C3=A9=20\r\n=2Ex\r\nend=20\r\n");
    pd_buf_reset(&b);
    memset(long_line, 'x', sizeof(long_line) - 1);
    long_line[sizeof(long_line) - 1] = '\0';
    long_line[100] = '=';
    pd_mime_qp(long_line, &b);
    assert_lines(b.buf, 76);
    pd_buf_release(&b);
}

static void
test_header_folding_and_encoding(void **state)
{
    struct pd_buf b = PD_BUF_INIT;

    (void)state;
    pd_mime_header("Subject", "Weekly report 2026-W46", &b);
    assert_string_equal(b.buf, "Subject: Weekly report 2026-W46\r\n");
    pd_buf_reset(&b);
    pd_mime_header("Subject",
                   "A very long subject line that goes on and on and on "
                   "well past the seventy-eight characters of a line",
                   &b);
    assert_lines(b.buf, 78);
    assert_non_null(strstr(b.buf, "\r\n "));
    pd_buf_reset(&b);
    /* "Wochenbericht KW 46 – Überblick" in UTF-8, repeated: words split
     * at characters, each at most 75 characters. */
    pd_mime_header("Subject",
                   "Wochenbericht KW 46 \xe2\x80\x93 \xc3\x9c"
                   "berblick \xc3\x9c\xc3\x9c\xc3\x9c\xc3\x9c\xc3\x9c"
                   "\xc3\x9c\xc3\x9c\xc3\x9c\xc3\x9c\xc3\x9c\xc3\x9c",
                   &b);
    assert_true(strncmp(b.buf, "Subject: =?UTF-8?B?", 19) == 0);
    assert_non_null(strstr(b.buf, "?=\r\n =?UTF-8?B?"));
    assert_lines(b.buf, 78);
    pd_buf_release(&b);
}

static void
test_crlf_refused(void **state)
{
    struct pd_mime_msg m = {
        "r@example.com", "a@example.com", "x", 0, "t", "<p>h</p>", NULL, 0};
    struct pd_buf b = PD_BUF_INIT;
    struct pd_err err = PD_ERR_INIT;

    (void)state;
    assert_true(pd_mime_header_safe("Weekly \xc3\xa9"));
    assert_false(pd_mime_header_safe("x\r\nBcc: evil@example.com"));
    assert_false(pd_mime_header_safe("x\nBcc: evil@example.com"));
    m.subject = "hi\r\nBcc: evil@example.com";
    assert_int_equal(pd_mime_write(&m, &b, &err), -1);
    assert_int_equal(b.len, 0);
    m.subject = "hi";
    m.to = "a@example.com\nBcc: evil@example.com";
    assert_int_equal(pd_mime_write(&m, &b, &err), -1);
    m.to = NULL;
    m.from = "nobody";
    assert_int_equal(pd_mime_write(&m, &b, &err), -1);
    pd_buf_release(&b);
}

static void
test_message(void **state)
{
    const struct pd_mime_part part = {"image/png", "c1@prodops", "c1.png",
                                      "\x89PNG", 4};
    /* 2026-11-21 08:00:00 UTC, a Saturday. */
    struct pd_mime_msg m = {"Reports <r@example.com>",
                            NULL,
                            "Weekly",
                            INT64_C(1795248000000000),
                            "text",
                            "<img src=\"cid:c1@prodops\">",
                            &part,
                            1};
    struct pd_buf b = PD_BUF_INIT;
    struct pd_err err = PD_ERR_INIT;

    (void)state;
    assert_int_equal(pd_mime_write(&m, &b, &err), 0);
    assert_null(strstr(b.buf, "\r\nTo:"));
    assert_non_null(strstr(b.buf, "Date: Sat, 21 Nov 2026 08:00:00 +0000\r\n"));
    assert_non_null(strstr(b.buf, "Message-ID: <prodops.1795248000000000@"
                                  "example.com>\r\n"));
    assert_non_null(strstr(b.buf, "MIME-Version: 1.0\r\n"));
    assert_non_null(strstr(b.buf, "Content-ID: <c1@prodops>\r\n"));
    assert_lines(b.buf, 998);
    pd_buf_release(&b);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_base64),
        cmocka_unit_test(test_quoted_printable),
        cmocka_unit_test(test_header_folding_and_encoding),
        cmocka_unit_test(test_crlf_refused),
        cmocka_unit_test(test_message),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
