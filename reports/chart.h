/*
 * chart - labelled line charts and the one-page PDF, drawn once with cairo
 * and pango and rendered as PNG (email), SVG (the HTML page) or PDF.
 *
 * A chart has a title, axes with ISO-week ticks, an optional baseline
 * band or target line, and its last value printed beside the last point.
 * Its y axis starts at zero for counts, else spans a padded range of at
 * least min_span, so that a 12 % dip looks like a dip, not a crash.  This
 * is the only file that includes cairo or pango.
 *
 * Ownership: a struct pd_chart borrows its strings; output is appended to
 * the caller's buffer.
 * Errors: -1 with *err (PD_E_INTERNAL when cairo fails, PD_E_LIMIT when
 * the buffer's cap is reached); the buffer then holds a partial file.
 * Limits: PD_CHART_MAX_POINTS weeks per chart, PD_CHART_MAX_ROWS rows in
 * the PDF's table (the rest are counted in a notice).
 */
#ifndef PD_CHART_H
#define PD_CHART_H

#include <stdbool.h>
#include <stddef.h>

#include "common/buf.h"
#include "common/err.h"

enum {
    PD_CHART_MAX_POINTS = 64,
    PD_CHART_MAX_ROWS = 40,
    /* CSS pixels: a 400 px phone shows it nearly 1:1 (text stays 10 px and
     * up), a 600 px email column whole. */
    PD_CHART_WIDTH = 400,
    PD_CHART_HEIGHT = 180
};

struct pd_chart {
    const char *title;
    const char *unit;  /* appended to tick and value labels ("", "%") */
    const char *color; /* the series, "#rrggbb" */
    bool zero_based;   /* counts: the y axis starts at 0 */
    double min_span;   /* else: the y range spans at least this much */
    int decimals;      /* of the last-value label */
    size_t n;          /* weeks, oldest first */
    const char *x[PD_CHART_MAX_POINTS]; /* "2026-W46" (shown as W46) */
    double v[PD_CHART_MAX_POINTS];
    bool has[PD_CHART_MAX_POINTS]; /* false: no data, a gap in the line */
    bool band;                     /* a baseline band from band_lo to hi */
    double band_lo, band_hi;
    const char *band_label; /* "usual range", shown in the band */
    bool target_line;       /* a dashed line at target (an OKR's) */
    double target;
    const char *target_label; /* "target", shown with its value */
};

/* The y axis of c: lo < hi, a multiple of step each; lo is 0 for a
 * zero_based chart whose values are not negative. */
void pd_chart_range(const struct pd_chart *c, double *lo, double *hi,
                    double *step);

/* c as a PNG of scale x PD_CHART_WIDTH by scale x PD_CHART_HEIGHT pixels
 * (scale 2 stays sharp on high-density screens), on white. */
int pd_chart_png(const struct pd_chart *c, int scale, struct pd_buf *out,
                 struct pd_err *err);

/* c as an SVG element for inline HTML (no XML prolog); every id in it
 * starts with id_prefix, so several charts can share one page.  cairo
 * draws text as glyph outlines, so the element carries role="img" and
 * the title as its aria-label (escaped) for screen readers and search. */
int pd_chart_svg(const struct pd_chart *c, const char *id_prefix,
                 struct pd_buf *out, struct pd_err *err);

/* One row of the PDF's table; sense colours the last cell (>0 better,
 * <0 worse, 0 neutral). */
struct pd_chart_row {
    const char *cell[4];
    int sense;
};

/* The one-page summary: title, up to four lead lines, a table, the charts
 * and up to eight notes, on one A4 page (charts shrink to fit). */
struct pd_chart_page {
    const char *title;
    const char *lines[4];
    size_t nlines;
    const char *head[4];
    const struct pd_chart_row *rows;
    size_t nrows;
    const struct pd_chart *charts;
    size_t ncharts;
    const char *notes[8];
    size_t nnotes;
};

/* p as a one-page PDF. */
int pd_chart_pdf(const struct pd_chart_page *p, struct pd_buf *out,
                 struct pd_err *err);

/* Release the caches pango, cairo and fontconfig keep for the process
 * (font maps, glyph caches, the font list), so a leak checker sees only
 * real leaks; cairo's and fontconfig's only in an AddressSanitizer build
 * (cairo asserts at their reset when pango still holds a font).  Call
 * once at exit, when no chart is being drawn; drawing afterwards works
 * but loads the fonts again. */
void pd_chart_cleanup(void);

#endif
