/*
 * test_normalize - trimming, emails, domains, the free-mail list, tags and
 * subject text.
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

#include "transform/normalize.h"

#define COUNT(t) (sizeof(t) / sizeof((t)[0]))

static int
setup(void **state)
{
    static struct pd_arena arena;

    pd_arena_init(&arena, 0);
    *state = &arena;
    return 0;
}

static int
teardown(void **state)
{
    pd_arena_release(*state);
    return 0;
}

static void
test_trim(void **state)
{
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"  abc  ", "abc"},
        {"\t\r\nabc\n", "abc"},
        {"\xc2\xa0 abc\xc2\xa0", "abc"},
        {"a b", "a b"},
        {"", ""},
        {"   ", ""},
        {"\xc2\xa0", ""},
        {"caf\xc3\xa9", "caf\xc3\xa9"},
        /* a lone 0xC2 or 0xA0 is not a no-break space */
        {"x\xa0", "x\xa0"},
    };
    (void)state;
    for (size_t i = 0; i < COUNT(cases); i++) {
        const char *s = cases[i].in;
        size_t n = strlen(s);
        pd_trim(&s, &n);
        if (n != strlen(cases[i].want) || memcmp(s, cases[i].want, n) != 0)
            fail_msg("trim \"%s\": \"%.*s\"", cases[i].in, (int)n, s);
    }
}

static void
test_email(void **state)
{
    static const struct {
        const char *in, *want, *domain; /* want NULL: rejected */
    } cases[] = {
        {"emily.garcia@acme.com", "emily.garcia@acme.com", "acme.com"},
        {"  Bob.Tree@FreshDesk.com ", "bob.tree@freshdesk.com",
         "freshdesk.com"},
        {"Jane Doe <Jane@Acme.COM>", "jane@acme.com", "acme.com"},
        {"\"Doe, Jane\" <jane@acme.com>", "jane@acme.com", "acme.com"},
        {"mailto:Jane@acme.com", "jane@acme.com", "acme.com"},
        {"MAILTO:jane@acme.com?subject=hi", "jane@acme.com", "acme.com"},
        {"<jane@acme.co.uk>", "jane@acme.co.uk", "acme.co.uk"},
        {"\xc2\xa0jane+tag@acme.com\xc2\xa0", "jane+tag@acme.com", "acme.com"},
        {"a@b.example", "a@b.example", "b.example"},
        {"jane@acme", NULL, NULL},
        {"jane@", NULL, NULL},
        {"@acme.com", NULL, NULL},
        {"jane", NULL, NULL},
        {"jane@@acme.com", NULL, NULL},
        {"a@b.com; c@d.com", NULL, NULL},
        {"jane doe@acme.com", NULL, NULL},
        {"jane@acme..com", NULL, NULL},
        {"jane@.acme.com", NULL, NULL},
        {"jane@acme.com.", NULL, NULL},
        {"", NULL, NULL},
        {"N/A", NULL, NULL},
        {"Jane <jane@acme.com", NULL, NULL},
    };
    struct pd_arena *a = *state;

    for (size_t i = 0; i < COUNT(cases); i++) {
        const char *domain = "unset";
        char *got = pd_norm_email(a, cases[i].in, strlen(cases[i].in), &domain);
        if (cases[i].want == NULL) {
            if (got != NULL)
                fail_msg("email \"%s\": \"%s\", want NULL", cases[i].in, got);
            continue;
        }
        if (got == NULL || strcmp(got, cases[i].want) != 0 ||
            strcmp(domain, cases[i].domain) != 0)
            fail_msg("email \"%s\": \"%s\"", cases[i].in, got ? got : "NULL");
    }
    /* domain is optional; the input is only read for n bytes */
    assert_string_equal(pd_norm_email(a, "a@b.cdXYZ", 6, NULL), "a@b.cd");
}

static void
test_domain(void **state)
{
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"https://www.Acme.com/about", "acme.com"},
        {"http://acme.com", "acme.com"},
        {"acme.com", "acme.com"},
        {"WWW.ACME.COM", "acme.com"},
        {"www.acme.com.", "acme.com"},
        {"https://acme.com:8443/x?y#z", "acme.com"},
        {"//cdn.acme.com/lib.js", "cdn.acme.com"},
        {"acme.com/", "acme.com"},
        {"acme.com?ref=crm", "acme.com"},
        {" shop.acme.co.uk ", "shop.acme.co.uk"},
        {"https://user@acme.com/", "acme.com"},
        {"jane@acme.com", "acme.com"},
        {"acme", NULL},
        {"N/A", NULL},
        {"", NULL},
        {"https://", NULL},
        {"www.", NULL},
        {"acme .com", NULL},
        {"see notes", NULL},
    };
    struct pd_arena *a = *state;

    for (size_t i = 0; i < COUNT(cases); i++) {
        char *got = pd_norm_domain(a, cases[i].in, strlen(cases[i].in));
        if ((got == NULL) != (cases[i].want == NULL) ||
            (got != NULL && strcmp(got, cases[i].want) != 0))
            fail_msg("domain \"%s\": \"%s\"", cases[i].in, got ? got : "NULL");
    }
}

static void
test_freemail(void **state)
{
    static const char *const yes[] = {
        "gmail.com",      "googlemail.com", "outlook.com", "hotmail.com",
        "hotmail.co.uk",  "live.com",       "msn.com",     "yahoo.com",
        "yahoo.co.uk",    "yahoo.co.in",    "ymail.com",   "icloud.com",
        "me.com",         "mac.com",        "aol.com",     "proton.me",
        "protonmail.com", "gmx.com",        "gmx.de",      "gmx.net",
        "web.de",         "mail.com",       "zoho.com",    "yandex.ru",
        "yandex.com",     "qq.com",         "163.com",     "126.com",
        "rediffmail.com", "fastmail.com",   "hey.com",     "tutanota.com",
        "GMail.com",      "yahoo.fr",       "hotmail.es",  "outlook.com.br",
        "live.co.uk",
    };
    static const char *const no[] = {
        "acme.com",
        "freshdesk.com",
        "gmail.co",
        "mail.acme.com",
        "yahoo.example.com",
        "live.acmecorp.com",
        "ymail",
        "",
        "example.com",
        "hotmail",
        "notgmail.com",
    };
    (void)state;
    for (size_t i = 0; i < COUNT(yes); i++)
        if (!pd_is_freemail(yes[i]))
            fail_msg("freemail \"%s\" not recognised", yes[i]);
    for (size_t i = 0; i < COUNT(no); i++)
        if (pd_is_freemail(no[i]))
            fail_msg("\"%s\" taken for free mail", no[i]);
    assert_false(pd_is_freemail(NULL));
}

static void
check_tags(struct pd_arena *a, const char *in, const char *want,
           bool want_trunc)
{
    const char **tags;
    bool trunc;
    size_t n = pd_norm_tags(a, in, strlen(in), &tags, &trunc);
    char got[512] = "";
    size_t len = 0;

    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(got + len, sizeof(got) - len, "%s%s",
                                i ? "|" : "", tags[i]);
    if (strcmp(got, want) != 0 || trunc != want_trunc)
        fail_msg("tags \"%s\": \"%s\" (truncated %d)", in, got, trunc);
    if (n == 0)
        assert_null(tags);
}

static void
test_tags(void **state)
{
    struct pd_arena *a = *state;
    char many[1024];
    size_t len = 0;

    check_tags(a, "product_x technical_issue", "product_x|technical_issue",
               false);
    check_tags(a, "b,a;c  B\tA", "a|b|c", false);
    check_tags(a, " ; , ", "", false);
    check_tags(a, "", "", false);
    check_tags(a, "Zeta alpha ALPHA zeta", "alpha|zeta", false);
    check_tags(a, "x\xc2\xa0y", "x|y", false);
    check_tags(a, "caf\xc3\xa9 cafe", "cafe|caf\xc3\xa9", false);
    check_tags(a, "vip,,urgent;;vip", "urgent|vip", false);

    /* 70 distinct tags, given in descending order: the 64 bytewise
     * smallest are kept and the cut is reported. */
    for (int i = 69; i >= 0; i--)
        len += (size_t)snprintf(many + len, sizeof(many) - len, "t%02d ", i);
    {
        const char **tags;
        bool trunc;
        size_t n = pd_norm_tags(a, many, len, &tags, &trunc);
        assert_int_equal(n, PD_MAX_TAGS);
        assert_true(trunc);
        assert_string_equal(tags[0], "t00");
        assert_string_equal(tags[63], "t63");
    }
    /* Exactly 64 distinct, with duplicates: not truncated. */
    len = 0;
    for (int i = 0; i < 64; i++)
        len += (size_t)snprintf(many + len, sizeof(many) - len, "t%02d t%02d,",
                                i, i);
    {
        const char **tags;
        bool trunc;
        assert_int_equal(pd_norm_tags(a, many, len, &tags, &trunc), 64);
        assert_false(trunc);
    }
}

static void
test_text(void **state)
{
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"  Cannot   export\tinvoices \r\n", "Cannot export invoices"},
        {"Re:\xc2\xa0\xc2\xa0"
         "Billing",
         "Re: Billing"},
        {"one\ntwo", "one two"},
        {"a\x01"
         "b",
         "a b"},
        {"caf\xc3\xa9  au lait", "caf\xc3\xa9 au lait"},
        {"plain", "plain"},
        {"", NULL},
        {" \t\n ", NULL},
    };
    struct pd_arena *a = *state;

    for (size_t i = 0; i < COUNT(cases); i++) {
        char *got = pd_norm_text(a, cases[i].in, strlen(cases[i].in));
        if ((got == NULL) != (cases[i].want == NULL) ||
            (got != NULL && strcmp(got, cases[i].want) != 0))
            fail_msg("text \"%s\": \"%s\"", cases[i].in, got ? got : "NULL");
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_trim),
        cmocka_unit_test_setup_teardown(test_email, setup, teardown),
        cmocka_unit_test_setup_teardown(test_domain, setup, teardown),
        cmocka_unit_test(test_freemail),
        cmocka_unit_test_setup_teardown(test_tags, setup, teardown),
        cmocka_unit_test_setup_teardown(test_text, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
