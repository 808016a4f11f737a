/*
 * test_redact - PII redaction for handoff outputs: a table of texts and
 * their redacted form covering every recognised format, the look-alikes
 * that must stay (dates, times, versions, prices, ids), Luhn-valid and
 * invalid numbers, UTF-8 around matches; then the error paths, and
 * pd_regex_find() which the redactor is built on.
 *
 * Card numbers were checked with an independent Luhn implementation
 * (python3), not with the code under test.
 */
/* cmocka.h needs these system headers before it. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
/* clang-format on */

#include "transform/redact.h"
#include "transform/regex.h"

struct redact_case {
    const char *in;
    const char *out;
    int count;
};

static const struct redact_case cases[] = {
    /* phones: the formats of the brief */
    {"call +1 (415) 555-0132 today", "call [phone] today", 1},
    {"call 415-555-0132.", "call [phone].", 1},
    {"(415) 555 0132", "[phone]", 1},
    {"London +44 20 7946 0958", "London [phone]", 1},
    {"Berlin: +49 30 1234567", "Berlin: [phone]", 1},
    {"415.555.0132", "[phone]", 1},
    {"Paris +33 1 23 45 67 89.", "Paris [phone].", 1},
    {"0044 20 7946 0958", "[phone]", 1},
    /* phones: more shapes */
    {"+44 (0)20 7946 0958", "[phone]", 1},
    {"tel:+14155550132", "tel:[phone]", 1},
    {"020 7946 0958", "[phone]", 1},
    {"01 23 45 67 89", "[phone]", 1},
    {"(030) 1234567", "[phone]", 1},
    {"1-800-555-0132", "[phone]", 1},
    {"+49 30 1234567 2026-11-23", "[phone] 2026-11-23", 1},
    {"電話：+81 3-1234-5678。", "電話：[phone]。", 1},
    /* look-alikes that stay */
    {"released 2026-11-23 at 10:45 in v2.3.1",
     "released 2026-11-23 at 10:45 in v2.3.1", 0},
    {"order 12345 costs $1,299.00, see #48213",
     "order 12345 costs $1,299.00, see #48213", 0},
    {"2026-11-23 10:45:00 and 01.12.2026 and 2026-11-23T10:45:00Z",
     "2026-11-23 10:45:00 and 01.12.2026 and 2026-11-23T10:45:00Z", 0},
    {"up +12.5% to +3000 users, total 1,234,567",
     "up +12.5% to +3000 users, total 1,234,567", 0},
    {"version 10.0.19041.1, pi 3.14159265358979323",
     "version 10.0.19041.1, pi 3.14159265358979323", 0},
    {"std::map, ::1, fe80::, dead::beef, MAC 00:1a:2b:3c:4d:5e",
     "std::map, ::1, fe80::, dead::beef, MAC 00:1a:2b:3c:4d:5e", 0},
    /* known false negatives (redact.h): no area code, bare national run */
    {"555-0132 or 4155550132", "555-0132 or 4155550132", 0},
    /* cards: Luhn valid */
    {"card 4111 1111 1111 1111 exp 12/27", "card [card] exp 12/27", 1},
    {"4111111111111111", "[card]", 1},
    {"5500-0000-0000-0004", "[card]", 1},
    {"amex 378282246310005", "amex [card]", 1},
    {"amex 3782 822463 10005", "amex [card]", 1},
    {"13 digits 4222222222222", "13 digits [card]", 1},
    {"19 digits 6221260000000000001", "19 digits [card]", 1},
    {"19 grouped 6011 0000 0000 0000 001", "19 grouped [card]", 1},
    {"two 4111111111111111 5500000000000004", "two [card] [card]", 2},
    {"4111 1111 1111 1111 5500 0000 0000 0004", "[card] [card]", 2},
    {"4111-1111-1111-1111,5500-0000-0000-0004", "[card],[card]", 2},
    /* cards: Luhn invalid or wrong length stay */
    {"4111 1111 1111 1112", "4111 1111 1111 1112", 0},
    {"4111111111111112", "4111111111111112", 0},
    {"20 digits 41111111111111111115", "20 digits 41111111111111111115", 0},
    {"12 digits 411111111117", "12 digits 411111111117", 0},
    {"glued ID4111111111111111", "glued ID4111111111111111", 0},
    /* cards come before phones: this chain is both card- and phone-shaped;
     * Luhn-valid it is a card, invalid it is a phone */
    {"0049 301 234 5671", "[card]", 1},
    {"0049 301 234 5672", "[phone]", 1},
    /* IBANs: mod-97 valid, then an invalid one that stays */
    {"IBAN DE89 3704 0044 0532 0130 00.", "IBAN [iban].", 1},
    {"GB29 NWBK 6016 1331 9268 19 / NL91ABNA0417164300", "[iban] / [iban]", 2},
    {"NO93 8601 1117 947", "[iban]", 1},
    {"fr14 2004 1010 0505 0001 3m02 606", "[iban]", 1},
    {"GB29 NWBK 6016 1331 9268 18", "GB29 NWBK 6016 1331 9268 18", 0},
    {"FY26 ROAD MAPS", "FY26 ROAD MAPS", 0},
    /* IP addresses */
    {"from 192.168.1.23, ok", "from [ip], ok", 1},
    {"10.0.0.1:8080 and ip=255.255.255.255", "[ip]:8080 and ip=[ip]", 2},
    /* test_regression_2026_12_05 (issue 12 item 6): zero-padded octets
     * are an address; a number grouped by thousands with dots is not */
    {"1.000.000.000 and 2.050.000.000", "1.000.000.000 and 2.050.000.000", 0},
    {"from 192.168.001.001, ok", "from [ip], ok", 1},
    {"010.000.000.001 and 10.01.2.3", "[ip] and [ip]", 2},
    {"256.1.1.1 and 1.2.3.4.5 and v1.2.3.4",
     "256.1.1.1 and 1.2.3.4.5 and v1.2.3.4", 0},
    {"2001:db8::8a2e:370:7334", "[ip]", 1},
    {"[2001:0DB8:85a3:0000:0000:8a2e:0370:7334]:443", "[[ip]]:443", 1},
    {"mapped ::ffff:192.0.2.128.", "mapped [ip].", 1},
    {"fe80::1%eth0", "[ip]%eth0", 1},
    /* emails */
    {"<john.doe@example.com>", "<[email]>", 1},
    {"mailto:jane@example.org", "mailto:[email]", 1},
    {"jane+support@mail.eu.example.co.uk", "[email]", 1},
    {"Contact: First.Last@Sub.Example.COM.", "Contact: [email].", 1},
    {"josé@exämple.de", "[email]", 1},
    {"请联系john@example.com谢谢", "请联系[email]谢谢", 1},
    {"digits stay inside: john.4155550132@example.com",
     "digits stay inside: [email]", 1},
    /* test_regression_2026_12_05 (issue 12 item 6): a host without a
     * dot, a quoted local part, an address literal */
    {"john@localhost, @handle, a @ b.com", "[email], @handle, a @ b.com", 1},
    {"write to \"john doe\"@example.com now", "write to [email] now", 1},
    {"\"a\\\"b\"@localhost", "[email]", 1},
    {"user@[10.0.0.1] or root@[IPv6:2001:db8::1]", "[email] or [email]", 2},
    {"请联系john@localhost谢谢", "请联系[email]谢谢", 1},
    {"react@18, \"quoted\" @ noon, \"no\"@ x",
     "react@18, \"quoted\" @ noon, \"no\"@ x", 0},
    /* several items, multibyte text around them */
    {"Hi, I'm jo@x.io, call +1 (415) 555-0132 or pay with "
     "4111-1111-1111-1111 from 10.1.2.3",
     "Hi, I'm [email], call [phone] or pay with [card] from [ip]", 4},
    {"Café ☕ — écrivez à zoé@exemple.fr ou appelez le 01 23 45 67 89 ✓",
     "Café ☕ — écrivez à [email] ou appelez le [phone] ✓", 2},
    /* nothing to redact */
    {"Nothing here: naïve café, 日本語, 42.",
     "Nothing here: naïve café, 日本語, 42.", 0},
    {"", "", 0},
};

static int
setup(void **state)
{
    struct pd_err err = PD_ERR_INIT;

    *state = pd_redact_new(&err);
    return *state ? 0 : -1;
}

static int
teardown(void **state)
{
    pd_redact_free(*state);
    return 0;
}

static void
test_table(void **state)
{
    struct pd_redact *r = *state;
    struct pd_buf out = PD_BUF_INIT;
    int failures = 0;

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct pd_err err = PD_ERR_INIT;
        int k;

        pd_buf_reset(&out);
        k = pd_redact_text(r, cases[i].in, strlen(cases[i].in), &out, &err);
        if (k != cases[i].count || strcmp(out.buf, cases[i].out) != 0) {
            print_error("case %zu: \"%s\"\n  got      %d \"%s\"\n"
                        "  expected %d \"%s\"\n",
                        i, cases[i].in, k, out.buf, cases[i].count,
                        cases[i].out);
            failures++;
        }
    }
    pd_buf_release(&out);
    assert_int_equal(failures, 0);
}

/* The result is appended; NUL bytes pass through. */
static void
test_appends(void **state)
{
    static const char text[] = "a\0b jo@x.io";
    struct pd_err err = PD_ERR_INIT;
    struct pd_buf out = PD_BUF_INIT;

    assert_int_equal(pd_buf_addstr(&out, "> "), 0);
    assert_int_equal(pd_redact_text(*state, text, sizeof(text) - 1, &out, &err),
                     1);
    assert_int_equal(out.len, 13);
    assert_memory_equal(out.buf, "> a\0b [email]", 13);
    pd_buf_release(&out);
}

/* A cap that the redacted text would pass: -1, PD_E_LIMIT, out unchanged. */
static void
test_cap(void **state)
{
    struct pd_err err = PD_ERR_INIT;
    struct pd_buf out;
    const char *text = "mail jo@x.io now";

    pd_buf_init(&out, 10);
    assert_int_equal(pd_buf_addstr(&out, "abc"), 0);
    assert_int_equal(pd_redact_text(*state, text, strlen(text), &out, &err),
                     -1);
    assert_int_equal(err.code, PD_E_LIMIT);
    assert_non_null(strstr(err.msg, "10-byte output cap"));
    assert_string_equal(out.buf, "abc");
    pd_buf_release(&out);
}

/* A long text with many items and long runs that are not items: linear
 * enough to stay inside pcre2's limits.  Quotes too: each may open a
 * quoted local part, scanned at most 64 characters. */
static void
test_long_text(void **state)
{
    struct pd_err err = PD_ERR_INIT;
    struct pd_buf in = PD_BUF_INIT, out = PD_BUF_INIT;
    int k;

    for (int i = 0; i < 2000; i++)
        assert_int_equal(
            pd_buf_addstr(&in, "x.y@z.io 415-555-0132 2026-11-23 "), 0);
    for (int i = 0; i < 200000; i++)
        assert_int_equal(pd_buf_addch(&in, i % 2 ? '1' : 'a'), 0);
    /* "@1": no host (a dotless host starts with a letter). */
    assert_int_equal(pd_buf_addstr(&in, "@1"), 0);
    for (int i = 0; i < 100000; i++)
        assert_int_equal(pd_buf_addstr(&in, "1 "), 0);
    for (int i = 0; i < 100000; i++)
        assert_int_equal(pd_buf_addstr(&in, "\"ab "), 0);
    k = pd_redact_text(*state, in.buf, in.len, &out, &err);
    assert_int_equal(k, 4000);
    assert_memory_equal(out.buf, "[email] [phone] 2026-11-23 [email]", 34);
    pd_buf_release(&in);
    pd_buf_release(&out);
}

static void
test_regex_find(void **state)
{
    struct pd_err err = PD_ERR_INIT;
    struct pd_regex *re = pd_regex_compile("(?<![0-9])[0-9]+", &err);
    const char *t = "ab 12 é345 6";
    size_t s = 99, e = 99, n = strlen(t);

    (void)state;
    assert_non_null(re);
    assert_int_equal(pd_regex_find(re, t, n, 0, &s, &e), 1);
    assert_int_equal(s, 3);
    assert_int_equal(e, 5);
    assert_int_equal(pd_regex_find(re, t, n, e, &s, &e), 1);
    assert_int_equal(s, 8); /* "é" is two bytes */
    assert_int_equal(e, 11);
    /* The lookbehind sees the '3' before from: no match starts at "45". */
    assert_int_equal(pd_regex_find(re, t, n, 9, &s, &e), 1);
    assert_int_equal(s, 12);
    assert_int_equal(e, 13);
    s = e = 99;
    assert_int_equal(pd_regex_find(re, t, n, n, &s, &e), 0);
    assert_int_equal(s, 99);
    assert_int_equal(pd_regex_find(re, t, 4, 0, &s, &e), 1); /* "ab 1" */
    assert_int_equal(e, 4);
    pd_regex_free(re);

    /* Caseless, like pd_regex_match(). */
    re = pd_regex_compile("abc", &err);
    assert_non_null(re);
    assert_int_equal(pd_regex_find(re, "xxABC", 5, 0, &s, &e), 1);
    assert_int_equal(s, 2);
    assert_int_equal(e, 5);
    pd_regex_free(re);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),      cmocka_unit_test(test_appends),
        cmocka_unit_test(test_cap),        cmocka_unit_test(test_long_text),
        cmocka_unit_test(test_regex_find),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
