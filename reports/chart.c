#include "chart.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>

#include "reports/kpi.h"

/* DejaVu Sans (fonts-dejavu-core) has every glyph we print, so a headless
 * server draws what a laptop draws; pango falls back to any sans. */
static const char font_family[] = "DejaVu Sans, sans-serif";

/* Plot area inside the chart, in CSS pixels: room for the title above,
 * y labels left, week labels below and the last value right. */
enum { PL = 40, PR = 50, PT = 30, PB = 24 };

enum align { LEFT, RIGHT, CENTER };

static void
set_hex(cairo_t *cr, const char *hex, double alpha)
{
    unsigned r = 0x44, g = 0x44, b = 0x44;

    if (hex && hex[0] == '#')
        (void)sscanf(hex + 1, "%2x%2x%2x", &r, &g, &b);
    cairo_set_source_rgba(cr, r / 255.0, g / 255.0, b / 255.0, alpha);
}

/* Text at (x, y) = its top edge, aligned on x; returns its width. */
static double
text(cairo_t *cr, const char *s, double x, double y, double size, bool bold,
     enum align al)
{
    PangoLayout *l = pango_cairo_create_layout(cr);
    PangoFontDescription *fd = pango_font_description_from_string(font_family);
    int w, h;

    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD
                                               : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(l, fd);
    pango_layout_set_text(l, s, -1);
    pango_layout_get_pixel_size(l, &w, &h);
    cairo_move_to(cr, al == LEFT ? x : al == RIGHT ? x - w : x - w / 2.0, y);
    pango_cairo_show_layout(cr, l);
    pango_font_description_free(fd);
    g_object_unref(l);
    return w;
}

/* 1, 2, 2.5 or 5 times a power of ten, at least raw. */
static double
nice_step(double raw)
{
    double p = pow(10, floor(log10(raw))), f = raw / p;

    return p * (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10);
}

void
pd_chart_range(const struct pd_chart *c, double *lo, double *hi, double *step)
{
    double a = 0, b = 0, span;
    bool any = false;

    for (size_t i = 0; i < c->n; i++) {
        if (!c->has[i])
            continue;
        a = any ? fmin(a, c->v[i]) : c->v[i];
        b = any ? fmax(b, c->v[i]) : c->v[i];
        any = true;
    }
    if (c->band) {
        a = any ? fmin(a, c->band_lo) : c->band_lo;
        b = any ? fmax(b, c->band_hi) : c->band_hi;
        any = true;
    }
    if (c->target_line) {
        a = any ? fmin(a, c->target) : c->target;
        b = any ? fmax(b, c->target) : c->target;
    }
    if (c->zero_based)
        a = fmin(a, 0);
    /* Not each series scaled to its own min and max: a non-count axis
     * spans at least min_span (NPS: 20 points), padded by a tenth. */
    span = fmax(b - a, c->min_span > 0 ? c->min_span : 1);
    if (!c->zero_based) {
        double mid = (a + b) / 2;
        a = mid - span * 0.6;
        b = mid + span * 0.6;
    } else {
        b = a + span * 1.1;
    }
    *step = nice_step((b - a) / 4);
    *lo = floor(a / *step) * *step;
    *hi = ceil(b / *step) * *step;
    if (c->zero_based && a >= 0)
        *lo = 0;
    if (*hi <= *lo)
        *hi = *lo + *step;
}

/* "1.2k" for big tick values, else the number with the unit. */
static void
tick_label(double v, double step, const char *unit, char *buf, size_t n)
{
    if (fabs(v) >= 10000)
        snprintf(buf, n, "%gk%s", v / 1000, unit);
    else
        snprintf(buf, n, "%.*f%s", step < 1 ? 1 : 0, v, unit);
}

static void
draw_axes(cairo_t *cr, const struct pd_chart *c, double lo, double hi,
          double step, double pw, double ph)
{
    char lab[32];

    cairo_set_line_width(cr, 1);
    for (double t = lo; t <= hi + step / 2; t += step) {
        double y = PT + ph - (t - lo) * ph / (hi - lo);
        set_hex(cr, t == 0 || t == lo ? "#999999" : "#e0e0e0", 1);
        cairo_move_to(cr, PL, floor(y) + 0.5);
        cairo_line_to(cr, PL + pw, floor(y) + 0.5);
        cairo_stroke(cr);
        tick_label(t, step, c->unit, lab, sizeof(lab));
        set_hex(cr, "#666666", 1);
        text(cr, lab, PL - 5, y - 7, 11, false, RIGHT);
    }
    /* Week ticks: every other week and always the last, as "W46". */
    for (size_t i = 0; i < c->n; i++) {
        double x = PL + (c->n > 1 ? (double)i * pw / (double)(c->n - 1) : 0);
        const char *w = c->x[i] ? strchr(c->x[i], 'W') : NULL;
        if ((c->n - 1 - i) % 2 != 0)
            continue;
        set_hex(cr, "#999999", 1);
        cairo_move_to(cr, floor(x) + 0.5, PT + ph);
        cairo_line_to(cr, floor(x) + 0.5, PT + ph + 4);
        cairo_stroke(cr);
        set_hex(cr, "#666666", 1);
        text(cr, w ? w : "", x, PT + ph + 6, 11, false, CENTER);
    }
}

static void
draw_band(cairo_t *cr, const struct pd_chart *c, double lo, double hi,
          double pw, double ph)
{
    double y1 = PT + ph - (c->band_hi - lo) * ph / (hi - lo);
    double y2 = PT + ph - (c->band_lo - lo) * ph / (hi - lo);

    set_hex(cr, c->color, 0.12);
    cairo_rectangle(cr, PL, y1, pw, fmax(y2 - y1, 1));
    cairo_fill(cr);
}

/* The band's label above it, where no week label is, drawn after the
 * grid so no line crosses it. */
static void
draw_band_label(cairo_t *cr, const struct pd_chart *c, double lo, double hi,
                double ph)
{
    double y = PT + ph - (c->band_hi - lo) * ph / (hi - lo);

    set_hex(cr, "#ffffff", 0.8);
    cairo_rectangle(cr, PL + 2, fmax(y - 13, PT - 12), 66, 12);
    cairo_fill(cr);
    set_hex(cr, "#666666", 1);
    text(cr, c->band_label, PL + 4, fmax(y - 13, PT - 12), 10, false, LEFT);
}

/* The target: a dashed line across the plot, labelled with its value at
 * the left end, above the line. */
static void
draw_target(cairo_t *cr, const struct pd_chart *c, double lo, double hi,
            double pw, double ph)
{
    static const double dash[] = {5, 3};
    double y = floor(PT + ph - (c->target - lo) * ph / (hi - lo)) + 0.5;
    char lab[64];

    set_hex(cr, "#c62828", 1);
    cairo_set_line_width(cr, 1.5);
    cairo_set_dash(cr, dash, 2, 0);
    cairo_move_to(cr, PL, y);
    cairo_line_to(cr, PL + pw, y);
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
    snprintf(lab, sizeof(lab), "%s %.*f%s",
             c->target_label ? c->target_label : "target", c->decimals,
             c->target, c->unit);
    set_hex(cr, "#ffffff", 0.8);
    cairo_rectangle(cr, PL + 2, fmax(y - 14, PT - 12), 80, 12);
    cairo_fill(cr);
    set_hex(cr, "#c62828", 1);
    text(cr, lab, PL + 4, fmax(y - 14, PT - 12), 10, false, LEFT);
}

/* The series with gaps at weeks without data, a dot on each value and the
 * last value printed to the right of its point. */
static void
draw_series(cairo_t *cr, const struct pd_chart *c, double lo, double hi,
            double pw, double ph)
{
    bool open = false;
    size_t last = c->n;
    char lab[48];

    set_hex(cr, c->color, 1);
    cairo_set_line_width(cr, 2);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    for (size_t i = 0; i < c->n; i++) {
        double x = PL + (c->n > 1 ? (double)i * pw / (double)(c->n - 1) : 0);
        double y = PT + ph - (c->v[i] - lo) * ph / (hi - lo);
        if (!c->has[i]) {
            open = false;
            continue;
        }
        if (open)
            cairo_line_to(cr, x, y);
        else
            cairo_move_to(cr, x, y);
        open = true;
        last = i;
    }
    cairo_stroke(cr);
    for (size_t i = 0; i < c->n; i++) {
        double x = PL + (c->n > 1 ? (double)i * pw / (double)(c->n - 1) : 0);
        if (!c->has[i])
            continue;
        cairo_arc(cr, x, PT + ph - (c->v[i] - lo) * ph / (hi - lo),
                  i == last ? 3.5 : 2, 0, 2 * M_PI);
        cairo_fill(cr);
    }
    if (last == c->n)
        return;
    /* Beside its point: an OKR's axis runs on to the quarter's end. */
    snprintf(lab, sizeof(lab), "%.*f%s", c->decimals, c->v[last], c->unit);
    text(cr, lab,
         PL + (c->n > 1 ? (double)last * pw / (double)(c->n - 1) : 0) + 7,
         PT + ph - (c->v[last] - lo) * ph / (hi - lo) - 8, 12, true, LEFT);
}

/* The whole chart in a PD_CHART_WIDTH x PD_CHART_HEIGHT box at the current
 * origin: the one drawing path behind PNG, SVG and PDF. */
static void
draw(cairo_t *cr, const struct pd_chart *c)
{
    double lo, hi, step, pw = PD_CHART_WIDTH - PL - PR,
                         ph = PD_CHART_HEIGHT - PT - PB;
    bool any = false;

    set_hex(cr, "#ffffff", 1);
    cairo_rectangle(cr, 0, 0, PD_CHART_WIDTH, PD_CHART_HEIGHT);
    cairo_fill(cr);
    set_hex(cr, "#222222", 1);
    text(cr, c->title ? c->title : "", 8, 6, 14, true, LEFT);
    for (size_t i = 0; i < c->n; i++)
        any = any || c->has[i];
    pd_chart_range(c, &lo, &hi, &step);
    if (c->band)
        draw_band(cr, c, lo, hi, pw, ph);
    draw_axes(cr, c, lo, hi, step, pw, ph);
    if (c->band && c->band_label)
        draw_band_label(cr, c, lo, hi, ph);
    if (c->target_line)
        draw_target(cr, c, lo, hi, pw, ph);
    if (!any) {
        set_hex(cr, "#666666", 1);
        text(cr, "no data in these weeks", PL + pw / 2, PT + ph / 2 - 8, 12,
             false, CENTER);
        return;
    }
    draw_series(cr, c, lo, hi, pw, ph);
}

/* cairo's stream callback: append to the pd_buf; past its cap, fail. */
static cairo_status_t
to_buf(void *closure, const unsigned char *data, unsigned int n)
{
    return pd_buf_add(closure, data, n) < 0 ? CAIRO_STATUS_WRITE_ERROR
                                            : CAIRO_STATUS_SUCCESS;
}

static int
check(cairo_status_t st, const char *what, struct pd_err *err)
{
    if (st == CAIRO_STATUS_SUCCESS)
        return 0;
    if (st == CAIRO_STATUS_WRITE_ERROR)
        return pd_err_set(err, PD_E_LIMIT, "%s is larger than its buffer",
                          what);
    return pd_err_set(err, PD_E_INTERNAL, "cannot draw the %s: %s", what,
                      cairo_status_to_string(st));
}

int
pd_chart_png(const struct pd_chart *c, int scale, struct pd_buf *out,
             struct pd_err *err)
{
    cairo_surface_t *s = cairo_image_surface_create(
        CAIRO_FORMAT_RGB24, PD_CHART_WIDTH * scale, PD_CHART_HEIGHT * scale);
    cairo_t *cr = cairo_create(s);
    cairo_status_t st;

    cairo_scale(cr, scale, scale);
    draw(cr, c);
    st = cairo_status(cr);
    cairo_destroy(cr);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_write_to_png_stream(s, to_buf, out);
    cairo_surface_destroy(s);
    return check(st, "chart PNG", err);
}

/* Copy svg to out as an element for an HTML page: without cairo's XML
 * prolog and namespace URLs (nothing on the page names a URL); with SVG
 * 2's href for xlink:href (browsers read both); every id, "#id" reference
 * and url(#id) given prefix, because cairo names glyphs "glyph0-1" in
 * every file and two inline charts with the same ids would borrow each
 * other's letters. */
static void
inline_svg(const char *svg, const char *prefix, const char *title,
           struct pd_buf *out)
{
    static const struct {
        const char *from, *to;
        bool prefixed;
    } subst[] = {
        {" xmlns:xlink=\"http://www.w3.org/1999/xlink\"", "", false},
        /* HTML's parser puts <svg> in the SVG namespace by itself. */
        {" xmlns=\"http://www.w3.org/2000/svg\"", "", false},
        {"xlink:href=\"#", "href=\"#", true},
        {"id=\"", "id=\"", true},
        {"href=\"#", "href=\"#", true},
        {"url(#", "url(#", true},
    };
    const char *p = strstr(svg, "<svg");

    if (!p)
        return;
    /* Scaled to the column on a phone, never wider than drawn. */
    pd_buf_addf(out,
                "<svg role=\"img\" style=\"display:block;width:100%%;"
                "max-width:%dpx;height:auto\" aria-label=\"",
                PD_CHART_WIDTH);
    for (const char *t = title ? title : ""; *t; t++)
        if (*t == '&' || *t == '<' || *t == '>' || *t == '"')
            pd_buf_addf(out, "&#%d;", *t);
        else
            pd_buf_addch(out, *t);
    pd_buf_addch(out, '"');
    for (p += 4; *p;) {
        size_t k = 0, n = sizeof(subst) / sizeof(subst[0]);
        for (; k < n; k++)
            if (strncmp(p, subst[k].from, strlen(subst[k].from)) == 0)
                break;
        if (k == n) {
            pd_buf_addch(out, *p++);
            continue;
        }
        pd_buf_addstr(out, subst[k].to);
        if (subst[k].prefixed)
            pd_buf_addstr(out, prefix);
        p += strlen(subst[k].from);
    }
}

int
pd_chart_svg(const struct pd_chart *c, const char *id_prefix,
             struct pd_buf *out, struct pd_err *err)
{
    struct pd_buf raw = PD_BUF_INIT;
    cairo_surface_t *s = cairo_svg_surface_create_for_stream(
        to_buf, &raw, PD_CHART_WIDTH, PD_CHART_HEIGHT);
    cairo_t *cr;
    cairo_status_t st;

    /* Pixels, like the PNG: cairo's default unit is the point. */
    cairo_svg_surface_set_document_unit(s, CAIRO_SVG_UNIT_PX);
    cr = cairo_create(s);
    draw(cr, c);
    st = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_status(s);
    cairo_surface_destroy(s);
    if (st == CAIRO_STATUS_SUCCESS)
        inline_svg(raw.buf, id_prefix, c->title, out);
    pd_buf_release(&raw);
    return check(st, "chart SVG", err);
}

/* ---- the one-page PDF --------------------------------------------------- */

/* A4 in points, and the margin. */
enum { PAGE_W = 595, PAGE_H = 842, MARGIN = 40 };

static double
table(cairo_t *cr, const struct pd_chart_page *p, double y)
{
    static const double col[4] = {MARGIN, 330, 420, PAGE_W - MARGIN};
    size_t n = p->nrows > PD_CHART_MAX_ROWS ? PD_CHART_MAX_ROWS : p->nrows;
    char notice[80];

    set_hex(cr, "#222222", 1);
    for (int k = 0; k < 4; k++)
        text(cr, p->head[k] ? p->head[k] : "", col[k], y, 9, true,
             k ? RIGHT : LEFT);
    y += 15;
    for (size_t i = 0; i < n; i++) {
        const struct pd_chart_row *r = &p->rows[i];
        set_hex(cr, "#dddddd", 1);
        cairo_set_line_width(cr, 0.5);
        cairo_move_to(cr, MARGIN, y - 2);
        cairo_line_to(cr, PAGE_W - MARGIN, y - 2);
        cairo_stroke(cr);
        for (int k = 0; k < 4; k++) {
            set_hex(cr,
                    k < 3          ? "#222222"
                    : r->sense > 0 ? "#2e7d32"
                    : r->sense < 0 ? "#c62828"
                                   : "#666666",
                    1);
            text(cr, r->cell[k] ? r->cell[k] : "", col[k], y, 9, false,
                 k ? RIGHT : LEFT);
        }
        y += 14;
    }
    if (n < p->nrows) {
        /* SPEC §7: a cut table says so. */
        pd_kpi_cut_notice(n, p->nrows, notice, sizeof(notice));
        set_hex(cr, "#666666", 1);
        text(cr, notice, MARGIN, y, 8, false, LEFT);
        y += 14;
    }
    return y + 8;
}

/* A paragraph wrapped at the page's text width, cut with an ellipsis
 * after lines lines (so the page stays one page); returns its height. */
static double
para(cairo_t *cr, const char *s, double y, double size, int lines)
{
    PangoLayout *l = pango_cairo_create_layout(cr);
    PangoFontDescription *fd = pango_font_description_from_string(font_family);
    int w, h;

    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    pango_layout_set_font_description(l, fd);
    pango_layout_set_width(l, (PAGE_W - 2 * MARGIN) * PANGO_SCALE);
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_height(l, -lines);
    pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
    pango_layout_set_text(l, s, -1);
    pango_layout_get_pixel_size(l, &w, &h);
    cairo_move_to(cr, MARGIN, y);
    pango_cairo_show_layout(cr, l);
    pango_font_description_free(fd);
    g_object_unref(l);
    return h;
}

static void
page(cairo_t *cr, const struct pd_chart_page *p)
{
    double y = MARGIN, avail, scale;
    size_t nn = p->nnotes > 8 ? 8 : p->nnotes;

    set_hex(cr, "#222222", 1);
    text(cr, p->title ? p->title : "", MARGIN, y, 16, true, LEFT);
    y += 28;
    for (size_t i = 0; i < p->nlines && i < 4; i++)
        y += para(cr, p->lines[i] ? p->lines[i] : "", y, 9.5, 2) + 2;
    y = table(cr, p, y + 8);
    /* The charts share what the table and the notes leave, never more
     * than their natural size, so the page stays one page. */
    /* Notes take two lines at most (26 points) each. */
    avail = PAGE_H - MARGIN - y - (double)nn * 26 - 8;
    scale = fmin((PAGE_W - 2.0 * MARGIN) / PD_CHART_WIDTH, 1.0);
    if (p->ncharts)
        scale = fmin(scale, avail / (double)p->ncharts / PD_CHART_HEIGHT);
    for (size_t i = 0; i < p->ncharts && scale > 0.2; i++) {
        cairo_save(cr);
        cairo_translate(cr, MARGIN, y);
        cairo_scale(cr, scale, scale);
        draw(cr, &p->charts[i]);
        cairo_restore(cr);
        y += PD_CHART_HEIGHT * scale;
    }
    set_hex(cr, "#444444", 1);
    y += 4;
    for (size_t i = 0; i < nn; i++)
        y += para(cr, p->notes[i] ? p->notes[i] : "", y, 8.5, 2) + 2;
}

int
pd_chart_pdf(const struct pd_chart_page *p, struct pd_buf *out,
             struct pd_err *err)
{
    cairo_surface_t *s =
        cairo_pdf_surface_create_for_stream(to_buf, out, PAGE_W, PAGE_H);
    cairo_t *cr = cairo_create(s);
    cairo_status_t st;

    page(cr, p);
    cairo_show_page(cr);
    st = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_status(s);
    cairo_surface_destroy(s);
    return check(st, "summary PDF", err);
}

void
pd_chart_cleanup(void)
{
    /* The documented teardown, in dependency order: pango's default font
     * map holds cairo fonts, which hold fontconfig patterns. */
    pango_cairo_font_map_set_default(NULL);
#if defined(__SANITIZE_ADDRESS__)
    /* Only for the leak checker.  cairo_debug_reset_static_data() asserts
     * that no font is alive, and pango 1.50 does not always let go of its
     * fonts when the font map is dropped: in a full test run, two of the
     * weekly reports aborted at exit ("_cairo_hash_table_destroy:
     * Assertion `hash_table->live_entries == 0'", exit 134) after writing
     * every file, and passed when run again.  A process about to exit
     * needs neither call. */
    cairo_debug_reset_static_data();
    FcFini();
#endif
}
