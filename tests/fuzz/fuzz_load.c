/*
 * fuzz_load.c — the dashboard loader on arbitrary bytes, and what a request
 * does next with what it accepted: every variable declared and given its
 * current values, titles, expressions, legends and intervals interpolated
 * (plain and regex context), the grid laid out, the time range, the panels'
 * timeFrom/timeShift and the zone parsed, the texts' variable references
 * scanned.  Any crash, sanitizer report or
 * leak is a finding; errors are fine.
 */
#include "tests/fuzz/fuzz.h"

#include <glib.h>
#include <math.h>
#include <stdbool.h>

#include "base/duration.h"
#include "dashboards/layout.h"
#include "dashboards/load.h"
#include "dashboards/timerange.h"
#include "dashboards/vars.h"

#define NOW 1767225600.0 /* fixed: runs must replay */

/* var_each_ref's references must lie inside the text (cairn lint's scan). */
static void check_ref(const char *name, size_t len, size_t at, void *ctx)
{
	const char *text = ctx;
	size_t n = strlen(text);
	if (!(at < n && name > text + at && name + len <= text + n && len > 0))
		abort();
}

static void interpolate(const var_scope *s, const char *text, bool regex_ctx)
{
	if (!text)
		return;
	char *out = var_interpolate(s, text, regex_ctx);
	free(out);
	var_each_ref(text, check_ref, (void *)text);
}

static void scope_from(var_scope *s, const struct cairn_dashboard *d)
{
	for (size_t i = 0; i < d->n_variables; i++) {
		const struct cairn_variable *v = &d->variables[i];
		if (!v->name)
			continue;
		const char *const *vals = (const char *const *)(v->n_current ? v->current
		                                                             : v->options);
		size_t n = v->n_current ? v->n_current : v->n_options;
		var_scope_set(s, v->name, vals, n, false, v->all_value);
		interpolate(s, v->query, false);
		interpolate(s, v->regex, true);
	}
	var_scope_declare(s, d);
}

static void panels(const var_scope *s, const struct cairn_dashboard *d)
{
	for (size_t i = 0; i < d->n_panels; i++) {
		const struct cairn_panel *p = &d->panels[i];
		double sec;
		interpolate(s, p->title, false);
		interpolate(s, p->description, false);
		interpolate(s, p->interval, false);
		if (p->time_from && duration_parse(p->time_from, &sec, NULL) == 0 && !isfinite(sec))
			abort();
		if (p->time_shift && duration_parse(p->time_shift, &sec, NULL) == 0 &&
		    !isfinite(sec))
			abort();
		for (size_t t = 0; t < p->n_targets; t++) {
			interpolate(s, p->targets[t].expr, false);
			interpolate(s, p->targets[t].expr, true);
			interpolate(s, p->targets[t].legend_format, false);
			interpolate(s, p->targets[t].interval, false);
		}
	}
}

static void layout(const struct cairn_dashboard *d)
{
	struct rect *r = g_new(struct rect, d->n_panels ? d->n_panels : 1);
	bool *vis = g_new(bool, d->n_panels ? d->n_panels : 1);
	for (int expand = 0; expand < 2; expand++) {
		double h = layout_dashboard(d, 1600, 8, expand, r, vis);
		/* what a caller converts to int must fit one */
		if (!(h >= 0 && h <= LAYOUT_MAX_PX))
			abort();
		for (size_t i = 0; i < d->n_panels; i++)
			if (!(fabs(r[i].y) <= LAYOUT_MAX_PX && r[i].h <= LAYOUT_MAX_PX &&
			      r[i].w >= 0))
				abort();
	}
	g_free(vis);
	g_free(r);
}

static void time_range(const struct cairn_dashboard *d)
{
	double from = 0, to = 0;
	if (d->time_from && time_parse(d->time_from, NOW, false, d->timezone, &from, NULL) == 0 &&
	    !isfinite(from))
		abort();
	if (d->time_to && time_parse(d->time_to, NOW, true, d->timezone, &to, NULL) == 0 &&
	    !isfinite(to))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cairn_err err = {0};
	/* err may be NULL (err.h): every other input goes without one */
	bool with_err = size % 2 == 0;
	struct cairn_dashboard *d =
	        dash_load_buffer((const char *)data, size, "fuzz.json", with_err ? &err : NULL);
	if (!d) {
		if (with_err && (err.code == CAIRN_OK || !err.msg[0]))
			abort(); /* a failure always says why */
		return 0;
	}
	var_scope *s = var_scope_new();
	scope_from(s, d);
	panels(s, d);
	var_scope_free(s);
	layout(d);
	time_range(d);
	dash_free(d);
	return 0;
}
