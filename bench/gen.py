#!/usr/bin/env python3
"""bench/gen.py OUTDIR T0: the deterministic data bench/run.sh times every tool on.

Each case is written once as a Prometheus /api/v1/query_range answer (what
cairn reads with --data and what every JavaScript and Python peer reads) and,
for rrdtool, as `rrdtool update` lines with the same values:

  a.json    case A: 4 series x 10,000 samples at 1 s (bench/lib.sh's shape:
            a slow sine per series plus a fast one, so every pixel column
            holds a full zigzag); rrdtool's RRD comes from bench/lib.sh
  b.json    case B: the same four series over 1,000,000 samples; b.rrd.cmds
  c.json    case C: 1000 series x 1,000 samples ("CPU by pod")
  parse.json  a ~40 MB answer for bench/parse: 16 series x 100,000 samples
  dash-a.json, dash-b.json, dash-c.json  one-panel dashboards whose target A
            the answers above feed (cairn render --panel 1 --data A=...)
"""
import json
import math
import sys

out, t0 = sys.argv[1], int(sys.argv[2])
BASES = [10, 20, 30, 40]


def v4(b, i):  # bench/lib.sh's series
    return b + 10 * math.sin(i * 0.001 * b) + 3 * math.sin(i * 0.7)


def num(x):  # as Prometheus prints a sample: shortest form, no trailing .0
    s = repr(round(x, 6))
    return s[:-2] if s.endswith(".0") else s


def answer(path, series):
    """series: [(labels dict, [values])], samples at t0 + i seconds."""
    with open(path, "w") as f:
        f.write('{"status":"success","data":{"resultType":"matrix","result":[')
        for k, (labels, vals) in enumerate(series):
            f.write("," if k else "")
            f.write('{"metric":' + json.dumps(labels, separators=(",", ":")) + ',"values":[')
            f.write(",".join(f'[{t0 + i},"{num(v)}"]' for i, v in enumerate(vals)))
            f.write("]}")
        f.write("]}}")


def dashboard(path, title, n, legend):
    json.dump({"title": title, "uid": title, "schemaVersion": 39,
               "time": {"from": str(t0), "to": str(t0 + n - 1)},
               "panels": [{"id": 1, "type": "timeseries", "title": title,
                           "gridPos": {"x": 0, "y": 0, "w": 24, "h": 12},
                           "maxDataPoints": n, "interval": "1s",
                           "datasource": {"type": "prometheus", "uid": "prom"},
                           "targets": [{"refId": "A", "expr": "bench",
                                        "legendFormat": legend}]}]},
              open(path, "w"), indent=1)


def four(n):
    return [({"__name__": "bench", "series": f"s{k}"}, [v4(b, i) for i in range(n)])
            for k, b in enumerate(BASES)]


answer(f"{out}/a.json", four(10_000))
dashboard(f"{out}/dash-a.json", "A", 10_000, "{{series}}")

N_B = 1_000_000
answer(f"{out}/b.json", four(N_B))
dashboard(f"{out}/dash-b.json", "B", N_B, "{{series}}")
with open(f"{out}/b.rrd.cmds", "w") as f:
    for i0 in range(0, N_B, 1000):
        f.write(f"update {out}/b.rrd " + " ".join(
            f"{t0 + i}:" + ":".join(num(v4(b, i)) for b in BASES)
            for i in range(i0, min(N_B, i0 + 1000))) + "\n")


def pod(k, i):  # CPU of pod k: its own level, a slow wave and some jitter
    level = 5 + 90 * ((k * 0.6180339887) % 1.0)
    return max(0.0, level + 4 * math.sin(i * 0.02 + k) + 1.5 * math.sin(i * 0.9 + 1.7 * k))


answer(f"{out}/c.json", [({"__name__": "bench", "pod": f"pod-{k:04d}"},
                          [pod(k, i) for i in range(1000)]) for k in range(1000)])
dashboard(f"{out}/dash-c.json", "C", 1000, "{{pod}}")

answer(f"{out}/parse.json", [({"__name__": "bench", "instance": f"host-{k:02d}:9100",
                               "job": "node", "mode": "user"},
                              [pod(k, i) for i in range(100_000)]) for k in range(16)])
