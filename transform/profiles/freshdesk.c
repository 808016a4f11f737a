/*
 * Freshdesk ticket export (formats.md §1.3).  The user picks the columns,
 * so any subset occurs; the real trial export has no "Last update time"
 * (updated_at then falls back to the latest known time of the row).
 * "Initial response time" is the first reply's time.  "First response time
 * (in hrs)" is an "hh:mm:ss" duration in business hours (first_res_time_bhrs
 * in Freshdesk's code), "00:00:00" while nobody replied: never a calendar
 * first reply (issue 13); it is Freshdesk's business-hours first reply
 * (SPEC §6 Support operations).
 */
#include "transform/profile.h"

static const struct pd_profile_column columns[] = {
    {"Ticket ID", PD_F_EXTERNAL_ID},
    {"Ticket Id", PD_F_EXTERNAL_ID},
    {"Subject", PD_F_SUBJECT},
    {"Status", PD_F_STATUS},
    {"Priority", PD_F_PRIORITY},
    {"Source", PD_F_CHANNEL},
    {"Product", PD_F_PRODUCT_AREA},
    {"Tags", PD_F_TAGS},
    {"Agent", PD_F_ASSIGNEE},
    {"Group", PD_F_GROUP_NAME},
    {"Created time", PD_F_CREATED_AT},
    {"Resolved time", PD_F_SOLVED_AT},
    {"Closed time", PD_F_CLOSED_AT},
    {"Last update time", PD_F_UPDATED_AT},
    {"Initial response time", PD_F_FIRST_REPLY_AT},
    {"First response time (in hrs)", PD_F_FIRST_REPLY_BUSINESS_HOURS},
    {"Survey results", PD_F_SATISFACTION},
    {"Email", PD_F_REQUESTER_EMAIL},
    {"Type", PD_F_TICKET_TYPE},
    {"Full name", PD_F_REQUESTER_NAME}, /* a contact field */
    {"Company Name", PD_F_ORGANIZATION},
};

static const char *const signature[] = {"Ticket ID", "Created time"};

PD_PROFILE_DEFINE(pd_profile_freshdesk, "freshdesk", PD_KIND_TICKETS,
                  pd_ticket_required);
