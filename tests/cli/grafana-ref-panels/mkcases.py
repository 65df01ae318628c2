#!/usr/bin/env python3
"""cases.json from generated.json (gen.py) and the references in ref/: each
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


def probes(path, theme):
    w, h, px = read(path)
    cnt = collections.Counter(p for row in px[32:] for p in row)
    out = []
    for c, n in cnt.most_common(60):
        if n < 50 or len(out) == 3:
            break
        if near(c, BG[theme]) or any(near(c, o, 40) for o in out):
            continue
        out.append(c)
    return [{'name': f'c{i}', 'colour': '#%02X%02X%02X' % c} for i, c in enumerate(out)]


cases = []
for g in json.load(open(os.path.join(HERE, 'generated.json'))):
    ref = f"ref/{g['name']}.png"
    c = {'dashboard': REL + g['panel'], 'panel': g['id'],
         'data': {k: REL + v for k, v in g['data'].items()},
         'width': g['width'], 'height': g['height'], 'theme': g['theme'],
         'reference': REL + ref, 'from': 1700000000000, 'to': 1700003600000,
         'plot': [0, 32, g['width'], g['height'] - 32],
         'series': probes(os.path.join(HERE, ref), g['theme'])}
    if not c['series']:
        c['no_probe'] = 'nothing coloured: the panel shows "No data" in secondary text'
    if g.get('cap'):
        c['max_unmatched'] = g['cap']
    cases.append(c)
old = {}
if os.path.exists(os.path.join(HERE, 'cases.json')):
    old = json.load(open(os.path.join(HERE, 'cases.json')))
corpus = [c for c in old.get('cases', []) if 'corpus' in c['dashboard']]
json.dump({'vars': old.get('vars', []), 'cases': cases + corpus},
          open(os.path.join(HERE, 'cases.json'), 'w'), indent=1)
