#!/usr/bin/env python3
"""Writes cases.json from the two grafana-ref batches (corpus-jobs.json from
make_data.py, options-jobs.json by hand): each job becomes a case with paths
from the source root.  Panels with coloured cells get colour probes: the
colours named in PROBES must cover their table body as in Grafana's image."""
import json, os

HERE = 'tests/cli/grafana-ref-table'
# per reference image: the table body [x, y, w, h] and its cell colours (theme's shades)
PROBES = {
    'options-cells-dark.grafana.png': ([0, 70, 900, 297], [('blue', '#5794F2'), ('purple', '#B877D9')]),
    'options-cells-light.grafana.png': ([0, 70, 900, 297], [('blue', '#3274D9'), ('purple', '#A352CC')]),
    'options-gauges-dark.grafana.png': ([0, 70, 800, 236], [('green', '#73BF69')]),
    'options-gauges-light.grafana.png': ([0, 70, 800, 236], [('green', '#56A64B')]),
}


def rel(path):
    return os.path.normpath(os.path.join(HERE, path))


def main():
    cases = []
    for batch in ('options-jobs.json', 'corpus-jobs.json'):
        for j in json.load(open(batch)):
            if 'panel' in j:
                dash, panel = rel(j['panel']), json.load(open(j['panel'])).get('id', 1)
            else:
                dash, panel = rel(j['dashboard']), j['panelId']
            plot, series = PROBES.get(j['out'], ([0, 30, j['width'], j['height'] - 30], []))
            case = {'dashboard': dash, 'panel': panel,
                    'data': {r: rel(f) for r, f in j['data'].items()},
                    'width': j['width'], 'height': j['height'], 'theme': j['theme'],
                    'reference': rel(j['out']), 'from': j['from'], 'to': j['to'],
                    'plot': plot, 'series': [{'name': n, 'colour': c} for n, c in series]}
            if not series:
                case['no_probe'] = 'no coloured cells: text and borders only'
            cases.append(case)
    json.dump({'vars': [], 'cases': cases}, open('cases.json', 'w'), indent=1)


if __name__ == '__main__':
    main()
