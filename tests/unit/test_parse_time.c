/*
 * test_parse_time - the case table tests/cases/parse_time.txt, plus the
 * per-file day/month decision, which needs sequences of values.
 */
/* cmocka.h needs these system headers before it. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
/* clang-format on */

#include "transform/parse_time.h"

#define CASES "tests/cases/parse_time.txt"

static void
chomp(char *line)
{
    size_t n = strlen(line);

    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        line[--n] = '\0';
}

/* Reads the next non-comment line; false at end of file. */
static bool
next_line(FILE *f, char *buf, size_t n, int *lineno)
{
    while (fgets(buf, (int)n, f) != NULL) {
        (*lineno)++;
        chomp(buf);
        if (buf[0] != '#')
            return true;
    }
    return false;
}

/* "…" quoting keeps edge spaces; "" is the empty value. */
static void
unquote(char *s)
{
    size_t n = strlen(s);

    if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
        memmove(s, s + 1, n - 2);
        s[n - 2] = '\0';
    }
}

struct options {
    char tz[64];
    bool day_first;
};

static void
parse_options(const char *line, struct options *o)
{
    char copy[256];
    char *save = NULL;

    snprintf(o->tz, sizeof(o->tz), "UTC");
    o->day_first = false;
    snprintf(copy, sizeof(copy), "%s", line);
    for (char *w = strtok_r(copy, " ", &save); w != NULL;
         w = strtok_r(NULL, " ", &save)) {
        if (strncmp(w, "tz=", 3) == 0)
            snprintf(o->tz, sizeof(o->tz), "%s", w + 3);
        else if (strcmp(w, "dmy") == 0)
            o->day_first = true;
        else if (strcmp(w, "mdy") == 0)
            o->day_first = false;
        else if (strcmp(w, "-") != 0)
            fail_msg("unknown option '%s'", w);
    }
}

/* Result of one value as the case file spells it. */
static void
run_one(const char *input, const struct options *o, char *got, size_t n)
{
    struct pd_err err = PD_ERR_INIT;
    struct pd_tz *tz = pd_tz_open(o->tz, &err);
    struct pd_time_ctx ctx;
    int64_t t = 0;
    enum pd_time_rc rc;

    if (tz == NULL)
        fail_msg("%s", err.msg);
    pd_time_ctx_init(&ctx, tz, o->day_first);
    rc = pd_parse_time(&ctx, input, strlen(input), &t);
    if (rc == PD_TIME_OK)
        pd_time_format_iso(t, got, n);
    else
        snprintf(got, n, "%s", rc == PD_TIME_EMPTY ? "EMPTY" : "BAD");
    pd_tz_free(tz);
}

static void
test_case_file(void **state)
{
    char input[256], opts[256], want[256], got[64];
    struct options o;
    int lineno = 0, cases = 0, failed = 0;
    FILE *f = fopen(CASES, "r");

    (void)state;
    if (f == NULL)
        fail_msg("cannot open %s (run from the repository root)", CASES);
    while (next_line(f, input, sizeof(input), &lineno)) {
        int at = lineno;

        if (input[0] == '\0')
            continue;
        if (!next_line(f, opts, sizeof(opts), &lineno) ||
            !next_line(f, want, sizeof(want), &lineno))
            fail_msg("%s:%d: incomplete block", CASES, at);
        unquote(input);
        parse_options(opts, &o);
        run_one(input, &o, got, sizeof(got));
        cases++;
        if (strcmp(got, want) != 0) {
            print_message("%s:%d: \"%s\" [%s]: want %s, got %s\n", CASES, at,
                          input, opts, want, got);
            failed++;
        }
    }
    fclose(f);
    print_message("%d cases, %d failed\n", cases, failed);
    assert_true(cases > 100);
    assert_int_equal(failed, 0);
}

/* ---- the day/month decision, value by value ------------------------- */

struct step {
    const char *input;
    enum pd_time_rc rc;
    const char *want; /* ISO, when rc is OK */
    bool day_first, settled, used_ambiguous, contradiction; /* after */
};

static void
run_steps(bool day_first, const struct step *steps, size_t n)
{
    struct pd_time_ctx ctx;
    char got[64];

    pd_time_ctx_init(&ctx, NULL, day_first);
    for (size_t i = 0; i < n; i++) {
        const struct step *s = &steps[i];
        int64_t t = 0;
        enum pd_time_rc rc =
            pd_parse_time(&ctx, s->input, strlen(s->input), &t);

        if (rc != s->rc)
            fail_msg("step %zu \"%s\": rc %d, want %d", i, s->input, rc, s->rc);
        if (rc == PD_TIME_OK) {
            pd_time_format_iso(t, got, sizeof(got));
            if (strcmp(got, s->want) != 0)
                fail_msg("step %zu \"%s\": %s, want %s", i, s->input, got,
                         s->want);
        }
        if (ctx.day_first != s->day_first || ctx.settled != s->settled ||
            ctx.used_ambiguous != s->used_ambiguous ||
            ctx.contradiction != s->contradiction)
            fail_msg("step %zu \"%s\": state %d%d%d%d, want %d%d%d%d", i,
                     s->input, ctx.day_first, ctx.settled, ctx.used_ambiguous,
                     ctx.contradiction, s->day_first, s->settled,
                     s->used_ambiguous, s->contradiction);
    }
}

#define RUN(df, steps) run_steps(df, steps, sizeof(steps) / sizeof(steps[0]))
#define OK             PD_TIME_OK
#define BAD            PD_TIME_BAD

/* Evidence before any ambiguous value: switch silently, then settled. */
static void
test_switch_before_use(void **state)
{
    static const struct step steps[] = {
        {"16/11/2026", OK, "2026-11-16T00:00:00Z", true, true, false, false},
        {"05/11/2026", OK, "2026-11-05T00:00:00Z", true, true, false, false},
        {"11/16/2026", BAD, NULL, true, true, false, false},
        {"17/11/2026", OK, "2026-11-17T00:00:00Z", true, true, false, false},
    };
    (void)state;
    RUN(false, steps);
}

/* Evidence confirming the configured order settles it. */
static void
test_settle_confirming(void **state)
{
    static const struct step steps[] = {
        {"01/02/2026", OK, "2026-01-02T00:00:00Z", false, false, true, false},
        {"01/13/2026", OK, "2026-01-13T00:00:00Z", false, true, true, false},
        {"13/01/2026", BAD, NULL, false, true, true, false},
        {"03/04/2026", OK, "2026-03-04T00:00:00Z", false, true, true, false},
    };
    (void)state;
    RUN(false, steps);
}

/* Evidence against an order already used: contradiction, order kept so
 * the caller can flip it; the value itself is read by its evidence. */
static void
test_contradiction(void **state)
{
    static const struct step steps[] = {
        {"01/02/2026 10:00", OK, "2026-01-02T10:00:00Z", false, false, true,
         false},
        {"25/02/2026 10:00", OK, "2026-02-25T10:00:00Z", false, false, true,
         true},
    };
    (void)state;
    RUN(false, steps);
}

/* The caller's restart: a fresh context with the order flipped reads the
 * whole file consistently. */
static void
test_restart_after_contradiction(void **state)
{
    static const char *const file[] = {"01/02/2026", "03/04/2026", "25/02/2026",
                                       "06/07/2026"};
    static const char *const want[] = {
        "2026-02-01T00:00:00Z", "2026-04-03T00:00:00Z", "2026-02-25T00:00:00Z",
        "2026-07-06T00:00:00Z"};
    struct pd_time_ctx ctx;
    char got[64];
    int64_t t;
    size_t i;

    (void)state;
    pd_time_ctx_init(&ctx, NULL, false);
    for (i = 0; i < 4 && !ctx.contradiction; i++)
        assert_int_equal(pd_parse_time(&ctx, file[i], strlen(file[i]), &t),
                         PD_TIME_OK);
    assert_true(ctx.contradiction);
    assert_int_equal(i, 3);
    pd_time_ctx_init(&ctx, NULL, !ctx.day_first);
    for (i = 0; i < 4; i++) {
        assert_int_equal(pd_parse_time(&ctx, file[i], strlen(file[i]), &t),
                         PD_TIME_OK);
        pd_time_format_iso(t, got, sizeof(got));
        assert_string_equal(got, want[i]);
    }
    assert_false(ctx.contradiction);
    assert_true(ctx.settled);
}

/* Values that say nothing about the order leave the state alone: equal
 * parts, dot dates, month names, ISO dates, bad values. */
static void
test_neutral_values(void **state)
{
    static const struct step steps[] = {
        {"05/05/2026", OK, "2026-05-05T00:00:00Z", false, false, false, false},
        {"16.11.2026", OK, "2026-11-16T00:00:00Z", false, false, false, false},
        {"18/jul/26", OK, "2026-07-18T00:00:00Z", false, false, false, false},
        {"2026-11-16", OK, "2026-11-16T00:00:00Z", false, false, false, false},
        {"31/02/2026", BAD, NULL, false, false, false, false},
        {"13/01/2026 25:00", BAD, NULL, false, false, false, false},
        {"1900-01-01", PD_TIME_EMPTY, NULL, false, false, false, false},
        {"13/01/2026", OK, "2026-01-13T00:00:00Z", true, true, false, false},
    };
    (void)state;
    RUN(false, steps);
}

/* Once settled, ambiguous values no longer count as "used". */
static void
test_ambiguous_after_settled(void **state)
{
    static const struct step steps[] = {
        {"13/01/2026", OK, "2026-01-13T00:00:00Z", true, true, false, false},
        {"01/02/2026", OK, "2026-02-01T00:00:00Z", true, true, false, false},
    };
    (void)state;
    RUN(true, steps);
}

/* A NULL zone means UTC; the parser never writes *utc_us on failure. */
static void
test_null_zone_and_untouched_output(void **state)
{
    struct pd_time_ctx ctx;
    int64_t t = 42;

    (void)state;
    pd_time_ctx_init(&ctx, NULL, false);
    assert_int_equal(pd_parse_time(&ctx, "nope", 4, &t), PD_TIME_BAD);
    assert_int_equal(pd_parse_time(&ctx, "", 0, &t), PD_TIME_EMPTY);
    assert_int_equal(t, 42);
    /* Not NUL-terminated: only n bytes are read. */
    assert_int_equal(pd_parse_time(&ctx, "2026-11-16T07:00:00Zjunk", 20, &t),
                     PD_TIME_OK);
    assert_int_equal(t, pd_time_make(2026, 11, 16, 7, 0, 0, 0));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_case_file),
        cmocka_unit_test(test_switch_before_use),
        cmocka_unit_test(test_settle_confirming),
        cmocka_unit_test(test_contradiction),
        cmocka_unit_test(test_restart_after_contradiction),
        cmocka_unit_test(test_neutral_values),
        cmocka_unit_test(test_ambiguous_after_settled),
        cmocka_unit_test(test_null_zone_and_untouched_output),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
