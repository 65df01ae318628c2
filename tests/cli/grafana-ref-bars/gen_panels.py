#!/usr/bin/env python3
"""Writes the cases' panels (*.panel.json) and jobs.json (the grafana-ref batch)."""
import json

FROM, TO = 1767225600000, 1767247200000
legend_list = {'showLegend': True, 'displayMode': 'list', 'placement': 'bottom', 'calcs': []}


def tgt(ref, expr, table=True):
    t = {'refId': ref, 'expr': expr, 'datasource': {'type': 'prometheus', 'uid': 'prom'}}
    if table:
        t.update({'format': 'table', 'instant': True})
    return t


mem = [tgt('A', 'sum by (instance) (node_memory_MemTotal_bytes)'),
       tgt('B', 'sum by (instance) (node_memory_MemFree_bytes)'),
       tgt('C', 'sum by (instance) (node_memory_Cached_bytes)')]
mem_tf = [{'id': 'merge', 'options': {}},
          {'id': 'organize', 'options': {'excludeByName': {'Time': True},
                                         'renameByName': {'Value #A': 'Total', 'Value #B': 'Free',
                                                          'Value #C': 'Cached'}}}]
MEM = {'A': 'memtotal.json', 'B': 'memfree.json', 'C': 'memcached.json'}

PANELS = {
    'bar-vertical': ({
        'type': 'barchart', 'title': 'Shares',
        'targets': [tgt('A', 'sum by (part) (cairn_test_share)')],
        'fieldConfig': {'defaults': {'unit': 'percent'}, 'overrides': []},
        'options': {'showValue': 'always', 'legend': legend_list},
    }, {'A': 'share.json'}),
    'bar-horizontal': ({
        'type': 'barchart', 'title': 'Load per node',
        'targets': [tgt('A', 'sum by (instance) (node_load1)')],
        'fieldConfig': {'defaults': {'decimals': 2}, 'overrides': []},
        'options': {'orientation': 'horizontal', 'showValue': 'always', 'text': {'valueSize': 14},
                    'legend': legend_list},
    }, {'A': 'load.json'}),
    'bar-grouped': ({
        'type': 'barchart', 'title': 'Memory per node',
        'targets': mem, 'transformations': mem_tf,
        'fieldConfig': {'defaults': {'unit': 'bytes'}, 'overrides': []},
        'options': {'showValue': 'never', 'groupWidth': 0.8, 'barWidth': 0.9,
                    'legend': {'showLegend': True, 'displayMode': 'table', 'placement': 'bottom',
                               'calcs': ['mean', 'max']}},
    }, MEM),
    'bar-stacked': ({
        'type': 'barchart', 'title': 'Memory stacked',
        'targets': mem, 'transformations': mem_tf,
        'fieldConfig': {'defaults': {'unit': 'bytes'}, 'overrides': []},
        'options': {'stacking': 'normal', 'showValue': 'never', 'xTickLabelRotation': -45,
                    'legend': legend_list},
    }, MEM),
    'bar-percent': ({
        'type': 'barchart', 'title': 'Memory share',
        'targets': mem, 'transformations': mem_tf,
        'fieldConfig': {'defaults': {'unit': 'bytes'}, 'overrides': []},
        'options': {'stacking': 'percent', 'showValue': 'always', 'text': {'valueSize': 12},
                    'legend': {'showLegend': True, 'displayMode': 'list', 'placement': 'right', 'calcs': []}},
    }, MEM),
    'bar-thresholds': ({
        'type': 'barchart', 'title': 'Shares by threshold',
        'targets': [tgt('A', 'sum by (part) (cairn_test_share)')],
        'fieldConfig': {'defaults': {'color': {'mode': 'thresholds'}, 'custom': {'gradientMode': 'scheme'},
                                     'thresholds': {'mode': 'absolute', 'steps': [
                                         {'value': None, 'color': 'green'}, {'value': 25, 'color': 'orange'},
                                         {'value': 35, 'color': 'red'}]}}, 'overrides': []},
        'options': {'showValue': 'auto', 'legend': legend_list},
    }, {'A': 'share.json'}),
    'hist-auto': ({
        'type': 'histogram', 'title': 'Load distribution',
        'targets': [dict(tgt('A', 'node_load1{instance=~"node-1.*|node-2.*"}', False), legendFormat='{{instance}}')],
        'options': {'legend': legend_list},
    }, {'A': 'load-range.json'}),
    'hist-fixed': ({
        'type': 'histogram', 'title': 'Load, fixed buckets',
        'targets': [dict(tgt('A', 'node_load1{instance=~"node-1.*|node-2.*"}', False), legendFormat='{{instance}}')],
        'options': {'bucketSize': 0.2, 'bucketOffset': 0.1,
                    'legend': {'showLegend': True, 'displayMode': 'table', 'placement': 'bottom',
                               'calcs': ['min', 'max']}},
    }, {'A': 'load-range.json'}),
    'hist-combine': ({
        'type': 'histogram', 'title': 'Load combined',
        'targets': [dict(tgt('A', 'node_load1{instance=~"node-1.*|node-2.*"}', False), legendFormat='{{instance}}')],
        'fieldConfig': {'defaults': {'custom': {'fillOpacity': 50, 'lineWidth': 2}}, 'overrides': []},
        'options': {'combine': True, 'bucketSize': 0.25, 'legend': dict(legend_list, showLegend=False)},
    }, {'A': 'load-range.json'}),
}

LIGHT = {'bar-vertical', 'hist-auto'}


def main():
    jobs = []
    for i, (name, (panel, data)) in enumerate(PANELS.items()):
        panel = dict(id=i + 1, gridPos={'h': 10, 'w': 12, 'x': 0, 'y': 0}, **panel)
        json.dump(panel, open(f'{name}.panel.json', 'w'), indent=1)
        for theme in ['dark', 'light'] if name in LIGHT else ['dark']:
            jobs.append({'panel': f'{name}.panel.json', 'data': data, 'from': FROM, 'to': TO,
                         'width': 800, 'height': 400, 'theme': theme, 'out': f'{name}-{theme}.grafana.png'})
    json.dump(jobs, open('jobs.json', 'w'), indent=1)


if __name__ == '__main__':
    main()
