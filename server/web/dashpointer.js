/*
 * dashpointer.js — the pointer over a panel's picture: the crosshair with
 * the values under it (asked of the live view), drag-zoom to a new range,
 * the crosshair by keyboard, and the one tooltip of the page (values, or a
 * panel's description).  The plot rectangle comes from cairn (/plot), so
 * times are read exactly where cairn drew the axis.  cairn.dashPointer(D) is
 * called once by dashboard.js with the page's shared state and helpers.
 */
'use strict';

cairn.dashPointer = (D) => {
  const { el, formatTime, getJSON } = cairn;
  const { S, link, tooltip } = D;

  async function plotOf(v) {
    if (v.plot && v.plot.key === D.renderURL(v) && !v.plot.stale) return v.plot;
    if (v.plotAsk) return v.plotAsk;
    const key = D.renderURL(v);
    const q = D.renderParams(v);
    q.delete('scale');
    const at = Date.now();
    v.plotAsk = getJSON('/api/dashboards/uid/' + encodeURIComponent(S.uid) + '/plot?' + q);
    try {
      const r = await v.plotAsk;
      v.plot = { key, at, rect: r.plot, from: r.from, to: r.to, relative: /now/.test(S.from + S.to) };
    } finally {
      v.plotAsk = null;
    }
    return v.plot;
  }

  /* The time under x (px from the image's left), clamped to the plot. */
  function timeAt(pl, x) {
    const shift = pl.relative ? Date.now() - pl.at : 0;
    const f = Math.min(1, Math.max(0, (x - pl.rect.x) / pl.rect.w));
    return pl.from + shift + f * (pl.to - pl.from);
  }

  let valuesBusy = false, valuesNext = null;
  function askValues(v, t) {
    const live = D.feed.live;
    valuesNext = { v, t };
    if (valuesBusy || link.mode !== 'ws' || !live.open) return;
    const { v: pv, t: pt } = valuesNext;
    valuesNext = null;
    valuesBusy = true;
    const done = () => { valuesBusy = false; live.valuesWait = null; if (valuesNext) askValues(valuesNext.v, valuesNext.t); };
    const timer = setTimeout(done, 2000);
    live.valuesWait = (o) => {
      clearTimeout(timer);
      if (o.panel === pv.id && pv.crossAt !== undefined) showValues(pv, o);
      done();
    };
    live.send({ op: 'values', view: live.viewOf.get(pv.id), panel: pv.id, time: Math.round(pt) });
  }

  /* A new picture under a crosshair: its values again. */
  function valuesAgain(v) {
    if (v.crossAt !== undefined && v.plot && v.plot.rect) askValues(v, timeAt(v.plot, v.crossAt));
  }

  /* what the tooltip shows: 'desc' (a panel's description) is not
   * replaced by the crosshair's values until it is closed */
  let tipKind = '';
  function showValues(v, o) {
    if (tipKind === 'desc' && !tooltip.hidden) return;
    const rows = (o.series || []).map((s) => {
      const sw = el('span', { class: 'swatch' });
      if (s.color) sw.style.background = String(s.color);
      return el('div', { class: 'tip-row' }, sw, el('span', { class: 'tip-name', text: s.name }),
        el('span', { class: 'tip-value', text: s.text !== undefined && s.text !== null ? s.text : String(s.value) }));
    });
    const t = o.time !== undefined ? o.time : v.crossTime;
    showTip(v.line, [el('div', { class: 'tip-time', text: formatTime(t) }), ...rows], v);
  }

  function wirePointer(v) {
    let drag = null;
    const local = (e) => e.clientX - v.img.getBoundingClientRect().left;
    const inPlot = (pl, x) => pl && pl.rect && x >= pl.rect.x && x <= pl.rect.x + pl.rect.w;
    /* Once the plot is known, the crosshair goes where the pointer is. */
    const learn = () => plotOf(v).then((pl) => {
      if (v.hoverX !== undefined && inPlot(pl, v.hoverX) && !drag) crossAt(v, pl, v.hoverX);
    }).catch(() => {});
    v.el.addEventListener('pointerenter', (e) => { v.hoverX = local(e); learn(); });
    v.el.addEventListener('pointermove', (e) => {
      const pl = v.plot && v.plot.key === D.renderURL(v) ? v.plot : null;
      const x = local(e);
      v.hoverX = x;
      if (pl && pl.stale && !drag) learn();
      if (drag) {
        const a = Math.max(pl.rect.x, Math.min(drag.x0, x)), b = Math.min(pl.rect.x + pl.rect.w, Math.max(drag.x0, x));
        v.sel.hidden = false;
        v.sel.style.left = a + 'px'; v.sel.style.width = Math.max(0, b - a) + 'px';
        v.sel.style.top = pl.rect.y + 'px'; v.sel.style.height = pl.rect.h + 'px';
      }
      if (!inPlot(pl, x)) { hideCross(v); if (!pl) learn(); return; }
      crossAt(v, pl, x);
    });
    v.el.addEventListener('pointerleave', () => { v.hoverX = undefined; if (!drag) hideCross(v); });
    v.el.addEventListener('pointerdown', (e) => {
      const pl = v.plot && v.plot.key === D.renderURL(v) ? v.plot : null;
      const x = local(e);
      if (e.button !== 0 || !inPlot(pl, x) || e.target.closest('button')) return;
      drag = { x0: x };
      v.el.setPointerCapture(e.pointerId);
      e.preventDefault();
    });
    v.el.addEventListener('pointerup', (e) => {
      if (!drag) return;
      const pl = v.plot;
      const x0 = drag.x0, x1 = local(e);
      drag = null;
      v.sel.hidden = true;
      if (Math.abs(x1 - x0) < 4 || !pl) return;
      const a = timeAt(pl, Math.min(x0, x1)), b = timeAt(pl, Math.max(x0, x1));
      D.setRange(String(Math.round(a)), String(Math.round(b)));
    });
    v.el.addEventListener('keydown', (e) => {   /* the crosshair by keyboard */
      if (e.target !== v.el || !['ArrowLeft', 'ArrowRight'].includes(e.key)) return;
      if (D.shortcutPending()) return;   /* t ←: a shortcut */
      e.preventDefault();
      plotOf(v).then((pl) => {
        if (!pl.rect) return;
        const x = v.crossX !== undefined ? v.crossX : pl.rect.x + pl.rect.w / 2;
        crossAt(v, pl, Math.max(pl.rect.x, Math.min(pl.rect.x + pl.rect.w, x + (e.key === 'ArrowLeft' ? -1 : 1) * pl.rect.w / 50)));
      }).catch(() => {});
    });
    v.el.addEventListener('blur', () => hideCross(v));
  }

  function crossAt(v, pl, x) {
    v.crossX = x;
    v.line.hidden = false;
    v.line.style.left = Math.round(x) + 'px';
    v.line.style.top = pl.rect.y + 'px';
    v.line.style.height = pl.rect.h + 'px';
    const t = timeAt(pl, x);
    v.crossTime = t;
    v.crossAt = x;
    if (tipKind === 'desc' && !tooltip.hidden) return;
    if (link.mode === 'ws' && D.feed.live.open) askValues(v, t);
    else showTip(v.line, [el('div', { class: 'tip-time', text: formatTime(t) })], v);
  }

  function hideCross(v) {
    v.line.hidden = true;
    v.crossAt = undefined;
    v.crossX = undefined;
    if (tipKind !== 'desc') hideTip();
  }

  function showTip(anchor, children, v) {
    tooltip.replaceChildren(...children);
    tooltip.hidden = false;
    const r = anchor.getBoundingClientRect();
    const tw = tooltip.offsetWidth, th = tooltip.offsetHeight;
    let left = r.right + 12 + window.scrollX;
    if (left + tw > window.scrollX + document.documentElement.clientWidth) left = r.left - tw - 12 + window.scrollX;
    let top = (v ? v.el.getBoundingClientRect().top + 30 : r.bottom + 4) + window.scrollY;
    top = Math.max(window.scrollY, Math.min(top, window.scrollY + window.innerHeight - th));
    tooltip.style.left = Math.max(0, left) + 'px';
    tooltip.style.top = top + 'px';
  }
  function hideTip() { tooltip.hidden = true; tipKind = ''; }

  /* A panel's description by its (i) button, kept over the crosshair's
   * values until it is closed. */
  function showDesc(anchor, text) {
    showTip(anchor, [el('div', { class: 'tip-desc', text })]);
    tipKind = 'desc';
  }
  function hideDesc() { if (tipKind === 'desc') hideTip(); }

  return { wirePointer, valuesAgain, showDesc, hideDesc };
};
