/*
 * ticks.c — axis ranges and ticks as Grafana 10.4's TimeSeries panel gets
 * them from uPlot 1.6.30: the y range from uPlot's rangeNum with Grafana's
 * scale config (10 % padding, snapped to 0), the step from uPlot's findIncr
 * over its increment ladders, tick values from numAxisSplits/timeAxisSplits,
 * and labels from Grafana's formatters (units_format_axis, formatTime).
 *
 * Owns the arithmetic, done in JavaScript's terms (Math.round, roundDec) so
 * that ticks land on the same values.  Does not own text measuring: callers
 * pass the pixel spacing (Grafana: 30 px on y; on x the sample label's width
 * + 18 px, see ticks_time_sample_label).  No allocation except the time zone.
 */
#include "render/ticks.h"

#include <glib.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "dashboards/timerange.h"
#include "render/units.h"

enum { INCRS_MAX = 160 };

/* ---- uPlot's number helpers (JavaScript rounding) ---- */

/* roundDec: rounds half away from zero at `dec` decimals, nudged by an epsilon. */
static double round_dec(double v, int dec)
{
	if (v == trunc(v) || !isfinite(v))
		return v;
	double p = units_js_pow10(dec);
	double n = (v * p) * (1 + DBL_EPSILON);
	return units_js_round(n) / p;
}

static double fix_float(double v)
{
	return round_dec(v, 14);
}

static double incr_round_up(double num, double incr)
{
	return fix_float(ceil(fix_float(num / incr)) * incr);
}

static double incr_round_dn(double num, double incr)
{
	return fix_float(floor(fix_float(num / incr)) * incr);
}

/* numIntDigits, including its ToInt32 wrap of large values. */
static int num_int_digits(double x)
{
	double t = trunc(x);
	if (!isfinite(t))
		t = 0;
	double m = fmod(t, 4294967296.0);
	if (m < 0)
		m += 4294967296.0;
	int64_t i = (int64_t)m;
	if (i >= 2147483648LL)
		i -= 4294967296LL;
	double a = fabs((double)i);
	return (a < 1 ? 0 : (int)log10(a)) + 1;
}

/* Grafana's guessDecimals(roundDecimals(step, 6)): the digits after the point
 * in JavaScript's spelling of the rounded step. */
static int axis_decimals(double step)
{
	double r = step;
	if (r != trunc(r))
		r = units_js_round(r * 1e6 * (1 + DBL_EPSILON)) / 1e6;
	char s[40];
	units_js_number(r, s, sizeof s);
	const char *dot = strchr(s, '.');
	return dot ? (int)strlen(dot + 1) : 0;
}

/* ---- increment ladders ---- */

struct incrs {
	size_t n;
	double v[INCRS_MAX];
	int dec[INCRS_MAX]; /* uPlot's fixedDec: decimals of each increment */
};

/* genIncrs(base, minExp, maxExp, mults) */
static void gen_incrs(struct incrs *in, double base, int min_exp, int max_exp, const double *mults,
                      const int *mult_dec, size_t n_mults)
{
	for (int exp = min_exp; exp < max_exp; exp++) {
		int expa = abs(exp);
		double mag = round_dec(base == 10 ? units_js_pow10(exp) : pow(base, exp), expa);
		for (size_t i = 0; i < n_mults && in->n < INCRS_MAX; i++) {
			int dec = (exp >= 0 ? 0 : expa) + (exp >= mult_dec[i] ? 0 : mult_dec[i]);
			in->v[in->n] = round_dec(mults[i] * mag, dec);
			in->dec[in->n++] = dec;
		}
	}
}

/* uPlot's numIncrs (1, 2, 2.5, 5 × 10^-16 … 10^15), or Grafana's BIN_INCRS
 * (2^0 … 2^52) for IEC units. */
static void value_incrs(struct incrs *in, bool binary)
{
	static const double mults[] = {1, 2, 2.5, 5};
	static const int mult_dec[] = {0, 0, 1, 0};
	in->n = 0;
	if (binary) {
		for (int i = 0; i < 53; i++) {
			in->v[in->n] = ldexp(1, i);
			in->dec[in->n++] = 0;
		}
		return;
	}
	gen_incrs(in, 10, -16, 16, mults, mult_dec, G_N_ELEMENTS(mults));
}

#define MS_SEC  1e3
#define MS_MIN  (60 * MS_SEC)
#define MS_HOUR (60 * MS_MIN)
#define MS_DAY  (24 * MS_HOUR)
#define MS_MON  (30 * MS_DAY)
#define MS_YEAR (365 * MS_DAY)

/* uPlot's timeIncrs for millisecond timestamps. */
static void time_incrs(struct incrs *in)
{
	static const double ladder[] = {1,
	                                2,
	                                5,
	                                10,
	                                20,
	                                25,
	                                50,
	                                100,
	                                200,
	                                250,
	                                500,
	                                MS_SEC,
	                                5 * MS_SEC,
	                                10 * MS_SEC,
	                                15 * MS_SEC,
	                                30 * MS_SEC,
	                                MS_MIN,
	                                5 * MS_MIN,
	                                10 * MS_MIN,
	                                15 * MS_MIN,
	                                30 * MS_MIN,
	                                MS_HOUR,
	                                2 * MS_HOUR,
	                                3 * MS_HOUR,
	                                4 * MS_HOUR,
	                                6 * MS_HOUR,
	                                8 * MS_HOUR,
	                                12 * MS_HOUR,
	                                MS_DAY,
	                                2 * MS_DAY,
	                                3 * MS_DAY,
	                                4 * MS_DAY,
	                                5 * MS_DAY,
	                                6 * MS_DAY,
	                                7 * MS_DAY,
	                                8 * MS_DAY,
	                                9 * MS_DAY,
	                                10 * MS_DAY,
	                                15 * MS_DAY,
	                                MS_MON,
	                                2 * MS_MON,
	                                3 * MS_MON,
	                                4 * MS_MON,
	                                6 * MS_MON,
	                                MS_YEAR,
	                                2 * MS_YEAR,
	                                5 * MS_YEAR,
	                                10 * MS_YEAR,
	                                25 * MS_YEAR,
	                                50 * MS_YEAR,
	                                100 * MS_YEAR};
	in->n = G_N_ELEMENTS(ladder);
	for (size_t i = 0; i < in->n; i++) {
		in->v[i] = ladder[i];
		in->dec[i] = 0;
	}
}

static size_t closest_idx(double num, const double *arr, size_t n)
{
	size_t lo = 0, hi = n - 1;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) >> 1;
		if (arr[mid] < num)
			lo = mid;
		else
			hi = mid;
	}
	return num - arr[lo] <= arr[hi] - num ? lo : hi;
}

/* findIncr: the first increment from the one closest to min_space that gives
 * at least min_space pixels.  False when none fits (uPlot draws no ticks). */
static bool find_incr(double lo, double hi, const struct incrs *in, double dim, double min_space,
                      double *incr, double *space, int *dec)
{
	int int_digits = MAX(num_int_digits(lo), num_int_digits(hi));
	double delta = hi - lo;
	if (!(dim > 0) || !(delta > 0) || in->n == 0)
		return false;
	for (size_t i = closest_idx(min_space / dim * delta, in->v, in->n); i < in->n; i++) {
		double found_space = dim * in->v[i] / delta;
		if (found_space >= min_space &&
		    int_digits + (in->v[i] < 5 ? in->dec[i] : 0) <= 17) {
			*incr = in->v[i];
			*space = found_space;
			*dec = in->dec[i];
			return true;
		}
	}
	return false;
}

/* ---- value axis ---- */

/* uPlot's _rangeNum with Grafana's scale config: 10 % padding, soft limits
 * at 0 in mode 3 (the range snaps to 0 when padding would cross it). */
static void range_num(double lo, double hi, double hard_min, double hard_max, double *out_min,
                      double *out_max)
{
	const double pad = 0.1, soft_min = 0, soft_max = 0;
	double delta = hi - lo;
	double scalar_max = fmax(fabs(lo), fabs(hi));
	double mag_delta = fabs(log10(scalar_max) - log10(delta));
	/* flat data, or a range 11+ orders of magnitude below the values */
	if (delta < 1e-9 || mag_delta > 10) {
		delta = 0;
		if (lo == 0 || hi == 0)
			delta = 1e-9;
	}
	double nz = delta != 0 ? delta : scalar_max != 0 && !isnan(scalar_max) ? scalar_max : 1e3;
	/* nz is finite here (the caller keeps every input finite and hi - lo
	 * below DBL_MAX), so the exponent is within ±330. */
	double base = units_js_pow10((int)floor(log10(nz)));

	double pad_min = nz * (delta == 0 ? (lo == 0 ? .1 : 1) : pad);
	double new_min = round_dec(incr_round_dn(lo - pad_min, base / 10), 9);
	double s_min = lo >= soft_min && new_min <= soft_min ? soft_min : INFINITY;
	double min_lim =
	        fmax(hard_min, new_min < s_min && lo >= s_min ? s_min : fmin(s_min, new_min));

	double pad_max = nz * (delta == 0 ? (hi == 0 ? .1 : 1) : pad);
	double new_max = round_dec(incr_round_up(hi + pad_max, base / 10), 9);
	double s_max = hi <= soft_max && new_max >= soft_max ? soft_max : -INFINITY;
	double max_lim =
	        fmin(hard_max, new_max > s_max && hi <= s_max ? s_max : fmax(s_max, new_max));

	if (min_lim == max_lim && min_lim == 0)
		max_lim = 100;
	*out_min = min_lim;
	*out_max = max_lim;
}

/* Grafana's UPlotScaleBuilder range function (linear, no soft limits). */
static bool value_range(double lo, double hi, double hard_min, double hard_max, int decimals,
                        double *rmin, double *rmax)
{
	bool has_min = !isnan(hard_min), has_max = !isnan(hard_max);
	if (isnan(lo))
		lo = hi;
	if (isnan(hi))
		hi = lo;
	if (!(has_min && has_max) && isnan(lo))
		return false;
	range_num(has_min ? hard_min : lo, has_max ? hard_max : hi, has_min ? hard_min : -INFINITY,
	          has_max ? hard_max : INFINITY, rmin, rmax);
	if (decimals == 0) {
		*rmin = floor(*rmin);
		*rmax = ceil(*rmax);
	}
	if (has_min)
		*rmin = hard_min;
	if (has_max)
		*rmax = hard_max;
	if (*rmin >= *rmax) {
		*rmin = 0;
		*rmax = 100;
	}
	return true;
}

static void add_value_tick(struct value_axis *out, double v, const char *unit, int decimals)
{
	if (out->n >= TICKS_MAX)
		return;
	/* Grafana's axis filter with decimals 0 drops non-integer ticks */
	if (decimals == 0 && v != trunc(v))
		return;
	struct unit_value uv;
	units_format_axis(unit, v, decimals, out->decimals, &uv);
	struct tick *t = &out->ticks[out->n++];
	t->value = v;
	g_strlcpy(t->label, uv.prefix, sizeof t->label);
	g_strlcat(t->label, uv.text, sizeof t->label);
	g_strlcat(t->label, uv.suffix, sizeof t->label);
}

static double finite_or_nan(double v)
{
	return fabs(v) <= 1e300 ? v : NAN;
}

static void value_axis(double lo, double hi, double hard_min, double hard_max, double px,
                       double min_space_px, const char *unit, int decimals, bool binary,
                       struct value_axis *out)
{
	memset(out, 0, sizeof *out);
	out->min = out->max = NAN;
	/* ±Inf (Prometheus' "+Inf" samples, a min/max of 1e999) has no place on
	 * an axis: treated as absent.  Past ±1e300, hi - lo and the padding
	 * overflow to ±Inf, which uPlot's arithmetic then carries into NaN. */
	lo = finite_or_nan(lo);
	hi = finite_or_nan(hi);
	hard_min = finite_or_nan(hard_min);
	hard_max = finite_or_nan(hard_max);
	bool boolean = unit && g_str_has_prefix(unit, "bool");
	double rmin = 0, rmax = 1;
	if (!boolean && !value_range(lo, hi, hard_min, hard_max, decimals, &rmin, &rmax))
		return;
	out->min = rmin;
	out->max = rmax;

	struct incrs in;
	value_incrs(&in, binary);
	double incr, space;
	int dec;
	if (!find_incr(rmin, rmax, &in, px, min_space_px > 0 ? min_space_px : 30, &incr, &space,
	               &dec))
		return;
	out->step = incr;
	out->decimals = axis_decimals(incr);
	if (boolean) {
		add_value_tick(out, 0, unit, decimals);
		add_value_tick(out, 1, unit, decimals);
		return;
	}
	/* numAxisSplits */
	double v = round_dec(incr_round_up(rmin, incr), dec);
	for (; v <= rmax && out->n < TICKS_MAX; v = round_dec(v + incr, dec))
		add_value_tick(out, v == 0 ? 0 : v, unit, decimals);
}

void ticks_value_axis(double lo, double hi, double hard_min, double hard_max, double px,
                      double min_space_px, const char *unit, int decimals, struct value_axis *out)
{
	value_axis(lo, hi, hard_min, hard_max, px, min_space_px, unit, decimals,
	           units_base(unit) == 1024, out);
}

void ticks_value_axis_decimal(double lo, double hi, double hard_min, double hard_max, double px,
                              double min_space_px, const char *unit, int decimals,
                              struct value_axis *out)
{
	value_axis(lo, hi, hard_min, hard_max, px, min_space_px, unit, decimals, false, out);
}

/* ---- time axis ---- */

/* Days since 1970-01-01 of a proleptic Gregorian date; month may overflow
 * (13 = January next year), as JavaScript's Date.UTC allows. */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
	y += m >= 1 ? (m - 1) / 12 : -((12 - m) / 12);
	m = ((m - 1) % 12 + 12) % 12 + 1;
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Wall-clock fields of a "fake UTC" millisecond time (a wall time read as UTC). */
struct wall {
	int64_t year;
	int month, day, hour, min, sec, msec; /* month 1-12 */
};

static void wall_fields(double fake_ms, struct wall *w)
{
	int64_t ms = (int64_t)floor(fake_ms);
	int64_t days = ms >= 0 ? ms / 86400000 : -((-ms + 86399999) / 86400000);
	int64_t rem = ms - days * 86400000;
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	w->day = (int)(doy - (153 * mp + 2) / 5 + 1);
	w->month = (int)(mp < 10 ? mp + 3 : mp - 9);
	w->year = yoe + era * 400 + (w->month <= 2);
	w->hour = (int)(rem / 3600000);
	w->min = (int)(rem / 60000 % 60);
	w->sec = (int)(rem / 1000 % 60);
	w->msec = (int)(rem % 1000);
}

/* UTC offset in ms at an absolute ms time; tz NULL = UTC. */
static double tz_offset(GTimeZone *tz, double ms)
{
	if (!tz)
		return 0;
	gint64 secs = (gint64)floor(ms / 1000);
	int interval = g_time_zone_find_interval(tz, G_TIME_TYPE_UNIVERSAL, secs);
	return interval < 0 ? 0 : 1000.0 * g_time_zone_get_offset(tz, interval);
}

/* uPlot's tzDate: the wall time at `ms`, as a fake-UTC ms value. */
static double tz_wall(GTimeZone *tz, double ms)
{
	return ms + tz_offset(tz, ms);
}

static GTimeZone *tz_open(const char *name)
{
	if (timerange_zone_is_utc(name))
		return NULL;
	/* Only zones of the tz database, never a path (timerange_zone_open);
	 * the request already failed on a bad name when it parsed its time
	 * range, so UTC here is only for direct callers. */
	return timerange_zone_open(name, NULL);
}

/* Grafana's formatTime picks one format for all ticks from the step and range. */
enum time_fmt { TF_MS, TF_SEC, TF_MIN, TF_HOUR, TF_DAY, TF_MONTH, TF_YEAR };

static enum time_fmt time_format_for(double incr, double range)
{
	double year_day = units_js_round(MS_YEAR / MS_DAY) * MS_DAY;
	double incr_day = units_js_round(incr / MS_DAY) * MS_DAY;
	if (incr < MS_SEC)
		return TF_MS;
	if (incr <= MS_MIN)
		return TF_SEC;
	if (range <= MS_DAY)
		return TF_MIN;
	if (incr <= MS_DAY)
		return TF_HOUR;
	if (range < MS_YEAR)
		return TF_DAY;
	if (incr_day == year_day)
		return TF_YEAR;
	if (incr <= MS_YEAR)
		return TF_MONTH;
	return TF_YEAR;
}

/* systemDateFormats.interval: HH:mm:ss.SSS, HH:mm:ss, HH:mm, MM/DD HH:mm,
 * MM/DD, YYYY-MM, YYYY. */
static void format_time(GTimeZone *tz, double ms, enum time_fmt f, char *buf, size_t cap)
{
	struct wall w;
	wall_fields(tz_wall(tz, ms), &w);
	long long y = (long long)w.year;
	switch (f) {
	case TF_MS:
		snprintf(buf, cap, "%02d:%02d:%02d.%03d", w.hour, w.min, w.sec, w.msec);
		break;
	case TF_SEC:
		snprintf(buf, cap, "%02d:%02d:%02d", w.hour, w.min, w.sec);
		break;
	case TF_MIN:
		snprintf(buf, cap, "%02d:%02d", w.hour, w.min);
		break;
	case TF_HOUR:
		snprintf(buf, cap, "%02d/%02d %02d:%02d", w.month, w.day, w.hour, w.min);
		break;
	case TF_DAY:
		snprintf(buf, cap, "%02d/%02d", w.month, w.day);
		break;
	case TF_MONTH:
		snprintf(buf, cap, "%04lld-%02d", y, w.month);
		break;
	case TF_YEAR:
		snprintf(buf, cap, "%04lld", y);
		break;
	}
}

static void add_time_tick(struct time_axis *out, double ms)
{
	if (out->n < TICKS_MAX)
		out->ticks[out->n++].value = ms / 1000;
}

/* timeAxisSplits for months and years: the 1st of a month at midnight, wall time. */
static void month_splits(GTimeZone *tz, double lo, double hi, double incr, struct time_axis *out)
{
	bool is_yr = incr >= MS_YEAR;
	double mo_incr = is_yr ? 0 : incr / MS_MON, yr_incr = is_yr ? incr / MS_YEAR : 0;
	struct wall w;
	double min_date = tz_wall(tz, lo);
	wall_fields(min_date, &w);
	int64_t mon0 = is_yr ? 1 : w.month;
	double min_min = (double)days_from_civil(w.year, mon0, 1) * MS_DAY;
	double split = min_date == min_min ? min_date
	                                   : (double)days_from_civil(w.year + (int64_t)yr_incr,
	                                                             mon0 + (int64_t)mo_incr, 1) *
	                                             MS_DAY;
	wall_fields(split, &w);
	for (int64_t i = 0; split <= hi && out->n < TICKS_MAX; i++) {
		double next = (double)days_from_civil(w.year + (int64_t)yr_incr * i,
		                                      w.month + (int64_t)mo_incr * i, 1) *
		              MS_DAY;
		split = next - tz_offset(tz, next);
		if (split <= hi)
			add_time_tick(out, split);
	}
}

/* timeAxisSplits below a month: from wall midnight in steps of incr, with
 * uPlot's correction for DST shifts and its 70 % spacing filter. */
static void day_splits(GTimeZone *tz, double lo, double hi, double incr, double found_space,
                       double min_space, struct time_axis *out)
{
	double incr0 = incr >= MS_DAY ? MS_DAY : incr;
	double min_date = tz_wall(tz, lo);
	double min_min = floor(min_date / MS_DAY) * MS_DAY;
	double split =
	        min_min + (floor(lo) - floor(min_date)) + incr_round_up(min_date - min_min, incr0);
	add_time_tick(out, split);
	struct wall w;
	wall_fields(tz_wall(tz, split), &w);
	/* sic: uPlot divides minutes by a minute in ms */
	double prev_hour = w.hour + w.min / MS_MIN + w.sec / MS_HOUR;
	double incr_hours = incr / MS_HOUR, pct_space = found_space / min_space;
	double prev_split = split;
	while (out->n < TICKS_MAX) {
		split = round_dec(split + incr, 0);
		if (split > hi)
			break;
		if (!(incr_hours > 1)) {
			add_time_tick(out, split);
			continue;
		}
		int expected = (int)fmod(floor(round_dec(prev_hour + incr_hours, 6)), 24);
		wall_fields(tz_wall(tz, split), &w);
		int shift = w.hour - expected;
		if (shift > 1)
			shift = -1;
		split -= shift * MS_HOUR;
		prev_hour = fmod(prev_hour + incr_hours, 24);
		if (round_dec((split - prev_split) / incr, 3) * pct_space >= .7) {
			add_time_tick(out, split);
			prev_split = split;
		}
	}
}

/* Without a measured label: Inter at 12 px, roughly (digits 7 px, ':' 3 px,
 * '/' 4 px, '-' and ' ' 4 px), + Grafana's 18 px. */
static double estimate_space(const char *label)
{
	double w = 18;
	for (const char *c = label; *c; c++)
		w += g_ascii_isdigit(*c) ? 7.2 : *c == ':' || *c == '.' ? 3.2 : 4.2;
	return w;
}

/* JavaScript's Date covers ±8.64e15 ms (±100 million days); past it Grafana
 * has an Invalid Date and no ticks.  Keeping inside it also keeps the
 * calendar arithmetic in int64 (ms ±9.2e18). */
#define JS_DATE_MAX_MS 8.64e15

static bool js_date_range(double lo, double hi)
{
	return fabs(lo) <= JS_DATE_MAX_MS && fabs(hi) <= JS_DATE_MAX_MS;
}

size_t ticks_time_sample_label(double from, double to, double px, const char *tz_name, char *buf,
                               size_t cap)
{
	if (cap == 0)
		return 0;
	buf[0] = '\0';
	double lo = from * 1000, hi = to * 1000;
	if (!(px > 0) || !(hi > lo) || !js_date_range(lo, hi))
		return 0;
	GTimeZone *tz = tz_open(tz_name);
	double increment = (hi - lo) / (px / 40);
	format_time(tz, lo, time_format_for(increment, hi - lo), buf, cap);
	if (tz)
		g_time_zone_unref(tz);
	return strlen(buf);
}

void ticks_time_label(double t, double step, double from, double to, const char *tz_name,
                      char *buf, size_t cap)
{
	if (cap == 0)
		return;
	buf[0] = '\0';
	if (!js_date_range(from * 1000, to * 1000) || !js_date_range(t * 1000, t * 1000))
		return;
	GTimeZone *tz = tz_open(tz_name);
	format_time(tz, t * 1000, time_format_for(step * 1000, (to - from) * 1000), buf, cap);
	if (tz)
		g_time_zone_unref(tz);
}

void ticks_time_axis(double from, double to, double px, double min_space_px, const char *tz_name,
                     struct time_axis *out)
{
	memset(out, 0, sizeof *out);
	double lo = from * 1000, hi = to * 1000;
	if (!(px > 0) || !(hi > lo) || !js_date_range(lo, hi))
		return;
	if (!(min_space_px > 0)) {
		char sample[48];
		ticks_time_sample_label(from, to, px, tz_name, sample, sizeof sample);
		min_space_px = estimate_space(sample);
	}
	struct incrs in;
	time_incrs(&in);
	double incr, space;
	int dec;
	if (!find_incr(lo, hi, &in, px, min_space_px, &incr, &space, &dec))
		return;
	GTimeZone *tz = tz_open(tz_name);
	if (incr >= MS_MON)
		month_splits(tz, lo, hi, incr, out);
	else
		day_splits(tz, lo, hi, incr, space, min_space_px, out);
	enum time_fmt f = time_format_for(incr, hi - lo);
	for (size_t i = 0; i < out->n; i++)
		format_time(tz, out->ticks[i].value * 1000, f, out->ticks[i].label,
		            sizeof out->ticks[i].label);
	out->step = incr / 1000;
	if (tz)
		g_time_zone_unref(tz);
}

void ticks_log_axis(double lo, double hi, double b, const char *unit, int decimals,
	struct value_axis *out)
{
	if (!(lo > 0))
		lo = hi > 0 ? hi / b : 1;
	if (!(hi > lo))
		hi = lo * b;
	/* an exact power is its own end (log(1000)/log(10) is 2.9999…) */
	double e0 = floor(log(lo) / log(b) + 1e-9), e1 = ceil(log(hi) / log(b) - 1e-9);
	if (e1 <= e0)
		e1 = e0 + 1;
	out->min = pow(b, e0);
	out->max = pow(b, e1);
	out->n = 0;
	for (double e = e0; e <= e1 && out->n < TICKS_MAX; e++) {
		struct tick *t = &out->ticks[out->n++];
		t->value = pow(b, e);
		units_format_str(unit, t->value, decimals, t->label, sizeof t->label);
	}
}
