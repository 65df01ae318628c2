#!/usr/bin/env python3
"""Writes cases.json from jobs.json (gen.py's grafana-ref batch): cairn is
given the legacy panel (*.legacy.json), the reference is grafana-ref's image
of the migrated one; dark cases with one colour per series probe it."""
import json, os

HERE = 'tests/cli/grafana-ref-legacy'
GREEN, YELLOW, BLUE, ORANGE, RED = '#73BF69', '#F2CC0C', '#8AB8FF', '#FF780A', '#F2495C'
PROBES = {
    # aliasColors, an override's colour on points only, the palette on bars
    'graph-overrides-dark.grafana.png': [('node-1:9100', '#FF9830'), ('b node-1:9100', ORANGE),
                                         ('b node-2:9100', '#B877D9')],
    'graph-yaxes-dark.grafana.png': [('node-2:9100', YELLOW), ('mem node-2:9100', RED)],
    'graph-thresholds-dark.grafana.png': [('node-1:9100', GREEN), ('node-2:9100', YELLOW)],
    'graph-stack-negative-dark.grafana.png': [('node-1:9100', GREEN), ('b node-1:9100', ORANGE)],
}
WHY = {
    'singlestat-spark-bg': 'the background is a gradient: no one colour to probe',
    'singlestat-value': 'one value in its threshold colour: the image compare covers it',
}


def rel(path):
    return os.path.normpath(os.path.join(HERE, path))


def main():
    cases = []
    for j in json.load(open('jobs.json')):
        panel = json.load(open(j['legacy']))
        series = PROBES.get(j['out'], [])
        stat = panel['type'] == 'singlestat'
        case = {'dashboard': rel(j['legacy']), 'panel': panel['id'],
                'data': {r: rel(f) for r, f in j['data'].items()},
                'width': j['width'], 'height': j['height'], 'theme': j['theme'],
                'reference': rel(j['out']), 'from': j['from'], 'to': j['to'],
                'plot': [40, 40, j['width'] - 50, j['height'] - (40 if stat else 80)],
                'series': [{'name': n, 'colour': c} for n, c in series]}
        if not series:
            stem = j['out'].rsplit('-', 1)[0]
            case['no_probe'] = WHY.get(stem, 'light theme: the dark case probes the same series')
        cases.append(case)
    json.dump({'vars': [], 'cases': cases}, open('cases.json', 'w'), indent=1)


if __name__ == '__main__':
    main()
