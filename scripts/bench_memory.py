#!/usr/bin/env python3
"""Measure the peak memory of `sessadm` on inputs built to make it grow.

  - 2,000,000 CSV rows at one and the same second for one user (sign-ins,
    sign-outs and activity, so that nearly every row has an outcome), against
    2,000,000 rows spread over 20,000 users (gen_timeline.py): both simulated
    with --format jsonl. Goal: both under 64 MB, memory bounded by users.
  - a ~60 MB JSON and a ~60 MB TOML scenario (one user, events a second
    apart), simulated with --format jsonl; and a ~60 MB TOML policy file
    checked with `validate`. Each is read whole and its tree is held whole
    (a TOML file's `[[events]]` or `[[environments]]` sections are parsed a
    batch at a time): the figure is peak memory divided by the file's size
    (goal: about 10x at most).

Peak memory is the child's maximum resident set size (getrusage). Output
goes to /dev/null. Usage:

    python3 scripts/bench_memory.py [--keep DIR] [--mb 60]
"""
import argparse
import os
import subprocess
import sys

from benchlib import BIN, ROOT, build, contoso_prod, run, workdir

START = "2026-03-02T08:00:00Z"
HEADER = "at,user,kind,client,stay_signed_in,global_context,env,via,as_user\n"


def same_second(path, rows):
    """`rows` rows for alice, all at START: nearly every one has an outcome."""
    cycle = [
        f"{START},alice,sign-in,web,,,,,\n",
        f"{START},alice,sign-in,web,,,,,\n",  # a note: already signed in
        f"{START},alice,activity,,,,,,\n",
        f"{START},alice,sign-out,,,,,,\n",
        f"{START},alice,activity,,,,,,\n",  # access denied: signed out
    ]
    block = "".join(cycle) * 1000
    with open(path, "w") as f:
        f.write(HEADER)
        written = 0
        while written + len(cycle) * 1000 <= rows:
            f.write(block)
            written += len(cycle) * 1000
        for i in range(rows - written):
            f.write(cycle[i % len(cycle)])


KINDS = ["sign-in", "activity", "activity", "access", "sign-out"]


def toml_scenario(path, target):
    """A one-user scenario of events a second apart, about `target` bytes."""
    with open(path, "w") as f:
        f.write(f'start = "{START}"\nuser = "alice"\n\n[environment]\nname = "contoso-prod"\n'
                'session_length = "8h"\ninactivity = "30m"\n')
        i = 0
        while f.tell() < target:
            f.write(f'[[events]]\nat = "+{i}s"\nkind = "{KINDS[i % len(KINDS)]}"\n')
            i += 1


def json_scenario(path, target):
    """The same as JSON."""
    with open(path, "w") as f:
        f.write(f'{{"start": "{START}", "user": "alice", "environment": '
                '{"name": "contoso-prod", "session_length": "8h", "inactivity": "30m"}, "events": [\n')
        i = 0
        while f.tell() < target:
            f.write(("" if i == 0 else ",\n") + f'{{"at": "+{i}s", "kind": "{KINDS[i % len(KINDS)]}"}}')
            i += 1
        f.write("\n]}\n")


def toml_policy(path, target):
    with open(path, "w") as f:
        f.write('[tenant]\ntoken_lifetime = "90d"\n')
        i = 0
        while f.tell() < target:
            f.write(f'\n[[environments]]\nname = "env-{i:07d}"\nversion = "9.2.24034.205"\n'
                    'session_length = "8h"\nsession_warning = "20m"\ninactivity = "30m"\n')
            i += 1


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--keep", help="generate into (and keep) this directory")
    p.add_argument("--mb", type=int, default=60, help="size of the whole-file inputs, in MB (under 64 MiB)")
    a = p.parse_args()
    build()
    with workdir("sessadm-bench-memory-", keep=a.keep) as work:
        sys.exit(bench(work, a.mb * 1_000_000))


def bench(work, size):
    env = contoso_prod(work)
    same = os.path.join(work, "same-second-2m.csv")
    spread = os.path.join(work, "spread-2m.csv")
    sc_json = os.path.join(work, "scenario.json")
    sc_toml = os.path.join(work, "scenario.toml")
    policy = os.path.join(work, "policy.toml")
    gen = os.path.join(ROOT, "scripts", "gen_timeline.py")
    for path, make in (
        (same, lambda p: same_second(p, 2_000_000)),
        (spread, lambda p: subprocess.run(
            [sys.executable, gen, p, "--users", "20000", "--events-per-user", "100"], check=True)),
        (sc_json, lambda p: json_scenario(p, size)),
        (sc_toml, lambda p: toml_scenario(p, size)),
        (policy, lambda p: toml_policy(p, size)),
    ):
        if not os.path.exists(path):
            print(f"generating {path} ...", file=sys.stderr)
            make(path)

    sim = lambda f, *more: [BIN, "simulate", f, *more, "--format", "jsonl"]
    runs = [
        ("2M rows at one second, 1 user (CSV)", sim(same, "--env", "contoso-prod"), same, False),
        ("2M rows spread, 20,000 users (CSV)", sim(spread, "--env", "contoso-prod"), spread, False),
        ("JSON scenario", sim(sc_json), sc_json, True),
        ("TOML scenario", sim(sc_toml), sc_toml, True),
        ("TOML policy, validate", [BIN, "validate", policy], policy, True),
    ]
    ok = True
    print(f"{'input':<40} {'size':>9} {'wall':>8} {'peak RSS':>10}  note")
    for name, cmd, path, whole in runs:
        wall, rss, _ = run(cmd, env)
        mb = os.path.getsize(path) / 1e6
        if whole:
            ratio = rss / mb
            note = f"{ratio:.1f}x the file (goal <= 10)"
            ok &= ratio <= 10
        else:
            note = "goal < 64 MB"
            ok &= rss < 64
        print(f"{name:<40} {mb:>6.1f} MB {wall:>7.2f}s {rss:>7.1f} MB  {note}")
    print("all goals met" if ok else "GOALS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    main()
