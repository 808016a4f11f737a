/* Unit tests for reports/chart: PNG and SVG from one drawing, y ranges
 * that do not exaggerate, the one-page PDF. */
/* cmocka.h needs these first; keep clang-format from sorting it up. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
/* clang-format on */

#include "common/buf.h"
#include "reports/chart.h"

static const char *const weeks[13] = {
    "2026-W34", "2026-W35", "2026-W36", "2026-W37", "2026-W38",
    "2026-W39", "2026-W40", "2026-W41", "2026-W42", "2026-W43",
    "2026-W44", "2026-W45", "2026-W46"};

/* 13 weeks around base, a 12 % dip in the last, week 5 missing. */
static void
sample(struct pd_chart *c, double base, bool zero_based)
{
    memset(c, 0, sizeof(*c));
    c->title = "Tickets created";
    c->unit = "";
    c->color = "#1565c0";
    c->zero_based = zero_based;
    c->min_span = zero_based ? 0 : 20;
    c->n = 13;
    for (size_t i = 0; i < 13; i++) {
        c->x[i] = weeks[i];
        c->v[i] = i == 12 ? base * 0.88 : base + (double)(i % 3);
        c->has[i] = i != 5;
    }
    c->band = true;
    c->band_lo = base;
    c->band_hi = base + 2;
    c->band_label = "usual range";
}

static uint32_t
be32(const char *p)
{
    const unsigned char *u = (const unsigned char *)p;

    return (uint32_t)u[0] << 24 | (uint32_t)u[1] << 16 | (uint32_t)u[2] << 8 |
           u[3];
}

static void
test_png_signature_and_size(void **state)
{
    struct pd_chart c;
    struct pd_buf b = PD_BUF_INIT;
    struct pd_err err = PD_ERR_INIT;

    (void)state;
    sample(&c, 140, true);
    assert_int_equal(pd_chart_png(&c, 2, &b, &err), 0);
    assert_true(b.len > 1000);
    assert_memory_equal(b.buf, "\x89PNG\r\n\x1a\n", 8);
    assert_memory_equal(b.buf + 12, "IHDR", 4);
    assert_int_equal(be32(b.buf + 16), 2 * PD_CHART_WIDTH);
    assert_int_equal(be32(b.buf + 20), 2 * PD_CHART_HEIGHT);
    if (getenv("PD_CHART_DUMP")) {
        FILE *f = fopen(getenv("PD_CHART_DUMP"), "wb");
        assert_non_null(f);
        assert_int_equal(fwrite(b.buf, 1, b.len, f), b.len);
        assert_int_equal(fclose(f), 0);
    }
    pd_buf_release(&b);
}

static void
test_svg_is_one_prefixed_element(void **state)
{
    struct pd_chart c;
    struct pd_buf b = PD_BUF_INIT;
    struct pd_err err = PD_ERR_INIT;
    const char *p;

    (void)state;
    sample(&c, 140, true);
    assert_int_equal(pd_chart_svg(&c, "c7-", &b, &err), 0);
    assert_true(strncmp(b.buf, "<svg ", 5) == 0);
    assert_null(strstr(b.buf, "<?xml"));
    p = strstr(b.buf, "</svg>");
    assert_non_null(p);
    assert_string_equal(p, "</svg>\n");
    assert_null(strstr(b.buf + 1, "<svg"));
    /* Every id and reference carries the prefix. */
    for (p = b.buf; (p = strstr(p, "id=\"")) != NULL; p++)
        assert_true(strncmp(p, "id=\"c7-", 7) == 0);
    for (p = b.buf; (p = strstr(p, "href=\"#")) != NULL; p++)
        assert_true(strncmp(p, "href=\"#c7-", 10) == 0);
    pd_buf_release(&b);
}

static void
test_counts_start_at_zero(void **state)
{
    struct pd_chart c;
    double lo, hi, step;

    (void)state;
    sample(&c, 5000, true);
    pd_chart_range(&c, &lo, &hi, &step);
    assert_true(lo == 0);
    assert_true(hi >= 5002 && hi < 7000);
    assert_true(step > 0);
}

static void
test_other_ranges_are_padded_not_stretched(void **state)
{
    struct pd_chart c;
    double lo, hi, step;

    (void)state;
    /* NPS 30 to 32: the axis spans at least 20 points, so two points
     * of wobble is a tenth of the height, not all of it. */
    sample(&c, 30, false);
    c.band = false;
    pd_chart_range(&c, &lo, &hi, &step);
    assert_true(lo <= 26.4 && hi >= 32);
    assert_true(hi - lo >= 20);
    assert_true(lo / step == (double)(long)(lo / step));
}

static void
test_empty_chart_draws(void **state)
{
    struct pd_chart c;
    struct pd_buf b = PD_BUF_INIT;
    struct pd_err err = PD_ERR_INIT;
    double lo, hi, step;

    (void)state;
    memset(&c, 0, sizeof(c));
    c.title = "NPS";
    c.unit = "";
    pd_chart_range(&c, &lo, &hi, &step);
    assert_true(lo < hi);
    assert_int_equal(pd_chart_png(&c, 1, &b, &err), 0);
    pd_buf_release(&b);
}

static void
test_cap_is_an_error(void **state)
{
    struct pd_chart c;
    struct pd_buf b;
    struct pd_err err = PD_ERR_INIT;

    (void)state;
    pd_buf_init(&b, 100);
    sample(&c, 140, true);
    assert_int_equal(pd_chart_png(&c, 1, &b, &err), -1);
    assert_int_equal(err.code, PD_E_LIMIT);
    pd_buf_release(&b);
}

/* The PDF holds NUL bytes: strstr() would stop at the first. */
static bool
contains(const struct pd_buf *b, const char *s)
{
    size_t n = strlen(s);

    for (size_t i = 0; i + n <= b->len; i++)
        if (memcmp(b->buf + i, s, n) == 0)
            return true;
    return false;
}

static void
test_pdf_one_page(void **state)
{
    struct pd_chart charts[2];
    struct pd_chart_row rows[50];
    struct pd_chart_page p = {"Weekly report 2026-W46",
                              {"Week ..."},
                              1,
                              {"metric", "this week", "last week", "change"},
                              rows,
                              50,
                              charts,
                              2,
                              {"a note"},
                              1};
    struct pd_buf b = PD_BUF_INIT;
    struct pd_err err = PD_ERR_INIT;

    (void)state;
    sample(&charts[0], 140, true);
    sample(&charts[1], 30, false);
    for (size_t i = 0; i < 50; i++)
        rows[i] = (struct pd_chart_row){{"Tickets", "5", "4", "+25.0\u00a0%"},
                                        (int)(i % 3) - 1};
    assert_int_equal(pd_chart_pdf(&p, &b, &err), 0);
    assert_true(strncmp(b.buf, "%PDF-", 5) == 0);
    assert_true(contains(&b, "/Count 1"));
    pd_buf_release(&b);
}

/* An OKR's target is drawn as a line: the y axis reaches it even when
 * every value is far below (and the SVG names the chart for readers). */
static void
test_target_line_in_range(void **state)
{
    struct pd_chart c;
    struct pd_buf b = PD_BUF_INIT;
    struct pd_err err = PD_ERR_INIT;
    double lo, hi, step;

    (void)state;
    sample(&c, 30, false);
    c.band = false;
    c.title = "Customers <love> it: NPS";
    c.target_line = true;
    c.target = 80;
    c.target_label = "target";
    pd_chart_range(&c, &lo, &hi, &step);
    assert_true(hi >= 80);
    assert_true(lo <= 26.4);
    assert_int_equal(pd_chart_svg(&c, "t-", &b, &err), 0);
    assert_true(
        contains(&b, "aria-label=\"Customers &#60;love&#62; it: NPS\""));
    pd_buf_release(&b);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_png_signature_and_size),
        cmocka_unit_test(test_svg_is_one_prefixed_element),
        cmocka_unit_test(test_counts_start_at_zero),
        cmocka_unit_test(test_other_ranges_are_padded_not_stretched),
        cmocka_unit_test(test_empty_chart_draws),
        cmocka_unit_test(test_cap_is_an_error),
        cmocka_unit_test(test_pdf_one_page),
        cmocka_unit_test(test_target_line_in_range),
    };

    int rc = cmocka_run_group_tests(tests, NULL, NULL);

    pd_chart_cleanup();
    return rc;
}
