/*
 * test_experiment - [experiment "NAME"]'s keys and checks, the slug and
 * SPEC §9's decision order.
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

#include <stdlib.h>

#include "common/xalloc.h"
#include "reports/experiment.h"

static int
set(struct pd_experiment *x, const char *k, const char *v, char *msg)
{
    return pd_experiment_set(x, k, v, msg, 256);
}

static void
test_keys(void **state)
{
    struct pd_experiment x = {0};
    char msg[256];

    (void)state;
    x.name = pd_xstrdup("New Onboarding");
    assert_int_equal(set(&x, "weights", "control:50, treatment : 50", msg), 0);
    assert_int_equal(x.nvariants, 2);
    assert_string_equal(x.variants[1], "treatment");
    assert_int_equal(set(&x, "start", "2026-11-02", msg), 0);
    assert_int_equal(set(&x, "primary", "conversion:Report Created", msg), 0);
    assert_int_equal(set(&x, "guardrails", "tickets, detractor", msg), 0);
    assert_int_equal(x.nguardrails, 2);
    assert_int_equal(set(&x, "mde", "5%", msg), 0);
    assert_true(x.mde > 0.0499 && x.mde < 0.0501);
    assert_int_equal(set(&x, "sequential", "yes", msg), 0);
    assert_true(x.sequential);
    /* Defaults: flag = the name, control, 14 days. */
    assert_int_equal(pd_experiment_check(&x, msg, sizeof(msg)), 0);
    assert_string_equal(x.flag, "New Onboarding");
    assert_string_equal(x.control, "control");
    assert_int_equal(x.window_days, 14);
    pd_experiment_release(&x);
}

static void
test_bad_values(void **state)
{
    struct pd_experiment x = {0};
    char msg[256];

    (void)state;
    x.name = pd_xstrdup("e");
    assert_int_equal(set(&x, "weights", "control:50", msg), -1);
    assert_string_equal(msg, "weights: 'control:50' names fewer than two "
                             "variants");
    assert_int_equal(set(&x, "weights", "a:1, a:2", msg), -1);
    assert_string_equal(msg, "weights: variant 'a' named twice");
    assert_int_equal(set(&x, "weights", "a:x, b:1", msg), -1);
    assert_int_equal(set(&x, "start", "2026-13-01", msg), -1);
    assert_string_equal(msg, "start: '2026-13-01' is not a day (YYYY-MM-DD)");
    assert_int_equal(set(&x, "primary", "revenue", msg), -1);
    assert_int_equal(set(&x, "secondary", "count:, tickets", msg), -1);
    assert_string_equal(msg, "secondary: unknown metric 'count:' "
                             "(conversion:<event>, count:<event>, tickets, "
                             "detractor)");
    assert_int_equal(set(&x, "window_days", "0", msg), -1);
    assert_int_equal(set(&x, "mde", "-1", msg), -1);
    assert_int_equal(set(&x, "cuped", "maybe", msg), -1);
    assert_int_equal(set(&x, "colour", "blue", msg), -1);
    assert_int_equal(strncmp(msg, "unknown key 'colour'", 20), 0);
    /* The section's needs. */
    assert_int_equal(pd_experiment_check(&x, msg, sizeof(msg)), -1);
    assert_string_equal(msg, "start: missing (every experiment needs start "
                             "and primary)");
    assert_int_equal(set(&x, "start", "2026-11-02", msg), 0);
    assert_int_equal(set(&x, "primary", "tickets", msg), 0);
    assert_int_equal(set(&x, "end", "2026-11-01", msg), 0);
    assert_int_equal(pd_experiment_check(&x, msg, sizeof(msg)), -1);
    assert_string_equal(msg, "end: before start");
    assert_int_equal(set(&x, "end", "2026-11-30", msg), 0);
    assert_int_equal(set(&x, "weights", "a:1, b:1", msg), 0);
    assert_int_equal(pd_experiment_check(&x, msg, sizeof(msg)), -1);
    assert_string_equal(msg, "weights: no share for the control 'control'");
    pd_experiment_release(&x);
}

static void
test_slug(void **state)
{
    char s[64];

    (void)state;
    pd_experiment_slug("New Onboarding!", s, sizeof(s));
    assert_string_equal(s, "new-onboarding");
    pd_experiment_slug("  Pricing / Page v2 ", s, sizeof(s));
    assert_string_equal(s, "pricing-page-v2");
    pd_experiment_slug("***", s, sizeof(s));
    assert_string_equal(s, "experiment");
}

static void
test_decide(void **state)
{
    /* primary, guardrail, lower_better, diff, significant */
    struct pd_exp_test better = {true, false, false, 0.03, true};
    struct pd_exp_test flat = {true, false, false, 0.01, false};
    struct pd_exp_test tickets_up = {false, true, true, 0.2, true};
    struct pd_exp_test tickets_down = {false, true, true, -0.2, true};
    struct pd_exp_test secondary_worse = {false, false, false, -0.2, true};
    struct pd_exp_test t[2];

    (void)state;
    /* SRM first, whatever else. */
    assert_string_equal(pd_exp_decide(true, &better, 1, true), "srm");
    /* A worse guardrail stops at any time, even before the plan. */
    t[0] = better;
    t[1] = tickets_up;
    assert_string_equal(pd_exp_decide(false, t, 2, false), "stop");
    /* Then the plan. */
    t[1] = tickets_down;
    assert_string_equal(pd_exp_decide(false, t, 2, false), "keep running");
    assert_string_equal(pd_exp_decide(false, t, 2, true), "ship");
    /* A worse secondary metric stops nothing. */
    t[0] = flat;
    t[1] = secondary_worse;
    assert_string_equal(pd_exp_decide(false, t, 2, true), "no effect");
    /* A primary significantly worse: stop. */
    t[0] = better;
    t[0].diff = -0.03;
    assert_string_equal(pd_exp_decide(false, t, 1, true), "stop");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keys),
        cmocka_unit_test(test_bad_values),
        cmocka_unit_test(test_slug),
        cmocka_unit_test(test_decide),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
