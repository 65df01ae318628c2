// chartjs.js ANSWER.json OUT.png — Chart.js on a Skia canvas
// (@napi-rs/canvas): lines of every series (the decimation plugin's
// 'min-max', Chart.js' large-data path keeping each pixel's extremes),
// linear time axis with HH:MM labels (Chart.js' 'time' scale needs a date
// adapter), value axis, a legend under the plot.
'use strict';
const fs = require('fs');
const { createCanvas } = require('@napi-rs/canvas');
const { Chart, registerables } = require('chart.js');
const { readAnswer, timeLabel, PALETTE, WIDTH, HEIGHT } = require('./answer');

Chart.register(...registerables);
const [file, out] = process.argv.slice(2);
const { t, names, values } = readAnswer(file);
const span = t[t.length - 1] - t[0];
const canvas = createCanvas(WIDTH, HEIGHT);
const background = { // Chart.js clears the canvas to transparent: paint the theme's
  id: 'background',    // background first, as cairn and the other peers do
  beforeDraw: ({ ctx }) => { ctx.fillStyle = '#181b1f'; ctx.fillRect(0, 0, WIDTH, HEIGHT); },
};
const grid = { color: '#2c3235' };
const chart = new Chart(canvas.getContext('2d'), {
  plugins: [background],
  type: 'line',
  data: {
    datasets: names.map((label, k) => ({
      label, borderColor: PALETTE[k % PALETTE.length], borderWidth: 1, pointRadius: 0,
      data: Array.from(values[k], (y, i) => ({ x: t[i], y })),
    })),
  },
  options: {
    animation: false, responsive: false, devicePixelRatio: 1, parsing: false, normalized: true,
    color: '#ccccdc',
    plugins: {
      decimation: { enabled: true, algorithm: 'min-max' },
      legend: { position: 'bottom', maxHeight: HEIGHT * 0.4, labels: { boxHeight: 4 } },
    },
    scales: {
      x: { type: 'linear', min: t[0], max: t[t.length - 1], grid, ticks: { color: '#ccccdc', callback: (s) => timeLabel(s, span) } },
      y: { grid, ticks: { color: '#ccccdc' } },
    },
  },
});
fs.writeFileSync(out, canvas.toBuffer('image/png'));
chart.destroy();
