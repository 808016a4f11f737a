#include "email.h"

#include <stdio.h>
#include <string.h>

#include "reports/chart.h"
#include "reports/doc.h"
#include "reports/kpi.h"
#include "reports/mime.h"
#include "reports/summary.h"
#include "reports/trends.h"

/* SPEC §7: a render that comes out empty is an error, never a blank
 * email.  Empty is a document without a week (no period label), one in
 * which no headline has a value in either week (a warehouse without data
 * still has counts of 0: that is news, not emptiness), or parts that
 * lost their body. */
static int
check_not_empty(const struct pd_doc *doc, const char *text, const char *html,
                struct pd_err *err)
{
    const char *label = pd_doc_str(doc->root, "period.label");
    size_t valued = 0;

    if (!label)
        return pd_err_set(err, PD_E_INTERNAL,
                          "the weekly email came out empty: its document "
                          "names no week");
    for (size_t i = 0; i < pd_weekly_nkpis; i++) {
        struct pd_kpi_value v;
        pd_kpi_read(&pd_weekly_kpis[i], doc, &v);
        valued += v.has || v.has_prev;
    }
    if (valued == 0)
        return pd_err_set(err, PD_E_INTERNAL,
                          "the weekly email of %s came out empty: no "
                          "headline has a value",
                          label);
    if (!strstr(html, "<td") || !strchr(text, '\n'))
        return pd_err_set(err, PD_E_INTERNAL,
                          "the weekly email of %s came out empty", label);
    return 0;
}

/* The text and HTML parts and the charts as PNG. */
static int
render(const struct pd_doc *doc, struct pd_buf *text, struct pd_buf *html,
       struct pd_buf png[PD_TRENDS_N], struct pd_err *err)
{
    struct pd_chart charts[PD_TRENDS_N];
    int rc = 0;

    /* SPEC §7: the period, the zone and the data-as-of day first. */
    pd_summary_weekly_lead(doc, text);
    pd_buf_addstr(text, "\n\n");
    pd_summary_weekly(doc, PD_SUMMARY_TEXT, text);
    pd_buf_addstr(text, "\nThe 13-week charts are in the HTML version.\n");
    pd_summary_weekly_email(doc, html);
    pd_trends_weekly(doc, charts);
    for (size_t i = 0; i < PD_TRENDS_N && rc == 0; i++)
        rc = pd_chart_png(&charts[i], 2, &png[i], err);
    return rc;
}

int
pd_email_weekly(const struct pd_doc *doc, const struct pd_email_opts *opts,
                int64_t now, struct pd_buf *out, struct pd_err *err)
{
    static const char *const names[PD_TRENDS_N] = {"tickets.png", "nps.png",
                                                   "active-users.png"};
    const char *label = pd_doc_str(doc->root, "period.label");
    struct pd_buf text = PD_BUF_INIT, html = PD_BUF_INIT, subject = PD_BUF_INIT,
                  png[PD_TRENDS_N];
    struct pd_mime_part parts[PD_TRENDS_N];
    char cids[PD_TRENDS_N][32];
    struct pd_mime_msg m;
    int rc;

    for (size_t i = 0; i < PD_TRENDS_N; i++)
        pd_buf_init(&png[i], 0);
    rc = render(doc, &text, &html, png, err);
    if (rc == 0)
        rc = check_not_empty(doc, text.buf, html.buf, err);
    pd_buf_addf(&subject, "%s %s",
                opts && opts->subject ? opts->subject : "Weekly report",
                label ? label : "");
    for (size_t i = 0; i < PD_TRENDS_N; i++) {
        pd_trends_cid(i, cids[i], sizeof(cids[i]));
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
