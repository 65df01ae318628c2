#!/usr/bin/env python3
"""Saves the Prometheus answers behind corpus stat/gauge/bar gauge panels
(instant and range queries) and adds them to jobs.json and generated.json.

usage: capture.py PROM_URL QUERY_LOG CAIRN DASHBOARD PANEL_ID W H [--var N=V]...

Runs `cairn render DASHBOARD --panel ID` against the Prometheus whose
query_log_file is QUERY_LOG, takes the queries it logged (not the rule
evaluations), matches each to the panel target it came from (same text
outside {...} and [...]), asks it again and saves the answer as
data/<dashboard>-<id>-<refId>.json; from, to: 2026-01-01 01:00-05:00 UTC.
"""
import json, os, re, subprocess, sys, urllib.parse, urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
FROM, TO = '2026-01-01T01:00:00Z', '2026-01-01T05:00:00Z'
FROM_MS, TO_MS = 1767229200000, 1767243600000


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


def main():
    prom, qlog, cairn, dash, pid, w, h = sys.argv[1:8]
    pid, w, h = int(pid), int(w), int(h)
    extra = sys.argv[8:]
    before = os.path.getsize(qlog)
    subprocess.run([cairn, 'render', dash, '--panel', str(pid), '--width', str(w), '--height', str(h),
                    '--from', FROM, '--to', TO, '--prometheus', prom, '-o', '/tmp/capture-panel.png'] + extra,
                   check=True)
    with open(qlog) as f:
        f.seek(before)
        lines = [json.loads(l) for l in f if l.strip()]
    panel = find_panel(json.load(open(dash))['panels'], pid)
    used = {t.get('refId') for t in panel['targets'] if t.get('refId')}
    free = iter(c for c in 'ABCDEFGHIJKLMNOPQRSTUVWXYZ' if c not in used)
    targets = [(t.get('refId') or next(free), t) for t in panel['targets'] if not t.get('hide')]
    base = os.path.basename(dash)[:-5] + f'-{pid}'
    data = {}
    for e in lines:
        if 'ruleGroup' in e:
            continue
        params = e['params']
        refs = [r for r, t in targets if r not in data and norm(t.get('expr', '')) == norm(params['query'])]
        if not refs:
            continue
        if params.get('step', 0):
            q = {k: params[k] for k in ('query', 'start', 'end')}
            q['step'] = params['step']
            url = prom + '/api/v1/query_range'
        else:
            q = {'query': params['query'], 'time': params['start']}
            url = prom + '/api/v1/query'
        answer = urllib.request.urlopen(url, urllib.parse.urlencode(q).encode()).read()
        name = f'data/{base}-{refs[0]}.json'
        open(os.path.join(HERE, name), 'wb').write(answer)
        data[refs[0]] = name
    gen = json.load(open(os.path.join(HERE, 'generated.json')))
    jobs = json.load(open(os.path.join(HERE, 'jobs.json')))
    gen = [g for g in gen if g['name'] != base]
    jobs = [j for j in jobs if j['out'] != f'ref/{base}.png']
    rel = os.path.relpath(dash, HERE)
    gen.append({'name': base, 'panel': rel, 'dashboard': True, 'id': pid, 'data': data, 'width': w,
                'height': h, 'theme': 'dark', 'probes': [], 'cap': 20 if panel['type'] == 'gauge' else None,
                'gauge': panel['type'] == 'gauge', 'from': FROM_MS, 'to': TO_MS})
    job = {'dashboard': rel, 'panelId': pid, 'data': data, 'width': w, 'height': h, 'theme': 'dark',
           'from': FROM_MS, 'to': TO_MS, 'out': f'ref/{base}.png'}
    if panel['type'] == 'gauge':
        job['approxGauge'] = True
    jobs.append(job)
    json.dump(gen, open(os.path.join(HERE, 'generated.json'), 'w'), indent=1)
    json.dump(jobs, open(os.path.join(HERE, 'jobs.json'), 'w'), indent=1)
    print(base, data)


main()
