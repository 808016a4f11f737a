/*
 * file - files that appear whole or not at all: outputs are written to a
 * temporary name beside the target and renamed into place, so a reader
 * (a mail job picking up the report) never sees half a file.
 *
 * Ownership: none kept.
 * Errors: -1 with *err (PD_E_IO, naming the path and the OS error); the
 * temporary file is removed.
 * Limits: the temporary name is "<path>.tmp.<pid>" (same directory, so the
 * rename is atomic on one file system).
 */
#ifndef PD_FILE_H
#define PD_FILE_H

#include <stddef.h>

#include "common/err.h"

/* mkdir -p. */
int pd_file_mkdirs(const char *dir, struct pd_err *err);

/* The temporary name for path (n >= strlen(path) + 32). */
void pd_file_tmp_name(const char *path, char *tmp, size_t n);

/* Write data to path atomically (fsync, then rename). */
int pd_file_write_atomic(const char *path, const void *data, size_t n,
                         struct pd_err *err);

/* A small file's whole text, NUL-terminated (free() it); files over max
 * bytes are refused. */
char *pd_file_read_all(const char *path, size_t max, struct pd_err *err);

/* Rename a finished temporary file into place (fsync first). */
int pd_file_commit(const char *tmp, const char *path, struct pd_err *err);

#endif
