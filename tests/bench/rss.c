/*
 * rss - run a command; print its wall seconds and peak RSS (KiB) to fd 3
 * as "SECONDS KIB", leaving its stdout/stderr alone.  A bench tool.
 */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
    struct timespec t0, t1;
    struct rusage ru;
    int status;
    pid_t pid;
    FILE *out;

    if (argc < 2) {
        fprintf(stderr, "usage: rss CMD [ARG]...\n");
        return 2;
    }
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid = fork();
    if (pid == 0) {
        execvp(argv[1], argv + 1);
        perror(argv[1]);
        _exit(127);
    }
    if (pid < 0 || wait4(pid, &status, 0, &ru) < 0) {
        perror("rss");
        return 2;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    out = fdopen(3, "w");
    if (!out)
        out = stderr;
    fprintf(out, "%.3f %ld\n",
            (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
            ru.ru_maxrss);
    fclose(out);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}
