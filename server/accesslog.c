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
 * line, even on a pipe.
 *
 * Not here: deciding what to log (the server), log rotation (journald).
 */
#include "server/accesslog.h"

#include <errno.h>
#include <glib.h>
#include <math.h>
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
	g_string_append_printf(out, ",\"%s\":\"", key);
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
 * would read it, so "%54oken" is a token too. */
static char *decode_name(const char *p, const char *end)
{
	GString *s = g_string_sized_new((gsize)(end - p));
	for (; p < end; p++) {
		if (*p == '%' && end - p >= 3 && hexval(p[1]) >= 0 && hexval(p[2]) >= 0) {
			g_string_append_c(s, (char)(hexval(p[1]) * 16 + hexval(p[2])));
			p += 2;
		} else {
			g_string_append_c(s, *p == '+' ? ' ' : *p);
		}
	}
	char *lower = g_ascii_strdown(s->str, (gssize)s->len);
	g_string_free(s, TRUE);
	return lower;
}

static bool is_secret(const char *name, const char *end)
{
	char *n = decode_name(name, end);
	bool secret = false;
	for (size_t i = 0; i < G_N_ELEMENTS(secret_suffixes) && !secret; i++)
		secret = g_str_has_suffix(n, secret_suffixes[i]);
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

/* 2026-12-03T08:30:00.123Z */
static void put_timestamp(GString *out)
{
	gint64 us = g_get_real_time();
	time_t secs = (time_t)(us / G_USEC_PER_SEC);
	struct tm tm;
	char buf[32] = "1970-01-01T00:00:00";
	if (gmtime_r(&secs, &tm))
		strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
	g_string_append_printf(out, "%s.%03dZ", buf, (int)(us % G_USEC_PER_SEC / 1000));
}

/* Milliseconds with up to three decimals and no trailing zeros: 12.4, 0.183, 7. */
static void put_ms(GString *out, double ms)
{
	char buf[48];
	if (!isfinite(ms) || ms < 0)
		ms = 0;
	snprintf(buf, sizeof buf, "%.3f", ms);
	char *end = buf + strlen(buf) - 1;
	while (*end == '0')
		*end-- = '\0';
	if (*end == '.')
		*end = '\0';
	g_string_append(out, buf);
}

static void format_text(GString *out, const struct access_entry *e, const char *path)
{
	put_timestamp(out);
	g_string_append_c(out, ' ');
	put_escaped(out, e->method ? e->method : "-", TEXT_FIELD);
	g_string_append_c(out, ' ');
	put_escaped(out, path, TEXT_FIELD);
	g_string_append_printf(out, " %d %zuB ", e->status, e->bytes);
	put_ms(out, e->ms);
	g_string_append(out, "ms");
	const char *keys[] = {"cache", "status", "remote"};
	const char *vals[] = {e->cache, e->render_status, e->remote};
	for (size_t i = 0; i < G_N_ELEMENTS(keys); i++) {
		if (!vals[i])
			continue;
		g_string_append_printf(out, " %s=", keys[i]);
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
	g_string_append_printf(out, ",\"status\":%d,\"bytes\":%zu,\"ms\":", e->status, e->bytes);
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

/* The whole line in one write(2); again only for what a signal or a full
 * pipe left unwritten. */
static void write_line(const char *line, size_t len)
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

void accesslog_request(enum srv_log_format f, const struct access_entry *e)
{
	char *line = accesslog_format_request(f, e);
	write_line(line, strlen(line));
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
	write_line(out->str, out->len);
	g_string_free(out, TRUE);
	g_free(msg);
}
