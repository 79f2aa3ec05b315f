//! `simulate --format html`: the environment, the summary and a timeline.
//!
//! The timeline has a lane per user and a time axis. Each session is a bar
//! from its sign-in to its end; every other outcome is a mark on the lane,
//! its shape telling the kind (and, for a sign-out, why). Every outcome
//! drawn is exactly one SVG element carrying `data-at`, `data-user`,
//! `data-kind`, `data-reason` and `data-rule` (as `-o json` names them),
//! with its message in a `<title>`.
//!
//! A run may have millions of outcomes, yet the page must stay a page. The
//! outcomes are therefore held in their compact form (`sim::log::Held`: in
//! memory, then in a temporary file) as they come, while each user's
//! forced sign-outs and the forced sign-outs by hour are counted. At the
//! end the lanes are chosen — the users with the most forced sign-outs
//! first, at most [`MAX_LANES`] and no more than fit in [`LANE_BUDGET`]
//! bytes — and the held outcomes are read once more; only those of the
//! drawn lanes have their messages written. Memory is bounded by the number
//! of users and the page's size, never by the number of outcomes.

use std::io;

use chrono::DateTime;
use maud::{Markup, html};

use super::{chart, num};
use crate::duration::{format_minutes, format_seconds};
use crate::model::EnvironmentView;
use crate::sim::log::Held;
use crate::sim::messages::{Context, Report};
use crate::sim::outcome::{DENIED, OutKind, REAUTH, Reason, SIGNED_OUT, Summary};
use crate::sim::time::{DAY, HOUR, MINUTE, Time, push_rfc3339};

/// Lanes drawn at most.
pub const MAX_LANES: usize = 200;

/// What the drawn lanes may add to the page, estimated from their outcomes.
pub const LANE_BUDGET: u64 = 3_500_000;

/// Each outcome's element costs about this much besides its user's name:
/// its markup, and a message (80 bytes on average, up to about 200).
const ELEMENT_BYTES: u64 = 190 + 100;

/// A user's counts, for choosing the lanes.
#[derive(Debug, Clone, Default)]
struct UserTally {
    name: Box<str>,
    forced: u64,
    outcomes: u64,
    /// Estimated bytes of the user's elements on the page.
    bytes: u64,
}

/// Outcomes gathered for the page (see the module comment).
pub struct Timeline {
    env: EnvironmentView,
    until: Option<Time>,
    held: Held,
    users: Vec<UserTally>,
    forced_by_hour: [u64; 24],
    failed: Option<io::Error>,
}

/// One outcome of a drawn lane, read back from the spool.
#[derive(Debug, Clone)]
struct Mark {
    at: Time,
    kind: OutKind,
    reason: Reason,
    rule: &'static str,
    ends_at: Option<Time>,
    message: String,
}

/// Whether an outcome ends the session it is about.
fn ends_session(kind: OutKind) -> bool {
    matches!(kind, OutKind::SignedOut | OutKind::ReauthRequired)
}

fn rfc3339(t: Time) -> String {
    let mut s = String::with_capacity(20);
    push_rfc3339(&mut s, t);
    s
}

impl Timeline {
    pub fn new(env: &EnvironmentView, until: Option<Time>) -> Self {
        Timeline {
            env: env.clone(),
            until,
            held: Held::new(),
            users: Vec::new(),
            forced_by_hour: [0; 24],
            failed: None,
        }
    }

    /// Count an outcome and keep it for the second reading.
    pub fn outcome(&mut self, r: &Report<'_>) {
        if self.failed.is_some() {
            return;
        }
        let o = r.outcome;
        let id = o.user as usize;
        if self.users.len() <= id {
            self.users.resize(id + 1, UserTally::default());
        }
        let u = &mut self.users[id];
        if u.name.is_empty() {
            u.name = r.user.into();
        }
        u.outcomes += 1;
        u.bytes += ELEMENT_BYTES + u.name.len() as u64;
        if o.is_forced() {
            u.forced += 1;
            self.forced_by_hour[(o.at.rem_euclid(DAY) / HOUR) as usize] += 1;
        }
        if let Err(e) = self.held.push(o) {
            self.failed = Some(e);
        }
    }

    /// The page, once the run is over. `horizon` is where the run ended,
    /// if it was cut short (`--until` or an `end` event); `ctx` is what the
    /// messages need.
    pub fn finish(
        self,
        summary: &Summary,
        horizon: Option<Time>,
        ctx: &Context<'_>,
    ) -> io::Result<String> {
        let Timeline {
            env,
            until,
            held,
            users,
            forced_by_hour,
            failed,
            ..
        } = self;
        if let Some(e) = failed {
            return Err(e);
        }
        let lanes = choose_lanes(&users);
        let mut marks = read_lanes(held, &lanes, users.len(), ctx)?;
        let horizon = horizon.or(until);
        let span = Span::new(&marks, horizon);
        let drawn: Vec<Lane<'_>> = lanes
            .iter()
            .zip(marks.iter_mut())
            .map(|(&id, m)| Lane {
                name: &users[id].name,
                marks: std::mem::take(m),
            })
            .collect();
        let with_outcomes = users.iter().filter(|u| u.outcomes > 0).count();
        let body = html! {
            h1 { "Session timeline: " (env.name) }
            p.muted { "Simulated by sessadm; every time is UTC." }
            (settings(&env, horizon))
            h2 { "Summary" }
            (summary_table(summary))
            h2 { "Timeline" }
            (not_drawn(drawn.len(), with_outcomes, summary.users))
            (legend())
            @if drawn.is_empty() {
                p { "No outcomes." }
            } @else {
                figure {
                    div.scroll { (lanes_svg(&drawn, &span, horizon)) }
                    figcaption {
                        "A bar is a session, from sign-in to its end; the marks are what happened on the lane. "
                        "Hover over a bar or a mark for its message."
                    }
                }
            }
            h2 { "Forced sign-outs by hour" }
            (hour_chart(&forced_by_hour))
        };
        let title = format!("Session timeline: {}", env.name);
        Ok(super::page(&title, body).into_string())
    }
}

/// The users drawn, in order: most forced sign-outs first, then in the
/// order they first appeared; at most [`MAX_LANES`] and within
/// [`LANE_BUDGET`] (always the first one).
fn choose_lanes(users: &[UserTally]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..users.len())
        .filter(|&i| users[i].outcomes > 0)
        .collect();
    order.sort_by(|&a, &b| users[b].forced.cmp(&users[a].forced).then(a.cmp(&b)));
    let mut spent = 0u64;
    let mut lanes = Vec::new();
    for id in order {
        let cost = users[id].bytes;
        if lanes.len() == MAX_LANES || (!lanes.is_empty() && spent + cost > LANE_BUDGET) {
            break;
        }
        spent += cost;
        lanes.push(id);
    }
    lanes
}

/// Read the held outcomes once, keeping those of the drawn lanes with
/// their messages.
fn read_lanes(
    mut held: Held,
    lanes: &[usize],
    users: usize,
    ctx: &Context<'_>,
) -> io::Result<Vec<Vec<Mark>>> {
    let mut lane_of = vec![usize::MAX; users];
    for (i, &id) in lanes.iter().enumerate() {
        lane_of[id] = i;
    }
    let mut marks = vec![Vec::new(); lanes.len()];
    for chunk in held.chunks()? {
        for o in held.outcomes(chunk)? {
            let Some(lane) = lane_of.get(o.user as usize).filter(|&&l| l != usize::MAX) else {
                continue;
            };
            let mut message = String::new();
            crate::sim::messages::write(&o, ctx, &mut message);
            marks[*lane].push(Mark {
                at: o.at,
                kind: o.kind,
                reason: o.reason,
                rule: o.rule,
                ends_at: o.ends_at,
                message,
            });
        }
    }
    Ok(marks)
}

/// One drawn lane.
struct Lane<'a> {
    name: &'a str,
    marks: Vec<Mark>,
}

/// The time the axis covers, and where it is drawn.
struct Span {
    from: Time,
    to: Time,
    /// Width of the plot in SVG units.
    width: f64,
}

/// Room on the left for the users' names.
const NAMES: f64 = 190.0;
/// Room above the lanes for the axis labels.
const TOP: f64 = 38.0;
const LANE: f64 = 22.0;
const BAR: f64 = 10.0;
const RIGHT: f64 = 28.0;

impl Span {
    /// The time of the drawn outcomes (and the horizon): the users not
    /// drawn do not stretch the axis of those who are.
    fn new(marks: &[Vec<Mark>], horizon: Option<Time>) -> Self {
        let ats = || marks.iter().flatten().map(|m| m.at);
        let first = ats().min().or(horizon).unwrap_or(0);
        let end = ats().chain(horizon).max().unwrap_or(first);
        let from = first.div_euclid(HOUR) * HOUR;
        let to = (-(-end).div_euclid(HOUR) * HOUR).max(from + HOUR);
        let days = (to - from) as f64 / DAY as f64;
        Span {
            from,
            to,
            width: (days * 720.0).clamp(860.0, 4800.0),
        }
    }

    fn x(&self, t: Time) -> f64 {
        let f = (t - self.from) as f64 / (self.to - self.from).max(1) as f64;
        NAMES + f.clamp(0.0, 1.0) * self.width
    }

    /// Seconds between ticks: the shortest step that leaves about 70
    /// units between labels.
    fn step(&self) -> i64 {
        const STEPS: [i64; 12] = [
            5 * MINUTE,
            10 * MINUTE,
            15 * MINUTE,
            30 * MINUTE,
            HOUR,
            2 * HOUR,
            3 * HOUR,
            6 * HOUR,
            12 * HOUR,
            DAY,
            2 * DAY,
            7 * DAY,
        ];
        let span = (self.to - self.from) as f64;
        let most = (self.width / 70.0).max(1.0);
        STEPS
            .into_iter()
            .find(|&s| span / s as f64 <= most)
            .unwrap_or(7 * DAY)
    }
}

/// "Mon 2 Mar"
fn day_label(t: Time) -> String {
    DateTime::from_timestamp(t, 0)
        .map(|d| d.format("%a %-d %b").to_string())
        .unwrap_or_default()
}

/// "15:40"
fn clock(t: Time) -> String {
    let s = t.rem_euclid(DAY);
    format!("{:02}:{:02}", s / HOUR, s % HOUR / MINUTE)
}

/// Cut a name to `max` characters, with "…".
fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut c: String = s.chars().take(max - 1).collect();
        c.push('…');
        c
    }
}

/// The shape of a mark: a symbol in the SVG's `<defs>`, and how the
/// legend names it.
fn symbol(kind: OutKind, reason: Reason) -> &'static str {
    match (kind, reason) {
        (OutKind::Warning, _) => "m-warning",
        (OutKind::SignedOut, Reason::Inactivity) => "m-inactivity",
        (OutKind::SignedOut, Reason::UserSignOut) => "m-user-sign-out",
        (OutKind::SignedOut, _) => "m-signed-out",
        (OutKind::ReauthRequired, _) => "m-reauth",
        (OutKind::SignInRefused, _) => "m-refused",
        (OutKind::AccessDenied, _) => "m-denied",
        (OutKind::AccessContinued, _) => "m-continued",
        (OutKind::PolicyBypass, _) => "m-bypass",
        (OutKind::SettingsPending, _) => "m-pending",
        (OutKind::NotEnforced, _) => "m-not-enforced",
        (OutKind::Note, _) | (OutKind::SessionStart, _) => "m-note",
    }
}

/// Each shape, centred on 0,0 and about 12 units across.
const SHAPES: [(&str, &str); 12] = [
    ("m-warning", "M0-6L6 5H-6Z"),
    ("m-signed-out", "M-5-5H5V5H-5Z"),
    ("m-inactivity", "M-5-5H5V5H-5ZM-2.5-2.5V2.5H2.5V-2.5Z"),
    ("m-user-sign-out", "M-1.5-7H1.5V7H-1.5Z"),
    ("m-reauth", "M0-6.5L6.5 0 0 6.5-6.5 0Z"),
    ("m-refused", "M-5-5L5 5M5-5L-5 5"),
    (
        "m-denied",
        "M0-5.5A5.5 5.5 0 1 1 0 5.5A5.5 5.5 0 1 1 0-5.5M-3.9-3.9L3.9 3.9",
    ),
    ("m-continued", "M0-5A5 5 0 1 1 0 5A5 5 0 1 1 0-5"),
    ("m-not-enforced", "M0-5A5 5 0 1 1 0 5A5 5 0 1 1 0-5"),
    ("m-bypass", "M0 6L6-5H-6Z"),
    ("m-pending", "M0-6V6M-6 0H6"),
    ("m-note", "M0-3A3 3 0 1 1 0 3A3 3 0 1 1 0-3"),
];

fn shape_path(id: &str) -> &'static str {
    SHAPES.iter().find(|(s, _)| *s == id).map_or("", |(_, d)| d)
}

/// The CSS class of a mark.
fn class(kind: OutKind, reason: Reason) -> String {
    if kind == OutKind::SignedOut && reason == Reason::UserSignOut {
        "k-signed-out r-user-sign-out".to_string()
    } else if kind == OutKind::SignedOut && reason == Reason::Inactivity {
        // Hollow: the fill rule leaves the inner square open.
        "k-signed-out".to_string()
    } else {
        format!("k-{}", kind.as_str())
    }
}

fn lanes_svg(lanes: &[Lane<'_>], span: &Span, horizon: Option<Time>) -> Markup {
    let height = TOP + LANE * lanes.len() as f64 + 8.0;
    let width = NAMES + span.width + RIGHT;
    let step = span.step();
    let ticks: Vec<Time> = {
        let first = (span.from + step - 1).div_euclid(step) * step;
        (0..)
            .map(|i| first + i * step)
            .take_while(|&t| t <= span.to)
            .collect()
    };
    let days: Vec<Time> = {
        let first = (span.from + DAY - 1).div_euclid(DAY) * DAY;
        let every = (((span.to - span.from) / DAY) as f64 * 110.0 / span.width)
            .ceil()
            .max(1.0) as i64;
        (0..)
            .map(|i| first + i * DAY)
            .take_while(|&t| t <= span.to)
            .filter(|t| (t - first) / DAY % every == 0)
            .collect()
    };
    let bottom = height - 6.0;
    html! {
        svg xmlns="http://www.w3.org/2000/svg" width=(num(width)) height=(num(height))
            viewBox={ "0 0 " (num(width)) " " (num(height)) } role="img"
            aria-label={ "Timeline of " (lanes.len()) " users" } {
            defs {
                @for (id, d) in SHAPES {
                    path id=(id) d=(d) fill-rule="evenodd" {}
                }
            }
            @for (i, _) in lanes.iter().enumerate() {
                @if i % 2 == 0 {
                    rect.band x="0" y=(num(TOP + LANE * i as f64)) width=(num(width))
                        height=(num(LANE)) {}
                }
            }
            // Days above the clock ticks; ticks of a day or more are dates.
            @if step < DAY && days.first().is_none_or(|d| span.x(*d) - NAMES > 90.0) {
                text.label x=(num(NAMES)) y="12" { (day_label(span.from)) }
            }
            @for t in &days {
                @if *t > span.from && step < DAY {
                    line.day x1=(num(span.x(*t))) x2=(num(span.x(*t))) y1="16" y2=(num(bottom)) {}
                    text.label x=(num(span.x(*t) + 3.0)) y="12" { (day_label(*t)) }
                }
            }
            @for t in &ticks {
                line.grid x1=(num(span.x(*t))) x2=(num(span.x(*t))) y1=(num(TOP - 4.0)) y2=(num(bottom)) {}
                text x=(num(span.x(*t))) y=(num(TOP - 8.0)) text-anchor="middle" {
                    @if step >= DAY { (day_label(*t)) } @else { (clock(*t)) }
                }
            }
            line.axis x1=(num(NAMES)) x2=(num(NAMES + span.width)) y1=(num(TOP - 4.0)) y2=(num(TOP - 4.0)) {}
            @if let Some(h) = horizon {
                line.axis x1=(num(span.x(h))) x2=(num(span.x(h))) y1=(num(TOP - 4.0)) y2=(num(bottom)) {
                    title { "The run ends at " (rfc3339(h)) }
                }
            }
            @for (i, lane) in lanes.iter().enumerate() {
                (lane_markup(lane, span, TOP + LANE * i as f64, horizon))
            }
        }
    }
}

/// One user's lane: the name, the sessions as bars, the other outcomes as
/// marks.
fn lane_markup(lane: &Lane<'_>, span: &Span, top: f64, horizon: Option<Time>) -> Markup {
    let mid = top + LANE / 2.0;
    // Where each session ends: at the next outcome that ends it, else where
    // the run ends.
    let ends: Vec<Option<Time>> = lane
        .marks
        .iter()
        .enumerate()
        .map(|(i, m)| {
            (m.kind == OutKind::SessionStart).then(|| {
                lane.marks[i + 1..]
                    .iter()
                    .find(|n| ends_session(n.kind) || n.kind == OutKind::SessionStart)
                    .map(|n| n.at)
                    .or(horizon)
                    .unwrap_or(span.to)
            })
        })
        .collect();
    html! {
        text x=(num(NAMES - 8.0)) y=(num(mid + 4.0)) text-anchor="end" {
            title { (lane.name) }
            (cut(lane.name, 28))
        }
        @for (m, end) in lane.marks.iter().zip(&ends) {
            @if let Some(end) = end {
                @let x = span.x(m.at);
                rect.s-session.k-session-start x=(num(x)) y=(num(mid - BAR / 2.0))
                    width=(num((span.x(*end) - x).max(2.0))) height=(num(BAR)) rx="2"
                    data-at=(rfc3339(m.at)) data-user=(lane.name) data-kind=(m.kind.as_str())
                    data-reason=(m.reason.as_str()) data-rule=(m.rule)
                    data-ends-at=[m.ends_at.map(rfc3339)] {
                    title { (m.message) }
                }
            } @else {
                use href={ "#" (symbol(m.kind, m.reason)) } x=(num(span.x(m.at))) y=(num(mid))
                    class=(class(m.kind, m.reason))
                    data-at=(rfc3339(m.at)) data-user=(lane.name) data-kind=(m.kind.as_str())
                    data-reason=(m.reason.as_str()) data-rule=(m.rule)
                    data-ends-at=[m.ends_at.map(rfc3339)] {
                    title { (m.message) }
                }
            }
        }
    }
}

/// The legend: each shape with what it means.
fn legend() -> Markup {
    const ITEMS: [(&str, &str, &str); 12] = [
        (
            "",
            "s-session k-session-start",
            "session, from sign-in to its end",
        ),
        ("m-warning", "k-warning", "warning"),
        (
            "m-signed-out",
            "k-signed-out",
            "signed out: session expired or 24-hour limit",
        ),
        ("m-inactivity", "k-signed-out", "signed out: inactivity"),
        (
            "m-user-sign-out",
            "k-signed-out r-user-sign-out",
            "signed out by the user",
        ),
        ("m-reauth", "k-reauth-required", "reauthentication required"),
        ("m-refused", "k-sign-in-refused", "sign-in refused"),
        ("m-denied", "k-access-denied", "access denied"),
        (
            "m-continued",
            "k-access-continued",
            "access continued (stay signed in)",
        ),
        ("m-bypass", "k-policy-bypass", "policy bypassed"),
        (
            "m-pending",
            "k-settings-pending",
            "new settings wait for the next sign-in",
        ),
        (
            "m-not-enforced",
            "k-not-enforced",
            "not enforced by the client",
        ),
    ];
    html! {
        ul.legend aria-label="Legend" {
            @for (shape, class, text) in ITEMS {
                li {
                    svg xmlns="http://www.w3.org/2000/svg" width="16" height="14" viewBox="-8 -7 16 14"
                        aria-hidden="true" {
                        @if shape.is_empty() {
                            rect class=(class) x="-8" y="-5" width="16" height="10" rx="2" {}
                        } @else {
                            path class=(class) d=(shape_path(shape)) fill-rule="evenodd" {}
                        }
                    }
                    " " (text)
                }
            }
            li {
                svg xmlns="http://www.w3.org/2000/svg" width="16" height="14" viewBox="-8 -7 16 14"
                    aria-hidden="true" {
                    path.k-note d=(shape_path("m-note")) {}
                }
                " note"
            }
        }
    }
}

/// How many users have a lane, and what happened to the others.
fn not_drawn(drawn: usize, with_outcomes: usize, users: u64) -> Markup {
    let hidden = (users as usize).max(with_outcomes).saturating_sub(drawn);
    html! {
        @if hidden > 0 {
            p.note {
                "Showing " (drawn) " of " (users) " users: those with the most forced sign-outs. "
                strong { (hidden) " users are not drawn" }
                "; they are counted in the summary and in the forced sign-outs by hour."
            }
        }
    }
}

fn settings(env: &EnvironmentView, horizon: Option<Time>) -> Markup {
    let s = &env.session_timeout;
    let i = &env.inactivity_timeout;
    html! {
        h2 { "Environment" }
        dl.settings {
            dt { "name" } dd { (env.name) }
            @if let Some(url) = &env.url { dt { "url" } dd { (url) } }
            dt { "version" } dd { (env.version.as_deref().unwrap_or("current")) }
            @if let Some(d) = &env.description { dt { "description" } dd { (d) } }
            dt { "session timeout" }
            dd {
                @if s.enabled {
                    "on: " (format_minutes(u64::from(s.length_min))) ", warning "
                    (format_minutes(u64::from(s.warning_min))) " before"
                } @else { "off" }
            }
            dt { "inactivity timeout" }
            dd {
                @match (i.enabled, i.after_min) {
                    (true, Some(after)) => {
                        "on: " (format_minutes(u64::from(after))) ", warning "
                        (format_minutes(u64::from(i.warning_min))) " before"
                    }
                    _ => "off",
                }
            }
            @if let Some(h) = horizon { dt { "run ends" } dd { (rfc3339(h)) } }
        }
    }
}

fn tally<const N: usize>(counts: &[u64; N], reasons: &[Reason; N]) -> Markup {
    let total: u64 = counts.iter().sum();
    html! {
        (total)
        @for (r, n) in reasons.iter().zip(counts) {
            @if *n > 0 { " · " (r.as_str()) " " (n) }
        }
    }
}

fn summary_table(s: &Summary) -> Markup {
    let signed_in = format_seconds(s.signed_in_secs.max(0) as u64 / 60 * 60);
    html! {
        table.summary {
            tbody {
                tr { th { "users" } td { (s.users) } }
                tr { th { "sign-ins" } td { (s.sign_ins) } }
                tr { th { "signed out" } td { (tally(&s.signed_out.reasons, &SIGNED_OUT)) } }
                tr { th { "reauth required" } td { (tally(&s.reauth_required.reasons, &REAUTH)) } }
                tr { th { "warnings" } td { (s.warnings) } }
                tr { th { "access denied" } td { (tally(&s.access_denied.reasons, &DENIED)) } }
                tr { th { "signed in" } td { (signed_in) " (" (s.signed_in_min()) " min)" } }
            }
        }
    }
}

/// Every user's forced sign-outs and reauthentications, drawn or not.
fn hour_chart(by_hour: &[u64; 24]) -> Markup {
    let total: u64 = by_hour.iter().sum();
    html! {
        figure {
            (chart::bars(
                "Forced sign-outs by hour of the day",
                "hour of day (UTC)",
                "forced sign-outs",
                &chart::hours_of_day(),
                &[chart::Series::new("forced sign-outs", "c-single", by_hour.to_vec())],
            ))
            figcaption {
                (total) " forced sign-outs and reauthentications of all users, by the hour they came in."
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tally(forced: u64, bytes: u64) -> UserTally {
        UserTally {
            name: "u".into(),
            forced,
            outcomes: 1,
            bytes,
        }
    }

    #[test]
    fn lanes_go_to_the_most_forced_first_within_the_budget() {
        let users = vec![tally(1, 10), tally(5, 10), tally(5, 10), tally(0, 10)];
        assert_eq!(choose_lanes(&users), vec![1, 2, 0, 3]);
        let many: Vec<UserTally> = (0..500).map(|i| tally(i % 7, 10)).collect();
        assert_eq!(choose_lanes(&many).len(), MAX_LANES);
        let big = vec![tally(3, LANE_BUDGET), tally(2, 10), tally(1, 10)];
        assert_eq!(choose_lanes(&big), vec![0]);
    }

    #[test]
    fn ticks_leave_room_for_their_labels() {
        let at = |t: Time| Mark {
            at: t,
            kind: OutKind::Note,
            reason: Reason::NoPolicyCheck,
            rule: "",
            ends_at: None,
            message: String::new(),
        };
        let span = |hours: i64| Span::new(&[vec![at(0), at(hours * HOUR - 1)]], None);
        assert_eq!(span(8).step(), HOUR);
        assert_eq!(span(24).step(), 2 * HOUR);
        for hours in [1, 3, 8, 24, 72, 24 * 30, 24 * 400] {
            let s = span(hours);
            let ticks = (s.to - s.from) / s.step();
            assert!(
                ticks as f64 <= s.width / 70.0 + 1.0,
                "{hours}h: {ticks} ticks"
            );
        }
        let s = span(8);
        assert_eq!(s.x(0), NAMES);
        assert_eq!(s.x(8 * HOUR), NAMES + s.width);
    }

    #[test]
    fn names_are_cut_with_an_ellipsis() {
        assert_eq!(cut("alice", 28), "alice");
        assert_eq!(cut("abcdef", 4), "abc…");
    }
}
