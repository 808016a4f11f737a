#include "signals.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/select.h>
#include <time.h>

static volatile sig_atomic_t stop_signal;
static volatile sig_atomic_t reload_pending;

static void
on_signal(int sig)
{
    if (sig == SIGHUP)
        reload_pending = 1;
    else
        stop_signal = sig;
}

void
pd_signals_install(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
}

int
pd_signals_stop(void)
{
    return stop_signal;
}

bool
pd_signals_reload(void)
{
    if (!reload_pending)
        return false;
    reload_pending = 0;
    return true;
}

static double
monotonic(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

bool
pd_signals_sleep(double seconds, bool wake_on_reload)
{
    sigset_t block, orig;
    double end = monotonic() + seconds;
    bool whole = true;

    /* The signals stay blocked between the flag test and pselect(), which
     * unblocks them atomically while it waits: a signal arriving just
     * before the wait still ends it (no lost wake-up). */
    sigemptyset(&block);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGHUP);
    sigprocmask(SIG_BLOCK, &block, &orig);
    for (;;) {
        double left = end - monotonic();
        struct timespec ts;
        if (stop_signal || (wake_on_reload && reload_pending)) {
            whole = false;
            break;
        }
        if (left <= 0)
            break;
        ts.tv_sec = (time_t)left;
        ts.tv_nsec = (long)((left - (double)ts.tv_sec) * 1e9);
        if (pselect(0, NULL, NULL, NULL, &ts, &orig) < 0 && errno != EINTR)
            break;
    }
    sigprocmask(SIG_SETMASK, &orig, NULL);
    return whole;
}
