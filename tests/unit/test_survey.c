/*
 * test_survey - survey header rows (formats.md §2): SurveyMonkey's two rows
 * combined, Qualtrics detection and time zone, the NPS question and its
 * follow-up found by wording, Qualtrics NPS groups.  The rows below are
 * shaped like the corpus exports (2022_anc.csv, the W241 Qualtrics file)
 * with invented text; the last tests read the real files when
 * ../shared/corpus is present (PRODOPS_SHARED overrides) and skip
 * otherwise.
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
#include <unistd.h>

#include <cmocka.h>
/* clang-format on */

#include "common/arena.h"
#include "extract/csv_reader.h"
#include "extract/source.h"
#include "transform/survey.h"

#define COUNT(t) (sizeof(t) / sizeof((t)[0]))
#define ROW(...) ((const char *const[]){__VA_ARGS__, NULL})

enum { MAX_CELLS = 64 };

/* A record over a NULL-terminated list of literals. */
struct row {
    struct pd_field f[MAX_CELLS];
    struct pd_record r;
};

static const struct pd_record *
mk(struct row *x, const char *const *cells)
{
    size_t n = 0;

    memset(x, 0, sizeof(*x));
    for (; cells[n] != NULL; n++) {
        assert_true(n < MAX_CELLS);
        x->f[n].s = cells[n];
        x->f[n].len = strlen(cells[n]);
    }
    x->r.fields = x->f;
    x->r.nfields = n;
    x->r.line = 1;
    return &x->r;
}

/* ---- SurveyMonkey ------------------------------------------------------ */

/* The fixed columns of 2022_anc.csv, then question blocks of each kind. */
static const char *const sm_row1[] = {
    "Respondent ID",
    "Collector ID",
    "Start Date",
    "End Date",
    "IP Address",
    "Email Address",
    "First Name",
    "Last Name",
    "Custom Data 1",
    "Contact information",
    "",
    "",
    "Which ward do you live in?",
    "What should the city build next?",
    "Rank these projects:",
    "",
    "",
    "Favourite season?",
    "",
    "What was yesterday&apos;s best &amp; worst moment?",
    "Is 5 &lt; 7 &amp;&amp; &quot;yes&quot;? &#39;Sure&#x27; caf&#233;",
    "How did you\r\nhear   about us? ",
    "Any comments?",
    "Any comments?",
    "Any comments? (2)",
    NULL};
static const char *const sm_row2[] = {
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "Name",
    "Email",
    "Fundraising link (if not, write \"N/A\")",
    "Response",
    "Open-Ended Response",
    "Parks and public art",
    "A bike share station",
    "Streets &amp; sidewalks",
    "Response",
    "Other (please specify)",
    "Open-Ended Response",
    "Response",
    "Response",
    "Open-Ended Response",
    "Open-Ended Response",
    "Open-Ended Response",
    NULL};
static const char *const sm_want[] = {
    "Respondent ID",
    "Collector ID",
    "Start Date",
    "End Date",
    "IP Address",
    "Email Address",
    "First Name",
    "Last Name",
    "Custom Data 1",
    "Contact information - Name",
    "Contact information - Email",
    "Contact information - Fundraising link (if not, write \"N/A\")",
    "Which ward do you live in?",
    "What should the city build next?",
    "Rank these projects: - Parks and public art",
    "Rank these projects: - A bike share station",
    "Rank these projects: - Streets & sidewalks",
    "Favourite season?",
    "Favourite season? - Other (please specify)",
    "What was yesterday's best & worst moment?",
    "Is 5 < 7 && \"yes\"? 'Sure' caf\xc3\xa9",
    "How did you hear about us?",
    "Any comments?",
    "Any comments? (2)",
    "Any comments? (2) (2)",
    NULL};

static void
test_is_surveymonkey(void **state)
{
    struct row x;
    (void)state;

    assert_true(pd_survey_is_surveymonkey(mk(&x, sm_row1)));
    /* Header keys: case and spacing do not matter. */
    assert_true(pd_survey_is_surveymonkey(
        mk(&x, ROW("respondent_id", "COLLECTOR ID", "start date", "EndDate"))));
    assert_false(pd_survey_is_surveymonkey(
        mk(&x, ROW("Respondent ID", "Collector ID", "Start Date"))));
    assert_false(pd_survey_is_surveymonkey(mk(
        &x, ROW("Collector ID", "Respondent ID", "Start Date", "End Date"))));
    assert_false(pd_survey_is_surveymonkey(mk(&x, sm_row2)));
    assert_false(pd_survey_is_surveymonkey(
        mk(&x, ROW("StartDate", "EndDate", "Status", "ResponseId"))));
}

static void
test_combine_surveymonkey(void **state)
{
    struct row x1, x2;
    struct pd_record out;
    struct pd_arena a;
    (void)state;

    pd_arena_init(&a, 0);
    assert_int_equal(
        pd_survey_combine(mk(&x1, sm_row1), mk(&x2, sm_row2), &a, &out), 0);
    assert_int_equal(out.nfields, COUNT(sm_want) - 1);
    for (size_t i = 0; i < out.nfields; i++) {
        if (strcmp(out.fields[i].s, sm_want[i]) != 0 ||
            out.fields[i].len != strlen(sm_want[i]))
            fail_msg("column %zu: \"%s\", want \"%s\"", i, out.fields[i].s,
                     sm_want[i]);
    }
    assert_int_equal(out.line, 1);
    assert_null(out.reject);
    pd_arena_release(&a);
}

/* Ragged rows, blanks, the generic sub-labels without a question, and
 * entities that are not ours. */
static void
test_combine_edges(void **state)
{
    /* Not static: the ROW() compound literals are block-scoped. */
    const struct {
        const char *const *row1, *const *row2, *const *want;
    } cases[] = {
        /* row 2 longer: the last question continues */
        {ROW("Q"), ROW("Response", "Other (please specify)"),
         ROW("Q", "Q - Other (please specify)")},
        /* row 1 longer: blank sub-labels */
        {ROW("A", "B", ""), ROW("Response"), ROW("A", "B", "B (2)")},
        /* no question yet: the sub-label alone, "column" when both blank */
        {ROW("", "", "", "X"), ROW("Name", "", "Response", "Response"),
         ROW("Name", "column", "Response", "X")},
        {ROW(" ", "\t"), ROW("", ""), ROW("column", "column (2)")},
        /* "exactly": other spellings are kept as sub-labels */
        {ROW("Q", "R"), ROW("response", "Open-ended response"),
         ROW("Q - response", "R - Open-ended response")},
        /* not entities: unknown name, NUL, no semicolon, surrogate */
        {ROW("a &foo; b", "&#0;", "x &amp y", "&#xD800;", "&#;", "&#x;"),
         ROW("", "", "", "", "", ""),
         ROW("a &foo; b", "&#0;", "x &amp y", "&#xD800;", "&#;", "&#x;")},
        /* entities that are whitespace, NBSP, emoji by number */
        {ROW("a&#10;&#10;b&nbsp;c\xc2\xa0\xc2\xa0\x64", "&#128512;&#x1F600;"),
         ROW("", ""), ROW("a b c d", "\xf0\x9f\x98\x80\xf0\x9f\x98\x80")},
        /* a name that is already "X (2)" pushes the suffix on */
        {ROW("X (2)", "X", "X"), ROW("", "", ""), ROW("X (2)", "X", "X (3)")},
    };
    (void)state;

    for (size_t c = 0; c < COUNT(cases); c++) {
        struct row x1, x2;
        struct pd_record out;
        struct pd_arena a;
        size_t n = 0;

        pd_arena_init(&a, 0);
        assert_int_equal(pd_survey_combine(mk(&x1, cases[c].row1),
                                           mk(&x2, cases[c].row2), &a, &out),
                         0);
        while (cases[c].want[n])
            n++;
        if (out.nfields != n)
            fail_msg("case %zu: %zu fields, want %zu", c, out.nfields, n);
        for (size_t i = 0; i < n; i++)
            if (strcmp(out.fields[i].s, cases[c].want[i]) != 0)
                fail_msg("case %zu column %zu: \"%s\", want \"%s\"", c, i,
                         out.fields[i].s, cases[c].want[i]);
        pd_arena_release(&a);
    }
}

static void
test_combine_empty_and_null(void **state)
{
    struct row x1, x2;
    struct pd_record out;
    struct pd_arena a;
    (void)state;

    pd_arena_init(&a, 0);
    assert_int_equal(
        pd_survey_combine(mk(&x1, ROW(NULL)), mk(&x2, ROW(NULL)), &a, &out),
        -1);
    assert_int_equal(out.nfields, 0);
    assert_null(out.fields);
    /* row2 NULL: row 1 alone, cleaned and unique */
    assert_int_equal(
        pd_survey_combine(mk(&x1, ROW("A", "", " A ")), NULL, &a, &out), 0);
    assert_int_equal(out.nfields, 3);
    assert_string_equal(out.fields[0].s, "A");
    assert_string_equal(out.fields[1].s, "A (2)");
    assert_string_equal(out.fields[2].s, "A (3)");
    pd_arena_release(&a);
}

/* A 2000-byte question is cut (at a character boundary) before the
 * sub-label is added, so the matrix rows stay distinct. */
static void
test_combine_long(void **state)
{
    static char q[2001];
    struct row x1, x2;
    struct pd_record out;
    struct pd_arena a;
    (void)state;

    for (size_t i = 0; i < 2000; i += 2)
        memcpy(q + i, "\xc3\xa9", 2); /* é */
    q[2000] = '\0';
    pd_arena_init(&a, 0);
    assert_int_equal(pd_survey_combine(mk(&x1, ROW(q, "")),
                                       mk(&x2, ROW("Speed", "Price")), &a,
                                       &out),
                     0);
    for (size_t i = 0; i < 2; i++) {
        const char *s = out.fields[i].s;
        size_t n = out.fields[i].len;
        assert_true(n < PD_SURVEY_NAME_MAX);
        assert_true(strstr(s, "\xc3\xa9 - ") != NULL);
        assert_int_equal(strlen(s), n);
    }
    assert_string_equal(out.fields[0].s + out.fields[0].len - 8, " - Speed");
    assert_string_equal(out.fields[1].s + out.fields[1].len - 8, " - Price");
    pd_arena_release(&a);
}

/* Regression found 2026-12-05 by review (issue 12 item 3): a question
 * repeated over 16 384 columns took quadratic time to name uniquely. */
static void
test_regression_2026_12_05_repeated_questions(void **state)
{
    enum { N = 16384 };
    struct pd_field *f = calloc(N, sizeof(*f));
    struct pd_record row1, out;
    struct pd_arena a;
    char want[32];
    (void)state;

    assert_non_null(f);
    for (size_t i = 0; i < N; i++) {
        f[i].s = "x";
        f[i].len = 1;
    }
    memset(&row1, 0, sizeof(row1));
    row1.fields = f;
    row1.nfields = N;
    pd_arena_init(&a, 0);
    assert_int_equal(pd_survey_combine(&row1, NULL, &a, &out), 0);
    assert_int_equal(out.nfields, N);
    assert_string_equal(out.fields[0].s, "x");
    for (size_t i = 1; i < N; i++) {
        snprintf(want, sizeof(want), "x (%zu)", i + 1);
        assert_string_equal(out.fields[i].s, want);
    }
    pd_arena_release(&a);
    free(f);
}

/* ---- Qualtrics --------------------------------------------------------- */

static const char *const q_row1[] = {"StartDate",    "EndDate",
                                     "Status",       "IPAddress",
                                     "Progress",     "Duration (in seconds)",
                                     "Finished",     "RecordedDate",
                                     "ResponseId",   "RecipientLastName",
                                     "UserLanguage", "Q1",
                                     "Q1_NPS_GROUP", "Q2",
                                     "Q3_TEXT",      NULL};
static const char *const q_row2[] = {
    "Start Date",
    "End Date",
    "Response Type",
    "IP Address",
    "Progress",
    "Duration (in seconds)",
    "Finished",
    "Recorded Date",
    "Response ID",
    "Recipient Last Name",
    "User Language",
    "Thanks!\nHow likely are you to recommend Acme to a friend?",
    "Thanks!\nHow likely are you to recommend Acme to a friend? - Group",
    "What is the main reason for your score?",
    "Other - Text",
    NULL};
static const char *const q_row3[] = {
    "{\"ImportId\":\"startDate\",\"timeZone\":\"America/Denver\"}",
    "{\"ImportId\":\"endDate\",\"timeZone\":\"America/Denver\"}",
    "{\"ImportId\":\"status\"}",
    "{\"ImportId\":\"ipAddress\"}",
    "{\"ImportId\":\"progress\"}",
    "{\"ImportId\":\"duration\"}",
    "{\"ImportId\":\"finished\"}",
    "{\"ImportId\":\"recordedDate\",\"timeZone\":\"America/Denver\"}",
    "{\"ImportId\":\"_recordId\"}",
    "{\"ImportId\":\"recipientLastName\"}",
    "{\"ImportId\":\"userLanguage\"}",
    "{\"ImportId\":\"QID7\"}",
    "{\"ImportId\":\"QID7_NPS_GROUP\"}",
    "{\"ImportId\":\"QID8_TEXT\"}",
    "{\"ImportId\":\"QID9\",\"choiceId\":\"4\"}",
    NULL};

static void
test_is_qualtrics(void **state)
{
    struct row x1, x2;
    (void)state;

    assert_true(pd_survey_is_qualtrics(mk(&x1, q_row1)));
    assert_true(pd_survey_is_qualtrics(mk(&x1, q_row2))); /* documented */
    assert_true(
        pd_survey_is_qualtrics(mk(&x1, ROW("ResponseId", "RecordedDate"))));
    assert_false(pd_survey_is_qualtrics(mk(&x1, ROW("ResponseId", "Q1"))));
    assert_false(pd_survey_is_qualtrics(mk(&x1, sm_row1)));
    assert_false(pd_survey_is_qualtrics(mk(&x1, q_row3)));
    assert_false(pd_survey_is_surveymonkey(mk(&x1, q_row1)));

    /* Legacy: ids on row 1 (API) or under V1, V2, … (web). */
    static const char *const legacy[] = {
        "ResponseID", "ResponseSet", "IPAddress", "StartDate", "EndDate",
        "Finished",   "Status",      "Q1",        NULL};
    assert_false(pd_survey_is_qualtrics(mk(&x1, legacy)));
    assert_int_equal(pd_survey_qualtrics_legacy(mk(&x1, legacy), NULL), 0);
    assert_int_equal(pd_survey_qualtrics_legacy(
                         mk(&x1, ROW("V1", "V2", "V3", "Q1")), mk(&x2, legacy)),
                     1);
    /* R's write.csv names columns V1, V2 too: not Qualtrics alone. */
    assert_int_equal(pd_survey_qualtrics_legacy(mk(&x1, ROW("V1", "V2", "V3")),
                                                mk(&x2, ROW("1", "2", "3"))),
                     -1);
    assert_int_equal(pd_survey_qualtrics_legacy(mk(&x1, ROW("V1", "V2")), NULL),
                     -1);
    assert_int_equal(
        pd_survey_qualtrics_legacy(mk(&x1, q_row1), mk(&x2, q_row2)), -1);
}

static void
test_import_row(void **state)
{
    struct row x;
    (void)state;

    assert_true(pd_survey_is_qualtrics_import_row(mk(&x, q_row3)));
    assert_false(pd_survey_is_qualtrics_import_row(mk(&x, q_row1)));
    assert_false(pd_survey_is_qualtrics_import_row(mk(&x, q_row2)));
    /* empties do not count; leading spaces are ignored */
    assert_true(pd_survey_is_qualtrics_import_row(mk(
        &x, ROW("", "  {\"ImportId\":\"QID1\"}", "", "x", " {\"ImportId\""))));
    /* half is not most */
    assert_false(pd_survey_is_qualtrics_import_row(
        mk(&x, ROW("{\"ImportId\":\"QID1\"}", "2020-07-17 18:52:45"))));
    assert_false(pd_survey_is_qualtrics_import_row(mk(&x, ROW("", " "))));
    assert_false(pd_survey_is_qualtrics_import_row(mk(&x, ROW(NULL))));
    /* a data row: the prefix is case- and spacing-exact */
    assert_false(pd_survey_is_qualtrics_import_row(
        mk(&x, ROW("{\"importid\":\"x\"}", "{ \"ImportId\":\"x\"}"))));
}

static void
test_timezone(void **state)
{
    const struct {
        const char *const *row3;
        const char *want; /* NULL: none */
    } cases[] = {
        {q_row3, "America/Denver"},
        {ROW("{\"ImportId\":\"startDate\",\"timeZone\":\"Z\"}"), "UTC"},
        /* missing zone on every date column */
        {ROW("{\"ImportId\":\"startDate\"}", "{\"ImportId\":\"endDate\"}",
             "{\"ImportId\":\"_recordId\"}"),
         NULL},
        /* only a non-date column has one */
        {ROW("{\"ImportId\":\"startDate\"}",
             "{\"ImportId\":\"QID3\",\"timeZone\":\"Europe/Paris\"}"),
         NULL},
        /* the first date column with a zone, in column order */
        {ROW("{\"ImportId\":\"startDate\"}",
             "{\"ImportId\":\"recordedDate\",\"timeZone\":\"Asia/Kolkata\"}",
             "{\"ImportId\":\"endDate\",\"timeZone\":\"Europe/Paris\"}"),
         "Asia/Kolkata"},
        /* key order, spacing, escapes, other members */
        {ROW("{ \"timeZone\" : \"America\\/Argentina\\/Buenos_Aires\" , "
             "\"x\":{\"a\":[1,\"}\",{}]}, \"n\": 12.5, \"b\": true, "
             "\"ImportId\" : \"endDate\" }"),
         "America/Argentina/Buenos_Aires"},
        {ROW("{\"ImportId\":\"st\\u0061rtDate\",\"timeZone\":\"Etc/GMT+5\"}"),
         "Etc/GMT+5"},
        /* unusable: empty, bad characters, too long, not a string */
        {ROW("{\"ImportId\":\"startDate\",\"timeZone\":\"\"}"), NULL},
        {ROW("{\"ImportId\":\"startDate\",\"timeZone\":\"New York\"}"), NULL},
        {ROW("{\"ImportId\":\"startDate\",\"timeZone\":\"America/"
             "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
             "\"}"),
         NULL},
        {ROW("{\"ImportId\":\"startDate\",\"timeZone\":7}"), NULL},
        /* malformed JSON */
        {ROW("{\"ImportId\":\"startDate\",\"timeZone\":\"UTC"), NULL},
        {ROW("{\"ImportId\":\"startDate\" \"timeZone\":\"UTC\"}"), NULL},
        {ROW("{\"ImportId\":\"startDate\",\"timeZone\":\"U\\qTC\"}"), NULL},
        {ROW("{\"ImportId\":\"startDate\",\"timeZone\":\"U\\u00\"}"), NULL},
        {ROW("startDate", "America/Denver", "", "{", "{\"", "\"ImportId\""),
         NULL},
        {ROW(NULL), NULL},
    };
    (void)state;

    for (size_t c = 0; c < COUNT(cases); c++) {
        struct row x;
        struct pd_arena a;
        const char *tz;

        pd_arena_init(&a, 0);
        tz = pd_survey_qualtrics_timezone(mk(&x, cases[c].row3), &a);
        if (cases[c].want == NULL && tz != NULL)
            fail_msg("case %zu: \"%s\", want none", c, tz);
        if (cases[c].want != NULL &&
            (tz == NULL || strcmp(tz, cases[c].want) != 0))
            fail_msg("case %zu: \"%s\", want \"%s\"", c, tz ? tz : "(none)",
                     cases[c].want);
        pd_arena_release(&a);
    }
}

/* ---- NPS question ------------------------------------------------------ */

/* Each phrasing as column 2 of id, email, <question>, follow-up. */
static const char *const nps_yes[] = {
    /* en */
    "How likely are you to recommend Acme to a friend or colleague?",
    "On a scale from 0-10, how likely is it that you would recommend us?",
    "HOW LIKELY WOULD YOU BE TO RECOMMEND THIS PRODUCT?",
    "Likelihood to recommend",
    "What is the likelihood that you would recommend Acme to a friend?",
    /* es */
    "\xc2\xbfQu\xc3\xa9 tan probable es que recomiendes Acme a un amigo?",
    "\xc2\xbf\x43on qu\xc3\xa9 probabilidad recomendar\xc3\xad\x61s Acme?",
    "Del 0 al 10, \xc2\xbfqu\xc3\xa9 probabilidad hay de que nos recomiende?",
    /* fr */
    "Quelle est la probabilit\xc3\xa9 que vous recommandiez Acme \xc3\xa0 un ami ?",
    "QUELLE EST LA PROBABILIT\xc3\x89 QUE VOUS RECOMMANDIEZ ACME ?",
    /* de */
    "Wie wahrscheinlich ist es, dass Sie Acme einem Freund weiterempfehlen?",
    "Wie wahrscheinlich ist es, dass du uns empfiehlst?",
    "Weiterempfehlungswahrscheinlichkeit",
    /* pt */
    "Qual a probabilidade de voc\xc3\xaa recomendar a Acme a um amigo?",
    "Qu\xc3\xa3o prov\xc3\xa1vel \xc3\xa9 que voc\xc3\xaa recomende a Acme?",
    "QU\xc3\x83O PROV\xc3\x81VEL \xc3\x89 QUE VOC\xc3\x8a NOS RECOMENDARIA?",
    /* it */
    "Quanto \xc3\xa8 probabile che tu consigli Acme a un amico?",
    "Con quale probabilit\xc3\xa0 raccomanderesti Acme a un collega?",
    "Quanto \xc3\xa8 probabile che consiglieresti Acme?",
    /* nl */
    "Hoe waarschijnlijk is het dat u Acme zou aanbevelen aan een vriend?",
    "Hoe waarschijnlijk is het dat je Acme aan anderen zou aanraden?",
    "Hoe waarschijnlijk is het dat u ons aanbeveelt?",
};

/* Decided: without a likelihood word a "recommend" question is yes/no or
 * about something else, and a likelihood question without "recommend" is
 * not NPS. */
static const char *const nps_no[] = {
    "How likely are you to renew?",
    "Would you recommend a colleague for promotion? (comment)",
    "Would you recommend us to a friend?",
    "\xc2\xbfRecomendar\xc3\xad\x61s Acme?",
    "Wie wahrscheinlich ist ein Kauf?",
    "It is unlikely that I recommend it", /* "unlikely" is no likelihood */
    "Improbable, but would you recommend it?",
    "NPS_GROUP",
    "Score",
    "",
};

static void
test_nps_phrasings(void **state)
{
    (void)state;

    for (size_t i = 0; i < COUNT(nps_yes); i++) {
        struct row x;
        int col = pd_survey_nps_column(
            mk(&x, ROW("id", "email", nps_yes[i], "Why?")), NULL);
        if (col != 2)
            fail_msg("\"%s\": column %d, want 2", nps_yes[i], col);
    }
    for (size_t i = 0; i < COUNT(nps_no); i++) {
        struct row x;
        int col = pd_survey_nps_column(
            mk(&x, ROW("id", "email", nps_no[i], "Why?")), NULL);
        if (col != -1)
            fail_msg("\"%s\": column %d, want -1", nps_no[i], col);
    }
}

static void
test_nps_column_choice(void **state)
{
    const struct {
        const char *const *names, *const *texts;
        int want;
    } cases[] = {
        /* Qualtrics: the group shares the question text but is never the
         * score, nor are _TEXT and _DO columns, in any case */
        {q_row1, q_row2, 11},
        {ROW("ResponseId", "Q1_NPS_GROUP", "Q1"),
         ROW("Response ID", "How likely to recommend us?",
             "How likely to recommend us?"),
         2},
        {ROW("Q1_NPS_GROUP", "Q1_TEXT", "Q1_DO", "q1_nps_group"),
         ROW("How likely to recommend us?", "How likely to recommend us?",
             "How likely to recommend us?", "How likely to recommend us?"),
         -1},
        {ROW("Q1_NPS_GROUP"), NULL, -1},
        /* names alone (texts NULL), and a blank text falls back to it */
        {ROW("#", "How likely are you to recommend Acme?", "Email"), NULL, 1},
        {ROW("Q1", "Q2"), ROW("Age", ""), -1},
        {ROW("Q1", "How likely are you to recommend Acme?"), ROW("Age", " "),
         1},
        /* a question with a comment word loses to one without */
        {ROW("How likely are you to recommend us, and why?",
             "How likely are you to recommend us?"),
         NULL, 1},
        {ROW("How likely are you to recommend us, and why?", "Other"), NULL, 0},
        /* leftmost of equals */
        {ROW("x", "How likely to recommend A?", "How likely to recommend B?"),
         NULL, 1},
        /* names like NPS columns only when no wording matches */
        {ROW("", "id", "nps", "satisfaction", "intention", "explication"), NULL,
         2},
        {ROW("user_id", "text", "NPS_Score"), NULL, 2},
        {ROW("Net Promoter Score", "How likely to recommend us?"), NULL, 1},
        {ROW("NPS Rating", "NPS"), NULL, 0},
        {ROW(NULL), NULL, -1},
    };
    (void)state;

    for (size_t c = 0; c < COUNT(cases); c++) {
        struct row xn, xt;
        int col = pd_survey_nps_column(mk(&xn, cases[c].names),
                                       cases[c].texts ? mk(&xt, cases[c].texts)
                                                      : NULL);
        if (col != cases[c].want)
            fail_msg("case %zu: column %d, want %d", c, col, cases[c].want);
    }
}

static void
test_comment_column(void **state)
{
    const struct {
        const char *const *names, *const *texts;
        int nps, want;
    } cases[] = {
        {q_row1, q_row2, 11, 13},
        /* first right of the NPS column beats a left one */
        {ROW("Why did you sign up?", "How likely to recommend?", "Other",
             "What is the main reason for your score?", "Any other comments?"),
         NULL, 1, 3},
        /* only left of it: the leftmost */
        {ROW("Comments", "Reason", "How likely to recommend?"), NULL, 2, 0},
        /* no NPS column: the leftmost */
        {ROW("a", "Explain your answer", "Why?"), NULL, -1, 1},
        /* the NPS column itself and its group are never the comment */
        {ROW("Q1", "Q1_NPS_GROUP", "Q1_DO"),
         ROW("How likely to recommend? Why?", "Why - Group", "Why - order"), 0,
         -1},
        /* wording in the question beats a name */
        {ROW("user_id", "text", "NPS_Score", "Feedback?"), NULL, 2, 3},
        {ROW("user_id", "text", "NPS_Score"), NULL, 2, 1},
        {ROW("", "id", "nps", "satisfaction", "intention", "explication"), NULL,
         2, 5},
        /* languages */
        {ROW("NPS", "\xc2\xbf\x43u\xc3\xa1l es el motivo principal?"), NULL, 0,
         1},
        {ROW("NPS", "\xc2\xbfPor qu\xc3\xa9?"), NULL, 0, 1},
        {ROW("NPS", "Quelle est la raison principale de votre note ?"), NULL, 0,
         1},
        {ROW("NPS", "Pourquoi ?"), NULL, 0, 1},
        {ROW("NPS", "Was ist der Hauptgrund f\xc3\xbcr Ihre Bewertung?"), NULL,
         0, 1},
        {ROW("NPS", "Bitte erl\xc3\xa4utern Sie Ihre Antwort"), NULL, 0, 1},
        {ROW("NPS", "Qual \xc3\xa9 a raz\xc3\xa3o da sua nota?"), NULL, 0, 1},
        {ROW("NPS", "Perch\xc3\xa9 hai dato questo punteggio?"), NULL, 0, 1},
        {ROW("NPS", "Waarom geeft u dit cijfer?"), NULL, 0, 1},
        {ROW("NPS", "Wat is de belangrijkste reden?"), NULL, 0, 1},
        /* not comment words */
        {ROW("NPS", "How reasonable is the price?", "Whyte Avenue store",
             "Should this be an explicit goal?", "Renewal date"),
         NULL, 0, -1},
        {ROW(NULL), NULL, -1, -1},
    };
    (void)state;

    for (size_t c = 0; c < COUNT(cases); c++) {
        struct row xn, xt;
        int col = pd_survey_comment_column(
            mk(&xn, cases[c].names),
            cases[c].texts ? mk(&xt, cases[c].texts) : NULL, cases[c].nps);
        if (col != cases[c].want)
            fail_msg("case %zu: column %d, want %d", c, col, cases[c].want);
    }
}

static void
test_nps_group(void **state)
{
    static const struct {
        const char *in;
        int want;
    } cases[] = {
        {"1", 1},           {"2", 2},        {"3", 3},        {" 2 ", 2},
        {"Detractor", 1},   {"PASSIVE", 2},  {"promoter", 3}, {"Promoters", 3},
        {"detractors ", 1}, {"Passives", 2}, {"0", 0},        {"4", 0},
        {"10", 0},          {"2.0", 0},      {"", 0},         {"Promoterx", 0},
        {"Neutral", 0},     {"-1", 0},
    };
    (void)state;

    for (size_t c = 0; c < COUNT(cases); c++) {
        int g = pd_survey_nps_group_score(cases[c].in, strlen(cases[c].in));
        if (g != cases[c].want)
            fail_msg("\"%s\": %d, want %d", cases[c].in, g, cases[c].want);
    }
    /* only n bytes count */
    assert_int_equal(pd_survey_nps_group_score("3,Promoter", 1), 3);
    assert_int_equal(pd_survey_nps_group_score("Passive", 4), 0);
}

/* ---- the real exports -------------------------------------------------- */

struct corpus_file {
    struct pd_source *src;
    struct pd_csv_reader *r;
    struct pd_arena a; /* copies of the rows read so far */
};

/* Open ../shared/corpus/nps/NAME, or skip the test when it is absent. */
static void
corpus_open(struct corpus_file *cf, const char *name)
{
    const char *shared = getenv("PRODOPS_SHARED");
    char path[1024];
    struct pd_err err = PD_ERR_INIT;
    const char *member;

    if (snprintf(path, sizeof(path), "%s/corpus/nps/%s",
                 shared && *shared ? shared : "../shared",
                 name) >= (int)sizeof(path))
        fail_msg("corpus path too long");
    if (access(path, R_OK) != 0) {
        print_message("%s not found: skipped\n", path);
        skip();
    }
    cf->src = pd_source_open(path, &err);
    if (cf->src == NULL)
        fail_msg("%s: %s", path, err.msg);
    assert_int_equal(pd_source_next_member(cf->src, &member, &err), 1);
    cf->r = pd_csv_open(cf->src, NULL);
    pd_arena_init(&cf->a, 0);
}

/* The next record, copied into the file's arena (the reader's fields die
 * at the next pd_csv_next()). */
static void
corpus_row(struct corpus_file *cf, struct pd_record *out)
{
    struct pd_err err = PD_ERR_INIT;
    struct pd_record rec;

    if (pd_csv_next(cf->r, &rec, &err) != 1)
        fail_msg("cannot read a header row: %s", err.msg);
    *out = rec;
    out->raw = NULL; /* borrowed from the reader: gone after the next row */
    out->raw_len = 0;
    out->fields = pd_arena_alloc(&cf->a, rec.nfields * sizeof(*out->fields));
    for (size_t i = 0; i < rec.nfields; i++) {
        out->fields[i].s =
            pd_arena_strndup(&cf->a, rec.fields[i].s, rec.fields[i].len);
        out->fields[i].len = rec.fields[i].len;
    }
}

static void
corpus_close(struct corpus_file *cf)
{
    pd_csv_close(cf->r);
    assert_int_equal(pd_source_close(cf->src), 0);
    pd_arena_release(&cf->a);
}

static bool
starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool
ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

static void
test_corpus_surveymonkey(void **state)
{
    struct corpus_file cf;
    struct pd_record r1, r2, hdr;
    (void)state;

    corpus_open(&cf, "2022_anc.csv");
    corpus_row(&cf, &r1);
    corpus_row(&cf, &r2);
    assert_true(pd_survey_is_surveymonkey(&r1));
    assert_false(pd_survey_is_qualtrics(&r1));
    assert_false(pd_survey_is_qualtrics_import_row(&r2));
    assert_int_equal(pd_survey_combine(&r1, &r2, &cf.a, &hdr), 0);
    assert_int_equal(hdr.nfields, 41);
    assert_string_equal(hdr.fields[0].s, "Respondent ID");
    assert_string_equal(hdr.fields[8].s, "Custom Data 1");
    assert_string_equal(hdr.fields[9].s, "Contact information - Name");
    assert_string_equal(hdr.fields[10].s, "Contact information - Email");
    /* "Response" adds nothing */
    assert_true(ends_with(hdr.fields[13].s, "running:"));
    /* a matrix: question of column 18 plus each row's label */
    assert_true(starts_with(hdr.fields[19].s, "_Planned unit developments"));
    assert_non_null(
        strstr(hdr.fields[19].s, " - Inclusionary zoning units restricted"));
    for (size_t i = 0; i < hdr.nfields; i++)
        for (size_t j = i + 1; j < hdr.nfields; j++)
            if (strcmp(hdr.fields[i].s, hdr.fields[j].s) == 0)
                fail_msg("columns %zu and %zu share \"%s\"", i, j,
                         hdr.fields[i].s);
    assert_int_equal(pd_survey_nps_column(&hdr, NULL), -1);
    /* "Why do you think …", not column 32's "an explicit policy goal" */
    assert_int_equal(pd_survey_comment_column(&hdr, NULL, -1), 40);
    corpus_close(&cf);
}

static void
test_corpus_qualtrics(void **state)
{
    struct corpus_file cf;
    struct pd_record r1, r2, r3;
    const char *tz;
    (void)state;

    corpus_open(&cf, "W241 Experiment Test_July 26, 2020_13.04.csv");
    corpus_row(&cf, &r1);
    corpus_row(&cf, &r2);
    corpus_row(&cf, &r3);
    assert_true(pd_survey_is_qualtrics(&r1));
    assert_false(pd_survey_is_surveymonkey(&r1));
    assert_int_equal(pd_survey_qualtrics_legacy(&r1, &r2), -1);
    assert_false(pd_survey_is_qualtrics_import_row(&r1));
    assert_false(pd_survey_is_qualtrics_import_row(&r2));
    assert_true(pd_survey_is_qualtrics_import_row(&r3));
    tz = pd_survey_qualtrics_timezone(&r3, &cf.a);
    assert_non_null(tz);
    assert_string_equal(tz, "America/Denver");
    /* a social-media experiment: no NPS question in it */
    assert_int_equal(pd_survey_nps_column(&r1, &r2), -1);
    corpus_close(&cf);
}

/* The two single-header NPS files: the score column is found by name. */
static void
test_corpus_named_nps(void **state)
{
    static const struct {
        const char *file;
        int nps, comment;
    } cases[] = {
        {"SB427__nps.csv", 2, 5},
        {"saizhang1__nps.csv", 2, 1},
    };
    (void)state;

    for (size_t c = 0; c < COUNT(cases); c++) {
        struct corpus_file cf;
        struct pd_record r1;
        int nps;

        corpus_open(&cf, cases[c].file);
        corpus_row(&cf, &r1);
        assert_false(pd_survey_is_surveymonkey(&r1));
        assert_false(pd_survey_is_qualtrics(&r1));
        nps = pd_survey_nps_column(&r1, NULL);
        if (nps != cases[c].nps)
            fail_msg("%s: NPS column %d", cases[c].file, nps);
        if (pd_survey_comment_column(&r1, NULL, nps) != cases[c].comment)
            fail_msg("%s: comment column %d", cases[c].file,
                     pd_survey_comment_column(&r1, NULL, nps));
        corpus_close(&cf);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_is_surveymonkey),
        cmocka_unit_test(test_combine_surveymonkey),
        cmocka_unit_test(test_combine_edges),
        cmocka_unit_test(test_combine_empty_and_null),
        cmocka_unit_test(test_combine_long),
        cmocka_unit_test(test_regression_2026_12_05_repeated_questions),
        cmocka_unit_test(test_is_qualtrics),
        cmocka_unit_test(test_import_row),
        cmocka_unit_test(test_timezone),
        cmocka_unit_test(test_nps_phrasings),
        cmocka_unit_test(test_nps_column_choice),
        cmocka_unit_test(test_comment_column),
        cmocka_unit_test(test_nps_group),
        cmocka_unit_test(test_corpus_surveymonkey),
        cmocka_unit_test(test_corpus_qualtrics),
        cmocka_unit_test(test_corpus_named_nps),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
