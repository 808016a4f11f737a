/*
 * archive - zip archives of gzipped JSON-lines members, the shape of an
 * Amplitude export (formats.md §3.1).
 *
 * Members are written one at a time through a gzip writer into a staging
 * folder "<path>.parts/" and added to the archive stored (they are
 * compressed already); libzip copies them in pd_demo_zip_close(), which
 * then removes the folder.  Entry times and modes are fixed, so equal data
 * gives an equal archive whatever the machine's TZ.
 *
 * Ownership: the archive owns its libzip handle, writer and staging files;
 * path is borrowed and must outlive the archive.
 * Errors: -1 with *err (PD_E_IO naming the archive, or the member that
 * failed); after a failure call pd_demo_zip_close() with failed = 1, which
 * leaves nothing behind.  A failed pd_demo_zip_open() has cleaned up
 * already.
 * Limits: member names fit PD_DEMO_NAME_MAX; path plus
 * ".parts/part-NNNNNN.json.gz.tmp" fits PD_DEMO_PATH_MAX; up to a million
 * members.
 */
#ifndef PD_DEMO_ARCHIVE_H
#define PD_DEMO_ARCHIVE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "common/err.h"
#include "jobs/demo/demo.h"
#include "jobs/demo/writer.h"

struct zip; /* libzip's, used by archive.c only */

struct pd_demo_zip {
    const char *path;               /* the final archive */
    char tmp[PD_DEMO_PATH_MAX + 8]; /* the archive while it is written */
    char dir[PD_DEMO_PATH_MAX + 8]; /* staging folder */
    char part[PD_DEMO_PATH_MAX + 32];
    char name[PD_DEMO_NAME_MAX]; /* the open member's name in the archive */
    struct zip *za;
    time_t mtime; /* every entry's time */
    size_t members;
    struct pd_demo_wr w; /* the open member: write its lines here */
};

/* Start the archive at path; entries are dated `when` (UTC µs). */
int pd_demo_zip_open(struct pd_demo_zip *z, const char *path, int64_t when,
                     struct pd_err *err);

/* Open member `name`: write its lines to z->w, then pd_demo_zip_end(). */
int pd_demo_zip_begin(struct pd_demo_zip *z, const char *name,
                      struct pd_err *err);
int pd_demo_zip_end(struct pd_demo_zip *z, struct pd_err *err);

/* Write the archive and rename it into place (failed = 0), or discard it
 * (failed = 1, returns -1).  Staged members are removed either way. */
int pd_demo_zip_close(struct pd_demo_zip *z, int failed, struct pd_err *err);

#endif
