/*
 * test_usage - product-usage exports: vendor detection from JSON key names
 * and CSV headers, JSON records laid out in a binding that grows with new
 * keys, and events with every usage timestamp form, keys and rejects.
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

#include "common/arena.h"
#include "common/err.h"
#include "common/timeutil.h"
#include "common/utf8.h"
#include "tests/unit/testutil.h"
#include "transform/parse_time.h"
#include "transform/profile.h"
#include "transform/row.h"

#define MAX_FIELDS PD_TEST_MAX_FIELDS
#define US(sec)    ((int64_t)(sec)*PD_US_PER_SEC)

/* A JSON-like record from "key=value;key=value" (names set); CSV headers
 * and rows come from pd_test_split(). */
struct rec {
    char text[2048];
    struct pd_field names[MAX_FIELDS];
    struct pd_field fields[MAX_FIELDS];
    struct pd_record rec;
};

static struct pd_field
cut(char *s)
{
    struct pd_field f = {s, strlen(s)};
    return f;
}

static const struct pd_record *
named(struct rec *r, const char *text)
{
    size_t n = 0;
    char *save = NULL, *tok;

    assert_true(strlen(text) < sizeof(r->text));
    strcpy(r->text, text);
    memset(&r->rec, 0, sizeof(r->rec));
    for (tok = strtok_r(r->text, ";", &save); tok;
         tok = strtok_r(NULL, ";", &save)) {
        char *eq = strchr(tok, '=');
        assert_non_null(eq);
        assert_true(n < MAX_FIELDS);
        *eq = '\0';
        r->names[n] = cut(tok);
        r->fields[n] = cut(eq + 1);
        n++;
    }
    r->rec.names = r->names;
    r->rec.fields = r->fields;
    r->rec.nfields = n;
    r->rec.line = 1;
    r->rec.raw = text;
    r->rec.raw_len = strlen(text);
    return &r->rec;
}

static const struct pd_record *
csv(struct pd_test_rec *r, const char *line)
{
    return pd_test_split(r, line, ',', 2);
}

/* Header of a named record: its key names as fields. */
static const struct pd_record *
keys_of(struct rec *h, const struct pd_record *r)
{
    memset(&h->rec, 0, sizeof(h->rec));
    memcpy(h->fields, r->names, r->nfields * sizeof(*r->names));
    h->rec.fields = h->fields;
    h->rec.nfields = r->nfields;
    return &h->rec;
}

static const char *
detect(const struct pd_record *header)
{
    struct pd_err err = PD_ERR_INIT;
    const struct pd_profile *p =
        pd_profile_detect(pd_profiles, PD_KIND_NONE, header, &err);

    return p ? p->name : err.msg;
}

static void
test_detect(void **state)
{
    struct rec r, h;
    struct pd_test_rec c;
    (void)state;

    assert_string_equal(
        detect(keys_of(&h, named(&r, "$insert_id=a;amplitude_id=1;"
                                     "event_time=x;event_type=Login;"
                                     "user_properties.plan=Pro"))),
        "amplitude");
    assert_string_equal(
        detect(keys_of(&h, named(&r, "event=Login;properties.time=1;"
                                     "properties.distinct_id=u"))),
        "mixpanel");
    assert_string_equal(
        detect(keys_of(&h, named(&r, "type=track;event=Login;userId=u;"
                                     "messageId=m;timestamp=t;"
                                     "properties.plan=Pro"))),
        "segment");
    assert_string_equal(
        detect(csv(&c, "id,distinct_id,properties.$browser,event,timestamp,"
                       "person,elements_chain")),
        "posthog");
    assert_string_equal(
        detect(csv(&c, "accountId,visitorId,featureId,day,numEvents,"
                       "numMinutes")),
        "pendo");
    /* tap-pendo snake_cases the names */
    assert_string_equal(
        detect(csv(&c, "account_id,visitor_id,page_id,hour,num_events")),
        "pendo");
    assert_string_equal(
        detect(csv(&c, "accountId,visitorId,guideId,pollId,pollResponse,"
                       "browserTime")),
        "pendo_nps");
    assert_string_equal(
        detect(keys_of(&h, named(&r, "id=1;value=9;category=promoter;"
                                     "timestamp=t;customer.email=a"))),
        "helpscout");
}

/* Per-test state: a binding, a time context and an arena. */
struct fx {
    struct pd_tz *tz;
    struct pd_time_ctx time;
    struct pd_binding b;
    struct pd_row_ctx ctx;
    struct pd_arena arena;
    struct rec header, row;
};

static struct fx *
fx_json(const struct pd_profile *p, const char *first)
{
    static struct fx f;
    struct pd_err err = PD_ERR_INIT;
    struct rec r;

    memset(&f, 0, sizeof(f));
    f.tz = pd_tz_open("America/New_York", &err);
    assert_non_null(f.tz);
    pd_time_ctx_init(&f.time, f.tz, false);
    if (pd_binding_init_json(&f.b, p, keys_of(&f.header, named(&r, first)),
                             &err))
        fail_msg("binding: %s", err.msg);
    f.ctx.binding = &f.b;
    f.ctx.time = &f.time;
    f.ctx.now = US(1900000000);
    pd_arena_init(&f.arena, 0);
    return &f;
}

static void
fx_free(struct fx *f)
{
    pd_arena_release(&f->arena);
    pd_binding_release(&f->b);
    pd_tz_free(f->tz);
}

/* Lay out and transform one named record; 1 accepted, 0 rejected. */
static int
event(struct fx *f, const char *text, struct pd_event *e,
      struct pd_row_reject *rej)
{
    struct pd_record laid;

    pd_arena_reset(&f->arena);
    assert_int_equal(
        pd_binding_layout(&f->b, named(&f->row, text), &f->arena, &laid), 0);
    assert_int_equal(laid.nfields, f->b.ncols);
    return pd_row_event(&f->ctx, &laid, &f->arena, e, rej);
}

static void
event_ok(struct fx *f, const char *text, struct pd_event *e)
{
    struct pd_row_reject rej;

    if (!event(f, text, e, &rej))
        fail_msg("rejected \"%s\": %s", text, rej.reason);
}

static void
test_layout_grows(void **state)
{
    struct fx *f =
        fx_json(&pd_profile_amplitude, "$insert_id=i1;event_type=Login;"
                                       "event_time=2025-07-17 10:36:28.583000");
    struct pd_event e;
    size_t cols;
    const char *keep[] = {"city"};
    (void)state;

    f->ctx.keep_properties = keep;
    f->ctx.nkeep_properties = 1;
    event_ok(f,
             "$insert_id=i1;event_type=Login;"
             "event_time=2025-07-17 10:36:28.583000;device_id=d1",
             &e);
    assert_int_equal(f->b.ncols, 4);
    /* keys in another order, one new key mapped to a field, one unknown */
    event_ok(f,
             "user_id=ann@acme.example;city=Oslo;event_type=Search;"
             "event_time=2025-07-17 10:00:00.000001;uuid=u2",
             &e);
    cols = f->b.ncols;
    assert_int_equal(cols, 7);
    assert_string_equal(e.event_name, "Search");
    assert_string_equal(e.user_id, "ann@acme.example");
    assert_null(e.device_id);
    assert_string_equal(e.event_key, "u2"); /* no $insert_id: the uuid */
    assert_string_equal(e.domain, "acme.example");
    assert_int_equal(e.nextra, 1);
    assert_string_equal(e.extra[0].key, "city");
    assert_string_equal(e.extra[0].value, "Oslo");
    /* the first layout's values do not leak into the next record */
    event_ok(f,
             "event_type=Logout;event_time=2025-07-17 11:00:00.000000;"
             "device_id=d2",
             &e);
    assert_int_equal(f->b.ncols, cols);
    assert_null(e.user_id);
    assert_string_equal(e.device_id, "d2");
    assert_int_equal(e.nextra, 0);
    assert_int_equal(strncmp(e.event_key, "h:", 2), 0);
    fx_free(f);
}

/* The value of key in a laid-out record: its column's field, or NULL when
 * no column has that name. */
static const char *
laid_value(const struct fx *f, const struct pd_record *laid, const char *key)
{
    for (size_t c = 0; c < f->b.ncols; c++)
        if (strcmp(f->b.col_name[c], key) == 0)
            return laid->fields[c].s;
    return NULL;
}

/* Issue 15: the layout guesses each key's column from the key before it
 * (keys move as null ones are left out).  Whatever the guess, each value
 * lands in the column of its own name: keys dropped, reordered, a key
 * that is a prefix of another, one repeated, one new after a guess. */
static void
test_layout_key_order(void **state)
{
    static const char *const recs[][2] = {
        {"a=1;b=2;c=3;d=4", "1 2 3 4 -"},
        {"a=5;c=6;d=7", "5 - 6 7 -"},         /* b left out */
        {"a=8;b=9;c=10;d=11", "8 9 10 11 -"}, /* back again */
        {"d=12;c=13;b=14;a=15", "15 14 13 12 -"},
        {"a=16;ab=17;c=18", "16 - 18 - 17"}, /* new key, a prefix's */
        {"a=19;ab=20;c=21", "19 - 21 - 20"},
        {"a=22;b=23;ab=24;c=25", "22 23 25 - 24"},
        {"ab=26;a=27;c=28;c=29", "27 - 29 - 26"}, /* the last c wins */
    };
    static const char *const keys[] = {"a", "b", "c", "d", "ab"};
    struct fx *f = fx_json(&pd_profile_amplitude, "a=0;b=0;c=0;d=0");
    (void)state;

    for (size_t i = 0; i < sizeof(recs) / sizeof(recs[0]); i++) {
        struct pd_record laid;
        char got[64] = "";

        pd_arena_reset(&f->arena);
        assert_int_equal(pd_binding_layout(&f->b, named(&f->row, recs[i][0]),
                                           &f->arena, &laid),
                         0);
        assert_int_equal(laid.nfields, f->b.ncols);
        for (size_t k = 0; k < 5; k++) {
            const char *v = laid_value(f, &laid, keys[k]);

            strcat(got, k ? " " : "");
            strcat(got, v && *v ? v : "-");
        }
        assert_string_equal(got, recs[i][1]);
    }
    assert_int_equal(f->b.ncols, 5);
    fx_free(f);
}

/* Issue 15: a record that vouches for its UTF-8 (rec.utf8, the JSON
 * reader's) is not checked again; one that does not -- any other path --
 * still is: a bad byte is repaired and counted, never passed on. */
static void
test_utf8_vouched(void **state)
{
    struct fx *f =
        fx_json(&pd_profile_amplitude, "$insert_id=i1;event_type=Login;"
                                       "event_time=2025-07-17 10:36:28.583000");
    struct pd_row_reject rej;
    struct pd_record laid;
    struct pd_event e;
    (void)state;

    event_ok(f,
             "$insert_id=i1;event_type=Caf\xe9;device_id=d1;"
             "event_time=2025-07-17 10:36:28.583000",
             &e);
    assert_string_equal(e.event_name, "Caf\xc3\xa9");
    assert_int_equal(f->ctx.stats.text_repaired, 1);

    /* vouched-for valid text: the same event, nothing repaired */
    pd_arena_reset(&f->arena);
    named(&f->row, "$insert_id=i2;event_type=Caf\xc3\xa9;device_id=d1;"
                   "event_time=2025-07-17 10:36:28.583000");
    f->row.rec.utf8 = true;
    assert_int_equal(pd_binding_layout(&f->b, &f->row.rec, &f->arena, &laid),
                     0);
    assert_true(laid.utf8);
    assert_int_equal(pd_row_event(&f->ctx, &laid, &f->arena, &e, &rej), 1);
    assert_string_equal(e.event_name, "Caf\xc3\xa9");
    assert_int_equal(f->ctx.stats.text_repaired, 1);

    /* and a record that does not vouch is checked again */
    event_ok(f,
             "$insert_id=i3;event_type=\xff\xfe;device_id=d1;"
             "event_time=2025-07-17 10:36:28.583000",
             &e);
    assert_int_equal(f->ctx.stats.text_repaired, 2);
    assert_non_null(e.event_name);
    assert_true(pd_utf8_valid(e.event_name, strlen(e.event_name)));
    fx_free(f);
}

/* Issue 15: properties are kept for exposure events and configured names
 * only, and a derived key still hashes all of them (SPEC §4). */
static void
test_keep_properties(void **state)
{
    struct fx *f =
        fx_json(&pd_profile_amplitude, "event_type=Login;device_id=d1;"
                                       "event_time=2025-07-17 10:36:28.583000");
    const char *keep[] = {"plan", "event_properties.method"};
    struct pd_event e;
    char k1[128];
    (void)state;

    event_ok(f,
             "event_type=Login;device_id=d1;city=Oslo;"
             "event_time=2025-07-17 10:36:28.583000",
             &e);
    assert_int_equal(e.nextra, 0);
    snprintf(k1, sizeof(k1), "%s", e.event_key);
    event_ok(f,
             "event_type=Login;device_id=d1;city=Bergen;"
             "event_time=2025-07-17 10:36:28.583000",
             &e);
    assert_int_equal(e.nextra, 0);
    assert_string_not_equal(e.event_key, k1); /* dropped, but hashed */
    event_ok(f,
             "event_type=$exposure;device_id=d1;city=Oslo;flag_key=f;"
             "variant=on;event_time=2025-07-17 10:36:28.583000",
             &e);
    assert_int_equal(e.nextra, 3); /* SPEC §9: an exposure keeps all */
    f->ctx.keep_properties = keep;
    f->ctx.nkeep_properties = 2;
    event_ok(f,
             "event_type=Login;device_id=d1;city=Oslo;user_properties.plan=Pro;"
             "event_properties.method=sso;event_properties.xmethod=no;"
             "event_time=2025-07-17 10:36:28.583000",
             &e);
    assert_int_equal(e.nextra, 2);
    assert_string_equal(e.extra[0].key, "user_properties.plan");
    assert_string_equal(e.extra[1].key, "event_properties.method");
    fx_free(f);
}

static void
test_times(void **state)
{
    static const struct {
        const struct pd_profile *profile;
        const char *record;
        int64_t want;
    } cases[] = {
        /* Amplitude: zone-less microseconds, UTC (not the New York zone
         * of the context: the loader switches to UTC for times_utc) */
        {&pd_profile_mixpanel,
         "event=a;properties.distinct_id=u;"
         "properties.time=1602611311",
         US(1602611311)},
        {&pd_profile_mixpanel,
         "event=a;properties.distinct_id=u;"
         "properties.time=1602611311123",
         US(1602611311) + 123000},
        {&pd_profile_segment,
         "type=track;event=a;userId=u;"
         "timestamp=2023-11-25T00:30:05.728Z",
         US(1700872205) + 728000},
        {&pd_profile_segment,
         "type=track;event=a;userId=u;"
         "timestamp=2023-11-25T06:00:05.728+05:30",
         US(1700872205) + 728000},
        {&pd_profile_segment,
         "type=track;event=a;userId=u;"
         "timestamp=2022-07-06T19:37:43.095295+00:00",
         US(1657136263) + 95295},
    };
    (void)state;

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct fx *f = fx_json(cases[i].profile, cases[i].record);
        struct pd_event e;
        event_ok(f, cases[i].record, &e);
        if (e.event_time != cases[i].want)
            fail_msg("%s: %lld, want %lld", cases[i].record,
                     (long long)e.event_time, (long long)cases[i].want);
        fx_free(f);
    }
}

static void
test_amplitude_utc(void **state)
{
    struct pd_err err = PD_ERR_INIT;
    struct fx *f =
        fx_json(&pd_profile_amplitude, "$insert_id=i;event_type=a;device_id=d;"
                                       "event_time=2025-07-17 10:36:28.583000");
    struct pd_event e;
    (void)state;

    assert_true(pd_profile_amplitude.times_utc);
    pd_tz_free(f->tz);
    f->tz = pd_tz_open("UTC", &err);
    pd_time_ctx_init(&f->time, f->tz, false);
    event_ok(f,
             "$insert_id=i;event_type=a;device_id=d;"
             "event_time=2025-07-17 10:36:28.583000",
             &e);
    assert_int_equal(e.event_time, US(1752748588) + 583000);
    fx_free(f);
}

static void
test_rejects(void **state)
{
    struct fx *f =
        fx_json(&pd_profile_segment, "type=track;event=a;userId=u;messageId=m;"
                                     "timestamp=2023-11-25T00:30:05Z");
    struct pd_event e;
    struct pd_row_reject rej;
    (void)state;

    assert_int_equal(event(f,
                           "type=identify;userId=u;messageId=m2;"
                           "timestamp=2023-11-25T00:30:05Z",
                           &e, &rej),
                     0);
    assert_true(rej.expected);
    assert_string_equal(rej.column, "type");
    assert_int_equal(event(f,
                           "type=track;event=a;userId=u;messageId=m3;"
                           "timestamp=1970-01-01T00:00:00Z",
                           &e, &rej),
                     0);
    assert_false(rej.expected);
    assert_non_null(strstr(rej.reason, "out of range"));
    assert_int_equal(event(f,
                           "type=track;event=a;userId=u;messageId=m3;"
                           "timestamp=2031-01-01T00:00:00Z",
                           &e, &rej),
                     0);
    assert_int_equal(event(f,
                           "type=track;event=a;messageId=m4;"
                           "timestamp=2023-11-25T00:30:05Z",
                           &e, &rej),
                     0);
    assert_non_null(strstr(rej.reason, "no user id and no device id"));
    assert_int_equal(event(f,
                           "type=track;event=a;userId=u;messageId=m5;"
                           "timestamp=soon",
                           &e, &rej),
                     0);
    assert_string_equal(rej.column, "timestamp");
    /* page calls: the call type is the name; "" userId is no user */
    event_ok(f,
             "type=page;userId=;anonymousId=an;messageId=m6;"
             "timestamp=2023-11-25T00:30:05Z",
             &e);
    assert_string_equal(e.event_name, "page");
    assert_null(e.user_id);
    assert_string_equal(e.device_id, "an");
    fx_free(f);
}

/* SPEC §4: without an insert id the key hashes user, name, time and the
 * properties in key order; pre-aggregated rows leave the count out. */
static void
test_derived_keys(void **state)
{
    struct fx *f =
        fx_json(&pd_profile_mixpanel, "event=a;properties.distinct_id=u;"
                                      "properties.time=1602611311");
    struct pd_event e;
    char k1[40], k2[40], k3[40];
    (void)state;

    event_ok(f,
             "event=a;properties.distinct_id=u;properties.time=1602611311;"
             "properties.x=1;properties.y=2",
             &e);
    snprintf(k1, sizeof(k1), "%s", e.event_key);
    event_ok(f,
             "properties.y=2;properties.x=1;event=a;"
             "properties.time=1602611311;properties.distinct_id=u",
             &e);
    snprintf(k2, sizeof(k2), "%s", e.event_key);
    event_ok(f,
             "event=a;properties.distinct_id=u;properties.time=1602611311;"
             "properties.x=1;properties.y=3",
             &e);
    snprintf(k3, sizeof(k3), "%s", e.event_key);
    assert_string_equal(k1, k2);
    assert_string_not_equal(k1, k3);
    assert_int_equal(strlen(k1), 34);
    fx_free(f);
}

static void
test_pendo_aggregated(void **state)
{
    struct pd_err err = PD_ERR_INIT;
    struct fx f;
    struct pd_test_rec h, r;
    struct pd_event e;
    struct pd_row_reject rej;
    char k1[40];
    (void)state;

    memset(&f, 0, sizeof(f));
    f.tz = pd_tz_open("UTC", &err);
    pd_time_ctx_init(&f.time, f.tz, false);
    assert_int_equal(
        pd_binding_init(&f.b, &pd_profile_pendo,
                        csv(&h, "accountId,visitorId,featureId,day,numEvents,"
                                "numMinutes"),
                        &err),
        0);
    f.ctx.binding = &f.b;
    f.ctx.time = &f.time;
    pd_arena_init(&f.arena, 0);
    assert_int_equal(pd_row_event(&f.ctx,
                                  csv(&r, "ACC-1,ann,feat,1762214400000,5,3"),
                                  &f.arena, &e, &rej),
                     1);
    assert_int_equal(e.count, 5);
    assert_int_equal(e.event_time, US(1762214400));
    assert_string_equal(e.account_ref, "ACC-1");
    snprintf(k1, sizeof(k1), "%s", e.event_key);
    /* the same bucket re-exported with more events keeps its key */
    assert_int_equal(pd_row_event(&f.ctx,
                                  csv(&r, "ACC-1,ann,feat,1762214400000,7,4"),
                                  &f.arena, &e, &rej),
                     1);
    assert_string_equal(e.event_key, k1);
    assert_int_equal(pd_row_event(&f.ctx,
                                  csv(&r, "ACC-1,ann,feat,1762214400000,-2,4"),
                                  &f.arena, &e, &rej),
                     0);
    fx_free(&f);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_detect),
        cmocka_unit_test(test_layout_grows),
        cmocka_unit_test(test_layout_key_order),
        cmocka_unit_test(test_utf8_vouched),
        cmocka_unit_test(test_keep_properties),
        cmocka_unit_test(test_times),
        cmocka_unit_test(test_amplitude_utc),
        cmocka_unit_test(test_rejects),
        cmocka_unit_test(test_derived_keys),
        cmocka_unit_test(test_pendo_aggregated),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
