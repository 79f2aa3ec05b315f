#!/usr/bin/env python3
"""Benchmark `sessadm pull` and `sessadm push` against the tenant emulator
(SPEC §10.5).

Builds the release binary and the emulator example, serves N environments
on 127.0.0.1 with a fixed latency per admin/Dataverse request (default
200 environments, 100 ms), and times, with `--jobs 8`:

- `pull` of every environment (each live row differs from the inventory):
  ideal N reads x latency / jobs, goal at most 1.3 x the ideal;
- `push` changing every environment (read, PATCH, verify read): ideal
  N x 3 requests x latency / jobs, goal at most 1.3 x the ideal.

Both runs must succeed with every environment `changed`. Needs the
`discover`/`pull`/`push` commands; exits 1 when a goal is missed.

    python3 scripts/bench_tenant.py [--envs 200] [--latency-ms 100] [--jobs 8] [--runs 3]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

from benchlib import BIN, ROOT, build, environment, run, setup, workdir

EMULATOR = os.path.join(ROOT, "target", "release", "examples", "tenant_emulator")
GOAL = 1.3
LIVE = {"sessiontimeoutenabled": True, "sessiontimeoutinmins": 480,
        "sessiontimeoutreminderinmins": 15, "inactivitytimeoutenabled": True,
        "inactivitytimeoutinmins": 30, "inactivitytimeoutreminderinmins": 5}


def build_emulator():
    """Build the emulator example the benchmark serves."""
    subprocess.run(["cargo", "build", "--release", "--locked", "--quiet", "--example", "tenant_emulator"],
                   cwd=ROOT, check=True)


def start_emulator(envs, latency_ms):
    """The running emulator and the JSON line it printed."""
    p = subprocess.Popen([EMULATOR, "--envs", str(envs), "--latency-ms", str(latency_ms),
                          "--lifetime-s", "3600", "--columns", json.dumps(LIVE)],
                         stdout=subprocess.PIPE, text=True)
    line = p.stdout.readline()
    if not line:
        p.kill()
        sys.exit("the emulator printed nothing")
    return p, json.loads(line)


def timed(cmd, env, expect):
    """Wall seconds of one run whose JSON summary must be `expect`."""
    wall, _, out = run(cmd, env, capture=True)
    summary = json.loads(out)["summary"]
    got = {k: v for k, v in summary.items() if v}
    if got != expect:
        sys.exit(f"{' '.join(cmd[1:])}: summary {got}, want {expect}")
    return wall


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--envs", type=int, default=200)
    p.add_argument("--latency-ms", type=int, default=100)
    p.add_argument("--jobs", type=int, default=8)
    p.add_argument("--runs", type=int, default=3)
    a = p.parse_args()
    build()
    build_emulator()
    emulator, info = start_emulator(a.envs, a.latency_ms)
    try:
        with workdir("sessadm-bench-tenant-") as work:
            env = dict(environment(os.path.join(work, "db")),
                       SESSADM_BAP_URL=info["base_url"], AZURE_AUTHORITY_HOST=info["base_url"],
                       AZURE_TENANT_ID=info["tenant_id"], AZURE_CLIENT_ID=info["client_id"],
                       AZURE_CLIENT_SECRET=info["client_secret"], NO_PROXY="127.0.0.1,localhost")
            for k in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy",
                      "AZURE_FEDERATED_TOKEN_FILE", "ACTIONS_ID_TOKEN_REQUEST_URL", "SESSADM_AUTH"):
                env.pop(k, None)
            names = [e["name"] for e in info["environments"]]
            setup(env, *(["env", "add", e["name"], "--url", e["url"]] for e in info["environments"]))
            latency = a.latency_ms / 1000
            jobs = ["--jobs", str(a.jobs)]
            n = len(names)

            # pull: the first run changes all; later ones find them the same,
            # so each timed run starts from inventory defaults again.
            pulls = []
            for i in range(a.runs):
                if i:
                    setup(env, *(["env", "set-inactivity", x, "--disable"] for x in names),
                          *(["env", "set-timeout", x, "--disable"] for x in names))
                pulls.append(timed([BIN, "-o", "json", "pull", *jobs], env, {"changed": n}))
            pull = statistics.median(pulls)
            pull_ideal = n * latency / a.jobs

            # push: every environment gets another session length each run.
            pushes = []
            for i in range(a.runs):
                length = f"{9 + i}h"
                setup(env, *(["env", "set-timeout", x, "--length", length] for x in names))
                pushes.append(timed([BIN, "-o", "json", "--yes", "push", *jobs], env, {"changed": n}))
            push = statistics.median(pushes)
            push_ideal = n * 3 * latency / a.jobs
    finally:
        emulator.kill()
        emulator.wait()

    ok = True
    for what, wall, ideal in (("pull", pull, pull_ideal), ("push", push, push_ideal)):
        ratio = wall / ideal
        met = ratio <= GOAL
        ok = ok and met
        print(f"{what} {n} environments, --jobs {a.jobs}, {a.latency_ms} ms a request: "
              f"{wall:6.2f} s (median of {a.runs}), ideal {ideal:5.2f} s, {ratio:4.2f} x "
              f"{'(goal met: <= 1.3 x)' if met else '(GOAL MISSED: > 1.3 x)'}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
