/*
 * Fider posts CSV export (formats.md §3.7; Site settings > Export > posts).
 * The header is the one Fider's own app/pkg/csv/csv.go writes, and the
 * sample line is from its test data (testdata/more-posts.csv):
 *   20,Go is easy,,2018-01-12T01:46:59Z,Faceless,4,2,duplicate,Arya Stark,
 *   2018-03-17T10:15:42Z,This has already been suggested,99,Go is very easy,
 *   "this-tag-has,comma"
 * created_by is the author's display name, never an email, so a Fider
 * post reaches an account only through a company column: a "company"
 * column added to the file (as the demo's) is the organization, else a
 * mapping names one.
 * original_number is filled on a post merged into another as a duplicate:
 * its votes and askers count for the original (reports/requests.c).
 * Fider has no update time: responded_at (the last status change) is the
 * closest, and created_at stands in when the post was never answered.
 * Older releases wrote total_votes / total_supporters, total_comments and
 * created_on / responded_on, with Title-case statuses ("Declined").
 */
#include "transform/profile.h"

static const struct pd_profile_column columns[] = {
    {"number", PD_F_EXTERNAL_ID},
    {"title", PD_F_TITLE},
    {"description", PD_F_DESCRIPTION},
    {"created_at", PD_F_CREATED_AT},
    {"created_on", PD_F_CREATED_AT},
    {"created_by", PD_F_AUTHOR},
    {"votes_count", PD_F_VOTES},
    {"total_votes", PD_F_VOTES},
    {"total_supporters", PD_F_VOTES},
    {"status", PD_F_STATUS},
    {"responded_at", PD_F_UPDATED_AT},
    {"responded_on", PD_F_UPDATED_AT},
    {"original_number", PD_F_MERGED_INTO},
    {"tags", PD_F_TAGS},
    /* Not Fider's: the author's company, a column teams add from their CRM
     * after exporting (prodops demo writes it) so posts reach accounts. */
    {"company", PD_F_ORGANIZATION},
};

static const char *const signature[] = {
    "number", "original_number", "votes_count|total_votes|total_supporters"};

PD_PROFILE_DEFINE(pd_profile_fider, "fider", PD_KIND_REQUESTS,
                  pd_request_required);
