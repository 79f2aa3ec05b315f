//! What goes into the engine: input events and the environments they name
//! (SPEC §6.1), already parsed and validated.

use super::time::Time;
use crate::error::{Code, Violation};
use crate::model::Settings;
use crate::text::{cut, shown};

/// Index of a user in the engine's table of names.
pub type UserId = u32;

/// The clients of SPEC §6.1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Client {
    Web,
    Outlook,
    /// S10: the Dynamics 365 App for Outlook, a model-driven app (not the
    /// Dynamics 365 for Outlook add-in the documentation names).
    OutlookApp,
    Mobile,
    UsdWpf,
    UsdIe,
    LiveAssist,
    CanvasApp,
    WebResource,
    Portal,
}

impl Client {
    pub const ALL: [Client; 10] = [
        Client::Web,
        Client::Outlook,
        Client::OutlookApp,
        Client::Mobile,
        Client::UsdWpf,
        Client::UsdIe,
        Client::LiveAssist,
        Client::CanvasApp,
        Client::WebResource,
        Client::Portal,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Client::Web => "web",
            Client::Outlook => "outlook",
            Client::OutlookApp => "outlook-app",
            Client::Mobile => "mobile",
            Client::UsdWpf => "usd-wpf",
            Client::UsdIe => "usd-ie",
            Client::LiveAssist => "live-assist",
            Client::CanvasApp => "canvas-app",
            Client::WebResource => "web-resource",
            Client::Portal => "portal",
        }
    }

    pub fn parse(s: &str) -> Option<Client> {
        Client::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// The error for a name [`Client::parse`] refuses; the caller says where.
    pub fn unknown(name: &str) -> Violation {
        let names = Client::ALL.map(Client::as_str);
        with_hint(
            Violation::new(Code::Unknown, format!("unknown client {}", shown(name)))
                .value(cut(name))
                .allowed(names.join(", ")),
            name,
            &names,
        )
    }

    /// S10: whether the session timeouts (S5, S8, S9) are enforced.
    pub fn enforces_session(self) -> bool {
        matches!(
            self,
            Client::Web | Client::OutlookApp | Client::UsdIe | Client::WebResource
        )
    }

    /// S10: whether the inactivity timeout (S6) is enforced; web resources
    /// only when they include ClientGlobalContext.js.aspx.
    pub fn enforces_inactivity(self, global_context: bool) -> bool {
        match self {
            Client::Web | Client::OutlookApp | Client::UsdIe => true,
            Client::WebResource => global_context,
            _ => false,
        }
    }

    /// How the documentation names the client, for messages.
    pub fn described(self) -> &'static str {
        match self {
            Client::Web => "the web client",
            Client::Outlook => "Dynamics 365 for Outlook",
            Client::OutlookApp => "the Dynamics 365 App for Outlook",
            Client::Mobile => "Dynamics 365 for phones and tablets",
            Client::UsdWpf => "Unified Service Desk with the WPF browser",
            Client::UsdIe => "Unified Service Desk with Internet Explorer",
            Client::LiveAssist => "Live Assist (Chat)",
            Client::CanvasApp => "a Power Apps canvas app",
            Client::WebResource => "a web resource",
            Client::Portal => "the portal (it has its own settings)",
        }
    }
}

/// How another environment was opened in the same browser session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    Link,
    ManualUrl,
}

impl Via {
    pub const ALL: [Via; 2] = [Via::Link, Via::ManualUrl];

    pub fn as_str(self) -> &'static str {
        match self {
            Via::Link => "link",
            Via::ManualUrl => "manual-url",
        }
    }

    pub fn parse(s: &str) -> Option<Via> {
        Via::ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// The error for a name [`Via::parse`] refuses; the caller says where.
    pub fn unknown(name: &str) -> Violation {
        let names = Via::ALL.map(Via::as_str);
        with_hint(
            Violation::new(Code::Unknown, format!("unknown via {}", shown(name)))
                .value(cut(name))
                .allowed(names.join(", ")),
            name,
            &names,
        )
    }
}

/// An account action in Microsoft Entra ID.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Account {
    Disabled,
    Deleted,
    SignInBlocked,
    RefreshTokenRevoked,
    Enabled,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    SignIn {
        client: Client,
        stay_signed_in: bool,
        global_context: bool,
    },
    Activity,
    /// A server request whose token belongs to `as_user` (the event's user
    /// when absent).
    Access {
        as_user: Option<UserId>,
    },
    /// Open another environment; `legacy` is whether it is older than
    /// 9.1.0.3647.
    OpenEnv {
        legacy: bool,
        via: Via,
    },
    SignOut,
    /// A change of the main environment's settings (S7): the whole new set,
    /// validated against V1–V5 when the scenario was read.
    Settings(Settings),
    Account(Account),
    OutageStart,
    OutageEnd,
    End,
}

/// One input event. `user` is meaningless for outages and `end`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub at: Time,
    pub user: UserId,
    pub kind: Kind,
}

impl Kind {
    /// Whether the event is a user's own: outages, settings changes and
    /// `end` belong to no user (their `user` means nothing).
    pub fn is_users(&self) -> bool {
        !matches!(
            self,
            Kind::OutageStart | Kind::OutageEnd | Kind::Settings(_) | Kind::End
        )
    }

    /// The kinds that need no fields, by name; `None` for the others
    /// (sign-in, access, open-env, settings) and for unknown names.
    pub fn simple(name: &str) -> Option<Kind> {
        Some(match name {
            "activity" => Kind::Activity,
            "sign-out" => Kind::SignOut,
            "account-disabled" => Kind::Account(Account::Disabled),
            "account-deleted" => Kind::Account(Account::Deleted),
            "sign-in-blocked" => Kind::Account(Account::SignInBlocked),
            "refresh-token-revoked" => Kind::Account(Account::RefreshTokenRevoked),
            "account-enabled" => Kind::Account(Account::Enabled),
            "outage-start" => Kind::OutageStart,
            "outage-end" => Kind::OutageEnd,
            "end" => Kind::End,
            _ => return None,
        })
    }

    /// The error for a name not in [`KINDS`]; the caller says where.
    pub fn unknown(name: &str) -> Violation {
        with_hint(
            Violation::new(Code::Unknown, format!("unknown event kind {}", shown(name)))
                .value(cut(name))
                .allowed(KINDS.join(", ")),
            name,
            KINDS,
        )
    }
}

/// `v` with "did you mean" the nearest of `valid` to `name`, if any is close.
fn with_hint(v: Violation, name: &str, valid: &[&str]) -> Violation {
    match crate::suggest::did_you_mean(name, valid.iter().copied()) {
        Some(hint) => v.hint(hint),
        None => v,
    }
}

/// The input kinds by name (SPEC §6.1).
pub const KINDS: &[&str] = &[
    "sign-in",
    "activity",
    "access",
    "open-env",
    "sign-out",
    "settings",
    "account-disabled",
    "account-deleted",
    "sign-in-blocked",
    "refresh-token-revoked",
    "account-enabled",
    "outage-start",
    "outage-end",
    "end",
];

/// A fast hash for short keys read from the user's own files (the Fx hash
/// of rustc): a million lookups of e-mail addresses must not cost more than
/// reading them.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes(c.try_into().unwrap_or_default());
            self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }

    fn finish(&self) -> u64 {
        // The multiply only carries upwards: fold the high bits down so the
        // low bits hashbrown indexes with depend on every byte.
        let x = self.0;
        (x ^ (x >> 29)).wrapping_mul(0xbf58_476d_1ce4_e5b9) ^ (x >> 32)
    }
}

/// User names and their ids, in the order first seen.
///
/// An open-addressing table over one arena of entries: a slot holds part
/// of the name's hash and where its entry starts, and the entry holds the
/// id, the length and the name together. A lookup touches the table and
/// (on a likely match) one entry, which matters when every row of a
/// million-row CSV is looked up.
#[derive(Debug, Clone)]
pub struct Users {
    /// Entries: the id and the name's length (each u32, little-endian),
    /// then the name.
    arena: Vec<u8>,
    /// Where each id's entry starts in `arena`.
    starts: Vec<usize>,
    /// Each id's hash, to grow the table.
    hashes: Vec<u64>,
    /// Slots hold (the top 24 bits of the hash) | (entry start + 1), or 0
    /// when empty, so most misses are settled without leaving the table;
    /// the length is a power of two.
    table: Vec<u64>,
}

/// The bits of a slot that say where its entry starts.
const PLACE: u64 = (1 << 40) - 1;
const HEAD: usize = 8;

impl Default for Users {
    fn default() -> Self {
        Users {
            arena: Vec::new(),
            starts: Vec::new(),
            hashes: Vec::new(),
            table: vec![0; 64],
        }
    }
}

/// Byte equality for short keys, eight bytes at a time, inline: cheaper
/// than a call to `memcmp` for names of a few dozen bytes.
fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let (ca, cb) = (a.chunks_exact(8), b.chunks_exact(8));
    let (ra, rb) = (ca.remainder(), cb.remainder());
    ca.zip(cb).all(|(x, y)| {
        u64::from_ne_bytes(x.try_into().unwrap_or_default())
            == u64::from_ne_bytes(y.try_into().unwrap_or_default())
    }) && ra.iter().zip(rb).all(|(x, y)| x == y)
}

impl Users {
    fn hash(name: &str) -> u64 {
        use std::hash::Hasher;
        let mut h = FxHasher::default();
        h.write(name.as_bytes());
        h.finish()
    }

    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// The id and name of the entry at `at`.
    fn entry(&self, at: usize) -> (UserId, &[u8]) {
        let word = |i: usize| {
            self.arena
                .get(i..i + 4)
                .and_then(|b| b.try_into().ok())
                .map_or(0, u32::from_le_bytes)
        };
        let len = word(at + 4) as usize;
        let name = self
            .arena
            .get(at + HEAD..at + HEAD + len)
            .unwrap_or_default();
        (word(at), name)
    }

    pub fn name(&self, id: UserId) -> &str {
        let at = self.starts.get(id as usize).copied().unwrap_or(usize::MAX);
        // Entries are copied from `&str`s.
        std::str::from_utf8(self.entry(at).1).unwrap_or_default()
    }

    pub fn id(&mut self, name: &str) -> UserId {
        let h = Self::hash(name);
        let tag = h & !PLACE;
        let mask = self.table.len() - 1;
        let mut i = h as usize & mask;
        loop {
            match self.table[i] {
                0 => break,
                slot => {
                    if slot & !PLACE == tag {
                        let (id, stored) = self.entry((slot & PLACE) as usize - 1);
                        if same(stored, name.as_bytes()) {
                            return id;
                        }
                    }
                    i = (i + 1) & mask;
                }
            }
        }
        let id = self.starts.len() as UserId;
        let at = self.arena.len();
        self.arena.extend_from_slice(&id.to_le_bytes());
        self.arena
            .extend_from_slice(&(name.len() as u32).to_le_bytes());
        self.arena.extend_from_slice(name.as_bytes());
        self.starts.push(at);
        self.hashes.push(h);
        self.table[i] = tag | (at as u64 + 1);
        if self.starts.len() * 2 > self.table.len() {
            self.grow();
        }
        id
    }

    fn grow(&mut self) {
        let size = self.table.len() * 2;
        let mut table = vec![0u64; size];
        for (&h, &at) in self.hashes.iter().zip(&self.starts) {
            let mut i = h as usize & (size - 1);
            while table[i] != 0 {
                i = (i + 1) & (size - 1);
            }
            table[i] = (h & !PLACE) | (at as u64 + 1);
        }
        self.table = table;
    }

    pub fn into_names(self) -> Vec<String> {
        (0..self.starts.len() as UserId)
            .map(|id| self.name(id).to_string())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_names_suggest_the_nearest_and_keep_what_is_allowed() {
        let v = Kind::unknown("actvity");
        assert_eq!(
            v.to_string(),
            "error[unknown]: unknown event kind \"actvity\" — did you mean activity?"
        );
        assert_eq!(v.hint.as_deref(), Some("did you mean activity?"));
        assert_eq!(v.allowed.as_deref(), Some(KINDS.join(", ").as_str()));
        assert_eq!(
            Client::unknown("usd_wpf").to_string(),
            "error[unknown]: unknown client \"usd_wpf\" — did you mean usd-wpf?"
        );
        assert_eq!(
            Client::unknown("usd").to_string(),
            "error[unknown]: unknown client \"usd\""
        );
        assert_eq!(
            Via::unknown("Link").to_string(),
            "error[unknown]: unknown via \"Link\" — did you mean link?"
        );
        assert_eq!(Kind::unknown("teleport").hint, None);
    }

    #[test]
    fn via_names_read_back() {
        for v in Via::ALL {
            assert_eq!(Via::parse(v.as_str()), Some(v));
        }
        assert_eq!(Via::parse("Link"), None);
        assert_eq!(Via::parse(""), None);
        assert_eq!(
            Via::unknown("url").to_string(),
            "error[unknown]: unknown via \"url\""
        );
        assert_eq!(
            Via::unknown("url").allowed.as_deref(),
            Some("link, manual-url")
        );
    }

    #[test]
    fn users_keep_their_ids_as_the_table_grows() {
        let mut u = Users::default();
        let names: Vec<String> = (0..5000).map(|i| format!("user{i}@contoso.com")).collect();
        for (i, n) in names.iter().enumerate() {
            assert_eq!(u.id(n), i as UserId);
        }
        for (i, n) in names.iter().enumerate().rev() {
            assert_eq!(u.id(n), i as UserId);
            assert_eq!(u.name(i as UserId), n);
        }
        assert_eq!(u.id(""), 5000);
        assert_eq!(u.len(), 5001);
        assert_eq!(u.into_names()[4999], names[4999]);
    }
}
