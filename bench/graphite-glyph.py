#!/usr/bin/python3
"""bench/graphite-glyph.py ANSWER.json OUT.png — Graphite's Cairo renderer
(Debian's graphite-web, graphite.render.glyph.LineGraph) called directly, as
its /render view does after fetching data, without the web app: the saved
Prometheus answer read with json, each series a graphite TimeSeries, drawn
1000x500 with its legend and axes (Graphite consolidates to one value per
pixel column, averaging), written as PNG."""
import io
import json
import os
import sys
import warnings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "graphite.settings")
warnings.simplefilter("ignore")  # settings.py warns that SECRET_KEY is the default
from graphite.render.datalib import TimeSeries  # noqa: E402
from graphite.render.glyph import LineGraph  # noqa: E402

PALETTE = ["#73BF69", "#F2CC0C", "#8AB8FF", "#FF780A", "#F2495C", "#5794F2", "#B877D9"]

answer, out = sys.argv[1], sys.argv[2]
data = []
for r in json.load(open(answer))["data"]["result"]:
    values = [float(v) for _, v in r["values"]]
    t0, t1 = r["values"][0][0], r["values"][-1][0]
    labels = [v for k, v in r["metric"].items() if k != "__name__"]
    step = (t1 - t0) // max(1, len(values) - 1)
    data.append(TimeSeries(labels[0] if labels else r["metric"]["__name__"], t0, t1 + step, step,
                           values))
graph = LineGraph(data=data, width=1000, height=500, bgcolor="#181b1f", fgcolor="#ccccdc",
                  majorGridLineColor="#2c3235", minorGridLineColor="#22252b",
                  colorList=",".join(PALETTE), lineWidth=1, tz="UTC", outputFormat="png")
buf = io.BytesIO()
graph.output(buf)
with open(out, "wb") as f:
    f.write(buf.getvalue())
