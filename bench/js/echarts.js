// echarts.js ANSWER.json OUT.{svg,png} — ECharts server-side rendering:
// the SVG string renderer (no canvas at all) or, for PNG, ECharts' canvas
// renderer on a Skia canvas (@napi-rs/canvas).  Lines of every series
// (sampling 'minmax': ECharts' large-data path keeping each pixel's
// extremes), time axis, value axis, a scrolling legend under the plot.
'use strict';
const fs = require('fs');
const echarts = require('echarts');
const { readAnswer, timeLabel, PALETTE, WIDTH, HEIGHT } = require('./answer');

const [file, out] = process.argv.slice(2);
const { t, names, values } = readAnswer(file);
const span = t[t.length - 1] - t[0];
const option = {
  animation: false,
  backgroundColor: '#181b1f',
  color: PALETTE,
  textStyle: { color: '#ccccdc' },
  grid: { left: 40, right: 10, top: 20, bottom: 60 },
  legend: { type: 'scroll', bottom: 0, icon: 'roundRect', textStyle: { color: '#ccccdc' } },
  xAxis: { type: 'time', axisLabel: { formatter: (ms) => timeLabel(ms / 1000, span) } },
  yAxis: { type: 'value', splitLine: { lineStyle: { color: '#2c3235' } } },
  series: names.map((name, k) => ({
    name, type: 'line', showSymbol: false, sampling: 'minmax', lineStyle: { width: 1 },
    data: Array.from(values[k], (v, i) => [t[i] * 1000, v]),
  })),
};

if (out.endsWith('.svg')) {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height: HEIGHT });
  chart.setOption(option);
  fs.writeFileSync(out, chart.renderToSVGString());
  chart.dispose(); // else zrender's frame timer keeps the process alive
} else {
  const { createCanvas } = require('@napi-rs/canvas');
  echarts.setPlatformAPI({ createCanvas: () => createCanvas(32, 32) });
  const canvas = createCanvas(WIDTH, HEIGHT);
  const chart = echarts.init(canvas, null, { width: WIDTH, height: HEIGHT, devicePixelRatio: 1 });
  chart.setOption(option);
  fs.writeFileSync(out, canvas.toBuffer('image/png'));
  chart.dispose();
}
