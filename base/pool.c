/*
 * pool.c — the worker pool of pool.h: a queue of batches under one mutex.
 *
 * A batch hands out its indices one at a time to whoever asks (a worker or
 * the caller); it leaves the queue when its last index is taken, and the
 * caller waits on the batch's own condition until the last call returns.
 * One lock round per item is nothing next to drawing a panel or resolving a
 * variable, which is what a pool item is.
 */
#include "base/pool.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>
#include <glib.h>

struct batch {
	void (*fn)(void *arg, size_t i);
	void *arg;
	size_t n, next, done;      /* next and done: under pool.lock */
	pthread_cond_t finished;
	struct batch *link;
};

struct pool {
	pthread_mutex_t lock;
	pthread_cond_t work;
	struct batch *head, *tail;
	bool stop;
	int n_threads;
	pthread_t *threads;
};

static void unlink_batch(struct pool *p, struct batch *b)
{
	struct batch **pp = &p->head, *prev = NULL;
	while (*pp && *pp != b) {
		prev = *pp;
		pp = &(*pp)->link;
	}
	if (!*pp)
		return;
	*pp = b->link;
	if (p->tail == b)
		p->tail = prev;
	b->link = NULL;
}

/* Takes the next index of b (pool lock held); false when none is left. */
static bool claim(struct pool *p, struct batch *b, size_t *i)
{
	if (b->next >= b->n)
		return false;
	*i = b->next++;
	if (b->next == b->n)
		unlink_batch(p, b);
	return true;
}

/* Runs item i of b with the lock released, and counts it done. */
static void run_item(struct pool *p, struct batch *b, size_t i)
{
	pthread_mutex_unlock(&p->lock);
	b->fn(b->arg, i);
	pthread_mutex_lock(&p->lock);
	if (++b->done == b->n)
		pthread_cond_signal(&b->finished);
}

static void *worker(void *arg)
{
	struct pool *p = arg;
	pthread_mutex_lock(&p->lock);
	for (;;) {
		while (!p->stop && !p->head)
			pthread_cond_wait(&p->work, &p->lock);
		if (p->stop)
			break;
		struct batch *b = p->head;
		size_t i;
		if (claim(p, b, &i))
			run_item(p, b, i);
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

pool *pool_new(int threads)
{
	if (threads <= 0) {
		long cores = sysconf(_SC_NPROCESSORS_ONLN);
		threads = cores > 1 ? (int)cores - 1 : 1;
	}
	struct pool *p = g_new0(struct pool, 1);
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->work, NULL);
	p->threads = g_new0(pthread_t, (size_t)threads);
	for (int t = 0; t < threads; t++) {
		if (pthread_create(&p->threads[t], NULL, worker, p) != 0)
			break;
		p->n_threads++;
	}
	if (p->n_threads == 0)
		g_error("pool: no worker thread could be started");
	return p;
}

void pool_free(pool *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->lock);
	p->stop = true;
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->lock);
	for (int t = 0; t < p->n_threads; t++)
		pthread_join(p->threads[t], NULL);
	pthread_cond_destroy(&p->work);
	pthread_mutex_destroy(&p->lock);
	g_free(p->threads);
	g_free(p);
}

void pool_run(pool *p, void (*fn)(void *arg, size_t i), void *arg, size_t n)
{
	if (!p || n <= 1) {
		for (size_t i = 0; i < n; i++)
			fn(arg, i);
		return;
	}
	struct batch b = { .fn = fn, .arg = arg, .n = n };
	pthread_cond_init(&b.finished, NULL);
	pthread_mutex_lock(&p->lock);
	if (p->tail)
		p->tail->link = &b;
	else
		p->head = &b;
	p->tail = &b;
	pthread_cond_broadcast(&p->work);
	size_t i;
	while (claim(p, &b, &i))
		run_item(p, &b, i);
	while (b.done < b.n)
		pthread_cond_wait(&b.finished, &p->lock);
	pthread_mutex_unlock(&p->lock);
	pthread_cond_destroy(&b.finished);
}

int pool_threads(const pool *p)
{
	return p ? p->n_threads : 0;
}
