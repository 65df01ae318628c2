/*
 * timelineopts.c — options of the state-timeline and status-history panels
 * (timelineopts.h).  The numbers Grafana's schema bounds (rowHeight,
 * colWidth, lineWidth, fillOpacity) are checked here, so the drawing can
 * trust them.
 */
#include "dashboards/timelineopts.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

void timelineopts_init(struct timeline_opts *o)
{
	*o = (struct timeline_opts){.merge_values = true,
	                            .show_value = TL_SHOW_AUTO,
	                            .align_value = TL_ALIGN_LEFT,
	                            .row_height = 0.9,
	                            .col_width = 0.9};
}

bool timelineopts_applies(const char *type)
{
	return type && (strcmp(type, "state-timeline") == 0 || strcmp(type, "status-history") == 0);
}

static const struct jfield_name shows[] = {{"auto", TL_SHOW_AUTO},
                                           {"never", TL_SHOW_NEVER},
                                           {"always", TL_SHOW_ALWAYS},
                                           {NULL, 0}};
static const struct jfield_name aligns[] = {{"left", TL_ALIGN_LEFT},
                                            {"center", TL_ALIGN_CENTER},
                                            {"right", TL_ALIGN_RIGHT},
                                            {NULL, 0}};

/* A number in [lo, hi] (kept when absent); outside it an error with the path. */
static int bounded(struct loader *L, const json_t *o, const char *key, const char *path,
                   double lo, double hi, double *out)
{
	double v = *out;
	bool have = false;
	if (jfield_number(L, o, key, path, &v, &have))
		return CAIRN_EINVAL;
	if (!have)
		return 0;
	if (!(v >= lo && v <= hi)) {
		char full[JFIELD_PATH_CAP];
		jfield_join(full, path, key);
		return cairn_err_set(L->err, CAIRN_EINVAL, "%s: %s: %g is outside %g..%g", L->name,
		                     full, v, lo, hi);
	}
	*out = v;
	return 0;
}

int timelineopts_parse(struct loader *L, const json_t *o, const char *path, struct cairn_panel *p)
{
	struct timeline_opts *t = &p->timeline;
	int show = t->show_value, align = t->align_value;
	if (!timelineopts_applies(p->type))
		return 0;
	if (jfield_bool(L, o, "mergeValues", path, &t->merge_values) ||
	    jfield_enum(L, o, "showValue", path, shows, &show, NULL) ||
	    jfield_enum(L, o, "alignValue", path, aligns, &align, NULL) ||
	    bounded(L, o, "rowHeight", path, 0, 1, &t->row_height) ||
	    bounded(L, o, "colWidth", path, 0, 1, &t->col_width))
		return CAIRN_EINVAL;
	t->show_value = (enum timeline_show)show;
	t->align_value = (enum timeline_align)align;
	return 0;
}

/* lineWidth and fillOpacity of one set of field options, where it sets
 * them; path ends with the separator before "custom" ("….defaults." or
 * "….overrides[1]: "). */
static int check_custom(struct loader *L, const struct field_config *fc, const char *path)
{
	const struct ts_custom *c = &fc->custom;
	if ((fc->set & FC_SET_LINE_WIDTH) && !(c->line_width >= 0 && c->line_width <= 10))
		return cairn_err_set(L->err, CAIRN_EINVAL, "%s: %scustom.lineWidth: %g is outside 0..10",
		                     L->name, path, c->line_width);
	if ((fc->set & FC_SET_FILL) && !(c->fill_opacity >= 0 && c->fill_opacity <= 100))
		return cairn_err_set(L->err, CAIRN_EINVAL,
		                     "%s: %scustom.fillOpacity: %g is outside 0..100", L->name, path,
		                     c->fill_opacity);
	return 0;
}

int timelineopts_fields(struct loader *L, struct cairn_panel *p)
{
	if (!timelineopts_applies(p->type))
		return 0;
	bool history = strcmp(p->type, "status-history") == 0;
	struct field_config *d = &p->defaults;
	char path[JFIELD_PATH_CAP];
	/* status-history's TimelineChart runs in samples mode: nothing merges */
	if (history)
		p->timeline.merge_values = false;
	snprintf(path, sizeof path, "%s.fieldConfig.defaults.", p->json_path);
	if (check_custom(L, d, path))
		return CAIRN_EINVAL;
	for (size_t i = 0; i < p->n_overrides; i++) {
		snprintf(path, sizeof path, "%s.fieldConfig.overrides[%zu]: ", p->json_path, i);
		if (check_custom(L, &p->overrides[i].props, path))
			return CAIRN_EINVAL;
	}
	if (!(d->set & FC_SET_LINE_WIDTH))
		d->custom.line_width = history ? 1 : 0;
	if (!(d->set & FC_SET_FILL))
		d->custom.fill_opacity = 70;
	if (!(d->set & FC_SET_COLOR)) {
		d->color_mode = history ? COLOR_THRESHOLDS : COLOR_CONTINUOUS;
		g_strlcpy(d->color_scheme, history ? "thresholds" : "continuous-GrYlRd",
		          sizeof d->color_scheme);
	}
	return 0;
}
