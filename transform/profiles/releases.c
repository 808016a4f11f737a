/*
 * Releases (issue 17): prodops' own launch list, the file `prodops init`
 * writes as releases.csv.  No vendor exports launches with the events
 * that measure them, so the columns are ours, with the spellings a
 * product manager types:
 *
 *   name,date,product area,events,flag,link,pattern
 *   Bulk export,2026-10-21,Reports,Export Started;Export Downloaded,,https://…,
 *
 * events is a list (';', '|' or ','); flag names a feature flag whose
 * exposures count as use when no events are listed; pattern (optional)
 * is what tickets and NPS comments about the launch say (a regular
 * expression, case-insensitive), else its name and event names are.
 * Only loaded with kind = releases (never detected among event kinds).
 */
#include "transform/profile.h"

static const struct pd_profile_column columns[] = {
    {"Name", PD_F_NAME},
    {"Launch", PD_F_NAME},
    {"Release", PD_F_NAME},
    {"Feature", PD_F_NAME},
    {"Date", PD_F_RELEASE_DATE},
    {"Release date", PD_F_RELEASE_DATE},
    {"Released on", PD_F_RELEASE_DATE},
    {"Launch date", PD_F_RELEASE_DATE},
    {"Product area", PD_F_PRODUCT_AREA},
    {"Area", PD_F_PRODUCT_AREA},
    {"Events", PD_F_EVENT_NAMES},
    {"Event names", PD_F_EVENT_NAMES},
    {"Event", PD_F_EVENT_NAMES},
    {"Flag", PD_F_FLAG},
    {"Feature flag", PD_F_FLAG},
    {"Link", PD_F_LINK},
    {"URL", PD_F_LINK},
    {"Release notes", PD_F_LINK},
    {"Pattern", PD_F_PATTERN},
    {"Description", PD_F_DESCRIPTION},
};

static const char *const signature[] = {
    "Name|Launch|Release|Feature", "Date|Release date|Released on|Launch date",
    "Events|Event names|Event|Flag|Feature flag"};

static const enum pd_field_id required[] = {PD_F_NAME, PD_F_RELEASE_DATE};

PD_PROFILE_DEFINE(pd_profile_releases, "releases", PD_KIND_RELEASES, required);
