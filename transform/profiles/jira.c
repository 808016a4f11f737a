/*
 * Jira Service Management "CSV (all fields)" export (formats.md §1.5).
 * Headers follow the exporting user's UI language, so every column has its
 * English and Spanish name (the real export is Spanish):
 *   Resumen,Clave de incidencia,ID de la incidencia,...,Creada,Actualizada
 * Multi-value fields repeat the column (Labels, Labels; Comentario,
 * Comentario): repeated labels all become tags, other repeats go to extra
 * as "Comentario (2)".  Dates look like "18/jul/26 9:10 AM".
 */
#include "transform/profile.h"

static const struct pd_profile_column columns[] = {
    {"Issue key", PD_F_EXTERNAL_ID},
    {"Clave de incidencia", PD_F_EXTERNAL_ID},
    {"Summary", PD_F_SUBJECT},
    {"Resumen", PD_F_SUBJECT},
    {"Status", PD_F_STATUS},
    {"Estado", PD_F_STATUS},
    {"Priority", PD_F_PRIORITY},
    {"Prioridad", PD_F_PRIORITY},
    {"Assignee", PD_F_ASSIGNEE},
    {"Persona asignada", PD_F_ASSIGNEE},
    {"Reporter", PD_F_REQUESTER_EMAIL},
    {"Informador", PD_F_REQUESTER_EMAIL},
    {"Created", PD_F_CREATED_AT},
    {"Creada", PD_F_CREATED_AT},
    {"Updated", PD_F_UPDATED_AT},
    {"Actualizada", PD_F_UPDATED_AT},
    {"Resolved", PD_F_SOLVED_AT},
    {"Resuelta", PD_F_SOLVED_AT},
    {"Issue Type", PD_F_TICKET_TYPE},
    {"Tipo de Incidencia", PD_F_TICKET_TYPE},
    {"Labels", PD_F_TAGS},
    {"Etiquetas", PD_F_TAGS},
    {"Component/s", PD_F_PRODUCT_AREA},
    {"Componente/s", PD_F_PRODUCT_AREA},
    {"Satisfaction rating", PD_F_SATISFACTION},
    {"Calificación de satisfacción", PD_F_SATISFACTION},
    /* Service projects whose survey field is a custom field (issue 13);
     * custom field names are the admin's, so the Spanish UI keeps them. */
    {"Custom field (Satisfaction rating)", PD_F_SATISFACTION},
    {"Custom field (Satisfaction)", PD_F_SATISFACTION},
    {"Campo personalizado (Satisfaction rating)", PD_F_SATISFACTION},
    {"Campo personalizado (Satisfaction)", PD_F_SATISFACTION},
    {"Custom field (Organizations)", PD_F_ORGANIZATION},
    {"Campo personalizado (Organizaciones)", PD_F_ORGANIZATION},
    {"Custom field (Source)", PD_F_CHANNEL},
    {"Campo personalizado (Source)", PD_F_CHANNEL},
};

static const char *const signature[] = {"Issue key|Clave de incidencia",
                                        "Created|Creada"};

PD_PROFILE_DEFINE(pd_profile_jira, "jira", PD_KIND_TICKETS, pd_ticket_required);
