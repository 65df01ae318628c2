/*
 * pool.h — one process-wide pool of worker threads (plain pthreads, so
 * ThreadSanitizer sees every lock).
 *
 * Work comes in batches: pool_run(p, fn, arg, n) calls fn(arg, i) for every
 * i in [0, n) and returns when all have returned.  The calling thread works
 * on its own batch too, so a batch started from inside a pool thread (a
 * request running on the pool drawing its panels) always finishes: nested
 * use cannot deadlock, however busy the pool is.
 */
#ifndef CAIRN_POOL_H
#define CAIRN_POOL_H

#include <stddef.h>

typedef struct pool pool;

/* A pool of `threads` workers (0 = the number of cores less one, as the
 * caller is the other).  Aborts if no thread can be started at all. */
pool *pool_new(int threads);

/* Stops the workers after their current item and joins them.  No pool_run
 * may be in progress.  NULL is a no-op. */
void pool_free(pool *p);

/* Runs fn(arg, i) for i = 0..n-1, in any order and on any thread (the caller
 * included), and returns when every call has returned.  p may be NULL (all
 * on the caller).  Thread-safe: any number of threads may call it at once. */
void pool_run(pool *p, void (*fn)(void *arg, size_t i), void *arg, size_t n);

/* Worker threads (not counting callers). */
int pool_threads(const pool *p);

#endif
