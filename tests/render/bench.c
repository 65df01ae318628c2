/* bench: the standing performance promise — a 1000×500 PNG of 4 series ×
 * 10k points; prints stage times (not a test).  `render_bench OUT.png`
 * also writes the image, to compare before/after a change by eye;
 * `render_bench OUT.png hue|scheme` draws the series with that gradient
 * (scheme: by the default thresholds). */
#include <string.h>
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "support.h"

static double noise(size_t i, void *arg)
{
	double b = *(double *)arg;
	return b + 10 * sin((double)i * 0.001 * b) + 3 * sin((double)i * 0.7);
}

int main(int argc, char **argv)
{
	gint64 t0 = g_get_monotonic_time();
	support_ctx();
	gint64 t1 = g_get_monotonic_time();
	struct cairn_panel p;
	support_panel(&p, "timeseries", "Bench");
	if (argc > 2 && strcmp(argv[2], "hue") == 0)
		p.defaults.custom.gradient = GRADIENT_HUE;
	if (argc > 2 && strcmp(argv[2], "scheme") == 0) {
		p.defaults.custom.gradient = GRADIENT_SCHEME;
		p.defaults.color_mode = COLOR_THRESHOLDS;
	}
	struct series s[4];
	double b[4] = {10, 20, 30, 40};
	for (int i = 0; i < 4; i++)
		support_series(&s[i], "series", 10000, 1700000000, 1, noise, &b[i]);
	struct cairn_result r;
	support_result(&r, s, 4, 1);
	struct panel_job job = {
	        .panel = &p, .title = "Bench", .data = &r, .from = 1700000000, .to = 1700009999};
	struct render_out o;
	gint64 t2 = g_get_monotonic_time();
	if (support_render1(&job, 1000, 500, FMT_PNG, THEME_DARK, &o))
		return 1;
	gint64 t3 = g_get_monotonic_time();
	double first = job.render_ms;
	free(o.bytes);
	support_render1(&job, 1000, 500, FMT_PNG, THEME_DARK, &o);
	gint64 t4 = g_get_monotonic_time();
	printf("ctx %.1f ms, first render %.1f ms (panel %.1f), second %.1f ms (panel %.1f), %zu "
	       "bytes\n",
	       (t1 - t0) / 1e3, (t3 - t2) / 1e3, first, (t4 - t3) / 1e3, job.render_ms, o.len);
	if (argc > 1) {
		FILE *f = fopen(argv[1], "wb");
		if (!f || fwrite(o.bytes, 1, o.len, f) != o.len || fclose(f))
			return 1;
	}
	free(o.bytes);
	return 0;
}
