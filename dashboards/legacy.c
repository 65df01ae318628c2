/*
 * legacy.c — the Angular "graph" panel read into the time-series model, as
 * Grafana's own migration does (graphPanelChangedHandler): lines/bars/points,
 * fill, stacking, stepped lines, nullPointMode, the legend flags and the
 * first y axis.  A graph panel's fieldConfig, when newer exports carry one,
 * wins over its yaxes.
 */
#include "dashboards/legacy.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>
#include "dashboards/fieldconfig.h"

/* Angular graph legend → the time-series legend, as Grafana's migration. */
static int graph_legend(struct loader *L, const json_t *panel, const char *path,
                        struct legend_opts *lo)
{
	json_t *lg;
	char sub[JFIELD_PATH_CAP];
	bool values = false, right = false, table = false;
	static const struct {
		const char *key;
		unsigned calc;
	} flags[] = {{"min", CALC_MIN},
	             {"max", CALC_MAX},
	             {"avg", CALC_MEAN},
	             {"current", CALC_LAST_NN},
	             {"total", CALC_SUM}};

	if (jfield_kind(L, panel, "legend", path, JSON_OBJECT, &lg))
		return CAIRN_EINVAL;
	if (!lg)
		return 0;
	jfield_join(sub, path, "legend");
	if (jfield_bool(L, lg, "show", sub, &lo->show) ||
	    jfield_bool(L, lg, "values", sub, &values) ||
	    jfield_bool(L, lg, "rightSide", sub, &right) ||
	    jfield_bool(L, lg, "alignAsTable", sub, &table))
		return CAIRN_EINVAL;
	lo->placement = right ? LEGEND_RIGHT : LEGEND_BOTTOM;
	lo->mode = table ? LEGEND_TABLE : LEGEND_LIST;
	for (size_t i = 0; i < G_N_ELEMENTS(flags) && values; i++) {
		bool on = false;
		if (jfield_bool(L, lg, flags[i].key, sub, &on))
			return CAIRN_EINVAL;
		lo->calcs |= on ? flags[i].calc : 0;
	}
	return 0;
}

static int graph_yaxis(struct loader *L, const json_t *panel, const char *path,
                       struct field_config *fc)
{
	json_t *axes;
	char apath[JFIELD_PATH_CAP];
	double logb = 1;
	if (jfield_kind(L, panel, "yaxes", path, JSON_ARRAY, &axes))
		return CAIRN_EINVAL;
	if (!axes)
		return 0;
	json_t *y = json_array_get(axes, 0);
	snprintf(apath, sizeof apath, "%s.yaxes[0]", path);
	if (!json_is_object(y))
		return 0;
	struct field_config tmp;
	fieldconfig_init(&tmp);
	if (fieldconfig_parse_scalars(L, y, apath, &tmp) ||
	    jfield_strbuf(L, y, "format", apath, tmp.unit, sizeof tmp.unit) ||
	    jfield_number(L, y, "logBase", apath, &logb, NULL))
		return CAIRN_EINVAL;
	/* fieldConfig (newer exports of graph panels) wins over yaxes */
	if (!(fc->set & FC_SET_UNIT) && jfield_get(y, "format"))
		memcpy(fc->unit, tmp.unit, sizeof fc->unit);
	if (!(fc->set & FC_SET_MIN))
		fc->min = tmp.min;
	if (!(fc->set & FC_SET_MAX))
		fc->max = tmp.max;
	if (!(fc->set & FC_SET_DECIMALS))
		fc->decimals = tmp.decimals;
	if (logb > 1) {
		fc->custom.scale = SCALE_LOG;
		fc->custom.log_base = logb;
	}
	return 0;
}

int legacy_graph(struct loader *L, const json_t *panel, const char *path, struct cairn_panel *p)
{
	struct ts_custom *c = &p->defaults.custom;
	bool lines = true, bars = false, points = false, stack = false, percent = false;
	bool stepped = false;
	double lw = 1, fill = 1, radius = 2;
	char npm[24] = "";

	if (jfield_bool(L, panel, "lines", path, &lines) ||
	    jfield_bool(L, panel, "bars", path, &bars) ||
	    jfield_bool(L, panel, "points", path, &points) ||
	    jfield_bool(L, panel, "stack", path, &stack) ||
	    jfield_bool(L, panel, "percentage", path, &percent) ||
	    jfield_bool(L, panel, "steppedLine", path, &stepped) ||
	    jfield_number(L, panel, "linewidth", path, &lw, NULL) ||
	    jfield_number(L, panel, "fill", path, &fill, NULL) ||
	    jfield_number(L, panel, "pointradius", path, &radius, NULL) ||
	    jfield_strbuf(L, panel, "nullPointMode", path, npm, sizeof npm) ||
	    graph_legend(L, panel, path, &p->legend) || graph_yaxis(L, panel, path, &p->defaults))
		return CAIRN_EINVAL;
	c->draw_style = bars ? DRAW_BARS : lines ? DRAW_LINE : DRAW_POINTS;
	c->line_width = lw;
	c->fill_opacity = lines ? CLAMP(fill, 0, 10) * 10 : 0;
	c->show_points = points ? POINTS_ALWAYS : POINTS_NEVER;
	c->point_size = radius * 2 + 1;
	c->stacking = stack ? (percent ? STACK_PERCENT : STACK_NORMAL) : STACK_NONE;
	c->line_interp = stepped ? INTERP_STEP_AFTER : INTERP_LINEAR;
	c->span_nulls = strcmp(npm, "connected") == 0;
	return 0;
}
