//! Compliance baselines (SPEC §8) and the checks of one environment against
//! them. Pure: settings in, results out.
//!
//! Sources (not the seeds): PCI DSS v4.0 requirement 8.2.8; HIPAA 45 CFR
//! 164.312(a)(2)(iii); NIST SP 800-63B rev 3 §4.2.3 and §4.3.3, and
//! SP 800-63B-4 §2.2.3 and §2.3.3; OWASP ASVS 4.0.3 V3.3.2.

use serde::Serialize;

use crate::duration::format_min;
use crate::model::{Environment, Settings, Tenant};
use crate::shell::env_command;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Level {
    #[serde(rename = "SHALL")]
    Shall,
    #[serde(rename = "SHOULD")]
    Should,
}

/// What a check asks of an environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// The inactivity timeout is on (no number: HIPAA's automatic logoff).
    InactivityOn,
    /// The inactivity timeout is on and at most this many minutes.
    InactivityAtMost(u32),
    /// The custom session timeout is on and at most this many minutes.
    SessionAtMost(u32),
    /// There is an overall session limit.
    OverallLimit,
    /// The overall limit (custom length when on, else the token lifetime)
    /// is at most this.
    OverallAtMost(u32),
}

#[derive(Debug, Clone, Copy)]
pub struct Check {
    pub requirement: &'static str,
    pub level: Level,
    pub need: Need,
}

#[derive(Debug, Clone, Copy)]
pub struct Baseline {
    pub id: &'static str,
    pub title: &'static str,
    pub checks: &'static [Check],
}

const fn shall(requirement: &'static str, need: Need) -> Check {
    Check {
        requirement,
        level: Level::Shall,
        need,
    }
}

const fn should(requirement: &'static str, need: Need) -> Check {
    Check {
        requirement,
        level: Level::Should,
        need,
    }
}

pub const BASELINES: &[Baseline] = &[
    Baseline {
        id: "pci-dss-4.0",
        title: "PCI DSS v4.0",
        checks: &[shall("8.2.8", Need::InactivityAtMost(15))],
    },
    Baseline {
        id: "hipaa",
        title: "HIPAA Security Rule",
        checks: &[shall("164.312(a)(2)(iii)", Need::InactivityOn)],
    },
    Baseline {
        id: "nist-800-63b-3-aal2",
        title: "NIST SP 800-63B rev 3, AAL2",
        checks: &[
            shall("4.2.3", Need::SessionAtMost(720)),
            shall("4.2.3", Need::InactivityAtMost(30)),
        ],
    },
    Baseline {
        id: "nist-800-63b-3-aal3",
        title: "NIST SP 800-63B rev 3, AAL3",
        checks: &[
            shall("4.3.3", Need::SessionAtMost(720)),
            shall("4.3.3", Need::InactivityAtMost(15)),
        ],
    },
    Baseline {
        id: "nist-800-63b-4-aal2",
        title: "NIST SP 800-63B-4, AAL2",
        checks: &[
            shall("2.2.3", Need::OverallLimit),
            should("2.2.3", Need::OverallAtMost(1440)),
            should("2.2.3", Need::InactivityAtMost(60)),
        ],
    },
    Baseline {
        id: "nist-800-63b-4-aal3",
        title: "NIST SP 800-63B-4, AAL3",
        checks: &[
            shall("2.3.3", Need::SessionAtMost(720)),
            should("2.3.3", Need::InactivityAtMost(15)),
        ],
    },
    Baseline {
        id: "asvs-4.0.3-l2",
        title: "OWASP ASVS 4.0.3, level 2",
        checks: &[
            shall("V3.3.2", Need::SessionAtMost(720)),
            shall("V3.3.2", Need::InactivityAtMost(30)),
        ],
    },
    Baseline {
        id: "asvs-4.0.3-l3",
        title: "OWASP ASVS 4.0.3, level 3",
        checks: &[
            shall("V3.3.2", Need::SessionAtMost(720)),
            shall("V3.3.2", Need::InactivityAtMost(15)),
        ],
    },
];

/// Every audit's note on the clients these timeouts do not reach.
pub const S10_NOTE: &str = "S10: the session and inactivity timeouts are not enforced in Dynamics 365 for Outlook, Dynamics 365 for phones and tablets, Unified Service Desk with the WPF browser, Live Assist (Chat), Power Apps canvas apps and the portal (which has its own settings); web resources enforce the inactivity timeout only when they include ClientGlobalContext.js.aspx. Users of those clients are not covered by these checks.";

pub fn baseline(id: &str) -> Option<&'static Baseline> {
    BASELINES.iter().find(|b| b.id == id)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Pass,
    Warn,
    Fail,
}

/// One check of one environment.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub baseline: &'static str,
    pub requirement: &'static str,
    pub level: Level,
    /// The check in words.
    pub check: String,
    pub result: Verdict,
    /// The value found.
    pub found: String,
    /// The sessadm command that would make it pass.
    pub fix: Option<String>,
}

/// Check one environment against the given baselines.
pub fn audit(env: &Environment, tenant: &Tenant, baselines: &[&Baseline]) -> Vec<Finding> {
    let facts = Facts::new(env, tenant);
    let mut out = Vec::new();
    for b in baselines {
        for c in b.checks {
            let (check, ok, found, fix) = facts.check(c.need);
            let result = match (ok, c.level) {
                (true, _) => Verdict::Pass,
                (false, Level::Shall) => Verdict::Fail,
                (false, Level::Should) => Verdict::Warn,
            };
            out.push(Finding {
                baseline: b.id,
                requirement: c.requirement,
                level: c.level,
                check,
                result,
                found,
                fix: (!ok && !fix.is_empty()).then_some(fix),
            });
        }
    }
    out
}

/// What the checks of one environment compare and report.
struct Facts<'a> {
    settings: &'a Settings,
    name: &'a str,
    /// The inactivity timeout, as found.
    inactivity_found: String,
    /// The overall limit (SPEC §8): the custom session length when on,
    /// else the token lifetime.
    overall: u32,
    /// The overall limit, as found.
    overall_found: String,
}

impl<'a> Facts<'a> {
    fn new(env: &'a Environment, tenant: &Tenant) -> Self {
        let s = &env.settings;
        let inactivity_found = match (s.inactivity_enabled, s.inactivity_min) {
            (true, Some(a)) => format!("inactivity timeout {}", format_min(a)),
            (false, Some(a)) => format!("inactivity timeout off ({} kept)", format_min(a)),
            _ => "inactivity timeout off".to_string(),
        };
        let (overall, overall_found) = if s.session_enabled {
            (
                s.session_length_min,
                format!(
                    "custom session timeout {}",
                    format_min(s.session_length_min)
                ),
            )
        } else {
            (
                tenant.token_lifetime_min,
                format!(
                    "custom session timeout off; token lifetime {}",
                    format_min(tenant.token_lifetime_min)
                ),
            )
        };
        Facts {
            settings: s,
            name: &env.name,
            inactivity_found,
            overall,
            overall_found,
        }
    }

    /// One check: what it asks, whether it passes, what was found, and the
    /// command that would make it pass (empty when there is none).
    fn check(&self, need: Need) -> (String, bool, String, String) {
        let s = self.settings;
        match need {
            Need::InactivityOn => (
                "inactivity timeout on (automatic logoff)".to_string(),
                s.active_inactivity().is_some(),
                self.inactivity_found.clone(),
                self.inactivity_fix(15),
            ),
            Need::InactivityAtMost(limit) => (
                format!("inactivity timeout on, at most {}", format_min(limit)),
                s.active_inactivity().is_some_and(|a| a <= limit),
                self.inactivity_found.clone(),
                self.inactivity_fix(limit),
            ),
            Need::SessionAtMost(limit) => (
                format!("custom session timeout on, at most {}", format_min(limit)),
                s.active_session().is_some_and(|l| l <= limit),
                self.overall_found.clone(),
                self.session_fix(limit),
            ),
            Need::OverallLimit => (
                "an overall session limit".to_string(),
                true,
                self.overall_found.clone(),
                String::new(),
            ),
            Need::OverallAtMost(limit) => (
                format!("overall session limit at most {}", format_min(limit)),
                self.overall <= limit,
                self.overall_found.clone(),
                self.session_fix(limit),
            ),
        }
    }

    // Each fix must itself pass V1–V5: a kept warning or an inactivity
    // timeout too long for the new value is brought down with it.

    /// The command that turns the inactivity timeout on at `limit`.
    fn inactivity_fix(&self, limit: u32) -> String {
        let s = self.settings;
        // V4: shorter than the session when the custom session timeout is
        // on (at least 1h by V1, so this stays above V3's 5m).
        let after = match s.active_session() {
            Some(length) => limit.min(length - 1),
            None => limit,
        };
        let warning = if s.inactivity_warning_min >= after {
            " --warning 0"
        } else {
            ""
        };
        env_command(
            "set-inactivity",
            &format!("--after {}{warning}", format_min(after)),
            self.name,
        )
    }

    /// The command that turns the custom session timeout on at `limit`.
    fn session_fix(&self, limit: u32) -> String {
        let s = self.settings;
        let warning = if s.session_warning_min >= limit {
            " --warning 20m"
        } else {
            ""
        };
        let set = env_command(
            "set-timeout",
            &format!("--length {}{warning}", format_min(limit)),
            self.name,
        );
        match s.active_inactivity() {
            Some(a) if a >= limit => {
                let warning = if s.inactivity_warning_min >= 60 {
                    " --warning 0"
                } else {
                    ""
                };
                let shorter =
                    env_command("set-inactivity", &format!("--after 1h{warning}"), self.name);
                format!("{shorter} && {set}")
            }
            _ => set,
        }
    }
}

/// One environment's findings.
#[derive(Serialize)]
pub struct EnvAudit {
    pub name: String,
    pub checks: Vec<Finding>,
}

/// How many checks passed, warned and failed.
#[derive(Serialize, Default)]
pub struct Totals {
    pub pass: usize,
    pub warn: usize,
    pub fail: usize,
}

/// What `audit` prints: every environment's findings and the totals.
#[derive(Serialize)]
pub struct Report {
    pub baselines: Vec<&'static str>,
    pub environments: Vec<EnvAudit>,
    pub summary: Totals,
    pub strict: bool,
    pub note: &'static str,
}

/// Check every environment against the baselines and count the verdicts.
pub fn report(
    envs: &[Environment],
    tenant: &Tenant,
    baselines: &[&Baseline],
    strict: bool,
) -> Report {
    let mut summary = Totals::default();
    let environments: Vec<EnvAudit> = envs
        .iter()
        .map(|e| {
            let checks = audit(e, tenant, baselines);
            for c in &checks {
                match c.result {
                    Verdict::Pass => summary.pass += 1,
                    Verdict::Warn => summary.warn += 1,
                    Verdict::Fail => summary.fail += 1,
                }
            }
            EnvAudit {
                name: e.name.clone(),
                checks,
            }
        })
        .collect();
    Report {
        baselines: baselines.iter().map(|b| b.id).collect(),
        environments,
        summary,
        strict,
        note: S10_NOTE,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Settings;

    fn env(session: Option<u32>, inactivity: Option<u32>) -> Environment {
        Environment {
            id: 1,
            name: "prod".into(),
            url: None,
            version: None,
            description: None,
            settings: Settings {
                session_enabled: session.is_some(),
                session_length_min: session.unwrap_or(1440),
                session_warning_min: 20,
                inactivity_enabled: inactivity.is_some(),
                inactivity_min: inactivity,
                inactivity_warning_min: 0,
            },
            created_at: String::new(),
            updated_at: String::new(),
        }
    }

    fn verdicts(e: &Environment, id: &str) -> Vec<Verdict> {
        audit(e, &Tenant::default(), &[baseline(id).unwrap()])
            .into_iter()
            .map(|f| f.result)
            .collect()
    }

    #[test]
    fn boundaries_are_inclusive() {
        assert_eq!(
            verdicts(&env(None, Some(15)), "pci-dss-4.0"),
            [Verdict::Pass]
        );
        assert_eq!(
            verdicts(&env(None, Some(16)), "pci-dss-4.0"),
            [Verdict::Fail]
        );
        assert_eq!(
            verdicts(&env(Some(720), Some(30)), "nist-800-63b-3-aal2"),
            [Verdict::Pass, Verdict::Pass]
        );
        assert_eq!(
            verdicts(&env(Some(721), Some(31)), "asvs-4.0.3-l2"),
            [Verdict::Fail, Verdict::Fail]
        );
    }

    #[test]
    fn every_limit_passes_at_its_value_and_not_one_minute_over() {
        // For every baseline, each "at most" check, at its limit and over it;
        // over the limit a SHALL fails and a SHOULD warns.
        for b in BASELINES {
            for (i, c) in b.checks.iter().enumerate() {
                let (at, over) = match c.need {
                    // A 12h custom session keeps V4 clear of any limit here.
                    Need::InactivityAtMost(m) => {
                        (env(Some(720), Some(m)), env(Some(720), Some(m + 1)))
                    }
                    Need::SessionAtMost(m) => (env(Some(m), Some(15)), env(Some(m + 1), Some(15))),
                    _ => continue,
                };
                let missed = match c.level {
                    Level::Shall => Verdict::Fail,
                    Level::Should => Verdict::Warn,
                };
                let result = |e: &Environment| audit(e, &Tenant::default(), &[b])[i].result;
                assert_eq!(result(&at), Verdict::Pass, "{} {}", b.id, c.requirement);
                assert_eq!(result(&over), missed, "{} {}", b.id, c.requirement);
            }
        }
    }

    #[test]
    fn should_checks_warn() {
        // Token lifetime 90d: an overall limit exists, but over 24h.
        assert_eq!(
            verdicts(&env(None, None), "nist-800-63b-4-aal2"),
            [Verdict::Pass, Verdict::Warn, Verdict::Warn]
        );
        assert_eq!(
            verdicts(&env(Some(1440), Some(60)), "nist-800-63b-4-aal2"),
            [Verdict::Pass, Verdict::Pass, Verdict::Pass]
        );
        assert_eq!(
            verdicts(&env(Some(720), None), "nist-800-63b-4-aal3"),
            [Verdict::Pass, Verdict::Warn]
        );
    }

    #[test]
    fn fixes_are_commands_that_would_pass() {
        let mut e = env(None, None);
        e.name = "O'Brien prod".into();
        let f = audit(&e, &Tenant::default(), &[baseline("pci-dss-4.0").unwrap()]);
        assert_eq!(
            f[0].fix.as_deref(),
            Some(r"sessadm env set-inactivity 'O'\''Brien prod' --after 15m")
        );
        assert!(BASELINES.iter().all(|b| !b.checks.is_empty()));
    }

    #[test]
    fn an_inactivity_fix_stays_shorter_than_the_session() {
        // V4: with a 1h session, 1h of inactivity would be refused.
        let f = audit(
            &env(Some(60), None),
            &Tenant::default(),
            &[baseline("nist-800-63b-4-aal2").unwrap()],
        );
        assert_eq!(
            f[2].fix.as_deref(),
            Some("sessadm env set-inactivity prod --after 59m")
        );
        let f = audit(
            &env(Some(90), None),
            &Tenant::default(),
            &[baseline("nist-800-63b-4-aal2").unwrap()],
        );
        assert_eq!(
            f[2].fix.as_deref(),
            Some("sessadm env set-inactivity prod --after 1h")
        );
    }
}
