/*
 * test_unmapped - the per-file list of values that landed in other (or
 * NULL): counts per value, the cap on distinct values, cutting, the text
 * of `prodops check` and the JSON stored in prodops.files.warnings.
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

#include "common/buf.h"
#include "transform/unmapped.h"

static void
add(struct pd_unmapped *u, enum pd_unmapped_column c, const char *s)
{
    pd_unmapped_add(u, c, s, strlen(s));
}

static void
test_counts_and_text(void **state)
{
    static struct pd_unmapped u;
    struct pd_buf b = PD_BUF_INIT;

    (void)state;
    memset(&u, 0, sizeof(u));
    add(&u, PD_UNMAPPED_CHANNEL, "Carrier Pigeon");
    for (int i = 0; i < 3; i++)
        add(&u, PD_UNMAPPED_CHANNEL, "Phone call (incoming)");
    add(&u, PD_UNMAPPED_SATISFACTION, "Meh");
    assert_int_equal(u.col[PD_UNMAPPED_CHANNEL].n, 2);
    assert_int_equal(pd_unmapped_total(&u.col[PD_UNMAPPED_CHANNEL]), 4);
    assert_int_equal(pd_unmapped_total(&u.col[PD_UNMAPPED_STATUS]), 0);
    pd_unmapped_describe(&u.col[PD_UNMAPPED_CHANNEL], 5, &b);
    assert_string_equal(b.buf, "'Phone call (incoming)' 3, 'Carrier Pigeon' 1");
    pd_buf_reset(&b);
    pd_unmapped_describe(&u.col[PD_UNMAPPED_CHANNEL], 1, &b);
    assert_string_equal(b.buf, "'Phone call (incoming)' 3 and 1 more");
    pd_buf_reset(&b);
    assert_int_equal(pd_unmapped_json(&u, &b), 3);
    assert_string_equal(
        b.buf,
        "{\"column\": \"channel\", \"value\": \"Phone call (incoming)\", "
        "\"count\": 3}, {\"column\": \"channel\", \"value\": \"Carrier "
        "Pigeon\", \"count\": 1}, {\"column\": \"satisfaction\", "
        "\"value\": \"Meh\", \"count\": 1}");
    assert_string_equal(pd_unmapped_target(PD_UNMAPPED_SATISFACTION), "NULL");
    assert_string_equal(pd_unmapped_target(PD_UNMAPPED_STATUS), "other");
    pd_buf_release(&b);
}

/* More distinct values than kept: the rest are counted, never lost. */
static void
test_cap(void **state)
{
    static struct pd_unmapped u;
    struct pd_buf b = PD_BUF_INIT;
    char v[16];

    (void)state;
    memset(&u, 0, sizeof(u));
    for (int i = 0; i < PD_UNMAPPED_VALUES + 5; i++) {
        snprintf(v, sizeof(v), "v%d", i);
        add(&u, PD_UNMAPPED_STATUS, v);
        add(&u, PD_UNMAPPED_STATUS, v);
    }
    assert_int_equal(u.col[PD_UNMAPPED_STATUS].n, PD_UNMAPPED_VALUES);
    assert_int_equal(u.col[PD_UNMAPPED_STATUS].more, 10);
    assert_int_equal(pd_unmapped_total(&u.col[PD_UNMAPPED_STATUS]),
                     2 * (PD_UNMAPPED_VALUES + 5));
    assert_int_equal(pd_unmapped_json(&u, &b), PD_UNMAPPED_VALUES + 1);
    assert_non_null(strstr(b.buf, "{\"column\": \"status\", \"value\": null, "
                                  "\"count\": 10}"));
    pd_buf_release(&b);
}

/* Long values are cut at a character boundary; a control character is
 * escaped in the text (it could recolour a terminal), JSON-escaped in JSON. */
static void
test_cut_and_escape(void **state)
{
    static struct pd_unmapped u;
    char longv[200];
    struct pd_buf b = PD_BUF_INIT;
    size_t n;

    (void)state;
    memset(&u, 0, sizeof(u));
    memset(longv, 'a', 62);
    memcpy(longv + 62, "\xc3\xa9tail", 7); /* é across the cut */
    add(&u, PD_UNMAPPED_PRIORITY, longv);
    n = strlen(u.col[PD_UNMAPPED_PRIORITY].v[0].text);
    assert_int_equal(n, 62);
    add(&u, PD_UNMAPPED_CHANNEL, "Pi\x1bgeon");
    pd_unmapped_describe(&u.col[PD_UNMAPPED_CHANNEL], 5, &b);
    assert_string_equal(b.buf, "'Pi\\x1bgeon' 1");
    pd_buf_reset(&b);
    pd_unmapped_json(&u, &b);
    assert_non_null(strstr(b.buf, "\"Pi\\u001bgeon\""));
    pd_buf_release(&b);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts_and_text),
        cmocka_unit_test(test_cap),
        cmocka_unit_test(test_cut_and_escape),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
