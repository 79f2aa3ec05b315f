#!/usr/bin/env python3
"""Compare the two CSV record readers end to end on the 1M-row CSV of
bench_simulate.py, in one run: the hand-written one of src/sim/records.rs
(the working tree) against the `csv` crate's `ByteRecord`, with positions
from `ByteRecord::position()` (commit CRATE_READER below, the same code
apart from that file and Cargo.toml).

Each build is a release binary: a git revision is built in a temporary
`git worktree` (removed afterwards; it shares this checkout's target/
directory, so only sessadm itself is compiled again), the working tree in
place. Both then run the same commands on the same file, alternating run
by run so that a slow spell of the machine falls on both alike:

  - `sessadm simulate FILE.csv --env contoso-prod --format jsonl`, output
    to /dev/null;
  - the same with the output written into a file (`> out.jsonl`).

For each it prints the median wall time, the spread (lowest and highest
run), the median CPU time (user + system, which a busy machine disturbs
less than wall time), and the second build's time as a share of the
first's. The data (gen_timeline.py: 10,000 users x 100 events, and the
database) is generated as bench_simulate.py does. Usage:

    python3 scripts/bench_csv_reader.py [--hand REV] [--crate REV]
                                        [--runs 21] [--keep DIR]

--hand defaults to the working tree, --crate to CRATE_READER; either may
name any git revision (then shown by it), so the script also compares
any two builds, such as the commits before and after a change.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

from benchlib import BIN, ROOT, build, contoso_prod, timeline, workdir

# The commit that reads CSV records with the csv crate: src/sim/records.rs
# built on `csv::ByteRecord`, everything else as the hand-written reader's
# commit before it (f1a50dd).
CRATE_READER = "533a7d9"


def build_at(rev, work):
    """The release binary of revision `rev`, copied into `work`."""
    tree = os.path.join(work, f"tree-{rev}")
    subprocess.run(["git", "worktree", "add", "--detach", "--quiet", tree, rev], cwd=ROOT, check=True)
    try:
        target = os.path.join(ROOT, "target")
        subprocess.run(["cargo", "build", "--release", "--locked", "--quiet"], cwd=tree, check=True,
                       env=dict(os.environ, CARGO_TARGET_DIR=target))
        out = os.path.join(work, f"sessadm-{rev}")
        shutil.copy2(os.path.join(target, "release", "sessadm"), out)
        return out
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", tree], cwd=ROOT, check=False)


def build_here(work):
    """The release binary of the working tree, copied into `work`."""
    build()
    out = os.path.join(work, "sessadm-working-tree")
    shutil.copy2(BIN, out)
    return out


def timed(cmd, env, out):
    """Wall and CPU seconds of one run of `cmd`, its output into `out`."""
    with open(out, "wb") as sink:
        start = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=sink, env=env)
        _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        sys.exit(f"failed ({os.waitstatus_to_exitcode(status)}): {' '.join(cmd)}")
    return wall, usage.ru_utime + usage.ru_stime


def prepare(work):
    """The 1M-row timeline and its database, generated if missing."""
    env = contoso_prod(work)
    big = timeline(work, 10000, "timeline-1m.csv")
    return env, big


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--hand", help="git revision of the hand-written reader (default: the working tree)")
    p.add_argument("--crate", default=CRATE_READER, help="git revision of the csv crate's reader")
    p.add_argument("--runs", type=int, default=21)
    p.add_argument("--keep", help="generate into (and keep) this directory")
    a = p.parse_args()

    with workdir("sessadm-bench-csv-", keep=a.keep) as work:
        hand = a.hand or "hand-written"
        crate = "csv crate" if a.crate == CRATE_READER else a.crate
        bins = {hand: build_at(a.hand, work) if a.hand else build_here(work),
                crate: build_at(a.crate, work)}
        env, big = prepare(work)
        into_file = os.path.join(work, "out.jsonl")
        outputs = {}
        for name, b in bins.items():
            outputs[name] = subprocess.run([b, "simulate", big, "--env", "contoso-prod", "--format", "jsonl"],
                                           env=env, check=True, capture_output=True).stdout
        if len(set(outputs.values())) != 1:
            sys.exit("the two builds print different output")

        cases = {"jsonl > /dev/null": os.devnull, "jsonl > out.jsonl": into_file}
        times = {(c, b): [] for c in cases for b in bins}
        for i in range(a.runs + 1):
            for case, out in cases.items():
                order = list(bins.items()) if i % 2 == 0 else list(bins.items())[::-1]
                for name, b in order:
                    cmd = [b, "simulate", big, "--env", "contoso-prod", "--format", "jsonl"]
                    t = timed(cmd, env, out)
                    if i > 0:  # the first round warms the caches
                        times[(case, name)].append(t)

        print(f"1M-row timeline, {a.runs} runs of each, alternating; times in ms")
        print(f"{'case':<20} {'reader':<14} {'median':>7} {'min':>6} {'max':>6} {'cpu':>6}  vs {hand}")
        for case in cases:
            base = statistics.median(w for w, _ in times[(case, hand)])
            for name in bins:
                walls = [w for w, _ in times[(case, name)]]
                cpus = [c for _, c in times[(case, name)]]
                med = statistics.median(walls)
                print(f"{case:<20} {name:<14} {med * 1000:7.0f} {min(walls) * 1000:6.0f} "
                      f"{max(walls) * 1000:6.0f} {statistics.median(cpus) * 1000:6.0f}  {med / base:.3f}x")


if __name__ == "__main__":
    main()
