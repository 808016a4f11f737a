#include "exit.h"

enum pd_exit
pd_exit_for(enum pd_errcode code)
{
    switch (code) {
    case PD_E_OK:
        return PD_EXIT_OK;
    case PD_E_USAGE:
    case PD_E_CONFIG:
        return PD_EXIT_USAGE;
    case PD_E_FORMAT:
    case PD_E_PARSE:
    case PD_E_REJECTED:
    case PD_E_LIMIT:
        return PD_EXIT_REJECTS;
    case PD_E_IO:
        return PD_EXIT_IO;
    case PD_E_DB:
        return PD_EXIT_DB;
    case PD_E_LOCKED:
        return PD_EXIT_LOCKED;
    case PD_E_INTERNAL:
        break;
    }
    return PD_EXIT_INTERNAL;
}
