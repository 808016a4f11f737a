/*
 * signals - SIGTERM, SIGINT and SIGHUP for the long-running commands
 * (`prodops schedule`, `prodops run`): a stop or reload request is a flag
 * that the work loop reads between steps, never an exit in the middle of
 * a file.
 *
 * Handlers are installed with SA_RESTART, so the file reads and database
 * calls of the step under way carry on undisturbed (an interrupted read()
 * would otherwise look like an I/O error and reject a good file); only the
 * sleeps of pd_signals_sleep() end early: pselect() is never restarted.
 *
 * Ownership: the flags are the process's (a signal handler can reach
 * nothing else: the one global state besides the log level, STYLE rule
 * 18).
 * Errors: none.
 * Limits: one set of handlers per process.
 */
#ifndef PD_SIGNALS_H
#define PD_SIGNALS_H

#include <stdbool.h>

/* Catch SIGTERM and SIGINT (stop) and SIGHUP (reload). */
void pd_signals_install(void);

/* The signal that asked to stop (SIGTERM or SIGINT), or 0. */
int pd_signals_stop(void);

/* True once after SIGHUP: the caller reloads its configuration. */
bool pd_signals_reload(void);

/* Sleep up to seconds; returns early (false) when a stop signal arrives,
 * or a reload one when wake_on_reload, true after sleeping the whole
 * time. */
bool pd_signals_sleep(double seconds, bool wake_on_reload);

#endif
