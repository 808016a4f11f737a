/* reports/attention_users.c: the usage families' facts from the rows of
 * attention_users.sql, against values worked out by hand: active users
 * per week and account (known, unknown and without one), adoption per
 * week, event and cell (the distinct users of each event, ignored events
 * left out, a user's event counted only when the user is active that
 * week), and the weeks without users. */
/* cmocka.h needs these system headers before it. */
/* clang-format off */
#include <libpq-fe.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
/* clang-format on */

#include "reports/attention_users.h"
#include "tests/unit/testutil.h"

enum { NCOLS = 11 };

/* Feed one row with the query's columns; vals[NCOLS], NULL for SQL NULL.
 * The row function's return. */
static int
feed(struct pd_att_users *u, const char *const vals[NCOLS], struct pd_err *err)
{
    PGresult *r = pd_test_row(NCOLS, vals);
    struct pd_db_row row = {r, 0};
    int rc = pd_attention_users_row(&row, u, err);

    PQclear(r);
    return rc;
}

static void
ok(struct pd_att_users *u, const char *const vals[NCOLS])
{
    struct pd_err err = PD_ERR_INIT;

    assert_int_equal(feed(u, vals, &err), 0);
}

static void
week(struct pd_att_users *u, const char *w, const char *label)
{
    ok(u, (const char *[NCOLS]){"0", w, [4] = label, "t"});
}

static void
account(struct pd_att_users *u, const char *id, const char *plan,
        const char *segment, const char *region, const char *name,
        const char *arr)
{
    ok(u, (const char *[NCOLS]){"1", [4] = id, NULL, plan, segment, region,
                                name, arr});
}

static void
event_name(struct pd_att_users *u, const char *id, const char *text,
           const char *ignored)
{
    ok(u, (const char *[NCOLS]){"2", NULL, id, NULL, text, ignored});
}

static void
user(struct pd_att_users *u, const char *w, const char *person,
     const char *acct)
{
    ok(u, (const char *[NCOLS]){"3", w, person, NULL, acct});
}

static void
use(struct pd_att_users *u, const char *w, const char *person,
    const char *name_id)
{
    ok(u, (const char *[NCOLS]){"4", w, person, name_id});
}

static bool
same(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

/* The one fact of week with event (dim 0), plan (dim 4) and account
 * (dim 7) as given (NULL: NULL). */
static const struct pd_att_fact *
find(const struct pd_att_fact *f, size_t n, int w, const char *event,
     const char *plan, const char *acct)
{
    const struct pd_att_fact *hit = NULL;

    for (size_t i = 0; i < n; i++)
        if (f[i].week == w && same(f[i].dim[0], event) &&
            same(f[i].dim[4], plan) && same(f[i].dim[7], acct)) {
            assert_null(hit); /* one fact per cell */
            hit = &f[i];
        }
    return hit;
}

static void
finish(struct pd_att_users *u)
{
    struct pd_err err = PD_ERR_INIT;

    assert_int_equal(pd_attention_users_row(NULL, u, &err), 0);
}

/* Weeks 0-2; accounts acc1 (pro) and acc2 (ent, no name, no ARR); users
 * in week 0: p1 and p2 at acc1, p3 at acc2, p4 without an account, p5 at
 * accX (not an account prodops knows); p1 alone in week 1; nobody in
 * week 2.  Events: login, export, noise (ignored), unused (no user). */
static struct pd_att_users *
fixture(unsigned outs)
{
    struct pd_att_users *u = pd_attention_users_new(outs);

    week(u, "0", "2026-W47");
    use(u, "0", "1", "10"); /* rows in any order: before their user */
    week(u, "1", "2026-W46");
    week(u, "2", "2026-W45");
    account(u, "acc1", "pro", "smb", "eu", "Acme", "100");
    account(u, "acc2", "ent", "mid", "us", "acc2", NULL);
    event_name(u, "10", "login", "f");
    event_name(u, "11", "export", "f");
    event_name(u, "12", "noise", "t");
    event_name(u, "13", "unused", "f");
    user(u, "0", "1", "acc1");
    user(u, "0", "2", "acc1");
    user(u, "0", "3", "acc2");
    user(u, "0", "4", NULL);
    user(u, "0", "5", "accX");
    user(u, "1", "1", "acc1");
    use(u, "0", "1", "10"); /* login on another day: one user */
    use(u, "0", "1", "11");
    use(u, "0", "2", "10");
    use(u, "0", "3", "10");
    use(u, "0", "4", "12"); /* ignored */
    use(u, "0", "5", "11");
    use(u, "0", "9", "10"); /* p9 is no active user of week 0 */
    use(u, "1", "1", "10");
    finish(u);
    return u;
}

static void
test_active_users(void **state)
{
    struct pd_att_users *u = fixture(1u << PD_ATT_USERS_ACTIVE);
    bool covered[PD_ATT_WEEKS];
    const char *label[PD_ATT_WEEKS];
    const struct pd_att_fact *f, *x;
    size_t n;

    (void)state;
    f = pd_attention_users_facts(u, PD_ATT_USERS_ACTIVE, &n, covered, label);
    x = find(f, n, 0, NULL, "pro", "acc1");
    assert_true(x && x->n == 2 && x->arr == 100 && x->promoters == 0);
    assert_string_equal(x->account_name, "Acme");
    assert_string_equal(x->dim[5], "smb");
    assert_string_equal(x->dim[6], "eu");
    x = find(f, n, 0, NULL, "ent", "acc2");
    assert_true(x && x->n == 1 && x->arr == -1);
    assert_string_equal(x->account_name, "acc2");
    /* Without an account: its own fact, named unknown. */
    x = find(f, n, 0, NULL, "unknown", NULL);
    assert_true(x && x->n == 1 && x->arr == -1);
    assert_string_equal(x->account_name, "unknown");
    assert_string_equal(x->dim[6], "unknown");
    /* An account prodops does not know: unknown cells, its id as name. */
    x = find(f, n, 0, NULL, "unknown", "accX");
    assert_true(x && x->n == 1);
    assert_string_equal(x->account_name, "accX");
    x = find(f, n, 1, NULL, "pro", "acc1");
    assert_true(x && x->n == 1);
    /* Week 2 has no users: the week's row, n 0. */
    x = find(f, n, 2, NULL, "unknown", NULL);
    assert_true(x && x->n == 0);
    assert_string_equal(x->account_name, "unknown");
    assert_null(x->dim[0]);
    assert_int_equal(n, 4 + 1 + 1);
    assert_true(covered[0] && covered[2] && !covered[3]);
    assert_string_equal(label[1], "2026-W46");
    assert_null(label[3]);
    pd_attention_users_free(u);
}

static void
test_adoption(void **state)
{
    struct pd_att_users *u =
        fixture(1u << PD_ATT_USERS_ACTIVE | 1u << PD_ATT_USERS_ADOPTION);
    bool covered[PD_ATT_WEEKS];
    const char *label[PD_ATT_WEEKS];
    const struct pd_att_fact *f, *x;
    size_t n;

    (void)state;
    f = pd_attention_users_facts(u, PD_ATT_USERS_ADOPTION, &n, covered, label);
    /* Week 0's cells: pro (p1, p2), ent (p3), unknown (p4, p5); each
     * against login and export (noise is ignored, unused has no user). */
    x = find(f, n, 0, "login", "pro", NULL);
    assert_true(x && x->n == 2 && x->promoters == 2 && x->arr == -1);
    assert_string_equal(x->account_name, "");
    x = find(f, n, 0, "export", "pro", NULL);
    assert_true(x && x->n == 2 && x->promoters == 1);
    x = find(f, n, 0, "login", "ent", NULL);
    assert_true(x && x->n == 1 && x->promoters == 1);
    assert_string_equal(x->dim[5], "mid");
    x = find(f, n, 0, "export", "ent", NULL);
    assert_true(x && x->n == 1 && x->promoters == 0);
    x = find(f, n, 0, "login", "unknown", NULL);
    assert_true(x && x->n == 2 && x->promoters == 0);
    x = find(f, n, 0, "export", "unknown", NULL);
    assert_true(x && x->n == 2 && x->promoters == 1);
    assert_null(find(f, n, 0, "noise", "unknown", NULL));
    assert_null(find(f, n, 0, "unused", "pro", NULL));
    /* Week 1: p1 alone, login yes, export no. */
    x = find(f, n, 1, "login", "pro", NULL);
    assert_true(x && x->n == 1 && x->promoters == 1);
    x = find(f, n, 1, "export", "pro", NULL);
    assert_true(x && x->n == 1 && x->promoters == 0);
    /* Week 2: no active users, one fact, every dimension NULL. */
    x = find(f, n, 2, NULL, NULL, NULL);
    assert_true(x && x->n == 0 && x->promoters == 0);
    for (int d = 0; d < PD_ATT_NDIMS; d++)
        assert_null(x->dim[d]);
    assert_int_equal(n, 6 + 2 + 1);
    pd_attention_users_free(u);
}

/* Active users but no event of any (all ignored): each cell once, with
 * no event, as the server's left join of the events gave. */
static void
test_no_events(void **state)
{
    struct pd_att_users *u =
        pd_attention_users_new(1u << PD_ATT_USERS_ADOPTION);
    bool covered[PD_ATT_WEEKS];
    const char *label[PD_ATT_WEEKS];
    const struct pd_att_fact *f, *x;
    size_t n;

    (void)state;
    week(u, "0", "2026-W47");
    event_name(u, "1", "noise", "t");
    event_name(u, "2", "other", "f");
    user(u, "0", "7", NULL);
    use(u, "0", "7", "1");
    finish(u);
    f = pd_attention_users_facts(u, PD_ATT_USERS_ADOPTION, &n, covered, label);
    assert_int_equal(n, 1);
    x = find(f, n, 0, NULL, "unknown", NULL);
    assert_true(x && x->n == 1 && x->promoters == 0);
    pd_attention_users_free(u);
}

/* Events but no active user at all (no user row): nothing is counted,
 * each week is the left join's row. */
static void
test_events_without_users(void **state)
{
    struct pd_att_users *u = pd_attention_users_new(
        1u << PD_ATT_USERS_ACTIVE | 1u << PD_ATT_USERS_ADOPTION);
    bool covered[PD_ATT_WEEKS];
    const char *label[PD_ATT_WEEKS];
    const struct pd_att_fact *f;
    size_t n;

    (void)state;
    week(u, "0", "2026-W47");
    event_name(u, "1", "login", "f");
    use(u, "0", "7", "1");
    finish(u);
    f = pd_attention_users_facts(u, PD_ATT_USERS_ADOPTION, &n, covered, label);
    assert_int_equal(n, 1);
    assert_true(f[0].week == 0 && f[0].n == 0 && f[0].promoters == 0);
    assert_null(f[0].dim[0]);
    f = pd_attention_users_facts(u, PD_ATT_USERS_ACTIVE, &n, covered, label);
    assert_int_equal(n, 1);
    assert_true(f[0].n == 0);
    pd_attention_users_free(u);
}

static void
test_bad_rows(void **state)
{
    struct pd_att_users *u =
        pd_attention_users_new(1u << PD_ATT_USERS_ADOPTION);
    struct pd_err err = PD_ERR_INIT;

    (void)state;
    /* A row the stream cannot place fails the report rather than leave a
     * user or an event out. */
    assert_int_equal(feed(u, (const char *[NCOLS]){"5", "0"}, &err), -1);
    assert_int_equal(err.code, PD_E_DB);
    assert_int_equal(feed(u, (const char *[NCOLS]){"3", "14", "1"}, &err), -1);
    assert_int_equal(feed(u, (const char *[NCOLS]){"3", NULL, "1"}, &err), -1);
    assert_int_equal(feed(u, (const char *[NCOLS]){"3", "0", "x"}, &err), -1);
    assert_int_equal(feed(u, (const char *[NCOLS]){"4", "0", "1", "1.5"}, &err),
                     -1);
    assert_int_equal(feed(u, (const char *[NCOLS]){"1", [6] = "pro"}, &err),
                     -1);
    assert_int_equal(
        feed(u, (const char *[NCOLS]){"1", [4] = "a", [10] = "1e"}, &err), -1);
    assert_int_equal(
        feed(u, (const char *[NCOLS]){"2", NULL, "1", NULL, "x"}, &err),
        -1); /* no flag */
    user(u, "0", "1", NULL);
    assert_int_equal(feed(u, (const char *[NCOLS]){"3", "0", "1"}, &err), -1);
    /* An event whose name has no name row: at the end. */
    use(u, "0", "1", "99");
    assert_int_equal(pd_attention_users_row(NULL, u, &err), -1);
    assert_non_null(strstr(err.msg, "99"));
    pd_attention_users_free(u);
    pd_attention_users_free(NULL);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_active_users),
        cmocka_unit_test(test_adoption),
        cmocka_unit_test(test_no_events),
        cmocka_unit_test(test_events_without_users),
        cmocka_unit_test(test_bad_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
