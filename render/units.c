/*
 * units.c — Grafana's value formatting: a C port of @grafana/data 10.4's
 * valueFormats (getValueFormat(unit)(value, decimals)), checked case by case
 * against the npm package (tests/oracle/units_cases.txt).
 *
 * Owns: the unit table, JavaScript's number-to-string rules (Grafana's output
 * is whatever String(number) prints), toFixed/getDecimalsForValue, scaled
 * units.  Does not own: date/time-of-day units (dateTime*, "time:FMT"), which
 * cairn formats as plain numbers, and thresholds or value mappings.
 */
#include "render/units.h"

#include <glib.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A bounded string builder over a caller's array: appends truncate. */
struct sb {
	char *p;
	size_t cap, len;
};

static void sb_init(struct sb *b, char *p, size_t cap)
{
	b->p = p;
	b->cap = cap;
	b->len = 0;
	p[0] = '\0';
}

static void sb_putn(struct sb *b, const char *s, size_t n)
{
	if (b->len + 1 >= b->cap)
		return;
	size_t room = b->cap - 1 - b->len;
	if (n > room)
		n = room;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void sb_puts(struct sb *b, const char *s)
{
	sb_putn(b, s, strlen(s));
}

static void sb_putc(struct sb *b, char c)
{
	sb_putn(b, &c, 1);
}

static void set_str(char *dst, size_t cap, const char *s)
{
	g_strlcpy(dst, s, cap);
}

/* ---- JavaScript number semantics ---- */

/* The shortest decimal digits that read back as |x| (what V8 prints):
 * digits without a point, and the exponent of the first digit. */
struct digits {
	char d[24];
	int k; /* number of digits */
	int e; /* x = 0.d × 10^(e+1) */
};

static void shortest_digits(double x, struct digits *out)
{
	char tmp[40];
	x = fabs(x);
	for (int p = 1; p <= 17; p++) {
		snprintf(tmp, sizeof tmp, "%.*e", p - 1, x);
		if (strtod(tmp, NULL) == x)
			break;
	}
	char *ep = strchr(tmp, 'e');
	out->e = (int)strtol(ep + 1, NULL, 10);
	out->k = 0;
	for (const char *c = tmp; c < ep; c++)
		if (*c >= '0' && *c <= '9')
			out->d[out->k++] = *c;
	while (out->k > 1 && out->d[out->k - 1] == '0')
		out->k--;
	out->d[out->k] = '\0';
}

/* Number.prototype.toString() (ECMA-262 Number::toString, radix 10). */
static void js_num(struct sb *b, double x)
{
	if (isnan(x)) {
		sb_puts(b, "NaN");
		return;
	}
	if (isinf(x)) {
		sb_puts(b, x < 0 ? "-Infinity" : "Infinity");
		return;
	}
	if (x == 0) {
		sb_putc(b, '0');
		return;
	}
	if (x < 0)
		sb_putc(b, '-');
	struct digits g;
	shortest_digits(x, &g);
	int k = g.k, n = g.e + 1;
	if (k <= n && n <= 21) {
		sb_puts(b, g.d);
		for (int i = k; i < n; i++)
			sb_putc(b, '0');
	} else if (0 < n && n <= 21) {
		sb_putn(b, g.d, (size_t)n);
		sb_putc(b, '.');
		sb_puts(b, g.d + n);
	} else if (-6 < n && n <= 0) {
		sb_puts(b, "0.");
		for (int i = n; i < 0; i++)
			sb_putc(b, '0');
		sb_puts(b, g.d);
	} else {
		char exp[16];
		sb_putc(b, g.d[0]);
		if (k > 1) {
			sb_putc(b, '.');
			sb_puts(b, g.d + 1);
		}
		snprintf(exp, sizeof exp, "e%c%d", n - 1 < 0 ? '-' : '+', abs(n - 1));
		sb_puts(b, exp);
	}
}

/* Math.pow(10, n) as V8 computes it (fdlibm's pow, which is not correctly
 * rounded: 10^-5 is 9.999999999999999e-6), bit patterns taken from node 20
 * for n in [-40, 40]; glibc's pow outside. */
static const uint64_t v8_pow10_bits[] = {
        0x37a16c262777579cULL, 0x37d5c72fb1552d84ULL, 0x380b38fb9daa78e4ULL, 0x3841039d428a8b8fULL,
        0x38754484932d2e72ULL, 0x38aa95a5b7f87a0fULL, 0x38e09d8792fb4c49ULL, 0x3914c4e977ba1f5cULL,
        0x3949f623d5a8a732ULL, 0x398039d665896880ULL, 0x39b4484bfeebc2a0ULL, 0x39e95a5efea6b348ULL,
        0x3a1fb0f6be506019ULL, 0x3a53ce9a36f23c10ULL, 0x3a88c240c4aecb14ULL, 0x3abef2d0f5da7dd9ULL,
        0x3af357c299a88ea8ULL, 0x3b282db34012b252ULL, 0x3b5e392010175ee6ULL, 0x3b92e3b40a0e9b50ULL,
        0x3bc79ca10c924224ULL, 0x3bfd83c94fb6d2acULL, 0x3c32725dd1d243acULL, 0x3c670ef54646d496ULL,
        0x3c9cd2b297d889bcULL, 0x3cd203af9ee75616ULL, 0x3d06849b86a12b9bULL, 0x3d3c25c268497682ULL,
        0x3d719799812dea11ULL, 0x3da5fd7fe1796495ULL, 0x3ddb7cdfd9d7bdbbULL, 0x3e112e0be826d695ULL,
        0x3e45798ee2308c3aULL, 0x3e7ad7f29abcaf48ULL, 0x3eb0c6f7a0b5ed8dULL, 0x3ee4f8b588e368f0ULL,
        0x3f1a36e2eb1c432cULL, 0x3f50624dd2f1a9fcULL, 0x3f847ae147ae147bULL, 0x3fb999999999999aULL,
        0x3ff0000000000000ULL, 0x4024000000000000ULL, 0x4059000000000000ULL, 0x408f400000000000ULL,
        0x40c3880000000000ULL, 0x40f86a0000000000ULL, 0x412e848000000000ULL, 0x416312d000000000ULL,
        0x4197d78400000000ULL, 0x41cdcd6500000000ULL, 0x4202a05f20000000ULL, 0x42374876e8000000ULL,
        0x426d1a94a2000000ULL, 0x42a2309ce5400000ULL, 0x42d6bcc41e900000ULL, 0x430c6bf526340000ULL,
        0x4341c37937e08000ULL, 0x4376345785d8a000ULL, 0x43abc16d674ec800ULL, 0x43e158e460913d00ULL,
        0x4415af1d78b58c40ULL, 0x444b1ae4d6e2ef50ULL, 0x4480f0cf064dd592ULL, 0x44b52d02c7e14af6ULL,
        0x44ea784379d99db4ULL, 0x45208b2a2c280291ULL, 0x4554adf4b7320334ULL, 0x4589d971e4fe8402ULL,
        0x45c027e72f1f1281ULL, 0x45f431e0fae6d722ULL, 0x46293e5939a08ceaULL, 0x465f8def8808b024ULL,
        0x4693b8b5b5056e17ULL, 0x46c8a6e32246c99cULL, 0x46fed09bead87c04ULL, 0x4733426172c74d82ULL,
        0x476812f9cf7920e2ULL, 0x479e17b84357691bULL, 0x47d2ced32a16a1b1ULL, 0x48078287f49c4a1eULL,
        0x483d6329f1c35ca5ULL,
};

double units_js_pow10(int n)
{
	if (n < -40 || n > 40)
		return pow(10, n);
	double d;
	memcpy(&d, &v8_pow10_bits[n + 40], sizeof d);
	return d;
}

/* Math.round: the nearest integer, ties toward +∞, and -0 for (-0.5, 0). */
double units_js_round(double x)
{
	if (!isfinite(x) || fabs(x) >= 4503599627370496.0)
		return x;
	double r = floor(x);
	if (x - r >= 0.5)
		r += 1;
	return r;
}

/* Grafana's getDecimalsForValue: about two significant digits. */
static int decimals_for(double value)
{
	/* JS reaches 0 for these through NaN and ±Infinity (value % 1 === 0 for
	 * 0; Math.max(0, -Infinity)); C may not convert ±inf to int. */
	if (value == 0 || !isfinite(value))
		return 0;
	double abs_value = fabs(value);
	double log10v = floor(log(abs_value) / M_LN10);
	double dec = -log10v + 1;
	double magn = units_js_pow10((int)-dec);
	double norm = abs_value / magn;
	if (norm > 2.25)
		++dec;
	if (fmod(value, 1) == 0)
		dec = 0;
	return dec > 0 ? (int)dec : 0;
}

/* Grafana's toFixed(value, decimals); decimals < 0 means automatic.  Decimals
 * are capped at 20 (beyond that JS prints exponents and Grafana's padding breaks). */
static void to_fixed(struct sb *b, double value, int decimals)
{
	if (isnan(value)) {
		/* Grafana pads even NaN: "NaN.00" for 2 decimals */
		sb_puts(b, "NaN");
		if (decimals > 0)
			sb_putc(b, '.');
		for (int i = 0; i < MIN(decimals, 20); i++)
			sb_putc(b, '0');
		return;
	}
	if (isinf(value)) {
		sb_puts(b, value < 0 ? "-∞" : "∞");
		return;
	}
	if (decimals < 0)
		decimals = decimals_for(value);
	if (decimals > 20)
		decimals = 20;
	if (value == 0) {
		sb_putc(b, '0');
		if (decimals > 0)
			sb_putc(b, '.');
		for (int i = 0; i < decimals; i++)
			sb_putc(b, '0');
		return;
	}
	double factor = decimals ? units_js_pow10(decimals) : 1;
	double r = units_js_round(value * factor) / factor;
	size_t start = b->len;
	js_num(b, r == 0 ? 0 : r);
	const char *s = b->p + start;
	if (strchr(s, 'e'))
		return;
	const char *dot = strchr(s, '.');
	int precision = dot ? (int)strlen(dot + 1) : 0;
	if (precision >= decimals)
		return;
	if (!dot)
		sb_putc(b, '.');
	for (int i = precision; i < decimals; i++)
		sb_putc(b, '0');
}

/* ---- formatter kinds ---- */

// clang-format off
enum kind {
	K_NONE,      /* toFixedUnit: sym as " sym" suffix, or no suffix when empty */
	K_PREFIX,    /* toFixedUnit(sym, asPrefix) */
	K_SCALED,    /* scaledUnits(1000, ext) */
	K_SI,        /* SIPrefix(sym, offset) */
	K_BIN,       /* binaryPrefix(sym, offset) */
	K_COUNT,     /* simpleCountUnit(sym) */
	K_CURRENCY,  /* currency(sym), offset 1 = symbol as suffix */
	K_PERCENT,
	K_PERCENTUNIT,
	K_NS, K_US, K_MS, K_S, K_MIN, K_HOUR, K_DAY,
	K_DUR_MS, K_DUR_S, K_DTHMS, K_DTDHMS, K_TIMETICKS, K_CLOCK_MS, K_CLOCK_S,
	K_BOOL,      /* sym / sym2 */
	K_HEX, K_HEX0X, K_SCI, K_LOCALE, K_STRING,
};
// clang-format on

struct unit_def {
	const char *id;
	enum kind kind;
	const char *sym;        /* symbol; "true" text for K_BOOL */
	const char *sym2;       /* "false" text for K_BOOL */
	int offset;             /* prefix offset (kbytes: 1); K_CURRENCY: 1 = symbol as suffix */
	const char *const *ext; /* K_SCALED: NULL-terminated suffixes */
};

// clang-format off
static const char *const short_ext[] = { "", " K", " Mil", " Bil", " Tri", " Quadr", " Quint",
	" Sext", " Sept", NULL };
static const char *const count_ext[] = { "", "K", "M", "B", "T", NULL };
static const char *const psi_ext[] = { "psi", "ksi", "Mpsi", NULL };

static const char *const si_prefixes[] = { "f", "p", "n", "µ", "m", "", "k", "M", "G", "T", "P",
	"E", "Z", "Y" };
enum { SI_N = 14, SI_BASE = 5 };
static const char *const bin_prefixes[] = { "", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi" };
enum { BIN_N = 9 };

#define FIX(i, s) { .id = i, .kind = K_NONE, .sym = s }
#define SI(i, s, o) { .id = i, .kind = K_SI, .sym = s, .offset = o }
#define BIN(i, s, o) { .id = i, .kind = K_BIN, .sym = s, .offset = o }
#define CNT(i, s) { .id = i, .kind = K_COUNT, .sym = s }
#define CUR(i, s) { .id = i, .kind = K_CURRENCY, .sym = s }
#define CURS(i, s) { .id = i, .kind = K_CURRENCY, .sym = s, .offset = 1 }
#define KIND(i, k) { .id = i, .kind = k }
#define SCALED(i, e) { .id = i, .kind = K_SCALED, .ext = e }
#define BOOL(i, t, f) { .id = i, .kind = K_BOOL, .sym = t, .sym2 = f }
// clang-format on

// clang-format off
/* @grafana/data 10.4 getCategories(), minus the date-time units. */
static const struct unit_def unit_table[] = {
	FIX("none", ""), KIND("string", K_STRING), SCALED("short", short_ext),
	KIND("percent", K_PERCENT), KIND("percentunit", K_PERCENTUNIT), FIX("humidity", "%H"),
	FIX("dB", "dB"), SI("candela", "cd", 0), KIND("hex0x", K_HEX0X), KIND("hex", K_HEX),
	KIND("sci", K_SCI), KIND("locale", K_LOCALE), FIX("pixel", "px"),
	FIX("accMS2", "m/sec²"), FIX("accFS2", "f/sec²"), FIX("accG", "g"),
	FIX("degree", "°"), FIX("radian", "rad"), FIX("grad", "grad"), FIX("arcmin", "arcmin"),
	FIX("arcsec", "arcsec"),
	FIX("areaM2", "m²"), FIX("areaF2", "ft²"), FIX("areaMI2", "mi²"), FIX("acres", "ac"),
	FIX("hectares", "ha"),
	SI("flops", "FLOPS", 0), SI("mflops", "FLOPS", 2), SI("gflops", "FLOPS", 3),
	SI("tflops", "FLOPS", 4), SI("pflops", "FLOPS", 5), SI("eflops", "FLOPS", 6),
	SI("zflops", "FLOPS", 7), SI("yflops", "FLOPS", 8),
	FIX("ppm", "ppm"), FIX("conppb", "ppb"), FIX("conngm3", "ng/m³"), FIX("conngNm3", "ng/Nm³"),
	FIX("conμgm3", "μg/m³"), FIX("conμgNm3", "μg/Nm³"), FIX("conmgm3", "mg/m³"),
	FIX("conmgNm3", "mg/Nm³"), FIX("congm3", "g/m³"), FIX("congNm3", "g/Nm³"),
	FIX("conmgdL", "mg/dL"), FIX("conmmolL", "mmol/L"),
	CUR("currencyUSD", "$"), CUR("currencyGBP", "£"), CUR("currencyEUR", "€"),
	CUR("currencyJPY", "¥"), CUR("currencyRUB", "₽"), CUR("currencyUAH", "₴"),
	CUR("currencyBRL", "R$"), CURS("currencyDKK", "kr"), CURS("currencyISK", "kr"),
	CURS("currencyNOK", "kr"), CURS("currencySEK", "kr"), CUR("currencyCZK", "czk"),
	CUR("currencyCHF", "CHF"), CUR("currencyPLN", "PLN"), CUR("currencyBTC", "฿"),
	CUR("currencymBTC", "mBTC"), CUR("currencyμBTC", "μBTC"), CUR("currencyZAR", "R"),
	CUR("currencyINR", "₹"), CUR("currencyKRW", "₩"), CUR("currencyIDR", "Rp"),
	CUR("currencyPHP", "PHP"), CURS("currencyVND", "đ"), CURS("currencyTRY", "₺"),
	CUR("currencyMYR", "RM"), CUR("currencyXPF", "XPF"), CUR("currencyBGN", "BGN"),
	CUR("currencyPYG", "₲"),
	BIN("bytes", "B", 0), SI("decbytes", "B", 0), BIN("bits", "b", 0), SI("decbits", "b", 0),
	BIN("kbytes", "B", 1), SI("deckbytes", "B", 1), BIN("mbytes", "B", 2),
	SI("decmbytes", "B", 2), BIN("gbytes", "B", 3), SI("decgbytes", "B", 3),
	BIN("tbytes", "B", 4), SI("dectbytes", "B", 4), BIN("pbytes", "B", 5),
	SI("decpbytes", "B", 5),
	SI("pps", "p/s", 0), BIN("binBps", "B/s", 0), SI("Bps", "B/s", 0), BIN("binbps", "b/s", 0),
	SI("bps", "b/s", 0), BIN("KiBs", "B/s", 1), BIN("Kibits", "b/s", 1), SI("KBs", "B/s", 1),
	SI("Kbits", "b/s", 1), BIN("MiBs", "B/s", 2), BIN("Mibits", "b/s", 2), SI("MBs", "B/s", 2),
	SI("Mbits", "b/s", 2), BIN("GiBs", "B/s", 3), BIN("Gibits", "b/s", 3), SI("GBs", "B/s", 3),
	SI("Gbits", "b/s", 3), BIN("TiBs", "B/s", 4), BIN("Tibits", "b/s", 4), SI("TBs", "B/s", 4),
	SI("Tbits", "b/s", 4), BIN("PiBs", "B/s", 5), BIN("Pibits", "b/s", 5), SI("PBs", "B/s", 5),
	SI("Pbits", "b/s", 5),
	SI("watt", "W", 0), SI("kwatt", "W", 1), SI("megwatt", "W", 2), SI("gwatt", "W", 3),
	SI("mwatt", "W", -1), FIX("Wm2", "W/m²"), SI("voltamp", "VA", 0), SI("kvoltamp", "VA", 1),
	SI("voltampreact", "VAr", 0), SI("kvoltampreact", "VAr", 1), SI("watth", "Wh", 0),
	SI("watthperkg", "Wh/kg", 0), SI("kwatth", "Wh", 1), SI("kwattm", "W-Min", 1),
	SI("mwatth", "Wh", 2), SI("amph", "Ah", 0), SI("kamph", "Ah", 1), SI("mamph", "Ah", -1),
	SI("joule", "J", 0), SI("ev", "eV", 0), SI("amp", "A", 0), SI("kamp", "A", 1),
	SI("mamp", "A", -1), SI("volt", "V", 0), SI("kvolt", "V", 1), SI("mvolt", "V", -1),
	SI("dBm", "dBm", 0), SI("mohm", "Ω", -1), SI("ohm", "Ω", 0), SI("kohm", "Ω", 1),
	SI("Mohm", "Ω", 2), SI("farad", "F", 0), SI("µfarad", "F", -2), SI("nfarad", "F", -3),
	SI("pfarad", "F", -4), SI("ffarad", "F", -5), SI("henry", "H", 0), SI("mhenry", "H", -1),
	SI("µhenry", "H", -2), SI("lumens", "Lm", 0),
	FIX("flowgpm", "gpm"), FIX("flowcms", "cms"), FIX("flowcfs", "cfs"), FIX("flowcfm", "cfm"),
	FIX("litreh", "L/h"), FIX("flowlpm", "L/min"), FIX("flowmlpm", "mL/min"), FIX("lux", "lux"),
	SI("forceNm", "Nm", 0), SI("forcekNm", "Nm", 1), SI("forceN", "N", 0),
	SI("forcekN", "N", 1),
	SI("Hs", "H/s", 0), SI("KHs", "H/s", 1), SI("MHs", "H/s", 2), SI("GHs", "H/s", 3),
	SI("THs", "H/s", 4), SI("PHs", "H/s", 5), SI("EHs", "H/s", 6),
	SI("massmg", "g", -1), SI("massg", "g", 0), FIX("masslb", "lb"), SI("masskg", "g", 1),
	FIX("masst", "t"),
	SI("lengthmm", "m", -1), FIX("lengthin", "in"), FIX("lengthft", "ft"), SI("lengthm", "m", 0),
	SI("lengthkm", "m", 1), FIX("lengthmi", "mi"),
	SI("pressurembar", "bar", -1), SI("pressurebar", "bar", 0), SI("pressurekbar", "bar", 1),
	SI("pressurepa", "Pa", 0), FIX("pressurehpa", "hPa"), FIX("pressurekpa", "kPa"),
	FIX("pressurehg", "\"Hg"), SCALED("pressurepsi", psi_ext),
	SI("radbq", "Bq", 0), SI("radci", "Ci", 0), SI("radgy", "Gy", 0), SI("radrad", "rad", 0),
	SI("radsv", "Sv", 0), SI("radmsv", "Sv", -1), SI("radusv", "Sv", -2), SI("radrem", "rem", 0),
	SI("radexpckg", "C/kg", 0), SI("radr", "R", 0), SI("radsvh", "Sv/h", 0),
	SI("radmsvh", "Sv/h", -1), SI("radusvh", "Sv/h", -2),
	FIX("rotrpm", "rpm"), SI("rothz", "Hz", 0), SI("rotkhz", "Hz", 1), SI("rotmhz", "Hz", 2),
	SI("rotghz", "Hz", 3), FIX("rotrads", "rad/s"), FIX("rotdegs", "°/s"),
	FIX("celsius", "°C"), FIX("fahrenheit", "°F"), FIX("farenheit", "°F"), FIX("kelvin", "K"),
	SI("hertz", "Hz", 0), KIND("ns", K_NS), KIND("µs", K_US), KIND("ms", K_MS), KIND("s", K_S),
	KIND("m", K_MIN), KIND("h", K_HOUR), KIND("d", K_DAY), KIND("dtdurationms", K_DUR_MS),
	KIND("dtdurations", K_DUR_S), KIND("dthms", K_DTHMS), KIND("dtdhms", K_DTDHMS),
	KIND("timeticks", K_TIMETICKS), KIND("clockms", K_CLOCK_MS), KIND("clocks", K_CLOCK_S),
	CNT("cps", "c/s"), CNT("ops", "ops/s"), CNT("reqps", "req/s"), CNT("rps", "rd/s"),
	CNT("wps", "wr/s"), CNT("iops", "io/s"), CNT("eps", "evt/s"), CNT("mps", "msg/s"),
	CNT("recps", "rec/s"), CNT("rowsps", "rows/s"), CNT("cpm", "c/m"), CNT("opm", "ops/m"),
	CNT("reqpm", "req/m"), CNT("rpm", "rd/m"), CNT("wpm", "wr/m"), CNT("epm", "evts/m"),
	CNT("mpm", "msgs/m"), CNT("recpm", "rec/m"), CNT("rowspm", "rows/m"),
	FIX("velocityms", "m/s"), FIX("velocitykmh", "km/h"), FIX("velocitymph", "mph"),
	FIX("velocityknot", "kn"),
	SI("mlitre", "L", -1), SI("litre", "L", 0), FIX("m3", "m³"), FIX("Nm3", "Nm³"),
	FIX("dm3", "dm³"), FIX("gallons", "gal"),
	BOOL("bool", "True", "False"), BOOL("bool_yes_no", "Yes", "No"), BOOL("bool_on_off", "On", "Off"),
};
// clang-format on

static const struct unit_def *find_unit(const char *id)
{
	for (size_t i = 0; i < G_N_ELEMENTS(unit_table); i++)
		if (strcmp(unit_table[i].id, id) == 0)
			return &unit_table[i];
	return NULL;
}

/* ---- scaled units ---- */

/* scaledUnits(factor, ext[n], offset): the suffix index and the power of
 * factor that size is divided by. */
static void scale_pick(double size, double factor, int n, int offset, int *ext_idx, int *power)
{
	int si = size == 0 ? 0 : (int)floor(log10(fabs(size)) / log10(factor));
	*ext_idx = CLAMP(offset + si, 0, n - 1);
	*power = CLAMP(si, -offset, n - offset - 1);
}

/* Text of a scaled value; false (and no suffix) for ±Inf/NaN, which Grafana
 * prints without a unit. */
static bool scaled_text(struct unit_value *out, double v, int decimals, double factor, int n,
                        int offset, int *ext_idx)
{
	struct sb t;
	sb_init(&t, out->text, sizeof out->text);
	if (!isfinite(v)) {
		to_fixed(&t, v, 0);
		return false;
	}
	int power;
	scale_pick(v, factor, n, offset, ext_idx, &power);
	/* 1000^p as V8 has it (the same bits as 10^3p over the range used) */
	to_fixed(&t, v / (factor == 1000 ? units_js_pow10(3 * power) : ldexp(1, 10 * power)),
	         decimals);
	return true;
}

static bool fmt_scaled(struct unit_value *out, double v, int decimals, const char *const *ext)
{
	int n = 0, idx;
	while (ext[n])
		n++;
	if (!scaled_text(out, v, decimals, 1000, n, 0, &idx))
		return false;
	set_str(out->suffix, sizeof out->suffix, ext[idx]);
	return true;
}

/* SIPrefix / binaryPrefix: " " + prefix + symbol. */
static void fmt_prefixed(struct unit_value *out, double v, int decimals, bool binary,
                         const char *sym, int offset)
{
	const char *const *pfx = binary ? bin_prefixes : si_prefixes;
	int n = binary ? BIN_N : SI_N;
	int idx;
	if (!binary)
		offset += SI_BASE;
	if (!scaled_text(out, v, decimals, binary ? 1024 : 1000, n, offset, &idx))
		return;
	struct sb s;
	sb_init(&s, out->suffix, sizeof out->suffix);
	sb_putc(&s, ' ');
	sb_puts(&s, pfx[idx]);
	sb_puts(&s, sym);
}

/* simpleCountUnit.  Grafana appends to an undefined suffix for ±Inf/NaN and
 * shows "∞undefined req/s"; cairn shows "∞ req/s". */
static void fmt_count(struct unit_value *out, double v, int decimals, const char *sym)
{
	fmt_scaled(out, v, decimals, count_ext);
	struct sb s = {out->suffix, sizeof out->suffix, strlen(out->suffix)};
	sb_putc(&s, ' ');
	sb_puts(&s, sym);
}

static void fmt_currency(struct unit_value *out, double v, int decimals, const char *sym,
                         bool as_suffix)
{
	bool negative = v < 0;
	bool has_suffix = fmt_scaled(out, fabs(v), decimals, count_ext);
	if (as_suffix && has_suffix)
		g_strlcat(out->suffix, sym, sizeof out->suffix);
	if (!as_suffix)
		set_str(out->prefix, sizeof out->prefix, sym);
	if (negative) {
		char p[sizeof out->prefix];
		struct sb b;
		sb_init(&b, p, sizeof p);
		sb_putc(&b, '-');
		sb_puts(&b, out->prefix);
		set_str(out->prefix, sizeof out->prefix, p);
	}
}

/* toFixedUnit: "text suffix" or "prefix text". */
static void fmt_fixed_unit(struct unit_value *out, double v, int decimals, const char *sym,
                           bool as_prefix)
{
	struct sb t;
	sb_init(&t, out->text, sizeof out->text);
	to_fixed(&t, v, decimals);
	if (!sym[0])
		return;
	if (as_prefix) {
		set_str(out->prefix, sizeof out->prefix, sym);
		return;
	}
	snprintf(out->suffix, sizeof out->suffix, " %s", sym);
}

/* ---- time units ---- */

/* toFixedScaled (plural_ok) or plain toFixed + ext: only the first pluralises
 * the larger time words above 1. */
static void fixed_scaled2(struct unit_value *out, double v, int decimals, const char *ext,
                          bool plural_ok)
{
	static const char *const plural[] = {" min", " hour", " day", " week", " year"};
	struct sb t;
	sb_init(&t, out->text, sizeof out->text);
	to_fixed(&t, v, decimals);
	bool add_s = false;
	if (plural_ok && fabs(v) > 1)
		for (size_t i = 0; i < G_N_ELEMENTS(plural); i++)
			add_s = add_s || strcmp(ext, plural[i]) == 0;
	snprintf(out->suffix, sizeof out->suffix, "%s%s", ext, add_s ? "s" : "");
}

static void fixed_scaled(struct unit_value *out, double v, int decimals, const char *ext)
{
	fixed_scaled2(out, v, decimals, ext, true);
}

/* One rung of a time ladder: below `below`, divide by `div` and name it `ext`. */
struct rung {
	double below, div;
	const char *ext;
};

/* Walks a ladder; the first rung (div 1) is plain toFixed, not toFixedScaled. */
static void time_ladder(struct unit_value *out, double v, int decimals, const struct rung *r,
                        size_t n)
{
	size_t i = 0;
	while (i + 1 < n && !(fabs(v) < r[i].below))
		i++;
	fixed_scaled2(out, v / r[i].div, decimals, r[i].ext, i > 0);
}

static void fmt_time(struct unit_value *out, enum kind k, double v, int decimals)
{
	static const struct rung ns[] = {{1e3, 1, " ns"},       {1e6, 1e3, " µs"},
	                                 {1e9, 1e6, " ms"},     {6e10, 1e9, " s"},
	                                 {36e11, 6e10, " min"}, {864e11, 36e11, " hour"},
	                                 {0, 864e11, " day"}};
	static const struct rung us[] = {{1e3, 1, " µs"}, {1e6, 1e3, " ms"}, {0, 1e6, " s"}};
	static const struct rung ms[] = {{1e3, 1, " ms"},          {6e4, 1e3, " s"},
	                                 {36e5, 6e4, " min"},      {864e5, 36e5, " hour"},
	                                 {31536e6, 864e5, " day"}, {0, 31536e6, " year"}};
	static const struct rung min[] = {{60, 1, " min"},
	                                  {1440, 60, " hour"},
	                                  {10080, 1440, " day"},
	                                  {604800, 10080, " week"},
	                                  {0, 525948, " year"}};
	static const struct rung hour[] = {
	        {24, 1, " hour"}, {168, 24, " day"}, {8760, 168, " week"}, {0, 8760, " year"}};
	static const struct rung day[] = {{7, 1, " day"}, {365, 7, " week"}, {0, 365, " year"}};
	switch (k) {
	case K_NS:
		time_ladder(out, v, decimals, ns, G_N_ELEMENTS(ns));
		break;
	case K_US:
		time_ladder(out, v, decimals, us, G_N_ELEMENTS(us));
		break;
	case K_MS:
		time_ladder(out, v, decimals, ms, G_N_ELEMENTS(ms));
		break;
	case K_MIN:
		time_ladder(out, v, decimals, min, G_N_ELEMENTS(min));
		break;
	case K_HOUR:
		time_ladder(out, v, decimals, hour, G_N_ELEMENTS(hour));
		break;
	default:
		time_ladder(out, v, decimals, day, G_N_ELEMENTS(day));
		break;
	}
}

/* toSeconds: scales down to ns and up to years (a 365.24-day year). */
static void fmt_seconds(struct unit_value *out, double v, int decimals)
{
	static const struct rung up[] = {
	        {60, 1, " s"},           {3600, 60, " min"},         {86400, 3600, " hour"},
	        {604800, 86400, " day"}, {31536e3, 604800, " week"}, {0, 31556900, " year"}};
	double a = fabs(v);
	if (v == 0) {
		set_str(out->text, sizeof out->text, "0");
		set_str(out->suffix, sizeof out->suffix, " s");
	} else if (a < 1e-6) {
		fixed_scaled(out, v * 1e9, decimals, " ns");
	} else if (a < 1e-3) {
		fixed_scaled(out, v * 1e6, decimals, " µs");
	} else if (a < 1) {
		fixed_scaled(out, v * 1e3, decimals, " ms");
	} else {
		time_ladder(out, v, decimals, up, G_N_ELEMENTS(up));
	}
}

/* toDuration: "1 hour, 2 minutes" with `decimals` extra parts (0 when automatic). */
static void fmt_duration(struct unit_value *out, double v, int decimals, bool millis)
{
	static const char *const names[] = {"year", "month",  "week",   "day",
	                                    "hour", "minute", "second", "millisecond"};
	static const double ms[] = {31536e6, 2592e6, 6048e5, 864e5, 36e5, 6e4, 1e3, 1};
	if (v == 0) {
		set_str(out->text, sizeof out->text, "0");
		set_str(out->suffix, sizeof out->suffix, millis ? " milliseconds" : " seconds");
		return;
	}
	if (v < 0) {
		fmt_duration(out, -v, decimals, millis);
		g_strlcat(out->suffix, " ago", sizeof out->suffix);
		return;
	}
	double size = v * (millis ? 1 : 1000);
	int left = decimals < 0 ? 0 : decimals;
	bool started = false;
	struct sb t;
	sb_init(&t, out->text, sizeof out->text);
	for (size_t i = 0; i < G_N_ELEMENTS(ms) && left >= 0; i++) {
		double value = size / ms[i];
		if (!(value >= 1 || started))
			continue;
		double fl = floor(value);
		if (started)
			sb_puts(&t, ", ");
		started = true;
		js_num(&t, fl);
		sb_putc(&t, ' ');
		sb_puts(&t, names[i]);
		if (fl != 1)
			sb_putc(&t, 's');
		size = fmod(size, ms[i]);
		left--;
	}
}

/* "0" + n for n <= 9, the dthms way (so NaN reads "0NaN", as in Grafana). */
static void two_digits(struct sb *b, double n)
{
	if (!(n > 9))
		sb_putc(b, '0');
	js_num(b, n);
}

static void fmt_dthms(struct unit_value *out, double v)
{
	if (v < 0) {
		fmt_dthms(out, -v);
		g_strlcat(out->suffix, " ago", sizeof out->suffix);
		return;
	}
	struct sb t = {out->text, sizeof out->text, strlen(out->text)};
	two_digits(&t, floor(v / 3600));
	sb_putc(&t, ':');
	two_digits(&t, floor(fmod(v, 3600) / 60));
	sb_putc(&t, ':');
	two_digits(&t, floor(fmod(fmod(v, 3600), 60)));
}

static void fmt_dtdhms(struct unit_value *out, double v)
{
	if (v < 0) {
		fmt_dtdhms(out, -v);
		g_strlcat(out->suffix, " ago", sizeof out->suffix);
		return;
	}
	double days = floor(v / 86400);
	struct sb t;
	sb_init(&t, out->text, sizeof out->text);
	if (days > 0) {
		js_num(&t, days);
		sb_puts(&t, " d ");
	}
	fmt_dthms(out, v - days * 24 * 3600); /* JS order of rounding */
	out->suffix[0] = '\0';
}

/* The moment formats toClock uses, by the fields they show. */
enum clock_fmt { CLOCK_MS, CLOCK_S, CLOCK_S_MS, CLOCK_M, CLOCK_M_S, CLOCK_M_S_MS };

/* moment.utc(ms).format(...) for those fields; "Invalid date" outside
 * JavaScript's Date range, as moment prints. */
static void clock_fields(struct sb *b, double ms, enum clock_fmt fields)
{
	if (!isfinite(ms) || fabs(ms) > 8.64e15) {
		sb_puts(b, "Invalid date");
		return;
	}
	long long t = (long long)trunc(ms);
	long long msec = ((t % 1000) + 1000) % 1000;
	long long sec = t >= 0 ? t / 1000 : -((-t + 999) / 1000);
	long long s60 = ((sec % 60) + 60) % 60;
	long long min = sec >= 0 ? sec / 60 : -((-sec + 59) / 60);
	long long m60 = ((min % 60) + 60) % 60;
	char tmp[32];
	switch (fields) {
	case CLOCK_MS:
		snprintf(tmp, sizeof tmp, "%03lldms", msec);
		break;
	case CLOCK_S:
		snprintf(tmp, sizeof tmp, "%02llds", s60);
		break;
	case CLOCK_S_MS:
		snprintf(tmp, sizeof tmp, "%02llds:%03lldms", s60, msec);
		break;
	case CLOCK_M:
		snprintf(tmp, sizeof tmp, "%02lldm", m60);
		break;
	case CLOCK_M_S:
		snprintf(tmp, sizeof tmp, "%02lldm:%02llds", m60, s60);
		break;
	default:
		snprintf(tmp, sizeof tmp, "%02lldm:%02llds:%03lldms", m60, s60, msec);
		break;
	}
	sb_puts(b, tmp);
}

/* toClock: size in ms; fields shrink as decimals drop. */
static void fmt_clock(struct unit_value *out, double size, int decimals)
{
	struct sb t;
	sb_init(&t, out->text, sizeof out->text);
	if (size < 1000) {
		clock_fields(&t, size, CLOCK_MS);
	} else if (size < 60000) {
		clock_fields(&t, size, decimals == 0 ? CLOCK_S : CLOCK_S_MS);
	} else if (size < 3600000) {
		clock_fields(&t, size,
		             decimals == 0   ? CLOCK_M
		             : decimals == 1 ? CLOCK_M_S
		                             : CLOCK_M_S_MS);
	} else {
		char h[48];
		struct sb hb;
		sb_init(&hb, h, sizeof h);
		sb_putc(&hb, '0');
		js_num(&hb, floor(size / 36e5));
		sb_puts(&t, hb.len >= 2 ? h + hb.len - 2 : h);
		sb_putc(&t, 'h');
		if (decimals == 0)
			return;
		sb_putc(&t, ':');
		clock_fields(&t, size,
		             decimals == 1   ? CLOCK_M
		             : decimals == 2 ? CLOCK_M_S
		                             : CLOCK_M_S_MS);
	}
}

/* ---- misc formats ---- */

/* Number.prototype.toExponential(f); f < 0 = as many digits as needed.  Ties
 * round away from zero (JS picks the larger n), unlike printf's even rounding. */
static void js_exponential(struct sb *b, double x, int f)
{
	if (!isfinite(x)) {
		js_num(b, x);
		return;
	}
	char tmp[64];
	if (f < 0) {
		struct digits g = {.k = 1, .e = 0, .d = "0"};
		if (x != 0)
			shortest_digits(x, &g);
		snprintf(tmp, sizeof tmp, "%s%c%s%se%c%d", x < 0 ? "-" : "", g.d[0],
		         g.k > 1 ? "." : "", g.d + 1, g.e < 0 ? '-' : '+', abs(g.e));
		sb_puts(b, tmp);
		return;
	}
	f = MIN(f, 20);
	if (x == 0)
		x = 0; /* JS drops the sign of -0 */
	snprintf(tmp, sizeof tmp, "%.*e", f + 24, x);
	char *ep = strchr(tmp, 'e');
	/* the digit after the kept ones is a 5 followed only by zeros: an exact tie */
	char *cut = ep - 24;
	bool tie = *cut == '5' && strspn(cut + 1, "0") == (size_t)(ep - cut - 1);
	double y = tie ? nextafter(x, x < 0 ? -INFINITY : INFINITY) : x;
	snprintf(tmp, sizeof tmp, "%.*e", f, y);
	ep = strchr(tmp, 'e');
	int e = (int)strtol(ep + 1, NULL, 10);
	sb_putn(b, tmp, (size_t)(ep - tmp));
	snprintf(tmp, sizeof tmp, "e%c%d", e < 0 ? '-' : '+', abs(e));
	sb_puts(b, tmp);
}

/* Number.prototype.toString(16) for integers, upper-cased; non-integers keep
 * only their integer part (Grafana prints hex fractions; cairn does not). */
static void js_hex(struct sb *b, double x)
{
	if (!isfinite(x)) {
		sb_puts(b, isnan(x) ? "NAN" : x < 0 ? "-INFINITY" : "INFINITY");
		return;
	}
	x = trunc(x);
	if (x < 0)
		sb_putc(b, '-');
	x = fabs(x);
	char tmp[32];
	if (x < 18446744073709551616.0) {
		snprintf(tmp, sizeof tmp, "%llX", (unsigned long long)x);
		sb_puts(b, tmp);
		return;
	}
	int e;
	double fr = frexp(x, &e);
	unsigned long long m = (unsigned long long)ldexp(fr, 53);
	e -= 53;
	snprintf(tmp, sizeof tmp, "%llX", m << (e % 4));
	sb_puts(b, tmp);
	for (int i = 0; i < e / 4; i++)
		sb_putc(b, '0');
}

static void fmt_hex(struct unit_value *out, double v, int decimals, bool with_0x)
{
	char fixed[64];
	struct sb f;
	sb_init(&f, fixed, sizeof fixed);
	to_fixed(&f, v, decimals);
	/* parseFloat of Grafana's own toFixed output: "∞" is not a number to it */
	double p =
	        fixed[0] == '-' || (fixed[0] >= '0' && fixed[0] <= '9') ? strtod(fixed, NULL) : NAN;
	if (strstr(fixed, "∞"))
		p = NAN;
	struct sb t;
	sb_init(&t, out->text, sizeof out->text);
	bool neg = p < 0;
	if (with_0x)
		sb_puts(&t, neg ? "-0x" : "0x");
	js_hex(&t, with_0x ? fabs(p) : p);
}

/* Grouping digits of Intl en-US for toLocaleString: `int_digits` as a string. */
static void put_grouped(struct sb *b, const char *int_digits, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			sb_putc(b, ',');
		sb_putc(b, int_digits[i]);
	}
}

/* value.toLocaleString("en-US", {maximumFractionDigits: decimals ?? 3}): ICU
 * rounds the shortest decimal form half away from zero. */
static void fmt_locale(struct unit_value *out, double v, int decimals)
{
	struct sb t;
	sb_init(&t, out->text, sizeof out->text);
	if (!isfinite(v)) {
		to_fixed(&t, v, 0);
		return;
	}
	int frac = decimals < 0 ? 3 : MIN(decimals, 20);
	struct digits g = {.k = 1, .e = 0, .d = "0"};
	if (v != 0)
		shortest_digits(v, &g);
	int n = g.e + 1; /* digits before the point */
	int ni = MAX(n, 1);
	char a[360];
	ni = MIN(ni, 320); /* > 1e320 is not a double */
	int len = ni + frac;
	/* a[0..len) = integer then fraction digits; position p holds digit index p - ni + n */
	for (int p = 0; p <= len; p++) {
		int i = p - ni + n;
		a[p] = i >= 0 && i < g.k ? g.d[i] : '0';
	}
	bool up = a[len] >= '5';
	for (int p = len - 1; up && p >= 0; p--) {
		up = a[p] == '9';
		a[p] = up ? '0' : (char)(a[p] + 1);
	}
	if (up) {
		memmove(a + 1, a, (size_t)len);
		a[0] = '1';
		ni++, len++;
	}
	if (signbit(v)) /* Intl keeps the sign of -0 and of negatives rounded to 0 */
		sb_putc(&t, '-');
	put_grouped(&t, a, (size_t)ni);
	int last = len;
	while (last > ni && a[last - 1] == '0')
		last--;
	if (last > ni) {
		sb_putc(&t, '.');
		sb_putn(&t, a + ni, (size_t)(last - ni));
	}
}

/* ---- dispatch ---- */

static void format_def(const struct unit_def *d, double v, int decimals, struct unit_value *out)
{
	struct sb t;
	sb_init(&t, out->text, sizeof out->text);
	switch (d->kind) {
	case K_NONE:
		fmt_fixed_unit(out, v, decimals, d->sym, false);
		break;
	case K_PREFIX:
		fmt_fixed_unit(out, v, decimals, d->sym, true);
		break;
	case K_SCALED:
		fmt_scaled(out, v, decimals, d->ext);
		break;
	case K_SI:
		fmt_prefixed(out, v, decimals, false, d->sym, d->offset);
		break;
	case K_BIN:
		fmt_prefixed(out, v, decimals, true, d->sym, d->offset);
		break;
	case K_COUNT:
		fmt_count(out, v, decimals, d->sym);
		break;
	case K_CURRENCY:
		fmt_currency(out, v, decimals, d->sym, d->offset == 1);
		break;
	case K_PERCENT:
		fmt_fixed_unit(out, v, decimals, "", false);
		break;
	case K_PERCENTUNIT:
		fmt_fixed_unit(out, 100 * v, decimals, "", false);
		break;
	case K_NS:
	case K_US:
	case K_MS:
	case K_MIN:
	case K_HOUR:
	case K_DAY:
		fmt_time(out, d->kind, v, decimals);
		break;
	case K_S:
		fmt_seconds(out, v, decimals);
		break;
	case K_TIMETICKS:
		fmt_seconds(out, v / 100, decimals);
		break;
	case K_DUR_MS:
		fmt_duration(out, v, decimals, true);
		break;
	case K_DUR_S:
		fmt_duration(out, v, decimals, false);
		break;
	case K_DTHMS:
		fmt_dthms(out, v);
		break;
	case K_DTDHMS:
		fmt_dtdhms(out, v);
		break;
	case K_CLOCK_MS:
		fmt_clock(out, v, decimals);
		break;
	case K_CLOCK_S:
		fmt_clock(out, v * 1000, decimals);
		break;
	case K_BOOL:
		sb_puts(&t, v != 0 && !isnan(v) ? d->sym : d->sym2);
		break;
	case K_HEX:
		fmt_hex(out, v, decimals, false);
		break;
	case K_HEX0X:
		fmt_hex(out, v, decimals, true);
		break;
	case K_SCI:
		js_exponential(&t, v, decimals);
		break;
	case K_LOCALE:
		fmt_locale(out, v, decimals);
		break;
	case K_STRING:
		js_num(&t, v);
		break;
	}
	if (d->kind == K_PERCENT || d->kind == K_PERCENTUNIT)
		set_str(out->suffix, sizeof out->suffix, "%");
}

/* getOffsetFromSIPrefix: the SI prefix `c` (one UTF-8 character) stands for;
 * µ (micro sign) and μ (Greek mu) are the same after NFKD. */
static int si_offset(const char *c, size_t len)
{
	if (len == 2 && memcmp(c, "μ", 2) == 0)
		c = "µ";
	for (int i = 0; i < SI_N; i++)
		if (strlen(si_prefixes[i]) == len && memcmp(si_prefixes[i], c, len) == 0)
			return i - SI_BASE;
	return 0;
}

/* "key:sub" units (prefix:, suffix:, si:, count:, currency:, bool:); false
 * when `unit` is not one of them. */
static bool format_keyed(const char *unit, double v, int decimals, struct unit_value *out)
{
	const char *colon = strchr(unit, ':');
	if (!colon || colon == unit)
		return false;
	size_t klen = (size_t)(colon - unit);
	const char *sub = colon + 1;
	struct unit_def d = {.id = unit, .sym = sub};
	char t[sizeof out->text], f[sizeof out->text];
#define KEY(k) (klen == strlen(k) && memcmp(unit, k, klen) == 0)
	if (KEY("prefix")) {
		d.kind = K_PREFIX;
	} else if (KEY("suffix")) {
		d.kind = K_NONE;
	} else if (KEY("si")) {
		size_t clen = *sub ? (size_t)(g_utf8_next_char(sub) - sub) : 0;
		d.kind = K_SI;
		d.offset = si_offset(sub, clen);
		d.sym = d.offset == 0 ? sub : sub + clen;
	} else if (KEY("count")) {
		d.kind = K_COUNT;
	} else if (KEY("currency")) {
		d.kind = K_CURRENCY;
	} else if (KEY("bool")) {
		const char *slash = strchr(sub, '/');
		d.kind = K_BOOL;
		g_strlcpy(t, sub, slash ? MIN(sizeof t, (size_t)(slash - sub) + 1) : sizeof t);
		g_strlcpy(f, slash ? slash + 1 : "-", sizeof f);
		d.sym = t;
		d.sym2 = f;
	} else {
		return false;
	}
#undef KEY
	format_def(&d, v, decimals, out);
	return true;
}

void units_format(const char *unit, double v, int decimals, struct unit_value *out)
{
	memset(out, 0, sizeof *out);
	if (!unit || !unit[0]) {
		fmt_fixed_unit(out, v, decimals, "", false);
		return;
	}
	const struct unit_def *d = find_unit(unit);
	if (d) {
		format_def(d, v, decimals, out);
		return;
	}
	if (format_keyed(unit, v, decimals, out))
		return;
	/* "time:FMT" and the dateTime* units are dates cairn does not format
	 * here: a plain number, as units.h says */
	if (units_support(unit) == UNIT_PLAIN)
		unit = "";
	fmt_fixed_unit(out, v, decimals, unit, false);
}

size_t units_js_number(double v, char *buf, size_t cap)
{
	if (cap == 0)
		return 0;
	struct sb b;
	sb_init(&b, buf, cap);
	js_num(&b, v);
	return b.len;
}

void units_format_axis(const char *unit, double v, int field_decimals, int axis_decimals,
                       struct unit_value *out)
{
	bool trimmable =
	        !(unit && (g_str_has_prefix(unit, "currency") || g_str_has_prefix(unit, "bool") ||
	                   strcmp(unit, "locale") == 0 || g_str_has_prefix(unit, "time:") ||
	                   g_str_has_prefix(unit, "dateTime")));
	if (field_decimals >= 0 || axis_decimals <= 0 || !trimmable) {
		units_format(unit, v, field_decimals, out);
		return;
	}
	units_format(unit, v, axis_decimals, out);
	/* v.text = +v.text + "": "20.0" -> "20", "∞" -> "NaN" */
	char *end;
	double t = strtod(out->text, &end);
	if (end == out->text || *end != '\0')
		t = NAN;
	units_js_number(t, out->text, sizeof out->text);
}

size_t units_format_str(const char *unit, double v, int decimals, char *buf, size_t cap)
{
	struct unit_value uv;
	if (cap == 0)
		return 0;
	units_format(unit, v, decimals, &uv);
	struct sb b;
	sb_init(&b, buf, cap);
	sb_puts(&b, uv.prefix);
	sb_puts(&b, uv.text);
	sb_puts(&b, uv.suffix);
	return b.len;
}

bool units_known(const char *unit)
{
	if (!unit || !unit[0] || find_unit(unit))
		return true;
	static const char *const keys[] = {
	        "prefix:", "suffix:", "si:", "count:", "currency:", "bool:"};
	for (size_t i = 0; i < G_N_ELEMENTS(keys); i++)
		if (g_str_has_prefix(unit, keys[i]))
			return true;
	return false;
}

enum unit_support units_support(const char *unit)
{
	/* @grafana/data 10.4's "Date & time" category, which the table above leaves out */
	static const char *const dates[] = {"dateTimeAsIso",    "dateTimeAsIsoNoDateIfToday",
	                                    "dateTimeAsUS",     "dateTimeAsUSNoDateIfToday",
	                                    "dateTimeAsLocal",  "dateTimeAsLocalNoDateIfToday",
	                                    "dateTimeAsSystem", "dateTimeFromNow"};
	if (units_known(unit))
		return UNIT_FORMATTED;
	if (g_str_has_prefix(unit, "time:"))
		return UNIT_PLAIN;
	for (size_t i = 0; i < G_N_ELEMENTS(dates); i++)
		if (strcmp(unit, dates[i]) == 0)
			return UNIT_PLAIN;
	return UNIT_UNKNOWN;
}

int units_base(const char *unit)
{
	const struct unit_def *d = unit ? find_unit(unit) : NULL;
	return d && d->kind == K_BIN ? 1024 : 10;
}
