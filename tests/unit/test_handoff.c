/*
 * test_handoff - the pure parts of the PM handoff: folder slugs, event
 * globs to LIKE patterns, PostgreSQL array literals, and --from/--to
 * periods (local midnights, DST, the period before, bad dates).
 */
/* cmocka.h needs these system headers before it. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
/* clang-format on */

#include "common/timeutil.h"
#include "reports/handoff.h"

static const char *
slug(const char *name)
{
    static char out[72];

    return pd_handoff_slug(name, out, sizeof(out));
}

static void
test_slug(void **state)
{
    (void)state;
    assert_string_equal(slug("Data Export"), "data-export");
    assert_string_equal(slug("Billing"), "billing");
    assert_string_equal(slug("Login & Access"), "login-access");
    assert_string_equal(slug("  --Core App!! "), "core-app");
    assert_string_equal(slug("data/export"), "data-export");
    assert_string_equal(slug("Zahlungen & Rückerstattungen"),
                        "zahlungen-r-ckerstattungen");
    assert_string_equal(slug("v2.0"), "v2-0");
    /* Nothing ASCII left: a name still. */
    assert_string_equal(slug("Оплата"), "area");
    assert_string_equal(slug(""), "area");
}

static void
test_slug_cap(void **state)
{
    char small[8];

    (void)state;
    /* 64 characters at most, never ending in '-'. */
    assert_int_equal(strlen(slug("a123456789 b123456789 c123456789 d123456789 "
                                 "e123456789 f123456789 g123456789")),
                     64);
    assert_string_equal(
        slug("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
             "aaaaaaaaaaaaa bbb"),
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
        "aaaaaaaaaaaaa");
    /* A small buffer cuts the name, never leaving a dangling dash. */
    assert_string_equal(pd_handoff_slug("ab cd ef", small, sizeof(small)),
                        "ab-cd-e");
    assert_string_equal(pd_handoff_slug("ab cde f", small, sizeof(small)),
                        "ab-cde");
}

static const char *
like(const char *glob)
{
    static struct pd_buf b = PD_BUF_INIT;

    pd_buf_reset(&b);
    pd_handoff_like(glob, &b);
    return b.buf;
}

static void
test_like(void **state)
{
    (void)state;
    assert_string_equal(like("Report Created"), "Report Created");
    assert_string_equal(like("Export*"), "Export%");
    assert_string_equal(like("*"), "%");
    assert_string_equal(like("100% done"), "100\\% done");
    assert_string_equal(like("page_view*"), "page\\_view%");
    assert_string_equal(like("a\\b"), "a\\\\b");
    /* Only a final star is a wildcard. */
    assert_string_equal(like("a*b"), "a*b");
    assert_string_equal(like(""), "");
}

static void
test_array(void **state)
{
    static const char *const items[] = {"Billing", "Data \"Export\"", "a\\b",
                                        "x,y", ""};
    struct pd_buf b = PD_BUF_INIT;

    (void)state;
    pd_handoff_array(items, 5, &b);
    assert_string_equal(b.buf,
                        "{\"Billing\",\"Data \\\"Export\\\"\",\"a\\\\b\","
                        "\"x,y\",\"\"}");
    pd_buf_reset(&b);
    pd_handoff_array(items, 0, &b);
    assert_string_equal(b.buf, "{}");
    pd_buf_release(&b);
}

static void
iso(int64_t t, char *buf)
{
    pd_time_format_iso(t, buf, 40);
}

static void
test_period_days(void **state)
{
    struct pd_period p;
    struct pd_err err = PD_ERR_INIT;
    char a[40], b[40], c[40];

    (void)state;
    assert_int_equal(
        pd_period_days("2026-11-01", "2026-11-15", "UTC", &p, &err), 0);
    assert_string_equal(p.label, "2026-11-01_2026-11-15");
    assert_string_equal(p.prev_label, "2026-10-17_2026-10-31");
    iso(p.start, a);
    iso(p.end, b);
    iso(p.prev_start, c);
    assert_string_equal(a, "2026-11-01T00:00:00Z");
    assert_string_equal(b, "2026-11-16T00:00:00Z");
    assert_string_equal(c, "2026-10-17T00:00:00Z");

    /* New York falls back on 2026-11-01: that local day has 25 hours. */
    assert_int_equal(pd_period_days("2026-11-01", "2026-11-01",
                                    "America/New_York", &p, &err),
                     0);
    iso(p.start, a);
    iso(p.end, b);
    iso(p.prev_start, c);
    assert_string_equal(a, "2026-11-01T04:00:00Z");
    assert_string_equal(b, "2026-11-02T05:00:00Z");
    assert_string_equal(c, "2026-10-31T04:00:00Z");
    assert_string_equal(p.zone, "America/New_York");
}

static void
test_period_days_bad(void **state)
{
    struct pd_period p;
    struct pd_err err = PD_ERR_INIT;

    (void)state;
    assert_int_equal(
        pd_period_days("2026-02-30", "2026-03-01", "UTC", &p, &err), -1);
    assert_int_equal(err.code, PD_E_USAGE);
    assert_non_null(strstr(err.msg, "'2026-02-30' is no date"));
    assert_int_equal(
        pd_period_days("2026-11-02", "2026-11-01", "UTC", &p, &err), -1);
    assert_non_null(strstr(err.msg, "before"));
    assert_int_equal(pd_period_days("2026-1-02", "2026-11-01", "UTC", &p, &err),
                     -1);
    assert_int_equal(
        pd_period_days("2000-01-01", "2026-11-01", "UTC", &p, &err), -1);
    assert_non_null(strstr(err.msg, "ten years"));
    assert_int_equal(
        pd_period_days("2026-11-01", "2026-11-01", "Mars/Olympus", &p, &err),
        -1);
}

static void
test_period_week(void **state)
{
    struct pd_period p;
    struct pd_err err = PD_ERR_INIT;
    char a[40];

    (void)state;
    /* Wednesday of W47: the last complete week is W46. */
    assert_int_equal(pd_period_week(NULL, "UTC",
                                    pd_time_make(2026, 11, 18, 9, 0, 0, 0), &p,
                                    &err),
                     0);
    assert_string_equal(p.label, "2026-W46");
    assert_string_equal(p.prev_label, "2026-W45");
    iso(p.prev_start, a);
    assert_string_equal(a, "2026-11-02T00:00:00Z");
    assert_int_equal(pd_period_week("2026-W99", "UTC", 0, &p, &err), -1);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_slug),
        cmocka_unit_test(test_slug_cap),
        cmocka_unit_test(test_like),
        cmocka_unit_test(test_array),
        cmocka_unit_test(test_period_days),
        cmocka_unit_test(test_period_days_bad),
        cmocka_unit_test(test_period_week),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
