/*
 * inbox - the files a job's source offers: a folder (every export file
 * below it) or a glob, relative to the config file, minus files still
 * being written and the processed/ folders loaded files are moved to.
 *
 * A file changed less than the source's `settle` seconds ago may still
 * be being written (a download, a copy in progress): pd_inbox_list()
 * waits until it is `settle` seconds old and looks again.  Unchanged
 * (size and mtime), it is ready; changed, it is held back for the next
 * run, as is a file whose mtime is in the future.  The check uses the real
 * clock, never PRODOPS_NOW: it is about the file system.  A stop signal
 * ends the wait (the fresh files are then held).
 * Files loaded before are not filtered here: pd_ingest_file() skips them
 * by path, size and mtime, else by SHA-256.
 *
 * Ownership: pd_inbox_list() fills a caller-provided struct; paths are
 * heap strings owned by it, freed with pd_inbox_release().
 * Errors: -1 with *err (PD_E_IO) for a folder that does not exist or
 * cannot be read, or a move that fails.  Below the folder, what cannot be
 * read is logged and counted (unreadable) and the rest is listed; FIFOs,
 * devices and symbolic link loops are logged as warnings and passed over.
 * Limits: glob(3) patterns (no **); folders are read recursively by
 * extract/walk.h (each file once by device and inode, processed/ folders
 * not entered); a listing with fresh files takes up to `settle` seconds.
 */
#ifndef PD_INBOX_H
#define PD_INBOX_H

#include <stddef.h>

#include "common/err.h"
#include "extract/walk.h"
#include "jobs/config.h"

struct pd_inbox {
    char **paths; /* absolute, sorted: ready to load */
    size_t n;
    size_t held;       /* files left for the next run (still being written) */
    size_t unreadable; /* files or folders that could not be read (logged) */
};

int pd_inbox_list(const struct pd_config *cfg, const struct pd_config_source *s,
                  struct pd_inbox *in, struct pd_err *err);
void pd_inbox_release(struct pd_inbox *in);

/* Print what a listing passed over (extract/walk.h): a FIFO, device or
 * symbolic link loop as a warning, something that could not be read as an
 * error; names printable, prefixed "JOB: " unless job is NULL.  Returns
 * the number of errors (the caller's exit is then 4, SPEC §5). */
size_t pd_inbox_log_notes(const struct pd_walk *w, const char *job);

/* Move path into the processed/ folder beside it (created when missing);
 * a name already taken there gets a ~2, ~3 ... before its extension, so a
 * weekly export of the same name never overwrites last week's.  The new
 * path goes to moved (n bytes). */
int pd_inbox_move_processed(const char *path, char *moved, size_t n,
                            struct pd_err *err);

#endif
