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

/// A value in a sentence, written where its `{…}` stands; the values come
/// in the order of the placeholders, whose names are only for the reader.
#[derive(Clone, Copy)]
enum Arg<'a> {
    Text(&'a str),
    /// Text that starts the sentence, with its first letter capitalised.
    Capitalised(&'a str),
    /// A duration in seconds.
    Secs(i64),
    /// A duration in minutes.
    Mins(u32),
    /// A time, told against the time of the outcome.
    When(Time),
    Settings(&'a Settings),
}

/// Append `sentence` with each `{…}` replaced by the next of `args`.
#[inline]
fn write_sentence(out: &mut String, at: Time, sentence: &str, args: &[Arg<'_>]) {
    let mut rest = sentence;
    let mut args = args.iter();
    while let Some((before, after)) = rest.split_once('{') {
        out.push_str(before);
        let (_, tail) = after.split_once('}').unwrap_or(("", ""));
        rest = tail;
        let Some(arg) = args.next() else {
            debug_assert!(false, "more placeholders than values in {sentence:?}");
            continue;
        };
        match *arg {
            Arg::Text(s) => out.push_str(s),
            Arg::Capitalised(s) => capitalised(out, s),
            Arg::Secs(s) => push_duration(out, s),
            Arg::Mins(m) => push_mins(out, m),
            Arg::When(t) => push_when(out, t, at),
            Arg::Settings(s) => push_settings(out, s),
        }
    }
    debug_assert!(
        args.next().is_none(),
        "more values than placeholders in {sentence:?}"
    );
    out.push_str(rest);
}

/// Append the message of `o`: one sentence per (kind, reason, detail), so
/// that a sentence seen in the output can be found here by its words.
// Long by design: the table of every sentence, one arm each.
pub fn write(o: &Outcome, ctx: &Context<'_>, out: &mut String) {
    use Arg::{Capitalised, Mins, Secs, Text, When};
    let at = o.at;
    let ends = o.ends_at.unwrap_or(at);
    let version = Text(ctx.version.unwrap_or("current"));
    let lifetime = Secs(ctx.token_lifetime);
    let mut say = |sentence: &str, args: &[Arg<'_>]| write_sentence(out, at, sentence, args);
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
            let stay = if stay_signed_in {
                " (stay signed in)"
            } else {
                ""
            };
            say(
                "Signed in on {client}{stay}: ",
                &[Text(client.as_str()), Text(stay)],
            );
            match reason {
                Reason::CustomTimeout => say(
                    "the custom session timeout of {length} ends the session at {ends}",
                    &[Mins(length_min), When(ends)],
                ),
                Reason::Legacy24h => say(
                    "version {version} keeps the 24h maximum session, ending at {ends}",
                    &[version, When(ends)],
                ),
                _ => say(
                    "no application maximum; the token lifetime of {lifetime} ends the session at {ends}",
                    &[lifetime, When(ends)],
                ),
            }
            if let Some(after) = inactivity {
                say("; inactivity timeout {after}", &[Secs(after)]);
            }
        }
        (
            OutKind::NotEnforced,
            _,
            Detail::NotEnforced {
                inactivity_only: true,
                ..
            },
        ) => say(
            "A web resource without ClientGlobalContext.js.aspx does not enforce the inactivity timeout",
            &[],
        ),
        (OutKind::NotEnforced, _, Detail::NotEnforced { client, .. }) => say(
            "{Client} does not enforce the session and inactivity timeouts; the token lifetime and Entra policy still apply",
            &[Capitalised(client.described())],
        ),
        (OutKind::Note, Reason::AlreadySignedIn, Detail::Since(since)) => say(
            "Already signed in since {since}; the session goes on unchanged",
            &[When(since)],
        ),
        (OutKind::Note, Reason::NoPolicyCheck, _) => say(
            "Version {version} has no hourly policy check: the account change applies at the next sign-in",
            &[version],
        ),
        (OutKind::Warning, Reason::SessionExpired, Detail::Length(len)) => say(
            "Session ends in {left} (custom session timeout {length})",
            &[Secs(ends - at), Mins(len)],
        ),
        (OutKind::Warning, Reason::MaxSession24h, _) => say(
            "Session ends in {left} (24h maximum session)",
            &[Secs(ends - at)],
        ),
        (OutKind::Warning, Reason::Inactivity, Detail::Inactivity { after, .. }) => say(
            "Signed out in {left} unless there is activity (inactivity timeout {after})",
            &[Secs(ends - at), Secs(after)],
        ),
        (OutKind::SignedOut, Reason::SessionExpired, Detail::Length(len)) => say(
            "Signed out: the custom session timeout of {length} expired; sign in with credentials to return",
            &[Mins(len)],
        ),
        // S9: after a policy bypass the 24h maximum applies whatever the version.
        (OutKind::SignedOut, Reason::MaxSession24h, _) if o.rule == "S9" => say(
            "Signed out: the 24h maximum session applies after the policy bypass; sign in with credentials to return",
            &[],
        ),
        (OutKind::SignedOut, Reason::MaxSession24h, _) => say(
            "Signed out: version {version} keeps the 24h maximum session; sign in with credentials to return",
            &[version],
        ),
        (OutKind::SignedOut, Reason::Inactivity, Detail::Inactivity { after, last }) => say(
            "Signed out after {after} without activity (last activity {last})",
            &[Secs(after), When(last)],
        ),
        (OutKind::SignedOut, _, _) => say(
            "Signed out by the user; access needs a sign-in with credentials",
            &[],
        ),
        (OutKind::ReauthRequired, Reason::TokenLifetime, Detail::Since(start)) => say(
            "The token lifetime of {lifetime} since the sign-in at {start} ended: Entra ID asks for credentials again",
            &[lifetime, When(start)],
        ),
        (OutKind::ReauthRequired, Reason::PolicyCheckFailed, _) => say(
            "Entra ID is unavailable at the policy check and 'stay signed in' was not chosen: the claims expired",
            &[],
        ),
        (OutKind::ReauthRequired, Reason::AccountDeleted, _) => say(
            "The hourly policy check found the account deleted: the user must reauthenticate",
            &[],
        ),
        (OutKind::ReauthRequired, Reason::AccountDisabled, _) => say(
            "The hourly policy check found the account disabled: the user must reauthenticate",
            &[],
        ),
        (OutKind::ReauthRequired, Reason::SignInBlocked, _) => say(
            "The hourly policy check found the user blocked from signing in: the user must reauthenticate",
            &[],
        ),
        (OutKind::ReauthRequired, _, _) => say(
            "The hourly policy check found the refresh token revoked: the user must reauthenticate",
            &[],
        ),
        (OutKind::SignInRefused, Reason::AccountDeleted, _) => {
            say("Sign-in refused: the account is deleted", &[]);
        }
        (OutKind::SignInRefused, Reason::AccountDisabled, _) => {
            say("Sign-in refused: the account is disabled", &[]);
        }
        (OutKind::SignInRefused, Reason::SignInBlocked, _) => {
            say("Sign-in refused: the user is blocked from signing in", &[]);
        }
        (OutKind::SignInRefused, _, _) => {
            say("Sign-in refused: Entra ID is unavailable (outage)", &[]);
        }
        // S12: a token used by someone other than its user.
        (OutKind::AccessDenied, _, Detail::Other(other)) => say(
            "Access denied: the token belongs to {owner}, not to {user}; the session goes on",
            &[
                Text(ctx.names.get(other as usize).map_or("another user", |n| n)),
                Text(ctx.names.get(o.user as usize).map_or("the user", |n| n)),
            ],
        ),
        (OutKind::AccessDenied, _, Detail::Ended(Some((when, why)))) => say(
            "Access denied: signed out since {when} ({why}); sign in with credentials to continue",
            &[When(when), Text(why.as_str())],
        ),
        (OutKind::AccessDenied, _, _) => say(
            "Access denied: not signed in; sign in with credentials to continue",
            &[],
        ),
        (OutKind::AccessContinued, _, _) => say(
            "Entra ID is unavailable at the policy check; 'stay signed in' keeps the session going",
            &[],
        ),
        (OutKind::PolicyBypass, Reason::ManualUrl, Detail::Since(start)) => say(
            "The Entra session policy is bypassed by an environment opened by a manually keyed URL: the 24h maximum session applies from the sign-in at {start}, ending at {ends}",
            &[When(start), When(ends)],
        ),
        (OutKind::PolicyBypass, _, Detail::Since(start)) => say(
            "The Entra session policy is bypassed by an environment older than 9.1.0.3647 opened after a current one: the 24h maximum session applies from the sign-in at {start}, ending at {ends}",
            &[When(start), When(ends)],
        ),
        (OutKind::SettingsPending, _, Detail::Settings { new, old }) => say(
            "New settings ({new}) take effect at the next sign-in; this session keeps {old}",
            &[Arg::Settings(&new), Arg::Settings(&old)],
        ),
        (kind, reason, _) => say(
            "{kind} ({reason})",
            &[Text(kind.as_str()), Text(reason.as_str())],
        ),
    }
}
