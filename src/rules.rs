//! The rules: validation V1–V9 as pure functions, and the table of every
//! rule (V and S) with its statement and the page and sentence it comes
//! from.
//!
//! Nothing here does I/O. Every value that enters sessadm (flags, prompts,
//! files, Dataverse responses) is checked by these functions, and the schema
//! mirrors them with CHECK constraints.

use serde::Serialize;

use crate::duration::format_min;
use crate::error::{Code, Violation};
use crate::model::{Settings, Version};
use crate::text::{codepoint, cut, find_forbidden, shown};

pub const SESSION_MIN: u32 = 60;
pub const SESSION_MAX: u32 = 1440;
pub const INACTIVITY_MIN: u32 = 5;
pub const TOKEN_LIFETIME_MIN: u32 = 60;
pub const TOKEN_LIFETIME_MAX: u32 = 365 * 1440;
pub const NAME_MAX: usize = 100;
pub const DESCRIPTION_MAX: usize = 500;

/// V1: 60 ≤ session length ≤ 1440.
pub fn check_session_length(length: u32) -> Option<Violation> {
    (!(SESSION_MIN..=SESSION_MAX).contains(&length)).then(|| {
        Violation::new(
            Code::V1,
            format!(
                "session length {} is outside {}–{}",
                format_min(length),
                format_min(SESSION_MIN),
                format_min(SESSION_MAX)
            ),
        )
        .value(format_min(length))
        .allowed(format!(
            "{}–{}",
            format_min(SESSION_MIN),
            format_min(SESSION_MAX)
        ))
    })
}

/// V2 (sessadm): 0 ≤ session warning < session length; 0 = no warning.
pub fn check_session_warning(warning: u32, length: u32) -> Option<Violation> {
    (warning >= length).then(|| {
        Violation::new(
            Code::V2,
            format!(
                "session warning {} must be shorter than the session length {}",
                format_min(warning),
                format_min(length)
            ),
        )
        .value(format_min(warning))
        .allowed(format!(
            "0m (no warning) up to less than {}",
            format_min(length)
        ))
    })
}

/// V3: inactivity ≥ 5 minutes.
pub fn check_inactivity_min(after: u32) -> Option<Violation> {
    (after < INACTIVITY_MIN).then(|| {
        Violation::new(
            Code::V3,
            format!(
                "inactivity timeout {} is below the minimum {}",
                format_min(after),
                format_min(INACTIVITY_MIN)
            ),
        )
        .value(format_min(after))
        .allowed(format!("at least {}", format_min(INACTIVITY_MIN)))
    })
}

/// V4: inactivity < the session length when the custom session timeout is
/// on, otherwise < 1440 minutes. Applies only while inactivity is on.
pub fn check_inactivity_limit(after: u32, session_enabled: bool, length: u32) -> Option<Violation> {
    let limit = if session_enabled { length } else { SESSION_MAX };
    (after >= limit).then(|| {
        let message = if session_enabled {
            format!(
                "inactivity timeout {} must be shorter than the session length {}",
                format_min(after),
                format_min(length)
            )
        } else {
            format!(
                "inactivity timeout {} must be shorter than {} (the custom session timeout is off)",
                format_min(after),
                format_min(SESSION_MAX)
            )
        };
        Violation::new(Code::V4, message)
            .value(format_min(after))
            .allowed(format!(
                "{}–{} exclusive",
                format_min(INACTIVITY_MIN),
                format_min(limit)
            ))
            .hint(if session_enabled {
                "shorten the inactivity timeout or lengthen the session"
            } else {
                "shorten the inactivity timeout"
            })
    })
}

/// V5 (sessadm): 0 ≤ inactivity warning < inactivity.
pub fn check_inactivity_warning(warning: u32, after: u32) -> Option<Violation> {
    (warning >= after).then(|| {
        Violation::new(
            Code::V5,
            format!(
                "inactivity warning {} must be shorter than the inactivity timeout {}",
                format_min(warning),
                format_min(after)
            ),
        )
        .value(format_min(warning))
        .allowed(format!(
            "0m (no warning) up to less than {}",
            format_min(after)
        ))
    })
}

/// Which setting a settings violation is about; lets callers point at the
/// flag or file key that holds the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettingField {
    SessionLength,
    SessionWarning,
    Inactivity,
    InactivityWarning,
}

/// V1–V5 over a whole set of settings, every violation, each with the field
/// it concerns. Values of a timeout that is off are still checked (they are
/// what turning it back on enforces), except V4, which applies only while
/// inactivity is on.
pub fn check_settings_fields(s: &Settings) -> Vec<(SettingField, Violation)> {
    let mut out = Vec::new();
    let length_ok = check_session_length(s.session_length_min);
    if let Some(v) = length_ok {
        out.push((SettingField::SessionLength, v));
    }
    if let Some(v) = check_session_warning(s.session_warning_min, s.session_length_min) {
        out.push((SettingField::SessionWarning, v));
    }
    match s.inactivity_min {
        Some(after) => {
            if let Some(v) = check_inactivity_min(after) {
                out.push((SettingField::Inactivity, v));
            }
            if s.inactivity_enabled
                && let Some(v) =
                    check_inactivity_limit(after, s.session_enabled, s.session_length_min)
            {
                out.push((SettingField::Inactivity, v));
            }
            if let Some(v) = check_inactivity_warning(s.inactivity_warning_min, after) {
                out.push((SettingField::InactivityWarning, v));
            }
        }
        None if s.inactivity_enabled => out.push((
            SettingField::Inactivity,
            Violation::new(Code::V3, "inactivity timeout is on but has no value")
                .allowed(format!("at least {}", format_min(INACTIVITY_MIN))),
        )),
        None => {
            if s.inactivity_warning_min > 0 {
                out.push((
                    SettingField::InactivityWarning,
                    Violation::new(
                        Code::V5,
                        format!(
                            "inactivity warning {} is set without an inactivity timeout",
                            format_min(s.inactivity_warning_min)
                        ),
                    )
                    .value(format_min(s.inactivity_warning_min))
                    .allowed("0m without an inactivity timeout"),
                ));
            }
        }
    }
    out
}

/// V1–V5 over a whole set of settings.
pub fn check_settings(s: &Settings) -> Vec<Violation> {
    check_settings_fields(s)
        .into_iter()
        .map(|(_, v)| v)
        .collect()
}

/// What SPEC §2 allows in a text field, for the `allowed` of a violation.
const NO_CONTROLS: &str = "no control characters (C0/C1 controls, bidi overrides and isolates, zero-width characters, U+FEFF)";

/// SPEC §2 "Control characters": the first character of `value` that a
/// text field may not hold, as a violation of `code` naming the field
/// (`what`), the code point and where it is. `allow_tab` for descriptions.
pub fn check_characters(code: Code, what: &str, value: &str, allow_tab: bool) -> Option<Violation> {
    let (at, c) = find_forbidden(value, allow_tab)?;
    Some(
        Violation::new(
            code,
            format!(
                "{what} {} contains {} ({}) at character {}",
                shown(value),
                codepoint(c),
                crate::text::kind(c),
                at + 1
            ),
        )
        .value(cut(value))
        .allowed(if allow_tab {
            format!("{NO_CONTROLS}; tabs are allowed")
        } else {
            NO_CONTROLS.to_string()
        }),
    )
}

/// V6, the form of a name (uniqueness needs the store).
pub fn check_name(name: &str) -> Option<Violation> {
    let allowed =
        format!("1–{NAME_MAX} characters, no control characters, no leading or trailing space");
    let count = name.chars().count();
    let problem = if count == 0 {
        "is empty".to_string()
    } else if count > NAME_MAX {
        format!("is {count} characters long")
    } else if let Some(v) = check_characters(Code::V6, "environment name", name, false) {
        return Some(v.allowed(allowed));
    } else if name.starts_with(char::is_whitespace) || name.ends_with(char::is_whitespace) {
        "has leading or trailing space".to_string()
    } else {
        return None;
    };
    Some(
        Violation::new(
            Code::V6,
            format!("environment name {} {problem}", shown(name)),
        )
        .value(cut(name))
        .allowed(allowed),
    )
}

/// V6: the name is taken (names compare case-insensitively).
pub fn duplicate_name(name: &str, existing: &str) -> Violation {
    let same = if name == existing {
        String::new()
    } else {
        format!(" as {}", shown(existing))
    };
    Violation::new(
        Code::V6,
        format!(
            "an environment named {} already exists{same} (names are compared case-insensitively)",
            shown(name)
        ),
    )
    .value(cut(name))
    .allowed("a name no other environment has, ignoring case")
}

/// The key names are unique on: case-insensitive, Unicode-aware.
pub fn name_key(name: &str) -> String {
    name.to_lowercase()
}

/// V7: an `https://` URL with a host, or `http://` when the host is
/// loopback (`127.0.0.0/8`, `[::1]`, `localhost`: emulators and tests; a
/// bearer token never crosses a network in clear). The rest is taken as
/// given: sessadm stores the URL verbatim and quotes it wherever it is
/// written out.
pub fn check_url(url: &str) -> Option<Violation> {
    const ALLOWED: &str = "an https:// URL, e.g. https://contoso.crm.dynamics.com (http:// only for 127.0.0.1, [::1] or localhost)";
    let bad = |why: &str| {
        Some(
            Violation::new(Code::V7, format!("url {} {why}", shown(url)))
                .value(cut(url))
                .allowed(ALLOWED),
        )
    };
    if let Some(v) = check_characters(Code::V7, "url", url, false) {
        return Some(v.allowed("an https:// URL without control characters"));
    }
    let Some((secure, _)) = url_scheme(url) else {
        return bad("is not an https:// URL");
    };
    if url.chars().count() > 2048 {
        return bad("is longer than 2048 characters");
    }
    let host = match url_host(url) {
        Ok(h) => h,
        Err(why) => return bad(why),
    };
    if !secure && !is_loopback_host(host) {
        return bad("is not an https:// URL (http:// is only for a loopback host)");
    }
    None
}

/// Whether a URL starts `https://` (true) or `http://` (false), and what
/// follows the scheme; `None` for anything else.
pub fn url_scheme(url: &str) -> Option<(bool, &str)> {
    if url
        .get(..8)
        .is_some_and(|p| p.eq_ignore_ascii_case("https://"))
    {
        Some((true, &url[8..]))
    } else if url
        .get(..7)
        .is_some_and(|p| p.eq_ignore_ascii_case("http://"))
    {
        Some((false, &url[7..]))
    } else {
        None
    }
}

/// The host of an http(s) URL, brackets kept for IPv6 (`[::1]`), or why
/// there is none.
pub fn url_host(url: &str) -> Result<&str, &'static str> {
    let rest = url_scheme(url)
        .map(|(_, r)| r)
        .ok_or("is not an https:// URL")?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit('@').next().unwrap_or("");
    let (host, port) = if host_port.starts_with('[') {
        match host_port.find(']') {
            Some(end) => (&host_port[..=end], host_port[end + 1..].strip_prefix(':')),
            None => return Err("has an IPv6 host without its closing ]"),
        }
    } else {
        match host_port.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (host_port, None),
        }
    };
    if let Some(p) = port
        && !p.bytes().all(|b| b.is_ascii_digit())
    {
        return Err("has a port that is not a number");
    }
    if host.is_empty() || host == "[]" {
        return Err("has no host");
    }
    let forbidden = |c: char| c.is_whitespace() || "<>^|%\\\"'`{}".contains(c);
    if host.chars().any(forbidden) {
        return Err("has a host with characters a host cannot have");
    }
    Ok(host)
}

/// Loopback: `localhost`, `127.0.0.0/8`, `[::1]` (as a URL writes them).
pub fn is_loopback_host(host: &str) -> bool {
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    if let Some(v6) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        return v6
            .parse::<std::net::Ipv6Addr>()
            .is_ok_and(|a| a.is_loopback());
    }
    host.parse::<std::net::Ipv4Addr>()
        .is_ok_and(|a| a.is_loopback())
}

/// V8: 1–4 dot-separated decimal numbers.
pub fn check_version(version: &str) -> Option<Violation> {
    Version::parse(version).is_none().then(|| {
        Violation::new(
            Code::V8,
            format!(
                "version {} is not 1–4 dot-separated numbers",
                shown(version)
            ),
        )
        .value(cut(version))
        .allowed("1–4 dot-separated decimal numbers, e.g. 9.2.24034.205")
    })
}

/// Description: free text of at most 500 characters, tabs but no other
/// control characters.
pub fn check_description(text: &str) -> Option<Violation> {
    let count = text.chars().count();
    if count <= DESCRIPTION_MAX {
        return check_characters(Code::Syntax, "description", text, true);
    }
    Some(
        Violation::new(
            Code::Syntax,
            format!("description is {count} characters long"),
        )
        .value(format!("{count} characters"))
        .allowed(format!("at most {DESCRIPTION_MAX} characters")),
    )
}

/// V9 (sessadm): 1 hour ≤ token lifetime ≤ 365 days.
pub fn check_token_lifetime(min: u32) -> Option<Violation> {
    (!(TOKEN_LIFETIME_MIN..=TOKEN_LIFETIME_MAX).contains(&min)).then(|| {
        Violation::new(
            Code::V9,
            format!(
                "token lifetime {} is outside {}–{}",
                format_min(min),
                format_min(TOKEN_LIFETIME_MIN),
                format_min(TOKEN_LIFETIME_MAX)
            ),
        )
        .value(format_min(min))
        .allowed(format!(
            "{}–{}",
            format_min(TOKEN_LIFETIME_MIN),
            format_min(TOKEN_LIFETIME_MAX)
        ))
    })
}

/// Metadata of one environment, every violation (V6 form, V7, V8, length of
/// the description).
pub fn check_metadata(
    name: &str,
    url: Option<&str>,
    version: Option<&str>,
    description: Option<&str>,
) -> Vec<Violation> {
    [
        check_name(name),
        url.and_then(check_url),
        version.and_then(check_version),
        description.and_then(check_description),
    ]
    .into_iter()
    .flatten()
    .collect()
}

// ---------------------------------------------------------------------------
// The rule table shown by `sessadm rules`.

/// A page a rule quotes: what a reader needs to find it again. The seed
/// file holding its text is kept for the verbatim test, and never shown.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Page {
    /// The title as the page states it.
    pub title: &'static str,
    /// The product and version the page is about.
    pub covers: &'static str,
    /// The public address, only where the page itself gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<&'static str>,
    /// The file in `seeds/` with the page's text, if it is one of them.
    #[serde(skip)]
    pub seed: Option<&'static str>,
}

/// Where a rule comes from: a page and a sentence of it, verbatim.
/// Several sentences of one page are joined by " … ".
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Source {
    pub page: &'static Page,
    pub quote: &'static str,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct Rule {
    pub id: &'static str,
    pub statement: &'static str,
    /// The product documentation the rule comes from, or that it builds on.
    pub source: Option<Source>,
    /// Further sources, e.g. Microsoft's answer where the documentation is
    /// silent; empty for most rules.
    pub other_sources: &'static [Source],
    /// What of the rule is sessadm's own choice where the documentation is
    /// silent.
    pub own_choice: Option<&'static str>,
}

// The pages the rules cite. Neither seed page states its own address, so
// neither has a URL here: an address is recorded only where the page gives
// it, never guessed.

/// The current English page, for the Power Platform admin center
/// (seeds/000_…).
pub const PAGE_CURRENT: Page = Page {
    title: "Security enhancements: User session and access management",
    covers: "Power Platform admin center",
    url: None,
    seed: Some("000_2ad3f3f94094f6e6.txt"),
};

/// The same page for Dynamics 365 (online), version 9.x, with the 24-hour
/// default of v9.0 (seeds/001_…).
pub const PAGE_V9: Page = Page {
    title: "Security enhancements: User session and access management",
    covers: "Dynamics 365 (online), version 9.x",
    url: None,
    seed: Some("001_92c75c8e30379901.txt"),
};

/// Microsoft's answer on the Power Platform documentation's issue tracker:
/// the App for Outlook, which the pages do not name, is a model-driven app.
pub const PAGE_OUTLOOK_APP: Page = Page {
    title: "Dynamics 365 App for Outlook",
    covers: "MicrosoftDocs/power-platform issue #160, Microsoft's answer of 2020-08-27",
    url: Some("https://github.com/MicrosoftDocs/power-platform/issues/160"),
    seed: None,
};

const fn src(page: &'static Page, quote: &'static str) -> Option<Source> {
    Some(Source { page, quote })
}

pub const RULES: &[Rule] = &[
    Rule {
        id: "V1",
        statement: "A custom session length is 60 to 1440 minutes (1h–24h).",
        source: src(
            &PAGE_CURRENT,
            "Maximum Session Length: 1440 minutes … Minimum Session Length: 60 minutes",
        ),
        other_sources: &[],
        own_choice: None,
    },
    Rule {
        id: "V2",
        statement: "The session timeout warning comes 0 minutes (no warning) up to less than the session length before it ends.",
        source: src(
            &PAGE_CURRENT,
            "How long before session expires before showing timeout warning: 20 minutes",
        ),
        other_sources: &[],
        own_choice: Some(
            "the documentation gives only the default of 20 minutes; the bounds are sessadm's",
        ),
    },
    Rule {
        id: "V3",
        statement: "An inactivity timeout is at least 5 minutes.",
        source: src(&PAGE_CURRENT, "Minimum Duration of Inactivity: 5 minutes"),
        other_sources: &[],
        own_choice: None,
    },
    Rule {
        id: "V4",
        statement: "An inactivity timeout that is on is shorter than the session length when the custom session timeout is on, otherwise shorter than 1440 minutes.",
        source: src(
            &PAGE_CURRENT,
            "Maximum Duration of Inactivity: less than Maximum Session length or 1440 minutes",
        ),
        other_sources: &[],
        own_choice: None,
    },
    Rule {
        id: "V5",
        statement: "The inactivity warning comes 0 minutes (no warning) up to less than the inactivity timeout before it ends.",
        source: None,
        other_sources: &[],
        own_choice: Some(
            "the documentation does not mention an inactivity warning; sessadm models one with these bounds",
        ),
    },
    Rule {
        id: "V6",
        statement: "An environment name is 1–100 characters, without control characters or leading/trailing space, and unique ignoring case.",
        source: None,
        other_sources: &[],
        own_choice: Some("the documentation says nothing about names"),
    },
    Rule {
        id: "V7",
        statement: "An environment URL, when given, is an https:// URL with a host; http:// only for a loopback host (127.0.0.0/8, [::1], localhost), so that a bearer token never crosses a network in clear.",
        source: None,
        other_sources: &[],
        own_choice: Some("the documentation says nothing about URLs"),
    },
    Rule {
        id: "V8",
        statement: "An environment version, when given, is 1–4 dot-separated decimal numbers, compared part by part with missing parts as 0; absent means current (9.1.0.3647 or later).",
        source: src(
            &PAGE_CURRENT,
            "In the same browser session, open a version 9.1.0.3647 or higher environment and then open a version earlier 9.1.0.3647.",
        ),
        other_sources: &[],
        own_choice: Some("the form of a version and its comparison are sessadm's"),
    },
    Rule {
        id: "V9",
        statement: "The token lifetime is 1 hour to 365 days (default 90 days).",
        source: src(
            &PAGE_CURRENT,
            "The default Microsoft Entra refresh token expiration is 90 days. This token lifetime properties can be configured.",
        ),
        other_sources: &[],
        own_choice: Some(
            "the bounds are sessadm's, modelled like a Conditional Access sign-in frequency",
        ),
    },
    Rule {
        id: "S1",
        statement: "Current environments without a custom session timeout honour the Entra session policy: no application maximum. Every session ends at sign-in + token lifetime (reauth-required, token-lifetime).",
        source: src(
            &PAGE_CURRENT,
            "The maximum user session timeout of 24 hours is removed. … Users continue to access the customer engagement apps/Microsoft Dataverse data without the needs to reauthenticate until the Microsoft Entra token lifetime policy expires.",
        ),
        other_sources: &[],
        own_choice: Some(
            "the token lifetime applies in every mode, on every environment and client",
        ),
    },
    Rule {
        id: "S2",
        statement: "On current environments a new token is fetched silently every 60 minutes: policy checks at sign-in + k·60 min, k ≥ 1, bypassed or not.",
        source: src(
            &PAGE_CURRENT,
            "Every hour a new Microsoft Entra ID Token is fetched silently in the background and the Microsoft Entra instant policy is enforced (by Microsoft Entra ID).",
        ),
        other_sources: &[],
        own_choice: Some("the hourly checks are anchored at the sign-in"),
    },
    Rule {
        id: "S3",
        statement: "Disabling, deleting, blocking or revoking takes effect at the first successful policy check at or after the event (reauth-required); a sign-in while disabled, deleted or blocked is refused.",
        source: src(
            &PAGE_CURRENT,
            "For example, if an administrator disables or deletes a user account, blocks the user from signing in, and an administrator or user revokes the refresh token, the Microsoft Entra session policy is enforced.",
        ),
        other_sources: &[],
        own_choice: None,
    },
    Rule {
        id: "S4",
        statement: "During an Entra outage a policy check fails: with 'stay signed in' the session goes on (access-continued), without it the claims expire (reauth-required, policy-check-failed).",
        source: src(
            &PAGE_CURRENT,
            "In the event that there are intermittent Microsoft Entra outages, authenticated users can continue to access the customer engagement apps/Dataverse data if the PCI claims have not expired or the user has opted in the 'Stay signed in' during authentication.",
        ),
        other_sources: &[],
        own_choice: Some(
            "no sign-in succeeds during an outage; a revocation pending during an outage waits for the first successful check",
        ),
    },
    Rule {
        id: "S5",
        statement: "A custom session timeout overrides S1: signed out at sign-in + length regardless of activity, warned at that time − the warning lead.",
        source: src(
            &PAGE_CURRENT,
            "Users can only remain signed in the application for the duration of session. The application signs out the user when the session expires.",
        ),
        other_sources: &[],
        own_choice: None,
    },
    Rule {
        id: "S6",
        statement: "Inactivity is decided by the client: signed out at last activity + inactivity, warned at that time − its lead; only a sign-in and each activity reset it.",
        source: src(
            &PAGE_CURRENT,
            "Inactivity timeout is a client side feature where client is making decision to primitively sign out based on the inactivity.",
        ),
        other_sources: &[],
        own_choice: Some(
            "server requests (access) and opening another environment do not count as activity",
        ),
    },
    Rule {
        id: "S7",
        statement: "Changed settings take effect at the next sign-in; open sessions keep the settings they started with (settings-pending).",
        source: src(
            &PAGE_CURRENT,
            "The updated settings will be effective the next time the user signs in to the application.",
        ),
        other_sources: &[],
        own_choice: None,
    },
    Rule {
        id: "S8",
        statement: "Environments older than 9.1.0.3647 without a custom session timeout sign the user out at sign-in + 24 h regardless of activity (max-session-24h), with the session warning lead.",
        source: src(
            &PAGE_V9,
            "By default, Dynamics 365 (online) sets a user session timeout of 24 hours. A user is not required to log in with their credentials for up to 24 hours regardless of whether the user was active or inactive.",
        ),
        other_sources: &[],
        own_choice: Some(
            "the 24 h default is tied to versions below 9.1.0.3647; those versions have no hourly policy check, so S3 applies at the next sign-in",
        ),
    },
    Rule {
        id: "S9",
        statement: "While S1 governs a session, opening an environment by a manually keyed URL, or a version older than 9.1.0.3647 after a current one, bypasses the Entra policy: the 24 h limit applies again (policy-bypass).",
        source: src(
            &PAGE_CURRENT,
            "The Microsoft Entra session policy is bypassed and the maximum user session duration is reverted back to 24 hours in the following scenarios: … In a browser session, you went to the Power Platform admin center and opened an environment by manually keying in the environment URL (either on the same browser tab or a new browser tab). … In the same browser session, open a version 9.1.0.3647 or higher environment and then open a version earlier 9.1.0.3647.",
        ),
        other_sources: &[],
        own_choice: Some(
            "the 24 h are counted from the original sign-in; policy checks go on; a second bypass changes nothing",
        ),
    },
    Rule {
        id: "S10",
        statement: "Session and inactivity timeouts are not enforced for Dynamics 365 for Outlook, phones and tablets, USD with WPF, Live Assist, canvas apps and portals; USD with Internet Explorer and the Dynamics 365 App for Outlook, a model-driven app, enforce them; web resources enforce inactivity only with ClientGlobalContext.js.aspx.",
        source: src(
            &PAGE_CURRENT,
            "User session timeout is not enforced in the following: … Dynamics 365 for Outlook … Dynamics 365 for phones and Dynamics 365 for tablets … Unified Service Desk client using WPF browser (Internet Explorer is supported) … Live Assist (Chat) … Power Apps canvas apps … To enforce the inactivity session timeout for Web Resources, Web Resources need to include the ClientGlobalContext.js.aspx file in their solution. … The Dynamics 365 portal has its own settings to manage its session timeout and inactivity session timeout independent of these system settings.",
        ),
        other_sources: &[Source {
            page: &PAGE_OUTLOOK_APP,
            quote: "Dynamics 365 App for Outlook is a model-driven app.",
        }],
        own_choice: Some(
            "the documentation does not name the App for Outlook (outlook-app) and Microsoft's answer speaks of the inactivity timeout; sessadm has it enforce both timeouts, as model-driven apps do, while Dynamics 365 for Outlook (outlook), the add-in the documentation names, enforces neither; the same client list applies to every version; web resources always enforce the session timeout; the token lifetime and S3/S4 still apply",
        ),
    },
    Rule {
        id: "S11",
        statement: "After a sign-out or a reauth-required, access needs an interactive sign-in; activity or access meanwhile is denied (access-denied, signed-out).",
        source: src(
            &PAGE_CURRENT,
            "To enforce users to reauthenticate, users are required to sign in with their credentials after they signed out within the application.",
        ),
        other_sources: &[],
        own_choice: None,
    },
    Rule {
        id: "S12",
        statement: "A request whose token belongs to another user than the session's is denied (access-denied, token-user-mismatch); the session goes on.",
        source: src(
            &PAGE_CURRENT,
            "To prevent users from sharing credentials to access customer engagement apps, the user access token is validated to ensure that the user who was given access by the identity provider is the same user who is accessing customer engagement apps.",
        ),
        other_sources: &[],
        own_choice: None,
    },
    Rule {
        id: "S13",
        statement: "A warning carries the reason and end time of the sign-out it announces, and is reported only if the session is still open and that deadline has not moved; of deadlines on one instant the first of session-expired, max-session-24h, inactivity, token-lifetime is reported.",
        source: None,
        other_sources: &[],
        own_choice: Some(
            "the documentation describes a warning only for the session timeout; how warnings and simultaneous deadlines are reported is sessadm's",
        ),
    },
];

/// Look a rule up by id, ignoring case.
pub fn find(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id.eq_ignore_ascii_case(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(session: Option<u32>, inactivity: Option<u32>) -> Settings {
        Settings {
            session_enabled: session.is_some(),
            session_length_min: session.unwrap_or(1440),
            session_warning_min: 20,
            inactivity_enabled: inactivity.is_some(),
            inactivity_min: inactivity,
            inactivity_warning_min: 0,
        }
    }

    fn codes(s: &Settings) -> Vec<Code> {
        check_settings(s).into_iter().map(|v| v.code).collect()
    }

    #[test]
    fn v1_session_length_boundaries() {
        assert!(check_session_length(59).is_some());
        assert!(check_session_length(60).is_none());
        assert!(check_session_length(1440).is_none());
        assert!(check_session_length(1441).is_some());
        assert!(check_session_length(0).is_some());
        let v = check_session_length(30).unwrap();
        assert_eq!(
            v.to_string(),
            "error[V1]: session length 30m is outside 1h–24h"
        );
    }

    #[test]
    fn v2_warning_equal_to_length_is_refused() {
        assert!(check_session_warning(60, 60).is_some());
        assert!(check_session_warning(59, 60).is_none());
        assert!(check_session_warning(0, 60).is_none());
    }

    #[test]
    fn v3_v4_inactivity_boundaries() {
        assert_eq!(codes(&settings(None, Some(4))), vec![Code::V3]);
        assert!(codes(&settings(None, Some(5))).is_empty());
        // V4 with the session timeout on: strictly shorter than the length.
        assert_eq!(codes(&settings(Some(480), Some(480))), vec![Code::V4]);
        assert!(codes(&settings(Some(480), Some(479))).is_empty());
        // V4 with the session timeout off: strictly shorter than 1440.
        assert_eq!(codes(&settings(None, Some(1440))), vec![Code::V4]);
        assert!(codes(&settings(None, Some(1439))).is_empty());
        // Inactivity off: V4 does not apply to the kept value.
        let mut s = settings(Some(60), Some(120));
        s.inactivity_enabled = false;
        assert!(codes(&s).is_empty());
    }

    #[test]
    fn v5_warning_equal_to_inactivity_is_refused() {
        let mut s = settings(None, Some(30));
        s.inactivity_warning_min = 30;
        assert_eq!(codes(&s), vec![Code::V5]);
        s.inactivity_warning_min = 29;
        assert!(codes(&s).is_empty());
    }

    #[test]
    fn every_violation_is_reported() {
        let s = Settings {
            session_enabled: true,
            session_length_min: 30,
            session_warning_min: 40,
            inactivity_enabled: true,
            inactivity_min: Some(3),
            inactivity_warning_min: 3,
        };
        assert_eq!(codes(&s), vec![Code::V1, Code::V2, Code::V3, Code::V5]);
        // V4 beside V1 and V2: a too-short session with a longer inactivity.
        let s = Settings {
            inactivity_min: Some(45),
            inactivity_warning_min: 5,
            ..s
        };
        assert_eq!(codes(&s), vec![Code::V1, Code::V2, Code::V4]);
    }

    #[test]
    fn v6_names() {
        assert!(check_name("contoso-prod").is_none());
        assert!(check_name("O'Brien \"prod\"; DROP TABLE environments;--").is_none());
        assert!(check_name(&"x".repeat(100)).is_none());
        assert!(check_name(&"é".repeat(100)).is_none());
        for bad in ["", " a", "a ", "a\tb", "a\nb", "\u{7f}", "a\u{85}b"] {
            assert_eq!(check_name(bad).map(|v| v.code), Some(Code::V6), "{bad:?}");
        }
        assert!(check_name(&"x".repeat(101)).is_some());
        assert_eq!(name_key("ÄRENDE"), name_key("ärende"));
    }

    #[test]
    fn control_characters_are_named_by_code_point_and_position() {
        assert_eq!(
            check_name("invoice\u{202e}gnp.exe").unwrap().to_string(),
            "error[V6]: environment name \"invoice\\u{202e}gnp.exe\" contains U+202E (a bidi override) at character 8"
        );
        for (bad, point) in [
            ("a\0", "U+0000"),
            ("a\u{1b}", "U+001B"),
            ("a\u{85}", "U+0085"),
            ("a\u{2066}", "U+2066"),
            ("a\u{200b}", "U+200B"),
            ("\u{feff}a", "U+FEFF"),
            ("a\tb", "U+0009"),
        ] {
            let v = check_name(bad).unwrap();
            assert_eq!(v.code, Code::V6, "{bad:?}");
            assert!(v.message.contains(&format!("contains {point} (")), "{v}");
        }
        assert_eq!(
            check_url("https://x.com/\u{2069}").unwrap().to_string(),
            "error[V7]: url \"https://x.com/\\u{2069}\" contains U+2069 (a bidi isolate) at character 15"
        );
        // A URL's forbidden character is named even before its scheme.
        assert!(
            check_url("\u{feff}https://x.com")
                .unwrap()
                .message
                .contains("U+FEFF (a byte-order mark) at character 1")
        );
        assert!(check_description("tab\there").is_none());
        assert_eq!(
            check_description("ok\u{200d}").unwrap().to_string(),
            "error[syntax]: description \"ok\\u{200d}\" contains U+200D (a zero-width character) at character 3"
        );
    }

    #[test]
    fn long_values_give_short_messages() {
        let huge = "a".repeat(10_000_000);
        for v in [
            check_name(&huge),
            check_url(&huge),
            check_version(&huge),
            Some(duplicate_name(&huge, &huge)),
        ] {
            let v = v.unwrap();
            assert!(v.to_string().len() < 300, "{}", v.to_string().len());
            assert!(v.value.unwrap().chars().count() <= 81);
        }
    }

    #[test]
    fn v7_urls() {
        for good in [
            "https://contoso.crm.dynamics.com",
            "HTTPS://contoso.crm4.dynamics.com/",
            "https://contoso.crm.dynamics.com:443/main.aspx?appid=1#x",
            "https://x.example.com/'$(touch pwned)'`id`$IFS\"",
            "https://[::1]:8443/",
            "https://[::1]/",
            "http://127.0.0.1:8080/org1",
            "http://127.1.2.3",
            "http://localhost:3000",
            "HTTP://LOCALHOST/",
            "http://[::1]:9000/x",
        ] {
            assert!(check_url(good).is_none(), "{good}");
        }
        for bad in [
            "http://contoso.crm.dynamics.com",
            "contoso.crm.dynamics.com",
            "https://",
            "https:///path",
            "https://a b.com",
            "https://x.com/\n",
            "ftp://x",
            "https://x.com:abc/",
            "http://128.0.0.1/",
            "http://127.0.0.1.evil.example/",
            "http://localhost.evil.example/",
            "http://evil.example/?127.0.0.1",
            "http://user@evil.example:80/",
            "http://[::2]/",
            "http://[::1/",
        ] {
            assert_eq!(check_url(bad).map(|v| v.code), Some(Code::V7), "{bad}");
        }
    }

    #[test]
    fn v7_url_length_boundary() {
        // 2048 characters in all, counted as characters, not bytes.
        let url = |n: usize| format!("https://x.example.com/{}", "é".repeat(n - 22));
        assert_eq!(url(2048).chars().count(), 2048);
        assert!(check_url(&url(2048)).is_none());
        let too_long = check_url(&url(2049)).map(|v| (v.code, v.message));
        assert!(
            matches!(&too_long, Some((Code::V7, m)) if m.ends_with("is longer than 2048 characters")),
            "{too_long:?}"
        );
    }

    #[test]
    fn v9_token_lifetime_boundaries() {
        assert!(check_token_lifetime(59).is_some());
        assert!(check_token_lifetime(60).is_none());
        assert!(check_token_lifetime(525_600).is_none());
        assert!(check_token_lifetime(525_601).is_some());
    }

    fn fold(s: &str) -> String {
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    fn seed_text(file: &str) -> String {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        fold(&std::fs::read_to_string(dir.join(file)).unwrap())
    }

    fn sources(r: &Rule) -> impl Iterator<Item = &Source> {
        r.source.iter().chain(r.other_sources)
    }

    /// Every quote from a seed page is the page's own words: each fragment
    /// between " … " stands verbatim (white space folded) in its seed file.
    #[test]
    fn quotes_are_verbatim_from_the_seeds() {
        let mut checked = 0;
        for r in RULES {
            for src in sources(r) {
                let Some(file) = src.page.seed else { continue };
                let seed = seed_text(file);
                for fragment in src.quote.split(" … ") {
                    assert!(
                        seed.contains(&fold(fragment)),
                        "{}: {:?} is not in {}",
                        r.id,
                        fragment,
                        file
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked >= 25, "only {checked} fragments checked");
    }

    /// A page is named as it names itself, and can be found again: a seed
    /// page states its title (and, for a versioned page, what it applies
    /// to); a page that is not a seed has its public address.
    #[test]
    fn every_cited_page_can_be_found_again() {
        for r in RULES {
            for src in sources(r) {
                let page = src.page;
                match page.seed {
                    Some(file) => {
                        let seed = seed_text(file);
                        assert!(seed.contains(page.title), "{}: title of {file}", r.id);
                        assert!(seed.contains(page.covers), "{}: covers of {file}", r.id);
                        if let Some(url) = page.url {
                            assert!(seed.contains(url), "{}: {url} is not in {file}", r.id);
                        }
                    }
                    None => assert!(
                        page.url.is_some_and(|u| u.starts_with("https://")),
                        "{}: {} is neither a seed nor has an address",
                        r.id,
                        page.title
                    ),
                }
            }
        }
        // The two versions of the page share a title; what they cover tells
        // them apart.
        assert_eq!(PAGE_CURRENT.title, PAGE_V9.title);
        assert_ne!(PAGE_CURRENT.covers, PAGE_V9.covers);
    }

    #[test]
    fn rule_table_is_complete_and_ordered() {
        let ids: Vec<_> = RULES.iter().map(|r| r.id).collect();
        let mut want: Vec<String> = (1..=9).map(|i| format!("V{i}")).collect();
        want.extend((1..=13).map(|i| format!("S{i}")));
        assert_eq!(ids, want);
        for r in RULES {
            assert!(
                r.source.is_some() || r.own_choice.is_some(),
                "{} has neither a source nor an own choice",
                r.id
            );
        }
        assert_eq!(find("s9").map(|r| r.id), Some("S9"));
        assert!(find("S14").is_none());
    }
}
