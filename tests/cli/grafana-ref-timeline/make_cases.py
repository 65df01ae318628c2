#!/usr/bin/env python3
"""Writes cases.json from jobs.json (the grafana-ref batch): each job becomes
a case with paths from the source root; dark cases probe their states'
colours inside the rows."""
import json, os

HERE = 'tests/cli/grafana-ref-timeline'
GREEN, YELLOW, ORANGE, RED, PURPLE = '#73BF69', '#FADE2A', '#FF9830', '#F2495C', '#B877D9'
PROBES = {
    'state-mappings-dark.grafana.png': [('OK', GREEN), ('WARN', YELLOW), ('HIGH', ORANGE),
                                        ('CRIT', RED), ('DOWN', PURPLE)],
    'status-history-dark.grafana.png': [('< 1', GREEN), ('1+', YELLOW), ('3+', RED)],
    'state-thresholds-dark.grafana.png': [('< 50%', GREEN), ('50%+', ORANGE), ('80%+', RED)],
    'state-options-dark.grafana.png': [('OK', GREEN), ('WARN', YELLOW), ('CRIT', RED),
                                       ('DOWN', PURPLE)],
    'status-mappings-dark.grafana.png': [('OK', GREEN), ('HIGH', ORANGE), ('DOWN', PURPLE)],
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
        if not series and 'continuous' in j['out']:
            case['no_probe'] = 'colours of a continuous scheme by value: no one colour to probe'
        elif not series:
            case['no_probe'] = 'light theme: the dark cases probe the same boxes'
        cases.append(case)
    json.dump({'vars': [], 'cases': cases}, open('cases.json', 'w'), indent=1)


if __name__ == '__main__':
    main()
