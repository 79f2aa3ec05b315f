//! The live tenant (SPEC §10): `discover`, `pull` and `push` against the
//! Power Platform admin API and each environment's Dataverse.
//!
//! This module owns the network: requests ([`http`]), credentials and
//! tokens ([`auth`]), the admin API ([`admin`]) and Dataverse
//! ([`dataverse`]); what to change is decided by pure functions in
//! [`plan`]. It never prints and never touches the database: commands read
//! the inventory, call these functions and write what comes back. One
//! environment's failure never stops the others; Ctrl-C stops new requests
//! and keeps what completed.

pub mod admin;
pub mod auth;
pub mod dataverse;
pub mod http;
pub mod plan;

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

use serde::Serialize;

use crate::error::{Code, Violation};
use crate::model::FieldChange;

/// The admin API's resource for tokens.
pub const ADMIN_RESOURCE: &str = "https://service.powerapps.com/";

/// How a run talks to the service.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub jobs: usize,
    pub timeout: Duration,
}

/// Why one environment (or the whole run) failed. The message names the
/// URL and what to do, never a token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub kind: FailureKind,
    pub message: String,
    /// Live values that break V1–V5 (kind `Invalid`).
    pub violations: Vec<Violation>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    Network,
    Auth,
    Malformed,
    Invalid,
    Conflict,
    Interrupted,
}

impl Failure {
    fn new(kind: FailureKind, message: String) -> Self {
        Failure {
            kind,
            message,
            violations: Vec::new(),
        }
    }
    pub fn network(m: String) -> Self {
        Failure::new(FailureKind::Network, m)
    }
    pub fn auth(m: String) -> Self {
        Failure::new(FailureKind::Auth, m)
    }
    pub fn malformed(m: String) -> Self {
        Failure::new(FailureKind::Malformed, m)
    }
    pub fn conflict(m: String) -> Self {
        Failure::new(FailureKind::Conflict, m)
    }
    pub fn interrupted() -> Self {
        Failure::new(
            FailureKind::Interrupted,
            "interrupted (Ctrl-C) before this request".into(),
        )
    }
    pub fn invalid(violations: Vec<Violation>) -> Self {
        let message = violations
            .iter()
            .map(Violation::text)
            .collect::<Vec<_>>()
            .join("; ");
        Failure {
            kind: FailureKind::Invalid,
            message,
            violations,
        }
    }

    /// The lines this failure is reported as, naming the environment.
    pub fn violations_for(&self, env: &str) -> Vec<Violation> {
        if self.kind == FailureKind::Invalid && !self.violations.is_empty() {
            return self
                .violations
                .iter()
                .map(|v| {
                    let mut v = v.clone();
                    v.location = None;
                    v.message = format!("{env}: {}", v.message);
                    v
                })
                .collect();
        }
        vec![Violation::new(
            Code::Network,
            format!("{env}: {}", self.message),
        )]
    }
}

/// One environment's line of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Added,
    Updated,
    Changed,
    Unchanged,
    Skipped,
    Failed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Added => "added",
            Status::Updated => "updated",
            Status::Changed => "changed",
            Status::Unchanged => "unchanged",
            Status::Skipped => "skipped",
            Status::Failed => "failed",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct EnvReport {
    pub name: String,
    pub url: Option<String>,
    pub status: Status,
    pub changes: Vec<FieldChange>,
    pub error: Option<String>,
    #[serde(skip)]
    pub failure: Option<Failure>,
}

impl EnvReport {
    pub fn new(name: &str, url: Option<&str>, status: Status, changes: Vec<FieldChange>) -> Self {
        EnvReport {
            name: name.to_string(),
            url: url.map(str::to_string),
            status,
            changes,
            error: None,
            failure: None,
        }
    }

    pub fn failed(name: &str, url: Option<&str>, f: Failure) -> Self {
        EnvReport {
            error: Some(f.message.clone()),
            failure: Some(f),
            ..EnvReport::new(name, url, Status::Failed, Vec::new())
        }
    }
}

/// What `discover`, `pull` and `push` print (SPEC §10.1).
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub environments: Vec<EnvReport>,
    pub summary: BTreeMap<&'static str, usize>,
    #[serde(skip)]
    pub dry_run: bool,
    /// Environments that were never started (Ctrl-C).
    #[serde(skip)]
    pub not_started: usize,
}

impl Report {
    /// The summary counts every status of the command, zeros included.
    pub fn new(environments: Vec<EnvReport>, statuses: &[Status], dry_run: bool) -> Self {
        let mut summary: BTreeMap<&'static str, usize> =
            statuses.iter().map(|s| (s.as_str(), 0)).collect();
        for e in &environments {
            *summary.entry(e.status.as_str()).or_default() += 1;
        }
        Report {
            environments,
            summary,
            dry_run,
            not_started: 0,
        }
    }

    pub fn count(&self, s: Status) -> usize {
        self.summary.get(s.as_str()).copied().unwrap_or(0)
    }

    /// Every failure as §4 violations: network and the like first (they
    /// decide exit 1), rule violations of live values after (exit 3 when
    /// they are all there is).
    pub fn violations(&self) -> Vec<Violation> {
        let mut all: Vec<(bool, Violation)> = Vec::new();
        for e in &self.environments {
            if let Some(f) = &e.failure {
                let rules = f.kind == FailureKind::Invalid;
                all.extend(f.violations_for(&e.name).into_iter().map(|v| (rules, v)));
            }
        }
        all.sort_by_key(|(rules, _)| *rules);
        all.into_iter().map(|(_, v)| v).collect()
    }
}

/// Run `work` on each item, `jobs` at a time, in order of the items; an
/// item not started because of Ctrl-C is `None`. `done` counts finished
/// items (for a progress bar).
pub fn for_each<T: Sync, R: Send>(
    items: &[T],
    jobs: usize,
    done: &AtomicU64,
    work: impl Fn(&T) -> R + Sync,
) -> Vec<Option<R>> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<R>>> =
        Mutex::new(std::iter::repeat_with(|| None).take(items.len()).collect());
    std::thread::scope(|s| {
        for _ in 0..jobs.clamp(1, items.len().max(1)) {
            s.spawn(|| {
                loop {
                    if crate::term::interrupted() {
                        return;
                    }
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { return };
                    let r = work(item);
                    if let Ok(mut all) = results.lock()
                        && let Some(slot) = all.get_mut(i)
                    {
                        *slot = Some(r);
                    }
                    done.fetch_add(1, Ordering::Relaxed);
                }
            });
        }
    });
    results.into_inner().unwrap_or_else(|e| e.into_inner())
}

/// Everything one run shares across threads: the client and the tokens.
pub struct Session {
    pub http: http::Client,
    pub tokens: auth::Tokens,
}

impl Session {
    pub fn new(options: &Options, credential: auth::Credential) -> Self {
        Session {
            http: http::Client::new(options.timeout),
            tokens: auth::Tokens::new(credential),
        }
    }

    /// Send `req` with a token for `resource`; a 401 gets one new token and
    /// one retry, then fails naming the credential; a 403 fails saying the
    /// identity lacks rights on `what` (`role` is the role that gives them).
    pub fn call(
        &self,
        req: &http::Request,
        resource: &str,
        what: &str,
        role: &str,
    ) -> Result<http::Response, Failure> {
        http::check_endpoint(&req.url, "the endpoint")?;
        let token = self.tokens.get(&self.http, resource, None)?;
        let mut resp = self.http.send(req, Some(&token))?;
        if resp.status == 401 {
            let renewed = self.tokens.get(&self.http, resource, Some(&token))?;
            resp = self.http.send(req, Some(&renewed))?;
            if resp.status == 401 {
                return Err(Failure::auth(format!(
                    "{} refused the token of {} twice (HTTP 401) — check that the credential is valid for {resource}",
                    req.shown(),
                    self.tokens.credential().describe()
                )));
            }
        }
        if resp.status == 403 {
            return Err(Failure::auth(format!(
                "the identity ({}) lacks rights on {what}: HTTP 403 from {} — give it the {role} role",
                self.tokens.credential().describe(),
                req.shown()
            )));
        }
        if (300..400).contains(&resp.status) {
            return Err(Failure::network(format!(
                "{} answered a redirect (HTTP {}); sessadm does not follow redirects with a token — check the URL",
                req.shown(),
                resp.status
            )));
        }
        Ok(resp)
    }
}

/// A status that is not what was expected, with an error code from the
/// body when it has one (never the body itself).
pub fn unexpected(req: &http::Request, resp: &http::Response, expected: &str) -> Failure {
    Failure::network(format!(
        "{} answered HTTP {}{}, expected {expected}",
        req.shown(),
        resp.status,
        auth::error_code(&resp.body)
            .map(|c| format!(" ({c})"))
            .unwrap_or_default()
    ))
}
