#!/usr/bin/env python3
"""Benchmark `sessadm simulate --format html` on the 1M-event timeline.

The page of a million-event run must stay a page: under 5 MB, drawn in at
most twice the time of the same run with --format jsonl. Measures, as the
median of several runs taking turns in blocks (so that a slow spell of the
machine falls on both alike):
  - the 1M-event CSV of 10,000 users (gen_timeline.py, as bench_simulate.py
    uses) simulated with --format jsonl and with --format html, output to
    /dev/null;
  - the page's size, its lanes, and the peak memory of each run.

Usage:
    python3 scripts/bench_html.py [--runs 9] [--keep DIR]
"""
import argparse
import statistics
import sys

from benchlib import BIN, build, contoso_prod, run, timeline, workdir


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--runs", type=int, default=9)
    p.add_argument("--keep", help="generate into (and keep) this directory")
    a = p.parse_args()
    build()
    with workdir("sessadm-bench-html-", keep=a.keep) as work:
        sys.exit(bench(work, a.runs))


def bench(work, runs):
    env = contoso_prod(work)
    big = timeline(work, 10000, "timeline-1m.csv")
    cmd = lambda fmt: [BIN, "simulate", big, "--env", "contoso-prod", "--format", fmt]
    times = {"jsonl": [], "html": []}
    mem = {"jsonl": 0.0, "html": 0.0}
    rounds = 3
    per_block = max(1, -(-runs // rounds))
    for _ in range(rounds):
        for fmt in times:
            run(cmd(fmt), env)  # warms the caches; not counted
            for _ in range(per_block):
                wall, rss, _ = run(cmd(fmt), env)
                times[fmt].append(wall)
                mem[fmt] = max(mem[fmt], rss)
    page = run(cmd("html"), env, capture=True)[2]
    lanes = len({part.split(b'"', 1)[0] for part in page.split(b'data-user="')[1:]})
    t_jsonl, t_html = statistics.median(times["jsonl"]), statistics.median(times["html"])
    spread = lambda v: f"{min(v) * 1000:.0f}–{max(v) * 1000:.0f} ms"
    rows = [
        ("1M events, --format jsonl", f"{t_jsonl * 1000:.0f} ms", spread(times["jsonl"])),
        ("1M events, --format html", f"{t_html * 1000:.0f} ms",
         f"{spread(times['html'])}; {t_html / t_jsonl:.2f}x jsonl (goal <= 2)"),
        ("page size", f"{len(page) / 1e6:.2f} MB", "goal < 5 MB"),
        ("lanes drawn", f"{lanes}", "at most 200"),
        ("peak memory, jsonl / html", f"{mem['jsonl']:.1f} MB", f"{mem['html']:.1f} MB"),
    ]
    for name, value, note in rows:
        print(f"{name:<30} {value:>10}  {note}")
    ok = t_html <= 2 * t_jsonl and len(page) < 5e6 and lanes <= 200
    print("all goals met" if ok else "GOALS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    main()
