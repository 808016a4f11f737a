/* Unit tests for load/retention's cut-off and load/erase's address check
 * (issue 18): calendar months back from now, and what counts as one
 * email address. */
/* cmocka.h needs these first; keep clang-format from sorting it up. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
/* clang-format on */

#include "common/timeutil.h"
#include "load/erase.h"
#include "load/retention.h"

static void
cutoff(const char *now, int months, const char *want)
{
    int64_t t, days;
    char buf[40];

    assert_int_equal(pd_time_parse_day(now, 10, &days), 0);
    t = days * PD_US_PER_DAY + 9 * PD_US_PER_SEC * 3600;
    pd_time_format_iso(pd_retention_events_cutoff(t, months), buf, sizeof(buf));
    assert_string_equal(buf, want);
}

static void
test_events_cutoff(void **state)
{
    (void)state;
    cutoff("2026-03-20", 4, "2025-11-20T09:00:00Z");
    cutoff("2026-03-20", 25, "2024-02-20T09:00:00Z");
    cutoff("2026-01-15", 1, "2025-12-15T09:00:00Z");
    cutoff("2026-01-15", 12, "2025-01-15T09:00:00Z");
    /* The day is clamped to the shorter month: 31 March less one month. */
    cutoff("2024-03-31", 1, "2024-02-29T09:00:00Z");
    cutoff("2025-03-31", 1, "2025-02-28T09:00:00Z");
}

static void
test_address(void **state)
{
    (void)state;
    assert_true(pd_erase_address_ok("ana@example.com"));
    assert_true(pd_erase_address_ok("Ana.B+x@Sub.Example.COM"));
    assert_false(pd_erase_address_ok(""));
    assert_false(pd_erase_address_ok("ana"));
    assert_false(pd_erase_address_ok("@example.com"));
    assert_false(pd_erase_address_ok("ana@"));
    assert_false(pd_erase_address_ok("ana@b@c"));
    assert_false(pd_erase_address_ok("ana @example.com"));
    assert_false(pd_erase_address_ok("ana@example.com\n"));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_events_cutoff),
        cmocka_unit_test(test_address),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
