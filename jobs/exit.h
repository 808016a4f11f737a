/*
 * exit - the process exit codes of SPEC §5, in one place.
 *
 * Ownership/errors/limits: constants only.
 */
#ifndef PD_EXIT_H
#define PD_EXIT_H

#include "common/err.h"

enum pd_exit {
    PD_EXIT_OK = 0,       /* all good */
    PD_EXIT_REJECTS = 1,  /* some files or rows were rejected */
    PD_EXIT_USAGE = 2,    /* bad command line or configuration */
    PD_EXIT_DB = 3,       /* database unreachable or failing */
    PD_EXIT_IO = 4,       /* disk full, unreadable input folder */
    PD_EXIT_INTERNAL = 5, /* a bug or out of memory */
    PD_EXIT_LOCKED = 6    /* the job is running elsewhere */
};

/* The exit code for an error of this kind. */
enum pd_exit pd_exit_for(enum pd_errcode code);

#endif
