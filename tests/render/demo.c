/* demo: renders synthetic panels to PNG files for eyeballing (not a test). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "support.h"

static double wave(size_t i, void *arg)
{
	double base = *(double *)arg;
	return base + 3 * sin((double)i * 0.37 + base) + 2 * sin((double)i * 1.3);
}

static int write_file(const char *path, const struct render_out *o)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return -1;
	fwrite(o->bytes, 1, o->len, f);
	fclose(f);
	return 0;
}

static double gappy(size_t i, void *arg)
{
	double b = *(double *)arg;
	if (b < 30 && i > 50 && i < 60)
		return NAN;
	return b + 20 * sin((double)i * 0.06 + b) + 3 * sin((double)i * 1.1);
}

static int emit(struct panel_job *job, int w, int h, enum theme_kind th, const char *path)
{
	struct render_out o;
	if (support_render1(job, w, h, FMT_PNG, th, &o))
		return 1;
	write_file(path, &o);
	free(o.bytes);
	printf("%s render_ms=%.2f\n", path, job->render_ms);
	return 0;
}

int main(int argc, char **argv)
{
	const char *out = argc > 1 ? argv[1] : "/tmp/demo";
	enum theme_kind th = argc > 2 && strcmp(argv[2], "light") == 0 ? THEME_LIGHT : THEME_DARK;
	char path[256];
	struct cairn_panel p;
	support_panel(&p, "timeseries", "CPU Usage");
	p.defaults.custom.fill_opacity = 10;
	p.defaults.custom.stacking = STACK_NORMAL;
	memcpy(p.defaults.unit, "percent", 8);
	p.defaults.min = 0;
	p.defaults.max = 100;
	struct series s[4];
	double base[4] = {7, 10, 12, 15};
	char name[8];
	for (int i = 0; i < 4; i++) {
		snprintf(name, sizeof name, "%d", i);
		support_series(&s[i], name, 120, 1700000100, 30, wave, &base[i]);
	}
	struct cairn_result r;
	support_result(&r, s, 4, 30);
	struct panel_job job = {.panel = &p,
	                        .title = "CPU Usage",
	                        .data = &r,
	                        .from = 1700000100,
	                        .to = 1700000100 + 119 * 30};
	snprintf(path, sizeof path, "%s-ts.png", out);
	emit(&job, 940, 258, th, path);

	struct cairn_panel p2;
	support_panel(&p2, "timeseries", "CPU busy by instance");
	p2.defaults.custom.fill_opacity = 20;
	p2.defaults.custom.gradient = GRADIENT_OPACITY;
	p2.defaults.custom.thresholds_style = TSTYLE_LINE_AREA;
	p2.defaults.thresholds.steps[0].color_name[0] = 0;
	p2.defaults.thresholds.steps[0].color = 0;
	memcpy(p2.defaults.thresholds.steps[0].color_name, "transparent", 12);
	memcpy(p2.defaults.unit, "percent", 8);
	p2.defaults.min = 0;
	p2.defaults.max = 100;
	p2.legend.mode = LEGEND_TABLE;
	p2.legend.calcs = CALC_MEAN | CALC_MAX;
	struct series s2[3];
	double b2[3] = {40, 65, 28};
	const char *nm[3] = {"node-a", "node-b", "node-c"};
	for (int i = 0; i < 3; i++)
		support_series(&s2[i], nm[i], 120, 1700000100, 30, gappy, &b2[i]);
	struct cairn_result r2;
	support_result(&r2, s2, 3, 30);
	struct panel_job job2 = {.panel = &p2,
	                         .title = "CPU busy by instance",
	                         .data = &r2,
	                         .from = 1700000100,
	                         .to = 1700000100 + 119 * 30};
	snprintf(path, sizeof path, "%s-table.png", out);
	emit(&job2, 800, 400, th, path);

	struct cairn_result r3 = {.status = RESULT_ERROR};
	snprintf(r3.message, sizeof r3.message,
	         "bad_data: 1:6: parse error: unexpected right parenthesis ')' in query "
	         "rate(x[5m]))");
	struct panel_job job3 = {.panel = &p, .title = "노드 개요 — errors", .data = &r3};
	snprintf(path, sizeof path, "%s-error.png", out);
	emit(&job3, 400, 200, th, path);
	struct cairn_result r4 = {.status = RESULT_NODATA};
	struct panel_job job4 = {.panel = &p, .title = "Empty", .data = &r4};
	snprintf(path, sizeof path, "%s-nodata.png", out);
	emit(&job4, 400, 200, th, path);
	struct cairn_panel p5;
	support_panel(&p5, "gauge", "A gauge");
	struct panel_job job5 = {.panel = &p5, .title = "A gauge", .data = &r4};
	snprintf(path, sizeof path, "%s-gauge.png", out);
	emit(&job5, 400, 200, th, path);

	struct cairn_panel p6;
	support_panel(&p6, "timeseries", "Requests (bars, many series)");
	p6.defaults.custom.draw_style = DRAW_BARS;
	p6.defaults.custom.fill_opacity = 80;
	p6.defaults.custom.stacking = STACK_NORMAL;
	memcpy(p6.defaults.unit, "reqps", 6);
	struct series s6[30];
	double b6[30];
	for (int i = 0; i < 30; i++) {
		b6[i] = 5 + i;
		snprintf(name, sizeof name, "svc-%02d", i);
		support_series(&s6[i], name, 40, 1700000100, 90, wave, &b6[i]);
	}
	struct cairn_result r6;
	support_result(&r6, s6, 30, 90);
	struct panel_job job6 = {.panel = &p6,
	                         .title = "Requests (bars, many series)",
	                         .data = &r6,
	                         .from = 1700000100,
	                         .to = 1700000100 + 39 * 90};
	snprintf(path, sizeof path, "%s-bars.png", out);
	emit(&job6, 800, 300, th, path);
	return 0;
}
