/* server/imgcache: LRU order, the byte bound, expiry, oversize refusal, a
 * blob outliving its eviction, ETags (XXH64 reference values), stats, and
 * many threads at once. */
#include <check.h>
Suite *make_suite(void);
#include <glib.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "server/imgcache.h"

/* The cache counts a blob's bytes, its key and this much bookkeeping (its
 * headroom included). */
#define OVERHEAD (128 + IMG_HEADROOM)

static const struct img *blob(size_t len, unsigned char fill, double expires)
{
	unsigned char *b = malloc(len ? len : 1);
	memset(b, fill, len);
	return img_new(b, len, "image/png", "ok", expires);
}

/* Puts a blob of len bytes under key and drops the caller's reference. */
static void put(imgcache *c, const char *key, size_t len, double expires)
{
	const struct img *i = blob(len, (unsigned char)key[0], expires);
	imgcache_put(c, key, i);
	img_unref(i);
}

static int present(imgcache *c, const char *key)
{
	const struct img *i = imgcache_get(c, key, 0);
	img_unref(i);
	return i != NULL;
}

START_TEST(blob_fields)
{
	const struct img *i = blob(100, 7, 12.5);
	ck_assert_uint_eq(i->len, 100);
	ck_assert_str_eq(i->content_type, "image/png");
	ck_assert_str_eq(i->status, "ok");
	ck_assert_double_eq(i->expires, 12.5);
	ck_assert_uint_eq(strlen(i->etag), 18);
	ck_assert_int_eq(i->etag[0], '"');
	ck_assert_int_eq(i->etag[17], '"');
	ck_assert_ptr_eq(img_ref(i), i);
	img_unref(i);
	img_unref(i);
	img_unref(NULL);
	ck_assert_ptr_null(img_ref(NULL));
	/* A status longer than the field is cut, still terminated. */
	const struct img *j = img_new(malloc(1), 1, "image/svg+xml", "a-very-long-status-text", 0);
	ck_assert_str_eq(j->status, "a-very-long-sta");
	img_unref(j);
}
END_TEST

/* Reference values from the xxHash library (XXH64, seed 0), so the hand
 * written hash is XXH64 and not merely some hash. */
START_TEST(etag_is_xxh64)
{
	struct {
		const char *s;
		const char *etag;
	} v[] = {
		{"", "\"ef46db3751d8e999\""},
		{"a", "\"d24ec4f1a98c6e5b\""},
		{"abc", "\"44bc2cf5ad770999\""},
		{"abcd", "\"de0327b0d25d92cc\""},
		{"0123456789abcdef", "\"5c5b90c34e376d0b\""},
		{"The quick brown fox jumps over the lazy dog", "\"0b242d361fda71bc\""},
	};
	char out[24];
	for (size_t i = 0; i < G_N_ELEMENTS(v); i++) {
		img_etag((const unsigned char *)v[i].s, strlen(v[i].s), out);
		ck_assert_str_eq(out, v[i].etag);
	}
	/* 771 bytes: the 32-byte stripes, the 8- and 4-byte tails and single bytes. */
	unsigned char big[771];
	for (int i = 0; i < 768; i++)
		big[i] = (unsigned char)(i % 256);
	memcpy(big + 768, "xyz", 3);
	img_etag(big, sizeof big, out);
	ck_assert_str_eq(out, "\"e921a1b45bd779f8\"");
}
END_TEST

START_TEST(etag_stable_and_one_byte_changes_it)
{
	size_t n = 50000;
	unsigned char *a = malloc(n);
	for (size_t i = 0; i < n; i++)
		a[i] = (unsigned char)(i * 2654435761u >> 13);
	char e1[24], e2[24], e3[24];
	img_etag(a, n, e1);
	img_etag(a, n, e2);
	ck_assert_str_eq(e1, e2);
	const struct img *i = img_new(g_memdup2(a, n), n, "image/png", NULL, 0);
	ck_assert_str_eq(i->etag, e1);
	ck_assert_str_eq(i->status, "");
	img_unref(i);
	for (size_t at = 0; at < n; at += 4999) {
		a[at] ^= 1;
		img_etag(a, n, e3);
		ck_assert_str_ne(e1, e3);
		a[at] ^= 1;
	}
	img_etag(a, n - 1, e3);   /* one byte shorter */
	ck_assert_str_ne(e1, e3);
	free(a);
}
END_TEST

START_TEST(lru_order)
{
	/* Room for three entries of 1000 bytes (with key and overhead). */
	size_t each = 1000 + 1 + OVERHEAD;
	imgcache *c = imgcache_new(4 * each);
	put(c, "a", 1000, 0);
	put(c, "b", 1000, 0);
	put(c, "c", 1000, 0);
	put(c, "d", 1000, 0);
	ck_assert(present(c, "a"));   /* a becomes the newest; b the oldest */
	put(c, "e", 1000, 0);         /* evicts b */
	ck_assert(!present(c, "b"));
	ck_assert(present(c, "a"));
	ck_assert(present(c, "c"));
	ck_assert(present(c, "d"));
	ck_assert(present(c, "e"));
	put(c, "f", 1000, 0);   /* evicts a: the get order above was a c d e */
	ck_assert(!present(c, "a"));
	ck_assert(present(c, "c"));
	imgcache_free(c);
	imgcache_free(NULL);
}
END_TEST

START_TEST(byte_bound)
{
	size_t max = 100000;
	imgcache *c = imgcache_new(max);
	struct imgcache_stats st;
	char key[32];
	for (int i = 0; i < 500; i++) {
		snprintf(key, sizeof key, "k%d", i);
		put(c, key, (size_t)(1000 + (i * 7919) % 20000), 0);
		imgcache_stats(c, &st);
		ck_assert_uint_le(st.bytes, max);
	}
	ck_assert_uint_gt(st.bytes, max / 2);   /* it does keep things */
	ck_assert_uint_gt(st.entries, 3);
	ck_assert(present(c, "k499"));   /* the newest is there */
	ck_assert(!present(c, "k0"));
	imgcache_free(c);
}
END_TEST

START_TEST(replace_same_key)
{
	imgcache *c = imgcache_new(100000);
	put(c, "k", 1000, 0);
	const struct img *i = blob(2000, 9, 0);
	imgcache_put(c, "k", i);
	img_unref(i);
	const struct img *got = imgcache_get(c, "k", 0);
	ck_assert_uint_eq(got->len, 2000);
	img_unref(got);
	struct imgcache_stats st;
	imgcache_stats(c, &st);
	ck_assert_uint_eq(st.entries, 1);
	ck_assert_uint_eq(st.bytes, 2000 + 1 + OVERHEAD);
	imgcache_free(c);
}
END_TEST

START_TEST(expiry)
{
	imgcache *c = imgcache_new(100000);
	put(c, "soon", 100, 10.0);
	put(c, "never", 100, 0);
	const struct img *i = imgcache_get(c, "soon", 9.999);
	ck_assert_ptr_nonnull(i);
	img_unref(i);
	ck_assert_ptr_null(imgcache_get(c, "soon", 10.0));
	ck_assert_ptr_null(imgcache_get(c, "soon", 5.0));   /* dropped, not hidden */
	i = imgcache_get(c, "never", 1e12);
	ck_assert_ptr_nonnull(i);
	img_unref(i);
	struct imgcache_stats st;
	imgcache_stats(c, &st);
	ck_assert_uint_eq(st.entries, 1);
	ck_assert_uint_eq(st.bytes, 100 + 5 + OVERHEAD);
	imgcache_free(c);
}
END_TEST

START_TEST(oversize_not_kept)
{
	imgcache *c = imgcache_new(40000);
	put(c, "small", 1000, 0);
	put(c, "big", 10000, 0);   /* 10000 + key + overhead > 40000 / 4 */
	ck_assert(!present(c, "big"));
	ck_assert(present(c, "small"));   /* and nothing was evicted for it */
	put(c, "small", 20000, 0);        /* a newer oversize answer drops the old one */
	ck_assert(!present(c, "small"));
	put(c, "fits", 10000 - 4 - OVERHEAD, 0);   /* exactly a quarter */
	ck_assert(present(c, "fits"));
	imgcache_free(c);

	imgcache *none = imgcache_new(0);   /* keeps nothing */
	put(none, "x", 1, 0);
	ck_assert(!present(none, "x"));
	struct imgcache_stats st;
	imgcache_stats(none, &st);
	ck_assert_uint_eq(st.entries, 0);
	ck_assert_uint_eq(st.bytes, 0);
	imgcache_free(none);
}
END_TEST

/* A response still writing a blob when the cache evicts or replaces it:
 * the bytes stay readable (ASan would report a use after free). */
START_TEST(ref_survives_eviction)
{
	size_t each = 1000 + 1 + OVERHEAD;
	imgcache *c = imgcache_new(4 * each);
	put(c, "a", 1000, 0);
	const struct img *held = imgcache_get(c, "a", 0);
	put(c, "b", 1000, 0);
	put(c, "c", 1000, 0);
	put(c, "d", 1000, 0);
	put(c, "e", 1000, 0);
	ck_assert(!present(c, "a"));
	for (size_t i = 0; i < held->len; i++)
		ck_assert_int_eq(held->bytes[i], 'a');
	imgcache_free(c);   /* the cache gone entirely */
	ck_assert_int_eq(held->bytes[999], 'a');
	ck_assert_str_eq(held->content_type, "image/png");
	img_unref(held);
}
END_TEST

START_TEST(hit_miss_stats)
{
	imgcache *c = imgcache_new(100000);
	struct imgcache_stats st;
	imgcache_stats(c, &st);
	ck_assert_uint_eq(st.hits, 0);
	ck_assert_uint_eq(st.misses, 0);
	ck_assert(!present(c, "x"));
	put(c, "x", 10, 0);
	ck_assert(present(c, "x"));
	ck_assert(present(c, "x"));
	ck_assert(!present(c, "y"));
	imgcache_stats(c, &st);
	ck_assert_uint_eq(st.hits, 2);
	ck_assert_uint_eq(st.misses, 2);
	ck_assert_uint_eq(st.entries, 1);
	ck_assert_uint_eq(st.bytes, 10 + 1 + OVERHEAD);
	imgcache_free(c);
}
END_TEST

struct worker {
	imgcache *c;
	int id;
};

static void *worker_run(void *arg)
{
	struct worker *w = arg;
	char key[32];
	for (int i = 0; i < 5000; i++) {
		snprintf(key, sizeof key, "k%d", (i * 31 + w->id) % 64);
		const struct img *got = imgcache_get(w->c, key, 0);
		if (got) {
			/* Whoever put it, the bytes are its key's fill, whole. */
			ck_assert_int_eq(got->bytes[0], key[1]);
			ck_assert_int_eq(got->bytes[got->len - 1], key[1]);
			img_unref(got);
			continue;
		}
		const struct img *b = blob(200 + (size_t)(i % 7) * 100, (unsigned char)key[1], 0);
		imgcache_put(w->c, key, b);
		img_unref(b);
	}
	return NULL;
}

START_TEST(threads_share_it)
{
	imgcache *c = imgcache_new(20000);   /* small: constant eviction */
	pthread_t t[6];
	struct worker w[6];
	for (int i = 0; i < 6; i++) {
		w[i] = (struct worker){c, i};
		pthread_create(&t[i], NULL, worker_run, &w[i]);
	}
	for (int i = 0; i < 6; i++)
		pthread_join(t[i], NULL);
	struct imgcache_stats st;
	imgcache_stats(c, &st);
	ck_assert_uint_eq(st.hits + st.misses, 6 * 5000);
	ck_assert_uint_le(st.bytes, 20000);
	imgcache_free(c);
}
END_TEST

Suite *make_suite(void)
{
	Suite *s = suite_create("server/imgcache");
	TCase *tc = tcase_create("imgcache");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, blob_fields);
	tcase_add_test(tc, etag_is_xxh64);
	tcase_add_test(tc, etag_stable_and_one_byte_changes_it);
	tcase_add_test(tc, lru_order);
	tcase_add_test(tc, byte_bound);
	tcase_add_test(tc, replace_same_key);
	tcase_add_test(tc, expiry);
	tcase_add_test(tc, oversize_not_kept);
	tcase_add_test(tc, ref_survives_eviction);
	tcase_add_test(tc, hit_miss_stats);
	tcase_add_test(tc, threads_share_it);
	suite_add_tcase(s, tc);
	return s;
}

#include "tests/test_main.h"
