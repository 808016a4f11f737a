/*
 * replay - run a fuzz target over files, without libFuzzer.
 *
 * Linked with one fuzz_<target>.c under the normal compiler (make test,
 * make check-asan), it feeds each file named on the command line, or each
 * file of a directory named there, to LLVMFuzzerTestOneInput() once.  This
 * is how inputs that once crashed stay fixed: tests/run replays
 * tests/fuzz/regressions/<target>/ on every build, gcc or clang, with or
 * without sanitizers.  A broken invariant aborts (exit status 134).
 * Usage: fuzz_<target> FILE|DIR...; prints "N inputs" on success.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/buf.h"
#include "common/err.h"
#include "tests/fuzz/fuzz.h"

static int
replay_file(const char *path)
{
    struct pd_buf b;
    char tmp[65536];
    size_t n;
    FILE *f = fopen(path, "rb");

    if (!f) {
        perror(path);
        return -1;
    }
    pd_buf_init(&b, 0);
    while ((n = fread(tmp, 1, sizeof(tmp), f)) > 0)
        if (pd_buf_add(&b, tmp, n) < 0)
            PD_BUG("uncapped buffer refused to grow");
    if (ferror(f) || fclose(f) != 0) {
        perror(path);
        pd_buf_release(&b);
        return -1;
    }
    /* A copy of exactly the input's size, as libFuzzer passes it, so that
     * ASan sees a read one past the end. */
    {
        uint8_t *data = malloc(b.len ? b.len : 1);

        if (!data)
            abort();
        if (b.len)
            memcpy(data, b.buf, b.len);
        LLVMFuzzerTestOneInput(data, b.len);
        free(data);
    }
    pd_buf_release(&b);
    return 0;
}

static int
by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

/* Files of dir in name order (dot files skipped); the count or -1. */
static long
replay_dir(const char *dir)
{
    struct dirent **ents;
    int n = scandir(dir, &ents, NULL, by_name);
    long done = 0;

    if (n < 0) {
        perror(dir);
        return -1;
    }
    for (int i = 0; i < n; i++) {
        char path[4096];

        if (ents[i]->d_name[0] != '.' &&
            snprintf(path, sizeof(path), "%s/%s", dir, ents[i]->d_name) <
                (int)sizeof(path)) {
            if (replay_file(path) < 0)
                done = -1;
            else if (done >= 0)
                done++;
        }
        free(ents[i]);
    }
    free(ents);
    return done;
}

int
main(int argc, char **argv)
{
    long total = 0;

    for (int i = 1; i < argc; i++) {
        struct stat st;
        long k;

        if (stat(argv[i], &st) < 0) {
            perror(argv[i]);
            return 1;
        }
        k = S_ISDIR(st.st_mode) ? replay_dir(argv[i])
                                : (replay_file(argv[i]) < 0 ? -1 : 1);
        if (k < 0)
            return 1;
        total += k;
    }
    printf("%ld inputs\n", total);
    return 0;
}
