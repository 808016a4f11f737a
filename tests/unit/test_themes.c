/*
 * test_themes - the theme rules of SPEC §8: the built-in file compiles,
 * texts get every matching theme once in rule order, bad rule files are
 * refused with their line.
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

#include "transform/themes.h"

/* The themes of the texts (NULL-terminated), joined with ','. */
static const char *
themes_of(struct pd_themes *t, const char *const *texts)
{
    static char out[256];
    const char *names[PD_THEMES_PER_TEXT];
    size_t n = 0, o = 0;

    for (size_t i = 0; texts[i]; i++)
        pd_themes_of(t, texts[i], strlen(texts[i]), names, &n);
    out[0] = '\0';
    for (size_t i = 0; i < n; i++)
        o += (size_t)snprintf(out + o, sizeof(out) - o, "%s%s", i ? "," : "",
                              names[i]);
    return out;
}

static void
test_default_rules(void **state)
{
    struct pd_err err = PD_ERR_INIT;
    struct pd_themes *t = pd_themes_default(&err);
    (void)state;

    assert_non_null(t);
    assert_int_equal(pd_themes_count(t), 10);
    assert_string_equal(
        themes_of(t,
                  (const char *[]){"Invoice wrong and the app is SLOW", NULL}),
        "billing,performance");
    assert_string_equal(
        themes_of(t, (const char *[]){"Cannot log in after SSO change", NULL}),
        "login/access");
    /* subject and tags of one ticket: union, no repeats */
    assert_string_equal(themes_of(t, (const char *[]){"Export to CSV fails",
                                                      "billing export", NULL}),
                        "bugs,data/export,billing");
    assert_string_equal(
        themes_of(t, (const char *[]){"Facturation très lente", NULL}),
        "billing,performance");
    /* word boundaries: "plane" is no pricing plan, "sloth" is not slow */
    assert_string_equal(themes_of(t, (const char *[]){"the plane sloth", NULL}),
                        "");
    assert_string_equal(themes_of(t, (const char *[]){"", NULL}), "");
    pd_themes_free(t);
}

static void
test_custom_rules(void **state)
{
    struct pd_err err = PD_ERR_INIT;
    struct pd_themes *t = pd_themes_parse("# comment\n\n"
                                          "mobile = \\b(ios|android)\\b\r\n"
                                          "  dark mode =dark\\s*mode  \n",
                                          "my.conf", &err);
    (void)state;

    assert_non_null(t);
    assert_int_equal(pd_themes_count(t), 2);
    assert_string_equal(
        themes_of(t, (const char *[]){"Dark Mode on Android please", NULL}),
        "mobile,dark mode");
    pd_themes_free(t);
}

static void
test_bad_rules(void **state)
{
    struct pd_err err = PD_ERR_INIT;
    (void)state;

    assert_null(pd_themes_parse("ok = a\nno equals sign\n", "r.conf", &err));
    assert_string_equal(err.msg, "r.conf:2: expected 'theme = pattern'");
    pd_err_clear(&err);
    assert_null(
        pd_themes_parse("ok = a\nbroken = (unclosed\n", "r.conf", &err));
    assert_non_null(strstr(err.msg, "r.conf:2: theme 'broken': bad pattern"));
    assert_int_equal(err.code, PD_E_CONFIG);
    pd_err_clear(&err);
    assert_null(pd_themes_parse(" = x\n", "r.conf", &err));
    assert_string_equal(err.msg, "r.conf:1: empty theme name or pattern");
}

/* Issue 15: the memo of recent texts gives what matching gives, whatever
 * the order texts come in: repeats, many texts sharing slots, a text
 * longer than a slot, a prefix of a remembered text, texts that are equal
 * up to a byte count (not NUL-terminated). */
static void
test_memo(void **state)
{
    struct pd_err err = PD_ERR_INIT;
    struct pd_themes *t = pd_themes_default(&err);
    char text[64], longer[300];
    const char *names[PD_THEMES_PER_TEXT];
    size_t n = 0;
    (void)state;

    assert_non_null(t);
    for (int round = 0; round < 3; round++) {
        assert_string_equal(
            themes_of(t, (const char *[]){"Invoice wrong, app SLOW", NULL}),
            "billing,performance");
        assert_string_equal(themes_of(t, (const char *[]){"Invoice", NULL}),
                            "billing");
        assert_string_equal(
            themes_of(t, (const char *[]){"Invoice wrong", "slow csv", NULL}),
            "billing,performance,data/export");
        /* 20 000 distinct texts: slots are shared and replaced */
        for (int i = 0; i < 20000; i++) {
            snprintf(text, sizeof(text), "ticket n%d %s", i,
                     i % 3 ? "sso" : "quiet");
            assert_string_equal(themes_of(t, (const char *[]){text, NULL}),
                                i % 3 ? "login/access" : "");
        }
        memset(longer, 'x', sizeof(longer));
        memcpy(longer + sizeof(longer) - 9, " refund!", 9);
        assert_string_equal(themes_of(t, (const char *[]){longer, NULL}),
                            "billing");
    }
    /* n bytes of a longer buffer: "sso" and "ssor" are different texts */
    pd_themes_of(t, "ssor", 3, names, &n);
    assert_int_equal(n, 1);
    n = 0;
    pd_themes_of(t, "ssor", 4, names, &n);
    assert_int_equal(n, 0);
    pd_themes_free(t);
}

/* Issue 17: the request rules share the format and say "request". */
static void
test_request_rules(void **state)
{
    struct pd_err err = PD_ERR_INIT;
    const char *names[PD_THEMES_PER_TEXT];
    size_t n = 0;
    struct pd_themes *t;
    static const char text[] = "Please add a Dark Theme";
    (void)state;

    t = pd_themes_parse_as("dark mode = \\bdark (mode|theme)\\b\n",
                           "requests.conf", "request", &err);
    assert_non_null(t);
    pd_themes_of(t, text, sizeof(text) - 1, names, &n);
    assert_int_equal(n, 1);
    assert_string_equal(names[0], "dark mode");
    pd_themes_free(t);
    assert_null(pd_themes_parse_as("x\n", "requests.conf", "request", &err));
    assert_string_equal(err.msg,
                        "requests.conf:1: expected 'request = pattern'");
    pd_err_clear(&err);
    assert_null(
        pd_themes_parse_as("a = (\n", "requests.conf", "request", &err));
    assert_non_null(strstr(err.msg, "requests.conf:1: request 'a': "));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_rules),
        cmocka_unit_test(test_custom_rules),
        cmocka_unit_test(test_bad_rules),
        cmocka_unit_test(test_memo),
        cmocka_unit_test(test_request_rules),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
