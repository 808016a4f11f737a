/* Unit tests for common/printable: names safe for terminals and text. */
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
#include "common/printable.h"

static void
check(const char *in, const char *want)
{
    struct pd_buf b = PD_BUF_INIT;
    char fixed[256];

    pd_printable_add(&b, in, strlen(in));
    assert_string_equal(b.buf, want);
    assert_string_equal(pd_printable(in, fixed, sizeof(fixed)), want);
    assert_int_equal(pd_printable_is_clean(in, strlen(in)),
                     strcmp(in, want) == 0);
    pd_buf_release(&b);
}

static void
test_plain_names_unchanged(void **state)
{
    (void)state;
    check("tickets-2026-W45.csv", "tickets-2026-W45.csv");
    check("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x93\x8a.csv",
          "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x93\x8a.csv");
    check("a\\xff.csv", "a\\xff.csv"); /* a backslash is a character */
    check("", "");
}

static void
test_control_characters(void **state)
{
    (void)state;
    check("e\x1b[31mred.csv", "e\\x1b[31mred.csv");
    check("a\rb\nc\td", "a\\rb\\nc\\td");
    check("bell\x07 del\x7f", "bell\\x07 del\\x7f");
    /* C1 controls in UTF-8 (U+009B is CSI to some terminals). */
    check("x\xc2\x9b"
          "2J",
          "x\\xc2\\x9b2J");
    check("nbsp\xc2\xa0ok", "nbsp\xc2\xa0ok");
}

static void
test_not_utf8(void **state)
{
    (void)state;
    check("caf\xe9.csv", "caf\\xe9.csv");              /* Latin-1 */
    check("\xff\xfe", "\\xff\\xfe");                   /* never UTF-8 */
    check("\xc0\xaf", "\\xc0\\xaf");                   /* overlong '/' */
    check("\xed\xa0\x80", "\\xed\\xa0\\x80");          /* a surrogate */
    check("cut\xe2\x82", "cut\\xe2\\x82");             /* truncated */
    check("\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80"); /* > U+10FFFF */
}

static void
test_fixed_buffer_cuts_at_a_character(void **state)
{
    char out[8];

    (void)state;
    /* "ab" + "\x1b" (4) = 6 fits with the NUL; the next escape does not. */
    assert_string_equal(pd_printable("ab\x1b\x1b", out, sizeof(out)),
                        "ab\\x1b");
    /* A multi-byte character is never split. */
    assert_string_equal(pd_printable("abcdef\xc3\xa9", out, sizeof(out)),
                        "abcdef");
    assert_string_equal(pd_printable(NULL, out, sizeof(out)), "");
    assert_string_equal(pd_printable("abc", out, 1), "");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_names_unchanged),
        cmocka_unit_test(test_control_characters),
        cmocka_unit_test(test_not_utf8),
        cmocka_unit_test(test_fixed_buffer_cuts_at_a_character),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
