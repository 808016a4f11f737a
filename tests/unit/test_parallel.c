/* common/parallel.c: every piece of work runs once, whichever thread
 * takes it, and the call returns only when all have run. */
/* cmocka.h needs these system headers before it. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
/* clang-format on */

#include "common/parallel.h"

enum { NPIECES = 10000 };

struct tally {
    atomic_int runs[NPIECES];
    atomic_size_t sum;
};

static void
count(void *ctx, size_t i)
{
    struct tally *t = ctx;

    atomic_fetch_add(&t->runs[i], 1);
    atomic_fetch_add(&t->sum, i);
}

static void
test_every_piece_once(void **state)
{
    static struct tally t; /* 40 KB: off the stack */
    const size_t sizes[] = {0, 1, 2, 3, NPIECES};

    (void)state;
    for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
        size_t n = sizes[k];

        for (size_t i = 0; i < NPIECES; i++)
            atomic_store(&t.runs[i], 0);
        atomic_store(&t.sum, 0);
        pd_parallel_for(n, count, &t);
        for (size_t i = 0; i < NPIECES; i++)
            assert_int_equal(atomic_load(&t.runs[i]), i < n ? 1 : 0);
        assert_int_equal(atomic_load(&t.sum), n ? n * (n - 1) / 2 : 0);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_piece_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
