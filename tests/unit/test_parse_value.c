/*
 * test_parse_value - enum tables (values seen in the corpus exports and the
 * SPEC §2 lists), null texts and the numeric parsers.
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

#include "transform/parse_value.h"

#define COUNT(t) (sizeof(t) / sizeof((t)[0]))

struct enum_case {
    const char *in;
    int want;
};

static void
check_enum(const struct enum_case *cases, size_t n,
           int (*parse)(const char *, size_t), const char *what)
{
    int failed = 0;

    for (size_t i = 0; i < n; i++) {
        int got = parse(cases[i].in, strlen(cases[i].in));
        if (got != cases[i].want) {
            print_message("%s \"%s\": got %d, want %d\n", what, cases[i].in,
                          got, cases[i].want);
            failed++;
        }
    }
    assert_int_equal(failed, 0);
}

/* The enum parsers return different enum types; adapters give them one
 * signature for the table runner. */
static int
status_int(const char *s, size_t n)
{
    return (int)pd_parse_status(s, n);
}

static int
priority_int(const char *s, size_t n)
{
    return (int)pd_parse_priority(s, n);
}

static int
channel_int(const char *s, size_t n)
{
    return (int)pd_parse_channel(s, n);
}

static int
sat_int(const char *s, size_t n)
{
    return (int)pd_parse_satisfaction(s, n);
}

static void
test_status(void **state)
{
    static const struct enum_case cases[] = {
        /* Zendesk (Plum export) */
        {"New", PD_STATUS_NEW},
        {"Open", PD_STATUS_OPEN},
        {"Pending", PD_STATUS_PENDING},
        {"Hold", PD_STATUS_ON_HOLD},
        {"Solved", PD_STATUS_SOLVED},
        {"Closed", PD_STATUS_CLOSED},
        /* Zendesk API */
        {"hold", PD_STATUS_ON_HOLD},
        {"deleted", PD_STATUS_OTHER},
        /* Freshdesk export */
        {"Waiting on Third Party", PD_STATUS_ON_HOLD},
        {"OpenPending", PD_STATUS_PENDING},
        {"Waiting on Customer", PD_STATUS_PENDING},
        {"Resolved", PD_STATUS_SOLVED},
        /* SPEC §2 spellings */
        {"On-hold", PD_STATUS_ON_HOLD},
        {"On hold", PD_STATUS_ON_HOLD},
        {"on_hold", PD_STATUS_ON_HOLD},
        {"ON HOLD", PD_STATUS_ON_HOLD},
        {"Waiting for customer", PD_STATUS_PENDING},
        {"In Progress", PD_STATUS_OPEN},
        {"in-progress", PD_STATUS_OPEN},
        {"Done", PD_STATUS_SOLVED},
        {"Completed", PD_STATUS_SOLVED},
        {"To Do", PD_STATUS_OPEN},
        {"Reopened", PD_STATUS_OPEN},
        /* HubSpot, Help Scout, Intercom */
        {"Waiting on contact", PD_STATUS_PENDING},
        {"Waiting on us", PD_STATUS_OPEN},
        {"active", PD_STATUS_OPEN},
        {"snoozed", PD_STATUS_ON_HOLD},
        /* Spanish Jira */
        {"Completado", PD_STATUS_SOLVED},
        {"Resuelta", PD_STATUS_SOLVED},
        {"Listo", PD_STATUS_SOLVED},
        {"Hecho", PD_STATUS_SOLVED},
        {"Abierta", PD_STATUS_OPEN},
        {"En curso", PD_STATUS_OPEN},
        {"En progreso", PD_STATUS_OPEN},
        {"Pendiente", PD_STATUS_PENDING},
        {"Esperando al cliente", PD_STATUS_PENDING},
        {"Cerrada", PD_STATUS_CLOSED},
        {"Cerrado", PD_STATUS_CLOSED},
        {"Nueva", PD_STATUS_NEW},
        {"Nuevo", PD_STATUS_NEW},
        /* padding, no-break space */
        {"  Solved\t", PD_STATUS_SOLVED},
        {"\xc2\xa0Open\xc2\xa0", PD_STATUS_OPEN},
        /* none and other */
        {"", PD_STATUS_NONE},
        {"-", PD_STATUS_NONE},
        {" - ", PD_STATUS_NONE},
        {"N/A", PD_STATUS_NONE},
        {"null", PD_STATUS_NONE},
        {"Escalated to L3", PD_STATUS_OTHER},
        {"2", PD_STATUS_OTHER},
        {"4", PD_STATUS_OTHER},
        {"--", PD_STATUS_OTHER},
        {"a very long status text that cannot be in any table at all really",
         PD_STATUS_OTHER},
    };
    (void)state;
    check_enum(cases, COUNT(cases), status_int, "status");
}

static void
test_priority(void **state)
{
    static const struct enum_case cases[] = {
        {"Low", PD_PRIORITY_LOW},
        {"Lowest", PD_PRIORITY_LOW},
        {"P4", PD_PRIORITY_LOW},
        {"p5", PD_PRIORITY_LOW},
        {"Baja", PD_PRIORITY_LOW},
        {"Más baja", PD_PRIORITY_LOW},
        {"MÁS BAJA", PD_PRIORITY_LOW},
        {"Minor", PD_PRIORITY_LOW},
        {"Normal", PD_PRIORITY_NORMAL},
        {"Medium", PD_PRIORITY_NORMAL},
        {"MEDIUM", PD_PRIORITY_NORMAL},
        {"P3", PD_PRIORITY_NORMAL},
        {"Media", PD_PRIORITY_NORMAL},
        {"High", PD_PRIORITY_HIGH},
        {"P2", PD_PRIORITY_HIGH},
        {"Alta", PD_PRIORITY_HIGH},
        {"Urgent", PD_PRIORITY_URGENT},
        {"Highest", PD_PRIORITY_URGENT},
        {"Critical", PD_PRIORITY_URGENT},
        {"P1", PD_PRIORITY_URGENT},
        {"Urgente", PD_PRIORITY_URGENT},
        {"Crítica", PD_PRIORITY_URGENT},
        {"Más alta", PD_PRIORITY_URGENT},
        {"Blocker", PD_PRIORITY_URGENT},
        {"", PD_PRIORITY_NONE},
        {"-", PD_PRIORITY_NONE},
        {"NA", PD_PRIORITY_NONE},
        /* Freshdesk API codes are not mapped */
        {"1", PD_PRIORITY_OTHER},
        {"4", PD_PRIORITY_OTHER},
        {"not_priority", PD_PRIORITY_OTHER},
    };
    (void)state;
    check_enum(cases, COUNT(cases), priority_int, "priority");
}

static void
test_channel(void **state)
{
    static const struct enum_case cases[] = {
        /* Zendesk Via (Plum export and scripts) */
        {"Mail", PD_CHANNEL_EMAIL},
        {"Web form", PD_CHANNEL_WEB},
        {"Internal Communication", PD_CHANNEL_OTHER},
        {"OutBound", PD_CHANNEL_OTHER},
        {"Closed Ticket", PD_CHANNEL_OTHER},
        {"Native Messaging", PD_CHANNEL_CHAT},
        {"Instagram DM", PD_CHANNEL_SOCIAL},
        /* SPEC §2 display names (issue 13: "Phone call (incoming)" was
         * other) */
        {"Phone call (incoming)", PD_CHANNEL_PHONE},
        {"Phone call (outgoing)", PD_CHANNEL_PHONE},
        {"Voicemail", PD_CHANNEL_PHONE},
        {"Help Center", PD_CHANNEL_WEB},
        {"Mobihelp", PD_CHANNEL_CHAT},
        {"SMS", PD_CHANNEL_CHAT},
        {"Web service", PD_CHANNEL_API},
        {"Web Service (API)", PD_CHANNEL_API},
        {"Mobile SDK", PD_CHANNEL_API},
        {"X", PD_CHANNEL_SOCIAL},
        {"Twitter DM", PD_CHANNEL_SOCIAL},
        {"Facebook Private Message", PD_CHANNEL_SOCIAL},
        /* Freshdesk sources */
        {"Email", PD_CHANNEL_EMAIL},
        {"Portal", PD_CHANNEL_WEB},
        {"Phone", PD_CHANNEL_PHONE},
        {"Chat", PD_CHANNEL_CHAT},
        {"Feedback Widget", PD_CHANNEL_WEB},
        {"Outbound Email", PD_CHANNEL_EMAIL},
        /* spellings */
        {"e-mail", PD_CHANNEL_EMAIL},
        {"E_MAIL", PD_CHANNEL_EMAIL},
        {"Correo electrónico", PD_CHANNEL_EMAIL},
        {"Web widget", PD_CHANNEL_WEB},
        {"form", PD_CHANNEL_WEB},
        {"web", PD_CHANNEL_WEB},
        {"live chat", PD_CHANNEL_CHAT},
        {"messaging", PD_CHANNEL_CHAT},
        {"Messenger", PD_CHANNEL_CHAT},
        {"WhatsApp", PD_CHANNEL_CHAT},
        {"voice", PD_CHANNEL_PHONE},
        {"call", PD_CHANNEL_PHONE},
        {"Teléfono", PD_CHANNEL_PHONE},
        {"API", PD_CHANNEL_API},
        {"Web Service", PD_CHANNEL_API},
        {"integration", PD_CHANNEL_API},
        {"twitter", PD_CHANNEL_SOCIAL},
        {"Facebook", PD_CHANNEL_SOCIAL},
        {"social media", PD_CHANNEL_SOCIAL},
        {"other", PD_CHANNEL_OTHER},
        {"carrier pigeon", PD_CHANNEL_OTHER},
        {"", PD_CHANNEL_NONE},
        {"-", PD_CHANNEL_NONE},
    };
    (void)state;
    check_enum(cases, COUNT(cases), channel_int, "channel");
}

static void
test_satisfaction(void **state)
{
    static const struct enum_case cases[] = {
        /* Plum export: blank, Offered, 1-5 */
        {"", PD_SAT_NONE},
        {"Offered", PD_SAT_NONE},
        {"5", PD_SAT_GOOD},
        {"4", PD_SAT_GOOD},
        {"3", PD_SAT_BAD},
        {"2", PD_SAT_BAD},
        {"1", PD_SAT_BAD},
        {"4.0", PD_SAT_GOOD},
        {" 5 ", PD_SAT_GOOD},
        {"0", PD_SAT_OTHER},
        {"6", PD_SAT_OTHER},
        {"10", PD_SAT_OTHER},
        {"-1", PD_SAT_OTHER},
        {"4.5", PD_SAT_OTHER},
        /* SPEC §2 words */
        {"Good", PD_SAT_GOOD},
        {"Awesome", PD_SAT_GOOD},
        {"Satisfied", PD_SAT_GOOD},
        {"Extremely satisfied", PD_SAT_GOOD},
        {"Happy", PD_SAT_GOOD},
        {"Bad", PD_SAT_BAD},
        {"Not Good", PD_SAT_BAD},
        {"Just Okay", PD_SAT_BAD},
        {"Neutral", PD_SAT_BAD},
        {"Unsatisfied", PD_SAT_BAD},
        {"Not satisfied", PD_SAT_BAD},
        {"Unhappy", PD_SAT_BAD},
        {"Unoffered", PD_SAT_NONE},
        {"Not Offered", PD_SAT_NONE},
        {"offered", PD_SAT_NONE},
        {"Good, I'm satisfied", PD_SAT_GOOD},
        {"Bad, I'm unsatisfied", PD_SAT_BAD},
        {"-", PD_SAT_NONE},
        {"N/A", PD_SAT_NONE},
        {"meh", PD_SAT_OTHER},
    };
    (void)state;
    check_enum(cases, COUNT(cases), sat_int, "satisfaction");
}

static void
test_names(void **state)
{
    (void)state;
    assert_null(pd_status_name(PD_STATUS_NONE));
    assert_string_equal(pd_status_name(PD_STATUS_ON_HOLD), "on_hold");
    assert_string_equal(pd_status_name(PD_STATUS_CLOSED), "closed");
    assert_string_equal(pd_status_name(PD_STATUS_OTHER), "other");
    assert_null(pd_priority_name(PD_PRIORITY_NONE));
    assert_string_equal(pd_priority_name(PD_PRIORITY_URGENT), "urgent");
    assert_string_equal(pd_priority_name(PD_PRIORITY_OTHER), "other");
    assert_null(pd_channel_name(PD_CHANNEL_NONE));
    assert_string_equal(pd_channel_name(PD_CHANNEL_SOCIAL), "social");
    assert_string_equal(pd_channel_name(PD_CHANNEL_OTHER), "other");
    assert_null(pd_satisfaction_name(PD_SAT_NONE));
    assert_string_equal(pd_satisfaction_name(PD_SAT_GOOD), "good");
    assert_string_equal(pd_satisfaction_name(PD_SAT_BAD), "bad");
    assert_null(pd_satisfaction_name(PD_SAT_OTHER));
    assert_null(pd_status_name((enum pd_status)99));
}

static void
test_null_text(void **state)
{
    static const struct {
        const char *in;
        bool want;
    } cases[] = {
        {"", true},     {"   ", true},  {"NA", true},   {"na", true},
        {"N/A", true},  {"n/a", true},  {"null", true}, {"NULL", true},
        {"None", true}, {" NA ", true}, {"#N/A", true}, {"\xc2\xa0", true},
        {"-", false},   {"NAN", false}, {"nil", false}, {"N/A2", false},
        {"Nat", false}, {"0", false},   {"nul", false}, {"nulls", false},
    };
    (void)state;
    for (size_t i = 0; i < COUNT(cases); i++)
        if (pd_is_null_text(cases[i].in, strlen(cases[i].in)) != cases[i].want)
            fail_msg("null text \"%s\"", cases[i].in);
}

static void
test_int64(void **state)
{
    static const struct {
        const char *in;
        int rc;
        int64_t want;
    } cases[] = {
        {"12", 0, 12},
        {" 12 ", 0, 12},
        {"-3", 0, -3},
        {"+7", 0, 7},
        {"12.0", 0, 12},
        {"12.00", 0, 12},
        {"0", 0, 0},
        {"10300555531549", 0, INT64_C(10300555531549)},
        {"9223372036854775807", 0, INT64_MAX},
        {"-9223372036854775808", 0, INT64_MIN},
        {"9223372036854775808", -1, 0},
        {"-9223372036854775809", -1, 0},
        {"99999999999999999999", -1, 0},
        {"12.5", -1, 0},
        {"12.", -1, 0},
        {".0", -1, 0},
        {"abc", -1, 0},
        {"1e3", -1, 0},
        {"1,234", -1, 0},
        {"12 3", -1, 0},
        {"+", -1, 0},
        {"--3", -1, 0},
        {"", 1, 0},
        {"  ", 1, 0},
        {"NA", 1, 0},
        {"null", 1, 0},
        {"-", 1, 0},
    };
    (void)state;
    for (size_t i = 0; i < COUNT(cases); i++) {
        int64_t v = 0;
        int rc = pd_parse_int64(cases[i].in, strlen(cases[i].in), &v);
        if (rc != cases[i].rc || (rc == 0 && v != cases[i].want))
            fail_msg("int64 \"%s\": rc %d value %lld", cases[i].in, rc,
                     (long long)v);
    }
}

static void
test_double(void **state)
{
    static const struct {
        const char *in;
        int rc;
        double want;
    } cases[] = {
        {"1,234.5", 0, 1234.5},
        {"1234", 0, 1234},
        {"-0.5", 0, -0.5},
        {" 3 ", 0, 3},
        {"12,345,678", 0, 12345678},
        {".5", 0, 0.5},
        {"489.07", 0, 489.07},
        {"1e3", 0, 1000},
        {"0.90000000000000002220446049250313080847263336181640625", 0, 0.9},
        {"-122.40599822998046875", 0, -122.40599822998046875},
        {"12,5", -1, 0},
        {"1,23,456", -1, 0},
        {"1234,567", -1, 0},
        {",5", -1, 0},
        {".", -1, 0},
        {"nan", -1, 0},
        {"inf", -1, 0},
        {"0x10", -1, 0},
        {"1e999", -1, 0},
        {"1.2.3", -1, 0},
        {"12abc", -1, 0},
        {"", 1, 0},
        {"N/A", 1, 0},
        {"-", 1, 0},
    };
    (void)state;
    for (size_t i = 0; i < COUNT(cases); i++) {
        double v = 0;
        int rc = pd_parse_double(cases[i].in, strlen(cases[i].in), &v);
        if (rc != cases[i].rc || (rc == 0 && v != cases[i].want))
            fail_msg("double \"%s\": rc %d value %g", cases[i].in, rc, v);
    }
}

static void
test_nps(void **state)
{
    static const struct {
        const char *in;
        int rc, want;
    } cases[] = {
        {"9", 0, 9},     {"9.0", 0, 9}, {" 9 ", 0, 9}, {"0", 0, 0},
        {"10", 0, 10},   {"11", -1, 0}, {"-1", -1, 0}, {"9.5", -1, 0},
        {"nine", -1, 0}, {"NA", 1, 0},  {"", 1, 0},    {"10.00", 0, 10},
    };
    (void)state;
    for (size_t i = 0; i < COUNT(cases); i++) {
        int v = -99;
        int rc = pd_parse_nps_score(cases[i].in, strlen(cases[i].in), &v);
        if (rc != cases[i].rc || (rc == 0 && v != cases[i].want))
            fail_msg("nps \"%s\": rc %d value %d", cases[i].in, rc, v);
    }
}

/* Only n bytes are read: values come straight out of a CSV buffer. */
static void
test_not_nul_terminated(void **state)
{
    int64_t v;
    (void)state;
    assert_int_equal(pd_parse_status("Solvedxyz", 6), PD_STATUS_SOLVED);
    assert_int_equal(pd_parse_int64("1234", 2, &v), 0);
    assert_int_equal(v, 12);
    assert_true(pd_is_null_text("NAB", 2));
}

/* Issue 17: Fider slugs (and old Title case), Canny and Productboard
 * words; the enum's order is how advanced a status is. */
static void
test_request_status(void **state)
{
    (void)state;
#define RS(s) pd_parse_request_status(s, strlen(s))
    assert_int_equal(RS("open"), PD_REQ_OPEN);
    assert_int_equal(RS("Declined"), PD_REQ_DECLINED);
    assert_int_equal(RS("duplicate"), PD_REQ_DUPLICATE);
    assert_int_equal(RS("under review"), PD_REQ_OPEN);
    assert_int_equal(RS("In Progress"), PD_REQ_STARTED);
    assert_int_equal(RS("Complete"), PD_REQ_COMPLETED);
    assert_int_equal(RS("closed"), PD_REQ_DECLINED);
    assert_int_equal(RS("released"), PD_REQ_COMPLETED);
    assert_int_equal(RS("deleted"), PD_REQ_OTHER);
    assert_int_equal(RS("N/A"), PD_REQ_NONE);
#undef RS
    assert_true(PD_REQ_DUPLICATE < PD_REQ_OPEN && PD_REQ_OPEN < PD_REQ_DECLINED &&
                PD_REQ_DECLINED < PD_REQ_PLANNED &&
                PD_REQ_PLANNED < PD_REQ_STARTED &&
                PD_REQ_STARTED < PD_REQ_COMPLETED);
    assert_string_equal(pd_request_status_name(PD_REQ_STARTED), "started");
    assert_null(pd_request_status_name(PD_REQ_NONE));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_status),
        cmocka_unit_test(test_request_status),
        cmocka_unit_test(test_priority),
        cmocka_unit_test(test_channel),
        cmocka_unit_test(test_satisfaction),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_null_text),
        cmocka_unit_test(test_int64),
        cmocka_unit_test(test_double),
        cmocka_unit_test(test_nps),
        cmocka_unit_test(test_not_nul_terminated),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
