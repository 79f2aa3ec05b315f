//! The data model of SPEC §2: environments, their Privacy + Security
//! settings, the tenant settings and product versions.
//!
//! Plain values only; validation lives in `rules`, storage in `store`.

use std::cmp::Ordering;
use std::fmt;

use serde::Serialize;

/// Default session length and warning of the Privacy + Security page.
pub const DEFAULT_SESSION_LENGTH_MIN: u32 = 1440;
pub const DEFAULT_SESSION_WARNING_MIN: u32 = 20;
/// Default Microsoft Entra refresh token expiration: 90 days.
pub const DEFAULT_TOKEN_LIFETIME_MIN: u32 = 90 * 1440;
/// The documented hourly token refresh (S2); not settable.
pub const POLICY_CHECK_INTERVAL_MIN: u32 = 60;

/// The six session columns of one environment. When a timeout is off its
/// values are kept, so it can be turned back on, and not enforced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    pub session_enabled: bool,
    pub session_length_min: u32,
    pub session_warning_min: u32,
    pub inactivity_enabled: bool,
    /// Absent until an inactivity timeout was first set.
    pub inactivity_min: Option<u32>,
    pub inactivity_warning_min: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            session_enabled: false,
            session_length_min: DEFAULT_SESSION_LENGTH_MIN,
            session_warning_min: DEFAULT_SESSION_WARNING_MIN,
            inactivity_enabled: false,
            inactivity_min: None,
            inactivity_warning_min: 0,
        }
    }
}

impl Settings {
    /// The enforced inactivity timeout, if any.
    pub fn active_inactivity(&self) -> Option<u32> {
        if self.inactivity_enabled {
            self.inactivity_min
        } else {
            None
        }
    }

    /// The enforced custom session length, if any.
    pub fn active_session(&self) -> Option<u32> {
        self.session_enabled.then_some(self.session_length_min)
    }
}

/// A product version: 1–4 dot-separated numbers, compared part by part with
/// missing parts as 0 (V8).
#[derive(Debug, Clone)]
pub struct Version {
    parts: [u64; 4],
    text: String,
}

/// The first version that honours the Entra session policy (S1, S8, S9).
pub const POLICY_VERSION: [u64; 4] = [9, 1, 0, 3647];

impl Version {
    /// Parse the V8 form; `None` when it is not 1–4 decimal numbers.
    pub fn parse(text: &str) -> Option<Version> {
        let mut parts = [0u64; 4];
        for (n, piece) in text.split('.').enumerate() {
            if n == 4 || piece.is_empty() || !piece.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            parts[n] = piece.parse().ok()?;
        }
        Some(Version {
            parts,
            text: text.to_string(),
        })
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Below 9.1.0.3647: the 24-hour session of v9.0 and no Entra policy.
    pub fn is_legacy(&self) -> bool {
        self.parts < POLICY_VERSION
    }
}

impl PartialEq for Version {
    fn eq(&self, other: &Self) -> bool {
        self.parts == other.parts
    }
}

impl Eq for Version {}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        self.parts.cmp(&other.parts)
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Whether an environment of this version (absent = current) is older than
/// 9.1.0.3647.
pub fn is_legacy_version(version: Option<&str>) -> bool {
    version
        .and_then(Version::parse)
        .is_some_and(|v| v.is_legacy())
}

/// One environment as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Environment {
    pub id: i64,
    pub name: String,
    pub url: Option<String>,
    pub version: Option<String>,
    pub description: Option<String>,
    pub settings: Settings,
    pub created_at: String,
    pub updated_at: String,
}

impl Environment {
    /// The fields history and plans compare, as people read them: field
    /// names are the policy-file keys, durations canonical, switches on/off.
    pub fn fields(&self) -> [(&'static str, Option<String>); 10] {
        let s = &self.settings;
        let on = |b: bool| Some(if b { "on" } else { "off" }.to_string());
        let dur = |m: u32| Some(crate::duration::format_min(m));
        [
            ("name", Some(self.name.clone())),
            ("url", self.url.clone()),
            ("version", self.version.clone()),
            ("description", self.description.clone()),
            ("session_timeout", on(s.session_enabled)),
            ("session_length", dur(s.session_length_min)),
            ("session_warning", dur(s.session_warning_min)),
            ("inactivity_timeout", on(s.inactivity_enabled)),
            ("inactivity", s.inactivity_min.and_then(dur)),
            ("inactivity_warning", dur(s.inactivity_warning_min)),
        ]
    }

    /// The fields that differ from `self` (old) to `other` (new), in the
    /// order of [`fields`](Self::fields): what history records and plans show.
    pub fn changes(&self, other: &Environment) -> Vec<FieldChange> {
        self.fields()
            .into_iter()
            .zip(other.fields())
            .filter(|(a, b)| a.1 != b.1)
            .map(|((field, old), (_, new))| FieldChange { field, old, new })
            .collect()
    }
}

/// One field's old and new value, as [`Environment::fields`] shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    pub field: &'static str,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// The identity-provider settings: one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tenant {
    pub token_lifetime_min: u32,
}

impl Default for Tenant {
    fn default() -> Self {
        Tenant {
            token_lifetime_min: DEFAULT_TOKEN_LIFETIME_MIN,
        }
    }
}

/// `env show` JSON (SPEC §4).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct EnvironmentView {
    pub name: String,
    pub url: Option<String>,
    pub version: Option<String>,
    pub description: Option<String>,
    pub session_timeout: SessionTimeoutView,
    pub inactivity_timeout: InactivityTimeoutView,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct SessionTimeoutView {
    pub enabled: bool,
    pub length_min: u32,
    pub warning_min: u32,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct InactivityTimeoutView {
    pub enabled: bool,
    pub after_min: Option<u32>,
    pub warning_min: u32,
}

impl EnvironmentView {
    pub fn new(
        name: &str,
        url: Option<&str>,
        version: Option<&str>,
        description: Option<&str>,
        s: &Settings,
    ) -> Self {
        EnvironmentView {
            name: name.to_string(),
            url: url.map(str::to_string),
            version: version.map(str::to_string),
            description: description.map(str::to_string),
            session_timeout: SessionTimeoutView {
                enabled: s.session_enabled,
                length_min: s.session_length_min,
                warning_min: s.session_warning_min,
            },
            inactivity_timeout: InactivityTimeoutView {
                enabled: s.inactivity_enabled,
                after_min: s.inactivity_min,
                warning_min: s.inactivity_warning_min,
            },
            created_at: None,
            updated_at: None,
        }
    }
}

impl From<&Environment> for EnvironmentView {
    fn from(e: &Environment) -> Self {
        let mut v = EnvironmentView::new(
            &e.name,
            e.url.as_deref(),
            e.version.as_deref(),
            e.description.as_deref(),
            &e.settings,
        );
        v.created_at = Some(e.created_at.clone());
        v.updated_at = Some(e.updated_at.clone());
        v
    }
}

/// `tenant show` JSON (SPEC §4).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TenantView {
    pub token_lifetime_min: u32,
    pub policy_check_interval_min: u32,
}

impl From<&Tenant> for TenantView {
    fn from(t: &Tenant) -> Self {
        TenantView {
            token_lifetime_min: t.token_lifetime_min,
            policy_check_interval_min: POLICY_CHECK_INTERVAL_MIN,
        }
    }
}

/// One `env history` row (SPEC §4).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct HistoryEntry {
    pub at: String,
    pub actor: String,
    pub environment: Option<String>,
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_compare_part_by_part_with_missing_parts_zero() {
        let v = |s| Version::parse(s).unwrap();
        assert!(v("9.1") < v("9.1.0.3647"));
        assert_eq!(v("9.1.0.0"), v("9.1"));
        assert!(v("9.1.0.3646").is_legacy());
        assert!(!v("9.1.0.3647").is_legacy());
        assert!(!v("9.2").is_legacy());
        assert!(v("9.0.2.3034").is_legacy());
        assert!(v("10") > v("9.99.99.99"));
        assert!(!is_legacy_version(None));
    }

    #[test]
    fn version_form_is_one_to_four_numbers() {
        for bad in [
            "",
            "9.",
            ".9",
            "9..1",
            "9.1.0.3647.1",
            "v9",
            "9.x",
            " 9",
            "9,1",
            "-1",
        ] {
            assert!(Version::parse(bad).is_none(), "{bad:?}");
        }
        assert!(Version::parse("99999999999999999999999").is_none());
        for good in ["9", "9.2", "9.2.24034", "9.2.24034.205", "0"] {
            assert!(Version::parse(good).is_some(), "{good:?}");
        }
    }
}
