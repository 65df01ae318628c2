/*
 * dispname.c — displayName templates (dispname.h).  Dashboard variables go
 * first through dashboards/vars.h (which leaves every ${__…} alone), then
 * the field macros are read off Grafana's variable syntax
 * ${name(.path)?(:format)?}; the format is ignored for them, as Grafana's
 * field macro does.
 */
#include "render/dispname.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int cmp_label(const void *a, const void *b)
{
	return strcmp(((const struct label *)a)->name, ((const struct label *)b)->name);
}

/* formatLabels(labels, "", true): a="b", c="d" in name order. */
static void all_labels(const struct dispname_field *f, GString *out)
{
	struct label *l = g_new(struct label, f->n_labels ? f->n_labels : 1);
	memcpy(l, f->labels, f->n_labels * sizeof *l);
	qsort(l, f->n_labels, sizeof *l, cmp_label);
	for (size_t i = 0; i < f->n_labels; i++)
		g_string_append_printf(out, "%s%s=\"%s\"", i ? ", " : "", l[i].name, l[i].value);
	g_free(l);
}

static void label_values(const struct dispname_field *f, GString *out)
{
	const char **v = g_new(const char *, f->n_labels ? f->n_labels : 1);
	for (size_t i = 0; i < f->n_labels; i++)
		v[i] = f->labels[i].value;
	qsort(v, f->n_labels, sizeof *v, cmp_str);
	for (size_t i = 0; i < f->n_labels; i++)
		g_string_append_printf(out, "%s%s", i ? ", " : "", v[i]);
	g_free(v);
}

/* lodash get(proxy, path) for __field's proxy: what it appends. */
static void field_path(const struct dispname_field *f, const char *path, size_t len,
                       bool *asked_name, GString *out)
{
	char *p = g_strndup(path, len);
	char **seg = g_strsplit(p, ".", 3);
	size_t n = g_strv_length(seg);
	const char *head = seg[0];
	if (n == 1 && strcmp(head, "name") == 0) {
		g_string_append(out, f->name ? f->name : "");
	} else if (n == 1 && strcmp(head, "displayName") == 0) {
		g_string_append(out, f->display_name ? f->display_name : "");
		if (asked_name)
			*asked_name = true;
	} else if (strcmp(head, "labels") == 0 || strcmp(head, "formattedLabels") == 0) {
		if (n == 1) {
			all_labels(f, out);
		} else if (n == 2 && f->n_labels && strcmp(seg[1], "__values") == 0) {
			label_values(f, out);
		} else if (n == 2) {
			for (size_t i = 0; i < f->n_labels; i++)
				if (strcmp(f->labels[i].name, seg[1]) == 0) {
					g_string_append(out, f->labels[i].value);
					break;
				}
		}
	}
	g_strfreev(seg);
	g_free(p);
}

static bool is_word(char c)
{
	return g_ascii_isalnum(c) || c == '_';
}

/* One ${name.path:fmt} at p ("${" seen): appends what it gives and returns
 * the bytes read, or 0 to copy it as written. */
static size_t macro(const struct dispname_field *f, const char *p, bool *asked_name,
                    bool *asked_series, GString *out)
{
	const char *name = p + 2, *q = name;
	while (is_word(*q))
		q++;
	size_t nlen = (size_t)(q - name);
	const char *path = NULL;
	size_t plen = 0;
	if (*q == '.') {
		path = ++q;
		while (*q && *q != ':' && *q != '^' && *q != '}')
			q++;
		plen = (size_t)(q - path);
		if (plen == 0)
			return 0;
	}
	if (*q == ':') {
		while (*q && *q != '}')
			q++;
	}
	if (*q != '}' || nlen == 0)
		return 0;
	size_t used = (size_t)(q + 1 - p);
	if (nlen == 7 && strncmp(name, "__field", 7) == 0 && path) {
		field_path(f, path, plen, asked_name, out);
		return used;
	}
	if (nlen == 8 && strncmp(name, "__series", 8) == 0 && path && plen == 4 &&
	    strncmp(path, "name", 4) == 0) {
		g_string_append(out, f->series_name ? f->series_name : "");
		if (asked_series)
			*asked_series = true;
		return used;
	}
	return 0;
}

void dispname_expand(const char *tmpl, const struct dispname_field *f, char *buf, size_t cap,
                     bool *asked_name, bool *asked_series)
{
	char *in = f->vars ? var_interpolate(f->vars, tmpl, false) : NULL;
	const char *p = in ? in : tmpl;
	GString *out = g_string_sized_new(64);
	while (*p && out->len < cap) {
		size_t used =
		        p[0] == '$' && p[1] == '{' ? macro(f, p, asked_name, asked_series, out) : 0;
		if (used)
			p += used;
		else
			g_string_append_c(out, *p++);
	}
	const char *end = out->str;
	if (out->len >= cap) /* cut at the last whole character that fits */
		g_utf8_validate(out->str, (gssize)cap - 1, &end);
	else
		end = out->str + out->len;
	size_t len = (size_t)(end - out->str);
	memcpy(buf, out->str, len);
	buf[len] = '\0';
	g_string_free(out, TRUE);
	free(in);
}
