#include "jobs/demo/usage_export.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/timeutil.h"
#include "common/xalloc.h"
#include "jobs/demo/accounts.h"
#include "jobs/demo/archive.h"
#include "jobs/demo/exposures.h"
#include "jobs/demo/usage.h"
#include "jobs/demo/writer.h"

#define APP_URL "https://app.acmehq.example"

/* PostHog's flattened DOM path of an autocaptured click; quotes and a
 * comma make the CSV quote it. */
static const char *const chains[] = {
    "button.btn.btn-primary:attr__class=\"btn btn-primary\"nth-child=\"2\""
    "nth-of-type=\"1\"text=\"Export CSV\";div.toolbar:attr__class=\"toolbar\""
    "nth-child=\"1\"nth-of-type=\"1\"",
    "a:attr__href=\"/reports/new\"href=\"/reports/new\"nth-child=\"1\""
    "nth-of-type=\"1\"text=\"New report\";nav.sidebar:attr__class=\"sidebar\""
    "nth-child=\"1\"nth-of-type=\"1\"",
    "button:nth-child=\"3\"nth-of-type=\"2\"text=\"Save, then share\";"
    "form#report-form:attr__id=\"report-form\"nth-child=\"1\""
    "nth-of-type=\"1\"",
};

/* ---- usage: one event, per vendor ---------------------------------------- */

/* The event's properties as JSON members, without braces. */
static void
put_props(struct pd_demo_wr *w, const struct pd_demo_uev *e)
{
    const struct pd_demo_evtype *et = &pd_demo_evtypes[e->type];

    if (e->exp) {
        pd_demo_exposure_props(w, e);
        return;
    }
    if (et->skey) {
        pd_demo_wr_ch(w, '"');
        pd_demo_wr_str(w, et->skey);
        pd_demo_wr_str(w, "\":\"");
        pd_demo_wr_str(w, et->svals[(e->r >> 8) % et->nsvals]);
        pd_demo_wr_ch(w, '"');
    }
    if (et->nkey) {
        pd_demo_wr_str(w, et->skey ? ",\"" : "\"");
        pd_demo_wr_str(w, et->nkey);
        pd_demo_wr_str(w, "\":");
        pd_demo_wr_u64(w, 1 + (e->r >> 24) % et->nmax);
    }
}

static bool
has_props(const struct pd_demo_uev *e)
{
    return e->exp || pd_demo_evtypes[e->type].skey ||
           pd_demo_evtypes[e->type].nkey;
}

/* The export's key order is alphabetical; keys the SDK did not send are
 * present with null (formats.md §3.1).  Split in two for length only. */
static void
put_amplitude_head(struct pd_demo_wr *w, const struct pd_demo *d,
                   const struct pd_demo_uev *e, const struct pd_demo_user *u)
{
    const struct pd_demo_browser *b = &pd_demo_browsers[u->browser];
    int64_t up = e->t + (int64_t)(1 + (e->r >> 40) % 5) * PD_US_PER_SEC +
                 (int64_t)((e->r >> 12) % 1000000);

    pd_demo_wr_str(w, "{\"$insert_id\":\"");
    pd_demo_wr_uuid(w, e->r);
    pd_demo_wr_str(w, "\",\"$insert_key\":null,\"$schema\":12,\"adid\":null,"
                      "\"amplitude_attribution_ids\":null,"
                      "\"amplitude_event_type\":null,\"amplitude_id\":");
    pd_demo_wr_u64(w, u->amp_id);
    pd_demo_wr_str(w, ",\"app\":");
    pd_demo_wr_u64(w, d->project);
    pd_demo_wr_str(w, ",\"city\":");
    pd_demo_wr_json(w, u->c->name);
    pd_demo_wr_str(w, ",\"client_event_time\":\"");
    pd_demo_wr_stamp(w, e->t, ' ', 6, "");
    pd_demo_wr_str(w, "\",\"client_upload_time\":\"");
    pd_demo_wr_stamp(w, up, ' ', 6, "");
    pd_demo_wr_str(w, "\",\"country\":");
    pd_demo_wr_json(w, u->c->country);
    pd_demo_wr_str(
        w, ",\"data\":{\"path\":\"/2/httpapi\",\"group_first_event\":{},"
           "\"group_ids\":{}},\"data_type\":\"event\",\"device_brand\":null,"
           "\"device_carrier\":null,\"device_family\":");
    pd_demo_wr_json(w, b->family);
    pd_demo_wr_str(w, ",\"device_id\":\"");
    pd_demo_wr_str(w, u->device);
    pd_demo_wr_str(w, "\",\"device_manufacturer\":null,\"device_model\":null,"
                      "\"device_type\":");
    pd_demo_wr_json(w, b->device_type);
    pd_demo_wr_str(w, ",\"dma\":null,\"event_id\":");
    pd_demo_wr_u64(w, u->event_id);
    pd_demo_wr_str(w, ",\"event_properties\":{");
    put_props(w, e);
    pd_demo_wr_str(w, "},\"event_time\":\"");
    pd_demo_wr_stamp(w, e->t, ' ', 6, "");
    pd_demo_wr_str(w, "\",\"event_type\":");
    pd_demo_wr_json(w, pd_demo_evtypes[e->type].name);
}

static void
put_amplitude_tail(struct pd_demo_wr *w, const struct pd_demo *d,
                   const struct pd_demo_uev *e, const struct pd_demo_user *u)
{
    const struct pd_demo_browser *b = &pd_demo_browsers[u->browser];
    int64_t recv = e->t + (int64_t)(1 + (e->r >> 40) % 5) * PD_US_PER_SEC +
                   (int64_t)((e->r >> 12) % 1000000) + 180000;

    pd_demo_wr_str(w, ",\"global_user_properties\":{},\"group_properties\":{},"
                      "\"groups\":{");
    if (!e->anon && u->account != PD_DEMO_NO_ACCOUNT &&
        d->acc[u->account].groups) {
        pd_demo_wr_str(w, "\"account\":\"");
        pd_demo_wr_str(w, u->acc_id);
        pd_demo_wr_ch(w, '"');
    }
    pd_demo_wr_str(w, "},\"idfa\":null,\"ip_address\":\"");
    pd_demo_wr_ip(w, u->h);
    pd_demo_wr_str(w, "\",\"is_attribution_event\":false,\"language\":");
    pd_demo_wr_json(w, u->c->lang);
    pd_demo_wr_str(w,
                   ",\"library\":\"amplitude-ts/2.16.1\",\"location_lat\":null,"
                   "\"location_lng\":null,\"os_name\":");
    pd_demo_wr_json(w, b->name);
    pd_demo_wr_str(w, ",\"os_version\":");
    pd_demo_wr_json(w, b->version);
    pd_demo_wr_str(w,
                   ",\"partner_id\":null,\"paying\":null,\"platform\":\"Web\","
                   "\"processed_time\":\"");
    pd_demo_wr_stamp(w, recv + 1400000, ' ', 6, "");
    pd_demo_wr_str(w, "\",\"region\":");
    pd_demo_wr_json(w, u->c->state);
    pd_demo_wr_str(w, ",\"sample_rate\":null,\"server_received_time\":\"");
    pd_demo_wr_stamp(w, recv, ' ', 6, "");
    pd_demo_wr_str(w, "\",\"server_upload_time\":\"");
    pd_demo_wr_stamp(w, recv + 3000, ' ', 6, "");
    pd_demo_wr_str(w, "\",\"session_id\":");
    pd_demo_wr_u64(w, (uint64_t)e->session);
    pd_demo_wr_str(w, ",\"source_id\":null,\"start_version\":null,"
                      "\"user_creation_time\":\"");
    pd_demo_wr_stamp(w, u->created, ' ', 6, "");
    pd_demo_wr_str(w, "\",\"user_id\":");
    if (e->anon)
        pd_demo_wr_str(w, "null");
    else
        pd_demo_wr_json(w, u->email);
    pd_demo_wr_str(w, ",\"user_properties\":{");
    if (!e->anon && u->account == PD_DEMO_NO_ACCOUNT) {
        /* A trial user (exposures.c): the e-mail the experiment readout
         * joins tickets and NPS on (SPEC §9), and no plan yet. */
        pd_demo_wr_str(w, "\"email\":");
        pd_demo_wr_json(w, u->email);
        pd_demo_wr_str(w, ",\"plan\":\"Trial\"");
    } else if (!e->anon) {
        pd_demo_wr_str(w, "\"plan\":\"");
        pd_demo_wr_str(w, pd_demo_plans[d->acc[u->account].plan].name);
        pd_demo_wr_ch(w, '"');
    }
    pd_demo_wr_str(w, "},\"uuid\":\"");
    pd_demo_wr_uuid(w, pd_demo_mix64(e->r));
    pd_demo_wr_str(w, "\",\"version_name\":null}\n");
}

static void
put_amplitude(struct pd_demo_wr *w, struct pd_demo *d,
              const struct pd_demo_uev *e)
{
    struct pd_demo_user *u = &d->users[e->user];

    u->event_id++;
    put_amplitude_head(w, d, e, u);
    put_amplitude_tail(w, d, e, u);
}

/* Mixpanel raw export: anonymous events carry "$device:<id>" as
 * distinct_id (simplified ID merge) and no e-mail or account. */
static void
put_mixpanel(struct pd_demo_wr *w, struct pd_demo *d,
             const struct pd_demo_uev *e)
{
    const struct pd_demo_user *u = &d->users[e->user];

    pd_demo_wr_str(w, "{\"event\":");
    pd_demo_wr_json(w, pd_demo_evtypes[e->type].name);
    pd_demo_wr_str(w, ",\"properties\":{\"time\":");
    pd_demo_wr_u64(w, (uint64_t)(e->t / PD_US_PER_SEC));
    pd_demo_wr_str(w, ",\"distinct_id\":");
    if (e->anon) {
        pd_demo_wr_str(w, "\"$device:");
        pd_demo_wr_str(w, u->device);
        pd_demo_wr_ch(w, '"');
    } else {
        pd_demo_wr_json(w, u->email);
    }
    pd_demo_wr_str(w, ",\"$insert_id\":\"");
    pd_demo_wr_uuid(w, e->r);
    pd_demo_wr_str(w, "\",\"mp_processing_time_ms\":");
    pd_demo_wr_u64(w, (uint64_t)(e->t / 1000) + 1500 + (e->r >> 44) % 60000);
    if (!e->anon) {
        pd_demo_wr_str(w, ",\"$email\":");
        pd_demo_wr_json(w, u->email);
        pd_demo_wr_str(w, ",\"account_id\":\"");
        pd_demo_wr_str(w, u->acc_id);
        pd_demo_wr_str(w, "\",\"plan\":\"");
        pd_demo_wr_str(w, pd_demo_plans[d->acc[u->account].plan].name);
        pd_demo_wr_ch(w, '"');
    }
    pd_demo_wr_str(w, ",\"$device_id\":\"");
    pd_demo_wr_str(w, u->device);
    pd_demo_wr_str(
        w, u->ios ? "\",\"$os\":\"iOS\",\"$app_version_string\":\"4.12.0\","
                    "\"mp_lib\":\"swift\",\"$city\":"
                  : "\",\"$os\":\"Android\",\"$app_version_string\":"
                    "\"4.11.2\",\"mp_lib\":\"android\",\"$city\":");
    pd_demo_wr_json(w, u->c->name);
    if (has_props(e)) {
        pd_demo_wr_ch(w, ',');
        put_props(w, e);
    }
    pd_demo_wr_str(w, "}}\n");
}

static void
put_segment_props(struct pd_demo_wr *w, const struct pd_demo_uev *e, bool page)
{
    const struct pd_demo_evtype *et = &pd_demo_evtypes[e->type];

    pd_demo_wr_str(w, ",\"properties\":{");
    if (page) {
        pd_demo_wr_str(w, "\"path\":\"");
        pd_demo_wr_str(w, et->path);
        pd_demo_wr_str(w, "\",\"referrer\":\"\",\"title\":\"");
        pd_demo_wr_str(w, et->page);
        pd_demo_wr_str(w, " · Acme\",\"url\":\"" APP_URL);
        pd_demo_wr_str(w, et->path);
        pd_demo_wr_ch(w, '"');
    } else {
        put_props(w, e);
    }
    pd_demo_wr_ch(w, '}');
}

/* Segment track and page calls (formats.md §3.3).  context.groupId ties a
 * call to the account (Segment's B2B convention). */
static void
put_segment(struct pd_demo_wr *w, struct pd_demo *d,
            const struct pd_demo_uev *e)
{
    const struct pd_demo_user *u = &d->users[e->user];
    const struct pd_demo_evtype *et = &pd_demo_evtypes[e->type];
    bool page = et->page != NULL;
    int64_t sent = e->t + (int64_t)(200 + (e->r >> 50) % 2000) * 1000;

    pd_demo_wr_str(w, page ? "{\"type\":\"page\",\"name\":"
                           : "{\"type\":\"track\","
                             "\"event\":");
    pd_demo_wr_json(w, page ? et->page : et->name);
    pd_demo_wr_str(w, ",\"userId\":");
    if (e->anon)
        pd_demo_wr_str(w, "null");
    else
        pd_demo_wr_json(w, u->email);
    pd_demo_wr_str(w, ",\"anonymousId\":\"");
    pd_demo_wr_str(w, u->device);
    pd_demo_wr_str(w, "\",\"messageId\":\"ajs-next-");
    pd_demo_wr_hex(w, e->r, 16);
    pd_demo_wr_hex(w, pd_demo_mix64(e->r), 16);
    pd_demo_wr_str(w, "\",\"timestamp\":\"");
    pd_demo_wr_stamp(w, e->t, 'T', 3, "Z");
    pd_demo_wr_str(w, "\",\"originalTimestamp\":\"");
    pd_demo_wr_stamp(w, e->t, 'T', 3, "Z");
    pd_demo_wr_str(w, "\",\"sentAt\":\"");
    pd_demo_wr_stamp(w, sent, 'T', 3, "Z");
    pd_demo_wr_str(w, "\",\"receivedAt\":\"");
    pd_demo_wr_stamp(w, sent + 84000, 'T', 3, "Z");
    pd_demo_wr_ch(w, '"');
    put_segment_props(w, e, page);
    pd_demo_wr_str(w, ",\"context\":{");
    if (!e->anon) {
        pd_demo_wr_str(w, "\"groupId\":\"");
        pd_demo_wr_str(w, u->acc_id);
        pd_demo_wr_str(w, "\",");
    }
    pd_demo_wr_str(w, "\"ip\":\"");
    pd_demo_wr_ip(w, u->h);
    pd_demo_wr_str(
        w, "\",\"library\":{\"name\":\"analytics.js\",\"version\":"
           "\"next-1.70.0\"},\"locale\":\"en-US\",\"page\":{\"path\":\"");
    pd_demo_wr_str(w, et->path);
    pd_demo_wr_str(w, "\",\"url\":\"" APP_URL);
    pd_demo_wr_str(w, et->path);
    pd_demo_wr_str(w, "\"},\"timezone\":\"");
    pd_demo_wr_str(w, u->c->tz);
    pd_demo_wr_str(w, "\",\"userAgent\":");
    pd_demo_wr_json(w, pd_demo_browsers[u->browser].ua);
    pd_demo_wr_str(w, "},\"integrations\":{},\"version\":2}\n");
}

/* PostHog CSV row (formats.md §3.4): ids are UUIDv7 (time first, as
 * PostHog makes them), times with µs and "+00:00". */
static void
put_posthog(struct pd_demo_wr *w, struct pd_demo *d,
            const struct pd_demo_uev *e)
{
    const struct pd_demo_user *u = &d->users[e->user];
    uint64_t ms = (uint64_t)(e->t / 1000);

    pd_demo_wr_uuid_bits(w, (ms << 16) | 0x7000 | (e->r & 0xfff),
                         (pd_demo_mix64(e->r) & ~(UINT64_C(3) << 62)) |
                             (UINT64_C(2) << 62));
    pd_demo_wr_ch(w, ',');
    if (e->anon)
        pd_demo_wr_str(w, u->device);
    else
        pd_demo_wr_text(w, u->email);
    pd_demo_wr_ch(w, ',');
    pd_demo_wr_text(w, pd_demo_browsers[u->browser].name);
    pd_demo_wr_ch(w, ',');
    if (!e->anon)
        pd_demo_wr_text(w, pd_demo_plans[d->acc[u->account].plan].name);
    pd_demo_wr_ch(w, ',');
    pd_demo_wr_text(w, pd_demo_evtypes[e->type].name);
    pd_demo_wr_ch(w, ',');
    pd_demo_wr_stamp(w, e->t, 'T', 6, "+00:00");
    pd_demo_wr_str(w, ",,");
    if (e->type == PD_DEMO_EV_AUTOCAPTURE)
        pd_demo_wr_text(w, chains[(e->r >> 8) % PD_DEMO_NELEM(chains)]);
    pd_demo_wr_eol(w);
}

/* Every event of surface sf over the window, one day at a time. */
static size_t
usage_rows(struct pd_demo *d, enum pd_demo_surface sf, struct pd_demo_wr *w,
           pd_demo_put_event_fn *put)
{
    size_t rows = 0;

    for (size_t day = 0; day < PD_DEMO_NDAYS && !w->err; day++) {
        size_t n = pd_demo_usage_day(d, day);

        for (size_t i = 0; i < n; i++) {
            if (d->ev[i].surface != sf)
                continue;
            put(w, d, &d->ev[i]);
            rows++;
        }
    }
    d->events = rows;
    return rows;
}

/* ---- usage: Pendo's pre-aggregated rows ---------------------------------- */

struct pagg {
    uint32_t user;
    uint8_t type;
    int64_t minute;
};

static int
by_visitor_feature(const void *pa, const void *pb)
{
    const struct pagg *a = pa, *b = pb;

    if (a->user != b->user)
        return a->user < b->user ? -1 : 1;
    if (a->type != b->type)
        return a->type < b->type ? -1 : 1;
    return a->minute < b->minute ? -1 : a->minute > b->minute;
}

/* One row per visitor, feature and day: numEvents, and numMinutes = the
 * minutes with at least one event (formats.md §3.5). */
static size_t
pendo_day(struct pd_demo *d, struct pd_demo_wr *w, struct pagg *agg, size_t day,
          char (*fid)[28])
{
    size_t n = pd_demo_usage_day(d, day), m = 0, rows = 0;
    int64_t t0 = d->start + (int64_t)day * PD_US_PER_DAY;

    for (size_t i = 0; i < n; i++) {
        const struct pd_demo_uev *e = &d->ev[i];

        if (e->surface == PD_DEMO_SF_ADMIN && pd_demo_evtypes[e->type].feature)
            agg[m++] =
                (struct pagg){e->user, e->type, e->t / (60 * PD_US_PER_SEC)};
    }
    qsort(agg, m, sizeof(*agg), by_visitor_feature);
    for (size_t i = 0; i < m;) {
        size_t j = i, minutes = 0;
        const struct pd_demo_user *u = &d->users[agg[i].user];

        for (;
             j < m && agg[j].user == agg[i].user && agg[j].type == agg[i].type;
             j++)
            minutes += j == i || agg[j].minute != agg[j - 1].minute;
        pd_demo_wr_str(w, u->acc_id);
        pd_demo_wr_ch(w, ',');
        pd_demo_wr_text(w, u->email);
        pd_demo_wr_ch(w, ',');
        pd_demo_wr_str(w, fid[agg[i].type]);
        pd_demo_wr_ch(w, ',');
        pd_demo_wr_u64(w, (uint64_t)(t0 / 1000));
        pd_demo_wr_ch(w, ',');
        pd_demo_wr_u64(w, j - i);
        pd_demo_wr_ch(w, ',');
        pd_demo_wr_u64(w, minutes);
        pd_demo_wr_eol(w);
        d->events += j - i;
        rows++;
        i = j;
    }
    return rows;
}

/* Amplitude names members "<project>/<project>_<yyyy-MM-dd>_<H>#<n>.json.gz"
 * (formats.md §3.1; the archive has a folder named after the project). */
static void
amplitude_member(const struct pd_demo *d, int64_t t, unsigned part, char *buf,
                 size_t cap)
{
    struct pd_tm tm;

    pd_time_split(t, &tm);
    (void)snprintf(buf, cap, "%lu/%lu_%04lld-%02u-%02u_%u#%u.json.gz",
                   (unsigned long)d->project, (unsigned long)d->project,
                   (long long)tm.year, tm.month, tm.day, tm.hour, part);
}

/* One member per day (hour 0) with that day's web-app events; a quiet day
 * still gets its (empty) member, so the archive is never empty. */
static int
members_amplitude(struct pd_demo *d, struct pd_demo_zip *z, size_t *rows,
                  struct pd_err *err)
{
    char name[PD_DEMO_NAME_MAX];

    for (size_t i = 0; i < d->nusers + d->ntrial; i++)
        d->users[i].event_id = 0;
    for (size_t day = 0; day < PD_DEMO_NDAYS; day++) {
        size_t n;

        amplitude_member(d, d->start + (int64_t)day * PD_US_PER_DAY, 0, name,
                         sizeof(name));
        if (pd_demo_zip_begin(z, name, err) < 0)
            return -1;
        n = pd_demo_usage_day(d, day);
        for (size_t i = 0; i < n; i++)
            if (d->ev[i].surface == PD_DEMO_SF_WEB) {
                put_amplitude(&z->w, d, &d->ev[i]);
                (*rows)++;
            }
        if (pd_demo_zip_end(z, err) < 0)
            return -1;
    }
    return 0;
}

/* Members of bench_member events, named by their first event's
 * hour; a second member in the same hour takes the next partition. */
static int
members_bench(struct pd_demo *d, struct pd_demo_zip *z, size_t *rows,
              struct pd_err *err)
{
    size_t n = d->o->bench_events;
    size_t per =
        d->o->bench_member ? d->o->bench_member : (size_t)PD_DEMO_BENCH_MEMBER;
    char name[PD_DEMO_NAME_MAX], prev[PD_DEMO_NAME_MAX] = "";
    unsigned part = 0;
    struct pd_demo_bench b;
    struct pd_demo_uev e;

    pd_demo_bench_init(d, &b, PD_DEMO_SF_WEB, n);
    for (size_t k = 0; k < n; k++) {
        pd_demo_bench_event(d, &b, k, &e);
        if (k % per == 0) {
            if (k > 0 && pd_demo_zip_end(z, err) < 0)
                return -1;
            amplitude_member(d, e.t, 0, name, sizeof(name));
            part = strcmp(name, prev) ? 0 : part + 1;
            memcpy(prev, name, sizeof(prev));
            amplitude_member(d, e.t, part, name, sizeof(name));
            if (pd_demo_zip_begin(z, name, err) < 0)
                return -1;
        }
        d->users[e.user].event_id++;
        put_amplitude_head(&z->w, d, &e, &d->users[e.user]);
        put_amplitude_tail(&z->w, d, &e, &d->users[e.user]);
        (*rows)++;
    }
    return pd_demo_zip_end(z, err);
}

static size_t
rows_usage(struct pd_demo *d, const struct pd_demo_gen *g, struct pd_demo_wr *w)
{
    return usage_rows(d, (enum pd_demo_surface)g->surface, w, g->put);
}

static size_t
rows_pendo(struct pd_demo *d, const struct pd_demo_gen *g, struct pd_demo_wr *w)
{
    struct pagg *agg = pd_xmalloc(d->evcap * sizeof(*agg));
    char fid[PD_DEMO_NEVTYPES][28];
    size_t rows = 0;

    (void)g;
    /* Pendo feature ids are opaque, stable per feature. */
    for (size_t i = 0; i < PD_DEMO_NEVTYPES; i++)
        pd_demo_token(pd_demo_mix64(d->o->seed ^ PD_DEMO_SALT_FEATURE) + i,
                      PD_DEMO_BASE64URL, 27, fid[i]);
    d->events = 0;
    for (size_t day = 0; day < PD_DEMO_NDAYS && !w->err; day++)
        rows += pendo_day(d, w, agg, day, fid);
    free(agg);
    return rows;
}

static size_t
rows_bench_mixpanel(struct pd_demo *d, const struct pd_demo_gen *g,
                    struct pd_demo_wr *w)
{
    size_t n = d->o->bench_events;
    struct pd_demo_bench b;
    struct pd_demo_uev e;

    (void)g;
    pd_demo_bench_init(d, &b, PD_DEMO_SF_MOBILE, n);
    for (size_t k = 0; k < n && !w->err; k++) {
        pd_demo_bench_event(d, &b, k, &e);
        put_mixpanel(w, d, &e);
    }
    d->events = n;
    return n;
}

/* PostHog writes CRLF (formats.md §0). */
const struct pd_demo_gen pd_demo_usage_gens[] = {
    {.name = "usage/amplitude/export.zip",
     .source = "amplitude",
     .kind = "usage",
     .surface = PD_DEMO_SF_WEB,
     .members = members_amplitude},
    {.name = "usage/mixpanel/export.jsonl",
     .source = "mixpanel",
     .kind = "usage",
     .eol = "\n",
     .rows = rows_usage,
     .surface = PD_DEMO_SF_MOBILE,
     .put = put_mixpanel},
    {.name = "usage/segment/track.jsonl",
     .source = "segment",
     .kind = "usage",
     .eol = "\n",
     .rows = rows_usage,
     .surface = PD_DEMO_SF_BETA,
     .put = put_segment},
    {.name = "usage/posthog/events.csv",
     .source = "posthog",
     .kind = "usage",
     .eol = "\r\n",
     .header = "id,distinct_id,properties.$browser,properties.plan,event,"
               "timestamp,person,elements_chain",
     .rows = rows_usage,
     .surface = PD_DEMO_SF_ADDON,
     .put = put_posthog},
    {.name = "usage/pendo/feature-events.csv",
     .source = "pendo",
     .kind = "usage",
     .eol = "\n",
     .header = "accountId,visitorId,featureId,day,numEvents,numMinutes",
     .rows = rows_pendo,
     .surface = PD_DEMO_SF_ADMIN},
};
const size_t pd_demo_usage_ngens = PD_DEMO_NELEM(pd_demo_usage_gens);

const struct pd_demo_gen pd_demo_usage_bench_gens[] = {
    {.name = "bench/amplitude-bench.zip",
     .source = "amplitude",
     .kind = "usage",
     .members = members_bench},
    {.name = "bench/mixpanel-bench.jsonl",
     .source = "mixpanel",
     .kind = "usage",
     .eol = "\n",
     .rows = rows_bench_mixpanel},
};
_Static_assert(PD_DEMO_NELEM(pd_demo_usage_bench_gens) + 1 <= PD_DEMO_MAX_FILES,
               "files");
const size_t pd_demo_usage_bench_ngens =
    PD_DEMO_NELEM(pd_demo_usage_bench_gens);
