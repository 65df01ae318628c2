#!/usr/bin/env python3
"""Writes the synthetic query_range answers (*-A.json …), the panels
(*.panel.json) and grafana-ref's batch (jobs.json) for the time-series cases
of this folder.  Run from this folder; then grafana-ref's
`node render.js --batch jobs.json` and `python3 make_cases.py`."""
import json, math

T0, T1, STEP = 1767225600, 1767247200, 60  # 2026-01-01 00:00-06:00 UTC


def answer(series):
    """series: [(labels, f(k, t) -> value or None)]"""
    result = []
    for labels, f in series:
        vals = []
        for k, t in enumerate(range(T0, T1 + 1, STEP)):
            v = f(k, t)
            if v is not None:
                vals.append([t, repr(round(v, 6))])
        result.append({'metric': labels, 'values': vals})
    return {'status': 'success', 'data': {'resultType': 'matrix', 'result': result}}


def wave(base, amp, period, phase=0.0):
    return lambda k, t: base + amp * math.sin(2 * math.pi * k / period + phase)


def m(name, **kw):
    d = {'__name__': name, 'job': 'cairn-test'}
    d.update(kw)
    return d


DATA = {
    'waves': [(m('cairn_test_wave', instance='a'), wave(60, 30, 180)),
              (m('cairn_test_wave', instance='b'), wave(35, 20, 120, 1.3))],
    'ramp': [(m('cairn_test_ramp', instance='a'), lambda k, t: 100 * (1 - abs(k - 180) / 180)),
             (m('cairn_test_ramp', instance='b'), wave(45, 30, 240, 2.0))],
    'gappy': [(m('cairn_test_pods', pod='p1'), wave(20, 8, 150)),
              (m('cairn_test_pods', pod='p2'),
               lambda k, t: None if k < 60 or 200 <= k < 240 else 15 + 5 * math.sin(k / 20)),
              (m('cairn_test_pods', pod='p3'), wave(25, 10, 100, 1.0))],
    'mixed': [(m('cairn_test_io', dir='read'), wave(40, 15, 150)),
              (m('cairn_test_io', dir='write'), wave(-30, 12, 110, 0.7)),
              (m('cairn_test_io', dir='cache'), wave(20, 10, 90, 2.1)),
              (m('cairn_test_io', dir='evict'), wave(-15, 9, 70, 1.1)),
              (m('cairn_test_io', dir='swing'), wave(3, 12, 200, 0.4))],
}


def ts_panel(pid, title, defaults, options=None, targets=('A',), overrides=()):
    fc = {'defaults': defaults, 'overrides': list(overrides)}
    opts = {'legend': {'displayMode': 'list', 'placement': 'bottom', 'showLegend': True,
                       'calcs': []},
            'tooltip': {'mode': 'single', 'sort': 'none'}}
    opts.update(options or {})
    return {'id': pid, 'type': 'timeseries', 'title': title,
            'datasource': {'type': 'prometheus', 'uid': 'prom'},
            'fieldConfig': fc, 'options': opts,
            'targets': [{'refId': r, 'expr': 'cairn_test', 'legendFormat': '{{instance}}{{dir}}{{pod}}'}
                        for r in targets]}


def custom(**kw):
    c = {'drawStyle': 'line', 'lineInterpolation': 'linear', 'lineWidth': 1,
         'fillOpacity': 0, 'gradientMode': 'none', 'showPoints': 'never', 'spanNulls': False,
         'stacking': {'mode': 'none', 'group': 'A'}, 'axisPlacement': 'auto'}
    c.update(kw)
    return c


THR = {'mode': 'absolute', 'steps': [{'color': 'green', 'value': None},
                                     {'color': 'yellow', 'value': 40},
                                     {'color': 'red', 'value': 70}]}

CASES = {
    # name: (panel, data, themes)
    'gradient-hue': (ts_panel(1, 'hue gradient', {'custom': custom(fillOpacity=40,
                                                                   gradientMode='hue',
                                                                   lineWidth=2),
                                                  'color': {'mode': 'palette-classic'}}),
                     'waves', ['dark', 'light']),
    'scheme-thresholds': (ts_panel(2, 'scheme gradient by thresholds',
                                   {'custom': custom(fillOpacity=25, gradientMode='scheme',
                                                     lineWidth=2),
                                    'color': {'mode': 'thresholds'}, 'thresholds': THR}),
                          'ramp', ['dark', 'light']),
    'scheme-continuous': (ts_panel(3, 'scheme gradient, continuous',
                                   {'custom': custom(fillOpacity=30, gradientMode='scheme',
                                                     lineWidth=2),
                                    'color': {'mode': 'continuous-GrYlRd'}}),
                          'ramp', ['dark']),
    'thresholds-none': (ts_panel(4, 'thresholds colour, no gradient',
                                 {'custom': custom(fillOpacity=10, lineWidth=2),
                                  'color': {'mode': 'thresholds'}, 'thresholds': THR}),
                        'ramp', ['dark']),
    'thresholds-max': (ts_panel(10, 'thresholds colour by max',
                                {'custom': custom(fillOpacity=10, lineWidth=2),
                                 'color': {'mode': 'thresholds', 'seriesBy': 'max'},
                                 'thresholds': THR}),
                       'ramp', ['dark']),
    'continuous-none': (ts_panel(8, 'continuous colour, no gradient',
                                 {'custom': custom(fillOpacity=15, lineWidth=2),
                                  'color': {'mode': 'continuous-BlYlRd'}}),
                        'ramp', ['dark']),
    'scheme-percent': (ts_panel(9, 'scheme by percent thresholds, stacked bars',
                                {'custom': custom(fillOpacity=60, gradientMode='scheme',
                                                  drawStyle='bars', lineWidth=1,
                                                  stacking={'mode': 'normal', 'group': 'A'}),
                                 'color': {'mode': 'thresholds'},
                                 'thresholds': {'mode': 'percentage', 'steps': [
                                     {'color': 'blue', 'value': None},
                                     {'color': 'orange', 'value': 50},
                                     {'color': 'purple', 'value': 85}]}}),
                       'waves', ['dark']),
    'stack-gaps': (ts_panel(11, 'stacked, a late series with a gap',
                            {'custom': custom(fillOpacity=25,
                                              stacking={'mode': 'normal', 'group': 'A'})}),
                   'gappy', ['dark']),
    'stack-mixed': (ts_panel(5, 'stacked, both signs',
                             {'custom': custom(fillOpacity=30,
                                               stacking={'mode': 'normal', 'group': 'A'})}),
                    'mixed', ['dark', 'light']),
    'stack-percent': (ts_panel(6, 'percent stack, both signs',
                               {'custom': custom(fillOpacity=30,
                                                 stacking={'mode': 'percent', 'group': 'A'})}),
                      'mixed', ['dark']),
    'no-legend': (ts_panel(7, 'no legend', {'custom': custom(fillOpacity=10)},
                           {'legend': {'displayMode': 'list', 'placement': 'bottom',
                                       'showLegend': False, 'calcs': []}}),
                  'waves', ['dark', 'light']),
}


def main():
    for name, series in DATA.items():
        json.dump(answer(series), open(name + '.json', 'w'), separators=(',', ':'))
    jobs = []
    for name, (panel, data, themes) in CASES.items():
        json.dump(panel, open(name + '.panel.json', 'w'), indent=1)
        for th in themes:
            jobs.append({'panel': name + '.panel.json', 'data': {'A': data + '.json'},
                         'from': T0 * 1000, 'to': T1 * 1000, 'width': 800, 'height': 360,
                         'theme': th, 'step': STEP * 1000,
                         'out': '%s-%s.grafana.png' % (name, th)})
    json.dump(jobs, open('jobs.json', 'w'), indent=1)


if __name__ == '__main__':
    main()
