// gen_histogram.mjs — writes histogram_cases.txt, the oracle for the bucketing in
// tests/render/test_bars.c: what @grafana/data 10.4's buildHistogram (the histogram
// transformer and panel) returns for a set of data sets and options.
//
//   NODE_PATH=/tmp/panels-gref/node_modules node gen_histogram.mjs > histogram_cases.txt
//
// Format, one item a line, numbers as JavaScript's String(v) (which C's strtod reads
// exactly):
//   case NAME
//   opts BUCKETSIZE BUCKETOFFSET BUCKETCOUNT COMBINE   (0 = not given)
//   field V V V ...                                      (one line per number field)
//   size S                                               (the bucket size used)
//   row XMIN C C ...                                     (one per bucket row)
//   end
import { createRequire } from 'node:module';
import path from 'node:path';

globalThis.window = globalThis;
globalThis.navigator = { language: 'en-US', languages: ['en-US'] };
const require = createRequire(path.join(process.env.NODE_PATH || process.cwd(), 'x.js'));
const { buildHistogram, histogramBucketSizes, FieldType } = require('@grafana/data');

// a fixed pseudo-random sequence (LCG), so the data sets are the same every run
let seed = 12345;
const rnd = () => {
	seed = (seed * 1103515245 + 12345) % 2147483648;
	return seed / 2147483648;
};
const series = (n, lo, hi, round) =>
	Array.from({ length: n }, () => {
		const v = lo + (hi - lo) * rnd();
		return round ? Math.round(v * round) / round : v;
	});

const cases = [
	['small-ints', [[1, 2, 2, 3, 7, 9]], {}],
	['load-3', [series(200, 0.2, 1.7, 0), series(200, 0.8, 2.4, 0), series(200, 1.6, 3, 0)], {}],
	['load-3-combined', [series(150, 0.2, 1.7, 0), series(150, 0.8, 2.4, 0)], { combine: true }],
	['size-offset', [series(100, 0, 3, 100)], { bucketSize: 0.25, bucketOffset: 0.1 }],
	['single', [[5]], {}],
	['negative', [[-3.5, -1.2, 0, 2.7, 10.1]], {}],
	['bytes', [[8589934592, 17179869184, 34359738368, 12884901888]], {}],
	['tiny', [series(50, 1e-6, 9e-6, 0)], {}],
	['clusters', [[1, 1.1, 1.2, 50, 50.5]], {}],
	['disjoint', [[1, 2, 3], [100, 101, 107]], {}],
	['count-10', [series(300, 10, 90, 10)], { bucketCount: 10 }],
	['count-10-combined', [series(80, 10, 90, 1), series(80, 0, 40, 1)], { bucketCount: 10, combine: true }],
	['size-int', [series(60, 0, 1000, 1)], { bucketSize: 100 }],
];

const out = [];
for (const [name, fields, opts] of cases) {
	const frames = fields.map((vals) => ({
		length: vals.length,
		fields: [{ name: 'Value', type: FieldType.number, config: {}, values: vals }],
	}));
	const h = buildHistogram(frames, opts);
	out.push(`case ${name}`);
	out.push(`opts ${opts.bucketSize ?? 0} ${opts.bucketOffset ?? 0} ${opts.bucketCount ?? 0} ${opts.combine ? 1 : 0}`);
	for (const f of fields) out.push(`field ${f.map(String).join(' ')}`);
	// the size itself: xMax - xMin is it up to rounding, so the nearest of the
	// transformer's sizes when it chose one
	const diff = h.xMax.values[0] - h.xMin.values[0];
	const size = opts.bucketSize ??
		histogramBucketSizes.reduce((a, b) => (Math.abs(b - diff) < Math.abs(a - diff) ? b : a));
	out.push(`size ${String(size)}`);
	for (let i = 0; i < h.xMin.values.length; i++)
		out.push(`row ${String(h.xMin.values[i])} ${h.counts.map((c) => String(c.values[i])).join(' ')}`);
	out.push('end');
}
console.log(out.join('\n'));
