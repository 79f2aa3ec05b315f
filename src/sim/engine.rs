//! The simulation engine: rules S1–S13 over a time-ordered stream of events.
//!
//! Pure: no I/O, no clap, no SQLite, no terminal. Event-driven: each user
//! has one timer set at the next instant something may be due
//! for it (a deadline, a warning, or a policy check that can change
//! something), so quiet hours cost nothing and a 90-day token lifetime costs
//! no more than a 1-hour one. Memory is bounded by the number of users.
//!
//! At one instant things happen in this order (SPEC §6.2): deadlines due;
//! then warnings due; then the input events of that instant in input order;
//! then policy checks. Outcomes of an instant are released sorted by user,
//! keeping that order within a user.
//!
//! So an instant's outcomes wait until it closes, and one instant may hold
//! any number of events (two million rows at one second). Past [`RUN`]
//! outcomes, they are sorted and set aside in compact runs (`log::Runs`,
//! spilling to a temporary file), then merged when the instant closes:
//! memory stays bounded by users, however many events share an instant.

use super::event::{Account, Client, Event, Kind, UserId, Via};
use super::log::Runs;
use super::messages::{Context, Report};
use super::outcome::{Detail, OutKind, Outcome, Reason, Summary};
use super::time::{DAY, HOUR, MINUTE, Time};
use super::timers::Timers;
use crate::model::{Settings, Tenant, is_legacy_version};

/// The first eight bytes of a name, big-endian, zero-padded: comparing two
/// of them orders names as comparing the names does, up to a tie.
fn prefix(name: &str) -> u64 {
    let mut b = [0u8; 8];
    let n = name.len().min(8);
    b[..n].copy_from_slice(&name.as_bytes()[..n]);
    u64::from_be_bytes(b)
}

/// The policy check interval of S2: one hour, anchored at the sign-in.
const CHECK: i64 = HOUR;

/// Outcomes of one instant held as they are; beyond, they are set aside in
/// sorted runs.
const RUN: usize = 1 << 16;

/// What the run starts from.
#[derive(Debug, Clone)]
pub struct Config {
    /// The main environment's settings at the start.
    pub settings: Settings,
    /// The main environment's version (absent = current).
    pub version: Option<String>,
    /// Whether that version is older than 9.1.0.3647. Fixed for the run:
    /// `settings` events carry no version, so every session has it.
    pub legacy: bool,
    /// S1: sign-in + this ends every session, in seconds.
    pub token_lifetime: i64,
    /// S11: an activity while signed out is an interactive sign-in.
    pub auto_sign_in: bool,
    /// Outcomes at or after this instant are not reported.
    pub horizon: Option<Time>,
}

impl Config {
    /// The run of an environment with `settings` and `version` in `tenant`.
    pub fn new(
        settings: Settings,
        version: Option<String>,
        tenant: &Tenant,
        auto_sign_in: bool,
        horizon: Option<Time>,
    ) -> Self {
        Config {
            settings,
            legacy: is_legacy_version(version.as_deref()),
            version,
            token_lifetime: i64::from(tenant.token_lifetime_min) * MINUTE,
            auto_sign_in,
            horizon,
        }
    }
}

/// A fixed end of a session and its warning, while one is still to come.
#[derive(Debug, Clone, Copy)]
struct Deadline {
    at: Time,
    warn_at: Option<Time>,
}

impl Deadline {
    fn new(at: Time, lead: i64) -> Self {
        Deadline {
            at,
            warn_at: (lead > 0).then_some(at - lead),
        }
    }
}

#[derive(Debug, Clone)]
struct Session {
    start: Time,
    client: Client,
    stay_signed_in: bool,
    /// S7: the settings the session started with.
    settings: Settings,
    /// S5, when enforced on this client.
    custom: Option<Deadline>,
    /// S8 or S9: the 24-hour maximum, when enforced.
    day: Option<Deadline>,
    /// S6, when enforced: (inactivity, warning lead) in seconds.
    inactivity: Option<(i64, i64)>,
    last_activity: Time,
    /// The inactivity deadline whose warning was already given.
    inactivity_warned: Time,
    /// S1.
    token_end: Time,
    /// S9: a bypass happened in this session (its 24-hour maximum is then
    /// S9's, not S8's).
    bypassed: bool,
    /// S3: a refresh-token revocation waits for a successful check.
    revoked: bool,
    /// S4: the outage whose first failed check was handled.
    outage_handled: u32,
}

impl Session {
    fn inactivity_deadline(&self) -> Option<Time> {
        self.inactivity.map(|(after, _)| self.last_activity + after)
    }

    fn inactivity_warning(&self) -> Option<Time> {
        let (after, lead) = self.inactivity?;
        let deadline = self.last_activity + after;
        (lead > 0 && self.inactivity_warned != deadline).then_some(deadline - lead)
    }

    /// The first policy check at or after `from` (S2: sign-in + k·60 min,
    /// k ≥ 1).
    fn check_from(&self, from: Time) -> Time {
        let k = (from - self.start + CHECK - 1).div_euclid(CHECK).max(1);
        self.start + k * CHECK
    }

    fn is_check_instant(&self, t: Time) -> bool {
        t > self.start && (t - self.start) % CHECK == 0
    }

    /// The rule of the 24-hour maximum: S9 after a bypass, else S8.
    fn day_rule(&self) -> &'static str {
        if self.bypassed { "S9" } else { "S8" }
    }

    /// The sign-out due at `t`, if any.
    fn ending(&self, t: Time) -> Option<(OutKind, Reason, &'static str, Detail)> {
        // S13: of deadlines on one instant, the first of this list wins.
        let due = |at: Option<Time>| at.is_some_and(|a| a <= t);
        if due(self.custom.map(|d| d.at)) {
            Some((
                OutKind::SignedOut,
                Reason::SessionExpired,
                "S5",
                Detail::Length(self.settings.session_length_min),
            ))
        } else if due(self.day.map(|d| d.at)) {
            Some((
                OutKind::SignedOut,
                Reason::MaxSession24h,
                self.day_rule(),
                Detail::None,
            ))
        } else if due(self.inactivity_deadline()) {
            Some((
                OutKind::SignedOut,
                Reason::Inactivity,
                "S6",
                Detail::Inactivity {
                    after: self.inactivity.map_or(0, |i| i.0),
                    last: self.last_activity,
                },
            ))
        } else if self.token_end <= t {
            Some((
                OutKind::ReauthRequired,
                Reason::TokenLifetime,
                "S1",
                Detail::Since(self.start),
            ))
        } else {
            None
        }
    }

    /// The session's latest possible end: its fixed deadlines.
    fn fixed_end(&self) -> Time {
        [self.custom.map(|d| d.at), self.day.map(|d| d.at)]
            .into_iter()
            .flatten()
            .fold(self.token_end, Time::min)
    }
}

#[derive(Debug, Clone)]
struct User {
    in_events: bool,
    disabled: bool,
    deleted: bool,
    blocked: bool,
    session: Option<Session>,
    /// When and why the last session ended, for messages.
    ended: Option<(Time, Reason)>,
    /// The last sign-in's client, for --auto-sign-in.
    last_client: Client,
    last_stay: bool,
    last_global: bool,
    in_post: bool,
}

impl User {
    /// S3: why the account may not sign in, if it may not: deleted, then
    /// disabled, then blocked.
    fn account_barred(&self) -> Option<Reason> {
        if self.deleted {
            Some(Reason::AccountDeleted)
        } else if self.disabled {
            Some(Reason::AccountDisabled)
        } else if self.blocked {
            Some(Reason::SignInBlocked)
        } else {
            None
        }
    }
}

impl Default for User {
    fn default() -> Self {
        User {
            in_events: false,
            disabled: false,
            deleted: false,
            blocked: false,
            session: None,
            ended: None,
            last_client: Client::Web,
            last_stay: false,
            last_global: false,
            in_post: false,
        }
    }
}

pub struct Engine {
    cfg: Config,
    /// The main environment's settings now (S7: for the next sign-ins).
    settings: Settings,
    names: Vec<Box<str>>,
    /// The first eight bytes of each name, to order most outcomes of an
    /// instant without comparing whole names.
    prefixes: Vec<u64>,
    users: Vec<User>,
    /// Users by the next instant something may be due.
    timers: Timers,
    /// The outage in progress, numbered from 1.
    outage: Option<u32>,
    outages: u32,
    /// The open instant, if any.
    now: Option<Time>,
    /// Outcomes of the open instant, in the order they happened (after
    /// those in `runs`).
    buffer: Vec<Outcome>,
    /// Earlier outcomes of the open instant, set aside in sorted runs.
    runs: Runs,
    /// Users whose policy check may be due at the close of the instant.
    post: Vec<UserId>,
    summary: Summary,
    /// Why outcomes were lost, if they were (see [`Engine::failed`]).
    failed: Option<String>,
    stopped: bool,
    /// Where the run ends: the configured horizon, or an `end` event.
    horizon: Option<Time>,
    /// Users whose first event came at the open instant: an `end` event
    /// later in that instant takes them back (an `end` at T and `until = T`
    /// count the same users).
    first_now: Vec<UserId>,
}

impl Engine {
    pub fn new(cfg: Config) -> Self {
        Engine {
            settings: cfg.settings,
            names: Vec::new(),
            prefixes: Vec::new(),
            users: Vec::new(),
            timers: Timers::default(),
            outage: None,
            outages: 0,
            now: None,
            buffer: Vec::new(),
            runs: Runs::default(),
            post: Vec::new(),
            summary: Summary::default(),
            failed: None,
            stopped: false,
            horizon: cfg.horizon,
            first_now: Vec::new(),
            cfg,
        }
    }

    /// Give the engine the user names the events' ids refer to.
    pub fn with_users(mut self, names: Vec<String>) -> Self {
        self.add_users(names);
        self
    }

    /// Users met since: their ids follow on from the users already known.
    pub fn add_users(&mut self, names: impl IntoIterator<Item = String>) {
        for n in names {
            self.users.push(User::default());
            self.prefixes.push(prefix(&n));
            self.names.push(n.into_boxed_str());
        }
    }

    /// Start over with the same configuration and users, keeping the
    /// memory: for running many independent timelines one after another.
    pub fn restart(&mut self) {
        for u in &mut self.users {
            *u = User::default();
        }
        self.settings = self.cfg.settings;
        self.timers.clear();
        self.outage = None;
        self.outages = 0;
        self.now = None;
        self.buffer.clear();
        self.runs.clear();
        self.post.clear();
        self.summary = Summary::default();
        self.stopped = false;
        self.horizon = self.cfg.horizon;
        self.first_now.clear();
    }

    /// What messages need, for outcomes written after they were released.
    pub fn context(&self) -> Context<'_> {
        Context {
            names: &self.names,
            version: self.cfg.version.as_deref(),
            token_lifetime: self.cfg.token_lifetime,
        }
    }

    /// Feed one event (events come in non-decreasing time order). Returns
    /// false once the horizon is reached: later events change nothing.
    pub fn push(&mut self, ev: &Event, sink: &mut impl FnMut(&Report<'_>)) -> bool {
        if self.stopped {
            return false;
        }
        if self.horizon.is_some_and(|h| ev.at >= h) {
            self.stopped = true;
            return false;
        }
        if ev.kind == Kind::End {
            self.horizon = Some(ev.at);
            self.stopped = true;
            // Events at the horizon are not read as happening, whatever
            // their place in the instant.
            if self.now == Some(ev.at) {
                for u in self.first_now.drain(..) {
                    self.users[u as usize].in_events = false;
                }
            }
            return false;
        }
        if self.now != Some(ev.at) {
            self.first_now.clear();
        }
        self.advance(ev.at, sink);
        let (t, u) = (ev.at, ev.user);
        match &ev.kind {
            Kind::OutageStart => {
                if self.outage.is_none() {
                    self.outages += 1;
                    self.outage = Some(self.outages);
                    self.touch_all_sessions();
                }
            }
            Kind::OutageEnd => {
                if self.outage.take().is_some() {
                    self.touch_all_sessions();
                }
            }
            Kind::Settings(change) => self.settings_changed(t, change),
            kind => {
                debug_assert!(kind.is_users());
                if !self.users[u as usize].in_events {
                    self.users[u as usize].in_events = true;
                    self.first_now.push(u);
                }
                match kind {
                    Kind::SignIn {
                        client,
                        stay_signed_in,
                        global_context,
                    } => self.sign_in(t, u, *client, *stay_signed_in, *global_context),
                    Kind::Activity => self.activity(t, u),
                    Kind::Access { as_user } => self.access(t, u, *as_user),
                    Kind::OpenEnv { legacy, via } => self.open_env(t, u, *legacy, *via),
                    Kind::SignOut => self.end_session(
                        t,
                        u,
                        OutKind::SignedOut,
                        Reason::UserSignOut,
                        "S11",
                        Detail::None,
                    ),
                    Kind::Account(a) => self.account(t, u, *a),
                    _ => {}
                }
                self.mark_post(u);
            }
        }
        true
    }

    /// Where the run ends, if it is cut short: the configured horizon, or
    /// an `end` event.
    pub fn horizon(&self) -> Option<Time> {
        self.horizon
    }

    /// Run out the clock: everything due before the horizon (or until every
    /// session has ended), then count what is still signed in.
    pub fn finish(&mut self, sink: &mut impl FnMut(&Report<'_>)) -> Summary {
        self.close_instant(sink);
        let horizon = self.horizon;
        while let Some((t, _)) = self.timers.peek() {
            if horizon.is_some_and(|h| t >= h) {
                break;
            }
            self.now = Some(t);
            self.open_instant(t);
            self.close_instant(sink);
        }
        if let Some(h) = horizon {
            for user in &self.users {
                if let Some(s) = &user.session {
                    self.summary.signed_in_secs += h - s.start;
                }
            }
        }
        self.summary.users = self.users.iter().filter(|u| u.in_events).count() as u64;
        self.summary.clone()
    }

    /// Move the clock to `t`: close the open instant, run every instant
    /// with something due before `t`, and open `t`.
    fn advance(&mut self, t: Time, sink: &mut impl FnMut(&Report<'_>)) {
        if self.now == Some(t) {
            return;
        }
        self.close_instant(sink);
        while let Some((due, _)) = self.timers.peek() {
            if due >= t {
                break;
            }
            self.now = Some(due);
            self.open_instant(due);
            self.close_instant(sink);
        }
        self.now = Some(t);
        self.timers.advance_to(t);
        self.open_instant(t);
    }

    /// Deadlines, then warnings, of every user due at `t`.
    fn open_instant(&mut self, t: Time) {
        while let Some(u) = self.timers.pop_if_at(t) {
            self.pre(t, u);
            self.mark_post(u);
        }
    }

    /// Policy checks due at the instant, then release its outcomes sorted by
    /// user (stable, so the order of §6.2 holds within a user).
    fn close_instant(&mut self, sink: &mut impl FnMut(&Report<'_>)) {
        let Some(t) = self.now.take() else { return };
        let mut post = std::mem::take(&mut self.post);
        for &u in &post {
            self.users[u as usize].in_post = false;
            self.check(t, u);
            let next = self.next_due(u, t + 1);
            if self.timers.key(u) != next {
                self.timers.set(u, next);
            }
        }
        post.clear();
        self.post = post;
        if self.buffer.is_empty() && self.runs.is_empty() {
            return;
        }
        self.sort_buffer();
        if !self.runs.is_empty() {
            self.release_runs(t, sink);
            return;
        }
        let buffer = std::mem::take(&mut self.buffer);
        let context = Context {
            names: &self.names,
            version: self.cfg.version.as_deref(),
            token_lifetime: self.cfg.token_lifetime,
        };
        // Outcomes at or after the horizon are not reported (an `end`
        // event may arrive after others of its own instant).
        if self.horizon.is_none_or(|h| t < h) {
            for o in &buffer {
                self.summary.count(o);
                sink(&Report {
                    outcome: o,
                    user: &self.names[o.user as usize],
                    context: &context,
                });
            }
        }
        self.buffer = buffer;
        self.buffer.clear();
    }

    /// Whether user `x` comes before user `y` in the output of an instant.
    fn user_order(&self, x: UserId, y: UserId) -> std::cmp::Ordering {
        let (x, y) = (x as usize, y as usize);
        self.prefixes[x]
            .cmp(&self.prefixes[y])
            .then_with(|| self.names[x].cmp(&self.names[y]))
    }

    /// Sort the buffered outcomes by user, keeping their order within one.
    fn sort_buffer(&mut self) {
        let mut buffer = std::mem::take(&mut self.buffer);
        if !buffer.is_sorted_by(|a, b| a.user == b.user || self.user_order(a.user, b.user).is_le())
        {
            buffer.sort_by(|a, b| self.user_order(a.user, b.user));
        }
        self.buffer = buffer;
    }

    /// The instant's outcomes from the runs set aside and the buffer, each
    /// sorted by user: user by user, each user's from every run in turn,
    /// so the order within a user is the order they happened in.
    fn release_runs(&mut self, t: Time, sink: &mut impl FnMut(&Report<'_>)) {
        let mut runs = std::mem::take(&mut self.runs);
        let buffer = std::mem::take(&mut self.buffer);
        let mut readers = runs.readers();
        let mut rest = buffer.iter().peekable();
        let reported = self.horizon.is_none_or(|h| t < h);
        let context = Context {
            names: &self.names,
            version: self.cfg.version.as_deref(),
            token_lifetime: self.cfg.token_lifetime,
        };
        loop {
            // The first user still to come in any run or the buffer.
            let mut next: Option<UserId> = rest.peek().map(|o| o.user);
            for r in &mut readers {
                if let Some(o) = r.peek(&mut runs)
                    && next.is_none_or(|n| self.user_order(o.user, n).is_lt())
                {
                    next = Some(o.user);
                }
            }
            let Some(u) = next else { break };
            let mut out = |o: &Outcome, summary: &mut Summary| {
                if reported {
                    summary.count(o);
                    sink(&Report {
                        outcome: o,
                        user: &self.names[o.user as usize],
                        context: &context,
                    });
                }
            };
            for r in &mut readers {
                while let Some(o) = r.peek(&mut runs).filter(|o| o.user == u).copied() {
                    out(&o, &mut self.summary);
                    r.advance();
                }
            }
            while let Some(o) = rest.next_if(|o| o.user == u) {
                out(o, &mut self.summary);
            }
        }
        if let Some(why) = runs.failed() {
            self.failed.get_or_insert_with(|| why.to_string());
        }
        runs.clear();
        self.runs = runs;
        self.buffer = buffer;
        self.buffer.clear();
    }

    /// Why outcomes were lost (held outcomes could not be read back), if
    /// they were: the run's output is then incomplete.
    pub fn failed(&self) -> Option<&str> {
        self.failed.as_deref()
    }

    fn mark_post(&mut self, u: UserId) {
        let user = &mut self.users[u as usize];
        if !user.in_post {
            user.in_post = true;
            self.post.push(u);
        }
    }

    fn touch_all_sessions(&mut self) {
        for u in 0..self.users.len() {
            if self.users[u].session.is_some() {
                self.mark_post(u as UserId);
            }
        }
    }

    /// Whether a policy check could change anything for this user (S3, S4).
    fn needs_check(&self, user: &User) -> bool {
        let Some(s) = &user.session else { return false };
        // S8: no hourly policy check on an older version.
        if self.cfg.legacy {
            return false;
        }
        match self.outage {
            Some(id) => s.outage_handled != id,
            None => user.account_barred().is_some() || s.revoked,
        }
    }

    /// The next instant at or after `from` with something due for `u`.
    fn next_due(&self, u: UserId, from: Time) -> Option<Time> {
        let user = &self.users[u as usize];
        let s = user.session.as_ref()?;
        let mut next = s.token_end;
        for d in [s.custom, s.day].into_iter().flatten() {
            next = next.min(d.at);
            if let Some(w) = d.warn_at {
                next = next.min(w);
            }
        }
        if let Some(d) = s.inactivity_deadline() {
            next = next.min(d);
        }
        if let Some(w) = s.inactivity_warning() {
            next = next.min(w);
        }
        if self.needs_check(user) {
            next = next.min(s.check_from(from));
        }
        Some(next)
    }

    #[allow(clippy::too_many_arguments)]
    fn emit(
        &mut self,
        at: Time,
        user: UserId,
        kind: OutKind,
        reason: Reason,
        rule: &'static str,
        detail: Detail,
        ends_at: Option<Time>,
    ) {
        self.buffer.push(Outcome {
            at,
            user,
            kind,
            reason,
            rule,
            ends_at,
            detail,
        });
        if self.buffer.len() == RUN {
            self.sort_buffer();
            self.runs.push(&self.buffer);
            self.buffer.clear();
        }
    }

    /// End the open session, if any, with this outcome.
    fn end_session(
        &mut self,
        t: Time,
        u: UserId,
        kind: OutKind,
        reason: Reason,
        rule: &'static str,
        detail: Detail,
    ) {
        let user = &mut self.users[u as usize];
        if let Some(s) = user.session.take() {
            self.summary.signed_in_secs += t - s.start;
            user.ended = Some((t, reason));
            self.emit(t, u, kind, reason, rule, detail, None);
        }
    }

    /// Deadlines due at `t`, else warnings due at `t` (S13).
    fn pre(&mut self, t: Time, u: UserId) {
        let Some(s) = &self.users[u as usize].session else {
            return;
        };
        if let Some((kind, reason, rule, detail)) = s.ending(t) {
            self.end_session(t, u, kind, reason, rule, detail);
            return;
        }
        // Warnings due now (S13). The tie rule of `ending` chooses between
        // sign-outs only: each warning is reported at its time, even when
        // another deadline falls on the instant it announces.
        let mut due: Vec<(Time, Reason, &'static str, Detail)> = Vec::new();
        if let Some(d) = s.custom
            && d.warn_at.is_some_and(|w| w <= t)
        {
            due.push((
                d.at,
                Reason::SessionExpired,
                "S5",
                Detail::Length(s.settings.session_length_min),
            ));
        }
        let day_due = s.day.filter(|d| d.warn_at.is_some_and(|w| w <= t));
        if let Some(d) = day_due {
            due.push((d.at, Reason::MaxSession24h, s.day_rule(), Detail::None));
        }
        let inactivity_due = s.inactivity_warning().is_some_and(|w| w <= t);
        if let (true, Some(d), Some((after, _))) =
            (inactivity_due, s.inactivity_deadline(), s.inactivity)
        {
            due.push((
                d,
                Reason::Inactivity,
                "S6",
                Detail::Inactivity {
                    after,
                    last: s.last_activity,
                },
            ));
        }
        // Every warning whose time has come is spent, given or not.
        let custom_due = s.custom.is_some_and(|d| d.warn_at.is_some_and(|w| w <= t));
        if let Some(s) = self.users[u as usize].session.as_mut() {
            if custom_due && let Some(d) = s.custom.as_mut() {
                d.warn_at = None;
            }
            if day_due.is_some()
                && let Some(d) = s.day.as_mut()
            {
                d.warn_at = None;
            }
            if inactivity_due {
                s.inactivity_warned = s.inactivity_deadline().unwrap_or(Time::MIN);
            }
        }
        for (ends_at, reason, rule, detail) in due {
            self.emit(t, u, OutKind::Warning, reason, rule, detail, Some(ends_at));
        }
    }

    /// S2–S4: the policy check at `t`, if one is due and can matter.
    fn check(&mut self, t: Time, u: UserId) {
        let user = &self.users[u as usize];
        let Some(s) = &user.session else { return };
        if !s.is_check_instant(t) || !self.needs_check(user) {
            return;
        }
        match self.outage {
            Some(id) => {
                let stay = s.stay_signed_in;
                if let Some(s) = self.users[u as usize].session.as_mut() {
                    s.outage_handled = id;
                }
                if stay {
                    self.emit(
                        t,
                        u,
                        OutKind::AccessContinued,
                        Reason::StaySignedIn,
                        "S4",
                        Detail::None,
                        None,
                    );
                } else {
                    self.end_session(
                        t,
                        u,
                        OutKind::ReauthRequired,
                        Reason::PolicyCheckFailed,
                        "S4",
                        Detail::None,
                    );
                }
            }
            None => {
                let reason = user.account_barred().unwrap_or(Reason::RefreshTokenRevoked);
                self.end_session(t, u, OutKind::ReauthRequired, reason, "S3", Detail::None);
            }
        }
    }

    /// A sign-in: the rules S3, S4, S11, then S5/S8/S1 and S10 apply in
    /// order, as SPEC lists them.
    fn sign_in(&mut self, t: Time, u: UserId, client: Client, stay: bool, global: bool) {
        if self.turned_away(t, u) {
            return;
        }
        let st = self.settings;
        let session = self.new_session(t, client, stay, global);
        let end = session.fixed_end();
        let (reason, rule) = if session.custom.is_some() {
            (Reason::CustomTimeout, "S5")
        } else if session.day.is_some() {
            (Reason::Legacy24h, "S8")
        } else {
            (Reason::EntraPolicy, "S1")
        };
        let inactivity = session.inactivity.map(|i| i.0);
        let user = &mut self.users[u as usize];
        user.session = Some(session);
        user.last_client = client;
        user.last_stay = stay;
        user.last_global = global;
        self.emit(
            t,
            u,
            OutKind::SessionStart,
            reason,
            rule,
            Detail::Start {
                client,
                stay_signed_in: stay,
                length_min: st.session_length_min,
                inactivity,
            },
            Some(end),
        );
        // S10: say what this client does not enforce.
        let inactivity_only = st.active_inactivity().is_some() && inactivity.is_none();
        if !client.enforces_session() || inactivity_only {
            self.emit(
                t,
                u,
                OutKind::NotEnforced,
                Reason::ClientNotEnforcing,
                "S10",
                Detail::NotEnforced {
                    client,
                    inactivity_only: client.enforces_session(),
                },
                None,
            );
        }
    }

    /// Whether a sign-in at `t` stops before a session opens: refused by
    /// S3 or S4 (even while a session is open), or noted by S11 when one is.
    fn turned_away(&mut self, t: Time, u: UserId) -> bool {
        let user = &self.users[u as usize];
        let refused = match user.account_barred() {
            Some(reason) => Some((reason, "S3")),
            None => self.outage.map(|_| (Reason::Outage, "S4")),
        };
        if let Some((reason, rule)) = refused {
            self.emit(
                t,
                u,
                OutKind::SignInRefused,
                reason,
                rule,
                Detail::None,
                None,
            );
            return true;
        }
        if let Some(s) = &user.session {
            let since = s.start;
            self.emit(
                t,
                u,
                OutKind::Note,
                Reason::AlreadySignedIn,
                "S11",
                Detail::Since(since),
                None,
            );
            return true;
        }
        false
    }

    /// The session a sign-in at `t` opens under the current settings, with
    /// the deadlines this client enforces.
    fn new_session(&self, t: Time, client: Client, stay: bool, global: bool) -> Session {
        let st = self.settings;
        let lead = i64::from(st.session_warning_min) * MINUTE;
        let custom = (st.session_enabled && client.enforces_session())
            .then(|| Deadline::new(t + i64::from(st.session_length_min) * MINUTE, lead));
        let day = (!st.session_enabled && self.cfg.legacy && client.enforces_session())
            .then(|| Deadline::new(t + DAY, lead));
        let inactivity = st
            .active_inactivity()
            .filter(|_| client.enforces_inactivity(global))
            .map(|a| {
                (
                    i64::from(a) * MINUTE,
                    i64::from(st.inactivity_warning_min) * MINUTE,
                )
            });
        Session {
            start: t,
            client,
            stay_signed_in: stay,
            settings: st,
            custom,
            day,
            inactivity,
            last_activity: t,
            inactivity_warned: Time::MIN,
            token_end: t + self.cfg.token_lifetime,
            bypassed: false,
            revoked: false,
            outage_handled: 0,
        }
    }

    fn activity(&mut self, t: Time, u: UserId) {
        let user = &mut self.users[u as usize];
        match user.session.as_mut() {
            // S6: only a sign-in and each activity reset the inactivity clock.
            Some(s) => s.last_activity = t,
            None if self.cfg.auto_sign_in => {
                let (c, st, g) = (user.last_client, user.last_stay, user.last_global);
                self.sign_in(t, u, c, st, g);
            }
            None => self.denied_signed_out(t, u),
        }
    }

    /// S11: access while signed out.
    fn denied_signed_out(&mut self, t: Time, u: UserId) {
        let ended = self.users[u as usize].ended;
        self.emit(
            t,
            u,
            OutKind::AccessDenied,
            Reason::SignedOut,
            "S11",
            Detail::Ended(ended),
            None,
        );
    }

    fn access(&mut self, t: Time, u: UserId, as_user: Option<UserId>) {
        if self.users[u as usize].session.is_none() {
            // S11 wins over S12.
            self.denied_signed_out(t, u);
            return;
        }
        if let Some(other) = as_user.filter(|a| *a != u) {
            self.emit(
                t,
                u,
                OutKind::AccessDenied,
                Reason::TokenUserMismatch,
                "S12",
                Detail::Other(other),
                None,
            );
        }
    }

    fn open_env(&mut self, t: Time, u: UserId, legacy_target: bool, via: Via) {
        let Some(s) = self.users[u as usize].session.as_mut() else {
            return; // ignored while signed out
        };
        // S9: only while S1 governs the session, on a client that enforces
        // session limits (S10), once per session.
        let governed_by_s1 = !self.cfg.legacy && !s.settings.session_enabled;
        if !governed_by_s1 || !s.client.enforces_session() || s.bypassed {
            return;
        }
        let reason = match (via, legacy_target) {
            (Via::ManualUrl, _) => Reason::ManualUrl,
            (Via::Link, true) => Reason::MixedVersions,
            (Via::Link, false) => return,
        };
        let lead = i64::from(s.settings.session_warning_min) * MINUTE;
        let start = s.start;
        let deadline = Deadline::new(start + DAY, lead);
        s.bypassed = true;
        s.day = Some(deadline);
        self.emit(
            t,
            u,
            OutKind::PolicyBypass,
            reason,
            "S9",
            Detail::Since(start),
            Some(deadline.at),
        );
        if deadline.at <= t {
            // The 24 hours are already over: the session ends now.
            self.end_session(
                t,
                u,
                OutKind::SignedOut,
                Reason::MaxSession24h,
                "S9",
                Detail::None,
            );
        } else if deadline.warn_at.is_some_and(|w| w <= t) {
            // The warning's time has passed: give it now.
            if let Some(d) = self.users[u as usize]
                .session
                .as_mut()
                .and_then(|s| s.day.as_mut())
            {
                d.warn_at = None;
            }
            self.emit(
                t,
                u,
                OutKind::Warning,
                Reason::MaxSession24h,
                "S9",
                Detail::None,
                Some(deadline.at),
            );
        }
    }

    fn account(&mut self, t: Time, u: UserId, a: Account) {
        let user = &mut self.users[u as usize];
        match a {
            Account::Disabled => user.disabled = true,
            Account::Deleted => user.deleted = true,
            Account::SignInBlocked => user.blocked = true,
            Account::RefreshTokenRevoked => {
                if let Some(s) = user.session.as_mut() {
                    s.revoked = true;
                }
            }
            Account::Enabled => {
                user.disabled = false;
                user.blocked = false;
            }
        }
        if a != Account::Enabled && self.cfg.legacy && user.session.is_some() {
            self.emit(
                t,
                u,
                OutKind::Note,
                Reason::NoPolicyCheck,
                "S8",
                Detail::None,
                None,
            );
        }
    }

    /// S7: new settings apply from the next sign-in; every open session
    /// keeps its own.
    fn settings_changed(&mut self, t: Time, change: &Settings) {
        self.settings = *change;
        for u in 0..self.users.len() {
            if let Some(s) = &self.users[u].session {
                let old = s.settings;
                self.emit(
                    t,
                    u as UserId,
                    OutKind::SettingsPending,
                    Reason::NextSignIn,
                    "S7",
                    Detail::Settings { new: *change, old },
                    None,
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Many more outcomes at one instant than are held as they are: they
    /// come out by user name, each user's in the order they happened, and
    /// the instant after is unaffected.
    #[test]
    fn an_instant_of_many_runs_keeps_the_order_of_one() {
        let t = 1_772_438_400;
        let cfg = Config::new(
            Settings::default(),
            None,
            &Tenant::default(),
            false,
            Some(t + 2),
        );
        // Ids in an order that is not the names' order.
        let names = ["carol", "alice", "bob"].map(String::from).to_vec();
        let mut engine = Engine::new(cfg).with_users(names);
        let mut events = Vec::new();
        for u in 0..3 {
            events.push(Event {
                at: t,
                user: u,
                kind: Kind::SignIn {
                    client: Client::Web,
                    stay_signed_in: false,
                    global_context: false,
                },
            });
        }
        // Each access as another user is a mismatch naming that user, so
        // the order within a user shows.
        let n = RUN * 3 + 17;
        for i in 0..n {
            events.push(Event {
                at: t,
                user: (i % 3) as UserId,
                kind: Kind::Access {
                    as_user: Some(((i / 3 + 1 + i % 3) % 3) as UserId),
                },
            });
        }
        events.push(Event {
            at: t + 1,
            user: 1,
            kind: Kind::SignOut,
        });
        let mut seen: Vec<(Time, UserId, OutKind, Detail)> = Vec::new();
        for ev in &events {
            engine.push(ev, &mut |r| {
                let o = r.outcome;
                seen.push((o.at, o.user, o.kind, o.detail));
            });
        }
        let summary = engine.finish(&mut |r| {
            let o = r.outcome;
            seen.push((o.at, o.user, o.kind, o.detail));
        });
        assert!(engine.failed().is_none());
        // The order of §6.3, worked out the plain way.
        let mut expected: Vec<(Time, UserId, OutKind, Detail)> = Vec::new();
        for u in [1, 2, 0] {
            expected.push((t, u, OutKind::SessionStart, Detail::None));
            for i in (0..n).filter(|i| i % 3 == u as usize) {
                let other = ((i / 3 + 1 + i % 3) % 3) as UserId;
                if other != u {
                    expected.push((t, u, OutKind::AccessDenied, Detail::Other(other)));
                }
            }
        }
        expected.push((t + 1, 1, OutKind::SignedOut, Detail::None));
        let shape = |v: &[(Time, UserId, OutKind, Detail)]| {
            v.iter()
                .map(|&(at, u, k, d)| {
                    let d = if k == OutKind::SessionStart {
                        Detail::None
                    } else {
                        d
                    };
                    (at, u, k, d)
                })
                .collect::<Vec<_>>()
        };
        let seen = shape(&seen);
        let first = seen.iter().zip(&expected).position(|(a, b)| a != b);
        assert_eq!(
            (seen.len(), first.map(|i| (i, seen[i], expected[i]))),
            (expected.len(), None)
        );
        assert_eq!(summary.users, 3);
    }
}
