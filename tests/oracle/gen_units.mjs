// gen_units.mjs — writes units_cases.txt, the oracle for tests/render/test_units.c:
// what @grafana/data 10.4 getValueFormat(unit)(value, decimals) returns over a grid
// of units × values × decimals.
//
//   npm install --prefix /tmp/gd @grafana/data@10.4
//   NODE_PATH=/tmp/gd/node_modules node gen_units.mjs > units_cases.txt
//
// Line format (tab-separated, UTF-8): unit  value  decimals  prefix  text  suffix
// value is JS String(value) ("-0" for negative zero, "Infinity", "-Infinity", "NaN" too) which C strtod parses
// exactly; decimals is -1 for null (automatic).  Date/time-of-day units (dateTime*,
// time:FMT) and hex of non-integers are left out: cairn does not format them.
import { createRequire } from 'node:module';
import path from 'node:path';

// @grafana/data touches window/navigator at import time; give it a browser-like shell.
globalThis.window = globalThis;
globalThis.navigator = { language: 'en-US', languages: ['en-US'] };
const require = createRequire(path.join(process.env.NODE_PATH || process.cwd(), 'x.js'));
const { getValueFormat, getValueFormats } = require('@grafana/data');

const skip = new Set(['dateTimeAsIso', 'dateTimeAsIsoNoDateIfToday', 'dateTimeAsUS',
	'dateTimeAsUSNoDateIfToday', 'dateTimeAsLocal', 'dateTimeAsLocalNoDateIfToday',
	'dateTimeAsSystem', 'dateTimeFromNow']);
const units = [];
for (const cat of getValueFormats())
	for (const f of cat.submenu)
		if (!skip.has(f.value))
			units.push(f.value);
units.push('', 'rds', 'widgets', 'farenheit', 'prefix:$', 'suffix: items', 'si:mW', 'si:kB',
	'si:Hz', 'count:pkt', 'currency:€', 'bool:On/Off', 'bool:up', 'x:y');

const values = [0, -0, 1e-12, 1e-9, 3.3e-7, 0.0001, 0.000999, 0.001, 0.004567, 0.01, 0.05, 0.123456,
	0.2, 0.5, 0.999, 1, 1.005, 1.5, 2.25, 2.5, 3, 9.99, 10, 12.5, 59, 60, 61.5, 99.95, 100, 120,
	999, 999.5, 1000, 1023, 1024, 1536, 3599, 3600, 4000, 7200, 9999, 65536, 86399, 86400,
	100000, 604800, 1e6, 1048576, 3e6, 31536000, 123456789, 1073741824, 1e9, 5.5e9, 1e12,
	1.099511627776e12, 1e15, 1e18, 1e21, 1e24, 1e27,
	-0.5, -1, -42, -2500, -1536, -1e6, -0.003, Infinity, -Infinity, NaN];
const decs = [null, 0, 1, 2, 3];

// The full grid for the units dashboards use and one of each formatter kind; a short grid
// for the rest (they share those formatters, only the symbol differs) to keep the file small.
const core = new Set(['none', 'short', 'percent', 'percentunit', 'bytes', 'decbytes', 'bits',
	'decbits', 'kbytes', 'mbytes', 'deckbytes', 'pps', 'bps', 'Bps', 'binBps', 'binbps', 'MBs',
	'hertz', 's', 'ms', 'µs', 'ns', 'm', 'h', 'd', 'dtdurationms', 'dtdurations', 'dthms', 'dtdhms',
	'timeticks', 'clockms', 'clocks', 'ops', 'reqps', 'iops', 'eps', 'rps', 'celsius', 'rotrpm',
	'bool', 'bool_yes_no', 'locale', 'sci', 'hex', 'hex0x', 'string', 'currencyUSD',
	'currencySEK', 'pressurepsi', 'mwatt', 'ffarad', '', 'rds', 'widgets', 'si:mW', 'count:pkt',
	'prefix:$', 'suffix: items']);
const shortValues = [0, 0.000999, 0.123456, 1, 1.5, 999.5, 1000, 1536, 123456789, 1e15, -2500,
	Infinity];
const shortDecs = [null, 1];

const skipHex = (u, v) => (u === 'hex' || u === 'hex0x') && !Number.isInteger(v);
const out = [];
for (const u of units) {
	const fmt = getValueFormat(u);
	for (const v of core.has(u) ? values : shortValues) {
		if (skipHex(u, v))
			continue;
		for (const d of core.has(u) ? decs : shortDecs) {
			const r = fmt(v, d);
			const f = [u, Object.is(v, -0) ? '-0' : String(v), d === null ? '-1' : String(d), r.prefix ?? '', r.text ?? '',
				r.suffix ?? ''];
			if (f.some((s) => /[\t\n]/.test(s)))
				throw new Error(`tab/newline in case ${f}`);
			out.push(f.join('\t'));
		}
	}
}
process.stdout.write(out.join('\n') + '\n');
