/*
 * promlex.c — the lexing promjson.c builds on: JSON strings (strict UTF-8,
 * jansson's escape rules, no \u0000, paired surrogates), numbers (integers
 * through long long, reals correctly rounded: Clinger's fast path, else
 * g_ascii_strtod), and values skipped without recursion.  Anything jansson
 * would reject or read differently is declined, never guessed.  Not here:
 * the answer's structure and its hot sample loop (promjson.c).
 */
#include "datasource/promlex.h"

#include <float.h>
#include <glib.h>
#include <math.h>

#define SKIP_DEPTH 64  /* unknown values nested deeper are left to jansson */
#define INT_DIGITS 18  /* integers this long always fit jansson's long long */

/* ---- strings ------------------------------------------------------------ */

static int buf_put(struct pj *s, const char *b, size_t n)
{
	if (s->buf_len + n + 1 > s->buf_cap) {
		/* A decoded string is never longer than the body it came from. */
		size_t want = s->buf_cap ? s->buf_cap * 2 : 256;
		while (want < s->buf_len + n + 1)
			want *= 2;
		s->buf = g_realloc(s->buf, want);
		s->buf_cap = want;
	}
	memcpy(s->buf + s->buf_len, b, n);
	s->buf_len += n;
	s->buf[s->buf_len] = '\0';
	return 0;
}

/* Length of the well-formed UTF-8 sequence at q (2..4), or 0: the same rule
 * as jansson's utf8_check_full (no overlongs, surrogates or > U+10FFFF). */
static size_t utf8_len(const unsigned char *q, const unsigned char *end)
{
	size_t n;
	uint32_t cp, min;

	if (q[0] >= 0xC2 && q[0] <= 0xDF)
		n = 2, cp = q[0] & 0x1Fu, min = 0x80;
	else if (q[0] >= 0xE0 && q[0] <= 0xEF)
		n = 3, cp = q[0] & 0x0Fu, min = 0x800;
	else if (q[0] >= 0xF0 && q[0] <= 0xF4)
		n = 4, cp = q[0] & 0x07u, min = 0x10000;
	else
		return 0;
	if ((size_t)(end - q) < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((q[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (q[i] & 0x3Fu);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return n;
}

/* Four hex digits at q (bounds checked by the caller), or -1. */
static int32_t hex4(const char *q)
{
	int32_t v = 0;
	for (int i = 0; i < 4; i++) {
		int c = (unsigned char)q[i], d;
		if (promlex_is_digit(c))
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return -1;
		v = v << 4 | d;
	}
	return v;
}

/* Code point cp (valid, not a surrogate) as UTF-8 in u; returns its length. */
static size_t utf8_encode(int32_t cp, char u[4])
{
	if (cp < 0x80) {
		u[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		u[0] = (char)(0xC0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		u[0] = (char)(0xE0 | cp >> 12);
		u[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	u[0] = (char)(0xF0 | cp >> 18);
	u[1] = (char)(0x80 | (cp >> 12 & 0x3F));
	u[2] = (char)(0x80 | (cp >> 6 & 0x3F));
	u[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* \uXXXX (and its low surrogate) at q, appended as UTF-8; returns the
 * bytes consumed or 0.  \u0000 and unpaired surrogates are declined. */
static size_t unicode_escape(struct pj *s, const char *q)
{
	size_t used = 6;
	if (s->end - q < 6)
		return 0;
	int32_t cp = hex4(q + 2);
	if (cp <= 0 || (cp >= 0xDC00 && cp <= 0xDFFF))
		return 0;
	if (cp >= 0xD800 && cp <= 0xDBFF) {
		if (s->end - q < 12 || q[6] != '\\' || q[7] != 'u')
			return 0;
		int32_t lo = hex4(q + 8);
		if (lo < 0xDC00 || lo > 0xDFFF)
			return 0;
		cp = ((cp - 0xD800) << 10) + (lo - 0xDC00) + 0x10000;
		used = 12;
	}
	char u[4];
	size_t n = utf8_encode(cp, u);
	return buf_put(s, u, n) ? 0 : used;
}

/* One escape at q (q[0] == '\\'); returns the bytes consumed or 0. */
static size_t escape(struct pj *s, const char *q)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	if (s->end - q < 2)
		return 0;
	if (q[1] == 'u')
		return unicode_escape(s, q);
	const char *k = q[1] ? strchr(from, q[1]) : NULL;
	if (!k)
		return 0;
	return buf_put(s, &to[k - from], 1) ? 0 : 2;
}

/* One raw byte or well-formed UTF-8 sequence at q, copied to pj.buf;
 * returns the bytes consumed or 0. */
static size_t plain_char(struct pj *s, const char *q)
{
	const unsigned char *u = (const unsigned char *)q;
	size_t n = *u < 0x80 ? 1 : utf8_len(u, (const unsigned char *)s->end);
	return n && !buf_put(s, q, n) ? n : 0;
}

/* The slow path of read_string: decodes from q (just after the opening
 * quote) into pj.buf, validating as jansson does. */
static int decode_string(struct pj *s, const char *q, struct str *out)
{
	s->buf_len = 0;
	if (buf_put(s, "", 0))
		return -1;
	while (q < s->end) {
		unsigned char c = (unsigned char)*q;
		if (c == '"') {
			s->p = q + 1;
			*out = (struct str){s->buf, s->buf_len};
			return 0;
		}
		if (c < 0x20)
			return -1; /* control characters must be escaped */
		size_t n = c == '\\' ? escape(s, q) : plain_char(s, q);
		if (!n)
			return -1;
		q += n;
	}
	return -1;
}

/* A string at the next token.  Plain ASCII (the usual case) is borrowed
 * from the body without copying. */
int promlex_string(struct pj *s, struct str *out)
{
	if (promlex_eat(s, '"'))
		return -1;
	for (const char *q = s->p; q < s->end; q++) {
		unsigned char c = (unsigned char)*q;
		if (c == '"') {
			*out = (struct str){s->p, (size_t)(q - s->p)};
			s->p = q + 1;
			return 0;
		}
		if (c == '\\' || c < 0x20 || c >= 0x80)
			break;
	}
	return decode_string(s, s->p, out);
}

/* A copy of str as a NUL-terminated string in pj.buf (it may already be). */
static const char *promlex_cstr(struct pj *s, struct str v)
{
	if (v.p == s->buf)
		return s->buf;
	s->buf_len = 0;
	return buf_put(s, v.p, v.n) ? NULL : s->buf;
}

/* ---- numbers ------------------------------------------------------------ */

/* Exact powers of ten: a double holds 10^0..10^22 without rounding. */
const double promlex_p10[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                             1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* -?D+(.D+)?([eE][+-]?D+)? converted without strtod when the result is
 * exact by Clinger's fast path (mantissa <= 2^53, |exponent| <= 22): one
 * IEEE multiply or divide of two exact doubles is correctly rounded, so the
 * bits equal strtod's — given FLT_EVAL_METHOD 0 (no wider intermediates),
 * which callers check.  -1 asks the caller for the slow path. */
static int fast_decimal(const char *q, const char *e, double *out)
{
	bool neg = q < e && *q == '-';
	uint64_t w = 0;
	int digits = 0, exp10 = 0;

	q += neg;
	if (q >= e || !promlex_is_digit(*q))
		return -1;
	/* digits counts from the first non-zero one: up to 19 fit uint64_t;
	 * past that w wraps (unsigned, defined) and the count declines it. */
	for (; q < e && promlex_is_digit(*q); q++) {
		w = w * 10 + (uint64_t)(*q - '0');
		digits += w != 0;
	}
	if (q < e && *q == '.') {
		if (++q >= e || !promlex_is_digit(*q))
			return -1;
		for (; q < e && promlex_is_digit(*q) && digits <= 19; q++, exp10--) {
			w = w * 10 + (uint64_t)(*q - '0');
			digits += w != 0;
		}
	}
	if (q < e && (*q == 'e' || *q == 'E')) {
		int sign = 1, x = 0, xd = 0;
		q++;
		if (q < e && (*q == '+' || *q == '-'))
			sign = *q++ == '-' ? -1 : 1;
		for (; q < e && promlex_is_digit(*q) && xd < 4; q++, xd++)
			x = x * 10 + (*q - '0');
		if (xd == 0)
			return -1;
		exp10 += sign * x;
	}
	if (q != e || digits > 19 || w > (UINT64_C(1) << 53))
		return -1;
	double d = (double)w;
	if (w != 0 && exp10 >= 0 && exp10 <= 22)
		d *= promlex_p10[exp10];
	else if (w != 0 && exp10 < 0 && exp10 >= -22)
		d /= promlex_p10[-exp10];
	else if (w != 0)
		return -1;
	*out = neg ? -d : d;
	return 0;
}

/* The end of a JSON number token at q (strict grammar, as jansson's lexer),
 * or NULL.  *real is set when it has a fraction or exponent. */
static const char *number_end(const char *q, const char *e, bool *real)
{
	*real = false;
	if (q < e && *q == '-')
		q++;
	if (q >= e || !promlex_is_digit(*q))
		return NULL;
	if (*q == '0' && ++q < e && promlex_is_digit(*q))
		return NULL; /* jansson reads "01" as two tokens: an error */
	while (q < e && promlex_is_digit(*q))
		q++;
	if (q < e && *q == '.') {
		*real = true;
		if (++q >= e || !promlex_is_digit(*q))
			return NULL;
		while (q < e && promlex_is_digit(*q))
			q++;
	}
	if (q < e && (*q == 'e' || *q == 'E')) {
		*real = true;
		if (++q < e && (*q == '+' || *q == '-'))
			q++;
		if (q >= e || !promlex_is_digit(*q))
			return NULL;
		while (q < e && promlex_is_digit(*q))
			q++;
	}
	return q;
}

/* A JSON number as json_number_value gives it: integers through long long
 * (so "-0" is +0), reals correctly rounded; what jansson rejects as overflow
 * is declined.  Integers (the usual timestamp) take one pass. */
int promlex_number(struct pj *s, double *out)
{
	bool real;
	const char *a = promlex_next(s) >= 0 ? s->p : NULL, *q = a, *e = s->end;

	if (!a)
		return -1;
	bool neg = *q == '-';
	int64_t v = 0;
	q += neg;
	for (const char *d = q; q < e && promlex_is_digit(*q) && q - d < INT_DIGITS; q++)
		v = v * 10 + (*q - '0');
	if (q > a + neg && (q == e || (!promlex_is_digit(*q) && *q != '.' && *q != 'e' && *q != 'E')) &&
	    (a[neg] != '0' || q == a + neg + 1)) {
		s->p = q;
		*out = (double)(neg ? -v : v);
		return 0;
	}
	const char *z = number_end(a, e, &real);
	if (!z || !real)
		return -1; /* not a number, or an integer longer than INT_DIGITS */
	s->p = z;
	if (FLT_EVAL_METHOD == 0 && !fast_decimal(a, z, out))
		return 0;
	const char *t = promlex_cstr(s, (struct str){a, (size_t)(z - a)});
	if (!t)
		return -1;
	*out = g_ascii_strtod(t, NULL);
	return isinf(*out) ? -1 : 0;
}

/* A sample value: a string, read as prom.c reads it (g_ascii_strtod over
 * the whole string), so "NaN", "+Inf" and "-Inf" survive JSON. */
int promlex_sample_value(struct pj *s, double *out)
{
	struct str v;
	char *end;

	if (promlex_string(s, &v) || v.n == 0)
		return -1;
	if (FLT_EVAL_METHOD == 0 && !fast_decimal(v.p, v.p + v.n, out))
		return 0;
	const char *t = promlex_cstr(s, v);
	if (!t)
		return -1;
	*out = g_ascii_strtod(t, &end);
	return *end ? -1 : 0;
}

/* ---- values we do not keep ---------------------------------------------- */

int promlex_key(struct pj *s, struct str *key)
{
	return promlex_string(s, key) || promlex_eat(s, ':') ? -1 : 0;
}

static int skip_scalar(struct pj *s, int c)
{
	static const char *const lits[] = {"true", "false", "null"};
	struct str ignored;
	double d;

	if (c == '"')
		return promlex_string(s, &ignored);
	if (c == '-' || promlex_is_digit(c))
		return promlex_number(s, &d);
	for (size_t i = 0; i < G_N_ELEMENTS(lits); i++) {
		size_t n = strlen(lits[i]);
		if ((size_t)(s->end - s->p) >= n && memcmp(s->p, lits[i], n) == 0) {
			s->p += n;
			return 0; /* "nullx" fails at the caller's next token */
		}
	}
	return -1;
}

/* Validates and skips one value of any shape without recursion: a stack of
 * open brackets, SKIP_DEPTH deep at most. */
int promlex_skip_value(struct pj *s)
{
	char open[SKIP_DEPTH];
	size_t depth = 0;
	struct str key;

	for (;;) {
		int c = promlex_next(s);
		if (c == '{' || c == '[') {
			if (depth == SKIP_DEPTH)
				return -1;
			open[depth++] = (char)c;
			s->p++;
			c = promlex_next(s);
			if (c == (open[depth - 1] == '{' ? '}' : ']')) {
				s->p++;
				depth--;
			} else {
				if (open[depth - 1] == '{' && promlex_key(s, &key))
					return -1;
				continue;
			}
		} else if (skip_scalar(s, c)) {
			return -1;
		}
		/* A value ended: close what ends with it, or go on to the next. */
		for (;;) {
			if (depth == 0)
				return 0;
			c = promlex_next(s);
			if (c == (open[depth - 1] == '{' ? '}' : ']')) {
				s->p++;
				depth--;
				continue;
			}
			if (c != ',')
				return -1;
			s->p++;
			if (open[depth - 1] == '{' && promlex_key(s, &key))
				return -1;
			break;
		}
	}
}
