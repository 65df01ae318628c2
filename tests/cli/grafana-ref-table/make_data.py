#!/usr/bin/env python3
"""Writes deterministic Prometheus instant answers for the corpus' table panels
and the grafana-ref batch that draws them with Grafana's own components.

usage: make_data.py OUT_DIR   (then see README.md)

The test Prometheus holds node-exporter series only, so the kube-prometheus
tables would be empty; their answers are made here instead, for every table
panel of the corpus whose targets are `format: table` queries: each target
answers one row per key (the labels its outermost `by (...)` names, else the
join field), values spread over 0..1 for ratios, bytes for byte queries and
small counts otherwise.  The second target leaves out the last key, so outer
joins show their empty cells.  Nothing here depends on a dashboard's name.
"""
import glob, json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.normpath(os.path.join(HERE, '../../../../shared/corpus/dashboards'))
T = 1767236400  # 2026-01-01T05:00:00Z
GRID_W, COL_GAP, ROW_H = 1888, 8, 30


def panels(ps):
    for p in ps:
        if p.get('type') == 'row':
            yield from panels(p.get('panels', []))
        else:
            yield p


def by_labels(expr):
    suffix = re.findall(r'\)\s*by\s*\(([^)]*)\)\s*$', expr.strip())
    found = suffix or re.findall(r'by\s*\(([^)]*)\)', expr)
    if not found:
        return []
    return [l.strip() for l in found[0].split(',') if l.strip()]


def scale(expr):
    if '/' in expr:
        return 1.0
    if 'bytes' in expr:
        return 4e9
    return 40.0


def size(grid):
    col = (GRID_W - 23 * COL_GAP) / 24
    return round(grid['w'] * col + (grid['w'] - 1) * COL_GAP), grid['h'] * ROW_H + (grid['h'] - 1) * COL_GAP


def main(out):
    jobs = []
    for path in sorted(glob.glob(os.path.join(CORPUS, '*.json'))):
        dash = json.load(open(path))
        dash = dash.get('dashboard', dash)
        name = os.path.basename(path)[:-5]
        for p in panels(dash.get('panels', [])):
            if p.get('type') != 'table':
                continue
            targets = p['targets']
            used = {t.get('refId') for t in targets if t.get('refId')}
            free = iter(c for c in 'ABCDEFGHIJKLMNOPQRSTUVWXYZ' if c not in used)
            join = next((t['options'].get('byField') for t in p.get('transformations', [])
                         if t['id'] in ('joinByField', 'seriesToColumns')), None)
            data = {}
            for k, t in enumerate(targets):
                ref = t.get('refId') or next(free)
                labels = by_labels(t['expr']) or ([join] if join else ['instance'])
                rows = 5 if k != 1 else 4
                result = []
                for i in range(rows):
                    metric = {l: ('/' if l == 'mountpoint' and i == 0 else
                                  '/data%d' % i if l == 'mountpoint' else '%s-%d' % (l, i + 1))
                              for l in labels}
                    v = ((i + 1) * (k + 3) * 7919 % 1000) / 1000.0 * scale(t['expr'])
                    result.append({'metric': metric, 'value': [T, repr(round(v, 6))]})
                body = {'status': 'success', 'data': {'resultType': 'vector', 'result': result}}
                file = '%s-%d-%s.json' % (name, p['id'], ref)
                json.dump(body, open(os.path.join(out, file), 'w'), indent=1)
                data[ref] = file
            w, h = size(p['gridPos'])
            jobs.append({'dashboard': os.path.relpath(path, out), 'panelId': p['id'], 'data': data,
                         'width': w, 'height': h, 'theme': 'dark', 'from': (T - 3600) * 1000,
                         'to': T * 1000, 'out': '%s-%d.grafana.png' % (name, p['id'])})
    json.dump(jobs, open(os.path.join(out, 'corpus-jobs.json'), 'w'), indent=1)


if __name__ == '__main__':
    main(sys.argv[1])
