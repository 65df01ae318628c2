/*
 * jobs.c — the deterministic panel set of jobs.h (fixed data, no clocks).
 */
#include "jobs.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include "support.h"

#define T0 1700000100.0

static double wave(size_t i, void *arg)
{
	double b = *(const double *)arg;
	if (b == 28 && i > 50 && i < 60)
		return NAN;
	return b + 20 * sin((double)i * 0.06 + b) + 3 * sin((double)i * 1.1);
}

static double positive(size_t i, void *arg)
{
	double b = *(const double *)arg;
	return b * (1.2 + sin((double)i * 0.15 + b));
}

static void table_panel(struct jobs *j)
{
	static double base[3] = {40, 65, 28};
	static const char *names[3] = {"node-a", "node-b", "node-c"};
	struct cairn_panel *p = &j->panels[0];
	support_panel(p, "timeseries", "CPU busy by instance");
	p->defaults.custom.fill_opacity = 20;
	p->defaults.custom.gradient = GRADIENT_OPACITY;
	p->defaults.custom.thresholds_style = TSTYLE_LINE_AREA;
	memcpy(p->defaults.thresholds.steps[0].color_name, "transparent", 12);
	memcpy(p->defaults.unit, "percent", 8);
	p->defaults.min = 0;
	p->defaults.max = 100;
	p->legend.mode = LEGEND_TABLE;
	p->legend.calcs = CALC_MEAN | CALC_MAX;
	struct series s[3];
	for (int i = 0; i < 3; i++)
		support_series(&s[i], names[i], 120, T0, 30, wave, &base[i]);
	support_result(&j->results[0], s, 3, 30);
	j->job[0] = (struct panel_job){.panel = p,
	                               .title = p->title,
	                               .data = &j->results[0],
	                               .box = {0, 0, 600, 360},
	                               .from = T0,
	                               .to = T0 + 119 * 30};
}

static void bars_panel(struct jobs *j)
{
	static double base[5] = {5, 8, 11, 14, 17};
	struct cairn_panel *p = &j->panels[1];
	support_panel(p, "graph", "Requests");
	p->defaults.custom.draw_style = DRAW_BARS;
	p->defaults.custom.fill_opacity = 80;
	p->defaults.custom.stacking = STACK_NORMAL;
	memcpy(p->defaults.unit, "reqps", 6);
	struct series s[5];
	char name[16];
	for (int i = 0; i < 5; i++) {
		snprintf(name, sizeof name, "svc-%d", i);
		support_series(&s[i], name, 40, T0, 90, positive, &base[i]);
	}
	support_result(&j->results[1], s, 5, 90);
	j->job[1] = (struct panel_job){.panel = p,
	                               .title = p->title,
	                               .data = &j->results[1],
	                               .box = {608, 0, 392, 360},
	                               .from = T0,
	                               .to = T0 + 39 * 90};
}

void jobs_init(struct jobs *j)
{
	memset(j, 0, sizeof(*j));
	table_panel(j);
	bars_panel(j);
	struct cairn_panel *p = &j->panels[2];
	support_panel(p, "timeseries", "노드 개요");
	j->results[2].status = RESULT_ERROR;
	snprintf(j->results[2].message, sizeof j->results[2].message,
	         "bad_data: parse error: unexpected right parenthesis ')'");
	j->job[2] = (struct panel_job){
	        .panel = p, .title = p->title, .data = &j->results[2], .box = {0, 368, 330, 200}};
	p = &j->panels[3];
	support_panel(p, "timeseries", "Nothing here");
	j->results[3].status = RESULT_NODATA;
	j->job[3] = (struct panel_job){
	        .panel = p, .title = p->title, .data = &j->results[3], .box = {338, 368, 330, 200}};
	p = &j->panels[4];
	support_panel(p, "news", "Disk"); /* a type cairn does not draw */
	j->job[4] = (struct panel_job){.panel = p, .title = p->title, .box = {676, 368, 324, 200}};
	p = &j->panels[5];
	support_panel(p, "row", "Network");
	p->is_row = true;
	p->collapsed = true;
	j->job[5] = (struct panel_job){
	        .panel = p, .title = p->title, .box = {0, 576, 1000, 30}, .row_panels = 4,
	        .row_collapsed = true};
}

void jobs_fini(struct jobs *j)
{
	for (int i = 0; i < JOBS_N; i++)
		support_result_free(&j->results[i]);
}
