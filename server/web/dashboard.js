/*
 * dashboard.js — one dashboard (/d/<uid>[/<slug>]): the grid laid out from
 * gridPos as Grafana does, each panel an image drawn by cairn at the
 * device's pixel ratio, pushed over /ws (live views) or, where /ws cannot
 * be had, fetched from the render URL; the time and refresh pickers,
 * variables, rows, drag-zoom, the crosshair, the panel menu, kiosk mode and
 * themes.  The URL always holds the state (history.replaceState), so a
 * copied link shows the same view.  Dashboard text (titles, descriptions,
 * legends, variable values, links) only ever goes into textContent and
 * attributes.
 *
 * This file holds the page's state, layout, panels, menus, time and view;
 * dashfeed.js how pictures arrive, dashpointer.js the crosshair, drag-zoom
 * and tooltip, dashvars.js the variables.  They are loaded before this one
 * and share the object D made at the end of it.
 */
'use strict';

(() => {
  const { el, getJSON, setTheme, theme, parseTime, formatTime } = cairn;

  /* Grafana's grid: 24 columns, 30 px rows, 8 px between; one column
   * below 769 px. */
  const COLS = 24, ROW_H = 30, GAP = 8, PHONE_MAX = 768, PANELS_PER_VIEW = 64;
  const QUICK = [
    ['now-5m', 'now', 'Last 5 minutes'], ['now-15m', 'now', 'Last 15 minutes'],
    ['now-30m', 'now', 'Last 30 minutes'], ['now-1h', 'now', 'Last 1 hour'],
    ['now-3h', 'now', 'Last 3 hours'], ['now-6h', 'now', 'Last 6 hours'],
    ['now-12h', 'now', 'Last 12 hours'], ['now-24h', 'now', 'Last 24 hours'],
    ['now-2d', 'now', 'Last 2 days'], ['now-7d', 'now', 'Last 7 days'],
    ['now-30d', 'now', 'Last 30 days'], ['now-90d', 'now', 'Last 90 days'],
    ['now-6M', 'now', 'Last 6 months'], ['now-1y', 'now', 'Last 1 year'],
    ['now-2y', 'now', 'Last 2 years'], ['now-5y', 'now', 'Last 5 years'],
    ['now-1d/d', 'now-1d/d', 'Yesterday'], ['now-2d/d', 'now-2d/d', 'Day before yesterday'],
    ['now-7d/d', 'now-7d/d', 'This day last week'], ['now-1w/w', 'now-1w/w', 'Previous week'],
    ['now-1M/M', 'now-1M/M', 'Previous month'], ['now-1y/y', 'now-1y/y', 'Previous year'],
    ['now/d', 'now/d', 'Today'], ['now/d', 'now', 'Today so far'],
    ['now/w', 'now/w', 'This week'], ['now/w', 'now', 'This week so far'],
    ['now/M', 'now/M', 'This month'], ['now/M', 'now', 'This month so far'],
    ['now/y', 'now/y', 'This year'], ['now/y', 'now', 'This year so far'],
  ];
  const REFRESH = ['', '5s', '10s', '30s', '1m', '5m', '15m', '30m', '1h', '2h', '1d'];

  const $ = (id) => document.getElementById(id);
  const grid = $('grid'), tooltip = $('tooltip'), menu = $('panel-menu'), conn = $('conn');

  /* ---- state: what the URL carries ------------------------------------- */
  const m = /^\/d\/([^/]+)(?:\/([^/]*))?$/.exec(location.pathname);
  const S = {
    uid: m ? decodeURIComponent(m[1]) : '',
    slug: m && m[2] ? decodeURIComponent(m[2]) : '',
    dash: null,
    from: null, to: null, refresh: '', theme: 'dark', kiosk: null, viewPanel: null,
    vars: new Map(),          /* name → [values] ('$__all' for All) */
    defs: [],                 /* /variables answer */
    collapsed: new Map(),     /* row id → bool */
  };
  const panels = new Map();   /* id → panel view */
  let phone = false;

  function readURL() {
    const q = new URLSearchParams(location.search);
    S.from = q.get('from');
    S.to = q.get('to');
    S.refresh = q.get('refresh') || '';
    S.theme = q.get('theme') || localStorage.getItem('cairn-theme') || 'dark';
    S.kiosk = q.has('kiosk') ? (q.get('kiosk') || '1') : null;
    S.viewPanel = q.get('viewPanel') ? Number(q.get('viewPanel')) : null;
    for (const [k, v] of q) {
      if (!k.startsWith('var-')) continue;
      const name = k.slice(4);
      if (!S.vars.has(name)) S.vars.set(name, []);
      S.vars.get(name).push(v);
    }
  }

  function varParams(p) {
    for (const [name, vals] of S.vars) for (const v of vals) p.append('var-' + name, v);
  }

  function writeURL() {
    const p = new URLSearchParams();
    p.set('from', S.from);
    p.set('to', S.to);
    varParams(p);
    if (S.refresh) p.set('refresh', S.refresh);
    p.set('theme', S.theme);
    if (S.kiosk) p.set('kiosk', S.kiosk === '1' ? '' : S.kiosk);
    if (S.viewPanel) p.set('viewPanel', String(S.viewPanel));
    const q = p.toString().replace(/kiosk=(&|$)/, 'kiosk$1');
    history.replaceState(null, '', location.pathname + '?' + q);
  }

  /* ---- text of the dashboard: variables in titles ---------------------- */
  function interpolate(s) {
    return String(s || '').replace(/\$\{(\w+)(?::\w+)?\}|\[\[(\w+)(?::\w+)?\]\]|\$(\w+)/g, (all, a, b, c) => {
      const name = a || b || c;
      const vals = S.vars.get(name);
      if (!vals) return all;
      return vals.includes('$__all') ? 'All' : vals.join(' + ');
    });
  }

  function rangeLabel() {
    const q = QUICK.find((r) => r[0] === S.from && r[1] === S.to);
    if (q) return q[2];
    const show = (s, up) => (/^now/.test(s) ? s : formatTime(parseTime(s, up)));
    return show(S.from, false) + ' to ' + show(S.to, true);
  }

  function absRange() {
    const now = Date.now();
    return [parseTime(S.from, false, now), parseTime(S.to, true, now)];
  }

  /* ---- connection state -------------------------------------------------- */
  /* mode: 'ws', or 'http' where /ws cannot be had (or ?transport=http);
   * state: connecting, live, http or down (dashfeed.js sets it) */
  const link = {
    mode: new URLSearchParams(location.search).get('transport') === 'http' ? 'http' : 'ws',
    state: 'connecting', msg: '', dsError: '', protoError: '',
  };
  function showConn() {
    let state = link.state, text;
    const failing = [...panels.values()].filter((p) => p.status === 'error');
    if (state === 'live' || state === 'http') {
      if (link.dsError) { state = 'error'; text = 'Datasource error: ' + link.dsError; }
      else if (link.protoError) { state = 'error'; text = 'cairn: ' + link.protoError; }
      else if (failing.length) { state = 'error'; text = failing.length + ' panel' + (failing.length > 1 ? 's' : '') + ' failing: ' + failing[0].message; }
      else text = link.state === 'live' ? 'Live' : 'Live (HTTP)';
    } else if (state === 'connecting') text = 'Connecting…';
    else text = 'Disconnected' + (link.msg ? ': ' + link.msg : '') + ' — reconnecting…';
    conn.dataset.state = state;
    conn.textContent = text;
    conn.title = text;
  }

  /* ---- layout ------------------------------------------------------------ */
  function sections(list) {
    const sorted = [...list].sort((a, b) => (a.gridPos?.y ?? 0) - (b.gridPos?.y ?? 0) || (a.gridPos?.x ?? 0) - (b.gridPos?.x ?? 0));
    const out = [];
    let cur = null;
    for (const p of sorted) {
      if (p.type === 'row') {
        if (!S.collapsed.has(p.id)) S.collapsed.set(p.id, !!p.collapsed);
        cur = { row: p, children: p.collapsed ? [...(p.panels || [])] : [] };
        out.push(cur);
      } else {
        if (!cur) { cur = { row: null, children: [] }; out.push(cur); }
        cur.children.push(p);
      }
    }
    return out;
  }

  /* Grid units of every item shown: rows take one unit; a collapsed row
   * hides its panels and pulls what follows up, as Grafana does. */
  function gridItems() {
    const items = [];
    let cursor = 0;
    for (const sec of sections(S.dash.panels || [])) {
      let base;
      if (sec.row) {
        items.push({ p: sec.row, x: 0, y: cursor, w: COLS, h: 1 });
        base = (sec.row.gridPos?.y ?? 0) + 1;
        cursor += 1;
        if (S.collapsed.get(sec.row.id)) continue;
      } else {
        base = Math.min(...sec.children.map((c) => c.gridPos?.y ?? 0));
      }
      let bottom = cursor;
      for (const c of sec.children) {
        const g = c.gridPos || { x: 0, y: 0, w: 12, h: 8 };
        const y = cursor + Math.max(0, g.y - base);
        items.push({ p: c, x: g.x, y, w: g.w, h: g.h });
        bottom = Math.max(bottom, y + g.h);
      }
      cursor = bottom;
    }
    return items;
  }

  function boxes(width) {
    const items = gridItems();
    phone = width <= PHONE_MAX;
    if (S.viewPanel && panelById(S.viewPanel)) {
      const h = Math.max(200, window.innerHeight - grid.getBoundingClientRect().top - 16);
      return [{ p: panelById(S.viewPanel), left: 0, top: 0, width, height: Math.round(h) }];
    }
    if (phone) {
      let top = 0;
      return items.sort((a, b) => a.y - b.y || a.x - b.x).map((it) => {
        const height = it.p.type === 'row' ? ROW_H : it.h * ROW_H + (it.h - 1) * GAP;
        const b = { p: it.p, left: 0, top, width, height };
        top += height + GAP;
        return b;
      });
    }
    const colW = (width - GAP * (COLS - 1)) / COLS;
    return items.map((it) => ({
      p: it.p,
      left: Math.round(it.x * (colW + GAP)),
      top: Math.round(it.y * (ROW_H + GAP)),
      width: Math.round(it.w * colW + Math.max(0, it.w - 1) * GAP),
      height: Math.round(it.h * ROW_H + Math.max(0, it.h - 1) * GAP),
    }));
  }

  function allPanels() {
    const out = [];
    for (const p of S.dash.panels || []) { out.push(p); for (const c of p.panels || []) out.push(c); }
    return out;
  }
  function panelById(id) { return allPanels().find((p) => p.id === id && p.type !== 'row'); }

  const rowEls = new Map();
  function rowElement(p) {
    let r = rowEls.get(p.id);
    if (!r) {
      const btn = el('button', { type: 'button', class: 'row-toggle',
        onclick: () => { S.collapsed.set(p.id, !S.collapsed.get(p.id)); layout(); } });
      r = { el: el('div', { class: 'row' }, btn), btn };
      rowEls.set(p.id, r);
    }
    const closed = S.collapsed.get(p.id);
    const n = (p.panels || []).length;
    r.btn.setAttribute('aria-expanded', closed ? 'false' : 'true');
    r.btn.replaceChildren(...[el('span', { class: 'chev', 'aria-hidden': 'true', text: closed ? '▸' : '▾' }),
      el('span', { class: 'row-title', text: interpolate(p.title) || 'Row' }),
      closed && n ? el('span', { class: 'row-count', text: '(' + n + ' panel' + (n > 1 ? 's' : '') + ')' }) : null].filter(Boolean));
    return r.el;
  }

  let layoutSizes = '';
  function layout() {
    const width = Math.floor(grid.clientWidth);
    if (!S.dash || width <= 0) return;
    const bs = boxes(width);
    const keep = new Set();
    let bottom = 0;
    for (const b of bs) {
      const node = b.p.type === 'row' ? rowElement(b.p) : panelView(b.p).el;
      if (b.p.type !== 'row') {
        const v = panelView(b.p);
        v.w = b.width; v.h = b.height;
        keep.add(v.id);
      }
      node.style.left = b.left + 'px';
      node.style.top = b.top + 'px';
      node.style.width = b.width + 'px';
      node.style.height = b.height + 'px';
      if (node.parentNode !== grid) grid.append(node);
      node.dataset.shown = '1';
      bottom = Math.max(bottom, b.top + b.height);
    }
    for (const child of [...grid.children]) {
      if (child.dataset.shown !== '1') child.remove();
      delete child.dataset.shown;
    }
    for (const v of panels.values()) v.shown = keep.has(v.id);
    grid.style.height = bottom + 'px';
    grid.classList.toggle('phone', phone);
    const sizes = [...keep].map((id) => { const v = panels.get(id); return id + ':' + v.w + 'x' + v.h; }).join(',') + '@' + devicePixelRatio;
    if (sizes !== layoutSizes) { layoutSizes = sizes; feed.requestImages(); }
  }

  /* ---- one panel ------------------------------------------------------- */
  function panelView(p) {
    let v = panels.get(p.id);
    if (v) return v;
    v = { id: p.id, p, w: 0, h: 0, status: '', message: '', seq: 0, url: null, plot: null, shown: false };
    v.img = el('img', { class: 'panel-img', alt: '', draggable: 'false' });
    v.sel = el('div', { class: 'selection', hidden: true });
    v.line = el('div', { class: 'crosshair', hidden: true });
    v.badge = el('div', { class: 'panel-error', role: 'alert', hidden: true });
    v.menuBtn = el('button', { type: 'button', class: 'panel-menu-btn', 'aria-haspopup': 'menu', text: '⋮' });
    v.menuBtn.addEventListener('click', (e) => { e.stopPropagation(); openMenu(v); });
    const kids = [v.img, v.sel, v.line, v.badge, v.menuBtn];
    if (p.description) {
      v.info = el('button', { type: 'button', class: 'panel-info', text: 'i' });
      const show = () => pointer.showDesc(v.info, interpolate(p.description));
      const hide = () => pointer.hideDesc();
      v.info.addEventListener('mouseenter', show);
      v.info.addEventListener('focus', show);
      v.info.addEventListener('mouseleave', hide);
      v.info.addEventListener('blur', hide);
      kids.push(v.info);
    }
    v.el = el('figure', { class: 'panel', tabindex: '0', 'data-panel-id': p.id }, ...kids);
    labelPanel(v);
    pointer.wirePointer(v);
    panels.set(p.id, v);
    return v;
  }

  function typeName(t) {
    return ({ timeseries: 'Time series', graph: 'Graph', stat: 'Stat', gauge: 'Gauge', table: 'Table',
      bargauge: 'Bar gauge', text: 'Text', piechart: 'Pie chart', heatmap: 'Heatmap' })[t] || (t || 'Panel');
  }

  function labelPanel(v) {
    const title = interpolate(v.p.title) || 'Panel ' + v.id;
    let summary = typeName(v.p.type) + ' panel, ' + rangeLabel();
    if (v.status === 'error') summary += ', error: ' + v.message;
    else if (v.status === 'nodata') summary += ', no data';
    v.img.alt = title + ' — ' + summary;
    v.el.setAttribute('aria-label', title);
    v.menuBtn.setAttribute('aria-label', 'Menu for panel ' + title);
    if (v.info) v.info.setAttribute('aria-label', 'Description of panel ' + title);
    v.el.dataset.status = v.status || 'loading';
    v.badge.hidden = v.status !== 'error';
    v.badge.textContent = v.status === 'error' ? v.message || 'error' : '';
  }

  function setStatus(v, status, message) {
    v.status = status || 'ok';
    v.message = message || '';
    labelPanel(v);
    showConn();
  }

  async function showBlob(v, blob) {
    const url = URL.createObjectURL(blob);
    const probe = new Image();
    probe.src = url;
    try { await probe.decode(); } catch (e) { URL.revokeObjectURL(url); return; }
    const old = v.url;
    v.url = url;
    v.img.src = url;
    v.seq++;
    v.el.dataset.seq = String(v.seq);
    /* a new picture may move the axes (wider labels): asked again when
     * next needed */
    if (v.plot) v.plot.stale = true;
    if (old) setTimeout(() => URL.revokeObjectURL(old), 1000);
  }

  /* ---- what the server is asked for ----------------------------------------- */
  function renderParams(v, extra) {
    const p = new URLSearchParams();
    p.set('panelId', String(v.id));
    p.set('width', String(Math.max(16, v.w)));
    p.set('height', String(Math.max(16, v.h)));
    p.set('scale', String(Math.min(4, Math.max(1, Math.round(devicePixelRatio * 100) / 100))));
    p.set('from', S.from);
    p.set('to', S.to);
    p.set('theme', S.theme);
    varParams(p);
    for (const [k, val] of Object.entries(extra || {})) p.set(k, val);
    return p;
  }
  function renderURL(v, extra) {
    return '/render/d-solo/' + encodeURIComponent(S.uid) + '/' + encodeURIComponent(S.slug || 'dashboard') + '?' + renderParams(v, extra);
  }

  /* ---- the panel menu ------------------------------------------------------ */
  function openMenu(v) {
    const title = interpolate(v.p.title) || 'panel-' + v.id;
    const file = title.replace(/[^\w.-]+/g, '_').slice(0, 60) || 'panel';
    const abs = (u) => location.origin + u;
    const items = [
      ['View', () => { S.viewPanel = S.viewPanel === v.id ? null : v.id; closeMenu(); applyView(); }],
      ['Download PNG', () => download(renderURL(v), file + '.png')],
      ['Download SVG', () => download(renderURL(v, { format: 'svg' }), file + '.svg')],
      ['Copy render URL', () => copy(abs(renderURL(v)))],
    ];
    if (S.viewPanel === v.id) items[0][0] = 'Back to dashboard';
    menu.replaceChildren(...items.map(([label, fn]) => el('button', { type: 'button', role: 'menuitem', class: 'menu-item', text: label, onclick: fn })));
    menu.hidden = false;
    const r = v.menuBtn.getBoundingClientRect();
    menu.style.top = (r.bottom + window.scrollY + 2) + 'px';
    menu.style.left = Math.max(0, r.right + window.scrollX - menu.offsetWidth) + 'px';
    menu.dataset.panel = String(v.id);
    menu.firstChild.focus();
  }
  function closeMenu() {
    if (menu.hidden) return;
    menu.hidden = true;
    const v = panels.get(Number(menu.dataset.panel));
    if (v) v.menuBtn.focus();
  }
  function download(url, name) {
    const a = el('a', { href: url, download: name });
    document.body.append(a);
    a.click();
    a.remove();
    closeMenu();
  }
  function copy(text) {
    const done = () => { menu.replaceChildren(el('div', { class: 'menu-note', role: 'status', text: 'Copied' })); setTimeout(closeMenu, 700); };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, () => showCopyField(text));
    } else showCopyField(text);
  }
  function showCopyField(text) {
    const f = el('input', { class: 'copy-field', readonly: true, value: text, 'aria-label': 'Render URL' });
    menu.replaceChildren(f);
    f.focus();
    f.select();
  }

  /* ---- time -------------------------------------------------------------------- */
  function setRange(from, to) {
    S.from = from;
    S.to = to;
    changed();
    /* the options of query variables come from the range (Grafana's
     * refresh on time range change): asked again, the choices kept */
    vars.loadVars(null).catch(() => {});
  }

  function zoomOut() {
    const [a, b] = absRange();
    const span = b - a, c = a + span / 2;
    const to = Math.min(Date.now(), c + span);
    setRange(String(Math.round(to - 2 * span)), String(Math.round(to)));
  }

  function shift(dir) {
    const [a, b] = absRange();
    const d = dir * (b - a) / 2;
    setRange(String(Math.round(a + d)), String(Math.round(b + d)));
  }

  function drawTimePicker() {
    $('time-button').textContent = rangeLabel();
    $('time-button').setAttribute('aria-label', 'Time range: ' + rangeLabel() + '. Change time range');
    const f = /^now/.test(S.from) ? S.from : formatTime(parseTime(S.from, false));
    const t = /^now/.test(S.to) ? S.to : formatTime(parseTime(S.to, true));
    $('abs-from').value = f;
    $('abs-to').value = t;
    $('abs-error').textContent = '';
    drawQuick();
  }

  function drawQuick() {
    const words = $('quick-search').value.toLowerCase();
    const list = QUICK.filter((q) => q[2].toLowerCase().includes(words) || q[0].includes(words));
    $('quick-list').replaceChildren(...list.map(([f, t, label]) => el('li', {},
      el('button', { type: 'button', class: 'quick-item' + (f === S.from && t === S.to ? ' on' : ''), text: label,
        onclick: () => { closePopup(); setRange(f, t); } }))));
  }

  /* Times as the URL carries them: relative ones kept, absolute ones in ms. */
  function urlTime(s, up) {
    if (/^now/.test(s.trim()) && Number.isFinite(parseTime(s, up))) return s.trim();
    const t = parseTime(s, up);
    return Number.isFinite(t) ? String(Math.round(t)) : null;
  }

  /* ---- popups: one open at a time, Escape and outside clicks close it -------- */
  let popup = null;
  function openPopup(p, button, onClose) {
    closePopup();
    popup = { p, button, onClose };
    p.hidden = false;
    button.setAttribute('aria-expanded', 'true');
  }
  function popupIs(p) { return !!popup && popup.p === p; }
  function closePopup(refocus) {
    if (!popup) return;
    const { p, button, onClose } = popup;
    popup = null;
    p.hidden = true;
    button.setAttribute('aria-expanded', 'false');
    if (onClose) onClose();
    if (refocus) button.focus();
  }
  document.addEventListener('pointerdown', (e) => {
    if (popup && !popup.p.contains(e.target) && !popup.button.contains(e.target)) closePopup();
    if (!menu.hidden && !menu.contains(e.target) && !e.target.closest('.panel-menu-btn')) menu.hidden = true;
  });
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape') return;
    if (!menu.hidden) { closeMenu(); return; }
    if (popup) { closePopup(true); return; }
    if (S.viewPanel) { S.viewPanel = null; applyView(); return; }
    if (S.kiosk) { S.kiosk = null; applyView(); }
  });

  /* Grafana's shortcuts: t z zoom out, t ← / t → shift, d r refresh, d k
   * kiosk, v view the focused (or hovered) panel. */
  let prefix = '', prefixAt = 0;
  function shortcutPending() { return !!prefix && Date.now() - prefixAt < 1500; }
  document.addEventListener('keydown', (e) => {
    const t = e.target;
    if (e.ctrlKey || e.metaKey || e.altKey || (t && (t.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(t.tagName)))) return;
    const fresh = Date.now() - prefixAt < 1500 ? prefix : '';
    const key = fresh + e.key;
    prefix = '';
    const acts = {
      tz: zoomOut, tArrowLeft: () => shift(-1), tArrowRight: () => shift(1),
      dr: () => { layoutSizes = ''; layout(); },
      dk: () => { S.kiosk = S.kiosk ? null : '1'; applyView(); },
      v: () => {
        const pe = (t && t.closest && t.closest('.panel')) || document.querySelector('.panel:hover');
        if (!pe) return;
        const id = Number(pe.dataset.panelId);
        S.viewPanel = S.viewPanel === id ? null : id;
        applyView();
      },
    };
    if (acts[key]) { e.preventDefault(); acts[key](); return; }
    if (!fresh && (e.key === 't' || e.key === 'd')) { prefix = e.key; prefixAt = Date.now(); }
  });

  /* ---- links ---------------------------------------------------------------------- */
  function safeHref(u) {
    try {
      const url = new URL(interpolate(u), location.href);
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
    } catch (e) { return null; }
  }
  function drawLinks() {
    const links = (S.dash.links || []).filter((l) => l && l.type !== 'dashboards' && l.url).map((l) => {
      const href = safeHref(l.url);
      const text = interpolate(l.title) || l.url;
      if (!href) return el('span', { class: 'dash-link-out', text });
      return el('a', { class: 'dash-link-out', href, title: l.tooltip || null, target: l.targetBlank ? '_blank' : null,
        rel: 'noopener noreferrer', text });
    });
    $('links').replaceChildren(...links);
    $('links').hidden = links.length === 0;
  }

  /* ---- the whole view --------------------------------------------------------- */
  function applyView() {
    setTheme(S.theme);
    document.body.classList.toggle('kiosk', !!S.kiosk);
    const vp = S.viewPanel && panelById(S.viewPanel);
    $('view-header').hidden = !vp;
    if (vp) $('view-title').textContent = interpolate(vp.title);
    $('kiosk-toggle').setAttribute('aria-pressed', S.kiosk ? 'true' : 'false');
    $('refresh-select').value = S.refresh;
    document.title = (interpolate(S.dash.title) || S.uid) + ' · cairn';
    $('dash-title').textContent = interpolate(S.dash.title) || S.uid;
    drawTimePicker();
    writeURL();
    for (const r of rowEls.keys()) rowEls.delete(r);
    grid.replaceChildren();
    layoutSizes = '';
    layout();
  }

  /* Time, variables or theme changed: new images, URL, labels. */
  function changed() {
    writeURL();
    drawTimePicker();
    vars.drawVars();
    document.title = (interpolate(S.dash.title) || S.uid) + ' · cairn';
    $('dash-title').textContent = interpolate(S.dash.title) || S.uid;
    for (const p of allRows()) if (rowEls.has(p.id)) rowElement(p);   /* titles with variables */
    if (link.mode === 'http') feed.http.schedule();
    layoutSizes = '';
    layout();
  }
  function allRows() { return (S.dash.panels || []).filter((p) => p.type === 'row'); }

  function wireToolbar() {
    $('time-button').addEventListener('click', () => {
      const p = $('time-panel');
      if (popup && popup.p === p) { closePopup(true); return; }
      drawTimePicker();
      openPopup(p, $('time-button'));
      $('abs-from').focus();
    });
    $('quick-search').addEventListener('input', drawQuick);
    $('abs-form').addEventListener('submit', (e) => {
      e.preventDefault();
      const f = urlTime($('abs-from').value, false), t = urlTime($('abs-to').value, true);
      if (!f || !t) { $('abs-error').textContent = (!f ? 'From' : 'To') + ' is not a time'; return; }
      if (!(parseTime(t, true) > parseTime(f, false))) { $('abs-error').textContent = 'From must be before To'; return; }
      closePopup(true);
      setRange(f, t);
    });
    $('zoom-out').addEventListener('click', zoomOut);
    $('shift-back').addEventListener('click', () => shift(-1));
    $('shift-fwd').addEventListener('click', () => shift(1));
    $('refresh-now').addEventListener('click', () => { layoutSizes = ''; layout(); });
    const sel = $('refresh-select');
    sel.replaceChildren(...REFRESH.map((r) => el('option', { value: r, text: r ? 'Every ' + r : 'Auto refresh off' })));
    sel.addEventListener('change', () => { S.refresh = sel.value; changed(); });
    $('theme-toggle').addEventListener('click', () => {
      S.theme = S.theme === 'dark' ? 'light' : 'dark';
      localStorage.setItem('cairn-theme', S.theme);
      setTheme(S.theme);
      changed();
    });
    $('kiosk-toggle').addEventListener('click', () => { S.kiosk = '1'; applyView(); });
    $('view-back').addEventListener('click', () => { S.viewPanel = null; applyView(); });
    new ResizeObserver(() => layout()).observe(grid);
    matchMedia('(resolution: ' + devicePixelRatio + 'dppx)').addEventListener('change', () => { layoutSizes = ''; layout(); });
  }

  async function start() {
    readURL();
    setTheme(S.theme);
    wireToolbar();
    try {
      S.dash = await getJSON('/api/dashboards/uid/' + encodeURIComponent(S.uid));
      if (S.dash && S.dash.dashboard) S.dash = S.dash.dashboard;
    } catch (e) {
      $('dash-error').hidden = false;
      $('dash-error').textContent = 'Could not load dashboard "' + S.uid + '": ' + e.message;
      return;
    }
    const t = S.dash.time || {};
    S.from = S.from || t.from || 'now-6h';
    S.to = S.to || t.to || 'now';
    if (!S.refresh && typeof S.dash.refresh === 'string') S.refresh = S.dash.refresh;
    try { await vars.loadVars(null); } catch (e) {
      $('dash-error').hidden = false;
      $('dash-error').textContent = 'Could not resolve the variables: ' + e.message;
    }
    drawLinks();
    applyView();
    showConn();
    feed.start();
  }

  /* What the page's modules share; each is made once, here. */
  const D = {
    S, panels, link, tooltip, $, PANELS_PER_VIEW,
    showConn, labelPanel, setStatus, showBlob, renderURL, renderParams, varParams,
    setRange, changed, shortcutPending, openPopup, closePopup, popupIs,
  };
  const feed = D.feed = cairn.dashFeed(D);
  const pointer = D.pointer = cairn.dashPointer(D);
  const vars = cairn.dashVars(D);

  start();
})();
