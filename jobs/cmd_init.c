/* stub */
#include "jobs/cli.h"
#include "jobs/exit.h"

int
pd_cmd_init(int argc, char **argv, struct pd_globals *g)
{
    (void)argc;
    (void)argv;
    (void)g;
    return PD_EXIT_INTERNAL;
}
