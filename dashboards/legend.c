/*
 * legend.c — series display names as Grafana's Prometheus datasource makes
 * them: legendFormat templates, or the default `name{a="b", c="d"}`.
 * Owns no state; the caller owns every buffer.
 */
#include "dashboards/legend.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>

#define LEGEND_MAX_LABELS 128

/* Appends n bytes of s at *w, keeping one byte for the NUL. */
static void put(char *buf, size_t cap, size_t *w, const char *s, size_t n)
{
	if (*w + 1 >= cap)
		return;
	size_t room = cap - 1 - *w;
	if (n > room)
		n = room;
	memcpy(buf + *w, s, n);
	*w += n;
	buf[*w] = '\0';
}

static const char *label_value(const struct legend_label *labels, size_t n, const char *name,
                               size_t name_len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(labels[i].name) == name_len &&
		    memcmp(labels[i].name, name, name_len) == 0)
			return labels[i].value;
	return NULL;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Grafana's backend (metricNameFromLabels) sorts the formatted `k="v"`
 * strings, not the names, so "a1" sorts before "a" ('1' < '='): kept. */
static size_t default_name(const struct legend_label *labels, size_t n, char *buf, size_t cap)
{
	char *parts[LEGEND_MAX_LABELS];
	const char *metric = NULL;
	size_t k = 0, w = 0;

	for (size_t i = 0; i < n && k < LEGEND_MAX_LABELS; i++) {
		if (strcmp(labels[i].name, "__name__") == 0) {
			metric = labels[i].value;
			continue;
		}
		parts[k++] = g_strdup_printf("%s=\"%s\"", labels[i].name, labels[i].value);
	}
	if (metric)
		put(buf, cap, &w, metric, strlen(metric));
	/* No labels at all: Grafana names the series by its expression, which
	 * only the caller knows, so the name is left empty. */
	if (k > 0) {
		qsort(parts, k, sizeof parts[0], cmp_str);
		put(buf, cap, &w, "{", 1);
		for (size_t i = 0; i < k; i++) {
			if (i)
				put(buf, cap, &w, ", ", 2);
			put(buf, cap, &w, parts[i], strlen(parts[i]));
			g_free(parts[i]);
		}
		put(buf, cap, &w, "}", 1);
	}
	return w;
}

/* {{ name }}: Grafana's /\{\{\s*(.+?)\s*\}\}/ — an unmatched "{{" is text. */
static size_t expand_template(const char *fmt, const struct legend_label *labels, size_t n,
                              char *buf, size_t cap)
{
	size_t w = 0;
	const char *p = fmt;

	while (*p) {
		const char *open = strstr(p, "{{");
		const char *close = open ? strstr(open + 2, "}}") : NULL;
		if (!open || !close) {
			put(buf, cap, &w, p, strlen(p));
			break;
		}
		put(buf, cap, &w, p, (size_t)(open - p));
		const char *a = open + 2, *b = close;
		while (a < b && g_ascii_isspace(*a))
			a++;
		while (b > a && g_ascii_isspace(b[-1]))
			b--;
		if (a == b) {
			put(buf, cap, &w, open, (size_t)(close + 2 - open));
		} else {
			const char *v = label_value(labels, n, a, (size_t)(b - a));
			if (v)
				put(buf, cap, &w, v, strlen(v));
		}
		p = close + 2;
	}
	return w;
}

size_t legend_format(const char *fmt, const struct legend_label *labels, size_t n, char *buf,
                     size_t cap)
{
	if (!buf || cap == 0)
		return 0;
	buf[0] = '\0';
	if (!fmt || !*fmt || strcmp(fmt, "__auto") == 0)
		return default_name(labels, n, buf, cap);
	return expand_template(fmt, labels, n, buf, cap);
}

void legend_single_label(const struct legend_label *labels, size_t n, const char **single,
                         bool *many)
{
	for (size_t i = 0; i < n && !*many; i++) {
		if (!*single)
			*single = labels[i].name;
		else if (strcmp(*single, labels[i].name) != 0)
			*many = true;
	}
	if (*many)
		*single = NULL;
}

static int cmp_label(const void *a, const void *b)
{
	return strcmp(((const struct legend_label *)a)->name, ((const struct legend_label *)b)->name);
}

size_t legend_auto_name(const struct legend_label *labels, size_t n, const char *single, char *buf,
                        size_t cap)
{
	size_t w = 0;
	if (!buf || cap == 0)
		return 0;
	buf[0] = '\0';
	if (single) {
		const char *v = label_value(labels, n, single, strlen(single));
		/* a series without it: no part, so the field's own name */
		v = v && *v ? v : "Value";
		put(buf, cap, &w, v, strlen(v));
		return w;
	}
	struct legend_label sorted[LEGEND_MAX_LABELS];
	size_t k = n < LEGEND_MAX_LABELS ? n : LEGEND_MAX_LABELS;
	memcpy(sorted, labels, k * sizeof *sorted);
	qsort(sorted, k, sizeof *sorted, cmp_label);
	put(buf, cap, &w, "{", 1);
	for (size_t i = 0; i < k; i++) {
		if (i)
			put(buf, cap, &w, ", ", 2);
		put(buf, cap, &w, sorted[i].name, strlen(sorted[i].name));
		put(buf, cap, &w, "=\"", 2);
		put(buf, cap, &w, sorted[i].value, strlen(sorted[i].value));
		put(buf, cap, &w, "\"", 1);
	}
	put(buf, cap, &w, "}", 1);
	return w;
}
