/*
 * fuzz - what the libFuzzer targets in tests/fuzz/ share.
 *
 * Each fuzz_<target>.c defines LLVMFuzzerTestOneInput() and checks the
 * invariants of the parser it drives, not only that it survives.  Linked
 * with -fsanitize=fuzzer it is a libFuzzer binary (make fuzz); linked with
 * replay.c it is a plain program that runs the target over files, which is
 * how make test replays tests/fuzz/regressions/.  Header-only (static
 * inline): each target is one translation unit.
 *
 * Ownership: the helpers allocate nothing.
 * Errors: a broken invariant prints the file, line and condition on stderr
 * and aborts, which libFuzzer reports as a crash with the input saved.
 * Limits: single-threaded, like the code under test.
 */
#ifndef PD_FUZZ_H
#define PD_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "common/utf8.h"
#include "extract/record.h"

/* libFuzzer's entry point; declared here for -Wmissing-prototypes. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An assert() that survives NDEBUG and names the invariant. */
#define PD_FUZZ_CHECK(cond) \
    ((cond) ? (void)0 : pd_fuzz_fail(__FILE__, __LINE__, #cond))

static inline _Noreturn void
pd_fuzz_fail(const char *file, int line, const char *what)
{
    fprintf(stderr, "fuzz: %s:%d: invariant broken: %s\n", file, line, what);
    abort();
}

/* The record.h contract of one field or name: text present, NUL at len,
 * valid UTF-8 (extract/ decodes everything to UTF-8).  Reading s[len] and
 * every byte before it also lets ASan check the whole span. */
static inline void
pd_fuzz_check_text(const struct pd_field *f)
{
    PD_FUZZ_CHECK(f->s != NULL);
    PD_FUZZ_CHECK(f->s[f->len] == '\0');
    PD_FUZZ_CHECK(pd_utf8_valid(f->s, f->len));
}

/* 1-based physical lines: at most one more than the input's newlines. */
static inline long
pd_fuzz_max_line(const uint8_t *data, size_t size)
{
    long n = 1;

    for (size_t i = 0; i < size; i++)
        n += data[i] == '\n';
    return n;
}

/* FNV-1a over bytes, continuing from h (start with PD_FUZZ_HASH0): cheap
 * fingerprints of records for the differential checks. */
#define PD_FUZZ_HASH0 UINT64_C(0xcbf29ce484222325)
static inline uint64_t
pd_fuzz_hash(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;

    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= UINT64_C(0x100000001b3);
    }
    return h;
}

#endif
