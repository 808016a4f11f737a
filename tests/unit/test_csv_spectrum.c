/*
 * The csv-spectrum suite (npm package csv-spectrum) through extract/: each
 * csvs/NAME.csv is read with the header row as keys and compared with
 * json/NAME.json, an array of objects.
 *
 * The package is fetched, not vendored:
 *   mkdir -p tests/.deps &&
 *   npm install --no-save --prefix tests/.deps csv-spectrum
 * CSV_SPECTRUM_DIR overrides the location.  Without it every test is
 * reported as skipped, never as passed.
 */
/* cmocka.h needs these first; keep clang-format from sorting it up. */
/* clang-format off */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_tree.h>

#include <cmocka.h>
/* clang-format on */

#include "common/buf.h"
#include "extract/csv_reader.h"

enum { MAX_ROWS = 64, MAX_COLS = 16 };

/* csv-spectrum 2.0.0 upstream errata, checked against the CSV instead:
 * json/location_coordinates.json gives "1234567890" for a phone number
 * the CSV has as 2095257564 (max-mapper/csv-spectrum#20). */
static const struct {
    const char *name, *key, *value;
} errata[] = {
    {"location_coordinates", "Contact Phone Number", "2095257564"},
};

/* The rows of one CSV, header first, as owned strings. */
struct table {
    char *cell[MAX_ROWS][MAX_COLS];
    size_t ncols[MAX_ROWS];
    size_t nrows;
};

static const char *
spectrum_dir(void)
{
    const char *d = getenv("CSV_SPECTRUM_DIR");

    return d && *d ? d : "tests/.deps/node_modules/csv-spectrum";
}

static int
spectrum_present(void)
{
    char path[1024];
    DIR *d;

    snprintf(path, sizeof(path), "%s/csvs", spectrum_dir());
    d = opendir(path);
    if (d)
        closedir(d);
    return d != NULL;
}

static void
skip_if_absent(void)
{
    if (!spectrum_present()) {
        print_message("csv-spectrum not found at %s (set CSV_SPECTRUM_DIR "
                      "or run npm install, see the file header)\n",
                      spectrum_dir());
        skip();
    }
}

static void
read_table(const char *name, struct table *t)
{
    struct pd_err err = PD_ERR_INIT;
    struct pd_source *src;
    struct pd_csv_reader *r;
    struct pd_record rec;
    char path[1024];
    const char *member;
    int rc;

    snprintf(path, sizeof(path), "%s/csvs/%s.csv", spectrum_dir(), name);
    memset(t, 0, sizeof(*t));
    src = pd_source_open(path, &err);
    assert_non_null(src);
    assert_int_equal(pd_source_next_member(src, &member, &err), 1);
    r = pd_csv_open(src, NULL);
    while ((rc = pd_csv_next(r, &rec, &err)) == 1) {
        assert_true(t->nrows < MAX_ROWS && rec.nfields <= MAX_COLS);
        for (size_t i = 0; i < rec.nfields; i++)
            t->cell[t->nrows][i] = strdup(rec.fields[i].s);
        t->ncols[t->nrows++] = rec.nfields;
    }
    if (rc < 0)
        fail_msg("%s: %s", name, err.msg);
    pd_csv_close(r);
    assert_int_equal(pd_source_close(src), 0);
}

static void
free_table(struct table *t)
{
    for (size_t i = 0; i < t->nrows; i++)
        for (size_t j = 0; j < t->ncols[i]; j++)
            free(t->cell[i][j]);
}

static yajl_val
read_json(const char *name)
{
    struct pd_buf b = PD_BUF_INIT;
    char path[1024], tmp[4096], errbuf[256];
    size_t n;
    yajl_val v;
    FILE *f;

    snprintf(path, sizeof(path), "%s/json/%s.json", spectrum_dir(), name);
    f = fopen(path, "rb");
    assert_non_null(f);
    while ((n = fread(tmp, 1, sizeof(tmp), f)) > 0)
        assert_int_equal(pd_buf_add(&b, tmp, n), 0);
    fclose(f);
    v = yajl_tree_parse(b.buf, errbuf, sizeof(errbuf));
    if (!v)
        fail_msg("%s.json: %s", name, errbuf);
    pd_buf_release(&b);
    return v;
}

static const char *
expected_value(const char *name, const char *key, yajl_val v)
{
    for (size_t i = 0; i < sizeof(errata) / sizeof(errata[0]); i++)
        if (!strcmp(errata[i].name, name) && !strcmp(errata[i].key, key))
            return errata[i].value;
    if (!YAJL_IS_STRING(v))
        fail_msg("%s: value of '%s' is not a string", name, key);
    return YAJL_GET_STRING(v);
}

/* Row `row` (1-based, after the header) against one JSON object. */
static void
compare_row(const char *name, const struct table *t, size_t row, yajl_val o)
{
    assert_true(YAJL_IS_OBJECT(o));
    assert_int_equal(t->ncols[row], t->ncols[0]);
    assert_int_equal(o->u.object.len, t->ncols[0]);
    for (size_t k = 0; k < o->u.object.len; k++) {
        const char *key = o->u.object.keys[k];
        const char *want = expected_value(name, key, o->u.object.values[k]);
        size_t col = 0;

        while (col < t->ncols[0] && strcmp(t->cell[0][col], key) != 0)
            col++;
        if (col == t->ncols[0])
            fail_msg("%s: no column '%s' in the header", name, key);
        if (strcmp(t->cell[row][col], want) != 0)
            fail_msg("%s row %zu '%s': got \"%s\", want \"%s\"", name, row, key,
                     t->cell[row][col], want);
    }
}

static void
check_case(const char *name)
{
    struct table t;
    yajl_val json = read_json(name);
    yajl_val *rows = &json;
    size_t nrows = 1;

    read_table(name, &t);
    /* location_coordinates.json holds a bare object, not an array of one
     * (max-mapper/csv-spectrum#22). */
    if (YAJL_IS_ARRAY(json)) {
        rows = json->u.array.values;
        nrows = json->u.array.len;
    }
    assert_true(t.nrows >= 1);
    if (t.nrows - 1 != nrows)
        fail_msg("%s: %zu records, want %zu", name, t.nrows - 1, nrows);
    for (size_t i = 0; i < nrows; i++)
        compare_row(name, &t, i + 1, rows[i]);
    free_table(&t);
    yajl_tree_free(json);
}

/* One named case; a case the installed version lacks is skipped
 * (location_coordinates arrived in csv-spectrum 2.0.0). */
static void
test_case(void **state)
{
    char path[1024];
    FILE *f;

    skip_if_absent();
    snprintf(path, sizeof(path), "%s/csvs/%s.csv", spectrum_dir(),
             (const char *)*state);
    f = fopen(path, "rb");
    if (!f) {
        print_message("%s: not in this csv-spectrum version\n",
                      (const char *)*state);
        skip();
    }
    fclose(f);
    check_case(*state);
}

/* Cases a newer csv-spectrum adds are checked too, and an emptied
 * directory cannot pass. */
static void
test_every_file(void **state)
{
    char path[1024];
    struct dirent *e;
    size_t ncases = 0;
    DIR *d;

    (void)state;
    skip_if_absent();
    snprintf(path, sizeof(path), "%s/csvs", spectrum_dir());
    d = opendir(path);
    assert_non_null(d);
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        char name[256];

        if (n <= 4 || n >= sizeof(name) || strcmp(e->d_name + n - 4, ".csv"))
            continue;
        memcpy(name, e->d_name, n - 4);
        name[n - 4] = '\0';
        check_case(name);
        ncases++;
    }
    closedir(d);
    assert_true(ncases >= 11); /* 1.0.0 has 11 cases, 2.0.0 has 12 */
}

/* Mutable arrays: the prestate pointer is not const. */
static char cases[][32] = {
    "comma_in_quotes", "empty",         "empty_crlf",
    "escaped_quotes",  "json",          "location_coordinates",
    "newlines",        "newlines_crlf", "quotes_and_newlines",
    "simple",          "simple_crlf",   "utf8",
};

#define CASE(i)                                   \
    {                                             \
        cases[i], test_case, NULL, NULL, cases[i] \
    }

int
main(void)
{
    const struct CMUnitTest tests[] = {
        CASE(0),
        CASE(1),
        CASE(2),
        CASE(3),
        CASE(4),
        CASE(5),
        CASE(6),
        CASE(7),
        CASE(8),
        CASE(9),
        CASE(10),
        CASE(11),
        cmocka_unit_test(test_every_file),
    };

    int rc = cmocka_run_group_tests(tests, NULL, NULL);

    /* 77: Automake's "skipped", which tests/run reports as such. */
    return rc == 0 && !spectrum_present() ? 77 : rc;
}
