#include "jobs/demo/archive.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
/* The demo is the only writer of zip in the tree (extract/source.c reads
 * it). */
#include <zip.h>
#include <zlib.h>

#include "common/file.h"
#include "common/timeutil.h"

static int
zip_fail(struct pd_demo_zip *z, const char *what, struct pd_err *err)
{
    return pd_err_set(err, PD_E_IO, "cannot %s \"%s\": %s", what, z->path,
                      z->za ? zip_strerror(z->za) : strerror(errno));
}

/* libzip 1.7 turns time_t into the DOS date with localtime(); asking
 * mktime() for the wanted wall clock gives a time_t that comes back as
 * that wall clock in any TZ, so the archive's bytes do not depend on the
 * machine's zone.  06:00 is outside every DST gap. */
static time_t
zip_mtime(int64_t us)
{
    struct tm tm;
    struct pd_tm t;
    int64_t floor = pd_time_make(1980, 1, 1, 0, 0, 0, 0); /* DOS epoch */

    pd_time_split(us < floor ? floor : us, &t);
    memset(&tm, 0, sizeof(tm));
    tm.tm_year = (int)(t.year - 1900);
    tm.tm_mon = (int)t.month - 1;
    tm.tm_mday = (int)t.day;
    tm.tm_hour = 6;
    tm.tm_isdst = -1;
    return mktime(&tm);
}

/* Nothing of a failed open stays behind. */
static int
open_failed(struct pd_demo_zip *z)
{
    pd_demo_wr_release(&z->w);
    (void)rmdir(z->dir);
    return -1;
}

int
pd_demo_zip_open(struct pd_demo_zip *z, const char *path, int64_t when,
                 struct pd_err *err)
{
    int ze = 0;

    memset(z, 0, sizeof(*z));
    z->path = path;
    z->mtime = zip_mtime(when);
    (void)snprintf(z->tmp, sizeof(z->tmp), "%s.tmp", path);
    (void)snprintf(z->dir, sizeof(z->dir), "%s.parts", path);
    if (pd_demo_mkparents(path, err) < 0 || pd_file_mkdirs(z->dir, err) < 0 ||
        pd_demo_wr_init_gz(&z->w, Z_BEST_SPEED, err) < 0)
        return open_failed(z);
    z->za = zip_open(z->tmp, ZIP_CREATE | ZIP_TRUNCATE, &ze);
    if (!z->za) {
        zip_error_t e;

        zip_error_init_with_code(&e, ze);
        pd_err_set(err, PD_E_IO, "cannot create \"%s\": %s", z->tmp,
                   zip_error_strerror(&e));
        zip_error_fini(&e);
        return open_failed(z);
    }
    return 0;
}

static void
part_path(const struct pd_demo_zip *z, size_t i, char *buf, size_t cap)
{
    (void)snprintf(buf, cap, "%s/part-%06zu.json.gz", z->dir, i);
}

int
pd_demo_zip_begin(struct pd_demo_zip *z, const char *name, struct pd_err *err)
{
    (void)snprintf(z->name, sizeof(z->name), "%s", name);
    part_path(z, z->members, z->part, sizeof(z->part));
    return pd_demo_wr_file_open(&z->w, z->part, err);
}

/* Close the member's gzip file and add it stored, with a fixed time and
 * mode, so equal data gives an equal archive. */
int
pd_demo_zip_end(struct pd_demo_zip *z, struct pd_err *err)
{
    zip_source_t *src;
    zip_int64_t idx;

    if (pd_demo_wr_file_close(&z->w, err) < 0)
        return -1;
    z->members++;
    src = zip_source_file(z->za, z->part, 0, -1);
    if (!src)
        return zip_fail(z, "add a member to", err);
    idx = zip_file_add(z->za, z->name, src, ZIP_FL_ENC_UTF_8);
    if (idx < 0) {
        zip_source_free(src);
        return zip_fail(z, "add a member to", err);
    }
    if (zip_set_file_compression(z->za, (zip_uint64_t)idx, ZIP_CM_STORE, 0) <
            0 ||
        zip_file_set_mtime(z->za, (zip_uint64_t)idx, z->mtime, 0) < 0 ||
        zip_file_set_external_attributes(z->za, (zip_uint64_t)idx, 0,
                                         ZIP_OPSYS_UNIX, 0100644u << 16) < 0)
        return zip_fail(z, "set a member's attributes in", err);
    return 0;
}

/* Staged members go whatever happened. */
static void
zw_cleanup(struct pd_demo_zip *z)
{
    char part[PD_DEMO_PATH_MAX + 32];

    for (size_t i = 0; i <= z->members; i++) {
        part_path(z, i, part, sizeof(part));
        (void)remove(part);
    }
    (void)rmdir(z->dir);
}

/* Write the archive (this is when libzip copies the members) and rename
 * it into place.  On failure nothing is left behind. */
int
pd_demo_zip_close(struct pd_demo_zip *z, int failed, struct pd_err *err)
{
    int rc = 0;

    if (failed) {
        zip_discard(z->za);
        rc = -1;
    } else if (zip_close(z->za) < 0) {
        rc = zip_fail(z, "write", err);
        zip_discard(z->za);
    } else if (rename(z->tmp, z->path) != 0) {
        rc = pd_err_set(err, PD_E_IO, "cannot write \"%s\": %s", z->path,
                        strerror(errno));
    }
    z->za = NULL;
    pd_demo_wr_release(&z->w); /* abandons a member left open by a failure */
    zw_cleanup(z);
    if (rc < 0)
        (void)remove(z->tmp);
    return rc;
}
