/*
 * accesslog.c — the server's log lines on stderr: one per request, and
 * events, as text or JSON lines.
 *
 * What a client sends is hostile to a log: a decoded %0a in a path would
 * start a forged line, a token in a query string would leak a credential to
 * everyone who reads the logs.  So every field is escaped (control bytes,
 * and in text the space that separates fields), the values of secret-like
 * query parameters are masked, and long fields are cut so a line stays under
 * PIPE_BUF: one write(2) of it then never interleaves with another thread's
 * line, even on a pipe.  Request lines wait in a buffer until
 * accesslog_flush, which the service thread calls after each round of its
 * event loop: under load one write(2) carries the lines of every answer of
 * a round instead of one each, and no line waits longer than its round.
 *
 * Not here: deciding what to log (the server), log rotation (journald).
 */
#include "server/accesslog.h"
#include "base/gstr.h"

#include <errno.h>
#include <glib.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* A field longer than this is cut (and marked "..."): with the fixed fields
 * a line stays below PIPE_BUF (4096). */
#define FIELD_MAX 2048

/* -- escaping ------------------------------------------------------------- */

enum style { TEXT_FIELD, TEXT_MSG, JSON };

/* Length of the valid UTF-8 character at s (n bytes left), 0 if invalid. */
static size_t utf8_len(const char *s, size_t n)
{
	gunichar c = g_utf8_get_char_validated(s, (gssize)n);
	if (c == (gunichar)-1 || c == (gunichar)-2)
		return 0;
	return (size_t)g_unichar_to_utf8(c, NULL);
}

/* One byte that cannot go out as it is. */
static void put_byte_escape(GString *out, unsigned char b, enum style st)
{
	if (st == JSON)
		g_string_append_printf(out, "\\u%04x", b);
	else
		g_string_append_printf(out, "\\x%02x", b);
}

static bool needs_escape(unsigned char b, enum style st)
{
	if (b < 0x20 || b == 0x7f)
		return true;
	return st == TEXT_FIELD && b == ' ';
}

/* s escaped for st, cut once FIELD_MAX bytes of output are written (an
 * escape can be six bytes for one of input, so the cut is on the output).
 * Invalid UTF-8 bytes are escaped one by one, so a JSON line is always
 * valid JSON and a text line valid UTF-8. */
static void put_escaped(GString *out, const char *s, enum style st)
{
	size_t n = strlen(s), i = 0, start = out->len;
	while (i < n && out->len - start < FIELD_MAX) {
		unsigned char b = (unsigned char)s[i];
		/* A run of plain ASCII in one append (most of every line). */
		size_t run = 0, room = FIELD_MAX - (out->len - start);
		while (i + run < n && run < room) {
			unsigned char r = (unsigned char)s[i + run];
			if (r >= 0x80 || r == '\\' || (st == JSON && r == '"') || needs_escape(r, st))
				break;
			run++;
		}
		if (run) {
			g_string_append_len(out, s + i, (gssize)run);
			i += run;
			continue;
		}
		if (b == '\\' || (st == JSON && b == '"')) {
			g_string_append_c(out, '\\');
			g_string_append_c(out, (char)b);
			i++;
		} else if (needs_escape(b, st)) {
			put_byte_escape(out, b, st);
			i++;
		} else if (b < 0x80) {
			g_string_append_c(out, (char)b);
			i++;
		} else {
			size_t k = utf8_len(s + i, n - i);
			if (k == 0) {
				put_byte_escape(out, b, st);
				i++;
			} else {
				g_string_append_len(out, s + i, (gssize)k);
				i += k;
			}
		}
	}
	if (i < n)
		g_string_append(out, "...");
}

static void put_json_string(GString *out, const char *key, const char *value)
{
	g_string_append(out, ",\"");
	g_string_append(out, key);
	g_string_append(out, "\":\"");
	put_escaped(out, value, JSON);
	g_string_append_c(out, '"');
}

/* -- secrets in query strings ---------------------------------------------- */

/* Parameter names whose values are masked, matched on the decoded,
 * lower-cased name's end: "token" also takes "access_token" and
 * "refresh_token", "auth" takes "oauth". */
static const char *const secret_suffixes[] = {
	"auth", "token", "api_key", "apikey", "password", "passwd", "secret",
};

static int hexval(char c)
{
	return g_ascii_isxdigit(c) ? g_ascii_xdigit_value(c) : -1;
}

/* The name [p, end) percent- and plus-decoded, lower-cased: how the server
 * would read it, so "%54oken" is a token too.  Into out (size bytes); false
 * when it does not fit (then the heap is used). */
static bool decode_name_into(const char *p, const char *end, char *out, size_t size)
{
	size_t o = 0;
	for (; p < end; p++) {
		char c = *p;
		if (c == '%' && end - p >= 3 && hexval(p[1]) >= 0 && hexval(p[2]) >= 0) {
			c = (char)(hexval(p[1]) * 16 + hexval(p[2]));
			p += 2;
		} else if (c == '+') {
			c = ' ';
		}
		if (o + 1 >= size)
			return false;
		out[o++] = g_ascii_tolower(c);
	}
	out[o] = '\0';
	return true;
}

static bool is_secret(const char *name, const char *end)
{
	/* Every request's arguments pass here: a name fits the stack buffer
	 * (no allocation) unless it is absurdly long. */
	char buf[128];
	char *n = buf;
	if (!decode_name_into(name, end, buf, sizeof buf)) {
		size_t size = (size_t)(end - name) + 1;
		n = g_malloc(size);
		decode_name_into(name, end, n, size);
	}
	bool secret = false;
	for (size_t i = 0; i < G_N_ELEMENTS(secret_suffixes) && !secret; i++)
		secret = g_str_has_suffix(n, secret_suffixes[i]);
	if (n != buf)
		g_free(n);
	return secret;
}

/* path with every secret parameter's value replaced by "***"; g_free. */
static char *mask_secrets(const char *path)
{
	const char *q = strchr(path, '?');
	if (!q)
		return g_strdup(path);
	GString *out = g_string_new_len(path, q + 1 - path);
	for (const char *p = q + 1; *p;) {
		const char *amp = strchr(p, '&');
		const char *end = amp ? amp : p + strlen(p);
		const char *eq = memchr(p, '=', (size_t)(end - p));
		if (eq && is_secret(p, eq)) {
			g_string_append_len(out, p, eq + 1 - p);
			g_string_append(out, "***");
		} else {
			g_string_append_len(out, p, end - p);
		}
		if (!amp)
			break;
		g_string_append_c(out, '&');
		p = amp + 1;
	}
	return g_string_free(out, FALSE);
}

/* -- lines ------------------------------------------------------------------- */

static void put_int(GString *out, long long v)
{
	if (v < 0) {
		g_string_append_c(out, '-');
		gstr_append_uint(out, 0ULL - (unsigned long long)v);
		return;
	}
	gstr_append_uint(out, (unsigned long long)v);
}

/* 2026-12-03T08:30:00.123Z.  The date and time of day change once a
 * second; formatted once per second per thread (gmtime_r and strftime
 * cost more than the rest of a line). */
static void put_timestamp(GString *out)
{
	static _Thread_local time_t last = (time_t)-1;
	static _Thread_local char day[32];
	gint64 us = g_get_real_time();
	time_t secs = (time_t)(us / G_USEC_PER_SEC);
	if (secs != last) {
		struct tm tm;
		g_strlcpy(day, "1970-01-01T00:00:00", sizeof day);
		if (gmtime_r(&secs, &tm))
			strftime(day, sizeof day, "%Y-%m-%dT%H:%M:%S", &tm);
		last = secs;
	}
	int ms = (int)(us % G_USEC_PER_SEC / 1000);
	char frac[6] = { '.', (char)('0' + ms / 100), (char)('0' + ms / 10 % 10),
		(char)('0' + ms % 10), 'Z', '\0' };
	g_string_append(out, day);
	g_string_append_len(out, frac, 5);
}

/* Milliseconds with up to three decimals and no trailing zeros: 12.4, 0.183, 7. */
static void put_ms(GString *out, double ms)
{
	if (!isfinite(ms) || ms < 0)
		ms = 0;
	if (ms >= 1e12) {   /* never a request's; printf's digits then */
		char buf[48];
		snprintf(buf, sizeof buf, "%.0f", ms);
		g_string_append(out, buf);
		return;
	}
	unsigned long long thousandths = (unsigned long long)llround(ms * 1000);
	gstr_append_uint(out, thousandths / 1000);
	unsigned frac = (unsigned)(thousandths % 1000);
	if (!frac)
		return;
	char d[5] = { '.', (char)('0' + frac / 100), (char)('0' + frac / 10 % 10),
		(char)('0' + frac % 10), '\0' };
	size_t n = 4;
	while (d[n - 1] == '0')
		n--;
	g_string_append_len(out, d, (gssize)n);
}

static void format_text(GString *out, const struct access_entry *e, const char *path)
{
	put_timestamp(out);
	g_string_append_c(out, ' ');
	put_escaped(out, e->method ? e->method : "-", TEXT_FIELD);
	g_string_append_c(out, ' ');
	put_escaped(out, path, TEXT_FIELD);
	g_string_append_c(out, ' ');
	put_int(out, e->status);
	g_string_append_c(out, ' ');
	gstr_append_uint(out, e->bytes);
	g_string_append(out, "B ");
	put_ms(out, e->ms);
	g_string_append(out, "ms");
	const char *keys[] = {"cache", "status", "remote"};
	const char *vals[] = {e->cache, e->render_status, e->remote};
	for (size_t i = 0; i < G_N_ELEMENTS(keys); i++) {
		if (!vals[i])
			continue;
		g_string_append_c(out, ' ');
		g_string_append(out, keys[i]);
		g_string_append_c(out, '=');
		put_escaped(out, vals[i], TEXT_FIELD);
	}
}

static void format_json(GString *out, const struct access_entry *e, const char *path)
{
	g_string_append(out, "{\"ts\":\"");
	put_timestamp(out);
	g_string_append_c(out, '"');
	put_json_string(out, "method", e->method ? e->method : "-");
	put_json_string(out, "path", path);
	g_string_append(out, ",\"status\":");
	put_int(out, e->status);
	g_string_append(out, ",\"bytes\":");
	gstr_append_uint(out, e->bytes);
	g_string_append(out, ",\"ms\":");
	put_ms(out, e->ms);
	if (e->cache)
		put_json_string(out, "cache", e->cache);
	if (e->render_status)
		put_json_string(out, "render_status", e->render_status);
	if (e->remote)
		put_json_string(out, "remote", e->remote);
	g_string_append_c(out, '}');
}

char *accesslog_format_request(enum srv_log_format f, const struct access_entry *e)
{
	char *path = mask_secrets(e->path ? e->path : "-");
	GString *out = g_string_sized_new(256);
	if (f == SRV_LOG_JSON)
		format_json(out, e, path);
	else
		format_text(out, e, path);
	g_string_append_c(out, '\n');
	g_free(path);
	return g_string_free(out, FALSE);
}

/* All of line; again only for what a signal or a full pipe left
 * unwritten. */
static void write_all(const char *line, size_t len)
{
	while (len > 0) {
		ssize_t n = write(STDERR_FILENO, line, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;   /* stderr gone: nowhere left to say so */
		line += n;
		len -= (size_t)n;
	}
}

/* Request lines waiting for accesslog_flush: whole lines only, so one
 * write(2) of them never splits a line (PENDING_MAX is PIPE_BUF: a pipe
 * takes it whole even when other processes write to it too). */
#define PENDING_MAX 4096
static pthread_mutex_t pending_lock = PTHREAD_MUTEX_INITIALIZER;
static char pending[PENDING_MAX];
static size_t n_pending;

static void flush_locked(void)
{
	write_all(pending, n_pending);
	n_pending = 0;
}

void accesslog_flush(void)
{
	pthread_mutex_lock(&pending_lock);
	if (n_pending)
		flush_locked();
	pthread_mutex_unlock(&pending_lock);
}

void accesslog_request(enum srv_log_format f, const struct access_entry *e)
{
	char *line = accesslog_format_request(f, e);
	size_t len = strlen(line);
	pthread_mutex_lock(&pending_lock);
	if (n_pending + len > sizeof pending)
		flush_locked();
	if (len > sizeof pending) {
		write_all(line, len);
	} else {
		memcpy(pending + n_pending, line, len);
		n_pending += len;
	}
	pthread_mutex_unlock(&pending_lock);
	g_free(line);
}

void accesslog_event(enum srv_log_format f, const char *level, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	GString *out = g_string_sized_new(256);
	if (f == SRV_LOG_JSON) {
		g_string_append(out, "{\"ts\":\"");
		put_timestamp(out);
		g_string_append_c(out, '"');
		put_json_string(out, "level", level ? level : "info");
		put_json_string(out, "msg", msg);
		g_string_append_c(out, '}');
	} else {
		put_timestamp(out);
		g_string_append_c(out, ' ');
		put_escaped(out, level ? level : "info", TEXT_FIELD);
		g_string_append_c(out, ' ');
		put_escaped(out, msg, TEXT_MSG);
	}
	g_string_append_c(out, '\n');
	/* After the request lines before it, at once. */
	pthread_mutex_lock(&pending_lock);
	flush_locked();
	write_all(out->str, out->len);
	pthread_mutex_unlock(&pending_lock);
	g_string_free(out, TRUE);
	g_free(msg);
}
