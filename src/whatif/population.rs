//! Generated populations of users: seeded, reproducible working days.
//!
//! Each user's timeline depends only on the seed and the user's number, so
//! the same seed gives the same events whatever the number of threads. The
//! profiles (documented in the README and the man page):
//!
//! | profile | day | breaks | clients | stay signed in |
//! |---|---|---|---|---|
//! | office | Mon–Fri, 08:30 ± 30m to 17:00 ± 30m | lunch 12:00 ± 20m for 30–60m, 1–3 meetings of 30–60m, 2 breaks of 10–20m; active every ~4m | 80 % web, 15 % Outlook, 5 % mobile | 50 % |
//! | shift | 5 days on, 2 off; 8h shifts from 06:00, 14:00 or 22:00 | a 30m meal and 2 breaks of 15m; active every ~2m | 90 % web, 10 % mobile | 30 % |
//! | field | Mon–Fri, 07:00 ± 45m to 16:00 ± 45m | 2–4 visits' travel of 30–90m, lunch 30m; active every ~6m | 20 % web, 10 % Outlook, 70 % mobile | 80 % |
//! | contact-center | Mon–Fri, 09:00 ± 15m, 8h | lunch 30m, 3 breaks of 10–15m; active every ~1m | 95 % web, 5 % USD with Internet Explorer | 20 % |
//! | mixed | each user one of the four: 50 % office, 20 % shift, 15 % field, 15 % contact-center | | | |
//!
//! Times are UTC. A share of users sign out at the end of the day (office
//! 30 %, shift 50 %, field 10 %, contact-center 60 %); the others leave
//! the session open overnight.

use super::rng::Rng;
use crate::sim::event::{Client, Event, Kind, UserId};
use crate::sim::time::{DAY, HOUR, MINUTE, Time};

/// The first day of a generated population: Monday 2026-03-02, 00:00 UTC.
pub const FIRST_DAY: Time = 1_772_409_600;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    Office,
    Shift,
    Field,
    ContactCenter,
    Mixed,
}

impl Profile {
    pub fn as_str(self) -> &'static str {
        match self {
            Profile::Office => "office",
            Profile::Shift => "shift",
            Profile::Field => "field",
            Profile::ContactCenter => "contact-center",
            Profile::Mixed => "mixed",
        }
    }
}

/// What a profile's working day looks like, in minutes and seconds.
struct Shape {
    /// Start of day: mean and spread, minutes after midnight.
    start: (f64, f64),
    /// Length of the day: mean and spread, minutes.
    length: (f64, f64),
    /// Lunch: (minutes into the day mean, spread, shortest, longest).
    lunch: Option<(f64, f64, i64, i64)>,
    /// Meetings or travel without activity: (fewest, most, shortest, longest).
    away: (i64, i64, i64, i64),
    /// Short breaks: (count, shortest, longest).
    breaks: (i64, i64, i64),
    /// Mean seconds between activities.
    gap: f64,
    clients: &'static [(Client, f64)],
    stay: f64,
    sign_out: f64,
    /// Shifts: starting hours to choose from, and 5-on-2-off weeks.
    shifts: Option<&'static [i64]>,
}

const OFFICE: Shape = Shape {
    start: (510.0, 30.0),
    length: (510.0, 40.0),
    lunch: Some((210.0, 20.0, 30, 60)),
    away: (1, 3, 30, 60),
    breaks: (2, 10, 20),
    gap: 240.0,
    clients: &[
        (Client::Web, 0.80),
        (Client::Outlook, 0.15),
        (Client::Mobile, 0.05),
    ],
    stay: 0.5,
    sign_out: 0.3,
    shifts: None,
};

const SHIFT: Shape = Shape {
    start: (0.0, 5.0),
    length: (480.0, 10.0),
    lunch: Some((240.0, 30.0, 30, 30)),
    away: (0, 0, 0, 0),
    breaks: (2, 15, 15),
    gap: 120.0,
    clients: &[(Client::Web, 0.90), (Client::Mobile, 0.10)],
    stay: 0.3,
    sign_out: 0.5,
    shifts: Some(&[6, 14, 22]),
};

const FIELD: Shape = Shape {
    start: (420.0, 45.0),
    length: (540.0, 45.0),
    lunch: Some((270.0, 30.0, 30, 30)),
    away: (2, 4, 30, 90),
    breaks: (0, 0, 0),
    gap: 360.0,
    clients: &[
        (Client::Web, 0.20),
        (Client::Outlook, 0.10),
        (Client::Mobile, 0.70),
    ],
    stay: 0.8,
    sign_out: 0.1,
    shifts: None,
};

const CONTACT_CENTER: Shape = Shape {
    start: (540.0, 15.0),
    length: (480.0, 10.0),
    lunch: Some((240.0, 20.0, 30, 30)),
    away: (0, 0, 0, 0),
    breaks: (3, 10, 15),
    gap: 60.0,
    clients: &[(Client::Web, 0.95), (Client::UsdIe, 0.05)],
    stay: 0.2,
    sign_out: 0.6,
    shifts: None,
};

fn shape(p: Profile) -> &'static Shape {
    match p {
        Profile::Office | Profile::Mixed => &OFFICE,
        Profile::Shift => &SHIFT,
        Profile::Field => &FIELD,
        Profile::ContactCenter => &CONTACT_CENTER,
    }
}

/// The profile a user of a population follows.
fn profile_of(p: Profile, rng: &mut Rng) -> Profile {
    if p != Profile::Mixed {
        return p;
    }
    match rng.unit() {
        x if x < 0.50 => Profile::Office,
        x if x < 0.70 => Profile::Shift,
        x if x < 0.85 => Profile::Field,
        _ => Profile::ContactCenter,
    }
}

fn pick_client(clients: &[(Client, f64)], rng: &mut Rng) -> Client {
    let mut x = rng.unit();
    for (c, w) in clients {
        if x < *w {
            return *c;
        }
        x -= w;
    }
    clients.last().map_or(Client::Web, |c| c.0)
}

/// The working days of one user: fills `events` (cleared first) in time
/// order. Deterministic in (seed, user).
pub fn user_timeline(
    profile: Profile,
    seed: u64,
    user: u64,
    working_days: u32,
    id: UserId,
    events: &mut Vec<Event>,
) {
    events.clear();
    let mut rng = Rng::new(seed, user);
    let profile = profile_of(profile, &mut rng);
    let s = shape(profile);
    let client = pick_client(s.clients, &mut rng);
    let stay = rng.chance(s.stay);
    let signs_out = rng.chance(s.sign_out);
    // Shift workers keep their shift, and start their week on any day.
    let shift_hour = s.shifts.map(|h| h[rng.below(h.len() as u64) as usize]);
    let week_offset = if s.shifts.is_some() { rng.below(7) } else { 0 };
    let mut away: Vec<(Time, Time)> = Vec::with_capacity(8);
    let mut day = 0u64;
    let mut worked = 0;
    while worked < working_days {
        let weekday = (day + week_offset) % 7;
        let working = if s.shifts.is_some() {
            weekday < 5
        } else {
            day % 7 < 5
        };
        if !working {
            day += 1;
            continue;
        }
        let midnight = FIRST_DAY + day as i64 * DAY;
        let start_min = match shift_hour {
            Some(h) => (h * 60) as f64 + rng.normal(s.start.0, s.start.1),
            None => rng.normal(s.start.0, s.start.1),
        };
        let start = midnight + (start_min * 60.0) as i64;
        let length = rng.normal(s.length.0, s.length.1).max(240.0);
        let end = start + (length * 60.0) as i64;
        // Times without activity: lunch, meetings or travel, breaks.
        away.clear();
        if let Some((at, spread, lo, hi)) = s.lunch {
            let from = start + (rng.normal(at, spread) * 60.0) as i64;
            away.push((from, from + rng.between(lo, hi) * MINUTE));
        }
        for _ in 0..rng.between(s.away.0, s.away.1) {
            let from = start + rng.between(30, (length as i64 - 60).max(31)) * MINUTE;
            away.push((from, from + rng.between(s.away.2, s.away.3) * MINUTE));
        }
        for _ in 0..s.breaks.0 {
            let from = start + rng.between(60, (length as i64 - 30).max(61)) * MINUTE;
            away.push((from, from + rng.between(s.breaks.1, s.breaks.2) * MINUTE));
        }
        // The first day starts with an interactive sign-in on the user's
        // client; later days with an activity (sessadm signs the user in
        // again only if the session has ended).
        let first = if worked == 0 {
            Kind::SignIn {
                client,
                stay_signed_in: stay,
                global_context: false,
            }
        } else {
            Kind::Activity
        };
        events.push(Event {
            at: start,
            user: id,
            kind: first,
        });
        let mut t = start;
        loop {
            let gap = rng.exponential(s.gap).clamp(10.0, 20.0 * 60.0) as i64;
            t += gap.max(1);
            if let Some(&(_, until)) = away.iter().find(|(a, b)| (*a..*b).contains(&t)) {
                t = until + rng.between(0, 120);
            }
            if t >= end {
                break;
            }
            events.push(Event {
                at: t,
                user: id,
                kind: Kind::Activity,
            });
        }
        if signs_out {
            let last = events.last().map_or(start, |e| e.at);
            events.push(Event {
                at: last + 30,
                user: id,
                kind: Kind::SignOut,
            });
        }
        worked += 1;
        day += 1;
    }
}

/// The last instant any generated timeline can reach: a few hours after
/// the last possible working day.
pub fn horizon(working_days: u32) -> Time {
    // Weekends and shift weeks stretch working days over more calendar days.
    let calendar = i64::from(working_days) / 5 * 7 + 7;
    FIRST_DAY + calendar * DAY + 8 * HOUR
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each working day's (first event, last activity): days are apart by
    /// a night or more, while no break within a day comes near 8 hours.
    fn working_days(events: &[Event]) -> Vec<(Time, Time)> {
        let mut days: Vec<(Time, Time)> = Vec::new();
        let mut previous = None;
        for e in events {
            if previous.is_none_or(|p| e.at - p > 8 * HOUR) {
                days.push((e.at, e.at));
            } else if e.kind != Kind::SignOut
                && let Some(d) = days.last_mut()
            {
                d.1 = e.at;
            }
            previous = Some(e.at);
        }
        days
    }

    #[test]
    fn timelines_are_reproducible_and_ordered() {
        for p in [
            Profile::Office,
            Profile::Shift,
            Profile::Field,
            Profile::ContactCenter,
            Profile::Mixed,
        ] {
            let (mut a, mut b) = (Vec::new(), Vec::new());
            user_timeline(p, 7, 42, 5, 0, &mut a);
            user_timeline(p, 7, 42, 5, 0, &mut b);
            assert_eq!(a, b);
            assert_eq!(working_days(&a).len(), 5, "{p:?}");
            assert!(a.windows(2).all(|w| w[0].at <= w[1].at), "{p:?}");
            assert!(a.iter().all(|e| e.at < horizon(5)), "{p:?}");
            assert!(matches!(a[0].kind, Kind::SignIn { .. }));
            user_timeline(p, 8, 42, 5, 0, &mut b);
            assert_ne!(a, b, "another seed, another day");
        }
    }

    #[test]
    fn office_days_look_like_office_days() {
        let mut ev = Vec::new();
        let mut per_day = 0;
        for u in 0..200 {
            user_timeline(Profile::Office, 1, u, 5, 0, &mut ev);
            per_day += ev.len() / 5;
            let days = working_days(&ev);
            assert_eq!(days.len(), 5);
            for (s, e) in &days {
                let start_hour = s.rem_euclid(DAY) / HOUR;
                assert!((6..=11).contains(&start_hour), "{start_hour}");
                assert!(e - s > 3 * HOUR);
                // Weekdays only: 2026-03-02 is a Monday.
                assert!((s - FIRST_DAY).div_euclid(DAY) % 7 < 5);
            }
        }
        let mean = per_day / 200;
        assert!((80..200).contains(&mean), "{mean} events a day");
    }
}
