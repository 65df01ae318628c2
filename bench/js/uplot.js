// uplot.js new|warm ANSWER.json OUT.png [RUNS] — uPlot (Grafana's own chart
// library) in Debian's Chromium, driven by playwright-core, as Grafana's
// image renderer draws a panel: the page fetches the saved answer from a
// local HTTP server (this process, 127.0.0.1, a free port), parses it as
// Grafana's frontend does (JSON.parse, then columns of numbers), uPlot draws
// it (lines, time and value axes, its legend under the plot) and a 1000x500
// PNG screenshot is taken.
//   new:  browser start + page + fetch + parse + draw + screenshot + exit
//         (time the whole process from outside);
//   warm: the page already open, uPlot loaded and the answer parsed; RUNS
//         times a fresh uPlot draw + screenshot; prints one JSON line
//         {"ms": [...]} of those times.
'use strict';
const fs = require('fs');
const http = require('http');
const path = require('path');
const { chromium } = require('playwright-core');
const { PALETTE, WIDTH, HEIGHT } = require('./answer');

const [mode, file, out, runs = '10'] = process.argv.slice(2);
const dist = path.join(__dirname, 'node_modules/uplot/dist');
const PAGE = `<!doctype html><html><head><style>
${fs.readFileSync(path.join(dist, 'uPlot.min.css'), 'utf8')}
body { margin: 0; background: #181b1f; color: #ccccdc; font: 12px sans-serif; }
#c { width: ${WIDTH}px; height: ${HEIGHT}px; overflow: hidden; }
</style></head><body><div id="c"></div><script>
${fs.readFileSync(path.join(dist, 'uPlot.iife.min.js'), 'utf8')}
let plot = null, data = null, names = null;
window.load = async () => {
  const result = (await (await fetch('/answer')).json()).data.result;
  const t = Float64Array.from(result[0].values, (s) => s[0]);
  data = [t, ...result.map((r) => Float64Array.from(r.values, (s) => Number(s[1])))];
  names = result.map((r) => Object.entries(r.metric).find(([k]) => k !== '__name__')[1]);
};
window.draw = () => {
  if (plot) plot.destroy();
  const colors = ${JSON.stringify(PALETTE)};
  const axis = { stroke: '#ccccdc', grid: { stroke: '#2c3235', width: 1 }, ticks: { show: false } };
  plot = new uPlot({
    width: ${WIDTH}, height: ${HEIGHT} - 40,
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'),
    series: [{}, ...names.map((label, k) => ({ label, stroke: colors[k % colors.length], width: 1 }))],
    axes: [axis, axis],
    cursor: { show: false }, legend: { live: false },
  }, data, document.getElementById('c'));
};
</script></body></html>`;

async function main() {
  const server = http.createServer((req, res) => {
    if (req.url === '/answer') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      fs.createReadStream(file).pipe(res);
    } else {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end(PAGE);
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  const page = await browser.newPage({ viewport: { width: WIDTH, height: HEIGHT } });
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.evaluate(() => window.load());
  const shot = async () => {
    await page.evaluate(() => window.draw());
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
  server.close();
}
main().catch((e) => { console.error(`uplot.js: ${e.message}`); process.exit(1); });
