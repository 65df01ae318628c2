#!/usr/bin/env python3
"""Writes cases.json from jobs.json (gen.py's grafana-ref batch): paths from
the source root; the dark cases with one colour per series probe it."""
import json, os

HERE = 'tests/cli/grafana-ref-ts'
GREEN, YELLOW, BLUE, ORANGE, RED = '#73BF69', '#F2CC0C', '#8AB8FF', '#FF780A', '#F2495C'
PALETTE = [('read', GREEN), ('write', YELLOW), ('cache', BLUE), ('evict', ORANGE),
           ('swing', RED)]
PROBES = {
    'stack-mixed-dark.grafana.png': PALETTE,
    'stack-percent-dark.grafana.png': [p for p in PALETTE if p[0] != 'cache'],  # (a thin band)
    # continuous colour, no gradient: the scheme at the last value (0: its first colour)
    'continuous-none-dark.grafana.png': [('a', '#1F60C4')],
    # p2 starts late and has a gap: drawn along p1 there, as Grafana does
    'stack-gaps-dark.grafana.png': [('p1', GREEN), ('p2', YELLOW), ('p3', BLUE)],
    'no-legend-dark.grafana.png': [('a', GREEN), ('b', YELLOW)],
    # thresholds without a gradient: each series in its last value's colour
    'thresholds-none-dark.grafana.png': [('a', GREEN)],
    # color.seriesBy max: both series reach past 70
    'thresholds-max-dark.grafana.png': [('a', RED)],
    # by value: threshold colours where the lines cross 40 and 70
    'scheme-thresholds-dark.grafana.png': [('a', RED), ('b', '#FADE2A')],
}
WHY = {
    'gradient-hue': 'a hue gradient: colours change with y, no one colour to probe',
    'scheme-continuous': 'coloured by value: no one colour per series',
    'scheme-percent': 'coloured by value: no one colour per series',
}


def rel(path):
    return os.path.normpath(os.path.join(HERE, path))


def main():
    cases = []
    for j in json.load(open('jobs.json')):
        panel = json.load(open(j['panel']))
        series = PROBES.get(j['out'], [])
        legend = panel['options']['legend']['showLegend']
        case = {'dashboard': rel(j['panel']), 'panel': panel['id'],
                'data': {r: rel(f) for r, f in j['data'].items()},
                'width': j['width'], 'height': j['height'], 'theme': j['theme'],
                'reference': rel(j['out']), 'from': j['from'], 'to': j['to'],
                'plot': [40, 40, j['width'] - 50, j['height'] - (80 if legend else 60)],
                'series': [{'name': n, 'colour': c} for n, c in series]}
        if not series:
            stem = j['out'].rsplit('-', 1)[0]
            case['no_probe'] = WHY.get(stem, 'light theme: the dark case probes the same series')
        cases.append(case)
    json.dump({'vars': [], 'cases': cases}, open('cases.json', 'w'), indent=1)


if __name__ == '__main__':
    main()
