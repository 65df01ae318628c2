#!/usr/bin/env python3
"""Saves the Prometheus answers behind corpus panels and writes the grafana-ref
batch that draws them with Grafana's own components.

usage: capture.py PROMETHEUS_URL QUERY_LOG OUT_DIR  (then see README.md)

QUERY_LOG is a Prometheus query log (global.query_log_file) holding only the
queries of `cairn render --panel N` runs, one file per panel named
<dashboard>-<panel id>.qlog in OUT_DIR; each logged range query is matched to
the panel target it came from (same text outside {...} and [...]) and asked
again, and its answer saved as <dashboard>-<panel id>-<refId>.json.
"""
import glob, json, os, re, sys, urllib.parse, urllib.request

CORPUS = os.path.join(os.path.dirname(__file__), '../../../../shared/corpus/dashboards/')


def norm(expr):
    expr = re.sub(r'\{[^}]*\}', '', expr)
    expr = re.sub(r'\[[^\]]*\]', '', expr)
    return re.sub(r'\s+', '', expr)


def find_panel(panels, pid):
    for p in panels:
        if p.get('id') == pid:
            return p
        found = find_panel(p.get('panels', []), pid)
        if found:
            return found
    return None


def targets_with_refids(panel):
    used = {t.get('refId') for t in panel['targets'] if t.get('refId')}
    free = iter(c for c in 'ABCDEFGHIJKLMNOPQRSTUVWXYZ' if c not in used)
    return [(t.get('refId') or next(free), t) for t in panel['targets']]


def main(prom, out_dir):
    jobs = []
    for qlog in sorted(glob.glob(os.path.join(out_dir, '*.qlog'))):
        base = os.path.basename(qlog)[:-5]
        dash, pid = base.rsplit('-', 1)
        panel = find_panel(json.load(open(CORPUS + dash + '.json'))['panels'], int(pid))
        targets = targets_with_refids(panel)
        data, step = {}, None
        for line in open(qlog):
            params = json.loads(line)['params']
            refs = [r for r, t in targets if r not in data and norm(t['expr']) == norm(params['query'])]
            if not refs:
                sys.exit(f'{base}: no target matches {params["query"][:80]}')
            body = urllib.parse.urlencode({k: params[k] for k in ('query', 'start', 'end', 'step')})
            answer = urllib.request.urlopen(prom + '/api/v1/query_range', body.encode()).read()
            name = f'{base}-{refs[0]}.json'
            open(os.path.join(out_dir, name), 'wb').write(answer)
            data[refs[0]] = name
            step = params['step']
        jobs.append({'dashboard': '../../../../shared/corpus/dashboards/' + dash + '.json',
                     'panelId': int(pid), 'data': data, 'theme': 'dark',
                     'from': 1767229200000, 'to': 1767243600000, 'step': int(step * 1000),
                     'out': base + '.grafana.png'})
    json.dump(jobs, open(os.path.join(out_dir, 'jobs.json'), 'w'), indent=1)


if __name__ == '__main__':
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[3])
