#include "jobs/demo/requests.h"

#include <string.h>

#include "common/timeutil.h"
#include "jobs/demo/accounts.h"
#include "jobs/demo/launches.h"
#include "jobs/demo/rng.h"
#include "jobs/demo/writer.h"

enum status { OPEN, PLANNED, STARTED, COMPLETED, DECLINED, DUPLICATE };

static const char *const status_names[] = {
    "open", "planned", "started", "completed", "declined", "duplicate"};

/* A post: created `days` before the end; answered `answer` days after
 * (0: at its launch's release when `launch` > 0, else never). */
static const struct post {
    const char *title, *description, *tags;
    enum status status;
    uint16_t days, votes, comments, answer;
    uint8_t launch;   /* 1 + the launch it asks for, or 0 */
    uint8_t original; /* a duplicate: the original's number */
    const char *response;
} posts[] = {
    {"Dark mode",
     "Our analysts work late; a dark theme for the dashboards would be "
     "easier on the eyes.",
     "Core App", PLANNED, 150, 48, 12, 30, 0, 0,
     "On the roadmap for next quarter, thanks for all the votes!"},
    {"Bulk edit for reports",
     "Changing owners or filters on dozens of reports one by one takes "
     "hours.",
     "Core App", COMPLETED, 170, 31, 9, 0, 1, 0,
     "Shipped: select reports and choose Edit. See the release notes."},
    {"Export to Excel (xlsx)",
     "CSV loses our formatting and accents; finance wants real xlsx files.",
     "Data Export", OPEN, 120, 27, 6, 0, 0, 0, NULL},
    {"SAML group mapping for SSO",
     "Map Okta groups to workspaces so we don't provision people by hand.",
     "Login & Access", STARTED, 140, 22, 7, 40, 0, 0,
     "We are building this now."},
    {"Scheduled exports by e-mail",
     "Send a report as CSV to a list of people every Monday at 8:00.",
     "Data Export", PLANNED, 100, 25, 5, 21, 0, 0, "Planned."},
    {"Integrations marketplace",
     "One place to find and install integrations (Jira, Salesforce, "
     "Zapier) without asking support.",
     "Integrations", COMPLETED, 130, 19, 4, 0, 2, 0,
     "Shipped as the Integrations hub."},
    {"Higher API rate limits",
     "Our nightly sync hits 429s; please raise the limits for Enterprise.",
     "Integrations", OPEN, 60, 14, 3, 0, 0, 0, NULL},
    {"Duplicate a dashboard", "Copy a dashboard to tweak it for another team.",
     "Core App", PLANNED, 90, 17, 2, 14, 0, 0, "Planned."},
    {"Audit log", "Who changed what and when, exportable for our SOC 2 audit.",
     "Login & Access", OPEN, 80, 12, 2, 0, 0, 0, NULL},
    {"Android home-screen widget", "Today's numbers on the home screen.",
     "Core App", OPEN, 50, 6, 1, 0, 0, 0, NULL},
    {"Custom roles and permissions",
     "A viewer role that can export but not edit.", "Login & Access", OPEN, 70,
     10, 3, 0, 0, 0, NULL},
    {"Night theme", "Please add a night theme, the white UI is blinding.",
     "Core App", DUPLICATE, 95, 3, 1, 2, 0, 1, "Merged into \"Dark mode\"."},
    {"Dark mode for the mobile app",
     "The phone app at night, same as the web request.", "Core App", OPEN, 40,
     9, 2, 0, 0, 0, NULL},
    {"Allow bulk-edit of dashboard filters",
     "Same as bulk edit for reports, for dashboards.", "Core App", COMPLETED,
     75, 5, 1, 0, 1, 0, "Included in Bulk edit."},
    {"Excel export keeps formulas", "Totals should stay formulas in Excel.",
     "Data Export", OPEN, 30, 4, 0, 0, 0, 0, NULL},
    {"SCIM provisioning",
     "Provision and deprovision users from Azure AD automatically.",
     "Login & Access", OPEN, 45, 8, 2, 0, 0, 0, NULL},
    {"Rate limit headers in API responses",
     "Tell us how close we are to the rate limit.", "Integrations", OPEN, 25, 3,
     0, 0, 0, 0, NULL},
    {"Clone dashboard across workspaces",
     "We run one workspace per region and rebuild every dashboard.", "Core App",
     OPEN, 20, 5, 1, 0, 0, 0, NULL},
    {"Slack digest of weekly KPIs", "A Monday message with our five KPIs.",
     "Integrations", OPEN, 35, 7, 2, 0, 0, 0, NULL},
    {"Gantt view for projects", "Plan projects on a timeline.", "Core App",
     DECLINED, 110, 4, 3, 9, 0, 0,
     "Not planned: we focus on reporting, not project planning."},
    {"Schedule a report to Slack", "Post a chart to a channel every morning.",
     "Data Export", OPEN, 22, 6, 1, 0, 0, 0, NULL},
    {"Audit trail for permission changes",
     "Security asks who granted admin rights.", "Login & Access", OPEN, 15, 4,
     0, 0, 0, 0, NULL},
    {"Annotations on charts", "Mark releases and campaigns on a chart.",
     "Core App", OPEN, 55, 6, 2, 0, 0, 0, NULL},
    {"Integrations hub: add Microsoft Teams", "Teams is missing from the hub.",
     "Integrations", OPEN, 10, 5, 1, 0, 0, 0, NULL},
    {"Two-factor via an authenticator app", "SMS codes arrive late abroad.",
     "Login & Access", COMPLETED, 160, 11, 4, 60, 0, 0, "Done, see Settings."},
    {"Dark theme for embedded dashboards",
     "Our portal is dark; the embedded charts are white.", "Core App", OPEN, 12,
     2, 0, 0, 0, 0, NULL},
    {"Export charts to PowerPoint", "For the monthly board deck.",
     "Data Export", OPEN, 65, 3, 1, 0, 0, 0, NULL},
    {"Bulk edit tags", "Bulk edit is great; please let it change tags too.",
     "Core App", OPEN, 8, 2, 0, 0, 0, 0, NULL},
    {"Weekly usage e-mail to admins", "Who used what last week.", "Core App",
     OPEN, 5, 1, 0, 0, 0, 0, NULL},
    {"Okta SSO for the mobile app",
     "SSO works on the web but the phone app asks for a password.",
     "Login & Access", OPEN, 18, 4, 1, 0, 0, 0, NULL},
};

#define RESPONDER "Priya Shah"

/* When post k was answered, or PD_DEMO_NEVER. */
static int64_t
answered(const struct pd_demo *d, const struct post *p, int64_t created)
{
    int64_t t;

    if (p->status == OPEN)
        return PD_DEMO_NEVER;
    if (p->launch)
        t = pd_demo_launch_day(d, p->launch - 1) + 15 * PD_US_PER_HOUR;
    else
        t = created + p->answer * PD_US_PER_DAY + 3 * PD_US_PER_HOUR;
    return t < created ? created + PD_US_PER_HOUR : t;
}

static size_t
rows_posts(struct pd_demo *d, const struct pd_demo_gen *g, struct pd_demo_wr *w)
{
    struct pd_demo_rng r = {pd_demo_mix64(d->o->seed ^ PD_DEMO_SALT_REQUESTS)};

    (void)g;
    for (size_t k = 0; k < PD_DEMO_NELEM(posts); k++) {
        const struct post *p = &posts[k];
        uint32_t a = pd_demo_account_pick(d, &r);
        uint32_t who = pd_demo_rng_below(&r, d->acc[a].ncontacts);
        int64_t day0 = d->end - p->days * PD_US_PER_DAY;
        int64_t created =
            day0 - day0 % PD_US_PER_DAY +
            (int64_t)(8 + pd_demo_rng_below(&r, 10)) * PD_US_PER_HOUR +
            pd_demo_rng_below(&r, 3600) * PD_US_PER_SEC;
        int64_t resp = answered(d, p, created);
        struct pd_demo_person person;

        pd_demo_person_of(d, a, who, &person);
        pd_demo_wr_u64(w, k + 1);
        pd_demo_wr_ch(w, ',');
        pd_demo_wr_text(w, p->title);
        pd_demo_wr_ch(w, ',');
        pd_demo_wr_text(w, p->description);
        pd_demo_wr_ch(w, ',');
        pd_demo_wr_stamp(w, created, 'T', 0, "Z");
        pd_demo_wr_ch(w, ',');
        pd_demo_wr_text(w, person.name);
        pd_demo_wr_ch(w, ',');
        pd_demo_wr_u64(w, p->votes);
        pd_demo_wr_ch(w, ',');
        pd_demo_wr_u64(w, p->comments);
        pd_demo_wr_ch(w, ',');
        pd_demo_wr_str(w, status_names[p->status]);
        pd_demo_wr_ch(w, ',');
        if (resp < d->end) {
            pd_demo_wr_str(w, RESPONDER);
            pd_demo_wr_ch(w, ',');
            pd_demo_wr_stamp(w, resp, 'T', 0, "Z");
            pd_demo_wr_ch(w, ',');
            pd_demo_wr_text(w, p->response ? p->response : "");
        } else {
            pd_demo_wr_str(w, ",,");
        }
        pd_demo_wr_ch(w, ',');
        if (p->original) {
            pd_demo_wr_u64(w, p->original);
            pd_demo_wr_ch(w, ',');
            pd_demo_wr_text(w, posts[p->original - 1].title);
        } else {
            pd_demo_wr_ch(w, ',');
        }
        pd_demo_wr_ch(w, ',');
        pd_demo_wr_text(w, p->tags);
        pd_demo_wr_ch(w, ',');
        pd_demo_wr_text(w, d->acc[a].name);
        pd_demo_wr_eol(w);
    }
    return PD_DEMO_NELEM(posts);
}

/* Fider's header (formats.md §3.7) and the company column. */
const struct pd_demo_gen pd_demo_requests_gens[] = {
    {.name = "fider/posts.csv",
     .source = "fider",
     .kind = "requests",
     .eol = "\n",
     .header = "number,title,description,created_at,created_by,votes_count,"
               "comments_count,status,responded_by,responded_at,response,"
               "original_number,original_title,tags,company",
     .rows = rows_posts},
};
const size_t pd_demo_requests_ngens = PD_DEMO_NELEM(pd_demo_requests_gens);
