#!/usr/bin/env python3
"""cases.json from generated.json (gen.py, capture.py) and the references in ref/: each
case probes the most common colours of Grafana's image that are neither
the panel's background nor its border (at most 3, each at least 50 px of exactly that colour)."""
import collections, json, os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pngread import read

HERE = os.path.dirname(os.path.abspath(__file__))
REL = 'tests/cli/grafana-ref-panels/'
BG = {'dark': (0x18, 0x1B, 0x1F), 'light': (0xFF, 0xFF, 0xFF)}


def near(a, b, d=24):
    return all(abs(x - y) <= d for x, y in zip(a, b))


def probe_count(cnt, bg, c):
    """tests/series_probe.h's count: pixels on the line from bg to c at 40%+."""
    v = [c[k] - bg[k] for k in range(3)]
    vv = sum(x * x for x in v)
    if vv == 0:
        return 0
    n = 0
    for p, k in cnt.items():
        d = [p[i] - bg[i] for i in range(3)]
        a = sum(d[i] * v[i] for i in range(3)) / vv
        if a < 0.4 or a > 1.15:
            continue
        if max(abs(d[i] - a * v[i]) for i in range(3)) <= 18:
            n += k
    return n


def probes(path, theme):
    w, h, px = read(path)
    cnt = collections.Counter(p for row in px[32:] for p in row)
    out = []
    for c, n in cnt.most_common(60):
        if n < 50 or len(out) == 3:
            break
        if near(c, BG[theme]) or any(near(c, o, 40) for o in out):
            continue
        if probe_count(cnt, BG[theme], c) < 200:  # the test wants 150 at least
            continue
        out.append(c)
    return [{'name': f'c{i}', 'colour': '#%02X%02X%02X' % c} for i, c in enumerate(out)]


cases = []
for g in json.load(open(os.path.join(HERE, 'generated.json'))):
    ref = f"ref/{g['name']}.png"
    dash = REL + g['panel']
    if g.get('dashboard'):  # a corpus dashboard, from the source root
        dash = os.path.normpath(dash)
    c = {'dashboard': dash, 'panel': g['id'],
         'data': {k: REL + v for k, v in g['data'].items()},
         'width': g['width'], 'height': g['height'], 'theme': g['theme'],
         'reference': REL + ref, 'from': g.get('from', 1700000000000),
         'to': g.get('to', 1700003600000),
         'plot': [0, 32, g['width'], g['height'] - 32],
         'series': probes(os.path.join(HERE, ref), g['theme'])}
    if not c['series']:
        c['no_probe'] = 'nothing coloured: the panel shows "No data" in secondary text'
    if g.get('cap'):
        c['max_unmatched'] = g['cap']
    cases.append(c)
VARS = ['instance=node-1:9100', 'job=node-exporter', 'node=node-1:9100', 'nodename=node-1']
json.dump({'vars': VARS, 'cases': cases}, open(os.path.join(HERE, 'cases.json'), 'w'), indent=1)
