// uplot.js new|warm ANSWER.json OUT.png [RUNS] — uPlot (Grafana's own chart
// library) in Debian's Chromium, driven by playwright-core, as Grafana's
// image renderer draws a panel: the answer parsed in Node, handed to the
// page, drawn by uPlot (lines, time and value axes, its legend table under
// the plot), and a 1000x500 PNG screenshot taken.
//   new:  browser start + page + uPlot + draw + screenshot + exit (time the
//         whole process from outside);
//   warm: the page already open with uPlot loaded; RUNS times a fresh draw
//         (data handed over, new uPlot) + screenshot; prints one JSON line
//         {"ms": [...]} of those times.
'use strict';
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');
const { readAnswer, PALETTE, WIDTH, HEIGHT } = require('./answer');

const [mode, file, out, runs = '10'] = process.argv.slice(2);
const dist = path.join(__dirname, 'node_modules/uplot/dist');
const PAGE = `<!doctype html><html><head><style>
${fs.readFileSync(path.join(dist, 'uPlot.min.css'), 'utf8')}
body { margin: 0; background: #181b1f; color: #ccccdc; font: 12px sans-serif; }
#c { width: ${WIDTH}px; height: ${HEIGHT}px; overflow: hidden; }
</style></head><body><div id="c"></div><script>
${fs.readFileSync(path.join(dist, 'uPlot.iife.min.js'), 'utf8')}
let plot = null;
window.draw = ({ t, names, values, colors, width, height }) => {
  if (plot) plot.destroy();
  const axis = { stroke: '#ccccdc', grid: { stroke: '#2c3235', width: 1 }, ticks: { show: false } };
  plot = new uPlot({
    width, height: height - 40,
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'),
    series: [{}, ...names.map((label, k) => ({ label, stroke: colors[k % colors.length], width: 1 }))],
    axes: [axis, axis],
    cursor: { show: false }, legend: { live: false },
  }, [t, ...values], document.getElementById('c'));
};
</script></body></html>`;

async function main() {
  const { t, names, values } = readAnswer(file);
  const data = { t: Array.from(t), names, values: values.map((v) => Array.from(v)),
    colors: PALETTE, width: WIDTH, height: HEIGHT };
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  const page = await browser.newPage({ viewport: { width: WIDTH, height: HEIGHT } });
  await page.setContent(PAGE);
  const shot = async () => {
    await page.evaluate((d) => window.draw(d), data);
    fs.writeFileSync(out, await page.screenshot({ type: 'png',
      clip: { x: 0, y: 0, width: WIDTH, height: HEIGHT } }));
  };
  if (mode === 'warm') {
    await shot(); // first draw: JIT and caches warm
    const ms = [];
    for (let i = 0; i < Number(runs); i++) {
      const t0 = process.hrtime.bigint();
      await shot();
      ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    console.log(JSON.stringify({ ms }));
  } else {
    await shot();
  }
  await browser.close();
}
main().catch((e) => { console.error(`uplot.js: ${e.message}`); process.exit(1); });
