/*
 * Zendesk Support legacy full CSV export (formats.md §1.1).  Sample line
 * (Plum's real export):
 *   297732,10300555531549,Support,Solved,Low,Mail,2023-04-08 20:52:00,...
 * Custom fields arrive as "<title> [list]" with "-" for empty; the product
 * area is whichever custom field is titled like one.  Only the calendar
 * "First reply time in minutes" gives first_reply_at: the business-hours
 * variants are not elapsed time and are kept as durations (SPEC §6).
 */
#include "transform/profile.h"

static const struct pd_profile_column columns[] = {
    {"Id", PD_F_EXTERNAL_ID},
    {"Organization id", PD_F_ACCOUNT_REF},
    {"Organization", PD_F_ORGANIZATION},
    {"Requester email", PD_F_REQUESTER_EMAIL},
    {"Requester domain", PD_F_REQUESTER_DOMAIN},
    {"Subject", PD_F_SUBJECT},
    {"Status", PD_F_STATUS},
    {"Priority", PD_F_PRIORITY},
    {"Via", PD_F_CHANNEL},
    {"Product Area [list]", PD_F_PRODUCT_AREA},
    {"Product Area", PD_F_PRODUCT_AREA},
    {"Product [list]", PD_F_PRODUCT_AREA},
    {"Tags", PD_F_TAGS},
    {"Assignee", PD_F_ASSIGNEE},
    {"Group", PD_F_GROUP_NAME},
    {"Created at", PD_F_CREATED_AT},
    {"First reply time in minutes", PD_F_FIRST_REPLY_MINUTES},
    {"First reply time in minutes within business hours",
     PD_F_FIRST_REPLY_BUSINESS_MINUTES},
    {"Full resolution time in minutes within business hours",
     PD_F_RESOLUTION_BUSINESS_MINUTES},
    {"Full resolution time in minutes", PD_F_RESOLUTION_MINUTES},
    {"Ticket type", PD_F_TICKET_TYPE},
    {"Requester", PD_F_REQUESTER_NAME},
    {"Solved at", PD_F_SOLVED_AT},
    {"Updated at", PD_F_UPDATED_AT},
    {"Reopens", PD_F_REOPENS},
    {"Replies", PD_F_REPLIES},
    {"Satisfaction Score", PD_F_SATISFACTION},
};

static const char *const signature[] = {"Id", "Created at", "Via|Status"};

PD_PROFILE_DEFINE(pd_profile_zendesk, "zendesk", PD_KIND_TICKETS,
                  pd_ticket_required);
