/*
 * common.js — what both pages of cairn's thin client share: element
 * building (text only ever through textContent and attributes, never
 * markup), the theme, Grafana's time expressions, and JSON requests to
 * cairn.  No framework, no build step, nothing fetched from anywhere else.
 */
'use strict';

const cairn = (() => {
  /* el('div', {class: 'x', 'aria-label': t}, child...): children are nodes
   * or strings (made text nodes).  Dashboard text is data: it is never
   * parsed as HTML here or anywhere in the client. */
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'text') e.textContent = String(v);
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children) {
      if (c === null || c === undefined) continue;
      e.append(typeof c === 'string' ? document.createTextNode(c) : c);
    }
    return e;
  }

  async function getJSON(url) {
    const r = await fetch(url, { headers: { Accept: 'application/json' } });
    let body = null;
    try { body = await r.json(); } catch (e) { /* not JSON */ }
    if (!r.ok) {
      const msg = body && body.error ? body.error : r.status + ' ' + r.statusText;
      throw new Error(msg);
    }
    return body;
  }

  /* ---- theme ---------------------------------------------------------- */
  function setTheme(t) {
    document.documentElement.setAttribute('data-theme', t === 'light' ? 'light' : 'dark');
  }
  function theme() {
    return document.documentElement.getAttribute('data-theme') === 'light' ? 'light' : 'dark';
  }

  /* ---- time: Grafana's expressions ------------------------------------ */
  const UNIT_MS = { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3, w: 7 * 86400e3 };

  function roundTo(d, unit, up) {
    const x = new Date(d);
    switch (unit) {
      case 'y': x.setMonth(0, 1); x.setHours(0, 0, 0, 0); if (up) x.setFullYear(x.getFullYear() + 1); break;
      case 'M': x.setDate(1); x.setHours(0, 0, 0, 0); if (up) x.setMonth(x.getMonth() + 1); break;
      case 'w': x.setDate(x.getDate() - x.getDay()); x.setHours(0, 0, 0, 0); if (up) x.setDate(x.getDate() + 7); break;
      case 'd': x.setHours(0, 0, 0, 0); if (up) x.setDate(x.getDate() + 1); break;
      case 'h': x.setMinutes(0, 0, 0); if (up) x.setHours(x.getHours() + 1); break;
      case 'm': x.setSeconds(0, 0); if (up) x.setMinutes(x.getMinutes() + 1); break;
      case 's': x.setMilliseconds(0); if (up) x.setSeconds(x.getSeconds() + 1); break;
      default: return NaN;
    }
    return up ? x.getTime() - 1 : x.getTime();
  }

  function addUnits(t, n, unit) {
    if (UNIT_MS[unit]) return t + n * UNIT_MS[unit];
    const x = new Date(t);
    if (unit === 'M') x.setMonth(x.getMonth() + n);
    else if (unit === 'y') x.setFullYear(x.getFullYear() + n);
    else return NaN;
    return x.getTime();
  }

  /* A time expression to unix ms: now[±N unit]...[/unit], unix seconds or
   * ms, ISO 8601 / "YYYY-MM-DD HH:mm:ss" (local time).  NaN when not one. */
  function parseTime(s, roundUp, now) {
    s = String(s || '').trim();
    if (now === undefined) now = Date.now();
    if (/^\d+$/.test(s)) return s.length <= 11 ? Number(s) * 1000 : Number(s);
    if (s.startsWith('now')) {
      let t = now, rest = s.slice(3);
      while (rest.length) {
        let m = /^([+-])(\d+)([smhdwMy])/.exec(rest);
        if (m) { t = addUnits(t, (m[1] === '-' ? -1 : 1) * Number(m[2]), m[3]); rest = rest.slice(m[0].length); continue; }
        m = /^\/([smhdwMy])/.exec(rest);
        if (m) { t = roundTo(t, m[1], roundUp); rest = rest.slice(m[0].length); continue; }
        return NaN;
      }
      return t;
    }
    if (/^\d{4}-\d\d-\d\d( |T)\d\d:\d\d(:\d\d)?$/.test(s)) return new Date(s.replace(' ', 'T')).getTime();
    if (/^\d{4}-\d\d-\d\d$/.test(s)) return new Date(s + 'T00:00:00').getTime();
    const t = Date.parse(s);
    return Number.isFinite(t) ? t : NaN;
  }

  const pad = (n) => String(n).padStart(2, '0');
  function formatTime(ms) {
    const d = new Date(ms);
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' +
      pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds());
  }

  return { el, getJSON, setTheme, theme, parseTime, formatTime };
})();
