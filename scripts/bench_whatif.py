#!/usr/bin/env python3
"""Benchmark `sessadm whatif` at fleet scale.

Runs 100,000 generated users x 5 working days through both sides (current
settings: 8h session, 30m inactivity; proposal: 15m inactivity) on 1 and on
2 threads, and reports wall time, events per second (both sides), the
speed-up from 1 to 2 threads, and peak memory. Goal: under 10 s on 2 cores.

    python3 scripts/bench_whatif.py [--users 100000] [--profile office] [--runs 3]
"""
import argparse
import json
import os
import statistics
import sys

from benchlib import BIN, build, environment, run, setup, workdir


def run_json(cmd, env):
    """Wall seconds, peak RSS (MB) and the parsed JSON output of one run."""
    wall, mem, out = run(cmd, env, capture=True)
    return wall, mem, json.loads(out)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--users", type=int, default=100_000)
    p.add_argument("--days", type=int, default=5)
    p.add_argument("--profile", default="office")
    p.add_argument("--runs", type=int, default=3)
    a = p.parse_args()
    build()
    with workdir("sessadm-bench-whatif-") as work:
        env = environment(os.path.join(work, "db"))
        setup(env,
              ["env", "add", "contoso-prod"],
              ["env", "set-timeout", "contoso-prod", "--length", "8h"],
              ["env", "set-inactivity", "contoso-prod", "--after", "30m", "--warning", "5m"])
        results = {}
        for threads in (1, 2):
            cmd = [BIN, "-o", "json", "whatif", "--env", "contoso-prod", "--inactivity", "15m",
                   "--users", str(a.users), "--days", str(a.days), "--profile", a.profile,
                   "--threads", str(threads)]
            runs = [run_json(cmd, env) for _ in range(a.runs)]
            wall = statistics.median(r[0] for r in runs)
            mem = max(r[1] for r in runs)
            events = runs[0][2]["population"]["events"]
            same = all(r[2] == runs[0][2] for r in runs)
            results[threads] = (wall, mem, events, runs[0][2])
            print(f"{threads} thread{'s' if threads > 1 else ' '}: {wall:6.2f} s  "
                  f"{2 * events / wall / 1e6:6.1f} M events/s (both sides)  peak {mem:5.1f} MB"
                  f"{'' if same else '  (runs differ!)'}")
        speedup = results[1][0] / results[2][0]
        same = results[1][3] == results[2][3]
        print(f"{a.users} {a.profile} users x {a.days} days: {results[2][2]:,} events a side; "
              f"speed-up 1 -> 2 threads {speedup:.2f}x; same numbers on 1 and 2 threads: {same}")
        ok = results[2][0] < 10 and same
        print("goal met (under 10 s on 2 threads)" if ok else "GOAL MISSED")
        sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
