/*
 * test_profile - recognizing a vendor export by its header, binding a
 * profile to a file's columns, and profiles built from a configuration
 * mapping.
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

#include "tests/unit/testutil.h"
#include "transform/profile.h"

#define COUNT(t) (sizeof(t) / sizeof((t)[0]))

/* A header record built from one comma-separated line (no quoting). */
static const struct pd_record *
header_split(struct pd_test_rec *h, const char *line)
{
    return pd_test_split(h, line, ',', 1);
}

/* The name of the profile detected for line, or NULL. */
static const char *
detect(enum pd_kind kind, const char *line, struct pd_err *err)
{
    struct pd_test_rec h;
    const struct pd_profile *p;

    header_split(&h, line);
    pd_err_clear(err);
    p = pd_profile_detect(pd_profiles, kind, &h.rec, err);
    return p ? p->name : NULL;
}

/* Issue 17: Fider's posts header (its csv.go), and the older spelling of
 * its testdata/more-ideas.csv, detected without a kind. */
static void
test_detect_fider(void **state)
{
    struct pd_err err = PD_ERR_INIT;
    (void)state;

    assert_string_equal(
        detect(PD_KIND_NONE,
               "number,title,description,created_at,created_by,votes_count,"
               "comments_count,status,responded_by,responded_at,response,"
               "original_number,original_title,tags",
               &err),
        "fider");
    assert_string_equal(
        detect(PD_KIND_REQUESTS,
               "number,title,description,created_on,created_by,"
               "total_supporters,total_comments,status,responded_by,"
               "responded_on,response,original_number,original_title,tags",
               &err),
        "fider");
    assert_null(detect(PD_KIND_REQUESTS, "Id,Created at,Via,Status", &err));
    assert_int_equal(pd_kind_parse("requests"), PD_KIND_REQUESTS);
    assert_string_equal(pd_kind_name(PD_KIND_REQUESTS), "requests");
}

static void
test_registry(void **state)
{
    size_t n = 0;
    (void)state;

    for (size_t i = 0; pd_profiles[i]; i++)
        n++;
    assert_int_equal(n, 19);
    assert_ptr_equal(pd_profile_find("amplitude"), &pd_profile_amplitude);
    assert_ptr_equal(pd_profile_find("fider"), &pd_profile_fider);
    assert_int_equal(pd_profile_fider.kind, PD_KIND_REQUESTS);
    assert_ptr_equal(pd_profile_find("pendo"), &pd_profile_pendo);
    assert_ptr_equal(pd_profile_find("pendo_nps"), &pd_profile_pendo_nps);
    assert_string_equal(pd_profile_pendo_nps.source, "pendo");
    assert_int_equal(pd_profile_mixpanel.kind, PD_KIND_USAGE);
    assert_int_equal(pd_profile_helpscout.kind, PD_KIND_NPS);
    assert_ptr_equal(pd_profile_find("delighted"), &pd_profile_delighted);
    assert_ptr_equal(pd_profile_find("surveymonkey"), &pd_profile_surveymonkey);
    assert_ptr_equal(pd_profile_find("typeform"), &pd_profile_typeform);
    assert_ptr_equal(pd_profile_find("qualtrics"), &pd_profile_qualtrics);
    assert_ptr_equal(pd_profile_find("zendesk"), &pd_profile_zendesk);
    assert_ptr_equal(pd_profile_find("freshdesk"), &pd_profile_freshdesk);
    assert_ptr_equal(pd_profile_find("jira"), &pd_profile_jira);
    assert_ptr_equal(pd_profile_find("hubspot"), &pd_profile_hubspot);
    assert_ptr_equal(pd_profile_find("crm"), &pd_profile_crm);
    assert_null(pd_profile_find("intercom"));
    assert_null(pd_profile_find(""));
    assert_int_equal(pd_profile_crm.kind, PD_KIND_ACCOUNTS);
    assert_int_equal(pd_profile_zendesk.kind, PD_KIND_TICKETS);
}

static void
test_field_names(void **state)
{
    (void)state;
    for (int f = 1; f < PD_F__COUNT; f++)
        assert_int_equal(pd_field_parse(pd_field_name((enum pd_field_id)f)), f);
    assert_string_equal(pd_field_name(PD_F_CREATED_AT), "created_at");
    assert_string_equal(pd_field_name(PD_F_EXTERNAL_ID), "external_id");
    assert_int_equal(pd_field_parse("requester_email"), PD_F_REQUESTER_EMAIL);
    assert_int_equal(pd_field_parse("none"), PD_F_NONE);
    assert_int_equal(pd_field_parse("Created_At"), PD_F_NONE);
    assert_int_equal(pd_field_parse("bogus"), PD_F_NONE);
}

static void
test_detect_tickets(void **state)
{
    static const struct {
        const char *header, *want;
    } cases[] = {
        {"Id,Requester,Requester email,Subject,Status,Priority,Via,"
         "Created at,Updated at",
         "zendesk"},
        /* the real Plum export (formats.md §1.1) */
        {"Id,Requester id,Group,Status,Priority,Via,Created at,Updated at,"
         "Assigned at,Initially assigned at,Solved at,Resolution time,"
         "Satisfaction Score,Reopens,Replies,"
         "Manual Tagging of Categories [list]",
         "zendesk"},
        /* header matching ignores case and punctuation */
        {"ID,REQUESTER_EMAIL,status,created-at", "zendesk"},
        {"Ticket ID,Subject,Status,Priority,Created time,Resolved time",
         "freshdesk"},
        {"Ticket ID,Ticket name,Ticket status,Pipeline,Priority,Create date",
         "hubspot"},
        {"Resumen,Clave de incidencia,Estado,Prioridad,Creada,Actualizada",
         "jira"},
        {"Summary,Issue key,Issue id,Status,Priority,Created,Updated", "jira"},
    };
    struct pd_err err = PD_ERR_INIT;
    (void)state;

    for (size_t i = 0; i < COUNT(cases); i++) {
        const char *got = detect(PD_KIND_NONE, cases[i].header, &err);
        if (!got || strcmp(got, cases[i].want) != 0)
            fail_msg("detect \"%s\": %s (%s)", cases[i].header,
                     got ? got : "NULL", err.msg);
        assert_int_equal(err.code, PD_E_OK);
        /* asking for tickets gives the same answer */
        got = detect(PD_KIND_TICKETS, cases[i].header, &err);
        assert_non_null(got);
        assert_string_equal(got, cases[i].want);
    }
}

static void
test_detect_accounts(void **state)
{
    const char *line = "Account ID,Account Name,Website";
    struct pd_err err = PD_ERR_INIT;
    const char *got;
    (void)state;

    /* Auto-detection never picks the accounts profile ... */
    assert_null(detect(PD_KIND_NONE, line, &err));
    assert_int_equal(err.code, PD_E_FORMAT);
    /* ... nor does asking for tickets ... */
    assert_null(detect(PD_KIND_TICKETS, line, &err));
    assert_int_equal(err.code, PD_E_FORMAT);
    assert_non_null(strstr(err.msg, "tickets"));
    /* ... but asking for accounts does. */
    got = detect(PD_KIND_ACCOUNTS, line, &err);
    assert_non_null(got);
    assert_string_equal(got, "crm");
    assert_int_equal(err.code, PD_E_OK);
    got =
        detect(PD_KIND_ACCOUNTS, "Record ID,Company name,Company owner", &err);
    assert_non_null(got);
    assert_string_equal(got, "crm");
    /* a tickets header is no accounts file */
    assert_null(detect(PD_KIND_ACCOUNTS,
                       "Ticket ID,Subject,Status,Created time", &err));
    assert_int_equal(err.code, PD_E_FORMAT);
    assert_non_null(strstr(err.msg, "accounts"));
}

static void
test_detect_unknown(void **state)
{
    struct pd_err err = PD_ERR_INIT;
    (void)state;

    assert_null(detect(PD_KIND_NONE, "respondent,score,comment", &err));
    assert_int_equal(err.code, PD_E_FORMAT);
    assert_non_null(strstr(err.msg, "unknown format"));
    assert_string_equal(err.detail, "header: respondent, score, comment");
    assert_true(err.hint[0] != '\0');
    assert_non_null(strstr(err.hint, "--profile"));

    /* a signature needs all its entries: "Id" alone is no Zendesk file */
    assert_null(detect(PD_KIND_NONE, "Id,Subject,Priority", &err));
    assert_int_equal(err.code, PD_E_FORMAT);
    assert_non_null(strstr(err.msg, "unknown format"));

    /* an empty header cell does not match anything */
    assert_null(detect(PD_KIND_NONE, ",,", &err));
    assert_int_equal(err.code, PD_E_FORMAT);
}

static void
test_binding_zendesk(void **state)
{
    struct pd_test_rec h;
    struct pd_binding b;
    struct pd_err err = PD_ERR_INIT;
    (void)state;

    header_split(&h, "Id,Requester,Requester email,Subject,Status,Priority,"
                     "Via,Created at,Updated at,Product Area [list],"
                     "Tags,Custom Thing");
    assert_int_equal(pd_binding_init(&b, &pd_profile_zendesk, &h.rec, &err), 0);
    assert_ptr_equal(b.profile, &pd_profile_zendesk);
    assert_int_equal(b.ncols, 12);

    assert_int_equal(b.field_col[PD_F_EXTERNAL_ID], 0);
    assert_int_equal(b.field_col[PD_F_REQUESTER_EMAIL], 2);
    assert_int_equal(b.field_col[PD_F_SUBJECT], 3);
    assert_int_equal(b.field_col[PD_F_STATUS], 4);
    assert_int_equal(b.field_col[PD_F_PRIORITY], 5);
    assert_int_equal(b.field_col[PD_F_CHANNEL], 6);
    assert_int_equal(b.field_col[PD_F_CREATED_AT], 7);
    assert_int_equal(b.field_col[PD_F_UPDATED_AT], 8);
    assert_int_equal(b.field_col[PD_F_PRODUCT_AREA], 9);
    assert_int_equal(b.field_col[PD_F_TAGS], 10);
    /* fields the header does not have */
    assert_int_equal(b.field_col[PD_F_SOLVED_AT], -1);
    assert_int_equal(b.field_col[PD_F_REOPENS], -1);
    assert_int_equal(b.field_col[PD_F_NONE], -1);
    assert_int_equal(b.field_col[PD_F_ACCOUNT_ID], -1);

    assert_int_equal(b.col_field[0], PD_F_EXTERNAL_ID);
    assert_int_equal(b.col_field[7], PD_F_CREATED_AT);
    /* issue 15: the requester's name has a column of its own */
    assert_int_equal(b.col_field[1], PD_F_REQUESTER_NAME);
    assert_int_equal(b.field_col[PD_F_REQUESTER_NAME], 1);
    /* unknown columns are extra */
    assert_int_equal(b.col_field[11], PD_F_NONE);
    assert_string_equal(b.col_name[11], "Custom Thing");
    assert_string_equal(b.col_name[9], "Product Area [list]");

    for (size_t i = 0; i < b.ncols; i++)
        assert_int_equal(b.col_list[i], i == 9);

    pd_binding_release(&b);
    assert_null(b.col_field);
    assert_null(b.col_name);
    assert_int_equal(b.ncols, 0);
}

static void
test_binding_duplicates(void **state)
{
    struct pd_test_rec h;
    struct pd_binding b;
    struct pd_err err = PD_ERR_INIT;
    (void)state;

    header_split(&h, "Resumen,Clave de incidencia,Creada,Comentario,Labels,"
                     "Comentario,Labels,Resumen,Comentario,,");
    assert_int_equal(pd_binding_init(&b, &pd_profile_jira, &h.rec, &err), 0);
    assert_int_equal(b.ncols, 11);

    /* repeated extra columns get unique names */
    assert_string_equal(b.col_name[3], "Comentario");
    assert_string_equal(b.col_name[5], "Comentario (2)");
    assert_string_equal(b.col_name[8], "Comentario (3)");
    assert_int_equal(b.col_field[3], PD_F_NONE);
    assert_int_equal(b.col_field[5], PD_F_NONE);
    assert_int_equal(b.col_field[8], PD_F_NONE);

    /* repeated tag columns all feed tags */
    assert_int_equal(b.col_field[4], PD_F_TAGS);
    assert_int_equal(b.col_field[6], PD_F_TAGS);
    assert_int_equal(b.field_col[PD_F_TAGS], 4);
    assert_string_equal(b.col_name[4], "Labels");
    assert_string_equal(b.col_name[6], "Labels (2)");

    /* any other repeated field keeps its first column; the rest is extra */
    assert_int_equal(b.col_field[0], PD_F_SUBJECT);
    assert_int_equal(b.col_field[7], PD_F_NONE);
    assert_int_equal(b.field_col[PD_F_SUBJECT], 0);
    assert_string_equal(b.col_name[7], "Resumen (2)");

    /* empty header cells are named "column", uniquely */
    assert_string_equal(b.col_name[9], "column");
    assert_string_equal(b.col_name[10], "column (2)");

    /* every name differs */
    for (size_t i = 0; i < b.ncols; i++)
        for (size_t j = i + 1; j < b.ncols; j++)
            if (strcmp(b.col_name[i], b.col_name[j]) == 0)
                fail_msg("columns %zu and %zu are both \"%s\"", i, j,
                         b.col_name[i]);
    pd_binding_release(&b);
}

static void
test_binding_missing_required(void **state)
{
    struct pd_test_rec h;
    struct pd_binding b;
    struct pd_err err = PD_ERR_INIT;
    (void)state;

    header_split(&h, "Id,Subject,Status,Via,Updated at");
    assert_int_equal(pd_binding_init(&b, &pd_profile_zendesk, &h.rec, &err),
                     -1);
    assert_int_equal(err.code, PD_E_FORMAT);
    assert_string_equal(err.msg, "missing required column 'Created at' "
                                 "(created_at) for profile 'zendesk'");
    /* the failed binding holds nothing */
    assert_null(b.col_field);
    assert_null(b.col_list);
    assert_null(b.col_name);
    assert_int_equal(b.ncols, 0);
    /* releasing it again is harmless */
    pd_binding_release(&b);

    header_split(&h, "Subject,Created at");
    assert_int_equal(pd_binding_init(&b, &pd_profile_zendesk, &h.rec, &err),
                     -1);
    assert_string_equal(err.msg, "missing required column 'Id' "
                                 "(external_id) for profile 'zendesk'");

    header_split(&h, "Account Name,Website");
    assert_int_equal(pd_binding_init(&b, &pd_profile_crm, &h.rec, &err), -1);
    assert_int_equal(err.code, PD_E_FORMAT);
    assert_string_equal(err.msg, "missing required column 'Account ID' "
                                 "(account_id) for profile 'crm'");
}

static void
test_mapping(void **state)
{
    static const char *const fields[] = {"external_id", "created_at", "subject",
                                         "tags"};
    static const char *const headers[] = {"Case Number", "Opened On", "Title",
                                          "Keywords"};
    struct pd_err err = PD_ERR_INIT;
    struct pd_profile *p;
    const struct pd_profile *candidates[16];
    const struct pd_profile *got;
    struct pd_test_rec h;
    struct pd_binding b;
    size_t n = 0;
    (void)state;

    p = pd_profile_from_mapping("salesforce", PD_KIND_TICKETS, fields, headers,
                                COUNT(fields), &err);
    assert_non_null(p);
    assert_int_equal(err.code, PD_E_OK);
    assert_string_equal(p->name, "salesforce");
    assert_int_equal(p->kind, PD_KIND_TICKETS);
    assert_true(p->from_config);
    assert_int_equal(p->ncolumns, 4);
    assert_string_equal(p->columns[0].header, "Case Number");
    assert_int_equal(p->columns[0].field, PD_F_EXTERNAL_ID);
    assert_string_equal(p->columns[3].header, "Keywords");
    assert_int_equal(p->columns[3].field, PD_F_TAGS);
    assert_int_equal(p->nrequired, 2);
    assert_int_equal(p->required[0], PD_F_EXTERNAL_ID);
    assert_int_equal(p->required[1], PD_F_CREATED_AT);

    /* A configured profile is found among the built-ins when all its
     * columns are present. */
    candidates[n++] = p;
    for (size_t i = 0; pd_profiles[i]; i++)
        if (n < COUNT(candidates) - 1)
            candidates[n++] = pd_profiles[i];
    candidates[n] = NULL;
    header_split(&h, "case_number,Opened On,TITLE,Keywords,Owner");
    got = pd_profile_detect(candidates, PD_KIND_NONE, &h.rec, &err);
    assert_ptr_equal(got, p);

    assert_int_equal(pd_binding_init(&b, p, &h.rec, &err), 0);
    assert_int_equal(b.field_col[PD_F_EXTERNAL_ID], 0);
    assert_int_equal(b.field_col[PD_F_CREATED_AT], 1);
    assert_int_equal(b.field_col[PD_F_SUBJECT], 2);
    assert_int_equal(b.field_col[PD_F_TAGS], 3);
    assert_int_equal(b.col_field[4], PD_F_NONE);
    pd_binding_release(&b);

    /* one column missing: the mapping does not match, Zendesk still can */
    header_split(&h, "Case Number,Title,Id,Status,Created at");
    got = pd_profile_detect(candidates, PD_KIND_NONE, &h.rec, &err);
    assert_ptr_equal(got, &pd_profile_zendesk);

    /* a missing required column names the mapped header */
    header_split(&h, "Case Number,Title");
    assert_int_equal(pd_binding_init(&b, p, &h.rec, &err), -1);
    assert_string_equal(err.msg, "missing required column 'Opened On' "
                                 "(created_at) for profile 'salesforce'");
    pd_profile_free(p);
}

static void
test_mapping_accounts(void **state)
{
    static const char *const fields[] = {"account_id", "name", "arr"};
    static const char *const headers[] = {"Cust No", "Customer", "Revenue"};
    struct pd_err err = PD_ERR_INIT;
    struct pd_profile *p;
    (void)state;

    p = pd_profile_from_mapping("erp", PD_KIND_ACCOUNTS, fields, headers,
                                COUNT(fields), &err);
    assert_non_null(p);
    assert_int_equal(p->kind, PD_KIND_ACCOUNTS);
    assert_int_equal(p->nrequired, 1);
    assert_int_equal(p->required[0], PD_F_ACCOUNT_ID);
    pd_profile_free(p);
    /* freeing NULL is allowed */
    pd_profile_free(NULL);
}

static void
test_mapping_unknown_field(void **state)
{
    static const char *const fields[] = {"external_id", "created_at",
                                         "requester_mail", "subject"};
    static const char *const headers[] = {"Case Number", "Opened On", "Email",
                                          "Title"};
    struct pd_err err = PD_ERR_INIT;
    struct pd_profile *p;
    (void)state;

    p = pd_profile_from_mapping("salesforce", PD_KIND_TICKETS, fields, headers,
                                COUNT(fields), &err);
    assert_null(p);
    assert_int_equal(err.code, PD_E_CONFIG);
    assert_non_null(strstr(err.msg, "unknown field 'requester_mail'"));
    assert_non_null(strstr(err.msg, "'salesforce'"));

    /* the first entry bad: nothing was copied yet */
    p = pd_profile_from_mapping("x", PD_KIND_TICKETS, fields + 2, headers + 2,
                                1, &err);
    assert_null(p);
    assert_int_equal(err.code, PD_E_CONFIG);
}

/* Regressions found 2026-11-23 by review: a column named like a generated
 * suffix collided with it; a mapping without the key fields was accepted. */
static void
test_regression_2026_11_23(void **state)
{
    static const char *const fields[] = {"external_id", "subject"};
    static const char *const headers[] = {"Case", "Title"};
    struct pd_test_rec h;
    struct pd_binding b;
    struct pd_err err = PD_ERR_INIT;
    struct pd_profile *p;
    (void)state;

    header_split(&h, "Id,Created at,X (2),X");
    assert_int_equal(pd_binding_init(&b, &pd_profile_zendesk, &h.rec, &err), 0);
    assert_string_equal(b.col_name[2], "X (2)");
    assert_string_equal(b.col_name[3], "X");
    pd_binding_release(&b);
    header_split(&h, "Id,Created at,X,X (2),X");
    assert_int_equal(pd_binding_init(&b, &pd_profile_zendesk, &h.rec, &err), 0);
    assert_string_equal(b.col_name[3], "X (2)");
    assert_string_equal(b.col_name[4], "X (3)");
    pd_binding_release(&b);

    p = pd_profile_from_mapping("sf", PD_KIND_TICKETS, fields, headers, 2,
                                &err);
    assert_null(p);
    assert_int_equal(err.code, PD_E_CONFIG);
    assert_non_null(strstr(err.msg, "maps no 'created_at'"));
}

/* A header of n columns, every one named name (fields share the text). */
static struct pd_record
repeated_header(const char *name, size_t n)
{
    struct pd_record h;
    struct pd_field *f = calloc(n, sizeof(*f));

    assert_non_null(f);
    for (size_t i = 0; i < n; i++) {
        f[i].s = name;
        f[i].len = strlen(name);
    }
    memset(&h, 0, sizeof(h));
    h.fields = f;
    h.nfields = n;
    h.line = 1;
    return h;
}

/* Regressions found 2026-12-05 by review (issue 12 item 3): repeated
 * header names took cubic time (4000 columns named x: 77 s), and 512
 * columns was the most a file could map.  16 384 columns bind, each with
 * today's unique name, at once; one more rejects the file with a reason. */
static void
test_regression_2026_12_05_wide_headers(void **state)
{
    struct pd_record h = repeated_header("x", PD_BINDING_MAX_COLS + 1);
    struct pd_binding b;
    struct pd_err err = PD_ERR_INIT;
    char want[32];
    (void)state;

    /* Zendesk's columns last: matching reaches past the old 512. */
    h.fields[PD_BINDING_MAX_COLS - 3].s = "Via";
    h.fields[PD_BINDING_MAX_COLS - 3].len = 3;
    h.fields[PD_BINDING_MAX_COLS - 2].s = "Id";
    h.fields[PD_BINDING_MAX_COLS - 2].len = 2;
    h.fields[PD_BINDING_MAX_COLS - 1].s = "Created at";
    h.fields[PD_BINDING_MAX_COLS - 1].len = 10;
    h.nfields = PD_BINDING_MAX_COLS;
    assert_ptr_equal(pd_profile_detect(pd_profiles, PD_KIND_NONE, &h, &err),
                     &pd_profile_zendesk);
    assert_int_equal(pd_binding_init(&b, &pd_profile_zendesk, &h, &err), 0);
    assert_int_equal(b.ncols, PD_BINDING_MAX_COLS);
    assert_string_equal(b.col_name[0], "x");
    assert_string_equal(b.col_name[1], "x (2)");
    for (size_t i = 1; i < PD_BINDING_MAX_COLS - 3; i++) {
        snprintf(want, sizeof(want), "x (%zu)", i + 1);
        assert_string_equal(b.col_name[i], want);
    }
    assert_int_equal(b.field_col[PD_F_EXTERNAL_ID], PD_BINDING_MAX_COLS - 2);
    assert_int_equal(b.field_col[PD_F_CREATED_AT], PD_BINDING_MAX_COLS - 1);
    pd_binding_release(&b);

    /* One column more: the file is rejected, and says why. */
    h.fields[PD_BINDING_MAX_COLS].s = "x";
    h.nfields = PD_BINDING_MAX_COLS + 1;
    pd_err_clear(&err);
    assert_int_equal(pd_binding_init(&b, &pd_profile_zendesk, &h, &err), -1);
    assert_int_equal(err.code, PD_E_LIMIT);
    assert_string_equal(err.msg, "header has 16385 columns, more than 16384");
    pd_err_clear(&err);
    assert_null(pd_profile_detect(pd_profiles, PD_KIND_NONE, &h, &err));
    assert_int_equal(err.code, PD_E_LIMIT);
    assert_string_equal(err.msg, "header has 16385 columns, more than 16384");
    free(h.fields);
}

/* Issue 17: releases are only read when asked for; our CSV and a Jira
 * version export are told apart by their columns. */
static void
test_releases_detect(void **state)
{
    struct pd_err err = PD_ERR_INIT;
    const char *csv = "name,date,product area,events,flag,link";
    const char *jira = "Name,Status,Start date,Release date,Description";
    (void)state;

    assert_null(detect(PD_KIND_NONE, csv, &err));
    assert_string_equal(detect(PD_KIND_RELEASES, csv, &err), "releases");
    assert_string_equal(detect(PD_KIND_RELEASES, jira, &err), "jira_versions");
    assert_string_equal(
        detect(PD_KIND_RELEASES, "Name,Release date,Events", &err), "releases");
    assert_null(detect(PD_KIND_RELEASES, "Id,Subject,Created at", &err));
    assert_int_equal(pd_kind_parse("releases"), PD_KIND_RELEASES);
    assert_string_equal(pd_kind_name(PD_KIND_RELEASES), "releases");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_registry),
        cmocka_unit_test(test_detect_fider),
        cmocka_unit_test(test_field_names),
        cmocka_unit_test(test_detect_tickets),
        cmocka_unit_test(test_detect_accounts),
        cmocka_unit_test(test_detect_unknown),
        cmocka_unit_test(test_binding_zendesk),
        cmocka_unit_test(test_binding_duplicates),
        cmocka_unit_test(test_binding_missing_required),
        cmocka_unit_test(test_mapping),
        cmocka_unit_test(test_mapping_accounts),
        cmocka_unit_test(test_mapping_unknown_field),
        cmocka_unit_test(test_regression_2026_11_23),
        cmocka_unit_test(test_regression_2026_12_05_wide_headers),
        cmocka_unit_test(test_releases_detect),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
