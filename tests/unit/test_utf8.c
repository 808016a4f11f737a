/* Unit tests for common/utf8: BOMs, validation, CP1252, repair, UTF-16. */
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
#include "common/utf8.h"

#define S(lit) (lit), (sizeof(lit) - 1)

static void
test_detect_bom(void **state)
{
    size_t n = 99;

    (void)state;
    assert_int_equal(pd_utf8_detect_bom(S("\xEF\xBB\xBFid"), &n), PD_BOM_UTF8);
    assert_int_equal(n, 3);
    assert_int_equal(pd_utf8_detect_bom(S("\xFF\xFEi\0"), &n), PD_BOM_UTF16LE);
    assert_int_equal(n, 2);
    assert_int_equal(pd_utf8_detect_bom(S("\xFE\xFF\0i"), &n), PD_BOM_UTF16BE);
    assert_int_equal(n, 2);
    assert_int_equal(pd_utf8_detect_bom(S("id,name"), &n), PD_BOM_NONE);
    assert_int_equal(n, 0);
    /* A cut-off UTF-8 BOM is not a BOM. */
    assert_int_equal(pd_utf8_detect_bom(S("\xEF\xBB"), &n), PD_BOM_NONE);
    assert_int_equal(pd_utf8_detect_bom("", 0, NULL), PD_BOM_NONE);
}

static void
test_valid(void **state)
{
    (void)state;
    assert_true(pd_utf8_valid(S("")));
    assert_true(pd_utf8_valid(S("plain ascii, long enough for 8-byte steps")));
    assert_true(pd_utf8_valid(S("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80")));
    assert_true(pd_utf8_valid(S("\xEF\xBF\xBF\xF4\x8F\xBF\xBF"))); /* edges */
    assert_true(pd_utf8_valid(S("a\0b")));              /* NUL is ok */
    assert_false(pd_utf8_valid(S("\xC0\xAF")));         /* overlong '/' */
    assert_false(pd_utf8_valid(S("\xC1\xBF")));         /* overlong */
    assert_false(pd_utf8_valid(S("\xE0\x80\xAF")));     /* overlong */
    assert_false(pd_utf8_valid(S("\xF0\x80\x80\xAF"))); /* overlong */
    assert_false(pd_utf8_valid(S("\xED\xA0\x80")));     /* surrogate */
    assert_false(pd_utf8_valid(S("\xF4\x90\x80\x80"))); /* > U+10FFFF */
    assert_false(pd_utf8_valid(S("\xF5\x80\x80\x80")));
    assert_false(pd_utf8_valid(S("\x80")));         /* lone trail */
    assert_false(pd_utf8_valid(S("caf\xE9")));      /* CP1252 e-acute */
    assert_false(pd_utf8_valid(S("\xE2\x82")));     /* truncated */
    assert_false(pd_utf8_valid(S("\xE2\x28\xA1"))); /* bad 2nd byte */
}

/* The 8-byte ASCII fast path must find a bad byte at every offset. */
static void
test_valid_every_offset(void **state)
{
    char s[40];

    (void)state;
    for (size_t at = 0; at < sizeof(s); at++) {
        memset(s, 'a', sizeof(s));
        s[at] = (char)0xE9; /* CP1252 e-acute: a lead byte, then 'a' */
        assert_int_equal(pd_utf8_valid_prefix(s, sizeof(s), false), at);
        s[at] = (char)0xFF; /* never valid, so partial or not */
        assert_int_equal(pd_utf8_valid_prefix(s, sizeof(s), true), at);
    }
}

static void
test_valid_prefix_partial(void **state)
{
    (void)state;
    /* "ab€" cut after the euro sign's second byte. */
    assert_int_equal(pd_utf8_valid_prefix(S("ab\xE2\x82"), false), 2);
    assert_int_equal(pd_utf8_valid_prefix(S("ab\xE2\x82"), true), 4);
    assert_int_equal(pd_utf8_valid_prefix(S("ab\xF0\x9F\x98"), true), 5);
    /* A wrong byte is invalid even at the end. */
    assert_int_equal(pd_utf8_valid_prefix(S("ab\xE2\x28"), true), 2);
    assert_int_equal(pd_utf8_valid_prefix(S("ab\xC3\xA9x\xFF"), true), 5);
    /* Incomplete but already impossible: E0 needs A0..BF next. */
    assert_int_equal(pd_utf8_valid_prefix(S("ab\xE0\x80"), true), 2);
}

static void
test_encode(void **state)
{
    char d[4];

    (void)state;
    assert_int_equal(pd_utf8_encode(0x24, d), 1);
    assert_memory_equal(d, "$", 1);
    assert_int_equal(pd_utf8_encode(0xA2, d), 2);
    assert_memory_equal(d, "\xC2\xA2", 2);
    assert_int_equal(pd_utf8_encode(0x20AC, d), 3);
    assert_memory_equal(d, "\xE2\x82\xAC", 3);
    assert_int_equal(pd_utf8_encode(0x10348, d), 4);
    assert_memory_equal(d, "\xF0\x90\x8D\x88", 4);
    /* Not encodable: surrogates and beyond U+10FFFF become U+FFFD. */
    assert_int_equal(pd_utf8_encode(0xD800, d), 3);
    assert_memory_equal(d, "\xEF\xBF\xBD", 3);
    assert_int_equal(pd_utf8_encode(0x110000, d), 3);
    assert_memory_equal(d, "\xEF\xBF\xBD", 3);
}

static void
test_cp1252(void **state)
{
    struct pd_buf b = PD_BUF_INIT;

    (void)state;
    assert_int_equal(pd_utf8_from_cp1252(&b, S("Caf\xE9 \x80 5\x96\x39")), 0);
    assert_string_equal(b.buf, "Caf\xC3\xA9 \xE2\x82\xAC 5\xE2\x80\x93"
                               "9");
    pd_buf_reset(&b);
    /* The five undefined bytes are code page 850 letters (ü ì Å É Ø),
     * not C1 controls or '?'. */
    assert_int_equal(pd_utf8_from_cp1252(&b, S("\x81\x8D\x8F\x90\x9D")), 0);
    assert_string_equal(b.buf, "\xC3\xBC\xC3\xAC\xC3\x85\xC3\x89\xC3\x98");
    pd_buf_reset(&b);
    /* 0x82 after a letter is CP850's é; elsewhere CP1252's low quote. */
    assert_int_equal(pd_utf8_from_cp1252(&b, S("r\x82gulier \x82x\x82")), 0);
    assert_string_equal(b.buf, "r\xC3\xA9gulier \xE2\x80\x9Ax\xC3\xA9");
    pd_buf_reset(&b);
    assert_int_equal(pd_utf8_from_cp1252(&b, S("\x9F\xFF\xA0")), 0);
    assert_string_equal(b.buf, "\xC5\xB8\xC3\xBF\xC2\xA0");
    pd_buf_release(&b);
}

/* Every byte value comes out as exactly one valid code point. */
static void
test_cp1252_all_bytes(void **state)
{
    struct pd_buf b = PD_BUF_INIT;
    char in[256];
    size_t cps = 0;

    (void)state;
    for (size_t i = 0; i < 256; i++)
        in[i] = (char)i;
    assert_int_equal(pd_utf8_from_cp1252(&b, in, sizeof(in)), 0);
    assert_true(pd_utf8_valid(b.buf, b.len));
    for (size_t i = 0; i < b.len; i++)
        cps += ((unsigned char)b.buf[i] & 0xC0) != 0x80;
    assert_int_equal(cps, 256);
    pd_buf_release(&b);
}

static void
test_cp1252_cap(void **state)
{
    struct pd_buf b;

    (void)state;
    /* "é€" needs exactly 5 bytes: fits a cap of 5 even though the worst
     * case (3 per byte = 6) does not. */
    pd_buf_init(&b, 5);
    assert_int_equal(pd_utf8_from_cp1252(&b, S("\xE9\x80")), 0);
    assert_string_equal(b.buf, "\xC3\xA9\xE2\x82\xAC");
    /* Full: the append fails and leaves the content as it was. */
    assert_int_equal(pd_utf8_from_cp1252(&b, S("x")), -1);
    assert_int_equal(b.len, 5);
    assert_string_equal(b.buf, "\xC3\xA9\xE2\x82\xAC");
    pd_buf_release(&b);
}

static void
test_repair(void **state)
{
    struct pd_buf b = PD_BUF_INIT;

    (void)state;
    /* A file mixing UTF-8 and CP1252: both e-acutes come out the same. */
    assert_int_equal(pd_utf8_repair(&b, S("caf\xC3\xA9 / caf\xE9")), 0);
    assert_string_equal(b.buf, "caf\xC3\xA9 / caf\xC3\xA9");
    pd_buf_reset(&b);
    /* Valid text is kept byte for byte. */
    assert_int_equal(pd_utf8_repair(&b, S("\xF0\x9F\x98\x80 ok")), 0);
    assert_string_equal(b.buf, "\xF0\x9F\x98\x80 ok");
    pd_buf_reset(&b);
    /* A truncated sequence at the end: each byte read as CP1252, in
     * context as pd_utf8_from_cp1252 reads it (0x82 after a letter, here
     * the â just read, is code page 850's é). */
    assert_int_equal(pd_utf8_repair(&b, S("x\xE2\x82")), 0);
    assert_string_equal(b.buf, "x\xC3\xA2\xC3\xA9");
    assert_true(pd_utf8_valid(b.buf, b.len));
    pd_buf_reset(&b);
    /* Issue 12.15: a UTF-8 file with French CP850 bytes reads them as the
     * CP1252 decoder does, whichever label the sample gave the file. */
    assert_int_equal(pd_utf8_repair(&b, S("caf\xC3\xA9 r\x82gle")), 0);
    assert_string_equal(b.buf, "caf\xC3\xA9 r\xC3\xA9gle");
    pd_buf_release(&b);
}

static void
test_repair_cap(void **state)
{
    struct pd_buf b;

    (void)state;
    pd_buf_init(&b, 4);
    assert_int_equal(pd_utf8_repair(&b, S("ab\xE9")), 0);
    assert_string_equal(b.buf, "ab\xC3\xA9");
    assert_int_equal(pd_utf8_repair(&b, S("\xE9")), -1);
    assert_string_equal(b.buf, "ab\xC3\xA9");
    pd_buf_release(&b);
}

static void
test_utf16le(void **state)
{
    struct pd_utf16 st;
    struct pd_buf b = PD_BUF_INIT;

    (void)state;
    pd_utf16_init(&st, false);
    assert_int_equal(pd_utf16_decode(&st, &b, S("i\0d\0,\0\xE9\0\xAC\x20")), 0);
    assert_string_equal(b.buf, "id,\xC3\xA9\xE2\x82\xAC");
    assert_int_equal(st.npending, 0);
    assert_int_equal(st.high, 0);
    pd_buf_release(&b);
}

static void
test_utf16be(void **state)
{
    struct pd_utf16 st;
    struct pd_buf b = PD_BUF_INIT;

    (void)state;
    pd_utf16_init(&st, true);
    assert_int_equal(pd_utf16_decode(&st, &b, S("\0i\0d\0\n\xD8\x3D\xDE\x00")),
                     0);
    assert_string_equal(b.buf, "id\n\xF0\x9F\x98\x80");
    pd_buf_release(&b);
}

/* A surrogate pair fed one byte at a time still decodes: the odd byte and
 * the high surrogate are carried across calls. */
static void
test_utf16_split_everywhere(void **state)
{
    static const char le[] = "a\0\x3D\xD8\x00\xDE"
                             "b\0";
    struct pd_utf16 st;
    struct pd_buf b = PD_BUF_INIT;

    (void)state;
    for (size_t cut = 0; cut <= sizeof(le) - 1; cut++) {
        pd_buf_reset(&b);
        pd_utf16_init(&st, false);
        assert_int_equal(pd_utf16_decode(&st, &b, le, cut), 0);
        assert_int_equal(
            pd_utf16_decode(&st, &b, le + cut, sizeof(le) - 1 - cut), 0);
        assert_string_equal(b.buf, "a\xF0\x9F\x98\x80"
                                   "b");
    }
    pd_buf_reset(&b);
    pd_utf16_init(&st, false);
    for (size_t i = 0; i < sizeof(le) - 1; i++)
        assert_int_equal(pd_utf16_decode(&st, &b, le + i, 1), 0);
    assert_string_equal(b.buf, "a\xF0\x9F\x98\x80"
                               "b");
    pd_buf_release(&b);
}

static void
test_utf16_unpaired(void **state)
{
    struct pd_utf16 st;
    struct pd_buf b = PD_BUF_INIT;

    (void)state;
    pd_utf16_init(&st, false);
    /* High surrogate then 'x'; then a lone low surrogate. */
    assert_int_equal(pd_utf16_decode(&st, &b, S("\x3D\xD8x\0\x00\xDEy\0")), 0);
    assert_string_equal(b.buf, "\xEF\xBF\xBDx\xEF\xBF\xBDy");
    /* A trailing high surrogate waits for the next call. */
    pd_buf_reset(&b);
    assert_int_equal(pd_utf16_decode(&st, &b, S("\x3D\xD8")), 0);
    assert_int_equal(b.len, 0);
    assert_int_equal(st.high, 0xD83D);
    pd_buf_release(&b);
}

static void
test_utf16_cap(void **state)
{
    struct pd_utf16 st;
    struct pd_buf b;

    (void)state;
    pd_buf_init(&b, 3);
    pd_utf16_init(&st, false);
    /* "abc" is 3 bytes: fits exactly although the worst case does not. */
    assert_int_equal(pd_utf16_decode(&st, &b, S("a\0b\0c\0")), 0);
    assert_string_equal(b.buf, "abc");
    /* Refused: buffer and carry state unchanged. */
    assert_int_equal(pd_utf16_decode(&st, &b, S("d\0e")), -1);
    assert_string_equal(b.buf, "abc");
    assert_int_equal(st.npending, 0);
    pd_buf_release(&b);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_detect_bom),
        cmocka_unit_test(test_valid),
        cmocka_unit_test(test_valid_every_offset),
        cmocka_unit_test(test_valid_prefix_partial),
        cmocka_unit_test(test_encode),
        cmocka_unit_test(test_cp1252),
        cmocka_unit_test(test_cp1252_all_bytes),
        cmocka_unit_test(test_cp1252_cap),
        cmocka_unit_test(test_repair),
        cmocka_unit_test(test_repair_cap),
        cmocka_unit_test(test_utf16le),
        cmocka_unit_test(test_utf16be),
        cmocka_unit_test(test_utf16_split_everywhere),
        cmocka_unit_test(test_utf16_unpaired),
        cmocka_unit_test(test_utf16_cap),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
