/*
 * promjson.c — a hand-written reader for Prometheus matrix answers, the one
 * hot-path piece DESIGN.md allows, and why: jansson builds a json_t (and a
 * malloc) per number and string and frees them all again, which made it
 * 57% of a whole `cairn render` of a 4 x 10k-point answer (1 MB).  This
 * reads the body once, straight into the t[]/v[] arrays, with no
 * allocation per sample.  Measured on that answer (bench: /tmp/bench.json,
 * --data, 2-core Debian 12, -O2):
 *   parse alone          jansson 22.5 ms, 270 M instr   promjson 2.3 ms, 24.6 M instr
 *   (on a step grid)     jansson 22.8 ms                promjson 1.2 ms
 *   whole cairn render   120.3 +- 2.5 ms, 474 M instr   78.7 +- 1.4 ms, 212 M instr
 * (instructions: callgrind; times: hyperfine -N, best of 30 for the parse).
 *
 * It owns no semantics of its own: jansson (prom.c) is the reference, and
 * anything this reader is not sure jansson would read the same way — invalid
 * JSON, invalid UTF-8, numbers jansson rejects (integer or real overflow),
 * duplicate keys that matter, nesting deeper than SKIP_DEPTH, other answer
 * shapes, caps hit — is declined, never guessed: prom.c then parses the body
 * with jansson and reports the error.  Accepting is therefore the only thing
 * that must be exact: strings are validated as strict UTF-8 with jansson's
 * escape rules (no \u0000, paired surrogates), integers go through long long
 * and reals through a correctly rounded conversion, as jansson does.
 *
 * The lexing (strings, numbers, skipped values) is promlex.c's; here are
 * the answer's structure, the hot sample loop (its usual pair read in one
 * pass) and the parts a big answer is read in on several threads.
 *
 * Not here: series names, the step grid arithmetic, every error message
 * (prom.c).
 */
#include "datasource/promjson.h"

#include "datasource/promlex.h"

#include <glib.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define RAW_FIRST  256 /* first sample allocation of a series without grid */
#define PAIR_BYTES 8   /* the shortest sample, [1,"1"], and its comma */
#define RAW_WHOLE  ((size_t)4 << 20) /* bytes left from which a reader's first
                                        series is sized for all of them */

/* ---- the answer --------------------------------------------------------- */

/* Calls member() for each key of the object at the next token. */
static int each_member(struct pj *s, void *ctx, int (*member)(struct pj *, struct str, void *))
{
	struct str key;

	if (promlex_eat(s, '{'))
		return -1;
	if (promlex_next(s) == '}') {
		s->p++;
		return 0;
	}
	for (;;) {
		if (promlex_key(s, &key) || member(s, key, ctx))
			return -1;
		int c = promlex_next(s);
		if (c != ',' && c != '}')
			return -1;
		s->p++;
		if (c == '}')
			return 0;
	}
}

static void labels_free(struct label *l, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(l[i].name);
		free(l[i].value);
	}
}

static int cmp_label(const void *a, const void *b)
{
	return strcmp(((const struct label *)a)->name, ((const struct label *)b)->name);
}

struct metric {
	struct label l[CAIRN_MAX_LABELS];
	size_t n;
};

static int metric_member(struct pj *s, struct str key, void *ctx)
{
	struct metric *m = ctx;
	struct str val;

	if (m->n == CAIRN_MAX_LABELS)
		return -1;
	char *name = strndup(key.p, key.n);
	/* jansson skips non-string label values but counts them for the cap. */
	if (!name || promlex_next(s) != '"' || promlex_string(s, &val)) {
		free(name);
		return -1;
	}
	char *value = strndup(val.p, val.n);
	if (!value) {
		free(name);
		return -1;
	}
	m->l[m->n++] = (struct label){name, value};
	return 0;
}

static int read_metric(struct pj *s, struct series *ser)
{
	struct metric m = {.n = 0};

	if (each_member(s, &m, metric_member))
		goto fail;
	qsort(m.l, m.n, sizeof *m.l, cmp_label);
	for (size_t i = 1; i < m.n; i++)
		if (strcmp(m.l[i - 1].name, m.l[i].name) == 0)
			goto fail; /* jansson keeps the last; rare enough to leave it */
	ser->labels = g_new(struct label, m.n ? m.n : 1);
	memcpy(ser->labels, m.l, m.n * sizeof *m.l);
	ser->n_labels = m.n;
	return 0;
fail:
	labels_free(m.l, m.n);
	return -1;
}

/* Sample arrays of megabytes: asked for in huge pages where the kernel
 * gives them on request (transparent_hugepage=madvise, Debian's default),
 * so a 1M-sample series costs 8 page faults rather than 4,000 (each fault
 * zeroes its page either way).  Only the 2 MiB-aligned inside of the block
 * is advised; malloc's own header is left alone. */
#define HUGE_BYTES ((size_t)2 << 20)

static void *huge_hint(void *p, size_t bytes)
{
	if (bytes < 2 * HUGE_BYTES)
		return p;
	uintptr_t a = ((uintptr_t)p + HUGE_BYTES - 1) & ~(uintptr_t)(HUGE_BYTES - 1);
	uintptr_t e = ((uintptr_t)p + bytes) & ~(uintptr_t)(HUGE_BYTES - 1);
	if (e > a)
		(void)madvise((void *)a, e - a, MADV_HUGEPAGE);
	return p;
}

static double *samples_renew(double *p, size_t n)
{
	return huge_hint(g_renew(double, p, n), n * sizeof(double));
}

static int alloc_samples(struct series *ser, size_t n)
{
	ser->t = samples_renew(NULL, n);
	ser->v = samples_renew(NULL, n);
	return 0;
}

/* Without a grid the arrays start at the previous series' length (series
 * of one answer are mostly alike), double up to what is left of max_points
 * (the array holds one sample when limit is 0, so the loop checks both),
 * and are trimmed to fit at the end. */
/* Called when ser->n == *cap or ser->n == limit: -1 at the limit. */
static int grow_raw(struct series *ser, size_t *cap, size_t limit)
{
	if (ser->n >= limit)
		return -1;
	size_t want = *cap <= limit / 2 ? *cap * 2 : limit;
	ser->t = samples_renew(ser->t, want);
	ser->v = samples_renew(ser->v, want);
	*cap = want;
	return 0;
}

static void trim_raw(struct series *ser, size_t cap)
{
	size_t n = ser->n ? ser->n : 1;
	if (n == cap)
		return;
	ser->t = g_renew(double, ser->t, n);
	ser->v = g_renew(double, ser->v, n);
}

/* One [time, "value"] pair: exactly two elements, as prom.c's parse_pair. */
static int read_pair(struct pj *s, double *t, double *v)
{
	if (promlex_eat(s, '[') || promlex_number(s, t) || promlex_eat(s, ',') ||
	    promlex_sample_value(s, v))
		return -1;
	return promlex_eat(s, ']');
}

#define FAST_DIGITS 15 /* < 10^15 < 2^53: exact in a double, no wrap */
#define FAST_SLACK  (2 * (2 * FAST_DIGITS + 2) + 8)

/* Up to FAST_DIGITS digits of D+ at q into *w (no bound check: the caller
 * leaves FAST_SLACK bytes); returns the end, or NULL past FAST_DIGITS.
 * (Eight digits at a time, SWAR, cost more here: ~40 instructions a call
 * against ~9 a digit, on runs of 2 to 6 digits.) */
static inline const char *fast_digits(const char *q, uint64_t *w, int *n)
{
	const char *a = q, *stop = q + (FAST_DIGITS - *n);
	uint64_t x = *w;
	for (unsigned d; (d = (unsigned)(unsigned char)*q - '0') < 10; q++) {
		if (q == stop)
			return NULL;
		x = x * 10 + d;
	}
	*w = x;
	*n += (int)(q - a);
	return q;
}

/* D+(.D+)? of at most FAST_DIGITS digits in all, as a double: w / 10^frac,
 * one correctly rounded division of exact doubles (fast_decimal's rule). */
/* The run of digits at q, 8 bytes read at once (within FAST_SLACK): how
 * many lead the 8 (0..8) and, in *val, their value.  A byte is a digit iff
 * it is below 10 after the XOR with '0', which the sum in its low 7 bits
 * (no carry out of a byte) and its top bit tell.  The digits, moved to the
 * top of the word behind zero bytes (leading zeros), are combined in
 * pairs, fours and eights (fast_float's eight-digit step). */
static inline int digits8(const char *q, uint64_t *val)
{
	uint64_t x;
	memcpy(&x, q, sizeof x);
	uint64_t a = x ^ UINT64_C(0x3030303030303030);
	uint64_t non = (((a & UINT64_C(0x7F7F7F7F7F7F7F7F)) + UINT64_C(0x7676767676767676)) | a) &
	               UINT64_C(0x8080808080808080);
	int k = non ? __builtin_ctzll(non) >> 3 : 8;
	*val = 0;
	if (k == 0)
		return 0;
	a <<= 64 - 8 * k;
	a = a * 10 + (a >> 8);
	a = ((a & UINT64_C(0x000000FF000000FF)) * UINT64_C(0x000F424000000064) +
	     ((a >> 16) & UINT64_C(0x000000FF000000FF)) * UINT64_C(0x0000271000000001)) >>
	    32;
	*val = a;
	return k;
}

static const uint64_t P10U[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000};

/* A fraction's digits (usually 6 or so: one SWAR step pays there, where it
 * did not on the 2-digit runs of times and integer parts). */
static inline const char *fast_fraction(const char *q, uint64_t *w, int *n)
{
	uint64_t v;
	int k = digits8(q, &v);
	if (k < 8) {
		if ((*n += k) > FAST_DIGITS)
			return NULL;
		*w = *w * P10U[k] + v;
		return q + k;
	}
	return fast_digits(q, w, n);
}

static inline const char *fast_real(const char *q, double *out)
{
	uint64_t w = 0;
	int n = 0;
	const char *a = q;
	if (!(q = fast_digits(q, &w, &n)) || q == a)
		return NULL;
	if (*q == '.') {
		int before = n;
		a = ++q;
		if (!(q = fast_fraction(q, &w, &n)) || q == a)
			return NULL;
		*out = (double)w / promlex_p10[n - before];
		return q;
	}
	*out = (double)w;
	return q;
}

/* A time, as fast_real reads it.  Consecutive times share their leading
 * digits (1767225600, 1767225601, ...): when the first 8 bytes are those of
 * the last time that had 8 digits or more before any '.', their value is
 * taken as it was computed then, and only the digits after them are read.
 * The same digits give the same w, so the double is fast_real's. */
static inline const char *fast_time(struct pj *s, const char *q, double *out)
{
	uint64_t w = 0, head;
	int n = 0;
	const char *a = q;
	memcpy(&head, q, sizeof head); /* within FAST_SLACK */
	if (head == s->t_head) {
		w = s->t_head_w;
		n = 8;
		q = fast_digits(q + 8, &w, &n);
	} else if ((q = fast_digits(q, &w, &n)) && q - a >= 8) {
		uint64_t w8 = 0;
		for (int i = 0; i < 8; i++)
			w8 = w8 * 10 + (uint64_t)(a[i] - '0');
		s->t_head = head;
		s->t_head_w = w8;
	}
	if (!q || q == a)
		return NULL;
	if (*q == '.') {
		int before = n;
		a = ++q;
		if (!(q = fast_digits(q, &w, &n)) || q == a)
			return NULL;
		*out = (double)w / promlex_p10[n - before];
		return q;
	}
	*out = (double)w;
	return q;
}

/* The usual pair, [1767225600,"12.345678"] (no space, no sign on the time,
 * no exponent, at most FAST_DIGITS digits each), read in one pass with the
 * same doubles read_pair gives: the time as read_number (an integer through
 * long long is exact here; a real is fast_decimal's), the value as
 * fast_decimal.  Anything else returns false with s->p unchanged, and
 * read_pair reads it (and judges it). */
static inline __attribute__((always_inline)) bool read_pair_fast(struct pj *s, double *t,
                                                                 double *v)
{
	const char *q = s->p;
	if (s->end - q < FAST_SLACK || *q != '[' || (q[1] == '0' && promlex_is_digit(q[2])))
		return false;
	if (!(q = fast_time(s, q + 1, t)) || q[0] != ',' || q[1] != '"')
		return false;
	q += 2;
	bool neg = *q == '-';
	if (!(q = fast_real(q + neg, v)) || q[0] != '"' || q[1] != ']')
		return false;
	if (neg)
		*v = -*v;
	s->p = q + 2;
	return true;
}

static void fill_grid(const struct promjson_grid *g, struct series *ser)
{
	for (size_t i = 0; i < g->n; i++) {
		ser->t[i] = g->start + (double)i * g->step;
		ser->v[i] = NAN;
	}
	ser->n = g->n;
}

/* The hot loop: samples go straight to their grid slot (the last sample for
 * a slot wins, as in prom.c) or, without a grid, to the scratch arrays. */
/* After a sample: past its ',' (0, more follow) or its array's ']' (1),
 * or -1.  The usual ',' straight after the sample is checked first. */
static inline int after_sample(struct pj *s)
{
	if (s->p < s->end && *s->p == ',') {
		s->p++;
		return 0;
	}
	int c = promlex_next(s);
	if (c != ',' && c != ']')
		return -1;
	s->p++;
	return c == ']';
}

/* The hot loops, one per kind of series so neither tests the other's case
 * per sample: samples into their grid slot (the last sample for a slot
 * wins, as in prom.c), or appended to the scratch arrays.  From the first
 * sample (or the closing ']') to past the ']'. */
static int read_grid_samples(struct pj *s, struct series *ser)
{
	const struct promjson_grid *g = s->g;
	if (promlex_next(s) == ']') {
		s->p++;
		return 0;
	}
	for (int r = 0; r == 0;) {
		double t, v;
		if (!read_pair_fast(s, &t, &v) && read_pair(s, &t, &v))
			return -1;
		double k = round((t - g->start) / g->step);
		if (k >= 0 && k < (double)g->n)
			ser->v[(size_t)k] = v;
		if ((r = after_sample(s)) < 0)
			return -1;
	}
	return 0;
}

static int read_raw_samples(struct pj *s, struct series *ser, size_t *cap, size_t limit)
{
	size_t room = *cap < limit ? *cap : limit;
	if (promlex_next(s) == ']') {
		s->p++;
		return 0;
	}
	for (int r = 0; r == 0;) {
		double t, v;
		if (!read_pair_fast(s, &t, &v) && read_pair(s, &t, &v))
			return -1;
		if (ser->n == room) {
			if (grow_raw(ser, cap, limit))
				return -1;
			room = *cap < limit ? *cap : limit;
		}
		ser->t[ser->n] = t;
		ser->v[ser->n++] = v;
		if ((r = after_sample(s)) < 0)
			return -1;
	}
	return 0;
}

static int read_values(struct pj *s, struct series *ser)
{
	const struct promjson_grid *g = s->g;
	size_t cap = g->n, limit = s->max_points - s->points;

	if (g->n > limit)
		return -1; /* over the points cap before allocating the grid */
	/* The first series of a big body is sized at once for every sample the
	 * bytes left could hold: untouched, the excess costs address space only
	 * (trimmed at the end), where doubling up to a million samples left
	 * half of them outside huge pages. */
	if (!cap && !s->raw_hint && (size_t)(s->end - s->p) >= RAW_WHOLE)
		cap = (size_t)(s->end - s->p) / PAIR_BYTES;
	if (!cap)
		cap = s->raw_hint > RAW_FIRST ? s->raw_hint : RAW_FIRST;
	if (!g->n && cap > limit)
		cap = limit ? limit : 1;
	if (alloc_samples(ser, cap))
		return -1;
	if (g->n)
		fill_grid(g, ser);
	if (promlex_eat(s, '['))
		return -1;
	if ((g->n ? read_grid_samples(s, ser) : read_raw_samples(s, ser, &cap, limit)))
		return -1;
	if (!g->n) {
		trim_raw(ser, cap);
		s->raw_hint = ser->n;
	}
	s->points += ser->n;
	return 0;
}

struct element {
	struct series *ser;
	bool metric, values;
};

static int element_member(struct pj *s, struct str key, void *ctx)
{
	struct element *el = ctx;

	if (promlex_str_is(key, "metric")) {
		if (el->metric || promlex_next(s) != '{')
			return -1;
		el->metric = true;
		return read_metric(s, el->ser);
	}
	if (promlex_str_is(key, "values")) {
		if (el->values)
			return -1;
		el->values = true;
		return read_values(s, el->ser);
	}
	/* Native histograms: prom.c skips them with a note; leave that to it. */
	if (promlex_str_is(key, "histograms") || promlex_str_is(key, "histogram"))
		return -1;
	return promlex_skip_value(s);
}

static int read_element(struct pj *s)
{
	if (s->n == s->max_series)
		return -1;
	if (s->n == s->alloc) {
		size_t want = s->alloc ? s->alloc * 2 : 8;
		s->out = g_renew(struct series, s->out, want);
		s->alloc = want;
	}
	struct element el = {.ser = &s->out[s->n++]};
	memset(el.ser, 0, sizeof *el.ser);
	if (each_member(s, &el, element_member) || !el.values)
		return -1;
	return 0;
}

/* ---- big answers, read in parts on several threads ----------------------
 *
 * A big matrix is cut into parts at element starts guessed from the bytes
 * ({"metric": after the part's first byte, as Prometheus writes them), and
 * each part after the first is read by a thread of its own from there, as
 * read_result would read it: element after element, up to the next part's
 * start or the array's end.  The guesses are only guesses: the main reader
 * takes a part's series only when its own reading stands exactly on that
 * part's start between two elements (so the part began where an element
 * does and was read in the same state); a part it steps over or never
 * reaches is thrown away.  Results are therefore those of one pass, and a
 * part that fails declines the whole answer, as the one pass would. */
#define SPLIT_MAX      4                  /* parts at most, by default */
#define SPLIT_MIN_PART ((size_t)8 << 20) /* bytes a part at least: below, one thread */

struct split {
	struct pj r;        /* the part's reader: r.out/r.n its series */
	const char *at;     /* the element the part starts at */
	const char *stop;   /* the next part's start (NULL: none) */
	bool landed;        /* it stopped on stop, between two elements */
	int rc;
	atomic_bool cancel; /* the part is not wanted any more */
	pthread_t thread;
	bool started;
	struct split *next;
};

static int read_element(struct pj *s);
static void pj_fini(struct pj *s);

static void *read_part(void *arg)
{
	struct split *sp = arg;
	struct pj *s = &sp->r;
	for (;;) {
		if (atomic_load_explicit(&sp->cancel, memory_order_relaxed) || read_element(s))
			break;
		int c = promlex_next(s);
		if (c == ']') { /* the array's end: the main reader closes it */
			sp->rc = 0;
			return NULL;
		}
		if (c != ',')
			break;
		s->p++;
		if (promlex_next(s) >= 0 && s->p == sp->stop) {
			sp->landed = true;
			sp->rc = 0;
			return NULL;
		}
	}
	sp->rc = -1;
	return NULL;
}

/* Ends the parts from sp on (cancelled when not yet taken) and frees them. */
static void splits_free(struct split *sp)
{
	while (sp) {
		struct split *n = sp->next;
		atomic_store(&sp->cancel, true);
		if (sp->started)
			pthread_join(sp->thread, NULL);
		pj_fini(&sp->r);
		g_free(sp);
		sp = n;
	}
}

static bool is_part_start(const char *q, const char *end)
{
	static const char pat[] = "{\"metric\":";
	return (size_t)(end - q) >= sizeof pat - 1 && memcmp(q, pat, sizeof pat - 1) == 0;
}

/* The element start nearest to `want` within [lo, hi) as Prometheus writes
 * them ({"metric":), or NULL.  memchr/memrchr for '{', not memmem: a '{'
 * is rare in an answer (none in samples), and they run at memory speed
 * where glibc's memmem did not.  (Only the first start after `want` left
 * case B's parts at 3 series and 1.) */
static const char *part_start(const char *lo, const char *want, const char *hi,
                              const char *end)
{
	const char *after = NULL, *before = NULL;
	for (const char *q = want; q < hi && (q = memchr(q, '{', (size_t)(hi - q))); q++)
		if (is_part_start(q, end)) {
			after = q;
			break;
		}
	for (const char *q = want; q > lo && (q = memrchr(lo, '{', (size_t)(q - lo))); )
		if (is_part_start(q, end)) {
			before = q;
			break;
		}
	if (!after || (before && want - before < after - want))
		return before;
	return after;
}

/* Starts the parts of a body big enough to be worth it (nothing otherwise:
 * small answers pay one comparison). */
static void splits_start(struct pj *s, const char *body, size_t len, size_t min_part,
                         size_t max_parts)
{
	size_t k = len / (min_part ? min_part : 1);
	if (k < 2)
		return;
	if (!max_parts) {
		long cores = sysconf(_SC_NPROCESSORS_ONLN);
		max_parts = cores > 1 ? (size_t)cores : 1;
		max_parts = max_parts < SPLIT_MAX ? max_parts : SPLIT_MAX;
	}
	k = k < max_parts ? k : max_parts;
	if (k < 2)
		return;
	const char *at[PROMJSON_MAX_PARTS];
	size_t n = 0;
	/* Each cut is looked for within a quarter part of where it should be
	 * (4 KiB at least): a body without one there (one long series) is
	 * read in one pass, having scanned half a part's bytes. */
	size_t part = len / k, reach = part / 4 > 4096 ? part / 4 : 4096;
	for (size_t i = 1; i < k; i++) {
		const char *want = body + part * i;
		const char *lo = n ? at[n - 1] + 1 : body + 1;
		if ((size_t)(want - lo) > reach && want - reach > lo)
			lo = want - reach;
		if (want < lo)
			want = lo;
		const char *hi = (size_t)(body + len - want) > reach ? want + reach : body + len;
		const char *a = part_start(lo, want, hi, body + len);
		if (a)
			at[n++] = a;
	}
	struct split **tail = &s->split;
	for (size_t i = 0; i < n; i++) {
		struct split *sp = g_new0(struct split, 1);
		sp->r = (struct pj){.p = at[i], .end = s->end, .g = s->g,
		                    .max_series = s->max_series, .max_points = s->max_points};
		sp->at = at[i];
		sp->stop = i + 1 < n ? at[i + 1] : NULL;
		*tail = sp;
		tail = &sp->next;
	}
	for (struct split *sp = s->split; sp; sp = sp->next)
		sp->started = !pthread_create(&sp->thread, NULL, read_part, sp);
}

/* Takes the part starting at s->p: its series join ours and s->p moves to
 * where it stopped.  -1: it failed, or the caps are passed (decline). */
static int take_split(struct pj *s)
{
	struct split *sp = s->split;
	s->split = sp->next;
	sp->next = NULL;
	if (sp->started)
		pthread_join(sp->thread, NULL);
	else
		read_part(sp); /* no thread could be started: read it here */
	sp->started = false;
	struct pj *r = &sp->r;
	int rc = sp->rc;
	if (!rc && (r->n > s->max_series - s->n || r->points > s->max_points - s->points))
		rc = -1;
	if (!rc) {
		if (s->n + r->n > s->alloc) {
			s->alloc = s->n + r->n;
			s->out = g_renew(struct series, s->out, s->alloc);
		}
		memcpy(s->out + s->n, r->out, r->n * sizeof *r->out);
		s->n += r->n;
		s->points += r->points;
		s->raw_hint = r->raw_hint;
		r->n = 0;
		s->p = r->p;
	}
	if (rc || !sp->landed) { /* later parts were read over, or not wanted */
		splits_free(s->split);
		s->split = NULL;
	}
	splits_free(sp);
	return rc;
}

static int read_result(struct pj *s)
{
	if (promlex_eat(s, '['))
		return -1;
	if (promlex_next(s) == ']') {
		s->p++;
		return 0;
	}
	for (;;) {
		if (s->split && promlex_next(s) >= 0 && s->p == s->split->at) {
			if (take_split(s))
				return -1;
			if (promlex_next(s) != ']')
				continue; /* on the next part's start */
		} else {
			if (s->split && s->p > s->split->at) {
				splits_free(s->split); /* a guess inside an element */
				s->split = NULL;
			}
			if (read_element(s))
				return -1;
		}
		int c = promlex_next(s);
		if (c != ',' && c != ']')
			return -1;
		s->p++;
		if (c == ']')
			return 0;
	}
}

struct data {
	bool type, result;
};

static int data_member(struct pj *s, struct str key, void *ctx)
{
	struct data *d = ctx;
	struct str type;

	if (promlex_str_is(key, "resultType")) {
		if (d->type || promlex_next(s) != '"' || promlex_string(s, &type) ||
		    !promlex_str_is(type, "matrix"))
			return -1;
		d->type = true;
		return 0;
	}
	if (promlex_str_is(key, "result")) {
		if (d->result)
			return -1;
		d->result = true;
		return read_result(s);
	}
	return promlex_skip_value(s);
}

static int root_member(struct pj *s, struct str key, void *ctx)
{
	struct str status;
	struct data d = {0};

	if (promlex_str_is(key, "status")) {
		if (s->have_status || promlex_next(s) != '"' || promlex_string(s, &status))
			return -1;
		s->have_status = true;
		s->success = promlex_str_is(status, "success");
		return 0;
	}
	if (promlex_str_is(key, "data")) {
		if (s->have_data || promlex_next(s) != '{' || each_member(s, &d, data_member))
			return -1;
		s->have_data = true;
		return d.type && d.result ? 0 : -1;
	}
	return promlex_skip_value(s);
}

/* What a reader holds besides the series it hands over. */
static void pj_fini(struct pj *s)
{
	splits_free(s->split);
	s->split = NULL;
	for (size_t i = 0; i < s->n; i++)
		series_fini(&s->out[i]);
	free(s->out);
	free(s->buf);
	s->out = NULL;
	s->buf = NULL;
	s->n = 0;
}

int promjson_parse_matrix(const char *body, size_t len, const struct promjson_grid *g,
                          size_t max_series, size_t max_points, struct series **out, size_t *n,
                          size_t *points)
{
	return promjson_parse_matrix_parts(body, len, g, max_series, max_points, out, n, points,
	                                   SPLIT_MIN_PART, 0);
}

int promjson_parse_matrix_parts(const char *body, size_t len, const struct promjson_grid *g,
                                size_t max_series, size_t max_points, struct series **out,
                                size_t *n, size_t *points, size_t min_part, size_t max_parts)
{
	struct pj s = {.p = body,
	               .end = body + len,
	               .g = g,
	               .max_series = max_series,
	               .max_points = max_points};

	*out = NULL;
	*n = 0;
	*points = 0;
	if (max_parts > PROMJSON_MAX_PARTS)
		max_parts = PROMJSON_MAX_PARTS;
	splits_start(&s, body, len, min_part, max_parts);
	/* The status may come after the data: it is checked once all is read. */
	int rc = promlex_next(&s) == '{' && !each_member(&s, NULL, root_member) &&
	                         promlex_next(&s) < 0 && s.success && s.have_data
	                 ? 0
	                 : PROMJSON_DECLINED;
	splits_free(s.split); /* parts never reached */
	s.split = NULL;
	if (rc) {
		pj_fini(&s);
		return rc;
	}
	free(s.buf);
	*out = s.out;
	*n = s.n;
	*points = s.points;
	return 0;
}
