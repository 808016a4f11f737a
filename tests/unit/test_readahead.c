/* Unit tests for extract/readahead: a producer's bytes arrive whole and in
 * order whatever the read sizes, across many blocks; its error comes after
 * the bytes it made before it and repeats; stopping early, before a read
 * or with the ring full, joins the thread without losing memory (ASan). */
/* cmocka.h needs these first; keep clang-format from sorting it up. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
/* clang-format on */

#include "extract/readahead.h"

/* Makes total bytes, byte i = i * 7 mod 251, in pieces of 1..4099 bytes
 * (odd sizes cross block edges); fails instead of ending when fail_at is
 * set. */
struct counter {
    size_t made, total, piece;
    int fail;
};

static unsigned char
byte_at(size_t i)
{
    return (unsigned char)(i * 7 % 251);
}

static ssize_t
produce(void *ctx, char *buf, size_t n, struct pd_err *err)
{
    struct counter *c = ctx;
    size_t k;

    if (c->made == c->total) {
        if (c->fail)
            return pd_err_set(err, PD_E_PARSE, "broken after %zu", c->made);
        return 0;
    }
    c->piece = c->piece % 4099 + 1;
    k = c->total - c->made;
    k = k < n ? k : n;
    k = k < c->piece ? k : c->piece;
    for (size_t i = 0; i < k; i++)
        buf[i] = (char)byte_at(c->made + i);
    c->made += k;
    return (ssize_t)k;
}

/* Reads everything in reads of up to step bytes; returns the byte count
 * and the last read's result in *last. */
static size_t
drain(struct pd_readahead *ra, size_t step, ssize_t *last, struct pd_err *err)
{
    char buf[70000];
    size_t got = 0;

    assert_true(step <= sizeof(buf));
    for (;;) {
        ssize_t r = pd_readahead_read(ra, buf, step, err);
        if (r <= 0) {
            *last = r;
            return got;
        }
        for (size_t i = 0; i < (size_t)r; i++)
            if ((unsigned char)buf[i] != byte_at(got + i))
                fail_msg("byte %zu out of order", got + i);
        got += (size_t)r;
    }
}

static void
test_in_order(void **state)
{
    /* 5.5 blocks' worth: the ring of 4 wraps. */
    size_t total = PD_READAHEAD_BLOCK * 11 / 2 + 13;
    size_t steps[] = {1, 4096, 65536 + 3};
    (void)state;

    for (size_t s = 0; s < sizeof(steps) / sizeof(*steps); s++) {
        struct counter c = {.total = total};
        struct pd_err err = PD_ERR_INIT;
        struct pd_readahead *ra = pd_readahead_start(produce, &c);
        ssize_t last;

        assert_non_null(ra);
        assert_int_equal(drain(ra, steps[s], &last, &err), total);
        assert_int_equal(last, 0);
        /* The end repeats. */
        assert_int_equal(drain(ra, 10, &last, &err), 0);
        assert_int_equal(last, 0);
        pd_readahead_stop(ra);
    }
}

static void
test_error_after_bytes(void **state)
{
    struct counter c = {.total = PD_READAHEAD_BLOCK + 5, .fail = 1};
    struct pd_err err = PD_ERR_INIT;
    struct pd_readahead *ra = pd_readahead_start(produce, &c);
    ssize_t last;
    (void)state;

    assert_non_null(ra);
    assert_int_equal(drain(ra, 1000, &last, &err), PD_READAHEAD_BLOCK + 5);
    assert_int_equal(last, -1);
    assert_int_equal(err.code, PD_E_PARSE);
    assert_non_null(strstr(err.msg, "broken after 262149"));
    pd_err_clear(&err);
    assert_int_equal(drain(ra, 1000, &last, &err), 0);
    assert_int_equal(last, -1);
    assert_non_null(strstr(err.msg, "broken after"));
    pd_readahead_stop(ra);
}

static void
test_stop_early(void **state)
{
    struct counter never = {.total = (size_t)1 << 40};
    struct counter some = {.total = 100};
    char buf[10];
    struct pd_err err = PD_ERR_INIT;
    struct pd_readahead *ra;
    (void)state;

    /* Before any read: the producer may be filling or waiting. */
    ra = pd_readahead_start(produce, &some);
    assert_non_null(ra);
    pd_readahead_stop(ra);
    /* An endless producer, the ring full, one read taken. */
    ra = pd_readahead_start(produce, &never);
    assert_non_null(ra);
    assert_int_equal(pd_readahead_read(ra, buf, sizeof(buf), &err), 10);
    pd_readahead_stop(ra);
    pd_readahead_stop(NULL);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_in_order),
        cmocka_unit_test(test_error_after_bytes),
        cmocka_unit_test(test_stop_early),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
