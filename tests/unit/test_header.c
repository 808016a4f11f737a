/*
 * test_header - header keys (SPEC §3 header matching), key comparison and
 * Zendesk "[list]" custom field detection.
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

#include "transform/header.h"

#define COUNT(t) (sizeof(t) / sizeof((t)[0]))

static void
test_key(void **state)
{
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"Requester Email", "requesteremail"},
        {"requester_email", "requesteremail"},
        {"requester-email", "requesteremail"},
        {"REQUESTER EMAIL", "requesteremail"},
        {"  Requester   Email  ", "requesteremail"},
        {"First response time (in hrs)", "firstresponsetimeinhrs"},
        {"Component/s", "components"},
        {"Id", "id"},
        {"Ticket ID 2", "ticketid2"},
        {"", ""},
        {" _-()/ ", "_-()/"}, /* punctuation only: its own key (Typeform "#") */
        {"#", "#"},
        /* non-ASCII UTF-8 is kept byte for byte (not lower-cased) */
        {"Calificaci\xc3\xb3n de satisfacci\xc3\xb3n",
         "calificaci\xc3\xb3ndesatisfacci\xc3\xb3n"},
        {"Resoluci\xc3\xb3n", "resoluci\xc3\xb3n"},
        {"\xc3\x89tat", "\xc3\x89tat"},
    };
    (void)state;
    for (size_t i = 0; i < COUNT(cases); i++) {
        char key[PD_HEADER_KEY_MAX];
        size_t n = pd_header_key(cases[i].in, strlen(cases[i].in), key);
        if (n != strlen(cases[i].want) || strcmp(key, cases[i].want) != 0)
            fail_msg("key \"%s\": \"%s\" (%zu)", cases[i].in, key, n);
    }
}

/* Only n bytes of the name count; the name need not be NUL-terminated. */
static void
test_key_length(void **state)
{
    char key[PD_HEADER_KEY_MAX];
    (void)state;

    assert_int_equal(pd_header_key("Created at,Updated at", 10, key), 9);
    assert_string_equal(key, "createdat");
    assert_int_equal(pd_header_key("Id", 0, key), 0);
    assert_string_equal(key, "");
}

static void
test_key_truncation(void **state)
{
    char name[400], key[PD_HEADER_KEY_MAX + 8];
    size_t n;
    (void)state;

    /* 300 letters: the key keeps the first PD_HEADER_KEY_MAX - 1. */
    memset(name, 'A', 300);
    name[300] = '\0';
    memset(key, 'x', sizeof(key));
    n = pd_header_key(name, 300, key);
    assert_int_equal(n, PD_HEADER_KEY_MAX - 1);
    assert_int_equal(strlen(key), PD_HEADER_KEY_MAX - 1);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(key[i], 'a');
    assert_int_equal(key[PD_HEADER_KEY_MAX - 1], '\0');
    /* nothing is written past the buffer */
    assert_int_equal(key[PD_HEADER_KEY_MAX], 'x');

    /* Exactly PD_HEADER_KEY_MAX - 1 key bytes fit whole. */
    n = pd_header_key(name, PD_HEADER_KEY_MAX - 1, key);
    assert_int_equal(n, PD_HEADER_KEY_MAX - 1);

    /* The limit counts key bytes, not input bytes: "a b a b ..." of 254
     * input bytes is 127 key bytes and still fits. */
    for (size_t i = 0; i < 2 * (PD_HEADER_KEY_MAX - 1); i++)
        name[i] = i % 2 ? ' ' : 'B';
    n = pd_header_key(name, 2 * (PD_HEADER_KEY_MAX - 1), key);
    assert_int_equal(n, PD_HEADER_KEY_MAX - 1);
    assert_int_equal(key[n - 1], 'b');

    /* Names equal in their first 127 key bytes are the same column. */
    memset(name, 'A', 300);
    name[300] = '\0';
    {
        char other[400];
        memcpy(other, name, 301);
        other[250] = 'Z';
        assert_true(pd_header_same(name, other));
        other[100] = 'Z';
        assert_false(pd_header_same(name, other));
    }
}

static void
test_same(void **state)
{
    (void)state;
    assert_true(pd_header_same("Requester Email", "requester_email"));
    assert_true(pd_header_same("requester-email", "REQUESTER EMAIL"));
    assert_true(pd_header_same("Ticket ID", "ticket_id"));
    assert_true(pd_header_same("Calificaci\xc3\xb3n de satisfacci\xc3\xb3n",
                               "calificaci\xc3\xb3n_de_satisfacci\xc3\xb3n"));
    assert_false(pd_header_same("", "--"));
    assert_true(pd_header_same("#", " # "));
    assert_false(pd_header_same("Requester Email", "Requester"));
    assert_false(pd_header_same("Created at", "Created"));
    assert_false(pd_header_same("Id", "Ticket ID"));
    /* the accent is part of the key */
    assert_false(pd_header_same("Resoluci\xc3\xb3n", "Resolucion"));
}

static void
test_list_field(void **state)
{
    static const struct {
        const char *in;
        bool want;
    } cases[] = {
        {"Product Area [list]", true},
        {"X [list]  ", true},
        {"X [list]\t", true},
        {"Manual Tagging of Categories [list]", true},
        {"[list]", true},
        {"[list] X", false},
        {"Priority", false},
        {"Product Area [txt]", false},
        {"Product Area [lis]", false},
        {"list]", false},
        {"", false},
    };
    (void)state;
    for (size_t i = 0; i < COUNT(cases); i++) {
        bool got = pd_header_is_list_field(cases[i].in, strlen(cases[i].in));
        if (got != cases[i].want)
            fail_msg("is_list_field \"%s\": %d", cases[i].in, got);
    }
    /* n bounds the name: the suffix beyond n does not count */
    assert_false(pd_header_is_list_field("Area [list]", 6));
    assert_true(pd_header_is_list_field("Area [list], Tags", 11));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_key),
        cmocka_unit_test(test_key_length),
        cmocka_unit_test(test_key_truncation),
        cmocka_unit_test(test_same),
        cmocka_unit_test(test_list_field),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
