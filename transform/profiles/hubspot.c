/*
 * HubSpot CRM tickets export (formats.md §1.7): property labels as
 * headers, e.g. "Ticket ID,Ticket name,Ticket status,Pipeline,Priority,
 * Create date".  Per-stage columns ("Date entered ...") grow with the
 * portal's pipelines and stay in extra.
 */
#include "transform/profile.h"

static const struct pd_profile_column columns[] = {
    {"Ticket ID", PD_F_EXTERNAL_ID},
    {"Ticket name", PD_F_SUBJECT},
    {"Ticket status", PD_F_STATUS},
    {"Priority", PD_F_PRIORITY},
    {"Ticket owner", PD_F_ASSIGNEE},
    {"Create date", PD_F_CREATED_AT},
    {"Close date", PD_F_SOLVED_AT},
    {"Last modified date", PD_F_UPDATED_AT},
    {"Source", PD_F_CHANNEL},
    {"Category", PD_F_PRODUCT_AREA},
    {"Ticket Tags", PD_F_TAGS},
    {"First agent response date", PD_F_FIRST_REPLY_AT},
    {"Company Name", PD_F_ORGANIZATION},
    {"Contact Email", PD_F_REQUESTER_EMAIL},
};

static const char *const signature[] = {"Ticket ID", "Create date",
                                        "Ticket name|Ticket status"};

PD_PROFILE_DEFINE(pd_profile_hubspot, "hubspot", PD_KIND_TICKETS,
                  pd_ticket_required);
