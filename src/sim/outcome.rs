//! What comes out of the engine: outcomes and the summary (SPEC §6.3).
//!
//! An outcome carries the facts its message is made of ([`Detail`]), not
//! the message itself: the words are written only when someone reads them
//! (`messages.rs`), so a run whose outcomes are only counted spends nothing
//! on text.

use serde::Serialize;

use super::event::Client;
use crate::model::Settings;
use serde::ser::SerializeMap;

use super::event::UserId;
use super::time::Time;

/// The outcome kinds of SPEC §6.3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OutKind {
    SessionStart,
    Warning,
    SignedOut,
    ReauthRequired,
    SignInRefused,
    AccessDenied,
    AccessContinued,
    PolicyBypass,
    SettingsPending,
    NotEnforced,
    Note,
}

impl OutKind {
    pub const ALL: [OutKind; 11] = [
        OutKind::SessionStart,
        OutKind::Warning,
        OutKind::SignedOut,
        OutKind::ReauthRequired,
        OutKind::SignInRefused,
        OutKind::AccessDenied,
        OutKind::AccessContinued,
        OutKind::PolicyBypass,
        OutKind::SettingsPending,
        OutKind::NotEnforced,
        OutKind::Note,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OutKind::SessionStart => "session-start",
            OutKind::Warning => "warning",
            OutKind::SignedOut => "signed-out",
            OutKind::ReauthRequired => "reauth-required",
            OutKind::SignInRefused => "sign-in-refused",
            OutKind::AccessDenied => "access-denied",
            OutKind::AccessContinued => "access-continued",
            OutKind::PolicyBypass => "policy-bypass",
            OutKind::SettingsPending => "settings-pending",
            OutKind::NotEnforced => "not-enforced",
            OutKind::Note => "note",
        }
    }
}

/// Every reason an outcome can carry. The first groups are those of the
/// table in SPEC §6.3; the last are sessadm's own, stable names for the
/// kinds whose reasons the spec leaves free.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Reason {
    SessionExpired,
    MaxSession24h,
    Inactivity,
    UserSignOut,
    TokenLifetime,
    AccountDisabled,
    AccountDeleted,
    SignInBlocked,
    RefreshTokenRevoked,
    PolicyCheckFailed,
    Outage,
    SignedOut,
    TokenUserMismatch,
    StaySignedIn,
    ManualUrl,
    MixedVersions,
    NextSignIn,
    // session-start: what bounds the session.
    CustomTimeout,
    EntraPolicy,
    Legacy24h,
    // not-enforced: the client.
    ClientNotEnforcing,
    // note:
    AlreadySignedIn,
    NoPolicyCheck,
}

impl Reason {
    pub const ALL: [Reason; 23] = [
        Reason::SessionExpired,
        Reason::MaxSession24h,
        Reason::Inactivity,
        Reason::UserSignOut,
        Reason::TokenLifetime,
        Reason::AccountDisabled,
        Reason::AccountDeleted,
        Reason::SignInBlocked,
        Reason::RefreshTokenRevoked,
        Reason::PolicyCheckFailed,
        Reason::Outage,
        Reason::SignedOut,
        Reason::TokenUserMismatch,
        Reason::StaySignedIn,
        Reason::ManualUrl,
        Reason::MixedVersions,
        Reason::NextSignIn,
        Reason::CustomTimeout,
        Reason::EntraPolicy,
        Reason::Legacy24h,
        Reason::ClientNotEnforcing,
        Reason::AlreadySignedIn,
        Reason::NoPolicyCheck,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Reason::SessionExpired => "session-expired",
            Reason::MaxSession24h => "max-session-24h",
            Reason::Inactivity => "inactivity",
            Reason::UserSignOut => "user-sign-out",
            Reason::TokenLifetime => "token-lifetime",
            Reason::AccountDisabled => "account-disabled",
            Reason::AccountDeleted => "account-deleted",
            Reason::SignInBlocked => "sign-in-blocked",
            Reason::RefreshTokenRevoked => "refresh-token-revoked",
            Reason::PolicyCheckFailed => "policy-check-failed",
            Reason::Outage => "outage",
            Reason::SignedOut => "signed-out",
            Reason::TokenUserMismatch => "token-user-mismatch",
            Reason::StaySignedIn => "stay-signed-in",
            Reason::ManualUrl => "manual-url",
            Reason::MixedVersions => "mixed-versions",
            Reason::NextSignIn => "next-sign-in",
            Reason::CustomTimeout => "custom-session-timeout",
            Reason::EntraPolicy => "entra-session-policy",
            Reason::Legacy24h => "legacy-24h-session",
            Reason::ClientNotEnforcing => "client",
            Reason::AlreadySignedIn => "already-signed-in",
            Reason::NoPolicyCheck => "no-policy-check",
        }
    }
}

/// One thing that happened to one user at one instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    pub at: Time,
    pub user: UserId,
    pub kind: OutKind,
    pub reason: Reason,
    pub rule: &'static str,
    /// When the session this outcome is about will end.
    pub ends_at: Option<Time>,
    /// What the message says beyond kind, reason and times.
    pub detail: Detail,
}

impl Outcome {
    /// A sign-out or reauthentication the user did not ask for: every one
    /// but the user's own sign-out.
    pub fn is_forced(&self) -> bool {
        match self.kind {
            OutKind::SignedOut => self.reason != Reason::UserSignOut,
            OutKind::ReauthRequired => true,
            _ => false,
        }
    }
}

/// The facts behind an outcome's message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    None,
    /// A session started: on which client, and what limits apply.
    Start {
        client: Client,
        stay_signed_in: bool,
        /// The custom session length, when it bounds the session.
        length_min: u32,
        /// The inactivity timeout in seconds, when enforced.
        inactivity: Option<i64>,
    },
    /// What the client does not enforce (S10).
    NotEnforced {
        client: Client,
        inactivity_only: bool,
    },
    /// A time the message refers to: the sign-in, the session's start.
    Since(Time),
    /// The custom session length in minutes.
    Length(u32),
    /// The inactivity timeout (seconds) and the last activity.
    Inactivity {
        after: i64,
        last: Time,
    },
    /// Signed out: when and why, if ever signed in.
    Ended(Option<(Time, Reason)>),
    /// The user a token belongs to (S12).
    Other(UserId),
    /// New settings, and those the open session keeps (S7).
    Settings {
        new: Settings,
        old: Settings,
    },
}

/// Reasons counted in the summary, in the order of SPEC §6.3.
pub const SIGNED_OUT: [Reason; 4] = [
    Reason::SessionExpired,
    Reason::MaxSession24h,
    Reason::Inactivity,
    Reason::UserSignOut,
];
pub const REAUTH: [Reason; 6] = [
    Reason::TokenLifetime,
    Reason::AccountDisabled,
    Reason::AccountDeleted,
    Reason::SignInBlocked,
    Reason::RefreshTokenRevoked,
    Reason::PolicyCheckFailed,
];
pub const DENIED: [Reason; 2] = [Reason::SignedOut, Reason::TokenUserMismatch];

/// Counts by reason, serialised as an object of the non-zero counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counts<const N: usize> {
    pub reasons: [u64; N],
}

impl<const N: usize> Default for Counts<N> {
    fn default() -> Self {
        Counts { reasons: [0; N] }
    }
}

impl<const N: usize> Counts<N> {
    pub fn total(&self) -> u64 {
        self.reasons.iter().sum()
    }

    pub fn add(&mut self, o: &Counts<N>) {
        for (a, b) in self.reasons.iter_mut().zip(o.reasons) {
            *a += b;
        }
    }
}

/// Counts paired with the reasons they count.
pub struct Tally<'a, const N: usize>(pub &'a Counts<N>, pub &'a [Reason; N]);

impl<const N: usize> Serialize for Tally<'_, N> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        for (r, n) in self.1.iter().zip(self.0.reasons) {
            if n > 0 {
                m.serialize_entry(r.as_str(), &n)?;
            }
        }
        m.end()
    }
}

/// The totals of a run (SPEC §6.3 `summary`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub users: u64,
    pub sign_ins: u64,
    pub signed_out: Counts<4>,
    pub reauth_required: Counts<6>,
    pub warnings: u64,
    pub access_denied: Counts<2>,
    /// Total time signed in, in seconds (reported in whole minutes).
    pub signed_in_secs: i64,
}

impl Summary {
    pub fn count(&mut self, o: &Outcome) {
        let bump = |reasons: &[Reason], counts: &mut [u64]| {
            if let Some(i) = reasons.iter().position(|r| *r == o.reason) {
                counts[i] += 1;
            }
        };
        match o.kind {
            OutKind::SessionStart => self.sign_ins += 1,
            OutKind::Warning => self.warnings += 1,
            OutKind::SignedOut => bump(&SIGNED_OUT, &mut self.signed_out.reasons),
            OutKind::ReauthRequired => bump(&REAUTH, &mut self.reauth_required.reasons),
            OutKind::AccessDenied => bump(&DENIED, &mut self.access_denied.reasons),
            _ => {}
        }
    }

    /// Add the totals of another run, of other users or of the same users
    /// later: every field is a sum.
    pub fn merge(&mut self, o: &Summary) {
        self.users += o.users;
        self.sign_ins += o.sign_ins;
        self.signed_out.add(&o.signed_out);
        self.reauth_required.add(&o.reauth_required);
        self.warnings += o.warnings;
        self.access_denied.add(&o.access_denied);
        self.signed_in_secs += o.signed_in_secs;
    }

    pub fn signed_in_min(&self) -> i64 {
        self.signed_in_secs / 60
    }
}

impl Serialize for Summary {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(7))?;
        m.serialize_entry("users", &self.users)?;
        m.serialize_entry("sign_ins", &self.sign_ins)?;
        m.serialize_entry("signed_out", &Tally(&self.signed_out, &SIGNED_OUT))?;
        m.serialize_entry("reauth_required", &Tally(&self.reauth_required, &REAUTH))?;
        m.serialize_entry("warnings", &self.warnings)?;
        m.serialize_entry("access_denied", &Tally(&self.access_denied, &DENIED))?;
        m.serialize_entry("signed_in_min", &self.signed_in_min())?;
        m.end()
    }
}
