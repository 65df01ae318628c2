/*
 * fuzz_units.c — value formatting and axis ticks with a fuzzed unit id,
 * values and decimals.  Input: 8 bytes of a double (any bits: NaN, ±inf,
 * subnormals), 8 more for a second value, 1 byte of decimals (-1..20 and
 * wild values), then the unit text.  Formats with units_format / _str /
 * _axis and JavaScript's String(v), then lays out a value axis over [a, b]
 * in that unit and a time axis over [a, b] seconds.
 */
#include "tests/fuzz/fuzz.h"

#include <math.h>

#include "render/ticks.h"
#include "render/units.h"

static double take_double(const uint8_t **p, size_t *n)
{
	double v = 0;
	if (*n >= sizeof v) {
		memcpy(&v, *p, sizeof v);
		*p += sizeof v;
		*n -= sizeof v;
	}
	return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data;
	size_t n = size;
	double a = take_double(&p, &n), b = take_double(&p, &n);
	int decimals = -1;
	if (n) {
		decimals = (int)(int8_t)p[0];
		p++;
		n--;
	}
	char *unit = fuzz_cstr(p, n);
	struct unit_value uv;
	char buf[128];

	units_format(unit, a, decimals, &uv);
	units_format_str(unit, b, decimals, buf, sizeof buf);
	units_format_axis(unit, a, decimals, decimals > 0 ? decimals : 0, &uv);
	units_format_axis(unit, b, -1, 3, &uv);
	units_js_number(a, buf, sizeof buf);
	units_js_round(a);
	units_base(unit);
	units_known(unit);
	units_support(unit);

	struct value_axis va;
	ticks_value_axis(fmin(a, b), fmax(a, b), NAN, NAN, 300, 0, unit, decimals, &va);
	ticks_value_axis(a, b, a, NAN, fabs(fmod(b, 5000)), 30, unit, -1, &va);
	struct time_axis ta;
	ticks_time_axis(fmin(a, b), fmax(a, b), 800, 0, "utc", &ta);
	free(unit);
	return 0;
}
