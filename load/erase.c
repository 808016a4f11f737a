#include "erase.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "load/db.h"

bool
pd_erase_address_ok(const char *addr)
{
    const char *at = strchr(addr, '@');

    if (!at || at == addr || !at[1] || strchr(at + 1, '@'))
        return false;
    for (const char *p = addr; *p; p++)
        if (isspace((unsigned char)*p) || iscntrl((unsigned char)*p))
            return false;
    return strlen(addr) <= 320; /* RFC 5321: 64 + 1 + 255 */
}

static void
collect(const PGresult *res, struct pd_erase_result *r)
{
    r->n = (size_t)PQntuples(res);
    r->changes = pd_xcalloc(r->n ? r->n : 1, sizeof(*r->changes));
    for (size_t i = 0; i < r->n; i++) {
        struct pd_erase_change *c = &r->changes[i];
        int row = (int)i;
        snprintf(c->table, sizeof(c->table), "%s", PQgetvalue(res, row, 0));
        snprintf(c->column, sizeof(c->column), "%s", PQgetvalue(res, row, 1));
        snprintf(c->action, sizeof(c->action), "%s", PQgetvalue(res, row, 2));
        c->rows = strtoll(PQgetvalue(res, row, 3), NULL, 10);
    }
}

int
pd_erase_email(PGconn *conn, const char *addr, bool dry_run,
               struct pd_erase_result *r, struct pd_err *err)
{
    const char *params[1] = {addr};
    PGresult *res;

    memset(r, 0, sizeof(*r));
    if (!pd_erase_address_ok(addr))
        return pd_err_set(err, PD_E_USAGE, "'%s' is not an email address",
                          addr);
    if (pd_db_run(conn, "BEGIN", 0, NULL, err) < 0)
        return -1;
    res = pd_db_exec_resource(conn, "load/sql/forget.sql", 1, params, err);
    if (!res) {
        PQclear(PQexec(conn, "ROLLBACK"));
        return -1;
    }
    collect(res, r);
    PQclear(res);
    if (pd_db_run(conn, dry_run ? "ROLLBACK" : "COMMIT", 0, NULL, err) < 0) {
        pd_erase_result_release(r);
        return -1;
    }
    return 0;
}

void
pd_erase_result_release(struct pd_erase_result *r)
{
    free(r->changes);
    memset(r, 0, sizeof(*r));
}
