/*
 * test.js — issue 10's acceptance list for the thin client, in real headless
 * Chromium (playwright-core driving Debian's /usr/bin/chromium).  Run by
 * run.sh, which starts cairn serve, a Prometheus of its own and passes:
 * CAIRN_URL, PROM_URL, PROM_PID_FILE, PROM_START (restarts that Prometheus),
 * SCRAPE_PORT (where Prometheus scrapes the gauge this script serves) and
 * OUT_DIR (screenshots of failures).
 *
 * Images are checked by their pixels, decoded in the page (canvas
 * getImageData of the panel's <img>): series colours present, hashes that
 * change when the range or a variable does, a line that moves when the
 * scraped value does.
 */
'use strict';
const { chromium } = require('playwright-core');
const http = require('http');
const fs = require('fs');
const { execFileSync } = require('child_process');

const URL0 = process.env.CAIRN_URL;
const OUT = process.env.OUT_DIR || '/tmp';
let gauge = 10;
let passed = 0, failed = 0;
const t0 = Date.now();

function check(name, ok, seen) {
  console.log((ok ? 'PASS ' : 'FAIL ') + name + (seen !== undefined ? ' (' + seen + ')' : ''));
  if (ok) passed++; else failed++;
  return ok;
}

async function waitFor(fn, ms, step = 100) {
  const end = Date.now() + ms;
  let v;
  while (Date.now() < end) {
    try { v = await fn(); } catch (e) { v = undefined; }
    if (v) return v;
    await new Promise((r) => setTimeout(r, step));
  }
  return v;
}

/* The gauge Prometheus scrapes every second. */
const scrape = http.createServer((req, res) => {
  res.setHeader('Content-Type', 'text/plain; version=0.0.4');
  res.end('# TYPE cairn_browser_live gauge\ncairn_browser_live ' + gauge + '\n');
});

function browserOf(page) { return page.context().browser(); }

/* At most a few of a page's complaints, for messages. */
function brief(w) {
  return JSON.stringify({ errors: w.errors.slice(0, 3), n_errors: w.errors.length, dialogs: w.dialogs.slice(0, 3) });
}

function watch(page) {
  const w = { errors: [], dialogs: [] };
  page.on('console', (m) => { if (m.type() === 'error') w.errors.push(m.text()); });
  page.on('pageerror', (e) => w.errors.push('pageerror: ' + e.message));
  page.on('dialog', (d) => { w.dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  return w;
}

/* Panels as the page shows them. */
function panels(page) {
  return page.evaluate(() => [...document.querySelectorAll('.panel')].map((p) => {
    const r = p.getBoundingClientRect();
    const img = p.querySelector('img');
    return { id: Number(p.dataset.panelId), seq: Number(p.dataset.seq || 0), status: p.dataset.status,
      left: r.left, top: r.top, width: r.width, height: r.height,
      nw: img.naturalWidth, nh: img.naturalHeight, alt: img.alt };
  }));
}

/* The decoded pixels of a panel's image: how many are of a series' colour
 * (saturated), a hash, and the topmost saturated row inside box (image
 * px at scale 1, optional). */
function probe(page, id, box) {
  return page.evaluate(([id, box]) => {
    const img = document.querySelector('.panel[data-panel-id="' + id + '"] img');
    if (!img || !img.complete || !img.naturalWidth) return null;
    const c = document.createElement('canvas');
    c.width = img.naturalWidth; c.height = img.naturalHeight;
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    const k = c.width / img.getBoundingClientRect().width;
    let colored = 0, hash = 2166136261, sum = 0, top = -1;
    for (let i = 0, px = 0; i < d.length; i += 4, px++) {
      const r = d[i], gg = d[i + 1], b = d[i + 2];
      const mx = Math.max(r, gg, b), mn = Math.min(r, gg, b);
      const sat = mx - mn >= 60 && mx >= 90;
      if (sat) colored++;
      sum += (r + gg + b) / 3;
      if (px % 3 === 0) hash = Math.imul(hash ^ (r + (gg << 8) + (b << 16)), 16777619) >>> 0;
      if (box && sat && top < 0) {
        const x = (px % c.width) / k, y = Math.floor(px / c.width) / k;
        if (x >= box.x && x <= box.x + box.w && y >= box.y && y <= box.y + box.h) top = y;
      }
    }
    return { w: c.width, h: c.height, colored, hash, mean: sum / (d.length / 4), top };
  }, [id, box || null]);
}

async function shot(page, name) {
  try { await page.screenshot({ path: OUT + '/' + name + '.png', fullPage: true }); } catch (e) { /* closed */ }
}

function q(page) { return new URL(page.url()).searchParams; }

async function loaded(page, ids, minSeq = 1, ms = 30000) {
  return waitFor(async () => {
    const ps = await panels(page);
    return ids.every((id) => { const p = ps.find((x) => x.id === id); return p && p.seq >= minSeq; }) && ps;
  }, ms);
}

async function plotRect(page, id) {
  const ps = await panels(page);
  const p = ps.find((x) => x.id === id);
  const u = new URL(page.url());
  const a = new URLSearchParams();
  a.set('panelId', String(id)); a.set('width', String(Math.round(p.width))); a.set('height', String(Math.round(p.height)));
  for (const k of ['from', 'to', 'theme']) if (u.searchParams.get(k)) a.set(k, u.searchParams.get(k));
  for (const [k, v] of u.searchParams) if (k.startsWith('var-')) a.append(k, v);
  const r = await fetch(URL0 + '/api/dashboards/uid/' + u.pathname.split('/')[2] + '/plot?' + a);
  const j = await r.json();
  return { p, plot: j.plot };
}

async function listPage(browser) {
  console.log('== the dashboards list');
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  const w = watch(page);
  await page.goto(URL0 + '/');
  const n = await waitFor(async () => (await page.$$('.dash-link')).length >= 3 && (await page.$$('.dash-link')).length, 10000);
  check('/ lists every dashboard', n === 3, n + ' links');
  const titles = await page.$$eval('.dash-link', (as) => as.map((a) => a.textContent));
  check('the XSS title shows as text', titles.some((t) => t.includes('<script>window.__xss=1</script>')), JSON.stringify(titles));
  await page.fill('#search', 'live');
  const n2 = (await page.$$('.dash-link')).length;
  check('search filters the list, the URL follows', n2 === 1 && q(page).get('query') === 'live', n2 + ' shown, ' + page.url());
  await page.fill('#search', '');
  await page.click('#tag-filter .tag:text-is("nodes")');
  const n3 = (await page.$$('.dash-link')).length;
  check('a tag filters the list', n3 === 1, n3 + ' shown');
  const h = await fetch(URL0 + '/');
  const csp = h.headers.get('content-security-policy') || '';
  check('pages carry a strict CSP (no unsafe-inline)', /default-src 'self'/.test(csp) && !/unsafe/.test(csp), csp);
  const etag = h.headers.get('etag');
  const h2 = await fetch(URL0 + '/static/dashboard.js', { headers: { 'If-None-Match': (await fetch(URL0 + '/static/dashboard.js')).headers.get('etag') } });
  check('static files: ETag and 304', !!etag && h2.status === 304, 'etag ' + etag + ', revalidation ' + h2.status);
  check('no console error, no dialog on the list', w.errors.length === 0 && w.dialogs.length === 0, brief(w));
  await page.close();
}

async function mainDashboard(browser) {
  console.log('== a dashboard (device pixel ratio 2)');
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 1000 }, deviceScaleFactor: 2 });
  const page = await ctx.newPage();
  const w = watch(page);
  await page.goto(URL0 + '/d/browser-main/browser-main');
  let ps = await loaded(page, [2, 3, 4]);
  if (!check('every panel image loads', !!ps, JSON.stringify(ps))) { await shot(page, 'main'); return null; }
  const mode = await page.textContent('#conn');
  console.log('     (connection: ' + mode + ')');
  for (const id of [2, 3, 4]) {
    const p = ps.find((x) => x.id === id);
    const pr = await probe(page, id);
    check('panel ' + id + ' shows data (series pixels) at 2× its CSS size', pr && pr.colored > 300 &&
      Math.abs(p.nw - 2 * p.width) <= 2 && Math.abs(p.nh - 2 * p.height) <= 2 && p.status === 'ok',
      (pr ? pr.colored : 'no image') + ' series pixels, image ' + p.nw + '×' + p.nh + ' for ' + p.width + '×' + p.height + ', ' + p.status);
  }
  check('alt text: title and summary', ps.find((x) => x.id === 2).alt.startsWith('Load 1m — Time series panel, Last 6 hours'), ps.find((x) => x.id === 2).alt);
  check('the URL carries the state', q(page).get('from') === 'now-6h' && q(page).getAll('var-instance')[0] === '$__all', page.url());
  check('a collapsed row hides its panels', !ps.some((x) => x.id === 6));
  await page.click('.row-toggle:has-text("Probes")');
  ps = await loaded(page, [6]);
  const p6 = await probe(page, 6);
  check('opening the row shows its panel, with data', !!ps && p6 && p6.colored > 100, p6 && p6.colored + ' series pixels');

  console.log('== time range');
  const before = await probe(page, 2);
  const seq2 = (await panels(page)).find((x) => x.id === 2).seq;
  await page.click('#time-button');
  await page.click('.quick-item:text-is("Last 1 hour")');
  const changed = await waitFor(async () => {
    const p = (await panels(page)).find((x) => x.id === 2);
    const pr = p.seq > seq2 && await probe(page, 2);
    return pr && pr.hash !== before.hash && pr;
  }, 20000);
  check('Last 1 hour: the URL follows, the panel changes', q(page).get('from') === 'now-1h' && q(page).get('to') === 'now' && !!changed,
    page.url());
  check('the picker says so', (await page.textContent('#time-button')) === 'Last 1 hour');

  console.log('== a variable');
  const b2 = await probe(page, 2);
  await page.click('.var-button[data-var="instance"]');
  await page.click('.var-option[data-value="node-1:9100"]');
  await page.keyboard.press('Escape');
  const c2 = await waitFor(async () => {
    const pr = q(page).getAll('var-instance').join(',') === 'node-1:9100' && await probe(page, 2);
    return pr && pr.hash !== b2.hash && pr.colored < b2.colored * 0.8 && pr;
  }, 20000);
  if (!c2) await shot(page, 'variable');
  check('instance = node-1: the URL follows, the panel changes', q(page).getAll('var-instance').join(',') === 'node-1:9100' && !!c2 && c2.colored < b2.colored,
    page.url() + '; series pixels ' + b2.colored + ' → ' + (c2 && c2.colored));
  check('titles follow the variable', (await page.textContent('.row-toggle')).includes('Nodes on node-1:9100'));
  const cpuOpts = await page.evaluate(() => fetch(location.pathname.replace(/^\/d\/([^/]+).*/, '/api/dashboards/uid/$1/variables') + '?var-instance=node-2:9100').then((r) => r.json()));
  const cpu = cpuOpts.variables.find((v) => v.name === 'cpu');
  check('/variables: chained variables name what they depend on', cpu && cpu.dependsOn.includes('instance') && cpu.options.length === 4, JSON.stringify(cpu));

  console.log('== drag to zoom');
  const { p, plot } = await plotRect(page, 2);
  const span0 = 3600e3;
  const box = await page.$('.panel[data-panel-id="2"]');
  const bb = await box.boundingBox();
  const y = bb.y + plot.y + plot.h / 2;
  await page.mouse.move(bb.x + plot.x + plot.w / 2, y);
  await waitFor(() => page.isVisible('.panel[data-panel-id="2"] .crosshair'), 5000);
  await page.mouse.move(bb.x + plot.x + plot.w * 0.2, y);
  await page.mouse.down();
  await page.mouse.move(bb.x + plot.x + plot.w * 0.4, y, { steps: 4 });
  await page.mouse.move(bb.x + plot.x + plot.w * 0.6, y, { steps: 4 });
  await page.mouse.up();
  await waitFor(() => /^\d+$/.test(q(page).get('from') || ''), 3000);
  const f = Number(q(page).get('from')), t = Number(q(page).get('to'));
  check('dragging across 40% of the plot zooms to 40% of the range', Number.isFinite(f) && Math.abs((t - f) / span0 - 0.4) < 0.05,
    'from ' + q(page).get('from') + ' to ' + q(page).get('to') + ' = ' + ((t - f) / span0).toFixed(3) + ' of the span; plot ' + JSON.stringify(plot) + ' in ' + p.width + '×' + p.height);
  await loaded(page, [2], 1);

  console.log('== crosshair');
  /* a hand on a mouse: a pixel this way or that while waiting */
  let wiggle = 0;
  const tip = await waitFor(async () => {
    await page.mouse.move(bb.x + plot.x + plot.w * 0.5 + (wiggle++ % 2), y);
    return (await page.isVisible('#tooltip .tip-row')) && page.$$eval('#tooltip .tip-row', (rs) => rs.map((r) => r.textContent));
  }, 8000, 250);
  check('the crosshair shows the values at the cursor', Array.isArray(tip) && tip.length >= 1 && tip.some((r) => r.includes('node-1:9100')),
    JSON.stringify(tip) + ' / ' + (await page.textContent('#tooltip')));
  await page.mouse.move(5, 5);
  const f1 = Number(q(page).get('from')), t1 = Number(q(page).get('to'));
  await page.focus('#grid');
  await page.keyboard.press('t');
  await page.keyboard.press('z');
  await waitFor(() => Number(q(page).get('from')) !== f1, 3000);
  const f2 = Number(q(page).get('from')), t2 = Number(q(page).get('to'));
  check('t z (Grafana\'s shortcut) zooms out twice as wide', Math.abs((t2 - f2) / (t1 - f1) - 2) < 0.01, ((t2 - f2) / (t1 - f1)).toFixed(3) + '×');

  console.log('== panel menu, view, kiosk, theme, keyboard');
  await page.hover('.panel[data-panel-id="3"]');
  await page.click('.panel[data-panel-id="3"] .panel-menu-btn');
  const items = await page.$$eval('#panel-menu .menu-item', (bs) => bs.map((b) => b.textContent));
  check('the panel menu: view, PNG, SVG, render URL', items.join('|') === 'View|Download PNG|Download SVG|Copy render URL', items.join('|'));
  await page.click('#panel-menu .menu-item:text-is("View")');
  ps = await waitFor(async () => { const x = await panels(page); return x.length === 1 && x[0].width > 1000 && x; }, 5000);
  check('View shows the panel alone, the URL says viewPanel', !!ps && q(page).get('viewPanel') === '3', page.url());
  await page.keyboard.press('Escape');
  await page.click('#kiosk-toggle');
  const kiosk = await page.evaluate(() => getComputedStyle(document.getElementById('topbar')).display === 'none');
  check('kiosk hides the bars, the URL says kiosk', kiosk && q(page).has('kiosk'), page.url());
  await page.keyboard.press('Escape');
  const darkMean = (await probe(page, 3)).mean;
  const s3 = (await panels(page)).find((x) => x.id === 3).seq;
  await page.click('#theme-toggle');
  const light = await waitFor(async () => { const x = (await panels(page)).find((pp) => pp.id === 3); const pr = x.seq > s3 && await probe(page, 3); return pr && pr.mean > 150 && pr; }, 15000);
  check('light theme: page and images', (await page.getAttribute('html', 'data-theme')) === 'light' && q(page).get('theme') === 'light' && !!light,
    'mean brightness ' + darkMean.toFixed(0) + ' → ' + (light && light.mean.toFixed(0)));
  await page.click('body', { position: { x: 2, y: 300 } });
  const reached = new Set();
  await page.focus('.brand');
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    reached.add(await page.evaluate(() => { const a = document.activeElement; return a.id || a.className; }));
  }
  const need = ['time-button', 'refresh-select', 'var-button', 'panel'];
  check('keyboard reaches the time picker, refresh, variables and panels', need.every((n) => [...reached].some((r) => r.split(' ').includes(n))), [...reached].join(', '));
  check('no console error, no dialog', w.errors.length === 0 && w.dialogs.length === 0, brief(w));
  await ctx.close();
  return mode;
}

async function phone(browser) {
  console.log('== a 390×844 phone');
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  const page = await ctx.newPage();
  await page.goto(URL0 + '/d/browser-main');
  const ps = await loaded(page, [2, 3]);
  const gw = await page.evaluate(() => document.getElementById('grid').getBoundingClientRect().width);
  const one = ps && ps.every((p) => Math.abs(p.width - gw) < 1 && Math.abs(p.left - ps[0].left) < 1);
  const sorted = ps ? [...ps].sort((a, b) => a.top - b.top) : [];
  const stacked = sorted.every((p, i) => i === 0 || p.top >= sorted[i - 1].top + sorted[i - 1].height);
  check('one column, panels stacked, full width', !!ps && one && stacked,
    ps && ps.map((p) => p.id + '@' + p.left + ',' + p.top + ' ' + p.width + '×' + p.height).join('; ') + ' in ' + gw);
  const pr = ps && await probe(page, 2);
  check('phone images show data', pr && pr.colored > 100, pr && pr.colored + ' series pixels');
  await ctx.close();
}

/* ?transport=http: the render URL instead of /ws, as where /ws cannot be had */
async function overHTTP(browser) {
  console.log('== the render URL instead of /ws');
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  const w = watch(page);
  let renders = 0, sockets = 0;
  page.on('request', (r) => { if (r.url().includes('/render/d-solo/')) renders++; });
  page.on('websocket', () => { sockets++; });
  await page.goto(URL0 + '/d/browser-main?transport=http');
  const ps = await loaded(page, [2, 3]);
  const pr = ps && await probe(page, 2);
  check('every panel image loads from the render URL, with data', !!ps && pr && pr.colored > 100,
    pr && pr.colored + ' series pixels');
  const said = await waitFor(async () => { const s = await page.textContent('#conn'); return s === 'Live (HTTP)' && s; }, 5000);
  check('the indicator says HTTP', said === 'Live (HTTP)', said || await page.textContent('#conn'));
  check('the pictures came from the render URL, no WebSocket opened', renders >= 2 && sockets === 0,
    renders + ' render requests, ' + sockets + ' WebSockets');
  check('no console error over HTTP', w.errors.length === 0 && w.dialogs.length === 0, brief(w));
  await page.close();
}

async function xss(browser, live) {
  console.log('== dashboard text is data, never markup');
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const w = watch(page);
  await page.goto(URL0 + '/d/browser-xss');
  const ps = await loaded(page, [2]);
  check('the panel loads', !!ps);
  const title = await page.textContent('#dash-title');
  check('the title shows as text, visible', title.includes('<script>window.__xss=1</script>"><img src=x onerror="window.__xss=2">') && await page.isVisible('#dash-title'), title);
  const row = await page.textContent('.row-toggle');
  check('row title (with a variable holding markup) as text', row.includes('Row <script>') && row.includes('<script>window.__xss=1</script>'), row);
  const label = await page.textContent('.var .var-label');
  check('variable label as text', label.startsWith('Evil <script>'), label);
  await page.click('.var-button[data-var="evil"]');
  const opts = await page.$$eval('.var-option', (bs) => bs.map((b) => b.textContent));
  check('variable values as text', opts.some((o) => o.endsWith('"><img src=x onerror="window.__xss=2">')) && opts.some((o) => o.endsWith('<script>window.__xss=1</script>')), JSON.stringify(opts));
  await page.click('.var-option[data-value="\\"><img src=x onerror=\\"window.__xss=2\\">"]');
  await page.keyboard.press('Escape');
  await waitFor(() => q(page).getAll('var-evil').length === 2, 3000);
  check('the URL carries the values, encoded', q(page).getAll('var-evil').includes('"><img src=x onerror="window.__xss=2">'), page.url());
  const btn = await page.textContent('.var-button[data-var="evil"]');
  check('the chosen values show as text', btn.includes('<script>') && btn.includes('"><img'), btn);
  await page.hover('.panel[data-panel-id="2"] .panel-info');
  const desc = await waitFor(async () => (await page.isVisible('#tooltip .tip-desc')) && page.textContent('#tooltip .tip-desc'), 3000);
  check('the description as text', (desc || '').includes('Description <script>window.__xss=1</script>'), desc);
  const links = await page.$$eval('#links > *', (ls) => ls.map((l) => ({ tag: l.tagName, href: l.getAttribute('href'), text: l.textContent })));
  check('links: text, and no javascript: URL', links.length === 2 && links[0].tag === 'SPAN' && !links[0].href && links[1].tag === 'A' && links[1].href.startsWith('http') && links[0].text.includes('<script>'), JSON.stringify(links));
  if (live) {
    const { plot } = await plotRect(page, 2);
    const bb = await (await page.$('.panel[data-panel-id="2"]')).boundingBox();
    await page.mouse.move(5, 5);
    let wiggle = 0;
    const names = await waitFor(async () => {
      await page.mouse.move(bb.x + plot.x + plot.w / 2 + (wiggle++ % 2), bb.y + plot.y + plot.h / 2);
      return (await page.isVisible('#tooltip .tip-row')) && page.$$eval('#tooltip .tip-name', (ns) => ns.map((n) => n.textContent));
    }, 8000, 250);
    check('legends in the crosshair tooltip as text', Array.isArray(names) && names.some((n) => n.includes('legend <script>window.__xss=1</script>')), JSON.stringify(names));
  }
  const alt = ps && ps[0].alt;
  check('alt text holds the title as text', (alt || '').startsWith('Panel <script>'), alt);
  const svgAnswer = await fetch(URL0 + '/render/d-solo/browser-xss?panelId=2&format=svg&width=800&height=300');
  const svg = await svgAnswer.text();
  /* parsed in a page of its own: the SVG's style attributes would be
   * reported against the client's CSP */
  const blank = await browserOf(page).newPage();
  const tags = await blank.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    if (doc.querySelector('parsererror')) return null;
    const names = new Set(), attrs = new Set();
    for (const e of doc.querySelectorAll('*')) { names.add(e.localName); for (const a of e.attributes) attrs.add(a.name); }
    return { names: [...names].sort(), attrs: [...attrs].filter((a) => /^on/i.test(a)) };
  }, svg);
  await blank.close();
  check('SVG: well-formed, the text drawn (no element or handler from it), served with CSP none',
    tags && !tags.names.some((n) => /script|img|foreign/i.test(n)) && tags.attrs.length === 0 && !/<script|onerror/i.test(svg) &&
    /default-src 'none'/.test(svgAnswer.headers.get('content-security-policy')), JSON.stringify(tags));
  await page.waitForTimeout(500);
  /* the page's own scripts only: each from /static/ */
  const ran = await page.evaluate(() => ({ flag: window.__xss,
    scripts: [...document.scripts].filter((s) => !/^\/static\/[a-z]+\.js$/.test(new URL(s.src || 'x:', location.href).pathname)).length,
    imgs: document.querySelectorAll('img[src="x"]').length }));
  check('nothing ran: no flag, no dialog, no console error, no injected element',
    ran.flag === undefined && w.dialogs.length === 0 && w.errors.length === 0 && ran.scripts === 0 && ran.imgs === 0, JSON.stringify(ran) + ' ' + brief(w));
  await page.close();
}

async function liveUpdate(browser) {
  console.log('== a live update after new samples reach Prometheus; Prometheus stopped and started');
  const page = await browser.newPage({ viewport: { width: 1200, height: 700 } });
  const w = watch(page);
  await page.goto(URL0 + '/d/browser-live');
  let ps = await loaded(page, [1]);
  if (!check('the live panel loads', !!ps)) { await shot(page, 'live'); return; }
  check('refresh from the dashboard, in the URL', q(page).get('refresh') === '1s', page.url());
  const { plot } = await plotRect(page, 1);
  /* the newest tenth of the plot: where new samples land */
  const right = { x: plot.x + plot.w * 0.9, y: plot.y, w: plot.w * 0.1, h: plot.h };
  const low = await waitFor(async () => { const pr = await probe(page, 1, right); return pr && pr.top > plot.y + plot.h * 0.7 && pr; }, 15000);
  check('the gauge at 10 draws low', !!low, low && 'top ' + low.top.toFixed(0) + ' in plot ' + JSON.stringify(plot));
  const seq = (await panels(page))[0].seq;
  gauge = 90;
  const t1 = Date.now();
  const high = await waitFor(async () => { const pr = await probe(page, 1, right); return pr && pr.top >= 0 && pr.top < plot.y + plot.h * 0.3 && pr; }, 20000);
  const seq2 = (await panels(page))[0].seq;
  check('set to 90: a new frame arrives and the line rises', !!high && seq2 > seq,
    (high ? 'top ' + high.top.toFixed(0) : 'no') + ' after ' + ((Date.now() - t1) / 1000).toFixed(1) + ' s, frames ' + seq + ' → ' + seq2);

  const pid = Number(fs.readFileSync(process.env.PROM_PID_FILE, 'utf8'));
  process.kill(pid, 'SIGKILL');
  const t2 = Date.now();
  const err = await waitFor(async () => {
    const p = (await panels(page))[0];
    const c = await page.getAttribute('#conn', 'data-state');
    return p.status === 'error' && c === 'error' && await page.isVisible('.panel-error') && { p, c, text: await page.textContent('#conn') };
  }, 20000);
  check('Prometheus stopped: the panel shows the error, the indicator says so', !!err,
    err ? JSON.stringify(err.text) + ' after ' + ((Date.now() - t2) / 1000).toFixed(1) + ' s' : await page.textContent('#conn'));
  await shot(page, 'prometheus-down');
  execFileSync('bash', [process.env.PROM_START], { stdio: 'inherit' });
  const t3 = Date.now();
  const ok = await waitFor(async () => {
    const p = (await panels(page))[0];
    const c = await page.getAttribute('#conn', 'data-state');
    return p.status === 'ok' && (c === 'live' || c === 'http') && !(await page.isVisible('.panel-error')) && await page.textContent('#conn');
  }, 30000);
  check('Prometheus back: the panel and the indicator recover', !!ok, ok ? ok + ' after ' + ((Date.now() - t3) / 1000).toFixed(1) + ' s' : await page.textContent('#conn'));
  const pr = await probe(page, 1);
  check('and the image shows data again', pr && pr.colored > 50, pr && pr.colored + ' series pixels');

  /* cairn itself restarted: the indicator says the connection is lost,
   * then live again, and frames come again */
  const cpid = Number(fs.readFileSync(process.env.CAIRN_PID_FILE, 'utf8'));
  const seqBefore = (await panels(page))[0].seq;
  process.kill(cpid, 'SIGTERM');
  const down = await waitFor(async () => (await page.getAttribute('#conn', 'data-state')) === 'down' && page.textContent('#conn'), 10000);
  check('cairn stopped: the indicator says the connection is lost', !!down, down || await page.textContent('#conn'));
  execFileSync('bash', [process.env.CAIRN_START], { stdio: 'inherit' });
  const back = await waitFor(async () => {
    const c = await page.getAttribute('#conn', 'data-state');
    const p = (await panels(page))[0];
    return (c === 'live' || c === 'http') && p.seq > seqBefore && p.status === 'ok' && await page.textContent('#conn');
  }, 20000);
  check('cairn back: the page reconnects by itself, frames come again', !!back, back || await page.textContent('#conn'));
  const benign = w.errors.filter((e) => !/Failed to load resource|WebSocket connection to/.test(e));
  check('no script error meanwhile', benign.length === 0, JSON.stringify(benign.slice(0, 3)));
  await page.close();
}

(async () => {
  await new Promise((r) => scrape.listen(Number(process.env.SCRAPE_PORT), '127.0.0.1', r));
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    await listPage(browser);
    const mode = await mainDashboard(browser);
    await phone(browser);
    await overHTTP(browser);
    await xss(browser, mode === 'Live' || (mode || '').startsWith('Live') && !/HTTP/.test(mode));
    await liveUpdate(browser);
  } catch (e) {
    check('no exception in the test', false, e.stack);
  } finally {
    await browser.close();
    scrape.close();
  }
  console.log('\n' + passed + ' passed, ' + failed + ' failed in ' + ((Date.now() - t0) / 1000).toFixed(1) + ' s');
  process.exit(failed ? 1 : 0);
})();
