/*
 * Jira versions (fixVersions) as releases (issue 17).  formats.md has no
 * verbatim Jira version export: Jira Cloud lists versions on the project's
 * Releases page and in its REST API (name, startDate, releaseDate,
 * description, released), not in the issue CSV.  Until a real file is
 * seen this profile reads the columns of that page copied to a sheet, or
 * of the API flattened to CSV:
 *
 *   Name,Status,Start date,Release date,Description
 *   2026.10 Bulk export,RELEASED,01/Oct/26,21/Oct/26,Export every report as CSV
 *
 * Dates take any form of SPEC §3 (Jira's dd/MMM/yy too).  A version has no
 * events: its launch review counts tickets and NPS that name it, and
 * adoption once a releases.csv row of the same name lists its events.
 */
#include "transform/profile.h"

static const struct pd_profile_column columns[] = {
    {"Name", PD_F_NAME},
    {"Version", PD_F_NAME},
    {"Fix Version", PD_F_NAME},
    {"Release date", PD_F_RELEASE_DATE},
    {"releaseDate", PD_F_RELEASE_DATE},
    {"Description", PD_F_DESCRIPTION},
    {"Project", PD_F_PRODUCT_AREA},
    {"Project name", PD_F_PRODUCT_AREA},
};

static const char *const signature[] = {"Name|Version|Fix Version",
                                        "Release date|releaseDate"};

static const enum pd_field_id required[] = {PD_F_NAME, PD_F_RELEASE_DATE};

PD_PROFILE_DEFINE(pd_profile_jira_versions, "jira_versions", PD_KIND_RELEASES,
                  required);
