#include "email.h"

#include <stdio.h>
#include <string.h>

#include "reports/chart.h"
#include "reports/doc.h"
#include "reports/mime.h"
#include "reports/summary.h"
#include "reports/trends.h"

/* The HTML page with the lead line first in its body and the i-th inline
 * <svg>...</svg> (the charts, in order) replaced by an <img> of the i-th
 * PNG part: one page body for the browser and the mail client. */
static void
email_html(const char *page, const char *lead, const struct pd_chart *charts,
           struct pd_buf *out)
{
    const char *body = strstr(page, "<body"), *p = page;
    const char *gt = body ? strchr(body, '>') : NULL;
    size_t k = 0;

    if (gt) {
        pd_buf_add(out, page, (size_t)(gt + 1 - page));
        pd_buf_addstr(out, "\n<p style=\"font-size:13px;color:#555;"
                           "margin:0 0 8px\">");
        pd_buf_addstr(out, lead);
        pd_buf_addstr(out, "</p>");
        p = gt + 1;
    }
    for (const char *s; (s = strstr(p, "<svg")) != NULL;) {
        const char *e = strstr(s, "</svg>");
        if (!e)
            break;
        pd_buf_add(out, p, (size_t)(s - p));
        pd_buf_addf(out,
                    "<img src=\"cid:trend-%zu@prodops\" width=\"%d\" "
                    "height=\"%d\" alt=\"%s, last 13 weeks\" "
                    "style=\"display:block;width:100%%;max-width:%dpx;"
                    "height:auto;border:0\">",
                    k + 1, PD_CHART_WIDTH, PD_CHART_HEIGHT,
                    k < PD_TRENDS_N ? charts[k].title : "chart",
                    PD_CHART_WIDTH);
        k++;
        p = e + strlen("</svg>");
    }
    pd_buf_addstr(out, p);
}

/* A lead line of data from the document, safe in HTML (the zone and the
 * label are validated, but say so in one place). */
static void
escape(const char *s, struct pd_buf *out)
{
    for (; *s; s++)
        if (*s == '<')
            pd_buf_addstr(out, "&lt;");
        else if (*s == '&')
            pd_buf_addstr(out, "&amp;");
        else
            pd_buf_addch(out, *s);
}

static int
render(const struct pd_doc *doc, struct pd_buf *text, struct pd_buf *html,
       struct pd_buf png[PD_TRENDS_N], struct pd_chart charts[PD_TRENDS_N],
       struct pd_err *err)
{
    struct pd_buf lead = PD_BUF_INIT, lead_html = PD_BUF_INIT,
                  page = PD_BUF_INIT;
    int rc = 0;

    pd_summary_weekly_lead(doc, &lead);
    escape(lead.buf, &lead_html);
    pd_buf_addf(text, "%s\n\n", lead.buf);
    pd_summary_weekly(doc, PD_SUMMARY_TEXT, text);
    pd_buf_addstr(text, "\nThe 13-week charts are in the HTML version.\n");
    pd_summary_weekly_html(doc, &page);
    pd_trends_weekly(doc, charts);
    email_html(page.buf, lead_html.buf, charts, html);
    for (size_t i = 0; i < PD_TRENDS_N && rc == 0; i++)
        rc = pd_chart_png(&charts[i], 2, &png[i], err);
    /* SPEC §7: a render that comes out empty is an error, never a blank
     * email. */
    if (rc == 0 && (!strstr(html->buf, "<td") || !strstr(text->buf, "\n")))
        rc = pd_err_set(err, PD_E_INTERNAL, "the weekly email rendered empty");
    pd_buf_release(&lead);
    pd_buf_release(&lead_html);
    pd_buf_release(&page);
    return rc;
}

int
pd_email_weekly(const struct pd_doc *doc, const struct pd_email_opts *opts,
                int64_t now, struct pd_buf *out, struct pd_err *err)
{
    yajl_val root = doc->root;
    static const char *const names[PD_TRENDS_N] = {"tickets.png", "nps.png",
                                                   "active-users.png"};
    struct pd_buf text = PD_BUF_INIT, html = PD_BUF_INIT, subject = PD_BUF_INIT,
                  png[PD_TRENDS_N];
    struct pd_chart charts[PD_TRENDS_N];
    struct pd_mime_part parts[PD_TRENDS_N];
    char cids[PD_TRENDS_N][32];
    struct pd_mime_msg m;
    int rc;

    for (size_t i = 0; i < PD_TRENDS_N; i++)
        pd_buf_init(&png[i], 0);
    rc = render(doc, &text, &html, png, charts, err);
    pd_buf_addf(&subject, "%s %s",
                opts && opts->subject ? opts->subject : "Weekly report",
                pd_doc_str(root, "period.label")
                    ? pd_doc_str(root, "period.label")
                    : "");
    for (size_t i = 0; i < PD_TRENDS_N; i++) {
        snprintf(cids[i], sizeof(cids[i]), "trend-%zu@prodops", i + 1);
        parts[i] = (struct pd_mime_part){"image/png", cids[i], names[i],
                                         png[i].buf, png[i].len};
    }
    m = (struct pd_mime_msg){opts && opts->from ? opts->from
                                                : "prodops <prodops@localhost>",
                             opts ? opts->to : NULL,
                             subject.buf,
                             now,
                             text.buf,
                             html.buf,
                             parts,
                             PD_TRENDS_N};
    if (rc == 0)
        rc = pd_mime_write(&m, out, err);
    for (size_t i = 0; i < PD_TRENDS_N; i++)
        pd_buf_release(&png[i]);
    pd_buf_release(&text);
    pd_buf_release(&html);
    pd_buf_release(&subject);
    return rc;
}
