#!/usr/bin/env python3
"""Generate a realistic, globally time-ordered sessadm CSV timeline.

Each user works weekdays: signs in around 08:00 (some on Outlook or a phone,
some choosing "stay signed in"), is active every few minutes with breaks,
and signs out around 17:00. Like a real sign-in log, the timeline shows a
user signing in again on coming back after a break longer than the
environment's inactivity timeout, or once the session length has run out:
pass the policy the users work under. Usage:

    gen_timeline.py OUT.csv --users 10000 --events-per-user 100 \
        [--inactivity 30] [--session 480] [--seed 1]
"""
import argparse
import heapq
import random

HEADER = "at,user,kind,client,stay_signed_in,global_context,env,via,as_user\n"
START = 1772438400  # 2026-03-02T08:00:00Z, a Monday


def stamp(t, cache={}):
    day, sec = divmod(t, 86400)
    d = cache.get(day)
    if d is None:
        import datetime
        d = cache[day] = datetime.datetime.fromtimestamp(day * 86400, datetime.timezone.utc).strftime("%Y-%m-%d")
    return f"{d}T{sec // 3600:02d}:{sec // 60 % 60:02d}:{sec % 60:02d}Z"


def user_events(rng, name, n, inactivity, session):
    """Yield (time, row) for one user, in time order, n events in all."""
    client = rng.choices(["web", "outlook", "mobile"], [0.8, 0.12, 0.08])[0]
    stay = "true" if rng.random() < 0.4 else "false"
    enforced = client == "web"
    sign_in = f"{name},sign-in,{client},{stay},,,,"
    day = 0
    made = 0
    while made < n:
        t = START + day * 86400 + rng.randint(-45 * 60, 45 * 60)
        yield t, sign_in
        made += 1
        signed_in = t
        end = START + day * 86400 + 9 * 3600 + rng.randint(-30 * 60, 60 * 60)
        while made < n - 2 and t < end:
            gap = rng.choice((60, 120, 300, 600, 900, 1200, 1500, 2400, 3000))
            t += gap
            if enforced and (gap >= inactivity * 60 or t - signed_in >= session * 60):
                # Signed out meanwhile: the user signs in on coming back.
                yield t, sign_in
                made += 1
                signed_in = t
                t += 30
            yield t, f"{name},activity,,,,,,"
            made += 1
        if made < n:
            yield t + 60, f"{name},sign-out,,,,,,"
            made += 1
        day += 1 if (day % 7) < 4 else 3  # weekdays


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("out")
    p.add_argument("--users", type=int, default=10000)
    p.add_argument("--events-per-user", type=int, default=100)
    p.add_argument("--inactivity", type=int, default=30, help="minutes")
    p.add_argument("--session", type=int, default=480, help="minutes")
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    rng = random.Random(a.seed)
    streams = [user_events(random.Random(rng.random()), f"user{u:05d}@contoso.com",
                           a.events_per_user, a.inactivity, a.session)
               for u in range(a.users)]
    with open(a.out, "w", newline="") as f:
        f.write(HEADER)
        for t, row in heapq.merge(*streams, key=lambda x: x[0]):
            f.write(f"{stamp(t)},{row}\n")


if __name__ == "__main__":
    main()
