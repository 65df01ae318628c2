#!/usr/bin/env python3
"""bench/bench.py — times cairn and its peers on bench/gen.py's data, case by
case, interleaved, and prints one markdown table per case.  bench/run.sh
installs, builds, makes the data and calls it; it is not meant to be run
by hand (but can be: see run.sh for the arguments).

How it times.  Every command is a whole process, started with posix_spawn
and reaped with wait4: wall time from spawn to exit.  Each entry first runs
once to warm the page cache and to check that it works (a failing entry is
shown with its message and left out); that run also measures peak memory:
under /usr/bin/time -f %M (the child's ru_maxrss; wait4's own figure from a
posix_spawn'd child would start at this Python process's RSS), or, for
Chromium, which is many processes, the peak of the PSS summed over its
whole process tree, sampled every 50 ms (RSS summed would count shared
pages once per process).  Then the entries of a case take turns, round
after round (who goes first rotates), so load from the other sessions on
this machine falls on all of them alike; hyperfine would run each
command's runs back to back.  An entry stops after its time budget (at
least 3 runs, 2 in case B; the warm-up counts as one when it took over 2 s).  Ratios are
of medians.  uPlot warm is one Node process per round that opens the page
once and times three draws + screenshots itself.
"""
import argparse
import json
import math
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import threading
import time

ap = argparse.ArgumentParser()
ap.add_argument("--work", required=True)
ap.add_argument("--cairn", required=True)
ap.add_argument("--parse", required=True)
ap.add_argument("--corpus", required=True, help="folder holding rfmoz__node-exporter-full.json")
ap.add_argument("--t0", type=int, required=True)
ap.add_argument("--rrd-a", required=True, help="rrdtool graph command of case A")
ap.add_argument("--prom-url", default="", help="a Prometheus holding case A's series")
ap.add_argument("--prom-dash", default="", help="case A's dashboard querying it")
ap.add_argument("--runs", type=int, default=10, help="runs per entry at most (A, E: 2x)")
ap.add_argument("--budget", type=float, default=12.0, help="seconds per entry before it stops")
ap.add_argument("--only", default="ABCDEP", help="cases to run (P: parsing)")
ap.add_argument("--json", default="", help="also write the results here")
args = ap.parse_args()

W, T0 = args.work, args.t0
HERE = os.path.dirname(os.path.abspath(__file__))
JS = os.path.join(HERE, "js")
PY = "/usr/bin/python3"  # Debian's: graphite-web is installed for it


class Entry:
    def __init__(self, name, cmd, out=None, tree=False, warm=False):
        self.name, self.cmd, self.out, self.tree, self.warm = name, cmd, out, tree, warm
        self.times, self.rss, self.error = [], [], None

    def median(self):
        return statistics.median(self.times) if self.times else math.nan


def tree_pss_kb(sid):
    """PSS summed over the processes of session sid, in KB."""
    total = 0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            if os.getsid(int(pid)) != sid:
                continue
            with open(f"/proc/{pid}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
                        break
        except (OSError, ValueError):
            pass
    return total


def spawn(cmd, tree, rss):
    """Runs cmd (argv list) once: (seconds, peak KB or 0, exit status, stdout)."""
    if rss and not tree:
        cmd = ["/usr/bin/time", "-f", "%M", "-o", f"{W}/last.rss"] + cmd
    argv = [shutil.which(cmd[0]) or cmd[0]] + cmd[1:]
    rd, wr = os.pipe()
    acts = [(os.POSIX_SPAWN_DUP2, wr, 1), (os.POSIX_SPAWN_CLOSE, rd),
            (os.POSIX_SPAWN_OPEN, 2, f"{W}/last.stderr", os.O_WRONLY | os.O_CREAT | os.O_TRUNC,
             0o644)]
    t0 = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=acts, setsid=True)
    os.close(wr)
    peak = [0]
    stop = threading.Event()
    tree = tree and rss
    if tree:
        def sample():
            while not stop.is_set():
                peak[0] = max(peak[0], tree_pss_kb(pid))
                stop.wait(0.05)
        th = threading.Thread(target=sample)
        th.start()
    out = b""
    while chunk := os.read(rd, 65536):
        out += chunk
    os.close(rd)
    _, status, ru = os.wait4(pid, 0)
    dt = time.perf_counter() - t0
    if tree:
        stop.set()
        th.join()
    rc = os.waitstatus_to_exitcode(status)
    if rss and not tree and rc == 0:
        peak[0] = int(open(f"{W}/last.rss").read().split()[-1])
    return dt, peak[0], rc, out


def run_once(e, rss=False):
    dt, kb, rc, out = spawn(e.cmd, e.tree, rss)
    if rc != 0:
        msg = open(f"{W}/last.stderr", errors="replace").read().strip().splitlines()
        e.error = f"exit {rc}: " + (msg[-1] if msg else "(no message)")
        return None
    if e.warm:
        return [ms / 1e3 for ms in json.loads(out.decode().strip().splitlines()[-1])["ms"]], kb
    return [dt], kb


def run_case(entries, runs, least=3):
    """Warm-up run of each, then rounds; each entry stops at runs or its budget."""
    quota = {}
    for e in entries:
        t0 = time.perf_counter()
        r = run_once(e, rss=True)
        took = time.perf_counter() - t0
        if r is None:
            print(f"  {e.name}: {e.error}", file=sys.stderr)
            continue
        e.rss.append(r[1])
        quota[e.name] = max(least, min(runs, int(args.budget / max(took, 1e-3))))
        if e.warm:
            quota[e.name] = 3
        elif took > 2:
            e.times += r[0]
            quota[e.name] -= 1
        print(f"  warm-up: {e.name} {took:.1f} s", file=sys.stderr)
    for rnd in range(runs):
        live = [e for e in entries if e.error is None and rnd < quota.get(e.name, 0)]
        if not live:
            break
        for e in live[rnd % len(live):] + live[:rnd % len(live)]:  # rotate who goes first
            r = run_once(e)
            if r is None:
                print(f"  {e.name}: {e.error}", file=sys.stderr)
                break
            e.times += r[0]
        print(f"  round {rnd + 1}: {', '.join(e.name for e in live)}", file=sys.stderr)


def fmt_ms(s):
    return f"{s * 1e3:,.0f} ms" if s >= 0.1 else f"{s * 1e3:.1f} ms"


def table(title, entries, yard, yard_name, note=""):
    print(f"\n### {title}\n")
    if note:
        print(note + "\n")
    print(f"| tool | × {yard_name} | median | min–max | peak RSS | output | runs |")
    print("|---|---|---|---|---|---|---|")
    for e in entries:
        if e.error:
            print(f"| {e.name} | — | failed: {e.error} | | | | |")
            continue
        ratio = e.median() / yard.median() if yard and yard.times else None
        size = ""
        if e.out and os.path.exists(e.out):
            size = f"{os.path.getsize(e.out) / 1e3:,.0f} KB"
        rss = max(e.rss) / 1024
        print(f"| {e.name} | {f'**{ratio:.2f}×**' if ratio else '—'} | {fmt_ms(e.median())} | {fmt_ms(min(e.times))}–"
              f"{fmt_ms(max(e.times))} | {rss:,.1f} MB{' (PSS, all processes)' if e.tree else ''}"
              f" | {size} | {len(e.times)} |")


def cairn(dash, out, data, n, fmt_args=()):
    return [args.cairn, "render", f"{W}/{dash}", "--panel", "1", "-o", f"{W}/{out}", "--width",
            "1000", "--height", "500", "--data", f"A={W}/{data}", "--from", str(T0), "--to",
            str(T0 + n - 1), *fmt_args]


def peers(case, answer, warm=True):
    a = f"{W}/{answer}"
    out = [Entry("ECharts SSR → PNG (Skia canvas)", ["node", f"{JS}/echarts.js", a,
                                                     f"{W}/{case}-echarts.png"],
                 f"{W}/{case}-echarts.png"),
           Entry("Chart.js → PNG (Skia canvas)", ["node", f"{JS}/chartjs.js", a,
                                                  f"{W}/{case}-chartjs.png"],
                 f"{W}/{case}-chartjs.png"),
           Entry("Graphite (glyph.py, Cairo) → PNG", [PY, f"{HERE}/graphite-glyph.py", a,
                                                      f"{W}/{case}-graphite.png"],
                 f"{W}/{case}-graphite.png"),
           Entry("Chromium + uPlot, new browser", ["node", f"{JS}/uplot.js", "new", a,
                                                   f"{W}/{case}-uplot.png"],
                 f"{W}/{case}-uplot.png", tree=True)]
    if warm:
        out.append(Entry("Chromium + uPlot, warm page (draw + screenshot)",
                         ["node", f"{JS}/uplot.js", "warm", a, f"{W}/{case}-uplot-warm.png", "3"],
                         f"{W}/{case}-uplot-warm.png", tree=True, warm=True))
    return out


results = {}
machine = (f"{os.cpu_count()} cores, "
           + next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo")
                   if l.startswith("model name")), "?"))
print(f"## cairn bench — {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {machine}")
print(f"\nLoad average at the start: {' '.join(f'{x:.1f}' for x in os.getloadavg())} "
      "(the machine is shared: ratios of interleaved runs mean more than times).")
goals = []
rrd_a = None

if "A" in args.only:
    print("[bench] case A: 4 series x 10k points, 1000x500", file=sys.stderr)
    rrd_a = Entry("`rrdtool graph` (from an RRD)", shlex.split(args.rrd_a), f"{W}/rrd.png")
    A = [Entry("cairn → PNG (`--data`)", cairn("dash-a.json", "a.png", "a.json", 10000),
               f"{W}/a.png"),
         rrd_a,
         Entry("cairn → SVG", cairn("dash-a.json", "a.svg", "a.json", 10000), f"{W}/a.svg"),
         Entry("cairn → PDF", cairn("dash-a.json", "a.pdf", "a.json", 10000), f"{W}/a.pdf")]
    if args.prom_url:
        A.append(Entry("cairn → PNG, querying Prometheus",
                       [args.cairn, "render", args.prom_dash, "--panel", "1", "-o",
                        f"{W}/a-prom.png", "--width", "1000", "--height", "500",
                        "--prometheus", args.prom_url, "--from", str(T0), "--to",
                        str(T0 + 9999)], f"{W}/a-prom.png"))
    A.append(Entry("ECharts SSR → SVG string", ["node", f"{JS}/echarts.js", f"{W}/a.json",
                                               f"{W}/A-echarts.svg"], f"{W}/A-echarts.svg"))
    A += peers("A", "a.json")
    run_case(A, args.runs * 2)
    table("A: 1000×500, 4 series × 10,000 points, from the saved answer", A, rrd_a, "rrdtool")
    goals.append(("A: cairn PNG ≤ 0.4× rrdtool", "ratio", A[0], rrd_a, 0.4))
    results["A"] = A

if "B" in args.only:
    print("[bench] case B: 4 series x 1M points", file=sys.stderr)
    rrd_b = Entry("`rrdtool graph` (from an RRD)", shlex.split(args.rrd_a.replace(
        f"{W}/bench.rrd", f"{W}/b.rrd").replace(f"{W}/rrd.png", f"{W}/rrd-b.png").replace(
        f"--end {T0 + 9999}", f"--end {T0 + 999999}")), f"{W}/rrd-b.png")
    B = [Entry("cairn → PNG (`--data`)", cairn("dash-b.json", "b.png", "b.json", 1000000),
               f"{W}/b.png"), rrd_b] + peers("B", "b.json", warm=False)
    run_case(B, args.runs, least=2)  # its slow peers take 10-40 s a run
    table("B: 1000×500, 4 series × 1,000,000 points (99 MB answer)", B, rrd_b, "rrdtool",
          "rrdtool and Graphite average each pixel column (the min/max envelope is lost); "
          "cairn, ECharts (`sampling: 'minmax'`), Chart.js (decimation `min-max`) and uPlot keep "
          "each column's extremes.")
    goals.append(("B: cairn ≤ 1.0× rrdtool", "ratio", B[0], rrd_b, 1.0))
    results["B"] = B

if "C" in args.only:
    print("[bench] case C: 1000 series x 1000 points", file=sys.stderr)
    rrd_ac = Entry("`rrdtool graph` of case A (the yardstick)", shlex.split(args.rrd_a),
                   f"{W}/rrd.png")
    C = [Entry("cairn → PNG (`--data`)", cairn("dash-c.json", "c.png", "c.json", 1000),
               f"{W}/c.png"), rrd_ac] + peers("C", "c.json")
    run_case(C, args.runs)
    table("C: 1000×500, 1000 series × 1,000 points (25 MB answer)", C, rrd_ac,
          "rrdtool's A", "Ratios to `rrdtool graph` of case A, timed again in these rounds.")
    goals.append(("C: cairn ≤ 5× rrdtool's A", "ratio", C[0], rrd_ac, 5.0))
    goals.append(("C: cairn ≤ 0.2× Chromium + uPlot (new browser)", "ratio", C[0], C[5], 0.2))
    results["C"] = C

if "D" in args.only:
    print("[bench] case D: Node Exporter Full", file=sys.stderr)
    D = [Entry("cairn: Node Exporter Full, every row expanded, 1600 px, `testdata`",
               [args.cairn, "render", f"{args.corpus}/rfmoz__node-exporter-full.json",
                "--expand-rows", "--prometheus", "testdata", "--width", "1600", "-o",
                f"{W}/d.png"], f"{W}/d.png"),
         Entry("`rrdtool graph` of case A (the yardstick)", shlex.split(args.rrd_a),
               f"{W}/rrd.png")]
    run_case(D, args.runs)
    table("D: a whole dashboard", D, D[1], "rrdtool's A",
          "No peer draws a Grafana dashboard without Grafana; the yardstick is `rrdtool graph` "
          "of case A, timed again in these rounds.")
    goals.append(("D: cairn ≤ 7× rrdtool's A", "ratio", D[0], D[1], 7.0))
    goals.append(("D: cairn ≤ 150 MB peak RSS", "rss", D[0], None, 150))
    results["D"] = D

if "E" in args.only:
    print("[bench] case E: start-up", file=sys.stderr)
    rrd_v = Entry("`rrdtool --version`", ["rrdtool", "--version"])
    E = [Entry("`cairn --version`", [args.cairn, "--version"]), rrd_v]
    run_case(E, args.runs * 3)
    table("E: start-up only", E, rrd_v, "rrdtool")
    goals.append(("E: cairn --version ≤ 1.0× rrdtool --version", "ratio", E[0], rrd_v, 1.0))
    results["E"] = E

if "P" in args.only:
    print("[bench] parsing the 40 MB answer", file=sys.stderr)
    line = subprocess.run([args.parse, "--runs", "10", f"{W}/parse.json"], capture_output=True,
                          text=True)
    print("\n### Parsing a 40 MB `query_range` answer (in process, `bench/parse`)\n")
    print((line.stdout or line.stderr).strip())
    results["P"] = (line.stdout or line.stderr).strip()
    try:
        mbs = float(line.stdout.split("median ")[1].split(" MB/s")[0])
        goals.append(("parse ≥ 500 MB/s (median)", "mbs", mbs, None, 500))
    except (IndexError, ValueError):
        pass

print("\n### Goals (issue 12), from this run\n")
print("| goal | measured | met |")
print("|---|---|---|")
for label, kind, e, yard, bound in goals:
    if kind == "mbs":
        print(f"| {label} | {e:.0f} MB/s | {'yes' if e >= bound else '**no**'} |")
    elif e.error or not e.times:
        print(f"| {label} | not measured ({e.error}) | **no** |")
    elif kind == "rss":
        mb = max(e.rss) / 1024
        print(f"| {label} | {mb:.0f} MB | {'yes' if mb <= bound else '**no**'} |")
    elif yard is None or yard.error or not yard.times:
        print(f"| {label} | not measured: no yardstick in this run | |")
    else:
        r = e.median() / yard.median()
        print(f"| {label} | {r:.2f}× ({fmt_ms(e.median())} vs {fmt_ms(yard.median())}) "
              f"| {'yes' if r <= bound else '**no** (' + f'{r / bound:.1f}× over)'} |")
print(f"\nLoad average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}.")

if args.json:
    json.dump({c: ([{"name": e.name, "times": e.times, "rss_kb": e.rss, "error": e.error}
                    for e in v] if isinstance(v, list) else v) for c, v in results.items()},
              open(args.json, "w"), indent=1)
