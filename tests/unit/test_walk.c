/* Unit tests for extract/walk: each file once, loops ended, FIFOs and
 * devices never listed. */
/* cmocka.h needs these first; keep clang-format from sorting it up. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
/* clang-format on */

#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "extract/walk.h"
#include "testutil.h"

static char dir[] = "/tmp/pd-walk-XXXXXX";

static const char *
at(const char *rel)
{
    static char p[4][600];
    static int k;

    k = (k + 1) % 4;
    snprintf(p[k], sizeof(p[k]), "%s/%s", dir, rel);
    return p[k];
}

static void
touch(const char *rel)
{
    FILE *f = fopen(at(rel), "w");

    assert_non_null(f);
    fputs("id\n1\n", f);
    assert_int_equal(fclose(f), 0);
}

static int
setup(void **state)
{
    (void)state;
    strcpy(dir, "/tmp/pd-walk-XXXXXX");
    return pd_test_mkdtemp(dir);
}

static int
teardown(void **state)
{
    (void)state;
    return pd_test_rm_tree(dir);
}

/* Which note is about the path ending in suffix, or NULL. */
static const struct pd_walk_note *
note_for(const struct pd_walk *w, const char *suffix)
{
    for (size_t i = 0; i < w->nnotes; i++) {
        size_t n = strlen(w->notes[i].path), s = strlen(suffix);
        if (n >= s && strcmp(w->notes[i].path + n - s, suffix) == 0)
            return &w->notes[i];
    }
    return NULL;
}

static void
test_export_names_sorted_dot_files_not(void **state)
{
    struct pd_walk w;
    struct pd_err err = PD_ERR_INIT;

    (void)state;
    assert_int_equal(mkdir(at("sub"), 0755), 0);
    touch("b.csv");
    touch("a.json");
    touch("sub/c.csv.gz");
    touch("notes.md");
    touch(".hidden.csv");
    pd_walk_init(&w);
    assert_int_equal(pd_walk_add(&w, dir, PD_WALK_ARG, &err), 0);
    assert_int_equal(w.n, 3);
    assert_string_equal(w.paths[0], at("a.json"));
    assert_string_equal(w.paths[1], at("b.csv"));
    assert_string_equal(w.paths[2], at("sub/c.csv.gz"));
    assert_int_equal(w.nnotes, 0);
    pd_walk_release(&w);
}

/* Regression 2026-12-05 (issue 12): `ln -s . inbox/s1` listed a file 41
 * times, and two such links ran for minutes. */
static void
test_regression_2026_12_05_symlink_loops(void **state)
{
    struct pd_walk w;
    struct pd_err err = PD_ERR_INIT;
    const struct pd_walk_note *n;

    (void)state;
    touch("a.csv");
    assert_int_equal(mkdir(at("sub"), 0755), 0);
    assert_int_equal(symlink(".", at("s1")), 0);
    assert_int_equal(symlink(".", at("s2")), 0);
    assert_int_equal(symlink("..", at("sub/up")), 0);
    assert_int_equal(link(at("a.csv"), at("hard.csv")), 0);
    assert_int_equal(symlink("a.csv", at("soft.csv")), 0);
    assert_int_equal(symlink("loop2.csv", at("loop1.csv")), 0);
    assert_int_equal(symlink("loop1.csv", at("loop2.csv")), 0);
    pd_walk_init(&w);
    assert_int_equal(pd_walk_add(&w, dir, PD_WALK_ARG, &err), 0);
    assert_int_equal(w.n, 1);
    assert_string_equal(w.paths[0], at("a.csv"));
    n = note_for(&w, "/s1");
    assert_non_null(n);
    assert_int_equal(n->why, PD_WALK_LOOP);
    assert_false(pd_walk_note_is_error(n));
    assert_non_null(strstr(n->what, "leads back to"));
    assert_non_null(note_for(&w, "/s2"));
    assert_non_null(note_for(&w, "/sub/up"));
    assert_int_equal(note_for(&w, "/loop1.csv")->why, PD_WALK_LOOP);
    /* The same folder named twice: still each file once. */
    assert_int_equal(pd_walk_add(&w, dir, PD_WALK_ARG, &err), 0);
    assert_int_equal(pd_walk_add(&w, at("soft.csv"), PD_WALK_ARG, &err), 0);
    assert_int_equal(w.n, 1);
    pd_walk_release(&w);
}

/* Regression 2026-12-05 (issue 12): a FIFO or a link to /dev/zero in a
 * folder hung ingest. */
static void
test_regression_2026_12_05_fifos_and_devices(void **state)
{
    struct pd_walk w;
    struct pd_err err = PD_ERR_INIT;

    (void)state;
    touch("ok.csv");
    assert_int_equal(mkfifo(at("pipe.csv"), 0644), 0);
    assert_int_equal(symlink("/dev/zero", at("zero.csv")), 0);
    assert_int_equal(symlink("/nonexistent/x", at("gone.csv")), 0);
    assert_int_equal(mkfifo(at("pipe-not-an-export"), 0644), 0);
    pd_walk_init(&w);
    assert_int_equal(pd_walk_add(&w, dir, PD_WALK_ARG, &err), 0);
    assert_int_equal(w.n, 1);
    assert_string_equal(note_for(&w, "/pipe.csv")->what, "a FIFO");
    assert_string_equal(note_for(&w, "/zero.csv")->what, "a character device");
    assert_int_equal(note_for(&w, "/gone.csv")->why, PD_WALK_NOT_REGULAR);
    assert_null(note_for(&w, "/pipe-not-an-export"));
    assert_int_equal(w.nnotes, 3);
    /* Named directly: an error, never an open. */
    assert_int_equal(pd_walk_add(&w, at("pipe.csv"), PD_WALK_ARG, &err), -1);
    assert_int_equal(w.errnum, 0);
    assert_non_null(strstr(err.msg, "a FIFO, not a file or folder"));
    /* As a glob's match: a note. */
    assert_int_equal(pd_walk_add(&w, at("zero.csv"), PD_WALK_MATCH, &err), 0);
    assert_int_equal(w.nnotes, 4);
    /* A folder matched by a glob is not entered. */
    assert_int_equal(pd_walk_add(&w, dir, PD_WALK_MATCH, &err), 0);
    assert_int_equal(w.n, 1);
    pd_walk_release(&w);
}

static void
test_missing_and_unreadable(void **state)
{
    struct pd_walk w;
    struct pd_err err = PD_ERR_INIT;

    (void)state;
    pd_walk_init(&w);
    assert_int_equal(pd_walk_add(&w, at("nope"), PD_WALK_ARG, &err), -1);
    assert_int_equal(w.errnum, ENOENT);
    assert_int_equal(pd_walk_add(&w, at("nope"), PD_WALK_MATCH, &err), 0);
    assert_int_equal(w.nnotes, 0);
    /* Root reads a mode-000 folder: that case is in t2009, without
     * capabilities. */
    if (geteuid() != 0) {
        assert_int_equal(mkdir(at("closed"), 0), 0);
        assert_int_equal(pd_walk_add(&w, at("closed"), PD_WALK_ARG, &err), -1);
        assert_int_equal(w.errnum, EACCES);
        assert_int_equal(mkdir(at("open"), 0755), 0);
        assert_int_equal(mkdir(at("open/closed"), 0), 0);
        assert_int_equal(pd_walk_add(&w, at("open"), PD_WALK_ARG, &err), 0);
        assert_true(pd_walk_note_is_error(note_for(&w, "/open/closed")));
        assert_int_equal(chmod(at("closed"), 0755), 0);
        assert_int_equal(chmod(at("open/closed"), 0755), 0);
    }
    pd_walk_release(&w);
}

static void
test_prune(void **state)
{
    struct pd_walk w;
    struct pd_err err = PD_ERR_INIT;

    (void)state;
    assert_int_equal(mkdir(at("processed"), 0755), 0);
    touch("processed/old.csv");
    touch("new.csv");
    pd_walk_init(&w);
    w.prune = "processed";
    assert_int_equal(pd_walk_add(&w, dir, PD_WALK_ARG, &err), 0);
    assert_int_equal(w.n, 1);
    assert_string_equal(w.paths[0], at("new.csv"));
    pd_walk_release(&w);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_export_names_sorted_dot_files_not,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_regression_2026_12_05_symlink_loops, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_regression_2026_12_05_fifos_and_devices, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_and_unreadable, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_prune, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
