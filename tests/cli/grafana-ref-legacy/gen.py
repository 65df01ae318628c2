#!/usr/bin/env python3
"""Writes the legacy panels (*.legacy.json: what cairn is given), the panels
Grafana's own migration makes of them (*.migrated.json: what grafana-ref
draws) and grafana-ref's batch (jobs.json).  Run from this folder.

`python3 gen.py capture PROM_URL` first saves the answers (*.json) of the
test Prometheus (tests/harness/prom.sh) over 2026-01-01 00:00-06:00 UTC,
step 5 min.  The migrated panels are written by hand below, following
public/app/plugins/panel/timeseries/migrations.ts (flotToGraphOptions) and
stat/StatMigrations.ts + @grafana/ui's sharedSingleStatPanelChangedHandler
(migrateFromAngularSinglestat) of Grafana 10.4; see README.md."""
import json, sys, urllib.parse, urllib.request

T0, T1, STEP = 1767225600, 1767247200, 300  # 2026-01-01 00:00-06:00 UTC
QUERIES = {
    'load': 'node_load1',
    'mem': 'node_memory_MemAvailable_bytes',
    'load1': 'node_load1{instance="node-1:9100"}',
}
DS = {'type': 'prometheus', 'uid': 'prom'}


def capture(url):
    for name, expr in QUERIES.items():
        q = urllib.parse.urlencode({'query': expr, 'start': T0, 'end': T1, 'step': STEP})
        body = urllib.request.urlopen(url.rstrip('/') + '/api/v1/query_range?' + q).read()
        open(name + '.json', 'wb').write(body)


def target(ref, expr, fmt):
    return {'refId': ref, 'expr': expr, 'legendFormat': fmt, 'datasource': DS}


def legacy_graph(pid, title, targets, **kw):
    p = {'id': pid, 'type': 'graph', 'title': title, 'datasource': DS, 'targets': targets,
         'fieldConfig': {'defaults': {}, 'overrides': []},
         'lines': True, 'linewidth': 1, 'fill': 1, 'points': False, 'bars': False,
         'stack': False, 'nullPointMode': 'null', 'aliasColors': {}, 'seriesOverrides': [],
         'legend': {'show': True, 'values': False, 'alignAsTable': False, 'rightSide': False},
         'tooltip': {'shared': True, 'sort': 0, 'value_type': 'individual'},
         'xaxis': {'mode': 'time', 'show': True},
         'yaxes': [{'format': 'short', 'show': True, 'logBase': 1},
                   {'format': 'short', 'show': True, 'logBase': 1}],
         'thresholds': []}
    p.update(kw)
    return p


def ts(pid, title, targets, custom, defaults=None, overrides=(), legend=None):
    """The panel flotToGraphOptions makes: defaults = y1 axis (unit short,
    axisPlacement auto), custom from lines/linewidth/fill/points/nullPointMode,
    nullValueMode; options legend list bottom, tooltip multi (shared)."""
    d = {'unit': 'short', 'custom': custom, 'nullValueMode': 'null'}
    d.update(defaults or {})
    lg = {'displayMode': 'list', 'showLegend': True, 'placement': 'bottom', 'calcs': []}
    lg.update(legend or {})
    return {'id': pid, 'type': 'timeseries', 'title': title, 'datasource': DS, 'targets': targets,
            'fieldConfig': {'defaults': d, 'overrides': list(overrides)},
            'options': {'legend': lg, 'tooltip': {'mode': 'multi', 'sort': 'none'}}}


def gcustom(**kw):
    c = {'axisPlacement': 'auto', 'drawStyle': 'line', 'showPoints': 'never', 'lineWidth': 1,
         'fillOpacity': 10, 'spanNulls': False}
    c.update(kw)
    return c


def by_name(name, *props):
    return {'matcher': {'id': 'byName', 'options': name},
            'properties': [{'id': k, 'value': v} for k, v in props]}


def by_regexp(rx, *props):
    return {'matcher': {'id': 'byRegexp', 'options': rx},
            'properties': [{'id': k, 'value': v} for k, v in props]}


def fixed(c):
    return {'mode': 'fixed', 'fixedColor': c}


TWO = [target('A', 'node_load1', '{{instance}}'), target('B', 'node_load1', 'b {{instance}}')]

CASES = {}

# 1. aliasColors + seriesOverrides: colour, dashes, lines off + points, bars, fill
CASES['graph-overrides'] = (
    legacy_graph(1, 'aliasColors and seriesOverrides', TWO,
                 aliasColors={'node-1:9100': '#FF9830'},
                 seriesOverrides=[
                     {'alias': 'node-2:9100', 'color': '#5794F2', 'dashes': True,
                      'dashLength': 8, 'spaceLength': 4, 'linewidth': 2, 'fill': 0},
                     {'alias': '/b node-1/', 'bars': True},
                     {'alias': 'b node-2:9100', 'lines': False, 'points': True,
                      'pointradius': 2, 'color': '#B877D9'}]),
    ts(1, 'aliasColors and seriesOverrides', TWO, gcustom(), overrides=[
        by_name('node-1:9100', ('color', fixed('#FF9830'))),
        by_name('node-2:9100', ('color', fixed('#5794F2')), ('custom.lineWidth', 2),
                ('custom.fillOpacity', 0),
                ('custom.lineStyle', {'fill': 'dash', 'dash': [8, 4]})),
        by_regexp('/b node-1/', ('custom.drawStyle', 'bars'), ('custom.fillOpacity', 100)),
        by_name('b node-2:9100', ('custom.lineWidth', 0), ('custom.showPoints', 'always'),
                ('custom.pointSize', 6), ('color', fixed('#B877D9')))]),
    {'A': 'load.json', 'B': 'load.json'}, ['dark', 'light'])

# 2. two y axes, different units, the right one named by an override
MEMT = [target('A', 'node_load1', '{{instance}}'),
        target('B', 'node_memory_MemAvailable_bytes', 'mem {{instance}}')]
CASES['graph-yaxes'] = (
    legacy_graph(2, 'two y axes', MEMT,
                 yaxes=[{'format': 'short', 'label': 'load', 'show': True, 'logBase': 1,
                         'min': '0'},
                        {'format': 'bytes', 'label': 'available', 'show': True, 'logBase': 1}],
                 seriesOverrides=[{'alias': '/mem /', 'yaxis': 2}]),
    ts(2, 'two y axes', MEMT, gcustom(axisLabel='load'), defaults={'min': 0}, overrides=[
        # fillY2DynamicValues: the y2 axis' keys that differ from y1's (min is absent on y2)
        by_regexp('/mem /', ('unit', 'bytes'), ('custom.axisLabel', 'available'))]),
    {'A': 'load.json', 'B': 'mem.json'}, ['dark'])

# 3. thresholds: gt with fill and line (critical), gt with fill only (warning)
ONE = [target('A', 'node_load1', '{{instance}}')]
CASES['graph-thresholds'] = (
    legacy_graph(3, 'thresholds', ONE, fill=0, linewidth=2,
                 thresholds=[{'value': 2.5, 'op': 'gt', 'fill': True, 'line': True,
                              'colorMode': 'critical', 'yaxis': 'left'},
                             {'value': 2.0, 'op': 'gt', 'fill': True, 'line': False,
                              'colorMode': 'warning', 'yaxis': 'left'}]),
    ts(3, 'thresholds', ONE, gcustom(fillOpacity=0, lineWidth=2,
                                     thresholdsStyle={'mode': 'line+area'}),
       defaults={'thresholds': {'mode': 'absolute', 'steps': [
           {'color': 'transparent', 'value': None},
           {'color': 'orange', 'value': 2.0},
           {'color': 'red', 'value': 2.5}]}}),
    {'A': 'load.json'}, ['dark', 'light'])

# 4. stacked, a negative-Y transform, a table legend with max and current
CASES['graph-stack-negative'] = (
    legacy_graph(4, 'stacked, negative-Y', TWO, stack=True, fill=3,
                 seriesOverrides=[{'alias': '/^b /', 'transform': 'negative-Y'}],
                 legend={'show': True, 'values': True, 'alignAsTable': True,
                         'rightSide': False, 'max': True, 'current': True}),
    ts(4, 'stacked, negative-Y', TWO,
       gcustom(fillOpacity=30, stacking={'mode': 'normal', 'group': 'A'}),
       overrides=[by_regexp('/^b /', ('custom.transform', 'negative-Y'))],
       legend={'displayMode': 'table', 'calcs': ['max', 'lastNotNull']}),
    {'A': 'load.json', 'B': 'load.json'}, ['dark'])

# singlestat -> stat
ONE1 = [target('A', 'node_load1{instance="node-1:9100"}', '{{instance}}')]
SS_COLORS = ['#299c46', 'rgba(237, 129, 40, 0.89)', '#d44a3a']


def legacy_ss(pid, title, **kw):
    p = {'id': pid, 'type': 'singlestat', 'title': title, 'datasource': DS, 'targets': ONE1,
         'valueName': 'current', 'format': 'short', 'decimals': 2, 'nullPointMode': 'connected',
         'thresholds': '1.8,2.2', 'colors': SS_COLORS, 'colorBackground': False,
         'colorValue': False, 'mappingType': 1, 'valueMaps': [], 'rangeMaps': [],
         'sparkline': {'show': False, 'full': False}, 'gauge': {'show': False}}
    p.update(kw)
    return p


def stat(pid, title, calc, graph, colour):
    """migrateFromAngularSinglestat: calcs from valueName, orientation
    horizontal, unit, decimals, nullValueMode, thresholds "a,b" + colors;
    statPanelChangedHandler: graphMode, colorMode."""
    return {'id': pid, 'type': 'stat', 'title': title, 'datasource': DS, 'targets': ONE1,
            'fieldConfig': {'defaults': {
                'unit': 'short', 'decimals': 2, 'nullValueMode': 'connected',
                'thresholds': {'mode': 'absolute', 'steps': [
                    {'value': None, 'color': SS_COLORS[0]},
                    {'value': 1.8, 'color': SS_COLORS[1]},
                    {'value': 2.2, 'color': SS_COLORS[2]}]}},
                'overrides': []},
            'options': {'reduceOptions': {'calcs': [calc]}, 'orientation': 'horizontal',
                        'graphMode': graph, 'colorMode': colour}}


CASES['singlestat-spark-bg'] = (
    legacy_ss(5, 'singlestat, sparkline, background', colorBackground=True,
              sparkline={'show': True, 'full': False, 'lineColor': 'rgb(31, 120, 193)',
                         'fillColor': 'rgba(31, 118, 189, 0.18)'}),
    stat(5, 'singlestat, sparkline, background', 'lastNotNull', 'area', 'background'),
    {'A': 'load1.json'}, ['dark', 'light'])

CASES['singlestat-value'] = (
    legacy_ss(6, 'singlestat, max, value coloured', valueName='max', colorValue=True),
    stat(6, 'singlestat, max, value coloured', 'max', 'none', 'value'),
    {'A': 'load1.json'}, ['dark'])


def main():
    if len(sys.argv) == 3 and sys.argv[1] == 'capture':
        capture(sys.argv[2])
        return
    jobs = []
    for name, (legacy, migrated, data, themes) in CASES.items():
        json.dump(legacy, open(name + '.legacy.json', 'w'), indent=1)
        json.dump(migrated, open(name + '.migrated.json', 'w'), indent=1)
        single = legacy['type'] == 'singlestat'
        for th in themes:
            jobs.append({'panel': name + '.migrated.json', 'legacy': name + '.legacy.json',
                         'data': data, 'from': T0 * 1000, 'to': T1 * 1000, 'width': 800,
                         'height': 200 if single else 360, 'theme': th, 'step': STEP * 1000,
                         'out': '%s-%s.grafana.png' % (name, th)})
    json.dump(jobs, open('jobs.json', 'w'), indent=1)


if __name__ == '__main__':
    main()
