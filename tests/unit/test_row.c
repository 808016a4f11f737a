/*
 * test_row - records bound to the Zendesk and CRM profiles become
 * canonical tickets and accounts, or rejects naming the column and why.
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
#include "tests/unit/testutil.h"
#include "transform/parse_time.h"
#include "transform/profile.h"
#include "transform/row.h"

/* 2023-04-08 20:52:00 UTC and friends, in seconds. */
#define T_CREATED INT64_C(1680987120)
#define T_UPDATED INT64_C(1686760200) /* 2023-06-14 16:30:00 */
#define T_APR09   INT64_C(1681034400) /* 2023-04-09 10:00:00 */
#define T_APR10   INT64_C(1681128000) /* 2023-04-10 12:00:00 */
#define US(sec)   ((sec)*PD_US_PER_SEC)

/* A record split from one '|'-separated line (no quoting). */
static const struct pd_record *
split(struct pd_test_rec *r, const char *line)
{
    return pd_test_split(r, line, '|', 2);
}

/* Per-test state: the UTC zone, a binding of one profile, a row arena. */
struct fixture {
    struct pd_tz *tz;
    struct pd_time_ctx time;
    struct pd_binding binding;
    struct pd_row_ctx ctx;
    struct pd_arena arena;
    struct pd_test_rec header;
    struct pd_test_rec row;   /* the row's text pointers may borrow from it */
    struct pd_profile *owned; /* a configured profile, freed by teardown */
};

/* 17 columns; "Custom Thing" is not in the profile ("Requester" is not
 * either before issue 15). */
#define ZENDESK_HEADER                                                     \
    "Id|Requester|Requester email|Subject|Status|Priority|Via|Created at|" \
    "Updated at|Solved at|First reply time in minutes|Reopens|Replies|"    \
    "Satisfaction Score|Product Area [list]|Tags|Custom Thing"
#define ZENDESK_NCOLS 17

#define CRM_HEADER "Account ID|Account Name|Website|ARR|Plan|Notes"

static struct fixture *
fixture_new(const struct pd_profile *profile, const char *header)
{
    static struct fixture f;
    struct pd_err err = PD_ERR_INIT;

    memset(&f, 0, sizeof(f));
    f.tz = pd_tz_open("UTC", &err);
    assert_non_null(f.tz);
    pd_time_ctx_init(&f.time, f.tz, false);
    if (pd_binding_init(&f.binding, profile, split(&f.header, header), &err))
        fail_msg("binding: %s", err.msg);
    f.ctx.binding = &f.binding;
    f.ctx.time = &f.time;
    pd_arena_init(&f.arena, 0);
    return &f;
}

static int
setup_zendesk(void **state)
{
    *state = fixture_new(&pd_profile_zendesk, ZENDESK_HEADER);
    return 0;
}

static int
setup_crm(void **state)
{
    *state = fixture_new(&pd_profile_crm, CRM_HEADER);
    return 0;
}

#define RELEASES_HEADER "name|date|product area|events|flag|link|owner"

static int
setup_releases(void **state)
{
    *state = fixture_new(&pd_profile_releases, RELEASES_HEADER);
    return 0;
}

static int
teardown(void **state)
{
    struct fixture *f = *state;

    pd_arena_release(&f->arena);
    pd_binding_release(&f->binding);
    pd_profile_free(f->owned);
    pd_tz_free(f->tz);
    return 0;
}

/* Transform one line; asserts it is accepted. */
static void
ticket_ok(struct fixture *f, const char *line, struct pd_ticket *t)
{
    struct pd_row_reject rej;

    if (pd_row_ticket(&f->ctx, split(&f->row, line), &f->arena, t, &rej) != 1)
        fail_msg("rejected \"%s\": %s: %s", line,
                 rej.column ? rej.column : "(row)",
                 rej.reason ? rej.reason : "(no reason)");
    assert_null(rej.reason);
}

/* Transform one line; asserts it is rejected for column. */
static void
ticket_bad(struct fixture *f, const char *line, const char *column,
           const char *reason_part, struct pd_row_reject *rej)
{
    struct pd_ticket t;

    if (pd_row_ticket(&f->ctx, split(&f->row, line), &f->arena, &t, rej) != 0)
        fail_msg("accepted \"%s\"", line);
    assert_non_null(rej->reason);
    if (column) {
        assert_non_null(rej->column);
        assert_string_equal(rej->column, column);
    } else {
        assert_null(rej->column);
    }
    if (reason_part && !strstr(rej->reason, reason_part))
        fail_msg("reason \"%s\" lacks \"%s\"", rej->reason, reason_part);
}

static const char *
extra_value(const struct pd_extra *e, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(e[i].key, key) == 0) {
            assert_int_equal(strlen(e[i].value), e[i].value_len);
            return e[i].value;
        }
    return NULL;
}

static void
test_ticket_full(void **state)
{
    struct fixture *f = *state;
    struct pd_ticket t;

    ticket_ok(f,
              "297732|Jane Doe|  Jane.Doe@Acme.COM |Printer   on fire |Hold|"
              "Urgent|Native Messaging|2023-04-08 20:52:00|"
              "2023-06-14 16:30:00|1900-01-01 00:00:00|173|2|11|Offered|-|"
              "billing, Urgent;vip billing|hello there",
              &t);
    assert_string_equal(t.external_id, "297732");
    assert_string_equal(t.requester_email, "jane.doe@acme.com");
    assert_string_equal(t.requester_domain, "acme.com");
    assert_string_equal(t.subject, "Printer on fire");
    assert_string_equal(t.status, "on_hold");
    assert_string_equal(t.priority, "urgent");
    assert_string_equal(t.channel, "chat");
    assert_int_equal(t.created_at, US(T_CREATED));
    assert_int_equal(t.updated_at, US(T_UPDATED));
    assert_true(t.has_first_reply_at);
    assert_int_equal(t.first_reply_at, US(T_CREATED + 173 * 60));
    /* the 1900 sentinel means "not solved" */
    assert_false(t.has_solved_at);
    assert_true(t.has_reopens);
    assert_int_equal(t.reopens, 2);
    assert_true(t.has_replies);
    assert_int_equal(t.replies, 11);
    /* "Offered" is not a rating */
    assert_null(t.satisfaction);
    /* "-" in a [list] column is empty */
    assert_null(t.product_area);
    /* not in this header */
    assert_null(t.organization);
    assert_null(t.account_ref);
    assert_null(t.assignee);
    assert_null(t.group_name);

    assert_int_equal(t.ntags, 3);
    assert_string_equal(t.tags[0], "billing");
    assert_string_equal(t.tags[1], "urgent");
    assert_string_equal(t.tags[2], "vip");

    /* issue 15: the requester's name is a column, no longer extra */
    assert_int_equal(t.nextra, 1);
    assert_string_equal(t.requester_name, "Jane Doe");
    assert_null(extra_value(t.extra, t.nextra, "Requester"));
    assert_null(t.ticket_type);
    assert_false(t.has_resolution);
    assert_string_equal(extra_value(t.extra, t.nextra, "Custom Thing"),
                        "hello there");

    assert_int_equal(f->ctx.stats.status_other, 0);
    assert_int_equal(f->ctx.stats.priority_other, 0);
    assert_int_equal(f->ctx.stats.channel_other, 0);
    assert_int_equal(f->ctx.stats.satisfaction_other, 0);
    assert_int_equal(f->ctx.stats.text_repaired, 0);
}

static void
test_ticket_values(void **state)
{
    struct fixture *f = *state;
    struct pd_ticket t;

    /* a product area and a rating; empty optional cells are NULL */
    ticket_ok(f,
              "42||||Solved|Low|Mail|2023-04-08 20:52:00|2023-06-14 16:30:00|"
              "2023-04-09 10:00:00||||5|Claims||",
              &t);
    assert_string_equal(t.external_id, "42");
    assert_null(t.requester_email);
    assert_null(t.requester_domain);
    assert_null(t.subject);
    assert_string_equal(t.status, "solved");
    assert_string_equal(t.priority, "low");
    assert_string_equal(t.channel, "email");
    assert_true(t.has_solved_at);
    assert_int_equal(t.solved_at, US(T_APR09));
    assert_false(t.has_first_reply_at);
    assert_false(t.has_reopens);
    assert_false(t.has_replies);
    assert_string_equal(t.satisfaction, "good");
    assert_string_equal(t.product_area, "Claims");
    assert_int_equal(t.ntags, 0);
    assert_int_equal(t.nextra, 0);

    /* NA / N/A / null mean none anywhere */
    ticket_ok(f,
              "43|NA|N/A|null|Open|Normal|Web form|2023-04-08 20:52:00|||"
              "||||NA||",
              &t);
    assert_null(t.requester_email);
    assert_null(t.subject);
    assert_null(t.product_area);
    assert_string_equal(t.status, "open");
    assert_string_equal(t.channel, "web");
    assert_int_equal(t.nextra, 0);

    /* a row shorter than the header: missing cells are empty */
    ticket_ok(f, "44|||Short|New||Mail|2023-04-08 20:52:00", &t);
    assert_string_equal(t.subject, "Short");
    assert_string_equal(t.status, "new");
    assert_int_equal(t.updated_at, US(T_CREATED));
}

static void
test_ticket_bad_created(void **state)
{
    struct fixture *f = *state;
    struct pd_row_reject rej;

    ticket_bad(f, "297732||a@b.example|s|Open|Low|Mail|yesterday|||||||||",
               "Created at", "is not a timestamp", &rej);
    assert_non_null(strstr(rej.reason, "\"yesterday\""));
    assert_non_null(strstr(rej.reason, "created_at"));

    ticket_bad(f, "297732||||Open|Low|Mail|2023-02-31 10:00:00|||||||||",
               "Created at", "is not a timestamp", &rej);

    /* a required time that is empty or a sentinel is missing */
    ticket_bad(f, "297732||||Open|Low|Mail||||||||||", "Created at",
               "missing required value 'created_at'", &rej);
    ticket_bad(f, "297732||||Open|Low|Mail|1900-01-01 00:00:00|||||||||",
               "Created at", "created_at", &rej);

    /* other times reject too when they are not timestamps */
    ticket_bad(f, "297732||||Open|Low|Mail|2023-04-08 20:52:00||soon|||||||",
               "Solved at", "is not a timestamp", &rej);
    ticket_bad(f, "297732||||Open|Low|Mail|2023-04-08 20:52:00|later||||||||",
               "Updated at", "is not a timestamp", &rej);
    ticket_bad(f, "297732||||Open|Low|Mail|2023-04-08 20:52:00|||ten||||||",
               "First reply time in minutes", "minutes", &rej);
}

static void
test_ticket_missing_id(void **state)
{
    struct fixture *f = *state;
    struct pd_row_reject rej;

    ticket_bad(f, "||||Open|Low|Mail|2023-04-08 20:52:00|||||||||", "Id",
               "external_id", &rej);
    ticket_bad(f, "   ||||Open|Low|Mail|2023-04-08 20:52:00|||||||||", "Id",
               "missing required value", &rej);
    ticket_bad(f, "NA||||Open|Low|Mail|2023-04-08 20:52:00|||||||||", "Id",
               "missing required value", &rej);
}

static void
test_ticket_bad_number(void **state)
{
    struct fixture *f = *state;
    struct pd_row_reject rej;
    struct pd_ticket t;

    ticket_bad(f, "297732||||Open|Low|Mail|2023-04-08 20:52:00||||two|||||",
               "Reopens", "is not a whole number", &rej);
    assert_non_null(strstr(rej.reason, "\"two\""));
    ticket_bad(f, "297732||||Open|Low|Mail|2023-04-08 20:52:00||||1|2.5||||",
               "Replies", "is not a whole number", &rej);
    /* "3.0" (an Excel re-save) is a whole number */
    ticket_ok(f, "297732||||Open|Low|Mail|2023-04-08 20:52:00||||3.0|0||||",
              &t);
    assert_true(t.has_reopens);
    assert_int_equal(t.reopens, 3);
    assert_true(t.has_replies);
    assert_int_equal(t.replies, 0);
}

static void
test_ticket_surplus(void **state)
{
    struct fixture *f = *state;
    struct pd_row_reject rej;
    struct pd_ticket t;
    char want[64];

    ticket_bad(f, "1||||Open|Low|Mail|2023-04-08 20:52:00||||||||||x|y", NULL,
               NULL, &rej);
    snprintf(want, sizeof(want), "row has %d fields, the header %d",
             ZENDESK_NCOLS + 2, ZENDESK_NCOLS);
    assert_string_equal(rej.reason, want);

    /* one non-empty surplus cell among empty ones is enough */
    ticket_bad(f, "1||||Open|Low|Mail|2023-04-08 20:52:00||||||||||z|", NULL,
               "row has 19 fields", &rej);

    /* empty surplus cells (a trailing delimiter) lose nothing */
    ticket_ok(f, "1||||Open|Low|Mail|2023-04-08 20:52:00|||||||||||", &t);
    assert_string_equal(t.external_id, "1");
}

static void
test_ticket_record_reject(void **state)
{
    struct fixture *f = *state;
    struct pd_test_rec r;
    struct pd_ticket t;
    struct pd_row_reject rej;
    static const char why[] = "unterminated quoted field";

    /* a malformed record is rejected with the reader's reason, even when
     * its cells would make a good row */
    split(&r, "1||||Open|Low|Mail|2023-04-08 20:52:00|||||||||");
    r.rec.reject = why;
    assert_int_equal(pd_row_ticket(&f->ctx, &r.rec, &f->arena, &t, &rej), 0);
    assert_string_equal(rej.reason, why);
    assert_null(rej.column);
}

static void
test_ticket_updated_fallback(void **state)
{
    struct fixture *f = *state;
    struct pd_ticket t;

    /* only created */
    ticket_ok(f, "1||||Open|Low|Mail|2023-04-08 20:52:00|||||||||", &t);
    assert_int_equal(t.updated_at, US(T_CREATED));

    /* solved is the latest */
    ticket_ok(f,
              "2||||Solved|Low|Mail|2023-04-08 20:52:00||2023-04-10 12:00:00|"
              "60||||||",
              &t);
    assert_int_equal(t.updated_at, US(T_APR10));

    /* the first reply is the latest (solved is the 1900 sentinel) */
    ticket_ok(f,
              "3||||Open|Low|Mail|2023-04-08 20:52:00||1900-01-01 00:00:00|"
              "1440||||||",
              &t);
    assert_false(t.has_solved_at);
    assert_int_equal(t.first_reply_at, US(T_CREATED + 1440 * 60));
    assert_int_equal(t.updated_at, US(T_CREATED + 1440 * 60));

    /* the first reply later than solved */
    ticket_ok(f,
              "4||||Solved|Low|Mail|2023-04-08 20:52:00||2023-04-09 10:00:00|"
              "2880||||||",
              &t);
    assert_int_equal(t.updated_at, US(T_CREATED + 2880 * 60));

    /* an updated_at given is kept even when earlier than solved */
    ticket_ok(f,
              "5||||Solved|Low|Mail|2023-04-08 20:52:00|2023-04-09 10:00:00|"
              "2023-04-10 12:00:00|||||||",
              &t);
    assert_int_equal(t.updated_at, US(T_APR09));
}

static void
test_ticket_repair(void **state)
{
    struct fixture *f = *state;
    struct pd_ticket t;

    ticket_ok(f, "1|Jos\xe9|||Open|Low|Mail|2023-04-08 20:52:00|||||||||", &t);
    assert_int_equal(f->ctx.stats.text_repaired, 1);
    assert_string_equal(t.requester_name, "Jos\xc3\xa9");

    ticket_ok(f, "2|||Caf\xe9|Open|Low|Mail|2023-04-08 20:52:00|||||||||", &t);
    assert_string_equal(t.subject, "Caf\xc3\xa9");
    assert_int_equal(f->ctx.stats.text_repaired, 2);

    /* valid UTF-8 is left alone and not counted */
    ticket_ok(f, "3|||Caf\xc3\xa9|Open|Low|Mail|2023-04-08 20:52:00|||||||||",
              &t);
    assert_string_equal(t.subject, "Caf\xc3\xa9");
    assert_int_equal(f->ctx.stats.text_repaired, 2);
}

static void
test_ticket_enum_other(void **state)
{
    struct fixture *f = *state;
    struct pd_ticket t;

    ticket_ok(f,
              "1||||Frobnicated|Whenever|Carrier Pigeon|2023-04-08 20:52:00|"
              "|||||Meh|||",
              &t);
    assert_string_equal(t.status, "other");
    assert_string_equal(t.priority, "other");
    assert_string_equal(t.channel, "other");
    /* an unmapped rating is stored as NULL, but counted */
    assert_null(t.satisfaction);
    assert_int_equal(f->ctx.stats.status_other, 1);
    assert_int_equal(f->ctx.stats.priority_other, 1);
    assert_int_equal(f->ctx.stats.channel_other, 1);
    assert_int_equal(f->ctx.stats.satisfaction_other, 1);

    ticket_ok(f, "2||||Escalated-ish|Low|Mail|2023-04-08 20:52:00|||||||||",
              &t);
    assert_string_equal(t.status, "other");
    assert_int_equal(f->ctx.stats.status_other, 2);
    assert_int_equal(f->ctx.stats.priority_other, 1);
    /* issue 13: and named, value by value */
    assert_int_equal(f->ctx.stats.unmapped.col[PD_UNMAPPED_STATUS].n, 2);
    assert_string_equal(f->ctx.stats.unmapped.col[PD_UNMAPPED_STATUS].v[1].text,
                        "Escalated-ish");
    assert_string_equal(
        f->ctx.stats.unmapped.col[PD_UNMAPPED_CHANNEL].v[0].text,
        "Carrier Pigeon");
    assert_string_equal(
        f->ctx.stats.unmapped.col[PD_UNMAPPED_SATISFACTION].v[0].text, "Meh");
    assert_int_equal(f->ctx.stats.unmapped.col[PD_UNMAPPED_PRIORITY].n, 1);
}

/* Transform one account line; asserts it is accepted. */
static void
account_ok(struct fixture *f, const char *line, struct pd_account *acc)
{
    struct pd_row_reject rej;

    if (pd_row_account(&f->ctx, split(&f->row, line), &f->arena, acc, &rej) !=
        1)
        fail_msg("rejected \"%s\": %s: %s", line,
                 rej.column ? rej.column : "(row)",
                 rej.reason ? rej.reason : "(no reason)");
}

static void
test_account(void **state)
{
    struct fixture *f = *state;
    struct pd_account acc;

    account_ok(f,
               "A-1| Acme Corp |https://www.Acme.example/about|$120,000|Pro|"
               "key account",
               &acc);
    assert_string_equal(acc.account_id, "A-1");
    assert_string_equal(acc.name, "Acme Corp");
    assert_string_equal(acc.domain, "acme.example");
    assert_string_equal(acc.arr, "120000.00");
    assert_string_equal(acc.plan, "Pro");
    assert_null(acc.segment);
    assert_null(acc.region);
    assert_null(acc.owner);
    assert_int_equal(acc.nextra, 1);
    assert_string_equal(acc.extra[0].key, "Notes");
    assert_string_equal(acc.extra[0].value, "key account");

    account_ok(f, "A-2|Beta|beta.example|99.5||", &acc);
    assert_string_equal(acc.domain, "beta.example");
    assert_string_equal(acc.arr, "99.50");
    assert_null(acc.plan);
    assert_int_equal(acc.nextra, 0);

    account_ok(f, "A-3|Gamma|||", &acc);
    assert_null(acc.domain);
    assert_null(acc.arr);
}

static void
test_account_reject(void **state)
{
    struct fixture *f = *state;
    struct pd_test_rec r;
    struct pd_account acc;
    struct pd_row_reject rej;

    assert_int_equal(pd_row_account(&f->ctx,
                                    split(&r, "|Acme|acme.example|$1||"),
                                    &f->arena, &acc, &rej),
                     0);
    assert_string_equal(rej.column, "Account ID");
    assert_non_null(strstr(rej.reason, "account_id"));

    assert_int_equal(pd_row_account(&f->ctx, split(&r, "A-1|Acme||lots||"),
                                    &f->arena, &acc, &rej),
                     0);
    assert_string_equal(rej.column, "ARR");
    assert_non_null(strstr(rej.reason, "is not a number"));

    split(&r, "A-1|Acme||||");
    r.rec.reject = "bare quote in unquoted field";
    assert_int_equal(pd_row_account(&f->ctx, &r.rec, &f->arena, &acc, &rej), 0);
    assert_string_equal(rej.reason, "bare quote in unquoted field");
    assert_null(rej.column);
}

/* Regressions found 2026-11-23 by review: unbounded numbers and surplus
 * cells on account rows were accepted. */
static void
test_regression_2026_11_23_bounds(void **state)
{
    struct fixture *f = *state;
    struct pd_row_reject rej;

    ticket_bad(f, "1||||Open|Low|Mail|2023-04-08 20:52:00|||1e300||||||",
               "First reply time in minutes", "minutes", &rej);
    ticket_bad(f, "1||||Open|Low|Mail|2023-04-08 20:52:00|||-5||||||",
               "First reply time in minutes", "minutes", &rej);
}

/* A calendar duration in hours, mapped in the configuration
 * (first_reply_hours): Freshdesk's own column is business hours and no
 * longer feeds it (issue 13). */
static void
test_regression_2026_11_23_hours(void **state)
{
    static const char *const fields[] = {"external_id", "created_at",
                                         "first_reply_hours"};
    static const char *const headers[] = {"Ticket ID", "Created time",
                                          "Reply hours"};
    struct pd_err err = PD_ERR_INIT;
    struct pd_profile *p = pd_profile_from_mapping("hours", PD_KIND_TICKETS,
                                                   fields, headers, 3, &err);
    struct fixture *f;
    struct pd_row_reject rej;
    struct pd_ticket t;

    assert_non_null(p);
    f = fixture_new(p, "Ticket ID|Created time|Reply hours");
    f->owned = p;
    static const char *const bad[] = {
        "7|2023-04-10 12:00:00|99999999999999999999:00",
        "7|2023-04-10 12:00:00|2:30:", "7|2023-04-10 12:00:00|:30",
        "7|2023-04-10 12:00:00|1e300"};

    *state = f;
    ticket_ok(f, "7|2023-04-10 12:00:00|02:30:00", &t);
    assert_true(t.has_first_reply_at);
    assert_int_equal(t.first_reply_at - t.created_at, US(2 * 3600 + 1800));
    ticket_ok(f, "7|2023-04-10 12:00:00|1.5", &t);
    assert_int_equal(t.first_reply_at - t.created_at, US(5400));
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        ticket_bad(f, bad[i], "Reply hours", NULL, &rej);
}

/* Issue 13 §3: Freshdesk's "First response time (in hrs)" is a
 * business-hours duration. */
static void
test_freshdesk_business_first_reply(void **state)
{
    struct fixture *f =
        fixture_new(&pd_profile_freshdesk, "Ticket ID|Created time|"
                                           "First response time (in hrs)");
    struct pd_row_reject rej;
    struct pd_ticket t;
    static const char *const bad[] = {
        "7|2023-04-10 12:00:00|99999999999999999999:00",
        "7|2023-04-10 12:00:00|2:30:", "7|2023-04-10 12:00:00|:30",
        "7|2023-04-10 12:00:00|1e300"};

    *state = f;
    /* Issue 13 §3: a business-hours duration (Freshdesk's
     * first_res_time_bhrs), kept as one, never a calendar reply time. */
    ticket_ok(f, "7|2023-04-10 12:00:00|02:30:00", &t);
    assert_false(t.has_first_reply_at);
    assert_true(t.first_reply_reported);
    assert_true(t.has_first_reply_business);
    assert_int_equal(t.first_reply_business, US(2 * 3600 + 1800));
    ticket_ok(f, "7|2023-04-10 12:00:00|1.5", &t);
    assert_int_equal(t.first_reply_business, US(5400));
    /* 00:00:00 without a first reply time: nobody has answered yet. */
    ticket_ok(f, "7|2023-04-10 12:00:00|00:00:00", &t);
    assert_false(t.has_first_reply_business);
    assert_true(t.first_reply_reported);
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        ticket_bad(f, bad[i], "First response time (in hrs)", NULL, &rej);
}

/* Issue 13: Freshdesk's "Initial response time" is the first reply's
 * time; "First response time (in hrs)" is business hours
 * (first_res_time_bhrs in Freshdesk's code) and "00:00:00" when nobody
 * replied yet, so it never makes a calendar first reply.  Its text stays
 * in extra. */
static void
test_freshdesk_first_reply(void **state)
{
    struct fixture *f = fixture_new(&pd_profile_freshdesk,
                                    "Ticket ID|Created time|Initial response "
                                    "time|First response time (in hrs)");
    struct pd_ticket t;

    *state = f;
    ticket_ok(f, "7|2023-04-10 12:00:00|2023-04-10 14:30:00|01:15:00", &t);
    assert_true(t.has_first_reply_at);
    assert_int_equal(t.first_reply_at, US(T_APR10 + 2 * 3600 + 1800));
    assert_true(t.has_first_reply_business); /* the business duration */
    assert_int_equal(t.first_reply_business, US(3600 + 900));
    /* no reply yet: no first reply, whatever the hours say */
    ticket_ok(f, "8|2023-04-10 12:00:00||00:00:00", &t);
    assert_false(t.has_first_reply_at);
    assert_false(t.has_first_reply_business);
    ticket_ok(f, "9|2023-04-10 12:00:00||02:30:00", &t);
    assert_false(t.has_first_reply_at);
    assert_int_equal(t.updated_at, US(T_APR10));
}

/* Issue 13: Jira SM's satisfaction arrives under four names (and the
 * Spanish UI's custom-field prefix); values 1-5, 4-5 good. */
static void
test_jira_satisfaction(void **state)
{
    static const struct {
        const char *header, *value, *want;
    } cases[] = {
        {"Satisfaction rating", "5", "good"},
        {"Custom field (Satisfaction rating)", "4", "good"},
        {"Custom field (Satisfaction)", "3", "bad"},
        {"Calificaci\xc3\xb3n de satisfacci\xc3\xb3n", "1", "bad"},
        {"Campo personalizado (Satisfaction rating)", "2", "bad"},
        {"Campo personalizado (Satisfaction)", "5", "good"},
    };
    char header[200], line[200];
    struct pd_ticket t;

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct fixture *f;
        snprintf(header, sizeof(header), "Issue key|Created|%s",
                 cases[i].header);
        snprintf(line, sizeof(line), "IHS-%zu|2023-04-10 12:00|%s", i,
                 cases[i].value);
        f = fixture_new(&pd_profile_jira, header);
        ticket_ok(f, line, &t);
        if (!t.satisfaction || strcmp(t.satisfaction, cases[i].want) != 0)
            fail_msg("'%s' = %s: got %s, want %s", cases[i].header,
                     cases[i].value, t.satisfaction ? t.satisfaction : "NULL",
                     cases[i].want);
        assert_int_equal(t.nextra, 0);
        teardown((void **)&f);
    }
}

/* Issue 13 §3: Zendesk's business-hours minutes are kept as durations
 * beside the calendar reply; an export without any first-reply column
 * says so (SPEC §6 sla_breach_pct). */
static void
test_ticket_business_minutes(void **state)
{
    struct fixture *f =
        fixture_new(&pd_profile_zendesk,
                    "Id|Created at|Status|First reply time in minutes|"
                    "First reply time in minutes within business hours|"
                    "Full resolution time in minutes within business hours");
    struct pd_err err = PD_ERR_INIT;
    struct pd_row_reject rej;
    struct pd_ticket t;

    *state = f;
    ticket_ok(f, "7|2023-04-10 12:00:00|Solved|600|420|900", &t);
    assert_int_equal(t.first_reply_at - t.created_at, US(600 * 60));
    assert_true(t.first_reply_reported);
    assert_true(t.has_first_reply_business);
    assert_int_equal(t.first_reply_business, US(420 * 60));
    assert_true(t.has_resolution_business);
    assert_int_equal(t.resolution_business, US(900 * 60));
    assert_int_equal(t.nextra, 0);
    /* Blank while unsolved; 0 business minutes after a calendar reply (an
     * answer outside business hours) is a reply. */
    ticket_ok(f, "8|2023-04-10 12:00:00|Open|30|0|", &t);
    assert_true(t.has_first_reply_business);
    assert_int_equal(t.first_reply_business, 0);
    assert_false(t.has_resolution_business);
    ticket_bad(f, "9|2023-04-10 12:00:00|Open||-5|",
               "First reply time in minutes within business hours", "minutes",
               &rej);
    pd_binding_release(&f->binding);
    if (pd_binding_init(&f->binding, &pd_profile_zendesk,
                        split(&f->header, "Id|Created at|Status"), &err))
        fail_msg("binding: %s", err.msg);
    ticket_ok(f, "10|2023-04-10 12:00:00|Open", &t);
    assert_false(t.first_reply_reported);
}

/* Issue 15: the ticket type, the requester's name and Zendesk's calendar
 * full resolution time have columns of their own (nothing in extra); a
 * resolution that is no number of minutes rejects the row, as the
 * business-hours one does.  Freshdesk's "Type" and "Full name" and Jira's
 * "Issue Type" (Spanish "Tipo de Incidencia") likewise. */
static void
test_ticket_typed_columns(void **state)
{
    struct fixture *f = fixture_new(
        &pd_profile_zendesk, "Id|Created at|Status|Requester|Ticket type|"
                             "Full resolution time in minutes");
    struct pd_row_reject rej;
    struct pd_ticket t;

    *state = f;
    ticket_ok(f, "1|2023-04-10 12:00:00|Solved| Omar Farrow |Incident|855.5",
              &t);
    assert_string_equal(t.requester_name, "Omar Farrow");
    assert_string_equal(t.ticket_type, "Incident");
    assert_true(t.has_resolution);
    assert_int_equal(t.resolution, US(855 * 60 + 30));
    assert_int_equal(t.nextra, 0);
    ticket_ok(f, "2|2023-04-10 12:00:00|Open|||", &t);
    assert_null(t.requester_name);
    assert_null(t.ticket_type);
    assert_false(t.has_resolution);
    ticket_bad(f, "3|2023-04-10 12:00:00|Solved|||soon",
               "Full resolution time in minutes", "minutes", &rej);
    teardown((void **)&f);

    f = fixture_new(&pd_profile_freshdesk,
                    "Ticket ID|Created time|Type|Full name|Email");
    *state = f;
    ticket_ok(f, "4|2023-04-10 12:00:00|Question|Emily Garcia|e@acme.example",
              &t);
    assert_string_equal(t.ticket_type, "Question");
    assert_string_equal(t.requester_name, "Emily Garcia");
    assert_int_equal(t.nextra, 0);
    teardown((void **)&f);

    f = fixture_new(&pd_profile_jira,
                    "Clave de incidencia|Tipo de Incidencia|Creada");
    *state = f;
    ticket_ok(f, "IHS-5|Software/Access Issue|2026-07-18 09:10:00", &t);
    assert_string_equal(t.ticket_type, "Software/Access Issue");
    assert_null(t.requester_name);
    assert_int_equal(t.nextra, 0);
}

/* Zendesk's "Requester domain": the email's domain wins; the column stands
 * in without an email; a domain the email does not have is kept in extra,
 * an equal one is not repeated there. */
static void
test_ticket_requester_domain(void **state)
{
    struct fixture *f =
        fixture_new(&pd_profile_zendesk,
                    "Id|Created at|Status|Requester email|Requester domain");
    struct pd_ticket t;

    *state = f;
    ticket_ok(f, "1|2023-04-10 12:00:00|Open|ann@acme.example|acme.example",
              &t);
    assert_string_equal(t.requester_domain, "acme.example");
    assert_int_equal(t.nextra, 0);
    ticket_ok(f, "2|2023-04-10 12:00:00|Open||WWW.Acme.Example", &t);
    assert_null(t.requester_email);
    assert_string_equal(t.requester_domain, "acme.example");
    assert_int_equal(t.nextra, 0);
    ticket_ok(f, "3|2023-04-10 12:00:00|Open|ann@acme.example|other.example",
              &t);
    assert_string_equal(t.requester_domain, "acme.example");
    assert_int_equal(t.nextra, 1);
    assert_string_equal(t.extra[0].key, "Requester domain");
    assert_string_equal(t.extra[0].value, "other.example");
    /* Not a domain: no requester_domain, and the text is not lost. */
    ticket_ok(f, "4|2023-04-10 12:00:00|Open||see notes", &t);
    assert_null(t.requester_domain);
    assert_int_equal(t.nextra, 1);
    assert_string_equal(t.extra[0].value, "see notes");
}

static void
test_regression_2026_11_23_account(void **state)
{
    struct fixture *f = *state;
    struct pd_test_rec r;
    struct pd_account acc;
    struct pd_row_reject rej;

    assert_int_equal(pd_row_account(&f->ctx,
                                    split(&r, "A-1|Acme|||||lost value"),
                                    &f->arena, &acc, &rej),
                     0);
    assert_non_null(strstr(rej.reason, "row has 7 fields"));
    assert_int_equal(pd_row_account(&f->ctx, split(&r, "A-1|Acme||1e300||"),
                                    &f->arena, &acc, &rej),
                     0);
    assert_string_equal(rej.column, "ARR");
}

/* Regression found 2026-12-05 by review (issue 12 item 16): tickets took
 * 9999-12-31 and 1970-01-01; their times must lie in [2000-01-01, now + 2
 * days), as event times already did.  The 1900-01-01 sentinel stays none. */
static void
test_regression_2026_12_05_implausible(void **state)
{
    struct fixture *f = *state;
    struct pd_row_reject rej;
    struct pd_ticket t;

    f->ctx.now = US(INT64_C(1764936000)); /* 2025-12-05 12:00:00 */
    ticket_bad(f, "1||||Open|Low|Mail|9999-12-31 00:00:00|||||||||",
               "Created at",
               "'created_at' out of range (before 2000 or more than 2 days "
               "ahead): 9999-12-31T00:00:00Z",
               &rej);
    ticket_bad(f, "1||||Open|Low|Mail|1970-01-01 00:00:01|||||||||",
               "Created at", "'created_at' out of range", &rej);
    ticket_bad(f, "1||||Open|Low|Mail|1999-12-31 23:59:59|||||||||",
               "Created at", "'created_at' out of range", &rej);
    ticket_bad(f, "1||||Open|Low|Mail|2025-12-07 12:00:00|||||||||",
               "Created at", "'created_at' out of range", &rej);
    ticket_bad(f,
               "1||||Open|Low|Mail|2023-04-08 20:52:00|9999-12-31 "
               "00:00:00||||||||",
               "Updated at", "'updated_at' out of range", &rej);
    ticket_bad(f,
               "1||||Open|Low|Mail|2023-04-08 20:52:00||1970-01-02 "
               "00:00:00|||||||",
               "Solved at", "'solved_at' out of range", &rej);
    /* a first reply 14 days after a creation 4 days ago */
    ticket_bad(f, "1||||Open|Low|Mail|2025-12-01 00:00:00|||20160||||||",
               "first_reply_at", "'first_reply_at' out of range", &rej);

    /* the edges are in, and the sentinel is still no value */
    ticket_ok(f, "1||||Open|Low|Mail|2000-01-01 00:00:00|||||||||", &t);
    assert_int_equal(t.created_at, US(INT64_C(946684800)));
    ticket_ok(f, "1||||Open|Low|Mail|2025-12-07 11:59:59|||||||||", &t);
    ticket_ok(f,
              "1||||Open|Low|Mail|2023-04-08 20:52:00||1900-01-01 "
              "00:00:00|||||||",
              &t);
    assert_false(t.has_solved_at);
}

/* Issue 17: a launch's events are one cell, split on ';', '|' or ','
 * ('|' is this test's separator, so ';' and ',' here) and trimmed; the
 * date is the local day; the rest is text, unknown columns extra. */
static void
test_release(void **state)
{
    struct fixture *f = *state;
    struct pd_test_rec r;
    struct pd_release rel;
    struct pd_row_reject rej;

    assert_int_equal(
        pd_row_release(&f->ctx,
                       split(&r, " Bulk export |2026-10-21|Reporting|"
                                 "Export Started; Export Downloaded,,|"
                                 "|https://x.example/bulk|Kim"),
                       &f->arena, &rel, &rej),
        1);
    assert_string_equal(rel.name, "Bulk export");
    assert_string_equal(rel.released_on, "2026-10-21");
    assert_string_equal(rel.product_area, "Reporting");
    assert_int_equal(rel.nevents, 2);
    assert_string_equal(rel.events[0], "Export Started");
    assert_string_equal(rel.events[1], "Export Downloaded");
    assert_null(rel.flag);
    assert_string_equal(rel.link, "https://x.example/bulk");
    assert_null(rel.pattern);
    assert_int_equal(rel.nextra, 1);
    assert_string_equal(rel.extra[0].key, "owner");

    /* A flag instead of events; a Jira-style date. */
    assert_int_equal(
        pd_row_release(&f->ctx, split(&r, "Dark mode|11/Nov/26|||dark-v2||"),
                       &f->arena, &rel, &rej),
        1);
    assert_string_equal(rel.released_on, "2026-11-11");
    assert_int_equal(rel.nevents, 0);
    assert_string_equal(rel.flag, "dark-v2");

    /* Name and date are required; a date must parse. */
    assert_int_equal(pd_row_release(&f->ctx, split(&r, "|2026-10-21|||||"),
                                    &f->arena, &rel, &rej),
                     0);
    assert_string_equal(rej.column, "name");
    assert_int_equal(
        pd_row_release(&f->ctx, split(&r, "X||||||"), &f->arena, &rel, &rej),
        0);
    assert_string_equal(rej.column, "date");
    assert_int_equal(pd_row_release(&f->ctx, split(&r, "X|soon|||||"),
                                    &f->arena, &rel, &rej),
                     0);
    assert_non_null(strstr(rej.reason, "release_date"));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_regression_2026_12_05_implausible,
                                        setup_zendesk, teardown),
        cmocka_unit_test_setup_teardown(test_ticket_full, setup_zendesk,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_ticket_values, setup_zendesk,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_ticket_bad_created, setup_zendesk,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_ticket_missing_id, setup_zendesk,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_ticket_bad_number, setup_zendesk,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_ticket_surplus, setup_zendesk,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_ticket_record_reject,
                                        setup_zendesk, teardown),
        cmocka_unit_test_setup_teardown(test_ticket_updated_fallback,
                                        setup_zendesk, teardown),
        cmocka_unit_test_setup_teardown(test_ticket_repair, setup_zendesk,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_ticket_enum_other, setup_zendesk,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_account, setup_crm, teardown),
        cmocka_unit_test_setup_teardown(test_regression_2026_11_23_bounds,
                                        setup_zendesk, teardown),
        cmocka_unit_test_teardown(test_regression_2026_11_23_hours, teardown),
        cmocka_unit_test_teardown(test_freshdesk_business_first_reply,
                                  teardown),
        cmocka_unit_test_teardown(test_freshdesk_first_reply, teardown),
        cmocka_unit_test(test_jira_satisfaction),
        cmocka_unit_test_teardown(test_ticket_business_minutes, teardown),
        cmocka_unit_test_teardown(test_ticket_requester_domain, teardown),
        cmocka_unit_test_teardown(test_ticket_typed_columns, teardown),
        cmocka_unit_test_setup_teardown(test_regression_2026_11_23_account,
                                        setup_crm, teardown),
        cmocka_unit_test_setup_teardown(test_account_reject, setup_crm,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_release, setup_releases, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
