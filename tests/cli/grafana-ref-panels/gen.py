#!/usr/bin/env python3
"""Writes the panels written to exercise each stat / gauge / bar gauge option,
their synthetic Prometheus answers (deterministic) and grafana-ref's batch.

usage: gen.py  (in this folder), then
  node ../../../../shared/tools/grafana-ref/render.js --batch jobs.json
and add the cases to cases.json (README.md).
"""
import json, math, os

FROM, TO = 1700000000000, 1700003600000
HERE = os.path.dirname(os.path.abspath(__file__))


def matrix(series, step=30):
    out = []
    for metric, fn in series:
        vals = []
        for k in range(0, 3600 // step + 1):
            t = FROM // 1000 + k * step
            v = fn(k)
            if v is not None:
                vals.append([t, repr(float(v)) if not isinstance(v, str) else v])
        out.append({'metric': metric, 'values': vals})
    return {'status': 'success', 'data': {'resultType': 'matrix', 'result': out}}


def vector(items):
    t = TO // 1000
    return {'status': 'success', 'data': {'resultType': 'vector', 'result': [
        {'metric': m, 'value': [t, v if isinstance(v, str) else repr(float(v))]} for m, v in items]}}


def wave(base, amp, period, phase=0.0):
    return lambda k: round(base + amp * math.sin(k / period + phase), 3)


TH_GYR = {'mode': 'absolute', 'steps': [{'color': 'green', 'value': None},
                                         {'color': 'yellow', 'value': 60},
                                         {'color': 'red', 'value': 85}]}


def panel(pid, ptype, title, targets, defaults, options, overrides=None):
    return {'id': pid, 'type': ptype, 'title': title, 'targets': targets,
            'fieldConfig': {'defaults': defaults, 'overrides': overrides or []},
            'options': options}


def target(expr, legend, instant=False, ref='A'):
    t = {'refId': ref, 'expr': expr, 'legendFormat': legend}
    if instant:
        t.update({'instant': True, 'range': False})
    return t


CASES = []


def case(name, p, data, width, height, theme='dark', probes=None, cap=None):
    os.makedirs(os.path.join(HERE, 'panels'), exist_ok=True)
    os.makedirs(os.path.join(HERE, 'data'), exist_ok=True)
    pfile = f'panels/{name}.panel.json'
    json.dump(p, open(os.path.join(HERE, pfile), 'w'), indent=1)
    files = {}
    for ref, answer in data.items():
        f = f'data/{name}-{ref}.json'
        json.dump(answer, open(os.path.join(HERE, f), 'w'))
        files[ref] = f
    CASES.append({'name': name, 'panel': pfile, 'id': p['id'], 'data': files, 'width': width,
                  'height': height, 'theme': theme, 'probes': probes or [], 'cap': cap,
                  'gauge': p['type'] == 'gauge'})


def main():
    mem = matrix([({'__name__': 'node_memory_MemAvailable_bytes', 'instance': 'node-1'},
                   wave(5.5e9, 1.2e9, 9))])
    stat_bg = panel(1, 'stat', 'Memory available', [target('node_memory_MemAvailable_bytes', '{{instance}}')],
                    {'unit': 'bytes', 'decimals': 1, 'color': {'mode': 'thresholds'},
                     'thresholds': {'mode': 'absolute', 'steps': [
                         {'color': 'red', 'value': None}, {'color': 'orange', 'value': 2e9},
                         {'color': 'green', 'value': 4e9}]}},
                    {'reduceOptions': {'calcs': ['lastNotNull'], 'fields': '', 'values': False},
                     'colorMode': 'background', 'graphMode': 'area', 'textMode': 'auto'})
    case('stat-background', stat_bg, {'A': mem}, 400, 200)
    case('stat-background-light', stat_bg, {'A': mem}, 400, 200, theme='light')

    up = vector([({'job': 'api'}, 99.93), ({'job': 'db'}, 97.0), ({'job': 'cache'}, 82.0),
                 ({'job': 'queue'}, 50.0)])
    stat_val = panel(2, 'stat', 'Availability by job', [target('avg by (job) (up)', '{{job}}', True)],
                     {'unit': 'percent', 'decimals': 1, 'thresholds': {'mode': 'absolute', 'steps': [
                         {'color': 'red', 'value': None}, {'color': 'yellow', 'value': 90},
                         {'color': 'green', 'value': 99}]}},
                     {'colorMode': 'value', 'graphMode': 'none', 'textMode': 'auto',
                      'orientation': 'auto'})
    case('stat-value-grid', stat_val, {'A': up}, 800, 160)
    case('stat-value-grid-square', stat_val, {'A': up}, 420, 300)

    three = matrix([({'instance': f'node-{i}'}, wave(40 + 15 * i, 10, 7, i)) for i in range(3)])
    stat_solid = panel(3, 'stat', 'CPU by node (solid, vertical)',
                       [target('cpu', '{{instance}}')],
                       {'unit': 'percent', 'thresholds': TH_GYR},
                       {'colorMode': 'background_solid', 'graphMode': 'none',
                        'orientation': 'vertical', 'textMode': 'value_and_name'})
    case('stat-solid-vertical', stat_solid, {'A': three}, 600, 220)
    stat_none = panel(4, 'stat', 'CPU by node (no colour, centred, horizontal)',
                      [target('cpu', '{{instance}}')],
                      {'unit': 'percent', 'decimals': 2, 'thresholds': TH_GYR},
                      {'colorMode': 'none', 'graphMode': 'area', 'justifyMode': 'center',
                       'orientation': 'horizontal', 'textMode': 'value_and_name'})
    case('stat-none-center', stat_none, {'A': three}, 500, 420)
    stat_line = panel(5, 'stat', 'Mean, max and min',
                      [target('cpu', '{{instance}}')],
                      {'unit': 'percent',
                       'thresholds': {'mode': 'percentage', 'steps': [
                           {'color': 'blue', 'value': None}, {'color': 'purple', 'value': 50}]}},
                      {'reduceOptions': {'calcs': ['mean', 'max', 'min'], 'values': False},
                       'colorMode': 'value', 'graphMode': 'area', 'textMode': 'value_and_name',
                       'wideLayout': False})
    case('stat-calcs', stat_line, {'A': three}, 900, 260)

    states = vector([({'svc': 'web'}, 1), ({'svc': 'mail'}, 0), ({'svc': 'dns'}, 7),
                     ({'svc': 'ntp'}, 'NaN'), ({'svc': 'vpn'}, 42)])
    stat_map = panel(6, 'stat', 'Value mappings', [target('svc_state', '{{svc}}', True)],
                     {'mappings': [
                         {'type': 'value', 'options': {'1': {'text': 'UP', 'color': 'green', 'index': 0},
                                                       '0': {'text': 'DOWN', 'color': 'red', 'index': 1}}},
                         {'type': 'range', 'options': {'from': 2, 'to': 10,
                                                       'result': {'text': 'degraded', 'color': 'orange',
                                                                  'index': 2}}},
                         {'type': 'special', 'options': {'match': 'null+nan',
                                                         'result': {'text': 'N/A', 'color': 'text',
                                                                    'index': 3}}}],
                      'color': {'mode': 'fixed', 'fixedColor': 'blue'}},
                     {'colorMode': 'background', 'graphMode': 'none', 'textMode': 'value_and_name'})
    case('stat-mappings', stat_map, {'A': states}, 900, 180)

    stat_vals = panel(7, 'stat', 'Every value, named', [target('cpu', '{{instance}}')],
                      {'unit': 'short', 'decimals': 0, 'color': {'mode': 'palette-classic'}},
                      {'reduceOptions': {'values': True, 'limit': 6, 'calcs': []},
                       'colorMode': 'value', 'graphMode': 'none', 'textMode': 'name',
                       'orientation': 'horizontal'})
    case('stat-values-name', stat_vals, {'A': three}, 500, 300)

    empty = vector([])
    stat_nodata = panel(8, 'stat', 'Nothing', [target('absent_metric', '', True)],
                        {'unit': 'bytes'},
                        {'colorMode': 'value', 'graphMode': 'area'})
    case('stat-nodata', stat_nodata, {'A': empty}, 400, 150)

    stat_sizes = panel(9, 'stat', 'Fixed text sizes', [target('avg by (job) (up)', '{{job}}', True)],
                       {'unit': 'percent', 'decimals': 1, 'thresholds': TH_GYR},
                       {'colorMode': 'value', 'graphMode': 'none', 'textMode': 'value_and_name',
                        'text': {'titleSize': 12, 'valueSize': 28}})
    case('stat-text-sizes', stat_sizes, {'A': up}, 600, 200)
    two = matrix([({'instance': f'node-{i}'}, wave(50 + 30 * i, 12, 6, i)) for i in range(2)])
    stat_wide = panel(12, 'stat', 'Wide with sparklines', [target('cpu', '{{instance}}')],
                      {'unit': 'percent', 'thresholds': TH_GYR},
                      {'colorMode': 'background', 'graphMode': 'area', 'orientation': 'horizontal'})
    case('stat-wide-sparklines', stat_wide, {'A': two}, 900, 260)

    disk = vector([({'mountpoint': '/'}, 73.4)])
    g1 = panel(10, 'gauge', 'Root disk used', [target('disk', '', True)],
               {'unit': 'percent', 'decimals': 1, 'min': 0, 'max': 100, 'thresholds': TH_GYR},
               {'showThresholdMarkers': True, 'showThresholdLabels': False})
    case('gauge-single', g1, {'A': disk}, 400, 300, cap=20)
    disks = vector([({'mountpoint': '/'}, 42), ({'mountpoint': '/var'}, 77), ({'mountpoint': '/data'}, 93)])
    g2 = panel(11, 'gauge', 'Disks (percentage thresholds, labels)',
               [target('disk', '{{mountpoint}}', True)],
               {'unit': 'percent', 'min': 0, 'max': 200,
                'thresholds': {'mode': 'percentage', 'steps': [
                    {'color': 'green', 'value': None}, {'color': 'orange', 'value': 30},
                    {'color': 'red', 'value': 45}]}},
               {'showThresholdMarkers': True, 'showThresholdLabels': True})
    case('gauge-multi-labels', g2, {'A': disks}, 900, 300, cap=15)

    fs = vector([({'mountpoint': m}, v) for m, v in
                 [('/', 42), ('/var', 77), ('/home', 18), ('/boot', 93), ('/data', 61)]])
    bg = panel(20, 'bargauge', 'Filesystem used (gradient)', [target('fs', '{{mountpoint}}', True)],
               {'unit': 'percent', 'decimals': 0, 'min': 0, 'max': 100, 'thresholds': TH_GYR},
               {'displayMode': 'gradient', 'orientation': 'horizontal', 'showUnfilled': True})
    case('bargauge-gradient', bg, {'A': fs}, 600, 300)
    case('bargauge-gradient-light', bg, {'A': fs}, 600, 300, theme='light')
    bb = panel(21, 'bargauge', 'Filesystem used (basic, vertical)', [target('fs', '{{mountpoint}}', True)],
               {'unit': 'percent', 'decimals': 0, 'min': 0, 'max': 100, 'thresholds': TH_GYR},
               {'displayMode': 'basic', 'orientation': 'vertical', 'showUnfilled': True})
    case('bargauge-basic-vertical', bb, {'A': fs}, 600, 320)
    bl = panel(22, 'bargauge', 'Filesystem used (LCD)', [target('fs', '{{mountpoint}}', True)],
               {'unit': 'percent', 'decimals': 0, 'min': 0, 'max': 100, 'thresholds': TH_GYR},
               {'displayMode': 'lcd', 'orientation': 'horizontal', 'showUnfilled': True})
    case('bargauge-lcd', bl, {'A': fs}, 600, 300)
    bt = panel(23, 'bargauge', 'Names left, text colour, no unfilled',
               [target('fs', '{{mountpoint}}', True)],
               {'unit': 'percent', 'decimals': 0, 'min': 0, 'max': 100,
                'color': {'mode': 'continuous-GrYlRd'}},
               {'displayMode': 'gradient', 'orientation': 'horizontal', 'namePlacement': 'left',
                'valueMode': 'text', 'showUnfilled': False})
    case('bargauge-left-text', bt, {'A': fs}, 600, 200)

    blv = panel(24, 'bargauge', 'LCD, vertical', [target('fs', '{{mountpoint}}', True)],
                {'unit': 'percent', 'decimals': 0, 'min': 0, 'max': 100, 'thresholds': TH_GYR},
                {'displayMode': 'lcd', 'orientation': 'vertical', 'showUnfilled': True})
    case('bargauge-lcd-vertical', blv, {'A': fs}, 500, 320)
    bgv = panel(25, 'bargauge', 'Gradient, vertical, percentage thresholds, text sizes',
                [target('fs', '{{mountpoint}}', True)],
                {'unit': 'percent', 'decimals': 0, 'min': 0, 'max': 200,
                 'thresholds': {'mode': 'percentage', 'steps': [
                     {'color': 'green', 'value': None}, {'color': 'orange', 'value': 25},
                     {'color': 'red', 'value': 40}]}},
                {'displayMode': 'gradient', 'orientation': 'vertical', 'showUnfilled': True,
                 'text': {'titleSize': 12, 'valueSize': 16}})
    case('bargauge-gradient-vertical', bgv, {'A': fs}, 500, 320)

    jobs = []
    for c in CASES:
        job = {'panel': c['panel'], 'data': c['data'], 'width': c['width'], 'height': c['height'],
               'theme': c['theme'], 'from': FROM, 'to': TO, 'out': f"ref/{c['name']}.png"}
        if c['gauge']:
            job['approxGauge'] = True
        jobs.append(job)
    # corpus panels (capture.py) stay
    old_gen = os.path.join(HERE, 'generated.json')
    kept = [g for g in json.load(open(old_gen)) if g.get('dashboard')] if os.path.exists(old_gen) else []
    old_jobs = os.path.join(HERE, 'jobs.json')
    kept_jobs = [j for j in json.load(open(old_jobs)) if 'dashboard' in j] if os.path.exists(old_jobs) else []
    json.dump(jobs + kept_jobs, open(old_jobs, 'w'), indent=1)
    json.dump(CASES + kept, open(old_gen, 'w'), indent=1)


main()
