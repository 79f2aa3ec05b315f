//! What a population's outcomes cost its users, counted as the engine
//! releases them. The engine's own [`Summary`] counts users and outcomes
//! by kind and reason; this adds what the summary does not hold.
//!
//! "Uninterrupted working time" is measured in stretches: a stretch starts
//! when a user signs in (or starts a working day while still signed in) and
//! ends at the first of a forced sign-out or reauthentication, the user's
//! own sign-out, or the end of the working day (the user's last event of
//! the day). A forced end that comes while the user is away (an inactivity
//! sign-out at lunch) ends the stretch at the user's last activity.

use crate::sim::outcome::{OutKind, Outcome, Reason, SIGNED_OUT, Summary};
use crate::sim::time::{DAY, HOUR, Time};

/// Stretches are counted by the minute up to this many minutes (longer
/// ones in the last bin).
pub const LONGEST: usize = 7 * 1440;

/// The bins of uninterrupted working time a person reads, each with the
/// first minute past it: under 15 minutes, 15–30 minutes, … 8 hours and
/// more (the last bin has no end).
pub const STRETCH_BINS: [(&str, usize); 7] = [
    ("<15m", 15),
    ("15–30m", 30),
    ("30m–1h", 60),
    ("1–2h", 2 * 60),
    ("2–4h", 4 * 60),
    ("4–8h", 8 * 60),
    ("≥8h", usize::MAX),
];

/// Where `user-sign-out` sits in [`SIGNED_OUT`]: the one sign-out that is
/// not forced.
const USER_SIGN_OUT: usize = 3;
const _: () = assert!(matches!(SIGNED_OUT[USER_SIGN_OUT], Reason::UserSignOut));

/// Totals of one side, mergeable across threads (so the result does not
/// depend on how the work was split).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Metrics {
    /// The engine's totals: users, sign-ins, sign-outs and
    /// reauthentications by reason, warnings.
    pub outcomes: Summary,
    pub user_days: u64,
    pub events: u64,
    pub affected_users: u64,
    /// Stretches by length in whole minutes.
    pub stretches: Vec<u64>,
    /// Forced sign-outs and reauthentications by hour of the day (UTC).
    pub forced_by_hour: [u64; 24],
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics {
            outcomes: Summary::default(),
            user_days: 0,
            events: 0,
            affected_users: 0,
            stretches: vec![0; LONGEST + 1],
            forced_by_hour: [0; 24],
        }
    }
}

impl Metrics {
    pub fn merge(&mut self, o: &Metrics) {
        self.outcomes.merge(&o.outcomes);
        self.user_days += o.user_days;
        self.events += o.events;
        self.affected_users += o.affected_users;
        for (a, b) in self.stretches.iter_mut().zip(&o.stretches) {
            *a += b;
        }
        for (a, b) in self.forced_by_hour.iter_mut().zip(o.forced_by_hour) {
            *a += b;
        }
    }

    fn stretch(&mut self, from: Time, to: Time) {
        if to > from {
            let minutes = ((to - from) / 60) as usize;
            self.stretches[minutes.min(LONGEST)] += 1;
        }
    }

    /// The stretch length (minutes) at this quantile (0..=1); 0 when none.
    pub fn stretch_quantile(&self, q: f64) -> u64 {
        let total: u64 = self.stretches.iter().sum();
        if total == 0 {
            return 0;
        }
        // The smallest length with at least q of all stretches at or below.
        let want = ((q * total as f64).ceil() as u64).max(1);
        let mut seen = 0;
        for (m, n) in self.stretches.iter().enumerate() {
            seen += n;
            if seen >= want {
                return m as u64;
            }
        }
        LONGEST as u64
    }

    /// Stretches counted in [`STRETCH_BINS`], bin by bin.
    pub fn stretch_bins(&self) -> Vec<u64> {
        let mut out = vec![0; STRETCH_BINS.len()];
        let mut bin = 0;
        for (minutes, &n) in self.stretches.iter().enumerate() {
            while bin + 1 < STRETCH_BINS.len() && minutes >= STRETCH_BINS[bin].1 {
                bin += 1;
            }
            out[bin] += n;
        }
        out
    }

    /// Sign-outs and reauthentications the user did not ask for.
    pub fn forced(&self) -> u64 {
        let o = &self.outcomes;
        o.reauth_required.total() + o.signed_out.total() - o.signed_out.reasons[USER_SIGN_OUT]
    }
}

/// One user's state while their outcomes are counted.
#[derive(Debug, Clone, Default)]
pub struct Track {
    day: Option<i64>,
    last_event: Time,
    working_since: Option<Time>,
    signed_in: bool,
    affected: bool,
}

impl Track {
    /// An input event of this user at `t` (after the engine took it).
    pub fn on_event(&mut self, m: &mut Metrics, t: Time) {
        let day = t.div_euclid(DAY);
        if self.day != Some(day) {
            // The working day ended at the last event before this one.
            if let Some(s) = self.working_since.take() {
                m.stretch(s, self.last_event);
            }
            self.day = Some(day);
            m.user_days += 1;
        }
        if self.signed_in && self.working_since.is_none() {
            self.working_since = Some(t);
        }
        self.last_event = t;
        m.events += 1;
    }

    /// An outcome of this user (the engine's summary counts it too).
    pub fn on_outcome(&mut self, m: &mut Metrics, o: &Outcome) {
        match o.kind {
            OutKind::SessionStart => {
                self.signed_in = true;
                if self.working_since.is_none() {
                    self.working_since = Some(o.at);
                }
                return;
            }
            OutKind::SignedOut | OutKind::ReauthRequired => {}
            _ => return,
        }
        let forced = o.is_forced();
        if let Some(s) = self.working_since.take() {
            let end = if o.reason == Reason::UserSignOut {
                o.at
            } else {
                self.last_event.clamp(s, o.at)
            };
            m.stretch(s, end);
        }
        self.signed_in = false;
        if forced {
            m.forced_by_hour[(o.at.rem_euclid(DAY) / HOUR) as usize] += 1;
            if !self.affected {
                self.affected = true;
                m.affected_users += 1;
            }
        }
    }

    /// The end of the run: the last working day ends too.
    pub fn finish(&mut self, m: &mut Metrics) {
        if let Some(s) = self.working_since.take() {
            m.stretch(s, self.last_event);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_of_the_stretches() {
        let mut m = Metrics::default();
        for minutes in [10, 20, 30, 40, 1000] {
            m.stretch(0, minutes * 60);
        }
        assert_eq!(m.stretch_quantile(0.5), 30);
        assert_eq!(m.stretch_quantile(0.95), 1000);
        assert_eq!(Metrics::default().stretch_quantile(0.5), 0);
    }

    #[test]
    fn stretches_in_bins() {
        let mut m = Metrics::default();
        for minutes in [
            0, 14, 15, 29, 30, 59, 60, 119, 120, 239, 240, 479, 480, 10_000,
        ] {
            m.stretch(0, minutes * 60 + 30);
        }
        assert_eq!(m.stretch_bins(), [2, 2, 2, 2, 2, 2, 2]);
        assert_eq!(Metrics::default().stretch_bins(), [0; 7]);
        assert_eq!(m.stretch_bins().iter().sum::<u64>(), 14);
    }
}
