#!/usr/bin/env python3
"""Writes the heatmap panels (*.panel.json) and jobs.json (the grafana-ref
batch that drew the *.grafana.png references) for tests/cli/grafana-ref-heatmap."""
import json

FROM, TO = 1767225600000, 1767247200000
BUCKETS = 'sum by (le) (rate(cairn_test_request_duration_seconds_bucket[5m]))'
BUCKETS15 = 'sum by (le) (increase(cairn_test_request_duration_seconds_bucket[15m]))'


def prom(expr, interval, legend='{{le}}'):
    return [{'refId': 'A', 'expr': expr, 'format': 'heatmap', 'legendFormat': legend, 'interval': interval}]


CALC_TARGETS = [
    {'refId': 'A', 'expr': 'cairn_test_ramp', 'legendFormat': 'ramp'},
    {'refId': 'B', 'expr': '100 - cairn_test_ramp', 'legendFormat': 'down'},
    {'refId': 'C', 'expr': 'cairn_test_ramp % 30', 'legendFormat': 'saw'},
]
CALC_DATA = {'A': 'R.json', 'B': 'RB.json', 'C': 'RC.json'}

PANELS = [
    # name, title, targets, options, data, step, themes
    ('prom-oranges', 'Request latency (buckets, defaults)', prom(BUCKETS, '5m'),
     {'yAxis': {'axisPlacement': 'left', 'unit': 's'}}, {'A': 'H.json'}, 300000, ['dark', 'light']),
    ('prom-spectral', 'Spectral, no gap, 2 decimals', prom(BUCKETS, '5m'),
     {'color': {'mode': 'scheme', 'scheme': 'Spectral', 'steps': 64}, 'cellGap': 0,
      'yAxis': {'axisPlacement': 'left', 'decimals': 2}}, {'A': 'H.json'}, 300000, ['dark']),
    ('prom-reversed', 'Blues reversed, gap 5, no legend', prom(BUCKETS15, '15m'),
     {'color': {'mode': 'scheme', 'scheme': 'Blues', 'steps': 16, 'reverse': True}, 'cellGap': 5,
      'yAxis': {'axisPlacement': 'left', 'unit': 'ms'}, 'legend': {'show': False}},
     {'A': 'H15.json'}, 900000, ['dark', 'light']),
    ('prom-opacity', 'Opacity, right axis reversed, gap 3', prom(BUCKETS15, '15m'),
     {'color': {'mode': 'opacity', 'fill': 'blue', 'scale': 'exponential', 'exponent': 0.5, 'steps': 16},
      'cellGap': 3, 'yAxis': {'axisPlacement': 'right', 'reverse': True, 'axisLabel': 'seconds'},
      'cellValues': {'decimals': 1}}, {'A': 'H15.json'}, 900000, ['dark']),
    ('calc-viridis', 'Calculated: 15m x 10 y buckets (Viridis)', CALC_TARGETS,
     {'calculate': True, 'calculation': {'xBuckets': {'mode': 'size', 'value': '15m'},
                                         'yBuckets': {'mode': 'count', 'value': '10'}},
      'color': {'mode': 'scheme', 'scheme': 'Viridis', 'steps': 32}, 'cellGap': 2,
      'yAxis': {'axisPlacement': 'left', 'unit': 'percent'}}, CALC_DATA, 60000, ['dark']),
    ('calc-defaults', 'Calculated with the default buckets', CALC_TARGETS,
     {'calculate': True, 'yAxis': {'axisPlacement': 'left'}, 'cellGap': 1}, CALC_DATA, 60000, ['dark', 'light']),
    ('calc-linear-opacity', 'Calculated, opacity linear, y 0..100', CALC_TARGETS,
     {'calculate': True, 'calculation': {'xBuckets': {'mode': 'count', 'value': '30'},
                                         'yBuckets': {'mode': 'size', 'value': '20'}},
      'color': {'mode': 'opacity', 'fill': 'green', 'scale': 'linear', 'steps': 64}, 'cellGap': 1,
      'yAxis': {'axisPlacement': 'left', 'min': 0, 'max': 100, 'decimals': 0}}, CALC_DATA, 60000, ['light']),
    ('calc-log', 'Calculated, log2 y buckets split in 2', [
        {'refId': 'A', 'expr': 'cairn_test_ramp + 1', 'legendFormat': 'up'},
        {'refId': 'B', 'expr': '101 - cairn_test_ramp', 'legendFormat': 'down'}],
     {'calculate': True, 'calculation': {'xBuckets': {'mode': 'size', 'value': '20m'},
                                         'yBuckets': {'mode': 'size', 'value': '2',
                                                      'scale': {'type': 'log', 'log': 2}}},
      'color': {'mode': 'scheme', 'scheme': 'RdYlBu', 'steps': 12}, 'cellGap': 1,
      'yAxis': {'axisPlacement': 'left'}}, {'A': 'L1.json', 'B': 'L2.json'}, 60000, ['dark']),
    ('prom-unknown-layout', 'Buckets centred on their bounds, wide axis', prom(BUCKETS15, '15m'),
     {'rowsFrame': {'layout': 'unknown'}, 'color': {'mode': 'scheme', 'scheme': 'Purples', 'steps': 8},
      'cellGap': 2, 'yAxis': {'axisPlacement': 'left', 'axisWidth': 90, 'axisLabel': 'le'}},
     {'A': 'H15.json'}, 900000, ['dark']),
    ('prom-filter-range', 'Colour range 0.1-1, cells under 0.05 and from 1.3 hidden', prom(BUCKETS, '5m'),
     {'color': {'mode': 'scheme', 'scheme': 'YlOrRd', 'steps': 32, 'min': 0.1, 'max': 1},
      'filterValues': {'le': 0.05, 'ge': 1.3}, 'cellGap': 1,
      'cellValues': {'unit': 'reqps', 'decimals': 2}, 'yAxis': {'axisPlacement': 'left', 'unit': 's', 'decimals': 1}},
     {'A': 'H.json'}, 300000, ['light']),
]


# Legacy angular heatmaps (no `options`): Grafana migrates them (migrations.ts).
ANGULAR = [
    ('angular-spectrum', 'Legacy angular heatmap (tsbuckets, spectrum)', prom(BUCKETS, '5m'),
     {'dataFormat': 'tsbuckets', 'yBucketBound': 'auto', 'hideZeroBuckets': True,
      'color': {'mode': 'spectrum', 'colorScheme': 'interpolateSpectral', 'cardColor': '#b4ff00',
                'colorScale': 'sqrt', 'exponent': 0.5},
      'cards': {'cardPadding': None, 'cardRound': None}, 'legend': {'show': True}, 'reverseYBuckets': False,
      'yAxis': {'show': True, 'format': 's', 'decimals': None, 'logBase': 1, 'splitFactor': None}},
     {'A': 'H.json'}, 300000, ['dark']),
    ('angular-opacity', 'Legacy angular heatmap (opacity, padding 3, reversed)', prom(BUCKETS15, '15m'),
     {'dataFormat': 'tsbuckets', 'yBucketBound': 'middle', 'hideZeroBuckets': False,
      'color': {'mode': 'opacity', 'cardColor': '#5794F2', 'colorScale': 'linear', 'scale': 'linear', 'exponent': 0.5},
      'cards': {'cardPadding': 3, 'cardRound': None}, 'legend': {'show': False}, 'reverseYBuckets': True,
      'yAxis': {'show': True, 'format': 'short', 'decimals': 2, 'logBase': 1}},
     {'A': 'H15.json'}, 900000, ['light']),
]


def main():
    jobs = []
    for i, (name, title, targets, options, data, step, themes) in enumerate(PANELS, 1):
        panel = {'id': i, 'type': 'heatmap', 'title': title, 'pluginVersion': '10.4.0',
                 'gridPos': {'x': 0, 'y': 0, 'w': 12, 'h': 10}, 'targets': targets,
                 'fieldConfig': {'defaults': {}, 'overrides': []}, 'options': options}
        json.dump(panel, open(f'{name}.panel.json', 'w'), indent=1)
        add_jobs(jobs, name, data, step, themes)
    for i, (name, title, targets, angular, data, step, themes) in enumerate(ANGULAR, len(PANELS) + 1):
        panel = {'id': i, 'type': 'heatmap', 'title': title, 'gridPos': {'x': 0, 'y': 0, 'w': 12, 'h': 10},
                 'targets': targets, **angular}
        json.dump(panel, open(f'{name}.panel.json', 'w'), indent=1)
        add_jobs(jobs, name, data, step, themes)
    json.dump(jobs, open('jobs.json', 'w'), indent=1)


def add_jobs(jobs, name, data, step, themes):
    for theme in themes:
        jobs.append({'panel': f'{name}.panel.json', 'data': data, 'from': FROM, 'to': TO,
                     'width': 1000, 'height': 400, 'theme': theme, 'step': step,
                     'out': f'{name}-{theme}.grafana.png'})


if __name__ == '__main__':
    main()
