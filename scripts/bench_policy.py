#!/usr/bin/env python3
"""Benchmark `sessadm apply` and `sessadm export` against the sqlite3 shell.

  - apply of a 10,000-environment policy file into an empty database, against
    sqlite3 running the equivalent INSERTs (the same rows sessadm writes:
    10,000 environments with their settings, and 50,000 history rows — each
    created environment is recorded as created, url, version, session timeout
    on and session length) in one transaction. Goal: no slower.
  - export of those 10,000 environments (TOML), against `sqlite3 -json`
    selecting them. Goal: at most 3x.

Medians of several runs; each apply starts from a fresh copy of an empty,
migrated database. Needs the sqlite3 shell. Usage:

    python3 scripts/bench_policy.py [--runs 10]
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys

from benchlib import BIN, build, environment, run, setup, workdir

N = 10_000
NOW = "2026-11-23T12:00:00Z"


def q(s):
    return "'" + s.replace("'", "''") + "'"


def write_inputs(work):
    policy = os.path.join(work, "policy.toml")
    sql = os.path.join(work, "inserts.sql")
    with open(policy, "w") as p, open(sql, "w") as s:
        p.write('[tenant]\ntoken_lifetime = "90d"\n')
        s.write("BEGIN IMMEDIATE;\n")
        for i in range(N):
            name = f"env-{i:05d}"
            url = f"https://org{i:05d}.crm.dynamics.com"
            version = f"9.2.{24000 + i % 100}.{i % 1000}"
            length = 60 + (i * 7) % 1380
            p.write(f'\n[[environments]]\nname = "{name}"\nurl = "{url}"\nversion = "{version}"\n'
                    f'session_length = "{length}"\nsession_warning = "20m"\n')
            eid = i + 1
            s.write("INSERT INTO environments (id, name, name_key, url, version, description, created_at, updated_at) "
                    f"VALUES ({eid}, {q(name)}, {q(name)}, {q(url)}, {q(version)}, NULL, {q(NOW)}, {q(NOW)});\n")
            s.write("INSERT INTO settings (environment_id, sessiontimeoutenabled, sessiontimeoutinmins, "
                    "sessiontimeoutreminderinmins, inactivitytimeoutenabled, inactivitytimeoutinmins, "
                    f"inactivitytimeoutreminderinmins) VALUES ({eid}, 1, {length}, 20, 0, NULL, 0);\n")
            h, m = divmod(length, 60)
            dur = f"{h}h{m}m" if h and m else (f"{h}h" if h else f"{m}m")
            for field, old, new in (("created", None, name), ("url", None, url), ("version", None, version),
                                    ("session_timeout", "off", "on"), ("session_length", "24h", dur)):
                s.write("INSERT INTO history (at, actor, environment_id, environment, environment_key, field, old, new) "
                        f"VALUES ({q(NOW)}, 'bench', {eid}, {q(name)}, {q(name)}, {q(field)}, "
                        f"{'NULL' if old is None else q(old)}, {q(new)});\n")
        s.write("COMMIT;\n")
    return policy, sql


def timed(cmd, env, stdin=None, prepare=None):
    """Wall seconds of one run, after `prepare` (not timed)."""
    if prepare:
        prepare()
    return run(cmd, env, stdin=stdin)[0]


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--runs", type=int, default=10)
    a = p.parse_args()
    if not shutil.which("sqlite3"):
        sys.exit("needs the sqlite3 shell (apt-get install sqlite3)")
    build()
    with workdir("sessadm-bench-policy-") as work:
        policy, sql = write_inputs(work)
        empty = os.path.join(work, "empty.db")
        db = os.path.join(work, "run.db")
        env = environment(empty)
        # A database with sessadm's schema and nothing in it: an empty
        # policy applied (read-only commands never create one).
        nothing = os.path.join(work, "nothing.toml")
        open(nothing, "w").close()
        setup(env, ["--yes", "apply", nothing])
        env["SESSADM_DB"] = db

        def fresh():
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(db + suffix):
                    os.remove(db + suffix)
            shutil.copy(empty, db)

        def sqlite_apply():
            with open(sql, "rb") as f:
                return timed(["sqlite3", db], env, stdin=f, prepare=fresh)

        apply_sql = statistics.median(sqlite_apply() for _ in range(a.runs))
        apply_us = statistics.median(
            timed([BIN, "-q", "--yes", "apply", policy], env, prepare=fresh) for _ in range(a.runs))
        rows = subprocess.run(["sqlite3", db, "SELECT count(*) FROM environments; SELECT count(*) FROM history;"],
                              capture_output=True, text=True, check=True).stdout.split()
        select = ("SELECT e.name, e.url, e.version, e.description, s.* FROM environments e "
                  "JOIN settings s ON s.environment_id = e.id ORDER BY e.name_key")
        export_sql = statistics.median(timed(["sqlite3", "-json", db, select], env) for _ in range(a.runs))
        export_us = statistics.median(timed([BIN, "export"], env) for _ in range(a.runs))
        print(f"after apply: {rows[0]} environments, {rows[1]} history rows")
        print(f"{'sqlite3: the same rows as INSERTs, one transaction':<52} {apply_sql * 1000:7.0f} ms")
        print(f"{'sessadm apply, 10,000 environments':<52} {apply_us * 1000:7.0f} ms  "
              f"{apply_us / apply_sql:.2f}x (goal <= 1.00)")
        print(f"{'sqlite3 -json selecting them':<52} {export_sql * 1000:7.0f} ms")
        print(f"{'sessadm export (TOML)':<52} {export_us * 1000:7.0f} ms  "
              f"{export_us / export_sql:.2f}x (goal <= 3.00)")
        ok = apply_us <= apply_sql and export_us <= 3 * export_sql
        print("all goals met" if ok else "GOALS MISSED")
        sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
