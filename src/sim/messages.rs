//! The words of each outcome, written straight into an output buffer.
//!
//! Outcomes carry facts ([`Detail`]); this module turns them into the
//! sentence a person reads. It appends to a `String` piece by piece rather
//! than through `format!`, because a large run writes hundreds of thousands
//! of these.

use super::event::UserId;
use super::outcome::{Detail, OutKind, Outcome, Reason};
use super::time::{DAY, MINUTE, Time, push_rfc3339};
use crate::duration::push_seconds;
use crate::model::Settings;

/// What messages need besides the outcome itself.
pub struct Context<'a> {
    pub names: &'a [Box<str>],
    /// The main environment's version, if known.
    pub version: Option<&'a str>,
    /// The token lifetime in seconds (S1).
    pub token_lifetime: i64,
}

/// One outcome as the engine releases it, with what is needed to tell it.
pub struct Report<'a> {
    pub outcome: &'a Outcome,
    pub user: &'a str,
    pub context: &'a Context<'a>,
}

impl Report<'_> {
    pub fn user_id(&self) -> UserId {
        self.outcome.user
    }

    /// Append the message to `out`.
    pub fn write_message(&self, out: &mut String) {
        write(self.outcome, self.context, out);
    }

    pub fn message(&self) -> String {
        let mut s = String::with_capacity(96);
        self.write_message(&mut s);
        s
    }
}

/// Append a duration in the canonical unit form (`8h`, `1h30m`, `90d`,
/// `20s`) without allocating; a negative one is written as zero.
pub fn push_duration(out: &mut String, secs: i64) {
    push_seconds(out, u64::try_from(secs).unwrap_or(0));
}

fn push_mins(out: &mut String, m: u32) {
    push_duration(out, i64::from(m) * MINUTE);
}

/// A time in a message: `15:40` on the day of `now`, else RFC 3339.
fn push_when(out: &mut String, t: Time, now: Time) {
    if t.div_euclid(DAY) != now.div_euclid(DAY) {
        push_rfc3339(out, t);
        return;
    }
    let s = t.rem_euclid(DAY);
    let two = |out: &mut String, v: i64| {
        out.push(char::from(b'0' + (v / 10) as u8));
        out.push(char::from(b'0' + (v % 10) as u8));
    };
    two(out, s / 3600);
    out.push(':');
    two(out, s / 60 % 60);
    if s % 60 != 0 {
        out.push(':');
        two(out, s % 60);
    }
}

fn push_version(out: &mut String, ctx: &Context<'_>) {
    out.push_str(ctx.version.unwrap_or("current"));
}

/// Settings in a few words: "session timeout 8h, inactivity timeout 30m".
pub fn push_settings(out: &mut String, s: &Settings) {
    if s.session_enabled {
        out.push_str("session timeout ");
        push_mins(out, s.session_length_min);
    } else {
        out.push_str("no custom session timeout");
    }
    match s.active_inactivity() {
        Some(a) => {
            out.push_str(", inactivity timeout ");
            push_mins(out, a);
        }
        None => out.push_str(", no inactivity timeout"),
    }
}

fn capitalised(out: &mut String, s: &str) {
    let mut c = s.chars();
    if let Some(f) = c.next() {
        out.extend(f.to_uppercase());
        out.push_str(c.as_str());
    }
}

/// Append the message of `o`.
// Long on purpose: one match of every outcome's sentence, written straight
// into `out` a piece at a time, because it runs once per outcome on the hot
// path (a sentence table with placeholders cost 17 % more instructions).
pub fn write(o: &Outcome, ctx: &Context<'_>, out: &mut String) {
    let at = o.at;
    let ends = o.ends_at.unwrap_or(at);
    match (o.kind, o.reason, o.detail) {
        (
            OutKind::SessionStart,
            reason,
            Detail::Start {
                client,
                stay_signed_in,
                length_min,
                inactivity,
            },
        ) => {
            out.push_str("Signed in on ");
            out.push_str(client.as_str());
            if stay_signed_in {
                out.push_str(" (stay signed in)");
            }
            out.push_str(": ");
            match reason {
                Reason::CustomTimeout => {
                    out.push_str("the custom session timeout of ");
                    push_mins(out, length_min);
                    out.push_str(" ends the session at ");
                }
                Reason::Legacy24h => {
                    out.push_str("version ");
                    push_version(out, ctx);
                    out.push_str(" keeps the 24h maximum session, ending at ");
                }
                _ => {
                    out.push_str("no application maximum; the token lifetime of ");
                    push_duration(out, ctx.token_lifetime);
                    out.push_str(" ends the session at ");
                }
            }
            push_when(out, ends, at);
            if let Some(a) = inactivity {
                out.push_str("; inactivity timeout ");
                push_duration(out, a);
            }
        }
        (OutKind::NotEnforced, _, Detail::NotEnforced { inactivity_only: true, .. }) => {
            out.push_str(
                "A web resource without ClientGlobalContext.js.aspx does not enforce the inactivity timeout",
            );
        }
        (OutKind::NotEnforced, _, Detail::NotEnforced { client, .. }) => {
            capitalised(out, client.described());
            out.push_str(
                " does not enforce the session and inactivity timeouts; the token lifetime and Entra policy still apply",
            );
        }
        (OutKind::Note, Reason::AlreadySignedIn, Detail::Since(since)) => {
            out.push_str("Already signed in since ");
            push_when(out, since, at);
            out.push_str("; the session goes on unchanged");
        }
        (OutKind::Note, Reason::NoPolicyCheck, _) => {
            out.push_str("Version ");
            push_version(out, ctx);
            out.push_str(
                " has no hourly policy check: the account change applies at the next sign-in",
            );
        }
        (OutKind::Warning, Reason::SessionExpired, Detail::Length(len)) => {
            out.push_str("Session ends in ");
            push_duration(out, ends - at);
            out.push_str(" (custom session timeout ");
            push_mins(out, len);
            out.push(')');
        }
        (OutKind::Warning, Reason::MaxSession24h, _) => {
            out.push_str("Session ends in ");
            push_duration(out, ends - at);
            out.push_str(" (24h maximum session)");
        }
        (OutKind::Warning, Reason::Inactivity, Detail::Inactivity { after, .. }) => {
            out.push_str("Signed out in ");
            push_duration(out, ends - at);
            out.push_str(" unless there is activity (inactivity timeout ");
            push_duration(out, after);
            out.push(')');
        }
        (OutKind::SignedOut, Reason::SessionExpired, Detail::Length(len)) => {
            out.push_str("Signed out: the custom session timeout of ");
            push_mins(out, len);
            out.push_str(" expired; sign in with credentials to return");
        }
        (OutKind::SignedOut, Reason::MaxSession24h, _) => {
            if o.rule == "S9" {
                out.push_str("Signed out: the 24h maximum session applies after the policy bypass");
            } else {
                out.push_str("Signed out: version ");
                push_version(out, ctx);
                out.push_str(" keeps the 24h maximum session");
            }
            out.push_str("; sign in with credentials to return");
        }
        (OutKind::SignedOut, Reason::Inactivity, Detail::Inactivity { after, last }) => {
            out.push_str("Signed out after ");
            push_duration(out, after);
            out.push_str(" without activity (last activity ");
            push_when(out, last, at);
            out.push(')');
        }
        (OutKind::SignedOut, _, _) => {
            out.push_str("Signed out by the user; access needs a sign-in with credentials");
        }
        (OutKind::ReauthRequired, Reason::TokenLifetime, Detail::Since(start)) => {
            out.push_str("The token lifetime of ");
            push_duration(out, ctx.token_lifetime);
            out.push_str(" since the sign-in at ");
            push_when(out, start, at);
            out.push_str(" ended: Entra ID asks for credentials again");
        }
        (OutKind::ReauthRequired, Reason::PolicyCheckFailed, _) => out.push_str(
            "Entra ID is unavailable at the policy check and 'stay signed in' was not chosen: the claims expired",
        ),
        (OutKind::ReauthRequired, reason, _) => {
            out.push_str("The hourly policy check found ");
            out.push_str(match reason {
                Reason::AccountDeleted => "the account deleted",
                Reason::AccountDisabled => "the account disabled",
                Reason::SignInBlocked => "the user blocked from signing in",
                _ => "the refresh token revoked",
            });
            out.push_str(": the user must reauthenticate");
        }
        (OutKind::SignInRefused, reason, _) => {
            out.push_str("Sign-in refused: ");
            out.push_str(match reason {
                Reason::AccountDeleted => "the account is deleted",
                Reason::AccountDisabled => "the account is disabled",
                Reason::SignInBlocked => "the user is blocked from signing in",
                _ => "Entra ID is unavailable (outage)",
            });
        }
        (OutKind::AccessDenied, _, Detail::Other(other)) => {
            out.push_str("Access denied: the token belongs to ");
            out.push_str(ctx.names.get(other as usize).map_or("another user", |n| n));
            out.push_str(", not to ");
            out.push_str(ctx.names.get(o.user as usize).map_or("the user", |n| n));
            out.push_str("; the session goes on");
        }
        (OutKind::AccessDenied, _, Detail::Ended(Some((when, why)))) => {
            out.push_str("Access denied: signed out since ");
            push_when(out, when, at);
            out.push_str(" (");
            out.push_str(why.as_str());
            out.push_str("); sign in with credentials to continue");
        }
        (OutKind::AccessDenied, _, _) => {
            out.push_str("Access denied: not signed in; sign in with credentials to continue");
        }
        (OutKind::AccessContinued, _, _) => out.push_str(
            "Entra ID is unavailable at the policy check; 'stay signed in' keeps the session going",
        ),
        (OutKind::PolicyBypass, reason, Detail::Since(start)) => {
            out.push_str("The Entra session policy is bypassed by ");
            out.push_str(if reason == Reason::ManualUrl {
                "an environment opened by a manually keyed URL"
            } else {
                "an environment older than 9.1.0.3647 opened after a current one"
            });
            out.push_str(": the 24h maximum session applies from the sign-in at ");
            push_when(out, start, at);
            out.push_str(", ending at ");
            push_when(out, ends, at);
        }
        (OutKind::SettingsPending, _, Detail::Settings { new, old }) => {
            out.push_str("New settings (");
            push_settings(out, &new);
            out.push_str(") take effect at the next sign-in; this session keeps ");
            push_settings(out, &old);
        }
        (kind, reason, _) => {
            out.push_str(kind.as_str());
            out.push_str(" (");
            out.push_str(reason.as_str());
            out.push(')');
        }
    }
}
