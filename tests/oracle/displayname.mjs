// Display-name oracle for tests/render/test_dispname.c: @grafana/data 10.4's
// applyFieldOverrides and getFieldDisplayName over Prometheus-like frames, with a
// replaceVariables answering __field / __series as Grafana's TemplateSrv macros do
// (fieldMacro: no path leaves the text as written; seriesNameMacro: only .name)
// and two dashboard variables, job=node and env=prod.
//
//   node tests/oracle/displayname.mjs '{"frames":[{"labels":{"job":"x"}}],
//     "fieldConfig":{"defaults":{"displayName":"${__field.labels.job}"},"overrides":[]}}'
//
// prints [getFieldDisplayName, config.displayName] per frame.  GREF_DIR: a
// directory whose node_modules hold @grafana/data 10.4 (default /tmp/panels-gref,
// the grafana-ref copy).  A frame's "dsName" is its displayNameFromDS.
import { createRequire } from 'module';
globalThis.window = globalThis;
globalThis.navigator = { language: 'en-US', languages: ['en-US'] };
const require = createRequire((process.env.GREF_DIR || '/tmp/panels-gref') + '/x.js');
const { Registry, displayNameOverrideProcessor, applyFieldOverrides, getFieldDisplayName, getFrameDisplayName, formatLabels, createTheme, FieldType, toDataFrame } = require('@grafana/data');
const { get } = require('lodash');

const re = /\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\${(\w+)(?:\.([^:^\}]+))?(?::([^\}]+))?}/g;
const vars = { job: 'node', env: 'prod' };
function proxy(field, frame, frames) {
  return new Proxy({}, { get: (o, key) => {
    if (key === 'name') return field.name;
    if (key === 'displayName') return getFieldDisplayName(field, frame, frames);
    if (key === 'labels' || key === 'formattedLabels') {
      if (!field.labels) return '';
      return { ...field.labels, __values: Object.values(field.labels).sort().join(', '), toString: () => formatLabels(field.labels, '', true) };
    }
    return undefined;
  }});
}
function replaceVariables(text, scoped) {
  return text.replace(re, (match, v1, v2, f2, v3, path, f3) => {
    const name = v1 || v2 || v3;
    if (name in vars) return vars[name];
    const dc = scoped && scoped.__dataContext;
    if (!dc) return match;
    const { frame, field, data, frameIndex } = dc.value;
    if (name === '__field') { return path ? get(proxy(field, frame, data), path) ?? '' : match; }
    if (name === '__series') { return path === 'name' ? getFrameDisplayName(frame, frameIndex) : match; }
    return match;
  });
}
const cases = JSON.parse(process.argv[2]);
const frames = cases.frames.map((f) => toDataFrame({ refId: f.refId ?? 'A', name: f.name, fields: [
  { name: 'Time', type: FieldType.time, values: [1] },
  { name: 'Value', type: FieldType.number, values: [1], labels: f.labels, config: f.dsName ? { displayNameFromDS: f.dsName } : {} } ] }));
const out = applyFieldOverrides({ data: frames, fieldConfig: cases.fieldConfig, replaceVariables, theme: createTheme(), fieldConfigRegistry: new Registry(() => [{ id: 'displayName', path: 'displayName', name: 'Display name', process: displayNameOverrideProcessor, settings: { expandTemplateVars: true }, shouldApply: () => true, override: () => null, editor: () => null }]) });
for (let i = 0; i < out.length; i++) console.log(JSON.stringify([getFieldDisplayName(out[i].fields[1], out[i], out), out[i].fields[1].config.displayName ?? null]));
