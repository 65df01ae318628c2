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

int main(int argc, char **argv)
{
	const char *out = argc > 1 ? argv[1] : "/tmp/demo";
	enum theme_kind th = argc > 2 && strcmp(argv[2], "light") == 0 ? THEME_LIGHT : THEME_DARK;
	struct cairn_panel p;
	support_panel(&p, "timeseries", "CPU Usage");
	p.defaults.custom.fill_opacity = 10;
	memcpy(p.defaults.unit, "percent", 8);
	p.defaults.min = 0;
	p.defaults.max = 100;
	struct series s[4];
	double base[4] = {7, 18, 31, 47};
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
	struct render_out o;
	char path[256];
	int w = argc > 3 ? atoi(argv[3]) : 940, h = argc > 4 ? atoi(argv[4]) : 258;
	if (support_render1(&job, w, h, FMT_PNG, th, &o))
		return 1;
	snprintf(path, sizeof path, "%s-ts.png", out);
	write_file(path, &o);
	free(o.bytes);
	printf("%s render_ms=%.2f\n", path, job.render_ms);
	return 0;
}
