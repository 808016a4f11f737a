/*
 * walk - the export files under the paths a command or a job's inbox
 * names: each regular file once, never anything that could block a read.
 *
 * A folder is read recursively (names starting with '.' are not entered
 * or listed; in folders only export names count: .csv .tsv .txt .gz .zip
 * .json .jsonl .ndjson).  Symbolic links are followed, but every file is
 * listed once by device and inode, and every folder is entered once, so
 * `ln -s . inbox/again` neither repeats files nor runs forever: a link
 * back to a folder above it is reported as a loop.  Only regular files are
 * listed: a FIFO, socket or device (or a link to /dev/zero) would block or
 * never end a read, so it is reported and never opened.
 *
 * Ownership: struct pd_walk is caller-provided (pd_walk_init, then
 * pd_walk_release); its paths and notes are owned by it.
 * Errors: pd_walk_add() returns -1 with *err (PD_E_IO) and w->errnum set
 * only for the path it was given, in PD_WALK_ARG mode: it does not exist
 * (errnum ENOENT or ENOTDIR), it cannot be read (EACCES, EIO, ...), or it is
 * not a regular file or folder (errnum 0).  Trouble below a folder does not
 * stop the walk: it becomes a note (w->notes), and the caller says so. Limits:
 * memory is linear in the number of files and folders; paths are kept as the
 * bytes the file system gave (not necessarily UTF-8).
 */
#ifndef PD_WALK_H
#define PD_WALK_H

#include <stdbool.h>
#include <stddef.h>

#include "common/err.h"
#include "common/strmap.h"

enum pd_walk_why {
    PD_WALK_NOT_REGULAR, /* a FIFO, socket, device, or a dangling link */
    PD_WALK_LOOP,        /* a link back to a folder above it */
    PD_WALK_UNREADABLE   /* a folder or file that cannot be read */
};

/* Something under a folder that was not listed, and why. */
struct pd_walk_note {
    char *path; /* as reached (raw bytes) */
    enum pd_walk_why why;
    char what[200]; /* "a FIFO", "leads back to 'DIR'", strerror() */
};

/* How pd_walk_add() treats the path it is given. */
enum pd_walk_mode {
    PD_WALK_ARG,  /* named by the user: a folder is read recursively,
                     anything but a regular file or folder is an error */
    PD_WALK_MATCH /* a glob's match: a folder is passed over; anything but
                     a regular file, or a match that cannot be looked at,
                     is a note (one that is gone is passed over) */
};

struct pd_walk {
    char **paths; /* regular files; each call's share sorted by strcmp */
    size_t n;
    struct pd_walk_note *notes;
    size_t nnotes;
    int errnum; /* why the last pd_walk_add() failed; 0: not a file */
    /* A folder name never entered (a job's "processed"), or NULL. */
    const char *prune;
    /* private */
    struct pd_strmap files, dirs; /* (st_dev, st_ino) seen */
    size_t cap, notes_cap;
};

void pd_walk_init(struct pd_walk *w);

/* Add path (see enum pd_walk_mode).  0, or -1 with *err and w->errnum. */
int pd_walk_add(struct pd_walk *w, const char *path, enum pd_walk_mode mode,
                struct pd_err *err);

/* True when the note is an environment problem (something that exists but
 * cannot be read), not merely a thing that is not an export file. */
bool pd_walk_note_is_error(const struct pd_walk_note *note);

void pd_walk_release(struct pd_walk *w);

#endif
