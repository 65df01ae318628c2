#!/usr/bin/env python3
"""Writes cases.json from jobs.json (the grafana-ref batch): each job becomes
a case with paths from the source root; dark cases probe their series'
colours inside the plot."""
import json, os

HERE = 'tests/cli/grafana-ref-bars'
GREEN, YELLOW, BLUE, ORANGE, RED = '#73BF69', '#F2CC0C', '#8AB8FF', '#FF780A', '#F2495C'
PROBES = {
    'bar-vertical-dark.grafana.png': [('Value', GREEN)],
    'bar-horizontal-dark.grafana.png': [('Value', GREEN)],
    'bar-grouped-dark.grafana.png': [('Total', GREEN), ('Free', YELLOW), ('Cached', BLUE)],
    'bar-stacked-dark.grafana.png': [('Total', GREEN), ('Free', YELLOW), ('Cached', BLUE)],
    'bar-percent-dark.grafana.png': [('Total', GREEN), ('Free', YELLOW), ('Cached', BLUE)],
    'bar-thresholds-dark.grafana.png': [('< 25', '#73BF69'), ('25+', '#FF9830'), ('35+', RED)],
    'hist-auto-dark.grafana.png': [('node-1:9100', GREEN), ('node-2:9100', YELLOW)],
    'hist-fixed-dark.grafana.png': [('node-1:9100', GREEN), ('node-2:9100', YELLOW)],
    'hist-combine-dark.grafana.png': [('count', GREEN)],
}


def rel(path):
    return os.path.normpath(os.path.join(HERE, path))


def main():
    cases = []
    for j in json.load(open('jobs.json')):
        panel = json.load(open(j['panel']))['id']
        series = PROBES.get(j['out'], [])
        case = {'dashboard': rel(j['panel']), 'panel': panel,
                'data': {r: rel(f) for r, f in j['data'].items()},
                'width': j['width'], 'height': j['height'], 'theme': j['theme'],
                'reference': rel(j['out']), 'from': j['from'], 'to': j['to'],
                'plot': [40, 40, j['width'] - 40, j['height'] - 110],
                'series': [{'name': n, 'colour': c} for n, c in series]}
        if not series:
            case['no_probe'] = 'light theme: the dark case probes the same bars'
        cases.append(case)
    json.dump({'vars': [], 'cases': cases}, open('cases.json', 'w'), indent=1)


if __name__ == '__main__':
    main()
