/* base/pool: every item runs once, callers from many threads, nesting. */
#include <check.h>
Suite *make_suite(void);
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include "base/pool.h"

struct count { _Atomic int hits[1000]; };

static void hit(void *arg, size_t i)
{
	struct count *c = arg;
	atomic_fetch_add(&c->hits[i], 1);
}

START_TEST(every_item_once)
{
	pool *p = pool_new(3);
	ck_assert_int_eq(pool_threads(p), 3);
	static struct count c;
	memset(&c, 0, sizeof c);
	pool_run(p, hit, &c, 1000);
	for (int i = 0; i < 1000; i++)
		ck_assert_int_eq(atomic_load(&c.hits[i]), 1);
	pool_run(p, hit, &c, 0);
	pool_run(NULL, hit, &c, 10);
	ck_assert_int_eq(atomic_load(&c.hits[9]), 2);
	pool_free(p);
	pool_free(NULL);
}
END_TEST

struct nest { pool *p; struct count c[8]; };

static void outer(void *arg, size_t i)
{
	struct nest *n = arg;
	/* A batch started from inside the pool: must finish even when every
	 * worker is busy with the outer batch. */
	pool_run(n->p, hit, &n->c[i], 1000);
}

START_TEST(nested_batches_finish)
{
	static struct nest n;
	memset(&n, 0, sizeof n);
	n.p = pool_new(2);
	pool_run(n.p, outer, &n, 8);
	for (int k = 0; k < 8; k++)
		for (int i = 0; i < 1000; i++)
			ck_assert_int_eq(atomic_load(&n.c[k].hits[i]), 1);
	pool_free(n.p);
}
END_TEST

static void *caller(void *arg)
{
	struct nest *n = arg;
	static _Atomic int slot;
	int k = atomic_fetch_add(&slot, 1);
	for (int r = 0; r < 20; r++)
		pool_run(n->p, hit, &n->c[k], 1000);
	return NULL;
}

START_TEST(many_callers_at_once)
{
	static struct nest n;
	memset(&n, 0, sizeof n);
	n.p = pool_new(2);
	pthread_t t[8];
	for (int i = 0; i < 8; i++)
		pthread_create(&t[i], NULL, caller, &n);
	for (int i = 0; i < 8; i++)
		pthread_join(t[i], NULL);
	for (int k = 0; k < 8; k++)
		for (int i = 0; i < 1000; i++)
			ck_assert_int_eq(atomic_load(&n.c[k].hits[i]), 20);
	pool_free(n.p);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("base/pool");
	TCase *tc = tcase_create("pool");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, every_item_once);
	tcase_add_test(tc, nested_batches_finish);
	tcase_add_test(tc, many_callers_at_once);
	suite_add_tcase(s, tc);
	return s;
}

#include "tests/test_main.h"
