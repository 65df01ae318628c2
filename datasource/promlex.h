/*
 * promlex.h — the JSON lexing under promjson.c, internal to datasource/:
 * the reader's state, strings validated and decoded as jansson does,
 * numbers read as jansson reads them, values skipped.  Every function
 * returns 0 with s->p past what it read, or -1 ("decline": the caller hands
 * the body to jansson); none reads at or past s->end.
 */
#ifndef CAIRN_PROMLEX_H
#define CAIRN_PROMLEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "datasource/promjson.h"

struct split; /* promjson.c's parts read on other threads */

/* Reader state: the input, the series read so far, and one scratch buffer
 * for strings that must be decoded (escapes, non-ASCII) or NUL-terminated. */
struct pj {
	const char *p, *end;
	const struct promjson_grid *g;
	size_t max_series, max_points;
	size_t points; /* samples in the series finished so far */
	struct series *out;
	size_t n, alloc;
	char *buf;
	size_t buf_len, buf_cap;
	size_t raw_hint; /* samples in the previous series, without grid */
	bool have_status, success, have_data;
	struct split *split; /* the next part another thread reads, or NULL */
	uint64_t t_head;     /* the first 8 bytes of the last long time read (all digits), */
	uint64_t t_head_w;   /* and their value; t_head 0: none */
};

/* A string's bytes: borrowed from the body, or from pj.buf until the next
 * string is read.  Never contains NUL (\u0000 is declined, as jansson does). */
struct str {
	const char *p;
	size_t n;
};

static inline bool promlex_is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static inline bool promlex_str_is(struct str s, const char *lit)
{
	return s.n == strlen(lit) && memcmp(s.p, lit, s.n) == 0;
}

/* The next byte after JSON whitespace (not consumed), or -1 at the end. */
static inline int promlex_next(struct pj *s)
{
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\n' || *s->p == '\r' || *s->p == '\t'))
		s->p++;
	return s->p < s->end ? (unsigned char)*s->p : -1;
}

static inline int promlex_eat(struct pj *s, char c)
{
	if (promlex_next(s) != (unsigned char)c)
		return -1;
	s->p++;
	return 0;
}


/* Exact powers of ten: a double holds 10^0..10^22 without rounding. */
extern const double promlex_p10[23];

/* A string at the next token: borrowed from the body when plain ASCII,
 * else decoded into s->buf (valid until the next string is read). */
int promlex_string(struct pj *s, struct str *out);

/* A key and its ':'. */
int promlex_key(struct pj *s, struct str *key);

/* A JSON number as json_number_value gives it (integers through long
 * long, reals correctly rounded); what jansson rejects is declined. */
int promlex_number(struct pj *s, double *out);

/* A sample value: a non-empty string read whole by g_ascii_strtod, as
 * prom.c reads it ("NaN", "+Inf" survive). */
int promlex_sample_value(struct pj *s, double *out);

/* Validates and skips one value of any shape, SKIP_DEPTH deep at most. */
int promlex_skip_value(struct pj *s);

#endif
