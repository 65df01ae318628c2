#!/usr/bin/env python3
"""Writes the pie chart cases: the synthetic query_range answers (*.json with
one capital letter), the panels (*.panel.json), jobs.json (the grafana-ref
batch that draws the references) and cases.json (the test's cases, paths from
the source root; dark cases probe their slices' colours).  Run from this
folder."""
import json, os

HERE = 'tests/cli/grafana-ref-piechart'
FROM, TO, STEP = 1767225600000, 1767229200000, 900000  # 2026-01-01 00:00-01:00 UTC, 15 min
PALETTE = ['#73BF69', '#F2CC0C', '#8AB8FF', '#FF780A', '#F2495C', '#5794F2', '#B877D9']


def answer(name, series):
    """series: [(labels, [values...])] over the range at STEP."""
    result = []
    for labels, vals in series:
        ts = [FROM // 1000 + i * STEP // 1000 for i in range(len(vals))]
        result.append({'metric': {'__name__': 'cairn_test_share', **labels},
                       'values': [[t, str(v)] for t, v in zip(ts, vals) if v is not None]})
    json.dump({'status': 'success', 'data': {'resultType': 'matrix', 'result': result}},
              open(name, 'w'), separators=(',', ':'))


def shares(last):
    return [({'kind': k}, [v * 0.8, v * 0.9, v * 1.1, v * 0.95, v]) for k, v in last]


MAIN = [('api', 42), ('web', 27), ('db', 15), ('cache', 9), ('queue', 4.5)]
THIN = [('api', 42), ('web', 27), ('db', 15), ('tiny', 0.25), ('cache', 9), ('zero', 0)]


def panel(pid, title, options, defaults=None, overrides=None, expr='cairn_test_share',
          legend_format='{{kind}}'):
    return {'id': pid, 'type': 'piechart', 'title': title,
            'gridPos': {'x': 0, 'y': 0, 'w': 12, 'h': 9},
            'targets': [{'refId': 'A', 'expr': expr, 'legendFormat': legend_format}],
            'fieldConfig': {'defaults': defaults or {}, 'overrides': overrides or []},
            'options': options}


def legend(mode, place, values):
    return {'showLegend': True, 'displayMode': mode, 'placement': place, 'values': values}


def reduce_last():
    return {'values': False, 'calcs': ['lastNotNull'], 'fields': ''}


CASES = [
    # name, panel, answer, themes, size
    ('pie-list-bottom', panel(1, 'Share (pie, list legend)', {
        'reduceOptions': reduce_last(), 'pieType': 'pie', 'displayLabels': ['percent'],
        'legend': legend('list', 'bottom', ['percent']), 'tooltip': {'mode': 'single'}}),
     'A.json', ['dark', 'light'], (600, 360)),
    ('donut-table-right', panel(2, 'Share (donut, table legend)', {
        'reduceOptions': reduce_last(), 'pieType': 'donut', 'displayLabels': ['name', 'value'],
        'legend': legend('table', 'right', ['value', 'percent']), 'tooltip': {'mode': 'single'}},
        defaults={'decimals': 1}),
     'A.json', ['dark', 'light'], (720, 360)),
    ('pie-table-bottom', panel(3, 'Bytes (pie, table legend below)', {
        'reduceOptions': {'values': False, 'calcs': ['mean'], 'fields': ''}, 'pieType': 'pie',
        'displayLabels': ['name', 'percent'], 'legend': legend('table', 'bottom', ['value', 'percent']),
        'tooltip': {'mode': 'single'}}, defaults={'unit': 'bytes'}),
     'A.json', ['dark'], (600, 420)),
    ('donut-list-right', panel(4, 'Share (donut, list legend right)', {
        'reduceOptions': reduce_last(), 'pieType': 'donut', 'displayLabels': ['value'],
        'legend': legend('list', 'right', ['value']), 'tooltip': {'mode': 'single'}},
        defaults={'unit': 'percent'}),
     'A.json', ['dark'], (720, 360)),
    ('pie-all-values', panel(5, 'Every sample (values: true)', {
        'reduceOptions': {'values': True, 'calcs': [], 'fields': '', 'limit': 4}, 'pieType': 'pie',
        'displayLabels': ['percent'], 'legend': legend('list', 'bottom', ['value', 'percent']),
        'tooltip': {'mode': 'single'}}, expr='cairn_test_share{kind="api"}'),
     'V.json', ['dark'], (640, 360)),
    ('pie-colours', panel(6, 'Fixed colour and overrides', {
        'reduceOptions': reduce_last(), 'pieType': 'pie', 'displayLabels': ['name'],
        'legend': legend('list', 'bottom', ['percent']), 'tooltip': {'mode': 'single'}},
        defaults={'color': {'mode': 'fixed', 'fixedColor': 'blue'}},
        overrides=[{'matcher': {'id': 'byName', 'options': 'db'},
                    'properties': [{'id': 'color', 'value': {'mode': 'fixed', 'fixedColor': 'red'}},
                                   {'id': 'displayName', 'value': 'database'}]},
                   {'matcher': {'id': 'byName', 'options': 'cache'},
                    'properties': [{'id': 'color', 'value': {'mode': 'fixed', 'fixedColor': '#FADE2A'}}]}]),
     'A.json', ['dark'], (600, 360)),
    ('pie-thresholds', panel(7, 'Thresholds colour mode', {
        'reduceOptions': reduce_last(), 'pieType': 'donut', 'displayLabels': ['percent'],
        'legend': legend('list', 'bottom', ['percent']), 'tooltip': {'mode': 'single'}},
        defaults={'color': {'mode': 'thresholds'},
                  'thresholds': {'mode': 'absolute', 'steps': [{'value': None, 'color': 'green'},
                                                               {'value': 10, 'color': 'orange'},
                                                               {'value': 30, 'color': 'red'}]}}),
     'A.json', ['dark'], (600, 360)),
    ('donut-thin', panel(8, 'A thin slice and a zero', {
        'reduceOptions': reduce_last(), 'pieType': 'donut', 'displayLabels': ['percent'],
        'legend': legend('table', 'right', ['percent']), 'tooltip': {'mode': 'single'}},
        defaults={'decimals': 1}),
     'T.json', ['dark'], (720, 360)),
]

# the colours each dark case must show (a slice and its legend swatch); blues
# and reds are left out: their gradients leave the probe's colour line
PROBES = {
    'pie-list-bottom': [('api', PALETTE[0]), ('web', PALETTE[1])],
    'donut-table-right': [('api', PALETTE[0]), ('web', PALETTE[1])],
    'pie-table-bottom': [('api', PALETTE[0]), ('web', PALETTE[1])],
    'donut-list-right': [('api', PALETTE[0]), ('web', PALETTE[1])],
    'pie-all-values': [('first', PALETTE[0])],
    'pie-colours': [('blue', '#3274D9')],
    'pie-thresholds': [],
    'donut-thin': [('api', PALETTE[0]), ('web', PALETTE[1])],
}


def rel(path):
    return os.path.normpath(os.path.join(HERE, path))


def main():
    answer('A.json', shares(MAIN))
    answer('T.json', shares(THIN))
    answer('V.json', [({'kind': 'api'}, [30, 42, 12, 18, 24])])
    jobs, cases = [], []
    for name, p, data, themes, (w, h) in CASES:
        pfile = name + '.panel.json'
        json.dump(p, open(pfile, 'w'), indent=1)
        for theme in themes:
            out = f'{name}-{theme}.grafana.png'
            jobs.append({'panel': pfile, 'data': {'A': data}, 'from': FROM, 'to': TO, 'width': w,
                         'height': h, 'theme': theme, 'step': STEP, 'out': out})
            right = p['options']['legend']['placement'] == 'right'
            # the pie's square: the panel less its 32 px header (legend beside or below)
            plot = [0, 32, w - 250 if right else w, h - 32 - (0 if right else 90)]
            series = PROBES[name] if theme == 'dark' else []
            case = {'dashboard': rel(pfile), 'panel': p['id'], 'data': {'A': rel(data)},
                    'width': w, 'height': h, 'theme': theme, 'reference': rel(out),
                    'from': FROM, 'to': TO, 'plot': plot,
                    'series': [{'name': n, 'colour': c} for n, c in series]}
            if theme != 'dark':
                case['no_probe'] = 'light theme: the dark case probes the same slices'
            elif not series:
                case['no_probe'] = 'every slice grey (Grafana drops thresholds in a pie)'
            cases.append(case)
    json.dump(jobs, open('jobs.json', 'w'), indent=1)
    json.dump({'vars': [], 'cases': cases}, open('cases.json', 'w'), indent=1)


if __name__ == '__main__':
    main()
