/* Temporary stand-in for render/ticks.c while it is being written; linked
 * into render tests only when ticks.c is still a placeholder. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "render/ticks.h"
#include "render/units.h"

void ticks_value_axis(double lo, double hi, double hard_min, double hard_max, double px,
                      double min_space_px, const char *unit, int decimals, struct value_axis *out)
{
	if (!isnan(hard_min))
		lo = hard_min;
	if (!isnan(hard_max))
		hi = hard_max;
	if (hi <= lo) {
		hi = lo + 1;
	}
	double maxn = fmax(1, floor(px / min_space_px));
	double raw = (hi - lo) / maxn, mag = pow(10, floor(log10(raw))), step = mag;
	const double m[] = {1, 2, 2.5, 5, 10};
	for (int i = 0; i < 5; i++)
		if (m[i] * mag >= raw) {
			step = m[i] * mag;
			break;
		}
	out->step = step;
	out->min = isnan(hard_min) ? floor(lo / step) * step : lo;
	out->max = isnan(hard_max) ? ceil(hi / step) * step : hi;
	out->decimals = step >= 1 ? 0 : (int)ceil(-log10(step));
	out->n = 0;
	for (double v = ceil(out->min / step) * step;
	     v <= out->max + step * 1e-9 && out->n < TICKS_MAX; v += step) {
		out->ticks[out->n].value = fabs(v) < step * 1e-9 ? 0 : v;
		units_format_str(unit, out->ticks[out->n].value,
		                 decimals >= 0 ? decimals : out->decimals, out->ticks[out->n].label,
		                 sizeof out->ticks[0].label);
		out->n++;
	}
}

void ticks_time_axis(double from, double to, double px, double min_space_px, const char *tz,
                     struct time_axis *out)
{
	const double steps[] = {1,   5,    10,   15,   30,    60,    120,   300,  600,
	                        900, 1800, 3600, 7200, 10800, 21600, 43200, 86400};
	double step = steps[16];
	for (int i = 0; i < 17; i++)
		if (steps[i] / (to - from) * px >= min_space_px) {
			step = steps[i];
			break;
		}
	out->step = step;
	out->n = 0;
	for (double v = ceil(from / step) * step; v <= to && out->n < TICKS_MAX; v += step) {
		time_t tt = (time_t)v;
		struct tm tm;
		gmtime_r(&tt, &tm);
		out->ticks[out->n].value = v;
		strftime(out->ticks[out->n].label, sizeof out->ticks[0].label,
		         step >= 86400 ? "%m/%d" : "%H:%M", &tm);
		out->n++;
	}
}
