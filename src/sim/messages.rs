//! The words of each outcome, written straight into an output buffer.
//!
//! Outcomes carry facts ([`Detail`]); this module turns them into the
//! sentence a person reads. Each sentence is written whole, with `{}` for
//! its holes, and `say!` appends it to a `String` piece by piece rather than
//! through `format!`, because a large run writes hundreds of thousands of
//! these.

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

/// Append a sentence whose `{}` holes are filled, in turn, by the values
/// after it: `say!(out, "Session ends in {}", Dur(left))`.
///
/// The sentence is cut at its holes when the program is compiled, so a
/// message costs what writing it piece by piece costs: one `push_str` per
/// fixed part and one call per hole, with no format machinery at run time.
/// A sentence whose holes and values differ in number does not compile.
macro_rules! say {
    ($out:expr, $sentence:literal $(, $value:expr)* $(,)?) => {{
        const PARTS: [&str; say!(@count $($value)*) + 1] = parts($sentence);
        let out: &mut String = $out;
        say!(@fill out, PARTS, 0; $($value),*);
    }};
    (@count) => { 0 };
    (@count $head:tt $($rest:tt)*) => { 1 + say!(@count $($rest)*) };
    (@fill $out:ident, $parts:ident, $i:expr; ) => {
        push_part($out, $parts[$i]);
    };
    (@fill $out:ident, $parts:ident, $i:expr; $value:expr $(, $rest:expr)*) => {
        push_part($out, $parts[$i]);
        Hole::fill($value, $out);
        say!(@fill $out, $parts, $i + 1; $($rest),*);
    };
}

/// The fixed parts of a sentence around its `N - 1` `{}` holes, worked
/// out by the compiler (`say!` calls it in a constant).
const fn parts<const N: usize>(sentence: &'static str) -> [&'static str; N] {
    let mut parts = [""; N];
    let mut rest = sentence;
    let mut n = 0;
    let mut i = 0;
    while i + 1 < rest.len() {
        if rest.as_bytes()[i] == b'{' && rest.as_bytes()[i + 1] == b'}' {
            assert!(n + 1 < N, "the sentence has more holes than values");
            let (part, tail) = rest.split_at(i);
            parts[n] = part;
            n += 1;
            rest = tail.split_at(2).1;
            i = 0;
        } else {
            i += 1;
        }
    }
    assert!(n + 1 == N, "the sentence has fewer holes than values");
    parts[n] = rest;
    parts
}

/// Append a fixed part of a sentence; one character is pushed as such,
/// which is cheaper than copying a string of one.
#[inline(always)]
fn push_part(out: &mut String, part: &str) {
    match part.as_bytes() {
        [] => {}
        &[b] => out.push(char::from(b)),
        _ => out.push_str(part),
    }
}

/// A value that fills a hole of a sentence.
trait Hole {
    fn fill(self, out: &mut String);
}

impl Hole for &str {
    #[inline(always)]
    fn fill(self, out: &mut String) {
        out.push_str(self);
    }
}

/// A part of a sentence that is there or not.
impl<H: Hole> Hole for Option<H> {
    #[inline(always)]
    fn fill(self, out: &mut String) {
        if let Some(h) = self {
            h.fill(out);
        }
    }
}

/// Two holes in one, as in words and their value.
impl<A: Hole, B: Hole> Hole for (A, B) {
    #[inline(always)]
    fn fill(self, out: &mut String) {
        self.0.fill(out);
        self.1.fill(out);
    }
}

/// A duration in seconds, in the canonical unit form.
struct Dur(i64);

impl Hole for Dur {
    #[inline]
    fn fill(self, out: &mut String) {
        push_duration(out, self.0);
    }
}

/// A duration in minutes, in the canonical unit form.
struct Mins(u32);

impl Hole for Mins {
    #[inline]
    fn fill(self, out: &mut String) {
        push_duration(out, i64::from(self.0) * MINUTE);
    }
}

/// A time, as of a moment: `15:40` on the same day, else RFC 3339.
struct When(Time, Time);

impl Hole for When {
    fn fill(self, out: &mut String) {
        let When(t, now) = self;
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
}

/// Settings in a few words (see [`push_settings`]).
struct InWords<'a>(&'a Settings);

impl Hole for InWords<'_> {
    fn fill(self, out: &mut String) {
        push_settings(out, self.0);
    }
}

/// Words with their first letter made upper case.
struct Capitalised<'a>(&'a str);

impl Hole for Capitalised<'_> {
    fn fill(self, out: &mut String) {
        let mut c = self.0.chars();
        if let Some(f) = c.next() {
            out.extend(f.to_uppercase());
            out.push_str(c.as_str());
        }
    }
}

/// Settings in a few words: "session timeout 8h, inactivity timeout 30m".
pub fn push_settings(out: &mut String, s: &Settings) {
    match (s.session_enabled, s.active_inactivity()) {
        (true, Some(a)) => say!(
            out,
            "session timeout {}, inactivity timeout {}",
            Mins(s.session_length_min),
            Mins(a)
        ),
        (true, None) => say!(
            out,
            "session timeout {}, no inactivity timeout",
            Mins(s.session_length_min)
        ),
        (false, Some(a)) => say!(
            out,
            "no custom session timeout, inactivity timeout {}",
            Mins(a)
        ),
        (false, None) => say!(out, "no custom session timeout, no inactivity timeout"),
    }
}

/// Append the message of `o`: one arm per outcome kind and reason, each
/// with its sentence whole.
// Long on purpose: a table of every sentence, one arm each, so that any
// words of a message find the whole of it here.
pub fn write(o: &Outcome, ctx: &Context<'_>, out: &mut String) {
    use Detail as D;
    use OutKind as K;
    use Reason as R;
    let at = o.at;
    let ends = o.ends_at.unwrap_or(at);
    let left = Dur(ends - at);
    let version = ctx.version.unwrap_or("current");
    let token = Dur(ctx.token_lifetime);
    match (o.kind, o.reason, o.detail) {
        (
            K::SessionStart,
            reason,
            D::Start {
                client,
                stay_signed_in,
                length_min,
                inactivity,
            },
        ) => {
            let client = client.as_str();
            let stay = stay_signed_in.then_some(" (stay signed in)");
            let inactivity = inactivity.map(|a| ("; inactivity timeout ", Dur(a)));
            match reason {
                R::CustomTimeout => say!(
                    out,
                    "Signed in on {}{}: the custom session timeout of {} ends the session at {}{}",
                    client,
                    stay,
                    Mins(length_min),
                    When(ends, at),
                    inactivity
                ),
                R::Legacy24h => say!(
                    out,
                    "Signed in on {}{}: version {} keeps the 24h maximum session, ending at {}{}",
                    client,
                    stay,
                    version,
                    When(ends, at),
                    inactivity
                ),
                _ => say!(
                    out,
                    "Signed in on {}{}: no application maximum; the token lifetime of {} ends the session at {}{}",
                    client,
                    stay,
                    token,
                    When(ends, at),
                    inactivity
                ),
            }
        }
        (
            K::NotEnforced,
            _,
            D::NotEnforced {
                inactivity_only: true,
                ..
            },
        ) => say!(
            out,
            "A web resource without ClientGlobalContext.js.aspx does not enforce the inactivity timeout"
        ),
        (K::NotEnforced, _, D::NotEnforced { client, .. }) => say!(
            out,
            "{} does not enforce the session and inactivity timeouts; the token lifetime and Entra policy still apply",
            Capitalised(client.described())
        ),
        (K::Note, R::AlreadySignedIn, D::Since(since)) => say!(
            out,
            "Already signed in since {}; the session goes on unchanged",
            When(since, at)
        ),
        (K::Note, R::NoPolicyCheck, _) => say!(
            out,
            "Version {} has no hourly policy check: the account change applies at the next sign-in",
            version
        ),
        (K::Warning, R::SessionExpired, D::Length(len)) => say!(
            out,
            "Session ends in {} (custom session timeout {})",
            left,
            Mins(len)
        ),
        (K::Warning, R::MaxSession24h, _) => {
            say!(out, "Session ends in {} (24h maximum session)", left)
        }
        (K::Warning, R::Inactivity, D::Inactivity { after, .. }) => say!(
            out,
            "Signed out in {} unless there is activity (inactivity timeout {})",
            left,
            Dur(after)
        ),
        (K::SignedOut, R::SessionExpired, D::Length(len)) => say!(
            out,
            "Signed out: the custom session timeout of {} expired; sign in with credentials to return",
            Mins(len)
        ),
        (K::SignedOut, R::MaxSession24h, _) if o.rule == "S9" => say!(
            out,
            "Signed out: the 24h maximum session applies after the policy bypass; sign in with credentials to return"
        ),
        (K::SignedOut, R::MaxSession24h, _) => say!(
            out,
            "Signed out: version {} keeps the 24h maximum session; sign in with credentials to return",
            version
        ),
        (K::SignedOut, R::Inactivity, D::Inactivity { after, last }) => say!(
            out,
            "Signed out after {} without activity (last activity {})",
            Dur(after),
            When(last, at)
        ),
        (K::SignedOut, _, _) => say!(
            out,
            "Signed out by the user; access needs a sign-in with credentials"
        ),
        (K::ReauthRequired, R::TokenLifetime, D::Since(start)) => say!(
            out,
            "The token lifetime of {} since the sign-in at {} ended: Entra ID asks for credentials again",
            token,
            When(start, at)
        ),
        (K::ReauthRequired, R::PolicyCheckFailed, _) => say!(
            out,
            "Entra ID is unavailable at the policy check and 'stay signed in' was not chosen: the claims expired"
        ),
        (K::ReauthRequired, R::AccountDeleted, _) => say!(
            out,
            "The hourly policy check found the account deleted: the user must reauthenticate"
        ),
        (K::ReauthRequired, R::AccountDisabled, _) => say!(
            out,
            "The hourly policy check found the account disabled: the user must reauthenticate"
        ),
        (K::ReauthRequired, R::SignInBlocked, _) => say!(
            out,
            "The hourly policy check found the user blocked from signing in: the user must reauthenticate"
        ),
        (K::ReauthRequired, _, _) => say!(
            out,
            "The hourly policy check found the refresh token revoked: the user must reauthenticate"
        ),
        (K::SignInRefused, R::AccountDeleted, _) => {
            say!(out, "Sign-in refused: the account is deleted")
        }
        (K::SignInRefused, R::AccountDisabled, _) => {
            say!(out, "Sign-in refused: the account is disabled")
        }
        (K::SignInRefused, R::SignInBlocked, _) => {
            say!(out, "Sign-in refused: the user is blocked from signing in")
        }
        (K::SignInRefused, _, _) => say!(out, "Sign-in refused: Entra ID is unavailable (outage)"),
        (K::AccessDenied, _, D::Other(other)) => {
            let owner = ctx.names.get(other as usize).map_or("another user", |n| n);
            let user = ctx.names.get(o.user as usize).map_or("the user", |n| n);
            say!(
                out,
                "Access denied: the token belongs to {}, not to {}; the session goes on",
                owner,
                user
            );
        }
        (K::AccessDenied, _, D::Ended(Some((when, why)))) => say!(
            out,
            "Access denied: signed out since {} ({}); sign in with credentials to continue",
            When(when, at),
            why.as_str()
        ),
        (K::AccessDenied, _, _) => say!(
            out,
            "Access denied: not signed in; sign in with credentials to continue"
        ),
        (K::AccessContinued, _, _) => say!(
            out,
            "Entra ID is unavailable at the policy check; 'stay signed in' keeps the session going"
        ),
        (K::PolicyBypass, R::ManualUrl, D::Since(start)) => say!(
            out,
            "The Entra session policy is bypassed by an environment opened by a manually keyed URL: the 24h maximum session applies from the sign-in at {}, ending at {}",
            When(start, at),
            When(ends, at)
        ),
        (K::PolicyBypass, _, D::Since(start)) => say!(
            out,
            "The Entra session policy is bypassed by an environment older than 9.1.0.3647 opened after a current one: the 24h maximum session applies from the sign-in at {}, ending at {}",
            When(start, at),
            When(ends, at)
        ),
        (K::SettingsPending, _, D::Settings { new, old }) => say!(
            out,
            "New settings ({}) take effect at the next sign-in; this session keeps {}",
            InWords(&new),
            InWords(&old)
        ),
        (kind, reason, _) => say!(out, "{} ({})", kind.as_str(), reason.as_str()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_is_cut_at_its_holes() {
        assert_eq!(parts::<1>("no holes"), ["no holes"]);
        assert_eq!(parts::<1>("a { lone } brace"), ["a { lone } brace"]);
        assert_eq!(parts::<3>("{} and {}"), ["", " and ", ""]);
        let mut out = String::new();
        say!(
            &mut out,
            "{} ends in {}{}.",
            "Session",
            Dur(90 * MINUTE),
            None::<&str>
        );
        assert_eq!(out, "Session ends in 1h30m.");
    }
}
