#include "workspace.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "load/db.h"

/* n random bytes from the kernel (getrandom(2) blocks only until the pool
 * is first initialised, once per boot). */
static int
random_bytes(unsigned char *buf, size_t n, struct pd_err *err)
{
    size_t got = 0;

    while (got < n) {
        ssize_t r = getrandom(buf + got, n - got, 0);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return pd_err_set(err, PD_E_IO, "cannot get random bytes: %s",
                              strerror(errno));
        got += (size_t)r;
    }
    return 0;
}

static int
hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* 1 secret read, 0 none yet, -1 error. */
static int
read_secret(PGconn *conn, unsigned char *secret, struct pd_err *err)
{
    PGresult *res =
        pd_db_exec(conn, "SELECT encode(secret, 'hex') FROM prodops.workspace",
                   0, NULL, err);
    const char *hex;
    int rc = 1;

    if (!res)
        return -1;
    if (PQntuples(res) == 0) {
        PQclear(res);
        return 0;
    }
    hex = PQgetvalue(res, 0, 0);
    if (strlen(hex) < 2 * PD_WORKSPACE_SECRET_LEN)
        rc = pd_err_set(err, PD_E_DB, "the workspace secret is too short");
    for (size_t i = 0; rc == 1 && i < PD_WORKSPACE_SECRET_LEN; i++) {
        int hi = hex_value(hex[2 * i]), lo = hex_value(hex[2 * i + 1]);
        if (hi < 0 || lo < 0)
            rc = pd_err_set(err, PD_E_DB, "the workspace secret is not hex");
        else
            secret[i] = (unsigned char)(hi << 4 | lo);
    }
    pd_workspace_wipe((char *)(uintptr_t)hex, strlen(hex));
    PQclear(res);
    return rc;
}

int
pd_workspace_secret(PGconn *conn, unsigned char secret[PD_WORKSPACE_SECRET_LEN],
                    struct pd_err *err)
{
    unsigned char fresh[PD_WORKSPACE_SECRET_LEN];
    char hex[2 * PD_WORKSPACE_SECRET_LEN + 1];
    const char *params[1] = {hex};
    int rc = read_secret(conn, secret, err);

    if (rc != 0)
        return rc < 0 ? -1 : 0;
    if (random_bytes(fresh, sizeof(fresh), err) < 0)
        return -1;
    for (size_t i = 0; i < sizeof(fresh); i++)
        snprintf(hex + 2 * i, 3, "%02x", fresh[i]);
    pd_workspace_wipe(fresh, sizeof(fresh));
    /* A concurrent first run may have inserted its own: keep theirs. */
    rc = pd_db_run(conn,
                   "INSERT INTO prodops.workspace (secret) "
                   "VALUES (decode($1, 'hex')) ON CONFLICT (id) DO NOTHING",
                   1, params, err);
    pd_workspace_wipe(hex, sizeof(hex));
    if (rc < 0)
        return -1;
    rc = read_secret(conn, secret, err);
    if (rc == 0)
        return pd_err_set(err, PD_E_DB, "the workspace secret vanished");
    return rc < 0 ? -1 : 0;
}

void
pd_workspace_wipe(void *p, size_t n)
{
    volatile unsigned char *v = p;

    while (n--)
        *v++ = 0;
}
