/*
 * test_hygiene - the report-time hygiene lists: parsing and checking a
 * list key, aliases of one area only, and the text[] literals handed to
 * PostgreSQL (globs as LIKE patterns, with LIKE's own characters escaped).
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

#include "reports/hygiene.h"

static void
test_lists(void **state)
{
    struct pd_hygiene h;
    char msg[200];

    (void)state;
    pd_hygiene_init(&h);
    assert_true(pd_hygiene_owns("report", "ignore_tags"));
    assert_false(pd_hygiene_owns("report", "timezone"));
    assert_true(pd_hygiene_owns("product_areas", "Billing"));
    assert_int_equal(pd_hygiene_set(&h, "report", "ignore_tags",
                                    " plan_* ,legacy? ", msg, sizeof(msg)),
                     0);
    assert_int_equal(h.nignore_tags, 2);
    assert_string_equal(h.ignore_tags[0], "plan_*");
    assert_string_equal(h.ignore_tags[1], "legacy?");
    assert_int_equal(
        pd_hygiene_set(&h, "usage", "ignore_events", "a,,b", msg, sizeof(msg)),
        -1);
    assert_string_equal(msg, "[usage] ignore_events: an empty item or one "
                             "longer than 95 bytes");
    /* One alias, one area, whatever its case. */
    assert_int_equal(pd_hygiene_set(&h, "product_areas", "Billing",
                                    "Billing issue", msg, sizeof(msg)),
                     0);
    assert_int_equal(pd_hygiene_set(&h, "product_areas", "Support",
                                    "BILLING ISSUE", msg, sizeof(msg)),
                     -1);
    assert_string_equal(msg, "[product_areas] Support: alias 'BILLING ISSUE' "
                             "already names 'Billing'");
}

static void
test_params(void **state)
{
    struct pd_hygiene h;
    static struct pd_hygiene_params p;
    char msg[200];

    (void)state;
    pd_hygiene_init(&h);
    pd_hygiene_params(NULL, &p);
    assert_string_equal(p.tags, "{}");
    assert_string_equal(p.events, "{}");
    /* _ and % are literal in a glob: escaped for LIKE (\_), and the
     * backslash escaped again for the array literal (\\_). */
    pd_hygiene_set(&h, "report", "ignore_tags", "plan_*, 5%?, a\"b", msg,
                   sizeof(msg));
    pd_hygiene_set(&h, "product_areas", "Billing", "Billing issue", msg,
                   sizeof(msg));
    pd_hygiene_set(&h, "usage", "ignore_events", "$autocapture", msg,
                   sizeof(msg));
    pd_hygiene_params(&h, &p);
    assert_string_equal(p.tags, "{\"plan\\\\_%\",\"5\\\\%_\",\"a\\\"b\"}");
    assert_string_equal(p.from, "{\"Billing issue\"}");
    assert_string_equal(p.to, "{\"Billing\"}");
    assert_string_equal(p.events, "{\"$autocapture\"}");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lists),
        cmocka_unit_test(test_params),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
