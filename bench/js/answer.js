// answer.js — what every JavaScript peer shares: the saved Prometheus
// query_range answer read and parsed (JSON.parse, then numbers), the series
// names as cairn's legend gives them, Grafana's palette and the time labels.
'use strict';
const fs = require('fs');

// Grafana's classic palette, the order cairn gives series their colours.
const PALETTE = ['#73BF69', '#F2CC0C', '#8AB8FF', '#FF780A', '#F2495C', '#5794F2', '#B877D9',
  '#705DA0', '#37872D', '#FADE2A', '#447EBC', '#C15C17', '#890F02', '#0A437C', '#6D1F62',
  '#584477', '#B7DBAB', '#F4D598', '#70DBED', '#F9BA8F', '#F29191', '#82B5D8', '#E5A8E2',
  '#AEA2E0', '#629E51', '#E5AC0E', '#64B0C8', '#E0752D', '#BF1B00', '#0A50A1', '#962D82',
  '#614D93', '#9AC48A', '#F2C96D', '#65C5DB', '#F9934E', '#EA6460', '#5195CE', '#D683CE',
  '#806EB7', '#3F6833', '#967302', '#2F575E', '#99440A', '#58140C', '#052B51', '#511749',
  '#3F2B5B', '#E0F9D7', '#FCEACA', '#CFFAFF', '#F9E2D2', '#FCE2DE', '#BADFF4', '#F9D9F9',
  '#DEDAF7'];

// Reads FILE; returns { t: Float64Array of unix seconds (the first series'
// timestamps: every series of these answers shares them), names: [...],
// values: [Float64Array per series] }.  The legend name is the series'
// label other than __name__ ({{series}} / {{pod}} in cairn's dashboards).
function readAnswer(file) {
  const result = JSON.parse(fs.readFileSync(file, 'utf8')).data.result;
  const n = result[0].values.length;
  const t = new Float64Array(n);
  result[0].values.forEach((s, i) => { t[i] = s[0]; });
  const names = result.map((r) => {
    const labels = Object.keys(r.metric).filter((k) => k !== '__name__');
    return labels.length ? r.metric[labels[0]] : r.metric.__name__;
  });
  const values = result.map((r) => Float64Array.from(r.values, (s) => Number(s[1])));
  return { t, names, values };
}

// "HH:MM" in UTC for spans under two days, else "MM/DD", as cairn labels them.
function timeLabel(seconds, spanSeconds) {
  const d = new Date(seconds * 1000).toISOString();
  return spanSeconds < 2 * 86400 ? d.slice(11, 16) : `${d.slice(5, 7)}/${d.slice(8, 10)}`;
}

module.exports = { readAnswer, timeLabel, PALETTE, WIDTH: 1000, HEIGHT: 500 };
