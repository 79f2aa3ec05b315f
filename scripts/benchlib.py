"""What the benchmark scripts share: the release build they run, a scratch
directory that is removed however the run ends, sessadm set-up commands,
and timing one run of a command that must succeed.

Imported by the bench_*.py scripts beside it; not run on its own.
"""
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "sessadm")


def build():
    """Build the release binary the benchmarks run."""
    subprocess.run(["cargo", "build", "--release", "--locked", "--quiet"], cwd=ROOT, check=True)


@contextlib.contextmanager
def workdir(prefix, keep=None):
    """A scratch directory, removed afterwards even when the benchmark
    fails or is interrupted; `keep` names a directory to use and leave
    in place instead."""
    if keep:
        os.makedirs(keep, exist_ok=True)
        yield keep
        return
    work = tempfile.mkdtemp(prefix=prefix)
    try:
        yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)


def environment(db):
    """The environment variables sessadm runs with: its own database and a
    fixed actor for the history."""
    return dict(os.environ, SESSADM_DB=db, SESSADM_ACTOR="bench")


def timeline(work, users, name):
    """The CSV `name` in `work`: `users` users x 100 events each, globally
    time-ordered (gen_timeline.py); generated once. Its path."""
    path = os.path.join(work, name)
    if not os.path.exists(path):
        print(f"generating {path} ...", file=sys.stderr)
        gen = os.path.join(ROOT, "scripts", "gen_timeline.py")
        subprocess.run([sys.executable, gen, path, "--users", str(users), "--events-per-user", "100"],
                       check=True)
    return path


def contoso_prod(work):
    """The benchmarks' database in `work`, made once: contoso-prod with an
    8-hour session timeout (warning 20m) and a 30-minute inactivity timeout
    (warning 5m). The environment variables to run sessadm with."""
    env = environment(os.path.join(work, "bench.db"))
    if not os.path.exists(env["SESSADM_DB"]):
        setup(env,
              ["env", "add", "contoso-prod", "--version", "9.2.24034.205"],
              ["env", "set-timeout", "contoso-prod", "--length", "8h", "--warning", "20m"],
              ["env", "set-inactivity", "contoso-prod", "--after", "30m", "--warning", "5m"])
    return env


def setup(env, *commands):
    """Run sessadm set-up commands quietly, stopping at the first that fails."""
    for args in commands:
        subprocess.run([BIN, "-q", *args], env=env, check=True, stdout=subprocess.DEVNULL)


def run(cmd, env, out=os.devnull, stdin=None, capture=False):
    """One run of `cmd`: (wall seconds, peak RSS in MB, its stdout when
    `capture`, else None). Exits, naming the command, if it fails.

    Output goes to the file `out` (emptied before the clock starts) unless
    captured."""
    if capture:
        start = time.perf_counter()
        p = subprocess.Popen(cmd, stdin=stdin, stdout=subprocess.PIPE, env=env)
        data = p.stdout.read()
        _, status, usage = os.wait4(p.pid, 0)
    else:
        data = None
        with open(out, "wb") as sink:
            start = time.perf_counter()
            p = subprocess.Popen(cmd, stdin=stdin, stdout=sink, env=env)
            _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        sys.exit(f"failed ({os.waitstatus_to_exitcode(status)}): {' '.join(cmd)}")
    return wall, usage.ru_maxrss / 1024, data
