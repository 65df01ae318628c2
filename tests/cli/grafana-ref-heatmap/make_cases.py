#!/usr/bin/env python3
"""Writes cases.json from jobs.json (the grafana-ref batch): each job becomes
a case with paths from the source root; each case probes the two colours
Grafana paints most cells with inside the plot (read from the reference
with `convert FILE ppm:-`), so a missing or recoloured band fails."""
import collections, json, os, subprocess

BACKGROUNDS = {(0x18, 0x1b, 0x1f), (0xff, 0xff, 0xff)}


def top_colours(png, box, n=2):
    d = subprocess.run(['convert', png, 'ppm:-'], capture_output=True, check=True).stdout
    head = d.split(b'\n', 3)
    w, h = map(int, head[1].split())
    px = head[3]
    x0, y0, bw, bh = box
    count = collections.Counter()
    for y in range(y0, y0 + bh):
        for x in range(x0, x0 + bw):
            i = (y * w + x) * 3
            c = tuple(px[i:i + 3])
            if c not in BACKGROUNDS and max(c) - min(c) > 24:  # cells, not grey grid or text
                count[c] += 1
    return ['#%02X%02X%02X' % c for c, _ in count.most_common(n)]

HERE = 'tests/cli/grafana-ref-heatmap'


def rel(path):
    return os.path.normpath(os.path.join(HERE, path))


def main():
    cases = []
    for j in json.load(open('jobs.json')):
        panel = json.load(open(j['panel']))['id']
        plot = [60, 40, j['width'] - 80, j['height'] - 130]
        series = [(f'cells {c}', c) for c in top_colours(j['out'], plot)]
        case = {'dashboard': rel(j['panel']), 'panel': panel,
                'data': {r: rel(f) for r, f in j['data'].items()},
                'width': j['width'], 'height': j['height'], 'theme': j['theme'],
                'reference': rel(j['out']), 'from': j['from'], 'to': j['to'],
                'plot': plot,
                'series': [{'name': n, 'colour': c} for n, c in series]}
        cases.append(case)
    json.dump({'vars': [], 'cases': cases}, open('cases.json', 'w'), indent=1)


if __name__ == '__main__':
    main()
