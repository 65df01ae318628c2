/*
 * dashfeed.js — how a dashboard's pictures arrive: over /ws as live views
 * (subscribe, frames, status, values for the crosshair), or, where /ws
 * cannot be had, from the render URL polled at the refresh interval.
 * cairn.dashFeed(D) is called once by dashboard.js with the page's shared
 * state and helpers (D); it owns the transport and the link's state shown by
 * the connection indicator (D.link).
 */
'use strict';

cairn.dashFeed = (D) => {
  const { S, panels, link } = D;

  let reqTimer = 0;
  /* New pictures for every shown panel (coalesced: a resize or a burst of
   * changes asks once). */
  function requestImages() {
    clearTimeout(reqTimer);
    reqTimer = setTimeout(() => {
      for (const v of panels.values()) { v.plot = null; D.labelPanel(v); }
      if (link.mode === 'ws') live.subscribe();
      else http.fetchAll();
    }, 150);
  }

  function durationMs(s) {
    const m = /^(\d+)(ms|s|m|h|d)$/.exec(s || '');
    if (!m) return 0;
    return Number(m[1]) * { ms: 1, s: 1e3, m: 60e3, h: 3600e3, d: 86400e3 }[m[2]];
  }

  /* ---- HTTP: the render URL, polled at the refresh interval --------------- */
  const http = {
    timer: 0,
    gen: 0,
    fetchAll() {
      const gen = ++this.gen;
      for (const v of panels.values()) if (v.shown && v.w > 0) this.fetchOne(v, gen);
      this.schedule();
    },
    async fetchOne(v, gen) {
      try {
        const r = await fetch(D.renderURL(v), { cache: 'no-cache' });
        if (gen !== this.gen) return;
        if (!r.ok) {
          let msg = r.status + ' ' + r.statusText;
          try { msg = (await r.json()).error || msg; } catch (e) { /* not JSON */ }
          D.setStatus(v, 'error', msg);
          return;
        }
        const blob = await r.blob();
        if (gen !== this.gen) return;
        await D.showBlob(v, blob);
        const st = r.headers.get('x-cairn-status') || 'ok';
        D.setStatus(v, st === 'partial' ? 'ok' : st, r.headers.get('x-cairn-error') || '');
        link.state = 'http';
        D.showConn();
      } catch (e) {
        if (gen !== this.gen) return;
        link.state = 'down';
        link.msg = 'cairn cannot be reached';
        D.showConn();
      }
    },
    schedule() {
      clearTimeout(this.timer);
      const ms = durationMs(S.refresh);
      if (link.mode === 'http' && ms > 0) this.timer = setTimeout(() => this.fetchAll(), ms);
    },
  };

  /* ---- /ws: live views ------------------------------------------------------ */
  const live = {
    ws: null, open: false, opened: false, failures: 0, backoff: 500, n: 0, view: null,
    views: new Set(), viewOf: new Map(),
    header: null, valuesWait: null, heard: false, silence: 0,
    connect() {
      const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws');
      ws.binaryType = 'blob';
      this.ws = ws;
      ws.onopen = () => {
        this.open = this.opened = true;
        this.backoff = 500;
        link.state = 'live'; link.msg = '';
        D.showConn();
        this.views = new Set();
        this.subscribe();
      };
      ws.onmessage = (ev) => {
        this.heard = true;
        return typeof ev.data === 'string' ? this.text(ev.data) : this.binary(ev.data);
      };
      ws.onclose = () => {
        this.open = false;
        if (ws !== this.ws) return;
        if (!this.opened && ++this.failures >= 2) {   /* no /ws here: the render URL */
          this.giveUp();
          return;
        }
        link.state = 'down';
        link.msg = 'connection to cairn lost';
        D.showConn();
        setTimeout(() => this.connect(), this.backoff);
        this.backoff = Math.min(5000, this.backoff * 2);
      };
    },
    send(o) { if (this.open) this.ws.send(JSON.stringify(o)); },
    subscribe() {
      if (!this.open) return;
      for (const old of this.views) this.send({ op: 'unsubscribe', view: old });
      this.views = new Set();
      this.viewOf = new Map();
      const gen = 'v' + (++this.n);
      this.view = gen;
      const vars = {};
      /* a variable with no value (no options) is left out, as the
       * render URL leaves it out */
      for (const [k, vals] of S.vars) if (vals.length) vars[k] = vals;
      const ps = [...panels.values()].filter((v) => v.shown && v.w > 0).map((v) => ({
        id: v.id, width: Math.min(8192, Math.max(16, v.w)), height: Math.min(8192, Math.max(16, v.h)),
        scale: Math.min(4, Math.max(1, Math.round(devicePixelRatio * 100) / 100)),
      }));
      /* a view holds at most PANELS_PER_VIEW panels (the server's
       * limits.ws_panels_per_view): more are several views */
      for (let i = 0; i < ps.length || i === 0; i += D.PANELS_PER_VIEW) {
        const name = i ? gen + '.' + i / D.PANELS_PER_VIEW : gen;
        const part = ps.slice(i, i + D.PANELS_PER_VIEW);
        if (!part.length) break;
        this.views.add(name);
        for (const p of part) this.viewOf.set(p.id, name);
        const msg = { op: 'subscribe', view: name, dashboard: S.uid, from: S.from, to: S.to,
          vars, theme: S.theme, panels: part };
        if (S.refresh) msg.refresh = S.refresh;
        this.send(msg);
      }
      /* A server that takes the connection and never answers a
       * subscription has no live views: the render URL stands in. */
      clearTimeout(this.silence);
      if (!this.heard && ps.length) this.silence = setTimeout(() => { if (!this.heard) this.giveUp(); }, 6000);
    },
    giveUp() {
      const ws = this.ws;
      this.ws = null;
      this.open = false;
      if (ws) ws.close();
      link.mode = 'http';
      link.state = 'http';
      D.showConn();
      http.fetchAll();
    },
    text(data) {
      let o;
      try { o = JSON.parse(data); } catch (e) { return; }
      if (o.view && !this.views.has(o.view)) { if (o.op === 'frame') this.header = { skip: true }; return; }
      if (o.op === 'status' || o.op === 'frame') link.protoError = '';
      if (o.op === 'frame') this.header = o;
      else if (o.op === 'error') { link.protoError = o.message || 'error'; D.showConn(); }
      else if (o.op === 'status') { link.dsError = o.ok === false ? (o.message || 'unreachable') : ''; D.showConn(); }
      else if (o.op === 'values' && this.valuesWait) this.valuesWait(o);
    },
    async binary(blob) {
      const h = this.header;
      this.header = null;
      if (!h || h.skip) return;
      const v = panels.get(h.panel);
      if (!v) return;
      /* no picture could be made (a timeout): an empty message, the
       * status alone */
      if (h.bytes > 0 && blob.size > 0) await D.showBlob(v, blob);
      const st = h.status === 'partial' ? 'ok' : h.status === 'timeout' ? 'error' : h.status;
      D.setStatus(v, st, h.error || h.message || (h.status === 'timeout' ? 'timed out' : ''));
      /* new data under a crosshair: its values again */
      D.pointer.valuesAgain(v);
    },
  };

  /* The first connection: /ws where the browser has it and the URL does not
   * ask for HTTP, else the render URL. */
  function start() {
    if (link.mode === 'ws' && 'WebSocket' in window) live.connect();
    else { link.mode = 'http'; link.state = 'http'; D.showConn(); http.fetchAll(); }
  }

  return { requestImages, start, live, http };
};
