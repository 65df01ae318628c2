/*
 * livedata.c — a panel's series kept for the crosshair (livedata.h).
 * Copies only what a tooltip needs: names, colours, units and the samples;
 * bounded by the request's budget that fetched them.
 */
#include "server/livedata.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "render/fields.h"
#include "render/theme.h"
#include "render/units.h"
#include "server/routes.h"

struct ld_series {
	char *name;
	uint32_t color;
	char unit[48];
	int decimals;
	size_t n;
	double *t, *v;
};

struct livedata {
	struct ld_series *s;
	size_t n;
};

void livedata_collect_init(struct livedata_collect *c, enum theme_kind theme, int panel_id)
{
	c->theme = theme;
	c->panel_id = panel_id;
	c->d = NULL;
}

void livedata_free(livedata *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++) {
		g_free(d->s[i].name);
		g_free(d->s[i].t);
		g_free(d->s[i].v);
	}
	g_free(d->s);
	g_free(d);
}

void livedata_collect_cb(void *ctx, const struct cairn_panel *p, const var_scope *vars,
	const struct cairn_result *r)
{
	struct livedata_collect *c = ctx;
	if (p->id != c->panel_id || c->d || r->n_series == 0)
		return;
	struct field_res *f = g_new0(struct field_res, r->n_series);
	struct cairn_err note = { 0 }, err = { 0 };
	if (fields_resolve_in(p, theme_get(c->theme), vars, r->series, r->n_series, NULL, f, &note,
	                      &err)) {
		g_free(f);
		return;
	}
	livedata *d = g_new0(livedata, 1);
	d->s = g_new0(struct ld_series, r->n_series);
	for (size_t i = 0; i < r->n_series; i++) {
		const struct series *s = &r->series[i];
		if (!fields_visible(&f[i]))
			continue;
		struct ld_series *o = &d->s[d->n++];
		o->name = g_strdup(f[i].name ? f[i].name : (s->name ? s->name : ""));
		o->color = f[i].color;
		g_strlcpy(o->unit, f[i].fc.unit, sizeof o->unit);
		o->decimals = f[i].fc.decimals;
		o->n = s->n;
		o->t = g_memdup2(s->t, sizeof(double) * (s->n ? s->n : 1));
		o->v = g_memdup2(s->v, sizeof(double) * (s->n ? s->n : 1));
	}
	g_free(f);
	c->d = d;
}

livedata *livedata_collect_take(struct livedata_collect *c)
{
	livedata *d = c->d;
	c->d = NULL;
	return d;
}

void livedata_collect_fini(struct livedata_collect *c)
{
	livedata_free(c->d);
	c->d = NULL;
}

/* The index of the last sample at or before t; -1 when none. */
static long at_or_before(const struct ld_series *s, double t)
{
	size_t lo = 0, hi = s->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->t[mid] <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (long)lo - 1;
}

static void append_series(GString *b, const struct ld_series *s, long i, bool first)
{
	double v = s->v[i];
	g_string_append(b, first ? "{\"name\":" : ",{\"name\":");
	json_append_str(b, s->name);
	if (isfinite(v)) {
		char num[64], text[160];
		units_js_number(v, num, sizeof num);
		units_format_str(s->unit, v, s->decimals, text, sizeof text);
		g_string_append_printf(b, ",\"value\":%s,\"text\":", num);
		json_append_str(b, text);
	} else {
		g_string_append(b, ",\"value\":null,\"text\":\"\"");
	}
	g_string_append_printf(b, ",\"color\":\"#%02X%02X%02X\",\"time\":%.0f}",
		(s->color >> 24) & 0xff, (s->color >> 16) & 0xff, (s->color >> 8) & 0xff,
		s->t[i] * 1000);
}

char *livedata_values_json(const livedata *d, const char *view, int panel, double time_ms,
	size_t *len)
{
	GString *b = g_string_new("{\"op\":\"values\",\"view\":");
	json_append_str(b, view);
	g_string_append_printf(b, ",\"panel\":%d,\"time\":%.0f,\"series\":[", panel, time_ms);
	bool first = true;
	for (size_t i = 0; d && i < d->n; i++) {
		long k = at_or_before(&d->s[i], time_ms / 1000);
		if (k < 0)
			continue;
		append_series(b, &d->s[i], k, first);
		first = false;
	}
	g_string_append(b, "]}");
	*len = b->len;
	return g_string_free(b, FALSE);
}
