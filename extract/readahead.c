#include "extract/readahead.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"

/*
 * A ring of blocks.  The producer owns the slots past head + count and
 * fills one at a time outside the lock; publishing it (count++) under the
 * lock is what makes its bytes visible to the reader.  The reader owns the
 * head slot until it releases it.  A block carries the producer's verdict
 * after its bytes: more to come, the end, or an error.
 */

enum verdict { MORE, END, FAILED };

struct block {
    char *data;
    size_t len;
    enum verdict verdict;
    struct pd_err err;
};

struct pd_readahead {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t changed; /* a block published or released, or stop */
    pd_readahead_fn fn;
    void *ctx;
    struct block blocks[PD_READAHEAD_BLOCKS];
    size_t head;  /* the reader's block */
    size_t count; /* published blocks, from head */
    size_t pos;   /* bytes of the head block already read */
    bool stop;
};

/* Fill one block until it is full or the producer ends or fails. */
static void
fill(struct pd_readahead *ra, struct block *b)
{
    b->len = 0;
    b->verdict = MORE;
    pd_err_clear(&b->err);
    while (b->len < PD_READAHEAD_BLOCK) {
        ssize_t r = ra->fn(ra->ctx, b->data + b->len,
                           PD_READAHEAD_BLOCK - b->len, &b->err);
        if (r <= 0) {
            b->verdict = r == 0 ? END : FAILED;
            return;
        }
        b->len += (size_t)r;
    }
}

static void *
produce(void *arg)
{
    struct pd_readahead *ra = arg;

    for (;;) {
        struct block *b;

        pthread_mutex_lock(&ra->mu);
        while (ra->count == PD_READAHEAD_BLOCKS && !ra->stop)
            pthread_cond_wait(&ra->changed, &ra->mu);
        if (ra->stop) {
            pthread_mutex_unlock(&ra->mu);
            return NULL;
        }
        b = &ra->blocks[(ra->head + ra->count) % PD_READAHEAD_BLOCKS];
        pthread_mutex_unlock(&ra->mu);

        fill(ra, b);

        pthread_mutex_lock(&ra->mu);
        ra->count++;
        pthread_cond_broadcast(&ra->changed);
        pthread_mutex_unlock(&ra->mu);
        if (b->verdict != MORE)
            return NULL; /* the end or an error is the last block */
    }
}

struct pd_readahead *
pd_readahead_start(pd_readahead_fn fn, void *ctx)
{
    struct pd_readahead *ra = pd_xcalloc(1, sizeof(*ra));

    ra->fn = fn;
    ra->ctx = ctx;
    for (size_t i = 0; i < PD_READAHEAD_BLOCKS; i++)
        ra->blocks[i].data = pd_xmalloc(PD_READAHEAD_BLOCK);
    pthread_mutex_init(&ra->mu, NULL);
    pthread_cond_init(&ra->changed, NULL);
    if (pthread_create(&ra->thread, NULL, produce, ra) != 0) {
        pthread_cond_destroy(&ra->changed);
        pthread_mutex_destroy(&ra->mu);
        for (size_t i = 0; i < PD_READAHEAD_BLOCKS; i++)
            free(ra->blocks[i].data);
        free(ra);
        return NULL;
    }
    return ra;
}

ssize_t
pd_readahead_read(struct pd_readahead *ra, char *buf, size_t n,
                  struct pd_err *err)
{
    for (;;) {
        struct block *b;
        size_t k;

        pthread_mutex_lock(&ra->mu);
        while (ra->count == 0)
            pthread_cond_wait(&ra->changed, &ra->mu);
        b = &ra->blocks[ra->head];
        pthread_mutex_unlock(&ra->mu);

        if (ra->pos < b->len) {
            k = b->len - ra->pos < n ? b->len - ra->pos : n;
            memcpy(buf, b->data + ra->pos, k);
            ra->pos += k;
            return (ssize_t)k;
        }
        if (b->verdict == END)
            return 0;
        if (b->verdict == FAILED) {
            if (err)
                *err = b->err;
            return -1;
        }
        /* Read to its end: hand the block back to the producer. */
        pthread_mutex_lock(&ra->mu);
        ra->head = (ra->head + 1) % PD_READAHEAD_BLOCKS;
        ra->count--;
        ra->pos = 0;
        pthread_cond_broadcast(&ra->changed);
        pthread_mutex_unlock(&ra->mu);
    }
}

void
pd_readahead_stop(struct pd_readahead *ra)
{
    if (!ra)
        return;
    pthread_mutex_lock(&ra->mu);
    ra->stop = true;
    pthread_cond_broadcast(&ra->changed);
    pthread_mutex_unlock(&ra->mu);
    pthread_join(ra->thread, NULL);
    pthread_cond_destroy(&ra->changed);
    pthread_mutex_destroy(&ra->mu);
    for (size_t i = 0; i < PD_READAHEAD_BLOCKS; i++)
        free(ra->blocks[i].data);
    free(ra);
}
