/* Unit tests for common/log: the server styles of issue 18 (text, json)
 * and the plain style with a job as context. */
/* cmocka.h needs these first; keep clang-format from sorting it up. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
/* clang-format on */

#include "common/err.h"
#include "common/log.h"

static char captured[4096];

/* Run fn with stderr going to a temporary file; its text to captured. */
static void
capture(void (*fn)(void))
{
    FILE *tmp = tmpfile();
    int saved = dup(fileno(stderr));
    size_t n;

    assert_non_null(tmp);
    fflush(stderr);
    dup2(fileno(tmp), fileno(stderr));
    fn();
    fflush(stderr);
    dup2(saved, fileno(stderr));
    close(saved);
    rewind(tmp);
    n = fread(captured, 1, sizeof(captured) - 1, tmp);
    captured[n] = '\0';
    fclose(tmp);
}

static void
lines(void)
{
    struct pd_err err = PD_ERR_INIT;

    pd_log_set_context("weekly", 12);
    pd_log_info("loaded \"a\\b\".csv");
    pd_log_set_context("weekly", 0);
    pd_log_warning("next run at 07:00");
    pd_log_set_context(NULL, 0);
    pd_err_set(&err, PD_E_DB, "cannot connect");
    pd_err_hint(&err, "start it");
    pd_log_err(&err);
}

static void
test_text(void **state)
{
    (void)state;
    pd_log_set_style(PD_LOG_STYLE_TEXT);
    capture(lines);
    /* 2026-03-17T10:00:00.123Z: 24 characters, then the level. */
    assert_int_equal(captured[10], 'T');
    assert_int_equal(captured[23], 'Z');
    assert_memory_equal(captured + 24,
                        " info weekly[12]: loaded \"a\\b\".csv\n", 35);
    assert_non_null(strstr(captured, "Z warning weekly: next run at 07:00\n"));
    assert_non_null(
        strstr(captured, "Z error cannot connect; hint: start it\n"));
}

static void
test_json(void **state)
{
    (void)state;
    pd_log_set_style(PD_LOG_STYLE_JSON);
    capture(lines);
    assert_memory_equal(captured, "{\"time\": \"", 10);
    assert_non_null(strstr(captured,
                           "\"level\": \"info\", \"job\": \"weekly\", "
                           "\"run_id\": 12, \"msg\": \"loaded "
                           "\\\"a\\\\b\\\".csv\"}\n"));
    assert_non_null(strstr(captured, "\"level\": \"warning\", \"job\": "
                                     "\"weekly\", \"msg\": \"next run at "
                                     "07:00\"}\n"));
    assert_non_null(strstr(captured, "\"level\": \"error\", \"msg\": "
                                     "\"cannot connect\", \"hint\": \"start "
                                     "it\"}\n"));
}

static void
test_plain(void **state)
{
    (void)state;
    pd_log_set_style(PD_LOG_STYLE_PLAIN);
    capture(lines);
    assert_string_equal(captured,
                        "prodops: weekly: loaded \"a\\b\".csv\n"
                        "prodops: warning: weekly: next run at 07:00\n"
                        "prodops: error: cannot connect\n"
                        "prodops: hint: start it\n");
}

static void
test_parse(void **state)
{
    enum pd_log_style s;

    (void)state;
    assert_true(pd_log_style_parse("json", &s) && s == PD_LOG_STYLE_JSON);
    assert_true(pd_log_style_parse("text", &s) && s == PD_LOG_STYLE_TEXT);
    assert_true(pd_log_style_parse("plain", &s) && s == PD_LOG_STYLE_PLAIN);
    assert_false(pd_log_style_parse("xml", &s));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text),
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_plain),
        cmocka_unit_test(test_parse),
    };

    pd_log_init("prodops");
    return cmocka_run_group_tests(tests, NULL, NULL);
}
