/*
 * fuzz_time.c — time expressions and durations on arbitrary text: the first
 * line is parsed as a time (from and to, with `now` fixed) and as a
 * duration; the second line, if any, is the dashboard's time zone.  What
 * parses must be finite (durations within [0, DURATION_MAX_SECONDS]) and a
 * parsed duration must format without overflow.
 */
#include "tests/fuzz/fuzz.h"

#include <math.h>

#include "base/duration.h"
#include "dashboards/timerange.h"

#define NOW 1767225600.0

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstr(data, size);
	char *tz = fuzz_split(text);
	struct cairn_err err = {0};
	double t = 0, d = 0;
	char buf[64];

	for (int is_end = 0; is_end < 2; is_end++) {
		/* the end without an error struct: err may be NULL */
		if (time_parse(text, NOW, is_end, tz, &t, is_end ? NULL : &err) == 0) {
			if (!isfinite(t))
				abort();
		} else if (!is_end && !err.msg[0]) {
			abort();
		}
		err.msg[0] = '\0';
	}
	if (duration_parse(text, &d, &err) == 0) {
		if (!(d >= 0 && d <= DURATION_MAX_SECONDS))
			abort();
		duration_format(d, buf, sizeof buf);
		duration_format(-d, buf, sizeof buf);
	} else if (!err.msg[0]) {
		abort();
	}
	timerange_zone_check(text, NULL);
	duration_parse(tz, &d, NULL);
	free(text);
	return 0;
}
